//! One rep over the horizon: the rep-week steps of docs/model.md, with the funnel chain collapsed.
//!
//! Within a trial a rep's four rates are fixed, and thinning a binomial count by a fixed rate is
//! again binomial. So each dial closes with p = connect x c2a x a2p x close, independently: the
//! closing dials are found by jumping from one to the next ([`SuccessGaps`]), which gives each
//! week exactly Binomial(D_t, p) closes. The stages in between are drawn once per rep after the
//! horizon, conditionally on the closes (see [`RepParams::stage_rates`]). The joint distribution
//! of every total is the same as drawing stage by stage; the tests compare both.

use rand::Rng;

use crate::model::binomial::{SuccessGaps, binomial_once, stochastic_round};
use crate::model::dist::{Sampler, truncated_normal};
use crate::model::inputs::{InputKey, Inputs};
use crate::stats::{BinCounts, Moments, record_all, record_repeated};

/// A strategy's inputs as samplers, built once per run.
#[derive(Debug, Clone)]
pub struct StrategySamplers {
    samplers: Vec<Sampler>,
}

impl StrategySamplers {
    /// Samplers for every input.
    pub fn new(inputs: &Inputs) -> Self {
        StrategySamplers {
            samplers: InputKey::ALL
                .iter()
                .map(|k| inputs.dist(*k).sampler())
                .collect(),
        }
    }

    /// The sampler of `key`.
    #[inline]
    pub fn get(&self, key: InputKey) -> &Sampler {
        &self.samplers[key.index()]
    }

    /// Draws one rep's once-a-trial values, in [`InputKey`] order.
    pub fn draw_rep<R: Rng + ?Sized>(&self, rng: &mut R) -> RepParams {
        let [
            research,
            dials_per_account,
            dials_per_hour,
            connect,
            c2a,
            a2p,
            close,
        ] = REP_LEVEL_INPUTS.map(|k| self.get(k).sample(rng));
        RepParams::new(
            research,
            dials_per_account,
            dials_per_hour,
            [connect, c2a, a2p, close],
        )
    }
}

/// The inputs drawn once per rep and trial, in the order of [`RepParams::draws`].
pub const REP_LEVEL_INPUTS: [InputKey; 7] = [
    InputKey::ResearchHoursPerAccount,
    InputKey::DialsPerAccount,
    InputKey::DialsPerHour,
    InputKey::ConnectRate,
    InputKey::ConversationToAppointment,
    InputKey::AppointmentToProposal,
    InputKey::ProposalToClose,
];

/// One rep's fixed values for a trial, in the form the weekly loop needs.
#[derive(Debug, Clone, Copy)]
pub struct RepParams {
    /// Dials per prospecting hour: dials_per_account / c.
    pub dials_per_prospecting_hour: f64,
    /// Share of prospecting hours spent on research: research_hours_per_account / c.
    pub research_share: f64,
    /// connect, conversation-to-appointment, appointment-to-proposal, proposal-to-close.
    pub rates: [f64; 4],
    /// Which dials close: a Bernoulli process with p = the product of the four rates.
    pub closing_dials: SuccessGaps,
    /// The values drawn for this rep, in [`REP_LEVEL_INPUTS`] order (for sensitivity analysis).
    pub draws: [f64; 7],
}

impl RepParams {
    /// Derives the weekly quantities from one rep's draws.
    pub fn new(
        research: f64,
        dials_per_account: f64,
        dials_per_hour: f64,
        rates: [f64; 4],
    ) -> Self {
        // c = hours per account worked. Validation keeps it > 0 except on events of probability
        // zero (a continuous draw of exactly 0); those give a rep who works no accounts.
        let dial_hours = if dials_per_hour > 0.0 {
            dials_per_account / dials_per_hour
        } else {
            f64::INFINITY
        };
        let c = research + dial_hours;
        let (dials_per_prospecting_hour, research_share) = if c > 0.0 && c.is_finite() {
            (dials_per_account / c, research / c)
        } else {
            (0.0, 0.0)
        };
        let p_close = rates.iter().product();
        RepParams {
            dials_per_prospecting_hour,
            research_share,
            rates,
            closing_dials: SuccessGaps::new(p_close),
            draws: [
                research,
                dials_per_account,
                dials_per_hour,
                rates[0],
                rates[1],
                rates[2],
                rates[3],
            ],
        }
    }

