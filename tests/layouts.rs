//! No flow is dropped in silence: a folder with a definition of every layout authlint knows (and
//! ARM templates that nest them), plus JSON that holds no flow, is linted file by file — every file
//! either gives its flow's findings or is listed as skipped with its reason, in every format.

use std::io::Write;
use std::path::Path;

use authlint::config::ConfigChoice;
use authlint::diagnostic::Outcome;
use authlint::lint::{LintOptions, lint};
use serde_json::{Value, json};

fn run(paths: &[&Path]) -> Outcome {
    let opts = LintOptions {
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
        now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        config: ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    };
    lint(&opts).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// An HTTP action with secure inputs whose header lacks the space after `Bearer`: `auth-separator`
/// shows that the action was read and judged.
fn http(uri: &str) -> Value {
    json!({"type": "Http", "runAfter": {}, "runtimeConfiguration": {"secureData": {"properties": ["inputs"]}},
        "inputs": {"method": "GET", "uri": uri, "headers": {"Authorization": "Bearer@{body('Get_token')?['access_token']}"}}})
}

fn definition(action: Value) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {"HTTP": action},
    })
}

fn workflow(name: &str, def: Value) -> Value {
    json!({"type": "Microsoft.Logic/workflows", "apiVersion": "2019-05-01", "name": name, "location": "westeurope",
        "properties": {"state": "Enabled", "definition": def, "parameters": {}}})
}

fn template(resources: Value) -> Value {
    json!({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0", "parameters": {}, "variables": {}, "resources": resources})
}

const GRAPH: &str = "https://graph.microsoft.com/v1.0/me";

/// Every layout in one folder: which file gave which findings, and which were skipped.
fn every_layout(d: &Path) {
    let def = || definition(http(GRAPH));
    // Flows.
    write(
        d,
        "solution/Workflows/Flow-1.json",
        &pretty(&json!({"properties": {"displayName": "Solution flow", "definition": def()}})),
    );
    write(
        d,
        "package/Microsoft.Flow/flows/abc/definition.json",
        &pretty(&json!({"properties": {"definition": def()}})),
    );
    write(d, "consumption/bare.json", &pretty(&def()));
    write(d, "consumption/export.json", &pretty(&json!({"definition": def(), "parameters": {}})));
    write(d, "standard/app/Flow/workflow.json", &pretty(&json!({"definition": def(), "kind": "Stateful"})));
    write(d, "arm/azuredeploy.json", &pretty(&template(json!([workflow("arm-flow", def())]))));
    // Child resources, and the symbolic names of language version 2.0.
    let child = json!([{"type": "Microsoft.Resources/resourceGroups", "name": "rg", "resources": [workflow("child-flow", def())]}]);
    write(d, "arm/child.json", &pretty(&template(child)));
    let mut symbolic = template(json!({}));
    symbolic["languageVersion"] = "2.0".into();
    symbolic["resources"] = json!({"logicApp": workflow("symbolic-flow", def())});
    write(d, "arm/symbolic.json", &pretty(&symbolic));
    // A nested deployment evaluated in the parent's scope (the default).
    let outer = json!([{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "nested",
        "properties": {"mode": "Incremental", "template": template(json!([workflow("outer-scope-flow", def())]))}}]);
    write(d, "arm/nested-outer.json", &pretty(&template(outer)));
    // Bicep: a module (an inner-scoped nested deployment) whose workflow takes its definition from
    // `loadJsonContent()`, kept in the nested template's variable `$fxv#0`; the URI is the module's
    // parameter, given by the parent from its own variable — with a space in it.
    let mut module = template(
        json!([{"type": "Microsoft.Logic/workflows", "apiVersion": "2019-05-01", "name": "bicep-flow",
        "location": "[resourceGroup().location]",
        "properties": {"definition": "[variables('$fxv#0').definition]", "parameters": "[variables('$fxv#0').parameters]"}}]),
    );
    module["parameters"] = json!({"apiUri": {"type": "string"}});
    module["variables"] =
        json!({"$fxv#0": {"definition": definition(http("[parameters('apiUri')]")), "parameters": {}}});
    let mut parent = template(
        json!([{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "workflowModule",
        "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "mode": "Incremental",
            "parameters": {"apiUri": {"value": "[concat('https://', variables('host'), '/v1.0/ me')]"}}, "template": module}}]),
    );
    parent["variables"] = json!({"host": "graph.microsoft.com"});
    write(d, "bicep/main.json", &pretty(&parent));
    // Not flows.
    write(
        d,
        "arm/azuredeploy.parameters.json",
        &pretty(
            &json!({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {}}),
        ),
    );
    let linked = json!([{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
        "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.com/flow.json"}}}]);
    write(d, "arm/linked.json", &pretty(&template(linked)));
    let text_module = json!([{"type": "Microsoft.Logic/workflows", "name": "text-flow",
        "properties": {"definition": "[json(variables('$fxv#0')).definition]"}}]);
    let mut text_t = template(text_module);
    text_t["variables"] = json!({"$fxv#0": "{\"definition\": {}}"});
    write(d, "arm/load-text.json", &pretty(&text_t));
    write(
        d,
        "arm/storage.json",
        &pretty(&template(json!([{"type": "Microsoft.Storage/storageAccounts", "name": "st"}]))),
    );
    write(d, "standard/app/connections.json", &pretty(&json!({"managedApiConnections": {}})));
    write(d, "package.json", &pretty(&json!({"name": "x", "version": "1.0.0"})));
    write(d, "postman/collection.json", &pretty(&json!({"info": {"name": "API"}, "item": []})));
    write(d, "broken.json", "{\"actions\": {,}}");
    // A solution zip with a flow and a manifest; a zip with no flow.
    let mut z = zip::ZipWriter::new(std::fs::File::create(d.join("Solution.zip")).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("Workflows/Zipped-1.json", opts).unwrap();
    z.write_all(pretty(&json!({"properties": {"displayName": "Zipped flow", "definition": def()}})).as_bytes())
        .unwrap();
    z.start_file("manifest.json", opts).unwrap();
    z.write_all(b"{}").unwrap();
    z.finish().unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(d.join("NoFlows.zip")).unwrap());
    z.start_file("data/settings.json", opts).unwrap();
    z.write_all(b"{\"a\": 1}").unwrap();
    z.finish().unwrap();
}

