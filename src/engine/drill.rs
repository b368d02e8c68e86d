//! Drill-down: the records behind a number. Given a metric id and optionally a breakdown
//! group, lists the contacts (or sessions) that entered that number, with the raw values that
//! made it, the first few for display and all of them as CSV.

use super::dataset::Dataset;
use super::export::to_csv;
use super::metrics::{Ctx, NONE_GROUP};
use super::params::{Filters, Params};
use super::record::{Contact, Session};
use super::stats::duration_bucket;
use super::time::{date_label, iso_week_label, WEEKDAYS};

/// Rows shown on screen; the CSV has all of them.
pub const SHOWN: usize = 200;

/// Records behind a number.
#[derive(Clone, Debug, PartialEq)]
pub struct Drill {
    /// Column names.
    pub columns: Vec<String>,
    /// The first [`SHOWN`] rows.
    pub rows: Vec<Vec<String>>,
    /// How many records in all.
    pub total: u64,
    /// Every row as CSV.
    pub csv: String,
}

/// Local `YYYY-MM-DD HH:MM:SS` of an instant in the report zone.
fn iso(params: &Params, ms: Option<i64>) -> String {
    let Some(t) = ms else { return String::new() };
    let l = params.zone.local(t);
    let secs = (t.rem_euclid(60_000)) / 1000;
    format!("{} {:02}:{:02}:{:02}", date_label(l.date), l.minute_of_day / 60, l.minute_of_day % 60, secs)
}

fn secs(ms: Option<i64>) -> String {
    ms.map(|v| format!("{}", v as f64 / 1000.0)).unwrap_or_default()
}

fn group_of(ctx: &Ctx, c: &Contact, by: &str) -> String {
    let text = |s| {
        let t = ctx.text(s);
        if t.is_empty() {
            NONE_GROUP.to_string()
        } else {
            t.to_string()
        }
    };
    let local = ctx.params.zone().local(c.created);
    match by {
        "channel" => c.channel.label().to_string(),
        "agent" => text(c.agent),
        "team" => text(c.team),
        "issue_type" => text(c.issue_type),
        "priority" => text(c.priority),
        "day" => date_label(local.date),
        "week" => iso_week_label(local.date),
        "hour" => local.hour.to_string(),
        "weekday" => WEEKDAYS[local.weekday as usize].to_string(),
        "stage" => c.abandon_stage.map(|s| s.label().to_string()).unwrap_or_default(),
        "bucket" => c.first_response.get().map(|t| duration_bucket(ctx.params.duration(c.created, t)).to_string()).unwrap_or_else(|| "none".into()),
        _ => String::new(),
    }
}

/// Does the contact enter this metric's number at all?
fn contact_counts_for(metric: &str, c: &Contact) -> bool {
    match metric {
        "first_response_time" => c.first_response.is_some(),
        "resolution_time" | "first_contact_resolution_rate" | "one_touch_resolution_rate" | "reopen_rate" => c.resolved.is_some(),
        "average_speed_of_answer" => c.answered == Some(true) && c.queue_wait.is_some(),
        "service_level" => c.queue_wait.is_some() || c.abandoned == Some(true),
        "abandonment_rate" | "abandonment_by_weekday" | "abandonment_by_hour" | "abandonment_by_stage" | "time_to_abandon" => c.is_call(),
        "csat" => c.csat.is_some(),
        "escalation_rate" | "resolved_without_escalation_rate" => c.escalated.is_some(),
        "average_handle_time" => c.talk.is_some(),
        _ => true,
    }
}

const SESSION_METRICS: &[&str] = &[
    "self_service_rate", "self_service_ratio", "self_service_deflection_rate", "case_deflection_rate", "bot_containment_rate",
    "self_service_score", "unanswered_questions",
];

/// The records behind `metric` (and a breakdown group).
pub fn records_behind(ds: &Dataset, params: &Params, filters: &Filters, metric: &str, by: Option<&str>, group: Option<&str>) -> Drill {
    let ctx = Ctx::new(ds, params, filters);
    if SESSION_METRICS.contains(&metric) {
        return sessions_behind(&ctx, by, group);
    }
    let columns: Vec<String> = [
        "file", "line", "id", "customer", "channel", "created", "first_response", "resolved", "status", "priority", "agent", "team",
        "issue_type", "first_response_s", "resolution_s", "queue_wait_s", "answered", "abandoned", "abandon_stage", "csat",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let selected: Vec<&Contact> = ctx
        .contacts
        .iter()
        .copied()
        .filter(|c| contact_counts_for(metric, c))
        .filter(|c| match (by, group) {
            (Some(b), Some(g)) => group_of(&ctx, c, b) == g,
            _ => true,
        })
        .collect();
    let rows: Vec<Vec<String>> = selected
        .iter()
        .map(|c| {
            vec![
                ds.files.get(c.file as usize).map(|f| f.file.clone()).unwrap_or_default(),
                c.line.to_string(),
                ctx.text(c.id).to_string(),
                ctx.text(c.customer).to_string(),
                c.channel.label().to_string(),
                iso(params, Some(c.created)),
                iso(params, c.first_response.get()),
                iso(params, c.resolved.get()),
                ctx.text(c.status).to_string(),
                ctx.text(c.priority).to_string(),
                ctx.text(c.agent).to_string(),
                ctx.text(c.team).to_string(),
                ctx.text(c.issue_type).to_string(),
                secs(c.first_response.get().map(|t| params.duration(c.created, t))),
                secs(c.resolved.get().map(|t| params.duration(c.created, t))),
                secs(c.queue_wait.get()),
                c.answered.map(|b| b.to_string()).unwrap_or_default(),
                c.abandoned.map(|b| b.to_string()).unwrap_or_default(),
                c.abandon_stage.map(|s| s.label().to_string()).unwrap_or_default(),
                c.csat.map(|x| ctx.text(x.raw).to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    finish(columns, rows)
}

fn sessions_behind(ctx: &Ctx, by: Option<&str>, group: Option<&str>) -> Drill {
    let columns: Vec<String> = ["line", "id", "customer", "kind", "started", "query", "outcome", "contact_id"].iter().map(|s| s.to_string()).collect();
    let keep = |s: &Session| match (by, group) {
        (Some("kind"), Some(g)) => s.kind.label() == g,
        (Some("query"), Some(g)) => ctx.text(s.query).trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ") == g,
        _ => true,
    };
    let rows: Vec<Vec<String>> = ctx
        .sessions
        .iter()
        .filter(|s| keep(s))
        .map(|s| {
            vec![
                s.line.to_string(),
                ctx.text(s.id).to_string(),
                ctx.text(s.customer).to_string(),
                s.kind.label().to_string(),
                iso(ctx.params.all(), Some(s.started)),
                ctx.text(s.query).to_string(),
                s.outcome.label().to_string(),
                ctx.text(s.contact_id).to_string(),
            ]
        })
        .collect();
    finish(columns, rows)
}

fn finish(columns: Vec<String>, rows: Vec<Vec<String>>) -> Drill {
    let csv = to_csv(&columns, &rows);
    let total = rows.len() as u64;
    let shown = rows.into_iter().take(SHOWN).collect();
    Drill { columns, rows: shown, total, csv }
}
