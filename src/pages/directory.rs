//! `/`: the directory. The query lives in the URL (shareable, survives reload and
//! back/forward); typing replaces the history entry, filter changes push one.
//!
//! The page keeps the query in its own signal and writes the URL from it: a router
//! navigation per keystroke (URL parse, route matching, history call) cost more than the
//! filtering itself, so typing updates the URL once the user pauses or leaves the search
//! box, and a change of the URL from outside (back/forward, a link) updates the signal.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_navigate, use_url};
use leptos_router::NavigateOptions;
use profile_views::directory::{DirectoryFrame, DirectoryView, QueryChange};
use profile_views::page::{directory_discovery, page_title, DIRECTORY_DESCRIPTION, DIRECTORY_PAGE};

use super::discovery_head::{root, DiscoveryHead};
use crate::components::error_panel::ErrorPanel;
use crate::components::skeleton::DirectorySkeleton;
use crate::context::{take_whole_first_render, use_api, use_link_base, use_site};
use crate::directory_query::{DirectoryIndex, DirectoryQuery};

/// How long typing pauses before the URL is written.
const URL_IDLE: Duration = Duration::from_millis(300);

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let api = use_api();
    let site = use_site();
    let root = root();
    let (index, refetch) = super::page_data(move || {
        let api = api.clone();
        async move {
            api.index()
                .await
                .map(|entries| Arc::new(DirectoryIndex::new(entries)))
        }
    });

    let links = use_link_base();
    let directory = links.directory_href();
    let base = links.base().to_string();
    // The directory renders whole either way; the flag is for the profile the server drew.
    take_whole_first_render();
    let url = use_url();
    // The URL's query while the URL is the directory's (not when leaving for a profile).
    let url_query = move || {
        url.with(|u| {
            let path = u.path().trim_end_matches('/');
            (path == base).then(|| DirectoryQuery::from_lookup(|k| u.search_params().get(k)))
        })
    };
    let query = RwSignal::new(url_query().unwrap_or_default());
    // The URL write that typing has scheduled, if any.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel_pending = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };

    // A URL that changed from outside (back/forward, a link, our own writes) wins over
    // typing not yet written; our own writes find the signal already equal.
    Effect::new(move |_| {
        let from_url = url_query();
        cancel_pending();
        if let Some(from_url) = from_url {
            if query.with_untracked(|q| *q != from_url) {
                query.set(from_url);
            }
        }
    });
    on_cleanup(cancel_pending);

    let navigate = use_navigate();
    let write_url = move |q: &DirectoryQuery, replace: bool| {
        navigate(
            &format!("{directory}{}", q.to_query_string()),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    };
    // Writes typing not yet in the URL now: before a filter change pushes an entry, and
    // when focus leaves the search box (a click on a result, a menu, a link).
    let flush = {
        let write_url = write_url.clone();
        move || {
            if let Some(handle) = pending.try_update_value(Option::take).flatten() {
                handle.clear();
                write_url(&query.get_untracked(), true);
            }
        }
    };
    let on_change = {
        let flush = flush.clone();
        Callback::new(move |change: QueryChange| {
            if change.replace {
                // Typing: (re)start the pause after which the URL catches up.
                query.set(change.query);
                cancel_pending();
                let write_url = write_url.clone();
                let write = move || {
                    pending.set_value(None);
                    write_url(&query.get_untracked(), true);
                };
                pending.set_value(set_timeout_with_handle(write, URL_IDLE).ok());
            } else {
                flush();
                write_url(&change.query, false);
                query.set(change.query);
            }
        })
    };
    let on_focusout = Callback::new(move |()| flush());

    view! {
        <Title text=page_title(DIRECTORY_PAGE)/>
        <Meta name="description" content=DIRECTORY_DESCRIPTION/>
        {move || site.get().map(|site| view! { <DiscoveryHead discovery=directory_discovery(&site, &root)/> })}
        <DirectoryFrame links=links.clone() on_focusout=on_focusout>
            {move || match index.get() {
                None => view! {
                    <p class="pv-results-status" role="status">"Loading profiles…"</p>
                    <DirectorySkeleton/>
                }
                .into_any(),
                Some(Err(e)) => view! {
                    <p class="pv-sr-only" role="status">{e.message()}</p>
                    <ErrorPanel
                        title="Profiles could not be loaded"
                        message=e.message()
                        detail=e.detail()
                        on_retry=Callback::new(move |_| refetch())
                    />
                }
                .into_any(),
                Some(Ok(idx)) => {
                    super::mark_when_painted("pv:directory-visible");
                    super::focus_main_after_navigation();
                    let links = links.clone();
                    view! { <DirectoryView index=idx links=links query=query on_change=on_change/> }.into_any()
                }
            }}
        </DirectoryFrame>
    }
}
