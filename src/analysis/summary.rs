//! The summary of a run (what `summary.json` holds), determined by the scenario and seed alone;
//! the figures are defined in `docs/model.md`.

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::field::{FieldSummary, summarize_field};
use crate::analysis::part_b::{PartBSummary, summarize_part_b};
use crate::econ::{EconomicsRun, StrategyEconomics};
use crate::model::analytic::expected_strategy_revenue;
use crate::model::funnel::TrialTotals;
use crate::model::scenario::Scenario;
use crate::sim::{SimResult, StrategyRun};
use crate::stats::{Summary, ratio};

/// The whole summary.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Trials per strategy.
    pub trials: u64,
    /// Horizon in weeks.
    pub weeks: u32,
    /// Team size.
    pub reps: u32,
    /// Per strategy, in scenario order.
    pub strategies: Vec<StrategySummary>,
    /// Each strategy after the first against the first, trial by trial.
    pub comparisons: Vec<Comparison>,
}

/// One strategy's statistics over trials.
#[derive(Debug, Clone, Serialize)]
pub struct StrategySummary {
    /// Strategy name.
    pub name: String,
    /// Team revenue booked within the horizon.
    pub revenue: Summary,
    /// Closes booked within the horizon.
    pub deals: Summary,
    /// Proposals.
    pub proposals: Summary,
    /// First appointments.
    pub appointments: Summary,
    /// Live conversations.
    pub conversations: Summary,
    /// Dial attempts.
    pub dials: Summary,
    /// Revenue of closes that book after the horizon.
    pub pipeline_past_horizon: Summary,
    /// Hours per rep-week (statistics over rep-weeks).
    pub hours_per_rep_week: HoursPerRepWeek,
    /// Pooled ratios over all trials.
    pub kpis: Kpis,
    /// The closed-form mean revenue (docs/model.md), for comparison with `revenue.mean`.
    pub revenue_mean_closed_form: f64,
    /// How often the scenario's `[targets]` are met (absent when it sets none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<TargetResults>,
    /// The business case (absent unless the scenario has `[economics]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economics: Option<StrategyEconomics>,
    /// The playing field: targets, segments, list-out weeks, idle hours (absent in a flat
    /// scenario).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playing_field: Option<FieldSummary>,
    /// The rest of the week and the team: revenue from new logos and expansion, customers,
    /// selling hours, seats (absent unless the playing field uses part B).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_b: Option<PartBSummary>,
}

/// The scenario's targets against a strategy's trials.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetResults {
    /// The team revenue target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue: Option<f64>,
    /// Share of trials in which team revenue reaches it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_revenue_at_least_target: Option<f64>,
    /// The quota per rep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota_per_rep: Option<f64>,
    /// Share of reps (over all trials) whose booked revenue reaches the quota.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_of_reps_at_quota: Option<f64>,
    /// Quota attainment (rep revenue / quota) over reps and trials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota_attainment: Option<Summary>,
}

/// The targets of `scenario` against `run`; None when it sets none.
pub fn target_results(scenario: &Scenario, run: &StrategyRun) -> Option<TargetResults> {
    let t = scenario.targets;
    if t.revenue.is_none() && t.quota_per_rep.is_none() {
        return None;
    }
    let p_revenue = t.revenue.map(|target| {
        let met = run.trials.iter().filter(|x| x.revenue >= target).count();
        ratio(met as f64, run.trials.len() as f64)
    });
    let quota = t.quota_per_rep.filter(|_| !run.rep_revenue.is_empty());
    let attainment = quota.map(|q| {
        let mut a: Vec<f64> = run.rep_revenue.iter().map(|r| f64::from(*r) / q).collect();
        let at_quota = a.iter().filter(|x| **x >= 1.0).count() as f64 / a.len() as f64;
        (at_quota, Summary::of(&mut a))
    });
    Some(TargetResults {
        revenue: t.revenue,
        p_revenue_at_least_target: p_revenue,
        quota_per_rep: t.quota_per_rep,
        share_of_reps_at_quota: attainment.as_ref().map(|a| a.0),
        quota_attainment: attainment.map(|a| a.1),
    })
}

/// Hours per rep-week.
#[derive(Debug, Clone, Serialize)]
pub struct HoursPerRepWeek {
    /// All prospecting hours.
    pub prospecting: Summary,
    /// The research part.
    pub research: Summary,
    /// The dialing part.
    pub dialing: Summary,
}

/// The article's KPIs, pooled over every trial.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Kpis {
    /// Appointments / conversations.
    pub conversation_to_appointment: f64,
    /// Proposals / appointments.
    pub appointment_to_proposal: f64,
    /// Closes / proposals (the closing ratio).
    pub proposal_to_close: f64,
    /// Mean cycle of every close, in weeks.
    pub sales_cycle_weeks: f64,
    /// Mean revenue of every close.
    pub revenue_per_sale: f64,
    /// Revenue booked within the horizon / prospecting hours.
    pub revenue_per_prospecting_hour: f64,
}

