//! The native integration tests: one binary (fast to link), one module per area.
//! `check`-style helpers read fixtures from `tests/fixtures/` (each listed in its README).

mod foundation;
mod ingest;
mod metrics;
mod hostile;
mod tidy;

use std::path::PathBuf;

use deflect::engine::dataset::Dataset;
use deflect::engine::ingest::{ingest_bytes, IngestOptions, Ingested};
use deflect::engine::params::{Filters, Params};
use deflect::engine::report::Report;
use deflect::engine::time::Zone;

/// Path of a fixture.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Reads a fixture in zone `tz`.
pub fn read_fixture(name: &str, tz: &str) -> Ingested {
    let bytes = std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    let zone = Zone::get(tz).expect("zone");
    ingest_bytes(name, &bytes, &IngestOptions::new(zone)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Report over text files given inline: (name, contents).
pub fn report_of(files: &[(&str, &str)], params: &Params) -> Report {
    let opts = IngestOptions::new(params.zone.clone());
    let mut parts = Vec::new();
    for (name, text) in files {
        let ing = ingest_bytes(name, text.as_bytes(), &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        parts.extend(ing.parts);
    }
    let ds = Dataset::from_parts(parts);
    Report::build(&ds, params, &Filters::default())
}
