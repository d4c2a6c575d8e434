//! Where scenario text comes from: a file or the built-in scenario, kept as text so that it can
//! be validated again with more overrides (every run of a what-if analysis is a re-validation).

use std::path::Path;

use crate::config::{Override, ScenarioError, parse_scenario_with};
use crate::model::scenario::Scenario;

/// The built-in scenario (bottom-up against top-down on a finite telecom territory: a
/// playing-field scenario, "The playing field" in docs/model.md), compiled into the binary.
pub const BUILT_IN_SCENARIO: &str = include_str!("../../configs/telecom-territory.toml");
/// What the built-in scenario is called in messages.
pub const BUILT_IN_LABEL: &str = "<built-in telecom-territory>";
/// The flat reference scenario (bottom-up against top-down on an endless list, without a
/// playing field), compiled in for the tests and benchmarks that need a flat scenario; users run
/// it as `prospect-sim run configs/seed-telecom.toml`.
pub const FLAT_SCENARIO: &str = include_str!("../../configs/seed-telecom.toml");

/// A scenario's text, kept so that it can be validated again with more overrides.
#[derive(Debug, Clone)]
pub struct ScenarioSource {
    /// The TOML text.
    pub text: String,
    /// How messages name it.
    pub label: String,
    /// Overrides every scenario of this source gets first (the command line's `--set`,
    /// `--trials`, `--seed`), in order.
    pub base: Vec<Override>,
}

impl ScenarioSource {
    /// The file at `path`, or the built-in scenario, with `base` overrides for every scenario.
    ///
    /// # Errors
    /// The file cannot be read (the error names it).
    pub fn load(path: Option<&Path>, base: Vec<Override>) -> Result<Self, ScenarioError> {
        let (text, label) = match path {
            Some(p) => (read_scenario_text(p)?, p.display().to_string()),
            None => (BUILT_IN_SCENARIO.to_string(), BUILT_IN_LABEL.to_string()),
        };
        Ok(ScenarioSource { text, label, base })
    }

    /// The scenario with the base overrides and then `extra`.
    ///
    /// # Errors
    /// Every problem of the text with these overrides, each with its place.
    pub fn scenario(&self, extra: &[Override]) -> Result<Scenario, ScenarioError> {
        let all: Vec<Override> = self.base.iter().chain(extra).cloned().collect();
        parse_scenario_with(&self.text, &self.label, &all)
    }

    /// The base override that sets `key`, if any (the last one: it wins).
    pub fn base_override_of(&self, key: &str) -> Option<&Override> {
        self.base.iter().rev().find(|o| o.key == key)
    }
}

/// Reads and validates the scenario file at `path`.
///
/// # Errors
/// The file cannot be read, or its problems.
pub fn load_scenario(path: &Path) -> Result<Scenario, ScenarioError> {
    load_scenario_with(path, &[])
}

/// Reads the scenario file at `path`, applies `overrides`, and validates the result.
///
/// # Errors
/// The file cannot be read, or its problems with these overrides.
pub fn load_scenario_with(path: &Path, overrides: &[Override]) -> Result<Scenario, ScenarioError> {
    let text = read_scenario_text(path)?;
    parse_scenario_with(&text, &path.display().to_string(), overrides)
}

/// The text of the scenario file at `path`.
///
/// # Errors
/// The file cannot be read (the error names it).
pub fn read_scenario_text(path: &Path) -> Result<String, ScenarioError> {
    std::fs::read_to_string(path).map_err(|e| {
        ScenarioError::single(
            &path.display().to_string(),
            "",
            format!("cannot read the scenario file: {e}"),
        )
    })
}
