//! The one source of a page's markup. These Leptos components are what the viewer
//! mounts in the browser and what the reference server renders to HTML (`page`) for a
//! first screen of a profile and of the directory, so the two cannot drift apart.
//!
//! They are presentational: data, signals and callbacks come in as props; nothing here
//! fetches, stores or reads a session. The viewer (`src/`) wires them to its API client and
//! session store; the server passes fixed values for a signed-out reader.
//!
//! - [`chrome`]: skip link, site header, main landmark, footer, the session area.
//! - [`profile`]: a profile's body, its panels and lists, "Save for offline".
//! - [`compact`]: the embed's sidebar card.
//! - [`directory`]: the directory's header, controls and result rows; [`directory_query`]
//!   its query (the URL's form) and search, plain logic.
//! - [`relationship_map`]: a profile's relationships as SVG, placed by [`map_layout`].
//! - [`locked_card`]: a member briefing's card frame and the signed-out reader's actions.
//! - [`login_dialog`]: the login dialog, which a first screen carries closed.
//! - [`confidence`], [`grade_badge`], [`blocks`], [`external_link`], [`after_paint`].
//! - [`links`]: which strings may become an `href`; [`state`]: the plain states shown.
//! - [`page`]: the first screens (a profile's, the directory's), their `<head>` parts and
//!   the static page, as HTML strings.

// Views rendered to HTML natively (with `ssr`) have deeply nested types.
#![recursion_limit = "256"]

pub mod after_paint;
pub mod blocks;
pub mod chrome;
pub mod compact;
pub mod confidence;
pub mod directory;
pub mod directory_query;
pub mod external_link;
pub mod grade_badge;
pub mod links;
pub mod locked_card;
pub mod login_dialog;
pub mod map_layout;
pub mod page;
pub mod profile;
pub mod relationship_map;
pub mod state;
