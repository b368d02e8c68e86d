//! Applies a [`Mapping`] to the rows of a table: raw text → typed, validated canonical records.
//!
//! A row is used or rejected as a whole: a value that is present but unreadable (`31/02/2026`)
//! rejects the row with the column and the reason, because leaving the value out would change
//! a number silently (a bad response time would count as "no response"). Two cases are
//! warnings instead, as the contract asks: a response or resolution before creation (the
//! contact counts, that duration is left out) and an id mangled into E-notation.

use std::collections::BTreeMap;

use crate::engine::error::{FileError, Position, Problem};
use crate::engine::intern::Sym;
use crate::engine::record::{
    normalise_customer, Channel, Contact, LEFT_OUT_FIRST_RESPONSE, LEFT_OUT_RESOLVED, Csat, CsatScale, Direction, Millis, Outcome, Session, SessionKind, Stage, Survey,
};
use crate::engine::time::{
    parse_duration, parse_number, parse_written, resolve, DateOrder, DateOrderEvidence, LocalKind, TimestampError, Written, Zone,
};

use super::mapping::{default_value, parse_bool, Conv, Field, Header, Mapping, RecordKind};
use super::sink::Sink;
use super::text::RawRecord;

/// Options that affect how values are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Zone of timestamps without an offset.
    pub zone: Zone,
    /// The user's choice of day/month order for ambiguous columns (None: decide from values,
    /// day first when they cannot tell).
    pub date_order: Option<DateOrder>,
    /// Decimal comma for numbers.
    pub decimal_comma: bool,
    /// Sheet name (spreadsheets) for positions.
    pub sheet: Option<String>,
}

#[derive(Clone, Debug)]
struct Col {
    field: Field,
    idx: usize,
    conv: Conv,
    name: String,
    order: DateOrder,
    evidence: DateOrderEvidence,
    /// The order was proven by values (not assumed).
    proven: bool,
}

/// Turns rows into records according to a mapping.
pub struct TableMapper {
    mapping: Mapping,
    cols: Vec<Col>,
    header_len: usize,
    opts: ReadOptions,
    data_index: u64,
    source: Sym,
    csat_numbers: (f32, f32),
    csat_labels: BTreeMap<String, u64>,
    /// Date columns whose order the values could not prove.
    pub ambiguous_columns: Vec<String>,
}

/// Fields each record kind cannot do without.
pub fn required_fields(kind: RecordKind) -> &'static [Field] {
    match kind {
        RecordKind::Contact => &[Field::Created],
        RecordKind::Session => &[Field::Started],
        RecordKind::Survey => &[Field::SurveyContact, Field::Score],
    }
}

impl TableMapper {
    /// Resolves the mapping against the header and decides each date column's order from the
    /// `prefix` rows (the first rows of the file).
    pub fn new(mapping: Mapping, header: &Header, prefix: &[RawRecord], opts: ReadOptions, sink: &mut Sink) -> Result<TableMapper, FileError> {
        let mut cols = Vec::new();
        for cm in &mapping.columns {
            if let Some(idx) = header.names.iter().position(|n| *n == cm.column).or_else(|| header.find(&cm.column)) {
                cols.push(Col {
                    field: cm.field,
                    idx,
                    conv: cm.conv,
                    name: header.names[idx].clone(),
                    order: DateOrder::DayFirst,
                    evidence: DateOrderEvidence::default(),
                    proven: false,
                });
            }
        }
        let missing: Vec<String> = required_fields(mapping.record)
            .iter()
            .filter(|f| !cols.iter().any(|c| c.field == **f) && !mapping.constants.contains_key(f))
            .map(|f| f.label().to_string())
            .collect();
        if !missing.is_empty() {
            return Err(FileError::Unmapped { header: header.names.clone(), missing });
        }
        let mut ambiguous_columns = Vec::new();
        for col in cols.iter_mut().filter(|c| matches!(c.conv, Conv::Timestamp)) {
            for rec in prefix {
                if let Some(w) = rec.get(col.idx).and_then(parse_written) {
                    col.evidence.observe(&w);
                }
            }
            match col.evidence.decided() {
                Some(o) => {
                    col.order = o;
                    col.proven = true;
                }
                None => {
                    col.order = opts.date_order.unwrap_or_default();
                    if col.evidence.is_ambiguous() && opts.date_order.is_none() {
                        ambiguous_columns.push(col.name.clone());
                    }
                }
            }
        }
        // Timestamps first, so durations after a base field can use it.
        cols.sort_by_key(|c| !matches!(c.conv, Conv::Timestamp));
        let source = sink.intern(&mapping.source);
        Ok(TableMapper {
            mapping,
            cols,
            header_len: header.len(),
            opts,
            data_index: 0,
            source,
            csat_numbers: (f32::INFINITY, f32::NEG_INFINITY),
            csat_labels: BTreeMap::new(),
            ambiguous_columns,
        })
    }