    /// For the dials that did not end in a close, the conditional rates of reaching a proposal,
    /// then (of those that did not) an appointment, then a conversation.
    ///
    /// With P1..P4 the chance that a dial reaches conversation, appointment, proposal and close,
    /// a dial that did not close reached a proposal with probability (P3 - P4) / (1 - P4); one
    /// that reached no proposal reached an appointment with (P2 - P3) / (1 - P3), and so on.
    pub fn stage_rates(&self) -> [f64; 3] {
        let [connect, c2a, a2p, close] = self.rates;
        let p1 = connect;
        let p2 = p1 * c2a;
        let p3 = p2 * a2p;
        let p4 = p3 * close;
        let conditional = |reach: f64, deeper: f64| {
            if deeper < 1.0 {
                ((reach - deeper) / (1.0 - deeper)).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        [
            conditional(p3, p4),
            conditional(p2, p3),
            conditional(p1, p2),
        ]
    }
}

/// Team totals of one trial over the horizon.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TrialTotals {
    /// Revenue booked within the horizon.
    pub revenue: f64,
    /// Closes booked within the horizon.
    pub deals: u64,
    /// Every close of the horizon's rep-weeks, booked in time or not.
    pub closes: u64,
    /// Proposals.
    pub proposals: u64,
    /// First appointments.
    pub appointments: u64,
    /// Live conversations with the targeted contact.
    pub conversations: u64,
    /// Dial attempts.
    pub dials: u64,
    /// Revenue of closes that book after the horizon.
    pub pipeline_past_horizon: f64,
    /// Prospecting hours.
    pub prospecting_hours: f64,
    /// Research hours (part of prospecting).
    pub research_hours: f64,
    /// Dialing hours (the rest of prospecting).
    pub dialing_hours: f64,
    /// Sum of the cycle lengths of every close (for the mean cycle).
    pub cycle_weeks_sum: f64,
    /// Sum of the revenue of every close (for the mean revenue per sale).
    pub closed_revenue: f64,
}

/// Where rep-week figures go beyond the trial's totals: per-week revenue of this trial, the
/// hours distributions, and the per-week hours sums shared by a block of trials.
pub struct RepWeekSink<'a> {
    /// Revenue booked in each week of the current trial (length W).
    pub weekly_revenue: &'a mut [f64],
    /// Prospecting, research and dialing hours per rep-week: counts per bin.
    pub hour_counts: &'a mut [BinCounts; 3],
    /// Prospecting, research and dialing hours per rep-week: running sums and extremes.
    pub hour_moments: &'a mut [Moments; 3],
    /// Per week: summed prospecting, research and dialing hours (length W).
    pub weekly_hours: &'a mut [[f64; 3]],
    /// Prospecting hours of the current trial's team in each week (length W).
    pub trial_weekly_hours: &'a mut [f64],
}

/// One strategy a rep follows in a trial, with its share of the rep's prospecting hours: a plain
/// strategy is one component with share 1, a mix has several. Each carries its own streams for
/// deals and the stage split, and its running counts.
pub struct Component<'a, R: Rng> {
    /// The strategy's samplers (cycle and revenue per deal).
    pub samplers: &'a StrategySamplers,
    /// The rep's draws for this strategy.
    pub params: RepParams,
    /// Share of the rep's prospecting hours, in (0, 1].
    pub share: f64,
    /// Closing gaps, cycle and revenue of each close.
    pub deals: R,
    /// The stage split after the horizon.
    pub stages: R,
    dials_total: u64,
    closes_total: u64,
    next_closing_dial: u64,
}

impl<'a, R: Rng> Component<'a, R> {
    /// A component at the start of the horizon.
    pub fn new(
        samplers: &'a StrategySamplers,
        params: RepParams,
        share: f64,
        deals: R,
        stages: R,
    ) -> Self {
        Component {
            samplers,
            params,
            share,
            deals,
            stages,
            dials_total: 0,
            closes_total: 0,
            next_closing_dial: 0,
        }
    }
}

