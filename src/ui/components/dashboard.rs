//! The dashboard: an overview (the self-service split and one headline per family, with the
//! change against the previous period), then one section per metric family with its cards,
//! charts (each with a table view and an SVG download) and breakdown tables (sortable, CSV,
//! drill-down to the records behind every number).

use leptos::prelude::*;

use crate::engine::catalogue::{entry, Entry, Unit, CATALOGUE, FAMILIES};
use crate::engine::export::to_csv;
use crate::engine::metrics::MetricRow;
use crate::protocol::Analysis;
use crate::ui::app::{section_index, AppState, DrillState, Theme};
use crate::ui::browser;
use crate::ui::charts::bars::{bar_chart, Bars};
use crate::ui::charts::more::{before_after, heatmap, split_bar, stacked, trend};
use crate::ui::charts::{Palette, DARK, LIGHT};
use crate::ui::components::metric::{detail_text, metric_name, num_den, shown_analysis, value_view, Definition, MetricCard, SectionAnalysis};
use crate::ui::i18n::{channel_name, family_title, fmt_dec, fmt_duration, fmt_int, fmt_money, fmt_rate, t, Lang, T};

fn by_title(lang: Lang, by: &str) -> String {
    let pick = |en: &str, it: &str, pt: &str| match lang {
        Lang::En => en.to_string(),
        Lang::It => it.to_string(),
        Lang::Pt => pt.to_string(),
    };
    match by {
        "channel" => t(lang, T::Channel).into(),
        "agent" => t(lang, T::Agent).into(),
        "team" => t(lang, T::Team).into(),
        "issue_type" => t(lang, T::IssueType).into(),
        "priority" => t(lang, T::Priority).into(),
        "weekday" => pick("Weekday", "Giorno della settimana", "Dia da semana"),
        "hour" => pick("Hour", "Ora", "Hora"),
        "day" => pick("Day", "Giorno", "Dia"),
        "week" => pick("Week", "Settimana", "Semana"),
        "stage" => pick("Stage", "Fase", "Etapa"),
        "kind" => pick("Kind", "Tipo", "Tipo"),
        "query" => pick("Query", "Ricerca", "Pesquisa"),
        "period" => pick("Period", "Periodo", "Período"),
        other => other.replace('_', " "),
    }
}

fn group_label(lang: Lang, by: &str, group: &str) -> String {
    match by {
        "channel" => channel_name(lang, group),
        "period" => match (lang, group) {
            (Lang::It, "before") => "prima".into(),
            (Lang::It, "after") => "dopo".into(),
            (Lang::Pt, "before") => "antes".into(),
            (Lang::Pt, "after") => "depois".into(),
            _ => group.to_string(),
        },
        _ => group.to_string(),
    }
}

fn palette(theme: Theme) -> &'static Palette {
    if theme == Theme::Dark {
        &DARK
    } else {
        &LIGHT
    }
}

/// Value of a row as one number for charts and sorting: a rate's ratio, a median, a value,
/// or the total of its counts.
fn number(r: &MetricRow) -> Option<f64> {
    if let Some((_, d)) = num_den(r) {
        if d > 0 && r.value.is_some() {
            return r.value.map(|v| v.as_f64());
        }
    }
    r.median.or(r.value.map(|v| v.as_f64())).or(r.counts.as_ref().map(|c| c.total() as f64))
}

/// A value formatted for its unit (charts' labels and tables).
fn text_of(l: Lang, e: &Entry, r: &MetricRow, currency: &str) -> String {
    if r.unavailable.is_some() {
        return "–".into();
    }
    match e.unit {
        Unit::Ratio => num_den(r).and_then(|(n, d)| fmt_rate(l, n, d)).unwrap_or_default(),
        Unit::Seconds => fmt_duration(l, number(r).unwrap_or_default()),
        Unit::Money => fmt_money(l, number(r).unwrap_or_default(), currency),
        Unit::Multiple => fmt_dec(l, number(r).unwrap_or_default(), 2),
        _ => fmt_int(l, number(r).unwrap_or_default() as i64),
    }
}

