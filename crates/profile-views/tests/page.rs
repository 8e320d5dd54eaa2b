//! The server's path to a profile's page and the directory: every sample profile, and the
//! directory's first screen, rendered by `page` from the viewer's own components, as HTML.
//! What is tested here is the page around them, the escaping of hostile text, the links
//! made and the briefing bodies never present.

use std::sync::Arc;

use profile_model::{PublicProfile, Publisher, SiteConfig};
use profile_views::directory_query::{DirectoryIndex, DirectoryQuery};
use profile_views::links::site_href;
use profile_views::page::{self, head, page_title, static_page, Reader};
use profile_views::state::SessionState;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn content(path: &str) -> String {
    format!("{}/../../content/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn site() -> Result<SiteConfig, Box<dyn std::error::Error>> {
    Ok(serde_json::from_slice(&std::fs::read(content(
        "site.json",
    ))?)?)
}

/// The first screen without the empty comments that separate a view's parts (`<!>`), which
/// a browser ignores and assertions on text would have to repeat.
fn first_screen(p: &PublicProfile, site: &SiteConfig, base: &str, reader: Reader) -> String {
    page::first_screen(p, site, base, reader).replace("<!>", "")
}

/// The signed-out page of a sample profile under `base`, with the sample site.
fn page(p: &PublicProfile, base: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(first_screen(p, &site()?, base, Reader::SignedOut))
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
    assert!(html.contains("<h1 part=\"title\" class=\"pv-profile__name\">DE-CIX</h1>"));
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
    assert!(html.contains("<tr aria-current=\"true\" class=\"pv-legend__row is-current\">"));
    assert_eq!(html.matches("aria-current").count(), 1);
    Ok(())
}

#[test]
fn only_the_top_level_elements_are_marked() -> TestResult {
    let html = page(&sample("de-cix")?, "")?;
    assert_eq!(html.matches("data-pv-first").count(), 5);
    for start in [
        "<a href=\"#main\" data-pv-first class=\"pv-skip-link\">",
        "<header data-pv-first class=\"pv-site-header\">",
        "<main id=\"main\" tabindex=\"-1\" data-pv-first class=\"pv-main\">",
        "<footer data-pv-first id=\"pv-first-end\" class=\"pv-site-footer\">",
        "<dialog role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"pv-login-title-0\" data-pv-first class=\"pv-dialog pv-login\">",
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
    let html = first_screen(&sample("linx")?, &site()?, "/viewer", Reader::Checking);
    assert!(html.contains("<a href=\"/viewer/\" class=\"pv-brand\">"));
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
    assert!(html.contains(
        "<h1 part=\"title\" class=\"pv-profile__name\">&lt;img src=x onerror=alert(1)&gt; &amp; \"q\"</h1>"
    ));
    assert!(!html.contains("javascript:"));
    assert!(html.contains("<span class=\"pv-link-text\">Evil</span>"));
    assert_eq!(
        page_title(&p.name),
        "<img src=x onerror=alert(1)> & \"q\" — Profile viewer"
    );
    Ok(())
}

const ROOT: &str = "https://news.example/viewer/";

#[test]
fn the_head_has_the_description_and_holds_rendering() -> TestResult {
    let mut p = sample("de-cix")?;
    let html = head(&p, &site()?, ROOT);
    assert!(html.starts_with(&format!(
        "<meta name=\"description\" content=\"{}\" data-pv-first>",
        p.key_points[0]
    )));
    assert!(html.ends_with("<link rel=\"expect\" href=\"#pv-first-end\" blocking=\"render\">"));
    p.key_points = vec!["\"><script>alert(1)</script>".into()];
    assert!(head(&p, &site()?, ROOT).starts_with(
        "<meta name=\"description\" content=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""
    ));
    Ok(())
}

#[test]
fn the_head_has_every_discovery_tag_from_public_data() -> TestResult {
    let p = sample("de-cix")?;
    let html = head(&p, &site()?, ROOT);
    let url = "https://news.example/viewer/profiles/de-cix";
    for tag in [
        format!("<link rel=\"canonical\" href=\"{url}\" data-pv-first>"),
        "<meta property=\"og:type\" content=\"article\" data-pv-first>".to_string(),
        "<meta property=\"og:title\" content=\"DE-CIX\" data-pv-first>".to_string(),
        format!("<meta property=\"og:url\" content=\"{url}\" data-pv-first>"),
        "<meta property=\"og:site_name\" content=\"BTW Media\" data-pv-first>".to_string(),
        format!("<meta property=\"og:description\" content=\"{}\" data-pv-first>", p.key_points[0]),
        "<meta name=\"twitter:card\" content=\"summary\" data-pv-first>".to_string(),
            "<link rel=\"alternate\" type=\"application/json+oembed\" \
             href=\"https://news.example/viewer/oembed?url=https%3A%2F%2Fnews.example%2Fviewer%2Fprofiles%2Fde-cix&amp;format=json\" \
             title=\"DE-CIX\" data-pv-first>"
            .to_string(),
    ] {
        assert!(html.contains(&tag), "{tag} in {html}");
    }
    let ld = json_ld(&html)?;
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["about"]["@type"], "Organization");
    assert_eq!(ld["about"]["name"], "DE-CIX");
    assert_eq!(ld["dateModified"], p.updated_at.as_str());
    assert_eq!(ld["publisher"]["name"], "BTW Media");
    assert_eq!(ld["url"], url);
    Ok(())
}

/// The JSON-LD of a head: the text of its one `application/ld+json` script.
fn json_ld(html: &str) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let start = html
        .find("<script type=\"application/ld+json\"")
        .ok_or("no JSON-LD")?;
    let text_start = start + html[start..].find('>').ok_or("no >")? + 1;
    let text_end = text_start + html[text_start..].find("</script>").ok_or("no end")?;
    assert_eq!(html.matches("<script").count(), 1, "one script element");
    Ok(serde_json::from_str(&html[text_start..text_end])?)
}

