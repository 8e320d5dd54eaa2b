//! Security headers on every answer, CSRF defence for state-changing requests, and CORS
//! (with credentials) for the allow-listed origins only.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::json_error;
use crate::state::AppState;

/// The header every state-changing request must carry (a cross-site form cannot set it).
pub const CSRF_HEADER: &str = "x-profile-viewer";

/// `scheme://host[:port]` in lower case, or `None` when `s` is not such an origin.
pub fn normalise_origin(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    ok.then_some(s)
}

/// Same origin as far as the server can tell: the Origin's host and port are the `Host`
/// the request was sent to. (The scheme is not compared: behind a TLS proxy the server may
/// not know it.)
fn same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The one middleware around everything.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_string);
    let cross_origin = origin.filter(|o| !same_origin(o, headers));
    let allowed = cross_origin
        .as_deref()
        .and_then(normalise_origin)
        .filter(|o| state.config.allow_origins.contains(o))
        .and(cross_origin.clone());
    let api = req
        .uri()
        .path()
        .strip_prefix(state.config.base_path.as_str())
        .is_some_and(is_api);
    let method = req.method().clone();

    let duplicate_session =
        api && crate::auth::cookie_session(headers, state.cookie_name()).is_err();
    let mut response = if duplicate_session {
        // Which of two session cookies is the reader's cannot be known: one may have been
        // planted by a sibling site (session fixation).
        json_error(
            StatusCode::BAD_REQUEST,
            "duplicate_session_cookie",
            Some("the request carries the session cookie twice; clear this site's cookies"),
        )
    } else if method == Method::OPTIONS
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        // A CORS preflight. Foreign origins get a plain 403 and no CORS headers.
        if allowed.is_some() || cross_origin.is_none() {
            preflight()
        } else {
            json_error(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                Some("this origin is not allowed"),
            )
        }
    } else if !(method == Method::GET || method == Method::HEAD || method == Method::OPTIONS) {
        if headers.get(CSRF_HEADER).is_none_or(|v| v != "1") {
            json_error(
                StatusCode::FORBIDDEN,
                "csrf",
                Some("state-changing requests need the header X-Profile-Viewer: 1"),
            )
        } else if cross_origin.is_some() && allowed.is_none() {
            json_error(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                Some("this origin is not allowed"),
            )
        } else {
            next.run(req).await
        }
    } else {
        next.run(req).await
    };

    let h = response.headers_mut();
    if let Some(origin) = allowed.and_then(|o| HeaderValue::from_str(&o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if api {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("etag, retry-after"),
            );
        }
    }
    if !state.config.allow_origins.is_empty() {
        h.append(header::VARY, HeaderValue::from_static("origin"));
    }
    h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

fn preflight() -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type, x-profile-viewer, authorization"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_or_refused() {
        assert_eq!(
            normalise_origin("https://News.Example/").as_deref(),
            Some("https://news.example")
        );
        assert_eq!(
            normalise_origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        for bad in [
            "null",
            "news.example",
            "javascript:x",
            "https://",
            "https://a/b",
            "https://a b",
        ] {
            assert_eq!(normalise_origin(bad), None, "{bad}");
        }
    }
}
