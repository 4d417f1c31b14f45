//! Expression parser tests: realistic expressions from flows.

use super::*;

#[test]
fn token_from_a_previous_action() {
    let s = "@{body('Get_token')?['access_token']}";
    let e = interp(s);
    assert_eq!(
        e,
        index(call("body", vec![string("Get_token", 7..18)], 2..19), string("access_token", 21..35), true, 2..36)
    );
}

#[test]
fn bearer_concat() {
    let s = "@concat('Bearer ', body('HTTP')?['access_token'])";
    let e = whole(s);
    assert_eq!(e.string_arg(0), Some("Bearer "));
    let token = &e.args()[1];
    assert_eq!(&s[token.range.clone()], "body('HTTP')?['access_token']");
    assert_eq!(token.root().string_arg(0), Some("HTTP"));
}

#[test]
fn flows_as_written() {
    let e = interp("@{string(outputs('Compose'))}");
    assert!(e.is_call("string") && e.args()[0].is_call("outputs"));
    assert_eq!(e.args()[0].string_arg(0), Some("Compose"));

    assert_eq!(interp("@{variables('token')}").string_arg(0), Some("token"));

    let s = "@parameters('$connections')['shared_sharepointonline']['connectionId']";
    let e = whole(s);
    assert_eq!(e.root().string_arg(0), Some("$connections"));
    let ExprKind::Index { index, null_safe: false, .. } = &e.kind else { panic!() };
    assert_eq!(index.as_str(), Some("connectionId"));

    let e = interp("@{items('Apply_to_each')?['id']}");
    assert_eq!(e.root().string_arg(0), Some("Apply_to_each"));

    let e = interp("@{triggerBody()?['text']}");
    assert!(e.root().is_call("triggerBody"));
    assert!(e.root().args().is_empty());

    let e = interp("@{if(equals(1, 1), 'a', 'b')}");
    assert!(e.is_call("if") && e.args()[0].is_call("equals"));
    assert_eq!(e.args()[0].args()[1].kind, ExprKind::Number("1".into()));
    assert_eq!(e.string_arg(2), Some("b"));

    let e = whole("@coalesce(triggerBody()?['x'], json('null'), base64('a:b'))");
    assert_eq!(e.args().len(), 3);
}

#[test]
fn braces_and_double_quotes_inside_strings_are_text() {
    let s = "@{json('{\"a\": 1}')}";
    let e = interp(s);
    assert_eq!(e.string_arg(0), Some("{\"a\": 1}"));
    assert_eq!(parts(s).len(), 1);
    let e = interp("@{concat('}', 'it''s }')}");
    assert_eq!(e.string_arg(1), Some("it's }"));
    // In a whole expression `@{` inside a string is text too.
    assert_eq!(whole("@concat('@{x}')").string_arg(0), Some("@{x}"));
}

#[test]
fn walk_visits_every_node_in_source_order() {
    let s = "@if(equals(body('a')?['b'], 'c'), 1, null)";
    let mut kinds = Vec::new();
    whole(s).walk(&mut |e| kinds.push(e.call_name().unwrap_or_else(|| s[e.range.clone()].to_string())));
    assert_eq!(kinds, ["if", "equals", "body('a')?['b']", "body", "'a'", "'b'", "'c'", "1", "null"]);
}
