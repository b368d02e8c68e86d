//! Self-service and deflection: how much demand self-service absorbs, and what it fails at.
//!
//! # Formula
//! A session is *deflected* when its outcome is not handoff or ticket_created, it has no
//! `contact_id`, no contact names it as its `self_service_session`, and (where its customer is
//! known) that customer opens no contact in the half-open window (started, started + W].
//! - self_service_rate = D ÷ (D + C), D = deflected sessions, C = assisted contacts.
//! - self_service_ratio = r : 100 − r, r = ⌊(200·num + den) ÷ (2·den)⌋ (SSR in percent
//!   rounded half away from zero, integers only).
//! - self_service_deflection_rate = D ÷ sessions; case_deflection_rate the same per `kind`;
//!   bot_containment_rate the same over chatbot sessions.
//! - self_service_score = distinct customers with a session ÷ distinct customers with a contact.
//! - resolved_without_escalation_rate = resolved contacts with escalated = false ÷ resolved
//!   contacts with `escalated` known.
//! - contacts_per_customer, per side of the launch date (local date ≥ launch → after):
//!   contacts ÷ distinct customers ÷ (days ÷ 30), days = calendar days from the side's first
//!   to its last contact, inclusive; headline = after − before with a 95 % bootstrap interval.
//! - unanswered_questions: per normalised query (lower case, trimmed, whitespace folded):
//!   sessions, failures (outcome no_result, handoff or ticket_created, or not deflected),
//!   failure rate; top 10 by failures desc, sessions desc, query asc.
//! # Inclusion
//! Follow-up contacts are looked for in all loaded demand contacts, whatever the period and
//! filters. Sessions are selected by the period only (they have no channel, agent or team).
//! Censoring (METRICS.md §4a): the deflection metrics and unanswered_questions use only
//! sessions started at least W before the as-of time, and self_service_rate counts only
//! contacts created at least W before it; each row's note says how many were left out.
//! Sessions with an unknown customer are judged by their outcome alone (the note counts them).
//! Under dashboard filters (channel, team, agent, issue type) the metrics that set sessions
//! against contacts (self_service_rate, self_service_ratio, self_service_score) are not
//! available: sessions have none of those fields.
//! Customers are compared by their normalised key (ingestion, METRICS.md §4a).
//! # Edge cases
//! No sessions → "not available: needs self-service sessions", never 0; the same when every
//! session is still inside its window. contacts_per_customer needs a launch date and contacts
//! with a known customer on both sides. The bootstrap is deterministic: SplitMix64 seeded 42
//! ([`crate::engine::sample::Rng`]); customers are ordered by key text, and each of the
//! 2,000 resamples draws the before side's n_b customers and then the after side's n_a, each
//! draw `next_u64() mod n`; a drawn customer counts as one customer however often drawn. The
//! 2.5th and 97.5th percentiles of the 2,000 differences are x₅₀ and x₁₉₅₀ (nearest rank).

use std::collections::HashSet;

use crate::engine::intern::{fast_map, FastMap};

use jiff::civil::Date;

use super::{duration_text, join_notes, plural, rate_rows, Counts, Ctx, MetricRow, Num, NEEDS_UNFILTERED};
use crate::engine::intern::Sym;
use crate::engine::record::{Contact, Outcome, Session, SessionKind};
use crate::engine::sample::Rng;
use crate::engine::stats::nearest_rank_permille_f64;

/// Resamples of the contacts-per-customer bootstrap (METRICS.md §4).
pub const BOOTSTRAP_RESAMPLES: usize = 2_000;
/// Seed of the bootstrap.
pub const BOOTSTRAP_SEED: u64 = 42;
/// Rows of the unanswered-questions ranking.
pub const TOP_QUERIES: usize = 10;

/// The family's metrics in catalogue order (each a function of the context).
pub const METRICS: &[super::Metric] = &[self_service_rate, self_service_ratio, self_service_deflection_rate, case_deflection_rate, bot_containment_rate, self_service_score, resolved_without_escalation_rate, contacts_per_customer, unanswered_questions];

/// Every selfservice metric row.
pub fn rows(ctx: &Ctx) -> Vec<MetricRow> {
    METRICS.iter().flat_map(|m| m(ctx)).collect()
}

