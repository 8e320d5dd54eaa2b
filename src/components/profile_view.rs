//! The whole profile body, wired to the viewer: in-app links from the context's
//! [`LinkBase`](crate::links::LinkBase), and briefing cards that load their bodies for an
//! entitled member. No router, no leptos_meta, so the embedded element reuses it as is.

use leptos::prelude::*;
use profile_model::{LockedBriefing, PublicProfile};
use profile_views::profile::ProfileArticle;

use super::locked_card::LockedCard;
use crate::context::use_link_base;

/// `at_once`: every part in the first render. The embed asks for it: its
/// `profile-viewer:ready` event tells the host page that the profile has rendered, and a host
/// may measure the element then. The standalone page draws what is below the fold after the
/// first paint.
#[component]
pub fn ProfileView(profile: PublicProfile, #[prop(optional)] at_once: bool) -> impl IntoView {
    let card = cards(profile.slug.clone());
    view! { <ProfileArticle profile=profile links=use_link_base() card=card at_once=at_once/> }
}

/// Each briefing's card, which fetches its body by the profile's slug once the reader is
/// entitled.
pub fn cards(slug: String) -> Callback<LockedBriefing, AnyView> {
    Callback::new(move |briefing| {
        view! { <LockedCard briefing=briefing slug=slug.clone()/> }.into_any()
    })
}
