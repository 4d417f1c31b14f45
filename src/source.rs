//! Bytes from a file or standard input → text with a name ([`SourceFile`], in `text.rs` with
//! spans and line/column, below the errors this returns).
//!
//! This is the only place that decodes input bytes; `text.rs` the only place that turns byte
//! offsets into 1-based lines and (code point) columns.

use std::io::Read;

use crate::error::Error;

pub use crate::text::{Encoding, LineCol, SourceFile, Span};

thread_local! {
    /// Texts pasted into the page of `authlint serve`, by the name the library reads them under.
    static PASTED: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with `texts` readable by [`SourceFile::read`] under their names on this thread (the texts
/// pasted into `authlint serve`: the library reads them as it would read files, and nothing touches
/// the disk for them).
pub fn with_pasted<T>(texts: Vec<(String, String)>, f: impl FnOnce() -> T) -> T {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            PASTED.with(|p| p.borrow_mut().clear());
        }
    }
    PASTED.with(|p| *p.borrow_mut() = texts);
    let _reset = Reset;
    f()
}

impl SourceFile {
    /// Reads a path, or standard input for `-`, within [`max_file_size`] — or a text pasted into
    /// `authlint serve` under that name (see [`with_pasted`]).
    pub fn read(path: &str) -> Result<SourceFile, Error> {
        if let Some(text) = PASTED.with(|p| p.borrow().iter().find(|(n, _)| n == path).map(|(_, t)| t.clone())) {
            return Ok(SourceFile::from_text(path, text));
        }
        let (name, bytes) = if path == "-" {
            let mut buf = Vec::new();
            let limit = max_file_size();
            std::io::stdin().take(limit + 1).read_to_end(&mut buf).map_err(|e| Error::io("<stdin>", e))?;
            if buf.len() as u64 > limit {
                return Err(too_large("<stdin>", buf.len() as u64, limit));
            }
            ("<stdin>".to_string(), buf)
        } else {
            (path.to_string(), read_limited(std::path::Path::new(path))?)
        };
        SourceFile::from_vec(name, bytes)
    }

    /// Decodes bytes: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM. Anything else is an error
    /// that names the file and the offending byte.
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Result<SourceFile, Error> {
        let name = name.into();
        let (text, encoding) = decode(&name, bytes)?;
        Ok(SourceFile::new_decoded(name, text, encoding))
    }

    /// [`SourceFile::from_bytes`] taking the bytes: UTF-8 without a byte-order mark or NUL (most
    /// files) becomes the text without a copy; anything else goes through `from_bytes`, errors and all.
    pub fn from_vec(name: impl Into<String>, bytes: Vec<u8>) -> Result<SourceFile, Error> {
        let marked = [&[0xEF, 0xBB, 0xBF][..], &[0xFF, 0xFE], &[0xFE, 0xFF], b"PK\x03\x04", b"PK\x05\x06"];
        if marked.iter().any(|m| bytes.starts_with(m)) || memchr::memchr(0, &bytes).is_some() {
            return SourceFile::from_bytes(name, &bytes);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new_decoded(name.into(), text, Encoding::Utf8)),
            Err(e) => SourceFile::from_bytes(name, e.as_bytes()),
        }
    }
}

/// The largest file authlint reads, in bytes: 256 MiB unless `[limits] file-mb` or
/// `AUTHLINT_MAX_FILE_MB` say otherwise (see [`crate::limits`]).
pub fn max_file_size() -> u64 {
    crate::limits::current().file_mb << 20
}

fn too_large(name: &str, size: u64, limit: u64) -> Error {
    let mib = size as f64 / f64::from(1 << 20);
    Error::input(name, format!("the file is {mib:.1} MiB, more than the {} MiB authlint reads", limit >> 20)).with_help(
        "to read larger files, set `file-mb` in the [limits] table of authlint.toml, or AUTHLINT_MAX_FILE_MB",
    )
}

/// Reads a file within [`max_file_size`] (checked before reading, and while reading for files that grow).
pub fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    let limit = max_file_size();
    let file = std::fs::File::open(path).map_err(|e| Error::io(&name, e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(too_large(&name, size, limit));
    }
    let mut buf = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut buf).map_err(|e| Error::io(&name, e))?;
    if buf.len() as u64 > limit {
        return Err(too_large(&name, buf.len() as u64, limit));
    }
    Ok(buf)
}

