//! The note above a profile about offline copies ("Offline — saved copy from …",
//! "Updated since your saved copy") and, when the device could not keep a copy, why.
//! No router: the embed shows the same note.

use leptos::prelude::*;

use crate::api::LoadedProfile;
use crate::offline::catalog::{notice, Notice};

#[component]
pub fn OfflineNotice(loaded: LoadedProfile) -> impl IntoView {
    let note = notice(
        &loaded.origin,
        loaded.previous.as_ref(),
        loaded.profile.revision,
    );
    let kind = match note {
        Notice::OfflineCopy { .. } => "offline",
        Notice::UpdatedSinceSaved { .. } => "updated",
        Notice::None => "none",
    };
    let kept_error = loaded.kept.err().map(|e| e.message());
    view! {
        {note.text().map(|text| view! {
            <p class=format!("pv-offline-banner pv-offline-banner--{kind}") role="status" data-notice=kind>
                {text}
            </p>
        })}
        {kept_error.map(|text| view! {
            <p class="pv-offline-banner pv-offline-banner--storage" role="status" data-notice="storage">
                {text}
            </p>
        })}
    }
}
