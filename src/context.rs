//! Values the components read from Leptos context. The standalone app provides them in
//! `app::App`; the embedded element will provide its own. Every reader has a sensible
//! default, so a component never panics for a missing context.

use leptos::prelude::*;
use profile_model::{SiteConfig, Tier};

use crate::api::ApiClient;
pub use crate::links::LinkBase;
pub use profile_views::state::{AccessRequest, SessionState};

pub fn use_api() -> ApiClient {
    use_context::<ApiClient>().unwrap_or_default()
}

pub fn use_link_base() -> LinkBase {
    use_context::<LinkBase>().unwrap_or_default()
}

/// The site configuration from `GET /site`; `None` while loading or when it failed (the
/// viewer then shows tier ids instead of names).
#[derive(Clone, Copy)]
pub struct SiteState(pub RwSignal<Option<SiteConfig>>);

pub fn use_site() -> Signal<Option<SiteConfig>> {
    match use_context::<SiteState>() {
        Some(state) => state.0.into(),
        None => Signal::stored(None),
    }
}

/// Whether the next profile the app renders is the one whose first screen the server sent
/// and the app has just replaced: it is drawn whole in one pass (no after-first-paint
/// part), so nothing the reader already saw is gone for a frame. Used once.
#[derive(Clone, Copy)]
pub struct WholeFirstRender(pub StoredValue<bool>);

pub fn take_whole_first_render() -> bool {
    use_context::<WholeFirstRender>()
        .and_then(|whole| whole.0.try_update_value(std::mem::take))
        .unwrap_or(false)
}

#[derive(Clone, Copy)]
pub struct Session(pub Signal<SessionState>);

pub fn use_session() -> Signal<SessionState> {
    match use_context::<Session>() {
        Some(session) => session.0,
        None => Signal::stored(SessionState::SignedOut),
    }
}

/// The handler for [`AccessRequest`]s: the standalone app opens its login dialog; the
/// embed in host mode dispatches events to the host page.
#[derive(Clone, Copy)]
pub struct AccessActions(pub Callback<AccessRequest>);

/// Read at component creation (event handlers run outside the reactive owner, where
/// context is not reachable). Without a provider, requests are ignored.
pub fn use_access_actions() -> Callback<AccessRequest> {
    match use_context::<AccessActions>() {
        Some(AccessActions(callback)) => callback,
        None => Callback::new(|_| {}),
    }
}

/// A short message for the app's polite live region ("Loading profile…", "12 profiles").
#[derive(Clone, Copy)]
pub struct Announcer(pub RwSignal<String>);

/// What a locked card offers, from the session and the tiers (contract sec. 3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardAccess {
    /// Signed out or session unknown: "Log in" and "Join <tier>".
    SignedOut,
    /// Signed in below the briefing's tier: "Upgrade to <tier>".
    BelowTier,
    /// Signed in at or above the tier: the briefing can be loaded.
    Entitled,
}

pub fn card_access(session: &SessionState, tiers: &[Tier], briefing_tier: &str) -> CardAccess {
    match session {
        SessionState::Checking | SessionState::SignedOut => CardAccess::SignedOut,
        SessionState::SignedIn(member)
            if profile_model::entitled(tiers, &member.tier, briefing_tier) =>
        {
            CardAccess::Entitled
        }
        SessionState::SignedIn(_) => CardAccess::BelowTier,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use profile_model::Member;

    fn tiers() -> Vec<Tier> {
        let tier = |id: &str, rank| Tier {
            id: id.into(),
            name: id.into(),
            rank,
            audience: None,
            description: None,
            join_url: None,
        };
        vec![tier("strategy-circle", 1), tier("leadership-alliance", 2)]
    }

    fn member(tier: &str) -> SessionState {
        SessionState::SignedIn(Member {
            name: "M".into(),
            email: "m@example.com".into(),
            tier: tier.into(),
        })
    }

    #[test]
    fn card_access_follows_tier_ranks() {
        let t = tiers();
        assert_eq!(
            card_access(&SessionState::SignedOut, &t, "strategy-circle"),
            CardAccess::SignedOut
        );
        assert_eq!(
            card_access(&SessionState::Checking, &t, "strategy-circle"),
            CardAccess::SignedOut
        );
        assert_eq!(
            card_access(&member("strategy-circle"), &t, "strategy-circle"),
            CardAccess::Entitled
        );
        assert_eq!(
            card_access(&member("strategy-circle"), &t, "leadership-alliance"),
            CardAccess::BelowTier
        );
        assert_eq!(
            card_access(&member("leadership-alliance"), &t, "strategy-circle"),
            CardAccess::Entitled
        );
        // Unknown tiers never unlock anything.
        assert_eq!(
            card_access(&member("gold"), &t, "strategy-circle"),
            CardAccess::BelowTier
        );
        assert_eq!(
            card_access(&member("leadership-alliance"), &t, "secret"),
            CardAccess::BelowTier
        );
    }
}
