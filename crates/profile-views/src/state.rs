//! The plain states the components show: who is reading, what a card offers and shows, and
//! what a reader asks for. The viewer's session store and card logic produce them.

use profile_model::Member;

/// Who is reading.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// A session may exist; the viewer is asking the server.
    Checking,
    SignedOut,
    SignedIn(Member),
}

/// What a locked card or the header asks the viewer's host to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessRequest {
    LogIn,
    /// Join or upgrade to this tier id.
    Join {
        tier: String,
    },
}

/// A briefing card's visible state (also its `data-state` attribute, which tests read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardState {
    /// "Log in" + "Join <tier>".
    SignedOut,
    /// "Upgrade to <tier>" + the tier's audience.
    BelowTier,
    Loading,
    Open,
    Failed,
}

impl CardState {
    pub fn as_str(self) -> &'static str {
        match self {
            CardState::SignedOut => "signed-out",
            CardState::BelowTier => "below-tier",
            CardState::Loading => "loading",
            CardState::Open => "open",
            CardState::Failed => "error",
        }
    }

    /// The card still sells the briefing (teaser, audience, "Members only").
    pub fn is_locked(self) -> bool {
        matches!(self, CardState::SignedOut | CardState::BelowTier)
    }
}
