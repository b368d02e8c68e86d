//! The mapping editor: which column feeds which canonical field, how the labels of a column
//! map onto canonical values (channel, outcome, stage…), with a preview of the first rows.
//! A confirmed mapping is remembered in this browser, keyed by the header signature, and
//! applies the next time a file with the same header is dropped, without asking.

use leptos::prelude::*;

use crate::engine::error::FileError;
use crate::engine::ingest::mapping::{default_value, synonyms, ColumnMap, Conv, Field, Header, Mapping, RecordKind};
use crate::engine::ingest::FileSummary;
use crate::engine::record::{Channel, Direction, Outcome, SessionKind, Stage};
use crate::engine::time::DurationUnit;
use crate::ui::app::AppState;
use crate::ui::browser;
use crate::ui::i18n::Lang;

/// Storage key prefix of remembered mappings.
pub const MAPPING_KEY: &str = "deflect.mapping.";

/// Every remembered mapping, by header signature.
pub fn remembered() -> std::collections::BTreeMap<String, Mapping> {
    let mut out = std::collections::BTreeMap::new();
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return out };
    for i in 0..storage.length().unwrap_or(0) {
        let Some(key) = storage.key(i).ok().flatten() else { continue };
        if let Some(sig) = key.strip_prefix(MAPPING_KEY) {
            if let Some(m) = storage.get_item(&key).ok().flatten().and_then(|v| serde_json::from_str::<Mapping>(&v).ok()) {
                out.insert(sig.to_string(), m);
            }
        }
    }
    out
}

fn canonical_values(field: Field) -> Vec<&'static str> {
    match field {
        Field::Channel => Channel::ALL.iter().map(|c| c.label()).collect(),
        Field::Direction => Direction::ALL.iter().map(|c| c.label()).collect(),
        Field::AbandonStage => Stage::ALL.iter().map(|c| c.label()).collect(),
        Field::Kind => SessionKind::ALL.iter().map(|c| c.label()).collect(),
        Field::Outcome => Outcome::ALL.iter().map(|c| c.label()).collect(),
        _ => Vec::new(),
    }
}

fn unit_of(conv: Conv) -> Option<DurationUnit> {
    match conv {
        Conv::Duration { unit } | Conv::After { unit, .. } => Some(unit),
        _ => None,
    }
}

fn with_unit(conv: Conv, unit: DurationUnit) -> Conv {
    match conv {
        Conv::Duration { .. } => Conv::Duration { unit },
        Conv::After { base, .. } => Conv::After { base, unit },
        other => other,
    }
}

fn unit_label(u: DurationUnit) -> &'static str {
    match u {
        DurationUnit::Millis => "ms",
        DurationUnit::Seconds => "s",
        DurationUnit::Minutes => "min",
        DurationUnit::Hours => "h",
    }
}

/// What the editor works on.
struct Material {
    header: Vec<String>,
    preview: Vec<Vec<String>>,
    /// The mapping in force, or the best guess for a file that could not be mapped.
    mapping: Mapping,
    signature: String,
}

fn material(f: &FileSummary) -> Option<Material> {
    match (&f.mapping, &f.error) {
        (Some(m), _) => Some(Material { header: f.header.clone(), preview: f.preview.clone(), mapping: m.clone(), signature: f.header_signature.clone() }),
        (None, Some(FileError::Unmapped { header, preview, guess, .. })) => {
            let signature = Header::new(header.clone()).signature();
            let mapping = guess.as_deref().cloned().unwrap_or_else(|| Mapping::new(RecordKind::Contact, "generic"));
            Some(Material { header: header.clone(), preview: preview.clone(), mapping, signature })
        }
        _ => None,
    }
}

