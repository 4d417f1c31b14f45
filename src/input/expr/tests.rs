//! The WDL expression parser: each construct, templates as flows write them, the errors with their
//! messages and ranges, and random input (no panic, ranges inside the input).

use proptest::prelude::*;

use super::*;

fn whole(s: &str) -> Expr {
    match template(s) {
        Ok(Template::Whole(e)) => e,
        other => panic!("expected a whole expression for {s:?}, got {other:?}"),
    }
}

fn parts(s: &str) -> Vec<Part> {
    match template(s) {
        Ok(Template::Parts(p)) => p,
        other => panic!("expected parts for {s:?}, got {other:?}"),
    }
}

/// The only interpolation of a template.
fn interp(s: &str) -> Expr {
    match parts(s).as_slice() {
        [Part::Interpolation { expr, .. }] => expr.clone(),
        other => panic!("expected one interpolation for {s:?}, got {other:?}"),
    }
}

fn err(s: &str) -> ExprError {
    match template(s) {
        Err(e) => e,
        Ok(t) => panic!("expected an error for {s:?}, got {t:?}"),
    }
}

/// The message of the error and the text its range points at.
fn fail(s: &str) -> (String, &str) {
    let e = err(s);
    (e.message, &s[e.range])
}

fn call(name: &str, args: Vec<Expr>, range: Range<usize>) -> Expr {
    Expr { kind: ExprKind::Call { name: name.into(), args }, range }
}

fn string(value: &str, range: Range<usize>) -> Expr {
    Expr { kind: ExprKind::Str(value.into()), range }
}

fn index(target: Expr, idx: Expr, null_safe: bool, range: Range<usize>) -> Expr {
    Expr { kind: ExprKind::Index { target: Box::new(target), index: Box::new(idx), null_safe }, range }
}

fn lit(text: &str, range: Range<usize>) -> Part {
    Part::Literal { text: text.into(), range }
}

/// Every node's range, as the text it covers.
fn texts<'a>(s: &'a str, e: &Expr) -> Vec<&'a str> {
    let mut out = Vec::new();
    e.walk(&mut |n| out.push(&s[n.range.clone()]));
    out
}

// Templates: plain, whole, parts.

#[test]
fn plain_text_is_plain() {
    for s in ["", "hello", "Bearer abc", "user@example.com", " @body('x')", "a @ b", "{}", "a}b", "50%"] {
        assert_eq!(template(s), Ok(Template::Plain), "{s:?}");
    }
}

#[test]
fn whole_expression_keeps_its_range_in_the_string() {
    let s = "@parameters('x')";
    assert_eq!(whole(s), call("parameters", vec![string("x", 12..15)], 1..16));
    assert_eq!(texts(s, &whole(s)), ["parameters('x')", "'x'"]);
}

#[test]
fn interpolation_alone_is_parts() {
    let s = "@{variables('token')}";
    let p = parts(s);
    assert_eq!(
        p,
        [Part::Interpolation { expr: call("variables", vec![string("token", 12..19)], 2..20), range: 0..21 }]
    );
}

#[test]
fn text_with_an_interpolation() {
    let s = "Bearer @{variables('t')}";
    let p = parts(s);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0], lit("Bearer ", 0..7));
    let Part::Interpolation { expr, range } = &p[1] else { panic!("{p:?}") };
    assert_eq!(&s[range.clone()], "@{variables('t')}");
    assert_eq!(&s[expr.range.clone()], "variables('t')");
    assert_eq!(expr.call_name().as_deref(), Some("variables"));
    assert_eq!(expr.string_arg(0), Some("t"));
}

#[test]
fn two_interpolations_side_by_side() {
    let s = "@{a()}@{b()}";
    assert_eq!(
        parts(s),
        [
            Part::Interpolation { expr: call("a", vec![], 2..5), range: 0..6 },
            Part::Interpolation { expr: call("b", vec![], 8..11), range: 6..12 },
        ]
    );
}

#[test]
fn literal_text_around_and_between_interpolations() {
    let s = "https://@{p('host')}/sites/@{p('site')}?x=1";
    let p = parts(s);
    let shape: Vec<&str> = p
        .iter()
        .map(|p| match p {
            Part::Literal { range, .. } | Part::Interpolation { range, .. } => &s[range.clone()],
        })
        .collect();
    assert_eq!(shape, ["https://", "@{p('host')}", "/sites/", "@{p('site')}", "?x=1"]);
}

