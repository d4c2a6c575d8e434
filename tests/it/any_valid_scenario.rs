//! Property: any scenario the validator accepts runs without a panic and gives finite means.
//!
//! Scenario *text* is generated from every spec form (a number, `"A to B"` with or without
//! `%`, `{ p5, p95 }`, each `{ dist = ... }` with each of its parameterisations), with mixes,
//! `[targets]`, `[economics]` and strategy costs, and with values that are sometimes out of
//! range (negative, `nan`, `inf`, reversed intervals) so that the validator's refusals are
//! exercised too. Text the validator refuses must be refused with a message, never a panic;
//! text it accepts runs through `analysis::run` at a few trials, and every `mean` in its
//! `summary.json` must be a number (serde_json writes NaN and infinities as `null`).
//!
//! The generator keeps accepted inputs within a few orders of magnitude of real ones (hours
//! up to 60, dials per hour up to 60, amounts up to millions), so that no case simulates
//! billions of deals; it runs a fixed number of cases from a fixed seed, so a pass is
//! reproducible, and it writes no failure-persistence file.

use proptest::prelude::*;
use serde_json::Value;

use prospect_sim::config::parse_scenario;

use crate::it::common::fixed_runner;
use prospect_sim::report::json::summary_json;

/// Generated scenarios per run: most take milliseconds, a few up to half a second (the closed-form
/// mean integrates over quantiles), so the test stays within seconds.
const CASES: u32 = 128;

/// The proptest seed: fixed, so every run tries the same scenarios.
const SEED: u64 = 20_110_426;

/// What a key accepts, for the generator: a range of plausible values.
#[derive(Debug, Clone, Copy)]
struct Range {
    /// The smallest plausible value, > 0 (intervals and lognormals need a positive end).
    lo: f64,
    hi: f64,
    /// A rate: written as a percentage at times; no lognormal or gamma (they can exceed 1).
    rate: bool,
    /// Whether 0 is a valid constant (every key but dials per hour).
    zero: bool,
}

const fn range(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        hi,
        rate: false,
        zero: true,
    }
}

const RATE: Range = Range {
    lo: 0.005,
    hi: 0.95,
    rate: true,
    zero: true,
};

/// The ten strategy keys with the range the generator draws their values from.
const KEYS: [(&str, Range); 10] = [
    ("prospecting_hours_per_week", range(1.0, 60.0)),
    ("research_hours_per_account", range(0.05, 3.0)),
    ("dials_per_account", range(0.5, 10.0)),
    (
        "dials_per_hour",
        Range {
            zero: false,
            ..range(1.0, 60.0)
        },
    ),
    ("connect_rate", RATE),
    ("conversation_to_appointment", RATE),
    ("appointment_to_proposal", RATE),
    ("proposal_to_close", RATE),
    ("sales_cycle_weeks", range(0.5, 30.0)),
    ("revenue_per_sale", range(100.0, 100_000.0)),
];

/// A number as TOML writes a float (`{:?}` keeps a point or an exponent), or one of TOML's
/// special floats.
fn fmt(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        format!("{v:?}")
    }
}

/// Any number near `r`, often one no key accepts: for the wild forms.
fn wild_number(r: Range) -> BoxedStrategy<String> {
    prop_oneof![
        4 => (-r.hi..=2.0 * r.hi).prop_map(fmt),
        1 => Just("0".to_string()),
        1 => Just(fmt(r.hi)),
        1 => prop_oneof![
            Just("-1".to_string()),
            Just("nan".to_string()),
            Just("inf".to_string())
        ],
    ]
    .boxed()
}

