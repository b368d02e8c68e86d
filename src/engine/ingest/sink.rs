//! Where ingested records go: the per-file record store with its exact row accounting.
//!
//! Every data row ends in exactly one of `used` or `rejected` (rows = used + rejected);
//! `excluded` (not demand) is the part of `used` that no metric sees. Warnings do not change
//! the accounting: the row is used and one value was left out or adjusted.

use crate::engine::error::{Diagnostic, Position, Problem, Severity};
use crate::engine::intern::{Interner, Sym};
use crate::engine::record::{Channel, Contact, Lookup, Session, Stage, Survey};

/// Detailed diagnostics kept per file; counts stay exact beyond it.
pub const MAX_DIAGNOSTICS: usize = 100_000;

/// Records and accounting of one file (or one member of a zip).
#[derive(Clone, Debug, Default)]
pub struct Sink {
    /// File index written into records.
    pub file: u16,
    /// Strings of this file's records.
    pub strings: Interner,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// Self-service sessions.
    pub sessions: Vec<Session>,
    /// CSAT responses.
    pub surveys: Vec<Survey>,
    /// Lookup entries (id → name).
    pub lookups: Vec<Lookup>,
    /// Problems, up to [`MAX_DIAGNOSTICS`].
    pub diagnostics: Vec<Diagnostic>,
    /// Data rows seen.
    pub rows: u64,
    /// Rows turned into records (including excluded ones).
    pub used: u64,
    /// Rows not used.
    pub rejected: u64,
    /// Used rows that are not demand.
    pub excluded: u64,
    /// Warnings (rows used with a value left out).
    pub warnings: u64,
    /// Used rows superseded by a newer version of the same record in this file (Amazon
    /// Connect delivers a record at least once).
    pub duplicates: u64,
    /// Used rows that describe state rather than a record (agent log-ins, queue starts).
    pub no_record: u64,
    /// Local times skipped by DST, moved forward.
    pub dst_gaps: u64,
    /// Local times repeated by DST, earlier taken.
    pub dst_folds: u64,
    /// Diagnostics not kept in detail.
    pub diagnostics_dropped: u64,
}

impl Sink {
    /// An empty sink for file `file`.
    pub fn new(file: u16) -> Sink {
        Sink { file, ..Default::default() }
    }

    /// Records a diagnostic (counts are kept by the caller's accounting).
    pub fn diagnose(&mut self, severity: Severity, position: Position, mut problem: Problem) {
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            problem.shorten();
            self.diagnostics.push(Diagnostic { severity, position, problem });
        } else {
            self.diagnostics_dropped += 1;
        }
    }

    /// Counts a data row as rejected with its reason.
    pub fn reject(&mut self, position: Position, problem: Problem) {
        self.rows += 1;
        self.rejected += 1;
        self.diagnose(Severity::Rejected, position, problem);
    }

    /// Records a warning on a used row.
    pub fn warn(&mut self, position: Position, problem: Problem) {
        self.warnings += 1;
        self.diagnose(Severity::Warning, position, problem);
    }

    /// Adds a contact from one data row, after completing implied fields.
    pub fn push_contact(&mut self, mut c: Contact) {
        complete_contact(&mut c);
        self.rows += 1;
        self.used += 1;
        if c.not_demand {
            self.excluded += 1;
        }
        self.contacts.push(c);
    }

    /// Adds a contact built from several rows (`rows` of them, all used).
    pub fn push_contact_from_rows(&mut self, mut c: Contact, rows: u64) {
        complete_contact(&mut c);
        self.rows += rows;
        self.used += rows;
        if c.not_demand {
            self.excluded += rows;
        }
        self.contacts.push(c);
    }

    /// Adds a contact without counting rows: for a row that yields several records, whose
    /// accounting is done once with [`Sink::count_used`].
    pub fn add_contact(&mut self, mut c: Contact) {
        complete_contact(&mut c);
        self.contacts.push(c);
    }

    /// Adds a session without counting rows (see [`Sink::add_contact`]).
    pub fn add_session(&mut self, s: Session) {
        self.sessions.push(s);
    }

    /// Counts `rows` data rows as used; `excluded` when what they became is not demand.
    pub fn count_used(&mut self, rows: u64, excluded: bool) {
        self.rows += rows;
        self.used += rows;
        if excluded {
            self.excluded += rows;
        }
    }

    /// Counts a used row that describes state, not a record (an agent logging in).
    pub fn push_state_row(&mut self) {
        self.rows += 1;
        self.used += 1;
        self.no_record += 1;
    }

    /// Adds a lookup entry from one data row.
    pub fn push_lookup(&mut self, l: Lookup) {
        self.rows += 1;
        self.used += 1;
        self.lookups.push(l);
    }

    /// Adds a session from one data row.
    pub fn push_session(&mut self, s: Session) {
        self.rows += 1;
        self.used += 1;
        if s.not_demand {
            self.excluded += 1;
        }
        self.sessions.push(s);
    }

    /// Adds a session built from several rows.
    pub fn push_session_from_rows(&mut self, s: Session, rows: u64) {
        self.rows += rows;
        self.used += rows;
        if s.not_demand {
            self.excluded += rows;
        }
        self.sessions.push(s);
    }

    /// Adds a survey response from one data row.
    pub fn push_survey(&mut self, s: Survey) {
        self.rows += 1;
        self.used += 1;
        self.surveys.push(s);
    }

    /// Counts a used row that is not demand and yields no record (e.g. an "Offered" survey).
    pub fn push_excluded_row(&mut self) {
        self.rows += 1;
        self.used += 1;
        self.excluded += 1;
    }

    /// Interns a trimmed value into this file's strings.
    pub fn intern(&mut self, s: &str) -> Sym {
        self.strings.intern(s.trim())
    }
}

/// Fills fields implied by others, the same for every format (METRICS.md §4a):
/// - a call or chat with `answered = false` and no abandon flag was abandoned;
/// - an abandoned contact (not on hold) was not answered;
/// - a call or chat answered without a first-response time got one at `created + queue wait`;
/// - an abandon without its own wait uses the queue wait for queue, ringing and unknown stages;
/// - outbound contacts are not demand.
pub fn complete_contact(c: &mut Contact) {
    let live = matches!(c.channel, Channel::Phone | Channel::Chat);
    if live && c.answered == Some(false) && c.abandoned.is_none() {
        c.abandoned = Some(true);
    }
    if c.abandoned == Some(true) && c.answered.is_none() && c.abandon_stage != Some(Stage::Hold) {
        c.answered = Some(false);
    }
    if c.abandoned == Some(true) && c.abandon_stage.is_none() {
        c.abandon_stage = Some(Stage::Unknown);
    }
    if live && c.answered.is_none() && c.first_response.is_some() && c.abandoned != Some(true) {
        c.answered = Some(true);
    }
    if live && c.answered == Some(true) && c.first_response.is_none() {
        if let Some(w) = c.queue_wait.get() {
            c.first_response = Some(c.created + w).into();
        }
    }
    if c.abandoned == Some(true) && c.abandon_wait.is_none() {
        if let Some(Stage::Queue | Stage::Ringing | Stage::Unknown) = c.abandon_stage {
            c.abandon_wait = c.queue_wait;
        }
    }
    if c.direction == Some(crate::engine::record::Direction::Outbound) {
        c.not_demand = true;
    }
}
