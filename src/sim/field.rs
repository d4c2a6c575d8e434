//! The engine's playing-field path: a block of trials of one playing-field strategy, its streams
//! keyed by segment and contact, and what its run keeps beyond the flat [`super::StrategyRun`].

use crate::model::field::PlayingField;
use crate::model::field_week::{
    CellStreams, FieldSink, FieldStreams, HireStreams, PartBRep, PoolStreams, RepField,
    simulate_field_rep,
};
use crate::model::field_week_b::{PartBStreams, RepB};
use crate::model::funnel::TrialTotals;
use crate::model::rep_b::PartBTrial;
use crate::model::scenario::Simulation;
use crate::model::territory::{FieldPlan, SegmentTotals, TargetDraws, TargetTotals};
use crate::stats::{BinCounts, Moments, RepWeekDistribution, WholeColumn, WholeCounts};

use super::part_b::PartBRun;
use super::rng::{Purpose, SimRng, cell_lane, hire_lane, segment_lane, stream, stream_in_lane};
use super::{BlockPart, Keep};

/// What a playing-field strategy's run keeps beyond the flat outputs: per trial and target, per
/// trial and segment, the team's fresh accounts week by week, the list-out weeks and the idle
/// hours ("The playing field" in docs/model.md).
#[derive(Debug, Clone)]
pub struct FieldRun {
    /// Targets of the strategy (J).
    pub target_count: usize,
    /// Segments of the field (S; every strategy reports every segment, worked or not).
    pub segment_count: usize,
    /// Trials merged.
    trials: usize,
    /// Trials the run holds at the end (the columns' capacity).
    capacity: usize,
    /// Per trial and target, trial-major (`trial * J + target`): the revenue booked. With
    /// `target_counts`, what trials.csv and the per-trial summaries read of a trial's
    /// [`TargetTotals`] ([`TargetTrial`]; the rest is only ever summed: `target_totals`).
    target_revenue: Vec<f64>,
    /// Per target, its six counts ([`TargetTrial::counts`]) of every trial, in trial order, one
    /// column each: `target * 6 + count`. Each takes the bytes its spread needs ("Memory" in
    /// ARCHITECTURE.md).
    target_counts: Vec<WholeColumn>,
    /// Per target, its totals summed over trials in trial order (length J).
    pub target_totals: Vec<TargetTotals>,
    /// Per segment, its nine counts ([`SegmentTotals::counts`]) of every trial, in trial order,
    /// one column each: `segment * 9 + count`.
    segment_counts: Vec<WholeColumn>,
    /// The team's fresh accounts at the end of each week, per segment, counted over trials:
    /// `week * S + segment` (length W x S). An exact histogram, not one value per trial, so a
    /// million trials cost no more than a thousand (see "Memory" in ARCHITECTURE.md). The engine
    /// hands the values over as f32 (exact below 2^24 accounts). An unlimited pool counts only
    /// its returned accounts.
    pub fresh_by_week: Vec<WholeCounts>,
    /// Rep-trials by the week a segment's fresh pool first ran out (empty at the end of that
    /// week): `segment * (W + 1) + week`, where week W counts the rep-trials that never ran out.
    /// An unlimited pool never runs out.
    pub list_out: Vec<u64>,
    /// Passes P a contact gets (the stride of `coverage` is P + 1).
    pub max_passes: usize,
    /// Per segment, the team's accounts at the horizon by the passes their current contact has
    /// had, summed over trials: `segment * (P + 1) + passes`. 0 counts the fresh accounts (never
    /// touched, or returned with a new contact); won and lost accounts count the pass that
    /// booked their meeting; retired ones P. A trial's counts of a segment add up to its fresh +
    /// due + resting + retired + won + lost.
    pub coverage_totals: Vec<u64>,
    /// Idle hours per rep-week: hours no target could use ("no one left to call").
    pub idle: RepWeekDistribution,
    /// Per week: idle hours summed over trials and reps (length W).
    pub weekly_idle: Vec<f64>,
    /// Idle moments of the blocks merged so far (turned into `idle` at the end).
    idle_moments: Moments,
}

