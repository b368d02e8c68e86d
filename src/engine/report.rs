//! `metrics.json` (METRICS.md §5): the parameters in force, what was read from each input,
//! and every metric row. The app's download and the native command write the same document.

use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use super::metrics::{compute_reporting, Ctx, MetricRow, FAMILIES};
use super::params::{Filters, Params};

/// Schema id of the document.
pub const SCHEMA: &str = "deflect.metrics/1";

/// One input file's accounting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputRow {
    /// File name.
    pub file: String,
    /// Recognised format id.
    pub format: String,
    /// Data rows.
    pub rows: u64,
    /// Rows used (rows = used + rejected); includes `excluded` and `duplicates`.
    pub used: u64,
    /// Rows rejected, each with a reason.
    pub rejected: u64,
    /// Used rows that are not demand.
    pub excluded: u64,
    /// Used rows superseded by a newer version of the same record.
    pub duplicates: u64,
    /// Used rows with a value left out.
    pub warnings: u64,
    /// Whole-file error, if the file could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The whole document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Every parameter by name.
    pub parameters: serde_json::Map<String, serde_json::Value>,
    /// Filters in force (omitted when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Filters>,
    /// The as-of time (ISO 8601, UTC).
    pub as_of: String,
    /// Per input file.
    pub inputs: Vec<InputRow>,
    /// Every metric row.
    pub metrics: Vec<MetricRow>,
}

impl Report {
    /// Computes every metric over the dataset.
    pub fn build(ds: &Dataset, params: &Params, filters: &Filters) -> Report {
        Report::build_reporting(ds, params, filters, &mut |_, _| {})
    }

    /// [`Report::build`], calling `starting(i, family)` before each metric with its family
    /// (see [`compute_reporting`]) and again, with the same family, now and then inside long
    /// passes.
    pub fn build_reporting(ds: &Dataset, params: &Params, filters: &Filters, starting: &mut dyn FnMut(usize, &'static str)) -> Report {
        let starting = std::cell::RefCell::new(starting);
        let current = std::cell::Cell::new((0usize, FAMILIES[0]));
        let beat = || {
            let (i, family) = current.get();
            if let Ok(mut call) = starting.try_borrow_mut() {
                call(i, family);
            }
        };
        let ctx = Ctx::new_with_heartbeat(ds, params, filters, &beat);
        let metrics = compute_reporting(&ctx, &mut |i, family| {
            current.set((i, family));
            if let Ok(mut call) = starting.try_borrow_mut() {
                call(i, family);
            }
        });
        Report::assemble(ds, params, filters, ctx.as_of, metrics)
    }

    /// Wraps computed rows with the parameters and inputs.
    pub fn assemble(ds: &Dataset, params: &Params, filters: &Filters, as_of: i64, metrics: Vec<MetricRow>) -> Report {
        let inputs = ds
            .files
            .iter()
            .map(|f| InputRow {
                file: f.file.clone(),
                format: f.format.clone(),
                rows: f.rows,
                used: f.used,
                rejected: f.rejected,
                excluded: f.excluded,
                duplicates: f.duplicates,
                warnings: f.warnings,
                error: f.error.as_ref().map(|e| e.to_string()),
            })
            .collect();
        let as_of = jiff::Timestamp::from_millisecond(as_of).map(|t| t.to_string()).unwrap_or_default();
        Report {
            schema: SCHEMA.to_string(),
            parameters: params.to_json(),
            filters: (!filters.is_empty()).then(|| filters.clone()),
            as_of,
            inputs,
            metrics,
        }
    }

    /// Rows of a metric.
    pub fn rows(&self, id: &str) -> impl Iterator<Item = &MetricRow> {
        let id = id.to_string();
        self.metrics.iter().filter(move |r| r.id == id)
    }

    /// The headline row of a metric.
    pub fn headline(&self, id: &str) -> Option<&MetricRow> {
        self.metrics.iter().find(|r| r.id == id && r.by.is_none())
    }

    /// The breakdown row of a metric for one group.
    pub fn group(&self, id: &str, by: &str, group: &str) -> Option<&MetricRow> {
        self.metrics.iter().find(|r| r.id == id && r.by.as_deref() == Some(by) && r.group.as_deref() == Some(group))
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