/// A chart with its text alternative, table view and SVG download.
#[component]
fn Chart(#[prop(into)] id: String, #[prop(into)] title: String, svg: String, rows: Vec<(String, String)>) -> impl IntoView {
    let wide = matches!(id.as_str(), "volume_heatmap" | "channel_mix") || id.starts_with("contact_volume-trend");
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let alt = format!("{title}: {}", rows.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join("; "));
    let file = format!("{id}.svg");
    let svg_download = svg.clone();
    let table = rows.iter().map(|(k, v)| view! { <tr><th scope="row">{k.clone()}</th><td>{v.clone()}</td></tr> }).collect_view();
    view! {
        <figure class="chart" class:wide=wide data-testid=format!("chart-{id}")>
            <figcaption class="chart-title">{title.clone()}</figcaption>
            <div class="chart-box" role="img" aria-label=alt inner_html=svg></div>
            <div class="chart-tools">
                <details>
                    <summary>{move || t(lang.get(), T::ChartTable)}</summary>
                    <table><tbody>{table}</tbody></table>
                </details>
                <button class="link" on:click=move |_| browser::download(&file, "image/svg+xml", &svg_download)>"SVG"</button>
            </div>
        </figure>
    }
}

fn rows_by<'a>(a: &'a Analysis, id: &str, by: &str) -> Vec<&'a MetricRow> {
    a.report.metrics.iter().filter(|r| r.id == id && r.by.as_deref() == Some(by)).collect()
}

/// Bars for one metric broken down by `by`.
fn breakdown_chart(l: Lang, p: &Palette, a: &Analysis, id: &str, by: &str, horizontal: bool, title: String) -> Option<AnyView> {
    let e = entry(id)?;
    let currency = a.report.parameters.get("currency").and_then(|v| v.as_str()).unwrap_or("");
    let rows: Vec<&MetricRow> = rows_by(a, id, by).into_iter().filter(|r| r.unavailable.is_none()).collect();
    if rows.is_empty() {
        return None;
    }
    let labels: Vec<String> = rows.iter().map(|r| group_label(l, by, r.group.as_deref().unwrap_or(""))).collect();
    // Ranked lists (unanswered questions) are ranked by their numerator: bars show it.
    let by_num = id == "unanswered_questions";
    let values: Vec<f64> = rows.iter().map(|r| if by_num { r.num.map(|n| n.as_f64()).unwrap_or(0.0) } else { number(r).unwrap_or(0.0) }).collect();
    let texts: Vec<String> = rows
        .iter()
        .map(|r| if by_num { format!("{} · {}", detail_text(l, e, r), text_of(l, e, r, currency)) } else { text_of(l, e, r, currency) })
        .collect();
    let mut bars = Bars::new(labels.clone(), values, |_| String::new());
    bars.value_labels = if !horizontal && labels.len() > 12 { vec![String::new(); labels.len()] } else { texts.clone() };
    bars.horizontal = horizontal;
    let svg = bar_chart(&bars, p);
    let table = labels.into_iter().zip(texts).collect();
    Some(view! { <Chart id=format!("{id}-{by}") title=title svg=svg rows=table/> }.into_any())
}

/// Bucket counts of a headline row as bars, with an optional target marker.
fn counts_chart(l: Lang, p: &Palette, id: &str, title: String, r: &MetricRow, marker: Option<(f64, String)>) -> Option<AnyView> {
    let c = r.counts.as_ref()?;
    let none = if id.starts_with("resolution") {
        match l {
            Lang::En => "not resolved",
            Lang::It => "non risolti",
            Lang::Pt => "não resolvidos",
        }
    } else {
        t(l, T::NoResponse)
    };
    let labels: Vec<String> = c.0.iter().map(|(k, _)| if k == "none" { none.to_string() } else { k.clone() }).collect();
    let values: Vec<f64> = c.0.iter().map(|(_, v)| *v as f64).collect();
    let mut bars = Bars::new(labels.clone(), values.clone(), |v| fmt_int(l, v as i64));
    bars.marker = marker;
    if let Some(i) = c.0.iter().position(|(k, _)| k == "none") {
        bars.muted.push(i);
    }
    let svg = bar_chart(&bars, p);
    let table = labels.into_iter().zip(values.iter().map(|v| fmt_int(l, *v as i64))).collect();
    Some(view! { <Chart id=id.to_string() title=title svg=svg rows=table/> }.into_any())
}

/// Fractional bucket position of a duration target (for the marker line).
fn bucket_position(target_s: f64) -> f64 {
    let edges = [0.0, 3600.0, 7200.0, 21600.0, 43200.0, 86400.0];
    for i in 0..edges.len() - 1 {
        if target_s < edges[i + 1] {
            return i as f64 + (target_s - edges[i]) / (edges[i + 1] - edges[i]);
        }
    }
    5.0
}

