//! The closed-form mean revenue (docs/model.md): what the statistical tests hold the simulator to,
//! and what `validate` prints before anything runs.
//!
//! ```text
//! E[revenue] = N x sum over t of E[D_t] x E[connect] x E[c2a] x E[a2p] x E[close] x E[R]
//!              x P(L < W - t - 0.5),  with E[D_t] = E[H] x E[dials_per_account / c].
//! ```
//!
//! E[dials_per_account / c] has no closed form once research or dials are random; it is
//! integrated numerically over the quantiles of the random ones (midpoint rule: the integrand is
//! bounded by dials_per_hour, so the tails cannot blow it up).

use crate::model::dist::Dist;
use crate::model::inputs::{InputKey, Inputs};
use crate::model::scenario::{Scenario, Simulation};

/// Grid points per random input, by how many of the three are random (about 10^5 evaluations
/// at most; the error is far below a simulation's standard error).
const GRID_POINTS: [usize; 4] = [1, 100_000, 400, 50];

/// Closed-form mean of a trial's team revenue.
pub fn expected_revenue(sim: &Simulation, inputs: &Inputs) -> f64 {
    let mean = |k| inputs.dist(k).mean();
    let rates = mean(InputKey::ConnectRate)
        * mean(InputKey::ConversationToAppointment)
        * mean(InputKey::AppointmentToProposal)
        * mean(InputKey::ProposalToClose);
    let cycle = inputs.dist(InputKey::SalesCycleWeeks);
    let weeks = f64::from(sim.weeks);
    let booked_weeks: f64 = (0..sim.weeks)
        .map(|t| cycle.cdf_below(weeks - f64::from(t) - 0.5))
        .sum();
    f64::from(sim.reps)
        * mean(InputKey::ProspectingHoursPerWeek)
        * expected_dials_per_hour(inputs)
        * rates
        * mean(InputKey::RevenuePerSale)
        * booked_weeks
}

/// Closed-form mean revenue of strategy `index` of `scenario`. A mix's mean is the sum over its
/// components of share x the component's own mean: each component works its share of its own
/// strategy's hours, with its own funnel (see "A mixed strategy" in docs/model.md), so the mean
/// is linear in the shares.
pub fn expected_strategy_revenue(scenario: &Scenario, index: usize) -> f64 {
    let sim = &scenario.simulation;
    let s = &scenario.strategies[index];
    if !s.is_mix() {
        return expected_revenue(sim, &s.inputs);
    }
    s.mix
        .iter()
        .map(|p| p.share * expected_revenue(sim, &scenario.strategies[p.strategy].inputs))
        .sum()
}

/// E[dials_per_account / c]: dials per prospecting hour, averaged over reps.
pub fn expected_dials_per_hour(inputs: &Inputs) -> f64 {
    let dists = [
        inputs.dist(InputKey::ResearchHoursPerAccount),
        inputs.dist(InputKey::DialsPerAccount),
        inputs.dist(InputKey::DialsPerHour),
    ];
    let random = dists.iter().filter(|d| !d.is_constant()).count();
    let nodes: Vec<Vec<f64>> = dists
        .iter()
        .map(|d| nodes(d, GRID_POINTS[random]))
        .collect();
    let mut sum = 0.0;
    for &research in &nodes[0] {
        for &dials in &nodes[1] {
            for &speed in &nodes[2] {
                let c = research + dials / speed;
                if c > 0.0 {
                    sum += dials / c;
                }
            }
        }
    }
    sum / (nodes[0].len() * nodes[1].len() * nodes[2].len()) as f64
}

/// Equal-weight nodes: the value itself for a constant, else quantiles at grid midpoints.
fn nodes(d: &Dist, points: usize) -> Vec<f64> {
    if d.is_constant() {
        return vec![d.mean()];
    }
    (0..points)
        .map(|i| d.quantile((i as f64 + 0.5) / points as f64))
        .collect()
}
