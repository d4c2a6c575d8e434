//! `run`: simulate a scenario and write summary.json, trials.csv, weekly.csv, run.json, the
//! charts and report.html.

use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use super::AppError;
use super::shared::{check_budget, load, output_dir, overrides, progress_bar, thread_pool};
use crate::analysis::budget::Estimate;
use crate::analysis::weekly::all_week_rows;
use crate::choices::ChartFormat;
use crate::cli::RunArgs;
use crate::config::resolved::resolved_toml;
use crate::report::charts::{self, ChartInput, ChartKind};
use crate::report::files::{OutputFile, SCENARIO_FILE, remove_stale, write_all};
use crate::report::format::counted;
use crate::report::json::summary_json;
use crate::report::{csv, html, terminal};
use crate::sim::Keep;

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
    /// Rendering and writing trials.csv and weekly.csv (streamed into their files), at the same
    /// time as the charts: the two figures overlap, so their sum can exceed the time they took.
    csv_seconds: f64,
    /// Rendering the charts and report.html in memory, while the CSVs are written (null with
    /// --no-charts).
    charts_seconds: Option<f64>,
    /// From the start of the command to run.json, writing every file included.
    total_seconds: f64,
    /// The memory and time estimated before the run (bytes at the peak, seconds at a measured
    /// throughput), to compare with what it took.
    estimate: Estimate,
    /// The command line's changes to the scenario file, as given (`--set KEY=VALUE`,
    /// `--trials N`, `--seed N`); scenario.toml holds the scenario with them applied.
    overrides: Vec<String>,
    /// Every file this run wrote into the folder, run.json included: the next run into the
    /// same folder deletes those of them it does not write again.
    files: Vec<String>,
    /// Files of an earlier run deleted because this run did not write them again.
    removed_stale: Vec<String>,
}

/// Every file `run` can write, whatever its options.
fn files_of_run() -> Vec<String> {
    let mut names: Vec<String> = [
        "summary.json",
        "trials.csv",
        "weekly.csv",
        "report.html",
        SCENARIO_FILE,
        "run.json",
    ]
    .map(String::from)
    .to_vec();
    for kind in ChartKind::ALL {
        for format in [ChartFormat::Png, ChartFormat::Svg] {
            names.push(format!("{}.{}", kind.file_stem(), format.extension()));
        }
    }
    names
}

/// The files an earlier run listed in its run.json (none if there is none or it is not ours).
fn files_of_earlier_run(dir: &std::path::Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join("run.json")) else {
        return Vec::new();
    };
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("files")?.as_array().map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(String::from))
                    .collect()
            })
        })
        .unwrap_or_default()
}

pub(super) fn command(args: &RunArgs) -> Result<String, AppError> {
    let mut out = String::new();
    let started = Instant::now();
    let given = overrides(args);
    // How the command line changed the file, named in scenario.toml, report.html and run.json.
    let changes: Vec<String> = given.iter().map(|o| o.given_as.clone()).collect();
    let (source, scenario) = load(args.scenario.as_deref(), given.clone())?;
    let pool = thread_pool(args.threads)?;
    let estimate = check_budget(
        &scenario,
        Keep::for_summary(&scenario),
        0,
        pool.current_num_threads(),
    )?;
    let dir = output_dir(args, &scenario.name)?;
    let out_dir = dir.path();
    let earlier = files_of_earlier_run(out_dir);
    let bar = progress_bar(args.quiet, scenario.simulation.trials, "trials");
    let run = pool.install(|| crate::analysis::run(&scenario, &|n| bar.inc(n)));
    bar.finish_and_clear();
    let summarised = Instant::now();
    let weekly = pool.install(|| all_week_rows(&scenario, &run.result));
    let threads = pool.current_num_threads();

    let resolved = resolved_toml(&source.text, &given)
        .context("writing the scenario with the command line's changes as TOML")?;
    let header = format!(
        "# The scenario as run: {}{}\n",
        source.label,
        changes.iter().map(|c| format!(" {c}")).collect::<String>()
    );
    let mut files = vec![
        OutputFile::bytes("summary.json", summary_json(&run.summary)),
        OutputFile::bytes(SCENARIO_FILE, header + &resolved),
    ];
    let summary_seconds = run.summary_seconds + summarised.elapsed().as_secs_f64();
    // The charts and report.html are rendered while the CSVs are streamed into their files
    // (see `report::files::Content::Stream`): the two stages overlap, each timed on its own.
    let render_report = || -> anyhow::Result<Option<(Vec<OutputFile<'static>>, f64)>> {
        if args.no_charts {
            return Ok(None);
        }
        let started = Instant::now();
        let input = ChartInput::new(&scenario, &run.summary, &run.result, &weekly)
            .with_economics(run.economics.as_ref());
        let rendered = charts::render_all(&input, &args.format, threads)?;
        let page = html::render(&input, &rendered, &changes);
        let mut report: Vec<OutputFile<'static>> = rendered
            .files
            .into_iter()
            .map(|(name, bytes)| OutputFile::bytes(name, bytes))
            .collect();
        report.push(OutputFile::bytes("report.html", page));
        Ok(Some((report, started.elapsed().as_secs_f64())))
    };
    let write_csvs = || -> anyhow::Result<f64> {
        let started = Instant::now();
        // On the run's pool: trials.csv is rendered in parallel pieces.
        write_all(
            out_dir,
            &[
                OutputFile::stream("trials.csv", |w| {
                    csv::write_trials(w, &scenario, &run.result)
                }),
                OutputFile::stream("weekly.csv", |w| {
                    csv::write_weekly(w, &scenario, &run.result, &run.summary.strategies, &weekly)
                }),
            ],
        )?;
        Ok(started.elapsed().as_secs_f64())
    };
    let (rendered, csv_seconds) = pool.install(|| rayon::join(render_report, write_csvs));
    let csv_seconds = csv_seconds?;
    let report = rendered?.map(|(report, seconds)| {
        // The chart files and report.html, not counting report.html itself.
        let chart_files = report.len() - 1;
        files.extend(report);
        (out_dir.join("report.html"), chart_files, seconds)
    });
    write_all(out_dir, &files)?;
    let mut written: Vec<String> = ["trials.csv", "weekly.csv"].map(String::from).to_vec();
    written.extend(files.iter().map(|f| f.name.clone()));
    written.push("run.json".to_string());
    let mut ours = files_of_run();
    ours.extend(earlier);
    let removed_stale = remove_stale(out_dir, &ours, &written)?;
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
        estimate,
        overrides: changes,
        files: written,
        removed_stale,
    };
    let info_json = serde_json::to_string_pretty(&info).context("serialising run.json")? + "\n";
    // Last, so that its total includes writing the other files.
    write_all(out_dir, &[OutputFile::bytes("run.json", info_json)])?;

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
            "Simulated {} in {:.2} s ({:.1} million rep-weeks/s on {}).",
            counted(rep_weeks, "rep-week"),
            info.simulation_seconds,
            info.rep_weeks_per_s / 1e6,
            counted(info.threads as u64, "thread")
        );
        say!(
            out,
            "Wrote summary.json, trials.csv, weekly.csv, {SCENARIO_FILE} and run.json to {}",
            out_dir.display()
        );
        if !info.removed_stale.is_empty() {
            say!(
                out,
                "Removed files of an earlier run that this one did not write: {}",
                info.removed_stale.join(", ")
            );
        }
        if let Some((path, files, seconds)) = &report {
            say!(
                out,
                "Report: {} ({} and the report rendered in {seconds:.2} s)",
                path.display(),
                counted(*files as u64, "chart file")
            );
        }
    }
    Ok(out)
}
