//! The standalone app's service worker (`web/sw.js`): registration, the "new version"
//! prompt, and removing profiles from the worker's data cache. The embed never calls this:
//! a host page's origin belongs to the host, not to us.

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use profile_model::web::{CACHED_AT_HEADER, SERVICE_WORKER};
pub use profile_model::web::{DATA_CACHE, PAGES_CACHE};

thread_local! {
    /// Set when the reader chose "Reload": the next controller change reloads the page.
    static RELOAD_ON_CHANGE: Cell<bool> = const { Cell::new(false) };
}

/// "A new version is available": set when a new worker is installed and waiting.
#[derive(Clone, Copy)]
pub struct UpdateReady(pub RwSignal<bool>);

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Missing on insecure origins and in some private modes.
    let has = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    has.then(|| navigator.service_worker())
}

/// Registers the worker (`{base}/sw.js`) for the app's scope and watches for updates, once the page has
/// loaded and the main thread is idle: the worker's install downloads the whole shell again
/// (its precache), which must not compete with the first visit's own downloads and
/// rendering. Without service worker support the app works as before (online, plus the
/// stored copies).
pub fn register(base: &str, ready: UpdateReady) {
    if container().is_none() {
        return;
    }
    let base = base.to_string();
    after_load_when_idle(move || register_now(&base, ready));
}

/// Runs `f` after the window's `load` event, in an idle period (or after a second where
/// there is no `requestIdleCallback`, e.g. Safari).
fn after_load_when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let idle = Closure::once_into_js(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let run = Closure::once_into_js(f);
        let ric = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Function>().ok());
        let scheduled = ric.is_some_and(|ric| {
            let options = js_sys::Object::new();
            // Do not wait for ever on a page that is never idle.
            let _ = js_sys::Reflect::set(
                &options,
                &JsValue::from_str("timeout"),
                &JsValue::from_f64(5000.0),
            );
            ric.call2(&window, &run, &options).is_ok()
        });
        if !scheduled {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), 1000);
        }
    });
    let loaded = window
        .document()
        .is_some_and(|d| d.ready_state() == "complete");
    if loaded {
        if let Ok(f) = idle.dyn_into::<js_sys::Function>() {
            let _ = f.call0(&JsValue::NULL);
        }
    } else {
        // `load` fires once per page, so the one-shot closure is called at most once.
        let _ = window.add_event_listener_with_callback("load", idle.unchecked_ref());
    }
}

