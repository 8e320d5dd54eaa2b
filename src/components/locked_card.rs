//! A member briefing card in three states (contract sec. 3): signed out ("Log in" and
//! "Join <tier>"), signed in below the tier ("Upgrade to <tier>"), or entitled, when it
//! fetches the body and renders it in place (loading, error with Retry on this card
//! only). The public placeholder has no body; the body exists only while the card is
//! entitled and is dropped when the session changes ([`crate::briefing_load`]).

use leptos::prelude::*;
use profile_model::{Briefing, LockedBriefing, Tier};

use super::blocks::Blocks;
use super::profile_view::ExternalLink;
use crate::briefing_load::{
    card_state, failure_message, step_for, BriefingLoad, CardState, LoadStep,
};
use crate::context::{
    card_access, use_access_actions, use_api, use_session, use_site, AccessRequest, CardAccess,
};
use crate::links::site_href;

#[component]
fn LockIcon() -> impl IntoView {
    view! {
        <svg class="pv-locked__lock" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
            <rect x="4.5" y="10.5" width="15" height="10" rx="2.5" fill="none" stroke="currentColor" stroke-width="1.8"></rect>
            <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"></path>
            <circle cx="12" cy="15.5" r="1.6" fill="currentColor"></circle>
        </svg>
    }
}

/// Tier name for display: the site's name for it, or the id until `/site` has loaded.
fn tier_name(tier: Option<&Tier>, id: &str) -> String {
    tier.map(|t| t.name.clone())
        .unwrap_or_else(|| crate::format::humanize(id))
}

/// `slug` is the profile's: the card needs it to fetch its body when entitled.
#[component]
pub fn LockedCard(briefing: LockedBriefing, #[prop(optional, into)] slug: String) -> impl IntoView {
    let site = use_site();
    let session = use_session();
    let request = use_access_actions();
    let api = use_api();
    let LockedBriefing {
        id,
        title,
        tier: tier_id,
        teaser,
    } = briefing;
    let teaser_text = teaser.clone();

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
    let join_href = move || {
        tier.get()
            .and_then(|t| t.join_url)
            .and_then(|u| site_href(&u).map(str::to_string))
    };

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
    let eyebrow_name = name.clone();
    let audience_name = name.clone();
    let actions = move || {
        let tier_name = name.clone()();
        let join_tier = join_tier.clone();
        match access.get() {
            CardAccess::SignedOut => view! {
                <div class="pv-locked__actions">
                    <button
                        type="button"
                        class="pv-button pv-button--primary pv-locked__login"
                        on:click=move |_| request.run(AccessRequest::LogIn)
                    >
                        "Log in"
                    </button>
                    <JoinLink href=join_href() tier=join_tier request=request label=format!("Join {tier_name}")/>
                </div>
            }
            .into_any(),
            CardAccess::BelowTier => view! {
                <div class="pv-locked__actions">
                    <JoinLink href=join_href() tier=join_tier request=request label=format!("Upgrade to {tier_name}")/>
                </div>
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
    let is_locked = move || matches!(state.get(), CardState::SignedOut | CardState::BelowTier);

    view! {
        <article
            class="pv-locked"
            class:pv-locked--open=move || state.get() == CardState::Open
            data-briefing-id=id
            data-tier=tier_id
            data-state=move || state.get().as_str()
            aria-busy=move || (state.get() == CardState::Loading).then_some("true")
            tabindex="-1"
        >
            <div class="pv-locked__icon">
                <LockIcon/>
            </div>
            <div class="pv-locked__content">
                <p class="pv-locked__eyebrow">
                    {move || if is_locked() { "Members only · " } else { "Member briefing · " }}
                    <span class="pv-locked__tier">{eyebrow_name}</span>
                </p>
                <h3 class="pv-locked__title">{title}</h3>
                // The teaser sells a locked briefing; once it is open, the body speaks.
                {move || {
                    teaser
                        .clone()
                        .filter(|_| state.get() != CardState::Open)
                        .map(|t| view! { <p class="pv-locked__teaser">{t}</p> })
                }}
                {move || is_locked().then(|| {
                    tier.get()
                        .and_then(|t| t.audience.clone().map(|a| (a, t.description.clone())))
                        // Don't say the same thing twice when the teaser already names the audience.
                        .filter(|(audience, _)| !same_text(teaser_text.as_deref(), audience))
                        .map(|(audience, description)| view! {
                            <p class="pv-locked__audience">
                                <span class="pv-locked__audience-name">{audience_name.clone()()} ": "</span>
                                {audience}
                                {description.map(|d| format!(". {d}"))}
                            </p>
                        })
                })}
                {actions}
                {move || is_locked().then(|| view! { <p class="pv-print-only">"Members only"</p> })}
            </div>
        </article>
    }
}

/// An unlocked briefing's body and source notes, rendered as text like the public
/// sections.
#[component]
fn BriefingBodyView(briefing: Briefing) -> impl IntoView {
    let sources = briefing.body.sources;
    view! {
        <div class="pv-briefing__body">
            <Blocks blocks=briefing.body.blocks/>
            {(!sources.is_empty()).then(|| view! {
                <div class="pv-briefing__sources">
                    <h4 class="pv-briefing__sources-title">"Source notes"</h4>
                    <ul>
                        {sources
                            .into_iter()
                            .map(|s| view! {
                                <li>
                                    <ExternalLink url=s.url text=s.title/>
                                    {s.publisher.map(|p| view! { <span>" — " {p}</span> })}
                                </li>
                            })
                            .collect_view()}
                    </ul>
                </div>
            })}
        </div>
    }
}

/// Equal ignoring case, surrounding space and a final full stop.
fn same_text(a: Option<&str>, b: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches('.').to_lowercase();
    a.is_some_and(|a| norm(a) == norm(b))
}

/// "Join <tier>" / "Upgrade to <tier>": a link to the tier's join page when the site gives
/// a safe one; otherwise a button that asks the host (the embed's host mode listens).
#[component]
fn JoinLink(
    href: Option<String>,
    tier: String,
    label: String,
    request: Callback<AccessRequest>,
) -> impl IntoView {
    match href {
        Some(href) => view! { <a class="pv-button pv-button--secondary pv-locked__join" href=href>{label}</a> }.into_any(),
        None => view! {
            <button
                type="button"
                class="pv-button pv-button--secondary pv-locked__join"
                on:click=move |_| request.run(AccessRequest::Join { tier: tier.clone() })
            >
                {label}
            </button>
        }
        .into_any(),
    }
}
