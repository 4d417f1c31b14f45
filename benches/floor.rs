//! The floor for `authlint lint`: read every `.json` file and every `.json` entry of every `.zip`
//! under a folder and parse it with serde_json into nothing, on one thread.
//!
//! `cargo run --release --example floor -- DIR` prints `files=<n> bytes=<b> seconds=<s> MB/s=<x>`,
//! where files counts JSON documents (loose files and zip entries) and bytes their (inflated) size.
//! A document that does not parse counts all the same.
//!
//! `--parse value` builds serde_json's `Value` instead (the cost of any tree of the document), and
//! `--parse model` runs authlint's own reader (`input::json::parse`: the spanned model every rule
//! reads, with its strictness and escape maps): reference points between the floor and `lint`, on the
//! same one thread, that say how much of lint's time is reading and how much is analysis.

use std::io::Read;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The allocator authlint's binary runs with, so that `--parse value` and `--parse model` allocate as
/// `lint` does (the floor itself allocates only its buffers).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Clone, Copy, Default, PartialEq)]
enum Parse {
    /// serde_json into `IgnoredAny`: the floor.
    #[default]
    Ignored,
    /// serde_json into `Value`.
    Value,
    /// authlint's reader into its spanned model.
    Model,
}

#[derive(Default)]
struct Count {
    parse: Parse,
    files: u64,
    bytes: u64,
    failed: u64,
}

impl Count {
    fn parse(&mut self, data: &[u8]) {
        self.files += 1;
        self.bytes += data.len() as u64;
        let ok = match self.parse {
            Parse::Ignored => serde_json::from_slice::<serde::de::IgnoredAny>(data).is_ok(),
            Parse::Value => serde_json::from_slice::<serde_json::Value>(data).is_ok(),
            Parse::Model => authlint::source::SourceFile::from_bytes("doc.json", data)
                .and_then(|src| authlint::input::json::parse(&src))
                .is_ok(),
        };
        if !ok {
            self.failed += 1;
        }
    }
}

/// Every file under `dir`, in a stable order.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let ty = e.file_type()?;
        if ty.is_dir() {
            walk(&e.path(), out)?;
        } else if ty.is_file() {
            out.push(e.path());
        }
    }
    Ok(())
}

fn has_ext(name: &str, ext: &str) -> bool {
    name.len() > ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
}

fn zip_entries(path: &Path, bytes: &[u8], count: &mut Count) {
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return eprintln!("floor: {}: {e}", path.display()),
    };
    let mut data = Vec::new();
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("floor: {}: entry {i}: {e}", path.display());
                continue;
            }
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.is_dir() || !has_ext(&name, ".json") {
            continue;
        }
        data.clear();
        if let Err(e) = entry.read_to_end(&mut data) {
            eprintln!("floor: {}!/{name}: {e}", path.display());
            continue;
        }
        count.parse(&data);
    }
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut parse = Parse::Ignored;
    if args.first().is_some_and(|a| a == "--parse") && args.len() >= 2 {
        parse = match args[1].as_str() {
            "ignored" => Parse::Ignored,
            "value" => Parse::Value,
            "model" => Parse::Model,
            other => {
                eprintln!("floor: --parse {other}: expected ignored, value or model");
                return ExitCode::from(2);
            }
        };
        args.drain(..2);
    }
    let [dir] = args.as_slice() else {
        eprintln!("usage: floor [--parse ignored|value|model] DIR");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let mut files = Vec::new();
    if let Err(e) = walk(Path::new(&dir), &mut files) {
        eprintln!("floor: {dir}: {e}");
        return ExitCode::FAILURE;
    }
    let mut count = Count { parse, ..Count::default() };
    for path in &files {
        let name = path.to_string_lossy();
        let (json, zip) = (has_ext(&name, ".json"), has_ext(&name, ".zip"));
        if !json && !zip {
            continue;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("floor: {name}: {e}");
                continue;
            }
        };
        if zip {
            zip_entries(path, &bytes, &mut count);
        } else {
            count.parse(&bytes);
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let mbs = count.bytes as f64 / 1e6 / seconds.max(1e-9);
    println!("files={} bytes={} seconds={seconds:.3} MB/s={mbs:.1}", count.files, count.bytes);
    if count.failed > 0 {
        eprintln!("floor: {} documents did not parse", count.failed);
    }
    ExitCode::SUCCESS
}
