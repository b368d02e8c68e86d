//! Speed: how long customers wait for a first response, a resolution and an answer.
//!
//! # Formula
//! frt(c) = first_response(c) − created(c); res(c) = resolved(c) − created(c), both in the
//! chosen time basis (calendar, or business time inside business hours). FRT and resolution
//! time are the median, mean and nearest-rank p90 over contacts that have the timestamp.
//! first_response_buckets counts contacts in [0,1h), [1h,2h), [2h,6h), [6h,12h), [12h,24h),
//! [24h,∞) and "none" (no response yet).
//! first_response_target_rate = contacts with frt ≤ target(channel) ÷ contacts of channels with
//! a target that have a response or were created more than the target before the as-of time.
//! average_speed_of_answer = Σ queue_wait ÷ n over answered contacts with queue_wait.
//! service_level (phone, chat; each with its threshold T) = answered with queue_wait ≤ T ÷
//! (answered with queue_wait + abandoned in a queue after the short-abandon threshold).
//! # Inclusion
//! A response or resolution timestamped before creation was left out at ingestion (a
//! warning): that contact is in no FRT figure and in no bucket, and the note says how many.
//! Abandons at the welcome message or IVR never reached a queue and are not in service_level;
//! abandons at an unknown stage are counted as queue abandons (the cautious reading). What an
//! abandon and a short abandon are is defined once, in [`super::abandonment`]: for a queue
//! abandon without `abandon_wait_s` the queue wait is the wait (METRICS.md §4a).
//! # Edge cases
//! No contact with a response → "not available", never 0. Unanswered calls have no response:
//! they are "none" in the buckets and a miss in the target rate once older than the target.

use super::abandonment::{is_abandon, is_short_abandon, stage_of};
use super::{plural, Ctx, Dim, InRate, MetricRow, Num, NO_DURATION};
use crate::engine::record::{Channel, Contact, Stage, LEFT_OUT_FIRST_RESPONSE, LEFT_OUT_RESOLVED};
use crate::engine::stats::{summarise_ms, DURATION_BUCKETS};

/// The family's metrics in catalogue order (each a function of the context).
pub const METRICS: &[super::Metric] = &[first_response_time, first_response_buckets, first_response_target_rate, resolution_time, average_speed_of_answer, service_level];

/// Every speed metric row.
pub fn rows(ctx: &Ctx) -> Vec<MetricRow> {
    METRICS.iter().flat_map(|m| m(ctx)).collect()
}

fn left_out_note(n: u64, what: &str) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("{} with a {what} before creation left out", plural(n, "contact", "contacts"))
    }
}

/// `first_response_time`: median, mean, p90 of frt; by channel, agent, team, issue type, priority.
///
/// ```
/// # use deflect::engine::{metrics::{Ctx, speed}, params::{Filters, Params}, dataset::Dataset, ingest::*, time::Zone};
/// // Responses after 1 h, 2 h and 6 h; one ticket without a response.
/// // median = 2 h = 7200 s, mean = (3600 + 7200 + 21600) / 3 = 10800 s, p90 = rank ⌈2.7⌉ = 3 → 21600 s.
/// let csv = "id,channel,created,first_response\n\
///            1,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z\n\
///            2,email,2026-03-02T09:00:00Z,2026-03-02T11:00:00Z\n\
///            3,chat,2026-03-02T09:00:00Z,2026-03-02T15:00:00Z\n\
///            4,chat,2026-03-02T09:00:00Z,\n";
/// let ing = ingest_bytes("t.csv", csv.as_bytes(), &IngestOptions::new(Zone::utc())).unwrap();
/// let ds = Dataset::from_parts(ing.parts);
/// let (p, f) = (Params::default(), Filters::default());
/// let rows = speed::first_response_time(&Ctx::new(&ds, &p, &f));
/// assert_eq!((rows[0].median, rows[0].mean, rows[0].p90, rows[0].n), (Some(7200.0), Some(10800.0), Some(21600.0), Some(3)));
/// ```
pub fn first_response_time(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "first_response_time";
    let needs = "needs contacts with created and first_response";
    let frt = &ctx.durations().frt;
    let mut all: Vec<i64> = frt.iter().copied().filter(|v| *v != NO_DURATION).collect();
    let left_out = left_out_count(&bucket_slots(ctx, false));
    let whole = summarise_ms(&mut all);
    let mut out = vec![MetricRow::summary(id, whole, needs).note(left_out_note(left_out, "first response"))];
    for dim in ctx.dims() {
        for g in ctx.ordered(dim, ctx.summaries_by(dim, frt, whole)) {
            out.push(MetricRow::summary(id, g.acc, needs).by(dim.label(), g.label));
        }
    }
    out
}

