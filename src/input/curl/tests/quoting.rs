//! cURL reader tests: quoting and continuations.

use super::*;

#[test]
fn posix_quotes_and_backslashes() {
    assert_eq!(word("-X 'P O'"), "P O");
    assert_eq!(word(r#"-X "a\"b\\c\$d\e""#), r#"a"b\c$d\e"#);
    assert_eq!(word(r"-X a\ b\'c"), "a b'c");
    assert_eq!(word(r#"-X 'a'"b"c"#), "abc");
    assert_eq!(word(r#"-X $"lo""#), "lo");
    assert_eq!(word("-X ''"), "");
    let r = req("curl \\\n  -X PUT \\  \n  'https://example.com/a b'");
    assert_eq!((r.method.as_str(), r.url.as_str()), ("PUT", "https://example.com/a b"));
    assert_eq!(word("-X \"a\\\nb\""), "ab");
}

#[test]
fn ansi_c_quoting_as_chrome_writes_it() {
    assert_eq!(word(r"-X $'it\'s\n\t\\'"), "it's\n\t\\");
    assert_eq!(word(r"-X $'\u0021\x41\101\U0001F600'"), "!AA😀");
    assert_eq!(word(r"-X $'\xc3\xa9\e\cA\q'"), "é\x1b\x01\\q");
    assert_eq!(word(r#"-X $'"'x"#), "\"x");
}

#[test]
fn cmd_caret_escapes_as_chrome_writes_them() {
    let r = req(concat!(
        "curl ^\"https://example.com/api?a=1^&b=^%^41^\" ^\r\n",
        "  -H ^\"x-quote: ^\\^\"q^\\^\" ^<^>^\" ^\r\n",
        "  --data-raw ^\"line1^\r\n\r\nline2 ^{^}^\"\r\n",
    ));
    assert_eq!(r.url, "https://example.com/api?a=1&b=%41");
    assert_eq!(header(&r, "x-quote"), Some(r#""q" <>"#));
    assert_eq!(raw(&r).0, "line1\nline2 {}");
}

#[test]
fn cmd_runtime_backslash_rules() {
    let r = req("curl -X \"a\\\\\\\"b\" -H \"X: c\\d\" -d \"e\"\"f\" https://example.com ^\n");
    assert_eq!(r.method, "a\\\"b");
    assert_eq!(header(&r, "X"), Some("c\\d"));
    assert_eq!(raw(&r).0, "e\"f");
    let r = req("curl https://example.com/ ^\n -d a&b c\n");
    assert_eq!(raw(&r).0, "a", "cmd ends the command at &: {r:?}");
}

#[test]
fn powershell_backtick_continuations_and_quotes() {
    let r = req(concat!(
        "curl.exe -X POST `\r\n",
        "  -H \"X-Note: say `\"hi`\" and \"\"bye\"\"\" `   \r\n",
        "  -d '{\"name\":\"it''s\"}' `\r\n",
        "  https://example.com/api\r\n",
    ));
    assert_eq!(r.method, "POST");
    assert_eq!(header(&r, "X-Note"), Some("say \"hi\" and \"bye\""));
    assert_eq!(raw(&r).0, r#"{"name":"it's"}"#);
    assert_eq!(r.url, "https://example.com/api");
}

#[test]
fn finds_the_command_among_other_text() {
    let r = req("# get a token\n\n$ curl https://example.com/a # the call\ncurl https://other.example/");
    assert_eq!(r.url, "https://example.com/a");
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let r = req("  CURL.EXE https://example.com/b | jq .; echo done");
    assert_eq!(r.url, "https://example.com/b");
    let r = req("curl https://example.com/c > out.json\n# curl https://not.this/\n");
    assert_eq!(r.url, "https://example.com/c");
    assert_eq!(req("curl \\\r\n  https://example.com/d\r\n").url, "https://example.com/d");
}
