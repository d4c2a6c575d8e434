//! What-if analysis, one file per feature: `--set` overrides ([`overrides`]), sweeps
//! ([`sweep`]), mixed strategies ([`mix`]), the tornado ([`sensitivity`]), goal seek and its
//! targets ([`goal`]), and the three commands from end to end ([`commands`]). This file holds
//! what they share: the scenario file name, the documented CSV columns, and helpers that read
//! output files or run a command that must refuse.
//!
//! Statistical tolerances: a summary's `se` is sd / sqrt(T) over T independent trials, so a
//! correct engine misses a true mean by more than K = 4 se with probability about 6e-5 (two-sided
//! normal tail). Every seed is fixed, so a pass is reproducible.

/// The three commands from end to end, and their help.
mod commands;
/// What-ifs on a playing field: the tornado fixes an input in every target; sweep and goal over
/// a segment's accounts agree with the closed form.
mod field;
/// Goal seek finds answers known in closed form; targets parse, bad ones exit 2.
mod goal;
/// Mixed strategies: one share at 1 is that strategy, a 50/50 mix has the closed-form mean.
mod mix;
/// An override changes exactly the key it names; a bad one names the nearest key.
mod overrides;
/// The tornado over part B's inputs: bars named by their `--set` keys, 0 where they cannot
/// matter.
mod part_b_tornado;
/// The tornado ranks the dominant input first.
mod sensitivity;
/// A sweep point is the plain run with that override, number for number.
mod sweep;

// The feature files start with `use super::*`: these imports, constants and helpers are theirs.
use std::path::Path;

use prospect_sim::analysis::summary::summarize_run;
use prospect_sim::analysis::target::{Metric, Quantity, Target};
use prospect_sim::config::ScenarioSource;
use prospect_sim::config::{Override, Scenario, ScenarioError, parse_scenario_with};
use prospect_sim::model::analytic::{expected_revenue, expected_strategy_revenue};
use prospect_sim::model::dist::Dist;
use prospect_sim::model::inputs::{Input, InputKey};
use prospect_sim::model::key::KeyPath;
use prospect_sim::report::json::summary_json;
use prospect_sim::sim::simulate;
use prospect_sim::whatif::goal::{Outcome, seek};
use prospect_sim::whatif::sensitivity::{Output, analyse};
use prospect_sim::whatif::sweep::{Axis, run_sweep};
use serde_json::Value;

use crate::it::common::{Sim, cli, close_rel, entries, mix, parse, scenario_text, strategy, texts};

/// Standard errors a simulated mean may stray from the truth (see the module doc).
const K: f64 = 4.0;
/// What the scenario files are called, on disk and in messages.
const FILE: &str = "s.toml";
/// A prospecting-hours spec table (the example of docs/model.md).
const HOURS_TABLE: &str = "{ dist = \"normal\", mean = 22, sd = 3, min = 0, max = 60 }";
/// The columns `sweep.csv` documents after the varied keys (`whatif::sweep::write_csv`).
const SWEEP_COLUMNS: [&str; 11] = [
    "strategy",
    "revenue_mean",
    "revenue_se",
    "revenue_p10",
    "revenue_p50",
    "revenue_p90",
    "deals_mean",
    "prospecting_hours_per_rep_week",
    "research_hours_per_rep_week",
    "dialing_hours_per_rep_week",
    "p_beats_baseline",
];
/// The columns `sensitivity.csv` documents (`whatif::sensitivity::write_csv`).
const SENSITIVITY_COLUMNS: [&str; 9] = [
    "rank",
    "input",
    "value_at_p10",
    "value_at_p90",
    "output_at_p10",
    "output_at_p90",
    "swing",
    "spearman_with_rep_revenue",
    "share_of_variance",
];

// ---------------------------------------------------------------------------------------------
// Helpers

fn set(key: &str, value: &str) -> Override {
    Override::set(key, value)
}

fn parse_with(text: &str, overrides: &[Override]) -> Result<Scenario, ScenarioError> {
    parse_scenario_with(text, FILE, overrides)
}

fn index_of(scenario: &Scenario, name: &str) -> usize {
    scenario
        .strategies
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| panic!("test bug: no strategy {name}"))
}

/// `text` with the line `key = ...` of strategy `name` replaced by `key = value`.
fn edit_strategy(text: &str, name: &str, key: &str, value: &str) -> String {
    let start = text
        .find(&format!("name = \"{name}\"\n"))
        .unwrap_or_else(|| panic!("test bug: no strategy {name}"));
    let at = start
        + text[start..]
            .find(&format!("\n{key} = "))
            .unwrap_or_else(|| panic!("test bug: strategy {name} has no {key}"))
        + 1;
    let end = at + text[at..].find('\n').expect("lines end in a newline");
    format!("{}{key} = {value}{}", &text[..at], &text[end..])
}

/// A CSV file as its header and rows. The files read here hold no quoted fields (no value or
/// name has a comma), which the row lengths check.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<String>>());
    let header = lines.next().expect("a header line");
    let rows: Vec<Vec<String>> = lines.collect();
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(
            r.len(),
            header.len(),
            "{} row {}: {r:?} against {header:?}",
            path.display(),
            i + 1
        );
    }
    (header, rows)
}

fn number(field: &str, what: &str) -> f64 {
    field
        .parse()
        .unwrap_or_else(|_| panic!("{what}: `{field}` is not a number"))
}

/// A CSV field read as serde_json reads numbers, to compare it with a number of a JSON file.
fn json_number(field: &str, what: &str) -> f64 {
    serde_json::from_str(field).unwrap_or_else(|_| panic!("{what}: `{field}` is not a number"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the binary in `dir`, expecting it to refuse with exit code 2 and to write nothing; returns
/// its stderr.
fn refused(dir: &Path, args: &[&str]) -> String {
    let before = entries(dir);
    let out = cli(dir, args);
    let (stdout, stderr) = texts(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?} should exit 2\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert_eq!(entries(dir), before, "{args:?} wrote something");
    stderr
}
