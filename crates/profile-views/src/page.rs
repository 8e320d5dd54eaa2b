//! A profile's page and the directory's as HTML, rendered from the same components the
//! viewer mounts: what the reference server puts into their shells, so the page is on screen
//! before the wasm has compiled and a signed-out reader has the whole page without it, and
//! what the benchmark's static page is made of.
//!
//! The first screen is the page as the viewer draws it for a reader who is signed out (or
//! whose session is still being checked) once it has the site configuration: member
//! briefings are locked cards, everything is rendered at once. Its top-level elements carry
//! `data-pv-first`, which tells the loader what to remove when the app takes over.

use std::sync::Arc;

use leptos::prelude::*;
use profile_model::validate::is_slug;
use profile_model::{Briefing, Member, PublicProfile, SiteConfig};

use crate::chrome::{MainLandmark, SessionView, SiteFooter, SiteHeader, SkipLink};
use crate::compact::CompactProfile;
use crate::directory::{DirectoryFrame, DirectoryView};
use crate::directory_query::{DirectoryIndex, DirectoryQuery};
use crate::links::{embed_site, external_href, normalize_base, Joining, LinkBase};
use crate::locked_card::{member_cards, signed_out_cards};
use crate::login_dialog::LoginDialogView;
use crate::profile::ProfileArticle;
use crate::profile::{ProfileScreen, SaveButton};
use crate::state::SessionState;

/// The `id` of the first screen's last element: rendering waits until it is parsed.
pub const END_ID: &str = "pv-first-end";

/// A page's document title, e.g. "DE-CIX — Profile viewer".
pub fn page_title(what: &str) -> String {
    format!("{what} — Profile viewer")
}

/// The `<title>` element of a profile's page, its text escaped.
pub fn title_element(profile: &PublicProfile) -> String {
    render(|| view! { <title>{page_title(&profile.name)}</title> })
}

/// What the first screen adds to the page's `<head>`: the profile's description and its
/// discovery tags ([`profile_discovery`]), marked `data-pv-first` like the body's elements
/// (the viewer sets its own, the same; a link preview or a crawler that runs no script has
/// these), and a hold on rendering until the first screen's last element is parsed, so the
/// first paint shows all of it. `root` is the viewer's absolute root URL ([`root_url`]).
pub fn head(profile: &PublicProfile, site: &SiteConfig, root: &str) -> String {
    let description = profile.description().to_string();
    let discovery = profile_discovery(profile, site, root);
    render(|| {
        view! {
            <meta name="description" content=description data-pv-first=true/>
            <DiscoveryTags discovery=discovery mark=Mark::FirstScreen/>
            <link rel="expect" href=format!("#{END_ID}") blocking="render"/>
        }
    })
}

/// The directory's discovery tags for the server's shell of `/`. They are not marked
/// `data-pv-first`, since they are the same for every query: the app removes them when it
/// starts and sets its own, the same, with leptos_meta.
pub fn directory_head(site: &SiteConfig, root: &str) -> String {
    let discovery = directory_discovery(site, root);
    render(|| view! { <DiscoveryTags discovery=discovery mark=Mark::Head/> })
}

/// The `<title>` element of the directory's page.
pub fn directory_title_element() -> String {
    render(|| view! { <title>{page_title(DIRECTORY_PAGE)}</title> })
}

/// What the directory's first screen adds to the page's `<head>`: its description (marked
/// like the body's elements), its discovery tags ([`directory_head`]) and the hold on
/// rendering until the first screen's last element is parsed.
pub fn directory_first_head(site: &SiteConfig, root: &str) -> String {
    let tags = directory_head(site, root);
    let rest = render(|| {
        view! {
            <meta name="description" content=DIRECTORY_DESCRIPTION data-pv-first=true/>
            <link rel="expect" href=format!("#{END_ID}") blocking="render"/>
        }
    });
    tags + &rest
}

/// The attribute on server-written head tags that the app replaces when it starts.
pub const HEAD_MARK: &str = "data-pv-head";

/// Who a profile's first screen is for, as the server knows it from the request.
pub enum Reader {
    /// No session cookie: "Log in" and locked cards.
    SignedOut,
    /// A session cookie the server could not speak for: "Checking sign-in…", as the app
    /// shows first, and locked cards.
    Checking,
    /// The member a live session speaks for, with the briefings of this profile that the
    /// member's tier may read: those open with their bodies, the rest "Upgrade to <tier>".
    Member {
        member: Member,
        readable: Vec<Briefing>,
    },
}

