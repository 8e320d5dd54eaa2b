//! The directory's search, filters and sort: their URL form (`?q=&kind=&base=&grade=&impact=&sort=`),
//! and filtering/sorting over the index. Plain Rust so it is tested natively, and fast
//! enough for a 10,000-entry index on every keystroke (search text is lower-cased once).

use profile_model::{Grade, ImpactLevel, IndexEntry};

use crate::format::unix_seconds;

/// How many results are rendered at first, and added by each "Show more".
pub const PAGE_SIZE: usize = 50;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Most recently updated first (the default).
    #[default]
    Updated,
    /// Highest confidence first.
    Confidence,
    /// A to Z.
    Name,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [SortKey::Updated, SortKey::Confidence, SortKey::Name];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::Updated => "updated",
            SortKey::Confidence => "confidence",
            SortKey::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Updated => "Newest",
            SortKey::Confidence => "Confidence",
            SortKey::Name => "Name A–Z",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// The grade filter. "D" covers both D rows of the contract's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GradeFilter {
    A,
    AB,
    BC,
    CD,
    D,
}

impl GradeFilter {
    pub const ALL: [GradeFilter; 5] = [
        GradeFilter::A,
        GradeFilter::AB,
        GradeFilter::BC,
        GradeFilter::CD,
        GradeFilter::D,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GradeFilter::A => "a",
            GradeFilter::AB => "ab",
            GradeFilter::BC => "bc",
            GradeFilter::CD => "cd",
            GradeFilter::D => "d",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GradeFilter::A => "A · High",
            GradeFilter::AB => "A/B · Strong",
            GradeFilter::BC => "B/C · Medium",
            GradeFilter::CD => "C/D · Weak–medium",
            GradeFilter::D => "D · Weak / monitoring",
        }
    }

    /// Accepts the filter's own keys and the model's grade keys (`d-weak`, ...).
    pub fn parse(s: &str) -> Option<GradeFilter> {
        GradeFilter::ALL
            .into_iter()
            .find(|g| g.key() == s)
            .or_else(|| Grade::from_key(s).map(GradeFilter::of))
    }

    pub fn of(grade: Grade) -> GradeFilter {
        match grade {
            Grade::A => GradeFilter::A,
            Grade::AB => GradeFilter::AB,
            Grade::BC => GradeFilter::BC,
            Grade::CD => GradeFilter::CD,
            Grade::DWeak | Grade::DInternal => GradeFilter::D,
        }
    }
}

pub fn parse_impact(s: &str) -> Option<ImpactLevel> {
    [ImpactLevel::Low, ImpactLevel::Medium, ImpactLevel::High]
        .into_iter()
        .find(|l| l.as_str() == s)
}

/// Everything the directory's URL says. Unknown or malformed values are ignored, so a
/// hand-edited URL never breaks the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryQuery {
    pub q: String,
    pub kind: Option<String>,
    pub base: Option<String>,
    pub grade: Option<GradeFilter>,
    pub impact: Option<ImpactLevel>,
    pub sort: SortKey,
}

impl DirectoryQuery {
    /// From a lookup of query parameters (the router's query map, or a parsed string).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let nonempty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        DirectoryQuery {
            q: get("q").unwrap_or_default(),
            kind: nonempty("kind"),
            base: nonempty("base"),
            grade: get("grade").as_deref().and_then(GradeFilter::parse),
            impact: get("impact").as_deref().and_then(parse_impact),
            sort: get("sort")
                .as_deref()
                .and_then(SortKey::parse)
                .unwrap_or_default(),
        }
    }

    /// From `?q=...&grade=...` (with or without the `?`).
    pub fn from_query_string(s: &str) -> Self {
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(s.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        DirectoryQuery::from_lookup(|k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    }

    /// `""` for the default view, else `?q=...`; defaults are left out so URLs stay short.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        if let Some(kind) = &self.kind {
            out.append_pair("kind", kind);
        }
        if let Some(base) = &self.base {
            out.append_pair("base", base);
        }
        if let Some(grade) = self.grade {
            out.append_pair("grade", grade.key());
        }
        if let Some(impact) = self.impact {
            out.append_pair("impact", impact.as_str());
        }
        if self.sort != SortKey::default() {
            out.append_pair("sort", self.sort.key());
        }
        let query = out.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }

    /// Whether anything narrows the list (sort does not).
    pub fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty()
            || self.kind.is_some()
            || self.base.is_some()
            || self.grade.is_some()
            || self.impact.is_some()
    }

    /// The same view with no search and no filters (the sort is kept).
    pub fn cleared(&self) -> Self {
        DirectoryQuery {
            sort: self.sort,
            ..DirectoryQuery::default()
        }
    }
}

