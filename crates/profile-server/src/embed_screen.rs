//! `GET /embed/profiles/{slug}`: the embedded element's first paint, the signed-out profile
//! (or its compact card) as HTML from the viewer's own components, which embed.js puts into
//! the element's shadow root before, and often instead of, the app. Public data only: the
//! page is made from the public projection, whose briefings have no body.
//!
//! Query: `root` (the viewer's root URL as embed.js sees it, which every link is absolute
//! on), `layout=compact`, `join=host` (host mode: joining is the host page's business).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use profile_model::validate::is_http_url;
use profile_views::links::Joining;
use profile_views::page::{embed_screen, EmbedLayout};
use serde::Deserialize;

use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    root: Option<String>,
    layout: Option<String>,
    join: Option<String>,
}

pub async fn serve(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let Some(root) = params.root.filter(|r| is_http_url(r) && r.ends_with('/')) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "root: the viewer's root URL, ending in /",
        );
    };
    let content = state.content();
    let Some(profile) = content.profiles.get(&slug) else {
        return plain(StatusCode::NOT_FOUND, "no such profile");
    };
    let layout = match params.layout.as_deref() {
        Some("compact") => EmbedLayout::Compact,
        _ => EmbedLayout::Full,
    };
    let joining = match params.join.as_deref() {
        Some("host") => Joining::HostEvents,
        _ => Joining::SitePages,
    };
    let html = embed_screen(&profile.public, &content.site, &root, layout, joining);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        html,
    )
        .into_response()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, text).into_response()
}
