//! Abandonment: callers who hang up before reaching an agent, when and where they give up.
//!
//! # Formula
//! A call is *abandoned* when it is flagged abandoned (or, without an abandoned flag, flagged
//! not answered), no agent answered it, and its stage is not hold. Its *wait* is the time
//! spent in the stage where the caller hung up (`abandon_wait_s`; for queue abandons without
//! one, `queue_wait_s`). A *short abandon* is an abandoned call whose wait is known and below
//! the short-abandon threshold. offered = calls − short abandons.
//! - abandonment_rate = abandoned (not short) ÷ offered; by team, issue type, priority.
//! - abandonment_by_weekday / abandonment_by_hour: the same per local weekday / hour of
//!   `created` in the report zone, every weekday and hour listed.
//! - abandonment_by_stage, per stage: `value` = abandoned at the stage ÷ offered calls that
//!   reached it (welcome, IVR and unknown: every offered call; queue: offered calls that
//!   entered a queue, i.e. answered, with a queue wait, or abandoned in the queue or while
//!   ringing; ringing: answered calls and ringing abandons; hold: hang-ups on hold ÷ answered
//!   calls put on hold), and except for hold `share` = abandoned at the stage ÷ all abandoned.
//! - time_to_abandon: median, mean and p90 (nearest rank) of the waits of abandoned calls
//!   (not short); `value` = the median; by stage.
//! # Inclusion
//! Calls are contacts on the phone channel. Hang-ups on hold, after an agent answered, are not
//! abandons (they are in the hold stage row only). An abandon whose wait is unknown cannot be
//! shown to be short and is counted (the note says how many). An abandon without a stage is
//! at stage "unknown". Waits are durations exported by the phone system and are reported as
//! exported, in calendar time, whatever the time basis.
//! # Edge cases
//! A wait exactly at the threshold is not short (short means sooner). No offered calls →
//! "not available", never 0. Hours follow the report zone: on a DST change day the skipped
//! hour has no calls and the repeated hour collects both.

use super::{join_notes, plural, Ctx, Dim, MetricRow};
use crate::engine::record::{Channel, Contact, Stage};
use crate::engine::stats::summarise_ms;
use crate::engine::time::WEEKDAYS;

/// The family's metrics in catalogue order (each a function of the context).
pub const METRICS: &[super::Metric] = &[abandonment_rate, abandonment_by_weekday, abandonment_by_hour, abandonment_by_stage, time_to_abandon];

/// Every abandonment metric row.
pub fn rows(ctx: &Ctx) -> Vec<MetricRow> {
    METRICS.iter().flat_map(|m| m(ctx)).collect()
}

/// Did the caller (or chat customer) give up before an agent answered? Flagged abandoned, or
/// without an abandoned flag flagged not answered; never when answered or at stage hold.
pub fn is_abandon(c: &Contact) -> bool {
    let flagged = match c.abandoned {
        Some(b) => b,
        None => c.answered == Some(false),
    };
    flagged && c.answered != Some(true) && c.abandon_stage != Some(Stage::Hold)
}

/// Stage of an abandon (unknown when not recorded).
pub fn stage_of(c: &Contact) -> Stage {
    c.abandon_stage.unwrap_or(Stage::Unknown)
}

/// The wait before the hang-up, in the stage where it happened (METRICS.md §4a):
/// `abandon_wait_s`, or for a queue abandon without one its `queue_wait_s`.
pub fn abandon_wait(c: &Contact) -> Option<i64> {
    c.abandon_wait.get().or(if c.abandon_stage == Some(Stage::Queue) { c.queue_wait.get() } else { None })
}

/// True when an abandon gave up sooner than the short-abandon threshold (its wait is known and
/// below it). Short abandons are left out of abandonment, service level and time to abandon.
pub fn is_short_abandon(ctx: &Ctx, c: &Contact) -> bool {
    is_abandon(c) && abandon_wait(c).is_some_and(|w| w < ctx.params.short_abandon())
}

/// Hung up on hold after an agent answered.
pub fn is_hold_hang_up(c: &Contact) -> bool {
    c.answered == Some(true) && c.abandoned == Some(true) && c.abandon_stage == Some(Stage::Hold)
}

