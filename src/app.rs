//! The commands: load and check a scenario, run the engine, write and print the results.

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::cli::{Cli, Command, GoalArgs, RunArgs, SensitivityArgs, SweepArgs};
use crate::config::{Override, Scenario};
use crate::model::analytic::expected_strategy_revenue;
use crate::report::charts::{self, ChartFile, ChartInput};
use crate::report::files::{Content, OutputFile, write_all, write_file};
use crate::report::format::{money, thousands};
use crate::report::summary::{RunSummary, summarize_run_with, to_json};
use crate::report::weekly::{WeekRow, week_rows};
use crate::report::{csv, html, terminal};
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

/// Appends a line to a command's output (writing to a String cannot fail).
macro_rules! say {
    ($out:expr) => {
        $out.push('\n')
    };
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

/// Appends text without a newline.
macro_rules! say_raw {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = write!($out, $($arg)*);
    }};
}

/// Writes a command's output to stdout. A closed pipe (`prospect-sim run | head`) ends the
/// output quietly, as it does for other command-line tools, instead of panicking.
fn emit(text: &str) -> Result<(), AppError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("writing to stdout").into())
        }
        _ => Ok(()),
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), AppError> {
    let text = match cli.command {
        None => run_command(&RunArgs::default()),
        Some(Command::Run(args)) => run_command(&args),
        Some(Command::Validate { scenario, set }) => validate_command(&scenario, &set),
        Some(Command::Init { path, force }) => init_command(&path, force),
        Some(Command::Sweep(args)) => sweep_command(&args),
        Some(Command::Sensitivity(args)) => sensitivity_command(&args),
        Some(Command::Goal(args)) => goal_command(&args),
    }?;
    emit(&text)
}

/// The scenario named on the command line (the built-in one if none), with `overrides` applied.
fn load(path: Option<&Path>, overrides: &[Override]) -> Result<Scenario, AppError> {
    crate::whatif::ScenarioSource::load(path, overrides)
        .and_then(|source| source.scenario(&[]))
        .map_err(AppError::bad_input)
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
    /// Rendering the charts and report.html in memory (null with --no-charts).
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
    /// The business case, when the scenario has `[economics]`.
    pub economics: Option<crate::econ::EconomicsRun>,
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
    let pool = thread_pool(threads)?;
    let started = Instant::now();
    let result = pool.install(|| simulate(scenario, progress));
    let simulation_seconds = started.elapsed().as_secs_f64();
    let sim = scenario.simulation;
    let (summary, weekly, economics) = pool.install(|| {
        let weekly = result
            .strategies
            .iter()
            .map(|r| (r.name.clone(), week_rows(r, sim.weeks, sim.reps)))
            .collect();
        let economics = crate::econ::analyse(scenario, &result);
        (
            summarize_run_with(scenario, &result, economics.as_ref()),
            weekly,
            economics,
        )
    });
    Ok(RunOutput {
        summary,
        result,
        weekly,
        economics,
        simulation_seconds,
        threads: pool.current_num_threads(),
    })
}

fn run_command(args: &RunArgs) -> Result<String, AppError> {
    let mut out = String::new();
    let started = Instant::now();
    let scenario = load_for_run(args)?;
    let out_dir = output_dir(args, &scenario.name)?;
    let bar = progress_bar(args.quiet, scenario.simulation.trials, "trials");
    let output = simulate_scenario(&scenario, args.threads, &|n| bar.inc(n))?;
    bar.finish_and_clear();

    // Everything is rendered before the first file is written; the per-trial CSV is streamed
    // into its file (see `Content::Stream`).
    let mut files = vec![
        OutputFile::stream("trials.csv", |w| csv::write_trials(w, &output.result)),
        OutputFile::stream("weekly.csv", |w| csv::write_weekly(w, &output.weekly)),
        OutputFile::bytes("summary.json", to_json(&output.summary)),
    ];
    let report = if args.no_charts {
        None
    } else {
        let started = Instant::now();
        let input = ChartInput::new(&scenario, &output.summary, &output.result, &output.weekly)
            .with_economics(output.economics.as_ref());
        let rendered = charts::render_all(&input, &args.format, output.threads)?;
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
    write_all(&out_dir, &files)?;
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
    // Last, so that its total includes writing the other files.
    write_all(&out_dir, &[OutputFile::bytes("run.json", info_json)])?;

    if !args.quiet {
        let title = match &scenario.description {
            Some(d) => format!("{}: {d}", scenario.name),
            None => scenario.name.clone(),
        };
        say!(out, "{title}");
        let rate = scenario.economics.as_ref().map(|e| e.discount_rate);
        say_raw!(out, "{}", terminal::render(&output.summary, rate));
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

fn validate_command(path: &Path, overrides: &[Override]) -> Result<String, AppError> {
    let mut out = String::new();
    let scenario = load(Some(path), overrides)?;
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

fn init_command(path: &Path, force: bool) -> Result<String, AppError> {
    let mut out = String::new();
    if path.exists() && !force {
        return Err(AppError::bad_input(anyhow!(
            "{} already exists; pass --force to replace it, or name another file",
            path.display()
        )));
    }
    write_file(path, &Content::Bytes(STARTER_SCENARIO.into()))?;
    say!(out, "Wrote a starter scenario to {}.", path.display());
    say!(out, "Edit it, then check and run it:");
    say!(out, "  prospect-sim validate {}", path.display());
    say!(out, "  prospect-sim run {}", path.display());
    Ok(out)
}

/// A rayon pool of `threads` workers (None: RAYON_NUM_THREADS, else one per core).
fn thread_pool(threads: Option<u32>) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.map_or(0, |t| t as usize))
        .build()
        .context("starting the worker threads")
}

/// The folder a command writes into: `--out`, else `output/<scenario name>/`.
fn output_dir(args: &RunArgs, scenario_name: &str) -> Result<PathBuf, AppError> {
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(scenario_name));
    if dir.is_file() {
        return Err(AppError::bad_input(anyhow!(
            "--out {}: is a file; name a folder (it is created if missing)",
            dir.display()
        )));
    }
    Ok(dir)
}

/// A progress bar on stderr when it is a terminal and the command is not quiet.
fn progress_bar(quiet: bool, len: u64, unit: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {{elapsed_precise}} [{{wide_bar}}] {{human_pos}}/{{human_len}} {unit}, eta {{eta}}"
        ))
        .expect("the template is valid")
        .progress_chars("=> "),
    );
    bar
}

