//! Report parameters (METRICS.md §2) with their defaults, and the filters of the dashboard.
//!
//! Every parameter has a stable snake_case name used by `--param NAME=VALUE` in the native
//! command, by the settings panel and in `metrics.json` `parameters`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::record::{Channel, Millis, DAY, HOUR, MINUTE, SECOND};
use super::time::{date_label, parse_date, BusinessHours, Zone, WEEKDAYS};

/// Calendar or business time for durations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TimeBasis {
    /// Wall-clock elapsed time.
    #[default]
    Calendar,
    /// Elapsed time inside business hours only.
    Business,
}

/// The parameters that change the numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Report time zone: grouping by hour, weekday and day, and local timestamps by default.
    pub zone: Zone,
    /// First day of the period (inclusive), report zone.
    pub period_start: Option<Date>,
    /// Last day of the period (inclusive), report zone.
    pub period_end: Option<Date>,
    /// Business hours and holidays.
    pub business_hours: BusinessHours,
    /// Calendar or business time for durations.
    pub time_basis: TimeBasis,
    /// Deflection window W.
    pub deflection_window: i64,
    /// Repeat-contact window R.
    pub repeat_window: i64,
    /// Calls abandoned sooner than this are short abandons.
    pub short_abandon: i64,
    /// Service-level threshold for phone.
    pub service_level_phone: i64,
    /// Service-level threshold for chat.
    pub service_level_chat: i64,
    /// First-response target per channel (`other` has none by default).
    pub frt_targets: BTreeMap<Channel, i64>,
    /// Lowest satisfied score on a 1-5 scale.
    pub csat_min_5: f32,
    /// Lowest satisfied score on a 0-10 scale.
    pub csat_min_10: f32,
    /// Lowest satisfied score on Freshdesk's -103..103 scale.
    pub csat_min_freshdesk: f32,
    /// Labels that count as satisfied on label scales (Great/Okay/Not Good, two-point scales),
    /// lower case.
    pub csat_satisfied_labels: Vec<String>,
    /// Cost per assisted contact, per channel (no defaults are invented).
    pub cost_per_channel: BTreeMap<Channel, f64>,
    /// Cost per self-service session.
    pub cost_self_service: Option<f64>,
    /// Self-service launch date (report zone); the launch day counts as after.
    pub launch_date: Option<Date>,
    /// Target self-service share in percent for `target_mix_savings` (70 for 70:30).
    pub target_self_service_pct: f64,
    /// Currency label for costs (display only).
    pub currency: String,
}

/// A set of report parameters, one bit per field of [`Params`]: which ones a metric read (see
/// `metrics::ReadParams`) and which ones differ between two reports ([`Params::differing`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParamSet(u32);

