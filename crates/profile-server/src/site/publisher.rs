//! THE PUBLISHER'S SIDE, not the viewer's: what a news site's own backend adds so that its
//! members read briefings without an account on the viewer's server (contract section 7).
//! The demo runs it in this process on the `--site` origin; a real publisher writes these
//! few lines in its own backend, with its own login, and shares only the signing key.
//!
//! - `POST /publisher/login {email, password}`: a stand-in for the publisher's login (the
//!   demo's accounts are the sample members); sets the publisher's own session cookie and
//!   answers a member token.
//! - `POST /publisher/member-token`: a fresh token for the signed-in reader (what the page
//!   asks for when the viewer says the last one expired); 401 when signed out.
//! - `POST /publisher/logout`: ends the publisher's session.
//!
//! The token is all the viewer gets: `{token, name, tier}`. The password never leaves the
//! publisher.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::{check_login, Grant, Sessions};
use crate::member_token::{Signer, Subject};
use crate::state::AppState;

const COOKIE: &str = "dp_session";

#[derive(Clone)]
struct Publisher {
    /// The viewer's state, for its members (the demo's accounts) and login rate limit.
    viewer: AppState,
    signer: Arc<Signer>,
    ttl: Duration,
    sessions: Arc<Sessions>,
}

#[derive(Deserialize)]
struct Login {
    email: String,
    password: String,
}

#[derive(Serialize)]
struct TokenAnswer {
    token: String,
    name: String,
    tier: String,
}

/// The publisher's routes; `ttl` is the lifetime of the tokens it signs.
pub fn router(viewer: AppState, signer: Signer, ttl: Duration) -> Router {
    let publisher = Publisher {
        viewer,
        signer: Arc::new(signer),
        ttl,
        sessions: Arc::new(Sessions::new(Duration::from_secs(8 * 3600))),
    };
    Router::new()
        .route("/publisher/login", post(login))
        .route("/publisher/member-token", post(member_token))
        .route("/publisher/logout", post(logout))
        .with_state(publisher)
}

fn answer<T: Serialize>(status: StatusCode, body: T) -> Response {
    let mut r = (status, Json(body)).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    r
}

fn cookie(value: &str, max_age: Duration) -> HeaderValue {
    let text = format!(
        "{COOKIE}={value}; Path=/publisher/; Max-Age={}; HttpOnly; SameSite=Strict",
        max_age.as_secs()
    );
    HeaderValue::from_str(&text)
        .unwrap_or_else(|_| HeaderValue::from_static("dp_session=; Max-Age=0"))
}

fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_string())
}

/// The member id in the token: opaque, so the viewer's server never sees the e-mail.
fn member_id(email: &str) -> String {
    let digest = Sha256::digest(email.trim().to_lowercase().as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("dp-{hex}")
}

/// Signs a token for the account with this e-mail, if it still exists.
async fn token_for(p: &Publisher, email: &str) -> Option<TokenAnswer> {
    let member = p.viewer.store.member(email).await.ok().flatten()?;
    let subject = Subject {
        sub: member_id(&member.email),
        tier: member.tier.clone(),
        name: Some(member.name.clone()),
    };
    let token = p.signer.sign(&subject, p.ttl).ok()?;
    Some(TokenAnswer {
        token,
        name: member.name,
        tier: member.tier,
    })
}

async fn login(
    State(p): State<Publisher>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(req): Json<Login>,
) -> Response {
    let refused = || {
        answer(
            StatusCode::UNAUTHORIZED,
            serde_json::json!({"error": "invalid_credentials"}),
        )
    };
    if p.viewer.limiter.attempt(peer.ip(), &req.email).is_err() {
        return answer(
            StatusCode::TOO_MANY_REQUESTS,
            serde_json::json!({"error": "rate_limited"}),
        );
    }
    let Ok(record) = p.viewer.store.login_record(&req.email).await else {
        return refused();
    };
    let (dummy, password) = (p.viewer.dummy_hash.clone(), req.password);
    let checked = tokio::task::spawn_blocking(move || check_login(record, &dummy, &password)).await;
    let Ok(Some(record)) = checked else {
        return refused();
    };
    p.viewer.limiter.succeeded(peer.ip(), &req.email);
    let Some(token) = token_for(&p, &record.member.email).await else {
        return refused();
    };
    let id = p.sessions.create(Grant::of(&record));
    let mut r = answer(StatusCode::OK, token);
    r.headers_mut()
        .insert(header::SET_COOKIE, cookie(&id, p.sessions.ttl()));
    r
}

async fn member_token(State(p): State<Publisher>, headers: HeaderMap) -> Response {
    let grant = session_id(&headers).and_then(|id| p.sessions.lookup(&id));
    let token = match grant {
        Some(g) => token_for(&p, &g.email).await,
        None => None,
    };
    match token {
        Some(token) => answer(StatusCode::OK, token),
        None => answer(
            StatusCode::UNAUTHORIZED,
            serde_json::json!({"error": "signed_out"}),
        ),
    }
}

async fn logout(State(p): State<Publisher>, headers: HeaderMap) -> Response {
    if let Some(id) = session_id(&headers) {
        p.sessions.revoke(&id);
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, cookie("", Duration::ZERO));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_ids_are_opaque_and_stable() {
        let id = member_id("Casey@Example.com ");
        assert_eq!(id, member_id("casey@example.com"));
        assert!(id.starts_with("dp-") && id.len() == 27, "{id}");
        assert!(!id.contains("casey"));
    }
}
