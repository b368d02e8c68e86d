//! Chatbot event exports where a conversation's handoff can be read (FORMATS.md §3): the
//! Dialogflow CX interaction log (BigQuery export, one row per turn) and the Rasa tracker
//! store `events` table (one row per event). The rows of one conversation become one chatbot
//! session, started at its first row and ended at its last.
//!
//! - Dialogflow CX: turns grouped by `conversation_name`. A response carrying
//!   `liveAgentHandoff` is a handoff; otherwise a conversation whose last turn matched nothing
//!   (`NO_MATCH`) found no answer; otherwise the outcome is unknown (deflection is inferred).
//!   The query is the first matched intent's display name, else the first user text. `request`
//!   and `response` may be JSON text (CSV export) or nested objects (JSON export, flattened).
//! - Rasa: events grouped by `sender_id`, a new session at each `session_started`. A handoff
//!   is the CALM flow `pattern_human_handoff` or an action whose name says handoff or human
//!   (classic Rasa handoffs are project-specific custom actions: unverified); a conversation
//!   whose last user message fell back (`nlu_fallback`) found no answer. The query is the
//!   first user intent (the user's text when it fell back); the customer is the sender.

use std::collections::HashMap;

use serde_json::Value;

use super::formats::{mapping_of, Clues, Spec, TEXT, TIMESTAMP};
use super::mapping::{Conv, Field, Header, Mapping, RecordKind};
use super::sink::Sink;
use super::table::{Built, ReadOptions, TableMapper};
use super::text::RawRecord;
use super::RowMapper;
use crate::engine::error::FileError;
use crate::engine::record::{Outcome, Session};
use crate::engine::time::DateOrder;

/// The chatbot event specs.
pub fn specs() -> Vec<Spec> {
    vec![
        Spec { id: "dialogflow_cx_interactions", name: "Dialogflow CX interaction log", score: score_dialogflow, mapping: dialogflow, special: Some(make_dialogflow) },
        Spec { id: "rasa_tracker_events", name: "Rasa tracker store events", score: score_rasa, mapping: rasa, special: Some(make_rasa) },
    ]
}

/// One conversation being assembled.
struct Conversation {
    session: Session,
    rows: u64,
    handoff: bool,
    last_unanswered: bool,
    query: Option<String>,
    user_turns: u32,
}

impl Conversation {
    fn new(session: Session) -> Conversation {
        Conversation { session, rows: 0, handoff: false, last_unanswered: false, query: None, user_turns: 0 }
    }

    fn add_row(&mut self, s: &Session) {
        self.rows += 1;
        self.session.started = self.session.started.min(s.started);
        let end = s.ended.unwrap_or(s.started).max(self.session.ended.unwrap_or(self.session.started));
        self.session.ended = Some(end);
    }

    fn done(mut self, sink: &mut Sink) {
        self.session.outcome = if self.handoff {
            Outcome::Handoff
        } else if self.last_unanswered {
            Outcome::NoResult
        } else {
            Outcome::Unknown
        };
        if let Some(q) = &self.query {
            self.session.query = sink.intern(q);
        }
        let rows = self.rows;
        sink.push_session_from_rows(self.session, rows);
    }
}

/// Conversations in order of first appearance.
#[derive(Default)]
struct Conversations {
    list: Vec<Conversation>,
    index: HashMap<String, usize>,
}

impl Conversations {
    fn get(&mut self, key: &str, template: &Session) -> &mut Conversation {
        let i = match self.index.get(key) {
            Some(&i) => i,
            None => {
                self.index.insert(key.to_string(), self.list.len());
                self.list.push(Conversation::new(template.clone()));
                self.list.len() - 1
            }
        };
        &mut self.list[i]
    }

    fn finish(&mut self, sink: &mut Sink) {
        for c in std::mem::take(&mut self.list) {
            c.done(sink);
        }
        self.index.clear();
    }
}

