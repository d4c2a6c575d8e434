//! Goal seek finds an answer known in closed form, says when the range cannot reach the
//! target, gives whole numbers on an integer key; targets parse and bad ones exit 2.

use super::*;

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
