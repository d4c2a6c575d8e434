//! Part B's chart data, computed once from a run: the whole rep-week by week (prospecting,
//! selling work and the squeeze), the installed base (customers by week, median and P10-P90
//! over futures; revenue from new logos against expansion), and the team's productive
//! rep-weeks by week (docs/model.md, "The rest of the week and the team"). Pure arithmetic,
//! unit-tested here; the charts only draw it.

use super::data::FanPoint;
use crate::model::rep_b::PartBWeek;
use crate::sim::{PartBRun, StrategyRun};

/// One strategy's part B chart data.
#[derive(Debug, Clone)]
pub struct StrategyPartB {
    /// Per week, the mean rep-week (a vacant seat counting 0).
    pub weeks: Vec<WholeWeek>,
    /// The team's customers from week 0 (point 0, before any churn) to the end of each week:
    /// median and P10-P90 over futures.
    pub customers: Vec<FanPoint>,
    /// Mean cumulative revenue at the end of each week: (new logos, expansion).
    pub revenue: Vec<(f64, f64)>,
    /// Per week, the team's mean productive rep-weeks (the sum of m), seated rep-weeks and
    /// rep-weeks of reps still ramping.
    pub capacity: Vec<Capacity>,
}

/// The mean rep-week of one week, in hours: what prospecting got (research, dialing, idle),
/// the selling work done in prospecting time (squeezed), and the selling work done within the
/// selling hours, split among meetings, proposals and touches in proportion to the work that
/// fell due.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WholeWeek {
    /// Research of first passes.
    pub research: f64,
    /// Dialing.
    pub dialing: f64,
    /// Idle: no one left to call.
    pub idle: f64,
    /// Selling work done in prospecting time.
    pub squeezed: f64,
    /// Meetings, proposals and customer touches done within the selling hours.
    pub selling: [f64; 3],
    /// Prospecting hours drawn (H, before the squeeze).
    pub prospecting_drawn: f64,
    /// Selling hours available (S).
    pub selling_available: f64,
}

/// The team's capacity in one week (means over futures).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Capacity {
    /// Productive rep-weeks: each seated rep counts their productivity m.
    pub productive: f64,
    /// Seated rep-weeks.
    pub seated: f64,
    /// Rep-weeks of reps still ramping.
    pub ramping: f64,
}

impl StrategyPartB {
    /// The chart data of one strategy's `run` (with its part B `b`), over `trials` futures of
    /// `reps` reps; `weekly_idle` is the run's idle hours by week summed over reps and futures.
    pub fn new(
        run: &StrategyRun,
        b: &PartBRun,
        weekly_idle: &[f64],
        trials: u64,
        reps: u32,
    ) -> StrategyPartB {
        let trials_f = (trials as f64).max(1.0);
        let rep_weeks = (trials_f * f64::from(reps)).max(1.0);
        let weeks = b
            .weeks
            .iter()
            .zip(&run.weekly_hours)
            .zip(weekly_idle)
            .map(|((w, h), idle)| whole_week(w, h, *idle, rep_weeks))
            .collect();
        let w = b.weeks.len();
        let start = b
            .trials
            .iter()
            .map(|t| t.customers_start as f64)
            .sum::<f64>();
        let start = start / trials_f;
        let mut customers = vec![FanPoint {
            week: 0.0,
            p10: start,
            p50: start,
            p90: start,
        }];
        for (t, counts) in b.customers_by_week.iter().enumerate() {
            customers.push(FanPoint {
                week: (t + 1) as f64,
                p10: counts.quantile(0.1),
                p50: counts.quantile(0.5),
                p90: counts.quantile(0.9),
            });
        }
        // Cumulative mean revenue: all of it from the run's weekly cumulative revenue, the
        // expansion part from part B's weekly sums.
        let mut revenue = Vec::with_capacity(w);
        let mut expansion = 0.0;
        for (t, week) in b.weeks.iter().enumerate() {
            expansion += week.expansion_revenue / trials_f;
            let all = (0..b.trials.len())
                .map(|i| f64::from(run.cumulative_revenue[i * w + t]))
                .sum::<f64>()
                / trials_f;
            revenue.push(((all - expansion).max(0.0), expansion));
        }
        let capacity = b
            .weeks
            .iter()
            .map(|w| Capacity {
                productive: w.productive / trials_f,
                seated: w.seated as f64 / trials_f,
                ramping: w.ramping as f64 / trials_f,
            })
            .collect();
        StrategyPartB {
            weeks,
            customers,
            revenue,
            capacity,
        }
    }
}

/// The mean rep-week of a week from its sums over `rep_weeks` rep-weeks: `h` the prospecting,
/// research and dialing hours, `idle` the idle hours.
fn whole_week(w: &PartBWeek, h: &[f64; 3], idle: f64, rep_weeks: f64) -> WholeWeek {
    let due = w.appointments + w.proposals + w.touches;
    let share = |x: f64| if due > 0.0 { w.within * x / due } else { 0.0 };
    WholeWeek {
        research: h[1] / rep_weeks,
        dialing: h[2] / rep_weeks,
        idle: idle / rep_weeks,
        squeezed: w.squeezed / rep_weeks,
        selling: [
            share(w.appointments) / rep_weeks,
            share(w.proposals) / rep_weeks,
            share(w.touches) / rep_weeks,
        ],
        prospecting_drawn: w.prospecting_drawn / rep_weeks,
        selling_available: w.selling_available / rep_weeks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 10 rep-weeks: 200 h drawn, 20 squeezed out (so 180 prospected: 100 research, 60
    /// dialing, 20 idle), 150 h of selling available, work due 40 + 20 + 10 = 70 h of which 50
    /// done within S: meetings 50 x 40/70, proposals 50 x 20/70, touches 50 x 10/70.
    #[test]
    fn the_whole_week_splits_selling_work_in_proportion() {
        let w = PartBWeek {
            prospecting_drawn: 200.0,
            selling_available: 150.0,
            appointments: 40.0,
            proposals: 20.0,
            touches: 10.0,
            within: 50.0,
            squeezed: 20.0,
            ..PartBWeek::default()
        };
        let x = whole_week(&w, &[180.0, 100.0, 60.0], 20.0, 10.0);
        assert_eq!(
            (x.research, x.dialing, x.idle, x.squeezed),
            (10.0, 6.0, 2.0, 2.0)
        );
        let want = [5.0 * 4.0 / 7.0, 5.0 * 2.0 / 7.0, 5.0 / 7.0];
        for (got, want) in x.selling.iter().zip(want) {
            assert!((got - want).abs() < 1e-12);
        }
        // Prospected + squeezed = drawn.
        assert_eq!(
            x.research + x.dialing + x.idle + x.squeezed,
            x.prospecting_drawn
        );
        assert_eq!(x.selling_available, 15.0);
    }
}
