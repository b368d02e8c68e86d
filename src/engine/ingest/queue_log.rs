//! Asterisk `queue_log` (FORMATS.md §2.2): no header, pipe-separated
//! `time|callid|queue|agent|EVENT|data1|data2|…`, one line per queue event. The lines of one
//! call (its `callid`) become one phone contact:
//! - `ENTERQUEUE(url|callerid|position)`: created (the call reached the queue; time spent in
//!   an IVR before it is not in this log), customer = caller id, team = queue;
//! - `CONNECT(holdtime|bridged uniqueid|ringtime)`: answered, first response, queue wait =
//!   holdtime seconds, agent = the member;
//! - `COMPLETEAGENT` / `COMPLETECALLER(holdtime|calltime|position)`: talk = calltime, closed;
//! - `TRANSFER` / `BLINDTRANSFER(extension|context|holdtime|calltime|position)`,
//!   `ATTENDEDTRANSFER(method|data|holdtime|calltime|position)`: talk, one transfer, closed;
//! - `ABANDON(position|origposition|waittime)`, `EXITWITHTIMEOUT` and `EXITEMPTY` (same data),
//!   `EXITWITHKEY(key|position|origposition|waittime)`: abandoned in the queue after waittime
//!   (FORMATS.md counts the exits as abandons); a `RINGCANCELED` right before the abandon
//!   means a member's phone was ringing: stage ringing;
//! - `FULL`, `JOINEMPTY`, `JOINUNAVAIL`, `CLOSED`: refused before queuing, neither answered
//!   nor abandoned.
//!
//! Lines without a call (`NONE`, `CLI`, `MANAGER`: queue starts, agents logging in, pausing)
//! are used rows with no record. A line whose time or shape is unreadable is rejected.
//! Comment lines starting with `#` are not data. The time may be epoch seconds or, in the
//! database variant, a local date-time.

use std::collections::HashMap;

use super::formats::Detected;
use super::mapping::{ColumnMap, Conv, Field, Mapping, RecordKind};
use super::sink::Sink;
use super::table::ReadOptions;
use super::text::RawRecord;
use super::RowMapper;
use crate::engine::error::{Position, Problem};
use crate::engine::intern::Sym;
use crate::engine::record::{Channel, Contact, Direction, Millis, Stage, SECOND};
use crate::engine::time::{parse_written, resolve, DateOrder, LocalKind, Written};

/// Queue and call events that mark a line as queue_log.
const EVENTS: &[&str] = &[
    "ENTERQUEUE", "CONNECT", "COMPLETEAGENT", "COMPLETECALLER", "ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY", "EXITEMPTY",
    "RINGNOANSWER", "RINGCANCELED", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER", "AGENTDUMP", "SYSCOMPAT", "AGENTLOGIN",
    "AGENTLOGOFF", "AGENTCALLBACKLOGIN", "AGENTCALLBACKLOGOFF", "ADDMEMBER", "REMOVEMEMBER", "PAUSE", "UNPAUSE", "PAUSEALL",
    "UNPAUSEALL", "PAUSEREASON", "QUEUESTART", "CONFIGRELOAD", "FULL", "CLOSED", "JOINEMPTY", "JOINUNAVAIL", "DID", "INFO",
];

/// Call ids that are not calls.
const NOT_CALLS: &[&str] = &["NONE", "CLI", "MANAGER", "REALTIME", ""];

/// Recognises queue_log from its first lines: most non-comment lines have five or more
/// fields, a time first and a queue event fifth.
pub fn detect(first: &[RawRecord], read: &ReadOptions, sink: &mut Sink) -> Option<(Detected, Box<dyn RowMapper>)> {
    let lines: Vec<&RawRecord> = first.iter().filter(|r| !r.is_blank() && !is_comment(r)).collect();
    if lines.is_empty() {
        return None;
    }
    let matching = lines.iter().filter(|r| looks_like_event(r)).count();
    if matching * 10 < lines.len() * 8 {
        return None;
    }
    let detected = Detected {
        format: "asterisk_queue_log",
        name: "Asterisk queue_log",
        confidence: if matching == lines.len() { 0.97 } else { 0.85 },
        mapping: described_mapping(),
        special: None,
    };
    let source = sink.intern("asterisk");
    Some((detected, Box::new(QueueLogMapper { read: read.clone(), source, calls: HashMap::new(), order: Vec::new(), data_index: 0 })))
}

fn is_comment(r: &RawRecord) -> bool {
    r.get(0).is_some_and(|f| f.trim_start().starts_with('#'))
}

fn looks_like_event(r: &RawRecord) -> bool {
    r.len() >= 5 && r.get(4).is_some_and(|e| EVENTS.contains(&e.trim())) && r.get(0).is_some_and(|t| parse_written(t).is_some())
}

