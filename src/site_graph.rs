//! The site-wide map's data (`/map`): profiles as nodes, `GET /relationships` as edges,
//! prepared once so that choosing a profile or a filter only walks its neighbours. Plain
//! logic with native tests; `pages::map` draws it.
//!
//! At 10,000 profiles the page never draws them all: the overview counts profiles and
//! relationships per group (kind or base), and the neighbourhood shows one profile with
//! the profiles it relates to and those that relate to it.

use std::collections::{BTreeMap, HashMap};

use profile_model::ProfileEdge;
use profile_views::map_layout::Direction;

use crate::directory_query::{query_lookup, DirectoryIndex, DirectoryQuery};

/// What the overview groups profiles by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    #[default]
    Kind,
    Base,
}

impl Grouping {
    pub fn key(self) -> &'static str {
        match self {
            Grouping::Kind => "kind",
            Grouping::Base => "base",
        }
    }

    pub fn parse(s: &str) -> Option<Grouping> {
        match s {
            "kind" => Some(Grouping::Kind),
            "base" => Some(Grouping::Base),
            _ => None,
        }
    }
}

/// The name of the group for profiles without a kind (or base).
pub const UNGROUPED: &str = "Not stated";

/// Everything `/map`'s URL says: the directory's filters, the chosen profile, the grouping.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapQuery {
    pub filters: DirectoryQuery,
    pub focus: Option<String>,
    pub by: Grouping,
}

impl MapQuery {
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let d = DirectoryQuery::from_lookup(&get);
        MapQuery {
            // Only the menus' filters apply to the map's nodes.
            filters: DirectoryQuery {
                kind: d.kind,
                base: d.base,
                grade: d.grade,
                ..DirectoryQuery::default()
            },
            focus: get("focus").filter(|s| !s.is_empty()),
            by: get("by")
                .as_deref()
                .and_then(Grouping::parse)
                .unwrap_or_default(),
        }
    }

    /// From `?kind=...&focus=...` (with or without the `?`).
    pub fn from_query_string(s: &str) -> Self {
        MapQuery::from_lookup(query_lookup(s))
    }

    /// `""` for the default view, else `?kind=...&focus=...`.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(kind) = &self.filters.kind {
            out.append_pair("kind", kind);
        }
        if let Some(base) = &self.filters.base {
            out.append_pair("base", base);
        }
        if let Some(grade) = self.filters.grade {
            out.append_pair("grade", grade.key());
        }
        if let Some(focus) = &self.focus {
            out.append_pair("focus", focus);
        }
        if self.by != Grouping::default() {
            out.append_pair("by", self.by.key());
        }
        let query = out.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }
}

/// One edge at a profile: the other end's position in the index and the relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub other: usize,
    pub relation: String,
    pub direction: Direction,
}

/// The index with its edges, by position in the index.
#[derive(Clone, Debug, Default)]
pub struct SiteGraph {
    by_slug: HashMap<String, usize>,
    /// Per profile: its own relationships, then those of others to it.
    links: Vec<Vec<Link>>,
    edges: usize,
}

impl PartialEq for SiteGraph {
    fn eq(&self, other: &Self) -> bool {
        self.links == other.links
    }
}

