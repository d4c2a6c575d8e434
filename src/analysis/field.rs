//! The playing field's summary of one strategy: per target and per segment, revenue, deals,
//! appointments and passes over trials with the KPIs pooled; per segment, the accounts touched,
//! where they stand at the horizon, and the week each rep's fresh list runs out; hours per
//! rep-week spent on research, dialing and idle ("The playing field" in docs/model.md).

use serde::Serialize;

use crate::analysis::summary::Kpis;
use crate::model::analytic::field_closed_form_is_exact;
use crate::model::field::{Allocation, PlayingField, Pool};
use crate::model::scenario::Strategy;
use crate::model::territory::{SegmentTotals, TargetTotals};
use crate::sim::{FieldRun, StrategyRun, TargetTrial};
use crate::stats::{Summary, ratio};

/// What the playing field adds to a strategy's summary (`playing_field` in summary.json).
#[derive(Debug, Clone, Serialize)]
pub struct FieldSummary {
    /// "shares" or "priority".
    pub allocation: &'static str,
    /// Whether the strategy's `revenue_mean_closed_form` is its exact mean: one pass and every
    /// segment it works unlimited. Otherwise that figure is what its targets would book on an
    /// endless list with one pass.
    pub closed_form_is_exact: bool,
    /// Per target, in the strategy's order.
    pub targets: Vec<TargetSummary>,
    /// Per segment of the field, in the scenario's order (worked by the strategy or not).
    pub segments: Vec<SegmentSummary>,
    /// Hours per rep-week (statistics over rep-weeks): research, dialing, idle.
    pub hours_per_rep_week: FieldHours,
}

/// One target over trials.
#[derive(Debug, Clone, Serialize)]
pub struct TargetSummary {
    /// The segment's name.
    pub segment: String,
    /// The contact's name.
    pub contact: String,
    /// Its share of the hours (0 where a priority list left it out).
    pub share: f64,
    /// Revenue booked within the horizon (team, per trial).
    pub revenue: Summary,
    /// Closes booked within the horizon.
    pub deals: Summary,
    /// First appointments.
    pub appointments: Summary,
    /// First passes.
    pub first_passes: Summary,
    /// Later passes (re-touches).
    pub retouches: Summary,
    /// Dials.
    pub dials: Summary,
    /// The KPIs pooled over trials; revenue per prospecting hour divides by the hours the
    /// target worked (research and dialing).
    pub kpis: Kpis,
}

/// One segment over trials.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentSummary {
    /// The segment's name.
    pub name: String,
    /// Whether the pool is unlimited (then `fresh` counts returned accounts only and the list
    /// never runs out).
    pub unlimited: bool,
    /// Whether one of the strategy's targets works it.
    pub worked: bool,
    /// Revenue of the targets on this segment.
    pub revenue: Summary,
    /// Their deals.
    pub deals: Summary,
    /// Their appointments.
    pub appointments: Summary,
    /// Their passes (first passes and re-touches).
    pub passes: Summary,
    /// Never-touched accounts given a first pass.
    pub touched: Summary,
    /// Fresh accounts that entered over the horizon.
    pub arrivals: Summary,
    /// Accounts by state at the horizon.
    pub at_horizon: SegmentStates,
    /// The week each rep's fresh list first ran out, over rep-trials.
    pub list_out_week: ListOutWeek,
    /// Mean accounts at the horizon by the passes their current contact has had (0 to
    /// max_passes; 0 is fresh: never touched or returned with a new contact).
    pub by_passes_mean: Vec<f64>,
}

/// A segment's accounts at the horizon (team, per trial).
#[derive(Debug, Clone, Serialize)]
pub struct SegmentStates {
    /// Fresh: never touched or returned with a stale contact.
    pub fresh: Summary,
    /// Of which returned with a stale contact.
    pub returned: Summary,
    /// Due for a next pass, not yet worked.
    pub due: Summary,
    /// Resting after a pass.
    pub resting: Summary,
    /// Retired after the last pass.
    pub retired: Summary,
    /// Opportunities won.
    pub won: Summary,
    /// Opportunities lost.
    pub lost: Summary,
}

