//! What a run will cost before it starts: the memory its per-trial results take at their peak
//! and the time its rep-weeks take, from the scenario alone (see ARCHITECTURE.md, Memory).
//!
//! The memory figure counts every buffer that grows with the number of trials: per strategy
//! the trial totals and the cumulative revenue of every week (f32), the per-rep detail a
//! summary keeps (each rep's revenue under a quota, each trial's weekly hours under
//! `[economics]`), the business case's per-trial figures, and the sorted copies that summaries
//! and charts make; on a playing field, each target's and segment's figures per trial and part
//! B's figures per trial. A playing field's whole-number figures per trial are kept in the bytes
//! their spread over the run needs (`stats::WholeColumn`); the estimate counts
//! [`COUNT_BYTES`] each. Series of whole numbers by week (fresh accounts, customers) are kept as
//! counts of each value, whose size does not grow with the trials. Fixed costs (histograms, those
//! counts, block buffers, the chart canvases) are one allowance. The time figure divides the
//! rep-weeks by a throughput measured per engine (the flat one on seed-telecom, the playing field
//! on the built-in scenario); a mix simulates each of its components, so it costs their
//! rep-weeks.

use std::mem::size_of;

use serde::Serialize;

use crate::econ::cashflow::CashFlowMetrics;
use crate::model::funnel::TrialTotals;
use crate::model::scenario::Scenario;
use crate::sim::Keep;

/// Rep-weeks one thread simulates per second on a flat scenario (no segments), rounded down:
/// `prospect-sim run configs/seed-telecom.toml --threads 1 --no-charts` simulated 39 to 41
/// million a second (`rep_weeks_per_s` in `run.json`) on this project's 2-core machine at a load
/// average of 1.3 to 1.7. The time estimate is for planning, not a promise: a busy machine is
/// slower, and this project's machines differ by up to a factor of two (on 1 December 2026 the
/// benchmark's medians for the three engines were 48.2, 5.16 and 4.12 million a second on one
/// machine and about half of that on another; README, Performance).
pub const FLAT_REP_WEEKS_PER_THREAD_SECOND: f64 = 40e6;

/// Rep-weeks one thread simulates per second on a playing field without part B, rounded down:
/// the built-in scenario (four segments, four targets a strategy) with its `[selling]` and
/// `[installed_base]` sections and customers left out, `prospect-sim run --threads 1
/// --no-charts --trials 4000` (4.56 to 4.65 million a second, 1 December 2026, load average
/// 1.2; README, Performance). A field's rep-week costs about ten flat ones (per target and
/// week: due accounts, stale contacts, the fresh pick, the passes' outcomes), and more targets
/// cost more; the estimate does not model that.
pub const FIELD_REP_WEEKS_PER_THREAD_SECOND: f64 = 4.5e6;

/// Rep-weeks one thread simulates per second on a playing field with part B (any of
/// `[selling]`, `[installed_base]`, `[team]`, customers or churn), rounded down: the built-in
/// scenario as shipped, measured like [`FIELD_REP_WEEKS_PER_THREAD_SECOND`] (3.58 to 3.68
/// million a second): the seat, the customers, the selling hours and the week's proposals
/// add about a quarter to a rep-week.
pub const FIELD_PART_B_REP_WEEKS_PER_THREAD_SECOND: f64 = 3.5e6;

/// Bytes the estimate counts for a playing field's whole-number figure of one trial (a target's
/// deals, passes, dials; a segment's accounts by state; part B's customers and seats): kept as
/// offsets from the run's smallest value, such a figure takes 1 byte when its values over the
/// run's trials spread over fewer than 256, 2 below 65,536, 4 beyond. The built-in's spread over
/// at most a few thousand values (a target's dials per trial: about 1,450 at 200,000 trials).
pub const COUNT_BYTES: u64 = 2;

// Whole-number figures kept per trial: a target's six (deals, closes, appointments, first
// passes, re-touches, dials), a segment's nine (arrivals, touched, and seven states), part B's
// nine (customers at the start and the end, churned, joined, touches, expansions, vacant and
// ramp weeks, hires). Beside them, f64 figures: a target's revenue, part B's expansion revenue
// and productive weeks.
const TARGET_COUNTS: u64 = 6;
const SEGMENT_COUNTS: u64 = 9;
const PART_B_COUNTS: u64 = 9;