    /// The mapping in use.
    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// Day/month order used for each timestamp column, and whether values proved it.
    pub fn date_orders(&self) -> Vec<(String, DateOrder, bool)> {
        self.cols
            .iter()
            .filter(|c| matches!(c.conv, Conv::Timestamp) && c.evidence.any_ambiguous)
            .map(|c| (c.name.clone(), c.order, c.proven))
            .collect()
    }

    fn position(&self, rec: &RawRecord, column: Option<&str>) -> Position {
        Position {
            line: rec.line,
            record: self.data_index,
            byte: Some(rec.byte),
            sheet: self.opts.sheet.clone(),
            column: column.map(str::to_string),
        }
    }

    /// Maps one data row.
    pub fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        let result = self.build(rec, sink);
        if let Err((column, problem)) = result {
            let pos = self.position(rec, column.as_deref());
            sink.reject(pos, problem);
        }
        self.data_index += 1;
    }

    /// Completes the file: decides the CSAT scale of the column from all its values.
    pub fn finish(&mut self, sink: &mut Sink) {
        let scale = decide_csat_scale(self.csat_numbers, &self.csat_labels);
        for c in sink.contacts.iter_mut() {
            if let Some(csat) = c.csat.as_mut() {
                csat.scale = scale;
            }
        }
        for s in sink.surveys.iter_mut() {
            s.csat.scale = scale;
        }
    }

    fn build(&mut self, rec: &RawRecord, sink: &mut Sink) -> Result<(), (Option<String>, Problem)> {
        if rec.too_long {
            return Err((None, Problem::TooLong { what: "record".into(), limit: (4u64 << 20) }));
        }
        if rec.len() > self.header_len {
            let extra_blank = (self.header_len..rec.len()).all(|i| rec.get(i).is_some_and(|f| f.trim().is_empty()));
            if !extra_blank {
                return Err((None, Problem::ExtraFields { found: rec.len() as u64, expected: self.header_len as u64 }));
            }
        }
        let mut v = Values::default();
        for i in 0..self.cols.len() {
            let col = &self.cols[i];
            let raw = rec.get(col.idx).unwrap_or("").trim();
            let from_constant = raw.is_empty();
            let text: std::borrow::Cow<str> = if from_constant {
                match self.mapping.constants.get(&col.field) {
                    Some(c) => c.clone().into(),
                    None => continue,
                }
            } else {
                raw.into()
            };
            let field = col.field;
            let name = col.name.clone();
            self.read_value(i, field, &text, &mut v, sink, rec).map_err(|p| (Some(name), p))?;
        }
        // Constants for fields no column gives.
        let constants: Vec<(Field, String)> = self
            .mapping
            .constants
            .iter()
            .filter(|(f, _)| !self.cols.iter().any(|c| c.field == **f))
            .map(|(f, s)| (*f, s.clone()))
            .collect();
        for (f, text) in constants {
            self.read_constant(f, &text, &mut v, sink).map_err(|p| (None, p))?;
        }
        for &i in &rec.recoded {
            if self.cols.iter().any(|c| c.idx == i) {
                let pos = self.position(rec, self.cols.iter().find(|c| c.idx == i).map(|c| c.name.as_str()));
                sink.warn(pos, Problem::DecodedAsWindows1252 { value: rec.get(i).unwrap_or("").to_string() });
            }
        }
        match self.mapping.record {
            RecordKind::Contact => self.finish_contact(v, rec, sink),
            RecordKind::Session => self.finish_session(v, rec, sink),
            RecordKind::Survey => self.finish_survey(v, rec, sink),
        }
    }

    fn read_constant(&mut self, field: Field, text: &str, v: &mut Values, sink: &mut Sink) -> Result<(), Problem> {
        v.set_text(field, text, sink, &self.mapping)
    }

    fn read_value(&mut self, ci: usize, field: Field, text: &str, v: &mut Values, sink: &mut Sink, rec: &RawRecord) -> Result<(), Problem> {
        let conv = self.cols[ci].conv;
        match conv {
            Conv::Timestamp => {
                let w = parse_written(text).ok_or_else(|| Problem::InvalidTimestamp { value: text.to_string() })?;
                let col = &mut self.cols[ci];
                if let Written::Text(raw) = &w {
                    if let crate::engine::time::DatePart::Ambiguous(a, b, _) = raw.date {
                        let contradicts = match col.order {
                            DateOrder::DayFirst => b > 12 && a <= 12,
                            DateOrder::MonthFirst => a > 12 && b <= 12,
                        };
                        if contradicts {
                            return Err(Problem::ConflictingDateOrder { value: text.to_string(), order: col.order.label().into() });
                        }
                    }
                }
                let (ms, kind) = resolve(&w, col.order, &self.opts.zone).map_err(|e| match e {
                    TimestampError::Invalid => Problem::InvalidTimestamp { value: text.to_string() },
                    TimestampError::OutOfRange => Problem::Other { message: format!("`{text}` is outside the years 1970-2199") },
                })?;
                match kind {
                    LocalKind::Normal => {}
                    LocalKind::Gap => sink.dst_gaps += 1,
                    LocalKind::Fold => sink.dst_folds += 1,
                }
                v.set_time(field, ms);
            }
            Conv::Duration { unit } => {
                let ms = parse_duration(text, unit, self.opts.decimal_comma).ok_or_else(|| Problem::InvalidDuration { value: text.to_string() })?;
                if ms < 0 {
                    return Err(Problem::NegativeDuration { value: text.to_string() });
                }
                v.set_duration(field, ms);
            }
            Conv::After { base, unit } => {
                let ms = parse_duration(text, unit, self.opts.decimal_comma).ok_or_else(|| Problem::InvalidDuration { value: text.to_string() })?;
                if ms < 0 {
                    return Err(Problem::NegativeDuration { value: text.to_string() });
                }
                match v.time(base) {
                    Some(b) => v.set_time(field, b + ms),
                    None => return Err(Problem::Missing { field: base.label().into() }),
                }
            }
            Conv::Count => {
                let x = parse_number(text, self.opts.decimal_comma).ok_or_else(|| Problem::InvalidNumber { value: text.to_string() })?;
                if x < 0.0 || x.fract() != 0.0 || x > u32::MAX as f64 {
                    return Err(Problem::InvalidNumber { value: text.to_string() });
                }
                v.set_count(field, x as u32);
            }
            Conv::Bool => {
                let b = parse_bool(text).ok_or_else(|| Problem::Other { message: format!("`{text}` is not yes or no") })?;
                v.set_bool(field, b);
            }
            Conv::Csat => {
                match classify_csat_text(text, self.opts.decimal_comma) {
                    CsatText::NotAResponse => {}
                    CsatText::Number(x) => {
                        self.csat_numbers.0 = self.csat_numbers.0.min(x);
                        self.csat_numbers.1 = self.csat_numbers.1.max(x);
                        v.csat = Some(Csat { score: Some(x), raw: sink.intern(text), scale: CsatScale::OneToFive });
                    }
                    CsatText::Label(l) => {
                        *self.csat_labels.entry(l).or_default() += 1;
                        v.csat = Some(Csat { score: None, raw: sink.intern(text), scale: CsatScale::TwoPoint });
                    }
                    CsatText::Unknown => return Err(Problem::Other { message: format!("`{text}` is not a satisfaction score") }),
                }
            }
            Conv::Customer => {
                if looks_like_e_notation(text) {
                    let pos = self.position(rec, Some(&self.cols[ci].name));
                    sink.warn(pos, Problem::IdInENotation { value: text.to_string() });
                } else {
                    let key = normalise_customer(text);
                    v.set_sym(field, sink.intern(&key));
                }
            }
            Conv::Text | Conv::Label => {
                if matches!(field, Field::Id | Field::SessionId | Field::ContactId | Field::SurveyContact | Field::SelfServiceSession)
                    && looks_like_e_notation(text)
                {
                    let pos = self.position(rec, Some(&self.cols[ci].name));
                    sink.warn(pos, Problem::IdInENotation { value: text.to_string() });
                    return Ok(());
                }
                v.set_text(field, text, sink, &self.mapping)?;
            }
        }
        Ok(())
    }

    fn finish_contact(&mut self, v: Values, rec: &RawRecord, sink: &mut Sink) -> Result<(), (Option<String>, Problem)> {
        let created = v.created.ok_or((self.col_name(Field::Created), Problem::Missing { field: "created".into() }))?;
        let mut c = Contact::new(sink.file, rec.line.min(u32::MAX as u64) as u32, v.id, v.channel.unwrap_or(Channel::Other), created);
        c.source = self.source;
        c.customer = v.customer;
        c.channel_raw = v.channel_raw;
        c.first_response = v.first_response;
        c.resolved = v.resolved;
        c.closed = v.closed;
        c.updated = v.updated;
        c.status = v.status;
        c.priority = v.priority;
        c.direction = v.direction;
        c.agent = v.agent;
        c.team = v.team;
        c.issue_type = v.issue_type;
        c.reopens = v.reopens;
        c.agent_replies = v.agent_replies;
        c.escalated = v.escalated;
        c.transfers = v.transfers;
        c.csat = v.csat;
        c.queue_wait = v.queue_wait;
        c.talk = v.talk;
        c.hold = v.hold;
        c.after_work = v.after_work;
        c.answered = v.answered;
        c.abandoned = v.abandoned;
        c.abandon_stage = v.abandon_stage;
        c.abandon_wait = v.abandon_wait;
        c.self_service_session = v.self_service_session;
        c.not_demand = v.not_demand;
        for (field, flag) in [(Field::FirstResponse, LEFT_OUT_FIRST_RESPONSE), (Field::Resolved, LEFT_OUT_RESOLVED)] {
            let value = if field == Field::FirstResponse { &mut c.first_response } else { &mut c.resolved };
            if let Some(t) = *value {
                if t < created {
                    *value = None;
                    c.left_out |= flag;
                    let pos = self.position(rec, self.col_name(field).as_deref());
                    sink.warn(pos, Problem::BeforeCreation { field: field.label().into(), seconds: (created - t) / 1000 });
                }
            }
        }
        sink.push_contact(c);
        Ok(())
    }

    fn finish_session(&mut self, v: Values, rec: &RawRecord, sink: &mut Sink) -> Result<(), (Option<String>, Problem)> {
        let started = v.started.ok_or((self.col_name(Field::Started), Problem::Missing { field: "started".into() }))?;
        let kind = v.kind.ok_or((self.col_name(Field::Kind), Problem::Missing { field: "kind".into() }))?;
        let s = Session {
            file: sink.file,
            line: rec.line.min(u32::MAX as u64) as u32,
            source: self.source,
            id: v.session_id,
            customer: v.visitor,
            kind,
            started,
            ended: v.ended,
            query: v.query,
            articles_viewed: v.articles_viewed,
            outcome: v.outcome.unwrap_or(Outcome::Unknown),
            contact_id: v.contact_id,
            helpful: v.helpful,
            not_demand: v.not_demand,
        };
        sink.push_session(s);
        Ok(())
    }

    fn finish_survey(&mut self, v: Values, _rec: &RawRecord, sink: &mut Sink) -> Result<(), (Option<String>, Problem)> {
        if v.survey_contact.is_none() {
            return Err((self.col_name(Field::SurveyContact), Problem::Missing { field: "contact_id".into() }));
        }
        match v.csat {
            None => {
                sink.push_excluded_row();
                Ok(())
            }
            Some(csat) => {
                sink.push_survey(Survey {
                    file: sink.file,
                    line: _rec.line.min(u32::MAX as u64) as u32,
                    contact_id: v.survey_contact,
                    answered_at: v.answered_at,
                    csat,
                });
                Ok(())
            }
        }
    }

    fn col_name(&self, f: Field) -> Option<String> {
        self.cols.iter().find(|c| c.field == f).map(|c| c.name.clone())
    }
}

