//! Format recognition: which export a header (or a headerless file's first lines) comes from,
//! how sure that is, and the mapping that reads it.
//!
//! Each [`Spec`] scores a header from its decisive columns (FORMATS.md §6) and builds the
//! mapping. Formats whose rows are not one record each (queue_log, Amazon Connect legs, bot
//! event logs) bring a special [`RowMapper`]. Unknown headers get a best guess from the
//! synonym lists in English, Italian, Portuguese and Spanish.

use super::mapping::{guess, Conv, Field, Header, Mapping, RecordKind};
use super::sink::Sink;
use super::table::ReadOptions;
use super::text::RawRecord;
use super::{bots, calls, cdr, connect, intercom, lookups, queue_log, selfservice, vendors, RowMapper};
use crate::engine::error::FileError;
use crate::engine::time::DurationUnit;

/// Builds a special row mapper for a format from the header, the first rows and the mapping
/// in use (detected or confirmed by the user).
pub type MakeMapper = fn(&Header, &[RawRecord], Mapping, ReadOptions, &mut Sink) -> Result<Box<dyn RowMapper>, FileError>;

/// A recognised format.
#[derive(Clone)]
pub struct Detected {
    /// Stable format id (`metrics.json` `inputs[].format`).
    pub format: &'static str,
    /// Name shown to the user.
    pub name: &'static str,
    /// How sure, 0..=1.
    pub confidence: f32,
    /// The mapping (also for special formats, to show what feeds what).
    pub mapping: Mapping,
    /// A special row mapper, for formats that are not one row per record.
    pub special: Option<MakeMapper>,
}

/// What recognition looks at.
pub struct Clues<'a> {
    /// The header (JSON: the flattened keys).
    pub header: &'a Header,
    /// The first data rows.
    pub rows: &'a [RawRecord],
    /// The file name (`export.zip/users.json` for zip members).
    pub file_name: &'a str,
    /// Where the rows sat in their container (the JSON key holding them: `users`, `tickets`).
    pub hint: Option<&'a str>,
}

impl Clues<'_> {
    /// True when the header has a column named `name` (normalised).
    pub fn has(&self, name: &str) -> bool {
        self.header.has(name)
    }

    /// True when the header has every one of `names`.
    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.header.has(n))
    }

    /// True when the header has any of `names`.
    pub fn has_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.header.has(n))
    }

    /// How many of `names` the header has.
    pub fn count(&self, names: &[&str]) -> usize {
        names.iter().filter(|n| self.header.has(n)).count()
    }

    /// The file name in lower case, without folders.
    pub fn base_name(&self) -> String {
        self.file_name.rsplit(['/', '\\']).next().unwrap_or(self.file_name).to_lowercase()
    }
}

/// A format's recogniser and mapping.
pub struct Spec {
    /// Stable id.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// 0 when the clues are not this format; otherwise how sure.
    pub score: fn(&Clues) -> f32,
    /// The mapping for a header of this format.
    pub mapping: fn(&Header) -> Mapping,
    /// Special mapper, if rows are not one record each.
    pub special: Option<MakeMapper>,
}

/// All headered formats.
pub fn specs() -> Vec<Spec> {
    let mut all = vec![
        Spec { id: "canonical_contacts", name: "Deflect contacts (canonical columns)", score: score_canonical_contacts, mapping: canonical_contacts, special: None },
        Spec { id: "canonical_sessions", name: "Deflect self-service sessions (canonical columns)", score: score_canonical_sessions, mapping: canonical_sessions, special: None },
        Spec { id: "canonical_surveys", name: "Deflect CSAT responses (canonical columns)", score: score_canonical_surveys, mapping: canonical_surveys, special: None },
    ];
    all.extend(vendors::specs());
    all.extend(intercom::specs());
    all.extend(connect::specs());
    all.extend(calls::specs());
    all.extend(selfservice::specs());
    all.extend(bots::specs());
    all.extend(lookups::specs());
    all
}

/// Recognises a headered table: the best-scoring format, else a guess from header names.
pub fn detect(clues: &Clues) -> Detected {
    let header = clues.header;
    let mut best: Option<(f32, Spec)> = None;
    for spec in specs() {
        let s = (spec.score)(clues);
        if s > 0.0 && best.as_ref().is_none_or(|(b, _)| s > *b) {
            best = Some((s, spec));
        }
    }
    if let Some((confidence, spec)) = best {
        return Detected { format: spec.id, name: spec.name, confidence, mapping: (spec.mapping)(header), special: spec.special };
    }
    let mapping = guess(header, "generic");
    let mapped = mapping.columns.len() as f32;
    let confidence = if header.is_empty() { 0.0 } else { (mapped / header.len() as f32).min(1.0) * 0.6 };
    let (format, name) = match mapping.record {
        RecordKind::Contact => ("generic_contacts", "Unknown contact export (columns guessed from their names)"),
        RecordKind::Session => ("generic_sessions", "Unknown self-service log (columns guessed from their names)"),
        RecordKind::Survey => ("generic_surveys", "Unknown CSAT export (columns guessed from their names)"),
        RecordKind::Lookup => ("generic_lookup", "Unknown lookup table (columns guessed from their names)"),
    };
    Detected { format, name, confidence, mapping, special: None }
}

/// Recognises a headerless text file from its first records (Asterisk queue_log and CDR).
pub fn detect_headerless(first: &[RawRecord], read: &ReadOptions, sink: &mut Sink) -> Option<(Detected, Box<dyn RowMapper>)> {
    queue_log::detect(first, read, sink).or_else(|| cdr::detect(first, read, sink))
}