impl ParamSet {
    /// No parameter.
    pub const NONE: ParamSet = ParamSet(0);
    /// Every parameter.
    pub const ALL: ParamSet = ParamSet(u32::MAX);
    /// [`Params::zone`].
    pub const ZONE: ParamSet = ParamSet(1 << 0);
    /// [`Params::period_start`].
    pub const PERIOD_START: ParamSet = ParamSet(1 << 1);
    /// [`Params::period_end`].
    pub const PERIOD_END: ParamSet = ParamSet(1 << 2);
    /// [`Params::business_hours`].
    pub const BUSINESS_HOURS: ParamSet = ParamSet(1 << 3);
    /// [`Params::time_basis`].
    pub const TIME_BASIS: ParamSet = ParamSet(1 << 4);
    /// [`Params::deflection_window`].
    pub const DEFLECTION_WINDOW: ParamSet = ParamSet(1 << 5);
    /// [`Params::repeat_window`].
    pub const REPEAT_WINDOW: ParamSet = ParamSet(1 << 6);
    /// [`Params::short_abandon`].
    pub const SHORT_ABANDON: ParamSet = ParamSet(1 << 7);
    /// [`Params::service_level_phone`].
    pub const SERVICE_LEVEL_PHONE: ParamSet = ParamSet(1 << 8);
    /// [`Params::service_level_chat`].
    pub const SERVICE_LEVEL_CHAT: ParamSet = ParamSet(1 << 9);
    /// [`Params::frt_targets`].
    pub const FRT_TARGETS: ParamSet = ParamSet(1 << 10);
    /// [`Params::csat_min_5`].
    pub const CSAT_MIN_5: ParamSet = ParamSet(1 << 11);
    /// [`Params::csat_min_10`].
    pub const CSAT_MIN_10: ParamSet = ParamSet(1 << 12);
    /// [`Params::csat_min_freshdesk`].
    pub const CSAT_MIN_FRESHDESK: ParamSet = ParamSet(1 << 13);
    /// [`Params::csat_satisfied_labels`].
    pub const CSAT_SATISFIED_LABELS: ParamSet = ParamSet(1 << 14);
    /// [`Params::cost_per_channel`].
    pub const COST_PER_CHANNEL: ParamSet = ParamSet(1 << 15);
    /// [`Params::cost_self_service`].
    pub const COST_SELF_SERVICE: ParamSet = ParamSet(1 << 16);
    /// [`Params::launch_date`].
    pub const LAUNCH_DATE: ParamSet = ParamSet(1 << 17);
    /// [`Params::target_self_service_pct`].
    pub const TARGET_SELF_SERVICE_PCT: ParamSet = ParamSet(1 << 18);
    /// [`Params::currency`].
    pub const CURRENCY: ParamSet = ParamSet(1 << 19);
    /// What selects the records every metric is computed over (period days in the report zone).
    pub const SELECTION: ParamSet = ParamSet(Self::ZONE.0 | Self::PERIOD_START.0 | Self::PERIOD_END.0);

    /// Both sets.
    pub const fn union(self, other: ParamSet) -> ParamSet {
        ParamSet(self.0 | other.0)
    }

    /// True when the sets share a parameter.
    pub const fn intersects(self, other: ParamSet) -> bool {
        self.0 & other.0 != 0
    }
}

impl Default for Params {
    fn default() -> Self {
        Params::with_zone(Zone::utc())
    }
}

/// Labels counted as satisfied by default (METRICS.md §2): "Great" of Great/Okay/Not Good;
/// "good", "satisfied" and thumbs-up on two-point scales.
pub const DEFAULT_SATISFIED_LABELS: [&str; 6] = ["great", "good", "satisfied", "thumbs up", "👍", "positive"];

