//! The directory: its page header, and search, filters, sort and a bounded list of
//! results. The query comes in as a signal and changes go out through `on_change`, so the
//! page decides where the state lives (the URL) and this component needs no router. The
//! viewer mounts it; the server renders it (`page::directory_first_screen`) for `/`.

use std::sync::Arc;

use leptos::html::{Li, Span, Time, A, P};
use leptos::prelude::*;
#[cfg(target_arch = "wasm32")]
use leptos::web_sys;
use profile_model::format;
use profile_model::{Grade, ImpactLevel, IndexEntry};

use crate::directory_query::{
    parse_impact, window, DirectoryIndex, DirectoryQuery, GradeFilter, Matches, SortKey, PAGE_SIZE,
};
use crate::grade_badge::badge_class;
use crate::links::LinkBase;

/// The directory's title (its `<h1>`, its feed's title).
pub const DIRECTORY_TITLE: &str = "Internet infrastructure profiles";

/// The directory page's frame: its header (title, introduction, the map's link) and then
/// `children`, the results or the state they are in. `on_focusout`: focus left an element
/// inside (the page writes typing into the URL then).
#[component]
pub fn DirectoryFrame(
    links: LinkBase,
    #[prop(optional)] on_focusout: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let map_href = format!("{}/map", links.base());
    let focusout = move |_| {
        if let Some(f) = on_focusout {
            f.run(());
        }
    };
    view! {
        <div class="pv-page pv-directory" on:focusout=focusout>
            <header class="pv-page__header">
                <p class="pv-kicker">"Data desk"</p>
                <h1 class="pv-page__title">{DIRECTORY_TITLE}</h1>
                <p class="pv-page__intro">
                    "Who runs the networks, registries, exchanges and cables the internet depends on — "
                    "with a graded view of how well each profile is sourced."
                </p>
                <p class="pv-page__more">
                    <a class="pv-internal" href=map_href>"See how they relate: the relationship map"</a>
                </p>
            </header>
            {children()}
        </div>
    }
}

/// A change of the query; `replace` is true for typing, so each keystroke does not add a
/// history entry.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryChange {
    pub query: DirectoryQuery,
    pub replace: bool,
}

