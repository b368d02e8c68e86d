//! Asterisk CDR CSV (`cdr-csv/Master.csv`, FORMATS.md §2.3): no header, every field quoted,
//! `accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start,
//! answer, end, duration, billsec, disposition, amaflags[, uniqueid, userfield[, peeraccount,
//! linkedid, sequence]]`, dates in the server's local time (the file's zone here).
//!
//! One row is one call, or, when the rows carry a `linkedid`, the rows sharing it are one call
//! (`transfers` = rows - 1). `disposition` ANSWERED only says the channel was answered, by an
//! IVR as much as by a person, so the reading is (derived, FORMATS.md §2.3):
//! - a person answered when a row's `lastapp` is `Dial` or `Queue` with a `dstchannel`, ANSWERED
//!   and billable seconds: agent = that channel; for `Dial`, first response = `answer` and talk =
//!   `billsec` (for `Queue`, `answer` is when the IVR picked up, so neither is known);
//! - otherwise the caller gave up where the last row's `lastapp` says: `Playback` welcome,
//!   `BackGround`/`Read`/`WaitExten` IVR (wait = the whole call), `Queue` queue, `Dial` ringing;
//!   BUSY, FAILED and CONGESTION calls, voicemail and dialplan hang-ups are neither answered nor
//!   abandoned;
//! - calls placed from the internal context (`from-internal`, FreePBX) are outbound: not demand.

use std::collections::HashMap;

use super::formats::Detected;
use super::mapping::{default_value, ColumnMap, Conv, Field, Mapping, RecordKind};
use super::sink::Sink;
use super::table::ReadOptions;
use super::text::RawRecord;
use super::RowMapper;
use crate::engine::error::{Position, Problem};
use crate::engine::intern::Sym;
use crate::engine::record::{normalise_customer, Channel, Contact, Direction, Millis, Stage, SECOND};
use crate::engine::time::{parse_written, resolve, DateOrder, LocalKind, Written};

const DISPOSITIONS: &[&str] = &["ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"];

/// Field positions.
const SRC: usize = 1;
const DCONTEXT: usize = 3;
const CLID: usize = 4;
const DSTCHANNEL: usize = 6;
const LASTAPP: usize = 7;
const LASTDATA: usize = 8;
const START: usize = 9;
const ANSWER: usize = 10;
const END: usize = 11;
const DURATION: usize = 12;
const BILLSEC: usize = 13;
const DISPOSITION: usize = 14;
const UNIQUEID: usize = 16;
const LINKEDID: usize = 19;

/// Recognises CDR rows: 16 to 21 fields, a start date in field 10 and a disposition in field 15.
pub fn detect(first: &[RawRecord], read: &ReadOptions, sink: &mut Sink) -> Option<(Detected, Box<dyn RowMapper>)> {
    let lines: Vec<&RawRecord> = first.iter().filter(|r| !r.is_blank()).collect();
    if lines.is_empty() {
        return None;
    }
    let matching = lines.iter().filter(|r| looks_like_cdr(r)).count();
    if matching * 10 < lines.len() * 8 {
        return None;
    }
    let detected = Detected {
        format: "asterisk_cdr_csv",
        name: "Asterisk CDR (cdr-csv)",
        confidence: if matching == lines.len() { 0.95 } else { 0.8 },
        mapping: described_mapping(),
        special: None,
    };
    let source = sink.intern("asterisk");
    Some((detected, Box::new(CdrMapper { read: read.clone(), source, rows: Vec::new(), data_index: 0 })))
}

fn looks_like_cdr(r: &RawRecord) -> bool {
    (16..=21).contains(&r.len())
        && r.get(DISPOSITION).is_some_and(|d| DISPOSITIONS.contains(&d.trim()))
        && r.get(START).is_some_and(|s| matches!(parse_written(s), Some(Written::Text(_))))
}

