//! A public profile's page as static HTML: the page chrome and the profile down to its
//! sources, element for element what the viewer renders for `/profiles/{slug}` once it has
//! the site configuration, for a reader who is signed out (`src/app.rs`,
//! `src/pages/profile.rs`, `src/components/profile_view.rs` and the components they use).
//!
//! The reference server puts it into the shell of a profile page, so the profile is on
//! screen as soon as the HTML and the stylesheet are in, before the wasm has even compiled;
//! the viewer's loader then replaces it with the app's own render of the same markup
//! (`xtask/src/loader.js.in`). The benchmark's static page is the same markup with no script.
//!
//! It is the whole page, also what the viewer draws only after its first paint (the member
//! briefings, related links, relationships, sources) and what needs the site configuration
//! (the publisher's name, the tiers' names, audiences and join pages): a first-time,
//! signed-out reader may read it all before the app starts. The e2e test
//! `first_screen.test.mjs` compares both renders of every sample profile.
//!
//! Every string goes through maud's escaping, and links are made only from http(s) URLs
//! (and a tier's join page also from a same-origin path, as the viewer allows): the
//! invariants of the viewer hold for this markup as well. Briefings appear only as locked
//! cards made from the public [`LockedBriefing`], which has no body.

use maud::{html, Markup, PreEscaped, DOCTYPE};
use profile_model::format;
use profile_model::grade::{scale_segment, SCALE};
use profile_model::validate::{is_http_url, is_slug};
use profile_model::{
    Block, Confidence, Grade, Impact, LockedBriefing, PublicProfile, Related, Relationship,
    SiteConfig, Source, GRADE_TABLE,
};

/// The `id` of the first screen's last element: rendering waits until it is parsed.
const END_ID: &str = "pv-first-end";

/// What the header's session area shows first: the viewer decides it the same way (it
/// checks the session only when this browser may be signed in).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionArea {
    /// "Log in".
    SignedOut,
    /// "Checking sign-in…": the request carried a session cookie.
    Checking,
}

/// What the first screen adds to the page's `<head>`: the profile's description, marked
/// `data-pv-first` like the body's elements (the viewer removes it and sets its own, the
/// same; a link preview or a crawler that runs no script has it), and a hold on rendering
/// until the first screen's last element is parsed, so the first paint shows all of it (a
/// browser may otherwise paint a part, and the rest arrives as new content; browsers
/// without `blocking` ignore the tag).
pub fn head(profile: &PublicProfile) -> String {
    html! {
        meta name="description" content=(profile.description()) data-pv-first;
        "\n"
        link rel="expect" href={ "#" (END_ID) } blocking="render";
        "\n"
    }
    .into_string()
}

/// The document title the viewer sets for a profile.
pub fn title(profile: &PublicProfile) -> String {
    format!("{} — Profile viewer", profile.name)
}

/// The body's content: skip link, site header, `<main>` with the profile, site footer.
/// `site` is the server's `/site` answer (publisher, tiers). `base` is the path the viewer
/// is served under: `""` at the root, or e.g. `"/viewer"`.
pub fn first_screen(
    profile: &PublicProfile,
    site: &SiteConfig,
    base: &str,
    session: SessionArea,
) -> String {
    let home = format!("{base}/");
    html! {
        a.pv-skip-link data-pv-first href="#main" { "Skip to content" }
        header.pv-site-header data-pv-first {
            div.pv-site-header__inner {
                a.pv-brand href=(home) {
                    span.pv-brand__mark aria-hidden="true" {}
                    span.pv-brand__name { "Profile viewer" }
                }
                nav.pv-site-nav aria-label="Main" {
                    ul {
                        li { a href=(home) { "All profiles" } }
                        li { a href={ (base) "/saved" } { "Saved" } }
                    }
                }
                p.pv-site-header__publisher { (site.publisher.name) }
                div.pv-session {
                    @match session {
                        SessionArea::SignedOut => button.pv-button.pv-button--secondary.pv-session__login type="button" { "Log in" },
                        SessionArea::Checking => span.pv-session__checking { "Checking sign-in…" },
                    }
                }
            }
        }
        main id="main" class="pv-main" data-pv-first tabindex="-1" {
            p.pv-sr-only role="status" { "Profile loaded: " (profile.name) }
            div.pv-offline-bar {
                div.pv-save {
                    button.pv-button.pv-button--secondary.pv-save__button type="button" aria-pressed="false" {
                        "Save for offline"
                    }
                    p.pv-save__status role="status" aria-live="polite" {}
                }
            }
            (article(profile, site, base))
        }
        footer.pv-site-footer data-pv-first id=(END_ID) {
            div.pv-site-footer__inner {
                p { "Profiles published by " (site.publisher.name) "." }
                p.pv-muted {
                    "Confidence grades run from A (high, direct sources) to D (weak signal or internal monitoring)."
                }
            }
        }
    }
    .into_string()
}

