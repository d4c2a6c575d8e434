//! Every statistic computed from a finished run: the run summary, week-by-week rows, per-trial
//! figures for the charts, and [`run`], the one function that simulates and summarises.
//!
//! Nothing here formats or writes: `report` turns these values into bytes.

pub mod budget;
pub mod field;
pub mod part_b;
pub mod per_trial;
pub mod summary;
pub mod target;
pub mod weekly;

use std::time::Instant;

use crate::econ::EconomicsRun;
use crate::model::scenario::Scenario;
use crate::sim::{Keep, SimResult, simulate_keeping};
use summary::{RunSummary, summarize_run_with};

/// A simulated and summarised run.
#[derive(Debug, Clone)]
pub struct Run {
    /// The per-trial results.
    pub result: SimResult,
    /// The business case, when the scenario has `[economics]`.
    pub economics: Option<EconomicsRun>,
    /// The summary (as in `summary.json`), the business case included.
    pub summary: RunSummary,
    /// Wall seconds spent simulating.
    pub simulation_seconds: f64,
    /// Wall seconds spent on the business case and the summary.
    pub summary_seconds: f64,
}

/// Simulates `scenario` on the current rayon pool and summarises it; `progress` is told how
/// many trials each finished block held. Every command runs scenarios through here.
pub fn run(scenario: &Scenario, progress: &(dyn Fn(u64) + Sync)) -> Run {
    run_keeping(scenario, Keep::for_summary(scenario), progress)
}

/// [`run`], keeping the per-rep detail `keep` asks for (it must include what
/// [`Keep::for_summary`] keeps).
pub fn run_keeping(scenario: &Scenario, keep: Keep, progress: &(dyn Fn(u64) + Sync)) -> Run {
    let started = Instant::now();
    let result = simulate_keeping(scenario, keep, progress);
    let simulation_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let economics = crate::econ::analyse(scenario, &result);
    let summary = summarize_run_with(scenario, &result, economics.as_ref());
    Run {
        result,
        economics,
        summary,
        simulation_seconds,
        summary_seconds: started.elapsed().as_secs_f64(),
    }
}
