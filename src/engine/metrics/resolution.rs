//! Resolution: are problems solved the first time, without reopening or coming back?
//!
//! # Formula
//! - first_contact_resolution_rate = resolved contacts with a known customer that have no
//!   follow-up ÷ resolved contacts with a known customer. A follow-up is another demand
//!   contact of the same customer created in (resolved, resolved + R], of the same issue type
//!   where both issue types are known (either blank → any issue type breaks FCR).
//! - one_touch_resolution_rate = resolved contacts with agent_replies ≤ 1 and reopens = 0 ÷
//!   resolved contacts with agent_replies and reopens known.
//! - escalation_rate = escalated ÷ contacts with `escalated` known.
//! - reopen_rate = resolved contacts with reopens ≥ 1 ÷ resolved contacts with reopens known.
//! - repeat_contact_rate = contacts with a known customer followed by another contact of the
//!   same customer created in (created, created + R] ÷ contacts with a known customer.
//! - channel_switch_rate = customers with two contacts on different channels whose created
//!   times are at most R apart (|Δ| ≤ R) ÷ customers with ≥ 2 contacts.
//! # Inclusion
//! "Resolved" means a `resolved` timestamp (the first solve); calls have none unless their
//! export carries one. Follow-ups for FCR and repeat contacts are looked for in all loaded
//! demand contacts (short-abandoned calls included: every call is a contact), whatever the
//! period and filters. channel_switch_rate looks at the contacts of the period and filters
//! only, so that its numerator's customers are all in its denominator.
//! Censoring (METRICS.md §4a): FCR leaves out contacts resolved less than R before the as-of
//! time (resolved + R > as-of); repeat_contact_rate those created less than R before it. The
//! note says how many.
//! # Edge cases
//! Windows are half-open: a follow-up exactly at resolved + R (or created + R) counts, one at
//! exactly resolved (or created) does not. Two contacts of one customer created at the same
//! instant are not repeats of each other (neither is after the other), but are a channel
//! switch when their channels differ (Δ = 0 ≤ R). Empty inputs → "not available", never 0.

use super::{join_notes, plural, rate_rows, Ctx, InRate, LeftOut, MetricRow, FOLLOW_UP_FCR, FOLLOW_UP_REPEAT};

/// The family's metrics in catalogue order (each a function of the context).
pub const METRICS: &[super::Metric] = &[first_contact_resolution_rate, one_touch_resolution_rate, escalation_rate, reopen_rate, repeat_contact_rate, channel_switch_rate];

/// Every resolution metric row.
pub fn rows(ctx: &Ctx) -> Vec<MetricRow> {
    METRICS.iter().flat_map(|m| m(ctx)).collect()
}

fn censor_note(left_out: LeftOut, what: &str, ctx: &Ctx) -> String {
    let (n_unknown, n_censored) = (left_out.unknown_customer, left_out.censored);
    let mut parts = Vec::new();
    if n_censored > 0 {
        parts.push(format!(
            "{} {what} in the last {} before the as-of time left out (their window is not over)",
            plural(n_censored, "contact", "contacts"),
            super::duration_text(ctx.params.repeat_window())
        ));
    }
    if n_unknown > 0 {
        parts.push(format!("{} with an unknown customer left out", plural(n_unknown, "contact", "contacts")));
    }
    join_notes(&parts)
}

/// `first_contact_resolution_rate`: resolved without a repeat contact within R; by channel,
/// agent, team, issue type, priority.
pub fn first_contact_resolution_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let r = ctx.params.repeat_window();
    let (mut rows, left_out) = rate_rows(
        ctx,
        "first_contact_resolution_rate",
        "needs resolved contacts with a known customer, resolved at least the repeat window before the as-of time",
        &ctx.dims(),
        |c| {
            let Some(t) = c.resolved.get() else { return InRate::Out };
            if c.customer.is_none() {
                InRate::UnknownCustomer
            } else if t.saturating_add(r) > ctx.as_of {
                InRate::Censored
            } else {
                InRate::from(Some(!ctx.has_follow_up(c, FOLLOW_UP_FCR)))
            }
        },
    );
    if let Some(head) = rows.first_mut() {
        *head = head.clone().note(censor_note(left_out, "resolved", ctx));
    }
    rows
}

