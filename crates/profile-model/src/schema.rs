//! JSON Schemas of the contract's formats, generated from the Rust types (feature `schema`).
//!
//! The committed copies live in `public/schema/`; `cargo run -p profile-model --example
//! gen-schema` rewrites them and the `schema_files` test fails when they drift from the types.

use schemars::transform::{RecursiveTransform, Transform};
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::limits::{MAX_LIST_LEN, MAX_TEXT_CHARS};
use crate::types::*;

/// Every generated schema: (file name under `public/schema/`, schema).
pub fn all() -> Vec<(&'static str, Schema)> {
    let schemas = vec![
        (
            "profile-authoring.schema.json",
            root::<AuthoringProfile>("Profile (authoring format)", "One authoring file: server side only; briefings carry their bodies."),
        ),
        (
            "profile-public.schema.json",
            root::<PublicProfile>(
                "Profile (public format)",
                "What any browser may receive: every briefing is a locked placeholder with no body.",
            ),
        ),
        (
            "briefing.schema.json",
            root::<Briefing>("Briefing", "The entitled answer of GET /profiles/{slug}/briefings/{id}."),
        ),
        ("index.schema.json", root::<Vec<IndexEntry>>("Profile index", "GET /profiles.")),
        (
            "relationships.schema.json",
            root::<Vec<ProfileEdge>>("Relationships between profiles", "GET /relationships."),
        ),
        ("site.schema.json", root::<SiteConfig>("Site configuration", "GET /site.")),
    ];
    // `$id` is relative: it resolves against wherever the schema is read from (the server
    // serves it at `/schema/<name>` with its absolute URL in place).
    schemas
        .into_iter()
        .map(|(name, mut schema)| {
            schema.insert("$id".into(), name.into());
            (name, schema)
        })
        .collect()
}

/// The schema as committed: pretty JSON with a final newline.
pub fn to_file_text(schema: &Schema) -> String {
    // Serialising a `Schema` (a JSON value) cannot fail; fall back to compact text anyway.
    let mut text =
        serde_json::to_string_pretty(schema).unwrap_or_else(|_| schema.as_value().to_string());
    text.push('\n');
    text
}

fn root<T: JsonSchema>(title: &str, description: &str) -> Schema {
    let mut generator = SchemaGenerator::new(
        schemars::generate::SchemaSettings::draft2020_12()
            .for_deserialize()
            .with_transform(RecursiveTransform(AddLimits)),
    );
    let mut schema = generator.root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema
}

/// Writes the parser's list and text limits into the schema, so editors flag them too.
#[derive(Clone)]
struct AddLimits;

impl Transform for AddLimits {
    fn transform(&mut self, schema: &mut Schema) {
        // `type` is a name, or a list of names for optional fields (`["string", "null"]`).
        let has_type = |schema: &Schema, name: &str| match schema.get("type") {
            Some(serde_json::Value::String(t)) => t == name,
            Some(serde_json::Value::Array(ts)) => ts.iter().any(|t| t == name),
            _ => false,
        };
        if has_type(schema, "array") {
            schema.insert("maxItems".into(), MAX_LIST_LEN.into());
        }
        if has_type(schema, "string") {
            schema.insert("maxLength".into(), MAX_TEXT_CHARS.into());
        }
    }
}