/// Values of one row, by field.
#[derive(Default)]
struct Values {
    id: Sym,
    customer: Sym,
    channel: Option<Channel>,
    channel_raw: Sym,
    created: Option<Millis>,
    first_response: Option<Millis>,
    resolved: Option<Millis>,
    closed: Option<Millis>,
    updated: Option<Millis>,
    status: Sym,
    priority: Sym,
    direction: Option<Direction>,
    agent: Sym,
    team: Sym,
    issue_type: Sym,
    reopens: Option<u32>,
    agent_replies: Option<u32>,
    escalated: Option<bool>,
    transfers: Option<u32>,
    csat: Option<Csat>,
    queue_wait: Option<i64>,
    talk: Option<i64>,
    hold: Option<i64>,
    after_work: Option<i64>,
    answered: Option<bool>,
    abandoned: Option<bool>,
    abandon_stage: Option<Stage>,
    abandon_wait: Option<i64>,
    self_service_session: Sym,
    session_id: Sym,
    visitor: Sym,
    kind: Option<SessionKind>,
    started: Option<Millis>,
    ended: Option<Millis>,
    query: Sym,
    articles_viewed: Option<u32>,
    outcome: Option<Outcome>,
    contact_id: Sym,
    helpful: Option<bool>,
    survey_contact: Sym,
    answered_at: Option<Millis>,
    not_demand: bool,
}

