//! `validate`: check a scenario file and say what it would run, without running it.

use std::path::Path;

use super::AppError;
use super::shared::load;
use crate::config::Override;
use crate::model::analytic::expected_strategy_revenue;
use crate::report::format::{money, thousands};

pub(super) fn command(path: &Path, overrides: &[Override]) -> Result<String, AppError> {
    let mut out = String::new();
    let (_, scenario) = load(Some(path), overrides.to_vec())?;
    let sim = scenario.simulation;
    say!(
        out,
        "{}: valid scenario \"{}\" with {} strateg{}",
        path.display(),
        scenario.name,
        scenario.strategies.len(),
        if scenario.strategies.len() == 1 {
            "y"
        } else {
            "ies"
        }
    );
    say!(
        out,
        "It would run {} trials x {} reps x {} weeks x {} strategies = {} rep-weeks (seed {}).",
        thousands(sim.trials as f64),
        sim.reps,
        sim.weeks,
        scenario.strategies.len(),
        thousands(scenario.total_rep_weeks() as f64),
        sim.seed
    );
    say!(
        out,
        "Closed-form mean team revenue over {} weeks:",
        sim.weeks
    );
    let width = scenario
        .strategies
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0);
    for (i, s) in scenario.strategies.iter().enumerate() {
        say!(
            out,
            "  {:<width$}  {}",
            s.name,
            money(expected_strategy_revenue(&scenario, i))
        );
    }
    Ok(out)
}