/// The mapping shown to the user: which position feeds which field (informational; the
/// reading is fixed by the format).
fn described_mapping() -> Mapping {
    let mut m = Mapping::new(RecordKind::Contact, "asterisk");
    let cols = [
        (Field::Created, "1 time (ENTERQUEUE)", Conv::Timestamp),
        (Field::Id, "2 callid", Conv::Text),
        (Field::Team, "3 queue", Conv::Text),
        (Field::Agent, "4 agent (CONNECT)", Conv::Text),
        (Field::Customer, "6-7 caller id (ENTERQUEUE)", Conv::Customer),
        (Field::QueueWait, "6 holdtime (CONNECT)", Conv::Duration { unit: crate::engine::time::DurationUnit::Seconds }),
        (Field::Talk, "7 calltime (COMPLETE*)", Conv::Duration { unit: crate::engine::time::DurationUnit::Seconds }),
        (Field::AbandonWait, "8 waittime (ABANDON, EXIT*)", Conv::Duration { unit: crate::engine::time::DurationUnit::Seconds }),
    ];
    for (field, column, conv) in cols {
        m.columns.push(ColumnMap { field, column: column.into(), conv });
    }
    m.constant(Field::Channel, "phone")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// No ending event (still queued when the log was cut, or only ringing events).
    Open,
    /// Left the queue without an agent.
    Abandoned(Stage),
    /// Refused before queuing.
    Refused,
}

#[derive(Debug)]
struct Call {
    line: u64,
    rows: u64,
    entered: Option<Millis>,
    first_event: Millis,
    queue: String,
    caller: String,
    connected: Option<Millis>,
    hold_s: Option<i64>,
    agent: String,
    talk_s: Option<i64>,
    ended: Option<Millis>,
    end: End,
    wait_s: Option<i64>,
    transfers: u32,
    ring_cancelled: bool,
}

struct QueueLogMapper {
    read: ReadOptions,
    source: Sym,
    calls: HashMap<String, Call>,
    order: Vec<String>,
    data_index: u64,
}

fn seconds(field: Option<&str>) -> Option<i64> {
    field.map(str::trim).filter(|f| !f.is_empty()).and_then(|f| f.parse::<i64>().ok()).filter(|s| *s >= 0)
}

impl QueueLogMapper {
    fn position(&self, rec: &RawRecord, column: &str) -> Position {
        Position { line: rec.line, record: self.data_index, byte: Some(rec.byte), sheet: None, column: Some(column.into()) }
    }

    fn time(&self, text: &str, sink: &mut Sink) -> Option<Millis> {
        let w = parse_written(text)?;
        // A bare number is epoch seconds here, whatever its length.
        let w = match w {
            Written::ExcelSerial(_) => return None,
            other => other,
        };
        let (ms, kind) = resolve(&w, DateOrder::DayFirst, &self.read.zone).ok()?;
        match kind {
            LocalKind::Normal => {}
            LocalKind::Gap => sink.dst_gaps += 1,
            LocalKind::Fold => sink.dst_folds += 1,
        }
        Some(ms)
    }

    fn event(&mut self, rec: &RawRecord, sink: &mut Sink) -> Result<(), (String, Problem)> {
        if rec.len() < 5 {
            return Err(("event".into(), Problem::Unrecognised { value: rec.iter().collect::<Vec<_>>().join("|") }));
        }
        let field = |i: usize| rec.get(i).map(str::trim);
        let time_text = field(0).unwrap_or("");
        let at = self.time(time_text, sink).ok_or_else(|| ("time".to_string(), Problem::InvalidTimestamp { value: time_text.to_string() }))?;
        let callid = field(1).unwrap_or("");
        let event = field(4).unwrap_or("").to_ascii_uppercase();
        if NOT_CALLS.contains(&callid) {
            sink.push_state_row();
            return Ok(());
        }
        if !self.calls.contains_key(callid) {
            self.order.push(callid.to_string());
            self.calls.insert(
                callid.to_string(),
                Call {
                    line: rec.line,
                    rows: 0,
                    entered: None,
                    first_event: at,
                    queue: String::new(),
                    caller: String::new(),
                    connected: None,
                    hold_s: None,
                    agent: String::new(),
                    talk_s: None,
                    ended: None,
                    end: End::Open,
                    wait_s: None,
                    transfers: 0,
                    ring_cancelled: false,
                },
            );
        }
        let Some(call) = self.calls.get_mut(callid) else { return Ok(()) };
        call.rows += 1;
        call.first_event = call.first_event.min(at);
        let queue = field(2).unwrap_or("");
        if !queue.is_empty() && queue != "NONE" && call.queue.is_empty() {
            call.queue = queue.to_string();
        }
        let ring_cancelled = std::mem::take(&mut call.ring_cancelled);
        match event.as_str() {
            "ENTERQUEUE" => {
                call.entered = Some(call.entered.map_or(at, |t| t.min(at)));
                if let Some(id) = field(6).filter(|c| !c.is_empty()) {
                    call.caller = id.to_string();
                }
            }
            "CONNECT" if call.connected.is_none() => {
                call.connected = Some(at);
                call.hold_s = seconds(field(5));
                call.agent = field(3).unwrap_or("").to_string();
                if !queue.is_empty() && queue != "NONE" {
                    call.queue = queue.to_string();
                }
            }
            "COMPLETEAGENT" | "COMPLETECALLER" => {
                call.talk_s = seconds(field(6)).or(call.talk_s);
                call.hold_s = call.hold_s.or(seconds(field(5)));
                call.ended = Some(at);
            }
            "TRANSFER" | "BLINDTRANSFER" | "ATTENDEDTRANSFER" => {
                call.talk_s = seconds(field(8)).or(call.talk_s);
                call.hold_s = call.hold_s.or(seconds(field(7)));
                call.transfers += 1;
                call.ended = Some(at);
            }
            "ABANDON" | "EXITWITHTIMEOUT" | "EXITEMPTY" | "EXITWITHKEY" => {
                let wait_field = if event == "EXITWITHKEY" { 8 } else { 7 };
                call.wait_s = seconds(field(wait_field));
                let stage = if ring_cancelled && event == "ABANDON" { Stage::Ringing } else { Stage::Queue };
                call.end = End::Abandoned(stage);
                call.ended = Some(at);
            }
            "FULL" | "JOINEMPTY" | "JOINUNAVAIL" | "CLOSED" => {
                if call.end == End::Open {
                    call.end = End::Refused;
                }
                call.ended = Some(at);
            }
            "RINGCANCELED" => call.ring_cancelled = true,
            _ => {}
        }
        Ok(())
    }