impl Values {
    fn set_time(&mut self, f: Field, ms: Millis) {
        match f {
            Field::Created => self.created = Some(ms),
            Field::FirstResponse => self.first_response = Some(ms),
            Field::Resolved => self.resolved = Some(ms),
            Field::Closed => self.closed = Some(ms),
            Field::Updated => self.updated = Some(ms),
            Field::Started => self.started = Some(ms),
            Field::Ended => self.ended = Some(ms),
            Field::AnsweredAt => self.answered_at = Some(ms),
            _ => {}
        }
    }

    fn time(&self, f: Field) -> Option<Millis> {
        match f {
            Field::Created => self.created,
            Field::FirstResponse => self.first_response,
            Field::Resolved => self.resolved,
            Field::Closed => self.closed,
            Field::Updated => self.updated,
            Field::Started => self.started,
            Field::Ended => self.ended,
            Field::AnsweredAt => self.answered_at,
            _ => None,
        }
    }

    fn set_duration(&mut self, f: Field, ms: i64) {
        match f {
            Field::QueueWait => self.queue_wait = Some(ms),
            Field::Talk => self.talk = Some(ms),
            Field::Hold => self.hold = Some(ms),
            Field::AfterWork => self.after_work = Some(ms),
            Field::AbandonWait => self.abandon_wait = Some(ms),
            _ => {}
        }
    }

