//! Micro-benchmarks of the hot paths of `authlint lint` and `authlint check`, on realistic inputs:
//! Authorization values, JWTs, expression templates, a 30 KB flow definition (generated with the same
//! builder as `gencorpus`) and byte offset → line/column lookups.
//!
//! `cargo bench --bench hot` (add `-- --quick` for a fast run, or a filter such as `-- definition`).

#[path = "common/flowgen.rs"]
mod flowgen;

use std::hint::black_box;

use authlint::input::{definition, expr, json};
use authlint::source::SourceFile;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// A ~1.2 KB fake Graph token, the same every run.
fn token() -> String {
    flowgen::realistic_jwt(&mut fastrand::Rng::with_seed(7))
}

/// The first generated solution flow file of 28–32 KB: its pretty-printed text.
fn flow_30k() -> String {
    (1..)
        .map(|seed| {
            let mut rng = fastrand::Rng::with_seed(seed);
            let f = flowgen::generate(&mut rng, flowgen::Style::Solution, None, None);
            serde_json::to_string_pretty(&f.solution_json()).expect("a Value always serialises")
        })
        .find(|t| (28_000..=32_000).contains(&t.len()))
        .expect("some seed gives a 30 KB flow")
}

const BEARER_TEMPLATE: &str = "Bearer @{body('Get_token')?['access_token']}";

const LONG_CONCAT: &str = "@{concat('https://graph.microsoft.com/v1.0/users/', encodeUriComponent(triggerBody()?['Owner']), \
     '/messages?$filter=', encodeUriComponent(concat('receivedDateTime ge ', formatDateTime(addDays(utcNow(), -7), \
     'yyyy-MM-ddTHH:mm:ssZ'), ' and from/emailAddress/address eq ''', toLower(trim(coalesce(body('Get_user_profile_(V2)')?['mail'], \
     variables('Recipients')))), '''')), '&$select=id,subject,from,receivedDateTime&$top=', \
     string(add(int(variables('Counter')), 50)), '&$orderby=receivedDateTime desc', \
     if(equals(parameters('Environment (cr6a1_Environment)'), 'prod'), '', concat('&$search=', items('Apply_to_each')?['Title'])))}";

fn auth(c: &mut Criterion) {
    let jwt = token();
    let good = format!("Bearer {jwt}");
    // Quotes around the value and a no-break space after the scheme (pasted from Teams).
    let broken = format!("\"Bearer\u{a0}{jwt}\"");
    eprintln!("token: {} bytes", jwt.len());
    let mut g = c.benchmark_group("auth::parse");
    for (name, value) in [("bearer_jwt", &good), ("quoted_nbsp", &broken)] {
        g.throughput(Throughput::Bytes(value.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), value.as_str(), |b, v| {
            b.iter(|| authlint::auth::parse(black_box(v)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("jwt::inspect");
    g.throughput(Throughput::Bytes(jwt.len() as u64));
    g.bench_function("graph_app_token", |b| b.iter(|| authlint::jwt::inspect(black_box(&jwt))));
    g.finish();
}

fn templates(c: &mut Criterion) {
    let mut g = c.benchmark_group("expr::template");
    for (name, s) in [("bearer_body", BEARER_TEMPLATE), ("long_concat", LONG_CONCAT)] {
        assert!(expr::template(s).is_ok(), "{name} parses");
        g.throughput(Throughput::Bytes(s.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), s, |b, s| b.iter(|| expr::template(black_box(s))));
    }
    g.finish();
}

fn definitions(c: &mut Criterion) {
    let text = flow_30k();
    let src = SourceFile::from_text("Workflows/Flow-30k.json", text.clone());
    let root = json::parse(&src).expect("the generated flow is JSON");
    let flows = definition::flows(&root, None);
    assert_eq!(flows.len(), 1);
    let flow = &flows[0];
    let n_actions = definition::actions(&flow.definition, &flow.pointer).len();
    eprintln!("definition: {} bytes, {n_actions} triggers and actions", text.len());

    let mut g = c.benchmark_group("definition");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("source_from_text", |b| {
        b.iter(|| SourceFile::from_text("Workflows/Flow-30k.json", black_box(text.as_str())))
    });
    g.bench_function("json_parse", |b| b.iter(|| json::parse(black_box(&src)).expect("JSON")));
    g.bench_function("flows", |b| b.iter(|| definition::flows(black_box(&root), None)));
    g.bench_function("actions", |b| b.iter(|| definition::actions(black_box(&flow.definition), &flow.pointer)));
    g.bench_function("parse_flows_actions", |b| {
        b.iter(|| {
            let root = json::parse(black_box(&src)).expect("JSON");
            let flows = definition::flows(&root, None);
            flows.iter().map(|f| definition::actions(&f.definition, &f.pointer).len()).sum::<usize>()
        })
    });
    g.finish();

    // 64 offsets spread through the file (not on line starts).
    let offsets: Vec<usize> = (0..64).map(|i| i * text.len() / 64 + 7).collect();
    let mut g = c.benchmark_group("source::line_col");
    g.throughput(Throughput::Elements(offsets.len() as u64));
    g.bench_function("64_offsets_30k", |b| {
        b.iter(|| offsets.iter().map(|&o| src.line_col(black_box(o)).column).sum::<usize>())
    });
    g.finish();
}

/// The permission tables: built once per process (when a Graph or SharePoint token is first judged) —
/// from the Rust build.rs generated, not by parsing the TOML — then one lookup and judgement per token.
fn permissions(c: &mut Criterion) {
    use authlint::permissions::{Call, GRAPH_FILES, SHAREPOINT_FILE, Tables, judge, tables};
    let mut g = c.benchmark_group("permissions");
    g.bench_function("tables_from_toml", |b| {
        b.iter(|| Tables::parse(black_box(&GRAPH_FILES), SHAREPOINT_FILE).unwrap())
    });
    g.bench_function("tables_embedded", |b| b.iter(|| Tables::embedded().unwrap()));
    let jwt = authlint::jwt::inspect(&token());
    let claims = jwt.claims().expect("claims");
    let url = url::Url::parse(
        "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/sites/hr:/lists/x/items?$top=5",
    )
    .unwrap();
    let call = Call::of("GET", &url).expect("a Graph call");
    let _ = tables();
    g.bench_function("judge_graph_call", |b| b.iter(|| judge(black_box(&call), &claims)));
    g.finish();
}

criterion_group!(benches, auth, templates, definitions, permissions);
criterion_main!(benches);