fn sweep_command(args: &SweepArgs) -> Result<String, AppError> {
    let mut out = String::new();
    use crate::whatif::sweep::{Axis, run_sweep};
    use crate::whatif::{RunSize, ScenarioSource, parse_vary};
    let started = Instant::now();
    if args.vary.len() > 2 {
        return Err(AppError::bad_input(anyhow!(
            "--vary is given {} times; a sweep varies one key, or two for a grid",
            args.vary.len()
        )));
    }
    let axes = args
        .vary
        .iter()
        .map(|v| parse_vary(v).map(|(key, values)| Axis { key, values }))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AppError::bad_input(anyhow!("--vary {e}")))?;
    let run = &args.run;
    for a in &axes {
        check_vary_against_flags(&a.key, run)?;
    }
    let source =
        ScenarioSource::load(run.scenario.as_deref(), &run.set).map_err(AppError::bad_input)?;
    // Validate the unvaried scenario first: it names the output folder.
    let base = source.scenario(&[]).map_err(AppError::bad_input)?;
    let out_dir = output_dir(run, &base.name)?;
    let size = RunSize {
        trials: run.trials,
        seed: run.seed,
    };
    let pool = thread_pool(run.threads)?;
    let points_total: usize = axes.iter().map(|a| a.values.len()).product();
    let bar = progress_bar(run.quiet, points_total as u64, "points");
    let points = pool
        .install(|| {
            run_sweep(&source, &axes, size, &|done, _| {
                bar.set_position(done as u64)
            })
        })
        .map_err(AppError::bad_input)?;
    bar.finish_and_clear();
    let mut table = Vec::new();
    csv::write_sweep(&mut table, &axes, &points).context("rendering sweep.csv")?;
    let chart = charts::sweep::SweepChart {
        axes: &axes,
        points: &points,
    };
    let drawn = write_with_chart(run, OutputFile::bytes("sweep.csv", table), &chart, &out_dir)?;
    if !run.quiet {
        say_raw!(out, "{}", terminal::render_sweep(&axes, &points));
        say!(out);
        say!(
            out,
            "{} points in {:.2} s, with the same trial streams at every point.",
            points.len(),
            started.elapsed().as_secs_f64()
        );
        say!(out, "Wrote sweep.csv to {}", out_dir.display());
        say_charts(&mut out, &drawn);
    }
    Ok(out)
}

/// Renders a what-if command's chart in the formats asked for (none with `--no-charts`), then
/// writes its CSV and the chart files; returns the chart files' paths and the seconds the chart
/// took to render.
fn write_with_chart(
    run: &RunArgs,
    table: OutputFile<'_>,
    chart: &impl charts::Drawing,
    out_dir: &Path,
) -> Result<(Vec<PathBuf>, f64), AppError> {
    let started = Instant::now();
    let chart_files: Vec<ChartFile> = if run.no_charts {
        Vec::new()
    } else {
        charts::render_chart(chart, &run.format)?
    };
    let seconds = started.elapsed().as_secs_f64();
    let mut files = vec![table];
    files.extend(
        chart_files
            .into_iter()
            .map(|(name, bytes)| OutputFile::bytes(name, bytes)),
    );
    let mut paths = write_all(out_dir, &files)?;
    paths.remove(0);
    Ok((paths, seconds))
}

/// Names the chart files a what-if command wrote.
fn say_charts(out: &mut String, (files, seconds): &(Vec<PathBuf>, f64)) {
    if !files.is_empty() {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        say!(out, "Chart: {} (drawn in {seconds:.2} s)", names.join(", "));
    }
}

