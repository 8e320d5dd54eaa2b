//! A locked member briefing: what it is, who it is for, and how to get it. It renders a
//! placeholder only; it has no body to render (the public format has none).

use leptos::prelude::*;
use profile_model::{LockedBriefing, Tier};

use crate::context::{
    card_access, use_access_actions, use_session, use_site, AccessRequest, CardAccess,
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

#[component]
pub fn LockedCard(briefing: LockedBriefing) -> impl IntoView {
    let site = use_site();
    let session = use_session();
    let request = use_access_actions();
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
            CardAccess::Entitled => view! {
                <p class="pv-locked__status">"You have access to this briefing."</p>
            }
            .into_any(),
        }
    };

    view! {
        <article class="pv-locked" data-briefing-id=id data-tier=tier_id>
            <div class="pv-locked__icon">
                <LockIcon/>
            </div>
            <div class="pv-locked__content">
                <p class="pv-locked__eyebrow">
                    "Members only · " <span class="pv-locked__tier">{eyebrow_name}</span>
                </p>
                <h3 class="pv-locked__title">{title}</h3>
                {teaser.map(|t| view! { <p class="pv-locked__teaser">{t}</p> })}
                {move || {
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
                }}
                {actions}
                <p class="pv-print-only">"Members only"</p>
            </div>
        </article>
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
