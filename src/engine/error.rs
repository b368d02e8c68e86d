//! Positions, per-row problems and whole-file errors.
//!
//! Ingestion never fails on a bad row: the row is listed as a [`Diagnostic`] with its
//! [`Position`] and a structured [`Problem`], and the file goes on. Only whole-file problems
//! (not a table at all, over a size limit) are a [`FileError`]. The engine keeps problems
//! structured; the UI renders them in the user's language, `Display` gives the English text.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where something is in an input file. Bases are stated: `line` is 1-based, `record` 0-based.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line in the file (for JSON arrays: 1-based element number).
    pub line: u64,
    /// 0-based data record (header excluded).
    pub record: u64,
    /// Byte offset of the record's start, where known.
    pub byte: Option<u64>,
    /// Sheet name for spreadsheets.
    pub sheet: Option<String>,
    /// Column header, where the problem is in one column.
    pub column: Option<String>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "sheet `{sheet}`, ")?;
        }
        write!(f, "line {}", self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column `{c}`")?;
        }
        Ok(())
    }
}

/// What is wrong with one row or value. Values are kept so the message can quote them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// A required field is blank.
    Missing {
        /// Canonical field name.
        field: String,
    },
    /// Not a date/time in any format this column uses.
    InvalidTimestamp {
        /// The raw text.
        value: String,
    },
    /// A day-first and a month-first date in the same column.
    ConflictingDateOrder {
        /// The raw text.
        value: String,
        /// The order the column was read in ("dd/mm" or "mm/dd").
        order: String,
    },
    /// Not a number.
    InvalidNumber {
        /// The raw text.
        value: String,
    },
    /// Not a duration.
    InvalidDuration {
        /// The raw text.
        value: String,
    },
    /// A negative duration.
    NegativeDuration {
        /// The raw text.
        value: String,
    },
    /// A response (or resolution) timestamped before the contact was created: the contact
    /// counts, this duration is left out.
    BeforeCreation {
        /// Canonical field name (`first_response`, `resolved`).
        field: String,
        /// Seconds before creation.
        seconds: i64,
    },
    /// An id Excel turned into E-notation (`1.03006E+13`): digits are lost.
    IdInENotation {
        /// The raw text.
        value: String,
    },
    /// More fields than the header.
    ExtraFields {
        /// Fields in the row.
        found: u64,
        /// Fields in the header.
        expected: u64,
    },
    /// A row with fewer fields than the header whose values no longer fit their columns: a cell
    /// went missing in the middle and everything after it moved left, so no value can be trusted.
    ShiftedFields {
        /// Fields in the row.
        found: u64,
        /// Fields in the header.
        expected: u64,
        /// The first value that does not fit its column.
        value: String,
    },
    /// One row stands for more records than a file may produce (an aggregate export).
    TooManyRecords {
        /// Records the row asks for.
        count: u64,
        /// The limit.
        limit: u64,
    },
    /// Not valid JSON (one line of an NDJSON file).
    InvalidJson {
        /// The parser's message.
        message: String,
    },
    /// Not valid UTF-8; the field was read as Windows-1252.
    DecodedAsWindows1252 {
        /// The decoded text.
        value: String,
    },
    /// A line that is not a record of this format.
    Unrecognised {
        /// The start of the raw line.
        value: String,
    },
    /// A value over a size limit.
    TooLong {
        /// What was too long ("field", "line").
        what: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A record with more fields than the limit.
    TooManyFields {
        /// The limit.
        limit: u64,
    },
    /// A quote opened in this record is never closed: every line after it, to the end of
    /// the file, was read into this one record.
    UnclosedQuote {
        /// The last line of the file.
        last_line: u64,
    },
    /// A local time skipped by a DST change, moved forward.
    DstGap {
        /// The raw text.
        value: String,
    },
    /// A local time repeated by a DST change; the earlier instant was taken.
    DstFold {
        /// The raw text.
        value: String,
    },
    /// The same id appeared again; the newest version was kept.
    Duplicate {
        /// The id.
        id: String,
        /// File of the version kept.
        kept_file: String,
        /// Line of the version kept.
        kept_line: u64,
    },
    /// Free-form, for format-specific problems.
    Other {
        /// English text.
        message: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing { field } => write!(f, "required field `{field}` is blank"),
            Problem::InvalidTimestamp { value } => write!(f, "`{value}` is not a date"),
            Problem::ConflictingDateOrder { value, order } => {
                write!(f, "`{value}` does not fit the column's {order} date order")
            }
            Problem::InvalidNumber { value } => write!(f, "`{value}` is not a number"),
            Problem::InvalidDuration { value } => write!(f, "`{value}` is not a duration"),
            Problem::NegativeDuration { value } => write!(f, "`{value}` is a negative duration"),
            Problem::BeforeCreation { field, seconds } => write!(
                f,
                "`{field}` is {seconds} s before the contact was created; the contact counts, this time is left out"
            ),
            Problem::IdInENotation { value } => write!(
                f,
                "id `{value}` was turned into E-notation by a spreadsheet and its digits are lost"
            ),
            Problem::ExtraFields { found, expected } => {
                write!(f, "{found} fields where the header has {expected}")
            }
            Problem::ShiftedFields { found, expected, value } => write!(
                f,
                "{found} fields where the header has {expected}, and `{value}` does not fit this column: the row's values have shifted"
            ),
            Problem::TooManyRecords { count, limit } => {
                write!(f, "the row stands for {count} records, more than the limit of {limit}")
            }
            Problem::InvalidJson { message } => write!(f, "not valid JSON: {message}"),
            Problem::DecodedAsWindows1252 { value } => {
                write!(f, "`{value}` was not UTF-8 and was read as Windows-1252")
            }
            Problem::Unrecognised { value } => write!(f, "`{value}` is not a record of this format"),
            Problem::TooLong { what, limit } => write!(f, "{what} longer than {limit} bytes"),
            Problem::TooManyFields { limit } => write!(f, "record with more than {limit} fields"),
            Problem::UnclosedQuote { last_line } => write!(
                f,
                "a quote opened in this record is never closed, so every line to the end of the file (line {last_line}) was read into it"
            ),
            Problem::DstGap { value } => write!(
                f,
                "`{value}` does not exist in the file's time zone (clocks went forward); moved forward"
            ),
            Problem::DstFold { value } => write!(
                f,
                "`{value}` happened twice in the file's time zone (clocks went back); the earlier was taken"
            ),
            Problem::Duplicate { id, kept_file, kept_line } => write!(
                f,
                "id `{id}` appears again; the newest version ({kept_file} line {kept_line}) is used"
            ),
            Problem::Other { message } => f.write_str(message),
        }
    }
}

