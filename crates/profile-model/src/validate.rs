//! Parsing and validation. Every problem is an [`Issue`] that names the JSON path and the
//! rule, e.g. `confidence.score: 1.4 is outside 0..1`. Errors reject the profile; warnings
//! keep it (an unknown block type, a dropped non-http link).

use serde::de::DeserializeOwned;

use crate::issue::{error, warning};
use crate::limits::{self, excerpt};
use crate::types::*;
use crate::{Grade, SCHEMA_V1};

pub use crate::issue::{Issue, Severity};
pub use crate::limits::MAX_PROFILE_BYTES;

/// A profile that passed validation, with the warnings found on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Validated<T> {
    pub value: T,
    pub warnings: Vec<Issue>,
}

/// Parses and validates one authoring file. Non-http(s) links are dropped with a warning.
pub fn parse_authoring(bytes: &[u8]) -> Result<Validated<AuthoringProfile>, Vec<Issue>> {
    let mut profile: AuthoringProfile = parse_json(bytes)?;
    let mut issues = unknown_fields(bytes, &profile);
    limits::check(&profile, &mut issues);
    check_profile(&mut profile, &mut issues);
    let mut ids = std::collections::HashSet::new();
    for (i, briefing) in profile.briefings.iter().enumerate() {
        let path = format!("briefings[{i}]");
        require_nonempty(&briefing.id, &format!("{path}.id"), &mut issues);
        require_nonempty(&briefing.tier, &format!("{path}.tier"), &mut issues);
        if !ids.insert(briefing.id.as_str()) {
            issues.push(error(
                &format!("{path}.id"),
                format!("duplicate briefing id \"{}\"", excerpt(&briefing.id)),
            ));
        }
        check_blocks(
            &briefing.body.blocks,
            &format!("{path}.body.blocks"),
            &mut issues,
        );
    }
    finish(profile, issues)
}

/// Parses and validates a public profile, as the viewer receives it from any backend.
pub fn parse_public(bytes: &[u8]) -> Result<Validated<PublicProfile>, Vec<Issue>> {
    let mut profile: PublicProfile = parse_json(bytes)?;
    let mut issues = Vec::new();
    limits::check(&profile, &mut issues);
    check_profile(&mut profile, &mut issues);
    finish(profile, issues)
}

/// A warning for every field of the file that the format does not read (a misspelt
/// `txet` is otherwise silently ignored): the keys of the JSON that do not come back when
/// the parsed value is written out again. `$schema` (for editors) is expected at the top;
/// a `null` or empty value is a default either way; an unknown block type is reported
/// once, on its own.
fn unknown_fields<T: serde::Serialize>(bytes: &[u8], parsed: &T) -> Vec<Issue> {
    let mut issues = Vec::new();
    if let (Ok(input), Ok(read)) = (
        serde_json::from_slice::<serde_json::Value>(bytes),
        serde_json::to_value(parsed),
    ) {
        compare_fields(&input, &read, "", &mut issues);
    }
    issues
}

fn compare_fields(
    input: &serde_json::Value,
    read: &serde_json::Value,
    path: &str,
    issues: &mut Vec<Issue>,
) {
    use serde_json::Value;
    match (input, read) {
        (Value::Object(input), Value::Object(read)) => {
            let unsupported_block = read.len() == 1
                && read
                    .get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| !KNOWN_BLOCK_TYPES.contains(&t));
            if unsupported_block {
                return;
            }
            for (key, value) in input {
                let field = if path.is_empty() {
                    excerpt(key)
                } else {
                    format!("{path}.{}", excerpt(key))
                };
                match read.get(key) {
                    Some(read) => compare_fields(value, read, &field, issues),
                    None if path.is_empty() && key == "$schema" => {}
                    None if is_default(value) => {}
                    None => issues.push(Issue {
                        severity: Severity::Warning,
                        path: field,
                        message: "unknown field".into(),
                    }),
                }
            }
        }
        (Value::Array(input), Value::Array(read)) if input.len() == read.len() => {
            for (i, (a, b)) in input.iter().zip(read).enumerate() {
                compare_fields(a, b, &format!("{path}[{i}]"), issues);
            }
        }
        _ => {}
    }
}

fn is_default(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn finish<T>(value: T, issues: Vec<Issue>) -> Result<Validated<T>, Vec<Issue>> {
    if issues.iter().any(|i| i.severity == Severity::Error) {
        Err(issues)
    } else {
        Ok(Validated {
            value,
            warnings: issues,
        })
    }
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Vec<Issue>> {
    if bytes.len() > MAX_PROFILE_BYTES {
        return Err(vec![error(
            "",
            format!(
                "file is {} bytes, more than the limit of {MAX_PROFILE_BYTES}",
                bytes.len()
            ),
        )]);
    }
    // serde_json stops at a nesting depth of 128 with an error, so hostile nesting cannot
    // overflow the stack.
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    #[cfg(feature = "json-paths")]
    let parsed = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        // Hostile paths can be long (deep nesting, huge keys): cut like messages.
        let path = if path == "." {
            String::new()
        } else {
            excerpt(&path)
        };
        vec![error(&path, excerpt(&e.into_inner().to_string()))]
    });
    #[cfg(not(feature = "json-paths"))]
    let parsed = T::deserialize(&mut *de).map_err(|e| vec![error("", excerpt(&e.to_string()))]);
    let value = parsed?;
    // Like serde_json::from_slice: nothing but whitespace after the value.
    de.end()
        .map_err(|e| vec![error("", excerpt(&e.to_string()))])?;
    Ok(value)
}

