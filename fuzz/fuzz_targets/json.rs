#![no_main]

// The body lives in the library (authlint::fuzzing), where tests/fuzz_regressions.rs replays it.
libfuzzer_sys::fuzz_target!(|data: &[u8]| authlint::fuzzing::json(data));
