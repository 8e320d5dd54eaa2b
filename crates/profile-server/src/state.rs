//! What the command line decides (`Config`) and what every request shares (`AppState`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::http::HeaderValue;
use tower_http::services::{ServeDir, ServeFile};

use crate::auth::RateLimiter;
use crate::checks::PasswordChecks;
use crate::content::{self, Content, Report};
use crate::member_token::Verifier;
use crate::store::{Database, SessionRules, Store};

/// The built viewer's files, precompressed siblings first, `index.html` for the rest.
pub type Files = ServeDir<ServeFile>;

pub fn files(dist: &Path) -> Files {
    ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(dist.join("index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        )
}

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
    pub files: Files,
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
        let csp = HeaderValue::from_str(&csp(&config.frame_ancestors)).map_err(|_| Report {
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
            files: files(&config.dist_dir),
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

/// The Content-Security-Policy the viewer runs under. `frame_ancestors` is validated by the
/// CLI (no `;` or control characters), so it cannot add directives.
fn csp(frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}; object-src 'none'"
    )
}
