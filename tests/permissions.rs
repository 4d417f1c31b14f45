//! The permission tables (data/permissions/) and the 403 predicted from them: the tables are
//! well-formed, and for every area a call is allowed or refused as Microsoft's documentation says —
//! delegated and application, with ids, query strings, `/me` forms, beta, `:/path:` addresses.

use std::collections::HashSet;

use authlint::jwt;
use authlint::permissions::{Call, Decision, GRAPH_FILES, SHAREPOINT_FILE, Tables, judge, tables};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A synthetic token (never signed) for `aud` with delegated (`scp`) or application (`roles`) permissions.
fn token(aud: &str, delegated: bool, perms: &[&str]) -> String {
    let mut claims = serde_json::json!({
        "aud": aud, "iat": 1767225600, "exp": 4102449300u64,
        "appid": "0b4c1a9e-5d2f-4e8a-9c31-7a6f2e1d0c9b", "tid": "72f988bf-0000-4000-8000-00000000c0de",
    });
    if delegated {
        claims["scp"] = perms.join(" ").into();
        claims["upn"] = "megan.bowen@contoso.example".into();
    } else {
        claims["roles"] = perms.to_vec().into();
        claims["idtyp"] = "app".into();
    }
    let enc = |v: &serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.ZmFrZS1zaWduYXR1cmU", enc(&serde_json::json!({"typ": "JWT", "alg": "RS256"})), enc(&claims))
}

