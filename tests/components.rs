//! Browser component tests: mount viewer components into a fresh element in headless
//! Chromium and assert on the DOM they produce.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p profile-viewer`
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

use std::sync::Arc;

use leptos::prelude::*;
use profile_model::*;
use profile_viewer::components::confidence::ConfidencePanel;
use profile_viewer::components::directory_view::{
    result_row, CardText, DirectoryView, QueryChange,
};
use profile_viewer::components::error_panel::ErrorPanel;
use profile_viewer::components::grade_badge::GradeBadge;
use profile_viewer::components::locked_card::LockedCard;
use profile_viewer::components::profile_view::ProfileView;
use profile_viewer::context::{AccessActions, AccessRequest, Session, SessionState, SiteState};
use profile_viewer::directory_query::{DirectoryIndex, DirectoryQuery, SortKey, PAGE_SIZE};
use profile_viewer::links::LinkBase;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("../content/profiles/us-officials-telecom-cyber-espionage.json");

fn sample() -> PublicProfile {
    parse_authoring(SAMPLE.as_bytes())
        .expect("sample parses")
        .value
        .to_public()
}

fn site() -> SiteConfig {
    serde_json::from_str(
        r#"{"publisher":{"name":"BTW Media"},"tiers":[
            {"id":"strategy-circle","name":"Strategy Circle","rank":1,"audience":"Open to all readers",
             "description":"Unlock profile briefings after joining and logging in.","join_url":"/join/strategy-circle"},
            {"id":"leadership-alliance","name":"Leadership Alliance","rank":2,
             "audience":"For owners and management of IP-holding companies","description":"Login required.",
             "join_url":"/join/leadership-alliance"}]}"#,
    )
    .unwrap()
}

/// Mounts a view into a new `<div>` in the body and returns the div.
fn mount<F, N>(f: F) -> HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let doc = document();
    let div: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    leptos::mount::mount_to(div.clone(), f).forget();
    div
}

