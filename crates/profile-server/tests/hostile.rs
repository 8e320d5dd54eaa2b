//! Hostile content files are reported with their file name and rule, never crash the
//! server, and the valid profiles stay served.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use std::path::Path;

use common::*;
use profile_server::content;
use reqwest::StatusCode;
use serde_json::Value;

const SAMPLE: &str = "us-officials-telecom-cyber-espionage";

fn sample() -> Value {
    serde_json::from_slice(
        &std::fs::read(workspace().join(format!("content/profiles/{SAMPLE}.json"))).unwrap(),
    )
    .unwrap()
}

fn variant(slug: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut v = sample();
    v["slug"] = slug.into();
    edit(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

/// Writes the hostile files beside the valid samples. Returns (file name, expected text in
/// its report).
pub fn write_hostile(profiles: &Path) -> Vec<(&'static str, &'static str)> {
    let raw = std::fs::read_to_string(workspace().join(format!("content/profiles/{SAMPLE}.json")))
        .unwrap();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let files: Vec<(&str, String, &str)> = vec![
        (
            "truncated.json",
            raw[..raw.len() / 2].to_string(),
            "EOF while parsing",
        ),
        (
            "ten-mib.json",
            variant("hostile-ten-mib", |v| {
                v["rationale"] = "x".repeat(10 * 1024 * 1024).into()
            }),
            "more than the limit",
        ),
        // A struct may be read from a list, so this fails on the first element, not the depth.
        ("nested-file.json", deep.clone(), "error: [0]: invalid type"),
        (
            "nested-block.json",
            variant("hostile-nested", |v| {
                v["sections"][0]["blocks"][0]["x"] = Value::Null
            })
            .replacen("\"x\": null", &format!("\"x\": {deep}"), 1),
            "recursion limit",
        ),
        (
            "nan-score.json",
            variant("hostile-nan", |v| v["confidence"]["score"] = "NaN".into()),
            "confidence.score",
        ),
        (
            "big-score.json",
            variant("hostile-big-score", |v| {
                v["confidence"]["score"] = 1.4.into()
            }),
            "confidence.score: 1.4 is outside 0..1",
        ),
        ("not-json.json", "\u{0}\u{1}binary\u{ff}".into(), "error"),
        (
            "duplicate.json",
            variant(SAMPLE, |v| v["name"] = "Impostor".into()),
            "already used",
        ),
        (
            "javascript-link.json",
            variant("hostile-javascript-link", |v| {
                v["related"][0]["url"] = "javascript:alert(document.cookie)".into()
            }),
            "related[0].url",
        ),
    ];
    for (name, text, _) in &files {
        std::fs::write(profiles.join(name), text).unwrap();
    }
    files
        .into_iter()
        .map(|(name, _, expect)| (name, expect))
        .collect()
}

#[tokio::test]
async fn hostile_files_are_reported_and_valid_profiles_stay_served() {
    let dir = content_dir();
    let hostile = write_hostile(&dir.path().join("profiles"));
    let started = std::time::Instant::now();
    let (loaded, reports) = content::load(dir.path()).unwrap();
    assert!(
        started.elapsed().as_secs() < 20,
        "loading took {:?}",
        started.elapsed()
    );
    for (name, expect) in &hostile {
        let report = reports
            .iter()
            .find(|r| r.file.file_name().unwrap() == *name)
            .unwrap_or_else(|| panic!("{name} not reported"));
        let text = report.to_string();
        assert!(
            text.contains(name) && text.contains(expect),
            "{name}: {text}"
        );
    }
    // Only the javascript: link is a warning (the link is dropped); everything else is refused.
    let kept: Vec<&str> = loaded
        .profiles
        .keys()
        .map(String::as_str)
        .filter(|s| s.starts_with("hostile-"))
        .collect();
    assert_eq!(kept, ["hostile-javascript-link"]);
    assert_eq!(
        loaded.profiles[SAMPLE].profile.name,
        sample()["name"].as_str().unwrap(),
        "the file named after the slug wins"
    );

    let s = start_in(dir, |_| {}).await;
    let index: Vec<Value> = s.get("/api/profiles").await.json().await.unwrap();
    assert_eq!(index.len(), sample_profile_files().len() + 1);
    for f in sample_profile_files() {
        let slug = f.file_stem().unwrap().to_str().unwrap().to_string();
        let v: Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        let r = s
            .get(&format!("/api/profiles/{}", v["slug"].as_str().unwrap()))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{slug}");
    }
    let v: Value = s
        .get("/api/profiles/hostile-javascript-link")
        .await
        .json()
        .await
        .unwrap();
    assert!(!v.to_string().contains("javascript:"), "{v}");
    assert_eq!(v["related"][0]["title"], sample()["related"][0]["title"]);
    for slug in [
        "hostile-nan",
        "hostile-ten-mib",
        "hostile-nested",
        "hostile-big-score",
    ] {
        assert_eq!(
            s.get(&format!("/api/profiles/{slug}")).await.status(),
            StatusCode::NOT_FOUND
        );
    }
}

#[test]
fn a_missing_or_broken_site_json_is_fatal_and_named() {
    let dir = content_dir();
    std::fs::write(dir.path().join("site.json"), "{\"publisher\": {}}").unwrap();
    let fatal = content::load(dir.path())
        .err()
        .expect("broken site.json must not load");
    assert!(
        fatal
            .to_string()
            .contains("site.json: error: publisher: missing field `name`"),
        "{fatal}"
    );
}

#[test]
fn broken_member_entries_are_reported_and_skipped() {
    let dir = content_dir();
    let members = serde_json::json!([
        {"email": CIRCLE.0, "name": "Casey", "tier": "strategy-circle", "password_hash": cheap_hash(CIRCLE.1)},
        {"email": "bad-hash@example.com", "name": "B", "tier": "strategy-circle", "password_hash": "plaintext"},
        {"email": "bad-tier@example.com", "name": "T", "tier": "gold", "password_hash": cheap_hash("x")},
        {"email": "CIRCLE@example.com", "name": "Dup", "tier": "strategy-circle", "password_hash": cheap_hash("x")},
    ]);
    std::fs::write(dir.path().join("members.json"), members.to_string()).unwrap();
    let (loaded, reports) = content::load(dir.path()).unwrap();
    let text: String = reports
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    for expect in ["[1].password_hash", "[2].tier", "[3].email: duplicate"] {
        assert!(text.contains(expect), "{expect} in {text}");
    }
    assert!(loaded.members.get(CIRCLE.0).is_some());
    assert!(loaded.members.get("bad-hash@example.com").is_none());
}

/// Markup in a profile's text stays text in the page the server renders from the viewer's
/// components, and a `javascript:` URL is no link.
#[tokio::test]
async fn hostile_text_in_a_profile_page_is_escaped() {
    let dir = content_dir();
    let hostile = variant("hostile-text", |v| {
        v["name"] = "<script>alert(1)</script> & \"q\"".into();
        v["key_points"][0] = "<img src=x onerror=alert(1)>".into();
        v["publisher"]["url"] = "javascript:alert(1)".into();
        v["related"][0]["url"] = "javascript:alert(2)".into();
        v["related"][0].as_object_mut().unwrap().remove("slug");
    });
    std::fs::write(dir.path().join("profiles/hostile-text.json"), hostile).unwrap();
    let s = start_in(dir, |_| {}).await;
    let page = s.get("/profiles/hostile-text").await.text().await.unwrap();
    let body = &page[page.find("<body").unwrap()..];
    assert!(
        !body.contains("<script>alert") && !body.contains("<img"),
        "{body}"
    );
    assert!(!page.contains("javascript:"), "{page}");
    assert!(body.contains(
        "<h1 part=\"title\" class=\"pv-profile__name\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\"</h1>"
    ));
    assert!(body.contains("<li>&lt;img src=x onerror=alert(1)&gt;</li>"));
    assert!(page.contains(
        "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\" — Profile viewer</title>"
    ));
    assert!(page.contains(
        "<meta name=\"description\" content=\"&lt;img src=x onerror=alert(1)&gt;\" data-pv-first>"
    ));
}
