//! Lint judges the value the engine will send: a table of header, URI and authentication
//! constructions — through variables, Compose, parameters, the known functions, every flow construct
//! and ARM template expressions — each with the findings it must give and nothing else.

use std::path::Path;

use authlint::diagnostic::Outcome;
use authlint::lint::{LintOptions, lint};
use serde_json::{Value, json};

const NOW: &str = "2026-01-01T00:30:00Z";

/// A Graph app-only token (fake signature) that expires in 2099.
const GRAPH_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjQwNzA5MDg4MDAsImlhdCI6MTc2NzIyNTYwMCwibmJmIjoxNzY3MjI1NjAwLCJhcHBpZCI6IngiLCJyb2xlcyI6WyJVc2VyLlJlYWQuQWxsIl19.c2ln";

fn secured(mut action: Value, what: &[&str]) -> Value {
    action["runtimeConfiguration"] = json!({"secureData": {"properties": what}});
    action
}

/// The actions every case has: a token fetch (secure), a Function that returns a JWT as text, and a
/// Parse JSON of the token response.
fn base() -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert(
        "Get_token".into(),
        secured(
            json!({"type": "Http", "runAfter": {}, "inputs": {"method": "POST",
                "uri": "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
                "body": "grant_type=client_credentials&client_id=@{parameters('clientId')}&client_secret=@{parameters('secret')}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"}}),
            &["inputs", "outputs"],
        ),
    );
    m.insert(
        "CreateJWT".into(),
        json!({"type": "Function", "runAfter": {}, "inputs": {"function": {"id": "/subscriptions/x/functions/CreateJWT"}}}),
    );
    m.insert(
        "Parse_JSON".into(),
        json!({"type": "ParseJson", "runAfter": {}, "inputs": {"content": "@body('Get_token')", "schema": {}}}),
    );
    m
}

fn params() -> Value {
    json!({
        "clientId": {"type": "string", "defaultValue": "00000000-0000-0000-0000-000000000001"},
        "secret": {"type": "securestring", "defaultValue": ""},
        "user": {"type": "securestring"},
        "password": {"type": "securestring"},
        "basic": {"type": "securestring"},
        "apiBase": {"type": "string", "defaultValue": "https://graph.microsoft.com/v1.0"},
    })
}

/// The HTTP action under test, its inputs secured.
fn call(uri: &str, headers: Value) -> Value {
    secured(
        json!({"type": "Http", "runAfter": {}, "inputs": {"method": "GET", "uri": uri, "headers": headers}}),
        &["inputs"],
    )
}

fn graph(auth: &str) -> Value {
    call("https://graph.microsoft.com/v1.0/users", json!({"Authorization": auth}))
}

/// A solution flow of these actions; an action named `__params` is not one: its members are more
/// definition parameters.
fn definition(mut actions: serde_json::Map<String, Value>) -> Value {
    let mut p = params();
    if let Some(Value::Object(extra)) = actions.remove("__params") {
        for (k, v) in extra {
            p[k] = v;
        }
    }
    json!({"properties": {"displayName": "Table flow", "definition": {
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "parameters": p,
        "triggers": {"manual": {"type": "Request", "kind": "Button", "inputs": {}}},
        "actions": actions}}})
}

fn lint_json(dir: &Path, name: &str, doc: &Value) -> Outcome {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    let opts = LintOptions {
        paths: vec![p.to_string_lossy().into_owned()],
        now: Some(NOW.parse().unwrap()),
        config: authlint::config::ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    };
    let out = lint(&opts).unwrap();
    assert!(out.errors.is_empty(), "{name}: {:?}", out.errors);
    out
}

fn rules(out: &Outcome) -> Vec<&'static str> {
    let mut r: Vec<_> = out.diagnostics.iter().map(|d| d.rule).collect();
    r.sort();
    r
}

