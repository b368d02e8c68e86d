//! Ingestion: export files (bytes) → canonical records, with exact row accounting.
//!
//! [`Ingester`] is a push parser: `feed` chunks as they are read, then `finish`. Delimited text
//! streams (only the first rows are buffered, to find the header and decide each column's date
//! order); zip containers, spreadsheets and JSON documents are read whole at `finish`. Every file
//! becomes one or more [`IngestedPart`]s (a zip yields one per member), each with a
//! [`FileSummary`]: the format recognised, the mapping used, and `rows = used + rejected`.

pub mod bots;
pub mod calls;
pub mod cdr;
pub mod connect;
pub mod formats;
pub mod intercom;
pub mod json;
pub mod lookups;
pub mod mapping;
pub mod queue_log;
pub mod selfservice;
pub mod sheet;
pub mod sink;
pub mod table;
pub mod text;
pub mod vendors;

use serde::{Deserialize, Serialize};

use self::formats::{Clues, Detected};
use self::mapping::{Header, Mapping, RecordKind};
use self::sink::Sink;
use self::table::{ReadOptions, TableMapper};
use self::text::{detect_encoding, sniff_delimiter, Decoder, RawRecord, TextEncoding, TextLimits, Tokenizer};
use super::error::{Diagnostic, FileError};
use super::intern::Interner;
use super::record::{Contact, Lookup, Session, Survey};
use super::time::{DateOrder, Zone};

/// Bytes looked at before deciding what a file is.
const HEAD_BYTES: usize = 64 * 1024;
/// Records looked at to find the header below title lines.
const PREAMBLE_RECORDS: usize = 30;
/// Data rows buffered to decide column formats before streaming.
const PREFIX_ROWS: usize = 2_000;
/// Most data rows buffered while a date column's order is still undecided.
const MAX_PREFIX_ROWS: usize = 200_000;
/// Largest zip, spreadsheet or JSON document read whole.
pub const MAX_WHOLE_BYTES: usize = 1 << 30;

/// Per-file reading options.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Zone of timestamps without an offset (default: the report zone).
    pub zone: Zone,
    /// Day/month order for ambiguous date columns; None = decide from values (day first when
    /// they cannot tell, and the summary says so).
    pub date_order: Option<DateOrder>,
    /// A confirmed mapping to use instead of the detected one.
    pub mapping: Option<Mapping>,
    /// Mappings the user confirmed earlier, by header signature: applied without asking when
    /// a file with the same header comes again.
    pub remembered: std::collections::BTreeMap<String, Mapping>,
    /// Spreadsheet sheet to read (default: the first with data).
    pub sheet: Option<String>,
    /// Size limits.
    pub limits: TextLimits,
    /// Told how far a document read whole (JSON, spreadsheet) has got, while it is read.
    pub heartbeat: Option<Heartbeat>,
}

impl IngestOptions {
    /// Defaults in zone `zone`.
    pub fn new(zone: Zone) -> IngestOptions {
        IngestOptions {
            zone,
            date_order: None,
            mapping: None,
            remembered: Default::default(),
            sheet: None,
            limits: TextLimits::default(),
            heartbeat: None,
        }
    }

    /// Calls the heartbeat, if any, when `records` is a multiple of [`HEARTBEAT_RECORDS`].
    #[inline]
    pub fn beat(&self, records: u64, rows: u64) {
        if records.is_multiple_of(HEARTBEAT_RECORDS) {
            self.beat_now(rows);
        }
    }

    /// Calls the heartbeat, if any (work done in pieces larger than a record: 64 KB of a
    /// workbook's XML inflated and checked).
    pub fn beat_now(&self, rows: u64) {
        if let Some(h) = &self.heartbeat {
            (h.0)(rows);
        }
    }
}

/// Records between two calls of a [`Heartbeat`].
pub const HEARTBEAT_RECORDS: u64 = 4096;

/// Called every [`HEARTBEAT_RECORDS`] records (or 64 KB of a workbook's XML) of a document
/// read whole, with its data rows read so far (0 while its records are only being checked).
/// A text file is read in chunks and its reader reports between them; a JSON document or a
/// workbook is read in one call after its last byte, which takes seconds for a million
/// records, so the page would otherwise hear nothing for that long. The caller decides
/// whether a call is worth a message.
#[derive(Clone)]
pub struct Heartbeat(pub std::rc::Rc<dyn Fn(u64)>);

