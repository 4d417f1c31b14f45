//! The table itself. Sources: ../shared/research/microsoft-and-formats.md §B (MSAPPS, CLI, GOV, NC,
//! ARM-AUD, LAS, KV, SB, EH, COSMOS, PPAPPS, PPREG, DISCO). Rows marked [U] there have no audience here.

use super::Cloud::{China, Global, UsGov, UsGovDod};
use super::Host::{Exact, Suffix};
use super::PerTenant;
use super::{Authority, Resource};

const GRAPH: &str = "00000003-0000-0000-c000-000000000000";
const ARM: &str = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
const DATAVERSE: &str = "00000007-0000-0000-c000-000000000000";
const STORAGE: &str = "e406a681-f3d4-42a8-90b6-c2b029497af1";
const LOG_ANALYTICS: &str = "ca7f3f0b-7d91-482c-8e09-c5d840d0eac5";
const APP_INSIGHTS: &str = "f5c26e74-f226-4ae8-85f0-b4af0080ac9e";
const SQL: &str = "022907d3-0f1b-48f7-badc-1ba6abab6d66";
const AAD_GRAPH: &str = "00000002-0000-0000-c000-000000000000";

macro_rules! r {
    ($name:expr, $cloud:expr, $app:expr, [$($aud:expr),*], [$($host:expr),*]) => {
        r!($name, $cloud, $app, [$($aud),*], [$($host),*], None)
    };
    ($name:expr, $cloud:expr, $app:expr, [$($aud:expr),*], [$($host:expr),*], $per:expr) => {
        Resource { name: $name, cloud: $cloud, app_id: $app, audiences: &[$($aud),*], hosts: &[$($host),*], per_tenant: $per }
    };
}

