//! One rep over the horizon on a playing field: the rep-week of "The playing field" in
//! docs/model.md (arrivals, due accounts, hours, allocation, passes, outcomes, hours reported).
//!
//! Accounts are never objects: a rep's territory is integer counters per segment (fresh
//! accounts, never touched or returned with a stale contact; retired; won; lost) and per target
//! and pass (due now; resting in a ring buffer indexed by the week the pass ended). The buffers
//! are allocated once per worker ([`RepField::new`]) and reset per rep, so a rep-week allocates
//! nothing.
//!
//! Outcomes are exact without a draw per account: the accounts a target works on pass k over the
//! horizon form one Bernoulli sequence with p = reach x yield^(k-1) x c2a, and its appointments
//! are found by jumping from one to the next ([`ExponentialGaps`]), which gives exactly
//! Binomial(n, p) appointments among any week's n accounts. Closes are a Bernoulli sequence over
//! a target's appointments with p = a2p x close. Conversations and proposals, needed only as
//! totals, are split off after the horizon with the conditional rates (see
//! [`crate::model::funnel`], whose collapse this repeats).

use rand::Rng;

use crate::model::binomial::{ExponentialGaps, TabledBinomial, binomial_once, stochastic_round};
use crate::model::field::Allocation;
use crate::model::field_week_b::{PartBPlan, PartBStreams, RepB};
use crate::model::funnel::TrialTotals;
use crate::model::hypergeometric::hypergeometric;
use crate::model::inputs::InputKey;
use crate::model::rep_b::{PartBWeek, SeatChange};
use crate::model::territory::{FieldPlan, SegmentTotals, TargetDraws, TargetTotals};
use crate::stats::{BinCounts, Moments};

/// The random streams of one rep (the engine keys them; see `sim::rng`).
pub struct FieldStreams<R> {
    /// The rep's weekly hours.
    pub hours: R,
    /// Per target (in the strategy's order), the streams of its (segment, contact) cell.
    pub targets: Vec<CellStreams<R>>,
    /// Per segment of the field, the streams of its pool.
    pub segments: Vec<PoolStreams<R>>,
}

/// The streams of one (segment, contact) cell.
pub struct CellStreams<R> {
    /// The rounding of whole accounts and the gaps between appointments.
    pub passes: R,
    /// The gaps between closes and each close's cycle and revenue.
    pub deals: R,
    /// The split of conversations and proposals after the horizon.
    pub stages: R,
}

/// The streams of one segment's pool.
pub struct PoolStreams<R> {
    /// Fresh accounts arriving each week.
    pub arrivals: R,
    /// Stale contacts among due accounts, and the pick of never-touched or returned accounts.
    pub pool: R,
}

