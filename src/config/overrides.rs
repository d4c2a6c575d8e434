//! `--set KEY=VALUE`: changes to a scenario made on the command line, applied to the TOML tree
//! before it is validated, so an override is checked exactly like a value written in the file.
//!
//! KEY is a dotted path: `simulation.reps`, `strategies.top-down.research_hours_per_account`,
//! `strategies.bottom-up.prospecting_hours_per_week.mean`. A strategy is named by its `name`
//! (which may itself contain dots). VALUE is any TOML value or spec; text that is not valid TOML
//! is taken as a string, so `--set 'strategies.a.connect_rate=5% to 9%'` needs no inner quotes.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::config::error::nearest;
use crate::config::reader::{OVERRIDE_SPAN_BASE, Reader};
use crate::model::key::strategy_prefix;

/// One change to a scenario: a `--set KEY=VALUE`, or a flag that stands for one (`--trials N`
/// is `simulation.trials=N`, a sweep's point is `--vary KEY=VALUE`). All go through the same
/// validation as the file's own values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The dotted key as written.
    pub key: String,
    /// The value as written.
    pub value: String,
    /// How the command line gave it (`--set KEY=VALUE`, `--trials 0`, ...): messages about
    /// the value name it so.
    pub given_as: String,
}

impl Override {
    /// The override `--set KEY=VALUE` would give.
    pub fn set(key: &str, value: &str) -> Override {
        Override::given_as(key, value, format!("--set {key}={value}"))
    }

    /// An override of `key` given on the command line as `given_as` (for messages).
    pub fn given_as(key: &str, value: &str, given_as: String) -> Override {
        Override {
            key: key.to_string(),
            value: value.to_string(),
            given_as,
        }
    }
}

impl FromStr for Override {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (key, value) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not KEY=VALUE (e.g. simulation.reps=25)"))?;
        let key = key.trim();
        if key.is_empty() || key.split('.').any(str::is_empty) {
            return Err(format!(
                "`{key}` is not a dotted key (e.g. strategies.top-down.research_hours_per_account)"
            ));
        }
        Ok(Override::set(key, value.trim()))
    }
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// The value of an override as a TOML value marked with its override span.
fn override_value(o: &Override, index: usize) -> Spanned<DeValue<'_>> {
    let span = OVERRIDE_SPAN_BASE + index..OVERRIDE_SPAN_BASE + index;
    let value = match DeValue::parse(&o.value) {
        Ok(v) => v.into_inner(),
        Err(_) => DeValue::String(Cow::Borrowed(o.value.as_str())),
    };
    Spanned::new(span, value)
}

/// Keys that may be set even where the file does not have them yet, per level of the tree.
pub struct KnownKeys<'k> {
    /// Top-level keys.
    pub top: &'k [&'k str],
    /// Keys of each top-level table, by table name.
    pub tables: &'k [(&'k str, &'k [&'k str])],
    /// Arrays of tables whose entries are named by their `name` (`strategies`, `segments`,
    /// `contacts`), with the keys of one entry.
    pub named: &'k [(&'k str, &'k [&'k str])],
    /// Keys of one of a strategy's targets (`strategies.NAME.targets.I.KEY`).
    pub target: &'k [&'k str],
}

/// Applies `overrides` to `doc` in order; records a problem for each path that does not exist.
pub fn apply<'i>(
    r: &mut Reader<'_>,
    doc: &mut DeTable<'i>,
    overrides: &'i [Override],
    known: &KnownKeys<'_>,
) {
    for (index, o) in overrides.iter().enumerate() {
        if let Err(message) = apply_one(doc, o, index, known) {
            r.problem(
                Some(OVERRIDE_SPAN_BASE + index..OVERRIDE_SPAN_BASE + index),
                "",
                message,
            );
        }
    }
}

fn apply_one<'i>(
    doc: &mut DeTable<'i>,
    o: &'i Override,
    index: usize,
    known: &KnownKeys<'_>,
) -> Result<(), String> {
    let parts: Vec<&str> = o.key.split('.').collect();
    let value = override_value(o, index);
    if let Some((section, keys)) = known.named.iter().find(|(n, _)| *n == parts[0]) {
        return set_named(doc, section, &parts[1..], value, keys, known.target);
    }
    let top = parts[0];
    if !known.top.contains(&top) && doc.get(top).is_none() {
        return Err(unknown(top, known.top, "the scenario"));
    }
    let level: &[&str] = known
        .tables
        .iter()
        .find(|(t, _)| *t == top)
        .map_or(&[], |(_, keys)| keys);
    if parts.len() == 1 {
        return set_path(doc, &parts, value, known.top, SPEC_FIELDS, "the scenario");
    }
    let sub = doc
        .entry(Spanned::new(value.span(), Cow::Owned(top.to_string())))
        .or_insert_with(|| Spanned::new(value.span(), DeValue::Table(DeTable::new())));
    match sub.get_mut() {
        DeValue::Table(t) => set_path(t, &parts[1..], value, level, SPEC_FIELDS, top),
        _ => Err(format!(
            "`{top}` is not a table, so `{}` cannot be set",
            o.key
        )),
    }
}

