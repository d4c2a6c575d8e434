//! Part B of one rep over the horizon on a playing field: the seat (step 0), the customers (step
//! 2b), the selling week that squeezes the prospecting hours (step 3), a ramping rep's meetings
//! (step 6b) and the skill factor, called from the playing field's rep-week
//! ([`crate::model::field_week`]; docs/model.md, "The rest of the week and the team").
//!
//! Like the rest of the engine it counts with integers and allocates nothing per rep-week: the
//! buffers ([`RepB`]) live per worker and are reset per rep. Part B draws only from its own
//! streams ([`PartBStreams`]), so a scenario's prospecting draws are the same with part B on or
//! off.

use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

use crate::model::binomial::{ExponentialGaps, binomial_once};
use crate::model::dist::{HoursSampler, Sampler};
use crate::model::field::PlayingField;
use crate::model::funnel::StrategySamplers;
use crate::model::rep_b::{CustomerBook, PartBTrial, PartBWeek, Seat, SeatChange, squeeze};
use crate::model::scenario::Strategy;
use crate::model::selling::{WhenFull, weekly_churn};
use crate::model::skill::{ScoreQuantiles, score};
use crate::model::team::SeatPlan;

/// The inputs that follow the skill factor, by their position in
/// [`crate::model::funnel::REP_LEVEL_INPUTS`]: dials per hour and the four rates.
pub const SKILL_INPUTS: [usize; 5] = [2, 3, 4, 5, 6];

/// Part B of one playing-field strategy, prepared once per run.
#[derive(Debug, Clone)]
pub struct PartBPlan {
    /// `[selling]`: the selling hours a rep-week and the rule when they are full.
    pub selling: Option<(HoursSampler, WhenFull)>,
    /// Per target: selling hours of a meeting and of a proposal (0 without `[selling]`).
    pub task_hours: Vec<(f64, f64)>,
    /// `[installed_base]`.
    pub touches: Option<Touches>,
    /// Per segment: the team's customers at week 0, the weekly churn and the revenue factor.
    pub segments: Vec<CustomerSegment>,
    /// `[team]`'s turnover and ramp (a team that never changes without it).
    pub seat: SeatPlan,
    /// When a seated rep leaves: a Bernoulli process over seated weeks.
    pub leaving: ExponentialGaps,
    /// Skill correlation rho (0: every draw independent).
    pub skill: f64,
    /// Per target, the quantile tables of the [`SKILL_INPUTS`] (rho > 0 only, else empty).
    pub skill_tables: Vec<[ScoreQuantiles; 5]>,
    /// The expansion rate's table (rho > 0 with an installed base only).
    pub expansion_table: Option<ScoreQuantiles>,
}

/// `[installed_base]` as the engine uses it.
#[derive(Debug, Clone)]
pub struct Touches {
    /// Weeks between a customer's touches.
    pub every: f64,
    /// 1 / `every`: touches per customer-week.
    pub per_week: f64,
    /// Selling hours a touch takes (0 when account managers touch).
    pub hours: f64,
    /// Whether the reps make the touches (else account managers, who go on during vacancies).
    pub by_reps: bool,
    /// The expansion rate, drawn per rep.
    pub rate: Sampler,
    /// The revenue of an expansion, drawn per expansion.
    pub revenue: Sampler,
}

/// One segment's customers as the engine uses them.
#[derive(Debug, Clone, Copy)]
pub struct CustomerSegment {
    /// The team's customers at week 0 (split among the reps like the accounts).
    pub customers: u64,
    /// The weekly churn process.
    pub churn: ExponentialGaps,
    /// Multiplies expansion revenue.
    pub revenue_factor: f64,
}

/// The seat plan of a team that never changes.
const NO_TURNOVER: SeatPlan = SeatPlan {
    weekly_attrition: 0.0,
    vacancy_weeks: 0,
    ramp_weeks: 0,
    ramp_start: 1.0,
};