impl std::fmt::Debug for Heartbeat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Heartbeat")
    }
}

/// What was read from one file (or zip member), for the UI and `metrics.json` `inputs`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// File name (`export.zip/tickets.csv` for zip members).
    pub file: String,
    /// Recognised format id (e.g. `zendesk_tickets_csv`).
    pub format: String,
    /// Human-readable format name.
    pub format_name: String,
    /// How sure the recognition is, 0..=1.
    pub confidence: f32,
    /// What rows became.
    pub record_kind: Option<RecordKind>,
    /// Text encoding, for text files.
    pub encoding: Option<String>,
    /// Delimiter, for text files.
    pub delimiter: Option<String>,
    /// Sheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// All sheets, for spreadsheets.
    pub sheets: Vec<String>,
    /// Header as found.
    pub header: Vec<String>,
    /// 1-based line of the header (0 when there is none).
    pub header_line: u64,
    /// Title lines skipped above the header.
    pub preamble_lines: u64,
    /// Stable header signature (remembered mappings are keyed by it).
    pub header_signature: String,
    /// The mapping used.
    pub mapping: Option<Mapping>,
    /// The mapping came from one the user confirmed earlier for this header.
    pub mapping_remembered: bool,
    /// First data rows, for the mapping editor's preview.
    pub preview: Vec<Vec<String>>,
    /// Data rows.
    pub rows: u64,
    /// Rows used (including `excluded` and `duplicates`).
    pub used: u64,
    /// Rows rejected, each listed with its reason.
    pub rejected: u64,
    /// Used rows that are not demand (outbound, spam, test): in no metric.
    pub excluded: u64,
    /// Used rows superseded by a newer version of the same record (in this file or another).
    pub duplicates: u64,
    /// Used rows that describe state rather than a record (queue_log agent log-ins and
    /// pauses): read and understood, no record of their own.
    pub no_record: u64,
    /// For a lookup file: agent, team and customer ids in other files it named.
    pub lookups_applied: u64,
    /// Rows used with a value left out or adjusted.
    pub warnings: u64,
    /// Local times skipped by a DST change (moved forward).
    pub dst_gaps: u64,
    /// Local times repeated by a DST change (earlier taken).
    pub dst_folds: u64,
    /// Date columns with their day/month order and whether values proved it.
    pub date_orders: Vec<(String, DateOrder, bool)>,
    /// Numbers read with a decimal comma.
    pub decimal_comma: bool,
    /// Zone used for timestamps without an offset.
    pub time_zone: String,
    /// Bytes read.
    pub bytes: u64,
    /// Diagnostics not kept in detail (over the per-file cap).
    pub diagnostics_dropped: u64,
    /// The whole-file error, if nothing could be read.
    pub error: Option<FileError>,
}

impl FileSummary {
    /// Date columns whose order is a guess: the user should confirm it.
    pub fn ambiguous_dates(&self) -> Vec<&str> {
        self.date_orders.iter().filter(|(_, _, proven)| !proven).map(|(c, _, _)| c.as_str()).collect()
    }
}

/// Records read from one file or zip member.
#[derive(Clone, Debug, Default)]
pub struct IngestedPart {
    /// What was read and how.
    pub summary: FileSummary,
    /// Strings of the records.
    pub strings: Interner,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// Self-service sessions.
    pub sessions: Vec<Session>,
    /// CSAT responses.
    pub surveys: Vec<Survey>,
    /// Lookup entries (id → name), applied to other files' records by the dataset.
    pub lookups: Vec<Lookup>,
    /// Rejected rows and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything read from one dropped file.
#[derive(Clone, Debug, Default)]
pub struct Ingested {
    /// One part per table (a zip gives several).
    pub parts: Vec<IngestedPart>,
}

/// Maps rows of one table onto records.
pub trait RowMapper {
    /// One data row.
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink);
    /// End of the table (multi-row formats build their records here).
    fn finish(&mut self, sink: &mut Sink);
    /// Day/month order of each ambiguous date column, and whether values proved it.
    fn date_orders(&self) -> Vec<(String, DateOrder, bool)> {
        Vec::new()
    }
}

