#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = authlint::source::SourceFile::from_bytes("f", data) else { return };
    let Ok(json) = authlint::input::json::parse(&src) else { return };
    let _ = authlint::input::raw::read(&src, &json);
});
