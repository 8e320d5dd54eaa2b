//! `/`: the directory. The query lives in the URL (shareable, survives reload and
//! back/forward); typing replaces the history entry, filter changes push one.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::components::directory_view::{DirectoryView, QueryChange};
use crate::components::error_panel::ErrorPanel;
use crate::components::skeleton::DirectorySkeleton;
use crate::context::{use_api, use_link_base};
use crate::directory_query::{DirectoryIndex, DirectoryQuery};

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let api = use_api();
    let index = LocalResource::new(move || {
        let api = api.clone();
        async move {
            api.index()
                .await
                .map(|entries| Arc::new(DirectoryIndex::new(entries)))
        }
    });

    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| DirectoryQuery::from_lookup(|k| m.get(k))));

    let navigate = use_navigate();
    let directory = use_link_base().directory_href();
    let on_change = Callback::new(move |change: QueryChange| {
        let to = format!("{directory}{}", change.query.to_query_string());
        navigate(
            &to,
            NavigateOptions {
                replace: change.replace,
                scroll: false,
                ..Default::default()
            },
        );
    });

    view! {
        <Title text="Profiles — Profile viewer"/>
        <Meta
            name="description"
            content="Profiles of internet-infrastructure institutions: key points, source confidence and member briefings."
        />
        <div class="pv-page pv-directory">
            <header class="pv-page__header">
                <p class="pv-kicker">"Data desk"</p>
                <h1 class="pv-page__title">"Internet infrastructure profiles"</h1>
                <p class="pv-page__intro">
                    "Who runs the networks, registries, exchanges and cables the internet depends on — "
                    "with a graded view of how well each profile is sourced."
                </p>
            </header>
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
                        on_retry=Callback::new(move |_| index.refetch())
                    />
                }
                .into_any(),
                Some(Ok(idx)) => {
                    super::mark_when_painted("pv:directory-visible");
                    super::focus_main_after_navigation();
                    view! { <DirectoryView index=idx query=query on_change=on_change/> }.into_any()
                }
            }}
        </div>
    }
}