/// The body's content: skip link, site header, `<main>` with the profile, site footer, and
/// the login dialog, closed. `site` is the server's `/site` answer (publisher, tiers). `base`
/// is the path the viewer is served under: `""` at the root, or e.g. `"/viewer"`.
pub fn first_screen(
    profile: &PublicProfile,
    site: &SiteConfig,
    base: &str,
    reader: Reader,
) -> String {
    let profile = profile.clone();
    let site = site.clone();
    let links = LinkBase::new(base);
    render(move || {
        let site = Signal::stored(Some(site));
        let ignore = Callback::new(|_| ());
        let request = Callback::new(|_| ());
        let (session, card) = match reader {
            Reader::SignedOut => (SessionState::SignedOut, signed_out_cards(site, request)),
            Reader::Checking => (SessionState::Checking, signed_out_cards(site, request)),
            Reader::Member { member, readable } => (
                SessionState::SignedIn(member),
                member_cards(site, readable, request),
            ),
        };
        view! {
            <SkipLink {..} data-pv-first=true/>
            <SiteHeader links=links.clone() site={site} {..} data-pv-first=true>
                <SessionView state=session site=site on_login=ignore on_sign_out=ignore/>
            </SiteHeader>
            <MainLandmark {..} data-pv-first=true>
                <ProfileScreen profile=profile links=links card=card at_once=true>
                    <SaveButton saved=RwSignal::new(false) status=RwSignal::new(String::new()) on_press=ignore/>
                </ProfileScreen>
            </MainLandmark>
            <SiteFooter site={site} {..} data-pv-first=true id=END_ID/>
            <ClosedLoginDialog {..} data-pv-first=true/>
        }
    })
}

/// The directory's body as the viewer first draws it for `query` (the address's), marked
/// like a profile's [`first_screen`]: skip link, site header, `<main>` with the directory's
/// header, controls and first page of results, site footer.
pub fn directory_first_screen(
    index: Arc<DirectoryIndex>,
    query: DirectoryQuery,
    site: &SiteConfig,
    base: &str,
    session: SessionState,
) -> String {
    let site = site.clone();
    let links = LinkBase::new(base);
    render(move || {
        let site = Signal::stored(Some(site));
        let ignore = Callback::new(|_| ());
        let frame = links.clone();
        view! {
            <SkipLink {..} data-pv-first=true/>
            <SiteHeader links=links.clone() site={site} {..} data-pv-first=true>
                <SessionView state=session site=site on_login=ignore on_sign_out=ignore/>
            </SiteHeader>
            <MainLandmark {..} data-pv-first=true>
                <DirectoryFrame links=frame>
                    <DirectoryView index=index links=links query=Signal::stored(query) on_change=Callback::new(|_| ())/>
                </DirectoryFrame>
            </MainLandmark>
            <SiteFooter site={site} {..} data-pv-first=true id=END_ID/>
            <ClosedLoginDialog {..} data-pv-first=true/>
        }
    })
}

/// The login dialog as the app's first one is, closed: the loader (or embed.js) opens it on a
/// press of "Log in" before the app has arrived. Where the app has its own.
#[component]
fn ClosedLoginDialog() -> impl IntoView {
    let ignore = Callback::new(|_| ());
    view! {
        <LoginDialogView
            number=0
            busy=RwSignal::new(false)
            error=RwSignal::new(None)
            wrong_credentials=RwSignal::new(false)
            on_submit=ignore
            on_dismiss=ignore
            on_close=ignore
        />
    }
}

/// A whole page of the first screen with the given stylesheets and no script: the lower
/// bound the benchmark measures the viewer against.
pub fn static_page(profile: &PublicProfile, site: &SiteConfig, stylesheets: &[&str]) -> String {
    let body = first_screen(profile, site, "", Reader::SignedOut);
    static_document(&title_element(profile), stylesheets, &body)
}

/// The directory's first screen (default query) as a whole page with no script: the
/// benchmark's lower bound for the directory.
pub fn static_directory_page(
    index: Arc<DirectoryIndex>,
    site: &SiteConfig,
    stylesheets: &[&str],
) -> String {
    let body = directory_first_screen(
        index,
        DirectoryQuery::default(),
        site,
        "",
        SessionState::SignedOut,
    );
    static_document(&directory_title_element(), stylesheets, &body)
}

fn static_document(title: &str, stylesheets: &[&str], body: &str) -> String {
    let links: String = stylesheets
        .iter()
        .map(|href| {
            let href = href.to_string();
            render(|| view! { <link rel="stylesheet" href=href/> })
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\">{title}{links}</head>\
         <body>{body}</body></html>"
    )
}

/// The embedded element's two layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedLayout {
    Full,
    /// The sidebar card (`compact`).
    Compact,
}