/// Why a parameter could not be set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError(pub String);

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Params {
    /// Defaults of METRICS.md §2 in the given report zone.
    pub fn with_zone(zone: Zone) -> Params {
        let mut frt_targets = BTreeMap::new();
        frt_targets.insert(Channel::Phone, 3 * MINUTE);
        frt_targets.insert(Channel::Chat, 5 * MINUTE);
        frt_targets.insert(Channel::Messaging, HOUR);
        frt_targets.insert(Channel::Social, HOUR);
        frt_targets.insert(Channel::Email, 24 * HOUR);
        frt_targets.insert(Channel::WebForm, 24 * HOUR);
        Params {
            zone,
            period_start: None,
            period_end: None,
            business_hours: BusinessHours::default(),
            time_basis: TimeBasis::Calendar,
            deflection_window: 24 * HOUR,
            repeat_window: 7 * DAY,
            short_abandon: 5 * SECOND,
            service_level_phone: 20 * SECOND,
            service_level_chat: 60 * SECOND,
            frt_targets,
            csat_min_5: 4.0,
            csat_min_10: 9.0,
            csat_min_freshdesk: 101.0,
            csat_satisfied_labels: DEFAULT_SATISFIED_LABELS.iter().map(|s| s.to_string()).collect(),
            cost_per_channel: BTreeMap::new(),
            cost_self_service: None,
            launch_date: None,
            target_self_service_pct: 70.0,
            currency: String::new(),
        }
    }

    /// The parameters whose values differ between `self` and `other`. Every field is named
    /// (no `..`), so a new parameter cannot be added without deciding its bit: a kept metric
    /// result is reused only when nothing it read differs.
    pub fn differing(&self, other: &Params) -> ParamSet {
        let Params {
            zone,
            period_start,
            period_end,
            business_hours,
            time_basis,
            deflection_window,
            repeat_window,
            short_abandon,
            service_level_phone,
            service_level_chat,
            frt_targets,
            csat_min_5,
            csat_min_10,
            csat_min_freshdesk,
            csat_satisfied_labels,
            cost_per_channel,
            cost_self_service,
            launch_date,
            target_self_service_pct,
            currency,
        } = self;
        // Floats compare with `!=`, so NaN always differs (recomputing is the safe side).
        let pairs = [
            (*zone != other.zone, ParamSet::ZONE),
            (*period_start != other.period_start, ParamSet::PERIOD_START),
            (*period_end != other.period_end, ParamSet::PERIOD_END),
            (*business_hours != other.business_hours, ParamSet::BUSINESS_HOURS),
            (*time_basis != other.time_basis, ParamSet::TIME_BASIS),
            (*deflection_window != other.deflection_window, ParamSet::DEFLECTION_WINDOW),
            (*repeat_window != other.repeat_window, ParamSet::REPEAT_WINDOW),
            (*short_abandon != other.short_abandon, ParamSet::SHORT_ABANDON),
            (*service_level_phone != other.service_level_phone, ParamSet::SERVICE_LEVEL_PHONE),
            (*service_level_chat != other.service_level_chat, ParamSet::SERVICE_LEVEL_CHAT),
            (*frt_targets != other.frt_targets, ParamSet::FRT_TARGETS),
            (*csat_min_5 != other.csat_min_5, ParamSet::CSAT_MIN_5),
            (*csat_min_10 != other.csat_min_10, ParamSet::CSAT_MIN_10),
            (*csat_min_freshdesk != other.csat_min_freshdesk, ParamSet::CSAT_MIN_FRESHDESK),
            (*csat_satisfied_labels != other.csat_satisfied_labels, ParamSet::CSAT_SATISFIED_LABELS),
            (*cost_per_channel != other.cost_per_channel, ParamSet::COST_PER_CHANNEL),
            (*cost_self_service != other.cost_self_service, ParamSet::COST_SELF_SERVICE),
            (*launch_date != other.launch_date, ParamSet::LAUNCH_DATE),
            (*target_self_service_pct != other.target_self_service_pct, ParamSet::TARGET_SELF_SERVICE_PCT),
            (*currency != other.currency, ParamSet::CURRENCY),
        ];
        pairs.into_iter().filter(|(differs, _)| *differs).fold(ParamSet::NONE, |set, (_, bit)| set.union(bit))
    }

    /// The duration between two instants in the chosen time basis.
    pub fn duration(&self, from: Millis, to: Millis) -> i64 {
        match self.time_basis {
            TimeBasis::Calendar => to - from,
            TimeBasis::Business => {
                if to >= from {
                    self.business_hours.business_ms(&self.zone, from, to)
                } else {
                    -self.business_hours.business_ms(&self.zone, to, from)
                }
            }
        }
    }

    /// First instant of the period, if a start day is set.
    pub fn period_start_instant(&self) -> Option<Millis> {
        self.period_start.map(|d| self.zone.day_start(d))
    }

    /// First instant after the period, if an end day is set.
    pub fn period_end_instant(&self) -> Option<Millis> {
        self.period_end.and_then(|d| d.tomorrow().ok()).map(|d| self.zone.day_start(d))
    }

    /// Is `t` inside the chosen period?
    pub fn in_period(&self, t: Millis) -> bool {
        self.period_start_instant().is_none_or(|s| t >= s) && self.period_end_instant().is_none_or(|e| t < e)
    }

    /// Sets one parameter by its stable name. Durations are seconds, dates `YYYY-MM-DD`.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ParamError> {
        let v = value.trim();
        let secs = |v: &str| -> Result<i64, ParamError> {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .map(|x| (x * 1000.0).round() as i64)
                .ok_or_else(|| ParamError(format!("`{name}` needs a number of seconds, got `{v}`")))
        };
        let date = |v: &str| -> Result<Option<Date>, ParamError> {
            if v.is_empty() || v == "none" {
                return Ok(None);
            }
            parse_date(v).map(Some).ok_or_else(|| ParamError(format!("`{name}` needs a date YYYY-MM-DD, got `{v}`")))
        };
        let money = |v: &str| -> Result<Option<f64>, ParamError> {
            if v.is_empty() || v == "none" {
                return Ok(None);
            }
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .map(Some)
                .ok_or_else(|| ParamError(format!("`{name}` needs an amount, got `{v}`")))
        };
        match name {
            "time_zone" => self.zone = Zone::get(v).map_err(ParamError)?,
            "period_start" => self.period_start = date(v)?,
            "period_end" => self.period_end = date(v)?,
            "time_basis" => {
                self.time_basis = match v {
                    "calendar" => TimeBasis::Calendar,
                    "business" => TimeBasis::Business,
                    _ => return Err(ParamError(format!("`time_basis` is `calendar` or `business`, got `{v}`"))),
                }
            }
            "business_hours" => self.business_hours.week = parse_week(v).map_err(ParamError)?,
            "holidays" => {
                let mut set = std::collections::BTreeSet::new();
                for part in v.split([',', ' ', ';']).filter(|p| !p.is_empty()) {
                    set.insert(parse_date(part).ok_or_else(|| ParamError(format!("`holidays`: `{part}` is not a date")))?);
                }
                self.business_hours.holidays = set;
            }
            "deflection_window_s" => self.deflection_window = secs(v)?,
            "repeat_window_s" => self.repeat_window = secs(v)?,
            "short_abandon_s" => self.short_abandon = secs(v)?,
            "service_level_phone_s" => self.service_level_phone = secs(v)?,
            "service_level_chat_s" => self.service_level_chat = secs(v)?,
            "csat_min_5" | "csat_min_10" | "csat_min_freshdesk" => {
                let x: f32 = v.parse().map_err(|_| ParamError(format!("`{name}` needs a number, got `{v}`")))?;
                match name {
                    "csat_min_5" => self.csat_min_5 = x,
                    "csat_min_10" => self.csat_min_10 = x,
                    _ => self.csat_min_freshdesk = x,
                }
            }
            "csat_satisfied_labels" => {
                let labels: Vec<String> =
                    v.split(',').map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).collect();
                if labels.is_empty() {
                    return Err(ParamError("`csat_satisfied_labels` needs at least one label".into()));
                }
                self.csat_satisfied_labels = labels;
            }
            "cost_self_service" => self.cost_self_service = money(v)?,
            "launch_date" => self.launch_date = date(v)?,
            "target_self_service_pct" => {
                let x: f64 = v
                    .parse()
                    .ok()
                    .filter(|x: &f64| (0.0..=100.0).contains(x))
                    .ok_or_else(|| ParamError(format!("`{name}` needs a percentage 0-100, got `{v}`")))?;
                self.target_self_service_pct = x;
            }
            "currency" => self.currency = v.to_string(),
            _ => {
                if let Some(ch) = name.strip_prefix("frt_target_").and_then(|r| r.strip_suffix("_s")) {
                    let c = Channel::from_label(ch).ok_or_else(|| ParamError(format!("unknown channel in `{name}`")))?;
                    if v.is_empty() || v == "none" {
                        self.frt_targets.remove(&c);
                    } else {
                        self.frt_targets.insert(c, secs(v)?);
                    }
                } else if let Some(ch) = name.strip_prefix("cost_") {
                    let c = Channel::from_label(ch).ok_or_else(|| ParamError(format!("unknown parameter `{name}`")))?;
                    match money(v)? {
                        Some(x) => {
                            self.cost_per_channel.insert(c, x);
                        }
                        None => {
                            self.cost_per_channel.remove(&c);
                        }
                    }
                } else {
                    return Err(ParamError(format!("unknown parameter `{name}`")));
                }
            }
        }
        Ok(())
    }

    /// Every parameter by name, as written into `metrics.json` `parameters`.
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::{json, Value};
        let mut m = serde_json::Map::new();
        let secs = |ms: i64| -> Value {
            if ms % 1000 == 0 {
                json!(ms / 1000)
            } else {
                json!(ms as f64 / 1000.0)
            }
        };
        m.insert("time_zone".into(), json!(self.zone.name()));
        m.insert("period_start".into(), self.period_start.map(date_label).map_or(Value::Null, Value::from));
        m.insert("period_end".into(), self.period_end.map(date_label).map_or(Value::Null, Value::from));
        m.insert("business_hours".into(), json!(self.business_hours.describe()));
        m.insert(
            "holidays".into(),
            json!(self.business_hours.holidays.iter().map(|d| date_label(*d)).collect::<Vec<_>>()),
        );
        m.insert(
            "time_basis".into(),
            json!(match self.time_basis {
                TimeBasis::Calendar => "calendar",
                TimeBasis::Business => "business",
            }),
        );
        m.insert("deflection_window_s".into(), secs(self.deflection_window));
        m.insert("repeat_window_s".into(), secs(self.repeat_window));
        m.insert("short_abandon_s".into(), secs(self.short_abandon));
        m.insert("service_level_phone_s".into(), secs(self.service_level_phone));
        m.insert("service_level_chat_s".into(), secs(self.service_level_chat));
        for c in Channel::ALL {
            let key = format!("frt_target_{}_s", c.label());
            m.insert(key, self.frt_targets.get(c).map_or(Value::Null, |ms| secs(*ms)));
        }
        m.insert("csat_min_5".into(), json!(self.csat_min_5));
        m.insert("csat_min_10".into(), json!(self.csat_min_10));
        m.insert("csat_min_freshdesk".into(), json!(self.csat_min_freshdesk));
        m.insert("csat_satisfied_labels".into(), json!(self.csat_satisfied_labels));
        for c in Channel::ALL {
            let key = format!("cost_{}", c.label());
            m.insert(key, self.cost_per_channel.get(c).map_or(Value::Null, |x| json!(x)));
        }
        m.insert("cost_self_service".into(), self.cost_self_service.map_or(Value::Null, |x| json!(x)));
        m.insert("launch_date".into(), self.launch_date.map(date_label).map_or(Value::Null, Value::from));
        m.insert("target_self_service_pct".into(), json!(self.target_self_service_pct));
        m.insert("currency".into(), json!(self.currency));
        m
    }

    /// Applies every name/value pair of a `parameters` object (the inverse of [`Params::to_json`]).
    pub fn apply_json(&mut self, obj: &serde_json::Map<String, serde_json::Value>) -> Result<(), ParamError> {
        // Time zone first: dates and business hours are read in it.
        if let Some(v) = obj.get("time_zone").and_then(|v| v.as_str()) {
            self.set("time_zone", v)?;
        }
        for (k, v) in obj {
            if k == "time_zone" {
                continue;
            }
            let text = match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(a) => {
                    a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(",")
                }
                other => other.to_string(),
            };
            self.set(k, &text)?;
        }
        Ok(())
    }
}