/// Offered calls of the selection (calls minus short abandons, as indices into
/// [`Ctx::contacts`]) and how many were short.
fn offered(ctx: &Ctx) -> (Vec<usize>, u64) {
    let mut out = Vec::new();
    let mut short = 0;
    ctx.pass(ctx.contacts.iter().enumerate()).filter(|(_, c)| c.channel == Channel::Phone).for_each(|(i, c)| {
        if is_short_abandon(ctx, c) {
            short += 1;
        } else {
            out.push(i);
        }
    });
    (out, short)
}

/// The contacts behind indices into [`Ctx::contacts`].
fn contacts_of<'a>(ctx: &Ctx<'a>, idx: &[usize]) -> Vec<&'a Contact> {
    crate::engine::map_beating(idx, ctx.heartbeat, |_, i| ctx.contacts[*i])
}

fn count_abandons(ctx: &Ctx, cs: &[&Contact]) -> u64 {
    ctx.pass(cs).filter(|c| is_abandon(c)).count() as u64
}

const NEEDS: &str = "needs calls (phone contacts) beyond short abandons";

/// `abandonment_rate`: abandoned ÷ offered; by team, issue type, priority.
pub fn abandonment_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "abandonment_rate";
    let (idx, short) = offered(ctx);
    let calls = contacts_of(ctx, &idx);
    let hold = ctx.pass(&calls).filter(|c| is_hold_hang_up(c)).count() as u64;
    let unknown_wait = ctx.pass(&calls).filter(|c| is_abandon(c) && abandon_wait(c).is_none()).count() as u64;
    let mut parts = Vec::new();
    if short > 0 {
        parts.push(format!(
            "{} under {} left out",
            plural(short, "short abandon", "short abandons"),
            super::duration_text(ctx.params.short_abandon())
        ));
    }
    if hold > 0 {
        parts.push(format!("{} on hold not counted as abandons", plural(hold, "hang-up", "hang-ups")));
    }
    if unknown_wait > 0 {
        parts.push(format!("{} with an unknown wait counted", plural(unknown_wait, "abandon", "abandons")));
    }
    let mut out = vec![MetricRow::rate(id, count_abandons(ctx, &calls), calls.len() as u64, NEEDS).note(join_notes(&parts))];
    if calls.is_empty() {
        return out;
    }
    for dim in [Dim::Team, Dim::IssueType, Dim::Priority] {
        if !ctx.pass(&calls).any(|c| dim_has_value(dim, c)) {
            continue;
        }
        for g in ctx.breakdown(dim, idx.iter().copied(), |n: &mut u64, i| *n += u64::from(is_abandon(ctx.contacts[i]))) {
            out.push(MetricRow::rate(id, g.acc, g.n, NEEDS).by(dim.label(), g.label));
        }
    }
    out
}

fn dim_has_value(dim: Dim, c: &Contact) -> bool {
    match dim {
        Dim::Channel => true,
        Dim::Agent => !c.agent.is_none(),
        Dim::Team => !c.team.is_none(),
        Dim::IssueType => !c.issue_type.is_none(),
        Dim::Priority => !c.priority.is_none(),
    }
}

/// `abandonment_by_weekday`: the abandonment rate for every weekday Mon–Sun of `created`.
pub fn abandonment_by_weekday(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "abandonment_by_weekday";
    let (calls, _) = offered(ctx);
    if calls.is_empty() {
        return vec![MetricRow::unavailable(id, NEEDS)];
    }
    let local = ctx.local();
    let mut n = [(0u64, 0u64); 7];
    for i in ctx.pass(calls) {
        if let Some(e) = n.get_mut(local[i].weekday as usize) {
            e.1 += 1;
            e.0 += u64::from(is_abandon(ctx.contacts[i]));
        }
    }
    n.iter().zip(WEEKDAYS).map(|((a, o), day)| MetricRow::rate(id, *a, *o, "needs offered calls on this weekday").by("weekday", day)).collect()
}