impl RowMapper for TableMapper {
    fn row(&mut self, rec: &RawRecord, sink: &mut Sink) {
        TableMapper::row(self, rec, sink)
    }
    fn finish(&mut self, sink: &mut Sink) {
        TableMapper::finish(self, sink)
    }
    fn date_orders(&self) -> Vec<(String, DateOrder, bool)> {
        TableMapper::date_orders(self)
    }
}

/// The push parser for one file.
pub struct Ingester {
    name: String,
    opts: IngestOptions,
    bytes: u64,
    state: State,
    size_hint: Option<u64>,
}

enum State {
    Head(Vec<u8>),
    Text(Box<TextState>),
    Whole(Vec<u8>),
    Failed(FileError),
}

struct TextState {
    decoder: Decoder,
    tokenizer: Tokenizer,
    table: TableState,
}

/// Table assembly shared by text, spreadsheets and JSON: find the header, buffer a prefix,
/// detect the format, then stream rows through the mapper.
pub struct TableState {
    name: String,
    opts: IngestOptions,
    phase: Phase,
    sink: Sink,
    summary: FileSummary,
    /// Try the headerless formats (queue_log, CDR) before looking for a header: text files.
    try_headerless: bool,
    /// Where the rows came from inside their container (a JSON document's `users` key).
    hint: Option<String>,
    /// The header was given, not read: JSON keys collected from the records.
    keys_from_data: bool,
    /// Size of the whole text in bytes, when known: room for the records is made once.
    size_hint: Option<u64>,
}

enum Phase {
    Preamble(Vec<RawRecord>),
    Prefix { header: Header, rows: Vec<RawRecord> },
    Streaming(Box<dyn RowMapper>),
    Failed(FileError),
}

impl TableState {
    /// A table reader for `name`; `header_known` skips header detection (JSON: keys given).
    pub fn new(name: &str, opts: IngestOptions, header: Option<Header>) -> TableState {
        let phase = match header {
            Some(h) => Phase::Prefix { header: h, rows: Vec::new() },
            None => Phase::Preamble(Vec::new()),
        };
        let mut summary = FileSummary { file: name.to_string(), time_zone: opts.zone.name().to_string(), ..Default::default() };
        if let Phase::Prefix { header, .. } = &phase {
            summary.header = header.names.clone();
            summary.header_signature = header.signature();
        }
        let keys_from_data = matches!(phase, Phase::Prefix { .. });
        TableState {
            name: name.to_string(),
            opts,
            phase,
            sink: Sink::new(0),
            summary,
            try_headerless: false,
            hint: None,
            keys_from_data,
            size_hint: None,
        }
    }

    /// Names where the rows came from inside their container (a JSON document's key), a clue
    /// for format recognition.
    pub fn set_hint(&mut self, hint: &str) {
        self.hint = Some(hint.to_string());
    }

    /// Counts a data row that could not even be split into fields (an NDJSON line that is not
    /// JSON) as rejected.
    pub fn reject_row(&mut self, line: u64, problem: super::error::Problem) {
        let position = super::error::Position { line, record: self.sink.rows, ..Default::default() };
        self.sink.reject(position, problem);
    }

    /// Summary so far (for progress).
    pub fn rows(&self) -> u64 {
        self.sink.rows
    }

    /// Takes one record.
    pub fn push(&mut self, rec: &RawRecord) {
        self.opts.beat(self.sink.rows + 1, self.sink.rows);
        match &mut self.phase {
            Phase::Failed(_) => {}
            Phase::Streaming(m) => m.row(rec, &mut self.sink),
            Phase::Preamble(recs) => {
                recs.push(rec.clone());
                if recs.len() >= PREAMBLE_RECORDS {
                    self.end_preamble();
                }
            }
            Phase::Prefix { rows, .. } => {
                // A record over a limit keeps no fields but is a row all the same.
                if !rec.is_blank() || rec.too_long {
                    rows.push(rec.clone());
                }
                let n = rows.len();
                if n >= PREFIX_ROWS && (n % PREFIX_ROWS == 0) && (n >= MAX_PREFIX_ROWS || !self.prefix_ambiguous()) {
                    self.start_streaming();
                }
            }
        }
    }

