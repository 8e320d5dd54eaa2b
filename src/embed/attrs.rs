//! The element's attributes and `setSession` argument, parsed without touching the DOM so
//! the rules have native tests. Anything unknown falls back to the default rather than
//! failing: a typo in a host page's attribute must not blank the element.

/// A boolean attribute (`compact`, `offline`); `="false"` is accepted as off because hosts
/// write it. embed.js reads the same rule for its properties.
pub fn parse_flag(value: Option<&str>) -> bool {
    match value {
        None => false,
        Some(v) => !v.trim().eq_ignore_ascii_case("false"),
    }
}

/// The profile slug, trimmed; an empty attribute is an empty slug (the element says so).
pub fn parse_profile(value: Option<&str>) -> String {
    value.unwrap_or_default().trim().to_string()
}

/// The API base: the `api` attribute when it is an http(s) URL or a path, else
/// `<viewer root>api` (the viewer's own server). A relative path resolves against the
/// viewer root, not the host page, since it is the viewer's API.
pub fn api_base(attr: Option<&str>, viewer_root: &str) -> String {
    let root = viewer_root.trim_end_matches('/');
    let origin = origin_of(viewer_root);
    match attr.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) if profile_model::validate::is_http_url(a) => a.trim_end_matches('/').to_string(),
        Some(a) if a.starts_with('/') && !a.starts_with("//") => {
            format!("{origin}{}", a.trim_end_matches('/'))
        }
        _ => format!("{root}/api"),
    }
}

/// Origins besides the viewer's own whose API may receive a host's token, fixed when the
/// viewer is built (`PV_TRUSTED_API_ORIGINS`, comma-separated), never by a page.
pub const TRUSTED_API_ORIGINS: Option<&str> = option_env!("PV_TRUSTED_API_ORIGINS");

/// Whether the API at `api_base` is the viewer's own (the origin that served embed.js, or
/// one of `allowed`): only then may a member's token or password go to it.
pub fn api_owner(api_base: &str, viewer_root: &str, allowed: Option<&str>) -> ApiOwner {
    let origin = origin_of(api_base);
    let own = !origin.is_empty()
        && (origin == origin_of(viewer_root)
            || allowed
                .unwrap_or_default()
                .split(',')
                .any(|o| o.trim().trim_end_matches('/') == origin));
    if own {
        ApiOwner::Viewer
    } else {
        ApiOwner::Stranger
    }
}

use crate::api::ApiOwner;
pub use crate::links::{absolute_site_url, origin_of};

/// What `setSession({token, name, tier})` must carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostSession {
    pub token: String,
    pub name: String,
    pub tier: String,
}