fn described_mapping() -> Mapping {
    let mut m = Mapping::new(RecordKind::Contact, "asterisk");
    let secs = Conv::Duration { unit: crate::engine::time::DurationUnit::Seconds };
    let cols = [
        (Field::Customer, "2 src / 5 clid", Conv::Customer),
        (Field::Created, "10 start", Conv::Timestamp),
        (Field::FirstResponse, "11 answer (Dial)", Conv::Timestamp),
        (Field::Closed, "12 end", Conv::Timestamp),
        (Field::Talk, "14 billsec (Dial)", secs),
        (Field::Agent, "7 dstchannel", Conv::Text),
        (Field::AbandonStage, "8 lastapp", Conv::Label),
        (Field::Id, "20 linkedid / 17 uniqueid", Conv::Text),
    ];
    for (field, column, conv) in cols {
        m.columns.push(ColumnMap { field, column: column.into(), conv });
    }
    m.constant(Field::Channel, "phone")
}

/// One CDR row, read.
#[derive(Clone, Debug)]
struct Cdr {
    line: u64,
    caller: String,
    dcontext: String,
    dstchannel: String,
    lastapp: String,
    lastdata: String,
    start: Millis,
    answer: Option<Millis>,
    end: Option<Millis>,
    duration_s: Option<i64>,
    billsec: Option<i64>,
    disposition: String,
    uniqueid: String,
    linkedid: String,
}

struct CdrMapper {
    read: ReadOptions,
    source: Sym,
    rows: Vec<Cdr>,
    data_index: u64,
}

fn cell(rec: &RawRecord, i: usize) -> &str {
    rec.get(i).map(str::trim).unwrap_or("")
}

impl CdrMapper {
    fn time(&self, text: &str, sink: &mut Sink) -> Result<Option<Millis>, Problem> {
        if text.is_empty() {
            return Ok(None);
        }
        let w = parse_written(text).ok_or_else(|| Problem::InvalidTimestamp { value: text.to_string() })?;
        let (ms, kind) = resolve(&w, DateOrder::DayFirst, &self.read.zone).map_err(|_| Problem::InvalidTimestamp { value: text.to_string() })?;
        match kind {
            LocalKind::Normal => {}
            LocalKind::Gap => sink.dst_gaps += 1,
            LocalKind::Fold => sink.dst_folds += 1,
        }
        Ok(Some(ms))
    }

    fn read_row(&self, rec: &RawRecord, sink: &mut Sink) -> Result<Cdr, (&'static str, Problem)> {
        if !(16..=21).contains(&rec.len()) {
            return Err(("disposition", Problem::Unrecognised { value: rec.iter().take(16).collect::<Vec<_>>().join(",") }));
        }
        let disposition = cell(rec, DISPOSITION).to_ascii_uppercase();
        if !DISPOSITIONS.contains(&disposition.as_str()) {
            return Err(("disposition", Problem::Other { message: format!("`{disposition}` is not a CDR disposition") }));
        }
        let start = self.time(cell(rec, START), sink).map_err(|p| ("start", p))?.ok_or(("start", Problem::Missing { field: "created".into() }))?;
        let answer = self.time(cell(rec, ANSWER), sink).map_err(|p| ("answer", p))?;
        let end = self.time(cell(rec, END), sink).map_err(|p| ("end", p))?;
        let secs = |i: usize, name: &'static str| -> Result<Option<i64>, (&'static str, Problem)> {
            let t = cell(rec, i);
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<i64>().ok().filter(|s| *s >= 0).map(Some).ok_or((name, Problem::InvalidDuration { value: t.to_string() }))
        };
        let clid = cell(rec, CLID);
        let caller = if clid.contains('<') { clid.to_string() } else { cell(rec, SRC).to_string() };
        Ok(Cdr {
            line: rec.line,
            caller,
            dcontext: cell(rec, DCONTEXT).to_string(),
            dstchannel: cell(rec, DSTCHANNEL).to_string(),
            lastapp: cell(rec, LASTAPP).to_string(),
            lastdata: cell(rec, LASTDATA).to_string(),
            start,
            answer,
            end,
            duration_s: secs(DURATION, "duration")?,
            billsec: secs(BILLSEC, "billsec")?,
            disposition,
            uniqueid: cell(rec, UNIQUEID).to_string(),
            linkedid: cell(rec, LINKEDID).to_string(),
        })
    }

    fn contact(&self, legs: &[Cdr], sink: &mut Sink) -> Contact {
        let first = &legs[0];
        let last = &legs[legs.len() - 1];
        let key = if !first.linkedid.is_empty() { &first.linkedid } else { &first.uniqueid };
        let id = sink.intern(key);
        let mut c = Contact::new(sink.file, first.line.min(u32::MAX as u64) as u32, id, Channel::Phone, first.start);
        c.source = self.source;
        c.channel_raw = sink.intern("cdr");
        c.customer = sink.intern(&normalise_customer(&first.caller));
        c.closed = legs.iter().filter_map(|l| l.end).max().into();
        c.transfers = Some(legs.len().saturating_sub(1) as u32).into();
        let internal = first.dcontext.to_ascii_lowercase().starts_with("from-internal");
        c.direction = Some(if internal { Direction::Outbound } else { Direction::Inbound });
        let person = legs.iter().find(|l| {
            let app = l.lastapp.to_ascii_lowercase();
            (app == "dial" || app == "queue") && !l.dstchannel.is_empty() && l.disposition == "ANSWERED" && l.billsec.unwrap_or(0) > 0
        });
        if let Some(leg) = person {
            c.answered = Some(true);
            c.abandoned = Some(false);
            c.agent = sink.intern(member_of(&leg.dstchannel));
            if leg.lastapp.eq_ignore_ascii_case("dial") {
                c.first_response = leg.answer.into();
                c.talk = leg.billsec.map(|s| s * SECOND).into();
            } else {
                c.team = sink.intern(queue_of(&leg.lastdata));
            }
            return c;
        }
        let app = last.lastapp.to_ascii_lowercase();
        if app == "queue" {
            c.team = sink.intern(queue_of(&last.lastdata));
        }
        c.answered = Some(false);
        let failed = matches!(last.disposition.as_str(), "BUSY" | "FAILED" | "CONGESTION");
        let stage = match app.as_str() {
            "waitexten" => Some(Stage::Ivr),
            other => default_value(Field::AbandonStage, other).and_then(Stage::from_label),
        };
        match stage {
            Some(stage) if !failed => {
                c.abandoned = Some(true);
                c.abandon_stage = Some(stage);
                if matches!(stage, Stage::Welcome | Stage::Ivr) {
                    let whole = c.closed.get().map(|e| e - c.created).or(legs.iter().filter_map(|l| l.duration_s).max().map(|s| s * SECOND));
                    c.abandon_wait = whole.into();
                }
            }
            _ => c.abandoned = Some(false),
        }
        c
    }
}