/// The form's controls carry the URL's parameter names, so without script (before the app
/// takes over, or with none) submitting it asks the server for that query's first page.
#[component]
pub fn DirectoryView(
    index: Arc<DirectoryIndex>,
    links: LinkBase,
    #[prop(into)] query: Signal<DirectoryQuery>,
    on_change: Callback<QueryChange>,
) -> impl IntoView {
    // Each keystroke starts from the previous matches when it only narrows them.
    let results = {
        let index = index.clone();
        Memo::new(move |previous: Option<&Matches>| query.with(|q| index.search(q, previous)))
    };
    // How many results are shown, remembered per query: a new query starts at one page.
    let shown = RwSignal::new((query.get_untracked(), PAGE_SIZE));
    let limit = move || {
        let (for_query, n) = shown.get();
        if query.with(|q| *q == for_query) {
            n
        } else {
            PAGE_SIZE
        }
    };
    let visible = Memo::new(move |_| {
        let n = limit();
        results.with(|r| window(&r.hits, n).to_vec())
    });
    // The number of rows only: the list is re-diffed when it changes, not per keystroke.
    let rows = Memo::new(move |_| visible.with(Vec::len));
    let total = move || results.with(|r| r.hits.len());
    let has_results = move || total() > 0;
    let has_more = move || rows.get() < total();
    let filtered = Memo::new(move |_| query.with(DirectoryQuery::is_filtered));
    // One memo per control, so a keystroke does not revisit every <option> of the menus.
    let search_text = Memo::new(move |_| query.with(|q| q.q.clone()));
    let kind = Memo::new(move |_| query.with(|q| q.kind.clone().unwrap_or_default()));
    let base = Memo::new(move |_| query.with(|q| q.base.clone().unwrap_or_default()));
    let grade = Memo::new(move |_| {
        query.with(|q| q.grade.map(|g| g.key().to_string()).unwrap_or_default())
    });
    let impact = Memo::new(move |_| {
        query.with(|q| q.impact.map(|l| l.as_str().to_string()).unwrap_or_default())
    });
    let sort = Memo::new(move |_| query.with(|q| q.sort.key().to_string()));
    // The text as an attribute too: the server's HTML has no properties, and the loader
    // tells typing from it (`defaultValue`).
    let initial_text = query.with_untracked(|q| q.q.clone());

    let change = move |f: &dyn Fn(&mut DirectoryQuery), replace: bool| {
        let mut q = query.get_untracked();
        f(&mut q);
        on_change.run(QueryChange { query: q, replace });
    };
    let clear = move |_| {
        on_change.run(QueryChange {
            query: query.get_untracked().cleared(),
            replace: false,
        })
    };

    let kinds = index.kinds.clone();
    let bases = index.bases.clone();
    let index_total = index.len();
    let rows_index = index.clone();

    view! {
        <form class="pv-filters" role="search" aria-label="Profiles" on:submit=|ev| ev.prevent_default()>
            <div class="pv-field pv-field--search">
                <label for="pv-search">"Search profiles"</label>
                <input
                    id="pv-search"
                    class="pv-input"
                    type="search"
                    name="q"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="Name, type or base"
                    value=initial_text
                    prop:value=search_text
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        change(&|q| q.q = text.clone(), true)
                    }
                />
            </div>
            <SelectField
                id="pv-filter-kind"
                name="kind"
                label="Type"
                any="All types"
                options=kinds.iter().map(|k| (k.clone(), k.clone())).collect()
                selected=kind
                on_select=Callback::new(move |v: String| change(&|q| q.kind = Some(v.clone()).filter(|v| !v.is_empty()), false))
            />
            <SelectField
                id="pv-filter-base"
                name="base"
                label="Base"
                any="All regions"
                options=bases.iter().map(|b| (b.clone(), b.clone())).collect()
                selected=base
                on_select=Callback::new(move |v: String| change(&|q| q.base = Some(v.clone()).filter(|v| !v.is_empty()), false))
            />
            <SelectField
                id="pv-filter-grade"
                name="grade"
                label="Confidence"
                any="All grades"
                options=GradeFilter::ALL.iter().map(|g| (g.key().to_string(), g.label().to_string())).collect()
                selected=grade
                on_select=Callback::new(move |v: String| change(&|q| q.grade = GradeFilter::parse(&v), false))
            />
            <SelectField
                id="pv-filter-impact"
                name="impact"
                label="Impact"
                any="Any impact"
                options=[ImpactLevel::High, ImpactLevel::Medium, ImpactLevel::Low]
                    .iter()
                    .map(|l| (l.as_str().to_string(), format::capitalize(l.as_str())))
                    .collect()
                selected=impact
                on_select=Callback::new(move |v: String| change(&|q| q.impact = parse_impact(&v), false))
            />
            <SelectField
                id="pv-sort"
                name="sort"
                label="Sort by"
                options=SortKey::ALL.iter().map(|s| (s.key().to_string(), s.label().to_string())).collect()
                selected=sort
                on_select=Callback::new(move |v: String| change(&|q| q.sort = SortKey::parse(&v).unwrap_or_default(), false))
            />
            <Show when=move || filtered.get()>
                <button type="button" class="pv-button pv-button--ghost pv-clear" on:click=clear>
                    "Clear filters"
                </button>
            </Show>
        </form>

        <p class="pv-results-status" id="pv-results-status" role="status">
            {move || {
                let (n, shown) = (total(), rows.get());
                let count = if n == 0 {
                    "No profiles match.".to_string()
                } else if filtered.get() {
                    format!("{} of {} profiles match", format::thousands(n), format::thousands(index_total))
                } else {
                    format!("{} profiles", format::thousands(n))
                };
                let window = if shown < n { format!(" · showing {}", format::thousands(shown)) } else { String::new() };
                count + &window
            }}
        </p>

        <Show
            when=has_results
            fallback=move || view! {
                <div class="pv-empty">
                    <h2 class="pv-empty__title">"No profiles match your search"</h2>
                    <p>"Try fewer words, or clear the filters to see every profile."</p>
                    <button type="button" class="pv-button pv-button--primary pv-clear" on:click=clear>
                        "Clear filters"
                    </button>
                </div>
            }
        >
            <ul class="pv-results" id="pv-results">
                // Rows are keyed by position and built once; a keystroke that changes the
                // results refills them in place (see `result_row`).
                <For
                    each=move || 0..rows.get()
                    key=|slot| *slot
                    children={
                        let index = rows_index.clone();
                        let links = links.clone();
                        move |slot| {
                            let index = index.clone();
                            let links = links.clone();
                            let card = Memo::new(move |_| {
                                let entry = visible.with(|v| v.get(slot).and_then(|&i| index.get(i)));
                                entry.map(|e| CardText::new(e, links.profile_href(&e.slug))).unwrap_or_default()
                            });
                            result_row(card.into())
                        }
                    }
                />
            </ul>
            <Show when=has_more>
                <div class="pv-more">
                    <button
                        type="button"
                        class="pv-button pv-button--secondary pv-show-more"
                        id="pv-show-more"
                        on:click=move |_| shown.set((query.get_untracked(), limit() + PAGE_SIZE))
                    >
                        {move || format!("Show more ({} of {} shown)", format::thousands(rows.get()), format::thousands(total()))}
                    </button>
                </div>
            </Show>
        </Show>
    }
}

