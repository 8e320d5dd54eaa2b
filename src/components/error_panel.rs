//! An error with a message, optional technical detail, and a Retry button.

use leptos::prelude::*;

#[component]
pub fn ErrorPanel(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(default = None)] detail: Option<String>,
    /// Shown as a Retry button when given.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
    /// The page's main heading (h1) rather than a section heading (h2).
    #[prop(optional)]
    page_heading: bool,
) -> impl IntoView {
    let heading = if page_heading {
        view! { <h1 class="pv-error__title">{title}</h1> }.into_any()
    } else {
        view! { <h2 class="pv-error__title">{title}</h2> }.into_any()
    };
    view! {
        <div class="pv-error" data-state="error">
            <div class="pv-error__icon" aria-hidden="true">"!"</div>
            <div class="pv-error__body">
                {heading}
                <p class="pv-error__message">{message}</p>
                {detail.map(|d| view! {
                    <details class="pv-error__detail">
                        <summary>"Technical details"</summary>
                        <p>{d}</p>
                    </details>
                })}
                {on_retry.map(|retry| view! {
                    <button type="button" class="pv-button pv-button--primary pv-retry" on:click=move |_| retry.run(())>
                        "Retry"
                    </button>
                })}
            </div>
        </div>
    }
}
