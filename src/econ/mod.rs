//! The business case: weekly cash flows of every trial, and from them NPV, IRR, payback period
//! and ROI, of each strategy on its own and against the baseline, as distributions over trials.
//!
//! A week's cash flow is gross_margin x revenue booked that week - rep_cost_per_hour x the team's
//! prospecting hours - cost_per_rep_week x reps, less the upfront cost in week 0. Gross margin and
//! the hourly cost are drawn once per trial from the same stream for every strategy (paired).

pub mod cashflow;
pub mod reading;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::dist::Sampler;
use crate::model::scenario::Scenario;
use crate::sim::rng::{Purpose, stream};
use crate::sim::{SimResult, StrategyRun};
use crate::stats::{quantile_sorted, ratio};
use cashflow::{CashFlowMetrics, IrrKind, metrics};
pub use reading::{IrrReading, PaybackReading, RoiReading};

/// Mean and percentiles of a figure over the trials where it is defined.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Share of trials in which the figure exists (an IRR needs a sign change, an ROI a cost).
    pub share_defined: f64,
}

impl Spread {
    /// The spread of the defined values among `values`; None when none is defined.
    fn of(values: impl Iterator<Item = Option<f64>>) -> Option<Spread> {
        let mut n = 0usize;
        let mut defined: Vec<f64> = Vec::new();
        for v in values {
            n += 1;
            if let Some(x) = v.filter(|x| x.is_finite()) {
                defined.push(x);
            }
        }
        if defined.is_empty() {
            return None;
        }
        let mean = defined.iter().sum::<f64>() / defined.len() as f64;
        defined.sort_unstable_by(f64::total_cmp);
        Some(Spread {
            mean,
            p10: quantile_sorted(&defined, 0.10),
            p50: quantile_sorted(&defined, 0.50),
            p90: quantile_sorted(&defined, 0.90),
            share_defined: ratio(defined.len() as f64, n as f64),
        })
    }
}

/// Payback weeks: percentiles over all trials, `None` where that percentile of futures has not
/// paid back within the horizon.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct PaybackWeeks {
    /// 10th percentile week.
    pub p10: Option<f64>,
    /// Median week.
    pub p50: Option<f64>,
    /// 90th percentile week.
    pub p90: Option<f64>,
}

/// The case for one series of flows (a strategy's own, or its increment over the baseline).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Case {
    /// NPV at the scenario's discount rate.
    pub npv: Option<Spread>,
    /// P(NPV > 0).
    pub p_npv_positive: f64,
    /// ROI over the horizon: (gain - cost) / cost, over the trials with a cost (its
    /// `share_defined` says how many; without a cost there is nothing to return on).
    pub roi: Option<Spread>,
    /// IRR as a rate of return, annualised, over the trials whose flows are an investment
    /// (cash out first, back later: [`IrrKind::Return`]); `share_defined` says how many.
    pub irr_annual: Option<Spread>,
    /// The same root, annualised, over the trials whose flows borrow (cash in first, out
    /// later: [`IrrKind::BorrowingRate`]): what that money costs, not a return.
    pub borrowing_rate_annual: Option<Spread>,
    /// What the IRR figures mean taken together ([`IrrReading`]): the words every table and
    /// report shows, so that a borrowing rate is never shown as a return.
    pub irr_meaning: IrrMeaning,
    /// P(the cumulative flow turns non-negative and stays so within the horizon).
    pub p_payback_within_horizon: f64,
    /// P(the cumulative flow is never negative): nothing to pay back (counted as payback in
    /// week 0 above).
    pub p_never_behind: f64,
    /// Payback week percentiles.
    pub payback_week: PaybackWeeks,
}

/// A strategy's business case.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StrategyEconomics {
    /// The strategy's own flows: its gross profit against its own costs.
    pub own: Case,
    /// Its flows less the baseline's, trial by trial (absent for the baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_baseline: Option<Case>,
}

