//! Realistic Power Automate flow definitions for the benchmarks, deterministic for a seed.
//!
//! Shared by `benches/gencorpus.rs` (the corpus generator) and `benches/hot.rs` (criterion), which
//! include it with `#[path]`. The shapes follow public solution and package exports: nested Scope,
//! If (with `else`), Switch (cases and default), Foreach and Until; connector actions (OpenApiConnection
//! in solutions, the legacy ApiConnection in packages); variables, Compose, ParseJson with schemas;
//! and a few HTTP actions per flow (token requests, Bearer headers from the token response,
//! ActiveDirectoryOAuth, managed identity, API keys), some with secure inputs.
//! A flow may carry one planted [`Problem`].

#![allow(dead_code)] // each includer uses part of it

use std::collections::HashSet;

use base64::Engine;
use fastrand::Rng;
use serde_json::{Map, Value, json};

/// A planted mistake, one per problem flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// `Bearer@{…}`: no space after the scheme.
    MissingSpace,
    /// `"Bearer @{…}"` with the quotes inside the value.
    Quoted,
    /// A literal (fake) JWT pasted into the header.
    LiteralJwt,
    /// `client_secret=not-a-real-secret` written into a token request's body.
    ClientSecret,
}

impl Problem {
    pub const ALL: [Problem; 4] = [Problem::MissingSpace, Problem::Quoted, Problem::LiteralJwt, Problem::ClientSecret];

    pub fn label(self) -> &'static str {
        match self {
            Problem::MissingSpace => "missing-space",
            Problem::Quoted => "quoted",
            Problem::LiteralJwt => "literal-jwt",
            Problem::ClientSecret => "client-secret",
        }
    }
}

/// How the flow was exported: a solution (connection references, OpenApiConnection) or a legacy
/// package (embedded connections, ApiConnection with method and path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Solution,
    Package,
}

/// One generated flow.
pub struct Flow {
    pub display_name: String,
    /// The display name without spaces and punctuation, for file names.
    pub stem: String,
    pub connection_references: Value,
    pub definition: Value,
    /// Triggers and actions, nested ones included.
    pub actions: usize,
    /// Http actions.
    pub http: usize,
    pub problem: Option<Problem>,
}

impl Flow {
    /// A solution's `Workflows/*.json` (and the loose exported form).
    pub fn solution_json(&self) -> Value {
        json!({
            "properties": {
                "displayName": self.display_name,
                "connectionReferences": self.connection_references,
                "definition": self.definition,
            },
            "schemaVersion": "1.0.0.0",
        })
    }

    /// A legacy package's `Microsoft.Flow/flows/<id>/definition.json`.
    pub fn package_json(&self, id: &str) -> Value {
        json!({
            "name": id,
            "id": format!("/providers/Microsoft.Flow/flows/{id}"),
            "type": "Microsoft.Flow/flows",
            "properties": {
                "apiId": "/providers/Microsoft.PowerApps/apis/shared_logicflows",
                "displayName": self.display_name,
                "definition": self.definition,
                "connectionReferences": self.connection_references,
                "flowFailureAlertSubscribed": false,
                "isManaged": false,
            },
        })
    }
}

/// A lowercase GUID.
pub fn guid(rng: &mut Rng) -> String {
    let h =
        |rng: &mut Rng, n: usize| (0..n).map(|_| char::from(b"0123456789abcdef"[rng.usize(..16)])).collect::<String>();
    format!("{}-{}-{}-{}-{}", h(rng, 8), h(rng, 4), h(rng, 4), h(rng, 4), h(rng, 12))
}

fn hex(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b"0123456789abcdef"[rng.usize(..16)])).collect()
}

fn alnum(rng: &mut Rng, n: usize) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..n).map(|_| char::from(A[rng.usize(..A.len())])).collect()
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWT-shaped string: base64url of `header` and of `claims`, then `signature` as given.
pub fn jwt(header: &Value, claims: &Value, signature: &str) -> String {
    format!("{}.{}.{signature}", b64url(header.to_string().as_bytes()), b64url(claims.to_string().as_bytes()))
}

/// The small fake token planted in problem flows: Graph audience, a fixed expiry, signature `c2ln`.
pub fn planted_jwt(exp: i64) -> String {
    jwt(
        &json!({"typ": "JWT", "alg": "RS256"}),
        &json!({"aud": "https://graph.microsoft.com", "exp": exp, "appid": "x"}),
        "c2ln",
    )
}

/// A fake app-only Graph token the size of a real one (about 1.2 KB): Entra ID's claims and a
/// 256-byte "signature" of random bytes.
pub fn realistic_jwt(rng: &mut Rng) -> String {
    let tid = guid(rng);
    let header = json!({"typ": "JWT", "alg": "RS256", "x5t": alnum(rng, 27), "kid": alnum(rng, 27)});
    let claims = json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://sts.windows.net/{tid}/"),
        "iat": 1_717_000_000,
        "nbf": 1_717_000_000,
        "exp": 1_717_003_899,
        "aio": alnum(rng, 40),
        "app_displayname": "Contoso invoice sync",
        "appid": guid(rng),
        "appidacr": "1",
        "idp": format!("https://sts.windows.net/{tid}/"),
        "idtyp": "app",
        "oid": guid(rng),
        "roles": ["Sites.Read.All", "Mail.Send"],
        "sub": guid(rng),
        "tid": tid,
        "uti": alnum(rng, 22),
        "ver": "1.0",
    });
    let sig: Vec<u8> = (0..256).map(|_| rng.u8(..)).collect();
    jwt(&header, &claims, &b64url(&sig))
}

/// Generates one flow. `budget` is the number of actions to aim at (triggers, initialisations and
/// HTTP actions come on top); `None` draws it from a skewed distribution that gives 5–60 KB files.
pub fn generate(rng: &mut Rng, style: Style, problem: Option<Problem>, budget: Option<usize>) -> Flow {
    let budget = budget.unwrap_or_else(|| 5 + (rng.f64().powf(1.9) * 56.0) as usize);
    let mut g = Gen::new(rng, style, problem);
    g.build(budget)
}

// ---------------------------------------------------------------------------------------------------

const NOUNS: &[(&str, &str)] = &[
    ("invoice", "invoices"),
    ("order", "orders"),
    ("customer", "customers"),
    ("ticket", "tickets"),
    ("employee", "employees"),
    ("request", "requests"),
    ("asset", "assets"),
    ("project", "projects"),
    ("contract", "contracts"),
    ("vendor", "vendors"),
    ("document", "documents"),
    ("lead", "leads"),
    ("incident", "incidents"),
    ("expense", "expenses"),
    ("shipment", "shipments"),
];
const SYSTEMS: &[&str] =
    &["SAP", "Workday", "ServiceNow", "Dynamics", "Contoso ERP", "Salesforce", "Graph", "Azure", "Zendesk", "Jira"];
const VERBS: &[&str] =
    &["Sync", "Import", "Notify on", "Archive", "Approve", "Process", "Export", "Reconcile", "Escalate"];
