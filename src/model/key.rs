//! Dotted scenario keys (`simulation.reps`, `strategies.top-down.connect_rate`,
//! `strategies.70/30.mix.top-down`, `economics.gross_margin.p5`) parsed once into a
//! [`KeyPath`]: which value of the scenario the key names, its words for people, and whether
//! its values are whole numbers. Overrides, sweeps, goal seeks, their charts and tables all
//! read the same parse. The keys themselves: `docs/model.md`.

use std::fmt;

use crate::model::inputs::InputKey;

/// What a dotted key names.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyTarget {
    /// A key of `[simulation]` (`trials`, `weeks`, `reps`, `seed`): whole numbers.
    Simulation(String),
    /// One of a strategy's ten inputs.
    Input {
        /// The strategy's name.
        strategy: String,
        /// The input.
        input: InputKey,
    },
    /// A mix's share of one of its components.
    MixShare {
        /// The mix's name.
        mix: String,
        /// The component's name.
        component: String,
    },
    /// Any other field of a strategy (`upfront_cost`, `cost_per_rep_week`, or one the
    /// validator will refuse).
    StrategyField {
        /// The strategy's name.
        strategy: String,
        /// The field.
        field: String,
    },
    /// A key of another section (`targets.revenue`, `economics.gross_margin`) or at the top
    /// (`name`): the section (empty at the top) and the key.
    Section {
        /// `targets`, `economics`, ... (empty for a top-level key).
        section: String,
        /// The key inside it.
        key: String,
    },
}

/// A dotted key, parsed against the scenario's strategy names.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPath {
    text: String,
    target: KeyTarget,
    /// Further segments: a spec's field (`mean`, `p5`), for keys that name a distribution.
    param: Vec<String>,
}

/// How many segments of `segments` (at least one, leaving at least one after) name one of
/// `names`: the longest run that does wins, since names may contain dots. None when none does.
pub fn strategy_prefix(segments: &[&str], names: &[&str]) -> Option<usize> {
    (1..segments.len())
        .rev()
        .find(|&n| names.iter().any(|name| *name == segments[..n].join(".")))
}

impl KeyPath {
    /// Parses `text` (a dotted key as written); `names` are the scenario's strategies' names.
    /// Parsing never fails: whether the scenario has the key is the validator's to say.
    pub fn parse(text: &str, names: &[&str]) -> KeyPath {
        let text = text.trim();
        let segments: Vec<&str> = text.split('.').collect();
        let owned = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (target, param) = match segments.as_slice() {
            ["strategies", rest @ ..] if strategy_prefix(rest, names).is_some() => {
                let n = strategy_prefix(rest, names).unwrap_or(1);
                let strategy = rest[..n].join(".");
                let field = &rest[n..];
                match field {
                    ["mix", component @ ..] if !component.is_empty() => (
                        KeyTarget::MixShare {
                            mix: strategy,
                            component: component.join("."),
                        },
                        Vec::new(),
                    ),
                    [head, param @ ..] => match InputKey::from_name(head) {
                        Some(input) => (KeyTarget::Input { strategy, input }, owned(param)),
                        None => (
                            KeyTarget::StrategyField {
                                strategy,
                                field: head.to_string(),
                            },
                            owned(param),
                        ),
                    },
                    [] => unreachable!("strategy_prefix leaves a segment"),
                }
            }
            ["simulation", key, param @ ..] => {
                (KeyTarget::Simulation(key.to_string()), owned(param))
            }
            [section, key, param @ ..] => (
                KeyTarget::Section {
                    section: section.to_string(),
                    key: key.to_string(),
                },
                owned(param),
            ),
            _ => (
                KeyTarget::Section {
                    section: String::new(),
                    key: text.to_string(),
                },
                Vec::new(),
            ),
        };
        KeyPath {
            text: text.to_string(),
            target,
            param,
        }
    }

    /// The key as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What it names.
    pub fn target(&self) -> &KeyTarget {
        &self.target
    }

    /// Whether its values are whole numbers (the `[simulation]` sizes and seed).
    pub fn is_whole(&self) -> bool {
        matches!(self.target, KeyTarget::Simulation(_))
    }

    /// The mix and component when the key sets a mix's share.
    pub fn mix_share(&self) -> Option<(&str, &str)> {
        match &self.target {
            KeyTarget::MixShare { mix, component } => Some((mix, component)),
            _ => None,
        }
    }

