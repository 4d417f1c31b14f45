//! HTTP actions in a definition. Header and URI values are templates: their literal skeleton (each
//! expression replaced by a placeholder) goes through the request rules, and a finding is kept only
//! where the literal text decides it (`Bearer@{…}` is a missing space; what an expression yields is
//! not known before the run).

use std::ops::Range;

use super::StringSite;
use crate::auth::Problem;
use crate::config::CustomResource;
use crate::diagnostic::FileId;
use crate::input::definition::Action;
use crate::input::expr::{Part, Template};
use crate::input::raw;
use crate::model::{HttpRequest, Json, JsonKind, Text};
use crate::source::Span;

use super::values::Values;
use crate::rules::{self, Context, Environment, RequestFacts};
use crate::source::SourceFile;
use crate::time::Reference;

/// Stands for an expression's value in a skeleton: long enough to look like a credential.
const PLACEHOLDER: &str = "authlintplaceholder0000";

/// The placeholder ranges of each templated string, by JSON pointer.
pub type Holes = Vec<(String, Vec<Range<usize>>)>;

/// An action that sends an HTTP request.
pub struct HttpSite<'a> {
    pub path: String,
    pub pointer: String,
    pub node: &'a Json,
    /// Where its headers are: `<action>/inputs/headers/`, or a connector's parameter.
    pub headers_at: String,
    /// The request with template values replaced by their skeletons (HTTP actions only), and for
    /// each value's pointer the placeholder ranges in its skeleton.
    pub request: Option<(HttpRequest, Holes)>,
    /// The source spans of expressions replaced by the literal they stand for (a variable's value).
    pub resolved: Vec<Span>,
}

/// The HTTP actions of a flow.
pub fn sites<'a>(
    src: &SourceFile,
    actions: &[Action<'a>],
    strings: &[StringSite],
    values: &Values,
) -> Vec<HttpSite<'a>> {
    let mut out = Vec::new();
    for a in actions {
        let op = a
            .node
            .get("inputs")
            .and_then(|i| i.get("host"))
            .and_then(|h| h.get("operationId"))
            .and_then(Json::as_str)
            .unwrap_or("");
        let headers_at = if a.is("Http") || a.is("HttpWebhook") {
            format!("{}/inputs/headers/", a.pointer)
        } else if (a.is("OpenApiConnection") || a.is("ApiConnection")) && op.eq_ignore_ascii_case("HttpRequest") {
            format!("{}/inputs/parameters/parameters~1headers/", a.pointer)
        } else if (a.is("OpenApiConnection") || a.is("ApiConnection")) && op.eq_ignore_ascii_case("InvokeHttp") {
            format!("{}/inputs/parameters/request~1headers/", a.pointer)
        } else {
            continue;
        };
        let request = (a.is("Http") || a.is("HttpWebhook"))
            .then(|| a.node.get("inputs").filter(|i| i.is_object()))
            .flatten()
            .and_then(|inputs| raw::request(src, &tolerant(inputs), &format!("{}/inputs", a.pointer)).ok())
            .map(|r| skeletons(r, strings, values));
        let (request, resolved) = match request {
            Some((r, h, res)) => (Some((r, h)), res),
            None => (None, Vec::new()),
        };
        out.push(HttpSite {
            path: a.path.clone(),
            pointer: a.pointer.clone(),
            node: a.node,
            headers_at,
            request,
            resolved,
        });
    }
    out
}

/// The inputs without members whose type only an expression gives (`"headers": "@variables('h')"`).
fn tolerant(inputs: &Json) -> Json {
    let JsonKind::Object(members) = &inputs.kind else { return inputs.clone() };
    let keep = |m: &&crate::model::Member| {
        let structured = ["headers", "queries", "authentication"].iter().any(|k| m.key.value.eq_ignore_ascii_case(k));
        !structured || m.value.is_object()
    };
    Json { span: inputs.span, kind: JsonKind::Object(members.iter().filter(keep).cloned().collect()) }
}

/// A template's skeleton: literal text kept, each expression replaced by the placeholder, with the
/// map back to the source; `None` for plain text.
fn skeleton(
    t: &Text,
    template: &Template,
    values: &Values,
    resolved: &mut Vec<Span>,
) -> Option<(Text, Vec<Range<usize>>)> {
    let (mut value, mut offsets, mut holes) = (String::new(), Vec::new(), Vec::new());
    let mut hole = |value: &mut String, offsets: &mut Vec<usize>, at: usize| {
        let start = value.len();
        value.push_str(PLACEHOLDER);
        offsets.extend(std::iter::repeat_n(at, PLACEHOLDER.len()));
        holes.push(start..value.len());
    };
    match template {
        Template::Plain => return None,
        Template::Whole(e) => match values.resolve(e) {
            Some(known) => {
                value.push_str(known);
                offsets.extend(std::iter::repeat_n(t.content_span().start, known.len()));
                resolved.push(t.content_span());
            }
            None => hole(&mut value, &mut offsets, t.content_span().start),
        },
        Template::Parts(parts) => {
            for p in parts {
                match p {
                    Part::Literal { text, range } => {
                        // `@@` became `@`: map each literal byte to where it starts in the source.
                        let src_start = t.span_of(range.clone()).start;
                        if text.len() == range.len() {
                            offsets
                                .extend((0..text.len()).map(|i| t.span_of(range.start + i..range.start + i + 1).start));
                        } else {
                            offsets.extend(std::iter::repeat_n(src_start, text.len()));
                        }
                        value.push_str(text);
                    }
                    Part::Interpolation { range, expr } => match values.resolve(expr) {
                        // A literal behind a variable, parameter or Compose: judged as if written here,
                        // and pointed at by the expression that brings it.
                        Some(known) => {
                            value.push_str(known);
                            offsets.extend(std::iter::repeat_n(t.span_of(range.clone()).start, known.len()));
                            resolved.push(t.span_of(range.clone()));
                        }
                        None => hole(&mut value, &mut offsets, t.span_of(range.clone()).start),
                    },
                }
            }
        }
    }
    offsets.push(t.content_span().end);
    Some((Text::escaped(value, t.span, offsets), holes))
}

