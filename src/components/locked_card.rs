//! A member briefing card in three states (contract sec. 3): signed out ("Log in" and
//! "Join <tier>"), signed in below the tier ("Upgrade to <tier>"), or entitled, when it
//! fetches the body and renders it in place (loading, error with Retry on this card
//! only). The public placeholder has no body; the body exists only while the card is
//! entitled and is dropped when the session changes ([`crate::briefing_load`]).

use leptos::prelude::*;
use profile_model::LockedBriefing;
use profile_views::locked_card::{
    join_href, tier_name, BriefingBodyView, LockedCardFrame, SignedOutActions, UpgradeActions,
};

use crate::briefing_load::{
    card_state, failure_message, step_for, BriefingLoad, CardState, LoadStep,
};
use crate::context::{card_access, use_access_actions, use_api, use_session, use_site, CardAccess};

/// `slug` is the profile's: the card needs it to fetch its body when entitled.
#[component]
pub fn LockedCard(briefing: LockedBriefing, #[prop(optional, into)] slug: String) -> impl IntoView {
    let site = use_site();
    let session = use_session();
    let request = use_access_actions();
    let api = use_api();
    let id = briefing.id.clone();
    let tier_id = briefing.tier.clone();

    let tier = {
        let tier_id = tier_id.clone();
        Memo::new(move |_| site.with(|s| s.as_ref().and_then(|s| s.tier(&tier_id).cloned())))
    };
    let access = {
        let tier_id = tier_id.clone();
        Memo::new(move |_| {
            let tiers = site.with(|s| s.as_ref().map(|s| s.tiers.clone()).unwrap_or_default());
            session.with(|state| card_access(state, &tiers, &tier_id))
        })
    };
    let name = {
        let tier_id = tier_id.clone();
        move || tier_name(tier.get().as_ref(), &tier_id)
    };
    let join_page = move || tier.with(|t| join_href(t.as_ref()));

    // The body: fetched when the card becomes entitled, forgotten when it stops being so.
    // `generation` discards an answer that arrives after the session changed.
    let load = RwSignal::new(BriefingLoad::Idle);
    let generation = StoredValue::new(0u64);
    let fetch = {
        let briefing_id = id.clone();
        move || {
            let api = api.clone();
            let (slug, briefing_id) = (slug.clone(), briefing_id.clone());
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            load.set(BriefingLoad::Loading);
            leptos::task::spawn_local(async move {
                // A signed-in member's bodies are also kept for offline reading, for them only
                // (crate::offline::briefings).
                let member = session.with_untracked(|s| match s {
                    crate::context::SessionState::SignedIn(m) => Some(m.clone()),
                    _ => None,
                });
                let result = match member {
                    Some(m) => api
                        .briefing_for_member(&m, &slug, &briefing_id)
                        .await
                        .map(|(body, _offline)| body),
                    None => api.briefing(&slug, &briefing_id).await,
                };
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                // Only an entitled card keeps an answer (a 401 has signed out meanwhile).
                if access.try_get_untracked() == Some(CardAccess::Entitled) {
                    load.try_set(match result {
                        Ok(body) => BriefingLoad::Ready(body),
                        Err(e) => BriefingLoad::Failed(e),
                    });
                }
            });
        }
    };
    let fetch_on_access = fetch.clone();
    Effect::new(move |_| {
        let access = access.get();
        match load.with_untracked(|l| step_for(&access, l)) {
            LoadStep::Fetch => fetch_on_access(),
            LoadStep::Reset => {
                generation.update_value(|g| *g += 1);
                load.set(BriefingLoad::Idle);
            }
            LoadStep::Keep => {}
        }
    });
    let state = Memo::new(move |_| load.with(|l| card_state(&access.get(), l)));

    let join_tier = tier_id.clone();
    let actions = move || {
        let tier_name = name.clone()();
        let join_tier = join_tier.clone();
        match access.get() {
            CardAccess::SignedOut => view! {
                <SignedOutActions join_href=join_page() tier=join_tier tier_name=tier_name request=request/>
            }
            .into_any(),
            CardAccess::BelowTier => view! {
                <UpgradeActions join_href=join_page() tier=join_tier tier_name=tier_name request=request/>
            }
            .into_any(),
            CardAccess::Entitled => {
                let retry = fetch.clone();
                move || match state.get() {
                    CardState::Open => load
                        .with(|l| match l {
                            BriefingLoad::Ready(b) => Some(b.clone()),
                            _ => None,
                        })
                        .map(|b| view! { <BriefingBodyView briefing=b/> }.into_any()),
                    CardState::Failed => {
                        let retry = retry.clone();
                        let message = load.with(|l| match l {
                            BriefingLoad::Failed(e) => failure_message(e),
                            _ => String::new(),
                        });
                        Some(view! {
                            <div class="pv-locked__error" role="alert">
                                <p>{message}</p>
                                <button
                                    type="button"
                                    class="pv-button pv-button--secondary pv-locked__retry"
                                    part="button"
                                    on:click=move |_| retry()
                                >
                                    "Retry"
                                </button>
                            </div>
                        }
                        .into_any())
                    }
                    _ => Some(view! {
                        <p class="pv-locked__status" role="status">
                            "You have access to this briefing. Loading it…"
                        </p>
                    }
                    .into_any()),
                }
            }
            .into_any(),
        }
    };

    view! {
        <LockedCardFrame briefing=briefing tier=tier state=state>
            {actions}
        </LockedCardFrame>
    }
}
