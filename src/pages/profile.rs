//! `/profiles/:slug`: loads the public profile and shows it, or a skeleton, a 404, or an
//! error with Retry. Title, description and canonical link are set here.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

use super::not_found::NotFoundPanel;
use crate::api::ApiError;
use crate::components::error_panel::ErrorPanel;
use crate::components::profile_view::ProfileView;
use crate::components::skeleton::ProfileSkeleton;
use crate::context::{use_api, use_link_base};

/// The absolute URL for a path on this origin (canonical links must be absolute).
fn absolute(path: &str) -> String {
    let origin = window().location().origin().unwrap_or_default();
    format!("{origin}{path}")
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let api = use_api();
    let profile = LocalResource::new(move || {
        let api = api.clone();
        let slug = slug.get();
        async move { api.profile(&slug).await }
    });
    let links = use_link_base();

    view! {
        {move || {
            // While another profile loads, the resource still holds the previous one.
            let state = profile.get().filter(|r| r.as_ref().map_or(true, |p| p.slug == slug.get()));
            match state {
                None => view! {
                    <Title text="Loading profile — Profile viewer"/>
                    <p class="pv-sr-only" role="status">"Loading profile…"</p>
                    <h1 class="pv-sr-only">"Loading profile"</h1>
                    <ProfileSkeleton/>
                }
                .into_any(),
                Some(Ok(p)) => {
                    let title = format!("{} — Profile viewer", p.name);
                    let description = p
                        .key_points
                        .first()
                        .or(p.rationale.as_ref())
                        .cloned()
                        .unwrap_or_else(|| p.name.clone());
                    let canonical = links.profile_href(&p.slug).map(|path| absolute(&path));
                    super::mark_when_painted("pv:profile-visible");
                    super::focus_main_after_navigation();
                    view! {
                        <Title text=title/>
                        <Meta name="description" content=description/>
                        {canonical.map(|href| view! { <Link rel="canonical" href=href/> })}
                        <p class="pv-sr-only" role="status">{format!("Profile loaded: {}", p.name)}</p>
                        <ProfileView profile=p/>
                    }
                    .into_any()
                }
                Some(Err(ApiError::NotFound)) => {
                    super::focus_main_after_navigation();
                    view! {
                    <Title text="Profile not found — Profile viewer"/>
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
                    let title = match e {
                        ApiError::InvalidData(_) => "This profile cannot be shown",
                        _ => "This profile could not be loaded",
                    };
                    view! {
                        <Title text=format!("{title} — Profile viewer")/>
                        <p class="pv-sr-only" role="status">{e.message()}</p>
                        <ErrorPanel
                            title=title
                            message=e.message()
                            detail=e.detail()
                            on_retry=Callback::new(move |_| profile.refetch())
                            page_heading=true
                        />
                    }
                    .into_any()
                }
            }
        }}
    }
}