    fn prefix_ambiguous(&self) -> bool {
        let Phase::Prefix { header, rows } = &self.phase else {
            return false;
        };
        if self.opts.date_order.is_some() {
            return false;
        }
        let detected = self.detect(header, rows);
        let mapping = self.opts.mapping.clone().unwrap_or(detected.mapping);
        mapping.columns.iter().filter(|c| matches!(c.conv, mapping::Conv::Timestamp)).any(|c| {
            let Some(idx) = header.find(&c.column) else { return false };
            let mut e = super::time::DateOrderEvidence::default();
            for r in rows {
                if let Some(w) = r.get(idx).and_then(super::time::parse_written) {
                    e.observe(&w);
                }
            }
            e.is_ambiguous()
        })
    }

    fn end_preamble(&mut self) {
        let Phase::Preamble(recs) = std::mem::replace(&mut self.phase, Phase::Preamble(Vec::new())) else {
            return;
        };
        if std::mem::take(&mut self.try_headerless) {
            let read = self.read_options(&[]);
            if let Some((det, mapper)) = formats::detect_headerless(&recs, &read, &mut self.sink) {
                self.summary.format = det.format.to_string();
                self.summary.format_name = det.name.to_string();
                self.summary.confidence = det.confidence;
                self.summary.record_kind = Some(det.mapping.record);
                // A headerless format has one fixed layout: its id is the signature.
                self.summary.header_signature = det.format.to_string();
                self.summary.preview = recs.iter().filter(|r| !r.is_blank()).take(5).map(|r| r.iter().map(str::to_string).collect()).collect();
                self.summary.mapping = Some(det.mapping);
                self.phase = Phase::Streaming(mapper);
                for r in &recs {
                    self.push(r);
                }
                return;
            }
        }
        let non_blank: Vec<&RawRecord> = recs.iter().filter(|r| !r.is_blank()).collect();
        // A record over a size limit keeps no fields (so it reads as blank): before the
        // header, or with no header at all, nothing after it can be trusted to be the table.
        let over_limit = |r: &RawRecord| FileError::Limit {
            what: if r.too_wide { "fields in a record".into() } else { "size of a record in bytes".into() },
            limit: r.limit,
            position: Some(super::error::Position { line: r.line, record: r.index, byte: Some(r.byte), ..Default::default() }),
        };
        if non_blank.is_empty() {
            self.phase = Phase::Failed(recs.iter().find(|r| r.too_long).map_or(FileError::Empty, over_limit));
            return;
        }
        // A record with an unclosed quote holds the rest of the file: it is never the header
        // (unless it is the only line) and says nothing about the column count.
        // The usual width of a record; on a tie the narrower one, so that in a tiny file a
        // data row with one extra field does not outvote the header above it.
        let mode = {
            let mut freq: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
            for r in non_blank.iter().filter(|r| !r.unclosed_quote) {
                *freq.entry(r.len()).or_default() += 1;
            }
            freq.into_iter().max_by_key(|(width, n)| (*n, std::cmp::Reverse(*width))).map_or(0, |(width, _)| width)
        };
        let candidate = |r: &RawRecord| !r.is_blank() && !r.unclosed_quote;
        let header_pos = recs
            .iter()
            .position(|r| candidate(r) && r.len() >= mode.max(2) && looks_like_header(r))
            .or_else(|| recs.iter().position(|r| candidate(r) && r.len() >= mode))
            .unwrap_or(0);
        if let Some(r) = recs[..header_pos].iter().find(|r| r.too_long) {
            self.phase = Phase::Failed(over_limit(r));
            return;
        }
        let header_rec = &recs[header_pos];
        if header_rec.unclosed_quote {
            self.phase = Phase::Failed(FileError::Malformed {
                message: super::error::Problem::UnclosedQuote { last_line: header_rec.last_line }.to_string(),
                position: Some(super::error::Position { line: header_rec.line, ..Default::default() }),
            });
            return;
        }
        let header = Header::new(header_rec.iter().map(|s| s.trim().to_string()).collect());
        self.summary.header = header.names.clone();
        self.summary.header_signature = header.signature();
        self.summary.header_line = header_rec.line;
        self.summary.preamble_lines = recs[..header_pos].iter().filter(|r| !r.is_blank()).count() as u64;
        let rest: Vec<RawRecord> = recs[header_pos + 1..].to_vec();
        self.phase = Phase::Prefix { header, rows: Vec::new() };
        for r in &rest {
            self.push(r);
        }
    }

    fn detect(&self, header: &Header, rows: &[RawRecord]) -> Detected {
        formats::detect(&Clues { header, rows, file_name: &self.name, hint: self.hint.as_deref() })
    }

