//! `run`: simulate a scenario and write summary.json, trials.csv, weekly.csv, run.json, the
//! charts and report.html.

use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use super::AppError;
use super::shared::{create_output_dir, load, output_dir, overrides, progress_bar, thread_pool};
use crate::analysis::weekly::all_week_rows;
use crate::cli::RunArgs;
use crate::report::charts::{self, ChartInput};
use crate::report::files::{write_atomic, write_string_atomic};
use crate::report::format::thousands;
use crate::report::json::summary_json;
use crate::report::{csv, html, table};

/// What `run` measured that is not determined by the seed: it goes to `run.json`, never to
/// `summary.json`. Wall seconds, split by stage.
#[derive(Debug, Serialize)]
struct RunInfo {
    version: &'static str,
    scenario: String,
    threads: usize,
    trials: u64,
    strategies: usize,
    rep_weeks: u64,
    /// Simulating every trial.
    simulation_seconds: f64,
    rep_weeks_per_s: f64,
    /// The business case, the summary and the week rows, and writing summary.json.
    summary_seconds: f64,
    /// Writing trials.csv and weekly.csv.
    csv_seconds: f64,
    /// Drawing the charts and writing them and report.html (null with --no-charts).
    charts_seconds: Option<f64>,
    /// From the start of the command to run.json.
    total_seconds: f64,
}

pub(super) fn command(args: &RunArgs) -> Result<String, AppError> {
    let mut out = String::new();
    let started = Instant::now();
    let (_, scenario) = load(args.scenario.as_deref(), overrides(args))?;
    let out_dir = output_dir(args, &scenario.name)?;
    let bar = progress_bar(args.quiet, scenario.simulation.trials, "trials");
    let pool = thread_pool(args.threads)?;
    let run = pool.install(|| crate::analysis::run(&scenario, &|n| bar.inc(n)));
    bar.finish_and_clear();
    let summarised = Instant::now();
    let weekly = pool.install(|| all_week_rows(&scenario, &run.result));
    let threads = pool.current_num_threads();

    create_output_dir(&out_dir)?;
    write_string_atomic(&out_dir.join("summary.json"), &summary_json(&run.summary))?;
    let summary_seconds = run.summary_seconds + summarised.elapsed().as_secs_f64();
    let csv_started = Instant::now();
    write_atomic(&out_dir.join("trials.csv"), |w| {
        csv::write_trials(w, &run.result)
    })?;
    write_atomic(&out_dir.join("weekly.csv"), |w| {
        csv::write_weekly(w, &weekly)
    })?;
    let csv_seconds = csv_started.elapsed().as_secs_f64();
    let report = if args.no_charts {
        None
    } else {
        let started = Instant::now();
        let input = ChartInput::new(&scenario, &run.summary, &run.result, &weekly)
            .with_economics(run.economics.as_ref());
        let drawn = charts::draw_all(&input, &out_dir, &args.format, threads)?;
        let path = out_dir.join("report.html");
        write_string_atomic(&path, &html::render(&input, &drawn))?;
        Some((path, drawn.files.len(), started.elapsed().as_secs_f64()))
    };
    let rep_weeks = scenario.total_rep_weeks();
    let info = RunInfo {
        version: env!("CARGO_PKG_VERSION"),
        scenario: scenario.name.clone(),
        threads,
        trials: scenario.simulation.trials,
        strategies: scenario.strategies.len(),
        rep_weeks,
        simulation_seconds: run.simulation_seconds,
        rep_weeks_per_s: rep_weeks as f64 / run.simulation_seconds.max(1e-9),
        summary_seconds,
        csv_seconds,
        charts_seconds: report.as_ref().map(|r| r.2),
        total_seconds: started.elapsed().as_secs_f64(),
    };
    let info_json = serde_json::to_string_pretty(&info).context("serialising run.json")? + "\n";
    write_string_atomic(&out_dir.join("run.json"), &info_json)?;

    if !args.quiet {
        let title = match &scenario.description {
            Some(d) => format!("{}: {d}", scenario.name),
            None => scenario.name.clone(),
        };
        say!(out, "{title}");
        say_raw!(out, "{}", table::render(&run.summary));
        say!(out);
        say!(
            out,
            "Simulated {} rep-weeks in {:.2} s ({:.1} million rep-weeks/s on {} threads).",
            thousands(rep_weeks as f64),
            info.simulation_seconds,
            info.rep_weeks_per_s / 1e6,
            info.threads
        );
        say!(
            out,
            "Wrote summary.json, trials.csv, weekly.csv and run.json to {}",
            out_dir.display()
        );
        if let Some((path, files, seconds)) = &report {
            say!(
                out,
                "Report: {} ({files} chart files and the report drawn in {seconds:.2} s)",
                path.display()
            );
        }
    }
    Ok(out)
}
