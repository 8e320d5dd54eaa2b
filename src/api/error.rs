//! What can go wrong talking to the API, and how an answer becomes an error.

use std::fmt;

/// What can go wrong talking to the API, in terms the UI can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    NotFound,
    LoginRequired,
    /// 401 `invalid_credentials` from the login endpoint (unknown e-mail or wrong password).
    InvalidCredentials,
    /// 429 from the login endpoint; `retry_after` is the `Retry-After` header in seconds.
    RateLimited {
        retry_after: Option<u64>,
    },
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
            ApiError::InvalidCredentials => "E-mail or password is wrong".into(),
            ApiError::RateLimited {
                retry_after: Some(secs),
            } => format!("Too many attempts, try again in {secs} s"),
            ApiError::RateLimited { retry_after: None } => {
                "Too many attempts, try again later".into()
            }
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

impl std::error::Error for ApiError {}

/// Maps a non-success answer to an [`ApiError`], using the contract's `{error, tier?}` body
/// when there is one.
pub fn error_from_status(status: u16, body: &[u8]) -> ApiError {
    let parsed: Option<profile_model::ApiError> = serde_json::from_slice(body).ok();
    let code = parsed.as_ref().map(|e| e.error.as_str());
    match (status, code) {
        (404, _) => ApiError::NotFound,
        (401, Some("invalid_credentials")) => ApiError::InvalidCredentials,
        (401, _) => ApiError::LoginRequired,
        (429, _) => ApiError::RateLimited { retry_after: None },
        (403, Some("tier_required")) => ApiError::TierRequired {
            tier: parsed.and_then(|e| e.tier).unwrap_or_default(),
        },
        _ => ApiError::Http(status),
    }
}

/// `Retry-After` in seconds; the HTTP-date form is not used by the contract's servers and
/// reads as unknown.
pub fn parse_retry_after(value: Option<&str>) -> Option<u64> {
    value.and_then(|v| v.trim().parse().ok())
}
