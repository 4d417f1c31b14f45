//! End to end in a real browser: `authlint serve` is started, headless Chromium (the system's, driven
//! over the DevTools protocol by headless_chrome) opens the page, a quote-wrapped request is pasted
//! and checked, and the finding, its highlight and the corrected value must appear. A screenshot is
//! written to target/serve-check.png for review.
//!
//! Chromium is found as $AUTHLINT_CHROMIUM, chromium, chromium-browser or google-chrome; without one
//! the test says it is skipped — except under CI (`CI` set), where .ci/run installs Debian's chromium
//! and a missing browser is a failure.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions};

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("AUTHLINT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

#[test]
fn a_pasted_quote_wrapped_header_is_found_highlighted_and_corrected_in_chromium() {
    let Some(path) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "CI must have Chromium (.ci/run installs it)");
        eprintln!("skipped: no Chromium found (set AUTHLINT_CHROMIUM, or install chromium)");
        return;
    };
    let served = common::serve();
    let url = served.url.clone();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 1400)))
        .idle_browser_timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let browser = Browser::new(options).expect("Chromium starts");
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    tab.navigate_to(&url).unwrap().wait_until_navigated().unwrap();

    // Paste the request the way a maker does: focus the box and insert the text.
    let request = std::fs::read_to_string("samples/quoted-token.json").unwrap();
    tab.wait_for_element("#check-inputs").unwrap().click().unwrap();
    let paste = format!("document.execCommand('insertText', false, {})", serde_json::to_string(&request).unwrap());
    tab.evaluate(&paste, false).unwrap();
    let pasted = tab.evaluate("document.getElementById('check-inputs').value", false).unwrap().value;
    assert_eq!(pasted.as_ref().and_then(|v| v.as_str()), Some(request.as_str()), "the paste reached the page");
    tab.find_element("#check-run").unwrap().click().unwrap();

    // The finding, with its message and help.
    let finding = tab.wait_for_element("li.finding[data-rule='auth-quoted']").unwrap();
    let text = finding.get_inner_text().unwrap();
    assert!(text.contains("wrapped in double quotes") && text.contains("remove the quotes"), "{text}");
    // The offending characters highlighted in the pasted text: the quote at line 5, column 27.
    let mark = tab.wait_for_element("pre.source mark.hl[data-rule='auth-quoted']").unwrap();
    let marked = mark.get_inner_text().unwrap();
    assert_eq!(marked, "\\\"", "the escaped quote that opens the value is what is highlighted");
    let line = tab
        .evaluate("document.querySelector(\"pre.source mark.hl[data-rule='auth-quoted']\").parentElement.querySelector('.ln').textContent", false)
        .unwrap()
        .value;
    assert_eq!(line.as_ref().and_then(|v| v.as_str()), Some("5"));
    // The corrected value, redacted: the token never appears whole on the page.
    let fix = tab.wait_for_element(".fixbox code.corrected").unwrap().get_inner_text().unwrap();
    assert!(fix.starts_with("Bearer eyJ0eX…") && fix.contains("sha256:"), "{fix}");
    let body = tab.find_element("#check-result").unwrap().get_inner_text().unwrap();
    let token = request
        .split('"')
        .find(|w| w.starts_with("Bearer eyJ"))
        .map(|w| w.trim_start_matches("Bearer ").trim_end_matches('\\'));
    if let Some(t) = token {
        // The pasted text is shown (it is the user's own), but the result panel's fix stays redacted.
        assert!(!fix.contains(t));
    }
    assert!(body.contains("Corrected value"), "{body}");

    // The other tabs: a token checked against a URL, and a request compared with a cURL command.
    tab.find_element("#tab-token").unwrap().click().unwrap();
    let raw: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("samples/403/list-users-inputs.json").unwrap()).unwrap();
    let set = |id: &str, text: &str| {
        let js = format!("document.getElementById({:?}).value = {}", id, serde_json::to_string(text).unwrap());
        tab.evaluate(&js, false).unwrap();
    };
    set("token-input", raw["headers"]["Authorization"].as_str().unwrap());
    set("token-url", "https://graph.microsoft.com/v1.0/users");
    tab.find_element("#token-run").unwrap().click().unwrap();
    let can = tab.wait_for_element("#token-result .cancall").unwrap().get_inner_text().unwrap();
    assert!(can.contains("no — add User.ReadBasic.All"), "{can}");
    let shot = |name: &str| {
        let png = tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true).unwrap();
        std::fs::write(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("../{name}")), png).unwrap();
    };
    shot("serve-token.png");
    tab.find_element("#tab-diff").unwrap().click().unwrap();
    set("diff-request", &std::fs::read_to_string("samples/diff/flow-token-request.json").unwrap());
    set("diff-other", &std::fs::read_to_string("samples/diff/token-request.curl").unwrap());
    tab.find_element("#diff-run").unwrap().click().unwrap();
    let rows = tab.wait_for_elements("#diff-result tr.difference").unwrap();
    assert!(!rows.is_empty());
    shot("serve-diff.png");
    tab.find_element("#tab-check").unwrap().click().unwrap();

    mark.scroll_into_view().unwrap();
    let png = tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true).unwrap();
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../serve-check.png");
    std::fs::write(&out, &png).unwrap();
    assert!(png.len() > 10_000, "a real screenshot");
    eprintln!("screenshot: {}", out.display());
}