    fn read_options(&self, rows: &[RawRecord]) -> ReadOptions {
        ReadOptions {
            zone: self.opts.zone.clone(),
            date_order: self.opts.date_order,
            decimal_comma: self.summary.decimal_comma || decimal_comma_evidence(rows),
            sheet: self.summary.sheet.clone(),
        }
    }

    fn start_streaming(&mut self) {
        let Phase::Prefix { header, rows } = std::mem::replace(&mut self.phase, Phase::Preamble(Vec::new())) else {
            return;
        };
        if rows.is_empty() {
            self.phase = Phase::Failed(FileError::HeaderOnly);
            return;
        }
        let detected = self.detect(&header, &rows);
        self.summary.preview = rows.iter().take(5).map(|r| r.iter().map(str::to_string).collect()).collect();
        // A confirmed mapping replaces the detected one; a special format (rows that are not
        // one record each) keeps its special reading with the confirmed columns.
        let format = detected.format;
        // JSON keys are the union over the records, so two exports of the same API differ
        // by a sparse key: a recognised format is its own signature, so a confirmed mapping
        // applies to the next export too.
        if self.keys_from_data && !format.starts_with("generic_") {
            self.summary.header_signature = format!("json:{format}");
        }
        let remembered = self.opts.remembered.get(&self.summary.header_signature).cloned();
        self.summary.mapping_remembered = self.opts.mapping.is_none() && remembered.is_some();
        let user_mapping = self
            .opts
            .mapping
            .clone()
            .or(remembered)
            .filter(|m| m.record == detected.mapping.record || detected.special.is_none());
        let (name, confidence) = if user_mapping.is_some() {
            (format!("{} (mapping confirmed by you)", detected.name), 1.0)
        } else {
            (detected.name.to_string(), detected.confidence)
        };
        self.summary.format = format.to_string();
        self.summary.format_name = name;
        self.summary.confidence = confidence;
        let mapping = user_mapping.unwrap_or(detected.mapping.clone());
        self.summary.record_kind = Some(mapping.record);
        self.summary.mapping = Some(mapping.clone());
        let read = self.read_options(&rows);
        self.summary.decimal_comma = read.decimal_comma;
        let made: Result<Box<dyn RowMapper>, FileError> = match detected.special {
            Some(make) => make(&header, &rows, mapping, read, &mut self.sink),
            None => TableMapper::new(mapping, &header, &rows, read, &mut self.sink).map(|m| Box::new(m) as Box<dyn RowMapper>),
        };
        let mut mapper = match made {
            Ok(m) => m,
            Err(e) => {
                self.phase = Phase::Failed(e);
                return;
            }
        };
        self.summary.date_orders = mapper.date_orders();
        if let (Some(total), Some(last), Some(RecordKind::Contact)) = (self.size_hint, rows.last(), self.summary.record_kind) {
            // Room for every record at once, from the bytes per row so far (3% over): no
            // doubling of a vector of a million contacts, and no copy of it.
            let per_row = last.byte as f64 / (last.index.max(1)) as f64;
            if per_row >= 1.0 {
                let rows_est = (total as f64 / per_row * 1.03) as usize;
                self.sink.contacts.reserve(rows_est.min(50_000_000));
                // Exports carry a unique id per row: room for that many strings too.
                self.sink.strings.reserve(rows_est.min(50_000_000), 0);
            }
        }
        for r in &rows {
            mapper.row(r, &mut self.sink);
        }
        self.phase = Phase::Streaming(mapper);
    }

    /// Ends the table and returns what was read.
    pub fn finish(mut self) -> Result<IngestedPart, FileError> {
        if matches!(self.phase, Phase::Preamble(_)) {
            self.end_preamble();
        }
        if matches!(self.phase, Phase::Prefix { .. }) {
            self.start_streaming();
        }
        match std::mem::replace(&mut self.phase, Phase::Preamble(Vec::new())) {
            Phase::Failed(e) => Err(e),
            Phase::Streaming(mut m) => {
                m.finish(&mut self.sink);
                let s = self.sink;
                let mut summary = self.summary;
                summary.rows = s.rows;
                summary.used = s.used;
                summary.rejected = s.rejected;
                summary.excluded = s.excluded;
                summary.warnings = s.warnings;
                summary.duplicates = s.duplicates;
                summary.no_record = s.no_record;
                summary.dst_gaps = s.dst_gaps;
                summary.dst_folds = s.dst_folds;
                summary.diagnostics_dropped = s.diagnostics_dropped;
                Ok(IngestedPart {
                    summary,
                    strings: s.strings,
                    contacts: s.contacts,
                    sessions: s.sessions,
                    surveys: s.surveys,
                    lookups: s.lookups,
                    diagnostics: s.diagnostics,
                })
            }
            Phase::Preamble(_) | Phase::Prefix { .. } => Err(FileError::Empty),
        }
    }
}

