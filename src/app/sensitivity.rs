//! `sensitivity`: rank the uncertain inputs of a strategy by how much they move the result.

use std::time::Instant;

use anyhow::{Context, anyhow};

use super::AppError;
use super::shared::{
    load, output_dir, overrides, progress_bar, say_charts, strategy_index, thread_pool,
    write_with_chart,
};
use crate::cli::SensitivityArgs;
use crate::report::charts;
use crate::report::files::OutputFile;
use crate::report::format::thousands;
use crate::report::{csv, terminal};
use crate::whatif::sensitivity::analyse;

pub(super) fn command(args: &SensitivityArgs) -> Result<String, AppError> {
    let mut out = String::new();
    let started = Instant::now();
    let run = &args.run;
    let (_, scenario) = load(run.scenario.as_deref(), overrides(run))?;
    let index = strategy_index(&scenario, args.strategy.as_deref())?;
    let out_dir = output_dir(run, &scenario.name)?;
    let pool = thread_pool(run.threads)?;
    let bar = progress_bar(run.quiet, 1, "analysis");
    let analysis = pool
        .install(|| analyse(&scenario, index, args.output))
        .map_err(|e| AppError::bad_input(anyhow!(e)))?;
    bar.finish_and_clear();
    let mut table = Vec::new();
    csv::write_sensitivity(&mut table, &analysis).context("rendering sensitivity.csv")?;
    let chart = charts::tornado::TornadoChart {
        scenario: &scenario,
        analysis: &analysis,
    };
    let drawn = write_with_chart(
        run,
        OutputFile::bytes("sensitivity.csv", table),
        &chart,
        &out_dir,
    )?;
    if !run.quiet {
        say_raw!(
            out,
            "{}",
            terminal::render_sensitivity(&scenario, index, &analysis)
        );
        say!(out);
        say!(
            out,
            "{} runs of {} trials in {:.2} s, on the same trial streams.",
            analysis.runs,
            thousands(scenario.simulation.trials as f64),
            started.elapsed().as_secs_f64()
        );
        say!(out, "Wrote sensitivity.csv to {}", out_dir.display());
        say_charts(&mut out, &drawn);
    }
    Ok(out)
}