const SITES: &[&str] = &["Finance", "HR", "Operations", "Sales", "IT", "Procurement", "Legal"];
const FIELDS: &[&str] =
    &["Title", "Status", "Amount", "DueDate", "Owner", "Department", "Reference", "Priority", "Comments", "Category"];
const ENTITIES: &[(&str, &str)] = &[
    ("accounts", "name,accountnumber,statecode,emailaddress1"),
    ("contacts", "fullname,emailaddress1,telephone1,parentcustomerid"),
    ("incidents", "title,ticketnumber,statuscode,prioritycode"),
    ("opportunities", "name,estimatedvalue,closeprobability,statecode"),
    ("cr6a1_invoices", "cr6a1_name,cr6a1_amount,cr6a1_duedate,statuscode"),
];

/// The resource a flow's tokens are for, and the URIs it calls there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resource {
    Graph,
    Arm,
    Dataverse,
    Custom,
}

/// How an HTTP action authenticates.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HttpKind {
    Bearer,
    AadOAuth,
    Msi,
    ApiKey,
    Anonymous,
}

/// How Bearer headers reach the token: the response's body, a Parse JSON of it, or a variable.
enum TokenRef {
    Body(String),
    Parsed(String),
    Variable(String),
}

struct Gen<'r> {
    rng: &'r mut Rng,
    style: Style,
    problem: Option<Problem>,
    problem_done: bool,
    prefix: String,
    noun: (&'static str, &'static str),
    system: &'static str,
    site: String,
    resource: Resource,
    custom_host: String,
    custom_app: String,
    used: HashSet<String>,
    apis: Vec<&'static str>,
    params: Map<String, Value>,
    vars: Vec<(String, &'static str)>,
    /// Expressions (without `@`) for values earlier actions give.
    scalars: Vec<String>,
    /// Expressions (without `@`) for arrays earlier actions give.
    lists: Vec<String>,
    /// Enclosing Foreach loops, innermost last.
    loops: Vec<String>,
    pending_http: Vec<HttpKind>,
    token: Option<TokenRef>,
    leaves_left: usize,
    actions: usize,
    http: usize,
}

