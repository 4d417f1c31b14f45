//! cURL reader tests: errors.

use super::*;

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
