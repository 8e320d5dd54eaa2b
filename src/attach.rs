//! A profile's page the server drew, made live where it stands (the profile page's
//! `profile-attach` wasm, `src/bin/profile-attach.rs`). The server's HTML already is the
//! page, so nothing of it is rendered again: only its controls are replaced by the viewer's
//! own, built from the same `profile-views` components in the same places (the header's
//! session area, each briefing's card, the offline bar), and the login dialog, the update
//! prompt and the toast are added at the end of the body. What this needs of the profile is
//! its head (`api::ProfileHead`): its revision for the offline copy, its briefings for the
//! cards. Links load their pages from the server.
//!
//! Islands by hand, in client-side Leptos: each control is built and mounted in one
//! reactive owner that holds the context values of `start.rs`, and lives as long as the
//! page.

use futures::FutureExt;
use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use wasm_bindgen::JsCast;

use crate::api::{Loaded, ProfileHead};
use crate::components::locked_card::LockedCard;
use crate::components::login_dialog::LoginDialog;
use crate::components::offline_notice::offline_notice;
use crate::components::save_for_offline::{copy_of, SaveForOffline};
use crate::components::session_bar::SessionBar;
use crate::links::LinkBase;
use crate::offline::worker::UpdatePrompt;
use crate::start::{Shared, Start};

/// Why the page could not be made live; the loader then leaves the first screen as it is
/// and says so.
#[derive(Debug, PartialEq, Eq)]
pub enum AttachError {
    /// The address is not a profile's page under this build.
    NotAProfile,
    /// The profile's JSON was not at hand or could not be read.
    NoProfile,
}

/// Makes the controls of the server's profile page live. Synchronous: the loader hands the
/// profile's JSON over already fetched, so reading it awaits nothing, and the controls are
/// in place when this returns (the loader then carries focus and a press over to them).
pub fn attach(start: Start) -> Result<(), AttachError> {
    let document = document();
    let path = window().location().pathname().unwrap_or_default();
    let slug = LinkBase::new(&start.base)
        .profile_slug(&path)
        .ok_or(AttachError::NotAProfile)?
        .to_string();
    // Leptos' tasks run on wasm-bindgen's executor (what `mount_to` sets up; an `Err` means
    // it already is).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let result = owner.with(|| {
        let Shared { api, announcer, .. } = Shared::provide(start);
        let loaded = api
            .profile_for_reading::<ProfileHead>(&slug)
            .now_or_never()
            .and_then(Result::ok)
            .ok_or(AttachError::NoProfile)?;
        mount_controls(&document, loaded);
        if let Some(body) = document.body() {
            append(
                &body,
                view! {
                    <LoginDialog/>
                    <UpdatePrompt/>
                    <p class="pv-toast" role="status" class:is-visible=move || !announcer.get().is_empty()>
                        {move || announcer.get()}
                    </p>
                }
                .into_any(),
            );
        }
        crate::pages::mark_when_painted("pv:profile-visible");
        Ok(())
    });
    // The controls live as long as the page.
    std::mem::forget(owner);
    result
}

/// The session area, the briefings' cards and the offline bar, each in place of the
/// server's.
fn mount_controls(document: &web_sys::Document, loaded: Loaded<ProfileHead>) {
    if let Some(session) = document.query_selector("header .pv-session").ok().flatten() {
        replace(&session, view! { <SessionBar/> }.into_any());
    }
    let slug = loaded.profile.slug.clone();
    for briefing in loaded.profile.briefings.iter().cloned() {
        if let Some(card) = card_of(document, &briefing.id) {
            let slug = slug.clone();
            replace(
                &card,
                view! { <LockedCard briefing=briefing slug=slug/> }.into_any(),
            );
        }
    }
    if let Some(bar) = document.query_selector(".pv-offline-bar").ok().flatten() {
        let notice = offline_notice(&loaded);
        let copy = copy_of(loaded.profile);
        replace(
            &bar,
            view! {
                <div class="pv-offline-bar">
                    {notice}
                    <SaveForOffline slug=slug copy=copy/>
                </div>
            }
            .into_any(),
        );
    }
}

/// The server's card of briefing `id`.
fn card_of(document: &web_sys::Document, id: &str) -> Option<web_sys::Element> {
    let cards = document.query_selector_all("article.pv-locked").ok()?;
    (0..cards.length())
        .filter_map(|i| cards.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|card| card.get_attribute("data-briefing-id").as_deref() == Some(id))
}

/// `view` built where `old` stands, and `old` gone.
fn replace(old: &web_sys::Element, view: AnyView) {
    let Some(parent) = old.parent_element() else {
        return;
    };
    let mut state = view.build();
    state.mount(&parent, Some(old.as_ref()));
    old.remove();
    std::mem::forget(state);
}

/// `view` built at the end of `parent`.
fn append(parent: &web_sys::HtmlElement, view: AnyView) {
    let mut state = view.build();
    state.mount(parent, None);
    std::mem::forget(state);
}
