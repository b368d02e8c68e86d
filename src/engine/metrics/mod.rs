//! The metric catalogue of METRICS.md, one module per family. Each metric is a plain function
//! of a [`Ctx`] (the selected records and the report parameters) returning its `metrics.json`
//! rows: the headline row first, then breakdown rows (`by`, `group`).

pub mod abandonment;
pub mod cost;
pub mod handling;
pub mod resolution;
pub mod satisfaction;
pub mod selfservice;
pub mod speed;
pub mod volume;

use std::cell::OnceCell;
use crate::engine::intern::{fast_map, FastMap};

use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use super::intern::{Interner, Sym};
use super::params::{Filters, Params};
use super::record::{Channel, Contact, Millis, Session, Survey, DAY, HOUR, MINUTE, SECOND};
use super::stats::Summary;

/// A number in `metrics.json`: integers stay integers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// Exact count.
    Int(i64),
    /// Ratio, seconds, money.
    Float(f64),
}

impl Num {
    /// As f64.
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Num::Int(i) => s.serialize_i64(i),
            Num::Float(f) if f.is_finite() => s.serialize_f64(f),
            Num::Float(_) => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Number::deserialize(d)?;
        Ok(match v.as_i64() {
            Some(i) => Num::Int(i),
            None => Num::Float(v.as_f64().unwrap_or(f64::NAN)),
        })
    }
}

/// Bucket counts in a fixed order, written as a JSON object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts(pub Vec<(String, u64)>);

impl Counts {
    /// The count of a label.
    pub fn get(&self, label: &str) -> Option<u64> {
        self.0.iter().find(|(l, _)| l == label).map(|(_, n)| *n)
    }

    /// Sum of all counts.
    pub fn total(&self) -> u64 {
        self.0.iter().map(|(_, n)| n).sum()
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Counts;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of counts")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Counts, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, u64>()? {
                    out.push((k, v));
                }
                Ok(Counts(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One row of `metrics.json` (METRICS.md §5). Fields absent from a row are omitted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    /// Stable metric id.
    pub id: String,
    /// Breakdown dimension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Breakdown group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The value (count, ratio in [0, 1], seconds, money).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Num>,
    /// Numerator of a rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<Num>,
    /// Denominator of a rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub den: Option<Num>,
    /// Share of a total (abandonment by stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Median (seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    /// Mean (seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// p90 by nearest rank (seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p90: Option<f64>,
    /// Number of values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    /// Bucket counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    /// Lower bound of an interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lo: Option<f64>,
    /// Upper bound of an interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hi: Option<f64>,
    /// Why the metric is not available ("needs …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// What this computation left out and why (shown with the definition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl MetricRow {
    /// A row for `id` with nothing set.
    pub fn new(id: &str) -> MetricRow {
        MetricRow { id: id.to_string(), ..Default::default() }
    }

    /// An exact count.
    pub fn count(id: &str, n: u64) -> MetricRow {
        MetricRow { value: Some(Num::Int(n as i64)), ..MetricRow::new(id) }
    }

    /// A rate num/den; not available when den = 0.
    pub fn rate(id: &str, num: u64, den: u64, needs: &str) -> MetricRow {
        if den == 0 {
            return MetricRow::unavailable(id, needs);
        }
        MetricRow {
            value: Some(Num::Float(num as f64 / den as f64)),
            num: Some(Num::Int(num as i64)),
            den: Some(Num::Int(den as i64)),
            ..MetricRow::new(id)
        }
    }

    /// A duration summary (median, mean, p90, n); not available when empty.
    pub fn summary(id: &str, s: Option<Summary>, needs: &str) -> MetricRow {
        match s {
            None => MetricRow::unavailable(id, needs),
            Some(s) => MetricRow { median: Some(s.median), mean: Some(s.mean), p90: Some(s.p90), n: Some(s.n), ..MetricRow::new(id) },
        }
    }

    /// A single value with its n (e.g. a mean in seconds).
    pub fn value_n(id: &str, value: Option<f64>, n: u64, needs: &str) -> MetricRow {
        match value {
            Some(v) if n > 0 => MetricRow { value: Some(Num::Float(v)), n: Some(n), ..MetricRow::new(id) },
            _ => MetricRow::unavailable(id, needs),
        }
    }

    /// "not available: needs …".
    pub fn unavailable(id: &str, needs: &str) -> MetricRow {
        MetricRow { unavailable: Some(needs.to_string()), ..MetricRow::new(id) }
    }

    /// Bucket counts.
    pub fn counts(id: &str, counts: Vec<(String, u64)>) -> MetricRow {
        MetricRow { counts: Some(Counts(counts)), ..MetricRow::new(id) }
    }

    /// Marks the row as a breakdown row.
    pub fn by(mut self, by: &str, group: impl Into<String>) -> MetricRow {
        self.by = Some(by.to_string());
        self.group = Some(group.into());
        self
    }

    /// Attaches a note.
    pub fn note(mut self, note: impl Into<String>) -> MetricRow {
        let n: String = note.into();
        if !n.is_empty() {
            self.note = Some(n);
        }
        self
    }

    /// True for the headline (not a breakdown) row.
    pub fn is_headline(&self) -> bool {
        self.by.is_none()
    }
}

/// A breakdown dimension over contacts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dim {
    /// By channel.
    Channel,
    /// By agent.
    Agent,
    /// By team.
    Team,
    /// By issue type.
    IssueType,
    /// By priority.
    Priority,
}

impl Dim {
    /// The `by` label in `metrics.json`.
    pub fn label(self) -> &'static str {
        match self {
            Dim::Channel => "channel",
            Dim::Agent => "agent",
            Dim::Team => "team",
            Dim::IssueType => "issue_type",
            Dim::Priority => "priority",
        }
    }

