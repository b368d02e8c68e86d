//! The app: state in context, the engine connection, and the page layout.

use std::sync::Arc;

use leptos::prelude::*;

use super::{browser, embed, persist};
use super::components::dashboard::Dashboard;
use super::components::dropzone::DropZone;
use super::components::files::FilesPanel;
use super::components::header::Header;
use super::components::progress::ProgressBar;
use super::components::settings::{FilterBar, SettingsPanel};
use super::engine::{Backend, Engine};
use super::i18n::{t, Lang, T};
use crate::engine::catalogue::FAMILIES;
use crate::protocol::{Analysis, FileChoice, Request, Response, Settings};

/// Progress of a running load.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// File being read.
    pub file: String,
    /// Bytes read.
    pub bytes_read: u64,
    /// Bytes in all.
    pub bytes_total: u64,
    /// Rows read.
    pub rows: u64,
    /// Once the files are read: `merge`, the metric family being computed, or [`DRAW_STAGE`].
    pub stage: Option<String>,
    /// Steps done of `steps`.
    pub step: u32,
    /// Steps in all.
    pub steps: u32,
    /// Time since merging or computing began, ms.
    pub elapsed_ms: u64,
}

/// Light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// App-wide state, provided as context. `Copy`: every field is a signal or stored value.
#[derive(Clone, Copy)]
pub struct AppState {
    /// UI language.
    pub lang: RwSignal<Lang>,
    /// The page is being printed: every breakdown table is drawn (on screen only opened ones
    /// are, which keeps two thirds of a large dashboard's elements out of the page).
    pub printing: RwSignal<bool>,
    /// Colour theme.
    pub theme: RwSignal<Theme>,
    /// The latest analysis.
    pub analysis: RwSignal<Option<Arc<Analysis>>>,
    /// The analysis each part of the dashboard shows: the overview first, then for each family
    /// in `FAMILIES` order its cards and tables, then its charts (see [`section_index`]). A new analysis
    /// reaches them one section per task (see [`AppState::draw_sections`]), so that building a
    /// large dashboard never blocks the page in one piece.
    pub drawn: StoredValue<Vec<RwSignal<Option<Arc<Analysis>>>>>,
    draw_round: StoredValue<u64>,
    /// A running load.
    pub progress: RwSignal<Option<Progress>>,
    /// An error to show.
    pub error: RwSignal<Option<String>>,
    /// The engine crashed and was restarted: what happened (kept until dismissed, unlike
    /// `error`, which the next finished job clears).
    pub crash: RwSignal<Option<String>>,
    /// Settings that change the numbers.
    pub settings: RwSignal<Settings>,
    /// The built-in sample is shown.
    pub sample: RwSignal<bool>,
    /// Names of the loaded files.
    pub file_names: RwSignal<Vec<String>>,
    /// Per-file choices.
    pub choices: RwSignal<Vec<FileChoice>>,
    /// Where the engine runs.
    pub backend: RwSignal<Option<&'static str>>,
    /// Files are kept in this browser (opt-in).
    pub keep_files: RwSignal<bool>,
    files: StoredValue<Vec<web_sys::File>, LocalStorage>,
    engine: StoredValue<Option<Engine>, LocalStorage>,
    job: StoredValue<u64>,
    /// A host page's request waiting for its metrics: (request id, origin, job).
    embed_request: StoredValue<Option<(wasm_bindgen::JsValue, String, u64)>, LocalStorage>,
}

/// What the dashboard draws `i`-th: the overview, then each family's cards and tables and
/// then its charts (see [`section_index`]). Its name: `overview` or the family.
pub fn section_name(i: usize) -> &'static str {
    if i == 0 {
        "overview"
    } else {
        FAMILIES.get((i - 1) / 2).copied().unwrap_or("")
    }
}

/// Position in `AppState::drawn` of family `family`'s cards and tables, or of its charts.
pub fn section_index(family: usize, charts: bool) -> usize {
    1 + 2 * family + usize::from(charts)
}

