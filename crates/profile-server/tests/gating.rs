//! The gating invariant on raw response bytes: no sentence of any briefing body reaches a
//! client that is not entitled to it, on any endpoint, in any answer (errors included).
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;

struct SampleBriefing {
    slug: String,
    id: String,
    tier: String,
    sentences: Vec<String>,
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Sentences (and whole texts) of every briefing body, read from the raw sample files so
/// that the check does not depend on the model's parser. Short fragments ("Medium") are left
/// out: they may legitimately appear in public text too.
fn sample_briefings() -> Vec<SampleBriefing> {
    let mut out = Vec::new();
    for file in sample_profile_files() {
        let v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let slug = v["slug"].as_str().unwrap().to_string();
        for b in v["briefings"].as_array().into_iter().flatten() {
            let mut texts = Vec::new();
            strings(&b["body"], &mut texts);
            let mut sentences = Vec::new();
            for t in texts {
                for s in t
                    .split(['.', '!', '?', ':', ';'])
                    .map(str::trim)
                    .chain([t.trim()])
                {
                    if s.chars().count() >= 24 && !sentences.iter().any(|x| x == s) {
                        sentences.push(s.to_string());
                    }
                }
            }
            assert!(
                !sentences.is_empty(),
                "{slug}: briefing {} has no checkable sentence",
                b["id"]
            );
            out.push(SampleBriefing {
                slug: slug.clone(),
                id: b["id"].as_str().unwrap().into(),
                tier: b["tier"].as_str().unwrap().into(),
                sentences,
            });
        }
    }
    let all: String = out
        .iter()
        .flat_map(|b| b.sentences.iter().cloned())
        .collect();
    assert!(
        all.contains("MEMBER-ONLY") && all.contains("LEADERSHIP-ONLY"),
        "the sample markers are missing"
    );
    out
}

/// `text` contains `s` as it is or JSON-escaped.
fn contains_text(text: &str, s: &str) -> bool {
    let escaped = serde_json::to_string(s).unwrap();
    text.contains(s) || text.contains(&escaped[1..escaped.len() - 1])
}

/// Panics if `body` contains a sentence of a briefing not in `allowed`, raw or JSON-escaped.
fn assert_no_leak(
    what: &str,
    body: &[u8],
    briefings: &[SampleBriefing],
    allowed: &[&SampleBriefing],
) {
    let text = String::from_utf8_lossy(body);
    for b in briefings {
        if allowed.iter().any(|a| a.slug == b.slug && a.id == b.id) {
            continue;
        }
        for s in &b.sentences {
            assert!(
                !contains_text(&text, s),
                "LEAK in {what}: briefing {}/{} sentence {s:?}",
                b.slug,
                b.id
            );
        }
    }
}

fn rank(tier: &str) -> u32 {
    match tier {
        "strategy-circle" => 1,
        "leadership-alliance" => 2,
        other => panic!("unknown tier {other}"),
    }
}

/// Requests every public endpoint and every briefing as `auth` (of tier rank `member_rank`,
/// 0 when signed out) and checks every answer's raw bytes.
async fn check_all_endpoints(
    s: &Server,
    auth: &Auth,
    member_rank: u32,
    briefings: &[SampleBriefing],
) -> usize {
    let mut checked = 0;
    let slugs: std::collections::BTreeSet<&str> =
        briefings.iter().map(|b| b.slug.as_str()).collect();
    let mut public = vec![
        "/api/site".to_string(),
        "/api/profiles".into(),
        "/api/auth/session".into(),
        "/api/nope".into(),
        "/api/profiles/no-such-profile".into(),
        "/".into(),
        "/index.html".into(),
    ];
    for f in sample_profile_files() {
        let v: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        let slug = v["slug"].as_str().unwrap();
        public.push(format!("/api/profiles/{slug}"));
        public.push(format!("/api/profiles/{slug}/briefings/no-such-briefing"));
    }
    for slug in &slugs {
        for b in briefings.iter().filter(|b| b.slug == *slug) {
            public.push(format!("/api/profiles/no-such-profile/briefings/{}", b.id));
        }
    }
    for path in &public {
        let r = s.get_as(path, auth).await;
        let what = format!("GET {path} ({auth:?}) -> {}", r.status());
        assert_no_leak(&what, &r.bytes().await.unwrap(), briefings, &[]);
        checked += 1;
    }
    // A profile's page: a member's carries the bodies of their tier's briefings of that
    // profile (the page is theirs), and nothing else.
    for slug in &slugs {
        let path = format!("/profiles/{slug}");
        let r = s.get_as(&path, auth).await;
        let what = format!("GET {path} ({auth:?}) -> {}", r.status());
        let body = r.bytes().await.unwrap();
        let readable: Vec<&SampleBriefing> = briefings
            .iter()
            .filter(|b| b.slug == *slug && member_rank >= rank(&b.tier))
            .collect();
        assert_no_leak(&what, &body, briefings, &readable);
        // The page knows its reader by the session cookie only (a bearer token is the host
        // page's, sent with the API's requests).
        if matches!(auth, Auth::Cookie(_)) {
            let text = String::from_utf8_lossy(&body);
            for b in &readable {
                assert!(
                    b.sentences.iter().any(|s| contains_text(&text, s)),
                    "{what}: the member's own briefing {} is missing",
                    b.id
                );
            }
        }
        checked += 1;
    }
    // Wrong method on a briefing, failed logins, missing CSRF header: errors stay clean too.
    for b in briefings {
        let path = format!("/api/profiles/{}/briefings/{}", b.slug, b.id);
        let r = s.send(Method::POST, &path, auth, csrf(), None).await;
        assert_no_leak(
            &format!("POST {path}"),
            &r.bytes().await.unwrap(),
            briefings,
            &[],
        );
        checked += 1;
    }
    for body in [
        r#"{"email":"circle@example.com","password":"wrong"}"#,
        r#"{"email":"x"#,
    ] {
        let r = s
            .send(
                Method::POST,
                "/api/auth/login",
                auth,
                csrf(),
                Some(body.into()),
            )
            .await;
        assert_no_leak(
            "POST /api/auth/login",
            &r.bytes().await.unwrap(),
            briefings,
            &[],
        );
        let r = s
            .send(
                Method::POST,
                "/api/auth/login",
                auth,
                HeaderMap::new(),
                Some(body.into()),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_no_leak(
            "POST /api/auth/login without CSRF header",
            &r.bytes().await.unwrap(),
            briefings,
            &[],
        );
        checked += 2;
    }
    // Every briefing: an answer that is not 200 carries nothing; a 200 carries only its own body.
    for b in briefings {
        let path = format!("/api/profiles/{}/briefings/{}", b.slug, b.id);
        let r = s.get_as(&path, auth).await;
        let status = r.status();
        let body = r.bytes().await.unwrap();
        let entitled = member_rank >= rank(&b.tier);
        let what = format!("GET {path} ({auth:?}) -> {status}");
        if entitled {
            assert_eq!(status, StatusCode::OK, "{what}");
            let text = String::from_utf8_lossy(&body);
            assert!(
                b.sentences.iter().all(|x| contains_text(&text, x)),
                "{what}: own body missing"
            );
            assert_no_leak(&what, &body, briefings, &[b]);
        } else {
            assert!(
                status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN,
                "{what}"
            );
            assert_no_leak(&what, &body, briefings, &[]);
        }
        checked += 1;
    }
    checked
}

#[tokio::test]
async fn no_briefing_sentence_reaches_a_client_that_is_not_entitled() {
    let briefings = sample_briefings();
    let s = start().await;
    let circle = s.login(CIRCLE).await;
    let leader_token = s.login_token(LEADER).await;
    let mut checked = 0;
    checked += check_all_endpoints(&s, &Auth::None, 0, &briefings).await;
    checked += check_all_endpoints(&s, &Auth::Cookie(circle), 1, &briefings).await;
    checked += check_all_endpoints(&s, &Auth::Bearer(leader_token), 2, &briefings).await;
    assert!(
        checked > 3 * briefings.len(),
        "only {checked} answers checked"
    );
}

#[tokio::test]
async fn the_leak_check_can_fail() {
    // Guards the guard: a body that quotes a briefing sentence must be caught.
    let briefings = sample_briefings();
    let leaked = format!(
        "{{\"x\": {}}}",
        serde_json::to_string(&briefings[0].sentences[0]).unwrap()
    );
    let caught = std::panic::catch_unwind(|| {
        assert_no_leak("synthetic", leaked.as_bytes(), &briefings, &[])
    });
    assert!(caught.is_err());
}
