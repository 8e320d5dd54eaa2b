//! A member briefing's card (contract sec. 3): the frame every state shares (what the
//! briefing is, for which tier), the signed-out reader's actions ("Log in", "Join <tier>"),
//! a member's below the tier ("Upgrade to <tier>") and an open briefing's body. The viewer
//! fills the frame per state and loads the body; the server renders a signed-out reader's
//! cards, and a member's with the bodies that member may read. The frame is made from the
//! public [`LockedBriefing`], which has no body.

use leptos::prelude::*;
use profile_model::{format, Briefing, LockedBriefing, SiteConfig, Tier};

use crate::blocks::Blocks;
use crate::external_link::ExternalLink;
use crate::links::site_href;
use crate::state::{AccessRequest, CardState};

/// The icon with its box. The `<svg>` is a child here, not the view's root: a wholly literal
/// child is built in the browser from one HTML template, the same tree as the server's HTML
/// (as a root its shapes would each be built inside a `<g>` of their own).
#[component]
pub fn LockIcon() -> impl IntoView {
    view! {
        <div class="pv-locked__icon">
            <svg class="pv-locked__lock" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
                <rect x="4.5" y="10.5" width="15" height="10" rx="2.5" fill="none" stroke="currentColor" stroke-width="1.8"></rect>
                <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"></path>
                <circle cx="12" cy="15.5" r="1.6" fill="currentColor"></circle>
            </svg>
        </div>
    }
}

/// Tier name for display: the site's name for it, or the id humanized when the site has no
/// such tier (or its configuration has not arrived).
pub fn tier_name(tier: Option<&Tier>, id: &str) -> String {
    tier.map(|t| t.name.clone())
        .unwrap_or_else(|| format::humanize(id))
}

/// The tier's join page, when the site gives a safe one.
pub fn join_href(tier: Option<&Tier>) -> Option<String> {
    tier.and_then(|t| site_href(t.join_url.as_deref()?).map(str::to_string))
}

/// Equal ignoring case, surrounding space and a final full stop.
pub fn same_text(a: Option<&str>, b: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches('.').to_lowercase();
    a.is_some_and(|a| norm(a) == norm(b))
}

