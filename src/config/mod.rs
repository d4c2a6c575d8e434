//! Scenario files: TOML text -> a validated [`Scenario`], or every problem found in it at once.
//!
//! The walker reads the spanned TOML tree (`toml::de::DeTable`) rather than deriving serde
//! structs, so that every problem carries its line, column and key, and so that all of a file's
//! problems are reported in one go instead of the first only.

pub mod economics;
pub mod error;
pub mod field;
pub mod mix;
pub mod number;
pub mod overrides;
pub mod part_b;
mod reader;
pub mod resolved;
pub mod source;
pub mod spec;
pub mod workload;

use toml::de::{DeTable, DeValue};

pub use error::{Problem, ScenarioError};
pub use overrides::Override;
use reader::{Entry, Reader, find, integer, type_name};
pub use source::{
    BUILT_IN_LABEL, BUILT_IN_SCENARIO, FLAT_SCENARIO, ScenarioSource, load_scenario,
    load_scenario_with, read_scenario_text,
};

use crate::model::inputs::{Input, InputKey, Inputs};
use crate::model::scenario::Sealed;
pub use crate::model::scenario::{
    Costs, Economics, MixPart, Scenario, Simulation, Strategy, Targets,
};

/// Largest values accepted for the simulation sizes: far beyond any planning use, and small
/// enough that counts and memory stay sane.
const MAX_TRIALS: i128 = 100_000_000;
/// The fewest trials: a standard deviation or standard error needs two samples.
const MIN_TRIALS: i128 = 2;
const MAX_WEEKS: i128 = 1_040; // 20 years
const MAX_REPS: i128 = 100_000;

impl Scenario {
    /// The built-in scenario.
    pub fn built_in() -> Scenario {
        parse_scenario(BUILT_IN_SCENARIO, BUILT_IN_LABEL)
            .expect("the built-in scenario is valid (checked by a test)")
    }
}

const TOP_KEYS: &[&str] = &[
    "name",
    "description",
    "simulation",
    "strategies",
    "targets",
    "economics",
    "playing_field",
    "segments",
    "contacts",
    "selling",
    "installed_base",
    "team",
];
const TARGET_KEYS: &[&str] = &["revenue", "quota_per_rep"];
const SIMULATION_KEYS: &[&str] = &["trials", "weeks", "reps", "seed"];

/// Validates scenario `text`; `file` names it in messages.
pub fn parse_scenario(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
    parse_scenario_with(text, file, &[])
}

/// Validates scenario `text` changed by `overrides` (`--set`); `file` names it in messages.
pub fn parse_scenario_with<'i>(
    text: &'i str,
    file: &str,
    overrides: &'i [Override],
) -> Result<Scenario, ScenarioError> {
    let mut doc = DeTable::parse(text).map_err(|e| {
        let mut r = Reader::new(text);
        r.problem(
            e.span(),
            "",
            format!("not valid TOML: {}", e.message().trim_end()),
        );
        ScenarioError {
            file: file.to_string(),
            problems: r.problems,
        }
    })?;
    let mut r =
        Reader::with_overrides(text, overrides.iter().map(|o| o.given_as.clone()).collect());
    apply_overrides(&mut r, doc.get_mut(), overrides);
    let scenario = read_scenario(&mut r, doc.get_ref());
    // A valid scenario that would run for hours is refused before it starts.
    if let Some(s) = &scenario
        && r.problems.is_empty()
        && let Err(message) = workload::check(s)
    {
        r.problem(None, "scenario", message);
    }
    // Report in the order of the file; problems without a place come first.
    r.problems.sort_by_key(|p| (p.line, p.column));
    match scenario {
        Some(s) if r.problems.is_empty() => Ok(s),
        _ => Err(ScenarioError {
            file: file.to_string(),
            problems: r.problems,
        }),
    }
}

