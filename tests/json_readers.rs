//! The fast JSON reader gives the same model as the reference reader (same values, same spans, same
//! escape maps) on every JSON file of the project's fixtures and samples and of the corpus, zip entries
//! included; and it hands every document it does not read plainly to the reference reader.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use authlint::input::json;
use authlint::source::SourceFile;

/// Every file under `dir`, depth first.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The JSON documents of a file: itself, or a zip's `.json` entries.
fn documents(path: &Path) -> Vec<(String, Vec<u8>)> {
    let name = path.display().to_string();
    let Ok(bytes) = std::fs::read(path) else { return Vec::new() };
    if name.ends_with(".zip") {
        let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Vec::new() };
        let mut out = Vec::new();
        for i in 0..zip.len() {
            let Ok(mut entry) = zip.by_index(i) else { continue };
            let Ok(entry_name) = entry.name().map(|n| n.to_string()) else { continue };
            if !entry_name.ends_with(".json") {
                continue;
            }
            let mut buf = Vec::new();
            if entry.read_to_end(&mut buf).is_ok() {
                out.push((format!("{name}!/{entry_name}"), buf));
            }
        }
        return out;
    }
    if name.ends_with(".json") { vec![(name, bytes)] } else { Vec::new() }
}

/// Compares the readers on one document; returns whether the fast reader read it.
fn same(name: &str, bytes: &[u8]) -> bool {
    let Ok(src) = SourceFile::from_bytes(name, bytes) else { return false };
    let reference = json::reference(&src);
    match json::fast(&src.text) {
        Some(fast) => {
            let reference =
                reference.unwrap_or_else(|e| panic!("{name}: the fast reader read what the reference refuses: {e}"));
            assert!(fast == reference, "{name}: the readers give different models");
            true
        }
        None => {
            // Refused by the fast reader: `parse` must then give exactly the reference's answer.
            let parsed = json::parse(&src);
            assert_eq!(parsed.map_err(|e| e.to_string()), reference.map_err(|e| e.to_string()), "{name}");
            false
        }
    }
}

fn check_tree(root: &Path) -> (usize, usize) {
    let mut paths = Vec::new();
    files(root, &mut paths);
    let (mut read, mut total) = (0, 0);
    for p in &paths {
        for (name, bytes) in documents(p) {
            total += 1;
            read += usize::from(same(&name, &bytes));
        }
    }
    (read, total)
}

#[test]
fn the_readers_agree_on_every_fixture_and_sample() {
    let (mut read, mut total) = (0, 0);
    for dir in ["tests", "samples"] {
        let (r, t) = check_tree(Path::new(dir));
        read += r;
        total += t;
    }
    assert!(total > 100, "only {total} JSON documents found");
    // Most fixtures are valid JSON; the invalid ones (tests/hostile) go to the reference reader.
    assert!(read * 10 > total * 8, "the fast reader read only {read} of {total}");
}

#[test]
fn the_readers_agree_on_the_corpus() {
    let dir = std::env::var_os("AUTHLINT_CORPUS").map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    if !dir.is_dir() {
        let msg = format!("corpus reader test skipped: no corpus at {} (set AUTHLINT_CORPUS)\n", dir.display());
        let _ = std::io::stderr().write_all(msg.as_bytes());
        return;
    }
    let (read, total) = check_tree(&dir);
    assert!(total > 20, "only {total} corpus JSON documents found");
    assert!(read > 0);
}

#[test]
fn escapes_keep_their_places() {
    let text = r#"{"k\u0041y": ["x\"B\u00e9\ud83d\ude00\\y", 1.5e3, -0, true, null, {}]}"#;
    let fast = json::fast(text).expect("valid JSON");
    assert_eq!(fast, json::reference(&SourceFile::from_text("t.json", text)).unwrap());
    let key = &fast.members()[0].key;
    assert_eq!(key.value, "kAy");
    assert_eq!(&text[key.span_of(1..2).range()], "\\u0041");
}

#[test]
fn what_the_fast_reader_refuses_goes_to_the_reference_reader() {
    for bad in [
        "",
        "{'a': 1}",
        "{\"a\": 1,}",
        "[1,]",
        "{a: 1}",
        "// c\n{}",
        "{\"a\": 0x1}",
        "{\"a\": 01}",
        "{\"a\": 1.}",
        "{\"a\": NaN}",
        "{\"a\": \"x\ny\"}",
        // A raw control character after an escape, and in a key.
        "{\"a\": \"\\n\tx\"}",
        "{\"a\tb\": 1}",
        "{\"a\" 1}",
        "{} {}",
        "\"\\ud800\"",
        "{\"a\": \"\\q\"}",
    ] {
        assert!(json::fast(bad).is_none(), "{bad:?} was read by the fast reader");
        let src = SourceFile::from_text("t.json", bad);
        assert_eq!(json::parse(&src).map_err(|e| e.to_string()), json::reference(&src).map_err(|e| e.to_string()));
    }
    let deep = format!("{}{}", "[".repeat(json::FAST_DEPTH + 1), "]".repeat(json::FAST_DEPTH + 1));
    assert!(json::fast(&deep).is_none());
    let within = format!("{}{}", "[".repeat(json::FAST_DEPTH), "]".repeat(json::FAST_DEPTH));
    assert!(json::fast(&within).is_some());
}
