//! What the commands share: the scenario with the command line's overrides, the thread pool,
//! the progress bar, the output folder, and writing a what-if command's chart.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressStyle};

use super::AppError;
use crate::cli::RunArgs;
use crate::config::{Override, ScenarioSource};
use crate::model::scenario::Scenario;
use crate::report::charts::{self, ChartFile};
use crate::report::files::{OutputFile, write_all};

/// The overrides of a command line, in the order they apply: every `--set`, then `--trials`
/// and `--seed` (each the override of its `simulation.` key, validated like any other and
/// named by its flag in messages).
pub fn overrides(run: &RunArgs) -> Vec<Override> {
    let mut all = run.set.clone();
    let flags = [
        ("--trials", "simulation.trials", run.trials),
        ("--seed", "simulation.seed", run.seed),
    ];
    for (flag, key, value) in flags {
        if let Some(v) = value {
            let v = v.to_string();
            all.push(Override::given_as(key, &v, format!("{flag} {v}")));
        }
    }
    all
}

/// The scenario of a command (file or built-in) as a source for more overrides, and the
/// scenario itself with the command line's overrides. The one loader of every command.
pub fn load(
    path: Option<&Path>,
    overrides: Vec<Override>,
) -> Result<(ScenarioSource, Scenario), AppError> {
    let source = ScenarioSource::load(path, overrides).map_err(AppError::bad_input)?;
    let scenario = source.scenario(&[]).map_err(AppError::bad_input)?;
    Ok((source, scenario))
}

/// Refuses a key a what-if command varies that the command line also sets (`--set`,
/// `--trials`, `--seed`): the varied value would silently replace it at every point.
pub fn refuse_varied_and_set(source: &ScenarioSource, key: &str) -> Result<(), AppError> {
    match source.base_override_of(key) {
        Some(o) => Err(AppError::bad_input(anyhow!(
            "--vary {key} and {} both set it; drop one",
            o.given_as
        ))),
        None => Ok(()),
    }
}

/// A rayon pool of `threads` workers (None: RAYON_NUM_THREADS, else one per core).
pub fn thread_pool(threads: Option<u32>) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.map_or(0, |t| t as usize))
        .build()
        .context("starting the worker threads")
}

/// The folder a command writes into: `--out`, else `output/<scenario name>/`.
pub fn output_dir(args: &RunArgs, scenario_name: &str) -> Result<PathBuf, AppError> {
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
pub fn progress_bar(quiet: bool, len: u64, unit: &str) -> ProgressBar {
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

/// The index of the strategy called `name` (default: the last one).
pub fn strategy_index(scenario: &Scenario, name: Option<&str>) -> Result<usize, AppError> {
    match name {
        None => Ok(scenario.strategies.len() - 1),
        Some(n) => scenario.strategy_index(n).ok_or_else(|| {
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

/// Renders a what-if command's chart in the formats asked for (none with `--no-charts`), then
/// writes its CSV and the chart files; returns the chart files' paths and the seconds the chart
/// took to render.
pub fn write_with_chart(
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
pub fn say_charts(out: &mut String, (files, seconds): &(Vec<PathBuf>, f64)) {
    if !files.is_empty() {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        say!(out, "Chart: {} (drawn in {seconds:.2} s)", names.join(", "));
    }
}