/// Is the session deflected? `None` while its window reaches past the as-of time.
pub fn is_deflected(ctx: &Ctx, s: &Session) -> Option<bool> {
    let w = ctx.params.deflection_window();
    if s.started.saturating_add(w) > ctx.as_of {
        return None;
    }
    if matches!(s.outcome, Outcome::Handoff | Outcome::TicketCreated)
        || !s.contact_id.is_none()
        || !ctx.contacts_linked_to(s.id).is_empty()
    {
        return Some(false);
    }
    if s.customer.is_none() {
        return Some(true);
    }
    Some(ctx.contacts_in_window(s.customer, s.started, s.started + w).is_empty())
}

/// Sessions of the period tallied for the deflection metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Judged sessions (started at least W before the as-of time).
    pub judged: u64,
    /// Of those, deflected.
    pub deflected: u64,
    /// Sessions left out: still inside their window at the as-of time.
    pub censored: u64,
    /// Judged sessions with an unknown customer (judged by their outcome alone).
    pub unknown_customer: u64,
}

/// Tallies the sessions of the period that pass `keep`.
pub fn tally(ctx: &Ctx, keep: impl Fn(&Session) -> bool) -> Tally {
    let mut t = Tally::default();
    for (s, d) in ctx.sessions.iter().zip(ctx.deflection()) {
        if !keep(s) {
            continue;
        }
        match d {
            None => t.censored += 1,
            Some(deflected) => {
                t.judged += 1;
                t.deflected += u64::from(*deflected);
                t.unknown_customer += u64::from(s.customer.is_none());
            }
        }
    }
    t
}

/// The note of a deflection row: what was left out and how unknown customers were judged.
fn tally_note(ctx: &Ctx, t: &Tally, contacts_left_out: Option<u64>) -> String {
    let w = duration_text(ctx.params.deflection_window());
    let mut parts = Vec::new();
    match contacts_left_out {
        Some(c) if t.censored > 0 || c > 0 => parts.push(format!(
            "{} started and {} created in the last {w} before the as-of time left out (their window is not over)",
            plural(t.censored, "session", "sessions"),
            plural(c, "contact", "contacts")
        )),
        None if t.censored > 0 => parts.push(format!(
            "{} started in the last {w} before the as-of time left out (their window is not over)",
            plural(t.censored, "session", "sessions")
        )),
        _ => {}
    }
    if t.unknown_customer > 0 {
        parts.push(format!("{} with an unknown customer judged by their outcome alone", plural(t.unknown_customer, "session", "sessions")));
    }
    join_notes(&parts)
}

/// Why a deflection metric over these sessions is not available, if it is not.
fn sessions_needed(ctx: &Ctx, t: &Tally, what: &str) -> Option<String> {
    if ctx.all_sessions.is_empty() {
        return Some("needs self-service sessions".into());
    }
    if t.judged + t.censored == 0 {
        return Some(format!("needs {what} in the period"));
    }
    if t.judged == 0 {
        return Some(format!(
            "needs {what} started at least {} before the as-of time (every one is still inside its deflection window)",
            duration_text(ctx.params.deflection_window())
        ));
    }
    None
}

/// Deflected sessions, assisted contacts and what was left out, for self_service_rate.
fn ssr_counts(ctx: &Ctx, side: Option<&str>) -> (Tally, u64, u64) {
    let on_side = |t| side.is_none() || ctx.launch_side(t) == side;
    let t = tally(ctx, |s| on_side(s.started));
    let w = ctx.params.deflection_window();
    let (mut kept, mut left) = (0, 0);
    ctx.pass(&ctx.contacts).filter(|c| on_side(c.created)).for_each(|c| {
        if c.created.saturating_add(w) <= ctx.as_of {
            kept += 1;
        } else {
            left += 1;
        }
    });
    (t, kept, left)
}

/// `self_service_rate`: deflected sessions ÷ (deflected sessions + assisted contacts); with a
/// launch date also before and after it (`by: "period"`).
pub fn self_service_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "self_service_rate";
    if ctx.filtered_contacts {
        return vec![MetricRow::unavailable(id, NEEDS_UNFILTERED)];
    }
    let (t, contacts, left) = ssr_counts(ctx, None);
    if let Some(why) = sessions_needed(ctx, &t, "self-service sessions") {
        return vec![MetricRow::unavailable(id, &why)];
    }
    let needs = "needs deflected sessions or contacts";
    let mut out = vec![MetricRow::rate(id, t.deflected, t.deflected + contacts, needs).note(tally_note(ctx, &t, Some(left)))];
    if ctx.params.launch_date().is_some() {
        for side in ["before", "after"] {
            let (t, contacts, left) = ssr_counts(ctx, Some(side));
            out.push(MetricRow::rate(id, t.deflected, t.deflected + contacts, needs).by("period", side).note(tally_note(ctx, &t, Some(left))));
        }
    }
    out
}

