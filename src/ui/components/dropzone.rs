//! Where files come in: a drop zone that is also a labelled file button (keyboard and screen
//! reader users pick files the usual way), plus the sample and clear buttons.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::app::AppState;
use crate::ui::i18n::{t, T};

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return vec![] };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// The drop zone.
#[component]
pub fn DropZone() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let over = RwSignal::new(false);
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        over.set(false);
        let files = files_of(ev.data_transfer().and_then(|d| d.files()));
        state.add_files(files);
    };
    view! {
        <section class="dropzone" class:over=move || over.get()
            on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <label class="file-button">
                <input
                    type="file"
                    multiple
                    data-testid="file-input"
                    accept=".csv,.tsv,.txt,.log,.xlsx,.xls,.ods,.json,.ndjson,.jsonl,.zip"
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        let files = files_of(input.files());
                        state.add_files(files);
                        input.set_value("");
                    }
                />
                <span class="button-like">{move || t(lang.get(), T::ChooseFiles)}</span>
            </label>
            <p>{move || t(lang.get(), T::DropHere)}</p>
            <div class="row">
                <button data-testid="use-sample" on:click=move |_| state.show_sample() disabled=move || state.sample.get()>
                    {move || t(lang.get(), T::UseSample)}
                </button>
                <button data-testid="clear-files" on:click=move |_| state.clear_files()
                    disabled=move || state.file_names.with(|f| f.is_empty()) && !state.sample.get()>
                    {move || t(lang.get(), T::ClearFiles)}
                </button>
            </div>
            <Show when=move || state.analysis.with(|a| a.is_none()) && state.progress.with(|p| p.is_none())>
                <p class="empty" data-testid="empty">{move || t(lang.get(), T::EmptyState)}</p>
            </Show>
        </section>
    }
}

/// The typed target of an event.
fn event_target<T: JsCast>(ev: &web_sys::Event) -> T {
    ev.target().and_then(|t| t.dyn_into::<T>().ok()).expect("event target of the expected type")
}