/// A whole page of the first screen with the given stylesheets and no script: the lower
/// bound the benchmark measures the viewer against.
pub fn static_page(profile: &PublicProfile, site: &SiteConfig, stylesheets: &[&str]) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title(profile)) }
                @for href in stylesheets {
                    link rel="stylesheet" href=(href);
                }
            }
            body { (PreEscaped(first_screen(profile, site, "", SessionArea::SignedOut))) }
        }
    }
    .into_string()
}

fn article(p: &PublicProfile, site: &SiteConfig, base: &str) -> Markup {
    let kicker: Vec<&str> = [&p.kind, &p.base]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let glance: Vec<(&str, &str)> = [
        ("Type", &p.kind),
        ("Ecosystem", &p.ecosystem),
        ("Base", &p.base),
        ("Profile focus", &p.focus),
    ]
    .into_iter()
    .filter_map(|(label, value)| {
        value
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(|v| (label, v))
    })
    .collect();
    html! {
        article.pv-profile data-slug=(p.slug) {
            header.pv-profile__header {
                @if !kicker.is_empty() { p.pv-kicker { (kicker.join(" · ")) } }
                h1.pv-profile__name { (p.name) }
                @if let Some(r) = &p.rationale { p.pv-lede { (r) } }
                div.pv-byline {
                    (grade_badge(p.confidence.score))
                    @if let Some(publisher) = &p.publisher {
                        span.pv-byline__item.pv-byline__publisher {
                            "By " (external_link(publisher.url.as_deref(), &publisher.name))
                        }
                    }
                    span.pv-byline__item {
                        "Updated "
                        time datetime=(p.updated_at) class="pv-updated" { (format::date_or_raw(&p.updated_at)) }
                    }
                    span.pv-byline__item.pv-revision { "Revision " (p.revision) }
                }
            }
            div.pv-profile__layout {
                div.pv-profile__aside {
                    section.pv-panel.pv-glance {
                        h2.pv-panel__title { "At a glance" }
                        dl.pv-glance__list {
                            @for (label, value) in &glance { (fact(label, value)) }
                        }
                        @if let Some(r) = &p.relevance { p.pv-glance__relevance { (r) } }
                    }
                    (confidence_panel(&p.confidence))
                    @if let Some(i) = &p.impact { (impact_panel(i)) }
                }
                div.pv-profile__main {
                    @if !p.key_points.is_empty() {
                        section.pv-section.pv-key-points {
                            h2.pv-section__title { "Key points" }
                            ul.pv-key-points__list {
                                @for k in &p.key_points { li { (k) } }
                            }
                        }
                    }
                    @for s in &p.sections {
                        section.pv-section data-section=(s.id) {
                            h2.pv-section__title { (s.heading) }
                            @for b in &s.blocks { (block(b)) }
                        }
                    }
                    (below_the_sections(p, site, base))
                }
            }
        }
    }
}

/// The viewer's `<AfterFirstPaint>` part of a profile, as it draws it for a signed-out
/// reader: briefings, related links, relationships, sources.
fn below_the_sections(p: &PublicProfile, site: &SiteConfig, base: &str) -> Markup {
    html! {
        @if !p.briefings.is_empty() {
            section.pv-section.pv-briefings {
                h2.pv-section__title { "Member briefings" }
                p.pv-briefings__intro {
                    "Deeper analysis and source notes for members of our research circles."
                }
                div.pv-briefings__list {
                    @for b in &p.briefings { (locked_card(b, site)) }
                }
            }
        }
        @if !p.related.is_empty() { (related_list(&p.related, base)) }
        @if !p.relationships.is_empty() { (relationship_list(&p.relationships, base)) }
        @if !p.sources.is_empty() { (source_list(&p.sources)) }
    }
}

/// The viewer's `data-state` of a card whose reader is signed out (`CardState::as_str`).
const SIGNED_OUT: &str = "signed-out";