    fn key(self, c: &Contact) -> u32 {
        match self {
            Dim::Channel => c.channel as u32,
            Dim::Agent => c.agent.0,
            Dim::Team => c.team.0,
            Dim::IssueType => c.issue_type.0,
            Dim::Priority => c.priority.0,
        }
    }

    fn group_label(self, key: u32, strings: &Interner) -> String {
        match self {
            Dim::Channel => Channel::ALL.get(key as usize).map_or("other", |c| c.label()).to_string(),
            _ => {
                let s = strings.get(Sym(key));
                if s.is_empty() {
                    NONE_GROUP.to_string()
                } else {
                    s.to_string()
                }
            }
        }
    }
}

/// Why a metric that sets self-service sessions against contacts is not available under
/// dashboard filters.
pub const NEEDS_UNFILTERED: &str =
    "needs no channel, team, agent or issue-type filter: self-service sessions have none of these fields";

/// Group label that collects blank values (METRICS.md §3).
pub const NONE_GROUP: &str = "(none)";

/// What metrics are computed over.
pub struct Ctx<'a> {
    /// Strings of the records.
    pub strings: &'a Interner,
    /// Report parameters.
    pub params: &'a Params,
    /// Demand contacts created in the period that pass the filters, by `created`.
    pub contacts: Vec<&'a Contact>,
    /// Every demand contact loaded (follow-ups are looked for here, not only in the period).
    pub all_contacts: Vec<&'a Contact>,
    /// Every demand contact loaded that passes the filters, whatever the period (backlog).
    pub filtered: Vec<&'a Contact>,
    /// Demand sessions started in the period, by `started`.
    pub sessions: Vec<&'a Session>,
    /// Every demand session loaded.
    pub all_sessions: Vec<&'a Session>,
    /// CSAT responses from survey files.
    pub surveys: &'a [Survey],
    /// The as-of time (METRICS.md §4a).
    pub as_of: Millis,
    /// True when dashboard filters (channel, team, agent, issue type) narrow the contacts.
    /// Sessions have none of those fields, so metrics that set sessions against contacts are
    /// not available then (they would compare all self-service with part of the contacts).
    pub filtered_contacts: bool,
    by_customer: OnceCell<ByCustomer<'a>>,
    by_session_link: OnceCell<FastMap<Sym, Vec<&'a Contact>>>,
    deflection: OnceCell<Vec<Option<bool>>>,
    timed: OnceCell<Vec<Timed<'a>>>,
}

