//! Self-service inputs: generic help-centre, FAQ and chatbot session logs; the Zendesk Guide
//! search export (aggregate rows expanded into sessions); AI agent conversation outcomes
//! exported from Zendesk AI agents and Intercom Fin (FORMATS.md §3, §4).

use super::formats::{mapping_of, with_values, Clues, Spec, LABEL, TEXT, TIMESTAMP};
use super::mapping::{Conv, Field, Header, Mapping, RecordKind};
use super::sink::Sink;
use super::table::{Built, ReadOptions, TableMapper};
use super::text::RawRecord;
use super::RowMapper;
use crate::engine::error::{FileError, Problem};
use crate::engine::record::{Outcome, Session};
use crate::engine::time::{parse_number, DateOrder};

/// Most sessions one file may expand into (an aggregate export with absurd counts).
pub const MAX_EXPANDED_SESSIONS: u64 = 2_000_000;

/// The self-service specs.
pub fn specs() -> Vec<Spec> {
    vec![
        Spec { id: "generic_session_log", name: "Self-service session log (help centre, FAQ, chatbot)", score: score_session_log, mapping: session_log, special: None },
        Spec { id: "zendesk_guide_search", name: "Zendesk Guide search report (Explore)", score: score_guide_search, mapping: guide_search, special: Some(make_guide_search) },
        Spec { id: "zendesk_ai_agent_conversations", name: "Zendesk AI agent conversations", score: score_zendesk_ai, mapping: zendesk_ai, special: None },
        Spec { id: "intercom_fin_conversations_csv", name: "Intercom Fin AI agent conversations (CSV)", score: score_fin_csv, mapping: fin_csv, special: None },
    ]
}

// ---------------------------------------------------------------------------------------------
// Generic session logs

const SESSION_IDS: &[&str] = &["session id", "session", "visit id", "search id", "chat session id", "id sessione", "id da sessão", "id de sesión"];
const SESSION_STARTS: &[&str] = &["started at", "started", "start time", "session start", "start", "timestamp", "searched at", "inizio", "início", "inicio", "date"];
const SESSION_SIGNS: &[&str] = &[
    "search term", "search query", "search string", "query", "intent", "articles viewed", "article views", "outcome", "result",
    "deflected", "helpful", "ticket created", "handoff", "ricerca", "pesquisa", "búsqueda", "esito", "resultado",
];

fn score_session_log(c: &Clues) -> f32 {
    let contact_like = c.has_any(&["assignee", "agent", "requester", "first response", "resolved at"]);
    if c.has_any(SESSION_IDS) && c.has_any(SESSION_STARTS) && c.count(SESSION_SIGNS) >= 1 && !contact_like {
        0.8
    } else {
        0.0
    }
}

/// A session log with common column names. Without a kind column the kind follows the
/// columns: an intent means a chatbot, otherwise a help centre.
pub fn session_log(h: &Header) -> Mapping {
    let mut m = mapping_of(
        h,
        RecordKind::Session,
        "self_service",
        &[
            (Field::SessionId, SESSION_IDS, TEXT),
            (Field::Visitor, &["visitor", "visitor id", "visitor email", "user", "user id", "user email", "customer", "customer email", "email", "utente", "usuário", "usuario"], Conv::Customer),
            // Only a column that says it is the kind: `source` or `channel` values (google,
            // whatsapp) are not kinds, and an unknown kind rejects the row.
            (Field::Kind, &["kind", "session kind", "self service kind"], LABEL),
            (Field::Started, SESSION_STARTS, TIMESTAMP),
            (Field::Ended, &["ended at", "ended", "end time", "session end", "end", "fine", "fim", "fin"], TIMESTAMP),
            (Field::Query, &["query", "search term", "search query", "search string", "intent", "question", "ricerca", "pesquisa", "búsqueda", "domanda", "pergunta", "pregunta"], TEXT),
            (Field::ArticlesViewed, &["articles viewed", "article views", "articles", "articoli visti", "artigos vistos"], Conv::Count),
            (Field::Outcome, &["outcome", "result", "resolution", "esito", "resultado"], LABEL),
            (Field::ContactId, &["ticket id", "contact id", "case id", "ticket", "conversation id"], TEXT),
            (Field::Helpful, &["helpful", "was this helpful", "utile", "útil"], Conv::Bool),
        ],
    );
    let kind = if h.has("intent") || h.has("bot") { "chatbot" } else { "help_center" };
    m.constants.insert(Field::Kind, kind.into());
    m
}

