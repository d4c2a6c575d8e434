//! Snapshots of four tiny seeded runs (the built-in playing-field scenario with its part B and
//! without it, the flat `configs/seed-telecom.toml` and a business case): what a user gets, byte for byte, so that any change to an
//! output shows up in review as a diff of a file under `tests/it/snapshots/`.
//!
//! Each run goes through the binary (`run --trials 200`), and the test snapshots `summary.json`,
//! the head of `trials.csv`, `weekly.csv` and the text of `report.html` (style sheet and charts
//! left out: charts have tests of their own). The terminal table comes from
//! `report::terminal::render` on the same run, because the binary's screen also shows timings,
//! which never enter a snapshot.
//!
//! A change to any of these is either a bug or a change to review and accept:
//! `INSTA_UPDATE=always cargo test --release` rewrites the `.snap` files (or `cargo insta review`
//! with cargo-insta installed); `git diff tests/it/snapshots` is then the review. CI sets `CI`
//! and `INSTA_UPDATE=no` (`.ci/run`), so there a mismatch fails and nothing is written.

use std::path::Path;

use prospect_sim::config::{BUILT_IN_SCENARIO, FLAT_SCENARIO, Override, ScenarioSource};
use prospect_sim::report::terminal;

use crate::it::common::{cli, texts};

/// Trials per strategy: enough for every statistic and sentence to be present, few enough for
/// the run to take well under a second.
const TRIALS: u64 = 200;

/// Lines of `trials.csv` kept: the header and the first rows (the file has one row per trial
/// and strategy; its later rows add nothing a reviewer would read).
const TRIALS_HEAD: usize = 11;

/// A two-strategy scenario with `[targets]`, `[economics]` and a strategy with costs, whose
/// inputs use every spec form (a number, `"A to B"`, `{ p5, p95 }` and `{ dist = ... }`).
const BUSINESS: &str = r#"name = "snapshot-business"
description = "Two strategies with targets and a business case, for the snapshot tests"

[targets]
revenue = 400_000
quota_per_rep = 100_000

[economics]
gross_margin = "50% to 65%"
rep_cost_per_hour = 50
discount_rate = 0.10

[simulation]
trials = 1000
weeks = 26
reps = 4
seed = 8

[[strategies]]
name = "bottom-up"
prospecting_hours_per_week = "18 to 26"
research_hours_per_account = 0
dials_per_account = 2
dials_per_hour = 15
connect_rate = { dist = "beta", mean = 0.10, sd = 0.03 }
conversation_to_appointment = { p5 = 0.04, p95 = 0.12 }
appointment_to_proposal = { dist = "pert", min = 0.2, mode = 0.35, max = 0.5 }
proposal_to_close = { dist = "triangular", min = 0.1, mode = 0.2, max = 0.3 }
sales_cycle_weeks = { dist = "lognormal", median = 6, p95 = 14 }
revenue_per_sale = { dist = "gamma", mean = 6000, sd = 2500 }

[[strategies]]
name = "top-down"
upfront_cost = 20_000
cost_per_rep_week = 60
prospecting_hours_per_week = { dist = "normal", mean = 22, sd = 3, min = 0, max = 60 }
research_hours_per_account = "0.4 to 1.5"
dials_per_account = { dist = "uniform", min = 3, max = 5 }
dials_per_hour = 15
connect_rate = "4% to 8%"
conversation_to_appointment = "6% to 18%"
appointment_to_proposal = { dist = "beta", alpha = 12, beta = 8 }
proposal_to_close = 0.35
sales_cycle_weeks = { dist = "lognormal", mean = 5, sd = 2 }
revenue_per_sale = { dist = "lognormal", median = 20000, p95 = 60000 }
"#;

/// The built-in scenario without its part B (selling time, the installed base): a playing field
/// (segments, contacts, finite pools) as it was before part B, whose bytes must not change.
#[test]
fn the_built_in_scenario_without_part_b_at_200_trials() {
    check_run(
        "builtin",
        "(built-in without part B)",
        Some(&super::part_a_only::without_part_b(BUILT_IN_SCENARIO)),
    );
}

/// The built-in scenario as it is: the playing field with selling time and an installed base.
#[test]
fn the_built_in_scenario_at_200_trials() {
    check_run("builtin-part-b", "(built-in)", None);
}

