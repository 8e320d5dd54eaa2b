//! The committed JSON Schemas in `public/schema/` must be exactly what the types generate.
//! To update them after changing a type: `cargo run -p profile-model --example gen-schema`
//! (or run this test with `UPDATE_SCHEMA=1`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

use std::path::PathBuf;

use profile_model::schema;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/schema")
}

#[test]
fn committed_schemas_match_the_types() {
    let update = std::env::var_os("UPDATE_SCHEMA").is_some_and(|v| v == "1");
    let mut drifted = Vec::new();
    for (name, schema) in schema::all() {
        let path = dir().join(name);
        let want = schema::to_file_text(&schema);
        if update {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(have) if have == want => {}
            _ => drifted.push(name),
        }
    }
    assert!(
        drifted.is_empty(),
        "public/schema/ is out of date for {drifted:?}; run `cargo run -p profile-model --example gen-schema` and commit"
    );
}

fn value(name: &str) -> serde_json::Value {
    let (_, schema) = schema::all().into_iter().find(|(n, _)| *n == name).unwrap();
    schema.to_value()
}

#[test]
fn public_schema_has_no_briefing_body_and_authoring_schema_does() {
    let public = value("profile-public.schema.json").to_string();
    let authoring = value("profile-authoring.schema.json").to_string();
    assert!(
        authoring.contains("\"body\""),
        "authoring briefings have a body"
    );
    assert!(
        !public.contains("\"body\""),
        "a locked placeholder must not describe a body"
    );
}

#[test]
fn block_schema_is_one_of_the_known_shapes_or_an_unknown_type() {
    let authoring = value("profile-authoring.schema.json");
    let block = &authoring["$defs"]["Block"];
    let shapes = block["oneOf"].as_array().unwrap();
    assert_eq!(shapes.len(), profile_model::KNOWN_BLOCK_TYPES.len() + 1);
    for (shape, kind) in shapes.iter().zip(profile_model::KNOWN_BLOCK_TYPES) {
        assert_eq!(shape["properties"]["type"]["const"], kind, "{shape}");
    }
    assert_eq!(
        shapes[4]["properties"]["type"]["not"]["enum"],
        serde_json::json!(profile_model::KNOWN_BLOCK_TYPES)
    );
}

#[test]
fn schema_carries_the_contract_rules_and_limits() {
    let authoring = value("profile-authoring.schema.json");
    let props = &authoring["properties"];
    assert_eq!(props["schema"]["const"], "profile/v1");
    assert_eq!(props["slug"]["pattern"], "^[a-z0-9-]{1,120}$");
    assert_eq!(
        props["sections"]["maxItems"],
        profile_model::limits::MAX_LIST_LEN
    );
    assert_eq!(
        props["name"]["maxLength"],
        profile_model::limits::MAX_TEXT_CHARS
    );
    let required: Vec<&str> = authoring["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for field in [
        "schema",
        "slug",
        "name",
        "updated_at",
        "revision",
        "confidence",
    ] {
        assert!(
            required.contains(&field),
            "{field} must be required: {required:?}"
        );
    }
    assert!(
        !required.contains(&"sections"),
        "optional fields are not required"
    );
    let score = &authoring["$defs"]["Confidence"]["properties"]["score"];
    assert_eq!(
        (score["minimum"].as_f64(), score["maximum"].as_f64()),
        (Some(0.0), Some(1.0))
    );
}
