//! A relationship map: one profile in the centre, its relationships around it, each edge
//! labelled with its relation, other profiles of this site as links. Drawn as SVG from
//! [`map_layout`](crate::map_layout) in both shapes; the CSS shows the wide one where its
//! box is wide enough and the narrow one otherwise, so the page never widens.
//!
//! Every label is SVG text (escaped like any text node), links are made by [`LinkBase`]
//! only, and each node says in words what it is: colour carries no meaning of its own.

use leptos::prelude::*;
use profile_model::{format, Relationship};

use crate::links::LinkBase;
use crate::map_layout::{layout, Direction, Item, Label, MapLayout, Shape};

/// One relationship of the centre: the other end, the relation (as authored, e.g.
/// "member-of"), which way it points, and the other end's page when it is a profile here.
#[derive(Clone, Debug, PartialEq)]
pub struct MapNode {
    pub name: String,
    pub relation: String,
    pub direction: Direction,
    pub href: Option<String>,
}

impl MapNode {
    /// A profile's own relationship, linked when it names a profile by a safe slug.
    pub fn outgoing(r: &Relationship, links: &LinkBase) -> MapNode {
        MapNode {
            name: r.name.clone(),
            relation: r.relation.clone(),
            direction: Direction::Outgoing,
            href: r.slug.as_deref().and_then(|s| links.profile_href(s)),
        }
    }

    /// What a screen reader hears for the node, e.g. "RIPE NCC, receives number blocks
    /// from IANA functions".
    pub fn sentence(&self, centre: &str) -> String {
        let relation = format::humanize(&self.relation).to_lowercase();
        match self.direction {
            Direction::Outgoing => format!("{centre}, {relation} {}", self.name),
            Direction::Incoming => format!("{}, {relation} {centre}", self.name),
        }
    }
}

/// The map's two drawings and a legend; nothing when there are no relationships.
#[component]
pub fn RelationshipMap(centre: String, nodes: Vec<MapNode>) -> impl IntoView {
    (!nodes.is_empty()).then(|| {
        let items: Vec<Item> = nodes
            .iter()
            .map(|n| Item {
                name: n.name.clone(),
                relation: format::humanize(&n.relation),
                direction: n.direction,
            })
            .collect();
        let wide = layout(&centre, &items, Shape::Wide);
        let narrow = layout(&centre, &items, Shape::Narrow);
        let any_incoming = nodes.iter().any(|n| n.direction == Direction::Incoming);
        let legend = if any_incoming {
            "Arrows point from a party to what it relates to. Boxes with a solid border and \
             an underlined name are profiles on this site; dashed boxes are not."
        } else {
            "Arrows point from this profile to each party. Boxes with a solid border and an \
             underlined name are profiles on this site; dashed boxes are not."
        };
        view! {
            <div class="pv-map">
                <div class="pv-map__view pv-map__view--wide">
                    <MapSvg map=wide centre=centre.clone() nodes=nodes.clone()/>
                </div>
                <div class="pv-map__view pv-map__view--narrow">
                    <MapSvg map=narrow centre=centre nodes=nodes/>
                </div>
                <p class="pv-map__legend">{legend}</p>
            </div>
        }
    })
}

fn points(ps: &[(i32, i32)]) -> String {
    ps.iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A label's lines as `<text>` elements (one per line, so each has its own box). Every
/// line but the last ends in a space, which is not drawn, so the text reads as words.
fn label_view(label: Label, class: &'static str) -> impl IntoView {
    let x = label.x;
    let last = label.lines.len().saturating_sub(1);
    label
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, (y, line))| {
            let line = if i < last { format!("{line} ") } else { line };
            view! { <text class=class x=x y=y>{line}</text> }
        })
        .collect_view()
}

#[component]
fn MapSvg(map: MapLayout, centre: String, nodes: Vec<MapNode>) -> impl IntoView {
    let MapLayout {
        width,
        height,
        centre: frame,
        centre_name,
        nodes: placed,
    } = map;
    let linked = nodes.iter().filter(|n| n.href.is_some()).count();
    let title = format!("Relationship map of {centre}");
    let desc = format!(
        "{centre} and {} {}, {linked} of them profiled on this site.",
        nodes.len(),
        if nodes.len() == 1 {
            "relationship"
        } else {
            "relationships"
        }
    );
    let edges = placed
        .iter()
        .map(|p| {
            let line = points(&p.edge);
            let arrow = points(&p.arrow);
            view! {
                <g>
                    <polyline class="pv-map__edge" points=line></polyline>
                    <polygon class="pv-map__arrow" points=arrow></polygon>
                </g>
            }
        })
        .collect_view();
    let node_views = placed
        .into_iter()
        .zip(nodes)
        .map(|(p, n)| {
            let sentence = n.sentence(&centre);
            let f = p.frame;
            let relation = label_view(p.relation, "pv-map__relation");
            let name = label_view(p.name, "pv-map__name");
            let body = match n.href {
                Some(href) => view! {
                    <g>
                        <a class="pv-map__link" href=href aria-label=sentence>
                            <rect class="pv-map__box pv-map__box--profile" x=f.x y=f.y width=f.w height=f.h rx="6"></rect>
                            {name}
                        </a>
                    </g>
                }
                .into_any(),
                None => view! {
                    <g role="img" aria-label=sentence>
                        <rect class="pv-map__box pv-map__box--other" x=f.x y=f.y width=f.w height=f.h rx="6"></rect>
                        {name}
                    </g>
                }
                .into_any(),
            };
            view! {
                <g class="pv-map__node">
                    <g aria-hidden="true">{relation}</g>
                    {body}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="pv-map__svg"
            viewBox=format!("0 0 {width} {height}")
            width=width
            height=height
            role="group"
        >
            <title>{title}</title>
            <desc>{desc}</desc>
            <g class="pv-map__edges" aria-hidden="true">{edges}</g>
            <g class="pv-map__centre">
                <rect class="pv-map__box pv-map__box--centre" x=frame.x y=frame.y width=frame.w height=frame.h rx="8"></rect>
                {label_view(centre_name, "pv-map__name pv-map__name--centre")}
            </g>
            {node_views}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, relation: &str, direction: Direction) -> MapNode {
        MapNode {
            name: name.into(),
            relation: relation.into(),
            direction,
            href: None,
        }
    }

    #[test]
    fn sentences_read_from_the_party_that_relates() {
        let out = node(
            "IANA functions",
            "receives-number-blocks-from",
            Direction::Outgoing,
        );
        assert_eq!(
            out.sentence("RIPE NCC"),
            "RIPE NCC, receives number blocks from IANA functions"
        );
        let inc = node(
            "RIPE NCC",
            "receives-number-blocks-from",
            Direction::Incoming,
        );
        assert_eq!(
            inc.sentence("IANA functions"),
            "RIPE NCC, receives number blocks from IANA functions"
        );
    }

    #[test]
    fn outgoing_links_only_a_safe_slug() {
        let links = LinkBase::new("");
        let mut r = Relationship {
            name: "LINX".into(),
            relation: "peer-exchange".into(),
            slug: Some("linx".into()),
        };
        assert_eq!(
            MapNode::outgoing(&r, &links).href.as_deref(),
            Some("/profiles/linx")
        );
        r.slug = Some("javascript:alert(1)".into());
        assert_eq!(MapNode::outgoing(&r, &links).href, None);
    }
}
