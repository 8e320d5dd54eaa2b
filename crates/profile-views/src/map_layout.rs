//! Where a relationship map's boxes, labels and edges go: a pure function of the labels, so
//! the same data always gives the same picture (no physics, nothing moves after paint), and
//! the server and the viewer draw the same SVG. Coordinates are whole pixels of the SVG's
//! own user space.
//!
//! Two shapes: [`Shape::Wide`] puts the profile in the centre with its relationships in a
//! column on either side; [`Shape::Narrow`] (320 px screens) puts it on top with the
//! relationships below, each hanging off a trunk line. Every label has a slot of its own,
//! sized with [`text_width`], an estimate that errs wide, so no two labels overlap.

/// The font sizes the map's CSS sets (`.pv-map__name`, `.pv-map__relation`).
pub const NAME_PX: i32 = 14;
pub const RELATION_PX: i32 = 12;
/// Line heights for the two sizes.
const NAME_LINE: i32 = 18;
const RELATION_LINE: i32 = 15;
/// Inner padding of a box, and the space between two relationships.
const PAD: i32 = 10;
const GAP: i32 = 14;
/// At most this many lines per label; the rest becomes "…".
const NAME_LINES: usize = 3;
const RELATION_LINES: usize = 2;
/// The arrowhead's length and half width.
const ARROW: i32 = 8;

/// Wide: a column of 250 px either side of the centre box. Narrow: 300 px in all.
const WIDE_WIDTH: i32 = 760;
const WIDE_COLUMN: i32 = 250;
const WIDE_CENTRE: i32 = 180;
const NARROW_WIDTH: i32 = 300;
const NARROW_INDENT: i32 = 34;
const NARROW_TRUNK: i32 = 14;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Wide,
    Narrow,
}

/// Which way a relationship points: from the centre to the other (the centre's own
/// relationships) or from the other to the centre (another profile's relationship to it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Outgoing,
    Incoming,
}

/// One relationship as the layout sees it: the other end's name and the relation's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub relation: String,
    pub direction: Direction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// A label's lines, each with the baseline it is drawn at (`x` is its start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub x: i32,
    pub lines: Vec<(i32, String)>,
    pub px: i32,
}

impl Label {
    /// The area the label's text may cover, by the width estimate.
    pub fn bounds(&self) -> Rect {
        let line = if self.px == NAME_PX {
            NAME_LINE
        } else {
            RELATION_LINE
        };
        let top = self.lines.first().map_or(0, |(y, _)| y - line + 4);
        let w = self
            .lines
            .iter()
            .map(|(_, t)| text_width(t, self.px))
            .max()
            .unwrap_or(0);
        Rect {
            x: self.x,
            y: top,
            w,
            h: line * self.lines.len() as i32,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedNode {
    /// The item's position in the input: nodes come back in input order.
    pub index: usize,
    pub frame: Rect,
    pub name: Label,
    pub relation: Label,
    /// The edge: a polyline from the centre's side to the node's, and its arrowhead.
    pub edge: Vec<(i32, i32)>,
    pub arrow: [(i32, i32); 3],
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapLayout {
    pub width: i32,
    pub height: i32,
    pub centre: Rect,
    pub centre_name: Label,
    pub nodes: Vec<PlacedNode>,
}

/// An estimate of a text's width in pixels that errs wide for common sans-serif fonts:
/// capitals and wide letters count more, narrow ones less.
pub fn text_width(text: &str, px: i32) -> i32 {
    let per_mille: i32 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 330,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 420,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 950,
            c if c.is_ascii_uppercase() || c.is_ascii_digit() => 720,
            c if c.is_ascii() => 600,
            // CJK and other wide scripts take about a full em.
            _ => 1050,
        })
        .sum();
    (per_mille * px + 999) / 1000
}

/// Greedy word wrap into lines of at most `width` px, at most `max` lines (the last one
/// ends in "…" when text is left over). A word longer than a line is cut.
pub fn wrap(text: &str, px: i32, width: i32, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut truncated = false;
    'words: for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let candidate = if current.is_empty() {
                word.clone()
            } else {
                format!("{current} {word}")
            };
            if text_width(&candidate, px) <= width {
                current = candidate;
                continue 'words;
            }
            if current.is_empty() {
                // A word wider than a line: take what fits, carry the rest.
                let (head, tail) = split_to_width(&word, px, width);
                current = head;
                word = tail;
            }
            lines.push(std::mem::take(&mut current));
            if lines.len() == max {
                truncated = true;
                break 'words;
            }
            if word.is_empty() {
                continue 'words;
            }
        }
    }
    if !current.is_empty() && lines.len() < max {
        lines.push(current);
    } else if !current.is_empty() {
        truncated = true;
    }
    if truncated {
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && text_width(&format!("{last}…"), px) > width {
                last.pop();
            }
            last.push('…');
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The longest prefix of `word` (at least one character) that fits `width`, and the rest.
fn split_to_width(word: &str, px: i32, width: i32) -> (String, String) {
    let mut head = String::new();
    let mut chars = word.chars().peekable();
    while let Some(&c) = chars.peek() {
        head.push(c);
        if text_width(&head, px) > width && head.chars().count() > 1 {
            head.pop();
            break;
        }
        chars.next();
    }
    (head, chars.collect())
}

/// A label of wrapped lines whose first line's box starts at `top`.
fn label(x: i32, top: i32, lines: Vec<String>, px: i32) -> Label {
    let line = if px == NAME_PX {
        NAME_LINE
    } else {
        RELATION_LINE
    };
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(i, t)| (top + line * (i as i32 + 1) - 4, t))
        .collect();
    Label { x, lines, px }
}

