//! What-if analysis: a `--set` override changes exactly the key it names and a bad path
//! names the override and the nearest key; a sweep point is the plain run with that override,
//! number for number; a mix with one share at 1 is that strategy, trial for trial, and a 50/50
//! mix has the closed-form mean; the tornado ranks first the input a scenario makes dominant;
//! goal seek finds an answer known in closed form. Then `sweep`, `sensitivity` and `goal` from
//! end to end.
//!
//! Statistical tolerances: a summary's `se` is sd / sqrt(T) over T independent trials, so a
//! correct engine misses a true mean by more than K = 4 se with probability about 6e-5 (two-sided
//! normal tail). Every seed is fixed, so a pass is reproducible.

use std::path::Path;

use prospect_sim::analysis::summary::summarize_run;
use prospect_sim::analysis::target::{Metric, Quantity, Target};
use prospect_sim::config::ScenarioSource;
use prospect_sim::config::spec::fmt_number;
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

use crate::it::common::{Sim, cli, close_rel, mix, parse, scenario_text, strategy, texts};

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
const SENSITIVITY_COLUMNS: [&str; 8] = [
    "rank",
    "input",
    "value_at_p10",
    "value_at_p90",
    "output_at_p10",
    "output_at_p90",
    "swing",
    "spearman_with_rep_revenue",
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

/// The names of the entries of `dir` (not recursive), sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
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

// ---------------------------------------------------------------------------------------------
// 1. Overrides change exactly the named key

/// Two plain strategies (one with a spec table, one with an interval), a mix of them and a
/// strategy whose name holds a dot; no `[targets]`.
fn override_scenario() -> String {
    let sim = Sim {
        trials: 100,
        weeks: 10,
        reps: 4,
        seed: 7,
    };
    scenario_text(
        "overrides",
        sim,
        &[
            strategy(
                "bottom-up",
                &[
                    ("research_hours_per_account", "0"),
                    ("connect_rate", "\"5% to 10%\""),
                ],
            ),
            strategy("top-down", &[("prospecting_hours_per_week", HOURS_TABLE)]),
            mix("mixed", "{ \"top-down\" = 0.7, \"bottom-up\" = \"rest\" }"),
            strategy("v1.2", &[]),
        ],
    )
}

/// Parses `text` with `sets` and asserts the result is `original` changed by `change`, and by
/// nothing else.
fn check_override(
    text: &str,
    original: &Scenario,
    sets: &[(&str, &str)],
    change: impl FnOnce(&mut Scenario),
) {
    let overrides: Vec<Override> = sets.iter().map(|(k, v)| set(k, v)).collect();
    let got = parse_with(text, &overrides).unwrap_or_else(|e| panic!("--set {sets:?}: {e}"));
    let mut expected = original.clone();
    change(&mut expected);
    // A mix's inputs are a copy of its first component's (`Strategy::inputs`): derived, not set.
    for i in 0..expected.strategies.len() {
        if expected.strategies[i].is_mix() {
            let first = expected.strategies[i].mix[0].strategy;
            expected.strategies[i].inputs = expected.strategies[first].inputs.clone();
        }
    }
    assert_ne!(&expected, original, "test bug: {sets:?} expects no change");
    assert_eq!(got, expected, "--set {sets:?}");
}

#[test]
fn an_override_changes_exactly_the_named_key() {
    let text = override_scenario();
    let original = parse(&text);
    let (bottom_up, top_down, mixed, dotted) = (
        index_of(&original, "bottom-up"),
        index_of(&original, "top-down"),
        index_of(&original, "mixed"),
        index_of(&original, "v1.2"),
    );
    // The input `key` of strategy `name` as the file itself would give it with `key = value`:
    // an override is checked and described exactly like a value written in the file.
    let from_file = |name: &str, key: InputKey, value: &str| -> Input {
        let s = parse(&edit_strategy(&text, name, key.name(), value));
        s.strategies[index_of(&s, name)].inputs.get(key).clone()
    };
    let connect = InputKey::ConnectRate;
    let hours = InputKey::ProspectingHoursPerWeek;

    check_override(&text, &original, &[("simulation.reps", "25")], |s| {
        s.simulation.reps = 25
    });
    check_override(&text, &original, &[("simulation.seed", "99")], |s| {
        s.simulation.seed = 99
    });
    // Overrides apply in order: the last of two on one key wins.
    check_override(
        &text,
        &original,
        &[("simulation.trials", "5"), ("simulation.trials", "9")],
        |s| s.simulation.trials = 9,
    );
    check_override(&text, &original, &[("description", "what if")], |s| {
        s.description = Some("what if".to_string())
    });

    // A spec string needs no inner quotes on the command line.
    let interval = from_file("bottom-up", connect, "\"8% to 15%\"");
    let Dist::Beta { .. } = interval.dist else {
        panic!("a rate's interval is a beta: {:?}", interval.dist)
    };
    // The fitted beta has the interval's ends as its 5th and 95th percentiles (the fit is exact to
    // 1e-6 in probability; 1e-5 leaves room for the CDF's own rounding).
    for (x, p) in [(0.08, 0.05), (0.15, 0.95)] {
        let cdf = interval.dist.cdf_below(x);
        assert!((cdf - p).abs() < 1e-5, "P(connect < {x}) = {cdf}, not {p}");
    }
    check_override(
        &text,
        &original,
        &[("strategies.bottom-up.connect_rate", "8% to 15%")],
        |s| s.strategies[bottom_up].inputs.0[connect.index()] = interval,
    );
    // A lone percentage is a constant.
    let twelve = from_file("bottom-up", connect, "\"12%\"");
    assert_eq!(twelve.dist, Dist::Constant(0.12));
    check_override(
        &text,
        &original,
        &[("strategies.bottom-up.connect_rate", "12%")],
        |s| s.strategies[bottom_up].inputs.0[connect.index()] = twelve,
    );

    // One field inside a spec table; the rest of the table stays.
    let mean25 = from_file(
        "top-down",
        hours,
        "{ dist = \"normal\", mean = 25, sd = 3, min = 0, max = 60 }",
    );
    assert_eq!(
        mean25.dist,
        Dist::Normal {
            mean: 25.0,
            sd: 3.0,
            min: 0.0,
            max: 60.0
        }
    );
    check_override(
        &text,
        &original,
        &[("strategies.top-down.prospecting_hours_per_week.mean", "25")],
        |s| s.strategies[top_down].inputs.0[hours.index()] = mean25,
    );

    // A strategy named with a dot is found by its whole name.
    let speed = from_file("v1.2", InputKey::DialsPerHour, "14");
    check_override(
        &text,
        &original,
        &[("strategies.v1.2.dials_per_hour", "14")],
        |s| s.strategies[dotted].inputs.0[InputKey::DialsPerHour.index()] = speed,
    );

    // A section the file does not have.
    assert_eq!(
        original.targets.revenue, None,
        "test bug: the file sets targets"
    );
    check_override(&text, &original, &[("targets.revenue", "2500000")], |s| {
        s.targets.revenue = Some(2.5e6)
    });
    check_override(
        &text,
        &original,
        &[("targets.quota_per_rep", "100_000")],
        |s| s.targets.quota_per_rep = Some(1e5),
    );

    // A share of a mix: "rest" follows it.
    let shares: Vec<(usize, f64)> = original.strategies[mixed]
        .mix
        .iter()
        .map(|p| (p.strategy, p.share))
        .collect();
    assert_eq!(
        shares,
        [(top_down, 0.7), (bottom_up, 1.0 - 0.7)],
        "test bug: the mix as written"
    );
    check_override(
        &text,
        &original,
        &[("strategies.mixed.mix.top-down", "0.8")],
        |s| {
            for p in &mut s.strategies[mixed].mix {
                p.share = if p.strategy == top_down {
                    0.8
                } else {
                    1.0 - 0.8
                };
            }
        },
    );
}

#[test]
fn a_bad_override_path_names_the_override_and_the_nearest_key() {
    let text = override_scenario();
    // (override, fragments its one message must hold)
    let cases: [(&str, &[&str]); 10] = [
        // Unknown section, unknown key of a section.
        (
            "simulaton.reps=5",
            &["`simulaton`", "did you mean `simulation`?"],
        ),
        (
            "target.revenue=1000",
            &["`target`", "did you mean `targets`?"],
        ),
        (
            "simulation.trails=5",
            &["`trails`", "did you mean `trials`?"],
        ),
        // Unknown strategy, typo'd input, typo'd field of a spec table, unknown mix component.
        (
            "strategies.top-dwn.connect_rate=0.1",
            &["no strategy named `top-dwn`", "did you mean `top-down`?"],
        ),
        (
            "strategies.top-down.conect_rate=0.1",
            &["`conect_rate`", "did you mean `connect_rate`?"],
        ),
        (
            "strategies.top-down.prospecting_hours_per_week.meen=25",
            &["`meen`", "did you mean `mean`?"],
        ),
        (
            "strategies.mixed.mix.top-dwn=0.5",
            &["`top-dwn`", "did you mean `top-down`?"],
        ),
        // Setting inside a value that is not a table.
        (
            "strategies.top-down.connect_rate.mean=0.1",
            &[
                "`strategies.top-down.connect_rate` is not a table",
                "`mean`",
            ],
        ),
        (
            "simulation.reps.max=3",
            &["`simulation.reps` is not a table"],
        ),
        ("name.x=1", &["`name` is not a table"]),
    ];
    for (o, says) in cases {
        let o: Override = o.parse().expect("KEY=VALUE");
        let e = parse_with(&text, std::slice::from_ref(&o))
            .expect_err(&format!("--set {o} should be refused"));
        assert_eq!(e.problems.len(), 1, "--set {o}: {e}");
        let p = &e.problems[0];
        assert_eq!(
            p.place,
            format!("--set {o}"),
            "the message names the override"
        );
        assert_eq!(
            (p.line, p.column),
            (None, None),
            "--set {o}: no line in the file"
        );
        for s in says {
            assert!(
                p.message.contains(s),
                "--set {o}: no {s:?} in {:?}",
                p.message
            );
        }
        let shown = e.to_string();
        assert!(
            shown.starts_with(&format!("{FILE}: --set {o}: ")),
            "--set {o}: {shown}"
        );
    }
    // A valid path with a bad value: the validator's message, placed at the override.
    let o = set("strategies.v1.2.connect_rate", "1.5");
    let e = parse_with(&text, std::slice::from_ref(&o)).expect_err("a rate of 1.5");
    assert_eq!(e.problems.len(), 1, "{e}");
    let place = &e.problems[0].place;
    assert!(
        place.contains("--set strategies.v1.2.connect_rate=1.5")
            && place.contains("strategy \"v1.2\", key connect_rate"),
        "{e}"
    );
}

#[test]
fn every_command_refuses_a_bad_override_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), override_scenario()).unwrap();
    let bad = "simulaton.reps=5";
    let commands: [&[&str]; 5] = [
        &["validate", FILE, "--set", bad],
        &["run", FILE, "--set", bad, "--quiet"],
        &[
            "sweep",
            FILE,
            "--vary",
            "simulation.reps=2,3",
            "--set",
            bad,
            "--out",
            "res",
        ],
        &[
            "sensitivity",
            FILE,
            "--strategy",
            "top-down",
            "--set",
            bad,
            "--out",
            "res",
        ],
        &[
            "goal",
            FILE,
            "--vary",
            "simulation.reps=1..5",
            "--target",
            "mean(revenue) >= 1",
            "--set",
            bad,
        ],
    ];
    for args in commands {
        let stderr = refused(dir.path(), args);
        assert!(
            stderr.contains("--set simulaton.reps=5")
                && stderr.contains("did you mean `simulation`?"),
            "{args:?}: {stderr}"
        );
    }
    // A sweep checks every point before it runs any: a bad key, a bad value at the last point.
    let stderr = refused(
        dir.path(),
        &["sweep", FILE, "--vary", "simulation.trails=1,2", "--quiet"],
    );
    assert!(stderr.contains("did you mean `trials`?"), "{stderr}");
    let stderr = refused(
        dir.path(),
        &[
            "sweep",
            FILE,
            "--vary",
            "strategies.top-down.connect_rate=0.1,0.2,1.5",
            "--quiet",
        ],
    );
    assert!(
        stderr.contains("--vary strategies.top-down.connect_rate=1.5"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. A sweep point equals a plain run with that override

/// Bottom-up, top-down (random inputs) and a 70/30 mix of them: a small scenario whose every
/// strategy is random in several inputs.
fn sweep_scenario() -> String {
    let sim = Sim {
        trials: 1000,
        weeks: 12,
        reps: 3,
        seed: 2024,
    };
    scenario_text(
        "sweep",
        sim,
        &[
            strategy(
                "bottom-up",
                &[
                    ("prospecting_hours_per_week", "\"18 to 26\""),
                    ("research_hours_per_account", "0"),
                    ("connect_rate", "{ dist = \"beta\", mean = 0.1, sd = 0.03 }"),
                ],
            ),
            strategy(
                "top-down",
                &[
                    ("research_hours_per_account", "\"0.4 to 1.5\""),
                    ("appointment_to_proposal", "\"40% to 80%\""),
                    (
                        "sales_cycle_weeks",
                        "{ dist = \"lognormal\", median = 3, p95 = 8 }",
                    ),
                    (
                        "revenue_per_sale",
                        "{ dist = \"lognormal\", median = 20000, p95 = 60000 }",
                    ),
                ],
            ),
            mix("mixed", "{ \"top-down\" = 0.7, \"bottom-up\" = \"rest\" }"),
        ],
    )
}

#[test]
fn a_sweep_point_is_the_plain_run_with_that_override() {
    let text = sweep_scenario();
    let base = set("simulation.reps", "4");
    let trials = set("simulation.trials", "300");
    let source = ScenarioSource {
        text: text.clone(),
        label: FILE.to_string(),
        base: vec![base.clone(), trials.clone()],
    };
    let key = "strategies.top-down.research_hours_per_account";
    let values = ["0.25", "1", "0.5 to 2"];
    let axis = Axis {
        key: KeyPath::parse(key, &["bottom-up", "top-down"]),
        values: values.map(str::to_string).to_vec(),
    };
    let points = run_sweep(&source, &[axis], &|_, _| {}).expect("a valid sweep");
    assert_eq!(points.len(), values.len());
    for (p, v) in points.iter().zip(values) {
        assert_eq!(p.values, [v]);
        // The plain run: the file with the base --set and this point's --set, on `run`'s own
        // path (its own one-thread pool, where the sweep ran on the global pool).
        let plain = parse_with(&text, &[base.clone(), trials.clone(), set(key, v)]).unwrap();
        assert_eq!(plain.simulation.reps, 4, "the base override applies");
        assert_eq!(plain.simulation.trials, 300, "the trials override applies");
        let run = crate::it::common::run_on(&plain, 1);
        let (got, expected) = (summary_json(&p.summary), summary_json(&run.summary));
        assert!(
            got == expected,
            "{key}={v}: the sweep point's summary differs from the plain run's\n--- sweep\n{got}\n--- run\n{expected}"
        );
    }
    // The key took effect: top-down's mean revenue differs at every point ...
    let top_down: Vec<f64> = points
        .iter()
        .map(|p| p.summary.strategies[1].revenue.mean)
        .collect();
    assert!(
        top_down[0] != top_down[1] && top_down[1] != top_down[2] && top_down[0] != top_down[2],
        "{top_down:?}"
    );
    // ... while bottom-up, which it does not touch, is the same at every point: every point runs
    // the same trial streams.
    let bottom_up: Vec<Value> = points
        .iter()
        .map(|p| serde_json::to_value(&p.summary.strategies[0]).unwrap())
        .collect();
    assert!(bottom_up.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn sweep_csv_rows_are_the_plain_runs_of_each_point() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(FILE), sweep_scenario()).unwrap();
    let key = "strategies.mixed.mix.top-down";
    let common = [
        "--set",
        "simulation.reps=4",
        "--trials",
        "200",
        "--quiet",
        "--out",
    ];
    let vary = format!("{key}=0..1:3");
    let mut args = vec!["sweep", FILE, "--vary", vary.as_str()];
    args.extend(common);
    args.push("sw");
    let out = cli(d, &args);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.is_empty() && stderr.is_empty(),
        "--quiet: {stdout}{stderr}"
    );

    let (header, rows) = read_csv(&d.join("sw/sweep.csv"));
    let mut expected_header = vec![key.to_string()];
    expected_header.extend(SWEEP_COLUMNS.map(str::to_string));
    assert_eq!(header, expected_header);
    let names = ["bottom-up", "top-down", "mixed"];
    let values = ["0", "0.5", "1"];
    assert_eq!(
        rows.len(),
        values.len() * names.len(),
        "points x strategies"
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();

    for (i, v) in values.iter().enumerate() {
        let setting = format!("{key}={v}");
        let out_dir = format!("run{i}");
        let mut args = vec!["run", FILE, "--set", setting.as_str()];
        args.extend(common);
        args.push(out_dir.as_str());
        let out = cli(d, &args);
        assert!(out.status.success(), "{}", texts(&out).1);
        let summary = read_json(&d.join(&out_dir).join("summary.json"));
        for (j, name) in names.iter().enumerate() {
            let row = &rows[i * names.len() + j];
            let at = format!("sweep.csv row {key}={v}, {name}");
            assert_eq!((row[0].as_str(), row[1].as_str()), (*v, *name), "{at}");
            let st = &summary["strategies"][j];
            assert_eq!(st["name"], *name);
            // Both files print shortest round-trip decimals, so equal numbers print the same
            // digits. serde_json's default float parser may land one ulp off the nearest f64
            // (it lacks `float_roundtrip`), so both sides go through it: equal digits, equal f64.
            for (column, json) in [
                ("revenue_mean", &st["revenue"]["mean"]),
                ("revenue_se", &st["revenue"]["se"]),
                ("revenue_p10", &st["revenue"]["p10"]),
                ("revenue_p50", &st["revenue"]["p50"]),
                ("revenue_p90", &st["revenue"]["p90"]),
                ("deals_mean", &st["deals"]["mean"]),
                (
                    "prospecting_hours_per_rep_week",
                    &st["hours_per_rep_week"]["prospecting"]["mean"],
                ),
                (
                    "research_hours_per_rep_week",
                    &st["hours_per_rep_week"]["research"]["mean"],
                ),
                (
                    "dialing_hours_per_rep_week",
                    &st["hours_per_rep_week"]["dialing"]["mean"],
                ),
            ] {
                let csv = json_number(&row[col(column)], &at);
                assert_eq!(Some(csv), json.as_f64(), "{at}: {column}");
            }
            let p_better = &row[col("p_beats_baseline")];
            if j == 0 {
                assert_eq!(p_better, "", "{at}: the baseline is not compared");
            } else {
                let json = summary["comparisons"][j - 1]["p_better"].as_f64();
                assert_eq!(
                    Some(json_number(p_better, &at)),
                    json,
                    "{at}: p_beats_baseline"
                );
            }
        }
    }
    // At the ends of the share range the mix is one of its components, number for number.
    let mean = |row: usize| number(&rows[row][col("revenue_mean")], "revenue_mean");
    assert_eq!(mean(2), mean(0), "top-down share 0: the mix is bottom-up");
    assert_eq!(mean(8), mean(7), "top-down share 1: the mix is top-down");
    assert_ne!(
        mean(0),
        mean(1),
        "test bug: the two strategies book the same"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Mixes

/// Top-down and bottom-up with random rep-level and deal-level inputs and the same hours spec,
/// then `mixes` (name, mix table).
fn mix_scenario(sim: Sim, mixes: &[(&str, &str)]) -> String {
    let mut strategies = vec![
        strategy(
            "top-down",
            &[
                ("prospecting_hours_per_week", HOURS_TABLE),
                ("research_hours_per_account", "\"0.4 to 1.5\""),
                ("dials_per_account", "4"),
                (
                    "connect_rate",
                    "{ dist = \"beta\", mean = 0.06, sd = 0.02 }",
                ),
                ("appointment_to_proposal", "\"40% to 80%\""),
                (
                    "proposal_to_close",
                    "{ dist = \"beta\", mean = 0.35, sd = 0.08 }",
                ),
                (
                    "sales_cycle_weeks",
                    "{ dist = \"lognormal\", median = 4, p95 = 9 }",
                ),
                (
                    "revenue_per_sale",
                    "{ dist = \"lognormal\", median = 20000, p95 = 60000 }",
                ),
            ],
        ),
        strategy(
            "bottom-up",
            &[
                ("prospecting_hours_per_week", HOURS_TABLE),
                ("research_hours_per_account", "0"),
                ("dials_per_account", "2"),
                ("dials_per_hour", "15"),
                (
                    "connect_rate",
                    "{ dist = \"beta\", mean = 0.10, sd = 0.03 }",
                ),
                ("conversation_to_appointment", "\"4% to 14%\""),
                (
                    "revenue_per_sale",
                    "{ dist = \"lognormal\", median = 6000, p95 = 20000 }",
                ),
            ],
        ),
    ];
    strategies.extend(mixes.iter().map(|(name, shares)| mix(name, shares)));
    scenario_text("mixes", sim, &strategies)
}

#[test]
fn a_mix_with_one_share_at_1_is_that_strategy() {
    let sim = Sim {
        trials: 600,
        weeks: 12,
        reps: 4,
        seed: 99,
    };
    let scenario = parse(&mix_scenario(
        sim,
        &[
            (
                "all-top-down",
                "{ \"top-down\" = 1.0, \"bottom-up\" = \"rest\" }",
            ),
            (
                "all-bottom-up",
                "{ \"top-down\" = \"rest\", \"bottom-up\" = 1.0 }",
            ),
            // Listed the other way round, with both shares given.
            (
                "all-bottom-up-too",
                "{ \"bottom-up\" = 1, \"top-down\" = 0 }",
            ),
        ],
    ));
    let result = simulate(&scenario, &|_| {});
    let summary = summarize_run(&scenario, &result);
    let runs = &result.strategies;
    assert_ne!(
        runs[0].trials, runs[1].trials,
        "test bug: the pure strategies are alike"
    );
    for (mixed, pure) in [(2, 0), (3, 1), (4, 1)] {
        let label = format!("{} against {}", runs[mixed].name, runs[pure].name);
        assert!(
            runs[mixed].trials == runs[pure].trials,
            "{label}: per-trial totals differ"
        );
        assert!(
            runs[mixed].cumulative_revenue == runs[pure].cumulative_revenue,
            "{label}: weekly revenue differs"
        );
        // And so does every figure of the summary but the name, closed-form mean included.
        let figures = |i: usize| {
            let mut v = serde_json::to_value(&summary.strategies[i]).unwrap();
            v.as_object_mut().unwrap().remove("name");
            v
        };
        assert_eq!(figures(mixed), figures(pure), "{label}");
        assert_eq!(
            summary.comparisons[mixed - 1].p_better,
            if pure == 0 {
                0.0
            } else {
                summary.comparisons[pure - 1].p_better
            },
            "{label}: p_better"
        );
    }
}

#[test]
fn a_mix_has_the_closed_form_mean() {
    let sim = Sim {
        trials: 8000,
        weeks: 13,
        reps: 5,
        seed: 4242,
    };
    let scenario = parse(&mix_scenario(
        sim,
        &[
            ("half", "{ \"top-down\" = 0.5, \"bottom-up\" = \"rest\" }"),
            ("tilted", "{ \"bottom-up\" = 0.3, \"top-down\" = \"rest\" }"),
        ],
    ));
    let summary = summarize_run(&scenario, &simulate(&scenario, &|_| {}));
    let pure = |i: usize| expected_revenue(&scenario.simulation, &scenario.strategies[i].inputs);
    let (top_down, bottom_up) = (pure(0), pure(1));
    assert!(
        (top_down - bottom_up).abs() > 0.2 * top_down.max(bottom_up),
        "test bug: the pure means are too close for the mix to tell them apart"
    );
    for (index, share_top_down) in [(2, 0.5), (3, 0.7)] {
        let s = &summary.strategies[index];
        let closed = expected_strategy_revenue(&scenario, index);
        // With both components on the same hours spec, the mix's mean is the share-weighted
        // average of the pure strategies' closed forms.
        let average = share_top_down * top_down + (1.0 - share_top_down) * bottom_up;
        assert!(
            close_rel(closed, average, 1e-12),
            "{}: closed form {closed} vs weighted average {average}",
            s.name
        );
        assert_eq!(s.revenue_mean_closed_form, closed);
        let se = s.revenue.se;
        assert!(se > 0.0, "{}: revenue never varies", s.name);
        assert!(
            (s.revenue.mean - closed).abs() <= K * se,
            "{}: simulated mean {} vs closed form {closed} ({:.2} se; tolerance {K} se)",
            s.name,
            s.revenue.mean,
            (s.revenue.mean - closed) / se
        );
    }
}

/// Two identical funnels, one at 30 h a week and one at 10 h, mixed as `{ fulltime = x,
/// parttime = "rest" }`: each component works its share of its own strategy's hours, so the mix
/// prospects 30x + 10(1 - x) hours a week and its mean revenue is linear in x, with no step where
/// the larger share changes hands (at 0.5).
#[test]
fn a_mix_moves_smoothly_with_its_shares() {
    let sim = Sim {
        trials: 4000,
        weeks: 26,
        reps: 5,
        seed: 606,
    };
    let shares = [0.0, 0.25, 0.49, 0.5, 0.51, 0.75, 1.0];
    let mut strategies = vec![
        strategy(
            "fulltime",
            &[
                ("prospecting_hours_per_week", "30"),
                ("connect_rate", "0.3"),
            ],
        ),
        strategy(
            "parttime",
            &[
                ("prospecting_hours_per_week", "10"),
                ("connect_rate", "0.3"),
            ],
        ),
    ];
    strategies.extend(shares.iter().map(|x| {
        mix(
            &format!("at {x}"),
            &format!("{{ fulltime = {x}, parttime = \"rest\" }}"),
        )
    }));
    let scenario = parse(&scenario_text("smooth", sim, &strategies));
    let result = simulate(&scenario, &|_| {});
    let summary = summarize_run(&scenario, &result);
    // By hand: c = 0.5 + 3/12 = 0.75 h an account, so 3 / 0.75 = 4 dials an hour; a dial closes
    // with 0.3 x 0.1 x 0.3 x 0.2; a deal of $5,000 closed in week t books in t + 3, so the
    // closes of W - 3 weeks count. E(H) = N x H x 4 x p x 5000 x (W - 3).
    let p = 0.3 * 0.1 * 0.3 * 0.2;
    let by_hand = |hours: f64| 5.0 * hours * 4.0 * p * 5000.0 * (26.0 - 3.0);
    for (j, &x) in shares.iter().enumerate() {
        let index = 2 + j;
        let s = &summary.strategies[index];
        let expected = x * by_hand(30.0) + (1.0 - x) * by_hand(10.0);
        let closed = expected_strategy_revenue(&scenario, index);
        assert!(
            close_rel(closed, expected, 1e-12),
            "{}: closed form {closed} vs by hand {expected}",
            s.name
        );
        // Hours are constants: every rep-week of the mix prospects exactly 30x + 10(1 - x).
        let hours = 30.0 * x + 10.0 * (1.0 - x);
        assert!(
            close_rel(s.hours_per_rep_week.prospecting.mean, hours, 1e-12),
            "{}: {} h a week, not {hours}",
            s.name,
            s.hours_per_rep_week.prospecting.mean
        );
        // K se: a correct engine misses the true mean by more than 4 se with probability 6e-5.
        assert!(
            (s.revenue.mean - expected).abs() <= K * s.revenue.se,
            "{}: simulated mean {} vs closed form {expected} ({:.2} se)",
            s.name,
            s.revenue.mean,
            (s.revenue.mean - expected) / s.revenue.se
        );
    }
    // Step by step on common random numbers: the paired difference of each trial's revenue
    // between neighbouring shares has mean (x_b - x_a) x (E(30) - E(10)); its standard error is
    // the sd of the T paired differences over sqrt(T), and K of them bound a correct engine's
    // miss as above. Every step is also an increase: the smallest (0.01 x $82,800 = $828) is
    // far above K se here (about $200), so a smooth mix must show it.
    for (a, b) in (0..shares.len()).zip(1..shares.len()) {
        let (ra, rb) = (
            &result.strategies[2 + a].trials,
            &result.strategies[2 + b].trials,
        );
        let d: Vec<f64> = ra
            .iter()
            .zip(rb)
            .map(|(a, b)| b.revenue - a.revenue)
            .collect();
        let n = d.len() as f64;
        let mean = d.iter().sum::<f64>() / n;
        let sd = (d.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let se = sd / n.sqrt();
        let step = (shares[b] - shares[a]) * (by_hand(30.0) - by_hand(10.0));
        assert!(
            (mean - step).abs() <= K * se && mean > 0.0,
            "share {} -> {}: paired mean change {mean} vs {step} (se {se})",
            shares[a],
            shares[b]
        );
    }
}

#[test]
fn a_bad_mix_is_refused_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim {
        trials: 50,
        weeks: 8,
        reps: 2,
        seed: 1,
    };
    let half = "{ \"top-down\" = 0.5, \"bottom-up\" = \"rest\" }";
    // (the strategies after top-down and bottom-up, the one refused, what its message says)
    let cases: [(String, &str, &[&str]); 6] = [
        (
            mix("m", "{ \"top-down\" = 0.5, \"bottom-up\" = 0.25 }"),
            "m",
            &["the shares sum to 0.75, not 1", "\"rest\""],
        ),
        (
            mix("m", "{ \"top-down\" = \"rest\", \"bottom-up\" = \"rest\" }"),
            "m",
            &["only one share can be \"rest\""],
        ),
        (
            mix("m", "{ \"top-dwn\" = 0.5, \"bottom-up\" = \"rest\" }"),
            "m",
            &[
                "`top-dwn` is not a strategy of this scenario",
                "did you mean `top-down`?",
            ],
        ),
        (
            mix("m", "{ \"top-down\" = 1.5, \"bottom-up\" = \"rest\" }"),
            "m",
            &["a share must be a number from 0 to 1"],
        ),
        // A mix of a mix.
        (
            format!(
                "{}\n{}",
                mix("m", half),
                mix("outer", "{ \"m\" = 0.5, \"top-down\" = \"rest\" }")
            ),
            "outer",
            &["`m` is itself a mix"],
        ),
        // A mix that also sets an input.
        (
            mix("m", &format!("{half}\nconnect_rate = 0.1")),
            "m",
            &[
                "key connect_rate",
                "a mix takes only name",
                "its inputs are those of the strategies it mixes",
            ],
        ),
    ];
    for (i, (extra, refused_name, says)) in cases.iter().enumerate() {
        let text = format!("{}\n{extra}", mix_scenario(sim, &[]));
        let file = format!("mix{i}.toml");
        std::fs::write(dir.path().join(&file), &text).unwrap();
        for args in [
            &["validate", file.as_str()][..],
            &["run", file.as_str(), "--trials", "10", "--quiet"],
        ] {
            let stderr = refused(dir.path(), args);
            let line = stderr
                .lines()
                .find(|l| l.contains(&format!("strategy \"{refused_name}\"")))
                .unwrap_or_else(|| panic!("{args:?}: no line names {refused_name}:\n{stderr}"));
            assert!(line.contains(&file), "{args:?}: {line}");
            for s in *says {
                assert!(line.contains(s), "{args:?}: no {s:?} in {line}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. The tornado

/// Near-constant inputs: 90% intervals about 1% wide around the base values. Dials per account
/// and the sales cycle stay constant (3 and 3 weeks).
const NARROW: [(&str, &str); 8] = [
    ("prospecting_hours_per_week", "\"19.9 to 20.1\""),
    ("research_hours_per_account", "\"0.497 to 0.503\""),
    ("dials_per_hour", "\"11.94 to 12.06\""),
    ("connect_rate", "\"9.95% to 10.05%\""),
    ("conversation_to_appointment", "\"9.95% to 10.05%\""),
    ("appointment_to_proposal", "\"29.85% to 30.15%\""),
    ("proposal_to_close", "\"19.9% to 20.1%\""),
    ("revenue_per_sale", "\"4975 to 5025\""),
];

/// A baseline of constants and strategy "s": every input narrow but `wide`.
fn tornado_scenario(wide: (&str, &str)) -> String {
    let inputs: Vec<(&str, &str)> = NARROW
        .iter()
        .map(|&(k, v)| if k == wide.0 { wide } else { (k, v) })
        .collect();
    let sim = Sim {
        trials: 400,
        weeks: 12,
        reps: 5,
        seed: 8,
    };
    scenario_text(
        "tornado",
        sim,
        &[strategy("baseline", &[]), strategy("s", &inputs)],
    )
}

#[test]
fn the_tornado_ranks_the_dominant_input_first() {
    // (the wide input, its spec, whether revenue rises with it)
    let cases = [
        ("connect_rate", "\"1% to 20%\"", true),
        ("revenue_per_sale", "\"1000 to 30000\"", true),
        ("research_hours_per_account", "\"0.05 to 3\"", false),
    ];
    for (key, spec, rises) in cases {
        let text = tornado_scenario((key, spec));
        let scenario = parse(&text);
        let a = analyse(&scenario, 1, Output::Revenue).expect("s can be analysed");
        let order: Vec<&str> = a.bars.iter().map(|b| b.key.name()).collect();
        assert_eq!(order[0], key, "wide {key}: tornado order {order:?}");
        // The two constants get no bar; the eight uncertain inputs get one each.
        assert_eq!(a.bars.len(), 8, "{order:?}");
        for constant in [InputKey::DialsPerAccount, InputKey::SalesCycleWeeks] {
            assert!(!a.bars.iter().any(|b| b.key == constant), "{order:?}");
            assert!(!a.correlations.iter().any(|(k, _)| *k == constant));
        }
        assert!(
            a.bars.windows(2).all(|w| w[0].swing() >= w[1].swing()),
            "not sorted by swing: {:?}",
            a.bars.iter().map(|b| b.swing()).collect::<Vec<_>>()
        );
        // The share of variance (from the one run with every input random) also puts the wide
        // input first, and the shares of the uncertain inputs split 100% between them.
        assert!(!a.moves_nothing(), "wide {key}");
        assert_eq!(
            a.variance_shares[0].0.name(),
            key,
            "wide {key}: variance shares {:?}",
            a.variance_shares
        );
        assert_eq!(a.variance_shares.len(), 8, "{:?}", a.variance_shares);
        let total: f64 = a.variance_shares.iter().map(|(_, v)| v).sum();
        assert!((total - 1.0).abs() < 1e-12, "shares sum to {total}");
        assert!(
            a.variance_shares
                .iter()
                .all(|(_, v)| (0.0..=1.0).contains(v))
        );
        let top = &a.bars[0];
        assert!(top.values.0 < top.values.1, "{top:?}");
        assert_eq!(top.outputs.1 > top.outputs.0, rises, "{top:?}");
        assert_eq!(a.runs, 1 + 2 * a.bars.len());

        // The base is the plain run's mean, and each end of a bar is the plain run with the input
        // set to that constant: same trial streams, same numbers.
        let plain = |overrides: &[Override]| {
            let s = parse_with(&text, overrides).unwrap();
            prospect_sim::analysis::run(&s, &|_| {}).summary.strategies[1]
                .revenue
                .mean
        };
        assert_eq!(a.base, plain(&[]), "wide {key}: base");
        let path = format!("strategies.s.{key}");
        for (value, output) in [(top.values.0, top.outputs.0), (top.values.1, top.outputs.1)] {
            assert_eq!(
                output,
                plain(&[set(&path, &value.to_string())]),
                "{key} fixed at {value}"
            );
        }
    }
}

/// With no conversation ever booking an appointment, revenue is $0 in every run whatever the
/// inputs: nothing is ranked, and the text says that no input moves it.
#[test]
fn a_tornado_of_zeros_says_no_input_moves_the_result() {
    let scenario = parse(&tornado_scenario(("conversation_to_appointment", "0")));
    let a = analyse(&scenario, 1, Output::Revenue).expect("s can be analysed");
    assert_eq!(a.base, 0.0);
    assert!(
        !a.bars.is_empty(),
        "test bug: the other inputs are uncertain"
    );
    assert!(
        a.bars.iter().all(|b| b.outputs == (0.0, 0.0)),
        "{:?}",
        a.bars
    );
    assert!(a.moves_nothing());
    assert!(a.variance_shares.is_empty(), "{:?}", a.variance_shares);
    let text = prospect_sim::report::terminal::render_sensitivity(&scenario, 1, &a);
    assert!(
        text.contains("No input moves s's mean team revenue: it is $0"),
        "{text}"
    );
    assert!(!text.contains("What matters most"), "{text}");
    assert!(!text.contains("raises it"), "{text}");
}

#[test]
fn the_tornado_refuses_p_better_on_the_baseline_and_a_mix() {
    let text = tornado_scenario(("connect_rate", "\"1% to 20%\""));
    let scenario = parse(&text);
    let e = analyse(&scenario, 0, Output::PBetter).expect_err("the baseline against itself");
    assert!(e.contains("\"baseline\" is the baseline"), "{e}");
    let a = analyse(&scenario, 1, Output::PBetter).expect("s against the baseline");
    assert_eq!(a.bars[0].key, InputKey::ConnectRate);
    assert!((0.0..=1.0).contains(&a.base), "{}", a.base);
    for b in &a.bars {
        for p in [b.outputs.0, b.outputs.1] {
            assert!((0.0..=1.0).contains(&p), "{b:?}");
        }
    }

    let with_mix = format!(
        "{text}\n{}",
        mix("m", "{ \"s\" = 0.5, \"baseline\" = \"rest\" }")
    );
    let e = analyse(&parse(&with_mix), 2, Output::Revenue).expect_err("a mix");
    assert!(e.contains("is a mix"), "{e}");

    // Through the binary: exit 2, nothing written. Without --strategy the last one (the mix).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), &with_mix).unwrap();
    let stderr = refused(
        dir.path(),
        &[
            "sensitivity",
            FILE,
            "--strategy",
            "baseline",
            "--output",
            "p-better",
            "--out",
            "res",
        ],
    );
    assert!(stderr.contains("is the baseline"), "{stderr}");
    let stderr = refused(dir.path(), &["sensitivity", FILE, "--out", "res"]);
    assert!(stderr.contains("is a mix"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// 5. Goal seek

/// Everything constant; 10 reps over 20 weeks, 3,000 trials.
fn goal_scenario() -> String {
    let sim = Sim {
        trials: 3000,
        weeks: 20,
        reps: 10,
        seed: 11,
    };
    scenario_text("goal", sim, &[strategy("s", &[])])
}

/// Closed-form mean revenue per weekly prospecting hour of `goal_scenario`: with the base
/// constants c = 0.5 + 3 / 12 = 0.75 h an account, so 3 / 0.75 = 4 dials an hour; a dial closes
/// with probability 0.1 x 0.1 x 0.3 x 0.2 = 0.0006; a close in week t books in t + 3, within the
/// 20 weeks for t = 0..=16 (17 weeks); a deal is 5,000. So 10 reps x 17 x 4 x 0.0006 x 5,000.
const REVENUE_PER_HOUR: f64 = 10.0 * 17.0 * 4.0 * 0.0006 * 5000.0;
const HOURS_KEY: &str = "strategies.s.prospecting_hours_per_week";

/// [`HOURS_KEY`], parsed against the goal scenario's one strategy.
fn hours_key() -> KeyPath {
    KeyPath::parse(HOURS_KEY, &["s"])
}

fn goal_source() -> ScenarioSource {
    ScenarioSource {
        text: goal_scenario(),
        label: FILE.to_string(),
        base: Vec::new(),
    }
}

fn target(s: &str) -> Target {
    s.parse().unwrap_or_else(|e| panic!("test bug: {s:?}: {e}"))
}

#[test]
fn goal_seek_finds_the_closed_form_answer() {
    let source = goal_source();
    let scenario = source.scenario(&[]).unwrap();
    // The closed form agrees with the by-hand slope (mean revenue is linear in the hours).
    let closed = expected_revenue(&scenario.simulation, &scenario.strategies[0].inputs);
    assert!(
        close_rel(closed, 20.0 * REVENUE_PER_HOUR, 1e-12),
        "{closed} vs {}",
        20.0 * REVENUE_PER_HOUR
    );
    // The target is met from 27.3 hours on (off the bisection's grid of midpoints).
    let answer = 27.3;
    let threshold = answer * REVENUE_PER_HOUR;
    let goal = target(&format!("mean(revenue) >= {threshold}"));
    assert_eq!(
        (goal.metric, goal.threshold),
        (Metric::Mean(Quantity::Revenue), threshold)
    );
    let range = (10.0, 50.0);
    let g = seek(&source, &hours_key(), range, goal, "s").unwrap();
    let Outcome::Found {
        at,
        value_uncertainty,
    } = g.outcome
    else {
        panic!("not found: {:?}", g.outcome)
    };
    // Bisection stops when the bracket is a thousandth of the range. The answer `hi` meets the
    // target and the probe `lo` just below does not: slope x hi + e_hi >= R > slope x lo + e_lo,
    // with each Monte Carlo error |e| <= K se, so answer - K se / slope <= hi
    // < answer + K se / slope + resolution.
    let resolution = (range.1 - range.0) / 1000.0;
    let tolerance = resolution + K * at.se / REVENUE_PER_HOUR;
    assert!(
        (at.value - answer).abs() <= tolerance,
        "found {} hours, known answer {answer} (tolerance {tolerance:.3}: se {})",
        at.value,
        at.se
    );
    assert!(at.metric >= threshold, "{at:?}");
    // The reported uncertainty is se over the local slope: it is there, and of the size the
    // closed-form slope gives (the local slope between two probes a resolution apart is itself
    // noisy, so only its order of magnitude is checked: within a factor 3).
    let u = value_uncertainty.expect("a rising metric has an uncertainty");
    let by_closed_form = at.se / REVENUE_PER_HOUR;
    assert!(
        u > by_closed_form / 3.0 && u < by_closed_form * 3.0,
        "value uncertainty {u} vs se / slope {by_closed_form}"
    );
    // The probes: both ends first, then a bracket that shrinks around the answer.
    let values: Vec<f64> = g.probes.iter().map(|p| p.value).collect();
    assert_eq!(&values[..2], [range.0, range.1], "{values:?}");
    assert!(values.iter().all(|v| (range.0..=range.1).contains(v)));
    // 40 h down to 0.04 h is 10 halvings.
    assert!(g.probes.len() <= 2 + 10, "{values:?}");
    let below = g
        .probes
        .iter()
        .filter(|p| p.metric < threshold)
        .map(|p| p.value)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        at.value - below <= resolution * (1.0 + 1e-9),
        "the answer {} is not within a resolution of the last miss {below}",
        at.value
    );
    // The answer's probe is the plain run at that value.
    let plain = parse_with(&source.text, &[set(HOURS_KEY, &at.value.to_string())]).unwrap();
    let plain = prospect_sim::analysis::run(&plain, &|_| {})
        .summary
        .strategies[0]
        .revenue;
    assert_eq!((at.metric, at.se), (plain.mean, plain.se));
}

#[test]
fn goal_seek_says_when_the_range_cannot_reach_the_target() {
    let source = goal_source();
    let threshold = 30.0 * REVENUE_PER_HOUR;
    let goal = target(&format!("mean(revenue) >= {threshold}"));
    let g = seek(&source, &hours_key(), (1.0, 5.0), goal, "s").unwrap();
    let Outcome::NotInRange(end) = g.outcome else {
        panic!("found in 1..5 hours: {:?}", g.outcome)
    };
    assert_eq!(end.value, 5.0);
    assert!(end.metric < threshold);
    assert!(
        (end.metric - 5.0 * REVENUE_PER_HOUR).abs() <= K * end.se,
        "at 5 h: {} vs closed form {}",
        end.metric,
        5.0 * REVENUE_PER_HOUR
    );
    assert_eq!(g.probes.len(), 2, "both ends, nothing between");

    // Met at the start of the range: the start is the answer, after one run.
    let g = seek(&source, &hours_key(), (40.0, 50.0), goal, "s").unwrap();
    assert!(
        matches!(g.outcome, Outcome::Found { at, value_uncertainty: None } if at.value == 40.0),
        "{:?}",
        g.outcome
    );
    assert_eq!(g.probes.len(), 1);
}

#[test]
fn goal_seek_over_an_integer_key_gives_whole_numbers() {
    let source = goal_source();
    // At 20 h a rep books 20 x 2,040 / 10 = 4,080 on average; a target of 10.5 reps' worth is
    // met from 11 reps on. Missing 11 takes a Monte Carlo error of half a rep's revenue, 2,040,
    // which the check below shows is more than K se.
    let per_rep = 20.0 * REVENUE_PER_HOUR / 10.0;
    let goal = target(&format!("mean(revenue) >= {}", 10.5 * per_rep));
    let g = seek(
        &source,
        &KeyPath::parse("simulation.reps", &["s"]),
        (1.5, 40.2),
        goal,
        "s",
    )
    .unwrap();
    let values: Vec<f64> = g.probes.iter().map(|p| p.value).collect();
    assert!(values.iter().all(|v| v.fract() == 0.0), "{values:?}");
    assert_eq!(&values[..2], [2.0, 40.0], "the range rounds inwards");
    let Outcome::Found { at, .. } = g.outcome else {
        panic!("not found: {:?}", g.outcome)
    };
    assert_eq!(at.value, 11.0, "{values:?}");
    // A whole-number answer is a bracket of width 1: the miss just below it is 10, and under
    // common random numbers a trial's revenue only grows with the team (rep r draws from the
    // same streams whatever N is), so 11 is the answer exactly when the runs at 10 and 11 fall
    // on their sides of the target. Each stands half a rep's revenue from it: more than K se.
    let miss = g
        .probes
        .iter()
        .find(|p| p.value == 10.0)
        .unwrap_or_else(|| panic!("no probe at 10: {values:?}"));
    assert!(miss.metric < goal.threshold, "{miss:?}");
    for p in [miss, &at] {
        assert!(
            0.5 * per_rep > K * p.se,
            "test bug: half a rep's revenue is within {K} se at {} reps",
            p.value
        );
    }
}

#[test]
fn targets_parse_and_bad_ones_exit_2() {
    let t = target("P(revenue >= 2.5M) >= 90%");
    assert_eq!(
        (t.metric, t.threshold),
        (Metric::Exceed(Quantity::Revenue, 2.5e6), 0.9)
    );
    let t = target("median(deals)>=12");
    assert_eq!(
        (t.metric, t.threshold),
        (Metric::Median(Quantity::Deals), 12.0)
    );
    let bad = [
        "max(revenue) >= 1",
        "P(revenue >= 2M) >= 1.5",
        "mean(hours) >= 3",
        "mean(revenue) > 3",
        "mean(revenue) >= lots",
        "",
    ];
    for b in bad {
        assert!(b.parse::<Target>().is_err(), "{b:?} parses");
    }

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), goal_scenario()).unwrap();
    let goal = |vary: &str, target: &str| -> String {
        refused(
            dir.path(),
            &[
                "goal", FILE, "--vary", vary, "--target", target, "--out", "res",
            ],
        )
    };
    for b in bad {
        let stderr = goal("simulation.reps=1..5", b);
        assert!(stderr.contains("--target"), "{b:?}: {stderr}");
    }
    // Bad ranges: reversed, missing, and an end the key cannot take (checked before any run).
    let ok = "mean(revenue) >= 1";
    let stderr = goal("simulation.reps=40..1", ok);
    assert!(stderr.contains("START < END"), "{stderr}");
    let stderr = goal("simulation.reps", ok);
    assert!(stderr.contains("--vary"), "{stderr}");
    let stderr = goal("strategies.s.connect_rate=0.1..1.5", ok);
    assert!(stderr.contains("connect_rate"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// The commands from end to end

#[test]
fn sweep_sensitivity_and_goal_write_their_documented_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(FILE), sweep_scenario()).unwrap();
    let quiet = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--trials", "200", "--quiet"]);
        let out = cli(d, &all);
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{all:?}: {stderr}");
        assert!(
            stdout.is_empty() && stderr.is_empty(),
            "--quiet: {stdout}{stderr}"
        );
    };

    // A grid: 2 x 3 points, the last axis fastest, 3 strategies each.
    let research = "strategies.top-down.research_hours_per_account";
    let vary1 = format!("{research}=0.5,1");
    quiet(&[
        "sweep",
        FILE,
        "--vary",
        &vary1,
        "--vary",
        "simulation.reps=2..4:3",
        "--out",
        "sw",
    ]);
    let (header, rows) = read_csv(&d.join("sw/sweep.csv"));
    let mut expected = vec![research.to_string(), "simulation.reps".to_string()];
    expected.extend(SWEEP_COLUMNS.map(str::to_string));
    assert_eq!(header, expected);
    assert_eq!(rows.len(), 2 * 3 * 3);
    for (i, row) in rows.iter().enumerate() {
        let point = i / 3;
        let want = [["0.5", "1"][point / 3], ["2", "3", "4"][point % 3]];
        assert_eq!([row[0].as_str(), row[1].as_str()], want, "row {i}");
        assert_eq!(row[2], ["bottom-up", "top-down", "mixed"][i % 3]);
        for (c, field) in row.iter().enumerate().skip(3) {
            if c == header.len() - 1 && i % 3 == 0 {
                assert_eq!(field, "", "the baseline has no p_beats_baseline");
            } else {
                let v = number(field, &format!("row {i} {}", header[c]));
                assert!(v.is_finite() && v >= 0.0, "row {i} {}: {v}", header[c]);
            }
        }
    }

    // The tornado of top-down: one row per uncertain input, ranked by swing.
    quiet(&["sensitivity", FILE, "--strategy", "top-down", "--out", "se"]);
    let (header, rows) = read_csv(&d.join("se/sensitivity.csv"));
    assert_eq!(header, SENSITIVITY_COLUMNS);
    let mut inputs: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    inputs.sort();
    assert_eq!(
        inputs,
        [
            "appointment_to_proposal",
            "research_hours_per_account",
            "revenue_per_sale",
            "sales_cycle_weeks"
        ],
        "top-down's uncertain inputs"
    );
    let mut last_swing = f64::INFINITY;
    for (i, r) in rows.iter().enumerate() {
        let n = |c: usize| number(&r[c], &format!("sensitivity.csv {}", header[c]));
        assert_eq!(n(0), (i + 1) as f64, "rank");
        assert!(n(2) < n(3), "P10 below P90: {r:?}");
        let swing = n(6);
        assert!(close_rel(swing, (n(5) - n(4)).abs(), 1e-12), "{r:?}");
        assert!(swing <= last_swing, "ranked by swing: {r:?}");
        last_swing = swing;
        // Rank correlations exist for the once-a-rep draws only.
        let per_deal = ["revenue_per_sale", "sales_cycle_weeks"].contains(&r[1].as_str());
        if per_deal {
            assert_eq!(r[7], "", "{r:?}");
        } else {
            assert!((-1.0..=1.0).contains(&n(7)), "{r:?}");
        }
    }

    // Goal seek, printed and written: the answer is the smallest value in goal.csv that meets
    // the target. The target is top-down's closed-form mean at 30 hours.
    let hours = "strategies.top-down.prospecting_hours_per_week";
    let at30 = parse_with(&sweep_scenario(), &[set(hours, "30")]).unwrap();
    let threshold = expected_strategy_revenue(&at30, 1).round();
    let target = format!("mean(revenue) >= {threshold}");
    let vary = format!("{hours}=5..60");
    let args = [
        "goal",
        FILE,
        "--vary",
        vary.as_str(),
        "--target",
        target.as_str(),
        "--strategy",
        "top-down",
        "--trials",
        "200",
        "--out",
        "go",
    ];
    let out = cli(d, &args);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let (header, rows) = read_csv(&d.join("go/goal.csv"));
    assert_eq!(header, [hours, "metric", "metric_se", "meets_target"]);
    assert!(rows.len() >= 2, "{rows:?}");
    assert_eq!([rows[0][0].as_str(), rows[1][0].as_str()], ["5", "60"]);
    let mut smallest_meeting = f64::INFINITY;
    for r in &rows {
        let (value, metric) = (number(&r[0], "goal.csv value"), number(&r[1], "metric"));
        assert!((5.0..=60.0).contains(&value), "{r:?}");
        assert!(number(&r[2], "metric_se") > 0.0, "{r:?}");
        let meets = metric >= threshold;
        assert_eq!(r[3], meets.to_string(), "{r:?}");
        if meets {
            smallest_meeting = smallest_meeting.min(value);
        }
    }
    assert!(
        stdout.contains(&format!(
            "Smallest value that meets it: {hours} = {}",
            fmt_number(smallest_meeting)
        )),
        "{stdout}"
    );
    quiet(&[
        "goal",
        FILE,
        "--vary",
        &vary,
        "--target",
        &target,
        "--strategy",
        "top-down",
        "--out",
        "go-quiet",
    ]);
    assert_eq!(
        std::fs::read(d.join("go/goal.csv")).unwrap(),
        std::fs::read(d.join("go-quiet/goal.csv")).unwrap(),
        "goal.csv is determined by the scenario and seed"
    );
}

#[test]
fn help_works_for_the_what_if_commands() {
    let dir = tempfile::tempdir().unwrap();
    for (args, mentions) in [
        (
            &["sweep", "--help"][..],
            &["--vary", "--set", "sweep.csv"][..],
        ),
        (
            &["sensitivity", "--help"],
            &["--strategy", "--output", "p-better"],
        ),
        (&["goal", "--help"], &["--vary", "--target", "goal.csv"]),
        (&["help", "goal"], &["--target"]),
    ] {
        let out = cli(dir.path(), args);
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(stdout.contains("Usage"), "{args:?}: {stdout}");
        for m in mentions {
            assert!(stdout.contains(m), "{args:?}: no {m} in\n{stdout}");
        }
    }
    assert!(entries(dir.path()).is_empty(), "help writes nothing");
}
