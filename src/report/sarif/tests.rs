use super::place::artifact_uri;
use super::render::section;
use super::*;
use crate::rules::RULES;

#[test]
fn archive_names_split_at_the_first_entry_marker() {
    assert_eq!(split_archive("solution.zip!/Workflows/flow.json"), Some(("solution.zip", "Workflows/flow.json")));
    assert_eq!(split_archive("a/b.json"), None);
    assert_eq!(split_archive("!/x"), None);
}

#[test]
fn uris_are_encoded_and_absolute_paths_become_file_uris() {
    assert_eq!(artifact_uri("samples/quoted-token.json"), "samples/quoted-token.json");
    assert_eq!(artifact_uri(r"flows\my flow.json"), "flows/my%20flow.json");
    assert_eq!(artifact_uri("a:b/100%.json"), "a%3Ab/100%25.json");
    assert_eq!(artifact_uri(r"C:\work\flow.json"), "file:///C:/work/flow.json");
    assert_eq!(artifact_uri("/tmp/é.json"), "file:///tmp/%C3%A9.json");
    assert_eq!(artifact_uri("<stdin>"), "%3Cstdin%3E");
}

#[test]
fn sections_are_read_as_one_paragraph() {
    let doc = "## What it finds\nA thing\nover two lines.\n\n## Fix\nDo it.";
    assert_eq!(section(doc, "What it finds").as_deref(), Some("A thing over two lines."));
    assert_eq!(section(doc, "Fix").as_deref(), Some("Do it."));
    assert_eq!(section(doc, "Example"), None);
}

#[test]
fn every_rule_has_a_full_description() {
    for r in RULES {
        let doc = r.meta().documentation();
        assert!(section(&doc, "What it finds").is_some(), "{}", r.meta().name);
    }
}
