#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = authlint::source::SourceFile::from_bytes("f", data) else { return };
    let Ok(doc) = authlint::input::definition::read(src, None) else { return };
    for flow in &doc.flows {
        let _ = authlint::input::definition::actions(&flow.definition, &flow.pointer);
    }
});