/// What `<profile-viewer>` shows for a signed-out reader, as HTML for its shadow root: the
/// element's first paint before and without the app (embed.js puts it in place). `root` is
/// the viewer's root URL, which every link is absolute on (a relative one would resolve
/// against the host page); `joining` follows the element's `auth` mode: with the site's join
/// pages (cookie mode, the viewer's own login) the login dialog follows, closed.
pub fn embed_screen(
    profile: &PublicProfile,
    site: &SiteConfig,
    root: &str,
    layout: EmbedLayout,
    joining: Joining,
) -> String {
    let links = LinkBase::absolute(root);
    let site = embed_site(site.clone(), joining, &format!("{}api", root));
    let profile = profile.clone();
    render(move || {
        let card = signed_out_cards(Signal::stored(Some(site)), Callback::new(|_| ()));
        // The viewer's own login (cookie mode) has its dialog after the profile, as the app.
        let dialog = (joining == Joining::SitePages).then(|| view! { <ClosedLoginDialog/> });
        match layout {
            EmbedLayout::Full => view! {
                <div class="pv-embed">
                    <ProfileArticle profile=profile links=links card=card at_once=true/>
                    {dialog}
                </div>
            }
            .into_any(),
            EmbedLayout::Compact => {
                let href = links.profile_href(&profile.slug);
                view! {
                    <div class="pv-embed pv-embed--compact">
                        <CompactProfile profile=profile href=href open=Memo::new(|_| 0)/>
                        {dialog}
                    </div>
                }
                .into_any()
            }
        }
    })
}

/// The viewer's absolute root URL from its origin (`https://news.example`) and base path
/// (`""` or `/viewer`): `https://news.example/viewer/`.
pub fn root_url(origin: &str, base: &str) -> String {
    format!("{}{}/", origin.trim_end_matches('/'), normalize_base(base))
}

/// A profile page's absolute URL under `root`; `None` for a slug outside the contract's
/// alphabet.
pub fn profile_url(root: &str, slug: &str) -> Option<String> {
    is_slug(slug).then(|| format!("{root}profiles/{slug}"))
}

/// The contract's embed snippet for a profile (README "Embedding in a news site"): the
/// script tag and the element, every value escaped for its attribute.
pub fn embed_snippet(root: &str, slug: &str) -> String {
    let src = format!("{root}embed.js");
    let api = format!("{root}api");
    let slug = slug.to_string();
    render(move || {
        view! {
            <script type="module" src=src></script>
            <profile-viewer profile=slug api=api auth="cookie"></profile-viewer>
        }
    })
}

/// One `<meta>` of a page's discovery tags: Open Graph's use `property`, the rest `name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetaTag {
    Property(&'static str, String),
    Name(&'static str, String),
}

/// A `<link rel="alternate">`: the oEmbed endpoint of a profile, the directory's feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternate {
    pub kind: &'static str,
    pub href: String,
    pub title: String,
}

/// What a page's head tells crawlers and link previews (contract section 8), from public
/// data only. The server renders it ([`DiscoveryTags`]); the app sets the same with
/// leptos_meta, so both say the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovery {
    pub canonical: String,
    pub metas: Vec<MetaTag>,
    pub alternates: Vec<Alternate>,
    /// JSON-LD, safe as the text of a `<script>` element ([`script_json`]).
    pub json_ld: String,
}

/// The media type of the oEmbed discovery link.
pub const OEMBED_TYPE: &str = "application/json+oembed";
/// The media type of the feed (JSON Feed 1.1) and its discovery link.
pub const FEED_TYPE: &str = "application/feed+json";
/// The directory's description, in its head and its feed.
pub const DIRECTORY_DESCRIPTION: &str = "Profiles of internet-infrastructure institutions: key points, source confidence and member briefings.";
/// The directory's title (its `<h1>`, its feed's title).
pub use crate::directory::DIRECTORY_TITLE;
/// What the directory's document title names ([`page_title`]).
pub const DIRECTORY_PAGE: &str = "Profiles";

