//! Every string of a definition, with its pointer, the member name holding it, and its template.

use std::fmt::Write;

use crate::input::expr::{self, ExprError, Template};
use crate::model::{Json, JsonKind, Text, pointer_segment};

/// A string of the definition.
pub struct StringSite<'a> {
    pub text: &'a Text,
    pub pointer: String,
    /// The name of the member that holds it (`password`, `Authorization`, `uri`…); empty in arrays.
    pub key: &'a str,
    pub template: Result<Template, ExprError>,
}

/// Walks a definition for its strings (object keys are not values and are skipped).
pub fn collect<'a>(def: &'a Json, base: &str) -> Vec<StringSite<'a>> {
    let mut out = Vec::new();
    let mut pointer = String::with_capacity(256);
    pointer.push_str(base);
    walk(def, &mut pointer, "", &mut out);
    out
}

/// One pointer buffer for the whole walk: a segment is pushed on the way down and cut on the way up.
fn walk<'a>(v: &'a Json, pointer: &mut String, key: &'a str, out: &mut Vec<StringSite<'a>>) {
    match &v.kind {
        JsonKind::String(t) => {
            out.push(StringSite { text: t, pointer: pointer.clone(), key, template: expr::template(&t.value) })
        }
        JsonKind::Array(items) => {
            let len = pointer.len();
            for (i, item) in items.iter().enumerate() {
                let _ = write!(pointer, "/{i}");
                walk(item, pointer, key, out);
                pointer.truncate(len);
            }
        }
        JsonKind::Object(members) => {
            let len = pointer.len();
            for m in members {
                pointer.push('/');
                push_segment(pointer, &m.key.value);
                walk(&m.value, pointer, &m.key.value, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Appends a key as a JSON Pointer segment (`~` → `~0`, `/` → `~1`).
fn push_segment(pointer: &mut String, key: &str) {
    if key.contains(['~', '/']) {
        pointer.push_str(&pointer_segment(key));
    } else {
        pointer.push_str(key);
    }
}
