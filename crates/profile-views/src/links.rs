//! Which strings may become an `href`. Profile text comes from a backend we don't control,
//! so a link is only ever made from an absolute http(s) URL (or, for the site's own
//! configuration, a root-relative path); everything else is shown as text.

use profile_model::validate::{is_http_url, is_slug};
use profile_model::SiteConfig;

/// An external link target from profile content: only absolute http(s) URLs.
pub fn external_href(url: &str) -> Option<&str> {
    is_http_url(url).then_some(url)
}

/// A link from the site configuration (e.g. a tier's `join_url`): http(s), or a path on
/// the same origin (`/join/x`, but not `//evil.example`).
pub fn site_href(url: &str) -> Option<&str> {
    if is_http_url(url) {
        return Some(url);
    }
    let same_origin_path = url.starts_with('/')
        && !url.starts_with("//")
        && !url.contains('\\')
        && !url.chars().any(|c| c.is_control() || c.is_whitespace());
    same_origin_path.then_some(url)
}

/// `scheme://host[:port]` of an absolute URL ("" when there is none).
pub fn origin_of(url: &str) -> &str {
    match url.find("://") {
        Some(i) => {
            let end = url[i + 3..].find('/').map_or(url.len(), |j| i + 3 + j);
            &url[..end]
        }
        None => "",
    }
}

/// A site link (a tier's `join_url`) made absolute on the API's origin: in the embed a
/// root-relative path would otherwise resolve against the host page.
pub fn absolute_site_url(url: &str, api_base: &str) -> Option<String> {
    match site_href(url)? {
        u if u.starts_with('/') => {
            let origin = origin_of(api_base);
            (!origin.is_empty()).then(|| format!("{origin}{u}"))
        }
        u => Some(u.to_string()),
    }
}

/// How an embedded viewer offers joining a tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joining {
    /// The site's join pages, made absolute on the API's origin.
    SitePages,
    /// The host page's business: cards send `join-requested` and link nowhere.
    HostEvents,
}

/// The site configuration as an embed uses it: each tier's join page absolute on the API's
/// origin (a root-relative path would resolve against the host page), or none.
pub fn embed_site(mut site: SiteConfig, joining: Joining, api_base: &str) -> SiteConfig {
    for tier in &mut site.tiers {
        tier.join_url = match joining {
            Joining::HostEvents => None,
            Joining::SitePages => tier
                .join_url
                .as_deref()
                .and_then(|u| absolute_site_url(u, api_base)),
        };
    }
    site
}

/// The app's base path from a `<base href>` value: "/" -> "", "/viewer/" -> "/viewer",
/// "https://host/viewer/" -> "/viewer".
pub fn normalize_base(href: &str) -> String {
    let path = match href.find("://") {
        Some(i) => {
            let rest = &href[i + 3..];
            rest.find('/').map(|j| &rest[j..]).unwrap_or("")
        }
        None => href,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() || !trimmed.starts_with('/') {
        String::new()
    } else {
        trimmed.to_string()
    }
}

/// Builds in-app links from the app's base path. Components use this instead of the
/// router, so they also work inside the embedded element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkBase {
    /// Empty in the app (links stay on its origin); the viewer's origin in the embed, so a
    /// link never resolves against the host page's origin.
    origin: String,
    base: String,
}

impl LinkBase {
    pub fn new(base: &str) -> Self {
        LinkBase {
            origin: String::new(),
            base: normalize_base(base),
        }
    }

    /// Absolute links to the app at `root` ("https://viewer.example/viewer/"): the embed's.
    pub fn absolute(root: &str) -> Self {
        LinkBase {
            origin: origin_of(root).to_string(),
            base: normalize_base(root),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn directory_href(&self) -> String {
        format!("{}{}/", self.origin, self.base)
    }

    pub fn saved_href(&self) -> String {
        format!("{}{}/saved", self.origin, self.base)
    }

    /// `None` for a slug outside the contract's alphabet: no link is made from it.
    pub fn profile_href(&self, slug: &str) -> Option<String> {
        is_slug(slug).then(|| format!("{}{}/profiles/{slug}", self.origin, self.base))
    }

    /// The slug of `path` when it is a profile's page under this base: what
    /// [`LinkBase::profile_href`] makes, read back.
    pub fn profile_slug<'a>(&self, path: &'a str) -> Option<&'a str> {
        let slug = path.strip_prefix(&self.base)?.strip_prefix("/profiles/")?;
        is_slug(slug).then_some(slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_page_is_known_by_its_path_under_the_base() {
        let root = LinkBase::new("");
        assert_eq!(root.profile_slug("/profiles/de-cix"), Some("de-cix"));
        assert_eq!(root.profile_slug("/viewer/profiles/de-cix"), None);
        assert_eq!(root.profile_slug("/profiles/de-cix/more"), None);
        assert_eq!(root.profile_slug("/"), None);
        assert_eq!(root.profile_slug("/saved"), None);
        let viewer = LinkBase::new("/viewer");
        assert_eq!(
            viewer.profile_slug("/viewer/profiles/de-cix"),
            Some("de-cix")
        );
        assert_eq!(viewer.profile_slug("/profiles/de-cix"), None);
    }

    #[test]
    fn only_http_urls_are_external_links() {
        assert_eq!(
            external_href("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(
            external_href("http://example.org"),
            Some("http://example.org")
        );
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "/relative",
            "//evil.example",
            "https://",
            "https:///x",
            "ftp://x",
            "",
        ] {
            assert_eq!(external_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn site_links_allow_same_origin_paths() {
        assert_eq!(
            site_href("/join/strategy-circle"),
            Some("/join/strategy-circle")
        );
        assert_eq!(
            site_href("https://btw.media/join"),
            Some("https://btw.media/join")
        );
        assert_eq!(site_href("//evil.example/join"), None);
        assert_eq!(site_href("/\\evil.example"), None);
        assert_eq!(site_href("javascript:alert(1)"), None);
        assert_eq!(site_href("join"), None);
    }

    #[test]
    fn bases_normalize() {
        assert_eq!(normalize_base("/"), "");
        assert_eq!(normalize_base(""), "");
        assert_eq!(normalize_base("/viewer/"), "/viewer");
        assert_eq!(normalize_base("https://host.example/viewer/"), "/viewer");
        assert_eq!(normalize_base("https://host.example"), "");
        assert_eq!(normalize_base("relative/"), "");
    }

    #[test]
    fn profile_links() {
        let root = LinkBase::new("/");
        assert_eq!(root.directory_href(), "/");
        assert_eq!(root.profile_href("ietf").as_deref(), Some("/profiles/ietf"));
        assert_eq!(root.profile_href("../admin"), None);
        let sub = LinkBase::new("/viewer/");
        assert_eq!(sub.directory_href(), "/viewer/");
        assert_eq!(sub.saved_href(), "/viewer/saved");
        assert_eq!(
            sub.profile_href("ietf").as_deref(),
            Some("/viewer/profiles/ietf")
        );
        let embed = LinkBase::absolute("https://viewer.example:8443/viewer/");
        assert_eq!(
            embed.profile_href("ietf").as_deref(),
            Some("https://viewer.example:8443/viewer/profiles/ietf")
        );
        assert_eq!(
            embed.directory_href(),
            "https://viewer.example:8443/viewer/"
        );
        assert_eq!(
            LinkBase::absolute("http://127.0.0.1:1/")
                .profile_href("a")
                .as_deref(),
            Some("http://127.0.0.1:1/profiles/a")
        );
    }
}
