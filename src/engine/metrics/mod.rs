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
use super::params::{Filters, ParamSet, Params};
pub use super::reads::ReadParams;
use super::record::{Channel, Contact, Millis, OptMs, Session, Survey, DAY, HOUR, MINUTE, SECOND};
use super::stats::{summarise_ms, Summary};
use super::time::Local;

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
    /// Every dimension, in the order of [`Dim::index`].
    pub const ALL: [Dim; 5] = [Dim::Channel, Dim::Agent, Dim::Team, Dim::IssueType, Dim::Priority];

    /// Position in [`Dim::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name of its groups' column kept with the dataset.
    fn column_name(self) -> &'static str {
        match self {
            Dim::Channel => "groups by channel",
            Dim::Agent => "groups by agent",
            Dim::Team => "groups by team",
            Dim::IssueType => "groups by issue type",
            Dim::Priority => "groups by priority",
        }
    }

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

    /// The value a filter names for a key: a channel's label, or a symbol's text.
    fn key_text(self, key: u32, strings: &Interner) -> String {
        match self {
            Dim::Channel => Channel::ALL.get(key as usize).map_or("", |c| c.label()).to_string(),
            _ => strings.get(Sym(key)).to_string(),
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
    /// Report parameters; every read is recorded (see [`ReadParams`]).
    pub params: ReadParams<'a>,
    /// The dashboard filters the contacts passed.
    filters: &'a Filters,
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
    heartbeat: &'a dyn Fn(),
    follow_ups: OnceCell<std::sync::Arc<FollowUps>>,
    dataset: &'a Dataset,
    by_session_link: OnceCell<FastMap<Sym, Vec<&'a Contact>>>,
    deflection: OnceCell<(Vec<Option<bool>>, ParamSet)>,
    durations: OnceCell<(std::sync::Arc<Durations>, ParamSet)>,
    local: OnceCell<(std::sync::Arc<Vec<Local>>, ParamSet)>,
    dims: OnceCell<Vec<Dim>>,
    groups: [OnceCell<std::sync::Arc<Groups>>; Dim::ALL.len()],
}

/// [`Ctx::has_follow_up`]: another contact of the customer within R of `created`.
pub const FOLLOW_UP_REPEAT: u8 = 1;
/// [`Ctx::has_follow_up`]: a contact of the customer (same issue type where both are known)
/// within R of `resolved`.
pub const FOLLOW_UP_FCR: u8 = 2;

/// For each loaded contact (by position in `Dataset::contacts`), when its first follow-up of
/// each kind was created: `repeat`, the first contact of the same customer created after it;
/// `fcr`, the first created after it was resolved whose issue type matches (either blank, or
/// equal). A follow-up within R exists exactly when the first one is within R (the customer's
/// contacts are ordered by `created`), so these serve every repeat window: changing R redoes
/// no search.
#[derive(Debug, Default)]
pub struct FollowUps {
    repeat: Vec<OptMs>,
    fcr: Vec<OptMs>,
}

impl FollowUps {
    /// Made customer by customer over the kept grouping. The repeat follow-up is the next
    /// `created` after the contact's (a binary search in the customer's times). The FCR one
    /// needs the first matching contact at or after a position, for contacts in any order of
    /// issue types: answered offline, walking each customer's contacts from the last to the
    /// first while keeping the nearest position of each issue type seen (and of a blank one),
    /// with the questions sorted by position; O(k log k) for a customer with k contacts, however
    /// many of them share a type (a scan forward from each question would be O(k²)).
    fn of(ctx: &Ctx) -> FollowUps {
        let kept = ctx.customer_order();
        let contacts = &ctx.dataset.contacts;
        let mut out = FollowUps { repeat: vec![OptMs::NONE; contacts.len()], fcr: vec![OptMs::NONE; contacts.len()] };
        // Nearest position (in the customer's list) of each issue type at or after the walk;
        // reset after each customer through `touched`.
        let mut nearest_of_type: Vec<u32> = vec![u32::MAX; ctx.strings.len()];
        let mut touched: Vec<usize> = Vec::new();
        let mut questions: Vec<(u32, u32)> = Vec::new();
        for w in ctx.pass(kept.start.windows(2)) {
            let range = w[0] as usize..w[1] as usize;
            let (Some(list), Some(created)) = (kept.order.get(range.clone()), kept.created.get(range)) else { continue };
            let contact = |j: usize| list.get(j).and_then(|&p| contacts.get(p as usize));
            let time_at = |j: usize| created.get(j).copied().map_or(OptMs::NONE, OptMs::some);
            questions.clear();
            for (j, &p) in list.iter().enumerate() {
                let Some(c) = contacts.get(p as usize) else { continue };
                let after_created = created.partition_point(|t| *t <= c.created);
                out.repeat[p as usize] = time_at(after_created);
                if let Some(t) = c.resolved.get() {
                    let after_resolved = created.partition_point(|x| *x <= t);
                    if c.issue_type.is_none() {
                        out.fcr[p as usize] = time_at(after_resolved);
                    } else {
                        questions.push((after_resolved as u32, j as u32));
                    }
                }
            }
            if questions.is_empty() {
                continue;
            }
            questions.sort_unstable_by_key(|q| std::cmp::Reverse(q.0));
            let mut asked = questions.iter().peekable();
            let mut nearest_blank = u32::MAX;
            // Questions about the position past the end have no answer (already NONE).
            while asked.next_if(|(at, _)| *at as usize >= list.len()).is_some() {}
            for j in (0..list.len()).rev() {
                let Some(x) = contact(j) else { continue };
                if x.issue_type.is_none() {
                    nearest_blank = j as u32;
                } else if let Some(slot) = nearest_of_type.get_mut(x.issue_type.0 as usize) {
                    if *slot == u32::MAX {
                        touched.push(x.issue_type.0 as usize);
                    }
                    *slot = j as u32;
                }
                while let Some((_, who)) = asked.next_if(|(at, _)| *at as usize == j) {
                    let Some(c) = contact(*who as usize) else { continue };
                    let same = nearest_of_type.get(c.issue_type.0 as usize).copied().unwrap_or(u32::MAX);
                    let first = same.min(nearest_blank);
                    if first != u32::MAX {
                        if let Some(&p) = list.get(*who as usize) {
                            out.fcr[p as usize] = time_at(first as usize);
                        }
                    }
                }
            }
            for t in touched.drain(..) {
                nearest_of_type[t] = u32::MAX;
            }
        }
        out
    }
}

/// Contacts grouped by customer: one list ordered by (customer, created) and each customer's
/// range in it, found by symbol in a direct table (no hash map of vectors).
struct ByCustomer<'a> {
    /// The contacts, customer by customer, each customer's by `created`.
    contacts: Vec<&'a Contact>,
    /// `created` of each of `contacts` (binary searches stay in one array); shared with
    /// `Dataset::derived`, which keeps it between reports.
    created: std::sync::Arc<Vec<Millis>>,
    /// Customer `s` holds `contacts[start[s] .. start[s + 1]]` (shared likewise).
    start: std::sync::Arc<Vec<u32>>,
}

