//! Mixed strategies: `mix = { "top-down" = 0.7, "bottom-up" = "rest" }` splits each rep's
//! prospecting hours between pure strategies of the same scenario.

use std::ops::Range;

use toml::de::DeValue;

use crate::config::error::nearest;
use crate::config::number::{Unit, parse_number};
use crate::config::reader::{Reader, Value, number, type_name};
use crate::model::scenario::{Costs, MixPart, Sealed, Strategy};

/// How close given shares must come to summing to 1.
const SHARE_SUM_TOLERANCE: f64 = 1e-6;

/// A share as written: a number in [0, 1], or `"rest"` (1 minus the others).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Share {
    /// This share.
    Given(f64),
    /// Whatever the given shares leave.
    Rest,
}

/// A mix read from the file, before its components are looked up.
#[derive(Debug, Clone)]
pub struct PendingMix {
    /// The mix's own name.
    pub name: String,
    /// Label for messages (`strategy "70/30"`).
    pub label: String,
    /// Where the mix table stands.
    pub span: Range<usize>,
    /// Component name, where it stands, its share.
    pub parts: Vec<(String, Range<usize>, Share)>,
    /// The mix's own costs.
    pub costs: Costs,
}

/// Reads the `mix` table of a strategy.
pub fn read_parts(
    r: &mut Reader<'_>,
    value: &Value<'_>,
    label: &str,
) -> Option<Vec<(String, Range<usize>, Share)>> {
    let place = format!("{label}, key mix");
    let DeValue::Table(t) = value.get_ref() else {
        r.problem(
            Some(value.span()),
            &place,
            format!(
                "must be a table of strategy names and shares, e.g. {{ \"top-down\" = 0.7, \
                 \"bottom-up\" = \"rest\" }} (got {})",
                type_name(value.get_ref())
            ),
        );
        return None;
    };
    let mut parts = Vec::new();
    let mut ok = true;
    for (k, v) in t.iter() {
        // A share is a rate like any other: 0.6 or "60%", read by the one number reader.
        let share = match v.get_ref() {
            DeValue::String(s) if s.trim() == "rest" => Ok(Share::Rest),
            DeValue::String(s) => parse_number(s, Unit::Rate).map(Share::Given),
            other => number(other)
                .map(Share::Given)
                .ok_or_else(|| format!("got {}", type_name(other))),
        };
        match share {
            Ok(Share::Given(x)) if !(0.0..=1.0).contains(&x) => {
                r.problem(
                    Some(v.span()),
                    &format!("{place}.{}", k.get_ref()),
                    format!("a share must be a number from 0 to 1 (or 0% to 100%), or \"rest\" (got {x})"),
                );
                ok = false;
            }
            Ok(s) => parts.push((k.get_ref().to_string(), k.span(), s)),
            Err(e) => {
                r.problem(
                    Some(v.span()),
                    &format!("{place}.{}", k.get_ref()),
                    format!("a share must be a number from 0 to 1, a percentage, or \"rest\": {e}"),
                );
                ok = false;
            }
        }
    }
    if parts.is_empty() && ok {
        r.problem(Some(value.span()), &place, "names no strategies to mix");
        ok = false;
    }
    // Report in the order of the file (the table itself is sorted by key).
    parts.sort_by_key(|p| p.1.start);
    ok.then_some(parts)
}

/// Looks up the components of `mix` among `pure` strategies and settles the shares.
pub fn resolve(
    r: &mut Reader<'_>,
    mix: PendingMix,
    pure: &[(usize, &Strategy)],
    mixes: &[String],
    failed: &[String],
) -> Option<Strategy> {
    let place = format!("{}, key mix", mix.label);
    let names: Vec<&str> = pure.iter().map(|(_, s)| s.name.as_str()).collect();
    let mut ok = true;
    let mut parts = Vec::new();
    for (name, span, share) in &mix.parts {
        match pure.iter().find(|(_, s)| s.name == *name) {
            Some((index, _)) => parts.push((*index, *share)),
            // Its own problems are reported already; one more here would only mislead.
            None if failed.contains(name) => ok = false,
            None if mixes.contains(name) => {
                r.problem(
                    Some(span.clone()),
                    &place,
                    format!(
                        "`{name}` is itself a mix; a mix combines plain strategies: {}",
                        names.join(", ")
                    ),
                );
                ok = false;
            }
            None => {
                let hint = nearest(name, &names)
                    .map_or(String::new(), |n| format!("did you mean `{n}`? "));
                r.problem(
                    Some(span.clone()),
                    &place,
                    format!(
                        "`{name}` is not a strategy of this scenario; {hint}a mix combines \
                         strategies with their own inputs: {}",
                        names.join(", ")
                    ),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let given: f64 = parts
        .iter()
        .filter_map(|(_, s)| match s {
            Share::Given(x) => Some(*x),
            Share::Rest => None,
        })
        .sum();
    let rests = parts.iter().filter(|(_, s)| *s == Share::Rest).count();
    let rest = match rests {
        0 if (given - 1.0).abs() <= SHARE_SUM_TOLERANCE => 0.0,
        0 => {
            r.problem(
                Some(mix.span.clone()),
                &place,
                format!(
                    "the shares sum to {given}, not 1; make them sum to 1, or give one of them as \
                     \"rest\" (so that sweeping a share moves the other)"
                ),
            );
            return None;
        }
        1 if given <= 1.0 + SHARE_SUM_TOLERANCE => (1.0 - given).max(0.0),
        1 => {
            r.problem(
                Some(mix.span.clone()),
                &place,
                format!(
                    "the given shares sum to {given}, more than 1, leaving nothing for \"rest\""
                ),
            );
            return None;
        }
        _ => {
            r.problem(
                Some(mix.span.clone()),
                &place,
                "only one share can be \"rest\"",
            );
            return None;
        }
    };
    let parts: Vec<MixPart> = parts
        .into_iter()
        .map(|(strategy, s)| MixPart {
            strategy,
            share: match s {
                Share::Given(x) => x,
                Share::Rest => rest,
            },
            sealed: Sealed::by_validator(),
        })
        .collect();
    // A copy of the first component's inputs, only so that every strategy carries ten valid
    // inputs (`Strategy::inputs`); it does not depend on the shares.
    let first = parts.first()?.strategy;
    let inputs = pure
        .iter()
        .find(|(i, _)| *i == first)
        .map(|(_, s)| s.inputs.clone())?;
    Some(Strategy {
        name: mix.name,
        inputs,
        mix: parts,
        targets: Vec::new(),
        costs: mix.costs,
        sealed: Sealed::by_validator(),
    })
}
