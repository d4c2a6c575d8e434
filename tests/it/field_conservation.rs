//! Property: on any valid playing-field scenario, accounts are conserved (docs/model.md, "The
//! playing field"): per trial and finite segment, fresh + due + resting + retired + won + lost =
//! the accounts at week 0 + arrivals; and the per-target totals add up to the team's.
//!
//! The engine checks the identity after every rep-week with a debug assertion (debug builds).
//! This test checks it on the outputs, at the horizon, in any build: the horizon is drawn too,
//! and a territory's state at the end of week w does not depend on the horizon (only where deals
//! book does), so the cases cover the identity at the end of every week of a scenario.
//!
//! Scenario text is generated (1-3 segments, finite with 0-400 accounts or unlimited, with or
//! without arrivals; 1-3 contacts with some inputs of their own; 1-2 strategies with a random set
//! of targets, shares or priority; every `[playing_field]` key) from a fixed seed, with no
//! failure-persistence file. About half the cases add part B (selling time, customers and an
//! installed base, a team with turnover, ramp and skill correlation): accounts are conserved
//! with it too (a ramping rep's thinned meetings rest, a vacant seat's territory waits), and
//! every trial's customers add up (start - lost + joined = end).

use proptest::prelude::*;

use prospect_sim::config::parse_scenario;

use crate::it::common::fixed_runner;
use prospect_sim::model::field::Pool;

/// Generated scenarios per run (each takes milliseconds).
const CASES: u32 = 96;

/// The proptest seed: fixed, so every run tries the same scenarios.
const SEED: u64 = 11;

/// A funnel input written as a constant or a 90% interval (its low end in the lower half of
/// the range and positive, its width a fifth of the range at least, so that every interval
/// fits its family).
fn spec(lo: f64, hi: f64) -> impl Strategy<Value = String> {
    let mid = lo + 0.5 * (hi - lo);
    let low = lo.max(0.01 * hi);
    prop_oneof![
        (lo..hi).prop_map(|v| format!("{v:?}")),
        (low..mid, 0.2..1.0f64).prop_map(move |(a, w)| {
            let b = a + w * 0.5 * (hi - lo);
            format!("\"{a} to {b}\"")
        }),
    ]
}

/// The nine funnel inputs, each with its generator range.
fn funnel() -> Vec<(&'static str, BoxedStrategy<String>)> {
    vec![
        ("research_hours_per_account", spec(0.0, 2.0).boxed()),
        ("dials_per_account", spec(0.5, 6.0).boxed()),
        ("dials_per_hour", spec(2.0, 30.0).boxed()),
        ("connect_rate", spec(0.01, 0.9).boxed()),
        ("conversation_to_appointment", spec(0.01, 0.9).boxed()),
        ("appointment_to_proposal", spec(0.05, 0.95).boxed()),
        ("proposal_to_close", spec(0.05, 0.95).boxed()),
        ("sales_cycle_weeks", spec(0.5, 20.0).boxed()),
        ("revenue_per_sale", spec(100.0, 50_000.0).boxed()),
    ]
}

/// Lines `key = value` for the inputs `mask` selects.
fn inputs(mask: u16) -> impl Strategy<Value = String> {
    let specs: Vec<BoxedStrategy<String>> = funnel().into_iter().map(|(_, s)| s).collect();
    specs.prop_map(move |values| {
        let mut s = String::new();
        for (i, ((key, _), v)) in funnel().iter().zip(values).enumerate() {
            if mask & (1 << i) != 0 {
                s.push_str(&format!("{key} = {v}\n"));
            }
        }
        s
    })
}

/// A generated case: its text and, per segment, the team's accounts at week 0 (None: unlimited).
#[derive(Debug, Clone)]
struct Case {
    text: String,
    accounts: Vec<Option<u64>>,
}

fn segment() -> impl Strategy<Value = (Option<u64>, String)> {
    (
        prop_oneof![4 => (0u64..=400).prop_map(Some), 1 => Just(None)],
        prop_oneof![Just(0.0), 0.0..2_000.0f64],
        0.5..2.0f64,
        0.5..2.0f64,
    )
        .prop_map(|(accounts, arrivals, revenue, cycle)| {
            let a = accounts.map_or("\"unlimited\"".to_string(), |a| a.to_string());
            (
                accounts,
                format!(
                    "accounts = {a}\nnew_accounts_per_year = {arrivals:?}\nrevenue_factor = {revenue:?}\ncycle_factor = {cycle:?}\n"
                ),
            )
        })
}

