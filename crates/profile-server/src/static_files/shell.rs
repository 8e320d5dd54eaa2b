//! The shell (`index.html`) as the server sends it for a page it knows:
//! - with its first screen in the body and its title (`profile_views::page`): a profile, or
//!   the directory's first page of results for the address's query, so the page is on
//!   screen before the wasm runs; the loader swaps in the app's render;
//! - when the app starts at once, with a preload of the JSON that page shows, so the browser
//!   fetches it while it downloads the wasm instead of after the app has started (and the
//!   viewer's loader hands it to the app's first render): `/profiles/{slug}` preloads that
//!   profile, `/` (the directory) the index.
//!
//! The href is relative to the page (`../api/profiles/{slug}` from `/profiles/{slug}`,
//! `api/profiles` from `/`), so it keeps pointing at the API beside the shell under
//! `--base-path` (the prefix is stripped before this code sees the path, and the relative
//! href resolves under it).
//! `crossorigin="use-credentials"` matches the viewer's `fetch` (`credentials: "include"`,
//! cors mode); any other mode makes Chromium ignore the preload and fetch twice.

use profile_model::validate::is_slug;

/// What the page at `path` shows.
#[derive(Debug, PartialEq, Eq)]
pub enum Page<'a> {
    /// `/`: the directory.
    Directory,
    /// `/profiles/{slug}` with a valid slug (no trailing slash, no deeper segment).
    Profile(&'a str),
}

/// The page at `path`, when it is one whose JSON can be preloaded.
pub fn page(path: &str) -> Option<Page<'_>> {
    if path == "/" {
        return Some(Page::Directory);
    }
    let slug = path.strip_prefix("/profiles/")?;
    is_slug(slug).then_some(Page::Profile(slug))
}

/// The `<link rel="preload">` tag for `page`. A valid slug is `[a-z0-9-]` only, so it needs
/// no escaping in the attribute.
pub fn tag(page: &Page) -> String {
    let href = match page {
        Page::Directory => "api/profiles".to_string(),
        Page::Profile(slug) => format!("../api/profiles/{slug}"),
    };
    format!("<link rel=\"preload\" href=\"{href}\" as=\"fetch\" crossorigin=\"use-credentials\">")
}

