//! Volume: how much demand arrives, when, through which channel, and what is still open.
//!
//! # Formula
//! contact_volume = count of demand contacts created in the period; by day (`2026-03-02`),
//! ISO week (`2026-W10`), channel, agent, team, issue type and priority.
//! volume_by_hour / volume_by_weekday = counts by local hour 0–23 / weekday Mon–Sun of
//! `created` in the report zone, zeros included; volume_heatmap = weekday × hour counts.
//! out_of_hours_share = contacts created outside business hours ÷ contacts.
//! open_backlog = contacts created by the as-of time and neither resolved nor closed by it,
//! counted by age (as-of − created) in [0,1d), [1d,3d), [3d,7d), [7d,30d), [30d,∞).
//! channel_mix = per ISO week, contacts per channel and deflected self-service sessions
//! ("self_service"), each ÷ their sum. Sessions started less than W before the as-of time
//! cannot be judged deflected yet and are not counted (the note says how many).
//! # Inclusion
//! Not-demand contacts (outbound, spam, test) are in none of these. The backlog looks at every
//! loaded contact passing the filters, not only those created in the period, and leaves out
//! calls (a call ends when it ends) and contacts whose status says solved or closed even
//! without a timestamp.
//! # Edge cases
//! Hours and weekdays follow the report zone across DST: on a day with 23 or 25 hours a local
//! hour simply has fewer or more contacts. No contacts → counts of 0 for volume, "not
//! available" for shares.

use std::collections::BTreeMap;

use super::{plural, Ctx, Dim, MetricRow, Num};
use crate::engine::record::Channel;
use crate::engine::stats::{age_bucket, AGE_BUCKETS};
use crate::engine::time::{date_label, iso_week_label, WEEKDAYS};

/// The family's metrics in catalogue order (each a function of the context).
pub const METRICS: &[super::Metric] = &[contact_volume, volume_by_hour, volume_by_weekday, volume_heatmap, out_of_hours_share, open_backlog, channel_mix];

/// Every volume metric row.
pub fn rows(ctx: &Ctx) -> Vec<MetricRow> {
    METRICS.iter().flat_map(|m| m(ctx)).collect()
}

/// `contact_volume`: total, per day, per ISO week, and by every dimension with data.
pub fn contact_volume(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "contact_volume";
    let mut out = vec![MetricRow::count(id, ctx.contacts.len() as u64)];
    for dim in ctx.dims() {
        for g in ctx.breakdown(dim, 0..ctx.contacts.len(), |_: &mut (), _| ()) {
            out.push(MetricRow::count(id, g.n).by(dim.label(), g.label));
        }
    }
    // Counted by date first (contacts are sorted by time, so runs of one date are counted
    // without a lookup), labelled once per date.
    let mut by_date: Vec<(jiff::civil::Date, u64)> = Vec::new();
    for l in ctx.local() {
        let d = l.date;
        match by_date.last_mut() {
            Some((last, n)) if *last == d => *n += 1,
            _ => by_date.push((d, 1)),
        }
    }
    let mut days: BTreeMap<String, u64> = BTreeMap::new();
    let mut weeks: BTreeMap<String, u64> = BTreeMap::new();
    for (d, n) in by_date {
        *days.entry(date_label(d)).or_default() += n;
        *weeks.entry(iso_week_label(d)).or_default() += n;
    }
    out.extend(days.into_iter().map(|(d, n)| MetricRow::count(id, n).by("day", d)));
    out.extend(weeks.into_iter().map(|(w, n)| MetricRow::count(id, n).by("week", w)));
    out
}

/// Selected contacts by local hour 0–23 of `created`.
pub fn hour_counts(ctx: &Ctx) -> [u64; 24] {
    let mut h = [0u64; 24];
    for l in ctx.local() {
        h[l.hour as usize] += 1;
    }
    h
}

/// `volume_by_hour`: every hour 0–23, zeros included.
pub fn volume_by_hour(ctx: &Ctx) -> Vec<MetricRow> {
    hour_counts(ctx).iter().enumerate().map(|(h, n)| MetricRow::count("volume_by_hour", *n).by("hour", h.to_string())).collect()
}

