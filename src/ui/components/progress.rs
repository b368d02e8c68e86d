//! Progress of a running load: file name, bytes and rows so far, and a cancel button.

use leptos::prelude::*;

use crate::ui::app::{section_name, AppState, DRAW_STAGE};
use crate::ui::i18n::{family_title, fmt_dec, fmt_int, t, T};

/// " · 1.4 s": how long merging or computing has taken, so that one long step still moves
/// (hidden from screen readers: the live region would otherwise speak every 200 ms).
fn elapsed(l: crate::ui::i18n::Lang, ms: u64) -> String {
    if ms < 100 {
        return String::new();
    }
    format!(" · {} s", fmt_dec(l, ms as f64 / 1000.0, 1))
}

/// The progress bar (announced politely to screen readers).
#[component]
pub fn ProgressBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    move || {
        state.progress.get().map(|p| {
            let l = lang.get_untracked();
            let (pct, text) = match p.stage.as_deref() {
                // Reading a file: bytes and rows (and, for a document read whole after its last
                // byte, the time since).
                None => {
                    let pct = if p.bytes_total > 0 { p.bytes_read as f64 * 100.0 / p.bytes_total as f64 } else { 0.0 };
                    let mb = |b: u64| fmt_dec(l, b as f64 / 1_048_576.0, 1);
                    let text = view! {
                        {t(l, T::Reading)} " " <b>{p.file.clone()}</b> " · "
                        {mb(p.bytes_read)} " / " {mb(p.bytes_total)} " MB · "
                        {fmt_int(l, p.rows as i64)} " " {t(l, T::Rows)}
                        <span class="elapsed" aria-hidden="true">{elapsed(l, p.elapsed_ms)}</span>
                    }
                    .into_any();
                    (pct, text)
                }
                Some("merge") => (0.0, view! { {t(l, T::Merging)} "…" <span class="elapsed" aria-hidden="true">{elapsed(l, p.elapsed_ms)}</span> }.into_any()),
                // Drawing the dashboard: the section coming next.
                Some(DRAW_STAGE) => {
                    let pct = if p.steps > 0 { p.step as f64 * 100.0 / p.steps as f64 } else { 0.0 };
                    let next = match section_name(p.step as usize) {
                        "overview" => t(l, T::Overview).to_string(),
                        family => family_title(l, family),
                    };
                    let text = view! {
                        {t(l, T::Drawing)} " " <b>{next}</b> " · "
                        {fmt_int(l, i64::from(p.step.min(p.steps.saturating_sub(1))) + 1)} " / " {fmt_int(l, i64::from(p.steps))}
                    }
                    .into_any();
                    (pct, text)
                }
                // Computing: the family and how far along.
                Some(family) => {
                    let pct = if p.steps > 0 { p.step as f64 * 100.0 / p.steps as f64 } else { 0.0 };
                    let text = view! {
                        {t(l, T::Computing)} " " <b>{family_title(l, family)}</b> " · "
                        {fmt_int(l, i64::from(p.step) + 1)} " / " {fmt_int(l, i64::from(p.steps))}
                        <span class="elapsed" aria-hidden="true">{elapsed(l, p.elapsed_ms)}</span>
                    }
                    .into_any();
                    (pct, text)
                }
            };
            view! {
                <section class="progress" aria-live="polite" data-testid="progress" data-stage=p.stage.clone().unwrap_or_else(|| "read".into())>
                    <progress max="100" value=pct></progress>
                    <span>{text}</span>
                    <button on:click=move |_| state.cancel()>{t(lang.get_untracked(), T::Cancel)}</button>
                </section>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::elapsed;
    use crate::ui::i18n::Lang;

    #[test]
    fn elapsed_time_is_shown_from_a_tenth_of_a_second_in_the_page_language() {
        assert_eq!(elapsed(Lang::En, 99), "");
        assert_eq!(elapsed(Lang::En, 100), " · 0.1 s");
        assert_eq!(elapsed(Lang::En, 1430), " · 1.4 s");
        assert_eq!(elapsed(Lang::It, 1430), " · 1,4 s");
        assert_eq!(elapsed(Lang::Pt, 12_050), " · 12,1 s");
    }
}