/// A strategy against the baseline on paired trials.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The strategy.
    pub strategy: String,
    /// The first strategy of the scenario.
    pub baseline: String,
    /// Share of trials in which the strategy books strictly more revenue.
    pub p_better: f64,
    /// Share of trials in which both book exactly the same revenue (with few deals, often none).
    pub p_tie: f64,
    /// Statistics of (strategy - baseline) revenue per trial.
    pub revenue_difference: Summary,
}

/// Statistics of one per-trial figure.
fn summarize(trials: &[TrialTotals], field: impl Fn(&TrialTotals) -> f64) -> Summary {
    let mut values: Vec<f64> = trials.iter().map(field).collect();
    Summary::of(&mut values)
}

/// The pooled KPIs of a strategy.
pub fn kpis(trials: &[TrialTotals]) -> Kpis {
    let total = |f: fn(&TrialTotals) -> f64| trials.iter().map(f).sum::<f64>();
    let closes = total(|t| t.closes as f64);
    let proposals = total(|t| t.proposals as f64);
    let appointments = total(|t| t.appointments as f64);
    Kpis {
        conversation_to_appointment: ratio(appointments, total(|t| t.conversations as f64)),
        appointment_to_proposal: ratio(proposals, appointments),
        proposal_to_close: ratio(closes, proposals),
        sales_cycle_weeks: ratio(total(|t| t.cycle_weeks_sum), closes),
        revenue_per_sale: ratio(total(|t| t.closed_revenue), closes),
        revenue_per_prospecting_hour: ratio(total(|t| t.revenue), total(|t| t.prospecting_hours)),
    }
}

fn strategy_summary(scenario: &Scenario, index: usize, run: &StrategyRun) -> StrategySummary {
    let t = &run.trials;
    // The per-trial figures, summarised in parallel (each on its own, so the same at any
    // thread count).
    let fields: [fn(&TrialTotals) -> f64; 7] = [
        |x| x.revenue,
        |x| x.deals as f64,
        |x| x.proposals as f64,
        |x| x.appointments as f64,
        |x| x.conversations as f64,
        |x| x.dials as f64,
        |x| x.pipeline_past_horizon,
    ];
    let mut summaries = [Summary::default(); 7];
    summaries
        .par_iter_mut()
        .zip(fields.par_iter())
        .for_each(|(s, field)| *s = summarize(t, field));
    let [
        revenue,
        deals,
        proposals,
        appointments,
        conversations,
        dials,
        pipeline_past_horizon,
    ] = summaries;
    StrategySummary {
        name: run.name.clone(),
        revenue,
        deals,
        proposals,
        appointments,
        conversations,
        dials,
        pipeline_past_horizon,
        hours_per_rep_week: HoursPerRepWeek {
            prospecting: run.hours[0].summary(),
            research: run.hours[1].summary(),
            dialing: run.hours[2].summary(),
        },
        kpis: kpis(t),
        revenue_mean_closed_form: expected_strategy_revenue(scenario, index),
        targets: target_results(scenario, run),
        economics: None,
        playing_field: scenario
            .field
            .as_ref()
            .map(|f| summarize_field(f, &scenario.strategies[index], run)),
        part_b: match (&scenario.field, &run.part_b) {
            (Some(f), Some(b)) => summarize_part_b(f, scenario.simulation.reps, t, b),
            _ => None,
        },
    }
}

/// Pairs `run` with `baseline` trial by trial.
pub fn compare(run: &StrategyRun, baseline: &StrategyRun) -> Comparison {
    let mut diff: Vec<f64> = run
        .trials
        .iter()
        .zip(&baseline.trials)
        .map(|(a, b)| a.revenue - b.revenue)
        .collect();
    let better = diff.iter().filter(|d| **d > 0.0).count();
    let ties = diff.iter().filter(|d| **d == 0.0).count();
    Comparison {
        strategy: run.name.clone(),
        baseline: baseline.name.clone(),
        p_better: ratio(better as f64, diff.len() as f64),
        p_tie: ratio(ties as f64, diff.len() as f64),
        revenue_difference: Summary::of(&mut diff),
    }
}

/// Builds the summary of a finished run (its business case included when the scenario has
/// `[economics]`).
pub fn summarize_run(scenario: &Scenario, result: &SimResult) -> RunSummary {
    summarize_run_with(
        scenario,
        result,
        crate::econ::analyse(scenario, result).as_ref(),
    )
}

/// Builds the summary of a finished run with its business case already computed.
pub fn summarize_run_with(
    scenario: &Scenario,
    result: &SimResult,
    economics: Option<&EconomicsRun>,
) -> RunSummary {
    let runs = &result.strategies;
    let mut summary = RunSummary {
        scenario: scenario.name.clone(),
        seed: scenario.simulation.seed,
        trials: scenario.simulation.trials,
        weeks: scenario.simulation.weeks,
        reps: scenario.simulation.reps,
        strategies: runs
            .par_iter()
            .enumerate()
            .map(|(i, r)| strategy_summary(scenario, i, r))
            .collect(),
        comparisons: runs
            .par_iter()
            .skip(1)
            .map(|r| compare(r, &runs[0]))
            .collect(),
    };
    if let Some(e) = economics {
        for (s, case) in summary.strategies.iter_mut().zip(&e.strategies) {
            s.economics = Some(case.clone());
        }
    }
    summary
}
