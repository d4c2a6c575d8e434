//! The simulated mean revenue against the closed form of docs/model.md (`analytic::expected_revenue`)
//! on several scenarios, within 4 standard errors; and the closed form itself against values
//! computed by hand here, where the scenario allows.
//!
//! Tolerance: the summary's `se` is sd / sqrt(T) over T independent trials, so a correct engine
//! misses the true mean by more than 4 se with probability about 6e-5; seeds are fixed.

use prospect_sim::analysis::summary::{RunSummary, summarize_run};
use prospect_sim::config::{Scenario, load_scenario};
use prospect_sim::model::analytic::{
    expected_dials_per_hour, expected_revenue, expected_strategy_revenue,
    field_closed_form_is_exact,
};
use prospect_sim::sim::simulate;
use statrs::distribution::{Continuous, ContinuousCDF, LogNormal, Normal};

use crate::it::common::{Sim, close_rel, parse, scenario_text, strategy};

const K: f64 = 4.0;

/// The base strategy's rates: connect 0.1 x c2a 0.1 x a2p 0.3 x close 0.2.
const BASE_P: f64 = 0.1 * 0.1 * 0.3 * 0.2;
/// Base strategy: 3 dials an account over c = 0.5 + 3 / 12 = 0.75 h an account.
const BASE_DIALS_PER_HOUR: f64 = 3.0 / 0.75;

fn run(scenario: &Scenario) -> RunSummary {
    crate::it::common::run_on(scenario, 2).summary
}

/// Every strategy's simulated mean revenue is within K se of the closed form, and the summary
/// reports that closed form.
fn assert_mean_matches_closed_form(label: &str, scenario: &Scenario, summary: &RunSummary) {
    for (i, s) in summary.strategies.iter().enumerate() {
        // A mix's closed form sums its components'; a plain strategy's is docs/model.md's.
        let expected = expected_strategy_revenue(scenario, i);
        assert_eq!(s.revenue_mean_closed_form, expected, "{label}/{}", s.name);
        let se = s.revenue.se;
        assert!(se > 0.0, "{label}/{}: revenue never varies", s.name);
        assert!(
            (s.revenue.mean - expected).abs() <= K * se,
            "{label}/{}: simulated mean revenue {} vs closed form {expected} ({:.2} se; tolerance {K} se, se {se})",
            s.name,
            s.revenue.mean,
            (s.revenue.mean - expected) / se
        );
    }
}

#[test]
fn closed_form_by_hand_with_constants() {
    // W = 10, cycle 3 weeks: a close in week t books in t + floor(3 + 0.5) = t + 3, which is
    // within the horizon when t + 3 <= 9, so weeks t = 0..=6 book: 7 weeks.
    let sim = Sim {
        trials: 20_000,
        weeks: 10,
        reps: 3,
        seed: 42,
    };
    let scenario = parse(&scenario_text("constants", sim, &[strategy("s", &[])]));
    let by_hand = 3.0 * 7.0 * 20.0 * BASE_DIALS_PER_HOUR * BASE_P * 5000.0;
    let closed = expected_revenue(&scenario.simulation, &scenario.strategies[0].inputs);
    assert!(
        close_rel(closed, by_hand, 1e-9),
        "closed form {closed} vs by hand {by_hand}"
    );
    // A cycle of 2.5 weeks rounds up too: floor(2.5 + 0.5) = 3.
    let half = parse(&scenario_text(
        "constants",
        sim,
        &[strategy("s", &[("sales_cycle_weeks", "2.5")])],
    ));
    let closed = expected_revenue(&half.simulation, &half.strategies[0].inputs);
    assert!(
        close_rel(closed, by_hand, 1e-9),
        "cycle 2.5: {closed} vs {by_hand}"
    );
    // And the engine agrees with it.
    assert_mean_matches_closed_form("constants", &scenario, &run(&scenario));
}

