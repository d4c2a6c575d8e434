//! A playing-field strategy prepared for the engine: its targets with their samplers, the
//! segments of the territory, one rep's derived values per target, and the totals a rep, a
//! trial and a run count per target and per segment ("The playing field" in docs/model.md).
//!
//! The rep-week loop that uses them is [`crate::model::field_week`].

use crate::model::binomial::ExponentialGaps;
use crate::model::dist::HoursSampler;
use crate::model::field::{Allocation, PlayingField, Pool};
use crate::model::field_week_b::PartBPlan;
use crate::model::funnel::StrategySamplers;
use crate::model::inputs::InputKey;
use crate::model::scenario::{Simulation, Strategy};

/// One playing-field strategy, prepared once per run.
#[derive(Debug, Clone)]
pub struct FieldPlan {
    /// Horizon W in weeks.
    pub weeks: u32,
    /// Team size N.
    pub reps: u32,
    /// Weeks an account rests after a pass without an appointment.
    pub rest_weeks: u32,
    /// Passes one contact of an account gets (P >= 1).
    pub max_passes: u32,
    /// Pass k reaches a conversation with probability reach x `retouch_yield`^(k-1).
    pub retouch_yield: f64,
    /// P(a due account's contact went stale during its rest).
    pub stale: f64,
    /// How the hours are split among the targets.
    pub allocation: Allocation,
    /// The strategy's prospecting hours per rep-week.
    pub hours: HoursSampler,
    /// The strategy's targets, in list (priority) order.
    pub targets: Vec<TargetPlan>,
    /// Every segment of the field, in the scenario's order (worked by the strategy or not), so
    /// that segment `s` is the same segment in every strategy's outputs.
    pub segments: Vec<SegmentPlan>,
    /// Part B: the rest of the week and the team (None when the field uses none of it).
    pub part_b: Option<PartBPlan>,
}

/// One target of a strategy: its cell, its share and its resolved inputs as samplers.
#[derive(Debug, Clone)]
pub struct TargetPlan {
    /// Index of the segment in the field.
    pub segment: usize,
    /// Index of the contact in the field.
    pub contact: usize,
    /// Share of the hours in the first round of `shares` allocation.
    pub share: f64,
    /// The target's resolved inputs.
    pub samplers: StrategySamplers,
    /// The segment's revenue factor (multiplies each deal's revenue).
    pub revenue_factor: f64,
    /// The segment's cycle factor (multiplies each deal's cycle).
    pub cycle_factor: f64,
}

/// One segment of the territory as one rep sees it.
#[derive(Debug, Clone, Copy)]
pub struct SegmentPlan {
    /// The team's accounts at week 0.
    pub accounts: Pool,
    /// Expected fresh accounts entering one rep's share in a week: new_accounts_per_year / 52 / N.
    pub arrivals_per_rep_week: f64,
    /// Whether one of the strategy's targets works the segment.
    pub worked: bool,
}

impl FieldPlan {
    /// The plan of `strategy` (a playing-field strategy: one or more targets) on `field`.
    pub fn new(sim: &Simulation, field: &PlayingField, strategy: &Strategy) -> FieldPlan {
        let targets: Vec<TargetPlan> = strategy
            .targets
            .iter()
            .map(|t| {
                let segment = &field.segments[t.segment];
                TargetPlan {
                    segment: t.segment,
                    contact: t.contact,
                    share: t.share,
                    samplers: StrategySamplers::new(&t.inputs),
                    revenue_factor: segment.revenue_factor,
                    cycle_factor: segment.cycle_factor,
                }
            })
            .collect();
        let reps = sim.reps.max(1);
        let segments = field
            .segments
            .iter()
            .enumerate()
            .map(|(s, seg)| SegmentPlan {
                accounts: seg.accounts,
                arrivals_per_rep_week: seg.new_accounts_per_year / 52.0 / f64::from(reps),
                worked: targets.iter().any(|t| t.segment == s),
            })
            .collect();
        FieldPlan {
            weeks: sim.weeks,
            reps: sim.reps,
            rest_weeks: field.rest_weeks,
            max_passes: field.max_passes.max(1),
            retouch_yield: field.retouch_yield,
            stale: field.stale_probability(),
            allocation: field.allocation,
            hours: HoursSampler::new(
                strategy
                    .inputs
                    .dist(InputKey::ProspectingHoursPerWeek)
                    .sampler(),
            ),
            part_b: PartBPlan::new(field, strategy),
            targets,
            segments,
        }
    }
}

