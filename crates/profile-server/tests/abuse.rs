//! Login flooding: the bound on password checks at once, limiter keys per client address
//! (X-Forwarded-For only from a trusted proxy, IPv6 per /64), the global failure budget.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use reqwest::header::HeaderValue;
use reqwest::StatusCode;

async fn login_from(s: &Server, forwarded_for: &str, email: &str, password: &str) -> StatusCode {
    let mut h = csrf();
    h.insert(
        "x-forwarded-for",
        HeaderValue::from_str(forwarded_for).unwrap(),
    );
    let body = serde_json::json!({"email": email, "password": password}).to_string();
    s.send(
        reqwest::Method::POST,
        "/api/auth/login",
        &Auth::None,
        h,
        Some(body),
    )
    .await
    .status()
}

#[tokio::test]
async fn logins_beyond_the_password_check_bound_get_503_before_any_hashing() {
    let s = start_with(|c| {
        c.max_password_checks = 2;
        c.login_limit = 3;
    })
    .await;
    // The test holds every slot, as two slow checks would.
    let held = s
        .state
        .password_checks
        .slots()
        .acquire_many_owned(2)
        .await
        .unwrap();
    for _ in 0..6 {
        let r = s.try_login(CIRCLE.0, "wrong").await;
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(header(&r, "retry-after"), Some("1"));
        assert_eq!(header(&r, "cache-control"), Some("private, no-store"));
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"], "busy");
    }
    drop(held);
    // Nothing was counted against the account while refused (its limit is 3).
    s.login(CIRCLE).await;
}

#[tokio::test]
async fn forwarded_for_is_the_client_only_behind_a_trusted_proxy() {
    // Untrusted: every request is the loopback peer, whatever the header claims.
    let s = start_with(|c| c.login_ip_limit = 2).await;
    for n in 0..2 {
        let ip = format!("203.0.113.{n}");
        assert_eq!(
            login_from(&s, &ip, &format!("{n}@x"), "p").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login_from(&s, "198.51.100.1", "z@x", "p").await,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Trusted loopback proxy: each forwarded client has its own limit.
    let s = start_with(|c| {
        c.login_ip_limit = 2;
        c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    for n in 0..2 {
        let status = login_from(&s, "203.0.113.1", &format!("{n}@x"), "p").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        login_from(&s, "203.0.113.1", "z@x", "p").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A client-written entry to the left changes nothing.
    assert_eq!(
        login_from(&s, "192.0.2.9, 203.0.113.1", "z@x", "p").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login_from(&s, "203.0.113.2", "z@x", "p").await,
        StatusCode::UNAUTHORIZED
    );

    // IPv6: one /64 is one client.
    for host in ["2001:db8:0:1::1", "2001:db8:0:1::2"] {
        assert_eq!(
            login_from(&s, host, "v6@x", "p").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login_from(&s, "2001:db8:0:1:ffff::3", "v6@x", "p").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login_from(&s, "2001:db8:0:2::1", "v6b@x", "p").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_global_failure_budget_stops_a_spray_of_accounts_and_addresses() {
    let s = start_with(|c| {
        c.login_global_limit = 5;
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    for n in 0..5 {
        let status = login_from(&s, &format!("203.0.113.{n}"), &format!("r{n}@x"), "p").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let mut h = csrf();
    h.insert("x-forwarded-for", HeaderValue::from_static("198.51.100.7"));
    let body = serde_json::json!({"email": "fresh@x", "password": "p"}).to_string();
    let r = s
        .send(
            reqwest::Method::POST,
            "/api/auth/login",
            &Auth::None,
            h,
            Some(body),
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(header(&r, "retry-after").is_some());
}
