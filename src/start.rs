//! How the loader starts the viewer on a page: its arguments ([`Start`]) and the context
//! values every standalone start provides ([`Shared`]): the API client, the link base, the
//! site config, the session store, the access actions, the announcer and the service worker.
//! The whole apps (`app.rs`) add the router and the page chrome around them; a profile page
//! the server drew gets only its controls made live (`attach.rs`).

use leptos::prelude::*;
use profile_model::SiteConfig;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{ApiClient, FirstAnswer, FirstBody};
use crate::context::{AccessActions, AccessRequest, Announcer, SiteState, WholeFirstRender};
use crate::links::LinkBase;
use crate::offline::worker::{self, UpdateReady};
use crate::session::{provide_session, SessionHint, SessionStore};

/// How the loader starts the viewer: `base`, the path the build is served under, `""` at the
/// site root or e.g. `/viewer` (from the loader's URL); `first`, the answers the loader
/// already fetched; `over_first_screen`, whether the page had a first screen the server drew,
/// which the viewer replaces (wholly, or its controls only).
pub struct Start {
    pub base: String,
    pub first: Vec<FirstAnswer>,
    pub over_first_screen: bool,
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
            over_first_screen: false,
        }
    }

    /// The same, on a page whose first screen the server drew.
    pub fn over_first_screen(root: &str, paths: Vec<String>, bodies: Vec<JsValue>) -> Start {
        Start {
            over_first_screen: true,
            ..Start::from_loader(root, paths, bodies)
        }
    }
}

/// What a standalone start provided, for the views around it.
pub struct Shared {
    pub base: String,
    pub links: LinkBase,
    pub api: ApiClient,
    pub site: RwSignal<Option<SiteConfig>>,
    pub announcer: RwSignal<String>,
}

impl Shared {
    /// Provides the context values (in the current reactive owner) and registers the
    /// service worker.
    pub fn provide(start: Start) -> Shared {
        let Start {
            base,
            first,
            over_first_screen,
        } = start;
        let links = LinkBase::new(&base);
        provide_context(links.clone());
        let api = ApiClient::new(format!("{base}/api"));
        api.set_first_answers(first);
        provide_context(api.clone());
        provide_context(WholeFirstRender(StoredValue::new(over_first_screen)));
        // A first screen the server drew to start the app at once is its word that a session
        // cookie came along (signed in on another site of the publisher, or this browser's
        // hint was cleared): reason enough to ask, as the hint is.
        if over_first_screen && !server_waits_for_intent() {
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
        {
            let api = api.clone();
            leptos::task::spawn_local(async move {
                // Without the site config, locked cards fall back to tier ids; nothing else
                // needs it.
                if let Ok(config) = api.site().await {
                    site.set(Some(config));
                }
            });
        }

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
        Shared {
            base,
            links,
            api,
            site,
            announcer,
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
