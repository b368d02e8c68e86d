//! The engine service: reads dropped files in chunks, runs ingestion and metrics, and answers
//! [`Request`]s with [`Response`]s. It runs in a Web Worker (`src/bin/worker.rs`), or on the
//! main thread where a worker cannot start (the single-file build opened from file://).
//!
//! Files are read with `File.slice()` into a reused buffer, so a file is never held whole
//! (except zip, spreadsheet and JSON documents, which their formats require). Progress is
//! posted at most every 200 ms; between chunks the service yields to the event loop, so a
//! cancel (or a newer job) is seen promptly.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::engine::dataset::Dataset;
use crate::engine::ingest::{failed_part, Heartbeat, IngestOptions, Ingester, IngestedPart};
use crate::engine::params::{Filters, Params};
use crate::engine::sample::{sample_files, SAMPLE_PARAMS};
use crate::engine::time::Zone;
use crate::protocol::{Analysis, FileChoice, Request, Response, Settings, VERSION};

/// Bytes read per slice.
pub const CHUNK_BYTES: f64 = 4.0 * 1024.0 * 1024.0;
/// Least time between progress messages. The page should hear from the engine at least every
/// 250 ms; checks happen between slices and at the engine's heartbeats, which are up to about
/// 100 ms apart on a million contacts, so a message is due after 100 ms.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Where responses go.
pub type Post = Rc<dyn Fn(Response)>;

/// The loaded state between requests.
pub struct Service {
    chunk_bytes: f64,
    files: RefCell<Vec<(String, web_sys::File)>>,
    choices: RefCell<Vec<FileChoice>>,
    sample: Cell<bool>,
    remembered: RefCell<std::collections::BTreeMap<String, crate::engine::ingest::mapping::Mapping>>,
    dataset: RefCell<Option<Rc<Dataset>>>,
    loaded_zone: RefCell<String>,
    current_job: Cell<u64>,
    /// When the last progress message went (or the job began), ms: shared by reading,
    /// merging and computing, so the pace holds across their boundaries.
    last_progress: Cell<f64>,
}

