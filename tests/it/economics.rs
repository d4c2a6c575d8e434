//! The business case (docs/model.md) end to end, on a scenario whose flows can be worked out by hand.
//!
//! Every rate is 1 and every input a constant, so the funnel is deterministic: 10 hours at
//! 1 hour per account (1 dial each, 1 dial an hour, no research) make 10 dials a week, every dial
//! closes, and each close books 2 weeks later (floor(2 + 0.5)). With 1 rep over 20 weeks:
//! - baseline "a": revenue 100 a deal, so 1,000 a week from week 2;
//! - "b": revenue 150 a deal (1,500 a week from week 2), upfront 2,000, 100 per rep-week;
//! - gross margin 50%, 10 per prospecting hour (100 a week each), 10% a year.
//!   Flows of a: -100, -100, then 400 for weeks 2..19.
//!   Flows of b: -2,200, -200, then 550 for weeks 2..19.
//!   Increment b - a: -2,100, -100, then 150 for weeks 2..19.

use prospect_sim::analysis::summary::summarize_run;
use prospect_sim::config::parse_scenario;
use prospect_sim::econ::cashflow::{annualise, irr, npv, weekly_rate};
use prospect_sim::sim::simulate;

const SCENARIO: &str = r#"
name = "hand-worked"
[simulation]
trials = 3
weeks = 20
reps = 1
seed = 5

[economics]
gross_margin = 0.5
rep_cost_per_hour = 10
discount_rate = 0.10

[[strategies]]
name = "a"
prospecting_hours_per_week = 10
research_hours_per_account = 0
dials_per_account = 1
dials_per_hour = 1
connect_rate = 1
conversation_to_appointment = 1
appointment_to_proposal = 1
proposal_to_close = 1
sales_cycle_weeks = 2
revenue_per_sale = 100

[[strategies]]
name = "b"
upfront_cost = 2000
cost_per_rep_week = 100
prospecting_hours_per_week = 10
research_hours_per_account = 0
dials_per_account = 1
dials_per_hour = 1
connect_rate = 1
conversation_to_appointment = 1
appointment_to_proposal = 1
proposal_to_close = 1
sales_cycle_weeks = 2
revenue_per_sale = 150
"#;

/// Weekly flows as worked out in the module doc.
fn by_hand(first: f64, second: f64, rest: f64) -> Vec<f64> {
    let mut f = vec![first, second];
    f.extend(std::iter::repeat_n(rest, 18));
    f
}

/// Relative closeness for figures computed two ways in floating point.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn hand_worked_flows_give_the_summary_figures() {
    let scenario = parse_scenario(SCENARIO, "hand-worked.toml").unwrap();
    let result = simulate(&scenario, &|_| {});
    // The funnel really is deterministic: 10 dials a week, all closed, 18 weeks booked.
    for t in &result.strategies[0].trials {
        assert_eq!((t.dials, t.closes, t.deals), (200, 200, 180));
        assert_eq!(t.revenue, 18_000.0);
    }
    let summary = summarize_run(&scenario, &result);
    let rate = weekly_rate(0.10);
    let own_a = by_hand(-100.0, -100.0, 400.0);
    let own_b = by_hand(-2200.0, -200.0, 550.0);
    let increment: Vec<f64> = own_b.iter().zip(&own_a).map(|(b, a)| b - a).collect();
    assert_eq!(increment, by_hand(-2100.0, -100.0, 150.0));

    let a = summary.strategies[0].economics.as_ref().unwrap();
    let b = summary.strategies[1].economics.as_ref().unwrap();
    assert!(
        a.vs_baseline.is_none(),
        "the baseline has no case against itself"
    );
    let vs = b.vs_baseline.as_ref().unwrap();

    // NPV: every trial is the same, so every percentile is the hand-worked value.
    let npv_inc = vs.npv.unwrap();
    assert!(close(npv_inc.p50, npv(&increment, rate)), "{npv_inc:?}");
    assert!(close(npv_inc.p10, npv_inc.p90));
    assert!(close(a.own.npv.unwrap().p50, npv(&own_a, rate)));
    // By hand too, without the library: sum of flows / (1 + r)^t.
    let discounted: f64 = increment
        .iter()
        .enumerate()
        .map(|(t, f)| f / (1.0 + rate).powi(t as i32))
        .sum();
    assert!(close(npv_inc.p50, discounted));
    assert_eq!(vs.p_npv_positive, if discounted > 0.0 { 1.0 } else { 0.0 });

    // Payback of the increment: cumulative -2,100, -2,200, then +150 a week: -2,200 + 150 k >= 0
    // first at k = 15, i.e. week 1 + 15 = 16, and it stays non-negative after.
    assert_eq!(vs.payback_week.p50, Some(16.0));
    assert_eq!(vs.p_payback_within_horizon, 1.0);
    // a's own flows: -200 then +400 a week: non-negative from week 2.
    assert_eq!(a.own.payback_week.p50, Some(2.0));

    // ROI of switching: extra gross profit 0.5 x 500 x 18 = 4,500 against extra cost
    // 2,000 + 100 x 20 = 4,000: (4,500 - 4,000) / 4,000 = 12.5%.
    assert!(close(vs.roi.unwrap().p50, 0.125), "{:?}", vs.roi);
    // a's own ROI: gross profit 0.5 x 18,000 = 9,000 against 100 x 20 = 2,000 of hours: 350%.
    assert!(close(a.own.roi.unwrap().p50, 3.5), "{:?}", a.own.roi);

    // IRR: the annualised weekly root of the increment, at which its NPV is zero.
    let weekly = irr(&increment).expect("one sign change: a root exists");
    assert!(npv(&increment, weekly).abs() < 1e-6 * 2100.0);
    assert!(close(vs.irr_annual.unwrap().p50, annualise(weekly)));
}

#[test]
fn flows_without_a_sign_change_have_no_irr() {
    // The same scenario with b's upfront cost removed and its weekly cost at 0: b's increment is
    // 0, 0 then +250 a week, never negative, so it has no IRR, and it pays back at week 0.
    let text = SCENARIO
        .replace("upfront_cost = 2000", "upfront_cost = 0")
        .replace("cost_per_rep_week = 100", "cost_per_rep_week = 0");
    let scenario = parse_scenario(&text, "no-sign-change.toml").unwrap();
    let summary = summarize_run(&scenario, &simulate(&scenario, &|_| {}));
    let vs = summary.strategies[1]
        .economics
        .as_ref()
        .unwrap()
        .vs_baseline
        .clone()
        .unwrap();
    assert!(vs.irr_annual.is_none(), "{:?}", vs.irr_annual);
    assert_eq!(vs.payback_week.p50, Some(0.0));
    assert!(vs.roi.is_none(), "no extra cost: ROI is undefined");
}

#[test]
fn bad_economics_are_refused_with_their_key() {
    for (from, to, key) in [
        (
            "discount_rate = 0.10",
            "discount_rate = -0.1",
            "economics.discount_rate",
        ),
        (
            "gross_margin = 0.5",
            "gross_margin = 1.5",
            "economics.gross_margin",
        ),
        ("upfront_cost = 2000", "upfront_cost = -5", "upfront_cost"),
        (
            "rep_cost_per_hour = 10",
            "rep_cost_per_hour = 10\nmargin = 3",
            "economics.margin",
        ),
    ] {
        let err = parse_scenario(&SCENARIO.replace(from, to), "bad.toml").unwrap_err();
        let text = err.to_string();
        assert!(text.contains(key), "{key}: {text}");
        assert!(text.starts_with("bad.toml:"), "{text}");
    }
}
