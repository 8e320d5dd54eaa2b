//! `compact`: a condensed card for sidebars — name, grade, the first key points, and a
//! link to the full profile on the viewer's own site.

use leptos::prelude::*;
use profile_model::PublicProfile;

use crate::components::grade_badge::GradeBadge;
use crate::context::{card_access, use_session, use_site, CardAccess};

/// Key points shown before "Read the full profile".
const POINTS: usize = 3;

#[component]
pub fn CompactProfile(profile: PublicProfile, href: Option<String>) -> impl IntoView {
    let PublicProfile {
        slug,
        name,
        kind,
        base,
        confidence,
        key_points,
        briefings,
        ..
    } = profile;
    let kicker: Vec<String> = [kind, base].into_iter().flatten().collect();
    let (site, session) = (use_site(), use_session());
    let tiers: Vec<String> = briefings.into_iter().map(|b| b.tier).collect();
    let total = tiers.len();
    // "2 member briefings", and once signed in, how many of them this reader may open.
    let members = (total > 0).then_some({
        move || {
            let all = site.with(|s| s.as_ref().map(|s| s.tiers.clone()).unwrap_or_default());
            let open = session.with(|state| {
                tiers
                    .iter()
                    .filter(|t| card_access(state, &all, t) == CardAccess::Entitled)
                    .count()
            });
            let noun = if total == 1 {
                "member briefing"
            } else {
                "member briefings"
            };
            match open {
                0 => format!("{total} {noun}"),
                n => format!("{total} {noun} · {n} open to you"),
            }
        }
    });
    let link_name = name.clone();
    view! {
        <article class="pv-compact" data-slug=slug>
            {(!kicker.is_empty()).then(|| view! { <p class="pv-kicker">{kicker.join(" · ")}</p> })}
            <h3 class="pv-compact__name">{name}</h3>
            <p class="pv-compact__grade"><GradeBadge score=confidence.score compact=true/></p>
            {(!key_points.is_empty()).then(|| view! {
                <ul class="pv-compact__points">
                    {key_points.into_iter().take(POINTS).map(|k| view! { <li>{k}</li> }).collect_view()}
                </ul>
            })}
            {members.map(|m| view! { <p class="pv-compact__members">{m}</p> })}
            {href.map(|href| view! {
                <a class="pv-compact__more" href=href target="_blank" rel="noopener">
                    "Read the full profile"
                    <span class="pv-sr-only">{format!(": {link_name} (opens in a new tab)")}</span>
                </a>
            })}
        </article>
    }
}
