//! The page around the content: skip link, site header with the session area, the main
//! landmark and the footer. The standalone app puts its routes inside [`MainLandmark`]; the
//! server puts a profile's first screen there.

use leptos::html::Div;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use profile_model::{format, SiteConfig};

use crate::links::LinkBase;
use crate::state::SessionState;

/// The id the skip link moves focus to.
pub const MAIN_ID: &str = "main";

/// Moves focus to the main content. Handled in code rather than as a `#main` fragment
/// link, so that the app's router does not treat it as a navigation.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a
            class="pv-skip-link"
            href=format!("#{MAIN_ID}")
            on:click=|ev| {
                ev.prevent_default();
                if let Some(main) = document().get_element_by_id(MAIN_ID) {
                    if let Ok(main) = main.dyn_into::<leptos::web_sys::HtmlElement>() {
                        let _ = main.focus();
                    }
                }
            }
        >
            "Skip to content"
        </a>
    }
}

/// Brand, navigation, the publisher once the site configuration is in, and the session
/// area (`children`).
#[component]
pub fn SiteHeader(
    links: LinkBase,
    #[prop(into)] site: Signal<Option<SiteConfig>>,
    children: Children,
) -> impl IntoView {
    let publisher = move || site.with(|s| s.as_ref().map(|s| s.publisher.name.clone()));
    view! {
        <header class="pv-site-header">
            <div class="pv-site-header__inner">
                <a class="pv-brand" href=links.directory_href()>
                    <span class="pv-brand__mark" aria-hidden="true"></span>
                    <span class="pv-brand__name">"Profile viewer"</span>
                </a>
                <nav class="pv-site-nav" aria-label="Main">
                    <ul>
                        <li><a href=links.directory_href()>"All profiles"</a></li>
                        <li><a href=links.saved_href()>"Saved"</a></li>
                    </ul>
                </nav>
                {move || publisher().map(|p| view! { <p class="pv-site-header__publisher">{p}</p> })}
                {children()}
            </div>
        </header>
    }
}

/// The page's one `<main>`, focusable so that the skip link and navigations can move there.
#[component]
pub fn MainLandmark(children: Children) -> impl IntoView {
    view! {
        <main id=MAIN_ID class="pv-main" tabindex="-1">
            {children()}
        </main>
    }
}

#[component]
pub fn SiteFooter(#[prop(into)] site: Signal<Option<SiteConfig>>) -> impl IntoView {
    let publisher = move || {
        site.with(|s| s.as_ref().map(|s| s.publisher.name.clone()))
            .unwrap_or_else(|| "the publisher".into())
    };
    view! {
        <footer class="pv-site-footer">
            <div class="pv-site-footer__inner">
                <p>{move || format!("Profiles published by {}.", publisher())}</p>
                <p class="pv-muted">
                    "Confidence grades run from A (high, direct sources) to D (weak signal or internal monitoring)."
                </p>
            </div>
        </footer>
    }
}

/// The header's session area: "Checking sign-in…", "Log in", or who is signed in (name
/// and tier) with "Sign out". `root` lets the viewer move focus inside it.
#[component]
pub fn SessionView(
    #[prop(into)] state: Signal<SessionState>,
    #[prop(into)] site: Signal<Option<SiteConfig>>,
    on_login: Callback<()>,
    on_sign_out: Callback<()>,
    #[prop(optional)] root: NodeRef<Div>,
) -> impl IntoView {
    let content = move || match state.get() {
        SessionState::Checking => view! {
            <span class="pv-session__checking">"Checking sign-in…"</span>
        }
        .into_any(),
        SessionState::SignedOut => view! {
            <button
                type="button"
                class="pv-button pv-button--secondary pv-session__login"
                on:click=move |_| on_login.run(())
            >
                "Log in"
            </button>
        }
        .into_any(),
        SessionState::SignedIn(member) => {
            let tier = site
                .with(|s| {
                    s.as_ref()
                        .and_then(|s| s.tier(&member.tier).map(|t| t.name.clone()))
                })
                .unwrap_or_else(|| format::humanize(&member.tier));
            view! {
                <p class="pv-session__who">
                    <span class="pv-sr-only">"Signed in as "</span>
                    <span class="pv-session__name">{member.name}</span>
                    <span class="pv-session__tier">{tier}</span>
                </p>
                <button
                    type="button"
                    class="pv-button pv-button--ghost pv-session__signout"
                    on:click=move |_| on_sign_out.run(())
                >
                    "Sign out"
                </button>
            }
            .into_any()
        }
    };
    view! {
        <div class="pv-session" node_ref=root>
            {content}
        </div>
    }
}