#[test]
fn every_file_is_linted_or_listed_as_skipped_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    every_layout(d);
    let out = run(&[d]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let rel = |f: &str| {
        f.replace('\\', "/")
            .strip_prefix(&format!("{}/", d.display().to_string().replace('\\', "/")))
            .unwrap()
            .to_string()
    };
    let mut findings: Vec<(String, &str, Option<String>)> =
        out.diagnostics.iter().map(|x| (rel(&out.files[x.file].name), x.rule, x.flow.clone())).collect();
    findings.sort();
    let f = |file: &str, rule: &'static str, flow: Option<&str>| (file.to_string(), rule, flow.map(str::to_string));
    assert_eq!(
        findings,
        [
            f("Solution.zip!/Workflows/Zipped-1.json", "auth-separator", Some("Zipped flow")),
            f("arm/azuredeploy.json", "auth-separator", Some("arm-flow")),
            f("arm/child.json", "auth-separator", Some("child-flow")),
            f("arm/nested-outer.json", "auth-separator", Some("outer-scope-flow")),
            f("arm/symbolic.json", "auth-separator", Some("symbolic-flow")),
            // The module's URI is what the parent gives it, evaluated in the parent's scope.
            f("bicep/main.json", "auth-separator", Some("bicep-flow")),
            f("bicep/main.json", "uri-whitespace", Some("bicep-flow")),
            f("consumption/bare.json", "auth-separator", None),
            f("consumption/export.json", "auth-separator", None),
            f("package/Microsoft.Flow/flows/abc/definition.json", "auth-separator", None),
            f("solution/Workflows/Flow-1.json", "auth-separator", Some("Solution flow")),
            f("standard/app/Flow/workflow.json", "auth-separator", None),
        ]
    );
    let mut skipped: Vec<(String, String)> = out.skipped.iter().map(|s| (rel(&s.file), s.reason.clone())).collect();
    skipped.sort();
    let names: Vec<&str> = skipped.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "NoFlows.zip",
            "Solution.zip!/manifest.json",
            "arm/azuredeploy.parameters.json",
            "arm/linked.json",
            "arm/load-text.json",
            "arm/storage.json",
            "broken.json",
            "package.json",
            "postman/collection.json",
            "standard/app/connections.json",
        ]
    );
    let reason = |f: &str| skipped.iter().find(|(n, _)| n == f).unwrap().1.as_str();
    for (file, says) in [
        ("NoFlows.zip", "a zip with no flow definition (1 JSON entry read"),
        ("Solution.zip!/manifest.json", "package manifest"),
        ("arm/azuredeploy.parameters.json", "ARM parameters file"),
        ("arm/linked.json", "links its template (https://example.com/flow.json); authlint does not follow links"),
        ("arm/load-text.json", "is computed at deployment"),
        ("arm/storage.json", "no Microsoft.Logic/workflows resource"),
        ("broken.json", "not JSON authlint can read"),
        ("broken.json", "at 1:14"),
        ("package.json", "not a flow definition"),
        ("postman/collection.json", "authlint diff"),
        ("standard/app/connections.json", "connections.json"),
    ] {
        assert!(reason(file).contains(says), "{file}: {}", reason(file));
    }
    // Counted in the summary: 11 files linted (one flow each), 10 listed.
    let l = out.linted.unwrap();
    assert_eq!((l.files, l.flows, l.skipped), (11, 11, 10));
}

