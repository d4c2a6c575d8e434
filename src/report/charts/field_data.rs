//! The playing-field charts' data, computed once from a run: per strategy and segment the team's
//! fresh accounts week by week (median and P10-P90 over futures), the mean hours of a rep-week
//! by week, and how many times the accounts were touched by the horizon ("The playing field" in
//! docs/model.md). Pure arithmetic, unit-tested here; the charts only draw it.

use super::data::FanPoint;
use crate::analysis::field::{FieldSummary, SegmentSummary};
use crate::model::field::{PlayingField, Pool};
use crate::sim::FieldRun;
use crate::stats::WholeCounts;

/// The fewest passes of the last [`COVERAGE`] category ("3 passes or more").
pub const COVERAGE_LAST_PASSES: u32 = 3;

/// The coverage categories, in the order they are stacked.
pub const COVERAGE: [&str; 5] = [
    "never touched",
    "new contact, not yet called",
    "1 pass",
    "2 passes",
    "3 passes or more",
];

/// One strategy's playing-field chart data.
#[derive(Debug, Clone)]
pub struct StrategyField {
    /// Per segment: the team's fresh accounts from the start (week 0, before any work) to the
    /// end of each week (point `t + 1` is the end of week t): median and P10-P90 over futures.
    /// Empty for an unlimited pool.
    pub burn_down: Vec<Vec<FanPoint>>,
    /// Per week: the mean hours of a rep-week.
    pub weeks: Vec<WeekHours>,
    /// Per segment: the mean share of its accounts (at week 0 plus arrivals) in each
    /// [`COVERAGE`] category by the horizon; None for an unlimited pool.
    pub coverage: Vec<Option<[f64; 5]>>,
}

/// The mean hours of a rep-week in one week.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WeekHours {
    /// Hours available to prospect.
    pub prospecting: f64,
    /// Research of first passes.
    pub research: f64,
    /// Dialing.
    pub dialing: f64,
    /// Idle: no one left to call.
    pub idle: f64,
}

impl StrategyField {
    /// The chart data of one strategy's `run` on `field` (`summary` its playing-field
    /// summary), over `trials` futures of `reps` reps; `weekly_hours` is the run's per-week
    /// prospecting, research and dialing hours summed over reps and futures.
    pub fn new(
        field: &PlayingField,
        summary: &FieldSummary,
        run: &FieldRun,
        weekly_hours: &[[f64; 3]],
        trials: u64,
        reps: u32,
    ) -> StrategyField {
        let burn_down = field
            .segments
            .iter()
            .enumerate()
            .map(|(s, seg)| match seg.accounts {
                Pool::Unlimited => Vec::new(),
                Pool::Finite(a) => burn_down(run.fresh_counts(s), a as f64),
            })
            .collect();
        let rep_weeks = (trials as f64 * f64::from(reps)).max(1.0);
        let weeks = weekly_hours
            .iter()
            .zip(&run.weekly_idle)
            .map(|(h, idle)| WeekHours {
                prospecting: h[0] / rep_weeks,
                research: h[1] / rep_weeks,
                dialing: h[2] / rep_weeks,
                idle: idle / rep_weeks,
            })
            .collect();
        let coverage = field
            .segments
            .iter()
            .zip(&summary.segments)
            .map(|(seg, g)| (seg.accounts != Pool::Unlimited).then(|| coverage(g)))
            .collect();
        StrategyField {
            burn_down,
            weeks,
            coverage,
        }
    }
}

/// A segment's fresh accounts by week, from their counts over futures week by week
/// ([`FieldRun::fresh_counts`]), starting from `initial` at week 0; it stops at the first week
/// with no futures counted.
pub fn burn_down<'a>(
    fresh_by_week: impl Iterator<Item = &'a WholeCounts>,
    initial: f64,
) -> Vec<FanPoint> {
    let mut points = vec![FanPoint {
        week: 0.0,
        p10: initial,
        p50: initial,
        p90: initial,
    }];
    for (week, counts) in fresh_by_week.enumerate() {
        if counts.is_empty() {
            break;
        }
        points.push(FanPoint {
            week: (week + 1) as f64,
            p10: counts.quantile(0.10),
            p50: counts.quantile(0.50),
            p90: counts.quantile(0.90),
        });
    }
    points
}

/// The shares of a finite segment's accounts in each [`COVERAGE`] category by the horizon, from
/// its means over futures (all 0 when the segment has no accounts).
pub fn coverage(g: &SegmentSummary) -> [f64; 5] {
    let by = &g.by_passes_mean;
    let at = |k: usize| by.get(k).copied().unwrap_or(0.0);
    let returned = g.at_horizon.returned.mean;
    let counts = [
        (at(0) - returned).max(0.0),
        returned,
        at(1),
        at(2),
        by.iter().skip(COVERAGE_LAST_PASSES as usize).sum(),
    ];
    let total: f64 = counts.iter().sum();
    if total <= 0.0 {
        return [0.0; 5];
    }
    counts.map(|c| c / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burn_down_starts_full_and_takes_percentiles_over_futures() {
        // Two weeks, five futures; the segment of future i has 10 x i accounts left at the end of
        // week 0 and none at the end of week 1.
        let mut fresh = vec![WholeCounts::default(); 2];
        for i in 0..5 {
            fresh[0].add(10 * i);
            fresh[1].add(0);
        }
        let b = burn_down(fresh.iter(), 50.0);
        assert_eq!(b.len(), 3);
        assert_eq!((b[0].week, b[0].p50), (0.0, 50.0));
        // 0, 10, 20, 30, 40: type-7 P10 at h = 0.4 -> 4, median 20, P90 at h = 3.6 -> 36.
        assert_eq!(b[1].week, 1.0);
        assert!((b[1].p10 - 4.0).abs() < 1e-12);
        assert_eq!(b[1].p50, 20.0);
        assert!((b[1].p90 - 36.0).abs() < 1e-12);
        assert_eq!((b[2].p10, b[2].p90), (0.0, 0.0));
    }

    #[test]
    fn coverage_splits_fresh_into_never_touched_and_new_contacts() {
        let scenario = crate::config::built_in_with_trials(3);
        let run = crate::analysis::run(&scenario, &|_| {});
        let mut g = run.summary.strategies[0]
            .playing_field
            .clone()
            .unwrap()
            .segments[0]
            .clone();
        // Means of 50 fresh (10 of them returned), then 20, 20, 5 and 5 accounts after 1 to 4
        // passes: 100 in all.
        g.by_passes_mean = vec![50.0, 20.0, 20.0, 5.0, 5.0];
        g.at_horizon.returned.mean = 10.0;
        assert_eq!(coverage(&g), [0.4, 0.1, 0.2, 0.2, 0.1]);
        g.by_passes_mean = vec![0.0; 4];
        g.at_horizon.returned.mean = 0.0;
        assert_eq!(coverage(&g), [0.0; 5]);
    }
}
