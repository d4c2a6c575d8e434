//! Week-by-week figures: cumulative revenue across trials (mean and P10/P50/P90) and hours per
//! rep, per strategy. Feeds `weekly.csv` and the fan chart.

use rayon::prelude::*;

use crate::model::scenario::Scenario;
use crate::sim::{SimResult, StrategyRun};
use crate::stats::quantiles_of;

/// One strategy's figures for one week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekRow {
    /// 1-based week: figures are as of the end of this week.
    pub week: u32,
    /// Mean cumulative team revenue.
    pub revenue_mean: f64,
    /// P10 of cumulative team revenue across trials.
    pub revenue_p10: f64,
    /// Median.
    pub revenue_p50: f64,
    /// P90.
    pub revenue_p90: f64,
    /// Mean prospecting hours per rep in this week.
    pub prospecting_hours: f64,
    /// Mean research hours per rep.
    pub research_hours: f64,
    /// Mean dialing hours per rep.
    pub dialing_hours: f64,
}

/// The rows of one strategy, week 1 to W. Weeks are independent, so they are computed in
/// parallel; each reads its percentiles exactly from its column (by selection, as a sort
/// would), the same at any thread count.
pub fn week_rows(run: &StrategyRun, weeks: u32, reps: u32) -> Vec<WeekRow> {
    let w = weeks as usize;
    let trials = run.trials.len();
    let rep_weeks_per_week = (trials as f64) * f64::from(reps);
    (0..w)
        .into_par_iter()
        .map(|week| {
            let mut column: Vec<f64> = (0..trials)
                .map(|t| f64::from(run.cumulative_revenue[t * w + week]))
                .collect();
            let mean = column.iter().sum::<f64>() / trials.max(1) as f64;
            let [revenue_p10, revenue_p50, revenue_p90] =
                quantiles_of(&mut column, [0.10, 0.50, 0.90]);
            let hours = run.weekly_hours[week];
            WeekRow {
                week: week as u32 + 1,
                revenue_mean: mean,
                revenue_p10,
                revenue_p50,
                revenue_p90,
                prospecting_hours: hours[0] / rep_weeks_per_week,
                research_hours: hours[1] / rep_weeks_per_week,
                dialing_hours: hours[2] / rep_weeks_per_week,
            }
        })
        .collect()
}

/// The rows of every strategy of `result`, with its name, in scenario order.
pub fn all_week_rows(scenario: &Scenario, result: &SimResult) -> Vec<(String, Vec<WeekRow>)> {
    let sim = scenario.simulation;
    result
        .strategies
        .iter()
        .map(|r| (r.name.clone(), week_rows(r, sim.weeks, sim.reps)))
        .collect()
}