#[test]
fn skipped_files_are_listed_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "package.json", &pretty(&json!({"name": "x"})));
    write(d, "flow.json", &pretty(&definition(http(GRAPH))));
    let out = run(&[d]);
    let file = d.join("package.json").display().to_string();
    let opts = authlint::report::Options { color: false, show_secrets: false, width: 100 };
    use authlint::report::{Format, render};
    let text = render(&out, Format::Text, &opts);
    assert!(text.contains(&format!("skipped: {file}: JSON, but not a flow definition")), "{text}");
    assert!(text.contains("in 1 file (1 not linted, listed above)"), "{text}");
    let concise = render(&out, Format::Concise, &opts);
    assert!(concise.contains(&format!("{file}: skipped: JSON, but not a flow definition")), "{concise}");
    let j: Value = serde_json::from_str(&render(&out, Format::Json, &opts)).unwrap();
    assert_eq!(j["skipped"][0]["file"], file.as_str());
    assert!(j["skipped"][0]["reason"].as_str().unwrap().contains("not a flow definition"));
    assert_eq!(j["linted"]["skipped"], 1);
    let sarif: Value = serde_json::from_str(&render(&out, Format::Sarif, &opts)).unwrap();
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    let note = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["message"]["text"].as_str().unwrap().contains("not linted"))
        .unwrap();
    assert_eq!(note["level"], "note");
    assert!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().ends_with("package.json")
    );
    let github = render(&out, Format::Github, &opts);
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::notice file=")
                && l.contains("package.json,title=authlint skipped::not linted: JSON")),
        "{github}"
    );
    let azure = render(&out, Format::Azure, &opts);
    assert!(azure.lines().any(|l| l.starts_with("info: ") && l.contains("package.json: not linted: JSON")), "{azure}");
    let gitlab: Value = serde_json::from_str(&render(&out, Format::Gitlab, &opts)).unwrap();
    let issue = gitlab.as_array().unwrap().iter().find(|i| i["check_name"] == "skipped").unwrap();
    assert_eq!(issue["severity"], "info");
    assert!(issue["location"]["path"].as_str().unwrap().ends_with("package.json"));
    let junit = render(&out, Format::Junit, &opts);
    assert!(junit.contains("<skipped message=\"JSON, but not a flow definition"), "{junit}");
}
