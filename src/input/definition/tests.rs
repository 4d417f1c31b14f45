use super::*;

fn flows_of(text: &str) -> Vec<Flow> {
    read(SourceFile::from_text("t.json", text), None).unwrap().flows
}

#[test]
fn recognises_every_kind_by_content() {
    let def = r#"{"$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#", "triggers": {}, "actions": {}}"#;
    assert_eq!(flows_of(def)[0].pointer, "");
    let solution = format!(r#"{{"properties": {{"displayName": "Sync", "definition": {def}}}}}"#);
    let f = &flows_of(&solution)[0];
    assert_eq!((f.pointer.as_str(), f.name.as_deref()), ("/properties/definition", Some("Sync")));
    let standard = format!(r#"{{"definition": {def}, "kind": "Stateful"}}"#);
    assert_eq!(flows_of(&standard)[0].pointer, "/definition");
    let arm = format!(
        r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{{"type": "Microsoft.Web/connections", "properties": {{}}}}, {{"type": "Microsoft.Logic/workflows", "name": "la-sync", "properties": {{"definition": {def}}}}}]}}"#
    );
    let f = &flows_of(&arm)[0];
    assert_eq!((f.pointer.as_str(), f.name.as_deref()), ("/resources/1/properties/definition", Some("la-sync")));
    assert!(flows_of(r#"{"info": {}, "item": []}"#).is_empty());
}

#[test]
fn walks_nested_actions_with_paths_and_pointers() {
    let def = r#"{"triggers": {"manual": {"type": "Request"}}, "actions": {
        "Scope": {"type": "Scope", "actions": {
            "If": {"type": "If", "actions": {"A": {"type": "Http"}}, "else": {"actions": {"B": {"type": "Http"}}}},
            "Switch": {"type": "Switch", "cases": {"Case 1": {"actions": {"C": {"type": "Compose"}}}}, "default": {"actions": {"D": {"type": "Http"}}}},
            "Each": {"type": "Foreach", "actions": {"Until": {"type": "Until", "actions": {"E": {"type": "Http"}}}}}
        }}}}"#;
    let root = crate::input::json::parse(&SourceFile::from_text("d.json", def)).unwrap();
    let all: Vec<(String, String)> = actions(&root, "").into_iter().map(|a| (a.path, a.pointer)).collect();
    let want = [
        ("manual", "/triggers/manual"),
        ("Scope", "/actions/Scope"),
        ("Scope/If", "/actions/Scope/actions/If"),
        ("Scope/If/A", "/actions/Scope/actions/If/actions/A"),
        ("Scope/If/B", "/actions/Scope/actions/If/else/actions/B"),
        ("Scope/Switch", "/actions/Scope/actions/Switch"),
        ("Scope/Switch/D", "/actions/Scope/actions/Switch/default/actions/D"),
        ("Scope/Switch/Case 1/C", "/actions/Scope/actions/Switch/cases/Case 1/actions/C"),
        ("Scope/Each", "/actions/Scope/actions/Each"),
        ("Scope/Each/Until", "/actions/Scope/actions/Each/actions/Until"),
        ("Scope/Each/Until/E", "/actions/Scope/actions/Each/actions/Until/actions/E"),
    ];
    assert_eq!(all, want.map(|(a, b)| (a.to_string(), b.to_string())));
}