/// Bucket counts of first response (or, with `resolution`, of resolution): one per
/// [`DURATION_BUCKETS`] entry, then "none".
type Buckets = [u64; DURATION_BUCKETS.len() + 1];

/// Each selected contact's slot in [`Buckets`] for first response (or, with `resolution`, for
/// resolution): "none" when it has none; `None` when its timestamp was left out at ingestion
/// (it is in no bucket). Judged once per dataset and time basis (see `Ctx::judged`).
fn bucket_slots(ctx: &Ctx, resolution: bool) -> std::sync::Arc<Vec<Option<u8>>> {
    let flag = if resolution { LEFT_OUT_RESOLVED } else { LEFT_OUT_FIRST_RESPONSE };
    let durations = ctx.durations_of_every_contact();
    let values = if resolution { &durations.res } else { &durations.frt };
    let name = if resolution { "resolution buckets" } else { "first response buckets" };
    ctx.judged(name, |position, c| {
        let ms = values.get(position).copied().unwrap_or(NO_DURATION);
        if c.left_out & flag != 0 {
            None
        } else if ms == NO_DURATION {
            Some(DURATION_BUCKETS.len() as u8)
        } else {
            Some(bucket_index(ms.max(0)) as u8)
        }
    })
}

/// How many selected contacts' timestamps were left out at ingestion, from their bucket slots.
fn left_out_count(slots: &[Option<u8>]) -> u64 {
    slots.iter().filter(|s| s.is_none()).count() as u64
}

/// Adds a contact's slot (from [`bucket_slots`]) to bucket counts.
fn add_slot(counts: &mut Buckets, slot: Option<u8>) {
    if let Some(s) = slot {
        counts[s as usize] += 1;
    }
}

/// Index in [`DURATION_BUCKETS`] of a non-negative duration.
fn bucket_index(ms: i64) -> usize {
    DURATION_BUCKETS.iter().position(|(_, lo, hi)| ms >= *lo && ms < *hi).unwrap_or(DURATION_BUCKETS.len() - 1)
}

/// Bucket counts as labelled pairs, "none" last.
fn bucket_pairs(counts: &Buckets) -> Vec<(String, u64)> {
    DURATION_BUCKETS.iter().map(|(l, _, _)| *l).chain(["none"]).zip(counts).map(|(l, n)| (l.to_string(), *n)).collect()
}

/// Counts per bucket of first response (or, with `resolution`, of resolution) of every
/// selected contact, "none" for contacts without one; contacts whose timestamp was left out at
/// ingestion are in none.
pub fn bucket_counts(ctx: &Ctx, resolution: bool) -> Vec<(String, u64)> {
    let mut counts = Buckets::default();
    for slot in bucket_slots(ctx, resolution).iter() {
        add_slot(&mut counts, *slot);
    }
    bucket_pairs(&counts)
}

/// `first_response_buckets`: the distribution of frt, overall and by channel.
pub fn first_response_buckets(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "first_response_buckets";
    if ctx.contacts.is_empty() {
        return vec![MetricRow::unavailable(id, "needs contacts")];
    }
    let slots = bucket_slots(ctx, false);
    let mut all = Buckets::default();
    for slot in slots.iter() {
        add_slot(&mut all, *slot);
    }
    let mut out = vec![MetricRow::counts(id, bucket_pairs(&all)).note(left_out_note(left_out_count(&slots), "first response"))];
    for g in ctx.breakdown(Dim::Channel, 0..slots.len(), |b: &mut Buckets, i| add_slot(b, slots[i])) {
        out.push(MetricRow::counts(id, bucket_pairs(&g.acc)).by("channel", g.label));
    }
    out
}

