//! Applies a [`Mapping`] to the rows of a table: raw text → typed, validated canonical records.
//!
//! A row is used or rejected as a whole: a value that is present but unreadable (`31/02/2026`)
//! rejects the row with the column and the reason, because leaving the value out would change
//! a number silently (a bad response time would count as "no response"). Two cases are
//! warnings instead, as the contract asks: a response or resolution before creation (the
//! contact counts, that duration is left out) and an id mangled into E-notation.

use std::collections::BTreeMap;

use crate::engine::error::{FileError, Position, Problem};
use crate::engine::intern::{fast_map, FastMap, Sym};
use crate::engine::record::{
    normalise_customer, Channel, Contact, Csat, CsatScale, Direction, Lookup, LookupTable, Millis, OptMs, Outcome, Session, SessionKind, Stage, Survey,
    LEFT_OUT_FIRST_RESPONSE, LEFT_OUT_RESOLVED,
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
    /// Column completing this one's value ([`Conv::Append`]).
    append_idx: Option<usize>,
}

/// What a column's values look like in the rows that have every field, used to notice a
/// short row whose cells moved left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Anything.
    Any,
    /// Every value is a number.
    Number,
    /// Every value is a written date (not a bare number).
    DateText,
}

/// What one row became.
#[derive(Clone, Debug, PartialEq)]
pub enum Built {
    /// An assisted contact.
    Contact(Contact),
    /// A self-service session.
    Session(Session),
    /// A CSAT response.
    Survey(Survey),
    /// A survey row that holds no response ("Offered"): used, excluded, no record.
    NoResponse,
    /// A lookup entry.
    Lookup(Lookup),
}

/// A rejected row: where, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    /// Line and column.
    pub position: Position,
    /// The reason.
    pub problem: Problem,
}

/// A CSAT value seen in a used row (the scale is decided from these at the end).
#[derive(Clone, Debug)]
enum CsatSeen {
    Number(f32),
    Label(String),
}

/// Effects of the row being built, applied only if it is used: a rejected row leaves no
/// warning, no DST count and no CSAT evidence behind.
#[derive(Default)]
struct Pending {
    warnings: Vec<(Option<String>, Problem)>,
    dst_gaps: u64,
    dst_folds: u64,
    csat: Option<CsatSeen>,
}

/// Turns rows into records according to a mapping.
pub struct TableMapper {
    mapping: Mapping,
    cols: Vec<Col>,
    header: Header,
    shapes: Vec<Shape>,
    opts: ReadOptions,
    data_index: u64,
    source: Sym,
    csat_numbers: (f32, f32),
    csat_labels: BTreeMap<String, u64>,
    pending: Pending,
    /// Per column: what a channel or status label became, by its text (the same few labels
    /// repeat on every row; bounded by [`CACHE_MAX`]).
    label_cache: Vec<FastMap<Box<str>, LabelHit>>,
    /// What a CSAT value became, by its text.
    csat_cache: FastMap<Box<str>, CsatHit>,
    /// Date columns whose order the values could not prove.
    pub ambiguous_columns: Vec<String>,
}

/// Most distinct texts remembered per column.
const CACHE_MAX: usize = 4096;

/// A channel or status label already read.
#[derive(Clone, Copy, Debug)]
enum LabelHit {
    Channel { raw: Sym, channel: Channel, outbound: bool },
    Status { sym: Sym, not_demand: bool },
}

/// A CSAT value already read.
#[derive(Clone, Debug)]
enum CsatHit {
    NotAResponse,
    Number(f32, Sym),
    Label(String, Option<f32>, Sym),
    Unknown,
}