/// A node's slot before it is placed: its wrapped texts and heights.
struct Slot {
    index: usize,
    name: Vec<String>,
    relation: Vec<String>,
    direction: Direction,
}

impl Slot {
    fn new(index: usize, item: &Item, width: i32) -> Slot {
        Slot {
            index,
            name: wrap(&item.name, NAME_PX, width - 2 * PAD, NAME_LINES),
            relation: wrap(&item.relation, RELATION_PX, width, RELATION_LINES),
            direction: item.direction,
        }
    }
    fn relation_h(&self) -> i32 {
        RELATION_LINE * self.relation.len() as i32 + 2
    }
    fn box_h(&self) -> i32 {
        NAME_LINE * self.name.len() as i32 + 2 * PAD - 4
    }
    fn height(&self) -> i32 {
        self.relation_h() + self.box_h()
    }
}

/// The arrowhead at `tip`, pointing along the direction from `from`.
fn arrowhead(from: (i32, i32), tip: (i32, i32)) -> [(i32, i32); 3] {
    let (dx, dy) = ((tip.0 - from.0) as f64, (tip.1 - from.1) as f64);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let back = (
        tip.0 as f64 - ux * ARROW as f64,
        tip.1 as f64 - uy * ARROW as f64,
    );
    let half = ARROW as f64 / 2.0;
    let p = |sx: f64| {
        (
            (back.0 - uy * half * sx).round() as i32,
            (back.1 + ux * half * sx).round() as i32,
        )
    };
    [p(1.0), tip, p(-1.0)]
}

/// The map of `centre` and its relationships `items`, in the given shape.
pub fn layout(centre: &str, items: &[Item], shape: Shape) -> MapLayout {
    match shape {
        Shape::Wide => wide(centre, items),
        Shape::Narrow => narrow(centre, items),
    }
}

