//! What a profile can be read as: the whole public profile (the app renders it), or only
//! its head ([`ProfileHead`]: a page the server drew needs no more to make its controls
//! live). Reading either keeps the same copy on the device: the answer's text.

use profile_model::validate::is_slug;
use profile_model::{LockedBriefing, PublicProfile};
use serde::Deserialize;

use super::{decode_json, decode_profile, ApiError};
use crate::offline::CopyMeta;

/// A profile's JSON decoded into `Self`.
pub trait Readable: Sized {
    fn decode(bytes: &[u8]) -> Result<Self, ApiError>;
    fn revision(&self) -> u64;
    /// The catalog's line for a copy of `size` bytes of this profile.
    fn copy_meta(&self, size: usize) -> CopyMeta;
    /// The profile's JSON, to keep as its copy.
    fn json(&self) -> Option<String>;
}

/// The catalog's line from the fields both readings have.
fn catalog_line(slug: &str, name: &str, revision: u64, updated_at: &str, size: usize) -> CopyMeta {
    CopyMeta {
        slug: slug.to_string(),
        name: name.to_string(),
        revision,
        updated_at: updated_at.to_string(),
        size: size as u64,
    }
}

impl Readable for PublicProfile {
    fn decode(bytes: &[u8]) -> Result<Self, ApiError> {
        decode_profile(bytes)
    }
    fn revision(&self) -> u64 {
        self.revision
    }
    fn copy_meta(&self, size: usize) -> CopyMeta {
        catalog_line(
            &self.slug,
            &self.name,
            self.revision,
            &self.updated_at,
            size,
        )
    }
    fn json(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }
}

/// A public profile's head: what it is, which revision, and its briefings' locked cards.
/// Every other field is skipped unread, so the decoding code is a fraction of the whole
/// profile's.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ProfileHead {
    pub slug: String,
    pub name: String,
    pub revision: u64,
    pub updated_at: String,
    #[serde(default)]
    pub briefings: Vec<LockedBriefing>,
    /// The JSON it was read from, the profile's copy as it came.
    #[serde(skip)]
    pub text: String,
}

impl Readable for ProfileHead {
    fn decode(bytes: &[u8]) -> Result<Self, ApiError> {
        let head: ProfileHead = decode_json(bytes)?;
        if !is_slug(&head.slug) {
            return Err(ApiError::InvalidData(format!(
                "invalid slug {:?}",
                head.slug
            )));
        }
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| ApiError::InvalidData("not UTF-8".into()))?;
        Ok(ProfileHead { text, ..head })
    }
    fn revision(&self) -> u64 {
        self.revision
    }
    fn copy_meta(&self, size: usize) -> CopyMeta {
        catalog_line(
            &self.slug,
            &self.name,
            self.revision,
            &self.updated_at,
            size,
        )
    }
    fn json(&self) -> Option<String> {
        Some(self.text.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = r#"{"schema":"profile/v1","slug":"de-cix","name":"DE-CIX","updated_at":"2026-01-02T03:04:05Z","revision":7,
        "confidence":{"grade":"B"},"key_points":["a"],"briefings":[{"id":"b1","title":"T","tier":"pro","teaser":"x"}]}"#;

    #[test]
    fn a_head_reads_the_catalog_line_and_the_cards() -> Result<(), ApiError> {
        let head = ProfileHead::decode(PROFILE.as_bytes())?;
        assert_eq!(head.briefings.len(), 1);
        assert_eq!(head.briefings[0].id, "b1");
        let meta = head.copy_meta(PROFILE.len());
        assert_eq!((meta.slug.as_str(), meta.revision), ("de-cix", 7));
        assert_eq!(meta.size, PROFILE.len() as u64);
        assert_eq!(head.json().as_deref(), Some(PROFILE));
        Ok(())
    }

    #[test]
    fn a_head_without_briefings_has_none_and_a_bad_slug_is_refused() -> Result<(), ApiError> {
        let none = r#"{"slug":"a","name":"A","revision":1,"updated_at":"x"}"#;
        assert!(ProfileHead::decode(none.as_bytes())?.briefings.is_empty());
        let bad = r#"{"slug":"A B","name":"A","revision":1,"updated_at":"x"}"#;
        assert!(matches!(
            ProfileHead::decode(bad.as_bytes()),
            Err(ApiError::InvalidData(_))
        ));
        assert!(ProfileHead::decode(b"{}").is_err());
        Ok(())
    }
}
