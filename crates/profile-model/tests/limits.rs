//! Hostile authoring files: each limit gives an error that names the JSON path, never a
//! panic, a hang or an unreadable message.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

use profile_model::limits::{
    MAX_LIST_LEN, MAX_MESSAGE_CHARS, MAX_NESTING, MAX_PROFILE_BYTES, MAX_TEXT_CHARS,
};
use profile_model::{parse_authoring, parse_public, Issue, Severity};
use serde_json::{json, Value};

const EXAMPLE: &str =
    include_str!("../../../content/profiles/us-officials-telecom-cyber-espionage.json");

fn with(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
    edit(&mut v);
    serde_json::to_vec(&v).unwrap()
}

fn errors(bytes: &[u8]) -> Vec<Issue> {
    let issues = parse_authoring(bytes).unwrap_err();
    assert!(issues.iter().any(|i| i.severity == Severity::Error));
    issues
}

fn paragraph(text: &str) -> Value {
    json!({"type": "paragraph", "text": text})
}

#[test]
fn list_limits_name_the_path_and_allow_exactly_the_limit() {
    let sections = |n: usize| {
        with(move |v| {
            v["sections"] = (0..n)
                .map(|i| json!({"id": format!("s{i}"), "heading": "h", "blocks": []}))
                .collect();
        })
    };
    assert!(parse_authoring(&sections(MAX_LIST_LEN)).is_ok());
    let e = errors(&sections(MAX_LIST_LEN + 1));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].to_string(),
        "error: sections: 1001 entries, more than the limit of 1000"
    );

    let e = errors(&with(|v| {
        v["briefings"][1]["body"]["blocks"][0] =
            json!({"type": "list", "items": vec!["x"; MAX_LIST_LEN + 1]});
    }));
    assert_eq!(e[0].path, "briefings[1].body.blocks[0].items");

    let e = errors(&with(|v| v["key_points"] = json!(vec!["k"; 5000])));
    assert_eq!(e[0].path, "key_points");
    assert!(e[0].message.contains("5000 entries"));
}

type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn every_kind_of_list_is_capped() {
    let many = |item: Value| Value::Array(vec![item; MAX_LIST_LEN + 1]);
    let cases: Vec<(&str, Edit)> = vec![
        (
            "sections[0].blocks",
            Box::new(move |v| v["sections"][0]["blocks"] = many(paragraph("p"))),
        ),
        (
            "sections[3].blocks[1].facts",
            Box::new(move |v| {
                v["sections"][3]["blocks"][1]["facts"] = many(json!({"label": "l", "value": "v"}))
            }),
        ),
        (
            "related",
            Box::new(move |v| v["related"] = many(json!({"title": "t"}))),
        ),
        (
            "relationships",
            Box::new(move |v| v["relationships"] = many(json!({"name": "n", "relation": "r"}))),
        ),
        (
            "sources",
            Box::new(move |v| v["sources"] = many(json!({"title": "t"}))),
        ),
        (
            "briefings[0].body.sources",
            Box::new(move |v| v["briefings"][0]["body"]["sources"] = many(json!({"title": "t"}))),
        ),
    ];
    for (path, edit) in cases {
        let e = errors(&with(|v| edit(v)));
        assert_eq!(e[0].path, path, "{e:?}");
    }
    // Briefings: ids must stay unique so that the limit is the only error.
    let e = errors(&with(|v| {
        v["briefings"] = (0..=MAX_LIST_LEN)
            .map(|i| json!({"id": format!("b{i}"), "title": "t", "tier": "strategy-circle", "body": {"blocks": []}}))
            .collect();
    }));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].path, "briefings");
}

#[test]
fn text_limit_names_the_path_and_counts_characters_not_bytes() {
    // 'é' is two bytes: the limit is in characters, so exactly the limit passes.
    let at_limit = "é".repeat(MAX_TEXT_CHARS);
    assert!(parse_authoring(&with(
        |v| v["sections"][0]["blocks"][0] = paragraph(&at_limit)
    ))
    .is_ok());
    let over = "x".repeat(MAX_TEXT_CHARS + 1);
    let e = errors(&with(|v| v["sections"][0]["blocks"][0] = paragraph(&over)));
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].to_string(),
        "error: sections[0].blocks[0].text: 100001 characters, more than the limit of 100000"
    );
    let e = errors(&with(|v| {
        v["briefings"][0]["body"]["blocks"][0] = paragraph(&over)
    }));
    assert_eq!(e[0].path, "briefings[0].body.blocks[0].text");
    let e = errors(&with(|v| v["impact"]["summary"] = over.clone().into()));
    assert_eq!(e[0].path, "impact.summary");
}