// ---------------------------------------------------------------------------------------------
// Zendesk Guide search report

const SEARCH_TERMS: &[&str] = &["search string", "search term", "search query", "searches - search string"];
const TOTAL_SEARCHES: &[&str] = &["total searches", "searches"];
const NO_RESULTS: &[&str] = &["searches with no results", "no result searches", "searches with zero results"];
const NO_CLICKS: &[&str] = &["searches with no clicks", "no click searches"];
const TICKETS: &[&str] = &["tickets created", "tickets created after search"];

fn score_guide_search(c: &Clues) -> f32 {
    if c.has_any(SEARCH_TERMS) && c.has_any(TOTAL_SEARCHES) {
        0.9
    } else {
        0.0
    }
}

/// Zendesk Explore's Guide search report (FORMATS.md §4; its column names are unverified):
/// one row per search string and date with counts. Each row becomes that many help-centre
/// sessions: `Tickets created` of them ticket_created, then `Searches with no results`
/// no_result, then the rest of `Searches with no clicks` abandoned, and the others viewed an
/// article with an outcome left unknown (deflection is inferred). The report has no visitors,
/// so these sessions rely on their outcome alone (METRICS.md §4). A date column is required.
pub fn guide_search(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Session,
        "zendesk_guide",
        &[
            (Field::Started, &["date", "search date", "date - date", "search - date", "day", "searches - date"], TIMESTAMP),
            (Field::Query, SEARCH_TERMS, TEXT),
        ],
    );
    m.constant(Field::Kind, "help_center")
}

fn make_guide_search(header: &Header, prefix: &[RawRecord], mapping: Mapping, read: ReadOptions, sink: &mut Sink) -> Result<Box<dyn RowMapper>, FileError> {
    let table = TableMapper::new(mapping, header, prefix, read, sink)?;
    let find = |names: &[&str]| names.iter().find_map(|n| header.find(n));
    let total = find(TOTAL_SEARCHES).ok_or_else(|| FileError::Unmapped {
        header: header.names.clone(),
        missing: vec!["total searches".into()],
        preview: Vec::new(),
        guess: Some(Box::new(table.mapping().clone())),
    })?;
    Ok(Box::new(GuideSearchMapper { total, no_results: find(NO_RESULTS), no_clicks: find(NO_CLICKS), tickets: find(TICKETS), table, expanded: 0 }))
}

struct GuideSearchMapper {
    table: TableMapper,
    total: usize,
    no_results: Option<usize>,
    no_clicks: Option<usize>,
    tickets: Option<usize>,
    expanded: u64,
}

impl GuideSearchMapper {
    fn count(&self, rec: &RawRecord, idx: Option<usize>) -> Result<u64, (String, Problem)> {
        let Some(i) = idx else { return Ok(0) };
        let text = rec.get(i).map(str::trim).unwrap_or("");
        if text.is_empty() || text == "-" {
            return Ok(0);
        }
        let name = self.table.column_name(i);
        match parse_number(text, self.table.read_options().decimal_comma) {
            Some(x) if x >= 0.0 && x.fract() == 0.0 => Ok(x as u64),
            _ => Err((name, Problem::InvalidNumber { value: text.to_string() })),
        }
    }

    fn counts(&self, rec: &RawRecord) -> Result<[u64; 4], (String, Problem)> {
        Ok([self.count(rec, Some(self.total))?, self.count(rec, self.tickets)?, self.count(rec, self.no_results)?, self.count(rec, self.no_clicks)?])
    }
}

impl RowMapper for GuideSearchMapper {
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        let position = self.table.position(rec, None);
        let template = match self.table.map_row(rec, sink) {
            Ok(Built::Session(s)) => s,
            Ok(_) => return,
            Err(r) => return sink.reject(r.position, r.problem),
        };
        let [total, tickets, no_results, no_clicks] = match self.counts(rec) {
            Ok(c) => c,
            Err((column, problem)) => return sink.reject(crate::engine::error::Position { column: Some(column), ..position }, problem),
        };
        if self.expanded + total > MAX_EXPANDED_SESSIONS {
            return sink.reject(position, Problem::TooManyRecords { count: self.expanded + total, limit: MAX_EXPANDED_SESSIONS });
        }
        self.expanded += total;
        let ticket_created = tickets.min(total);
        let no_result = no_results.min(total - ticket_created);
        let abandoned = no_clicks.saturating_sub(no_results).min(total - ticket_created - no_result);
        let viewed = total - ticket_created - no_result - abandoned;
        for (n, outcome, articles) in [
            (ticket_created, Outcome::TicketCreated, None),
            (no_result, Outcome::NoResult, Some(0)),
            (abandoned, Outcome::Abandoned, Some(0)),
            (viewed, Outcome::Unknown, Some(1)),
        ] {
            for _ in 0..n {
                sink.add_session(Session { outcome, articles_viewed: articles, ..template.clone() });
            }
        }
        sink.count_used(1, false);
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.table.finish(sink);
    }

    fn date_orders(&self) -> Vec<(String, DateOrder, bool)> {
        self.table.date_orders()
    }
}