impl SiteGraph {
    /// Edges whose ends are not both in the index are left out.
    pub fn new(index: &DirectoryIndex, edges: &[ProfileEdge]) -> Self {
        let by_slug: HashMap<String, usize> = index
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.clone(), i))
            .collect();
        let mut links = vec![Vec::new(); index.len()];
        let mut count = 0;
        for e in edges {
            let (Some(&from), Some(&to)) = (by_slug.get(&e.from), by_slug.get(&e.to)) else {
                continue;
            };
            if from == to {
                continue;
            }
            count += 1;
            links[from].push(Link {
                other: to,
                relation: e.relation.clone(),
                direction: Direction::Outgoing,
            });
            links[to].push(Link {
                other: from,
                relation: e.relation.clone(),
                direction: Direction::Incoming,
            });
        }
        // Outgoing first, each in the order the data gives.
        for l in &mut links {
            l.sort_by_key(|l| l.direction == Direction::Incoming);
        }
        SiteGraph {
            by_slug,
            links,
            edges: count,
        }
    }

    pub fn position(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    pub fn edge_count(&self) -> usize {
        self.edges
    }

    /// The links of profile `centre` whose other end is `visible`, at most `limit`, and
    /// how many more there are.
    pub fn neighbourhood(
        &self,
        centre: usize,
        visible: &[bool],
        limit: usize,
    ) -> (Vec<&Link>, usize) {
        let all: Vec<&Link> = self
            .links
            .get(centre)
            .map(|l| {
                l.iter()
                    .filter(|l| visible.get(l.other).copied().unwrap_or(false))
                    .collect()
            })
            .unwrap_or_default();
        let more = all.len().saturating_sub(limit);
        (all.into_iter().take(limit).collect(), more)
    }

    /// Counts per group of the `visible` profiles, and of the relationships between them
    /// from group to group.
    pub fn overview(&self, index: &DirectoryIndex, visible: &[bool], by: Grouping) -> Overview {
        let group_of = |i: usize| -> String {
            let e = &index.entries()[i];
            let value = match by {
                Grouping::Kind => e.kind.as_deref(),
                Grouping::Base => e.base.as_deref(),
            };
            value
                .filter(|v| !v.trim().is_empty())
                .unwrap_or(UNGROUPED)
                .to_string()
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut between: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (i, links) in self.links.iter().enumerate() {
            if !visible.get(i).copied().unwrap_or(false) {
                continue;
            }
            let from = group_of(i);
            *counts.entry(from.clone()).or_default() += 1;
            for l in links {
                if l.direction == Direction::Outgoing
                    && visible.get(l.other).copied().unwrap_or(false)
                {
                    *between
                        .entry((from.clone(), group_of(l.other)))
                        .or_default() += 1;
                }
            }
        }
        let mut groups: Vec<GroupRow> = counts
            .into_iter()
            .map(|(name, profiles)| GroupRow {
                name,
                profiles,
                to: Vec::new(),
                from: 0,
            })
            .collect();
        for ((from, to), n) in between {
            if let Some(g) = groups.iter_mut().find(|g| g.name == from) {
                g.to.push((to.clone(), n));
            }
            if let Some(g) = groups.iter_mut().find(|g| g.name == to) {
                g.from += n;
            }
        }
        for g in &mut groups {
            g.to.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        // Largest groups first; names break ties, so the order is stable.
        groups.sort_by(|a, b| b.profiles.cmp(&a.profiles).then(a.name.cmp(&b.name)));
        Overview { groups }
    }
}

/// One group of the overview: how many profiles, where their relationships go, how many
/// come in from any group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRow {
    pub name: String,
    pub profiles: usize,
    pub to: Vec<(String, usize)>,
    pub from: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overview {
    pub groups: Vec<GroupRow>,
}

/// Which positions pass the map's filters, as a mask over the index.
pub fn visible_mask(index: &DirectoryIndex, query: &MapQuery) -> Vec<bool> {
    let mut mask = vec![false; index.len()];
    for i in index.query(&query.filters) {
        mask[i] = true;
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use profile_model::{ImpactLevel, ImpactLevelOnly, IndexEntry, Score};

    fn entry(
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

    fn edge(from: &str, to: &str, relation: &str) -> ProfileEdge {
        ProfileEdge {
            from: from.into(),
            to: to.into(),
            relation: relation.into(),
        }
    }

    fn e(slug: &str, name: &str, kind: &str, base: &str) -> profile_model::IndexEntry {
        entry(slug, name, kind, base, 0.8, None, "2026-01-01")
    }

    fn sample() -> (DirectoryIndex, SiteGraph) {
        let index = DirectoryIndex::new(vec![
            e("ripe-ncc", "RIPE NCC", "Registry", "Netherlands"),
            e("iana", "IANA", "Registry", "United States"),
            e("linx", "LINX", "Exchange", "United Kingdom"),
            e("de-cix", "DE-CIX", "Exchange", ""),
        ]);
        let graph = SiteGraph::new(
            &index,
            &[
                edge("ripe-ncc", "iana", "receives-number-blocks-from"),
                edge("linx", "de-cix", "peer-exchange"),
                edge("de-cix", "linx", "peer-exchange"),
                edge("linx", "ripe-ncc", "member-of"),
                edge("linx", "gone", "member-of"),
                edge("linx", "linx", "self"),
            ],
        );
        (index, graph)
    }

    #[test]
    fn edges_to_unknown_or_self_are_left_out() {
        let (_, graph) = sample();
        assert_eq!(graph.edge_count(), 4);
    }

    #[test]
    fn a_neighbourhood_has_outgoing_then_incoming_links_among_the_visible(
    ) -> Result<(), &'static str> {
        let (index, graph) = sample();
        let all = vec![true; index.len()];
        let ripe = graph.position("ripe-ncc").ok_or("no ripe-ncc")?;
        let (links, more) = graph.neighbourhood(ripe, &all, 10);
        assert_eq!(more, 0);
        let described: Vec<(&str, Direction)> = links
            .iter()
            .map(|l| (index.entries()[l.other].slug.as_str(), l.direction))
            .collect();
        assert_eq!(
            described,
            vec![("iana", Direction::Outgoing), ("linx", Direction::Incoming)]
        );
        // A filter hides the other ends it excludes.
        let query = MapQuery {
            filters: DirectoryQuery {
                kind: Some("Registry".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let mask = visible_mask(&index, &query);
        let (links, _) = graph.neighbourhood(ripe, &mask, 10);
        assert_eq!(links.len(), 1);
        // The limit says how many more there are.
        let (links, more) = graph.neighbourhood(ripe, &all, 1);
        assert_eq!((links.len(), more), (1, 1));
        Ok(())
    }

    #[test]
    fn the_overview_counts_profiles_and_relationships_between_groups() -> Result<(), &'static str> {
        let (index, graph) = sample();
        let all = vec![true; index.len()];
        let o = graph.overview(&index, &all, Grouping::Kind);
        let exchange = o
            .groups
            .iter()
            .find(|g| g.name == "Exchange")
            .ok_or("no Exchange group")?;
        assert_eq!(exchange.profiles, 2);
        assert_eq!(
            exchange.to,
            vec![("Exchange".to_string(), 2), ("Registry".to_string(), 1)]
        );
        let registry = o
            .groups
            .iter()
            .find(|g| g.name == "Registry")
            .ok_or("no Registry group")?;
        assert_eq!((registry.profiles, registry.from), (2, 2));
        // Profiles with no base fall into one group.
        let o = graph.overview(&index, &all, Grouping::Base);
        assert!(o
            .groups
            .iter()
            .any(|g| g.name == UNGROUPED && g.profiles == 1));
        Ok(())
    }

    #[test]
    fn the_query_round_trips_through_the_url() {
        let q = MapQuery::from_lookup(|k| match k {
            "kind" => Some("Exchange".into()),
            "focus" => Some("linx".into()),
            "by" => Some("base".into()),
            "q" => Some("ignored".into()),
            _ => None,
        });
        assert_eq!(q.filters.q, "");
        assert_eq!(q.to_query_string(), "?kind=Exchange&focus=linx&by=base");
        let back = MapQuery::from_query_string(&q.to_query_string());
        assert_eq!(back, q);
        assert_eq!(MapQuery::default().to_query_string(), "");
    }
}