/// Any spec form with any numbers: mostly refused, sometimes valid at an edge.
fn wild_spec(r: Range) -> BoxedStrategy<String> {
    let n = move || wild_number(r);
    let table = move |dist: &'static str, fields: &'static [&'static str]| {
        let values: Vec<BoxedStrategy<String>> = fields.iter().map(|_| wild_number(r)).collect();
        values.prop_map(move |vs| {
            let mut s = format!("{{ dist = \"{dist}\"");
            for (f, v) in fields.iter().zip(vs) {
                s.push_str(&format!(", {f} = {v}"));
            }
            s + " }"
        })
    };
    prop_oneof![
        n(),
        (n(), n()).prop_map(|(a, b)| format!("\"{a} to {b}\"")),
        table("", &["p5", "p95"]).prop_map(|t| t.replace("dist = \"\", ", "")),
        table("normal", &["mean", "sd", "min", "max"]),
        table("normal", &["mean", "sd"]),
        table("lognormal", &["median", "p95"]),
        table("lognormal", &["mean", "sd"]),
        table("beta", &["mean", "sd"]),
        table("beta", &["alpha", "beta"]),
        table("gamma", &["mean", "sd"]),
        table("uniform", &["min", "max"]),
        table("triangular", &["min", "mode", "max"]),
        table("pert", &["min", "mode", "max"]),
    ]
    .boxed()
}

/// Two values `lo <= a < b <= hi` (b at least 1% of the range above a).
fn ordered(r: Range) -> impl Strategy<Value = (f64, f64)> {
    (0.0..0.98f64, 0.01..1.0f64).prop_map(move |(u, v)| {
        let a = r.lo + u * (r.hi - r.lo);
        (a, a + v.max(0.01) * (r.hi - a))
    })
}

/// A value of `r` written as the spec strings write it: plain, or a percentage on a rate.
fn amount(v: f64, r: Range, percent: bool) -> String {
    if r.rate && percent {
        format!("{}%", v * 100.0)
    } else {
        format!("{v}")
    }
}

/// A spec of every form, with values a key of `r` accepts (nearly always: a truncated normal
/// may still keep too little mass, a beta fit may have no solution).
fn tame_spec(r: Range) -> BoxedStrategy<String> {
    let value = move || {
        let zero = if r.zero { 0.0 } else { r.lo };
        prop_oneof![6 => r.lo..=r.hi, 1 => Just(zero), 1 => Just(r.hi)]
    };
    let spread = move || (0.02..0.5f64).prop_map(move |k| k * (r.hi - r.lo));
    let mut forms: Vec<(u32, BoxedStrategy<String>)> = vec![
        (3, value().prop_map(fmt).boxed()),
        (
            2,
            (ordered(r), any::<bool>())
                .prop_map(move |((a, b), pct)| {
                    format!("\"{} to {}\"", amount(a, r, pct), amount(b, r, pct))
                })
                .boxed(),
        ),
        (
            1,
            ordered(r)
                .prop_map(|(a, b)| format!("{{ p5 = {}, p95 = {} }}", fmt(a), fmt(b)))
                .boxed(),
        ),
        (
            1,
            (value(), spread(), any::<bool>())
                .prop_map(move |(mean, sd, bounded)| {
                    // A normal on a rate needs max <= 1.
                    let max = if r.rate { 1.0 } else { r.hi * 1.5 };
                    let bounds = if bounded || r.rate {
                        format!(", min = 0, max = {}", fmt(max))
                    } else {
                        String::new()
                    };
                    format!(
                        "{{ dist = \"normal\", mean = {}, sd = {}{bounds} }}",
                        fmt(mean),
                        fmt(sd)
                    )
                })
                .boxed(),
        ),
        (
            1,
            ordered(r)
                .prop_map(|(a, b)| {
                    format!(
                        "{{ dist = \"uniform\", min = {}, max = {} }}",
                        fmt(a),
                        fmt(b)
                    )
                })
                .boxed(),
        ),
    ];
    for dist in ["triangular", "pert"] {
        forms.push((
            1,
            (ordered(r), 0.0..=1.0f64)
                .prop_map(move |((a, b), w)| {
                    let mode = a + w * (b - a);
                    format!(
                        "{{ dist = \"{dist}\", min = {}, mode = {}, max = {} }}",
                        fmt(a),
                        fmt(mode),
                        fmt(b)
                    )
                })
                .boxed(),
        ));
    }
    if r.rate {
        forms.push((
            1,
            (0.02..0.98f64, 0.05..0.95f64)
                .prop_map(|(mean, k)| {
                    // sd below sqrt(mean (1 - mean)), the largest a beta allows.
                    let sd = k * (mean * (1.0 - mean)).sqrt();
                    format!(
                        "{{ dist = \"beta\", mean = {}, sd = {} }}",
                        fmt(mean),
                        fmt(sd)
                    )
                })
                .boxed(),
        ));
        forms.push((
            1,
            (0.2..30.0f64, 0.2..30.0f64)
                .prop_map(|(a, b)| {
                    format!(
                        "{{ dist = \"beta\", alpha = {}, beta = {} }}",
                        fmt(a),
                        fmt(b)
                    )
                })
                .boxed(),
        ));
    } else {
        forms.push((
            1,
            (r.lo..=r.hi, 1.05..5.0f64)
                .prop_map(|(median, k)| {
                    format!(
                        "{{ dist = \"lognormal\", median = {}, p95 = {} }}",
                        fmt(median),
                        fmt(median * k)
                    )
                })
                .boxed(),
        ));
        for dist in ["lognormal", "gamma"] {
            forms.push((
                1,
                (r.lo..=r.hi, 0.05..1.5f64)
                    .prop_map(move |(mean, k)| {
                        format!(
                            "{{ dist = \"{dist}\", mean = {}, sd = {} }}",
                            fmt(mean),
                            fmt(mean * k)
                        )
                    })
                    .boxed(),
            ));
        }
    }
    proptest::strategy::Union::new_weighted(forms).boxed()
}