/// The list-out week (the first week at whose end a rep's fresh pool is empty) over rep-trials:
/// type-7 percentiles of the weeks, with "never" above every week; a percentile that falls on
/// (or between a week and) "never" is absent (null).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct ListOutWeek {
    /// 10th percentile (weeks from 0).
    pub p10: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// Share of rep-trials whose list never ran out within the horizon.
    pub share_never: f64,
}

/// Hours per rep-week on a playing field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldHours {
    /// Research of first passes.
    pub research: Summary,
    /// Dialing.
    pub dialing: Summary,
    /// Idle: hours no target could use (no one left to call).
    pub idle: Summary,
}

/// The playing-field summary of `run`, strategy `strategy` on `field`.
///
/// # Panics
///
/// When `run` has no playing-field part.
pub fn summarize_field(
    field: &PlayingField,
    strategy: &Strategy,
    run: &StrategyRun,
) -> FieldSummary {
    let f = run
        .field
        .as_ref()
        .expect("a playing-field strategy's run has its field part");
    let targets = strategy
        .targets
        .iter()
        .enumerate()
        .map(|(j, t)| target_summary(field, t.segment, t.contact, t.share, f, j))
        .collect();
    let segments = field
        .segments
        .iter()
        .enumerate()
        .map(|(s, seg)| {
            let on: Vec<usize> = strategy
                .targets
                .iter()
                .enumerate()
                .filter(|(_, t)| t.segment == s)
                .map(|(j, _)| j)
                .collect();
            segment_summary(seg.name.clone(), seg.accounts == Pool::Unlimited, &on, f, s)
        })
        .collect();
    FieldSummary {
        allocation: match field.allocation {
            Allocation::Shares => "shares",
            Allocation::Priority => "priority",
        },
        closed_form_is_exact: field_closed_form_is_exact(field, strategy),
        targets,
        segments,
        hours_per_rep_week: FieldHours {
            research: run.hours[1].summary(),
            dialing: run.hours[2].summary(),
            idle: f.idle.summary(),
        },
    }
}

/// Statistics of one per-trial figure.
fn over<T>(items: impl Iterator<Item = T>, value: impl Fn(&T) -> f64) -> Summary {
    let mut v: Vec<f64> = items.map(|x| value(&x)).collect();
    Summary::of(&mut v)
}

fn target_summary(
    field: &PlayingField,
    segment: usize,
    contact: usize,
    share: f64,
    f: &FieldRun,
    j: usize,
) -> TargetSummary {
    let trials = || f.target_trials(j);
    TargetSummary {
        segment: field.segments[segment].name.clone(),
        contact: field.contacts[contact].name.clone(),
        share,
        revenue: over(trials(), |t| t.revenue),
        deals: over(trials(), |t| t.deals as f64),
        appointments: over(trials(), |t| t.appointments as f64),
        first_passes: over(trials(), |t| t.first_passes as f64),
        retouches: over(trials(), |t| t.retouches as f64),
        dials: over(trials(), |t| t.dials as f64),
        kpis: target_kpis(&f.target_totals.get(j).copied().unwrap_or_default()),
    }
}

/// The KPIs of a target, pooled: from its totals summed over trials.
fn target_kpis(sum: &TargetTotals) -> Kpis {
    let closes = sum.closes as f64;
    Kpis {
        conversation_to_appointment: ratio(sum.appointments as f64, sum.conversations as f64),
        appointment_to_proposal: ratio(sum.proposals as f64, sum.appointments as f64),
        proposal_to_close: ratio(closes, sum.proposals as f64),
        sales_cycle_weeks: ratio(sum.cycle_weeks_sum, closes),
        revenue_per_sale: ratio(sum.closed_revenue, closes),
        revenue_per_prospecting_hour: ratio(sum.revenue, sum.research_hours + sum.dialing_hours),
    }
}