/// What the charts and report need beyond the summary: per week, P10/P50/P90 of the cumulative
/// incremental flow, and each trial's payback week (None: not within the horizon).
#[derive(Debug, Clone, PartialEq)]
pub struct IncrementalDetail {
    /// Per week: (P10, P50, P90) of the cumulative incremental cash flow.
    pub cumulative_bands: Vec<(f64, f64, f64)>,
    /// Per trial: the payback week of the incremental flow.
    pub payback_weeks: Vec<Option<usize>>,
}

/// Everything computed for a run with `[economics]`.
#[derive(Debug, Clone)]
pub struct EconomicsRun {
    /// Per strategy, in scenario order.
    pub strategies: Vec<StrategyEconomics>,
    /// Per strategy after the baseline (index 0 of this Vec is strategy 1).
    pub incremental: Vec<IncrementalDetail>,
}

/// One trial's figures: each strategy's own case, each later strategy's incremental case, and
/// each later strategy's cumulative incremental flow by week.
struct TrialFigures {
    own: Vec<CashFlowMetrics>,
    incremental: Vec<CashFlowMetrics>,
    cumulative: Vec<Vec<f64>>,
}

/// What a case's IRR figures mean over its trials, as `summary.json` carries it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum IrrMeaning {
    /// At least half the trials are investments: `irr_annual` is a rate of return.
    Return,
    /// At least half the trials borrow: `borrowing_rate_annual` is what the money costs.
    BorrowingRate,
    /// Trials of both kinds, neither half: no one rate describes the case.
    Mixed,
    /// No trial has an IRR that reads either way.
    NotApplicable,
}

fn summarise(cases: &[CashFlowMetrics]) -> Case {
    let n = cases.len().max(1) as f64;
    let mut weeks: Vec<f64> = cases
        .iter()
        .map(|c| c.payback_week.map_or(f64::INFINITY, |w| w as f64))
        .collect();
    weeks.sort_unstable_by(f64::total_cmp);
    let week_at = |q: f64| {
        let v = quantile_sorted(&weeks, q);
        v.is_finite().then_some(v)
    };
    let irr_of = |kind: IrrKind| {
        cases
            .iter()
            .map(move |c| c.irr_annual.filter(|_| c.irr_kind == kind))
    };
    let share = |kind: IrrKind| cases.iter().filter(|c| c.irr_kind == kind).count() as f64 / n;
    let (returns, borrowing) = (share(IrrKind::Return), share(IrrKind::BorrowingRate));
    let meaning = if returns >= 0.5 {
        IrrMeaning::Return
    } else if borrowing >= 0.5 {
        IrrMeaning::BorrowingRate
    } else if returns + borrowing > 0.0 {
        IrrMeaning::Mixed
    } else {
        IrrMeaning::NotApplicable
    };
    Case {
        npv: Spread::of(cases.iter().map(|c| Some(c.npv))),
        p_npv_positive: cases.iter().filter(|c| c.npv > 0.0).count() as f64 / n,
        roi: Spread::of(cases.iter().map(|c| c.roi)),
        irr_annual: Spread::of(irr_of(IrrKind::Return)),
        borrowing_rate_annual: Spread::of(irr_of(IrrKind::BorrowingRate)),
        irr_meaning: meaning,
        p_payback_within_horizon: cases.iter().filter(|c| c.payback_week.is_some()).count() as f64
            / n,
        p_never_behind: cases.iter().filter(|c| c.never_behind).count() as f64 / n,
        payback_week: PaybackWeeks {
            p10: week_at(0.10),
            p50: week_at(0.50),
            p90: week_at(0.90),
        },
    }
}

/// A trial's gross margin and hourly cost (one stream per trial, shared by every strategy),
/// from the samplers of `[economics]` built once per run.
fn trial_economics(samplers: &[Sampler; 2], seed: u64, trial: u64) -> (f64, f64) {
    let mut rng = stream(seed, trial, 0, Purpose::Economics);
    let margin = samplers[0].sample(&mut rng);
    let cost_per_hour = samplers[1].sample(&mut rng);
    (margin, cost_per_hour)
}

