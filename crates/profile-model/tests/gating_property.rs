//! Property: any valid authoring profile projects to a public profile whose JSON contains
//! none of its briefing bodies' text; and parsing is stable under a serialise round trip.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

use profile_model::*;
use proptest::collection::vec;
use proptest::prelude::*;

/// Public text never contains '#', so a '#SECRET#' marker found in public JSON is a leak.
fn text() -> BoxedStrategy<String> {
    "[^#]{0,24}".boxed()
}

fn nonempty() -> BoxedStrategy<String> {
    "[A-Za-z][^#]{0,24}".boxed()
}

/// Body text: some ordinary words around a marker unique to this test case.
fn secret(marker: u64, words: String) -> String {
    format!("{words} #SECRET#{marker:016x}# {words}")
}

fn url() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("https://example.org/a".to_string())),
        Just(Some("javascript:alert(1)".to_string())), // dropped with a warning, still valid
    ]
}

fn block(body_text: BoxedStrategy<String>) -> impl Strategy<Value = Block> {
    prop_oneof![
        body_text.clone().prop_map(|text| Block::Paragraph { text }),
        vec(body_text.clone(), 0..4).prop_map(|items| Block::List { items }),
        vec((body_text.clone(), body_text.clone()), 0..3).prop_map(|f| Block::Facts {
            facts: f
                .into_iter()
                .map(|(label, value)| Fact { label, value })
                .collect()
        }),
        (body_text.clone(), proptest::option::of(body_text))
            .prop_map(|(text, cite)| Block::Quote { text, cite }),
        "[a-z]{1,8}"
            .prop_filter("unknown kinds only", |k| !KNOWN_BLOCK_TYPES
                .contains(&k.as_str()))
            .prop_map(|kind| Block::Unsupported { kind }),
    ]
}

fn source(title: BoxedStrategy<String>) -> impl Strategy<Value = Source> {
    (title, url()).prop_map(|(title, url)| Source {
        title,
        url,
        publisher: None,
        retrieved_at: None,
    })
}

fn briefing(marker: u64, index: usize) -> impl Strategy<Value = Briefing> {
    let body_text = text().prop_map(move |w| secret(marker, w)).boxed();
    (
        nonempty(),
        prop_oneof![Just("strategy-circle"), Just("leadership-alliance")],
        proptest::option::of(text()),
        vec(block(body_text.clone()), 0..4),
        vec(source(body_text), 0..2),
    )
        .prop_map(move |(title, tier, teaser, blocks, sources)| Briefing {
            id: format!("b{index}"),
            title,
            tier: tier.to_string(),
            teaser,
            body: BriefingBody { blocks, sources },
        })
}

fn section() -> impl Strategy<Value = Section> {
    (text(), text(), vec(block(text()), 0..4)).prop_map(|(id, heading, blocks)| Section {
        id,
        heading,
        blocks,
    })
}

fn profile() -> impl Strategy<Value = AuthoringProfile> {
    let head = (
        "[a-z0-9-]{1,40}",
        nonempty(),
        proptest::option::of(text()),
        (1u32..=12, 1u32..=28, 0u32..=23, 0u32..=59),
        1u64..=u64::MAX,
        0.0f64..=1.0,
        proptest::option::of(prop_oneof![
            Just(ImpactLevel::Low),
            Just(ImpactLevel::Medium),
            Just(ImpactLevel::High)
        ]),
    );
    let body = (
        vec(text(), 0..3),
        vec(section(), 0..4),
        vec(
            (text(), url(), proptest::option::of("[a-z0-9-]{1,12}")),
            0..3,
        ),
        vec(source(text()), 0..3),
        any::<u64>().prop_flat_map(|marker| {
            (
                Just(marker),
                (0usize..4).prop_flat_map(move |n| {
                    (0..n).map(|i| briefing(marker, i)).collect::<Vec<_>>()
                }),
            )
        }),
    );
    (head, body).prop_map(
        |(
            (slug, name, kind, (mo, d, h, mi), revision, score, level),
            (key_points, sections, related, sources, (_, briefings)),
        )| {
            Profile {
                schema: SCHEMA_V1.to_string(),
                slug,
                name,
                kind,
                ecosystem: None,
                base: None,
                focus: None,
                publisher: None,
                updated_at: format!("2026-{mo:02}-{d:02}T{h:02}:{mi:02}:00Z"),
                revision,
                rationale: None,
                relevance: None,
                confidence: Confidence { score, basis: None },
                impact: level.map(|level| Impact {
                    level,
                    summary: None,
                    criticality: None,
                    horizon: None,
                }),
                key_points,
                sections,
                related: related
                    .into_iter()
                    .map(|(title, url, slug)| Related { title, url, slug })
                    .collect(),
                relationships: vec![],
                sources,
                briefings,
            }
        },
    )
}

fn body_strings(b: &Briefing) -> Vec<String> {
    let json = serde_json::to_value(&b.body).unwrap();
    let mut out = Vec::new();
    collect_strings(&json, &mut out);
    out.retain(|s| s.contains("#SECRET#"));
    out
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(m) => m.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

proptest! {
    #[test]
    fn public_projection_contains_no_briefing_body_text(p in profile()) {
        let bytes = serde_json::to_vec(&p).unwrap();
        let parsed = parse_authoring(&bytes).map_err(|e| TestCaseError::fail(format!("{e:?}")))?.value;
        let public = parsed.to_public();
        let public_json = serde_json::to_string(&public).unwrap();
        let index_json = serde_json::to_string(&parsed.index_entry()).unwrap();
        for b in &parsed.briefings {
            for s in body_strings(b) {
                prop_assert!(!public_json.contains(&s), "body text leaked: {s}");
                // The marker alone must not appear either (no excerpt of a body).
                let marker = &s[s.find("#SECRET#").unwrap()..];
                prop_assert!(!public_json.contains(marker.trim_end()));
            }
        }
        prop_assert!(!public_json.contains("#SECRET#"));
        prop_assert!(!index_json.contains("#SECRET#"));
        // The placeholders keep everything a locked briefing may show.
        prop_assert_eq!(public.briefings.len(), parsed.briefings.len());
        for (locked, full) in public.briefings.iter().zip(&parsed.briefings) {
            prop_assert_eq!(locked, &full.locked());
        }
    }

    #[test]
    fn parsing_is_stable_under_a_round_trip(p in profile()) {
        let first = parse_authoring(&serde_json::to_vec(&p).unwrap()).unwrap().value;
        let second = parse_authoring(&serde_json::to_vec(&first).unwrap()).unwrap();
        prop_assert_eq!(&second.value, &first);
        let public = first.to_public();
        let reparsed = parse_public(&serde_json::to_vec(&public).unwrap()).unwrap().value;
        prop_assert_eq!(reparsed, public);
    }
}
