//! The directory's search, filters and sort: their URL form (`?q=&kind=&base=&grade=&impact=&sort=`),
//! and filtering/sorting over the index. Plain Rust so it is tested natively, and fast
//! enough for a 10,000-entry index on every keystroke (search text is lower-cased once).

use std::sync::OnceLock;

use profile_model::format::unix_seconds;
use profile_model::{Grade, ImpactLevel, IndexEntry};

/// How many results are rendered at first, and added by each "Show more". 12 fills one,
/// two, three or four columns evenly and is more than a screen; each keystroke refills
/// these rows, and the browser's layout of their text is most of a keystroke's cost
/// (A/B at 10,000 profiles: 50 -> 24 rows took filter latency p95 from 49 to 34 ms; see
/// BENCHMARKS.md for 24 -> 12).
pub const PAGE_SIZE: usize = 12;

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

/// A query string's values by key (with or without the `?`), for `from_lookup`.
pub fn query_lookup(s: &str) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(s.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect();
    move |k| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    }
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
        DirectoryQuery::from_lookup(query_lookup(s))
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

/// The index, prepared once for fast queries: per keystroke only the lower-cased search
/// text is scanned; nothing is lower-cased, parsed, sorted or cloned.
#[derive(Clone, Debug, Default)]
pub struct DirectoryIndex {
    entries: Vec<IndexEntry>,
    /// Lower-cased "name kind base" per entry.
    haystacks: Vec<String>,
    names: Vec<String>,
    updated: Vec<i64>,
    grades: Vec<Option<GradeFilter>>,
    /// Every position in each sort's display order (indexed by `SortKey as usize`), sorted
    /// on first use: a query filters one of these instead of sorting its hits, and only the
    /// default order is paid for before the first paint.
    orders: [OnceLock<Vec<usize>>; 3],
    /// Distinct kinds and bases, sorted, for the filter menus.
    pub kinds: Vec<String>,
    pub bases: Vec<String>,
}

/// Two indexes are equal when their entries are (the rest is derived from them).
impl PartialEq for DirectoryIndex {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

/// The matches of one query in display order, kept so that the next keystroke, when it
/// only narrows the search, filters these instead of the whole index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matches {
    pub query: DirectoryQuery,
    pub hits: Vec<usize>,
}