/// Fields each record kind cannot do without.
pub fn required_fields(kind: RecordKind) -> &'static [Field] {
    match kind {
        RecordKind::Contact => &[Field::Created],
        RecordKind::Session => &[Field::Started],
        RecordKind::Survey => &[Field::SurveyContact, Field::Score],
        RecordKind::Lookup => &[Field::LookupKey],
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
                    append_idx: None,
                });
            }
        }
        let missing: Vec<String> = required_fields(mapping.record)
            .iter()
            .filter(|f| !cols.iter().any(|c| c.field == **f && !matches!(c.conv, Conv::Append { .. })) && !mapping.constants.contains_key(f))
            .map(|f| f.label().to_string())
            .collect();
        if !missing.is_empty() {
            let preview = prefix.iter().take(5).map(|r| r.iter().map(str::to_string).collect()).collect();
            return Err(FileError::Unmapped { header: header.names.clone(), missing, preview, guess: Some(Box::new(mapping)) });
        }
        let append_columns: Vec<(Field, usize)> = cols
            .iter()
            .filter_map(|c| match c.conv {
                Conv::Append { field } => Some((field, c.idx)),
                _ => None,
            })
            .collect();
        let mut ambiguous_columns = Vec::new();
        for col in cols.iter_mut().filter(|c| !matches!(c.conv, Conv::Append { .. })) {
            col.append_idx = append_columns.iter().find(|(f, _)| *f == col.field).map(|(_, i)| *i);
        }
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
        // Base fields of `After` durations first, so the durations find them; otherwise the
        // mapping's order, which is also the order of fallback columns for one field.
        let bases: Vec<Field> = cols
            .iter()
            .filter_map(|c| match c.conv {
                Conv::After { base, .. } => Some(base),
                _ => None,
            })
            .collect();
        cols.sort_by_key(|c| !bases.contains(&c.field));
        let source = sink.intern(&mapping.source);
        Ok(TableMapper {
            mapping,
            cols,
            header: header.clone(),
            shapes: column_shapes(header.len(), prefix),
            opts,
            data_index: 0,
            source,
            csat_numbers: (f32::INFINITY, f32::NEG_INFINITY),
            csat_labels: BTreeMap::new(),
            pending: Pending::default(),
            label_cache: Vec::new(),
            csat_cache: fast_map(0),
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

    /// Index of the header column named `name` (for special mappers reading extra columns).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.names.iter().position(|n| n == name).or_else(|| self.header.find(name))
    }

    /// The header name of column `i` (empty when out of range).
    pub fn column_name(&self, i: usize) -> String {
        self.header.names.get(i).cloned().unwrap_or_default()
    }

    /// Options values are read with.
    pub fn read_options(&self) -> &ReadOptions {
        &self.opts
    }

    /// Position of a row (and a column) for a diagnostic.
    pub fn position(&self, rec: &RawRecord, column: Option<&str>) -> Position {
        Position {
            line: rec.line,
            record: self.data_index,
            byte: Some(rec.byte),
            sheet: self.opts.sheet.clone(),
            column: column.map(str::to_string),
        }
    }

    /// Maps one data row and adds what it became to `sink`, or lists it as rejected.
    pub fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        match self.map_row(rec, sink) {
            Ok(Built::Contact(c)) => sink.push_contact(c),
            Ok(Built::Session(s)) => sink.push_session(s),
            Ok(Built::Survey(s)) => sink.push_survey(s),
            Ok(Built::NoResponse) => sink.push_excluded_row(),
            Ok(Built::Lookup(l)) => sink.push_lookup(l),
            Err(r) => sink.reject(r.position, r.problem),
        }
    }

    /// Maps one data row without adding it: for special mappers that combine rows. The row's
    /// warnings are recorded in `sink` when it is used; the caller counts it (used or rejected).
    pub fn map_row(&mut self, rec: &RawRecord, sink: &mut Sink) -> Result<Built, Box<Rejected>> {
        self.pending = Pending::default();
        let result = self.build(rec, sink);
        let out = match result {
            Ok(built) => {
                let pending = std::mem::take(&mut self.pending);
                for (column, problem) in pending.warnings {
                    let pos = self.position(rec, column.as_deref());
                    sink.warn(pos, problem);
                }
                sink.dst_gaps += pending.dst_gaps;
                sink.dst_folds += pending.dst_folds;
                match pending.csat {
                    Some(CsatSeen::Number(x)) => {
                        self.csat_numbers.0 = self.csat_numbers.0.min(x);
                        self.csat_numbers.1 = self.csat_numbers.1.max(x);
                    }
                    Some(CsatSeen::Label(l)) => *self.csat_labels.entry(l).or_default() += 1,
                    None => {}
                }
                Ok(built)
            }
            Err((column, problem)) => Err(Box::new(Rejected { position: self.position(rec, column.as_deref()), problem })),
        };
        self.data_index += 1;
        out
    }

    /// The CSAT scale of the file, decided from every used value.
    pub fn csat_scale(&self) -> CsatScale {
        decide_csat_scale(self.csat_numbers, &self.csat_labels)
    }

    /// Completes the file: decides the CSAT scale of the column from all its values.
    pub fn finish(&mut self, sink: &mut Sink) {
        let scale = self.csat_scale();
        for c in sink.contacts.iter_mut() {
            if let Some(csat) = c.csat.as_mut() {
                csat.scale = scale;
            }
        }
        for s in sink.surveys.iter_mut() {
            s.csat.scale = scale;
        }
    }

    /// A row shorter than the header is read when its missing cells are at the end (Excel
    /// drops empty trailing cells); when a cell went missing in the middle (or a stray
    /// delimiter added one), the values after it no longer fit their columns and the row is
    /// rejected rather than read shifted.
    fn check_alignment(&self, rec: &RawRecord) -> Result<(), (Option<String>, Problem)> {
        for (i, shape) in self.shapes.iter().enumerate().take(rec.len()) {
            let value = rec.get(i).unwrap_or("").trim();
            if !fits(*shape, value) {
                return Err((
                    self.header.names.get(i).cloned(),
                    Problem::ShiftedFields { found: rec.len() as u64, expected: self.header.len() as u64, value: value.to_string() },
                ));
            }
        }
        Ok(())
    }

    fn build(&mut self, rec: &RawRecord, sink: &mut Sink) -> Result<Built, (Option<String>, Problem)> {
        if rec.too_long {
            return Err((None, too_long(rec)));
        }
        if rec.unclosed_quote {
            return Err((None, Problem::UnclosedQuote { last_line: rec.last_line }));
        }
        let header_len = self.header.len();
        if rec.len() > header_len {
            let extra_blank = (header_len..rec.len()).all(|i| rec.get(i).is_some_and(|f| f.trim().is_empty()));
            if !extra_blank {
                return Err((None, Problem::ExtraFields { found: rec.len() as u64, expected: header_len as u64 }));
            }
        }
        // A short row (a cell lost in the middle) or a long one with blank extras (a stray
        // delimiter, the last cells empty) is read only if its values still fit their columns.
        if rec.len() != header_len {
            self.check_alignment(rec)?;
        }
        let mut v = Values::default();
        // Several columns may feed one field (an e-mail, else an id): the first that gives a
        // value wins; a constant fills a field none of them gave.
        let mut filled: u64 = 0;
        for i in 0..self.cols.len() {
            let col = &self.cols[i];
            let bit = 1u64 << (col.field as u64 % 64);
            if matches!(col.conv, Conv::Append { .. }) || filled & bit != 0 {
                continue;
            }
            let mut raw = trim(rec.get(col.idx).unwrap_or(""));
            // A lone dash is how Zendesk and Zammad write "none" in name and label columns.
            if raw == "-" && matches!(col.conv, Conv::Text | Conv::Label | Conv::Customer) {
                raw = "";
            }
            if raw.is_empty() {
                continue;
            }
            let text: std::borrow::Cow<str> = match col.append_idx.and_then(|j| rec.get(j)).map(str::trim).filter(|t| !t.is_empty()) {
                Some(rest) => format!("{raw} {rest}").into(),
                None => raw.into(),
            };
            let field = col.field;
            match self.read_value(i, field, &text, &mut v, sink) {
                Ok(true) => filled |= bit,
                Ok(false) => {}
                Err(p) => return Err((Some(self.cols[i].name.clone()), p)),
            }
        }
        if self.mapping.constants.is_empty() && rec.recoded.is_empty() {
            return match self.mapping.record {
                RecordKind::Contact => self.finish_contact(v, rec, sink).map(Built::Contact),
                RecordKind::Session => self.finish_session(v, rec).map(Built::Session),
                RecordKind::Survey => self.finish_survey(v, rec),
                RecordKind::Lookup => self.finish_lookup(v, rec).map(Built::Lookup),
            };
        }
        let constants: Vec<(Field, String)> = self
            .mapping
            .constants
            .iter()
            .filter(|(f, _)| filled & (1u64 << (**f as u64 % 64)) == 0)
            .map(|(f, s)| (*f, s.clone()))
            .collect();
        for (f, text) in constants {
            let column = self.col_name(f);
            v.set_text(f, &text, sink, &self.mapping).map_err(|p| (column, p))?;
        }
        for &i in &rec.recoded {
            if let Some(c) = self.cols.iter().find(|c| c.idx == i) {
                self.pending.warnings.push((Some(c.name.clone()), Problem::DecodedAsWindows1252 { value: rec.get(i).unwrap_or("").to_string() }));
            }
        }
        match self.mapping.record {
            RecordKind::Contact => self.finish_contact(v, rec, sink).map(Built::Contact),
            RecordKind::Session => self.finish_session(v, rec).map(Built::Session),
            RecordKind::Survey => self.finish_survey(v, rec),
            RecordKind::Lookup => self.finish_lookup(v, rec).map(Built::Lookup),
        }
    }

    /// Reads one value into `v`; true when it gave the field a value (an e-notation id or an
    /// "Offered" survey gives none, so a fallback column may).
    fn read_value(&mut self, ci: usize, field: Field, text: &str, v: &mut Values, sink: &mut Sink) -> Result<bool, Problem> {
        let conv = self.cols[ci].conv;
        match conv {
            Conv::Timestamp => {
                if let Some(ms) = crate::engine::time::fast_iso_instant(text, &self.opts.zone) {
                    v.set_time(field, ms);
                    return Ok(true);
                }
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
                    LocalKind::Gap => self.pending.dst_gaps += 1,
                    LocalKind::Fold => self.pending.dst_folds += 1,
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
                if text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit()) {
                    let n = text.bytes().fold(0u32, |n, b| n * 10 + (b - b'0') as u32);
                    v.set_count(field, n);
                    return Ok(true);
                }
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
            Conv::DoneAtEnd => {
                let b = parse_bool(text).ok_or_else(|| Problem::Other { message: format!("`{text}` is not yes or no") })?;
                if b {
                    v.at_end.push(field);
                }
            }
            Conv::Csat => {
                let hit = match self.csat_cache.get(text) {
                    Some(h) => h.clone(),
                    None => {
                        let h = self.read_csat(field, text, sink);
                        if self.csat_cache.len() < CACHE_MAX {
                            self.csat_cache.insert(text.into(), h.clone());
                        }
                        h
                    }
                };
                match hit {
                    CsatHit::NotAResponse => return Ok(false),
                    CsatHit::Number(x, raw) => {
                        self.pending.csat = Some(CsatSeen::Number(x));
                        v.csat = Some(Csat { score: Some(x), raw, scale: CsatScale::OneToFive });
                    }
                    CsatHit::Label(l, score, raw) => {
                        self.pending.csat = Some(CsatSeen::Label(l));
                        v.csat = Some(Csat { score, raw, scale: CsatScale::TwoPoint });
                    }
                    CsatHit::Unknown => return Err(Problem::Other { message: format!("`{text}` is not a satisfaction score") }),
                }
            }
            Conv::Text | Conv::Label if matches!(field, Field::Channel | Field::Status) => {
                if self.label_cache.len() <= ci {
                    self.label_cache.resize_with(ci + 1, || fast_map(0));
                }
                let hit = match self.label_cache[ci].get(text) {
                    Some(h) => *h,
                    None => {
                        let h = label_hit(field, text, sink, &self.mapping);
                        if self.label_cache[ci].len() < CACHE_MAX {
                            self.label_cache[ci].insert(text.into(), h);
                        }
                        h
                    }
                };
                match hit {
                    LabelHit::Channel { raw, channel, outbound } => {
                        v.channel_raw = raw;
                        v.channel = Some(channel);
                        if outbound {
                            v.direction = Some(Direction::Outbound);
                        }
                    }
                    LabelHit::Status { sym, not_demand } => {
                        v.not_demand |= not_demand;
                        v.status = sym;
                    }
                }
            }
            Conv::Customer => {
                if looks_like_e_notation(text) {
                    let name = self.cols[ci].name.clone();
                    self.pending.warnings.push((Some(name), Problem::IdInENotation { value: text.to_string() }));
                    return Ok(false);
                }
                // Borrowed when the text is already its own key (a lower-case address): no
                // allocation per row.
                let key = normalise_customer(text);
                v.set_sym(field, sink.intern(&key));
            }
            Conv::Text | Conv::Label => {
                if matches!(field, Field::Id | Field::SessionId | Field::ContactId | Field::SurveyContact | Field::SelfServiceSession | Field::LookupKey)
                    && looks_like_e_notation(text)
                {
                    let name = self.cols[ci].name.clone();
                    self.pending.warnings.push((Some(name), Problem::IdInENotation { value: text.to_string() }));
                    return Ok(false);
                }
                v.set_text(field, text, sink, &self.mapping)?;
            }
            Conv::Append { .. } => return Ok(false),
        }
        Ok(true)
    }

    /// Reads a CSAT value (value maps, then number or label).
    fn read_csat(&self, field: Field, text: &str, sink: &mut Sink) -> CsatHit {
        let lower = text.trim().to_lowercase();
        let canonical = self
            .mapping
            .values
            .get(&field)
            .and_then(|m| m.get(&lower))
            .map(String::as_str)
            .or_else(|| default_value(field, &lower))
            .unwrap_or(&lower)
            .to_string();
        match classify_csat_text(&canonical, self.opts.decimal_comma) {
            CsatText::NotAResponse => CsatHit::NotAResponse,
            CsatText::Number(x) => CsatHit::Number(x, sink.intern(text)),
            CsatText::Label(l) => {
                let score = label_score(&l);
                // A label the value maps translated (`Awesome` → `great`) is kept in its
                // canonical form, which is what label scales are judged by.
                let raw = if l == lower { sink.intern(text) } else { sink.intern(&l) };
                CsatHit::Label(l, score, raw)
            }
            CsatText::Unknown => CsatHit::Unknown,
        }
    }

    fn finish_contact(&mut self, v: Values, rec: &RawRecord, sink: &mut Sink) -> Result<Contact, (Option<String>, Problem)> {
        let created = v.created.ok_or((self.col_name(Field::Created), Problem::Missing { field: "created".into() }))?;
        let mut c = Contact::new(sink.file, rec.line.min(u32::MAX as u64) as u32, v.id, v.channel.unwrap_or(Channel::Other), created);
        c.source = self.source;
        c.customer = v.customer;
        c.channel_raw = v.channel_raw;
        c.first_response = v.first_response.into();
        c.resolved = v.resolved.into();
        c.closed = v.closed.into();
        c.updated = v.updated.into();
        c.status = v.status;
        c.priority = v.priority;
        c.direction = v.direction;
        c.agent = v.agent;
        c.team = v.team;
        c.issue_type = v.issue_type;
        c.reopens = v.reopens.into();
        c.agent_replies = v.agent_replies.into();
        c.escalated = v.escalated;
        c.transfers = v.transfers.into();
        c.csat = v.csat;
        c.queue_wait = v.queue_wait.into();
        c.talk = v.talk.into();
        c.hold = v.hold.into();
        c.after_work = v.after_work.into();
        c.answered = v.answered;
        c.abandoned = v.abandoned;
        c.abandon_stage = v.abandon_stage;
        c.abandon_wait = v.abandon_wait.into();
        c.self_service_session = v.self_service_session;
        c.not_demand = v.not_demand;
        if !v.at_end.is_empty() {
            let end = created + c.queue_wait.get().unwrap_or(0) + c.talk.get().unwrap_or(0) + c.hold.get().unwrap_or(0);
            for f in &v.at_end {
                match f {
                    Field::FirstResponse => c.first_response = Some(end).into(),
                    Field::Resolved => c.resolved = Some(end).into(),
                    Field::Closed => c.closed = Some(end).into(),
                    _ => {}
                }
            }
        }
        for (field, flag) in [(Field::FirstResponse, LEFT_OUT_FIRST_RESPONSE), (Field::Resolved, LEFT_OUT_RESOLVED)] {
            let value = if field == Field::FirstResponse { &mut c.first_response } else { &mut c.resolved };
            if let Some(t) = value.get() {
                if t < created {
                    *value = OptMs::NONE;
                    c.left_out |= flag;
                    self.pending.warnings.push((self.col_name(field), Problem::BeforeCreation { field: field.label().into(), seconds: (created - t) / 1000 }));
                }
            }
        }
        Ok(c)
    }

    fn finish_session(&mut self, v: Values, rec: &RawRecord) -> Result<Session, (Option<String>, Problem)> {
        let started = v.started.ok_or((self.col_name(Field::Started), Problem::Missing { field: "started".into() }))?;
        let kind = v.kind.ok_or((self.col_name(Field::Kind), Problem::Missing { field: "kind".into() }))?;
        Ok(Session {
            file: 0,
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
        })
    }

    fn finish_survey(&mut self, v: Values, rec: &RawRecord) -> Result<Built, (Option<String>, Problem)> {
        if v.survey_contact.is_none() {
            return Err((self.col_name(Field::SurveyContact), Problem::Missing { field: "contact_id".into() }));
        }
        Ok(match v.csat {
            None => Built::NoResponse,
            Some(csat) => Built::Survey(Survey {
                file: 0,
                line: rec.line.min(u32::MAX as u64) as u32,
                contact_id: v.survey_contact,
                answered_at: v.answered_at,
                csat,
            }),
        })
    }

    fn finish_lookup(&mut self, v: Values, rec: &RawRecord) -> Result<Lookup, (Option<String>, Problem)> {
        if v.lookup_key.is_none() {
            return Err((self.col_name(Field::LookupKey), Problem::Missing { field: "lookup_key".into() }));
        }
        let table = v.lookup_table.ok_or((self.col_name(Field::LookupTable), Problem::Missing { field: "lookup_table".into() }))?;
        Ok(Lookup {
            file: 0,
            line: rec.line.min(u32::MAX as u64) as u32,
            source: self.source,
            table,
            key: v.lookup_key,
            name: v.lookup_name,
            email: v.lookup_email,
        })
    }

    fn col_name(&self, f: Field) -> Option<String> {
        self.cols.iter().find(|c| c.field == f && !matches!(c.conv, Conv::Append { .. })).map(|c| c.name.clone())
    }
}