/// Contacts grouped by customer: one list ordered by (customer, created) and each customer's
/// range in it, found by symbol in a direct table (no hash map of vectors).
struct ByCustomer<'a> {
    /// The contacts, customer by customer, each customer's by `created`.
    contacts: Vec<&'a Contact>,
    /// `created` of each of `contacts` (binary searches stay in one array).
    created: Vec<Millis>,
    /// Customer `s` holds `contacts[start[s] .. start[s + 1]]`.
    start: Vec<u32>,
}

impl<'a> ByCustomer<'a> {
    /// Groups the contacts with a known customer by a stable counting sort on the customer
    /// symbol; each customer's contacts keep their order, sorted by `created` if they were not.
    fn new(contacts: &[&'a Contact]) -> ByCustomer<'a> {
        let n_syms = contacts.iter().map(|c| c.customer.0 as usize + 1).max().unwrap_or(0);
        let mut start = vec![0u32; n_syms + 1];
        for c in contacts.iter().filter(|c| !c.customer.is_none()) {
            start[c.customer.0 as usize + 1] += 1;
        }
        for s in 0..n_syms {
            start[s + 1] += start[s];
        }
        let mut next = start.clone();
        let mut sorted: Vec<Option<&Contact>> = vec![None; start[n_syms] as usize];
        for c in contacts.iter().filter(|c| !c.customer.is_none()) {
            let slot = &mut next[c.customer.0 as usize];
            sorted[*slot as usize] = Some(c);
            *slot += 1;
        }
        let mut sorted: Vec<&Contact> = sorted.into_iter().flatten().collect();
        for s in 0..n_syms {
            let list = &mut sorted[start[s] as usize..start[s + 1] as usize];
            if !list.is_sorted_by_key(|c| c.created) {
                list.sort_by_key(|c| c.created);
            }
        }
        let created = sorted.iter().map(|c| c.created).collect();
        ByCustomer { contacts: sorted, created, start }
    }

    /// The contacts of `customer` (empty for an unknown one).
    fn range(&self, customer: Sym) -> std::ops::Range<usize> {
        let s = customer.0 as usize;
        match (self.start.get(s), self.start.get(s + 1)) {
            (Some(lo), Some(hi)) if !customer.is_none() => *lo as usize..*hi as usize,
            _ => 0..0,
        }
    }
}

/// A selected contact with its first-response and resolution times in the chosen time basis
/// (computed once: in business time each is a walk over the calendar).
#[derive(Clone, Copy, Debug)]
pub struct Timed<'a> {
    /// The contact.
    pub contact: &'a Contact,
    /// first_response − created, ms.
    pub frt: Option<i64>,
    /// resolved − created, ms.
    pub res: Option<i64>,
}

impl<'a> Ctx<'a> {
    /// Selects records: demand only, in the period, passing the filters (filters apply to
    /// contacts; sessions have no channel, agent or team and are selected by period only).
    pub fn new(ds: &'a Dataset, params: &'a Params, filters: &'a Filters) -> Ctx<'a> {
        let all_contacts: Vec<&Contact> = ds.contacts.iter().filter(|c| !c.not_demand).collect();
        let all_sessions: Vec<&Session> = ds.sessions.iter().filter(|s| !s.not_demand).collect();
        let wanted = |list: &[String], s: Sym| list.is_empty() || list.iter().any(|x| x == ds.strings.get(s));
        let filtered: Vec<&Contact> = all_contacts
            .iter()
            .copied()
            .filter(|c| filters.channels.is_empty() || filters.channels.contains(&c.channel))
            .filter(|c| wanted(&filters.teams, c.team) && wanted(&filters.agents, c.agent) && wanted(&filters.issue_types, c.issue_type))
            .collect();
        let contacts = filtered.iter().copied().filter(|c| params.in_period(c.created)).collect();
        let sessions = all_sessions.iter().copied().filter(|s| params.in_period(s.started)).collect();
        let as_of = params.period_end_instant().unwrap_or_else(|| {
            let last_contact = ds.contacts.iter().map(|c| c.created).max();
            let last_session = ds.sessions.iter().map(|s| s.started).max();
            last_contact.max(last_session).unwrap_or(0)
        });
        Ctx {
            strings: &ds.strings,
            params,
            contacts,
            all_contacts,
            filtered,
            sessions,
            all_sessions,
            surveys: &ds.surveys,
            as_of,
            filtered_contacts: !filters.is_empty(),
            by_customer: OnceCell::new(),
            by_session_link: OnceCell::new(),
            deflection: OnceCell::new(),
            timed: OnceCell::new(),
        }
    }

    fn by_customer(&self) -> &ByCustomer<'a> {
        self.by_customer.get_or_init(|| ByCustomer::new(&self.all_contacts))
    }

