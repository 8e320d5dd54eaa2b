//! The header's session area: who is signed in (name and tier) with "Sign out", or
//! "Log in". It reads the session store and asks it to act; nothing else.

use leptos::prelude::*;
use profile_views::chrome::SessionView;
use wasm_bindgen::JsCast;

use crate::context::{use_access_actions, use_site, AccessRequest, Announcer};
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

    let sign_out = move |()| {
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

    view! {
        <SessionView
            state=state
            site=site
            on_login=Callback::new(move |()| request.run(AccessRequest::LogIn))
            on_sign_out=Callback::new(sign_out)
            root=root
        />
    }
    .into_any()
}
