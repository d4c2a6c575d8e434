//! The command line from end to end on a small scenario: `run` writes the files of docs/model.md
//! with their keys, `--seed` and `--trials` take effect, `validate` describes the run,
//! `init` writes a valid starter and refuses to overwrite, `--help` works everywhere, and no
//! temporary file is left behind.

use std::path::Path;

use prospect_sim::app::STARTER_SCENARIO;
use serde_json::Value;

use crate::it::common::{Sim, cli, entries, scenario_text, strategy, texts};

const STATS: [&str; 10] = [
    "mean", "sd", "se", "min", "p5", "p10", "p50", "p90", "p95", "max",
];
const PER_TRIAL: [&str; 7] = [
    "revenue",
    "deals",
    "proposals",
    "appointments",
    "conversations",
    "dials",
    "pipeline_past_horizon",
];
const KPIS: [&str; 6] = [
    "conversation_to_appointment",
    "appointment_to_proposal",
    "proposal_to_close",
    "sales_cycle_weeks",
    "revenue_per_sale",
    "revenue_per_prospecting_hour",
];
const WEEKS: u32 = 8;
const REPS: u32 = 3;

/// A two-strategy scenario (written with 1,000 trials; the tests pass `--trials`).
fn write_scenario(dir: &Path) {
    let sim = Sim {
        trials: 1000,
        weeks: WEEKS,
        reps: REPS,
        seed: 314,
    };
    let text = scenario_text(
        "cli-test",
        sim,
        &[
            strategy(
                "bottom-up",
                &[
                    ("prospecting_hours_per_week", "\"18 to 26\""),
                    ("research_hours_per_account", "0"),
                    ("connect_rate", "{ dist = \"beta\", mean = 0.1, sd = 0.03 }"),
                    (
                        "sales_cycle_weeks",
                        "{ dist = \"lognormal\", median = 3, p95 = 8 }",
                    ),
                ],
            ),
            strategy(
                "top-down",
                &[
                    ("research_hours_per_account", "\"0.4 to 1.5\""),
                    ("appointment_to_proposal", "\"40% to 80%\""),
                    (
                        "revenue_per_sale",
                        "{ dist = \"lognormal\", median = 20000, p95 = 60000 }",
                    ),
                ],
            ),
        ],
    );
    std::fs::write(dir.join("s.toml"), text).unwrap();
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `v` holds the ten statistics of docs/model.md, in order and consistent with n values.
fn assert_stats(label: &str, v: &Value, n: f64) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{label}: not an object: {v}"));
    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    for key in STATS {
        assert!(keys.contains(&key), "{label}: no {key} in {keys:?}");
    }
    let get = |k: &str| {
        obj[k]
            .as_f64()
            .unwrap_or_else(|| panic!("{label}.{k} is not a number"))
    };
    let ordered = ["min", "p5", "p10", "p50", "p90", "p95", "max"].map(get);
    assert!(
        ordered.windows(2).all(|w| w[0] <= w[1]),
        "{label}: percentiles out of order {ordered:?}"
    );
    assert!(
        get("min") <= get("mean") && get("mean") <= get("max"),
        "{label}: mean outside range"
    );
    let expected_se = get("sd") / n.sqrt();
    assert!(
        (get("se") - expected_se).abs() <= 1e-9 * expected_se.max(1.0),
        "{label}: se {} is not sd / sqrt({n}) = {expected_se}",
        get("se")
    );
}