    fn set_count(&mut self, f: Field, n: u32) {
        match f {
            Field::Reopens => self.reopens = Some(n),
            Field::AgentReplies => self.agent_replies = Some(n),
            Field::Transfers => self.transfers = Some(n),
            Field::ArticlesViewed => self.articles_viewed = Some(n),
            _ => {}
        }
    }

    fn set_bool(&mut self, f: Field, b: bool) {
        match f {
            Field::Escalated => self.escalated = Some(b),
            Field::Answered => self.answered = Some(b),
            Field::Abandoned => self.abandoned = Some(b),
            Field::Helpful => self.helpful = Some(b),
            _ => {}
        }
    }

    fn set_sym(&mut self, f: Field, s: Sym) {
        match f {
            Field::Id => self.id = s,
            Field::Customer => self.customer = s,
            Field::Status => self.status = s,
            Field::Priority => self.priority = s,
            Field::Agent => self.agent = s,
            Field::Team => self.team = s,
            Field::IssueType => self.issue_type = s,
            Field::SelfServiceSession => self.self_service_session = s,
            Field::SessionId => self.session_id = s,
            Field::Visitor => self.visitor = s,
            Field::Query => self.query = s,
            Field::ContactId => self.contact_id = s,
            Field::SurveyContact => self.survey_contact = s,
            _ => {}
        }
    }

    /// Text fields, labels mapped through the value maps.
    fn set_text(&mut self, f: Field, text: &str, sink: &mut Sink, mapping: &Mapping) -> Result<(), Problem> {
        let lower = text.trim().to_lowercase();
        let mapped = mapping
            .values
            .get(&f)
            .and_then(|m| m.get(&lower))
            .map(String::as_str)
            .or_else(|| default_value(f, &lower));
        match f {
            Field::Channel => {
                self.channel_raw = sink.intern(text);
                self.channel = Some(mapped.and_then(Channel::from_label).unwrap_or(Channel::Other));
                if lower.contains("outbound") {
                    self.direction = Some(Direction::Outbound);
                }
            }
            Field::Direction => {
                self.direction = Some(mapped.and_then(Direction::from_label).ok_or_else(|| Problem::Other {
                    message: format!("`{text}` is not a direction (inbound, outbound)"),
                })?);
            }
            Field::AbandonStage => {
                self.abandon_stage = Some(mapped.and_then(Stage::from_label).unwrap_or(Stage::Unknown));
            }
            Field::Kind => {
                self.kind = Some(mapped.and_then(SessionKind::from_label).ok_or_else(|| Problem::Other {
                    message: format!("`{text}` is not a self-service kind (help_center, faq, portal, chatbot, ivr, community)"),
                })?);
            }
            Field::Outcome => {
                self.outcome = Some(mapped.and_then(Outcome::from_label).unwrap_or(Outcome::Unknown));
            }
            Field::Status => {
                if mapped == Some("not_demand") {
                    self.not_demand = true;
                }
                self.status = sink.intern(text);
            }
            Field::Customer | Field::Visitor => {
                let key = normalise_customer(text);
                self.set_sym(f, sink.intern(&key));
            }
            Field::Escalated | Field::Answered | Field::Abandoned | Field::Helpful => {
                let b = parse_bool(text).ok_or_else(|| Problem::Other { message: format!("`{text}` is not yes or no") })?;
                self.set_bool(f, b);
            }
            _ => {
                let s = sink.intern(text);
                self.set_sym(f, s);
            }
        }
        Ok(())
    }
}