fn segment_summary(
    name: String,
    unlimited: bool,
    on: &[usize],
    f: &FieldRun,
    s: usize,
) -> SegmentSummary {
    let trials = f.trial_count();
    // Per trial, the sums over the segment's targets (in target order).
    let per_trial = |value: fn(&TargetTrial) -> f64| -> Summary {
        let mut v: Vec<f64> = (0..trials)
            .map(|i| on.iter().map(|&j| value(&f.target(i, j))).sum())
            .collect();
        Summary::of(&mut v)
    };
    let seg = || f.segment_trials(s);
    let state = |value: fn(&SegmentTotals) -> u64| over(seg(), |x| value(x) as f64);
    SegmentSummary {
        name,
        unlimited,
        worked: !on.is_empty(),
        revenue: per_trial(|t| t.revenue),
        deals: per_trial(|t| t.deals as f64),
        appointments: per_trial(|t| t.appointments as f64),
        passes: per_trial(|t| t.passes() as f64),
        touched: state(|x| x.touched),
        arrivals: state(|x| x.arrivals),
        at_horizon: SegmentStates {
            fresh: state(|x| x.fresh),
            returned: state(|x| x.returned),
            due: state(|x| x.due),
            resting: state(|x| x.resting),
            retired: state(|x| x.retired),
            won: state(|x| x.won),
            lost: state(|x| x.lost),
        },
        list_out_week: list_out_week(f.list_out_counts(s)),
        // Whole-number sums, exact in f64 (below 2^53): the bits of adding trial by trial.
        by_passes_mean: f
            .coverage_totals_of(s)
            .iter()
            .map(|x| ratio(*x as f64, trials as f64))
            .collect(),
    }
}

/// The list-out statistics from counts of rep-trials per week, the last count being "never".
pub fn list_out_week(counts: &[u64]) -> ListOutWeek {
    let n: u64 = counts.iter().sum();
    let never_index = counts.len().saturating_sub(1);
    let never = counts.last().copied().unwrap_or(0);
    // The value of order statistic i (0-based): its week, or None for "never".
    let order = |i: u64| -> Option<f64> {
        let mut seen = 0;
        for (week, c) in counts.iter().enumerate() {
            seen += c;
            if i < seen {
                return (week < never_index).then_some(week as f64);
            }
        }
        None
    };
    let quantile = |p: f64| -> Option<f64> {
        if n == 0 {
            return None;
        }
        let h = p * (n - 1) as f64;
        let lo = h.floor() as u64;
        let hi = (lo + 1).min(n - 1);
        let (a, b) = (order(lo)?, order(hi)?);
        Some(a + (h - lo as f64) * (b - a))
    };
    ListOutWeek {
        p10: quantile(0.10),
        p50: quantile(0.50),
        p90: quantile(0.90),
        share_never: ratio(never as f64, n as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_out_percentiles_interpolate_and_stop_at_never() {
        // Weeks 2, 2, 3, 5 and one "never" (horizon 6: counts for weeks 0..5, then never).
        let counts = [0, 0, 2, 1, 0, 1, 1];
        let l = list_out_week(&counts);
        // n = 5: p10 at h = 0.4 between 2 and 2; p50 at h = 2 (week 3); p90 at h = 3.6
        // between week 5 and never: absent.
        assert_eq!(l.p10, Some(2.0));
        assert_eq!(l.p50, Some(3.0));
        assert_eq!(l.p90, None);
        assert_eq!(l.share_never, 0.2);
        let all_never = list_out_week(&[0, 0, 4]);
        assert_eq!((all_never.p50, all_never.share_never), (None, 1.0));
        let l = list_out_week(&[0, 1, 1, 0]);
        // n = 2: p10 at h = 0.1: 1 + 0.1 x (2 - 1).
        assert!((l.p10.unwrap() - 1.1).abs() < 1e-12);
    }
}
