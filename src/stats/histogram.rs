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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RepWeekDistribution {
    counts: BinCounts,
    moments: Moments,
}

/// Counts of rep-weeks per bin of [`BIN_HOURS`]. Integer counts add up the same in any order, so
/// the engine keeps one set per worker thread and adds them up at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct BinCounts {
    /// A fixed-size array, so that the clamped bin index needs no bounds check.
    counts: Box<[u64; BINS]>,
}

impl Default for BinCounts {
    fn default() -> Self {
        BinCounts {
            counts: vec![0; BINS]
                .into_boxed_slice()
                .try_into()
                .expect("BINS counts"),
        }
    }
}

impl BinCounts {
    /// Adds `other`'s counts (in any order: integer sums).
    pub fn merge(&mut self, other: &BinCounts) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
    }
}

/// Count, running sums and extremes of recorded values. The sums depend on the order of the
/// values, so the engine keeps one per block of trials and merges them in trial order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    n: u64,
    sum: f64,
    sum_sq: f64,
    min: f64,
    max: f64,
}

impl Default for Moments {
    fn default() -> Self {
        Moments {
            n: 0,
            sum: 0.0,
            sum_sq: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Moments {
    /// Adds `other`'s values after this one's (call in trial order for reproducible sums).
    pub fn merge(&mut self, other: &Moments) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }
}

/// The bin of `x`: values past [`WEEK_HOURS`] go to the last bin, negatives and NaN to bin 0.
/// The cast to i32 saturates (so it agrees with the cast to usize for every bin), and costs
/// fewer instructions than a cast to a 64-bit integer on x86-64.
#[inline(always)]
fn bin(x: f64) -> usize {
    ((x * (1.0 / BIN_HOURS)) as i32).clamp(0, BINS as i32 - 1) as usize
}

/// Records `values` in order: each into `counts`, and into `moments` (the same result as
/// [`RepWeekDistribution::record`] value by value).
#[inline]
pub fn record_all(counts: &mut BinCounts, moments: &mut Moments, values: &[f64]) {
    let mut run = moments.run();
    for &x in values {
        run.record(counts, x);
    }
    run.finish(moments);
}

/// [`Moments`] being extended by a run of values, held by value so that its running sums stay in
/// registers (through a `&mut Moments`, every bin increment could alias them and force a reload).
/// Take one with [`Moments::run`], record, then [`MomentsRun::finish`].
#[derive(Debug, Clone, Copy)]
pub struct MomentsRun {
    m: Moments,
    /// Bins of the current extremes: only a value in these bins or beyond can be a new extreme
    /// (`bin` never decreases as x grows), so the exact comparisons run only in the outer bins.
    low: usize,
    high: usize,
}

impl Moments {
    /// Starts a run of values to add.
    #[inline(always)]
    pub fn run(&self) -> MomentsRun {
        MomentsRun {
            m: *self,
            low: bin(self.min),
            high: bin(self.max),
        }
    }
}

impl MomentsRun {
    /// Records `x`: its bin into `counts`, the value into the moments.
    #[inline(always)]
    pub fn record(&mut self, counts: &mut BinCounts, x: f64) {
        let b = bin(x);
        counts.counts[b] += 1;
        self.m.n += 1;
        self.m.sum += x;
        self.m.sum_sq += x * x;
        // A NaN is never an extreme, as with f64::min and max.
        if (b <= self.low || b >= self.high) && (x < self.m.min || x > self.m.max) {
            (self.m.min, self.m.max) = extremes(self.m.min, self.m.max, x);
            (self.low, self.high) = (bin(self.m.min), bin(self.m.max));
        }
    }

    /// Stores the extended moments into `into`.
    #[inline(always)]
    pub fn finish(self, into: &mut Moments) {
        *into = self.m;
    }
}

/// Records `count` copies of `x`: the same result as [`record_all`] with a slice of them, but the
/// bin is counted once (a run of equal values would otherwise chain every increment through
/// the same memory word).
#[inline]
pub fn record_repeated(counts: &mut BinCounts, moments: &mut Moments, x: f64, count: usize) {
    if count == 0 {
        return;
    }
    counts.counts[bin(x)] += count as u64;
    let mut m = *moments;
    for _ in 0..count {
        m.sum += x;
        m.sum_sq += x * x;
    }
    (m.min, m.max) = extremes(m.min, m.max, x);
    m.n += count as u64;
    *moments = m;
}

/// The extremes `min` and `max` extended by `x` (out of line: rarely needed).
#[cold]
#[inline(never)]
fn extremes(min: f64, max: f64, x: f64) -> (f64, f64) {
    (min.min(x), max.max(x))
}

impl RepWeekDistribution {
    /// The distribution with these counts and moments (as recorded separately by the engine).
    pub fn from_parts(counts: BinCounts, moments: Moments) -> Self {
        RepWeekDistribution { counts, moments }
    }

    /// Records one rep-week's value.
    pub fn record(&mut self, x: f64) {
        record_all(&mut self.counts, &mut self.moments, &[x]);
    }

    /// Adds `other`'s rep-weeks (call in trial order for reproducible sums).
    pub fn merge(&mut self, other: &RepWeekDistribution) {
        self.counts.merge(&other.counts);
        self.moments.merge(&other.moments);
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
        for (bin, &c) in self.counts.counts.iter().enumerate() {
            if c > 0 && (before + c) as f64 > rank {
                let within = (rank - before as f64 + 0.5) / c as f64;
                let x = (bin as f64 + within) * BIN_HOURS;
                return x.clamp(self.moments.min, self.moments.max);
            }
            before += c;
        }
        self.moments.max
    }

    /// The statistics docs/model.md lists for hours per rep-week; se is sd / sqrt(rep-weeks).
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
        &self.counts.counts[..]
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
        let values: Vec<f64> = (0..1000).map(|i| (i % 37) as f64 * 0.9).collect();
        let (mut counts, mut moments) = (BinCounts::default(), Moments::default());
        record_all(&mut counts, &mut moments, &[2.5; 7]);
        let repeated = (counts, moments);
        let (mut counts, mut moments) = (BinCounts::default(), Moments::default());
        record_repeated(&mut counts, &mut moments, 2.5, 7);
        record_repeated(&mut counts, &mut moments, 3.0, 0);
        assert_eq!(
            (counts, moments),
            repeated,
            "record_repeated records as record_all does"
        );
        let (mut counts, mut moments) = (BinCounts::default(), Moments::default());
        record_all(&mut counts, &mut moments, &values[..400]);
        record_all(&mut counts, &mut moments, &values[400..]);
        let recorded = RepWeekDistribution::from_parts(counts, moments);
        assert_eq!(recorded, all, "record_all records as record() does");
        merged.merge(&b);
        assert_eq!(merged.counts(), all.counts());
        assert_eq!(merged.count(), 1000);
    }
}
