//! The dataset: every ingested part merged into one set of records with one string table.
//!
//! Merging de-duplicates: the same record id from the same source family (a file dropped twice,
//! two overlapping exports) is kept once, the newest version winning (latest `updated`, then
//! the later file). Superseded rows stay "used" in their file's accounting and are counted as
//! `duplicates`, with a diagnostic naming the version kept.
//!
//! Lookup files (users, groups, organisations) are applied here: an agent, team or customer
//! that is an id of the same source system as a lookup entry takes the entry's name (the
//! customer its normalised e-mail, so it matches other sources, METRICS.md §4a).

use crate::engine::intern::{fast_map, FastMap};

use super::error::{Diagnostic, Position, Problem, Severity};
use super::ingest::{FileSummary, IngestedPart};
use super::intern::{Interner, Remap, Sym};
use super::record::{Contact, Lookup, LookupTable, Session, Survey};
use super::params::Params;
use serde::{Deserialize, Serialize};

/// All loaded records.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// Strings of every record.
    pub strings: Interner,
    /// Contacts after de-duplication (not-demand ones included, flagged).
    pub contacts: Vec<Contact>,
    /// Sessions after de-duplication.
    pub sessions: Vec<Session>,
    /// CSAT responses.
    pub surveys: Vec<Survey>,
    /// Lookup entries of every lookup file.
    pub lookups: Vec<Lookup>,
    /// One summary per file part, in load order (`Contact::file` indexes this).
    pub files: Vec<FileSummary>,
    /// Diagnostics per file part.
    pub diagnostics: Vec<Vec<Diagnostic>>,
    /// What metrics derive from the whole dataset whatever the period and filters, kept
    /// between reports on the same data (see [`Derived`]).
    pub derived: Derived,
}

/// How many reports' rows [`Derived`] keeps.
pub const KEPT_REPORTS: usize = 4;

/// Per-contact facts that depend only on the loaded data and one parameter, computed by the
/// first report that needs them and reused by the next (a filter or period change recomputes
/// in a fraction of the time), and the last reports' rows of each metric with the parameters
/// it read (a setting change recomputes only the metrics that read it). A clone starts empty:
/// it may be changed before its next report.
#[derive(Debug, Default)]
pub struct Derived {
    follow_ups: std::sync::Mutex<Option<std::sync::Arc<crate::engine::metrics::FollowUps>>>,
    customer_order: std::sync::Mutex<Option<std::sync::Arc<CustomerOrder>>>,
    metric_rows: std::sync::Mutex<Vec<crate::engine::metrics::KeptRows>>,
    time_span: std::sync::OnceLock<Option<(i64, i64)>>,
    filter_options: std::sync::Mutex<Option<(crate::engine::time::Zone, FilterOptions)>>,
    columns: std::sync::Mutex<FastMap<&'static str, KeptColumn>>,
    columns_made: std::sync::atomic::AtomicUsize,
}

/// Values for every loaded contact (by position in [`Dataset::contacts`]) made from the records
/// and some parameters, kept with the parameters as they were and the set read: reused while
/// none of those has changed. A report on other filters then gathers the selected contacts'
/// values from these compact columns instead of reading the records again.
struct KeptColumn {
    params: Params,
    read: crate::engine::params::ParamSet,
    values: std::sync::Arc<dyn std::any::Any + Send + Sync>,
}

impl std::fmt::Debug for KeptColumn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptColumn").field("read", &self.read).finish_non_exhaustive()
    }
}

/// The demand contacts grouped by customer (see `metrics::ByCustomer`), as positions in
/// [`Dataset::contacts`]: they depend on the data alone.
#[derive(Debug)]
pub struct CustomerOrder {
    /// Positions of the contacts, customer by customer, each customer's by `created`.
    pub order: Vec<u32>,
    /// `channel` of each, in that order (the channel switch reads these two arrays in order
    /// instead of the contacts in customer order, which are scattered in memory).
    pub channel: Vec<crate::engine::record::Channel>,
    /// `created` of each, in that order.
    pub created: std::sync::Arc<Vec<i64>>,
    /// Customer symbol `s` holds `order[start[s] .. start[s + 1]]`.
    pub start: std::sync::Arc<Vec<u32>>,
}