#[test]
fn random_research_hours() {
    // Research per account a lognormal 90% interval 0.2 to 1.5: dials per prospecting hour
    // 3 / (R + 0.25) varies by rep.
    let sim = Sim {
        trials: 20_000,
        weeks: 20,
        reps: 4,
        seed: 7,
    };
    let scenario = parse(&scenario_text(
        "research",
        sim,
        &[strategy(
            "s",
            &[("research_hours_per_account", "\"0.2 to 1.5\"")],
        )],
    ));
    // E[3 / (R + 0.25)] with R = exp(mu + sigma Z), by Simpson's rule over z in [-12, 12].
    let z95 = Normal::new(0.0, 1.0).unwrap().inverse_cdf(0.95);
    let (la, lb) = (f64::ln(0.2), f64::ln(1.5));
    let (mu, sigma) = ((la + lb) / 2.0, (lb - la) / (2.0 * z95));
    let phi = Normal::new(0.0, 1.0).unwrap();
    let g = |z: f64| 3.0 / ((mu + sigma * z).exp() + 0.25) * phi.pdf(z);
    let steps = 24_000;
    let h = 24.0 / steps as f64;
    let mut integral = g(-12.0) + g(12.0);
    for i in 1..steps {
        integral += if i % 2 == 1 { 4.0 } else { 2.0 } * g(-12.0 + i as f64 * h);
    }
    integral *= h / 3.0;
    let inputs = &scenario.strategies[0].inputs;
    assert!(
        close_rel(expected_dials_per_hour(inputs), integral, 1e-6),
        "E[dials / c]: analytic {} vs Simpson {integral}",
        expected_dials_per_hour(inputs)
    );
    // Constant cycle 3 on W = 20: weeks 0..=16 book (t + 3 <= 19), 17 weeks.
    let by_hand = 4.0 * 17.0 * 20.0 * integral * BASE_P * 5000.0;
    let closed = expected_revenue(&scenario.simulation, inputs);
    assert!(close_rel(closed, by_hand, 1e-6), "{closed} vs {by_hand}");

    let summary = run(&scenario);
    assert_mean_matches_closed_form("research", &scenario, &summary);
    // Dials: N x W x E[H] x E[dials / c].
    let dials = &summary.strategies[0].dials;
    let expected = 4.0 * 20.0 * 20.0 * integral;
    assert!(
        (dials.mean - expected).abs() <= K * dials.se,
        "mean dials {} vs {expected} (tolerance {K} x se {})",
        dials.mean,
        dials.se
    );
}

#[test]
fn long_cycles_push_revenue_past_the_horizon() {
    // A 26-week median cycle on a 26-week horizon: most closes book after the horizon.
    let sim = Sim {
        trials: 20_000,
        weeks: 26,
        reps: 5,
        seed: 2011,
    };
    let (median, p95) = (26.0, 52.0);
    let cycle = format!("{{ dist = \"lognormal\", median = {median}, p95 = {p95} }}");
    let scenario = parse(&scenario_text(
        "long-cycles",
        sim,
        &[strategy(
            "s",
            &[
                ("sales_cycle_weeks", &cycle),
                ("connect_rate", "0.2"),
                ("proposal_to_close", "0.5"),
            ],
        )],
    ));
    // By hand: each week t books with P(L < 26 - t - 0.5), L lognormal with mu = ln 26 and
    // sigma = ln(52 / 26) / z95.
    let z95 = Normal::new(0.0, 1.0).unwrap().inverse_cdf(0.95);
    let cycle = LogNormal::new(f64::ln(median), f64::ln(p95 / median) / z95).unwrap();
    let booked: f64 = (0..26).map(|t| cycle.cdf(26.0 - t as f64 - 0.5)).sum();
    let closes_per_trial = 5.0 * 26.0 * 20.0 * BASE_DIALS_PER_HOUR * 0.2 * 0.1 * 0.3 * 0.5;
    let per_week = closes_per_trial / 26.0;
    let by_hand = 5000.0 * per_week * booked;
    let closed = expected_revenue(&scenario.simulation, &scenario.strategies[0].inputs);
    assert!(close_rel(closed, by_hand, 1e-9), "{closed} vs {by_hand}");
    assert!(
        booked < 0.3 * 26.0,
        "the scenario should push most revenue past the horizon"
    );

    let summary = run(&scenario);
    assert_mean_matches_closed_form("long cycles", &scenario, &summary);
    // What does not book within the horizon goes to pipeline_past_horizon, and deals count
    // only the closes that book.
    let s = &summary.strategies[0];
    let pipeline = 5000.0 * per_week * (26.0 - booked);
    assert!(
        (s.pipeline_past_horizon.mean - pipeline).abs() <= K * s.pipeline_past_horizon.se,
        "pipeline past horizon {} vs {pipeline} (tolerance {K} x se {})",
        s.pipeline_past_horizon.mean,
        s.pipeline_past_horizon.se
    );
    let deals = per_week * booked;
    assert!(
        (s.deals.mean - deals).abs() <= K * s.deals.se,
        "deals {} vs {deals} (tolerance {K} x se {})",
        s.deals.mean,
        s.deals.se
    );
}