/// Parses a weekly schedule: `Mon-Fri 09:00-18:00; Sat 09:00-12:00,14:00-16:00`.
pub fn parse_week(text: &str) -> Result<[Vec<(u16, u16)>; 7], String> {
    let mut week: [Vec<(u16, u16)>; 7] = Default::default();
    let day_index = |d: &str| WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(d.trim()));
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (days, spans) = part.split_once(' ').ok_or_else(|| format!("`{part}`: expected `Mon-Fri 09:00-18:00`"))?;
        let (first, last) = match days.split_once('-') {
            Some((a, b)) => (day_index(a), day_index(b)),
            None => (day_index(days), day_index(days)),
        };
        let (first, last) = match (first, last) {
            (Some(a), Some(b)) if a <= b => (a, b),
            _ => return Err(format!("`{days}` is not a weekday range like Mon-Fri")),
        };
        let mut intervals = Vec::new();
        for span in spans.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (s, e) = span.split_once('-').ok_or_else(|| format!("`{span}` is not a span like 09:00-18:00"))?;
            let (s, e) = (clock(s)?, clock(e)?);
            if s >= e {
                return Err(format!("`{span}` ends before it starts"));
            }
            intervals.push((s, e));
        }
        intervals.sort_unstable();
        if intervals.windows(2).any(|w| w[0].1 > w[1].0) {
            return Err(format!("`{spans}` has overlapping spans"));
        }
        for day in week.iter_mut().take(last + 1).skip(first) {
            *day = intervals.clone();
        }
    }
    Ok(week)
}

