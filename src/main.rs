//! The standalone viewer's entry point: mount the app, nothing else.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(profile_viewer::app::App);
}
