//! `authlint lint`: the bundled samples report exactly what was planted in them; values flow into
//! headers; folders, package zips and unpacked solutions are read; zips are read within limits; the
//! config's ignores apply; the real flows of the corpus raise no unjustified error.

use std::io::Write;
use std::path::{Path, PathBuf};

use authlint::config::ConfigChoice;
use authlint::diagnostic::{Outcome, Severity};
use authlint::lint::{LintOptions, lint};

/// The samples' tokens were issued for 2026-11-10 at 09:00 and live 2 hours.
const SAMPLES_NOW: &str = "2026-11-10T10:00:00Z";

fn run(paths: &[&str], now: &str) -> Outcome {
    let opts = LintOptions {
        paths: paths.iter().map(|p| p.to_string()).collect(),
        now: Some(now.parse().unwrap()),
        config: ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    };
    lint(&opts).unwrap()
}

fn found(out: &Outcome) -> Vec<(String, &'static str, String)> {
    out.diagnostics
        .iter()
        .map(|d| {
            let file = out.files[d.file].name.rsplit('/').next().unwrap().to_string();
            (file, d.rule, d.action.clone().unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_samples_report_exactly_the_planted_problems() {
    let out = run(&["samples"], SAMPLES_NOW);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let broken = "Syncinvoices-3C1D7E42-0000-4000-8000-0000000000A1.json";
    let fixable = "Fixablesync-5e0c9f21-3b7a-4d6e-8f10-2a9b8c7d6e5f.json";
    let want: Vec<(String, &str, String)> = [
        // samples/fixable: one of each mistake `lint --fix` repairs, and one (plain http) it leaves.
        (fixable, "auth-quoted", "List_users_quoted"),
        (fixable, "auth-separator", "List_users_glued"),
        (fixable, "auth-scheme-case", "List_users_lowercase"),
        (fixable, "auth-whitespace", "List_users_trailing_space"),
        (fixable, "expr-quote-wrap", "List_users_quoted_expression"),
        (fixable, "auth-invisible-char", "List_users_zero_width"),
        (fixable, "expr-object-in-header", "List_users_object"),
        (fixable, "expr-redundant-string", "List_users_string"),
        (fixable, "uri-insecure", "Ping_legacy_api"),
        (broken, "static-token", "Initialize_token"),
        // The literal token of Initialize_token, sent through variables('token') to SharePoint: the
        // finding points at the literal (in Initialize_token), so it sorts there.
        (broken, "audience-mismatch", "Scope_sync/Condition_has_users/HTTP_Get_invoices"),
        (broken, "secure-outputs-off", "Get_token"),
        (broken, "hardcoded-secret", "Get_token"),
        (broken, "secure-inputs-off", "Scope_sync/HTTP_Get_users"),
        (broken, "expr-object-in-header", "Scope_sync/HTTP_Get_users"),
        (broken, "auth-separator", "Scope_sync/Condition_has_users/HTTP_Get_invoices"),
        (broken, "auth-quoted", "Scope_sync/Condition_has_users/HTTP_Notify"),
        (broken, "audience-mismatch", "Scope_sync/HTTP_SharePoint_lists"),
        (broken, "expr-syntax", "Scope_sync/HTTP_Get_manager"),
        (broken, "expr-quote-wrap", "Scope_sync/HTTP_Get_groups"),
        ("definition-with-static-token.json", "static-token", "HTTP"),
    ]
    .into_iter()
    .map(|(f, r, a)| (f.to_string(), r, a.to_string()))
    .collect();
    assert_eq!(found(&out), want);
    // Whatever the day: a literal token's expiry is static-token's to tell, not a second finding.
    assert_eq!(found(&run(&["samples"], "2031-01-01T00:00:00Z")), want);
    let linted = out.linted.unwrap();
    // The three flows of the other samples (11 HTTP actions) and samples/fixable (one flow, 10).
    assert_eq!((linted.flows, linted.http_actions), (4, 21));
    // Every finding of the solution zip carries its flow's display name from the solution.
    assert!(
        out.diagnostics
            .iter()
            .filter(|d| out.files[d.file].name.contains(".zip!/"))
            .all(|d| d.flow.as_deref() == Some("Sync invoices"))
    );
}

#[test]
fn the_clean_solution_is_clean() {
    let out = run(&["samples/solutions/ContosoReports_clean_1_0_0_1.zip"], SAMPLES_NOW);
    assert!(out.errors.is_empty() && out.diagnostics.is_empty(), "{:?} {:?}", out.errors, found(&out));
    assert_eq!(out.linted.unwrap().http_actions, 3);
}

#[test]
fn literal_secrets_are_redacted_in_every_report() {
    let out = run(&["samples/solutions"], SAMPLES_NOW);
    let opts = authlint::report::Options { color: false, show_secrets: false, width: 100 };
    let text = authlint::report::render(&out, authlint::report::Format::Text, &opts);
    // The sample's client secret and the middle of its literal token never appear.
    assert!(!text.contains("not-a-real-secret"), "{text}");
    let token_middle = out
        .diagnostics
        .iter()
        .find(|d| d.rule == "static-token")
        .map(|d| out.files[d.file].text[d.span.start + 10..d.span.end - 10].to_string())
        .unwrap();
    assert!(!text.contains(&token_middle));
    let shown = authlint::report::render(
        &out,
        authlint::report::Format::Text,
        &authlint::report::Options { show_secrets: true, ..opts },
    );
    assert!(shown.contains(&token_middle), "--show-secrets shows them");
}

fn definition(actions: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "properties": {"displayName": "Test flow", "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "triggers": {"manual": {"type": "Request", "kind": "Button", "inputs": {}}},
            "actions": actions,
        }}
    })
}

const GRAPH_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjE3NjcyMzAxMDAsImFwcGlkIjoieCJ9.c2ln";

fn write(dir: &Path, name: &str, v: &serde_json::Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

fn secured(mut action: serde_json::Value) -> serde_json::Value {
    action["runtimeConfiguration"] = serde_json::json!({"secureData": {"properties": ["inputs"]}});
    action
}

#[test]
fn a_literal_token_behind_a_variable_is_judged_where_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let sp = |auth: &str| {
        secured(serde_json::json!({"type": "Http", "runAfter": {}, "inputs": {"method": "GET",
            "uri": "https://contoso.sharepoint.com/sites/Finance/_api/web/lists", "headers": {"Authorization": auth}}}))
    };
    let one = definition(serde_json::json!({
        "Init_token": {"type": "InitializeVariable", "runAfter": {}, "inputs": {"variables": [{"name": "token", "type": "string", "value": GRAPH_TOKEN}]}},
        "HTTP_lists": sp("Bearer @{variables('token')}"),
    }));
    let p = write(dir.path(), "one.json", &one);
    let out = run(&[p.to_str().unwrap()], "2026-01-01T00:30:00Z");
    let got: Vec<_> = out.diagnostics.iter().map(|d| (d.rule, d.action.clone().unwrap_or_default())).collect();
    assert_eq!(got, [("static-token", "Init_token".into()), ("audience-mismatch", "HTTP_lists".into())]);
    // The header finding points at the literal token where it is written, says how it travelled, and
    // labels the header where it is sent.
    let d = &out.diagnostics[1];
    let text = &out.files[d.file].text;
    assert!(text[d.span.start..d.span.end].starts_with("eyJ"), "{}", &text[d.span.start..d.span.end]);
    assert!(d.message.ends_with("(initialised in Init_token, sent by HTTP_lists as Authorization)"), "{}", d.message);
    let l = &d.secondary[0];
    assert_eq!(
        (&text[l.span.start..l.span.end], l.message.as_str()),
        ("Bearer @{variables('token')}", "sent here as Authorization")
    );
    assert!(d.help.as_deref().unwrap().contains("\nsent as: Bearer eyJ0eX…c2ln (sha256:"), "{:?}", d.help);

    // Set to a fetched token later: the literal is still sent when the Set does not run first, so
    // that alternative is still judged; the fetched one is not known and gives nothing.
    let mut two = one.clone();
    two["properties"]["definition"]["actions"]["Set_token"] = serde_json::json!({"type": "SetVariable", "runAfter": {}, "inputs": {"name": "token", "value": "@{body('Get_token')?['access_token']}"}});
    let p = write(dir.path(), "two.json", &two);
    let out = run(&[p.to_str().unwrap()], "2026-01-01T00:30:00Z");
    assert_eq!(found(&out).iter().map(|f| f.1).collect::<Vec<_>>(), ["static-token", "audience-mismatch"]);

    // Initialised empty and set to the fetched token: the empty start is not what is sent.
    let mut three = two.clone();
    three["properties"]["definition"]["actions"]["Init_token"]["inputs"]["variables"][0]["value"] = "".into();
    let p = write(dir.path(), "three.json", &three);
    let out = run(&[p.to_str().unwrap()], "2026-01-01T00:30:00Z");
    assert_eq!(found(&out), []);
}

#[test]
fn folders_package_zips_and_unpacked_solutions_are_read_and_other_json_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let broken = definition(serde_json::json!({"HTTP": secured(serde_json::json!({"type": "Http", "runAfter": {},
        "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer@{body('Get_token')?['access_token']}"}}}))}));
    // An unpacked solution, nested some folders down.
    write(d, "repo/src/Solution/Workflows/Flow-1111.json", &broken);
    // Other JSON in the folder is not ours and is skipped quietly.
    write(d, "repo/package.json", &serde_json::json!({"name": "x", "version": "1.0.0"}));
    write(d, "repo/.vscode/settings.json", &serde_json::json!({"editor.tabSize": 2}));
    // A legacy package zip: the display name comes from manifest.json.
    let package = d.join("repo/out/Package.zip");
    std::fs::create_dir_all(package.parent().unwrap()).unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(&package).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("manifest.json", opts).unwrap();
    z.write_all(
        br#"{"resources": {"abc-123": {"type": "Microsoft.Flow/flows", "details": {"displayName": "Package flow"}}}}"#,
    )
    .unwrap();
    z.start_file("Microsoft.Flow/flows/abc-123/definition.json", opts).unwrap();
    let inner = broken["properties"].clone();
    z.write_all(serde_json::to_string(&inner).unwrap().as_bytes()).unwrap();
    z.finish().unwrap();

    let out = run(&[d.join("repo").to_str().unwrap()], "2026-01-01T00:30:00Z");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let mut got: Vec<_> =
        out.diagnostics.iter().map(|x| (out.files[x.file].name.replace('\\', "/"), x.rule, x.flow.clone())).collect();
    got.sort();
    let name = |s: &str| d.join("repo").join(s).display().to_string().replace('\\', "/");
    assert_eq!(
        got,
        [
            (
                format!("{}!/Microsoft.Flow/flows/abc-123/definition.json", name("out/Package.zip")),
                "auth-separator",
                Some("Package flow".into())
            ),
            (name("src/Solution/Workflows/Flow-1111.json"), "auth-separator", Some("Test flow".into())),
        ]
    );
}

