#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One temp file per fuzzing process (libFuzzer runs inputs one after another in a process).
fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| std::env::temp_dir().join(format!("authlint-fuzz-zip-{}.zip", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let p = path();
    if std::fs::write(p, data).is_err() {
        return;
    }
    let found = authlint::input::definition::read_one(p, true);
    for doc in &found.documents {
        for flow in &doc.flows {
            let _ = authlint::input::definition::actions(&flow.definition, &flow.pointer);
        }
    }
});
