//! Deflect: private customer-service analytics computed entirely in the browser.
//!
//! Code map (details in `docs/ARCHITECTURE.md`):
//! - [`engine`]: the pure domain engine. Bytes in, numbers out; no I/O, no clock, no web crates.
//!   `engine::ingest` turns export files into canonical records, `engine::metrics` computes the
//!   catalogue of `../shared/METRICS.md`, `engine::report` assembles `metrics.json`.
//! - [`protocol`]: the serde messages between the UI thread and the worker.
//! - `worker` (feature `web`): the Web Worker that runs ingest and metrics off the UI thread.
//! - `ui` (feature `web`): thin Leptos components and pure SVG chart functions.
//! - `src/bin/deflect.rs`: the native command, the same engine on the command line.

pub mod engine;
pub mod protocol;

#[cfg(feature = "web")]
pub mod ui;
#[cfg(feature = "web")]
pub mod worker;
