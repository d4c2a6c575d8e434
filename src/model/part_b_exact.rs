//! The closed forms of part B's exact checks (docs/model.md, "The rest of the week and the
//! team: exact checks"): what the tests hold the simulator to.
//!
//! - Ramp and attrition: with unlimited pools and one pass, a rep-week of productivity m books
//!   m times the appointments (and so the revenue) of a ramped rep's, and a vacant seat books
//!   none; the seat's Markov chain ([`crate::model::team::seat_chain`]) gives `E[m_t]`, so
//!   `E[revenue]` = N x sum over t, j of `E[m_t]` x (target j's expected revenue from week t).
//! - The installed base without squeeze: customers churn, are touched and expand in expectation
//!   week by week (a linear recursion; stochastic rounding is unbiased).
//! - Skill correlation: with unlimited pools, one pass and no squeeze, a rep's rates are
//!   independent given the skill factor z, so the expected funnel counts are integrals over z
//!   of products of conditional means ([`crate::model::skill`]).

use crate::model::analytic::expected_reach_per_hour;
use crate::model::dist::Dist;
use crate::model::field::{Allocation, PlayingField, Target};
use crate::model::inputs::{InputKey, Inputs};
use crate::model::scenario::{Simulation, Strategy};
use crate::model::selling::weekly_churn;
use crate::model::skill::{ScoreQuantiles, conditional_mean, normal_nodes};

/// The targets that work, with their share of the hours: every target under `shares`, the
/// first only (with all the hours) under `priority`, as on an endless list.
fn working<'s>(field: &PlayingField, strategy: &'s Strategy) -> Vec<(f64, &'s Target)> {
    match field.allocation {
        Allocation::Shares => strategy.targets.iter().map(|t| (t.share, t)).collect(),
        Allocation::Priority => strategy.targets.iter().take(1).map(|t| (1.0, t)).collect(),
    }
}

/// P(a close decided in week t books in week t + k): P(floor(L x cycle_factor + 0.5) = k).
fn booking_lag(cycle: &Dist, cycle_factor: f64, k: u32) -> f64 {
    let below = |x: f64| cycle.cdf_below(x / cycle_factor);
    let upper = below(f64::from(k) + 0.5);
    if k == 0 {
        upper
    } else {
        upper - below(f64::from(k) - 0.5)
    }
}

/// Expected closes booked in each week (within the horizon), per segment of the field
/// (`[segment][week]`), for the team, with unlimited pools and one pass, when a rep-week t
/// works at productivity `weights[t]` on average (1 for a fixed, ramped team; `E[m_t]` from the
/// seat's chain otherwise). Multiply by the revenue of a deal for the revenue.
pub fn expected_wins_by_week(
    sim: &Simulation,
    field: &PlayingField,
    strategy: &Strategy,
    weights: &[f64],
) -> Vec<Vec<f64>> {
    let weeks = sim.weeks;
    let mut out = vec![vec![0.0; weeks as usize]; field.segments.len()];
    for (share, t) in working(field, strategy) {
        let segment = &field.segments[t.segment];
        let cycle = t.inputs.dist(InputKey::SalesCycleWeeks);
        let per_rep_week = closes_per_rep_week(&t.inputs) * share;
        let lags: Vec<f64> = (0..weeks)
            .map(|k| booking_lag(cycle, segment.cycle_factor, k))
            .collect();
        for (decided, w) in weights.iter().enumerate().take(weeks as usize) {
            let closes = f64::from(sim.reps) * w * per_rep_week;
            for (k, lag) in lags.iter().enumerate().take(weeks as usize - decided) {
                out[t.segment][decided + k] += closes * lag;
            }
        }
    }
    out
}

/// `E[closes]` of a ramped rep-week with all the hours on one target, one pass on an endless
/// list: `E[H]` x `E[reach / c]` x `E[c2a]` x `E[a2p]` x `E[close]`.
fn closes_per_rep_week(inputs: &Inputs) -> f64 {
    let mean = |k| inputs.dist(k).mean();
    mean(InputKey::ProspectingHoursPerWeek)
        * expected_reach_per_hour(inputs)
        * mean(InputKey::ConversationToAppointment)
        * mean(InputKey::AppointmentToProposal)
        * mean(InputKey::ProposalToClose)
}

