//! `run`: simulate a scenario and write summary.json, trials.csv, weekly.csv, run.json, the
//! charts and report.html.

use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use super::AppError;
use super::shared::{load, output_dir, overrides, progress_bar, thread_pool};
use crate::analysis::weekly::all_week_rows;
use crate::cli::RunArgs;
use crate::report::charts::{self, ChartInput};
use crate::report::files::{OutputFile, write_all};
use crate::report::format::thousands;
use crate::report::json::summary_json;
use crate::report::{csv, html, terminal};

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
    /// The business case, the summary, the week rows and summary.json's text.
    summary_seconds: f64,
    /// Rendering and writing trials.csv and weekly.csv (streamed into their files).
    csv_seconds: f64,
    /// Rendering the charts and report.html in memory (null with --no-charts).
    charts_seconds: Option<f64>,
    /// From the start of the command to run.json, writing every file included.
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

    let mut files = vec![OutputFile::bytes(
        "summary.json",
        summary_json(&run.summary),
    )];
    let summary_seconds = run.summary_seconds + summarised.elapsed().as_secs_f64();
    // Everything is rendered before the first file is written, except the CSVs, which are
    // streamed into their files (see `report::files::Content::Stream`).
    let report = if args.no_charts {
        None
    } else {
        let started = Instant::now();
        let input = ChartInput::new(&scenario, &run.summary, &run.result, &weekly)
            .with_economics(run.economics.as_ref());
        let rendered = charts::render_all(&input, &args.format, threads)?;
        let page = html::render(&input, &rendered);
        let chart_files = rendered.files.len();
        files.extend(
            rendered
                .files
                .into_iter()
                .map(|(name, bytes)| OutputFile::bytes(name, bytes)),
        );
        files.push(OutputFile::bytes("report.html", page));
        Some((
            out_dir.join("report.html"),
            chart_files,
            started.elapsed().as_secs_f64(),
        ))
    };
    let csv_started = Instant::now();
    write_all(
        &out_dir,
        &[
            OutputFile::stream("trials.csv", |w| csv::write_trials(w, &run.result)),
            OutputFile::stream("weekly.csv", |w| csv::write_weekly(w, &weekly)),
        ],
    )?;
    let csv_seconds = csv_started.elapsed().as_secs_f64();
    write_all(&out_dir, &files)?;
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
    // Last, so that its total includes writing the other files.
    write_all(&out_dir, &[OutputFile::bytes("run.json", info_json)])?;

    if !args.quiet {
        let title = match &scenario.description {
            Some(d) => format!("{}: {d}", scenario.name),
            None => scenario.name.clone(),
        };
        say!(out, "{title}");
        let rate = scenario.economics.as_ref().map(|e| e.discount_rate);
        say_raw!(out, "{}", terminal::render(&run.summary, rate));
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
                "Report: {} ({files} chart files and the report rendered in {seconds:.2} s)",
                path.display()
            );
        }
    }
    Ok(out)
}
