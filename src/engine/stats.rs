//! Aggregates shared by every metric (METRICS.md §3): median, mean, nearest-rank percentiles,
//! half-open duration buckets, and the on-screen rounding of rates.

use serde::{Deserialize, Serialize};

use super::record::{DAY, HOUR};

/// Median, mean and p90 of a set of durations, in seconds, with n.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Median: the middle value, or the mean of the two middle values for even n.
    pub median: f64,
    /// Arithmetic mean.
    pub mean: f64,
    /// 90th percentile by nearest rank: x⌈0.9·n⌉.
    pub p90: f64,
    /// Number of values.
    pub n: u64,
}

/// Summarises durations given in milliseconds; `None` for an empty set (never 0).
///
/// ```
/// use deflect::engine::stats::summarise_ms;
/// // 4 values (s): 10, 20, 30, 100. Median = (20 + 30) / 2 = 25.
/// // Mean = 160 / 4 = 40. p90: rank ⌈0.9·4⌉ = ⌈3.6⌉ = 4 → 100.
/// let s = summarise_ms(&mut vec![30_000, 10_000, 100_000, 20_000]).unwrap();
/// assert_eq!((s.median, s.mean, s.p90, s.n), (25.0, 40.0, 100.0, 4));
/// ```
pub fn summarise_ms(values: &mut [i64]) -> Option<Summary> {
    if values.is_empty() {
        return None;
    }
    // Order statistics by selection, not a full sort: O(n) for a million values. The values
    // end up partitioned around the ranks used, not sorted.
    let n = values.len();
    let sum: i128 = values.iter().map(|v| *v as i128).sum();
    let p90_rank = (90 * n).div_ceil(100).clamp(1, n) - 1;
    let (_, &mut p90, _) = values.select_nth_unstable(p90_rank);
    let mid = n / 2;
    let (below, &mut upper, _) = values[..=p90_rank.max(mid)].select_nth_unstable(mid);
    let median_ms = if n % 2 == 1 {
        upper as f64
    } else {
        // The largest value below the middle one is the other middle value.
        let lower = below.iter().copied().max().unwrap_or(upper);
        (lower as f64 + upper as f64) / 2.0
    };
    Some(Summary { median: median_ms / 1000.0, mean: sum as f64 / n as f64 / 1000.0, p90: p90 as f64 / 1000.0, n: n as u64 })
}

/// Nearest-rank percentile of sorted values: x⌈p·n/100⌉ (1-based rank).
pub fn nearest_rank(sorted: &[i64], p: u32) -> i64 {
    let n = sorted.len();
    if n == 0 {
        return 0;
    }
    let rank = (p as usize * n).div_ceil(100).clamp(1, n);
    sorted[rank - 1]
}

/// Nearest-rank percentile of sorted floats.
pub fn nearest_rank_f64(sorted: &[f64], p: u32) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return 0.0;
    }
    let rank = (p as usize * n).div_ceil(100).clamp(1, n);
    sorted[rank - 1]
}

/// Nearest-rank percentile of sorted floats with the rank in thousandths, so that 2.5 and
/// 97.5 are exact: x⌈permille·n/1000⌉ (1-based). 2.5th of 2,000 values = x₅₀, 97.5th = x₁₉₅₀.
pub fn nearest_rank_permille_f64(sorted: &[f64], permille: u32) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (permille as usize * n).div_ceil(1000).clamp(1, n);
    sorted.get(rank - 1).copied()
}

/// The first-response and resolution buckets, half-open `[lo, hi)` (METRICS.md §4a).
pub const DURATION_BUCKETS: [(&str, i64, i64); 6] = [
    ("<1h", 0, HOUR),
    ("1-2h", HOUR, 2 * HOUR),
    ("2-6h", 2 * HOUR, 6 * HOUR),
    ("6-12h", 6 * HOUR, 12 * HOUR),
    ("12-24h", 12 * HOUR, 24 * HOUR),
    (">24h", 24 * HOUR, i64::MAX),
];

/// Label of the bucket for a non-negative duration in ms.
pub fn duration_bucket(ms: i64) -> &'static str {
    DURATION_BUCKETS.iter().find(|(_, lo, hi)| ms >= *lo && ms < *hi).map(|(l, _, _)| *l).unwrap_or(">24h")
}

/// Open-backlog age buckets `[lo, hi)`.
pub const AGE_BUCKETS: [(&str, i64, i64); 5] =
    [("<1d", 0, DAY), ("1-3d", DAY, 3 * DAY), ("3-7d", 3 * DAY, 7 * DAY), ("7-30d", 7 * DAY, 30 * DAY), (">30d", 30 * DAY, i64::MAX)];

