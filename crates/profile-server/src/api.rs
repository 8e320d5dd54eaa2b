//! The contract's HTTP API (section 4), mounted under `/api`.
//!
//! Gating: the only handler that ever touches a briefing body is [`briefing`], and only after
//! the entitlement check. Every other answer is built from the public projection or from
//! fixed strings; error messages never quote content.

use std::net::{IpAddr, SocketAddr};

use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use profile_model::{ApiError, Member, MemberAnswer};
use serde::{Deserialize, Serialize};

use crate::content::Cached;
use crate::member_token;
use crate::state::AppState;
use crate::{auth, net};

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const NO_STORE: HeaderValue = HeaderValue::from_static("private, no-store");

/// An error answer `{error, message?}`.
pub fn json_error(status: StatusCode, error: &str, message: Option<&str>) -> Response {
    error_body(
        status,
        ApiError {
            error: error.into(),
            message: message.map(Into::into),
            tier: None,
        },
    )
}

fn error_body(status: StatusCode, e: ApiError) -> Response {
    let body = serde_json::to_vec(&e).unwrap_or_else(|_| br#"{"error":"internal"}"#.to_vec());
    (status, [(header::CONTENT_TYPE, JSON)], body).into_response()
}

fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, JSON)], body).into_response(),
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", None),
    }
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(header::CACHE_CONTROL, NO_STORE);
    r
}

pub async fn not_found() -> Response {
    json_error(StatusCode::NOT_FOUND, "not_found", None)
}

pub async fn method_not_allowed() -> Response {
    json_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", None)
}

/// A public answer with its ETag; `304` when the client already has it. `no-cache` so that
/// clients revalidate (cheaply) and see edits at once.
fn cached(c: &Cached, headers: &HeaderMap) -> Response {
    let etag = HeaderValue::from_str(&c.etag).unwrap_or(HeaderValue::from_static("\"\""));
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == c.etag.trim_start_matches("W/"));
    let cache = (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if matches {
        (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), cache]).into_response()
    } else {
        (
            StatusCode::OK,
            [(header::ETAG, etag), cache, (header::CONTENT_TYPE, JSON)],
            Body::from(c.body.clone()),
        )
            .into_response()
    }
}

pub async fn site(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state.content().site_json, &headers)
}

pub async fn index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state.content().index_json, &headers)
}

/// Every relationship from one profile to another: what the site-wide map draws.
pub async fn relationships(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state.content().relationships_json, &headers)
}

pub async fn profile(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    // A path that does not even decode (e.g. `%FF`) is simply not found, as JSON.
    let Ok(Path(slug)) = slug else {
        return json_error(StatusCode::NOT_FOUND, "not_found", None);
    };
    match state.content().profiles.get(&slug) {
        Some(p) => cached(&p.public_json, &headers),
        None => json_error(StatusCode::NOT_FOUND, "not_found", None),
    }
}

/// An answer for a database that failed: logged, never shown.
fn store_failed(e: &crate::store::Error) -> Response {
    tracing::error!(error = %e, "database");
    no_store(json_error(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        None,
    ))
}

/// The signed-in member: a live session whose member's entry still has the tier and
/// password it was granted for (so a removed member, or a new tier or password, signs out
/// at once, on every instance), or a valid member token (contract section 7) when the
/// server accepts them.
/// The member a request speaks for: a publisher's member token, or the session cookie.
pub(crate) async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Member>, Response> {
    let bearer = auth::bearer(headers);
    if let (Some(tokens), Some(token)) = (&state.config.member_tokens, &bearer) {
        if member_token::looks_like_jwt(token) {
            return Ok(tokens.verify(token, &state.content().site));
        }
    }
    let Some(id) = auth::session_id(headers, state.cookie_name()) else {
        return Ok(None);
    };
    state
        .store
        .session_member(&id)
        .await
        .map_err(|e| store_failed(&e))
}

