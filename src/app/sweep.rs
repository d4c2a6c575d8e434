//! `sweep`: run the scenario at each value of one key, or each pair of values of two keys.

use std::time::Instant;

use anyhow::{Context, anyhow};

use super::AppError;
use super::shared::{
    check_budget, load, output_dir, overrides, progress_bar, refuse_varied_and_set, say_charts,
    thread_pool, write_with_chart,
};
use crate::cli::SweepArgs;
use crate::model::key::KeyPath;
use crate::report::charts;
use crate::report::files::OutputFile;
use crate::report::format::counted;
use crate::report::{csv, terminal};
use crate::sim::Keep;
use crate::whatif::parse_vary;
use crate::whatif::sweep::{Axis, points_of, run_points};

pub(super) fn command(args: &SweepArgs) -> Result<String, AppError> {
    let mut out = String::new();
    let started = Instant::now();
    if args.vary.len() > 2 {
        return Err(AppError::bad_input(anyhow!(
            "--vary is given {} times; a sweep varies one key, or two for a grid",
            args.vary.len()
        )));
    }
    let varied = args
        .vary
        .iter()
        .map(|v| parse_vary(v))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AppError::bad_input(anyhow!("--vary {e}")))?;
    let run = &args.run;
    // The unvaried scenario is validated first: it names the output folder and the strategies
    // the keys may name.
    let (source, base) = load(run.scenario.as_deref(), overrides(run))?;
    let names: Vec<&str> = base.strategies.iter().map(|s| s.name.as_str()).collect();
    let mut axes = Vec::with_capacity(varied.len());
    for (key, values) in varied {
        refuse_varied_and_set(&source, &key)?;
        axes.push(Axis {
            key: KeyPath::parse(&key, &names),
            values,
        });
    }
    let pool = thread_pool(run.threads)?;
    // Every point is validated (and its memory checked) before anything runs.
    let scenarios = points_of(&source, &axes).map_err(AppError::bad_input)?;
    for s in &scenarios {
        check_budget(s, Keep::for_summary(s), 0, pool.current_num_threads())?;
    }
    let dir = output_dir(run, &base.name)?;
    let out_dir = dir.path();
    let bar = progress_bar(run.quiet, scenarios.len() as u64, "points");
    // The points validated above are the ones run: no second validation.
    let points =
        pool.install(|| run_points(&axes, &scenarios, &|done, _| bar.set_position(done as u64)));
    bar.finish_and_clear();
    let mut table = Vec::new();
    csv::write_sweep(&mut table, &axes, &points).context("rendering sweep.csv")?;
    let chart = charts::sweep::SweepChart {
        axes: &axes,
        points: &points,
    };
    let drawn = write_with_chart(run, OutputFile::bytes("sweep.csv", table), &chart, out_dir)?;
    if !run.quiet {
        say_raw!(out, "{}", terminal::render_sweep(&axes, &points));
        say!(out);
        say!(
            out,
            "{} in {:.2} s, with the same trial streams at every point.",
            counted(points.len() as u64, "point"),
            started.elapsed().as_secs_f64()
        );
        say!(out, "Wrote sweep.csv to {}", out_dir.display());
        say_charts(&mut out, &drawn);
    }
    Ok(out)
}
