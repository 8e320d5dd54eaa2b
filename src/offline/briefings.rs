//! Member briefing bodies kept for offline reading — for one member only.
//!
//! The shelf records whose it is (e-mail and tier). Reading it needs the same member;
//! storing for anyone else first empties it. The session side calls
//! [`BriefingCache::clear_for_other_than`] whenever the session changes: signed out, a 401,
//! a different member or a changed tier all leave nothing behind. The service worker never
//! caches briefing answers; this shelf is the only place a body is kept.

use std::collections::BTreeMap;

use profile_model::{Briefing, Member};
use serde::{Deserialize, Serialize};

use super::store::{local_storage, StoreError};

/// Who a shelf belongs to. A tier change makes it someone else (their entitlement changed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub email: String,
    pub tier: String,
}

impl Owner {
    pub fn of(member: &Member) -> Self {
        Owner {
            email: member.email.to_lowercase(),
            tier: member.tier.clone(),
        }
    }
}

/// The stored shape: one owner, bodies by `slug/id`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Shelf {
    pub owner: Option<Owner>,
    #[serde(default)]
    pub items: BTreeMap<String, Briefing>,
}

fn item_key(slug: &str, id: &str) -> String {
    format!("{slug}/{id}")
}

impl Shelf {
    pub fn get(&self, owner: &Owner, slug: &str, id: &str) -> Option<&Briefing> {
        if self.owner.as_ref() != Some(owner) {
            return None;
        }
        self.items.get(&item_key(slug, id))
    }

    /// Adds a body for `owner`; a shelf of anyone else is emptied first.
    pub fn put(&mut self, owner: &Owner, slug: &str, briefing: Briefing) {
        if self.owner.as_ref() != Some(owner) {
            *self = Shelf {
                owner: Some(owner.clone()),
                items: BTreeMap::new(),
            };
        }
        self.items.insert(item_key(slug, &briefing.id), briefing);
    }

    /// Whether the shelf must be emptied for this reader (`None`: nobody signed in).
    pub fn must_clear_for(&self, reader: Option<&Owner>) -> bool {
        match (&self.owner, reader) {
            (None, _) => !self.items.is_empty(),
            (Some(_), None) => true,
            (Some(mine), Some(reader)) => mine != reader,
        }
    }
}

/// Bodies are kept only for a member we can tell apart from the next reader: in host mode
/// the host page names no e-mail, so two readers of one tier would look the same.
pub fn keeps_bodies_for(member: &Member) -> bool {
    !member.email.trim().is_empty()
}

/// The shelf in `localStorage` for one API base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BriefingCache {
    key: String,
}

impl BriefingCache {
    pub fn new(api_base: &str) -> Self {
        BriefingCache {
            key: format!("pv.offline:{api_base}:briefings"),
        }
    }

