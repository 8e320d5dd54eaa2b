//! The login dialog's markup: a native `<dialog>` with the e-mail and password form. The
//! viewer opens it and signs in (src/components/login_dialog.rs); the server puts it, closed,
//! into a first screen, where the loader opens it on a press of "Log in" before the app has
//! arrived, so the reader can type at once (web/loader.js carries what was typed over). The
//! loader finds it and its openers by `profile_model::web::{LOGIN_DIALOG_CLASS, LOGIN_OPENERS}`.

use leptos::ev::SubmitEvent;
use leptos::html::{Dialog, Input};
use leptos::prelude::*;

/// The ids of one dialog's parts, unique per `number` (ids must be unique in a document or
/// shadow root). The server's first screen has dialog 0, as the app's first dialog is.
pub struct DialogIds {
    pub title: String,
    pub error: String,
    pub email: String,
    pub password: String,
}

impl DialogIds {
    pub fn new(number: usize) -> DialogIds {
        DialogIds {
            title: format!("pv-login-title-{number}"),
            error: format!("pv-login-error-{number}"),
            email: format!("pv-login-email-{number}"),
            password: format!("pv-login-password-{number}"),
        }
    }
}

/// The dialog, closed. `on_submit`: the form's submit (never the browser's own submission);
/// `on_dismiss`: the close button; `on_close`: the dialog closed, by any way (Escape, the
/// close button, success). The states are the viewer's own signals, read only here (plain
/// signals rather than `Signal` wrappers: each wrapped type costs the wasm its own code).
#[component]
pub fn LoginDialogView(
    number: usize,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    wrong_credentials: RwSignal<bool>,
    on_submit: Callback<()>,
    on_dismiss: Callback<()>,
    on_close: Callback<()>,
    #[prop(optional)] dialog_ref: NodeRef<Dialog>,
    #[prop(optional)] email_ref: NodeRef<Input>,
    #[prop(optional)] password_ref: NodeRef<Input>,
) -> impl IntoView {
    let ids = DialogIds::new(number);
    let described = {
        let error_id = ids.error.clone();
        move || error.with(|e| e.is_some()).then(|| error_id.clone())
    };
    let described_2 = described.clone();
    let invalid = move || wrong_credentials.get().then_some("true");
    let DialogIds {
        title,
        error: error_id,
        email,
        password,
    } = ids;
    let labelled_by = title.clone();
    let (email_for, password_for) = (email.clone(), password.clone());
    view! {
        <dialog
            node_ref=dialog_ref
            class="pv-dialog pv-login"
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            on:close=move |_| on_close.run(())
        >
            <div class="pv-dialog__header">
                <h2 class="pv-dialog__title" id=title>"Log in"</h2>
                <button
                    type="button"
                    class="pv-dialog__close"
                    aria-label="Close"
                    on:click=move |_| on_dismiss.run(())
                >
                    <span aria-hidden="true">"×"</span>
                </button>
            </div>
            <p class="pv-dialog__intro">"Members can read the briefings of their tier."</p>
            <form
                class="pv-login__form"
                aria-busy=move || busy.get().then_some("true")
                on:submit=move |ev: SubmitEvent| {
                    ev.prevent_default();
                    on_submit.run(());
                }
            >
                <div class="pv-field">
                    <label for=email_for>"E-mail"</label>
                    <input
                        node_ref=email_ref
                        id=email
                        name="email"
                        type="email"
                        autocomplete="username"
                        inputmode="email"
                        spellcheck="false"
                        required
                        aria-invalid=invalid
                        aria-describedby=described
                    />
                </div>
                <div class="pv-field">
                    <label for=password_for>"Password"</label>
                    <input
                        node_ref=password_ref
                        id=password
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=invalid
                        aria-describedby=described_2
                    />
                </div>
                <p class="pv-login__error" id=error_id role="alert" aria-live="assertive" aria-atomic="true">
                    {move || error.get()}
                </p>
                <div class="pv-dialog__actions">
                    <button type="submit" class="pv-button pv-button--primary pv-login__submit" disabled=move || busy.get()>
                        {move || if busy.get() { "Logging in…" } else { "Log in" }}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
