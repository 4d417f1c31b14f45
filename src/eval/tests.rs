//! The evaluator on its own: every function, property reads, the data flow of a definition, ARM
//! expressions, and the limits.

use super::value::display;
use super::*;
use crate::input::definition::{self, Flow};
use crate::input::json;
use crate::source::SourceFile;

/// A definition with a few names to read, the value under test in a Compose named `Under_test`.
fn flow(value: &str) -> (SourceFile, Flow) {
    let def = serde_json::json!({
        "definition": {
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "parameters": {
                "base": {"type": "string", "defaultValue": "https://graph.microsoft.com"},
                "secret": {"type": "securestring"},
                "empty": {"type": "string", "defaultValue": ""},
                "$connections": {"type": "object", "defaultValue": {}}
            },
            "triggers": {"manual": {"type": "Request", "inputs": {}}},
            "actions": {
                "Get_token": {"type": "Http", "inputs": {"method": "POST", "uri": "https://login.microsoftonline.com/t/oauth2/v2.0/token", "body": "grant_type=client_credentials"}},
                "Init": {"type": "InitializeVariable", "inputs": {"variables": [
                    {"name": "scheme", "type": "string", "value": "Bearer"},
                    {"name": "obj", "type": "object", "value": {"token": "abc"}},
                    {"name": "loop", "type": "string", "value": "@{variables('loop')}x"},
                    {"name": "later", "type": "string", "value": ""}
                ]}},
                "Scope": {"type": "Scope", "actions": {
                    "Set_later": {"type": "SetVariable", "inputs": {"name": "later", "value": "one"}},
                    "Cond": {"type": "If", "expression": {}, "actions": {}, "else": {"actions": {
                        "Set_later_2": {"type": "SetVariable", "inputs": {"name": "later", "value": "two"}}
                    }}}
                }},
                "Append": {"type": "AppendToStringVariable", "inputs": {"name": "scheme", "value": " "}},
                "Compose_obj": {"type": "Compose", "inputs": {"a": {"b": "deep"}, "list": ["first", "second"]}},
                "Under_test": {"type": "Compose", "inputs": value}
            }
        }
    });
    let src = SourceFile::from_text("test.json", serde_json::to_string_pretty(&def).unwrap());
    let root = json::parse(&src).unwrap();
    let f = definition::flows(&root, None).into_iter().next().unwrap();
    (src, f)
}

/// Every string of a definition in document order, with the template it parses into (what lint's
/// strings' walk hands the evaluator).
fn strings_of<'j>(j: &'j Json, out: &mut Vec<(&'j Text, Result<Template, expr::ExprError>)>) {
    match &j.kind {
        JsonKind::String(t) => out.push((t, expr::template(&t.value))),
        JsonKind::Array(items) => items.iter().for_each(|i| strings_of(i, out)),
        JsonKind::Object(members) => members.iter().for_each(|m| strings_of(&m.value, out)),
        _ => {}
    }
}

/// The alternatives of a string as the engine would build them, unknowns as `<…>` — the same whether
/// the evaluator parses each string itself or is handed the definition's strings already parsed.
fn eval(value: &str) -> Vec<String> {
    let (_, f) = flow(value);
    let actions = definition::actions(&f.definition, &f.pointer);
    let node = f.definition.get("actions").and_then(|a| a.get("Under_test")).and_then(|a| a.get("inputs")).unwrap();
    let mut strings = Vec::new();
    strings_of(&f.definition, &mut strings);
    let parsed: Vec<wdl::Parsed> = strings.iter().map(|(t, p)| (*t, p)).collect();
    let given = wdl::FlowEnv::new(&f, &actions, arm::Holes::default(), &parsed);
    if let Some(t) = node.as_text() {
        assert!(given.parsed(t).is_some(), "the string under test is found among the parsed ones");
    }
    let got = render(&Evaluator::new(&given).json(node));
    let env = wdl::FlowEnv::new(&f, &actions, arm::Holes::default(), &[]);
    let ev = Evaluator::new(&env);
    let alone = render(&ev.json(node));
    assert_eq!(got, alone, "{value}: evaluated with the walk's templates and alone");
    alone
}

