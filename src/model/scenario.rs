//! The validated scenario: what a scenario file says once every value has been checked.
//!
//! Only the `config` module builds these values (from TOML text and `--set` overrides): each
//! type carries a [`Sealed`] field whose constructor is crate-private, and a test
//! (`tests/it/layers.rs`) checks that only `src/config/` calls it. Code above `config` reads the
//! fields freely; to vary a scenario it asks `config` for another one (overrides), or uses the
//! few validity-preserving derivations here ([`Scenario::with_constant_input`],
//! [`Scenario::with_input_at_quantile`],
//! [`Scenario::with_part_b_input_at_quantile`], [`Scenario::keeping_strategies`]). The meaning of every field: `docs/model.md`.

use crate::model::dist::Dist;
use crate::model::field::{PlayingField, Target};
use crate::model::inputs::{Input, InputKey, Inputs, Stated};
use crate::model::selling::PartBInput;

/// Proof that a value was built by the validator. Only `config` constructs it (see the module
/// documentation), so a scenario value outside `config` has always been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sealed(());

impl Sealed {
    /// The seal. Call it from `src/config/` only (checked by `tests/it/layers.rs`).
    pub(crate) const fn by_validator() -> Self {
        Sealed(())
    }
}

/// A validated scenario: every field already checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Output folder name: letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Horizon, team, trials and seed.
    pub simulation: Simulation,
    /// At least one strategy; the first is the baseline of every comparison.
    pub strategies: Vec<Strategy>,
    /// The optional `[targets]` section.
    pub targets: Targets,
    /// The optional `[economics]` section (absent: no business case is computed).
    pub economics: Option<Economics>,
    /// The playing field (`[playing_field]`, `[[segments]]`, `[[contacts]]`); None for a flat
    /// scenario, whose strategies work an endless list (docs/model.md).
    pub field: Option<PlayingField>,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// The optional `[targets]` section: what the team must book.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// Team revenue to reach within the horizon.
    pub revenue: Option<f64>,
    /// Revenue each rep must book within the horizon.
    pub quota_per_rep: Option<f64>,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// The `[simulation]` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Simulation {
    /// Number of trials T (>= 1).
    pub trials: u64,
    /// Horizon W in weeks (>= 1).
    pub weeks: u32,
    /// Team size N (>= 1).
    pub reps: u32,
    /// Master seed of every random stream.
    pub seed: u64,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

impl Simulation {
    /// Rep-weeks simulated per strategy.
    pub fn rep_weeks_per_strategy(&self) -> u64 {
        self.trials * u64::from(self.reps) * u64::from(self.weeks)
    }
}

/// One `[[strategies]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Strategy {
    /// Unique name.
    pub name: String,
    /// The ten inputs. A mix has none of its own (each component works its share of its own
    /// strategy's hours with its own inputs; see "A mixed strategy" in docs/model.md): it holds
    /// a copy of its first component's, read by nothing that simulates or reports the mix.
    /// A playing-field strategy works each target with that target's resolved inputs: it holds
    /// a copy of its first target's (whose prospecting hours are the strategy's own), so that
    /// every strategy carries ten valid inputs.
    pub inputs: Inputs,
    /// For a mix, its components (plain strategies of the scenario) and their shares, summing
    /// to 1; empty for a plain strategy.
    pub mix: Vec<MixPart>,
    /// The (segment, contact) pairs a playing-field strategy works, in priority order, each
    /// with its share and resolved inputs (at least one); empty in a flat scenario.
    pub targets: Vec<Target>,
    /// The strategy's own costs (upfront and per rep-week); zero unless given.
    pub costs: Costs,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// One component of a mix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MixPart {
    /// Index of a plain strategy in [`Scenario::strategies`].
    pub strategy: usize,
    /// Share of each rep's prospecting hours, in [0, 1].
    pub share: f64,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// `[economics]`, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Economics {
    /// Share of revenue that is gross profit (drawn once per trial); 100% when not given.
    pub gross_margin: Input,
    /// Loaded cost of a rep's prospecting hour (drawn once per trial); 0 when not given.
    pub rep_cost_per_hour: Input,
    /// Annual discount rate for NPV.
    pub discount_rate: f64,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// A strategy's own costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    /// One-time cost at week 0 (training, say).
    pub upfront: f64,
    /// Cost per rep and week (a data or research tool licence, say).
    pub per_rep_week: f64,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

impl Strategy {
    /// Whether this strategy mixes others.
    pub fn is_mix(&self) -> bool {
        !self.mix.is_empty()
    }
}

impl Scenario {
    /// Whether the scenario has a playing field (one or more `[[segments]]`).
    pub fn is_playing_field(&self) -> bool {
        self.field.is_some()
    }

    /// Rep-weeks simulated over all strategies.
    pub fn total_rep_weeks(&self) -> u64 {
        self.simulation.rep_weeks_per_strategy() * self.strategies.len() as u64
    }