/// `self_service_ratio`: the self-service rate as a split r : 100 − r. The row's `value` is
/// r (an integer percentage) and `counts` holds `self_service` = r and `assisted` = 100 − r.
pub fn self_service_ratio(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "self_service_ratio";
    if ctx.filtered_contacts {
        return vec![MetricRow::unavailable(id, NEEDS_UNFILTERED)];
    }
    let (t, contacts, left) = ssr_counts(ctx, None);
    if let Some(why) = sessions_needed(ctx, &t, "self-service sessions") {
        return vec![MetricRow::unavailable(id, &why)];
    }
    let (num, den) = (t.deflected, t.deflected + contacts);
    if den == 0 {
        return vec![MetricRow::unavailable(id, "needs deflected sessions or contacts")];
    }
    let r = percent_half_away(num, den);
    let row = MetricRow {
        value: Some(Num::Int(r as i64)),
        counts: Some(Counts(vec![("self_service".into(), r), ("assisted".into(), 100 - r)])),
        ..MetricRow::new(id)
    };
    let note = join_notes(&[format!("{r}:{} from {num} of {den}", 100 - r), tally_note(ctx, &t, Some(left))]);
    vec![row.note(note)]
}

/// num ÷ den in whole percent, rounded half away from zero: ⌊(200·num + den) ÷ (2·den)⌋.
pub fn percent_half_away(num: u64, den: u64) -> u64 {
    if den == 0 {
        return 0;
    }
    ((200 * num as u128 + den as u128) / (2 * den as u128)) as u64
}

/// `self_service_deflection_rate`: deflected sessions ÷ sessions.
pub fn self_service_deflection_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "self_service_deflection_rate";
    let t = tally(ctx, |_| true);
    if let Some(why) = sessions_needed(ctx, &t, "self-service sessions") {
        return vec![MetricRow::unavailable(id, &why)];
    }
    vec![MetricRow::rate(id, t.deflected, t.judged, "needs self-service sessions").note(tally_note(ctx, &t, None))]
}

/// `case_deflection_rate`: the deflection rate per self-service kind (`by: "kind"`), with the
/// total over every kind as the headline.
pub fn case_deflection_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "case_deflection_rate";
    let t = tally(ctx, |_| true);
    if let Some(why) = sessions_needed(ctx, &t, "self-service sessions") {
        return vec![MetricRow::unavailable(id, &why)];
    }
    let mut out = vec![MetricRow::rate(id, t.deflected, t.judged, "needs self-service sessions").note(tally_note(ctx, &t, None))];
    let mut kinds: Vec<(SessionKind, Tally)> =
        SessionKind::ALL.iter().map(|k| (*k, tally(ctx, |s| s.kind == *k))).filter(|(_, t)| t.judged + t.censored > 0).collect();
    kinds.sort_by(|a, b| b.1.judged.cmp(&a.1.judged).then_with(|| a.0.label().cmp(b.0.label())));
    for (k, t) in kinds {
        let needs = format!("needs {} sessions started at least {} before the as-of time", k.label(), duration_text(ctx.params.deflection_window()));
        out.push(MetricRow::rate(id, t.deflected, t.judged, &needs).by("kind", k.label()).note(tally_note(ctx, &t, None)));
    }
    out
}

/// `bot_containment_rate`: deflected chatbot sessions ÷ chatbot sessions.
pub fn bot_containment_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "bot_containment_rate";
    let t = tally(ctx, |s| s.kind == SessionKind::Chatbot);
    if let Some(why) = sessions_needed(ctx, &t, "chatbot sessions") {
        return vec![MetricRow::unavailable(id, &why)];
    }
    vec![MetricRow::rate(id, t.deflected, t.judged, "needs chatbot sessions").note(tally_note(ctx, &t, None))]
}

