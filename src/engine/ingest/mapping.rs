//! Column mappings: which column feeds which canonical field, how its values are read, and
//! how raw labels map onto canonical values. A [`Mapping`] is plain data (serialisable), so the
//! UI can show, edit and remember it; [`TableMapper`] applies it to records.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::time::DurationUnit;

/// The record kind a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// Assisted contacts.
    Contact,
    /// Self-service sessions.
    Session,
    /// CSAT responses.
    Survey,
    /// Lookup entries (id → name) applied to other files' records.
    Lookup,
}

macro_rules! fields {
    ($($var:ident => $label:literal : $kind:ident),+ $(,)?) => {
        /// A canonical field (METRICS.md §1).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[allow(missing_docs)]
        pub enum Field { $($var),+ }

        impl Field {
            /// Every field.
            pub const ALL: &'static [Field] = &[$(Field::$var),+];

            /// Canonical name.
            pub fn label(self) -> &'static str {
                match self { $(Field::$var => $label),+ }
            }

            /// Record kind the field belongs to.
            pub fn kind(self) -> RecordKind {
                match self { $(Field::$var => RecordKind::$kind),+ }
            }
        }
    };
}

fields! {
    Id => "id": Contact,
    Customer => "customer": Contact,
    Channel => "channel": Contact,
    Created => "created": Contact,
    FirstResponse => "first_response": Contact,
    Resolved => "resolved": Contact,
    Closed => "closed": Contact,
    Updated => "updated": Contact,
    Status => "status": Contact,
    Priority => "priority": Contact,
    Direction => "direction": Contact,
    Agent => "agent": Contact,
    Team => "team": Contact,
    IssueType => "issue_type": Contact,
    Reopens => "reopens": Contact,
    AgentReplies => "agent_replies": Contact,
    Escalated => "escalated": Contact,
    Transfers => "transfers": Contact,
    Csat => "csat": Contact,
    QueueWait => "queue_wait_s": Contact,
    Talk => "talk_s": Contact,
    Hold => "hold_s": Contact,
    AfterWork => "after_work_s": Contact,
    Answered => "answered": Contact,
    Abandoned => "abandoned": Contact,
    AbandonStage => "abandon_stage": Contact,
    AbandonWait => "abandon_wait_s": Contact,
    SelfServiceSession => "self_service_session": Contact,
    NotDemand => "not_demand": Contact,
    SessionId => "session_id": Session,
    Visitor => "visitor": Session,
    Kind => "kind": Session,
    Started => "started": Session,
    Ended => "ended": Session,
    Query => "query": Session,
    ArticlesViewed => "articles_viewed": Session,
    Outcome => "outcome": Session,
    ContactId => "contact_id": Session,
    Helpful => "helpful": Session,
    SurveyContact => "survey_contact_id": Survey,
    AnsweredAt => "answered_at": Survey,
    Score => "score": Survey,
    LookupKey => "lookup_key": Lookup,
    LookupName => "lookup_name": Lookup,
    LookupEmail => "lookup_email": Lookup,
    LookupTable => "lookup_table": Lookup,
}

/// How a column's text becomes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "as", rename_all = "snake_case")]
pub enum Conv {
    /// Text, interned as is (trimmed).
    Text,
    /// A customer key, normalised (METRICS.md §4a).
    Customer,
    /// A timestamp.
    Timestamp,
    /// A duration in a unit (or `H:MM:SS`).
    Duration {
        /// Unit of plain numbers.
        unit: DurationUnit,
    },
    /// A duration added to another field's timestamp (Zendesk: first response =
    /// created + "First reply time in minutes").
    After {
        /// The base timestamp field.
        base: Field,
        /// Unit of plain numbers.
        unit: DurationUnit,
    },
    /// A whole number.
    Count,
    /// Yes/no in several languages.
    Bool,
    /// A raw label mapped through the field's value map.
    Label,
    /// A CSAT score or label.
    Csat,
    /// The second half of another column's value, appended after a space: a call log's
    /// `time` after its `date` column (read together as one timestamp), a last name after a
    /// first name.
    Append {
        /// The field whose column this one completes.
        field: Field,
    },
    /// Yes/no: yes means the field happened at the end of the contact, created + queue wait +
    /// talk + hold (a call log's `resolved` Y/N: resolved on the call).
    DoneAtEnd,
}

