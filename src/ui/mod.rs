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
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_page_crash(&info.to_string());
    }));
    leptos::mount::mount_to_body(app::App);
}

/// A panic on this thread leaves the app's state half-updated, and the instance traps: say so
/// in a panel built with plain DOM calls (the reactive system may be what broke), the message
/// as text, with a reload button. The engine's own panics happen in the worker and are survived
/// (see [`engine::Engine`]).
fn show_page_crash(message: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("deflect-crash").is_some() {
        return;
    }
    let lang = doc.document_element().and_then(|e| e.get_attribute("lang")).and_then(|c| i18n::Lang::from_tag(&c)).unwrap_or(i18n::Lang::En);
    let make = |tag: &str, text: &str| {
        let el = doc.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let Ok(panel) = doc.create_element("section") else { return };
    panel.set_id("deflect-crash");
    let _ = panel.set_attribute("class", "error-panel page-crash");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "page-crash");
    for el in [
        make("h2", i18n::t(lang, i18n::T::ErrorTitle)),
        make("p", i18n::t(lang, i18n::T::PageCrashed)),
        make("code", message),
    ]
    .into_iter()
    .flatten()
    {
        let _ = panel.append_child(&el);
    }
    if let Some(button) = make("button", i18n::t(lang, i18n::T::Reload)) {
        let reload = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        reload.forget();
        let _ = panel.append_child(&button);
    }
    let _ = body.prepend_with_node_1(&panel);
}