impl<'a> ByCustomer<'a> {
    /// Groups the contacts with a known customer by a stable counting sort on the customer
    /// symbol; each customer's contacts keep their order, sorted by `created` if they were not.
    /// `beat` is called between its passes (each a pass over every contact).
    fn new(contacts: &[&'a Contact], beat: &dyn Fn()) -> ByCustomer<'a> {
        let n_syms = crate::engine::beating(contacts, beat).map(|c| c.customer.0 as usize + 1).max().unwrap_or(0);
        let mut start = vec![0u32; n_syms + 1];
        for c in crate::engine::beating(contacts, beat).filter(|c| !c.customer.is_none()) {
            start[c.customer.0 as usize + 1] += 1;
        }
        for s in 0..n_syms {
            start[s + 1] += start[s];
        }
        let mut next = start.clone();
        let mut sorted: Vec<Option<&Contact>> = vec![None; start[n_syms] as usize];
        for c in crate::engine::beating(contacts, beat).filter(|c| !c.customer.is_none()) {
            let slot = &mut next[c.customer.0 as usize];
            sorted[*slot as usize] = Some(c);
            *slot += 1;
        }
        beat();
        let mut sorted: Vec<&Contact> = crate::engine::beating(sorted, beat).flatten().collect();
        for s in crate::engine::beating(0..n_syms, beat) {
            let list = &mut sorted[start[s] as usize..start[s + 1] as usize];
            if !list.is_sorted_by_key(|c| c.created) {
                list.sort_by_key(|c| c.created);
            }
        }
        beat();
        let created = crate::engine::map_beating(&sorted, beat, |_, c| c.created);
        ByCustomer { contacts: sorted, created: std::sync::Arc::new(created), start: std::sync::Arc::new(start) }
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

/// First-response and resolution times in the chosen time basis, ms, one per contact (of the
/// dataset, by position, when kept with it; of [`Ctx::contacts`], in that order, in a report);
/// [`NO_DURATION`] where the contact has none. Made once per dataset and time basis: in
/// business time each is a walk over the calendar.
#[derive(Debug)]
pub struct Durations {
    frt: Vec<i64>,
    res: Vec<i64>,
}

/// Marks a missing duration in [`Durations`] (no real difference of two instants is this).
const NO_DURATION: i64 = i64::MIN;

/// The groups of one dimension: each contact's group number (of the dataset, by position, when
/// kept with it; of [`Ctx::contacts`], in that order, in a report) and each group number's
/// label (groups without a selected contact are left out of breakdowns). Built once per
/// dataset and dimension, so a breakdown is a pass of array lookups, not a hash map of vectors
/// per metric.
#[derive(Debug)]
pub struct Groups {
    /// Group number of each contact.
    pub of: Vec<u32>,
    /// Label of each group number.
    pub labels: Vec<String>,
    /// Key of each group number ([`Dim`]'s: a channel's number, or a symbol).
    pub keys: Vec<u32>,
}

/// One row group of a breakdown: its label, how many items it holds (what groups are ordered
/// by) and what was accumulated over them.
#[derive(Clone, Debug, PartialEq)]
pub struct Group<A> {
    /// Group label ("(none)" for blanks).
    pub label: String,
    /// Number of items in the group.
    pub n: u64,
    /// The accumulated value.
    pub acc: A,
}

/// The heartbeat of a context made without one.
static NO_HEARTBEAT: fn() = || {};

impl<'a> Ctx<'a> {
    /// Selects records: demand only, in the period, passing the filters (filters apply to
    /// contacts; sessions have no channel, agent or team and are selected by period only).
    pub fn new(ds: &'a Dataset, params: &'a Params, filters: &'a Filters) -> Ctx<'a> {
        Ctx::new_with_heartbeat(ds, params, filters, &NO_HEARTBEAT)
    }

    /// [`Ctx::new`], calling `beat` now and then inside long passes, then and later (a metric
    /// over a million contacts can take a second in the browser), so that the caller can show
    /// it is still working.
    pub fn new_with_heartbeat(ds: &'a Dataset, params: &'a Params, filters: &'a Filters, beat: &'a dyn Fn()) -> Ctx<'a> {
        let pass = |items| crate::engine::beating(items, beat);
        // Which contacts are demand, and their groups for the filters, are columns kept with
        // the dataset: a filter is a pass over compact arrays, not over the records.
        let unrecorded = ReadParams::new(params);
        let demand = ds.derived.column("demand", &unrecorded, || crate::engine::map_beating(&ds.contacts, beat, |_, c| !c.not_demand));
        let all_contacts: Vec<&Contact> = pass(&ds.contacts).zip(demand.iter()).filter(|(_, d)| **d).map(|(c, _)| c).collect();
        let all_sessions: Vec<&Session> = ds.sessions.iter().filter(|s| !s.not_demand).collect();
        // Without filters or a period a selection is its source as it is (a copy of pointers,
        // no pass over the records); the period's bounds are found once, not per record.
        let filtered: Vec<&Contact> = if filters.is_empty() {
            crate::engine::map_beating(&all_contacts, beat, |_, c| *c)
        } else {
            // Per filtered dimension: its groups over every loaded contact and whether each
            // group number is wanted (its value is in the filter's list).
            let narrowing: Vec<(std::sync::Arc<Groups>, Vec<bool>)> = [
                (Dim::Channel, filters.channels.iter().map(|ch| ch.label().to_string()).collect::<Vec<_>>()),
                (Dim::Team, filters.teams.clone()),
                (Dim::Agent, filters.agents.clone()),
                (Dim::IssueType, filters.issue_types.clone()),
            ]
            .into_iter()
            .filter(|(_, wanted)| !wanted.is_empty())
            .map(|(dim, wanted)| {
                let groups = kept_groups(ds, &unrecorded, dim, beat);
                let is_wanted = groups.keys.iter().map(|k| wanted.iter().any(|w| *w == dim.key_text(*k, &ds.strings))).collect();
                (groups, is_wanted)
            })
            .collect();
            crate::engine::beating(ds.contacts.iter().enumerate(), beat)
                .filter(|(p, _)| demand[*p] && narrowing.iter().all(|(groups, is_wanted)| is_wanted[groups.of[*p] as usize]))
                .map(|(_, c)| c)
                .collect()
        };
        let (start, end) = (params.period_start_instant(), params.period_end_instant());
        let in_period = |t: Millis| start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e);
        let whole = start.is_none() && end.is_none();
        let contacts = if whole { crate::engine::map_beating(&filtered, beat, |_, c| *c) } else { crate::engine::beating(filtered.iter().copied(), beat).filter(|c| in_period(c.created)).collect() };
        let sessions = if whole { all_sessions.clone() } else { all_sessions.iter().copied().filter(|s| in_period(s.started)).collect() };
        let as_of = end.unwrap_or_else(|| ds.time_span().map_or(0, |(_, last)| last));
        Ctx {
            strings: &ds.strings,
            params: ReadParams::new(params),
            filters,
            contacts,
            all_contacts,
            filtered,
            sessions,
            all_sessions,
            surveys: &ds.surveys,
            as_of,
            filtered_contacts: !filters.is_empty(),
            by_customer: OnceCell::new(),
            heartbeat: beat,
            follow_ups: OnceCell::new(),
            dataset: ds,
            by_session_link: OnceCell::new(),
            deflection: OnceCell::new(),
            durations: OnceCell::new(),
            local: OnceCell::new(),
            dims: OnceCell::new(),
            groups: Default::default(),
        }
    }

    /// A value made once per report from the records and parameters and used by several
    /// metrics: made by `make` on first use, and every use records the parameters `make` read,
    /// so that each metric using it depends on them.
    fn derived<'s, T>(&'s self, cell: &'s OnceCell<(T, ParamSet)>, make: impl FnOnce() -> T) -> &'s T {
        let (value, read) = cell.get_or_init(|| self.params.reads_of(make));
        self.params.mark(*read);
        value
    }

    /// See [`Ctx::new_with_heartbeat`].
    pub fn beat(&self) {
        (self.heartbeat)();
    }

    /// `items`, with the heartbeat called every [`crate::engine::BEAT_EVERY`]: for passes over
    /// the contacts themselves (scattered in memory), not over compact columns.
    pub fn pass<'s, I>(&'s self, items: I) -> impl Iterator<Item = I::Item> + 's
    where
        I: IntoIterator,
        I::IntoIter: 's,
    {
        crate::engine::beating(items, self.heartbeat)
    }

    /// Position of a loaded contact in `Dataset::contacts` (every `&Contact` a `Ctx` holds
    /// points into that one vector).
    fn index_of(&self, c: &Contact) -> usize {
        let base = self.dataset.contacts.as_ptr() as usize;
        let i = (c as *const Contact as usize).wrapping_sub(base) / std::mem::size_of::<Contact>().max(1);
        debug_assert!(self.dataset.contacts.get(i).is_some_and(|x| std::ptr::eq(x, c)));
        i
    }

    /// When each loaded contact's first follow-up of each kind was created (see
    /// [`FollowUps`]): independent of R, the period and filters, so made once per dataset.
    fn follow_ups(&self) -> &FollowUps {
        self.follow_ups.get_or_init(|| self.dataset.derived.follow_ups(|| FollowUps::of(self)))
    }

    /// True when `c` (a loaded contact) has a follow-up of the kind `bit` within the repeat
    /// window R: [`FOLLOW_UP_REPEAT`], another contact of the same customer created in
    /// (created, created + R]; [`FOLLOW_UP_FCR`], one created in (resolved, resolved + R] of the
    /// same issue type where both are known.
    pub fn has_follow_up(&self, c: &Contact, bit: u8) -> bool {
        let r = self.params.repeat_window();
        let first = self.follow_ups();
        let i = self.index_of(c);
        let (from, next) = if bit == FOLLOW_UP_REPEAT {
            (Some(c.created), first.repeat.get(i))
        } else {
            (c.resolved.get(), first.fcr.get(i))
        };
        match (from, next) {
            (Some(from), Some(next)) => next.get().is_some_and(|next| next <= from.saturating_add(r)),
            _ => false,
        }
    }

    /// Every loaded demand contact grouped by customer, as positions in `Dataset::contacts`:
    /// made once per dataset (it depends on the data alone) and kept with it.
    fn customer_order(&self) -> std::sync::Arc<crate::engine::dataset::CustomerOrder> {
        self.dataset.derived.customer_order(|| {
            let m = ByCustomer::new(&self.all_contacts, self.heartbeat);
            crate::engine::dataset::CustomerOrder {
                order: crate::engine::map_beating(&m.contacts, self.heartbeat, |_, c| self.index_of(c) as u32),
                channel: crate::engine::map_beating(&m.contacts, self.heartbeat, |_, c| c.channel),
                created: m.created,
                start: m.start,
            }
        })
    }

    fn by_customer(&self) -> &ByCustomer<'a> {
        // Each report turns the kept positions back into references, a pass that reads no
        // contact.
        self.by_customer.get_or_init(|| {
            let kept = self.customer_order();
            self.beat();
            ByCustomer {
                contacts: crate::engine::map_beating(&kept.order, self.heartbeat, |_, &i| &self.dataset.contacts[i as usize]),
                created: std::sync::Arc::clone(&kept.created),
                start: std::sync::Arc::clone(&kept.start),
            }
        })
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
            for c in self.pass(&self.all_contacts) {
                if !c.self_service_session.is_none() {
                    m.entry(c.self_service_session).or_default().push(c);
                }
            }
            m
        });
        m.get(&session_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Values for every loaded contact (a column kept with the dataset) for the selected
    /// contacts: the column itself when every loaded contact is selected (the selection is
    /// `Dataset::contacts` in order then), else `gather` of it.
    fn selected<T>(&self, column: std::sync::Arc<T>, gather: impl FnOnce(&T) -> T) -> std::sync::Arc<T> {
        self.selected_among(&self.contacts, column, gather)
    }

    /// [`Ctx::selected`] for `list` (a subsequence of `Dataset::contacts`).
    fn selected_among<T>(&self, list: &[&Contact], column: std::sync::Arc<T>, gather: impl FnOnce(&T) -> T) -> std::sync::Arc<T> {
        if list.len() == self.dataset.contacts.len() {
            column
        } else {
            self.beat();
            std::sync::Arc::new(gather(&column))
        }
    }

    /// `judge` (of a loaded contact and its position in `Dataset::contacts`) of each selected
    /// contact, in selection order. Without a period, the judgements of every loaded contact
    /// are a column kept with the dataset under `name` (remade when a parameter `judge` read
    /// changes), which a report on other filters only gathers from. With a period only the
    /// selected contacts are judged: judgements may depend on the as-of time (the period's
    /// end), and a period's and its previous period's reports would remake the column in turn.
    pub fn judged<T: Copy + Send + Sync + 'static>(&self, name: &'static str, judge: impl Fn(usize, &Contact) -> T) -> std::sync::Arc<Vec<T>> {
        self.judged_among(&self.contacts, name, judge)
    }