    fn read(&self) -> Shelf {
        local_storage()
            .and_then(|s| s.get_item(&self.key).ok().flatten())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn get(&self, member: &Member, slug: &str, id: &str) -> Option<Briefing> {
        self.read().get(&Owner::of(member), slug, id).cloned()
    }

    pub fn put(&self, member: &Member, slug: &str, briefing: &Briefing) -> Result<(), StoreError> {
        if !keeps_bodies_for(member) {
            return Ok(());
        }
        let mut shelf = self.read();
        shelf.put(&Owner::of(member), slug, briefing.clone());
        let text = serde_json::to_string(&shelf).map_err(|_| StoreError::Unavailable)?;
        let s = local_storage().ok_or(StoreError::Unavailable)?;
        if s.set_item(&self.key, &text).is_err() {
            // Never leave a half-written or stale shelf behind.
            let _ = s.remove_item(&self.key);
            return Err(StoreError::Full);
        }
        Ok(())
    }

    /// Empties the shelf unless it belongs to exactly this member (same e-mail and tier).
    pub fn clear_for_other_than(&self, member: Option<&Member>) {
        let reader = member.map(Owner::of);
        if self.read().must_clear_for(reader.as_ref()) {
            self.clear();
        }
    }

    pub fn clear(&self) {
        if let Some(s) = local_storage() {
            let _ = s.remove_item(&self.key);
        }
    }
}

/// Keeps the shelf in step with the session: signed out (sign-out, a 401), another member
/// or a changed tier empties it; `Checking` changes nothing (offline, the last member's
/// bodies stay readable until the session is known).
pub fn follow_session(
    cache: BriefingCache,
    session: leptos::prelude::Signal<profile_views::state::SessionState>,
) {
    use leptos::prelude::*;
    use profile_views::state::SessionState;
    Effect::new(move |_| {
        session.with(|state| match state {
            SessionState::Checking => {}
            SessionState::SignedOut => cache.clear_for_other_than(None),
            SessionState::SignedIn(member) => cache.clear_for_other_than(Some(member)),
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn briefing(id: &str) -> Briefing {
        Briefing {
            id: id.into(),
            title: "T".into(),
            tier: "strategy-circle".into(),
            teaser: None,
            body: profile_model::BriefingBody {
                blocks: vec![profile_model::Block::Paragraph {
                    text: "MEMBER-ONLY text".into(),
                }],
                sources: Vec::new(),
            },
        }
    }

    fn owner(email: &str, tier: &str) -> Owner {
        Owner {
            email: email.into(),
            tier: tier.into(),
        }
    }

    #[test]
    fn only_the_owner_reads_the_shelf() {
        let casey = owner("circle@example.com", "strategy-circle");
        let lee = owner("leader@example.com", "leadership-alliance");
        let mut shelf = Shelf::default();
        shelf.put(&casey, "p", briefing("b1"));
        assert!(shelf.get(&casey, "p", "b1").is_some());
        assert!(shelf.get(&casey, "p", "b2").is_none());
        assert!(shelf.get(&lee, "p", "b1").is_none());
        // The same person with another tier is another reader.
        assert!(shelf
            .get(
                &owner("circle@example.com", "leadership-alliance"),
                "p",
                "b1"
            )
            .is_none());
    }

    #[test]
    fn storing_for_someone_else_empties_the_shelf_first() {
        let casey = owner("circle@example.com", "strategy-circle");
        let lee = owner("leader@example.com", "leadership-alliance");
        let mut shelf = Shelf::default();
        shelf.put(&casey, "p", briefing("b1"));
        shelf.put(&lee, "p", briefing("b2"));
        assert_eq!(shelf.items.len(), 1);
        assert!(shelf.get(&lee, "p", "b2").is_some());
        assert!(shelf.get(&lee, "p", "b1").is_none());
    }

    #[test]
    fn clearing_rules() {
        let casey = owner("circle@example.com", "strategy-circle");
        let mut shelf = Shelf::default();
        assert!(!shelf.must_clear_for(None));
        shelf.put(&casey, "p", briefing("b1"));
        assert!(!shelf.must_clear_for(Some(&casey)));
        assert!(shelf.must_clear_for(None), "signed out");
        assert!(shelf.must_clear_for(Some(&owner("x@example.com", "strategy-circle"))));
        assert!(shelf.must_clear_for(Some(&owner("circle@example.com", "leadership-alliance"))));
    }

    #[test]
    fn host_mode_members_without_email_are_not_kept() {
        let host = Member {
            name: "Reader".into(),
            email: " ".into(),
            tier: "strategy-circle".into(),
        };
        assert!(!keeps_bodies_for(&host));
        assert!(keeps_bodies_for(&Member {
            email: "a@example.com".into(),
            ..host
        }));
    }

    #[test]
    fn owner_email_is_case_insensitive() {
        let m = Member {
            name: "C".into(),
            email: "Circle@Example.com".into(),
            tier: "strategy-circle".into(),
        };
        assert_eq!(
            Owner::of(&m),
            owner("circle@example.com", "strategy-circle")
        );
    }
}
