//! A skeleton: one alternative of one sent value, its known text with each unknown a placeholder, at
//! virtual offsets past any source; how its pieces map back to the source, what it shows redacted, and
//! where its secrets are.

use std::ops::Range;

use crate::auth;
use crate::diagnostic::SecretKind;
use crate::eval::{Piece, value::PLACEHOLDER, value::describe};
use crate::facts::http::{HttpSite, Place, Sent};
use crate::facts::names::is_credential_header;
use crate::model::Text;
use crate::redact;
use crate::source::Span;

/// Skeletons live at virtual offsets, past any source (files are at most a few GiB), one window each.
pub(super) const VIRTUAL: usize = 1 << 40;

pub(super) const WINDOW: usize = 1 << 24;

pub(super) struct Skeleton {
    pub(super) base: usize,
    pub(super) text: Text,
    pub(super) pieces: Vec<(Range<usize>, Piece)>,
    pub(super) holes: Vec<Range<usize>>,
    pub(super) sent: usize,
}

impl Skeleton {
    pub(super) fn build(site: &HttpSite, sent: usize, alt: usize, index: usize) -> Skeleton {
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

    pub(super) fn contains(&self, offset: usize) -> bool {
        (self.base..self.base + WINDOW).contains(&offset)
    }

    /// The piece at a byte of the skeleton (for an empty range at a boundary, the known text before).
    pub(super) fn piece_at(&self, at: usize, empty: bool) -> Option<&(Range<usize>, Piece)> {
        if empty && let Some(p) = self.pieces.iter().find(|(r, p)| r.end == at && matches!(p, Piece::Known(_))) {
            return Some(p);
        }
        self.pieces.iter().find(|(r, _)| r.start <= at && at < r.end).or_else(|| self.pieces.last())
    }

    /// A virtual span mapped back to the source, and the piece it lies in.
    pub(super) fn locate(&self, span: Span, whole: Span) -> (Span, Option<&Piece>) {
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

    pub(super) fn map(&self, span: Span, whole: Span) -> Span {
        self.locate(span, whole).0
    }
}

pub(super) fn piece_span(p: &Piece, r: &Range<usize>, a: usize, b: usize) -> Span {
    match p {
        Piece::Known(k) => {
            let (s, e) = (a.max(r.start) - r.start, b.min(r.end).max(a.max(r.start)) - r.start);
            k.span_of(s..e)
        }
        Piece::Unknown(u) => u.span,
    }
}

/// The byte range of a skeleton that holds a secret, and its kind.
pub(super) fn secret_range(sk: &Skeleton, s: &Sent) -> Option<(Range<usize>, SecretKind)> {
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
pub(super) fn shown(sk: &Skeleton, s: &Sent) -> String {
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
