//! Judging what an action sends. Each alternative of each evaluated value becomes a skeleton — its
//! known text, each unknown a placeholder — that the request rules and the value rules
//! (`Rule::check_value`) read. A finding is kept only where the known text decides it; then it is
//! pointed back at the source (the literal that causes it, in the action or variable where it is
//! written), labelled with the place where the value is sent, told how the value travelled, and its
//! help shows the value as it will be sent, redacted.

use std::ops::Range;

use super::http::{HttpSite, Place, Sent};
use crate::auth::{self, Problem};
use crate::config::CustomResource;
use crate::diagnostic::{Diagnostic, FileId, SecretKind};
use crate::eval::{Piece, value::PLACEHOLDER, value::describe};
use crate::facts::SentValue;
use crate::model::{HttpRequest, Json, JsonKind, Text};
use crate::redact;
use crate::rules::{self, Context, Environment, RequestFacts, is_credential_header};
use crate::source::Span;
use crate::time::Reference;

/// Skeletons live at virtual offsets, past any source (files are at most a few GiB), one window each.
const VIRTUAL: usize = 1 << 40;
const WINDOW: usize = 1 << 24;

struct Skeleton {
    base: usize,
    text: Text,
    pieces: Vec<(Range<usize>, Piece)>,
    holes: Vec<Range<usize>>,
    sent: usize,
}

impl Skeleton {
    fn build(site: &HttpSite, sent: usize, alt: usize, index: usize) -> Skeleton {
        let s = &site.sent[sent];
        let base = VIRTUAL + index * WINDOW;
        let (mut value, mut pieces, mut holes) = (String::new(), Vec::new(), Vec::new());
        let filler = if s.place == Place::Uri { PLACEHOLDER.to_ascii_lowercase() } else { PLACEHOLDER.to_string() };
        for p in &s.alts[alt] {
            let start = value.len();
            match p {
                Piece::Known(k) => value.push_str(&k.text),
                Piece::Unknown(_) => {
                    value.push_str(&filler);
                    holes.push(start..value.len());
                }
            }
            pieces.push((start..value.len(), p.clone()));
        }
        let len = value.len().min(WINDOW - 1);
        let text = Text::plain(value, Span::new(base, base + len), base);
        Skeleton { base, text, pieces, holes, sent }
    }

    fn contains(&self, offset: usize) -> bool {
        (self.base..self.base + WINDOW).contains(&offset)
    }

    /// The piece at a byte of the skeleton (for an empty range at a boundary, the known text before).
    fn piece_at(&self, at: usize, empty: bool) -> Option<&(Range<usize>, Piece)> {
        if empty && let Some(p) = self.pieces.iter().find(|(r, p)| r.end == at && matches!(p, Piece::Known(_))) {
            return Some(p);
        }
        self.pieces.iter().find(|(r, _)| r.start <= at && at < r.end).or_else(|| self.pieces.last())
    }

    /// A virtual span mapped back to the source, and the piece it lies in.
    fn locate(&self, span: Span, whole: Span) -> (Span, Option<&Piece>) {
        let len = self.text.value.len();
        let (a, b) = ((span.start - self.base).min(len), (span.end.max(span.start) - self.base).min(len));
        if a == 0 && b == len && self.pieces.len() > 1 {
            return (whole, self.pieces.first().map(|(_, p)| p));
        }
        let Some((ra, pa)) = self.piece_at(a, a == b) else { return (whole, None) };
        let first = piece_span(pa, ra, a, b);
        // A finding at the start of a value brought from elsewhere, right after text written where it
        // is sent (`Bearer@{variables('token')}`): the fix is at the boundary, where it is sent.
        if a == ra.start
            && !whole.contains(first)
            && let Some((rp, prev @ Piece::Known(k))) = self.pieces.iter().find(|(r, _)| r.end == a)
        {
            let at = k.span_of(rp.len()..rp.len());
            if whole.contains(at) {
                return (at, Some(prev));
            }
        }
        let Some((rb, pb)) = self.piece_at(b.saturating_sub(1).max(a), false) else { return (first, Some(pa)) };
        if std::ptr::eq(ra, rb) || b <= ra.end {
            return (first, Some(pa));
        }
        let last = piece_span(pb, rb, a, b);
        // Pieces written side by side in the same string (the usual case) are one span; pieces that
        // travelled from elsewhere are pointed at by the first.
        let adjacent = first.end <= last.start && last.start - first.end <= 4;
        if (whole.contains(first) && whole.contains(last) && first.start <= last.end) || adjacent {
            (Span::new(first.start, last.end), Some(pa))
        } else {
            (first, Some(pa))
        }
    }

