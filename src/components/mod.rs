//! Views. None of them uses leptos_router or leptos_meta, so they work inside the embedded
//! custom element as well as in the standalone app. The presentational ones come from
//! `profile_views` (one source of markup with the server); the ones here wire them to the
//! API client and the session store.

pub use profile_views::directory as directory_view;
pub use profile_views::{after_paint, blocks, confidence, grade_badge};

pub mod error_panel;
pub mod locked_card;
pub mod login_dialog;
pub mod offline_notice;
pub mod profile_view;
pub mod save_for_offline;
pub mod session_bar;
pub mod skeleton;