fn clock(s: &str) -> Result<u16, String> {
    let (h, m) = s.trim().split_once(':').ok_or_else(|| format!("`{s}` is not a time like 09:00"))?;
    let h: u16 = h.parse().map_err(|_| format!("`{s}` is not a time"))?;
    let m: u16 = m.parse().map_err(|_| format!("`{s}` is not a time"))?;
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return Err(format!("`{s}` is not a time"));
    }
    Ok(h * 60 + m)
}

/// Dashboard filters (not report parameters): which contacts and sessions are looked at.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    /// Channels to keep (empty = all).
    pub channels: Vec<Channel>,
    /// Teams to keep (empty = all).
    pub teams: Vec<String>,
    /// Agents to keep (empty = all).
    pub agents: Vec<String>,
    /// Issue types to keep (empty = all).
    pub issue_types: Vec<String>,
}

impl Filters {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.channels.is_empty() && self.teams.is_empty() && self.agents.is_empty() && self.issue_types.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_contract() {
        let p = Params::default();
        assert_eq!(p.deflection_window, 86_400_000);
        assert_eq!(p.repeat_window, 604_800_000);
        assert_eq!(p.short_abandon, 5_000);
        assert_eq!(p.frt_targets.get(&Channel::Phone), Some(&180_000));
        assert_eq!(p.frt_targets.get(&Channel::Other), None);
        let j = p.to_json();
        assert_eq!(j["time_zone"], "UTC");
        assert_eq!(j["deflection_window_s"], 86_400);
        assert_eq!(j["business_hours"], "Mon 09:00-18:00; Tue 09:00-18:00; Wed 09:00-18:00; Thu 09:00-18:00; Fri 09:00-18:00");
    }

