//! Pinned draws: the first values of every distribution family and every spec form from one
//! fixed stream, asserted exactly (rand_distr's own `value_stability` tests do the same).
//!
//! Why: every output of the program is a function of (scenario, seed) only because each draw
//! is. An upgrade of rand or rand_distr may change how a value is drawn (another algorithm,
//! one more word of the stream consumed, a different rounding) without failing any
//! statistical test, and every `summary.json` would silently change. These tests fail then, so
//! such an upgrade is a reviewed decision, not an accident.
//!
//! The expected values were printed by this code, not derived: they say "unchanged", not
//! "correct" (the statistical tests in `distributions.rs` say that). Two tests, so that a
//! failure says where the change is:
//! - [`every_family_draws_its_pinned_values`] pins the samplers on fixed parameters, several
//!   per family where rand_distr switches algorithm (a beta or gamma with a shape below or
//!   above 1, a normal truncated so that draws are redrawn). A failure here means rand,
//!   rand_distr or `model::dist::Sampler` changed.
//! - [`every_spec_form_draws_its_pinned_values`] pins what each spec form of a scenario becomes
//!   (docs/model.md; the forms are in the README's scenario reference). A failure here alone
//!   means the config's fitting of a form changed: update the values if that was the intent.
//!
//! The values are exact on the platform they were printed on (x86_64 Linux): some samplers
//! call `ln` and `exp`, whose last bit may differ with another platform's math library.

use prospect_sim::model::dist::Dist;
use prospect_sim::sim::rng::{Purpose, SimRng, stream};
use rand::RngExt;

use crate::it::common::dist_of;

/// Draws per pinned case: enough to see the stream advance by the right amount.
const DRAWS: usize = 4;

/// The stream every pinned value comes from: trial 3, rep 1 of seed 20110426, the rep-level
/// purpose (the one most inputs draw from).
fn pinned_stream() -> SimRng {
    stream(20_110_426, 3, 1, Purpose::RepParams)
}

/// The first [`DRAWS`] values of `dist` from [`pinned_stream`], and the stream's next word (so
/// that a change in how many words a draw consumes is seen even when the values agree).
fn draws(dist: &Dist) -> (Vec<f64>, u64) {
    let sampler = dist.sampler();
    let mut rng = pinned_stream();
    let values = (0..DRAWS).map(|_| sampler.sample(&mut rng)).collect();
    (values, rng.random::<u64>())
}