/// A Set/Initialize pair for a string variable `auth`, the Set nested as `wrap` puts it.
fn var(init: &str, set: Option<&str>) -> serde_json::Map<String, Value> {
    let mut m = base();
    m.insert(
        "Init_auth".into(),
        json!({"type": "InitializeVariable", "runAfter": {}, "inputs": {"variables": [{"name": "auth", "type": "string", "value": init}]}}),
    );
    if let Some(v) = set {
        m.insert(
            "Set_auth".into(),
            json!({"type": "SetVariable", "runAfter": {}, "inputs": {"name": "auth", "value": v}}),
        );
    }
    m
}

fn compose(input: Value) -> serde_json::Map<String, Value> {
    let mut m = base();
    m.insert("Compose_auth".into(), json!({"type": "Compose", "runAfter": {}, "inputs": input}));
    m
}

const TOKEN: &str = "body('Get_token')?['access_token']";

/// Header constructions in a flow definition: (what, the actions, the findings).
fn wdl_cases() -> Vec<(String, serde_json::Map<String, Value>, Vec<&'static str>)> {
    let with = |auth: String| {
        let mut m = base();
        m.insert("Call".into(), graph(&auth));
        m
    };
    let through = |mut m: serde_json::Map<String, Value>, auth: &str| {
        m.insert("Call".into(), graph(auth));
        m
    };
    let t = TOKEN;
    vec![
        ("the right header".into(), with(format!("Bearer @{{{t}}}")), vec![]),
        ("no space after Bearer".into(), with(format!("Bearer@{{{t}}}")), vec!["auth-separator"]),
        ("two spaces after Bearer".into(), with(format!("Bearer  @{{{t}}}")), vec!["auth-separator"]),
        ("concat with quotes".into(), with(format!("@{{concat('\"Bearer ', {t}, '\"')}}")), vec!["expr-quote-wrap"]),
        (
            "concat, whole expression, quotes".into(),
            with(format!("@concat('\"Bearer ', {t}, '\"')")),
            vec!["expr-quote-wrap"],
        ),
        ("concat right".into(), with(format!("@concat('Bearer ', {t})")), vec![]),
        ("concat without the space".into(), with(format!("@concat('Bearer', {t})")), vec!["auth-separator"]),
        (
            "double quotes typed around the expression".into(),
            with(format!("Bearer \"@{{{t}}}\"")),
            vec!["expr-quote-wrap"],
        ),
        (
            "single quotes typed around the expression".into(),
            with(format!("Bearer '@{{{t}}}'")),
            vec!["expr-quote-wrap"],
        ),
        (
            "typographic quotes around the expression".into(),
            with(format!("Bearer \u{201C}@{{{t}}}\u{201D}")),
            vec!["expr-quote-wrap"],
        ),
        ("quotes typed around the whole value".into(), with(format!("\"Bearer @{{{t}}}\"")), vec!["auth-quoted"]),
        ("the whole token response".into(), with("Bearer @{body('Get_token')}".into()), vec!["expr-object-in-header"]),
        (
            "the property through outputs()".into(),
            with("Bearer @{outputs('Get_token')?['body']?['access_token']}".into()),
            vec![],
        ),
        ("the whole outputs()".into(), with("Bearer @{outputs('Get_token')}".into()), vec!["expr-object-in-header"]),
        ("trim() of the token".into(), with(format!("Bearer @{{trim({t})}}")), vec![]),
        // Sent right; only the information that the call is not needed (and `--fix` removes it).
        ("string() of the token".into(), with(format!("Bearer @{{string({t})}}")), vec!["expr-redundant-string"]),
        ("encodeUriComponent() of the token".into(), with(format!("Bearer @{{encodeUriComponent({t})}}")), vec![]),
        ("json() of a body".into(), with("Bearer @{json(body('CreateJWT'))}".into()), vec!["expr-object-in-header"]),
        ("a Function's text body".into(), with("Bearer @{body('CreateJWT')}".into()), vec![]),
        ("Parse JSON's property".into(), with("Bearer @{body('Parse_JSON')?['access_token']}".into()), vec![]),
        ("Parse JSON's whole body".into(), with("Bearer @{body('Parse_JSON')}".into()), vec!["expr-object-in-header"]),
        ("a trigger property".into(), with("Bearer @{triggerBody()?['token']}".into()), vec![]),
        (
            "toLower() makes the scheme lower case".into(),
            with(format!("@{{toLower('BEARER ')}}@{{{t}}}")),
            vec!["auth-scheme-case"],
        ),
        ("toUpper() of a literal scheme".into(), with(format!("@{{toUpper('b')}}earer @{{{t}}}")), vec![]),
        ("replace() builds the scheme".into(), with(format!("@{{replace('Bearer_', '_', ' ')}}@{{{t}}}")), vec![]),
        (
            "replace() removes the space".into(),
            with(format!("@{{replace('Bearer ', ' ', '')}}@{{{t}}}")),
            vec!["auth-separator"],
        ),
        ("coalesce() past a null".into(), with(format!("@{{coalesce(null, 'Bearer ')}}@{{{t}}}")), vec![]),
        (
            "if(): one branch adds quotes".into(),
            with(format!("@{{if(equals(1, 1), concat('Bearer ', {t}), concat('\"Bearer ', {t}, '\"'))}}")),
            vec!["expr-quote-wrap"],
        ),
        (
            "if(): both branches right".into(),
            with(format!(
                "@{{if(equals(1, 1), concat('Bearer ', {t}), concat('Bearer ', body('Parse_JSON')?['access_token']))}}"
            )),
            vec![],
        ),
        (
            "if() with a known condition takes its branch".into(),
            with(format!("@{{if(true, concat('Bearer ', {t}), 'Bearer')}}")),
            vec![],
        ),
        (
            "Basic from secure parameters".into(),
            with("Basic @{base64(concat(parameters('user'), ':', parameters('password')))}".into()),
            vec![],
        ),
        (
            "Basic user:password not encoded".into(),
            with("@{concat('Basic ', parameters('user'), ':', parameters('password'))}".into()),
            vec!["basic-plaintext"],
        ),
        (
            "Basic of literals, encoded by base64()".into(),
            with("Basic @{base64(concat('svc-flow', ':', 'not-a-real-password'))}".into()),
            vec!["hardcoded-secret"],
        ),
        (
            "base64ToString(base64()) of a user only".into(),
            with("Basic @{base64(base64ToString(base64('svc-flow')))}".into()),
            vec!["basic-missing-colon", "hardcoded-secret"],
        ),
        ("Basic from one secure parameter".into(), with("Basic @{parameters('basic')}".into()), vec![]),
        // Variables: every assignment, in any scope.
        (
            "a variable set to the token".into(),
            through(var("", Some(&format!("@{{{t}}}"))), "Bearer @{variables('auth')}"),
            vec![],
        ),
        (
            "a variable set with quotes by concat()".into(),
            through(var("", Some(&format!("@{{concat('\"', {t}, '\"')}}"))), "Bearer @{variables('auth')}"),
            vec!["expr-quote-wrap"],
        ),
        (
            "a variable holding the header, with quotes".into(),
            through(var("", Some(&format!("Bearer '@{{{t}}}'"))), "@{variables('auth')}"),
            vec!["expr-quote-wrap"],
        ),
        (
            "a variable initialised with the header, no space".into(),
            through(var(&format!("Bearer@{{{t}}}"), None), "@{variables('auth')}"),
            vec!["auth-separator"],
        ),
        (
            "a variable set twice, once wrong".into(),
            {
                let mut m = var(&format!("Bearer @{{{t}}}"), Some(&format!("Bearer@{{{t}}}")));
                m.insert("Call".into(), graph("@{variables('auth')}"));
                m
            },
            vec!["auth-separator"],
        ),
        (
            "a literal token in a variable, for Graph, sent to SharePoint".into(),
            {
                let mut m = var(GRAPH_TOKEN, None);
                m.insert(
                    "Call".into(),
                    call(
                        "https://contoso.sharepoint.com/sites/x/_api/web",
                        json!({"Authorization": "Bearer @{variables('auth')}"}),
                    ),
                );
                m
            },
            vec!["audience-mismatch", "static-token"],
        ),
        // Compose.
        (
            "a Compose of the header, with quotes".into(),
            through(compose(json!(format!("Bearer '@{{{t}}}'"))), "@{outputs('Compose_auth')}"),
            vec!["expr-quote-wrap"],
        ),
        (
            "a Compose of the header, right".into(),
            through(compose(json!(format!("Bearer @{{{t}}}"))), "@{outputs('Compose_auth')}"),
            vec![],
        ),
        (
            "a Compose object's member".into(),
            through(compose(json!({"header": format!("Bearer@{{{t}}}")})), "@{outputs('Compose_auth')?['header']}"),
            vec!["auth-separator"],
        ),
        (
            "a whole Compose object".into(),
            through(compose(json!({"a": 1})), "Bearer @{outputs('Compose_auth')}"),
            vec!["expr-object-in-header"],
        ),
        // Parameters.
        (
            "a parameter's literal token".into(),
            {
                let mut m = with("Bearer @{parameters('token')}".into());
                m.insert("__params".into(), json!({"token": {"type": "string", "defaultValue": GRAPH_TOKEN}}));
                m
            },
            vec!["static-token"],
        ),
        ("a secure parameter".into(), with("Bearer @{parameters('secret')}".into()), vec![]),
    ]
}