/// The dashboard. Its frame (sections list, overview, one section per family present) is
/// rebuilt only when the set of families or the language changes; the sections then follow
/// their own analysis signals (`AppState::drawn`), which a new analysis reaches one per task.
#[component]
pub fn Dashboard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let present = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref().map(|a| {
                FAMILIES.iter().copied().filter(|f| CATALOGUE.iter().any(|e| e.family == *f && a.report.rows(e.id).next().is_some())).collect::<Vec<_>>()
            })
        })
    });
    let status = move || {
        let l = lang.get();
        state.analysis.with(|a| a.as_ref().map(|a| format!("{} {} ms · {}", t(l, T::Computed), fmt_int(l, a.compute_ms.round() as i64), state.backend.get().unwrap_or(""))))
    };
    move || {
        let families = present.get()?;
        let l = lang.get();
        let sections = families.iter().map(|family| view! { <FamilySection family=family/> }).collect_view();
        Some(view! {
            <div class="dashboard" data-testid="dashboard">
                <nav class="toc" aria-label=match l { Lang::En => "Sections", Lang::It => "Sezioni", Lang::Pt => "Secções" }>
                    <a href="#overview">{t(l, T::Overview)}</a>
                    {families.iter().map(|f| view! { <a href=format!("#family-{f}")>{family_title(l, f)}</a> }).collect_view()}
                </nav>
                <Overview/>
                {sections}
                <p class="status" data-testid="status">{status}</p>
                <DrillPanel/>
            </div>
        })
    }
}

/// Headline ids of the overview, one per family.
const OVERVIEW: [&str; 9] = [
    "self_service_rate", "first_contact_resolution_rate", "first_response_time", "service_level", "abandonment_rate", "contact_volume",
    "average_handle_time", "csat", "cost_per_contact",
];

/// Change of a headline against the previous period, as text and direction.
fn change(l: Lang, e: &Entry, now: &MetricRow, before: &MetricRow) -> Option<(String, i8)> {
    if now.unavailable.is_some() || before.unavailable.is_some() {
        return None;
    }
    let (a, b) = (number(now)?, number(before)?);
    let dir = if a > b { 1 } else if a < b { -1 } else { 0 };
    let arrow = match dir {
        1 => "▲",
        -1 => "▼",
        _ => "=",
    };
    let text = match e.unit {
        // Percentage points for rates.
        Unit::Ratio => format!("{arrow} {} pp", fmt_dec(l, (a - b).abs() * 100.0, 1)),
        Unit::Seconds => format!("{arrow} {}", fmt_duration(l, (a - b).abs())),
        _ if b != 0.0 => format!("{arrow} {} %", fmt_dec(l, ((a - b) / b * 100.0).abs(), 1)),
        _ => format!("{arrow} {}", fmt_dec(l, (a - b).abs(), 0)),
    };
    Some((text, dir))
}

