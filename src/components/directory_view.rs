//! The directory: search, filters, sort and a bounded list of results. The query comes in
//! as a signal and changes go out through `on_change`, so the page decides where the
//! state lives (the URL) and this component needs no router.

use std::sync::Arc;

use leptos::prelude::*;
use profile_model::{ImpactLevel, IndexEntry};

use super::grade_badge::GradeBadge;
use crate::context::use_link_base;
use crate::directory_query::{
    parse_impact, window, DirectoryIndex, DirectoryQuery, GradeFilter, Matches, SortKey, PAGE_SIZE,
};
use crate::format;

/// A change of the query; `replace` is true for typing, so each keystroke does not add a
/// history entry.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryChange {
    pub query: DirectoryQuery,
    pub replace: bool,
}

#[component]
pub fn DirectoryView(
    index: Arc<DirectoryIndex>,
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
    let links = use_link_base();
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
                    prop:value=search_text
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        change(&|q| q.q = text.clone(), true)
                    }
                />
            </div>
            <SelectField
                id="pv-filter-kind"
                label="Type"
                any="All types"
                options=kinds.iter().map(|k| (k.clone(), k.clone())).collect()
                selected=kind
                on_select=Callback::new(move |v: String| change(&|q| q.kind = Some(v.clone()).filter(|v| !v.is_empty()), false))
            />
            <SelectField
                id="pv-filter-base"
                label="Base"
                any="All regions"
                options=bases.iter().map(|b| (b.clone(), b.clone())).collect()
                selected=base
                on_select=Callback::new(move |v: String| change(&|q| q.base = Some(v.clone()).filter(|v| !v.is_empty()), false))
            />
            <SelectField
                id="pv-filter-grade"
                label="Confidence"
                any="All grades"
                options=GradeFilter::ALL.iter().map(|g| (g.key().to_string(), g.label().to_string())).collect()
                selected=grade
                on_select=Callback::new(move |v: String| change(&|q| q.grade = GradeFilter::parse(&v), false))
            />
            <SelectField
                id="pv-filter-impact"
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
                // Rows are keyed by position and refilled in place: a keystroke that changes
                // the results rewrites text and attributes of the rows it touches instead of
                // replacing elements, which costs the browser far less style and layout.
                <For
                    each=move || 0..rows.get()
                    key=|slot| *slot
                    children={
                        let index = rows_index.clone();
                        let links = links.clone();
                        move |slot| {
                            let at = Memo::new(move |_| visible.with(|v| v.get(slot).copied()));
                            let index = index.clone();
                            let links = links.clone();
                            move || {
                                at.get().and_then(|i| index.get(i)).map(|entry| {
                                    let href = links.profile_href(&entry.slug);
                                    directory_card(entry.clone(), href)
                                })
                            }
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
fn SelectField(
    id: &'static str,
    label: &'static str,
    /// The "no filter" option's text; omitted for the sort menu, which always has a value.
    #[prop(optional)]
    any: Option<&'static str>,
    options: Vec<(String, String)>,
    #[prop(into)] selected: Signal<String>,
    on_select: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="pv-field">
            <label for=id>{label}</label>
            <select id=id class="pv-select" on:change=move |ev| on_select.run(event_target_value(&ev))>
                {any.map(|text| view! { <option value="" prop:selected=move || selected.with(String::is_empty)>{text}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let v = value.clone();
                        view! { <option value=value prop:selected=move || selected.with(|s| *s == v)>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// One result. A plain function, not a `#[component]`: with `erase_components` a component's
/// view is type-erased, and the rows are refilled on every keystroke.
pub fn directory_card(entry: IndexEntry, href: Option<String>) -> impl IntoView {
    let meta: Vec<String> = [entry.kind.clone(), entry.base.clone()]
        .into_iter()
        .flatten()
        .collect();
    let updated = format::date_or_raw(&entry.updated_at);
    let title = match href {
        Some(href) => {
            view! { <a class="pv-card__link" href=href>{entry.name.clone()}</a> }.into_any()
        }
        None => view! { <span>{entry.name.clone()}</span> }.into_any(),
    };
    view! {
        <li class="pv-card" data-slug=entry.slug.clone()>
            <h2 class="pv-card__title">{title}</h2>
            {(!meta.is_empty()).then(|| view! { <p class="pv-card__meta">{meta.join(" · ")}</p> })}
            <div class="pv-card__badges">
                <span class="pv-sr-only">"Confidence: "</span>
                <GradeBadge score=entry.confidence.score compact=true/>
                {entry.impact.map(|i| {
                    let level = i.level.as_str();
                    view! { <span class=format!("pv-impact pv-impact--{level}")>{format!("{} impact", format::capitalize(level))}</span> }
                })}
            </div>
            <p class="pv-card__updated">"Updated " <time datetime=entry.updated_at.clone()>{updated}</time></p>
        </li>
    }
}