/// Every file under `dir`, recursively.
fn all_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn assert_no_temp_files(dir: &Path) {
    for f in all_files(dir) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !(name.starts_with('.') && name.ends_with(".tmp")),
            "temporary file left behind: {}",
            f.display()
        );
    }
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn run_writes_the_documented_outputs() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    let out = cli(
        dir.path(),
        &[
            "run", "s.toml", "--trials", "200", "--out", "results", "--quiet",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.is_empty() && stderr.is_empty(),
        "--quiet prints nothing: {stdout}{stderr}"
    );
    let results = dir.path().join("results");
    for f in ["summary.json", "trials.csv", "weekly.csv", "run.json"] {
        assert!(results.join(f).is_file(), "run wrote no {f}");
    }

    let s = read_json(&results.join("summary.json"));
    assert_eq!(s["scenario"], "cli-test");
    assert_eq!(s["seed"], 314);
    assert_eq!(s["trials"], 200, "--trials replaces the scenario's trials");
    assert_eq!(s["weeks"], WEEKS);
    assert_eq!(s["reps"], REPS);
    let strategies = s["strategies"].as_array().expect("strategies is an array");
    let names: Vec<&str> = strategies
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["bottom-up", "top-down"]);
    let rep_weeks = 200.0 * f64::from(WEEKS * REPS);
    for st in strategies {
        let name = st["name"].as_str().unwrap();
        for key in PER_TRIAL {
            assert_stats(&format!("{name}.{key}"), &st[key], 200.0);
        }
        for key in ["prospecting", "research", "dialing"] {
            assert_stats(
                &format!("{name}.hours_per_rep_week.{key}"),
                &st["hours_per_rep_week"][key],
                rep_weeks,
            );
        }
        for key in KPIS {
            assert!(
                st["kpis"][key].is_f64(),
                "{name}.kpis.{key}: {}",
                st["kpis"]
            );
        }
        assert!(
            st["revenue"]["mean"].as_f64().unwrap() > 0.0,
            "{name} books something"
        );
    }
    let comparisons = s["comparisons"]
        .as_array()
        .expect("comparisons is an array");
    assert_eq!(comparisons.len(), 1);
    let c = &comparisons[0];
    assert_eq!(
        (c["strategy"].as_str(), c["baseline"].as_str()),
        (Some("top-down"), Some("bottom-up"))
    );
    assert_stats("revenue_difference", &c["revenue_difference"], 200.0);

    // trials.csv: one row per trial and strategy, trial-major; its revenue agrees with the
    // summary's mean and with the comparison's p_better.
    let trials = lines(&results.join("trials.csv"));
    assert_eq!(trials.len(), 1 + 200 * 2, "header + trials x strategies");
    let header: Vec<&str> = trials[0].split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} in trials.csv"))
    };
    let (trial_col, strategy_col, revenue_col) = (col("trial"), col("strategy"), col("revenue"));
    let mut revenue = [Vec::new(), Vec::new()];
    for (i, row) in trials[1..].iter().enumerate() {
        let f: Vec<&str> = row.split(',').collect();
        assert_eq!(f[trial_col], (i / 2).to_string(), "row {row}");
        assert_eq!(f[strategy_col], names[i % 2], "row {row}");
        revenue[i % 2].push(f[revenue_col].parse::<f64>().unwrap());
    }
    for (k, st) in strategies.iter().enumerate() {
        let mean = revenue[k].iter().sum::<f64>() / 200.0;
        let reported = st["revenue"]["mean"].as_f64().unwrap();
        assert!(
            (mean - reported).abs() <= 1e-9 * reported.abs(),
            "{mean} vs {reported}"
        );
    }
    let better = revenue[1]
        .iter()
        .zip(&revenue[0])
        .filter(|(a, b)| a > b)
        .count();
    assert_eq!(c["p_better"].as_f64().unwrap(), better as f64 / 200.0);

    // weekly.csv: one row per week and strategy.
    let weekly = lines(&results.join("weekly.csv"));
    assert_eq!(
        weekly.len(),
        1 + WEEKS as usize * 2,
        "header + weeks x strategies"
    );

    let info = read_json(&results.join("run.json"));
    assert_eq!(info["rep_weeks"], 200 * WEEKS * REPS * 2);
    assert_no_temp_files(dir.path());
}

#[test]
fn the_seed_decides_the_results() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    for (out, seed) in [("a", "1"), ("b", "1"), ("c", "2")] {
        let o = cli(
            dir.path(),
            &[
                "run", "s.toml", "--trials", "100", "--seed", seed, "--out", out, "--quiet",
            ],
        );
        assert!(o.status.success(), "{}", texts(&o).1);
    }
    let read = |d: &str, f: &str| std::fs::read(dir.path().join(d).join(f)).unwrap();
    for f in ["summary.json", "trials.csv", "weekly.csv"] {
        assert!(
            read("a", f) == read("b", f),
            "{f}: the same seed reproduces it"
        );
        assert!(read("a", f) != read("c", f), "{f}: another seed changes it");
    }
    assert_eq!(read_json(&dir.path().join("a/summary.json"))["seed"], 1);
    assert_eq!(read_json(&dir.path().join("c/summary.json"))["seed"], 2);
}

