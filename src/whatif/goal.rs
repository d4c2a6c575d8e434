//! Goal seek: the smallest value of a key, within a stated range, at which a target on the
//! result is met, found by bisection over runs that share their trial streams.
//!
//! Bisection assumes the target is met from some value on (the result improves as the value
//! grows, like prospecting hours or team size). Where the target is already met at the start of
//! the range, the start is the answer; where it is not met at the end, no value in range is.

use crate::analysis::target::{Metric, Quantity, Target, measure};
use crate::config::{Override, ScenarioError, ScenarioSource};
use crate::model::key::KeyPath;

/// One evaluated value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    /// The key's value.
    pub value: f64,
    /// The metric there.
    pub metric: f64,
    /// Its standard error.
    pub se: f64,
}

/// The outcome of a goal seek.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The smallest value in range that meets the target, and the probe there.
    Found {
        /// The answer.
        at: Probe,
        /// How far the answer could move with the Monte Carlo error of the metric (se divided by
        /// the local slope of the metric); None when the slope is flat or unknown.
        value_uncertainty: Option<f64>,
    },
    /// Not met anywhere in the range; the probe at its end.
    NotInRange(Probe),
}

/// Everything a goal seek did.
#[derive(Debug, Clone)]
pub struct GoalSeek {
    /// The result.
    pub outcome: Outcome,
    /// Every value evaluated, in order.
    pub probes: Vec<Probe>,
}

/// Finds the smallest value of `key` in `[start, end]` at which `target` holds for strategy
/// `strategy`. Whole-number keys (`simulation.*`) are searched over whole numbers.
///
/// # Errors
/// A value the scenario refuses (every probe is validated like `--set`), or a strategy of that
/// name missing from a probe's scenario.
pub fn seek(
    source: &ScenarioSource,
    key: &KeyPath,
    range: (f64, f64),
    target: Target,
    strategy: &str,
) -> Result<GoalSeek, ScenarioError> {
    seek_with_progress(source, key, range, target, strategy, &|_| {})
}

/// [`seek`], telling `progress` of the trials each run finishes (as [`crate::analysis::run`]
/// does), for a progress display.
///
/// # Errors
/// As [`seek`].
pub fn seek_with_progress(
    source: &ScenarioSource,
    key: &KeyPath,
    range: (f64, f64),
    target: Target,
    strategy: &str,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<GoalSeek, ScenarioError> {
    let integer = key.is_whole();
    let (start, end) = if integer {
        (range.0.ceil(), range.1.floor())
    } else {
        range
    };
    // Stop when the bracket is this narrow: a thousandth of the range, or one whole number.
    let resolution = if integer {
        1.0
    } else {
        (end - start).abs() / 1000.0
    };
    let mut probes = Vec::new();
    let mut probe = |value: f64| -> Result<Probe, ScenarioError> {
        let text = if integer {
            format!("{value:.0}")
        } else {
            format!("{value}")
        };
        let given_as = format!("--vary {key}={text}");
        let scenario = source.scenario(&[Override::given_as(key.text(), &text, given_as)])?;
        let index = scenario
            .strategies
            .iter()
            .position(|s| s.name == strategy)
            .ok_or_else(|| {
                ScenarioError::single(
                    &source.label,
                    "",
                    format!("no strategy named \"{strategy}\""),
                )
            })?;
        let run = crate::analysis::run(&scenario, progress);
        let (result, summary) = (&run.result, &run.summary);
        let per_trial: Vec<f64> = result.strategies[index]
            .trials
            .iter()
            .map(|t| match target.metric {
                Metric::Exceed(Quantity::Deals, _) => t.deals as f64,
                _ => t.revenue,
            })
            .collect();
        let (metric, se) = measure(target.metric, summary, index, &per_trial);
        let p = Probe { value, metric, se };
        probes.push(p);
        Ok(p)
    };
    let meets = |p: &Probe| p.metric >= target.threshold;
    let first = probe(start)?;
    if meets(&first) {
        let outcome = Outcome::Found {
            at: first,
            value_uncertainty: None,
        };
        return Ok(GoalSeek { outcome, probes });
    }
    let last = probe(end)?;
    if !meets(&last) {
        return Ok(GoalSeek {
            outcome: Outcome::NotInRange(last),
            probes,
        });
    }
    let (mut lo, mut hi) = (first, last);
    while (hi.value - lo.value).abs() > resolution {
        let mid = if integer {
            ((lo.value + hi.value) / 2.0).floor()
        } else {
            (lo.value + hi.value) / 2.0
        };
        if mid == lo.value || mid == hi.value {
            break;
        }
        let p = probe(mid)?;
        if meets(&p) {
            hi = p;
        } else {
            lo = p;
        }
    }
    let slope = (hi.metric - lo.metric) / (hi.value - lo.value);
    let value_uncertainty = (slope.is_finite() && slope > 0.0).then(|| hi.se / slope);
    Ok(GoalSeek {
        outcome: Outcome::Found {
            at: hi,
            value_uncertainty,
        },
        probes,
    })
}