/// Where the rep-week figures go beyond the v1 [`TrialTotals`]: the trial's weekly revenue and
/// fresh accounts, the hours distributions and weekly sums, and the per-target and per-segment
/// totals of the trial.
pub struct FieldSink<'a> {
    /// Revenue booked in each week of the current trial (length W).
    pub weekly_revenue: &'a mut [f64],
    /// Prospecting, research, dialing and idle hours per rep-week: counts per bin.
    pub hour_counts: [&'a mut BinCounts; 4],
    /// Prospecting, research, dialing and idle hours per rep-week: running sums and extremes.
    pub hour_moments: [&'a mut Moments; 4],
    /// Per week: prospecting, research and dialing hours summed over reps and trials (length W).
    pub weekly_hours: &'a mut [[f64; 3]],
    /// Per week: idle hours summed over reps and trials (length W).
    pub weekly_idle: &'a mut [f64],
    /// Prospecting hours of the current trial's team in each week (length W).
    pub trial_weekly_hours: &'a mut [f64],
    /// Fresh accounts at the end of each week, per segment, summed over the current trial's
    /// reps (`week * S + segment`; an unlimited pool counts its returned accounts only).
    pub weekly_fresh: &'a mut [u64],
    /// Rep-trials by the week each segment's fresh pool first ran out (`segment * (W + 1) +
    /// week`, week W = never).
    pub list_out: &'a mut [u64],
    /// The current trial's totals per target.
    pub targets: &'a mut [TargetTotals],
    /// The current trial's totals per segment.
    pub segments: &'a mut [SegmentTotals],
    /// The current trial's accounts at the horizon by the passes their current contact has had,
    /// per segment: `segment * (P + 1) + passes` (0: fresh, never touched or returned with a new
    /// contact; won and lost accounts count the pass that booked the meeting; retired ones P).
    pub coverage: &'a mut [u64],
}

/// One segment of one rep's territory.
#[derive(Debug, Clone, Copy, Default)]
struct SegmentState {
    unlimited: bool,
    /// Accounts at week 0.
    initial: u64,
    /// Fresh accounts never touched (not counted for an unlimited pool).
    never: u64,
    /// Fresh accounts returned with a stale contact.
    returned: u64,
    arrivals: u64,
    touched: u64,
    retired: u64,
    won: u64,
    lost: u64,
    /// First week at whose end the fresh pool was empty.
    list_out: Option<u32>,
}

impl SegmentState {
    fn fresh(&self) -> u64 {
        self.never + self.returned
    }
}

/// One target of one rep.
#[derive(Debug, Clone, Copy)]
struct TargetState {
    d: TargetDraws,
    /// 1 / dial hours and 1 / first-pass cost: accounts per hour on a later and on a first
    /// pass, so that a class's whole accounts take a multiplication, not a division.
    per_hour_retouch: f64,
    per_hour_first: f64,
    /// Which appointments close: p = a2p x close.
    closing: ExponentialGaps,
    /// Index (over the rep's appointments on this target) of the next that closes.
    next_close: u64,
    totals: TargetTotals,
    /// Appointments and closes already split into proposals (at a successor's start).
    flushed_appointments: u64,
    flushed_closes: u64,
    /// Proposals decided week by week (part B with `[selling]`).
    proposals_weekly: u64,
    /// Accounts due for any pass (the sum of the target's `due` counters): a target with none
    /// due and no fresh account to take skips its classes.
    due_total: u64,
}

/// One (target, pass) class of one rep.
#[derive(Debug, Clone, Copy)]
struct PassState {
    /// Which accounts worked on this pass book an appointment.
    appointments: ExponentialGaps,
    /// Index (over the accounts worked on this pass) of the next that books one.
    next: u64,
    /// Accounts worked on this pass so far.
    worked: u64,
    /// Appointments booked on this pass so far.
    booked: u64,
    /// P(conversation) on this pass.
    conversation: f64,
    /// Part B: a ramping rep's appointments at the full rate that their ramp did not keep
    /// (conversations without a meeting), since the last split of conversations.
    thinned: u64,
    /// Accounts worked and appointments booked already split into conversations (at a
    /// successor's start).
    flushed_worked: u64,
    flushed_booked: u64,
}

/// A rep's territory and counters, allocated once per worker and strategy and reset per rep.
pub struct RepField {
    segments: Vec<SegmentState>,
    targets: Vec<TargetState>,
    /// `target * P + (pass - 1)`.
    passes: Vec<PassState>,
    /// Accounts due for pass p, `target * P + (p - 1)` (p >= 2; index 0 of a target unused).
    due: Vec<u64>,
    /// Accounts that ended pass p without an appointment, `(slot * J + target) * P + (p - 1)`,
    /// slot = week mod L: they come due rest_weeks later. A week's slot is one contiguous
    /// block of J x P counters, walked target by target without an index computed per target.
    ring: Vec<u64>,
    /// Per slot: the accounts resting in it (all targets and passes), so that a week with
    /// nothing coming due skips the cohorts.
    slot_resting: Vec<u64>,
    /// L: rest_weeks, or W when nothing comes due within the horizon.
    ring_len: usize,
    max_passes: usize,
    /// Per target: whether it handed hours back in this week's first round.
    exhausted: Vec<bool>,
    /// The stale draw of a large cohort of due accounts.
    stale: TabledBinomial,
    /// The stale accounts of small cohorts: a Bernoulli(s) process over the due accounts of a
    /// segment, found by jumping from one stale account to the next.
    stale_gaps: ExponentialGaps,
    /// Cohorts up to this size (n s <= 1) go through `stale_gaps`, larger ones through the
    /// table: a cohort with no stale account then costs a comparison, where the table costs a
    /// uniform and a search.
    stale_gaps_max: u64,
    /// Per segment: due accounts (tested through `stale_gaps`) before the next stale one.
    until_stale: Vec<u64>,
    /// The segments fresh accounts arrive in, with their weekly arrivals (segments without
    /// arrivals are left out, so a week costs nothing for them).
    arrivals: Vec<(usize, Arrivals)>,
}

/// stochastic_round(x) for a fixed x >= 0: floor(x), plus 1 when a 64-bit uniform falls below
/// (x - floor(x)) x 2^64, which has probability x - floor(x) exactly (the fraction has 53
/// significant bits, so the threshold is exact). An integer comparison per week, where a
/// uniform f64 takes a conversion and a subtraction as well.
#[derive(Debug, Clone, Copy)]
struct Arrivals {
    whole: u64,
    threshold: u64,
}

impl Arrivals {
    fn new(x: f64) -> Option<Arrivals> {
        if x.is_nan() || x <= 0.0 {
            return None;
        }
        let whole = x.floor();
        // 2^64 x a fraction below 1 is below 2^64: the cast is exact.
        let threshold = ((x - whole) * 18_446_744_073_709_551_616.0) as u64;
        Some(Arrivals {
            whole: whole as u64,
            threshold,
        })
    }

    #[inline]
    fn sample<R: Rng>(&self, rng: &mut R) -> u64 {
        self.whole + u64::from(rng.next_u64() < self.threshold)
    }
}

impl RepField {
    /// Buffers for `plan`'s reps.
    pub fn new(plan: &FieldPlan) -> RepField {
        let p = plan.max_passes as usize;
        let j = plan.targets.len();
        let ring_len = (plan.rest_weeks.min(plan.weeks.max(1))) as usize;
        let blank_pass = PassState {
            appointments: ExponentialGaps::new(0.0),
            next: 0,
            worked: 0,
            booked: 0,
            conversation: 0.0,
            thinned: 0,
            flushed_worked: 0,
            flushed_booked: 0,
        };
        let blank_target = TargetState {
            d: TargetDraws::new([0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]),
            per_hour_retouch: 0.0,
            per_hour_first: 0.0,
            closing: ExponentialGaps::new(0.0),
            next_close: 0,
            totals: TargetTotals::default(),
            flushed_appointments: 0,
            flushed_closes: 0,
            proposals_weekly: 0,
            due_total: 0,
        };
        RepField {
            segments: vec![SegmentState::default(); plan.segments.len()],
            targets: vec![blank_target; j],
            passes: vec![blank_pass; j * p],
            due: vec![0; j * p],
            ring: vec![0; j * ring_len.max(1) * p],
            slot_resting: vec![0; ring_len.max(1)],
            ring_len: ring_len.max(1),
            max_passes: p,
            exhausted: vec![false; j],
            stale: TabledBinomial::new(plan.stale),
            stale_gaps: ExponentialGaps::new(plan.stale),
            stale_gaps_max: if plan.stale > 0.0 {
                // 1 / s >= 1; the cast saturates for a tiny s.
                (1.0 / plan.stale) as u64
            } else {
                0
            },
            until_stale: vec![u64::MAX; plan.segments.len()],
            arrivals: plan
                .segments
                .iter()
                .enumerate()
                .filter_map(|(s, sp)| Arrivals::new(sp.arrivals_per_rep_week).map(|a| (s, a)))
                .collect(),
        }
    }
}

/// The current week's hours and where its passes' hours go.
#[derive(Debug, Clone, Copy, Default)]
struct WeekHours {
    research: f64,
    dialing: f64,
}

/// Part B of one rep as the rep-week loop uses it: the plan, the rep's state (already reset for
/// this rep), its streams, where its figures go, and the streams of its successors.
pub struct PartBRep<'a, R> {
    /// The strategy's part B.
    pub plan: &'a PartBPlan,
    /// The rep's state, reset for this rep (the skill factor of the rep at week 0 drawn).
    pub state: &'a mut RepB,
    /// The rep's part B streams.
    pub streams: &'a mut PartBStreams<R>,
    /// Per week, part B's sums (length W).
    pub weeks: &'a mut [PartBWeek],
    /// The current trial's team customers at the end of each week (length W).
    pub customers: &'a mut [u64],
    /// The streams of the seat's successors.
    pub hires: &'a mut dyn HireStreams<R>,
}