fn check_profile<B>(p: &mut Profile<B>, issues: &mut Vec<Issue>) {
    if p.schema != SCHEMA_V1 {
        issues.push(error(
            "schema",
            format!(
                "\"{}\" is not supported (expected \"{SCHEMA_V1}\")",
                excerpt(&p.schema)
            ),
        ));
    }
    if !is_slug(&p.slug) {
        issues.push(error(
            "slug",
            format!("\"{}\" must match [a-z0-9-]{{1,120}}", excerpt(&p.slug)),
        ));
    }
    require_nonempty(&p.name, "name", issues);
    if !is_rfc3339(&p.updated_at) {
        issues.push(error(
            "updated_at",
            format!("\"{}\" is not an RFC 3339 time", excerpt(&p.updated_at)),
        ));
    }
    if p.revision < 1 {
        issues.push(error("revision", "must be at least 1".to_string()));
    }
    if Grade::from_score(p.confidence.score).is_none() {
        issues.push(error(
            "confidence.score",
            format!("{} is outside 0..1", p.confidence.score),
        ));
    }
    if let Some(publisher) = &mut p.publisher {
        drop_unsafe_url(&mut publisher.url, "publisher.url", issues);
    }
    for (i, section) in p.sections.iter().enumerate() {
        check_blocks(&section.blocks, &format!("sections[{i}].blocks"), issues);
    }
    for (i, related) in p.related.iter_mut().enumerate() {
        drop_unsafe_url(&mut related.url, &format!("related[{i}].url"), issues);
        drop_bad_slug(&mut related.slug, &format!("related[{i}].slug"), issues);
    }
    for (i, relationship) in p.relationships.iter_mut().enumerate() {
        drop_bad_slug(
            &mut relationship.slug,
            &format!("relationships[{i}].slug"),
            issues,
        );
    }
    for (i, source) in p.sources.iter_mut().enumerate() {
        drop_unsafe_url(&mut source.url, &format!("sources[{i}].url"), issues);
    }
}

fn check_blocks(blocks: &[Block], path: &str, issues: &mut Vec<Issue>) {
    for (i, block) in blocks.iter().enumerate() {
        if let Block::Unsupported { kind } = block {
            issues.push(warning(
                &format!("{path}[{i}]"),
                format!("unknown block type \"{}\"", excerpt(kind)),
            ));
        }
    }
}

/// A slug becomes a link to another profile; a malformed one is dropped, the entry kept.
fn drop_bad_slug(slug: &mut Option<String>, path: &str, issues: &mut Vec<Issue>) {
    if let Some(s) = slug {
        if !is_slug(s) {
            issues.push(warning(
                path,
                format!("\"{}\" is not a valid slug; dropped", excerpt(s)),
            ));
            *slug = None;
        }
    }
}

fn drop_unsafe_url(url: &mut Option<String>, path: &str, issues: &mut Vec<Issue>) {
    if let Some(u) = url {
        if !is_http_url(u) {
            issues.push(warning(
                path,
                format!("\"{}\" is not an http(s) URL; dropped", excerpt(u)),
            ));
            *url = None;
        }
    }
}

fn require_nonempty(value: &str, path: &str, issues: &mut Vec<Issue>) {
    if value.trim().is_empty() {
        issues.push(error(path, "must not be empty".to_string()));
    }
}

