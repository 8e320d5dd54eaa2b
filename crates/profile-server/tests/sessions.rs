//! Sessions done right: the `__Host-` cookie with `Secure` unless `--insecure-cookies`, two
//! session cookies refused, a session ends when its member is removed or changes tier or
//! password (in the database, so on every instance), a cap per member, expired sessions
//! swept.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use std::time::Duration;

use common::*;
use profile_server::store::NewMember;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::Value;

const BRIEFING: &str =
    "/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context";

/// The value of cookie `name` that a response sets, and the whole `Set-Cookie` line.
fn set_cookie(r: &reqwest::Response, name: &str) -> Option<(String, String)> {
    let line = header(r, "set-cookie")?.to_string();
    let value = line
        .strip_prefix(&format!("{name}="))?
        .split(';')
        .next()?
        .to_string();
    Some((value, line))
}

async fn get_with_cookie(s: &Server, path: &str, cookie: &str) -> reqwest::Response {
    let mut h = HeaderMap::new();
    h.insert("cookie", HeaderValue::from_str(cookie).unwrap());
    s.send(Method::GET, path, &Auth::None, h, None).await
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_secure() {
    let s = start_with(|c| c.insecure_cookies = false).await;
    let r = s.try_login(LEADER.0, LEADER.1).await;
    assert_eq!(r.status(), StatusCode::OK);
    let (id, line) = set_cookie(&r, "__Host-pv_session").expect("a __Host- cookie");
    for attr in ["; Path=/;", "; HttpOnly", "; SameSite=Lax", "; Secure"] {
        assert!(line.contains(attr), "{line}");
    }
    assert!(!line.to_lowercase().contains("domain="), "{line}");
    let ok = get_with_cookie(&s, "/api/auth/session", &format!("__Host-pv_session={id}")).await;
    assert_eq!(ok.status(), StatusCode::OK);
    // The unprefixed name, which any sibling could set, is not the session cookie here.
    let plain = get_with_cookie(&s, "/api/auth/session", &format!("pv_session={id}")).await;
    assert_eq!(plain.status(), StatusCode::UNAUTHORIZED);
    let out = s
        .send(
            Method::POST,
            "/api/auth/logout",
            &Auth::None,
            {
                let mut h = csrf();
                h.insert(
                    "cookie",
                    HeaderValue::from_str(&format!("__Host-pv_session={id}")).unwrap(),
                );
                h
            },
            None,
        )
        .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let (cleared, line) = set_cookie(&out, "__Host-pv_session").unwrap();
    assert!(cleared.is_empty() && line.contains("Max-Age=0") && line.contains("; Secure"));

    // Under a base path `__Host-` is not allowed (Path is not /): `__Secure-`.
    let s = start_with(|c| {
        c.insecure_cookies = false;
        c.base_path = "/viewer".into();
    })
    .await;
    let r = s
        .post(
            "/viewer/api/auth/login",
            &Auth::None,
            Some(serde_json::json!({"email": LEADER.0, "password": LEADER.1}).to_string()),
        )
        .await;
    let (_, line) = set_cookie(&r, "__Secure-pv_session").expect("a __Secure- cookie");
    assert!(
        line.contains("; Path=/viewer/;") && line.contains("; Secure"),
        "{line}"
    );
}

#[tokio::test]
async fn insecure_cookies_are_plain_for_http_development() {
    let s = start().await;
    let r = s.try_login(LEADER.0, LEADER.1).await;
    let (_, line) = set_cookie(&r, "pv_session").unwrap();
    assert!(!line.contains("Secure"), "{line}");
}

#[tokio::test]
async fn a_request_with_two_session_cookies_is_refused() {
    let s = start().await;
    let mine = s.login(LEADER).await;
    let planted = s.login(CIRCLE).await;
    for cookie in [
        format!("pv_session={planted}; pv_session={mine}"),
        format!("pv_session={mine}; other=1; pv_session={mine}"),
    ] {
        for path in ["/api/auth/session", BRIEFING] {
            let r = get_with_cookie(&s, path, &cookie).await;
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path} {cookie}");
            let v: Value = r.json().await.unwrap();
            assert_eq!(v["error"], "duplicate_session_cookie");
        }
    }
    // Two Cookie headers are the same as one with both.
    let mut h = HeaderMap::new();
    h.append(
        "cookie",
        HeaderValue::from_str(&format!("pv_session={planted}")).unwrap(),
    );
    h.append(
        "cookie",
        HeaderValue::from_str(&format!("pv_session={mine}")).unwrap(),
    );
    let r = s
        .send(Method::GET, "/api/auth/session", &Auth::None, h, None)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // One cookie is fine.
    let r = s.get_as("/api/auth/session", &Auth::Cookie(mine)).await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// A member's entry as the store holds it, changed by `edit` and put back (what
/// `profile-server members add` does for an existing e-mail).
async fn edit_member(s: &Server, email: &str, edit: impl Fn(&mut NewMember)) {
    let r = s.state.store.login_record(email).await.unwrap().unwrap();
    let mut m = NewMember {
        email: r.member.email,
        name: r.member.name,
        tier: r.member.tier,
        password_hash: r.password_hash,
    };
    edit(&mut m);
    s.state.store.put_member(&m).await.unwrap();
}

async fn signed_in(s: &Server, id: &str) -> bool {
    let r = s
        .get_as("/api/auth/session", &Auth::Cookie(id.into()))
        .await;
    r.status() == StatusCode::OK
}

#[tokio::test]
async fn removing_a_member_ends_their_sessions() {
    let s = start().await;
    let (circle, leader) = (s.login(CIRCLE).await, s.login(LEADER).await);
    let bearer = s.login_token(CIRCLE).await;
    assert!(s.state.store.remove_member(CIRCLE.0).await.unwrap());
    assert!(!signed_in(&s, &circle).await);
    let r = s.get_as(BRIEFING, &Auth::Bearer(bearer)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(signed_in(&s, &leader).await, "other members keep theirs");
}

#[tokio::test]
async fn a_new_password_ends_the_members_sessions() {
    let s = start().await;
    let (circle, leader) = (s.login(CIRCLE).await, s.login(LEADER).await);
    // Same password, new hash (a new salt): what `hash-password` gives for a reset.
    let rehashed = {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let argon = argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(8, 1, 1, None).unwrap(),
        );
        let salt = SaltString::encode_b64(b"another-salt-16b").unwrap();
        argon
            .hash_password(CIRCLE.1.as_bytes(), &salt)
            .unwrap()
            .to_string()
    };
    edit_member(&s, CIRCLE.0, |m| m.password_hash = rehashed.clone()).await;
    assert!(!signed_in(&s, &circle).await);
    assert!(signed_in(&s, &leader).await);
    // The member signs in again with the (new) password.
    assert!(signed_in(&s, &s.login(CIRCLE).await).await);
}

#[tokio::test]
async fn a_new_tier_ends_the_members_sessions() {
    let s = start().await;
    let (circle, leader) = (s.login(CIRCLE).await, s.login(LEADER).await);
    assert!(s
        .state
        .store
        .set_tier(LEADER.0, "strategy-circle")
        .await
        .unwrap());
    assert!(!signed_in(&s, &leader).await);
    assert!(signed_in(&s, &circle).await);
    // A new sign-in carries the new tier.
    let again = s.login(LEADER).await;
    let r = s.get_as("/api/auth/session", &Auth::Cookie(again)).await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["member"]["tier"],
        "strategy-circle"
    );
}

#[tokio::test]
async fn each_member_has_at_most_the_cap_of_sessions() {
    let s = start_with(|c| c.max_sessions_per_member = 2).await;
    let first = s.login(CIRCLE).await;
    let second = s.login(CIRCLE).await;
    let leader = s.login(LEADER).await;
    let third = s.login(CIRCLE).await;
    assert!(!signed_in(&s, &first).await, "the oldest ended");
    assert!(signed_in(&s, &second).await);
    assert!(signed_in(&s, &third).await);
    assert!(
        signed_in(&s, &leader).await,
        "another member's count is their own"
    );
}

#[tokio::test]
async fn expired_sessions_are_swept() {
    let s = start_with(|c| c.session_ttl = Duration::from_millis(100)).await;
    let a = s.login(CIRCLE).await;
    s.login(LEADER).await;
    assert_eq!(s.state.store.session_count().await.unwrap(), 2);
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(s.state.store.sweep().await.unwrap(), 2);
    assert_eq!(s.state.store.session_count().await.unwrap(), 0);
    assert!(!signed_in(&s, &a).await);
}