fn register_now(base: &str, ready: UpdateReady) {
    let Some(container) = container() else {
        return;
    };
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(&format!("{base}/"));
    let promise = container.register_with_options(&format!("{base}/{SERVICE_WORKER}"), &options);

    let on_change = Closure::<dyn FnMut()>::new(|| {
        if RELOAD_ON_CHANGE.with(Cell::get) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    // The app lives as long as the page.
    on_change.forget();

    leptos::task::spawn_local(async move {
        let Ok(reg) = JsFuture::from(promise).await else {
            return;
        };
        let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        watch(reg, ready);
        // The app runs: the worker keeps its code, which it precaches only for a reader who
        // has used the app (web/sw.js), so it opens with no network next time.
        let Ok(ready) = container.ready() else {
            return;
        };
        if let Some(active) = JsFuture::from(ready)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::ServiceWorkerRegistration>().ok())
            .and_then(|r| r.active())
        {
            let _ = active.post_message(&JsValue::from_str("keep-app"));
        }
    });
}

fn controlled() -> bool {
    container().and_then(|c| c.controller()).is_some()
}

/// A worker that is installed while another one controls the page is a new version.
fn watch(reg: web_sys::ServiceWorkerRegistration, ready: UpdateReady) {
    if reg.waiting().is_some() && controlled() {
        ready.0.try_set(true);
    }
    let reg_in = reg.clone();
    let on_found = Closure::<dyn FnMut()>::new(move || {
        let Some(installing) = reg_in.installing() else {
            return;
        };
        let worker = installing.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            if worker.state() == web_sys::ServiceWorkerState::Installed && controlled() {
                ready.0.try_set(true);
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();

    // Look for a new build whenever the reader comes back to the tab.
    let on_visible = Closure::<dyn FnMut()>::new(move || {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if visible {
            let _ = reg.update();
        }
    });
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let _ = doc.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    on_visible.forget();
}

/// "Reload": activate the waiting worker, then reload once it controls the page.
pub fn apply_update() {
    leptos::task::spawn_local(async {
        let reload = || {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        };
        let Some(container) = container() else {
            return reload();
        };
        let reg = JsFuture::from(container.get_registration())
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::ServiceWorkerRegistration>().ok());
        match reg.and_then(|r| r.waiting()) {
            Some(waiting) => {
                RELOAD_ON_CHANGE.with(|c| c.set(true));
                if waiting
                    .post_message(&JsValue::from_str("skip-waiting"))
                    .is_err()
                {
                    reload();
                }
            }
            None => reload(),
        }
    });
}

/// One of the worker's caches, opened (so made, empty, when it is missing); `None` without
/// Cache Storage.
async fn open_cache(name: &str) -> Option<web_sys::Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    JsFuture::from(caches.open(name))
        .await
        .ok()?
        .dyn_into::<web_sys::Cache>()
        .ok()
}

/// Deletes the worker's copies of these profiles (their API answers and their pages), so a
/// removed profile is really gone from the device. `urls`: the API URLs as the app requests
/// them and the pages' URLs.
pub fn forget_cached(urls: Vec<String>) {
    leptos::task::spawn_local(async move {
        for name in [DATA_CACHE, PAGES_CACHE] {
            let Some(cache) = open_cache(name).await else {
                continue;
            };
            for url in &urls {
                let _ = JsFuture::from(cache.delete_with_str(url)).await;
            }
        }
    });
}

/// Deletes every page the worker kept ("Remove all").
pub fn forget_kept_pages() {
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let _ = JsFuture::from(caches.delete(PAGES_CACHE)).await;
    });
}

/// A page the worker kept for a reader who read it without the app (web/sw.js): the
/// profile's JSON it kept beside the page, and when.
pub struct KeptPage {
    pub slug: String,
    pub json: String,
    pub kept_at: f64,
}

/// The pages the worker kept, but those `known` already names. `api_url` is the API address
/// of a path such as `/profiles/{slug}`, where the worker kept the JSON.
pub async fn kept_pages(
    api_url: impl Fn(&str) -> String,
    known: impl Fn(&str) -> bool,
) -> Vec<KeptPage> {
    let mut kept = Vec::new();
    let (Some(pages), Some(data)) = (open_cache(PAGES_CACHE).await, open_cache(DATA_CACHE).await)
    else {
        return kept;
    };
    let Ok(keys) = JsFuture::from(pages.keys()).await else {
        return kept;
    };
    for request in js_sys::Array::from(&keys).iter() {
        let Ok(request) = request.dyn_into::<web_sys::Request>() else {
            continue;
        };
        let url = request.url();
        let Some(slug) = url.rsplit_once("/profiles/").map(|(_, s)| s.to_string()) else {
            continue;
        };
        if known(&slug) {
            continue;
        }
        if let Some((json, kept_at)) =
            kept_json(&data, &api_url(&format!("/profiles/{slug}"))).await
        {
            kept.push(KeptPage {
                slug,
                json,
                kept_at,
            });
        }
    }
    kept
}

/// The worker's copy of an API answer: its text and when it was kept.
async fn kept_json(cache: &web_sys::Cache, url: &str) -> Option<(String, f64)> {
    let response = JsFuture::from(cache.match_with_str(url))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    let kept_at = response.headers().get(CACHED_AT_HEADER).ok()??;
    let kept_at = profile_model::web::cached_at(&kept_at)?;
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    Some((text, kept_at))
}

/// The "new version" prompt: a polite live region, empty until a new build is waiting.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let ready = use_context::<UpdateReady>().map(|r| r.0);
    view! {
        <div class="pv-update" role="status" aria-live="polite">
            {move || ready.is_some_and(|r| r.get()).then(|| view! {
                <p class="pv-update__text">
                    "A new version is available — "
                    <button type="button" class="pv-button pv-button--primary pv-update__reload" on:click=|_| apply_update()>
                        "Reload"
                    </button>
                </p>
            })}
        </div>
    }
}
