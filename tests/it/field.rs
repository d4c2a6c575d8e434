//! The playing field against the contract's exact checks (docs/model.md, "The playing field"):
//! the closed form with unlimited pools and one pass, hand-worked schedules with constant hours
//! and costs, priority against shares on a case where they differ by a known amount, paired pool
//! luck between strategies, and outputs that do not depend on the thread count.

use prospect_sim::report::json::summary_json;
use prospect_sim::sim::{FieldRun, SimResult};

use crate::it::common::{self, Sim, parse, run_on};

/// `[simulation]` with `trials`, `weeks`, `reps` and `seed`.
fn simulation(trials: u64, weeks: u32, reps: u32, seed: u64) -> String {
    common::simulation(
        "field",
        Sim {
            trials,
            weeks,
            reps,
            seed,
        },
    )
}

fn field(result: &SimResult, strategy: usize) -> &FieldRun {
    result.strategies[strategy]
        .field
        .as_ref()
        .expect("a playing-field run")
}

/// E[(1 - connect)^d] for connect ~ Beta(a, b) and a whole d: prod over i < d of
/// (b + i) / (a + b + i).
fn beta_miss(a: f64, b: f64, d: u32) -> f64 {
    (0..d)
        .map(|i| (b + f64::from(i)) / (a + b + f64::from(i)))
        .product()
}

/// Two unlimited segments, two contacts, one strategy with two targets, one pass. Revenue per
/// sale is uniform on [5000, 15000] (mean 10,000), cycles are constant, hours a normal with
/// mean 20 and sd 3 (its truncation at 0 removes a mass of 1e-11: E[H] = 20). The words in
/// capitals are filled in by [`closed_form_text`].
const CLOSED_FORM: &str = r#"
[playing_field]
max_passes = 1
allocation = "ALLOCATION"

[[segments]]
name = "a"
accounts = "unlimited"
revenue_factor = 1.5
cycle_factor = 2
SEGMENT_A

[[segments]]
name = "b"
accounts = "unlimited"
SEGMENT_B

[[contacts]]
name = "owner"
connect_rate = { dist = "beta", alpha = 2, beta = 18 }
dials_per_account = 3
OWNER

[[contacts]]
name = "manager"
connect_rate = 0.2
dials_per_account = 2
conversation_to_appointment = 0.1

[[strategies]]
name = "s"
prospecting_hours_per_week = { dist = "normal", mean = 20, sd = 3 }
research_hours_per_account = 0.5
STRATEGY
sales_cycle_weeks = 3
revenue_per_sale = { dist = "uniform", min = 5000, max = 15000 }
targets = [
  { segment = "a", contact = "owner", share = 0.6 },
  { segment = "b", contact = "manager", share = 0.4, proposal_to_close = 0.2 },
]
"#;

/// The owner's rate of the closed form (the expectation below).
pub const OWNER: &str = "conversation_to_appointment = 0.3";
/// The strategy's rates of the closed form.
pub const STRATEGY: &str =
    "dials_per_hour = 12\nappointment_to_proposal = 0.5\nproposal_to_close = 0.4";

/// [`CLOSED_FORM`] with its `allocation`, extra lines of segments a and b, and the owner's and
/// the strategy's rates (tests/it/part_b.rs varies them).
pub fn closed_form_text(
    allocation: &str,
    segment_a: &str,
    segment_b: &str,
    owner: &str,
    strategy: &str,
) -> String {
    CLOSED_FORM
        .replace("ALLOCATION", allocation)
        .replace("SEGMENT_A", segment_a)
        .replace("SEGMENT_B", segment_b)
        .replace("OWNER", owner)
        .replace("STRATEGY", strategy)
}