impl FieldRun {
    /// An empty run for `trials` trials of `weeks` weeks on `field` (the target count is set by
    /// the first merged block).
    pub(super) fn new(field: &PlayingField, trials: u64, weeks: usize) -> FieldRun {
        let s = field.segments.len();
        FieldRun {
            target_count: 0,
            segment_count: s,
            trials: 0,
            capacity: trials as usize,
            target_revenue: Vec::new(),
            target_counts: Vec::new(),
            target_totals: Vec::new(),
            segment_counts: (0..s * 9)
                .map(|_| WholeColumn::with_capacity(trials as usize))
                .collect(),
            fresh_by_week: vec![WholeCounts::default(); weeks * s],
            list_out: vec![0; s * (weeks + 1)],
            max_passes: field.max_passes.max(1) as usize,
            coverage_totals: vec![0; s * (field.max_passes.max(1) as usize + 1)],
            idle: RepWeekDistribution::default(),
            weekly_idle: vec![0.0; weeks],
            idle_moments: Moments::default(),
        }
    }

    /// Appends block `b` (blocks arrive in block order).
    pub(super) fn merge(&mut self, b: FieldBlock) {
        self.target_count = b.target_count;
        self.target_totals
            .resize(b.target_count, TargetTotals::default());
        if self.target_counts.len() != 6 * b.target_count {
            // The first block: the columns for the run's trials, reserved once.
            self.target_revenue = Vec::with_capacity(self.capacity * b.target_count);
            self.target_counts = (0..6 * b.target_count)
                .map(|_| WholeColumn::with_capacity(self.capacity))
                .collect();
        }
        for row in b.targets.chunks(b.target_count.max(1)) {
            for (j, (total, t)) in self.target_totals.iter_mut().zip(row).enumerate() {
                total.add(t);
                let t = TargetTrial::from(t);
                self.target_revenue.push(t.revenue);
                for (column, c) in self.target_counts[6 * j..6 * j + 6]
                    .iter_mut()
                    .zip(t.counts())
                {
                    column.push(c);
                }
            }
        }
        for row in b.segments.chunks(self.segment_count.max(1)) {
            for (s, seg) in row.iter().enumerate() {
                for (column, c) in self.segment_counts[9 * s..9 * s + 9]
                    .iter_mut()
                    .zip(seg.counts())
                {
                    column.push(c);
                }
            }
        }
        self.trials += b.trials;
        // Trial-major rows of W x S values, each a whole number held exactly by its f32.
        for row in b.weekly_fresh.chunks(self.fresh_by_week.len().max(1)) {
            for (counts, x) in self.fresh_by_week.iter_mut().zip(row) {
                counts.add(*x as u64);
            }
        }
        for row in b.coverage.chunks(self.coverage_totals.len().max(1)) {
            for (total, x) in self.coverage_totals.iter_mut().zip(row) {
                *total += x;
            }
        }
        for (a, x) in self.list_out.iter_mut().zip(&b.list_out) {
            *a += x;
        }
        for (a, x) in self.weekly_idle.iter_mut().zip(&b.weekly_idle) {
            *a += x;
        }
        self.idle_moments.merge(&b.idle_moments);
    }

    /// The idle distribution from every worker's counts and the merged moments.
    pub(super) fn finish_idle(&mut self, counts: BinCounts) {
        self.idle = RepWeekDistribution::from_parts(counts, self.idle_moments);
    }

    /// Trials merged.
    pub fn trial_count(&self) -> usize {
        self.trials
    }

    /// Target `j`'s figures in trial `i`.
    pub fn target(&self, i: usize, j: usize) -> TargetTrial {
        TargetTrial::from_parts(
            self.target_revenue[i * self.target_count + j],
            std::array::from_fn(|k| self.target_counts[6 * j + k].get(i)),
        )
    }

