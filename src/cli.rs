//! Command-line definitions (clap). No logic here: [`crate::app`] runs what these parse into.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::charts::ChartFormat;

/// Monte Carlo simulator of sales prospecting strategies.
///
/// Samples the funnel of each strategy (dials, conversations, appointments, proposals, closes)
/// for every rep and week, trial after trial, and reports the distributions of revenue and of
/// time spent. With no command it runs the built-in scenario: bottom-up against top-down
/// prospecting for a 10-rep telecom team over one year.
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
    },
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
    /// The scenario file (TOML); the built-in seed-telecom scenario when omitted.
    pub scenario: Option<PathBuf>,
    /// Number of trials, replacing the scenario's `simulation.trials`.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub trials: Option<u64>,
    /// Master seed, replacing the scenario's `simulation.seed`.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Worker threads (default: RAYON_NUM_THREADS, else one per core). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Output folder itself (default: output/<scenario name>/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors (no progress bar, no table).
    #[arg(long, short)]
    pub quiet: bool,
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
