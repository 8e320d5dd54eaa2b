//! The viewer's entry points. Instantiating the wasm runs the empty `main` and nothing else;
//! the standalone page's loader calls [`start_app`] or [`take_over_page`], `embed.js` calls
//! [`mount_embed`] once per `<profile-viewer>` element (one wasm instance serves them all).

use profile_viewer::app::{App, AppProps};
use profile_viewer::embed::{attrs, Embed};
use wasm_bindgen::prelude::*;

fn main() {}

/// The standalone app: mounts [`App`](profile_viewer::app::App) on `<body>`. `root` is the
/// URL the build is served from (the loader's folder: `/`, or `/viewer/` for a build made
/// with `--public-url /viewer/`). `first_paths`/`first_bodies`: the API answers the loader
/// fetched for the page, pairwise (each its text, or a promise of the text or null;
/// see [`FirstAnswer`](profile_viewer::api::FirstAnswer)).
#[wasm_bindgen]
pub fn start_app(root: String, first_paths: Vec<String>, first_bodies: Vec<JsValue>) {
    mount(
        AppProps::builder()
            .base(profile_viewer::links::normalize_base(&root))
            .first(first_answers(first_paths, first_bodies))
            .build(),
    );
}

/// [`start_app`] on a page whose first screen the server drew and the loader just removed:
/// the app's first render draws the whole page at once, in its place.
#[wasm_bindgen]
pub fn take_over_page(root: String, first_paths: Vec<String>, first_bodies: Vec<JsValue>) {
    mount(
        AppProps::builder()
            .base(profile_viewer::links::normalize_base(&root))
            .first(first_answers(first_paths, first_bodies))
            .takes_over(true)
            .build(),
    );
}

/// One mount for both starts, so the app's view is instantiated once in the wasm.
fn mount(props: AppProps) {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(move || App(props));
}

/// The loader's answers, pairwise: each body its text, or a promise of the text or null.
fn first_answers(
    paths: Vec<String>,
    bodies: Vec<JsValue>,
) -> Vec<profile_viewer::api::FirstAnswer> {
    use profile_viewer::api::{FirstAnswer, FirstBody};
    paths
        .into_iter()
        .zip(bodies)
        .filter_map(|(path, body)| {
            let body = match body.as_string() {
                Some(text) => FirstBody::Ready(text),
                None => FirstBody::Pending(send_wrapper::SendWrapper::new(
                    body.dyn_into::<js_sys::Promise>().ok()?,
                )),
            };
            Some(FirstAnswer { path, body })
        })
        .collect()
}

/// One `<profile-viewer>` element: `host` is the element, `mount` a `<div>` in its shadow
/// root, `viewer_root` the URL embed.js was loaded from, minus the file name.
#[wasm_bindgen]
pub fn mount_embed(
    host: web_sys::HtmlElement,
    mount: web_sys::HtmlElement,
    viewer_root: String,
) -> EmbedHandle {
    console_error_panic_hook::set_once();
    EmbedHandle(Embed::mount(host, mount, &viewer_root))
}

/// The element's handle on its Rust side; `dispose()` (on disconnect) drops the view and
/// its reactive tree.
#[wasm_bindgen]
pub struct EmbedHandle(Embed);

#[wasm_bindgen]
impl EmbedHandle {
    pub fn attribute_changed(&mut self, name: &str) {
        self.0.attribute_changed(name);
    }

    /// `{token, name, tier}` from the host's login (host mode); a TypeError when malformed.
    pub fn set_session(&self, session: JsValue) -> Result<(), JsValue> {
        let field = |key: &str| {
            js_sys::Reflect::get(&session, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        let parsed = attrs::host_session(field("token"), field("name"), field("tier"))
            .map_err(|e| JsValue::from(js_sys::TypeError::new(&e)))?;
        self.0.set_session(parsed);
        Ok(())
    }

    pub fn clear_session(&self) {
        self.0.clear_session();
    }

    /// Unmounts and frees; the JS object is unusable afterwards.
    pub fn dispose(self) {
        drop(self);
    }
}