#[test]
fn a_file_named_on_the_command_line_that_holds_no_flow_is_an_error() {
    let out = run(&["samples/clean-request.json"], SAMPLES_NOW);
    assert_eq!(out.errors.len(), 1);
    assert!(out.errors[0].to_string().contains("no flow definition here"), "{}", out.errors[0]);
}

/// Writes a zip with the given (name, bytes, method) entries.
fn zip_of(path: &Path, entries: &[(&str, &[u8], zip::CompressionMethod)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes, method) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(*method)).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn zips_are_read_within_limits_and_a_bad_zip_is_an_error_for_that_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let flow = serde_json::to_vec(&definition(serde_json::json!({}))).unwrap();
    let deflate = zip::CompressionMethod::Deflated;

    // A zip bomb: 50 MB of spaces inflates from a few tens of kilobytes.
    let bomb = d.join("bomb.zip");
    let spaces = vec![b' '; 50 << 20];
    zip_of(&bomb, &[("Workflows/Bomb-1.json", &spaces, deflate)]);
    // A zip whose entry names climb out of the folder: read (never extracted), named as written.
    let climb = d.join("climb.zip");
    zip_of(&climb, &[("../../Workflows/Escape-1.json", &flow, deflate)]);
    // A zip cut short.
    let cut = d.join("cut.zip");
    zip_of(&cut, &[("Workflows/Cut-1.json", &flow, deflate)]);
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() - 30]).unwrap();
    // An encrypted entry: the encryption flag set by hand in the local and central headers.
    let locked = d.join("locked.zip");
    zip_of(&locked, &[("Workflows/Locked-1.json", &flow, zip::CompressionMethod::Stored)]);
    let mut bytes = std::fs::read(&locked).unwrap();
    bytes[6] |= 1; // local file header: general purpose flags
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 8] |= 1; // central directory header: general purpose flags
    std::fs::write(&locked, &bytes).unwrap();
    // And a good one beside them.
    let good = d.join("good.zip");
    zip_of(&good, &[("Workflows/Good-1.json", &flow, deflate)]);

    let paths: Vec<String> = [&bomb, &climb, &cut, &locked, &good].iter().map(|p| p.display().to_string()).collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let out = run(&paths, SAMPLES_NOW);
    let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].contains("bomb.zip!/Workflows/Bomb-1.json") && errors[0].contains("zip bomb"), "{}", errors[0]);
    assert!(errors[1].contains("cut.zip") && errors[1].contains("not a readable zip"), "{}", errors[1]);
    assert!(
        errors[2].contains("locked.zip!/Workflows/Locked-1.json") && errors[2].contains("encrypted"),
        "{}",
        errors[2]
    );
    // The climbing entry and the good zip were read; nothing was written anywhere.
    assert_eq!(out.linted.unwrap().flows, 2);
    assert!(!d.parent().unwrap().join("Workflows").exists());
}