#[test]
fn run_without_out_writes_under_output_and_prints_a_table() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    let out = cli(dir.path(), &["run", "s.toml", "--trials", "50"]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("bottom-up") && stdout.contains("top-down"),
        "{stdout}"
    );
    for f in ["summary.json", "trials.csv", "weekly.csv", "run.json"] {
        assert!(
            dir.path().join("output/cli-test").join(f).is_file(),
            "output/cli-test/{f}"
        );
    }
    assert_no_temp_files(dir.path());
}

#[test]
fn validate_describes_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    let out = cli(dir.path(), &["validate", "s.toml"]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    // 1,000 trials x 3 reps x 8 weeks x 2 strategies.
    let rep_weeks = 1000 * REPS * WEEKS * 2;
    assert_eq!(rep_weeks, 48_000);
    assert!(
        stdout.contains("48,000") && stdout.contains("rep-weeks"),
        "{stdout}"
    );
    assert!(
        !dir.path().join("output").exists(),
        "validate writes nothing"
    );
}

#[test]
fn init_writes_a_valid_starter_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), &["init", "new.toml"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    let path = dir.path().join("new.toml");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), STARTER_SCENARIO);
    let out = cli(dir.path(), &["validate", "new.toml"]);
    assert!(
        out.status.success(),
        "the starter validates: {}",
        texts(&out).1
    );

    std::fs::write(&path, "# mine\n").unwrap();
    let out = cli(dir.path(), &["init", "new.toml"]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("new.toml") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# mine\n",
        "left alone"
    );

    let out = cli(dir.path(), &["init", "new.toml", "--force"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), STARTER_SCENARIO);

    // The default path.
    let out = cli(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", texts(&out).1);
    assert!(dir.path().join("scenario.toml").is_file());
    assert_no_temp_files(dir.path());
}

#[test]
fn help_works_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["run", "--help"],
        &["validate", "--help"],
        &["init", "--help"],
        &["help", "run"],
    ] {
        let out = cli(dir.path(), args);
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(stdout.contains("Usage"), "{args:?}: {stdout}");
    }
    let out = cli(dir.path(), &["--version"]);
    assert!(texts(&out).0.contains(env!("CARGO_PKG_VERSION")));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "help writes nothing"
    );
}

/// Runs `args` quietly into a fresh folder and lists the files it wrote.
fn files_written(scenario_dir: &Path, args: &[&str]) -> (tempfile::TempDir, Vec<String>) {
    let out = tempfile::tempdir().unwrap();
    let mut all = args.to_vec();
    let out_str = out.path().to_str().unwrap().to_string();
    all.extend(["--out", out_str.as_str(), "--quiet"]);
    let run = cli(scenario_dir, &all);
    assert!(run.status.success(), "{args:?}: {run:?}");
    let names = entries(out.path());
    (out, names)
}

