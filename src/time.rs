//! The reference time tokens are judged at, and durations in human terms.

use chrono::{DateTime, Utc};

/// Clock skew allowed either way, as Microsoft.IdentityModel's default (5 minutes).
pub const SKEW_SECONDS: i64 = 300;

/// Where the reference time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--now`.
    Flag,
    /// The `Date` header of the response: the time of the run itself.
    ResponseDate,
    /// This machine's clock.
    Clock,
}

/// The time a token is judged at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub at: DateTime<Utc>,
    pub source: Source,
}

impl Reference {
    pub fn clock() -> Reference {
        Reference { at: Utc::now(), source: Source::Clock }
    }
    /// How the reference is named in a message: "the request", "--now", "now".
    pub fn name(&self) -> &'static str {
        match self.source {
            Source::Flag => "the time given with --now",
            Source::ResponseDate => "the request",
            Source::Clock => "now",
        }
    }
    pub fn timestamp(&self) -> i64 {
        self.at.timestamp()
    }
}

/// Parses an HTTP `Date` header (IMF-fixdate, RFC 9110 §5.6.7) or an RFC 3339 time.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_rfc2822(s).or_else(|_| DateTime::parse_from_rfc3339(s)).ok().map(|t| t.with_timezone(&Utc))
}

/// `2 h 14 min`, `41 min`, `3 days 2 h`, `45 s`.
pub fn human(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (1, 0, _) => "1 day".to_string(),
        (d, 0, _) => format!("{d} days"),
        (d, h, _) => format!("{d} day{} {h} h", if d == 1 { "" } else { "s" }),
    }
}

/// A token lifetime: minutes below three hours (`75 min`, as Entra ID documents 60-90 min), else
/// [`human`].
pub fn lifetime(seconds: i64) -> String {
    if seconds.abs() < 60 {
        human(seconds)
    } else if seconds.abs() < 3 * 3600 {
        format!("{} min", seconds.abs() / 60)
    } else {
        human(seconds)
    }
}

/// A Unix time as UTC: `09:46 UTC` on the reference's day, else `2026-11-10 09:46 UTC`.
pub fn utc(t: i64, reference: &Reference) -> String {
    let Some(at) = DateTime::<Utc>::from_timestamp(t, 0) else {
        return format!("{t} (out of range)");
    };
    if at.date_naive() == reference.at.date_naive() {
        at.format("%H:%M UTC").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M UTC").to_string()
    }
}

/// A Unix time in full: `2026-11-10 09:46:00 UTC`.
pub fn full(t: i64) -> String {
    DateTime::<Utc>::from_timestamp(t, 0)
        .map_or_else(|| format!("{t} (out of range)"), |at| at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_person_wrote_them() {
        assert_eq!(human(45), "45 s");
        assert_eq!(human(41 * 60 + 10), "41 min");
        assert_eq!(human(2 * 3600 + 14 * 60), "2 h 14 min");
        assert_eq!(human(-3600), "1 h");
        assert_eq!(human(86_400 + 7200), "1 day 2 h");
        assert_eq!(human(3 * 86_400), "3 days");
    }

    #[test]
    fn parses_http_dates_and_rfc3339() {
        let a = parse("Tue, 10 Nov 2026 12:00:31 GMT").unwrap();
        let b = parse("2026-11-10T12:00:31Z").unwrap();
        assert_eq!(a, b);
        assert!(parse("yesterday").is_none());
        let r = Reference { at: a, source: Source::ResponseDate };
        assert_eq!(utc(a.timestamp() - 3600, &r), "11:00 UTC");
        assert_eq!(utc(a.timestamp() - 86_400, &r), "2026-11-09 12:00 UTC");
    }
}