/// A strategy's targets: a non-empty set of distinct (segment, contact) pairs with weights.
fn targets(segments: usize, contacts: usize) -> impl Strategy<Value = Vec<(usize, usize, f64)>> {
    let cells = segments * contacts;
    (
        prop::sample::subsequence((0..cells).collect::<Vec<_>>(), 1..=cells.min(4)),
        prop::collection::vec(0.05..1.0f64, 4),
    )
        .prop_map(move |(chosen, weights)| {
            let total: f64 = weights[..chosen.len()].iter().sum();
            chosen
                .iter()
                .zip(&weights)
                .map(|(&c, w)| (c / contacts, c % contacts, w / total))
                .collect()
        })
}

/// Part B's sections and each segment's customers, or nothing.
fn part_b() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        (
            (0.0..20.0f64, any::<bool>(), 0.0..4.0f64),
            (1.0..30.0f64, 0.0..2.0f64, 0.0..0.5f64, any::<bool>()),
            (0.0..0.9f64, 0u32..6, 0u32..10, 0.1..=1.0f64, 0.0..0.8f64),
            prop::collection::vec((0u64..200, 0.0..0.9f64), 3),
        )
            .prop_map(|(selling, base, team, customers)| {
                let (hours, squeeze, meeting) = selling;
                let (every, touch, rate, reps) = base;
                let (attrition, vacancy, ramp, start, skill) = team;
                let when = if squeeze { "squeeze" } else { "unlimited" };
                let farmed = if reps { "reps" } else { "account_managers" };
                let mut text = format!(
                    "[selling]\nselling_hours_per_week = {hours:?}\nwhen_full = \"{when}\"\n\n\
                     [installed_base]\ntouch_every_weeks = {every:?}\nhours_per_touch = {touch:?}\n\
                     expansion_rate = {rate:?}\nexpansion_revenue = 1000\nfarmed_by = \"{farmed}\"\n\n\
                     [team]\nattrition_per_year = {attrition:?}\nvacancy_weeks = {vacancy}\n\
                     ramp_weeks = {ramp}\nramp_start = {start:?}\nskill_correlation = {skill:?}\n\n"
                );
                // Read by the generator below: segment i's customers and churn, the hours of a
                // meeting (lines starting with '#', left out of the scenario).
                for (i, (c, churn)) in customers.iter().enumerate() {
                    text.push_str(&format!("#customers{i} = {c}\n#churn{i} = {churn:?}\n"));
                }
                text.push_str(&format!("#meeting = {meeting:?}\n"));
                text
            }),
    )
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..=3, 1usize..=3, 1usize..=2)
        .prop_flat_map(|(s, c, n)| {
            (
                (2u64..=4, 1u32..=40, 1u32..=4, any::<u64>()),
                (1u32..=15, 1u32..=4, 0.1..=1.0f64, 0.0..0.9f64, any::<bool>()),
                prop::collection::vec(segment(), s),
                prop::collection::vec((0u16..512).prop_flat_map(inputs), c),
                prop::collection::vec(
                    (targets(s, c), 1.0..40.0f64, inputs(511)),
                    n,
                ),
                part_b(),
            )
        })
        .prop_map(|(sim, pf, segments, contacts, strategies, part_b)| {
            let (trials, weeks, reps, seed) = sim;
            let (rest, passes, retouch, decay, priority) = pf;
            let allocation = if priority { "priority" } else { "shares" };
            let mut text = format!(
                "name = \"generated\"\n[simulation]\ntrials = {trials}\nweeks = {weeks}\nreps = {reps}\nseed = {seed}\n\n\
                 [playing_field]\nrest_weeks = {rest}\nmax_passes = {passes}\nretouch_yield = {retouch:?}\n\
                 data_decay_per_year = {decay:?}\nallocation = \"{allocation}\"\n\n"
            );
            // Part B's values, from the lines part_b() marked for the generator.
            let marked = |key: &str| -> Option<String> {
                part_b.as_ref()?.lines().find_map(|l| {
                    l.strip_prefix(&format!("#{key} = ")).map(str::to_string)
                })
            };
            for (i, (_, body)) in segments.iter().enumerate() {
                text.push_str(&format!("[[segments]]\nname = \"seg{i}\"\n{body}"));
                if let (Some(c), Some(churn)) =
                    (marked(&format!("customers{i}")), marked(&format!("churn{i}")))
                {
                    text.push_str(&format!("customers = {c}\nchurn_per_year = {churn}\n"));
                }
                text.push('\n');
            }
            for (i, body) in contacts.iter().enumerate() {
                text.push_str(&format!("[[contacts]]\nname = \"con{i}\"\n{body}\n"));
            }
            for (k, (cells, hours, body)) in strategies.iter().enumerate() {
                text.push_str(&format!(
                    "[[strategies]]\nname = \"st{k}\"\nprospecting_hours_per_week = {hours:?}\n{body}"
                ));
                if let Some(meeting) = marked("meeting") {
                    text.push_str(&format!(
                        "hours_per_appointment = {meeting}\nhours_per_proposal = 1\n"
                    ));
                }
                text.push_str("targets = [\n");
                for (seg, con, share) in cells {
                    text.push_str(&format!(
                        "  {{ segment = \"seg{seg}\", contact = \"con{con}\", share = {share:?} }},\n"
                    ));
                }
                text.push_str("]\n\n");
            }
            if let Some(b) = &part_b {
                let sections: String = b
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .map(|l| format!("{l}\n"))
                    .collect();
                text.push_str(&sections);
            }
            Case {
                text,
                accounts: segments.iter().map(|(a, _)| *a).collect(),
            }
        })
}