#[test]
fn hostile_names_are_escaped_in_every_head_tag() -> TestResult {
    let mut p = sample("de-cix")?;
    let hostile = "</script><script>alert(1)</script><!-- \"&'";
    p.name = hostile.into();
    p.key_points = vec![hostile.into()];
    p.kind = Some(hostile.into());
    p.publisher = None;
    let mut site = site()?;
    site.publisher.name = hostile.into();
    for html in [head(&p, &site, ROOT), page::directory_head(&site, ROOT)] {
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert_eq!(html.matches("</script").count(), 1, "{html}");
        assert!(!html.contains("<!--"), "{html}");
        assert!(!html.contains("\"&'"), "{html}");
        let ld = json_ld(&html)?;
        assert_eq!(ld["publisher"]["name"], hostile);
    }
    let html = head(&p, &site, ROOT);
    assert_eq!(json_ld(&html)?["about"]["description"], hostile);
    assert!(html.contains(
        "<meta property=\"og:title\" content=\"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &quot;&amp;'\""
    ), "{html}");
    Ok(())
}

#[test]
fn the_directory_head_links_the_feed_and_is_marked_for_the_app() -> TestResult {
    let html = page::directory_head(&site()?, ROOT);
    assert!(html
        .contains("<link rel=\"canonical\" href=\"https://news.example/viewer/\" data-pv-head>"));
    assert!(html.contains(
        "<link rel=\"alternate\" type=\"application/feed+json\" href=\"https://news.example/viewer/feed.json\""
    ));
    assert!(html.contains("<meta property=\"og:type\" content=\"website\" data-pv-head>"));
    assert!(!html.contains("data-pv-first"));
    assert_eq!(json_ld(&html)?["@type"], "CollectionPage");
    Ok(())
}

/// The sample index, searchable, as the server holds it.
fn sample_directory() -> Result<Arc<DirectoryIndex>, Box<dyn std::error::Error>> {
    let entries = sample_slugs()?
        .iter()
        .map(|slug| {
            let path = content(&format!("profiles/{slug}.json"));
            let authoring = profile_model::parse_authoring(&std::fs::read(path)?)
                .map_err(|issues| format!("{slug}: {} issue(s)", issues.len()))?;
            Ok(authoring.value.index_entry())
        })
        .collect::<Result<Vec<_>, Box<dyn std::error::Error>>>()?;
    Ok(Arc::new(DirectoryIndex::new(entries)))
}

