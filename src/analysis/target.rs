//! Targets on a run's result (`P(revenue >= 2.5M) >= 0.9`, `median(revenue) >= 1.5M`,
//! `mean(deals) >= 80`): what they measure, how they are written, and their value in a run
//! with its Monte Carlo standard error. Goal seek searches for the value that meets one.

use std::str::FromStr;

use crate::analysis::summary::RunSummary;
use crate::config::number::{Unit, parse_number};

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

    /// The quantity's name as a target writes it.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Revenue => "revenue",
            Quantity::Deals => "deals",
        }
    }
}

/// The metric of strategy `strategy` in a run, with its Monte Carlo standard error;
/// `per_trial` holds the quantity of every trial (for [`Metric::Exceed`]).
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
            let k = per_trial.iter().filter(|v| **v >= amount).count() as f64;
            (k / n, share_se(k, n))
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

/// The standard error of a share of `k` trials in `n`, from the Agresti-Coull estimate
/// (k + z^2/2) / (n + z^2) at z = 1: sqrt(p(1 - p) / n) at the plain estimate p = k / n would
/// claim no uncertainty at all when no trial, or every trial, meets the amount, although
/// k = 0 in n trials only says the share is below about 3 / n. Away from 0 and 1 the two agree
/// to a relative 1 / n.
pub fn share_se(k: f64, n: f64) -> f64 {
    let adjusted = (k + 0.5) / (n + 1.0);
    (adjusted * (1.0 - adjusted) / (n + 1.0)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_of_none_or_all_still_has_an_error() {
        // k = 0 of 100: p~ = 0.5 / 101, se = sqrt(p~ (1 - p~) / 101), about 0.007 (not 0).
        let p: f64 = 0.5 / 101.0;
        assert_eq!(share_se(0.0, 100.0), (p * (1.0 - p) / 101.0).sqrt());
        assert!(share_se(0.0, 100.0) > 0.006 && share_se(100.0, 100.0) > 0.006);
        // Symmetric (to rounding: 100.5 / 101 and 1 - 0.5 / 101 differ in the last bit).
        assert!((share_se(0.0, 100.0) - share_se(100.0, 100.0)).abs() < 1e-15);
        // Away from the ends it is the usual sqrt(p (1 - p) / n) to within 1 / n relative.
        let usual = (0.3f64 * 0.7 / 10_000.0).sqrt();
        assert!((share_se(3_000.0, 10_000.0) / usual - 1.0).abs() < 1e-4);
    }

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
