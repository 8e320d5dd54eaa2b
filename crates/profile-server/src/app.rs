//! The router and the server loop.

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use crate::state::AppState;
use crate::{api, connections, ops, security, static_files};

pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// The router with `extra` routes beside the app's (matched before the static files), under
/// the same layers: logging, panics caught, timeouts, security headers, compression.
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    let api = Router::new()
        .route("/site", get(api::site))
        .route("/profiles", get(api::index))
        .route("/relationships", get(api::relationships))
        .route("/profiles/{slug}", get(api::profile))
        .route("/profiles/{slug}/briefings/{id}", get(api::briefing))
        .route(
            "/auth/login",
            post(api::login).layer(DefaultBodyLimit::max(16 * 1024)),
        )
        .route("/auth/session", get(api::session))
        .route("/auth/logout", post(api::logout))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);
    let viewer = Router::new()
        .nest("/api", api)
        .route("/embed/profiles/{slug}", get(crate::embed_screen::serve))
        .merge(crate::discovery::routes())
        .fallback(static_files::serve);
    let base = state.config.base_path.clone();
    let app = if base.is_empty() {
        viewer
    } else {
        let viewer = viewer.with_state(state.clone());
        Router::new().fallback(move |req: Request| under_base(base.clone(), viewer.clone(), req))
    };
    // At the root even under --base-path: that is where load balancers probe.
    app.route("/healthz", get(ops::healthz))
        .merge(extra)
        .layer(CatchPanicLayer::custom(ops::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ))
        .layer(axum::middleware::from_fn(ops::access_log))
        .with_state(state)
}

/// `--base-path`: the viewer router sees paths without the prefix, the same as at `/`.
/// The site root and the bare prefix redirect to `<base>/`; nothing else exists outside it.
async fn under_base(base: String, viewer: Router, mut req: Request) -> Response {
    let path = req.uri().path();
    if path == "/" || path == base {
        return Redirect::permanent(&format!("{base}/")).into_response();
    }
    let Some(rest) = path
        .strip_prefix(base.as_str())
        .filter(|r| r.starts_with('/'))
    else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let rest = match req.uri().query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest.to_string(),
    };
    let mut parts = req.uri().clone().into_parts();
    parts.path_and_query = rest.parse().ok();
    match Uri::from_parts(parts) {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => return (StatusCode::BAD_REQUEST, "bad request\n").into_response(),
    }
    match viewer.oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}

/// `/viewer`, `viewer/`, `/a/b/` → `/viewer`, `/viewer`, `/a/b`; `/` or `` → ``. `None` for
/// anything but plain path segments (no `..`, no query, no percent-escapes).
pub fn normalise_base_path(s: &str) -> Option<String> {
    let segments: Vec<&str> = s.split('/').filter(|p| !p.is_empty()).collect();
    let plain = |p: &&str| {
        *p != "."
            && *p != ".."
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
    };
    segments
        .iter()
        .all(plain)
        .then(|| segments.iter().map(|p| format!("/{p}")).collect())
}

/// Serves forever. The caller binds (port 0 works) and prints the address.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, std::future::pending()).await
}

/// Serves until `shutdown` completes, then finishes the open requests.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = connections::Limits {
        header_timeout: state.config.header_timeout,
        max_connections: state.config.max_connections,
    };
    let sweeper = tokio::spawn(sweep_every(state.clone(), SWEEP_EVERY));
    let served = connections::serve(listener, router(state), limits, shutdown).await;
    sweeper.abort();
    served
}

/// How often expired sessions and finished limiter windows are forgotten.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);

async fn sweep_every(state: AppState, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        state.limiter.sweep();
        if let Err(e) = state.store.sweep().await {
            tracing::warn!(error = %e, "cannot sweep expired sessions");
        }
    }
}

/// Ctrl-C or SIGTERM. (Only the binary listens for these: in tests they keep their defaults.)
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Reloads the content on every SIGHUP, reporting problems on stderr.
#[cfg(unix)]
pub fn reload_on_sighup(state: AppState) -> std::io::Result<()> {
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    tokio::spawn(async move {
        while hup.recv().await.is_some() {
            let s = state.clone();
            match tokio::task::spawn_blocking(move || s.reload()).await {
                Ok(Ok(reports)) => {
                    for r in &reports {
                        eprintln!("{r}");
                    }
                    eprintln!(
                        "reloaded content: {} profiles",
                        state.content().profiles.len()
                    );
                }
                Ok(Err(fatal)) => {
                    eprintln!("{fatal}\nreload failed; still serving the previous content")
                }
                Err(e) => eprintln!("reload failed: {e}"),
            }
        }
    });
    Ok(())
}