/// A kept value's lock; a panic while it was held (the worker is replaced then) leaves it
/// usable.
fn held<T>(kept: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Clone for Derived {
    fn clone(&self) -> Self {
        Derived::default()
    }
}

impl Derived {
    /// When each contact's first follow-ups were created (see `metrics::FollowUps`), made by
    /// `make` unless kept from an earlier report: they serve every repeat window.
    pub fn follow_ups(&self, make: impl FnOnce() -> crate::engine::metrics::FollowUps) -> std::sync::Arc<crate::engine::metrics::FollowUps> {
        let mut kept = held(&self.follow_ups);
        kept.get_or_insert_with(|| std::sync::Arc::new(make())).clone()
    }

    /// Takes out the most recent of the kept reports' rows (see `metrics::compute_reporting`)
    /// that `fits`.
    pub fn take_metric_rows(&self, fits: impl Fn(&crate::engine::metrics::KeptRows) -> bool) -> Option<crate::engine::metrics::KeptRows> {
        let mut kept = held(&self.metric_rows);
        let i = kept.iter().position(fits)?;
        Some(kept.remove(i))
    }

    /// Keeps a report's rows per metric for later reports: the last [`KEPT_REPORTS`] (a
    /// period's report and its previous period's are two; a filter turned on and off again
    /// finds the unfiltered rows).
    pub fn keep_metric_rows(&self, rows: crate::engine::metrics::KeptRows) {
        let mut kept = held(&self.metric_rows);
        kept.insert(0, rows);
        kept.truncate(KEPT_REPORTS);
    }

    /// Forgets every kept report's rows (the next report computes every metric).
    pub fn forget_metric_rows(&self) {
        held(&self.metric_rows).clear();
    }

    /// How many metrics the most recent report computed, of how many (the others it reused).
    pub fn metrics_recomputed(&self) -> Option<(usize, usize)> {
        held(&self.metric_rows).first().map(|k| (k.recomputed, k.reads().len()))
    }

    /// Each metric of the most recent report and what it read (empty before the first).
    pub fn metric_reads(&self) -> Vec<(String, crate::engine::params::ParamSet)> {
        held(&self.metric_rows).first().map(|k| k.reads()).unwrap_or_default()
    }

    /// The filterable values (see [`FilterOptions::of`]) for `zone`, found by `find` unless kept
    /// for the same zone.
    pub fn filter_options(&self, zone: &crate::engine::time::Zone, find: impl FnOnce() -> FilterOptions) -> FilterOptions {
        let mut kept = held(&self.filter_options);
        match kept.as_ref() {
            Some((z, options)) if z == zone => options.clone(),
            _ => {
                let options = find();
                *kept = Some((zone.clone(), options.clone()));
                options
            }
        }
    }

    /// The column `name` (values for every loaded contact, see [`KeptColumn`]) if kept and
    /// nothing it read differs in `params` (its reads are recorded again: the caller depends on
    /// them), else `make`'s, kept in its place. One name, one type of values.
    pub fn column<T: Send + Sync + 'static>(&self, name: &'static str, params: &crate::engine::reads::ReadParams, make: impl FnOnce() -> T) -> std::sync::Arc<T> {
        if let Some(values) = self.kept_column(name, params).and_then(|v| v.downcast::<T>().ok()) {
            return values;
        }
        // Made without the lock held (making a column may ask for another), then kept; the
        // generic part is only this (the rest is shared by every type of column).
        let (values, read) = params.reads_of(make);
        let values = std::sync::Arc::new(values);
        self.keep_column(name, params, read, values.clone());
        values
    }

    /// The column `name` if kept and nothing it read differs in `params` (its reads are then
    /// recorded again).
    fn kept_column(&self, name: &'static str, params: &crate::engine::reads::ReadParams) -> Option<std::sync::Arc<dyn std::any::Any + Send + Sync>> {
        let kept = held(&self.columns);
        let k = kept.get(name).filter(|k| params.unchanged_since(&k.params, k.read))?;
        params.mark(k.read);
        Some(std::sync::Arc::clone(&k.values))
    }

    /// Keeps a column just made, which read `read` (recorded for the caller too).
    fn keep_column(&self, name: &'static str, params: &crate::engine::reads::ReadParams, read: crate::engine::params::ParamSet, values: std::sync::Arc<dyn std::any::Any + Send + Sync>) {
        params.mark(read);
        self.columns_made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        held(&self.columns).insert(name, KeptColumn { params: params.snapshot(), read, values });
    }

    /// How many columns (see [`Derived::column`]) have been made for this dataset (for tests
    /// and profiling: a report on other filters makes none).
    pub fn columns_made(&self) -> usize {
        self.columns_made.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The contacts by customer, made by `make` unless kept from an earlier report.
    pub fn customer_order(&self, make: impl FnOnce() -> CustomerOrder) -> std::sync::Arc<CustomerOrder> {
        let mut kept = held(&self.customer_order);
        kept.get_or_insert_with(|| std::sync::Arc::new(make())).clone()
    }
}

/// Distinct values of the filterable fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterOptions {
    /// Channels present.
    pub channels: Vec<String>,
    /// Teams present.
    pub teams: Vec<String>,
    /// Agents present.
    pub agents: Vec<String>,
    /// Issue types present.
    pub issue_types: Vec<String>,
    /// First and last day with data (report zone), `YYYY-MM-DD`.
    pub first_day: Option<String>,
    /// Last day with data.
    pub last_day: Option<String>,
}

