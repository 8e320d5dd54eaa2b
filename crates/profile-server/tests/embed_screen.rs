//! `GET /embed/profiles/{slug}`: the embedded element's first paint, made from the viewer's
//! components for a signed-out reader, with every link absolute on the viewer's root.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use reqwest::StatusCode;

const SLUG: &str = "us-officials-telecom-cyber-espionage";
const ROOT: &str = "https%3A%2F%2Fviewer.example%2F";

#[tokio::test]
async fn the_first_paint_is_the_signed_out_profile_with_absolute_links() {
    let s = start().await;
    let r = s.get(&format!("/embed/profiles/{SLUG}?root={ROOT}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(header(&r, "cache-control"), Some("no-cache"));
    let html = r.text().await.unwrap();
    assert!(html.starts_with("<div class=\"pv-embed\"><article data-slug=\"us-officials-telecom-cyber-espionage\" class=\"pv-profile\">"), "{html}");
    assert_eq!(html.matches("data-state=\"signed-out\"").count(), 2);
    // The site's join pages, on the viewer's origin: a relative link would leave for the host.
    assert!(html.contains("<a part=\"button\" href=\"https://viewer.example/join.html#strategy-circle\" class=\"pv-button pv-button--secondary pv-locked__join\">Join Strategy Circle</a>"));
    assert!(
        !html.contains("href=\"/"),
        "a link relative to the host page"
    );
    for leak in ["MEMBER-ONLY", "LEADERSHIP-ONLY", "<script", "style="] {
        assert!(!html.contains(leak), "{leak}");
    }
    // Cookie mode's own login dialog follows the profile, closed, as in the app.
    assert!(html.contains("</article><dialog role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"pv-login-title-0\" class=\"pv-dialog pv-login\">"), "{html}");
    assert!(html.ends_with("</dialog></div>"), "{html}");
}

#[tokio::test]
async fn the_full_embed_has_the_relationship_map_with_absolute_links() {
    let s = start().await;
    let html = s
        .get(&format!("/embed/profiles/ripe-ncc?root={ROOT}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("<div class=\"pv-map\">").count(), 1, "{html}");
    assert_eq!(
        html.matches("<a href=\"https://viewer.example/profiles/iana-functions\" aria-label=\"RIPE NCC, receives number blocks from IANA functions (Public Technical Identifiers)\" class=\"pv-map__link\">").count(),
        2,
        "{html}"
    );
}

#[tokio::test]
async fn host_mode_joins_through_the_host_and_compact_is_the_sidebar_card() {
    let s = start().await;
    let html = s
        .get(&format!("/embed/profiles/{SLUG}?root={ROOT}&join=host"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<button type=\"button\" part=\"button\" class=\"pv-button pv-button--secondary pv-locked__join\">Join Strategy Circle</button>"));
    assert!(!html.contains("/join/"));
    assert!(
        !html.contains("<dialog"),
        "host mode: the host page logs in"
    );
    let html = s
        .get(&format!(
            "/embed/profiles/ripe-ncc?root={ROOT}&layout=compact"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.starts_with("<div class=\"pv-embed pv-embed--compact\"><article data-slug=\"ripe-ncc\" class=\"pv-compact\">"), "{html}");
    assert!(html.contains("href=\"https://viewer.example/profiles/ripe-ncc\""));
    assert!(!html.contains("pv-locked"));
}

#[tokio::test]
async fn a_missing_root_or_profile_is_refused() {
    let s = start().await;
    for (path, status) in [
        (format!("/embed/profiles/{SLUG}"), StatusCode::BAD_REQUEST),
        (
            format!("/embed/profiles/{SLUG}?root=javascript%3Aalert(1)%2F"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/embed/profiles/no-such-profile?root={ROOT}"),
            StatusCode::NOT_FOUND,
        ),
    ] {
        assert_eq!(s.get(&path).await.status(), status, "{path}");
    }
}
