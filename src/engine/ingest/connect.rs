//! Amazon Connect contact trace records (CTR), JSON or NDJSON, one object per contact leg
//! (FORMATS.md §2.1).
//!
//! Each leg is mapped like any other row (the mapping is editable); then legs become calls:
//! - CTRs are delivered at least once, so legs are de-duplicated on `ContactId`, keeping the
//!   latest `LastUpdateTimestamp` (the superseded rows stay used and count as duplicates);
//! - legs sharing an `InitialContactId` are one contact (METRICS.md §4a): created at the first
//!   leg, `transfers` = legs - 1, answered when any leg reached an agent (first response,
//!   agent and queue of the first answered leg; queue wait summed up to it; talk, hold and
//!   after-contact work summed over the legs);
//! - a call no agent answered was abandoned in the queue when its last leg was queued
//!   (`Queue` without `Agent`, the AWS definition; wait = that leg's `Queue.Duration`), in the
//!   IVR when the customer hung up before any queue (wait = the whole call); a call the flow
//!   itself ended before any queue is neither answered nor abandoned;
//! - OUTBOUND and CALLBACK first legs are not demand. MONITOR legs (a supervisor listening)
//!   are not transfers; whether they share the monitored call's `InitialContactId` is
//!   unverified, and alone they are not demand.

use std::collections::HashMap;

use super::formats::{mapping_of, with_values, Clues, Spec, LABEL, SECONDS, TEXT, TIMESTAMP};
use super::mapping::{Conv, Field, Header, Mapping, RecordKind};
use super::sink::Sink;
use super::table::{Built, ReadOptions, TableMapper};
use super::text::RawRecord;
use super::RowMapper;
use crate::engine::error::{FileError, Position, Problem, Severity};
use crate::engine::record::{Channel, Contact, Direction, OptMs, Stage};
use crate::engine::time::DateOrder;

/// The Amazon Connect spec.
pub fn specs() -> Vec<Spec> {
    vec![Spec {
        id: "amazon_connect_ctr",
        name: "Amazon Connect contact trace records",
        score,
        mapping,
        special: Some(make),
    }]
}

fn score(c: &Clues) -> f32 {
    if c.has("ContactId") && c.has("InitiationTimestamp") {
        if c.has("AWSContactTraceRecordFormatVersion") {
            0.99
        } else {
            0.9
        }
    } else {
        0.0
    }
}

/// The per-leg mapping.
pub fn mapping(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Contact,
        "amazon_connect",
        &[
            (Field::Id, &["ContactId"], TEXT),
            (Field::Customer, &["CustomerEndpoint.Address"], Conv::Customer),
            (Field::Channel, &["Channel"], LABEL),
            (Field::Direction, &["InitiationMethod"], LABEL),
            (Field::Created, &["InitiationTimestamp"], TIMESTAMP),
            (Field::FirstResponse, &["Agent.ConnectedToAgentTimestamp"], TIMESTAMP),
            (Field::Closed, &["DisconnectTimestamp"], TIMESTAMP),
            (Field::Updated, &["LastUpdateTimestamp"], TIMESTAMP),
            (Field::Agent, &["Agent.Username"], TEXT),
            (Field::Team, &["Queue.Name"], TEXT),
            (Field::QueueWait, &["Queue.Duration"], SECONDS),
            (Field::Talk, &["Agent.AgentInteractionDuration"], SECONDS),
            (Field::Hold, &["Agent.CustomerHoldDuration"], SECONDS),
            (Field::AfterWork, &["Agent.AfterContactWorkDuration"], SECONDS),
        ],
    );
    with_values(
        m,
        Field::Direction,
        &[("monitor", "outbound"), ("external_outbound", "outbound"), ("flow", "outbound"), ("webrtc_api", "inbound")],
    )
}

fn make(header: &Header, prefix: &[RawRecord], mapping: Mapping, read: ReadOptions, sink: &mut Sink) -> Result<Box<dyn RowMapper>, FileError> {
    let table = TableMapper::new(mapping, header, prefix, read, sink)?;
    let find = |name: &str| table.column(name);
    Ok(Box::new(ConnectMapper {
        initial: find("InitialContactId"),
        method: find("InitiationMethod"),
        reason: find("DisconnectReason"),
        enqueued: find("Queue.EnqueueTimestamp"),
        queue_arn: find("Queue.ARN"),
        table,
        legs: Vec::new(),
    }))
}

