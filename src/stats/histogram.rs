//! The distribution of an hours figure over rep-weeks, kept as a fine histogram plus exact moments.
//!
//! A run has up to billions of rep-weeks, too many to keep and sort. Counts in bins of
//! [`BIN_HOURS`] give every percentile to within that width; mean and sd come from running sums.
//! Blocks of trials are merged in trial order, so the sums have the same bits at any thread count.

use crate::stats::Summary;

/// Width of a bin: 0.01 h (36 seconds).
pub const BIN_HOURS: f64 = 0.01;
/// Hours in a week: no weekly hours figure can exceed it. Larger draws (only an unbounded spec
/// such as a lognormal could give one) land in the last bin; min and max stay exact.
pub const WEEK_HOURS: f64 = 168.0;
const BINS: usize = (WEEK_HOURS / BIN_HOURS) as usize + 1;

/// Histogram and moments of one hours figure over rep-weeks.
#[derive(Debug, Clone, PartialEq)]
pub struct RepWeekDistribution {
    counts: Vec<u64>,
    n: u64,
    sum: f64,
    sum_sq: f64,
    min: f64,
    max: f64,
}

impl Default for RepWeekDistribution {
    fn default() -> Self {
        RepWeekDistribution {
            counts: vec![0; BINS],
            n: 0,
            sum: 0.0,
            sum_sq: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl RepWeekDistribution {
    /// Records one rep-week's value.
    #[inline]
    pub fn record(&mut self, x: f64) {
        let bin = ((x * (1.0 / BIN_HOURS)) as usize).min(BINS - 1);
        self.counts[bin] += 1;
        self.n += 1;
        self.sum += x;
        self.sum_sq += x * x;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    /// Adds `other`'s rep-weeks (call in trial order for reproducible sums).
    pub fn merge(&mut self, other: &RepWeekDistribution) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of rep-weeks recorded.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Mean over rep-weeks.
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum / self.n as f64
        }
    }

    /// The p-quantile (type 7 ranks), interpolated within the bin that holds it.
    pub fn quantile(&self, p: f64) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let rank = p.clamp(0.0, 1.0) * (self.n - 1) as f64;
        let mut before = 0u64;
        for (bin, &c) in self.counts.iter().enumerate() {
            if c > 0 && (before + c) as f64 > rank {
                let within = (rank - before as f64 + 0.5) / c as f64;
                let x = (bin as f64 + within) * BIN_HOURS;
                return x.clamp(self.min, self.max);
            }
            before += c;
        }
        self.max
    }

    /// The statistics docs/model.md lists for hours per rep-week; se is sd / sqrt(rep-weeks).
    pub fn summary(&self) -> Summary {
        if self.n == 0 {
            return Summary::default();
        }
        let n = self.n as f64;
        let mean = self.sum / n;
        let var = if self.n > 1 {
            ((self.sum_sq - n * mean * mean) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        let sd = var.sqrt();
        Summary {
            mean,
            sd,
            se: sd / n.sqrt(),
            min: self.min,
            p5: self.quantile(0.05),
            p10: self.quantile(0.10),
            p50: self.quantile(0.50),
            p90: self.quantile(0.90),
            p95: self.quantile(0.95),
            max: self.max,
        }
    }

    /// Counts per bin of width [`BIN_HOURS`] starting at 0 (for charts).
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::quantile_sorted;

    #[test]
    fn percentiles_are_within_a_bin_of_exact() {
        let values: Vec<f64> = (0..10_000)
            .map(|i| 10.0 + (i as f64 * 0.7919).sin() * 8.0)
            .collect();
        let mut d = RepWeekDistribution::default();
        values.iter().for_each(|&v| d.record(v));
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        for p in [0.05, 0.1, 0.5, 0.9, 0.95] {
            let exact = quantile_sorted(&sorted, p);
            assert!(
                (d.quantile(p) - exact).abs() <= BIN_HOURS,
                "p{p}: {} vs {exact}",
                d.quantile(p)
            );
        }
        let exact = Summary::of(&mut sorted.clone());
        let s = d.summary();
        assert!((s.mean - exact.mean).abs() < 1e-9 && (s.sd - exact.sd).abs() < 1e-9);
        assert_eq!((s.min, s.max), (exact.min, exact.max));
    }

    #[test]
    fn merging_equals_recording_together() {
        let (mut a, mut b, mut all) = Default::default();
        for i in 0..1000 {
            let x = (i % 37) as f64 * 0.9;
            if i % 2 == 0 {
                RepWeekDistribution::record(&mut a, x)
            } else {
                RepWeekDistribution::record(&mut b, x)
            }
            RepWeekDistribution::record(&mut all, x);
        }
        let mut merged: RepWeekDistribution = a;
        merged.merge(&b);
        assert_eq!(merged.counts(), all.counts());
        assert_eq!(merged.count(), 1000);
    }
}