#[test]
fn sweep_and_sensitivity_write_their_charts_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mix.toml"),
        include_str!("../../configs/mix-70-30.toml"),
    )
    .unwrap();
    let sweep = [
        "sweep",
        "mix.toml",
        "--vary",
        "strategies.70/30.mix.top-down=0..1:3",
    ];
    let with = |extra: &[&'static str]| {
        let mut a = sweep.to_vec();
        a.extend(["--trials", "40"]);
        a.extend(extra);
        a
    };
    let (out, names) = files_written(dir.path(), &with(&[]));
    assert_eq!(names, ["sweep.csv", "sweep.png"]);
    let png = std::fs::read(out.path().join("sweep.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (out, names) = files_written(dir.path(), &with(&["--format", "svg"]));
    assert_eq!(names, ["sweep.csv", "sweep.svg"]);
    let svg = std::fs::read_to_string(out.path().join("sweep.svg")).unwrap();
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(
        files_written(dir.path(), &with(&["--no-charts"])).1,
        ["sweep.csv"]
    );
    let sensitivity = [
        "sensitivity",
        "--strategy",
        "top-down",
        "--format",
        "png,svg",
        "--trials",
        "40",
    ];
    assert_eq!(
        files_written(dir.path(), &sensitivity).1,
        ["sensitivity.csv", "tornado.png", "tornado.svg"]
    );
    let mut quiet = sensitivity.to_vec();
    quiet.push("--no-charts");
    assert_eq!(files_written(dir.path(), &quiet).1, ["sensitivity.csv"]);
}

#[test]
fn one_trial_is_refused_where_a_spread_is_shown() {
    // A standard deviation needs two samples: one trial would print sd 0 and se 0.
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    let target = "mean(deals) >= 1";
    let commands: [&[&str]; 4] = [
        &["run", "s.toml", "--trials", "1"],
        &[
            "sweep",
            "s.toml",
            "--trials",
            "1",
            "--vary",
            "simulation.reps=1,2",
        ],
        &["sensitivity", "s.toml", "--trials", "1"],
        &[
            "goal",
            "s.toml",
            "--trials",
            "1",
            "--vary",
            "simulation.reps=1..5",
            "--target",
            target,
        ],
    ];
    for args in commands {
        let out = cli(dir.path(), args);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("--trials 1") && stderr.contains("from 2 to"),
            "{args:?}: {stderr}"
        );
    }
    // A sweep over the trial count is checked the same way, naming the --vary.
    let out = cli(
        dir.path(),
        &["sweep", "s.toml", "--vary", "simulation.trials=1,10"],
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--vary simulation.trials=1"), "{stderr}");
    assert!(!dir.path().join("output").exists(), "nothing was written");
}

#[test]
fn a_run_too_big_for_memory_is_refused_before_it_allocates() {
    // 100,000,000 trials x 2 strategies x 1,040 weeks of f32 cumulative revenue alone is
    // 832 GB: beyond any machine the tests run on.
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    // Rare connects keep the expected deal count under the workload bound, so the refusal
    // tested here is the memory estimate's, not the workload's.
    let big = [
        "s.toml",
        "--set",
        "simulation.trials=100000000",
        "--set",
        "simulation.weeks=1040",
        "--set",
        "strategies.bottom-up.connect_rate=0.001",
        "--set",
        "strategies.top-down.connect_rate=0.001",
    ];
    let started = std::time::Instant::now();
    let mut args = vec!["run"];
    args.extend(big);
    let out = cli(dir.path(), &args);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("needs about") && stderr.contains("nothing was run"),
        "{stderr}"
    );
    assert!(!stderr.contains("allocation"), "{stderr}");
    assert!(started.elapsed().as_secs() < 20, "refused before running");
    assert!(!dir.path().join("output").exists(), "nothing was written");
    // validate says so too, with the estimates, and exits 0 (the file is valid).
    let mut args = vec!["validate"];
    args.extend(big);
    let out = cli(dir.path(), &args);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("`run` would refuse it"), "{stdout}");
    assert!(stdout.contains("Estimated time: about"), "{stdout}");
}