/// For a signed-in member's visit to a profile: preloads of the session and of the bodies of
/// `briefings` (those the member's tier may read), so that the app's first render has them,
/// where it would otherwise ask for the session and then for each body, two round trips
/// after it has started. The loader hands every such preload to the app (`web/loader.js`).
/// Only briefings whose id is slug-like: such an href needs no escaping, and is the path the
/// app asks for (a preload of any other id would go unused).
pub fn member_tags<'a>(slug: &str, briefings: impl IntoIterator<Item = &'a str>) -> String {
    let preload = |href: String| {
        format!(
            "<link rel=\"preload\" href=\"{href}\" as=\"fetch\" crossorigin=\"use-credentials\">"
        )
    };
    std::iter::once(preload("../api/auth/session".into()))
        .chain(
            briefings
                .into_iter()
                .filter(|id| is_slug(id))
                .map(|id| preload(format!("../api/profiles/{slug}/briefings/{id}"))),
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// How the viewer starts on a page with a first screen (the loader reads it from the head).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// Once the first screen is painted: the app has more to show (a signed-in reader's
    /// briefings).
    AtOnce,
    /// When the reader reaches for one of its controls: the first screen is the whole page
    /// (a signed-out reader), so a reading visit needs no wasm at all.
    OnIntent,
}

/// `index` for `page`, with its first screen: `title` (a `<title>` element) in place of its
/// own, `head` at the end of `<head>` (the description, and rendering held until the whole
/// first screen is parsed, so the first paint is all of it: `page::head`), no preload of the
/// wasm nor, mostly, of its JS ([`without_preloads`]), and `body` at the end of
/// `<body>` (where the app mounts its own). `None` when there is no `<title>…</title>`,
/// `</head>` or `</body>`. `title`, `head` and `body` are markup.
pub fn with_first_screen(
    index: &str,
    page: &Page,
    title: &str,
    head: &str,
    body: &str,
    start: Start,
) -> Option<String> {
    let index = without_preloads(index, page, start);
    let lower = index.to_ascii_lowercase();
    let title_start = lower.find("<title>")?;
    let title_end = title_start + lower[title_start..].find("</title>")? + "</title>".len();
    let head_end = title_end + lower[title_end..].find("</head>")?;
    let body_end = head_end + lower[head_end..].rfind("</body>")?;
    let mut out = String::with_capacity(index.len() + title.len() + body.len() + 128);
    out.push_str(&index[..title_start]);
    out.push_str(title);
    out.push_str(&index[title_end..head_end]);
    out.push_str(head);
    if start == Start::OnIntent {
        out.push_str(&format!(
            "<meta name=\"{}\" content=\"{}\">\n",
            profile_model::web::START_META,
            profile_model::web::START_ON_INTENT
        ));
    }
    out.push_str(&index[head_end..body_end]);
    out.push_str(body);
    out.push('\n');
    out.push_str(&index[body_end..]);
    Some(out)
}

/// `index` without the preload of the wasm (the tag the post-build hook writes, `<link
/// rel="preload" … type="application/wasm" …>`), and without the module preload of its JS
/// unless the app starts at once on the directory. A page with a first screen has no use for
/// the wasm before that is painted, and on a slow link the download would compete with the
/// stylesheets for the bandwidth; the loader starts it once the first screen is on screen,
/// or once the reader reaches for a button. Both preloads are the whole app's, and a
/// profile's page starts its own, smaller app (`src/bin/profile-page.rs`; the loader fetches
/// its two files together).
pub fn without_preloads(index: &str, page: &Page, start: Start) -> String {
    let keep_module = start == Start::AtOnce && *page == Page::Directory;
    let mut out = String::with_capacity(index.len());
    let mut rest = index;
    while let Some(at) = rest.find("<link ") {
        let Some(len) = rest[at..].find('>').map(|end| end + 1) else {
            break;
        };
        let tag = &rest[at..at + len];
        out.push_str(&rest[..at]);
        rest = &rest[at + len..];
        let wasm = tag.contains("rel=\"preload\"") && tag.contains("type=\"application/wasm\"");
        let module = tag.contains("rel=\"modulepreload\"") && !keep_module;
        if wasm || module {
            // The tag's own line goes with it.
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        } else {
            out.push_str(tag);
        }
    }
    out.push_str(rest);
    out
}

/// `index` with `tag` as the first element after `<head>` (so the request starts before
/// the stylesheet and the module preloads are even parsed); `None` when there is no `<head>`.
pub fn inject(index: &str, tag: &str) -> Option<String> {
    let lower = index.to_ascii_lowercase();
    // `<head>` or `<head attr…>`, not `<header>`.
    let start = lower.match_indices("<head").map(|(i, _)| i).find(|&i| {
        matches!(
            lower.as_bytes().get(i + 5),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')
        )
    })?;
    let end = start + lower[start..].find('>')? + 1;
    let mut out = String::with_capacity(index.len() + tag.len() + 1);
    out.push_str(&index[..end]);
    out.push('\n');
    out.push_str(tag);
    out.push_str(&index[end..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_and_profile_pages_with_valid_slugs() {
        assert_eq!(page("/"), Some(Page::Directory));
        assert_eq!(page("/profiles/de-cix"), Some(Page::Profile("de-cix")));
        for no in [
            "",
            "/index.html",
            "/profiles",
            "/profiles/",
            "/profiles/de-cix/",
            "/profiles/de-cix/x",
            "/profiles/DE-CIX",
            "/profiles/a%22b",
            "/profiles/a\"b",
            "/profiles/..",
            "/saved",
            "/api/profiles/de-cix",
        ] {
            assert_eq!(page(no), None, "{no}");
        }
        assert_eq!(page(&format!("/profiles/{}", "a".repeat(121))), None);
    }

    #[test]
    fn hrefs_are_relative_to_the_page() {
        assert_eq!(
            tag(&Page::Profile("linx")),
            "<link rel=\"preload\" href=\"../api/profiles/linx\" as=\"fetch\" \
             crossorigin=\"use-credentials\">"
        );
        assert_eq!(
            tag(&Page::Directory),
            "<link rel=\"preload\" href=\"api/profiles\" as=\"fetch\" \
             crossorigin=\"use-credentials\">"
        );
        // What reaches `tag` is a valid slug: nothing an attribute would need escaped.
        for hostile in [
            "/profiles/a\"b",
            "/profiles/a<b",
            "/profiles/a&b",
            "/profiles/a'b",
        ] {
            assert_eq!(page(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn a_members_visit_preloads_the_session_and_the_briefings_it_may_read() {
        assert_eq!(
            member_tags("linx", ["member-vote", "odd id\"<", "ownership"]),
            "<link rel=\"preload\" href=\"../api/auth/session\" as=\"fetch\" crossorigin=\"use-credentials\">\n\
             <link rel=\"preload\" href=\"../api/profiles/linx/briefings/member-vote\" as=\"fetch\" crossorigin=\"use-credentials\">\n\
             <link rel=\"preload\" href=\"../api/profiles/linx/briefings/ownership\" as=\"fetch\" crossorigin=\"use-credentials\">"
        );
    }

    #[test]
    fn the_first_screen_goes_at_the_end_of_the_body_in_place_of_the_title() {
        let html = "<html><head><TITLE>Profile viewer</TITLE>\n\
                    <link rel=\"preload\" href=\"/p_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
                    </head><body>\n<noscript>x</noscript>\n</body></html>";
        let title = "<title>A &amp; B — Profile viewer</title>";
        assert_eq!(
            with_first_screen(
                html,
                &Page::Directory,
                title,
                "<meta>\n",
                "<main></main>",
                Start::AtOnce
            )
            .as_deref(),
            Some(
                "<html><head><title>A &amp; B — Profile viewer</title>\n<meta>\n</head><body>\n\
                 <noscript>x</noscript>\n<main></main>\n</body></html>"
            )
        );
        // A page read without the app says so to the loader.
        assert_eq!(
            with_first_screen(html, &Page::Directory, "<title>t</title>", "<meta>\n", "<main></main>", Start::OnIntent)
                .as_deref(),
            Some(
                "<html><head><title>t</title>\n<meta>\n<meta name=\"pv-start\" content=\"on-intent\">\n\
                 </head><body>\n<noscript>x</noscript>\n<main></main>\n</body></html>"
            )
        );
        for incomplete in [
            "<html><body></body></html>",
            "<title>t</title></head>",
            "<title>t</title><body></body>",
        ] {
            assert_eq!(
                with_first_screen(incomplete, &Page::Directory, "t", "h", "b", Start::AtOnce),
                None,
                "{incomplete}"
            );
        }
    }

    #[test]
    fn the_wasm_preload_goes_and_the_module_preload_stays_for_the_directory_at_once() {
        let head = "<head>\n<link rel=\"modulepreload\" href=\"/p-1.js\">\n\
                    <link rel=\"preload\" href=\"/p-1_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
                    <link rel=\"stylesheet\" href=\"/m-2.css\">\n<title>t</title></head>";
        let profile = Page::Profile("linx");
        assert_eq!(
            without_preloads(head, &Page::Directory, Start::AtOnce),
            "<head>\n<link rel=\"modulepreload\" href=\"/p-1.js\">\n\
             <link rel=\"stylesheet\" href=\"/m-2.css\">\n<title>t</title></head>"
        );
        let without_both =
            "<head>\n<link rel=\"stylesheet\" href=\"/m-2.css\">\n<title>t</title></head>";
        assert_eq!(
            without_preloads(head, &Page::Directory, Start::OnIntent),
            without_both
        );
        // A profile's page starts the profile page's own app, not the one preloaded.
        for start in [Start::AtOnce, Start::OnIntent] {
            assert_eq!(without_preloads(head, &profile, start), without_both);
            assert_eq!(
                without_preloads("<head></head>", &profile, start),
                "<head></head>"
            );
            assert_eq!(
                without_preloads("<link broken", &profile, start),
                "<link broken"
            );
        }
    }

    #[test]
    fn injection() {
        let html = "<!doctype html><html lang=\"en\"><HEAD data-x>\n<title>t</title></head></html>";
        assert_eq!(
            inject(html, "<link>").as_deref(),
            Some("<!doctype html><html lang=\"en\"><HEAD data-x>\n<link>\n<title>t</title></head></html>")
        );
        assert_eq!(inject("<html><body></body></html>", "<link>"), None);
        assert_eq!(
            inject("<header></header><head></head>", "<l>").as_deref(),
            Some("<header></header><head>\n<l></head>")
        );
    }
}