/// `[a-z0-9-]{1,120}`
pub fn is_slug(s: &str) -> bool {
    (1..=120).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Only absolute `http://` and `https://` URLs are ever links.
pub fn is_http_url(s: &str) -> bool {
    let lower = s.trim_start().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/'))
        && !s.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// The shape of an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num =
        |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok()).unwrap_or(99);
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    if !matches!(b[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    if !(1..=12).contains(&num(5..7))
        || !(1..=31).contains(&num(8..10))
        || num(11..13) > 23
        || num(14..16) > 59
        || num(17..19) > 60
    {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] => {
            b.len() == i + 6 && digits(i + 1..i + 3) && b[i + 3] == b':' && digits(i + 4..i + 6)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str =
        include_str!("../../../content/profiles/us-officials-telecom-cyber-espionage.json");

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn with(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Vec<u8>, serde_json::Error> {
        let mut v: serde_json::Value = serde_json::from_str(EXAMPLE)?;
        edit(&mut v);
        serde_json::to_vec(&v)
    }

    /// A parse that must succeed; its issues become the test's error.
    fn valid<T>(parsed: Result<Validated<T>, Vec<Issue>>) -> Result<Validated<T>, String> {
        parsed.map_err(|issues| format!("{issues:?}"))
    }

    fn errors(bytes: &[u8]) -> Vec<String> {
        parse_authoring(bytes)
            .unwrap_err()
            .iter()
            .map(|i| i.to_string())
            .collect()
    }

    #[test]
    fn the_contract_example_is_valid_without_warnings() -> TestResult {
        let v = valid(parse_authoring(EXAMPLE.as_bytes()))?;
        assert!(v.warnings.is_empty(), "{:?}", v.warnings);
        assert_eq!(v.value.briefings.len(), 2);
        assert_eq!(Grade::from_score(v.value.confidence.score), Some(Grade::BC));
        Ok(())
    }

    #[test]
    fn score_out_of_range_names_the_path() -> TestResult {
        let e = errors(&with(|v| v["confidence"]["score"] = 1.4.into())?);
        assert_eq!(e, ["error: confidence.score: 1.4 is outside 0..1"]);
        Ok(())
    }

    #[test]
    fn score_that_is_not_a_number_names_the_path() -> TestResult {
        let e = errors(&with(|v| v["confidence"]["score"] = "NaN".into())?);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("error: confidence.score: invalid type: string"),
            "{e:?}"
        );
        Ok(())
    }

    #[test]
    fn missing_field_names_its_parent() -> TestResult {
        let e = errors(&with(|v| {
            if let Some(block) = v["sections"][1]["blocks"][0].as_object_mut() {
                block.remove("text");
            }
        })?);
        assert!(
            e[0].starts_with("error: sections[1].blocks[0]: missing field `text`"),
            "{e:?}"
        );
        Ok(())
    }

    #[test]
    fn unknown_block_type_is_a_warning_that_keeps_the_profile() -> TestResult {
        let v = valid(parse_authoring(&with(|v| {
            v["sections"][2]["blocks"][0] = serde_json::json!({"type": "table", "rows": []})
        })?))?;
        assert_eq!(
            v.warnings[0].to_string(),
            "warning: sections[2].blocks[0]: unknown block type \"table\""
        );
        assert_eq!(
            v.value.sections[2].blocks[0],
            Block::Unsupported {
                kind: "table".into()
            }
        );
        Ok(())
    }

    #[test]
    fn javascript_url_is_dropped_with_a_warning() -> TestResult {
        let v = valid(parse_authoring(&with(|v| {
            v["related"][0]["url"] = "javascript:alert(1)".into()
        })?))?;
        assert_eq!(v.value.related[0].url, None);
        assert_eq!(v.warnings[0].path, "related[0].url");
        Ok(())
    }

    #[test]
    fn wrong_schema_bad_slug_and_empty_name_are_errors() -> TestResult {
        let e = errors(&with(|v| {
            v["schema"] = "profile/v2".into();
            v["slug"] = "Not A Slug".into();
            v["name"] = " ".into();
        })?);
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].starts_with("error: schema:"));
        assert!(e[1].starts_with("error: slug:"));
        assert_eq!(e[2], "error: name: must not be empty");
        Ok(())
    }

    #[test]
    fn unknown_fields_are_ignored() -> TestResult {
        assert!(
            parse_authoring(&with(|v| v["future_field"] = serde_json::json!({"x": 1}))?).is_ok()
        );
        Ok(())
    }

    #[test]
    fn truncated_and_oversized_files_are_errors() {
        assert!(!errors(&EXAMPLE.as_bytes()[..100]).is_empty());
        let big = vec![b' '; MAX_PROFILE_BYTES + 1];
        assert!(errors(&big)[0].contains("more than the limit"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let in_unknown_field = EXAMPLE.replacen('{', &format!("{{\"x\": {deep},"), 1);
        // Skipped without recursion: ignoring an unknown field cannot overflow the stack.
        assert!(parse_authoring(in_unknown_field.as_bytes()).is_ok());
        let in_block = EXAMPLE.replacen(
            "\"type\": \"paragraph\",",
            &format!("\"type\": \"paragraph\", \"x\": {deep},"),
            1,
        );
        assert!(errors(in_block.as_bytes())[0].contains("recursion limit"));
    }

    #[test]
    fn public_projection_has_no_briefing_body() -> TestResult {
        let v = valid(parse_authoring(EXAMPLE.as_bytes()))?;
        let json = serde_json::to_string(&v.value.to_public())?;
        assert!(!json.contains("MEMBER-ONLY"));
        assert!(!json.contains("LEADERSHIP-ONLY"));
        assert!(json.contains("Deeper profile context"));
        let back = valid(parse_public(json.as_bytes()))?;
        assert_eq!(back.value.briefings[0].teaser, v.value.briefings[0].teaser);
        Ok(())
    }

    #[test]
    fn rfc3339_shapes() {
        for ok in [
            "2026-11-20T09:30:00Z",
            "2026-11-20T09:30:00.123+02:00",
            "2026-02-28t23:59:60z",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2026-11-20",
            "2026-13-20T09:30:00Z",
            "2026-11-20T09:30:00",
            "2026-11-20T09:30:00+0200",
            "x",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn only_http_urls() {
        for ok in ["https://btw.media/", "http://example.org/a?b=c"] {
            assert!(is_http_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "data:text/html,x",
            "//evil",
            "https://",
            "https:///x",
            "ftp://x",
            "https://a b",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }
}