#[test]
fn too_many_entries_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&many).unwrap());
    for i in 0..20_001 {
        z.start_file(
            format!("f{i}.txt"),
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
        )
        .unwrap();
    }
    z.finish().unwrap();
    let out = run(&[many.to_str().unwrap()], SAMPLES_NOW);
    assert!(out.errors.len() == 1 && out.errors[0].to_string().contains("more than the 20000"), "{:?}", out.errors);
}

#[test]
fn the_config_ignores_and_reconfigures_findings() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("authlint.toml");
    std::fs::write(
        &config,
        "[rules]\nsecure-outputs-off = \"off\"\nsecure-inputs-off = \"error\"\n\n[[ignore]]\nactions = [\"Scope_sync/Condition_has_users/*\"]\nreason = \"being rewritten\"\n",
    )
    .unwrap();
    let opts = LintOptions {
        paths: vec!["samples/solutions/ContosoSync_broken_1_0_0_1.zip".into()],
        now: Some(SAMPLES_NOW.parse().unwrap()),
        config: ConfigChoice { explicit: Some(config), isolated: false },
        ..Default::default()
    };
    let out = lint(&opts).unwrap();
    let got: Vec<_> = out.diagnostics.iter().map(|d| (d.rule, d.severity)).collect();
    assert!(
        !got.iter().any(|(r, _)| *r == "secure-outputs-off" || *r == "auth-separator" || *r == "auth-quoted"),
        "{got:?}"
    );
    assert!(got.contains(&("secure-inputs-off", Severity::Error)), "{got:?}");
    // auth-separator, audience-mismatch and auth-quoted in Condition_has_users; the off rule is not counted.
    assert_eq!(out.ignored, 3);
    assert_eq!(got.len(), 7, "{got:?}");
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("AUTHLINT_CORPUS").map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    if dir.join("flows").is_dir() {
        Some(dir.join("flows"))
    } else {
        let msg = format!("corpus lint tests skipped: no corpus at {} (set AUTHLINT_CORPUS)\n", dir.display());
        let _ = std::io::stderr().write_all(msg.as_bytes());
        None
    }
}

