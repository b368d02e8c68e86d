//! Small browser helpers: downloads, the browser's language and time zone, local storage.
//! Everything stays on this machine: downloads are object URLs, storage is this origin's.

use wasm_bindgen::JsCast;

/// Offers `content` as a file download (an object URL; nothing leaves the machine).
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::new();
    parts.push(&content.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = doc.create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(name);
            a.set_hidden(true);
            if let Some(body) = doc.body() {
                let _ = body.append_child(&a);
                a.click();
                let _ = body.remove_child(&a);
            }
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The browser's IANA time zone (UTC if it cannot tell).
pub fn browser_time_zone() -> String {
    let fmt = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let opts = fmt.resolved_options();
    js_sys::Reflect::get(&opts, &"timeZone".into()).ok().and_then(|v| v.as_string()).unwrap_or_else(|| "UTC".into())
}

/// The browser's preferred language tags.
pub fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return vec![] };
    let mut out: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if let Some(l) = nav.language() {
        out.push(l);
    }
    out
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Reads a value saved in this browser.
pub fn load(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Saves a value in this browser (settings only; never file contents unless the user opts in).
pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Removes everything this app saved.
pub fn forget_all() {
    if let Some(s) = storage() {
        let keys: Vec<String> = (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with("deflect.")).collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
}

/// A query-string parameter of the page URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Milliseconds since the page started.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Records a `performance.measure` entry `name` from `start_ms` (on `now_ms`'s clock) to now,
/// visible in the browser's performance tools and to the benchmark.
pub fn measure(name: &str, start_ms: f64) {
    let Some(p) = web_sys::window().and_then(|w| w.performance()) else { return };
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"start".into(), &start_ms.into());
    let _ = js_sys::Reflect::set(&opts, &"end".into(), &p.now().into());
    if let Ok(f) = js_sys::Reflect::get(&p, &"measure".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call2(&p, &name.into(), &opts);
    }
}

/// Files the user picked or dropped on the start-up page (`index.html`'s `deflect-boot` block,
/// shown before the WebAssembly loads); removes that block, so it is called once, as the app
/// mounts. Empty when the page has no such block (tests, older embeds).
pub fn take_boot_files() -> Vec<web_sys::File> {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return vec![] };
    if let Some(block) = window.document().and_then(|d| d.get_element_by_id("deflect-boot")) {
        block.remove();
    }
    let files = js_sys::Reflect::get(&window, &"deflectBoot".into())
        .and_then(|boot| js_sys::Reflect::get(&boot, &"files".into()))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Array>().ok());
    let Some(files) = files else { return vec![] };
    let taken = files.iter().filter_map(|f| f.dyn_into::<web_sys::File>().ok()).collect();
    files.set_length(0);
    taken
}
