//! Splitting a command into words the way its shell would: POSIX sh (with `$'…'`), Windows cmd
//! (`^` escapes, then the C runtime's `"` and `\` rules) or PowerShell (backtick escapes).

use crate::error::Error;
use crate::source::{SourceFile, Span};

/// One shell word after quote removal, with the span of source text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) span: Span,
}

/// The shell a command was written for, which decides its quoting and line continuations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Posix,
    /// Windows cmd: `^` escapes and continues lines; the C runtime then splits words.
    Cmd,
    /// PowerShell: a backtick escapes and continues lines; `''` and `""` double a quote.
    PowerShell,
}

/// The command's characters (a CR before LF dropped) with their byte offsets in the source.
pub(super) struct Lexer<'a> {
    src: &'a SourceFile,
    chars: Vec<(usize, char)>,
    pos: usize,
    dialect: Dialect,
    /// The escape character: `\`, `^` in cmd, a backtick in PowerShell.
    esc: char,
    /// Inside cmd's own (unescaped) double quotes, where `^` is an ordinary character.
    cmd_quoted: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer from `start`, for the dialect that the line continuations and Chrome's `^"` show.
    pub(super) fn new(src: &'a SourceFile, start: usize) -> Lexer<'a> {
        let text = &src.text[start..];
        let crlf = |&(i, c): &(usize, char)| c == '\r' && text[i + 1..].starts_with('\n');
        let chars = text.char_indices().filter(|p| !crlf(p)).map(|(i, c)| (start + i, c));
        let ends = |c: char| text.lines().any(|l| l.trim_end().ends_with(c));
        let (dialect, esc) = if ends('^') || text.contains("^\"") {
            (Dialect::Cmd, '^')
        } else if ends('`') {
            (Dialect::PowerShell, '`')
        } else {
            (Dialect::Posix, '\\')
        };
        let (chars, pos, cmd_quoted) = (chars.collect(), 0, false);
        Lexer { src, chars, pos, dialect, esc, cmd_quoted }
    }

    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.pos + k).map(|&(_, c)| c)
    }

    fn bump(&mut self) -> Option<(usize, char)> {
        let next = self.chars.get(self.pos).copied();
        self.pos += usize::from(next.is_some());
        next
    }

    /// The byte offset of the next character (the end of the text when there is none).
    fn offset(&self) -> usize {
        self.chars.get(self.pos).map_or(self.src.text.len(), |&(i, _)| i)
    }

    /// How many characters a line continuation here takes (blanks before the break tolerated).
    fn continuation(&self) -> Option<usize> {
        let blanks = (1..).take_while(|&k| matches!(self.peek(k), Some(' ' | '\t'))).count();
        let here = self.peek(0) == Some(self.esc) && self.peek(1 + blanks) == Some('\n');
        here.then_some(2 + blanks)
    }

    /// The words of the command, up to its end: an unescaped line break, `;`, `&`, `|`, a
    /// redirection or a comment.
    pub(super) fn words(mut self) -> Result<Vec<Word>, Error> {
        if self.dialect == Dialect::Cmd {
            return self.cmd_words();
        }
        let mut words = Vec::new();
        loop {
            match self.peek(0) {
                _ if self.continuation().is_some() => self.pos += self.continuation().unwrap_or(0),
                Some(' ' | '\t' | '\r') => self.pos += 1,
                None | Some('\n' | ';' | '&' | '|' | '<' | '>' | '#') => return Ok(words),
                _ => words.push(self.sh_word()?),
            }
        }
    }

    /// One POSIX or PowerShell word.
    fn sh_word(&mut self) -> Result<Word, Error> {
        let (start, ps) = (self.offset(), self.dialect == Dialect::PowerShell);
        let mut buf = Vec::new();
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' => break,
                '\'' | '"' => self.quoted(&mut buf)?,
                '$' if !ps && self.peek(1) == Some('\'') => self.quoted(&mut buf)?,
                '$' if !ps && self.peek(1) == Some('"') => self.pos += 1,
                c if c == self.esc => {
                    self.pos += 1;
                    match self.bump() {
                        Some((_, '\n')) => {}
                        Some((_, e)) => push(&mut buf, if ps { control(e).unwrap_or(e) } else { e }),
                        None => push(&mut buf, c),
                    }
                }
                c => {
                    self.pos += 1;
                    push(&mut buf, c);
                }
            }
        }
        let text = String::from_utf8_lossy(&buf).into_owned();
        Ok(Word { text, span: Span::new(start, self.offset()) })
    }

    /// A quoted string, from its opening `'`, `"` or `$'` to its closing quote. In `'…'` every
    /// character is itself; `"…"` takes POSIX's few escapes (`$`, backtick, `"`, `\`, the line
    /// break) or any PowerShell escape; `$'…'` takes bash's ANSI-C escapes. PowerShell doubles a
    /// quote to write one.
    fn quoted(&mut self, buf: &mut Vec<u8>) -> Result<(), Error> {
        let (open, ps) = (self.offset(), self.dialect == Dialect::PowerShell);
        let ansi = self.peek(0) == Some('$');
        self.pos += usize::from(ansi);
        let quote = self.bump().map_or('\'', |(_, q)| q);
        loop {
            let Some((_, c)) = self.bump() else {
                let kind = match (ansi, quote) {
                    (true, _) => "$'…'",
                    (false, '"') => "double",
                    _ => "single",
                };
                return Err(unterminated(self.src, open, 1 + usize::from(ansi), kind));
            };
            match c {
                _ if c == quote && ps && self.peek(0) == Some(quote) => {
                    self.pos += 1;
                    push(buf, quote);
                }
                _ if c == quote => return Ok(()),
                '\\' if ansi => self.ansi_escape(buf),
                _ if c == self.esc && quote == '"' => match self.peek(0) {
                    Some('\n') if !ps => self.pos += 1,
                    Some(e) if ps || matches!(e, '$' | '`' | '"' | '\\') => {
                        self.pos += 1;
                        push(buf, if ps { control(e).unwrap_or(e) } else { e });
                    }
                    _ => push(buf, c),
                },
                _ => push(buf, c),
            }
        }
    }

    /// One escape of `$'…'` after its backslash: octal and `\x` give bytes (UTF-8 sequences
    /// included), `\u` and `\U` code points; an unknown escape stays as written.
    fn ansi_escape(&mut self, buf: &mut Vec<u8>) {
        let c = self.bump().map_or('\\', |(_, c)| c);
        let byte = match c {
            '0'..='7' => {
                self.pos -= 1;
                self.number(8, 3)
            }
            'x' => self.number(16, 2),
            'c' => self.bump().map(|(_, k)| u32::from(k) & 0x1f),
            'u' | 'U' => {
                let n = self.number(16, if c == 'u' { 4 } else { 8 });
                return push(buf, n.and_then(char::from_u32).unwrap_or('\u{FFFD}'));
            }
            '\\' | '\'' | '"' | '?' => return push(buf, c),
            _ => {
                if control(c).is_none() {
                    buf.push(b'\\');
                }
                return push(buf, control(c).unwrap_or(c));
            }
        };
        buf.push(byte.unwrap_or(0) as u8);
    }

    /// Up to `max` digits in `radix`.
    fn number(&mut self, radix: u32, max: usize) -> Option<u32> {
        let mut value = None;
        for _ in 0..max {
            let Some(d) = self.peek(0).and_then(|c| c.to_digit(radix)) else {
                break;
            };
            value = Some(value.unwrap_or(0u32).wrapping_mul(radix).wrapping_add(d));
            self.pos += 1;
        }
        value
    }

    /// The next character after cmd's own processing: outside cmd's quotes `^` escapes the next
    /// character, and `^` at the end of a line joins the next line, escaping its first character
    /// (so Chrome's `^` and two line breaks make one line break inside a value).
    fn cmd_next(&mut self) -> Option<(usize, char, bool)> {
        if self.peek(0) != Some('^') || self.cmd_quoted {
            let (at, c) = self.bump()?;
            self.cmd_quoted ^= c == '"';
            return Some((at, c, false));
        }
        self.pos += self.continuation().unwrap_or(1);
        self.bump().map(|(at, c)| (at, c, true))
    }

    /// cmd, then the C runtime's rules: blanks split outside `"`; `\` is literal unless it
    /// precedes a `"`, where 2n backslashes give n and a quote, 2n+1 give n and a literal `"`.
    fn cmd_words(mut self) -> Result<Vec<Word>, Error> {
        let mut words = Vec::new();
        let mut word: Option<Word> = None;
        let (mut quote, mut slashes) = (None, 0);
        while let Some((at, c, escaped)) = self.cmd_next() {
            let separator = quote.is_none() && matches!(c, '&' | '|' | '<' | '>');
            if !escaped && (c == '\n' || separator) {
                break;
            }
            if quote.is_none() && matches!(c, ' ' | '\t') {
                words.extend(flush(word.take(), std::mem::take(&mut slashes)));
                continue;
            }
            let w = word.get_or_insert_with(|| Word { text: String::new(), span: Span::new(at, at) });
            w.span.end = at + c.len_utf8();
            if c == '\\' {
                slashes += 1;
                continue;
            }
            let kept = if c == '"' { slashes / 2 } else { slashes };
            w.text.extend(std::iter::repeat_n('\\', kept));
            let odd = std::mem::take(&mut slashes) % 2 == 1;
            match c {
                '"' if odd => w.text.push('"'),
                '"' if quote.is_some() && self.peek(0) == Some('"') => {
                    self.cmd_next();
                    w.text.push('"');
                }
                '"' => quote = if quote.is_some() { None } else { Some(at) },
                c => w.text.push(c),
            }
        }
        match quote {
            Some(open) => Err(unterminated(self.src, open, 1, "double")),
            None => Ok(words.into_iter().chain(flush(word, slashes)).collect()),
        }
    }
}

/// Ends a cmd word, with the backslashes still pending at its end.
pub(super) fn flush(word: Option<Word>, slashes: usize) -> Option<Word> {
    let mut word = word?;
    word.text.extend(std::iter::repeat_n('\\', slashes));
    Some(word)
}

pub(super) fn push(buf: &mut Vec<u8>, c: char) {
    buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// The character a C-style escape letter stands for (`n` → line feed…), as bash's `$'…'` and
/// PowerShell's backtick read them.
pub(super) fn control(c: char) -> Option<char> {
    const PAIRS: &str = "n\nt\tr\ra\x07b\x08e\x1bE\x1bf\x0cv\x0b0\0";
    let mut chars = PAIRS.chars();
    std::iter::from_fn(|| chars.next().zip(chars.next())).find_map(|(k, v)| (k == c).then_some(v))
}

pub(super) fn unterminated(src: &SourceFile, open: usize, len: usize, kind: &str) -> Error {
    let message = format!("unterminated {kind} quote: the command ends before it is closed");
    Error::at(src, Span::new(open, open + len), message)
        .with_help("close the quote, or paste the whole command: the copy may have been cut short")
}
