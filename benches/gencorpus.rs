//! Writes a deterministic corpus of realistic flow definitions for benchmarking `authlint lint`.
//!
//! `cargo run --release --example gencorpus -- --flows N --seed S --out DIR`
//!
//! About 60% of the flows are loose solution files (`DIR/solutions/sN/Workflows/Name-GUID.json`),
//! 25% are in solution zips (`DIR/zips/Solution_K.zip`, 10–50 flows each) and 15% in legacy package
//! zips (`DIR/packages/Package_K.zip`, 1–3 flows each). About 10% of the flows carry one planted
//! problem (see `common/flowgen.rs`). The same seed gives the same bytes.

#[path = "common/flowgen.rs"]
mod flowgen;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fastrand::Rng;
use flowgen::{Flow, Problem, Style};
use serde_json::Value;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

struct Args {
    flows: usize,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut flows = None;
    let mut seed = 42;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--flows" => flows = Some(val("--flows")?.parse().map_err(|e| format!("--flows: {e}"))?),
            "--seed" => seed = val("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => out = Some(PathBuf::from(val("--out")?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args { flows: flows.ok_or("--flows N is required")?, seed, out: out.ok_or("--out DIR is required")? })
}

#[derive(Default)]
struct Totals {
    flows: usize,
    files: usize,
    bytes: u64,
    zip_entries: usize,
    inflated: u64,
    http: usize,
    actions: usize,
    problems: [usize; 4],
    min: usize,
    max: usize,
    sizes: Vec<usize>,
}

impl Totals {
    fn flow(&mut self, f: &Flow, size: usize) {
        self.flows += 1;
        self.http += f.http;
        self.actions += f.actions;
        if let Some(p) = f.problem {
            self.problems[Problem::ALL.iter().position(|q| *q == p).expect("listed")] += 1;
        }
        self.sizes.push(size);
    }
    fn file(&mut self, bytes: usize) {
        self.files += 1;
        self.bytes += bytes as u64;
    }
}

fn pretty(v: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).expect("a Value always serialises")
}

fn problem_for(rng: &mut Rng) -> Option<Problem> {
    (rng.f64() < 0.10).then(|| Problem::ALL[rng.usize(..Problem::ALL.len())])
}

fn zip_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644)
}

fn write_zip(path: &Path, entries: &[(String, Vec<u8>)], t: &mut Totals) -> std::io::Result<()> {
    let mut w = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(name.as_str(), zip_options()).map_err(std::io::Error::other)?;
        w.write_all(data)?;
        if name.ends_with(".json") {
            t.zip_entries += 1;
            t.inflated += data.len() as u64;
        }
    }
    let bytes = w.finish().map_err(std::io::Error::other)?.into_inner();
    std::fs::write(path, &bytes)?;
    t.file(bytes.len());
    Ok(())
}

