//! The shell for the directory carries its first page of results for the address's query,
//! and preloads the index when the app starts at once; for an existing profile's page that
//! profile's JSON when the app starts at once (a session cookie came along: the
//! fetch starts with the wasm download), with a page-relative href and the credentials mode
//! the viewer's own fetch uses; a profile's shell also carries its title and whole page
//! (`profile_views::page`), and a signed-out reader's preloads nothing (the app starts on the
//! reader's intent); every other page gets `index.html` as it is.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use profile_views::directory_query::{self, DirectoryQuery};
use profile_views::page::{self, Reader};
use profile_views::state::SessionState;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

const SLUG: &str = "us-officials-telecom-cyber-espionage";

/// The public form of a sample profile, as the server projects it.
fn public_profile(slug: &str) -> profile_model::PublicProfile {
    let file = workspace().join(format!("content/profiles/{slug}.json"));
    profile_model::parse_authoring(&std::fs::read(file).unwrap())
        .unwrap()
        .value
        .to_public()
}

fn preload_tag(href: &str) -> String {
    format!("<link rel=\"preload\" href=\"{href}\" as=\"fetch\" crossorigin=\"use-credentials\">")
}

#[tokio::test]
async fn an_existing_profile_page_has_its_whole_page_and_for_a_signed_out_reader_preloads_nothing()
{
    let s = start().await;
    let r = s.get(&format!("/profiles/{SLUG}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(header(&r, "cache-control"), Some("no-cache"));
    assert_eq!(header(&r, "vary"), Some("Cookie"));
    assert!(
        header(&r, "content-security-policy").is_some(),
        "security headers as on every answer"
    );
    let body = r.text().await.unwrap();

    // The title names the profile, the head ends with its description, holds rendering until
    // the whole first screen is in, and tells the loader to start the app only on the
    // reader's intent; the first screen ends the body; the rest of the shell is unchanged,
    // with no preload: a signed-out reader reads the page without the app. With a session
    // cookie the app starts at once (it has briefings to fetch): the JSON is preloaded (the
    // tag opens the head) and the session area says "Checking sign-in…".
    let profile = public_profile(SLUG);
    let expected = |preload: &str, start: &str, reader| {
        INDEX_HTML
            .replace("<head>", &format!("<head>{preload}"))
            .replace(
                "<title>Profile viewer (test dist)</title>",
                &page::title_element(&profile),
            )
            .replace(
                "</head>",
                &format!(
                    "{}{start}</head>",
                    page::head(&profile, &s.state.content().site, &format!("{}/", s.base))
                ),
            )
            .replace(
                "</body>",
                &format!(
                    "{}\n</body>",
                    page::first_screen(&profile, &s.state.content().site, "", reader)
                ),
            )
    };
    let on_intent = "<meta name=\"pv-start\" content=\"on-intent\">\n";
    assert_eq!(body, expected("", on_intent, Reader::SignedOut));
    assert!(body.contains(&format!(
        "<h1 part=\"title\" class=\"pv-profile__name\">{}</h1>",
        profile.name
    )));
    for leak in ["MEMBER-ONLY", "LEADERSHIP-ONLY"] {
        assert!(!body.contains(leak), "{leak}");
    }
    let r = s
        .get_as(&format!("/profiles/{SLUG}"), &Auth::Cookie("any".into()))
        .await;
    let tag = preload_tag(&format!("../api/profiles/{SLUG}"));
    assert_eq!(
        r.text().await.unwrap(),
        expected(&format!("\n{tag}"), "", Reader::Checking)
    );

    // What it points at is the profile's JSON, beside the page.
    let api = s.get(&format!("/api/profiles/{SLUG}")).await;
    assert_eq!(api.status(), StatusCode::OK);
}

/// Every text of at least 20 characters in the bodies of a sample profile's briefings,
/// read from the authoring file itself.
fn briefing_body_texts(slug: &str) -> Vec<String> {
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let file = workspace().join(format!("content/profiles/{slug}.json"));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let mut texts = Vec::new();
    for b in v["briefings"].as_array().unwrap() {
        strings(&b["body"], &mut texts);
    }
    texts.retain(|t| t.chars().count() >= 20);
    texts
}

#[tokio::test]
async fn a_profile_page_has_locked_cards_and_no_briefing_body() {
    let s = start().await;
    let profile = public_profile(SLUG);
    assert_eq!(profile.briefings.len(), 2);
    for auth in [Auth::None, Auth::Cookie("any".into())] {
        let r = s.get_as(&format!("/profiles/{SLUG}"), &auth).await;
        let body = r.text().await.unwrap();
        assert!(body.contains("<h2 class=\"pv-section__title\">Member briefings</h2>"));
        for b in &profile.briefings {
            assert!(
                body.contains(&format!(
                    "<article part=\"card\" data-briefing-id=\"{}\" data-tier=\"{}\" data-state=\"signed-out\" tabindex=\"-1\" class=\"pv-locked\">",
                    b.id, b.tier
                )),
                "{}",
                b.id
            );
        }
        assert_eq!(body.matches("pv-locked__login").count(), 2);
        assert!(body.contains("<a part=\"button\" href=\"/join.html#strategy-circle\" class=\"pv-button pv-button--secondary pv-locked__join\">Join Strategy Circle</a>"));
        assert!(body.contains("<p>Profiles published by BTW Media.</p>"));
        let texts = briefing_body_texts(SLUG);
        assert!(texts.iter().any(|t| t.contains("MEMBER-ONLY")));
        for text in texts {
            assert!(!body.contains(&text), "{text}");
        }
        for leak in ["MEMBER-ONLY", "LEADERSHIP-ONLY"] {
            assert!(!body.contains(leak), "{leak}");
        }
    }
}

#[tokio::test]
async fn the_session_area_of_the_first_screen_follows_the_cookie() {
    let s = start().await;
    let path = format!("/profiles/{SLUG}");
    let signed_out = s.get(&path).await.text().await.unwrap();
    assert!(signed_out.contains("<div class=\"pv-session\"><button type=\"button\" class=\"pv-button pv-button--secondary pv-session__login\">Log in</button></div>"));
    let r = s.get_as(&path, &Auth::Cookie("any".into())).await;
    let with_cookie = r.text().await.unwrap();
    assert!(with_cookie.contains("<div class=\"pv-session\"><span class=\"pv-session__checking\">Checking sign-in…</span></div>"));
}

/// The directory's shell: its first page for the address's query, the viewer's own
/// components rendered (`page::directory_first_screen`), in place as a profile's is.
fn directory_shell(
    s: &Server,
    query: &str,
    preload: &str,
    start: &str,
    session: SessionState,
) -> String {
    let content = s.state.content();
    let screen = page::directory_first_screen(
        content.directory.clone(),
        DirectoryQuery::from_query_string(query),
        &content.site,
        "",
        session,
    );
    let head = page::directory_first_head(&content.site, &format!("{}/", s.base));
    INDEX_HTML
        .replace("<head>", &format!("<head>{preload}"))
        .replace(
            "<title>Profile viewer (test dist)</title>",
            &page::directory_title_element(),
        )
        .replace("</head>", &format!("{head}{start}</head>"))
        .replace("</body>", &format!("{screen}\n</body>"))
}

#[tokio::test]
async fn the_directory_has_its_first_page_for_the_query_and_preloads_only_for_a_session() {
    let s = start().await;
    let on_intent = "<meta name=\"pv-start\" content=\"on-intent\">\n";
    for (path, query) in [("/", ""), ("/?q=cable&sort=name", "q=cable&sort=name")] {
        let r = s.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&r, "cache-control"), Some("no-cache"));
        assert_eq!(header(&r, "vary"), Some("Cookie"));
        let body = r.text().await.unwrap();
        let expected = directory_shell(&s, query, "", on_intent, SessionState::SignedOut);
        assert_eq!(body, expected, "{path}");
        assert!(!body.contains("preload"), "{path}");

        // The results are the search's, in its order: the first page of them.
        let q = DirectoryQuery::from_query_string(query);
        let content = s.state.content();
        let hits = content.directory.search(&q, None).hits;
        let slugs: Vec<&str> = body
            .match_indices("<li data-slug=\"")
            .map(|(at, m)| {
                let rest = &body[at + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let want: Vec<&str> = hits
            .iter()
            .take(directory_query::PAGE_SIZE)
            .map(|&i| content.directory.get(i).unwrap().slug.as_str())
            .collect();
        assert!(!want.is_empty(), "{path}");
        assert_eq!(slugs, want, "{path}");

        // A session cookie: "Checking sign-in…", and the app starts at once with the index.
        let r = s.get_as(path, &Auth::Cookie("any".into())).await;
        let tag = preload_tag("api/profiles");
        assert_eq!(
            r.text().await.unwrap(),
            directory_shell(&s, query, &format!("\n{tag}"), "", SessionState::Checking),
            "{path}"
        );
    }
    let cable = s.get("/?q=cable").await.text().await.unwrap();
    assert!(
        cable.contains("value=\"cable\""),
        "the search box shows the query"
    );
    assert_eq!(s.get("/api/profiles").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_directory_escapes_hostile_names_and_queries() {
    let content = content_dir();
    let file = workspace().join(format!("content/profiles/{SLUG}.json"));
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    v["slug"] = "hostile-name".into();
    v["name"] = "<img src=x onerror=alert(1)> & \"quoted\"".into();
    v["kind"] = "</option></select><script>alert(2)</script>".into();
    v["base"] = "'><b>bold</b>".into();
    std::fs::write(
        content.path().join("profiles").join("hostile-name.json"),
        v.to_string(),
    )
    .unwrap();
    let s = start_in(content, |_| {}).await;
    assert!(s.state.content().profiles.contains_key("hostile-name"));
    for path in [
        "/",
        "/?q=%22%3E%3Cscript%3Ealert(3)%3C%2Fscript%3E",
        "/?q=%3Cimg",
    ] {
        let body = s.get(path).await.text().await.unwrap();
        for raw in ["<img src=x", "<script>alert", "<b>bold", "\"><script>"] {
            assert!(!body.contains(raw), "{path}: {raw} unescaped");
        }
    }
    let body = s.get("/?q=%3Cimg").await.text().await.unwrap();
    assert!(
        body.contains("&lt;img src=x onerror=alert(1)&gt; &amp; \"quoted\"</a>"),
        "{body}"
    );
    assert!(body.contains("&lt;/option&gt;&lt;/select&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(body.contains("<li data-slug=\"hostile-name\""));
}

#[tokio::test]
async fn other_pages_get_the_plain_shell() {
    let s = start().await;
    for path in [
        "/index.html",
        "/saved",
        "/profiles/no-such-profile",
        "/profiles/Not-A-Slug",
        "/profiles/a%22%3E%3Cscript%3E",
        &format!("/profiles/{SLUG}/"),
        &format!("/profiles/{SLUG}/extra"),
    ] {
        let r = s.get(path).await;
        let found = ["/index.html", "/saved"].contains(&path);
        let status = if found {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(r.status(), status, "{path}");
        let body = r.text().await.unwrap();
        assert_eq!(body, INDEX_HTML, "{path}");
        assert!(!body.contains("preload"), "{path}");
    }
}

#[tokio::test]
async fn the_profile_shell_is_compressed_and_head_still_works() {
    let s = start().await;
    let mut h = HeaderMap::new();
    h.insert("accept-encoding", HeaderValue::from_static("br"));
    let r = s
        .send(
            Method::GET,
            &format!("/profiles/{SLUG}"),
            &Auth::None,
            h,
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-encoding"), Some("br"));
    let r = s
        .send(
            Method::HEAD,
            &format!("/profiles/{SLUG}"),
            &Auth::None,
            HeaderMap::new(),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(header(&r, "content-type").unwrap().starts_with("text/html"));
}

#[tokio::test]
async fn a_profile_added_by_a_reload_is_preloaded_too() {
    let s = start().await;
    let path = "/profiles/added-later";
    assert!(!s.get(path).await.text().await.unwrap().contains("preload"));
    let src = s
        .content
        .path()
        .join("profiles")
        .join(format!("{SLUG}.json"));
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&src).unwrap()).unwrap();
    v["slug"] = "added-later".into();
    std::fs::write(
        s.content.path().join("profiles").join("added-later.json"),
        v.to_string(),
    )
    .unwrap();
    s.state.reload().unwrap();
    let body = s
        .get_as(path, &Auth::Cookie("any".into()))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        body.contains(&preload_tag("../api/profiles/added-later")),
        "{body}"
    );
    let body = s.get(path).await.text().await.unwrap();
    assert!(
        body.contains("<h1 part=\"title\" class=\"pv-profile__name\">"),
        "{body}"
    );
}

#[tokio::test]
async fn a_members_page_has_the_briefings_of_their_tier_and_no_cache_keeps_it() {
    let s = start().await;
    let path = format!("/profiles/{SLUG}");

    let circle = s.login(CIRCLE).await;
    let r = s.get_as(&path, &Auth::Cookie(circle)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "cache-control"), Some("private, no-store"));
    assert_eq!(header(&r, "vary"), Some("Cookie"));
    let body = r.text().await.unwrap();
    assert!(body.contains("<span class=\"pv-session__name\">Casey Circle</span>"));
    assert!(body.contains("MEMBER-ONLY"), "the circle's own briefing");
    assert!(
        !body.contains("LEADERSHIP-ONLY"),
        "a briefing above the tier"
    );
    assert_eq!(body.matches("data-state=\"open\"").count(), 1);
    assert_eq!(body.matches("data-state=\"below-tier\"").count(), 1);
    assert!(body.contains(">Upgrade to Leadership Alliance</a>"));
    assert_eq!(body.matches("pv-briefing__body").count(), 1);
    // The app's first render gets the same from the preloads: the session, the one body.
    assert!(body.contains(&preload_tag("../api/auth/session")));
    assert_eq!(body.matches("/briefings/").count(), 1);

    let leader = s.login(LEADER).await;
    let body = s
        .get_as(&path, &Auth::Cookie(leader))
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("MEMBER-ONLY") && body.contains("LEADERSHIP-ONLY"));
    assert_eq!(body.matches("data-state=\"open\"").count(), 2);

    // A session that has ended shows nobody's briefings.
    let ended = s.login(CIRCLE).await;
    s.post("/api/auth/logout", &Auth::Cookie(ended.clone()), None)
        .await;
    let r = s.get_as(&path, &Auth::Cookie(ended)).await;
    assert_eq!(header(&r, "cache-control"), Some("no-cache"));
    let body = r.text().await.unwrap();
    assert!(body.contains("Checking sign-in…"));
    assert!(!body.contains("MEMBER-ONLY"));
    assert!(!body.contains("pv-briefing__body"));
}