#[test]
fn the_directory_first_screen_is_marked_like_a_profiles_and_lists_the_query() -> TestResult {
    let index = sample_directory()?;
    let site = site()?;
    let query = DirectoryQuery::from_query_string("q=cable&sort=name");
    let html = page::directory_first_screen(
        index.clone(),
        query.clone(),
        &site,
        "/viewer",
        SessionState::SignedOut,
    );
    assert_eq!(html.matches("data-pv-first").count(), 5);
    assert!(html.contains("<footer data-pv-first id=\"pv-first-end\" class=\"pv-site-footer\">"));
    for absent in ["<script", "style="] {
        assert!(!html.contains(absent), "{absent}");
    }
    // The search box and the sort menu say what the address asks for.
    assert!(html.contains("name=\"q\" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"Name, type or base\" value=\"cable\""));
    assert!(html.contains("<option value=\"name\" selected>Name A–Z</option>"));
    // Its results, in order, linked under the base path.
    let hits = index.search(&query, None).hits;
    assert!(!hits.is_empty());
    let mut at = 0;
    for i in hits {
        let slug = &index.get(i).ok_or("no entry")?.slug;
        let link = format!("<a href=\"/viewer/profiles/{slug}\" class=\"pv-card__link\">");
        at += html[at..]
            .find(&link)
            .ok_or(format!("{slug} missing or out of order"))?;
    }
    Ok(())
}

#[test]
fn the_directory_escapes_hostile_text_and_queries() -> TestResult {
    let mut entries = sample_directory()?.entries().to_vec();
    let hostile = entries.first_mut().ok_or("no sample")?;
    hostile.name = "<img src=x onerror=alert(1)> & \"q\"".into();
    hostile.kind = Some("</option><script>alert(2)</script>".into());
    let index = Arc::new(DirectoryIndex::new(entries));
    let query = DirectoryQuery::from_query_string("q=%22%3E%3Cscript%3Ealert(3)");
    let html =
        page::directory_first_screen(index.clone(), query, &site()?, "", SessionState::SignedOut);
    let everything = page::directory_first_screen(
        index,
        DirectoryQuery::default(),
        &site()?,
        "",
        SessionState::SignedOut,
    );
    for raw in ["<img", "<script", "\"><script"] {
        assert!(!html.contains(raw), "{raw}");
        assert!(!everything.contains(raw), "{raw}");
    }
    assert!(
        html.contains("value=\"&quot;&gt;&lt;script&gt;alert(3)\""),
        "{html}"
    );
    assert!(everything.contains("&lt;img src=x onerror=alert(1)&gt; &amp; \"q\"</a>"));
    assert!(everything.contains(">&lt;/option&gt;&lt;script&gt;alert(2)&lt;/script&gt;</option>"));
    Ok(())
}

