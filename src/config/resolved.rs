//! The scenario as it runs: its file's tree with the command line's overrides applied, written
//! back as TOML, so that an output folder holds the exact input of its results.

use toml::de::{DeTable, DeValue};

use crate::config::Override;
use crate::config::reader::Reader;

/// The TOML text of `text` with `overrides` applied, in the file's key order. Comments and
/// layout are not kept; values are (integers as integers, `"8% to 15%"` as the string given).
/// None when the text or an override does not apply, which validation reports first.
pub fn resolved_toml(text: &str, overrides: &[Override]) -> Option<String> {
    let mut doc = DeTable::parse(text).ok()?;
    let mut r = Reader::with_overrides(text, Vec::new());
    super::apply_overrides(&mut r, doc.get_mut(), overrides);
    if !r.problems.is_empty() {
        return None;
    }
    let table = table_of(doc.get_ref())?;
    toml::to_string(&table).ok()
}

fn table_of(t: &DeTable<'_>) -> Option<toml::Table> {
    t.iter()
        .map(|(k, v)| Some((k.get_ref().to_string(), value_of(v.get_ref())?)))
        .collect()
}

fn value_of(v: &DeValue<'_>) -> Option<toml::Value> {
    Some(match v {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            let digits = ["0x", "0o", "0b"]
                .iter()
                .find_map(|p| digits.strip_prefix(p))
                .unwrap_or(&digits);
            toml::Value::Integer(i64::from_str_radix(digits, i.radix()).ok()?)
        }
        DeValue::Float(f) => {
            let text: String = f.as_str().chars().filter(|c| *c != '_').collect();
            toml::Value::Float(text.parse().ok()?)
        }
        DeValue::Boolean(b) => toml::Value::Boolean(*b),
        DeValue::Datetime(d) => toml::Value::Datetime(*d),
        DeValue::Array(a) => toml::Value::Array(
            a.iter()
                .map(|x| value_of(x.get_ref()))
                .collect::<Option<_>>()?,
        ),
        DeValue::Table(t) => toml::Value::Table(table_of(t)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_scenario_with;

    #[test]
    fn overrides_are_applied_and_the_text_validates_to_the_same_scenario() {
        let text = crate::config::BUILT_IN_SCENARIO;
        let set = [
            Override::set("simulation.trials", "300"),
            Override::set("strategies.top-down.connect_rate", "\"5% to 9%\""),
        ];
        let resolved = resolved_toml(text, &set).unwrap();
        let value: toml::Table = resolved.parse().unwrap();
        assert_eq!(value["simulation"]["trials"].as_integer(), Some(300));
        let from_resolved = parse_scenario_with(&resolved, "resolved", &[]).unwrap();
        let from_overrides = parse_scenario_with(text, "built-in", &set).unwrap();
        assert_eq!(format!("{from_resolved:?}"), format!("{from_overrides:?}"));
    }

    #[test]
    fn an_override_of_an_unknown_key_gives_none() {
        let set = [Override::set("simulation.trails", "3")];
        assert_eq!(resolved_toml(crate::config::BUILT_IN_SCENARIO, &set), None);
    }
}
