//! One rep over the horizon: the contract's rep-week steps, with the funnel chain collapsed.
//!
//! Within a trial a rep's four rates are fixed, and thinning a binomial count by a fixed rate is
//! again binomial. So each rep-week draws its closes directly, Binomial(D, p) with
//! p = connect x c2a x a2p x close, and the stages in between are drawn once per rep after the
//! horizon, conditionally on the closes (see [`RepParams::stage_rates`]). The joint distribution
//! of every total is the same as drawing stage by stage; the tests compare both.

use rand::Rng;

use crate::model::binomial::{FixedPBinomial, stochastic_round};
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
        let mut draw = |k| self.get(k).sample(rng);
        let research = draw(InputKey::ResearchHoursPerAccount);
        let dials_per_account = draw(InputKey::DialsPerAccount);
        let dials_per_hour = draw(InputKey::DialsPerHour);
        let rates = [
            draw(InputKey::ConnectRate),
            draw(InputKey::ConversationToAppointment),
            draw(InputKey::AppointmentToProposal),
            draw(InputKey::ProposalToClose),
        ];
        RepParams::new(research, dials_per_account, dials_per_hour, rates)
    }
}

/// One rep's fixed values for a trial, in the form the weekly loop needs.
#[derive(Debug, Clone, Copy)]
pub struct RepParams {
    /// Dials per prospecting hour: dials_per_account / c.
    pub dials_per_prospecting_hour: f64,
    /// Share of prospecting hours spent on research: research_hours_per_account / c.
    pub research_share: f64,
    /// connect, conversation-to-appointment, appointment-to-proposal, proposal-to-close.
    pub rates: [f64; 4],
    /// Closes per dial.
    pub closes_per_dial: FixedPBinomial,
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
            closes_per_dial: FixedPBinomial::new(p_close),
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
}

/// The random streams one rep uses in a trial.
pub struct RepStreams<'r, R: Rng> {
    /// Weekly hours, dial rounding, weekly closes.
    pub weeks: &'r mut R,
    /// Cycle and revenue of each close.
    pub deals: &'r mut R,
    /// The stage split after the horizon.
    pub stages: &'r mut R,
}

/// Simulates rep `params` over `weeks` weeks, adding to `totals` and `sink`.
#[inline]
pub fn simulate_rep<R: Rng>(
    samplers: &StrategySamplers,
    params: &RepParams,
    weeks: u32,
    rng: RepStreams<'_, R>,
    totals: &mut TrialTotals,
    sink: &mut RepWeekSink<'_>,
) {
    let hours = samplers.get(InputKey::ProspectingHoursPerWeek);
    let cycle = samplers.get(InputKey::SalesCycleWeeks);
    let revenue = samplers.get(InputKey::RevenuePerSale);
    let horizon = f64::from(weeks);
    let mut dials_total = 0u64;
    let mut closes_total = 0u64;
    for (t, week_hours) in sink.weekly_hours.iter_mut().enumerate() {
        let prospecting = hours.sample(rng.weeks);
        let research = prospecting * params.research_share;
        let dialing = prospecting - research;
        let dials = stochastic_round(prospecting * params.dials_per_prospecting_hour, rng.weeks);
        let closes = params.closes_per_dial.sample(dials, rng.weeks);
        for _ in 0..closes {
            let cycle_weeks = cycle.sample(rng.deals);
            let value = revenue.sample(rng.deals);
            // Booked in week t + floor(L + 0.5): the cycle rounded to the nearest week.
            let booked = t as f64 + (cycle_weeks + 0.5).floor();
            if booked < horizon {
                sink.weekly_revenue[booked as usize] += value;
                totals.deals += 1;
            } else {
                totals.pipeline_past_horizon += value;
            }
            totals.cycle_weeks_sum += cycle_weeks;
            totals.closed_revenue += value;
        }
        dials_total += dials;
        closes_total += closes;
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
    // The stages between dial and close, as totals over the horizon (see the module doc).
    let [q_proposal, q_appointment, q_conversation] = params.stage_rates();
    let proposals = closes_total
        + FixedPBinomial::new(q_proposal).sample(dials_total - closes_total, rng.stages);
    let appointments =
        proposals + FixedPBinomial::new(q_appointment).sample(dials_total - proposals, rng.stages);
    let conversations = appointments
        + FixedPBinomial::new(q_conversation).sample(dials_total - appointments, rng.stages);
    totals.dials += dials_total;
    totals.closes += closes_total;
    totals.proposals += proposals;
    totals.appointments += appointments;
    totals.conversations += conversations;
}