/// The template of the string at `pointer`; one that does not parse (expr-syntax reports it) counts as
/// a single expression, whose value is unknown.
fn template_of(strings: &[StringSite], pointer: &str) -> Option<Template> {
    let s = strings.iter().find(|s| s.pointer == pointer)?;
    Some(match &s.template {
        Ok(t) => t.clone(),
        Err(_) => Template::Whole(crate::input::expr::Expr { kind: crate::input::expr::ExprKind::Null, range: 0..0 }),
    })
}

/// Replaces header and URI values by their skeletons.
fn skeletons(mut r: HttpRequest, strings: &[StringSite], values: &Values) -> (HttpRequest, Holes, Vec<Span>) {
    let (mut holes, mut resolved) = (Vec::new(), Vec::new());
    for h in &mut r.headers {
        if let (JsonKind::String(t), Some(tpl)) = (&h.value.kind, template_of(strings, &h.pointer))
            && let Some((sk, ranges)) = skeleton(t, &tpl, values, &mut resolved)
        {
            h.value = Json { span: h.value.span, kind: JsonKind::String(sk) };
            holes.push((h.pointer.clone(), ranges));
        }
    }
    let uri_ptr = format!("{}/uri", r.pointer);
    if let (Some(u), Some(tpl)) = (&r.uri, template_of(strings, &uri_ptr))
        && let Some((sk, ranges)) = skeleton(u, &tpl, values, &mut resolved)
    {
        let lower = Text::escaped(
            sk.value.replace(PLACEHOLDER, &PLACEHOLDER.to_ascii_lowercase()),
            sk.span,
            (0..=sk.value.len()).map(|i| sk.span_of(i..i).start).collect(),
        );
        r.uri = Some(lower);
        holes.push((uri_ptr, ranges));
    }
    r.queries.retain(|q| !q.in_uri || !q.value.contains(PLACEHOLDER));
    (r, holes, resolved)
}

fn overlaps(r: &Range<usize>, holes: &[Range<usize>]) -> bool {
    holes.iter().any(|h| r.start < h.end && h.start < r.end.max(r.start + 1))
}

impl HttpSite<'_> {
    /// Runs the request rules on the skeleton, keeping what the literal text decides.
    pub fn check(&self, cx: &mut Context, file: FileId, now: Reference, custom: &[CustomResource]) {
        let Some((req, holes)) = &self.request else { return };
        let mut facts = RequestFacts::new(file, req, Environment { token: None, now, uri_file: None, custom });
        for site in &mut facts.sites {
            let Some((_, h)) = holes.iter().find(|(p, _)| *p == site.pointer) else { continue };
            site.parsed.problems.retain(|p| match p {
                // The missing or extra space between a literal scheme and an expression is decided.
                Problem::Separator { .. } => true,
                // Quotes around the whole value, scheme included, are decided by the literal text
                // (auth-quoted); quotes around an expression alone are expr-quote-wrap's.
                Problem::Quoted { whole: true, .. } => true,
                Problem::Quoted { range, close, .. } => {
                    !touches(range, h)
                        && !close.as_ref().is_some_and(|c| touches(c, h))
                        && !quotes_hole(range, close, h)
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
        // rules would say it again, and differently every day.
        let new = cx.diagnostics.split_off(before);
        // A finding that speaks of a placeholder was decided by an unknown value, not the literal text.
        let unknown = PLACEHOLDER.to_ascii_lowercase();
        cx.diagnostics.extend(new.into_iter().filter(|d| {
            !matches!(d.rule, "jwt-expired" | "jwt-not-yet-valid") && !d.message.to_ascii_lowercase().contains(&unknown)
        }));
        // A finding inside a value brought by an expression points at the whole expression.
        for d in &mut cx.diagnostics[before..] {
            if let Some(r) =
                self.resolved.iter().find(|r| r.start <= d.span.start && d.span.end <= r.end.max(d.span.start))
            {
                d.span = *r;
            }
        }
    }
}

/// True when a quote sits right next to a placeholder.
fn touches(q: &Range<usize>, holes: &[Range<usize>]) -> bool {
    holes.iter().any(|h| q.end == h.start || q.start == h.end)
}

/// True when a pair of quotes encloses a placeholder.
fn quotes_hole(open: &Range<usize>, close: &Option<Range<usize>>, holes: &[Range<usize>]) -> bool {
    close.as_ref().is_some_and(|c| holes.iter().any(|h| open.end <= h.start && h.end <= c.start))
}
