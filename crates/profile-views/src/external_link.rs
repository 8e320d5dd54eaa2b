//! A link that leaves the viewer.

use leptos::prelude::*;

use crate::links::external_href;

/// http(s) only, new tab, no opener, no referrer; anything else is shown as plain text.
#[component]
pub fn ExternalLink(url: Option<String>, text: String) -> impl IntoView {
    match url.as_deref().and_then(external_href).map(str::to_string) {
        Some(href) => view! {
            <a class="pv-external" href=href target="_blank" rel="noopener noreferrer">
                {text}
                <span class="pv-sr-only">" (opens in a new tab)"</span>
            </a>
        }
        .into_any(),
        None => view! { <span class="pv-link-text">{text}</span> }.into_any(),
    }
}
