//! Values at the edges a planner pushes on: what a cash-flow series' IRR means, distributions
//! at their numerically unsafe corners, physical bounds on counts, 90% intervals near a bound,
//! and one reading of amounts, rates and counts everywhere.

use prospect_sim::analysis::summary::summarize_run;
use prospect_sim::config::{Scenario, parse_scenario};
use prospect_sim::econ::cashflow::{npv, weekly_rate};
use prospect_sim::econ::{IrrMeaning, IrrReading, PaybackReading, RoiReading};
use prospect_sim::model::analytic::expected_revenue;
use prospect_sim::sim::simulate;

use super::common::{Sim, cli, scenario_text, strategy, texts};

/// The issue's switch: one rep, 52 weeks, 3 trials, every rate 1, 20 h at 15 dials an hour and
/// 2 dials an account (150 accounts, 300 dials, 300 closes a week), a 2-week cycle. `a` costs
/// 10,000 upfront and books $1 a sale ($300 a week from week 2); `b` never connects.
const SWITCH: &str = r#"
name = "switch"
[simulation]
trials = 3
weeks = 52
reps = 1
seed = 9
[economics]
discount_rate = "10%"
[[strategies]]
name = "a"
upfront_cost = "10,000"
prospecting_hours_per_week = 20
research_hours_per_account = 0
dials_per_account = 2
dials_per_hour = 15
connect_rate = 1
conversation_to_appointment = 1
appointment_to_proposal = 1
proposal_to_close = 1
sales_cycle_weeks = 2
revenue_per_sale = 1
[[strategies]]
name = "b"
prospecting_hours_per_week = 20
research_hours_per_account = 0
dials_per_account = 2
dials_per_hour = 15
connect_rate = 0
conversation_to_appointment = 1
appointment_to_proposal = 1
proposal_to_close = 1
sales_cycle_weeks = 2
revenue_per_sale = 1
"#;

#[test]
fn switching_to_a_cheaper_strategy_that_books_nothing_is_a_loan_not_a_return() {
    let scenario = parse_scenario(SWITCH, "switch.toml").unwrap();
    let summary = summarize_run(&scenario, &simulate(&scenario, &|_| {}));
    let a = &summary.strategies[0].economics.as_ref().unwrap().own;
    let vs = summary.strategies[1]
        .economics
        .as_ref()
        .unwrap()
        .vs_baseline
        .as_ref()
        .unwrap();
    // Flows of the switch, the same in every trial: +10,000, 0, then -300 a week to week 51.
    let mut flows = vec![-300.0; 52];
    flows[0] = 10_000.0;
    flows[1] = 0.0;
    let expected_npv = npv(&flows, weekly_rate(0.10));
    assert!(
        (vs.npv.unwrap().p50 - expected_npv).abs() < 1e-6,
        "{:?}",
        vs.npv
    );
    assert!((expected_npv + 4_294.0).abs() < 1.0, "the issue's -$4,294");
    // Cash in first, out later: the root is a borrowing rate, in every trial.
    assert_eq!(vs.irr_meaning, IrrMeaning::BorrowingRate);
    assert!(
        vs.irr_annual.is_none(),
        "no trial has a return: {:?}",
        vs.irr_annual
    );
    let borrowing = vs.borrowing_rate_annual.unwrap();
    assert_eq!(borrowing.share_defined, 1.0);
    // a's own flows are the same series negated: the same root, read as a return.
    assert_eq!(a.irr_meaning, IrrMeaning::Return);
    assert_eq!(a.irr_annual.unwrap().p50, borrowing.p50);
    let reading = IrrReading::of(vs);
    assert!(
        reading.cell().starts_with("borrows at "),
        "{}",
        reading.cell()
    );
    assert!(
        !reading.sentence().contains("IRR"),
        "{}",
        reading.sentence()
    );
    // No extra cost (the switch saves the upfront cost): ROI does not apply; never paid back.
    assert_eq!(RoiReading::of(vs), RoiReading::NoCost);
    assert_eq!(PaybackReading::of(vs), PaybackReading::NotWithinHorizon);
}

/// Validates `text` through the CLI; returns the exit code and stderr.
fn validate(name: &str, text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = format!("{name}.toml");
    std::fs::write(dir.path().join(&file), text).unwrap();
    let out = cli(dir.path(), &["validate", &file]);
    let (_, stderr) = texts(&out);
    (out.status.code().unwrap_or(-1), stderr)
}

fn one_strategy(inputs: &[(&str, &str)]) -> String {
    scenario_text(
        "edge",
        Sim {
            trials: 100,
            weeks: 4,
            reps: 1,
            seed: 1,
        },
        &[strategy("s", inputs)],
    )
}