    fn map(&self, span: Span, whole: Span) -> Span {
        self.locate(span, whole).0
    }
}

fn piece_span(p: &Piece, r: &Range<usize>, a: usize, b: usize) -> Span {
    match p {
        Piece::Known(k) => {
            let (s, e) = (a.max(r.start) - r.start, b.min(r.end).max(a.max(r.start)) - r.start);
            k.span_of(s..e)
        }
        Piece::Unknown(u) => u.span,
    }
}

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
                && let Some(m) = members.iter_mut().find(|m| &m.key.value == field)
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

/// The byte range of a skeleton that holds a secret, and its kind.
fn secret_range(sk: &Skeleton, s: &Sent) -> Option<(Range<usize>, SecretKind)> {
    let v = &sk.text.value;
    match &s.place {
        Place::Header(h) if h.eq_ignore_ascii_case("authorization") => {
            let parsed = auth::parse(v);
            parsed.secret(v).map(|r| (r, crate::secrets::kind_of(&parsed)))
        }
        Place::Auth(f) if f.eq_ignore_ascii_case("value") => {
            let parsed = auth::parse(v);
            parsed.secret(v).map(|r| (r, crate::secrets::kind_of(&parsed)))
        }
        Place::Header(h) if is_credential_header(h) => Some((0..v.len(), SecretKind::Password)),
        Place::Auth(f) if !f.eq_ignore_ascii_case("audience") => Some((0..v.len(), SecretKind::Password)),
        _ => None,
    }
}

/// The value as it will be sent: unknowns described, known secrets redacted.
fn shown(sk: &Skeleton, s: &Sent) -> String {
    let secret = secret_range(sk, s);
    let mut out = String::new();
    for (r, p) in &sk.pieces {
        match p {
            Piece::Unknown(u) => out.push_str(&describe(u)),
            Piece::Known(k) => match &secret {
                Some((sr, kind)) if sr.start < r.end && r.start < sr.end => {
                    let (a, b) = (sr.start.max(r.start) - r.start, sr.end.min(r.end) - r.start);
                    out.push_str(&k.text[..a]);
                    out.push_str(&redact::redact(&k.text[a..b], *kind));
                    out.push_str(&k.text[b..]);
                }
                _ => out.push_str(&k.text),
            },
        }
    }
    out
}

/// The places of the known secrets of everything a site sends, for redaction.
pub fn secrets(site: &HttpSite) -> Vec<(Span, SecretKind)> {
    let mut out = Vec::new();
    for (si, s) in site.sent.iter().enumerate() {
        for ai in 0..s.alts.len() {
            let sk = Skeleton::build(site, si, ai, 0);
            let Some((sr, kind)) = secret_range(&sk, s) else { continue };
            for (r, p) in &sk.pieces {
                if let Piece::Known(k) = p
                    && sr.start < r.end
                    && r.start < sr.end
                {
                    let (a, b) = (sr.start.max(r.start) - r.start, sr.end.min(r.end) - r.start);
                    if b > a {
                        out.push((k.span_of(a..b), kind));
                    }
                }
            }
        }
    }
    out
}
