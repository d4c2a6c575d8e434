//! Sweeps: a sweep point is the plain run with that override, number for number, and
//! `sweep.csv` holds the plain runs of each point.

use super::*;

/// Bottom-up, top-down (random inputs) and a 70/30 mix of them: a small scenario whose every
/// strategy is random in several inputs.
pub(super) fn sweep_scenario() -> String {
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
