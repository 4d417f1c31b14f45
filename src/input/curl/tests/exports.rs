//! cURL reader tests: commands as tools write them.

use super::*;

#[test]
fn postman_export() {
    let r = req(concat!(
        "curl --location 'https://api.example.com/oauth/token' \\\n",
        "--header 'Content-Type: application/x-www-form-urlencoded' \\\n",
        "--header 'Authorization: Basic ZmFrZWlkOmZha2VzZWNyZXQ=' \\\n",
        "--data-urlencode 'grant_type=client_credentials' \\\n",
        "--data-urlencode 'scope=api://fake-app/.default'",
    ));
    assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://api.example.com/oauth/token"));
    assert_eq!(header(&r, "authorization"), Some("Basic ZmFrZWlkOmZha2VzZWNyZXQ="));
    let body = "grant_type=client_credentials&scope=api%3A%2F%2Ffake-app%2F.default";
    assert_eq!(raw(&r), (body, Some("application/x-www-form-urlencoded")));
    assert_eq!(r.headers.len(), 2);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let r = req(concat!(
        "curl --location 'https://api.example.com/upload' \\\n",
        "--header 'Authorization: Bearer fake.jwt.token' \\\n",
        "--form 'file=@\"/C:/Users/fake/report.pdf\"' \\\n",
        "--form 'title=\"Q1\"'",
    ));
    let fields = vec![("file".to_string(), "@/C:/Users/fake/report.pdf".to_string()), ("title".into(), "Q1".into())];
    assert_eq!(r.body, PlainBody::Multipart(fields));
}

#[test]
fn chrome_bash_export() {
    let r = req(concat!(
        "curl 'https://graph.example.com/v1.0/me/messages?$top=5' \\\n",
        "  -H 'accept: application/json' \\\n",
        "  -H 'authorization: Bearer eyFAKE.eyFAKE.FAKESIG' \\\n",
        "  -H 'content-type: application/json' \\\n",
        "  -b 'session=fake; theme=dark' \\\n",
        "  --data-raw $'{\"note\":\"it\\'s fine\",\"n\":\"a\\\\nb\",\"bang\":\"\\u0021\"}' \\\n",
        "  --compressed ;\n",
        "curl 'https://graph.example.com/second' --compressed",
    ));
    assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://graph.example.com/v1.0/me/messages?$top=5"));
    assert_eq!(raw(&r), (r#"{"note":"it's fine","n":"a\nb","bang":"!"}"#, Some("application/json")));
    let names: Vec<_> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["accept", "authorization", "content-type", "Cookie"]);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn chrome_cmd_export() {
    let r = req(concat!(
        "curl ^\"https://contoso.example/api/items?top=10^&skip=0^\" ^\r\n",
        "  -H ^\"accept: application/json^\" ^\r\n",
        "  -H ^\"authorization: Bearer FAKE-TOKEN^\" ^\r\n",
        "  -H ^\"content-type: application/json^\" ^\r\n",
        "  --data-raw ^\"^{^\\^\"name^\\^\":^\\^\"Fake item^\\^\",^\\^\"size^\\^\":^\\^\"100^%^\\^\"^}^\" ^\r\n",
        "  --compressed\r\n",
    ));
    assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://contoso.example/api/items?top=10&skip=0"));
    assert_eq!(header(&r, "authorization"), Some("Bearer FAKE-TOKEN"));
    assert_eq!(raw(&r), (r#"{"name":"Fake item","size":"100%"}"#, Some("application/json")));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn microsoft_docs_example() {
    let r = req(concat!(
        "curl -X POST -H \"Content-Type: application/x-www-form-urlencoded\" -d ",
        "\"client_id=00000000-0000-0000-0000-000000000000&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
        "&client_secret=FAKE~secret&grant_type=client_credentials\" ",
        "'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token'",
    ));
    assert_eq!(
        (r.method.as_str(), r.url.as_str()),
        ("POST", "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
    );
    let (text, content_type) = raw(&r);
    assert!(text.starts_with("client_id=0000") && text.ends_with("grant_type=client_credentials"), "{text}");
    assert!(text.contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&"), "{text}");
    assert_eq!(content_type, Some("application/x-www-form-urlencoded"));
    assert_eq!(r.headers.len(), 1);
}
