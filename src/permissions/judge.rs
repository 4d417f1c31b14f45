//! Whether a token's permissions (`scp`, `roles`) allow a call, and what to do when they do not.

use crate::jwt::Claims;

use super::call::{Api, Call};
use super::tables::{Grant, tables};

/// What kind of permissions a token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `scp`: a signed-in user's token.
    Delegated,
    /// `roles`: an app-only token.
    Application,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Delegated => "delegated",
            Kind::Application => "application",
        }
    }
    /// The claim the permissions are in.
    pub fn claim(self) -> &'static str {
        match self {
            Kind::Delegated => "scp",
            Kind::Application => "roles",
        }
    }
}

/// The permissions a token holds, and of which kind.
#[derive(Debug, Clone)]
pub struct Held {
    pub kind: Kind,
    pub permissions: Vec<String>,
}

impl Held {
    /// Delegated when the token has `scp`; application when it is app-only (`idtyp: app`, or `roles`
    /// with no user); delegated with nothing otherwise.
    pub fn of(c: &Claims) -> Held {
        let scp = c.scp();
        if !scp.is_empty() {
            return Held { kind: Kind::Delegated, permissions: scp.iter().map(|s| s.to_string()).collect() };
        }
        if c.is_app_only() {
            return Held { kind: Kind::Application, permissions: c.roles().iter().map(|s| s.to_string()).collect() };
        }
        Held { kind: Kind::Delegated, permissions: Vec::new() }
    }
    /// The permissions as written in the token, for a message.
    pub fn describe(&self) -> String {
        if self.permissions.is_empty() {
            format!("no {} permissions (no {})", self.kind.name(), self.kind.claim())
        } else {
            format!("{} permissions ({}: {})", self.kind.name(), self.kind.claim(), self.permissions.join(" "))
        }
    }
}

/// What the table says about a call with a token.
#[derive(Debug, Clone)]
pub enum Decision {
    /// A permission the token holds is accepted.
    Allowed { by: Grant, caveat: Option<&'static str> },
    /// None of the accepted permissions is held: `add` is the least privileged one to advise; `rsc`, a
    /// resource-specific consent permission the operation also accepts.
    Missing { add: Grant, others: Vec<Grant>, admin_consent: bool, rsc: Option<String> },
    /// The token cannot tell (the reason).
    Undecidable(String),
    /// The operation accepts no permission of the token's kind at all.
    KindNotSupported,
}

/// The judgement of one call with one token.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub call: Call,
    /// `List users`, or `SharePoint REST (write)`.
    pub operation: String,
    pub docs: Option<String>,
    pub held: Held,
    pub decision: Decision,
}

/// Judges a call with a token's claims. `None`: the call is not to an API with a table, or the table
/// does not know the operation (see [`known`]).
pub fn judge(call: &Call, claims: &Claims) -> Option<Judgement> {
    let t = tables();
    let held = Held::of(claims);
    let (operation, docs, accepted): (String, Option<String>, Vec<Grant>) = match &call.api {
        Api::Graph => {
            let op = t.graph_operation(&call.method, &call.path)?;
            if let Some(why) = &op.depends {
                return Some(Judgement {
                    call: call.clone(),
                    operation: op.name.clone(),
                    docs: Some(op.docs.clone()),
                    held,
                    decision: Decision::Undecidable(why.clone()),
                });
            }
            let accepted = match held.kind {
                Kind::Delegated => op.delegated.clone(),
                Kind::Application => op.application.clone(),
            };
            (op.name.clone(), Some(op.docs.clone()), accepted)
        }
        Api::SharePoint { onedrive } => {
            let level = t.sharepoint_level(&call.method, &call.api_segments);
            let mut accepted = match held.kind {
                Kind::Delegated => level.delegated.clone(),
                Kind::Application => level.application.clone(),
            };
            if *onedrive && held.kind == Kind::Delegated {
                accepted.extend(level.delegated_onedrive.iter().cloned());
            }
            (format!("SharePoint REST, {} access", level.name), None, accepted)
        }
    };
    // `/me` is the signed-in user: an app-only token has none, whatever the operation accepts elsewhere.
    let me = call.api == Api::Graph && {
        let p = call.path.to_ascii_lowercase();
        p == "/me" || p.starts_with("/me/")
    };
    // Resource-specific consent (`….Group`, `….Chat`) is granted in a team or chat and never shows in
    // the token; Teamwork.Migrate.All posts only in migration mode. Neither is advice to give.
    let advisable: Vec<&Grant> = accepted.iter().filter(|g| g.0.iter().all(|p| advisable(p))).collect();
    let rsc = accepted.iter().flat_map(|g| &g.0).find(|p| is_rsc(p)).cloned();
    let decision = if accepted.is_empty() || (me && held.kind == Kind::Application) {
        Decision::KindNotSupported
    } else if let Some(g) = sites_selected(&operation, &accepted, &held) {
        Decision::Allowed { by: g, caveat: Some(SITES_SELECTED) }
    } else if let Some(g) = accepted.iter().find(|g| g.held_by(&held.permissions)) {
        let caveat = g.0.iter().any(|p| p.eq_ignore_ascii_case("Sites.Selected")).then_some(SITES_SELECTED);
        Decision::Allowed { by: g.clone(), caveat }
    } else if held.kind == Kind::Application && held.permissions.is_empty() && rsc.is_some() {
        Decision::Undecidable(
            "the operation also accepts resource-specific consent, which is granted in the team or chat and does not show in the token".into(),
        )
    } else if advisable.is_empty() {
        Decision::KindNotSupported
    } else {
        let add = advisable[0].clone();
        let admin_consent =
            held.kind == Kind::Application || add.0.iter().any(|p| t.delegated_admin_consent(p).unwrap_or(true));
        let others = accepted.iter().filter(|g| **g != add).cloned().collect();
        Decision::Missing { add, others, admin_consent, rsc }
    };
    Some(Judgement { call: call.clone(), operation, docs, held, decision })
}