impl FilterOptions {
    /// The distinct values of a dataset, days in the report zone: found once per dataset and
    /// zone (they go with every report to the page), see [`Dataset::filter_options`].
    pub fn of(ds: &Dataset, params: &Params) -> FilterOptions {
        FilterOptions::of_beating(ds, params, &|| {})
    }

    /// [`FilterOptions::of`], calling `beat` every [`crate::engine::BEAT_EVERY`] contacts.
    pub fn of_beating(ds: &Dataset, params: &Params, beat: &dyn Fn()) -> FilterOptions {
        ds.derived.filter_options(&params.zone, || FilterOptions::collect(ds, &params.zone, beat))
    }

    /// One pass marking symbols in a table over the string table (no string is copied or
    /// compared per contact), then the few distinct values as sorted text.
    fn collect(ds: &Dataset, zone: &crate::engine::time::Zone, beat: &dyn Fn()) -> FilterOptions {
        const TEAM: u8 = 1;
        const AGENT: u8 = 2;
        const ISSUE: u8 = 4;
        let mut seen = vec![0u8; ds.strings.len() + 1];
        let mut channels = [false; crate::engine::record::Channel::ALL.len()];
        for c in crate::engine::beating(&ds.contacts, beat).filter(|c| !c.not_demand) {
            channels[c.channel as usize] = true;
            for (flag, s) in [(TEAM, c.team), (AGENT, c.agent), (ISSUE, c.issue_type)] {
                let slot = s.0 as usize;
                if !s.is_none() {
                    if slot >= seen.len() {
                        seen.resize(slot + 1, 0);
                    }
                    seen[slot] |= flag;
                }
            }
        }
        let values = |flag: u8| {
            let mut v: Vec<String> =
                seen.iter().enumerate().filter(|(_, f)| **f & flag != 0).map(|(i, _)| ds.strings.get(crate::engine::intern::Sym(i as u32)).to_string()).collect();
            v.sort_unstable();
            v
        };
        let mut channels: Vec<String> =
            crate::engine::record::Channel::ALL.iter().filter(|ch| channels[**ch as usize]).map(|ch| ch.label().to_string()).collect();
        channels.sort_unstable();
        let day = |t: i64| crate::engine::time::date_label(zone.local(t).date);
        let span = ds.time_span();
        FilterOptions {
            channels,
            teams: values(TEAM),
            agents: values(AGENT),
            issue_types: values(ISSUE),
            first_day: span.map(|(first, _)| day(first)),
            last_day: span.map(|(_, last)| day(last)),
        }
    }
}

impl Dataset {
    /// The first and last instant in the data (contacts created, sessions started), found once
    /// per dataset: the as-of time without a period end, and the filters' first and last days.
    pub fn time_span(&self) -> Option<(i64, i64)> {
        *self.derived.time_span.get_or_init(|| {
            let times = self.contacts.iter().map(|c| c.created).chain(self.sessions.iter().map(|s| s.started));
            times.fold(None, |span, t| Some(span.map_or((t, t), |(lo, hi): (i64, i64)| (lo.min(t), hi.max(t)))))
        })
    }