/// The overview: the self-service split against its target, one headline per family, and quick
/// period choices (the change against the previous period needs a period).
#[component]
fn Overview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let set_period = move |days: Option<i64>| {
        let last = state.analysis.with_untracked(|a| a.as_ref().and_then(|a| a.options.last_day.clone()));
        state.settings.update(|s| match (days, last.as_deref().and_then(crate::engine::time::parse_date)) {
            (Some(n), Some(last)) => {
                let start = last.checked_sub(jiff::Span::new().days(n - 1)).unwrap_or(last);
                s.params.insert("period_start".into(), crate::engine::time::date_label(start).into());
                s.params.insert("period_end".into(), crate::engine::time::date_label(last).into());
            }
            _ => {
                s.params.insert("period_start".into(), serde_json::Value::Null);
                s.params.insert("period_end".into(), serde_json::Value::Null);
            }
        });
        state.recompute();
    };
    let analysis = state.drawn.with_value(|d| d[0]);
    provide_context(SectionAnalysis(analysis));
    move || {
        let a = analysis.get()?;
        let l = lang.get();
        let currency = a.report.parameters.get("currency").and_then(|v| v.as_str()).unwrap_or("").to_string();
        let split = a.report.headline("self_service_ratio").filter(|r| r.unavailable.is_none()).and_then(|r| {
            let target = a.report.parameters.get("target_self_service_pct").and_then(|v| v.as_f64()).unwrap_or(70.0).round() as i64;
            let ss = r.value.map(|v| v.as_f64() as i64).unwrap_or(0);
            let text = format!("{ss}:{}", 100 - ss);
            let target_text = match l {
                Lang::En => format!("target {target}:{}", 100 - target),
                Lang::It => format!("obiettivo {target}:{}", 100 - target),
                Lang::Pt => format!("meta {target}:{}", 100 - target),
            };
            view! {
                <article class="card split" data-testid="card-split">
                    <h3>{metric_name(l, "self_service_ratio")}</h3>
                    <p class="card-value"><span class="value" data-metric="self_service_ratio" data-value=ss>{text}</span></p>
                    <div class="split-bar" aria-hidden="true" inner_html=split_bar(ss as f64, target as f64, palette(state.theme.get()))></div>
                    <p class="detail">{target_text} " · " {detail_text(l, entry("self_service_rate")?, a.report.headline("self_service_rate")?)}</p>
                    <Definition id="self_service_ratio" note=r.note.clone().unwrap_or_default()/>
                </article>
            }
            .into_any()
            .into()
        });
        let cards = OVERVIEW
            .iter()
            .filter_map(|id| {
                let e = entry(id)?;
                let r = a.report.headline(id)?.clone();
                let before = a.previous.iter().find(|p| p.id == *id);
                let delta = before.and_then(|b| change(l, e, &r, b));
                let prev_label = a.previous_period.as_ref().map(|(s, e)| format!("{s} – {e}")).unwrap_or_default();
                Some(view! {
                    <article class="card" data-testid=format!("overview-{id}")>
                        <h3><a href=format!("#family-{}", e.family)>{metric_name(l, id)}</a></h3>
                        <p class="card-value">{value_view(l, e, &r, &currency)}</p>
                        <p class="detail">{detail_text(l, e, &r)}</p>
                        <Definition id=id.to_string() note=r.note.clone().unwrap_or_default()/>
                        {delta.map(|(text, dir)| view! {
                            <p class=format!("change dir{dir}") data-testid=format!("change-{id}") title=prev_label.clone()>
                                {text} " " <span class="vs">{match l { Lang::En => "vs previous period", Lang::It => "vs periodo precedente", Lang::Pt => "vs período anterior" }}</span>
                            </p>
                        })}
                    </article>
                })
            })
            .collect_view();
        let period = a.report.parameters.get("period_start").and_then(|v| v.as_str()).map(|s| {
            format!("{s} – {}", a.report.parameters.get("period_end").and_then(|v| v.as_str()).unwrap_or(""))
        });
        let label = |en: &'static str, it: &'static str, pt: &'static str| match l {
            Lang::En => en,
            Lang::It => it,
            Lang::Pt => pt,
        };
        Some(view! {
            <section class="overview" id="overview" aria-labelledby="title-overview">
                <h2 id="title-overview">{t(l, T::Overview)}</h2>
                <div class="row period-buttons" role="group" aria-label=label("Period", "Periodo", "Período")>
                    <button data-testid="period-7" on:click=move |_| set_period(Some(7))>{label("Last 7 days", "Ultimi 7 giorni", "Últimos 7 dias")}</button>
                    <button data-testid="period-28" on:click=move |_| set_period(Some(28))>{label("Last 28 days", "Ultimi 28 giorni", "Últimos 28 dias")}</button>
                    <button data-testid="period-all" on:click=move |_| set_period(None)>{label("All data", "Tutti i dati", "Todos os dados")}</button>
                    <span class="period">{period.unwrap_or_else(|| label("all data", "tutti i dati", "todos os dados").to_string())}</span>
                </div>
                <div class="cards">{split}{cards}</div>
            </section>
        })
    }
}

/// One family: cards, charts, breakdowns.
#[component]
fn FamilySection(family: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let index = FAMILIES.iter().position(|f| *f == family).unwrap_or(0);
    // Cards and tables take a new analysis in one task, the charts in the next (see
    // `AppState::draw_sections`): three sibling views, so that neither rebuilds the other.
    let (analysis, charts_analysis) = state.drawn.with_value(|d| (d[section_index(index, false)], d[section_index(index, true)]));
    provide_context(SectionAnalysis(analysis));
    let entries = move || -> Option<Vec<&'static Entry>> {
        analysis.with(|a| a.as_ref().map(|a| CATALOGUE.iter().filter(|e| e.family == family && a.report.rows(e.id).next().is_some()).collect()))
    };
    let cards = move || {
        let a = analysis.get()?;
        let cards = entries()?
            .into_iter()
            .filter(|e| a.report.headline(e.id).is_some() && e.id != "volume_heatmap")
            .map(|e| view! { <MetricCard id=e.id/> })
            .collect_view();
        Some(view! { <div class="cards">{cards}</div> })
    };
    let charts = move || {
        let a = charts_analysis.get()?;
        Some(family_charts(lang.get(), palette(state.theme.get()), &a, family))
    };
    let tables = move || Some(entries()?.into_iter().map(|e| view! { <Breakdowns entry=e/> }).collect_view());
    view! {
        <section class="family" id=format!("family-{family}") aria-labelledby=format!("title-{family}")>
            <h2 id=format!("title-{family}")>{move || family_title(lang.get(), family)}</h2>
            {cards}
            <div class="charts">{charts}</div>
            {tables}
        </section>
    }
}

