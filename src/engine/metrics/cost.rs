//! Cost: what assisted and self-service demand costs, and what deflection saves.
//!
//! # Formula
//! With cost(ch) the cost per contact of channel ch, n(ch) the contacts of the selection on
//! it, s the cost per self-service session:
//! - cost_per_contact (cpc) = Σ cost(ch) × n(ch) ÷ Σ n(ch).
//! - total_cost = Σ cost(ch) × n(ch) + s × sessions (every session of the period).
//! - deflection_savings = deflected sessions × (cpc − s).
//! - target_mix_savings, with D = deflected sessions + contacts and t = target self-service
//!   share (`target_self_service_pct` ÷ 100): cost at today's split (contacts × cpc +
//!   deflected × s) − cost at the target split (D × t × s + D × (1 − t) × cpc)
//!   = (D × t − deflected) × (cpc − s).
//! # Inclusion
//! Deflected sessions are judged as in the self-service family: sessions started less than W
//! before the as-of time are not yet judged and are left out (the note says how many).
//! Under dashboard filters (channel, team, agent, issue type) sessions cannot be narrowed like
//! the contacts: total_cost counts the filtered contacts only (the note says so), and the two
//! savings are not available.
//! # Edge cases
//! No cost figures are invented: every metric is "not available" unless every channel present
//! has a cost (`cost_<channel>`), and those involving sessions also need `cost_self_service`
//! and self-service sessions. Savings may be negative (self-service costing more than
//! assisted contacts, or today's split already beyond the target).

use std::collections::BTreeMap;

use super::selfservice::tally;
use super::{join_notes, plural, Ctx, MetricRow, Num, NEEDS_UNFILTERED};
use crate::engine::record::Channel;

/// The family's metrics in catalogue order (each a function of the context).
pub const METRICS: &[super::Metric] = &[cost_per_contact, total_cost, deflection_savings, target_mix_savings];

/// Every cost metric row.
pub fn rows(ctx: &Ctx) -> Vec<MetricRow> {
    METRICS.iter().flat_map(|m| m(ctx)).collect()
}

/// Contacts per channel of the selection, and the assisted cost; Err(reason) when some channel
/// present has no cost or there are no contacts.
fn assisted(ctx: &Ctx) -> Result<(BTreeMap<Channel, u64>, f64), String> {
    let mut per_channel = [0u64; Channel::ALL.len()];
    ctx.pass(&ctx.contacts).for_each(|c| per_channel[c.channel as usize] += 1);
    let n: BTreeMap<Channel, u64> = Channel::ALL.iter().copied().zip(per_channel).filter(|(_, k)| *k > 0).collect();
    if n.is_empty() {
        return Err("needs contacts".into());
    }
    let missing: Vec<String> = n.keys().filter(|ch| !ctx.params.cost_per_channel().contains_key(ch)).map(|ch| format!("cost_{}", ch.label())).collect();
    if !missing.is_empty() {
        return Err(format!("needs a cost per contact for every channel present: {}", missing.join(", ")));
    }
    let total = n.iter().map(|(ch, k)| ctx.params.cost_per_channel().get(ch).copied().unwrap_or(0.0) * *k as f64).sum();
    Ok((n, total))
}

fn money(id: &str, v: f64) -> MetricRow {
    MetricRow { value: Some(Num::Float(v)), ..MetricRow::new(id) }
}

/// `cost_per_contact`: blended cost of an assisted contact; `n` = contacts.
pub fn cost_per_contact(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "cost_per_contact";
    match assisted(ctx) {
        Err(why) => vec![MetricRow::unavailable(id, &why)],
        Ok((n, total)) => {
            let contacts: u64 = n.values().sum();
            vec![MetricRow { n: Some(contacts), ..money(id, total / contacts as f64) }]
        }
    }
}

/// Self-service cost and the sessions of the period, or why they are missing.
fn self_service(ctx: &Ctx) -> Result<f64, String> {
    if ctx.filtered_contacts {
        return Err(NEEDS_UNFILTERED.into());
    }
    if ctx.all_sessions.is_empty() {
        return Err("needs self-service sessions".into());
    }
    ctx.params.cost_self_service().ok_or_else(|| "needs the cost of a self-service session (cost_self_service)".into())
}