    /// Merges parts in order.
    pub fn from_parts(parts: Vec<IngestedPart>) -> Dataset {
        Dataset::from_parts_with_heartbeat(parts, &|| {})
    }

    /// [`Dataset::from_parts`], calling `beat` between its passes (each at most one pass over
    /// the records), so that a caller can show it is alive on a million contacts.
    pub fn from_parts_with_heartbeat(parts: Vec<IngestedPart>, beat: &dyn Fn()) -> Dataset {
        let mut ds = Dataset::default();
        for p in parts {
            ds.add_with_heartbeat(p, beat);
        }
        ds.finish_with_heartbeat(beat);
        ds
    }

    /// Adds one part (call [`Dataset::finish`] after the last).
    pub fn add(&mut self, part: IngestedPart) {
        self.add_with_heartbeat(part, &|| {});
    }

    /// [`Dataset::add`], calling `beat` every [`crate::engine::BEAT_EVERY`] records.
    pub fn add_with_heartbeat(&mut self, part: IngestedPart, beat: &dyn Fn()) {
        use crate::engine::beating;
        let file = self.files.len() as u16;
        if self.strings.is_empty() && self.contacts.is_empty() && self.sessions.is_empty() && self.surveys.is_empty() && self.lookups.is_empty() {
            // The first part with records: its strings and records are taken as they are (the
            // remapping into an empty table would give every symbol its own number again).
            let mut part = part;
            self.strings = std::mem::take(&mut part.strings);
            self.contacts = std::mem::take(&mut part.contacts);
            beating(&mut self.contacts, beat).for_each(|c| c.file = file);
            self.sessions = std::mem::take(&mut part.sessions);
            self.sessions.iter_mut().for_each(|s| s.file = file);
            self.surveys = std::mem::take(&mut part.surveys);
            self.surveys.iter_mut().for_each(|s| s.file = file);
            self.lookups = std::mem::take(&mut part.lookups);
            self.lookups.iter_mut().for_each(|l| l.file = file);
            self.files.push(part.summary);
            self.diagnostics.push(part.diagnostics);
            return;
        }
        let remap = Remap::new(&part.strings, &mut self.strings);
        for mut c in beating(part.contacts, beat) {
            c.file = file;
            c.source = remap.map(c.source);
            c.id = remap.map(c.id);
            c.customer = remap.map(c.customer);
            c.channel_raw = remap.map(c.channel_raw);
            c.status = remap.map(c.status);
            c.priority = remap.map(c.priority);
            c.agent = remap.map(c.agent);
            c.team = remap.map(c.team);
            c.issue_type = remap.map(c.issue_type);
            c.self_service_session = remap.map(c.self_service_session);
            if let Some(cs) = c.csat.as_mut() {
                cs.raw = remap.map(cs.raw);
            }
            self.contacts.push(c);
        }
        for mut s in part.sessions {
            s.file = file;
            s.source = remap.map(s.source);
            s.id = remap.map(s.id);
            s.customer = remap.map(s.customer);
            s.query = remap.map(s.query);
            s.contact_id = remap.map(s.contact_id);
            self.sessions.push(s);
        }
        for mut s in part.surveys {
            s.file = file;
            s.contact_id = remap.map(s.contact_id);
            s.csat.raw = remap.map(s.csat.raw);
            self.surveys.push(s);
        }
        for mut l in part.lookups {
            l.file = file;
            l.source = remap.map(l.source);
            l.key = remap.map(l.key);
            l.name = remap.map(l.name);
            l.email = remap.map(l.email);
            self.lookups.push(l);
        }
        self.files.push(part.summary);
        self.diagnostics.push(part.diagnostics);
    }

    /// De-duplicates and sorts records by time (ties by file and line, so order is stable).
    pub fn finish(&mut self) {
        self.finish_with_heartbeat(&|| {});
    }

