//! `--site DIR`: a second origin for the embedding demo and tests. It serves a static host
//! page (examples/news-site) on its own address, the way a news site would: its own
//! strict CSP, which allows the viewer's origin for scripts (embed.js and its wasm) and
//! connections (the API), and nothing inline. It has no viewer API and no fallback. In its
//! HTML files `%VIEWER_URL%` becomes the viewer's URL (origin and `--base-path`),
//! `%VIEWER_ORIGIN%` its origin and `%VIEWER_ROOT_PARAM%` its root URL (`…/`) encoded for a
//! query (as a news site's templates would hold them), so the demo works on any port and
//! under a sub-path.
//!
//! With member tokens configured, the origin also plays the publisher's backend
//! ([`publisher`]), and `%SIGN_IN%` in its HTML says which login the page uses:
//! `publisher` (its own accounts, member tokens) or `viewer` (the viewer server's login).

pub mod publisher;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::response::{Html, IntoResponse};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeDir;

#[derive(Clone)]
struct Site {
    dir: std::path::PathBuf,
    viewer_origin: String,
    viewer_url: String,
    viewer_root_param: String,
    sign_in: &'static str,
    csp: HeaderValue,
}

/// The host page's CSP: the contract's "script-src <viewer origin> 'wasm-unsafe-eval'".
pub fn csp(viewer_origin: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' {viewer_origin} 'wasm-unsafe-eval'; \
         connect-src 'self' {viewer_origin}; style-src 'self'; img-src 'self' data:; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
    )
}

/// `viewer_base` is the viewer's `--base-path` (`""` or e.g. `/viewer`); `publisher` is the
/// publisher's backend ([`publisher::router`]) when the demo signs member tokens.
pub fn router(
    dir: &std::path::Path,
    viewer_origin: &str,
    viewer_base: &str,
    publisher: Option<Router>,
) -> Result<Router, String> {
    let csp = HeaderValue::from_str(&csp(viewer_origin))
        .map_err(|_| format!("bad viewer origin {viewer_origin}"))?;
    let site = Site {
        dir: dir.to_path_buf(),
        viewer_origin: viewer_origin.to_string(),
        viewer_url: format!("{viewer_origin}{viewer_base}"),
        viewer_root_param: form_urlencoded::byte_serialize(
            profile_views::page::root_url(viewer_origin, viewer_base).as_bytes(),
        )
        .collect(),
        sign_in: if publisher.is_some() {
            "publisher"
        } else {
            "viewer"
        },
        csp,
    };
    let pages = Router::new().fallback(serve).with_state(site.clone());
    let app = match publisher {
        Some(publisher) => publisher.merge(pages),
        None => pages,
    };
    Ok(app.layer(axum::middleware::from_fn_with_state(site, headers)))
}

/// HTML pages with the viewer's origin filled in; every other file as it is.
async fn serve(State(site): State<Site>, req: Request) -> Response {
    let path = req.uri().path();
    let page = if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let safe = !page.split('/').any(|p| p == "..") && !page.contains('\\');
    if safe && page.ends_with(".html") {
        match tokio::fs::read_to_string(site.dir.join(page.trim_start_matches('/'))).await {
            Ok(text) => {
                let text = text
                    .replace("%VIEWER_URL%", &site.viewer_url)
                    .replace("%VIEWER_ORIGIN%", &site.viewer_origin)
                    .replace("%VIEWER_ROOT_PARAM%", &site.viewer_root_param)
                    .replace("%SIGN_IN%", site.sign_in);
                return Html(text).into_response();
            }
            Err(_) => return (axum::http::StatusCode::NOT_FOUND, "not found\n").into_response(),
        }
    }
    match ServeDir::new(&site.dir).oneshot(req).await {
        Ok(r) => r.into_response(),
        Err(never) => match never {},
    }
}

async fn headers(State(site): State<Site>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, site.csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The publisher's answers say `no-store` themselves.
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    response
}