    /// Target `j`'s figures in each trial, in trial order.
    pub fn target_trials(&self, j: usize) -> impl Iterator<Item = TargetTrial> + '_ {
        (0..self.trials).map(move |i| self.target(i, j))
    }

    /// Segment `s`'s totals in trial `i`.
    pub fn segment(&self, i: usize, s: usize) -> SegmentTotals {
        SegmentTotals::from_counts(std::array::from_fn(|k| {
            self.segment_counts[9 * s + k].get(i)
        }))
    }

    /// Segment `s`'s totals in each trial, in trial order.
    pub fn segment_trials(&self, s: usize) -> impl Iterator<Item = SegmentTotals> + '_ {
        (0..self.trials).map(move |i| self.segment(i, s))
    }

    /// Segment `s`'s accounts at the horizon by passes (0..=P), summed over trials.
    pub fn coverage_totals_of(&self, s: usize) -> &[u64] {
        let stride = self.max_passes + 1;
        &self.coverage_totals[s * stride..(s + 1) * stride]
    }

    /// Segment `s`'s fresh accounts at the end of each week, counted over trials (length W).
    pub fn fresh_counts(&self, s: usize) -> impl Iterator<Item = &WholeCounts> {
        self.fresh_by_week
            .iter()
            .skip(s)
            .step_by(self.segment_count.max(1))
    }

    /// Segment `s`'s list-out counts: rep-trials per week 0..W, then those that never ran out.
    pub fn list_out_counts(&self, s: usize) -> &[u64] {
        let w1 = self.weekly_idle.len() + 1;
        &self.list_out[s * w1..(s + 1) * w1]
    }
}

/// What a run keeps of one target in one trial: the figures trials.csv and the per-trial
/// summaries read from its [`TargetTotals`]; a run keeps it as columns ([`FieldRun::target`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TargetTrial {
    /// Revenue booked within the horizon.
    pub revenue: f64,
    /// Closes booked within the horizon.
    pub deals: u64,
    /// Every close, booked in time or not.
    pub closes: u64,
    /// First appointments.
    pub appointments: u64,
    /// First passes (a never-touched or a returned account, with its research).
    pub first_passes: u64,
    /// Later passes (re-touches of a rested account).
    pub retouches: u64,
    /// Dials: passes x dials per pass.
    pub dials: u64,
}

impl TargetTrial {
    /// Every pass: first passes and re-touches.
    pub fn passes(&self) -> u64 {
        self.first_passes + self.retouches
    }

    /// The six counts, in field order (what a run keeps as columns beside the revenue).
    pub fn counts(&self) -> [u64; 6] {
        [
            self.deals,
            self.closes,
            self.appointments,
            self.first_passes,
            self.retouches,
            self.dials,
        ]
    }

    /// The figures from the revenue and [`TargetTrial::counts`].
    pub fn from_parts(revenue: f64, c: [u64; 6]) -> TargetTrial {
        let [deals, closes, appointments, first_passes, retouches, dials] = c;
        TargetTrial {
            revenue,
            deals,
            closes,
            appointments,
            first_passes,
            retouches,
            dials,
        }
    }
}

impl From<&TargetTotals> for TargetTrial {
    fn from(t: &TargetTotals) -> TargetTrial {
        TargetTrial {
            revenue: t.revenue,
            deals: t.deals,
            closes: t.closes,
            appointments: t.appointments,
            first_passes: t.first_passes,
            retouches: t.retouches,
            dials: t.dials,
        }
    }
}

/// What one block of trials of a playing-field strategy produced beyond the flat part.
pub(super) struct FieldBlock {
    trials: usize,
    target_count: usize,
    targets: Vec<TargetTotals>,
    segments: Vec<SegmentTotals>,
    weekly_fresh: Vec<f32>,
    coverage: Vec<u64>,
    list_out: Vec<u64>,
    weekly_idle: Vec<f64>,
    idle_moments: Moments,
}