fn cell(rec: &RawRecord, idx: Option<usize>) -> &str {
    idx.and_then(|i| rec.get(i)).map(str::trim).unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Dialogflow CX

fn score_dialogflow(c: &Clues) -> f32 {
    if c.has("conversation_name") && c.has("turn_position") && c.has("request_time") {
        0.95
    } else {
        0.0
    }
}

/// The per-turn mapping (the grouping is fixed).
pub fn dialogflow(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Session,
        "dialogflow",
        &[(Field::SessionId, &["conversation_name"], TEXT), (Field::Started, &["request_time"], TIMESTAMP)],
    );
    m.constant(Field::Kind, "chatbot")
}

fn make_dialogflow(header: &Header, prefix: &[RawRecord], mapping: Mapping, read: ReadOptions, sink: &mut Sink) -> Result<Box<dyn RowMapper>, FileError> {
    let table = TableMapper::new(mapping, header, prefix, read, sink)?;
    let prefixed = |p: &str| -> Vec<usize> { header.names.iter().enumerate().filter(|(_, n)| n.starts_with(p)).map(|(i, _)| i).collect() };
    Ok(Box::new(DialogflowMapper {
        request: table.column("request"),
        response: table.column("response"),
        request_cols: prefixed("request."),
        response_cols: prefixed("response."),
        names: header.names.clone(),
        table,
        conversations: Conversations::default(),
    }))
}

struct DialogflowMapper {
    table: TableMapper,
    request: Option<usize>,
    response: Option<usize>,
    request_cols: Vec<usize>,
    response_cols: Vec<usize>,
    names: Vec<String>,
    conversations: Conversations,
}

/// A value inside a JSON text cell, by JSON pointer.
fn pointer(text: &str, path: &str) -> Option<String> {
    if !text.starts_with('{') {
        return None;
    }
    let v: Value = serde_json::from_str(text).ok()?;
    match v.pointer(path)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

impl DialogflowMapper {
    /// A flattened column ending with `suffix`, or the value at `path` inside the JSON cell.
    fn value(&self, rec: &RawRecord, cols: &[usize], whole: Option<usize>, suffix: &str, path: &str) -> Option<String> {
        cols.iter()
            .filter(|&&i| self.names[i].ends_with(suffix))
            .filter_map(|&i| rec.get(i).map(str::trim))
            .find(|v| !v.is_empty())
            .map(str::to_string)
            .or_else(|| pointer(cell(rec, whole), path))
    }

    fn mentions(&self, rec: &RawRecord, cols: &[usize], whole: Option<usize>, word: &str) -> bool {
        cols.iter().any(|&i| self.names[i].contains(word) && rec.get(i).is_some_and(|v| !v.trim().is_empty())) || cell(rec, whole).contains(word)
    }
}

impl RowMapper for DialogflowMapper {
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        let turn = match self.table.map_row(rec, sink) {
            Ok(Built::Session(s)) => s,
            Ok(_) => return,
            Err(r) => return sink.reject(r.position, r.problem),
        };
        let key = sink.strings.get(turn.id).to_string();
        let handoff = self.mentions(rec, &self.response_cols, self.response, "liveAgentHandoff");
        let no_match = self.mentions(rec, &self.response_cols, self.response, "NO_MATCH");
        let intent = self.value(rec, &self.response_cols, self.response, "match.intent.displayName", "/queryResult/match/intent/displayName");
        let text = self.value(rec, &self.request_cols, self.request, "queryInput.text.text", "/queryInput/text/text");
        let conv = self.conversations.get(&key, &turn);
        conv.add_row(&turn);
        conv.handoff |= handoff;
        conv.last_unanswered = no_match;
        if conv.query.is_none() {
            conv.query = intent.or(text);
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.conversations.finish(sink);
        self.table.finish(sink);
    }

    fn date_orders(&self) -> Vec<(String, DateOrder, bool)> {
        self.table.date_orders()
    }
}

// ---------------------------------------------------------------------------------------------
// Rasa

fn score_rasa(c: &Clues) -> f32 {
    if c.has("sender_id") && c.has("type_name") && c.has("timestamp") && c.has_any(&["intent_name", "action_name"]) {
        0.95
    } else {
        0.0
    }
}

/// The per-event mapping (the grouping is fixed).
pub fn rasa(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Session,
        "rasa",
        &[
            (Field::SessionId, &["sender_id"], TEXT),
            (Field::Visitor, &["sender_id"], Conv::Customer),
            (Field::Started, &["timestamp"], TIMESTAMP),
        ],
    );
    m.constant(Field::Kind, "chatbot")
}