#[test]
fn validate_estimates_memory_and_time_and_run_records_them() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    let out = cli(dir.path(), &["validate", "s.toml"]);
    let (stdout, _) = texts(&out);
    assert!(stdout.contains("Estimated memory: about"), "{stdout}");
    let out = cli(
        dir.path(),
        &[
            "run",
            "s.toml",
            "--trials",
            "100",
            "--out",
            "o",
            "--quiet",
            "--no-charts",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let info = read_json(&dir.path().join("o/run.json"));
    let e = &info["estimate"];
    // 100 trials x 3 reps x 8 weeks x 2 strategies.
    assert_eq!(e["rep_weeks"], 100 * REPS * WEEKS * 2);
    let per_trial = e["bytes_per_trial"].as_u64().unwrap();
    assert_eq!(
        e["bytes"].as_u64().unwrap() - 100 * per_trial,
        64 << 20,
        "per-trial bytes times trials plus the fixed allowance"
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_is_reported_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    // A file where a parent folder should be: creating the folder fails whoever runs the test
    // (a read-only folder would not stop root).
    std::fs::write(dir.path().join("blocker"), "").unwrap();
    let target = "mean(deals) >= 1";
    let commands: [&[&str]; 4] = [
        &["run", "s.toml"],
        &["sweep", "s.toml", "--vary", "simulation.reps=1,2"],
        &["sensitivity", "s.toml"],
        &[
            "goal",
            "s.toml",
            "--vary",
            "simulation.reps=1..5",
            "--target",
            target,
        ],
    ];
    for args in commands {
        let mut all = args.to_vec();
        // Enough trials that a simulation would take a while: the check must come first.
        all.extend(["--trials", "5000000", "--out", "blocker/out"]);
        let started = std::time::Instant::now();
        let out = cli(dir.path(), &all);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("--out blocker/out: the results cannot be written there"),
            "{args:?}: {stderr}"
        );
        assert!(
            started.elapsed().as_secs() < 5,
            "{args:?}: reported before simulating"
        );
    }
    assert_eq!(entries(dir.path()), ["blocker", "s.toml"]);
}

#[test]
fn a_rerun_leaves_no_file_of_the_earlier_run_and_records_its_scenario() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "s.toml", "--trials", "50", "--out", "o", "--quiet"];
        args.extend(extra);
        let out = cli(dir.path(), &args);
        assert!(out.status.success(), "{}", texts(&out).1);
    };
    run(&["--format", "png,svg"]);
    let first = entries(&dir.path().join("o"));
    assert!(first.contains(&"revenue.png".to_string()), "{first:?}");
    std::fs::write(dir.path().join("o/notes.txt"), "mine").unwrap();
    run(&["--format", "svg", "--set", "simulation.reps=2"]);
    let second = entries(&dir.path().join("o"));
    assert!(
        !second.iter().any(|n| n.ends_with(".png")),
        "the PNGs of the first run are gone: {second:?}"
    );
    assert!(second.contains(&"revenue.svg".to_string()), "{second:?}");
    assert!(second.contains(&"notes.txt".to_string()), "not ours: kept");
    let info = read_json(&dir.path().join("o/run.json"));
    assert_eq!(
        info["overrides"],
        serde_json::json!(["--set simulation.reps=2", "--trials 50"])
    );
    // The report names them too, in the order they applied, and points at the scenario as run.
    let page = std::fs::read_to_string(dir.path().join("o/report.html")).unwrap();
    assert!(
        page.contains(
            "Run with changes from the command line: <code>--set simulation.reps=2</code>, \
             <code>--trials 50</code>. The scenario as run, with these changes applied, is \
             <code>scenario.toml</code> beside this report."
        ),
        "report.html names the overrides"
    );
    let mut files: Vec<String> = info["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    files.push("notes.txt".to_string());
    files.sort();
    assert_eq!(files, second, "run.json lists every file of the run");
    // The scenario as run: the overrides applied, and it runs to the same results.
    let resolved = std::fs::read_to_string(dir.path().join("o/scenario.toml")).unwrap();
    let table: toml::Table = resolved.parse().unwrap();
    assert_eq!(table["simulation"]["reps"].as_integer(), Some(2));
    assert_eq!(table["simulation"]["trials"].as_integer(), Some(50));
    let out = cli(
        dir.path(),
        &[
            "run",
            "o/scenario.toml",
            "--out",
            "again",
            "--quiet",
            "--no-charts",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    assert_eq!(
        std::fs::read(dir.path().join("again/summary.json")).unwrap(),
        std::fs::read(dir.path().join("o/summary.json")).unwrap()
    );
    // --no-charts: the charts and the report of the earlier run go too.
    run(&["--no-charts"]);
    assert_eq!(
        entries(&dir.path().join("o")),
        [
            "notes.txt",
            "run.json",
            "scenario.toml",
            "summary.json",
            "trials.csv",
            "weekly.csv"
        ]
    );
}

#[test]
fn a_scenario_file_without_a_command_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    for word in ["s.toml", "missing.toml"] {
        let out = cli(dir.path(), &[word]);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("use 'prospect-sim run {word}'")),
            "{stderr}"
        );
    }
    let out = cli(dir.path(), &["runn"]);
    let (_, stderr) = texts(&out);
    assert!(!stderr.contains("prospect-sim run runn"), "{stderr}");
}

#[test]
fn vary_errors_name_the_vary() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path());
    let target = "mean(deals) >= 1";
    let cases: [(&[&str], &str); 3] = [
        (
            &["sweep", "s.toml", "--vary", "strategies.top-down.nope=1,2"],
            "--vary strategies.top-down.nope=1",
        ),
        (
            &[
                "sweep",
                "s.toml",
                "--vary",
                "strategies.top-down.connect_rate=2,3",
            ],
            "--vary strategies.top-down.connect_rate=2",
        ),
        (
            &[
                "goal",
                "s.toml",
                "--vary",
                "simulation.weeks=0..3",
                "--target",
                target,
            ],
            "--vary simulation.weeks=0",
        ),
    ];
    for (args, named) in cases {
        let out = cli(dir.path(), args);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert!(!stderr.contains("--set"), "{args:?}: {stderr}");
    }
}
