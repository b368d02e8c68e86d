//! Metric tests: hand-worked values for every metric.