/// One column feeding one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    /// The canonical field.
    pub field: Field,
    /// The header text of the column (as in the file).
    pub column: String,
    /// How values are read.
    pub conv: Conv,
}

/// A complete mapping of one file's columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// What each row becomes.
    pub record: RecordKind,
    /// Source family written into records, for de-duplication across files ("zendesk").
    pub source: String,
    /// Columns in use.
    pub columns: Vec<ColumnMap>,
    /// Per field, raw label (lower case) → canonical label. Defaults come from
    /// [`default_value`]; entries here override them.
    pub values: BTreeMap<Field, BTreeMap<String, String>>,
    /// Fixed values for fields no column gives (e.g. channel = phone for a call log).
    pub constants: BTreeMap<Field, String>,
}

impl Mapping {
    /// An empty mapping of `record` rows from `source`.
    pub fn new(record: RecordKind, source: &str) -> Mapping {
        Mapping {
            record,
            source: source.to_string(),
            columns: Vec::new(),
            values: BTreeMap::new(),
            constants: BTreeMap::new(),
        }
    }

    /// Adds a column if its header exists in `header`; returns whether it did.
    pub fn add(&mut self, header: &Header, field: Field, names: &[&str], conv: Conv) -> bool {
        if self.columns.iter().any(|c| c.field == field) {
            return false;
        }
        for n in names {
            if let Some(i) = header.find(n) {
                self.columns.push(ColumnMap { field, column: header.names[i].clone(), conv });
                return true;
            }
        }
        false
    }

    /// Adds a column for `field` even if the field has one already: a fallback, read when
    /// the earlier columns are blank in a row. Returns whether a column was found.
    pub fn add_fallback(&mut self, header: &Header, field: Field, names: &[&str], conv: Conv) -> bool {
        for n in names {
            if let Some(i) = header.find(n) {
                let column = header.names[i].clone();
                if self.columns.iter().any(|c| c.field == field && c.column == column) {
                    return false;
                }
                self.columns.push(ColumnMap { field, column, conv });
                return true;
            }
        }
        false
    }

    /// The column mapped to `field`.
    pub fn column_of(&self, field: Field) -> Option<&ColumnMap> {
        self.columns.iter().find(|c| c.field == field)
    }

    /// Sets a fixed value.
    pub fn constant(mut self, field: Field, value: &str) -> Mapping {
        self.constants.insert(field, value.to_string());
        self
    }
}

/// Header text normalised for matching: lower case, `_`/`-`/`.` and runs of spaces folded to one
/// space, trimmed.
pub fn normalise_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut space = false;
    for c in h.trim().trim_start_matches('\u{feff}').chars() {
        let c = if c == '_' || c == '-' || c.is_whitespace() { ' ' } else { c };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.extend(c.to_lowercase());
            space = false;
        }
    }
    out.trim_end().to_string()
}

/// A file's header with normalised names for lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Names as written.
    pub names: Vec<String>,
    normalised: Vec<String>,
}

impl Header {
    /// A header from names.
    pub fn new(names: Vec<String>) -> Header {
        let normalised = names.iter().map(|n| normalise_header(n)).collect();
        Header { names, normalised }
    }

    /// Index of the first column whose normalised name equals `name`'s.
    pub fn find(&self, name: &str) -> Option<usize> {
        let n = normalise_header(name);
        self.normalised.iter().position(|h| *h == n)
    }

