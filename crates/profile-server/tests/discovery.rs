//! Discovery (contract section 8): head tags of profile pages and the directory, sitemap,
//! robots.txt, feed, oEmbed and the served JSON Schemas; public data only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// The JSON-LD of a page: the text of its one `application/ld+json` script.
fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\"")
        .expect("JSON-LD");
    let text_start = start + html[start..].find('>').unwrap() + 1;
    let text_end = text_start + html[text_start..].find("</script>").unwrap();
    serde_json::from_str(&html[text_start..text_end]).expect("JSON-LD parses")
}

/// Every string of every briefing body in the sample content: none may leave the server
/// except to an entitled member.
fn briefing_texts() -> Vec<String> {
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if s.len() >= 20 => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            Value::Object(o) => o.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for file in sample_profile_files() {
        let v: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        for b in v["briefings"].as_array().into_iter().flatten() {
            strings(&b["body"], &mut out);
        }
    }
    assert!(out.len() > 5, "the samples have briefing bodies");
    out
}

fn assert_no_briefing_text(what: &str, body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    for secret in briefing_texts() {
        assert!(!text.contains(&secret), "{what}: briefing text {secret:?}");
    }
    assert!(
        !text.contains("MEMBER-ONLY") && !text.contains("LEADERSHIP-ONLY"),
        "{what}"
    );
}

fn sample_slugs() -> Vec<String> {
    let mut slugs: Vec<String> = sample_profile_files()
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    slugs
}

#[tokio::test]
async fn a_profile_page_has_canonical_open_graph_twitter_oembed_and_json_ld() {
    let s = start().await;
    let html = s.get("/profiles/linx").await.text().await.unwrap();
    let url = format!("{}/profiles/linx", s.base);
    for tag in [
        format!("<link rel=\"canonical\" href=\"{url}\" data-pv-first>"),
        "<meta property=\"og:type\" content=\"article\" data-pv-first>".into(),
        "<meta property=\"og:title\" content=\"LINX (London Internet Exchange)\" data-pv-first>"
            .into(),
        format!("<meta property=\"og:url\" content=\"{url}\" data-pv-first>"),
        "<meta property=\"og:site_name\" content=\"BTW Media\" data-pv-first>".into(),
        "<meta name=\"twitter:card\" content=\"summary\" data-pv-first>".into(),
        "<link rel=\"alternate\" type=\"application/json+oembed\"".into(),
    ] {
        assert!(html.contains(&tag), "{tag}");
    }
    assert!(html.contains("<meta property=\"og:description\" content=\""));
    let ld = json_ld(&html);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["about"]["@type"], "Organization");
    assert_eq!(ld["about"]["name"], "LINX (London Internet Exchange)");
    assert_eq!(ld["url"], url.as_str());
    assert!(ld["dateModified"].as_str().unwrap().starts_with("20"));
    assert_eq!(ld["publisher"]["name"], "BTW Media");
    assert_no_briefing_text("profile page", html.as_bytes());
}

