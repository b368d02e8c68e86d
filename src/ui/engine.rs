//! The UI's handle on the engine: a Web Worker when one can start, otherwise the same service
//! on the main thread (the single-file build opened from file://). Requests go out as JSON
//! with the `File` objects attached; responses come back as JSON.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::protocol::{Request, Response};
use crate::worker::{decode_message, encode_message, Post, Service};

/// Where the engine runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// In a Web Worker: the page stays responsive.
    Worker,
    /// On the main thread (no worker possible): work is chunked and yields between chunks.
    MainThread,
}

struct WorkerHandle {
    worker: web_sys::Worker,
    /// The worker posted `Ready`: its message handler is installed.
    ready: bool,
    /// Requests sent before that, delivered on `Ready` (a message posted earlier is lost).
    pending: Vec<JsValue>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// A handle to the running engine.
#[derive(Clone)]
pub struct Engine {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    worker: Option<WorkerHandle>,
    service: Rc<Service>,
    on_response: Post,
    on_crash: Rc<dyn Fn(String)>,
    last: Option<(Request, Vec<web_sys::File>)>,
    /// What the worker's panic hook said before the instance trapped.
    panic_message: Option<String>,
}

/// How the worker is started.
enum WorkerSource {
    /// The served build: `worker_loader.js` next to the page.
    Script,
    /// The single-file build: the worker's glue and wasm are inlined in the page; the worker
    /// runs from a `blob:` URL (which browsers allow from file://, unlike script URLs).
    Inline(String),
    /// No worker possible: the engine runs on this thread.
    None,
}

fn worker_source() -> WorkerSource {
    let Some(w) = web_sys::window() else { return WorkerSource::None };
    if !js_sys::Reflect::has(&js_sys::global(), &"Worker".into()).unwrap_or(false) {
        return WorkerSource::None;
    }
    let single = js_sys::Reflect::get(&w, &"DEFLECT_SINGLE_FILE".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
    if single {
        return match inline_worker_url() {
            Some(url) => WorkerSource::Inline(url),
            None => WorkerSource::None,
        };
    }
    if w.location().protocol().unwrap_or_default() == "file:" {
        return WorkerSource::None;
    }
    WorkerSource::Script
}

/// A `blob:` URL of the worker built from the page's inline blocks: its glue, then the start
/// call with the wasm bytes decoded from base64.
fn inline_worker_url() -> Option<String> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    let glue64 = doc.get_element_by_id("deflect-worker-js")?.text_content()?;
    let wasm64 = doc.get_element_by_id("deflect-worker-wasm")?.text_content()?;
    // The glue as bytes (it is UTF-8 text), then the start call with the wasm decoded inside
    // the worker, off this thread.
    let glue: Vec<u8> = window.atob(glue64.trim()).ok()?.chars().map(|c| c as u32 as u8).collect();
    let start = format!(
        "\n;(function () {{ const b = atob(\"{}\"); const u = new Uint8Array(b.length); \
         for (let i = 0; i < b.length; i++) u[i] = b.charCodeAt(i); wasm_bindgen({{ module_or_path: u }}); }})();\n",
        wasm64.trim()
    );
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(glue.as_slice()));
    parts.push(&start.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

impl Engine {
    /// Starts the engine; `on_response` receives every response, `on_crash` a message when the
    /// worker died (it is restarted and the last request re-sent).
    pub fn start(on_response: Post, on_crash: Rc<dyn Fn(String)>) -> Engine {
        let engine = Engine {
            inner: Rc::new(RefCell::new(Inner { worker: None, service: Service::new(), on_response, on_crash, last: None, panic_message: None })),
        };
        engine.spawn_worker();
        engine
    }

    /// Where the engine runs now.
    pub fn backend(&self) -> Backend {
        if self.inner.borrow().worker.is_some() {
            Backend::Worker
        } else {
            Backend::MainThread
        }
    }

    fn spawn_worker(&self) {
        let on_response = self.inner.borrow().on_response.clone();
        let weak_ready = Rc::downgrade(&self.inner);
        let url = match worker_source() {
            WorkerSource::Script => "./worker_loader.js".to_string(),
            WorkerSource::Inline(url) => url,
            WorkerSource::None => return,
        };
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Classic);
        let Ok(worker) = web_sys::Worker::new_with_options(&url, &opts) else {
            return;
        };
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(text) = ev.data().as_string() {
                match serde_json::from_str::<Response>(&text) {
                    Ok(Response::Ready { .. }) => {
                        if let Some(inner) = weak_ready.upgrade() {
                            let mut inner = inner.borrow_mut();
                            if let Some(w) = inner.worker.as_mut() {
                                w.ready = true;
                                for msg in w.pending.drain(..) {
                                    if let Err(e) = w.worker.post_message(&msg) {
                                        web_sys::console::error_1(&e);
                                    }
                                }
                            }
                        }
                    }
                    Ok(Response::Panicked { message }) => {
                        if let Some(inner) = weak_ready.upgrade() {
                            inner.borrow_mut().panic_message = Some(message);
                        }
                    }
                    Ok(r) => on_response(r),
                    Err(e) => web_sys::console::error_1(&format!("bad response from the worker: {e}").into()),
                }
            }
        });
        let weak = Rc::downgrade(&self.inner);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            let message = ev
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .unwrap_or_else(|| "the worker stopped".to_string());
            if let Some(inner) = weak.upgrade() {
                Engine { inner }.restart(message);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.inner.borrow_mut().worker = Some(WorkerHandle { worker, ready: false, pending: Vec::new(), _on_message: on_message, _on_error: on_error });
    }