/// The streams of a seat's successors, keyed by the hire's number (the engine keys them; see
/// `sim::rng`).
pub trait HireStreams<R> {
    /// The stream of the `hire`-th rep's skill factor and expansion rate.
    fn skill(&mut self, hire: u32) -> R;
    /// The stream of the `hire`-th rep's once-a-trial draws for target `target`.
    fn draws(&mut self, target: usize, hire: u32) -> R;
}

/// Simulates rep `rep` of `plan` over the horizon, with `draws[j]` its once-a-trial values for
/// target j. Adds the v1 totals (hours, deals, funnel counts) to `totals` and everything else to
/// `sink`; returns the revenue the rep booked within the horizon. With `part_b`, the seat,
/// customers, selling week, ramp and successors of "The rest of the week and the team" too.
///
/// # Panics
///
/// When `draws`, `streams.targets` or `streams.segments` are shorter than the plan's targets
/// and segments.
#[allow(clippy::too_many_arguments)]
pub fn simulate_field_rep<R: Rng>(
    plan: &FieldPlan,
    rep: u32,
    draws: &[TargetDraws],
    state: &mut RepField,
    streams: &mut FieldStreams<R>,
    totals: &mut TrialTotals,
    sink: &mut FieldSink<'_>,
    mut part_b: Option<PartBRep<'_, R>>,
) -> f64 {
    reset(plan, rep, draws, state, streams);
    let weeks = plan.weeks as usize;
    let s_count = plan.segments.len();
    let mut booked = 0.0;
    // The four hour distributions' moments stay in registers over the rep's weeks (the same
    // sums, in the same order, as recording week by week).
    let mut hour_runs = [0, 1, 2, 3].map(|i| sink.hour_moments[i].run());
    for t in 0..weeks {
        // 1. Arrivals.
        for (s, arrive) in &state.arrivals {
            let a = arrive.sample(&mut streams.segments[*s].arrivals);
            let seg = &mut state.segments[*s];
            seg.arrivals += a;
            if !seg.unlimited {
                seg.never += a;
            }
        }
        // 0. The seat: a vacant one does nothing this week (steps 1 and 2 still run).
        let seated = match part_b.as_mut() {
            Some(b) => b.state.seat_week(b.plan, &mut b.weeks[t]),
            None => true,
        };
        let slot = t % state.ring_len;
        // 2. Due accounts: those that ended a pass rest_weeks ago, each stale with p = s.
        if t >= plan.rest_weeks as usize {
            come_due(plan, state, streams, slot);
        }
        // 2b. Customers: churn, touches and expansions (booked this week).
        let mut touches = 0;
        if let Some(b) = part_b.as_mut() {
            let (revenue, by_rep) = b
                .state
                .customers(b.plan, seated, b.streams, &mut b.weeks[t]);
            sink.weekly_revenue[t] += revenue;
            booked += revenue;
            touches = by_rep;
        }
        // 3. Hours (drawn in a vacant week too, so that later weeks keep their draws), squeezed
        // by the selling week.
        let drawn = plan.hours.sample(&mut streams.hours);
        let h = match part_b.as_mut() {
            Some(b) if !seated => {
                b.state.vacant_week(b.plan, b.streams);
                0.0
            }
            Some(b) => b
                .state
                .squeeze(b.plan, drawn, touches, b.streams, &mut b.weeks[t]),
            None => drawn,
        };
        // 4-6. Allocation, passes and outcomes.
        let mut week = WeekHours::default();
        let mut work = Work {
            plan,
            week: &mut week,
            totals: &mut *totals,
            weekly_revenue: &mut *sink.weekly_revenue,
            booked: &mut booked,
            t,
            b: part_b
                .as_mut()
                .map(|b| (b.plan, &mut *b.state, &mut *b.streams)),
        };
        let idle = match plan.allocation {
            Allocation::Shares => {
                let mut pool = 0.0;
                // The first round walks the targets' counters side by side (one slice each,
                // no index arithmetic per target).
                let p = state.max_passes;
                let j_count = plan.targets.len();
                let RepField {
                    targets,
                    passes,
                    due,
                    ring,
                    slot_resting,
                    segments,
                    exhausted,
                    ..
                } = &mut *state;
                let resting = &mut ring[slot * j_count * p..][..j_count * p];
                let lanes = plan
                    .targets
                    .iter()
                    .zip(targets.iter_mut())
                    .zip(passes.chunks_exact_mut(p))
                    .zip(due.chunks_exact_mut(p))
                    .zip(resting.chunks_exact_mut(p))
                    .zip(streams.targets.iter_mut())
                    .zip(exhausted.iter_mut());
                for (j, ((((((tp, tg), passes), due), resting), cell), exhausted)) in
                    lanes.enumerate()
                {
                    let lane = Lane {
                        tg,
                        passes,
                        due,
                        resting,
                        cell,
                        slot_resting: &mut slot_resting[slot],
                    };
                    let left = work.target(j, lane, segments, &mut streams.segments, h * tp.share);
                    // A target that hands hours back has emptied every class it works, and
                    // nothing refills them before next week: the second round passes it by
                    // (offered hours, it would hand them all back and draw nothing).
                    *exhausted = left > 0.0;
                    pool += left;
                }
                for j in 0..j_count {
                    if pool <= 0.0 {
                        break;
                    }
                    if !state.exhausted[j] {
                        let (lane, segments) = lane_at(state, &mut streams.targets, slot, j);
                        pool = work.target(j, lane, segments, &mut streams.segments, pool);
                    }
                }
                pool
            }
            Allocation::Priority => {
                let mut pool = h;
                for j in 0..plan.targets.len() {
                    if pool <= 0.0 {
                        break;
                    }
                    let (lane, segments) = lane_at(state, &mut streams.targets, slot, j);
                    pool = work.target(j, lane, segments, &mut streams.segments, pool);
                }
                pool
            }
        }
        .max(0.0);
        // 7. Hours reported.
        let WeekHours { research, dialing } = week;
        totals.prospecting_hours += h;
        totals.research_hours += research;
        totals.dialing_hours += dialing;
        sink.trial_weekly_hours[t] += h;
        let wh = &mut sink.weekly_hours[t];
        wh[0] += h;
        wh[1] += research;
        wh[2] += dialing;
        sink.weekly_idle[t] += idle;
        for ((counts, run), x) in sink
            .hour_counts
            .iter_mut()
            .zip(hour_runs.iter_mut())
            .zip([h, research, dialing, idle])
        {
            run.record(counts, x);
        }
        // The fresh pools at the end of the week, and the first week each is empty.
        for (s, seg) in state.segments.iter_mut().enumerate() {
            let fresh = seg.fresh();
            sink.weekly_fresh[t * s_count + s] += fresh;
            if fresh == 0 && !seg.unlimited && seg.list_out.is_none() {
                seg.list_out = Some(t as u32);
            }
        }
        debug_assert!(conserved(plan, state), "accounts conserved in week {t}");
        // The end of the week: wins join the customers, the seat may change hands.
        if let Some(b) = part_b.as_mut() {
            let change = b
                .state
                .end_week(b.plan, t, b.streams, |hire| b.hires.skill(hire));
            if let SeatChange::Hired { hire, .. } = change {
                successor(plan, state, streams, b, hire);
            }
            b.customers[t] += b.state.customers_now();
        }
    }
    for (run, moments) in hour_runs.into_iter().zip(sink.hour_moments.iter_mut()) {
        run.finish(moments);
    }
    let weekly_proposals = part_b.as_ref().is_some_and(|b| b.plan.weekly_proposals());
    finish(plan, state, streams, totals, sink, weekly_proposals);
    booked
}