fn render(alts: &[Value]) -> Vec<String> {
    alts.iter()
        .map(|v| match v {
            Value::Str(p) => display(p),
            Value::Json(_) => "{json}".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n, _) => n.clone(),
            Value::Unknown(u) => value::describe(u),
        })
        .collect()
}

fn one(value: &str) -> String {
    let v = eval(value);
    assert_eq!(v.len(), 1, "{value}: {v:?}");
    v.into_iter().next().unwrap()
}

#[test]
fn literals_and_templates() {
    assert_eq!(one("plain text"), "plain text");
    assert_eq!(one("a @@ b"), "a @ b");
    assert_eq!(one("@'quoted'''"), "quoted'");
    assert_eq!(one("x @{'y'} z"), "x y z");
    assert_eq!(one("@null"), "null");
    assert_eq!(one("@true"), "true");
    assert_eq!(one("@{true}"), "True");
    assert_eq!(one("n=@{42}"), "n=42");
}

#[test]
fn concat_replace_trim_and_case() {
    assert_eq!(one("@concat('Bearer', ' ', 'x')"), "Bearer x");
    assert_eq!(one("@concat('Bearer ', body('Get_token')?['access_token'])"), "Bearer <access_token of Get_token>");
    assert_eq!(one("@replace('a-b-c', '-', '+')"), "a+b+c");
    assert_eq!(one("@replace(concat('a-', triggerBody()?['x']), '-', '')"), "a<triggerBody()?['x']>");
    assert_eq!(one("@trim('  Bearer  ')"), "Bearer");
    assert_eq!(one("@trim(concat(' ', triggerBody()?['x'], ' '))"), "<triggerBody()?['x']>");
    assert_eq!(one("@toLower('BEARER')"), "bearer");
    assert_eq!(one("@toUpper('basic')"), "BASIC");
    assert_eq!(one("@toUpper(concat('b', triggerBody()?['x']))"), "B<triggerBody()?['x']>");
}

#[test]
fn coalesce_if_and_string() {
    assert_eq!(one("@coalesce(null, 'a', 'b')"), "a");
    assert_eq!(eval("@coalesce(triggerBody()?['x'], 'b')"), ["<triggerBody()?['x']>", "b"]);
    assert_eq!(one("@if(true, 'a', 'b')"), "a");
    assert_eq!(one("@if(false, 'a', 'b')"), "b");
    assert_eq!(eval("@if(equals(1, 2), 'a', 'b')"), ["a", "b"]);
    assert_eq!(one("@string('x')"), "x");
    assert_eq!(one("@string(true)"), "True");
    assert_eq!(one("@string(body('Get_token'))"), "<body('Get_token')>");
}

#[test]
fn base64_is_computed_for_known_text_and_shaped_otherwise() {
    assert_eq!(one("@base64('user:pass')"), "dXNlcjpwYXNz");
    assert_eq!(one("@base64ToString('dXNlcjpwYXNz')"), "user:pass");
    assert_eq!(
        one("@base64(concat(parameters('base'), ':', parameters('secret')))"),
        "<base64 of https://graph.microsoft.com:<secure parameter secret>>"
    );
    assert_eq!(one("@base64ToString(base64(concat('u:', parameters('secret'))))"), "u:<secure parameter secret>");
    assert_eq!(one("@base64ToString('not base64!')"), "<text decoded from base64>");
}

