//! A metric on screen: its value formatted for the locale, its numerator and denominator or n,
//! and its definition one click (or focus) away. Every number carries `data-metric` and a raw
//! `data-value` (seconds, ratio, count) so that tools and tests can read it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine::catalogue::{entry, Entry, Unit};
use crate::engine::metrics::MetricRow;
use crate::engine::report::Report;
use crate::protocol::Analysis;
use crate::ui::app::AppState;
use crate::ui::i18n::{fmt_dec, fmt_duration, fmt_int, fmt_money, fmt_rate, t, Lang, T};

/// A metric's name in the user's language (the English catalogue name otherwise).
pub fn metric_name(lang: Lang, id: &str) -> String {
    crate::ui::i18n_catalogue::name(lang, id).or_else(|| entry(id).map(|e| e.name)).unwrap_or(id).to_string()
}

/// Raw number as written in `data-value`.
pub fn raw(x: f64) -> String {
    format!("{x}")
}

/// Integer numerator/denominator of a rate row.
pub fn num_den(r: &MetricRow) -> Option<(u64, u64)> {
    Some((r.num?.as_f64() as u64, r.den?.as_f64() as u64))
}

/// The main value of a row, formatted, with its data attributes.
pub fn value_view(lang: Lang, e: &Entry, r: &MetricRow, currency: &str) -> AnyView {
    let id = e.id;
    let by = r.by.clone();
    let group = r.group.clone();
    if let Some(why) = &r.unavailable {
        let text = format!("{}: {}", t(lang, T::NotAvailable), why);
        return view! { <span class="value na" data-metric=id data-by=by data-group=group data-unavailable=why.clone()>{text}</span> }.into_any();
    }
    if e.id == "self_service_ratio" {
        // A split, e.g. 30:70 (self-service : assisted).
        let ss = r.value.map(|v| v.as_f64()).unwrap_or_default();
        return view! { <span class="value" data-metric=id data-by=by data-group=group data-value=raw(ss)>{format!("{ss}:{}", 100.0 - ss)}</span> }.into_any();
    }
    match e.unit {
        Unit::Ratio if r.num.is_none() && r.counts.is_some() => {
            let v = r.value.map(|v| v.as_f64()).unwrap_or_default();
            view! { <span class="value" data-metric=id data-by=by data-group=group data-value=raw(v)>{fmt_int(lang, v as i64)}</span> }.into_any()
        }
        Unit::Ratio => match (num_den(r), r.value) {
            (Some((n, d)), Some(v)) => view! {
                <span class="value" data-metric=id data-by=by data-group=group data-value=raw(v.as_f64()) data-num=n data-den=d>
                    {fmt_rate(lang, n, d).unwrap_or_default()}
                </span>
            }
            .into_any(),
            _ => view! { <span class="value na" data-metric=id>"–"</span> }.into_any(),
        },
        Unit::Seconds if r.median.is_some() => {
            let stat = |name: &'static str, label: T, v: f64| {
                let by = by.clone();
                let group = group.clone();
                view! {
                    <span class=format!("stat stat-{name}")>
                        <span class="stat-label">{t(lang, label)}</span>
                        <span class="value" data-metric=id data-stat=name data-by=by data-group=group data-value=raw(v)>{fmt_duration(lang, v)}</span>
                    </span>
                }
            };
            view! {
                <span class="stats">
                    {stat("median", T::Median, r.median.unwrap_or_default())}
                    {stat("mean", T::Mean, r.mean.unwrap_or_default())}
                    {stat("p90", T::P90, r.p90.unwrap_or_default())}
                </span>
            }
            .into_any()
        }
        Unit::Seconds => {
            let v = r.value.map(|v| v.as_f64()).unwrap_or_default();
            view! { <span class="value" data-metric=id data-by=by data-group=group data-value=raw(v)>{fmt_duration(lang, v)}</span> }.into_any()
        }
        Unit::Money => {
            let v = r.value.map(|v| v.as_f64()).unwrap_or_default();
            view! { <span class="value" data-metric=id data-by=by data-group=group data-value=raw(v)>{fmt_money(lang, v, currency)}</span> }.into_any()
        }
        Unit::Multiple => {
            let v = r.value.map(|v| v.as_f64()).unwrap_or_default();
            let text = if v > 0.0 && e.id == "contacts_per_customer" { format!("+{}", fmt_dec(lang, v, 2)) } else { fmt_dec(lang, v, 2) };
            view! { <span class="value" data-metric=id data-by=by data-group=group data-value=raw(v)>{text}</span> }.into_any()
        }
        Unit::Count | Unit::Distribution | Unit::Ranking => match r.value {
            Some(v) => view! { <span class="value" data-metric=id data-by=by data-group=group data-value=raw(v.as_f64())>{fmt_int(lang, v.as_f64() as i64)}</span> }.into_any(),
            None => {
                let total = r.counts.as_ref().map(|c| c.total()).unwrap_or(0);
                view! { <span class="value" data-metric=id data-by=by data-group=group data-value=total>{fmt_int(lang, total as i64)}</span> }.into_any()
            }
        },
    }
}

