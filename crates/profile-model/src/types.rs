//! The contract's JSON formats. Unknown fields are ignored everywhere (forward compatible);
//! optional fields are omitted when absent so that the public JSON stays small.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A profile, generic over what its briefings are. The two instances are the whole point:
/// [`AuthoringProfile`] (server side, briefings with bodies) and [`PublicProfile`] (what any
/// browser may receive, briefings reduced to [`LockedBriefing`], a type with no body).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Profile<B> {
    /// Always `"profile/v1"`; any other value is rejected.
    #[cfg_attr(feature = "schema", schemars(extend("const" = crate::SCHEMA_V1)))]
    pub schema: String,
    #[cfg_attr(feature = "schema", schemars(extend("pattern" = "^[a-z0-9-]{1,120}$")))]
    pub slug: String,
    #[cfg_attr(feature = "schema", schemars(extend("minLength" = 1)))]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Publisher>,
    /// RFC 3339 date-time.
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub updated_at: String,
    /// Increases on every edit; at least 1.
    #[cfg_attr(feature = "schema", schemars(extend("minimum" = 1)))]
    pub revision: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevance: Option<String>,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_points: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relationships: Vec<Relationship>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    #[serde(default = "no_briefings::<B>", skip_serializing_if = "Vec::is_empty")]
    pub briefings: Vec<B>,
}

/// A named default: `#[serde(default)]` would demand `B: Default` of every briefing type.
fn no_briefings<B>() -> Vec<B> {
    Vec::new()
}

/// The authoring format: one JSON file per profile, read only by the server.
pub type AuthoringProfile = Profile<Briefing>;
/// The public format: what `GET /profiles/{slug}` answers and what the viewer reads.
pub type PublicProfile = Profile<LockedBriefing>;

impl AuthoringProfile {
    /// The public projection. Briefings become placeholders; nothing else changes.
    pub fn to_public(&self) -> PublicProfile {
        self.clone().map_briefings(|b| b.locked())
    }

    pub fn briefing(&self, id: &str) -> Option<&Briefing> {
        self.briefings.iter().find(|b| b.id == id)
    }
}

impl<B> Profile<B> {
    /// The same profile with each briefing replaced by `f(briefing)`; every other field moves
    /// over unchanged (a new field fails to compile here until it is listed).
    pub fn map_briefings<C>(self, f: impl FnMut(B) -> C) -> Profile<C> {
        Profile {
            schema: self.schema,
            slug: self.slug,
            name: self.name,
            kind: self.kind,
            ecosystem: self.ecosystem,
            base: self.base,
            focus: self.focus,
            publisher: self.publisher,
            updated_at: self.updated_at,
            revision: self.revision,
            rationale: self.rationale,
            relevance: self.relevance,
            confidence: self.confidence,
            impact: self.impact,
            key_points: self.key_points,
            sections: self.sections,
            related: self.related,
            relationships: self.relationships,
            sources: self.sources,
            briefings: self.briefings.into_iter().map(f).collect(),
        }
    }

    /// The page's description (`<meta name="description">`, link previews): the first key
    /// point, else the rationale, else the name.
    pub fn description(&self) -> &str {
        self.key_points
            .first()
            .or(self.rationale.as_ref())
            .unwrap_or(&self.name)
    }