impl PartBPlan {
    /// Part B of `strategy` on `field`, or None when the field uses no part B feature.
    pub fn new(field: &PlayingField, strategy: &Strategy) -> Option<PartBPlan> {
        if !field.has_part_b() {
            return None;
        }
        let skill = field.team.map_or(0.0, |t| t.skill_correlation);
        let seat = field.team.map_or(NO_TURNOVER, |t| t.seat_plan());
        Some(PartBPlan {
            selling: field
                .selling
                .as_ref()
                .map(|s| (HoursSampler::new(s.hours.dist.sampler()), s.when_full)),
            task_hours: strategy
                .targets
                .iter()
                .map(|t| match field.selling {
                    Some(_) => (t.hours_per_appointment, t.hours_per_proposal),
                    None => (0.0, 0.0),
                })
                .collect(),
            touches: field.installed_base.as_ref().map(|b| Touches {
                every: b.touch_every_weeks,
                per_week: 1.0 / b.touch_every_weeks,
                hours: if b.reps_touch() {
                    b.hours_per_touch
                } else {
                    0.0
                },
                by_reps: b.reps_touch(),
                rate: b.expansion_rate.dist.sampler(),
                revenue: b.expansion_revenue.dist.sampler(),
            }),
            segments: field
                .segments
                .iter()
                .map(|s| CustomerSegment {
                    customers: s.customers,
                    churn: ExponentialGaps::new(weekly_churn(s.churn_per_year)),
                    revenue_factor: s.revenue_factor,
                })
                .collect(),
            leaving: ExponentialGaps::new(seat.weekly_attrition),
            seat,
            skill,
            skill_tables: if skill > 0.0 {
                strategy
                    .targets
                    .iter()
                    .map(|t| {
                        SKILL_INPUTS.map(|i| {
                            ScoreQuantiles::new(
                                t.inputs.dist(crate::model::funnel::REP_LEVEL_INPUTS[i]),
                            )
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            },
            expansion_table: field
                .installed_base
                .as_ref()
                .filter(|_| skill > 0.0)
                .map(|b| ScoreQuantiles::new(&b.expansion_rate.dist)),
        })
    }

    /// Whether proposals are decided week by week (for their selling hours): with `[selling]`.
    pub fn weekly_proposals(&self) -> bool {
        self.selling.is_some()
    }

    /// Whether a seat can change hands (attrition above 0).
    pub fn turnover(&self) -> bool {
        self.seat.weekly_attrition > 0.0
    }

    /// The seven once-a-trial values of a rep in target `j` (research, dials, dials per hour,
    /// connect, c2a, a2p, close), from `rng`: each input's own sampler with rho = 0 (exactly part
    /// A's draws), else the [`SKILL_INPUTS`] at the quantile of sqrt(rho) z + sqrt(1 - rho) e,
    /// e ~ N(0, 1) drawn in the inputs' order.
    pub fn draw_target<R: Rng>(
        &self,
        j: usize,
        samplers: &StrategySamplers,
        z: f64,
        rng: &mut R,
    ) -> [f64; 7] {
        if self.skill <= 0.0 {
            return samplers.draw_rep(rng).draws;
        }
        let tables = &self.skill_tables[j];
        let mut out = [0.0; 7];
        let mut skilled = 0;
        for (i, (v, key)) in out
            .iter_mut()
            .zip(crate::model::funnel::REP_LEVEL_INPUTS)
            .enumerate()
        {
            if SKILL_INPUTS.contains(&i) {
                let e: f64 = rng.sample(StandardNormal);
                *v = tables[skilled].value(score(self.skill, z, e));
                skilled += 1;
            } else {
                *v = samplers.get(key).sample(rng);
            }
        }
        out
    }
}

/// Which of a target's meetings without a close had a proposal, decided week by week: a
/// Bernoulli process over those meetings in the order they are booked, with P(proposal and no
/// close) / P(no close) (the current rep's rates), walked from one proposal to the next
/// ([`ExponentialGaps`]). It is exactly a Binomial(meetings without a close, rate) per week and
/// draws one exponential per proposal instead of one binomial per target-week.
#[derive(Debug, Clone, Copy)]
struct ProposalProcess {
    /// The rate the gaps were drawn with (NaN before the first meeting).
    rate: f64,
    gaps: ExponentialGaps,
    /// Meetings without a close so far, and the index of the next that had a proposal.
    undecided: u64,
    next: u64,
}

impl Default for ProposalProcess {
    fn default() -> ProposalProcess {
        ProposalProcess {
            rate: f64::NAN,
            gaps: ExponentialGaps::new(0.0),
            undecided: 0,
            next: u64::MAX,
        }
    }
}

impl ProposalProcess {
    /// Of `n` more meetings without a close, those that had a proposal, each with probability
    /// `rate`, from `rng`. A new rate (the first meeting's, or a successor's) redraws the wait
    /// for the next proposal: exact, since the wait for a success has no memory.
    #[inline]
    fn decide<R: Rng>(&mut self, n: u64, rate: f64, rng: &mut R) -> u64 {
        if rate.to_bits() != self.rate.to_bits() {
            self.rate = rate;
            self.gaps = ExponentialGaps::new(rate);
            self.next = self.undecided.saturating_add(self.gaps.gap(rng));
        }
        let end = self.undecided + n;
        let proposals = self.gaps.successes_before(&mut self.next, end, rng);
        self.undecided = end;
        proposals
    }
}

/// Part B's streams of one rep (the engine keys them; see `sim::rng`).
pub struct PartBStreams<R> {
    /// The weekly selling hours.
    pub selling: R,
    /// When each rep of the seat leaves.
    pub team: R,
    /// The current rep's skill factor and expansion rate (re-keyed for each hire).
    pub skill: R,
    /// Per segment: the rep's customers there.
    pub customers: Vec<R>,
    /// Per target: the week-by-week proposals and a ramping rep's meetings.
    pub proposals: Vec<R>,
}

/// Part B's state of one rep, allocated once per worker and reset per rep.
pub struct RepB {
    seat: Seat,
    books: Vec<CustomerBook>,
    /// Won deals joining the customers at the end of a week: `week * S + segment`.
    joins: Vec<u64>,
    /// Per week, the won deals joining at its end over every segment.
    week_joins: Vec<u64>,
    /// The rep's customers now, over every segment.
    customers: u64,
    segments: usize,
    /// Selling work carried over from last week.
    carry: f64,
    /// Selling hours of meetings and proposals due this week.
    due_now: [f64; 2],
    /// Selling hours of this week's new meetings and proposals, due next week.
    due_next_split: [f64; 2],
    /// Per target: which of its meetings without a close had a proposal.
    proposals: Vec<ProposalProcess>,
    /// The current rep's skill factor.
    pub z: f64,
    /// The productivity m of this week's rep (0 when the seat is vacant).
    pub m: f64,
    /// The rep's figures over the horizon so far.
    pub trial: PartBTrial,
}

impl RepB {
    /// Buffers for `plan`'s reps over `weeks` weeks.
    pub fn new(plan: &PartBPlan, weeks: u32) -> RepB {
        let s = plan.segments.len();
        RepB {
            seat: Seat::default(),
            books: Vec::with_capacity(s),
            joins: vec![0; weeks as usize * s],
            week_joins: vec![0; weeks as usize],
            customers: 0,
            segments: s,
            carry: 0.0,
            due_now: [0.0; 2],
            due_next_split: [0.0; 2],
            proposals: vec![ProposalProcess::default(); plan.task_hours.len()],
            z: 0.0,
            m: 1.0,
            trial: PartBTrial::default(),
        }
    }

    /// Sets the rep to week 0: rep `rep` of `reps` in its seat (hire 0, fully ramped), its share
    /// of every segment's customers, its skill factor and expansion rate drawn.
    pub fn reset<R: Rng>(
        &mut self,
        plan: &PartBPlan,
        rep: u32,
        reps: u32,
        streams: &mut PartBStreams<R>,
    ) {
        self.seat = Seat::start(&plan.seat, &plan.leaving, &mut streams.team);
        self.joins.fill(0);
        self.carry = 0.0;
        self.due_now = [0.0; 2];
        self.due_next_split = [0.0; 2];
        self.proposals.fill(ProposalProcess::default());
        self.m = 1.0;
        self.trial = PartBTrial::default();
        self.customers = 0;
        self.z = if plan.skill > 0.0 {
            streams.skill.sample(StandardNormal)
        } else {
            0.0
        };
        let rate = self.expansion_rate(plan, &mut streams.skill);
        self.books.clear();
        self.week_joins.fill(0);
        for (cs, rng) in plan.segments.iter().zip(streams.customers.iter_mut()) {
            let count = crate::model::field::Pool::Finite(cs.customers)
                .rep_share(rep, reps)
                .unwrap_or(0);
            self.trial.customers_start += count;
            self.customers += count;
            self.books.push(CustomerBook::new(
                count,
                cs.churn,
                plan.touches.as_ref().map_or(0.0, |t| t.per_week),
                ExponentialGaps::new(rate),
                rng,
            ));
        }
    }

    /// A rep's expansion rate, from `rng` (after the skill factor): the sampler's draw with
    /// rho = 0, else the quantile at the rep's skill score; 0 without an installed base.
    fn expansion_rate<R: Rng>(&self, plan: &PartBPlan, rng: &mut R) -> f64 {
        let Some(t) = &plan.touches else {
            return 0.0;
        };
        match &plan.expansion_table {
            Some(table) => {
                let e: f64 = rng.sample(StandardNormal);
                table.value(score(plan.skill, self.z, e))
            }
            None => t.rate.sample(rng),
        }
    }

    /// Step 0: whether the seat is filled this week; sets [`RepB::m`] (0 when vacant) and counts
    /// the week in `week`.
    #[inline]
    pub fn seat_week(&mut self, plan: &PartBPlan, week: &mut PartBWeek) -> bool {
        match self.seat.tenure() {
            None => {
                self.m = 0.0;
                self.trial.vacant_weeks += 1;
                false
            }
            Some(tenure) => {
                self.m = plan.seat.productivity(tenure);
                let ramping = tenure < plan.seat.ramp_weeks;
                self.trial.ramp_weeks += u64::from(ramping);
                self.trial.productive_weeks += self.m;
                week.seated += 1;
                week.ramping += u64::from(ramping);
                week.productive += self.m;
                true
            }
        }
    }

    /// Step 2b: each segment's customers churn, then are touched (by the rep when `seated`, by
    /// account managers always) and expand. Expansion revenue books this week: it is added to
    /// `week`'s figures and returned. Also returns the touches that take the rep's hours.
    ///
    /// The rep's churned customers, touches and expansions are counted in the books and summed
    /// into [`RepB::trial`] by [`RepB::finish`]: a week only touches the books.
    #[inline]
    pub fn customers<R: Rng>(
        &mut self,
        plan: &PartBPlan,
        seated: bool,
        streams: &mut PartBStreams<R>,
        week: &mut PartBWeek,
    ) -> (f64, u64) {
        let Some(t) = &plan.touches else {
            for (book, rng) in self.books.iter_mut().zip(streams.customers.iter_mut()) {
                if book.count > 0 {
                    self.customers -= book.churn(rng);
                }
            }
            return (0.0, 0);
        };
        let touching = seated || !t.by_reps;
        let mut revenue = 0.0;
        let mut touches = 0;
        for (s, (book, rng)) in self
            .books
            .iter_mut()
            .zip(streams.customers.iter_mut())
            .enumerate()
        {
            if book.count == 0 {
                continue;
            }
            self.customers -= book.churn(rng);
            if touching {
                let n = book.touches(rng);
                touches += n;
                let expansions = book.touch(n, rng);
                if expansions > 0 {
                    // The revenue of each expansion after all the segment's expansions, from
                    // the same stream.
                    let factor = plan.segments[s].revenue_factor;
                    for _ in 0..expansions {
                        revenue += t.revenue.sample(rng) * factor;
                    }
                }
            }
        }
        // Adding 0 would change nothing: most weeks book no expansion.
        if revenue != 0.0 {
            self.trial.expansion_revenue += revenue;
            week.expansion_revenue += revenue;
        }
        (revenue, if t.by_reps { touches } else { 0 })
    }

    /// Step 3: the week's selling hours S against the work due (carry-over, last week's
    /// meetings and proposals, this week's `touches`): returns H', the hours left to prospect of
    /// `h`. Records the hours in `week`. Without `[selling]` the work takes no time (only its
    /// hours are reported) and H' = H.
    #[inline]
    pub fn squeeze<R: Rng>(
        &mut self,
        plan: &PartBPlan,
        h: f64,
        touches: u64,
        streams: &mut PartBStreams<R>,
        week: &mut PartBWeek,
    ) -> f64 {
        let touch_hours = plan
            .touches
            .as_ref()
            .map_or(0.0, |t| touches as f64 * t.hours);
        week.prospecting_drawn += h;
        week.appointments += self.due_now[0];
        week.proposals += self.due_now[1];
        week.touches += touch_hours;
        let Some((sampler, when_full)) = &plan.selling else {
            return h;
        };
        let s = sampler.sample(&mut streams.selling);
        let demand = self.carry + self.due_now[0] + self.due_now[1] + touch_hours;
        let q = squeeze(h, s, demand, *when_full);
        debug_assert!(
            (q.prospecting + q.squeezed - h).abs() <= 1e-9 * h.max(1.0)
                && (q.within + q.squeezed + q.carry - demand).abs() <= 1e-9 * demand.max(1.0),
            "hours balance: {q:?} from h {h}, demand {demand}"
        );
        week.selling_available += s;
        week.within += q.within;
        week.squeezed += q.squeezed;
        week.carry += q.carry;
        week.binding += u64::from(q.binds);
        self.carry = q.carry;
        q.prospecting
    }

    /// A vacant week's draws, made and dropped so that the weeks after the vacancy see the
    /// hours they would see without it.
    #[inline]
    pub fn vacant_week<R: Rng>(&mut self, plan: &PartBPlan, streams: &mut PartBStreams<R>) {
        if let Some((sampler, _)) = &plan.selling {
            sampler.sample(&mut streams.selling);
        }
    }

    /// Step 6b: of `appointments` booked by a ramping rep at full rate, those kept at m times
    /// the rate (each kept with probability m, from `rng`); the others were conversations
    /// without a meeting.
    #[inline]
    pub fn ramp<R: Rng>(&self, appointments: u64, rng: &mut R) -> u64 {
        if self.m >= 1.0 || appointments == 0 {
            return appointments;
        }
        binomial_once(appointments, self.m, rng)
    }

    /// Target `j` booked `appointments` meetings this week, `won` of which close: their
    /// proposals are decided now when `[selling]` asks for their hours (every close had one;
    /// of the others, one had a proposal with P(proposal and no close) / P(no close) = `rate`),
    /// and the hours of the meetings and proposals fall due next week. Returns the proposals
    /// (0 when they are left to the split after the horizon).
    #[inline]
    pub fn booked<R: Rng>(
        &mut self,
        plan: &PartBPlan,
        j: usize,
        appointments: u64,
        won: u64,
        rate: f64,
        rng: &mut R,
    ) -> u64 {
        if !plan.weekly_proposals() || appointments == 0 {
            return 0;
        }
        let proposals = won + self.proposals[j].decide(appointments - won, rate, rng);
        let (per_meeting, per_proposal) = plan.task_hours[j];
        self.due_next_split[0] += appointments as f64 * per_meeting;
        self.due_next_split[1] += proposals as f64 * per_proposal;
        proposals
    }

    /// A won deal of `segment` whose revenue books in `week` (< W) joins the customers at the
    /// end of that week.
    #[inline]
    pub fn win(&mut self, week: usize, segment: usize) {
        self.joins[week * self.segments + segment] += 1;
        self.week_joins[week] += 1;
    }

    /// The end of week `t`: the week's wins join the customers, the new work falls due next
    /// week, and the seat may change hands (a leaver's carry-over and pending work are dropped).
    /// On a hire the successor's skill factor and expansion rate are drawn from `streams.skill`,
    /// which the caller has re-keyed for the hire; the caller draws the successor's targets.
    #[inline]
    pub fn end_week<R: Rng>(
        &mut self,
        plan: &PartBPlan,
        t: usize,
        streams: &mut PartBStreams<R>,
        rekey: impl FnOnce(u32) -> R,
    ) -> SeatChange {
        if self.week_joins[t] > 0 {
            let joins = &self.joins[t * self.segments..(t + 1) * self.segments];
            for (book, n) in self.books.iter_mut().zip(joins) {
                if *n > 0 {
                    book.join(*n);
                }
            }
            self.trial.joined += self.week_joins[t];
            self.customers += self.week_joins[t];
        }
        self.due_now = self.due_next_split;
        self.due_next_split = [0.0; 2];
        if !plan.turnover() && self.seat.tenure().is_some() {
            // No turnover: the seat only ages (up to the ramp, which the week-0 rep is past).
            return SeatChange::None;
        }
        let change = self
            .seat
            .end_week(&plan.seat, &plan.leaving, &mut streams.team);
        let left = matches!(
            change,
            SeatChange::Left | SeatChange::Hired { left: true, .. }
        );
        if left {
            self.carry = 0.0;
            self.due_now = [0.0; 2];
        }
        if let SeatChange::Hired { hire, .. } = change {
            self.trial.hires += 1;
            streams.skill = rekey(hire);
            self.z = if plan.skill > 0.0 {
                streams.skill.sample(StandardNormal)
            } else {
                0.0
            };
            let rate = self.expansion_rate(plan, &mut streams.skill);
            for (book, rng) in self.books.iter_mut().zip(streams.customers.iter_mut()) {
                book.set_expansion_rate(ExponentialGaps::new(rate), rng);
            }
        }
        change
    }

    /// The hire number of the seat's current (or last) rep.
    pub fn hire(&self) -> u32 {
        self.seat.hire
    }

    /// After the horizon: the rep's customers at the end, and the churn, touches and
    /// expansions its books counted.
    pub fn finish(&self) -> PartBTrial {
        let mut trial = self.trial;
        for b in &self.books {
            trial.customers_end += b.count;
            trial.churned += b.churned;
            trial.touches += b.touched;
            trial.expansions += b.expanded;
        }
        trial
    }

    /// The rep's customers now, over every segment.
    pub fn customers_now(&self) -> u64 {
        debug_assert_eq!(
            self.customers,
            self.books.iter().map(|b| b.count).sum::<u64>()
        );
        self.customers
    }
}