fn wide(centre: &str, items: &[Item]) -> MapLayout {
    // Incoming on the left and outgoing on the right when there are both; otherwise
    // alternating, first on the right.
    let mixed = items.iter().any(|i| i.direction == Direction::Incoming)
        && items.iter().any(|i| i.direction == Direction::Outgoing);
    let mut left: Vec<Slot> = Vec::new();
    let mut right: Vec<Slot> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let slot = Slot::new(i, item, WIDE_COLUMN);
        let on_left = if mixed {
            item.direction == Direction::Incoming
        } else {
            i % 2 == 1
        };
        if on_left {
            left.push(slot);
        } else {
            right.push(slot);
        }
    }
    let column_h = |slots: &[Slot]| -> i32 {
        slots.iter().map(Slot::height).sum::<i32>() + GAP * (slots.len() as i32 - 1).max(0)
    };
    let centre_lines = wrap(centre, NAME_PX, WIDE_CENTRE - 2 * PAD, NAME_LINES);
    let centre_h = NAME_LINE * centre_lines.len() as i32 + 2 * PAD;
    let height = column_h(&left).max(column_h(&right)).max(centre_h) + 2 * GAP;
    let centre_rect = Rect {
        x: (WIDE_WIDTH - WIDE_CENTRE) / 2,
        y: (height - centre_h) / 2,
        w: WIDE_CENTRE,
        h: centre_h,
    };
    let centre_name = label(
        centre_rect.x + PAD,
        centre_rect.y + PAD - 2,
        centre_lines,
        NAME_PX,
    );
    let mid_y = centre_rect.y + centre_h / 2;

    let mut nodes = Vec::new();
    for (slots, x, side_x, anchor_x) in [
        (
            right,
            WIDE_WIDTH - WIDE_COLUMN,
            centre_rect.x + WIDE_CENTRE,
            WIDE_WIDTH - WIDE_COLUMN,
        ),
        (left, 0, centre_rect.x, WIDE_COLUMN),
    ] {
        let mut top = (height - column_h(&slots)) / 2;
        for slot in slots {
            let relation = label(x, top, slot.relation.clone(), RELATION_PX);
            let frame = Rect {
                x,
                y: top + slot.relation_h(),
                w: WIDE_COLUMN,
                h: slot.box_h(),
            };
            let name = label(x + PAD, frame.y + PAD - 2, slot.name.clone(), NAME_PX);
            let node_end = (anchor_x, frame.y + frame.h / 2);
            let centre_end = (side_x, mid_y);
            let (from, to) = match slot.direction {
                Direction::Outgoing => (centre_end, node_end),
                Direction::Incoming => (node_end, centre_end),
            };
            nodes.push(PlacedNode {
                index: slot.index,
                frame,
                name,
                relation,
                edge: vec![from, to],
                arrow: arrowhead(from, to),
            });
            top += slot.height() + GAP;
        }
    }
    // The input's order is the reading and tab order, as in the list beside the map.
    nodes.sort_by_key(|n| n.index);
    MapLayout {
        width: WIDE_WIDTH,
        height,
        centre: centre_rect,
        centre_name,
        nodes,
    }
}

