//! The one HTTP client of the viewer. Every request goes through [`ApiClient`], so the API
//! base (same origin `/api` in the standalone app, another origin when embedded), the
//! credentials mode and the error mapping live in one place.

use std::fmt;

use profile_model::validate::is_slug;
use profile_model::{Briefing, IndexEntry, PublicProfile, SiteConfig};
use serde::de::DeserializeOwned;

/// What can go wrong talking to the API, in terms the UI can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    NotFound,
    LoginRequired,
    /// 403 `tier_required`; `tier` is the tier id the server named (may be empty).
    TierRequired {
        tier: String,
    },
    /// The request never got an answer (offline, DNS, CORS, aborted).
    Network(String),
    /// An answer arrived but is not what the contract says; the text names the problem.
    InvalidData(String),
    /// Any other non-success status.
    Http(u16),
}

impl ApiError {
    /// A sentence for readers. Technical detail stays in [`ApiError::detail`].
    pub fn message(&self) -> String {
        match self {
            ApiError::NotFound => "We could not find what you asked for.".into(),
            ApiError::LoginRequired => "Log in to read this briefing.".into(),
            ApiError::TierRequired { .. } => {
                "Your membership does not include this briefing.".into()
            }
            ApiError::Network(_) => {
                "We cannot reach the server. Check your connection and try again.".into()
            }
            ApiError::InvalidData(_) => "The server sent data this viewer cannot read.".into(),
            ApiError::Http(status) => {
                format!("The server could not answer (error {status}). Please try again.")
            }
        }
    }

    /// Technical detail worth showing in a disclosure (validation issues, network error).
    pub fn detail(&self) -> Option<String> {
        match self {
            ApiError::Network(d) | ApiError::InvalidData(d) if !d.is_empty() => Some(d.clone()),
            _ => None,
        }
    }

    /// Whether trying again can help.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Network(_) | ApiError::InvalidData(_) | ApiError::Http(_)
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Maps a non-success answer to an [`ApiError`], using the contract's `{error, tier?}` body
/// when there is one.
pub fn error_from_status(status: u16, body: &[u8]) -> ApiError {
    let parsed: Option<profile_model::ApiError> = serde_json::from_slice(body).ok();
    let code = parsed.as_ref().map(|e| e.error.as_str());
    match (status, code) {
        (404, _) => ApiError::NotFound,
        (401, _) => ApiError::LoginRequired,
        (403, Some("tier_required")) => ApiError::TierRequired {
            tier: parsed.and_then(|e| e.tier).unwrap_or_default(),
        },
        _ => ApiError::Http(status),
    }
}

/// Decodes a JSON answer; a shape error becomes [`ApiError::InvalidData`] naming the path.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        ApiError::InvalidData(format!("{path}: {}", e.into_inner()))
    })
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
}

impl Default for ApiClient {
    fn default() -> Self {
        ApiClient::new("/api")
    }
}

impl ApiClient {
    /// `base` is the API root, e.g. `/api` or `https://viewer.example/api`.
    pub fn new(base: impl Into<String>) -> Self {
        let base = base.into();
        ApiClient {
            base: base.trim_end_matches('/').to_string(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn site(&self) -> Result<SiteConfig, ApiError> {
        decode_json(&self.get("/site").await?)
    }

    pub async fn index(&self) -> Result<Vec<IndexEntry>, ApiError> {
        decode_index(&self.get("/profiles").await?)
    }

    pub async fn profile(&self, slug: &str) -> Result<PublicProfile, ApiError> {
        // A slug outside the contract's alphabet cannot exist; don't ask.
        if !is_slug(slug) {
            return Err(ApiError::NotFound);
        }
        decode_profile(&self.get(&format!("/profiles/{slug}")).await?)
    }

    /// The body of a gated briefing (the login issue uses it).
    pub async fn briefing(&self, slug: &str, id: &str) -> Result<Briefing, ApiError> {
        if !is_slug(slug) {
            return Err(ApiError::NotFound);
        }
        decode_json(
            &self
                .get(&format!(
                    "/profiles/{slug}/briefings/{}",
                    encode_segment(id)
                ))
                .await?,
        )
    }

    async fn get(&self, path: &str) -> Result<Vec<u8>, ApiError> {
        use gloo_net::http::Request;
        let response = Request::get(&self.url(path))
            .credentials(web_sys::RequestCredentials::Include)
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let status = response.status();
        let body = response
            .binary()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        if (200..300).contains(&status) {
            Ok(body)
        } else {
            Err(error_from_status(status, &body))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_map_to_errors() {
        assert_eq!(
            error_from_status(404, br#"{"error":"not_found"}"#),
            ApiError::NotFound
        );
        assert_eq!(error_from_status(404, b""), ApiError::NotFound);
        assert_eq!(
            error_from_status(401, br#"{"error":"login_required"}"#),
            ApiError::LoginRequired
        );
        assert_eq!(
            error_from_status(
                403,
                br#"{"error":"tier_required","tier":"leadership-alliance"}"#
            ),
            ApiError::TierRequired {
                tier: "leadership-alliance".into()
            }
        );
        assert_eq!(error_from_status(403, b"<html>"), ApiError::Http(403));
        assert_eq!(error_from_status(500, b"oops"), ApiError::Http(500));
    }

    #[test]
    fn invalid_profile_names_the_field() {
        let bytes = include_bytes!("../content/profiles/us-officials-telecom-cyber-espionage.json");
        let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        value["confidence"]["score"] = serde_json::json!(1.4);
        let err = decode_profile(&serde_json::to_vec(&value).unwrap()).unwrap_err();
        match &err {
            ApiError::InvalidData(text) => assert!(text.contains("confidence.score"), "{text}"),
            other => panic!("expected InvalidData, got {other:?}"),
        }
        assert!(err.is_retryable());
        assert!(err.detail().is_some());
    }

    #[test]
    fn valid_profile_parses() {
        let bytes = include_bytes!("../content/profiles/us-officials-telecom-cyber-espionage.json");
        let p = decode_profile(bytes).unwrap();
        assert_eq!(p.slug, "us-officials-telecom-cyber-espionage");
    }

    #[test]
    fn index_with_wrong_shape_is_invalid_data_and_bad_slugs_are_dropped() {
        assert!(matches!(
            decode_index(br#"{"not":"a list"}"#),
            Err(ApiError::InvalidData(_))
        ));
        let ok = decode_index(
            br#"[{"slug":"ok-1","name":"A","confidence":{"score":0.5},"updated_at":"2026-01-01T00:00:00Z","revision":1},
                 {"slug":"../etc","name":"B","confidence":{"score":0.5},"updated_at":"2026-01-01T00:00:00Z","revision":1}]"#,
        )
        .unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].slug, "ok-1");
    }

    #[test]
    fn segments_are_encoded_and_base_is_trimmed() {
        assert_eq!(encode_segment("a b/c?"), "a%20b%2Fc%3F");
        assert_eq!(
            encode_segment("deeper-profile_context.1~"),
            "deeper-profile_context.1~"
        );
        assert_eq!(
            ApiClient::new("https://x.example/api/").url("/site"),
            "https://x.example/api/site"
        );
        assert_eq!(ApiClient::default().url("/profiles"), "/api/profiles");
    }

    #[test]
    fn messages_are_human() {
        assert!(ApiError::Network("TypeError".into())
            .message()
            .contains("cannot reach"));
        assert!(!ApiError::NotFound.is_retryable());
        assert!(ApiError::Http(502).message().contains("502"));
    }
}