fn family_charts(l: Lang, p: &Palette, a: &Analysis, family: &str) -> Vec<AnyView> {
    let name = |id: &str| metric_name(l, id);
    let mut out: Vec<Option<AnyView>> = Vec::new();
    match family {
        "selfservice" => {
            out.push(channel_mix_chart(l, p, a));
            out.push(before_after_chart(l, p, a));
            out.push(breakdown_chart(l, p, a, "unanswered_questions", "query", true, name("unanswered_questions")));
            out.push(breakdown_chart(l, p, a, "case_deflection_rate", "kind", true, name("case_deflection_rate")));
        }
        "speed" => {
            if let Some(r) = a.report.headline("first_response_buckets") {
                out.push(counts_chart(l, p, "first_response_buckets", name("first_response_buckets"), r, None));
            }
            // Per channel, with the channel's target as a line.
            for (ch, target) in ["email", "web_form", "chat", "phone", "messaging", "social"].iter().filter_map(|ch| {
                let t = a.report.parameters.get(&format!("frt_target_{ch}_s")).and_then(|v| v.as_f64())?;
                Some((*ch, t))
            }) {
                if let Some(r) = a.report.group("first_response_buckets", "channel", ch) {
                    let title = format!("{} · {}", name("first_response_buckets"), channel_name(l, ch));
                    let marker = (bucket_position(target), format!("{} {}", match l { Lang::En => "target", Lang::It => "obiettivo", Lang::Pt => "meta" }, fmt_duration(l, target)));
                    out.push(counts_chart(l, p, &format!("first_response_buckets-{ch}"), title, r, Some(marker)));
                }
            }
            if let Some(r) = a.report.headline("resolution_time").filter(|r| r.counts.is_some()) {
                out.push(counts_chart(l, p, "resolution_buckets", format!("{} · buckets", name("resolution_time")), r, None));
            }
        }
        "abandonment" => {
            out.push(breakdown_chart(l, p, a, "abandonment_by_stage", "stage", true, name("abandonment_by_stage")));
            out.push(breakdown_chart(l, p, a, "abandonment_by_weekday", "weekday", false, name("abandonment_by_weekday")));
            out.push(breakdown_chart(l, p, a, "abandonment_by_hour", "hour", false, name("abandonment_by_hour")));
        }
        "volume" => {
            out.push(heatmap_chart(l, p, a));
            out.push(trend_chart(l, p, a, "day"));
            out.push(breakdown_chart(l, p, a, "contact_volume", "week", false, format!("{} · {}", name("contact_volume"), by_title(l, "week"))));
            out.push(breakdown_chart(l, p, a, "volume_by_hour", "hour", false, name("volume_by_hour")));
            out.push(breakdown_chart(l, p, a, "volume_by_weekday", "weekday", false, name("volume_by_weekday")));
            if let Some(r) = a.report.headline("open_backlog") {
                out.push(counts_chart(l, p, "open_backlog", name("open_backlog"), r, None));
            }
        }
        "handling" => {
            out.push(breakdown_chart(l, p, a, "average_handle_time", "agent", true, format!("{} · {}", name("average_handle_time"), by_title(l, "agent"))));
            out.push(breakdown_chart(l, p, a, "contacts_per_agent", "agent", true, name("contacts_per_agent")));
        }
        "satisfaction" => {
            out.push(breakdown_chart(l, p, a, "csat", "channel", true, format!("{} · {}", name("csat"), by_title(l, "channel"))));
            out.push(breakdown_chart(l, p, a, "csat", "agent", true, format!("{} · {}", name("csat"), by_title(l, "agent"))));
        }
        "cost" => {
            out.push(breakdown_chart(l, p, a, "total_cost", "channel", true, format!("{} · {}", name("total_cost"), by_title(l, "channel"))));
            out.push(Some(view! { <WhatIf/> }.into_any()));
        }
        _ => {}
    }
    out.into_iter().flatten().collect()
}