#[test]
fn header_constructions_give_exactly_their_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let cases = wdl_cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for (i, (name, actions, want)) in cases.into_iter().enumerate() {
        let out = lint_json(dir.path(), &format!("case-{i}.json"), &definition(actions));
        let got = rules(&out);
        let mut want = want.clone();
        want.sort();
        if got != want {
            let msgs: Vec<_> = out.diagnostics.iter().map(|d| format!("{}: {}", d.rule, d.message)).collect();
            failures.push(format!("{name}: want {want:?}, got {msgs:#?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The same wrong Set, nested in every kind of scope: found wherever it is.
#[test]
fn assignments_are_followed_into_every_flow_construct() {
    let set = json!({"type": "SetVariable", "runAfter": {}, "inputs": {"name": "auth", "value": format!("Bearer '@{{{TOKEN}}}'")}});
    type Wrap = Box<dyn Fn(Value) -> Value>;
    let nest: Vec<(&str, Wrap)> = vec![
        ("Scope", Box::new(|a| json!({"type": "Scope", "runAfter": {}, "actions": {"Set_auth": a}}))),
        (
            "Foreach",
            Box::new(
                |a| json!({"type": "Foreach", "foreach": "@triggerBody()", "runAfter": {}, "actions": {"Set_auth": a}}),
            ),
        ),
        (
            "Until",
            Box::new(
                |a| json!({"type": "Until", "expression": "@equals(1, 1)", "limit": {"count": 3}, "runAfter": {}, "actions": {"Set_auth": a}}),
            ),
        ),
        (
            "If (else)",
            Box::new(
                |a| json!({"type": "If", "expression": {"and": []}, "runAfter": {}, "actions": {}, "else": {"actions": {"Set_auth": a}}}),
            ),
        ),
        (
            "Switch case",
            Box::new(
                |a| json!({"type": "Switch", "expression": "@triggerBody()", "runAfter": {}, "cases": {"One": {"case": 1, "actions": {"Set_auth": a}}}, "default": {"actions": {}}}),
            ),
        ),
        (
            "Switch default",
            Box::new(
                |a| json!({"type": "Switch", "expression": "@triggerBody()", "runAfter": {}, "cases": {}, "default": {"actions": {"Set_auth": a}}}),
            ),
        ),
        (
            "three Scopes deep",
            Box::new(
                |a| json!({"type": "Scope", "runAfter": {}, "actions": {"Inner": {"type": "Scope", "runAfter": {}, "actions": {"Innermost": {"type": "Scope", "runAfter": {}, "actions": {"Set_auth": a}}}}}}),
            ),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (name, wrap)) in nest.iter().enumerate() {
        let mut m = var("", None);
        m.insert("Outer".into(), wrap(set.clone()));
        // The header is sent from inside a scope too.
        m.insert(
            "Send".into(),
            json!({"type": "Scope", "runAfter": {}, "actions": {"Call": graph("@{variables('auth')}")}}),
        );
        let out = lint_json(dir.path(), &format!("nest-{i}.json"), &definition(m));
        assert_eq!(rules(&out), ["expr-quote-wrap"], "{name}");
        let d = &out.diagnostics[0];
        assert_eq!(d.action.as_deref(), Some("Send/Call"), "{name}");
        assert!(d.message.contains("set in Outer/"), "{name}: {}", d.message);
        assert!(d.message.ends_with("Set_auth, sent by Send/Call as Authorization)"), "{name}: {}", d.message);
    }
}

/// The finding points at the literal that causes it, where it is written; labels the header where it
/// is sent; says how the value travelled; shows the value as sent, redacted.
#[test]
fn a_finding_says_where_the_value_is_written_and_where_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = compose(json!(format!("Bearer '@{{{TOKEN}}}'")));
    m.insert("Init_auth".into(), json!({"type": "InitializeVariable", "runAfter": {}, "inputs": {"variables": [{"name": "auth", "type": "string"}]}}));
    m.insert("Set_auth".into(), json!({"type": "SetVariable", "runAfter": {}, "inputs": {"name": "auth", "value": "@{outputs('Compose_auth')}"}}));
    m.insert("List_users".into(), graph("@{variables('auth')}"));
    let out = lint_json(dir.path(), "path.json", &definition(m));
    assert_eq!(rules(&out), ["expr-quote-wrap"]);
    let d = &out.diagnostics[0];
    let text = &out.files[d.file].text;
    // The quote typed in the Compose, and the expression it quotes.
    assert_eq!(&text[d.span.start..d.span.end], "'@{body('Get_token')?['access_token']}");
    assert!(
        d.message.ends_with("(composed in Compose_auth, set in Set_auth, sent by List_users as Authorization)"),
        "{}",
        d.message
    );
    let l = &d.secondary[0];
    assert_eq!(&text[l.span.start..l.span.end], "@{variables('auth')}");
    assert_eq!(l.message, "sent here as Authorization");
    assert!(d.help.as_deref().unwrap().ends_with("sent as: Bearer '<access_token of Get_token>'"), "{:?}", d.help);
    assert_eq!(d.action.as_deref(), Some("List_users"));
}

/// An ARM template around the flow: its `[…]` expressions are evaluated as deployed.
fn arm(headers: Value, uri: &str, authentication: Option<Value>, extra_params: Value) -> Value {
    let mut inputs = json!({"method": "GET", "uri": uri, "headers": headers});
    if let Some(a) = authentication {
        inputs["authentication"] = a;
    }
    let mut tparams = json!({
        "PlaybookName": {"type": "string", "defaultValue": "Table-Playbook"},
        "apiKey": {"type": "securestring"},
        "token": {"type": "securestring"},
        "OrgName": {"type": "string"},
        "FunctionAppName": {"type": "string", "defaultValue": "fn-app"},
    });
    for (k, v) in extra_params.as_object().unwrap() {
        tparams[k] = v.clone();
    }
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": tparams,
        "variables": {
            "authHeader": "[concat('Bearer ', parameters('token'))]",
            "apiHost": "[concat('https://', parameters('FunctionAppName'), '.azurewebsites.net')]"
        },
        "resources": [{
            "type": "Microsoft.Logic/workflows",
            "apiVersion": "2017-07-01",
            "name": "[parameters('PlaybookName')]",
            "location": "[resourceGroup().location]",
            "properties": {
                "definition": {
                    "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
                    "contentVersion": "1.0.0.0",
                    "parameters": {
                        "ApiKey": {"type": "securestring", "defaultValue": ""},
                        "BaseUrl": {"type": "string", "defaultValue": ""}
                    },
                    "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
                    "actions": {
                        "Get_token": secured(json!({"type": "Http", "runAfter": {}, "inputs": {"method": "POST",
                            "uri": "[concat('https://login.microsoftonline.com/', subscription().tenantId, '/oauth2/v2.0/token')]",
                            "body": "grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"}}), &["inputs", "outputs"]),
                        "Call": secured(json!({"type": "Http", "runAfter": {}, "inputs": inputs}), &["inputs"])
                    }
                },
                "parameters": {
                    "ApiKey": {"value": "[parameters('apiKey')]"},
                    "BaseUrl": {"value": "[concat('https://', reference(resourceId('Microsoft.Web/sites', parameters('FunctionAppName')), '2022-03-01').defaultHostName, '/api/x')]"}
                }
            }
        }]
    })
}

#[test]
fn arm_template_expressions_are_judged_as_deployed() {
    let dir = tempfile::tempdir().unwrap();
    let graph_uri = "https://graph.microsoft.com/v1.0/users";
    let none = json!({});
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "concat() with a secure parameter",
            arm(json!({"Authorization": "[concat('Bearer ', parameters('token'))]"}), graph_uri, None, none.clone()),
            vec![],
        ),
        (
            "concat() without the space",
            arm(json!({"Authorization": "[concat('Bearer', parameters('token'))]"}), graph_uri, None, none.clone()),
            vec!["auth-separator"],
        ),
        (
            "format() right",
            arm(json!({"Authorization": "[format('Bearer {0}', parameters('token'))]"}), graph_uri, None, none.clone()),
            vec![],
        ),
        (
            "format() without the space",
            arm(json!({"Authorization": "[format('Bearer{0}', parameters('token'))]"}), graph_uri, None, none.clone()),
            vec!["auth-separator"],
        ),
        (
            "a template variable",
            arm(json!({"Authorization": "[variables('authHeader')]"}), graph_uri, None, none.clone()),
            vec![],
        ),
        (
            "quotes in ARM literals are typed text once deployed",
            arm(
                json!({"Authorization": "[concat('\"Bearer ', parameters('token'), '\"')]"}),
                graph_uri,
                None,
                none.clone(),
            ),
            vec!["auth-quoted"],
        ),
        (
            "WDL inside an ARM string, with '' quotes",
            arm(
                json!({"Authorization": "[concat('Bearer @{body(''Get_token'')?[''access_token'']}')]"}),
                graph_uri,
                None,
                none.clone(),
            ),
            vec![],
        ),
        (
            "WDL inside an ARM string: the whole token response",
            arm(json!({"Authorization": "[concat('Bearer @{body(''Get_token'')}')]"}), graph_uri, None, none.clone()),
            vec!["expr-object-in-header"],
        ),
        (
            "a URI built from reference() at deployment",
            arm(
                json!({"Authorization": "Bearer @{body('Get_token')?['access_token']}"}),
                "@{parameters('BaseUrl')}",
                None,
                none.clone(),
            ),
            vec![],
        ),
        (
            "a URI with a parameter and WDL inside",
            arm(
                json!({}),
                "[concat(variables('apiHost'), '/orgs/', parameters('OrgName'), '/@{triggerBody()?[''id'']}')]",
                None,
                none.clone(),
            ),
            vec![],
        ),
        (
            "lower-case bearer before a deployment value is a scheme case finding only",
            arm(json!({"Authorization": "bearer @{parameters('ApiKey')}"}), graph_uri, None, none.clone()),
            vec!["auth-scheme-case"],
        ),
        (
            "listKeys() is fetched at deployment, not hard-coded",
            arm(
                json!({"x-functions-key": "[listKeys(resourceId('Microsoft.Web/sites/functions', 'fn', 'f'), '2022-03-01').default]"}),
                "https://fn-app.azurewebsites.net/api/f",
                None,
                none.clone(),
            ),
            vec![],
        ),
        (
            "a template parameter's literal default is hard-coded",
            arm(
                json!({}),
                graph_uri,
                Some(json!({"type": "Basic", "username": "svc", "password": "[parameters('pw')]"})),
                json!({"pw": {"type": "string", "defaultValue": "not-a-real-password"}}),
            ),
            vec!["hardcoded-secret"],
        ),
        (
            "a secure template parameter without default",
            arm(
                json!({}),
                graph_uri,
                Some(json!({"type": "Basic", "username": "svc", "password": "[parameters('apiKey')]"})),
                none.clone(),
            ),
            vec![],
        ),
        (
            "an escaped [[ literal stays text",
            arm(json!({"x-api-key": "[[not-an-expression]"}), graph_uri, None, none.clone()),
            vec!["hardcoded-secret"],
        ),
    ];
    let mut failures = Vec::new();
    for (i, (name, doc, want)) in cases.iter().enumerate() {
        let out = lint_json(dir.path(), &format!("arm-{i}.json"), doc);
        let got = rules(&out);
        let mut want = want.clone();
        want.sort();
        if got != want {
            let msgs: Vec<_> = out.diagnostics.iter().map(|d| format!("{}: {}", d.rule, d.message)).collect();
            failures.push(format!("{name}: want {want:?}, got {msgs:#?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_hard_coded_secret_is_pointed_at_in_the_template_parameter_default() {
    let dir = tempfile::tempdir().unwrap();
    let doc = arm(
        json!({}),
        "https://api.example.com/v1/items",
        Some(json!({"type": "Basic", "username": "svc", "password": "[parameters('pw')]"})),
        json!({"pw": {"type": "string", "defaultValue": "not-a-real-password"}}),
    );
    let out = lint_json(dir.path(), "arm-secret.json", &doc);
    let d = out.diagnostics.iter().find(|d| d.rule == "hardcoded-secret").expect("hardcoded-secret");
    let text = &out.files[d.file].text;
    assert_eq!(&text[d.span.start..d.span.end], "not-a-real-password");
    // The line is the template parameter's, not the action's.
    let line = out.files[d.file].line_col(d.span.start).line;
    assert!(out.files[d.file].line_text(line).contains("defaultValue"), "{}", out.files[d.file].line_text(line));
}

#[test]
fn a_parameters_file_beside_the_template_gives_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let doc = arm(
        json!({"Authorization": "[concat(parameters('OrgName'), ' ', parameters('token'))]"}),
        "https://api.example.com/x",
        None,
        json!({}),
    );
    // Without the file, OrgName (the scheme here) is known only at deployment: nothing is decided.
    let out = lint_json(dir.path(), "azuredeploy.json", &doc);
    assert_eq!(rules(&out), Vec::<&str>::new());
    // The parameters file gives it: a misspelled scheme.
    let params = json!({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
        "contentVersion": "1.0.0.0", "parameters": {"OrgName": {"value": "Baerer"}, "token": {"reference": {"keyVault": {"id": "x"}, "secretName": "t"}}}});
    std::fs::write(dir.path().join("azuredeploy.parameters.json"), params.to_string()).unwrap();
    let out = lint_json(dir.path(), "azuredeploy.json", &doc);
    assert_eq!(rules(&out), ["auth-scheme-unknown"], "{:?}", out.diagnostics);
    let d = &out.diagnostics[0];
    assert!(d.message.contains("template parameter OrgName in the parameters file"), "{}", d.message);
}

#[test]
fn a_standard_apps_parameters_json_gives_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let wf = dir.path().join("Wf1");
    std::fs::create_dir(&wf).unwrap();
    let def = json!({"definition": {
        "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        "contentVersion": "1.0.0.0",
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Call": secured(json!({"type": "Http", "runAfter": {}, "inputs": {"method": "GET", "uri": "https://api.example.com/x",
                "headers": {"Authorization": "@{parameters('scheme')}@{parameters('apiToken')}"}}}), &["inputs"])
        }}, "kind": "Stateful"});
    std::fs::write(
        dir.path().join("parameters.json"),
        json!({"scheme": {"type": "String", "value": "Bearer"}, "apiToken": {"type": "String", "value": "@appsetting('API_TOKEN')"}})
            .to_string(),
    )
    .unwrap();
    let out = lint_json(&wf, "workflow.json", &def);
    let d = out.diagnostics.iter().find(|d| d.rule == "auth-separator").expect("auth-separator");
    assert!(d.help.as_deref().unwrap().contains("sent as: Bearer<app setting API_TOKEN>"), "{:?}", d.help);
}