/// Asserts that validating a strategy with `inputs` fails with exit 2, naming the file, line
/// and key, and saying each of `words`.
fn refused(inputs: &[(&str, &str)], key: &str, words: &[&str]) {
    let text = one_strategy(inputs);
    let (code, stderr) = validate("edge", &text);
    assert_eq!(code, 2, "{inputs:?}: {stderr}");
    assert!(
        stderr.contains("edge.toml:") && stderr.contains(&format!("key {key}")),
        "{inputs:?}: {stderr}"
    );
    for w in words {
        assert!(stderr.contains(w), "{inputs:?}: no {w:?} in {stderr}");
    }
}

#[test]
fn subnormal_and_extreme_beta_shapes_are_refused_with_their_values() {
    // The issue's beta(1e-310, 1e-310): rand_distr draws only 1s there.
    refused(
        &[(
            "connect_rate",
            "{ dist = \"beta\", alpha = 1e-310, beta = 1e-310 }",
        )],
        "connect_rate",
        &["1e-310", "at least 1e-6"],
    );
    refused(
        &[(
            "connect_rate",
            "{ dist = \"beta\", alpha = 1e-308, beta = 1e-308 }",
        )],
        "connect_rate",
        &["1e-308"],
    );
    // statrs' beta CDF returns values outside [0, 1] at concentrations of 1e8.
    refused(
        &[(
            "connect_rate",
            "{ dist = \"beta\", alpha = 5e7, beta = 5e7 }",
        )],
        "connect_rate",
        &["1e6"],
    );
    // mean/sd forms that reach the same corners.
    refused(
        &[(
            "connect_rate",
            "{ dist = \"beta\", mean = 0.5, sd = 0.49999999 }",
        )],
        "connect_rate",
        &["at least 1e-6"],
    );
    refused(
        &[(
            "dials_per_account",
            "{ dist = \"gamma\", mean = 1, sd = 1e6 }",
        )],
        "dials_per_account",
        &["gamma"],
    );
    refused(
        &[(
            "revenue_per_sale",
            "{ dist = \"lognormal\", median = 100, p95 = 1e300 }",
        )],
        "revenue_per_sale",
        &["sigma"],
    );
    refused(
        &[(
            "dials_per_account",
            "{ dist = \"normal\", mean = 2, sd = 1e300 }",
        )],
        "dials_per_account",
        &["finite"],
    );
}

#[test]
fn a_tiny_beta_shape_that_is_accepted_samples_its_mean() {
    // Beta(1e-6, 1e-6) on connect_rate: each rep's rate is 0 or 1 with probability 1/2 each
    // (to double precision). The issue's funnel: 10 h at 0.1 dials an hour and 2 dials an
    // account (20 h an account, 0.5 accounts, exactly 1 dial a week), other rates 1, a 4-week
    // cycle, $10,000 a sale, 1 rep; over 8 weeks the closes of weeks 0..3 book in time, so a
    // trial books 40,000 x connect: mean 20,000 (the closed form), sd 20,000. With 4,000 trials
    // se = 20,000 / sqrt(4,000) = 316, and the simulated mean must lie within 4 se of the
    // closed form (at 1e-310, where every draw was 1, it was 40,000: 63 se away).
    let text = scenario_text(
        "tiny-beta",
        Sim {
            trials: 4_000,
            weeks: 8,
            reps: 1,
            seed: 3,
        },
        &[strategy(
            "s",
            &[
                ("prospecting_hours_per_week", "10"),
                ("research_hours_per_account", "0"),
                ("dials_per_account", "2"),
                ("dials_per_hour", "0.1"),
                (
                    "connect_rate",
                    "{ dist = \"beta\", alpha = 1e-6, beta = 1e-6 }",
                ),
                ("conversation_to_appointment", "1"),
                ("appointment_to_proposal", "1"),
                ("proposal_to_close", "1"),
                ("sales_cycle_weeks", "4"),
                ("revenue_per_sale", "10000"),
            ],
        )],
    );
    let scenario: Scenario = parse_scenario(&text, "tiny-beta.toml").unwrap();
    let closed = expected_revenue(&scenario.simulation, &scenario.strategies[0].inputs);
    assert!((closed - 20_000.0).abs() < 1e-6, "closed form {closed}");
    let summary = summarize_run(&scenario, &simulate(&scenario, &|_| {}));
    let revenue = summary.strategies[0].revenue;
    let se = 20_000.0 / (4_000f64).sqrt();
    assert!(
        (revenue.mean - closed).abs() < 4.0 * se,
        "mean {} vs {closed}",
        revenue.mean
    );
}

