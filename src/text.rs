//! A named text decoded to UTF-8, byte spans in it, and byte offsets → line and column: what every
//! layer above points with. Decoding bytes into it is `source.rs`'s.

use std::ops::Range;

/// A byte range in a [`SourceFile`]'s decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The encoding a source was written in, as detected from its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// A named text: a file, standard input or (later) a zip entry, decoded to UTF-8.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (`-` becomes `<stdin>`).
    pub name: String,
    pub text: String,
    pub encoding: Encoding,
    /// Where each line starts, computed when a line or column is first asked for (most files `lint`
    /// reads never are).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// After [`SourceFile::keep_positions_only`]: the line and column of each offset kept, sorted by
    /// offset, the text itself dropped.
    positions: Option<Vec<(usize, LineCol)>>,
}

/// 1-based line and column (columns count Unicode code points).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// A source from text already in memory (tests, `--token` values, documentation examples).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile::new_decoded(name.into(), text.into(), Encoding::Utf8)
    }

    pub(crate) fn new_decoded(name: String, text: String, encoding: Encoding) -> SourceFile {
        SourceFile { name, text, encoding, line_starts: std::sync::OnceLock::new(), positions: None }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// Keeps the line and column of each of `offsets` and drops the text: what a report that shows no
    /// source (every format but text) needs of a file whose findings are all found, so that `lint`'s
    /// memory follows the findings rather than the size of the files that hold them. Asked for any
    /// other offset afterwards, [`SourceFile::line_col`] gives the nearest kept one before it.
    pub fn keep_positions_only(&mut self, offsets: impl IntoIterator<Item = usize>) {
        let mut kept: Vec<(usize, LineCol)> = offsets.into_iter().map(|o| (o, self.line_col(o))).collect();
        kept.sort_unstable_by_key(|&(o, _)| o);
        kept.dedup_by_key(|&mut (o, _)| o);
        kept.shrink_to_fit();
        self.positions = Some(kept);
        self.text = String::new();
        self.line_starts = std::sync::OnceLock::new();
    }

    /// Whether the text was dropped by [`SourceFile::keep_positions_only`].
    pub fn positions_only(&self) -> bool {
        self.positions.is_some()
    }

    /// 1-based line and code-point column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        if let Some(kept) = &self.positions {
            return match kept.binary_search_by_key(&offset, |&(o, _)| o) {
                Ok(i) => kept[i].1,
                Err(0) => LineCol { line: 1, column: 1 },
                Err(i) => kept[i - 1].1,
            };
        }
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line: line + 1, column }
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The text of one 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let start = starts[line.clamp(1, starts.len()) - 1];
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }
}
