//! Outputs depend only on (scenario, seed): byte-identical summary.json, trials.csv and
//! weekly.csv at 1 and 2 threads, through the library and through the binary; trial i draws from
//! the stream keyed by (seed, i), so it does not depend on the trial count, and strategies are
//! compared on paired trials.

use prospect_sim::config::{BUILT_IN_SCENARIO, FLAT_SCENARIO, Scenario};
use prospect_sim::report::csv::{write_trials, write_weekly};
use prospect_sim::report::json::summary_json;

use crate::it::common::{RunOutput, Sim, cli, parse, run_on, scenario_text, strategy};

/// summary.json, trials.csv and weekly.csv of a run, as bytes.
fn outputs(scenario: &Scenario, out: &RunOutput) -> [Vec<u8>; 3] {
    let mut trials = Vec::new();
    write_trials(&mut trials, scenario, &out.result).unwrap();
    let mut weekly = Vec::new();
    write_weekly(
        &mut weekly,
        scenario,
        &out.result,
        &out.summary.strategies,
        &out.weekly,
    )
    .unwrap();
    [summary_json(&out.summary).into_bytes(), trials, weekly]
}

fn run(scenario: &Scenario, threads: usize) -> RunOutput {
    run_on(scenario, threads)
}

#[test]
fn library_outputs_do_not_depend_on_the_thread_count() {
    // 4,200 trials: 17 blocks of 256, so more than one wave of 16 blocks and a short last block.
    // The built-in playing field and the flat seed-telecom scenario.
    let flat = parse(FLAT_SCENARIO);
    for mut scenario in [Scenario::built_in(), flat] {
        scenario.simulation.trials = 4_200;
        let one = run(&scenario, 1);
        let two = run(&scenario, 2);
        assert_eq!(one.threads, 1);
        assert_eq!(two.threads, 2);
        for (name, (a, b)) in ["summary.json", "trials.csv", "weekly.csv"].iter().zip(
            outputs(&scenario, &one)
                .iter()
                .zip(outputs(&scenario, &two).iter()),
        ) {
            assert!(
                a == b,
                "{}: {name} differs between 1 and 2 threads",
                scenario.name
            );
        }
    }
}

#[test]
fn binary_outputs_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), BUILT_IN_SCENARIO).unwrap();
    for threads in ["1", "2"] {
        let out = cli(
            dir.path(),
            &[
                "run",
                "s.toml",
                "--trials",
                "600",
                "--threads",
                threads,
                "--quiet",
                "--out",
                threads,
            ],
        );
        assert!(out.status.success(), "{out:?}");
    }
    for file in ["summary.json", "trials.csv", "weekly.csv"] {
        let a = std::fs::read(dir.path().join("1").join(file)).unwrap();
        let b = std::fs::read(dir.path().join("2").join(file)).unwrap();
        assert!(!a.is_empty(), "{file} is empty");
        assert!(a == b, "{file} differs between --threads 1 and --threads 2");
    }
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("2/run.json")).unwrap()).unwrap();
    assert_eq!(info["threads"], 2, "run.json records the threads: {info}");
}

#[test]
fn a_trial_does_not_depend_on_the_trial_count() {
    let mut scenario = Scenario::built_in();
    scenario.simulation.trials = 300;
    let short = run(&scenario, 2);
    scenario.simulation.trials = 700;
    let long = run(&scenario, 2);
    for (s, l) in short.result.strategies.iter().zip(&long.result.strategies) {
        assert_eq!(
            s.trials[..],
            l.trials[..300],
            "{}: the first 300 trials",
            s.name
        );
    }
}

#[test]
fn identical_strategies_draw_identical_trials() {
    // Common random numbers: trial i of every strategy uses the same streams, so two strategies
    // with the same inputs have the same outcome in every trial.
    let sim = Sim {
        trials: 500,
        weeks: 12,
        reps: 3,
        seed: 5,
    };
    let inputs = [
        ("prospecting_hours_per_week", "\"15 to 25\""),
        ("connect_rate", "\"5% to 15%\""),
        (
            "sales_cycle_weeks",
            "{ dist = \"lognormal\", median = 4, p95 = 10 }",
        ),
        ("revenue_per_sale", "\"3000 to 20000\""),
    ];
    let scenario = parse(&scenario_text(
        "twins",
        sim,
        &[strategy("a", &inputs), strategy("b", &inputs)],
    ));
    let out = run(&scenario, 2);
    let [a, b] = &out.result.strategies[..] else {
        panic!("two strategies")
    };
    assert_eq!(a.trials, b.trials);
    assert!(a.trials.iter().any(|t| t.revenue > 0.0), "some revenue");
    let cmp = &out.summary.comparisons[0];
    assert_eq!((cmp.p_better, cmp.revenue_difference.max), (0.0, 0.0));
    assert_eq!(cmp.revenue_difference.min, 0.0);
}
