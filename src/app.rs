//! The commands: load and check a scenario, run the engine, write and print the results.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::cli::{Cli, Command, RunArgs};
use crate::config::{BUILT_IN_LABEL, BUILT_IN_SCENARIO, Scenario, load_scenario, parse_scenario};
use crate::model::analytic::expected_revenue;
use crate::report::charts::{self, ChartInput};
use crate::report::files::{write_atomic, write_string_atomic};
use crate::report::format::{money, thousands};
use crate::report::summary::{RunSummary, summarize_run, to_json};
use crate::report::weekly::{WeekRow, week_rows};
use crate::report::{csv, html, table};
use crate::sim::{SimResult, simulate};

/// The starter scenario written by `init`.
pub const STARTER_SCENARIO: &str = include_str!("../configs/starter.toml");

/// Exit code for bad input (a scenario or argument that cannot be used), as clap uses for
/// usage errors.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for any other failure (writing results, say).
pub const EXIT_FAILURE: u8 = 1;

/// A failed command: what went wrong and whose fault it was.
#[derive(Debug)]
pub struct AppError {
    /// The error, with its context chain.
    pub error: anyhow::Error,
    bad_input: bool,
}

impl AppError {
    fn bad_input(error: impl Into<anyhow::Error>) -> Self {
        AppError {
            error: error.into(),
            bad_input: true,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        if self.bad_input {
            EXIT_BAD_INPUT
        } else {
            EXIT_FAILURE
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError {
            error,
            bad_input: false,
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), AppError> {
    match cli.command {
        None => run_command(&RunArgs::default()),
        Some(Command::Run(args)) => run_command(&args),
        Some(Command::Validate { scenario }) => validate_command(&scenario),
        Some(Command::Init { path, force }) => init_command(&path, force),
    }
}

/// The scenario named on the command line, or the built-in one.
fn load(path: Option<&Path>) -> Result<Scenario, AppError> {
    match path {
        Some(p) => load_scenario(p).map_err(AppError::bad_input),
        None => parse_scenario(BUILT_IN_SCENARIO, BUILT_IN_LABEL).map_err(AppError::bad_input),
    }
}

/// What `run` measured that is not determined by the seed: it goes to `run.json`, never to
/// `summary.json`.
#[derive(Debug, Serialize)]
struct RunInfo {
    version: &'static str,
    scenario: String,
    threads: usize,
    trials: u64,
    strategies: usize,
    rep_weeks: u64,
    simulation_seconds: f64,
    rep_weeks_per_s: f64,
    /// Drawing the charts and writing report.html (null with --no-charts).
    charts_seconds: Option<f64>,
    total_seconds: f64,
}

/// Everything a finished run produced, before it is written.
pub struct RunOutput {
    /// The summary (as in summary.json).
    pub summary: RunSummary,
    /// The raw per-trial results.
    pub result: SimResult,
    /// Week rows per strategy.
    pub weekly: Vec<(String, Vec<WeekRow>)>,
    /// Seconds spent simulating.
    pub simulation_seconds: f64,
    /// Threads the pool ran.
    pub threads: usize,
}

/// Simulates `scenario` on a pool of `threads` (None: RAYON_NUM_THREADS or one per core),
/// calling `progress` with trials done.
pub fn simulate_scenario(
    scenario: &Scenario,
    threads: Option<u32>,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<RunOutput> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.map_or(0, |t| t as usize))
        .build()
        .context("starting the worker threads")?;
    let started = Instant::now();
    let result = pool.install(|| simulate(scenario, progress));
    let simulation_seconds = started.elapsed().as_secs_f64();
    let sim = scenario.simulation;
    let (summary, weekly) = pool.install(|| {
        let weekly = result
            .strategies
            .iter()
            .map(|r| (r.name.clone(), week_rows(r, sim.weeks, sim.reps)))
            .collect();
        (summarize_run(scenario, &result), weekly)
    });
    Ok(RunOutput {
        summary,
        result,
        weekly,
        simulation_seconds,
        threads: pool.current_num_threads(),
    })
}

fn run_command(args: &RunArgs) -> Result<(), AppError> {
    let started = Instant::now();
    let mut scenario = load(args.scenario.as_deref())?;
    if let Some(trials) = args.trials {
        scenario.simulation.trials = trials;
    }
    if let Some(seed) = args.seed {
        scenario.simulation.seed = seed;
    }
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scenario.name));
    if out_dir.is_file() {
        return Err(AppError::bad_input(anyhow!(
            "--out {}: is a file; name a folder (it is created if missing)",
            out_dir.display()
        )));
    }
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let bar = if show_progress {
        let bar = ProgressBar::new(scenario.simulation.trials);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{wide_bar}] {human_pos}/{human_len} trials, eta {eta}",
            )
            .expect("the template is valid")
            .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let output = simulate_scenario(&scenario, args.threads, &|n| bar.inc(n))?;
    bar.finish_and_clear();

    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("creating the output folder {}", out_dir.display()))?;
    write_atomic(&out_dir.join("trials.csv"), |w| {
        csv::write_trials(w, &output.result)
    })?;
    write_atomic(&out_dir.join("weekly.csv"), |w| {
        csv::write_weekly(w, &output.weekly)
    })?;
    write_string_atomic(&out_dir.join("summary.json"), &to_json(&output.summary))?;
    let report = if args.no_charts {
        None
    } else {
        let started = Instant::now();
        let input = ChartInput::new(&scenario, &output.summary, &output.result, &output.weekly);
        let drawn = charts::draw_all(&input, &out_dir, &args.format, output.threads)?;
        let path = out_dir.join("report.html");
        write_string_atomic(&path, &html::render(&input, &drawn))?;
        Some((path, drawn.files.len(), started.elapsed().as_secs_f64()))
    };
    let rep_weeks = scenario.total_rep_weeks();
    let info = RunInfo {
        version: env!("CARGO_PKG_VERSION"),
        scenario: scenario.name.clone(),
        threads: output.threads,
        trials: scenario.simulation.trials,
        strategies: scenario.strategies.len(),
        rep_weeks,
        simulation_seconds: output.simulation_seconds,
        rep_weeks_per_s: rep_weeks as f64 / output.simulation_seconds.max(1e-9),
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
        println!("{title}");
        print!("{}", table::render(&output.summary));
        println!();
        println!(
            "Simulated {} rep-weeks in {:.2} s ({:.1} million rep-weeks/s on {} threads).",
            thousands(rep_weeks as f64),
            info.simulation_seconds,
            info.rep_weeks_per_s / 1e6,
            info.threads
        );
        println!(
            "Wrote summary.json, trials.csv, weekly.csv and run.json to {}",
            out_dir.display()
        );
        if let Some((path, files, seconds)) = &report {
            println!(
                "Report: {} ({files} chart files and the report drawn in {seconds:.2} s)",
                path.display()
            );
        }
    }
    Ok(())
}

