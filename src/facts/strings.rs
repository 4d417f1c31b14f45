//! Every string of a definition, with its pointer, the member name holding it, and its template.

use std::fmt::Write;
use std::ops::Range;

use crate::input::expr::{self, ExprError, Template};
use crate::model::{Json, JsonKind, Text, pointer_segment};

/// A string of the definition.
pub struct StringSite<'a> {
    pub text: &'a Text,
    /// Its JSON pointer: a slice of the one buffer [`collect`] writes per flow.
    pub pointer: &'a str,
    /// The name of the member that holds it (`password`, `Authorization`, `uri`…); empty in arrays.
    pub key: &'a str,
    pub template: Result<Template, ExprError>,
    /// The action whose `inputs` hold it (an index of the actions given to [`collect`]).
    pub owner: Option<usize>,
}

/// A string as the walk found it: its pointer a range of the walk's one pointer buffer (no
/// allocation per string).
pub struct Found<'a> {
    pointer: Range<usize>,
    text: &'a Text,
    key: &'a str,
    template: Result<Template, ExprError>,
    owner: Option<usize>,
}

/// Walks a definition for its strings (object keys are not values and are skipped): the buffer their
/// pointers are written in, one after the other, and the strings. [`sites`] pairs them. `inputs` are
/// the `inputs` nodes of the definition's actions (`inputs[i]` action `i`'s, when it has them): a
/// string below one of them is that action's — found on the way down, by the node itself.
pub fn collect<'a>(def: &'a Json, base: &str, inputs: &[Option<&Json>]) -> (Pointers, Vec<Found<'a>>) {
    // Sized from the definition's bytes so that they seldom grow (a string and its pointer take about
    // 30 and 60 bytes in real definitions); the pointers' buffer is the thread's, reused flow after flow.
    let bytes = def.span.end - def.span.start;
    let mut pointers = SPARE.take();
    pointers.reserve(bytes * 2);
    let inputs = inputs.iter().enumerate().filter_map(|(i, n)| Some((address(n.as_ref()?), i))).collect();
    let mut w =
        Walk { path: String::with_capacity(256), pointers, found: Vec::with_capacity(bytes / 64), inputs, owner: None };
    w.path.push_str(base);
    w.walk(def, "");
    (Pointers(w.pointers), w.found)
}

/// A node's address: which node it is, whatever its content.
fn address(node: &Json) -> usize {
    std::ptr::from_ref(node) as usize
}

