//! Overrides: a `--set` changes exactly the key it names, and a bad path names the override
//! and the nearest key; every command refuses a bad override and writes nothing.

use super::*;

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