/// The line under a value: "700 of 1,000" for rates, "n = 950" for durations.
pub fn detail_text(lang: Lang, e: &Entry, r: &MetricRow) -> String {
    if r.unavailable.is_some() {
        return String::new();
    }
    if let (Some(lo), Some(hi)) = (r.lo, r.hi) {
        return format!("95 %: {} … {}", fmt_dec(lang, lo, 2), fmt_dec(lang, hi, 2));
    }
    match (e.unit, num_den(r), r.n) {
        (Unit::Ratio, Some((n, d)), _) => format!("{} {} {}", fmt_int(lang, n as i64), t(lang, T::Of), fmt_int(lang, d as i64)),
        (_, _, Some(n)) => format!("n = {}", fmt_int(lang, n as i64)),
        _ => String::new(),
    }
}

/// Parameters that change a family's numbers, shown with the definition.
fn family_params(family: &str) -> &'static [&'static str] {
    match family {
        "selfservice" => &["deflection_window_s", "launch_date"],
        "resolution" => &["repeat_window_s"],
        "speed" => &["time_basis", "frt_target_phone_s", "frt_target_chat_s", "frt_target_email_s", "service_level_phone_s", "service_level_chat_s", "short_abandon_s"],
        "abandonment" => &["short_abandon_s"],
        "volume" => &["business_hours", "holidays"],
        "handling" => &["business_hours"],
        "satisfaction" => &["csat_min_5", "csat_min_10"],
        "cost" => &["cost_email", "cost_phone", "cost_chat", "cost_self_service", "target_self_service_pct"],
        _ => &[],
    }
}

/// Definition, formula, notes and parameters in force.
#[component]
pub fn Definition(#[prop(into)] id: String, #[prop(optional, into)] note: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let e = entry(&id);
    let report = shown_analysis().with_untracked(|a| a.as_ref().map(|a| (a.report.parameters.clone(), a.report.as_of.clone())));
    e.map(|e| {
        let params = report.as_ref().map(|(p, as_of)| {
            let mut items: Vec<String> = vec![format!("time_zone = {}", p.get("time_zone").and_then(|v| v.as_str()).unwrap_or("UTC"))];
            for k in family_params(e.family) {
                if let Some(v) = p.get(*k) {
                    items.push(format!("{k} = {}", if v.is_null() { "–".to_string() } else { v.to_string().trim_matches('"').to_string() }));
                }
            }
            items.push(format!("as-of = {as_of}"));
            items.join(" · ")
        });
        view! {
            <details class="definition" data-testid=format!("definition-{}", e.id)>
                <summary>{move || t(lang.get(), T::Definition)}</summary>
                <p>{move || crate::ui::i18n_catalogue::definition(lang.get(), e.id).unwrap_or(e.definition)}</p>
                <p><b>{move || t(lang.get(), T::Formula)} ": "</b><code>{move || crate::ui::i18n_catalogue::formula(lang.get(), e.id).unwrap_or(e.formula)}</code></p>
                {note.map(|n| view! { <p class="note">{n}</p> })}
                {params.map(|p| view! { <p class="params">{p}</p> })}
                <p class="id">"id: " <code>{e.id}</code></p>
            </details>
        }
    })
}

/// The analysis a family section shows (see `AppState::drawn`), provided as context to the
/// cards and tables inside it.
#[derive(Clone, Copy)]
pub struct SectionAnalysis(pub RwSignal<Option<Arc<Analysis>>>);

/// The analysis this component should show: its section's, or the latest outside sections.
pub fn shown_analysis() -> RwSignal<Option<Arc<Analysis>>> {
    use_context::<SectionAnalysis>().map(|s| s.0).unwrap_or_else(|| expect_context::<AppState>().analysis)
}

/// A card with one metric's headline value.
#[component]
pub fn MetricCard(#[prop(into)] id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let id2 = id.clone();
    let analysis = shown_analysis();
    move || {
        let a = analysis.get()?;
        let e = entry(&id2)?;
        let r = headline(&a.report, e.id)?.clone();
        let currency = a.report.parameters.get("currency").and_then(|v| v.as_str()).unwrap_or("").to_string();
        let l = lang.get();
        Some(view! {
            <article class="card" data-testid=format!("card-{}", e.id)>
                <h3>{metric_name(l, e.id)}</h3>
                <p class="card-value">{value_view(l, e, &r, &currency)}</p>
                <p class="detail">{detail_text(l, e, &r)}</p>
                <Definition id=e.id.to_string() note=r.note.clone().unwrap_or_default()/>
            </article>
        })
    }
}

/// The headline row of a metric.
pub fn headline<'a>(report: &'a Report, id: &str) -> Option<&'a MetricRow> {
    report.headline(id)
}
