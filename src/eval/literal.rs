//! Literal text as known pieces: every byte with its source offset (through `@@` and `''`), split
//! where hole characters stand for deployment-time values and where deployment brought parts from
//! different places.

use super::{Evaluator, HOLE_BASE, HOLES, Known, Map, Piece, Trail, Unknown, What, has_holes};
use crate::model::Text;
use crate::source::Span;

impl Evaluator<'_, '_> {
    /// Bytes `r` of a string as known text (split where hole characters stand for deployment values).
    pub fn literal(&self, t: &Text, r: std::ops::Range<usize>) -> Vec<Piece> {
        let at: Vec<usize> = (r.start..=r.end).map(|i| t.span_of(i..i).start).collect();
        let k = Known { text: t.value[r].to_string(), map: Map::Bytes(at), in_expr: false, trail: Trail::default() };
        self.split_holes(k)
    }

    /// A literal part of a template, whose `@@` became `@`.
    pub(super) fn template_literal(&self, t: &Text, text: &str, range: &std::ops::Range<usize>) -> Vec<Piece> {
        if text.len() == range.len() {
            return self.literal(t, range.clone());
        }
        let src = &t.value[range.clone()];
        let mut at = Vec::with_capacity(text.len() + 1);
        let mut i = 0;
        while i < src.len() {
            let pos = t.span_of(range.start + i..range.start + i).start;
            if src[i..].starts_with("@@") {
                at.push(pos);
                i += 2;
            } else {
                let n = src[i..].chars().next().map_or(1, char::len_utf8);
                at.extend(std::iter::repeat_n(pos, n));
                i += n;
            }
        }
        at.push(t.span_of(range.end..range.end).start);
        at.truncate(text.len() + 1);
        while at.len() < text.len() + 1 {
            at.push(t.span_of(range.end..range.end).start);
        }
        self.split_holes(Known { text: text.to_string(), map: Map::Bytes(at), in_expr: false, trail: Trail::default() })
    }

    /// A string literal of an expression (quotes included in `range`; `''` is one quote).
    pub(super) fn string_literal(&self, t: &Text, value: &str, range: &std::ops::Range<usize>) -> Vec<Piece> {
        let src = t.value.get(range.start + 1..range.end.saturating_sub(1)).unwrap_or("");
        let mut at = Vec::with_capacity(value.len() + 1);
        let mut i = 0;
        while i < src.len() {
            let pos = t.span_of(range.start + 1 + i..range.start + 1 + i).start;
            if src[i..].starts_with("''") {
                at.push(pos);
                i += 2;
            } else {
                let n = src[i..].chars().next().map_or(1, char::len_utf8);
                at.extend(std::iter::repeat_n(pos, n));
                i += n;
            }
        }
        at.push(t.span_of(range.end.saturating_sub(1)..range.end.saturating_sub(1)).start);
        if at.len() != value.len() + 1 {
            // Not the literal the parser read (cannot happen): every byte at the literal.
            return vec![Piece::Known(Known::at(value.to_string(), t.span_of(range.clone()), true))];
        }
        self.split_holes(Known { text: value.to_string(), map: Map::Bytes(at), in_expr: true, trail: Trail::default() })
    }

    /// Splits a known text where hole characters stand for deployment-time values.
    pub(super) fn split_holes(&self, k: Known) -> Vec<Piece> {
        self.split_trails(k).into_iter().flat_map(|k| self.split_holes_only(k)).collect()
    }

    /// Splits a known text where deployment brought its parts from different places (a template
    /// parameter's default next to text written in place), each with its trail.
    fn split_trails(&self, k: Known) -> Vec<Known> {
        let at_byte = |i: usize| k.span_of(i..i + 1);
        let trail = |i: usize| self.env.trail_at(Span::new(at_byte(i).start, at_byte(i).start + 1));
        if k.text.is_empty() || (0..k.text.len()).all(|i| trail(i).is_none()) {
            return vec![k];
        }
        let mut out = Vec::new();
        let (mut start, mut current) = (0, trail(0));
        for (i, _) in k.text.char_indices().skip(1).chain([(k.text.len(), ' ')]) {
            let here = if i < k.text.len() { trail(i) } else { None };
            if i == k.text.len() || here != current {
                let mut part = k.slice(start..i);
                if let Some(t) = current.take() {
                    part.trail = t;
                }
                out.push(part);
                (start, current) = (i, here);
            }
        }
        out
    }

    fn split_holes_only(&self, k: Known) -> Vec<Piece> {
        if !has_holes(&k.text) {
            return vec![Piece::Known(k)];
        }
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in k.text.char_indices() {
            if (HOLE_BASE..HOLE_BASE + HOLES).contains(&(c as u32)) {
                if i > start {
                    out.push(Piece::Known(k.slice(start..i)));
                }
                let span = k.span_of(i..i + c.len_utf8());
                let u = self.env.hole(c).unwrap_or_else(|| Unknown::new(What::Complex, span));
                out.push(Piece::Unknown(u));
                start = i + c.len_utf8();
            }
        }
        if start < k.text.len() {
            out.push(Piece::Known(k.slice(start..k.text.len())));
        }
        out
    }
}
