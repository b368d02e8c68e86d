//! The dashboard: one section per metric family with its cards, charts (each with a table
//! view) and sortable breakdown tables, plus the drill-down panel.

use leptos::prelude::*;

use crate::engine::catalogue::{Entry, Unit, CATALOGUE, FAMILIES};
use crate::engine::metrics::MetricRow;
use crate::ui::app::{AppState, DrillState, Theme};
use crate::ui::browser;
use crate::ui::charts::bars::{bar_chart, Bars};
use crate::ui::charts::{DARK, LIGHT};
use crate::ui::components::metric::{detail_text, num_den, value_view, MetricCard};
use crate::ui::i18n::{channel_name, fmt_int, t, Lang, T};

fn family_title(lang: Lang, family: &str) -> &'static str {
    t(
        lang,
        match family {
            "selfservice" => T::FamilySelfservice,
            "resolution" => T::FamilyResolution,
            "speed" => T::FamilySpeed,
            "abandonment" => T::FamilyAbandonment,
            "volume" => T::FamilyVolume,
            "handling" => T::FamilyHandling,
            "satisfaction" => T::FamilySatisfaction,
            _ => T::FamilyCost,
        },
    )
}

fn by_title(lang: Lang, by: &str) -> String {
    match by {
        "channel" => t(lang, T::Channel).into(),
        "agent" => t(lang, T::Agent).into(),
        "team" => t(lang, T::Team).into(),
        "issue_type" => t(lang, T::IssueType).into(),
        "priority" => t(lang, T::Priority).into(),
        other => other.replace('_', " "),
    }
}

fn group_label(lang: Lang, by: &str, group: &str) -> String {
    if by == "channel" {
        channel_name(lang, group)
    } else {
        group.to_string()
    }
}

/// The dashboard.
#[component]
pub fn Dashboard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    move || {
        let a = state.analysis.get()?;
        let l = lang.get();
        let sections = FAMILIES
            .iter()
            .filter(|f| CATALOGUE.iter().any(|e| e.family == **f && a.report.headline(e.id).is_some()))
            .map(|family| {
                let entries: Vec<&'static Entry> = CATALOGUE.iter().filter(|e| e.family == *family && a.report.headline(e.id).is_some()).collect();
                let cards = entries.iter().map(|e| view! { <MetricCard id=e.id/> }).collect_view();
                let details = entries.iter().map(|e| view! { <MetricDetails entry=*e/> }).collect_view();
                view! {
                    <section class="family" id=format!("family-{family}") aria-labelledby=format!("title-{family}")>
                        <h2 id=format!("title-{family}")>{family_title(l, family)}</h2>
                        <div class="cards">{cards}</div>
                        {details}
                    </section>
                }
            })
            .collect_view();
        let status = format!(
            "{} {} ms · {}",
            t(l, T::Computed),
            fmt_int(l, a.compute_ms.round() as i64),
            state.backend.get().unwrap_or("")
        );
        Some(view! {
            <div class="dashboard" data-testid="dashboard">
                {sections}
                <p class="status" data-testid="status">{status}</p>
                <DrillPanel/>
            </div>
        })
    }
}

/// Charts and breakdown tables of one metric.
#[component]
fn MetricDetails(entry: &'static Entry) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    move || {
        let a = state.analysis.get()?;
        let l = lang.get();
        let dark = state.theme.get() == Theme::Dark;
        let rows: Vec<MetricRow> = a.report.rows(entry.id).cloned().collect();
        let head = rows.iter().find(|r| r.by.is_none()).cloned()?;
        let chart = chart_for(l, dark, entry, &head, &rows);
        let mut bys: Vec<String> = Vec::new();
        for r in &rows {
            if let Some(b) = &r.by {
                if !bys.contains(b) {
                    bys.push(b.clone());
                }
            }
        }
        let currency = a.report.parameters.get("currency").and_then(|v| v.as_str()).unwrap_or("").to_string();
        let tables = bys
            .into_iter()
            .filter(|b| !(entry.unit == Unit::Count && (b == "hour" || b == "weekday")))
            .map(|b| {
                let group_rows: Vec<MetricRow> = rows.iter().filter(|r| r.by.as_deref() == Some(b.as_str())).cloned().collect();
                view! { <BreakdownTable entry=entry by=b rows=group_rows currency=currency.clone()/> }
            })
            .collect_view();
        if chart.is_none() && rows.len() <= 1 {
            return None;
        }
        Some(view! {
            <div class="metric-details" data-testid=format!("details-{}", entry.id)>
                <h3>{entry.name}</h3>
                {chart}
                {tables}
            </div>
        })
    }
}