/// A spec for a key of `r`: nearly always a tame one, so that most scenarios validate.
fn spec(r: Range) -> BoxedStrategy<String> {
    prop_oneof![40 => tame_spec(r), 1 => wild_spec(r)].boxed()
}

/// A plain number for a section key of `r` (amounts, the discount rate).
fn number(r: Range) -> BoxedStrategy<String> {
    prop_oneof![20 => (0.0..=r.hi).prop_map(fmt), 1 => wild_number(r)].boxed()
}

/// A `[[strategies]]` table named `name` with a spec for each of the ten keys and, sometimes,
/// costs.
fn plain_strategy(name: String) -> impl Strategy<Value = String> {
    let specs: Vec<BoxedStrategy<String>> = KEYS.iter().map(|(_, r)| spec(*r)).collect();
    (specs, prop::option::of(costs())).prop_map(move |(specs, costs)| {
        let mut s = format!("[[strategies]]\nname = \"{name}\"\n");
        for ((key, _), v) in KEYS.iter().zip(specs) {
            s.push_str(&format!("{key} = {v}\n"));
        }
        if let Some(c) = costs {
            s.push_str(&c);
        }
        s
    })
}

/// `upfront_cost` and `cost_per_rep_week` lines, either or both.
fn costs() -> impl Strategy<Value = String> {
    let money = range(1.0, 100_000.0);
    (
        prop::option::of(number(money)),
        prop::option::of(number(money)),
    )
        .prop_map(|(u, w)| {
            let mut s = String::new();
            if let Some(u) = u {
                s.push_str(&format!("upfront_cost = {u}\n"));
            }
            if let Some(w) = w {
                s.push_str(&format!("cost_per_rep_week = {w}\n"));
            }
            s
        })
}

/// A mixed strategy of the plain strategies `s0` and `s1`: one share, the other `"rest"`.
fn mixed() -> impl Strategy<Value = String> {
    number(RATE).prop_map(|share| {
        format!(
            "[[strategies]]\nname = \"mixed\"\nmix = {{ \"s0\" = {share}, \"s1\" = \"rest\" }}\n"
        )
    })
}

/// `[targets]` with a team revenue target, a quota per rep, or both.
fn targets() -> impl Strategy<Value = String> {
    let money = range(1.0, 5_000_000.0);
    (
        prop::option::of(number(money)),
        prop::option::of(number(money)),
    )
        .prop_map(|(r, q)| {
            let mut s = "[targets]\n".to_string();
            if let Some(r) = r {
                s.push_str(&format!("revenue = {r}\n"));
            }
            if let Some(q) = q {
                s.push_str(&format!("quota_per_rep = {q}\n"));
            }
            s
        })
}