fn decode(name: &str, bytes: &[u8]) -> Result<(String, Encoding), Error> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Err(Error::decode(
            name,
            "this is a zip archive (a solution or package export?), not text: authlint check reads \
             the raw inputs JSON that run history shows"
                .into(),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(name, rest, 3).map(|t| (t, Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(name, rest, u16::from_le_bytes).map(|t| (t, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(name, rest, u16::from_be_bytes).map(|t| (t, Encoding::Utf16Be));
    }
    utf8(name, bytes, 0).map(|t| (t, Encoding::Utf8))
}

fn utf8(name: &str, bytes: &[u8], bom: usize) -> Result<String, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(nul) = text.find('\0') {
                if looks_like_utf16_without_bom(bytes) {
                    return Err(Error::decode(
                        name,
                        "this looks like UTF-16 text without a byte-order mark: save it as UTF-8 \
                         (or UTF-16 with a byte-order mark)"
                            .into(),
                    ));
                }
                return Err(Error::decode(
                    name,
                    format!("this looks like a binary file, not text (a NUL byte at offset {})", nul + bom),
                ));
            }
            Ok(text.to_string())
        }
        Err(e) => {
            let at = e.valid_up_to() + bom;
            let hint = if looks_like_utf16_without_bom(bytes) {
                "; it looks like UTF-16 without a byte-order mark: save it as UTF-8"
            } else {
                "; save it as UTF-8 (or UTF-16 with a byte-order mark)"
            };
            Err(Error::decode(
                name,
                format!("not valid UTF-8 text: byte 0x{:02X} at offset {at}{hint}", bytes[e.valid_up_to()]),
            ))
        }
    }
}

fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(256)];
    let pairs = sample.len() / 2;
    let zeros = |parity: usize| sample.chunks_exact(2).filter(|p| p[parity] == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    pairs >= 2 && ((odd * 10 >= pairs * 7 && even * 10 <= pairs) || (even * 10 >= pairs * 7 && odd * 10 <= pairs))
}

fn utf16(name: &str, bytes: &[u8], from: fn([u8; 2]) -> u16) -> Result<String, Error> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::decode(
            name,
            format!("not valid UTF-16 text: an odd number of bytes ({}) after the byte-order mark", bytes.len()),
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| from([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok('\0') => {
                return Err(Error::decode(
                    name,
                    format!("this looks like a binary file, not text (a NUL character at offset {})", 2 + i * 2),
                ));
            }
            Ok(c) => text.push(c),
            Err(e) => {
                return Err(Error::decode(
                    name,
                    format!(
                        "not valid UTF-16 text: unpaired surrogate 0x{:04X} near offset {}",
                        e.unpaired_surrogate(),
                        2 + i * 2
                    ),
                ));
            }
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        v
    }

    #[test]
    fn decodes_every_supported_encoding() {
        let text = "{\"a\": \"é\"}";
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend(text.as_bytes());
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        for (bytes, enc) in [
            (text.as_bytes().to_vec(), Encoding::Utf8),
            (bom8, Encoding::Utf8Bom),
            (utf16le(text, true), Encoding::Utf16Le),
            (be, Encoding::Utf16Be),
        ] {
            let f = SourceFile::from_bytes("x.json", &bytes).unwrap();
            assert_eq!(f.text, text);
            assert_eq!(f.encoding, enc);
        }
    }

    /// Taking the bytes gives what borrowing them gives, for every encoding and every refusal.
    #[test]
    fn from_vec_is_from_bytes() {
        let text = "{\"a\": \"é\"}";
        let inputs: Vec<Vec<u8>> = vec![
            text.as_bytes().to_vec(),
            [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            utf16le(text, true),
            utf16le(text, false),
            b"PK\x03\x04\x00\x00".to_vec(),
            b"\x7fELF\x00\x01".to_vec(),
            b"{\"a\": \"\xff\"}".to_vec(),
            b"{\"a\": 1}\x00".to_vec(),
            Vec::new(),
        ];
        for bytes in inputs {
            let (a, b) = (SourceFile::from_bytes("x.json", &bytes), SourceFile::from_vec("x.json", bytes.clone()));
            match (a, b) {
                (Ok(a), Ok(b)) => assert_eq!((a.text, a.encoding), (b.text, b.encoding), "{bytes:?}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{bytes:?}"),
                (a, b) => panic!("{bytes:?}: {:?} vs {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }

    #[test]
    fn rejects_binary_and_bad_encodings_with_the_file_name() {
        let e = SourceFile::from_bytes("a.zip", b"PK\x03\x04\x00\x00").unwrap_err();
        assert!(e.to_string().contains("a.zip") && e.to_string().contains("zip archive"), "{e}");
        let e = SourceFile::from_bytes("a.bin", b"\x7fELF\x00\x01").unwrap_err();
        assert!(e.to_string().contains("a.bin") && e.to_string().contains("binary"), "{e}");
        let e = SourceFile::from_bytes("b.json", b"{\"a\": \"\xff\"}").unwrap_err();
        assert!(e.to_string().contains("offset 7"), "{e}");
        let e = SourceFile::from_bytes("c.json", &utf16le("{\"a\": 1}", false)).unwrap_err();
        assert!(e.to_string().contains("UTF-16 text without"), "{e}");
        let e = SourceFile::from_bytes("d.json", &[0xFF, 0xFE, 0x00, 0xD8]).unwrap_err();
        assert!(e.to_string().contains("surrogate"), "{e}");
        let e = SourceFile::from_bytes("e.json", &[0xFF, 0xFE, 0x41]).unwrap_err();
        assert!(e.to_string().contains("odd number"), "{e}");
    }

    #[test]
    fn line_and_column_count_code_points() {
        let f = SourceFile::from_text("x", "ab\r\n\"é€x\"\nz");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(f.text.len()), LineCol { line: 3, column: 2 });
        assert_eq!(f.line_text(1), "ab");
    }
}
