//! "Save for offline" (a toggle) and what happened, in a polite live region. Saving keeps
//! the copy reading the page already stored; if storing it had failed, it stores `copy` (the
//! profile's JSON and its catalog line) once more.

use leptos::prelude::*;
use profile_views::profile::SaveButton;

use crate::api::Readable;
use crate::context::use_api;
use crate::offline::{CopyMeta, StoreError};

/// The copy to store when there is none yet: the JSON and its catalog line.
pub type MakeCopy = Callback<(), Result<(CopyMeta, String), StoreError>>;

/// The copy of `profile`, as read.
pub fn copy_of<P: Readable + Send + Sync + 'static>(profile: P) -> MakeCopy {
    Callback::new(move |()| {
        let json = profile.json().ok_or(StoreError::Unavailable)?;
        Ok((profile.copy_meta(json.len()), json))
    })
}

#[component]
pub fn SaveForOffline(slug: String, copy: MakeCopy) -> impl IntoView {
    let store = use_api().offline();
    let saved = RwSignal::new(store.catalog().get(&slug).is_some_and(|e| e.is_saved()));
    let status = RwSignal::new(String::new());
    let on_press = move |()| {
        let result = if saved.get_untracked() {
            store.unsave(&slug).map(|()| {
                saved.set(false);
                "Removed from your saved profiles.".to_string()
            })
        } else {
            let stored = match store.catalog().get(&slug) {
                Some(_) => Ok(()),
                None => copy
                    .run(())
                    .and_then(|(meta, json)| store.put_copy(meta, &json)),
            };
            stored.and_then(|()| store.save(&slug)).and_then(|ok| {
                if ok {
                    saved.set(true);
                    Ok(
                        "Saved for offline. Find it under Saved, with or without a connection."
                            .to_string(),
                    )
                } else {
                    Err(StoreError::Unavailable)
                }
            })
        };
        status.set(result.unwrap_or_else(|e| e.message().to_string()));
    };
    view! { <SaveButton saved=saved status=status on_press=Callback::new(on_press)/> }
}