/// `E[team revenue of new logos]` with unlimited pools and one pass when rep-week t works at
/// productivity `weights[t]` on average: the playing field's closed form with each week
/// weighted (with every weight 1 it is
/// [`crate::model::analytic::expected_field_revenue`]).
pub fn expected_revenue_weighted(
    sim: &Simulation,
    field: &PlayingField,
    strategy: &Strategy,
    weights: &[f64],
) -> f64 {
    working(field, strategy)
        .into_iter()
        .map(|(share, t)| {
            let segment = &field.segments[t.segment];
            let cycle = t.inputs.dist(InputKey::SalesCycleWeeks);
            let weeks = f64::from(sim.weeks);
            let booked: f64 = weights
                .iter()
                .enumerate()
                .map(|(w, m)| m * cycle.cdf_below((weeks - w as f64 - 0.5) / segment.cycle_factor))
                .sum();
            f64::from(sim.reps)
                * share
                * closes_per_rep_week(&t.inputs)
                * t.inputs.dist(InputKey::RevenuePerSale).mean()
                * segment.revenue_factor
                * booked
        })
        .sum()
}

/// The installed base of one segment in expectation, for the team.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseExpectation {
    /// `E[touches]` over the horizon.
    pub touches: f64,
    /// `E[customers lost]` over the horizon.
    pub churned: f64,
    /// `E[customers]` at the end of each week, after churn and after that week's wins joined.
    pub customers: Vec<f64>,
}

/// The expected installed base of a segment with `customers` at week 0 (the team's),
/// `churn_per_year`, touched every `touch_every_weeks` (None: never touched), and `wins[t]`
/// expected closes booking in week t that join at the end of it: each week the customers churn
/// with p = 1 - (1 - churn)^(1/52), then the remaining R are touched R / touch_every_weeks
/// times in expectation. Exact when touches do not feed back into what the reps book (no
/// squeeze) and the wins do not depend on the expansion draws (no skill correlation).
pub fn expected_base(
    customers: f64,
    churn_per_year: f64,
    touch_every_weeks: Option<f64>,
    wins: &[f64],
) -> BaseExpectation {
    let p = weekly_churn(churn_per_year);
    let mut n = customers;
    let mut out = BaseExpectation {
        touches: 0.0,
        churned: 0.0,
        customers: Vec::with_capacity(wins.len()),
    };
    for w in wins {
        out.churned += p * n;
        let remaining = (1.0 - p) * n;
        if let Some(every) = touch_every_weeks {
            out.touches += remaining / every;
        }
        n = remaining + w;
        out.customers.push(n);
    }
    out
}

/// Expected funnel counts of a trial's team with skill correlation `rho` (unlimited pools, one
/// pass, no squeeze, a fixed ramped team).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkillExpectation {
    /// `E[passes]`: the same at any rho (only dials per hour of the rates enters a pass's cost).
    pub passes: f64,
    /// `E[conversations]`.
    pub conversations: f64,
    /// `E[first appointments]`.
    pub appointments: f64,
    /// `E[proposals]`.
    pub proposals: f64,
    /// `E[revenue booked within the horizon]`.
    pub revenue: f64,
}

/// Quadrature nodes: skill factor z and the per-draw e (midpoint rules on N(0, 1)), and the
/// nodes of the inputs that do not follow the skill factor (research, dials per pass).
const Z_NODES: usize = 96;
const E_NODES: usize = 96;
const OTHER_NODES: usize = 24;