    #[test]
    fn every_contract_parameter_has_a_name_and_its_default() {
        use serde_json::json;
        // METRICS.md §2, one name per setting, with the contract's default.
        let j = Params::default().to_json();
        let expected = [
            ("time_zone", json!("UTC")),
            ("period_start", json!(null)),
            ("period_end", json!(null)),
            ("business_hours", json!("Mon 09:00-18:00; Tue 09:00-18:00; Wed 09:00-18:00; Thu 09:00-18:00; Fri 09:00-18:00")),
            ("holidays", json!([])),
            ("time_basis", json!("calendar")),
            ("deflection_window_s", json!(86_400)),
            ("repeat_window_s", json!(604_800)),
            ("short_abandon_s", json!(5)),
            ("service_level_phone_s", json!(20)),
            ("service_level_chat_s", json!(60)),
            ("frt_target_phone_s", json!(180)),
            ("frt_target_chat_s", json!(300)),
            ("frt_target_messaging_s", json!(3600)),
            ("frt_target_social_s", json!(3600)),
            ("frt_target_email_s", json!(86_400)),
            ("frt_target_web_form_s", json!(86_400)),
            ("frt_target_other_s", json!(null)),
            ("csat_min_5", json!(4.0)),
            ("csat_min_10", json!(9.0)),
            ("csat_min_freshdesk", json!(101.0)),
            ("csat_satisfied_labels", json!(["great", "good", "satisfied", "thumbs up", "👍", "positive"])),
            ("cost_phone", json!(null)),
            ("cost_email", json!(null)),
            ("cost_chat", json!(null)),
            ("cost_messaging", json!(null)),
            ("cost_social", json!(null)),
            ("cost_web_form", json!(null)),
            ("cost_other", json!(null)),
            ("cost_self_service", json!(null)),
            ("launch_date", json!(null)),
            ("target_self_service_pct", json!(70.0)),
            ("currency", json!("")),
        ];
        for (name, value) in &expected {
            assert_eq!(j.get(*name), Some(value), "{name}");
        }
        assert_eq!(j.len(), expected.len(), "a parameter without a test: {:?}", j.keys().collect::<Vec<_>>());
        // Every one is settable by its name.
        let mut p = Params::default();
        for (name, text) in [
            ("time_zone", "Europe/Rome"),
            ("period_start", "2026-03-01"),
            ("period_end", "2026-03-31"),
            ("business_hours", "Mon-Fri 08:00-12:00,13:00-17:00"),
            ("holidays", "2026-03-19"),
            ("time_basis", "business"),
            ("deflection_window_s", "3600"),
            ("repeat_window_s", "86400"),
            ("short_abandon_s", "10"),
            ("service_level_phone_s", "30"),
            ("service_level_chat_s", "90"),
            ("frt_target_other_s", "7200"),
            ("csat_min_5", "5"),
            ("csat_min_10", "10"),
            ("csat_min_freshdesk", "102"),
            ("csat_satisfied_labels", "great"),
            ("cost_phone", "8"),
            ("cost_self_service", "0.3"),
            ("launch_date", "2026-03-10"),
            ("target_self_service_pct", "80"),
            ("currency", "EUR"),
        ] {
            let set = p.set(name, text);
            assert!(set.is_ok(), "{name}: {set:?}");
        }
        assert_eq!(p.time_basis, TimeBasis::Business);
        assert_eq!(p.deflection_window, HOUR);
    }

