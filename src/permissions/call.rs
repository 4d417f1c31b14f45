//! The call a request makes, as far as permissions go: the API, the method and the path.

use url::Url;

const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
const SHAREPOINT_APP_ID: &str = "00000003-0000-0ff1-ce00-000000000000";

/// The API a request goes to, as far as permissions go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Api {
    Graph,
    /// SharePoint REST; `onedrive` for a `-my.sharepoint.com` host.
    SharePoint {
        onedrive: bool,
    },
}

/// A request to an API with a permission table: what it is called in messages, and the segments.
#[derive(Debug, Clone)]
pub struct Call {
    pub api: Api,
    pub method: String,
    /// `GET /v1.0/users/{id}` (ids kept as written; no query).
    pub display: String,
    /// Graph: the path after the version. SharePoint: the segments after `_api`.
    pub(super) path: String,
    pub(super) api_segments: Vec<String>,
}

impl Call {
    /// The call a method and URL make, when they go to Microsoft Graph (`/v1.0/` or `/beta/`) or to
    /// SharePoint REST (`/_api/`).
    pub fn of(method: &str, url: &Url) -> Option<Call> {
        let host = url.host_str()?;
        let resource = crate::resources::by_host(host)?;
        let method = method.trim().to_ascii_uppercase();
        let path = url.path();
        let display = format!("{method} {path}");
        if resource.app_id == GRAPH_APP_ID {
            let rest = path.trim_start_matches('/');
            let (version, after) = rest.split_once('/').unwrap_or((rest, ""));
            if !version.eq_ignore_ascii_case("v1.0") && !version.eq_ignore_ascii_case("beta") {
                return None;
            }
            return Some(Call {
                api: Api::Graph,
                method,
                display,
                path: format!("/{after}"),
                api_segments: Vec::new(),
            });
        }
        if resource.app_id == SHAREPOINT_APP_ID {
            let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let at = segs.iter().position(|s| s.eq_ignore_ascii_case("_api"))?;
            let onedrive = host.split('.').next().is_some_and(|h| h.to_ascii_lowercase().ends_with("-my"));
            return Some(Call {
                api: Api::SharePoint { onedrive },
                method,
                display,
                path: String::new(),
                api_segments: segs[at + 1..].iter().map(|s| s.to_string()).collect(),
            });
        }
        None
    }
}
