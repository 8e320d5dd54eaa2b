//! `/map`: the site's profiles and the relationships between them. The URL holds the whole
//! view (the directory's kind, base and grade filters, the chosen profile, the grouping),
//! so every control is a link or writes the URL, and back/forward walk the map.
//!
//! It stays usable at 10,000 profiles by never drawing them all: an overview counts
//! profiles and relationships per group, and the chosen profile's neighbourhood is drawn
//! with the same relationship map as a profile page.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use profile_views::map_layout::Direction;
use profile_views::page::page_title;
use profile_views::relationship_map::{MapNode, RelationshipMap};

use crate::components::directory_view::SelectField;
use crate::components::error_panel::ErrorPanel;
use crate::context::{use_api, use_link_base};
use crate::directory_query::{DirectoryIndex, GradeFilter};
use crate::site_graph::{visible_mask, Grouping, MapQuery, SiteGraph};

/// At most this many relationships around a chosen profile, and profiles in the picker.
const NEIGHBOURS: usize = 40;
const PICKS: usize = 12;

/// The index and its edges, prepared once per load.
struct MapData {
    index: DirectoryIndex,
    graph: SiteGraph,
}

#[component]
pub fn MapPage() -> impl IntoView {
    let api = use_api();
    let (data, refetch) = super::page_data(move || {
        let api = api.clone();
        async move {
            // Both at once: at 10,000 profiles each is a large answer.
            let (entries, edges) = futures::future::join(api.index(), api.relationships()).await;
            let (entries, edges) = (entries?, edges?);
            let index = DirectoryIndex::new(entries);
            let graph = SiteGraph::new(&index, &edges);
            Ok::<_, crate::api::ApiError>(Arc::new(MapData { index, graph }))
        }
    });
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|q| MapQuery::from_lookup(|k| q.get(k))));

    view! {
        <Title text=page_title("Relationship map")/>
        <Meta name="description" content="The profiles of this site and how they depend on each other."/>
        <div class="pv-page pv-site-map">
            <header class="pv-page__header">
                <p class="pv-kicker">"Data desk"</p>
                <h1 class="pv-page__title">"Relationship map"</h1>
                <p class="pv-page__intro">
                    "Who depends on whom: choose a profile to see what it relates to and what relates to it."
                </p>
            </header>
            {move || match data.get() {
                None => view! { <p class="pv-results-status" role="status">"Loading the map…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="pv-sr-only" role="status">{e.message()}</p>
                    <ErrorPanel
                        title="The map could not be loaded"
                        message=e.message()
                        detail=e.detail()
                        on_retry=Callback::new(move |_| refetch())
                    />
                }
                .into_any(),
                Some(Ok(d)) => {
                    super::mark_when_painted("pv:map-visible");
                    super::focus_main_after_navigation();
                    view! { <MapView data=d query=query/> }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn MapView(data: Arc<MapData>, query: Memo<MapQuery>) -> impl IntoView {
    let links = use_link_base();
    let map_href = {
        let base = links.base().to_string();
        move |q: &MapQuery| format!("{base}/map{}", q.to_query_string())
    };
    let navigate = use_navigate();
    let go = {
        let map_href = map_href.clone();
        move |q: MapQuery| {
            navigate(
                &map_href(&q),
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            )
        }
    };
    let with_change = move |f: &dyn Fn(&mut MapQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        go(q);
    };
    let mask = {
        let data = data.clone();
        Memo::new(move |_| query.with(|q| visible_mask(&data.index, q)))
    };
    let selected = |f: fn(&MapQuery) -> String| Signal::derive(move || query.with(f));

    let filters = {
        let wc = with_change.clone();
        let wb = with_change.clone();
        let wg = with_change.clone();
        let wy = with_change.clone();
        view! {
            <form class="pv-filters" aria-label="Map filters" on:submit=|ev| ev.prevent_default()>
                <SelectField
                    id="pv-map-kind"
                    label="Type"
                    any="All types"
                    options=data.index.kinds.iter().map(|k| (k.clone(), k.clone())).collect()
                    selected=selected(|q| q.filters.kind.clone().unwrap_or_default())
                    on_select=Callback::new(move |v: String| wc(&|q| q.filters.kind = Some(v.clone()).filter(|v| !v.is_empty())))
                />
                <SelectField
                    id="pv-map-base"
                    label="Base"
                    any="All regions"
                    options=data.index.bases.iter().map(|b| (b.clone(), b.clone())).collect()
                    selected=selected(|q| q.filters.base.clone().unwrap_or_default())
                    on_select=Callback::new(move |v: String| wb(&|q| q.filters.base = Some(v.clone()).filter(|v| !v.is_empty())))
                />
                <SelectField
                    id="pv-map-grade"
                    label="Confidence"
                    any="All grades"
                    options=GradeFilter::ALL.iter().map(|g| (g.key().to_string(), g.label().to_string())).collect()
                    selected=selected(|q| q.filters.grade.map(|g| g.key().to_string()).unwrap_or_default())
                    on_select=Callback::new(move |v: String| wg(&|q| q.filters.grade = GradeFilter::parse(&v)))
                />
                <SelectField
                    id="pv-map-by"
                    label="Group by"
                    options=vec![("kind".to_string(), "Type".to_string()), ("base".to_string(), "Base".to_string())]
                    selected=selected(|q| q.by.key().to_string())
                    on_select=Callback::new(move |v: String| wy(&|q| q.by = Grouping::parse(&v).unwrap_or_default()))
                />
            </form>
        }
    };

    let status = {
        let data = data.clone();
        move || {
            let shown = mask.with(|m| m.iter().filter(|v| **v).count());
            format!(
                "{shown} of {} profiles; {} relationships between profiles on this site.",
                data.index.len(),
                data.graph.edge_count()
            )
        }
    };

    view! {
        {filters}
        <p class="pv-results-status" role="status">{status}</p>
        <div class="pv-site-map__layout">
            <section class="pv-section pv-site-map__focus" aria-labelledby="pv-map-focus-title">
                <h2 class="pv-section__title" id="pv-map-focus-title">"Around one profile"</h2>
                <Picker data=data.clone() query=query mask=mask map_href=map_href.clone()/>
                <Neighbourhood data=data.clone() query=query mask=mask map_href=map_href.clone()/>
            </section>
            <section class="pv-section pv-site-map__overview" aria-labelledby="pv-map-overview-title">
                <h2 class="pv-section__title" id="pv-map-overview-title">"Overview"</h2>
                <OverviewTable data=data query=query mask=mask map_href=map_href/>
            </section>
        </div>
    }
}

/// A search box and the first matching profiles, each a link that centres the map on it.
#[component]
fn Picker(
    data: Arc<MapData>,
    query: Memo<MapQuery>,
    mask: Memo<Vec<bool>>,
    map_href: impl Fn(&MapQuery) -> String + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let picks = move || {
        let needle = text.with(|t| t.trim().to_lowercase());
        let q = query.get();
        mask.with(|m| {
            data.index
                .entries()
                .iter()
                .enumerate()
                .filter(|(i, e)| {
                    m[*i] && (needle.is_empty() || e.name.to_lowercase().contains(&needle))
                })
                .take(PICKS)
                .map(|(_, e)| {
                    let mut to = q.clone();
                    to.focus = Some(e.slug.clone());
                    let current = q.focus.as_deref() == Some(e.slug.as_str());
                    (map_href(&to), e.name.clone(), current)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="pv-field pv-field--search">
            <label for="pv-map-search">"Find a profile"</label>
            <input
                id="pv-map-search"
                class="pv-input"
                type="search"
                autocomplete="off"
                placeholder="Name"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
        </div>
        <ul class="pv-site-map__picks">
            {move || picks()
                .into_iter()
                .map(|(href, name, current)| view! {
                    <li>
                        <a class="pv-internal" href=href aria-current=current.then_some("true")>{name}</a>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

/// The chosen profile with its relationships, drawn as a relationship map.
#[component]
fn Neighbourhood(
    data: Arc<MapData>,
    query: Memo<MapQuery>,
    mask: Memo<Vec<bool>>,
    map_href: impl Fn(&MapQuery) -> String + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let links = use_link_base();
    move || {
        let q = query.get();
        let Some(centre) = q.focus.as_deref().and_then(|s| data.graph.position(s)) else {
            return view! {
                <p class="pv-site-map__hint">"Choose a profile above to see its relationships."</p>
            }
            .into_any();
        };
        let entries = data.index.entries();
        let me = &entries[centre];
        let (neighbours, more) = mask.with(|m| {
            let (l, more) = data.graph.neighbourhood(centre, m, NEIGHBOURS);
            (l.into_iter().cloned().collect::<Vec<_>>(), more)
        });
        let nodes: Vec<MapNode> = neighbours
            .iter()
            .map(|l| {
                let other = &entries[l.other];
                MapNode {
                    name: other.name.clone(),
                    relation: l.relation.clone(),
                    direction: l.direction,
                    href: links.profile_href(&other.slug),
                }
            })
            .collect();
        let recentre: Vec<(String, String, Direction)> = neighbours
            .iter()
            .map(|l| {
                let mut to = q.clone();
                to.focus = Some(entries[l.other].slug.clone());
                (map_href(&to), entries[l.other].name.clone(), l.direction)
            })
            .collect();
        let profile = links.profile_href(&me.slug);
        let name = me.name.clone();
        let empty = nodes.is_empty();
        view! {
            <h3 class="pv-site-map__centre">
                {match profile {
                    Some(href) => view! { <a class="pv-internal" href=href>{name.clone()}</a> }.into_any(),
                    None => view! { <span>{name.clone()}</span> }.into_any(),
                }}
            </h3>
            {empty.then(|| view! {
                <p class="pv-site-map__hint">"No relationships with the profiles shown."</p>
            })}
            <RelationshipMap centre=name nodes=nodes/>
            {(more > 0).then(|| view! { <p class="pv-site-map__hint">{format!("And {more} more not drawn.")}</p> })}
            {(!recentre.is_empty()).then(|| view! {
                <details class="pv-site-map__recentre">
                    <summary>"Centre the map on a neighbour"</summary>
                    <ul>
                        {recentre
                            .into_iter()
                            .map(|(href, name, d)| {
                                let way = match d {
                                    Direction::Outgoing => "relates to",
                                    Direction::Incoming => "relates to this one",
                                };
                                view! { <li><a class="pv-internal" href=href>{name}</a>" (" {way} ")"</li> }
                            })
                            .collect_view()}
                    </ul>
                </details>
            })}
        }
        .into_any()
    }
}

/// Counts per group: profiles, where their relationships go, how many come in.
#[component]
fn OverviewTable(
    data: Arc<MapData>,
    query: Memo<MapQuery>,
    mask: Memo<Vec<bool>>,
    map_href: impl Fn(&MapQuery) -> String + Clone + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        let q = query.get();
        let overview = mask.with(|m| data.graph.overview(&data.index, m, q.by));
        let heading = match q.by {
            Grouping::Kind => "Type",
            Grouping::Base => "Base",
        };
        let rows = overview
            .groups
            .into_iter()
            .map(|g| {
                // A group's name narrows the map to it (not the "Not stated" group).
                let mut to = q.clone();
                match q.by {
                    Grouping::Kind => to.filters.kind = Some(g.name.clone()),
                    Grouping::Base => to.filters.base = Some(g.name.clone()),
                }
                let narrow = (g.name != crate::site_graph::UNGROUPED).then(|| map_href(&to));
                let outgoing = if g.to.is_empty() {
                    "—".to_string()
                } else {
                    g.to.iter()
                        .map(|(name, n)| format!("{name} ({n})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                view! {
                    <tr>
                        <th scope="row">
                            {match narrow {
                                Some(href) => view! { <a class="pv-internal" href=href>{g.name.clone()}</a> }.into_any(),
                                None => view! { <span>{g.name.clone()}</span> }.into_any(),
                            }}
                        </th>
                        <td class="pv-num">{g.profiles}</td>
                        <td>{outgoing}</td>
                        <td class="pv-num">{g.from}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="pv-table-box" tabindex="0" role="region" aria-label="Overview by group">
                <table class="pv-site-map__table">
                    <caption class="pv-sr-only">"Profiles and relationships per group"</caption>
                    <thead>
                        <tr>
                            <th scope="col">{heading}</th>
                            <th scope="col">"Profiles"</th>
                            <th scope="col">"Relates to (count)"</th>
                            <th scope="col">"Related to by others"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    }
}
