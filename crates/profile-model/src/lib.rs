//! The contract between viewer, backend and host page, as Rust types.
//!
//! Pure Rust with no web dependencies: the reference server compiles it natively and the
//! viewer compiles it to wasm, so both sides agree on every field by construction.
//!
//! - [`types`]: the JSON formats (authoring, public, briefing, site, index, auth).
//! - [`grade`]: the confidence grading table.
//! - [`format`]: how dates, scores and machine words read on a page (the viewer and the
//!   server's first screen write them alike).
//! - [`validate`]: parsing with errors that name the JSON path, and the content rules.
//! - [`limits`]: caps on size, nesting, list lengths and text lengths (hostile files).
//! - `schema` (feature `schema`): JSON Schemas generated from these types.

pub mod format;
pub mod grade;
mod issue;
pub mod limits;
#[cfg(feature = "schema")]
pub mod schema;
pub mod types;
pub mod validate;
pub mod web;

pub use grade::{Grade, GRADE_TABLE};
pub use types::*;
pub use validate::{parse_authoring, parse_public, Issue, Severity, Validated};

/// The only `schema` value this version reads.
pub const SCHEMA_V1: &str = "profile/v1";
