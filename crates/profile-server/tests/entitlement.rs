//! signed out / strategy-circle / leadership-alliance × each tier's briefing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use profile_model::{parse_authoring, Briefing};
use reqwest::StatusCode;
use serde_json::Value;

fn sample_briefings() -> Vec<(String, Briefing)> {
    let mut out = Vec::new();
    for f in sample_profile_files() {
        let p = parse_authoring(&std::fs::read(&f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e:?}", f.display()))
            .value;
        out.extend(p.briefings.iter().map(|b| (p.slug.clone(), b.clone())));
    }
    out
}

#[tokio::test]
async fn entitlement_matrix() {
    let briefings = sample_briefings();
    for tier in ["strategy-circle", "leadership-alliance"] {
        assert!(
            briefings.iter().any(|(_, b)| b.tier == tier),
            "no sample briefing of tier {tier}"
        );
    }
    let s = start().await;
    let circle = Auth::Cookie(s.login(CIRCLE).await);
    let circle_bearer = Auth::Bearer(s.login_token(CIRCLE).await);
    let leader = Auth::Cookie(s.login(LEADER).await);
    let leader_bearer = Auth::Bearer(s.login_token(LEADER).await);

    for (slug, b) in &briefings {
        let path = format!("/api/profiles/{slug}/briefings/{}", b.id);
        let expect_circle = if b.tier == "strategy-circle" {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        let cases = [
            (&Auth::None, StatusCode::UNAUTHORIZED),
            (&circle, expect_circle),
            (&circle_bearer, expect_circle),
            (&leader, StatusCode::OK),
            (&leader_bearer, StatusCode::OK),
        ];
        for (auth, expected) in cases {
            let r = s.get_as(&path, auth).await;
            assert_eq!(r.status(), expected, "{path} as {auth:?}");
            assert_eq!(
                header(&r, "cache-control"),
                Some("private, no-store"),
                "{path}"
            );
            let v: Value = r.json().await.unwrap();
            match expected {
                StatusCode::OK => {
                    let got: Briefing = serde_json::from_value(v).unwrap();
                    assert_eq!(
                        &got, b,
                        "{path}: the 200 answer is the briefing with its body"
                    );
                }
                StatusCode::UNAUTHORIZED => {
                    assert_eq!(v, serde_json::json!({"error": "login_required"}))
                }
                _ => assert_eq!(
                    v,
                    serde_json::json!({"error": "tier_required", "tier": b.tier})
                ),
            }
        }
    }
}

#[tokio::test]
async fn unknown_profile_or_briefing_is_404_for_everyone() {
    let s = start().await;
    let leader = Auth::Cookie(s.login(LEADER).await);
    let (slug, b) = &sample_briefings()[0];
    for auth in [Auth::None, leader] {
        for path in [
            format!("/api/profiles/{slug}/briefings/no-such-briefing"),
            format!("/api/profiles/no-such-profile/briefings/{}", b.id),
            "/api/profiles/no-such-profile".to_string(),
        ] {
            let r = s.get_as(&path, &auth).await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
            assert_eq!(
                r.json::<Value>().await.unwrap(),
                serde_json::json!({"error": "not_found"})
            );
        }
    }
}

#[tokio::test]
async fn the_public_profile_has_placeholders_without_bodies() {
    let s = start().await;
    for (slug, b) in sample_briefings() {
        let v: Value = s
            .get(&format!("/api/profiles/{slug}"))
            .await
            .json()
            .await
            .unwrap();
        let placeholder = v["briefings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == b.id.as_str())
            .unwrap();
        let mut keys: Vec<&str> = placeholder
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert!(
            keys.iter()
                .all(|k| ["id", "teaser", "tier", "title"].contains(k)),
            "{slug}: {keys:?}"
        );
        assert_eq!(placeholder["tier"], b.tier.as_str());
    }
}
