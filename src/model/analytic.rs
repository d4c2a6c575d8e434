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
use crate::model::field::{Allocation, PlayingField, Pool, Target};
use crate::model::inputs::{InputKey, Inputs};
use crate::model::scenario::{Scenario, Simulation, Strategy};

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
///
/// A playing-field strategy's figure is [`expected_field_revenue`]: exact with unlimited pools
/// and one pass, what the targets would book on an endless list otherwise.
pub fn expected_strategy_revenue(scenario: &Scenario, index: usize) -> f64 {
    let sim = &scenario.simulation;
    let s = &scenario.strategies[index];
    if let Some(field) = &scenario.field {
        return expected_field_revenue(sim, field, s);
    }
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

/// The playing field's closed-form mean revenue of `strategy` with every pool unlimited and one
/// pass ("The playing field" in docs/model.md): every target then uses its hours in full, so
///
/// ```text
/// E[revenue] = N x sum over t, j of share_j x E[H] x E[q_j / c_j] x E[a2p_j] x E[close_j]
///              x E[R_j] x P(t + floor(L_j + 0.5) <= W - 1)
/// ```
///
/// with q_j = (1 - (1 - connect)^d) x c2a and c_j = research + d / dials_per_hour the first
/// pass's cost (d the rounded dials per pass), R_j and L_j with the segment's factors. Under
/// `priority` only the first target works. Exact when every segment the strategy works is
/// unlimited and `max_passes` is 1 ([`field_closed_form_is_exact`]); otherwise it is what the
/// targets would book on an endless list with one pass.
pub fn expected_field_revenue(sim: &Simulation, field: &PlayingField, strategy: &Strategy) -> f64 {
    let working: Vec<(f64, &Target)> = match field.allocation {
        Allocation::Shares => strategy.targets.iter().map(|t| (t.share, t)).collect(),
        Allocation::Priority => strategy.targets.iter().take(1).map(|t| (1.0, t)).collect(),
    };
    let weeks = f64::from(sim.weeks);
    working
        .into_iter()
        .map(|(share, t)| {
            let segment = &field.segments[t.segment];
            let mean = |k| t.inputs.dist(k).mean();
            let cycle = t.inputs.dist(InputKey::SalesCycleWeeks);
            let booked_weeks: f64 = (0..sim.weeks)
                .map(|w| cycle.cdf_below((weeks - f64::from(w) - 0.5) / segment.cycle_factor))
                .sum();
            f64::from(sim.reps)
                * share
                * mean(InputKey::ProspectingHoursPerWeek)
                * expected_reach_per_hour(&t.inputs)
                * mean(InputKey::ConversationToAppointment)
                * mean(InputKey::AppointmentToProposal)
                * mean(InputKey::ProposalToClose)
                * mean(InputKey::RevenuePerSale)
                * segment.revenue_factor
                * booked_weeks
        })
        .sum()
}

/// Whether [`expected_field_revenue`] is the exact mean for `strategy`: one pass, and every
/// segment it works unlimited.
pub fn field_closed_form_is_exact(field: &PlayingField, strategy: &Strategy) -> bool {
    field.max_passes == 1
        && strategy
            .targets
            .iter()
            .all(|t| field.segments[t.segment].accounts == Pool::Unlimited)
}

/// E[reach / c]: conversations per prospecting hour of first passes, with reach = 1 - (1 -
/// connect)^d and c = research + d / dials_per_hour, d the dials per pass rounded to the nearest
/// whole number (at least 1). Connect is independent of the rest, so E[reach | d] = 1 -
/// E[(1 - connect)^d]; the rest is integrated over quantile grids like
/// [`expected_dials_per_hour`].
pub fn expected_reach_per_hour(inputs: &Inputs) -> f64 {
    let dists = [
        inputs.dist(InputKey::ResearchHoursPerAccount),
        inputs.dist(InputKey::DialsPerAccount),
        inputs.dist(InputKey::DialsPerHour),
    ];
    let random = dists.iter().filter(|d| !d.is_constant()).count();
    let grid: Vec<Vec<f64>> = dists
        .iter()
        .map(|d| nodes(d, GRID_POINTS[random]))
        .collect();
    let connect = nodes(inputs.dist(InputKey::ConnectRate), 2_000);
    let miss =
        |d: f64| connect.iter().map(|c| (1.0 - c).powf(d)).sum::<f64>() / connect.len() as f64;
    let mut sum = 0.0;
    // The grid's quantiles rise, so equal whole d come in runs: one mean over connect a run.
    let mut last: Option<(f64, f64)> = None;
    for &drawn in &grid[1] {
        let d = (drawn + 0.5).floor().max(1.0);
        let reach = match last {
            Some((ld, r)) if ld == d => r,
            _ => {
                let r = 1.0 - miss(d);
                last = Some((d, r));
                r
            }
        };
        for &research in &grid[0] {
            for &speed in &grid[2] {
                let c = research + d / speed;
                if c > 0.0 {
                    sum += reach / c;
                }
            }
        }
    }
    sum / (grid[0].len() * grid[1].len() * grid[2].len()) as f64
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
