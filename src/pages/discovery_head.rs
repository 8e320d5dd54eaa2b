//! A page's discovery tags (canonical link, Open Graph, Twitter card, alternates, JSON-LD)
//! set with leptos_meta from `profile_views::page`'s [`Discovery`], the same data the server
//! writes into its HTML, so both heads say the same.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Script};
use profile_views::page::{root_url, Discovery, MetaTag, HEAD_MARK};

use crate::context::use_link_base;

/// The viewer's absolute root URL on this origin, e.g. `https://news.example/viewer/`.
pub fn root() -> String {
    let origin = window().location().origin().unwrap_or_default();
    root_url(&origin, use_link_base().base())
}

/// Removes what the server wrote for a page without a first screen (the directory's
/// discovery tags): from now on the pages set their own.
pub fn remove_server_tags() {
    let selector = format!("[{HEAD_MARK}]");
    while let Ok(Some(tag)) = document().query_selector(&selector) {
        tag.remove();
    }
}

#[component]
pub fn DiscoveryHead(discovery: Discovery) -> impl IntoView {
    let metas = discovery
        .metas
        .into_iter()
        .map(|m| match m {
            MetaTag::Property(p, content) => view! { <Meta property=p content=content/> },
            MetaTag::Name(n, content) => view! { <Meta name=n content=content/> },
        })
        .collect_view();
    let alternates = discovery
        .alternates
        .into_iter()
        .map(|a| view! { <Link rel="alternate" type_=a.kind href=a.href title=a.title/> })
        .collect_view();
    view! {
        <Link rel="canonical" href=discovery.canonical/>
        {metas}
        {alternates}
        <Script type_="application/ld+json">{discovery.json_ld}</Script>
    }
}
