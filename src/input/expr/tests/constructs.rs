//! Expression parser tests: expressions: each construct.

use super::*;

#[test]
fn literals() {
    assert_eq!(whole("@'text'").kind, ExprKind::Str("text".into()));
    assert_eq!(whole("@''").kind, ExprKind::Str(String::new()));
    assert_eq!(whole("@'it''s'").kind, ExprKind::Str("it's".into()));
    assert_eq!(whole("@''''").kind, ExprKind::Str("'".into()));
    assert_eq!(whole("@42").kind, ExprKind::Number("42".into()));
    assert_eq!(whole("@-1").kind, ExprKind::Number("-1".into()));
    assert_eq!(whole("@3.25").kind, ExprKind::Number("3.25".into()));
    assert_eq!(whole("@-0.5").kind, ExprKind::Number("-0.5".into()));
    assert_eq!(whole("@true").kind, ExprKind::Bool(true));
    assert_eq!(whole("@false").kind, ExprKind::Bool(false));
    assert_eq!(whole("@null").kind, ExprKind::Null);
    assert_eq!(whole("@True").kind, ExprKind::Bool(true));
}

#[test]
fn calls_with_no_one_and_many_arguments() {
    assert_eq!(whole("@utcNow()"), call("utcNow", vec![], 1..9));
    let e = whole("@concat('a', 1, true, null)");
    assert_eq!(e.args().len(), 4);
    assert_eq!(e.call_name().as_deref(), Some("concat"));
    assert_eq!(e.string_arg(0), Some("a"));
    assert_eq!(e.string_arg(1), None);
    assert_eq!(e.string_arg(9), None);
    assert_eq!(e.args()[3].kind, ExprKind::Null);
}

#[test]
fn call_names_are_kept_as_written_and_compared_case_insensitively() {
    let e = whole("@Body('HTTP')");
    assert!(matches!(&e.kind, ExprKind::Call { name, .. } if name == "Body"));
    assert_eq!(e.call_name().as_deref(), Some("body"));
    assert!(e.is_call("body"));
    assert!(e.is_call("BODY"));
    assert!(!e.is_call("outputs"));
    assert_eq!(string("x", 0..1).call_name(), None);
}

#[test]
fn member_and_index_reads() {
    let s = "@a().b?.c['d']?['e'][0]";
    let e = whole(s);
    assert_eq!(
        texts(s, &e),
        [
            "a().b?.c['d']?['e'][0]",
            "a().b?.c['d']?['e']",
            "a().b?.c['d']",
            "a().b?.c",
            "a().b",
            "a()",
            "'d'",
            "'e'",
            "0"
        ]
    );
    let ExprKind::Index { index: last, null_safe: false, target } = &e.kind else { panic!("{e:?}") };
    assert_eq!(last.kind, ExprKind::Number("0".into()));
    let ExprKind::Index { null_safe: true, target, .. } = &target.kind else { panic!() };
    let ExprKind::Index { null_safe: false, target, .. } = &target.kind else { panic!() };
    let ExprKind::Member { name, null_safe: true, target } = &target.kind else { panic!() };
    assert_eq!(name, "c");
    let ExprKind::Member { name, null_safe: false, .. } = &target.kind else { panic!() };
    assert_eq!(name, "b");
    assert!(e.root().is_call("a"));
}

#[test]
fn property_names_with_dollar_and_unicode() {
    let e = whole("@triggerBody()?.$content");
    assert!(matches!(&e.kind, ExprKind::Member { name, null_safe: true, .. } if name == "$content"));
    let e = whole("@body('x').größe");
    assert!(matches!(&e.kind, ExprKind::Member { name, .. } if name == "größe"));
}

#[test]
fn whitespace_between_tokens() {
    let s = "@{  concat ( 'a' ,\tbody( 'x' ) ?[ 'y' ] ) \n}";
    let e = interp(s);
    assert_eq!(&s[e.range.clone()], "concat ( 'a' ,\tbody( 'x' ) ?[ 'y' ] )");
    assert_eq!(
        texts(s, &e),
        ["concat ( 'a' ,\tbody( 'x' ) ?[ 'y' ] )", "'a'", "body( 'x' ) ?[ 'y' ]", "body( 'x' )", "'x'", "'y'"]
    );
    assert!(matches!(whole("@ body('x')").kind, ExprKind::Call { .. }));
    assert_eq!(whole("@x() ").range, 1..4);
}

#[test]
fn root_of_chains_and_of_plain_expressions() {
    let s = "@body('Get_token')?['access_token']";
    let e = whole(s);
    assert!(e.root().is_call("body"));
    assert_eq!(e.root().string_arg(0), Some("Get_token"));
    let lit = whole("@'x'");
    assert_eq!(lit.root(), &lit);
}

#[test]
fn template_exprs_lists_every_expression() {
    assert!(template("plain").unwrap().exprs().is_empty());
    assert_eq!(template("@x()").unwrap().exprs().len(), 1);
    let t = template("a @{x()} b @{y()}").unwrap();
    let names: Vec<_> = t.exprs().iter().filter_map(|e| e.call_name()).collect();
    assert_eq!(names, ["x", "y"]);
}

#[test]
fn unicode_space_between_tokens_and_letters_in_names() {
    // The lexer's ASCII fast path hands these to Unicode's rules: U+00A0 and U+3000 are white space,
    // `ü` and `名` are letters.
    let e = whole("@concat(\u{a0}'a',\u{3000}fünf(),\t\u{b}名前())");
    assert_eq!(e.call_name().as_deref(), Some("concat"));
    let names: Vec<_> = e.args().iter().map(|a| a.call_name()).collect();
    assert_eq!(names, [None, Some("fünf".into()), Some("名前".into())]);
    assert_eq!(e.args()[1].range, 17..24);
    assert_eq!(e.range, 1..36);
}