    /// The key without the section for strategies and simulation, for narrow table headings:
    /// `top-down.connect_rate`, `reps`.
    pub fn short(&self) -> &str {
        ["strategies.", "simulation."]
            .iter()
            .find_map(|p| self.text.strip_prefix(p))
            .unwrap_or(&self.text)
    }

    /// The key in words, for axes and messages: "share of top-down in the 70/30 mix",
    /// "top-down's research hours per account", "team size", "gross margin (p5)".
    pub fn label(&self) -> String {
        let plain = |s: &str| s.replace('_', " ");
        let with_param = |words: String| {
            if self.param.is_empty() {
                words
            } else {
                format!("{words} ({})", plain(&self.param.join(" ")))
            }
        };
        match &self.target {
            KeyTarget::MixShare { mix, component } => {
                format!("share of {component} in the {mix} mix")
            }
            KeyTarget::Input { strategy, input } => {
                with_param(format!("{strategy}'s {}", input.label()))
            }
            KeyTarget::StrategyField { strategy, field } => {
                let words = match field.as_str() {
                    "upfront_cost" => "upfront cost".to_string(),
                    "cost_per_rep_week" => "cost per rep-week".to_string(),
                    other => plain(other),
                };
                with_param(format!("{strategy}'s {words}"))
            }
            KeyTarget::Simulation(key) => with_param(
                match key.as_str() {
                    "reps" => "team size",
                    "weeks" => "horizon in weeks",
                    "trials" => "simulated futures",
                    "seed" => "seed",
                    other => return with_param(plain(other)),
                }
                .to_string(),
            ),
            KeyTarget::Section { section, key } if section.is_empty() => plain(key),
            KeyTarget::Section { section, key } => {
                let words = match (section.as_str(), key.as_str()) {
                    ("targets", "revenue") => "team revenue target".to_string(),
                    ("targets", "quota_per_rep") => "quota per rep".to_string(),
                    ("economics", "gross_margin") => "gross margin".to_string(),
                    ("economics", "rep_cost_per_hour") => "rep cost per hour".to_string(),
                    ("economics", "discount_rate") => "annual discount rate".to_string(),
                    _ => plain(key),
                };
                with_param(words)
            }
        }
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_words() {
        let names = ["bottom-up", "top-down", "70/30", "a.b"];
        let w = |k: &str| KeyPath::parse(k, &names).label();
        assert_eq!(
            w("strategies.70/30.mix.top-down"),
            "share of top-down in the 70/30 mix"
        );
        assert_eq!(
            w("strategies.top-down.research_hours_per_account"),
            "top-down's research hours per account"
        );
        assert_eq!(
            w("strategies.bottom-up.prospecting_hours_per_week.mean"),
            "bottom-up's prospecting hours per rep-week (mean)"
        );
        assert_eq!(w("strategies.a.b.upfront_cost"), "a.b's upfront cost");
        assert_eq!(w("simulation.reps"), "team size");
        assert_eq!(w("economics.gross_margin.p5"), "gross margin (p5)");
        assert_eq!(w("targets.quota_per_rep"), "quota per rep");
        assert_eq!(w("strategies.nobody.connect_rate"), "nobody (connect rate)");
        assert_eq!(w("odd"), "odd");
    }

    #[test]
    fn mix_shares_name_the_mix_and_component() {
        let names = ["bottom-up", "top-down", "70/30", "a", "a.b"];
        let share = |k: &str| {
            KeyPath::parse(k, &names)
                .mix_share()
                .map(|(m, c)| (m.to_string(), c.to_string()))
        };
        assert_eq!(
            share("strategies.70/30.mix.top-down"),
            Some(("70/30".into(), "top-down".into()))
        );
        assert_eq!(
            share("strategies.a.b.mix.x"),
            Some(("a.b".into(), "x".into()))
        );
        assert_eq!(share("strategies.top-down.connect_rate"), None);
        assert_eq!(share("strategies.nope.mix.top-down"), None);
        assert_eq!(share("simulation.reps"), None);
    }

    #[test]
    fn only_simulation_keys_are_whole() {
        let names = ["s"];
        assert!(KeyPath::parse("simulation.reps", &names).is_whole());
        assert!(!KeyPath::parse("strategies.s.connect_rate", &names).is_whole());
        assert!(!KeyPath::parse("targets.revenue", &names).is_whole());
        assert_eq!(KeyPath::parse("simulation.reps", &names).short(), "reps");
    }
}
