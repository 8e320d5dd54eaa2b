//! `compact`: a condensed card for sidebars — name, grade, the first key points, how many
//! member briefings there are, and a link to the full profile on the viewer's own site.

use leptos::prelude::*;
use profile_model::PublicProfile;

use crate::grade_badge::GradeBadge;

/// Key points shown before "Read the full profile".
const POINTS: usize = 3;

/// "2 member briefings", and once a reader may open some, "· 1 open to you".
pub fn members_line(total: usize, open: usize) -> Option<String> {
    let noun = if total == 1 {
        "member briefing"
    } else {
        "member briefings"
    };
    match (total, open) {
        (0, _) => None,
        (_, 0) => Some(format!("{total} {noun}")),
        (_, n) => Some(format!("{total} {noun} · {n} open to you")),
    }
}

/// `open`: how many of the profile's briefings this reader may open.
#[component]
pub fn CompactProfile(
    profile: PublicProfile,
    href: Option<String>,
    open: Memo<usize>,
) -> impl IntoView {
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
    let total = briefings.len();
    let link_name = name.clone();
    view! {
        <article class="pv-compact" data-slug=slug>
            {(!kicker.is_empty()).then(|| view! { <p class="pv-kicker">{kicker.join(" · ")}</p> })}
            <h3 class="pv-compact__name" part="title">{name}</h3>
            <p class="pv-compact__grade"><GradeBadge score=confidence.score compact=true/></p>
            {(!key_points.is_empty()).then(|| view! {
                <ul class="pv-compact__points">
                    {key_points.into_iter().take(POINTS).map(|k| view! { <li>{k}</li> }).collect_view()}
                </ul>
            })}
            {move || members_line(total, open.get()).map(|m| view! { <p class="pv-compact__members">{m}</p> })}
            {href.map(|href| view! {
                <a class="pv-compact__more" part="link" href=href target="_blank" rel="noopener">
                    "Read the full profile"
                    <span class="pv-sr-only">{format!(": {link_name} (opens in a new tab)")}</span>
                </a>
            })}
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_members_line_counts_and_says_what_is_open() {
        assert_eq!(members_line(0, 0), None);
        assert_eq!(members_line(1, 0).as_deref(), Some("1 member briefing"));
        assert_eq!(
            members_line(2, 1).as_deref(),
            Some("2 member briefings · 1 open to you")
        );
    }
}
