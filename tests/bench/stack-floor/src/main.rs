//! The smallest app on the viewer's stack, for `cargo xtask bench`: two routes, a page title,
//! one JSON model fetched and deserialised, a list. Whatever the viewer weighs beyond this
//! build is the viewer's own code; this much any app with these crates transfers.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_params_map;
use leptos_router::path;
use serde::Deserialize;

#[derive(Deserialize, Clone, Debug, PartialEq)]
struct Item {
    slug: String,
    name: String,
    key_points: Vec<String>,
    grade: Option<String>,
}

async fn load(slug: String) -> Result<Item, String> {
    let response = gloo_net::http::Request::get(&format!("/api/profiles/{slug}"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let text = response.text().await.map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

#[component]
fn Detail() -> impl IntoView {
    let params = use_params_map();
    let item = LocalResource::new(move || load(params.with(|p| p.get("slug").unwrap_or_default())));
    move || match item.get() {
        None => view! { <p>"Loading"</p> }.into_any(),
        Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
        Some(Ok(item)) => view! {
            <leptos_meta::Title text=item.name.clone()/>
            <h1 data-slug=item.slug>{item.name}</h1>
            <ul>{item.key_points.into_iter().map(|k| view! { <li>{k}</li> }).collect_view()}</ul>
            <p>{item.grade}</p>
        }
        .into_any(),
    }
}

#[component]
fn App() -> impl IntoView {
    leptos_meta::provide_meta_context();
    view! {
        <Router>
            <nav><A href="/">"Home"</A></nav>
            <main>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=|| view! { <p>"Home"</p> }/>
                    <Route path=path!("/profiles/:slug") view=Detail/>
                </Routes>
            </main>
        </Router>
    }
}

fn main() {
    leptos::mount::mount_to_body(App)
}
