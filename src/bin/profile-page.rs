//! The viewer's wasm for the embed and for a profile's page without a first screen (the
//! service worker's shell offline, another backend) (`profile-page`): the same entry points
//! as `src/main.rs`, with [`ProfileApp`], which has no directory, map or saved page, so
//! their code is not in this wasm. `embed.js` calls [`mount_embed`] once per
//! `<profile-viewer>` element (one wasm instance serves them all). A page the server drew
//! starts `profile-attach` instead.

use profile_viewer::app::{ProfileApp, ProfileAppProps};
use profile_viewer::embed::{attrs, Embed};
use wasm_bindgen::prelude::*;

fn main() {}

profile_viewer::standalone_entry_points!(ProfileApp, ProfileAppProps);

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
