//! Progress of a running load: file name, bytes and rows so far, and a cancel button.

use leptos::prelude::*;

use crate::ui::app::AppState;
use crate::ui::i18n::{fmt_dec, fmt_int, t, T};

/// The progress bar (announced politely to screen readers).
#[component]
pub fn ProgressBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    move || {
        state.progress.get().map(|p| {
            let pct = if p.bytes_total > 0 { p.bytes_read as f64 * 100.0 / p.bytes_total as f64 } else { 0.0 };
            let mb = |b: u64| fmt_dec(lang.get_untracked(), b as f64 / 1_048_576.0, 1);
            view! {
                <section class="progress" aria-live="polite" data-testid="progress">
                    <progress max="100" value=pct></progress>
                    <span>
                        {t(lang.get_untracked(), T::Reading)} " " <b>{p.file.clone()}</b> " · "
                        {mb(p.bytes_read)} " / " {mb(p.bytes_total)} " MB · "
                        {fmt_int(lang.get_untracked(), p.rows as i64)} " " {t(lang.get_untracked(), T::Rows)}
                    </span>
                    <button on:click=move |_| state.cancel()>{t(lang.get_untracked(), T::Cancel)}</button>
                </section>
            }
        })
    }
}
