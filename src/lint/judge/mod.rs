//! Judging what an action sends. Each alternative of each evaluated value becomes a skeleton — its
//! known text, each unknown a placeholder — that the request rules and the value rules
//! (`Rule::check_value`) read. A finding is kept only where the known text decides it; then it is
//! pointed back at the source (the literal that causes it, in the action or variable where it is
//! written), labelled with the place where the value is sent, told how the value travelled, and its
//! help shows the value as it will be sent, redacted.

use std::ops::Range;

use crate::auth::Problem;
use crate::config::CustomResource;
use crate::diagnostic::{Diagnostic, FileId};
use crate::eval::{Piece, value::PLACEHOLDER};
use crate::facts::SentValue;
use crate::facts::http::{HttpSite, Place, Sent};
use crate::model::{HttpRequest, Json, JsonKind, Text};
use crate::rules::{self, Context, Environment, RequestFacts};
use crate::time::Reference;

mod skeleton;

pub use skeleton::secrets;
use skeleton::{Skeleton, VIRTUAL, shown};

/// Runs the value rules and the request rules on everything the site sends.
pub fn judge(
    site: &HttpSite,
    cx: &mut Context,
    (file, source): (FileId, &str),
    now: Reference,
    custom: &[CustomResource],
) {
    let start = cx.diagnostics.len();
    let mut skels: Vec<Skeleton> = Vec::new();
    // The value rules, on each alternative of each templated value.
    for (si, s) in site.sent.iter().enumerate() {
        for ai in 0..s.alts.len() {
            let sk = Skeleton::build(site, si, ai, skels.len());
            let v = SentValue {
                file,
                source,
                action: &site.path,
                pointer: &s.pointer,
                place: &s.place,
                text: &sk.text,
                pieces: &sk.pieces,
            };
            for rule in rules::RULES {
                rule.check_value(cx, &v);
            }
            skels.push(sk);
        }
    }
    // The request rules, on each variant of the request (alternative i of every value).
    if let Some(req) = &site.request {
        let variants = site.sent.iter().map(|s| s.alts.len()).max().unwrap_or(0).max(1);
        for v in 0..variants {
            let mut r = req.clone();
            let mut holes: Vec<(String, usize)> = Vec::new();
            for (si, s) in site.sent.iter().enumerate().filter(|(_, s)| s.templated && !s.alts.is_empty()) {
                let sk = Skeleton::build(site, si, v.min(s.alts.len() - 1), skels.len());
                replace(&mut r, s, &sk.text);
                holes.push((s.pointer.clone(), skels.len()));
                skels.push(sk);
            }
            request_rules(cx, &r, &holes, &skels, file, now, custom);
        }
    }
    let mut seen = std::collections::HashSet::new();
    let new: Vec<Diagnostic> = cx.diagnostics.split_off(start);
    for mut d in new {
        if let Some(sk) = skels.iter().find(|sk| sk.contains(d.span.start)) {
            decorate(&mut d, sk, site);
        }
        for l in &mut d.secondary {
            if let Some(sk) = skels.iter().find(|sk| sk.contains(l.span.start)) {
                l.span = sk.map(l.span, site.sent[sk.sent].span());
            }
        }
        map_fix(&mut d, &skels);
        if seen.insert((d.rule, d.span, d.message.clone())) {
            cx.diagnostics.push(d);
        }
    }
}

/// Points a fix's edits back at the literal each lies in; a fix with an edit that is not inside one
/// known piece (it touches an unknown value, or spans two pieces) is dropped.
fn map_fix(d: &mut Diagnostic, skels: &[Skeleton]) {
    let Some(fix) = &mut d.fix else { return };
    let mapped = fix.edits.iter_mut().all(|e| {
        let Some(sk) = skels.iter().find(|sk| sk.contains(e.span.start)) else {
            // Already a source span (a rule that reports on the source directly).
            return e.span.start < VIRTUAL;
        };
        let (a, b) = (e.span.start - sk.base, e.span.end.max(e.span.start) - sk.base);
        let within = sk
            .pieces
            .iter()
            .find(|(r, p)| matches!(p, Piece::Known(_)) && r.start <= a && b <= r.end && (a < r.end || a == b));
        match within {
            Some((r, Piece::Known(k))) => {
                e.span = k.span_of(a - r.start..b - r.start);
                true
            }
            _ => false,
        }
    });
    if !mapped {
        d.fix = None;
    }
}