/// Checks each case: its label, the distribution, its pinned draws and next word.
fn check(cases: &[(&str, Dist, [f64; DRAWS], u64)]) {
    let mut wrong = Vec::new();
    for (label, dist, values, next) in cases {
        let (got, got_next) = draws(dist);
        if got != values || got_next != *next {
            wrong.push(format!(
                "{label}: {dist:?}\n    now [{}], next word {got_next}",
                list(&got)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "the draws changed (see the module doc before updating):\n{}",
        wrong.join("\n")
    );
}

/// Values as Rust literals that parse back to the same bits.
fn list(values: &[f64]) -> String {
    let v: Vec<String> = values.iter().map(|x| format!("{x:?}")).collect();
    v.join(", ")
}

#[test]
fn every_family_draws_its_pinned_values() {
    let inf = f64::INFINITY;
    check(&[
        (
            "constant",
            Dist::Constant(3.5),
            [3.5, 3.5, 3.5, 3.5],
            104_748_335_719_840_102,
        ),
        (
            "normal",
            Dist::Normal {
                mean: 22.0,
                sd: 3.0,
                min: -inf,
                max: inf,
            },
            [
                16.907021806420772,
                21.288880027805895,
                22.66855808074598,
                20.217614517194153,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "normal truncated (redraws)",
            Dist::Normal {
                mean: 0.0,
                sd: 1.0,
                min: 1.0,
                max: 2.0,
            },
            [
                1.7559121666327597,
                1.1817019449049202,
                1.7748917710559904,
                1.3892591798487752,
            ],
            8_232_214_405_144_310_696,
        ),
        (
            "lognormal",
            Dist::LogNormal {
                mu: 8.7,
                sigma: 0.73,
                max: f64::INFINITY,
            },
            [
                1738.3795054629084,
                5049.077371000185,
                7063.404699640509,
                3890.473685240795,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "beta, both shapes above 1",
            Dist::Beta {
                alpha: 9.9,
                beta: 89.1,
            },
            [
                0.05429607679358192,
                0.07861507350717961,
                0.10208030631740082,
                0.08758993778847993,
            ],
            17_706_650_688_288_477_390,
        ),
        (
            "beta, a shape below 1",
            Dist::Beta {
                alpha: 0.5,
                beta: 2.0,
            },
            [
                0.1156527300968608,
                0.8031333599936208,
                0.2141918260663945,
                0.39637669378336066,
            ],
            17_706_650_688_288_477_390,
        ),
        (
            "gamma, shape above 1",
            Dist::Gamma {
                shape: 5.76,
                scale: 1041.7,
                max: f64::INFINITY,
            },
            [
                2453.023158738488,
                6211.174827304933,
                2994.388533237322,
                1930.3375522971128,
            ],
            9_024_054_530_100_278_888,
        ),
        (
            "gamma, shape 1",
            Dist::Gamma {
                shape: 1.0,
                scale: 2.0,
                max: f64::INFINITY,
            },
            [
                0.022958815806019172,
                0.7444900127188299,
                1.634137704254239,
                2.2675762039003073,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "gamma, shape below 1",
            Dist::Gamma {
                shape: 0.4,
                scale: 2.0,
                max: f64::INFINITY,
            },
            [
                4.082553032570899e-6,
                0.03170441545642841,
                0.02499477845096331,
                0.9803067767076942,
            ],
            5_788_187_784_393_118_092,
        ),
        (
            "uniform",
            Dist::Uniform { min: 3.0, max: 5.0 },
            [
                3.011356837315169,
                3.7837436753787017,
                4.1605886472878,
                3.729971731935053,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "triangular",
            Dist::Triangular {
                min: 0.1,
                mode: 0.2,
                max: 0.3,
            },
            [
                0.11065684630421643,
                0.18852929884386876,
                0.20838060507118594,
                0.18543838317378514,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "pert",
            Dist::Pert {
                min: 0.2,
                mode: 0.35,
                max: 0.5,
            },
            [
                0.36398805979487286,
                0.29261894183397624,
                0.27974814616648347,
                0.34812832074040945,
            ],
            5_883_061_135_240_803_435,
        ),
    ]);
}

#[test]
fn every_spec_form_draws_its_pinned_values() {
    let form = |key: &str, spec: &str| dist_of(key, spec);
    check(&[
        (
            "a number",
            form("dials_per_hour", "15"),
            [15.0, 15.0, 15.0, 15.0],
            104_748_335_719_840_102,
        ),
        (
            "\"A to B\" on a rate (beta)",
            form("conversation_to_appointment", "\"6% to 18%\""),
            [
                0.05841522046005333,
                0.08920325634484513,
                0.11690101183132506,
                0.09913272903800265,
            ],
            17_706_650_688_288_477_390,
        ),
        (
            "\"A to B\" on hours",
            form("prospecting_hours_per_week", "\"18 to 26\""),
            [
                17.871585483247795,
                21.423559672794248,
                22.541939270292453,
                20.55518209150377,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "\"A to B\" on another key (lognormal)",
            form("research_hours_per_account", "\"0.4 to 1.5\""),
            [
                0.39160276344074946,
                0.7042287948108686,
                0.8471530640819686,
                0.6101045912687534,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "{ p5, p95 }",
            form("connect_rate", "{ p5 = 0.04, p95 = 0.12 }"),
            [
                0.03879602884797688,
                0.05600393975651693,
                0.07660013732020372,
                0.06474935813092098,
            ],
            17_706_650_688_288_477_390,
        ),
        (
            "normal",
            form(
                "prospecting_hours_per_week",
                "{ dist = \"normal\", mean = 22, sd = 3, min = 0, max = 60 }",
            ),
            [
                16.907021806420772,
                21.288880027805895,
                22.66855808074598,
                20.217614517194153,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "lognormal { median, p95 }",
            form(
                "revenue_per_sale",
                "{ dist = \"lognormal\", median = 6000, p95 = 20000 }",
            ),
            [
                1731.7540012458371,
                5044.279605785299,
                7063.067907952135,
                3884.0526345412654,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "lognormal { mean, sd }",
            form(
                "sales_cycle_weeks",
                "{ dist = \"lognormal\", mean = 5, sd = 2 }",
            ),
            [
                2.413792700187533,
                4.237220458313766,
                5.058563838128002,
                3.6926266126498084,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "beta { mean, sd }",
            form(
                "connect_rate",
                "{ dist = \"beta\", mean = 0.10, sd = 0.03 }",
            ),
            [
                0.05429607679358192,
                0.07861507350717961,
                0.10208030631740082,
                0.08758993778847989,
            ],
            17_706_650_688_288_477_390,
        ),
        (
            "beta { alpha, beta }",
            form(
                "appointment_to_proposal",
                "{ dist = \"beta\", alpha = 12, beta = 8 }",
            ),
            [
                0.4494320491123534,
                0.706322661949244,
                0.654168881582604,
                0.6185232355628997,
            ],
            17_706_650_688_288_477_390,
        ),
        (
            "gamma",
            form(
                "revenue_per_sale",
                "{ dist = \"gamma\", mean = 6000, sd = 2500 }",
            ),
            [
                2452.9446645092235,
                6210.9760760704985,
                2994.292715870414,
                1930.2757834720417,
            ],
            9_024_054_530_100_278_888,
        ),
        (
            "uniform",
            form(
                "dials_per_account",
                "{ dist = \"uniform\", min = 3, max = 5 }",
            ),
            [
                3.011356837315169,
                3.7837436753787017,
                4.1605886472878,
                3.729971731935053,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "triangular",
            form(
                "proposal_to_close",
                "{ dist = \"triangular\", min = 0.1, mode = 0.2, max = 0.3 }",
            ),
            [
                0.11065684630421643,
                0.18852929884386876,
                0.20838060507118594,
                0.18543838317378514,
            ],
            3_660_362_823_817_202_734,
        ),
        (
            "pert",
            form(
                "appointment_to_proposal",
                "{ dist = \"pert\", min = 0.2, mode = 0.35, max = 0.5 }",
            ),
            [
                0.36398805979487286,
                0.29261894183397624,
                0.27974814616648347,
                0.34812832074040945,
            ],
            5_883_061_135_240_803_435,
        ),
    ]);
}