    /// True if a column named `name` exists.
    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// True if some column name starts with `prefix` (normalised).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let p = normalise_header(prefix);
        self.normalised.iter().any(|h| h.starts_with(&p))
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True for a header without columns.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// A stable signature of the header (for remembering confirmed mappings).
    pub fn signature(&self) -> String {
        // FNV-1a over the normalised names: short, stable across platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for n in &self.normalised {
            for b in n.bytes().chain(std::iter::once(0x1f)) {
                h ^= b as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }
}

/// Default raw-label → canonical-label maps, shared by every format. Lower-cased raw labels.
pub fn default_value(field: Field, raw_lower: &str) -> Option<&'static str> {
    let r = raw_lower.trim();
    match field {
        Field::Channel => Some(match r {
            "phone" | "voice" | "call" | "telephone" | "telefono" | "telefone" | "teléfono" | "inbound call"
            | "inbound_queue" | "ligação" | "chiamata" => "phone",
            "email" | "e-mail" | "mail" | "outbound email" | "posta" | "correo" | "web_service" | "api" => {
                if r == "web_service" || r == "api" {
                    "other"
                } else {
                    "email"
                }
            }
            "chat" | "live chat" | "livechat" | "conversation" | "chat_transcript" | "zopim_chat" => "chat",
            "messaging" | "native_messaging" | "whatsapp" | "sms" | "mobile_sdk" | "line" | "wechat" | "telegram"
            | "messenger" | "instagram_dm" | "sunshine_conversations_api" => "messaging",
            "social" | "social media" | "facebook" | "twitter" | "instagram" | "x" | "social_media" | "redes sociais" => {
                "social"
            }
            "web" | "web form" | "web_form" | "webform" | "form" | "portal" | "web widget" | "feedback widget"
            | "modulo web" | "formulário" | "formulario" | "help center" => "web_form",
            "task" | "closed ticket" | "closed_ticket" | "rule" | "internal" | "push" | "other" => "other",
            _ => return channel_by_keyword(r),
        }),
        Field::Direction => Some(match r {
            "inbound" | "in" | "incoming" | "entrante" | "entrata" | "entrada" | "customer_initiated" => "inbound",
            // Amazon Connect InitiationMethod: transfers and API-started chats continue inbound demand.
            "transfer" | "queue_transfer" | "api" | "disconnect" => "inbound",
            "outbound" | "out" | "outgoing" | "uscita" | "saída" | "saliente" | "admin_initiated" | "callback"
            | "agent_reply" | "campaign" | "automated" => "outbound",
            _ => return None,
        }),
        Field::AbandonStage => Some(match r {
            "welcome" | "welcome message" | "greeting" | "playback" => "welcome",
            "ivr" | "menu" | "ivr menu" | "background" | "read" | "flow" | "contact flow" => "ivr",
            "queue" | "in queue" | "queued" => "queue",
            "ringing" | "ring" | "alert" | "dial" => "ringing",
            "hold" | "on hold" => "hold",
            "unknown" | "" => "unknown",
            _ => return None,
        }),
        Field::Kind => Some(match r {
            "help_center" | "help center" | "helpcenter" | "knowledge base" | "kb" | "guide" | "search"
            | "help centre" => "help_center",
            "faq" => "faq",
            "portal" | "self-service portal" => "portal",
            "chatbot" | "bot" | "ai agent" | "virtual agent" | "fin" | "answer bot" => "chatbot",
            "ivr" | "voice bot" | "ivr self-service" => "ivr",
            "community" | "forum" => "community",
            _ => return None,
        }),
        Field::Outcome => Some(match r {
            "resolved" | "answered" | "bot handled" | "confirmed_resolution" | "assumed_resolution"
            | "confirmed resolution" | "assumed resolution" | "clicked" | "success" | "self_served" => "resolved",
            "no_result" | "no result" | "no results" | "not understood" | "zero results" | "fallback" => "no_result",
            "handoff" | "escalated" | "agent escalation" | "human handoff" | "transferred" | "routed_to_team"
            | "email escalation" | "custom escalation" | "escalation failed" | "live agent handoff" => "handoff",
            "ticket_created" | "ticket created" | "ticket" | "case created" => "ticket_created",
            "abandoned" | "dropped" | "left" => "abandoned",
            "unknown" | "no status" | "" | "recognized intent" | "processed" | "offered" => "unknown",
            _ => return None,
        }),
        Field::Status => match r {
            "spam" | "deleted" | "merged" | "test" | "trash" | "removed" => Some("not_demand"),
            _ => None,
        },
        // Markers of test traffic and removed records (Intercom Fin previews, Help Scout
        // `state`); any other value leaves the record as demand.
        Field::NotDemand => match r {
            "spam" | "deleted" | "merged" | "test" | "trash" | "removed" | "draft" | "fin_preview"
            | "workflow_preview" | "true" | "yes" | "y" | "1" | "not_demand" => Some("not_demand"),
            _ => None,
        },
        Field::Csat | Field::Score => csat_label(r),
        Field::LookupTable => Some(match r {
            "user" | "users" | "agent" | "agents" | "admin" | "admins" | "owner" | "owners" | "people" => "user",
            "group" | "groups" | "team" | "teams" | "queue" | "queues" => "group",
            "organisation" | "organisations" | "organization" | "organizations" | "company" | "companies" => {
                "organisation"
            }
            _ => return None,
        }),
        _ => None,
    }
}

