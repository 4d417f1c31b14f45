//! The cURL reader: every quoting form, each option, the errors, and commands as real tools write
//! them. Secrets and tokens here are fake.

use proptest::prelude::*;

use super::*;
use crate::error::InputError;

fn parse_text(text: &str) -> Result<PlainRequest, Error> {
    parse(&SourceFile::from_text("cmd.txt", text))
}

fn req(text: &str) -> PlainRequest {
    parse_text(text).unwrap_or_else(|e| panic!("{e}\nfor: {text}"))
}

fn fail(text: &str) -> Box<InputError> {
    match parse_text(text) {
        Err(Error::Input(e)) => e,
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// The source text an error points at.
fn pointed(text: &str) -> String {
    let e = fail(text);
    let (_, span) = e.at.unwrap_or_else(|| panic!("no span in {}", e.message));
    text[span.range()].to_string()
}

fn header<'a>(r: &'a PlainRequest, name: &str) -> Option<&'a str> {
    let found = r.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
    found.map(|(_, v)| v.as_str())
}

fn headers(r: &PlainRequest) -> Vec<(&str, &str)> {
    r.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

fn raw(r: &PlainRequest) -> (&str, Option<&str>) {
    match &r.body {
        PlainBody::Raw { text, content_type } => (text, content_type.as_deref()),
        other => panic!("expected a raw body, got {other:?}"),
    }
}

/// The first (and only) word after `curl`, as the lexer reads it.
fn word(text: &str) -> String {
    req(&format!("curl {text} https://example.com/")).method
}

// Quoting and continuations.

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

// Options.

#[test]
fn method_from_options_and_body() {
    assert_eq!(req("curl https://e.x/").method, "GET");
    assert_eq!(req("curl -d a=1 https://e.x/").method, "POST");
    assert_eq!(req("curl --request PATCH -d a=1 https://e.x/").method, "PATCH");
    assert_eq!(req("curl -I https://e.x/").method, "HEAD");
    assert_eq!(req("curl --head https://e.x/").method, "HEAD");
    assert_eq!(req("curl -G -d a=1 https://e.x/").method, "GET");
    assert_eq!(req("curl -X DELETE -G -d a=1 https://e.x/").method, "DELETE");
    assert_eq!(req("curl -F a=1 https://e.x/").method, "POST");
    assert_eq!(req("curl --json {} https://e.x/").method, "POST");
    let r = req("curl https://e.x/");
    assert_eq!((r.name.as_str(), &r.body), ("curl", &PlainBody::None));
}

#[test]
fn headers_in_order_trimmed_empty_and_removed() {
    let r = req(concat!(
        "curl -H 'Accept:  text/plain ' --header 'X-Empty;' -H 'X-Gone:' -H 'X-Blank:   ' ",
        "-H 'No colon' -H 'X-Two: a: b' https://e.x/",
    ));
    let expected = vec![("Accept", "text/plain"), ("X-Empty", ""), ("X-Two", "a: b")];
    assert_eq!(headers(&r), expected);
    assert_eq!(r.notes, ["ignored a header without a colon, as cURL does"]);
}

#[test]
fn combined_and_attached_short_options() {
    let r = req("curl -sSL -XPOST -HAccept:x -sXPUT -kvi https://e.x/");
    assert_eq!(r.method, "PUT");
    assert_eq!(headers(&r), [("Accept", "x")]);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let r = req("curl -sd a=1 -Hb:2 https://e.x/");
    assert_eq!((raw(&r).0, header(&r, "b")), ("a=1", Some("2")));
}

#[test]
fn quiet_options_and_their_values_change_nothing() {
    let r = req(concat!(
        "curl -s -S -L -k --compressed -v -i -o out.json --location --insecure --silent ",
        "--show-error --max-time 5 --connect-timeout 3 --retry 2 -w '%{http_code}' -m 9 ",
        "--output o.txt --no-progress-meter --fail --http1.1 --no-location https://e.x/",
    ));
    assert_eq!((r.method.as_str(), r.url.as_str()), ("GET", "https://e.x/"));
    assert!(r.headers.is_empty() && r.notes.is_empty(), "{r:?}");
}

#[test]
fn data_options_join_with_ampersands() {
    let r =
        req(concat!("curl -d a=1 --data b=2 --data-ascii c=3 --data-raw @d --data-binary 'e=5 6' ", "https://e.x/",));
    assert_eq!(raw(&r), ("a=1&b=2&c=3&@d&e=5 6", Some("application/x-www-form-urlencoded")));
    assert_eq!(header(&r, "content-type"), Some("application/x-www-form-urlencoded"));
    assert!(r.notes.is_empty(), "--data-raw @d names no file: {:?}", r.notes);
}

#[test]
fn data_urlencode_forms() {
    let r = req(concat!(
        "curl --data-urlencode 'a b&c' --data-urlencode '=x=y z' --data-urlencode 'q=r/s?t ü' ",
        "--data-urlencode 'n@file.txt' --data-urlencode 'a@b=c' https://e.x/",
    ));
    let expected = "a%20b%26c&x%3Dy%20z&q=r%2Fs%3Ft%20%C3%BC&n=@file.txt&a@b=c";
    assert_eq!(raw(&r).0, expected);
    assert_eq!(r.notes, ["the contents of `file.txt` are not read: the data shows @file"]);
    let r = req("curl --data-urlencode @only.txt https://e.x/");
    assert_eq!(r.body, PlainBody::File("only.txt".into()));
}

#[test]
fn data_from_files() {
    let r = req("curl --data-binary @payload.bin -H 'Content-Type: application/octet-stream' https://e.x/");
    assert_eq!(r.body, PlainBody::File("payload.bin".into()));
    assert_eq!(headers(&r), [("Content-Type", "application/octet-stream")]);
    assert_eq!(req("curl -d @form.txt https://e.x/").body, PlainBody::File("form.txt".into()));
    let r = req("curl -d @a.txt -d b=1 https://e.x/");
    assert_eq!(raw(&r).0, "@a.txt&b=1");
    assert_eq!(r.notes, ["the contents of `a.txt` are not read: the data shows @file"]);
}

#[test]
fn content_type_given_is_kept_once() {
    let r = req("curl -H 'content-type: text/csv' -d 'a,b' https://e.x/");
    assert_eq!(raw(&r), ("a,b", Some("text/csv")));
    assert_eq!(headers(&r), [("content-type", "text/csv")]);
}

#[test]
fn json_sets_both_headers_and_concatenates() {
    let r = req(r#"curl --json '{"a":' --json '1}' https://e.x/"#);
    assert_eq!(raw(&r), (r#"{"a":1}"#, Some("application/json")));
    let expected = [("Content-Type", "application/json"), ("Accept", "application/json")];
    assert_eq!(headers(&r), expected);
    let r = req("curl --json @body.json -H 'Accept: text/plain' https://e.x/");
    assert_eq!(r.body, PlainBody::File("body.json".into()));
    let expected = [("Accept", "text/plain"), ("Content-Type", "application/json")];
    assert_eq!(headers(&r), expected);
}

#[test]
fn form_fields_and_files() {
    let r = req(concat!(
        "curl -F name=value -F 'file=@/tmp/a b.png;type=image/png' --form 'q=\"x; y\";type=t' ",
        "--form-string 's=@literal' -F 'c=<notes.txt' -F 'bad' https://e.x/upload",
    ));
    let fields = vec![
        ("name".to_string(), "value".to_string()),
        ("file".into(), "@/tmp/a b.png".into()),
        ("q".into(), "x; y".into()),
        ("s".into(), "@literal".into()),
        ("c".into(), "<notes.txt".into()),
    ];
    assert_eq!(r.body, PlainBody::Multipart(fields));
    assert_eq!(header(&r, "Content-Type"), Some("multipart/form-data"));
    assert_eq!(r.notes, ["ignored -F without `name=`: cURL refuses it"]);
}

#[test]
fn user_becomes_basic_authorization() {
    let r = req("curl -u fakeuser:fakepass -A agent/1 https://e.x/");
    let expected = [("Authorization", "Basic ZmFrZXVzZXI6ZmFrZXBhc3M="), ("User-Agent", "agent/1")];
    assert_eq!(headers(&r), expected);
    let r = req("curl --user fakeuser https://e.x/");
    assert_eq!(header(&r, "authorization"), Some("Basic ZmFrZXVzZXI6"));
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    let r = req("curl -u a:b -H 'Authorization: Bearer fake' https://e.x/");
    assert_eq!(headers(&r), [("Authorization", "Bearer fake")]);
    let r = req("curl --digest -u a:b https://e.x/");
    assert!(r.headers.is_empty() && r.notes[0].contains("--digest"), "{r:?}");
    let r = req("curl --oauth2-bearer fake.token https://e.x/");
    assert_eq!(header(&r, "authorization"), Some("Bearer fake.token"));
}

#[test]
fn get_moves_data_into_the_query() {
    let r = req("curl -G -d a=1 --data-urlencode 'q=x y' https://e.x/search");
    assert_eq!((r.url.as_str(), &r.body), ("https://e.x/search?a=1&q=x%20y", &PlainBody::None));
    assert!(r.headers.is_empty(), "{:?}", r.headers);
    let r = req("curl --get -d b=2 'https://e.x/s?a=1'");
    assert_eq!(r.url, "https://e.x/s?a=1&b=2");
}

#[test]
fn cookie_agent_referer() {
    let r = req("curl -b 'a=1; b=2' -A 'Agent/1.0' -e https://ref.example/ https://e.x/");
    let expected = [("Cookie", "a=1; b=2"), ("User-Agent", "Agent/1.0"), ("Referer", "https://ref.example/")];
    assert_eq!(headers(&r), expected);
    let r = req("curl --cookie jar.txt --user-agent x --referer 'https://r.example/;auto' https://e.x/");
    assert_eq!(headers(&r), [("User-Agent", "x"), ("Referer", "https://r.example/")]);
    assert_eq!(r.notes, ["the cookie file `jar.txt` is not read"]);
    assert!(req("curl -A '' -b '' https://e.x/").headers.is_empty());
}

#[test]
fn urls_bare_or_with_url_or_without_scheme() {
    assert_eq!(req("curl --url https://e.x/a").url, "https://e.x/a");
    let r = req("curl e.x/b");
    assert_eq!(
        (r.url.as_str(), r.notes.as_slice()),
        ("http://e.x/b", &["the URL has no scheme: cURL uses http://".to_string()][..])
    );
    let r = req("curl https://e.x/a https://e.x/b");
    assert_eq!((r.url.as_str(), r.notes.len()), ("https://e.x/a", 1));
    assert_eq!(req(r"curl 'https://e.x/\{a\}\[1\]'").url, "https://e.x/{a}[1]");
    assert_eq!(req(r"curl -g 'https://e.x/\{a\}'").url, r"https://e.x/\{a\}");
    assert_eq!(req("curl -- -odd").url, "http://-odd");
}

#[test]
fn unknown_options_are_notes() {
    let r = req("curl --frobnicate https://e.x/ -Q");
    assert_eq!(r.url, "https://e.x/");
    let expected = ["ignored the unknown cURL option --frobnicate", "ignored the unknown cURL option -Q"];
    assert_eq!(r.notes, expected);
    let r = req("curl --frobnicate 42 https://e.x/");
    assert_eq!(r.url, "https://e.x/");
    assert!(r.notes[0].contains("cannot tell whether --frobnicate takes a value"), "{:?}", r.notes);
    let r = req("curl --frobnicate example.com");
    assert_eq!(r.url, "http://example.com");
    assert_eq!(r.notes.len(), 3, "{:?}", r.notes);
    let r = req("curl -T upload.bin https://e.x/");
    assert_eq!(r.url, "https://e.x/");
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
}

// Errors.

#[test]
fn no_curl_command() {
    let e = fail("wget https://e.x/\n");
    assert_eq!(e.message, "no cURL command found: no line starts with `curl`");
    assert!(e.help.is_some_and(|h| h.contains("curl.exe")));
    assert!(fail("").at.is_none());
    fail("curly https://e.x/");
}

#[test]
fn no_url() {
    let e = fail("curl -H 'A: b'\nhttps://e.x/");
    assert_eq!(e.message, "this cURL command has no URL");
    assert!(e.help.is_some_and(|h| h.contains("--url")));
    assert_eq!(pointed("curl -s"), "curl");
}

#[test]
fn unterminated_quotes_point_at_the_opening_quote() {
    let e = fail("curl -H 'Accept: x https://e.x/");
    assert_eq!(e.message, "unterminated single quote: the command ends before it is closed");
    assert!(e.help.is_some_and(|h| h.contains("cut short")));
    assert_eq!(
        Error::Input(fail("curl \\\n -d \"a https://e.x/")).to_string(),
        "cmd.txt:2:5: unterminated double quote: the command ends before it is closed"
    );
    assert_eq!(pointed("curl -d $'abc https://e.x/"), "$'");
    assert_eq!(pointed("curl ^\"https://e.x/ ^\n -H x"), "\"");
    assert_eq!(pointed("curl.exe -d \"a `\n b"), "\"");
}

#[test]
fn option_without_its_value() {
    let e = fail("curl https://e.x/ -H");
    assert_eq!(e.message, "the cURL option -H needs a value, but the command ends here");
    assert!(e.help.is_some_and(|h| h.contains("give -H its value")));
    assert_eq!(pointed("curl https://e.x/ --data"), "--data");
    assert_eq!(pointed("curl https://e.x/ -sX | jq"), "-sX");
}

// Commands as tools write them.

#[test]
fn postman_export() {
    let r = req(concat!(
        "curl --location 'https://api.example.com/oauth/token' \\\n",
        "--header 'Content-Type: application/x-www-form-urlencoded' \\\n",
        "--header 'Authorization: Basic ZmFrZWlkOmZha2VzZWNyZXQ=' \\\n",
        "--data-urlencode 'grant_type=client_credentials' \\\n",
        "--data-urlencode 'scope=api://fake-app/.default'",
    ));
    assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://api.example.com/oauth/token"));
    assert_eq!(header(&r, "authorization"), Some("Basic ZmFrZWlkOmZha2VzZWNyZXQ="));
    let body = "grant_type=client_credentials&scope=api%3A%2F%2Ffake-app%2F.default";
    assert_eq!(raw(&r), (body, Some("application/x-www-form-urlencoded")));
    assert_eq!(r.headers.len(), 2);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let r = req(concat!(
        "curl --location 'https://api.example.com/upload' \\\n",
        "--header 'Authorization: Bearer fake.jwt.token' \\\n",
        "--form 'file=@\"/C:/Users/fake/report.pdf\"' \\\n",
        "--form 'title=\"Q1\"'",
    ));
    let fields = vec![("file".to_string(), "@/C:/Users/fake/report.pdf".to_string()), ("title".into(), "Q1".into())];
    assert_eq!(r.body, PlainBody::Multipart(fields));
}

#[test]
fn chrome_bash_export() {
    let r = req(concat!(
        "curl 'https://graph.example.com/v1.0/me/messages?$top=5' \\\n",
        "  -H 'accept: application/json' \\\n",
        "  -H 'authorization: Bearer eyFAKE.eyFAKE.FAKESIG' \\\n",
        "  -H 'content-type: application/json' \\\n",
        "  -b 'session=fake; theme=dark' \\\n",
        "  --data-raw $'{\"note\":\"it\\'s fine\",\"n\":\"a\\\\nb\",\"bang\":\"\\u0021\"}' \\\n",
        "  --compressed ;\n",
        "curl 'https://graph.example.com/second' --compressed",
    ));
    assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://graph.example.com/v1.0/me/messages?$top=5"));
    assert_eq!(raw(&r), (r#"{"note":"it's fine","n":"a\nb","bang":"!"}"#, Some("application/json")));
    let names: Vec<_> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["accept", "authorization", "content-type", "Cookie"]);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn chrome_cmd_export() {
    let r = req(concat!(
        "curl ^\"https://contoso.example/api/items?top=10^&skip=0^\" ^\r\n",
        "  -H ^\"accept: application/json^\" ^\r\n",
        "  -H ^\"authorization: Bearer FAKE-TOKEN^\" ^\r\n",
        "  -H ^\"content-type: application/json^\" ^\r\n",
        "  --data-raw ^\"^{^\\^\"name^\\^\":^\\^\"Fake item^\\^\",^\\^\"size^\\^\":^\\^\"100^%^\\^\"^}^\" ^\r\n",
        "  --compressed\r\n",
    ));
    assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://contoso.example/api/items?top=10&skip=0"));
    assert_eq!(header(&r, "authorization"), Some("Bearer FAKE-TOKEN"));
    assert_eq!(raw(&r), (r#"{"name":"Fake item","size":"100%"}"#, Some("application/json")));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn microsoft_docs_example() {
    let r = req(concat!(
        "curl -X POST -H \"Content-Type: application/x-www-form-urlencoded\" -d ",
        "\"client_id=00000000-0000-0000-0000-000000000000&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
        "&client_secret=FAKE~secret&grant_type=client_credentials\" ",
        "'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token'",
    ));
    assert_eq!(
        (r.method.as_str(), r.url.as_str()),
        ("POST", "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
    );
    let (text, content_type) = raw(&r);
    assert!(text.starts_with("client_id=0000") && text.ends_with("grant_type=client_credentials"), "{text}");
    assert!(text.contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&"), "{text}");
    assert_eq!(content_type, Some("application/x-www-form-urlencoded"));
    assert_eq!(r.headers.len(), 1);
}

// Robustness.

const ODD: &[&str] = &[
    "curl",
    "curl ",
    "curl\\",
    "curl ^",
    "curl `",
    "curl $'",
    "curl $'\\",
    "curl $'\\x",
    "curl $'\\u",
    "curl $'\\c",
    "curl '\\",
    "curl \"\\",
    "curl ^\"\\",
    "curl ^\"\\\\^\"",
    "curl -",
    "curl --",
    "curl -H",
    "curl -Hé",
    "curl -é",
    "curl --é x",
    "curl é:ü",
    "curl ^é^",
    "curl `é`",
    "curl \r",
    "curl \r\n\r\n",
    "$ curl\t-d@ x",
    "curl -d @",
    "curl --data-urlencode @ x",
    "curl -F = x",
    "curl -u : x",
    "curl -G -d '' x",
    "curl \"\"\"\" x",
    "curl ^\"^\"^\" ^",
    "curl x\\\r",
    "curl x`\r",
];

#[test]
fn odd_inputs_do_not_panic() {
    for text in ODD {
        check_no_panic(text);
    }
}

fn check_no_panic(text: &str) {
    if let Err(Error::Input(e)) = parse_text(text)
        && let Some((_, span)) = e.at
    {
        assert!(span.end <= text.len() && text.is_char_boundary(span.start), "{span:?} in {text:?}");
    }
}

proptest! {
    #[test]
    fn never_panics(text in "(\\$ )?curl(\\.exe)?[ -~\\n\\r\\t^`'\"\\\\$éü€😀]{0,60}") {
        check_no_panic(&text);
    }

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,40}") {
        check_no_panic(&format!("curl {text}"));
    }
}
