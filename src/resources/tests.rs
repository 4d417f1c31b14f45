use super::*;

fn mismatch(aud: &str, host: &str) -> bool {
    matches!(check_audience(aud, host), AudienceMatch::Mismatch { .. })
}

#[test]
fn hosts_map_to_resources() {
    assert_eq!(by_host("graph.microsoft.com").unwrap().name, "Microsoft Graph");
    assert_eq!(by_host("Contoso.SharePoint.com").unwrap().name, "SharePoint Online");
    assert_eq!(by_host("org.api.crm4.dynamics.com").unwrap().name, "Dataverse");
    assert!(by_host("sharepoint.com.evil.test").is_none());
    assert!(by_host("api.example.com").is_none());
}

#[test]
fn every_row_has_a_guid_and_a_way_to_be_named() {
    for r in RESOURCES {
        assert!(is_guid(r.app_id), "{}: {}", r.name, r.app_id);
        for a in r.audiences {
            assert!(a.starts_with("https://"), "{}: {a}", r.name);
        }
    }
    assert!(RESOURCES.len() >= 40);
}

#[test]
fn trailing_slash_and_guid_forms_match() {
    for aud in [
        "https://graph.microsoft.com",
        "https://graph.microsoft.com/",
        "00000003-0000-0000-c000-000000000000",
        "https://graph.microsoft.com/.default",
    ] {
        assert_eq!(check_audience(aud, "graph.microsoft.com"), AudienceMatch::Match, "{aud}");
    }
    for aud in [
        "https://management.core.windows.net/",
        "https://management.core.windows.net",
        "https://management.azure.com/",
        "https://management.azure.com",
    ] {
        assert_eq!(check_audience(aud, "management.azure.com"), AudienceMatch::Match, "{aud}");
    }
}

#[test]
fn another_resource_is_a_mismatch() {
    assert!(mismatch("https://graph.microsoft.com", "contoso.sharepoint.com"));
    assert!(mismatch("https://management.azure.com/", "myvault.vault.azure.net"));
    assert!(mismatch("https://vault.azure.net", "management.azure.com"));
    let AudienceMatch::Mismatch { token_for, request_to, expected } =
        check_audience("https://graph.microsoft.com", "contoso-my.sharepoint.com")
    else {
        panic!()
    };
    assert_eq!(token_for, "Microsoft Graph");
    assert_eq!(request_to, "SharePoint Online of the tenant \"contoso\"");
    assert_eq!(expected, "https://contoso.sharepoint.com");
}

#[test]
fn sharepoint_is_per_tenant() {
    assert_eq!(check_audience("https://contoso.sharepoint.com", "contoso.sharepoint.com"), AudienceMatch::Match);
    assert_eq!(check_audience("https://contoso.sharepoint.com/", "contoso-my.sharepoint.com"), AudienceMatch::Match);
    assert_eq!(check_audience("https://contoso-admin.sharepoint.com", "contoso.sharepoint.com"), AudienceMatch::Match);
    assert_eq!(check_audience("00000003-0000-0ff1-ce00-000000000000", "fabrikam.sharepoint.com"), AudienceMatch::Match);
    assert!(mismatch("https://fabrikam.sharepoint.com", "contoso.sharepoint.com"));
}

#[test]
fn dataverse_api_host_and_org() {
    assert_eq!(check_audience("https://org.crm4.dynamics.com", "org.api.crm4.dynamics.com"), AudienceMatch::Match);
    assert_eq!(check_audience("https://org.crm4.dynamics.com/", "org.crm4.dynamics.com"), AudienceMatch::Match);
    assert!(mismatch("https://other.crm4.dynamics.com", "org.api.crm4.dynamics.com"));
    assert!(mismatch("https://org.crm.dynamics.com", "org.api.crm4.dynamics.com"));
}

#[test]
fn storage_accepts_the_generic_or_its_own_account() {
    assert_eq!(check_audience("https://storage.azure.com/", "acct.blob.core.windows.net"), AudienceMatch::Match);
    assert_eq!(
        check_audience("https://acct.blob.core.windows.net", "acct.blob.core.windows.net"),
        AudienceMatch::Match
    );
    assert!(mismatch("https://other.blob.core.windows.net", "acct.blob.core.windows.net"));
    // An account's audience serves that account and that service only (BlobAudience, docs/research).
    assert!(mismatch("https://acct.blob.core.windows.net", "acct.queue.core.windows.net"));
    assert!(mismatch("https://acct.blob.core.windows.net", "acct.file.core.windows.net"));
    // The generic audience serves every account and service, with or without its slash.
    assert_eq!(check_audience("https://storage.azure.com", "acct.queue.core.windows.net"), AudienceMatch::Match);
}

