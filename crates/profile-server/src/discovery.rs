//! Discovery (contract section 8): what crawlers, link previews, feed readers, CMSs and
//! editors ask of a publisher's site, from public data only.
//!
//! - `GET /sitemap.xml`: the directory and every profile, with `lastmod`.
//! - `GET /robots.txt`: allows everything and names the sitemap.
//! - `GET /feed.json`: profile updates as a JSON Feed 1.1, one item per revision.
//! - `GET /oembed?url=<profile page>&format=json`: the embed snippet for a CMS.
//! - `GET /schema/{name}`: the JSON Schemas of the formats, with this server's `$id`.
//!
//! Absolute URLs start at the viewer's root: `--public-origin` and `--base-path`, or without
//! `--public-origin` the request's `Host` (https, or http with `--insecure-cookies`).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use profile_model::PublicProfile;
use profile_views::page::{self, profile_url};
use serde::Deserialize;

use crate::state::AppState;

/// The committed schemas (`public/schema/`), served as they are but for `$id`.
const SCHEMAS: [(&str, &str); 5] = [
    (
        "profile-authoring.schema.json",
        include_str!("../../../public/schema/profile-authoring.schema.json"),
    ),
    (
        "profile-public.schema.json",
        include_str!("../../../public/schema/profile-public.schema.json"),
    ),
    (
        "briefing.schema.json",
        include_str!("../../../public/schema/briefing.schema.json"),
    ),
    (
        "index.schema.json",
        include_str!("../../../public/schema/index.schema.json"),
    ),
    (
        "site.schema.json",
        include_str!("../../../public/schema/site.schema.json"),
    ),
];

/// The oEmbed frame for a full profile: a column of an article, tall enough for the
/// profile's first screen; a consumer's `maxwidth`/`maxheight` lower it.
const OEMBED_WIDTH: u32 = 720;
const OEMBED_HEIGHT: u32 = 900;

/// The routes, for the viewer's router (under `--base-path` like the app).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/robots.txt", get(robots))
        .route("/feed.json", get(feed))
        .route("/oembed", get(oembed))
        .route("/schema/{name}", get(schema))
}

/// The viewer's absolute root URL for this request, e.g. `https://news.example/viewer/`.
pub fn root(state: &AppState, headers: &HeaderMap) -> String {
    let origin = state.config.public_origin.clone().unwrap_or_else(|| {
        let scheme = if state.config.insecure_cookies {
            "http"
        } else {
            "https"
        };
        // A Host with anything but host and port characters is not echoed into a page.
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| crate::security::normalise_origin(&format!("{scheme}://{h}")));
        host.unwrap_or_else(|| format!("{scheme}://localhost"))
    });
    page::root_url(&origin, &state.config.base_path)
}

fn answer(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// The profiles, most recently updated first.
fn by_update(profiles: impl Iterator<Item = PublicProfile>) -> Vec<PublicProfile> {
    let mut list: Vec<PublicProfile> = profiles.collect();
    list.sort_by(|a, b| {
        b.updated_at
            .cmp(&a.updated_at)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    list
}

/// Text for XML character data and attribute values.
fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let root = root(&state, &headers);
    let content = state.content();
    let profiles = by_update(content.profiles.values().map(|p| p.public.clone()));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entry = |loc: &str, lastmod: Option<&str>| {
        xml.push_str(&format!("<url><loc>{}</loc>", xml_text(loc)));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", xml_text(lastmod)));
        }
        xml.push_str("</url>\n");
    };
    // The directory changes when any profile does.
    entry(&root, profiles.first().map(|p| p.updated_at.as_str()));
    for p in &profiles {
        if let Some(url) = profile_url(&root, &p.slug) {
            entry(&url, Some(&p.updated_at));
        }
    }
    xml.push_str("</urlset>\n");
    answer("application/xml; charset=utf-8", xml)
}

async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let root = root(&state, &headers);
    answer(
        "text/plain; charset=utf-8",
        format!("User-agent: *\nAllow: /\n\nSitemap: {root}sitemap.xml\n"),
    )
}

