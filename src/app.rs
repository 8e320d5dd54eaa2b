//! The whole standalone apps: router, document metadata, site header and footer around the
//! context values of `start.rs`. [`App`] has every page; [`ProfileApp`] only a profile's, for
//! the profile page's smaller wasm (`src/bin/profile-page.rs`).

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use profile_model::SiteConfig;
use profile_views::chrome::{MainLandmark, SiteFooter, SiteHeader, SkipLink};

use crate::components::login_dialog::LoginDialog;
use crate::components::session_bar::SessionBar;
use crate::links::LinkBase;
use crate::offline::worker::UpdatePrompt;
use crate::pages::directory::DirectoryPage;
use crate::pages::map::MapPage;
use crate::pages::not_found::NotFound;
use crate::pages::profile::ProfilePage;
use crate::pages::saved::SavedPage;
use crate::start::Shared;
pub use crate::start::Start;

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
        provide_meta_context();
        crate::pages::discovery_head::remove_server_tags();
        let Shared {
            base,
            links,
            site,
            announcer,
            ..
        } = Shared::provide(start);
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

/// The loader's two entry points, `start_app` and `take_over_page` (`web/loader.js`), that
/// mount the app component `$app` (props `$props`) on `<body>`: one pair per wasm build
/// (`src/main.rs`, `src/bin/profile-page.rs`). Both call one `mount`, so the app's view is
/// instantiated once in the wasm.
#[macro_export]
macro_rules! standalone_entry_points {
    ($app:ident, $props:ident) => {
        /// The standalone app: mounts it on `<body>`. Arguments:
        /// [`Start::from_loader`]($crate::start::Start::from_loader).
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn start_app(
            root: String,
            first_paths: Vec<String>,
            first_bodies: Vec<wasm_bindgen::JsValue>,
        ) {
            mount($crate::start::Start::from_loader(
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
            mount($crate::start::Start::over_first_screen(
                &root,
                first_paths,
                first_bodies,
            ));
        }

        fn mount(start: $crate::start::Start) {
            console_error_panic_hook::set_once();
            leptos::mount::mount_to_body(move || $app($props::builder().start(start).build()));
        }
    };
}
