//! `/saved`: what this device keeps for offline reading — profiles the reader saved and the
//! recently viewed ones kept automatically — with dates, revisions, sizes, and removal.
//! Works with no network: it reads only this device's storage. Pages the service worker kept
//! for a reader who read them without the app join the list when it opens
//! ([`ApiClient::adopt_kept_pages`](crate::api::ApiClient::adopt_kept_pages)).

use leptos::prelude::*;
use leptos_meta::Title;
use profile_views::page::page_title;

use crate::context::{use_api, use_link_base};
use crate::offline::catalog::{format_ms, format_size, RECENT_LIMIT};
use crate::offline::worker::{forget_cached, forget_kept_pages};
use crate::offline::{Catalog, Entry};

#[component]
pub fn SavedPage() -> impl IntoView {
    let api = use_api();
    let store = api.offline();
    let catalog = RwSignal::new(store.catalog());
    let status = RwSignal::new(String::new());
    let links = use_link_base();

    {
        let api = api.clone();
        let store = store.clone();
        leptos::task::spawn_local(async move {
            if api.adopt_kept_pages().await > 0 {
                catalog.try_set(store.catalog());
            }
        });
    }

    // What the worker may hold of a profile: its API answer and its page.
    let cached_urls = {
        let api = api.clone();
        let links = links.clone();
        move |slug: &str| {
            let mut urls = vec![api.url(&format!("/profiles/{slug}"))];
            urls.extend(links.profile_href(slug));
            urls
        }
    };
    let remove = {
        let store = store.clone();
        let cached_urls = cached_urls.clone();
        Callback::new(move |entry: Entry| {
            let text = match store.remove(&entry.slug) {
                Ok(()) => format!("Removed “{}” from this device.", entry.name),
                Err(e) => e.message().to_string(),
            };
            forget_cached(cached_urls(&entry.slug));
            catalog.set(store.catalog());
            status.set(text);
        })
    };
    let remove_all = {
        let store = store.clone();
        move |_| {
            let urls: Vec<String> = catalog.with_untracked(|c| {
                c.entries
                    .iter()
                    .flat_map(|e| cached_urls(&e.slug))
                    .collect()
            });
            let text = match store.remove_all() {
                Ok(()) => "Removed every profile from this device.".to_string(),
                Err(e) => e.message().to_string(),
            };
            forget_cached(urls);
            forget_kept_pages();
            catalog.set(store.catalog());
            status.set(text);
        }
    };

    let list = move |saved: bool| {
        let links = links.clone();
        move || {
            let entries: Vec<Entry> = catalog.with(|c: &Catalog| {
                let v = if saved { c.saved() } else { c.recent() };
                v.into_iter().cloned().collect()
            });
            if entries.is_empty() {
                let text = if saved {
                    "Nothing saved yet. Use “Save for offline” on a profile to keep it here."
                } else {
                    "No recently viewed profiles."
                };
                return view! { <p class="pv-muted pv-saved__empty">{text}</p> }.into_any();
            }
            view! {
                <ul class="pv-saved__list">
                    {entries
                        .into_iter()
                        .map(|e| view! { <SavedItem entry=e links=links.clone() on_remove=remove/> })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
    };

    let total = move || catalog.with(|c| format_size(c.total_size()));
    let any = move || catalog.with(|c| !c.entries.is_empty());

    view! {
        <Title text=page_title("Saved for offline")/>
        <div class="pv-page pv-saved">
            <header class="pv-page__header">
                <h1 class="pv-page__title">"Saved for offline"</h1>
                <p class="pv-page__intro">
                    "These profiles open on this device without a connection. "
                    "Member briefings are never listed here; see the help below."
                </p>
                <p class="pv-saved__total">{move || format!("Using {} on this device.", total())}</p>
            </header>
            <p class="pv-saved__status" role="status" aria-live="polite">{move || status.get()}</p>
            <section class="pv-section" aria-labelledby="pv-saved-heading">
                <h2 class="pv-section__title" id="pv-saved-heading">"Saved profiles"</h2>
                {list(true)}
            </section>
            <section class="pv-section" aria-labelledby="pv-recent-heading">
                <h2 class="pv-section__title" id="pv-recent-heading">"Recently viewed"</h2>
                <p class="pv-muted">
                    {format!("Kept automatically: the last {RECENT_LIMIT} profiles you opened; the oldest is dropped first.")}
                </p>
                {list(false)}
            </section>
            {move || any().then(|| view! {
                <p>
                    <button type="button" class="pv-button pv-button--secondary pv-saved__remove-all" on:click=remove_all.clone()>
                        "Remove all"
                    </button>
                </p>
            })}
        </div>
    }
}

#[component]
fn SavedItem(
    entry: Entry,
    links: crate::links::LinkBase,
    on_remove: Callback<Entry>,
) -> impl IntoView {
    let when = match entry.saved_at {
        Some(at) => format!("Saved {}", format_ms(at)),
        None => format!("Viewed {}", format_ms(entry.viewed_at)),
    };
    let meta = format!(
        "{when} · copy from {} · revision {} · {}",
        format_ms(entry.stored_at),
        entry.revision,
        format_size(entry.size)
    );
    let name = entry.name.clone();
    let title = match links.profile_href(&entry.slug) {
        Some(href) => {
            view! { <a class="pv-internal pv-saved__name" href=href>{name}</a> }.into_any()
        }
        None => view! { <span class="pv-saved__name">{name}</span> }.into_any(),
    };
    let label = format!("Remove {}", entry.name);
    let slug = entry.slug.clone();
    view! {
        <li class="pv-saved__item" data-slug=slug>
            <div class="pv-saved__text">
                {title}
                <p class="pv-saved__meta pv-muted">{meta}</p>
            </div>
            <button
                type="button"
                class="pv-button pv-button--secondary pv-saved__remove"
                aria-label=label
                on:click=move |_| on_remove.run(entry.clone())
            >
                "Remove"
            </button>
        </li>
    }
}
