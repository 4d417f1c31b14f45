use super::paths::{glob, normalize, segments};
use super::*;

fn segs(p: &str) -> Vec<String> {
    segments(&normalize(p))
}

#[test]
fn paths_are_normalized() {
    assert_eq!(normalize("/drives/x/root:/a/b.txt:/content"), "/drives/x/root:{}/content");
    assert_eq!(normalize("/sites/contoso.sharepoint.com:/sites/hr:"), "/sites/contoso.sharepoint.com:{}");
    assert_eq!(normalize("/sites/contoso.sharepoint.com:/sites/hr:/lists"), "/sites/contoso.sharepoint.com:{}/lists");
    assert_eq!(normalize("/drives/{id}/root:/{id}:/content"), "/drives/{id}/root:{}/content");
    assert_eq!(normalize("/me/drive/root%3A/x.txt%3A/content"), "/me/drive/root:{}/content");
    assert_eq!(segs("/users/delta()"), ["users", "delta"]);
    assert_eq!(segs("/users/"), ["users"]);
}

#[test]
fn segments_glob() {
    assert_eq!(glob("users", "Users"), Some(5));
    assert_eq!(glob("{id}", "x"), Some(0));
    assert_eq!(glob("{id}", ""), None);
    assert_eq!(glob("servicePrincipals(appId='{id}')", "servicePrincipals(appId='abc')"), Some(27));
    assert_eq!(glob("servicePrincipals(appId='{id}')", "servicePrincipals(appId='')"), None);
    assert_eq!(glob("get(period='{id}',x='{id}')", "get(period='D7',x='1')"), Some(19));
    assert_eq!(glob("get(period='{id}',x='{id}')", "get(period='D7',x='')"), None);
    assert_eq!(glob("users", "groups"), None);
}

#[test]
fn the_most_specific_operation_wins() {
    let t = tables();
    assert_eq!(t.graph_operation("GET", "/users").unwrap().name, "List users");
    assert_eq!(t.graph_operation("get", "/users/a@b.c").unwrap().name, "Get a user");
    assert_eq!(t.graph_operation("GET", "/users/delta()").unwrap().name.to_lowercase(), "user: delta");
    assert!(t.graph_operation("GET", "/users/x/nothingHere").is_none());
    assert!(t.graph_operation("TRACE", "/users").is_none());
}
