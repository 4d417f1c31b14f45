//! Expression parser tests: templates: plain, whole, parts.

use super::*;

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