/// The index, prepared once for fast queries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DirectoryIndex {
    entries: Vec<IndexEntry>,
    /// Lower-cased "name kind base" per entry.
    haystacks: Vec<String>,
    names: Vec<String>,
    updated: Vec<i64>,
    /// Distinct kinds and bases, sorted, for the filter menus.
    pub kinds: Vec<String>,
    pub bases: Vec<String>,
}

impl DirectoryIndex {
    pub fn new(entries: Vec<IndexEntry>) -> Self {
        let haystacks = entries
            .iter()
            .map(|e| {
                let parts = [Some(e.name.as_str()), e.kind.as_deref(), e.base.as_deref()];
                parts
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" \u{1f} ")
                    .to_lowercase()
            })
            .collect();
        let names = entries.iter().map(|e| e.name.to_lowercase()).collect();
        let updated = entries
            .iter()
            .map(|e| unix_seconds(&e.updated_at).unwrap_or(i64::MIN))
            .collect();
        let distinct = |f: fn(&IndexEntry) -> Option<&String>| {
            let mut values: Vec<String> = entries
                .iter()
                .filter_map(f)
                .filter(|v| !v.trim().is_empty())
                .cloned()
                .collect();
            values.sort_by_key(|v| v.to_lowercase());
            values.dedup();
            values
        };
        let kinds = distinct(|e| e.kind.as_ref());
        let bases = distinct(|e| e.base.as_ref());
        DirectoryIndex {
            entries,
            haystacks,
            names,
            updated,
            kinds,
            bases,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[IndexEntry] {
        &self.entries
    }

    pub fn get(&self, i: usize) -> Option<&IndexEntry> {
        self.entries.get(i)
    }

    /// Positions of the matching entries, in display order.
    pub fn query(&self, query: &DirectoryQuery) -> Vec<usize> {
        let terms: Vec<String> = query
            .q
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mut hits: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                let e = &self.entries[i];
                terms.iter().all(|t| self.haystacks[i].contains(t.as_str()))
                    && query
                        .kind
                        .as_ref()
                        .is_none_or(|k| e.kind.as_ref() == Some(k))
                    && query
                        .base
                        .as_ref()
                        .is_none_or(|b| e.base.as_ref() == Some(b))
                    && query.grade.is_none_or(|g| {
                        Grade::from_score(e.confidence.score).map(GradeFilter::of) == Some(g)
                    })
                    && query
                        .impact
                        .is_none_or(|l| e.impact.map(|i| i.level) == Some(l))
            })
            .collect();
        let name_order = |a: &usize, b: &usize| self.names[*a].cmp(&self.names[*b]);
        match query.sort {
            SortKey::Updated => hits.sort_by(|a, b| {
                self.updated[*b]
                    .cmp(&self.updated[*a])
                    .then_with(|| name_order(a, b))
            }),
            SortKey::Confidence => hits.sort_by(|a, b| {
                let score = |i: &usize| {
                    let s = self.entries[*i].confidence.score;
                    if s.is_finite() {
                        s
                    } else {
                        -1.0
                    }
                };
                score(b).total_cmp(&score(a)).then_with(|| name_order(a, b))
            }),
            SortKey::Name => hits.sort_by(name_order),
        }
        hits
    }
}

