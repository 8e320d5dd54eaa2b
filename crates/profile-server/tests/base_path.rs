//! `--base-path /viewer`: the viewer, its files and the API live under the sub-path (the
//! viewer built with `trunk build --public-url /viewer/`); the site root redirects there and
//! nothing else outside it exists. The security middleware and cookies follow the prefix.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use profile_server::app::normalise_base_path;
use reqwest::StatusCode;

const ALLOWED: &str = "https://news.example";

async fn under_viewer() -> Server {
    start_with(|c| {
        c.base_path = "/viewer".into();
        c.allow_origins = vec![ALLOWED.into()];
    })
    .await
}

#[test]
fn base_paths_are_normalised_or_refused() {
    for (given, want) in [
        ("/viewer", "/viewer"),
        ("viewer/", "/viewer"),
        ("/news/viewer/", "/news/viewer"),
        ("/", ""),
        ("", ""),
        ("/v1.2~x_y-z", "/v1.2~x_y-z"),
    ] {
        assert_eq!(normalise_base_path(given).as_deref(), Some(want), "{given}");
    }
    for bad in ["/../etc", "/a/./b", "/a b", "/a?x=1", "/%2e%2e", "/a#b"] {
        assert_eq!(normalise_base_path(bad), None, "{bad}");
    }
}

#[tokio::test]
async fn the_root_and_the_bare_base_redirect_to_the_viewer() {
    let s = under_viewer().await;
    for path in ["/", "/viewer"] {
        let r = s.get(path).await;
        assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT, "{path}");
        assert_eq!(header(&r, "location"), Some("/viewer/"), "{path}");
    }
}

#[tokio::test]
async fn the_app_its_files_and_the_api_are_under_the_base() {
    let s = under_viewer().await;
    for (route, status) in [
        ("/viewer/saved", StatusCode::OK),
        ("/viewer/profiles/no-such-profile", StatusCode::NOT_FOUND),
        ("/viewer/no-such-page", StatusCode::NOT_FOUND),
    ] {
        let r = s.get(route).await;
        assert_eq!(r.status(), status, "{route}");
        assert_eq!(r.text().await.unwrap(), INDEX_HTML, "{route}");
    }
    // The directory's and a profile's shell (when the app starts at once: a session cookie
    // came along) preload their JSON relative to the page, so under the prefix too.
    let shell = s
        .get_as("/viewer/", &Auth::Cookie("any".into()))
        .await
        .text()
        .await
        .unwrap();
    assert!(shell.contains(r#"href="api/profiles""#), "{shell}");
    // The directory's first screen links under the prefix.
    let shell = s.get("/viewer/").await.text().await.unwrap();
    assert!(
        shell.contains(r#"<a href="/viewer/profiles/ietf" class="pv-card__link">"#),
        "{shell}"
    );
    let shell = s
        .get_as("/viewer/profiles/ietf", &Auth::Cookie("any".into()))
        .await
        .text()
        .await
        .unwrap();
    assert!(shell.contains(r#"href="../api/profiles/ietf""#), "{shell}");
    // Its first screen links the viewer's pages under the prefix.
    assert!(
        shell.contains(r#"<a href="/viewer/" class="pv-brand">"#),
        "{shell}"
    );
    assert!(
        shell.contains(r#"<a href="/viewer/saved">Saved</a>"#),
        "{shell}"
    );
    assert!(
        shell.contains(r#"<a href="/viewer/profiles/iana-functions" class="pv-internal">"#),
        "{shell}"
    );
    let wasm = s.get(&format!("/viewer/{HASHED_WASM}")).await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(
        header(&wasm, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let site = s.get("/viewer/api/site").await;
    assert_eq!(site.status(), StatusCode::OK);
    assert!(header(&site, "content-type").is_some_and(|t| t.starts_with("application/json")));
    let index = s.get("/viewer/api/profiles").await;
    assert_eq!(index.status(), StatusCode::OK);
    // The API's own 404 stays JSON, never the app's HTML.
    let missing = s.get("/viewer/api/nope").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(header(&missing, "content-type").is_some_and(|t| t.contains("json")));
}

#[tokio::test]
async fn nothing_exists_outside_the_base() {
    let s = under_viewer().await;
    for path in [
        "/api/site",
        "/api/profiles",
        "/profiles/ietf",
        "/index.html",
        &format!("/{HASHED_WASM}"),
        "/viewerx/",
    ] {
        let r = s.get(path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        // Still behind the security middleware.
        assert!(header(&r, "content-security-policy").is_some(), "{path}");
    }
}

#[tokio::test]
async fn sessions_cors_and_csrf_follow_the_prefix() {
    let s = under_viewer().await;
    let body = serde_json::json!({"email": CIRCLE.0, "password": CIRCLE.1}).to_string();
    let r = s
        .post("/viewer/api/auth/login", &Auth::None, Some(body.clone()))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let set_cookie = header(&r, "set-cookie").unwrap_or_default().to_string();
    assert!(set_cookie.contains("Path=/viewer/;"), "{set_cookie}");
    let id = session_cookie(&r).unwrap();
    let me = s
        .get_as("/viewer/api/auth/session", &Auth::Cookie(id))
        .await;
    assert_eq!(me.status(), StatusCode::OK);

    // CSRF: a state-changing request without the header is refused under the prefix too.
    let refused = s
        .send(
            reqwest::Method::POST,
            "/viewer/api/auth/login",
            &Auth::None,
            Default::default(),
            Some(body),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // CORS for an allowed origin: the API answers with credentials allowed.
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("origin", ALLOWED.parse().unwrap());
    let cors = s
        .send(
            reqwest::Method::GET,
            "/viewer/api/site",
            &Auth::None,
            h,
            None,
        )
        .await;
    assert_eq!(header(&cors, "access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(
        header(&cors, "access-control-allow-credentials"),
        Some("true")
    );
}