/// Applies `overrides` to the tree of a scenario file, recording a problem for each key that
/// does not exist.
fn apply_overrides<'i>(r: &mut Reader<'_>, doc: &mut DeTable<'i>, overrides: &'i [Override]) {
    let strategy = strategy_keys();
    let contact = field::contact_keys();
    let target = field::target_keys();
    let known = overrides::KnownKeys {
        top: TOP_KEYS,
        tables: &[
            ("simulation", SIMULATION_KEYS),
            ("targets", TARGET_KEYS),
            ("economics", economics::ECONOMICS_KEYS),
            ("playing_field", field::PLAYING_FIELD_KEYS),
            ("selling", crate::model::selling::SELLING_KEYS),
            ("installed_base", crate::model::selling::INSTALLED_BASE_KEYS),
            ("team", crate::model::team::TEAM_KEYS),
        ],
        named: &[
            ("strategies", &strategy),
            ("segments", field::SEGMENT_KEYS),
            ("contacts", &contact),
        ],
        target: &target,
    };
    overrides::apply(r, doc, overrides, &known);
}

fn read_scenario(r: &mut Reader<'_>, root: &DeTable<'_>) -> Option<Scenario> {
    let top = r.entries(root, TOP_KEYS, |k| format!("key {k}"));
    let name = read_name(r, find(&top, "name"));
    let description = match find(&top, "description") {
        None => None,
        Some(e) => match e.value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                r.problem(
                    Some(e.value.span()),
                    "key description",
                    format!("must be a string (got {})", type_name(other)),
                );
                None
            }
        },
    };
    let simulation = read_simulation(r, find(&top, "simulation"));
    // The playing field comes before the strategies, whose targets name its segments.
    let field = field::read_field(
        r,
        &field::FieldEntries {
            settings: find(&top, "playing_field"),
            segments: find(&top, "segments"),
            contacts: find(&top, "contacts"),
            part_b: part_b::PartBEntries {
                selling: find(&top, "selling"),
                installed_base: find(&top, "installed_base"),
                team: find(&top, "team"),
            },
        },
    );
    let strategies = read_strategies(r, find(&top, "strategies"), field.as_ref());
    let targets = read_targets(r, find(&top, "targets"));
    let economics = economics::read_economics(r, find(&top, "economics"));
    Some(Scenario {
        name: name?,
        description,
        simulation: simulation?,
        strategies: strategies?,
        targets: targets?,
        economics: economics?,
        field: match field {
            None => None,
            Some(f) => Some(f.field?),
        },
        sealed: Sealed::by_validator(),
    })
}

fn read_name(r: &mut Reader<'_>, entry: Option<&Entry<'_, '_>>) -> Option<String> {
    let Some(e) = entry else {
        r.problem(
            None,
            "key name",
            "missing; add e.g. name = \"my-team\" (it names the output folder)",
        );
        return None;
    };
    let DeValue::String(s) = e.value.get_ref() else {
        r.problem(
            Some(e.value.span()),
            "key name",
            format!("must be a string (got {})", type_name(e.value.get_ref())),
        );
        return None;
    };
    if !valid_output_name(s) {
        r.problem(
            Some(e.value.span()),
            "key name",
            format!(
                "\"{s}\" cannot name an output folder: use 1 to 100 letters, digits, '.', '_' or '-', \
                 not starting with '.'"
            ),
        );
        return None;
    }
    Some(s.to_string())
}

/// A name that is safe as a single path component under `output/`.
pub fn valid_output_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn read_simulation(r: &mut Reader<'_>, entry: Option<&Entry<'_, '_>>) -> Option<Simulation> {
    let Some(e) = entry else {
        r.problem(
            None,
            "section [simulation]",
            "missing; it needs trials, weeks, reps and seed",
        );
        return None;
    };
    let t = r.table(e, "key simulation", "with trials, weeks, reps and seed")?;
    let fields = r.entries(t, SIMULATION_KEYS, |k| format!("key simulation.{k}"));
    let mut int = |key: &str, min: i128, max: i128, what: &str| -> Option<i128> {
        let place = format!("key simulation.{key}");
        let Some(f) = find(&fields, key) else {
            r.problem(Some(e.key_span.clone()), &place, format!("missing; {what}"));
            return None;
        };
        match integer(f.value.get_ref()) {
            Some(v) if (min..=max).contains(&v) => Some(v),
            Some(v) => {
                r.problem(
                    Some(f.value.span()),
                    &place,
                    format!("must be a whole number from {min} to {max} (got {v}); {what}"),
                );
                None
            }
            None => {
                r.problem(
                    Some(f.value.span()),
                    &place,
                    format!(
                        "must be a whole number from {min} to {max} (got {}); {what}",
                        type_name(f.value.get_ref())
                    ),
                );
                None
            }
        }
    };
    // Two at least: a spread (sd, standard error) needs two samples, and every command shows one.
    let trials = int(
        "trials",
        MIN_TRIALS,
        MAX_TRIALS,
        "the number of simulated futures, e.g. 10000 (a spread needs at least 2)",
    );
    let weeks = int("weeks", 1, MAX_WEEKS, "the horizon in weeks, e.g. 52");
    let reps = int("reps", 1, MAX_REPS, "the team size, e.g. 10");
    let seed = int(
        "seed",
        0,
        i128::from(u64::MAX),
        "any whole number >= 0, e.g. 20110426",
    );
    Some(Simulation {
        trials: u64::try_from(trials?).ok()?,
        weeks: u32::try_from(weeks?).ok()?,
        reps: u32::try_from(reps?).ok()?,
        seed: u64::try_from(seed?).ok()?,
        sealed: Sealed::by_validator(),
    })
}

