//! The optional `[economics]` section and a strategy's costs: what turns revenue into a business
//! case (gross margin, the cost of a rep's prospecting hour, a discount rate, upfront and weekly
//! costs of a strategy).

use crate::config::number::{Unit, parse_number};
use crate::config::reader::{Entry, Reader, find, number, type_name};
use crate::config::spec;
use crate::model::dist::Dist;
use crate::model::inputs::{Input, KeyKind, Stated};
use crate::model::scenario::{Costs, Economics, Sealed};
use toml::de::DeValue;

/// Keys of `[economics]`.
pub const ECONOMICS_KEYS: &[&str] = &["gross_margin", "rep_cost_per_hour", "discount_rate"];
/// A strategy's optional cost keys.
pub const COST_KEYS: &[&str] = &["upfront_cost", "cost_per_rep_week"];

/// The discount rate when `[economics]` gives none: 10% a year.
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.10;
/// The largest annual discount rate accepted (1000%): beyond it NPV says nothing useful.
const MAX_DISCOUNT_RATE: f64 = 10.0;

/// A strategy's costs when it gives none.
pub const NO_COSTS: Costs = Costs {
    upfront: 0.0,
    per_rep_week: 0.0,
    sealed: Sealed::by_validator(),
};

/// Reads `[economics]`; `Some(None)` when absent, `None` when it has problems.
pub fn read_economics(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
) -> Option<Option<Economics>> {
    let Some(e) = entry else {
        return Some(None);
    };
    let t = r.table(
        e,
        "key economics",
        "([economics]) with gross_margin, rep_cost_per_hour, discount_rate",
    )?;
    let fields = r.entries(t, ECONOMICS_KEYS, |k| format!("key economics.{k}"));
    let spec_or =
        |r: &mut Reader<'_>, key: &str, kind: KeyKind, default: f64| match find(&fields, key) {
            Some(f) => spec::read_spec(r, f.value, kind, &format!("key economics.{key}")),
            None => Some(Input {
                dist: Dist::Constant(default),
                text: format!("{} (default)", spec::fmt_value(default, kind)),
                stated: Stated::Default,
            }),
        };
    let gross_margin = spec_or(r, "gross_margin", KeyKind::Rate, 1.0);
    let rep_cost_per_hour = spec_or(r, "rep_cost_per_hour", KeyKind::Money, 0.0);
    let discount_rate = match find(&fields, "discount_rate") {
        None => Some(DEFAULT_DISCOUNT_RATE),
        Some(f) => {
            // A rate like every other: 0.10 or "10%", read by the one number reader.
            let read = match f.value.get_ref() {
                DeValue::String(s) => parse_number(s, Unit::Rate),
                other => number(other).ok_or_else(|| format!("got {}", type_name(other))),
            };
            match read {
                Ok(v) if (0.0..=MAX_DISCOUNT_RATE).contains(&v) => Some(v),
                other => {
                    let got = match other {
                        Ok(v) => format!("got {v}"),
                        Err(e) => e,
                    };
                    r.problem(
                        Some(f.value.span()),
                        "key economics.discount_rate",
                        format!(
                            "must be an annual rate from 0 to {} ({}), e.g. 0.10 or \"10%\" ({got})",
                            MAX_DISCOUNT_RATE,
                            "1000%"
                        ),
                    );
                    None
                }
            }
        }
    };
    Some(Some(Economics {
        gross_margin: gross_margin?,
        rep_cost_per_hour: rep_cost_per_hour?,
        discount_rate: discount_rate?,
        sealed: Sealed::by_validator(),
    }))
}

/// Reads a strategy's `upfront_cost` and `cost_per_rep_week` (0 when absent).
pub fn read_costs(r: &mut Reader<'_>, fields: &[Entry<'_, '_>], label: &str) -> Option<Costs> {
    let mut amount = |key: &str| {
        let message = "must be an amount >= 0, e.g. 25_000";
        r.amount(
            fields,
            key,
            &format!("{label}, key {key}"),
            |v| v >= 0.0,
            message,
        )
        .map(|v| v.unwrap_or(0.0))
    };
    let (upfront, per_rep_week) = (amount("upfront_cost"), amount("cost_per_rep_week"));
    Some(Costs {
        upfront: upfront?,
        per_rep_week: per_rep_week?,
        sealed: Sealed::by_validator(),
    })
}
