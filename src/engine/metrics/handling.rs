//! Handling: agent time per contact, throughput per hour of service, and workload per agent.
//!
//! # Formula
//! - average_handle_time = Σ(talk_s + hold_s + after_work_s) ÷ n over answered contacts
//!   (`answered` = true) with talk_s known; a missing hold_s or after_work_s counts as 0.
//! - service_rate = (answered calls + resolved other contacts) ÷ business hours on the dates
//!   from the first to the last day of the period in the report zone (holidays and split
//!   shifts included). Without a chosen period those days are the first and last local dates
//!   of the selected contacts. `num` = contacts served, `den` = hours (may be fractional).
//! - contacts_per_agent = contacts by agent (`by: "agent"`, blanks in "(none)"); the headline
//!   is all contacts, so the groups add up to it.
//! # Inclusion
//! "Resolved other contacts" are non-call contacts of the selection with a `resolved`
//! timestamp (calls are counted when answered). Talk, hold and after-work times are exported
//! durations and are used as exported, whatever the time basis.
//! # Edge cases
//! No answered contact with talk time → "not available", never 0. A period without business
//! hours (e.g. a weekend, or a schedule with no open time) → service_rate "not available".

use super::{join_notes, plural, Ctx, Dim, MetricRow, Num};
use crate::engine::record::{Contact, HOUR};

/// The family's metrics in catalogue order (each a function of the context).
pub const METRICS: &[super::Metric] = &[average_handle_time, service_rate, contacts_per_agent];

/// Every handling metric row.
pub fn rows(ctx: &Ctx) -> Vec<MetricRow> {
    METRICS.iter().flat_map(|m| m(ctx)).collect()
}

/// Handle time of a contact in ms, if it counts: answered with talk time known.
pub fn handle_ms(c: &Contact) -> Option<i64> {
    if c.answered != Some(true) {
        return None;
    }
    Some(c.talk.get()? + c.hold.get().unwrap_or(0) + c.after_work.get().unwrap_or(0))
}

/// `average_handle_time`: mean of talk + hold + after-work in seconds, with n; by channel,
/// agent, team, issue type, priority.
pub fn average_handle_time(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "average_handle_time";
    let needs = "needs answered contacts with talk_s";
    let handled: Vec<usize> = ctx.pass(0..ctx.contacts.len()).filter(|i| handle_ms(ctx.contacts[*i]).is_some()).collect();
    // Σ handle time, ms, of the contacts added.
    let add = |sum: &mut i128, i: usize| *sum += handle_ms(ctx.contacts[i]).map_or(0, i128::from);
    let mean = |sum: i128, n: u64| MetricRow::value_n(id, (n > 0).then(|| sum as f64 / n as f64 / 1000.0), n, needs);
    let no_hold = ctx.pass(&handled).filter(|i| ctx.contacts[**i].hold.is_none()).count() as u64;
    let no_acw = ctx.pass(&handled).filter(|i| ctx.contacts[**i].after_work.is_none()).count() as u64;
    let mut parts = Vec::new();
    if no_hold > 0 {
        parts.push(format!("hold_s missing for {} (counted as 0)", plural(no_hold, "contact", "contacts")));
    }
    if no_acw > 0 {
        parts.push(format!("after_work_s missing for {} (counted as 0)", plural(no_acw, "contact", "contacts")));
    }
    let mut total = 0;
    for i in &handled {
        add(&mut total, *i);
    }
    let mut out = vec![mean(total, handled.len() as u64).note(join_notes(&parts))];
    if handled.is_empty() {
        return out;
    }
    for dim in ctx.dims() {
        for g in ctx.breakdown(dim, handled.iter().copied(), add) {
            out.push(mean(g.acc, g.n).by(dim.label(), g.label));
        }
    }
    out
}

/// Served by the team: an answered call, or a resolved non-call contact.
pub fn is_served(c: &Contact) -> bool {
    if c.is_call() {
        c.answered == Some(true)
    } else {
        c.resolved.is_some()
    }
}

/// `service_rate`: contacts served per business hour of the period; by channel.
pub fn service_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "service_rate";
    if ctx.contacts.is_empty() {
        return vec![MetricRow::unavailable(id, "needs contacts")];
    }
    let zone = ctx.params.zone();
    let first = ctx.params.period_start().or_else(|| ctx.local().iter().map(|l| l.date).min());
    let last = ctx.params.period_end().or_else(|| ctx.local().iter().map(|l| l.date).max());
    let (Some(first), Some(last)) = (first, last) else {
        return vec![MetricRow::unavailable(id, "needs contacts")];
    };
    let open_ms = ctx.params.business_hours().open_ms_on_dates(zone, first, last);
    if open_ms <= 0 {
        return vec![MetricRow::unavailable(id, "needs business hours within the period")];
    }
    let hours = open_ms as f64 / HOUR as f64;
    let row = |served: u64| MetricRow {
        value: Some(Num::Float(served as f64 / hours)),
        num: Some(Num::Int(served as i64)),
        den: Some(Num::Float(hours)),
        ..MetricRow::new(id)
    };
    let note = format!(
        "{} to {}: {} business hours",
        crate::engine::time::date_label(first),
        crate::engine::time::date_label(last),
        if open_ms % HOUR == 0 { (open_ms / HOUR).to_string() } else { format!("{hours:.2}") }
    );
    let served_ones = ctx.judged(id, |_, c| is_served(c));
    let served = served_ones.iter().filter(|s| **s).count() as u64;
    let mut out = vec![row(served).note(note)];
    for g in ctx.breakdown(Dim::Channel, 0..served_ones.len(), |n: &mut u64, i| *n += u64::from(served_ones[i])) {
        out.push(row(g.acc).by("channel", g.label));
    }
    out
}

/// `contacts_per_agent`: contacts by agent; the headline counts every contact.
pub fn contacts_per_agent(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "contacts_per_agent";
    if !ctx.pass(&ctx.contacts).any(|c| !c.agent.is_none()) {
        return vec![MetricRow::unavailable(id, "needs contacts with an agent")];
    }
    let with_agent = ctx.pass(&ctx.contacts).filter(|c| !c.agent.is_none()).count() as u64;
    let groups = ctx.breakdown(Dim::Agent, 0..ctx.contacts.len(), |_: &mut (), _| ());
    let agents = groups.iter().filter(|g| g.label != super::NONE_GROUP).count() as u64;
    let mut out = vec![MetricRow::count(id, ctx.contacts.len() as u64).note(format!(
        "{} with an agent across {}",
        plural(with_agent, "contact", "contacts"),
        plural(agents, "agent", "agents")
    ))];
    for g in groups {
        out.push(MetricRow::count(id, g.n).by("agent", g.label));
    }
    out
}
