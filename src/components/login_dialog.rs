//! The cookie-mode login dialog's behaviour; its markup is profile-views' `LoginDialogView`.
//! A native modal `<dialog>` (the browser makes the rest of the page inert and handles
//! Escape). Focus goes to the e-mail field on open and back to the control that opened it on
//! close; if that control is gone (a card's "Log in" after signing in), to its card. Errors
//! are announced from an always-present alert region. It talks only to the session store.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::html;
use leptos::prelude::*;
use profile_views::login_dialog::LoginDialogView;
use wasm_bindgen::JsCast;

use crate::context::Announcer;
use crate::session::{login_error_message, use_session_store, AuthMode};

/// Ids must be unique in their document or shadow root; a counter keeps two viewers apart.
/// The first is 0, as in the server's first screen (`LoginDialogView`).
fn next_id() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The focused element of the tree `node` lives in (a shadow root has its own).
fn active_element_near(node: &web_sys::Node) -> Option<web_sys::Element> {
    let root = node.get_root_node();
    match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element()),
    }
}

/// `selector` in the document or shadow root that `node` lives in.
fn query_in_root(node: &web_sys::Node, selector: &str) -> Option<web_sys::Element> {
    let root = node.get_root_node();
    match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.query_selector(selector).ok().flatten(),
        None => root
            .dyn_ref::<web_sys::Document>()
            .and_then(|d| d.query_selector(selector).ok().flatten()),
    }
}

fn focus(element: &web_sys::Element) {
    if let Some(el) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

#[component]
pub fn LoginDialog() -> impl IntoView {
    let Some(store) = use_session_store() else {
        return ().into_any();
    };
    if store.mode() != AuthMode::Cookie {
        return ().into_any();
    }
    let announcer = use_context::<Announcer>();
    let open = store.login_open();
    let number = next_id();

    let dialog_ref = NodeRef::<html::Dialog>::new();
    let email_ref = NodeRef::<html::Input>::new();
    let password_ref = NodeRef::<html::Input>::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let wrong_credentials = RwSignal::new(false);
    // The opener and its card, to give focus back; local (DOM handles are not Send).
    let opener = StoredValue::new_local(None::<(web_sys::Element, Option<web_sys::Element>)>);

    Effect::new(move |_| {
        let want_open = open.get();
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        if want_open && !dialog.open() {
            let active = active_element_near(&dialog);
            let card = active
                .as_ref()
                .and_then(|a| a.closest(".pv-locked").ok().flatten());
            opener.set_value(active.map(|a| (a, card)));
            error.set(None);
            wrong_credentials.set(false);
            if dialog.show_modal().is_ok() {
                if let Some(email) = email_ref.get_untracked() {
                    let _ = email.focus();
                }
            }
        } else if !want_open && dialog.open() {
            dialog.close();
        }
    });

    // Every way of closing (Escape, the close button, success) ends here.
    let on_close = move |()| {
        open.set(false);
        busy.set(false);
        if let Some(password) = password_ref.get_untracked() {
            password.set_value("");
        }
        // After the page has re-rendered for the new session.
        request_animation_frame(move || {
            let target = opener.with_value(|o| {
                o.as_ref().and_then(|(opener, card)| {
                    if opener.is_connected() {
                        Some(opener.clone())
                    } else {
                        card.clone().filter(|c| c.is_connected())
                    }
                })
            });
            match target {
                Some(el) => focus(&el),
                // The header's "Log in" became "Sign out".
                None => {
                    if let Some(el) = dialog_ref
                        .get_untracked()
                        .and_then(|d| query_in_root(&d, ".pv-session__signout"))
                    {
                        focus(&el);
                    }
                }
            }
            opener.set_value(None);
        });
    };

    let sign_in = {
        let store = store.clone();
        move |()| {
            if busy.get_untracked() {
                return;
            }
            let email = email_ref
                .get_untracked()
                .map(|e| e.value())
                .unwrap_or_default();
            let password = password_ref
                .get_untracked()
                .map(|p| p.value())
                .unwrap_or_default();
            busy.set(true);
            error.set(None);
            let store = store.clone();
            leptos::task::spawn_local(async move {
                let result = store.sign_in(email.trim(), &password).await;
                busy.try_set(false);
                match result {
                    Ok(member) => {
                        wrong_credentials.try_set(false);
                        if let Some(Announcer(a)) = announcer {
                            a.try_set(format!("Signed in as {}", member.name));
                        }
                        open.try_set(false);
                    }
                    Err(e) => {
                        wrong_credentials
                            .try_set(matches!(e, crate::api::ApiError::InvalidCredentials));
                        error.try_set(Some(login_error_message(&e)));
                        if let Some(password) = password_ref.get_untracked() {
                            let _ = password.focus();
                            password.select();
                        }
                    }
                }
            });
        }
    };

    view! {
        <LoginDialogView
            number=number
            busy=busy
            error=error
            wrong_credentials=wrong_credentials
            on_submit=Callback::new(sign_in)
            on_dismiss=Callback::new(move |()| open.set(false))
            on_close=Callback::new(on_close)
            dialog_ref=dialog_ref
            email_ref=email_ref
            password_ref=password_ref
        />
    }
    .into_any()
}
