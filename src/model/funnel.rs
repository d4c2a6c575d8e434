//! One rep over the horizon: the rep-week steps of docs/model.md, with the funnel chain collapsed.
//!
//! Within a trial a rep's four rates are fixed, and thinning a binomial count by a fixed rate is
//! again binomial. So each dial closes with p = connect x c2a x a2p x close, independently: the
//! closing dials are found by jumping from one to the next ([`SuccessGaps`]), which gives each
//! week exactly Binomial(D_t, p) closes. The stages in between are drawn once per rep after the
//! horizon, conditionally on the closes (see [`RepParams::stage_rates`]). The joint distribution
//! of every total is the same as drawing stage by stage; the tests compare both.

use rand::Rng;

use crate::model::binomial::{FixedPBinomial, SuccessGaps, stochastic_round};
use crate::model::dist::Sampler;
use crate::model::inputs::{InputKey, Inputs};
use crate::stats::RepWeekDistribution;

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

/// Where rep-week figures go beyond the trial's totals: per-week revenue of this trial, and the
/// hours distributions and per-week hours sums shared by a block of trials.
pub struct RepWeekSink<'a> {
    /// Revenue booked in each week of the current trial (length W).
    pub weekly_revenue: &'a mut [f64],
    /// Prospecting, research and dialing hours per rep-week.
    pub hours: &'a mut [RepWeekDistribution; 3],
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

/// Simulates one rep over `weeks` weeks: each week the rep prospects H hours (drawn from `hours`
/// with `week_rng`), split between `components` by their shares. Adds to `totals` and `sink`;
/// returns the revenue the rep booked within the horizon.
#[inline]
pub fn simulate_rep<R: Rng>(
    hours: &Sampler,
    components: &mut [Component<'_, R>],
    weeks: u32,
    week_rng: &mut R,
    totals: &mut TrialTotals,
    sink: &mut RepWeekSink<'_>,
) -> f64 {
    let horizon = u64::from(weeks);
    let mut booked_revenue = 0.0;
    for c in components.iter_mut() {
        // Index (from 0, over the horizon) of the component's next dial that closes.
        c.next_closing_dial = c.params.closing_dials.gap(&mut c.deals);
    }
    for (t, (week_hours, trial_hours)) in sink
        .weekly_hours
        .iter_mut()
        .zip(sink.trial_weekly_hours.iter_mut())
        .enumerate()
    {
        let prospecting = hours.sample(week_rng);
        *trial_hours += prospecting;
        let mut research = 0.0;
        for c in components.iter_mut() {
            let share_hours = prospecting * c.share;
            research += share_hours * c.params.research_share;
            let dials =
                stochastic_round(share_hours * c.params.dials_per_prospecting_hour, week_rng);
            c.dials_total += dials;
            while c.next_closing_dial < c.dials_total {
                c.closes_total += 1;
                c.next_closing_dial = c
                    .next_closing_dial
                    .saturating_add(1)
                    .saturating_add(c.params.closing_dials.gap(&mut c.deals));
                let cycle_weeks = c
                    .samplers
                    .get(InputKey::SalesCycleWeeks)
                    .sample(&mut c.deals);
                let value = c
                    .samplers
                    .get(InputKey::RevenuePerSale)
                    .sample(&mut c.deals);
                // Booked in week t + floor(L + 0.5): the cycle rounded to the nearest week (L >= 0,
                // so the truncating cast is floor; it saturates for absurdly long cycles).
                let booked = (t as u64).saturating_add((cycle_weeks + 0.5) as u64);
                if booked < horizon {
                    sink.weekly_revenue[booked as usize] += value;
                    booked_revenue += value;
                    totals.deals += 1;
                } else {
                    totals.pipeline_past_horizon += value;
                }
                totals.cycle_weeks_sum += cycle_weeks;
                totals.closed_revenue += value;
            }
        }
        let dialing = prospecting - research;
        totals.prospecting_hours += prospecting;
        totals.research_hours += research;
        totals.dialing_hours += dialing;
        sink.hours[0].record(prospecting);
        sink.hours[1].record(research);
        sink.hours[2].record(dialing);
        week_hours[0] += prospecting;
        week_hours[1] += research;
        week_hours[2] += dialing;
    }
    for c in components.iter_mut() {
        // The stages between dial and close, as totals over the horizon (see the module doc).
        let (dials, closes) = (c.dials_total, c.closes_total);
        let [q_proposal, q_appointment, q_conversation] = c.params.stage_rates();
        let proposals =
            closes + FixedPBinomial::new(q_proposal).sample(dials - closes, &mut c.stages);
        let appointments =
            proposals + FixedPBinomial::new(q_appointment).sample(dials - proposals, &mut c.stages);
        let conversations = appointments
            + FixedPBinomial::new(q_conversation).sample(dials - appointments, &mut c.stages);
        totals.dials += dials;
        totals.closes += closes;
        totals.proposals += proposals;
        totals.appointments += appointments;
        totals.conversations += conversations;
    }
    booked_revenue
}