/// A profile page's discovery tags: canonical link, Open Graph, Twitter card, the oEmbed
/// link, and JSON-LD describing it as an `Article` about an `Organization`.
pub fn profile_discovery(profile: &PublicProfile, site: &SiteConfig, root: &str) -> Discovery {
    let url = profile_url(root, &profile.slug).unwrap_or_else(|| root.to_string());
    let title = profile.name.clone();
    let description = profile.description().to_string();
    let publisher = profile.publisher.as_ref().unwrap_or(&site.publisher);
    let mut about = serde_json::json!({"@type": "Organization", "name": profile.name});
    if let Some(kind) = &profile.kind {
        about["description"] = kind.as_str().into();
    }
    if let Some(base) = &profile.base {
        about["location"] = base.as_str().into();
    }
    let json_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "dateModified": profile.updated_at,
        "about": about,
        "publisher": organization(publisher),
    });
    Discovery {
        canonical: url.clone(),
        metas: social_metas("article", &title, &description, &url, site)
            .into_iter()
            .chain([MetaTag::Property(
                "article:modified_time",
                profile.updated_at.clone(),
            )])
            .collect(),
        alternates: vec![Alternate {
            kind: OEMBED_TYPE,
            href: oembed_href(root, &url),
            title: title.clone(),
        }],
        json_ld: script_json(&json_ld),
    }
}

/// The directory's discovery tags: canonical link, Open Graph, Twitter card, the feed's
/// link, and JSON-LD describing it as a `CollectionPage`.
pub fn directory_discovery(site: &SiteConfig, root: &str) -> Discovery {
    let title = DIRECTORY_TITLE.to_string();
    let description = DIRECTORY_DESCRIPTION.to_string();
    let json_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": title,
        "description": description,
        "url": root,
        "publisher": organization(&site.publisher),
    });
    Discovery {
        canonical: root.to_string(),
        metas: social_metas("website", &title, &description, root, site),
        alternates: vec![Alternate {
            kind: FEED_TYPE,
            href: format!("{root}feed.json"),
            title: format!("{title}: updates"),
        }],
        json_ld: script_json(&json_ld),
    }
}

/// The oEmbed endpoint's URL for the page at `url`.
pub fn oembed_href(root: &str, url: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("url", url)
        .append_pair("format", "json")
        .finish();
    format!("{root}oembed?{query}")
}

fn organization(publisher: &profile_model::Publisher) -> serde_json::Value {
    let mut org = serde_json::json!({"@type": "Organization", "name": publisher.name});
    if let Some(url) = publisher.url.as_deref().and_then(external_href) {
        org["url"] = url.into();
    }
    org
}

fn social_metas(
    kind: &'static str,
    title: &str,
    description: &str,
    url: &str,
    site: &SiteConfig,
) -> Vec<MetaTag> {
    vec![
        MetaTag::Property("og:type", kind.to_string()),
        MetaTag::Property("og:title", title.to_string()),
        MetaTag::Property("og:description", description.to_string()),
        MetaTag::Property("og:url", url.to_string()),
        MetaTag::Property("og:site_name", site.publisher.name.clone()),
        MetaTag::Name("twitter:card", "summary".to_string()),
        MetaTag::Name("twitter:title", title.to_string()),
        MetaTag::Name("twitter:description", description.to_string()),
    ]
}

/// JSON as the text of a `<script>` element: `<`, `>` and `&` as `\u00XX` escapes, so no
/// `</script` or `<!--` can end or change the element, and the JSON parses the same.
pub fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Which mark server-written head tags carry, so that the app can replace them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// `data-pv-first`: part of a profile's first screen, removed by the loader.
    FirstScreen,
    /// [`HEAD_MARK`]: removed by the app when it starts.
    Head,
}

/// The discovery tags as HTML elements, marked with `mark`.
#[component]
fn DiscoveryTags(discovery: Discovery, mark: Mark) -> impl IntoView {
    let (first, head) = match mark {
        Mark::FirstScreen => (Some(true), None),
        Mark::Head => (None, Some(true)),
    };
    let metas = discovery
        .metas
        .into_iter()
        .map(|m| match m {
            // `property` is no HTML attribute the `view!` macro knows.
            MetaTag::Property(p, content) => leptos::html::meta()
                .attr("property", p)
                .content(content)
                .attr("data-pv-first", first)
                .attr("data-pv-head", head)
                .into_any(),
            MetaTag::Name(n, content) => view! {
                <meta name=n content=content data-pv-first=first data-pv-head=head/>
            }
            .into_any(),
        })
        .collect_view();
    let alternates = discovery
        .alternates
        .into_iter()
        .map(|a| view! {
            <link rel="alternate" type=a.kind href=a.href title=a.title data-pv-first=first data-pv-head=head/>
        })
        .collect_view();
    view! {
        <link rel="canonical" href=discovery.canonical data-pv-first=first data-pv-head=head/>
        {metas}
        {alternates}
        <script type="application/ld+json" data-pv-first=first data-pv-head=head>{discovery.json_ld}</script>
    }
}

/// Renders a view to HTML under an owner of its own, which is dropped with everything the
/// view created (signals, callbacks) once the string is made.
fn render<V: IntoView>(view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    let html = owner.with(|| view().into_view().to_html());
    drop(owner);
    html
}
