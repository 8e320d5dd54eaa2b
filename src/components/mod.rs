//! Views. None of them uses leptos_router or leptos_meta, so they work inside the embedded
//! custom element as well as in the standalone app.

pub mod after_paint;
pub mod blocks;
pub mod confidence;
pub mod directory_view;
pub mod error_panel;
pub mod grade_badge;
pub mod locked_card;
pub mod login_dialog;
pub mod offline_notice;
pub mod profile_view;
pub mod session_bar;
pub mod skeleton;