#[test]
fn uri_components_json_first_and_last() {
    assert_eq!(one("@encodeUriComponent('a b/c')"), "a%20b%2Fc");
    assert_eq!(one("@uriComponent('x&y')"), "x%26y");
    assert_eq!(one("@decodeUriComponent('a%20b')"), "a b");
    assert_eq!(one("@uriComponentToString('a%2Fb')"), "a/b");
    assert_eq!(one("@json('\"text\"')"), "text");
    assert_eq!(one("@json('{\"a\": 1}')"), "<json('{\"a\": 1}')>");
    assert_eq!(one("@json(triggerBody()?['x'])"), "<json(triggerBody()?['x'])>");
    assert_eq!(one("@first('abc')"), "a");
    assert_eq!(one("@last('abc')"), "c");
    assert_eq!(one("@first(outputs('Compose_obj')?['list'])"), "first");
    assert_eq!(one("@last(outputs('Compose_obj')?['list'])"), "second");
    assert_eq!(one("@formatDateTime(utcNow(), 'yyyy')"), "<formatDateTime(utcNow(), 'yyyy')>");
}

#[test]
fn property_reads() {
    assert_eq!(one("@body('Get_token')?['access_token']"), "<access_token of Get_token>");
    assert_eq!(one("@outputs('Get_token')?['body']?['access_token']"), "<access_token of Get_token>");
    assert_eq!(one("@outputs('Get_token').body.token_type"), "<token_type of Get_token>");
    assert_eq!(one("@outputs('Get_token')?['statusCode']"), "<outputs('Get_token')?['statusCode']>");
    assert_eq!(one("@outputs('Compose_obj')?['a']?['b']"), "deep");
    assert_eq!(one("@outputs('Compose_obj')?['list'][1]"), "second");
    assert_eq!(one("@outputs('Compose_obj')?['missing']"), "null");
    assert_eq!(one("@variables('obj')?['token']"), "abc");
    assert_eq!(one("@triggerBody()?['name']"), "<triggerBody()?['name']>");
}

#[test]
fn names_flow_through_the_definition() {
    // Initialized, then appended to.
    assert_eq!(eval("@variables('scheme')"), ["Bearer", "Bearer "]);
    // Initialized empty, then set in a Scope and in an If's else: the empty start is not sent.
    assert_eq!(eval("@variables('later')"), ["one", "two"]);
    assert_eq!(one("@parameters('base')"), "https://graph.microsoft.com");
    assert_eq!(one("@parameters('secret')"), "<secure parameter secret>");
    assert_eq!(one("@parameters('empty')"), "<parameter empty, set at deployment>");
    assert_eq!(one("@parameters('$connections')"), "<parameter $connections>");
    assert_eq!(one("@appsetting('KEY')"), "<app setting KEY>");
    assert_eq!(one("@body('Nowhere')"), "<body('Nowhere')>");
    // A variable that refers to itself is unknown where it does, never a hang.
    assert_eq!(one("@variables('loop')"), "<variables('loop'), which refers to itself>x");
}

#[test]
fn known_text_keeps_the_place_of_every_byte() {
    let (src, f) = flow("Bearer @{concat('x''y', triggerBody()?['t'])}");
    let actions = definition::actions(&f.definition, &f.pointer);
    let env = wdl::FlowEnv::new(&f, &actions, arm::Holes::default(), &[]);
    let node = f.definition.get("actions").and_then(|a| a.get("Under_test")).and_then(|a| a.get("inputs")).unwrap();
    let alts = Evaluator::new(&env).json(node);
    let [Value::Str(pieces)] = alts.as_slice() else { panic!("{alts:?}") };
    let Piece::Known(lit) = &pieces[1] else { panic!("{pieces:?}") };
    assert_eq!(lit.text, "x'y");
    assert!(lit.in_expr);
    // `''` is one quote: the bytes after it still point at their own characters.
    assert_eq!(&src.text[lit.span_of(2..3).range()], "y");
    assert_eq!(&src.text[lit.span_of(1..2).range()], "''");
    let Piece::Unknown(u) = &pieces[2] else { panic!("{pieces:?}") };
    assert_eq!(&src.text[u.span.range()], "triggerBody()?['t']");
}