fn heatmap_chart(l: Lang, p: &Palette, a: &Analysis) -> Option<AnyView> {
    let r = a.report.headline("volume_heatmap")?;
    let c = r.counts.as_ref()?;
    let days = crate::engine::time::WEEKDAYS;
    let mut values = vec![vec![0.0; 24]; 7];
    let mut table = Vec::new();
    for (k, v) in &c.0 {
        let (d, h) = k.split_once(' ')?;
        let di = days.iter().position(|x| *x == d)?;
        let hi: usize = h.parse().ok()?;
        values[di][hi] = *v as f64;
        if *v > 0 {
            table.push((k.clone(), fmt_int(l, *v as i64)));
        }
    }
    let bg = if p == &DARK { (21, 24, 28) } else { (255, 255, 255) };
    let rows: Vec<String> = days.iter().map(|d| d.to_string()).collect();
    let cols: Vec<String> = (0..24).map(|h| format!("{h}")).collect();
    let svg = heatmap(&rows, &cols, &values, bg, p);
    Some(view! { <Chart id="volume_heatmap" title=metric_name(l, "volume_heatmap") svg=svg rows=table/> }.into_any())
}

fn trend_chart(l: Lang, p: &Palette, a: &Analysis, by: &str) -> Option<AnyView> {
    let rows = rows_by(a, "contact_volume", by);
    if rows.len() < 2 {
        return None;
    }
    let labels: Vec<String> = rows.iter().map(|r| r.group.clone().unwrap_or_default()).collect();
    let values: Vec<f64> = rows.iter().map(|r| number(r).unwrap_or(0.0)).collect();
    let svg = trend(&labels, &values, 720, 240, p);
    let table = labels.into_iter().zip(values.iter().map(|v| fmt_int(l, *v as i64))).collect();
    Some(view! { <Chart id=format!("contact_volume-trend-{by}") title=format!("{} · {}", metric_name(l, "contact_volume"), by_title(l, by)) svg=svg rows=table/> }.into_any())
}

