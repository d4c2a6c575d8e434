//! Calibrating from generated exports (`calibrate::synthetic`): the fits recover the known
//! parameters for a Salesforce-, a HubSpot- and a Pipedrive-shaped file, open deals matter, the
//! scenario written validates and runs, names stay out of it, and a run of it reproduces the
//! export's win rate and deal size.

use chrono::{Duration, NaiveDate};
use prospect_sim::calibrate::betabinomial::Estimate;
use prospect_sim::calibrate::synthetic::{Truth, generate};
use prospect_sim::calibrate::{
    Calibration, Dataset, FitOptions, ReadOptions, Shape, Texts, calibrate, read_texts,
    scenario_toml,
};
use prospect_sim::config::{Override, parse_scenario_with};
use prospect_sim::report::calibration::terminal;

/// One-sided 95% normal quantile: a 90% interval's half-width is this many standard errors.
const Z95: f64 = 1.644_853_6;

fn read(truth: &Truth, shape: Shape) -> Dataset {
    let export = generate(truth, shape, false);
    let texts = Texts {
        opportunities: ("opportunities.csv", &export.opportunities),
        accounts: export.accounts.as_deref().map(|t| ("accounts.csv", t)),
        activities: export.activities.as_deref().map(|t| ("activities.csv", t)),
    };
    read_texts(texts, &ReadOptions::default()).expect("a generated export reads")
}

/// Whether `truth` lies within `k` standard errors of the estimate, the standard error read off
/// the 90% interval on the truth's side (half-width / 1.6449; intervals may be asymmetric).
fn within(e: &Estimate, truth: f64, k: f64) -> bool {
    let se = if truth >= e.value {
        (e.high - e.value) / Z95
    } else {
        (e.value - e.low) / Z95
    };
    (truth - e.value).abs() <= k * se
}

/// A history in the shape of every CRM: the same deals drawn, written three ways.
fn check_recovery(c: &Calibration, truth: &Truth, what: &str) {
    // Six parameters, each checked at 3 standard errors: each passes with probability 0.997
    // (normal sampling distribution), all six with about 0.98. The intervals themselves are held
    // to their 90% coverage by `coverage_over_many_exports` below and the estimators' own tests.
    let win = &c.win_rate.as_ref().expect("closed deals").fit;
    assert!(
        within(&win.mean, truth.closing_mean, 3.0),
        "{what}: win rate {:?}",
        win.mean
    );
    assert!(
        within(&win.spread, truth.closing_sd, 3.0),
        "{what}: spread {:?}",
        win.spread
    );
    let cycle = c.cycle.as_ref().expect("won deals");
    let median_weeks = truth.cycle_median_days / 7.0;
    assert!(
        within(&cycle.mu, median_weeks.ln(), 3.0),
        "{what}: cycle mu {:?}",
        cycle.mu
    );
    assert!(
        within(&cycle.sigma, truth.cycle_sigma, 3.0),
        "{what}: cycle sigma {:?}",
        cycle.sigma
    );
    let amounts = c.amounts.as_ref().expect("amounts");
    assert!(
        within(&amounts.mu, truth.amount_median.ln(), 3.0),
        "{what}: amount mu {:?}",
        amounts.mu
    );
    assert!(
        within(&amounts.sigma, truth.amount_sigma, 3.0),
        "{what}: amount sigma {:?}",
        amounts.sigma
    );
}

#[test]
fn known_parameters_are_recovered_from_each_crm_shape() {
    let truth = Truth::example(20_261_130);
    let fits: Vec<Calibration> = [Shape::Salesforce, Shape::HubSpot, Shape::Pipedrive]
        .into_iter()
        .map(|shape| {
            let c = calibrate(&read(&truth, shape), &FitOptions::default());
            check_recovery(&c, &truth, &format!("{shape:?}"));
            c
        })
        .collect();
    // The three files hold the same deals: the readers agree, so the fits are identical.
    for c in &fits[1..] {
        assert_eq!(c.win_rate, fits[0].win_rate);
        assert_eq!(c.cycle, fits[0].cycle);
        assert_eq!(c.amounts, fits[0].amounts);
    }
}

#[test]
fn intervals_cover_the_truth_nine_times_in_ten_over_many_exports() {
    // 60 generated histories (Salesforce-shaped): a 90% interval covers its truth in a share
    // with mean 0.9 and sd sqrt(0.09 / 60) = 0.039, so in at least 0.9 - 3 x 0.039 = 0.78 of
    // them (47 of 60).
    let mut covered = [0u32; 4];
    for seed in 0..60 {
        let truth = Truth::example(1000 + seed);
        let c = calibrate(&read(&truth, Shape::Salesforce), &FitOptions::default());
        let win = &c.win_rate.as_ref().expect("closed").fit;
        let cycle = c.cycle.as_ref().expect("won");
        let amounts = c.amounts.as_ref().expect("amounts");
        covered[0] += win.mean.covers(truth.closing_mean) as u32;
        covered[1] += cycle.mu.covers((truth.cycle_median_days / 7.0).ln()) as u32;
        covered[2] += cycle.sigma.covers(truth.cycle_sigma) as u32;
        covered[3] += amounts.mu.covers(truth.amount_median.ln()) as u32;
    }
    for (what, n) in ["win rate", "cycle mu", "cycle sigma", "amount mu"]
        .iter()
        .zip(covered)
    {
        assert!((47..=60).contains(&n), "{what}: covered in {n} of 60");
    }
}

