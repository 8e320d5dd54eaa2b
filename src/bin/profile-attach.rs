//! The viewer's wasm for a profile's page the server drew (`profile-attach`): it makes the
//! page's controls live where they stand (`profile_viewer::attach`) and renders nothing
//! else, so it has no router, no profile view and no full decoding of a profile. A profile
//! page without a first screen (another backend, the service worker's shell offline)
//! starts `profile-page` instead.

use wasm_bindgen::prelude::*;

fn main() {}

/// Makes the server's profile page live. Arguments:
/// [`Start::from_loader`](profile_viewer::start::Start::from_loader). `false` when it
/// could not (the profile's JSON did not come or could not be read): the page stays as it
/// is.
#[wasm_bindgen]
pub fn attach_page(root: String, first_paths: Vec<String>, first_bodies: Vec<JsValue>) -> bool {
    console_error_panic_hook::set_once();
    let start = profile_viewer::start::Start::over_first_screen(&root, first_paths, first_bodies);
    profile_viewer::attach::attach(start).is_ok()
}
