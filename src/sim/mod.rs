//! The engine: every trial of every strategy, in parallel, with results that do not depend on
//! the thread count.
//!
//! Trials are cut into blocks of [`BLOCK_TRIALS`]; rayon runs the blocks of a wave in parallel,
//! and the wave's results are merged in block order on the calling thread. Block boundaries
//! depend only on the trial count, and every floating-point sum runs in trial order, so the
//! outputs are byte-identical at 1 or 64 threads. The engine does no I/O; progress is reported
//! through a callback.

pub mod rng;

use rayon::prelude::*;

use crate::config::Scenario;
use crate::model::funnel::{RepStreams, RepWeekSink, StrategySamplers, TrialTotals, simulate_rep};
use crate::stats::RepWeekDistribution;
use rng::{Purpose, stream};

/// Trials per unit of parallel work: large enough that per-block set-up (histograms) is
/// negligible, small enough to balance the load on a few cores.
pub const BLOCK_TRIALS: u64 = 256;
/// Blocks run between two merges: bounds the memory held by unmerged blocks.
const WAVE_BLOCKS: u64 = 16;

/// Everything simulated for one strategy.
#[derive(Debug, Clone)]
pub struct StrategyRun {
    /// The strategy's name.
    pub name: String,
    /// Per-trial team totals, in trial order.
    pub trials: Vec<TrialTotals>,
    /// Cumulative team revenue at the end of each week, trial-major (`trial * W + week`).
    /// f32 keeps a million trials of a year within memory; it resolves revenue to about 1 part
    /// in 10 million, far below Monte Carlo noise.
    pub cumulative_revenue: Vec<f32>,
    /// Prospecting, research and dialing hours per rep-week.
    pub hours: [RepWeekDistribution; 3],
    /// Per week: prospecting, research and dialing hours summed over trials and reps.
    pub weekly_hours: Vec<[f64; 3]>,
}

/// The result of a run: one [`StrategyRun`] per strategy, in scenario order.
#[derive(Debug, Clone)]
pub struct SimResult {
    /// Per strategy.
    pub strategies: Vec<StrategyRun>,
}

/// What one block of trials produced for one strategy.
struct BlockPart {
    trials: Vec<TrialTotals>,
    cumulative_revenue: Vec<f32>,
    hours: [RepWeekDistribution; 3],
    weekly_hours: Vec<[f64; 3]>,
}

/// Runs every trial of `scenario` on the current rayon pool; `progress` is told how many
/// trials (of every strategy) each finished block held.
pub fn simulate(scenario: &Scenario, progress: &(dyn Fn(u64) + Sync)) -> SimResult {
    let sim = scenario.simulation;
    let samplers: Vec<StrategySamplers> = scenario
        .strategies
        .iter()
        .map(|s| StrategySamplers::new(&s.inputs))
        .collect();
    let weeks = sim.weeks as usize;
    let mut runs: Vec<StrategyRun> = scenario
        .strategies
        .iter()
        .map(|s| StrategyRun {
            name: s.name.clone(),
            trials: Vec::with_capacity(sim.trials as usize),
            cumulative_revenue: Vec::with_capacity(sim.trials as usize * weeks),
            hours: Default::default(),
            weekly_hours: vec![[0.0; 3]; weeks],
        })
        .collect();
    let blocks = sim.trials.div_ceil(BLOCK_TRIALS);
    let mut first = 0;
    while first < blocks {
        let last = (first + WAVE_BLOCKS).min(blocks);
        let wave: Vec<Vec<BlockPart>> = (first..last)
            .into_par_iter()
            .map(|b| {
                let start = b * BLOCK_TRIALS;
                let end = (start + BLOCK_TRIALS).min(sim.trials);
                let parts = simulate_block(scenario, &samplers, start..end);
                progress(end - start);
                parts
            })
            .collect();
        for parts in wave {
            for (run, part) in runs.iter_mut().zip(parts) {
                run.trials.extend_from_slice(&part.trials);
                run.cumulative_revenue
                    .extend_from_slice(&part.cumulative_revenue);
                for (h, ph) in run.hours.iter_mut().zip(&part.hours) {
                    h.merge(ph);
                }
                for (w, pw) in run.weekly_hours.iter_mut().zip(&part.weekly_hours) {
                    for i in 0..3 {
                        w[i] += pw[i];
                    }
                }
            }
        }
        first = last;
    }
    SimResult { strategies: runs }
}

/// Trials `range` of every strategy. Trial i of each strategy uses the same streams.
fn simulate_block(
    scenario: &Scenario,
    samplers: &[StrategySamplers],
    range: std::ops::Range<u64>,
) -> Vec<BlockPart> {
    let sim = scenario.simulation;
    let weeks = sim.weeks as usize;
    let n = (range.end - range.start) as usize;
    let mut weekly_revenue = vec![0.0f64; weeks];
    samplers
        .iter()
        .map(|strategy| {
            let mut part = BlockPart {
                trials: Vec::with_capacity(n),
                cumulative_revenue: Vec::with_capacity(n * weeks),
                hours: Default::default(),
                weekly_hours: vec![[0.0; 3]; weeks],
            };
            for trial in range.clone() {
                weekly_revenue.fill(0.0);
                let mut totals = TrialTotals::default();
                let mut sink = RepWeekSink {
                    weekly_revenue: &mut weekly_revenue,
                    hours: &mut part.hours,
                    weekly_hours: &mut part.weekly_hours,
                };
                for rep in 0..sim.reps {
                    let params =
                        strategy.draw_rep(&mut stream(sim.seed, trial, rep, Purpose::RepParams));
                    let streams = RepStreams {
                        weeks: &mut stream(sim.seed, trial, rep, Purpose::Weeks),
                        deals: &mut stream(sim.seed, trial, rep, Purpose::Deals),
                        stages: &mut stream(sim.seed, trial, rep, Purpose::Stages),
                    };
                    simulate_rep(
                        strategy,
                        &params,
                        sim.weeks,
                        streams,
                        &mut totals,
                        &mut sink,
                    );
                }
                let mut cumulative = 0.0;
                for r in &weekly_revenue {
                    cumulative += r;
                    part.cumulative_revenue.push(cumulative as f32);
                }
                totals.revenue = cumulative;
                part.trials.push(totals);
            }
            part
        })
        .collect()
}