#[test]
fn open_deals_are_censored_and_dropping_them_would_bias_the_cycle_short() {
    // Four months of deals with a two-month median cycle: at the export many are still open,
    // and the won ones are those that closed quickly. The censored fit recovers the median
    // (3 standard errors); the won deals alone fall well short of it (their geometric mean is
    // what dropping the open deals gives).
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date");
    let truth = Truth {
        deals_per_rep: 150,
        cycle_median_days: 60.0,
        start: as_of - Duration::days(120),
        as_of,
        ..Truth::example(77)
    };
    let c = calibrate(&read(&truth, Shape::HubSpot), &FitOptions::default());
    let cycle = c.cycle.expect("won deals");
    assert!(c.deals.open > c.deals.won, "{:?}", c.deals);
    let median = truth.cycle_median_days / 7.0;
    assert!(
        within(&cycle.mu, median.ln(), 3.0),
        "{:?}",
        cycle.median_weeks
    );
    assert!(
        cycle.median_if_open_dropped < 0.75 * median,
        "{}",
        cycle.median_if_open_dropped
    );
    assert!(cycle.median_if_open_dropped < cycle.median_weeks.low);
}

#[test]
fn the_scenario_validates_and_keeps_rep_names_out() {
    for truth in [
        Truth::example(5),
        Truth::example_with_accounts_and_activities(5),
    ] {
        for shape in [Shape::Salesforce, Shape::HubSpot, Shape::Pipedrive] {
            let data = read(&truth, shape);
            let c = calibrate(&data, &FitOptions::default());
            let toml = scenario_toml(&c);
            let scenario = parse_scenario_with(&toml, "calibrated.toml", &[])
                .unwrap_or_else(|e| panic!("{shape:?}: {e}\n{toml}"));
            assert_eq!(scenario.simulation.reps as usize, data.reps.len());
            assert_eq!(scenario.field.is_some(), truth.write_accounts, "{shape:?}");
            let text = terminal(&c);
            for name in &data.reps {
                assert!(
                    !toml.contains(name.as_str()),
                    "{shape:?}: {name} in the scenario"
                );
                assert!(
                    !text.contains(name.as_str()),
                    "{shape:?}: {name} in the report"
                );
            }
            // Every input is either fitted (with its method) or marked.
            assert!(toml.contains("fitted: beta-binomial across"));
            assert!(toml.contains("not calibrated"));
            let named = calibrate(
                &data,
                &FitOptions {
                    show_names: true,
                    ..FitOptions::default()
                },
            );
            assert!(terminal(&named).contains(data.reps[0].as_str()));
            assert_eq!(
                scenario_toml(&named),
                toml,
                "names change nothing in the scenario"
            );
        }
    }
}