/// `self_service_score`: distinct customers with a session ÷ distinct customers with a contact
/// (may exceed 1).
pub fn self_service_score(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "self_service_score";
    if ctx.filtered_contacts {
        return vec![MetricRow::unavailable(id, NEEDS_UNFILTERED)];
    }
    if ctx.sessions.is_empty() {
        return vec![MetricRow::unavailable(id, "needs self-service sessions in the period")];
    }
    let session_customers: HashSet<Sym> = ctx.sessions.iter().map(|s| s.customer).filter(|c| !c.is_none()).collect();
    let contact_customers: HashSet<Sym> = ctx.pass(&ctx.contacts).map(|c| c.customer).filter(|c| !c.is_none()).collect();
    if session_customers.is_empty() {
        return vec![MetricRow::unavailable(id, "needs self-service sessions with a known customer")];
    }
    if contact_customers.is_empty() {
        return vec![MetricRow::unavailable(id, "needs contacts with a known customer")];
    }
    let (num, den) = (session_customers.len() as u64, contact_customers.len() as u64);
    let unknown_s = ctx.sessions.iter().filter(|s| s.customer.is_none()).count() as u64;
    let unknown_c = ctx.pass(&ctx.contacts).filter(|c| c.customer.is_none()).count() as u64;
    let mut parts = Vec::new();
    if unknown_s > 0 {
        parts.push(format!("{} with an unknown customer left out", plural(unknown_s, "session", "sessions")));
    }
    if unknown_c > 0 {
        parts.push(format!("{} with an unknown customer left out", plural(unknown_c, "contact", "contacts")));
    }
    let row = MetricRow {
        value: Some(Num::Float(num as f64 / den as f64)),
        num: Some(Num::Int(num as i64)),
        den: Some(Num::Int(den as i64)),
        ..MetricRow::new(id)
    };
    vec![row.note(join_notes(&parts))]
}

/// `resolved_without_escalation_rate`: resolved contacts not escalated ÷ resolved contacts
/// with `escalated` known; by channel, agent, team, issue type, priority.
pub fn resolved_without_escalation_rate(ctx: &Ctx) -> Vec<MetricRow> {
    rate_rows(ctx, "resolved_without_escalation_rate", "needs resolved contacts with escalated", &ctx.dims(), |c| {
        super::InRate::from(match (c.resolved.get(), c.escalated) {
            (Some(_), Some(e)) => Some(!e),
            _ => None,
        })
    })
    .0
}

/// One side of the launch date for contacts per customer.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// Contacts of each customer, customers ordered by key text.
    pub per_customer: Vec<u64>,
    /// Contacts with a known customer.
    pub contacts: u64,
    /// Calendar days from the first to the last contact's local date, inclusive.
    pub days: i64,
}

impl Side {
    /// Contacts per customer per 30 days: contacts ÷ customers ÷ (days ÷ 30).
    pub fn rate(&self) -> f64 {
        rate_per_30(self.contacts, self.per_customer.len() as u64, self.days)
    }
}

fn rate_per_30(contacts: u64, customers: u64, days: i64) -> f64 {
    contacts as f64 / customers as f64 / (days as f64 / 30.0)
}

/// Contacts per customer and the first and last local date, while one side is collected.
type SideAcc = (FastMap<Sym, u64>, Option<(Date, Date)>);

/// The two sides of the launch date (before, after); `None` for a side without contacts.
pub fn sides(ctx: &Ctx) -> Option<(Option<Side>, Option<Side>)> {
    ctx.params.launch_date()?;
    let mut acc: [SideAcc; 2] = Default::default();
    let launch = ctx.params.launch_date();
    ctx.pass(ctx.contacts.iter().zip(ctx.local())).filter(|(c, _)| !c.customer.is_none()).for_each(|(c, l)| {
        let d = l.date;
        // The launch day counts as after (as in `Ctx::launch_side`).
        let i = usize::from(launch.is_some_and(|launch| d >= launch));
        *acc[i].0.entry(c.customer).or_default() += 1;
        acc[i].1 = Some(match acc[i].1 {
            None => (d, d),
            Some((lo, hi)) => (lo.min(d), hi.max(d)),
        });
    });
    let side = |(counts, span): &SideAcc| -> Option<Side> {
        let (first, last) = (*span)?;
        let days = first.until(last).map(|s| i64::from(s.get_days()) + 1).ok()?;
        let mut keyed: Vec<(&str, u64)> = counts.iter().map(|(k, n)| (ctx.text(*k), *n)).collect();
        keyed.sort_unstable();
        Some(Side { contacts: keyed.iter().map(|(_, n)| n).sum(), per_customer: keyed.into_iter().map(|(_, n)| n).collect(), days })
    };
    Some((side(&acc[0]), side(&acc[1])))
}

