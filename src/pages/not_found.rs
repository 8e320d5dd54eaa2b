//! Not found: the fallback route and the profile page's 404.

use leptos::prelude::*;
use leptos_meta::Title;
use profile_views::page::page_title;

use crate::context::use_link_base;

/// The body of a not-found page, with a way back. No router needed.
#[component]
pub fn NotFoundPanel(#[prop(into)] title: String, #[prop(into)] message: String) -> impl IntoView {
    let home = use_link_base().directory_href();
    view! {
        <div class="pv-not-found" data-state="not-found">
            <p class="pv-not-found__code" aria-hidden="true">"404"</p>
            <h1 class="pv-not-found__title">{title}</h1>
            <p>{message}</p>
            <p><a class="pv-button pv-button--primary pv-back" href=home>"Back to all profiles"</a></p>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    super::focus_main_after_navigation();
    view! {
        <Title text=page_title("Page not found")/>
        <p class="pv-sr-only" role="status">"Page not found"</p>
        <NotFoundPanel title="Page not found" message="There is no page at this address. It may have moved, or the link may be mistyped."/>
    }
}