// ---------------------------------------------------------------------------------------------
// AI agent conversation outcomes

/// Zendesk AI agent (advanced) conversation statuses, messaging and e-mail (FORMATS.md §3).
const ZENDESK_AI_STATUSES: &[&str] = &[
    "agent escalation", "bot handled", "custom escalation", "email escalation", "escalation failed", "no status", "not understood",
    "recognized intent", "processed", "answered", "escalated",
];

fn score_zendesk_ai(c: &Clues) -> f32 {
    let Some(status) = ["conversation status", "status"].iter().find_map(|n| c.header.find(n)) else { return 0.0 };
    let has_id = c.has_any(&["conversation id", "conversation", "session id"]);
    let statuses = c.rows.iter().filter_map(|r| r.get(status)).map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty()).take(200).collect::<Vec<_>>();
    let known = statuses.iter().filter(|v| ZENDESK_AI_STATUSES.contains(&v.as_str())).count();
    let distinctive = statuses.iter().any(|v| matches!(v.as_str(), "bot handled" | "agent escalation" | "escalation failed" | "custom escalation"));
    if has_id && distinctive && known * 10 >= statuses.len() * 9 {
        0.9
    } else {
        0.0
    }
}

/// Zendesk AI agent conversation export (column names unverified; the status values are
/// documented): one conversation per row, a chatbot session. `Bot handled` and `Answered`
/// resolved; any escalation (also a failed one: the customer wanted a person) a handoff;
/// `Not understood` no result; the rest unknown.
pub fn zendesk_ai(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Session,
        "zendesk_ai_agent",
        &[
            (Field::SessionId, &["conversation id", "conversation", "session id"], TEXT),
            (Field::Visitor, &["user email", "end user email", "email", "user id", "end user id", "user"], Conv::Customer),
            (Field::Started, &["started at", "conversation started", "start time", "created at", "date"], TIMESTAMP),
            (Field::Ended, &["ended at", "conversation ended", "end time"], TIMESTAMP),
            (Field::Query, &["use case", "intent", "topic", "first message"], TEXT),
            (Field::Outcome, &["conversation status", "status"], LABEL),
            (Field::ContactId, &["ticket id", "escalation ticket id"], TEXT),
        ],
    );
    m.constant(Field::Kind, "chatbot")
}

fn score_fin_csv(c: &Clues) -> f32 {
    if c.has_any(&["fin ai agent resolution state", "ai agent resolution state", "fin resolution state"]) && !c.has("ai_agent.resolution_state") {
        0.9
    } else {
        0.0
    }
}

/// Intercom Fin outcomes as a CSV (the custom attribute `Fin AI Agent resolution state` =
/// `Assumed Resolution` / `Confirmed Resolution` / `Escalated`, FORMATS.md §3; the other
/// column names are unverified). Fin previews are test traffic.
pub fn fin_csv(h: &Header) -> Mapping {
    let m = mapping_of(
        h,
        RecordKind::Session,
        "intercom",
        &[
            (Field::SessionId, &["conversation id", "conversation", "id"], TEXT),
            (Field::Visitor, &["user email", "email", "contact email", "user id", "contact id"], Conv::Customer),
            (Field::Started, &["conversation started at", "started at", "created at", "conversation created at", "date"], TIMESTAMP),
            (Field::Ended, &["conversation closed at", "closed at", "ended at"], TIMESTAMP),
            (Field::Query, &["conversation title", "title", "topic", "first message"], TEXT),
            (Field::Outcome, &["fin ai agent resolution state", "ai agent resolution state", "fin resolution state"], LABEL),
            (Field::NotDemand, &["fin ai agent source type", "ai agent source type", "source type"], LABEL),
        ],
    );
    let m = with_values(m, Field::Outcome, &[("routed to team", "handoff")]);
    m.constant(Field::Kind, "chatbot")
}
