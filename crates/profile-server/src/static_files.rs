//! The built viewer (`--dist`): files as they are (precompressed `.br`/`.gz` siblings when
//! present), `index.html` for the app's own routes (200) and as the body of every other
//! path, which is a 404 (the app shows its not-found page; crawlers and monitors see a real
//! 404), and cache headers that
//! let browsers keep hashed assets forever but always revalidate the HTML. The shell of the
//! directory and of an existing profile's page carries its first screen (for a member, with
//! the briefings that member may read), and preloads the JSON it shows when the app starts
//! at once ([`shell`]).

mod shell;

use profile_model::{Briefing, Member};
use profile_views::directory_query::DirectoryQuery;
use profile_views::page::{self, Reader};
use profile_views::state::SessionState;
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;

use crate::state::AppState;

/// Trunk's hashed file names: `name-<hex>.ext`, `name-<hex>_bg.wasm`. Trunk prints the hash
/// without leading zeros, so accept 8 to 16 hex digits.
pub fn is_hashed(file_name: &str) -> bool {
    let Some((stem, _ext)) = file_name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && (8..=16).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The file under `dist` a request path names, without following `..`.
fn file_for(dist: &Path, path: &str) -> Option<PathBuf> {
    let mut file = dist.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => file.push(p),
            _ => return None,
        }
    }
    Some(file)
}

/// The app's routes (`src/app.rs`): the directory, a profile that exists, the saved list,
/// the map.
/// The server answers every other path that is no file with 404 (and the shell as body, so
/// the app still shows its not-found page).
fn is_app_route(state: &AppState, path: &str) -> bool {
    match path {
        "/" | "/saved" | "/map" => true,
        _ => path
            .strip_prefix("/profiles/")
            .is_some_and(|slug| state.content().profiles.contains_key(slug)),
    }
}

/// A file, or a folder with an `index.html`, under `dist`.
fn exists_in_dist(dist: &Path, path: &str) -> bool {
    file_for(dist, path).is_some_and(|f| f.is_file() || f.join("index.html").is_file())
}

