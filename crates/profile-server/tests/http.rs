//! HTTP behaviour: ETag/304, static files and the client-route fallback, cache headers,
//! compression, JSON errors for unknown API paths, security headers on every answer.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn accept(encoding: &'static str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("accept-encoding", HeaderValue::from_static(encoding));
    h
}

fn if_none_match(etag: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("if-none-match", HeaderValue::from_str(etag).unwrap());
    h
}

#[tokio::test]
async fn etag_and_304_for_index_and_profiles() {
    let s = start().await;
    for path in [
        "/api/profiles",
        "/api/profiles/us-officials-telecom-cyber-espionage",
        "/api/site",
    ] {
        let r = s.get(path).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(header(&r, "cache-control"), Some("no-cache"));
        let etag = header(&r, "etag")
            .unwrap_or_else(|| panic!("{path}: no ETag"))
            .to_string();
        let r = s
            .send(Method::GET, path, &Auth::None, if_none_match(&etag), None)
            .await;
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(header(&r, "etag"), Some(etag.as_str()));
        assert!(r.bytes().await.unwrap().is_empty());
        // A strong form of the same tag, and a list containing it, match too (weak comparison).
        let strong = etag.trim_start_matches("W/");
        let r = s
            .send(
                Method::GET,
                path,
                &Auth::None,
                if_none_match(&format!("\"x\", {strong}")),
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{path}");
        let r = s
            .send(
                Method::GET,
                path,
                &Auth::None,
                if_none_match("\"other\""),
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    // Different profiles have different tags.
    let a = s
        .get("/api/profiles/us-officials-telecom-cyber-espionage")
        .await;
    let index = s.get("/api/profiles").await;
    assert_ne!(header(&a, "etag"), header(&index, "etag"));
}

#[tokio::test]
async fn the_index_lists_every_valid_sample() {
    let s = start().await;
    let index: Vec<Value> = s.get("/api/profiles").await.json().await.unwrap();
    assert_eq!(index.len(), sample_profile_files().len());
    let sample = index
        .iter()
        .find(|e| e["slug"] == "us-officials-telecom-cyber-espionage")
        .unwrap();
    assert_eq!(sample["confidence"], json!({"score": 0.62}));
    assert_eq!(sample["impact"], json!({"level": "medium"}));
    assert_eq!(sample["revision"], 3);
    let site: Value = s.get("/api/site").await.json().await.unwrap();
    assert_eq!(site["tiers"][1]["id"], "leadership-alliance");
    assert_eq!(site["tiers"][1]["rank"], 2);
}

#[tokio::test]
async fn relationships_are_the_edges_between_profiles_with_an_etag() {
    let s = start().await;
    let r = s.get("/api/relationships").await;
    assert_eq!(r.status(), StatusCode::OK);
    let etag = header(&r, "etag").unwrap().to_string();
    let edges: Vec<Value> = r.json().await.unwrap();
    assert!(edges.contains(&json!({
        "from": "ripe-ncc",
        "to": "iana-functions",
        "relation": "receives-number-blocks-from"
    })));
    // Only profile-to-profile edges: a relationship without a slug is no edge.
    let index: Vec<Value> = s.get("/api/profiles").await.json().await.unwrap();
    let slugs: Vec<&Value> = index.iter().map(|e| &e["slug"]).collect();
    assert!(edges
        .iter()
        .all(|e| slugs.contains(&&e["from"]) && slugs.contains(&&e["to"])));
    assert!(!edges
        .iter()
        .any(|e| e["to"] == "number-resource-organization"));
    let r = s
        .send(
            Method::GET,
            "/api/relationships",
            &Auth::None,
            if_none_match(&etag),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_apps_routes_get_the_shell_and_other_paths_a_404_with_it() {
    let s = start().await;
    // `/` and an existing profile's page also preload their JSON (tests/profile_preload.rs).
    for (path, status) in [
        ("/index.html", StatusCode::OK),
        ("/saved", StatusCode::OK),
        ("/saved?x=1", StatusCode::OK),
        ("/map", StatusCode::OK),
        ("/map?kind=Exchange&focus=linx", StatusCode::OK),
        ("/map/", StatusCode::NOT_FOUND),
        ("/map/x", StatusCode::NOT_FOUND),
        ("/profiles/no-such-profile", StatusCode::NOT_FOUND),
        ("/some/deep/route?x=1", StatusCode::NOT_FOUND),
        ("/robots.txt.bak", StatusCode::NOT_FOUND),
        ("/no-such-thing.txt", StatusCode::NOT_FOUND),
        ("/saved/", StatusCode::NOT_FOUND),
    ] {
        let r = s.get(path).await;
        assert_eq!(r.status(), status, "{path}");
        assert!(header(&r, "content-type").unwrap().starts_with("text/html"));
        assert_eq!(header(&r, "cache-control"), Some("no-cache"), "{path}");
        // The app's not-found page, from the shell, for a reader who follows a dead link.
        assert_eq!(r.text().await.unwrap(), INDEX_HTML);
    }
    // A revalidation of a dead link is still a 404, not a 304 of the shell.
    let etag = header(&s.get("/index.html").await, "last-modified")
        .unwrap()
        .to_string();
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("if-modified-since", etag.parse().unwrap());
    let r = s
        .send(Method::GET, "/no-such-thing", &Auth::None, h, None)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = s
        .send(
            Method::HEAD,
            "/no-such-thing",
            &Auth::None,
            Default::default(),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_wasm_has_its_type() {
    let s = start().await;
    let r = s.get(&format!("/{HASHED_WASM}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), Some("application/wasm"));
    assert_eq!(
        header(&r, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let r = s.get(&format!("/{HASHED_JS}")).await;
    assert!(header(&r, "content-type").unwrap().contains("javascript"));
    assert_eq!(
        header(&r, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // A stable name is revalidated; a missing hashed name is not cached forever.
    assert_eq!(
        header(&s.get("/embed.js").await, "cache-control"),
        Some("no-cache")
    );
    assert_eq!(
        header(
            &s.get("/profile-viewer-fedcba9876543210.js").await,
            "cache-control"
        ),
        Some("no-cache")
    );
}

#[tokio::test]
async fn compression_gzip_and_brotli_including_wasm() {
    let s = start().await;
    for (encoding, path) in [
        ("gzip", format!("/{HASHED_WASM}")),
        ("br", format!("/{HASHED_WASM}")),
        ("br", "/api/profiles".into()),
        ("gzip", "/api/profiles".into()),
    ] {
        let plain = s.get(&path).await.bytes().await.unwrap();
        let r = s
            .send(Method::GET, &path, &Auth::None, accept(encoding), None)
            .await;
        assert_eq!(header(&r, "content-encoding"), Some(encoding), "{path}");
        let packed = r.bytes().await.unwrap();
        assert!(
            packed.len() < plain.len(),
            "{path}: {} >= {}",
            packed.len(),
            plain.len()
        );
    }
    // A precompressed sibling is served as is.
    std::fs::write(
        s.dist.path().join(format!("{HASHED_JS}.br")),
        b"precompressed",
    )
    .unwrap();
    let r = s
        .send(
            Method::GET,
            &format!("/{HASHED_JS}"),
            &Auth::None,
            accept("br"),
            None,
        )
        .await;
    assert_eq!(header(&r, "content-encoding"), Some("br"));
    assert_eq!(&r.bytes().await.unwrap()[..], b"precompressed");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404_never_the_app() {
    let s = start().await;
    for path in [
        "/api",
        "/api/",
        "/api/nope",
        "/api/profiles/a/b/c/d",
        "/api/index.html",
    ] {
        let r = s.get(path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            header(&r, "content-type"),
            Some("application/json"),
            "{path}"
        );
        assert_eq!(
            r.json::<Value>().await.unwrap(),
            json!({"error": "not_found"})
        );
    }
    let r = s
        .send(Method::DELETE, "/api/profiles", &Auth::None, csrf(), None)
        .await;
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "method_not_allowed"
    );
}

#[tokio::test]
async fn security_headers_on_every_answer() {
    let s = start_with(|c| c.frame_ancestors = "'self' https://news.example".into()).await;
    let etag = header(&s.get("/api/profiles").await, "etag")
        .unwrap()
        .to_string();
    let answers = vec![
        s.get("/api/site").await,
        s.get("/api/nope").await,
        s.get("/api/auth/session").await,
        s.get("/").await,
        s.get("/profiles/x").await,
        s.get(&format!("/{HASHED_WASM}")).await,
        s.send(
            Method::GET,
            "/api/profiles",
            &Auth::None,
            if_none_match(&etag),
            None,
        )
        .await,
        s.send(
            Method::POST,
            "/api/auth/logout",
            &Auth::None,
            HeaderMap::new(),
            None,
        )
        .await,
        s.try_login("x@example.com", "y").await,
    ];
    for r in answers {
        let what = format!("{} {}", r.url().path(), r.status());
        let csp = header(&r, "content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP"));
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval';",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'self' https://news.example;",
        ] {
            assert!(csp.contains(directive), "{what}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{what}");
        assert_eq!(
            header(&r, "x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(
            header(&r, "referrer-policy"),
            Some("strict-origin-when-cross-origin"),
            "{what}"
        );
    }
    let r = start().await.get("/").await;
    assert!(header(&r, "content-security-policy")
        .unwrap()
        .contains("frame-ancestors 'none'"));
}