fn upper_guid(rng: &mut Rng) -> String {
    flowgen::guid(rng).to_uppercase()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const CONTENT_TYPES: &str = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/octet-stream\" /><Default Extension=\"json\" ContentType=\"application/octet-stream\" /></Types>";

fn solution_xml(unique: &str, prefix: &str, ids: &[String]) -> String {
    let roots: String = ids
        .iter()
        .map(|id| format!("      <RootComponent type=\"29\" id=\"{{{}}}\" behavior=\"0\" />\n", id.to_lowercase()))
        .collect();
    format!(
        "<ImportExportXml version=\"9.2.24012.196\" SolutionPackageVersion=\"9.2\" languagecode=\"1033\" generatedBy=\"CrmLive\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">
  <SolutionManifest>
    <UniqueName>{unique}</UniqueName>
    <LocalizedNames>
      <LocalizedName description=\"{unique}\" languagecode=\"1033\" />
    </LocalizedNames>
    <Descriptions />
    <Version>1.0.0.1</Version>
    <Managed>0</Managed>
    <Publisher>
      <UniqueName>Contoso</UniqueName>
      <LocalizedNames>
        <LocalizedName description=\"Contoso\" languagecode=\"1033\" />
      </LocalizedNames>
      <CustomizationPrefix>{prefix}</CustomizationPrefix>
      <CustomizationOptionValuePrefix>10000</CustomizationOptionValuePrefix>
    </Publisher>
    <RootComponents>
{roots}    </RootComponents>
    <MissingDependencies />
  </SolutionManifest>
</ImportExportXml>
"
    )
}

fn customizations_xml(flows: &[(String, String, String)]) -> String {
    let mut s = String::from(
        "<ImportExportXml xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n  <Entities></Entities>\n  <Roles></Roles>\n  <Workflows>\n",
    );
    for (id, name, file) in flows {
        let name = xml_escape(name);
        s.push_str(&format!(
            "    <Workflow WorkflowId=\"{{{}}}\" Name=\"{name}\">\n      <JsonFileName>/Workflows/{file}</JsonFileName>\n      <Type>1</Type>\n      <Subprocess>0</Subprocess>\n      <Category>5</Category>\n      <Mode>0</Mode>\n      <Scope>4</Scope>\n      <OnDemand>0</OnDemand>\n      <StateCode>1</StateCode>\n      <StatusCode>2</StatusCode>\n      <RunAs>1</RunAs>\n      <IsTransacted>1</IsTransacted>\n      <IntroducedVersion>1.0</IntroducedVersion>\n      <IsCustomizable>1</IsCustomizable>\n      <PrimaryEntity>none</PrimaryEntity>\n      <LocalizedNames>\n        <LocalizedName languagecode=\"1033\" description=\"{name}\" />\n      </LocalizedNames>\n    </Workflow>\n",
            id.to_lowercase()
        ));
    }
    s.push_str("  </Workflows>\n  <FieldSecurityProfiles></FieldSecurityProfiles>\n  <Templates />\n  <EntityMaps />\n  <EntityRelationships />\n  <OrganizationSettings />\n  <optionsets />\n  <CustomControls />\n  <EntityDataProviders />\n  <Languages>\n    <Language>1033</Language>\n  </Languages>\n</ImportExportXml>\n");
    s
}

fn run(args: &Args) -> std::io::Result<Totals> {
    let mut rng = Rng::with_seed(args.seed);
    let mut t = Totals { min: usize::MAX, ..Totals::default() };
    let n = args.flows;
    let n_zip = n * 25 / 100;
    let n_pkg = n * 15 / 100;
    let n_loose = n - n_zip - n_pkg;

    // Loose solution files, 5–20 per unpacked solution folder.
    let mut done = 0;
    let mut folder = 0;
    while done < n_loose {
        folder += 1;
        let dir = args.out.join("solutions").join(format!("s{folder}")).join("Workflows");
        std::fs::create_dir_all(&dir)?;
        let k = rng.usize(5..=20).min(n_loose - done);
        for _ in 0..k {
            let problem = problem_for(&mut rng);
            let f = flowgen::generate(&mut rng, Style::Solution, problem, None);
            let data = pretty(&f.solution_json());
            let path = dir.join(format!("{}-{}.json", f.stem, upper_guid(&mut rng)));
            std::fs::write(&path, &data)?;
            t.flow(&f, data.len());
            t.file(data.len());
        }
        done += k;
    }

    // Solution zips, 10–50 flows each.
    let zips = args.out.join("zips");
    std::fs::create_dir_all(&zips)?;
    let (mut done, mut k) = (0, 0);
    while done < n_zip {
        k += 1;
        let m = rng.usize(10..=50).min(n_zip - done);
        let unique = format!("ContosoSolution{k}");
        let prefix = format!("cr{}", rng.u16(100..1000));
        let mut entries = Vec::new();
        let mut listed = Vec::new();
        let mut ids = Vec::new();
        for _ in 0..m {
            let problem = problem_for(&mut rng);
            let f = flowgen::generate(&mut rng, Style::Solution, problem, None);
            let data = pretty(&f.solution_json());
            let id = upper_guid(&mut rng);
            let file = format!("{}-{id}.json", f.stem);
            t.flow(&f, data.len());
            listed.push((id.clone(), f.display_name.clone(), file.clone()));
            ids.push(id);
            entries.push((format!("Workflows/{file}"), data));
        }
        let mut all = vec![
            ("[Content_Types].xml".to_string(), CONTENT_TYPES.as_bytes().to_vec()),
            ("solution.xml".to_string(), solution_xml(&unique, &prefix, &ids).into_bytes()),
            ("customizations.xml".to_string(), customizations_xml(&listed).into_bytes()),
        ];
        all.extend(entries);
        write_zip(&zips.join(format!("Solution_{k}.zip")), &all, &mut t)?;
        done += m;
    }

    // Legacy package zips, 1–3 flows each (most hold one).
    let packages = args.out.join("packages");
    std::fs::create_dir_all(&packages)?;
    let (mut done, mut k) = (0, 0);
    while done < n_pkg {
        k += 1;
        let m = [1, 1, 1, 1, 2, 3][rng.usize(..6)].min(n_pkg - done);
        let mut resources = serde_json::Map::new();
        let mut entries = Vec::new();
        for _ in 0..m {
            let problem = problem_for(&mut rng);
            let f = flowgen::generate(&mut rng, Style::Package, problem, None);
            let id = flowgen::guid(&mut rng);
            // Compact, as the package exporter writes it.
            let data = serde_json::to_vec(&f.package_json(&id)).expect("a Value always serialises");
            t.flow(&f, data.len());
            resources.insert(
                id.clone(),
                serde_json::json!({
                    "type": "Microsoft.Flow/flows",
                    "suggestedCreationType": "Update",
                    "creationType": "Existing, New, Update",
                    "details": {"displayName": f.display_name},
                    "configurableBy": "User",
                    "hierarchy": "Root",
                    "dependsOn": [],
                }),
            );
            let apis: serde_json::Map<String, Value> = f
                .connection_references
                .as_object()
                .map(|m| m.keys().map(|k| (k.clone(), Value::String(flowgen::guid(&mut rng)))).collect())
                .unwrap_or_default();
            let apis = serde_json::to_vec(&apis).expect("a Value always serialises");
            entries.push((format!("Microsoft.Flow/flows/{id}/apisMap.json"), apis.clone()));
            entries.push((format!("Microsoft.Flow/flows/{id}/connectionsMap.json"), apis));
            entries.push((format!("Microsoft.Flow/flows/{id}/definition.json"), data));
        }
        let manifest = serde_json::json!({
            "schema": "1.0",
            "details": {"displayName": format!("Package {k}"), "description": "", "createdTime": "2024-05-01T12:00:00.0000000Z",
                        "packageTelemetryId": flowgen::guid(&mut rng), "creator": "N/A", "sourceEnvironment": ""},
            "resources": resources,
        });
        entries.push(("manifest.json".to_string(), serde_json::to_vec(&manifest).expect("a Value always serialises")));
        write_zip(&packages.join(format!("Package_{k}.zip")), &entries, &mut t)?;
        done += m;
    }
    Ok(t)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gencorpus: {e}");
            }
            eprintln!("usage: gencorpus --flows N [--seed S] --out DIR");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(mut t) => {
            t.sizes.sort_unstable();
            t.min = t.sizes.first().copied().unwrap_or(0);
            t.max = t.sizes.last().copied().unwrap_or(0);
            let median = t.sizes.get(t.sizes.len() / 2).copied().unwrap_or(0);
            let problems: Vec<String> =
                Problem::ALL.iter().zip(t.problems).map(|(p, n)| format!("{}={n}", p.label())).collect();
            println!(
                "flows={} files={} bytes={} ({} json entries in zips, {} bytes inflated)",
                t.flows, t.files, t.bytes, t.zip_entries, t.inflated
            );
            println!(
                "definition sizes: min={} median={} max={}; actions={} http={}; problems: {}",
                t.min,
                median,
                t.max,
                t.actions,
                t.http,
                problems.join(" ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gencorpus: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
