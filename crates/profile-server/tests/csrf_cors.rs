//! CSRF defence for state-changing requests and CORS for allow-listed origins only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const ALLOWED: &str = "https://news.example";
const FOREIGN: &str = "https://evil.example";

async fn server() -> Server {
    start_with(|c| c.allow_origins = vec![ALLOWED.into()]).await
}

fn login_body() -> Option<String> {
    Some(json!({"email": CIRCLE.0, "password": CIRCLE.1}).to_string())
}

fn with_origin(mut h: HeaderMap, origin: &str) -> HeaderMap {
    h.insert("origin", HeaderValue::from_str(origin).unwrap());
    h
}

fn cors_headers(r: &reqwest::Response) -> Vec<String> {
    r.headers()
        .keys()
        .map(|k| k.to_string())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

#[tokio::test]
async fn state_changing_requests_without_the_header_are_403() {
    let s = server().await;
    let token = s.login_token(CIRCLE).await;
    for (path, body) in [
        ("/api/auth/login", login_body()),
        ("/api/auth/logout", None),
    ] {
        let r = s
            .send(
                Method::POST,
                path,
                &Auth::Bearer(token.clone()),
                HeaderMap::new(),
                body.clone(),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(session_cookie(&r).is_none());
        assert_eq!(r.json::<Value>().await.unwrap()["error"], "csrf");
        let mut wrong = HeaderMap::new();
        wrong.insert("x-profile-viewer", HeaderValue::from_static("yes"));
        let r = s.send(Method::POST, path, &Auth::None, wrong, body).await;
        assert_eq!(
            r.status(),
            StatusCode::FORBIDDEN,
            "{path}: the value must be 1"
        );
    }
    // The refused logout did not revoke anything.
    assert_eq!(
        s.get_as("/api/auth/session", &Auth::Bearer(token))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn foreign_origin_is_403_without_cors_headers() {
    let s = server().await;
    let r = s
        .send(
            Method::POST,
            "/api/auth/login",
            &Auth::None,
            with_origin(csrf(), FOREIGN),
            login_body(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(cors_headers(&r).is_empty(), "{:?}", cors_headers(&r));
    assert!(session_cookie(&r).is_none());
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "origin_not_allowed"
    );
    // Its preflight is refused, and reads get no CORS headers either.
    let mut h = with_origin(HeaderMap::new(), FOREIGN);
    h.insert(
        "access-control-request-method",
        HeaderValue::from_static("POST"),
    );
    let r = s
        .send(Method::OPTIONS, "/api/auth/login", &Auth::None, h, None)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(cors_headers(&r).is_empty());
    let r = s
        .send(
            Method::GET,
            "/api/profiles",
            &Auth::None,
            with_origin(HeaderMap::new(), FOREIGN),
            None,
        )
        .await;
    assert!(cors_headers(&r).is_empty());
    // "null" (sandboxed frames, file:) is not an allowed origin.
    let r = s
        .send(
            Method::POST,
            "/api/auth/logout",
            &Auth::None,
            with_origin(csrf(), "null"),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn allowed_origin_works_with_credentials() {
    let s = server().await;
    let mut h = with_origin(HeaderMap::new(), ALLOWED);
    h.insert(
        "access-control-request-method",
        HeaderValue::from_static("POST"),
    );
    h.insert(
        "access-control-request-headers",
        HeaderValue::from_static("content-type, x-profile-viewer"),
    );
    let r = s
        .send(Method::OPTIONS, "/api/auth/login", &Auth::None, h, None)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&r, "access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(header(&r, "access-control-allow-credentials"), Some("true"));
    let allow = header(&r, "access-control-allow-headers").unwrap();
    for name in ["content-type", "x-profile-viewer", "authorization"] {
        assert!(allow.contains(name), "{allow}");
    }
    assert!(header(&r, "access-control-allow-methods")
        .unwrap()
        .contains("POST"));

    let r = s
        .send(
            Method::POST,
            "/api/auth/login",
            &Auth::None,
            with_origin(csrf(), ALLOWED),
            login_body(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(header(&r, "access-control-allow-credentials"), Some("true"));
    assert!(header(&r, "vary").is_some_and(|v| v.contains("origin")));
    let cookie = Auth::Cookie(session_cookie(&r).unwrap());

    let r = s
        .send(
            Method::GET,
            "/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context",
            &cookie,
            with_origin(HeaderMap::new(), ALLOWED),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(header(&r, "access-control-allow-credentials"), Some("true"));

    // The embed script and the app's files load as CORS module scripts on the host page:
    // readable by the allowed origin, without credentials.
    let r = s
        .send(
            Method::GET,
            "/embed.js",
            &Auth::None,
            with_origin(HeaderMap::new(), ALLOWED),
            None,
        )
        .await;
    assert_eq!(header(&r, "access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(header(&r, "access-control-allow-credentials"), None);
    let r = s
        .send(
            Method::GET,
            "/embed.js",
            &Auth::None,
            with_origin(HeaderMap::new(), FOREIGN),
            None,
        )
        .await;
    assert!(cors_headers(&r).is_empty());
}

#[tokio::test]
async fn same_origin_is_always_allowed() {
    let s = start().await; // no allow-list at all
    let origin = s.base.clone();
    let r = s
        .send(
            Method::POST,
            "/api/auth/login",
            &Auth::None,
            with_origin(csrf(), &origin),
            login_body(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        cors_headers(&r).is_empty(),
        "same origin needs no CORS headers"
    );
    // Without an Origin header (curl, server-to-server) the custom header is enough.
    assert_eq!(
        s.try_login(CIRCLE.0, CIRCLE.1).await.status(),
        StatusCode::OK
    );
}