/// `one_touch_resolution_rate`: resolved with at most one agent reply and never reopened.
pub fn one_touch_resolution_rate(ctx: &Ctx) -> Vec<MetricRow> {
    rate_rows(ctx, "one_touch_resolution_rate", "needs resolved contacts with agent_replies and reopens", &ctx.dims(), |c| {
        InRate::from(match (c.resolved.get(), c.agent_replies.get(), c.reopens.get()) {
            (Some(_), Some(replies), Some(reopens)) => Some(replies <= 1 && reopens == 0),
            _ => None,
        })
    })
    .0
}

/// `escalation_rate`: escalated ÷ contacts with `escalated` known.
pub fn escalation_rate(ctx: &Ctx) -> Vec<MetricRow> {
    rate_rows(ctx, "escalation_rate", "needs contacts with escalated", &ctx.dims(), |c| InRate::from(c.escalated)).0
}

/// `reopen_rate`: resolved contacts reopened at least once.
pub fn reopen_rate(ctx: &Ctx) -> Vec<MetricRow> {
    rate_rows(ctx, "reopen_rate", "needs resolved contacts with reopens", &ctx.dims(), |c| {
        InRate::from(match (c.resolved.get(), c.reopens.get()) {
            (Some(_), Some(n)) => Some(n >= 1),
            _ => None,
        })
    })
    .0
}

/// `repeat_contact_rate`: contacts followed by another from the same customer within R.
pub fn repeat_contact_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let r = ctx.params.repeat_window();
    let (mut rows, left_out) = rate_rows(
        ctx,
        "repeat_contact_rate",
        "needs contacts with a known customer, created at least the repeat window before the as-of time",
        &ctx.dims(),
        |c| {
            if c.customer.is_none() {
                InRate::UnknownCustomer
            } else if c.created.saturating_add(r) > ctx.as_of {
                InRate::Censored
            } else {
                InRate::from(Some(ctx.has_follow_up(c, FOLLOW_UP_REPEAT)))
            }
        },
    );
    if let Some(head) = rows.first_mut() {
        *head = head.clone().note(censor_note(left_out, "created", ctx));
    }
    rows
}

/// `channel_switch_rate`: customers who came back through a different channel within R ÷
/// customers with at least two contacts.
///
/// In a customer's contacts sorted by time, two contacts on different channels at most R
/// apart exist exactly when two *adjacent* ones do (walking from the first to the second the
/// channel must change somewhere, and adjacent gaps are no longer than the whole span), so one
/// pass over adjacent pairs decides it.
pub fn channel_switch_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "channel_switch_rate";
    let r = ctx.params.repeat_window();
    // The selected contacts customer by customer, each customer's by time: the grouping of
    // every loaded contact kept with the dataset, the unselected skipped (grouping the
    // selection afresh was a counting sort of a million contacts on every filter change).
    let kept = ctx.customer_order();
    let mut selected = vec![false; ctx.dataset.contacts.len()];
    ctx.pass(&ctx.contacts).for_each(|c| {
        if let Some(slot) = selected.get_mut(ctx.index_of(c)) {
            *slot = true;
        }
    });
    ctx.beat();
    let (mut num, mut den) = (0u64, 0u64);
    for s in ctx.pass(kept.start.windows(2)) {
        let range = s[0] as usize..s[1] as usize;
        let (Some(list), Some(channel), Some(created)) = (kept.order.get(range.clone()), kept.channel.get(range.clone()), kept.created.get(range)) else {
            continue;
        };
        let mut picked = list.iter().zip(channel).zip(created.iter()).filter(|((&i, _), _)| selected.get(i as usize).copied().unwrap_or(false)).map(|((_, ch), t)| (*ch, *t));
        let Some(mut previous) = picked.next() else { continue };
        let (mut n, mut switched) = (1u64, false);
        for (channel, created) in picked {
            n += 1;
            switched |= previous.0 != channel && created - previous.1 <= r;
            previous = (channel, created);
        }
        if n >= 2 {
            den += 1;
            num += u64::from(switched);
        }
    }
    let n_unknown = ctx.judged("unknown customer", |_, c| c.customer.is_none()).iter().filter(|u| **u).count() as u64;
    let note = if n_unknown > 0 { format!("{} with an unknown customer left out", plural(n_unknown, "contact", "contacts")) } else { String::new() };
    vec![MetricRow::rate(id, num, den, "needs customers with at least two contacts").note(note)]
}
