//! Login, sessions, logout, expiry, the rate limit, and the real demo members file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use std::time::Duration;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Status, body and headers except the date: what a client can compare.
async fn observable(r: reqwest::Response) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let mut headers: Vec<(String, String)> = r
        .headers()
        .iter()
        .filter(|(k, _)| k.as_str() != "date")
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_string()))
        .collect();
    headers.sort();
    (r.status(), headers, r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn unknown_email_and_wrong_password_answer_identically() {
    let s = start().await;
    let wrong_password = observable(s.try_login(CIRCLE.0, "not-the-password").await).await;
    let unknown_email = observable(s.try_login("nobody@example.com", CIRCLE.1).await).await;
    assert_eq!(wrong_password.0, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.2, br#"{"error":"invalid_credentials"}"#);
    assert_eq!(wrong_password, unknown_email);
    assert!(!wrong_password.1.iter().any(|(k, _)| k == "set-cookie"));
}

#[tokio::test]
async fn login_sets_a_strict_cookie_and_returns_the_member_without_token() {
    let s = start().await;
    let r = s.try_login("Circle@Example.com", CIRCLE.1).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = header(&r, "set-cookie").unwrap().to_string();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=28800"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http: no Secure flag: {cookie}"
    );
    let id = session_cookie(&r).unwrap();
    assert_eq!(id.len(), 64, "256 random bits, hex");
    assert_eq!(header(&r, "cache-control"), Some("private, no-store"));
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v,
        json!({"member": {"name": "Casey Circle", "email": "circle@example.com", "tier": "strategy-circle"}})
    );

    let r = s.get_as("/api/auth/session", &Auth::Cookie(id)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap()["member"]["tier"],
        "strategy-circle"
    );
    let r = s.get("/api/auth/session").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "login_required"})
    );
}

#[tokio::test]
async fn token_only_when_asked_and_usable_as_bearer() {
    let s = start().await;
    let token = s.login_token(LEADER).await;
    assert_eq!(token.len(), 64);
    let r = s.get_as("/api/auth/session", &Auth::Bearer(token)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = s.try_login(LEADER.0, LEADER.1).await;
    assert!(r.json::<Value>().await.unwrap().get("token").is_none());
}

#[tokio::test]
async fn logout_revokes_cookie_and_bearer_on_the_server() {
    let s = start().await;
    let cookie = Auth::Cookie(s.login(CIRCLE).await);
    let token = s.login_token(CIRCLE).await;
    let bearer = Auth::Bearer(token);
    for auth in [&cookie, &bearer] {
        assert_eq!(
            s.get_as("/api/auth/session", auth).await.status(),
            StatusCode::OK
        );
        let r = s.post("/api/auth/logout", auth, None).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert!(header(&r, "set-cookie").unwrap().contains("Max-Age=0"));
        // The old credential is dead even though the client still has it.
        assert_eq!(
            s.get_as("/api/auth/session", auth).await.status(),
            StatusCode::UNAUTHORIZED
        );
        let r = s.get_as("/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context", auth).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Logging out without a session is fine.
    assert_eq!(
        s.post("/api/auth/logout", &Auth::None, None).await.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn an_expired_session_gets_401() {
    let s = start_with(|c| c.session_ttl = Duration::from_secs(1)).await;
    let cookie = Auth::Cookie(s.login(LEADER).await);
    assert_eq!(
        s.get_as("/api/auth/session", &cookie).await.status(),
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(
        s.get_as("/api/auth/session", &cookie).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = s
        .get_as(
            "/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context",
            &cookie,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn account_rate_limit_trips_and_recovers() {
    let s = start_with(|c| {
        c.login_limit = 3;
        c.login_window = Duration::from_secs(2);
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            s.try_login(CIRCLE.0, "wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // Over the limit: even the right password is refused, with Retry-After.
    let r = s.try_login(CIRCLE.0, CIRCLE.1).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = header(&r, "retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "rate_limited");
    // Other accounts are not locked out by it.
    assert_eq!(
        s.try_login(LEADER.0, LEADER.1).await.status(),
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        s.try_login(CIRCLE.0, CIRCLE.1).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn parallel_attempts_cannot_slip_past_the_limit() {
    let s = start_with(|c| c.login_limit = 3).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let request = s
            .client
            .post(s.url("/api/auth/login"))
            .header("x-profile-viewer", "1")
            .body(json!({"email": CIRCLE.0, "password": "wrong"}).to_string());
        tasks.spawn(async move { request.send().await.unwrap().status() });
    }
    let statuses = tasks.join_all().await;
    let unauthorized = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((unauthorized, limited), (3, 7), "{statuses:?}");
}

#[tokio::test]
async fn ip_rate_limit_trips_across_accounts() {
    let s = start_with(|c| {
        c.login_ip_limit = 4;
        c.login_window = Duration::from_secs(2);
    })
    .await;
    for i in 0..4 {
        let r = s.try_login(&format!("nobody{i}@example.com"), "x").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = s.try_login(LEADER.0, LEADER.1).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(header(&r, "retry-after").is_some());
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        s.try_login(LEADER.0, LEADER.1).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn malformed_login_is_400_json() {
    let s = start().await;
    for body in ["", "{", r#"{"email":"a"}"#, "[]"] {
        let r = s
            .post("/api/auth/login", &Auth::None, Some(body.into()))
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body:?}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"], "bad_request");
    }
}

#[tokio::test]
async fn the_real_demo_members_log_in() {
    // content/members.json, with its real (expensive) hashes, exactly as documented.
    let dir = content_dir();
    std::fs::copy(
        workspace().join("content/members.json"),
        dir.path().join("members.json"),
    )
    .unwrap();
    let s = start_in(dir, |_| {}).await;
    for ((email, password), name, tier) in [
        (CIRCLE, "Casey Circle", "strategy-circle"),
        (LEADER, "Lee Leader", "leadership-alliance"),
    ] {
        let r = s.try_login(email, password).await;
        assert_eq!(r.status(), StatusCode::OK, "{email}");
        assert_eq!(
            r.json::<Value>().await.unwrap(),
            json!({"member": {"name": name, "email": email, "tier": tier}})
        );
    }
    assert_eq!(
        s.try_login(CIRCLE.0, LEADER.1).await.status(),
        StatusCode::UNAUTHORIZED
    );
}