/// A bar chart for distributions and per-hour/day/weekday counts, with a table view.
fn chart_for(l: Lang, dark: bool, e: &Entry, head: &MetricRow, rows: &[MetricRow]) -> Option<AnyView> {
    let palette = if dark { &DARK } else { &LIGHT };
    let (labels, values): (Vec<String>, Vec<f64>) = if let Some(c) = &head.counts {
        if e.id == "volume_heatmap" {
            return None;
        }
        c.0.iter().map(|(k, v)| (if k == "none" { t(l, T::NoResponse).to_string() } else { channel_name(l, k) }, *v as f64)).unzip()
    } else if e.unit == Unit::Count {
        let by = ["hour", "weekday", "day"].into_iter().find(|b| rows.iter().any(|r| r.by.as_deref() == Some(*b)))?;
        rows.iter()
            .filter(|r| r.by.as_deref() == Some(by))
            .map(|r| (r.group.clone().unwrap_or_default(), r.value.map(|v| v.as_f64()).unwrap_or(0.0)))
            .unzip()
    } else {
        return None;
    };
    if labels.is_empty() {
        return None;
    }
    let mut bars = Bars::new(labels.clone(), values.clone(), |v| fmt_int(l, v as i64));
    if let Some(i) = head.counts.as_ref().and_then(|c| c.0.iter().position(|(k, _)| k == "none")) {
        bars.muted.push(i);
    }
    if labels.len() > 12 {
        bars.value_labels = vec![String::new(); labels.len()];
    }
    let svg = bar_chart(&bars, palette);
    let table_rows = labels
        .iter()
        .zip(values.iter())
        .map(|(k, v)| view! { <tr><th scope="row">{k.clone()}</th><td>{fmt_int(l, *v as i64)}</td></tr> })
        .collect_view();
    let alt = labels.iter().zip(values.iter()).map(|(k, v)| format!("{k}: {}", fmt_int(l, *v as i64))).collect::<Vec<_>>().join("; ");
    let name = e.id;
    let svg_for_download = svg.clone();
    Some(
        view! {
            <figure class="chart" data-testid=format!("chart-{name}")>
                <div class="chart-box" role="img" aria-label=format!("{}: {alt}", e.name) inner_html=svg></div>
                <figcaption>
                    <details>
                        <summary>{t(l, T::ChartTable)}</summary>
                        <table>
                            <thead><tr><th scope="col">{t(l, T::Bucket)}</th><th scope="col">{t(l, T::Count)}</th></tr></thead>
                            <tbody>{table_rows}</tbody>
                        </table>
                    </details>
                    <button class="link" on:click=move |_| browser::download(&format!("{name}.svg"), "image/svg+xml", &svg_for_download)>"SVG"</button>
                </figcaption>
            </figure>
        }
        .into_any(),
    )
}

/// A sortable breakdown table with a drill-down per row.
#[component]
fn BreakdownTable(entry: &'static Entry, by: String, rows: Vec<MetricRow>, currency: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    // 0 = group, 1 = value; sign = direction. Default: the engine's order (by volume).
    let sort = RwSignal::new(None::<(u8, bool)>);
    let by_for_title = by.clone();
    let sort_value = |r: &MetricRow| -> f64 {
        if let Some((n, d)) = num_den(r) {
            if d > 0 {
                return n as f64 / d as f64;
            }
        }
        r.median.or(r.value.map(|v| v.as_f64())).or(r.counts.as_ref().map(|c| c.total() as f64)).unwrap_or(f64::NEG_INFINITY)
    };
    let sorted = move || {
        let mut v = rows.clone();
        if let Some((col, asc)) = sort.get() {
            v.sort_by(|a, b| {
                let o = if col == 0 {
                    a.group.cmp(&b.group)
                } else {
                    sort_value(a).partial_cmp(&sort_value(b)).unwrap_or(std::cmp::Ordering::Equal)
                };
                if asc {
                    o
                } else {
                    o.reverse()
                }
            });
        }
        v
    };
    let header_button = move |col: u8, label: String| {
        let aria = move || match sort.get() {
            Some((c, true)) if c == col => "ascending",
            Some((c, false)) if c == col => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button class="sort" on:click=move |_| sort.update(|s| *s = Some(match *s { Some((c, asc)) if c == col => (col, !asc), _ => (col, col == 0) }))>
                    {label}
                </button>
            </th>
        }
    };
    let by2 = by.clone();
    view! {
        <table class="breakdown" data-testid=format!("table-{}-{}", entry.id, by)>
            <caption>{move || format!("{} · {}", entry.name, by_title(lang.get(), &by_for_title))}</caption>
            <thead>
                <tr>
                    {move || header_button(0, by_title(lang.get(), &by2))}
                    {move || header_button(1, entry.name.to_string())}
                    <th scope="col"></th>
                    <th scope="col"><span class="visually-hidden">"records"</span></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let l = lang.get();
                    sorted()
                        .into_iter()
                        .map(|r| {
                            let group = r.group.clone().unwrap_or_default();
                            let label = group_label(l, r.by.as_deref().unwrap_or(""), &group);
                            let (by_d, group_d) = (r.by.clone(), r.group.clone());
                            let open = move |_| state.drill(entry.id, by_d.clone(), group_d.clone());
                            view! {
                                <tr>
                                    <th scope="row">{label.clone()}</th>
                                    <td>{value_view(l, entry, &r, &currency)}</td>
                                    <td class="detail">{detail_text(l, entry, &r)}</td>
                                    <td><button class="link" aria-label=format!("records: {label}") on:click=open>"⋯"</button></td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

/// The records behind a number: the first 200, and all as CSV.
#[component]
fn DrillPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let DrillState(drill) = expect_context::<DrillState>();
    let lang = state.lang;
    move || {
        let d = drill.get()?;
        let l = lang.get();
        let csv = d.csv.clone();
        let head = d.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view();
        let body = d
            .rows
            .iter()
            .map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> })
            .collect_view();
        Some(view! {
            <section class="drill" role="dialog" aria-modal="false" aria-labelledby="drill-title" data-testid="drill">
                <h2 id="drill-title">{format!("{} {}", fmt_int(l, d.total as i64), t(l, T::Contacts))}</h2>
                <div class="row">
                    <button on:click=move |_| browser::download("records.csv", "text/csv", &csv)>{t(l, T::DownloadRejects)}</button>
                    <button on:click=move |_| drill.set(None)>{t(l, T::Dismiss)}</button>
                </div>
                <div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>
            </section>
        })
    }
}