/// The first `limit` results: what is rendered.
pub fn window(results: &[usize], limit: usize) -> &[usize] {
    &results[..results.len().min(limit)]
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use profile_model::{ImpactLevelOnly, Score};

    pub fn entry(
        slug: &str,
        name: &str,
        kind: &str,
        base: &str,
        score: f64,
        impact: Option<ImpactLevel>,
        updated: &str,
    ) -> IndexEntry {
        IndexEntry {
            slug: slug.into(),
            name: name.into(),
            kind: Some(kind.into()),
            base: Some(base.into()),
            focus: None,
            confidence: Score { score },
            impact: impact.map(|level| ImpactLevelOnly { level }),
            updated_at: updated.into(),
            revision: 1,
        }
    }

    fn sample() -> DirectoryIndex {
        DirectoryIndex::new(vec![
            entry(
                "ietf",
                "IETF",
                "Standards body",
                "Global",
                0.92,
                Some(ImpactLevel::High),
                "2026-10-01T00:00:00Z",
            ),
            entry(
                "ripe-ncc",
                "RIPE NCC",
                "Regional internet registry",
                "Europe",
                0.8,
                Some(ImpactLevel::High),
                "2026-11-01T00:00:00Z",
            ),
            entry(
                "de-cix",
                "DE-CIX",
                "Internet exchange",
                "Europe",
                0.62,
                Some(ImpactLevel::Medium),
                "2026-09-01T00:00:00+02:00",
            ),
            entry(
                "cable-co",
                "Cable Co",
                "Cable operator",
                "Asia Pacific",
                0.2,
                None,
                "2026-11-20T09:30:00Z",
            ),
            entry(
                "monitor",
                "Monitor",
                "Cable operator",
                "Asia Pacific",
                0.05,
                Some(ImpactLevel::Low),
                "garbage",
            ),
        ])
    }

    fn slugs(index: &DirectoryIndex, q: &DirectoryQuery) -> Vec<String> {
        index
            .query(q)
            .into_iter()
            .map(|i| index.entries()[i].slug.clone())
            .collect()
    }

    #[test]
    fn url_round_trip() {
        let q = DirectoryQuery {
            q: "rip & co=1".into(),
            kind: Some("Regional internet registry".into()),
            base: Some("Europe".into()),
            grade: Some(GradeFilter::AB),
            impact: Some(ImpactLevel::High),
            sort: SortKey::Name,
        };
        let s = q.to_query_string();
        assert!(
            s.starts_with("?q=rip+%26+co%3D1&kind=Regional+internet+registry"),
            "{s}"
        );
        assert_eq!(DirectoryQuery::from_query_string(&s), q);
        assert_eq!(DirectoryQuery::default().to_query_string(), "");
        assert_eq!(
            DirectoryQuery::from_query_string(""),
            DirectoryQuery::default()
        );
    }

    #[test]
    fn bad_url_values_are_ignored() {
        let q =
            DirectoryQuery::from_query_string("?grade=z&impact=huge&sort=random&kind=&base=%20");
        assert_eq!(q, DirectoryQuery::default());
        assert_eq!(
            DirectoryQuery::from_query_string("grade=d-internal").grade,
            Some(GradeFilter::D)
        );
        assert_eq!(
            DirectoryQuery::from_query_string("grade=bc").grade,
            Some(GradeFilter::BC)
        );
    }

    #[test]
    fn default_sort_is_newest_first_and_honours_offsets() {
        let index = sample();
        assert_eq!(
            slugs(&index, &DirectoryQuery::default()),
            ["cable-co", "ripe-ncc", "ietf", "de-cix", "monitor"]
        );
    }

    #[test]
    fn other_sorts() {
        let index = sample();
        let by = |sort| {
            slugs(
                &index,
                &DirectoryQuery {
                    sort,
                    ..Default::default()
                },
            )
        };
        assert_eq!(
            by(SortKey::Confidence),
            ["ietf", "ripe-ncc", "de-cix", "cable-co", "monitor"]
        );
        assert_eq!(
            by(SortKey::Name),
            ["cable-co", "de-cix", "ietf", "monitor", "ripe-ncc"]
        );
    }

    #[test]
    fn search_matches_name_kind_and_base_case_insensitively() {
        let index = sample();
        let search = |q: &str| {
            let mut s = slugs(
                &index,
                &DirectoryQuery {
                    q: q.into(),
                    ..Default::default()
                },
            );
            s.sort();
            s
        };
        assert_eq!(search("ripe"), ["ripe-ncc"]);
        assert_eq!(search("EUROPE"), ["de-cix", "ripe-ncc"]);
        assert_eq!(search("cable asia"), ["cable-co", "monitor"]);
        assert_eq!(search("  exchange  "), ["de-cix"]);
        assert!(search("nothing-like-this").is_empty());
    }

    #[test]
    fn filters_combine() {
        let index = sample();
        let q = DirectoryQuery {
            base: Some("Europe".into()),
            impact: Some(ImpactLevel::High),
            ..Default::default()
        };
        assert_eq!(slugs(&index, &q), ["ripe-ncc"]);
        let q = DirectoryQuery {
            grade: Some(GradeFilter::D),
            ..Default::default()
        };
        assert_eq!(slugs(&index, &q), ["cable-co", "monitor"]);
        let q = DirectoryQuery {
            kind: Some("Cable operator".into()),
            grade: Some(GradeFilter::A),
            ..Default::default()
        };
        assert!(slugs(&index, &q).is_empty());
        assert!(q.is_filtered());
        assert!(!q.cleared().is_filtered());
    }

    #[test]
    fn filter_menus_are_distinct_and_sorted() {
        let index = sample();
        assert_eq!(index.bases, ["Asia Pacific", "Europe", "Global"]);
        assert_eq!(index.kinds.len(), 4);
    }

    /// The scale requirement: a 10,000-entry index is filtered in one pass and only a
    /// bounded window of it is ever rendered.
    pub fn big_index(n: usize) -> Vec<IndexEntry> {
        let kinds = [
            "Internet exchange",
            "Registry",
            "Cable operator",
            "Standards body",
        ];
        let bases = ["Europe", "Asia Pacific", "Americas", "Africa", "Global"];
        (0..n)
            .map(|i| {
                entry(
                    &format!("profile-{i}"),
                    &format!("Institution {i:05}"),
                    kinds[i % kinds.len()],
                    bases[i % bases.len()],
                    (i % 101) as f64 / 100.0,
                    Some([ImpactLevel::Low, ImpactLevel::Medium, ImpactLevel::High][i % 3]),
                    &format!("2026-{:02}-{:02}T00:00:00Z", 1 + i % 12, 1 + i % 28),
                )
            })
            .collect()
    }

    #[test]
    fn ten_thousand_entries_are_windowed() {
        let index = DirectoryIndex::new(big_index(10_000));
        let all = index.query(&DirectoryQuery::default());
        assert_eq!(all.len(), 10_000);
        assert_eq!(window(&all, PAGE_SIZE).len(), PAGE_SIZE);
        assert_eq!(window(&all, 3 * PAGE_SIZE).len(), 150);
        let some = index.query(&DirectoryQuery {
            q: "institution 0999".into(),
            ..Default::default()
        });
        // Terms match independently: "0999" is in 00999 and 09990..=09999.
        assert_eq!(some.len(), 11);
        assert_eq!(window(&some, PAGE_SIZE).len(), 11);
        let start = std::time::Instant::now();
        for q in ["i", "in", "ins", "inst", "europe"] {
            index.query(&DirectoryQuery {
                q: q.into(),
                ..Default::default()
            });
        }
        // Generous even for a debug build on a busy machine; a regression to quadratic
        // work would blow far past it.
        assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
    }
}
