//! What the commands share: the scenario with the command line's overrides, the thread pool,
//! the progress bar, the output folder, and writing a what-if command's chart.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressStyle};

use super::AppError;
use crate::analysis::budget::{Estimate, estimate};
use crate::choices::ChartFormat;
use crate::cli::RunArgs;
use crate::config::{Override, ScenarioSource};
use crate::model::scenario::Scenario;
use crate::report::charts::{self, ChartFile};
use crate::report::files::{OutputDir, OutputFile, remove_stale, write_all};
use crate::report::format::thousands;
use crate::sim::Keep;

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

/// The folder a command writes into (`--out`, else `output/<scenario name>/`), created and
/// checked for writing before any simulation starts, so that a folder that cannot be written
/// is reported at once. Call it after every input has been checked: a folder it creates is
/// removed again if the command fails before writing into it.
pub fn output_dir(args: &RunArgs, scenario_name: &str) -> Result<OutputDir, AppError> {
    let (dir, flag) = match &args.out {
        Some(d) => (d.clone(), "--out "),
        None => (PathBuf::from("output").join(scenario_name), ""),
    };
    OutputDir::prepare(&dir).map_err(|e| {
        AppError::bad_input(e.context(format!(
            "{flag}{}: the results cannot be written there; name another folder with --out",
            dir.display()
        )))
    })
}

/// Memory this process may still use, in bytes, and where the figure comes from: the
/// system's available memory, or the cgroup (container) limit when that is lower. None when
/// the system does not say.
pub fn memory_available() -> Option<(u64, &'static str)> {
    let mut system = sysinfo::System::new();
    system.refresh_memory();
    let available = system.available_memory();
    let mut best = (available > 0).then_some((available, "available system memory"));
    if let Some(limits) = system.cgroup_limits()
        && best.is_none_or(|(b, _)| limits.free_memory < b)
    {
        best = Some((
            limits.free_memory,
            "free memory under the container's limit",
        ));
    }
    best
}

/// Bytes for people: `512 MB`, `4.2 GB` (powers of 1024, one decimal from a GB).
pub fn bytes_text(bytes: u64) -> String {
    const MB: f64 = (1u64 << 20) as f64;
    let b = bytes as f64;
    if b >= 1024.0 * MB {
        format!("{:.1} GB", b / (1024.0 * MB))
    } else {
        format!("{:.0} MB", (b / MB).ceil())
    }
}

/// The memory and time a command's run (the largest, for what-if commands) will take, checked
/// against the memory available before anything is allocated.
///
/// # Errors
/// Bad input when the estimate exceeds the memory available: the message gives both figures,
/// what they come from, and the most trials that fit.
pub fn check_budget(
    scenario: &Scenario,
    keep: Keep,
    extra_bytes: u64,
    threads: usize,
) -> Result<Estimate, AppError> {
    let mut e = estimate(scenario, keep, threads);
    e.bytes = e.bytes.saturating_add(extra_bytes);
    let Some((available, source)) = memory_available() else {
        return Ok(e);
    };
    if e.bytes <= available {
        return Ok(e);
    }
    let sim = scenario.simulation;
    let fit = e.trials_within(available.saturating_sub(extra_bytes));
    let advice = if fit >= 2 {
        format!(
            "use --trials {fit} or fewer, fewer weeks or strategies, or a machine with more memory"
        )
    } else {
        "use fewer weeks or strategies, or a machine with more memory".to_string()
    };
    Err(AppError::bad_input(anyhow!(
        "this run needs about {} of memory ({} trials x {} strateg{} x {} weeks, about {} bytes \
         per trial), more than the {} of {source}; nothing was run: {advice}",
        bytes_text(e.bytes),
        thousands(sim.trials as f64),
        scenario.strategies.len(),
        if scenario.strategies.len() == 1 {
            "y"
        } else {
            "ies"
        },
        sim.weeks,
        thousands(e.bytes_per_trial as f64),
        bytes_text(available),
    )))
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

/// A spinner on stderr (when it is a terminal and the command is not quiet) for work whose
/// length is not known in advance: it counts `unit` done and shows the time taken.
pub fn progress_spinner(quiet: bool, unit: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {{elapsed_precise}} {{human_pos}} {unit} {{msg}}"
        ))
        .expect("the template is valid"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
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
    // A chart of an earlier run of the command in a format not asked for this time is stale.
    let written: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let ours = [ChartFormat::Png, ChartFormat::Svg]
        .map(|f| format!("{}.{}", chart.file_stem(), f.extension()));
    remove_stale(out_dir, &ours, &written)?;
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