/// Channel from words inside a longer label (`Phone call (inbound)`, `Facebook private
/// message`, `telegram personal-message`).
fn channel_by_keyword(r: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &str)] = &[
        ("phone", "phone"), ("call", "phone"), ("voice", "phone"), ("telefon", "phone"),
        ("whatsapp", "messaging"), ("sms", "messaging"), ("telegram", "messaging"),
        ("facebook", "social"), ("twitter", "social"), ("instagram", "social"), ("tweet", "social"),
        ("messag", "messaging"),
        ("chat", "chat"), ("mail", "email"), ("web", "web_form"), ("form", "web_form"), ("portal", "web_form"),
    ];
    WORDS.iter().find(|(w, _)| r.contains(w)).map(|(_, c)| *c)
}

/// Canonical text of a CSAT label: a label of a known scale (`great`, `okay`, `not good`,
/// `good`, `bad`) or, for Freshdesk's named points, its number on the -103..103 scale.
fn csat_label(r: &str) -> Option<&'static str> {
    let r = r.strip_suffix(" with comment").unwrap_or(r);
    Some(match r {
        "great" | "awesome" | "amazing" => "great",
        "okay" | "ok" | "just okay" | "neutral face" => "okay",
        "not good" | "not good enough" => "not good",
        "good" | "satisfied" | "positive" | "thumbs up" | "👍" => "good",
        "bad" | "unsatisfied" | "dissatisfied" | "negative" | "thumbs down" | "👎" => "bad",
        // Freshdesk custom surveys (FORMATS.md §1.2: 103 Extremely Happy … 100 Neutral …
        // -103 Extremely Unhappy; the points in between are not confirmed).
        "extremely happy" => "103",
        "very happy" => "102",
        "happy" => "101",
        "neutral" => "100",
        "unhappy" => "-101",
        "very unhappy" => "-102",
        "extremely unhappy" => "-103",
        _ => return None,
    })
}

/// Reads a yes/no value in English, Italian, Portuguese and Spanish.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "sì" | "si" | "sim" | "s" | "t" | "x" | "vero" | "verdadeiro" | "verdadero" => {
            Some(true)
        }
        "false" | "no" | "n" | "0" | "não" | "nao" | "f" | "falso" => Some(false),
        _ => None,
    }
}