/// Checks a host-supplied session; the error text is thrown to the host as a TypeError.
pub fn host_session(
    token: Option<String>,
    name: Option<String>,
    tier: Option<String>,
) -> Result<HostSession, String> {
    let token = token
        .filter(|t| !t.is_empty() && t.len() <= 4096 && t.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or("setSession: `token` must be a non-empty string of visible ASCII")?;
    let tier = tier
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or("setSession: `tier` must be a tier id, e.g. \"strategy-circle\"")?;
    let name = name.map(|n| n.trim().to_string()).unwrap_or_default();
    Ok(HostSession { token, name, tier })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_viewers_own_api_is_trusted_with_tokens() {
        let root = "https://viewer.example/viewer/";
        let owner = |api, allowed| api_owner(api, root, allowed);
        assert_eq!(
            owner("https://viewer.example/viewer/api", None),
            ApiOwner::Viewer
        );
        assert_eq!(owner("https://viewer.example/api", None), ApiOwner::Viewer);
        let strangers = [
            "https://evil.example/api",
            "https://viewer.example.evil.example/api",
            "http://viewer.example/api",       // another scheme
            "https://viewer.example:8443/api", // another port
            "/api",                            // not absolute
        ];
        for api in strangers {
            assert_eq!(owner(api, None), ApiOwner::Stranger, "{api}");
        }
        let allowed = Some("https://api.example, https://other.example/");
        assert_eq!(owner("https://api.example/v1", allowed), ApiOwner::Viewer);
        assert_eq!(owner("https://other.example/v1", allowed), ApiOwner::Viewer);
        assert_eq!(
            owner("https://evil.example/v1", allowed),
            ApiOwner::Stranger
        );
        assert_eq!(
            owner("https://evil.example/v1", Some("")),
            ApiOwner::Stranger
        );
    }

    #[test]
    fn flags_are_boolean_attributes() {
        assert!(!parse_flag(None));
        assert!(parse_flag(Some("")));
        assert!(parse_flag(Some("compact")));
        assert!(parse_flag(Some("true")));
        assert!(!parse_flag(Some("false")));
        assert!(!parse_flag(Some(" FALSE")));
    }

    #[test]
    fn api_base_defaults_to_the_viewer_origin() {
        let root = "https://viewer.example/viewer/";
        assert_eq!(api_base(None, root), "https://viewer.example/viewer/api");
        assert_eq!(
            api_base(Some(""), root),
            "https://viewer.example/viewer/api"
        );
        assert_eq!(
            api_base(Some("https://api.example/v1/"), root),
            "https://api.example/v1"
        );
        assert_eq!(api_base(Some("/api"), root), "https://viewer.example/api");
        // Never a script URL or a protocol-relative host.
        assert_eq!(
            api_base(Some("javascript:alert(1)"), root),
            "https://viewer.example/viewer/api"
        );
        assert_eq!(
            api_base(Some("//evil.example/api"), root),
            "https://viewer.example/viewer/api"
        );
        assert_eq!(
            api_base(None, "http://127.0.0.1:9/"),
            "http://127.0.0.1:9/api"
        );
    }

    #[test]
    fn site_links_are_made_absolute_on_the_api_origin() {
        let api = "http://127.0.0.1:9/api";
        assert_eq!(
            absolute_site_url("/join/strategy-circle", api).as_deref(),
            Some("http://127.0.0.1:9/join/strategy-circle")
        );
        assert_eq!(
            absolute_site_url("https://btw.media/join", api).as_deref(),
            Some("https://btw.media/join")
        );
        assert_eq!(absolute_site_url("javascript:x", api), None);
        assert_eq!(absolute_site_url("/join", "/api"), None);
    }

    #[test]
    fn host_sessions_are_checked() {
        let ok = host_session(
            Some("abc123".into()),
            Some(" Lee ".into()),
            Some("leadership-alliance".into()),
        );
        assert_eq!(
            ok,
            Ok(HostSession {
                token: "abc123".into(),
                name: "Lee".into(),
                tier: "leadership-alliance".into()
            })
        );
        assert!(host_session(None, None, Some("t".into())).is_err());
        assert!(host_session(Some("".into()), None, Some("t".into())).is_err());
        assert!(
            host_session(Some("a b".into()), None, Some("t".into())).is_err(),
            "header-unsafe token"
        );
        assert!(host_session(Some("a\r\nX: y".into()), None, Some("t".into())).is_err());
        assert!(host_session(Some("a".into()), None, Some("  ".into())).is_err());
        assert!(host_session(Some("a".into()), None, None).is_err());
        assert_eq!(
            host_session(Some("a".into()), None, Some("t".into())).map(|s| s.name),
            Ok(String::new())
        );
    }

    #[test]
    fn a_member_token_is_taken_unchanged() {
        let jwt = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJyLTEiLCJleHAiOjE3NjcyMjU2MDB9.\
                   c2lnbmF0dXJlLV9fLS0tX18";
        let session = host_session(Some(jwt.into()), Some("R".into()), Some("t".into()));
        assert_eq!(session.map(|s| s.token), Ok(jwt.to_string()));
        let long = format!(
            "{}.{}.{}",
            "a".repeat(400),
            "b".repeat(2000),
            "c".repeat(86)
        );
        assert!(host_session(Some(long), None, Some("t".into())).is_ok());
    }
}
