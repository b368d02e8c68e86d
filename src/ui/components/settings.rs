//! The filter bar (period, channel, team, agent, issue type) and the settings panel: every
//! report parameter of METRICS.md §2, remembered in this browser (settings only), plus the
//! embedding and privacy choices.

use leptos::prelude::*;

use crate::engine::params::Params;
use crate::engine::record::Channel;
use crate::ui::app::AppState;
use crate::ui::embed;
use crate::ui::i18n::{channel_name, Lang};

/// How a parameter is edited.
#[derive(Clone, Copy)]
enum Kind {
    /// Seconds shown in a unit (divisor, unit label).
    Duration(f64, &'static str),
    /// A plain number.
    Number,
    /// A date `YYYY-MM-DD`.
    Date,
    /// Free text.
    Text,
    /// One of the given values.
    Choice(&'static [&'static str]),
}

struct ParamField {
    name: &'static str,
    label: [&'static str; 3],
    kind: Kind,
}

const H: Kind = Kind::Duration(3600.0, "h");
const D: Kind = Kind::Duration(86_400.0, "d");
const S: Kind = Kind::Duration(1.0, "s");
const MIN: Kind = Kind::Duration(60.0, "min");

fn groups() -> Vec<([&'static str; 3], Vec<ParamField>)> {
    let f = |name, en, it, pt, kind| ParamField { name, label: [en, it, pt], kind };
    let mut targets = Vec::new();
    for c in Channel::ALL {
        let name: &'static str = match c {
            Channel::Phone => "frt_target_phone_s",
            Channel::Email => "frt_target_email_s",
            Channel::Chat => "frt_target_chat_s",
            Channel::Messaging => "frt_target_messaging_s",
            Channel::Social => "frt_target_social_s",
            Channel::WebForm => "frt_target_web_form_s",
            Channel::Other => "frt_target_other_s",
        };
        targets.push(ParamField { name, label: [c.label(), c.label(), c.label()], kind: MIN });
    }
    let mut costs = Vec::new();
    for c in Channel::ALL {
        let name: &'static str = match c {
            Channel::Phone => "cost_phone",
            Channel::Email => "cost_email",
            Channel::Chat => "cost_chat",
            Channel::Messaging => "cost_messaging",
            Channel::Social => "cost_social",
            Channel::WebForm => "cost_web_form",
            Channel::Other => "cost_other",
        };
        costs.push(ParamField { name, label: [c.label(), c.label(), c.label()], kind: Kind::Number });
    }
    costs.push(f("cost_self_service", "self-service session", "sessione self-service", "sessão de self-service", Kind::Number));
    costs.push(f("currency", "currency", "valuta", "moeda", Kind::Text));
    costs.push(f("target_self_service_pct", "target self-service share (%)", "quota self-service obiettivo (%)", "quota de self-service alvo (%)", Kind::Number));
    vec![
        (
            ["Time", "Tempo", "Tempo"],
            vec![
                f("time_basis", "durations in", "durate in", "durações em", Kind::Choice(&["calendar", "business"])),
                f("business_hours", "business hours", "orario di lavoro", "horário de funcionamento", Kind::Text),
                f("holidays", "holidays (YYYY-MM-DD, …)", "festivi (AAAA-MM-GG, …)", "feriados (AAAA-MM-DD, …)", Kind::Text),
            ],
        ),
        (
            ["Windows and thresholds", "Finestre e soglie", "Janelas e limiares"],
            vec![
                f("deflection_window_s", "deflection window", "finestra di deflessione", "janela de deflexão", H),
                f("repeat_window_s", "repeat-contact window", "finestra ricontatto", "janela de recontacto", D),
                f("short_abandon_s", "short abandon under", "abbandono breve sotto", "abandono curto abaixo de", S),
                f("service_level_phone_s", "service level phone", "livello di servizio telefono", "nível de serviço telefone", S),
                f("service_level_chat_s", "service level chat", "livello di servizio chat", "nível de serviço chat", S),
            ],
        ),
        (["First-response targets", "Obiettivi prima risposta", "Metas de primeira resposta"], targets),
        (
            ["Satisfaction", "Soddisfazione", "Satisfação"],
            vec![
                f("csat_min_5", "satisfied from (1–5)", "soddisfatto da (1–5)", "satisfeito a partir de (1–5)", Kind::Number),
                f("csat_min_10", "satisfied from (0–10)", "soddisfatto da (0–10)", "satisfeito a partir de (0–10)", Kind::Number),
                f("csat_min_freshdesk", "satisfied from (Freshdesk)", "soddisfatto da (Freshdesk)", "satisfeito a partir de (Freshdesk)", Kind::Number),
            ],
        ),
        (["Costs per contact", "Costi per contatto", "Custos por contacto"], costs),
        (
            ["Self-service launch", "Lancio self-service", "Lançamento do self-service"],
            vec![f("launch_date", "launch date", "data di lancio", "data de lançamento", Kind::Date)],
        ),
    ]
}

