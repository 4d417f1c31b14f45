use super::*;

const JWT: &str =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLW5vdC1yZWFs";

/// The problem kinds found, by name, with the text each points at.
fn kinds(v: &str) -> Vec<(String, String)> {
    parse(v)
        .problems
        .iter()
        .map(|p| {
            let name = format!("{p:?}");
            let name = name.split([' ', '{']).next().unwrap().to_string();
            (name, v[p.range()].to_string())
        })
        .collect()
}

fn names(v: &str) -> Vec<String> {
    kinds(v).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn a_clean_bearer_and_basic_have_no_problems() {
    assert!(parse(&format!("Bearer {JWT}")).problems.is_empty());
    assert!(parse("Basic dXNlcjpwYXNzd29yZA==").problems.is_empty());
    assert!(parse("Basic dXNlcjpwYXNzd29yZA").problems.is_empty(), "unpadded base64 is accepted");
    assert!(parse("SharedAccessSignature sr=x&sig=y").problems.is_empty());
    let v = parse(&format!("Bearer {JWT}"));
    assert_eq!(v.canonical_scheme(), Some("Bearer"));
    assert_eq!(v.credential, Some(7..7 + JWT.len()));
}

#[test]
fn quote_wrapping_in_every_form() {
    for v in [
        format!("\"Bearer {JWT}\""),
        format!("'Bearer {JWT}'"),
        format!("\\\"Bearer {JWT}\\\""),
        format!("\u{201C}Bearer {JWT}\u{201D}"),
    ] {
        let k = kinds(&v);
        assert_eq!(names(&v), ["Quoted"], "{v}: {k:?}");
        assert_eq!(parse(&v).credential.map(|r| &v[r]), Some(JWT));
    }
    for v in [
        format!("Bearer \"{JWT}\""),
        format!("Bearer \\\"{JWT}\\\""),
        format!("Bearer '{JWT}'"),
        format!("Bearer \u{2018}{JWT}\u{2019}"),
    ] {
        assert_eq!(names(&v), ["Quoted"], "{v}");
        let p = &parse(&v).problems[0];
        assert!(matches!(p, Problem::Quoted { whole: false, close: Some(_), .. }), "{p:?}");
    }
    // A lone closing quote (the opening one was lost) is still quoting.
    assert_eq!(names(&format!("Bearer {JWT}\"")), ["Quoted"]);
}

#[test]
fn json_inserted_as_value_or_credential() {
    let body = r#"{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0eXAi.x.y"}"#;
    assert!(matches!(parse(body).problems[..], [Problem::JsonValue { whole: true, access_token: true, .. }]));
    assert!(matches!(
        parse(&format!("Bearer {body}")).problems[..],
        [Problem::JsonValue { whole: false, access_token: true, .. }]
    ));
    assert_eq!(names("Bearer [\"a\"]"), ["JsonValue"]);
    assert_eq!(names("\"{\\\"access_token\\\":\\\"x\\\"}\""), ["Quoted", "JsonValue"]);
}

#[test]
fn templates_left_in_the_value() {
    assert_eq!(
        kinds("Bearer @{body('Get_token')?['access_token']}"),
        [("Unevaluated".into(), "@{body('Get_token')?['access_token']}".into())]
    );
    assert_eq!(names("Bearer {{token}}"), ["Unevaluated"]);
    assert_eq!(names("@{variables('auth')}"), ["Unevaluated"]);
    assert_eq!(names("Bearer <access_token>"), ["Unevaluated"]);
}

#[test]
fn scheme_problems() {
    assert_eq!(kinds(JWT), [("SchemeMissing".into(), JWT.into())]);
    assert_eq!(names(&format!("Baerer {JWT}")), ["SchemeUnknown"]);
    assert!(matches!(
        &parse(&format!("Baerer {JWT}")).problems[0],
        Problem::SchemeUnknown { suggestion: Some("Bearer"), .. }
    ));
    assert!(matches!(
        &parse(&format!("Token {JWT}")).problems[0],
        Problem::SchemeUnknown { suggestion: Some("Bearer"), jwt: true, .. }
    ));
    assert!(parse("Token 0123456789abcdef").problems.is_empty(), "Token with an opaque key is a real scheme");
    assert_eq!(kinds(&format!("bearer {JWT}")), [("SchemeCase".into(), "bearer".into())]);
    assert_eq!(kinds(&format!("Bearer Bearer {JWT}")), [("SchemeRepeated".into(), "Bearer".into())]);
    assert_eq!(names(&format!("Bearer bearer Bearer {JWT}")), ["SchemeRepeated", "SchemeRepeated"]);
    assert_eq!(names("Bearer"), ["Empty"]);
    assert_eq!(names("Bearer \"\""), ["Quoted", "Empty"]);
    assert_eq!(names("Custom-Scheme abc"), ["SchemeUnknown"], "an unknown scheme is named");
}

#[test]
fn separator_problems() {
    for (v, found) in [
        (format!("Bearer  {JWT}"), "2 spaces"),
        (format!("Bearer\t{JWT}"), "tab (U+0009)"),
        (format!("Bearer\u{00A0}{JWT}"), "no-break space (U+00A0)"),
        (format!("Bearer{JWT}"), "nothing"),
        (format!("Bearer:{JWT}"), "':'"),
    ] {
        let av = parse(&v);
        assert!(
            matches!(&av.problems[..], [Problem::Separator { found: f, .. }] if f == found),
            "{v:?}: {:?}",
            av.problems
        );
        assert_eq!(av.credential.map(|r| &v[r]), Some(JWT), "{v:?}");
    }
    assert!(matches!(&parse(&format!("Bearer: {JWT}")).problems[..], [Problem::Separator { .. }]));
}

#[test]
fn whitespace_invisible_and_encoding() {
    assert_eq!(
        kinds(&format!(" Bearer {JWT}\r\n")),
        [("Whitespace".into(), " ".into()), ("Whitespace".into(), "\r\n".into())]
    );
    assert!(matches!(
        &parse(&format!("Bearer {JWT}\n")).problems[..],
        [Problem::Whitespace { place: WsPlace::LineBreak, .. }]
    ));
    let (a, b) = JWT.split_at(20);
    assert_eq!(kinds(&format!("Bearer {a} {b}")), [("Whitespace".into(), " ".into())]);
    assert_eq!(kinds(&format!("Bearer {a}\u{200B}{b}")), [("InvisibleChar".into(), "\u{200B}".into())]);
    assert_eq!(kinds(&format!("\u{FEFF}Bearer {JWT}")), [("InvisibleChar".into(), "\u{FEFF}".into())]);
    assert_eq!(names(&format!("Bearer%20{JWT}")), ["Encoded"]);
    assert_eq!(names(&format!("&quot;Bearer {JWT}&quot;")), ["Encoded"]);
}

#[test]
fn bearer_charset() {
    assert_eq!(
        kinds("Bearer abc,def;;ghi"),
        [("BearerCharset".into(), ",".into()), ("BearerCharset".into(), ";;".into())]
    );
    assert!(parse("Bearer abc==").problems.is_empty(), "padding at the end is allowed");
    assert_eq!(names("Bearer ab=c"), ["BearerCharset"]);
}

#[test]
fn basic_problems() {
    assert!(
        matches!(&parse("Basic user:hunter2").problems[..], [Problem::BasicPlaintext { user, .. }] if user == "user")
    );
    assert_eq!(kinds("Basic dXNl*jpw"), [("BasicInvalidBase64".into(), "*".into())]);
    assert_eq!(names("Basic dXNlcjpwYXNzd29yZA_"), ["BasicInvalidBase64"]);
    // base64("nocolonhere")
    assert_eq!(names("Basic bm9jb2xvbmhlcmU="), ["BasicMissingColon"]);
    // base64(base64("user:password"))
    assert_eq!(names("Basic ZFhObGNqcHdZWE56ZDI5eVpBPT0="), ["BasicDoubleEncoded"]);
}

#[test]
fn several_layers_are_all_reported() {
    let v = format!(" \"bearer  Bearer {JWT}\" ");
    let n = names(&v);
    assert_eq!(
        n,
        ["Whitespace", "Quoted", "SchemeCase", "Separator", "SchemeRepeated", "Whitespace"],
        "{:?}",
        kinds(&v)
    );
}

#[test]
fn secret_range_is_the_credential() {
    let v = format!("Bearer \"{JWT}\"");
    let av = parse(&v);
    assert_eq!(&v[av.secret(&v).unwrap()], JWT);
    assert_eq!(&JWT[parse(JWT).secret(JWT).unwrap()], JWT);
}

#[test]
fn ranges_never_split_a_character() {
    // Found by the property test: a glued typographic quote, and an empty credential after one.
    for v in [
        "Bearer\u{201C}eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.c2ln",
        "dXNlcjpwYXNz \u{201C}",
        "Basic \u{17F0}a!!a\u{AE}!a!aAAA\u{AA5C}\u{A1}",
    ] {
        for p in parse(v).problems {
            let r = p.range();
            assert!(v.is_char_boundary(r.start) && v.is_char_boundary(r.end), "{p:?} in {v:?}");
        }
    }
}

#[test]
fn parameter_schemes_may_hold_spaces_but_not_line_breaks() {
    let digest = r#"Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e", uri="/dir/index.html", response="6629fae49393a053""#;
    assert!(parse(digest).problems.is_empty(), "{:?}", parse(digest).problems);
    let aws = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    assert!(parse(aws).problems.is_empty(), "{:?}", parse(aws).problems);
    assert_eq!(names("OAuth realm=\"Photos\",\r\n   oauth_consumer_key=\"dpf43f3p2l4k3l03\""), ["Whitespace"]);
    // A Bearer token still may not.
    assert_eq!(names("Bearer abc def"), ["Whitespace"]);
}

#[test]
fn padding_inside_a_jwt_is_not_a_charset_error() {
    // The payload of Microsoft's own v1 sample carries '=' before the next dot.
    assert!(parse("Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0=.c2ln").problems.is_empty());
    assert_eq!(names("Bearer ab=cd.ef"), ["BearerCharset"]);
}