#[test]
fn limits_make_a_value_unknown_never_a_hang() {
    // Alternatives: six if()s in a row would be 64 of them.
    let many = (0..6).map(|_| "@{if(equals(1, 2), 'a', 'b')}").collect::<String>();
    assert_eq!(eval(&many), ["<a value authlint does not follow>"]);
    // Depth: nested calls past the limit.
    let deep = format!("@{}'x'{}", "concat(".repeat(60), ")".repeat(60));
    assert_eq!(one(&deep), "<a value authlint does not follow>");
    // Length: a known text past the limit.
    let long = format!("@concat('{}', '{}')", "a".repeat(40_000), "b".repeat(40_000));
    assert_eq!(one(&long), "<a value authlint does not follow>");
}

/// ARM: a template's strings evaluated as deployed, in place.
fn deployed(value: &str, given: &[(&str, &str)]) -> String {
    let template = serde_json::json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "parameters": {
            "name": {"type": "string", "defaultValue": "contoso"},
            "key": {"type": "securestring"},
            "plain": {"type": "string"},
            "obj": {"type": "object", "defaultValue": {"a": "b"}}
        },
        "variables": {"host": "[concat(parameters('name'), '.example.com')]", "self": "[variables('self')]"},
        "resources": [{"type": "Microsoft.Logic/workflows", "name": "x", "properties": {"definition": {
            "triggers": {}, "actions": {"A": {"type": "Compose", "inputs": value}}}}}]
    });
    let src = SourceFile::from_text("t.json", serde_json::to_string(&template).unwrap());
    let doc = definition::read(src, None).unwrap();
    let mut f = doc.flows.into_iter().next().unwrap();
    let mut t = std::sync::Arc::try_unwrap(f.arm.take().unwrap()).unwrap();
    for (k, v) in given {
        t.given.insert(k.to_string(), arm::Given::Text(v.to_string()));
    }
    let mut holes = arm::Holes::default();
    arm::deploy(&mut f.definition, &t, &mut holes);
    let node = f.definition.get("actions").and_then(|a| a.get("A")).and_then(|a| a.get("inputs")).unwrap();
    match &node.kind {
        crate::model::JsonKind::String(t) => t
            .value
            .chars()
            .map(|c| match (c as u32).checked_sub(HOLE_BASE).and_then(|i| holes.unknowns.get(i as usize)) {
                Some(u) => value::describe(u),
                None => c.to_string(),
            })
            .collect(),
        other => format!("{other:?}"),
    }
}

#[test]
fn arm_expressions_are_deployed_in_place() {
    assert_eq!(deployed("plain", &[]), "plain");
    assert_eq!(deployed("[[not an expression]", &[]), "[not an expression]");
    assert_eq!(deployed("[only starts", &[]), "[only starts");
    assert_eq!(deployed("[concat('https://', variables('host'))]", &[]), "https://contoso.example.com");
    assert_eq!(deployed("[format('{0}/{1}', parameters('name'), 'x')]", &[]), "contoso/x");
    assert_eq!(deployed("[parameters('key')]", &[]), "<secure parameter key>");
    assert_eq!(deployed("[parameters('plain')]", &[]), "<template parameter plain, set at deployment>");
    assert_eq!(deployed("[parameters('plain')]", &[("plain", "given")]), "given");
    assert_eq!(
        deployed("[concat('https://', reference('x').defaultHostName)]", &[]),
        "https://<reference('x').defaultHostName, set at deployment>"
    );
    assert_eq!(
        deployed("[listKeys('x', '2020').keys[0].value]", &[]),
        "<listKeys('x', '2020').keys[0].value, set at deployment>"
    );
    assert_eq!(deployed("[concat('@{body(''A'')}', '')]", &[]), "@{body('A')}");
    assert_eq!(deployed("[variables('self')]", &[]), "<variables('self'), which refers to itself, set at deployment>");
    assert!(deployed("[parameters('obj')]", &[]).starts_with("Object("), "an object default is put in place");
}
