//! cURL reader tests: robustness.

use super::*;

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