pub static RESOURCES: &[Resource] = &[
    r!("Microsoft Graph", Global, GRAPH, ["https://graph.microsoft.com"], [Exact("graph.microsoft.com")]),
    r!("Microsoft Graph", UsGov, GRAPH, ["https://graph.microsoft.us"], [Exact("graph.microsoft.us")]),
    r!("Microsoft Graph", UsGovDod, GRAPH, ["https://dod-graph.microsoft.us"], [Exact("dod-graph.microsoft.us")]),
    r!(
        "Microsoft Graph",
        China,
        GRAPH,
        ["https://microsoftgraph.chinacloudapi.cn"],
        [Exact("microsoftgraph.chinacloudapi.cn")]
    ),
    r!(
        "SharePoint Online",
        Global,
        "00000003-0000-0ff1-ce00-000000000000",
        [],
        [Suffix(".sharepoint.com")],
        Some(PerTenant::SharePoint)
    ),
    r!(
        "Exchange Online",
        Global,
        "00000002-0000-0ff1-ce00-000000000000",
        ["https://outlook.office365.com", "https://outlook.office.com"],
        [Exact("outlook.office365.com"), Exact("outlook.office.com")]
    ),
    r!("Dataverse", Global, DATAVERSE, [], [Suffix(".dynamics.com")], Some(PerTenant::Dataverse)),
    r!("Dataverse", UsGov, DATAVERSE, [], [Suffix(".crm.microsoftdynamics.us")], Some(PerTenant::Dataverse)),
    r!("Dataverse", UsGovDod, DATAVERSE, [], [Suffix(".crm.appsplatform.us")], Some(PerTenant::Dataverse)),
    r!("Dataverse", China, DATAVERSE, [], [Suffix(".crm.dynamics.cn")], Some(PerTenant::Dataverse)),
    r!(
        "Azure Resource Manager",
        Global,
        ARM,
        ["https://management.azure.com/", "https://management.core.windows.net/"],
        [Exact("management.azure.com")]
    ),
    r!(
        "Azure Resource Manager",
        UsGov,
        ARM,
        ["https://management.core.usgovcloudapi.net/", "https://management.usgovcloudapi.net/"],
        [Exact("management.usgovcloudapi.net")]
    ),
    r!(
        "Azure Resource Manager",
        China,
        ARM,
        ["https://management.core.chinacloudapi.cn/", "https://management.chinacloudapi.cn/"],
        [Exact("management.chinacloudapi.cn")]
    ),
    r!(
        "Azure Key Vault",
        Global,
        "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
        ["https://vault.azure.net"],
        [Suffix(".vault.azure.net")]
    ),
    r!(
        "Azure Key Vault",
        UsGov,
        "7e7c393b-45d0-48b1-a35e-2905ddf8183c",
        ["https://vault.usgovcloudapi.net"],
        [Suffix(".vault.usgovcloudapi.net")]
    ),
    r!(
        "Azure Key Vault",
        China,
        "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
        ["https://vault.azure.cn"],
        [Suffix(".vault.azure.cn")]
    ),
    r!(
        "Azure Storage",
        Global,
        STORAGE,
        ["https://storage.azure.com/"],
        [Suffix(".core.windows.net")],
        Some(PerTenant::StorageAccount)
    ),
    r!(
        "Azure Storage",
        UsGov,
        STORAGE,
        ["https://storage.azure.com/"],
        [Suffix(".core.usgovcloudapi.net")],
        Some(PerTenant::StorageAccount)
    ),
    r!(
        "Azure Storage",
        China,
        STORAGE,
        ["https://storage.azure.com/"],
        [Suffix(".core.chinacloudapi.cn")],
        Some(PerTenant::StorageAccount)
    ),
    r!("Azure SQL Database", Global, SQL, ["https://database.windows.net/"], [Suffix(".database.windows.net")]),
    r!(
        "Azure SQL Database",
        UsGov,
        SQL,
        ["https://database.usgovcloudapi.net/"],
        [Suffix(".database.usgovcloudapi.net")]
    ),
    r!(
        "Azure SQL Database",
        China,
        SQL,
        ["https://database.chinacloudapi.cn/"],
        [Suffix(".database.chinacloudapi.cn")]
    ),
    r!(
        "Power BI",
        Global,
        "00000009-0000-0000-c000-000000000000",
        ["https://analysis.windows.net/powerbi/api"],
        [Exact("api.powerbi.com")]
    ),
    r!(
        "Azure DevOps",
        Global,
        "499b84ac-1321-427f-aa17-267ca6975798",
        [],
        [Exact("dev.azure.com"), Suffix(".visualstudio.com")]
    ),
    r!("Azure AD Graph (retired)", Global, AAD_GRAPH, ["https://graph.windows.net"], [Exact("graph.windows.net")]),
    r!(
        "Azure AD Graph (retired)",
        China,
        AAD_GRAPH,
        ["https://graph.chinacloudapi.cn"],
        [Exact("graph.chinacloudapi.cn")]
    ),
    r!(
        "Power Automate",
        Global,
        "7df0a125-d3be-4c96-aa54-591f83ff541c",
        ["https://service.flow.microsoft.com/"],
        [Exact("api.flow.microsoft.com")]
    ),
    r!(
        "Power Apps",
        Global,
        "475226c6-020e-4fb2-8a90-7a972cbfc1d4",
        ["https://service.powerapps.com/"],
        [Exact("api.powerapps.com")]
    ),
    r!("Power Platform API", Global, "8578e004-a5c6-46e7-913e-12f58912df43", [], [Exact("api.powerplatform.com")]),
    r!("Log Analytics", Global, LOG_ANALYTICS, ["https://api.loganalytics.io"], [Exact("api.loganalytics.io")]),
    r!("Log Analytics", UsGov, LOG_ANALYTICS, ["https://api.loganalytics.us"], [Exact("api.loganalytics.us")]),
    r!(
        "Log Analytics",
        China,
        LOG_ANALYTICS,
        ["https://api.loganalytics.azure.cn"],
        [Exact("api.loganalytics.azure.cn")]
    ),
    r!(
        "Application Insights",
        Global,
        APP_INSIGHTS,
        ["https://api.applicationinsights.io"],
        [Exact("api.applicationinsights.io")]
    ),
    r!(
        "Application Insights",
        UsGov,
        APP_INSIGHTS,
        ["https://api.applicationinsights.us"],
        [Exact("api.applicationinsights.us")]
    ),
    r!(
        "Application Insights",
        China,
        APP_INSIGHTS,
        ["https://api.applicationinsights.azure.cn"],
        [Exact("api.applicationinsights.azure.cn")]
    ),
    // Service Bus and Event Hubs share their hosts; each accepts its own audience.
    r!(
        "Azure Service Bus / Event Hubs",
        Global,
        "80369ed6-5f11-4dd9-bef3-692475845e77",
        ["https://servicebus.azure.net", "https://eventhubs.azure.net/"],
        [Suffix(".servicebus.windows.net")]
    ),
    r!(
        "Azure Service Bus / Event Hubs",
        UsGov,
        "80369ed6-5f11-4dd9-bef3-692475845e77",
        ["https://servicebus.azure.net", "https://eventhubs.azure.net/"],
        [Suffix(".servicebus.usgovcloudapi.net")]
    ),
    r!(
        "Azure Cosmos DB",
        Global,
        "a232010e-820c-4083-83bb-3ace5fc29d0b",
        ["https://cosmos.azure.com"],
        [Suffix(".documents.azure.com")]
    ),
    r!(
        "Azure Cosmos DB",
        UsGov,
        "57506a73-e302-42a9-b869-6f12d9ec29e9",
        ["https://cosmos.azure.com"],
        [Suffix(".documents.azure.us")]
    ),
    r!(
        "Azure AI services",
        Global,
        "7d312290-28c8-473c-a0ed-8e53749b6d6d",
        ["https://cognitiveservices.azure.com"],
        [Suffix(".cognitiveservices.azure.com"), Suffix(".openai.azure.com")]
    ),
    r!(
        "Microsoft Teams Services",
        Global,
        "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe",
        ["https://api.spaces.skype.com"],
        []
    ),
    r!("Skype for Business Online", Global, "00000004-0000-0ff1-ce00-000000000000", [], []),
    r!("Office 365 Management APIs", Global, "c5393580-f805-4401-95e8-94b7a6ef2fc2", [], []),
];

pub static AUTHORITIES: &[Authority] = &[
    Authority { host: "login.microsoftonline.com", cloud: Global },
    Authority { host: "login.windows.net", cloud: Global },
    Authority { host: "sts.windows.net", cloud: Global },
    Authority { host: "login.microsoftonline.us", cloud: UsGov },
    Authority { host: "login.partner.microsoftonline.cn", cloud: China },
    Authority { host: "login.chinacloudapi.cn", cloud: China },
    Authority { host: "sts.chinacloudapi.cn", cloud: China },
];
