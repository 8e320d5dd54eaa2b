//! Route components: they read the URL, load data through the API client, and hand it to
//! the components. Titles and meta tags are set here, never in the components.

pub mod directory;
pub mod not_found;
pub mod profile;
pub mod saved;

/// Marks a User Timing entry (`performance.mark`) once the view that was just built is in
/// the DOM and painted (two animation frames later). `cargo xtask bench` reads
/// `pv:profile-visible` and `pv:directory-visible`. Only the first mark per name counts.
pub(crate) fn mark_when_painted(name: &'static str) {
    use std::sync::Mutex;
    static MARKED: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let Ok(mut marked) = MARKED.lock() else {
        return;
    };
    if marked.contains(&name) {
        return;
    }
    marked.push(name);
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::request_animation_frame(move || {
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark(name);
            }
        })
    });
}
