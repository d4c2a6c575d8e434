//! Throughput of the engine in rep-weeks per second, at one thread and at every thread of the
//! machine (results are identical at both; only the speed differs), on the flat seed-telecom
//! scenario, on `configs/team-50-3y.toml` and on the playing field of
//! `configs/telecom-territory.toml` (the built-in one); and the per-rep-week samplers on their
//! own, so that a regression shows which part moved.
//!
//! Beside them, `reference/` times a lean stand-alone implementation of the playing field's
//! rep-week (`benches/lean_field/mod.rs`) on one thread: the yardstick of how fast the model's
//! steps can go without the engine's outputs and streams.
//!
//! `cargo bench --bench engine`; criterion prints the median time and the throughput
//! ("Melem/s" = million rep-weeks, or million draws, per second). `cargo bench --bench engine --
//! engine/` runs only the engine groups, `-- samplers/` only the samplers.

mod lean_field;
/// The same helper as the snapshot test's: a scenario's text without its part B.
#[path = "../tests/it/part_a_only.rs"]
mod part_a_only;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use prospect_sim::config::{FLAT_SCENARIO, Scenario, load_scenario, parse_scenario};
use prospect_sim::model::binomial::{SuccessGaps, binomial_once, stochastic_round};
use prospect_sim::model::funnel::StrategySamplers;
use prospect_sim::model::inputs::InputKey;
use prospect_sim::sim::rng::{Purpose, stream};
use prospect_sim::sim::simulate;

/// Trials per iteration of the flat seed-telecom scenario: 1,040,000 rep-weeks, long enough to
/// time, short enough to repeat.
const BUILT_IN_TRIALS: u64 = 1_000;
/// Trials per iteration of team-50-3y (50 reps x 156 weeks x 2 strategies = 15,600 rep-weeks a
/// trial): 2,808,000 rep-weeks, in 10 blocks of 18 trials (`sim::block_trials`), so that every
/// thread of a few has blocks to take.
const TEAM_TRIALS: u64 = 180;
/// Trials per iteration of the playing-field scenario (10 reps x 52 weeks x 2 strategies, four
/// segments): 2,129,920 rep-weeks in 8 blocks of 256 trials (`sim::block_trials`), so that two
/// threads split them evenly and the all-threads figure shows the scaling.
const TERRITORY_TRIALS: u64 = 2_048;
/// Draws per iteration of a sampler benchmark.
const DRAWS: u64 = 10_000;

/// Times `scenario` at one thread and at every thread.
fn engine_group(c: &mut Criterion, name: &str, scenario: &Scenario) {
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group(format!("engine/{name}"));
    group.throughput(Throughput::Elements(scenario.total_rep_weeks()));
    // 20 samples of ~20-60 ms each.
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    let mut threads = vec![1];
    if all > 1 {
        threads.push(all);
    }
    for t in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .expect("thread pool");
        group.bench_with_input(BenchmarkId::new("threads", t), scenario, |b, s| {
            b.iter(|| pool.install(|| black_box(simulate(s, &|_| {}))));
        });
    }
    group.finish();
}

/// The flat seed-telecom scenario (the built-in one before the playing field), so that the
/// figures stay comparable with earlier measurements.
fn flat_scenario() -> Scenario {
    parse_scenario(FLAT_SCENARIO, "configs/seed-telecom.toml").expect("seed-telecom is valid")
}

fn engine(c: &mut Criterion) {
    let mut built_in = flat_scenario();
    built_in.simulation.trials = BUILT_IN_TRIALS;
    engine_group(c, "seed-telecom", &built_in);

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/team-50-3y.toml");
    let mut team = load_scenario(&path).expect("configs/team-50-3y.toml is valid");
    team.simulation.trials = TEAM_TRIALS;
    engine_group(c, "team-50-3y", &team);

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/telecom-territory.toml");
    let mut territory = load_scenario(&path).expect("configs/telecom-territory.toml is valid");
    territory.simulation.trials = TERRITORY_TRIALS;
    engine_group(c, "telecom-territory", &territory);

    // The same playing field without part B: the prospecting the lean reference implements.
    let text = std::fs::read_to_string(&path).expect("configs/telecom-territory.toml is readable");
    let mut part_a = parse_scenario(
        &part_a_only::without_part_b(&text),
        "configs/telecom-territory.toml without part B",
    )
    .expect("telecom-territory without part B is valid");
    part_a.simulation.trials = TERRITORY_TRIALS;
    engine_group(c, "telecom-territory-part-a", &part_a);
}