/// The scenario of a what-if command: file or built-in, `--set`, then `--trials`/`--seed`.
fn load_for_run(run: &RunArgs) -> Result<Scenario, AppError> {
    let mut scenario = load(run.scenario.as_deref(), &run.set)?;
    crate::whatif::RunSize {
        trials: run.trials,
        seed: run.seed,
    }
    .apply(&mut scenario);
    Ok(scenario)
}

/// Refuses a varied key that `--trials` or `--seed` would silently override (they are applied
/// after the key, so every point would run the same).
fn check_vary_against_flags(key: &str, run: &RunArgs) -> Result<(), AppError> {
    for (varied, flag, given) in [
        ("simulation.trials", "--trials", run.trials.is_some()),
        ("simulation.seed", "--seed", run.seed.is_some()),
    ] {
        if key == varied && given {
            return Err(AppError::bad_input(anyhow!(
                "--vary {varied} and {flag} both set it; drop {flag}"
            )));
        }
    }
    Ok(())
}

/// The index of the strategy called `name` (default: the last one).
fn strategy_index(scenario: &Scenario, name: Option<&str>) -> Result<usize, AppError> {
    match name {
        None => Ok(scenario.strategies.len() - 1),
        Some(n) => scenario
            .strategies
            .iter()
            .position(|s| s.name == n)
            .ok_or_else(|| {
                let names: Vec<&str> = scenario
                    .strategies
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect();
                AppError::bad_input(anyhow!(
                    "--strategy {n}: no such strategy; the scenario has {}",
                    names.join(", ")
                ))
            }),
    }
}

fn sensitivity_command(args: &SensitivityArgs) -> Result<String, AppError> {
    let mut out = String::new();
    use crate::whatif::sensitivity::analyse;
    let started = Instant::now();
    let run = &args.run;
    let scenario = load_for_run(run)?;
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

fn goal_command(args: &GoalArgs) -> Result<String, AppError> {
    let mut out = String::new();
    use crate::whatif::goal::{Outcome, seek};
    use crate::whatif::{RunSize, ScenarioSource, parse_range};
    let started = Instant::now();
    let run = &args.run;
    let (key, range) =
        parse_range(&args.vary).map_err(|e| AppError::bad_input(anyhow!("--vary {e}")))?;
    check_vary_against_flags(&key, run)?;
    let source =
        ScenarioSource::load(run.scenario.as_deref(), &run.set).map_err(AppError::bad_input)?;
    let base = source.scenario(&[]).map_err(AppError::bad_input)?;
    let index = strategy_index(&base, args.strategy.as_deref())?;
    let strategy = base.strategies[index].name.clone();
    // Check both ends of the range before running anything (rounded inwards for the whole
    // numbers of `simulation.*`, as the search will).
    let integer = key.starts_with("simulation.");
    for end in [range.0, range.1] {
        let end = match (integer, end == range.0) {
            (true, true) => end.ceil(),
            (true, false) => end.floor(),
            (false, _) => end,
        };
        source
            .scenario(&[Override {
                key: key.clone(),
                value: end.to_string(),
            }])
            .map_err(AppError::bad_input)?;
    }
    let out_dir = output_dir(run, &base.name)?;
    let pool = thread_pool(run.threads)?;
    let size = RunSize {
        trials: run.trials,
        seed: run.seed,
    };
    let bar = progress_bar(run.quiet, 1, "search");
    let result = pool
        .install(|| seek(&source, &key, range, args.target, &strategy, size))
        .map_err(AppError::bad_input)?;
    bar.finish_and_clear();
    let mut table = Vec::new();
    csv::write_goal(&mut table, &key, args.target, &result).context("rendering goal.csv")?;
    write_all(&out_dir, &[OutputFile::bytes("goal.csv", table)])?;
    if !run.quiet {
        say!(
            out,
            "Goal: {} for {strategy}, varying {key} over {}..{}",
            args.target,
            range.0,
            range.1
        );
        let t = &args.target;
        let value = |v: f64| crate::config::spec::fmt_number(v);
        match result.outcome {
            Outcome::Found {
                at,
                value_uncertainty,
            } => {
                let plus_minus = value_uncertainty.map_or(String::new(), |u| {
                    format!(" (+/- {} from Monte Carlo error)", value(u))
                });
                say!(
                    out,
                    "Smallest value that meets it: {key} = {}{plus_minus}",
                    value(at.value)
                );
                say!(
                    out,
                    "  there: {} +/- {} (standard error)",
                    t.format_metric(at.metric),
                    t.format_metric(at.se)
                );
            }
            Outcome::NotInRange(at) => {
                say!(
                    out,
                    "No value in {}..{} meets it: at {} the metric is {} +/- {}, short of {}.",
                    value(range.0),
                    value(range.1),
                    value(at.value),
                    t.format_metric(at.metric),
                    t.format_metric(at.se),
                    t.format_metric(t.threshold)
                );
            }
        }
        say!(
            out,
            "{} runs of {} trials in {:.2} s, on the same trial streams. Wrote goal.csv to {}",
            result.probes.len(),
            thousands(size.trials.unwrap_or(base.simulation.trials) as f64),
            started.elapsed().as_secs_f64(),
            out_dir.display()
        );
    }
    Ok(out)
}
