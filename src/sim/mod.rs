//! The engine: every trial of every strategy, in parallel, with results that do not depend on
//! the thread count.
//!
//! Trials are cut into blocks of [`block_trials`] trials. One worker per thread of the current rayon
//! pool takes the next block from a shared counter, simulates it, and merges every finished block
//! that is next in line into the run, so blocks are merged in block order without a barrier
//! (no thread waits for the slowest block of a wave) and only a few finished blocks wait at any
//! time. Block boundaries depend only on the trial count, and every floating-point sum runs in
//! trial order, so the outputs are byte-identical at 1 or 64 threads. The hours histograms'
//! integer counts are kept per worker and added at the end (integer sums do not depend on order).
//! The engine does no I/O; progress is reported through a callback.

mod field;
mod part_b;
pub mod rng;

pub use crate::model::rep_b::{PartBTrial, PartBWeek};
pub use field::{FieldRun, TargetTrial};
pub use part_b::PartBRun;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::model::funnel::{
    Component, REP_LEVEL_INPUTS, RepWeekSink, StrategySamplers, TrialTotals, simulate_rep,
};
use crate::model::inputs::InputKey;
use crate::model::scenario::Scenario;
use crate::model::territory::FieldPlan;
use crate::stats::{BinCounts, Moments, RepWeekDistribution};
use rng::{Purpose, SimRng, stream, stream_in_lane};

/// Most trials in a unit of parallel work: large enough that per-block set-up is negligible.
pub const BLOCK_TRIALS: u64 = 256;

/// Rep-weeks (of every strategy) a block aims at: [`BLOCK_TRIALS`] trials of the built-in
/// scenario (2 strategies x 10 reps x 52 weeks), some 5 ms of work on one core.
pub const BLOCK_REP_WEEKS: u64 = 266_240;

/// Trials per block of `scenario`: as many as make [`BLOCK_REP_WEEKS`] rep-weeks, between 1 and
/// [`BLOCK_TRIALS`]. A large team's trial is long (team-50-3y's is 15,600 rep-weeks), so its
/// blocks are shorter in trials, and even a short run has enough blocks to keep every thread
/// busy. It depends only on the scenario, never on the thread count.
pub fn block_trials(scenario: &Scenario) -> u64 {
    let sim = scenario.simulation;
    let per_trial = u64::from(sim.reps) * u64::from(sim.weeks) * scenario.strategies.len() as u64;
    BLOCK_REP_WEEKS
        .div_ceil(per_trial.max(1))
        .clamp(1, BLOCK_TRIALS)
}

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
    /// Revenue each rep booked within the horizon, trial-major (`trial * N + rep`); empty unless
    /// [`Keep::rep_revenue`].
    pub rep_revenue: Vec<f32>,
    /// Each rep's value of each input, in [`InputKey::ALL`] order, trial-major; empty unless
    /// [`Keep::rep_draws`]. The once-a-trial inputs are the rep's draws; prospecting hours is
    /// the rep's mean over the horizon's weeks, and cycle and revenue per sale the rep's means
    /// over its closes (NaN for a rep with no close): what the rep's luck in that input was.
    /// A playing-field strategy draws them per target: it keeps one row per rep and target,
    /// `(trial * N + rep) * J + target`, each with the rep's draws and closes in that target
    /// and the rep's mean hours ("Sensitivity" in docs/model.md).
    pub rep_draws: Vec<[f32; 10]>,
    /// The team's prospecting hours in each week of each trial, trial-major (`trial * W +
    /// week`); empty unless [`Keep::weekly_hours`].
    pub trial_weekly_hours: Vec<f32>,
    /// What a playing-field strategy adds (None in a flat scenario).
    pub field: Option<FieldRun>,
    /// What part B adds: the revenue split, customers, the selling week and the seats (None
    /// unless the playing field uses part B).
    pub part_b: Option<PartBRun>,
}