#[tokio::test]
async fn the_public_origin_and_base_path_make_every_absolute_url() {
    let s = start_with(|c| {
        c.public_origin = Some("https://news.example".into());
        c.base_path = "/viewer".into();
    })
    .await;
    let html = s.get("/viewer/profiles/linx").await.text().await.unwrap();
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://news.example/viewer/profiles/linx\" data-pv-first>"
    ));
    assert!(html.contains("href=\"https://news.example/viewer/oembed?url=https%3A%2F%2Fnews.example%2Fviewer%2Fprofiles%2Flinx&amp;format=json\""));
    let robots = s.get("/viewer/robots.txt").await.text().await.unwrap();
    assert!(robots.contains("Sitemap: https://news.example/viewer/sitemap.xml\n"));
    let sitemap = s.get("/viewer/sitemap.xml").await.text().await.unwrap();
    assert!(sitemap.contains("<loc>https://news.example/viewer/profiles/linx</loc>"));
    let r = s
        .get("/viewer/oembed?url=https%3A%2F%2Fnews.example%2Fviewer%2Fprofiles%2Flinx")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert!(v["html"]
        .as_str()
        .unwrap()
        .contains("src=\"https://news.example/viewer/embed.js\""));
    // Outside the base path there is nothing of the viewer.
    assert_eq!(s.get("/sitemap.xml").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_hostile_name_is_escaped_in_every_head_tag_and_the_json_ld() {
    let content = content_dir();
    let file = content.path().join("profiles/linx.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let hostile = "</script><script>alert(1)</script><!-- \"&' <img src=x onerror=alert(2)>";
    v["name"] = hostile.into();
    v["key_points"][0] = hostile.into();
    v["kind"] = hostile.into();
    std::fs::write(&file, v.to_string()).unwrap();
    let s = start_in(content, |_| {}).await;
    let html = s.get("/profiles/linx").await.text().await.unwrap();
    let head = &html[..html.find("</head>").unwrap()];
    assert_eq!(head.matches("<script").count(), 1, "only the JSON-LD");
    assert_eq!(head.matches("</script").count(), 1);
    assert!(!head.contains("<!--") && !head.contains("<img"), "{head}");
    assert!(head.contains("<meta property=\"og:title\" content=\"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &quot;&amp;' &lt;img src=x onerror=alert(2)&gt;\" data-pv-first>"), "{head}");
    let ld = json_ld(&html);
    assert_eq!(ld["headline"], hostile);
    assert_eq!(ld["about"]["description"], hostile);
    // The feed and oEmbed are JSON: the name round-trips.
    let feed: Value = s.get("/feed.json").await.json().await.unwrap();
    assert!(feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["title"] == hostile));
    let oembed: Value = s
        .get(&format!("/oembed?url={}/profiles/linx&format=json", s.base))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(oembed["title"], hostile);
}

#[tokio::test]
async fn the_directory_has_its_own_tags_and_links_the_feed() {
    let s = start().await;
    let html = s.get("/").await.text().await.unwrap();
    let head = &html[..html.find("</head>").unwrap()];
    assert!(head.contains(&format!(
        "<link rel=\"canonical\" href=\"{}/\" data-pv-head>",
        s.base
    )));
    assert!(head.contains(&format!(
        "<link rel=\"alternate\" type=\"application/feed+json\" href=\"{}/feed.json\"",
        s.base
    )));
    assert!(head.contains("<meta property=\"og:type\" content=\"website\" data-pv-head>"));
    assert!(head.contains("<meta name=\"twitter:card\" content=\"summary\" data-pv-head>"));
    assert_eq!(json_ld(head)["@type"], "CollectionPage");
    // The tags are the app's to replace, not part of the first screen the loader removes.
    assert!(
        !head.contains("data-pv-head data-pv-first")
            && !head.contains("data-pv-first data-pv-head")
    );
    assert!(html.contains("<main id=\"main\" tabindex=\"-1\" data-pv-first class=\"pv-main\">"));
}

#[tokio::test]
async fn the_sitemap_lists_exactly_the_valid_profiles_and_robots_names_it() {
    let content = content_dir();
    std::fs::write(content.path().join("profiles/broken.json"), "{\"schema\":").unwrap();
    let s = start_in(content, |_| {}).await;
    let r = s.get("/sitemap.xml").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        header(&r, "content-type"),
        Some("application/xml; charset=utf-8")
    );
    let xml = r.text().await.unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let prefix = format!("<loc>{}/profiles/", s.base);
    let mut listed: Vec<String> = xml
        .split(&prefix)
        .skip(1)
        .map(|rest| rest[..rest.find("</loc>").unwrap()].to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, sample_slugs());
    assert!(xml.contains(&format!("<url><loc>{}/</loc><lastmod>", s.base)));
    assert_eq!(xml.matches("<lastmod>20").count(), sample_slugs().len() + 1);
    assert_no_briefing_text("sitemap", xml.as_bytes());

    let r = s.get("/robots.txt").await;
    assert_eq!(r.status(), StatusCode::OK);
    let robots = r.text().await.unwrap();
    assert!(robots.starts_with("User-agent: *\n"));
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml\n", s.base)));
}

