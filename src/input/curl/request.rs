//! The request as curl's options build it: options read word by word, then the URL, the
//! Authorization header `-u` makes and the body.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::options::{Opt, Piece, form_content};
use super::shell::Word;
use crate::error::Error;
use crate::model::{PlainBody, PlainRequest};
use crate::source::{SourceFile, Span};

/// The request as the options build it.
#[derive(Debug, Default)]
pub(super) struct Request {
    method: Option<String>,
    head: bool,
    get: bool,
    globoff: bool,
    /// The option asking for a challenge-response scheme (`--digest`…).
    challenge: Option<String>,
    urls: Vec<String>,
    /// Words taken as an unknown option's value: the URL after all when no other is given.
    guessed: Vec<String>,
    user: Option<String>,
    headers: Vec<(String, String)>,
    /// Headers curl adds from options (`-A`, `-b`, `-e`…), unless `-H` gives the same name.
    added: Vec<(String, String)>,
    data: Vec<Piece>,
    form: Vec<(String, String)>,
    notes: Vec<String>,
}

impl Request {
    /// Reads the options and URLs after the `curl` word.
    pub(super) fn read(&mut self, src: &SourceFile, words: &[Word]) -> Result<(), Error> {
        let (mut i, mut only_urls) = (1, false);
        while let Some(word) = words.get(i) {
            i += 1;
            let t = word.text.as_str();
            if only_urls || !t.starts_with('-') || t == "-" {
                self.urls.push(t.to_string());
            } else if t == "--" {
                only_urls = true;
            } else if let Some(name) = t.strip_prefix("--") {
                match Opt::long(name) {
                    Some(opt) if opt.takes_value() => {
                        self.apply(opt, t, &value(src, words, &mut i, word.span, t, "")?);
                    }
                    Some(opt) => self.apply(opt, t, ""),
                    None => i += self.unknown(t, words.get(i)),
                }
            } else {
                for (k, c) in t.char_indices().skip(1) {
                    let flag = format!("-{c}");
                    match Opt::named(&c.to_string()) {
                        None => self.note(format!("ignored the unknown cURL option {flag}")),
                        Some(opt) if !opt.takes_value() => self.apply(opt, &flag, ""),
                        Some(opt) => {
                            let attached = &t[k + c.len_utf8()..];
                            let value = value(src, words, &mut i, word.span, &flag, attached)?;
                            self.apply(opt, &flag, &value);
                            break;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Notes an unknown long option; returns 1 when the word after it is taken as its value
    /// (there is no knowing: it is, unless it looks like an option or a URL).
    fn unknown(&mut self, flag: &str, next: Option<&Word>) -> usize {
        let t = next.map_or("-", |w| w.text.as_str());
        if t.starts_with('-') || t.contains("://") || t.starts_with('{') || t.starts_with("localhost") {
            self.note(format!("ignored the unknown cURL option {flag}"));
            return 0;
        }
        self.guessed.push(t.to_string());
        self.note(format!(
            "ignored the unknown cURL option {flag} and the word after it: authlint cannot tell \
             whether {flag} takes a value, so it took that word as its value"
        ));
        1
    }

    fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    fn add(&mut self, name: &str, value: &str) {
        self.added.push((name.into(), value.trim().into()));
    }

    fn apply(&mut self, opt: Opt, flag: &str, value: &str) {
        match opt {
            Opt::Method => self.method = Some(value.to_string()),
            Opt::Header => self.header(value),
            Opt::Data(kind) => self.data.push(Piece::new(kind, value)),
            Opt::Form(literal) => match value.split_once('=') {
                Some((name, v)) if literal => self.form.push((name.into(), v.into())),
                Some((name, v)) => self.form.push((name.into(), form_content(v))),
                None => self.note(format!("ignored {flag} without `name=`: cURL refuses it")),
            },
            Opt::User => self.user = Some(value.to_string()),
            Opt::Bearer => self.add("Authorization", &format!("Bearer {value}")),
            Opt::Challenge => self.challenge = Some(flag.to_string()),
            Opt::Get => self.get = true,
            Opt::Head => self.head = true,
            Opt::Url => self.urls.push(value.to_string()),
            Opt::Adds(_) if value.trim().is_empty() => {}
            Opt::Adds("Cookie") if !value.contains('=') => {
                self.note(format!("the cookie file `{value}` is not read"));
            }
            Opt::Adds(name) => self.add(name, value.trim_end_matches(";auto")),
            Opt::GlobOff => self.globoff = true,
            Opt::Quiet(_) => {}
            Opt::Unsupported(_) => {
                self.note(format!("ignored the cURL option {flag}: what it changes in the request is not reproduced"))
            }
        }
    }

    /// `Name: value`; `Name;` sends an empty header; `Name:` removes one curl would send.
    fn header(&mut self, value: &str) {
        if let Some(file) = value.strip_prefix('@') {
            return self.note(format!("the header file `{file}` is not read"));
        }
        let (name, value) = match value.split_once(':') {
            Some((_, v)) if v.trim().is_empty() => return,
            Some((name, v)) => (name, v.trim()),
            None => match value.trim_end().strip_suffix(';') {
                Some(name) => (name, ""),
                None => return self.note("ignored a header without a colon, as cURL does"),
            },
        };
        self.headers.push((name.trim().into(), value.into()));
    }

    /// The request, once every option is read; `curl` is where to point when it has no URL.
    pub(super) fn finish(mut self, src: &SourceFile, curl: Span) -> Result<PlainRequest, Error> {
        let mut url = self.url().ok_or_else(|| {
            Error::at(src, curl, "this cURL command has no URL")
                .with_help("add the URL the request goes to, as a word of its own or with --url")
        })?;
        let sends = !(self.data.is_empty() && self.form.is_empty());
        let method = match (self.method.take(), self.head) {
            (Some(method), _) => method,
            (None, true) => "HEAD".into(),
            (None, false) => if sends && !self.get { "POST" } else { "GET" }.into(),
        };
        self.authorization();
        let body = self.body(&mut url);
        let mut headers = std::mem::take(&mut self.headers);
        for (name, value) in std::mem::take(&mut self.added) {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                headers.push((name, value));
            }
        }
        let (name, notes) = ("curl".into(), self.notes);
        Ok(PlainRequest { name, method, url, headers, body, notes })
    }

    /// The first URL, without curl's glob escapes (`\[`, `\{`…), with a scheme if it has none.
    fn url(&mut self) -> Option<String> {
        if self.urls.len() > 1 {
            let n = self.urls.len();
            self.note(format!("the command names {n} URLs; only the first is checked"));
        }
        let given = match (self.urls.first(), self.guessed.first()) {
            (Some(url), _) => url.clone(),
            (None, guessed) => {
                let guessed = guessed?.clone();
                self.note("no other URL given: the word after the unknown option is the URL");
                guessed
            }
        };
        let mut url = String::with_capacity(given.len());
        let mut chars = given.chars().peekable();
        while let Some(c) = chars.next() {
            let glob = chars.peek().is_some_and(|n| "[]{}".contains(*n));
            if !(c == '\\' && glob && !self.globoff) {
                url.push(c);
            }
        }
        if !url.contains("://") {
            self.note("the URL has no scheme: cURL uses http://");
            url.insert_str(0, "http://");
        }
        Some(url)
    }

    /// `-u user:password` as curl sends it: Basic, unless an option asks for a challenge first.
    fn authorization(&mut self) {
        let Some(mut user) = self.user.take() else {
            return;
        };
        if let Some(flag) = self.challenge.take() {
            return self.note(format!("-u with {flag}: the challenge answer is not reproduced"));
        }
        if !user.contains(':') {
            self.note("-u has no password: cURL would ask for one; an empty one is used");
            user.push(':');
        }
        let basic = format!("Basic {}", STANDARD.encode(user));
        self.added.insert(0, ("Authorization".into(), basic));
    }

    /// The body; with `-G` the data goes into the URL's query instead.
    fn body(&mut self, url: &mut String) -> PlainBody {
        let json = self.data.iter().any(|p| p.json);
        let given = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-type"));
        let content_type = match given {
            Some((_, v)) => v.clone(),
            None if !self.form.is_empty() => "multipart/form-data".into(),
            None if json => "application/json".into(),
            None => "application/x-www-form-urlencoded".into(),
        };
        if json {
            self.add("Content-Type", "application/json");
            self.add("Accept", "application/json");
        }
        if !self.form.is_empty() {
            if !self.data.is_empty() {
                self.note("cURL refuses -F with -d: the data options are ignored");
            }
            self.add("Content-Type", &content_type);
            return PlainBody::Multipart(std::mem::take(&mut self.form));
        }
        let Some(first) = self.data.first() else {
            return PlainBody::None;
        };
        let mut text = first.text.clone();
        for pair in self.data.windows(2) {
            let joined = pair[0].json && pair[1].json;
            text.push_str(if joined { "" } else { "&" });
            text.push_str(&pair[1].text);
        }
        let files: Vec<&str> = self.data.iter().filter_map(|p| p.file.as_deref()).collect();
        let whole_file = self.data.len() == 1 && text.starts_with('@') && !self.get;
        let file = files.first().filter(|_| whole_file).map(ToString::to_string);
        if file.is_none() && !files.is_empty() {
            let files = files.join("`, `");
            self.note(format!("the contents of `{files}` are not read: the data shows @file"));
        }
        if self.get {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&text);
            return PlainBody::None;
        }
        self.add("Content-Type", &content_type);
        match file {
            Some(path) => PlainBody::File(path),
            None => PlainBody::Raw { text, content_type: Some(content_type) },
        }
    }
}

/// An option's value: what is attached to it (`-XPOST`), else the next word.
fn value(
    src: &SourceFile,
    words: &[Word],
    i: &mut usize,
    at: Span,
    flag: &str,
    attached: &str,
) -> Result<String, Error> {
    if !attached.is_empty() {
        return Ok(attached.to_string());
    }
    let Some(word) = words.get(*i) else {
        let message = format!("the cURL option {flag} needs a value, but the command ends here");
        let help = format!("give {flag} its value, or remove it: the copy may have been cut short");
        return Err(Error::at(src, at, message).with_help(help));
    };
    *i += 1;
    Ok(word.text.clone())
}
