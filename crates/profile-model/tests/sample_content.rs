//! Every sample profile in `content/profiles` must stay a clean example: valid with no
//! warnings, internally linked, and with briefing markers that leak tests can grep for.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

use std::collections::BTreeMap;
use std::path::PathBuf;

use profile_model::{parse_authoring, AuthoringProfile, Grade, ImpactLevel};

fn load_all() -> BTreeMap<String, AuthoringProfile> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/profiles");
    let mut profiles = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let validated =
            parse_authoring(&bytes).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert!(
            validated.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            validated.warnings
        );
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        assert_eq!(validated.value.slug, stem, "file name must be the slug");
        profiles.insert(stem, validated.value);
    }
    profiles
}

#[test]
fn every_sample_profile_parses_without_warnings() {
    let profiles = load_all();
    assert!(
        profiles.len() >= 7,
        "expected the contract example plus at least six, got {}",
        profiles.len()
    );
    for p in profiles.values() {
        assert!(
            p.updated_at.starts_with("2026-"),
            "{}: updated_at {}",
            p.slug,
            p.updated_at
        );
        assert!(p.revision >= 1);
    }
}

#[test]
fn slugs_in_related_and_relationships_point_to_sample_profiles() {
    let profiles = load_all();
    let mut slug_links = 0;
    for p in profiles.values() {
        let slugs = p
            .related
            .iter()
            .filter_map(|r| r.slug.as_ref())
            .chain(p.relationships.iter().filter_map(|r| r.slug.as_ref()));
        for slug in slugs {
            assert!(
                profiles.contains_key(slug),
                "{} links to unknown profile {slug}",
                p.slug
            );
            assert_ne!(slug, &p.slug, "{} links to itself", p.slug);
            slug_links += 1;
        }
    }
    assert!(slug_links >= 5);
}

#[test]
fn samples_cover_every_grade_row_and_impact_level() {
    let profiles = load_all();
    for row in profile_model::GRADE_TABLE {
        assert!(
            profiles
                .values()
                .any(|p| Grade::from_score(p.confidence.score) == Some(row.grade)),
            "no sample profile graded {:?}",
            row.grade
        );
    }
    for level in [ImpactLevel::Low, ImpactLevel::Medium, ImpactLevel::High] {
        assert!(
            profiles
                .values()
                .any(|p| p.impact.as_ref().map(|i| i.level) == Some(level)),
            "no {level:?}"
        );
    }
    assert!(
        profiles.values().any(|p| p.briefings.is_empty()),
        "some profile must have no briefings"
    );
    assert!(
        profiles
            .values()
            .any(|p| p.sections.is_empty() && p.impact.is_none()),
        "a minimal profile"
    );
}

#[test]
fn samples_use_every_block_kind() {
    let profiles = load_all();
    let json = profiles
        .values()
        .map(|p| serde_json::to_string(p).unwrap())
        .collect::<String>();
    for kind in profile_model::KNOWN_BLOCK_TYPES {
        assert!(
            json.contains(&format!("\"type\":\"{kind}\"")),
            "no {kind} block"
        );
    }
    let quote_with_cite = profiles
        .values()
        .flat_map(|p| &p.sections)
        .flat_map(|s| &s.blocks)
        .any(|b| matches!(b, profile_model::Block::Quote { cite: Some(_), .. }));
    assert!(quote_with_cite);
}

#[test]
fn every_briefing_body_carries_its_tier_marker_and_no_teaser_does() {
    let profiles = load_all();
    let mut tiers = std::collections::BTreeSet::new();
    for p in profiles.values() {
        for b in &p.briefings {
            let marker = match b.tier.as_str() {
                "strategy-circle" => "MEMBER-ONLY",
                "leadership-alliance" => "LEADERSHIP-ONLY",
                other => panic!("{}: unknown tier {other}", p.slug),
            };
            tiers.insert(b.tier.clone());
            let body = serde_json::to_string(&b.body).unwrap();
            assert!(
                body.contains(marker),
                "{}/{}: body lacks {marker}",
                p.slug,
                b.id
            );
            for public_text in [Some(&b.title), b.teaser.as_ref()].into_iter().flatten() {
                assert!(
                    !public_text.contains("MEMBER-ONLY")
                        && !public_text.contains("LEADERSHIP-ONLY"),
                    "{}/{}",
                    p.slug,
                    b.id
                );
            }
        }
        let public = serde_json::to_string(&p.to_public()).unwrap();
        assert!(
            !public.contains("MEMBER-ONLY") && !public.contains("LEADERSHIP-ONLY"),
            "{} leaks",
            p.slug
        );
    }
    assert_eq!(tiers.len(), 2, "both tiers must appear: {tiers:?}");
}
