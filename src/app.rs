//! The standalone app: router, document metadata, site header and footer, and the
//! context values the components read (API client, link base, site config, session,
//! access actions).

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use profile_views::chrome::{MainLandmark, SiteFooter, SiteHeader, SkipLink};

use crate::api::{ApiClient, FirstAnswer};
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

/// `base`: the path the build is served under, `""` at the site root or e.g. `/viewer`
/// (from the loader's URL, see `start_app`). `first`: the answers the loader already
/// fetched. `takes_over`: the app replaces the server's first screen.
#[component]
pub fn App(
    base: String,
    #[prop(optional)] first: Vec<FirstAnswer>,
    #[prop(optional)] takes_over: bool,
) -> impl IntoView {
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

    view! {
        <Router base=base>
            <SkipLink/>
            <SiteHeader links=links.clone() site=site>
                <SessionBar/>
            </SiteHeader>
            <MainLandmark>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=DirectoryPage/>
                    <Route path=path!("/profiles/:slug") view=ProfilePage/>
                    <Route path=path!("/saved") view=SavedPage/>
                    <Route path=path!("/map") view=MapPage/>
                </Routes>
            </MainLandmark>
            <SiteFooter site=site/>
            <LoginDialog/>
            <UpdatePrompt/>
            <p class="pv-toast" role="status" class:is-visible=move || !announcer.get().is_empty()>
                {move || announcer.get()}
            </p>
        </Router>
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