/// Effective parameters: defaults, the sample's example costs when the sample is shown, then
/// the user's settings (which win).
pub fn effective_params(settings: &Settings, sample: bool) -> Result<Params, String> {
    let mut p = Params::default();
    if let Some(z) = settings.params.get("time_zone").and_then(|v| v.as_str()) {
        p.set("time_zone", z).map_err(|e| e.0)?;
    }
    if sample {
        for (k, v) in SAMPLE_PARAMS {
            p.set(k, v).map_err(|e| e.0)?;
        }
    }
    p.apply_json(&settings.params).map_err(|e| e.0)?;
    Ok(p)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Lets the event loop run (progress paints, cancel messages arrive).
async fn yield_now() {
    let promise = js_sys::Promise::resolve(&JsValue::UNDEFINED);
    let _ = JsFuture::from(promise).await;
}

impl Service {
    /// A fresh service reading [`CHUNK_BYTES`] at a time.
    pub fn new() -> Rc<Service> {
        Service::with_chunk_bytes(CHUNK_BYTES)
    }

    /// A fresh service reading `chunk_bytes` at a time (tests cut files everywhere).
    pub fn with_chunk_bytes(chunk_bytes: f64) -> Rc<Service> {
        Rc::new(Service {
            chunk_bytes: chunk_bytes.max(1.0),
            files: RefCell::default(),
            choices: RefCell::default(),
            sample: Cell::new(false),
            remembered: RefCell::default(),
            dataset: RefCell::default(),
            loaded_zone: RefCell::default(),
            current_job: Cell::new(0),
            last_progress: Cell::new(0.0),
        })
    }

    /// Handles one request; answers through `post`.
    pub async fn handle(self: Rc<Self>, req: Request, files: Vec<web_sys::File>, post: Post) {
        match req {
            Request::Load { job, names, choices, sample, settings, remembered } => {
                self.current_job.set(job);
                *self.remembered.borrow_mut() = remembered;
                let named: Vec<(String, web_sys::File)> = names.into_iter().zip(files).collect();
                *self.files.borrow_mut() = named;
                *self.choices.borrow_mut() = choices;
                self.sample.set(sample);
                self.load(job, settings, post).await;
            }
            Request::Recompute { job, settings } => {
                self.current_job.set(job);
                let zone = settings.params.get("time_zone").and_then(|v| v.as_str()).unwrap_or("UTC").to_string();
                if *self.loaded_zone.borrow() != zone || self.dataset.borrow().is_none() {
                    // Local timestamps were read in the old zone: read the files again.
                    self.load(job, settings, post).await;
                } else {
                    self.last_progress.set(now_ms());
                    self.compute(job, &settings, &post);
                }
            }
            Request::Drill { job, metric, by, group, settings } => {
                let ds = self.dataset.borrow().clone();
                let Some(ds) = ds else {
                    post(Response::Failed { job, message: "no data loaded".into() });
                    return;
                };
                match effective_params(&settings, self.sample.get()) {
                    Ok(params) => {
                        let d = crate::engine::drill::records_behind(&ds, &params, &settings.filters, &metric, by.as_deref(), group.as_deref());
                        post(Response::Records { job, columns: d.columns, rows: d.rows, total: d.total, csv: d.csv });
                    }
                    Err(message) => post(Response::Failed { job, message }),
                }
            }
            Request::Cancel { job } => {
                if self.current_job.get() == job {
                    self.current_job.set(job.wrapping_add(1 << 40));
                }
            }
            Request::CrashForTest => panic!("crash requested by the page's crash test"),
        }
    }

    fn cancelled(&self, job: u64) -> bool {
        self.current_job.get() != job
    }

    async fn load(self: &Rc<Self>, job: u64, settings: Settings, post: Post) {
        let params = match effective_params(&settings, self.sample.get()) {
            Ok(p) => p,
            Err(message) => {
                post(Response::Failed { job, message });
                return;
            }
        };
        let files = self.files.borrow().clone();
        let choices = self.choices.borrow().clone();
        let mut parts: Vec<IngestedPart> = Vec::new();
        self.last_progress.set(now_ms());
        for (i, (name, file)) in files.iter().enumerate() {
            let choice = choices.get(i).cloned().unwrap_or_default();
            let mut opts = IngestOptions::new(params.zone.clone());
            if let Some(z) = choice.time_zone.as_deref().and_then(|z| Zone::get(z).ok()) {
                opts.zone = z;
            }
            opts.date_order = choice.date_order;
            opts.sheet = choice.sheet.clone();
            opts.mapping = choice.mapping.clone();
            opts.remembered = self.remembered.borrow().clone();
            let size = file.size();
            let mut ing = Ingester::new(name, opts);
            ing.set_size_hint(size as u64);
            let mut offset = 0.0;
            let mut failed = None;
            post(Response::Progress { job, file: name.clone(), bytes_read: 0, bytes_total: size as u64, rows: 0, stage: None, step: 0, steps: 0, elapsed_ms: 0 });
            while offset < size {
                let end = (offset + self.chunk_bytes).min(size);
                match read_slice(file, offset, end).await {
                    Ok(bytes) => ing.feed(&bytes),
                    Err(e) => {
                        failed = Some(format!("cannot read the file: {e:?}"));
                        break;
                    }
                }
                offset = end;
                if self.cancelled(job) {
                    return;
                }
                if self.progress_due() {
                    post(Response::Progress { job, file: name.clone(), bytes_read: offset as u64, bytes_total: size as u64, rows: ing.rows(), stage: None, step: 0, steps: 0, elapsed_ms: 0 });
                    yield_now().await;
                }
            }
            // A document read whole (JSON, a workbook) is read in `finish`, seconds for a big
            // one: its rows are reported as they come.
            // With the time since its last byte, so that the bar moves while the records are
            // cut and checked (no rows yet).
            let svc = Rc::clone(self);
            let (beat_post, beat_name, read_at) = (post.clone(), name.clone(), now_ms());
            ing.set_heartbeat(Heartbeat(Rc::new(move |rows| {
                if svc.progress_due() {
                    let (file, bytes, elapsed_ms) = (beat_name.clone(), size as u64, (now_ms() - read_at) as u64);
                    beat_post(Response::Progress { job, file, bytes_read: bytes, bytes_total: bytes, rows, stage: None, step: 0, steps: 0, elapsed_ms });
                }
            })));
            match failed {
                Some(message) => parts.push(failed_part(name, crate::engine::error::FileError::Malformed { message, position: None })),
                None => match ing.finish() {
                    Ok(i) => parts.extend(i.parts),
                    Err(e) => parts.push(failed_part(name, e)),
                },
            }
        }
        if self.sample.get() {
            for (name, text) in sample_files() {
                let mut ing = Ingester::new(&name, IngestOptions::new(params.zone.clone()));
                ing.feed(text.as_bytes());
                match ing.finish() {
                    Ok(i) => parts.extend(i.parts),
                    Err(e) => parts.push(failed_part(&name, e)),
                }
            }
        }
        if self.cancelled(job) {
            return;
        }
        let real_files = files.iter().any(|(_, f)| f.size() > 0.0);
        let merge_start = now_ms();
        let merging = |elapsed_ms: f64| {
            post(Response::Progress { job, file: String::new(), bytes_read: 0, bytes_total: 0, rows: 0, stage: Some("merge".into()), step: 0, steps: 1, elapsed_ms: elapsed_ms as u64 });
        };
        if real_files {
            merging(0.0);
        }
        let beat = || {
            if real_files && self.progress_due() {
                merging(now_ms() - merge_start);
            }
        };
        let ds = Rc::new(Dataset::from_parts_with_heartbeat(parts, &beat));
        *self.dataset.borrow_mut() = Some(ds);
        *self.loaded_zone.borrow_mut() = params.zone.name().to_string();
        self.compute(job, &settings, &post);
    }

    /// True (and the clock reset) when a progress message is due.
    fn progress_due(&self) -> bool {
        let now = now_ms();
        let due = now - self.last_progress.get() >= PROGRESS_EVERY_MS;
        if due {
            self.last_progress.set(now);
        }
        due
    }

    fn compute(&self, job: u64, settings: &Settings, post: &Post) {
        let Some(ds) = self.dataset.borrow().clone() else { return };
        let params = match effective_params(settings, self.sample.get()) {
            Ok(p) => p,
            Err(message) => {
                post(Response::Failed { job, message });
                return;
            }
        };
        let filters: &Filters = &settings.filters;
        let t0 = now_ms();
        // Each family's start is posted once the work has taken a while, so that a large file
        // shows where it is and a small one does not flash a progress bar. The page receives
        // these while this thread goes on computing.
        let mut step = |done: u32, steps: u32, family: &'static str| {
            if self.progress_due() {
                post(Response::Progress { job, file: String::new(), bytes_read: 0, bytes_total: 0, rows: 0, stage: Some(family.into()), step: done, steps, elapsed_ms: (now_ms() - t0) as u64 });
            }
        };
        let analysis = Analysis::of_reporting(&ds, &params, filters, 0.0, &mut step);
        let mut analysis = analysis;
        analysis.compute_ms = now_ms() - t0;
        post(Response::Done { job, analysis: Box::new(analysis) });
    }
}

