//! `sensitivity`: rank the uncertain inputs of a strategy by how much they move the result.

use std::time::Instant;

use anyhow::{Context, anyhow};

use super::AppError;
use super::shared::{
    check_budget, load, output_dir, overrides, progress_bar, say_charts, strategy_index,
    thread_pool, write_with_chart,
};
use crate::analysis::budget::estimate;
use crate::cli::SensitivityArgs;
use crate::report::charts;
use crate::report::files::OutputFile;
use crate::report::format::counted;
use crate::report::{csv, terminal};
use crate::sim::Keep;
use crate::whatif::sensitivity::{analyse_with_progress, runs_needed};

pub(super) fn command(args: &SensitivityArgs) -> Result<String, AppError> {
    let mut out = String::new();
    let started = Instant::now();
    let run = &args.run;
    let (_, scenario) = load(run.scenario.as_deref(), overrides(run))?;
    let index = strategy_index(&scenario, args.strategy.as_deref())?;
    let pool = thread_pool(run.threads)?;
    // The base run keeps every rep's draws and revenue while the other runs go on.
    let threads = pool.current_num_threads();
    let detail = Keep {
        rep_revenue: true,
        rep_draws: true,
        ..Keep::for_summary(&scenario)
    };
    let other_run = estimate(&scenario, Keep::for_summary(&scenario), threads).bytes;
    check_budget(&scenario, detail, other_run, threads)?;
    let dir = output_dir(run, &scenario.name)?;
    let out_dir = dir.path();
    let runs = runs_needed(&scenario, index);
    let bar = progress_bar(
        run.quiet,
        runs * scenario.simulation.trials,
        "trials (all runs)",
    );
    let analysis = pool
        .install(|| analyse_with_progress(&scenario, index, args.output, &|n| bar.inc(n)))
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
        out_dir,
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
            "{} of {} in {:.2} s, on the same trial streams.",
            counted(analysis.runs as u64, "run"),
            counted(scenario.simulation.trials, "trial"),
            started.elapsed().as_secs_f64()
        );
        say!(out, "Wrote sensitivity.csv to {}", out_dir.display());
        say_charts(&mut out, &drawn);
    }
    Ok(out)
}
