//! Statistics of simulated values: the summary of docs/model.md (mean, sd, se, min, percentiles, max),
//! exact over per-trial values and histogram-based over rep-weeks (too many to keep).

mod histogram;

pub use histogram::{
    BIN_HOURS, BinCounts, Moments, MomentsRun, RepWeekDistribution, record_all, record_repeated,
};

use serde::Serialize;

/// The percentiles every summary reports.
pub const PERCENTILES: [f64; 5] = [0.05, 0.10, 0.50, 0.90, 0.95];

/// The statistics of one quantity (docs/model.md).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Summary {
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n - 1).
    pub sd: f64,
    /// Standard error of the mean: sd / sqrt(n).
    pub se: f64,
    /// Smallest value.
    pub min: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest value.
    pub max: f64,
}

impl Summary {
    /// Statistics of `values` (sorted in place). Empty input gives all zeros.
    pub fn of(values: &mut [f64]) -> Summary {
        if values.is_empty() {
            return Summary::default();
        }
        values.sort_unstable_by(f64::total_cmp);
        let n = values.len() as f64;
        // Sequential sums in a fixed order: the same bits at any thread count.
        let mean = values.iter().sum::<f64>() / n;
        let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        let sd = if values.len() > 1 {
            (ss / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        let q = |p| quantile_sorted(values, p);
        Summary {
            mean,
            sd,
            se: sd / n.sqrt(),
            min: values[0],
            p5: q(0.05),
            p10: q(0.10),
            p50: q(0.50),
            p90: q(0.90),
            p95: q(0.95),
            max: values[values.len() - 1],
        }
    }
}

/// The p-quantile of sorted values, interpolating linearly between order statistics
/// (Hyndman and Fan's type 7, the default of R and NumPy).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = p.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// `num / den`, or 0 when there is nothing to divide (a ratio over no events).
pub fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.5), 2.5);
        assert_eq!(quantile_sorted(&v, 0.0), 1.0);
        assert_eq!(quantile_sorted(&v, 1.0), 4.0);
        assert!((quantile_sorted(&v, 0.1) - 1.3).abs() < 1e-12);
    }

    #[test]
    fn summary_of_a_known_sample() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0, 5.0];
        let s = Summary::of(&mut v);
        assert_eq!(s.mean, 3.0);
        assert!((s.sd - 2.5f64.sqrt()).abs() < 1e-12);
        assert!((s.se - 0.5f64.sqrt()).abs() < 1e-12);
        assert_eq!((s.min, s.p50, s.max), (1.0, 3.0, 5.0));
        assert!((s.p5 - 1.2).abs() < 1e-12 && (s.p95 - 4.8).abs() < 1e-12);
    }
}