/// Header synonyms for guessing the mapping of an unknown file (English, Italian, Portuguese,
/// Spanish), with the conversion each implies. Earlier names win.
pub fn synonyms(field: Field) -> (&'static [&'static str], Conv) {
    use DurationUnit::*;
    match field {
        Field::Id => (&["id", "ticket id", "ticket", "case number", "contact id", "call id", "conversation id", "issue key", "numero", "número", "n ticket", "id ticket", "id chamado", "chamado", "identificador"], Conv::Text),
        Field::Customer => (&["customer", "customer email", "requester email", "requester", "requester id", "email", "e-mail", "contact email", "caller", "from", "phone", "cliente", "email cliente", "richiedente", "solicitante", "customer id", "user id", "visitor"], Conv::Customer),
        Field::Channel => (&["channel", "via", "source", "origin", "case origin", "canale", "canal", "origem", "ticket channel", "medium", "type of contact"], Conv::Label),
        Field::Created => (&["created", "created at", "created time", "create date", "date created", "creation date", "opened", "date/time opened", "start", "start time", "started at", "creato", "data creazione", "data di creazione", "criado", "criado em", "data de criação", "data de abertura", "aberto em", "creado", "fecha de creación", "fecha creación", "timestamp", "date"], Conv::Timestamp),
        Field::FirstResponse => (&["first response", "first response at", "first reply at", "first responded at", "initial response time", "first response time", "prima risposta", "primeira resposta", "primera respuesta", "answered at"], Conv::Timestamp),
        Field::Resolved => (&["resolved", "resolved at", "resolved time", "solved at", "resolution date", "risolto", "data risoluzione", "resolvido", "resolvido em", "data de resolução", "resuelto", "fecha de resolución"], Conv::Timestamp),
        Field::Closed => (&["closed", "closed at", "closed time", "close date", "date/time closed", "chiuso", "data chiusura", "fechado", "fechado em", "data de fechamento", "cerrado", "fecha de cierre"], Conv::Timestamp),
        Field::Updated => (&["updated", "updated at", "last update time", "last updated time", "last modified date", "aggiornato", "atualizado", "actualizado"], Conv::Timestamp),
        Field::Status => (&["status", "state", "stato", "estado", "situação", "ticket status"], Conv::Text),
        Field::Priority => (&["priority", "priorità", "priorita", "prioridade", "prioridad", "ticket priority"], Conv::Text),
        Field::Direction => (&["direction", "direzione", "direção", "dirección", "call direction"], Conv::Label),
        Field::Agent => (&["agent", "assignee", "owner", "agent name", "assigned to", "operatore", "agente", "atendente", "responsável", "responsable", "case owner", "ticket owner"], Conv::Text),
        Field::Team => (&["team", "group", "queue", "department", "gruppo", "coda", "equipe", "equipa", "grupo", "fila", "cola", "reparto", "departamento"], Conv::Text),
        Field::IssueType => (&["issue type", "ticket type", "type", "category", "topic", "reason", "case reason", "categoria", "tipo", "motivo", "assunto", "argomento", "tema"], Conv::Text),
        Field::Reopens => (&["reopens", "reopen count", "riaperture", "reaberturas", "reaperturas"], Conv::Count),
        Field::AgentReplies => (&["agent replies", "replies", "agent interactions", "risposte agente", "respostas do agente", "respuestas del agente"], Conv::Count),
        Field::Escalated => (&["escalated", "is escalated", "escalato", "escalado", "escalonado"], Conv::Bool),
        Field::Transfers => (&["transfers", "transfer count", "trasferimenti", "transferências", "transferencias"], Conv::Count),
        Field::Csat => (&["csat", "satisfaction", "satisfaction score", "satisfaction rating", "customer satisfaction rating", "survey results", "rating", "soddisfazione", "satisfação", "satisfacción", "nota", "valutazione"], Conv::Csat),
        Field::QueueWait => (&["queue wait s", "queue wait", "wait time", "speed of answer in seconds", "hold time in queue", "attesa", "tempo de espera", "tiempo de espera"], Conv::Duration { unit: Seconds }),
        Field::Talk => (&["talk s", "talk time", "talk duration", "avgtalkduration", "conversazione", "tempo de conversa", "tiempo de conversación"], Conv::Duration { unit: Seconds }),
        Field::Hold => (&["hold s", "hold time", "hold duration", "attesa in linea", "tempo em espera"], Conv::Duration { unit: Seconds }),
        Field::AfterWork => (&["after work s", "after call work", "acw", "wrap up time", "after contact work", "lavoro post chiamata", "pós-atendimento"], Conv::Duration { unit: Seconds }),
        Field::Answered => (&["answered", "answered (y/n)", "risposto", "atendido", "respondida", "contestada"], Conv::Bool),
        Field::Abandoned => (&["abandoned", "abbandonata", "abandonada", "abandonado"], Conv::Bool),
        Field::AbandonStage => (&["abandon stage", "stage", "fase abbandono", "etapa de abandono"], Conv::Label),
        Field::AbandonWait => (&["abandon wait s", "time to abandon"], Conv::Duration { unit: Seconds }),
        Field::SelfServiceSession => (&["self service session", "session"], Conv::Text),
        Field::SessionId => (&["id", "session id", "conversation id", "search id"], Conv::Text),
        Field::Visitor => (&["customer", "visitor", "user", "user id", "visitor id", "email", "cliente", "utente", "usuário", "usuario"], Conv::Customer),
        Field::Kind => (&["kind", "type", "source", "tipo"], Conv::Label),
        Field::Started => (&["started", "started at", "start", "created", "created at", "timestamp", "date", "inizio", "início", "inicio"], Conv::Timestamp),
        Field::Ended => (&["ended", "ended at", "end", "fine", "fim", "fin"], Conv::Timestamp),
        Field::Query => (&["query", "search term", "search string", "search query", "intent", "question", "ricerca", "pesquisa", "búsqueda", "busqueda", "domanda", "pergunta", "pregunta"], Conv::Text),
        Field::ArticlesViewed => (&["articles viewed", "articles", "article views", "articoli visti", "artigos vistos"], Conv::Count),
        Field::Outcome => (&["outcome", "result", "resolution state", "status", "esito", "resultado"], Conv::Label),
        Field::ContactId => (&["contact id", "ticket id", "ticket", "case id"], Conv::Text),
        Field::Helpful => (&["helpful", "useful", "utile", "útil"], Conv::Bool),
        Field::SurveyContact => (&["contact id", "ticket id", "ticket", "conversation id", "case id"], Conv::Text),
        Field::AnsweredAt => (&["answered at", "responded at", "created at", "date", "submitted at"], Conv::Timestamp),
        Field::Score => (&["score", "rating", "csat", "satisfaction", "nota", "voto"], Conv::Csat),
        Field::NotDemand => (&["not demand", "excluded", "is test", "test"], Conv::Label),
        Field::LookupKey => (&["id", "user id", "group id", "team id", "owner id", "organization id"], Conv::Text),
        Field::LookupName => (&["name", "full name", "display name", "nome", "nombre"], Conv::Text),
        Field::LookupEmail => (&["email", "e-mail", "email address"], Conv::Customer),
        Field::LookupTable => (&["table", "kind", "type"], Conv::Label),
    }
}