/// `str::trim`, without its Unicode walk when the ends are plain ASCII.
fn trim(s: &str) -> &str {
    let plain = |c: Option<&u8>| c.is_none_or(|c| *c > b' ' && *c < 0x80);
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// What a channel or status label means (the value maps, then the built-in labels).
fn label_hit(field: Field, text: &str, sink: &mut Sink, mapping: &Mapping) -> LabelHit {
    let lower = text.trim().to_lowercase();
    let mapped = mapping.values.get(&field).and_then(|m| m.get(&lower)).map(String::as_str).or_else(|| default_value(field, &lower));
    match field {
        Field::Channel => LabelHit::Channel {
            raw: sink.intern(text),
            channel: mapped.and_then(Channel::from_label).unwrap_or(Channel::Other),
            outbound: lower.contains("outbound"),
        },
        _ => LabelHit::Status { sym: sink.intern(text), not_demand: mapped == Some("not_demand") },
    }
}

/// Each column's shape from the prefix rows that have every field; a shape needs two values.
fn column_shapes(n: usize, prefix: &[RawRecord]) -> Vec<Shape> {
    (0..n)
        .map(|i| {
            let values: Vec<&str> = prefix
                .iter()
                .filter(|r| r.len() == n)
                .filter_map(|r| r.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .take(500)
                .collect();
            if values.len() < 2 {
                Shape::Any
            } else if values.iter().all(|v| is_number(v)) {
                Shape::Number
            } else if values.iter().all(|v| matches!(parse_written(v), Some(Written::Text(_)))) {
                Shape::DateText
            } else {
                Shape::Any
            }
        })
        .collect()
}

fn is_number(v: &str) -> bool {
    parse_number(v, false).is_some() || parse_number(v, true).is_some()
}

fn fits(shape: Shape, value: &str) -> bool {
    value.is_empty()
        || match shape {
            Shape::Any => true,
            Shape::Number => is_number(value),
            Shape::DateText => matches!(parse_written(value), Some(Written::Text(_))),
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
    lookup_key: Sym,
    lookup_name: Sym,
    lookup_email: Sym,
    lookup_table: Option<LookupTable>,
    /// Fields set at the end of the contact ([`Conv::DoneAtEnd`]).
    at_end: Vec<Field>,
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
            Field::NotDemand => self.not_demand |= b,
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
            Field::LookupKey => self.lookup_key = s,
            Field::LookupName => self.lookup_name = s,
            Field::LookupEmail => self.lookup_email = s,
            _ => {}
        }
    }

    /// Text fields, labels mapped through the value maps.
    fn set_text(&mut self, f: Field, text: &str, sink: &mut Sink, mapping: &Mapping) -> Result<(), Problem> {
        if matches!(
            f,
            Field::Id | Field::Priority | Field::Agent | Field::Team | Field::IssueType | Field::SelfServiceSession | Field::SessionId | Field::Query
                | Field::ContactId | Field::SurveyContact | Field::LookupKey | Field::LookupName
        ) {
            // Plain text: no value map applies.
            let s = sink.intern(text);
            self.set_sym(f, s);
            return Ok(());
        }
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
            Field::NotDemand => {
                if mapped == Some("not_demand") {
                    self.not_demand = true;
                }
            }
            Field::LookupTable => {
                self.lookup_table = Some(mapped.and_then(LookupTable::from_label).ok_or_else(|| Problem::Other {
                    message: format!("`{text}` is not a lookup table (user, group, organisation)"),
                })?);
            }
            Field::Customer | Field::Visitor | Field::LookupEmail => {
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

/// Classifies a CSAT value already passed through the value maps (so `Awesome` arrives as
/// `great` and Freshdesk's `Extremely Happy` as `103`).
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

/// Points of a label on its own scale: Great 3, Okay 2, Not Good 1; a two-point scale's
/// positive 1, negative 0. Satisfied is the top point (METRICS.md §2).
fn label_score(label: &str) -> Option<f32> {
    Some(match label {
        "great" => 3.0,
        "okay" | "ok" => 2.0,
        "not good" => 1.0,
        "good" | "satisfied" | "thumbs up" | "👍" | "positive" => 1.0,
        "bad" | "unsatisfied" | "dissatisfied" | "thumbs down" | "👎" | "negative" => 0.0,
        _ => return None,
    })
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

/// Is a response satisfied under the given minimums (METRICS.md §2)? Labels are satisfied at
/// the top of their scale: Great of Great/Okay/Not Good, the positive one of two.
pub fn csat_satisfied(c: &Csat, strings: &crate::engine::intern::Interner, min_5: f32, min_10: f32, min_fd: f32) -> bool {
    match (c.scale, c.score) {
        (CsatScale::OneToFive, Some(x)) => x >= min_5,
        (CsatScale::ZeroToTen, Some(x)) => x >= min_10,
        (CsatScale::Freshdesk, Some(x)) => x >= min_fd,
        (CsatScale::ThreePoint, Some(x)) => x >= 3.0,
        (CsatScale::TwoPoint, Some(x)) => x >= 1.0,
        (_, None) => {
            let l = strings.get(c.raw).trim().to_lowercase();
            matches!(l.as_str(), "great" | "good" | "satisfied" | "thumbs up" | "👍" | "positive")
        }
    }
}


/// The problem of a record over a [`super::text::TextLimits`] limit.
pub fn too_long(rec: &RawRecord) -> Problem {
    if rec.too_wide {
        Problem::TooManyFields { limit: rec.limit }
    } else {
        Problem::TooLong { what: "record".into(), limit: rec.limit }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::Zone;

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

    fn mapper(header: &[&str], mapping: Mapping, prefix: &[RawRecord], sink: &mut Sink) -> TableMapper {
        let h = Header::new(header.iter().map(|s| s.to_string()).collect());
        let opts = ReadOptions { zone: Zone::utc(), date_order: None, decimal_comma: false, sheet: None };
        TableMapper::new(mapping, &h, prefix, opts, sink).expect("maps")
    }

    fn rec(line: u64, fields: &[&str]) -> RawRecord {
        RawRecord::from_fields(line, fields)
    }

    #[test]
    fn the_first_column_with_a_value_wins_and_constants_fill_the_rest() {
        let h = Header::new(["created", "email", "id"].map(String::from).to_vec());
        let mut m = Mapping::new(RecordKind::Contact, "x");
        m.add(&h, Field::Created, &["created"], Conv::Timestamp);
        m.add_fallback(&h, Field::Customer, &["email"], Conv::Customer);
        m.add_fallback(&h, Field::Customer, &["id"], Conv::Customer);
        let m = m.constant(Field::Channel, "phone");
        let mut sink = Sink::new(0);
        let mut t = mapper(&["created", "email", "id"], m, &[], &mut sink);
        t.row(&rec(2, &["2026-03-02 09:00", "A@B.com", "7"]), &mut sink);
        t.row(&rec(3, &["2026-03-02 09:00", "", "7"]), &mut sink);
        let customers: Vec<&str> = sink.contacts.iter().map(|c| sink.strings.get(c.customer)).collect();
        assert_eq!(customers, vec!["a@b.com", "7"]);
        assert!(sink.contacts.iter().all(|c| c.channel == Channel::Phone));
    }

    #[test]
    fn shifted_short_rows_are_rejected_and_trailing_short_rows_read() {
        let names = ["id", "created", "talk_s", "agent"];
        let h = Header::new(names.map(String::from).to_vec());
        let mut m = Mapping::new(RecordKind::Contact, "x");
        m.add(&h, Field::Id, &["id"], Conv::Text);
        m.add(&h, Field::Created, &["created"], Conv::Timestamp);
        m.add(&h, Field::Agent, &["agent"], Conv::Text);
        let prefix = vec![rec(2, &["1", "2026-03-02 09:00", "10", "Ana"]), rec(3, &["2", "2026-03-02 10:00", "12", "Bo"])];
        let mut sink = Sink::new(0);
        let mut t = mapper(&names, m, &prefix, &mut sink);
        t.row(&rec(4, &["3", "2026-03-02 11:00", "9"]), &mut sink);
        t.row(&rec(5, &["4", "Ana", "x"]), &mut sink);
        assert_eq!((sink.used, sink.rejected), (1, 1));
        assert_eq!(sink.diagnostics[0].position.column.as_deref(), Some("created"));
        assert!(matches!(sink.diagnostics[0].problem, Problem::ShiftedFields { found: 3, expected: 4, .. }));
    }

    #[test]
    fn a_rejected_row_leaves_no_warning_and_no_csat_evidence() {
        let names = ["id", "created", "csat"];
        let h = Header::new(names.map(String::from).to_vec());
        let mut m = Mapping::new(RecordKind::Contact, "x");
        m.add(&h, Field::Id, &["id"], Conv::Text);
        m.add(&h, Field::Csat, &["csat"], Conv::Csat);
        m.add(&h, Field::Created, &["created"], Conv::Timestamp);
        let mut sink = Sink::new(0);
        let mut t = mapper(&names, m, &[], &mut sink);
        t.row(&rec(2, &["1.5E+12", "2026-03-02 09:00", "4"]), &mut sink);
        t.row(&rec(3, &["1.6E+12", "not a date", "10"]), &mut sink);
        t.finish(&mut sink);
        assert_eq!((sink.used, sink.rejected, sink.warnings), (1, 1, 1));
        assert_eq!(sink.contacts[0].csat.map(|c| c.scale), Some(CsatScale::OneToFive));
    }

    #[test]
    fn labels_carry_their_points() {
        assert_eq!(label_score("great"), Some(3.0));
        assert_eq!(label_score("not good"), Some(1.0));
        assert_eq!(label_score("bad"), Some(0.0));
        let mut strings = crate::engine::intern::Interner::new();
        let raw = strings.intern("Awesome");
        let c = Csat { score: Some(3.0), raw, scale: CsatScale::ThreePoint };
        assert!(csat_satisfied(&c, &strings, 4.0, 9.0, 101.0));
    }
}