/// A header row has mostly text cells that are neither numbers nor dates.
fn looks_like_header(r: &RawRecord) -> bool {
    let cells: Vec<&str> = r.iter().map(str::trim).filter(|c| !c.is_empty()).collect();
    if cells.len() < 2 {
        return false;
    }
    let texty = cells
        .iter()
        .filter(|c| super::time::parse_number(c, false).is_none() && super::time::parse_written(c).is_none())
        .count();
    texty * 2 > cells.len()
}

/// A column of plain numbers written `12,5` (comma then one, two or four+ digits) means the
/// file uses decimal commas.
fn decimal_comma_evidence(rows: &[RawRecord]) -> bool {
    let mut comma = 0;
    let mut dot = 0;
    for r in rows.iter().take(500) {
        for f in r.iter() {
            let f = f.trim();
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.' || b == b'-') {
                continue;
            }
            if let Some(p) = f.find(',') {
                let after = f.len() - p - 1;
                if !f.contains('.') && f.matches(',').count() == 1 && after != 3 && after > 0 {
                    comma += 1;
                }
            } else if let Some(p) = f.find('.') {
                let after = f.len() - p - 1;
                if f.matches('.').count() == 1 && after != 3 && after > 0 {
                    dot += 1;
                }
            }
        }
    }
    comma > dot
}

impl Ingester {
    /// A parser for the file `name`.
    pub fn new(name: &str, opts: IngestOptions) -> Ingester {
        Ingester { name: name.to_string(), opts, bytes: 0, state: State::Head(Vec::new()), size_hint: None }
    }

    /// Tells the parser the size of the whole file (the caller knows it before reading): room
    /// for its records, or its bytes when it must be read whole, is then made once.
    pub fn set_size_hint(&mut self, bytes: u64) {
        self.size_hint = Some(bytes);
    }

    /// Sets the heartbeat of what [`Ingester::finish`] reads: a document read whole (JSON, a
    /// workbook, a zip), all of it in that call. Given after the last chunk, so that a text
    /// file read in chunks is reported by its caller between them, as before.
    pub fn set_heartbeat(&mut self, heartbeat: Heartbeat) {
        self.opts.heartbeat = Some(heartbeat);
    }

    /// Data rows read so far (for progress).
    pub fn rows(&self) -> u64 {
        match &self.state {
            State::Text(t) => t.table.rows(),
            _ => 0,
        }
    }

