//! Every string of a definition, with its pointer, the member name holding it, and its template.

use crate::input::expr::{self, ExprError, Template};
use crate::model::{Json, JsonKind, Text, pointer_segment};

/// A string of the definition.
pub struct StringSite<'a> {
    pub text: &'a Text,
    pub pointer: String,
    /// The name of the member that holds it (`password`, `Authorization`, `uri`…); empty in arrays.
    pub key: String,
    pub template: Result<Template, ExprError>,
}

/// Walks a definition for its strings (object keys are not values and are skipped).
pub fn collect<'a>(def: &'a Json, base: &str) -> Vec<StringSite<'a>> {
    let mut out = Vec::new();
    walk(def, base, "", &mut out);
    out
}

fn walk<'a>(v: &'a Json, pointer: &str, key: &str, out: &mut Vec<StringSite<'a>>) {
    match &v.kind {
        JsonKind::String(t) => out.push(StringSite {
            text: t,
            pointer: pointer.to_string(),
            key: key.to_string(),
            template: expr::template(&t.value),
        }),
        JsonKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), key, out);
            }
        }
        JsonKind::Object(members) => {
            for m in members {
                walk(&m.value, &format!("{pointer}/{}", pointer_segment(&m.key.value)), &m.key.value, out);
            }
        }
        _ => {}
    }
}
