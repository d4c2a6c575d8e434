//! Command-line definitions (clap) and nothing else: `app` runs what these parse into. The
//! values a flag takes come from below (`choices` for closed sets, `config` for `--set`,
//! `analysis` for `--target`, `calibrate` for `--map`), so this module imports no command,
//! report or what-if code.

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand};

use crate::analysis::target::Target;
use crate::calibrate::columns::ColumnMap;
use crate::choices::{ChartFormat, Output};
use crate::config::Override;

/// Monte Carlo simulator of sales prospecting strategies.
///
/// Samples the funnel of each strategy (dials, conversations, appointments, proposals, closes)
/// for every rep and week, trial after trial, and reports the distributions of revenue and of
/// time spent. With no command it runs the built-in scenario: bottom-up against top-down
/// prospecting for a 10-rep telecom team over one year, on a finite territory of four segments.
#[derive(Debug, Parser)]
#[command(name = "prospect-sim", version, about, long_about)]
pub struct Cli {
    /// What to do (default: `run` on the built-in scenario).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write summary.json, trials.csv, weekly.csv, run.json, the charts
    /// and report.html.
    Run(RunArgs),
    /// Check a scenario file and say what it would run, without running it.
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Change a value of the scenario: KEY is a dotted path such as simulation.reps or
        /// strategies.top-down.connect_rate, VALUE any valid value or spec. Repeatable.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<Override>,
    },
    /// Run the scenario at each value of one key, or each pair of values of two keys.
    ///
    /// Every point uses the same trial streams (common random numbers), so differences between
    /// points are the change, not noise. Writes sweep.csv.
    Sweep(SweepArgs),
    /// Rank the uncertain inputs of a strategy by how much they move the result (a tornado).
    ///
    /// Each uncertain input is fixed in turn at its P10 and its P90, everything else random on the
    /// same trial streams. Writes sensitivity.csv and tornado.png.
    Sensitivity(SensitivityArgs),
    /// Find the smallest value of a key that meets a target, by bisection over runs that share
    /// their trial streams. Writes goal.csv (every value tried).
    Goal(GoalArgs),
    /// Read a team's CRM exports, report what they show, and write a scenario calibrated to
    /// them.
    ///
    /// Takes an opportunities (deals) export from Salesforce, HubSpot, Pipedrive or any CSV with
    /// owner, stage, amount, created and closed columns, and optionally an accounts and an
    /// activities export. Columns are recognised by name; --map names the others.
    Calibrate(CalibrateArgs),
    /// Write a commented starter scenario to edit.
    Init {
        /// Where to write it.
        #[arg(default_value = "scenario.toml")]
        path: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Options of `run`.
#[derive(Debug, Args, Default, Clone)]
pub struct RunArgs {
    /// The scenario file (TOML); the built-in telecom-territory scenario when omitted.
    pub scenario: Option<PathBuf>,
    /// Number of trials, replacing the scenario's `simulation.trials` (checked like it).
    #[arg(long, value_name = "N")]
    pub trials: Option<u64>,
    /// Master seed, replacing the scenario's `simulation.seed`.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Worker threads (default: RAYON_NUM_THREADS, else one per core). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Output folder itself (default: output/NAME/, NAME being the scenario's name).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors (no progress bar, no table).
    #[arg(long, short)]
    pub quiet: bool,
    /// Change a value of the scenario: KEY is a dotted path such as simulation.reps,
    /// strategies.top-down.research_hours_per_account or
    /// strategies.bottom-up.prospecting_hours_per_week.mean; VALUE any valid value or spec
    /// ("8% to 15%" too). Repeatable; applied in order.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<Override>,
    /// Chart file formats, comma-separated: png, svg or png,svg (report.html always embeds SVG).
    #[arg(
        long,
        value_name = "FORMATS",
        value_delimiter = ',',
        default_value = "png"
    )]
    pub format: Vec<ChartFormat>,
    /// Skip the charts and report.html (for fast batch runs).
    #[arg(long)]
    pub no_charts: bool,
}