    /// Feeds the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        match &mut self.state {
            State::Failed(_) => {}
            State::Head(buf) => {
                buf.extend_from_slice(chunk);
                if buf.len() >= HEAD_BYTES {
                    let head = std::mem::take(buf);
                    self.decide(head);
                }
            }
            State::Text(t) => t.feed(chunk, false),
            State::Whole(buf) => {
                if buf.len() + chunk.len() > MAX_WHOLE_BYTES {
                    self.state = State::Failed(FileError::Limit {
                        what: "size of a zip, spreadsheet or JSON file".into(),
                        limit: MAX_WHOLE_BYTES as u64,
                        position: None,
                    });
                } else {
                    buf.extend_from_slice(chunk);
                }
            }
        }
    }

    fn decide(&mut self, head: Vec<u8>) {
        match sniff_container(&head) {
            Container::Text => {
                let encoding = detect_encoding(&head);
                let mut decoder = Decoder::new(encoding);
                let sample = decoder.decode(&head[..head.len().min(HEAD_BYTES)], false).to_vec();
                let delimiter = sniff_delimiter(&sample);
                let mut table = TableState::new(&self.name, self.opts.clone(), None);
                table.summary.encoding = Some(encoding.label().to_string());
                table.summary.delimiter = Some(delimiter_label(delimiter));
                table.summary.decimal_comma = delimiter == b';';
                table.try_headerless = true;
                if encoding == TextEncoding::Utf8 {
                    table.size_hint = self.size_hint;
                }
                let mut t = TextState {
                    decoder: Decoder::new(encoding),
                    tokenizer: Tokenizer::new(delimiter, self.opts.limits),
                    table,
                };
                t.feed(&head, false);
                self.state = State::Text(Box::new(t));
            }
            Container::Binary(what) => self.state = State::Failed(FileError::NotATable { looks_like: what.into() }),
            Container::Whole => {
                let mut buf = head;
                if let Some(total) = self.size_hint.filter(|t| *t as usize <= MAX_WHOLE_BYTES) {
                    buf.reserve_exact((total as usize).saturating_sub(buf.len()));
                }
                self.state = State::Whole(buf)
            }
        }
    }

    /// Ends the file and returns everything read.
    pub fn finish(mut self) -> Result<Ingested, FileError> {
        if let State::Head(buf) = &mut self.state {
            let head = std::mem::take(buf);
            if head.iter().all(|b| b.is_ascii_whitespace()) {
                return Err(FileError::Empty);
            }
            self.decide(head);
        }
        let bytes = self.bytes;
        let part = |mut p: IngestedPart| {
            p.summary.bytes = bytes;
            Ingested { parts: vec![p] }
        };
        match self.state {
            State::Failed(e) => Err(e),
            State::Head(_) => Err(FileError::Empty),
            State::Text(mut t) => {
                t.feed(&[], true);
                t.table.finish().map(part)
            }
            State::Whole(buf) => read_whole(&self.name, &buf, &self.opts, 0),
        }
    }
}

impl TextState {
    fn feed(&mut self, chunk: &[u8], last: bool) {
        let TextState { decoder, tokenizer, table, .. } = self;
        let utf8 = decoder.decode(chunk, last);
        let mut emit = |r: &RawRecord| table.push(r);
        tokenizer.feed(utf8, &mut emit);
        if last {
            tokenizer.finish(&mut emit);
        }
    }
}

fn delimiter_label(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        other => (other as char).to_string(),
    }
}

enum Container {
    Text,
    Whole,
    Binary(&'static str),
}

fn sniff_container(head: &[u8]) -> Container {
    let trimmed = {
        let mut h = head;
        if h.starts_with(&[0xEF, 0xBB, 0xBF]) {
            h = &h[3..];
        }
        let skip = h.iter().take_while(|b| b.is_ascii_whitespace()).count();
        &h[skip..]
    };
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Container::Whole;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Container::Whole; // legacy .xls (OLE compound file)
    }
    if trimmed.starts_with(b"[") || trimmed.starts_with(b"{") {
        return Container::Whole;
    }
    if head.starts_with(b"\x89PNG") {
        return Container::Binary("a PNG image");
    }
    if head.starts_with(b"%PDF") {
        return Container::Binary("a PDF document");
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Container::Binary("a JPEG image");
    }
    if head.starts_with(b"GIF8") {
        return Container::Binary("a GIF image");
    }
    if head.starts_with(&[0x1F, 0x8B]) {
        return Container::Binary("a gzip archive (unpack it first)");
    }
    // Binary garbage: many control bytes that are not UTF-16 zero bytes.
    let sample = &head[..head.len().min(4096)];
    let enc = detect_encoding(sample);
    if matches!(enc, TextEncoding::Utf8 | TextEncoding::Windows1252) {
        let control = sample.iter().filter(|b| **b < 0x09 || (**b > 0x0D && **b < 0x20 && **b != 0x1B)).count();
        if control * 10 > sample.len() && sample.len() >= 16 {
            return Container::Binary("binary data");
        }
    }
    Container::Text
}

/// Reads a whole document: zip (xlsx, ods or a zip of exports), legacy xls, or JSON.
fn read_whole(name: &str, buf: &[u8], opts: &IngestOptions, depth: u32) -> Result<Ingested, FileError> {
    let bytes = buf.len() as u64;
    let lower = name.to_lowercase();
    let trimmed_start = buf.iter().position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    let first = trimmed_start.map(|i| buf[i]);
    let mut out = if buf.starts_with(b"PK") {
        if sheet::is_spreadsheet_zip(buf) {
            sheet::read_spreadsheet(name, buf, opts)?
        } else {
            read_zip(name, buf, opts, depth)?
        }
    } else if buf.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || lower.ends_with(".xls") {
        sheet::read_spreadsheet(name, buf, opts)?
    } else if matches!(first, Some(b'[') | Some(b'{')) {
        json::read_json(name, buf, opts)?
    } else {
        return Err(FileError::NotATable { looks_like: "an unknown binary file".into() });
    };
    for p in &mut out.parts {
        if p.summary.bytes == 0 {
            p.summary.bytes = bytes;
        }
    }
    Ok(out)
}