/// `[economics]`: each key present or left to its default.
fn economics() -> impl Strategy<Value = String> {
    let cost = range(1.0, 200.0);
    let discount = range(0.01, 1.0);
    (
        prop::option::of(spec(RATE)),
        prop::option::of(spec(cost)),
        prop::option::of(number(discount)),
    )
        .prop_map(|(margin, cost, rate)| {
            let mut s = "[economics]\n".to_string();
            if let Some(m) = margin {
                s.push_str(&format!("gross_margin = {m}\n"));
            }
            if let Some(c) = cost {
                s.push_str(&format!("rep_cost_per_hour = {c}\n"));
            }
            if let Some(r) = rate {
                s.push_str(&format!("discount_rate = {r}\n"));
            }
            s
        })
}

/// A whole scenario: a small simulation, one to three plain strategies, perhaps a mix of the
/// first two, perhaps `[targets]` and `[economics]`.
fn scenario() -> impl Strategy<Value = String> {
    (1usize..=3)
        .prop_flat_map(|plain| {
            let strategies: Vec<_> = (0..plain)
                .map(|i| plain_strategy(format!("s{i}")))
                .collect();
            (
                (1u64..=4, 1u32..=12, 1u32..=3, any::<u64>()),
                strategies,
                prop::option::of(mixed()),
                prop::option::of(targets()),
                prop::option::of(economics()),
            )
        })
        .prop_map(
            |((trials, weeks, reps, seed), strategies, mix, targets, economics)| {
                let mut s = format!(
                    "name = \"generated\"\n\n[simulation]\ntrials = {trials}\nweeks = {weeks}\n\
                 reps = {reps}\nseed = {seed}\n\n"
                );
                for section in targets.iter().chain(&economics) {
                    s.push_str(section);
                    s.push('\n');
                }
                let n = strategies.len();
                for st in strategies {
                    s.push_str(&st);
                    s.push('\n');
                }
                // A mix names s0 and s1, so it needs both (otherwise it is refused, which the
                // generator also wants now and then).
                if let Some(m) = mix.filter(|_| n >= 2 || seed % 8 == 0) {
                    s.push_str(&m);
                }
                s
            },
        )
}

/// The `mean` fields of `summary.json` that are not numbers, by path.
fn means_that_are_not_numbers(v: &Value, path: &str, bad: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let here = format!("{path}.{k}");
                if (k == "mean" || k.ends_with("_mean")) && !x.is_number() {
                    bad.push(format!("{here} = {x}"));
                }
                means_that_are_not_numbers(x, &here, bad);
            }
        }
        Value::Array(xs) => {
            for (i, x) in xs.iter().enumerate() {
                means_that_are_not_numbers(x, &format!("{path}[{i}]"), bad);
            }
        }
        _ => {}
    }
}

#[test]
fn any_scenario_the_validator_accepts_runs_and_gives_finite_means() {
    let mut runner = fixed_runner(CASES, SEED);
    let accepted = std::cell::Cell::new(0u32);
    let result = runner.run(&scenario(), |text| {
        let Ok(scenario) = parse_scenario(&text, "generated.toml") else {
            // Refused with a message (the Err); a refusal is never a panic.
            return Ok(());
        };
        accepted.set(accepted.get() + 1);
        let run = prospect_sim::analysis::run(&scenario, &|_| {});
        let json: Value = serde_json::from_str(&summary_json(&run.summary)).unwrap();
        let mut bad = Vec::new();
        means_that_are_not_numbers(&json, "summary", &mut bad);
        prop_assert!(bad.is_empty(), "means that are not finite: {bad:?}\n{text}");
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The generator is only worth its time if many scenarios get past the validator.
    assert!(
        accepted.get() >= CASES / 5,
        "only {} of {CASES} generated scenarios were valid",
        accepted.get()
    );
}
