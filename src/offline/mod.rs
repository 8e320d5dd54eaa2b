//! Offline reading, in one place (contract sec. 6, issue 7).
//!
//! - [`catalog`]: what is kept and why (saved / recent, bounded, sizes, the banner text) —
//!   plain data with native tests.
//! - [`store`]: profile copies in `localStorage`, namespaced by API base; quota-aware.
//! - [`briefings`]: member briefing bodies, kept for one member only.
//! - [`worker`]: registering the service worker (`public/sw.js`) and the update prompt; the
//!   standalone app only, never the embed.
//!
//! [`keep_visit`] does this module's part of a visit for a page the app has not taken over.
//!
//! [`crate::api::ApiClient`] uses the store as its fallback when the network fails, so the
//! standalone app and the embed get the same behaviour.

pub mod briefings;
pub mod catalog;
pub mod store;
pub mod worker;

pub use catalog::{Catalog, CopyMeta, Entry, Notice, Origin};
pub use store::{OfflineStore, StoreError};

use crate::api::{ApiClient, FirstAnswer, FirstBody};

/// A profile page read without the app (a signed-out reader's, which the app takes over only
/// when the reader reaches for a button): what the app does for every visit, without
/// drawing anything. It keeps the profile as a recent copy, so that it opens again with no
/// network (contract sec. 6), and registers the service worker. `json` is the profile's
/// public JSON, fetched by the loader from `{base}/api/profiles/{slug}`. Returns true when
/// the device refused the copy (full or blocked storage): the page should say so, as the
/// app does.
pub async fn keep_visit(base: &str, slug: &str, json: String) -> bool {
    // What mounting would set up: the executor the app's tasks run on (the worker's
    // registration spawns one). The app's start later finds it set, which is fine.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let api = ApiClient::new(format!("{base}/api"));
    api.set_first_answers(vec![FirstAnswer {
        path: api.url(&format!("/profiles/{slug}")),
        body: FirstBody::Ready(json),
    }]);
    // No prompt to show here: a waiting update is offered once the app runs.
    worker::register(
        base,
        worker::UpdateReady(leptos::prelude::RwSignal::new(false)),
    );
    // The answer is ready, so this reads no network.
    api.profile_for_reading(slug)
        .await
        .is_ok_and(|loaded| loaded.kept.is_err())
}