#[test]
fn the_embed_snippet_is_the_readme_one() {
    assert_eq!(
        page::embed_snippet(ROOT, "linx"),
        "<script type=\"module\" src=\"https://news.example/viewer/embed.js\"></script>\
         <profile-viewer profile=\"linx\" api=\"https://news.example/viewer/api\" auth=\"cookie\"></profile-viewer>"
    );
    assert_eq!(
        page::root_url("http://127.0.0.1:8080", ""),
        "http://127.0.0.1:8080/"
    );
    assert_eq!(
        page::root_url("https://a.example", "/viewer"),
        "https://a.example/viewer/"
    );
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

#[test]
fn the_static_directory_is_the_first_screen_with_no_script() -> TestResult {
    let html = page::static_directory_page(sample_directory()?, &site()?, &["/main-1.css"]);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/main-1.css\">"));
    assert!(!html.contains("<script"));
    assert!(html.contains("id=\"pv-search\""));
    assert!(html.contains("class=\"pv-card\""));
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
            html.matches("class=\"pv-locked\">").count(),
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
                "<article part=\"card\" data-briefing-id=\"{}\" data-tier=\"{}\" data-state=\"signed-out\" tabindex=\"-1\" class=\"pv-locked\">",
                b.id, b.tier
            );
            let at = html.find(&card).ok_or(format!("{slug}: {card}"))?;
            let card = &html[at..at + html[at..].find("</article>").ok_or("end")?];
            assert!(card.contains(&format!(
                "<p class=\"pv-locked__eyebrow\">Members only · <span class=\"pv-locked__tier\">{}</span></p>",
                tier.name
            )));
            assert!(card.contains(&format!("<h3 class=\"pv-locked__title\">{}</h3>", b.title)));
            assert!(card.contains("<button type=\"button\" part=\"button\" class=\"pv-button pv-button--primary pv-locked__login\">Log in</button>"));
            // The sample tiers' join page is a same-origin path (the sample site's join.html).
            assert!(card.contains(&format!(
                "<a part=\"button\" href=\"/join.html#{}\" class=\"pv-button pv-button--secondary pv-locked__join\">Join {}</a>",
                b.tier, tier.name
            )), "{card}");
            assert!(card.ends_with("<p class=\"pv-print-only\">Members only</p></div>"));
            cards += 1;
        }
        let texts = body_texts(&slug)?;
        bodies.extend(texts.iter().cloned());
        for text in texts {
            let escaped = escape(&text);
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

/// Text as HTML escapes it.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
    let html = first_screen(&p, &site, "", Reader::SignedOut);
    // Unknown tier: humanized id, no audience, Join as a button, no teaser paragraph.
    assert!(html.contains("data-tier=\"gold-circle\""));
    assert!(html.contains("<span class=\"pv-locked__tier\">Gold circle</span>"));
    assert!(html.contains("<button type=\"button\" part=\"button\" class=\"pv-button pv-button--secondary pv-locked__join\">Join Gold circle</button>"));
    assert!(html.contains("<button type=\"button\" part=\"button\" class=\"pv-button pv-button--secondary pv-locked__join\">Join Leadership Alliance</button>"));
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
         <li><a href=\"/viewer/profiles/iana-functions\" class=\"pv-internal\">IANA functions: the registries behind protocol parameters</a></li>").ok_or("related")?;
    assert!(html.contains("<li><a href=\"https://www.rfc-editor.org/\" target=\"_blank\" rel=\"noopener noreferrer\" class=\"pv-external\">The RFC Editor's index of published RFCs<span class=\"pv-sr-only\"> (opens in a new tab)</span></a></li>"));
    let relationships = html.find("<section class=\"pv-section pv-relationships\"><h2 class=\"pv-section__title\">Key relationships</h2><div class=\"pv-map\">").ok_or("map")?;
    html.find("</div><ul class=\"pv-relationships__list\">\
         <li><a href=\"/viewer/profiles/iana-functions\" class=\"pv-internal\">IANA functions (Public Technical Identifiers)</a><span class=\"pv-relation\">Maintains registries for</span></li>\
         <li><span class=\"pv-relationships__name\">Internet Society</span><span class=\"pv-relation\">Organisational home</span></li>").ok_or("relationships")?;
    let sources = html.find("<section class=\"pv-section pv-sources\"><h2 class=\"pv-section__title\">Sources</h2><ol class=\"pv-sources__list\">\
         <li><a href=\"https://www.ietf.org/about/\" target=\"_blank\" rel=\"noopener noreferrer\" class=\"pv-external\">About the IETF<span class=\"pv-sr-only\"> (opens in a new tab)</span></a>\
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
    let html = first_screen(&sample("de-cix")?, &site, "", Reader::SignedOut);
    assert!(html.contains(
        "</nav><p class=\"pv-site-header__publisher\">BTW Media</p><div class=\"pv-session\">"
    ));
    assert!(html
        .contains("<div class=\"pv-site-footer__inner\"><p>Profiles published by BTW Media.</p>"));
    site.publisher.name = "<b>Evil</b> & Co".into();
    let html = first_screen(&sample("de-cix")?, &site, "", Reader::SignedOut);
    assert!(!html.contains("<b>"));
    assert!(html
        .contains("<p class=\"pv-site-header__publisher\">&lt;b&gt;Evil&lt;/b&gt; &amp; Co</p>"));
    assert!(html.contains("<p>Profiles published by &lt;b&gt;Evil&lt;/b&gt; &amp; Co.</p>"));
    Ok(())
}