/// The closed form of the contract, target by target: (E[revenue], E[appointments], E[dials])
/// of the team per trial, with the shares given (priority: the first target takes every hour).
fn closed_form(shares: [f64; 2], reps: f64, weeks: u32) -> [[f64; 3]; 2] {
    let hours = 20.0;
    // Target a: owner on segment a. c = research + d / dials_per_hour = 0.5 + 3/12.
    let c_a = 0.5 + 3.0 / 12.0;
    let q_a = (1.0 - beta_miss(2.0, 18.0, 3)) * 0.3;
    // L = 3 x cycle factor 2 = 6 weeks: a close in week t books if t + 6 <= W - 1.
    let booked_a = f64::from(weeks - 6);
    let r_a = 10_000.0 * 1.5;
    // Target b: manager on segment b. c = 0.5 + 2/12; reach = 1 - 0.8^2; close 0.2.
    let c_b = 0.5 + 2.0 / 12.0;
    let q_b = (1.0 - 0.8f64.powi(2)) * 0.1;
    let booked_b = f64::from(weeks - 3);
    let w = f64::from(weeks);
    let target = |share: f64, q: f64, c: f64, d: f64, close: f64, r: f64, booked: f64| {
        let per_week = reps * share * hours / c;
        [
            per_week * q * 0.5 * close * r * booked,
            per_week * q * w,
            per_week * d * w,
        ]
    };
    [
        target(shares[0], q_a, c_a, 3.0, 0.4, r_a, booked_a),
        target(shares[1], q_b, c_b, 2.0, 0.2, 10_000.0, booked_b),
    ]
}

/// Checks `mean` against `expected` within 4 standard errors of the mean (the trials are
/// independent, so the sample se estimates the sd of the mean; a 4 se band fails a correct
/// engine about once in 16,000 checks).
fn within_4_se(what: &str, mean: f64, se: f64, expected: f64) {
    assert!(
        (mean - expected).abs() <= 4.0 * se,
        "{what}: simulated {mean} (se {se}) against the closed form {expected}"
    );
}

#[test]
fn unlimited_pools_and_one_pass_meet_the_closed_form() {
    for (allocation, shares) in [("shares", [0.6, 0.4]), ("priority", [1.0, 0.0])] {
        let text =
            simulation(3_000, 20, 3, 11) + &closed_form_text(allocation, "", "", OWNER, STRATEGY);
        let scenario = parse(&text);
        let out = run_on(&scenario, 2);
        let s = &out.summary.strategies[0];
        let pf = s.playing_field.as_ref().expect("playing_field summary");
        assert!(pf.closed_form_is_exact);
        let expected = closed_form(shares, 3.0, 20);
        for (j, (t, e)) in pf.targets.iter().zip(&expected).enumerate() {
            let what = |k: &str| format!("{allocation}, target {j}: {k}");
            within_4_se(&what("revenue"), t.revenue.mean, t.revenue.se, e[0]);
            within_4_se(
                &what("appointments"),
                t.appointments.mean,
                t.appointments.se,
                e[1],
            );
            if e[2] == 0.0 {
                // A target that never gets an hour dials nothing.
                assert_eq!(t.dials.max, 0.0, "{}", what("dials"));
            } else {
                within_4_se(&what("dials"), t.dials.mean, t.dials.se, e[2]);
            }
        }
        let total: f64 = expected.iter().map(|e| e[0]).sum();
        within_4_se(
            &format!("{allocation}: team revenue"),
            s.revenue.mean,
            s.revenue.se,
            total,
        );
        // The summary's own closed form is the same formula, integrated numerically.
        assert!(
            (s.revenue_mean_closed_form - total).abs() <= 1e-3 * total,
            "{allocation}: revenue_mean_closed_form {} against {total}",
            s.revenue_mean_closed_form
        );
        // Unlimited pools never run out, and one pass means no re-touches.
        for seg in &pf.segments {
            assert_eq!(seg.list_out_week.share_never, 1.0);
        }
        for t in &pf.targets {
            assert_eq!(t.retouches.max, 0.0);
        }
    }
}

/// Constant hours and costs, no conversations (connect 0): every number is whole.
fn constant_field(
    accounts: u64,
    max_passes: u32,
    rest_weeks: u32,
    research: f64,
    dials: u32,
    dials_per_hour: f64,
) -> String {
    format!(
        r#"
[playing_field]
max_passes = {max_passes}
rest_weeks = {rest_weeks}
data_decay_per_year = 0

[[segments]]
name = "a"
accounts = {accounts}

[[contacts]]
name = "owner"

[[strategies]]
name = "s"
prospecting_hours_per_week = 20
research_hours_per_account = {research}
dials_per_account = {dials}
dials_per_hour = {dials_per_hour}
connect_rate = 0
conversation_to_appointment = 0.2
appointment_to_proposal = 0.5
proposal_to_close = 0.5
sales_cycle_weeks = 4
revenue_per_sale = 1000
targets = [{{ segment = "a", contact = "owner", share = 1 }}]
"#
    )
}

