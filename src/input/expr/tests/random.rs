//! Expression parser tests: random input.

use super::*;

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