#[component]
pub fn SelectField(
    id: &'static str,
    /// The parameter's name in the directory's URL, for a form submitted without script.
    #[prop(optional)]
    name: Option<&'static str>,
    label: &'static str,
    /// The "no filter" option's text; omitted for the sort menu, which always has a value.
    #[prop(optional)]
    any: Option<&'static str>,
    options: Vec<(String, String)>,
    #[prop(into)] selected: Signal<String>,
    on_select: Callback<String>,
) -> impl IntoView {
    // One binding for the whole menu, not one per option: the kind and base menus have a
    // hundred options or more, and every keystroke would wake each of them. The options
    // carry the selection they are built with; `prop:value` keeps it in step after that.
    let initial = selected.get_untracked();
    view! {
        <div class="pv-field">
            <label for=id>{label}</label>
            <select
                id=id
                name=name
                class="pv-select"
                prop:value=move || selected.get()
                on:change=move |ev| on_select.run(event_target_value(&ev))
            >
                {any.map(|text| view! { <option value="" selected=initial.is_empty()>{text}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let chosen = value == initial;
                        view! { <option value=value selected=chosen>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// What one result row shows. A row refilled with another result compares these field by
/// field, and writes (and formats) only what differs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardText {
    pub slug: String,
    /// `None` for a slug that cannot be linked: the title is then not a link.
    pub href: Option<String>,
    pub name: String,
    /// "kind · base"; empty hides the line.
    pub meta: String,
    pub grade: Option<Grade>,
    pub impact: Option<ImpactLevel>,
    pub updated_at: String,
}

impl CardText {
    pub fn new(entry: &IndexEntry, href: Option<String>) -> Self {
        CardText {
            slug: entry.slug.clone(),
            href,
            name: entry.name.clone(),
            meta: [entry.kind.as_deref(), entry.base.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            grade: Grade::from_score(entry.confidence.score),
            impact: entry.impact.map(|i| i.level),
            updated_at: entry.updated_at.clone(),
        }
    }

    fn letters(&self) -> &'static str {
        self.grade.map(Grade::letters).unwrap_or_default()
    }

    /// The separator between letters and label; none for "Ungraded".
    fn separator(&self) -> &'static str {
        if self.grade.is_some() {
            " · "
        } else {
            ""
        }
    }

    fn label(&self) -> &'static str {
        self.grade.map(Grade::label).unwrap_or("Ungraded")
    }

    fn impact_class(&self) -> String {
        let level = self.impact.map(ImpactLevel::as_str).unwrap_or("none");
        format!("pv-impact pv-impact--{level}")
    }

    fn impact_text(&self) -> String {
        self.impact
            .map(|l| format!("{} impact", format::capitalize(l.as_str())))
            .unwrap_or_default()
    }

    fn updated(&self) -> String {
        format::date_or_raw(&self.updated_at)
    }
}

/// One result row showing `card`. Its elements are built once, with every part present
/// (absent ones `hidden`); when `card` changes, one effect writes the text and attributes
/// that differ. Why not a view rebuilt per change: with `erase_components` a rebuilt
/// element has all its attributes removed and set again (style and layout for every row on
/// every keystroke), and a binding per field is a dozen reactive nodes per row for each
/// keystroke to visit. A plain function, not a `#[component]`.
pub fn result_row(card: Signal<CardText>) -> impl IntoView {
    let first = card.get_untracked();
    let nodes = RowNodes::new();
    // Rendered to HTML (the server's first screen) a row never changes: no effect, which
    // natively would have no executor to run on.
    #[cfg(target_arch = "wasm32")]
    refill_on_change(card, first.clone(), nodes);
    let RowNodes {
        li,
        link,
        meta,
        badge,
        letters,
        separator,
        label,
        impact,
        time,
    } = nodes;
    view! {
        <li class="pv-card" data-slug=first.slug.clone() node_ref=li>
            <h2 class="pv-card__title">
                <a class="pv-card__link" href=first.href.clone() node_ref=link>{first.name.clone()}</a>
            </h2>
            <p class="pv-card__meta" hidden=first.meta.is_empty() node_ref=meta>{first.meta.clone()}</p>
            <div class="pv-card__badges">
                <span class="pv-sr-only">"Confidence: "</span>
                <span class=badge_class(first.grade, true) data-grade=first.letters() node_ref=badge>
                    <span class="pv-grade__letters" node_ref=letters>{first.letters()}</span>
                    <span class="pv-grade__sep" aria-hidden="true" node_ref=separator>{first.separator()}</span>
                    <span class="pv-grade__label" node_ref=label>{first.label()}</span>
                </span>
                <span class=first.impact_class() hidden=first.impact.is_none() node_ref=impact>{first.impact_text()}</span>
            </div>
            <p class="pv-card__updated">"Updated " <time datetime=first.updated_at.clone() node_ref=time>{first.updated()}</time></p>
        </li>
    }
}

/// The elements of a row that change when it is refilled.
#[derive(Clone, Copy)]
struct RowNodes {
    li: NodeRef<Li>,
    link: NodeRef<A>,
    meta: NodeRef<P>,
    badge: NodeRef<Span>,
    letters: NodeRef<Span>,
    separator: NodeRef<Span>,
    label: NodeRef<Span>,
    impact: NodeRef<Span>,
    time: NodeRef<Time>,
}

impl RowNodes {
    fn new() -> Self {
        RowNodes {
            li: NodeRef::new(),
            link: NodeRef::new(),
            meta: NodeRef::new(),
            badge: NodeRef::new(),
            letters: NodeRef::new(),
            separator: NodeRef::new(),
            label: NodeRef::new(),
            impact: NodeRef::new(),
            time: NodeRef::new(),
        }
    }
}

/// The effect that writes what differs when `card` changes; `built` is what the row's
/// elements were built from.
#[cfg(target_arch = "wasm32")]
fn refill_on_change(card: Signal<CardText>, built: CardText, nodes: RowNodes) {
    let RowNodes {
        li,
        link,
        meta,
        badge,
        letters,
        separator,
        label,
        impact,
        time,
    } = nodes;
    Effect::new(move |shown: Option<CardText>| {
        let next = card.get();
        // The first run compares with what the row was built from.
        let shown = shown.unwrap_or_else(|| built.clone());
        let (
            Some(li),
            Some(link),
            Some(meta),
            Some(badge),
            Some(letters),
            Some(separator),
            Some(label),
            Some(impact),
            Some(time),
        ) = (
            li.get_untracked(),
            link.get_untracked(),
            meta.get_untracked(),
            badge.get_untracked(),
            letters.get_untracked(),
            separator.get_untracked(),
            label.get_untracked(),
            impact.get_untracked(),
            time.get_untracked(),
        )
        else {
            return shown; // not mounted: the row still shows what it showed
        };
        // Attribute writes have no result worth acting on: a name we wrote is valid.
        if shown.slug != next.slug {
            let _ = li.set_attribute("data-slug", &next.slug);
        }
        if shown.href != next.href {
            let _ = match &next.href {
                Some(href) => link.set_attribute("href", href),
                None => link.remove_attribute("href"),
            };
        }
        if shown.name != next.name {
            set_text(&link, &next.name);
        }
        if shown.meta != next.meta {
            set_text(&meta, &next.meta);
            meta.set_hidden(next.meta.is_empty());
        }
        if shown.grade != next.grade {
            let _ = badge.set_attribute("class", &badge_class(next.grade, true));
            let _ = badge.set_attribute("data-grade", next.letters());
            set_text(&letters, next.letters());
            set_text(&separator, next.separator());
            set_text(&label, next.label());
        }
        if shown.impact != next.impact {
            let _ = impact.set_attribute("class", &next.impact_class());
            set_text(&impact, &next.impact_text());
            impact.set_hidden(next.impact.is_none());
        }
        if shown.updated_at != next.updated_at {
            let _ = time.set_attribute("datetime", &next.updated_at);
            set_text(&time, &next.updated());
        }
        next
    });
}

/// Sets the text of an element built with one text child. Its text node, not `textContent`:
/// that would also remove the marker comment the view keeps after it.
#[cfg(target_arch = "wasm32")]
fn set_text(el: &web_sys::Node, text: &str) {
    if let Some(node) = el.first_child() {
        node.set_node_value(Some(text));
    }
}