/// How to read dates such as 03/04/2024 when a column's values allow both orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DateOrder {
    /// Day first: 03/04/2024 is 3 April.
    #[value(name = "d/m/y", alias = "dmy")]
    DayMonthYear,
    /// Month first: 03/04/2024 is March 4.
    #[value(name = "m/d/y", alias = "mdy")]
    MonthDayYear,
}

/// Options of `calibrate`.
#[derive(Debug, Args, Clone)]
pub struct CalibrateArgs {
    /// The opportunities (deals) export, CSV.
    #[arg(long, value_name = "FILE.csv")]
    pub opportunities: PathBuf,
    /// An accounts (companies) export with industry and employees or revenue, CSV: the
    /// scenario gets segments by industry and size.
    #[arg(long, value_name = "FILE.csv")]
    pub accounts: Option<PathBuf>,
    /// An activities export with calls (and their outcome) and meetings, CSV: calibrates
    /// dials, connect rate and conversation to appointment.
    #[arg(long, value_name = "FILE.csv")]
    pub activities: Option<PathBuf>,
    /// Read FIELD from COLUMN when its name is not recognised, e.g. --map amount="Deal Value"
    /// or --map accounts.industry=Sector. Repeatable.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<ColumnMap>,
    /// How to read a date column whose every value could be day first or month first.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,
    /// Weeks worked in a year, to turn the history's dates into rep-weeks.
    #[arg(long, value_name = "N", default_value_t = 52,
          value_parser = clap::value_parser!(u32).range(1..=53))]
    pub weeks_per_year: u32,
    /// Where to write the scenario.
    #[arg(long, value_name = "FILE", default_value = "calibrated.toml")]
    pub out: PathBuf,
    /// Folder for calibration.html and its charts.
    #[arg(long, value_name = "DIR", default_value = "output/calibration")]
    pub report_dir: PathBuf,
    /// Show the reps' names in the report (otherwise Rep 1..N); never written to the scenario.
    #[arg(long)]
    pub show_names: bool,
    /// Replace the scenario file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Options of `sweep`.
#[derive(Debug, Args, Clone)]
pub struct SweepArgs {
    /// The key to vary and its values: KEY=V1,V2,... or KEY=START..END:STEPS (STEPS points, both
    /// ends included), e.g. strategies.top-down.research_hours_per_account=0.5..2:7. Give it twice
    /// for a grid.
    #[arg(long, value_name = "KEY=VALUES", required = true)]
    pub vary: Vec<String>,
    /// The options of `run`.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Options of `sensitivity`.
#[derive(Debug, Args, Clone)]
pub struct SensitivityArgs {
    /// The strategy to analyse (default: the scenario's last strategy).
    #[arg(long, value_name = "NAME")]
    pub strategy: Option<String>,
    /// What to measure.
    #[arg(long, value_enum, default_value_t = Output::Revenue)]
    pub output: Output,
    /// The options of `run`.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Options of `goal`.
#[derive(Debug, Args, Clone)]
pub struct GoalArgs {
    /// The key and the range to search: KEY=START..END, e.g.
    /// strategies.top-down.prospecting_hours_per_week.mean=15..40 or simulation.reps=5..50.
    #[arg(long, value_name = "KEY=START..END")]
    pub vary: String,
    /// The target: "P(revenue >= 2.5M) >= 0.9", "median(revenue) >= 1.5M", "mean(deals) >= 80".
    #[arg(long, value_name = "TARGET")]
    pub target: Target,
    /// The strategy that must meet it (default: the scenario's last strategy).
    #[arg(long, value_name = "NAME")]
    pub strategy: Option<String>,
    /// The options of `run`.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Adds a hint to a command-line error where the mistake is recognisable: a scenario file
/// given without a command (`prospect-sim my-team.toml`) is meant for `run`.
pub fn with_hint(mut error: clap::Error) -> clap::Error {
    if error.kind() != ErrorKind::InvalidSubcommand {
        return error;
    }
    let Some(ContextValue::String(word)) = error.get(ContextKind::InvalidSubcommand) else {
        return error;
    };
    let path = std::path::Path::new(word);
    let is_scenario = path.is_file()
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_scenario {
        let tip = format!("to run the scenario file, use 'prospect-sim run {word}'");
        error.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![tip.into()]),
        );
    }
    error
}