/// Longest value a [`Problem`] quotes, in characters: enough to recognise it, and a hostile
/// file's 4 MB fields cannot turn 100,000 diagnostics into gigabytes.
pub const MAX_QUOTED_CHARS: usize = 200;

impl Problem {
    /// Cuts the quoted value (if any) to [`MAX_QUOTED_CHARS`] characters, marked with `…`.
    pub fn shorten(&mut self) {
        let value = match self {
            Problem::InvalidTimestamp { value }
            | Problem::ConflictingDateOrder { value, .. }
            | Problem::InvalidNumber { value }
            | Problem::InvalidDuration { value }
            | Problem::NegativeDuration { value }
            | Problem::IdInENotation { value }
            | Problem::ShiftedFields { value, .. }
            | Problem::DecodedAsWindows1252 { value }
            | Problem::Unrecognised { value }
            | Problem::DstGap { value }
            | Problem::DstFold { value }
            | Problem::Duplicate { id: value, .. }
            | Problem::InvalidJson { message: value }
            | Problem::Other { message: value } => value,
            _ => return,
        };
        if let Some((cut, _)) = value.char_indices().nth(MAX_QUOTED_CHARS) {
            value.truncate(cut);
            value.push('…');
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row was not used.
    Rejected,
    /// The row was used; one value was left out or adjusted.
    Warning,
}

/// A problem at a position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Rejected or warning.
    pub severity: Severity,
    /// Where.
    pub position: Position,
    /// What.
    pub problem: Problem,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position, self.problem)
    }
}

/// A problem with a whole file: nothing in it could be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FileError {
    /// No bytes.
    Empty,
    /// Only a header, no data rows.
    HeaderOnly,
    /// Not a table, JSON or spreadsheet this engine reads.
    NotATable {
        /// What it looks like (e.g. "a PNG image").
        looks_like: String,
    },
    /// No column could be mapped onto the canonical fields.
    Unmapped {
        /// The header found.
        header: Vec<String>,
        /// The fields that are required and missing.
        missing: Vec<String>,
        /// The first data rows, so the mapping editor can show them.
        #[serde(default)]
        preview: Vec<Vec<String>>,
        /// The best guess so far (format and columns found), for the user to complete.
        #[serde(default)]
        guess: Option<Box<crate::engine::ingest::mapping::Mapping>>,
    },
    /// A size or shape limit was hit.
    Limit {
        /// Which limit.
        what: String,
        /// Its value.
        limit: u64,
        /// Where.
        position: Option<Position>,
    },
    /// The container or document is malformed.
    Malformed {
        /// The parser's message.
        message: String,
        /// Where.
        position: Option<Position>,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Empty => f.write_str("the file is empty"),
            FileError::HeaderOnly => f.write_str("the file has a header but no data rows"),
            FileError::NotATable { looks_like } => {
                write!(f, "the file is not a table this app reads (it looks like {looks_like})")
            }
            FileError::Unmapped { header, missing, .. } => write!(
                f,
                "no column for {} among the header `{}`",
                missing.join(", "),
                header.join(", ")
            ),
            FileError::Limit { what, limit, position } => {
                write!(f, "{what} exceeds the limit of {limit}")?;
                if let Some(p) = position {
                    write!(f, " at {p}")?;
                }
                Ok(())
            }
            FileError::Malformed { message, position } => {
                if let Some(p) = position {
                    write!(f, "{p}: ")?;
                }
                f.write_str(message)
            }
        }
    }
}

impl std::error::Error for FileError {}