    /// [`Ctx::judged`] for `list`: [`Ctx::contacts`] or [`Ctx::filtered`] (the same without a
    /// period).
    pub fn judged_among<T: Copy + Send + Sync + 'static>(&self, list: &[&Contact], name: &'static str, judge: impl Fn(usize, &Contact) -> T) -> std::sync::Arc<Vec<T>> {
        self.beat();
        if self.params.period_start().is_some() || self.params.period_end().is_some() {
            return std::sync::Arc::new(crate::engine::map_beating(list, self.heartbeat, |_, c| judge(self.index_of(c), c)));
        }
        // `judge` may hold values the caller read before (a window): the column depends on
        // everything the metric has read so far.
        let before = self.params.so_far();
        let all = self.dataset.derived.column(name, &self.params, || {
            self.params.mark(before);
            crate::engine::map_beating(&self.dataset.contacts, self.heartbeat, |i, c| judge(i, c))
        });
        self.selected_among(list, all, |all| self.gather_among(list, all))
    }

    /// The selected contacts' values of a column over every loaded contact, in selection order.
    fn gather<T: Copy>(&self, column: &[T]) -> Vec<T> {
        self.gather_among(&self.contacts, column)
    }

    /// [`Ctx::gather`] for `list`.
    fn gather_among<T: Copy>(&self, list: &[&Contact], column: &[T]) -> Vec<T> {
        crate::engine::map_beating(list, self.heartbeat, |_, c| column[self.index_of(c)])
    }

    /// The groups of `dim` over every loaded contact, kept with the dataset.
    fn groups_of_every_contact(&self, dim: Dim) -> std::sync::Arc<Groups> {
        kept_groups(self.dataset, &self.params, dim, self.heartbeat)
    }

    /// [`Durations`] of every loaded contact (by position), kept with the dataset.
    pub fn durations_of_every_contact(&self) -> std::sync::Arc<Durations> {
        self.dataset.derived.column("durations", &self.params, || {
            self.beat();
            let d = |c: &Contact, t: Option<Millis>| t.map_or(NO_DURATION, |t| self.params.duration(c.created, t));
            let contacts = &self.dataset.contacts;
            Durations { frt: crate::engine::map_beating(contacts, self.heartbeat, |_, c| d(c, c.first_response.get())), res: crate::engine::map_beating(contacts, self.heartbeat, |_, c| d(c, c.resolved.get())) }
        })
    }

    fn durations(&self) -> &Durations {
        let durations: &std::sync::Arc<Durations> = self.derived(&self.durations, || {
            self.selected(self.durations_of_every_contact(), |all| Durations { frt: self.gather(&all.frt), res: self.gather(&all.res) })
        });
        durations
    }

    /// Local date, weekday and hour of `created` of each of [`Ctx::contacts`] (same order) in
    /// the report zone. Computed once.
    pub fn local(&self) -> &[Local] {
        let local: &std::sync::Arc<Vec<Local>> = self.derived(&self.local, || {
            let all = self.dataset.derived.column("local", &self.params, || {
                self.beat();
                let zone = self.params.zone();
                crate::engine::map_beating(&self.dataset.contacts, self.heartbeat, |_, c| zone.local(c.created))
            });
            self.selected(all, |all| self.gather(all))
        });
        local
    }

    /// The groups of `dim` among [`Ctx::contacts`]. Computed once per dimension.
    pub fn groups(&self, dim: Dim) -> &Groups {
        self.groups[dim.index()].get_or_init(|| {
            self.selected(self.groups_of_every_contact(dim), |all| Groups { of: self.gather(&all.of), labels: all.labels.clone(), keys: all.keys.clone() })
        })
    }


    /// Accumulates `items` (indices into [`Ctx::contacts`]) per group of `dim`: `.0` counts
    /// them, `add` folds each into `.1`. Indexed by group number; see [`Ctx::ordered`].
    pub fn fold_groups<A: Clone + Default>(&self, dim: Dim, items: impl IntoIterator<Item = usize>, mut add: impl FnMut(&mut A, usize)) -> Vec<(u64, A)> {
        let groups = self.groups(dim);
        let mut acc: Vec<(u64, A)> = vec![(0, A::default()); groups.labels.len()];
        // `for_each`, not `for`: a beating pass's `fold` runs in blocks without a check per item.
        self.pass(items).for_each(|i| {
            if let Some(e) = groups.of.get(i).and_then(|g| acc.get_mut(*g as usize)) {
                e.0 += 1;
                add(&mut e.1, i);
            }
        });
        acc
    }

    /// Per-group values by group number (from [`Ctx::fold_groups`]) as breakdown groups: empty
    /// groups dropped, sorted by size (desc), then label; blanks are "(none)".
    pub fn ordered<A>(&self, dim: Dim, per_group: Vec<(u64, A)>) -> Vec<Group<A>> {
        order_groups(&self.groups(dim).labels, per_group)
    }

    /// Breakdown groups of any loaded contacts (not only the selected ones) by `dim`: `items`
    /// each with its contact, counted per group and folded by `add` (group numbers from the
    /// groups of every loaded contact kept with the dataset); ordered as [`Ctx::ordered`].
    pub fn breakdown_loaded<T: Copy, A: Clone + Default>(&self, dim: Dim, items: impl IntoIterator<Item = (&'a Contact, T)>, mut add: impl FnMut(&mut A, T)) -> Vec<Group<A>> {
        let all = self.groups_of_every_contact(dim);
        let mut acc: Vec<(u64, A)> = vec![(0, A::default()); all.labels.len()];
        self.pass(items).for_each(|(c, item)| {
            if let Some(e) = all.of.get(self.index_of(c)).and_then(|g| acc.get_mut(*g as usize)) {
                e.0 += 1;
                add(&mut e.1, item);
            }
        });
        order_groups(&all.labels, acc)
    }

    /// [`Ctx::fold_groups`] then [`Ctx::ordered`].
    pub fn breakdown<A: Clone + Default>(&self, dim: Dim, items: impl IntoIterator<Item = usize>, add: impl FnMut(&mut A, usize)) -> Vec<Group<A>> {
        self.ordered(dim, self.fold_groups(dim, items, add))
    }

    /// Summaries (median, mean, p90) per group number of `dim` of `values` (one per selected
    /// contact, [`NO_DURATION`] for none), with the group's size counting every selected
    /// contact (with a value or not). The values are laid out by group in one buffer (a
    /// counting sort), not a vector each; medians and p90s are found by selection. `whole` is
    /// the summary of all the values: a group holding every selected contact (the channel's,
    /// under a filter on one channel) has it.
    fn summaries_by(&self, dim: Dim, values: &[i64], whole: Option<Summary>) -> Vec<(u64, Option<Summary>)> {
        self.beat();
        let groups = self.groups(dim);
        let n_groups = groups.labels.len();
        let mut size = vec![0u64; n_groups];
        let mut start = vec![0usize; n_groups + 1];
        for_pairs_beating(&groups.of, values, self.heartbeat, |g, v| {
            let g = *g as usize;
            size[g] += 1;
            start[g + 1] += usize::from(*v != NO_DURATION);
        });
        if let Some(all) = size.iter().position(|n| *n as usize == values.len()) {
            return size.iter().enumerate().map(|(g, n)| (*n, if g == all { whole } else { None })).collect();
        }
        for g in 0..n_groups {
            start[g + 1] += start[g];
        }
        // Group g's values go to buf[start[g] + g ..], followed by one spare slot: every value
        // is written to its group's next slot, and the slot is taken only by a real value (a
        // missing one is overwritten, or lands in the spare), so the pass has no branch on
        // values that come in no predictable order.
        let mut next: Vec<usize> = (0..n_groups).map(|g| start[g] + g).collect();
        let mut buf = vec![0i64; start[n_groups] + n_groups];
        for_pairs_beating(&groups.of, values, self.heartbeat, |g, v| {
            if let Some(slot) = next.get_mut(*g as usize) {
                if let Some(place) = buf.get_mut(*slot) {
                    *place = *v;
                }
                *slot += usize::from(*v != NO_DURATION);
            }
        });
        self.pass(0..n_groups).map(|g| (size[g], summarise_ms(&mut buf[start[g] + g..start[g + 1] + g]))).collect()
    }

    /// For each of [`Ctx::sessions`] (same order): `Some(true)` deflected, `Some(false)` not,
    /// `None` not judged yet (its window reaches past the as-of time). Computed once.
    pub fn deflection(&self) -> &[Option<bool>] {
        let judged: &Vec<Option<bool>> = self.derived(&self.deflection, || crate::engine::map_beating(&self.sessions, self.heartbeat, |_, s| selfservice::is_deflected(self, s)));
        judged
    }

    /// Dimensions with data among the selected contacts (priority only where exported).
    pub fn dims(&self) -> Vec<Dim> {
        self.dims
            .get_or_init(|| {
                let mut out = vec![Dim::Channel];
                for d in [Dim::Agent, Dim::Team, Dim::IssueType, Dim::Priority] {
                    if self.pass(&self.contacts).any(|c| d.key(c) != 0) {
                        out.push(d);
                    }
                }
                out
            })
            .clone()
    }

    /// Text of a symbol.
    pub fn text(&self, s: Sym) -> &'a str {
        self.strings.get(s)
    }

    /// `"before"` or `"after"` the self-service launch date for an instant, by its local date
    /// in the report zone (the launch day counts as after); `None` without a launch date.
    pub fn launch_side(&self, t: Millis) -> Option<&'static str> {
        let launch = self.params.launch_date()?;
        Some(if self.params.zone().local(t).date >= launch { "after" } else { "before" })
    }
}