#[test]
fn each_resource_accepts_its_documented_forms() {
    // ARM's own error lists exactly these four (go-azure-helpers#51).
    for aud in [
        "https://management.core.windows.net/",
        "https://management.core.windows.net",
        "https://management.azure.com/",
        "https://management.azure.com",
    ] {
        assert_eq!(check_audience(aud, "management.azure.com"), AudienceMatch::Match, "{aud}");
    }
    // SQL, Dataverse, SharePoint, Log Analytics, Power BI, Event Hubs, Service Bus, Cosmos DB: the
    // documented form and the app ID where known; other resources' tokens are refused.
    for (aud, host) in [
        ("https://database.windows.net/", "srv.database.windows.net"),
        ("https://org.crm4.dynamics.com", "org.api.crm4.dynamics.com"),
        ("https://contoso.sharepoint.com", "contoso.sharepoint.com"),
        ("https://api.loganalytics.io", "api.loganalytics.io"),
        ("https://analysis.windows.net/powerbi/api", "api.powerbi.com"),
    ] {
        assert_eq!(check_audience(aud, host), AudienceMatch::Match, "{aud} → {host}");
        assert!(mismatch("https://management.azure.com/", host), "an ARM token → {host}");
    }
    assert!(mismatch("https://org.crm4.dynamics.com", "other.api.crm4.dynamics.com"));
    assert!(mismatch("https://fabrikam.sharepoint.com", "contoso.sharepoint.com"));
}

#[test]
fn key_vault_flow_and_sovereign_clouds() {
    assert_eq!(check_audience("https://vault.azure.net", "kv-prod.vault.azure.net"), AudienceMatch::Match);
    assert_eq!(check_audience("https://service.flow.microsoft.com/", "api.flow.microsoft.com"), AudienceMatch::Match);
    assert!(mismatch("https://graph.microsoft.us", "graph.microsoft.com"));
    assert!(mismatch("https://graph.microsoft.com", "graph.microsoft.us"));
    assert!(mismatch("https://vault.azure.net", "kv.vault.usgovcloudapi.net"));
    assert_eq!(
        check_audience("https://management.core.usgovcloudapi.net/", "management.usgovcloudapi.net"),
        AudienceMatch::Match
    );
}

#[test]
fn resources_of_the_config_file_are_judged_too() {
    let text = "[[resources]]\nname = \"Orders\"\naudiences = [\"api://orders\"]\nhosts = [\"orders.contoso.com\"]\n";
    let c = crate::config::parse(&crate::source::SourceFile::from_text("a.toml", text)).unwrap().resources;
    assert_eq!(check_audience_with("api://orders/", "orders.contoso.com", &c), AudienceMatch::Match);
    assert!(matches!(
        check_audience_with("https://graph.microsoft.com", "orders.contoso.com", &c),
        AudienceMatch::Mismatch { .. }
    ));
    assert!(matches!(check_audience_with("api://orders", "graph.microsoft.com", &c), AudienceMatch::Mismatch { .. }));
    assert_eq!(check_audience_with("api://something-else", "orders.contoso.com", &c), AudienceMatch::Unknown);
    assert_eq!(check_audience_with("api://orders", "api.example.com", &c), AudienceMatch::Unknown);
}

#[test]
fn unknown_audiences_and_hosts_are_never_errors() {
    assert_eq!(check_audience("api://contoso-orders", "graph.microsoft.com"), AudienceMatch::Unknown);
    assert_eq!(check_audience("6f1c2b3a-0000-4000-8000-000000000abc", "graph.microsoft.com"), AudienceMatch::Unknown);
    assert_eq!(check_audience("https://graph.microsoft.com", "api.example.com"), AudienceMatch::Unknown);
}

#[test]
fn key_vault_accepts_its_audience_exactly() {
    // Accepted: the audience as documented, its app ID, a v2 scope of it.
    assert_eq!(check_audience("https://vault.azure.net", "kv-prod.vault.azure.net"), AudienceMatch::Match);
    assert_eq!(check_audience("cfa8b339-82a2-471a-a3c9-0fc0be7a4093", "kv-prod.vault.azure.net"), AudienceMatch::Match);
    assert_eq!(check_audience("https://vault.azure.net/.default", "kv-prod.vault.azure.net"), AudienceMatch::Match);
    // Refused: the vault's own URL (with or without a slash), the audience with a trailing slash.
    for aud in ["https://kv-prod.vault.azure.net", "https://kv-prod.vault.azure.net/", "https://vault.azure.net/"] {
        match check_audience(aud, "kv-prod.vault.azure.net") {
            AudienceMatch::Mismatch { expected, token_for, request_to } => {
                assert_eq!(expected, "https://vault.azure.net", "{aud}");
                assert!(request_to.contains("accepts only https://vault.azure.net exactly"), "{request_to}");
                assert!(!token_for.contains(aud), "the audience is shown beside it: {token_for}");
            }
            other => panic!("{aud}: {other:?}"),
        }
    }
    // Another vault's URL too, and the sovereign clouds keep their own exact form.
    assert!(mismatch("https://other.vault.azure.net", "kv-prod.vault.azure.net"));
    assert!(mismatch("https://vault.usgovcloudapi.net/", "kv.vault.usgovcloudapi.net"));
    assert_eq!(check_audience("https://vault.usgovcloudapi.net", "kv.vault.usgovcloudapi.net"), AudienceMatch::Match);
    // The app ID with `spn:` before it (AKV10022, argocd-vault-plugin#621); not for another resource.
    assert!(mismatch("spn:cfa8b339-82a2-471a-a3c9-0fc0be7a4093", "kv-prod.vault.azure.net"));
    assert_eq!(
        check_audience("spn:00000003-0000-0000-c000-000000000000", "kv-prod.vault.azure.net"),
        AudienceMatch::Unknown
    );
    // A custom audience is no judgement, as for every resource.
    assert_eq!(check_audience("api://contoso-orders", "kv-prod.vault.azure.net"), AudienceMatch::Unknown);
}