/// Number of drawing steps (signals in `AppState::drawn`).
const DRAW_STEPS: usize = 1 + 2 * FAMILIES.len();

/// The progress stage while the family sections take up a new analysis.
pub const DRAW_STAGE: &str = "draw";

const SETTINGS_KEY: &str = "deflect.settings";

impl AppState {
    fn new() -> AppState {
        let lang = browser::load("deflect.lang")
            .and_then(|l| Lang::from_tag(&l))
            .or_else(|| browser::browser_languages().iter().find_map(|l| Lang::from_tag(l)))
            .unwrap_or_default();
        let theme = match browser::load("deflect.theme").as_deref() {
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            _ => {
                let dark = web_sys::window()
                    .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                    .is_some_and(|m| m.matches());
                if dark {
                    Theme::Dark
                } else {
                    Theme::Light
                }
            }
        };
        let mut settings: Settings = browser::load(SETTINGS_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
        if !settings.params.contains_key("time_zone") {
            settings.params.insert("time_zone".into(), browser::browser_time_zone().into());
        }
        AppState {
            lang: RwSignal::new(lang),
            printing: RwSignal::new(false),
            theme: RwSignal::new(theme),
            analysis: RwSignal::new(None),
            drawn: StoredValue::new((0..DRAW_STEPS).map(|_| RwSignal::new(None)).collect()),
            draw_round: StoredValue::new(0),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            crash: RwSignal::new(None),
            settings: RwSignal::new(settings),
            sample: RwSignal::new(true),
            file_names: RwSignal::new(Vec::new()),
            choices: RwSignal::new(Vec::new()),
            backend: RwSignal::new(None),
            keep_files: RwSignal::new(browser::load(persist::KEEP_KEY).as_deref() == Some("1")),
            files: StoredValue::new_local(Vec::new()),
            engine: StoredValue::new_local(None),
            job: StoredValue::new(0),
            embed_request: StoredValue::new_local(None),
        }
    }

    fn next_job(&self) -> u64 {
        self.job.update_value(|j| *j += 1);
        self.job.get_value()
    }

    fn send(&self, req: Request, files: Vec<web_sys::File>) {
        self.engine.with_value(|e| {
            if let Some(e) = e {
                e.send(req, files);
            }
        });
    }

    /// Reads every loaded file (and the sample, if shown) again and computes.
    pub fn reload(&self) {
        let job = self.next_job();
        let files = self.files.get_value();
        let names = self.file_names.get_untracked();
        let mut choices = self.choices.get_untracked();
        choices.resize(names.len(), FileChoice::default());
        let req = Request::Load {
            job,
            names,
            choices,
            sample: self.sample.get_untracked(),
            settings: self.settings.get_untracked(),
            remembered: super::components::mapping::remembered(),
        };
        self.progress.set(Some(Progress { file: String::new(), bytes_read: 0, bytes_total: 0, rows: 0, stage: None, step: 0, steps: 0, elapsed_ms: 0 }));
        self.send(req, files);
    }

    /// Adds files the user picked or dropped; the sample makes way for real data.
    pub fn add_files(&self, new: Vec<web_sys::File>) {
        if new.is_empty() {
            return;
        }
        self.files.update_value(|f| f.extend(new.iter().cloned()));
        self.file_names.update(|n| n.extend(new.iter().map(|f| f.name())));
        self.sample.set(false);
        self.persist_files();
        self.reload();
    }

    /// Replaces every file (a host page's request).
    pub fn replace_files(&self, new: Vec<web_sys::File>) {
        self.files.set_value(Vec::new());
        self.file_names.set(Vec::new());
        self.choices.set(Vec::new());
        self.add_files(new);
    }

    /// Removes every file and shows the empty state.
    pub fn clear_files(&self) {
        self.files.set_value(Vec::new());
        self.file_names.set(Vec::new());
        self.choices.set(Vec::new());
        self.sample.set(false);
        self.analysis.set(None);
        self.draw_round.update_value(|r| *r += 1);
        for d in self.drawn.get_value() {
            d.set(None);
        }
        self.persist_files();
    }

    /// Stores the files in this browser when the user opted in.
    fn persist_files(&self) {
        if !self.keep_files.get_untracked() {
            return;
        }
        let files = self.files.get_value();
        leptos::task::spawn_local(async move {
            if let Err(e) = persist::save_files(&files).await {
                web_sys::console::warn_1(&e);
            }
        });
    }

    /// Turns "keep these files in this browser" on or off (off deletes what was kept).
    pub fn set_keep_files(&self, keep: bool) {
        self.keep_files.set(keep);
        browser::save(persist::KEEP_KEY, if keep { "1" } else { "0" });
        if keep {
            self.persist_files();
        } else {
            leptos::task::spawn_local(async {
                let _ = persist::forget_files().await;
            });
        }
    }

    /// Deletes every stored file and setting and starts over with the sample.
    pub fn forget_everything(&self) {
        browser::forget_all();
        leptos::task::spawn_local(async {
            let _ = persist::forget_files().await;
        });
        self.keep_files.set(false);
        let mut settings = Settings::default();
        settings.params.insert("time_zone".into(), browser::browser_time_zone().into());
        self.settings.set(settings);
        self.files.set_value(Vec::new());
        self.file_names.set(Vec::new());
        self.choices.set(Vec::new());
        self.show_sample();
    }

    /// Shows the sample.
    pub fn show_sample(&self) {
        self.sample.set(true);
        self.reload();
    }

    /// Recomputes with the current settings (no re-reading unless the zone changed).
    pub fn recompute(&self) {
        let settings = self.settings.get_untracked();
        browser::save(SETTINGS_KEY, &serde_json::to_string(&settings).unwrap_or_default());
        if self.analysis.get_untracked().is_none() {
            return;
        }
        let job = self.next_job();
        self.send(Request::Recompute { job, settings }, Vec::new());
    }

    /// Stops the running load.
    pub fn cancel(&self) {
        let job = self.job.get_value();
        self.send(Request::Cancel { job }, Vec::new());
        self.progress.set(None);
    }

    /// Asks for the records behind a number; `on_records` gets them.
    pub fn drill(&self, metric: &str, by: Option<String>, group: Option<String>) {
        let job = self.next_job();
        let settings = self.settings.get_untracked();
        self.send(Request::Drill { job, metric: metric.to_string(), by, group, settings }, Vec::new());
    }

    /// Hands a new analysis to the family sections one at a time, each in its own task
    /// (a zero timeout), with the progress bar at "drawing" until the last; a newer analysis
    /// or a new load supersedes the round. Sections show the previous numbers until their turn,
    /// so the page keeps its layout and scroll position while it updates.
    fn draw_sections(&self, analysis: Arc<Analysis>, t0: f64) {
        self.draw_round.update_value(|r| *r += 1);
        let round = self.draw_round.get_value();
        let steps = DRAW_STEPS as u32;
        self.progress.set(Some(Progress { stage: Some(DRAW_STAGE.into()), step: 0, steps, ..Progress::default() }));
        // `previous`: what the last task drew and when it began (rendering runs in that task's
        // microtasks, after `set` returns, so it is measured from the next task).
        fn next(state: AppState, round: u64, i: usize, analysis: Arc<Analysis>, previous: (&'static str, f64)) {
            browser::measure(&format!("deflect:draw:{}", previous.0), previous.1);
            if state.draw_round.get_value() != round {
                return;
            }
            let drawing = state.progress.with_untracked(|p| p.as_ref().is_some_and(|p| p.stage.as_deref() == Some(DRAW_STAGE)));
            let Some(section) = state.drawn.with_value(|d| d.get(i).copied()) else {
                if drawing {
                    state.progress.set(None);
                }
                return;
            };
            let t0 = browser::now_ms();
            section.set(Some(analysis.clone()));
            if drawing {
                state.progress.set(Some(Progress { stage: Some(DRAW_STAGE.into()), step: i as u32 + 1, steps: DRAW_STEPS as u32, ..Progress::default() }));
            }
            set_timeout(move || next(state, round, i + 1, analysis, (section_name(i), t0)), std::time::Duration::ZERO);
        }
        let state = *self;
        set_timeout(move || next(state, round, 0, analysis, ("frame", t0)), std::time::Duration::ZERO);
    }

    fn on_response(&self, r: Response, drill: RwSignal<Option<DrillResult>>) {
        let current = self.job.get_value();
        match r {
            Response::Ready { .. } => {}
            Response::Progress { job, file, bytes_read, bytes_total, rows, stage, step, steps, elapsed_ms } if job == current => {
                self.progress.set(Some(Progress { file, bytes_read, bytes_total, rows, stage, step, steps, elapsed_ms }));
            }
            Response::Done { job, analysis } if job == current => {
                let t0 = browser::now_ms();
                self.error.set(None);
                let waiting = self.embed_request.get_value().filter(|(_, _, j)| *j <= job);
                if let Some((id, origin, _)) = waiting {
                    self.embed_request.set_value(None);
                    let metrics = js_sys::JSON::parse(&analysis.report.to_json()).unwrap_or(wasm_bindgen::JsValue::NULL);
                    embed::post_to(&origin, &embed::message("deflect:metrics", &[("requestId", id), ("metrics", metrics)]));
                }
                // The message was parsed in this task; the page takes the analysis in the next
                // one, so that parsing and building the frame are not one long task.
                let analysis = Arc::new(*analysis);
                let state = *self;
                set_timeout(
                    move || {
                        if state.job.get_value() == job {
                            state.analysis.set(Some(analysis.clone()));
                            state.draw_sections(analysis, t0);
                        }
                    },
                    std::time::Duration::ZERO,
                );
            }
            Response::Records { job, columns, rows, total, csv } if job == current => {
                drill.set(Some(DrillResult { columns, rows, total, csv }));
            }
            Response::Failed { job, message } if job == current || job == 0 => {
                if let Some((id, origin, _)) = self.embed_request.get_value() {
                    self.embed_request.set_value(None);
                    embed::post_to(&origin, &embed::message("deflect:error", &[("requestId", id), ("message", message.clone().into())]));
                }
                self.progress.set(None);
                self.error.set(Some(message));
            }
            _ => {}
        }
    }
}

/// Records behind a number, as the drill-down dialog shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct DrillResult {
    /// Column names.
    pub columns: Vec<String>,
    /// First rows.
    pub rows: Vec<Vec<String>>,
    /// How many in all.
    pub total: u64,
    /// All of them as CSV.
    pub csv: String,
}

/// The drill-down result, in context.
#[derive(Clone, Copy)]
pub struct DrillState(pub RwSignal<Option<DrillResult>>);

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let picked_before_start = browser::take_boot_files();
    let state = AppState::new();
    provide_context(state);
    let drill = RwSignal::new(None::<DrillResult>);
    provide_context(DrillState(drill));

