//! What a playing-field strategy's run keeps for part B (the rest of the week and the team):
//! per trial, the revenue split and the customers; per week, the hours of the selling week, the
//! seats and the squeeze, summed over reps and trials; per trial and week, the team's customers
//! (docs/model.md, "Reading part B's figures").

/// One trial's part B figures, summed over the team.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PartBTrial {
    /// Expansion revenue booked within the horizon.
    pub expansion_revenue: f64,
    /// Customers at week 0.
    pub customers_start: u64,
    /// Customers at the horizon.
    pub customers_end: u64,
    /// Customers lost over the horizon.
    pub churned: u64,
    /// Won deals that joined the customers within the horizon.
    pub joined: u64,
    /// Customer touches.
    pub touches: u64,
    /// Expansions booked.
    pub expansions: u64,
    /// Rep-weeks with the seat empty.
    pub vacant_weeks: u64,
    /// Rep-weeks of a rep still ramping.
    pub ramp_weeks: u64,
    /// Productive rep-weeks: the sum of m over seated rep-weeks.
    pub productive_weeks: f64,
    /// Successors hired.
    pub hires: u64,
}

impl PartBTrial {
    /// Adds `other` field by field.
    pub fn add(&mut self, other: &PartBTrial) {
        self.expansion_revenue += other.expansion_revenue;
        self.customers_start += other.customers_start;
        self.customers_end += other.customers_end;
        self.churned += other.churned;
        self.joined += other.joined;
        self.touches += other.touches;
        self.expansions += other.expansions;
        self.vacant_weeks += other.vacant_weeks;
        self.ramp_weeks += other.ramp_weeks;
        self.productive_weeks += other.productive_weeks;
        self.hires += other.hires;
    }
}

/// One week's part B sums over reps (and, in a run, over trials).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PartBWeek {
    /// Prospecting hours drawn (H) of seated rep-weeks.
    pub prospecting_drawn: f64,
    /// Selling hours available (S) of seated rep-weeks.
    pub selling_available: f64,
    /// Selling hours of the meetings falling due.
    pub appointments: f64,
    /// Selling hours of the proposals falling due.
    pub proposals: f64,
    /// Selling hours of the customer touches made by reps.
    pub touches: f64,
    /// Selling work done within the selling hours.
    pub within: f64,
    /// Hours squeezed out of prospecting.
    pub squeezed: f64,
    /// Selling work carried over to the next week.
    pub carry: f64,
    /// Seated rep-weeks.
    pub seated: u64,
    /// Seated rep-weeks in which the selling work exceeded S.
    pub binding: u64,
    /// Rep-weeks of a rep still ramping.
    pub ramping: u64,
    /// Productivity m summed over seated rep-weeks.
    pub productive: f64,
    /// Expansion revenue booked.
    pub expansion_revenue: f64,
}

impl PartBWeek {
    /// Adds `other` field by field.
    pub fn add(&mut self, other: &PartBWeek) {
        self.prospecting_drawn += other.prospecting_drawn;
        self.selling_available += other.selling_available;
        self.appointments += other.appointments;
        self.proposals += other.proposals;
        self.touches += other.touches;
        self.within += other.within;
        self.squeezed += other.squeezed;
        self.carry += other.carry;
        self.seated += other.seated;
        self.binding += other.binding;
        self.ramping += other.ramping;
        self.productive += other.productive;
        self.expansion_revenue += other.expansion_revenue;
    }
}

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
