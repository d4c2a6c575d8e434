//! Part B (the rest of the week and the team) against the contract's exact checks
//! (docs/model.md, "The exact checks of part B"): selling time with `when_full = "unlimited"`
//! changes only the hours reported; the installed base's churn, touches and expansions meet their
//! closed form; the seat's Markov chain gives the productive rep-weeks and, with unlimited pools
//! and one pass, the revenue; skill correlation keeps passes and moves the funnel as the
//! quadrature says, and widens the spread of team revenue; the hours balance every week; and
//! outputs do not depend on the thread count.
//!
//! Tolerances: trials are independent, so a per-trial figure's sample mean has standard error
//! sd / sqrt(T); a check within 4 standard errors fails a correct engine about once in 16,000.

use prospect_sim::model::part_b_exact::{
    expected_base, expected_revenue_weighted, expected_wins_by_week, expected_with_skill,
};
use prospect_sim::model::team::seat_chain;
use prospect_sim::report::json::summary_json;
use prospect_sim::sim::{PartBRun, SimResult};

use crate::it::common::{self, Moments, Sim, parse, run_on};
use crate::it::field::{OWNER, STRATEGY, closed_form_text};

/// `[simulation]` with `trials`, `weeks`, `reps` and `seed`.
fn simulation(trials: u64, weeks: u32, reps: u32, seed: u64) -> String {
    common::simulation(
        "part-b",
        Sim {
            trials,
            weeks,
            reps,
            seed,
        },
    )
}

/// The playing field's closed-form scenario (tests/it/field.rs: two unlimited segments, two
/// contacts, one strategy with two targets, one pass), shares allocation, with extra lines of
/// segments a and b and the owner's and the strategy's rates.
fn field(segment_a: &str, segment_b: &str, owner: &str, strategy: &str) -> String {
    closed_form_text("shares", segment_a, segment_b, owner, strategy)
}

fn part_b(result: &SimResult) -> &PartBRun {
    result.strategies[0].part_b.as_ref().expect("a part B run")
}

fn within_4_se(what: &str, values: &[f64], expected: f64) {
    let m = Moments::of(values);
    assert!(
        (m.mean - expected).abs() <= 4.0 * m.se_mean(),
        "{what}: simulated {} (se {}) against the closed form {expected}",
        m.mean,
        m.se_mean()
    );
}

/// Selling time that is only reported (`when_full = "unlimited"`) leaves every prospecting
/// draw as it was: the same revenue, deals, meetings, conversations, dials and hours in every
/// trial. Proposals are decided week by week from part B's own stream once selling time asks
/// for their hours, so they are the same in distribution, not draw by draw: their means agree
/// within 4 standard errors of a difference of two independent means (sqrt 2 x se).
#[test]
fn unlimited_selling_time_changes_only_the_hours_reported() {
    let plain = simulation(2_000, 20, 3, 31) + &field("", "", OWNER, STRATEGY);
    let selling =
        plain.clone() + "\n[selling]\nselling_hours_per_week = 2\nwhen_full = \"unlimited\"\n" + "";
    let selling = selling.replace(
        "research_hours_per_account = 0.5\n",
        "research_hours_per_account = 0.5\nhours_per_appointment = 2\nhours_per_proposal = 3\n",
    );
    let a = run_on(&parse(&plain), 2);
    let b = run_on(&parse(&selling), 2);
    let (ta, tb) = (
        &a.result.strategies[0].trials,
        &b.result.strategies[0].trials,
    );
    for (x, y) in ta.iter().zip(tb) {
        assert_eq!(
            (x.revenue, x.deals, x.appointments, x.conversations, x.dials),
            (y.revenue, y.deals, y.appointments, y.conversations, y.dials)
        );
        assert_eq!(
            (x.prospecting_hours, x.research_hours, x.dialing_hours),
            (y.prospecting_hours, y.research_hours, y.dialing_hours)
        );
    }
    let pa: Vec<f64> = ta.iter().map(|t| t.proposals as f64).collect();
    let pb: Vec<f64> = tb.iter().map(|t| t.proposals as f64).collect();
    let (ma, mb) = (Moments::of(&pa), Moments::of(&pb));
    assert!((ma.mean - mb.mean).abs() <= 4.0 * 2f64.sqrt() * ma.se_mean());
    // The hours are reported: meetings take 2 h the week after they are booked (those of the
    // last week fall beyond the horizon), so between 2 x (meetings - last week's) and 2 x
    // meetings; nothing is squeezed.
    let run = part_b(&b.result);
    let total = run.total();
    let meetings: f64 = tb.iter().map(|t| t.appointments as f64).sum();
    assert!(total.appointments > 0.0 && total.appointments <= 2.0 * meetings);
    assert!(total.appointments >= 2.0 * meetings * (1.0 - 2.0 / 20.0));
    assert_eq!(total.squeezed, 0.0);
    assert!(total.binding > 0, "2 selling hours are often exceeded");
    let summary = b.summary.strategies[0].part_b.as_ref().unwrap();
    assert_eq!(summary.when_full, Some("unlimited"));
}