/// Label of the age bucket for an age in ms.
pub fn age_bucket(ms: i64) -> &'static str {
    AGE_BUCKETS.iter().find(|(_, lo, hi)| ms >= *lo && ms < *hi).map(|(l, _, _)| *l).unwrap_or("<1d")
}

/// A rate in tenths of a percent, rounded half away from zero with integers only:
/// `(2000·num + den) div (2·den)`. `None` when den = 0.
///
/// ```
/// use deflect::engine::stats::rate_tenths;
/// assert_eq!(rate_tenths(1, 3), Some(333));   // 33.33 % → 33.3 %
/// assert_eq!(rate_tenths(2, 3), Some(667));   // 66.67 % → 66.7 %
/// assert_eq!(rate_tenths(1, 8), Some(125));   // 12.5 % exactly
/// assert_eq!(rate_tenths(1, 16), Some(63));   // 6.25 % → 6.3 % (half away from zero)
/// assert_eq!(rate_tenths(1, 0), None);
/// ```
pub fn rate_tenths(num: u64, den: u64) -> Option<u64> {
    if den == 0 {
        return None;
    }
    let (n, d) = (num as u128, den as u128);
    Some(((2000 * n + d) / (2 * d)) as u64)
}

/// `rate_tenths` as text with one decimal and `sep` as the decimal separator, e.g. "33.3".
pub fn percent_text(num: u64, den: u64, sep: char) -> Option<String> {
    rate_tenths(num, den).map(|t| format!("{}{}{}", t / 10, sep, t % 10))
}

/// Share of `num` in `den` as a ratio (for `metrics.json`), None when den = 0.
pub fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_empty_single_odd_even() {
        assert_eq!(summarise_ms(&mut []), None);
        let s = summarise_ms(&mut [5_000]).expect("one");
        assert_eq!((s.median, s.mean, s.p90, s.n), (5.0, 5.0, 5.0, 1));
        // Odd: 1, 2, 9 s → median 2, mean 4, p90 rank ⌈2.7⌉ = 3 → 9.
        let s = summarise_ms(&mut [9_000, 1_000, 2_000]).expect("three");
        assert_eq!((s.median, s.mean, s.p90), (2.0, 4.0, 9.0));
        // Ties: 3, 3, 3, 7 → median (3 + 3) / 2 = 3; p90 rank 4 → 7.
        let s = summarise_ms(&mut [3_000, 7_000, 3_000, 3_000]).expect("ties");
        assert_eq!((s.median, s.p90), (3.0, 7.0));
        // 10 values 1..10 s: p90 rank ⌈9⌉ = 9 → 9 s; median (5 + 6) / 2 = 5.5.
        let mut v: Vec<i64> = (1..=10).map(|x| x * 1000).collect();
        let s = summarise_ms(&mut v).expect("ten");
        assert_eq!((s.median, s.p90), (5.5, 9.0));
    }

    #[test]
    fn permille_ranks() {
        let v: Vec<f64> = (1..=2000).map(f64::from).collect();
        assert_eq!(nearest_rank_permille_f64(&v, 25), Some(50.0));
        assert_eq!(nearest_rank_permille_f64(&v, 975), Some(1950.0));
        assert_eq!(nearest_rank_permille_f64(&[7.0], 25), Some(7.0));
        assert_eq!(nearest_rank_permille_f64(&[], 25), None);
    }

    #[test]
    fn buckets_are_half_open() {
        assert_eq!(duration_bucket(0), "<1h");
        assert_eq!(duration_bucket(HOUR - 1), "<1h");
        assert_eq!(duration_bucket(HOUR), "1-2h");
        assert_eq!(duration_bucket(12 * HOUR), "12-24h");
        assert_eq!(duration_bucket(24 * HOUR), ">24h");
        assert_eq!(age_bucket(3 * DAY), "3-7d");
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(percent_text(2, 4, '.'), Some("50.0".into()));
        assert_eq!(percent_text(1, 3, ','), Some("33,3".into()));
        assert_eq!(percent_text(0, 5, '.'), Some("0.0".into()));
        assert_eq!(percent_text(5, 5, '.'), Some("100.0".into()));
        // 1/2000 = 0.05 % → 0.1 %.
        assert_eq!(percent_text(1, 2000, '.'), Some("0.1".into()));
    }
}
