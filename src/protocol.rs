//! Messages between the UI thread and the engine (a Web Worker, or the main thread in the
//! single-file build). Pure and serialisable: the UI and the worker exchange them as JSON text,
//! with the dropped `File` objects passed alongside (they are structured-cloned, never copied
//! into JSON). Every request carries a job id; answers to an old job are ignored.

use serde::{Deserialize, Serialize};

use crate::engine::dataset::Dataset;
use crate::engine::error::Diagnostic;
use crate::engine::ingest::FileSummary;
use crate::engine::params::{Filters, Params};
use crate::engine::report::Report;
use crate::engine::time::DateOrder;

/// Protocol version, checked by both sides.
pub const VERSION: u32 = 1;

/// Per-file reading choices the user made.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileChoice {
    /// Time zone of timestamps without an offset (None: the report zone).
    pub time_zone: Option<String>,
    /// Day/month order for ambiguous date columns.
    pub date_order: Option<DateOrder>,
    /// Sheet of a workbook.
    pub sheet: Option<String>,
    /// A confirmed mapping.
    pub mapping: Option<crate::engine::ingest::mapping::Mapping>,
}

/// Everything that changes the numbers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Report parameters by name (see `Params::to_json`).
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Dashboard filters.
    pub filters: Filters,
}

impl Settings {
    /// Parameters with these settings applied over the defaults of `zone`.
    pub fn params(&self) -> Result<Params, String> {
        let mut p = Params::default();
        p.apply_json(&self.params).map_err(|e| e.0)?;
        Ok(p)
    }
}

/// UI → engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Read files (sent with the `File` objects in the same order) and compute.
    Load {
        /// Job id.
        job: u64,
        /// File names, in the order of the attached files.
        names: Vec<String>,
        /// Per-file choices, same order.
        choices: Vec<FileChoice>,
        /// Include the built-in sample.
        sample: bool,
        /// Mappings the user confirmed earlier, by header signature.
        #[serde(default)]
        remembered: std::collections::BTreeMap<String, crate::engine::ingest::mapping::Mapping>,
        /// Settings.
        settings: Settings,
    },
    /// Recompute over the loaded records with new settings (no re-reading).
    Recompute {
        /// Job id.
        job: u64,
        /// Settings.
        settings: Settings,
    },
    /// Records behind a number.
    Drill {
        /// Job id.
        job: u64,
        /// Metric id.
        metric: String,
        /// Breakdown dimension.
        by: Option<String>,
        /// Breakdown group.
        group: Option<String>,
        /// Settings in force.
        settings: Settings,
    },
    /// Stop the running job.
    Cancel {
        /// Job id.
        job: u64,
    },
    /// Panic on purpose. Only the page's `?crash-test` switch sends it, so that the end-to-end
    /// tests can prove a crashed engine is restarted and the page goes on.
    CrashForTest,
}

/// Engine → UI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    /// The engine is ready.
    Ready {
        /// Protocol version.
        version: u32,
    },
    /// Progress of a load.
    Progress {
        /// Job id.
        job: u64,
        /// File being read.
        file: String,
        /// Bytes read of that file.
        bytes_read: u64,
        /// Size of that file.
        bytes_total: u64,
        /// Rows read so far in that file.
        rows: u64,
        /// Set once the files are read: the step being computed (`merge`, or a metric family
        /// id), with `step` of `steps`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stage: Option<String>,
        /// Steps done.
        #[serde(default)]
        step: u32,
        /// Steps in all.
        #[serde(default)]
        steps: u32,
        /// Milliseconds since merging or computing began, or since the last byte of a
        /// document read whole (JSON, a workbook) while it is read: a long step still shows it
        /// is alive (0 while a file's bytes are read, where bytes and rows move).
        #[serde(default)]
        elapsed_ms: u64,
    },
    /// Finished analysis.
    Done {
        /// Job id.
        job: u64,
        /// The result.
        analysis: Box<Analysis>,
    },
    /// Records behind a number.
    Records {
        /// Job id.
        job: u64,
        /// Column names.
        columns: Vec<String>,
        /// Rows (up to the cap).
        rows: Vec<Vec<String>>,
        /// Total number of records behind the number.
        total: u64,
        /// The full list as CSV (formula-leading cells neutralised).
        csv: String,
    },
    /// The job failed as a whole.
    Failed {
        /// Job id.
        job: u64,
        /// What happened.
        message: String,
    },
    /// The engine panicked (its panic hook sends this just before the wasm instance traps):
    /// the text of the panic, so the page can say what happened rather than "unreachable".
    Panicked {
        /// The panic message and where it happened.
        message: String,
    },
}

/// Diagnostics shown per file in the UI (the rest are counted).
pub const DIAGNOSTICS_SHOWN: usize = 500;

/// What the UI shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The `metrics.json` document.
    pub report: Report,
    /// What was read from each file.
    pub files: Vec<FileSummary>,
    /// The first diagnostics of each file (same order as `files`).
    pub diagnostics: Vec<Vec<Diagnostic>>,
    /// Values for the filter menus.
    pub options: FilterOptions,
    /// Headline rows of the previous period of equal length (when a period is chosen).
    pub previous: Vec<crate::engine::metrics::MetricRow>,
    /// The previous period's first and last day.
    pub previous_period: Option<(String, String)>,
    /// Milliseconds spent computing (for the status line).
    pub compute_ms: f64,
}

