//! The exact distribution of a whole-number figure over trials (accounts, customers), kept as a
//! count of each value instead of one value per trial ("Memory" in ARCHITECTURE.md).
//!
//! A week's fresh accounts or customers take few distinct values across trials, so counting them
//! costs a few hundred integers where a million trials cost a million values, and the mean and
//! the percentiles read off the counts are exactly those of the values themselves.

use super::type7_ranks;

/// How many trials had each whole-number value: dense over the range of values seen (memory is
/// 8 bytes per value between the smallest and the largest seen, whatever the trial count).
/// Integer counts add up the same in any order, so the result does not depend on the order in
/// which values or other counts are added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WholeCounts {
    /// The value `counts[0]` counts.
    base: u64,
    /// `counts[i]`: how many times `base + i` was added.
    counts: Vec<u64>,
}

impl WholeCounts {
    /// Counts one more `value`.
    #[inline]
    pub fn add(&mut self, value: u64) {
        // Below `base` the difference wraps to beyond any length: one test for both sides.
        let slot = usize::try_from(value.wrapping_sub(self.base)).ok();
        match slot.and_then(|i| self.counts.get_mut(i)) {
            Some(count) => *count += 1,
            None => self.add_outside(value),
        }
    }

    /// Counts a `value` outside the range counted so far (or the first one), widening it.
    #[cold]
    fn add_outside(&mut self, value: u64) {
        if self.counts.is_empty() {
            self.base = value;
        } else if value < self.base {
            // Grow downwards by at least the current width, so a drifting range costs a few
            // moves rather than one per new smallest value.
            let width = self.counts.len() as u64;
            let base = value.min(self.base.saturating_sub(width));
            let mut grown = vec![0; (self.base - base) as usize];
            grown.extend_from_slice(&self.counts);
            self.counts = grown;
            self.base = base;
        }
        let i = (value - self.base) as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
    }

    /// How many values were counted.
    pub fn len(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Whether no value was counted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sum of the values counted, rounded once to f64. Exact, and so the same bits as adding
    /// the values one by one in any order, while the sum is below 2^53.
    pub fn sum(&self) -> f64 {
        let sum: u128 = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| u128::from(self.base + i as u64) * u128::from(*c))
            .sum();
        sum as f64
    }

    /// The value of order statistic `rank` (0-based) of the values sorted ascending;
    /// `rank < len()`.
    fn order(&self, rank: u64) -> f64 {
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if rank < seen {
                return (self.base + i as u64) as f64;
            }
        }
        unreachable!("rank {rank} beyond the {seen} values counted")
    }

    /// The p-quantile of the values counted: exactly what [`super::quantile_sorted`] reads from
    /// them sorted (type 7), NaN when none were counted.
    pub fn quantile(&self, p: f64) -> f64 {
        match self.len() {
            0 => f64::NAN,
            1 => self.order(0),
            n => {
                let (h, lo, hi) = type7_ranks(n as usize, p);
                let (a, b) = (self.order(lo as u64), self.order(hi as u64));
                a + (h - lo as f64) * (b - a)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::quantile_sorted;

    #[test]
    fn counts_give_the_sorted_values_quantiles_and_sum() {
        // Added out of order, below and above the first value, with repeats and a gap.
        let values = [7u64, 3, 9, 7, 12, 3, 3, 8, 20, 7, 0];
        let mut counts = WholeCounts::default();
        for v in values {
            counts.add(v);
        }
        let mut sorted: Vec<f64> = values.iter().map(|v| *v as f64).collect();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(counts.len(), 11);
        // 7 + 3 + 9 + 7 + 12 + 3 + 3 + 8 + 20 + 7 + 0 = 79.
        assert_eq!(counts.sum(), 79.0);
        for p in [0.0, 0.05, 0.1, 0.33, 0.5, 0.9, 0.95, 1.0] {
            assert_eq!(
                counts.quantile(p).to_bits(),
                quantile_sorted(&sorted, p).to_bits(),
                "p = {p}"
            );
        }
        // Type 7 on 11 values: p = 0.1 sits at h = 1.0, the second smallest (3).
        assert_eq!(counts.quantile(0.1), 3.0);
    }

    #[test]
    fn empty_and_single_counts() {
        let mut counts = WholeCounts::default();
        assert!(counts.is_empty());
        assert!(counts.quantile(0.5).is_nan());
        assert_eq!(counts.sum(), 0.0);
        counts.add(42);
        assert_eq!(
            (counts.len(), counts.quantile(0.9), counts.sum()),
            (1, 42.0, 42.0)
        );
    }
}