/// One rep's values for one target in a trial, derived from its seven once-a-trial draws.
#[derive(Debug, Clone, Copy)]
pub struct TargetDraws {
    /// The seven draws in [`crate::model::funnel::REP_LEVEL_INPUTS`] order.
    pub draws: [f64; 7],
    /// Dials in one pass: the draw rounded to the nearest whole number (halves up), at least 1.
    pub dials: u64,
    /// Research hours before an account's first pass.
    pub research: f64,
    /// Hours one pass's dials take: dials / dials_per_hour.
    pub dial_hours: f64,
    /// Hours of a first pass: research + dial hours.
    pub first_cost: f64,
    /// P(a first pass reaches a conversation): 1 - (1 - connect)^dials.
    pub reach: f64,
    /// Conversation to appointment.
    pub c2a: f64,
    /// Appointment to proposal.
    pub a2p: f64,
    /// Proposal to close.
    pub close: f64,
}

impl TargetDraws {
    /// Derives the pass costs and the reach from the seven draws (research, dials per account,
    /// dials per hour, connect, c2a, a2p, close).
    pub fn new(draws: [f64; 7]) -> TargetDraws {
        let [
            research,
            dials_drawn,
            dials_per_hour,
            connect,
            c2a,
            a2p,
            close,
        ] = draws;
        // Nearest whole number, halves up; below 1 counts as 1. The cast saturates for absurd
        // draws, which validation keeps out of reach anyway.
        let dials = ((dials_drawn + 0.5).floor() as u64).max(1);
        // Validation keeps dials_per_hour > 0; a continuous draw of exactly 0 (probability
        // zero) makes every pass infinitely long, so the rep works no account.
        let dial_hours = if dials_per_hour > 0.0 {
            dials as f64 / dials_per_hour
        } else {
            f64::INFINITY
        };
        // 1 - (1 - connect)^d as -expm1(d ln(1 - connect)): exact for small connect, and 1 at
        // connect = 1 (ln 0 = -inf).
        let reach = (-(dials as f64 * (-connect).ln_1p()).exp_m1()).clamp(0.0, 1.0);
        TargetDraws {
            draws,
            dials,
            research,
            dial_hours,
            first_cost: research + dial_hours,
            reach,
            c2a,
            a2p,
            close,
        }
    }

    /// P(pass `pass` (1-based) reaches a conversation): reach x yield^(pass - 1).
    pub fn conversation_probability(&self, pass: u32, retouch_yield: f64) -> f64 {
        self.reach * retouch_yield.powi(pass.saturating_sub(1).min(i32::MAX as u32) as i32)
    }

    /// The Bernoulli process of appointments on pass `pass`: p = conversation x c2a.
    pub fn appointment_gaps(&self, pass: u32, retouch_yield: f64) -> ExponentialGaps {
        ExponentialGaps::new(self.conversation_probability(pass, retouch_yield) * self.c2a)
    }
}

/// What a target produced: summed over a rep's horizon, or over a trial's team.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TargetTotals {
    /// Revenue booked within the horizon.
    pub revenue: f64,
    /// Revenue of closes that book after the horizon.
    pub pipeline_past_horizon: f64,
    /// Closes booked within the horizon.
    pub deals: u64,
    /// Every close, booked in time or not.
    pub closes: u64,
    /// Proposals.
    pub proposals: u64,
    /// First appointments (each one takes its account out of prospecting).
    pub appointments: u64,
    /// Conversations with the contact.
    pub conversations: u64,
    /// Dials: passes x dials per pass.
    pub dials: u64,
    /// First passes (a never-touched or a returned account, with its research).
    pub first_passes: u64,
    /// Later passes (re-touches of a rested account).
    pub retouches: u64,
    /// Research hours (first passes x research per account).
    pub research_hours: f64,
    /// Dialing hours (passes x dial hours per pass).
    pub dialing_hours: f64,
    /// Sum of the cycles of every close, in weeks (with the segment's factor).
    pub cycle_weeks_sum: f64,
    /// Sum of the revenue of every close (with the segment's factor).
    pub closed_revenue: f64,
}

