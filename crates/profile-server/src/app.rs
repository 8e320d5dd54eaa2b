//! Configuration, shared state and the router.

use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use crate::auth::RateLimiter;
use crate::checks::PasswordChecks;
use crate::content::{self, Content, Report};
use crate::member_token::Verifier;
use crate::store::{Database, SessionRules, Store};
use crate::{api, connections, ops, security, static_files};

/// Everything the command line decides.
#[derive(Clone, Debug)]
pub struct Config {
    pub content_dir: PathBuf,
    pub dist_dir: PathBuf,
    /// `""` or a normalised sub-path such as `/viewer` that everything is served under.
    pub base_path: String,
    /// Normalised (`scheme://host[:port]`, lower case) origins allowed cross-origin.
    pub allow_origins: Vec<String>,
    /// `--public-origin`: the origin of absolute URLs in pages, the sitemap, the feed and
    /// oEmbed; `None` takes the request's `Host`.
    pub public_origin: Option<String>,
    /// The CSP `frame-ancestors` sources.
    pub frame_ancestors: String,
    /// Plain-http development: the session cookie is `pv_session` without `Secure` (else
    /// `__Host-pv_session`, or `__Secure-pv_session` under a base path, with `Secure`).
    pub insecure_cookies: bool,
    pub session_ttl: Duration,
    /// Live sessions per member; a new login ends the oldest beyond it.
    pub max_sessions_per_member: usize,
    /// Failed logins allowed per account, and per client IP, in one window.
    pub login_limit: u32,
    pub login_ip_limit: u32,
    pub login_window: Duration,
    /// `--member-token-secret`/`--member-token-public-key`: accept member tokens as bearers.
    pub member_tokens: Option<Arc<Verifier>>,
    /// Failed logins allowed in total in one window (all accounts and addresses).
    pub login_global_limit: u32,
    /// Password checks (argon2) running at once; a login beyond it gets 503.
    pub max_password_checks: usize,
    /// Peers whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Vec<crate::net::Cidr>,
    /// A connection's request headers must arrive within this time.
    pub header_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
    /// A request must be answered (headers; the body may stream on) within this time.
    pub request_timeout: Duration,
    /// Where members and sessions live (`--database`).
    pub database: Database,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            content_dir: "content".into(),
            dist_dir: "dist".into(),
            base_path: String::new(),
            allow_origins: Vec::new(),
            public_origin: None,
            frame_ancestors: "'none'".into(),
            insecure_cookies: false,
            session_ttl: Duration::from_secs(8 * 3600),
            max_sessions_per_member: 10,
            login_limit: 5,
            login_ip_limit: 20,
            login_window: Duration::from_secs(60),
            member_tokens: None,
            login_global_limit: 1000,
            max_password_checks: default_password_checks(),
            trusted_proxies: Vec::new(),
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            request_timeout: Duration::from_secs(30),
            database: Database::default(),
        }
    }
}

/// Twice the cores: enough to keep them busy hashing, few enough that argon2's memory
/// (19 MiB per check with the default parameters) stays bounded.
pub fn default_password_checks() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

/// Shared state. Content is swapped whole on reload; members and sessions live in the
/// database, the rate limiter beside the content, so a reload never logs anyone out.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    content: Arc<RwLock<Arc<Content>>>,
    /// Members and sessions.
    pub store: Store,
    /// A password hash for logins with an unknown e-mail, with the members' parameters.
    pub dummy_hash: Arc<str>,
    pub limiter: Arc<RateLimiter>,
    /// The password checks' slots and threads.
    pub password_checks: Arc<PasswordChecks>,
    pub files: static_files::Files,
    pub csp: HeaderValue,
}

impl AppState {
    /// Loads the content folder and opens the database (seeding an empty one with
    /// `members.json`); `Err` when `site.json` or the database is unusable.
    pub async fn load(config: Config) -> Result<(AppState, Vec<Report>), Report> {
        let (content, reports) = content::load(&config.content_dir)?;
        let db_error = |e: crate::store::Error| Report {
            file: config.database.describe().into(),
            issues: vec![profile_model::Issue {
                severity: profile_model::Severity::Error,
                path: String::new(),
                message: e.to_string(),
            }],
        };
        let rules = SessionRules {
            ttl: config.session_ttl,
            per_member: config.max_sessions_per_member,
        };
        let store = Store::open(&config.database, rules)
            .await
            .map_err(db_error)?;
        if store.member_count().await.map_err(db_error)? == 0 {
            for m in content.members.entries() {
                store.put_member(m).await.map_err(db_error)?;
            }
        }
        let like = store.any_password_hash().await.map_err(db_error)?;
        let dummy_hash =
            tokio::task::spawn_blocking(move || crate::auth::dummy_hash(like.as_deref()))
                .await
                .unwrap_or_default();
        let csp =
            HeaderValue::from_str(&security::csp(&config.frame_ancestors)).map_err(|_| Report {
                file: "--frame-ancestors".into(),
                issues: vec![profile_model::Issue {
                    severity: profile_model::Severity::Error,
                    path: String::new(),
                    message: "not a valid header value".into(),
                }],
            })?;
        let state = AppState {
            content: Arc::new(RwLock::new(Arc::new(content))),
            store,
            dummy_hash: dummy_hash.into(),
            limiter: Arc::new(RateLimiter::bounded(
                config.login_limit,
                config.login_ip_limit,
                config.login_global_limit,
                config.login_window,
                crate::auth::LIMITER_KEYS,
            )),
            password_checks: Arc::new(PasswordChecks::new(config.max_password_checks).map_err(
                |e| Report {
                    file: "--max-password-checks".into(),
                    issues: vec![profile_model::Issue {
                        severity: profile_model::Severity::Error,
                        path: String::new(),
                        message: format!("cannot start the password-check threads: {e}"),
                    }],
                },
            )?),
            files: static_files::service(&config.dist_dir),
            csp,
            config: Arc::new(config),
        };
        Ok((state, reports))
    }

    /// The current content snapshot.
    pub fn content(&self) -> Arc<Content> {
        self.content
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Re-reads the content folder (members stay in the database: `members import` reads
    /// the file). On a fatal error the old content stays.
    pub fn reload(&self) -> Result<Vec<Report>, Report> {
        let (content, reports) = content::load(&self.config.content_dir)?;
        let content = Arc::new(content);
        *self.content.write().unwrap_or_else(PoisonError::into_inner) = content;
        Ok(reports)
    }

    /// The session cookie's name for this configuration.
    pub fn cookie_name(&self) -> &'static str {
        crate::auth::cookie_name(self.config.insecure_cookies, &self.config.base_path)
    }
}

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