#[test]
fn accounts_are_conserved_on_any_playing_field() {
    let mut runner = fixed_runner(CASES, SEED);
    let result = runner.run(&case(), |case| {
        let scenario = parse_scenario(&case.text, "generated.toml").unwrap_or_else(|e| {
            panic!("the generator writes valid scenarios:\n{e}\n{}", case.text)
        });
        let field = scenario.field.as_ref().unwrap();
        for (seg, a) in field.segments.iter().zip(&case.accounts) {
            prop_assert_eq!(seg.accounts == Pool::Unlimited, a.is_none());
        }
        let result = prospect_sim::sim::simulate(&scenario, &|_| {});
        let trials = scenario.simulation.trials as usize;
        let rep_trials = trials as u64 * u64::from(scenario.simulation.reps);
        for (strategy, run) in scenario.strategies.iter().zip(&result.strategies) {
            let f = run.field.as_ref().unwrap();
            // Per segment, the accounts held at the horizon, summed over trials.
            let mut held_total = vec![0u64; case.accounts.len()];
            for (i, totals) in run.trials.iter().enumerate() {
                let targets: Vec<prospect_sim::sim::TargetTrial> =
                    (0..f.target_count).map(|j| f.target(i, j)).collect();
                let sum = |v: fn(&prospect_sim::sim::TargetTrial) -> u64| {
                    targets.iter().map(v).sum::<u64>()
                };
                prop_assert_eq!(totals.dials, sum(|t| t.dials));
                prop_assert_eq!(totals.appointments, sum(|t| t.appointments));
                prop_assert_eq!(totals.closes, sum(|t| t.closes));
                prop_assert_eq!(totals.deals, sum(|t| t.deals));
                for (s, a) in case.accounts.iter().enumerate() {
                    let seg = f.segment(i, s);
                    let on: Vec<usize> = (0..targets.len())
                        .filter(|&j| strategy.targets[j].segment == s)
                        .collect();
                    let appointments: u64 = on.iter().map(|&j| targets[j].appointments).sum();
                    prop_assert_eq!(seg.won + seg.lost, appointments, "{}", case.text);
                    let held = seg.fresh + seg.due + seg.resting + seg.retired + seg.won + seg.lost;
                    held_total[s] += held;
                    if let Some(a) = a {
                        prop_assert_eq!(held, a + seg.arrivals, "segment {}:\n{}", s, case.text);
                        prop_assert!(seg.touched <= a + seg.arrivals);
                    }
                }
            }
            if let Some(b) = &run.part_b {
                for t in b.trials.iter() {
                    prop_assert_eq!(t.customers_start - t.churned + t.joined, t.customers_end);
                }
            }
            for (s, a) in case.accounts.iter().enumerate() {
                // The accounts by passes at the horizon are the same accounts (the run keeps
                // their sums over trials).
                let by_passes: u64 = f.coverage_totals_of(s).iter().sum();
                prop_assert_eq!(by_passes, held_total[s], "segment {}:\n{}", s, case.text);
                let counts = f.list_out_counts(s);
                prop_assert_eq!(counts.iter().sum::<u64>(), rep_trials);
                if a.is_none() {
                    prop_assert_eq!(*counts.last().unwrap(), rep_trials);
                }
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