fn validate_command(path: &Path) -> Result<(), AppError> {
    let scenario = load(Some(path))?;
    let sim = scenario.simulation;
    println!(
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
    println!(
        "It would run {} trials x {} reps x {} weeks x {} strategies = {} rep-weeks (seed {}).",
        thousands(sim.trials as f64),
        sim.reps,
        sim.weeks,
        scenario.strategies.len(),
        thousands(scenario.total_rep_weeks() as f64),
        sim.seed
    );
    println!("Closed-form mean team revenue over {} weeks:", sim.weeks);
    let width = scenario
        .strategies
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0);
    for s in &scenario.strategies {
        println!(
            "  {:<width$}  {}",
            s.name,
            money(expected_revenue(&sim, &s.inputs))
        );
    }
    Ok(())
}

fn init_command(path: &Path, force: bool) -> Result<(), AppError> {
    if path.exists() && !force {
        return Err(AppError::bad_input(anyhow!(
            "{} already exists; pass --force to replace it, or name another file",
            path.display()
        )));
    }
    write_string_atomic(path, STARTER_SCENARIO)?;
    println!("Wrote a starter scenario to {}.", path.display());
    println!("Edit it, then check and run it:");
    println!("  prospect-sim validate {}", path.display());
    println!("  prospect-sim run {}", path.display());
    Ok(())
}
