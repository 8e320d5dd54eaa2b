//! The shell for `/profiles/{slug}` with a preload of that profile's JSON, so the browser
//! fetches it while it downloads the wasm instead of after the app has started.
//!
//! The href is relative to the page (`../api/profiles/{slug}` for `/profiles/{slug}`), so it
//! keeps pointing at the API beside the shell when the router is nested under a prefix
//! (axum's `nest` strips it: the path seen here is the same, and so is the relative href).
//! `crossorigin="use-credentials"` matches the viewer's `fetch` (`credentials: "include"`,
//! cors mode); any other mode makes Chromium ignore the preload and fetch twice.

use profile_model::validate::is_slug;

/// The API path, relative to where the shell is served, that the viewer fetches for the
/// page at `path`: only `/profiles/{slug}` with a valid slug (no trailing slash, no deeper
/// segment).
pub fn profile_slug(path: &str) -> Option<&str> {
    let slug = path.strip_prefix("/profiles/")?;
    is_slug(slug).then_some(slug)
}

/// `to` (a path from the app's root, starting with `/`) relative to the page at `from`
/// (also from the app's root): one `../` per directory `from` is in.
pub fn relative_href(from: &str, to: &str) -> String {
    let depth = from.trim_start_matches('/').matches('/').count();
    format!("{}{}", "../".repeat(depth), to.trim_start_matches('/'))
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<link rel="preload">` tag for the profile page at `path`, or `None` when `path` is
/// not a profile page.
pub fn tag(path: &str) -> Option<String> {
    let slug = profile_slug(path)?;
    let href = relative_href(path, &format!("/api/profiles/{slug}"));
    Some(format!(
        "<link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin=\"use-credentials\">",
        escape_attr(&href)
    ))
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
    fn only_profile_pages_with_valid_slugs() {
        assert_eq!(profile_slug("/profiles/de-cix"), Some("de-cix"));
        for no in [
            "/",
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
            assert_eq!(profile_slug(no), None, "{no}");
        }
        assert_eq!(
            profile_slug(&format!("/profiles/{}", "a".repeat(121))),
            None
        );
    }

    #[test]
    fn hrefs_are_relative_to_the_page() {
        assert_eq!(
            relative_href("/profiles/linx", "/api/profiles/linx"),
            "../api/profiles/linx"
        );
        assert_eq!(relative_href("/", "/api/site"), "api/site");
        assert_eq!(relative_href("/a/b/c", "/api/x"), "../../api/x");
        assert_eq!(
            tag("/profiles/linx").as_deref(),
            Some(
                "<link rel=\"preload\" href=\"../api/profiles/linx\" as=\"fetch\" \
                 crossorigin=\"use-credentials\">"
            )
        );
        assert_eq!(tag("/profiles/"), None);
    }

    #[test]
    fn escaping_and_injection() {
        assert_eq!(escape_attr("a\"b<c>&'"), "a&quot;b&lt;c&gt;&amp;&#39;");
        let html = "<!doctype html><html lang=\"en\"><HEAD data-x>\n<title>t</title></head></html>";
        let out = inject(html, "<link>").unwrap();
        assert_eq!(
            out,
            "<!doctype html><html lang=\"en\"><HEAD data-x>\n<link>\n<title>t</title></head></html>"
        );
        assert_eq!(inject("<html><body></body></html>", "<link>"), None);
        assert_eq!(
            inject("<header></header><head></head>", "<l>").as_deref(),
            Some("<header></header><head>\n<l></head>")
        );
    }
}
