//! Microsoft resources: app IDs, audiences and the hosts requests go to
//! (`../shared/research/microsoft-and-formats.md` §B).

/// How a request host is matched.
#[derive(Debug, Clone, Copy)]
pub enum Host {
    Exact(&'static str),
    /// Any host ending in this suffix (which starts with a dot).
    Suffix(&'static str),
}

impl Host {
    fn matches(self, host: &str) -> bool {
        match self {
            Host::Exact(h) => host.eq_ignore_ascii_case(h),
            Host::Suffix(s) => host.len() > s.len() && host.to_ascii_lowercase().ends_with(s),
        }
    }
}

/// A first-party resource that refuses anonymous requests.
#[derive(Debug)]
pub struct Resource {
    pub name: &'static str,
    pub app_id: &'static str,
    /// The App ID URI to request a token for (`<audience>/.default`), when it is fixed.
    pub audience: Option<&'static str>,
    pub hosts: &'static [Host],
}

use Host::{Exact, Suffix};

pub static RESOURCES: &[Resource] = &[
    Resource {
        name: "Microsoft Graph",
        app_id: "00000003-0000-0000-c000-000000000000",
        audience: Some("https://graph.microsoft.com"),
        hosts: &[
            Exact("graph.microsoft.com"),
            Exact("graph.microsoft.us"),
            Exact("dod-graph.microsoft.us"),
            Exact("microsoftgraph.chinacloudapi.cn"),
        ],
    },
    Resource {
        name: "SharePoint Online",
        app_id: "00000003-0000-0ff1-ce00-000000000000",
        audience: None,
        hosts: &[
            Suffix(".sharepoint.com"),
            Suffix(".sharepoint.us"),
            Suffix(".sharepoint.cn"),
        ],
    },
    Resource {
        name: "Exchange Online",
        app_id: "00000002-0000-0ff1-ce00-000000000000",
        audience: Some("https://outlook.office365.com"),
        hosts: &[Exact("outlook.office365.com"), Exact("outlook.office.com")],
    },
    Resource {
        name: "Dataverse",
        app_id: "00000007-0000-0000-c000-000000000000",
        audience: None,
        hosts: &[
            Suffix(".dynamics.com"),
            Suffix(".crm.microsoftdynamics.us"),
            Suffix(".crm.appsplatform.us"),
            Suffix(".crm.dynamics.cn"),
        ],
    },
    Resource {
        name: "Azure Resource Manager",
        app_id: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
        audience: Some("https://management.azure.com"),
        hosts: &[
            Exact("management.azure.com"),
            Exact("management.usgovcloudapi.net"),
            Exact("management.chinacloudapi.cn"),
        ],
    },
    Resource {
        name: "Azure Key Vault",
        app_id: "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
        audience: Some("https://vault.azure.net"),
        hosts: &[
            Suffix(".vault.azure.net"),
            Suffix(".vault.usgovcloudapi.net"),
            Suffix(".vault.azure.cn"),
        ],
    },
    Resource {
        name: "Azure Storage",
        app_id: "e406a681-f3d4-42a8-90b6-c2b029497af1",
        audience: Some("https://storage.azure.com/"),
        hosts: &[
            Suffix(".core.windows.net"),
            Suffix(".core.usgovcloudapi.net"),
            Suffix(".core.chinacloudapi.cn"),
        ],
    },
    Resource {
        name: "Power BI",
        app_id: "00000009-0000-0000-c000-000000000000",
        audience: Some("https://analysis.windows.net/powerbi/api"),
        hosts: &[Exact("api.powerbi.com")],
    },
    Resource {
        name: "Azure DevOps",
        app_id: "499b84ac-1321-427f-aa17-267ca6975798",
        audience: Some("499b84ac-1321-427f-aa17-267ca6975798"),
        hosts: &[Exact("dev.azure.com"), Suffix(".visualstudio.com")],
    },
    Resource {
        name: "Azure AD Graph (legacy)",
        app_id: "00000002-0000-0000-c000-000000000000",
        audience: Some("https://graph.windows.net"),
        hosts: &[Exact("graph.windows.net"), Exact("graph.chinacloudapi.cn")],
    },
    Resource {
        name: "Power Automate",
        app_id: "7df0a125-d3be-4c96-aa54-591f83ff541c",
        audience: Some("https://service.flow.microsoft.com/"),
        hosts: &[Exact("api.flow.microsoft.com")],
    },
    Resource {
        name: "Power Apps",
        app_id: "475226c6-020e-4fb2-8a90-7a972cbfc1d4",
        audience: Some("https://service.powerapps.com/"),
        hosts: &[Exact("api.powerapps.com")],
    },
    Resource {
        name: "Power Platform API",
        app_id: "8578e004-a5c6-46e7-913e-12f58912df43",
        audience: None,
        hosts: &[Exact("api.powerplatform.com")],
    },
    Resource {
        name: "Log Analytics",
        app_id: "ca7f3f0b-7d91-482c-8e09-c5d840d0eac5",
        audience: Some("https://api.loganalytics.io"),
        hosts: &[
            Exact("api.loganalytics.io"),
            Exact("api.loganalytics.us"),
            Exact("api.loganalytics.azure.cn"),
        ],
    },
    Resource {
        name: "Application Insights",
        app_id: "f5c26e74-f226-4ae8-85f0-b4af0080ac9e",
        audience: Some("https://api.applicationinsights.io"),
        hosts: &[
            Exact("api.applicationinsights.io"),
            Exact("api.applicationinsights.us"),
            Exact("api.applicationinsights.azure.cn"),
        ],
    },
    Resource {
        name: "Azure Service Bus / Event Hubs",
        app_id: "80369ed6-5f11-4dd9-bef3-692475845e77",
        audience: Some("https://servicebus.azure.net"),
        hosts: &[
            Suffix(".servicebus.windows.net"),
            Suffix(".servicebus.usgovcloudapi.net"),
        ],
    },
    Resource {
        name: "Azure Cosmos DB",
        app_id: "a232010e-820c-4083-83bb-3ace5fc29d0b",
        audience: Some("https://cosmos.azure.com"),
        hosts: &[
            Suffix(".documents.azure.com"),
            Suffix(".documents.azure.us"),
        ],
    },
    Resource {
        name: "Azure AI services",
        app_id: "7d312290-28c8-473c-a0ed-8e53749b6d6d",
        audience: Some("https://cognitiveservices.azure.com"),
        hosts: &[
            Suffix(".cognitiveservices.azure.com"),
            Suffix(".openai.azure.com"),
        ],
    },
];

/// The resource a request host belongs to.
pub fn by_host(host: &str) -> Option<&'static Resource> {
    let host = host.trim_end_matches('.');
    RESOURCES
        .iter()
        .find(|r| r.hosts.iter().any(|h| h.matches(host)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_map_to_resources() {
        assert_eq!(
            by_host("graph.microsoft.com").unwrap().name,
            "Microsoft Graph"
        );
        assert_eq!(
            by_host("Contoso.SharePoint.com").unwrap().name,
            "SharePoint Online"
        );
        assert_eq!(
            by_host("org.api.crm4.dynamics.com").unwrap().name,
            "Dataverse"
        );
        assert!(by_host("sharepoint.com.evil.test").is_none());
        assert!(by_host("api.example.com").is_none());
    }
}
