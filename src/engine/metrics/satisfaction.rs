//! Satisfaction: how many ratings are satisfied, and how many contacts get rated at all.
//!
//! # Formula
//! - csat = satisfied responses ÷ responses; by channel, agent, team, issue type, priority.
//! - survey_response_rate = resolved contacts with at least one response ÷ resolved contacts;
//!   by the same dimensions.
//!
//! A response is satisfied by the CSAT mapping in the parameters (METRICS.md §2): on 1–5 a
//! score ≥ `csat_min_5` (4), on 0–10 ≥ `csat_min_10` (9), on Freshdesk's −103..103 ≥
//! `csat_min_freshdesk` (101); on label scales a label in `csat_satisfied_labels` ("great",
//! "good", "satisfied", "thumbs up", "👍", "positive"). The scale is decided per file column at
//! ingestion; "Offered", "Not Offered", "unoffered" and blanks are not responses.
//! # Inclusion
//! A contact's responses are the survey-file responses whose `contact_id` equals its id, or,
//! when it has none there, the CSAT value of its own export. (A rating exported both with the
//! ticket and in a survey file would otherwise count twice.) Survey responses that match no
//! contact of the selection are not counted; the note says how many match no loaded contact
//! at all. Responses belong to their contact's channel, agent, team and issue type.
//! # Edge cases
//! No responses → "not available", never 0. A contact may have several survey responses: each
//! counts in csat, the contact counts once in survey_response_rate.

use std::collections::HashSet;

use crate::engine::intern::{fast_map, FastMap};

use super::{join_notes, plural, rate_rows, Ctx, MetricRow};
use crate::engine::intern::Sym;
use crate::engine::record::{Contact, Csat, CsatScale};

/// The family's metrics in catalogue order (each a function of the context).
pub const METRICS: &[super::Metric] = &[csat, survey_response_rate];

/// Every satisfaction metric row.
pub fn rows(ctx: &Ctx) -> Vec<MetricRow> {
    METRICS.iter().flat_map(|m| m(ctx)).collect()
}

/// Is a response satisfied under the report's CSAT mapping?
pub fn is_satisfied(ctx: &Ctx, c: &Csat) -> bool {
    let p = &ctx.params;
    match (c.scale, c.score) {
        (CsatScale::OneToFive, Some(x)) => x >= p.csat_min_5(),
        (CsatScale::ZeroToTen, Some(x)) => x >= p.csat_min_10(),
        (CsatScale::Freshdesk, Some(x)) => x >= p.csat_min_freshdesk(),
        _ => {
            let label = ctx.text(c.raw).trim().to_lowercase();
            p.csat_satisfied_labels().contains(&label)
        }
    }
}

/// Survey-file responses by contact id.
fn surveys_by_contact<'a>(ctx: &Ctx<'a>) -> FastMap<Sym, Vec<&'a Csat>> {
    let mut m: FastMap<Sym, Vec<&Csat>> = fast_map(0);
    for s in ctx.surveys {
        if !s.contact_id.is_none() {
            m.entry(s.contact_id).or_default().push(&s.csat);
        }
    }
    m
}

/// The responses of a contact, without allocating: its survey-file responses, else its own
/// CSAT value.
enum Responses<'a> {
    Survey(&'a [&'a Csat]),
    Own(&'a Csat),
    Nothing,
}

impl Responses<'_> {
    fn len(&self) -> u64 {
        match self {
            Responses::Survey(list) => list.len() as u64,
            Responses::Own(_) => 1,
            Responses::Nothing => 0,
        }
    }

    fn satisfied(&self, ctx: &Ctx) -> u64 {
        match self {
            Responses::Survey(list) => list.iter().filter(|r| is_satisfied(ctx, r)).count() as u64,
            Responses::Own(r) => u64::from(is_satisfied(ctx, r)),
            Responses::Nothing => 0,
        }
    }
}

fn responses_of<'a>(c: &'a Contact, surveys: &'a FastMap<Sym, Vec<&'a Csat>>) -> Responses<'a> {
    if let Some(list) = surveys.get(&c.id).filter(|_| !c.id.is_none()) {
        return Responses::Survey(list);
    }
    match &c.csat {
        Some(own) => Responses::Own(own),
        None => Responses::Nothing,
    }
}

/// Survey responses whose contact id matches no loaded demand contact.
fn unmatched_surveys(ctx: &Ctx) -> u64 {
    if ctx.surveys.is_empty() {
        return 0;
    }
    let ids: HashSet<Sym> = ctx.pass(&ctx.all_contacts).map(|c| c.id).filter(|i| !i.is_none()).collect();
    ctx.surveys.iter().filter(|s| !ids.contains(&s.contact_id)).count() as u64
}

/// `csat`: satisfied ÷ responses; by channel, agent, team, issue type, priority.
pub fn csat(ctx: &Ctx) -> Vec<MetricRow> {
    let id = "csat";
    let needs = "needs CSAT responses (a csat column or a survey file matching the contacts)";
    let surveys = surveys_by_contact(ctx);
    // (responses, satisfied) of every selected contact, judged once per dataset and CSAT
    // mapping (see `Ctx::judged`).
    let counts = ctx.judged(id, |_, c| {
        let rs = responses_of(c, &surveys);
        (rs.len(), if rs.len() > 0 { rs.satisfied(ctx) } else { 0 })
    });
    let rated = || (0..counts.len()).filter(|i| counts[*i].0 > 0);
    let (n, s) = counts.iter().fold((0, 0), |(n, s), x| (n + x.0, s + x.1));
    let unmatched = unmatched_surveys(ctx);
    let note = if unmatched > 0 {
        format!("{} matching no loaded contact left out", plural(unmatched, "survey response", "survey responses"))
    } else {
        String::new()
    };
    let mut out = vec![MetricRow::rate(id, s, n, needs).note(join_notes(&[note]))];
    if rated().next().is_none() {
        return out;
    }
    for dim in ctx.dims() {
        ctx.beat();
        // (rated contacts, (responses, satisfied)) per group number, in one pass over two
        // compact arrays.
        let mut per_group: Vec<(u64, (u64, u64))> = vec![(0, (0, 0)); ctx.groups(dim).labels.len()];
        for (g, (n, s)) in ctx.groups(dim).of.iter().zip(counts.iter()) {
            // Added without a branch: an unrated contact adds nothing.
            if let Some(e) = per_group.get_mut(*g as usize) {
                e.0 += u64::from(*n > 0);
                e.1 .0 += n;
                e.1 .1 += s;
            }
        }
        for g in ctx.ordered(dim, per_group) {
            let (n, s) = g.acc;
            out.push(MetricRow::rate(id, s, n, needs).by(dim.label(), g.label));
        }
    }
    out
}

/// `survey_response_rate`: resolved contacts with at least one response ÷ resolved contacts.
pub fn survey_response_rate(ctx: &Ctx) -> Vec<MetricRow> {
    let surveys = surveys_by_contact(ctx);
    let any_csat = !ctx.surveys.is_empty() || ctx.pass(&ctx.all_contacts).any(|c| c.csat.is_some());
    if !any_csat {
        return vec![MetricRow::unavailable("survey_response_rate", "needs CSAT responses (a csat column or a survey file)")];
    }
    rate_rows(ctx, "survey_response_rate", "needs resolved contacts", &ctx.dims(), |c| {
        super::InRate::from(c.resolved.get().map(|_| responses_of(c, &surveys).len() > 0))
    })
    .0
}