/// Per-rep detail to keep beyond the defaults (it costs memory: N values per trial).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    /// Each rep's booked revenue (for quota attainment and sensitivity).
    pub rep_revenue: bool,
    /// Each rep's once-a-trial draws (for rank correlations).
    pub rep_draws: bool,
    /// Each trial's weekly team prospecting hours (for weekly cash flows).
    pub weekly_hours: bool,
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
    hour_moments: [Moments; 3],
    weekly_hours: Vec<[f64; 3]>,
    rep_revenue: Vec<f32>,
    rep_draws: Vec<[f32; 10]>,
    trial_weekly_hours: Vec<f32>,
    field: Option<field::FieldBlock>,
    part_b: Option<PartBRun>,
}

impl BlockPart {
    /// Ends a trial of either engine: the team's revenue is the sum of its weekly revenue,
    /// added week by week into the cumulative buffer (so both agree to the last bit), then the
    /// trial's totals and, when kept, its weekly hours.
    fn close_trial(
        &mut self,
        mut totals: TrialTotals,
        weekly_revenue: &[f64],
        trial_hours: &[f64],
        keep: Keep,
    ) {
        let mut cumulative = 0.0;
        for r in weekly_revenue {
            cumulative += r;
            self.cumulative_revenue.push(cumulative as f32);
        }
        totals.revenue = cumulative;
        self.trials.push(totals);
        if keep.weekly_hours {
            self.trial_weekly_hours
                .extend(trial_hours.iter().map(|h| *h as f32));
        }
    }
}

impl Keep {
    /// What the scenario's own summary needs: each rep's revenue when it sets a quota.
    pub fn for_summary(scenario: &Scenario) -> Keep {
        Keep {
            rep_revenue: scenario.targets.quota_per_rep.is_some(),
            rep_draws: false,
            weekly_hours: scenario.economics.is_some(),
        }
    }
}

/// Runs every trial of `scenario`, keeping the per-rep detail its summary needs; see
/// [`simulate_keeping`].
pub fn simulate(scenario: &Scenario, progress: &(dyn Fn(u64) + Sync)) -> SimResult {
    simulate_keeping(scenario, Keep::for_summary(scenario), progress)
}