/// The search box's words, lower-cased; an entry matches when it contains every one.
fn search_terms(q: &str) -> Vec<String> {
    q.to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Whether every match of `next` is also a match of `previous`: the same filters and sort,
/// and each earlier word is inside some new word ("rip" -> "ripe", "ripe" -> "ripe ncc").
pub fn narrows(previous: &DirectoryQuery, next: &DirectoryQuery) -> bool {
    if previous.kind != next.kind
        || previous.base != next.base
        || previous.grade != next.grade
        || previous.impact != next.impact
        || previous.sort != next.sort
    {
        return false;
    }
    let new_terms = search_terms(&next.q);
    search_terms(&previous.q)
        .iter()
        .all(|old| new_terms.iter().any(|new| new.contains(old.as_str())))
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
        let grades = entries
            .iter()
            .map(|e| Grade::from_score(e.confidence.score).map(GradeFilter::of))
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
            grades,
            orders: Default::default(),
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

    /// Every position, in the display order of `sort` (sorted once, then kept).
    pub fn order(&self, sort: SortKey) -> &[usize] {
        self.orders[sort as usize].get_or_init(|| {
            let mut all: Vec<usize> = (0..self.entries.len()).collect();
            let name_order = |a: &usize, b: &usize| self.names[*a].cmp(&self.names[*b]);
            // Stable sorts: ties keep the index's own order.
            match sort {
                SortKey::Updated => all.sort_by(|a, b| {
                    self.updated[*b]
                        .cmp(&self.updated[*a])
                        .then_with(|| name_order(a, b))
                }),
                SortKey::Confidence => all.sort_by(|a, b| {
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
                SortKey::Name => all.sort_by(name_order),
            }
            all
        })
    }

    /// Positions of the matching entries, in display order.
    pub fn query(&self, query: &DirectoryQuery) -> Vec<usize> {
        self.search(query, None).hits
    }

    /// The matches of `query`. With the previous keystroke's matches, a query that only
    /// narrows them (see [`narrows`]) filters those instead of the whole index.
    pub fn search(&self, query: &DirectoryQuery, previous: Option<&Matches>) -> Matches {
        let terms = search_terms(&query.q);
        let has_terms = |i: usize| {
            let haystack = self.haystacks[i].as_str();
            terms.iter().all(|t| haystack.contains(t.as_str()))
        };
        let hits = match previous {
            Some(prev) if prev.query == *query => prev.hits.clone(),
            Some(prev) if narrows(&prev.query, query) => prev
                .hits
                .iter()
                .copied()
                .filter(|&i| has_terms(i))
                .collect(),
            _ => {
                let order = self.order(query.sort);
                if terms.is_empty() && !query.is_filtered() {
                    order.to_vec()
                } else {
                    order
                        .iter()
                        .copied()
                        .filter(|&i| self.passes_filters(i, query) && has_terms(i))
                        .collect()
                }
            }
        };
        Matches {
            query: query.clone(),
            hits,
        }
    }

    /// The menus' filters (not the search words) for entry `i`.
    fn passes_filters(&self, i: usize, query: &DirectoryQuery) -> bool {
        let e = &self.entries[i];
        query
            .kind
            .as_ref()
            .is_none_or(|k| e.kind.as_ref() == Some(k))
            && query
                .base
                .as_ref()
                .is_none_or(|b| e.base.as_ref() == Some(b))
            && query.grade.is_none_or(|g| self.grades[i] == Some(g))
            && query
                .impact
                .is_none_or(|l| e.impact.map(|i| i.level) == Some(l))
    }
}

/// The first `limit` results: what is rendered.
pub fn window(results: &[usize], limit: usize) -> &[usize] {
    &results[..results.len().min(limit)]
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn narrowing_needs_the_same_filters_and_every_old_word_inside_a_new_one() {
        let q = |text: &str| DirectoryQuery {
            q: text.into(),
            ..Default::default()
        };
        assert!(narrows(&q(""), &q("r")));
        assert!(narrows(&q("rip"), &q("ripe")));
        assert!(narrows(&q("ripe"), &q("ripe ")));
        assert!(narrows(&q("ripe"), &q("ripe n")));
        assert!(narrows(&q("RIPE n"), &q("ncc ripe")));
        assert!(!narrows(&q("ripe"), &q("rip")));
        assert!(!narrows(&q("ripe n"), &q("ripe")));
        assert!(!narrows(&q("ripe"), &q("ncc")));
        let sorted = DirectoryQuery {
            sort: SortKey::Name,
            ..q("ripe")
        };
        assert!(!narrows(&q("rip"), &sorted));
        let filtered = DirectoryQuery {
            grade: Some(GradeFilter::A),
            ..q("ripe")
        };
        assert!(!narrows(&q("rip"), &filtered));
        assert!(!narrows(&filtered, &q("ripe")));
    }

    /// Typing, deleting and changing filters through `search` with the previous matches
    /// gives exactly what a fresh query over the whole index gives, in the same order.
    #[test]
    fn incremental_search_equals_a_fresh_query() {
        let index = DirectoryIndex::new(big_index(2_000));
        let steps: Vec<DirectoryQuery> = [
            "",
            "i",
            "in",
            "ins",
            "inst",
            "inst 1",
            "inst 12",
            "inst 1",
            "",
            "e",
            "eu",
            "eur",
            "europe",
            "europe cable",
            "cable europe",
            "c",
            "0",
            "00",
            "001",
        ]
        .iter()
        .map(|text| DirectoryQuery {
            q: text.to_string(),
            ..Default::default()
        })
        .chain([
            DirectoryQuery {
                q: "001".into(),
                sort: SortKey::Name,
                ..Default::default()
            },
            DirectoryQuery {
                q: "001".into(),
                sort: SortKey::Name,
                grade: Some(GradeFilter::BC),
                ..Default::default()
            },
            DirectoryQuery {
                q: "0012".into(),
                sort: SortKey::Confidence,
                grade: Some(GradeFilter::BC),
                ..Default::default()
            },
            DirectoryQuery {
                q: "asia".into(),
                base: Some("Asia Pacific".into()),
                impact: Some(ImpactLevel::High),
                ..Default::default()
            },
            DirectoryQuery {
                q: "asia reg".into(),
                base: Some("Asia Pacific".into()),
                impact: Some(ImpactLevel::High),
                ..Default::default()
            },
        ])
        .collect();
        let mut previous: Option<Matches> = None;
        for q in &steps {
            let fresh = DirectoryIndex::new(big_index(2_000)).query(q);
            let next = index.search(q, previous.as_ref());
            assert_eq!(next.hits, fresh, "{q:?}");
            assert_eq!(next.query, *q);
            previous = Some(next);
        }
    }

    #[test]
    fn sort_orders_cover_every_entry_once() {
        let index = sample();
        for sort in SortKey::ALL {
            let mut order = index.order(sort).to_vec();
            order.sort_unstable();
            assert_eq!(order, (0..index.len()).collect::<Vec<_>>(), "{sort:?}");
        }
        assert_eq!(index.order(SortKey::Name), [3, 2, 0, 4, 1]);
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
        assert_eq!(window(&all, 3 * PAGE_SIZE).len(), 3 * PAGE_SIZE);
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
