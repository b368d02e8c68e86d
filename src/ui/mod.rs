//! The Leptos UI (feature `web`): thin components that read signals, send requests to the
//! engine and render numbers. Charts are pure functions in [`charts`]; texts in [`i18n`].

pub mod app;
pub mod browser;
pub mod charts;
pub mod components;
pub mod embed;
pub mod engine;
pub mod i18n;
pub mod i18n_catalogue;
pub mod persist;

/// Mounts the app on the page body.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
