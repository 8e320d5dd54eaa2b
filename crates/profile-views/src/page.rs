//! A profile's page as HTML, rendered from the same components the viewer mounts: what the
//! reference server puts into a profile page's shell, so the profile is on screen before the
//! wasm has compiled and a signed-out reader has the whole page without it, and what the
//! benchmark's static page is made of.
//!
//! The first screen is the page as the viewer draws it for a reader who is signed out (or
//! whose session is still being checked) once it has the site configuration: member
//! briefings are locked cards, everything is rendered at once. Its top-level elements carry
//! `data-pv-first`, which tells the loader what to remove when the app takes over.

use leptos::prelude::*;
use profile_model::{PublicProfile, SiteConfig};

use crate::chrome::{MainLandmark, SessionView, SiteFooter, SiteHeader, SkipLink};
use crate::compact::CompactProfile;
use crate::links::{embed_site, Joining, LinkBase};
use crate::locked_card::signed_out_cards;
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

/// What the first screen adds to the page's `<head>`: the profile's description, marked
/// `data-pv-first` like the body's elements (the viewer sets its own, the same; a link
/// preview or a crawler that runs no script has it), and a hold on rendering until the
/// first screen's last element is parsed, so the first paint shows all of it.
pub fn head(profile: &PublicProfile) -> String {
    let description = profile.description().to_string();
    render(|| {
        view! {
            <meta name="description" content=description data-pv-first=true/>
            <link rel="expect" href=format!("#{END_ID}") blocking="render"/>
        }
    })
}

/// The body's content: skip link, site header, `<main>` with the profile, site footer.
/// `site` is the server's `/site` answer (publisher, tiers). `base` is the path the viewer
/// is served under: `""` at the root, or e.g. `"/viewer"`. `session` is what the header's
/// session area shows first: `SignedOut` ("Log in") or `Checking` (a session cookie came).
pub fn first_screen(
    profile: &PublicProfile,
    site: &SiteConfig,
    base: &str,
    session: SessionState,
) -> String {
    let profile = profile.clone();
    let site = site.clone();
    let links = LinkBase::new(base);
    render(move || {
        let site = Signal::stored(Some(site));
        let ignore = Callback::new(|_| ());
        let card = signed_out_cards(site, Callback::new(|_| ()));
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
        }
    })
}

/// A whole page of the first screen with the given stylesheets and no script: the lower
/// bound the benchmark measures the viewer against.
pub fn static_page(profile: &PublicProfile, site: &SiteConfig, stylesheets: &[&str]) -> String {
    let title = title_element(profile);
    let links: String = stylesheets
        .iter()
        .map(|href| {
            let href = href.to_string();
            render(|| view! { <link rel="stylesheet" href=href/> })
        })
        .collect();
    let body = first_screen(profile, site, "", SessionState::SignedOut);
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
/// against the host page); `joining` follows the element's `auth` mode.
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
        match layout {
            EmbedLayout::Full => view! {
                <div class="pv-embed">
                    <ProfileArticle profile=profile links=links card=card at_once=true/>
                </div>
            }
            .into_any(),
            EmbedLayout::Compact => {
                let href = links.profile_href(&profile.slug);
                view! {
                    <div class="pv-embed pv-embed--compact">
                        <CompactProfile profile=profile href=href open=Memo::new(|_| 0)/>
                    </div>
                }
                .into_any()
            }
        }
    })
}

/// Renders a view to HTML under an owner of its own, which is dropped with everything the
/// view created (signals, callbacks) once the string is made.
fn render<V: IntoView>(view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    let html = owner.with(|| view().into_view().to_html());
    drop(owner);
    html
}
