//! Mixed strategies: a mix with one share at 1 is that strategy, trial for trial; a 50/50 mix
//! has the closed-form mean; a bad mix is refused with its key.

use super::*;

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