#[test]
fn a_run_of_the_scenario_reproduces_the_exports_win_rate_and_deal_size() {
    let truth = Truth::example(9);
    let data = read(&truth, Shape::Salesforce);
    let c = calibrate(&data, &FitOptions::default());
    let trials = 2000u64;
    let overrides = [Override::set("simulation.trials", &trials.to_string())];
    let scenario = parse_scenario_with(&scenario_toml(&c), "calibrated.toml", &overrides)
        .expect("the scenario validates");
    let run = prospect_sim::analysis::run(&scenario, &|_| {});
    let s = &run.summary.strategies[0];

    // The export's own figures.
    let won: Vec<f64> = data
        .opportunities
        .iter()
        .filter(|o| o.outcome == prospect_sim::calibrate::Outcome::Won)
        .filter_map(|o| o.amount)
        .collect();
    let closed = data
        .opportunities
        .iter()
        .filter(|o| o.outcome != prospect_sim::calibrate::Outcome::Open)
        .count();
    let export_win_rate = c.deals.won as f64 / closed as f64;
    let mut sorted = won.clone();
    sorted.sort_by(f64::total_cmp);
    let export_median = prospect_sim::stats::quantile_sorted(&sorted, 0.5);

    // Win rate. The scenario's appointment_to_proposal is 1 (no proposal stage in this shape),
    // so the run's closes / proposals is its win rate. Its expectation is the fitted mean m of
    // the reps' rates; its Monte Carlo sd is about sqrt(s^2 / (T N) + m (1 - m) / P), s the sd
    // between reps (each trial draws N reps' rates) and P the proposals of all trials.
    let fit = &c.win_rate.as_ref().expect("closed").fit;
    let m = fit.mean.value;
    let proposals = s.proposals.mean * trials as f64;
    let reps = scenario.simulation.reps as f64;
    let se_mc =
        (fit.spread.value.powi(2) / (trials as f64 * reps) + m * (1.0 - m) / proposals).sqrt();
    let simulated = s.kpis.proposal_to_close * s.kpis.appointment_to_proposal;
    assert_eq!(s.kpis.appointment_to_proposal, 1.0);
    assert!(
        (simulated - m).abs() <= 4.0 * se_mc,
        "run {simulated} against the fit {m} (se {se_mc})"
    );
    // The fitted mean weighs reps alike, the export's rate by their deals: they agree within the
    // fit's 90% interval, which is the sampling error of either.
    assert!(
        fit.mean.covers(export_win_rate),
        "{export_win_rate} outside {:?}",
        fit.mean
    );

    // Deal size. The run's mean revenue per sale estimates the fitted lognormal's mean
    // exp(mu + sigma^2 / 2), with Monte Carlo sd its sd / sqrt(closes):
    // sd = mean x sqrt(exp(sigma^2) - 1).
    let amounts = c.amounts.as_ref().expect("amounts");
    let (mu, sigma) = (amounts.mu.value, amounts.sigma.value);
    let mean = (mu + sigma * sigma / 2.0).exp();
    let closes = s.deals.mean * trials as f64;
    let se = mean * ((sigma * sigma).exp() - 1.0).sqrt() / closes.sqrt();
    assert!(
        (s.kpis.revenue_per_sale - mean).abs() <= 4.0 * se,
        "{} against {mean}",
        s.kpis.revenue_per_sale
    );
    // The median the scenario writes is exp(mu), whose 90% interval holds the export's median
    // deal size (the sample median and the geometric mean estimate the same median).
    assert!(
        amounts.median.covers(export_median),
        "{export_median} outside {:?}",
        amounts.median
    );
    let written = format!("median = {}", amounts.median.value.round());
    assert!(scenario_toml(&c).contains(&written), "{written}");
}

#[test]
fn the_report_page_and_charts_are_rendered_the_same_every_time() {
    use prospect_sim::report::calibration::{HTML_FILE, files};
    use prospect_sim::report::files::Content;
    let data = read(
        &Truth::example_with_accounts_and_activities(3),
        Shape::Salesforce,
    );
    let c = calibrate(&data, &FitOptions::default());
    let bytes = |c: &Calibration| -> Vec<(String, Vec<u8>)> {
        files(c, &[])
            .expect("charts draw")
            .into_iter()
            .map(|f| match f.content {
                Content::Bytes(b) => (f.name, b),
                Content::Stream(_) => panic!("{} streamed", f.name),
            })
            .collect()
    };
    let first = bytes(&c);
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            HTML_FILE,
            "calibration-closing.png",
            "calibration-cycle.png",
            "calibration-deal-size.png"
        ]
    );
    assert_eq!(
        first,
        bytes(&c),
        "the same calibration gives the same bytes"
    );
    let html = String::from_utf8(first[0].1.clone()).expect("UTF-8");
    for heading in [
        "Fitted inputs",
        "Win rate per rep",
        "Segments",
        "Observed against fitted",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    assert_eq!(html.matches("<svg").count(), 3, "the three charts inline");
    assert!(html.contains("Rep 1"));
    for name in &data.reps {
        assert!(!html.contains(name.as_str()), "{name} on the page");
    }
}

