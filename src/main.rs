//! The viewer's wasm for every page (`profile-viewer`). Instantiating it runs the empty
//! `main` and nothing else; the standalone page's loader calls `start_app` or
//! `take_over_page`. A profile's page and the embed load the smaller
//! `src/bin/profile-page.rs` instead.

use profile_viewer::app::{App, AppProps};

fn main() {}

profile_viewer::standalone_entry_points!(App, AppProps);
