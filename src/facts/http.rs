//! The actions of a definition that send an HTTP request, and every header, URI and authentication
//! value of theirs as the engine will build it: evaluated by `eval/` through variables, Compose,
//! parameters and the known functions, alternative by alternative.

use crate::eval::{Evaluator, Piece, Value, has_holes, wdl::FlowEnv};
use crate::input::definition::Action;
use crate::input::raw;
use crate::model::{HttpRequest, Json, JsonKind, Text, pointer_segment};
use crate::source::{SourceFile, Span};

/// An action that sends an HTTP request.
pub struct HttpSite<'a> {
    pub path: String,
    pub pointer: String,
    pub node: &'a Json,
    /// Where its headers are: `<action>/inputs/headers/`, or a connector's parameter.
    pub headers_at: String,
    /// The request as written (HTTP actions only).
    pub request: Option<HttpRequest>,
    /// Its header, URI and authentication values as they will be sent.
    pub sent: Vec<Sent>,
}

/// Where a sent value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A header, by name as written.
    Header(String),
    Uri,
    /// A member of the HTTP action's `authentication` (`value`, `password`, `audience`, …).
    Auth(String),
}

impl Place {
    /// How to name the place in a message: `as Authorization`, `as its URI`, `as authentication.password`.
    pub fn describe(&self) -> String {
        match self {
            Place::Header(h) => format!("as {h}"),
            Place::Uri => "as its URI".into(),
            Place::Auth(f) => format!("as authentication.{f}"),
        }
    }
}

/// A header, URI or authentication value, evaluated.
#[derive(Debug, Clone)]
pub struct Sent {
    pub pointer: String,
    pub place: Place,
    /// The string as written.
    pub text: Text,
    /// True when it holds an expression or a deployment-time value: judged as evaluated, not as written.
    pub templated: bool,
    /// Its alternatives, each as the pieces of a string.
    pub alts: Vec<Vec<Piece>>,
}

/// The HTTP actions of a flow, their values evaluated in `env`.
pub fn sites<'a>(src: &SourceFile, actions: &[Action<'a>], env: &FlowEnv<'a>) -> Vec<HttpSite<'a>> {
    let ev = Evaluator::new(env);
    let mut out = Vec::new();
    for a in actions {
        let op = a
            .node
            .get("inputs")
            .and_then(|i| i.get("host"))
            .and_then(|h| h.get("operationId"))
            .and_then(Json::as_str)
            .unwrap_or("");
        let connector = a.is("OpenApiConnection") || a.is("ApiConnection");
        let (headers_at, connector_headers) = if a.is("Http") || a.is("HttpWebhook") {
            (format!("{}/inputs/headers/", a.pointer), None)
        } else if connector && op.eq_ignore_ascii_case("HttpRequest") {
            (format!("{}/inputs/parameters/parameters~1headers/", a.pointer), Some("parameters/headers"))
        } else if connector && op.eq_ignore_ascii_case("InvokeHttp") {
            (format!("{}/inputs/parameters/request~1headers/", a.pointer), Some("request/headers"))
        } else {
            continue;
        };
        let request = (a.is("Http") || a.is("HttpWebhook"))
            .then(|| a.node.get("inputs").filter(|i| i.is_object()))
            .flatten()
            .and_then(|inputs| raw::request(src, &tolerant(inputs), &format!("{}/inputs", a.pointer)).ok());
        let mut sent = Vec::new();
        if let Some(r) = &request {
            for h in &r.headers {
                if let JsonKind::String(t) = &h.value.kind {
                    sent.push(evaluate(&ev, t, &h.pointer, Place::Header(h.name.as_str().to_owned())));
                }
            }
            if let Some(u) = &r.uri {
                sent.push(evaluate(&ev, u, &format!("{}/uri", r.pointer), Place::Uri));
            }
            if let Some(auth) = &r.authentication {
                for m in auth.node.members() {
                    let field = m.key.value.to_ascii_lowercase();
                    if let (JsonKind::String(t), true) =
                        (&m.value.kind, ["value", "password", "secret", "pfx", "audience"].contains(&field.as_str()))
                    {
                        let pointer = format!("{}/{}", auth.pointer, pointer_segment(&m.key.value));
                        sent.push(evaluate(&ev, t, &pointer, Place::Auth(m.key.as_str().to_owned())));
                    }
                }
            }
        } else if let Some(key) = connector_headers {
            let headers = a.node.get("inputs").and_then(|i| i.get("parameters")).and_then(|p| p.get(key));
            for m in headers.map(Json::members).unwrap_or_default() {
                if let JsonKind::String(t) = &m.value.kind {
                    let pointer = format!("{headers_at}{}", pointer_segment(&m.key.value));
                    sent.push(evaluate(&ev, t, &pointer, Place::Header(m.key.as_str().to_owned())));
                }
            }
        }
        out.push(HttpSite {
            path: a.path.clone(),
            pointer: a.pointer.clone(),
            node: a.node,
            headers_at,
            request,
            sent,
        });
    }
    out
}

fn evaluate(ev: &Evaluator, t: &Text, pointer: &str, place: Place) -> Sent {
    let templated = !ev.is_plain(t) || has_holes(&t.value);
    let alts = if templated {
        ev.string(t)
            .into_iter()
            .map(|v| match v {
                Value::Str(p) => p,
                other => other.pieces(t.content_span()),
            })
            .collect()
    } else {
        Vec::new()
    };
    Sent { pointer: pointer.to_string(), place, text: t.clone(), templated, alts }
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

impl Sent {
    /// The span of the string as written, without its quotes.
    pub fn span(&self) -> Span {
        self.text.content_span()
    }
}