#[test]
fn segments_that_differ_get_their_own_closing_ratio_and_deal_size() {
    use prospect_sim::calibrate::synthetic::SegmentTruth;
    // Two segments, small firms (10-40 employees) winning 1.6 times the reps' rate with deals at
    // the median, mid-size firms (100-400) at half the rate with deals three times larger; 20
    // reps x 100 deals, so each segment has about 1,000 deals and the differences are far
    // beyond noise (rates near 0.40 and 0.125: sd of each about sqrt(0.24 / 1000) = 0.015).
    let truth = Truth {
        reps: 20,
        deals_per_rep: 100,
        segments: vec![
            SegmentTruth {
                industry: "Retail",
                employees: (10, 40),
                accounts: 250,
                closing_factor: 1.6,
                size_factor: 1.0,
            },
            SegmentTruth {
                industry: "Retail",
                employees: (100, 400),
                accounts: 250,
                closing_factor: 0.5,
                size_factor: 3.0,
            },
        ],
        write_accounts: true,
        ..Truth::example(31)
    };
    let c = calibrate(&read(&truth, Shape::Salesforce), &FitOptions::default());
    let s = c.segments.as_ref().expect("an accounts export");
    let small = s
        .segments
        .iter()
        .find(|g| g.name == "retail-small")
        .expect("small");
    let mid = s
        .segments
        .iter()
        .find(|g| g.name == "retail-mid-size")
        .expect("mid-size");
    // 500 accounts in all: the generator's names are unique up to 500.
    assert_eq!((small.accounts, mid.accounts), (250, 250));
    // Closing ratios near 0.25 x 1.6 = 0.40 and 0.25 x 0.5 = 0.125, within 4 sd (0.06).
    assert!((small.closing - 0.40).abs() < 0.06, "{}", small.closing);
    assert!((mid.closing - 0.125).abs() < 0.06, "{}", mid.closing);
    // Deal sizes three to one: the factors' ratio is near 3 (the log of each segment's mean has
    // sd 0.5 / sqrt(n won) < 0.05; with shrinkage negligible at these counts).
    let ratio = mid.revenue_factor / small.revenue_factor;
    assert!((ratio / 3.0).ln().abs() < 0.2, "{ratio}");
    let toml = scenario_toml(&c);
    assert_eq!(
        toml.matches("proposal_to_close = { dist = \"beta\"")
            .count(),
        3,
        "{toml}"
    );
    parse_scenario_with(&toml, "calibrated.toml", &[]).expect("validates");
}

/// A deal of rep `rep`, created on day `created` of 2026 and closed `cycle` days later (open
/// when `outcome` is open), with `amount`.
fn deal(
    rep: usize,
    outcome: prospect_sim::calibrate::Outcome,
    created: i64,
    cycle: i64,
    amount: Option<f64>,
) -> prospect_sim::calibrate::Opportunity {
    use prospect_sim::calibrate::Outcome;
    let day = |d: i64| NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + Duration::days(d);
    prospect_sim::calibrate::Opportunity {
        row: 1,
        rep,
        account: None,
        stage: "x".into(),
        outcome,
        reached_proposal: None,
        amount,
        created: day(created),
        closed: (outcome != Outcome::Open).then(|| day(created + cycle)),
    }
}

#[test]
fn thin_and_one_sided_data_still_give_a_valid_scenario() {
    use prospect_sim::calibrate::Outcome::{Lost, Open, Won};
    let scenario_of = |data: &Dataset| {
        let c = calibrate(data, &FitOptions::default());
        let toml = scenario_toml(&c);
        parse_scenario_with(&toml, "calibrated.toml", &[])
            .unwrap_or_else(|e| panic!("{e}\n{toml}"));
        (c, toml)
    };
    // Nothing at all: every input keeps its built-in value.
    let (c, toml) = scenario_of(&Dataset::default());
    assert!(c.win_rate.is_none() && c.cycle.is_none() && c.amounts.is_none());
    assert_eq!(toml.matches("# not calibrated").count(), 9, "{toml}");
    // One rep, every closed deal lost, one open: a closing ratio of 0 with its exact bound, no
    // cycle or deal size to fit, and a thin-data warning (5 closed deals).
    let data = Dataset {
        reps: vec!["Pat".into()],
        opportunities: (0..5)
            .map(|i| deal(0, Lost, i * 10, 30, Some(1000.0)))
            .chain([deal(0, Open, 100, 0, None)])
            .collect(),
        ..Dataset::default()
    };
    let (c, toml) = scenario_of(&data);
    let fit = &c.closing.as_ref().expect("closed deals").fit;
    assert_eq!(fit.mean.value, 0.0);
    assert!((fit.mean.high - (1.0 - 0.05f64.powf(1.0 / 5.0))).abs() < 1e-12);
    assert!(toml.contains("proposal_to_close = 0\n"), "{toml}");
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("Rep 1: 5 closed deals")),
        "{:?}",
        c.warnings
    );
    assert!(!toml.contains("Pat"));
    // Every deal won (no lost one): the cycle is the plain censored lognormal (p = 1); a won
    // deal without an amount is counted and left out of the deal size.
    let data = Dataset {
        reps: vec!["Pat".into(), "Sam".into()],
        opportunities: (0..40)
            .map(|i: i64| {
                deal(
                    (i % 2) as usize,
                    Won,
                    i * 3,
                    20 + (i * 7) % 50,
                    (i > 0).then_some(500.0 + 37.0 * i as f64),
                )
            })
            .collect(),
        ..Dataset::default()
    };
    let (c, toml) = scenario_of(&data);
    assert_eq!(c.cycle.as_ref().expect("won deals").p_won, 1.0);
    assert_eq!(c.won_without_amount, 1);
    assert_eq!(c.amounts.as_ref().expect("amounts").n, 39);
    assert!(toml.contains("proposal_to_close = 1\n"), "{toml}");
}