/// A successor (hire `hire` of the seat) starts next week: the leaver's conversations and
/// proposals are split off with the leaver's rates, then every target gets the successor's
/// once-a-trial draws (from the hire's streams, with the successor's skill factor), and the
/// waits for the next appointment and close are redrawn with the new rates (exact: the wait
/// for a success has no memory).
fn successor<R: Rng>(
    plan: &FieldPlan,
    state: &mut RepField,
    streams: &mut FieldStreams<R>,
    b: &mut PartBRep<'_, R>,
    hire: u32,
) {
    let p = state.max_passes;
    let weekly = b.plan.weekly_proposals();
    for (j, tp) in plan.targets.iter().enumerate() {
        let cell = &mut streams.targets[j];
        flush_stages(state, j, cell, weekly);
        let mut rng = b.hires.draws(j, hire);
        let d = TargetDraws::new(b.plan.draw_target(j, &tp.samplers, b.state.z, &mut rng));
        let tg = &mut state.targets[j];
        let closing = ExponentialGaps::new(d.a2p * d.close);
        tg.d = d;
        tg.per_hour_retouch = 1.0 / d.dial_hours;
        tg.per_hour_first = 1.0 / d.first_cost;
        tg.closing = closing;
        tg.next_close = tg
            .totals
            .appointments
            .saturating_add(closing.gap(&mut cell.deals));
        for (k, ps) in state.passes[j * p..(j + 1) * p].iter_mut().enumerate() {
            let pass = k as u32 + 1;
            ps.appointments = d.appointment_gaps(pass, plan.retouch_yield);
            ps.next = ps
                .worked
                .saturating_add(ps.appointments.gap(&mut cell.passes));
            ps.conversation = d.conversation_probability(pass, plan.retouch_yield);
        }
    }
}

