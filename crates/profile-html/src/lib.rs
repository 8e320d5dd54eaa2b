//! A public profile's first screen as static HTML: the page chrome and the profile down to
//! its last section, element for element what the viewer's first render of
//! `/profiles/{slug}` produces (`src/app.rs`, `src/pages/profile.rs`,
//! `src/components/profile_view.rs` and the components they use).
//!
//! The reference server puts it into the shell of a profile page, so the profile is on
//! screen as soon as the HTML and the stylesheet are in, before the wasm has even compiled;
//! the viewer's loader then replaces it with the app's own render of the same markup
//! (`xtask/src/loader.js.in`). The benchmark's static page is the same markup with no script.
//!
//! What the viewer renders only after its first paint (briefings, related links,
//! relationships, sources) or only once it has asked the server (the publisher's name) is
//! absent here too, so the takeover changes nothing the reader sees. The e2e test `first_screen.test.mjs` compares both renders of every sample profile.
//!
//! Every string goes through maud's escaping, and links are made only from http(s) URLs:
//! the invariants of the viewer hold for this markup as well. Locked briefings are not in
//! it at all.

use maud::{html, Markup, PreEscaped, DOCTYPE};
use profile_model::format;
use profile_model::grade::{scale_segment, SCALE};
use profile_model::validate::is_http_url;
use profile_model::{Block, Confidence, Grade, Impact, PublicProfile, GRADE_TABLE};

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
/// `base` is the path the viewer is served under: `""` at the root, or e.g. `"/viewer"`.
pub fn first_screen(profile: &PublicProfile, base: &str, session: SessionArea) -> String {
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
            (article(profile))
        }
        footer.pv-site-footer data-pv-first id=(END_ID) {
            div.pv-site-footer__inner {
                p { "Profiles published by the publisher." }
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
pub fn static_page(profile: &PublicProfile, stylesheets: &[&str]) -> String {
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
            body { (PreEscaped(first_screen(profile, "", SessionArea::SignedOut))) }
        }
    }
    .into_string()
}

fn article(p: &PublicProfile) -> Markup {
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
        let html = first_screen(&p, "", SessionArea::SignedOut);
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
        let html = first_screen(&sample("de-cix")?, "", SessionArea::SignedOut);
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
    fn no_briefing_no_script_no_style() -> TestResult {
        let p = sample("us-officials-telecom-cyber-espionage")?;
        assert!(!p.briefings.is_empty());
        let html = first_screen(&p, "", SessionArea::SignedOut);
        for b in &p.briefings {
            assert!(!html.contains(b.title.as_str()), "{}", b.title);
        }
        for absent in ["<script", "style=", "MEMBER-ONLY", "LEADERSHIP-ONLY"] {
            assert!(!html.contains(absent), "{absent}");
        }
        Ok(())
    }

    #[test]
    fn in_app_links_follow_the_base_path() -> TestResult {
        let html = first_screen(&sample("linx")?, "/viewer", SessionArea::Checking);
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
        let html = first_screen(&p, "", SessionArea::SignedOut);
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
        let html = static_page(&sample("de-cix")?, &["/main-1.css", "/offline-2.css"]);
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        assert!(html.contains("<title>DE-CIX — Profile viewer</title>"));
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/main-1.css\"><link rel=\"stylesheet\" href=\"/offline-2.css\">"));
        assert!(!html.contains("<script"));
        Ok(())
    }
}
