//! Goal seek: the smallest value of a key, within a stated range, at which a target on the
//! result is met, found by bisection over runs that share their trial streams.
//!
//! Bisection assumes the target is met from some value on (the result improves as the value
//! grows, like prospecting hours or team size). Where the target is already met at the start of
//! the range, the start is the answer; where it is not met at the end, no value in range is.

use std::fmt;
use std::str::FromStr;

use crate::config::number::{Unit, parse_number};
use crate::config::{Override, ScenarioError};
use crate::report::format::money_short;
use crate::report::summary::RunSummary;
use crate::whatif::{RunSize, ScenarioSource, run_variant};

/// One-sided 50% quantile's standard error factor: for a normal sample the median's standard
/// error is sqrt(pi/2) sd / sqrt(n) (an approximation for other shapes).
const MEDIAN_SE_FACTOR: f64 = 1.253_314_137_315_500_3;

/// What a target measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    /// P(quantity >= amount).
    Exceed(Quantity, f64),
    /// The median of the quantity.
    Median(Quantity),
    /// The mean of the quantity.
    Mean(Quantity),
}

/// The per-trial quantity a target speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Team revenue booked within the horizon.
    Revenue,
    /// Deals booked within the horizon.
    Deals,
}

/// A target: metric >= threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// What is measured.
    pub metric: Metric,
    /// The least acceptable value of it.
    pub threshold: f64,
}

impl FromStr for Target {
    type Err = String;

    /// `P(revenue >= 2.5M) >= 0.9`, `median(revenue) >= 1.5M`, `mean(deals) >= 80`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "`{s}` is not a target; write e.g. \"P(revenue >= 2.5M) >= 0.9\", \
                 \"median(revenue) >= 1.5M\" or \"mean(deals) >= 80\""
            )
        };
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let (lhs, rhs) = compact.rsplit_once(">=").ok_or_else(bad)?;
        let (func, arg) = lhs
            .strip_suffix(')')
            .and_then(|l| l.split_once('('))
            .ok_or_else(bad)?;
        let quantity = |q: &str| match q {
            "revenue" => Ok(Quantity::Revenue),
            "deals" => Ok(Quantity::Deals),
            _ => Err(format!("`{q}`: a target speaks of revenue or deals")),
        };
        // Every amount is read by the one number reader, as the unit its place takes: a
        // probability is a rate ("90%"), revenue is money ("2.5M"), deals are a count.
        let read = |text: &str, unit| parse_number(text, unit).map_err(|e| format!("`{s}`: {e}"));
        let (metric, threshold) = match func.to_ascii_lowercase().as_str() {
            "p" => {
                let (q, amount) = arg.split_once(">=").ok_or_else(bad)?;
                let q = quantity(q)?;
                let amount = read(amount, q.unit())?;
                let threshold = read(rhs, Unit::Rate)?;
                if !(0.0..=1.0).contains(&threshold) {
                    return Err(format!("`{s}`: a probability target lies in [0, 1]"));
                }
                (Metric::Exceed(q, amount), threshold)
            }
            "median" => {
                let q = quantity(arg)?;
                (Metric::Median(q), read(rhs, q.unit())?)
            }
            "mean" => {
                let q = quantity(arg)?;
                (Metric::Mean(q), read(rhs, q.unit())?)
            }
            _ => return Err(bad()),
        };
        Ok(Target { metric, threshold })
    }
}

impl Quantity {
    /// How an amount of it is written: money for revenue, a count for deals.
    fn unit(self) -> Unit {
        match self {
            Quantity::Revenue => Unit::Money,
            Quantity::Deals => Unit::Count,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Quantity::Revenue => "revenue",
            Quantity::Deals => "deals",
        }
    }

    /// An amount of this quantity for people: money or a count.
    fn format(self, v: f64) -> String {
        match self {
            Quantity::Revenue => money_short(v),
            Quantity::Deals => format!("{v:.1}"),
        }
    }
}