    /// The index of the strategy called `name`.
    pub fn strategy_index(&self, name: &str) -> Option<usize> {
        self.strategies.iter().position(|s| s.name == name)
    }

    /// The same scenario with input `key` of plain strategy `strategy` fixed at `value`.
    ///
    /// Stays valid when `value` lies in the input's support (a quantile of its distribution,
    /// say), which the caller guarantees; `text` says where the value came from. It changes the
    /// strategy's own inputs only, which a playing-field strategy's targets do not read (but
    /// for prospecting hours): to fix an input there, use [`Scenario::with_input_at_quantile`].
    pub fn with_constant_input(
        &self,
        strategy: usize,
        key: InputKey,
        value: f64,
        text: String,
    ) -> Scenario {
        let mut out = self.clone();
        out.strategies[strategy].inputs.0[key.index()] = Input {
            dist: Dist::Constant(value),
            text,
            stated: Stated::Number,
        };
        out
    }

    /// The same scenario with input `key` of plain strategy `strategy` fixed at quantile `q`
    /// (in (0, 1)) of its distribution, `text` saying so for each value fixed.
    ///
    /// A flat strategy has one distribution per input. A playing-field strategy's targets each
    /// resolve the input on their own (target, contact, strategy: docs/model.md), so the input
    /// is fixed in EVERY target, each at the quantile of its own distribution; the strategy's
    /// copy of its first target's inputs follows that target. Prospecting hours are the
    /// strategy's own, the same distribution in every target. A quantile lies in the support
    /// of its distribution, so the scenario stays valid.
    pub fn with_input_at_quantile(
        &self,
        strategy: usize,
        key: InputKey,
        q: f64,
        text: impl Fn(f64) -> String,
    ) -> Scenario {
        let fixed = |input: &mut Input| {
            let v = input.dist.quantile(q);
            *input = Input {
                dist: Dist::Constant(v),
                text: text(v),
                stated: Stated::Number,
            };
        };
        let mut out = self.clone();
        let s = &mut out.strategies[strategy];
        fixed(&mut s.inputs.0[key.index()]);
        for t in &mut s.targets {
            fixed(&mut t.inputs.0[key.index()]);
        }
        out
    }

    /// Part B input `key` of the playing field, if the scenario has its section (`[selling]`
    /// or `[installed_base]`).
    pub fn part_b_input(&self, key: PartBInput) -> Option<&Input> {
        let field = self.field.as_ref()?;
        match key {
            PartBInput::SellingHoursPerWeek => field.selling.as_ref().map(|s| &s.hours),
            PartBInput::ExpansionRate => field.installed_base.as_ref().map(|b| &b.expansion_rate),
            PartBInput::ExpansionRevenue => {
                field.installed_base.as_ref().map(|b| &b.expansion_revenue)
            }
        }
    }

    /// The same scenario with part B input `key` fixed at quantile `q` (in (0, 1)) of its
    /// distribution, `text` saying so; unchanged when the scenario has no such input. Part B's
    /// inputs belong to the field, so every strategy sees the fixed value. A quantile lies in
    /// the support of its distribution, so the scenario stays valid.
    pub fn with_part_b_input_at_quantile(
        &self,
        key: PartBInput,
        q: f64,
        text: impl Fn(f64) -> String,
    ) -> Scenario {
        let mut out = self.clone();
        let input = out.field.as_mut().and_then(|field| match key {
            PartBInput::SellingHoursPerWeek => field.selling.as_mut().map(|s| &mut s.hours),
            PartBInput::ExpansionRate => {
                field.installed_base.as_mut().map(|b| &mut b.expansion_rate)
            }
            PartBInput::ExpansionRevenue => field
                .installed_base
                .as_mut()
                .map(|b| &mut b.expansion_revenue),
        });
        if let Some(input) = input {
            let v = input.dist.quantile(q);
            *input = Input {
                dist: Dist::Constant(v),
                text: text(v),
                stated: Stated::Number,
            };
        }
        out
    }

    /// Each distribution strategy `strategy` draws input `key` from: one per target of a
    /// playing-field strategy (in target order), else the strategy's own.
    pub fn input_dists(&self, strategy: usize, key: InputKey) -> Vec<&Dist> {
        let s = &self.strategies[strategy];
        if s.targets.is_empty() {
            vec![s.inputs.dist(key)]
        } else {
            s.targets.iter().map(|t| t.inputs.dist(key)).collect()
        }
    }

    /// The same scenario with only the strategies at `indices` (in that order), or None when
    /// it has a mix (a mix names its components by position) or `indices` is empty.
    pub fn keeping_strategies(&self, indices: &[usize]) -> Option<Scenario> {
        if indices.is_empty() || self.strategies.iter().any(Strategy::is_mix) {
            return None;
        }
        let mut out = self.clone();
        out.strategies = indices
            .iter()
            .map(|&i| self.strategies[i].clone())
            .collect();
        Some(out)
    }
}