    // Connect the engine once; responses arrive on this thread.
    let on_response: crate::worker::Post = std::rc::Rc::new(move |r| state.on_response(r, drill));
    let on_crash: std::rc::Rc<dyn Fn(String)> = std::rc::Rc::new(move |m| state.crash.set(Some(m)));
    let engine = Engine::start(on_response, on_crash);
    state.backend.set(Some(match engine.backend() {
        Backend::Worker => "worker",
        Backend::MainThread => "main thread",
    }));
    state.engine.set_value(Some(engine));
    if state.keep_files.get_untracked() {
        // Files the user asked this browser to keep.
        leptos::task::spawn_local(async move {
            match persist::load_files().await {
                Ok(files) if !files.is_empty() => state.add_files(files),
                _ => state.reload(),
            }
        });
    } else if picked_before_start.is_empty() {
        state.reload();
    }
    state.add_files(picked_before_start);
    if embed::is_embedded() {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.class_list().add_1("embed");
        }
        embed::report_height();
    }
    embed::listen(std::rc::Rc::new(move |req| match req {
        embed::HostRequest::Load { request_id, origin, files, settings } => {
            if let Some(s) = settings.and_then(|s| serde_json::from_str::<Settings>(&s).ok()) {
                state.settings.update(|cur| {
                    cur.params.extend(s.params);
                    cur.filters = s.filters;
                });
            }
            let job = state.job.get_value() + 1;
            state.embed_request.set_value(Some((request_id, origin, job)));
            state.replace_files(files);
        }
        embed::HostRequest::Settings { settings } => {
            if let Ok(s) = serde_json::from_str::<Settings>(&settings) {
                state.settings.update(|cur| {
                    cur.params.extend(s.params);
                    cur.filters = s.filters;
                });
                state.recompute();
            }
        }
    }));
    embed::post_to_parent(&embed::message("deflect:ready", &[]));
    open_details_for_print(state.printing);

    // Effects only talk to the outside: document attributes and storage.
    Effect::new(move |_| {
        let lang = state.lang.get();
        browser::save("deflect.lang", lang.code());
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.set_attribute("lang", lang.code());
        }
    });
    Effect::new(move |_| {
        let theme = state.theme.get();
        let name = if theme == Theme::Dark { "dark" } else { "light" };
        browser::save("deflect.theme", name);
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.set_attribute("data-theme", name);
        }
    });

    // `?crash-test`: once the first dashboard is on screen, make the engine panic, so that the
    // end-to-end tests can watch it being restarted and the files read again.
    if browser::query_param("crash-test").is_some() {
        let crashed = StoredValue::new(false);
        Effect::new(move |_| {
            if state.analysis.with(Option::is_some) && !crashed.get_value() {
                crashed.set_value(true);
                state.send(Request::CrashForTest, Vec::new());
            }
        });
    }

    let lang = state.lang;
    view! {
        <a class="skip" href="#main">{move || match lang.get() { Lang::En => "Skip to content", Lang::It => "Vai al contenuto", Lang::Pt => "Saltar para o conteúdo" }}</a>
        <Header/>
        <main id="main" tabindex="-1">
            <p class="privacy">{move || t(lang.get(), T::PrivacyPromise)}</p>
            <DropZone/>
            <FilterBar/>
            <SettingsPanel/>
            <ProgressBar/>
            <ErrorPanel/>
            <FilesPanel/>
            <Dashboard/>
        </main>
    }
}

