//! Route components: they read the URL, load data through the API client, and hand it to
//! the components. Titles and meta tags are set here, never in the components.

pub mod directory;
pub mod discovery_head;
pub mod map;
pub mod not_found;
pub mod profile;
pub mod saved;

use std::future::Future;

use leptos::prelude::*;

/// The data a page shows, loaded by `fetch` (which tracks the signals it reads), and a
/// function that loads it again (Retry, back online). An `AsyncDerived`, not a
/// `LocalResource`, which always waits a tick: when the loader has already fetched the
/// page's JSON (`api::FirstAnswer`) it is ready at creation, and the first render shows the
/// page instead of a skeleton.
pub(crate) fn page_data<T, Fut>(
    fetch: impl Fn() -> Fut + 'static,
) -> (AsyncDerived<T, LocalStorage>, impl Fn() + Copy + 'static)
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    let reload = RwSignal::new(0u32);
    let data = AsyncDerived::new_unsync(move || {
        reload.track();
        fetch()
    });
    (data, move || reload.update(|n| *n = n.wrapping_add(1)))
}

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
    crate::components::after_paint::after_next_paint(move || {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(name);
        }
    });
}

/// Moves focus to `#main` when a page's content arrives after an in-app navigation, so
/// keyboard and screen-reader users start at the new page instead of on a link that no
/// longer exists. The first page of a visit keeps the browser's own focus. Called from the
/// pages' loaded/failed branches, which run once per load (typing in the directory search
/// does not reach them).
pub(crate) fn focus_main_after_navigation() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static SHOWN_A_PAGE: AtomicBool = AtomicBool::new(false);
    if !SHOWN_A_PAGE.swap(true, Ordering::Relaxed) {
        return;
    }
    leptos::prelude::request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        let main = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            let _ = main.focus();
        }
    });
}