/// The 95 % bootstrap interval of after − before (2.5th, 97.5th percentile, nearest rank).
pub fn bootstrap_interval(before: &Side, after: &Side) -> Option<(f64, f64)> {
    if before.per_customer.is_empty() || after.per_customer.is_empty() {
        return None;
    }
    let mut rng = Rng::new(BOOTSTRAP_SEED);
    let mut draw = |side: &Side| -> f64 {
        let n = side.per_customer.len() as u64;
        let mut total = 0u64;
        for _ in 0..n {
            total += side.per_customer.get((rng.next_u64() % n) as usize).copied().unwrap_or(0);
        }
        rate_per_30(total, n, side.days)
    };
    let mut diffs = Vec::with_capacity(BOOTSTRAP_RESAMPLES);
    for _ in 0..BOOTSTRAP_RESAMPLES {
        let b = draw(before);
        let a = draw(after);
        diffs.push(a - b);
    }
    diffs.sort_by(f64::total_cmp);
    Some((nearest_rank_permille_f64(&diffs, 25)?, nearest_rank_permille_f64(&diffs, 975)?))
}

/// `contacts_per_customer`: per side of the launch date (`by: "period"`, groups `before` and
/// `after`) the rate with `counts` {contacts, customers, days}; the headline is after − before
/// with `lo`/`hi` the 95 % bootstrap interval.
pub fn contacts_per_customer(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "contacts_per_customer";
    let Some((before, after)) = sides(ctx) else {
        return vec![MetricRow::unavailable(id, "needs the self-service launch date (parameter launch_date)")];
    };
    let unknown = ctx.pass(&ctx.contacts).filter(|c| c.customer.is_none()).count() as u64;
    let unknown_note = if unknown > 0 { format!("{} with an unknown customer left out", plural(unknown, "contact", "contacts")) } else { String::new() };
    let mut side_rows = Vec::new();
    for (name, side) in [("before", &before), ("after", &after)] {
        match side {
            None => side_rows.push(MetricRow::unavailable(id, &format!("needs contacts with a known customer {name} the launch date")).by("period", name)),
            Some(s) => side_rows.push(
                MetricRow {
                    value: Some(Num::Float(s.rate())),
                    counts: Some(Counts(vec![
                        ("contacts".into(), s.contacts),
                        ("customers".into(), s.per_customer.len() as u64),
                        ("days".into(), s.days as u64),
                    ])),
                    ..MetricRow::new(id)
                }
                .by("period", name),
            ),
        }
    }
    let head = match (&before, &after) {
        (Some(b), Some(a)) => {
            let (lo, hi) = bootstrap_interval(b, a).unzip();
            MetricRow { value: Some(Num::Float(a.rate() - b.rate())), lo, hi, ..MetricRow::new(id) }.note(join_notes(&[
                format!(
                    "after − before; 95 % interval from {BOOTSTRAP_RESAMPLES} bootstrap resamples of customers within each side (seed {BOOTSTRAP_SEED})"
                ),
                unknown_note,
            ]))
        }
        _ => MetricRow::unavailable(id, "needs contacts with a known customer on both sides of the launch date"),
    };
    let mut out = vec![head];
    out.extend(side_rows);
    out
}

/// Normalises a query: lower case, trimmed, runs of whitespace folded to one space.
pub fn normalise_query(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    for w in q.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

/// A contact that followed a session: by its id, or by its place when it has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Followed {
    Id(Sym),
    At(u16, u32),
}

/// One normalised query's self-service record.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryStat {
    /// The normalised query.
    pub query: String,
    /// Judged sessions with this query.
    pub sessions: u64,
    /// Of those, failed: outcome no_result, handoff or ticket_created, or not deflected.
    pub failures: u64,
    /// Ids of the distinct contacts that followed these sessions within W (the session's own
    /// `contact_id`, contacts naming the session, and the customer's contacts in
    /// (started, started + W]); `line N of file F` for contacts without an id. Sorted.
    pub contacts: Vec<String>,
}

