//! What a playing-field strategy's run keeps for part B (the rest of the week and the team):
//! per trial, the revenue split and the customers; per week, the hours of the selling week, the
//! seats and the squeeze, summed over reps and trials; per week, the team's customers counted
//! over trials (docs/model.md, "Reading part B's figures").

use crate::model::rep_b::{PartBTrial, PartBWeek};
use crate::stats::{WholeColumn, WholeCounts};

/// Part B's figures of every trial, in trial order, as columns: the two real figures as f64,
/// the nine counts each in the bytes its spread needs (`WholeColumn`), so a million trials take
/// some 30 bytes a trial rather than a `PartBTrial`'s 88 ("Memory" in ARCHITECTURE.md).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartBTrials {
    expansion_revenue: Vec<f64>,
    productive_weeks: Vec<f64>,
    /// [`PartBTrial::counts`] of each trial, one column per count.
    counts: [WholeColumn; 9],
}

impl PartBTrials {
    /// Empty, with room for `n` trials.
    pub fn with_capacity(n: usize) -> PartBTrials {
        PartBTrials {
            expansion_revenue: Vec::with_capacity(n),
            productive_weeks: Vec::with_capacity(n),
            counts: std::array::from_fn(|_| WholeColumn::with_capacity(n)),
        }
    }

    /// Trials held.
    pub fn len(&self) -> usize {
        self.expansion_revenue.len()
    }

    /// Whether no trial is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends a trial's figures.
    pub fn push(&mut self, t: &PartBTrial) {
        self.expansion_revenue.push(t.expansion_revenue);
        self.productive_weeks.push(t.productive_weeks);
        for (column, c) in self.counts.iter_mut().zip(t.counts()) {
            column.push(c);
        }
    }

    /// Trial `i`'s figures.
    pub fn get(&self, i: usize) -> PartBTrial {
        PartBTrial::from_parts(
            self.expansion_revenue[i],
            self.productive_weeks[i],
            std::array::from_fn(|k| self.counts[k].get(i)),
        )
    }

    /// Every trial's figures, in trial order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = PartBTrial> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Part B of one playing-field strategy's run.
#[derive(Debug, Clone, Default)]
pub struct PartBRun {
    /// Per trial, in trial order.
    pub trials: PartBTrials,
    /// Per week, summed over reps and trials (length W).
    pub weeks: Vec<PartBWeek>,
    /// A block's team customers at the end of each week, `trial * W + week` (f32: exact below
    /// 2^24); empty in a merged run, which keeps `customers_by_week` instead.
    pub weekly_customers: Vec<f32>,
    /// The team's customers at the end of each week, counted over the merged trials (length W):
    /// an exact histogram, so a run's memory does not grow with trials x weeks.
    pub customers_by_week: Vec<WholeCounts>,
}

impl PartBRun {
    /// An empty block or run of `weeks` weeks with room for `trials` trials.
    pub fn new(trials: u64, weeks: usize) -> PartBRun {
        PartBRun {
            trials: PartBTrials::with_capacity(trials as usize),
            weeks: vec![PartBWeek::default(); weeks],
            weekly_customers: Vec::new(),
            customers_by_week: vec![WholeCounts::default(); weeks],
        }
    }

    /// Appends a block's figures (blocks arrive in block order, so sums add in trial order) and
    /// counts its weekly customers.
    pub fn merge(&mut self, block: &PartBRun) {
        for t in block.trials.iter() {
            self.trials.push(&t);
        }
        for row in block.weekly_customers.chunks(self.weeks.len().max(1)) {
            for (counts, c) in self.customers_by_week.iter_mut().zip(row) {
                // A whole number, held exactly by its f32.
                counts.add(*c as u64);
            }
        }
        for (a, b) in self.weeks.iter_mut().zip(&block.weeks) {
            a.add(b);
        }
    }

    /// The weeks summed over the horizon.
    pub fn total(&self) -> PartBWeek {
        let mut t = PartBWeek::default();
        for w in &self.weeks {
            t.add(w);
        }
        t
    }
}
