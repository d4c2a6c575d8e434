//! Part B's summary of one strategy (`part_b` in summary.json): revenue from new logos and from
//! expansion, the customers, the hours of the selling week per rep-week, the seats, and how often
//! the squeeze binds (docs/model.md, "Reading part B's figures").

use serde::Serialize;

use crate::model::field::PlayingField;
use crate::model::funnel::TrialTotals;
use crate::model::selling::WhenFull;
use crate::model::team::seat_chain;
use crate::sim::{PartBRun, PartBTrial, PartBWeek};
use crate::stats::{Summary, ratio};

/// What part B adds to a playing-field strategy's summary.
#[derive(Debug, Clone, Serialize)]
pub struct PartBSummary {
    /// `"squeeze"` or `"unlimited"`; absent without `[selling]`.
    pub when_full: Option<&'static str>,
    /// Revenue of new logos (prospecting's deals) booked within the horizon, per trial.
    pub revenue_new_logos: Summary,
    /// Revenue of expansions of the installed base, per trial.
    pub revenue_expansion: Summary,
    /// The installed base, per trial (team).
    pub customers: CustomerSummary,
    /// Hours per rep-week over every rep-week, a vacant seat counting 0 (means).
    pub hours_per_rep_week: SellingHours,
    /// Hours per seated rep-week (means).
    pub hours_per_seated_rep_week: SellingHours,
    /// The seats, per trial (team).
    pub team: TeamSummary,
    /// Share of seated rep-weeks (over reps and trials) in which the selling work exceeded the
    /// selling hours: over the horizon.
    pub squeeze_binds_share: f64,
    /// The same, week by week (length W; 0 for a week without a seated rep).
    pub squeeze_binds_share_by_week: Vec<f64>,
}

/// A trial's revenue from new logos (prospecting's deals): its revenue less part B's expansions.
pub fn new_logo_revenue(trial: &TrialTotals, part_b: &PartBTrial) -> f64 {
    trial.revenue - part_b.expansion_revenue
}

/// The installed base over trials.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerSummary {
    /// Customers at week 0.
    pub start: Summary,
    /// Customers at the horizon.
    pub end: Summary,
    /// Customers lost.
    pub churned: Summary,
    /// Won deals that joined.
    pub joined: Summary,
    /// Touches.
    pub touches: Summary,
    /// Expansions booked.
    pub expansions: Summary,
}

/// Mean selling-week hours per rep-week.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct SellingHours {
    /// Selling hours available (S); 0 without `[selling]`.
    pub selling_available: f64,
    /// Meetings falling due.
    pub appointments: f64,
    /// Proposals falling due.
    pub proposals: f64,
    /// Customer touches by reps.
    pub touches: f64,
    /// Squeezed out of prospecting.
    pub squeezed: f64,
    /// Selling work carried over to the next week (at the week's end).
    pub carry_over: f64,
}

/// The seats over trials.
#[derive(Debug, Clone, Serialize)]
pub struct TeamSummary {
    /// Rep-weeks with the seat empty.
    pub rep_weeks_vacant: Summary,
    /// Rep-weeks of a rep still ramping.
    pub rep_weeks_in_ramp: Summary,
    /// Productive rep-weeks (each seated rep-week counts its productivity m).
    pub productive_rep_weeks: Summary,
    /// The exact expected productive rep-weeks of the team, from the seat's Markov chain.
    pub productive_rep_weeks_expected: f64,
    /// Successors hired.
    pub hires: Summary,
}

/// Part B's summary of a strategy's run on `field` with `reps` reps, or None when the field uses
/// no part B feature.
pub fn summarize_part_b(
    field: &PlayingField,
    reps: u32,
    trials: &[TrialTotals],
    run: &PartBRun,
) -> Option<PartBSummary> {
    if !field.has_part_b() {
        return None;
    }
    let of = |f: &dyn Fn(usize) -> f64| {
        let mut v: Vec<f64> = (0..run.trials.len()).map(f).collect();
        Summary::of(&mut v)
    };
    let b = &run.trials;
    let weeks = run.weeks.len();
    let total = run.total();
    let rep_weeks = (run.trials.len() * weeks) as f64 * f64::from(reps);
    let per = |t: &PartBWeek, n: f64| SellingHours {
        selling_available: ratio(t.selling_available, n),
        appointments: ratio(t.appointments, n),
        proposals: ratio(t.proposals, n),
        touches: ratio(t.touches, n),
        squeezed: ratio(t.squeezed, n),
        carry_over: ratio(t.carry, n),
    };
    let expected = field.team.map_or(f64::from(reps) * weeks as f64, |team| {
        f64::from(reps) * seat_chain(&team.seat_plan(), weeks as u32).productive_weeks()
    });
    Some(PartBSummary {
        when_full: field.selling.as_ref().map(|s| match s.when_full {
            WhenFull::Squeeze => "squeeze",
            WhenFull::Unlimited => "unlimited",
        }),
        revenue_new_logos: of(&|i| new_logo_revenue(&trials[i], &b.get(i))),
        revenue_expansion: of(&|i| b.get(i).expansion_revenue),
        customers: CustomerSummary {
            start: of(&|i| b.get(i).customers_start as f64),
            end: of(&|i| b.get(i).customers_end as f64),
            churned: of(&|i| b.get(i).churned as f64),
            joined: of(&|i| b.get(i).joined as f64),
            touches: of(&|i| b.get(i).touches as f64),
            expansions: of(&|i| b.get(i).expansions as f64),
        },
        hours_per_rep_week: per(&total, rep_weeks),
        hours_per_seated_rep_week: per(&total, total.seated as f64),
        team: TeamSummary {
            rep_weeks_vacant: of(&|i| b.get(i).vacant_weeks as f64),
            rep_weeks_in_ramp: of(&|i| b.get(i).ramp_weeks as f64),
            productive_rep_weeks: of(&|i| b.get(i).productive_weeks),
            productive_rep_weeks_expected: expected,
            hires: of(&|i| b.get(i).hires as f64),
        },
        squeeze_binds_share: ratio(total.binding as f64, total.seated as f64),
        squeeze_binds_share_by_week: run
            .weeks
            .iter()
            .map(|w| ratio(w.binding as f64, w.seated as f64))
            .collect(),
    })
}
