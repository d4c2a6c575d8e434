//! Statistics of simulated values: the summary of docs/model.md (mean, sd, se, min, percentiles, max),
//! exact over per-trial values and histogram-based over rep-weeks (too many to keep).

mod column;
mod histogram;
mod whole;

pub use histogram::{
    BIN_HOURS, BinCounts, Moments, MomentsRun, RepWeekDistribution, record_all, record_repeated,
};

pub use column::WholeColumn;
pub use whole::WholeCounts;

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
    /// Statistics of `values` (reordered in place, not sorted). Empty input gives all zeros.
    ///
    /// The mean and sd add the values in the order given (trial order, for the engine's
    /// results), so they have the same bits at any thread count; the extremes and percentiles
    /// are the order statistics a sort would give, found by selection ([`quantiles_of`]).
    pub fn of(values: &mut [f64]) -> Summary {
        if values.is_empty() {
            return Summary::default();
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        let sd = if values.len() > 1 {
            (ss / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        // The first and last values a sort by total_cmp would give.
        let extreme = |pick: fn(f64, f64) -> bool| {
            values
                .iter()
                .copied()
                .reduce(|a, b| if pick(a, b) { a } else { b })
                .unwrap_or_default()
        };
        let min = extreme(|a, b| a.total_cmp(&b).is_le());
        let max = extreme(|a, b| a.total_cmp(&b).is_ge());
        let [p5, p10, p50, p90, p95] = quantiles_of(values, PERCENTILES);
        Summary {
            mean,
            sd,
            se: sd / n.sqrt(),
            min,
            p5,
            p10,
            p50,
            p90,
            p95,
            max,
        }
    }
}

/// Where the p-quantile of n sorted values lies (type 7): h = p (n - 1), and the ranks of the
/// two order statistics it interpolates between. n >= 1.
fn type7_ranks(n: usize, p: f64) -> (f64, usize, usize) {
    let h = p.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = h.floor() as usize;
    (h, lo, (lo + 1).min(n - 1))
}

/// The p-quantile of sorted values, interpolating linearly between order statistics
/// (Hyndman and Fan's type 7, the default of R and NumPy).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let (h, lo, hi) = type7_ranks(n, p);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// The `ps`-quantiles of `values`, each exactly what [`quantile_sorted`] reads from the values
/// sorted by `f64::total_cmp`, without sorting them: each order statistic needed is found by
/// selection (`select_nth_unstable_by`) in the part of the slice above the previous one, so K
/// quantiles of n values cost O(K n) rather than a sort's O(n log n). `values` is reordered.
pub fn quantiles_of<const K: usize>(values: &mut [f64], ps: [f64; K]) -> [f64; K] {
    let n = values.len();
    if n <= 1 {
        return ps.map(|p| quantile_sorted(values, p));
    }
    let mut ranks: Vec<usize> = ps
        .iter()
        .flat_map(|&p| {
            let (_, lo, hi) = type7_ranks(n, p);
            [lo, hi]
        })
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    // After each selection, values[rank] holds the order statistic of that rank and everything
    // after it is no smaller, so the next (higher) rank is selected among values[rank + 1..].
    let mut settled = 0;
    for &rank in &ranks {
        values[settled..].select_nth_unstable_by(rank - settled, f64::total_cmp);
        settled = rank + 1;
    }
    ps.map(|p| {
        let (h, lo, hi) = type7_ranks(n, p);
        values[lo] + (h - lo as f64) * (values[hi] - values[lo])
    })
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

    /// Selection reads the same order statistics as a sort, bit for bit: on values with ties,
    /// both signed zeros and a wide spread, every quantile of `quantiles_of` equals
    /// `quantile_sorted` on the sorted copy, for sizes where the ranks of neighbouring
    /// percentiles coincide (2, 3) and where they do not.
    #[test]
    fn selection_reads_what_a_sort_reads() {
        let ps = [0.0, 0.05, 0.10, 0.25, 0.50, 0.90, 0.95, 1.0];
        let mut x: u64 = 12345;
        for n in [2usize, 3, 7, 20, 101, 1000] {
            let values: Vec<f64> = (0..n)
                .map(|i| {
                    // A fixed pseudo-random sequence (an LCG); every seventh value a tie, and
                    // the zeros after them alternately -0.0 and +0.0.
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    match i % 7 {
                        0 => 3.0,
                        1 if i % 2 == 0 => -0.0,
                        1 => 0.0,
                        _ => (x >> 11) as f64 / (1u64 << 53) as f64 * 2e6 - 1e6,
                    }
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_unstable_by(f64::total_cmp);
            let mut scratch = values.clone();
            let got = quantiles_of(&mut scratch, ps);
            for (p, q) in ps.iter().zip(got) {
                assert_eq!(
                    q.to_bits(),
                    quantile_sorted(&sorted, *p).to_bits(),
                    "n = {n}, p = {p}"
                );
            }
        }
    }
}