/// The real flows of the corpus: every error is one judged true (see the comments), nothing else.
#[test]
fn the_corpus_flows_raise_only_justified_errors() {
    let Some(c) = corpus() else { return };
    let out = run(&[c.to_str().unwrap()], SAMPLES_NOW);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let linted = out.linted.unwrap();
    // Eight ARM templates of Sentinel playbooks (Accelerynt-Security__*) have no error: their ARM
    // expressions are evaluated as deployed (concat() of parameters, `''` quotes, Key Vault paths).
    assert_eq!((linted.files, linted.flows, linted.http_actions), (30, 30, 64));
    let mut errors: Vec<(String, &str)> = out
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let name = out.files[d.file].name.replace('\\', "/");
            let base = c.display().to_string().replace('\\', "/");
            (name.strip_prefix(&base).unwrap_or(&name).trim_start_matches('/').to_string(), d.rule)
        })
        .collect();
    errors.sort();
    let justified = [
        // The token request's URI still reads `login.microsoftonline.com/<Tenant>/…`: the published
        // template was never filled in, and as shipped it cannot get a token.
        ("fasttrack__Headless-SearchCustomer-Commerce__Workflows.json", "uri-unevaluated"),
        // `Authorization: Bearer <replace with actual token>`: the placeholder is sent as is.
        (
            "fasttrack__SummarizeKBArticleusingGPT_1_0_0_1.zip!/Workflows/SummarizeTextusingChatGpt-E14A1D19-A4C1-ED11-83FF-00224805C057.json",
            "auth-unevaluated",
        ),
        // `client_secret=jl38Q~…` written into the token request body (the same flow twice).
        (
            "pnp-pas__HttpCallForKeyVault.zip!/Microsoft.Flow/flows/d14a162f-c094-485e-a47e-6270058d8fbd/definition.json",
            "hardcoded-secret",
        ),
        ("pnp-pas__azure-http-key-vault__definition.json", "hardcoded-secret"),
        // `authentication.secret` of an ActiveDirectoryOAuth HTTP action is a literal client secret
        // (the same flow twice).
        (
            "pnp-pas__GetOrganizationUsers.zip!/Microsoft.Flow/flows/63aa12db-ab81-4cdf-8b00-c7dc3114fd79/definition.json",
            "hardcoded-secret",
        ),
        ("pnp-pas__graph_api_in_power_bi__definition.json", "hardcoded-secret"),
        // `client_secret=<client_secret>` / `<Client secret>` in the token request bodies of two published
        // Commerce templates: the unfilled placeholder is what the flow would send (both fail as shipped).
        ("fasttrack__Headless-Createcustomer-Commerce__Workflows.json", "placeholder-credential"),
        ("fasttrack__Headless-SearchCustomer-Commerce__Workflows.json", "placeholder-credential"),
    ];
    let mut want: Vec<(String, &str)> = justified.iter().map(|(f, r)| (f.to_string(), *r)).collect();
    want.sort();
    assert_eq!(errors, want);
}

