#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Ok(t) = authlint::input::expr::template(&s) {
        for e in t.exprs() {
            let _ = e.call_name();
        }
    }
});
