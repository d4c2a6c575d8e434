//! `validate`: check a scenario file and say what it would run, without running it.

use std::path::Path;

use super::AppError;
use super::shared::load;
use crate::config::Override;
use crate::model::analytic::expected_strategy_revenue;
use crate::report::format::{counted, counted_as, display_width, money, pad_right};

pub(super) fn command(path: &Path, overrides: &[Override]) -> Result<String, AppError> {
    let mut out = String::new();
    let (_, scenario) = load(Some(path), overrides.to_vec())?;
    let sim = scenario.simulation;
    let strategies = counted_as(scenario.strategies.len() as u64, "strategy", "strategies");
    say!(
        out,
        "{}: valid scenario \"{}\" with {}",
        path.display(),
        scenario.name,
        strategies
    );
    say!(
        out,
        "It would run {} x {} x {} x {} = {} (seed {}).",
        counted(sim.trials, "trial"),
        counted(sim.reps.into(), "rep"),
        counted(sim.weeks.into(), "week"),
        strategies,
        counted(scenario.total_rep_weeks(), "rep-week"),
        sim.seed
    );
    say!(
        out,
        "Closed-form mean team revenue over {}:",
        counted(sim.weeks.into(), "week")
    );
    let width = scenario
        .strategies
        .iter()
        .map(|s| display_width(&s.name))
        .max()
        .unwrap_or(0);
    for (i, s) in scenario.strategies.iter().enumerate() {
        say!(
            out,
            "  {}  {}",
            pad_right(&s.name, width),
            money(expected_strategy_revenue(&scenario, i))
        );
    }
    Ok(out)
}