#[test]
fn interval_specs_everywhere() {
    let sim = Sim {
        trials: 20_000,
        weeks: 26,
        reps: 5,
        seed: 99,
    };
    let intervals = [
        ("prospecting_hours_per_week", "\"15 to 25\""),
        ("research_hours_per_account", "\"0.2 to 1.0\""),
        ("dials_per_account", "\"1.5 to 4\""),
        ("dials_per_hour", "\"8 to 20\""),
        ("connect_rate", "\"5% to 15%\""),
        ("conversation_to_appointment", "\"5% to 20%\""),
        ("appointment_to_proposal", "\"20% to 50%\""),
        ("proposal_to_close", "\"10% to 30%\""),
        ("sales_cycle_weeks", "\"4 to 12\""),
        ("revenue_per_sale", "\"3000 to 20000\""),
    ];
    let table_forms = [
        (
            "prospecting_hours_per_week",
            "{ dist = \"normal\", mean = 20, sd = 6, max = 40 }",
        ),
        ("dials_per_hour", "{ dist = \"gamma\", mean = 12, sd = 3 }"),
        ("connect_rate", "{ dist = \"beta\", mean = 0.1, sd = 0.03 }"),
        (
            "conversation_to_appointment",
            "{ dist = \"pert\", min = 0.04, mode = 0.08, max = 0.18 }",
        ),
        (
            "appointment_to_proposal",
            "{ dist = \"uniform\", min = 0.2, max = 0.5 }",
        ),
        (
            "proposal_to_close",
            "{ dist = \"triangular\", min = 0.1, mode = 0.2, max = 0.4 }",
        ),
        (
            "sales_cycle_weeks",
            "{ dist = \"lognormal\", mean = 9, sd = 4 }",
        ),
        (
            "revenue_per_sale",
            "{ dist = \"lognormal\", median = 6000, p95 = 20000 }",
        ),
    ];
    let scenario = parse(&scenario_text(
        "intervals",
        sim,
        &[
            strategy("intervals", &intervals),
            strategy("tables", &table_forms),
        ],
    ));
    // Also through the engine and summary directly, on the global pool.
    let summary = summarize_run(&scenario, &simulate(&scenario, &|_| {}));
    assert_mean_matches_closed_form("intervals", &scenario, &summary);
}

#[test]
fn every_config_matches_its_closed_form() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/configs");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("configs/ exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let mut scenario = load_scenario(&path).unwrap_or_else(|e| panic!("{e}"));
            scenario.simulation.trials = 4_000;
            let label = path.display().to_string();
            if let Some(field) = &scenario.field {
                // A playing field's closed form is its mean only with unlimited pools and one
                // pass (tests/it/field.rs checks that case); a finite territory's lists run out.
                let exact = scenario
                    .strategies
                    .iter()
                    .all(|s| field_closed_form_is_exact(field, s));
                if !exact {
                    continue;
                }
            }
            assert_mean_matches_closed_form(&label, &scenario, &run(&scenario));
            seen += 1;
        }
    }
    assert!(seen > 0, "no scenario under configs/");
}
