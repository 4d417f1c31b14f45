//! Properties: any string as an Authorization value never panics, and every finding points inside
//! the value, on character boundaries, both in the parser and through the whole JSON pipeline.

use authlint::auth;
use authlint::input::{json, raw};
use authlint::rules::{Context, Environment, RequestFacts, check_request};
use authlint::source::SourceFile;
use authlint::time::Reference;
use proptest::prelude::*;

/// Strings rich in what Authorization values go wrong with.
fn auth_value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Bearer".to_string()),
        Just("Basic".to_string()),
        Just("bearer".to_string()),
        Just(" ".to_string()),
        Just("\u{00A0}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\"".to_string()),
        Just("\\\"".to_string()),
        Just("'".to_string()),
        Just("\u{201C}".to_string()),
        Just("\u{201D}".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("@{".to_string()),
        Just("{{".to_string()),
        Just("%20".to_string()),
        Just("&quot;".to_string()),
        Just("\r\n".to_string()),
        Just(":".to_string()),
        Just("=".to_string()),
        Just("eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.c2ln".to_string()),
        Just("dXNlcjpwYXNz".to_string()),
        "[a-zA-Z0-9+/=_.-]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000),
        failure_persistence: Some(Box::new(prop::test_runner::FileFailurePersistence::Direct("tests/props.proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn parser_ranges_lie_inside_the_value(v in auth_value()) {
        let parsed = auth::parse(&v);
        for p in &parsed.problems {
            let r = p.range();
            prop_assert!(r.start <= r.end && r.end <= v.len(), "{p:?} outside {v:?}");
            prop_assert!(v.is_char_boundary(r.start) && v.is_char_boundary(r.end), "{p:?} splits a character of {v:?}");
        }
        if let Some(c) = &parsed.credential {
            prop_assert!(c.end <= v.len() && v.is_char_boundary(c.start) && v.is_char_boundary(c.end));
        }
        if let Some(s) = parsed.secret(&v) {
            prop_assert!(s.end <= v.len() && v.is_char_boundary(s.start) && v.is_char_boundary(s.end));
        }
    }

    #[test]
    fn findings_point_inside_the_header_value_in_the_json(v in auth_value()) {
        let doc = format!("{{\"method\": \"GET\", \"uri\": \"https://graph.microsoft.com/v1.0/me\", \"headers\": {{\"Authorization\": {}}}}}", serde_json::to_string(&v).unwrap());
        let src = SourceFile::from_text("p.json", doc);
        let j = json::parse(&src).unwrap();
        let raw::RawDocument::Inputs(req) = raw::read(&src, &j).unwrap() else { panic!("not inputs") };
        let value_span = req.headers[0].value.span;
        let facts = RequestFacts::new(0, &req, Environment::at(Reference::clock()));
        let mut cx = Context::new();
        check_request(&mut cx, &facts);
        for d in cx.diagnostics.iter().filter(|d| d.pointer == "/headers/Authorization") {
            prop_assert!(value_span.contains(d.span), "{} at {:?} outside the value {:?} of {:?}", d.rule, d.span, value_span, v);
            prop_assert!(src.text.is_char_boundary(d.span.start) && src.text.is_char_boundary(d.span.end));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000),
        failure_persistence: Some(Box::new(prop::test_runner::FileFailurePersistence::Direct("tests/props.proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Any WWW-Authenticate value parses without panicking; every challenge has a scheme.
    #[test]
    fn challenges_never_panic(v in prop::collection::vec(prop_oneof![
        Just("Bearer".to_string()), Just(" ".to_string()), Just(",".to_string()), Just("=".to_string()),
        Just("\"".to_string()), Just("\\".to_string()), Just("realm".to_string()), Just("error=\"invalid_token\"".to_string()),
        "[a-zA-Z0-9:/._-]{0,8}", any::<String>(),
    ], 0..10).prop_map(|v| v.concat())) {
        for c in authlint::input::challenge::parse(&v) {
            prop_assert!(!c.scheme.is_empty());
        }
    }

    /// Any token text decodes without panicking, with every problem inside the token.
    #[test]
    fn jwt_inspection_never_panics(v in prop::collection::vec(prop_oneof![
        Just("eyJ".to_string()), Just(".".to_string()), Just("=".to_string()), Just("…".to_string()),
        Just("eyJhbGciOiJub25lIn0".to_string()), Just("eyJleHAiOiJ4In0".to_string()),
        "[a-zA-Z0-9_-]{0,12}", any::<String>(),
    ], 0..8).prop_map(|v| v.concat())) {
        let j = authlint::jwt::inspect(&v);
        for p in &j.problems {
            prop_assert!(p.range.end <= v.len() && v.is_char_boundary(p.range.start) && v.is_char_boundary(p.range.end), "{p:?} in {v:?}");
        }
    }
}