fn read_targets(r: &mut Reader<'_>, entry: Option<&Entry<'_, '_>>) -> Option<Targets> {
    let Some(e) = entry else {
        return Some(Targets {
            revenue: None,
            quota_per_rep: None,
            sealed: Sealed::by_validator(),
        });
    };
    let t = r.table(
        e,
        "key targets",
        "([targets]) with revenue and/or quota_per_rep",
    )?;
    let fields = r.entries(t, TARGET_KEYS, |k| format!("key targets.{k}"));
    let mut amount = |key: &str| {
        let message = "must be an amount of revenue > 0, e.g. 2_500_000";
        r.amount(
            &fields,
            key,
            &format!("key targets.{key}"),
            |v| v > 0.0,
            message,
        )
    };
    let (revenue, quota_per_rep) = (amount("revenue"), amount("quota_per_rep"));
    Some(Targets {
        revenue: revenue?,
        quota_per_rep: quota_per_rep?,
        sealed: Sealed::by_validator(),
    })
}

fn strategy_keys() -> Vec<&'static str> {
    let mut keys = vec!["name"];
    keys.extend(InputKey::ALL.iter().map(|k| k.name()));
    keys.push("mix");
    keys.push("targets");
    keys.extend(economics::COST_KEYS);
    keys.extend(crate::model::selling::SELLING_TIME_KEYS);
    keys
}

fn read_strategies(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
    field: Option<&field::FieldRead>,
) -> Option<Vec<Strategy>> {
    let Some(e) = entry else {
        r.problem(
            None,
            "[[strategies]]",
            "no strategies: add at least one [[strategies]] table (the first is the baseline)",
        );
        return None;
    };
    let DeValue::Array(items) = e.value.get_ref() else {
        r.problem(
            Some(e.value.span()),
            "key strategies",
            "must be an array of tables: write each as [[strategies]]",
        );
        return None;
    };
    if items.is_empty() {
        r.problem(
            Some(e.value.span()),
            "key strategies",
            "no strategies: add at least one [[strategies]] table",
        );
        return None;
    }
    let keys = strategy_keys();
    let mut out = Vec::new();
    // Names seen so far, valid strategy or not, so that a duplicate is caught either way.
    let mut names: Vec<String> = Vec::new();
    let mut all_ok = true;
    for (i, item) in items.iter().enumerate() {
        let DeValue::Table(t) = item.get_ref() else {
            r.problem(
                Some(item.span()),
                &format!("strategy #{}", i + 1),
                "must be a table",
            );
            all_ok = false;
            continue;
        };
        match read_strategy(r, t, i, &keys, item.span(), &mut names, field) {
            Some(s) => out.push(s),
            None => all_ok = false,
        }
    }
    // Mixes name other strategies, so they are settled once every plain one is read.
    let plain: Vec<(usize, Strategy)> = out
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            Parsed::Plain(s) => Some((i, (**s).clone())),
            Parsed::Mix(_) => None,
        })
        .collect();
    let refs: Vec<(usize, &Strategy)> = plain.iter().map(|(i, s)| (*i, s)).collect();
    let mix_names: Vec<String> = out
        .iter()
        .filter_map(|p| match p {
            Parsed::Mix(m) => Some(m.name.clone()),
            Parsed::Plain(_) => None,
        })
        .collect();
    // Names of strategies that had problems of their own: a mix naming one fails quietly.
    let failed: Vec<String> = names
        .iter()
        .filter(|n| !mix_names.contains(n) && !plain.iter().any(|(_, s)| &s.name == *n))
        .cloned()
        .collect();
    let mut strategies = Vec::with_capacity(out.len());
    for p in out {
        match p {
            Parsed::Plain(s) => strategies.push(*s),
            Parsed::Mix(m) => match mix::resolve(r, m, &refs, &mix_names, &failed) {
                Some(s) => strategies.push(s),
                None => all_ok = false,
            },
        }
    }
    all_ok.then_some(strategies)
}

