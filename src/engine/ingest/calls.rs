//! Generic call logs: one row per call with a date and a time column, answered and resolved
//! flags, speed of answer and talk time, as in the PwC "Call Centre Trends" data
//! (`call_id, agent, date, time, topic, answered (Y/N), resolved, speed_of_answer_in_seconds,
//! AvgTalkDuration, SatisfactionRating`; FORMATS.md §5).
//!
//! The date and time columns are read together as one local timestamp. An unanswered call
//! is abandoned at an unknown stage (the log does not say where). A call marked resolved was
//! resolved on the call, at its end (created + speed of answer + talk): calls have no
//! resolution time unless the export carries one (METRICS.md §4a), and this one does.

use super::formats::{mapping_of, Clues, Spec, SECONDS, TEXT, TIMESTAMP};
use super::mapping::{ColumnMap, Conv, Field, Header, Mapping, RecordKind};

/// The generic call log spec.
pub fn specs() -> Vec<Spec> {
    vec![Spec { id: "generic_call_log", name: "Call log (date, time, answered, speed of answer)", score, mapping, special: None }]
}

const ANSWERED: &[&str] = &["answered (y/n)", "answered", "answered y/n", "risposto", "atendida", "contestada"];
const SPEED: &[&str] = &["speed of answer in seconds", "speed of answer", "speed_of_answer_in_seconds", "asa", "wait time", "queue time"];
const TALK: &[&str] = &["avgtalkduration", "talk duration", "talk time", "talk time (s)", "call duration", "duration"];

fn score(c: &Clues) -> f32 {
    let date = c.has_any(&["date", "call date", "data", "fecha"]);
    if date && c.has_any(ANSWERED) && (c.has_any(SPEED) || c.has_any(TALK)) {
        0.85
    } else {
        0.0
    }
}

/// The call log mapping: channel phone, date + time → created.
pub fn mapping(h: &Header) -> Mapping {
    let mut m = mapping_of(
        h,
        RecordKind::Contact,
        "call_log",
        &[
            (Field::Id, &["call id", "call_id", "id", "callid"], TEXT),
            (Field::Customer, &["caller", "customer", "phone", "caller id", "from"], Conv::Customer),
            (Field::Created, &["date", "call date", "data", "fecha"], TIMESTAMP),
            (Field::Agent, &["agent", "agent name", "operatore", "agente"], TEXT),
            (Field::Team, &["queue", "team", "department"], TEXT),
            (Field::IssueType, &["topic", "reason", "category", "motivo"], TEXT),
            (Field::Answered, ANSWERED, Conv::Bool),
            (Field::Resolved, &["resolved", "resolved (y/n)", "risolto", "resolvida", "resuelta"], Conv::DoneAtEnd),
            (Field::QueueWait, SPEED, SECONDS),
            (Field::Talk, TALK, SECONDS),
            (Field::Csat, &["satisfactionrating", "satisfaction rating", "satisfaction", "csat"], Conv::Csat),
        ],
    );
    for name in ["time", "call time", "ora", "hora"] {
        if let Some(i) = h.find(name) {
            m.columns.push(ColumnMap { field: Field::Created, column: h.names[i].clone(), conv: Conv::Append { field: Field::Created } });
            break;
        }
    }
    m.constant(Field::Channel, "phone")
}