/// `volume_by_weekday`: every weekday Mon–Sun, zeros included.
pub fn volume_by_weekday(ctx: &Ctx) -> Vec<MetricRow> {
    let mut w = [0u64; 7];
    for l in ctx.local() {
        w[l.weekday as usize] += 1;
    }
    w.iter().enumerate().map(|(i, n)| MetricRow::count("volume_by_weekday", *n).by("weekday", WEEKDAYS[i])).collect()
}

/// `volume_heatmap`: one row whose counts are keyed `Mon 00` … `Sun 23`.
pub fn volume_heatmap(ctx: &Ctx) -> Vec<MetricRow> {
    let mut grid = [[0u64; 24]; 7];
    for l in ctx.local() {
        grid[l.weekday as usize][l.hour as usize] += 1;
    }
    let mut counts = Vec::with_capacity(168);
    for (d, row) in grid.iter().enumerate() {
        for (h, n) in row.iter().enumerate() {
            counts.push((format!("{} {:02}", WEEKDAYS[d], h), *n));
        }
    }
    vec![MetricRow::counts("volume_heatmap", counts)]
}

/// `out_of_hours_share`: contacts created outside business hours ÷ contacts.
pub fn out_of_hours_share(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "out_of_hours_share";
    let local = ctx.local();
    let outside = |i: usize| !ctx.params.business_hours().is_open_local(&local[i]);
    let all = (0..local.len()).filter(|i| outside(*i)).count() as u64;
    let mut out = vec![MetricRow::rate(id, all, local.len() as u64, "needs contacts")];
    if !ctx.contacts.is_empty() {
        for g in ctx.breakdown(Dim::Channel, 0..local.len(), |n: &mut u64, i| *n += u64::from(outside(i))) {
            out.push(MetricRow::rate(id, g.acc, g.n, "needs contacts").by("channel", g.label));
        }
    }
    out
}

/// True when the status text says the contact is solved or closed (English, Italian,
/// Portuguese, Spanish).
pub fn status_is_closed(status: &str) -> bool {
    matches!(
        status.trim().to_lowercase().as_str(),
        "solved" | "closed" | "resolved" | "done" | "completed" | "complete" | "risolto" | "chiuso" | "resolvido" | "fechado"
            | "concluído" | "resuelto" | "cerrado" | "4" | "5"
    )
}

/// A contact not open at the as-of time, in `open_backlog`'s judgements (the others hold their
/// age bucket's index in [`AGE_BUCKETS`]).
const NOT_OPEN: u8 = u8::MAX;

/// `open_backlog`: contacts open at the as-of time by age; by channel, team and priority.
pub fn open_backlog(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "open_backlog";
    // Everything loaded that passes the filters, created by the as-of time: a contact created
    // before the period and still open is part of the backlog. Each contact's age bucket at the
    // as-of time (or none: not open) is judged once per dataset (see `Ctx::judged`).
    let age = ctx.judged_among(&ctx.filtered, id, |_, c| {
        let open = c.channel != Channel::Phone
            && c.created <= ctx.as_of
            && c.resolved.get().is_none_or(|t| t > ctx.as_of)
            && c.closed.get().is_none_or(|t| t > ctx.as_of)
            && !(c.resolved.is_none() && c.closed.is_none() && status_is_closed(ctx.text(c.status)));
        let bucket = || AGE_BUCKETS.iter().position(|(l, _, _)| *l == age_bucket(ctx.as_of - c.created)).map_or(NOT_OPEN, |i| i as u8);
        if open {
            bucket()
        } else {
            NOT_OPEN
        }
    });
    let open = || ctx.pass(ctx.filtered.iter().copied().zip(age.iter().copied())).filter(|(_, a)| *a != NOT_OPEN);
    let add = |counts: &mut [u64; AGE_BUCKETS.len()], a: u8| counts[a as usize] += 1;
    let labelled = |counts: &[u64; AGE_BUCKETS.len()]| AGE_BUCKETS.iter().zip(counts).map(|((l, _, _), n)| (l.to_string(), *n)).collect::<Vec<_>>();
    let mut all = [0; AGE_BUCKETS.len()];
    open().for_each(|(_, a)| add(&mut all, a));
    let mut head = MetricRow::counts(id, labelled(&all));
    head.value = Some(Num::Int(all.iter().sum::<u64>() as i64));
    let mut out = vec![head.note("calls are not counted: a call ends when it ends")];
    for dim in [Dim::Channel, Dim::Team, Dim::Priority] {
        if dim == Dim::Priority && !open().any(|(c, _)| !c.priority.is_none()) {
            continue;
        }
        for g in ctx.breakdown_loaded(dim, open(), add) {
            let mut r = MetricRow::counts(id, labelled(&g.acc)).by(dim.label(), g.label);
            r.value = Some(Num::Int(g.n as i64));
            out.push(r);
        }
    }
    out
}

