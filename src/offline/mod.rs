//! Offline reading, in one place (contract sec. 6).
//!
//! - [`catalog`]: what is kept and why (saved / recent, bounded, sizes, the banner text) —
//!   plain data with native tests.
//! - [`store`]: profile copies in `localStorage`, namespaced by API base; quota-aware.
//! - [`briefings`]: member briefing bodies, kept for one member only.
//! - [`worker`]: registering the service worker (`web/sw.js`) and the update prompt; the
//!   standalone app only, never the embed.
//!
//! A page the app has not taken over (a signed-out reader's profile page) is kept by the
//! service worker, as the server's HTML and the profile's JSON; [`ApiClient::adopt_kept_pages`](crate::api::ApiClient::adopt_kept_pages)
//! lists those copies here when the app next runs.
//!
//! [`crate::api::ApiClient`] uses the store as its fallback when the network fails, so the
//! standalone app and the embed get the same behaviour.

pub mod briefings;
pub mod catalog;
pub mod store;
pub mod worker;

pub use catalog::{Catalog, CopyMeta, Entry, Notice, Origin};
pub use store::{OfflineStore, StoreError};