    #[test]
    fn set_by_name_and_round_trip() {
        let mut p = Params::default();
        p.set("time_zone", "Europe/Lisbon").expect("zone");
        p.set("repeat_window_s", "3600").expect("secs");
        p.set("cost_email", "4.5").expect("cost");
        p.set("frt_target_other_s", "600").expect("target");
        p.set("launch_date", "2026-03-01").expect("date");
        p.set("business_hours", "Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-12:00").expect("week");
        p.set("holidays", "2026-04-25,2026-06-10").expect("holidays");
        p.set("csat_satisfied_labels", "Great, Okay").expect("labels");
        assert_eq!(p.csat_satisfied_labels, vec!["great".to_string(), "okay".to_string()]);
        assert!(p.set("nonsense", "1").is_err());
        assert!(p.set("repeat_window_s", "-1").is_err());
        let mut q = Params::default();
        q.apply_json(&p.to_json()).expect("round trip");
        assert_eq!(p, q);
    }

    #[test]
    fn weekly_schedule_rejects_overlaps() {
        assert!(parse_week("Mon 09:00-12:00,11:00-13:00").is_err());
        assert!(parse_week("Fri-Mon 09:00-12:00").is_err());
        let w = parse_week("Sun 00:00-24:00").expect("full day");
        assert_eq!(w[6], vec![(0, 1440)]);
    }
}