    /// The demand contacts of `customer` created in the half-open window (from, to]
    /// (METRICS.md §4a), by binary search in the customer's list sorted by `created`. Follow-ups
    /// are looked for in all loaded data, whatever the period and filters (METRICS.md §4a).
    pub fn contacts_in_window(&self, customer: Sym, from: Millis, to: Millis) -> &[&'a Contact] {
        if customer.is_none() || to <= from {
            return &[];
        }
        let m = self.by_customer();
        let range = m.range(customer);
        let Some(created) = m.created.get(range.clone()) else { return &[] };
        let lo = created.partition_point(|t| *t <= from);
        let hi = created.partition_point(|t| *t <= to);
        m.contacts.get(range.start + lo..range.start + hi.max(lo)).unwrap_or(&[])
    }

    /// Demand contacts that name a self-service session they came from, by session id.
    pub fn contacts_linked_to(&self, session_id: Sym) -> &[&'a Contact] {
        if session_id.is_none() {
            return &[];
        }
        let m = self.by_session_link.get_or_init(|| {
            let mut m: FastMap<Sym, Vec<&Contact>> = fast_map(0);
            for c in &self.all_contacts {
                if !c.self_service_session.is_none() {
                    m.entry(c.self_service_session).or_default().push(c);
                }
            }
            m
        });
        m.get(&session_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Each of [`Ctx::contacts`] (same order) with its first-response and resolution times in
    /// the chosen time basis. Computed once.
    pub fn timed(&self) -> &[Timed<'a>] {
        self.timed.get_or_init(|| {
            let d = |c: &Contact, t: Option<Millis>| t.map(|t| self.params.duration(c.created, t));
            self.contacts.iter().map(|c| Timed { contact: c, frt: d(c, c.first_response), res: d(c, c.resolved) }).collect()
        })
    }

    /// For each of [`Ctx::sessions`] (same order): `Some(true)` deflected, `Some(false)` not,
    /// `None` not judged yet (its window reaches past the as-of time). Computed once.
    pub fn deflection(&self) -> &[Option<bool>] {
        self.deflection.get_or_init(|| self.sessions.iter().map(|s| selfservice::is_deflected(self, s)).collect())
    }

    /// Dimensions with data among the selected contacts (priority only where exported).
    pub fn dims(&self) -> Vec<Dim> {
        let mut out = vec![Dim::Channel];
        for d in [Dim::Agent, Dim::Team, Dim::IssueType, Dim::Priority] {
            if self.contacts.iter().any(|c| d.key(c) != 0) {
                out.push(d);
            }
        }
        out
    }

    /// Text of a symbol.
    pub fn text(&self, s: Sym) -> &'a str {
        self.strings.get(s)
    }

    /// `"before"` or `"after"` the self-service launch date for an instant, by its local date
    /// in the report zone (the launch day counts as after); `None` without a launch date.
    pub fn launch_side(&self, t: Millis) -> Option<&'static str> {
        let launch = self.params.launch_date?;
        Some(if self.params.zone.local(t).date >= launch { "after" } else { "before" })
    }
}

/// Groups contacts by a dimension; groups sorted by volume (desc), then label.
pub fn breakdown<'a>(ctx: &Ctx<'a>, contacts: &[&'a Contact], dim: Dim) -> Vec<(String, Vec<&'a Contact>)> {
    group_items(ctx, contacts, dim, |c| c)
}

/// Groups any items that belong to a contact by a dimension of that contact; groups sorted by
/// size (desc), then label; blanks collected in "(none)".
pub fn group_items<T: Copy>(ctx: &Ctx, items: &[T], dim: Dim, contact: impl Fn(&T) -> &Contact) -> Vec<(String, Vec<T>)> {
    let mut groups: FastMap<u32, Vec<T>> = fast_map(0);
    for it in items {
        groups.entry(dim.key(contact(it))).or_default().push(*it);
    }
    let mut out: Vec<(String, Vec<T>)> = groups.into_iter().map(|(k, v)| (dim.group_label(k, ctx.strings), v)).collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Every metric row the records allow, family by family in catalogue order.
pub fn compute(ctx: &Ctx) -> Vec<MetricRow> {
    let mut rows = Vec::new();
    rows.extend(selfservice::rows(ctx));
    rows.extend(resolution::rows(ctx));
    rows.extend(speed::rows(ctx));
    rows.extend(abandonment::rows(ctx));
    rows.extend(volume::rows(ctx));
    rows.extend(handling::rows(ctx));
    rows.extend(satisfaction::rows(ctx));
    rows.extend(cost::rows(ctx));
    rows
}

/// A rate over contacts with its breakdown rows. `classify` puts a contact in the
/// denominator (`Some(_)`) and, with `Some(true)`, in the numerator; contacts it leaves out
/// (`None`) are in no row. Breakdowns group only the contacts in the denominator, so every
/// dimension's groups add up to the headline's numerator and denominator.
pub fn rate_rows(ctx: &Ctx, id: &str, needs: &str, dims: &[Dim], classify: impl Fn(&Contact) -> Option<bool>) -> Vec<MetricRow> {
    let eligible: Vec<(&Contact, bool)> = ctx.contacts.iter().filter_map(|c| classify(c).map(|hit| (*c, hit))).collect();
    let count = |xs: &[(&Contact, bool)]| xs.iter().filter(|(_, hit)| *hit).count() as u64;
    let mut out = vec![MetricRow::rate(id, count(&eligible), eligible.len() as u64, needs)];
    if eligible.is_empty() {
        return out;
    }
    for dim in dims {
        for (group, xs) in group_items(ctx, &eligible, *dim, |x| x.0) {
            out.push(MetricRow::rate(id, count(&xs), xs.len() as u64, needs).by(dim.label(), group));
        }
    }
    out
}

/// A window or threshold as short text for notes: "24 h", "7 d", "90 s" (whole days from
/// two days up).
pub fn duration_text(ms: i64) -> String {
    if ms >= 2 * DAY && ms % DAY == 0 {
        format!("{} d", ms / DAY)
    } else if ms != 0 && ms % HOUR == 0 {
        format!("{} h", ms / HOUR)
    } else if ms != 0 && ms % MINUTE == 0 {
        format!("{} min", ms / MINUTE)
    } else if ms % SECOND == 0 {
        format!("{} s", ms / SECOND)
    } else {
        format!("{} s", ms as f64 / SECOND as f64)
    }
}

/// Joins non-empty note parts with "; ".
pub fn join_notes(parts: &[String]) -> String {
    parts.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("; ")
}

/// Plural helper for notes: "1 contact", "3 contacts".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