#[test]
fn escaped_at_signs() {
    assert_eq!(parts("@@{literal}"), [lit("@{literal}", 0..11)]);
    assert_eq!(parts("@@mention"), [lit("@mention", 0..9)]);
    assert_eq!(parts("@@"), [lit("@", 0..2)]);
    assert_eq!(parts("mail a@@b"), [lit("mail a@b", 0..9)]);
    // `@@` then an interpolation.
    let p = parts("@@@{x()}");
    assert_eq!(p[0], lit("@", 0..2));
    assert!(matches!(&p[1], Part::Interpolation { range, .. } if *range == (2..8)));
}

#[test]
fn a_lone_at_in_text_stays_literal() {
    let p = parts("to: a@b.com @{x()} @");
    assert_eq!(p[0], lit("to: a@b.com ", 0..12));
    assert_eq!(p[2], lit(" @", 18..20));
}

#[test]
fn unicode_literal_text_keeps_byte_ranges() {
    let s = "é→ @{x('ü')} ✓";
    let p = parts(s);
    assert_eq!(p[0], lit("é→ ", 0..6));
    let Part::Interpolation { expr, range } = &p[1] else { panic!() };
    assert_eq!(&s[range.clone()], "@{x('ü')}");
    assert_eq!(expr.string_arg(0), Some("ü"));
    assert_eq!(p[2], lit(" ✓", 16..20));
}

// Expressions: each construct.

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

// Realistic expressions from flows.

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

// Errors.

#[test]
fn unterminated_string_points_at_the_opening_quote() {
    assert_eq!(fail("@concat('abc"), ("unterminated string: no `'` closes it".into(), "'"));
    assert_eq!(err("@concat('abc").range, 8..9);
    assert_eq!(err("@{concat('a}").range, 9..10);
    assert_eq!(err("x @{concat('it''s)}").range, 11..12);
    assert_eq!(err("@'abc''").range, 1..2);
    assert!(err("@'x").help.unwrap().contains("''"));
}

#[test]
fn unterminated_interpolation_points_at_its_opening() {
    let s = "Bearer @{variables('t')";
    assert_eq!(fail(s), ("unterminated `@{`: no `}` closes it".into(), "@{"));
    assert_eq!(err(s).range, 7..9);
    assert_eq!(err("@{").range, 0..2);
}

#[test]
fn empty_interpolation_and_lone_at() {
    assert_eq!(fail("a @{} b"), ("empty interpolation `@{}`".into(), "@{}"));
    assert_eq!(fail("@{  }"), ("empty interpolation `@{}`".into(), "@{  }"));
    // A string that is `@` alone is text to the engine, as in a field for an e-mail separator.
    assert_eq!(template("@"), Ok(Template::Plain));
    assert_eq!(fail("@  "), ("lone `@`: no expression follows it".into(), "@"));
    assert!(err("@ ").help.unwrap().contains("@@"));
}

#[test]
fn unbalanced_parentheses_and_brackets() {
    assert_eq!(fail("@concat('a'"), ("unclosed `(`: no `)` closes it".into(), "("));
    assert_eq!(fail("@concat('a',"), ("unclosed `(`: no `)` closes it".into(), "("));
    assert_eq!(fail("@concat(body('x')"), ("unclosed `(`: no `)` closes it".into(), "("));
    assert_eq!(err("@concat(body('x')").range, 7..8);
    assert_eq!(fail("@concat('a'))"), ("unmatched `)`".into(), ")"));
    assert_eq!(fail("@body('x')['a'"), ("unclosed `[`: no `]` closes it".into(), "["));
    assert_eq!(fail("@body('x')["), ("unclosed `[`: no `]` closes it".into(), "["));
    assert_eq!(fail("@body('x')['a']]"), ("unmatched `]`".into(), "]"));
    assert_eq!(fail("@concat('a']"), ("`]` does not close `(`: expected `)`".into(), "]"));
    assert_eq!(fail("@body('x')['a')"), ("`)` does not close `[`: expected `]`".into(), ")"));
    assert_eq!(fail("@body('x')[]"), ("empty index `[]`".into(), "[]"));
}

