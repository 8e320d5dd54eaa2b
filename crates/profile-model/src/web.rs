//! Names and limits the browser scripts (`web/`: loader, embed, service worker) share with
//! the Rust code. Each is defined here once; `cargo xtask post-build` writes them into the
//! scripts, where they appear as `__PV_<NAME>__`.

/// The service worker's cache of public API answers.
pub const DATA_CACHE: &str = "pv-data-v1";
/// The service worker's cache of whole signed-out profile pages.
pub const PAGES_CACHE: &str = "pv-pages-v1";
/// Set by the service worker on an answer it served from its cache because the network
/// failed: the time (epoch ms) it stored that answer.
pub const CACHED_AT_HEADER: &str = "x-pv-cached-at";

/// The [`CACHED_AT_HEADER`] value as epoch ms: the worker writes `Date.now()`, an integer
/// (read as one, the wasm needs no decimal float parser).
pub fn cached_at(value: &str) -> Option<f64> {
    value.trim().parse::<u64>().ok().map(|ms| ms as f64)
}
/// The revision of the profile a kept page shows, beside it in the worker's cache.
pub const REVISION_HEADER: &str = "x-pv-revision";
/// The `<meta name>` by which a server's page tells the loader when to start the app, and
/// its value for a page that is whole without it: start on the reader's intent.
pub const START_META: &str = "pv-start";
pub const START_ON_INTENT: &str = "on-intent";
/// The prefix of the cross-tab channel on which a sign-in is announced, per API base.
pub const SESSION_CHANNEL: &str = "profile-viewer:session:";
/// How many profiles a device keeps as recent copies (and the worker as pages).
pub const RECENT_LIMIT: usize = 20;
/// The login dialog's class (profile-views' `LoginDialogView`), by which the loader finds a
/// first screen's copy, and the buttons that open it: the header's "Log in" and a locked
/// card's.
pub const LOGIN_DIALOG_CLASS: &str = "pv-login";
pub const LOGIN_OPENERS: &str = ".pv-session__login, .pv-locked__login";
/// How long the scripts wait, after a press on a first screen is released, for its click
/// before taking the page over without it (a pointer that slid off, a cancelled touch).
pub const PRESS_CLICK_WAIT_MS: u32 = 100;
/// The service worker's file, beside index.html.
pub const SERVICE_WORKER: &str = "sw.js";

/// Every name above as the scripts spell it, with its value as a JavaScript literal.
pub fn for_scripts() -> Vec<(&'static str, String)> {
    let text = |s: &str| serde_json::Value::from(s).to_string();
    vec![
        ("DATA_CACHE", text(DATA_CACHE)),
        ("PAGES_CACHE", text(PAGES_CACHE)),
        ("CACHED_AT_HEADER", text(CACHED_AT_HEADER)),
        ("REVISION_HEADER", text(REVISION_HEADER)),
        ("START_META", text(START_META)),
        ("START_ON_INTENT", text(START_ON_INTENT)),
        ("SESSION_CHANNEL", text(SESSION_CHANNEL)),
        ("RECENT_LIMIT", RECENT_LIMIT.to_string()),
        ("SERVICE_WORKER", text(SERVICE_WORKER)),
        ("LOGIN_DIALOG_CLASS", text(LOGIN_DIALOG_CLASS)),
        ("LOGIN_OPENERS", text(LOGIN_OPENERS)),
        ("PRESS_CLICK_WAIT_MS", PRESS_CLICK_WAIT_MS.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn cached_at_reads_the_workers_integer_ms() {
        assert_eq!(super::cached_at("1733212345678"), Some(1_733_212_345_678.0));
        assert_eq!(super::cached_at(" 5 "), Some(5.0));
        assert_eq!(super::cached_at("1.5"), None);
        assert_eq!(super::cached_at("soon"), None);
    }
}