async fn read_slice(file: &web_sys::File, start: f64, end: f64) -> Result<Vec<u8>, JsValue> {
    let blob = file.slice_with_f64_and_f64(start, end)?;
    let buf = JsFuture::from(blob.array_buffer()).await?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Splits a posted message into its request and attached files: `{json, files}`.
pub fn decode_message(data: &JsValue) -> Result<(Request, Vec<web_sys::File>), String> {
    let json = js_sys::Reflect::get(data, &"json".into()).ok().and_then(|v| v.as_string()).ok_or("message without json")?;
    let req: Request = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    if let Ok(arr) = js_sys::Reflect::get(data, &"files".into()) {
        if let Some(arr) = arr.dyn_ref::<js_sys::Array>() {
            for f in arr.iter() {
                if let Ok(file) = f.dyn_into::<web_sys::File>() {
                    files.push(file);
                }
            }
        }
    }
    Ok((req, files))
}

/// Builds a posted message: `{json, files}`.
pub fn encode_message(req: &Request, files: &[web_sys::File]) -> JsValue {
    let obj = js_sys::Object::new();
    let json = serde_json::to_string(req).unwrap_or_default();
    let _ = js_sys::Reflect::set(&obj, &"json".into(), &json.into());
    let arr = js_sys::Array::new();
    for f in files {
        arr.push(f);
    }
    let _ = js_sys::Reflect::set(&obj, &"files".into(), &arr);
    obj.into()
}

/// Entry point of the worker binary: answers messages from the page.
pub fn run_worker() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // A panic traps the instance and the page sees only "unreachable": post its text first.
    let panic_scope = scope.clone();
    std::panic::set_hook(Box::new(move |info| {
        console_error_panic_hook::hook(info);
        let text = serde_json::to_string(&Response::Panicked { message: info.to_string() }).unwrap_or_default();
        let _ = panic_scope.post_message(&JsValue::from_str(&text));
    }));
    let service = Service::new();
    let post_scope = scope.clone();
    let post: Post = Rc::new(move |r: Response| {
        let text = serde_json::to_string(&r).unwrap_or_default();
        let _ = post_scope.post_message(&JsValue::from_str(&text));
    });
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        match decode_message(&ev.data()) {
            Ok((req, files)) => {
                let svc = service.clone();
                let post = post.clone();
                wasm_bindgen_futures::spawn_local(async move { svc.handle(req, files, post).await });
            }
            Err(message) => post(Response::Failed { job: 0, message }),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = serde_json::to_string(&Response::Ready { version: VERSION }).unwrap_or_default();
    let _ = scope.post_message(&JsValue::from_str(&ready));
}
