//! `--site DIR --site-addr`: the embedding demo's second origin. Its pages get the host
//! page's strict CSP naming the viewer's origin and `%VIEWER_URL%`/`%VIEWER_ORIGIN%` filled in, and that
//! origin is allowed by the viewer's API and files (CORS) without an --allow-origin.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;

// From the embed's port range; the viewer itself is on port 0.
const SITE: &str = "127.0.0.1:18133";

#[tokio::test]
async fn site_is_a_second_origin_with_its_own_csp_and_is_allowed_by_the_viewer() {
    let content = content_dir();
    let dist = dist_dir();
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<script type=\"module\" src=\"%VIEWER_URL%/embed.js\"></script>%VIEWER_ORIGIN%",
    )
    .unwrap();
    std::fs::write(
        site.path().join("host.js"),
        "// %VIEWER_ORIGIN% stays in scripts\n",
    )
    .unwrap();
    let site_dir = site.path().to_str().unwrap();
    let (child, viewer) = spawn(
        content.path(),
        dist.path(),
        &["--site", site_dir, "--site-addr", SITE],
    );
    let site_origin = format!("http://{SITE}");

    let page = reqwest::get(format!("{site_origin}/")).await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = header(&page, "content-security-policy")
        .unwrap()
        .to_string();
    assert!(
        csp.contains(&format!("script-src 'self' {viewer} 'wasm-unsafe-eval'")),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("connect-src 'self' {viewer}")),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let body = page.text().await.unwrap();
    assert_eq!(
        body,
        format!("<script type=\"module\" src=\"{viewer}/embed.js\"></script>{viewer}")
    );
    let js = reqwest::get(format!("{site_origin}/host.js"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(js.contains("%VIEWER_ORIGIN%"), "only HTML is filled in");
    assert_eq!(
        reqwest::get(format!("{site_origin}/../etc/passwd"))
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        reqwest::get(format!("{site_origin}/api/site"))
            .await
            .unwrap()
            .status(),
        404,
        "no API there"
    );

    // The viewer lets the site's origin load embed.js and call the API.
    let client = reqwest::Client::new();
    let embed = client
        .get(format!("{viewer}/embed.js"))
        .header("origin", &site_origin)
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(&embed, "access-control-allow-origin"),
        Some(site_origin.as_str())
    );
    assert_eq!(
        header(&embed, "cache-control"),
        Some("no-cache"),
        "embed.js is the stable, revalidated URL"
    );
    let api = client
        .get(format!("{viewer}/api/site"))
        .header("origin", &site_origin)
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(&api, "access-control-allow-origin"),
        Some(site_origin.as_str())
    );
    assert_eq!(
        header(&api, "access-control-allow-credentials"),
        Some("true")
    );
    let other = client
        .get(format!("{viewer}/api/site"))
        .header("origin", "http://127.0.0.1:1")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&other, "access-control-allow-origin"), None);

    stop(child);
}