#[test]
fn missing_arguments_and_trailing_commas() {
    let s = "@concat('a',,'b')";
    assert_eq!(fail(s), ("missing argument between commas".into(), ",,"));
    assert_eq!(fail("@concat('a', , 'b')"), ("missing argument between commas".into(), ", ,"));
    assert_eq!(fail("@concat(,'b')"), ("missing argument before `,`".into(), ","));
    assert_eq!(fail("@concat('a',)"), ("trailing comma: no argument after `,`".into(), ","));
    assert_eq!(err("@concat('a', )").range, 11..12);
    assert_eq!(fail("@concat('a' 'b')"), ("expected `,` or `)` after an argument, found the string 'b'".into(), "'b'"));
}

#[test]
fn unexpected_characters_are_named() {
    assert_eq!(fail("@concat('a') + 'b'"), ("unexpected character `+`".into(), "+"));
    assert_eq!(fail("@{a() # b}"), ("unexpected character `#`".into(), "#"));
    assert_eq!(fail("@x(é)"), ("`é` is not a function call: expected `(` after it".into(), "é"));
    assert_eq!(fail("@x(€)"), ("unexpected character `€`".into(), "€"));
    assert_eq!(fail("@x(\u{7})"), ("unexpected character `\\u{7}`".into(), "\u{7}"));
    assert_eq!(fail("@concat(@body('x'))").0, "unexpected character `@`");
    assert!(err("@concat(@body('x'))").help.unwrap().contains("without `@`"));
    assert!(err("@a()-b()").help.unwrap().contains("sub("));
    assert_eq!(fail("@{a() == b()}").1, "=");
    assert_eq!(fail("@x()}").1, "}");
}

#[test]
fn double_quotes_ask_for_single_quotes() {
    let s = "@equals(body('x'), \"abc\")";
    let e = err(s);
    assert_eq!(e.message, "expressions take single quotes: 'abc'");
    assert_eq!(&s[e.range], "\"abc\"");
    assert_eq!(fail("@\"it's"), ("expressions take single quotes: 'text'".into(), "\""));
    assert_eq!(fail("@\"it's\"").0, "expressions take single quotes: 'it''s'");
    // In an interpolation, the `}` ends the expression first.
    assert_eq!(fail("@{json(\"{}\")}"), ("expressions take single quotes: 'text'".into(), "\""));
}

#[test]
fn other_errors() {
    assert_eq!(fail("@variables"), ("`variables` is not a function call: expected `(` after it".into(), "variables"));
    assert_eq!(fail("@body('x').").0, "expected a property name after `.`, found the end of the expression");
    assert_eq!(
        fail("@body('x')."),
        ("expected a property name after `.`, found the end of the expression".into(), ".")
    );
    assert_eq!(fail("@body('x').'a'").1, "'a'");
    assert_eq!(fail("@body('x')?"), ("expected `[` or `.` after `?`, found the end of the expression".into(), "?"));
    assert_eq!(fail("@body('x')?('a')").1, "(");
    assert_eq!(fail("@a() b()"), ("unexpected `b` after the end of the expression".into(), "b"));
    assert_eq!(fail("@a(), b()").1, ",");
    assert_eq!(fail("@(1)"), ("expected an expression, found `(`".into(), "("));
    assert_eq!(fail("@-"), ("unexpected character `-`".into(), "-"));
    assert_eq!(fail("@12abc").1, "abc");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let ok = format!("@{}x(){}", "a(".repeat(50), ")".repeat(50));
    assert_eq!(whole(&ok).range, 1..ok.len());
    let deep = format!("@{}", "a(".repeat(100_000));
    assert_eq!(err(&deep).message, "expression nested too deeply");
    let deep = format!("@x(){}", "[x()".repeat(100_000));
    assert_eq!(err(&deep).message, "expression nested too deeply");
    let long = format!("@x(){}", "?.a".repeat(100_000));
    assert_eq!(err(&long).message, "expression nested too deeply");
    let fine = format!("@x(){}", "?['a']".repeat(40));
    assert_eq!(whole(&fine).root().range, 1..4);
}

#[test]
fn errors_inside_interpolations_point_into_the_whole_string() {
    let s = "x @{a()} y @{concat('a',,'b')}";
    assert_eq!(fail(s), ("missing argument between commas".into(), ",,"));
    assert_eq!(err(s).range, 23..25);
    assert_eq!(fail("x @{a() b()} y"), ("unexpected `b` after the end of the expression".into(), "b"));
    assert_eq!(err("x @{a(} y").range, 5..6);
    assert_eq!(fail("x @{ a()['k' 'j'] }"), ("expected `]`, found the string 'j'".into(), "'j'"));
}