/// `abandonment_by_hour`: the abandonment rate for every local hour 0–23 of `created`.
pub fn abandonment_by_hour(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "abandonment_by_hour";
    let (calls, _) = offered(ctx);
    if calls.is_empty() {
        return vec![MetricRow::unavailable(id, NEEDS)];
    }
    let local = ctx.local();
    let mut n = [(0u64, 0u64); 24];
    for i in ctx.pass(calls) {
        if let Some(e) = n.get_mut(local[i].hour as usize) {
            e.1 += 1;
            e.0 += u64::from(is_abandon(ctx.contacts[i]));
        }
    }
    n.iter()
        .enumerate()
        .map(|(h, (a, o))| MetricRow::rate(id, *a, *o, "needs offered calls in this hour").by("hour", h.to_string()))
        .collect()
}

/// Did an offered call enter a queue? Answered, with a queue wait, or abandoned in the queue
/// or while ringing.
fn entered_queue(c: &Contact) -> bool {
    c.answered == Some(true) || c.queue_wait.is_some() || (is_abandon(c) && matches!(stage_of(c), Stage::Queue | Stage::Ringing))
}

/// `abandonment_by_stage`: per stage (`by: "stage"`) the rate among calls that reached it and
/// the share of all abandons; hold hang-ups with a rate only.
pub fn abandonment_by_stage(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "abandonment_by_stage";
    let calls = contacts_of(ctx, &offered(ctx).0);
    if calls.is_empty() {
        return vec![MetricRow::unavailable(id, NEEDS)];
    }
    let total = count_abandons(ctx, &calls);
    let at = |stage: Stage| ctx.pass(&calls).filter(|c| is_abandon(c) && stage_of(c) == stage).count() as u64;
    let all = calls.len() as u64;
    let in_queue = ctx.pass(&calls).filter(|c| entered_queue(c)).count() as u64;
    let ringing = ctx.pass(&calls).filter(|c| c.answered == Some(true) || (is_abandon(c) && stage_of(c) == Stage::Ringing)).count() as u64;
    let mut out = Vec::new();
    for (stage, den) in [(Stage::Welcome, all), (Stage::Ivr, all), (Stage::Queue, in_queue), (Stage::Ringing, ringing), (Stage::Unknown, all)] {
        let num = at(stage);
        if stage == Stage::Unknown && num == 0 {
            continue;
        }
        let mut row = MetricRow::rate(id, num, den, "needs offered calls that reached this stage").by("stage", stage.label());
        row.share = (total > 0).then(|| num as f64 / total as f64);
        out.push(row);
    }
    let on_hold = ctx.pass(&calls).filter(|c| c.answered == Some(true) && (c.hold.get().is_some_and(|h| h > 0) || c.abandon_stage == Some(Stage::Hold))).count() as u64;
    let hung_up = ctx.pass(&calls).filter(|c| is_hold_hang_up(c)).count() as u64;
    out.push(
        MetricRow::rate(id, hung_up, on_hold, "needs answered calls put on hold").by("stage", Stage::Hold.label()).note("hang-ups on hold are not abandons"),
    );
    out
}

/// `time_to_abandon`: how long abandoning callers waited (median, mean, p90; `value` = median);
/// by stage.
pub fn time_to_abandon(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "time_to_abandon";
    let needs = "needs abandoned calls with a known wait";
    let calls = contacts_of(ctx, &offered(ctx).0);
    let abandons: Vec<&Contact> = calls.into_iter().filter(|c| is_abandon(c)).collect();
    let row = |cs: &[&Contact]| {
        let mut waits: Vec<i64> = cs.iter().filter_map(|c| abandon_wait(c)).collect();
        let mut r = MetricRow::summary(id, summarise_ms(&mut waits), needs);
        r.value = r.median.map(super::Num::Float);
        r
    };
    let unknown = abandons.iter().filter(|c| abandon_wait(c).is_none()).count() as u64;
    let note = if unknown > 0 { format!("{} with an unknown wait left out", plural(unknown, "abandon", "abandons")) } else { String::new() };
    let mut out = vec![row(&abandons).note(note)];
    if abandons.iter().any(|c| abandon_wait(c).is_some()) {
        for stage in [Stage::Welcome, Stage::Ivr, Stage::Queue, Stage::Ringing, Stage::Unknown] {
            let cs: Vec<&Contact> = abandons.iter().copied().filter(|c| stage_of(c) == stage).collect();
            if cs.iter().any(|c| abandon_wait(c).is_some()) {
                out.push(row(&cs).by("stage", stage.label()));
            }
        }
    }
    out
}
