use base64::Engine;

use super::*;

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

fn token(claims: serde_json::Value) -> String {
    format!("{}.{}.c2lnbmF0dXJl", b64(&serde_json::json!({"alg": "RS256", "typ": "JWT"})), b64(&claims))
}

#[test]
fn decodes_a_token_and_its_claims() {
    let t = token(
        serde_json::json!({"aud": ["https://graph.microsoft.com", "x"], "scp": "User.Read Mail.Send", "appid": "a", "appidacr": "1", "exp": 100, "iat": 10.0}),
    );
    let j = inspect(&t);
    assert_eq!(j.kind, Kind::Jws);
    assert!(j.problems.is_empty(), "{:?}", j.problems);
    assert_eq!(j.alg(), Some("RS256"));
    let c = j.claims().unwrap();
    assert_eq!(c.aud(), ["https://graph.microsoft.com", "x"]);
    assert_eq!(c.scp(), ["User.Read", "Mail.Send"]);
    assert_eq!(c.client_auth(), Some("1"));
    assert_eq!((c.time("exp"), c.time("iat")), (Some(100), Some(10)));
    assert!(!c.is_app_only() && !c.is_id_token());
}

#[test]
fn opaque_tokens_are_not_errors() {
    for t in ["ya29.a0AfH6SMBx", "0123456789abcdef0123456789abcdef", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"] {
        let j = inspect(t);
        assert_eq!(j.kind, Kind::Opaque, "{t}");
        assert!(j.problems.is_empty());
    }
}

#[test]
fn points_at_the_first_bad_character_and_its_segment() {
    let t = token(serde_json::json!({"aud": "x"}));
    let dot = t.find('.').unwrap();
    let bad = format!("{}*{}", &t[..dot + 3], &t[dot + 4..]);
    let j = inspect(&bad);
    assert_eq!(j.problems.len(), 1, "{:?}", j.problems);
    assert_eq!(j.problems[0].range, dot + 3..dot + 4);
    assert!(j.problems[0].message.contains("payload"), "{}", j.problems[0].message);
    let plus = format!("{}+{}", &t[..dot + 3], &t[dot + 4..]);
    assert!(inspect(&plus).problems[0].message.contains("standard base64"));
}

#[test]
fn says_when_a_token_looks_cut_short() {
    let t = token(serde_json::json!({"aud": "https://graph.microsoft.com", "exp": 1}));
    let two = &t[..t.rfind('.').unwrap()];
    assert!(inspect(two).problems.iter().any(|p| p.truncated && p.message.contains("2 segments")));
    let cut = &t[..t.rfind('.').unwrap() - 5];
    assert!(inspect(cut).problems.iter().any(|p| p.truncated), "{:?}", inspect(cut).problems);
    let ell = format!("{}…", &t[..40]);
    assert!(inspect(&ell).problems.iter().any(|p| p.truncated && p.message.contains("ellipsis")));
    let no_sig = format!("{}.", &t[..t.rfind('.').unwrap()]);
    assert!(inspect(&no_sig).problems.iter().any(|p| p.truncated && p.message.contains("signature")));
}

#[test]
fn recognises_jwe_alg_none_and_padding() {
    let jwe = format!("{}.a.b.c.d", b64(&serde_json::json!({"alg": "RSA-OAEP", "enc": "A256GCM"})));
    let j = inspect(&jwe);
    assert_eq!(j.kind, Kind::Jwe);
    assert_eq!(j.header.unwrap()["enc"], "A256GCM");
    let none = format!("{}.{}.", b64(&serde_json::json!({"alg": "none"})), b64(&serde_json::json!({"aud": "x"})));
    let j = inspect(&none);
    assert!(j.problems.is_empty(), "{:?}", j.problems);
    assert_eq!(j.alg(), Some("none"));
    let padded = format!("{}=.{}.c2ln", b64(&serde_json::json!({"alg": "RS256"})), b64(&serde_json::json!({"a": 1})));
    assert!(inspect(&padded).padded);
}

#[test]
fn id_tokens_and_app_only_tokens() {
    let id = serde_json::json!({"aud": "6731de76-14a6-49ae-97bc-6eba6914391e", "nonce": "abc", "preferred_username": "a@b.c"});
    assert!(inspect(&token(id)).claims().unwrap().is_id_token());
    let id_v1 = serde_json::json!({"aud": "6731de76-14a6-49ae-97bc-6eba6914391e", "upn": "a@b.c", "amr": ["pwd"]});
    assert!(inspect(&token(id_v1)).claims().unwrap().is_id_token());
    let app = serde_json::json!({"aud": "https://graph.microsoft.com", "appid": "x", "roles": ["User.Read.All"], "idtyp": "app"});
    let j = inspect(&token(app));
    let c = j.claims().unwrap();
    assert!(c.is_app_only() && !c.is_id_token());
    let v2_app =
        serde_json::json!({"aud": "00000003-0000-0000-c000-000000000000", "azp": "x", "azpacr": "2", "roles": []});
    assert!(inspect(&token(v2_app)).claims().unwrap().is_app_only());
}

#[test]
fn non_numeric_times_are_reported() {
    let j = inspect(&token(serde_json::json!({"exp": "soon"})));
    assert!(j.problems.iter().any(|p| p.message.contains("exp")));
}
