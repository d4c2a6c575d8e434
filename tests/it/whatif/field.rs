//! What-ifs on a playing field: the tornado fixes an input in every target (each at its own
//! quantile) and ranks the dominant input first; a sweep over a segment's accounts and a goal
//! seek on them agree with the closed form of a territory that runs out.

use super::*;

use prospect_sim::model::field::Pool;
use prospect_sim::whatif::sensitivity::Factor;

/// Narrow inputs of the tornado's strategy (90% intervals about 1% wide); dials per account and
/// the sales cycle are constants (3 and 3 weeks). The connect rate is the contacts'.
const FIELD_NARROW: [(&str, &str); 7] = [
    ("prospecting_hours_per_week", "\"19.9 to 20.1\""),
    ("research_hours_per_account", "\"0.497 to 0.503\""),
    ("dials_per_hour", "\"11.94 to 12.06\""),
    ("conversation_to_appointment", "\"19.9% to 20.1%\""),
    ("appointment_to_proposal", "\"29.85% to 30.15%\""),
    ("proposal_to_close", "\"19.9% to 20.1%\""),
    ("revenue_per_sale", "\"4975 to 5025\""),
];

/// Two unlimited segments ("small", and "mid" whose deals are worth twice as much), two contacts
/// with connect rates `owner` and `cfo`, and one strategy "s" of [`FIELD_NARROW`] inputs with
/// `wide` in place of its own, working (small, owner) and (mid, cfo) half and half; the second
/// target sets its own revenue per sale `mid_revenue`.
fn tornado_field(wide: (&str, &str), owner: &str, cfo: &str, mid_revenue: &str) -> String {
    let inputs: String = FIELD_NARROW
        .iter()
        .map(|&(k, v)| if k == wide.0 { wide } else { (k, v) })
        .map(|(k, v)| format!("{k} = {v}\n"))
        .collect();
    format!(
        "name = \"pf-tornado\"

[simulation]
trials = 400
weeks = 12
reps = 5
seed = 8

[playing_field]
rest_weeks = 4
max_passes = 2
retouch_yield = 0.5
data_decay_per_year = 0

[[segments]]
name = \"small\"
accounts = \"unlimited\"

[[segments]]
name = \"mid\"
accounts = \"unlimited\"
revenue_factor = 2

[[contacts]]
name = \"owner\"
connect_rate = {owner}

[[contacts]]
name = \"cfo\"
connect_rate = {cfo}

[[strategies]]
name = \"s\"
dials_per_account = 3
sales_cycle_weeks = 3
{inputs}targets = [
  {{ segment = \"small\", contact = \"owner\", share = 0.5 }},
  {{ segment = \"mid\", contact = \"cfo\", share = 0.5, revenue_per_sale = {mid_revenue} }},
]
"
    )
}

#[test]
fn the_tornado_of_a_playing_field_ranks_the_dominant_input_first() {
    let narrow_mid_revenue = "\"4975 to 5025\"";
    // (the case, the scenario, the dominant input)
    let cases = [
        (
            "deal value wide in both targets (each its own)",
            tornado_field(
                ("revenue_per_sale", "\"1000 to 30000\""),
                "\"9.95% to 10.05%\"",
                "\"7.9% to 8.1%\"",
                "\"2000 to 60000\"",
            ),
            InputKey::RevenuePerSale,
        ),
        (
            "connect rate wide, set by the contacts only",
            tornado_field(
                ("revenue_per_sale", "\"4975 to 5025\""),
                "\"1% to 20%\"",
                "\"2% to 25%\"",
                narrow_mid_revenue,
            ),
            InputKey::ConnectRate,
        ),
    ];
    for (case, text, dominant) in cases {
        let scenario = parse(&text);
        let a = analyse(&scenario, 0, Output::Revenue).expect("s can be analysed");
        let order: Vec<&str> = a.bars.iter().map(|b| b.key.name()).collect();
        assert_eq!(
            a.bars[0].key,
            Factor::Strategy(dominant),
            "{case}: tornado order {order:?}"
        );
        assert_eq!(a.targets, 2, "{case}");
        // Eight uncertain inputs (the seven narrow ones and the connect rate); dials per account
        // and the cycle are constant in both targets.
        assert_eq!(a.bars.len(), 8, "{case}: {order:?}");
        assert_eq!(a.runs, 17, "{case}: the base run and two per bar");
        // The share of variance (each target's draws squared-correlated with rep revenue, summed
        // over the targets) puts the dominant input first too, and the shares split 100%.
        assert_eq!(
            a.variance_shares[0].0, dominant,
            "{case}: variance shares {:?}",
            a.variance_shares
        );
        assert_eq!(a.variance_shares.len(), 8, "{case}");
        let total: f64 = a.variance_shares.iter().map(|(_, v)| v).sum();
        assert!((total - 1.0).abs() < 1e-12, "{case}: shares sum to {total}");
        // Every bar lists each target's own P10 and P90, the first target's standing for the bar.
        for b in &a.bars {
            let key = b.key.strategy_input().expect("no part B here");
            let dists = scenario.input_dists(0, key);
            let expected: Vec<(f64, f64)> = dists
                .iter()
                .map(|d| (d.quantile(0.1), d.quantile(0.9)))
                .collect();
            assert_eq!(b.target_values, expected, "{case}: {}", b.key.name());
            assert_eq!(b.values, expected[0], "{case}: {}", b.key.name());
        }
        // An input both targets draw has no single rank correlation; hours (the rep's own) do.
        assert!(
            !a.correlations.iter().any(|(k, _)| *k == dominant),
            "{case}: {:?}",
            a.correlations
        );
        assert!(
            a.correlations
                .iter()
                .any(|(k, _)| *k == InputKey::ProspectingHoursPerWeek),
            "{case}: {:?}",
            a.correlations
        );
        // Revenue rises with either input: the bar's P90 side books more.
        let top = &a.bars[0];
        assert!(top.outputs.1 > top.outputs.0, "{case}: {top:?}");
    }
}

#[test]
fn fixing_an_input_on_a_playing_field_fixes_it_in_every_target() {
    let text = tornado_field(
        ("revenue_per_sale", "\"1000 to 30000\""),
        "\"9.95% to 10.05%\"",
        "\"7.9% to 8.1%\"",
        "\"2000 to 60000\"",
    );
    let scenario = parse(&text);
    let key = InputKey::RevenuePerSale;
    let original: Vec<Dist> = scenario.input_dists(0, key).into_iter().cloned().collect();
    let fixed = scenario.with_input_at_quantile(0, key, 0.1, |v| format!("{v} (fixed)"));
    let s = &fixed.strategies[0];
    let values: Vec<f64> = original.iter().map(|d| d.quantile(0.1)).collect();
    assert_ne!(values[0], values[1], "test bug: the targets draw alike");
    for (t, v) in s.targets.iter().zip(&values) {
        assert_eq!(t.inputs.dist(key), &Dist::Constant(*v));
    }
    // The strategy's copy follows its first target; nothing else changes.
    assert_eq!(s.inputs.dist(key), &Dist::Constant(values[0]));
    for other in InputKey::ALL.into_iter().filter(|k| *k != key) {
        assert_eq!(fixed.input_dists(0, other), scenario.input_dists(0, other));
    }
    // The engine reads each target's value: every deal of target j is worth v_j times its
    // segment's revenue factor (1 for small, 2 for mid), so in every trial target j's revenue
    // within the horizon is its deals x v_j x factor_j (up to the rounding of the sum).
    let run = simulate(&fixed, &|_| {});
    let field = run.strategies[0]
        .field
        .as_ref()
        .expect("a playing-field run");
    let mut deals = [0, 0];
    for (j, factor) in [1.0, 2.0].into_iter().enumerate() {
        for t in field.target_trials(j) {
            let expected = t.deals as f64 * values[j] * factor;
            assert!(
                (t.revenue - expected).abs() <= 1e-9 * expected,
                "target {j}: {} vs {expected}",
                t.revenue
            );
            deals[j] += t.deals;
        }
    }
    assert!(deals[0] > 0 && deals[1] > 0, "test bug: no deals {deals:?}");
}

/// One finite segment "small" of `accounts` (the team's), worked by one contact and one
/// strategy of constants: 20 hours a week, 0.5 h research and 3 dials at 12 an hour per account
/// (0.75 h), one pass each, connect 10%, then 20%, 50% and 30%, a 3-week cycle and $5,000 a deal.
/// Two reps over 26 weeks, 400 trials.
fn running_out(accounts: &str) -> String {
    format!(
        "name = \"pf-runs-out\"

[simulation]
trials = 400
weeks = 26
reps = 2
seed = 5

[playing_field]
max_passes = 1
data_decay_per_year = 0

[[segments]]
name = \"small\"
accounts = {accounts}

[[contacts]]
name = \"owner\"

[[strategies]]
name = \"s\"
prospecting_hours_per_week = 20
research_hours_per_account = 0.5
dials_per_account = 3
dials_per_hour = 12
connect_rate = 0.1
conversation_to_appointment = 0.2
appointment_to_proposal = 0.5
proposal_to_close = 0.3
sales_cycle_weeks = 3
revenue_per_sale = 5000
targets = [{{ segment = \"small\", contact = \"owner\", share = 1 }}]
"
    )
}

/// P(an account of [`running_out`] closes): reach 1 - 0.9^3 = 0.271, then 0.2 x 0.5 x 0.3.
const CLOSE_PER_ACCOUNT: f64 = 0.271 * 0.2 * 0.5 * 0.3;
/// Accounts a rep works in a week of [`running_out`] while its list lasts: 20 h / 0.75 h (in
/// expectation: the fraction is rounded stochastically).
const ACCOUNTS_PER_WEEK: f64 = 20.0 / 0.75;

#[test]
fn a_sweep_over_a_segments_accounts_runs_and_revenue_rises_until_the_list_lasts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(FILE), running_out("1000")).unwrap();
    let key = "segments.small.accounts";
    let out = cli(
        d,
        &[
            "sweep",
            FILE,
            "--vary",
            &format!("{key}=500,1000,2000"),
            "--out",
            "sw",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", texts(&out).1);
    let (header, rows) = read_csv(&d.join("sw/sweep.csv"));
    assert_eq!(header[0], key);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let got = |row: usize, column: &str| number(&rows[row][col(column)], column);
    // Closed form of the mean revenue. A rep's list of A/2 accounts lasts A/2 / 26.67 weeks:
    // 9.4 weeks at A = 500 and 18.75 at A = 1,000, so each account is worked once, by week 18,
    // and its close books 3 weeks later, within the 26: A x P(close) x $5,000. At A = 2,000 the
    // list (1,000 a rep) outlasts the year: each rep works 26.67 accounts a week, and a close
    // books within the horizon only from weeks 0..=22 (22 + 3 = 25, the last week): 2 reps x 23
    // weeks x 26.67 x P(close) x $5,000.
    let expected = [
        500.0 * CLOSE_PER_ACCOUNT * 5000.0,
        1000.0 * CLOSE_PER_ACCOUNT * 5000.0,
        2.0 * 23.0 * ACCOUNTS_PER_WEEK * CLOSE_PER_ACCOUNT * 5000.0,
    ];
    assert_eq!(rows.len(), 3, "one strategy, three points");
    for (i, (accounts, e)) in ["500", "1000", "2000"].iter().zip(expected).enumerate() {
        assert_eq!(rows[i][0], *accounts);
        let (mean, se) = (got(i, "revenue_mean"), got(i, "revenue_se"));
        assert!(
            (mean - e).abs() <= K * se,
            "{key}={accounts}: mean revenue {mean} vs closed form {e} (se {se})"
        );
    }
    // Revenue rises with the accounts: each step by more than K standard errors of the
    // difference (the points share their streams, which only narrows the difference's spread
    // below the independent sqrt(se1^2 + se2^2) used here).
    for i in 0..2 {
        let rise = got(i + 1, "revenue_mean") - got(i, "revenue_mean");
        let se = got(i, "revenue_se").hypot(got(i + 1, "revenue_se"));
        assert!(
            rise > K * se,
            "point {i} -> {}: rise {rise}, se {se}",
            i + 1
        );
    }
}

/// P(X >= k) for X ~ Binomial(n, p).
fn binomial_at_least(n: u64, p: f64, k: u64) -> f64 {
    let mut below = 0.0;
    let mut term = (1.0 - p).powi(n as i32); // P(X = 0)
    for x in 0..k {
        below += term;
        term *= (n - x) as f64 / (x + 1) as f64 * p / (1.0 - p);
    }
    1.0 - below
}

#[test]
fn a_goal_seek_over_a_segments_accounts_agrees_with_a_direct_run_and_the_closed_form() {
    // The team's accounts in "small" needed for P(revenue >= $20,000) >= 0.8: four closes. Up to
    // 1,000 accounts every account is worked within the horizon (see the sweep test), and closes
    // independently, so revenue / $5,000 ~ Binomial(A, P(close)).
    let source = ScenarioSource {
        text: running_out("1000"),
        label: FILE.to_string(),
        base: Vec::new(),
    };
    let key = KeyPath::parse("segments.small.accounts", &["s"]);
    let goal: Target = "P(revenue >= 20000) >= 0.8".parse().unwrap();
    let g = seek(&source, &key, (100.0, 1000.0), goal, "s").unwrap();
    let Outcome::Found { at, .. } = g.outcome else {
        panic!("not found: {:?}", g.outcome)
    };
    assert_eq!(at.value, at.value.round(), "accounts are whole");
    let answer = at.value as u64;
    // A direct run at the answer, on the same seed, is the probe, number for number; on another
    // seed it agrees within K standard errors of the difference.
    let direct = |seed: &str| {
        let scenario = source
            .scenario(&[
                set("segments.small.accounts", &answer.to_string()),
                set("simulation.seed", seed),
            ])
            .unwrap();
        assert_eq!(
            scenario.field.as_ref().unwrap().segments[0].accounts,
            Pool::Finite(answer)
        );
        let run = simulate(&scenario, &|_| {});
        let trials = &run.strategies[0].trials;
        let n = trials.len() as f64;
        let p = trials.iter().filter(|t| t.revenue >= 20000.0).count() as f64 / n;
        (p, (p * (1.0 - p) / n).sqrt())
    };
    let (same, _) = direct("5");
    assert_eq!(same, at.metric, "the same seed gives the probe's figure");
    assert!(same >= 0.8);
    let (other, other_se) = direct("6");
    assert!(
        (other - at.metric).abs() <= K * other_se.hypot(at.se),
        "seed 6: {other} against the probe's {} (se {}, {other_se})",
        at.metric,
        at.se
    );
    // The closed form: the probe at the answer meets the target and the one below does not, each
    // within K se of the truth, so P(answer) >= 0.8 - K se and P(answer - 1) < 0.8 + K se.
    let truth = |a: u64| binomial_at_least(a, CLOSE_PER_ACCOUNT, 4);
    let below = g
        .probes
        .iter()
        .find(|p| p.value == at.value - 1.0)
        .expect("bisection ends on neighbouring whole numbers");
    assert!(below.metric < 0.8);
    assert!(
        truth(answer) >= 0.8 - K * at.se && truth(answer - 1) < 0.8 + K * below.se,
        "answer {answer}: true P {} there, {} below (se {}, {})",
        truth(answer),
        truth(answer - 1),
        at.se,
        below.se
    );
}

#[test]
fn the_tornado_of_a_playing_field_does_not_depend_on_the_thread_count() {
    // The per-target rows of rep draws are kept in trial, rep and target order whatever the
    // pool, so sensitivity.csv is the same bytes on one worker and on three.
    let scenario = parse(&tornado_field(
        ("revenue_per_sale", "\"1000 to 30000\""),
        "\"1% to 20%\"",
        "\"7.9% to 8.1%\"",
        "\"2000 to 60000\"",
    ));
    let csv_on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("the pool starts");
        let a = pool.install(|| analyse(&scenario, 0, Output::Revenue).unwrap());
        let mut bytes = Vec::new();
        prospect_sim::report::csv::write_sensitivity(&mut bytes, &a).unwrap();
        bytes
    };
    let one = csv_on(1);
    assert_eq!(one, csv_on(3));
    // Every input but hours (one value per rep) is drawn in both targets, so only hours has a
    // rank correlation; every bar has a share of variance.
    let text = String::from_utf8(one).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header, SENSITIVITY_COLUMNS);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 8, "eight bars:\n{text}");
    for r in &rows {
        let hours = r[1] == "prospecting_hours_per_week";
        assert_eq!(r[7].is_empty(), !hours, "{r:?}");
        assert!(!r[8].is_empty(), "{r:?}");
    }
}