/// Lets effects and the reactive scheduler run.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until `AfterFirstPaint` content is in: two animation frames, then the scheduler.
async fn after_first_paint() {
    for _ in 0..2 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window().request_animation_frame(&resolve).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
    tick().await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

fn click(el: &Element) {
    el.clone().dyn_into::<HtmlElement>().unwrap().click();
}

fn profile_with(edit: impl FnOnce(&mut PublicProfile)) -> PublicProfile {
    let mut p = sample();
    edit(&mut p);
    p
}

#[wasm_bindgen_test]
fn profile_shows_name_grade_and_key_points() {
    let p = sample();
    let root = mount(move || view! { <ProfileView profile=p/> });
    assert_eq!(
        text(&root, "h1"),
        "US security officials discuss Chinese cyber-espionage with telecom executives"
    );
    assert_eq!(all(&root, "h1").len(), 1, "one h1");
    assert_eq!(text(&root, ".pv-byline .pv-grade"), "B/C · Medium");
    let points = all(&root, ".pv-key-points li");
    assert_eq!(points.len(), 2);
    assert!(points[0]
        .text_content()
        .unwrap()
        .starts_with("U.S. authorities have identified"));
    assert_eq!(text(&root, ".pv-updated"), "20 Nov 2026");
    assert_eq!(text(&root, ".pv-revision"), "Revision 3");
    let glance = text(&root, ".pv-glance");
    for expected in [
        "Internet infrastructure institution",
        "Asia Pacific",
        "Institution",
    ] {
        assert!(
            glance.contains(expected),
            "at a glance lacks {expected}: {glance}"
        );
    }
    let impact = text(&root, ".pv-impact-panel");
    assert!(
        impact.contains("Medium impact") && impact.contains("Next quarter"),
        "{impact}"
    );
    // Every section in order.
    let headings: Vec<String> = all(&root, ".pv-section[data-section] h2")
        .iter()
        .map(|h| h.text_content().unwrap())
        .collect();
    assert_eq!(
        headings,
        [
            "What happened",
            "Why it is important",
            "What it does",
            "Why it matters",
            "What to watch"
        ]
    );
    // Strict CSP: nothing may carry a style attribute.
    assert!(all(&root, "[style]").is_empty());
}

#[wasm_bindgen_test]
async fn below_the_fold_follows_the_first_paint() {
    let p = sample();
    let root = mount(move || view! { <ProfileView profile=p/> });
    let later = ".pv-briefings, .pv-related, .pv-relationships, .pv-sources";
    // The first pass is the first screen: header, at a glance, key points, sections.
    assert_eq!(all(&root, ".pv-key-points li").len(), 2);
    assert_eq!(all(&root, ".pv-section[data-section]").len(), 5);
    assert!(
        all(&root, later).is_empty(),
        "rendered before the first paint"
    );
    after_first_paint().await;
    let classes: Vec<String> = all(&root, later).iter().map(|e| e.class_name()).collect();
    assert_eq!(
        classes,
        [
            "pv-section pv-briefings",
            "pv-section pv-related",
            "pv-section pv-relationships",
            "pv-section pv-sources"
        ]
    );
    // In document order, after the last section.
    let main = one(&root, ".pv-profile__main");
    let last = main.last_element_child().unwrap();
    assert_eq!(last.class_name(), "pv-section pv-sources");
}

#[wasm_bindgen_test]
fn at_once_renders_every_part_in_the_first_pass() {
    // The embed's way: its `ready` event promises a rendered profile.
    let p = sample();
    let root = mount(move || view! { <ProfileView profile=p at_once=true/> });
    assert_eq!(all(&root, ".pv-locked").len(), 2);
    assert_eq!(
        all(&root, ".pv-related, .pv-relationships, .pv-sources").len(),
        3
    );
}

#[wasm_bindgen_test]
fn confidence_panel_marks_the_current_row() {
    let root = mount(
        || view! { <ConfidencePanel confidence=Confidence { score: 0.62, basis: Some("Several public sources".into()) }/> },
    );
    assert_eq!(
        one(&root, "meter").get_attribute("value").as_deref(),
        Some("0.62")
    );
    assert!(text(&root, ".pv-confidence__value").contains("0.62"));
    assert!(text(&root, ".pv-confidence__basis").contains("Several public sources"));
    let rows = all(&root, ".pv-legend tbody tr");
    assert_eq!(rows.len(), 6);
    let current = all(&root, ".pv-legend tbody tr[aria-current='true']");
    assert_eq!(current.len(), 1);
    assert!(current[0].text_content().unwrap().contains("Medium"));
    assert!(current[0].text_content().unwrap().contains("0.55 – 0.74"));
    assert_eq!(text(&root, ".pv-scale .is-current"), "B/C");
}

#[wasm_bindgen_test]
fn grade_badge_at_every_boundary() {
    let cases = [
        (1.0, "A · High — direct sources"),
        (0.9, "A · High — direct sources"),
        (0.895, "A/B · Strong"),
        (0.75, "A/B · Strong"),
        (0.749, "B/C · Medium"),
        (0.55, "B/C · Medium"),
        (0.549, "C/D · Weak–medium"),
        (0.35, "C/D · Weak–medium"),
        (0.349, "D · Weak signal"),
        (0.1, "D · Weak signal"),
        (0.099, "D · Internal monitoring"),
        (0.0, "D · Internal monitoring"),
        (1.4, "Ungraded"),
        (f64::NAN, "Ungraded"),
    ];
    for (score, expected) in cases {
        let root = mount(move || view! { <GradeBadge score=score/> });
        assert_eq!(text(&root, ".pv-grade"), expected, "score {score}");
    }
}

#[wasm_bindgen_test]
fn every_block_kind_renders() {
    let p = profile_with(|p| {
        p.sections = vec![Section {
            id: "all".into(),
            heading: "All kinds".into(),
            blocks: vec![
                Block::Paragraph {
                    text: "A paragraph.".into(),
                },
                Block::List {
                    items: vec!["one".into(), "two".into(), "three".into()],
                },
                Block::Facts {
                    facts: vec![Fact {
                        label: "Founded".into(),
                        value: "1992".into(),
                    }],
                },
                Block::Quote {
                    text: "Rough consensus and running code.".into(),
                    cite: Some("David Clark".into()),
                },
                Block::Unsupported {
                    kind: "chart".into(),
                },
            ],
        }];
    });
    let root = mount(move || view! { <ProfileView profile=p/> });
    assert_eq!(text(&root, ".pv-block--paragraph"), "A paragraph.");
    assert_eq!(all(&root, ".pv-block--list li").len(), 3);
    assert_eq!(text(&root, ".pv-block--facts dt"), "Founded");
    assert_eq!(text(&root, ".pv-block--facts dd"), "1992");
    assert_eq!(
        text(&root, ".pv-block--quote blockquote"),
        "Rough consensus and running code."
    );
    assert!(text(&root, ".pv-block--quote figcaption").contains("David Clark"));
    let note = text(&root, ".pv-block--unsupported");
    assert!(
        note.contains("Unsupported content") && note.contains("chart"),
        "{note}"
    );
}

#[wasm_bindgen_test]
async fn markup_in_text_stays_text_and_runs_nothing() {
    let script = "<script>window.__pvPwned = 1</script>";
    let img = "<img src=x onerror=\"window.__pvPwned = 2\">";
    let p = profile_with(|p| {
        p.name = script.into();
        p.key_points = vec![img.into()];
        p.sections = vec![Section {
            id: "x".into(),
            heading: img.into(),
            blocks: vec![Block::Paragraph {
                text: script.into(),
            }],
        }];
        p.briefings[0].title = img.into();
        p.briefings[0].teaser = Some(script.into());
    });
    let root = mount(move || view! { <ProfileView profile=p/> });
    after_first_paint().await;
    assert_eq!(text(&root, "h1"), script);
    assert_eq!(text(&root, ".pv-key-points li"), img);
    assert_eq!(text(&root, ".pv-block--paragraph"), script);
    assert_eq!(text(&root, ".pv-locked__title"), img);
    assert!(all(&root, "script").is_empty());
    assert!(all(&root, "img").is_empty());
    let pwned = js_sys::Reflect::get(&window(), &"__pvPwned".into()).unwrap();
    assert!(pwned.is_undefined(), "injected code ran");
}

#[wasm_bindgen_test]
async fn links_follow_the_rules() {
    // Built directly (not through validation, which already drops bad URLs): the view
    // must be safe on its own.
    let p = profile_with(|p| {
        p.related = vec![
            Related {
                title: "Evil".into(),
                url: Some("javascript:alert(1)".into()),
                slug: None,
            },
            Related {
                title: "Data".into(),
                url: Some("data:text/html,<b>x</b>".into()),
                slug: None,
            },
            Related {
                title: "IETF profile".into(),
                url: None,
                slug: Some("ietf".into()),
            },
            Related {
                title: "Outside".into(),
                url: Some("https://example.org/story".into()),
                slug: None,
            },
            Related {
                title: "Bad slug".into(),
                url: None,
                slug: Some("../admin".into()),
            },
        ];
        p.sources = vec![Source {
            title: "Sneaky source".into(),
            url: Some("JavaScript:alert(2)".into()),
            publisher: None,
            retrieved_at: None,
        }];
        p.publisher = Some(Publisher {
            name: "BTW Media".into(),
            url: Some("vbscript:x".into()),
        });
    });
    let root = mount(move || {
        provide_context(LinkBase::new("/"));
        view! { <ProfileView profile=p/> }
    });
    after_first_paint().await;
    for a in all(&root, "a") {
        let href = a.get_attribute("href").unwrap_or_default();
        assert!(
            href.starts_with("https://") || href.starts_with("http://") || href.starts_with('/'),
            "unsafe href {href}"
        );
    }
    let related = one(&root, ".pv-related");
    let items = all(&related, "li");
    assert_eq!(items.len(), 5);
    assert!(all(&items[0], "a").is_empty(), "javascript: became a link");
    assert_eq!(items[0].text_content().unwrap(), "Evil");
    assert!(all(&items[1], "a").is_empty(), "data: became a link");
    let internal = one(&items[2], "a");
    assert_eq!(
        internal.get_attribute("href").as_deref(),
        Some("/profiles/ietf")
    );
    assert_eq!(internal.get_attribute("target"), None);
    let external = one(&items[3], "a");
    assert_eq!(
        external.get_attribute("href").as_deref(),
        Some("https://example.org/story")
    );
    assert_eq!(external.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        external.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert!(
        all(&items[4], "a").is_empty(),
        "an invalid slug became a link"
    );
    assert!(all(&one(&root, ".pv-sources"), "a").is_empty());
    assert!(all(&one(&root, ".pv-byline"), "a").is_empty());
}

#[wasm_bindgen_test]
async fn locked_cards_show_no_body_and_offer_login_and_join() {
    let p = sample();
    let root = mount(move || {
        provide_context(SiteState(RwSignal::new(Some(site()))));
        view! { <ProfileView profile=p/> }
    });
    after_first_paint().await;
    let html = root.inner_html();
    assert!(!html.contains("MEMBER-ONLY") && !html.contains("LEADERSHIP-ONLY"));
    let cards = all(&root, ".pv-locked");
    assert_eq!(cards.len(), 2);
    let first = &cards[0];
    assert_eq!(text(first, ".pv-locked__title"), "Deeper profile context");
    assert!(text(first, ".pv-locked__eyebrow").contains("Strategy Circle"));
    assert!(text(first, ".pv-locked__teaser").contains("Login is required"));
    assert!(text(first, ".pv-locked__audience").contains("Open to all readers"));
    assert!(
        all(first, ".pv-block").is_empty(),
        "a locked card renders no body"
    );
    assert_eq!(text(first, "button.pv-locked__login"), "Log in");
    let join = one(first, "a.pv-locked__join");
    assert_eq!(join.text_content().unwrap(), "Join Strategy Circle");
    assert_eq!(
        join.get_attribute("href").as_deref(),
        Some("/join/strategy-circle")
    );
    assert_eq!(
        text(&cards[1], "a.pv-locked__join"),
        "Join Leadership Alliance"
    );
    assert!(
        all(&cards[1], ".pv-lock, svg[aria-hidden='true']").len() == 1,
        "lock icon"
    );
}

#[wasm_bindgen_test]
async fn log_in_dispatches_through_context() {
    let requests = RwSignal::new(Vec::<AccessRequest>::new());
    let briefing = sample().briefings[0].clone();
    let root = mount(move || {
        provide_context(AccessActions(Callback::new(move |r| {
            requests.update(|v| v.push(r))
        })));
        view! { <LockedCard briefing=briefing/> }
    });
    // Without /site the tier id is humanised and Join asks the host (no join_url known).
    assert_eq!(text(&root, ".pv-locked__join"), "Join Strategy circle");
    click(&one(&root, "button.pv-locked__login"));
    click(&one(&root, "button.pv-locked__join"));
    tick().await;
    assert_eq!(
        requests.get_untracked(),
        vec![
            AccessRequest::LogIn,
            AccessRequest::Join {
                tier: "strategy-circle".into()
            }
        ]
    );
}

#[wasm_bindgen_test]
fn locked_card_states_follow_the_session() {
    let member = |tier: &str| Member {
        name: "Casey".into(),
        email: "c@example.com".into(),
        tier: tier.into(),
    };
    let briefings = sample().briefings;
    let (circle, leadership) = (briefings[0].clone(), briefings[1].clone());
    let below = member("strategy-circle");
    let root = mount(move || {
        provide_context(SiteState(RwSignal::new(Some(site()))));
        provide_context(Session(Signal::stored(SessionState::SignedIn(below))));
        view! { <LockedCard briefing=circle/> <LockedCard briefing=leadership/> }
    });
    let cards = all(&root, ".pv-locked");
    assert!(all(&cards[0], ".pv-locked__login").is_empty());
    assert!(text(&cards[0], ".pv-locked__status").contains("You have access"));
    assert_eq!(
        text(&cards[1], ".pv-locked__join"),
        "Upgrade to Leadership Alliance"
    );
    assert!(all(&cards[1], ".pv-locked__login").is_empty());
}

#[wasm_bindgen_test]
async fn error_panel_retries() {
    let retries = RwSignal::new(0);
    let root = mount(move || {
        view! {
            <ErrorPanel
                title="This profile cannot be shown"
                message="The server sent data this viewer cannot read."
                detail=Some("confidence.score: 1.4 is outside 0..1".to_string())
                on_retry=Callback::new(move |_| retries.update(|n| *n += 1))
                page_heading=true
            />
        }
    });
    assert_eq!(text(&root, "h1"), "This profile cannot be shown");
    assert!(text(&root, ".pv-error__detail").contains("confidence.score"));
    let retry = one(&root, "button.pv-retry");
    assert_eq!(retry.text_content().unwrap(), "Retry");
    click(&retry);
    click(&retry);
    tick().await;
    assert_eq!(retries.get_untracked(), 2);
}

fn big_index(n: usize) -> Vec<IndexEntry> {
    let kinds = [
        "Internet exchange",
        "Registry",
        "Cable operator",
        "Standards body",
    ];
    (0..n)
        .map(|i| IndexEntry {
            slug: format!("profile-{i}"),
            name: format!("Institution {i:05}"),
            kind: Some(kinds[i % kinds.len()].into()),
            base: Some(["Europe", "Asia Pacific", "Americas"][i % 3].into()),
            focus: None,
            confidence: Score {
                score: (i % 101) as f64 / 100.0,
            },
            impact: Some(ImpactLevelOnly {
                level: [ImpactLevel::Low, ImpactLevel::Medium, ImpactLevel::High][i % 3],
            }),
            updated_at: format!("2026-{:02}-{:02}T00:00:00Z", 1 + i % 12, 1 + i % 28),
            revision: 1,
        })
        .collect()
}

#[wasm_bindgen_test]
async fn directory_renders_a_bounded_window_of_ten_thousand() {
    let index = Arc::new(DirectoryIndex::new(big_index(10_000)));
    let query = RwSignal::new(DirectoryQuery::default());
    let changes = RwSignal::new(Vec::<QueryChange>::new());
    let root = mount(move || {
        view! {
            <DirectoryView
                index=index
                links=LinkBase::default()
                query=query
                on_change=Callback::new(move |c| changes.update(|v| v.push(c)))
            />
        }
    });
    tick().await;
    assert_eq!(all(&root, ".pv-card").len(), PAGE_SIZE);
    assert!(text(&root, "#pv-results-status").contains("10,000 profiles"));

    // "Show more" adds one page.
    click(&one(&root, "#pv-show-more"));
    tick().await;
    assert_eq!(all(&root, ".pv-card").len(), 2 * PAGE_SIZE);

    // A query narrows the list and starts again at one page.
    query.set(DirectoryQuery {
        q: "institution 0999".into(),
        ..Default::default()
    });
    tick().await;
    // Terms match independently: "0999" is in 00999 and 09990..=09999.
    assert_eq!(all(&root, ".pv-card").len(), 11);
    assert!(text(&root, "#pv-results-status").contains("11 of 10,000"));
    assert!(all(&root, "#pv-show-more").is_empty());

    // Typing reports a replace-navigation with the new text.
    let input: web_sys::HtmlInputElement = one(&root, "#pv-search").dyn_into().unwrap();
    assert_eq!(input.value(), "institution 0999");
    input.set_value("registry");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
    let last = changes.get_untracked().last().cloned().unwrap();
    assert_eq!(last.query.q, "registry");
    assert!(last.replace);

    // A filter change reports a push-navigation.
    let select: web_sys::HtmlSelectElement = one(&root, "#pv-filter-grade").dyn_into().unwrap();
    select.set_value("bc");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    let last = changes.get_untracked().last().cloned().unwrap();
    assert_eq!(
        last.query.grade,
        Some(profile_viewer::directory_query::GradeFilter::BC)
    );
    assert!(!last.replace);

    // Nothing matches: say so, and offer to clear.
    query.set(DirectoryQuery {
        q: "zzz nothing".into(),
        ..Default::default()
    });
    tick().await;
    assert!(all(&root, ".pv-card").is_empty());
    assert!(text(&root, ".pv-empty").contains("No profiles match"));
    click(&one(&root, ".pv-empty button.pv-clear"));
    tick().await;
    let last = changes.get_untracked().last().cloned().unwrap();
    assert_eq!(last.query, DirectoryQuery::default());
}

/// The result rows are refilled in place as the query changes (for speed): after every
/// change each row must be exactly what a freshly rendered card for that result is.
#[wasm_bindgen_test]
async fn directory_rows_follow_the_results_while_typing() {
    // Rows of every shape move through the same slots.
    let index = Arc::new(DirectoryIndex::new(entries_of_every_shape(300)));
    let query = RwSignal::new(DirectoryQuery::default());
    let root = mount({
        let index = index.clone();
        move || view! { <DirectoryView index=index links=LinkBase::default() query=query on_change=Callback::new(|_| {})/> }
    });
    tick().await;
    let first_row = one(&root, "li.pv-card");
    let fresh = |i: usize| {
        let entry = &index.entries()[i];
        fresh_row(CardText::new(
            entry,
            LinkBase::default().profile_href(&entry.slug),
        ))
    };
    let steps = [
        ("", SortKey::Updated),
        ("i", SortKey::Updated),
        ("institution 0", SortKey::Updated),
        ("institution 00", SortKey::Updated),
        ("institution 000", SortKey::Updated),
        ("institution 0000", SortKey::Updated),
        ("institution 000", SortKey::Updated),
        ("institution 000", SortKey::Name),
        ("institution 00", SortKey::Confidence),
        ("registry", SortKey::Confidence),
        ("", SortKey::Name),
        ("", SortKey::Updated),
    ];
    for (text, sort) in steps {
        let q = DirectoryQuery {
            q: text.into(),
            sort,
            ..Default::default()
        };
        query.set(q.clone());
        tick().await;
        let want = index.query(&q);
        let want = &want[..want.len().min(PAGE_SIZE)];
        let rows = all(&root, "li.pv-card");
        assert_eq!(rows.len(), want.len(), "{q:?}");
        for (row, &i) in rows.iter().zip(want) {
            assert_eq!(row.outer_html(), fresh(i), "{q:?}, entry {i}");
        }
    }
    // The rows were reused, not replaced.
    assert!(first_row.is_connected());
    assert_eq!(one(&root, "li.pv-card"), first_row);
}

/// A row refilled from one shape of result to another (graded or not, with or without a
/// type line, an impact, a link) reads exactly as a row built for the new result.
#[wasm_bindgen_test]
async fn a_result_row_refilled_with_another_shape_equals_a_fresh_one() {
    let entries = entries_of_every_shape(11);
    let card = |i: usize| {
        let e = &entries[i];
        CardText::new(e, LinkBase::default().profile_href(&e.slug))
    };
    for (from, to) in [
        (6, 7),
        (7, 8),
        (8, 9),
        (9, 10),
        (10, 6),
        (6, 10),
        (10, 9),
        (9, 8),
        (8, 7),
        (7, 6),
    ] {
        let shown = RwSignal::new(card(from));
        let root = mount(move || result_row(shown.into()));
        tick().await;
        shown.set(card(to));
        tick().await;
        assert_eq!(root.inner_html(), fresh_row(card(to)), "{from} -> {to}");
        assert_ne!(fresh_row(card(from)), fresh_row(card(to)));
        root.remove();
    }
}

/// Entries of every shape a result row shows: 7 has no impact, 8 is ungraded, 9 has no kind
/// or base, 10 has a slug outside the contract's alphabet (no link); the rest have all.
fn entries_of_every_shape(n: usize) -> Vec<IndexEntry> {
    let mut entries = big_index(n);
    entries[7].impact = None;
    entries[8].confidence.score = 1.5;
    entries[9].kind = None;
    entries[9].base = None;
    entries[10].slug = "Not a slug".into();
    entries
}

/// The markup of a row freshly built for `card`.
fn fresh_row(card: CardText) -> String {
    let div = mount(move || result_row(Signal::stored(card.clone())));
    let html = div.inner_html();
    div.remove();
    html
}

#[wasm_bindgen_test]
async fn directory_selects_reflect_the_query() {
    let index = Arc::new(DirectoryIndex::new(big_index(20)));
    let query = RwSignal::new(DirectoryQuery::from_query_string(
        "?kind=Registry&sort=name&grade=bc",
    ));
    let root = mount(
        move || view! { <DirectoryView index=index links=LinkBase::default() query=query on_change=Callback::new(|_| {})/> },
    );
    tick().await;
    let value = |id: &str| {
        one(&root, id)
            .dyn_into::<web_sys::HtmlSelectElement>()
            .unwrap()
            .value()
    };
    assert_eq!(value("#pv-filter-kind"), "Registry");
    assert_eq!(value("#pv-sort"), "name");
    assert_eq!(value("#pv-filter-grade"), "bc");
    // Back/forward changes the query from outside: the controls follow.
    query.set(DirectoryQuery::default());
    tick().await;
    assert_eq!(value("#pv-filter-kind"), "");
    assert_eq!(value("#pv-sort"), "updated");
    let names: Vec<String> = all(&root, ".pv-card__title")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect();
    assert_eq!(names.len(), PAGE_SIZE.min(20));
    // Every card links to its profile.
    assert_eq!(
        all(&root, ".pv-card a[href^='/profiles/profile-']").len(),
        names.len()
    );
}

#[wasm_bindgen_test]
fn locked_card_does_not_repeat_the_audience_in_its_teaser() {
    // The sample's leadership briefing teaser is the tier's audience sentence.
    let briefing = sample().briefings[1].clone();
    let root = mount(move || {
        provide_context(SiteState(RwSignal::new(Some(site()))));
        view! { <LockedCard briefing=briefing/> }
    });
    assert_eq!(
        text(&root, ".pv-locked__teaser"),
        "For owners and management of IP-holding companies."
    );
    assert!(all(&root, ".pv-locked__audience").is_empty());
}

mod relationship_map {
    use super::*;
    use profile_views::map_layout::Direction;
    use profile_views::relationship_map::{MapNode, RelationshipMap};

    fn nodes(n: usize) -> Vec<MapNode> {
        (0..n)
            .map(|i| MapNode {
                name: format!("Wide Mmmm WWWW operator number {i} of the region"),
                relation: "receives-number-blocks-from-the-upstream-registry".into(),
                direction: if i % 4 == 3 {
                    Direction::Incoming
                } else {
                    Direction::Outgoing
                },
                href: (i % 2 == 0).then(|| format!("/profiles/p{i}")),
            })
            .collect()
    }

    /// The viewer's stylesheet, once: the map's fonts and which drawing shows come from it.
    fn with_styles() {
        let doc = document();
        if doc.get_element_by_id("pv-test-css").is_none() {
            let style = doc.create_element("style").unwrap();
            style.set_id("pv-test-css");
            style.set_text_content(Some(include_str!(concat!(env!("OUT_DIR"), "/main.css"))));
            doc.head().unwrap().append_child(&style).unwrap();
        }
    }

    /// (x, y, width, height) of an SVG element's `getBBox()`.
    fn bbox(el: &Element) -> (f64, f64, f64, f64) {
        measure(el, "getBBox")
    }

    /// The width of an element's box on the page.
    fn shown_width(el: &Element) -> f64 {
        measure(el, "getBoundingClientRect").2
    }

    /// (x, y, width, height) of what the method `name` answers.
    fn measure(el: &Element, name: &str) -> (f64, f64, f64, f64) {
        let f: js_sys::Function = js_sys::Reflect::get(el, &name.into())
            .unwrap()
            .dyn_into()
            .unwrap();
        let b = f.call0(el).unwrap();
        let n = |k: &str| {
            js_sys::Reflect::get(&b, &k.into())
                .unwrap()
                .as_f64()
                .unwrap()
        };
        (n("x"), n("y"), n("width"), n("height"))
    }

    /// Pairs of text elements of one drawing whose boxes overlap.
    fn overlaps(svg: &Element) -> Vec<String> {
        let texts = svg.query_selector_all("text").unwrap();
        let items: Vec<(String, (f64, f64, f64, f64))> = (0..texts.length())
            .map(|i| {
                let el: Element = texts.item(i).unwrap().dyn_into().unwrap();
                (el.text_content().unwrap_or_default(), bbox(&el))
            })
            .collect();
        let mut out = Vec::new();
        for (i, (ta, a)) in items.iter().enumerate() {
            for (tb, b) in items.iter().skip(i + 1) {
                let apart =
                    a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
                if !apart {
                    out.push(format!("{ta} / {tb}"));
                }
            }
        }
        out
    }

    fn mount_map(width: u32, n: usize) -> HtmlElement {
        with_styles();
        let div = mount(
            move || view! { <RelationshipMap centre="IANA functions (Public Technical Identifiers)".to_string() nodes=nodes(n)/> },
        );
        div.set_attribute("style", &format!("width: {width}px"))
            .unwrap();
        div
    }

    #[wasm_bindgen_test]
    fn no_relationships_no_map() {
        let div = mount_map(1000, 0);
        assert!(div.query_selector("svg").unwrap().is_none());
    }

    #[wasm_bindgen_test]
    async fn labels_never_overlap_for_1_5_and_40_relationships_in_either_drawing() {
        for n in [1, 5, 40] {
            for width in [320, 1000] {
                let div = mount_map(width, n);
                tick().await;
                let svgs = div.query_selector_all("svg").unwrap();
                assert_eq!(svgs.length(), 2);
                for i in 0..2 {
                    let svg: Element = svgs.item(i).unwrap().dyn_into().unwrap();
                    // The hidden drawing has no boxes; each one is checked where it shows.
                    let shown = shown_width(&svg) > 0.0;
                    if shown {
                        assert_eq!(overlaps(&svg), Vec::<String>::new(), "{n} at {width}");
                        assert!(
                            shown_width(&svg) <= width as f64 + 0.5,
                            "{n} at {width}: the drawing fits its box"
                        );
                    }
                }
                let links = div.query_selector_all(".pv-map__view--wide a").unwrap();
                assert_eq!(links.length() as usize, n.div_ceil(2));
                div.remove();
            }
        }
    }

    #[wasm_bindgen_test]
    fn the_same_data_gives_byte_identical_svg() {
        let a = mount_map(1000, 5);
        let b = mount_map(1000, 5);
        assert_eq!(a.inner_html(), b.inner_html());
        assert!(a.inner_html().contains("<svg"));
    }

    #[wasm_bindgen_test]
    fn hostile_labels_render_as_text() {
        with_styles();
        let evil = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        let div = mount(move || {
            view! {
                <RelationshipMap
                    centre=evil.to_string()
                    nodes=vec![MapNode {
                        name: evil.into(),
                        relation: evil.into(),
                        direction: Direction::Outgoing,
                        href: None,
                    }]
                />
            }
        });
        assert!(div.query_selector("img").unwrap().is_none());
        assert!(div.query_selector("script").unwrap().is_none());
        let text = div
            .query_selector(".pv-map__view--wide svg")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap();
        assert!(text.contains("<img"), "{text}");
    }
}