#[derive(Debug, PartialEq)]
enum Expect {
    Allowed,
    /// Refused: the permission to add.
    Add(&'static str),
    /// The operation takes no permission of the token's kind.
    NotSupported,
    /// authlint says it cannot tell.
    CannotTell,
    /// Not in the tables: no judgement.
    Unknown,
}
use Expect::*;

const D: bool = true;
const A: bool = false;

fn judged(method: &str, url: &str, delegated: bool, perms: &[&str]) -> Expect {
    let url = url::Url::parse(url).unwrap();
    let aud = format!("https://{}", url.host_str().unwrap());
    let jwt = jwt::inspect(&token(&aud, delegated, perms));
    let claims = jwt.claims().unwrap();
    let Some(call) = Call::of(method, &url) else { return Unknown };
    match judge(&call, &claims).map(|j| j.decision) {
        None => Unknown,
        Some(Decision::Allowed { .. }) => Allowed,
        Some(Decision::Missing { add, .. }) => Add(Box::leak(add.to_string().into_boxed_str())),
        Some(Decision::KindNotSupported) => NotSupported,
        Some(Decision::Undecidable(_)) => CannotTell,
    }
}

/// (area, method, URL, delegated?, the token's permissions, what authlint must say)
type Case = (&'static str, &'static str, String, bool, Vec<&'static str>, Expect);

const G: &str = "https://graph.microsoft.com";
const SP: &str = "https://contoso.sharepoint.com";

#[test]
fn every_area_allows_and_refuses_delegated_and_application_calls() {
    let u = "5f0e2a1b-7c3d-4e9f-8a6b-2d1c0e9f8a7b";
    let cases: Vec<Case> = vec![
        // users and me
        (
            "users",
            "GET",
            format!("{G}/v1.0/users?$select=displayName&$top=5"),
            D,
            vec!["User.Read"],
            Add("User.ReadBasic.All"),
        ),
        ("users", "GET", format!("{G}/v1.0/users/{u}"), D, vec!["User.ReadBasic.All"], Allowed),
        ("users", "GET", format!("{G}/v1.0/users"), A, vec!["User.Read.All"], Allowed),
        ("users", "POST", format!("{G}/v1.0/users"), A, vec!["User.Read.All"], Add("User.ReadWrite.All")),
        (
            "users",
            "PATCH",
            format!("{G}/beta/users/megan.bowen@contoso.example"),
            A,
            vec!["User.Read.All"],
            Add("User.ReadWrite.All"),
        ),
        ("me", "GET", format!("{G}/v1.0/me?$select=mail"), D, vec!["User.Read"], Allowed),
        ("me", "GET", format!("{G}/v1.0/me"), A, vec!["User.Read.All"], NotSupported),
        ("me", "GET", format!("{G}/v1.0/me/memberOf"), D, vec!["openid"], Add("User.Read")),
        // groups and members
        (
            "groups",
            "GET",
            format!("{G}/v1.0/groups/{u}/members?$select=id"),
            D,
            vec!["User.Read"],
            Add("GroupMember.Read.All"),
        ),
        ("groups", "POST", format!("{G}/v1.0/groups/{u}/members/$ref"), A, vec!["GroupMember.ReadWrite.All"], Allowed),
        (
            "groups",
            "GET",
            format!("{G}/v1.0/groups?$filter=groupTypes/any(c:c+eq+'Unified')"),
            A,
            vec!["Group.Read.All"],
            Allowed,
        ),
        (
            "groups",
            "DELETE",
            format!("{G}/v1.0/groups/{u}/members/{u}/$ref"),
            D,
            vec!["GroupMember.Read.All"],
            Add("GroupMember.ReadWrite.All"),
        ),
        // mail
        ("mail", "POST", format!("{G}/v1.0/me/sendMail"), D, vec!["User.Read"], Add("Mail.Send")),
        ("mail", "POST", format!("{G}/v1.0/users/megan.bowen@contoso.example/sendMail"), A, vec!["Mail.Send"], Allowed),
        (
            "mail",
            "GET",
            format!("{G}/v1.0/users/{u}/messages?$top=10"),
            A,
            vec!["Mail.Send"],
            Add("Mail.ReadBasic.All"),
        ),
        (
            "mail",
            "GET",
            format!("{G}/v1.0/me/mailFolders/inbox/messages?$filter=isRead%20eq%20false"),
            D,
            vec!["Mail.Read"],
            Allowed,
        ),
        // calendar
        ("calendar", "POST", format!("{G}/v1.0/me/events"), D, vec!["Calendars.Read"], Add("Calendars.ReadWrite")),
        (
            "calendar",
            "GET",
            format!(
                "{G}/v1.0/users/{u}/calendar/calendarView?startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-11-30T00:00:00Z"
            ),
            A,
            vec!["Calendars.Read"],
            Allowed,
        ),
        (
            "calendar",
            "GET",
            format!("{G}/v1.0/me/calendarView?startDateTime=2026-11-01"),
            D,
            vec!["User.Read"],
            Add("Calendars.ReadBasic"),
        ),
        // contacts
        ("contacts", "GET", format!("{G}/v1.0/me/contacts"), D, vec!["User.Read"], Add("Contacts.Read")),
        ("contacts", "POST", format!("{G}/v1.0/users/{u}/contacts"), A, vec!["Contacts.ReadWrite"], Allowed),
        // sites
        ("sites", "GET", format!("{G}/v1.0/sites/root"), D, vec!["User.Read"], Add("Sites.Read.All")),
        (
            "sites",
            "GET",
            format!("{G}/v1.0/sites/contoso.sharepoint.com:/sites/hr"),
            A,
            vec!["Sites.Read.All"],
            Allowed,
        ),
        ("sites", "GET", format!("{G}/v1.0/sites/getAllSites"), D, vec!["Sites.Read.All"], NotSupported),
        // lists and list items
        (
            "lists",
            "POST",
            format!("{G}/v1.0/sites/{u}/lists/{u}/items"),
            A,
            vec!["Sites.Read.All"],
            Add("Sites.ReadWrite.All"),
        ),
        (
            "lists",
            "PATCH",
            format!("{G}/v1.0/sites/{u}/lists/{u}/items/7/fields"),
            D,
            vec!["Sites.ReadWrite.All"],
            Allowed,
        ),
        (
            "lists",
            "GET",
            format!("{G}/v1.0/sites/contoso.sharepoint.com:/sites/hr:/lists/Invoices/items?expand=fields"),
            A,
            vec!["Sites.Selected"],
            Allowed,
        ),
        ("lists", "POST", format!("{G}/v1.0/sites/{u}/lists"), D, vec!["Sites.ReadWrite.All"], Add("Sites.Manage.All")),
        // drives and drive items
        (
            "drives",
            "PUT",
            format!("{G}/v1.0/me/drive/root:/Reports/Q3.xlsx:/content"),
            D,
            vec!["Files.Read"],
            Add("Files.ReadWrite"),
        ),
        ("drives", "GET", format!("{G}/v1.0/drives/{u}/items/{u}/children"), A, vec!["Files.Read.All"], Allowed),
        ("drives", "GET", format!("{G}/v1.0/me/drive"), D, vec!["Files.Read"], Allowed),
        (
            "drives",
            "PUT",
            format!("{G}/v1.0/drives/{u}/items/{u}/content"),
            A,
            vec!["Files.Read.All"],
            Add("Files.ReadWrite.All"),
        ),
        // Teams: teams, channels, messages, chats
        (
            "teams",
            "POST",
            format!("{G}/v1.0/teams/{u}/channels/19:abc@thread.tacv2/messages"),
            D,
            vec!["ChannelMessage.Send"],
            Allowed,
        ),
        (
            "teams",
            "POST",
            format!("{G}/v1.0/teams/{u}/channels/19:abc@thread.tacv2/messages"),
            A,
            vec!["ChannelMessage.Read.All"],
            NotSupported,
        ),
        ("teams", "GET", format!("{G}/v1.0/me/joinedTeams"), D, vec!["User.Read"], Add("Team.ReadBasic.All")),
        ("teams", "GET", format!("{G}/v1.0/teams/{u}/members"), A, vec![], CannotTell),
        ("teams", "GET", format!("{G}/v1.0/teams/{u}/members"), A, vec!["User.Read.All"], Add("TeamMember.Read.All")),
        (
            "chats",
            "POST",
            format!("{G}/v1.0/chats/19:abc@unq.gbl.spaces/messages"),
            D,
            vec!["Chat.Read"],
            Add("ChatMessage.Send"),
        ),
        // Planner
        ("planner", "POST", format!("{G}/v1.0/planner/tasks"), D, vec!["Tasks.Read"], Add("Tasks.ReadWrite")),
        ("planner", "GET", format!("{G}/v1.0/planner/plans/{u}/tasks"), A, vec!["Tasks.Read.All"], Allowed),
        // applications and service principals
        (
            "apps",
            "POST",
            format!("{G}/v1.0/applications/{u}/addPassword"),
            A,
            vec!["Application.Read.All"],
            Add("Application.ReadWrite.OwnedBy"),
        ),
        (
            "apps",
            "GET",
            format!("{G}/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')"),
            D,
            vec!["Application.Read.All"],
            Allowed,
        ),
        (
            "apps",
            "POST",
            format!("{G}/v1.0/servicePrincipals/{u}/appRoleAssignedTo"),
            A,
            vec!["AppRoleAssignment.ReadWrite.All"],
            Add("AppRoleAssignment.ReadWrite.All and Application.Read.All"),
        ),
        (
            "apps",
            "POST",
            format!("{G}/v1.0/servicePrincipals/{u}/appRoleAssignedTo"),
            A,
            vec!["AppRoleAssignment.ReadWrite.All", "Application.Read.All"],
            Allowed,
        ),
        // directory roles
        ("roles", "GET", format!("{G}/v1.0/directoryRoles"), A, vec!["Directory.Read.All"], Allowed),
        (
            "roles",
            "POST",
            format!("{G}/v1.0/roleManagement/directory/roleAssignments"),
            D,
            vec!["RoleManagement.Read.Directory"],
            Add("RoleManagement.ReadWrite.Directory"),
        ),
        // subscriptions: the permission is the watched resource's
        ("subscriptions", "POST", format!("{G}/v1.0/subscriptions"), A, vec!["Mail.Read"], CannotTell),
        ("subscriptions", "DELETE", format!("{G}/v1.0/subscriptions/{u}"), D, vec!["User.Read"], CannotTell),
        // audit logs
        (
            "audit",
            "GET",
            format!("{G}/v1.0/auditLogs/signIns?$filter=createdDateTime%20ge%202026-11-01"),
            A,
            vec!["AuditLog.Read.All"],
            Allowed,
        ),
        (
            "audit",
            "GET",
            format!("{G}/v1.0/auditLogs/directoryAudits"),
            D,
            vec!["AuditLog.Read.All"],
            Add("AuditLog.Read.All and Directory.Read.All"),
        ),
        // reports
        (
            "reports",
            "GET",
            format!("{G}/v1.0/reports/getOffice365ActiveUserDetail(period='D7')"),
            A,
            vec!["Reports.Read.All"],
            Allowed,
        ),
        (
            "reports",
            "GET",
            format!("{G}/v1.0/reports/getEmailActivityUserDetail(period='D30')"),
            D,
            vec!["User.Read"],
            Add("Reports.Read.All"),
        ),
        // SharePoint REST, by access level
        ("sharepoint", "GET", format!("{SP}/sites/hr/_api/web/lists"), D, vec!["AllSites.Read"], Allowed),
        (
            "sharepoint",
            "POST",
            format!("{SP}/sites/hr/_api/web/lists/getbytitle('Invoices')/items"),
            D,
            vec!["AllSites.Read"],
            Add("AllSites.Write"),
        ),
        (
            "sharepoint",
            "POST",
            format!("{SP}/sites/hr/_api/web/lists"),
            A,
            vec!["Sites.ReadWrite.All"],
            Add("Sites.Manage.All"),
        ),
        (
            "sharepoint",
            "POST",
            format!("{SP}/sites/hr/_api/web/roleassignments/addroleassignment(principalid=7,roledefid=1073741827)"),
            A,
            vec!["Sites.Manage.All"],
            Add("Sites.FullControl.All"),
        ),
        (
            "sharepoint",
            "DELETE",
            format!("{SP}/sites/hr/_api/web/lists/getbytitle('Old')"),
            D,
            vec!["AllSites.Write"],
            Add("AllSites.Manage"),
        ),
        ("sharepoint", "POST", format!("{SP}/sites/hr/_api/contextinfo"), A, vec!["Sites.Read.All"], Allowed),
        (
            "sharepoint",
            "GET",
            "https://contoso-my.sharepoint.com/personal/megan/_api/web/lists".into(),
            D,
            vec!["MyFiles.Read"],
            Allowed,
        ),
        ("sharepoint", "GET", format!("{SP}/sites/hr/_api/web/lists"), D, vec!["MyFiles.Read"], Add("AllSites.Read")),
        // not in the tables, or not an API with a table
        ("unknown", "GET", format!("{G}/v1.0/security/alerts_v2"), D, vec!["User.Read"], Unknown),
        (
            "unknown",
            "GET",
            "https://management.azure.com/subscriptions?api-version=2022-12-01".into(),
            A,
            vec![],
            Unknown,
        ),
        ("unknown", "GET", format!("{G}/users"), D, vec!["User.Read"], Unknown),
    ];
    let mut failures = Vec::new();
    let mut areas: Vec<(&str, bool, bool)> = Vec::new();
    for (area, method, url, kind, perms, expect) in &cases {
        let got = judged(method, url, *kind, perms);
        if &got != expect {
            failures.push(format!("{area}: {method} {url} with {perms:?}: expected {expect:?}, got {got:?}"));
        }
        areas.push((area, *kind, matches!(expect, Allowed)));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Every area has an allowed and a refused case, and delegated and application cases.
    for area in [
        "users",
        "groups",
        "mail",
        "calendar",
        "contacts",
        "sites",
        "lists",
        "drives",
        "teams",
        "planner",
        "apps",
        "roles",
        "audit",
        "reports",
        "sharepoint",
    ] {
        let of: Vec<_> = areas.iter().filter(|(a, ..)| *a == area).collect();
        assert!(of.iter().any(|(_, _, allowed)| *allowed) && of.iter().any(|(_, _, allowed)| !*allowed), "{area}");
        assert!(of.iter().any(|(_, d, _)| *d) && of.iter().any(|(_, d, _)| !*d), "{area}");
    }
}

#[test]
fn the_tables_are_well_formed() {
    let t = Tables::parse(&GRAPH_FILES, SHAREPOINT_FILE).unwrap();
    assert!(t.graph.len() >= 120, "{} operations", t.graph.len());
    let well_formed = |p: &str| {
        let parts: Vec<&str> = p.split('.').collect();
        parts.len() >= 2
            && parts.iter().all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && p.starts_with(|c: char| c.is_ascii_uppercase())
    };
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for op in &t.graph {
        let at = format!("{} ({})", op.name, op.file);
        if !["GET", "POST", "PATCH", "PUT", "DELETE"].contains(&op.method.as_str()) {
            problems.push(format!("{at}: method {}", op.method));
        }
        if op.versions.is_empty() || op.versions.iter().any(|v| v != "v1.0" && v != "beta") {
            problems.push(format!("{at}: versions {:?}", op.versions));
        }
        match url::Url::parse(&op.docs) {
            Ok(u) if u.host_str() == Some("learn.microsoft.com") && u.path().contains("/graph/api/") => {}
            _ => problems.push(format!("{at}: docs {}", op.docs)),
        }
        if op.delegated.is_empty() && op.application.is_empty() && op.depends.is_none() {
            problems.push(format!("{at}: no permissions and no `depends`"));
        }
        for path in &op.paths {
            let braces_balanced = path.matches('{').count() == path.matches('}').count();
            if !path.starts_with('/') || path.contains(['?', ' ', '|']) || path.contains("...") || !braces_balanced {
                problems.push(format!("{at}: path {path}"));
            }
            if !seen.insert((op.method.clone(), path.to_ascii_lowercase())) {
                problems.push(format!("{at}: {} {path} is given twice", op.method));
            }
            // Every path form finds its own operation.
            let probe = path.replace("{id}", "x1");
            match t.graph_operation(&op.method, &probe) {
                Some(found) if std::ptr::eq(found, op) => {}
                other => problems.push(format!("{at}: {path} finds {:?}", other.map(|o| &o.name))),
            }
        }
        for g in op.delegated.iter().chain(&op.application) {
            for p in &g.0 {
                if !well_formed(p) {
                    problems.push(format!("{at}: permission {p:?}"));
                }
            }
        }
        for g in &op.delegated {
            for p in &g.0 {
                if t.delegated_admin_consent(p).is_none() {
                    problems.push(format!("{at}: {p} has no admin-consent entry"));
                }
            }
        }
    }
    for l in &t.sharepoint {
        for p in l.delegated.iter().chain(&l.application).chain(&l.delegated_onedrive).flat_map(|g| &g.0) {
            if !well_formed(p) {
                problems.push(format!("sharepoint {}: permission {p:?}", l.name));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    assert!(std::ptr::eq(tables(), tables()), "parsed once");
}

#[test]
fn a_broken_table_is_refused_with_its_file_name() {
    let bad = [("bad.toml", "[[operation]]\nname = \"x\"\nmethod = \"GET\"\n")];
    let err = Tables::parse(&bad, SHAREPOINT_FILE).unwrap_err();
    assert!(err.starts_with("bad.toml:") && err.contains("missing field"), "{err}");
    let conflict = [
        ("a.toml", "operation = []\n[delegated_admin_consent]\n\"User.Read\" = false\n"),
        ("b.toml", "operation = []\n[delegated_admin_consent]\n\"User.Read\" = true\n"),
    ];
    assert!(Tables::parse(&conflict, SHAREPOINT_FILE).unwrap_err().contains("two admin-consent values"));
}

#[test]
fn the_tables_embedded_at_build_time_are_the_toml_files() {
    let parsed = Tables::parse(&GRAPH_FILES, SHAREPOINT_FILE).unwrap();
    let embedded = Tables::embedded().unwrap();
    assert_eq!(format!("{:?}", parsed.graph), format!("{:?}", embedded.graph));
    assert_eq!(format!("{:?}", parsed.sharepoint), format!("{:?}", embedded.sharepoint));
    assert_eq!(format!("{:?}", parsed.classify), format!("{:?}", embedded.classify));
    for op in &parsed.graph {
        for p in op.delegated.iter().flat_map(|g| &g.0) {
            assert_eq!(parsed.delegated_admin_consent(p), embedded.delegated_admin_consent(p), "{p}");
        }
    }
    assert_eq!(format!("{:?}", tables().graph), format!("{:?}", parsed.graph), "the binary uses the embedded tables");
}