async fn feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let root = root(&state, &headers);
    let content = state.content();
    let publisher = &content.site.publisher;
    let items: Vec<serde_json::Value> =
        by_update(content.profiles.values().map(|p| p.public.clone()))
            .iter()
            .filter_map(|p| {
                let url = profile_url(&root, &p.slug)?;
                let mut item = serde_json::json!({
                    // A new revision is a new item, so a reader sees the update.
                    "id": format!("{url}#revision-{}", p.revision),
                    "url": url,
                    "title": p.name,
                    "summary": p.description(),
                    "content_text": p.description(),
                    "date_modified": p.updated_at,
                });
                if let Some(kind) = &p.kind {
                    item["tags"] = serde_json::json!([kind]);
                }
                Some(item)
            })
            .collect();
    let mut author = serde_json::json!({"name": publisher.name});
    if let Some(url) = publisher
        .url
        .as_deref()
        .and_then(profile_views::links::external_href)
    {
        author["url"] = url.into();
    }
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": page::DIRECTORY_TITLE,
        "description": page::DIRECTORY_DESCRIPTION,
        "home_page_url": root,
        "feed_url": format!("{root}feed.json"),
        "language": "en",
        "authors": [author],
        "items": items,
    });
    answer("application/feed+json; charset=utf-8", feed.to_string())
}

#[derive(Deserialize)]
pub struct OembedParams {
    url: Option<String>,
    format: Option<String>,
    maxwidth: Option<u32>,
    maxheight: Option<u32>,
}

async fn oembed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<OembedParams>,
) -> Response {
    // The oEmbed spec's answer to a format the provider does not offer.
    if params.format.as_deref().is_some_and(|f| f != "json") {
        return (StatusCode::NOT_IMPLEMENTED, "format: json only\n").into_response();
    }
    let root = root(&state, &headers);
    let content = state.content();
    let profile = params
        .url
        .as_deref()
        .and_then(|url| slug_of(&root, url))
        .and_then(|slug| content.profiles.get(slug));
    let Some(profile) = profile else {
        return not_found();
    };
    let p = &profile.public;
    let publisher = &content.site.publisher;
    let mut answer_json = serde_json::json!({
        "version": "1.0",
        "type": "rich",
        "title": p.name,
        "provider_name": publisher.name,
        "provider_url": root,
        "html": page::embed_snippet(&root, &p.slug),
        "width": params.maxwidth.map_or(OEMBED_WIDTH, |w| w.min(OEMBED_WIDTH)),
        "height": params.maxheight.map_or(OEMBED_HEIGHT, |h| h.min(OEMBED_HEIGHT)),
        "cache_age": 3600,
    });
    if let Some(publisher) = &p.publisher {
        answer_json["author_name"] = publisher.name.as_str().into();
    }
    answer("application/json", answer_json.to_string())
}

/// The slug of a profile page URL under `root` (a query, a fragment or a final `/` aside).
fn slug_of<'a>(root: &str, url: &'a str) -> Option<&'a str> {
    let url = url.split(['?', '#']).next()?;
    let slug = url.strip_prefix(root)?.strip_prefix("profiles/")?;
    let slug = slug.strip_suffix('/').unwrap_or(slug);
    profile_model::validate::is_slug(slug).then_some(slug)
}

async fn schema(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    let Some((_, text)) = SCHEMAS.iter().find(|(n, _)| *n == name) else {
        return not_found();
    };
    let Ok(mut schema) = serde_json::from_str::<serde_json::Value>(text) else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "bad schema\n").into_response();
    };
    schema["$id"] = format!("{}schema/{name}", root(&state, &headers)).into();
    let mut response = answer("application/schema+json", schema.to_string());
    // Editors and validators fetch schemas from anywhere.
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_urls_under_the_root_only() {
        let root = "https://news.example/viewer/";
        assert_eq!(
            slug_of(root, "https://news.example/viewer/profiles/linx"),
            Some("linx")
        );
        assert_eq!(
            slug_of(root, "https://news.example/viewer/profiles/linx/?a=1#x"),
            Some("linx")
        );
        for no in [
            "https://news.example/profiles/linx",
            "https://evil.example/viewer/profiles/linx",
            "https://news.example/viewer/profiles/",
            "https://news.example/viewer/profiles/a/b",
            "https://news.example/viewer/saved",
            "https://news.example/viewer/",
        ] {
            assert_eq!(slug_of(root, no), None, "{no}");
        }
    }

    #[test]
    fn xml_text_escapes_markup() {
        assert_eq!(xml_text("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