#[tokio::test]
async fn the_feed_is_a_json_feed_of_profile_revisions() {
    let s = start().await;
    let r = s.get("/feed.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        header(&r, "content-type"),
        Some("application/feed+json; charset=utf-8")
    );
    let body = r.bytes().await.unwrap();
    assert_no_briefing_text("feed", &body);
    let feed: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert!(feed["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(feed["feed_url"], format!("{}/feed.json", s.base));
    assert_eq!(feed["home_page_url"], format!("{}/", s.base));
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), sample_slugs().len());
    let mut dates = Vec::new();
    for item in items {
        // JSON Feed 1.1: every item has an id and content; ours also a URL, title and date.
        let id = item["id"].as_str().unwrap();
        let url = item["url"].as_str().unwrap();
        assert!(id.starts_with(url) && id.contains("#revision-"), "{id}");
        assert!(url.starts_with(&format!("{}/profiles/", s.base)));
        assert!(item["content_text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(item["title"].as_str().is_some());
        dates.push(item["date_modified"].as_str().unwrap().to_string());
    }
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
}

#[tokio::test]
async fn oembed_answers_for_a_profile_page_and_404_for_anything_else() {
    let s = start().await;
    let page = format!("{}/profiles/linx", s.base);
    let r = s
        .get(&format!("/oembed?url={page}&format=json&maxwidth=500"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), Some("application/json"));
    let body = r.bytes().await.unwrap();
    assert_no_briefing_text("oembed", &body);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["version"], "1.0");
    assert_eq!(v["type"], "rich");
    assert_eq!(v["title"], "LINX (London Internet Exchange)");
    assert_eq!(v["provider_name"], "BTW Media");
    assert_eq!(v["width"], 500);
    assert!(v["height"].as_u64().unwrap() >= 400);
    assert_eq!(
        v["html"],
        format!(
            "<script type=\"module\" src=\"{0}/embed.js\"></script><profile-viewer profile=\"linx\" api=\"{0}/api\" auth=\"cookie\"></profile-viewer>",
            s.base
        )
    );
    // The discovery link on the page names this very endpoint.
    let html = s.get("/profiles/linx").await.text().await.unwrap();
    let href = format!(
        "{}/oembed?url={}&amp;format=json",
        s.base,
        page.replace(':', "%3A").replace('/', "%2F")
    );
    assert!(html.contains(&href), "{href}");

    for no in [
        format!("{}/profiles/no-such-profile", s.base),
        format!("{}/saved", s.base),
        format!("{}/", s.base),
        "https://evil.example/profiles/linx".to_string(),
        "not a url".to_string(),
    ] {
        let r = s
            .client
            .get(s.url("/oembed"))
            .query(&[("url", &no)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{no}");
    }
    assert_eq!(s.get("/oembed").await.status(), StatusCode::NOT_FOUND);
    let xml = s.get(&format!("/oembed?url={page}&format=xml")).await;
    assert_eq!(xml.status(), StatusCode::NOT_IMPLEMENTED);
}

#[tokio::test]
async fn the_schemas_are_served_with_their_id() {
    let s = start().await;
    for name in [
        "profile-authoring.schema.json",
        "profile-public.schema.json",
        "briefing.schema.json",
        "index.schema.json",
        "site.schema.json",
    ] {
        let r = s.get(&format!("/schema/{name}")).await;
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        assert_eq!(header(&r, "content-type"), Some("application/schema+json"));
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["$id"], format!("{}/schema/{name}", s.base));
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
    assert_eq!(
        s.get("/schema/nope.json").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get("/schema/../Cargo.toml").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unknown_paths_stay_404() {
    let s = start().await;
    for path in [
        "/sitemap.xml.bak",
        "/feed.xml",
        "/robots",
        "/oembed/x",
        "/nope",
    ] {
        assert_eq!(s.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
}