fn make_rasa(header: &Header, prefix: &[RawRecord], mapping: Mapping, read: ReadOptions, sink: &mut Sink) -> Result<Box<dyn RowMapper>, FileError> {
    let table = TableMapper::new(mapping, header, prefix, read, sink)?;
    Ok(Box::new(RasaMapper {
        sender: table.column("sender_id"),
        type_name: table.column("type_name"),
        intent: table.column("intent_name"),
        action: table.column("action_name"),
        data: table.column("data"),
        table,
        sessions_of: HashMap::new(),
        conversations: Conversations::default(),
    }))
}

struct RasaMapper {
    table: TableMapper,
    sender: Option<usize>,
    type_name: Option<usize>,
    intent: Option<usize>,
    action: Option<usize>,
    data: Option<usize>,
    /// Sessions started so far per sender (a new one at each `session_started`).
    sessions_of: HashMap<String, u32>,
    conversations: Conversations,
}

/// Actions that hand the conversation to a person.
fn is_handoff_action(action: &str) -> bool {
    let a = action.to_lowercase();
    a.contains("handoff") || a.contains("human") || a.contains("live_agent") || a.contains("transfer_to_agent")
}

impl RowMapper for RasaMapper {
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        let event = match self.table.map_row(rec, sink) {
            Ok(Built::Session(s)) => s,
            Ok(_) => return,
            Err(r) => return sink.reject(r.position, r.problem),
        };
        let sender = cell(rec, self.sender).to_string();
        let kind = cell(rec, self.type_name).to_lowercase();
        let action = cell(rec, self.action).to_string();
        let counter = self.sessions_of.entry(sender.clone()).or_insert(1);
        // A session starts with `action_session_start` then `session_started`: split at the
        // first of them once the current session has heard the user.
        if kind == "session_started" || action == "action_session_start" {
            let current = self.conversations.index.get(&session_key(&sender, *counter)).map(|&i| self.conversations.list[i].user_turns);
            if current.is_some_and(|turns| turns > 0) {
                *counter += 1;
            }
        }
        let n = *counter;
        let key = session_key(&sender, n);
        let mut template = event.clone();
        if n > 1 {
            template.id = sink.intern(&key);
        }
        let intent = cell(rec, self.intent).to_string();
        let data = cell(rec, self.data);
        let handoff = is_handoff_action(&action) || data.contains("pattern_human_handoff");
        let user_text = pointer(data, "/text").or_else(|| pointer(data, "/parse_data/text"));
        let conv = self.conversations.get(&key, &template);
        conv.add_row(&event);
        conv.handoff |= handoff;
        if kind == "user" {
            conv.user_turns += 1;
            conv.last_unanswered = intent == "nlu_fallback";
            if conv.query.is_none() {
                // A fallback is no intent at all: the user's own words say what was asked.
                conv.query = if intent.is_empty() || intent == "nlu_fallback" { user_text } else { Some(intent) };
            }
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.conversations.finish(sink);
        self.table.finish(sink);
    }

    fn date_orders(&self) -> Vec<(String, DateOrder, bool)> {
        self.table.date_orders()
    }
}

fn session_key(sender: &str, n: u32) -> String {
    if n <= 1 {
        sender.to_string()
    } else {
        format!("{sender}#{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_actions_and_session_keys() {
        assert!(is_handoff_action("action_handoff_to_human"));
        assert!(is_handoff_action("utter_transfer_to_agent"));
        assert!(!is_handoff_action("action_listen"));
        assert_eq!(session_key("u1", 1), "u1");
        assert_eq!(session_key("u1", 3), "u1#3");
        assert_eq!(pointer(r#"{"queryResult":{"match":{"intent":{"displayName":"x"}}}}"#, "/queryResult/match/intent/displayName").as_deref(), Some("x"));
        assert_eq!(pointer("not json", "/a"), None);
    }
}
