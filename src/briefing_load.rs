//! What a briefing card shows, as plain data: the card's access (from the session and
//! the tier ranks, [`crate::context::card_access`]) combined with where loading its body
//! stands. The body lives only in [`BriefingLoad::Ready`]; any access other than
//! `Entitled` resets the load, which drops the body from memory.

use profile_model::Briefing;

use crate::api::ApiError;
use crate::context::CardAccess;
pub use profile_views::state::CardState;

#[derive(Clone, Debug, PartialEq, Default)]
pub enum BriefingLoad {
    #[default]
    Idle,
    Loading,
    Ready(Briefing),
    Failed(ApiError),
}

/// What to do with the load when access changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadStep {
    /// Start fetching the body.
    Fetch,
    /// Forget the body (and ignore any answer still on its way).
    Reset,
    Keep,
}

pub fn step_for(access: &CardAccess, load: &BriefingLoad) -> LoadStep {
    match (access, load) {
        (CardAccess::Entitled, BriefingLoad::Idle) => LoadStep::Fetch,
        (CardAccess::Entitled, _) => LoadStep::Keep,
        (_, BriefingLoad::Idle) => LoadStep::Keep,
        (_, _) => LoadStep::Reset,
    }
}

pub fn card_state(access: &CardAccess, load: &BriefingLoad) -> CardState {
    match (access, load) {
        (CardAccess::SignedOut, _) => CardState::SignedOut,
        (CardAccess::BelowTier, _) => CardState::BelowTier,
        (CardAccess::Entitled, BriefingLoad::Idle | BriefingLoad::Loading) => CardState::Loading,
        (CardAccess::Entitled, BriefingLoad::Ready(_)) => CardState::Open,
        (CardAccess::Entitled, BriefingLoad::Failed(_)) => CardState::Failed,
    }
}

/// The sentence a failed card shows.
pub fn failure_message(error: &ApiError) -> String {
    match error {
        ApiError::NotFound => "This briefing is no longer available.".into(),
        ApiError::Network(_) => {
            "We cannot reach the server to load this briefing. Check your connection and try again."
                .into()
        }
        other => other.message(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use profile_model::BriefingBody;

    fn body() -> Briefing {
        Briefing {
            id: "b".into(),
            title: "T".into(),
            tier: "strategy-circle".into(),
            teaser: None,
            body: BriefingBody {
                blocks: vec![],
                sources: vec![],
            },
        }
    }

    #[test]
    fn entitled_cards_fetch_once_and_others_drop_the_body() {
        use CardAccess::*;
        assert_eq!(step_for(&Entitled, &BriefingLoad::Idle), LoadStep::Fetch);
        assert_eq!(step_for(&Entitled, &BriefingLoad::Loading), LoadStep::Keep);
        assert_eq!(
            step_for(&Entitled, &BriefingLoad::Ready(body())),
            LoadStep::Keep
        );
        assert_eq!(
            step_for(&Entitled, &BriefingLoad::Failed(ApiError::Http(500))),
            LoadStep::Keep,
            "a failure waits for Retry"
        );
        for access in [SignedOut, BelowTier] {
            assert_eq!(
                step_for(&access, &BriefingLoad::Ready(body())),
                LoadStep::Reset
            );
            assert_eq!(step_for(&access, &BriefingLoad::Loading), LoadStep::Reset);
            assert_eq!(step_for(&access, &BriefingLoad::Idle), LoadStep::Keep);
        }
    }

    #[test]
    fn the_three_states_and_the_loading_ones() {
        use CardAccess::*;
        let ready = BriefingLoad::Ready(body());
        assert_eq!(card_state(&SignedOut, &ready), CardState::SignedOut);
        assert_eq!(card_state(&BelowTier, &ready), CardState::BelowTier);
        assert_eq!(
            card_state(&Entitled, &BriefingLoad::Idle),
            CardState::Loading
        );
        assert_eq!(card_state(&Entitled, &ready), CardState::Open);
        assert_eq!(
            card_state(
                &Entitled,
                &BriefingLoad::Failed(ApiError::Network(String::new()))
            ),
            CardState::Failed
        );
        assert_eq!(CardState::BelowTier.as_str(), "below-tier");
        assert!(failure_message(&ApiError::Network(String::new())).contains("cannot reach"));
        assert!(failure_message(&ApiError::TierRequired {
            tier: String::new()
        })
        .contains("membership"));
    }
}