/// Simulates one rep over `weeks` weeks. Each week every component draws its strategy's
/// prospecting hours H_j from its own week stream (`week_rngs[j]`, one per component) and works
/// its share of them: a plain strategy (one component, share 1) prospects H hours; a mix
/// prospects the sum over its components of share_j x H_j (see "A mixed strategy" in
/// docs/model.md). Adds to `totals` and `sink`; returns the revenue the rep booked within the
/// horizon.
///
/// # Panics
///
/// When `week_rngs` is shorter than `components`.
///
/// The weekly loop is the engine's hot path (see "Where the time goes" in ARCHITECTURE.md): the
/// hours sampler is matched once here rather than once a week, and a plain strategy (one
/// component) gets a loop of its own. Every variant does the same arithmetic in the same order,
/// so the results do not depend on which loop ran.
#[inline]
pub fn simulate_rep<R: Rng>(
    components: &mut [Component<'_, R>],
    week_rngs: &mut [R],
    weeks: u32,
    totals: &mut TrialTotals,
    sink: &mut RepWeekSink<'_>,
) -> f64 {
    for c in components.iter_mut() {
        // Index (from 0, over the horizon) of the component's next dial that closes.
        c.next_closing_dial = c.params.closing_dials.gap(&mut c.deals);
    }
    let horizon = u64::from(weeks);
    let Some(first) = components.first() else {
        return 0.0;
    };
    let hours = first.samplers.get(InputKey::ProspectingHoursPerWeek);
    let booked_revenue = match (hours, &mut *components, &mut *week_rngs) {
        (Sampler::Normal(normal, min, max), [single], [week_rng, ..]) => {
            let (mean, sd, min, max) = (normal.mean(), normal.std_dev(), *min, *max);
            weeks_of_one(
                |rng: &mut R| truncated_normal(mean, sd, min, max, rng),
                single,
                horizon,
                week_rng,
                totals,
                sink,
            )
        }
        (Sampler::Constant(h), [single], [week_rng, ..]) => {
            weeks_of_one(|_: &mut R| *h, single, horizon, week_rng, totals, sink)
        }
        (_, [single], [week_rng, ..]) => weeks_of_one(
            |rng: &mut R| hours.sample(rng),
            single,
            horizon,
            week_rng,
            totals,
            sink,
        ),
        (_, mixed, week_rngs) => weeks_of_many(mixed, week_rngs, horizon, totals, sink),
    };
    for c in components.iter_mut() {
        // The stages between dial and close, as totals over the horizon (see the module doc).
        let (dials, closes) = (c.dials_total, c.closes_total);
        let [q_proposal, q_appointment, q_conversation] = c.params.stage_rates();
        let proposals = closes + binomial_once(dials - closes, q_proposal, &mut c.stages);
        let appointments =
            proposals + binomial_once(dials - proposals, q_appointment, &mut c.stages);
        let conversations =
            appointments + binomial_once(dials - appointments, q_conversation, &mut c.stages);
        totals.dials += dials;
        totals.closes += closes;
        totals.proposals += proposals;
        totals.appointments += appointments;
        totals.conversations += conversations;
    }
    booked_revenue
}

/// Weeks handled per pass of [`weeks_of_one`]: its buffers live on the stack (512 bytes each).
const CHUNK_WEEKS: usize = 64;

/// The weeks of a rep who follows one strategy (the common case), in two passes over chunks of
/// [`CHUNK_WEEKS`] weeks: the first draws each week's hours and dials and books the closes, the
/// second adds the hours into the running sums and histograms. Each sum still receives its
/// values in week order, so the bits are those of [`weeks_of_many`]'s single pass; split this
/// way, the second pass keeps its running sums in registers and its additions overlap.
#[inline(always)]
fn weeks_of_one<R: Rng, H: FnMut(&mut R) -> f64>(
    mut draw_hours: H,
    c: &mut Component<'_, R>,
    horizon: u64,
    week_rng: &mut R,
    totals: &mut TrialTotals,
    sink: &mut RepWeekSink<'_>,
) -> f64 {
    let (share, research_share, dials_per_hour) = (
        c.share,
        c.params.research_share,
        c.params.dials_per_prospecting_hour,
    );
    // No homework: every research value is 0.0 + H x 0 = +0.0 (H is finite), so the research
    // histogram takes them in one step after the loop.
    let no_homework = research_share == 0.0;
    let mut deals = DealBook::new(sink.weekly_revenue, horizon, totals);
    let mut prospecting = [0.0; CHUNK_WEEKS];
    let mut research = [0.0; CHUNK_WEEKS];
    let ([c_prospecting, c_research, c_dialing], [m_prospecting, m_research, m_dialing]) =
        (&mut *sink.hour_counts, &mut *sink.hour_moments);
    for (chunk, (week_hours, trial_hours)) in sink
        .weekly_hours
        .chunks_mut(CHUNK_WEEKS)
        .zip(sink.trial_weekly_hours.chunks_mut(CHUNK_WEEKS))
        .enumerate()
    {
        let first_week = chunk * CHUNK_WEEKS;
        let len = week_hours.len().min(trial_hours.len());
        let (prospecting, research) = (&mut prospecting[..len], &mut research[..len]);
        // The running dial count and the next closing dial stay in registers; only a close
        // (about one week in six on the built-in scenario) goes out of line.
        let (mut dials_total, mut next_closing) = (c.dials_total, c.next_closing_dial);
        for (i, (p, r)) in prospecting.iter_mut().zip(research.iter_mut()).enumerate() {
            *p = draw_hours(week_rng);
            let share_hours = *p * share;
            // Starts from 0.0 as the mixed loop's sum does (0.0 + x is not x when x is -0.0).
            *r = 0.0 + share_hours * research_share;
            dials_total += stochastic_round(share_hours * dials_per_hour, week_rng);
            if next_closing < dials_total {
                next_closing = deals.close(c, first_week + i, next_closing, dials_total);
            }
        }
        (c.dials_total, c.next_closing_dial) = (dials_total, next_closing);

        let (mut sum_p, mut sum_r, mut sum_d) = (
            totals.prospecting_hours,
            totals.research_hours,
            totals.dialing_hours,
        );
        let (mut run_p, mut run_r, mut run_d) =
            (m_prospecting.run(), m_research.run(), m_dialing.run());
        for (((week, trial), &p), &r) in week_hours
            .iter_mut()
            .zip(trial_hours.iter_mut())
            .zip(prospecting.iter())
            .zip(research.iter())
        {
            let d = p - r;
            *trial += p;
            week[0] += p;
            week[1] += r;
            week[2] += d;
            sum_p += p;
            sum_r += r;
            sum_d += d;
            run_p.record(c_prospecting, p);
            if !no_homework {
                run_r.record(c_research, r);
            }
            run_d.record(c_dialing, d);
        }
        (
            totals.prospecting_hours,
            totals.research_hours,
            totals.dialing_hours,
        ) = (sum_p, sum_r, sum_d);
        run_p.finish(m_prospecting);
        run_r.finish(m_research);
        run_d.finish(m_dialing);
        if no_homework {
            record_repeated(c_research, m_research, 0.0, len);
        }
    }
    deals.finish(totals)
}

/// The weeks of a rep who splits the hours between several strategies (a mix): each component
/// draws its own strategy's hours from its own week stream, in the order a plain strategy does
/// (hours, then the dial rounding), and works its share of them.
fn weeks_of_many<R: Rng>(
    components: &mut [Component<'_, R>],
    week_rngs: &mut [R],
    horizon: u64,
    totals: &mut TrialTotals,
    sink: &mut RepWeekSink<'_>,
) -> f64 {
    assert!(
        week_rngs.len() >= components.len(),
        "one week stream per component"
    );
    let mut deals = DealBook::new(sink.weekly_revenue, horizon, totals);
    for (t, (week_hours, trial_hours)) in sink
        .weekly_hours
        .iter_mut()
        .zip(sink.trial_weekly_hours.iter_mut())
        .enumerate()
    {
        let mut prospecting = 0.0;
        let mut research = 0.0;
        for (c, week_rng) in components.iter_mut().zip(week_rngs.iter_mut()) {
            let own_hours = c
                .samplers
                .get(InputKey::ProspectingHoursPerWeek)
                .sample(week_rng);
            let share_hours = own_hours * c.share;
            prospecting += share_hours;
            research += share_hours * c.params.research_share;
            let dials =
                stochastic_round(share_hours * c.params.dials_per_prospecting_hour, week_rng);
            c.dials_total += dials;
            if c.next_closing_dial < c.dials_total {
                c.next_closing_dial = deals.close(c, t, c.next_closing_dial, c.dials_total);
            }
        }
        *trial_hours += prospecting;
        let dialing = prospecting - research;
        totals.prospecting_hours += prospecting;
        totals.research_hours += research;
        totals.dialing_hours += dialing;
        for ((counts, moments), x) in sink
            .hour_counts
            .iter_mut()
            .zip(sink.hour_moments.iter_mut())
            .zip([prospecting, research, dialing])
        {
            record_all(counts, moments, &[x]);
        }
        week_hours[0] += prospecting;
        week_hours[1] += research;
        week_hours[2] += dialing;
    }
    deals.finish(totals)
}

/// The closed deals of one rep over the horizon: revenue into the week each books in, and the
/// trial's deal totals, carried locally while the rep runs (each sum continues the trial's, so
/// the additions happen in the same order as adding to the totals directly).
struct DealBook<'s> {
    weekly_revenue: &'s mut [f64],
    horizon: u64,
    booked_revenue: f64,
    deals: u64,
    pipeline_past_horizon: f64,
    cycle_weeks_sum: f64,
    closed_revenue: f64,
}

impl<'s> DealBook<'s> {
    fn new(weekly_revenue: &'s mut [f64], horizon: u64, totals: &TrialTotals) -> Self {
        DealBook {
            weekly_revenue,
            horizon,
            booked_revenue: 0.0,
            deals: totals.deals,
            pipeline_past_horizon: totals.pipeline_past_horizon,
            cycle_weeks_sum: totals.cycle_weeks_sum,
            closed_revenue: totals.closed_revenue,
        }
    }

    /// Books every closing dial of `c` from `next_closing` (its index) up to `dials_total`, in
    /// week `t`; returns the index of the next closing dial after them. Out of line: a week has
    /// a close only about one time in six on the built-in scenario.
    #[inline(never)]
    fn close<R: Rng>(
        &mut self,
        c: &mut Component<'_, R>,
        t: usize,
        mut next_closing: u64,
        dials_total: u64,
    ) -> u64 {
        let cycle = c.samplers.get(InputKey::SalesCycleWeeks);
        let revenue = c.samplers.get(InputKey::RevenuePerSale);
        while next_closing < dials_total {
            c.closes_total += 1;
            next_closing = next_closing
                .saturating_add(1)
                .saturating_add(c.params.closing_dials.gap(&mut c.deals));
            let cycle_weeks = cycle.sample(&mut c.deals);
            let value = revenue.sample(&mut c.deals);
            // Booked in week t + floor(L + 0.5): the cycle rounded to the nearest week (L >= 0,
            // so the truncating cast is floor; it saturates for absurdly long cycles).
            let booked = (t as u64).saturating_add((cycle_weeks + 0.5) as u64);
            if booked < self.horizon {
                self.weekly_revenue[booked as usize] += value;
                self.booked_revenue += value;
                self.deals += 1;
            } else {
                self.pipeline_past_horizon += value;
            }
            self.cycle_weeks_sum += cycle_weeks;
            self.closed_revenue += value;
        }
        next_closing
    }

    /// Stores the deal totals back into `totals`; returns the revenue booked within the horizon.
    fn finish(self, totals: &mut TrialTotals) -> f64 {
        totals.deals = self.deals;
        totals.pipeline_past_horizon = self.pipeline_past_horizon;
        totals.cycle_weeks_sum = self.cycle_weeks_sum;
        totals.closed_revenue = self.closed_revenue;
        self.booked_revenue
    }
}