fn pick(lang: Lang, l: [&'static str; 3]) -> &'static str {
    match lang {
        Lang::En => l[0],
        Lang::It => l[1],
        Lang::Pt => l[2],
    }
}

/// Shown value of a parameter from its JSON form.
fn shown(kind: Kind, v: Option<&serde_json::Value>) -> String {
    let Some(v) = v else { return String::new() };
    match (kind, v) {
        (_, serde_json::Value::Null) => String::new(),
        (Kind::Duration(div, _), v) => v.as_f64().map(|x| format!("{}", x / div)).unwrap_or_default(),
        (_, serde_json::Value::String(s)) => s.clone(),
        (_, serde_json::Value::Array(a)) => a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "),
        (_, other) => other.to_string(),
    }
}

/// Engine value of what the user typed.
fn engine_value(kind: Kind, typed: &str) -> Result<serde_json::Value, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(serde_json::Value::Null);
    }
    match kind {
        Kind::Duration(div, _) => {
            let x: f64 = t.replace(',', ".").parse().map_err(|_| format!("`{t}` is not a number"))?;
            Ok(serde_json::json!(x * div))
        }
        Kind::Number => {
            let x: f64 = t.replace(',', ".").parse().map_err(|_| format!("`{t}` is not a number"))?;
            Ok(serde_json::json!(x))
        }
        _ => Ok(serde_json::json!(t)),
    }
}

/// The settings panel.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let errors = RwSignal::new(std::collections::BTreeMap::<&'static str, String>::new());
    let effective = move || state.analysis.with(|a| a.as_ref().map(|a| a.report.parameters.clone())).unwrap_or_else(|| Params::default().to_json());
    let apply = move |name: &'static str, kind: Kind, typed: String| {
        let value = match engine_value(kind, &typed) {
            Ok(v) => v,
            Err(e) => {
                errors.update(|m| {
                    m.insert(name, e);
                });
                return;
            }
        };
        // Validate with the engine's own parser before keeping it.
        let mut probe = state.settings.get_untracked();
        probe.params.insert(name.to_string(), value.clone());
        if let Err(e) = probe.params() {
            errors.update(|m| {
                m.insert(name, e);
            });
            return;
        }
        errors.update(|m| {
            m.remove(name);
        });
        state.settings.set(probe);
        state.recompute();
    };
    let groups_view = move || {
        let l = lang.get();
        let eff = effective();
        groups()
            .into_iter()
            .map(|(title, fields)| {
                let inputs = fields
                    .into_iter()
                    .map(|p| {
                        let name = p.name;
                        let kind = p.kind;
                        let id = format!("param-{name}");
                        let err_id = format!("param-{name}-error");
                        let value = shown(kind, eff.get(name));
                        let unit = match kind {
                            Kind::Duration(_, u) => u,
                            _ => "",
                        };
                        let input = match kind {
                            Kind::Choice(options) => view! {
                                <select id=id.clone() data-param=name on:change:target=move |ev| apply(name, kind, ev.target().value())>
                                    {options.iter().map(|o| view! { <option value=*o selected=value == *o>{*o}</option> }).collect_view()}
                                </select>
                            }
                            .into_any(),
                            Kind::Date => view! {
                                <input id=id.clone() type="date" data-param=name prop:value=value.clone()
                                    aria-describedby=err_id.clone()
                                    on:change:target=move |ev| apply(name, kind, ev.target().value())/>
                            }
                            .into_any(),
                            _ => view! {
                                <input id=id.clone() type="text" inputmode=if matches!(kind, Kind::Text) { "text" } else { "decimal" }
                                    data-param=name prop:value=value.clone() aria-describedby=err_id.clone()
                                    on:change:target=move |ev| apply(name, kind, ev.target().value())/>
                            }
                            .into_any(),
                        };
                        view! {
                            <div class="field">
                                <label for=id>{pick(l, p.label)} {(!unit.is_empty()).then(|| format!(" ({unit})"))}</label>
                                {input}
                                <span class="field-error" id=err_id role="status">{move || errors.with(|m| m.get(name).cloned())}</span>
                            </div>
                        }
                    })
                    .collect_view();
                view! { <fieldset><legend>{pick(l, title)}</legend>{inputs}</fieldset> }
            })
            .collect_view()
    };
    let origins = RwSignal::new(embed::allowed_origins().join("\n"));
    view! {
        <details class="settings" data-testid="settings">
            <summary>{move || pick(lang.get(), ["Settings", "Impostazioni", "Definições"])}</summary>
            <div class="settings-grid">{groups_view}</div>
            <fieldset>
                <legend>{move || pick(lang.get(), ["Privacy", "Privacy", "Privacidade"])}</legend>
                <label class="check">
                    <input type="checkbox" data-testid="keep-files" prop:checked=move || state.keep_files.get()
                        on:change:target=move |ev| state.set_keep_files(ev.target().checked())/>
                    {move || pick(lang.get(), ["Keep these files in this browser", "Conserva questi file in questo browser", "Guardar estes ficheiros neste navegador"])}
                </label>
                <button data-testid="forget" on:click=move |_| state.forget_everything()>
                    {move || pick(lang.get(), ["Forget everything", "Dimentica tutto", "Esquecer tudo"])}
                </button>
            </fieldset>
            <fieldset>
                <legend>{move || pick(lang.get(), ["Embedding", "Incorporamento", "Incorporação"])}</legend>
                <label for="embed-origins">{move || pick(lang.get(), [
                    "Portal origins allowed to send files and receive metrics (one per line)",
                    "Origini dei portali autorizzate a inviare file e ricevere le metriche (una per riga)",
                    "Origens de portais autorizadas a enviar ficheiros e receber as métricas (uma por linha)"])}</label>
                <textarea id="embed-origins" data-testid="embed-origins" rows="3" prop:value=move || origins.get()
                    on:change:target=move |ev| {
                        let list = embed::split_origins(&ev.target().value()).join("\n");
                        crate::ui::browser::save(embed::ORIGINS_KEY, &list);
                        origins.set(list);
                    }></textarea>
            </fieldset>
        </details>
    }
}