/// Guesses a mapping for an unknown header from the synonym lists: sessions when the header
/// has a start time and an outcome, kind or query but no contact creation time; surveys when
/// it has a score and a contact id but no creation time; contacts otherwise.
pub fn guess(header: &Header, source: &str) -> Mapping {
    let has_any = |f: Field| synonyms(f).0.iter().any(|n| header.has(n));
    let record = if has_any(Field::Started) && (has_any(Field::Outcome) || has_any(Field::Query) || header.has("kind")) && !header.has("created") && !header.has("channel") {
        RecordKind::Session
    } else if has_any(Field::Score) && has_any(Field::SurveyContact) && !has_any(Field::Created) {
        RecordKind::Survey
    } else if header.has("started") && header.has("kind") {
        RecordKind::Session
    } else {
        RecordKind::Contact
    };
    let mut m = Mapping::new(record, source);
    for f in Field::ALL.iter().filter(|f| f.kind() == record) {
        let (names, conv) = synonyms(*f);
        m.add(header, *f, names, conv);
    }
    // A date column with a separate time-of-day column (`date` + `time`) is one timestamp.
    for f in [Field::Created, Field::Started] {
        let is_bare_date = m.column_of(f).is_some_and(|c| DATE_ONLY_NAMES.contains(&normalise_header(&c.column).as_str()));
        if is_bare_date {
            for name in TIME_ONLY_NAMES {
                if let Some(i) = header.find(name) {
                    m.columns.push(ColumnMap { field: f, column: header.names[i].clone(), conv: Conv::Append { field: f } });
                    break;
                }
            }
        }
    }
    // A call log says so through its columns even without a channel column.
    let call_words = ["call id", "call_id", "answered (y/n)", "speed of answer in seconds", "talk time", "avgtalkduration", "caller"];
    if record == RecordKind::Contact && m.column_of(Field::Channel).is_none() && call_words.iter().any(|w| header.has(w)) {
        m.constants.insert(Field::Channel, "phone".into());
    }
    m
}

