//! Throughput of the engine on the built-in scenario, in rep-weeks per second, at one thread and
//! at every thread of the machine (results are identical at both; only the speed differs).
//!
//! `cargo bench --bench engine`; criterion prints the median time and the throughput
//! ("Melem/s" = million rep-weeks per second).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use prospect_sim::config::Scenario;
use prospect_sim::sim::simulate;

/// Trials per iteration: ~1 million rep-weeks, long enough to time, short enough to repeat.
const BENCH_TRIALS: u64 = 1_000;

fn engine(c: &mut Criterion) {
    let mut scenario = Scenario::built_in();
    scenario.simulation.trials = BENCH_TRIALS;
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("engine/seed-telecom");
    group.throughput(Throughput::Elements(scenario.total_rep_weeks()));
    // 20 samples of ~40 ms each need ~10 s once warmed up.
    group.sample_size(20);
    group.measurement_time(std::time::Duration::from_secs(10));
    let mut threads = vec![1];
    if all > 1 {
        threads.push(all);
    }
    for t in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .expect("thread pool");
        group.bench_with_input(BenchmarkId::new("threads", t), &scenario, |b, s| {
            b.iter(|| pool.install(|| black_box(simulate(s, &|_| {}))));
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