    /// [`Dataset::finish`] with `beat` called between its passes.
    pub fn finish_with_heartbeat(&mut self, beat: &dyn Fn()) {
        self.derived = Derived::default();
        self.apply_lookups();
        beat();
        let contact_dups = dedupe(&mut self.contacts, |c| (c.source, c.id), |c| (c.updated, c.file, c.line), |c| (c.file, c.line, c.id), beat);
        beat();
        let session_dups = dedupe(&mut self.sessions, |s| (s.source, s.id), |s| (s.ended, s.file, s.line), |s| (s.file, s.line, s.id), beat);
        beat();
        for (loser, winner) in contact_dups.into_iter().chain(session_dups) {
            let (lf, ll, id) = loser;
            let (wf, wl, _) = winner;
            let kept_file = self.files.get(wf as usize).map(|f| f.file.clone()).unwrap_or_default();
            if let Some(f) = self.files.get_mut(lf as usize) {
                f.duplicates += 1;
            }
            if let Some(d) = self.diagnostics.get_mut(lf as usize) {
                d.push(Diagnostic {
                    severity: Severity::Warning,
                    position: Position { line: ll as u64, ..Default::default() },
                    problem: Problem::Duplicate { id: self.strings.get(id).to_string(), kept_file, kept_line: wl as u64 },
                });
            }
        }
        sort_records(&mut self.contacts, |c| (c.created, c.file, c.line), beat);
        beat();
        sort_records(&mut self.sessions, |s| (s.started, s.file, s.line), beat);
    }

    /// Replaces ids by what lookup entries of the same source name them: agents and teams by
    /// their names, customers by their e-mail (a name is not a customer key: without an
    /// e-mail the id stays). Counts per lookup file how many values it named.
    fn apply_lookups(&mut self) {
        if self.lookups.is_empty() {
            return;
        }
        let mut entries: FastMap<(Sym, LookupTable, Sym), (Sym, Sym, u16)> = fast_map(0);
        for l in &self.lookups {
            entries.insert((l.source, l.table, l.key), (l.name, l.email, l.file));
        }
        let mut applied: FastMap<u16, u64> = fast_map(0);
        let mut name = |source: Sym, table: LookupTable, value: &mut Sym, email: bool| {
            if value.is_none() {
                return;
            }
            if let Some(&(n, e, file)) = entries.get(&(source, table, *value)) {
                // A user without a name is still better shown by e-mail than by id.
                let new = if email || n.is_none() { e } else { n };
                if !new.is_none() {
                    *value = new;
                    *applied.entry(file).or_default() += 1;
                }
            }
        };
        for c in &mut self.contacts {
            name(c.source, LookupTable::User, &mut c.agent, false);
            name(c.source, LookupTable::Group, &mut c.team, false);
            name(c.source, LookupTable::User, &mut c.customer, true);
        }
        for s in &mut self.sessions {
            name(s.source, LookupTable::User, &mut s.customer, true);
        }
        for (file, n) in applied {
            if let Some(f) = self.files.get_mut(file as usize) {
                f.lookups_applied += n;
            }
        }
    }

    /// Rows of every file: (rows, used, rejected).
    pub fn totals(&self) -> (u64, u64, u64) {
        self.files.iter().fold((0, 0, 0), |(r, u, j), f| (r + f.rows, u + f.used, j + f.rejected))
    }
}

type Key = (Sym, Sym);
type Loc = (u16, u32, Sym);

/// Sorts records by `key` (unique per record, so the order is fully determined). Most exports
/// list records by creation already: then this is one pass. Otherwise the positions are sorted
/// by key and the records moved along the permutation's cycles, each once, so the extra memory
/// is a key and an index per record, not the half of the records a merge sort of 168-byte
/// contacts would allocate. `beat` is called every [`crate::engine::BEAT_EVERY`] records of
/// each pass (not inside the sort of the keys).
fn sort_records<T, K: Ord + Copy>(items: &mut [T], key: impl Fn(&T) -> K, beat: &dyn Fn()) {
    use crate::engine::beating;
    if beating(items.windows(2), beat).all(|w| key(&w[0]) <= key(&w[1])) {
        return;
    }
    let mut order: Vec<(K, u32)> = crate::engine::map_beating(items, beat, |i, x| (key(x), i as u32));
    order.sort_unstable(); // ties (none for unique keys) by position: deterministic
    beat();
    // from[dest] = the position whose record goes to dest.
    let mut from: Vec<u32> = order.into_iter().map(|(_, i)| i).collect();
    for start in beating(0..items.len(), beat) {
        let mut dest = start;
        loop {
            let src = from[dest] as usize;
            from[dest] = dest as u32; // placed
            if src == start || src == dest {
                break;
            }
            items.swap(dest, src);
            dest = src;
        }
    }
}