/// The draws of the weekly loop on the seed-telecom scenario's first strategy (bottom-up), one at a
/// time: the hours draw, the dial rounding, the gap to the next closing dial, a closed deal's
/// cycle and revenue; and the once-a-rep work: a rep's once-a-trial draws and the stage split
/// after the horizon.
fn samplers(c: &mut Criterion) {
    let scenario = flat_scenario();
    let samplers = StrategySamplers::new(&scenario.strategies[0].inputs);
    let mut group = c.benchmark_group("samplers");
    group.throughput(Throughput::Elements(DRAWS));
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(3));

    let hours = samplers.get(InputKey::ProspectingHoursPerWeek);
    let mut rng = stream(1, 0, 0, Purpose::Weeks);
    group.bench_function("hours (truncated normal)", |b| {
        b.iter(|| (0..DRAWS).map(|_| hours.sample(&mut rng)).sum::<f64>());
    });

    // The seed-telecom bottom-up rep dials ~330 times a week at a steady pace: x = 330.4.
    let mut rng = stream(1, 0, 0, Purpose::Weeks);
    group.bench_function("stochastic rounding", |b| {
        b.iter(|| {
            (0..DRAWS)
                .map(|i| stochastic_round(black_box(330.4) + i as f64 * 1e-3, &mut rng))
                .sum::<u64>()
        });
    });

    // p = connect x c2a x a2p x close at the bottom-up means: 0.10 x 0.08 x 0.35 x 0.20.
    let gaps = SuccessGaps::new(0.10 * 0.08 * 0.35 * 0.20);
    let mut rng = stream(1, 0, 0, Purpose::Deals);
    group.bench_function("gap to the next closing dial", |b| {
        b.iter(|| (0..DRAWS).map(|_| gaps.gap(&mut rng)).sum::<u64>());
    });

    let cycle = samplers.get(InputKey::SalesCycleWeeks);
    let revenue = samplers.get(InputKey::RevenuePerSale);
    let mut rng = stream(1, 0, 0, Purpose::Deals);
    group.bench_function("deal (cycle and revenue)", |b| {
        b.iter(|| {
            (0..DRAWS)
                .map(|_| cycle.sample(&mut rng) + revenue.sample(&mut rng))
                .sum::<f64>()
        });
    });

    let mut rng = stream(1, 0, 0, Purpose::RepParams);
    group.bench_function("rep draws (once a rep and trial)", |b| {
        b.iter(|| {
            (0..DRAWS)
                .map(|_| samplers.draw_rep(&mut rng).dials_per_prospecting_hour)
                .sum::<f64>()
        });
    });

    // A bottom-up rep's year at the mean rates: ~17,150 dials that did not close, split with
    // the conditional rates of `RepParams::stage_rates` (proposal 0.22%, appointment 0.52%,
    // conversation 9.3%): three binomials with n p of about 38, 89 and 1,590.
    let mut rng = stream(1, 0, 0, Purpose::Stages);
    group.bench_function("stage split (three binomials a rep)", |b| {
        b.iter(|| {
            (0..DRAWS)
                .map(|i| {
                    let n = black_box(17_150) + i % 7;
                    binomial_once(n, 0.002_24, &mut rng)
                        + binomial_once(n - 40, 0.005_2, &mut rng)
                        + binomial_once(n - 130, 0.092_7, &mut rng)
                })
                .sum::<u64>()
        });
    });
    group.finish();
}

/// Trials per iteration of the lean reference (`lean_field`): 1,040,000 rep-weeks.
const REFERENCE_TRIALS: u64 = 1_000;

/// The lean reference implementation of the playing field (`benches/lean_field/mod.rs`) on one
/// thread, timed in the same run as the engine so that their ratio is measured on the same
/// machine in the same minutes.
fn reference(c: &mut Criterion) {
    let mut group = c.benchmark_group("reference");
    group.throughput(Throughput::Elements(
        REFERENCE_TRIALS * lean_field::REP_WEEKS_PER_TRIAL,
    ));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("lean-field/threads/1", |b| {
        b.iter(|| {
            black_box(lean_field::simulate(
                REFERENCE_TRIALS,
                black_box(20_110_426),
            ))
        });
    });
    group.finish();
}

criterion_group!(benches, engine, reference, samplers);
criterion_main!(benches);