/// Weekly flows of strategy `run` in trial `t`, with its total gain and total cost.
fn flows_of(
    scenario: &Scenario,
    index: usize,
    run: &StrategyRun,
    trial: usize,
    margin: f64,
    cost_per_hour: f64,
) -> (Vec<f64>, f64, f64) {
    let w = scenario.simulation.weeks as usize;
    let costs = scenario.strategies[index].costs;
    let reps = f64::from(scenario.simulation.reps);
    let cumulative = &run.cumulative_revenue[trial * w..(trial + 1) * w];
    let hours = &run.trial_weekly_hours[trial * w..(trial + 1) * w];
    let (mut gain, mut cost) = (0.0, 0.0);
    let mut previous = 0.0;
    let flows = (0..w)
        .map(|t| {
            let revenue = f64::from(cumulative[t]) - previous;
            previous = f64::from(cumulative[t]);
            let g = margin * revenue;
            let c = cost_per_hour * f64::from(hours[t])
                + costs.per_rep_week * reps
                + if t == 0 { costs.upfront } else { 0.0 };
            gain += g;
            cost += c;
            g - c
        })
        .collect();
    (flows, gain, cost)
}

/// The business case of every strategy of a run; None when the scenario has no `[economics]`.
pub fn analyse(scenario: &Scenario, result: &SimResult) -> Option<EconomicsRun> {
    let e = scenario.economics.as_ref()?;
    let sim = scenario.simulation;
    let samplers = [
        e.gross_margin.dist.sampler(),
        e.rep_cost_per_hour.dist.sampler(),
    ];
    let trials = sim.trials as usize;
    let w = sim.weeks as usize;
    let s = scenario.strategies.len();
    // Per trial, in parallel; each trial's figures are computed alone and collected in trial
    // order, so the result does not depend on the thread count.
    let per_trial: Vec<TrialFigures> = (0..trials)
        .into_par_iter()
        .map(|t| {
            let (margin, cost_per_hour) = trial_economics(&samplers, sim.seed, t as u64);
            let series: Vec<(Vec<f64>, f64, f64)> = (0..s)
                .map(|i| flows_of(scenario, i, &result.strategies[i], t, margin, cost_per_hour))
                .collect();
            let own = series
                .iter()
                .map(|(f, g, c)| metrics(f, *g, *c, e.discount_rate))
                .collect();
            let (base_flows, base_gain, base_cost) = &series[0];
            let mut incremental = Vec::with_capacity(s.saturating_sub(1));
            let mut cumulative = Vec::with_capacity(s.saturating_sub(1));
            for (flows, gain, cost) in &series[1..] {
                let inc: Vec<f64> = flows.iter().zip(base_flows).map(|(a, b)| a - b).collect();
                let mut running = 0.0;
                cumulative.push(
                    inc.iter()
                        .map(|x| {
                            running += x;
                            running
                        })
                        .collect(),
                );
                incremental.push(metrics(
                    &inc,
                    gain - base_gain,
                    cost - base_cost,
                    e.discount_rate,
                ));
            }
            TrialFigures {
                own,
                incremental,
                cumulative,
            }
        })
        .collect();
    let strategies = (0..s)
        .map(|i| {
            let own: Vec<CashFlowMetrics> = per_trial.iter().map(|p| p.own[i]).collect();
            let vs_baseline = (i > 0).then(|| {
                let inc: Vec<CashFlowMetrics> =
                    per_trial.iter().map(|p| p.incremental[i - 1]).collect();
                summarise(&inc)
            });
            let own = summarise(&own);
            StrategyEconomics { own, vs_baseline }
        })
        .collect();
    let incremental = (1..s)
        .map(|i| {
            let cumulative_bands = (0..w)
                .map(|week| {
                    let mut column: Vec<f64> = per_trial
                        .iter()
                        .map(|p| p.cumulative[i - 1][week])
                        .collect();
                    column.sort_unstable_by(f64::total_cmp);
                    (
                        quantile_sorted(&column, 0.10),
                        quantile_sorted(&column, 0.50),
                        quantile_sorted(&column, 0.90),
                    )
                })
                .collect();
            let payback_weeks = per_trial
                .iter()
                .map(|p| p.incremental[i - 1].payback_week)
                .collect();
            IncrementalDetail {
                cumulative_bands,
                payback_weeks,
            }
        })
        .collect();
    Some(EconomicsRun {
        strategies,
        incremental,
    })
}