pub async fn serve(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path == "/api" || path.starts_with("/api/") {
        // Whatever the nested API router did not match: never the app's HTML.
        return crate::api::not_found().await;
    }
    if req.method() == Method::GET {
        let query = req.uri().query().unwrap_or_default();
        if let Some(shell) = preloading_shell(&state, &path, query, req.headers()).await {
            return shell;
        }
    }
    let hashed = path.rsplit('/').next().is_some_and(is_hashed)
        && file_for(&state.config.dist_dir, &path).is_some_and(|f| f.is_file());
    let not_found = !is_app_route(&state, &path) && !exists_in_dist(&state.config.dist_dir, &path);
    let mut req = req;
    if not_found {
        // The shell is the body of a 404: never a 304 or a range of it.
        for h in [
            header::IF_NONE_MATCH,
            header::IF_MODIFIED_SINCE,
            header::RANGE,
            header::IF_RANGE,
        ] {
            req.headers_mut().remove(h);
        }
    }
    let mut response = match state.files.clone().oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    if response.status() == StatusCode::NOT_FOUND {
        // No index.html either: say so plainly rather than with an empty body.
        return (
            StatusCode::NOT_FOUND,
            "not found (is --dist a built viewer?)\n",
        )
            .into_response();
    }
    if not_found && response.status().is_success() {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    let cache = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// `index.html` with the first screen of the page at `path` (`query`: the directory's
/// search, filters and sort) for the directory and a profile that exists, and with a
/// preload of the JSON the page shows when the app starts at once (a preload of a 404 would
/// only waste a request). `None` otherwise, or when there is no readable `index.html` (then
/// the plain file service answers as before).
async fn preloading_shell(
    state: &AppState,
    path: &str,
    query: &str,
    request_headers: &HeaderMap,
) -> Option<Response> {
    let page = shell::page(path)?;
    let content = state.content();
    let profile = match page {
        shell::Page::Profile(slug) => Some(&content.profiles.get(slug)?.public),
        shell::Page::Directory => None,
    };
    let index = tokio::fs::read_to_string(state.config.dist_dir.join("index.html"))
        .await
        .ok()?;
    let root = crate::discovery::root(state, request_headers);
    // For a signed-out reader the first screen is all there is until the reader reaches for
    // one of the app's controls, and the page preloads nothing. With a session cookie the app
    // starts at once; a profile's page then shows the member the session speaks for with the
    // briefings that member may read, and preloads what the app needs to show the same.
    let cookie = crate::auth::cookie_session(request_headers, state.cookie_name());
    let start = match cookie.ok().flatten() {
        Some(_) => shell::Start::AtOnce,
        None => shell::Start::OnIntent,
    };
    let member = match (start, &page) {
        (shell::Start::AtOnce, shell::Page::Profile(_)) => {
            crate::api::current(state, request_headers)
                .await
                .ok()
                .flatten()
        }
        _ => None,
    };
    let mut tags = shell::tag(&page);
    let reader = match (start, member, &page) {
        (shell::Start::OnIntent, _, _) => Reader::SignedOut,
        (shell::Start::AtOnce, Some(member), shell::Page::Profile(slug)) => {
            let readable = readable_briefings(state, &member, slug);
            let ids = readable.iter().map(|b| b.id.as_str());
            tags = format!("{tags}\n{}", shell::member_tags(slug, ids));
            Reader::Member { member, readable }
        }
        (shell::Start::AtOnce, _, _) => Reader::Checking,
    };
    let members_page = matches!(reader, Reader::Member { .. });
    let preloading = || shell::inject(&index, &tags);
    let shell = match start {
        shell::Start::AtOnce => Cow::Owned(preloading()?),
        shell::Start::OnIntent => Cow::Borrowed(index.as_str()),
    };
    let base = &state.config.base_path;
    let (title, head, body) = match profile {
        None => (
            page::directory_title_element(),
            page::directory_first_head(&content.site, &root),
            page::directory_first_screen(
                content.directory.clone(),
                DirectoryQuery::from_query_string(query),
                &content.site,
                base,
                match reader {
                    Reader::SignedOut => SessionState::SignedOut,
                    _ => SessionState::Checking,
                },
            ),
        ),
        Some(p) => (
            page::title_element(p),
            page::head(p, &content.site, &root),
            page::first_screen(p, &content.site, base, reader),
        ),
    };
    let html = match shell::with_first_screen(&shell, &page, &title, &head, &body, start) {
        Some(html) => html,
        // A shell this code cannot place the first screen in still works without it.
        None => preloading()?,
    };
    // The page depends on whether a session cookie came along. A member's holds briefing
    // bodies: no cache but the member's browser's memory may keep it.
    let cache = if members_page {
        "private, no-store"
    } else {
        "no-cache"
    };
    let response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::VARY, HeaderValue::from_static("Cookie")),
        ],
        html,
    )
        .into_response();
    Some(response)
}

/// The briefings of `slug` that `member`'s tier may read, with their bodies.
fn readable_briefings(state: &AppState, member: &Member, slug: &str) -> Vec<Briefing> {
    let content = state.content();
    let Some(entry) = content.profiles.get(slug) else {
        return Vec::new();
    };
    entry
        .profile
        .briefings
        .iter()
        .filter(|b| crate::auth::entitled(&content.site, &member.tier, &b.tier))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        for yes in [
            "profile-viewer-3f2a1b4c5d6e7f80_bg.wasm",
            "profile-viewer-3f2a1b4c5d6e7f80.js",
            "main-0123456789abcdef.css",
            "loader-9a8b7c6d.js",
        ] {
            assert!(is_hashed(yes), "{yes}");
        }
        for no in [
            "index.html",
            "embed.js",
            "profile-viewer.js",
            "x-12.js",
            "a-ghijklmnopqrstuv.js",
            "-0123456789abcdef.js",
        ] {
            assert!(!is_hashed(no), "{no}");
        }
    }

    #[test]
    fn no_escape_from_dist() {
        assert_eq!(
            file_for(Path::new("/d"), "/a/b.js"),
            Some(PathBuf::from("/d/a/b.js"))
        );
        assert_eq!(file_for(Path::new("/d"), "/../etc/passwd"), None);
    }
}