pub async fn briefing(
    State(state): State<AppState>,
    ids: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Path((slug, id))) = ids else {
        return no_store(json_error(StatusCode::NOT_FOUND, "not_found", None));
    };
    let content = state.content();
    let Some(briefing) = content
        .profiles
        .get(&slug)
        .and_then(|p| p.profile.briefing(&id))
    else {
        return no_store(json_error(StatusCode::NOT_FOUND, "not_found", None));
    };
    let member = match current(&state, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let answer = match member {
        None => json_error(StatusCode::UNAUTHORIZED, "login_required", None),
        Some(member) if !auth::entitled(&content.site, &member.tier, &briefing.tier) => error_body(
            StatusCode::FORBIDDEN,
            ApiError {
                error: "tier_required".into(),
                message: None,
                tier: Some(briefing.tier.clone()),
            },
        ),
        Some(_) => json(StatusCode::OK, briefing),
    };
    no_store(answer)
}

#[derive(Deserialize)]
struct LoginBody {
    email: String,
    password: String,
    /// Host-auth mode: also return the session id in the body (as `token`).
    #[serde(default)]
    token: bool,
}

#[derive(Serialize)]
struct LoginAnswer {
    member: Member,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(req) = serde_json::from_slice::<LoginBody>(&body) else {
        return no_store(json_error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            Some("expected {\"email\", \"password\"}"),
        ));
    };
    // Checked before anything is counted or hashed: a flood of logins costs at most this
    // many argon2 runs (and their memory) at once.
    let Some(slot) = state.password_checks.try_slot() else {
        let mut r = json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            Some("too many logins at once; try again in a moment"),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return no_store(r);
    };
    let client = net::client_ip(peer.ip(), &headers, &state.config.trusted_proxies);
    let ip: IpAddr = net::limiter_key(client);
    if let Err(wait) = state.limiter.attempt(ip, &req.email) {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut r = json_error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            Some("too many failed logins; try again later"),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        return no_store(r);
    }
    let record = match state.store.login_record(&req.email).await {
        Ok(r) => r,
        Err(e) => return store_failed(&e),
    };
    let (dummy, password) = (state.dummy_hash.clone(), req.password);
    let checked = state
        .password_checks
        .run(slot, move || auth::check_login(record, &dummy, &password))
        .await;
    let Some(Some(record)) = checked else {
        return no_store(json_error(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            None,
        ));
    };
    state.limiter.succeeded(ip, &req.email);
    // Granted for the entry just checked: if it changed meanwhile, the session is dead.
    let id = match state.store.create_session(&record).await {
        Ok(id) => id,
        Err(e) => return store_failed(&e),
    };
    let member = record.member;
    let cookie = auth::cookie(
        &id,
        state.store.ttl(),
        state.config.insecure_cookies,
        &state.config.base_path,
    );
    let mut r = json(
        StatusCode::OK,
        &LoginAnswer {
            member,
            token: req.token.then_some(id),
        },
    );
    r.headers_mut().insert(header::SET_COOKIE, cookie);
    no_store(r)
}

pub async fn session(State(state): State<AppState>, headers: HeaderMap) -> Response {
    no_store(match current(&state, &headers).await {
        Ok(Some(member)) => json(StatusCode::OK, &MemberAnswer { member }),
        Ok(None) => {
            // A cookie whose session is over goes too: the next page the browser asks for
            // then says "Log in" at once instead of "Checking sign-in…" again.
            let mut r = json_error(StatusCode::UNAUTHORIZED, "login_required", None);
            if auth::bearer(&headers).is_none() {
                r.headers_mut()
                    .insert(header::SET_COOKIE, expired_cookie(&state));
            }
            r
        }
        Err(r) => r,
    })
}

/// The session cookie, emptied and expired.
fn expired_cookie(state: &AppState) -> HeaderValue {
    auth::cookie(
        "",
        std::time::Duration::ZERO,
        state.config.insecure_cookies,
        &state.config.base_path,
    )
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let cookie = auth::cookie_session(&headers, state.cookie_name())
        .ok()
        .flatten();
    for id in [auth::bearer(&headers), cookie].into_iter().flatten() {
        if let Err(e) = state.store.revoke(&id).await {
            return store_failed(&e);
        }
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, expired_cookie(&state));
    no_store(r)
}