/// A worker's buffers for one playing-field strategy, reused from rep to rep and trial to trial.
pub(super) struct FieldScratch {
    rep: RepField,
    streams: FieldStreams<SimRng>,
    draws: Vec<TargetDraws>,
    targets: Vec<TargetTotals>,
    /// The targets' totals before the current rep (for its per-target values).
    before: Vec<TargetTotals>,
    segments: Vec<SegmentTotals>,
    weekly_fresh: Vec<u64>,
    coverage: Vec<u64>,
    /// Part B: the rep's state and streams, and the trial's team customers by week.
    part_b: Option<(RepB, PartBStreams<SimRng>, Vec<u64>)>,
}

impl FieldScratch {
    pub(super) fn new(plan: &FieldPlan) -> FieldScratch {
        let (j, s) = (plan.targets.len(), plan.segments.len());
        FieldScratch {
            rep: RepField::new(plan),
            streams: FieldStreams {
                hours: stream(0, 0, 0, Purpose::FieldHours),
                targets: Vec::with_capacity(j),
                segments: Vec::with_capacity(s),
            },
            draws: Vec::with_capacity(j),
            targets: vec![TargetTotals::default(); j],
            before: vec![TargetTotals::default(); j],
            segments: vec![SegmentTotals::default(); s],
            weekly_fresh: vec![0; plan.weeks as usize * s],
            coverage: vec![0; s * (plan.max_passes as usize + 1)],
            part_b: plan.part_b.as_ref().map(|b| {
                let blank = || stream(0, 0, 0, Purpose::SellingHours);
                (
                    RepB::new(b, plan.weeks),
                    PartBStreams {
                        selling: blank(),
                        team: blank(),
                        skill: blank(),
                        customers: Vec::with_capacity(s),
                        proposals: Vec::with_capacity(j),
                    },
                    vec![0; plan.weeks as usize],
                )
            }),
        }
    }
}

/// The streams of a seat's successors: hire h's skill factor and expansion rate in the hire's
/// lane, its once-a-trial draws of a target in the hire's lane of the target's cell.
struct SeatHires<'a> {
    seed: u64,
    trial: u64,
    rep: u32,
    /// The cell lane of each target.
    lanes: &'a [u64],
}

impl HireStreams<SimRng> for SeatHires<'_> {
    fn skill(&mut self, hire: u32) -> SimRng {
        stream_in_lane(
            self.seed,
            self.trial,
            self.rep,
            Purpose::HireSkill,
            hire_lane(0, hire),
        )
    }

    fn draws(&mut self, target: usize, hire: u32) -> SimRng {
        stream_in_lane(
            self.seed,
            self.trial,
            self.rep,
            Purpose::HireDraws,
            hire_lane(self.lanes[target], hire),
        )
    }
}

/// The worker's shared buffers a block writes into.
pub(super) struct Buffers<'a> {
    pub hour_counts: &'a mut [BinCounts; 3],
    pub idle_counts: &'a mut BinCounts,
    pub weekly_revenue: &'a mut Vec<f64>,
    pub trial_hours: &'a mut Vec<f64>,
}