/// Bytes that do not grow with the trials: histograms, block buffers, chart canvases, the
/// program itself.
const FIXED_BYTES: u64 = 64 << 20;

/// Sorted copies of per-trial values alive at once while the summary and the charts are
/// computed (revenue, deals, the differences, hours per deal), per strategy, 8 bytes each.
const SORTED_COPIES_PER_STRATEGY: u64 = 4;

/// The estimated cost of one run of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Peak bytes held by the run, all strategies.
    pub bytes: u64,
    /// Of which: bytes per trial (all strategies); the rest is fixed.
    pub bytes_per_trial: u64,
    /// Rep-weeks simulated (mixes count each component).
    pub rep_weeks: u64,
    /// Seconds at `rep_weeks_per_thread_second` on `threads` threads.
    pub seconds: f64,
    /// The throughput the time assumes: [`FLAT_REP_WEEKS_PER_THREAD_SECOND`], or
    /// [`FIELD_REP_WEEKS_PER_THREAD_SECOND`] for a playing-field scenario, or
    /// [`FIELD_PART_B_REP_WEEKS_PER_THREAD_SECOND`] for one with part B.
    pub rep_weeks_per_thread_second: f64,
    /// The thread count the time assumes.
    pub threads: usize,
}

/// The cost of one run of `scenario` keeping `keep`, on `threads` threads.
pub fn estimate(scenario: &Scenario, keep: Keep, threads: usize) -> Estimate {
    let sim = scenario.simulation;
    let weeks = u64::from(sim.weeks);
    let reps = u64::from(sim.reps);
    let s = scenario.strategies.len() as u64;
    let mut per_trial_strategy =
        size_of::<TrialTotals>() as u64 + 4 * weeks + 8 * SORTED_COPIES_PER_STRATEGY;
    if keep.rep_revenue {
        per_trial_strategy += 4 * reps;
    }
    if keep.rep_draws {
        // One row of the ten inputs (f32) per rep, as `StrategyRun::rep_draws` stores them.
        per_trial_strategy += size_of::<[f32; 10]>() as u64 * reps;
    }
    if keep.weekly_hours {
        per_trial_strategy += 4 * weeks;
    }
    let mut per_trial = per_trial_strategy * s;
    if let Some(field) = &scenario.field {
        // Per strategy and trial: each target's figures (`TargetTrial`) and each segment's
        // totals. The fresh accounts by week, the accounts by passes and the targets' other
        // totals are counts and sums over trials (fixed).
        let segments = field.segments.len() as u64;
        for st in &scenario.strategies {
            if keep.rep_draws {
                // Each rep's draws are kept per target: the rows beyond the first.
                per_trial += st.targets.len().saturating_sub(1) as u64
                    * size_of::<[f32; 10]>() as u64
                    * reps;
            }
            per_trial += st.targets.len() as u64 * (8 + TARGET_COUNTS * COUNT_BYTES)
                + segments * SEGMENT_COUNTS * COUNT_BYTES;
            if field.has_part_b() {
                // Part B: the trial's figures (its customers by week are counts over trials).
                per_trial += 2 * 8 + PART_B_COUNTS * COUNT_BYTES;
            }
        }
    }
    if scenario.economics.is_some() {
        // Per trial: each strategy's own case and each later one's incremental case, the
        // cumulative incremental flow of every week (f64 in a Vec), and the Vec headers.
        let cases = (2 * s).saturating_sub(1) * size_of::<CashFlowMetrics>() as u64;
        let cumulative = s.saturating_sub(1) * (8 * weeks + size_of::<Vec<f64>>() as u64);
        per_trial += cases + cumulative + 3 * size_of::<Vec<f64>>() as u64;
    }
    let components: u64 = scenario
        .strategies
        .iter()
        .map(|st| st.mix.len().max(1) as u64)
        .sum();
    let rep_weeks = sim
        .trials
        .saturating_mul(weeks)
        .saturating_mul(reps)
        .saturating_mul(components);
    let threads = threads.max(1);
    let rate = match &scenario.field {
        Some(field) if field.has_part_b() => FIELD_PART_B_REP_WEEKS_PER_THREAD_SECOND,
        Some(_) => FIELD_REP_WEEKS_PER_THREAD_SECOND,
        None => FLAT_REP_WEEKS_PER_THREAD_SECOND,
    };
    Estimate {
        bytes: per_trial
            .saturating_mul(sim.trials)
            .saturating_add(FIXED_BYTES),
        bytes_per_trial: per_trial,
        rep_weeks,
        seconds: rep_weeks as f64 / (rate * threads as f64),
        rep_weeks_per_thread_second: rate,
        threads,
    }
}