/// Runs every trial of `scenario` on the current rayon pool; `progress` is told how many
/// trials (of every strategy) each finished block held.
pub fn simulate_keeping(
    scenario: &Scenario,
    keep: Keep,
    progress: &(dyn Fn(u64) + Sync),
) -> SimResult {
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
            rep_revenue: Vec::new(),
            rep_draws: Vec::new(),
            trial_weekly_hours: Vec::new(),
            field: scenario
                .field
                .as_ref()
                .map(|f| FieldRun::new(f, sim.trials, weeks)),
            part_b: scenario
                .field
                .as_ref()
                .filter(|f| f.has_part_b())
                .map(|_| PartBRun::new(sim.trials, weeks)),
        })
        .collect();
    let block_trials = block_trials(scenario);
    let blocks = sim.trials.div_ceil(block_trials);
    let plans: Vec<Plan> = (0..scenario.strategies.len())
        .map(|index| Plan::new(scenario, index))
        .collect();
    let next_block = AtomicU64::new(0);
    let merger = Mutex::new(Merger {
        runs: &mut runs,
        hour_moments: vec![[Moments::default(); 3]; scenario.strategies.len()],
        finished: BTreeMap::new(),
        next: 0,
    });
    // The first worker to finish hands over its counts; the others add theirs to them.
    let hour_counts: Mutex<Option<Vec<[BinCounts; 3]>>> = Mutex::new(None);
    // Idle hours per rep-week, counted the same way (playing-field scenarios only).
    let idle_counts: Mutex<Option<Vec<BinCounts>>> = Mutex::new(None);
    let field_strategies = if scenario.is_playing_field() {
        scenario.strategies.len()
    } else {
        0
    };
    let worker = || {
        let mut counts: Vec<[BinCounts; 3]> = vec![Default::default(); scenario.strategies.len()];
        let mut scratch = Scratch::new(weeks, &plans, field_strategies);
        loop {
            let b = next_block.fetch_add(1, Ordering::Relaxed);
            if b >= blocks {
                break;
            }
            let start = b * block_trials;
            let end = (start + block_trials).min(sim.trials);
            let parts = simulate_block(
                scenario,
                &samplers,
                &plans,
                keep,
                start..end,
                &mut counts,
                &mut scratch,
            );
            progress(end - start);
            merger
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .finish(b, parts);
        }
        let idle = scratch.idle;
        let mut total_idle = idle_counts.lock().unwrap_or_else(PoisonError::into_inner);
        match total_idle.as_mut() {
            None => *total_idle = Some(idle),
            Some(total) => {
                for (t, c) in total.iter_mut().zip(&idle) {
                    t.merge(c);
                }
            }
        }
        drop(total_idle);
        let mut total = hour_counts.lock().unwrap_or_else(PoisonError::into_inner);
        match total.as_mut() {
            None => *total = Some(counts),
            Some(total) => {
                for (t, c) in total.iter_mut().zip(&counts) {
                    for (t, c) in t.iter_mut().zip(c) {
                        t.merge(c);
                    }
                }
            }
        }
    };
    rayon::scope(|s| {
        for _ in 0..rayon::current_num_threads() {
            s.spawn(|_| worker());
        }
    });
    let merger = merger.into_inner().unwrap_or_else(PoisonError::into_inner);
    debug_assert!(merger.finished.is_empty() && merger.next == blocks);
    let hour_moments = merger.hour_moments;
    let idle_counts = idle_counts
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .unwrap_or_default();
    for (run, counts) in runs.iter_mut().zip(idle_counts) {
        if let Some(f) = run.field.as_mut() {
            f.finish_idle(counts);
        }
    }
    let hour_counts = hour_counts
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .unwrap_or_else(|| vec![Default::default(); scenario.strategies.len()]);
    for ((run, counts), moments) in runs.iter_mut().zip(hour_counts).zip(hour_moments) {
        for ((h, c), m) in run.hours.iter_mut().zip(counts).zip(moments) {
            *h = RepWeekDistribution::from_parts(c, m);
        }
    }
    SimResult { strategies: runs }
}

/// Merges finished blocks into the run in block order.
struct Merger<'r> {
    runs: &'r mut [StrategyRun],
    /// Per strategy: the hours moments of the blocks merged so far.
    hour_moments: Vec<[Moments; 3]>,
    /// Finished blocks waiting for an earlier one.
    finished: BTreeMap<u64, Vec<BlockPart>>,
    /// The next block to merge.
    next: u64,
}

impl Merger<'_> {
    /// Takes block `b`'s parts and merges every block that is now next in line.
    fn finish(&mut self, b: u64, parts: Vec<BlockPart>) {
        self.finished.insert(b, parts);
        while let Some(parts) = self.finished.remove(&self.next) {
            for ((run, moments), part) in self
                .runs
                .iter_mut()
                .zip(self.hour_moments.iter_mut())
                .zip(parts)
            {
                run.trials.extend_from_slice(&part.trials);
                run.cumulative_revenue
                    .extend_from_slice(&part.cumulative_revenue);
                run.rep_revenue.extend_from_slice(&part.rep_revenue);
                run.rep_draws.extend_from_slice(&part.rep_draws);
                run.trial_weekly_hours
                    .extend_from_slice(&part.trial_weekly_hours);
                if let (Some(f), Some(p)) = (run.field.as_mut(), part.field) {
                    f.merge(p);
                }
                if let (Some(b), Some(p)) = (run.part_b.as_mut(), part.part_b.as_ref()) {
                    b.merge(p);
                }
                for (m, pm) in moments.iter_mut().zip(&part.hour_moments) {
                    m.merge(pm);
                }
                for (w, pw) in run.weekly_hours.iter_mut().zip(&part.weekly_hours) {
                    for i in 0..3 {
                        w[i] += pw[i];
                    }
                }
            }
            self.next += 1;
        }
    }
}