/// The card around its actions (`children`): eyebrow, title, teaser and the tier's audience
/// while it is locked. `tier` is the site's tier, `None` until the site configuration is in.
#[component]
pub fn LockedCardFrame(
    briefing: LockedBriefing,
    tier: Memo<Option<Tier>>,
    state: Memo<CardState>,
    children: Children,
) -> impl IntoView {
    let LockedBriefing {
        id,
        title,
        tier: tier_id,
        teaser,
    } = briefing;
    let name = {
        let tier_id = tier_id.clone();
        move || tier.with(|t| tier_name(t.as_ref(), &tier_id))
    };
    let locked = move || state.get().is_locked();
    let teaser_text = teaser.clone();
    let audience_name = name.clone();
    view! {
        <article
            class="pv-locked"
            part="card"
            class:pv-locked--open=move || state.get() == CardState::Open
            data-briefing-id=id
            data-tier=tier_id
            data-state=move || state.get().as_str()
            aria-busy=move || (state.get() == CardState::Loading).then_some("true")
            tabindex="-1"
        >
            <LockIcon/>
            <div class="pv-locked__content">
                <p class="pv-locked__eyebrow">
                    {move || if locked() { "Members only · " } else { "Member briefing · " }}
                    <span class="pv-locked__tier">{name}</span>
                </p>
                <h3 class="pv-locked__title">{title}</h3>
                // The teaser sells a locked briefing; once it is open, the body speaks.
                {move || {
                    teaser
                        .clone()
                        .filter(|_| state.get() != CardState::Open)
                        .map(|t| view! { <p class="pv-locked__teaser">{t}</p> })
                }}
                {move || locked().then(|| {
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
                {children()}
                {move || locked().then(|| view! { <p class="pv-print-only">"Members only"</p> })}
            </div>
        </article>
    }
}

/// A signed-out reader's way in: "Log in" and "Join <tier>".
#[component]
pub fn SignedOutActions(
    join_href: Option<String>,
    tier: String,
    tier_name: String,
    request: Callback<AccessRequest>,
) -> impl IntoView {
    view! {
        <div class="pv-locked__actions">
            <button
                type="button"
                class="pv-button pv-button--primary pv-locked__login"
                part="button"
                on:click=move |_| request.run(AccessRequest::LogIn)
            >
                "Log in"
            </button>
            <JoinLink href=join_href tier=tier request=request label=format!("Join {tier_name}")/>
        </div>
    }
}

/// A member's way up from below the card's tier: "Upgrade to <tier>".
#[component]
pub fn UpgradeActions(
    join_href: Option<String>,
    tier: String,
    tier_name: String,
    request: Callback<AccessRequest>,
) -> impl IntoView {
    view! {
        <div class="pv-locked__actions">
            <JoinLink href=join_href tier=tier request=request label=format!("Upgrade to {tier_name}")/>
        </div>
    }
}

/// An open briefing's body and source notes, rendered as text like the public sections.
#[component]
pub fn BriefingBodyView(briefing: Briefing) -> impl IntoView {
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

/// "Join <tier>" / "Upgrade to <tier>": a link to the tier's join page when the site gives
/// a safe one; otherwise a button that asks the host (the embed's host mode listens).
#[component]
pub fn JoinLink(
    href: Option<String>,
    tier: String,
    label: String,
    request: Callback<AccessRequest>,
) -> impl IntoView {
    match href {
        Some(href) => view! { <a class="pv-button pv-button--secondary pv-locked__join" part="button" href=href>{label}</a> }.into_any(),
        None => view! {
            <button
                type="button"
                class="pv-button pv-button--secondary pv-locked__join"
                part="button"
                on:click=move |_| request.run(AccessRequest::Join { tier: tier.clone() })
            >
                {label}
            </button>
        }
        .into_any(),
    }
}

/// The card a signed-out reader sees, for every briefing: what the server renders, and what
/// the viewer shows before a session is known. `request` answers its buttons.
pub fn signed_out_cards(
    site: Signal<Option<SiteConfig>>,
    request: Callback<AccessRequest>,
) -> Callback<LockedBriefing, AnyView> {
    Callback::new(move |briefing: LockedBriefing| {
        let tier = site.with(|s| s.as_ref().and_then(|s| s.tier(&briefing.tier).cloned()));
        let tier_id = briefing.tier.clone();
        let name = tier_name(tier.as_ref(), &tier_id);
        let href = join_href(tier.as_ref());
        let tier = Memo::new(move |_| tier.clone());
        let state = Memo::new(|_| CardState::SignedOut);
        view! {
            <LockedCardFrame briefing=briefing tier=tier state=state>
                <SignedOutActions join_href=href tier=tier_id tier_name=name request=request/>
            </LockedCardFrame>
        }
        .into_any()
    })
}

/// The cards a signed-in member sees once the bodies are in: each briefing in `readable`
/// (those the member's tier may read, with their bodies) open, every other one "Upgrade to
/// <tier>". What the server renders for a member's page.
pub fn member_cards(
    site: Signal<Option<SiteConfig>>,
    readable: Vec<Briefing>,
    request: Callback<AccessRequest>,
) -> Callback<LockedBriefing, AnyView> {
    Callback::new(move |briefing: LockedBriefing| {
        let tier = site.with(|s| s.as_ref().and_then(|s| s.tier(&briefing.tier).cloned()));
        let tier_id = briefing.tier.clone();
        let open = readable.iter().find(|b| b.id == briefing.id).cloned();
        let state = match open {
            Some(_) => CardState::Open,
            None => CardState::BelowTier,
        };
        let actions = match open {
            Some(body) => view! { <BriefingBodyView briefing=body/> }.into_any(),
            None => view! {
                <UpgradeActions
                    join_href=join_href(tier.as_ref())
                    tier=tier_id.clone()
                    tier_name=tier_name(tier.as_ref(), &tier_id)
                    request=request
                />
            }
            .into_any(),
        };
        let tier = Memo::new(move |_| tier.clone());
        let state = Memo::new(move |_| state);
        view! {
            <LockedCardFrame briefing=briefing tier=tier state=state>
                {actions}
            </LockedCardFrame>
        }
        .into_any()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_ignores_case_space_and_a_final_stop() {
        assert!(same_text(Some(" For owners. "), "for owners"));
        assert!(!same_text(Some("For owners"), "For managers"));
        assert!(!same_text(None, "x"));
    }
}