/// One leg after mapping, with what grouping needs.
struct Leg {
    contact: Contact,
    contact_id: String,
    group: String,
    /// Neither `InitialContactId` nor `ContactId`: never joined, never de-duplicated.
    anonymous: bool,
    method: String,
    customer_hung_up: bool,
    queued: bool,
    rows: u64,
}

struct ConnectMapper {
    table: TableMapper,
    initial: Option<usize>,
    method: Option<usize>,
    reason: Option<usize>,
    enqueued: Option<usize>,
    queue_arn: Option<usize>,
    legs: Vec<Leg>,
}

impl ConnectMapper {
    fn cell(rec: &RawRecord, idx: Option<usize>) -> &str {
        idx.and_then(|i| rec.get(i)).map(str::trim).unwrap_or("")
    }
}

impl RowMapper for ConnectMapper {
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        match self.table.map_row(rec, sink) {
            Ok(Built::Contact(contact)) => {
                let contact_id = sink.strings.get(contact.id).to_string();
                let initial = Self::cell(rec, self.initial);
                // Legs without any id cannot be joined or de-duplicated: each is its own call.
                let anonymous = initial.is_empty() && contact_id.is_empty();
                let group = match (initial.is_empty(), contact_id.is_empty()) {
                    (false, _) => initial.to_string(),
                    (true, false) => contact_id.clone(),
                    (true, true) => format!("line {}", rec.line),
                };
                self.legs.push(Leg {
                    contact,
                    contact_id,
                    group,
                    anonymous,
                    method: Self::cell(rec, self.method).to_ascii_uppercase(),
                    customer_hung_up: Self::cell(rec, self.reason).eq_ignore_ascii_case("CUSTOMER_DISCONNECT"),
                    queued: !Self::cell(rec, self.enqueued).is_empty() || !Self::cell(rec, self.queue_arn).is_empty(),
                    rows: 1,
                });
            }
            Ok(_) => {}
            Err(r) => sink.reject(r.position, r.problem),
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        let legs = dedupe(std::mem::take(&mut self.legs), sink);
        let mut groups: Vec<Vec<Leg>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for leg in legs {
            match index.get(&leg.group) {
                Some(&i) => groups[i].push(leg),
                None => {
                    index.insert(leg.group.clone(), groups.len());
                    groups.push(vec![leg]);
                }
            }
        }
        for mut legs in groups {
            legs.sort_by_key(|l| (l.contact.created, l.contact.line));
            let rows = legs.iter().map(|l| l.rows).sum();
            let id = if legs[0].anonymous { crate::engine::intern::Sym::NONE } else { sink.intern(&legs[0].group) };
            let contact = merge(legs, id);
            sink.push_contact_from_rows(contact, rows);
        }
        self.table.finish(sink);
    }

    fn date_orders(&self) -> Vec<(String, DateOrder, bool)> {
        self.table.date_orders()
    }
}

/// Keeps the latest version of each `ContactId`; the superseded rows are added to the kept
/// leg's rows (still used) and counted as duplicates.
fn dedupe(legs: Vec<Leg>, sink: &mut Sink) -> Vec<Leg> {
    let mut kept: Vec<Leg> = Vec::with_capacity(legs.len());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for leg in legs {
        if leg.contact_id.is_empty() {
            kept.push(leg);
            continue;
        }
        match by_id.get(&leg.contact_id).copied() {
            None => {
                by_id.insert(leg.contact_id.clone(), kept.len());
                kept.push(leg);
            }
            Some(i) => {
                let newer = (leg.contact.updated, leg.contact.line) >= (kept[i].contact.updated, kept[i].contact.line);
                let (loser_line, winner_line) = if newer { (kept[i].contact.line, leg.contact.line) } else { (leg.contact.line, kept[i].contact.line) };
                sink.duplicates += 1;
                sink.diagnose(
                    Severity::Warning,
                    Position { line: loser_line as u64, ..Default::default() },
                    Problem::Duplicate { id: leg.contact_id.clone(), kept_file: "this file".into(), kept_line: winner_line as u64 },
                );
                let rows = kept[i].rows + leg.rows;
                if newer {
                    kept[i] = leg;
                }
                kept[i].rows = rows;
            }
        }
    }
    kept
}