/// `f` of each pair of two compact columns (up to the shorter's end), calling `beat` between
/// blocks of [`crate::engine::BEAT_EVERY`], each block a plain loop.
fn for_pairs_beating<A, B>(a: &[A], b: &[B], beat: &dyn Fn(), mut f: impl FnMut(&A, &B)) {
    for (a, b) in a.chunks(crate::engine::BEAT_EVERY).zip(b.chunks(crate::engine::BEAT_EVERY)) {
        beat();
        for (a, b) in a.iter().zip(b) {
            f(a, b);
        }
    }
}

/// The groups of `dim` over every loaded contact (see [`Groups`]), kept with the dataset (they
/// read no parameter); `beat` while making them.
fn kept_groups(ds: &Dataset, params: &ReadParams, dim: Dim, beat: &dyn Fn()) -> std::sync::Arc<Groups> {
    ds.derived.column(dim.column_name(), params, || groups_of(ds, dim, beat))
}

/// The groups of `dim` over every loaded contact (see [`Groups`]).
fn groups_of(ds: &Dataset, dim: Dim, beat: &dyn Fn()) -> Groups {
    let contacts = &ds.contacts;
    if dim == Dim::Channel {
        let keys: Vec<u32> = (0..Channel::ALL.len() as u32).collect();
        return Groups { of: crate::engine::map_beating(contacts, beat, |_, c| c.channel as u32), labels: keys.iter().map(|k| dim.group_label(*k, &ds.strings)).collect(), keys };
    }
    // Symbol → group number by a direct table over the string table (no hashing).
    let mut number: Vec<u32> = vec![u32::MAX; ds.strings.len()];
    let (mut labels, mut keys) = (Vec::new(), Vec::new());
    let of = crate::engine::map_beating(contacts, beat, |_, c| {
        let k = dim.key(c);
        let slot = k as usize;
        if slot >= number.len() {
            number.resize(slot + 1, u32::MAX);
        }
        let mut g = number[slot];
        if g == u32::MAX {
            g = labels.len() as u32;
            number[slot] = g;
            labels.push(dim.group_label(k, &ds.strings));
            keys.push(k);
        }
        g
    });
    Groups { of, labels, keys }
}