#[test]
fn the_relationship_map_links_profiles_and_names_each_node() -> TestResult {
    let html = page(&sample("ripe-ncc")?, "")?;
    let map = &html[html.find("<div class=\"pv-map\">").ok_or("map")?..];
    // Both shapes, each titled, the linked node named in words.
    assert_eq!(
        map.matches("<title>Relationship map of RIPE NCC</title>")
            .count(),
        2
    );
    assert_eq!(
        map.matches("<a href=\"/profiles/iana-functions\" aria-label=\"RIPE NCC, receives number blocks from IANA functions (Public Technical Identifiers)\" class=\"pv-map__link\">").count(),
        2
    );
    // A relationship that names no profile is no link.
    assert!(map.contains("aria-label=\"RIPE NCC, member of Number Resource Organization\""));
    assert_eq!(map.matches("pv-map__link").count(), 2);
    Ok(())
}

#[test]
fn hostile_map_labels_stay_text() -> TestResult {
    let mut p = sample("linx")?;
    p.relationships[0].name = "<script>alert(1)</script>".into();
    p.relationships[0].relation = "\"><img src=x onerror=alert(1)>".into();
    p.relationships[1].slug = Some("javascript:alert(1)".into());
    let html = page(&p, "")?;
    assert!(!html.contains("<script>") && !html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("javascript:"));
    Ok(())
}

#[test]
fn the_map_is_the_same_for_the_same_data() -> TestResult {
    let p = sample("de-cix")?;
    assert_eq!(page(&p, "")?, page(&p, "")?);
    Ok(())
}

#[test]
fn the_first_screen_has_the_login_dialog_closed_and_the_buttons_that_open_it() -> TestResult {
    use profile_model::web::{LOGIN_DIALOG_CLASS as DIALOG_CLASS, LOGIN_OPENERS as OPENERS};
    use profile_views::login_dialog::DialogIds;
    let html = page(&sample("de-cix")?, "")?;
    let dialog = &html[html.find("<dialog").ok_or("no dialog")?..];
    let tag = &dialog[..dialog.find('>').ok_or("unclosed tag")?];
    assert!(!tag.contains(" open"), "{tag}");
    assert!(tag.contains(&format!(" {DIALOG_CLASS}\"")), "{tag}");
    let ids = DialogIds::new(0);
    for id in [&ids.title, &ids.error, &ids.email, &ids.password] {
        assert_eq!(dialog.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
    }
    assert!(dialog.contains(&format!("<label for=\"{}\">E-mail</label>", ids.email)));
    // The loader's selector finds the header's "Log in" and a locked card's.
    for opener in OPENERS.split(", ") {
        let class = opener.strip_prefix('.').ok_or("not a class selector")?;
        assert!(html.contains(&format!(" {class}\"")), "{class}");
    }
    Ok(())
}

#[test]
fn a_members_first_screen_opens_what_they_may_read_as_text_and_offers_the_rest() -> TestResult {
    use profile_model::{Block, Briefing, BriefingBody, Member, Source};
    let p = sample("us-officials-telecom-cyber-espionage")?;
    let [circle, leadership] = [&p.briefings[0], &p.briefings[1]];
    let hostile = "</p><script>alert(1)</script><img src=x onerror=alert(1)>";
    let readable = vec![Briefing {
        id: circle.id.clone(),
        title: circle.title.clone(),
        tier: circle.tier.clone(),
        teaser: None,
        body: BriefingBody {
            blocks: vec![Block::Paragraph {
                text: hostile.into(),
            }],
            sources: vec![Source {
                title: "A note".into(),
                url: Some("javascript:alert(1)".into()),
                publisher: None,
                retrieved_at: None,
            }],
        },
    }];
    let member = Member {
        name: "<b>Casey</b>".into(),
        email: String::new(),
        tier: circle.tier.clone(),
    };
    let html = first_screen(&p, &site()?, "", Reader::Member { member, readable });
    assert!(html.contains("<span class=\"pv-session__name\">&lt;b&gt;Casey&lt;/b&gt;</span>"));
    assert!(html.contains(&format!(
        "data-briefing-id=\"{}\" data-tier=\"{}\" data-state=\"open\"",
        circle.id, circle.tier
    )));
    assert!(html.contains(&format!(
        "data-briefing-id=\"{}\" data-tier=\"{}\" data-state=\"below-tier\"",
        leadership.id, leadership.tier
    )));
    assert!(html.contains(
        "&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    ));
    for absent in ["<script", "<img", "javascript:", "pv-locked__login"] {
        assert!(!html.contains(absent), "{absent}");
    }
    assert!(html.contains(">Upgrade to Leadership Alliance</a>"));
    Ok(())
}
