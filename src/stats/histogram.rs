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
    /// A fixed-size array, so that the clamped bin index needs no bounds check.
    counts: Box<[u64; BINS]>,
    moments: Moments,
}

/// Count, running sums and extremes of the recorded values.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Moments {
    n: u64,
    sum: f64,
    sum_sq: f64,
    min: f64,
    max: f64,
}

impl Moments {
    /// Adds one value: the sums in recording order, so their bits do not depend on batching.
    #[inline(always)]
    fn add(&mut self, x: f64) {
        self.n += 1;
        self.sum += x;
        self.sum_sq += x * x;
        // Predictable branches instead of f64::min/max (which handle NaN with extra
        // instructions); a NaN never replaces the extremes either way.
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
    }
}

impl Default for RepWeekDistribution {
    fn default() -> Self {
        RepWeekDistribution {
            counts: vec![0; BINS]
                .into_boxed_slice()
                .try_into()
                .expect("BINS counts"),
            moments: Moments {
                n: 0,
                sum: 0.0,
                sum_sq: 0.0,
                min: f64::INFINITY,
                max: f64::NEG_INFINITY,
            },
        }
    }
}

/// The bin of `x`: a cast to i64 is one instruction on x86-64 where a cast to usize is several;
/// the clamp sends negatives and NaN to bin 0 and values past [`WEEK_HOURS`] to the last bin, and
/// lets the compiler drop the bounds check.
#[inline(always)]
fn bin(x: f64) -> usize {
    ((x * (1.0 / BIN_HOURS)) as i64).clamp(0, BINS as i64 - 1) as usize
}

/// Records a run of values into a [`RepWeekDistribution`] with the moments held in locals (so in
/// registers: through `&mut self` every bin increment could alias them and forces a reload). The
/// moments are stored back when the recorder is dropped; the result is the same as calling
/// [`RepWeekDistribution::record`] for each value.
pub struct Recorder<'a> {
    counts: &'a mut [u64; BINS],
    into: &'a mut Moments,
    moments: Moments,
}

impl Recorder<'_> {
    /// Records one value.
    #[inline(always)]
    pub fn record(&mut self, x: f64) {
        self.counts[bin(x)] += 1;
        self.moments.add(x);
    }
}

impl Drop for Recorder<'_> {
    fn drop(&mut self) {
        *self.into = self.moments;
    }
}

impl RepWeekDistribution {
    /// Records one rep-week's value.
    #[inline]
    pub fn record(&mut self, x: f64) {
        self.counts[bin(x)] += 1;
        self.moments.add(x);
    }

    /// A recorder for a run of values (the engine's weekly loop).
    #[inline]
    pub fn recorder(&mut self) -> Recorder<'_> {
        Recorder {
            counts: &mut self.counts,
            moments: self.moments,
            into: &mut self.moments,
        }
    }

    /// Adds `other`'s rep-weeks (call in trial order for reproducible sums).
    pub fn merge(&mut self, other: &RepWeekDistribution) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
        self.moments.n += other.moments.n;
        self.moments.sum += other.moments.sum;
        self.moments.sum_sq += other.moments.sum_sq;
        self.moments.min = self.moments.min.min(other.moments.min);
        self.moments.max = self.moments.max.max(other.moments.max);
    }

    /// Number of rep-weeks recorded.
    pub fn count(&self) -> u64 {
        self.moments.n
    }

    /// Mean over rep-weeks.
    pub fn mean(&self) -> f64 {
        if self.moments.n == 0 {
            0.0
        } else {
            self.moments.sum / self.moments.n as f64
        }
    }

    /// The p-quantile (type 7 ranks), interpolated within the bin that holds it.
    pub fn quantile(&self, p: f64) -> f64 {
        if self.moments.n == 0 {
            return 0.0;
        }
        let rank = p.clamp(0.0, 1.0) * (self.moments.n - 1) as f64;
        let mut before = 0u64;
        for (bin, &c) in self.counts.iter().enumerate() {
            if c > 0 && (before + c) as f64 > rank {
                let within = (rank - before as f64 + 0.5) / c as f64;
                let x = (bin as f64 + within) * BIN_HOURS;
                return x.clamp(self.moments.min, self.moments.max);
            }
            before += c;
        }
        self.moments.max
    }

    /// The contract's statistics; se is sd / sqrt(number of rep-weeks).
    pub fn summary(&self) -> Summary {
        if self.moments.n == 0 {
            return Summary::default();
        }
        let n = self.moments.n as f64;
        let mean = self.moments.sum / n;
        let var = if self.moments.n > 1 {
            ((self.moments.sum_sq - n * mean * mean) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        let sd = var.sqrt();
        Summary {
            mean,
            sd,
            se: sd / n.sqrt(),
            min: self.moments.min,
            p5: self.quantile(0.05),
            p10: self.quantile(0.10),
            p50: self.quantile(0.50),
            p90: self.quantile(0.90),
            p95: self.quantile(0.95),
            max: self.moments.max,
        }
    }

    /// Counts per bin of width [`BIN_HOURS`] starting at 0 (for charts).
    pub fn counts(&self) -> &[u64] {
        &self.counts[..]
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
        let mut recorded = RepWeekDistribution::default();
        {
            let mut r = recorded.recorder();
            (0..1000).for_each(|i| r.record((i % 37) as f64 * 0.9));
        }
        assert_eq!(recorded, all, "a recorder records as record() does");
        merged.merge(&b);
        assert_eq!(merged.counts(), all.counts());
        assert_eq!(merged.count(), 1000);
    }
}