#[test]
fn parse_offsets_ranges_by_base() {
    let e = parse("body('x')", 10).unwrap();
    assert_eq!(e.range, 10..19);
    assert_eq!(e.args()[0].range, 15..18);
    assert_eq!(parse("", 4).unwrap_err().range, 4..4);
    assert_eq!(parse("'a", 4).unwrap_err().range, 4..5);
}

#[test]
fn errors_display_their_message() {
    assert_eq!(err("@x(").to_string(), "unclosed `(`: no `)` closes it");
}

// Random input.

fn check_ranges(s: &str, e: &Expr) {
    e.walk(&mut |n| {
        assert!(n.range.start <= n.range.end && n.range.end <= s.len(), "{n:?} in {s:?}");
        assert!(s.is_char_boundary(n.range.start) && s.is_char_boundary(n.range.end), "{n:?} in {s:?}");
    });
}

fn check(s: &str) {
    let inside = |r: &Range<usize>| {
        r.start <= r.end && r.end <= s.len() && s.is_char_boundary(r.start) && s.is_char_boundary(r.end)
    };
    match template(s) {
        Ok(Template::Plain) => {}
        Ok(Template::Whole(e)) => check_ranges(s, &e),
        Ok(Template::Parts(parts)) => {
            let mut at = 0;
            for p in parts {
                let r = match p {
                    Part::Literal { range, .. } => range,
                    Part::Interpolation { expr, range } => {
                        check_ranges(s, &expr);
                        range
                    }
                };
                assert!(inside(&r) && r.start == at, "{r:?} in {s:?}");
                at = r.end;
            }
            assert_eq!(at, s.len(), "parts do not cover {s:?}");
        }
        Err(e) => assert!(inside(&e.range), "{e:?} in {s:?}"),
    }
}

proptest! {
    #[test]
    fn random_strings_never_panic(s in "\\PC{0,40}") {
        check(&s);
    }

    #[test]
    fn random_expression_like_strings_never_panic(s in "(@|@\\{|x@\\{)?[@{}()\\[\\]'\",.?a-c0-9 \\-é]{0,40}") {
        check(&s);
    }

    #[test]
    fn random_any_chars_never_panic(s in any::<String>()) {
        check(&s);
        let _ = parse(&s, 0);
    }
}

/// Valid expression text, with whitespace, escaped quotes and braces in strings.
fn expression_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[a-z{}\"'@ é]{0,6}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        "-?[0-9]{1,3}(\\.[0-9]{1,2})?",
        Just("true".to_string()),
        Just("null".to_string()),
        "[a-zA-Z_][a-zA-Z0-9_]{0,6}".prop_map(|n| format!("{n}()")),
    ];
    leaf.prop_recursive(5, 40, 4, |inner| {
        prop_oneof![
            ("[a-z]{1,6}", prop::collection::vec(inner.clone(), 1..4))
                .prop_map(|(n, args)| format!("{n}( {} )", args.join(" ,"))),
            (inner.clone(), "[a-z$]{1,5}", any::<bool>())
                .prop_map(|(t, n, safe)| format!("{t}{}{n}", if safe { "?." } else { "." })),
            (inner.clone(), inner, any::<bool>())
                .prop_map(|(t, i, safe)| format!("{t}{}[ {i}]", if safe { "?" } else { "" })),
        ]
    })
}

proptest! {
    #[test]
    fn valid_expressions_parse_the_same_everywhere(e in expression_text()) {
        let parsed = parse(&e, 0).unwrap_or_else(|err| panic!("{err:?} for {e}"));
        prop_assert_eq!(parsed.range.clone(), 0..e.len());
        check_ranges(&e, &parsed);
        prop_assert_eq!(template(&format!("@{e}")), Ok(Template::Whole(parse(&e, 1).unwrap())));
        let s = format!("a @{{{e}}}@@");
        let expected = vec![
            lit("a ", 0..2),
            Part::Interpolation { expr: parse(&e, 4).unwrap(), range: 2..e.len() + 5 },
            lit("@", e.len() + 5..e.len() + 7),
        ];
        prop_assert_eq!(template(&s), Ok(Template::Parts(expected)));
    }
}