fn add(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (None, None) => None,
        (x, y) => Some(x.unwrap_or(0) + y.unwrap_or(0)),
    }
}

/// One contact from its legs (sorted by initiation).
fn merge(legs: Vec<Leg>, id: crate::engine::intern::Sym) -> Contact {
    let first = &legs[0];
    let mut c = first.contact.clone();
    c.id = id;
    let live = matches!(c.channel, Channel::Phone | Channel::Chat);
    let transfer_legs = legs.iter().filter(|l| l.method != "MONITOR").count();
    c.transfers = Some(transfer_legs.saturating_sub(1) as u32).into();
    c.direction = first.contact.direction.or(Some(Direction::Inbound));
    c.not_demand = first.contact.not_demand;
    c.closed = legs.iter().filter_map(|l| l.contact.closed.get()).max().into();
    c.updated = legs.iter().filter_map(|l| l.contact.updated.get()).max().into();
    let talking: Vec<&Leg> = legs.iter().filter(|l| l.method != "MONITOR").collect();
    c.talk = talking.iter().fold(None, |acc, l| add(acc, l.contact.talk.get())).into();
    c.hold = talking.iter().fold(None, |acc, l| add(acc, l.contact.hold.get())).into();
    c.after_work = talking.iter().fold(None, |acc, l| add(acc, l.contact.after_work.get())).into();
    if c.customer.is_none() {
        c.customer = legs.iter().map(|l| l.contact.customer).find(|s| !s.is_none()).unwrap_or(c.customer);
    }
    let answered_at = legs.iter().position(|l| l.contact.first_response.is_some() && l.method != "MONITOR");
    match answered_at {
        Some(i) => {
            let leg = &legs[i].contact;
            c.first_response = leg.first_response;
            c.agent = leg.agent;
            if !leg.team.is_none() {
                c.team = leg.team;
            }
            c.queue_wait = legs[..=i].iter().fold(None, |acc, l| add(acc, l.contact.queue_wait.get())).into();
            c.answered = Some(true);
            c.abandoned = Some(false);
        }
        None => {
            c.first_response = OptMs::NONE;
            c.queue_wait = legs.iter().fold(None, |acc, l| add(acc, l.contact.queue_wait.get())).into();
            let last = &legs[legs.len() - 1];
            if !last.contact.team.is_none() {
                c.team = last.contact.team;
            }
            if live {
                c.answered = Some(false);
                if last.queued {
                    c.abandoned = Some(true);
                    c.abandon_stage = Some(Stage::Queue);
                    c.abandon_wait = last.contact.queue_wait;
                } else if last.customer_hung_up {
                    c.abandoned = Some(true);
                    c.abandon_stage = Some(Stage::Ivr);
                    c.abandon_wait = c.closed.get().map(|end| end - c.created).into();
                } else {
                    c.abandoned = Some(false);
                }
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leg(id: &str, updated: i64, line: u32) -> Leg {
        let mut contact = Contact::new(0, line, crate::engine::intern::Sym::NONE, Channel::Phone, 0);
        contact.updated = Some(updated).into();
        Leg { contact, contact_id: id.into(), group: id.into(), anonymous: false, method: "INBOUND".into(), customer_hung_up: false, queued: false, rows: 1 }
    }

    #[test]
    fn the_latest_delivery_wins_and_keeps_every_row() {
        let mut sink = Sink::new(0);
        let kept = dedupe(vec![leg("a", 20, 1), leg("a", 10, 2), leg("b", 5, 3), leg("a", 20, 4)], &mut sink);
        assert_eq!(kept.iter().map(|l| (l.contact_id.as_str(), l.contact.line, l.rows)).collect::<Vec<_>>(), vec![("a", 4, 3), ("b", 3, 1)]);
        assert_eq!(sink.duplicates, 2);
    }

    #[test]
    fn durations_add_up_only_when_known() {
        assert_eq!(add(None, None), None);
        assert_eq!(add(Some(2), None), Some(2));
        assert_eq!(add(Some(2), Some(3)), Some(5));
    }
}
