//! The pure domain engine: canonical records, ingestion, metrics, catalogue and report.
//!
//! Invariants (checked by `tests/engine/tidy.rs`): no web crates, no I/O, no clock, no
//! unseeded randomness. Input is bytes plus options; output is values. The same engine runs
//! in the Web Worker, on the main thread of the single-file build and in the native command.

#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::panic)]

pub mod catalogue;
pub mod dataset;
pub mod drill;
pub mod error;
pub mod export;
pub mod ingest;
pub mod intern;
pub mod metrics;
pub mod params;
pub mod reads;
pub mod record;
pub mod report;
pub mod sample;
pub mod stats;
pub mod time;
