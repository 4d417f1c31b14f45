#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = authlint::source::SourceFile::from_bytes("f", data) {
        // Exercise the line index too: every offset must map to a line/column.
        let lc = src.line_col(src.text.len());
        let _ = src.line_text(lc.line);
    }
});