/// Puts a skeleton's text in place of the value it stands for.
fn replace(r: &mut HttpRequest, s: &Sent, text: &Text) {
    let string = |span| Json { span, kind: JsonKind::String(text.clone()) };
    match &s.place {
        Place::Header(_) => {
            if let Some(h) = r.headers.iter_mut().find(|h| h.pointer == s.pointer) {
                h.value = string(h.value.span);
            }
        }
        Place::Uri => r.uri = Some(text.clone()),
        Place::Auth(field) => {
            if let Some(a) = &mut r.authentication
                && let JsonKind::Object(members) = &mut a.node.kind
                && let Some(m) = members.iter_mut().find(|m| m.key.value == field)
            {
                m.value = string(m.value.span);
            }
        }
    }
}

fn overlaps(r: &Range<usize>, holes: &[Range<usize>]) -> bool {
    holes.iter().any(|h| r.start < h.end && h.start < r.end.max(r.start + 1))
}

/// True when a quote sits right next to a placeholder.
fn touches(q: &Range<usize>, holes: &[Range<usize>]) -> bool {
    holes.iter().any(|h| q.end == h.start || q.start == h.end)
}

/// True when a pair of quotes encloses a placeholder.
fn quotes_hole(open: &Range<usize>, close: &Option<Range<usize>>, holes: &[Range<usize>]) -> bool {
    close.as_ref().is_some_and(|c| holes.iter().any(|h| open.end <= h.start && h.end <= c.start))
}

/// The request rules on one variant, keeping only what the known text decides.
fn request_rules(
    cx: &mut Context,
    req: &HttpRequest,
    holes: &[(String, usize)],
    skels: &[Skeleton],
    file: FileId,
    now: Reference,
    custom: &[CustomResource],
) {
    let mut facts = RequestFacts::new(file, req, Environment { token: None, now, uri_file: None, custom });
    for site in &mut facts.sites {
        let Some((_, i)) = holes.iter().find(|(p, _)| *p == site.pointer) else { continue };
        let (sk, value) = (&skels[*i], site.text.value.clone());
        let h = &sk.holes;
        let from_expr = |r: &Range<usize>| {
            sk.pieces
                .iter()
                .any(|(pr, p)| pr.start <= r.start && r.start < pr.end && matches!(p, Piece::Known(k) if k.in_expr))
        };
        site.parsed.problems.retain_mut(|p| match p {
            // The missing or extra space between a literal scheme and an expression is decided.
            Problem::Separator { .. } => true,
            // Quotes around the whole value typed as text are auth-quoted's; typed in an expression's
            // literal (`concat('"Bearer ', …)`), expr-quote-wrap's.
            Problem::Quoted { whole: true, range, .. } => !from_expr(range),
            // Quotes around an expression alone are expr-quote-wrap's.
            Problem::Quoted { range, close, .. } => {
                !touches(range, h) && !close.as_ref().is_some_and(|c| touches(c, h)) && !quotes_hole(range, close, h)
            }
            // `user:password` is decided by a known colon; the user may be known only at run time.
            Problem::BasicPlaintext { range, user } => {
                *user = user.replace(PLACEHOLDER, "…");
                value[range.clone()].find(':').is_some_and(|c| !overlaps(&(range.start + c..range.start + c + 1), h))
            }
            p => !overlaps(&p.range(), h),
        });
        if site.parsed.credential.as_ref().is_some_and(|c| overlaps(c, h)) {
            site.token = None;
        }
    }
    let before = cx.diagnostics.len();
    rules::check_request(cx, &facts);
    // A token in a definition is a literal, which static-token reports with its expiry: the time
    // rules would say it again, and differently every day. A finding that speaks of a placeholder
    // was decided by an unknown value, not the known text.
    let new = cx.diagnostics.split_off(before);
    let unknown = PLACEHOLDER.to_ascii_lowercase();
    cx.diagnostics.extend(new.into_iter().filter(|d| {
        !matches!(d.rule, "jwt-expired" | "jwt-not-yet-valid") && !d.message.to_ascii_lowercase().contains(&unknown)
    }));
}

/// Points a finding on a skeleton back at the source, with the value's path and its sent form.
fn decorate(d: &mut Diagnostic, sk: &Skeleton, site: &HttpSite) {
    let s = &site.sent[sk.sent];
    let (span, piece) = sk.locate(d.span, s.span());
    d.span = span;
    let Some(piece) = piece else { return };
    let trail = match piece {
        Piece::Known(k) => &k.trail,
        Piece::Unknown(u) => &u.trail,
    };
    if !trail.is_empty() {
        let steps: Vec<&str> = trail.steps().collect();
        d.message = format!("{} ({}, sent by {} {})", d.message, steps.join(", "), site.path, s.place.describe());
    }
    if !s.span().contains(d.span) {
        d.also(s.span(), format!("sent here {}", s.place.describe()));
    }
    if s.place != Place::Uri {
        let shown = shown(sk, s);
        d.help = Some(match d.help.take() {
            Some(h) => format!("{h}\nsent as: {shown}"),
            None => format!("sent as: {shown}"),
        });
    }
}
