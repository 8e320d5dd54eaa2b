//! The device side of offline reading: profile copies and the [`Catalog`] in
//! `localStorage`, one namespace per API base (two embeds of different publishers on one
//! page never mix). Every write can fail (quota, private mode, storage disabled): that is a
//! [`StoreError`] the UI shows, never a panic; reading then simply finds nothing.

use wasm_bindgen::JsCast;

use super::catalog::{Catalog, CopyMeta, Entry};

/// Why the device could not keep a copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage quota is used up.
    Full,
    /// Storage is disabled, blocked or missing (private mode, settings, sandboxed frame).
    Unavailable,
}

impl StoreError {
    pub fn message(&self) -> &'static str {
        match self {
            StoreError::Full => {
                "This device's storage for the viewer is full, so this profile is not kept for offline reading. Remove saved profiles to make room; reading online works as usual."
            }
            StoreError::Unavailable => {
                "This browser does not let the viewer store data (private mode or storage disabled), so offline reading is off. Reading online works as usual."
            }
        }
    }
}

/// Access to one API base's offline copies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfflineStore {
    prefix: String,
}

/// The page's `localStorage`, the one way the viewer reaches it (offline copies, member
/// briefings, the session hint); `None` when storage is disabled.
pub fn local_storage() -> Option<web_sys::Storage> {
    // `localStorage` itself throws (SecurityError) when storage is disabled.
    web_sys::window()?.local_storage().ok()?
}

fn storage() -> Result<web_sys::Storage, StoreError> {
    local_storage().ok_or(StoreError::Unavailable)
}

/// A `DOMException` named `QuotaExceededError` (or Firefox's old name) means "full".
fn classify(err: &wasm_bindgen::JsValue) -> StoreError {
    match err.dyn_ref::<web_sys::DomException>().map(|e| e.name()) {
        Some(name) if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" => {
            StoreError::Full
        }
        _ => StoreError::Unavailable,
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl OfflineStore {
    pub fn new(api_base: &str) -> Self {
        OfflineStore {
            prefix: format!("pv.offline:{api_base}:"),
        }
    }

    fn catalog_key(&self) -> String {
        format!("{}catalog", self.prefix)
    }

    fn copy_key(&self, slug: &str) -> String {
        format!("{}profile:{slug}", self.prefix)
    }

    /// The catalog; empty when storage is unreadable or holds something else.
    pub fn catalog(&self) -> Catalog {
        storage()
            .ok()
            .and_then(|s| s.get_item(&self.catalog_key()).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    fn write_catalog(&self, catalog: &Catalog) -> Result<(), StoreError> {
        let text = serde_json::to_string(catalog).map_err(|_| StoreError::Unavailable)?;
        storage()?
            .set_item(&self.catalog_key(), &text)
            .map_err(|e| classify(&e))
    }

    fn delete_copies(&self, slugs: &[String]) {
        if let Ok(s) = storage() {
            for slug in slugs {
                let _ = s.remove_item(&self.copy_key(slug));
            }
        }
    }

    /// The stored copy of a profile (its catalog entry and JSON text), if there is one.
    pub fn copy(&self, slug: &str) -> Option<(Entry, String)> {
        let entry = self.catalog().get(slug).cloned()?;
        let text = storage().ok()?.get_item(&self.copy_key(slug)).ok()??;
        Some((entry, text))
    }

    /// Keeps a copy of a profile the reader just opened (a recent entry, or refreshes a
    /// saved one). When storage is full, the oldest recent copies make room first.
    pub fn put_copy(&self, meta: CopyMeta, json: &str) -> Result<(), StoreError> {
        self.put_copy_at(meta, json, now_ms())
    }

    /// [`OfflineStore::put_copy`] of a copy made at `at` (epoch ms).
    pub fn put_copy_at(&self, meta: CopyMeta, json: &str, at: f64) -> Result<(), StoreError> {
        let s = storage()?;
        let key = self.copy_key(&meta.slug);
        let mut catalog = self.catalog();
        loop {
            match s.set_item(&key, json) {
                Ok(()) => break,
                Err(e) => {
                    let err = classify(&e);
                    let victim = catalog
                        .entries
                        .iter()
                        .filter(|e| !e.is_saved() && e.slug != meta.slug)
                        .min_by(|a, b| a.viewed_at.total_cmp(&b.viewed_at))
                        .map(|e| e.slug.clone());
                    match (err, victim) {
                        (StoreError::Full, Some(victim)) => {
                            catalog.remove(&victim);
                            self.delete_copies(std::slice::from_ref(&victim));
                        }
                        _ => {
                            // Keep the catalog in step with what was deleted.
                            let _ = self.write_catalog(&catalog);
                            return Err(err);
                        }
                    }
                }
            }
        }
        let evicted = catalog.record_copy(meta, at);
        self.delete_copies(&evicted);
        self.write_catalog(&catalog)
    }

    /// The reader opened the stored copy (offline): keep it off the eviction edge.
    pub fn touch(&self, slug: &str) {
        let mut catalog = self.catalog();
        catalog.touch(slug, now_ms());
        let _ = self.write_catalog(&catalog);
    }

    /// "Save for offline". `Ok(false)` when there is no copy to save.
    pub fn save(&self, slug: &str) -> Result<bool, StoreError> {
        let mut catalog = self.catalog();
        if !catalog.save(slug, now_ms()) {
            return Ok(false);
        }
        self.write_catalog(&catalog).map(|()| true)
    }

    pub fn unsave(&self, slug: &str) -> Result<(), StoreError> {
        let mut catalog = self.catalog();
        let before: Vec<String> = catalog.entries.iter().map(|e| e.slug.clone()).collect();
        catalog.unsave(slug, now_ms());
        let gone: Vec<String> = before
            .into_iter()
            .filter(|s| catalog.get(s).is_none())
            .collect();
        self.delete_copies(&gone);
        self.write_catalog(&catalog)
    }

    pub fn remove(&self, slug: &str) -> Result<(), StoreError> {
        let mut catalog = self.catalog();
        catalog.remove(slug);
        self.delete_copies(&[slug.to_string()]);
        self.write_catalog(&catalog)
    }

    pub fn remove_all(&self) -> Result<(), StoreError> {
        let mut catalog = self.catalog();
        let slugs = catalog.remove_all();
        self.delete_copies(&slugs);
        storage()?
            .remove_item(&self.catalog_key())
            .map_err(|e| classify(&e))
    }
}