impl<'r> Gen<'r> {
    fn new(rng: &'r mut Rng, style: Style, problem: Option<Problem>) -> Gen<'r> {
        let prefix = format!("{}{}", ["cr", "new", "con", "fin", "hr"][rng.usize(..5)], hex(rng, 3));
        let noun = NOUNS[rng.usize(..NOUNS.len())];
        let system = SYSTEMS[rng.usize(..SYSTEMS.len())];
        let site = format!("https://contoso.sharepoint.com/sites/{}", SITES[rng.usize(..SITES.len())]);
        let resource = match rng.usize(..10) {
            0..=4 => Resource::Graph,
            5..=6 => Resource::Custom,
            7..=8 => Resource::Arm,
            _ => Resource::Dataverse,
        };
        let custom_host = format!("https://api.{}.contoso.com", system.to_ascii_lowercase().replace(' ', "-"));
        let custom_app = guid(rng);
        Gen {
            rng,
            style,
            problem,
            problem_done: false,
            prefix,
            noun,
            system,
            site,
            resource,
            custom_host,
            custom_app,
            used: HashSet::new(),
            apis: Vec::new(),
            params: Map::new(),
            vars: Vec::new(),
            scalars: Vec::new(),
            lists: Vec::new(),
            loops: Vec::new(),
            pending_http: Vec::new(),
            token: None,
            leaves_left: 0,
            actions: 0,
            http: 0,
        }
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.rng.usize(..xs.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    /// A unique action name: `base`, else `base_2`, `base_3`, … as the designer names copies.
    fn name(&mut self, base: &str) -> String {
        let base = base.replace(' ', "_");
        let mut n = base.clone();
        let mut i = 2;
        while self.used.contains(&n) {
            n = format!("{base}_{i}");
            i += 1;
        }
        self.used.insert(n.clone());
        n
    }

    fn meta(&mut self) -> Value {
        json!({"operationMetadataId": guid(self.rng)})
    }

    /// `@parameters('…')` for an environment variable (solution) or a definition parameter (package),
    /// declaring it in the definition's parameters.
    fn param(&mut self, key: &str, secure: bool) -> String {
        let name = match self.style {
            Style::Solution => format!("{key} ({}_{key})", self.prefix),
            Style::Package => key.to_string(),
        };
        if !self.params.contains_key(&name) {
            let decl = match (self.style, secure) {
                (_, true) => json!({"type": "SecureString"}),
                (Style::Solution, false) => json!({
                    "defaultValue": self.param_default(key),
                    "type": "String",
                    "metadata": {"schemaName": format!("{}_{key}", self.prefix)},
                }),
                (Style::Package, false) => json!({"defaultValue": self.param_default(key), "type": "String"}),
            };
            self.params.insert(name.clone(), decl);
        }
        format!("parameters('{name}')")
    }

    fn param_default(&mut self, key: &str) -> String {
        match key {
            "TenantId" | "ClientId" | "SubscriptionId" => guid(self.rng),
            "SiteUrl" => self.site.clone(),
            "Environment" => "https://contoso.crm4.dynamics.com".into(),
            _ => String::new(),
        }
    }

    /// Any value expression (no `@`) that is in scope here.
    fn value(&mut self) -> String {
        if let Some(l) = self.loops.last().cloned()
            && self.chance(0.5)
        {
            let f = self.pick(FIELDS);
            return format!("items('{l}')?['{f}']");
        }
        if !self.scalars.is_empty() && self.chance(0.7) {
            let i = self.rng.usize(..self.scalars.len());
            return self.scalars[i].clone();
        }
        if !self.vars.is_empty() && self.chance(0.5) {
            let i = self.rng.usize(..self.vars.len());
            return format!("variables('{}')", self.vars[i].0);
        }
        let f = self.pick(FIELDS);
        format!("triggerBody()?['{f}']")
    }

    fn interp(&mut self) -> String {
        format!("@{{{}}}", self.value())
    }

    fn sentence(&mut self) -> String {
        let (one, many) = self.noun;
        let a = self.interp();
        let b = self.interp();
        match self.rng.usize(..5) {
            0 => format!(
                "<p>Hello,</p><p>The {one} {a} was updated by {b}.</p><p>Regards,<br>{} automation</p>",
                self.system
            ),
            1 => format!("{} {one} {a} needs your review ({b})", self.system),
            2 => format!("<p>{many} processed: {a}</p><p>Errors: {b}</p>"),
            3 => format!("Reminder: {one} {a} is due on @{{formatDateTime(utcNow(), 'yyyy-MM-dd')}}"),
            _ => format!("<table><tr><td>{one}</td><td>{a}</td></tr><tr><td>Owner</td><td>{b}</td></tr></table>"),
        }
    }

    // -- the flow -------------------------------------------------------------------------------------

    fn build(&mut self, budget: usize) -> Flow {
        let (one, many) = self.noun;
        let verb = self.pick(VERBS);
        let display_name = match self.rng.usize(..4) {
            0 => format!("{verb} {many} from {}", self.system),
            1 => format!("{} - {verb} {one} records", self.system),
            2 => format!("{verb} {many} ({})", self.system),
            _ => format!("{verb} new {many}"),
        };
        let stem: String = display_name.chars().filter(char::is_ascii_alphanumeric).collect();

        // The HTTP actions, placed among the others as the tree grows.
        let n_http = [1, 1, 1, 2, 2, 2, 2, 3, 3, 4][self.rng.usize(..10)];
        for _ in 0..n_http {
            let k = match self.rng.usize(..20) {
                0..=8 => HttpKind::Bearer,
                9..=11 => HttpKind::AadOAuth,
                12..=13 => HttpKind::Msi,
                14..=16 => HttpKind::ApiKey,
                _ => HttpKind::Anonymous,
            };
            self.pending_http.push(k);
        }
        match self.problem {
            Some(Problem::MissingSpace | Problem::Quoted) if !self.pending_http.contains(&HttpKind::Bearer) => {
                self.pending_http[0] = HttpKind::Bearer;
            }
            Some(Problem::LiteralJwt) => {
                self.resource = Resource::Graph;
                self.pending_http[0] = HttpKind::Bearer;
            }
            _ => {}
        }
        let needs_token = self.problem == Some(Problem::ClientSecret)
            || (self.pending_http.contains(&HttpKind::Bearer) && self.problem != Some(Problem::LiteralJwt))
            || self.pending_http.iter().filter(|k| **k == HttpKind::Bearer).count() > 1;

        let trigger = self.trigger();
        let mut top: Vec<(String, Value)> = Vec::new();

        // Variables are initialised at the top level, first.
        let n_vars = self.rng.usize(1..=5);
        for _ in 0..n_vars {
            top.push(self.init_variable());
        }
        if needs_token {
            top.extend(self.token_request());
        }
        self.leaves_left = budget;
        let body = if self.chance(0.4) && budget > 6 {
            // Try / Catch scopes.
            let inner = self.main_block(budget.saturating_sub(3), 1);
            let base = self.pick(&["Try", "Scope_-_Main", "Scope"]);
            let try_name = self.name(base);
            self.actions += 2;
            let try_scope = json!({"type": "Scope", "actions": Value::Object(inner)});
            let base = self.pick(&["Catch", "Scope_-_Error_handling", "On_failure"]);
            let catch_name = self.name(base);
            let catch = self.catch_block(&try_name);
            vec![
                (try_name.clone(), try_scope),
                (
                    catch_name,
                    json!({"type": "Scope", "actions": catch, "runAfter": { try_name: ["Failed", "TimedOut"] }}),
                ),
            ]
        } else {
            self.main_block(budget, 0).into_iter().collect()
        };
        top.extend(body);
        if trigger.0 == "manual" && self.chance(0.6) {
            let name = self.name("Response");
            let v = self.value();
            top.push((
                name,
                json!({"type": "Response", "kind": "Http", "inputs": {"statusCode": 200, "body": {"result": format!("@{{{v}}}"), "status": "ok"}}}),
            ));
        }

        let actions = chain(top, true);
        let mut parameters = Map::new();
        parameters.insert("$connections".into(), json!({"defaultValue": {}, "type": "Object"}));
        parameters.insert("$authentication".into(), json!({"defaultValue": {}, "type": "SecureObject"}));
        parameters.extend(std::mem::take(&mut self.params));
        let mut triggers = Map::new();
        triggers.insert(trigger.0, trigger.1);
        let definition = json!({
            "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
            "contentVersion": "1.0.0.0",
            "parameters": parameters,
            "triggers": triggers,
            "actions": actions,
        });
        let mut refs = Map::new();
        let apis = std::mem::take(&mut self.apis);
        for api in apis {
            let r = match self.style {
                Style::Solution => json!({
                    "runtimeSource": "embedded",
                    "connection": {"connectionReferenceLogicalName": format!("{}_{}_{}", self.prefix, api.replace('_', ""), hex(self.rng, 5))},
                    "api": {"name": api},
                }),
                Style::Package => json!({
                    "connectionName": format!("{}-{}", api.replace('_', "-"), guid(self.rng)),
                    "source": "Embedded",
                    "id": format!("/providers/Microsoft.PowerApps/apis/{api}"),
                    "tier": "NotSpecified",
                }),
            };
            refs.insert(api.to_string(), r);
        }
        Flow {
            display_name,
            stem,
            connection_references: Value::Object(refs),
            definition,
            actions: self.actions + 1,
            http: self.http,
            problem: if self.problem_done { self.problem } else { None },
        }
    }

    fn trigger(&mut self) -> (String, Value) {
        match self.rng.usize(..4) {
            0 => {
                let props: Map<String, Value> = (0..self.rng.usize(2..6))
                    .map(|i| (FIELDS[i].to_string(), json!({"type": "string", "title": FIELDS[i]})))
                    .collect();
                self.scalars.push(format!("triggerBody()?['{}']", FIELDS[0]));
                (
                    "manual".into(),
                    json!({"type": "Request", "kind": "Http", "inputs": {"schema": {"type": "object", "properties": props}}}),
                )
            }
            1 => (
                "Recurrence".into(),
                json!({"type": "Recurrence", "recurrence": {"frequency": self.pick(&["Hour", "Day", "Week"]), "interval": self.rng.usize(1..4), "timeZone": "W. Europe Standard Time"}}),
            ),
            2 => {
                let list = self.noun.1.to_string();
                self.scalars.push("triggerOutputs()?['body/ID']".into());
                self.scalars.push("triggerOutputs()?['body/Title']".into());
                let site = self.param("SiteUrl", false);
                let (name, v) = self.connector_raw(
                    "When_an_item_is_created_or_modified",
                    "shared_sharepointonline",
                    "GetOnUpdatedItems",
                    json!({"dataset": format!("@{site}"), "table": list}),
                    "get",
                    "/datasets/@{encodeURIComponent(encodeURIComponent(parameters('SiteUrl')))}/tables/@{encodeURIComponent(encodeURIComponent('List'))}/onupdateditems",
                );
                let mut v = v;
                v["recurrence"] = json!({"frequency": "Minute", "interval": 5});
                v["splitOn"] = json!("@triggerOutputs()?['body/value']");
                (name, v)
            }
            _ => {
                let (entity, _) = self.pick(ENTITIES);
                self.scalars.push(format!("triggerOutputs()?['body/{}id']", entity.trim_end_matches('s')));
                let (name, v) = self.connector_raw(
                    "When_a_row_is_added,_modified_or_deleted",
                    "shared_commondataserviceforapps",
                    "SubscribeWebhookTrigger",
                    json!({"subscriptionRequest/message": 4, "subscriptionRequest/entityname": entity.trim_end_matches('s'), "subscriptionRequest/scope": 4}),
                    "post",
                    "/api/data/v9.1/callbackregistrations",
                );
                (name, v)
            }
        }
    }

    fn init_variable(&mut self) -> (String, Value) {
        let (base, ty, value): (&str, &str, Value) = match self.rng.usize(..7) {
            0 => ("Counter", "integer", json!(0)),
            1 => ("Results", "array", json!([])),
            2 => ("NextLink", "string", json!("")),
            3 => ("IsDone", "boolean", json!(false)),
            4 => ("ErrorMessage", "string", json!("")),
            5 => ("Summary", "object", json!({"processed": 0, "failed": 0})),
            _ => ("Recipients", "string", json!("finance-team@contoso.com")),
        };
        let var = if self.vars.iter().any(|(n, _)| n == base) {
            format!("{base}{}", self.vars.len())
        } else {
            base.to_string()
        };
        self.vars.push((var.clone(), if ty == "boolean" || ty == "integer" { ty } else { "string" }));
        let name = self.name(&format!("Initialize_{var}"));
        let meta = self.meta();
        self.actions += 1;
        (
            name,
            json!({"type": "InitializeVariable", "inputs": {"variables": [{"name": var, "type": ty, "value": value}]}, "metadata": meta}),
        )
    }

    /// The client-credentials token request (and how Bearer headers will refer to its token).
    fn token_request(&mut self) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let base = self.pick(&["Get_token", "Get_access_token", "HTTP_-_Get_token", "Request_token"]);
        let name = self.name(base);
        let scope = match self.resource {
            Resource::Graph => "https%3A%2F%2Fgraph.microsoft.com%2F.default".to_string(),
            Resource::Arm => "https%3A%2F%2Fmanagement.azure.com%2F.default".to_string(),
            Resource::Dataverse => "https%3A%2F%2Fcontoso.crm4.dynamics.com%2F.default".to_string(),
            Resource::Custom => format!("api%3A%2F%2F{}%2F.default", self.custom_app),
        };
        let (tenant, body, secure) = if self.problem == Some(Problem::ClientSecret) {
            self.problem_done = true;
            let tenant = guid(self.rng);
            let client = guid(self.rng);
            (
                tenant,
                format!(
                    "grant_type=client_credentials&client_id={client}&client_secret=not-a-real-secret&scope={scope}"
                ),
                false,
            )
        } else {
            let tenant = self.param("TenantId", false);
            let client = self.param("ClientId", false);
            let secret = self.param("ClientSecret", true);
            (
                format!("@{{{tenant}}}"),
                format!(
                    "grant_type=client_credentials&client_id=@{{{client}}}&client_secret=@{{encodeUriComponent({secret})}}&scope={scope}"
                ),
                true,
            )
        };
        let meta = self.meta();
        let mut v = json!({
            "type": "Http",
            "inputs": {
                "method": "POST",
                "uri": format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"),
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
                "body": body,
            },
            "metadata": meta,
        });
        if secure {
            v["runtimeConfiguration"] = json!({"secureData": {"properties": ["inputs", "outputs"]}});
        }
        self.actions += 1;
        self.http += 1;
        out.push((name.clone(), v));
        self.token = Some(match self.rng.usize(..5) {
            0 => {
                let p = self.name("Parse_token");
                self.actions += 1;
                let schema = json!({"type": "object", "properties": {
                    "token_type": {"type": "string"}, "expires_in": {"type": "integer"},
                    "ext_expires_in": {"type": "integer"}, "access_token": {"type": "string"}}});
                let mut pv =
                    json!({"type": "ParseJson", "inputs": {"content": format!("@body('{name}')"), "schema": schema}});
                if secure {
                    pv["runtimeConfiguration"] = json!({"secureData": {"properties": ["inputs", "outputs"]}});
                }
                out.push((p.clone(), pv));
                TokenRef::Parsed(p)
            }
            1 => {
                let var = "AccessToken".to_string();
                let init = self.name("Initialize_AccessToken");
                self.actions += 1;
                out.push((
                    init,
                    json!({"type": "InitializeVariable", "inputs": {"variables": [{"name": var, "type": "string", "value": format!("@{{body('{name}')?['access_token']}}")}]}}),
                ));
                TokenRef::Variable(var)
            }
            _ => TokenRef::Body(name),
        });
        out
    }

    fn catch_block(&mut self, try_name: &str) -> Map<String, Value> {
        let mut v = Vec::new();
        let c = self.name("Compose_error");
        self.actions += 1;
        v.push((c.clone(), json!({"type": "Compose", "inputs": format!("@result('{try_name}')")})));
        v.push(self.connector_of(5));
        let t = self.name("Terminate");
        self.actions += 1;
        v.push((
            t,
            json!({"type": "Terminate", "inputs": {"runStatus": "Failed", "runError": {"code": "500", "message": format!("@{{outputs('{c}')}}")}}}),
        ));
        chain(v, false)
    }

    /// The flow's main block: HTTP actions not placed yet go at its end.
    fn main_block(&mut self, budget: usize, depth: usize) -> Map<String, Value> {
        let mut v = self.block_vec(budget, depth);
        while let Some(k) = self.pending_http.pop() {
            v.push(self.http_action(k));
        }
        chain(v, false)
    }

    /// A container's actions, each run after the one before.
    fn block(&mut self, budget: usize, depth: usize) -> Map<String, Value> {
        let v = self.block_vec(budget, depth);
        chain(v, false)
    }

    fn block_vec(&mut self, budget: usize, depth: usize) -> Vec<(String, Value)> {
        let mut v = Vec::new();
        let mut left = budget.max(1);
        while left > 0 {
            if depth < 4 && left >= 3 && self.chance(0.28) {
                let sub = self.rng.usize(2..=(left - 1).min(14));
                v.push(self.control(sub, depth));
                left -= 1 + sub;
            } else {
                v.push(self.leaf());
                left -= 1;
            }
        }
        v
    }

    fn control(&mut self, sub: usize, depth: usize) -> (String, Value) {
        self.actions += 1;
        let meta = self.meta();
        match self.rng.usize(..10) {
            0..=1 => {
                let base = self.pick(&["Scope", "Scope_-_Process", "Scope_-_Update_records"]);
                let name = self.name(base);
                let inner = self.block(sub, depth + 1);
                (name, json!({"type": "Scope", "actions": inner, "metadata": meta}))
            }
            2..=4 => {
                let base = self.pick(&["Condition", "Check_status", "If_found", "Condition_-_Approved"]);
                let name = self.name(base);
                let lhs = self.value();
                let expr = match self.rng.usize(..4) {
                    0 => json!({"and": [{"equals": [format!("@{lhs}"), "Approved"]}]}),
                    1 => json!({"and": [{"greater": [format!("@length(string({lhs}))"), 0]}]}),
                    2 => json!({"or": [{"equals": [format!("@{lhs}"), ""]}, {"equals": [format!("@{lhs}"), null]}]}),
                    _ => json!({"and": [{"not": {"equals": [format!("@{lhs}"), "Closed"]}}]}),
                };
                let then_n = (sub / 2).max(1);
                let then = self.block(then_n, depth + 1);
                let els = if sub > then_n { self.block(sub - then_n, depth + 1) } else { Map::new() };
                (
                    name,
                    json!({"type": "If", "expression": expr, "actions": then, "else": {"actions": els}, "metadata": meta}),
                )
            }
            5 => {
                let base = self.pick(&["Switch", "Switch_on_status", "Switch_-_Category"]);
                let name = self.name(base);
                let on = self.value();
                let n_cases = self.rng.usize(2..=4).min(sub);
                let per = (sub / (n_cases + 1)).max(1);
                let mut cases = Map::new();
                let labels = ["Approved", "Rejected", "Pending", "Cancelled"];
                for (i, label) in labels.iter().enumerate().take(n_cases) {
                    let acts = self.block(per, depth + 1);
                    let key = if i == 0 { "Case".to_string() } else { format!("Case_{}", i + 1) };
                    cases.insert(key, json!({"case": label, "actions": acts}));
                }
                let default = self.block(sub.saturating_sub(per * n_cases).max(1), depth + 1);
                (
                    name,
                    json!({"type": "Switch", "expression": format!("@{on}"), "cases": cases, "default": {"actions": default}, "metadata": meta}),
                )
            }
            6..=8 => {
                let base = self.pick(&["Apply_to_each", "For_each", "Apply_to_each_item", "Loop_records"]);
                let name = self.name(base);
                let over = if self.lists.is_empty() {
                    "triggerBody()?['value']".to_string()
                } else {
                    let i = self.rng.usize(..self.lists.len());
                    self.lists[i].clone()
                };
                let marks = (self.scalars.len(), self.lists.len());
                self.loops.push(name.clone());
                let inner = self.block(sub, depth + 1);
                self.loops.pop();
                self.scalars.truncate(marks.0);
                self.lists.truncate(marks.1);
                let mut v =
                    json!({"type": "Foreach", "foreach": format!("@{over}"), "actions": inner, "metadata": meta});
                if self.chance(0.3) {
                    v["runtimeConfiguration"] = json!({"concurrency": {"repetitions": self.pick(&[1, 5, 20])}});
                }
                (name, v)
            }
            _ => {
                let base = self.pick(&["Do_until", "Until_done", "Do_until_no_next_page"]);
                let name = self.name(base);
                let done = match self.vars.iter().find(|(_, t)| *t == "boolean") {
                    Some((n, _)) => format!("@equals(variables('{n}'), true)"),
                    None => "@greater(iterationIndexes('Do_until'), 50)".to_string(),
                };
                let inner = self.block(sub, depth + 1);
                (
                    name,
                    json!({"type": "Until", "expression": done, "limit": {"count": 60, "timeout": "PT1H"}, "actions": inner, "metadata": meta}),
                )
            }
        }
    }

    fn leaf(&mut self) -> (String, Value) {
        self.leaves_left = self.leaves_left.saturating_sub(1);
        let p_http = self.pending_http.len() as f64 * 1.5 / (self.leaves_left as f64 + 1.0);
        if !self.pending_http.is_empty() && self.chance(p_http) {
            let k = self.pending_http.pop().expect("not empty");
            return self.http_action(k);
        }
        match self.rng.usize(..100) {
            0..=44 => {
                let i = self.rng.usize(..15);
                self.connector_of(i)
            }
            45..=56 => self.compose(),
            57..=68 if !self.vars.is_empty() => self.set_variable(),
            57..=68 => self.compose(),
            69..=78 => self.parse_json(),
            79..=86 => self.filter_or_select(),
            _ => {
                let i = self.rng.usize(..15);
                self.connector_of(i)
            }
        }
    }

    fn compose(&mut self) -> (String, Value) {
        self.actions += 1;
        let base = self.pick(&["Compose", "Compose_body", "Compose_message", "Compose_-_Payload"]);
        let name = self.name(base);
        let a = self.value();
        let b = self.value();
        let inputs = match self.rng.usize(..4) {
            0 => json!(format!("@{a}")),
            1 => json!(format!("@concat('{}-', {a}, '-', formatDateTime(utcNow(), 'yyyyMMdd'))", self.noun.0)),
            2 => {
                json!({"id": format!("@{{{a}}}"), "owner": format!("@{{{b}}}"), "source": self.system, "timestamp": "@{utcNow()}"})
            }
            _ => json!(format!("@if(empty({a}), 'n/a', string({b}))")),
        };
        self.scalars.push(format!("outputs('{name}')"));
        let meta = self.meta();
        (name, json!({"type": "Compose", "inputs": inputs, "metadata": meta}))
    }

    fn set_variable(&mut self) -> (String, Value) {
        self.actions += 1;
        let i = self.rng.usize(..self.vars.len());
        let (var, ty) = self.vars[i].clone();
        let meta = self.meta();
        let (kind, base, value) = match ty {
            "integer" => ("IncrementVariable", "Increment_variable", json!(1)),
            "boolean" => ("SetVariable", "Set_variable", json!(true)),
            _ if self.chance(0.4) => {
                ("AppendToArrayVariable", "Append_to_array_variable", json!(format!("@{}", self.value())))
            }
            _ => ("SetVariable", "Set_variable", json!(format!("@{{{}}}", self.value()))),
        };
        let name = self.name(base);
        (name, json!({"type": kind, "inputs": {"name": var, "value": value}, "metadata": meta}))
    }

    fn parse_json(&mut self) -> (String, Value) {
        self.actions += 1;
        let base = self.pick(&["Parse_JSON", "Parse_response", "Parse_JSON_-_Record"]);
        let name = self.name(base);
        let src = self.value();
        let mut props = Map::new();
        for f in FIELDS.iter().take(self.rng.usize(4..FIELDS.len())) {
            let ty = self.pick(&["string", "integer", "boolean", "string"]);
            props.insert(f.to_string(), json!({"type": ty}));
        }
        if self.chance(0.5) {
            let mut item = Map::new();
            for f in FIELDS.iter().skip(2).take(self.rng.usize(3..7)) {
                item.insert(f.to_string(), json!({"type": "string"}));
            }
            props.insert(
                "lines".into(),
                json!({"type": "array", "items": {"type": "object", "properties": item, "required": ["Title"]}}),
            );
            self.lists.push(format!("body('{name}')?['lines']"));
        }
        let f = self.pick(FIELDS);
        self.scalars.push(format!("body('{name}')?['{f}']"));
        let meta = self.meta();
        (
            name,
            json!({"type": "ParseJson", "inputs": {"content": format!("@{src}"), "schema": {"type": "object", "properties": props}}, "metadata": meta}),
        )
    }

    fn filter_or_select(&mut self) -> (String, Value) {
        self.actions += 1;
        let from = if self.lists.is_empty() {
            "triggerBody()?['value']".to_string()
        } else {
            let i = self.rng.usize(..self.lists.len());
            self.lists[i].clone()
        };
        let meta = self.meta();
        if self.chance(0.5) {
            let name = self.name("Filter_array");
            let f = self.pick(FIELDS);
            self.lists.push(format!("body('{name}')"));
            (
                name,
                json!({"type": "Query", "inputs": {"from": format!("@{from}"), "where": format!("@equals(item()?['{f}'], 'Open')")}, "metadata": meta}),
            )
        } else {
            let name = self.name("Select");
            let map: Map<String, Value> = FIELDS
                .iter()
                .take(self.rng.usize(2..6))
                .map(|f| (f.to_lowercase(), json!(format!("@item()?['{f}']"))))
                .collect();
            self.lists.push(format!("body('{name}')"));
            (name, json!({"type": "Select", "inputs": {"from": format!("@{from}"), "select": map}, "metadata": meta}))
        }
    }

    // -- connectors -----------------------------------------------------------------------------------

    /// A connector action: OpenApiConnection (solution) or ApiConnection with method and path (package).
    fn connector_raw(
        &mut self,
        base: &str,
        api: &'static str,
        op: &str,
        params: Value,
        method: &str,
        path: &str,
    ) -> (String, Value) {
        self.actions += 1;
        let name = self.name(base);
        if !self.apis.contains(&api) {
            self.apis.push(api);
        }
        let meta = self.meta();
        let v = match self.style {
            Style::Solution => json!({
                "type": "OpenApiConnection",
                "inputs": {
                    "host": {"connectionName": api, "operationId": op, "apiId": format!("/providers/Microsoft.PowerApps/apis/{api}")},
                    "parameters": params,
                    "authentication": "@parameters('$authentication')",
                },
                "metadata": meta,
            }),
            Style::Package => {
                // Parameters become queries ($-keys) or the body (the part after the first `/`).
                let mut queries = Map::new();
                let mut body = Map::new();
                if let Value::Object(m) = params {
                    for (k, v) in m {
                        if k.starts_with('$') {
                            queries.insert(k, v);
                        } else if k != "dataset" && k != "table" && k != "entityName" {
                            let k = k.split_once('/').map_or(k.as_str(), |(_, r)| r).to_string();
                            body.insert(k, v);
                        }
                    }
                }
                let mut inputs = json!({
                    "host": {"connection": {"name": format!("@parameters('$connections')['{api}']['connectionId']")}},
                    "method": method,
                    "path": path,
                    "authentication": "@parameters('$authentication')",
                });
                if !queries.is_empty() {
                    inputs["queries"] = Value::Object(queries);
                }
                if !body.is_empty() && method != "get" {
                    inputs["body"] = Value::Object(body);
                }
                json!({"type": "ApiConnection", "inputs": inputs, "metadata": meta})
            }
        };
        (name, v)
    }

    /// Output expression of a connector action's field.
    fn out(&self, name: &str, field: &str) -> String {
        match self.style {
            Style::Solution => format!("outputs('{name}')?['body/{field}']"),
            Style::Package => format!("body('{name}')?['{field}']"),
        }
    }

    fn connector_of(&mut self, which: usize) -> (String, Value) {
        let (one, many) = self.noun;
        let list_name = format!("{}{}", &many[..1].to_uppercase(), &many[1..]);
        let site = self.param("SiteUrl", false);
        let sp_path = format!(
            "/datasets/@{{encodeURIComponent(encodeURIComponent({site}))}}/tables/@{{encodeURIComponent(encodeURIComponent('{list_name}'))}}/items"
        );
        match which {
            0 => {
                let base = self.pick(&["Get_items", "Get_open_items", "Get_items_-_Pending"]);
                let (n, v) = self.connector_raw(
                    base,
                    "shared_sharepointonline",
                    "GetItems",
                    json!({"dataset": format!("@{site}"), "table": list_name, "$filter": format!("Status eq 'Open' and Modified ge '@{{addDays(utcNow(), -7)}}'"), "$top": 500}),
                    "get",
                    &sp_path,
                );
                let l = self.out(&n, "value");
                self.lists.push(l);
                (n, v)
            }
            1 => {
                let (a, b, c) = (self.interp(), self.interp(), self.interp());
                let (n, v) = self.connector_raw(
                    "Create_item",
                    "shared_sharepointonline",
                    "PostItem",
                    json!({"dataset": format!("@{site}"), "table": list_name, "item/Title": a, "item/Status/Value": "New", "item/Amount": b, "item/Comments": c}),
                    "post",
                    &sp_path,
                );
                let s = self.out(&n, "ID");
                self.scalars.push(s);
                (n, v)
            }
            2 => {
                let id = self.interp();
                let c = self.sentence();
                let id_expr = self.value();
                self.connector_raw(
                    "Update_item",
                    "shared_sharepointonline",
                    "PatchItem",
                    json!({"dataset": format!("@{site}"), "table": list_name, "id": id, "item/Status/Value": "Processed", "item/Comments": c}),
                    "patch",
                    &format!("{sp_path}/@{{encodeURIComponent({id_expr})}}"),
                )
            }
            3 => {
                let id = self.interp();
                self.connector_raw(
                    "Get_file_content",
                    "shared_sharepointonline",
                    "GetFileContent",
                    json!({"dataset": format!("@{site}"), "id": id, "inferContentType": true}),
                    "get",
                    "/datasets/@{encodeURIComponent(encodeURIComponent(parameters('SiteUrl')))}/files/@{encodeURIComponent(triggerBody()?['Id'])}/content",
                )
            }
            4 => {
                // Raw SharePoint REST through the connector (an HTTP site for the linter).
                let uri = format!("_api/web/lists/getbytitle('{list_name}')/items?$select=Id,Title,Status&$top=100");
                self.connector_raw(
                    "Send_an_HTTP_request_to_SharePoint",
                    "shared_sharepointonline",
                    "HttpRequest",
                    json!({"dataset": format!("@{site}"), "parameters/method": "GET", "parameters/uri": uri,
                           "parameters/headers": {"Accept": "application/json;odata=nometadata"}}),
                    "post",
                    "/datasets/@{encodeURIComponent(encodeURIComponent(parameters('SiteUrl')))}/httprequest",
                )
            }
            5 => {
                let to = match self.vars.iter().find(|(n, _)| n.starts_with("Recipients")) {
                    Some((n, _)) => format!("@{{variables('{n}')}}"),
                    None => "finance-team@contoso.com".into(),
                };
                let body = self.sentence();
                let v = self.value();
                let subject = format!("{} {one}: @{{{v}}}", self.system);
                self.connector_raw(
                    "Send_an_email_(V2)",
                    "shared_office365",
                    "SendEmailV2",
                    json!({"emailMessage/To": to, "emailMessage/Subject": subject, "emailMessage/Body": body, "emailMessage/Importance": "Normal"}),
                    "post",
                    "/v2/Mail",
                )
            }
            6 => {
                let body = self.sentence();
                let group = guid(self.rng);
                let channel = format!("19:{}@thread.tacv2", hex(self.rng, 32));
                self.connector_raw(
                    "Post_message_in_a_chat_or_channel",
                    "shared_teams",
                    "PostMessageToConversation",
                    json!({"poster": "Flow bot", "location": "Channel", "body/recipient/groupId": group, "body/recipient/channelId": channel, "body/messageBody": body}),
                    "post",
                    "/beta/teams/conversation/message/poster/@{encodeURIComponent('Flow bot')}/location/@{encodeURIComponent('Channel')}",
                )
            }
            7 => {
                let (entity, select) = self.pick(ENTITIES);
                let (n, v) = self.connector_raw(
                    "List_rows",
                    "shared_commondataserviceforapps",
                    "ListRecords",
                    json!({"entityName": entity, "$select": select, "$filter": "statecode eq 0", "$top": 5000}),
                    "get",
                    &format!("/api/data/v9.1/{entity}"),
                );
                let l = self.out(&n, "value");
                self.lists.push(l);
                (n, v)
            }
            8 => {
                let (entity, _) = self.pick(ENTITIES);
                let id = self.interp();
                let d = self.sentence();
                let id_expr = self.value();
                self.connector_raw(
                    "Update_a_row",
                    "shared_commondataserviceforapps",
                    "UpdateRecord",
                    json!({"entityName": entity, "recordId": id, "item/statuscode": 2, "item/description": d}),
                    "patch",
                    &format!("/api/data/v9.1/{entity}(@{{encodeURIComponent({id_expr})}})"),
                )
            }
            9 => {
                let (entity, _) = self.pick(ENTITIES);
                let (a, b) = (self.interp(), self.interp());
                let (n, v) = self.connector_raw(
                    "Add_a_new_row",
                    "shared_commondataserviceforapps",
                    "CreateRecord",
                    json!({"entityName": entity, "item/subject": a, "item/description": b, "item/prioritycode": 1}),
                    "post",
                    &format!("/api/data/v9.1/{entity}"),
                );
                let s = self.out(&n, "activityid");
                self.scalars.push(s);
                (n, v)
            }
            10 => {
                let id = self.interp();
                let base = self.pick(&["Get_user_profile_(V2)", "Get_manager_(V2)"]);
                let (n, v) = self.connector_raw(
                    base,
                    "shared_office365users",
                    "UserProfile_V2",
                    json!({"id": id, "$select": "displayName,mail,jobTitle,department"}),
                    "get",
                    "/codeless/v1.0/users/@{encodeURIComponent(triggerBody()?['Owner'])}",
                );
                for f in ["mail", "displayName"] {
                    let s = self.out(&n, f);
                    self.scalars.push(s);
                }
                (n, v)
            }
            11 => {
                let (a, b, c) = (self.interp(), self.interp(), self.interp());
                let drive = format!("b!{}", alnum(self.rng, 64));
                let file = format!("01{}", alnum(self.rng, 32).to_uppercase());
                let table = format!("{{{}}}", guid(self.rng).to_uppercase());
                self.connector_raw(
                    "Add_a_row_into_a_table",
                    "shared_excelonlinebusiness",
                    "AddRowV2",
                    json!({"source": "me", "drive": drive, "file": file, "table": table, "item": {one: a, "Owner": b, "Amount": c}}),
                    "post",
                    "/drives/@{encodeURIComponent('me')}/files/@{encodeURIComponent('file')}/tables/@{encodeURIComponent('table')}/items",
                )
            }
            12 => {
                let title = format!("Approve {one} @{{{}}}", self.value());
                let details = self.sentence();
                let (n, v) = self.connector_raw(
                    "Start_and_wait_for_an_approval",
                    "shared_approvals",
                    "StartAndWaitForAnApproval",
                    json!({"approvalType": "Basic", "WebhookApprovalCreationInput/title": title,
                           "WebhookApprovalCreationInput/assignedTo": "approvers@contoso.com",
                           "WebhookApprovalCreationInput/details": details,
                           "WebhookApprovalCreationInput/enableNotifications": true,
                           "WebhookApprovalCreationInput/enableReassignment": true}),
                    "post",
                    "/types/@{encodeURIComponent('Basic')}/subscriptions",
                );
                let s = self.out(&n, "outcome");
                self.scalars.push(s);
                (n, v)
            }
            13 => {
                let secret = self.pick(&["ApiKey", "ServiceAccountPassword", "ErpClientSecret"]);
                let (n, mut v) = self.connector_raw(
                    "Get_secret",
                    "shared_keyvault",
                    "GetSecret",
                    json!({"secretName": secret}),
                    "get",
                    &format!("/secrets/@{{encodeURIComponent('{secret}')}}/value"),
                );
                v["runtimeConfiguration"] = json!({"secureData": {"properties": ["outputs"]}});
                (n, v)
            }
            _ => {
                let q = self.interp();
                let (n, v) = self.connector_raw(
                    "Search_for_users_(V2)",
                    "shared_office365users",
                    "SearchUserV2",
                    json!({"searchTerm": q, "top": 25, "isSearchTermRequired": false}),
                    "get",
                    "/v2/users",
                );
                let l = self.out(&n, "value");
                self.lists.push(l);
                (n, v)
            }
        }
    }

    // -- HTTP -----------------------------------------------------------------------------------------

    fn resource_uri(&mut self, r: Resource) -> (String, &'static str) {
        let v = self.value();
        match r {
            Resource::Graph => match self.rng.usize(..4) {
                0 => (format!("https://graph.microsoft.com/v1.0/users/@{{{v}}}/manager"), "GET"),
                1 => ("https://graph.microsoft.com/v1.0/groups?$filter=startswith(displayName,'Finance')&$select=id,displayName,mail".into(), "GET"),
                2 => (format!("https://graph.microsoft.com/v1.0/users/@{{{v}}}/sendMail"), "POST"),
                _ => (format!("https://graph.microsoft.com/v1.0/sites/root/lists/@{{{v}}}/items"), "POST"),
            },
            Resource::Arm => {
                let sub = self.param("SubscriptionId", false);
                match self.rng.usize(..2) {
                    0 => (format!("https://management.azure.com/subscriptions/@{{{sub}}}/resourceGroups/rg-{}/providers/Microsoft.Web/sites?api-version=2022-03-01", self.noun.1), "GET"),
                    _ => (format!("https://management.azure.com/subscriptions/@{{{sub}}}/providers/Microsoft.Resources/tags/default?api-version=2021-04-01"), "PATCH"),
                }
            }
            Resource::Dataverse => {
                let (entity, select) = self.pick(ENTITIES);
                (format!("https://contoso.crm4.dynamics.com/api/data/v9.2/{entity}?$select={select}"), "GET")
            }
            Resource::Custom => match self.rng.usize(..3) {
                0 => (format!("{}/v2/{}?status=open&page=@{{{v}}}", self.custom_host, self.noun.1), "GET"),
                1 => (format!("{}/v2/{}", self.custom_host, self.noun.1), "POST"),
                _ => (format!("{}/v2/{}/@{{{v}}}", self.custom_host, self.noun.1), "PUT"),
            },
        }
    }

    fn audience(r: Resource) -> &'static str {
        match r {
            Resource::Graph => "https://graph.microsoft.com",
            Resource::Arm => "https://management.azure.com/",
            Resource::Dataverse => "https://contoso.crm4.dynamics.com",
            Resource::Custom => "api://custom",
        }
    }

    fn bearer_header(&mut self) -> String {
        let token = match &self.token {
            Some(TokenRef::Body(n)) => format!("body('{n}')?['access_token']"),
            Some(TokenRef::Parsed(n)) => format!("body('{n}')?['access_token']"),
            Some(TokenRef::Variable(v)) => format!("variables('{v}')"),
            None => String::new(),
        };
        if !self.problem_done {
            match self.problem {
                Some(Problem::MissingSpace) => {
                    self.problem_done = true;
                    return format!("Bearer@{{{token}}}");
                }
                Some(Problem::Quoted) => {
                    self.problem_done = true;
                    return format!("\"Bearer @{{{token}}}\"");
                }
                Some(Problem::LiteralJwt) => {
                    self.problem_done = true;
                    let exp = 1_700_000_000 + self.rng.i64(0..40_000_000);
                    return format!("Bearer {}", planted_jwt(exp));
                }
                _ => {}
            }
        }
        if self.token.is_none() {
            // Only a planted literal token has no request: give later calls an API key instead.
            return String::new();
        }
        if self.chance(0.15) {
            return format!("@{{concat('Bearer ', {token})}}");
        }
        format!("Bearer @{{{token}}}")
    }

    fn http_action(&mut self, kind: HttpKind) -> (String, Value) {
        self.actions += 1;
        self.http += 1;
        let base = match kind {
            HttpKind::Bearer | HttpKind::AadOAuth => {
                self.pick(&["HTTP", "HTTP_-_Call_API", "Call_Graph", "HTTP_-_Get_records", "Invoke_REST_API"])
            }
            HttpKind::Msi => self.pick(&["HTTP_-_Managed_identity", "HTTP", "Call_ARM"]),
            HttpKind::ApiKey => self.pick(&["HTTP_-_Partner_API", "HTTP", "Send_to_partner"]),
            HttpKind::Anonymous => self.pick(&["HTTP_-_Status", "HTTP", "Post_to_webhook"]),
        };
        let name = self.name(base);
        let meta = self.meta();
        let mut headers = Map::new();
        let mut inputs = Map::new();
        let mut authentication = None;
        let mut secure = false;
        let (uri, method) = match kind {
            HttpKind::Bearer => {
                let auth = self.bearer_header();
                let r = self.resource;
                let (uri, m) = self.resource_uri(r);
                if auth.is_empty() {
                    let key = self.param("ApiKey", true);
                    headers.insert("x-api-key".into(), json!(format!("@{key}")));
                } else {
                    headers.insert("Authorization".into(), json!(auth));
                }
                if r == Resource::Graph && self.chance(0.3) {
                    headers.insert("ConsistencyLevel".into(), json!("eventual"));
                }
                secure = self.chance(0.95);
                (uri, m)
            }
            HttpKind::AadOAuth => {
                let r = if self.resource == Resource::Custom { Resource::Graph } else { self.resource };
                let (uri, m) = self.resource_uri(r);
                let tenant = self.param("TenantId", false);
                let client = self.param("ClientId", false);
                let secret = self.param("ClientSecret", true);
                authentication = Some(
                    json!({"type": "ActiveDirectoryOAuth", "tenant": format!("@{tenant}"), "audience": Self::audience(r),
                           "clientId": format!("@{client}"), "secret": format!("@{secret}")}),
                );
                secure = self.chance(0.95);
                (uri, m)
            }
            HttpKind::Msi => {
                let r = Resource::Arm;
                let (uri, m) = self.resource_uri(r);
                inputs.insert(
                    "authentication".into(),
                    json!({"type": "ManagedServiceIdentity", "audience": Self::audience(r)}),
                );
                (uri, m)
            }
            HttpKind::ApiKey => {
                let key = self.param("ApiKey", true);
                let h = self.pick(&["x-api-key", "Ocp-Apim-Subscription-Key", "X-Api-Key"]);
                headers.insert(h.into(), json!(format!("@{key}")));
                secure = self.chance(0.95);
                let host = self.custom_host.clone();
                (format!("{host}/v1/{}/sync", self.noun.1), "POST")
            }
            HttpKind::Anonymous => {
                let v = self.value();
                (
                    format!(
                        "https://status.contoso.com/api/v1/events?source=flow&ref=@{{encodeUriComponent(string({v}))}}"
                    ),
                    "POST",
                )
            }
        };
        headers.insert("Content-Type".into(), json!("application/json"));
        if self.chance(0.3) {
            headers.insert("Accept".into(), json!("application/json"));
        }
        inputs.insert("method".into(), json!(method));
        inputs.insert("uri".into(), json!(uri));
        inputs.insert("headers".into(), Value::Object(headers));
        if method == "GET" && self.chance(0.4) {
            inputs.insert("queries".into(), json!({"$top": "100", "$count": "true"}));
        }
        if method != "GET" {
            let (a, b) = (self.interp(), self.interp());
            inputs.insert(
                "body".into(),
                json!({"id": a, "status": "processed", "source": self.system, "details": {"owner": b, "processedAt": "@{utcNow()}"}}),
            );
        }
        // `authentication` goes after the request, as the designer writes it.
        if let Some(a) = authentication {
            inputs.insert("authentication".into(), a);
        }
        let mut v = json!({"type": "Http", "inputs": inputs, "metadata": meta});
        if secure {
            v["runtimeConfiguration"] = json!({"secureData": {"properties": ["inputs"]}});
        } else if self.chance(0.2) {
            v["runtimeConfiguration"] = json!({"contentTransfer": {"transferMode": "Chunked"}});
        }
        if self.chance(0.15) {
            v["inputs"]["retryPolicy"] = json!({"type": "exponential", "count": 4, "interval": "PT10S"});
        }
        let s = format!("body('{name}')?['id']");
        self.scalars.push(s);
        (name, v)
    }
}

/// A container's actions as an object, each with `runAfter` on the one before (the first on nothing,
/// unless it already has one). `top` puts `runAfter` before `type`, as top-level exports do.
fn chain(actions: Vec<(String, Value)>, top: bool) -> Map<String, Value> {
    let mut out = Map::new();
    let mut prev: Option<String> = None;
    for (name, v) in actions {
        let Value::Object(fields) = v else { continue };
        let run_after = match (fields.get("runAfter"), &prev) {
            (Some(r), _) if r.as_object().is_some_and(|o| !o.is_empty()) => r.clone(),
            (_, Some(p)) => json!({ p: ["Succeeded"] }),
            (_, None) => json!({}),
        };
        let mut m = Map::new();
        if top {
            m.insert("runAfter".into(), run_after.clone());
        }
        for (k, x) in fields {
            if k != "runAfter" {
                m.insert(k, x);
            }
        }
        if !top {
            m.insert("runAfter".into(), run_after);
        }
        prev = Some(name.clone());
        out.insert(name, Value::Object(m));
    }
    out
}
