//! Bodies to types, and path segments to URLs.

use profile_model::validate::is_slug;
use profile_model::{IndexEntry, PublicProfile};
use serde::de::DeserializeOwned;

use super::ApiError;

/// Decodes a JSON answer; a shape error becomes [`ApiError::InvalidData`] with serde's
/// message (line and column; JSON paths are the authoring tools' job, see profile-model's
/// `json-paths` feature).
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::InvalidData(e.to_string()))
}

/// Parses and validates a public profile; validation errors become
/// [`ApiError::InvalidData`] with every error issue listed.
pub fn decode_profile(bytes: &[u8]) -> Result<PublicProfile, ApiError> {
    profile_model::parse_public(bytes)
        .map(|v| v.value)
        .map_err(|issues| {
            let text = issues
                .iter()
                .filter(|i| i.severity == profile_model::Severity::Error)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            ApiError::InvalidData(text)
        })
}

/// Index lines the viewer cannot link to (bad slug) are dropped rather than failing the
/// whole directory.
pub fn decode_index(bytes: &[u8]) -> Result<Vec<IndexEntry>, ApiError> {
    let entries: Vec<IndexEntry> = decode_json(bytes)?;
    Ok(entries.into_iter().filter(|e| is_slug(&e.slug)).collect())
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
