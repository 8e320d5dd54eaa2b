//! The standalone apps: router, document metadata, site header and footer, and the
//! context values the components read (API client, link base, site config, session,
//! access actions). [`App`] has every page; [`ProfileApp`] only a profile's, for the
//! profile page's smaller wasm (`src/bin/profile-page.rs`).

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use profile_model::SiteConfig;
use profile_views::chrome::{MainLandmark, SiteFooter, SiteHeader, SkipLink};
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{ApiClient, FirstAnswer, FirstBody};
use crate::components::login_dialog::LoginDialog;
use crate::components::session_bar::SessionBar;
use crate::context::{AccessActions, AccessRequest, Announcer, SiteState, WholeFirstRender};
use crate::links::LinkBase;
use crate::offline::worker::{self, UpdatePrompt, UpdateReady};
use crate::pages::directory::DirectoryPage;
use crate::pages::map::MapPage;
use crate::pages::not_found::NotFound;
use crate::pages::profile::ProfilePage;
use crate::pages::saved::SavedPage;
use crate::session::{provide_session, SessionHint, SessionStore};

/// How the loader starts an app: `base`, the path the build is served under, `""` at the
/// site root or e.g. `/viewer` (from the loader's URL); `first`, the answers the loader
/// already fetched; `takes_over`, whether the app replaces the server's first screen.
pub struct Start {
    pub base: String,
    pub first: Vec<FirstAnswer>,
    pub takes_over: bool,
}

impl Start {
    /// The loader's arguments: `root`, the URL the build is served from (the loader's folder:
    /// `/`, or `/viewer/` for a build made with `--public-url /viewer/`); `paths`/`bodies`, the
    /// API answers it fetched for the page, pairwise (each its text, or a promise of the text
    /// or null).
    pub fn from_loader(root: &str, paths: Vec<String>, bodies: Vec<JsValue>) -> Start {
        let first = paths
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
            .collect();
        Start {
            base: crate::links::normalize_base(root),
            first,
            takes_over: false,
        }
    }
}

/// The standalone app, every page: the directory, profiles, saved profiles and the map.
#[component]
pub fn App(start: Start) -> impl IntoView {
    Frame::new(start).view(|| {
        view! {
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=DirectoryPage/>
                <Route path=path!("/profiles/:slug") view=ProfilePage/>
                <Route path=path!("/saved") view=SavedPage/>
                <Route path=path!("/map") view=MapPage/>
            </Routes>
        }
        .into_any()
    })
}

/// The profile page's own app (and so its own, smaller wasm): a profile and nothing else.
/// A link to another of the viewer's pages loads that page from the server, whose loader
/// starts [`App`] there.
#[component]
pub fn ProfileApp(start: Start) -> impl IntoView {
    let first_path = window().location().pathname().unwrap_or_default();
    Frame::new(start).view(move || {
        let first_path = first_path.clone();
        view! {
            <Routes fallback=move || elsewhere(&first_path)>
                <Route path=path!("/profiles/:slug") view=ProfilePage/>
            </Routes>
        }
        .into_any()
    })
}

/// A page [`ProfileApp`] has none for: the reader followed a link to it, so the browser loads
/// it. At the address the app started on (which the loader gives it only for a profile's
/// path) that would load this app again, so it says "not found" there instead. The router's
/// location, not the window's: the router changes the address bar only once the new view is
/// made.
fn elsewhere(first_path: &str) -> AnyView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    if path != first_path {
        let search = location.search.get_untracked();
        let query = if search.is_empty() {
            String::new()
        } else {
            format!("?{search}")
        };
        let href = format!("{path}{query}{}", location.hash.get_untracked());
        if window().location().assign(&href).is_ok() {
            return ().into_any();
        }
    }
    view! { <NotFound/> }.into_any()
}

/// The standalone apps' common part: the context values, the page chrome around the routes,
/// the login dialog, the update prompt and the toast.
struct Frame {
    base: String,
    links: LinkBase,
    site: RwSignal<Option<SiteConfig>>,
    announcer: RwSignal<String>,
}

