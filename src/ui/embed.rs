//! Embedding in an intranet portal: `?embed=1` gives compact chrome and reports the page height
//! to the parent; a `postMessage` API lets a host page hand over files and settings and receive
//! `metrics.json` back. Messages are accepted only from origins the user (settings) or the
//! administrator (`<meta name="deflect-embed-origins">` in index.html) allowed.
//!
//! Host → Deflect: `{type: "deflect:load", requestId, files: [File | {name, data: ArrayBuffer}],
//! settings?: {params: {...}, filters: {...}}}` and `{type: "deflect:settings", settings}`.
//! Deflect → host: `{type: "deflect:ready"}`, `{type: "deflect:height", height}`,
//! `{type: "deflect:metrics", requestId, metrics}` and `{type: "deflect:error", requestId, message}`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::browser;

/// Storage key of the origins the user allowed.
pub const ORIGINS_KEY: &str = "deflect.embed_origins";

/// True when the page runs with `?embed=1`.
pub fn is_embedded() -> bool {
    browser::query_param("embed").is_some_and(|v| v == "1" || v == "true")
}

/// Origins allowed to talk to this page: the administrator's meta tag plus the user's setting.
pub fn allowed_origins() -> Vec<String> {
    let mut out = Vec::new();
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(meta) = doc.and_then(|d| d.query_selector("meta[name=deflect-embed-origins]").ok().flatten()) {
        if let Some(c) = meta.get_attribute("content") {
            out.extend(split_origins(&c));
        }
    }
    if let Some(saved) = browser::load(ORIGINS_KEY) {
        out.extend(split_origins(&saved));
    }
    out.sort();
    out.dedup();
    out
}

/// Parses a list of origins separated by spaces, commas or new lines; keeps only
/// `scheme://host[:port]` forms (no paths, no wildcards).
pub fn split_origins(text: &str) -> Vec<String> {
    text.split([' ', ',', '\n', ';'])
        .map(|s| s.trim().trim_end_matches('/').to_string())
        .filter(|s| (s.starts_with("https://") || s.starts_with("http://")) && s.matches('/').count() == 2 && !s.contains('*'))
        .collect()
}

fn parent() -> Option<web_sys::Window> {
    let w = web_sys::window()?;
    let p = w.parent().ok().flatten()?;
    // Not embedded if the parent is this window itself.
    if js_sys::Object::is(&p, &w) {
        None
    } else {
        Some(p)
    }
}

/// Posts a message to the parent, once per allowed origin (the browser drops it unless the
/// parent really has that origin).
pub fn post_to_parent(msg: &JsValue) {
    let Some(p) = parent() else { return };
    for origin in allowed_origins() {
        let _ = p.post_message(msg, &origin);
    }
}

/// Posts to one origin (the sender of a request).
pub fn post_to(origin: &str, msg: &JsValue) {
    if let Some(p) = parent() {
        let _ = p.post_message(msg, origin);
    }
}

/// A message object `{type, ...}`.
pub fn message(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&obj, &(*k).into(), v);
    }
    obj.into()
}

/// What a host asked for.
pub enum HostRequest {
    /// Load these files with these settings; answer with metrics.
    Load {
        /// The host's id for the answer.
        request_id: JsValue,
        /// The sender's origin.
        origin: String,
        /// Files.
        files: Vec<web_sys::File>,
        /// Settings as JSON (`{params, filters}`), if given.
        settings: Option<String>,
    },
    /// Apply settings.
    Settings {
        /// Settings as JSON.
        settings: String,
    },
}

fn to_file(v: &JsValue, i: usize) -> Option<web_sys::File> {
    if let Some(f) = v.dyn_ref::<web_sys::File>() {
        return Some(f.clone());
    }
    let name = js_sys::Reflect::get(v, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_else(|| format!("file-{}", i + 1));
    let data = js_sys::Reflect::get(v, &"data".into()).ok()?;
    let parts = js_sys::Array::new();
    if data.is_instance_of::<js_sys::ArrayBuffer>() {
        parts.push(&js_sys::Uint8Array::new(&data));
    } else if data.is_instance_of::<js_sys::Uint8Array>() || data.is_string() || data.is_instance_of::<web_sys::Blob>() {
        parts.push(&data);
    } else {
        return None;
    }
    web_sys::File::new_with_u8_array_sequence(&parts, &name).ok()
}

/// Starts listening for host messages; `on_request` receives the accepted ones.
pub fn listen(on_request: Rc<dyn Fn(HostRequest)>) {
    let Some(w) = web_sys::window() else { return };
    let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let origin = ev.origin();
        let data = ev.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|t| t.as_string()).unwrap_or_default();
        if !kind.starts_with("deflect:") {
            return;
        }
        if !allowed_origins().contains(&origin) {
            web_sys::console::warn_1(&format!("Deflect ignored a message from {origin}: not an allowed origin").into());
            return;
        }
        let settings = js_sys::Reflect::get(&data, &"settings".into())
            .ok()
            .filter(|s| !s.is_undefined() && !s.is_null())
            .and_then(|s| js_sys::JSON::stringify(&s).ok())
            .and_then(|s| s.as_string());
        match kind.as_str() {
            "deflect:load" => {
                let request_id = js_sys::Reflect::get(&data, &"requestId".into()).unwrap_or(JsValue::NULL);
                let mut files = Vec::new();
                if let Ok(arr) = js_sys::Reflect::get(&data, &"files".into()) {
                    if let Some(arr) = arr.dyn_ref::<js_sys::Array>() {
                        for (i, v) in arr.iter().enumerate() {
                            if let Some(f) = to_file(&v, i) {
                                files.push(f);
                            }
                        }
                    }
                }
                on_request(HostRequest::Load { request_id, origin, files, settings });
            }
            "deflect:settings" => {
                if let Some(settings) = settings {
                    on_request(HostRequest::Settings { settings });
                }
            }
            _ => {}
        }
    });
    let _ = w.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// Reports the document height to the parent whenever it changes.
pub fn report_height() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    let last = Rc::new(RefCell::new(0i32));
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let h = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .map(|e| e.scroll_height())
            .unwrap_or(0);
        if *last.borrow() != h {
            *last.borrow_mut() = h;
            post_to_parent(&message("deflect:height", &[("height", JsValue::from(h))]));
        }
    });
    if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        obs.observe(&body);
        std::mem::forget(obs);
    }
    cb.forget();
}