/// A mapping of `record` rows from `source` with the columns found among `columns`: each
/// entry adds the first of its names the header has. A field named by several entries gets
/// several columns, in order: the first that has a value in a row wins (an e-mail, else an
/// id).
pub fn mapping_of(h: &Header, record: RecordKind, source: &str, columns: &[(Field, &[&str], Conv)]) -> Mapping {
    let mut m = Mapping::new(record, source);
    for (field, names, conv) in columns {
        m.add_fallback(h, *field, names, *conv);
    }
    m
}

/// Adds value-map entries (raw label in lower case → canonical label) for a field.
pub fn with_values(mut m: Mapping, field: Field, pairs: &[(&str, &str)]) -> Mapping {
    let map = m.values.entry(field).or_default();
    for (raw, canonical) in pairs {
        map.insert(raw.to_string(), canonical.to_string());
    }
    m
}

/// Seconds, minutes and milliseconds as conversions, for short mapping tables.
pub const SECONDS: Conv = Conv::Duration { unit: DurationUnit::Seconds };
/// A timestamp column.
pub const TIMESTAMP: Conv = Conv::Timestamp;
/// A text column.
pub const TEXT: Conv = Conv::Text;
/// A label column read through the value maps.
pub const LABEL: Conv = Conv::Label;

const CONTACT_NAMES: &[&str] = &[
    "id", "customer", "channel", "created", "first_response", "resolved", "closed", "status", "priority", "direction", "agent",
    "team", "issue_type", "reopens", "agent_replies", "escalated", "transfers", "csat", "queue_wait_s", "talk_s", "hold_s",
    "after_work_s", "answered", "abandoned", "abandon_stage", "abandon_wait_s", "self_service_session", "updated",
];

fn exact(header: &Header, name: &str) -> bool {
    header.names.iter().any(|n| n.trim().trim_start_matches('\u{feff}') == name)
}

fn score_canonical_contacts(c: &Clues) -> f32 {
    let h = c.header;
    if !exact(h, "created") || exact(h, "started") {
        return 0.0;
    }
    let n = CONTACT_NAMES.iter().filter(|c| exact(h, c)).count();
    if n >= 4 {
        0.9 + 0.1 * (n as f32 / h.len().max(1) as f32)
    } else {
        0.0
    }
}

fn score_canonical_sessions(c: &Clues) -> f32 {
    let h = c.header;
    if exact(h, "started") && exact(h, "kind") {
        1.0
    } else {
        0.0
    }
}

fn score_canonical_surveys(c: &Clues) -> f32 {
    let h = c.header;
    if exact(h, "contact_id") && exact(h, "score") && !exact(h, "created") && !exact(h, "started") {
        1.0
    } else {
        0.0
    }
}

/// Conversion of each canonical contact column.
pub fn canonical_conv(field: Field) -> Conv {
    match field {
        Field::Created | Field::FirstResponse | Field::Resolved | Field::Closed | Field::Updated | Field::Started | Field::Ended
        | Field::AnsweredAt => Conv::Timestamp,
        Field::QueueWait | Field::Talk | Field::Hold | Field::AfterWork | Field::AbandonWait => {
            Conv::Duration { unit: DurationUnit::Seconds }
        }
        Field::Reopens | Field::AgentReplies | Field::Transfers | Field::ArticlesViewed => Conv::Count,
        Field::Escalated | Field::Answered | Field::Abandoned | Field::Helpful => Conv::Bool,
        Field::Csat | Field::Score => Conv::Csat,
        Field::Channel | Field::Direction | Field::AbandonStage | Field::Kind | Field::Outcome | Field::NotDemand
        | Field::LookupTable => Conv::Label,
        Field::Customer | Field::Visitor | Field::LookupEmail => Conv::Customer,
        _ => Conv::Text,
    }
}

fn canonical(h: &Header, kind: RecordKind, names: &[(Field, &str)]) -> Mapping {
    let mut m = Mapping::new(kind, "deflect");
    for (f, n) in names {
        m.add(h, *f, &[n], canonical_conv(*f));
    }
    m
}

/// Mapping of the canonical contact columns (METRICS.md §1).
pub fn canonical_contacts(h: &Header) -> Mapping {
    let names: Vec<(Field, &str)> = Field::ALL
        .iter()
        .filter(|f| f.kind() == RecordKind::Contact)
        .map(|f| (*f, f.label()))
        .collect();
    canonical(h, RecordKind::Contact, &names)
}

/// Mapping of the canonical self-service session columns.
pub fn canonical_sessions(h: &Header) -> Mapping {
    canonical(
        h,
        RecordKind::Session,
        &[
            (Field::SessionId, "id"),
            (Field::Visitor, "customer"),
            (Field::Visitor, "visitor"),
            (Field::Kind, "kind"),
            (Field::Started, "started"),
            (Field::Ended, "ended"),
            (Field::Query, "query"),
            (Field::ArticlesViewed, "articles_viewed"),
            (Field::Outcome, "outcome"),
            (Field::ContactId, "contact_id"),
            (Field::Helpful, "helpful"),
        ],
    )
}

/// Mapping of the canonical survey columns.
pub fn canonical_surveys(h: &Header) -> Mapping {
    canonical(
        h,
        RecordKind::Survey,
        &[(Field::SurveyContact, "contact_id"), (Field::AnsweredAt, "answered_at"), (Field::Score, "score")],
    )
}