/// P(A and not B) / P(not B) for an event B within A (P(A) = `a`, P(B) = `b`): the chance
/// that a trial without B had A. 0 when B is certain (no trial lacks it).
#[inline]
fn given_not(a: f64, b: f64) -> f64 {
    if b < 1.0 {
        ((a - b) / (1.0 - b)).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Splits target `j`'s conversations (per pass) and, unless they were decided week by week,
/// its proposals off the accounts worked and appointments booked since the last split, with
/// the current rep's rates: every appointment (and every thinned one) had a conversation; of
/// the other accounts one had a conversation with P(conversation and no appointment) /
/// P(no appointment). Every close had a proposal; of the other appointments one had a proposal
/// with P(proposal and no close) / P(no close).
fn flush_stages<R: Rng>(
    state: &mut RepField,
    j: usize,
    cell: &mut CellStreams<R>,
    weekly_proposals: bool,
) {
    let p = state.max_passes;
    let tg = &mut state.targets[j];
    let mut conversations = 0;
    for ps in &mut state.passes[j * p..(j + 1) * p] {
        let q = ps.appointments.p();
        let rate = given_not(ps.conversation, q);
        let booked = ps.booked - ps.flushed_booked;
        let worked = ps.worked - ps.flushed_worked;
        conversations += booked
            + ps.thinned
            + binomial_once(worked - booked - ps.thinned, rate, &mut cell.stages);
        ps.flushed_booked = ps.booked;
        ps.flushed_worked = ps.worked;
        ps.thinned = 0;
    }
    let tt = &mut tg.totals;
    tt.conversations += conversations;
    if !weekly_proposals {
        let (a2p, closed) = (tg.d.a2p, tg.closing.p());
        let rate = given_not(a2p, closed);
        let closes = tt.closes - tg.flushed_closes;
        let appointments = tt.appointments - tg.flushed_appointments;
        tt.proposals += closes + binomial_once(appointments - closes, rate, &mut cell.stages);
    }
    tg.flushed_closes = tt.closes;
    tg.flushed_appointments = tt.appointments;
}

/// Sets the rep's territory and counters to week 0.
fn reset<R: Rng>(
    plan: &FieldPlan,
    rep: u32,
    draws: &[TargetDraws],
    state: &mut RepField,
    streams: &mut FieldStreams<R>,
) {
    for (seg, sp) in state.segments.iter_mut().zip(&plan.segments) {
        let initial = sp.accounts.rep_share(rep, plan.reps);
        *seg = SegmentState {
            unlimited: initial.is_none(),
            initial: initial.unwrap_or(0),
            never: initial.unwrap_or(0),
            ..SegmentState::default()
        };
    }
    for ((until, sp), pool) in state
        .until_stale
        .iter_mut()
        .zip(&plan.segments)
        .zip(streams.segments.iter_mut())
    {
        *until = if sp.worked && state.stale_gaps_max > 0 {
            state.stale_gaps.gap(&mut pool.pool)
        } else {
            u64::MAX
        };
    }
    let p = state.max_passes;
    for (j, ((tg, d), cell)) in state
        .targets
        .iter_mut()
        .zip(draws)
        .zip(streams.targets.iter_mut())
        .enumerate()
    {
        let closing = ExponentialGaps::new(d.a2p * d.close);
        *tg = TargetState {
            d: *d,
            // An infinite cost (no dials an hour) gives 0 accounts an hour, as h / inf did.
            per_hour_retouch: 1.0 / d.dial_hours,
            per_hour_first: 1.0 / d.first_cost,
            closing,
            next_close: closing.gap(&mut cell.deals),
            totals: TargetTotals::default(),
            flushed_appointments: 0,
            flushed_closes: 0,
            proposals_weekly: 0,
            due_total: 0,
        };
        for (k, ps) in state.passes[j * p..(j + 1) * p].iter_mut().enumerate() {
            let pass = k as u32 + 1;
            let appointments = d.appointment_gaps(pass, plan.retouch_yield);
            *ps = PassState {
                appointments,
                next: appointments.gap(&mut cell.passes),
                worked: 0,
                booked: 0,
                conversation: d.conversation_probability(pass, plan.retouch_yield),
                thinned: 0,
                flushed_worked: 0,
                flushed_booked: 0,
            };
        }
    }
    state.due.fill(0);
    state.ring.fill(0);
    state.slot_resting.fill(0);
}

/// Step 2: the accounts resting in `slot` come due; each is stale with the plan's probability
/// (drawn once, now) and then goes back to its segment's fresh pool. A cohort (a target and
/// pass) of n accounts has Binomial(n, s) stale ones: drawn from the table for a large cohort,
/// or counted as the successes of the segment's Bernoulli(s) process over its due accounts
/// that fall among the cohort's n for a small one. Either way each account is stale with
/// probability s independently of every other (the process is memoryless, and which way a
/// cohort goes depends only on its size), so the mix is exact.
fn come_due<R: Rng>(
    plan: &FieldPlan,
    state: &mut RepField,
    streams: &mut FieldStreams<R>,
    slot: usize,
) {
    // A slot with nothing resting: nothing comes due (and nothing is drawn).
    if std::mem::take(&mut state.slot_resting[slot]) == 0 {
        return;
    }
    let p = state.max_passes;
    let j_count = plan.targets.len();
    let resting = &mut state.ring[slot * j_count * p..][..j_count * p];
    let cohorts = plan
        .targets
        .iter()
        .zip(resting.chunks_exact_mut(p))
        .zip(state.due.chunks_exact_mut(p))
        .zip(state.targets.iter_mut());
    for (((tp, resting), due), tg) in cohorts {
        let pool = &mut streams.segments[tp.segment].pool;
        let until_stale = &mut state.until_stale[tp.segment];
        let mut returned = 0;
        let mut came = 0;
        // Cohorts of pass 1 .. P - 1 (after pass P an account retires and never rests).
        for (cohort, next) in resting[..p - 1].iter_mut().zip(&mut due[1..]) {
            let n = std::mem::take(cohort);
            if n == 0 {
                continue;
            }
            let stale = if n <= state.stale_gaps_max {
                successes_among(n, until_stale, &state.stale_gaps, pool)
            } else {
                state.stale.sample(n, pool)
            };
            *next += n - stale;
            came += n - stale;
            returned += stale;
        }
        tg.due_total += came;
        state.segments[tp.segment].returned += returned;
    }
}

/// The successes of a Bernoulli process among its next `n` trials, `until` being the failures
/// before its next success (updated past the n trials).
#[inline]
fn successes_among<R: Rng>(n: u64, until: &mut u64, gaps: &ExponentialGaps, rng: &mut R) -> u64 {
    let mut left = n;
    let mut successes = 0;
    while *until < left {
        successes += 1;
        left -= *until + 1;
        *until = gaps.gap(rng);
    }
    *until -= left;
    successes
}

/// What a week's work on any target changes, borrowed together.
struct Work<'a, 'w, R> {
    plan: &'a FieldPlan,
    week: &'a mut WeekHours,
    totals: &'a mut TrialTotals,
    weekly_revenue: &'w mut [f64],
    booked: &'a mut f64,
    t: usize,
    /// Part B: its plan, the rep's state and streams.
    b: Option<(&'a PartBPlan, &'a mut RepB, &'a mut PartBStreams<R>)>,
}

/// One target's counters and streams for a week's work, borrowed together: its state, its
/// passes, due and resting counters (P each; resting in this week's slot) and its cell's streams.
struct Lane<'s, R> {
    tg: &'s mut TargetState,
    passes: &'s mut [PassState],
    due: &'s mut [u64],
    resting: &'s mut [u64],
    cell: &'s mut CellStreams<R>,
    /// The accounts resting in this week's slot, over every target.
    slot_resting: &'s mut u64,
}

/// Target `j`'s [`Lane`] in week slot `slot`, and the rep's segments (the second round and
/// `priority`, which visit targets by position).
fn lane_at<'s, R>(
    state: &'s mut RepField,
    cells: &'s mut [CellStreams<R>],
    slot: usize,
    j: usize,
) -> (Lane<'s, R>, &'s mut [SegmentState]) {
    let p = state.max_passes;
    let j_count = state.targets.len();
    let lane = Lane {
        tg: &mut state.targets[j],
        passes: &mut state.passes[j * p..][..p],
        due: &mut state.due[j * p..][..p],
        resting: &mut state.ring[(slot * j_count + j) * p..][..p],
        cell: &mut cells[j],
        slot_resting: &mut state.slot_resting[slot],
    };
    (lane, &mut state.segments)
}

impl PassState {
    /// Step 6 for `n` accounts worked on this pass: the appointments among them (the next
    /// successes of the pass's Bernoulli process that fall within its accounts so far).
    #[inline]
    fn work<R: Rng>(&mut self, n: u64, rng: &mut R) -> u64 {
        self.worked += n;
        let appointments = self
            .appointments
            .successes_before(&mut self.next, self.worked, rng);
        self.booked += appointments;
        appointments
    }
}

/// How many of `available` accounts costing `cost` hours each (`per_hour` = 1 / cost) the
/// hours `h` work, taking their hours off `h`: all of them when h / cost >= available
/// (u64::MAX: an unlimited pool never is), else stochastic_round(h / cost) (at most
/// `available`) using up every hour.
#[inline]
fn take<R: Rng>(available: u64, cost: f64, per_hour: f64, h: &mut f64, rng: &mut R) -> u64 {
    let whole = *h * per_hour;
    // Counts stay far below 2^63: the cast through i64 is one instruction where u64's is a
    // branchy sequence.
    let all = available as i64 as f64;
    if available != u64::MAX && whole >= all {
        *h = (*h - all * cost).max(0.0);
        available
    } else {
        *h = 0.0;
        stochastic_round(whole, rng).min(available)
    }
}

/// Takes `n` fresh accounts of `seg`: never-touched and returned ones at random in proportion
/// to their numbers (a hypergeometric draw from `pool`), all never-touched from an unlimited
/// pool.
#[inline]
fn pick_fresh<R: Rng>(seg: &mut SegmentState, n: u64, pool: &mut R) {
    if seg.unlimited {
        seg.touched += n;
        return;
    }
    let (u, v) = (seg.never, seg.returned);
    let from_returned = if v == 0 {
        0
    } else if u == 0 {
        n
    } else if n == u + v {
        v
    } else {
        hypergeometric(u + v, v, n, pool)
    };
    seg.never -= n - from_returned;
    seg.returned -= from_returned;
    seg.touched += n - from_returned;
}

impl<R: Rng> Work<'_, '_, R> {
    /// Steps 5 and 6: target `j` works its classes with `h` hours (due accounts for pass 2, 3,
    /// ..., then fresh accounts), and their outcomes are drawn; returns the hours it could not
    /// use. No hours, no work (and no draw).
    ///
    /// The classes' counts are added up and the hours, totals and closes are counted once per
    /// target and week: the closes are the next successes of the target's Bernoulli process
    /// over its appointments, whichever class booked them.
    #[inline(always)]
    fn target(
        &mut self,
        j: usize,
        lane: Lane<'_, R>,
        segments: &mut [SegmentState],
        pools: &mut [PoolStreams<R>],
        mut h: f64,
    ) -> f64 {
        if h <= 0.0 {
            return 0.0;
        }
        let Lane {
            tg,
            passes,
            due,
            resting,
            cell,
            slot_resting,
        } = lane;
        let segment = self.plan.targets[j].segment;
        let seg = &mut segments[segment];
        // Nothing due and no fresh account: nothing to work (and nothing drawn), as the
        // classes below would find.
        if tg.due_total == 0 && !seg.unlimited && seg.fresh() == 0 {
            return h;
        }
        let p = passes.len();
        let (due, resting) = (&mut due[..p], &mut resting[..p]);
        let (dial_hours, per_hour_retouch) = (tg.d.dial_hours, tg.per_hour_retouch);
        let mut appointments = 0;
        let mut retouches = 0;
        let mut retired = 0;
        let mut rested = 0;
        // Due accounts, lowest pass first (due[0] is never used: pass 1 takes fresh ones).
        for k in 1..p {
            if tg.due_total == 0 {
                break;
            }
            let available = due[k];
            if available == 0 {
                continue;
            }
            let n = take(
                available,
                dial_hours,
                per_hour_retouch,
                &mut h,
                &mut cell.passes,
            );
            due[k] = available - n;
            tg.due_total -= n;
            let booked = passes[k].work(n, &mut cell.passes);
            let booked = ramped(&mut passes[k], booked, self.b.as_mut(), j);
            appointments += booked;
            retouches += n;
            let rest = n - booked;
            if k + 1 < p {
                resting[k] += rest;
                rested += rest;
            } else {
                retired += rest;
            }
            if h <= 0.0 {
                break;
            }
        }
        // Fresh accounts.
        let mut first = 0;
        if h > 0.0 {
            let available = if seg.unlimited { u64::MAX } else { seg.fresh() };
            if available > 0 {
                first = take(
                    available,
                    tg.d.first_cost,
                    tg.per_hour_first,
                    &mut h,
                    &mut cell.passes,
                );
                pick_fresh(seg, first, &mut pools[segment].pool);
                let booked = passes[0].work(first, &mut cell.passes);
                let booked = ramped(&mut passes[0], booked, self.b.as_mut(), j);
                appointments += booked;
                let rest = first - booked;
                if p > 1 {
                    resting[0] += rest;
                    rested += rest;
                } else {
                    retired += rest;
                }
            }
        }
        *slot_resting += rested;
        seg.retired += retired;
        let worked = first + retouches;
        if worked == 0 {
            return h;
        }
        // Hours and totals of the week's passes.
        let d = tg.d;
        let tt = &mut tg.totals;
        tt.dials += worked * d.dials;
        tt.first_passes += first;
        tt.retouches += retouches;
        // Through i64: one instruction where u64's conversion is a branchy sequence (a rep's
        // counts stay far below 2^63, where the two agree).
        let dialing = worked as i64 as f64 * dial_hours;
        tt.dialing_hours += dialing;
        self.week.dialing += dialing;
        if first > 0 {
            let research = first as i64 as f64 * d.research;
            tt.research_hours += research;
            self.week.research += research;
        }
        if appointments == 0 {
            return h;
        }
        // Closes among the week's appointments.
        let before = tt.appointments;
        tt.appointments += appointments;
        let tp = &self.plan.targets[j];
        let mut won = 0;
        while tg.next_close < tg.totals.appointments {
            debug_assert!(tg.next_close >= before);
            won += 1;
            tg.next_close = tg.closing.after(tg.next_close, &mut cell.deals);
            let cycle = tp
                .samplers
                .get(InputKey::SalesCycleWeeks)
                .sample(&mut cell.deals)
                * tp.cycle_factor;
            let value = tp
                .samplers
                .get(InputKey::RevenuePerSale)
                .sample(&mut cell.deals)
                * tp.revenue_factor;
            // Booked in week t + floor(L + 0.5), as in the flat model (L >= 0, so the cast is
            // floor; it saturates for absurd cycles).
            let week = (self.t as u64).saturating_add((cycle + 0.5) as u64);
            let tt = &mut tg.totals;
            tt.closes += 1;
            if week < self.plan.weeks as u64 {
                self.weekly_revenue[week as usize] += value;
                *self.booked += value;
                tt.revenue += value;
                tt.deals += 1;
                self.totals.deals += 1;
                if let Some((_, rb, _)) = self.b.as_mut() {
                    rb.win(week as usize, segment);
                }
            } else {
                tt.pipeline_past_horizon += value;
                self.totals.pipeline_past_horizon += value;
            }
            tt.cycle_weeks_sum += cycle;
            tt.closed_revenue += value;
            self.totals.cycle_weeks_sum += cycle;
            self.totals.closed_revenue += value;
        }
        seg.won += won;
        seg.lost += appointments - won;
        // Part B: the meetings' and proposals' selling hours fall due next week.
        if let Some((bp, rb, st)) = self.b.as_mut()
            && bp.weekly_proposals()
        {
            let (a2p, closed) = (tg.d.a2p, tg.closing.p());
            let rate = given_not(a2p, closed);
            tg.proposals_weekly += rb.booked(bp, j, appointments, won, rate, &mut st.proposals[j]);
        }
        h
    }
}

/// Step 6b: of `booked` appointments at the full rate on a pass, those a ramping rep keeps
/// (each with probability m, from the cell's part B stream); the others were conversations
/// without a meeting and rest like any account without one.
#[inline]
fn ramped<R: Rng>(
    ps: &mut PassState,
    booked: u64,
    b: Option<&mut (&PartBPlan, &mut RepB, &mut PartBStreams<R>)>,
    j: usize,
) -> u64 {
    let Some((_, rb, st)) = b else {
        return booked;
    };
    if rb.m >= 1.0 || booked == 0 {
        return booked;
    }
    let kept = rb.ramp(booked, &mut st.proposals[j]);
    ps.booked -= booked - kept;
    ps.thinned += booked - kept;
    kept
}

/// After the horizon: the stage split (of what is left since a successor started; week by week
/// decided proposals are taken as they are), the rep's totals into the trial's.
fn finish<R: Rng>(
    plan: &FieldPlan,
    state: &mut RepField,
    streams: &mut FieldStreams<R>,
    totals: &mut TrialTotals,
    sink: &mut FieldSink<'_>,
    weekly_proposals: bool,
) {
    let (p, l) = (state.max_passes, state.ring_len);
    let j_count = plan.targets.len();
    let weeks = plan.weeks as usize;
    for (j, cell) in streams.targets.iter_mut().enumerate() {
        flush_stages(state, j, cell, weekly_proposals);
        let tg = &mut state.targets[j];
        let tt = &mut tg.totals;
        if weekly_proposals {
            tt.proposals = tg.proposals_weekly;
        }
        totals.dials += tt.dials;
        totals.closes += tt.closes;
        totals.proposals += tt.proposals;
        totals.appointments += tt.appointments;
        totals.conversations += tt.conversations;
        sink.targets[j].add(tt);
    }
    for (s, seg) in state.segments.iter().enumerate() {
        let mut due = 0;
        let mut resting = 0;
        let coverage = &mut sink.coverage[s * (p + 1)..(s + 1) * (p + 1)];
        coverage[0] += seg.fresh();
        coverage[p] += seg.retired;
        for (j, tp) in plan.targets.iter().enumerate() {
            if tp.segment != s {
                continue;
            }
            for k in 0..p {
                // Due for pass k + 1: k passes so far; resting after pass k + 1, or booked on
                // it: k + 1.
                let due_k = state.due[j * p + k];
                let resting_k: u64 = (0..l)
                    .map(|slot| state.ring[(slot * j_count + j) * p + k])
                    .sum();
                coverage[k] += due_k;
                coverage[k + 1] += resting_k + state.passes[j * p + k].booked;
                due += due_k;
                resting += resting_k;
            }
        }
        sink.segments[s].add(&SegmentTotals {
            arrivals: seg.arrivals,
            touched: seg.touched,
            fresh: seg.fresh(),
            returned: seg.returned,
            due,
            resting,
            retired: seg.retired,
            won: seg.won,
            lost: seg.lost,
        });
        let week = seg.list_out.map_or(weeks, |w| w as usize);
        sink.list_out[s * (weeks + 1) + week] += 1;
    }
}

/// The conservation identity of docs/model.md, per finite segment: fresh + due + resting +
/// retired + won + lost = accounts at week 0 + arrivals; and the running totals a week uses to
/// skip work (due accounts per target, resting accounts per slot) agree with the counters.
fn conserved(plan: &FieldPlan, state: &RepField) -> bool {
    let (p, l) = (state.max_passes, state.ring_len);
    let j_count = plan.targets.len();
    state.segments.iter().enumerate().all(|(s, seg)| {
        if seg.unlimited {
            return true;
        }
        let mut worked = 0;
        for (j, tp) in plan.targets.iter().enumerate() {
            if tp.segment == s {
                worked += state.due[j * p..(j + 1) * p].iter().sum::<u64>()
                    + (0..l)
                        .map(|slot| {
                            state.ring[(slot * j_count + j) * p..][..p]
                                .iter()
                                .sum::<u64>()
                        })
                        .sum::<u64>();
            }
        }
        // The running totals that let a week skip work agree with the counters.
        let due_total: u64 = state.due.iter().sum();
        let counted: u64 = state.targets.iter().map(|tg| tg.due_total).sum();
        let slots_agree = state
            .ring
            .chunks_exact(j_count * p)
            .zip(&state.slot_resting)
            .all(|(block, total)| block.iter().sum::<u64>() == *total);
        if due_total != counted || !slots_agree {
            return false;
        }
        seg.fresh() + worked + seg.retired + seg.won + seg.lost == seg.initial + seg.arrivals
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dist::{Dist, HoursSampler, Sampler};
    use crate::model::field::Pool;
    use crate::model::funnel::StrategySamplers;
    use crate::model::inputs::{Input, Inputs, Stated};
    use crate::model::territory::{SegmentPlan, TargetPlan};
    use crate::stats::{BinCounts, Moments};
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn constant_inputs(values: [f64; 10]) -> Inputs {
        Inputs(values.map(|v| Input {
            dist: Dist::Constant(v),
            text: v.to_string(),
            stated: Stated::Number,
        }))
    }

    /// One rep, one segment of 100 accounts, one target with constant inputs and no
    /// conversations (connect 0), 20 h a week at 1 h a pass (no research, 2 dials at 2 an
    /// hour), three passes, two weeks' rest, no decay.
    fn plan(weeks: u32) -> FieldPlan {
        let inputs = constant_inputs([20.0, 0.0, 2.0, 2.0, 0.0, 0.5, 0.5, 0.5, 4.0, 1000.0]);
        FieldPlan {
            weeks,
            reps: 1,
            rest_weeks: 2,
            max_passes: 3,
            retouch_yield: 1.0,
            stale: 0.0,
            allocation: Allocation::Shares,
            hours: HoursSampler::new(Sampler::Constant(20.0)),
            targets: vec![TargetPlan {
                segment: 0,
                contact: 0,
                share: 1.0,
                samplers: StrategySamplers::new(&inputs),
                revenue_factor: 1.0,
                cycle_factor: 1.0,
            }],
            segments: vec![SegmentPlan {
                accounts: Pool::Finite(100),
                arrivals_per_rep_week: 0.0,
                worked: true,
            }],
            part_b: None,
        }
    }

    /// The week by week schedule worked out by hand (20 accounts a week; due accounts first):
    /// weeks 0-1 fresh, 2-3 pass 2, 4-5 pass 3 (retired), 6-7 fresh, 8-9 pass 2, 10-11 pass 3,
    /// 12 fresh (the list is out at the end of week 12), 13 idle, 14 pass 2, 15 idle.
    #[test]
    fn constant_inputs_give_the_hand_worked_schedule() {
        let plan = plan(16);
        let weeks = 16;
        let rng = |k: u64| Xoshiro256PlusPlus::seed_from_u64(k);
        let mut streams = FieldStreams {
            hours: rng(1),
            targets: vec![CellStreams {
                passes: rng(2),
                deals: rng(3),
                stages: rng(4),
            }],
            segments: vec![PoolStreams {
                arrivals: rng(5),
                pool: rng(6),
            }],
        };
        let draws = [TargetDraws::new([0.0, 2.0, 2.0, 0.0, 0.5, 0.5, 0.5])];
        let mut state = RepField::new(&plan);
        let mut totals = TrialTotals::default();
        let mut weekly_revenue = vec![0.0; weeks];
        let mut counts: [BinCounts; 4] = Default::default();
        let mut moments = [Moments::default(); 4];
        let mut weekly_hours = vec![[0.0; 3]; weeks];
        let mut weekly_idle = vec![0.0; weeks];
        let mut trial_hours = vec![0.0; weeks];
        let mut weekly_fresh = vec![0; weeks];
        let mut list_out = vec![0; weeks + 1];
        let mut targets = vec![TargetTotals::default()];
        let mut segments = vec![SegmentTotals::default()];
        let mut coverage = vec![0; 4];
        let [c0, c1, c2, c3] = &mut counts;
        let [m0, m1, m2, m3] = &mut moments;
        let mut sink = FieldSink {
            weekly_revenue: &mut weekly_revenue,
            hour_counts: [c0, c1, c2, c3],
            hour_moments: [m0, m1, m2, m3],
            weekly_hours: &mut weekly_hours,
            weekly_idle: &mut weekly_idle,
            trial_weekly_hours: &mut trial_hours,
            weekly_fresh: &mut weekly_fresh,
            list_out: &mut list_out,
            targets: &mut targets,
            segments: &mut segments,
            coverage: &mut coverage,
        };
        simulate_field_rep(
            &plan,
            0,
            &draws,
            &mut state,
            &mut streams,
            &mut totals,
            &mut sink,
            None,
        );
        let t = targets[0];
        assert_eq!((t.first_passes, t.retouches, t.dials), (100, 180, 560));
        assert_eq!(t.appointments, 0);
        let mut expected_idle = vec![0.0; weeks];
        expected_idle[13] = 20.0;
        expected_idle[15] = 20.0;
        assert_eq!(weekly_idle, expected_idle);
        assert_eq!(totals.dialing_hours, 280.0);
        assert_eq!(totals.research_hours, 0.0);
        assert_eq!(totals.prospecting_hours, 320.0);
        let fresh: Vec<u64> = vec![80, 60, 60, 60, 60, 60, 40, 20, 20, 20, 20, 20, 0, 0, 0, 0];
        assert_eq!(weekly_fresh, fresh);
        let mut expected_list_out = vec![0; weeks + 1];
        expected_list_out[12] = 1;
        assert_eq!(list_out, expected_list_out);
        let s = segments[0];
        assert_eq!(
            (
                s.fresh, s.due, s.resting, s.retired, s.won, s.lost, s.touched
            ),
            (0, 0, 20, 80, 0, 0, 100)
        );
        // By passes: week 12's 20 rest after their second pass (week 14), the other 80 retired
        // after 3.
        assert_eq!(coverage, [0, 0, 20, 80]);
        assert_eq!(totals.dials, 560);
    }
}
