//! Per-trial figures of a strategy for the charts and the report: sorted revenues and paired
//! differences, hours per deal, the funnel per rep-week, the share of trials paid back by each
//! week and the week by which a given share has. Pure functions of the run's per-trial totals.

use crate::model::funnel::TrialTotals;

/// A strategy's funnel: mean count per rep per week at each stage, and the realised ratios.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Funnel {
    /// Dials, conversations, appointments, proposals, closes per rep-week.
    pub per_rep_week: [f64; 5],
    /// Pooled stage-to-stage ratios (total of stage k + 1 over total of stage k).
    pub ratios: [f64; 4],
}

/// The funnel of a strategy's trials; `rep_weeks` is reps x weeks of one trial. Closes count
/// every close of the horizon's rep-weeks, booked in time or not.
pub fn funnel(trials: &[TrialTotals], rep_weeks: f64) -> Funnel {
    let mut totals = [0u64; 5];
    for t in trials {
        for (s, v) in totals.iter_mut().zip([
            t.dials,
            t.conversations,
            t.appointments,
            t.proposals,
            t.closes,
        ]) {
            *s += v;
        }
    }
    let denominator = trials.len() as f64 * rep_weeks;
    let per_rep_week = totals.map(|s| {
        if denominator > 0.0 {
            s as f64 / denominator
        } else {
            0.0
        }
    });
    let ratios = std::array::from_fn(|k| {
        if totals[k] > 0 {
            totals[k + 1] as f64 / totals[k] as f64
        } else {
            0.0
        }
    });
    Funnel {
        per_rep_week,
        ratios,
    }
}

/// Team prospecting hours per closed deal, one value per trial with at least one close
/// (sorted), and the number of trials without any.
pub fn hours_per_deal(trials: &[TrialTotals]) -> (Vec<f64>, usize) {
    let mut values: Vec<f64> = trials
        .iter()
        .filter(|t| t.closes > 0)
        .map(|t| t.prospecting_hours / t.closes as f64)
        .collect();
    values.sort_unstable_by(f64::total_cmp);
    let without = trials.len() - values.len();
    (values, without)
}

/// Trial revenues, sorted.
pub fn sorted_revenue(trials: &[TrialTotals]) -> Vec<f64> {
    let mut v: Vec<f64> = trials.iter().map(|t| t.revenue).collect();
    v.sort_unstable_by(f64::total_cmp);
    v
}

/// Paired differences `run - baseline` of trial revenue, sorted.
pub fn sorted_difference(run: &[TrialTotals], baseline: &[TrialTotals]) -> Vec<f64> {
    let mut v: Vec<f64> = run
        .iter()
        .zip(baseline)
        .map(|(a, b)| a.revenue - b.revenue)
        .collect();
    v.sort_unstable_by(f64::total_cmp);
    v
}

/// Points `(week, share of trials paid back by then)` for weeks 0 to `horizon - 1`, from each
/// trial's payback week (None: not within the horizon). Such trials never count, so the last
/// share is the share that pays back within the horizon, below 1 when any does not.
pub fn payback_cdf(weeks: &[Option<usize>], horizon: usize) -> Vec<(f64, f64)> {
    let mut per_week = vec![0usize; horizon];
    for w in weeks.iter().flatten() {
        if let Some(c) = per_week.get_mut(*w) {
            *c += 1;
        }
    }
    let n = weeks.len().max(1) as f64;
    let mut done = 0;
    per_week
        .iter()
        .enumerate()
        .map(|(w, c)| {
            done += c;
            (w as f64, done as f64 / n)
        })
        .collect()
}

/// The smallest whole week by which at least `at_least` of `weeks` (each trial's payback week,
/// None when it does not pay back within the horizon) have paid back, and the share that have;
/// None when fewer than `at_least` ever do.
pub fn payback_by(weeks: &[Option<usize>], at_least: f64) -> Option<(usize, f64)> {
    let mut sorted: Vec<usize> = weeks.iter().flatten().copied().collect();
    sorted.sort_unstable();
    let n = weeks.len();
    let need = ((at_least * n as f64).ceil() as usize).max(1);
    let week = *sorted.get(need - 1)?;
    let done = sorted.partition_point(|w| *w <= week);
    Some((week, done as f64 / n as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funnels_pool_the_trials() {
        let t = |dials, conversations, appointments, proposals, closes| TrialTotals {
            dials,
            conversations,
            appointments,
            proposals,
            closes,
            ..TrialTotals::default()
        };
        let f = funnel(&[t(100, 10, 2, 1, 0), t(300, 30, 6, 3, 2)], 2.0);
        assert_eq!(f.per_rep_week, [100.0, 10.0, 2.0, 1.0, 0.5]);
        assert_eq!(f.ratios, [0.1, 0.2, 0.5, 0.5]);
        let empty = funnel(&[], 2.0);
        assert_eq!(empty.ratios, [0.0; 4]);
    }

    #[test]
    fn hours_per_deal_skips_trials_without_a_close() {
        let t = |hours, closes| TrialTotals {
            prospecting_hours: hours,
            closes,
            ..TrialTotals::default()
        };
        let (v, without) = hours_per_deal(&[t(100.0, 4), t(90.0, 0), t(60.0, 3)]);
        assert_eq!(v, vec![20.0, 25.0]);
        assert_eq!(without, 1);
    }

    #[test]
    fn payback_cdf_counts_trials_paid_back_by_each_week() {
        let weeks = [Some(0), Some(2), Some(2), None, Some(1), None, Some(9)];
        let cdf = payback_cdf(&weeks, 4);
        let n = 7.0;
        assert_eq!(
            cdf,
            vec![
                (0.0, 1.0 / n),
                (1.0, 2.0 / n),
                (2.0, 4.0 / n),
                (3.0, 4.0 / n)
            ]
        );
        // Never above the share paid back within the horizon; monotone.
        assert!(cdf.windows(2).all(|w| w[0].1 <= w[1].1));
        assert!(payback_cdf(&[], 3).iter().all(|p| p.1 == 0.0));
        assert_eq!(payback_cdf(&[Some(0)], 2), vec![(0.0, 1.0), (1.0, 1.0)]);
    }

    #[test]
    fn payback_by_finds_the_week_a_share_of_futures_has_paid_back() {
        let weeks = [Some(3), None, Some(1), Some(5)];
        assert_eq!(payback_by(&weeks, 0.5), Some((3, 0.5)));
        assert_eq!(payback_by(&weeks, 0.75), Some((5, 0.75)));
        // Nine in ten never pay back within the horizon here.
        assert_eq!(payback_by(&weeks, 0.9), None);
        // Ties count whole: by week 2, three of four have paid back.
        assert_eq!(
            payback_by(&[Some(2), Some(2), Some(2), None], 0.5),
            Some((2, 0.75))
        );
        assert_eq!(payback_by(&[], 0.5), None);
        assert_eq!(payback_by(&[None, None], 0.5), None);
    }
}