    fn contact(&self, callid: &str, call: &Call, sink: &mut Sink) -> Contact {
        let created = call.entered.unwrap_or_else(|| match (call.connected, call.hold_s) {
            (Some(t), Some(h)) => (t - h * SECOND).min(call.first_event),
            _ => call.first_event,
        });
        let id = sink.intern(callid);
        let mut c = Contact::new(sink.file, call.line.min(u32::MAX as u64) as u32, id, Channel::Phone, created);
        c.source = self.source;
        c.channel_raw = sink.intern("queue_log");
        c.direction = Some(Direction::Inbound);
        c.customer = sink.intern(&crate::engine::record::normalise_customer(&call.caller));
        c.team = sink.intern(&call.queue);
        c.transfers = Some(call.transfers).into();
        c.closed = call.ended.into();
        if let Some(at) = call.connected {
            c.answered = Some(true);
            c.abandoned = Some(false);
            c.first_response = Some(at).into();
            c.queue_wait = call.hold_s.map(|s| s * SECOND).into();
            c.talk = call.talk_s.map(|s| s * SECOND).into();
            c.agent = sink.intern(&call.agent);
        } else {
            match call.end {
                End::Abandoned(stage) => {
                    c.answered = Some(false);
                    c.abandoned = Some(true);
                    c.abandon_stage = Some(stage);
                    c.queue_wait = call.wait_s.map(|s| s * SECOND).into();
                    c.abandon_wait = c.queue_wait;
                }
                End::Refused => {
                    c.answered = Some(false);
                    c.abandoned = Some(false);
                }
                End::Open => {}
            }
        }
        c
    }
}

impl RowMapper for QueueLogMapper {
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        if rec.is_blank() || is_comment(rec) {
            return;
        }
        if let Err((column, problem)) = self.event(rec, sink) {
            let pos = self.position(rec, &column);
            sink.reject(pos, problem);
        }
        self.data_index += 1;
    }

    fn finish(&mut self, sink: &mut Sink) {
        let order = std::mem::take(&mut self.order);
        for callid in order {
            if let Some(call) = self.calls.remove(&callid) {
                let c = self.contact(&callid, &call, sink);
                sink.push_contact_from_rows(c, call.rows);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<RawRecord> {
        crate::engine::ingest::text::records_of(text.as_bytes(), b'|').iter().enumerate().map(|(i, f)| RawRecord::from_fields(i as u64 + 1, f)).collect()
    }

    #[test]
    fn recognised_by_time_and_event_not_by_pipes_alone() {
        let read = ReadOptions { zone: crate::engine::time::Zone::utc(), date_order: None, decimal_comma: false, sheet: None };
        let mut sink = Sink::new(0);
        let log = lines("# comment\n1596512941|1596512941.163|support|NONE|ENTERQUEUE||7000|1\n1596513009|1596512941.163|support|NONE|ABANDON|1|1|68\n");
        assert!(detect(&log, &read, &mut sink).is_some());
        let table = lines("id|name|x|y|z\n1|a|b|c|d\n");
        assert!(detect(&table, &read, &mut sink).is_none());
    }

    #[test]
    fn seconds_are_whole_and_not_negative() {
        assert_eq!(seconds(Some("68")), Some(68));
        assert_eq!(seconds(Some(" ")), None);
        assert_eq!(seconds(Some("-3")), None);
        assert_eq!(seconds(None), None);
    }
}