/// Sets `rest` (`NAME.KEY...`) in the entry named NAME of the array of tables `section`
/// (`strategies`, `segments`, `contacts`), whose entries take `keys`.
fn set_named<'i>(
    doc: &mut DeTable<'i>,
    section: &str,
    rest: &[&str],
    value: Spanned<DeValue<'i>>,
    keys: &[&str],
    target_keys: &[&str],
) -> Result<(), String> {
    let one = match section {
        "strategies" => "strategy",
        other => other.strip_suffix('s').unwrap_or(other),
    };
    let items = doc
        .get_mut(section)
        .map(|v| v.get_mut())
        .and_then(|v| match v {
            DeValue::Array(a) => Some(a),
            _ => None,
        })
        .ok_or_else(|| format!("the scenario has no [[{section}]] to override"))?;
    let names: Vec<String> = items
        .iter()
        .filter_map(|s| s.get_ref().get("name"))
        .filter_map(|n| n.get_ref().as_str().map(str::to_string))
        .collect();
    // The longest run of segments that names an entry (names may contain dots).
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let Some(n) = strategy_prefix(rest, &refs) else {
        let wanted = rest.first().copied().unwrap_or("");
        let hint =
            nearest(wanted, &refs).map_or(String::new(), |m| format!("did you mean `{m}`? "));
        return Err(format!(
            "no {one} named `{wanted}`; {hint}{section}: {} (write {section}.NAME.KEY)",
            names.join(", ")
        ));
    };
    let name = rest[..n].join(".");
    let table = items
        .iter_mut()
        .find(|s| s.get_ref().get("name").and_then(|v| v.get_ref().as_str()) == Some(name.as_str()))
        .and_then(|s| match s.get_mut() {
            DeValue::Table(t) => Some(t),
            _ => None,
        })
        .ok_or_else(|| format!("{one} `{name}` is not a table"))?;
    // Inside a strategy's `mix` the keys are strategy names, inside `targets` a target's keys,
    // inside an input the spec fields.
    let path = &rest[n..];
    let others: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|s| *s != name)
        .collect();
    let child_keys: &[&str] = match (section, path.first()) {
        ("strategies", Some(&"mix")) => &others,
        ("strategies", Some(&"targets")) => target_keys,
        _ => SPEC_FIELDS,
    };
    set_path(
        table,
        path,
        value,
        keys,
        child_keys,
        &format!("{section}.{name}"),
    )
}

/// Sets `path` inside `table`; the last segment may be new if it is a known key of its level
/// (`level_keys` here, `child_keys` one table down), every other must exist.
fn set_path<'i>(
    table: &mut DeTable<'i>,
    path: &[&str],
    value: Spanned<DeValue<'i>>,
    level_keys: &[&str],
    child_keys: &[&str],
    where_: &str,
) -> Result<(), String> {
    let Some((&head, rest)) = path.split_first() else {
        return Err(format!("`{where_}` needs a key after it"));
    };
    if rest.is_empty() {
        let existing: Vec<String> = table.iter().map(|(k, _)| k.get_ref().to_string()).collect();
        if !level_keys.contains(&head) && !existing.iter().any(|k| k == head) {
            let mut valid: Vec<&str> = level_keys.to_vec();
            valid.extend(
                existing
                    .iter()
                    .map(String::as_str)
                    .filter(|k| !level_keys.contains(k)),
            );
            return Err(unknown(head, &valid, where_));
        }
        let span = value.span();
        table.insert(Spanned::new(span, Cow::Owned(head.to_string())), value);
        return Ok(());
    }
    let Some(child) = table.get_mut(head) else {
        return Err(unknown(head, level_keys, where_));
    };
    match child.get_mut() {
        DeValue::Table(t) => set_path(
            t,
            rest,
            value,
            child_keys,
            SPEC_FIELDS,
            &format!("{where_}.{head}"),
        ),
        // A list of tables (a strategy's targets): the next segment is a 0-based position.
        DeValue::Array(items) => {
            let count = items.len();
            let list = format!("{where_}.{head}");
            let position = rest[0];
            let item = position
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get_mut(i))
                .ok_or_else(|| {
                    format!(
                        "`{list}` is a list of {count}: write {list}.I.KEY with I a position \
                         from 0 to {} (got `{position}`)",
                        count.saturating_sub(1)
                    )
                })?;
            match item.get_mut() {
                DeValue::Table(t) => set_path(
                    t,
                    &rest[1..],
                    value,
                    child_keys,
                    SPEC_FIELDS,
                    &format!("{list}.{position}"),
                ),
                _ => Err(format!("`{list}.{position}` is not a table")),
            }
        }
        _ => Err(format!(
            "`{where_}.{head}` is not a table, so `{}` cannot be set inside it; set `{where_}.{head}` \
             to a whole spec instead",
            rest.join(".")
        )),
    }
}

/// Every field a spec table can have (which ones apply depends on its `dist`; the validator
/// then checks the combination).
const SPEC_FIELDS: &[&str] = &[
    "dist", "mean", "sd", "min", "max", "median", "p5", "p95", "alpha", "beta", "mode",
];

fn unknown(key: &str, valid: &[&str], where_: &str) -> String {
    let hint = nearest(key, valid).map_or(String::new(), |m| format!("did you mean `{m}`? "));
    format!(
        "{where_} has no key `{key}`; {hint}valid keys: {}",
        valid.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_value() {
        let o: Override = "simulation.reps=25".parse().unwrap();
        assert_eq!(
            (o.key.as_str(), o.value.as_str()),
            ("simulation.reps", "25")
        );
        assert!("simulation.reps".parse::<Override>().is_err());
        assert!("a..b=1".parse::<Override>().is_err());
        let o: Override = "strategies.x.connect_rate=5% to 9%".parse().unwrap();
        assert_eq!(o.value, "5% to 9%");
    }
}