/// True for text like `1.03006E+13`: a number Excel rewrote in scientific notation.
pub fn looks_like_e_notation(text: &str) -> bool {
    let t = text.trim();
    let Some(epos) = t.find(['E', 'e']) else {
        return false;
    };
    let (mant, exp) = (&t[..epos], &t[epos + 1..]);
    !mant.is_empty()
        && mant.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && mant.chars().any(|c| c.is_ascii_digit())
        && exp.trim_start_matches(['+', '-']).chars().all(|c| c.is_ascii_digit())
        && !exp.trim_start_matches(['+', '-']).is_empty()
}

enum CsatText {
    NotAResponse,
    Number(f32),
    Label(String),
    Unknown,
}

fn classify_csat_text(text: &str, decimal_comma: bool) -> CsatText {
    let lower = text.trim().to_lowercase();
    match lower.as_str() {
        "" | "offered" | "not offered" | "unoffered" | "not_offered" | "-" | "n/a" => return CsatText::NotAResponse,
        "great" | "okay" | "ok" | "not good" | "good" | "bad" | "satisfied" | "unsatisfied" | "dissatisfied" | "thumbs up"
        | "thumbs down" | "👍" | "👎" | "positive" | "negative" => return CsatText::Label(lower),
        _ => {}
    }
    match parse_number(&lower, decimal_comma) {
        Some(x) if (-103.0..=103.0).contains(&x) => CsatText::Number(x as f32),
        _ => CsatText::Unknown,
    }
}

fn decide_csat_scale(numbers: (f32, f32), labels: &BTreeMap<String, u64>) -> CsatScale {
    if labels.keys().any(|l| l == "great" || l == "okay" || l == "ok" || l == "not good") {
        return CsatScale::ThreePoint;
    }
    if !labels.is_empty() && numbers.0 > numbers.1 {
        return CsatScale::TwoPoint;
    }
    let (min, max) = numbers;
    if max > 10.0 || min < 0.0 {
        CsatScale::Freshdesk
    } else if max > 5.0 || min == 0.0 {
        CsatScale::ZeroToTen
    } else {
        CsatScale::OneToFive
    }
}

/// Is a response satisfied under the given minimums (METRICS.md §2)?
pub fn csat_satisfied(c: &Csat, strings: &crate::engine::intern::Interner, min_5: f32, min_10: f32, min_fd: f32) -> bool {
    match (c.scale, c.score) {
        (CsatScale::OneToFive, Some(x)) => x >= min_5,
        (CsatScale::ZeroToTen, Some(x)) => x >= min_10,
        (CsatScale::Freshdesk, Some(x)) => x >= min_fd,
        (_, _) => {
            let l = strings.get(c.raw).trim().to_lowercase();
            matches!(l.as_str(), "great" | "good" | "satisfied" | "thumbs up" | "👍" | "positive")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_notation_is_recognised() {
        assert!(looks_like_e_notation("1.03006E+13"));
        assert!(looks_like_e_notation("7,30286E+12"));
        assert!(!looks_like_e_notation("E+13"));
        assert!(!looks_like_e_notation("Eve"));
        assert!(!looks_like_e_notation("12345"));
    }

    #[test]
    fn csat_scales() {
        let none = BTreeMap::new();
        assert_eq!(decide_csat_scale((1.0, 5.0), &none), CsatScale::OneToFive);
        assert_eq!(decide_csat_scale((0.0, 10.0), &none), CsatScale::ZeroToTen);
        assert_eq!(decide_csat_scale((-103.0, 103.0), &none), CsatScale::Freshdesk);
        let mut l = BTreeMap::new();
        l.insert("great".to_string(), 1);
        assert_eq!(decide_csat_scale((f32::INFINITY, f32::NEG_INFINITY), &l), CsatScale::ThreePoint);
    }
}