/// A strategy as read, before mixes are resolved.
enum Parsed {
    Plain(Box<Strategy>),
    Mix(mix::PendingMix),
}

fn read_strategy(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    index: usize,
    keys: &[&str],
    span: std::ops::Range<usize>,
    earlier_names: &mut Vec<String>,
    field: Option<&field::FieldRead>,
) -> Option<Parsed> {
    // Name first, so that the other messages can say which strategy they are about.
    let name_value = t
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == "name")
        .map(|(_, v)| v);
    let label = match name_value.map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => format!("strategy \"{s}\""),
        _ => format!("strategy #{}", index + 1),
    };
    let fields = r.entries(t, keys, |k| format!("{label}, key {k}"));
    let name = match find(&fields, "name") {
        None => {
            r.problem(Some(span.clone()), &label, "missing key name");
            None
        }
        Some(f) => match f.value.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                r.problem(Some(f.value.span()), &label, "name must not be empty");
                None
            }
            DeValue::String(s) if earlier_names.iter().any(|x| x == &**s) => {
                r.problem(
                    Some(f.value.span()),
                    &label,
                    "duplicate strategy name: each strategy needs its own name",
                );
                None
            }
            DeValue::String(s) => {
                earlier_names.push(s.to_string());
                Some(s.to_string())
            }
            other => {
                r.problem(
                    Some(f.value.span()),
                    &format!("{label}, key name"),
                    format!("must be a string (got {})", type_name(other)),
                );
                None
            }
        },
    };
    if let Some(field) = field {
        return read_field_strategy(r, field, &fields, &label, name, span);
    }
    if let Some(t) = find(&fields, "targets") {
        r.problem(
            Some(t.key_span.clone()),
            &format!("{label}, key targets"),
            "targets need a playing field: add [[segments]] and [[contacts]] tables (see the \
             scenario reference), or remove targets for a flat strategy",
        );
        return None;
    }
    let mut flat_ok = true;
    for key in crate::model::selling::SELLING_TIME_KEYS {
        if let Some(f) = find(&fields, key) {
            r.problem(
                Some(f.key_span.clone()),
                &format!("{label}, key {key}"),
                part_b::FLAT_TO_FIELD,
            );
            flat_ok = false;
        }
    }
    if !flat_ok {
        return None;
    }
    if let Some(m) = find(&fields, "mix") {
        let mut ok = true;
        let costs = economics::read_costs(r, &fields, &label);
        ok &= costs.is_some();
        let own = |k: &str| k == "name" || k == "mix" || economics::COST_KEYS.contains(&k);
        for f in fields.iter().filter(|f| !own(f.key)) {
            r.problem(
                Some(f.key_span.clone()),
                &format!("{label}, key {}", f.key),
                "a mix takes only name, mix and costs: its inputs are those of the strategies it mixes",
            );
            ok = false;
        }
        let parts = mix::read_parts(r, m.value, &label);
        return (ok && parts.is_some())
            .then(|| {
                Parsed::Mix(mix::PendingMix {
                    name: name.clone().unwrap_or_default(),
                    label: label.clone(),
                    span: m.value.span(),
                    parts: parts.unwrap_or_default(),
                    costs: costs.unwrap_or(economics::NO_COSTS),
                })
            })
            .filter(|_| name.is_some());
    }
    let mut inputs: Vec<Option<Input>> = Vec::new();
    for key in InputKey::ALL {
        let place = format!("{label}, key {}", key.name());
        match find(&fields, key.name()) {
            None => {
                r.problem(
                    Some(span.clone()),
                    &place,
                    "missing: every strategy sets all ten inputs (`prospect-sim init` writes an example)",
                );
                inputs.push(None);
            }
            Some(f) => inputs.push(spec::read_spec(r, f.value, key.kind(), &place)),
        }
    }
    // Costs are read before returning on bad inputs, so that all problems are reported.
    let costs = economics::read_costs(r, &fields, &label);
    let inputs: Vec<Input> = inputs.into_iter().collect::<Option<Vec<_>>>()?;
    let inputs = Inputs(inputs.try_into().ok()?);
    // c = research + dials_per_account / dials_per_hour must be positive: refuse the one case
    // where it is certainly 0.
    let research = inputs.dist(InputKey::ResearchHoursPerAccount);
    let dials = inputs.dist(InputKey::DialsPerAccount);
    if research.support().1 == 0.0 && dials.support().1 == 0.0 {
        let f = find(&fields, InputKey::DialsPerAccount.name())?;
        r.problem(
            Some(f.value.span()),
            &format!("{label}, key dials_per_account"),
            "with no research hours and no dials, an account takes no time: set dials_per_account \
             or research_hours_per_account above 0",
        );
        return None;
    }
    Some(Parsed::Plain(Box::new(Strategy {
        name: name?,
        inputs,
        mix: Vec::new(),
        targets: Vec::new(),
        costs: costs?,
        sealed: Sealed::by_validator(),
    })))
}

