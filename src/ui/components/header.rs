//! The top bar: name, language, theme, time zone and the metrics.json download.

use leptos::prelude::*;

use crate::ui::app::{AppState, Theme};
use crate::ui::browser;
use crate::ui::i18n::{t, Lang, T};

/// The top bar.
#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let download = move |_| {
        if let Some(a) = state.analysis.get_untracked() {
            browser::download("metrics.json", "application/json", &a.report.to_json());
        }
    };
    let zone = move || state.settings.with(|s| s.params.get("time_zone").and_then(|v| v.as_str()).unwrap_or("UTC").to_string());
    let set_zone = move |z: String| {
        if crate::engine::time::Zone::get(&z).is_ok() {
            state.settings.update(|s| {
                s.params.insert("time_zone".into(), z.into());
            });
            state.recompute();
        }
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <h1>"Deflect"</h1>
                <p class="tagline">{move || t(lang.get(), T::AppTagline)}</p>
            </div>
            <div class="controls">
                <label>
                    <span>{move || t(lang.get(), T::Language)}</span>
                    <select
                        data-testid="language"
                        on:change:target=move |ev| {
                            if let Some(l) = Lang::from_tag(&ev.target().value()) {
                                lang.set(l);
                            }
                        }
                        prop:value=move || lang.get().code()
                    >
                        {Lang::ALL.iter().map(|(l, code, name)| view! { <option value=*code selected=move || lang.get() == *l>{*name}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || t(lang.get(), T::TimeZone)}</span>
                    <input
                        data-testid="time-zone"
                        list="zones"
                        prop:value=zone
                        on:change:target=move |ev| set_zone(ev.target().value())
                    />
                    <datalist id="zones">
                        {ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}
                    </datalist>
                </label>
                <button
                    data-testid="theme"
                    aria-pressed=move || (state.theme.get() == Theme::Dark).to_string()
                    on:click=move |_| state.theme.update(|th| *th = if *th == Theme::Dark { Theme::Light } else { Theme::Dark })
                >
                    {move || if state.theme.get() == Theme::Dark { t(lang.get(), T::Light) } else { t(lang.get(), T::Dark) }}
                </button>
                <button data-testid="download-metrics" on:click=download disabled=move || state.analysis.get().is_none()>
                    {move || t(lang.get(), T::DownloadMetrics)}
                </button>
            </div>
        </header>
    }
}

/// Common zones offered in the time-zone field (any IANA name can be typed).
const ZONES: &[&str] = &[
    "UTC", "Europe/Rome", "Europe/Lisbon", "Europe/London", "Europe/Madrid", "Europe/Paris", "Europe/Berlin", "America/Sao_Paulo",
    "America/New_York", "America/Chicago", "America/Los_Angeles", "Africa/Luanda", "Africa/Maputo", "Asia/Tokyo", "Australia/Sydney",
];
