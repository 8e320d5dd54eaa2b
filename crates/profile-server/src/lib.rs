//! The profile viewer's reference backend: the contract's API over a content folder, member
//! sessions, and the built viewer's static files.
//!
//! - [`app`]: configuration, shared state, router.
//! - [`content`]: loading and validating the content folder.
//! - [`store`]: members and sessions in the database (SQLite or PostgreSQL); all the SQL.
//! - [`auth`]: passwords, the members file, entitlement, session cookies, login rate limit.
//! - [`member_token`]: member tokens signed by a publisher's own backend (JWT).
//! - [`api`]: the HTTP handlers.
//! - [`checks`]: password checks on their own niced threads, a bounded number at once.
//! - [`static_files`]: the built viewer, with the client-route fallback.
//! - [`security`]: security headers, CSRF, CORS.
//! - [`connections`]: the connection loop (header-read timeout, connection cap, shutdown).
//! - [`net`]: client addresses (`--trusted-proxy`, `X-Forwarded-For`), limiter keys.
//! - [`ops`]: logs, the health endpoint, handler panics as 500s.
//! - [`discovery`]: sitemap, robots.txt, feed, oEmbed, the JSON Schemas.
//! - [`site`]: `--site`, a demo host page on a second origin (embedding).

pub mod api;
pub mod app;
pub mod auth;
pub mod checks;
pub mod connections;
pub mod content;
pub mod discovery;
pub mod embed_screen;
pub mod member_token;
pub mod net;
pub mod ops;
pub mod security;
pub mod site;
pub mod state;
pub mod static_files;
pub mod store;

pub use app::{router, router_with, serve};
pub use state::{AppState, Config};