    /// The worker died (a panic traps the wasm instance): report, start a new one and re-send
    /// the request that was running, so the page keeps its files and goes on.
    fn restart(&self, message: String) {
        let (crash, last, message) = {
            let mut inner = self.inner.borrow_mut();
            if let Some(w) = inner.worker.take() {
                w.worker.set_onmessage(None);
                w.worker.set_onerror(None);
                w.worker.terminate();
                // The handler running now is one of these closures: free them after it returns.
                let handle = w;
                wasm_bindgen_futures::spawn_local(async move { drop(handle) });
            }
            let message = inner.panic_message.take().unwrap_or(message);
            (inner.on_crash.clone(), inner.last.take(), message)
        };
        crash(message);
        self.spawn_worker();
        if let Some((req, files)) = last {
            // A request that crashes twice is not sent a third time.
            if !matches!(req, Request::Cancel { .. }) {
                self.send_inner(req, files, false);
            }
        }
    }

    /// Sends a request with its files.
    pub fn send(&self, req: Request, files: Vec<web_sys::File>) {
        self.send_inner(req, files, true);
    }

    fn send_inner(&self, req: Request, files: Vec<web_sys::File>, remember: bool) {
        let mut inner = self.inner.borrow_mut();
        if remember && !matches!(req, Request::Cancel { .. } | Request::CrashForTest) {
            inner.last = Some((req.clone(), files.clone()));
        }
        match inner.worker.as_mut() {
            Some(w) => {
                let msg = encode_message(&req, &files);
                if !w.ready {
                    w.pending.push(msg);
                } else if let Err(e) = w.worker.post_message(&msg) {
                    web_sys::console::error_1(&e);
                }
            }
            None => {
                // Same service, same messages, on this thread: round-trip through the encoding
                // so both paths behave alike.
                let svc = inner.service.clone();
                let post = inner.on_response.clone();
                drop(inner);
                let msg = encode_message(&req, &files);
                match decode_message(&msg) {
                    Ok((req, files)) => wasm_bindgen_futures::spawn_local(async move { svc.handle(req, files, post).await }),
                    Err(e) => web_sys::console::error_1(&e.into()),
                }
            }
        }
    }
}
