//! cURL reader tests: options.

use super::*;

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
