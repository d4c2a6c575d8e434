//! Dotted scenario keys (`simulation.reps`, `strategies.top-down.connect_rate`,
//! `strategies.70/30.mix.top-down`, `economics.gross_margin.p5`, `segments.small-firms.accounts`,
//! `strategies.top-down.targets.0.share`) parsed once into a
//! [`KeyPath`]: which value of the scenario the key names, its words for people, and whether
//! its values are whole numbers. Overrides, sweeps, goal seeks, their charts and tables all
//! read the same parse. The keys themselves: `docs/model.md`.

use std::fmt;

use crate::model::field::{CONTACT_LABEL_KEYS, SEGMENT_KEYS};
use crate::model::inputs::InputKey;
use crate::model::selling::SELLING_TIME_KEYS;

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
    /// A key of one of a strategy's targets: `share` or one of its funnel inputs
    /// (`strategies.top-down.targets.0.share`).
    StrategyTarget {
        /// The strategy's name.
        strategy: String,
        /// The target's 0-based position in the strategy's list.
        index: usize,
        /// The target's key.
        field: String,
    },
    /// A key of `[playing_field]` (`rest_weeks`, `max_passes`, ...).
    PlayingField(String),
    /// A key of one `[[segments]]` entry (`segments.small-firms.accounts`).
    Segment {
        /// The segment's name.
        segment: String,
        /// The key.
        field: String,
    },
    /// A key of one `[[contacts]]` entry: a funnel input or a label (`contacts.owner.connect_rate`).
    Contact {
        /// The contact's name.
        contact: String,
        /// The key.
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
                    ["targets", index, key, param @ ..] if index.parse::<usize>().is_ok() => (
                        KeyTarget::StrategyTarget {
                            strategy,
                            index: index.parse().unwrap_or(0),
                            field: key.to_string(),
                        },
                        owned(param),
                    ),
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
            ["playing_field", key, param @ ..] => {
                (KeyTarget::PlayingField(key.to_string()), owned(param))
            }
            ["segments", rest @ ..] if rest.len() >= 2 => {
                let (segment, field, param) = named_key(rest, |k| SEGMENT_KEYS.contains(&k));
                (KeyTarget::Segment { segment, field }, param)
            }
            ["contacts", rest @ ..] if rest.len() >= 2 => {
                let (contact, field, param) = named_key(rest, |k| {
                    CONTACT_LABEL_KEYS.contains(&k)
                        || SELLING_TIME_KEYS.contains(&k)
                        || InputKey::from_name(k).is_some()
                });
                (KeyTarget::Contact { contact, field }, param)
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

    /// Whether its values are whole numbers (the `[simulation]` sizes and seed, a segment's
    /// accounts and customers, the rest weeks and passes of the playing field, the team's
    /// vacancy and ramp weeks).
    pub fn is_whole(&self) -> bool {
        match &self.target {
            KeyTarget::Simulation(_) => true,
            KeyTarget::Segment { field, .. } => {
                matches!(field.as_str(), "accounts" | "customers") && self.param.is_empty()
            }
            KeyTarget::PlayingField(key) => {
                matches!(key.as_str(), "rest_weeks" | "max_passes") && self.param.is_empty()
            }
            KeyTarget::Section { section, key } => {
                section == "team"
                    && matches!(key.as_str(), "vacancy_weeks" | "ramp_weeks")
                    && self.param.is_empty()
            }
            _ => false,
        }
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
            KeyTarget::StrategyTarget {
                strategy,
                index,
                field,
            } => with_param(match InputKey::from_name(field) {
                Some(input) => format!("{strategy}'s target {index} {}", input.label()),
                None if field == "share" => {
                    format!("share of {strategy}'s hours on target {index}")
                }
                None => format!("{strategy}'s target {index} {}", plain(field)),
            }),
            KeyTarget::PlayingField(key) => with_param(
                match key.as_str() {
                    "rest_weeks" => "rest weeks between passes",
                    "max_passes" => "passes per contact",
                    "retouch_yield" => "re-touch yield",
                    "data_decay_per_year" => "contact data decay per year",
                    other => return with_param(plain(other)),
                }
                .to_string(),
            ),
            KeyTarget::Segment { segment, field } => with_param(match field.as_str() {
                "accounts" => format!("accounts in {segment}"),
                "new_accounts_per_year" => format!("new accounts a year in {segment}"),
                "customers" => format!("customers in {segment} at week 0"),
                "churn_per_year" => format!("customer churn a year in {segment}"),
                other => format!("{segment}'s {}", plain(other)),
            }),
            KeyTarget::Contact { contact, field } => with_param(match InputKey::from_name(field) {
                Some(input) => format!("{contact}'s {}", input.label()),
                None => format!("{contact}'s {}", plain(field)),
            }),
            KeyTarget::Section { section, key } if section.is_empty() => plain(key),
            KeyTarget::Section { section, key } => {
                let words = match (section.as_str(), key.as_str()) {
                    ("targets", "revenue") => "team revenue target".to_string(),
                    ("targets", "quota_per_rep") => "quota per rep".to_string(),
                    ("economics", "gross_margin") => "gross margin".to_string(),
                    ("economics", "rep_cost_per_hour") => "rep cost per hour".to_string(),
                    ("economics", "discount_rate") => "annual discount rate".to_string(),
                    ("selling", "selling_hours_per_week") => {
                        "selling hours per rep-week".to_string()
                    }
                    ("selling", "when_full") => "when selling time is full".to_string(),
                    ("installed_base", "touch_every_weeks") => {
                        "weeks between a customer's touches".to_string()
                    }
                    ("installed_base", "hours_per_touch") => "hours per customer touch".to_string(),
                    ("installed_base", "expansion_rate") => {
                        "expansions per customer touch".to_string()
                    }
                    ("installed_base", "expansion_revenue") => "revenue per expansion".to_string(),
                    ("team", "attrition_per_year") => "rep attrition a year".to_string(),
                    ("team", "vacancy_weeks") => "weeks a seat stays vacant".to_string(),
                    ("team", "ramp_weeks") => "ramp weeks of a new rep".to_string(),
                    ("team", "ramp_start") => "a new rep's first-week productivity".to_string(),
                    ("team", "skill_correlation") => "skill correlation".to_string(),
                    _ => plain(key),
                };
                with_param(words)
            }
        }
    }
}

