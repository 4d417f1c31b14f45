//! Request paths made comparable with the tables' patterns, and how well a pattern matches.

/// A path made comparable: `%3A` decoded, each `:/path/to/item:` address folded into the segment
/// before it (`root:/a/b.txt:/content` → `root:{}/content`, so `/sites/{id}/lists` also matches
/// `/sites/host:/sites/hr:/lists`), a trailing `/`, `:` or `()` dropped.
pub(super) fn normalize(path: &str) -> String {
    let p = path.replace("%3A", ":").replace("%3a", ":");
    let mut out = String::with_capacity(p.len());
    let mut rest = p.as_str();
    while let Some(i) = rest.find(":/") {
        out.push_str(&rest[..i]);
        out.push_str(":{}");
        let after = &rest[i + 2..];
        rest = after.find(':').map_or("", |j| &after[j + 1..]);
    }
    out.push_str(rest);
    let t = out.trim_end_matches(['/', ':']);
    t.to_string()
}

pub(super) fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.strip_suffix("()").unwrap_or(s).trim_end_matches(':').to_string())
        .collect()
}

/// How well a path's segments match a pattern's: `None` when they do not; else the number of literal
/// characters matched (the most specific pattern wins).
pub(super) fn score(pattern: &[String], segs: &[String]) -> Option<usize> {
    if pattern.len() != segs.len() {
        return None;
    }
    let mut total = 0;
    for (p, s) in pattern.iter().zip(segs) {
        total += glob(p, s)?;
    }
    Some(total)
}

/// Matches one segment against a pattern where `{…}` stands for any non-empty text; literal text
/// compares case-insensitively. Returns the count of literal characters.
pub(super) fn glob(pattern: &str, seg: &str) -> Option<usize> {
    let mut pieces = Vec::new();
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        let j = rest[i..].find('}').map(|j| i + j)?;
        pieces.push(&rest[..i]);
        rest = &rest[j + 1..];
    }
    pieces.push(rest);
    let (s, lower) = (seg.to_ascii_lowercase(), |x: &str| x.to_ascii_lowercase());
    if pieces.len() == 1 {
        return (s == lower(pieces[0])).then_some(pieces[0].len());
    }
    let first = lower(pieces[0]);
    let last = lower(pieces[pieces.len() - 1]);
    if !s.starts_with(&first) || !s[first.len()..].ends_with(&last) {
        return None;
    }
    let mut pos = first.len();
    let end = s.len() - last.len();
    if end < pos {
        return None;
    }
    for mid in &pieces[1..pieces.len() - 1] {
        let m = lower(mid);
        // Each wildcard before this piece matches at least one character.
        let found = s.get(pos + 1..end)?.find(&m)? + pos + 1;
        pos = found + m.len();
    }
    // The last wildcard matches at least one character too.
    if end <= pos {
        return None;
    }
    Some(pieces.iter().map(|p| p.len()).sum())
}