/// The first-response target of each channel (by `Channel as usize`), if it has one.
fn targets(ctx: &Ctx) -> [Option<i64>; Channel::ALL.len()] {
    let mut t = [None; Channel::ALL.len()];
    for (ch, target) in ctx.params.frt_targets() {
        t[*ch as usize] = Some(*target);
    }
    t
}

/// `first_response_target_rate`: answered within the channel's target; overall and by channel.
pub fn first_response_target_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "first_response_target_rate";
    let needs = "needs contacts on channels with a first-response target that are answered or older than the target";
    let targets = targets(ctx);
    // Each contact judged once per dataset (see `Ctx::judged`): out (no target, or its
    // response left out), a hit or a miss, or censored (unanswered and still within the
    // target at the as-of time).
    let durations = ctx.durations_of_every_contact();
    let verdicts = ctx.judged(id, |position, c| {
        let Some(target) = targets[c.channel as usize] else { return InRate::Out };
        if c.left_out & LEFT_OUT_FIRST_RESPONSE != 0 {
            return InRate::Out;
        }
        match durations.frt.get(position).copied().filter(|d| *d != NO_DURATION) {
            Some(ms) => InRate::from(Some(ms <= target)),
            None if ctx.params.duration(c.created, ctx.as_of) > target => InRate::Miss,
            None => InRate::Censored,
        }
    });
    let add = |(num, den): &mut (u64, u64), i: usize| match verdicts[i] {
        InRate::Hit => {
            *num += 1;
            *den += 1;
        }
        InRate::Miss => *den += 1,
        _ => {}
    };
    let mut all = (0, 0);
    for i in 0..verdicts.len() {
        add(&mut all, i);
    }
    let (num, den) = all;
    let pending = verdicts.iter().filter(|v| **v == InRate::Censored).count() as u64;
    let note = if pending > 0 {
        format!("{} still within the target at the as-of time left out", plural(pending, "unanswered contact", "unanswered contacts"))
    } else {
        String::new()
    };
    let mut out = vec![MetricRow::rate(id, num, den, needs).note(note)];
    for g in ctx.breakdown(Dim::Channel, 0..verdicts.len(), add) {
        let ch = Channel::from_label(&g.label);
        if ch.is_some_and(|c| targets[c as usize].is_some()) {
            let (n, d) = g.acc;
            out.push(MetricRow::rate(id, n, d, needs).by("channel", g.label));
        }
    }
    out
}

/// `resolution_time`: median, mean, p90 of created → first resolution, with bucket counts
/// ("none" = not resolved) on every row; by channel, agent, team, issue type, priority.
pub fn resolution_time(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "resolution_time";
    let needs = "needs contacts with created and resolved";
    let row = |summary, buckets: &Buckets| {
        let mut r = MetricRow::summary(id, summary, needs);
        if r.unavailable.is_none() {
            r.counts = Some(super::Counts(bucket_pairs(buckets)));
        }
        r
    };
    let res = &ctx.durations().res;
    let mut all: Vec<i64> = res.iter().copied().filter(|v| *v != NO_DURATION).collect();
    let slots = bucket_slots(ctx, true);
    let mut buckets = Buckets::default();
    for slot in slots.iter() {
        add_slot(&mut buckets, *slot);
    }
    let whole = summarise_ms(&mut all);
    let mut out = vec![row(whole, &buckets).note(left_out_note(left_out_count(&slots), "resolution"))];
    for dim in ctx.dims() {
        let summaries = ctx.summaries_by(dim, res, whole);
        let mut buckets: Vec<(u64, Buckets)> = vec![(0, Buckets::default()); ctx.groups(dim).labels.len()];
        for (g, slot) in ctx.groups(dim).of.iter().zip(slots.iter()) {
            if let Some(e) = buckets.get_mut(*g as usize) {
                add_slot(&mut e.1, *slot);
            }
        }
        let per_group = summaries.into_iter().zip(buckets).map(|((size, s), (_, b))| (size, (s, b))).collect();
        for g in ctx.ordered(dim, per_group) {
            let (s, b) = g.acc;
            out.push(row(s, &b).by(dim.label(), g.label));
        }
    }
    out
}