#[test]
fn constant_hours_and_one_pass_run_out_in_the_exact_week() {
    // 302 accounts over 3 reps: 101, 101, 100. A pass costs 0.5 + 3/6 = 1 h, so 20 h work 20
    // accounts a week: the reps with 101 work 20 in weeks 0-4 and the last one in week 5 (out
    // at the end of week 5, 19 h idle that week); the rep with 100 is out at the end of week 4.
    let (trials, weeks) = (10, 8);
    let text = simulation(trials, weeks, 3, 5) + &constant_field(302, 1, 13, 0.5, 3, 6.0);
    let scenario = parse(&text);
    let out = run_on(&scenario, 1);
    let f = field(&out.result, 0);
    let mut counts = vec![0; weeks as usize + 1];
    counts[4] = trials;
    counts[5] = 2 * trials;
    assert_eq!(f.list_out_counts(0), &counts[..]);
    for (t, seg) in f.target_trials(0).zip(f.segment_trials(0)) {
        assert_eq!((t.first_passes, t.retouches, t.dials), (302, 0, 906));
        assert_eq!((seg.touched, seg.fresh, seg.retired), (302, 0, 302));
    }
    // The hours are kept summed over trials: 151 h of each in every trial.
    let sum = &f.target_totals[0];
    assert_eq!(
        (sum.research_hours, sum.dialing_hours),
        (151.0 * trials as f64, 151.0 * trials as f64)
    );
    // Idle per trial: 19 + 2 x 20 for each rep with 101 accounts, 3 x 20 for the other: 178 h
    // over 24 rep-weeks.
    let pf = out.summary.strategies[0].playing_field.as_ref().unwrap();
    assert!((pf.hours_per_rep_week.idle.mean - 178.0 / 24.0).abs() < 1e-12);
    assert!((pf.hours_per_rep_week.research.mean - 151.0 / 24.0).abs() < 1e-12);
    let l = pf.segments[0].list_out_week;
    // 30 rep-trials: 10 in week 4, then 20 in week 5 (type-7 positions 2.9, 14.5 and 26.1).
    assert_eq!(
        (l.p10, l.p50, l.p90, l.share_never),
        (Some(4.0), Some(5.0), Some(5.0), 0.0)
    );
    let idle_by_week: Vec<f64> = f.weekly_idle.iter().map(|h| h / trials as f64).collect();
    assert_eq!(idle_by_week, [0.0, 0.0, 0.0, 0.0, 0.0, 58.0, 60.0, 60.0]);
    // Every future is the same, so each week counts all its trials at one value.
    let fresh: Vec<(u64, f64, f64)> = f
        .fresh_counts(0)
        .map(|c| (c.len(), c.quantile(0.0), c.quantile(1.0)))
        .collect();
    let expected = [242.0, 182.0, 122.0, 62.0, 2.0, 0.0, 0.0, 0.0].map(|x| (trials, x, x));
    assert_eq!(fresh, expected);
}

#[test]
fn constant_hours_with_retouches_follow_the_hand_worked_schedule() {
    // One rep, 100 accounts, 1 h a pass (no research, 2 dials at 2 an hour), 20 h a week, three
    // passes two weeks apart. Due accounts go first: weeks 0-1 fresh (20 each), 2-3 pass 2,
    // 4-5 pass 3 (then retired), 6-7 fresh, 8-9 pass 2, 10-11 pass 3, 12 the last 20 fresh (out
    // at the end of week 12), 13 idle, 14 pass 2 of week 12's accounts, 15 idle.
    let weeks = 16;
    let text = simulation(3, weeks, 1, 9) + &constant_field(100, 3, 2, 0.0, 2, 2.0);
    let scenario = parse(&text);
    let out = run_on(&scenario, 1);
    let f = field(&out.result, 0);
    // 280 dialing hours in each of the 3 trials.
    assert_eq!(f.target_totals[0].dialing_hours, 3.0 * 280.0);
    for (t, seg) in f.target_trials(0).zip(f.segment_trials(0)) {
        assert_eq!((t.first_passes, t.retouches, t.dials), (100, 180, 560));
        assert_eq!(
            (seg.fresh, seg.due, seg.resting, seg.retired, seg.touched),
            (0, 0, 20, 80, 100)
        );
    }
    // By passes at the horizon: week 12's 20 rest after their second pass (week 14), the other
    // 80 retired after 3, in each of the 3 trials.
    assert_eq!(f.coverage_totals_of(0), [0, 0, 60, 240]);
    let mut counts = vec![0; weeks as usize + 1];
    counts[12] = 3;
    assert_eq!(f.list_out_counts(0), &counts[..]);
    let mut idle = vec![0.0; weeks as usize];
    idle[13] = 60.0;
    idle[15] = 60.0;
    assert_eq!(f.weekly_idle, idle);
}