/// Header names of a date-only column (English, Italian, Portuguese, Spanish).
const DATE_ONLY_NAMES: &[&str] = &["date", "data", "fecha", "day", "giorno", "dia", "día", "call date"];
/// Header names of a time-of-day column.
const TIME_ONLY_NAMES: &[&str] = &["time", "ora", "hora", "hour", "orario", "horário", "call time", "time of day"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise() {
        assert_eq!(normalise_header("  First_Response  "), "first response");
        assert_eq!(normalise_header("\u{feff}Created   at"), "created at");
        assert_eq!(normalise_header("Date/Time Opened"), "date/time opened");
        let h = Header::new(vec!["Ticket ID".into(), "Created At".into()]);
        assert_eq!(h.find("ticket_id"), Some(0));
        assert_eq!(h.signature(), Header::new(vec!["ticket id".into(), "created at".into()]).signature());
    }

    #[test]
    fn guesses_italian_and_portuguese_headers() {
        let h = Header::new(["Numero", "Cliente", "Canale", "Data creazione", "Operatore", "Categoria"].map(String::from).to_vec());
        let m = guess(&h, "generic");
        assert_eq!(m.record, RecordKind::Contact);
        assert_eq!(m.column_of(Field::Created).map(|c| c.column.as_str()), Some("Data creazione"));
        assert_eq!(m.column_of(Field::Agent).map(|c| c.column.as_str()), Some("Operatore"));
        let h = Header::new(["ID", "Criado em", "Canal", "Atendente", "Resolvido em"].map(String::from).to_vec());
        let m = guess(&h, "generic");
        assert_eq!(m.column_of(Field::Resolved).map(|c| c.column.as_str()), Some("Resolvido em"));
        assert_eq!(m.column_of(Field::Channel).map(|c| c.column.as_str()), Some("Canal"));
    }

    #[test]
    fn guesses_sessions() {
        let h = Header::new(["id", "customer", "kind", "started", "ended", "query", "articles_viewed", "outcome", "contact_id"].map(String::from).to_vec());
        let m = guess(&h, "canonical");
        assert_eq!(m.record, RecordKind::Session);
        assert_eq!(m.column_of(Field::Query).map(|c| c.column.as_str()), Some("query"));
        assert_eq!(m.column_of(Field::ContactId).map(|c| c.column.as_str()), Some("contact_id"));
    }

    #[test]
    fn default_values() {
        assert_eq!(default_value(Field::Channel, "mail"), Some("email"));
        assert_eq!(default_value(Field::Channel, "social media"), Some("social"));
        assert_eq!(default_value(Field::Outcome, "agent escalation"), Some("handoff"));
        assert_eq!(default_value(Field::Channel, "carrier pigeon"), None);
        assert_eq!(parse_bool("Sim"), Some(true));
        assert_eq!(parse_bool("N"), Some(false));
    }

    #[test]
    fn channel_words_inside_longer_labels() {
        assert_eq!(default_value(Field::Channel, "phone call (inbound)"), Some("phone"));
        assert_eq!(default_value(Field::Channel, "facebook private message"), Some("social"));
        assert_eq!(default_value(Field::Channel, "telegram personal-message"), Some("messaging"));
        assert_eq!(default_value(Field::Channel, "closed ticket"), Some("other"));
    }

    #[test]
    fn csat_labels_and_named_points() {
        assert_eq!(default_value(Field::Csat, "awesome"), Some("great"));
        assert_eq!(default_value(Field::Csat, "good with comment"), Some("good"));
        assert_eq!(default_value(Field::Csat, "extremely unhappy"), Some("-103"));
        assert_eq!(default_value(Field::Csat, "4"), None);
    }

    #[test]
    fn fallback_columns_are_added_once_in_order() {
        let h = Header::new(["Email", "Contact ID"].map(String::from).to_vec());
        let mut m = Mapping::new(RecordKind::Contact, "x");
        assert!(m.add_fallback(&h, Field::Customer, &["email"], Conv::Customer));
        assert!(m.add_fallback(&h, Field::Customer, &["contact id"], Conv::Customer));
        assert!(!m.add_fallback(&h, Field::Customer, &["Email"], Conv::Customer));
        assert_eq!(m.columns.iter().map(|c| c.column.as_str()).collect::<Vec<_>>(), vec!["Email", "Contact ID"]);
    }

    #[test]
    fn date_and_time_columns_are_read_together() {
        let h = Header::new(["call id", "date", "time", "agent"].map(String::from).to_vec());
        let m = guess(&h, "generic");
        assert!(m.columns.iter().any(|c| c.column == "time" && c.conv == Conv::Append { field: Field::Created }));
        assert_eq!(m.constants.get(&Field::Channel).map(String::as_str), Some("phone"));
    }
}