/// Keeps the newest record per key; returns (superseded, kept) locations. Records without an
/// id are never duplicates of each other.
fn dedupe<T, O: Ord + Copy>(
    items: &mut Vec<T>,
    key: impl Fn(&T) -> Key,
    newness: impl Fn(&T) -> O,
    loc: impl Fn(&T) -> Loc,
    beat: &dyn Fn(),
) -> Vec<(Loc, Loc)> {
    let mut best: FastMap<Key, usize> = fast_map(items.len());
    let mut losers = Vec::new();
    for i in crate::engine::beating(0..items.len(), beat) {
        let k = key(&items[i]);
        if k.1.is_none() {
            continue;
        }
        match best.get(&k).copied() {
            None => {
                best.insert(k, i);
            }
            Some(j) => {
                if newness(&items[i]) >= newness(&items[j]) {
                    losers.push(j);
                    best.insert(k, i);
                } else {
                    losers.push(i);
                }
            }
        }
    }
    if losers.is_empty() {
        return Vec::new();
    }
    let mut pairs = Vec::with_capacity(losers.len());
    let mut dead = vec![false; items.len()];
    for &l in &losers {
        dead[l] = true;
        let winner = best[&key(&items[l])];
        pairs.push((loc(&items[l]), loc(&items[winner])));
    }
    let mut i = 0;
    items.retain(|_| {
        let keep = !dead[i];
        i += 1;
        keep
    });
    pairs
}

#[cfg(test)]
mod tests {
    use super::sort_records;

    #[test]
    fn sort_records_moves_every_record_to_its_place_along_the_cycles() {
        // Two cycles (0→2→4→0, 1↔3), a fixed point (5), and ties broken by position.
        let mut v = vec![(30, 'a'), (20, 'b'), (10, 'c'), (0, 'd'), (40, 'e'), (50, 'f'), (20, 'g')];
        sort_records(&mut v, |x| x.0, &|| {});
        assert_eq!(v, vec![(0, 'd'), (10, 'c'), (20, 'b'), (20, 'g'), (30, 'a'), (40, 'e'), (50, 'f')]);
        // Every permutation of five distinct keys comes out sorted.
        let mut keys = [0, 1, 2, 3, 4];
        let mut count = 0;
        permute(&mut keys, 0, &mut |p| {
            let mut v: Vec<u8> = p.to_vec();
            sort_records(&mut v, |x| *x, &|| {});
            assert_eq!(v, vec![0, 1, 2, 3, 4], "from {p:?}");
            count += 1;
        });
        assert_eq!(count, 120);
    }

    #[test]
    fn the_customer_order_is_made_once_per_dataset_and_forgotten_by_a_clone() {
        let derived = super::Derived::default();
        let make = || super::CustomerOrder { order: vec![2, 0, 1], channel: vec![crate::engine::record::Channel::Email; 3], created: vec![5, 7, 9].into(), start: vec![0, 0, 1, 3].into() };
        let first = derived.customer_order(make);
        let again = derived.customer_order(|| unreachable!("kept from the first report"));
        assert!(std::sync::Arc::ptr_eq(&first, &again));
        assert_eq!(again.order, vec![2, 0, 1]);
        let clone = derived.clone();
        let fresh = clone.customer_order(|| super::CustomerOrder { order: vec![], channel: vec![], created: vec![].into(), start: vec![0].into() });
        assert!(fresh.order.is_empty());
    }

    fn permute(a: &mut [u8; 5], k: usize, f: &mut dyn FnMut(&[u8])) {
        if k == a.len() {
            return f(a);
        }
        for i in k..a.len() {
            a.swap(k, i);
            permute(a, k + 1, f);
            a.swap(k, i);
        }
    }
}