    /// The directory's line for this profile.
    pub fn index_entry(&self) -> IndexEntry {
        IndexEntry {
            slug: self.slug.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            base: self.base.clone(),
            focus: self.focus.clone(),
            confidence: Score {
                score: self.confidence.score,
            },
            impact: self
                .impact
                .as_ref()
                .map(|i| ImpactLevelOnly { level: i.level }),
            updated_at: self.updated_at.clone(),
            revision: self.revision,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Publisher {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Confidence {
    /// 0..=1; see [`crate::Grade::from_score`].
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub score: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ImpactLevel {
    Low,
    Medium,
    High,
}

impl ImpactLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ImpactLevel::Low => "low",
            ImpactLevel::Medium => "medium",
            ImpactLevel::High => "high",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Impact {
    pub level: ImpactLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    pub id: String,
    pub heading: String,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// A block of plain text content. Text is never interpreted as HTML.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph {
        text: String,
    },
    List {
        items: Vec<String>,
    },
    Facts {
        facts: Vec<Fact>,
    },
    Quote {
        text: String,
        cite: Option<String>,
    },
    /// A block type this version does not know. Kept (with its type name only) so the
    /// viewer can show an "unsupported block" note instead of failing.
    Unsupported {
        kind: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// The known block shapes, as serde sees them.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "lowercase")]
enum KnownBlock {
    Paragraph {
        text: String,
    },
    List {
        items: Vec<String>,
    },
    Facts {
        facts: Vec<Fact>,
    },
    Quote {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
}

pub const KNOWN_BLOCK_TYPES: [&str; 4] = ["paragraph", "list", "facts", "quote"];

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let kind = match value.get("type") {
            Some(serde_json::Value::String(kind)) => kind.clone(),
            Some(_) => return Err(D::Error::custom("block `type` must be a string")),
            None => return Err(D::Error::missing_field("type")),
        };
        if !KNOWN_BLOCK_TYPES.contains(&kind.as_str()) {
            return Ok(Block::Unsupported { kind });
        }
        let known: KnownBlock = serde_json::from_value(value).map_err(D::Error::custom)?;
        Ok(match known {
            KnownBlock::Paragraph { text } => Block::Paragraph { text },
            KnownBlock::List { items } => Block::List { items },
            KnownBlock::Facts { facts } => Block::Facts { facts },
            KnownBlock::Quote { text, cite } => Block::Quote { text, cite },
        })
    }
}

impl Serialize for Block {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let known = match self.clone() {
            Block::Paragraph { text } => KnownBlock::Paragraph { text },
            Block::List { items } => KnownBlock::List { items },
            Block::Facts { facts } => KnownBlock::Facts { facts },
            Block::Quote { text, cite } => KnownBlock::Quote { text, cite },
            Block::Unsupported { kind } => {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("type", &kind)?;
                return map.end();
            }
        };
        known.serialize(serializer)
    }
}

/// Hand-written because `Block` has hand-written serde: exactly one of the known shapes
/// (derived from [`KnownBlock`], so they cannot drift), or any other object whose `type` is
/// a string naming an unknown kind (kept as "unsupported", not an error).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Block {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Block".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let known = KnownBlock::json_schema(generator);
        let mut shapes = match known.get("oneOf") {
            Some(serde_json::Value::Array(shapes)) => shapes.clone(),
            _ => vec![known.to_value()],
        };
        shapes.push(serde_json::json!({
            "description": "A block type this version does not know: shown as an \"unsupported block\" note.",
            "type": "object",
            "properties": {"type": {"type": "string", "not": {"enum": KNOWN_BLOCK_TYPES}}},
            "required": ["type"]
        }));
        schemars::json_schema!({
            "description": "A block of plain text content. Text is never interpreted as HTML.",
            "oneOf": shapes
        })
    }
}

/// "Also read": `slug` links to another profile; `url` must be `http`/`https`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Related {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Relationship {
    pub name: String,
    pub relation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved_at: Option<String>,
}

/// A gated member briefing with its body: authoring format and the entitled 200 answer of
/// `GET /profiles/{slug}/briefings/{id}`. Never part of a [`PublicProfile`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Briefing {
    pub id: String,
    pub title: String,
    pub tier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teaser: Option<String>,
    pub body: BriefingBody,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BriefingBody {
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Source notes: as private as the body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// A locked briefing placeholder. It has no body field, so no body can be serialised
/// through it: the gating invariant is a property of this type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LockedBriefing {
    pub id: String,
    pub title: String,
    pub tier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teaser: Option<String>,
}

impl Briefing {
    pub fn locked(&self) -> LockedBriefing {
        LockedBriefing {
            id: self.id.clone(),
            title: self.title.clone(),
            tier: self.tier.clone(),
            teaser: self.teaser.clone(),
        }
    }
}

/// `GET /site`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SiteConfig {
    pub publisher: Publisher,
    #[serde(default)]
    pub tiers: Vec<Tier>,
}

impl SiteConfig {
    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }
}

/// Whether a member of tier `member_tier` may read a briefing of tier `briefing_tier`
/// (contract sec. 3): both tiers are among `tiers` and the member's ranks at least as high.
/// A tier nobody knows reads, and is read by, nothing.
pub fn entitled(tiers: &[Tier], member_tier: &str, briefing_tier: &str) -> bool {
    let rank = |id: &str| tiers.iter().find(|t| t.id == id).map(|t| t.rank);
    matches!((rank(member_tier), rank(briefing_tier)), (Some(have), Some(need)) if have >= need)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tier {
    pub id: String,
    pub name: String,
    /// A member of rank R may read every briefing whose tier rank is <= R.
    pub rank: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
}

/// One line of `GET /profiles`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndexEntry {
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    pub confidence: Score,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<ImpactLevelOnly>,
    pub updated_at: String,
    pub revision: u64,
}

impl IndexEntry {
    /// The order of `GET /profiles`: by name without regard to case, then by slug.
    pub fn sort(index: &mut [IndexEntry]) {
        index.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.slug.cmp(&b.slug))
        });
    }
}

/// A relationship from one profile of the site to another (its `relationships[].slug`):
/// one item of `GET /relationships`, public data only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProfileEdge {
    pub from: String,
    pub to: String,
    pub relation: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Score {
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub score: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImpactLevelOnly {
    pub level: ImpactLevel,
}

/// A signed-in member, as `/auth/login` and `/auth/session` answer it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Member {
    pub name: String,
    /// Empty (and left out) for a member known by a member token, which names no e-mail.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// A tier id from the site configuration.
    pub tier: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MemberAnswer {
    pub member: Member,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Every error answer: `{error, message?}`; `tier` on 403 `tier_required`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiError {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}
