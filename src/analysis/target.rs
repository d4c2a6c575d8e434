//! Targets on a run's result (`P(revenue >= 2.5M) >= 0.9`, `median(revenue) >= 1.5M`,
//! `mean(deals) >= 80`): what they measure, how they are written, and their value in a run
//! with its Monte Carlo standard error. Goal seek searches for the value that meets one.

use std::str::FromStr;

use crate::analysis::summary::RunSummary;

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
        let threshold = parse_amount(rhs).ok_or_else(bad)?;
        let (func, arg) = lhs
            .strip_suffix(')')
            .and_then(|l| l.split_once('('))
            .ok_or_else(bad)?;
        let quantity = |q: &str| match q {
            "revenue" => Ok(Quantity::Revenue),
            "deals" => Ok(Quantity::Deals),
            _ => Err(format!("`{q}`: a target speaks of revenue or deals")),
        };
        let metric = match func.to_ascii_lowercase().as_str() {
            "p" => {
                let (q, amount) = arg.split_once(">=").ok_or_else(bad)?;
                let amount = parse_amount(amount).ok_or_else(bad)?;
                if !(0.0..=1.0).contains(&threshold) {
                    return Err(format!("`{s}`: a probability target lies in [0, 1]"));
                }
                Metric::Exceed(quantity(q)?, amount)
            }
            "median" => Metric::Median(quantity(arg)?),
            "mean" => Metric::Mean(quantity(arg)?),
            _ => return Err(bad()),
        };
        Ok(Target { metric, threshold })
    }
}

impl Quantity {
    /// The quantity's name as a target writes it.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Revenue => "revenue",
            Quantity::Deals => "deals",
        }
    }
}

/// `2.5M`, `$350k`, `1,200,000`, `0.9`, `90%`: an amount as a target writes it.
pub fn parse_amount(s: &str) -> Option<f64> {
    // Money suffixes here; percentages and digit separators as in scenario values.
    let s = s.trim().trim_start_matches('$');
    let (digits, scale) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1e3),
        'm' | 'M' => (&s[..s.len() - 1], 1e6),
        'b' | 'B' => (&s[..s.len() - 1], 1e9),
        _ => (s, 1.0),
    };
    crate::config::spec::parse_amount(digits)
        .filter(|v| v.is_finite())
        .map(|v| v * scale)
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
    fn amounts_take_suffixes() {
        assert_eq!(parse_amount("2.5M"), Some(2.5e6));
        assert_eq!(parse_amount("$350k"), Some(350e3));
        assert_eq!(parse_amount("90%"), Some(0.9));
        assert_eq!(parse_amount("x"), None);
    }
}
