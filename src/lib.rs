//! The profile viewer: a Leptos client-side app that reads the contract's API.
//!
//! - [`app`]: the standalone app shell (router, meta, header/footer).
//! - [`pages`]: thin route components (directory, profile, not found).
//! - [`components`]: the views. `components::profile_view` uses neither the router nor
//!   leptos_meta, so the embedded custom element can reuse it.
//! - [`embed`]: the `<profile-viewer>` custom element (shadow DOM, no router).
//! - [`api`]: the one HTTP client; [`context`]: values the components read from context.
//! - [`session`]: the one session store (cookie and host modes, login, sign-out, tabs).
//! - Plain logic with native tests: [`briefing_load`], [`site_graph`]; the directory's
//!   query and search ([`directory_query`]) are `profile_views`', which the server renders too.
//! - The presentational components and the markup they make live in `profile_views`, which
//!   the server renders too; [`components`] re-exports them beside the viewer's own.

// Natively, `cargo test --workspace` builds this crate with the server's `ssr` rendering
// too, and its erased views then have deeply nested types.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod attach;
pub mod briefing_load;
pub mod components;
pub mod context;
/// The directory's query and search: shared with the server's first screen of `/`.
pub use profile_views::directory_query;
pub mod embed;
/// Dates, scores and words as they read on a page: shared with the server's first screen.
pub use profile_model::format;
/// Which strings may become an `href`: shared with the server's first screen.
pub use profile_views::links;
pub mod offline;
pub mod pages;
pub mod session;
pub mod site_graph;
pub mod start;
