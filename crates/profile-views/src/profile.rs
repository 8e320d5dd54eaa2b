//! A profile's page body: the sr-only status, the offline bar, and the profile from its
//! header to its sources. In-app links are plain `<a href>` from [`LinkBase`] (the
//! standalone app's router picks up their clicks), so the embed and the server use the same.

use leptos::prelude::*;
use profile_model::{format, Impact, LockedBriefing, PublicProfile, Related, Relationship, Source};

use crate::after_paint::AfterFirstPaint;
use crate::blocks::Blocks;
use crate::confidence::ConfidencePanel;
use crate::external_link::ExternalLink;
use crate::grade_badge::GradeBadge;
use crate::links::LinkBase;
use crate::relationship_map::{MapNode, RelationshipMap};

/// A profile page's content inside `<main>`: what screen readers hear once it is in, the
/// offline bar (`children`: the viewer's offline note and "Save for offline"), the profile.
#[component]
pub fn ProfileScreen(
    profile: PublicProfile,
    links: LinkBase,
    card: Callback<LockedBriefing, AnyView>,
    #[prop(optional)] at_once: bool,
    children: Children,
) -> impl IntoView {
    let status = format!("Profile loaded: {}", profile.name);
    view! {
        <p class="pv-sr-only" role="status">{status}</p>
        <div class="pv-offline-bar">{children()}</div>
        <ProfileArticle profile=profile links=links card=card at_once=at_once/>
    }
}

/// "Save for offline", a toggle, and what happened in a polite live region.
#[component]
pub fn SaveButton(
    saved: RwSignal<bool>,
    status: RwSignal<String>,
    on_press: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="pv-save">
            <button
                type="button"
                class="pv-button pv-button--secondary pv-save__button"
                aria-pressed=move || if saved.get() { "true" } else { "false" }
                on:click=move |_| on_press.run(())
            >
                {move || if saved.get() { "Saved for offline" } else { "Save for offline" }}
            </button>
            // Nothing, not an empty text, while there is nothing to say: the server's HTML
            // would write that as a space.
            <p class="pv-save__status" role="status" aria-live="polite">
                {move || status.with(|s| (!s.is_empty()).then(|| s.clone()))}
            </p>
        </div>
    }
}

/// The profile itself, from its header to its sources. `links` makes the in-app links;
/// `card` draws each member briefing's card. `at_once`: every part in the first render
/// (the embed, whose `ready` event promises a rendered profile, and the server); otherwise
/// what is below the fold comes after the first paint.
#[component]
pub fn ProfileArticle(
    profile: PublicProfile,
    links: LinkBase,
    card: Callback<LockedBriefing, AnyView>,
    #[prop(optional)] at_once: bool,
) -> impl IntoView {
    let PublicProfile {
        slug,
        name,
        kind,
        ecosystem,
        base,
        focus,
        publisher,
        updated_at,
        revision,
        rationale,
        relevance,
        confidence,
        impact,
        key_points,
        sections,
        related,
        relationships,
        sources,
        briefings,
        ..
    } = profile;

    let name_for_map = name.clone();
    let kicker: Vec<String> = [kind.clone(), base.clone()].into_iter().flatten().collect();
    let updated_text = format::date_or_raw(&updated_at);
    let score = confidence.score;

    let glance_rows: Vec<(&'static str, String)> = [
        ("Type", kind),
        ("Ecosystem", ecosystem),
        ("Base", base),
        ("Profile focus", focus),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.filter(|v| !v.trim().is_empty()).map(|v| (label, v)))
    .collect();

    view! {
        <article class="pv-profile" data-slug=slug>
            <header class="pv-profile__header">
                {(!kicker.is_empty()).then(|| view! { <p class="pv-kicker">{kicker.join(" · ")}</p> })}
                <h1 class="pv-profile__name" part="title">{name}</h1>
                {rationale.map(|r| view! { <p class="pv-lede">{r}</p> })}
                <div class="pv-byline">
                    <GradeBadge score=score/>
                    {publisher.map(|p| view! {
                        <span class="pv-byline__item pv-byline__publisher">
                            "By " <ExternalLink url=p.url text=p.name/>
                        </span>
                    })}
                    <span class="pv-byline__item">
                        "Updated " <time datetime=updated_at.clone() class="pv-updated">{updated_text}</time>
                    </span>
                    <span class="pv-byline__item pv-revision">{format!("Revision {revision}")}</span>
                </div>
            </header>

            <div class="pv-profile__layout">
                <div class="pv-profile__aside">
                    <section class="pv-panel pv-glance">
                        <h2 class="pv-panel__title">"At a glance"</h2>
                        <dl class="pv-glance__list">
                            {glance_rows
                                .into_iter()
                                .map(|(label, value)| view! { <div class="pv-fact"><dt>{label}</dt><dd>{value}</dd></div> })
                                .collect_view()}
                        </dl>
                        {relevance.map(|r| view! { <p class="pv-glance__relevance">{r}</p> })}
                    </section>
                    <ConfidencePanel confidence=confidence/>
                    {impact.map(|i| view! { <ImpactPanel impact=i/> })}
                </div>

                <div class="pv-profile__main">
                    {(!key_points.is_empty()).then(|| view! {
                        <section class="pv-section pv-key-points">
                            <h2 class="pv-section__title">"Key points"</h2>
                            <ul class="pv-key-points__list">
                                {key_points.into_iter().map(|k| view! { <li>{k}</li> }).collect_view()}
                            </ul>
                        </section>
                    })}

                    {sections
                        .into_iter()
                        .map(|s| view! {
                            <section class="pv-section" data-section=s.id>
                                <h2 class="pv-section__title">{s.heading}</h2>
                                <Blocks blocks=s.blocks/>
                            </section>
                        })
                        .collect_view()}

                    // Below the key points and the sections, on every screen: drawn once the
                    // first screen is painted.
                    <AfterFirstPaint at_once=at_once>
                        {(!briefings.is_empty()).then(|| view! {
                            <section class="pv-section pv-briefings">
                                <h2 class="pv-section__title">"Member briefings"</h2>
                                <p class="pv-briefings__intro">
                                    "Deeper analysis and source notes for members of our research circles."
                                </p>
                                <div class="pv-briefings__list">
                                    {briefings.into_iter().map(|b| card.run(b)).collect_view()}
                                </div>
                            </section>
                        })}

                        {(!related.is_empty()).then(|| view! { <RelatedList related=related links=links.clone()/> })}
                        {(!relationships.is_empty()).then(|| {
                            let nodes = relationships.iter().map(|r| MapNode::outgoing(r, &links)).collect();
                            view! {
                                <section class="pv-section pv-relationships">
                                    <h2 class="pv-section__title">"Key relationships"</h2>
                                    <RelationshipMap centre=name_for_map nodes=nodes/>
                                    <RelationshipList relationships=relationships links=links.clone()/>
                                </section>
                            }
                        })}
                        {(!sources.is_empty()).then(|| view! { <SourceList sources=sources/> })}
                    </AfterFirstPaint>
                </div>
            </div>
        </article>
    }
}