/// Per-group values by group number as breakdown groups: empty groups dropped, sorted by size
/// (desc), then label.
fn order_groups<A>(labels: &[String], per_group: Vec<(u64, A)>) -> Vec<Group<A>> {
    let mut out: Vec<Group<A>> =
        per_group.into_iter().zip(labels).filter(|((n, _), _)| *n > 0).map(|((n, acc), label)| Group { label: label.clone(), n, acc }).collect();
    out.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.label.cmp(&b.label)));
    out
}

/// Every metric row the records allow, family by family in catalogue order.
pub fn compute(ctx: &Ctx) -> Vec<MetricRow> {
    compute_reporting(ctx, &mut |_, _| {})
}

/// The families in the order [`compute`] computes them.
pub const FAMILIES: [&str; 8] = ["selfservice", "resolution", "speed", "abandonment", "volume", "handling", "satisfaction", "cost"];

/// One metric: every row it has for the context.
pub type Metric = fn(&Ctx) -> Vec<MetricRow>;

/// [`compute`], calling `starting(i, family)` before each metric with the index in
/// [`FAMILIES`] and the name of its family (for progress on large inputs: a family of a million
/// contacts takes seconds in the browser, one metric a fraction of that). A family's first
/// call is its start; the calls after it, until the next family's, repeat it.
pub fn compute_reporting(ctx: &Ctx, starting: &mut dyn FnMut(usize, &'static str)) -> Vec<MetricRow> {
    let families: [&[Metric]; 8] = [
        selfservice::METRICS,
        resolution::METRICS,
        speed::METRICS,
        abandonment::METRICS,
        volume::METRICS,
        handling::METRICS,
        satisfaction::METRICS,
        cost::METRICS,
    ];
    let total = families.iter().map(|f| f.len()).sum();
    // A kept report's rows on the same data for the same records (filters, period, zone),
    // reused metric by metric where no parameter the metric read has changed.
    let mut kept = ctx.dataset.derived.take_metric_rows(|k| {
        k.filters == *ctx.filters && k.per_metric.len() == total && ctx.params.unchanged_since(&k.params, ParamSet::SELECTION)
    });
    let mut per_metric = Vec::with_capacity(total);
    let mut recomputed = 0;
    let mut rows = Vec::new();
    for (i, (family, metrics)) in FAMILIES.iter().zip(families).enumerate() {
        for metric in metrics {
            starting(i, family);
            let n = per_metric.len();
            let reused = kept.as_mut().and_then(|k| {
                let (read, rows) = k.per_metric.get_mut(n)?;
                ctx.params.unchanged_since(&k.params, *read).then(|| (*read, std::mem::take(rows)))
            });
            let (read, these) = reused.unwrap_or_else(|| {
                recomputed += 1;
                ctx.params.take();
                let these = metric(ctx);
                // Every metric depends on the records selected (period, zone), read or not.
                (ctx.params.take().union(ParamSet::SELECTION), these)
            });
            rows.extend(these.iter().cloned());
            per_metric.push((read, these));
        }
    }
    ctx.dataset.derived.keep_metric_rows(KeptRows { filters: ctx.filters.clone(), params: ctx.params.snapshot(), per_metric, recomputed });
    rows
}

/// Every metric's rows from the last report on a dataset, with the parameters each read (see
/// [`compute_reporting`]).
#[derive(Debug)]
pub struct KeptRows {
    filters: Filters,
    params: Params,
    per_metric: Vec<(ParamSet, Vec<MetricRow>)>,
    /// How many metrics the report computed (the others were reused).
    pub recomputed: usize,
}

impl KeptRows {
    /// Each metric's id (its first row's) and what it read, in computing order (for tests and
    /// profiling).
    pub fn reads(&self) -> Vec<(String, ParamSet)> {
        self.per_metric.iter().map(|(read, rows)| (rows.first().map(|r| r.id.clone()).unwrap_or_default(), *read)).collect()
    }
}

/// How a contact enters a rate (see [`rate_rows`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum InRate {
    /// Not in the rate.
    Out = 0,
    /// In the denominator only.
    Miss = 1,
    /// In the numerator and the denominator.
    Hit = 2,
    /// Left out because its customer is unknown (counted for the note).
    UnknownCustomer = 3,
    /// Left out because its window reaches past the as-of time (counted for the note).
    Censored = 4,
}