/// Every warning and note on the corpus, each group judged true in its comment (issue 19).
#[test]
fn the_corpus_warnings_are_each_explained() {
    let Some(c) = corpus() else { return };
    let out = run(&[c.to_str().unwrap()], SAMPLES_NOW);
    let base = c.display().to_string().replace('\\', "/");
    let mut got: Vec<(String, &str, String)> = out
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Error)
        .map(|d| {
            let name = out.files[d.file].name.replace('\\', "/");
            let file = name.strip_prefix(&base).unwrap_or(&name).trim_start_matches('/');
            let file = file.split_once('!').map_or(file, |(zip, _)| zip).to_string();
            (file, d.rule, d.action.clone().unwrap_or_default().rsplit('/').next().unwrap_or("").to_string())
        })
        .collect();
    got.sort();
    const IN: &str = "secure-inputs-off";
    const OUT: &str = "secure-outputs-off";
    let want: &[(&str, &str, &str)] = &[
        // Sentinel playbooks: "Get secret" Key Vault connector actions without secure outputs put the
        // secret (a GitHub App key, an Opsgenie/Datadog/Okta API key, a client secret) in run history, and
        // every HTTP action that sends it, or the token made from it, shows it in its inputs.
        ("Accelerynt-Security__AS-Block-GitHub-User__azuredeploy.json", IN, "CreateJWT"),
        (
            "Accelerynt-Security__AS-Block-GitHub-User__azuredeploy.json",
            IN,
            "HTTP_-_Authenticate_as_a_GitHub_App_installation",
        ),
        (
            "Accelerynt-Security__AS-Block-GitHub-User__azuredeploy.json",
            IN,
            "HTTP_-_Block_GitHub_user_from_organization",
        ),
        (
            "Accelerynt-Security__AS-Block-GitHub-User__azuredeploy.json",
            IN,
            "HTTP_-_Remove_GitHub_user_as_a_member_from_organization",
        ),
        ("Accelerynt-Security__AS-Block-GitHub-User__azuredeploy.json", OUT, "Get_secret"),
        // POST /app/installations/{id}/access_tokens returns a GitHub installation token.
        (
            "Accelerynt-Security__AS-Block-GitHub-User__azuredeploy.json",
            OUT,
            "HTTP_-_Authenticate_as_a_GitHub_App_installation",
        ),
        ("Accelerynt-Security__AS-Create-Opsgenie-Incident__azuredeploy.json", IN, "HTTP_-_Create_Opsgenie_incident"),
        ("Accelerynt-Security__AS-Create-Opsgenie-Incident__azuredeploy.json", OUT, "Get_Secret_API_Key"),
        ("Accelerynt-Security__AS-Datadog-Events-Integration__azuredeploy.json", IN, "HTTP_-_Get_Events"),
        ("Accelerynt-Security__AS-Datadog-Events-Integration__azuredeploy.json", OUT, "Get_Secret_-_API_Key"),
        ("Accelerynt-Security__AS-Datadog-Events-Integration__azuredeploy.json", OUT, "Get_Secret_-_Application_Key"),
        ("Accelerynt-Security__AS-IP-Blocklist__azuredeploy.json", IN, "HTTP-_Add_IP_to_Named_Locations_List"),
        ("Accelerynt-Security__AS-IP-Blocklist__azuredeploy.json", IN, "HTTP_-_Get_Previous_List_Values"),
        ("Accelerynt-Security__AS-IP-Blocklist__azuredeploy.json", OUT, "Get_Secret"),
        ("Accelerynt-Security__AS-Make-GitHub-Repository-Private__azuredeploy.json", IN, "CreateJWT"),
        (
            "Accelerynt-Security__AS-Make-GitHub-Repository-Private__azuredeploy.json",
            IN,
            "HTTP_-_Authenticate_as_a_GitHub_App_installation",
        ),
        (
            "Accelerynt-Security__AS-Make-GitHub-Repository-Private__azuredeploy.json",
            IN,
            "HTTP_-_Get_Organization_Repositories",
        ),
        (
            "Accelerynt-Security__AS-Make-GitHub-Repository-Private__azuredeploy.json",
            IN,
            "HTTP_-_Make_Repository_Private",
        ),
        ("Accelerynt-Security__AS-Make-GitHub-Repository-Private__azuredeploy.json", OUT, "Get_secret"),
        (
            "Accelerynt-Security__AS-Make-GitHub-Repository-Private__azuredeploy.json",
            OUT,
            "HTTP_-_Authenticate_as_a_GitHub_App_installation",
        ),
        ("Accelerynt-Security__AS-Okta-Terminate-User-Sessions__azuredeploy.json", IN, "HTTP-_Terminate_User_Sessions"),
        ("Accelerynt-Security__AS-Okta-Terminate-User-Sessions__azuredeploy.json", IN, "HTTP_-_Get_Okta_User_Account"),
        ("Accelerynt-Security__AS-Okta-Terminate-User-Sessions__azuredeploy.json", OUT, "Get_Secret"),
        // The Google service-account key goes into a JWT (CreateGoogleJWT), the JWT is sent as the
        // `assertion` of a token grant, and the grant's response is an access token.
        ("Accelerynt-Security__AS-Sign-Out-Google-User__azuredeploy.json", IN, "CreateGoogleJWT"),
        ("Accelerynt-Security__AS-Sign-Out-Google-User__azuredeploy.json", IN, "HTTP_-_Access_Token"),
        ("Accelerynt-Security__AS-Sign-Out-Google-User__azuredeploy.json", IN, "HTTP_-_Sign_Out_User"),
        (
            "Accelerynt-Security__AS-Sign-Out-Google-User__azuredeploy.json",
            OUT,
            "Get_secret_-_Google_Service_Account_Private_Key",
        ),
        ("Accelerynt-Security__AS-Sign-Out-Google-User__azuredeploy.json", OUT, "HTTP_-_Access_Token"),
        // An ActiveDirectoryOAuth authentication object with its secret from a parameter: without secure
        // inputs the secret is shown in run history.
        ("davephelps__http-oauth.workflow.json", IN, "Call_Secured_API"),
        // Commerce: the id_token scheme is the Commerce Retail Server's own (not in authlint's table, so
        // a note, not a warning); the token request sends client_secret and returns the token, which the
        // next call sends in its authorization header.
        (
            "fasttrack__Headless-Createcustomer-Commerce__Workflows.json",
            "auth-scheme-unknown",
            "Headless_Customer_Create",
        ),
        ("fasttrack__Headless-Createcustomer-Commerce__Workflows.json", IN, "GetAccessToken"),
        ("fasttrack__Headless-Createcustomer-Commerce__Workflows.json", IN, "Headless_Customer_Create"),
        ("fasttrack__Headless-Createcustomer-Commerce__Workflows.json", OUT, "GetAccessToken"),
        (
            "fasttrack__Headless-SearchCustomer-Commerce__Workflows.json",
            "auth-scheme-unknown",
            "Headless_Search_Customer",
        ),
        ("fasttrack__Headless-SearchCustomer-Commerce__Workflows.json", IN, "GetAccessToken"),
        ("fasttrack__Headless-SearchCustomer-Commerce__Workflows.json", IN, "Headless_Search_Customer"),
        ("fasttrack__Headless-SearchCustomer-Commerce__Workflows.json", OUT, "GetAccessToken"),
        // The OpenAI call's Authorization header (a placeholder today, a key once filled in).
        ("fasttrack__SummarizeKBArticleusingGPT_1_0_0_1.zip", IN, "HTTP"),
        // Three "Get secret" HTTP reads of Key Vault (client id, secret, tenant), all sent by the Intune
        // call's ActiveDirectoryOAuth authentication.
        ("peterklapwijk__intune-profile-change-notifications.azuredeploy.json", IN, "HTTP_GET_Intune_Audit_Events"),
        ("peterklapwijk__intune-profile-change-notifications.azuredeploy.json", OUT, "client-id"),
        ("peterklapwijk__intune-profile-change-notifications.azuredeploy.json", OUT, "client-secret"),
        ("peterklapwijk__intune-profile-change-notifications.azuredeploy.json", OUT, "tenant-id"),
        // The literal client secret of the authentication object (also an error, above) is shown in run
        // history (the same flow twice).
        ("pnp-pas__GetOrganizationUsers.zip", IN, "Get_Organization_Users_-_Skip_Token"),
        ("pnp-pas__graph_api_in_power_bi__definition.json", IN, "Get_Organization_Users_-_Skip_Token"),
        // A client-credentials token request, then GET https://….vault.azure.net/secrets/… with that token:
        // the request shows the client secret, the token and the secret read (the same flow twice).
        ("pnp-pas__HttpCallForKeyVault.zip", IN, "AuthorizationToken"),
        ("pnp-pas__HttpCallForKeyVault.zip", IN, "InvokeKeyVault"),
        ("pnp-pas__HttpCallForKeyVault.zip", OUT, "AuthorizationToken"),
        ("pnp-pas__HttpCallForKeyVault.zip", OUT, "InvokeKeyVault"),
        ("pnp-pas__azure-http-key-vault__definition.json", IN, "AuthorizationToken"),
        ("pnp-pas__azure-http-key-vault__definition.json", IN, "InvokeKeyVault"),
        ("pnp-pas__azure-http-key-vault__definition.json", OUT, "AuthorizationToken"),
        ("pnp-pas__azure-http-key-vault__definition.json", OUT, "InvokeKeyVault"),
    ];
    let mut want: Vec<(String, &str, String)> =
        want.iter().map(|(f, r, a)| (f.to_string(), *r, a.to_string())).collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn a_one_line_definition_is_shown_as_a_window_at_the_right_column() {
    // Legacy package exports write definition.json on one line of tens of kilobytes.
    let mut actions = serde_json::Map::new();
    for i in 0..200 {
        actions.insert(
            format!("Compose_{i}"),
            serde_json::json!({"type": "Compose", "runAfter": {}, "inputs": "x".repeat(40)}),
        );
    }
    actions.insert(
        "HTTP".into(),
        secured(serde_json::json!({"type": "Http", "runAfter": {}, "inputs": {"method": "POST",
            "uri": "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
            "body": "grant_type=client_credentials&client_id=abc&client_secret=not-a-real-secret&scope=x"}})),
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("definition.json");
    std::fs::write(&p, serde_json::to_string(&definition(serde_json::Value::Object(actions))).unwrap()).unwrap();
    let out = run(&[p.to_str().unwrap()], SAMPLES_NOW);
    let opts = authlint::report::Options { color: false, show_secrets: false, width: 100 };
    let text = authlint::report::render(&out, authlint::report::Format::Text, &opts);
    let concise = authlint::report::render(&out, authlint::report::Format::Concise, &opts);
    assert!(text.lines().all(|l| l.chars().count() < 400), "{text}");
    // The header's line:column is the original file's, as in the concise format (redaction before the
    // finding on the same line does not shift it).
    let at = concise.lines().find(|l| l.contains("hardcoded-secret")).unwrap().split(": ").next().unwrap().to_string();
    assert!(text.contains(&format!("[{at}]")), "{at}\n{text}");
    assert!(!text.contains("not-a-real-secret"));
}

#[test]
fn progress_is_told_the_total_then_each_file_once_and_changes_nothing() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let broken = definition(serde_json::json!({"HTTP": secured(serde_json::json!({"type": "Http", "runAfter": {},
        "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer@{body('Get_token')?['access_token']}"}}}))}));
    for i in 0..30 {
        write(dir.path(), &format!("Workflows/Flow-{i:02}.json"), &broken);
    }
    // Not a flow: skipped, but still a file listed and so counted.
    write(dir.path(), "package.json", &serde_json::json!({"name": "x"}));
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = calls.clone();
    let opts = LintOptions {
        paths: vec![dir.path().display().to_string()],
        now: Some(SAMPLES_NOW.parse().unwrap()),
        config: ConfigChoice { explicit: None, isolated: true },
        progress: Some(authlint::lint::Progress::new(move |done, total| seen.lock().unwrap().push((done, total)))),
        positions_only: false,
    };
    let with = lint(&opts).unwrap();
    let mut calls = calls.lock().unwrap().clone();
    assert_eq!(calls.first(), Some(&(0, 31)), "the total comes first: {calls:?}");
    calls.sort();
    assert_eq!(calls, (0..=31).map(|d| (d, 31)).collect::<Vec<_>>());
    let without = lint(&LintOptions { progress: None, ..opts }).unwrap();
    assert_eq!(with.diagnostics.len(), 30);
    assert_eq!(found(&with), found(&without));
}

