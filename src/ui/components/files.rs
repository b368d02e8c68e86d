//! What was read from each file: the format recognised and how sure, the row accounting
//! (rows = used + rejected), and every rejected row with its line, column and reason.

use leptos::prelude::*;

use crate::engine::error::Severity;
use crate::engine::export::to_csv;
use crate::engine::time::DateOrder;
use crate::ui::app::AppState;
use crate::ui::components::mapping::MappingEditor;
use crate::ui::browser;
use crate::ui::i18n::{file_error_text, fmt_int, problem_text, t, T};

/// The files panel.
#[component]
pub fn FilesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    move || {
        let analysis = state.analysis.get()?;
        if analysis.files.is_empty() {
            return None;
        }
        let l = lang.get();
        let items = analysis
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let diags = analysis.diagnostics.get(i).cloned().unwrap_or_default();
                let name = f.file.clone();
                let csv_rows: Vec<Vec<String>> = diags
                    .iter()
                    .map(|d| {
                        vec![
                            name.clone(),
                            d.position.line.to_string(),
                            d.position.column.clone().unwrap_or_default(),
                            match d.severity {
                                Severity::Rejected => "rejected".into(),
                                Severity::Warning => "warning".into(),
                            },
                            d.problem.to_string(),
                        ]
                    })
                    .collect();
                let csv_name = format!("{}-rejects.csv", f.file.replace(['/', '\\'], "_"));
                let download = move |_| {
                    let cols: Vec<String> = ["file", "line", "column", "severity", "reason"].iter().map(|s| s.to_string()).collect();
                    browser::download(&csv_name, "text/csv", &to_csv(&cols, &csv_rows));
                };
                let ambiguous: Vec<String> = f.ambiguous_dates().iter().map(|s| s.to_string()).collect();
                let file_index = state.file_names.with_untracked(|n| n.iter().position(|x| f.file == *x || f.file.starts_with(&format!("{x}/"))));
                let date_choice = (!ambiguous.is_empty() && file_index.is_some()).then(|| {
                    let idx = file_index.unwrap_or(0);
                    let current = state.choices.with_untracked(|c| c.get(idx).and_then(|c| c.date_order)).unwrap_or_default();
                    view! {
                        <p class="ask">
                            {t(l, T::DateOrderAsk)} " (" {ambiguous.join(", ")} "): "
                            <select data-testid="date-order" on:change:target=move |ev| {
                                let order = if ev.target().value() == "mm/dd" { DateOrder::MonthFirst } else { DateOrder::DayFirst };
                                state.choices.update(|c| {
                                    if c.len() <= idx { c.resize(idx + 1, Default::default()); }
                                    c[idx].date_order = Some(order);
                                });
                                state.reload();
                            }>
                                <option value="dd/mm" selected=current == DateOrder::DayFirst>"dd/mm/yyyy"</option>
                                <option value="mm/dd" selected=current == DateOrder::MonthFirst>"mm/dd/yyyy"</option>
                            </select>
                        </p>
                    }
                });
                let error = f.error.as_ref().map(|e| view! { <p class="file-error" role="alert">{file_error_text(l, e)}</p> });
                let shown = diags.len();
                let problems = (!diags.is_empty()).then(|| {
                    let rows = diags
                        .iter()
                        .map(|d| {
                            let sev = match d.severity {
                                Severity::Rejected => t(l, T::Rejected),
                                Severity::Warning => t(l, T::Warning),
                            };
                            view! {
                                <tr>
                                    <td>{d.position.line}</td>
                                    <td>{d.position.column.clone().unwrap_or_default()}</td>
                                    <td>{sev}</td>
                                    <td>{problem_text(l, &d.problem)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <details class="rejects" data-testid="rejects">
                            <summary>{t(l, T::RejectedRows)} " (" {fmt_int(l, shown as i64)} ")"</summary>
                            <button on:click=download>{t(l, T::DownloadRejects)}</button>
                            <table>
                                <thead><tr><th>{t(l, T::Line)}</th><th>{t(l, T::Column)}</th><th></th><th></th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </details>
                    }
                });
                let confidence = format!("{:.0} % {}", f.confidence * 100.0, t(l, T::Confidence));
                view! {
                    <li class="file" data-testid="file" data-file=f.file.clone() data-format=f.format.clone()
                        data-rows=f.rows data-used=f.used data-rejected=f.rejected data-excluded=f.excluded data-duplicates=f.duplicates>
                        <h3>{f.file.clone()}</h3>
                        // A refused file has no format: its error says why instead.
                        {(!f.format_name.is_empty()).then(|| view! { <p class="format">{f.format_name.clone()} " · " {confidence}</p> })}
                        <p class="accounting">
                            {fmt_int(l, f.rows as i64)} " " {t(l, T::Rows)} ": "
                            {fmt_int(l, f.used as i64)} " " {t(l, T::Used)} ", "
                            {fmt_int(l, f.rejected as i64)} " " {t(l, T::Rejected)}
                            {(f.excluded > 0).then(|| format!(" · {}: {}", t(l, T::Excluded), fmt_int(l, f.excluded as i64)))}
                            {(f.duplicates > 0).then(|| format!(" · {}: {}", t(l, T::Duplicates), fmt_int(l, f.duplicates as i64)))}
                            {(f.warnings > 0).then(|| format!(" · {}: {}", t(l, T::Warnings), fmt_int(l, f.warnings as i64)))}
                        </p>
                        {error}
                        {date_choice}
                        {problems}
                        <MappingEditor summary=f.clone()/>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="files" aria-labelledby="files-title">
                <h2 id="files-title">{t(l, T::Files)}</h2>
                <ul>{items}</ul>
            </section>
        })
    }
}