thread_local! {
    /// The pointers' buffer of the last flow this thread walked, emptied, for the next.
    static SPARE: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// The pointers of a flow's strings, one after the other; given back to the thread when dropped
/// (unless it grew past 8 MiB: one huge definition does not keep its buffer).
pub struct Pointers(String);

impl std::ops::Deref for Pointers {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Drop for Pointers {
    fn drop(&mut self) {
        let mut buf = std::mem::take(&mut self.0);
        if buf.capacity() <= 8 << 20 {
            buf.clear();
            SPARE.set(buf);
        }
    }
}

/// The strings [`collect`] found, their pointers borrowed from its buffer (held by the caller, so that
/// it outlives them).
pub fn sites<'b, 'a: 'b>(found: Vec<Found<'a>>, pointers: &'b str) -> Vec<StringSite<'b>> {
    found
        .into_iter()
        .map(|f| StringSite {
            text: f.text,
            pointer: &pointers[f.pointer],
            key: f.key,
            template: f.template,
            owner: f.owner,
        })
        .collect()
}

/// The first two segments of a pointer relative to an action's `inputs` (`headers/Authorization`,
/// `body/client_secret`, `uri`) and whether more follow: what `splitn(3, '/')` gives, with one byte scan
/// and no searcher, for the rules that ask it of every string an action sends.
pub fn first_segments(rel: &str) -> (&str, Option<&str>, bool) {
    let slash = |s: &str| s.bytes().position(|b| b == b'/');
    let Some(i) = slash(rel) else { return (rel, None, false) };
    let rest = &rel[i + 1..];
    match slash(rest) {
        None => (&rel[..i], Some(rest), false),
        Some(j) => (&rel[..i], Some(&rest[..j]), true),
    }
}

/// One path buffer for the whole walk: a segment is pushed on the way down and cut on the way up; a
/// string's pointer is copied from it into the pointers' buffer.
struct Walk<'a> {
    path: String,
    pointers: String,
    found: Vec<Found<'a>>,
    /// The actions' `inputs` nodes by address, and the action whose inputs the walk is in.
    inputs: foldhash::HashMap<usize, usize>,
    owner: Option<usize>,
}

impl<'a> Walk<'a> {
    fn walk(&mut self, v: &'a Json, key: &'a str) {
        match &v.kind {
            JsonKind::String(t) => {
                let start = self.pointers.len();
                self.pointers.push_str(&self.path);
                let pointer = start..self.pointers.len();
                self.found.push(Found { pointer, text: t, key, template: expr::template(&t.value), owner: self.owner });
            }
            JsonKind::Array(items) => {
                let len = self.path.len();
                for (i, item) in items.iter().enumerate() {
                    let _ = write!(self.path, "/{i}");
                    self.walk(item, key);
                    self.path.truncate(len);
                }
            }
            JsonKind::Object(members) => {
                let len = self.path.len();
                for m in members {
                    self.path.push('/');
                    self.path.push_str(&pointer_segment(&m.key.value));
                    // An action's inputs hold no action: the first owner found holds for the subtree.
                    let entered = self.owner.is_none() && m.key.value == "inputs";
                    if entered {
                        self.owner = self.inputs.get(&address(&m.value)).copied();
                    }
                    self.walk(&m.value, &m.key.value);
                    if entered {
                        self.owner = None;
                    }
                    self.path.truncate(len);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn first_segments_are_splitn_3() {
        for rel in ["", "uri", "headers/Authorization", "headers/", "body/a/b", "body/a/b/c", "a//b", "/x", "a/b/"] {
            let mut it = rel.splitn(3, '/');
            let want = (it.next().unwrap_or(""), it.next(), it.next().is_some());
            assert_eq!(first_segments(rel), want, "{rel:?}");
        }
    }

    #[test]
    fn a_string_below_an_actions_inputs_node_is_that_actions() {
        let src = SourceFile::from_text(
            "d.json",
            r#"{"A": {"inputs": {"uri": "u", "inputs": "nested"}, "type": "Http"}, "B": {"inputs": "b"}, "C": {"inputs": "c"}}"#,
        );
        let def = crate::input::json::parse(&src).unwrap();
        // Actions 0 and 1 are A and B; C's inputs are not an action's (not given).
        let inputs = [def.get("A").and_then(|a| a.get("inputs")), def.get("B").and_then(|b| b.get("inputs"))];
        let (pointers, found) = collect(&def, "", &inputs);
        let got: Vec<(&str, Option<usize>)> =
            sites(found, &pointers).iter().map(|s| (s.text.as_str(), s.owner)).collect();
        assert_eq!(got, [("u", Some(0)), ("nested", Some(0)), ("Http", None), ("b", Some(1)), ("c", None)]);
    }

    #[test]
    fn pointers_are_each_strings_own() {
        let src = SourceFile::from_text("d.json", r#"{"a": ["x", {"b/c~d": "y"}], "e": 1, "f": "@{1}"}"#);
        let def = crate::input::json::parse(&src).unwrap();
        let (pointers, found) = collect(&def, "/def", &[]);
        let sites = sites(found, &pointers);
        let got: Vec<(&str, &str, &str)> = sites.iter().map(|s| (s.pointer, s.key, s.text.as_str())).collect();
        assert_eq!(got, [("/def/a/0", "a", "x"), ("/def/a/1/b~1c~0d", "b/c~d", "y"), ("/def/f", "f", "@{1}")]);
        assert_eq!(&*pointers, "/def/a/0/def/a/1/b~1c~0d/def/f");
        assert!(matches!(sites[2].template, Ok(Template::Parts(_))));
    }
}