/// A resource-specific consent permission (granted in one team or chat; not in the token).
fn is_rsc(p: &str) -> bool {
    [".Group", ".Chat", "ForTeam", "ForChat"].iter().any(|s| p.ends_with(s))
}

/// A permission worth advising: not resource-specific consent, not migration-only.
fn advisable(p: &str) -> bool {
    !is_rsc(p) && !p.eq_ignore_ascii_case("Teamwork.Migrate.All")
}

const SITES_SELECTED: &str = "Sites.Selected allows only the sites an admin granted this app, at the role granted (read or write): a 403 means this site was not granted, or only for reading";

/// `Sites.Selected` gates by site rather than by operation: it opens every site-scoped operation that
/// a `Sites.*.All` permission opens (sites, lists, items, drives), on the sites granted — except
/// search, which it does not cover.
fn sites_selected(operation: &str, accepted: &[Grant], held: &Held) -> Option<Grant> {
    let holds = held.permissions.iter().any(|p| p.eq_ignore_ascii_case("Sites.Selected"));
    let site_scoped = accepted.iter().flat_map(|g| &g.0).any(|p| {
        let p = p.to_ascii_lowercase();
        p.starts_with("sites.") && p.ends_with(".all")
    });
    (holds && site_scoped && !operation.to_ascii_lowercase().contains("search"))
        .then(|| Grant(vec!["Sites.Selected".into()]))
}

/// True when the tables know the call's operation.
pub fn known(call: &Call) -> bool {
    match call.api {
        Api::Graph => tables().graph_operation(&call.method, &call.path).is_some(),
        Api::SharePoint { .. } => true,
    }
}

impl Judgement {
    /// One line for a finding: what cannot be called and what the token holds.
    pub fn message(&self) -> String {
        let (call, op) = (&self.call.display, &self.operation);
        match &self.decision {
            Decision::Allowed { by, .. } => format!("{call} ({op}) is allowed by the token's {by}"),
            Decision::Undecidable(why) => format!("whether the token may call {call} ({op}) cannot be told: {why}"),
            Decision::Missing { .. } if self.held.permissions.is_empty() => format!(
                "the token cannot call {call} ({op}): it holds no {} permissions (no {} claim)",
                self.held.kind.name(),
                self.held.kind.claim()
            ),
            Decision::Missing { .. } => format!(
                "the token cannot call {call} ({op}): its {} include none the operation accepts",
                self.held.describe()
            ),
            Decision::KindNotSupported => match self.held.kind {
                Kind::Application => {
                    format!("{call} ({op}) does not accept application permissions: an app-only token cannot call it")
                }
                Kind::Delegated => {
                    format!("{call} ({op}) does not accept delegated permissions: it needs an app-only token")
                }
            },
        }
    }

    /// One line for a verdict: what is missing.
    pub fn summary(&self) -> String {
        let (call, op) = (&self.call.display, &self.operation);
        match &self.decision {
            Decision::Missing { add, .. } => format!(
                "the token lacks the permission {call} ({op}) needs: it holds {}, and the least privileged {} permission it accepts is {add}",
                self.held.describe(),
                self.held.kind.name()
            ),
            _ => self.message(),
        }
    }

    /// What to do.
    pub fn help(&self) -> String {
        let docs = self.docs.as_ref().map(|d| format!(" Documentation: {d}")).unwrap_or_default();
        match &self.decision {
            Decision::Allowed { caveat, .. } => caveat.map(str::to_string).unwrap_or_default(),
            Decision::Undecidable(why) => format!("authlint cannot tell: {why}"),
            Decision::Missing { add, others, admin_consent, rsc } => {
                let where_ = match self.call.api {
                    Api::Graph => "Microsoft Graph",
                    Api::SharePoint { .. } => "SharePoint",
                };
                let consent = match (self.held.kind, admin_consent) {
                    (Kind::Application, _) => {
                        ", then Grant admin consent (application permissions always need it), and get a new token"
                    }
                    (Kind::Delegated, true) => {
                        ": an admin must grant consent for it, then sign in again for a new token"
                    }
                    (Kind::Delegated, false) => {
                        ": it needs no admin consent (unless the tenant restricts user consent); sign in again for a new token"
                    }
                };
                let also = if others.is_empty() {
                    String::new()
                } else {
                    let o: Vec<String> = others.iter().map(Grant::to_string).collect();
                    format!(" Also accepted (from least to most privileged): {}.", o.join(", "))
                };
                let rsc = rsc
                    .as_ref()
                    .map(|r| format!(" Resource-specific consent ({r}) granted in the team or chat also works; it does not show in the token."))
                    .unwrap_or_default();
                format!(
                    "add the {} permission {add} ({where_}; the least privileged the operation accepts) in Entra ID → App registrations → the app → API permissions{consent}.{also}{rsc}{docs}",
                    self.held.kind.name()
                )
            }
            Decision::KindNotSupported => match self.held.kind {
                Kind::Application if self.call.path.to_ascii_lowercase().starts_with("/me") => format!(
                    "/me is the signed-in user, and an app-only token has none: call /users/{{id or userPrincipalName}} instead.{docs}"
                ),
                Kind::Application => {
                    format!("use a token of a signed-in user (delegated permissions), or another operation.{docs}")
                }
                Kind::Delegated => {
                    format!("use an app-only token (client credentials) with the application permission.{docs}")
                }
            },
        }
    }
}
