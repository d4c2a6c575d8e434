//! A goal seek's target in words (its CSV is in [`crate::report::csv`]).

use crate::analysis::target::{Metric, Quantity, Target};
use crate::report::format::{money_short, short_number};

/// An amount of `quantity` for people: money or a count.
fn quantity_text(quantity: Quantity, v: f64) -> String {
    match quantity {
        Quantity::Revenue => money_short(v),
        Quantity::Deals => short_number(v),
    }
}

/// A value of `target`'s metric for people: a percentage, money or a count.
pub fn metric_text(target: &Target, v: f64) -> String {
    match target.metric {
        Metric::Exceed(..) => format!("{:.1}%", v * 100.0),
        Metric::Median(q) | Metric::Mean(q) => quantity_text(q, v),
    }
}

/// `target` in words, as it could be written on the command line: `P(revenue >= $2.5M) >= 90.0%`.
pub fn target_text(target: &Target) -> String {
    let threshold = metric_text(target, target.threshold);
    match target.metric {
        Metric::Exceed(q, amount) => {
            format!(
                "P({} >= {}) >= {threshold}",
                q.name(),
                quantity_text(q, amount)
            )
        }
        Metric::Median(q) => format!("median({}) >= {threshold}", q.name()),
        Metric::Mean(q) => format!("mean({}) >= {threshold}", q.name()),
    }
}