/// The editor for one file.
#[component]
pub fn MappingEditor(summary: FileSummary) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let Material { header, preview, mapping: start, signature } = material(&summary)?;
    let mapping = RwSignal::new(start);
    let pick = move |en: &'static str, it: &'static str, pt: &'static str| match lang.get() {
        Lang::En => en,
        Lang::It => it,
        Lang::Pt => pt,
    };
    let header_opts = header.clone();
    let preview_for_values = preview.clone();
    let header_for_values = header.clone();
    let sig = signature.clone();
    let apply = move |_| {
        let m = mapping.get_untracked();
        browser::save(&format!("{MAPPING_KEY}{sig}"), &serde_json::to_string(&m).unwrap_or_default());
        state.reload();
    };
    let sig2 = signature.clone();
    let forget = move |_| {
        if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = s.remove_item(&format!("{MAPPING_KEY}{sig2}"));
        }
        state.reload();
    };
    let remembered_now = summary.mapping_remembered;
    let fields_view = move || {
        let m = mapping.get();
        Field::ALL
            .iter()
            .copied()
            .filter(|f| f.kind() == m.record)
            .map(|field| {
                let current = m.column_of(field).map(|c| c.column.clone()).unwrap_or_default();
                let conv = m.column_of(field).map(|c| c.conv).unwrap_or(synonyms(field).1);
                let id = format!("map-{}-{}", summary.file.len(), field.label());
                let options = header_opts
                    .iter()
                    .map(|h| {
                        let sel = *h == current;
                        view! { <option value=h.clone() selected=sel>{h.clone()}</option> }
                    })
                    .collect_view();
                let on_column = move |ev: leptos::ev::Event| {
                    let col = event_target_value(&ev);
                    mapping.update(|m| {
                        m.columns.retain(|c| c.field != field);
                        if !col.is_empty() {
                            let conv = synonyms(field).1;
                            m.columns.push(ColumnMap { field, column: col, conv });
                        }
                    });
                };
                let unit_select = unit_of(conv).map(|u| {
                    let on_unit = move |ev: leptos::ev::Event| {
                        let v = event_target_value(&ev);
                        let unit = match v.as_str() {
                            "ms" => DurationUnit::Millis,
                            "min" => DurationUnit::Minutes,
                            "h" => DurationUnit::Hours,
                            _ => DurationUnit::Seconds,
                        };
                        mapping.update(|m| {
                            for c in m.columns.iter_mut().filter(|c| c.field == field) {
                                c.conv = with_unit(c.conv, unit);
                            }
                        });
                    };
                    view! {
                        <select aria-label=format!("unit of {}", field.label()) on:change=on_unit>
                            {[DurationUnit::Millis, DurationUnit::Seconds, DurationUnit::Minutes, DurationUnit::Hours].into_iter().map(|x| {
                                view! { <option value=unit_label(x) selected=x == u>{unit_label(x)}</option> }
                            }).collect_view()}
                        </select>
                    }
                });
                view! {
                    <tr>
                        <th scope="row"><label for=id.clone()><code>{field.label()}</code></label></th>
                        <td>
                            <select id=id data-field=field.label() on:change=on_column>
                                <option value="" selected=current.is_empty()>"—"</option>
                                {options}
                            </select>
                            {unit_select}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    // Value maps for label columns: the distinct values of the preview rows.
    let values_view = move || {
        let m = mapping.get();
        m.columns
            .iter()
            .filter(|c| matches!(c.conv, Conv::Label) && !canonical_values(c.field).is_empty())
            .map(|c| {
                let field = c.field;
                let idx = header_for_values.iter().position(|h| *h == c.column);
                let mut raws: Vec<String> = preview_for_values
                    .iter()
                    .filter_map(|r| idx.and_then(|i| r.get(i)).map(|v| v.trim().to_string()))
                    .filter(|v| !v.is_empty())
                    .collect();
                raws.sort();
                raws.dedup();
                let rows = raws
                    .into_iter()
                    .map(|raw| {
                        let lower = raw.to_lowercase();
                        let chosen = m.values.get(&field).and_then(|v| v.get(&lower).cloned()).or_else(|| default_value(field, &lower).map(str::to_string)).unwrap_or_default();
                        let lower2 = lower.clone();
                        let on = move |ev: leptos::ev::Event| {
                            let v = event_target_value(&ev);
                            mapping.update(|m| {
                                m.values.entry(field).or_default().insert(lower2.clone(), v);
                            });
                        };
                        view! {
                            <tr>
                                <th scope="row">{raw.clone()}</th>
                                <td>
                                    <select aria-label=format!("{} {}", field.label(), raw) on:change=on>
                                        <option value="" selected=chosen.is_empty()>"—"</option>
                                        {canonical_values(field).into_iter().map(|v| view! { <option value=v selected=chosen == v>{v}</option> }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! { <table class="value-map"><caption><code>{field.label()}</code></caption><tbody>{rows}</tbody></table> }
            })
            .collect_view()
    };
    let preview_table = view! {
        <div class="scroll">
            <table class="preview">
                <thead><tr>{header.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>{preview.iter().map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
            </table>
        </div>
    };
    let kind_select = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let kind = match v.as_str() {
            "session" => RecordKind::Session,
            "survey" => RecordKind::Survey,
            _ => RecordKind::Contact,
        };
        mapping.update(|m| {
            if m.record != kind {
                let h = Header::new(header.clone());
                let mut fresh = crate::engine::ingest::mapping::guess(&h, &m.source);
                fresh.record = kind;
                fresh.columns.retain(|c| c.field.kind() == kind);
                for f in Field::ALL.iter().filter(|f| f.kind() == kind) {
                    let (names, conv) = synonyms(*f);
                    fresh.add(&h, *f, names, conv);
                }
                *m = fresh;
            }
        });
    };
    let open = summary.error.is_some();
    Some(view! {
        <details class="mapping-editor" data-testid="mapping-editor" open=open>
            <summary>
                {move || pick("Columns and values", "Colonne e valori", "Colunas e valores")}
                {remembered_now.then(|| view! { <span class="badge">{move || pick("remembered", "memorizzata", "memorizado")}</span> })}
            </summary>
            {preview_table}
            <label>
                {move || pick("Each row is a", "Ogni riga è un", "Cada linha é um")} " "
                <select data-testid="record-kind" on:change=kind_select>
                    <option value="contact" selected=move || mapping.with(|m| m.record == RecordKind::Contact)>{move || pick("contact (ticket, call, chat)", "contatto (ticket, chiamata, chat)", "contacto (ticket, chamada, chat)")}</option>
                    <option value="session" selected=move || mapping.with(|m| m.record == RecordKind::Session)>{move || pick("self-service session", "sessione self-service", "sessão de self-service")}</option>
                    <option value="survey" selected=move || mapping.with(|m| m.record == RecordKind::Survey)>{move || pick("CSAT response", "risposta CSAT", "resposta CSAT")}</option>
                </select>
            </label>
            <div class="mapping-grid">
                <table class="fields"><tbody>{fields_view}</tbody></table>
                <div>{values_view}</div>
            </div>
            <div class="row">
                <button data-testid="mapping-apply" on:click=apply>{move || pick("Apply and remember", "Applica e ricorda", "Aplicar e memorizar")}</button>
                <button on:click=forget>{move || pick("Forget this mapping", "Dimentica questa mappatura", "Esquecer este mapeamento")}</button>
            </div>
        </details>
    })
}