/// Printing shows every definition and table: open every `<details>` before printing (closed
/// ones hide their content whatever the CSS) and close again those that were closed.
fn open_details_for_print(printing: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else { return };
    let opened: std::rc::Rc<std::cell::RefCell<Vec<web_sys::Element>>> = Default::default();
    let o1 = opened.clone();
    let before = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        printing.set(true);
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        if let Ok(list) = doc.query_selector_all("details:not([open])") {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                    let _ = el.set_attribute("open", "");
                    o1.borrow_mut().push(el);
                }
            }
        }
    });
    let after = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        printing.set(false);
        for el in opened.borrow_mut().drain(..) {
            let _ = el.remove_attribute("open");
        }
    });
    let _ = w.add_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
    let _ = w.add_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
    before.forget();
    after.forget();
}

/// Shows an error with a way to dismiss it; the page stays usable.
#[component]
fn ErrorPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let crash = move || {
        state.crash.get().map(|message| {
            view! {
                <section class="error-panel" role="alert" data-testid="crash">
                    <h2>{move || t(lang.get(), T::ErrorTitle)}</h2>
                    <p>{move || t(lang.get(), T::EngineRestarted)}" "<code>{message}</code></p>
                    <button on:click=move |_| state.crash.set(None)>{move || t(lang.get(), T::Dismiss)}</button>
                </section>
            }
        })
    };
    let error = move || {
        state.error.get().map(|message| {
            view! {
                <section class="error-panel" role="alert" data-testid="error">
                    <h2>{move || t(lang.get(), T::ErrorTitle)}</h2>
                    <p>{message}</p>
                    <button on:click=move |_| state.error.set(None)>{move || t(lang.get(), T::Dismiss)}</button>
                </section>
            }
        })
    };
    view! { {crash} {error} }
}