/// `channel_mix`: per ISO week, contacts per channel and deflected sessions ("self_service"),
/// as counts; and for the whole period each channel's share of their sum.
pub fn channel_mix(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "channel_mix";
    let mut weeks: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut total: BTreeMap<String, u64> = BTreeMap::new();
    // Counted per date and channel (runs of one date need no lookup), labelled once per date.
    let mut by_date: Vec<(jiff::civil::Date, [u64; 7])> = Vec::new();
    ctx.pass(ctx.contacts.iter().zip(ctx.local())).for_each(|(c, l)| {
        let d = l.date;
        if by_date.last().is_none_or(|(last, _)| *last != d) {
            by_date.push((d, [0; 7]));
        }
        if let Some((_, n)) = by_date.last_mut() {
            n[c.channel as usize] += 1;
        }
    });
    for (d, per_channel) in by_date {
        let week = weeks.entry(iso_week_label(d)).or_default();
        for (ch, n) in Channel::ALL.iter().zip(per_channel).filter(|(_, n)| *n > 0) {
            *week.entry(ch.label().to_string()).or_default() += n;
            *total.entry(ch.label().to_string()).or_default() += n;
        }
    }
    let mut deflected = 0u64;
    let mut censored = 0u64;
    // Under contact filters sessions cannot be narrowed alike: the mix is of contacts only.
    let sessions: &[&crate::engine::record::Session] = if ctx.filtered_contacts { &[] } else { &ctx.sessions };
    for (s, d) in sessions.iter().zip(ctx.deflection()) {
        match d {
            Some(true) => {
                let w = iso_week_label(ctx.params.zone().local(s.started).date);
                *weeks.entry(w).or_default().entry("self_service".into()).or_default() += 1;
                deflected += 1;
            }
            Some(false) => {}
            None => censored += 1,
        }
    }
    if deflected > 0 {
        total.insert("self_service".into(), deflected);
    }
    let sum: u64 = total.values().sum();
    if sum == 0 {
        return vec![MetricRow::unavailable(id, "needs contacts or deflected sessions")];
    }
    let mut head = MetricRow::counts(id, total.iter().map(|(k, v)| (k.clone(), *v)).collect());
    head.value = Some(Num::Int(sum as i64));
    let mut notes = Vec::new();
    if ctx.filtered_contacts && !ctx.sessions.is_empty() {
        notes.push("self-service not included: sessions cannot be filtered by channel, team, agent or issue type".to_string());
    } else if !ctx.sessions.is_empty() {
        notes.push(format!("self_service = {}", plural(deflected, "deflected session", "deflected sessions")));
    }
    if censored > 0 {
        notes.push(format!(
            "{} started in the last {} before the as-of time not yet judged, so not counted",
            plural(censored, "session", "sessions"),
            super::duration_text(ctx.params.deflection_window())
        ));
    }
    let mut out = vec![head.note(super::join_notes(&notes))];
    let mut shares: Vec<(&String, &u64)> = total.iter().collect();
    shares.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (k, v) in shares {
        out.push(MetricRow::rate(id, *v, sum, "needs contacts").by("channel", k.clone()));
    }
    for (w, counts) in weeks {
        let n: u64 = counts.values().sum();
        let mut r = MetricRow::counts(id, counts.into_iter().collect()).by("week", w);
        r.value = Some(Num::Int(n as i64));
        out.push(r);
    }
    out
}
