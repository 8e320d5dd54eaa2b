//! The whole profile body. No router, no leptos_meta: in-app links are plain `<a href>`
//! built from [`LinkBase`](crate::links::LinkBase) (the standalone app's router picks up
//! their clicks), so the embedded element can reuse this component as is.

use leptos::prelude::*;
use profile_model::{Impact, PublicProfile, Related, Relationship, Source};

use super::after_paint::AfterFirstPaint;
use super::blocks::Blocks;
use super::confidence::ConfidencePanel;
use super::grade_badge::GradeBadge;
use super::locked_card::LockedCard;
use crate::context::use_link_base;
use crate::format;
use crate::links::external_href;

/// A link that leaves the viewer: http(s) only, new tab, no opener, no referrer.
/// Anything else is shown as plain text.
#[component]
pub fn ExternalLink(url: Option<String>, text: String) -> impl IntoView {
    match url.as_deref().and_then(external_href).map(str::to_string) {
        Some(href) => view! {
            <a class="pv-external" href=href target="_blank" rel="noopener noreferrer">
                {text}
                <span class="pv-sr-only">" (opens in a new tab)"</span>
            </a>
        }
        .into_any(),
        None => view! { <span class="pv-link-text">{text}</span> }.into_any(),
    }
}

/// `at_once`: every part in the first render. The embed asks for it: its
/// `profile-viewer:ready` event tells the host page that the profile has rendered, and a host
/// may measure the element then. The standalone page draws what is below the fold after the
/// first paint.
#[component]
pub fn ProfileView(profile: PublicProfile, #[prop(optional)] at_once: bool) -> impl IntoView {
    let links = use_link_base();
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

    // Locked cards fetch their bodies by profile slug once the reader is entitled.
    let card_slug = slug.clone();
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
                <h1 class="pv-profile__name">{name}</h1>
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
                                    {briefings.into_iter().map(|b| view! { <LockedCard briefing=b slug=card_slug.clone()/> }).collect_view()}
                                </div>
                            </section>
                        })}

                        {(!related.is_empty()).then(|| view! { <RelatedList related=related links=links.clone()/> })}
                        {(!relationships.is_empty()).then(|| view! {
                            <RelationshipList relationships=relationships links=links.clone()/>
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
fn RelatedList(related: Vec<Related>, links: crate::links::LinkBase) -> impl IntoView {
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
fn RelationshipList(
    relationships: Vec<Relationship>,
    links: crate::links::LinkBase,
) -> impl IntoView {
    view! {
        <section class="pv-section pv-relationships">
            <h2 class="pv-section__title">"Key relationships"</h2>
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
        </section>
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