impl TargetTotals {
    /// Adds `other` field by field.
    pub fn add(&mut self, other: &TargetTotals) {
        self.revenue += other.revenue;
        self.pipeline_past_horizon += other.pipeline_past_horizon;
        self.deals += other.deals;
        self.closes += other.closes;
        self.proposals += other.proposals;
        self.appointments += other.appointments;
        self.conversations += other.conversations;
        self.dials += other.dials;
        self.first_passes += other.first_passes;
        self.retouches += other.retouches;
        self.research_hours += other.research_hours;
        self.dialing_hours += other.dialing_hours;
        self.cycle_weeks_sum += other.cycle_weeks_sum;
        self.closed_revenue += other.closed_revenue;
    }

    /// Every pass: first passes and re-touches.
    pub fn passes(&self) -> u64 {
        self.first_passes + self.retouches
    }
}

/// A segment's accounts: what entered it over the horizon and where they stand at the end,
/// summed over a trial's reps. For a finite pool, `fresh + due + resting + retired + won +
/// lost` equals the accounts at week 0 plus `arrivals`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SegmentTotals {
    /// Fresh accounts that entered over the horizon.
    pub arrivals: u64,
    /// Never-touched accounts given a first pass.
    pub touched: u64,
    /// Fresh at the horizon: never touched, or returned with a stale contact. An unlimited
    /// pool counts only its returned accounts here (the never-touched never run out).
    pub fresh: u64,
    /// Of `fresh`: accounts returned with a stale contact.
    pub returned: u64,
    /// Due for their next pass but not yet worked.
    pub due: u64,
    /// Resting after a pass without an appointment.
    pub resting: u64,
    /// Retired after the last pass without an appointment.
    pub retired: u64,
    /// Opportunities won: appointments that closed.
    pub won: u64,
    /// Opportunities lost: appointments that did not close.
    pub lost: u64,
}

impl SegmentTotals {
    /// Adds `other` field by field.
    pub fn add(&mut self, other: &SegmentTotals) {
        self.arrivals += other.arrivals;
        self.touched += other.touched;
        self.fresh += other.fresh;
        self.returned += other.returned;
        self.due += other.due;
        self.resting += other.resting;
        self.retired += other.retired;
        self.won += other.won;
        self.lost += other.lost;
    }

    /// The nine counts, in field order (what a run keeps per trial, as columns).
    pub fn counts(&self) -> [u64; 9] {
        [
            self.arrivals,
            self.touched,
            self.fresh,
            self.returned,
            self.due,
            self.resting,
            self.retired,
            self.won,
            self.lost,
        ]
    }

    /// The totals from [`SegmentTotals::counts`].
    pub fn from_counts(c: [u64; 9]) -> SegmentTotals {
        let [
            arrivals,
            touched,
            fresh,
            returned,
            due,
            resting,
            retired,
            won,
            lost,
        ] = c;
        SegmentTotals {
            arrivals,
            touched,
            fresh,
            returned,
            due,
            resting,
            retired,
            won,
            lost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dials_round_half_up_with_one_at_least() {
        let d = |x: f64| TargetDraws::new([0.0, x, 10.0, 0.1, 0.1, 0.5, 0.5]).dials;
        assert_eq!(
            [d(0.0), d(0.4), d(1.49), d(1.5), d(2.5), d(3.2)],
            [1, 1, 1, 2, 3, 3]
        );
    }

    #[test]
    fn reach_and_costs_follow_the_contract() {
        let t = TargetDraws::new([0.5, 3.0, 12.0, 0.1, 0.2, 0.5, 0.5]);
        assert!((t.reach - (1.0 - 0.9f64.powi(3))).abs() < 1e-15);
        assert_eq!(t.dial_hours, 0.25);
        assert_eq!(t.first_cost, 0.75);
        let p2 = t.conversation_probability(2, 0.5);
        assert!((p2 - t.reach * 0.5).abs() < 1e-15);
        assert_eq!(
            TargetDraws::new([0.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0]).reach,
            1.0
        );
    }
}