/// Trials `range` of one playing-field strategy.
///
/// Streams: per rep, the hours (one purpose for every strategy, so hours are paired); per rep
/// and (segment, contact) cell, in the cell's lane, the seven draws, the passes, the deals and
/// the stage split; per rep and segment, in the segment's lane, arrivals and the pool (stale
/// contacts, the fresh pick). None is keyed by the strategy or by a target's position.
pub(super) fn simulate_field_block(
    plan: &FieldPlan,
    sim: &Simulation,
    keep: Keep,
    range: std::ops::Range<u64>,
    buffers: Buffers<'_>,
    fs: &mut FieldScratch,
) -> BlockPart {
    let weeks = sim.weeks as usize;
    let n = (range.end - range.start) as usize;
    let (j_count, s_count) = (plan.targets.len(), plan.segments.len());
    let Buffers {
        hour_counts,
        idle_counts,
        weekly_revenue,
        trial_hours,
    } = buffers;
    let mut part = BlockPart {
        trials: Vec::with_capacity(n),
        cumulative_revenue: Vec::with_capacity(n * weeks),
        hour_moments: Default::default(),
        weekly_hours: vec![[0.0; 3]; weeks],
        rep_revenue: Vec::new(),
        rep_draws: Vec::new(),
        trial_weekly_hours: Vec::new(),
        field: None,
        part_b: plan.part_b.as_ref().map(|_| PartBRun::new(n as u64, weeks)),
    };
    let mut block = FieldBlock {
        trials: n,
        target_count: j_count,
        targets: Vec::with_capacity(n * j_count),
        segments: Vec::with_capacity(n * s_count),
        weekly_fresh: Vec::with_capacity(n * weeks * s_count),
        coverage: Vec::with_capacity(n * fs.coverage.len()),
        list_out: vec![0; s_count * (weeks + 1)],
        weekly_idle: vec![0.0; weeks],
        idle_moments: Moments::default(),
    };
    let seed = sim.seed;
    // The targets' cell lanes, once per block (a seat's successors are keyed by them).
    let lanes: Vec<u64> = plan
        .targets
        .iter()
        .map(|tp| cell_lane(tp.segment, tp.contact))
        .collect();
    for trial in range {
        weekly_revenue.fill(0.0);
        trial_hours.fill(0.0);
        fs.targets.fill(TargetTotals::default());
        fs.segments.fill(SegmentTotals::default());
        fs.weekly_fresh.fill(0);
        fs.coverage.fill(0);
        let mut totals = TrialTotals::default();
        let mut trial_b = PartBTrial::default();
        if let Some((_, _, customers)) = fs.part_b.as_mut() {
            customers.fill(0);
        }
        for rep in 0..sim.reps {
            fs.streams.hours = stream(seed, trial, rep, Purpose::FieldHours);
            fs.streams.targets.clear();
            fs.draws.clear();
            // Part B first: the rep's skill factor is drawn before its targets' values.
            if let (Some(bp), Some((rb, bs, _))) = (plan.part_b.as_ref(), fs.part_b.as_mut()) {
                bs.selling = stream(seed, trial, rep, Purpose::SellingHours);
                bs.team = stream(seed, trial, rep, Purpose::Team);
                bs.skill = stream_in_lane(seed, trial, rep, Purpose::HireSkill, hire_lane(0, 0));
                bs.customers.clear();
                for s in 0..s_count {
                    let lane = segment_lane(s);
                    bs.customers
                        .push(stream_in_lane(seed, trial, rep, Purpose::Customers, lane));
                }
                bs.proposals.clear();
                for &lane in &lanes {
                    bs.proposals.push(stream_in_lane(
                        seed,
                        trial,
                        rep,
                        Purpose::CellProposals,
                        lane,
                    ));
                }
                rb.reset(bp, rep, sim.reps, bs);
            }
            for (j, (tp, &lane)) in plan.targets.iter().zip(&lanes).enumerate() {
                let cell = |purpose| stream_in_lane(seed, trial, rep, purpose, lane);
                let drawn = match (plan.part_b.as_ref(), fs.part_b.as_ref()) {
                    (Some(bp), Some((rb, _, _))) => {
                        bp.draw_target(j, &tp.samplers, rb.z, &mut cell(Purpose::CellDraws))
                    }
                    _ => tp.samplers.draw_rep(&mut cell(Purpose::CellDraws)).draws,
                };
                fs.draws.push(TargetDraws::new(drawn));
                fs.streams.targets.push(CellStreams {
                    passes: cell(Purpose::CellPasses),
                    deals: cell(Purpose::CellDeals),
                    stages: cell(Purpose::CellStages),
                });
            }
            fs.streams.segments.clear();
            for s in 0..s_count {
                let lane = segment_lane(s);
                fs.streams.segments.push(PoolStreams {
                    arrivals: stream_in_lane(seed, trial, rep, Purpose::Arrivals, lane),
                    pool: stream_in_lane(seed, trial, rep, Purpose::Pool, lane),
                });
            }
            let before = totals;
            if keep.rep_draws {
                fs.before.clone_from(&fs.targets);
            }
            let [c_p, c_r, c_d] = &mut *hour_counts;
            let [m_p, m_r, m_d] = &mut part.hour_moments;
            let mut sink = FieldSink {
                weekly_revenue,
                hour_counts: [c_p, c_r, c_d, &mut *idle_counts],
                hour_moments: [m_p, m_r, m_d, &mut block.idle_moments],
                weekly_hours: &mut part.weekly_hours,
                weekly_idle: &mut block.weekly_idle,
                trial_weekly_hours: trial_hours,
                weekly_fresh: &mut fs.weekly_fresh,
                list_out: &mut block.list_out,
                targets: &mut fs.targets,
                segments: &mut fs.segments,
                coverage: &mut fs.coverage,
            };
            let mut hires = SeatHires {
                seed,
                trial,
                rep,
                lanes: &lanes,
            };
            let part_b = match (
                plan.part_b.as_ref(),
                fs.part_b.as_mut(),
                part.part_b.as_mut(),
            ) {
                (Some(bp), Some((rb, bs, customers)), Some(run)) => Some(PartBRep {
                    plan: bp,
                    state: rb,
                    streams: bs,
                    weeks: &mut run.weeks,
                    customers,
                    hires: &mut hires,
                }),
                _ => None,
            };
            let booked = simulate_field_rep(
                plan,
                rep,
                &fs.draws,
                &mut fs.rep,
                &mut fs.streams,
                &mut totals,
                &mut sink,
                part_b,
            );
            if let Some((rb, _, _)) = fs.part_b.as_mut() {
                trial_b.add(&rb.finish());
            }
            if keep.rep_revenue {
                part.rep_revenue.push(booked as f32);
            }
            if keep.rep_draws {
                // One row per target: the rep's draws in that target, its mean cycle and deal
                // value over its closes there, and its mean hours (the same in every row).
                let hours = ((totals.prospecting_hours - before.prospecting_hours)
                    / f64::from(sim.weeks)) as f32;
                for ((d, after), was) in fs.draws.iter().zip(&fs.targets).zip(&fs.before) {
                    part.rep_draws
                        .push(target_rep_values(&d.draws, hours, was, after));
                }
            }
        }
        part.close_trial(totals, weekly_revenue, trial_hours, keep);
        if let (Some(run), Some((_, _, customers))) = (part.part_b.as_mut(), fs.part_b.as_ref()) {
            run.trials.push(&trial_b);
            run.weekly_customers
                .extend(customers.iter().map(|c| *c as f32));
        }
        block.targets.extend_from_slice(&fs.targets);
        block.segments.extend_from_slice(&fs.segments);
        block.coverage.extend_from_slice(&fs.coverage);
        block
            .weekly_fresh
            .extend(fs.weekly_fresh.iter().map(|x| *x as f32));
    }
    part.field = Some(block);
    part
}

/// One rep's values of the ten inputs in one target, in [`crate::model::inputs::InputKey::ALL`] order (a row of
/// [`super::StrategyRun::rep_draws`]): the seven once-a-trial draws in that target, the rep's
/// mean prospecting hours `hours` (the strategy's, shared by its targets), and the mean cycle
/// and deal value over the rep's closes in that target (`before` and `after` are the trial's
/// target totals before and after the rep; NaN when the rep closed nothing there). The cycle and
/// the deal value carry the segment's factors, a constant multiple within one target.
fn target_rep_values(
    draws: &[f64; 7],
    hours: f32,
    before: &TargetTotals,
    after: &TargetTotals,
) -> [f32; 10] {
    super::rep_row(
        draws,
        hours,
        after.closes - before.closes,
        after.cycle_weeks_sum - before.cycle_weeks_sum,
        after.closed_revenue - before.closed_revenue,
    )
}