impl Target {
    /// A value of the target's metric for people: a percentage, money or a count.
    pub fn format_metric(&self, v: f64) -> String {
        match self.metric {
            Metric::Exceed(..) => format!("{:.1}%", v * 100.0),
            Metric::Median(q) | Metric::Mean(q) => q.format(v),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let threshold = self.format_metric(self.threshold);
        match self.metric {
            Metric::Exceed(q, amount) => {
                write!(f, "P({} >= {}) >= {threshold}", q.name(), q.format(amount))
            }
            Metric::Median(q) => write!(f, "median({}) >= {threshold}", q.name()),
            Metric::Mean(q) => write!(f, "mean({}) >= {threshold}", q.name()),
        }
    }
}

/// The metric of strategy `strategy` in a run, with its Monte Carlo standard error.
pub fn measure(
    metric: Metric,
    summary: &RunSummary,
    strategy: usize,
    per_trial: &[f64],
) -> (f64, f64) {
    let s = &summary.strategies[strategy];
    let n = per_trial.len().max(1) as f64;
    match metric {
        Metric::Exceed(_, amount) => {
            let p = per_trial.iter().filter(|v| **v >= amount).count() as f64 / n;
            (p, (p * (1.0 - p) / n).sqrt())
        }
        Metric::Median(q) => {
            let stats = match q {
                Quantity::Revenue => s.revenue,
                Quantity::Deals => s.deals,
            };
            (stats.p50, MEDIAN_SE_FACTOR * stats.se)
        }
        Metric::Mean(q) => {
            let stats = match q {
                Quantity::Revenue => s.revenue,
                Quantity::Deals => s.deals,
            };
            (stats.mean, stats.se)
        }
    }
}

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
/// `strategy`. Integer keys (`simulation.*`) are searched over whole numbers.
pub fn seek(
    source: &ScenarioSource,
    key: &str,
    range: (f64, f64),
    target: Target,
    strategy: &str,
    size: RunSize,
) -> Result<GoalSeek, ScenarioError> {
    let integer = key.starts_with("simulation.");
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
        let mut scenario = source.scenario(&[Override {
            key: key.to_string(),
            value: text,
        }])?;
        size.apply(&mut scenario);
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
        let (result, summary) = run_variant(&scenario);
        let per_trial: Vec<f64> = result.strategies[index]
            .trials
            .iter()
            .map(|t| match target.metric {
                Metric::Exceed(Quantity::Deals, _) => t.deals as f64,
                _ => t.revenue,
            })
            .collect();
        let (metric, se) = measure(target.metric, &summary, index, &per_trial);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        let t: Target = "P(revenue >= 2.5M) >= 0.9".parse().unwrap();
        assert_eq!(t.metric, Metric::Exceed(Quantity::Revenue, 2.5e6));
        assert_eq!(t.threshold, 0.9);
        let t: Target = "median(revenue) >= $1,500k".parse().unwrap();
        assert_eq!(
            (t.metric, t.threshold),
            (Metric::Median(Quantity::Revenue), 1.5e6)
        );
        let t: Target = "mean(deals)>=80".parse().unwrap();
        assert_eq!(
            (t.metric, t.threshold),
            (Metric::Mean(Quantity::Deals), 80.0)
        );
        assert!("P(revenue >= 2M) >= 1.5".parse::<Target>().is_err());
        assert!("max(revenue) >= 1".parse::<Target>().is_err());
        assert!("P(hours >= 2) >= 0.5".parse::<Target>().is_err());
    }

    #[test]
    fn target_amounts_are_read_as_their_unit() {
        // A probability is a rate: "90%" is 0.9; revenue is money: "50%" is refused, not $0.50.
        let t: Target = "P(revenue >= $350k) >= 90%".parse().unwrap();
        assert_eq!(
            (t.metric, t.threshold),
            (Metric::Exceed(Quantity::Revenue, 350e3), 0.9)
        );
        let e = "median(revenue) >= 50%".parse::<Target>().unwrap_err();
        assert!(e.contains("\"50%\"") && e.contains("percentage"), "{e}");
        let e = "P(revenue >= 1M) >= $1".parse::<Target>().unwrap_err();
        assert!(e.contains("\"$1\""), "{e}");
        assert!("mean(deals) >= 1,5".parse::<Target>().is_err());
    }
}
