//! Expression parser tests: errors.

use super::*;

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