/// A worker's buffers for one trial, reused from trial to trial and block to block.
struct Scratch {
    weekly_revenue: Vec<f64>,
    trial_hours: Vec<f64>,
    /// Per strategy: a playing-field strategy's rep territory, streams and trial totals.
    field: Vec<Option<field::FieldScratch>>,
    /// Per strategy of a playing-field scenario: the worker's counts of idle hours per rep-week
    /// (empty in a flat scenario).
    idle: Vec<BinCounts>,
}

impl Scratch {
    fn new(weeks: usize, plans: &[Plan], field_strategies: usize) -> Self {
        Scratch {
            idle: vec![Default::default(); field_strategies],
            weekly_revenue: vec![0.0; weeks],
            trial_hours: vec![0.0; weeks],
            field: plans
                .iter()
                .map(|p| p.field.as_ref().map(field::FieldScratch::new))
                .collect(),
        }
    }
}

/// How a strategy's reps are simulated: which strategies' samplers, with what share of their
/// own hours, and the lane of each component's deal and stage streams (0 = the strategy's own).
/// A playing-field strategy has no parts: its `field` plan says everything.
struct Plan {
    parts: Vec<(usize, f64, u64)>,
    field: Option<FieldPlan>,
}

impl Plan {
    fn new(scenario: &Scenario, index: usize) -> Plan {
        let s = &scenario.strategies[index];
        if let Some(f) = &scenario.field {
            return Plan {
                parts: Vec::new(),
                field: Some(FieldPlan::new(&scenario.simulation, f, s)),
            };
        }
        if !s.is_mix() {
            return Plan {
                parts: vec![(index, 1.0, 0)],
                field: None,
            };
        }
        let parts: Vec<(usize, f64)> = s
            .mix
            .iter()
            .filter(|p| p.share > 0.0)
            .map(|p| (p.strategy, p.share))
            .collect();
        // Every component takes its rep draws and weekly hours from the streams its strategy
        // uses alone (the same rep, the same weeks), whatever the shares. Its calls are its own:
        // deals and the stage split come from a lane keyed by the component's strategy, never by
        // which share is largest, so nothing switches as the shares move. A mix left with one
        // component is that strategy, on its own streams throughout.
        let alone = parts.len() == 1;
        Plan {
            parts: parts
                .into_iter()
                .map(|(strategy, share)| {
                    let lane = if alone { 0 } else { strategy as u64 + 1 };
                    (strategy, share, lane)
                })
                .collect(),
            field: None,
        }
    }
}

/// One rep's value of each input in [`InputKey::ALL`] order: its once-a-trial `draws` (in
/// `REP_LEVEL_INPUTS` order), and from the change in the trial's totals while the rep ran, its
/// mean weekly hours and the mean cycle and revenue of its closes (NaN without a close).
fn rep_values(
    draws: &[f64; 7],
    before: &TrialTotals,
    after: &TrialTotals,
    weeks: u32,
) -> [f32; 10] {
    let hours = ((after.prospecting_hours - before.prospecting_hours) / f64::from(weeks)) as f32;
    rep_row(
        draws,
        hours,
        after.closes - before.closes,
        after.cycle_weeks_sum - before.cycle_weeks_sum,
        after.closed_revenue - before.closed_revenue,
    )
}

/// A row of [`StrategyRun::rep_draws`] in [`InputKey::ALL`] order: the once-a-trial `draws`
/// (in `REP_LEVEL_INPUTS` order), the mean weekly `hours`, and the mean cycle and revenue over
/// `closes` closes from their sums (NaN without a close).
fn rep_row(
    draws: &[f64; 7],
    hours: f32,
    closes: u64,
    cycle_weeks_sum: f64,
    closed_revenue: f64,
) -> [f32; 10] {
    let closes = closes as f64;
    let per_close = |sum: f64| if closes > 0.0 { sum / closes } else { f64::NAN };
    let mut out = [0.0; 10];
    out[InputKey::ProspectingHoursPerWeek.index()] = hours;
    out[InputKey::SalesCycleWeeks.index()] = per_close(cycle_weeks_sum) as f32;
    out[InputKey::RevenuePerSale.index()] = per_close(closed_revenue) as f32;
    for (key, d) in REP_LEVEL_INPUTS.iter().zip(draws) {
        out[key.index()] = *d as f32;
    }
    out
}

