//! The work a valid scenario asks for, estimated before anything runs, so that a scenario that
//! would run for hours is refused with a message instead of started (docs/model.md, "Physical
//! bounds").
//!
//! Counts cannot overflow: a rep-week's dials are at most hours x dials per hour <= 168 x 1,000
//! (both bounded when the scenario is read), so a trial's dials are at most 168,000 x 100,000
//! reps x 1,040 weeks, about 1.7e13, far below u64's 1.8e19. In a playing-field scenario a pass
//! takes at least one dial, so a rep-week's passes are bounded the same way; a segment holds at
//! most 1e9 accounts at week 0 and gains at most 1e9 a year, so a team's accounts stay below
//! 1e9 + 20 x 1e9 over 1,040 weeks. What is left is time: every closed deal draws its cycle and
//! revenue, so the expected number of deals is the cost.

use crate::config::Scenario;
use crate::model::analytic::expected_dials_per_hour;
use crate::model::inputs::{InputKey, Inputs};

/// The most deals a run may be expected to draw over all strategies and trials. Each costs
/// three draws (the gap to the next closing dial, a cycle and a revenue), some 50 to 100 ns:
/// 1e10 of them is minutes of work even on many cores.
pub const MAX_EXPECTED_DEALS: f64 = 1e10;

/// Expected closed deals in one rep-week of a plain strategy with `inputs`.
fn deals_per_rep_week(inputs: &Inputs) -> f64 {
    let mean = |k| inputs.dist(k).mean();
    mean(InputKey::ProspectingHoursPerWeek)
        * expected_dials_per_hour(inputs)
        * mean(InputKey::ConnectRate)
        * mean(InputKey::ConversationToAppointment)
        * mean(InputKey::AppointmentToProposal)
        * mean(InputKey::ProposalToClose)
}

/// An upper bound on the expected closed deals in one rep-week of a playing-field target with
/// `inputs`: every prospecting hour dialing (no research), each dial reaching a conversation
/// with the connect rate (a pass of d dials reaches one with probability 1 - (1 - connect)^d
/// <= d x connect).
fn field_deals_bound(inputs: &Inputs) -> f64 {
    let mean = |k| inputs.dist(k).mean();
    mean(InputKey::ProspectingHoursPerWeek)
        * mean(InputKey::DialsPerHour)
        * mean(InputKey::ConnectRate)
        * mean(InputKey::ConversationToAppointment)
        * mean(InputKey::AppointmentToProposal)
        * mean(InputKey::ProposalToClose)
}

/// Expected deals drawn by a whole run of `scenario` (every strategy, every trial).
pub fn expected_deals(scenario: &Scenario) -> f64 {
    let rep_weeks = scenario.simulation.rep_weeks_per_strategy() as f64;
    scenario
        .strategies
        .iter()
        .map(|s| {
            if s.is_mix() {
                // Each component works its share of the lead's hours (the lead's inputs).
                let hours = s.inputs.dist(InputKey::ProspectingHoursPerWeek).mean();
                s.mix
                    .iter()
                    .map(|p| {
                        let inputs = &scenario.strategies[p.strategy].inputs;
                        let own = inputs.dist(InputKey::ProspectingHoursPerWeek).mean();
                        if own > 0.0 {
                            p.share * hours / own * deals_per_rep_week(inputs)
                        } else {
                            0.0
                        }
                    })
                    .sum::<f64>()
            } else if !s.targets.is_empty() {
                // A playing-field strategy: a pass reaches at most one conversation in
                // dials_per_account dials, a re-touch costs no research, and hours a target
                // cannot use go to the others; so no target books more than a flat strategy
                // with its inputs working every hour, and the busiest target bounds them all.
                s.targets
                    .iter()
                    .map(|t| field_deals_bound(&t.inputs))
                    .fold(0.0, f64::max)
            } else {
                deals_per_rep_week(&s.inputs)
            }
        })
        .sum::<f64>()
        * rep_weeks
}

/// Refuses a scenario expected to draw more than [`MAX_EXPECTED_DEALS`] deals.
///
/// # Errors
/// A sentence with the estimate and what to reduce.
pub fn check(scenario: &Scenario) -> Result<(), String> {
    let deals = expected_deals(scenario);
    if deals > MAX_EXPECTED_DEALS || deals.is_nan() {
        return Err(format!(
            "this run would draw about {deals:.2e} closed deals ({} trials x {} reps x {} weeks \
             x the strategies' deals per rep-week), more than the {MAX_EXPECTED_DEALS:.0e} that \
             run in minutes; reduce trials, reps or weeks, or check hours, dials per hour and \
             the rates",
            scenario.simulation.trials, scenario.simulation.reps, scenario.simulation.weeks
        ));
    }
    Ok(())
}
