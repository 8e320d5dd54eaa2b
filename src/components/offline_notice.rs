//! The note above a profile about offline copies ("Offline — saved copy from …",
//! "Updated since your saved copy") and, when the device could not keep a copy, why.
//! No router: the embed shows the same note.

use leptos::prelude::*;

use crate::api::{Loaded, Readable};
use crate::offline::catalog::{notice, Notice};

/// The note for `loaded`, a profile as read (whole, or its head on a page the server drew).
pub fn offline_notice<P: Readable>(loaded: &Loaded<P>) -> AnyView {
    let note = notice(
        &loaded.origin,
        loaded.previous.as_ref(),
        loaded.profile.revision(),
    );
    let kind = match note {
        Notice::OfflineCopy { .. } => "offline",
        Notice::UpdatedSinceSaved { .. } => "updated",
        Notice::None => "none",
    };
    let kept_error = loaded.kept.as_ref().err().map(|e| e.message());
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
    .into_any()
}