/// `LockedCard` for a signed-out reader: what the briefing is and how to get it. Made from
/// the public placeholder, which has no body to leak.
fn locked_card(b: &LockedBriefing, site: &SiteConfig) -> Markup {
    let tier = site.tier(&b.tier);
    // The site's name for the tier; the viewer shows the id humanized for a tier it lacks.
    let name = tier.map_or_else(|| format::humanize(&b.tier), |t| t.name.clone());
    // Don't say the same thing twice when the teaser already names the audience.
    let audience = tier
        .and_then(|t| Some((t.audience.as_deref()?, t.description.as_deref())))
        .filter(|(audience, _)| !same_text(b.teaser.as_deref(), audience));
    let join_href = tier.and_then(|t| site_href(t.join_url.as_deref()?));
    html! {
        article.pv-locked data-briefing-id=(b.id) data-tier=(b.tier) data-state=(SIGNED_OUT) tabindex="-1" {
            div.pv-locked__icon { (lock_icon()) }
            div.pv-locked__content {
                p.pv-locked__eyebrow { "Members only · " span.pv-locked__tier { (name) } }
                h3.pv-locked__title { (b.title) }
                @if let Some(teaser) = &b.teaser { p.pv-locked__teaser { (teaser) } }
                @if let Some((audience, description)) = audience {
                    p.pv-locked__audience {
                        span.pv-locked__audience-name { (name) ": " }
                        (audience)
                        @if let Some(d) = description { ". " (d) }
                    }
                }
                div.pv-locked__actions {
                    button.pv-button.pv-button--primary.pv-locked__login type="button" { "Log in" }
                    // A link to the tier's join page when the site gives a safe one; else
                    // the viewer's button, which asks the app (or the embed's host).
                    @if let Some(href) = join_href {
                        a.pv-button.pv-button--secondary.pv-locked__join href=(href) { "Join " (name) }
                    } @else {
                        button.pv-button.pv-button--secondary.pv-locked__join type="button" { "Join " (name) }
                    }
                }
                p.pv-print-only { "Members only" }
            }
        }
    }
}

/// Each shape in a `<g>` of its own: that is how the viewer's framework puts the SVG
/// children of a component into the page (it builds each from a template inside one).
fn lock_icon() -> Markup {
    html! {
        svg.pv-locked__lock viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false" {
            g { rect x="4.5" y="10.5" width="15" height="10" rx="2.5" fill="none" stroke="currentColor" stroke-width="1.8" {} }
            g { path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" {} }
            g { circle cx="12" cy="15.5" r="1.6" fill="currentColor" {} }
        }
    }
}

/// Equal ignoring case, surrounding space and a final full stop (the viewer's `same_text`).
fn same_text(a: Option<&str>, b: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches('.').to_lowercase();
    a.is_some_and(|a| norm(a) == norm(b))
}

/// A link from the site configuration (a tier's `join_url`): http(s), or a path on the same
/// origin (`/join/x`, but not `//evil.example`); the viewer's `links::site_href`.
fn site_href(url: &str) -> Option<&str> {
    let same_origin_path = url.starts_with('/')
        && !url.starts_with("//")
        && !url.contains('\\')
        && !url.chars().any(|c| c.is_control() || c.is_whitespace());
    (is_http_url(url) || same_origin_path).then_some(url)
}

/// An in-app link to a profile, as the viewer's `LinkBase::profile_href` makes it: none for a
/// slug outside the contract's alphabet.
fn profile_href(base: &str, slug: &str) -> Option<String> {
    is_slug(slug).then(|| format!("{base}/profiles/{slug}"))
}

fn related_list(related: &[Related], base: &str) -> Markup {
    html! {
        section.pv-section.pv-related {
            h2.pv-section__title { "Also read" }
            ul.pv-related__list {
                @for r in related {
                    li {
                        // A slug routes inside the viewer; otherwise an http(s) URL leaves it;
                        // otherwise the title is plain text.
                        @if let Some(href) = r.slug.as_deref().and_then(|s| profile_href(base, s)) {
                            a.pv-internal href=(href) { (r.title) }
                        } @else {
                            (external_link(r.url.as_deref(), &r.title))
                        }
                    }
                }
            }
        }
    }
}

fn relationship_list(relationships: &[Relationship], base: &str) -> Markup {
    html! {
        section.pv-section.pv-relationships {
            h2.pv-section__title { "Key relationships" }
            ul.pv-relationships__list {
                @for r in relationships {
                    li {
                        @if let Some(href) = r.slug.as_deref().and_then(|s| profile_href(base, s)) {
                            a.pv-internal href=(href) { (r.name) }
                        } @else {
                            span.pv-relationships__name { (r.name) }
                        }
                        span.pv-relation { (format::humanize(&r.relation)) }
                    }
                }
            }
        }
    }
}

