//! The viewer's wasm for every page (`profile-viewer`). Instantiating it runs the empty
//! `main` and nothing else; the standalone page's loader calls [`start_app`] or
//! [`take_over_page`]. A profile's page and the embed load the smaller
//! `src/bin/profile-page.rs` instead.

use profile_viewer::app::{App, AppProps, Start};
use wasm_bindgen::prelude::*;

fn main() {}

/// The standalone app: mounts [`App`] on `<body>`. Arguments: [`Start::from_loader`].
#[wasm_bindgen]
pub fn start_app(root: String, first_paths: Vec<String>, first_bodies: Vec<JsValue>) {
    mount(Start::from_loader(&root, first_paths, first_bodies));
}

/// [`start_app`] on a page whose first screen the server drew and the loader just removed:
/// the app's first render draws the whole page at once, in its place.
#[wasm_bindgen]
pub fn take_over_page(root: String, first_paths: Vec<String>, first_bodies: Vec<JsValue>) {
    mount(Start {
        takes_over: true,
        ..Start::from_loader(&root, first_paths, first_bodies)
    });
}

/// One mount for both starts, so the app's view is instantiated once in the wasm.
fn mount(start: Start) {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(move || App(AppProps::builder().start(start).build()));
}