fn narrow(centre: &str, items: &[Item]) -> MapLayout {
    let centre_lines = wrap(centre, NAME_PX, NARROW_WIDTH - 2 * PAD, NAME_LINES);
    let centre_h = NAME_LINE * centre_lines.len() as i32 + 2 * PAD;
    let centre_rect = Rect {
        x: 0,
        y: 0,
        w: NARROW_WIDTH,
        h: centre_h,
    };
    let centre_name = label(PAD, PAD - 2, centre_lines, NAME_PX);
    let column = NARROW_WIDTH - NARROW_INDENT;
    let mut top = centre_h + GAP;
    let mut nodes = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let slot = Slot::new(i, item, column);
        let relation = label(NARROW_INDENT, top, slot.relation.clone(), RELATION_PX);
        let frame = Rect {
            x: NARROW_INDENT,
            y: top + slot.relation_h(),
            w: column,
            h: slot.box_h(),
        };
        let name = label(
            NARROW_INDENT + PAD,
            frame.y + PAD - 2,
            slot.name.clone(),
            NAME_PX,
        );
        let y = frame.y + frame.h / 2;
        let trunk_top = (NARROW_TRUNK, centre_h);
        let (edge, arrow) = match slot.direction {
            Direction::Outgoing => {
                let edge = vec![trunk_top, (NARROW_TRUNK, y), (NARROW_INDENT, y)];
                let arrow = arrowhead((NARROW_TRUNK, y), (NARROW_INDENT, y));
                (edge, arrow)
            }
            Direction::Incoming => {
                let edge = vec![(NARROW_INDENT, y), (NARROW_TRUNK, y), trunk_top];
                let arrow = arrowhead((NARROW_TRUNK, y), trunk_top);
                (edge, arrow)
            }
        };
        nodes.push(PlacedNode {
            index: slot.index,
            frame,
            name,
            relation,
            edge,
            arrow,
        });
        top += slot.height() + GAP;
    }
    MapLayout {
        width: NARROW_WIDTH,
        height: top,
        centre: centre_rect,
        centre_name,
        nodes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize, name: &str, relation: &str) -> Vec<Item> {
        (0..n)
            .map(|i| Item {
                name: format!("{name} {i}"),
                relation: relation.to_string(),
                direction: if i % 3 == 2 {
                    Direction::Incoming
                } else {
                    Direction::Outgoing
                },
            })
            .collect()
    }

    /// Every label's and box's bounds, checked pairwise (a label may lie in its own box).
    fn assert_no_overlaps(map: &MapLayout) {
        let mut labels = vec![map.centre_name.bounds()];
        for n in &map.nodes {
            labels.push(n.name.bounds());
            labels.push(n.relation.bounds());
        }
        for (i, a) in labels.iter().enumerate() {
            assert!(
                a.x >= 0 && a.x + a.w <= map.width,
                "label {i} {a:?} leaves the map"
            );
            assert!(
                a.y >= 0 && a.y + a.h <= map.height,
                "label {i} {a:?} leaves the map"
            );
            for (j, b) in labels.iter().enumerate().skip(i + 1) {
                assert!(!a.overlaps(b), "labels {i} {a:?} and {j} {b:?} overlap");
            }
        }
        let frames: Vec<Rect> = std::iter::once(map.centre)
            .chain(map.nodes.iter().map(|n| n.frame))
            .collect();
        for (i, a) in frames.iter().enumerate() {
            for b in frames.iter().skip(i + 1) {
                assert!(!a.overlaps(b), "boxes {a:?} and {b:?} overlap");
            }
        }
        for n in &map.nodes {
            assert!(!n.relation.bounds().overlaps(&n.frame));
            let name = n.name.bounds();
            assert!(name.x >= n.frame.x && name.x + name.w <= n.frame.x + n.frame.w);
        }
    }

    #[test]
    fn no_overlaps_for_0_1_5_40_relationships_in_both_shapes() {
        let long = "Receives number blocks from the regional registry's upstream allocation body";
        for n in [0, 1, 5, 40] {
            for shape in [Shape::Wide, Shape::Narrow] {
                let map = layout(
                    "IANA functions (Public Technical Identifiers)",
                    &items(n, "Wide Mmmm WWWW organisation name", long),
                    shape,
                );
                assert_eq!(map.nodes.len(), n);
                assert!(map.nodes.iter().enumerate().all(|(i, p)| p.index == i));
                assert_no_overlaps(&map);
            }
        }
    }

    #[test]
    fn same_data_same_layout() {
        let data = items(7, "Node", "Depends on");
        assert_eq!(
            layout("X", &data, Shape::Wide),
            layout("X", &data, Shape::Wide)
        );
    }

    #[test]
    fn narrow_fits_a_320_px_screen() {
        let map = layout("X", &items(5, "Node", "Member of"), Shape::Narrow);
        assert!(map.width <= 300);
    }

    #[test]
    fn wide_puts_incoming_left_and_outgoing_right() {
        let map = layout("X", &items(6, "Node", "Member of"), Shape::Wide);
        for n in &map.nodes {
            let [_, tip, _] = n.arrow;
            if n.frame.x == 0 {
                // Incoming: the arrow points at the centre box.
                assert_eq!(tip.0, map.centre.x);
            } else {
                assert_eq!(tip.0, n.frame.x);
            }
        }
    }

    #[test]
    fn wrap_cuts_long_words_and_ends_truncated_text_with_an_ellipsis() {
        let lines = wrap(&"x".repeat(200), 14, 100, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(lines.iter().all(|l| text_width(l, 14) <= 100));
        assert_eq!(wrap("Member of", 12, 200, 2), vec!["Member of".to_string()]);
        assert_eq!(wrap("", 12, 200, 2), vec![String::new()]);
    }
}