/// The installed base without squeeze: per segment, E[customers lost] and E[touches] follow
/// week by week from E[customers] (`part_b_exact::expected_base`), with the wins the playing
/// field's closed form books each week joining; E[expansions] = E[touches] x E[expansion rate]
/// (the rate is drawn per rep, independently of the touches) and E[expansion revenue] adds
/// E[revenue per expansion] x the segment's revenue factor.
#[test]
fn the_installed_base_meets_its_closed_form() {
    let text = simulation(2_000, 26, 3, 37)
        + &field(
            "customers = 300\nchurn_per_year = 0.3",
            "customers = 200\nchurn_per_year = 0.1",
            OWNER,
            STRATEGY,
        )
        + "\n[installed_base]\ntouch_every_weeks = 8\nhours_per_touch = 0.5\n\
           expansion_rate = { dist = \"beta\", mean = 0.1, sd = 0.03 }\n\
           expansion_revenue = { dist = \"uniform\", min = 1000, max = 3000 }\n";
    let scenario = parse(&text);
    let out = run_on(&scenario, 2);
    let run = part_b(&out.result);
    let f = scenario.field.as_ref().unwrap();
    let strategy = &scenario.strategies[0];
    let weeks = scenario.simulation.weeks;
    let wins = expected_wins_by_week(
        &scenario.simulation,
        f,
        strategy,
        &vec![1.0; weeks as usize],
    );
    let a = expected_base(300.0, 0.3, Some(8.0), &wins[0]);
    let b = expected_base(200.0, 0.1, Some(8.0), &wins[1]);
    let per = |f: fn(&prospect_sim::sim::PartBTrial) -> f64| -> Vec<f64> {
        run.trials.iter().map(|t| f(&t)).collect()
    };
    within_4_se("churned", &per(|t| t.churned as f64), a.churned + b.churned);
    within_4_se("touches", &per(|t| t.touches as f64), a.touches + b.touches);
    within_4_se(
        "customers at the end",
        &per(|t| t.customers_end as f64),
        a.customers[weeks as usize - 1] + b.customers[weeks as usize - 1],
    );
    within_4_se(
        "expansions",
        &per(|t| t.expansions as f64),
        0.1 * (a.touches + b.touches),
    );
    within_4_se(
        "expansion revenue",
        &per(|t| t.expansion_revenue),
        0.1 * 2000.0 * (1.5 * a.touches + b.touches),
    );
    assert!(run.trials.iter().all(|t| t.customers_start == 500));
    // Revenue is new logos plus expansion, and booked in the weeks' revenue.
    let s = out.summary.strategies[0].part_b.as_ref().unwrap();
    assert!(
        (s.revenue_new_logos.mean + s.revenue_expansion.mean
            - out.summary.strategies[0].revenue.mean)
            .abs()
            < 1e-6 * out.summary.strategies[0].revenue.mean
    );
}