/// Every rate 1 (each pass books a deal), constant costs of 1 h a pass, 20 h a week, a cycle
/// of 2 weeks, 5 weeks. Segment "a" holds 40 accounts a rep worth twice as much; "b" never runs
/// out.
const PRIORITY_VS_SHARES: &str = r#"
[playing_field]
max_passes = 1
allocation = "ALLOCATION"

[[segments]]
name = "a"
accounts = 80
revenue_factor = 2

[[segments]]
name = "b"
accounts = "unlimited"

[[contacts]]
name = "owner"

[[strategies]]
name = "s"
prospecting_hours_per_week = 20
research_hours_per_account = 0.5
dials_per_account = 1
dials_per_hour = 2
connect_rate = 1
conversation_to_appointment = 1
appointment_to_proposal = 1
proposal_to_close = 1
sales_cycle_weeks = 2
revenue_per_sale = 1000
targets = [
  { segment = "a", contact = "owner", share = 0.5 },
  { segment = "b", contact = "owner", share = 0.5 },
]
"#;

#[test]
fn priority_books_the_valuable_segment_sooner_by_a_known_amount() {
    // A deal worked in week t books in week t + 2, inside the 5 weeks when t <= 2.
    // Shares: 10 accounts of "a" ($2,000 each) and 10 of "b" ($1,000) a week; "a" is out after
    // week 3, and from week 4 its 10 h spill over to "b" (20 that week). Booked: weeks 0-2 of
    // both: 30 x 2,000 + 30 x 1,000 = $90,000 a rep; past the horizon: 10 x 2,000 + 30 x 1,000.
    // Priority: "a" takes all 20 h in weeks 0-1 (40 deals, $80,000), "b" 20 a week from week
    // 2 (20 booked in week 4: $20,000): $100,000 a rep; past the horizon: 40 x 1,000.
    for (allocation, revenue, pipeline, list_out) in [
        ("shares", 90_000.0, 50_000.0, 3),
        ("priority", 100_000.0, 40_000.0, 1),
    ] {
        let text = simulation(4, 5, 2, 3) + &PRIORITY_VS_SHARES.replace("ALLOCATION", allocation);
        let out = run_on(&parse(&text), 1);
        for t in &out.result.strategies[0].trials {
            assert_eq!(t.revenue, 2.0 * revenue, "{allocation}");
            assert_eq!(t.pipeline_past_horizon, 2.0 * pipeline, "{allocation}");
            // 60 deals a rep book inside the horizon either way: 30 + 30, or 40 + 20.
            assert_eq!(t.deals, 120, "{allocation}");
        }
        let f = field(&out.result, 0);
        let mut counts = [0; 6];
        counts[list_out] = 8;
        assert_eq!(f.list_out_counts(0), &counts[..], "{allocation}");
        assert_eq!(f.idle.summary().max, 0.0, "{allocation}: no hour idles");
    }
}

/// Segment "s0" is finite with arrivals and stale contacts; "s1" too. Strategy "alone" works
/// (s0, c0) only; "wider" works (s0, c0) first and (s1, c1) with what is left.
const PAIRED: &str = r#"
[playing_field]
allocation = "priority"
rest_weeks = 4
data_decay_per_year = 0.3

[[segments]]
name = "s0"
accounts = 600
new_accounts_per_year = 520

[[segments]]
name = "s1"
accounts = 900
new_accounts_per_year = 260

[[contacts]]
name = "c0"
connect_rate = "5% to 20%"
dials_per_account = "1 to 4"

[[contacts]]
name = "c1"
connect_rate = 0.1
dials_per_account = 2

[[strategies]]
name = "alone"
prospecting_hours_per_week = { dist = "normal", mean = 20, sd = 4 }
research_hours_per_account = "0.1 to 0.5"
dials_per_hour = 10
conversation_to_appointment = "10% to 30%"
appointment_to_proposal = 0.5
proposal_to_close = 0.5
sales_cycle_weeks = "2 to 8"
revenue_per_sale = "$5k to $20k"
targets = [{ segment = "s0", contact = "c0" }]