impl From<Option<bool>> for InRate {
    /// `Some(true)` a hit, `Some(false)` a miss, `None` out.
    fn from(x: Option<bool>) -> InRate {
        match x {
            Some(true) => InRate::Hit,
            Some(false) => InRate::Miss,
            None => InRate::Out,
        }
    }
}

/// How many [`InRate`] values there are (numbered 0 to 4).
const IN_RATE_KINDS: usize = InRate::Censored as usize + 1;

/// (in the denominator, in the numerator) of each [`InRate`], by its number.
const IN_RATE_PARTS: [(u64, u64); IN_RATE_KINDS] = {
    let mut parts = [(0, 0); IN_RATE_KINDS];
    parts[InRate::Miss as usize] = (1, 0);
    parts[InRate::Hit as usize] = (1, 1);
    parts
};

/// The contacts a rate left out for a reason its note gives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// [`InRate::UnknownCustomer`] among the selected contacts.
    pub unknown_customer: u64,
    /// [`InRate::Censored`] among the selected contacts.
    pub censored: u64,
}

/// A rate over contacts with its breakdown rows, and what it left out. `judge` says how each
/// contact enters it; breakdowns group only the contacts in the denominator, so every
/// dimension's groups add up to the headline's numerator and denominator.
///
/// The judgements are a column kept with the dataset under `id` (see [`Ctx::judged`]): `judge`
/// sees every loaded contact once per dataset and parameters, not the selected ones per report.
pub fn rate_rows(ctx: &Ctx, id: &'static str, needs: &str, dims: &[Dim], judge: impl Fn(&Contact) -> InRate) -> (Vec<MetricRow>, LeftOut) {
    let verdicts = ctx.judged(id, |_, c| judge(c));
    let mut left_out = LeftOut::default();
    // Counted by table lookups, not branches: the judgements come in no predictable order.
    let mut tally = [0u64; IN_RATE_KINDS];
    for v in verdicts.iter() {
        tally[*v as usize] += 1;
    }
    let (hits, misses) = (tally[InRate::Hit as usize], tally[InRate::Miss as usize]);
    let (num, den) = (hits, hits + misses);
    left_out.unknown_customer = tally[InRate::UnknownCustomer as usize];
    left_out.censored = tally[InRate::Censored as usize];
    let mut out = vec![MetricRow::rate(id, num, den, needs)];
    if den == 0 {
        return (out, left_out);
    }
    for dim in dims {
        ctx.beat();
        // (denominator, numerator) per group number, in one pass over two compact arrays
        // (without branches, as above).
        let mut per_group: Vec<(u64, u64)> = vec![(0, 0); ctx.groups(*dim).labels.len()];
        for (g, v) in ctx.groups(*dim).of.iter().zip(verdicts.iter()) {
            let (in_den, in_num) = IN_RATE_PARTS[*v as usize];
            if let Some(e) = per_group.get_mut(*g as usize) {
                e.0 += in_den;
                e.1 += in_num;
            }
        }
        for g in ctx.ordered(*dim, per_group) {
            out.push(MetricRow::rate(id, g.acc, g.n, needs).by(dim.label(), g.label));
        }
    }
    (out, left_out)
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