/// Ramp and attrition: the seat's Markov chain gives E[m_t], the mean productivity of week t
/// (0 when vacant); the team's productive rep-weeks are N x its sum, and with unlimited pools and
/// one pass the expected revenue is the closed form with week t weighted by E[m_t] (a week at
/// productivity m books m times the meetings; successors draw afresh from the same
/// distributions).
#[test]
fn ramp_and_attrition_meet_the_seat_chain() {
    let text = simulation(3_000, 30, 3, 41)
        + &field("", "", OWNER, STRATEGY)
        + "\n[team]\nattrition_per_year = 0.9\nvacancy_weeks = 3\nramp_weeks = 8\nramp_start = 0.25\n";
    let scenario = parse(&text);
    let out = run_on(&scenario, 2);
    let run = part_b(&out.result);
    let team = scenario.field.as_ref().unwrap().team.unwrap();
    let chain = seat_chain(&team.seat_plan(), 30);
    let reps = 3.0;
    let per = |f: fn(&prospect_sim::sim::PartBTrial) -> f64| -> Vec<f64> {
        run.trials.iter().map(|t| f(&t)).collect()
    };
    within_4_se(
        "productive rep-weeks",
        &per(|t| t.productive_weeks),
        reps * chain.productive_weeks(),
    );
    within_4_se(
        "vacant rep-weeks",
        &per(|t| t.vacant_weeks as f64),
        reps * chain.vacant_weeks(),
    );
    within_4_se(
        "ramping rep-weeks",
        &per(|t| t.ramp_weeks as f64),
        reps * chain.ramp_weeks(),
    );
    let revenue: Vec<f64> = out.result.strategies[0]
        .trials
        .iter()
        .map(|t| t.revenue)
        .collect();
    let expected = expected_revenue_weighted(
        &scenario.simulation,
        scenario.field.as_ref().unwrap(),
        &scenario.strategies[0],
        &chain.productivity,
    );
    within_4_se("revenue", &revenue, expected);
    // The turnover is material: more than 5% of the rep-weeks are lost.
    assert!(chain.productive_weeks() < 0.95 * 30.0);
}

/// Rates that follow the skill factor: the owner's conversation-to-appointment, dials per hour,
/// appointment-to-proposal and closing ratio are random, so correlated draws move the funnel.
const SKILLED_OWNER: &str =
    "conversation_to_appointment = { dist = \"beta\", alpha = 6, beta = 14 }";
const SKILLED_STRATEGY: &str = "dials_per_hour = \"8 to 16\"\nappointment_to_proposal = \"30% to 70%\"\nproposal_to_close = { dist = \"beta\", mean = 0.4, sd = 0.1 }";

/// Skill correlation with unlimited pools, one pass and no squeeze: passes keep their mean at
/// any rho (only dials per hour of the skilled inputs enters a pass's cost, and its distribution
/// is kept), and the expected conversations, meetings, proposals and revenue are the quadrature
/// over the skill factor (`part_b_exact::expected_with_skill`). At rho = 0.8 the spread of team
/// revenue rises above rho = 0's by more than 4 standard errors of the difference of the two
/// sds (se of a sample sd ~ se of the variance / (2 sd), the two runs taken as independent,
/// which overstates the error: they share their streams).
#[test]
fn skill_correlation_follows_the_quadrature_and_widens_the_spread() {
    let base = simulation(3_000, 20, 3, 43) + &field("", "", SKILLED_OWNER, SKILLED_STRATEGY);
    let mut sds = Vec::new();
    for rho in [0.0, 0.8] {
        let text = base.clone() + &format!("\n[team]\nskill_correlation = {rho}\n");
        let scenario = parse(&text);
        let out = run_on(&scenario, 2);
        let trials = &out.result.strategies[0].trials;
        let e = expected_with_skill(
            &scenario.simulation,
            scenario.field.as_ref().unwrap(),
            &scenario.strategies[0],
            rho,
        );
        let f = out.result.strategies[0].field.as_ref().unwrap();
        let passes: Vec<f64> = (0..trials.len())
            .map(|i| (0..2).map(|j| f.target(i, j).passes() as f64).sum())
            .collect();
        let per = |g: fn(&prospect_sim::model::funnel::TrialTotals) -> f64| -> Vec<f64> {
            trials.iter().map(g).collect()
        };
        within_4_se(&format!("passes at rho {rho}"), &passes, e.passes);
        within_4_se(
            &format!("conversations at rho {rho}"),
            &per(|t| t.conversations as f64),
            e.conversations,
        );
        within_4_se(
            &format!("meetings at rho {rho}"),
            &per(|t| t.appointments as f64),
            e.appointments,
        );
        within_4_se(
            &format!("proposals at rho {rho}"),
            &per(|t| t.proposals as f64),
            e.proposals,
        );
        let revenue = per(|t| t.revenue);
        within_4_se(&format!("revenue at rho {rho}"), &revenue, e.revenue);
        sds.push(Moments::of(&revenue));
    }
    let se_sd = |m: &Moments| m.se_var() / (2.0 * m.sd());
    let (zero, high) = (&sds[0], &sds[1]);
    let se = (se_sd(zero).powi(2) + se_sd(high).powi(2)).sqrt();
    assert!(
        high.sd() - zero.sd() > 4.0 * se,
        "sd of team revenue: {} at rho 0, {} at rho 0.8 (se of the difference {se})",
        zero.sd(),
        high.sd()
    );
}

