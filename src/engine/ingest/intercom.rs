//! Intercom conversations from the API (`{"conversations": [...]}`, FORMATS.md §1.4), with
//! Fin AI agent outcomes (FORMATS.md §3). Times are Unix seconds.
//!
//! A conversation is an assisted contact when a person took part. When Fin took part
//! (`ai_agent_participated`), the conversation is also a chatbot session whose outcome is
//! Fin's `resolution_state`: `assumed_resolution` and `confirmed_resolution` resolved,
//! `escalated` and `routed_to_team` a handoff (the session then points at the contact),
//! `abandoned` abandoned (the last two values are unverified). A conversation Fin resolved
//! with no teammate reply and no handoff is a session only. Fin previews
//! (`ai_agent.source_type` `fin_preview`, `workflow_preview`) are test traffic: excluded.
//! Teammate and team ids become names with an admins/teams lookup file.

use super::formats::{mapping_of, with_values, Clues, Spec, LABEL, TEXT, TIMESTAMP};
use super::mapping::{default_value, parse_bool, Conv, Field, Header, Mapping, RecordKind};
use super::sink::Sink;
use super::table::{Built, ReadOptions, TableMapper};
use super::text::RawRecord;
use super::RowMapper;
use crate::engine::error::FileError;
use crate::engine::record::{Outcome, Session, SessionKind};
use crate::engine::time::{parse_written, resolve, DateOrder};

/// The Intercom conversations spec.
pub fn specs() -> Vec<Spec> {
    vec![Spec { id: "intercom_conversations_json", name: "Intercom conversations (API JSON)", score, mapping, special: Some(make) }]
}

fn score(c: &Clues) -> f32 {
    let intercom = c.has_any(&["statistics.first_admin_reply_at", "admin_assignee_id", "source.delivered_as"]);
    if intercom && c.has("created_at") && c.has("id") && c.has_any(&["source.type", "state", "open"]) {
        0.95
    } else {
        0.0
    }
}

/// The contact mapping of a conversation.
pub fn mapping(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Contact,
        "intercom",
        &[
            (Field::Id, &["id"], TEXT),
            (Field::Customer, &["source.author.email"], Conv::Customer),
            (Field::Customer, &["contacts.contacts.0.id", "contacts.0.id"], Conv::Customer),
            (Field::Channel, &["source.type"], LABEL),
            (Field::Direction, &["source.delivered_as"], LABEL),
            (Field::Created, &["created_at"], TIMESTAMP),
            (Field::Updated, &["updated_at"], TIMESTAMP),
            (Field::FirstResponse, &["statistics.first_admin_reply_at"], TIMESTAMP),
            (Field::Resolved, &["statistics.first_close_at"], TIMESTAMP),
            (Field::Closed, &["statistics.last_close_at"], TIMESTAMP),
            (Field::Status, &["state"], TEXT),
            (Field::Priority, &["priority"], TEXT),
            (Field::Agent, &["admin_assignee_id"], TEXT),
            (Field::Team, &["team_assignee_id"], TEXT),
            (Field::IssueType, &["tags.tags.0.name", "tags.0.name"], TEXT),
            (Field::Reopens, &["statistics.count_reopens"], Conv::Count),
            (Field::Csat, &["conversation_rating.rating"], Conv::Csat),
            (Field::NotDemand, &["ai_agent.source_type"], LABEL),
        ],
    );
    let m = with_values(m, Field::Channel, &[("conversation", "chat"), ("phone_call", "phone"), ("push", "other"), ("instant", "chat")]);
    // `delivered_as` values other than the two documented ones are unverified.
    with_values(m, Field::Direction, &[("campaigns_initiated", "outbound"), ("operator_initiated", "outbound"), ("automated", "outbound")])
}

fn make(header: &Header, prefix: &[RawRecord], mapping: Mapping, read: ReadOptions, sink: &mut Sink) -> Result<Box<dyn RowMapper>, FileError> {
    let table = TableMapper::new(mapping, header, prefix, read, sink)?;
    let find = |name: &str| table.column(name);
    Ok(Box::new(IntercomMapper {
        participated: find("ai_agent_participated"),
        resolution: find("ai_agent.resolution_state"),
        title: find("title"),
        admin_reply: find("statistics.first_admin_reply_at"),
        assignee: find("admin_assignee_id"),
        closed: find("statistics.first_close_at"),
        table,
    }))
}

struct IntercomMapper {
    table: TableMapper,
    participated: Option<usize>,
    resolution: Option<usize>,
    title: Option<usize>,
    admin_reply: Option<usize>,
    assignee: Option<usize>,
    closed: Option<usize>,
}

fn cell(rec: &RawRecord, idx: Option<usize>) -> &str {
    idx.and_then(|i| rec.get(i)).map(str::trim).unwrap_or("")
}

/// Fin's resolution state as a session outcome.
pub fn fin_outcome(state: &str) -> Outcome {
    let lower = state.trim().to_lowercase().replace(' ', "_");
    match lower.as_str() {
        "assumed_resolution" | "confirmed_resolution" => Outcome::Resolved,
        "escalated" | "routed_to_team" => Outcome::Handoff,
        "abandoned" => Outcome::Abandoned,
        other => default_value(Field::Outcome, other).and_then(Outcome::from_label).unwrap_or(Outcome::Unknown),
    }
}

impl RowMapper for IntercomMapper {
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        let contact = match self.table.map_row(rec, sink) {
            Ok(Built::Contact(c)) => c,
            Ok(_) => return,
            Err(r) => return sink.reject(r.position, r.problem),
        };
        let fin = parse_bool(cell(rec, self.participated)).unwrap_or(false);
        if !fin {
            return sink.push_contact(contact);
        }
        let outcome = fin_outcome(cell(rec, self.resolution));
        let teammate = !cell(rec, self.admin_reply).is_empty() || !cell(rec, self.assignee).is_empty();
        let assisted = outcome == Outcome::Handoff || teammate;
        let read = self.table.read_options();
        let ended = parse_written(cell(rec, self.closed)).and_then(|w| resolve(&w, DateOrder::DayFirst, &read.zone).ok()).map(|(ms, _)| ms);
        let title = sink.intern(cell(rec, self.title));
        let session = Session {
            file: sink.file,
            line: contact.line,
            source: contact.source,
            id: contact.id,
            customer: contact.customer,
            kind: SessionKind::Chatbot,
            started: contact.created,
            ended,
            query: title,
            articles_viewed: None,
            outcome,
            contact_id: if assisted { contact.id } else { crate::engine::intern::Sym::NONE },
            helpful: None,
            not_demand: contact.not_demand,
        };
        let excluded = session.not_demand;
        sink.add_session(session);
        if assisted {
            sink.add_contact(contact);
        }
        sink.count_used(1, excluded);
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.table.finish(sink);
    }

    fn date_orders(&self) -> Vec<(String, DateOrder, bool)> {
        self.table.date_orders()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fin_states_as_outcomes() {
        assert_eq!(fin_outcome("assumed_resolution"), Outcome::Resolved);
        assert_eq!(fin_outcome("Confirmed Resolution"), Outcome::Resolved);
        assert_eq!(fin_outcome("escalated"), Outcome::Handoff);
        assert_eq!(fin_outcome("routed_to_team"), Outcome::Handoff);
        assert_eq!(fin_outcome(""), Outcome::Unknown);
    }
}
