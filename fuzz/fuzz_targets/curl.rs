#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = authlint::source::SourceFile::from_bytes("f", data) else { return };
    let _ = authlint::input::curl::parse(&src);
});