/// [`SkillExpectation`] by quadrature over the skill factor: given z, a rep's connect rate, dials
/// per hour, c2a, a2p and close of a target are independent, each with its conditional mean;
/// research and dials per pass do not follow z. So per target
///
/// ```text
/// E[conversations | z] = N x W x share x E[H] x E_d,research[ E[reach(d) | z] x E[1 / c | z] ]
/// ```
///
/// with reach(d) = 1 - (1 - connect)^d and c = research + d / dials_per_hour; appointments
/// multiply by `E[c2a | z]`, proposals by `E[a2p | z]`, and revenue by `E[close | z]` x `E[R]` x the
/// segment's factor x the share of the horizon's closes that book in time.
pub fn expected_with_skill(
    sim: &Simulation,
    field: &PlayingField,
    strategy: &Strategy,
    rho: f64,
) -> SkillExpectation {
    let z_nodes = normal_nodes(Z_NODES);
    let e_nodes = normal_nodes(E_NODES);
    let mut out = SkillExpectation {
        passes: 0.0,
        conversations: 0.0,
        appointments: 0.0,
        proposals: 0.0,
        revenue: 0.0,
    };
    let weeks = f64::from(sim.weeks);
    for (share, t) in working(field, strategy) {
        let segment = &field.segments[t.segment];
        let dist = |k| t.inputs.dist(k);
        let table = |k| ScoreQuantiles::new(dist(k));
        let [connect, speed, c2a, a2p, close] = [
            InputKey::ConnectRate,
            InputKey::DialsPerHour,
            InputKey::ConversationToAppointment,
            InputKey::AppointmentToProposal,
            InputKey::ProposalToClose,
        ]
        .map(table);
        let research = other_nodes(dist(InputKey::ResearchHoursPerAccount));
        let dials: Vec<f64> = other_nodes(dist(InputKey::DialsPerAccount))
            .into_iter()
            .map(|x| (x + 0.5).floor().max(1.0))
            .collect();
        let cycle = dist(InputKey::SalesCycleWeeks);
        let booked: f64 = (0..sim.weeks)
            .map(|w| cycle.cdf_below((weeks - f64::from(w) - 0.5) / segment.cycle_factor))
            .sum();
        let hours = f64::from(sim.reps) * share * dist(InputKey::ProspectingHoursPerWeek).mean();
        let value = dist(InputKey::RevenuePerSale).mean() * segment.revenue_factor;
        let pairs = (research.len() * dials.len()) as f64;
        let (mut passes, mut conv, mut appt, mut prop, mut rev) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &z in &z_nodes {
            // Given z: the values of connect and dials per hour at each e node.
            let speeds: Vec<f64> = e_nodes
                .iter()
                .map(|&e| speed.value(crate::model::skill::score(rho, z, e)))
                .collect();
            let connects: Vec<f64> = e_nodes
                .iter()
                .map(|&e| connect.value(crate::model::skill::score(rho, z, e)))
                .collect();
            let (mut per_hour, mut reach_per_hour) = (0.0, 0.0);
            for &d in &dials {
                let reach = 1.0
                    - connects.iter().map(|c| (1.0 - c).powf(d)).sum::<f64>()
                        / connects.len() as f64;
                for &r in &research {
                    let inverse_cost = speeds
                        .iter()
                        .map(|s| {
                            let c = r + d / s;
                            if c > 0.0 { 1.0 / c } else { 0.0 }
                        })
                        .sum::<f64>()
                        / speeds.len() as f64;
                    per_hour += inverse_cost;
                    reach_per_hour += reach * inverse_cost;
                }
            }
            let (per_hour, reach_per_hour) = (per_hour / pairs, reach_per_hour / pairs);
            let m_c2a = conditional_mean(&c2a, rho, z, &e_nodes);
            let m_a2p = conditional_mean(&a2p, rho, z, &e_nodes);
            let m_close = conditional_mean(&close, rho, z, &e_nodes);
            passes += per_hour;
            conv += reach_per_hour;
            appt += reach_per_hour * m_c2a;
            prop += reach_per_hour * m_c2a * m_a2p;
            rev += reach_per_hour * m_c2a * m_a2p * m_close;
        }
        let n = z_nodes.len() as f64;
        out.passes += hours * weeks * passes / n;
        out.conversations += hours * weeks * conv / n;
        out.appointments += hours * weeks * appt / n;
        out.proposals += hours * weeks * prop / n;
        out.revenue += hours * value * booked * rev / n;
    }
    out
}

/// Equal-weight nodes of an input that does not follow the skill factor.
fn other_nodes(d: &Dist) -> Vec<f64> {
    if d.is_constant() {
        return vec![d.mean()];
    }
    (0..OTHER_NODES)
        .map(|i| d.quantile((i as f64 + 0.5) / OTHER_NODES as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No churn and no wins: the base stays, and is touched base / every times a week.
    #[test]
    fn a_still_base_is_touched_on_schedule() {
        let b = expected_base(260.0, 0.0, Some(26.0), &[0.0; 52]);
        assert!((b.touches - 520.0).abs() < 1e-9);
        assert_eq!(b.churned, 0.0);
        assert_eq!(b.customers.last(), Some(&260.0));
    }

    /// Churn over a year compounds to the yearly share: 1,000 customers at 15% lose 150.
    #[test]
    fn a_year_of_churn_loses_the_yearly_share() {
        let b = expected_base(1000.0, 0.15, None, &[0.0; 52]);
        assert!((b.churned - 150.0).abs() < 1e-9, "{}", b.churned);
        assert_eq!(b.touches, 0.0);
        let with_wins = expected_base(0.0, 0.0, Some(10.0), &[1.0, 0.0, 0.0]);
        // A win joins at the end of week 0 and is touched from week 1: 2 weeks x 1/10.
        assert!((with_wins.touches - 0.2).abs() < 1e-12);
    }

    #[test]
    fn the_booking_lags_sum_to_one() {
        let cycle = Dist::LogNormal {
            mu: 12f64.ln(),
            sigma: 0.4,
            max: f64::INFINITY,
        };
        let total: f64 = (0..2000).map(|k| booking_lag(&cycle, 1.25, k)).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
}