fn source_list(sources: &[Source]) -> Markup {
    html! {
        section.pv-section.pv-sources {
            h2.pv-section__title { "Sources" }
            ol.pv-sources__list {
                @for s in sources {
                    li {
                        (external_link(s.url.as_deref(), &s.title))
                        @if let Some(p) = &s.publisher { span.pv-sources__publisher { " — " (p) } }
                        @if let Some(r) = &s.retrieved_at {
                            span.pv-sources__date {
                                ", retrieved " time datetime=(r) { (format::date_or_raw(r)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn fact(label: &str, value: &str) -> Markup {
    html! { div.pv-fact { dt { (label) } dd { (value) } } }
}

/// An http(s) link into a new tab, or the text alone.
fn external_link(url: Option<&str>, text: &str) -> Markup {
    match url.filter(|u| is_http_url(u)) {
        Some(href) => html! {
            a.pv-external href=(href) target="_blank" rel="noopener noreferrer" {
                (text)
                span.pv-sr-only { " (opens in a new tab)" }
            }
        },
        None => html! { span.pv-link-text { (text) } },
    }
}

fn grade_badge(score: f64) -> Markup {
    match Grade::from_score(score) {
        Some(g) => html! {
            span class={ "pv-grade pv-grade--" (g.key()) } data-grade=(g.letters()) {
                span.pv-grade__letters { (g.letters()) }
                span.pv-grade__sep aria-hidden="true" { " · " }
                span.pv-grade__label { (g.label()) }
            }
        },
        None => html! { span.pv-grade.pv-grade--none data-grade="" { "Ungraded" } },
    }
}

fn confidence_panel(c: &Confidence) -> Markup {
    let grade = Grade::from_score(c.score);
    let current = scale_segment(c.score);
    let score = format::score(c.score);
    html! {
        section.pv-panel.pv-confidence {
            h2.pv-panel__title { "Source confidence" }
            div.pv-confidence__headline {
                (grade_badge(c.score))
                span.pv-confidence__score { "Score " strong.pv-confidence__value { (score) } }
            }
            meter.pv-meter min="0" max="1" low="0.35" high="0.75" optimum="1"
                value=(c.score.clamp(0.0, 1.0))
                aria-label={ "Confidence score " (score) " on a scale from 0 to 1" } { (score) }
            ol.pv-scale aria-hidden="true" {
                @for (key, letters, _) in SCALE {
                    li class={ "pv-scale__seg pv-scale__seg--" (key) @if current == Some(key) { " is-current" } } {
                        (letters)
                    }
                }
            }
            @if let Some(basis) = &c.basis {
                p.pv-confidence__basis { span.pv-muted { "Basis: " } (basis) }
            }
            details.pv-legend {
                summary { "How confidence is graded" }
                table.pv-legend__table {
                    caption.pv-sr-only { "Confidence grades" }
                    thead { tr { th scope="col" { "Score" } th scope="col" { "Grade" } th scope="col" { "Meaning" } } }
                    tbody {
                        @for row in &GRADE_TABLE {
                            @let is_current = grade == Some(row.grade);
                            tr class={ "pv-legend__row" @if is_current { " is-current" } }
                                aria-current=[is_current.then_some("true")] {
                                td { (row.range) }
                                td {
                                    span class={ "pv-grade pv-grade--compact pv-grade--" (row.grade.key()) } {
                                        (row.grade.letters())
                                    }
                                }
                                td {
                                    (row.grade.label())
                                    @if is_current { span.pv-legend__this { " (this profile)" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn impact_panel(i: &Impact) -> Markup {
    let level = i.level.as_str();
    let facts: Vec<(&str, &str)> = [
        ("Operational criticality", &i.criticality),
        ("Time horizon", &i.horizon),
    ]
    .into_iter()
    .filter_map(|(l, v)| v.as_deref().map(|v| (l, v)))
    .collect();
    html! {
        section.pv-panel.pv-impact-panel {
            h2.pv-panel__title { "Impact" }
            p { span class={ "pv-impact pv-impact--" (level) } { (format::capitalize(level)) " impact" } }
            @if let Some(s) = &i.summary { p.pv-impact-panel__summary { (s) } }
            @if !facts.is_empty() {
                dl.pv-glance__list { @for (l, v) in &facts { (fact(l, v)) } }
            }
        }
    }
}

fn block(b: &Block) -> Markup {
    match b {
        Block::Paragraph { text } => html! { p.pv-block.pv-block--paragraph { (text) } },
        Block::List { items } => html! {
            ul.pv-block.pv-block--list { @for item in items { li { (item) } } }
        },
        Block::Facts { facts } => html! {
            dl.pv-block.pv-block--facts { @for f in facts { (fact(&f.label, &f.value)) } }
        },
        Block::Quote { text, cite } => html! {
            figure.pv-block.pv-block--quote {
                blockquote { p { (text) } }
                @if let Some(c) = cite { figcaption { "— " (c) } }
            }
        },
        Block::Unsupported { kind } => html! {
            p.pv-block.pv-block--unsupported {
                "Unsupported content (“" (kind) "”) is not shown in this version of the viewer."
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use profile_model::Publisher;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn content(path: &str) -> String {
        format!("{}/../../content/{path}", env!("CARGO_MANIFEST_DIR"))
    }

    fn site() -> Result<SiteConfig, Box<dyn std::error::Error>> {
        Ok(serde_json::from_slice(&std::fs::read(content(
            "site.json",
        ))?)?)
    }

    /// The signed-out page of a sample profile under `base`, with the sample site.
    fn page(p: &PublicProfile, base: &str) -> Result<String, Box<dyn std::error::Error>> {
        Ok(first_screen(p, &site()?, base, SessionArea::SignedOut))
    }

    fn sample(slug: &str) -> Result<PublicProfile, Box<dyn std::error::Error>> {
        let path = format!(
            "{}/../../content/profiles/{slug}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let authoring = profile_model::parse_authoring(&std::fs::read(path)?)
            .map_err(|issues| format!("{slug}: {} issue(s)", issues.len()))?
            .value;
        Ok(authoring.to_public())
    }

    #[test]
    fn the_first_screen_has_the_profile_down_to_its_last_section() -> TestResult {
        let p = sample("de-cix")?;
        let html = page(&p, "")?;
        assert!(html.contains("<h1 class=\"pv-profile__name\">DE-CIX</h1>"));
        assert!(html.contains(
            "<time datetime=\"2026-11-03T10:00:00Z\" class=\"pv-updated\">3 Nov 2026</time>"
        ));
        let mut at = 0;
        for text in p
            .key_points
            .iter()
            .chain(p.sections.iter().map(|s| &s.heading))
        {
            let found = html[at..]
                .find(text.as_str())
                .ok_or(format!("{text:?} missing or out of order"))?;
            at += found;
        }
        assert!(html.contains("pv-grade pv-grade--bc"));
        assert!(html.contains("<tr class=\"pv-legend__row is-current\" aria-current=\"true\">"));
        assert_eq!(html.matches("aria-current").count(), 1);
        Ok(())
    }

    #[test]
    fn only_the_top_level_elements_are_marked() -> TestResult {
        let html = page(&sample("de-cix")?, "")?;
        assert_eq!(html.matches("data-pv-first").count(), 4);
        for start in [
            "<a class=\"pv-skip-link\" data-pv-first",
            "<header class=\"pv-site-header\" data-pv-first",
            "<main id=\"main\" class=\"pv-main\" data-pv-first",
            "<footer class=\"pv-site-footer\" data-pv-first id=\"pv-first-end\"",
        ] {
            assert!(html.contains(start), "{start}");
        }
        Ok(())
    }

    #[test]
    fn no_script_no_style() -> TestResult {
        for slug in sample_slugs()? {
            let html = page(&sample(&slug)?, "")?;
            for absent in ["<script", "style="] {
                assert!(!html.contains(absent), "{slug}: {absent}");
            }
        }
        Ok(())
    }

    #[test]
    fn in_app_links_follow_the_base_path() -> TestResult {
        let html = first_screen(&sample("linx")?, &site()?, "/viewer", SessionArea::Checking);
        assert!(html.contains("<a class=\"pv-brand\" href=\"/viewer/\">"));
        assert!(html.contains("<a href=\"/viewer/saved\">Saved</a>"));
        assert!(html.contains("<div class=\"pv-session\"><span class=\"pv-session__checking\">"));
        Ok(())
    }

    #[test]
    fn profile_text_stays_text_and_only_http_links_are_links() -> TestResult {
        let mut p = sample("de-cix")?;
        p.name = "<img src=x onerror=alert(1)> & \"q\"".into();
        p.key_points = vec!["</li><script>alert(1)</script>".into()];
        p.publisher = Some(Publisher {
            name: "Evil".into(),
            url: Some("javascript:alert(1)".into()),
        });
        let html = page(&p, "")?;
        assert!(!html.contains("<img") && !html.contains("<script"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains("<span class=\"pv-link-text\">Evil</span>"));
        assert_eq!(
            title(&p),
            "<img src=x onerror=alert(1)> & \"q\" — Profile viewer"
        );
        Ok(())
    }

    #[test]
    fn the_head_has_the_description_and_holds_rendering() -> TestResult {
        let mut p = sample("de-cix")?;
        assert_eq!(
            head(&p),
            format!(
                "<meta name=\"description\" content=\"{}\" data-pv-first>\n\
                 <link rel=\"expect\" href=\"#pv-first-end\" blocking=\"render\">\n",
                p.key_points[0]
            )
        );
        p.key_points = vec!["\"><script>alert(1)</script>".into()];
        assert!(head(&p).starts_with(
            "<meta name=\"description\" content=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""
        ));
        Ok(())
    }

    #[test]
    fn the_static_page_links_the_stylesheets_and_runs_nothing() -> TestResult {
        let html = static_page(
            &sample("de-cix")?,
            &site()?,
            &["/main-1.css", "/offline-2.css"],
        );
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        assert!(html.contains("<title>DE-CIX — Profile viewer</title>"));
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/main-1.css\"><link rel=\"stylesheet\" href=\"/offline-2.css\">"));
        assert!(!html.contains("<script"));
        // The whole page, as the benchmark compares it with the viewer's.
        assert!(html.contains("<section class=\"pv-section pv-briefings\">"));
        assert!(html.contains("<p>Profiles published by BTW Media.</p>"));
        Ok(())
    }

    fn sample_slugs() -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let mut slugs = Vec::new();
        for entry in std::fs::read_dir(content("profiles"))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "json") {
                let stem = path.file_stem().and_then(|s| s.to_str()).ok_or("name")?;
                slugs.push(stem.to_string());
            }
        }
        slugs.sort();
        Ok(slugs)
    }

    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }

    /// Every text of every briefing body in a sample file and its sentences, read from the
    /// authoring JSON itself (not through the model). Short strings ("list", a date) are
    /// left out: they may be public text too.
    fn body_texts(slug: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
        let raw: serde_json::Value =
            serde_json::from_slice(&std::fs::read(content(&format!("profiles/{slug}.json")))?)?;
        let mut texts = Vec::new();
        for b in raw["briefings"].as_array().into_iter().flatten() {
            let mut body = Vec::new();
            strings(&b["body"], &mut body);
            assert!(!body.is_empty(), "{slug}: a briefing without body text");
            for t in &body {
                texts.extend(
                    t.split(['.', ':', ';'])
                        .chain([t.as_str()])
                        .map(str::trim)
                        .filter(|s| s.chars().count() >= 20)
                        .map(String::from),
                );
            }
        }
        Ok(texts)
    }

    #[test]
    fn every_briefing_is_a_locked_card_with_log_in_and_join_and_no_body() -> TestResult {
        let site = site()?;
        let (mut cards, mut bodies) = (0, Vec::new());
        for slug in sample_slugs()? {
            let p = sample(&slug)?;
            let html = page(&p, "")?;
            assert_eq!(
                html.matches("<article class=\"pv-locked\"").count(),
                p.briefings.len(),
                "{slug}"
            );
            assert_eq!(
                html.contains("pv-briefings"),
                !p.briefings.is_empty(),
                "{slug}"
            );
            for b in &p.briefings {
                let tier = site.tier(&b.tier).ok_or("sample tier")?;
                let card = format!(
                    "<article class=\"pv-locked\" data-briefing-id=\"{}\" data-tier=\"{}\" data-state=\"signed-out\" tabindex=\"-1\">",
                    b.id, b.tier
                );
                let at = html.find(&card).ok_or(format!("{slug}: {card}"))?;
                let card = &html[at..at + html[at..].find("</article>").ok_or("end")?];
                assert!(card.contains(&format!(
                    "<p class=\"pv-locked__eyebrow\">Members only · <span class=\"pv-locked__tier\">{}</span></p>",
                    tier.name
                )));
                assert!(card.contains(&format!("<h3 class=\"pv-locked__title\">{}</h3>", b.title)));
                assert!(card.contains("<button class=\"pv-button pv-button--primary pv-locked__login\" type=\"button\">Log in</button>"));
                // The sample tiers' join pages are same-origin paths: links, as in the viewer.
                assert!(card.contains(&format!(
                    "<a class=\"pv-button pv-button--secondary pv-locked__join\" href=\"/join/{}\">Join {}</a>",
                    b.tier, tier.name
                )), "{card}");
                assert!(card.ends_with("<p class=\"pv-print-only\">Members only</p></div>"));
                cards += 1;
            }
            let texts = body_texts(&slug)?;
            bodies.extend(texts.iter().cloned());
            for text in texts {
                let escaped = maud::html! { (text) }.into_string();
                assert!(
                    !html.contains(&text) && !html.contains(&escaped),
                    "{slug}: {text}"
                );
            }
            for marker in ["MEMBER-ONLY", "LEADERSHIP-ONLY"] {
                assert!(!html.contains(marker), "{slug}: {marker}");
            }
        }
        assert!(cards >= 9, "{cards} cards in the sample profiles");
        // The check above saw the bodies' marked sentences.
        for marker in ["MEMBER-ONLY", "LEADERSHIP-ONLY"] {
            assert!(bodies.iter().any(|t| t.contains(marker)), "{marker}");
        }
        Ok(())
    }

    #[test]
    fn the_lock_icon_is_the_viewers() {
        assert_eq!(
            lock_icon().into_string(),
            "<svg class=\"pv-locked__lock\" viewBox=\"0 0 24 24\" width=\"28\" height=\"28\" aria-hidden=\"true\" focusable=\"false\">\
             <g><rect x=\"4.5\" y=\"10.5\" width=\"15\" height=\"10\" rx=\"2.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\"></rect></g>\
             <g><path d=\"M8 10.5V7.5a4 4 0 0 1 8 0v3\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\" stroke-linecap=\"round\"></path></g>\
             <g><circle cx=\"12\" cy=\"15.5\" r=\"1.6\" fill=\"currentColor\"></circle></g></svg>"
        );
    }

    #[test]
    fn a_card_names_the_audience_unless_the_teaser_does() -> TestResult {
        // Strategy Circle's audience is not in its teaser; Leadership Alliance's teaser is its
        // audience, full stop and all.
        let html = page(&sample("us-officials-telecom-cyber-espionage")?, "")?;
        assert!(html.contains(
            "<p class=\"pv-locked__audience\"><span class=\"pv-locked__audience-name\">Strategy Circle: </span>\
             Open to all readers. Unlock profile briefings after joining and logging in.</p>"
        ));
        assert_eq!(html.matches("pv-locked__audience\"").count(), 1);
        assert!(html.contains(
            "<p class=\"pv-locked__teaser\">For owners and management of IP-holding companies.</p>"
        ));
        Ok(())
    }

    #[test]
    fn a_tier_the_site_lacks_or_an_unsafe_join_page_gets_the_viewers_fallbacks() -> TestResult {
        let mut p = sample("linx")?;
        p.briefings[0].tier = "gold-circle".into();
        p.briefings[0].teaser = None;
        let mut site = site()?;
        site.tiers[1].join_url = Some("javascript:alert(1)".into());
        site.tiers[1].audience = None;
        let html = first_screen(&p, &site, "", SessionArea::SignedOut);
        // Unknown tier: humanized id, no audience, Join as a button, no teaser paragraph.
        assert!(html.contains("data-tier=\"gold-circle\""));
        assert!(html.contains("<span class=\"pv-locked__tier\">Gold circle</span>"));
        assert!(html.contains("<button class=\"pv-button pv-button--secondary pv-locked__join\" type=\"button\">Join Gold circle</button>"));
        assert!(html.contains("<button class=\"pv-button pv-button--secondary pv-locked__join\" type=\"button\">Join Leadership Alliance</button>"));
        assert!(!html.contains("javascript:") && !html.contains("pv-locked__audience"));
        assert_eq!(html.matches("pv-locked__teaser").count(), 1);
        for (url, ok) in [
            ("https://btw.media/join", true),
            ("/join/x", true),
            ("//evil.example/join", false),
            ("/\\evil.example", false),
            ("/join x", false),
            ("join", false),
            ("data:text/html,x", false),
        ] {
            assert_eq!(site_href(url).is_some(), ok, "{url}");
        }
        Ok(())
    }

    #[test]
    fn related_relationships_and_sources_are_the_viewers() -> TestResult {
        let html = page(&sample("ietf")?, "/viewer")?;
        let main_end = html.find("</main>").ok_or("main")?;
        let related = html.find("<section class=\"pv-section pv-related\"><h2 class=\"pv-section__title\">Also read</h2><ul class=\"pv-related__list\">\
             <li><a class=\"pv-internal\" href=\"/viewer/profiles/iana-functions\">IANA functions: the registries behind protocol parameters</a></li>").ok_or("related")?;
        assert!(html.contains("<li><a class=\"pv-external\" href=\"https://www.rfc-editor.org/\" target=\"_blank\" rel=\"noopener noreferrer\">The RFC Editor's index of published RFCs<span class=\"pv-sr-only\"> (opens in a new tab)</span></a></li>"));
        let relationships = html.find("<section class=\"pv-section pv-relationships\"><h2 class=\"pv-section__title\">Key relationships</h2><ul class=\"pv-relationships__list\">\
             <li><a class=\"pv-internal\" href=\"/viewer/profiles/iana-functions\">IANA functions (Public Technical Identifiers)</a><span class=\"pv-relation\">Maintains registries for</span></li>\
             <li><span class=\"pv-relationships__name\">Internet Society</span><span class=\"pv-relation\">Organisational home</span></li>").ok_or("relationships")?;
        let sources = html.find("<section class=\"pv-section pv-sources\"><h2 class=\"pv-section__title\">Sources</h2><ol class=\"pv-sources__list\">\
             <li><a class=\"pv-external\" href=\"https://www.ietf.org/about/\" target=\"_blank\" rel=\"noopener noreferrer\">About the IETF<span class=\"pv-sr-only\"> (opens in a new tab)</span></a>\
             <span class=\"pv-sources__publisher\"> — IETF</span>\
             <span class=\"pv-sources__date\">, retrieved <time datetime=\"2026-11-10\">10 Nov 2026</time></span></li>").ok_or("sources")?;
        let briefings = html.find("pv-briefings").ok_or("briefings")?;
        // In the viewer's order, after the last section, inside the profile's main column.
        let last_section = html.rfind("data-section=").ok_or("sections")?;
        assert!(last_section < briefings && briefings < related);
        assert!(related < relationships && relationships < sources && sources < main_end);
        assert!(html[sources..main_end].ends_with("</ol></section></div></div></article>"));
        // A related item with neither a slug nor a URL is text.
        let html = page(&sample("us-officials-telecom-cyber-espionage")?, "")?;
        assert!(html.contains("<li><span class=\"pv-link-text\">US targets China AI investments with new national security rules</span></li>"));
        assert!(html.contains("<li><span class=\"pv-link-text\">Several public sources</span><span class=\"pv-sources__publisher\"> — Public reporting</span>"));
        Ok(())
    }

    #[test]
    fn a_related_slug_outside_the_alphabet_is_no_internal_link() -> TestResult {
        let mut p = sample("linx")?;
        p.related[0].slug = Some("../admin".into());
        p.relationships[0].slug = Some("../admin".into());
        let html = page(&p, "")?;
        assert!(!html.contains("../admin") && !html.contains("pv-internal"));
        assert!(html.contains("<li><span class=\"pv-link-text\">DE-CIX, a larger exchange operator in Frankfurt</span></li>"));
        assert!(html.contains("<li><span class=\"pv-relationships__name\">DE-CIX</span>"));
        Ok(())
    }

    #[test]
    fn the_publisher_is_in_the_header_and_the_footer() -> TestResult {
        let mut site = site()?;
        let html = first_screen(&sample("de-cix")?, &site, "", SessionArea::SignedOut);
        assert!(html.contains(
            "</nav><p class=\"pv-site-header__publisher\">BTW Media</p><div class=\"pv-session\">"
        ));
        assert!(html.contains(
            "<div class=\"pv-site-footer__inner\"><p>Profiles published by BTW Media.</p>"
        ));
        site.publisher.name = "<b>Evil</b> & Co".into();
        let html = first_screen(&sample("de-cix")?, &site, "", SessionArea::SignedOut);
        assert!(!html.contains("<b>"));
        assert!(html.contains(
            "<p class=\"pv-site-header__publisher\">&lt;b&gt;Evil&lt;/b&gt; &amp; Co</p>"
        ));
        assert!(html.contains("<p>Profiles published by &lt;b&gt;Evil&lt;/b&gt; &amp; Co.</p>"));
        Ok(())
    }
}
