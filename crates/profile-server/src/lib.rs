//! The profile viewer's reference backend: the contract's API over a content folder, member
//! sessions, and the built viewer's static files.
//!
//! - [`app`]: configuration, shared state, router.
//! - [`content`]: loading and validating the content folder.
//! - [`auth`]: members, sessions, entitlement, login rate limit.
//! - [`member_token`]: member tokens signed by a publisher's own backend (JWT).
//! - [`api`]: the HTTP handlers.
//! - [`static_files`]: the built viewer, with the client-route fallback.
//! - [`security`]: security headers, CSRF, CORS.
//! - [`site`]: `--site`, a demo host page on a second origin (embedding).

pub mod api;
pub mod app;
pub mod auth;
pub mod content;
pub mod embed_screen;
pub mod member_token;
pub mod security;
pub mod site;
pub mod static_files;

pub use app::{router, serve, AppState, Config};
