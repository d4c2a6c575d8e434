//! What a playing-field strategy's run keeps for part B (the rest of the week and the team):
//! per trial, the revenue split and the customers; per week, the hours of the selling week, the
//! seats and the squeeze, summed over reps and trials; per trial and week, the team's customers
//! (docs/model.md, "Reading part B's figures").

use crate::model::rep_b::{PartBTrial, PartBWeek};

/// Part B of one playing-field strategy's run.
#[derive(Debug, Clone, Default)]
pub struct PartBRun {
    /// Per trial, in trial order.
    pub trials: Vec<PartBTrial>,
    /// Per week, summed over reps and trials (length W).
    pub weeks: Vec<PartBWeek>,
    /// The team's customers at the end of each week: `trial * W + week` (f32: exact below 2^24).
    pub weekly_customers: Vec<f32>,
}

impl PartBRun {
    /// An empty run of `weeks` weeks with room for `trials` trials.
    pub fn new(trials: u64, weeks: usize) -> PartBRun {
        PartBRun {
            trials: Vec::with_capacity(trials as usize),
            weeks: vec![PartBWeek::default(); weeks],
            weekly_customers: Vec::with_capacity(trials as usize * weeks),
        }
    }

    /// Appends a block's figures (blocks arrive in block order, so sums add in trial order).
    pub fn merge(&mut self, block: &PartBRun) {
        self.trials.extend_from_slice(&block.trials);
        self.weekly_customers
            .extend_from_slice(&block.weekly_customers);
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

    /// Trial `trial`'s team customers week by week.
    pub fn customers_of(&self, trial: usize) -> &[f32] {
        let w = self.weeks.len();
        &self.weekly_customers[trial * w..(trial + 1) * w]
    }
}