/// Every query of the judged sessions of the period, ranked: failures desc, sessions desc,
/// query asc. Also returns the sessions left out: (censored, without a query).
pub fn query_stats(ctx: &Ctx) -> (Vec<QueryStat>, u64, u64) {
    let w = ctx.params.deflection_window();
    let mut normal: FastMap<Sym, usize> = fast_map(0);
    let mut stats: Vec<(String, u64, u64, HashSet<Followed>)> = Vec::new();
    let mut index: FastMap<String, usize> = fast_map(0);
    let (mut censored, mut no_query) = (0, 0);
    for (s, d) in ctx.sessions.iter().zip(ctx.deflection()) {
        let Some(deflected) = *d else {
            censored += 1;
            continue;
        };
        let slot = match normal.get(&s.query) {
            Some(i) => *i,
            None => {
                let q = normalise_query(ctx.text(s.query));
                let i = if q.is_empty() {
                    usize::MAX
                } else {
                    *index.entry(q.clone()).or_insert_with(|| {
                        stats.push((q, 0, 0, HashSet::new()));
                        stats.len() - 1
                    })
                };
                normal.insert(s.query, i);
                i
            }
        };
        let Some(entry) = stats.get_mut(slot) else {
            no_query += 1;
            continue;
        };
        entry.1 += 1;
        let failed = !deflected || matches!(s.outcome, Outcome::NoResult | Outcome::Handoff | Outcome::TicketCreated);
        entry.2 += u64::from(failed);
        if !s.contact_id.is_none() {
            entry.3.insert(Followed::Id(s.contact_id));
        }
        let key = |c: &&Contact| {
            if c.id.is_none() {
                Followed::At(c.file, c.line)
            } else {
                Followed::Id(c.id)
            }
        };
        entry.3.extend(ctx.contacts_linked_to(s.id).iter().map(key));
        entry.3.extend(ctx.contacts_in_window(s.customer, s.started, s.started.saturating_add(w)).iter().map(key));
    }
    let mut out: Vec<QueryStat> = stats
        .into_iter()
        .map(|(query, sessions, failures, followed)| {
            let mut contacts: Vec<String> = followed
                .into_iter()
                .map(|f| match f {
                    Followed::Id(id) => ctx.text(id).to_string(),
                    Followed::At(file, line) => format!("line {line} of file {}", file + 1),
                })
                .collect();
            contacts.sort_unstable();
            QueryStat { query, sessions, failures, contacts }
        })
        .collect();
    out.sort_by(|a, b| b.failures.cmp(&a.failures).then(b.sessions.cmp(&a.sessions)).then_with(|| a.query.cmp(&b.query)));
    (out, censored, no_query)
}

/// `unanswered_questions`: the headline is the failure rate over every judged session with a
/// query; then the top 10 queries (`by: "query"`) with `value` = failure rate, `num` =
/// failures, `den` = sessions, and `counts` {sessions, failures, contacts_followed}; the note
/// names up to five of the contacts that followed.
pub fn unanswered_questions(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "unanswered_questions";
    let t = tally(ctx, |_| true);
    if let Some(why) = sessions_needed(ctx, &t, "self-service sessions") {
        return vec![MetricRow::unavailable(id, &why)];
    }
    let (stats, censored, no_query) = query_stats(ctx);
    let needs = "needs judged self-service sessions with a query";
    let sessions: u64 = stats.iter().map(|q| q.sessions).sum();
    let failures: u64 = stats.iter().map(|q| q.failures).sum();
    let mut parts = Vec::new();
    if censored > 0 {
        parts.push(format!(
            "{} started in the last {} before the as-of time left out (their window is not over)",
            plural(censored, "session", "sessions"),
            duration_text(ctx.params.deflection_window())
        ));
    }
    if no_query > 0 {
        parts.push(format!("{} without a query left out", plural(no_query, "session", "sessions")));
    }
    if stats.len() > TOP_QUERIES {
        parts.push(format!("top {TOP_QUERIES} of {} queries", stats.len()));
    }
    let mut out = vec![MetricRow::rate(id, failures, sessions, needs).note(join_notes(&parts))];
    for q in stats.into_iter().take(TOP_QUERIES) {
        let mut row = MetricRow::rate(id, q.failures, q.sessions, needs).by("query", q.query.clone());
        row.counts = Some(Counts(vec![
            ("sessions".into(), q.sessions),
            ("failures".into(), q.failures),
            ("contacts_followed".into(), q.contacts.len() as u64),
        ]));
        if !q.contacts.is_empty() {
            let shown: Vec<&str> = q.contacts.iter().take(5).map(String::as_str).collect();
            let more = q.contacts.len().saturating_sub(5);
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            row = row.note(format!("followed by {}{tail}", shown.join(", ")));
        }
        out.push(row);
    }
    out
}