/// Largest total uncompressed size of a zip's members.
pub const MAX_ZIP_EXPANDED: u64 = 2 << 30;

fn read_zip(name: &str, buf: &[u8], opts: &IngestOptions, depth: u32) -> Result<Ingested, FileError> {
    if depth > 1 {
        return Err(FileError::Limit { what: "zip nesting depth".into(), limit: 1, position: None });
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(buf))
        .map_err(|e| FileError::Malformed { message: format!("not a readable zip archive: {e}"), position: None })?;
    let mut expanded: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(f) = archive.by_index_raw(i) {
            expanded = expanded.saturating_add(f.size());
        }
    }
    if expanded > MAX_ZIP_EXPANDED {
        return Err(FileError::Limit { what: "expanded size of the zip".into(), limit: MAX_ZIP_EXPANDED, position: None });
    }
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let (member, data) = {
            let mut f = archive
                .by_index(i)
                .map_err(|e| FileError::Malformed { message: format!("zip member {i}: {e}"), position: None })?;
            if f.is_dir() {
                continue;
            }
            let member = f.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("member {i}"));
            let base = member.rsplit(['/', '\\']).next().unwrap_or(&member).to_string();
            if member.starts_with("__MACOSX") || base.starts_with('.') || base.is_empty() {
                continue;
            }
            let mut data = Vec::new();
            use std::io::Read;
            let limit = MAX_WHOLE_BYTES as u64;
            // Inflate no further than the header declares (a zip bomb lies about it) nor than
            // the limits: stop at the first byte too many, never after inflating everything.
            let declared = f.size();
            let read = (&mut f).take(declared.min(limit).saturating_add(1)).read_to_end(&mut data);
            let lie = || FileError::Malformed { message: format!("the member expands to more than the {declared} bytes its header declares"), position: None };
            // The zip reader checks the declared size too (the same lie, caught there).
            if read.as_ref().is_err_and(|e| e.to_string().contains("declared uncompressed size")) {
                parts.push(failed_part(&format!("{name}/{member}"), lie()));
                continue;
            }
            if let Err(e) = read {
                parts.push(failed_part(&format!("{name}/{member}"), FileError::Malformed { message: e.to_string(), position: None }));
                continue;
            }
            let got = data.len() as u64;
            if got > limit {
                parts.push(failed_part(
                    &format!("{name}/{member}"),
                    FileError::Limit { what: "expanded size of a zip member".into(), limit, position: None },
                ));
                continue;
            }
            if got > declared {
                parts.push(failed_part(&format!("{name}/{member}"), lie()));
                continue;
            }
            (member, data)
        };
        // Member names are only labels: nothing is ever written to disk, so `../` is harmless.
        let label = format!("{name}/{member}");
        let result = if data.starts_with(b"PK") && !sheet::is_spreadsheet_zip(&data) {
            read_zip(&label, &data, opts, depth + 1)
        } else {
            let mut ing = Ingester::new(&label, opts.clone());
            for c in data.chunks(1 << 20) {
                ing.feed(c);
            }
            ing.finish()
        };
        match result {
            Ok(mut ing) => parts.append(&mut ing.parts),
            Err(e) => parts.push(failed_part(&label, e)),
        }
    }
    if parts.is_empty() {
        return Err(FileError::Malformed { message: "the zip archive holds no files".into(), position: None });
    }
    Ok(Ingested { parts })
}

/// A part that could not be read at all (its summary carries the error).
pub fn failed_part(name: &str, e: FileError) -> IngestedPart {
    IngestedPart { summary: FileSummary { file: name.to_string(), error: Some(e), ..Default::default() }, ..Default::default() }
}

/// Reads a whole file held in memory (tests, the native command and small inputs).
pub fn ingest_bytes(name: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Ingested, FileError> {
    let mut ing = Ingester::new(name, opts.clone());
    for c in bytes.chunks(1 << 20) {
        ing.feed(c);
    }
    ing.finish()
}