fn channel_mix_chart(l: Lang, p: &Palette, a: &Analysis) -> Option<AnyView> {
    let weeks = rows_by(a, "channel_mix", "week");
    if weeks.is_empty() {
        return None;
    }
    let mut series: Vec<String> = Vec::new();
    for w in &weeks {
        for (k, _) in w.counts.as_ref().map(|c| c.0.as_slice()).unwrap_or(&[]) {
            if !series.contains(k) {
                series.push(k.clone());
            }
        }
    }
    series.sort_by_key(|s| (s != "self_service", s.clone()));
    let labels: Vec<String> = weeks.iter().map(|w| w.group.clone().unwrap_or_default()).collect();
    let values: Vec<Vec<f64>> = series
        .iter()
        .map(|s| weeks.iter().map(|w| w.counts.as_ref().and_then(|c| c.get(s)).unwrap_or(0) as f64).collect())
        .collect();
    let names: Vec<String> = series.iter().map(|s| channel_name(l, s)).collect();
    let svg = stacked(&labels, &names, &values, 720, 260, p);
    let table = weeks
        .iter()
        .map(|w| {
            let parts = w
                .counts
                .as_ref()
                .map(|c| c.0.iter().map(|(k, v)| format!("{} {}", channel_name(l, k), fmt_int(l, *v as i64))).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            (w.group.clone().unwrap_or_default(), parts)
        })
        .collect();
    Some(view! { <Chart id="channel_mix" title=format!("{} · {}", metric_name(l, "channel_mix"), by_title(l, "week")) svg=svg rows=table/> }.into_any())
}

fn before_after_chart(l: Lang, p: &Palette, a: &Analysis) -> Option<AnyView> {
    let head = a.report.headline("contacts_per_customer").filter(|r| r.unavailable.is_none())?;
    let before = a.report.group("contacts_per_customer", "period", "before")?;
    let after = a.report.group("contacts_per_customer", "period", "after")?;
    let (b, f) = (number(before)?, number(after)?);
    let interval = head.lo.zip(head.hi);
    let labels = [group_label(l, "period", "before"), group_label(l, "period", "after")];
    let svg = before_after([&labels[0], &labels[1]], [b, f], interval, [fmt_dec(l, b, 2), fmt_dec(l, f, 2)], p);
    let diff = number(head).unwrap_or(0.0);
    let mut table = vec![(labels[0].clone(), fmt_dec(l, b, 3)), (labels[1].clone(), fmt_dec(l, f, 3)), ("Δ".to_string(), fmt_dec(l, diff, 3))];
    if let Some((lo, hi)) = interval {
        table.push(("95 %".to_string(), format!("{} … {}", fmt_dec(l, lo, 3), fmt_dec(l, hi, 3))));
    }
    Some(view! { <Chart id="contacts_per_customer" title=metric_name(l, "contacts_per_customer") svg=svg rows=table/> }.into_any())
}

/// What a target self-service split would save: moves the target and recomputes.
#[component]
fn WhatIf() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let analysis = shown_analysis();
    let target = move || analysis.with(|a| a.as_ref().and_then(|a| a.report.parameters.get("target_self_service_pct").and_then(|v| v.as_f64()))).unwrap_or(70.0);
    let set = move |v: String| {
        if let Ok(x) = v.parse::<f64>() {
            state.settings.update(|s| {
                s.params.insert("target_self_service_pct".into(), serde_json::json!(x));
            });
            state.recompute();
        }
    };
    move || {
        let a = analysis.get()?;
        let l = lang.get();
        let r = a.report.headline("target_mix_savings")?.clone();
        let e = entry("target_mix_savings")?;
        let currency = a.report.parameters.get("currency").and_then(|v| v.as_str()).unwrap_or("").to_string();
        let label = match l {
            Lang::En => "What if self-service handled",
            Lang::It => "E se il self-service gestisse",
            Lang::Pt => "E se o self-service tratasse",
        };
        let t = target();
        Some(view! {
            <article class="card whatif" data-testid="whatif">
                <h3>{metric_name(l, "target_mix_savings")}</h3>
                <label for="whatif-target">{label} " " <b>{format!("{t:.0}:{:.0}", 100.0 - t)}</b></label>
                <input id="whatif-target" type="range" min="0" max="100" step="5" prop:value=t.to_string()
                    on:change:target=move |ev| set(ev.target().value())/>
                <p class="card-value">{value_view(l, e, &r, &currency)}</p>
                <Definition id="target_mix_savings" note=r.note.clone().unwrap_or_default()/>
            </article>
        })
    }
}

/// Breakdown tables of one metric, one dimension at a time (a tab list).
#[component]
fn Breakdowns(entry: &'static Entry) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let chosen = RwSignal::new(None::<String>);
    // Whether the box is open, kept here so that a new analysis or another tab (which draw
    // the box again) keeps it as the user left it; the table itself is drawn only while it is
    // open or the page is printed.
    let open = RwSignal::new(false);
    let printing = state.printing;
    let analysis = shown_analysis();
    move || {
        let a = analysis.get()?;
        let l = lang.get();
        let rows: Vec<MetricRow> = a.report.rows(entry.id).cloned().collect();
        let mut bys: Vec<String> = Vec::new();
        for r in &rows {
            if let Some(b) = &r.by {
                if !bys.contains(b) {
                    bys.push(b.clone());
                }
            }
        }
        if bys.is_empty() {
            return None;
        }
        let current = chosen.get().filter(|c| bys.contains(c)).unwrap_or_else(|| bys[0].clone());
        let currency = a.report.parameters.get("currency").and_then(|v| v.as_str()).unwrap_or("").to_string();
        let tabs = bys
            .iter()
            .map(|b| {
                let b2 = b.clone();
                let selected = *b == current;
                view! {
                    <button role="tab" class="tab" aria-selected=selected.to_string() data-by=b.clone()
                        on:click=move |_| chosen.set(Some(b2.clone()))>{by_title(l, b)}</button>
                }
            })
            .collect_view();
        let group_rows: Vec<MetricRow> = rows.iter().filter(|r| r.by.as_deref() == Some(current.as_str())).cloned().collect();
        Some(view! {
            <details class="breakdowns" data-testid=format!("breakdowns-{}", entry.id) prop:open=open.get_untracked()
                on:toggle=move |ev: web_sys::Event| {
                    let now_open = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).is_some_and(|e| e.has_attribute("open"));
                    if now_open != open.get_untracked() {
                        open.set(now_open);
                    }
                }>
                <summary>{metric_name(l, entry.id)} " · " {match l { Lang::En => "breakdowns", Lang::It => "dettaglio", Lang::Pt => "detalhe" }}</summary>
                <div role="tablist" class="tabs">{tabs}</div>
                {move || (open.get() || printing.get()).then(|| view! {
                    <BreakdownTable entry=entry by=current.clone() rows=group_rows.clone() currency=currency.clone()/>
                })}
            </details>
        })
    }
}