/// Trials `range` of every strategy, counting hours into `hour_counts` (per strategy). Trial i of
/// each strategy uses the same streams.
fn simulate_block(
    scenario: &Scenario,
    samplers: &[StrategySamplers],
    plans: &[Plan],
    keep: Keep,
    range: std::ops::Range<u64>,
    hour_counts: &mut [[BinCounts; 3]],
    scratch: &mut Scratch,
) -> Vec<BlockPart> {
    let sim = scenario.simulation;
    let weeks = sim.weeks as usize;
    let n = (range.end - range.start) as usize;
    let Scratch {
        weekly_revenue,
        trial_hours,
        field: field_scratch,
        idle: idle_counts,
    } = scratch;
    let mut idle_counts = idle_counts.iter_mut();
    plans
        .iter()
        .zip(hour_counts.iter_mut())
        .zip(field_scratch.iter_mut())
        .map(|((plan, hour_counts), field_scratch)| {
            if let (Some(fp), Some(fs), Some(idle)) =
                (&plan.field, field_scratch.as_mut(), idle_counts.next())
            {
                return field::simulate_field_block(
                    fp,
                    &sim,
                    keep,
                    range.clone(),
                    field::Buffers {
                        hour_counts,
                        idle_counts: idle,
                        weekly_revenue,
                        trial_hours,
                    },
                    fs,
                );
            }
            let mut week_rngs: Vec<SimRng> = Vec::with_capacity(plan.parts.len());
            let mut components: Vec<Component<'_, SimRng>> = Vec::with_capacity(plan.parts.len());
            let mut part = BlockPart {
                trials: Vec::with_capacity(n),
                cumulative_revenue: Vec::with_capacity(n * weeks),
                hour_moments: Default::default(),
                weekly_hours: vec![[0.0; 3]; weeks],
                rep_revenue: Vec::new(),
                rep_draws: Vec::new(),
                trial_weekly_hours: Vec::new(),
                field: None,
                part_b: None,
            };
            for trial in range.clone() {
                weekly_revenue.fill(0.0);
                trial_hours.fill(0.0);
                let mut totals = TrialTotals::default();
                let mut sink = RepWeekSink {
                    weekly_revenue,
                    hour_counts,
                    hour_moments: &mut part.hour_moments,
                    weekly_hours: &mut part.weekly_hours,
                    trial_weekly_hours: trial_hours,
                };
                for rep in 0..sim.reps {
                    let lane_stream =
                        |purpose, lane| stream_in_lane(sim.seed, trial, rep, purpose, lane);
                    components.clear();
                    week_rngs.clear();
                    for &(strategy, share, lane) in &plan.parts {
                        let params = samplers[strategy].draw_rep(&mut stream(
                            sim.seed,
                            trial,
                            rep,
                            Purpose::RepParams,
                        ));
                        week_rngs.push(stream(sim.seed, trial, rep, Purpose::Weeks));
                        components.push(Component::new(
                            &samplers[strategy],
                            params,
                            share,
                            lane_stream(Purpose::Deals, lane),
                            lane_stream(Purpose::Stages, lane),
                        ));
                    }
                    let before = totals;
                    let booked = simulate_rep(
                        &mut components,
                        &mut week_rngs,
                        sim.weeks,
                        &mut totals,
                        &mut sink,
                    );
                    if keep.rep_revenue {
                        part.rep_revenue.push(booked as f32);
                    }
                    if keep.rep_draws {
                        // A plain strategy's values (sensitivity analyses plain strategies
                        // only; of a mix, this keeps its first component's draws).
                        part.rep_draws.push(rep_values(
                            &components[0].params.draws,
                            &before,
                            &totals,
                            sim.weeks,
                        ));
                    }
                }
                part.close_trial(totals, weekly_revenue, trial_hours, keep);
            }
            part
        })
        .collect()
}
