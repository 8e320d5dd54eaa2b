//! The loader's answers to the page's first API requests.

/// An answer to one of the page's first API requests, fetched by the loader before the app
/// started: the JSON the page shows (a profile page that profile, the directory the index),
/// through the shell's preload or, in a shell without one, from the address, while the
/// wasm compiles (`web/loader.js`); on a page with a first screen also the site
/// config, which the first screen shows too. Handing them over lets the first render show
/// the page (no skeleton, no second round trip through the network stack). Each is used
/// once, for a GET of exactly `path`.
pub struct FirstAnswer {
    /// The URL path the loader fetched, e.g. `/api/profiles/de-cix`.
    pub path: String,
    pub body: FirstBody,
}

pub enum FirstBody {
    /// It had arrived when the wasm was ready (the usual case: both start together and the
    /// JSON is the smaller).
    Ready(String),
    /// Still on its way: a promise of the text, or of null when it failed (then the client
    /// asks the server itself).
    Pending(send_wrapper::SendWrapper<js_sys::Promise>),
}

impl FirstBody {
    pub(super) async fn text(self) -> Option<String> {
        match self {
            FirstBody::Ready(text) => Some(text),
            FirstBody::Pending(promise) => wasm_bindgen_futures::JsFuture::from(promise.take())
                .await
                .ok()?
                .as_string(),
        }
    }
}