/// The hours balance, week by week over the run (the engine asserts them every rep-week in
/// debug builds): the prospecting hours drawn = the hours left to prospect + those squeezed
/// out; and last week's carry-over + the week's new selling work = the work done within the
/// selling hours + the hours squeezed + the carry-over to next week. With 3 selling hours and
/// 4 h a meeting the squeeze binds often and takes hours from prospecting.
#[test]
fn the_hours_balance_every_week() {
    let text = simulation(500, 20, 3, 47)
        + &field("customers = 90", "", OWNER, STRATEGY).replace(
            "research_hours_per_account = 0.5\n",
            "research_hours_per_account = 0.5\nhours_per_appointment = 4\nhours_per_proposal = 2\n",
        )
        + "\n[selling]\nselling_hours_per_week = 3\n\
           \n[installed_base]\ntouch_every_weeks = 4\nhours_per_touch = 1\n\
           expansion_rate = 0.1\nexpansion_revenue = 1000\n";
    let scenario = parse(&text);
    let out = run_on(&scenario, 2);
    let run = part_b(&out.result);
    let s = &out.result.strategies[0];
    let mut carry = 0.0;
    for (t, (w, h)) in run.weeks.iter().zip(&s.weekly_hours).enumerate() {
        let tol = 1e-9 * w.prospecting_drawn.max(1.0);
        assert!(
            (h[0] + w.squeezed - w.prospecting_drawn).abs() < tol,
            "week {t}: prospected {} + squeezed {} against drawn {}",
            h[0],
            w.squeezed,
            w.prospecting_drawn
        );
        let due = carry + w.appointments + w.proposals + w.touches;
        assert!(
            (w.within + w.squeezed + w.carry - due).abs() < 1e-9 * due.max(1.0),
            "week {t}: selling work"
        );
        carry = w.carry;
    }
    let total = run.total();
    assert!(total.squeezed > 0.0 && total.binding > 0);
    let summary = out.summary.strategies[0].part_b.as_ref().unwrap();
    assert!(summary.squeeze_binds_share > 0.1);
}

/// Every part B feature on, 600 trials (three blocks, the last one short): the outputs are the
/// same at 1 and 2 threads.
#[test]
fn part_b_outputs_do_not_depend_on_the_thread_count() {
    let text = simulation(600, 26, 3, 53)
        + &field(
            "customers = 60\nchurn_per_year = 0.2",
            "customers = 30",
            SKILLED_OWNER,
            SKILLED_STRATEGY,
        )
        .replace(
            "research_hours_per_account = 0.5\n",
            "research_hours_per_account = 0.5\nhours_per_appointment = 3\n",
        )
        + "\n[selling]\nselling_hours_per_week = \"4 to 8\"\n\
           \n[installed_base]\ntouch_every_weeks = 6\nhours_per_touch = 0.5\n\
           expansion_rate = \"5% to 15%\"\nexpansion_revenue = 2000\n\
           \n[team]\nattrition_per_year = 0.5\nvacancy_weeks = 2\nramp_weeks = 6\nskill_correlation = 0.4\n";
    let scenario = parse(&text);
    let one = run_on(&scenario, 1);
    let two = run_on(&scenario, 2);
    assert_eq!(summary_json(&one.summary), summary_json(&two.summary));
    let (a, b) = (part_b(&one.result), part_b(&two.result));
    assert_eq!(a.trials, b.trials);
    assert_eq!(a.weeks, b.weeks);
    assert_eq!(a.customers_by_week, b.customers_by_week);
    assert!(summary_json(&one.summary).contains("\"part_b\""));
    assert!(a.trials.iter().any(|t| t.hires > 0));
}