pub use crate::engine::dataset::FilterOptions;

impl Analysis {
    /// Computes the analysis of a dataset, and the previous period's headlines when a period
    /// with both ends is chosen (same length, ending the day before it starts).
    pub fn of(ds: &Dataset, params: &Params, filters: &Filters, compute_ms: f64) -> Analysis {
        Analysis::of_reporting(ds, params, filters, compute_ms, &mut |_, _, _| {})
    }

    /// [`Analysis::of`], calling `step(done, steps, family)` before each metric family (of the
    /// previous period too, when there is one).
    pub fn of_reporting(ds: &Dataset, params: &Params, filters: &Filters, compute_ms: f64, step: &mut dyn FnMut(u32, u32, &'static str)) -> Analysis {
        let per = crate::engine::metrics::FAMILIES.len() as u32;
        let with_previous = params.period_start.is_some() && params.period_end.is_some();
        let steps = if with_previous { 2 * per } else { per };
        // The previous period's headlines are computed first.
        let offset = if with_previous { per } else { 0 };
        let mut previous = Vec::new();
        let mut previous_period = None;
        if let (Some(start), Some(end)) = (params.period_start, params.period_end) {
            let days = (end - start).get_days() as i64 + 1;
            let prev_end = start.checked_sub(jiff::Span::new().days(1)).ok();
            let prev_start = start.checked_sub(jiff::Span::new().days(days)).ok();
            if let (Some(ps), Some(pe)) = (prev_start, prev_end) {
                let mut p = params.clone();
                p.period_start = Some(ps);
                p.period_end = Some(pe);
                previous = Report::build_reporting(ds, &p, filters, &mut |i, f| step(i as u32, steps, f))
                    .metrics
                    .into_iter()
                    .filter(|r| r.by.is_none())
                    .collect();
                previous_period = Some((crate::engine::time::date_label(ps), crate::engine::time::date_label(pe)));
            }
        }
        let report = Report::build_reporting(ds, params, filters, &mut |i, f| step(offset + i as u32, steps, f));
        // The filter choices (a pass over the contacts the first time) as the last family's end.
        let last = crate::engine::metrics::FAMILIES[per as usize - 1];
        let step = std::cell::RefCell::new(step);
        let beat = || {
            if let Ok(mut step) = step.try_borrow_mut() {
                step(steps - 1, steps, last);
            }
        };
        Analysis {
            previous,
            previous_period,
            report,
            files: ds.files.clone(),
            diagnostics: ds.diagnostics.iter().map(|d| d.iter().take(DIAGNOSTICS_SHOWN).cloned().collect()).collect(),
            options: FilterOptions::of_beating(ds, params, &beat),
            compute_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FilterOptions;
    use crate::engine::dataset::Dataset;
    use crate::engine::ingest::{IngestOptions, Ingester};
    use crate::engine::params::Params;
    use std::collections::BTreeSet;

    #[test]
    fn filter_options_are_the_sorted_distinct_values_of_demand_contacts() {
        let params = Params::default();
        let mut parts = Vec::new();
        for (name, text) in crate::engine::sample::sample_files() {
            let mut ing = Ingester::new(&name, IngestOptions::new(params.zone.clone()));
            ing.feed(text.as_bytes());
            parts.extend(ing.finish().expect("the sample reads").parts);
        }
        let ds = Dataset::from_parts(parts);
        let o = FilterOptions::of(&ds, &params);
        // The reference: every demand contact's values as text in ordered sets.
        let demand = || ds.contacts.iter().filter(|c| !c.not_demand);
        let text = |f: fn(&crate::engine::record::Contact) -> crate::engine::intern::Sym| -> Vec<String> {
            demand().map(f).filter(|s| !s.is_none()).map(|s| ds.strings.get(s).to_string()).collect::<BTreeSet<_>>().into_iter().collect()
        };
        let channels: Vec<String> = demand().map(|c| c.channel.label().to_string()).collect::<BTreeSet<_>>().into_iter().collect();
        assert_eq!(o.channels, channels);
        assert_eq!(o.teams, text(|c| c.team));
        assert_eq!(o.agents, text(|c| c.agent));
        assert_eq!(o.issue_types, text(|c| c.issue_type));
        assert!(o.channels.len() >= 3 && o.agents.len() >= 3 && !o.teams.is_empty(), "{o:?}");
        // Kept per dataset and zone: asked again, the same; in zones 24 hours apart (UTC+14 and
        // UTC-10, no DST in either) the first and last days are each one day apart.
        assert_eq!(FilterOptions::of(&ds, &params), o);
        let first = ds.contacts.iter().map(|c| c.created).chain(ds.sessions.iter().map(|s| s.started)).min().expect("records");
        for (zone, day) in [("Pacific/Kiritimati", 1), ("Pacific/Honolulu", 0), ("Pacific/Kiritimati", 1)] {
            let zone = crate::engine::time::Zone::get(zone).expect("zone");
            let p = Params::with_zone(zone.clone());
            let expected = crate::engine::time::date_label(zone.local(first).date);
            assert_eq!(FilterOptions::of(&ds, &p).first_day, Some(expected.clone()));
            let honolulu = crate::engine::time::date_label(crate::engine::time::Zone::get("Pacific/Honolulu").expect("zone").local(first).date);
            assert_eq!(expected == honolulu, day == 0);
        }
    }
}
