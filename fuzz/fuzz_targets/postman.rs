#![no_main]

use authlint::input::postman::{Collection, Variables, environment_from};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = authlint::source::SourceFile::from_bytes("f", data) else { return };
    // The same bytes as an environment, then as a collection resolved with that environment.
    let env = environment_from(&src).unwrap_or_default();
    let Ok(collection) = Collection::from_source(src) else { return };
    let overrides = Variables::default();
    for entry in collection.entries() {
        let _ = collection.resolve(&entry, &env, &overrides);
    }
});
