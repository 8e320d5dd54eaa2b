//! The header's session area: who is signed in (name and tier) with "Sign out", or
//! "Log in". It reads the session store and asks it to act; nothing else.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::context::{use_access_actions, use_site, AccessRequest, Announcer, SessionState};
use crate::session::use_session_store;

#[component]
pub fn SessionBar() -> impl IntoView {
    let Some(store) = use_session_store() else {
        return ().into_any();
    };
    let state = store.state();
    let site = use_site();
    let request = use_access_actions();
    let announcer = use_context::<Announcer>();
    let root = NodeRef::<leptos::html::Div>::new();

    // After signing out, focus moves to the "Log in" that replaced "Sign out".
    let focus_login = move || {
        request_animation_frame(move || {
            if let Some(button) = root
                .get_untracked()
                .and_then(|r| r.query_selector(".pv-session__login").ok().flatten())
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = button.focus();
            }
        });
    };

    let sign_out = move |_| {
        let store = store.clone();
        leptos::task::spawn_local(async move {
            let result = store.sign_out().await;
            let text = match result {
                Ok(()) => "Signed out".to_string(),
                Err(_) => "Signed out on this device. The server could not be reached to end the session everywhere.".to_string(),
            };
            if let Some(Announcer(a)) = announcer {
                a.try_set(text);
            }
            focus_login();
        });
    };

    let content = move || match state.get() {
        SessionState::Checking => view! {
            <span class="pv-session__checking">"Checking sign-in…"</span>
        }
        .into_any(),
        SessionState::SignedOut => view! {
            <button
                type="button"
                class="pv-button pv-button--secondary pv-session__login"
                on:click=move |_| request.run(AccessRequest::LogIn)
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
                .unwrap_or_else(|| crate::format::humanize(&member.tier));
            let sign_out = sign_out.clone();
            view! {
                <p class="pv-session__who">
                    <span class="pv-sr-only">"Signed in as "</span>
                    <span class="pv-session__name">{member.name}</span>
                    <span class="pv-session__tier">{tier}</span>
                </p>
                <button
                    type="button"
                    class="pv-button pv-button--ghost pv-session__signout"
                    on:click=sign_out
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
    .into_any()
}