/// A sortable breakdown table with CSV export and a drill-down per row.
#[component]
fn BreakdownTable(entry: &'static Entry, by: String, rows: Vec<MetricRow>, currency: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    // (column, ascending); None keeps the engine's order (by volume).
    let sort = RwSignal::new(None::<(u8, bool)>);
    let rows_for_csv = rows.clone();
    let by_csv = by.clone();
    let currency_csv = currency.clone();
    let csv = move |_| {
        let l = lang.get_untracked();
        let cols = vec![by_csv.clone(), entry.id.to_string(), "num".into(), "den".into(), "n".into()];
        let body: Vec<Vec<String>> = rows_for_csv
            .iter()
            .map(|r| {
                vec![
                    r.group.clone().unwrap_or_default(),
                    text_of(l, entry, r, &currency_csv),
                    r.num.map(|x| format!("{}", x.as_f64())).unwrap_or_default(),
                    r.den.map(|x| format!("{}", x.as_f64())).unwrap_or_default(),
                    r.n.map(|x| x.to_string()).unwrap_or_default(),
                ]
            })
            .collect();
        browser::download(&format!("{}-by-{}.csv", entry.id, by_csv), "text/csv", &to_csv(&cols, &body));
    };
    let sorted = move || {
        let mut v = rows.clone();
        if let Some((col, asc)) = sort.get() {
            v.sort_by(|a, b| {
                let o = if col == 0 {
                    a.group.cmp(&b.group)
                } else {
                    number(a).unwrap_or(f64::NEG_INFINITY).partial_cmp(&number(b).unwrap_or(f64::NEG_INFINITY)).unwrap_or(std::cmp::Ordering::Equal)
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
    let header = move |col: u8, label: String| {
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
    let by3 = by.clone();
    view! {
        <table class="breakdown" data-testid=format!("table-{}-{}", entry.id, by)>
            <caption>
                {move || format!("{} · {}", metric_name(lang.get(), entry.id), by_title(lang.get(), &by3))}
                " " <button class="link" on:click=csv>"CSV"</button>
            </caption>
            <thead>
                <tr>
                    {move || header(0, by_title(lang.get(), &by2))}
                    {move || header(1, metric_name(lang.get(), entry.id))}
                    <th scope="col"></th>
                    <th scope="col"><span class="visually-hidden">{move || match lang.get() { Lang::En => "records", Lang::It => "record", Lang::Pt => "registos" }}</span></th>
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
                            let extra = r.counts.as_ref().and_then(|c| c.get("contacts_followed")).map(|n| format!(" · {} {}", fmt_int(l, n as i64), t(l, T::Contacts)));
                            let share = r.share.map(|s| format!(" · share {}", fmt_dec(l, s * 100.0, 1) + " %"));
                            view! {
                                <tr>
                                    <th scope="row">{label.clone()}</th>
                                    <td>{value_view(l, entry, &r, &currency)}</td>
                                    <td class="detail">{detail_text(l, entry, &r)}{extra}{share}</td>
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
        let body = d.rows.iter().map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> }).collect_view();
        let shown = match l {
            Lang::En => format!("first {} shown; the CSV has all", d.rows.len()),
            Lang::It => format!("mostrati i primi {}; il CSV li contiene tutti", d.rows.len()),
            Lang::Pt => format!("mostrados os primeiros {}; o CSV tem todos", d.rows.len()),
        };
        Some(view! {
            <section class="drill" role="dialog" aria-modal="false" aria-labelledby="drill-title" data-testid="drill" data-total=d.total>
                <h2 id="drill-title" tabindex="-1">{format!("{} {}", fmt_int(l, d.total as i64), t(l, T::Records))}</h2>
                <p class="detail">{shown}</p>
                <div class="row">
                    <button data-testid="drill-csv" on:click=move |_| browser::download("records.csv", "text/csv", &csv)>{t(l, T::DownloadRejects)}</button>
                    <button data-testid="drill-close" on:click=move |_| drill.set(None)>{t(l, T::Dismiss)}</button>
                </div>
                <div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>
            </section>
        })
    }
}