/// The flat scenario that was the built-in before the playing field: its bytes must not change.
#[test]
fn the_flat_seed_telecom_scenario_at_200_trials() {
    check_run(
        "seed-telecom",
        "configs/seed-telecom.toml",
        Some(FLAT_SCENARIO),
    );
}

#[test]
fn a_business_case_with_targets_at_200_trials() {
    check_run("business", "SCENARIO", Some(BUSINESS));
}

/// Runs `text` (the built-in scenario when `None`; `what` names it in the snapshots'
/// description) at [`TRIALS`] through the binary and snapshots its outputs as
/// `NAME.FILE.snap`.
fn check_run(name: &str, what: &str, text: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let trials = TRIALS.to_string();
    let mut args = vec!["run"];
    if text.is_some() {
        args.push("s.toml");
    }
    args.extend(["--trials", &trials, "--out", "out", "--quiet"]);
    args.extend(["--format", "svg"]);
    if let Some(text) = text {
        std::fs::write(dir.path().join("s.toml"), text).unwrap();
    }
    let out = cli(dir.path(), &args);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{args:?}\n{stdout}\n{stderr}");
    let out_dir = dir.path().join("out");
    let read = |file: &str| read_text(&out_dir, file);

    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!(
        "prospect-sim run {what} --trials {TRIALS}: see tests/it/snapshot.rs for how to review a change"
    ));
    settings.bind(|| {
        insta::assert_snapshot!(format!("{name}.summary.json"), read("summary.json"));
        insta::assert_snapshot!(format!("{name}.trials.csv"), head(&read("trials.csv")));
        insta::assert_snapshot!(format!("{name}.weekly.csv"), read("weekly.csv"));
        insta::assert_snapshot!(
            format!("{name}.terminal.txt"),
            terminal_table(dir.path(), text)
        );
        insta::assert_snapshot!(
            format!("{name}.report.txt"),
            report_text(&read("report.html"))
        );
    });
}

fn read_text(dir: &Path, file: &str) -> String {
    let path = dir.join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first [`TRIALS_HEAD`] lines of `text`.
fn head(text: &str) -> String {
    let lines: Vec<&str> = text.lines().take(TRIALS_HEAD).collect();
    lines.join("\n") + "\n"
}

/// The table `run` prints for `text` (the built-in scenario when `None`) at [`TRIALS`]: the same
/// scenario, loaded the way the binary loads it, run through `analysis::run`.
fn terminal_table(dir: &Path, text: Option<&str>) -> String {
    let path = text.map(|_| dir.join("s.toml"));
    let trials = Override::set("simulation.trials", &TRIALS.to_string());
    let source = ScenarioSource::load(path.as_deref(), vec![trials])
        .unwrap_or_else(|e| panic!("the scenario loads: {e}"));
    let scenario = source.scenario(&[]).unwrap();
    let run = prospect_sim::analysis::run(&scenario, &|_| {});
    let rate = scenario.economics.as_ref().map(|e| e.discount_rate);
    terminal::render(&run.summary, rate)
}

/// The text of a report page: elements that hold no prose (`style`, `svg`, the charts'
/// `figure`s) dropped, a line per block element, table cells separated by ` | `, entities
/// decoded. Whitespace inside a line is collapsed, so the snapshot follows the words, not the
/// indentation of the markup.
fn report_text(html: &str) -> String {
    const SKIPPED: [&str; 4] = ["style", "svg", "figure", "head"];
    const BLOCKS: [&str; 14] = [
        "p", "h1", "h2", "h3", "li", "tr", "caption", "section", "table", "ul", "ol", "div", "br",
        "main",
    ];
    let mut out = String::new();
    let mut rest = html;
    let mut skipping: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&rest[..lt]);
        }
        let gt = lt + rest[lt..].find('>').expect("every tag closes");
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(skipped) = &skipping {
            if closing && *skipped == name {
                skipping = None;
            }
            continue;
        }
        if !closing && SKIPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            skipping = Some(name);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        } else if matches!(name.as_str(), "td" | "th") && !closing {
            out.push_str(" | ");
        }
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&times;", "×")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let mut text = String::new();
    for line in decoded.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if !words.is_empty() {
            text.push_str(&words.join(" "));
            text.push('\n');
        }
    }
    text
}
