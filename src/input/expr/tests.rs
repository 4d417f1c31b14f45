//! The WDL expression parser: each construct, templates as flows write them, the errors with their
//! messages and ranges, and random input (no panic, ranges inside the input).

use proptest::prelude::*;

use super::*;

fn whole(s: &str) -> Expr {
    match template(s) {
        Ok(Template::Whole(e)) => e,
        other => panic!("expected a whole expression for {s:?}, got {other:?}"),
    }
}

fn parts(s: &str) -> Vec<Part> {
    match template(s) {
        Ok(Template::Parts(p)) => p,
        other => panic!("expected parts for {s:?}, got {other:?}"),
    }
}

/// The only interpolation of a template.
fn interp(s: &str) -> Expr {
    match parts(s).as_slice() {
        [Part::Interpolation { expr, .. }] => expr.clone(),
        other => panic!("expected one interpolation for {s:?}, got {other:?}"),
    }
}

fn err(s: &str) -> ExprError {
    match template(s) {
        Err(e) => e,
        Ok(t) => panic!("expected an error for {s:?}, got {t:?}"),
    }
}

/// The message of the error and the text its range points at.
fn fail(s: &str) -> (String, &str) {
    let e = err(s);
    (e.message, &s[e.range])
}

fn call(name: &str, args: Vec<Expr>, range: Range<usize>) -> Expr {
    Expr { kind: ExprKind::Call { name: name.into(), args }, range }
}

fn string(value: &str, range: Range<usize>) -> Expr {
    Expr { kind: ExprKind::Str(value.into()), range }
}

fn index(target: Expr, idx: Expr, null_safe: bool, range: Range<usize>) -> Expr {
    Expr { kind: ExprKind::Index { target: Box::new(target), index: Box::new(idx), null_safe }, range }
}

fn lit(text: &str, range: Range<usize>) -> Part {
    Part::Literal { text: text.into(), range }
}

/// Every node's range, as the text it covers.
fn texts<'a>(s: &'a str, e: &Expr) -> Vec<&'a str> {
    let mut out = Vec::new();
    e.walk(&mut |n| out.push(&s[n.range.clone()]));
    out
}

mod constructs;
mod errors;
mod random;
mod realistic;
mod templates;