/// `SIP/201-0000a1b2` → `SIP/201`: the member, without the channel's instance suffix.
fn member_of(channel: &str) -> &str {
    match channel.rfind('-') {
        Some(i) if channel[i + 1..].chars().all(|c| c.is_ascii_hexdigit()) && i > 0 => &channel[..i],
        _ => channel,
    }
}

/// `support,t,,,300` → `support`: the queue argument of the `Queue` application.
fn queue_of(lastdata: &str) -> &str {
    lastdata.split([',', '|']).next().unwrap_or("").trim()
}

impl RowMapper for CdrMapper {
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        if rec.is_blank() {
            return;
        }
        match self.read_row(rec, sink) {
            Ok(cdr) => self.rows.push(cdr),
            Err((column, problem)) => {
                let pos = Position { line: rec.line, record: self.data_index, byte: Some(rec.byte), sheet: None, column: Some(column.into()) };
                sink.reject(pos, problem);
            }
        }
        self.data_index += 1;
    }

    fn finish(&mut self, sink: &mut Sink) {
        let rows = std::mem::take(&mut self.rows);
        let mut groups: Vec<Vec<Cdr>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in rows {
            if row.linkedid.is_empty() {
                groups.push(vec![row]);
                continue;
            }
            match index.get(&row.linkedid) {
                Some(&i) => groups[i].push(row),
                None => {
                    index.insert(row.linkedid.clone(), groups.len());
                    groups.push(vec![row]);
                }
            }
        }
        for mut legs in groups {
            legs.sort_by_key(|l| (l.start, l.line));
            let c = self.contact(&legs, sink);
            sink.push_contact_from_rows(c, legs.len() as u64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_queues_are_read_from_channel_names() {
        assert_eq!(member_of("SIP/201-0000a1b2"), "SIP/201");
        assert_eq!(member_of("PJSIP/agent-7-00000001"), "PJSIP/agent-7");
        assert_eq!(member_of("Local/2004@from-internal"), "Local/2004@from-internal");
        assert_eq!(queue_of("support,t,,,300"), "support");
        assert_eq!(queue_of("sales|t"), "sales");
    }
}