#[test]
fn public_profiles_get_the_same_limits() {
    let over = "x".repeat(MAX_TEXT_CHARS + 1);
    let bytes = with(|v| {
        v.as_object_mut().unwrap().remove("briefings");
        v["rationale"] = over.into();
    });
    let e = parse_public(&bytes).unwrap_err();
    assert_eq!(e[0].path, "rationale");
}

#[test]
fn messages_about_huge_values_stay_short() {
    let huge = "Z".repeat(MAX_TEXT_CHARS);
    let e = errors(&with(|v| v["slug"] = huge.clone().into()));
    assert_eq!(e[0].path, "slug");
    assert!(
        e[0].message.chars().count() < MAX_MESSAGE_CHARS + 100,
        "{}",
        e[0].message.len()
    );
    // A parser message (wrong type) echoes the value; it is cut too.
    let e = errors(&with(|v| v["revision"] = huge.clone().into()));
    assert_eq!(e[0].path, "revision");
    assert!(
        e[0].message.chars().count() <= MAX_MESSAGE_CHARS + 1,
        "{}",
        e[0].message.len()
    );
    assert!(e[0].message.ends_with('…'));
    let e = errors(&with(|v| {
        v["sections"][0]["blocks"][0] = json!({"type": "list", "items": {huge.clone(): 1}})
    }));
    assert!(
        e[0].path.chars().count() <= MAX_MESSAGE_CHARS + 1,
        "{}",
        e[0].path.len()
    );
    let v = parse_authoring(&with(|v| {
        v["sections"][0]["blocks"][0] = json!({"type": huge})
    }))
    .unwrap();
    assert!(v.warnings[0].message.chars().count() < MAX_MESSAGE_CHARS + 100);
}

#[test]
fn nesting_limit_is_127_levels() {
    // The block is the 5th level: document, sections, section, blocks, block.
    let nested = |depth: usize| {
        let inner = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        EXAMPLE.replacen(
            "\"type\": \"paragraph\",",
            &format!("\"type\": \"paragraph\", \"x\": {inner},"),
            1,
        )
    };
    assert!(parse_authoring(nested(MAX_NESTING - 5).as_bytes()).is_ok());
    let e = errors(nested(MAX_NESTING - 4).as_bytes());
    assert!(e[0].message.contains("recursion limit"), "{e:?}");
    assert!(
        e[0].path.starts_with("sections[0].blocks[0].x[0][0]"),
        "{}",
        e[0].path
    );
    assert!(e[0].path.chars().count() <= MAX_MESSAGE_CHARS + 1);
    // 100k levels of objects inside a block: refused at the limit, without a stack overflow.
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let hostile = EXAMPLE.replacen(
        "\"type\": \"paragraph\",",
        &format!("\"type\": \"paragraph\", \"x\": {deep_obj},"),
        1,
    );
    assert!(errors(hostile.as_bytes())[0]
        .message
        .contains("recursion limit"));
    // Skipped (unknown field at the top): no recursion, no limit needed, no crash.
    let skipped = EXAMPLE.replacen('{', &format!("{{\"x\": {deep_obj},"), 1);
    assert!(parse_authoring(skipped.as_bytes()).is_ok());
}

#[test]
fn hostile_bytes_are_errors_not_panics() {
    let ten_mib = vec![b'['; 10 * 1024 * 1024];
    assert!(errors(&ten_mib)[0].message.contains("more than the limit"));
    let at_cap_of_garbage = vec![b'{'; MAX_PROFILE_BYTES];
    assert!(!errors(&at_cap_of_garbage).is_empty());
    let cases: Vec<Vec<u8>> = vec![
        vec![],
        b"null".to_vec(),
        b"[]".to_vec(),
        vec![0xff, 0xfe, 0x00],
        EXAMPLE.replacen("0.62", "NaN", 1).into_bytes(),
        EXAMPLE.replacen("0.62", "Infinity", 1).into_bytes(),
        EXAMPLE.replacen("0.62", "1e999", 1).into_bytes(),
        EXAMPLE.replacen("0.62", "\"0.62\"", 1).into_bytes(),
        EXAMPLE
            .replacen("\"revision\": 3", "\"revision\": -3", 1)
            .into_bytes(),
        EXAMPLE
            .replacen("\"revision\": 3", "\"revision\": 0", 1)
            .into_bytes(),
        EXAMPLE
            .replacen("\"revision\": 3", "\"revision\": 18446744073709551616", 1)
            .into_bytes(),
        EXAMPLE.replacen("MEMBER-ONLY", "\\ud800", 1).into_bytes(),
    ];
    for bytes in cases {
        let e = errors(&bytes);
        assert!(e.iter().all(|i| !i.to_string().is_empty()));
    }
}