#[test]
fn counts_are_bounded_by_what_a_week_and_a_dialer_allow() {
    refused(
        &[("prospecting_hours_per_week", "1e9")],
        "prospecting_hours_per_week",
        &["168", "1000000000"],
    );
    refused(
        &[("dials_per_hour", "1e10")],
        "dials_per_hour",
        &["1,000", "got 10000000000"],
    );
    refused(
        &[(
            "prospecting_hours_per_week",
            "{ dist = \"uniform\", min = 10, max = 200 }",
        )],
        "prospecting_hours_per_week",
        &["168"],
    );
    refused(
        &[(
            "prospecting_hours_per_week",
            "{ dist = \"normal\", mean = 150, sd = 20 }",
        )],
        "prospecting_hours_per_week",
        &["max <= 168"],
    );
    // An unbounded family is capped at the bound only when its mean above it is negligible.
    refused(
        &[("dials_per_hour", "\"500 to 900\"")],
        "dials_per_hour",
        &["above 1000"],
    );
    let ok = one_strategy(&[("dials_per_hour", "\"10 to 20\"")]);
    assert_eq!(validate("ok", &ok).0, 0);
}

#[test]
fn a_run_that_would_take_hours_is_refused_before_it_starts() {
    // 168 h at 1,000 dials an hour, every rate 1: 168,000 deals a rep-week; 10,000 trials x
    // 10 reps x 52 weeks is 168,000 x 5.2e6 = 8.736e11 deals, far above the 1e10 limit.
    let text = scenario_text(
        "huge",
        Sim {
            trials: 10_000,
            weeks: 52,
            reps: 10,
            seed: 1,
        },
        &[strategy(
            "s",
            &[
                ("prospecting_hours_per_week", "168"),
                ("research_hours_per_account", "0"),
                ("dials_per_account", "1"),
                ("dials_per_hour", "1000"),
                ("connect_rate", "1"),
                ("conversation_to_appointment", "1"),
                ("appointment_to_proposal", "1"),
                ("proposal_to_close", "1"),
            ],
        )],
    );
    let (code, stderr) = validate("huge", &text);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("8.74e11") && stderr.contains("deals"),
        "{stderr}"
    );
}

#[test]
fn hours_intervals_that_no_truncated_normal_keeps_are_refused() {
    refused(
        &[("prospecting_hours_per_week", "\"0 to 40\"")],
        "prospecting_hours_per_week",
        &["0 to 40", "uniform"],
    );
    refused(
        &[("prospecting_hours_per_week", "\"0.1 to 40\"")],
        "prospecting_hours_per_week",
        &["no normal kept within [0, 168]"],
    );
}

#[test]
fn amounts_rates_and_counts_read_the_same_everywhere() {
    let value = |key: &str, spec: &str| super::common::dist_of(key, spec).mean();
    for spec in [
        "\"20k\"",
        "\"$20,000\"",
        "\"20,000\"",
        "20000",
        "\"20_000\"",
    ] {
        assert_eq!(value("revenue_per_sale", spec), 20_000.0, "{spec}");
    }
    assert_eq!(value("connect_rate", "\"8%\""), 0.08);
    // "50%" is a rate: a money key refuses it and says what it read.
    refused(
        &[("revenue_per_sale", "\"50%\"")],
        "revenue_per_sale",
        &["\"50%\"", "percentage", "money"],
    );
    refused(
        &[("dials_per_account", "\"1,5\"")],
        "dials_per_account",
        &["\"1,5\"", "ambiguous"],
    );
    refused(
        &[("connect_rate", "\"$5\"")],
        "connect_rate",
        &["\"$5\"", "not a rate"],
    );
    // Interval ends are read as the key's unit too.
    let interval = super::common::dist_of("revenue_per_sale", "\"$5k to $20k\"");
    assert!((interval.quantile(0.05) - 5_000.0).abs() < 1e-6);
    // The switch scenario writes discount_rate = "10%" and upfront_cost = "10,000".
    let s = parse_scenario(SWITCH, "switch.toml").unwrap();
    assert_eq!(s.economics.as_ref().unwrap().discount_rate, 0.10);
    assert_eq!(s.strategies[0].costs.upfront, 10_000.0);
    let bad = SWITCH.replace("discount_rate = \"10%\"", "discount_rate = \"10 percent\"");
    let e = parse_scenario(&bad, "switch.toml").unwrap_err().to_string();
    assert!(
        e.contains("economics.discount_rate") && e.contains("\"10 percent\""),
        "{e}"
    );
    let bad = SWITCH.replace("upfront_cost = \"10,000\"", "upfront_cost = \"50%\"");
    let e = parse_scenario(&bad, "switch.toml").unwrap_err().to_string();
    assert!(e.contains("upfront_cost") && e.contains("\"50%\""), "{e}");
    // Mix shares take percentages.
    let mixed =
        format!("{SWITCH}\n[[strategies]]\nname = \"m\"\nmix = {{ a = \"60%\", b = \"rest\" }}\n");
    let s = parse_scenario(&mixed, "mix.toml").unwrap();
    assert_eq!(s.strategies[2].mix[0].share, 0.6);
    assert!((s.strategies[2].mix[1].share - 0.4).abs() < 1e-15);
}
