//! [`ChartInput`]: what a run's charts and its report are drawn from, with the chart data
//! computed once before drawing.

use rayon::prelude::*;

use super::field_data::StrategyField;
use super::kind::ChartKind;
use super::part_b_data::StrategyPartB;
use crate::analysis::per_trial::{self, Funnel};
use crate::analysis::summary::RunSummary;
use crate::analysis::weekly::WeekRow;
use crate::econ::EconomicsRun;
use crate::model::scenario::Scenario;
use crate::report::format::counted;
use crate::sim::SimResult;

/// One strategy's chart data, computed once before drawing.
#[derive(Debug, Clone)]
pub struct StrategyData {
    /// Trial revenues, sorted.
    pub revenue: Vec<f64>,
    /// Team prospecting hours per close, per trial with a close, sorted.
    pub hours_per_deal: Vec<f64>,
    /// Trials without a close.
    pub trials_without_close: usize,
    /// Mean funnel per rep-week.
    pub funnel: Funnel,
}

/// A strategy against the baseline, trial by trial.
#[derive(Debug, Clone)]
pub struct Difference {
    /// Index of the strategy.
    pub strategy: usize,
    /// `strategy - baseline` revenue per trial, sorted.
    pub values: Vec<f64>,
}

/// Everything the charts and the report are drawn from.
pub struct ChartInput<'a> {
    /// The scenario as run (trials and seed after any override).
    pub scenario: &'a Scenario,
    /// The run's summary.
    pub summary: &'a RunSummary,
    /// The per-trial results.
    pub result: &'a SimResult,
    /// Week rows per strategy.
    pub weekly: &'a [(String, Vec<WeekRow>)],
    /// The scenario's revenue target, marked on the exceedance chart.
    pub target: Option<f64>,
    /// Per strategy, in scenario order.
    pub strategies: Vec<StrategyData>,
    /// Each strategy after the first against the first.
    pub differences: Vec<Difference>,
    /// The business case, when the scenario has `[economics]` (see
    /// [`ChartInput::with_economics`]): adds the payback chart and the report's business case.
    pub economics: Option<&'a EconomicsRun>,
    /// Per strategy, the playing-field chart data (empty in a flat run).
    pub field: Vec<StrategyField>,
    /// Per strategy, part B's chart data (None where the run has no part B; empty in a flat
    /// run).
    pub part_b: Vec<Option<StrategyPartB>>,
}

impl<'a> ChartInput<'a> {
    /// Precomputes the chart data of a run (on the current rayon pool).
    pub fn new(
        scenario: &'a Scenario,
        summary: &'a RunSummary,
        result: &'a SimResult,
        weekly: &'a [(String, Vec<WeekRow>)],
    ) -> Self {
        let sim = scenario.simulation;
        let rep_weeks = f64::from(sim.reps) * f64::from(sim.weeks);
        let strategies = result
            .strategies
            .par_iter()
            .map(|run| {
                let (hours_per_deal, trials_without_close) = per_trial::hours_per_deal(&run.trials);
                StrategyData {
                    revenue: per_trial::sorted_revenue(&run.trials),
                    hours_per_deal,
                    trials_without_close,
                    funnel: per_trial::funnel(&run.trials, rep_weeks),
                }
            })
            .collect();
        let differences = result
            .strategies
            .par_iter()
            .enumerate()
            .skip(1)
            .map(|(i, run)| Difference {
                strategy: i,
                values: per_trial::sorted_difference(&run.trials, &result.strategies[0].trials),
            })
            .collect();
        let field = match &scenario.field {
            Some(f) => result
                .strategies
                .par_iter()
                .zip(&summary.strategies)
                .filter_map(|(run, s)| {
                    let field_run = run.field.as_ref()?;
                    Some(StrategyField::new(
                        f,
                        s.playing_field.as_ref()?,
                        field_run,
                        &run.weekly_hours,
                        sim.trials,
                        sim.reps,
                    ))
                })
                .collect(),
            None => Vec::new(),
        };
        let part_b = result
            .strategies
            .par_iter()
            .map(|run| {
                let b = run.part_b.as_ref()?;
                let idle = &run.field.as_ref()?.weekly_idle;
                Some(StrategyPartB::new(run, b, idle, sim.trials, sim.reps))
            })
            .collect();
        ChartInput {
            scenario,
            summary,
            result,
            weekly,
            target: scenario.targets.revenue,
            strategies,
            differences,
            economics: None,
            field,
            part_b,
        }
    }

    /// The same input with the run's business case (None leaves it without).
    pub fn with_economics(mut self, economics: Option<&'a EconomicsRun>) -> Self {
        self.economics = economics;
        self
    }

    /// The charts this run draws, in report order: [`ChartKind::ALL`] (without the difference
    /// chart when there is one strategy: nothing to compare), then [`ChartKind::FIELD`] in a
    /// playing-field run, then the payback chart when there is a business case with a switch
    /// to weigh (two strategies or more).
    pub fn kinds(&self) -> Vec<ChartKind> {
        let mut kinds = ChartKind::ALL.to_vec();
        if self.differences.is_empty() {
            kinds.retain(|k| *k != ChartKind::Difference);
        }
        if !self.field.is_empty() {
            kinds.extend(ChartKind::FIELD);
        }
        if let Some(f) = &self.scenario.field
            && self.part_b.iter().any(Option::is_some)
        {
            if f.selling.is_some() || f.installed_base.is_some() {
                kinds.push(ChartKind::WholeWeek);
            }
            let customers = f.segments.iter().any(|s| s.customers > 0);
            if customers || f.installed_base.is_some() {
                kinds.push(ChartKind::InstalledBase);
            }
            if f.team.is_some() {
                kinds.push(ChartKind::TeamCapacity);
            }
        }
        if self.economics.is_some_and(|e| !e.incremental.is_empty()) {
            kinds.push(ChartKind::Payback);
        }
        kinds
    }

    /// Strategy names in scenario order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.summary.strategies.iter().map(|s| s.name.as_str())
    }

    /// The footnote every chart carries: what was run, so a chart pasted into a slide can be
    /// traced back.
    pub fn provenance(&self) -> String {
        provenance(self.scenario)
    }
}

/// The footnote of a chart of `scenario` as run: version, scenario, size and seed.
pub fn provenance(scenario: &Scenario) -> String {
    let s = scenario.simulation;
    format!(
        "prospect-sim {} · scenario {} · {} × {} × {} · seed {}",
        env!("CARGO_PKG_VERSION"),
        scenario.name,
        counted(s.trials, "future"),
        counted(u64::from(s.reps), "rep"),
        counted(u64::from(s.weeks), "week"),
        s.seed
    )
}