/// Period and dimension filters; every change recomputes without re-reading.
#[component]
pub fn FilterBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let options = move || state.analysis.with(|a| a.as_ref().map(|a| a.options.clone())).unwrap_or_default();
    let param = move |name: &str| state.settings.with(|s| s.params.get(name).and_then(|v| v.as_str()).unwrap_or("").to_string());
    let set_param = move |name: &'static str, v: String| {
        state.settings.update(|s| {
            s.params.insert(name.into(), if v.is_empty() { serde_json::Value::Null } else { v.into() });
        });
        state.recompute();
    };
    let select = move |label: [&'static str; 3], testid: &'static str, values: Vec<(String, String)>, current: String, on: Box<dyn Fn(String)>| {
        let l = lang.get_untracked();
        view! {
            <label>
                <span>{pick(l, label)}</span>
                <select data-testid=testid on:change:target=move |ev| on(ev.target().value())>
                    <option value="" selected=current.is_empty()>{pick(l, ["All", "Tutti", "Todos"])}</option>
                    {values.into_iter().map(|(v, text)| { let sel = v == current; view! { <option value=v.clone() selected=sel>{text}</option> } }).collect_view()}
                </select>
            </label>
        }
    };
    move || {
        let o = options();
        state.analysis.get()?;
        let l = lang.get();
        let f = state.settings.with(|s| s.filters.clone());
        let first = |v: &Vec<String>| v.first().cloned().unwrap_or_default();
        let channels: Vec<(String, String)> = o.channels.iter().map(|c| (c.clone(), channel_name(l, c))).collect();
        let plain = |v: &Vec<String>| v.iter().map(|x| (x.clone(), x.clone())).collect::<Vec<_>>();
        Some(view! {
            <section class="filters" aria-label=pick(l, ["Filters", "Filtri", "Filtros"]) data-testid="filters">
                <label>
                    <span>{pick(l, ["From", "Dal", "De"])}</span>
                    <input type="date" data-testid="period-start" prop:value=param("period_start") min=o.first_day.clone() max=o.last_day.clone()
                        on:change:target=move |ev| set_param("period_start", ev.target().value())/>
                </label>
                <label>
                    <span>{pick(l, ["To", "Al", "Até"])}</span>
                    <input type="date" data-testid="period-end" prop:value=param("period_end") min=o.first_day.clone() max=o.last_day.clone()
                        on:change:target=move |ev| set_param("period_end", ev.target().value())/>
                </label>
                {select(["Channel", "Canale", "Canal"], "filter-channel", channels, f.channels.first().map(|c| c.label().to_string()).unwrap_or_default(),
                    Box::new(move |v| { state.settings.update(|s| s.filters.channels = Channel::from_label(&v).into_iter().collect()); state.recompute(); }))}
                {select(["Team", "Team", "Equipa"], "filter-team", plain(&o.teams), first(&f.teams),
                    Box::new(move |v| { state.settings.update(|s| s.filters.teams = if v.is_empty() { vec![] } else { vec![v] }); state.recompute(); }))}
                {select(["Agent", "Operatore", "Agente"], "filter-agent", plain(&o.agents), first(&f.agents),
                    Box::new(move |v| { state.settings.update(|s| s.filters.agents = if v.is_empty() { vec![] } else { vec![v] }); state.recompute(); }))}
                {select(["Issue type", "Tipo di richiesta", "Tipo de pedido"], "filter-issue", plain(&o.issue_types), first(&f.issue_types),
                    Box::new(move |v| { state.settings.update(|s| s.filters.issue_types = if v.is_empty() { vec![] } else { vec![v] }); state.recompute(); }))}
            </section>
        })
    }
}