/// A strategy of a playing-field scenario: its own prospecting hours, its funnel inputs as
/// defaults for its targets, its costs and its targets (no mix).
fn read_field_strategy(
    r: &mut Reader<'_>,
    field: &field::FieldRead,
    fields: &[Entry<'_, '_>],
    label: &str,
    name: Option<String>,
    span: std::ops::Range<usize>,
) -> Option<Parsed> {
    let mut ok = true;
    if let Some(m) = find(fields, "mix") {
        r.problem(
            Some(m.key_span.clone()),
            &format!("{label}, key mix"),
            "a mix is refused in a playing-field scenario (one with [[segments]]): write the \
             strategy's targets instead, with the shares of its hours",
        );
        ok = false;
    }
    let key = InputKey::ProspectingHoursPerWeek;
    let place = format!("{label}, key {}", key.name());
    let hours = match find(fields, key.name()) {
        None => {
            r.problem(
                Some(span.clone()),
                &place,
                "missing: every strategy sets its prospecting hours per week (its targets share them)",
            );
            None
        }
        Some(f) => spec::read_spec(r, f.value, key.kind(), &place),
    };
    let given = field::Given::read(r, fields, label);
    let parts = field::StrategyParts {
        label,
        span,
        hours,
        given,
    };
    let targets = field::read_targets(r, field, &parts, find(fields, "targets"));
    let costs = economics::read_costs(r, fields, label);
    let targets = targets.filter(|_| ok)?;
    // A copy of the first target's inputs, so that every strategy carries ten valid inputs
    // (`Strategy::inputs`); its hours are the strategy's own.
    let inputs = targets.first()?.inputs.clone();
    Some(Parsed::Plain(Box::new(Strategy {
        name: name?,
        inputs,
        mix: Vec::new(),
        targets,
        costs: costs?,
        sealed: Sealed::by_validator(),
    })))
}

/// The built-in scenario (named `pf`) with `simulation.trials` set to `trials`: the small
/// playing-field run the report's unit tests check their figures on.
#[cfg(test)]
pub(crate) fn built_in_with_trials(trials: u64) -> Scenario {
    let set = [Override::set("simulation.trials", &trials.to_string())];
    parse_scenario_with(BUILT_IN_SCENARIO, "pf", &set).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_scenario_is_valid() {
        let s = Scenario::built_in();
        assert_eq!(s.name, "telecom-territory");
        assert_eq!(s.strategies.len(), 2);
        assert!(s.is_playing_field());
        let flat = parse_scenario(FLAT_SCENARIO, "flat").unwrap();
        assert_eq!(flat.name, "seed-telecom");
        assert!(!flat.is_playing_field());
    }

    #[test]
    fn output_names_cannot_escape() {
        for bad in ["", "..", "../x", "a/b", ".hidden", "a b", "é"] {
            assert!(!valid_output_name(bad), "{bad:?}");
        }
        for good in ["seed-telecom", "team_50.v2", "A1"] {
            assert!(valid_output_name(good), "{good:?}");
        }
    }
}