/// Lint options over the samples, the fixtures and the corpus's flows (when it is there), for the tests
/// that compare a report made two ways.
fn whole_report_options() -> LintOptions {
    let mut paths = vec!["samples".to_string(), "tests/fixtures".to_string()];
    let corpus = std::env::var("AUTHLINT_CORPUS").unwrap_or_else(|_| "../shared/corpus".into());
    if Path::new(&corpus).join("flows").is_dir() {
        paths.push(format!("{corpus}/flows"));
    } else {
        eprintln!("skipped the corpus: {corpus}/flows not found (set AUTHLINT_CORPUS)");
    }
    LintOptions {
        paths,
        now: Some(SAMPLES_NOW.parse().unwrap()),
        config: ConfigChoice { explicit: None, isolated: true },
        progress: None,
        positions_only: false,
    }
}

/// A report that shows no source gets the same bytes when `lint` keeps only the findings' lines and
/// columns instead of each file's text (issue 16: memory that follows the findings, not the files).
#[test]
fn machine_formats_are_byte_identical_without_the_sources() {
    use authlint::report::{Format, Options, render};
    let opts = |positions_only| LintOptions { positions_only, ..whole_report_options() };
    let (full, compact) = (lint(&opts(false)).unwrap(), lint(&opts(true)).unwrap());
    assert!(full.diagnostics.len() > 40, "{} findings", full.diagnostics.len());
    assert!(compact.files.len() >= 5 && compact.files.iter().all(|f| f.positions_only()), "every source dropped");
    // Fixes are judged before the text goes, and shown from the positions kept.
    assert!(compact.diagnostics.iter().filter(|d| d.fix.is_some()).count() >= 5, "fixes kept");
    let o = Options { color: false, show_secrets: false, width: 100 };
    for format in
        [Format::Concise, Format::Json, Format::Sarif, Format::Github, Format::Azure, Format::Gitlab, Format::Junit]
    {
        assert_eq!(render(&full, format, &o), render(&compact, format, &o), "{format:?}");
    }
}

/// The text report streamed — each file's findings rendered as soon as the files before it are done,
/// its text then dropped, the tail rendered from what remains — is the report rendered whole.
#[test]
fn the_streamed_text_report_is_the_whole_one() {
    use authlint::report::{Format, Options, render, text_findings, text_tail};
    let opts = whole_report_options();
    for o in [
        Options { color: false, show_secrets: false, width: 100 },
        Options { color: true, show_secrets: true, width: 80 },
    ] {
        let whole = render(&lint(&opts).unwrap(), Format::Text, &o);
        let (mut streamed, mut calls) = (String::new(), 0);
        let rest = authlint::lint::lint_streaming(&opts, &mut |one| {
            assert_eq!(one.files.len(), 1, "one file at a time");
            calls += 1;
            streamed.push_str(&text_findings(one, &o));
        })
        .unwrap();
        assert!(calls >= 5, "{calls} files streamed");
        assert!(rest.files.iter().all(|f| f.positions_only()), "each text dropped once rendered");
        streamed.push_str(&text_tail(&rest));
        assert!(whole.len() > 10_000, "{} bytes", whole.len());
        assert_eq!(streamed, whole);
    }
}
