//! `/profiles/:slug`: loads the public profile and shows it, or a skeleton, a 404, or an
//! error with Retry. Title, description and canonical link are set here, and the offline
//! pieces: the stored-copy notice and "Save for offline".

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use profile_model::PublicProfile;
use profile_views::page::{page_title, profile_discovery};
use profile_views::profile::ProfileScreen;

use super::discovery_head::{root, DiscoveryHead};
use super::not_found::NotFoundPanel;
use crate::api::{ApiError, LoadedProfile};
use crate::components::error_panel::ErrorPanel;
use crate::components::offline_notice::offline_notice;
use crate::components::profile_view::cards;
use crate::components::save_for_offline::{copy_of, SaveForOffline};
use crate::components::skeleton::ProfileSkeleton;
use crate::context::{take_whole_first_render, use_api, use_link_base, use_site};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let api = use_api();
    let (profile, refetch) = super::page_data(move || {
        let api = api.clone();
        let slug = slug.get();
        async move { api.profile_for_reading::<PublicProfile>(&slug).await }
    });
    let links = use_link_base();
    let site = use_site();
    let root = root();

    // Back online while showing a stored copy (or an offline error): load it again, which
    // shows the newer revision if there is one. The network is often not usable the instant
    // the browser says "online", so it tries again a little later while still not live.
    // `None` once the page is gone (a late timer must not touch a disposed resource).
    let is_live = move || {
        profile.try_with_untracked(|r| {
            matches!(
                r,
                Some(Ok(LoadedProfile {
                    origin: crate::offline::Origin::Live,
                    ..
                }))
            )
        })
    };
    let online = window_event_listener(leptos::ev::online, move |_| {
        for delay_ms in [0, 1500, 4000] {
            set_timeout(
                move || {
                    if is_live() == Some(false) {
                        refetch();
                    }
                },
                std::time::Duration::from_millis(delay_ms),
            );
        }
    });
    on_cleanup(move || online.remove());

    view! {
        {move || {
            // While another profile loads, the resource still holds the previous one.
            let state = profile
                .get()
                .filter(|r| r.as_ref().map_or(true, |l| l.profile.slug == slug.get()));
            match state {
                None => view! {
                    <Title text=page_title("Loading profile")/>
                    <p class="pv-sr-only" role="status">"Loading profile…"</p>
                    <h1 class="pv-sr-only">"Loading profile"</h1>
                    <ProfileSkeleton/>
                }
                .into_any(),
                Some(Ok(loaded)) => {
                    let p = loaded.profile.clone();
                    let whole = take_whole_first_render();
                    let title = page_title(&p.name);
                    let description = p.description().to_string();
                    // Open Graph names the site: the tags wait for its configuration.
                    let discovery = {
                        let (p, root) = (p.clone(), root.clone());
                        move || {
                            site.get().map(|site| {
                                view! { <DiscoveryHead discovery=profile_discovery(&p, &site, &root)/> }
                            })
                        }
                    };
                    let card = cards(p.slug.clone());
                    let slug = p.slug.clone();
                    super::mark_when_painted("pv:profile-visible");
                    super::focus_main_after_navigation();
                    view! {
                        <Title text=title/>
                        <Meta name="description" content=description/>
                        {discovery}
                        <ProfileScreen profile=p links=links.clone() card=card at_once=whole>
                            {offline_notice(&loaded)}
                            <SaveForOffline slug=slug copy=copy_of(loaded.profile)/>
                        </ProfileScreen>
                    }
                    .into_any()
                }
                Some(Err(ApiError::NotFound)) => {
                    super::focus_main_after_navigation();
                    view! {
                    <Title text=page_title("Profile not found")/>
                    <p class="pv-sr-only" role="status">"Profile not found"</p>
                    <NotFoundPanel
                        title="Profile not found"
                        message="We have no profile at this address. It may have been renamed or removed."
                    />
                    }
                    .into_any()
                }
                Some(Err(e)) => {
                    super::focus_main_after_navigation();
                    let offline = matches!(e, ApiError::Network(_));
                    let title = match e {
                        ApiError::InvalidData(_) => "This profile cannot be shown",
                        ApiError::Network(_) => "This profile is not available offline",
                        _ => "This profile could not be loaded",
                    };
                    let message = if offline {
                        "We cannot reach the server, and this profile is not saved on this device. \
                         Try again when you are online; to read a profile without a connection, \
                         open it once while online or use “Save for offline”."
                            .to_string()
                    } else {
                        e.message()
                    };
                    view! {
                        <Title text=page_title(title)/>
                        <p class="pv-sr-only" role="status">{message.clone()}</p>
                        <ErrorPanel
                            title=title
                            message=message
                            detail=e.detail()
                            on_retry=Callback::new(move |_| refetch())
                            page_heading=true
                        />
                    }
                    .into_any()
                }
            }
        }}
    }
}