impl Frame {
    fn new(start: Start) -> Frame {
        let Start {
            base,
            first,
            takes_over,
        } = start;
        provide_meta_context();
        crate::pages::discovery_head::remove_server_tags();
        let links = LinkBase::new(&base);
        provide_context(links.clone());
        let api = ApiClient::new(format!("{base}/api"));
        api.set_first_answers(first);
        provide_context(api.clone());
        provide_context(WholeFirstRender(StoredValue::new(takes_over)));
        // A first screen the server drew to start the app at once is its word that a session
        // cookie came along (signed in on another site of the publisher, or this browser's
        // hint was cleared): reason enough to ask, as the hint is.
        if takes_over && !server_waits_for_intent() {
            SessionHint::for_api(api.base()).set();
        }
        // The one session store (cookie mode): it shares `api`'s auth state, so every 401
        // from any request signs it out.
        let session = SessionStore::new_cookie(api.clone());
        // Member briefings kept offline belong to the signed-in member only.
        if let Some(cache) = api.briefing_cache() {
            crate::offline::briefings::follow_session(cache, session.state());
        }

        // Offline: the service worker is the standalone app's alone (never the embed's).
        let update_ready = UpdateReady(RwSignal::new(false));
        provide_context(update_ready);
        worker::register(&base, update_ready);

        let site = RwSignal::new(None);
        provide_context(SiteState(site));
        leptos::task::spawn_local(async move {
            // Without the site config, locked cards fall back to tier ids; nothing else needs it.
            if let Ok(config) = api.site().await {
                site.set(Some(config));
            }
        });

        let announcer = RwSignal::new(String::new());
        provide_context(Announcer(announcer));
        provide_session(session.clone());
        // "Log in" opens the dialog; "Join" without a join page has nowhere to go here.
        provide_context(AccessActions(Callback::new(
            move |request: AccessRequest| {
                if let AccessRequest::Join { tier } = &request {
                    if !session.request(request.clone()) {
                        announcer.set(format!("Joining {tier} is not available yet."));
                    }
                } else {
                    session.request(request);
                }
            },
        )));
        Frame {
            base,
            links,
            site,
            announcer,
        }
    }

    /// The chrome around `routes`, which must be made inside the router.
    fn view(self, routes: impl Fn() -> AnyView + Send + Sync + 'static) -> impl IntoView {
        let Frame {
            base,
            links,
            site,
            announcer,
        } = self;
        view! {
            <Router base=base>
                <SkipLink/>
                <SiteHeader links=links site=site>
                    <SessionBar/>
                </SiteHeader>
                <MainLandmark>{routes()}</MainLandmark>
                <SiteFooter site=site/>
                <LoginDialog/>
                <UpdatePrompt/>
                <p class="pv-toast" role="status" class:is-visible=move || !announcer.get().is_empty()>
                    {move || announcer.get()}
                </p>
            </Router>
        }
    }
}

/// Whether the server's page said to start the app only on the reader's intent (it does for
/// a signed-out reader, and only then).
fn server_waits_for_intent() -> bool {
    use profile_model::web::{START_META, START_ON_INTENT};
    let selector = format!("meta[name=\"{START_META}\"][content=\"{START_ON_INTENT}\"]");
    document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .is_some()
}

/// The loader's two entry points, `start_app` and `take_over_page` (`web/loader.js`), that
/// mount the app component `$app` (props `$props`) on `<body>`: one pair per wasm build
/// (`src/main.rs`, `src/bin/profile-page.rs`). Both call one `mount`, so the app's view is
/// instantiated once in the wasm.
#[macro_export]
macro_rules! standalone_entry_points {
    ($app:ident, $props:ident) => {
        /// The standalone app: mounts it on `<body>`. Arguments:
        /// [`Start::from_loader`]($crate::app::Start::from_loader).
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn start_app(
            root: String,
            first_paths: Vec<String>,
            first_bodies: Vec<wasm_bindgen::JsValue>,
        ) {
            mount($crate::app::Start::from_loader(
                &root,
                first_paths,
                first_bodies,
            ));
        }

        /// [`start_app`] on a page whose first screen the server drew and the loader just
        /// removed: the app's first render draws the whole page at once, in its place.
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn take_over_page(
            root: String,
            first_paths: Vec<String>,
            first_bodies: Vec<wasm_bindgen::JsValue>,
        ) {
            mount($crate::app::Start {
                takes_over: true,
                ..$crate::app::Start::from_loader(&root, first_paths, first_bodies)
            });
        }

        fn mount(start: $crate::app::Start) {
            console_error_panic_hook::set_once();
            leptos::mount::mount_to_body(move || $app($props::builder().start(start).build()));
        }
    };
}