#[component]
fn ImpactPanel(impact: Impact) -> impl IntoView {
    let level = impact.level.as_str();
    let facts: Vec<(&'static str, String)> = [
        ("Operational criticality", impact.criticality),
        ("Time horizon", impact.horizon),
    ]
    .into_iter()
    .filter_map(|(l, v)| v.map(|v| (l, v)))
    .collect();
    view! {
        <section class="pv-panel pv-impact-panel">
            <h2 class="pv-panel__title">"Impact"</h2>
            <p>
                <span class=format!("pv-impact pv-impact--{level}")>{format!("{} impact", format::capitalize(level))}</span>
            </p>
            {impact.summary.map(|s| view! { <p class="pv-impact-panel__summary">{s}</p> })}
            {(!facts.is_empty()).then(|| view! {
                <dl class="pv-glance__list">
                    {facts.into_iter().map(|(l, v)| view! { <div class="pv-fact"><dt>{l}</dt><dd>{v}</dd></div> }).collect_view()}
                </dl>
            })}
        </section>
    }
}

#[component]
fn RelatedList(related: Vec<Related>, links: LinkBase) -> impl IntoView {
    view! {
        <section class="pv-section pv-related">
            <h2 class="pv-section__title">"Also read"</h2>
            <ul class="pv-related__list">
                {related
                    .into_iter()
                    .map(|r| {
                        // A slug routes inside the viewer; otherwise an http(s) URL leaves it;
                        // otherwise the title is plain text.
                        let item = match r.slug.as_deref().and_then(|s| links.profile_href(s)) {
                            Some(href) => view! { <a class="pv-internal" href=href>{r.title}</a> }.into_any(),
                            None => view! { <ExternalLink url=r.url text=r.title/> }.into_any(),
                        };
                        view! { <li>{item}</li> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn RelationshipList(relationships: Vec<Relationship>, links: LinkBase) -> impl IntoView {
    view! {
        <ul class="pv-relationships__list">
                {relationships
                    .into_iter()
                    .map(|r| {
                        let name = match r.slug.as_deref().and_then(|s| links.profile_href(s)) {
                            Some(href) => view! { <a class="pv-internal" href=href>{r.name}</a> }.into_any(),
                            None => view! { <span class="pv-relationships__name">{r.name}</span> }.into_any(),
                        };
                        view! {
                            <li>
                                {name}
                                <span class="pv-relation">{format::humanize(&r.relation)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
        </ul>
    }
}

#[component]
fn SourceList(sources: Vec<Source>) -> impl IntoView {
    view! {
        <section class="pv-section pv-sources">
            <h2 class="pv-section__title">"Sources"</h2>
            <ol class="pv-sources__list">
                {sources
                    .into_iter()
                    .map(|s| {
                        let retrieved = s.retrieved_at.map(|r| {
                            let text = format::date_or_raw(&r);
                            view! { <span class="pv-sources__date">", retrieved " <time datetime=r>{text}</time></span> }
                        });
                        view! {
                            <li>
                                <ExternalLink url=s.url text=s.title/>
                                {s.publisher.map(|p| view! { <span class="pv-sources__publisher">" — " {p}</span> })}
                                {retrieved}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
