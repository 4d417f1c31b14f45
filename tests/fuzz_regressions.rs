//! Every kept fuzz reproducer (tests/fuzz/<target>/) and every seed (fuzz/corpus/<target>/) runs through
//! the entry point of its fuzz target (`authlint::fuzzing`, which the targets call too), without a
//! panic and in bounded time. With AUTHLINT_FUZZ_CORPUS=1 the inputs libFuzzer generated
//! (fuzz/corpus-gen/, not kept in git) are replayed as well.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use authlint::fuzzing::{TARGETS, run};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "md"))
        .collect();
    v.sort();
    v
}

fn replay(root: &str) -> (usize, Vec<String>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for target in TARGETS {
        for f in files(&Path::new(root).join(target)) {
            let data = std::fs::read(&f).unwrap();
            let start = Instant::now();
            if std::panic::catch_unwind(|| run(target, &data)).is_err() {
                failures.push(format!("{target}: {} panics", f.display()));
            }
            if start.elapsed() > Duration::from_secs(10) {
                failures.push(format!("{target}: {} took {:?}", f.display(), start.elapsed()));
            }
            count += 1;
        }
    }
    (count, failures)
}

#[test]
fn seeds_and_kept_reproducers_run_clean() {
    let (seeds, mut failures) = replay("fuzz/corpus");
    assert!(seeds >= 50, "the seed corpora are read ({seeds} files)");
    let (kept, more) = replay("tests/fuzz");
    failures.extend(more);
    eprintln!("replayed {seeds} seeds and {kept} kept reproducers");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn generated_corpora_run_clean_when_asked() {
    if std::env::var_os("AUTHLINT_FUZZ_CORPUS").is_none() {
        eprintln!("skipped: set AUTHLINT_FUZZ_CORPUS=1 to replay fuzz/corpus-gen (made by fuzz/run.sh)");
        return;
    }
    let (n, failures) = replay("fuzz/corpus-gen");
    eprintln!("replayed {n} generated inputs");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_fuzz_target_has_an_entry_point_and_seeds() {
    for target in TARGETS {
        let src = std::fs::read_to_string(format!("fuzz/fuzz_targets/{target}.rs")).unwrap();
        assert!(src.contains(&format!("authlint::fuzzing::{target}(")), "{target}: the target calls its entry point");
        assert!(!files(&Path::new("fuzz/corpus").join(target)).is_empty(), "{target}: no seeds");
    }
}