/// `average_speed_of_answer`: mean queue wait of answered contacts (seconds); by channel.
pub fn average_speed_of_answer(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "average_speed_of_answer";
    let needs = "needs answered calls or chats with queue_wait_s";
    // (n, Σ wait ms) over answered contacts with a queue wait.
    let add = |(n, sum): &mut (u64, i128), i: usize| {
        let c: &Contact = ctx.contacts[i];
        if let (Some(true), Some(w)) = (c.answered, c.queue_wait.get()) {
            *n += 1;
            *sum += i128::from(w);
        }
    };
    let mean = |(n, sum): (u64, i128)| (n > 0).then(|| sum as f64 / n as f64 / 1000.0);
    let mut all = (0, 0);
    ctx.pass(0..ctx.contacts.len()).for_each(|i| add(&mut all, i));
    let mut out = vec![MetricRow::value_n(id, mean(all), all.0, needs)];
    if all.0 > 0 {
        for g in ctx.breakdown(Dim::Channel, 0..ctx.contacts.len(), add) {
            if g.acc.0 > 0 {
                out.push(MetricRow::value_n(id, mean(g.acc), g.acc.0, needs).by("channel", g.label));
            }
        }
    }
    out
}

fn service_level_counts(ctx: &Ctx, contacts: &[&Contact], channel: Channel, threshold: i64) -> (u64, u64) {
    let (mut num, mut den) = (0, 0);
    ctx.pass(contacts).filter(|c| c.channel == channel).for_each(|c| {
        if c.answered == Some(true) {
            if let Some(w) = c.queue_wait.get() {
                den += 1;
                if w <= threshold {
                    num += 1;
                }
            }
        } else if is_abandon(c) && matches!(stage_of(c), Stage::Queue | Stage::Ringing | Stage::Unknown) && !is_short_abandon(ctx, c) {
            den += 1;
        }
    });
    (num, den)
}

/// `service_level`: phone and chat, each with its own threshold; a total row and one per channel.
///
/// ```
/// # use deflect::engine::{metrics::{Ctx, speed}, params::{Filters, Params}, dataset::Dataset, ingest::*, time::Zone};
/// // METRICS.md §7: waits 10 s and 30 s answered, 3 s abandoned (short), 40 s abandoned in
/// // queue, 12 s abandoned in the IVR. SL = answered ≤ 20 s (1) ÷ (2 answered + 1 queue abandon).
/// let csv = "id,channel,created,answered,queue_wait_s,abandoned,abandon_stage,abandon_wait_s\n\
///            1,phone,2026-03-02T09:00:00+01:00,Y,10,N,,\n\
///            2,phone,2026-03-02T09:01:00+01:00,Y,30,N,,\n\
///            3,phone,2026-03-02T09:02:00+01:00,N,,Y,queue,3\n\
///            4,phone,2026-03-02T09:03:00+01:00,N,,Y,queue,40\n\
///            5,phone,2026-03-02T09:04:00+01:00,N,,Y,ivr,12\n";
/// let ing = ingest_bytes("calls.csv", csv.as_bytes(), &IngestOptions::new(Zone::utc())).unwrap();
/// let ds = Dataset::from_parts(ing.parts);
/// let (p, f) = (Params::default(), Filters::default());
/// let rows = speed::service_level(&Ctx::new(&ds, &p, &f));
/// assert_eq!((rows[0].num.map(|n| n.as_f64()), rows[0].den.map(|n| n.as_f64())), (Some(1.0), Some(3.0)));
/// ```
pub fn service_level(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "service_level";
    let needs = "needs answered or queue-abandoned phone or chat contacts with queue_wait_s";
    let phone = service_level_counts(ctx, &ctx.contacts, Channel::Phone, ctx.params.service_level_phone());
    let chat = service_level_counts(ctx, &ctx.contacts, Channel::Chat, ctx.params.service_level_chat());
    let mut out = vec![MetricRow::rate(id, phone.0 + chat.0, phone.1 + chat.1, needs)];
    for (ch, (n, d)) in [("phone", phone), ("chat", chat)] {
        if d > 0 {
            out.push(MetricRow::rate(id, n, d, needs).by("channel", ch));
        }
    }
    out
}

/// The value of a rate row as a fraction (tests and UI).
pub fn rate_of(r: &MetricRow) -> Option<(u64, u64)> {
    match (r.num, r.den) {
        (Some(Num::Int(n)), Some(Num::Int(d))) => Some((n as u64, d as u64)),
        _ => None,
    }
}