impl Estimate {
    /// The most trials whose run fits in `available` bytes (0 when not even the fixed part
    /// does).
    pub fn trials_within(&self, available: u64) -> u64 {
        available.saturating_sub(FIXED_BYTES) / self.bytes_per_trial.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_scenario_with;

    fn scenario(extra: &str) -> Scenario {
        let text = format!(
            "name = \"b\"\n[simulation]\ntrials = 1000\nweeks = 10\nreps = 3\nseed = 1\n\
             [[strategies]]\nname = \"a\"\nprospecting_hours_per_week = 10\n\
             research_hours_per_account = 0.5\ndials_per_account = 2\ndials_per_hour = 10\n\
             connect_rate = 0.1\nconversation_to_appointment = 0.1\n\
             appointment_to_proposal = 0.5\nproposal_to_close = 0.5\n\
             revenue_per_sale = 1000\nsales_cycle_weeks = 2\n{extra}"
        );
        parse_scenario_with(&text, "b.toml", &[]).unwrap()
    }

    #[test]
    fn memory_is_linear_in_trials_and_counts_each_buffer() {
        let s = scenario("");
        let e = estimate(&s, Keep::for_summary(&s), 4);
        // One strategy, 10 weeks: trial totals, 10 f32 of cumulative revenue, 4 sorted f64.
        let per_trial = size_of::<TrialTotals>() as u64 + 4 * 10 + 8 * 4;
        assert_eq!(e.bytes_per_trial, per_trial);
        assert_eq!(e.bytes, per_trial * 1000 + FIXED_BYTES);
        assert_eq!(e.rep_weeks, 1000 * 10 * 3);
        assert_eq!(
            e.seconds,
            30_000.0 / (FLAT_REP_WEEKS_PER_THREAD_SECOND * 4.0)
        );
        assert_eq!(
            e.rep_weeks_per_thread_second,
            FLAT_REP_WEEKS_PER_THREAD_SECOND
        );
        let kept = estimate(
            &s,
            Keep {
                rep_revenue: true,
                rep_draws: true,
                weekly_hours: true,
            },
            4,
        );
        // 3 reps: 4 bytes of revenue and a row of ten f32 draws (40 bytes) each; 10 weeks of
        // f32 hours.
        assert_eq!(kept.bytes_per_trial, per_trial + 3 * 4 + 3 * 40 + 4 * 10);
        assert_eq!(e.trials_within(e.bytes), 1000);
        assert_eq!(e.trials_within(FIXED_BYTES - 1), 0);
    }

    #[test]
    fn a_playing_field_is_timed_at_its_own_throughput() {
        let s = Scenario::built_in();
        let e = estimate(&s, Keep::for_summary(&s), 2);
        // Per strategy (2) and trial: the totals, 52 weeks of f32 revenue, 4 sorted f64, and on
        // the field 4 targets' revenue and six counts, 4 segments' nine counts and part B's two
        // f64 and nine counts (2 bytes a count); nothing per week of the field (no quota, no
        // [economics]).
        let per_strategy = size_of::<TrialTotals>() as u64
            + 4 * 52
            + 8 * 4
            + 4 * (8 + 6 * 2)
            + 4 * 9 * 2
            + 16
            + 9 * 2;
        assert_eq!(e.bytes_per_trial, 2 * per_strategy);
        // 10,000 trials x 10 reps x 52 weeks x 2 strategies on 2 threads.
        assert_eq!(e.rep_weeks, 10_400_000);
        // The built-in has selling time and an installed base: part B's throughput.
        assert_eq!(
            e.rep_weeks_per_thread_second,
            FIELD_PART_B_REP_WEEKS_PER_THREAD_SECOND
        );
        assert_eq!(
            e.seconds,
            10_400_000.0 / (FIELD_PART_B_REP_WEEKS_PER_THREAD_SECOND * 2.0)
        );
    }
}