/// `total_cost`: Σ channel cost × contacts + self-service cost × sessions; by channel, with the
/// sessions as group "self_service", adding up to the total.
pub fn total_cost(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "total_cost";
    let (n, assisted_total) = match assisted(ctx) {
        Err(why) => return vec![MetricRow::unavailable(id, &why)],
        Ok(x) => x,
    };
    let sessions = ctx.sessions.len() as u64;
    let ss_cost = if ctx.all_sessions.is_empty() || ctx.filtered_contacts {
        None
    } else {
        match ctx.params.cost_self_service() {
            Some(s) => Some(s),
            None => return vec![MetricRow::unavailable(id, "needs the cost of a self-service session (cost_self_service)")],
        }
    };
    let ss_total = ss_cost.map_or(0.0, |s| s * sessions as f64);
    let note = if ctx.filtered_contacts && !ctx.all_sessions.is_empty() {
        "assisted contacts only: self-service sessions cannot be filtered by channel, team, agent or issue type".to_string()
    } else if ss_cost.is_none() {
        "no self-service sessions loaded: assisted contacts only".to_string()
    } else {
        String::new()
    };
    let mut out = vec![money(id, assisted_total + ss_total).note(note)];
    let mut groups: Vec<(String, u64, f64)> =
        n.iter().map(|(ch, k)| (ch.label().to_string(), *k, ctx.params.cost_per_channel().get(ch).copied().unwrap_or(0.0) * *k as f64)).collect();
    if ss_cost.is_some() {
        groups.push(("self_service".into(), sessions, ss_total));
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (g, k, v) in groups {
        out.push(MetricRow { n: Some(k), ..money(id, v) }.by("channel", g));
    }
    out
}

/// `deflection_savings`: deflected sessions × (cost per contact − self-service cost).
pub fn deflection_savings(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "deflection_savings";
    let (n, total) = match assisted(ctx) {
        Err(why) => return vec![MetricRow::unavailable(id, &why)],
        Ok(x) => x,
    };
    let s = match self_service(ctx) {
        Err(why) => return vec![MetricRow::unavailable(id, &why)],
        Ok(s) => s,
    };
    let cpc = total / n.values().sum::<u64>() as f64;
    let t = tally(ctx, |_| true);
    if t.judged == 0 {
        return vec![MetricRow::unavailable(id, "needs self-service sessions started at least the deflection window before the as-of time")];
    }
    let note = censored_note(ctx, t.censored);
    vec![MetricRow { n: Some(t.deflected), ..money(id, t.deflected as f64 * (cpc - s)) }.note(note)]
}

fn censored_note(ctx: &Ctx, censored: u64) -> String {
    if censored == 0 {
        return String::new();
    }
    join_notes(&[format!(
        "{} started in the last {} before the as-of time left out (not yet judged)",
        plural(censored, "session", "sessions"),
        super::duration_text(ctx.params.deflection_window())
    )])
}

/// `target_mix_savings`: cost at today's split − cost at the target split of the same demand.
pub fn target_mix_savings(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "target_mix_savings";
    let (n, total) = match assisted(ctx) {
        Err(why) => return vec![MetricRow::unavailable(id, &why)],
        Ok(x) => x,
    };
    let s = match self_service(ctx) {
        Err(why) => return vec![MetricRow::unavailable(id, &why)],
        Ok(s) => s,
    };
    let contacts = n.values().sum::<u64>();
    let cpc = total / contacts as f64;
    let t = tally(ctx, |_| true);
    if t.judged == 0 {
        return vec![MetricRow::unavailable(id, "needs self-service sessions started at least the deflection window before the as-of time")];
    }
    let share = ctx.params.target_self_service_pct() / 100.0;
    let demand = (t.deflected + contacts) as f64;
    let today = contacts as f64 * cpc + t.deflected as f64 * s;
    let target = demand * share * s + demand * (1.0 - share) * cpc;
    let pct = ctx.params.target_self_service_pct();
    let note = join_notes(&[
        format!("target {}:{} on a demand of {}", fmt_pct(pct), fmt_pct(100.0 - pct), t.deflected + contacts),
        censored_note(ctx, t.censored),
    ]);
    vec![MetricRow { n: Some(t.deflected + contacts), ..money(id, today - target) }.note(note)]
}

fn fmt_pct(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}