/// Splits `rest` (`NAME.KEY.PARAM...`, the name possibly dotted) at the first segment after
/// the first that `is_key` accepts: (name, key, params). Without one, the first segment is the
/// name and the second the key.
fn named_key(rest: &[&str], is_key: impl Fn(&str) -> bool) -> (String, String, Vec<String>) {
    let at = (1..rest.len()).find(|&i| is_key(rest[i])).unwrap_or(1);
    (
        rest[..at].join("."),
        rest[at].to_string(),
        rest[at + 1..].iter().map(|s| s.to_string()).collect(),
    )
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
    fn playing_field_keys_name_their_segment_contact_and_target() {
        let names = ["top-down"];
        let p = |k: &str| KeyPath::parse(k, &names);
        assert_eq!(
            p("segments.small.firms.accounts").target(),
            &KeyTarget::Segment {
                segment: "small.firms".into(),
                field: "accounts".into()
            }
        );
        assert_eq!(
            p("contacts.owner.connect_rate.mean").target(),
            &KeyTarget::Contact {
                contact: "owner".into(),
                field: "connect_rate".into()
            }
        );
        assert_eq!(
            p("strategies.top-down.targets.1.share").target(),
            &KeyTarget::StrategyTarget {
                strategy: "top-down".into(),
                index: 1,
                field: "share".into()
            }
        );
        assert_eq!(
            p("playing_field.rest_weeks").target(),
            &KeyTarget::PlayingField("rest_weeks".into())
        );
        assert_eq!(p("segments.s.accounts").label(), "accounts in s");
        assert_eq!(
            p("contacts.owner.connect_rate.mean").label(),
            "owner's connect rate (dial to conversation) (mean)"
        );
        assert_eq!(
            p("strategies.top-down.targets.0.share").label(),
            "share of top-down's hours on target 0"
        );
        assert_eq!(
            p("strategies.top-down.targets.2.dials_per_account").label(),
            "top-down's target 2 dials per account"
        );
        assert_eq!(p("playing_field.max_passes").label(), "passes per contact");
    }

    #[test]
    fn accounts_rest_weeks_and_passes_are_whole() {
        let names = ["s"];
        let whole = |k: &str| KeyPath::parse(k, &names).is_whole();
        assert!(whole("segments.a.accounts"));
        assert!(whole("playing_field.rest_weeks"));
        assert!(whole("playing_field.max_passes"));
        assert!(!whole("playing_field.retouch_yield"));
        assert!(!whole("segments.a.new_accounts_per_year"));
        assert!(!whole("strategies.s.targets.0.share"));
    }

    #[test]
    fn part_b_keys_read_as_words_and_counts_are_whole() {
        let names = ["top-down"];
        let p = |k: &str| KeyPath::parse(k, &names);
        assert_eq!(
            p("contacts.owner.hours_per_appointment").target(),
            &KeyTarget::Contact {
                contact: "owner".into(),
                field: "hours_per_appointment".into()
            }
        );
        assert_eq!(
            p("contacts.owner.hours_per_proposal").label(),
            "owner's hours per proposal"
        );
        assert_eq!(p("team.attrition_per_year").label(), "rep attrition a year");
        assert_eq!(
            p("selling.selling_hours_per_week.mean").label(),
            "selling hours per rep-week (mean)"
        );
        assert_eq!(
            p("segments.small.churn_per_year").label(),
            "customer churn a year in small"
        );
        assert!(p("segments.small.customers").is_whole());
        assert!(p("team.ramp_weeks").is_whole());
        assert!(p("team.vacancy_weeks").is_whole());
        assert!(!p("team.ramp_start").is_whole());
        assert!(!p("installed_base.touch_every_weeks").is_whole());
    }

    #[test]
    fn simulation_keys_are_whole_and_inputs_are_not() {
        let names = ["s"];
        assert!(KeyPath::parse("simulation.reps", &names).is_whole());
        assert!(!KeyPath::parse("strategies.s.connect_rate", &names).is_whole());
        assert!(!KeyPath::parse("targets.revenue", &names).is_whole());
        assert_eq!(KeyPath::parse("simulation.reps", &names).short(), "reps");
    }
}
