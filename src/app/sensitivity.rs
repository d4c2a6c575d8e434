//! `sensitivity`: rank the uncertain inputs of a strategy by how much they move the result.

use std::time::Instant;

use anyhow::anyhow;

use super::AppError;
use super::shared::{
    create_output_dir, draw_chart, load, output_dir, overrides, progress_bar, say_charts,
    strategy_index, thread_pool,
};
use crate::cli::SensitivityArgs;
use crate::report::charts;
use crate::report::files::write_atomic;
use crate::report::format::thousands;
use crate::report::table;
use crate::report::whatif::write_sensitivity_csv;
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
    create_output_dir(&out_dir)?;
    write_atomic(&out_dir.join("sensitivity.csv"), |w| {
        write_sensitivity_csv(w, &analysis)
    })?;
    let chart = charts::tornado::TornadoChart {
        scenario: &scenario,
        analysis: &analysis,
    };
    let drawn = draw_chart(run, &chart, &out_dir)?;
    if !run.quiet {
        say_raw!(
            out,
            "{}",
            table::render_sensitivity(&scenario, index, &analysis)
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