[[strategies]]
name = "wider"
prospecting_hours_per_week = { dist = "normal", mean = 20, sd = 4 }
research_hours_per_account = "0.1 to 0.5"
dials_per_hour = 10
conversation_to_appointment = "10% to 30%"
appointment_to_proposal = 0.5
proposal_to_close = 0.5
sales_cycle_weeks = "2 to 8"
revenue_per_sale = "$5k to $20k"
targets = [{ segment = "s0", contact = "c0" }, { segment = "s1", contact = "c1" }]
"#;

#[test]
fn two_strategies_on_the_same_cell_see_the_same_luck() {
    let text = simulation(40, 30, 3, 17) + PAIRED;
    let out = run_on(&parse(&text), 2);
    let (alone, wider) = (field(&out.result, 0), field(&out.result, 1));
    // The cell (s0, c0) comes first in both, so it gets the same hours, draws the same rep
    // values and outcomes, and its pool the same arrivals and stale contacts: the same totals,
    // to the bit, trial by trial.
    for (a, w) in alone.target_trials(0).zip(wider.target_trials(0)) {
        assert_eq!(a, w);
    }
    assert_eq!(alone.target_totals[0], wider.target_totals[0]);
    for (a, w) in alone.segment_trials(0).zip(wider.segment_trials(0)) {
        assert_eq!(a, w);
    }
    assert_eq!(alone.list_out_counts(0), wider.list_out_counts(0));
    // Segment s1 receives the same arrivals whether it is worked or not.
    for (a, w) in alone.segment_trials(1).zip(wider.segment_trials(1)) {
        assert_eq!(a.arrivals, w.arrivals);
    }
    // The test means something: s0 runs out for some reps, the spill-over works s1, and stale
    // contacts come back to s0.
    let worked_s1: u64 = wider.target_trials(1).map(|t| t.first_passes).sum();
    assert!(worked_s1 > 0);
    // First passes beyond the never-touched accounts touched are returned (stale) accounts.
    let first: u64 = alone.target_trials(0).map(|t| t.first_passes).sum();
    let touched: u64 = alone.segment_trials(0).map(|s| s.touched).sum();
    assert!(first > touched);
    assert!(alone.list_out_counts(0)[30] < 120, "some lists run out");
}

#[test]
fn playing_field_outputs_do_not_depend_on_the_thread_count() {
    // 600 trials: three blocks of 256, the last one short.
    let text = simulation(600, 26, 3, 23) + PAIRED;
    let scenario = parse(&text);
    let one = run_on(&scenario, 1);
    let two = run_on(&scenario, 2);
    assert_eq!(summary_json(&one.summary), summary_json(&two.summary));
    for s in 0..2 {
        let (a, b) = (field(&one.result, s), field(&two.result, s));
        assert_eq!(a.target_count, b.target_count);
        assert!((0..a.target_count).all(|j| a.target_trials(j).eq(b.target_trials(j))));
        assert_eq!(a.target_totals, b.target_totals);
        assert!((0..a.segment_count).all(|s| a.segment_trials(s).eq(b.segment_trials(s))));
        assert_eq!(a.fresh_by_week, b.fresh_by_week);
        assert_eq!(a.coverage_totals, b.coverage_totals);
        assert_eq!(a.list_out, b.list_out);
        assert_eq!(a.weekly_idle, b.weekly_idle);
        assert_eq!(a.idle, b.idle);
    }
    assert!(summary_json(&one.summary).contains("\"playing_field\""));
}

#[test]
fn the_terminal_table_gains_a_block_per_playing_field_strategy() {
    let text = simulation(20, 10, 2, 4) + &constant_field(60, 1, 13, 0.5, 3, 6.0);
    let out = run_on(&parse(&text), 1);
    let table = prospect_sim::report::terminal::render(&out.summary, None);
    let block = table
        .split("Playing field of s (shares of the hours)")
        .nth(1)
        .expect("the playing-field block follows the table");
    // 60 accounts over 2 reps at 20 a week: each list is out at the end of week 1, every time.
    assert!(block.contains("1 (1-1)"), "{block}");
    assert!(block.contains("idle (no one left to call)"), "{block}");
    assert!(block.contains("a, owner"), "{block}");
    for line in table.lines() {
        assert!(line.chars().count() <= 80, "wider than 80 cells: {line}");
    }
}
