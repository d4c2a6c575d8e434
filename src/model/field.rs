//! The playing field, validated: the segments of a territory, the contacts a rep calls in an
//! account, and the settings of passes, rest and stale data (docs/model.md, "Playing field").
//!
//! A scenario with one or more `[[segments]]` is a playing-field scenario
//! ([`Scenario::field`](crate::model::scenario::Scenario::field) is `Some`); each of its
//! strategies works a list of [`Target`]s, (segment, contact) pairs with a share of its
//! prospecting hours and the funnel inputs resolved for that pair. Like every scenario type,
//! these are sealed: only `config` builds them, after checking every value.

use crate::model::inputs::Inputs;
use crate::model::scenario::Sealed;
use crate::model::selling::{InstalledBase, Selling};
use crate::model::team::Team;

/// The keys of `[playing_field]`.
pub const PLAYING_FIELD_KEYS: &[&str] = &[
    "rest_weeks",
    "max_passes",
    "retouch_yield",
    "data_decay_per_year",
    "allocation",
];

/// The keys of a `[[segments]]` entry.
pub const SEGMENT_KEYS: &[&str] = &[
    "name",
    "industry",
    "size",
    "accounts",
    "new_accounts_per_year",
    "revenue_factor",
    "cycle_factor",
    "customers",
    "churn_per_year",
];

/// The labels of a `[[contacts]]` entry (besides the nine funnel inputs).
pub const CONTACT_LABEL_KEYS: &[&str] = &["name", "level"];

/// The `[playing_field]` section with the `[[segments]]` and `[[contacts]]` lists.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayingField {
    /// Weeks an account rests after a pass without an appointment before it is due again
    /// (>= 1; default 13).
    pub rest_weeks: u32,
    /// Passes one contact of an account gets before the account retires (>= 1; default 3). A
    /// stale contact starts again at pass 1.
    pub max_passes: u32,
    /// Pass k reaches a conversation with probability reach x `retouch_yield`^(k-1); in (0, 1],
    /// default 0.67.
    pub retouch_yield: f64,
    /// Share of contacts that go stale in a year; in [0, 1), default 0.225.
    pub data_decay_per_year: f64,
    /// How a rep's prospecting hours are split among a strategy's targets (default
    /// [`Allocation::Shares`]).
    pub allocation: Allocation,
    /// The segments, in the file's order (at least one); [`Target::segment`] indexes it.
    pub segments: Vec<Segment>,
    /// The contacts, in the file's order (at least one); [`Target::contact`] indexes it.
    pub contacts: Vec<Contact>,
    /// `[selling]`: the selling hours of a rep-week and what happens when the work exceeds
    /// them; None: appointments, proposals and touches take no time.
    pub selling: Option<Selling>,
    /// `[installed_base]`: touches and expansions of the existing customers; None: customers
    /// churn and grow by wins but are never touched.
    pub installed_base: Option<InstalledBase>,
    /// `[team]`: attrition, vacancy, ramp and skill correlation; None: the same reps, fully
    /// productive, all horizon long, their rates drawn independently.
    pub team: Option<Team>,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// How a rep-week's prospecting hours are split among a strategy's targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allocation {
    /// Each target first gets its share of the hours; hours a target cannot use are pooled
    /// and offered to the targets in list order (`allocation = "shares"`).
    Shares,
    /// The hours go to the targets in list order, each using what it can
    /// (`allocation = "priority"`); the shares are ignored.
    Priority,
}

/// The prospect accounts of a segment in the team's territory at week 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// A whole number of accounts (at most [`MAX_ACCOUNTS`]), split among the reps: rep r of
    /// N starts with floor(A / N) accounts, plus one if r < A mod N.
    Finite(u64),
    /// A list that never runs out (`accounts = "unlimited"`).
    Unlimited,
}

/// The most accounts a segment may hold at week 0: a billion, beyond any territory, and small
/// enough that a rep's counters stay far from overflow.
pub const MAX_ACCOUNTS: u64 = 1_000_000_000;

/// The most fresh accounts a segment may gain a year (the same bound as [`MAX_ACCOUNTS`]).
pub const MAX_NEW_ACCOUNTS_PER_YEAR: f64 = 1e9;

/// One `[[segments]]` entry: a slice of the territory (an industry and a size band).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Unique name: letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// Optional label, e.g. "law, accounting".
    pub industry: Option<String>,
    /// Optional label, e.g. "5-49 employees".
    pub size: Option<String>,
    /// The team's accounts at week 0.
    pub accounts: Pool,
    /// Fresh accounts entering the team's territory in a year (>= 0, default 0).
    pub new_accounts_per_year: f64,
    /// Multiplies the revenue per sale of deals in this segment (> 0, default 1).
    pub revenue_factor: f64,
    /// Multiplies the sales cycle of deals in this segment (> 0, default 1).
    pub cycle_factor: f64,
    /// The team's existing customers in this segment at week 0, split among the reps like
    /// the accounts (default 0).
    pub customers: u64,
    /// Share of the segment's customers lost in a year, in [0, 1) (default 0).
    pub churn_per_year: f64,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// One `[[contacts]]` entry: whom a rep calls in an account.
///
/// A contact's own funnel inputs are resolved into each [`Target`] that names it, so the
/// contact keeps only its labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// Unique name: letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// Optional label, e.g. "budget holder".
    pub level: Option<String>,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// One (segment, contact) pair a strategy works.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Index into [`PlayingField::segments`].
    pub segment: usize,
    /// Index into [`PlayingField::contacts`].
    pub contact: usize,
    /// Share of the strategy's prospecting hours. Under [`Allocation::Shares`] in (0, 1], and
    /// the shares of a strategy sum to 1 (within 1e-9); under [`Allocation::Priority`] the
    /// share as given, or 0 when left out (the engine ignores it).
    pub share: f64,
    /// All ten inputs, resolved: each of the nine funnel inputs is the first found in the
    /// target, its contact, its strategy; index 0 (prospecting hours per week) is the
    /// strategy's own.
    pub inputs: Inputs,
    /// Selling hours a first appointment takes, the week after it is booked (>= 0; the first
    /// found in the target, its contact, its strategy; default 0).
    pub hours_per_appointment: f64,
    /// Selling hours a proposal takes, the week after its appointment is booked (>= 0; resolved
    /// like `hours_per_appointment`; default 0).
    pub hours_per_proposal: f64,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

impl PlayingField {
    /// The index of the segment called `name`.
    pub fn segment_index(&self, name: &str) -> Option<usize> {
        self.segments.iter().position(|s| s.name == name)
    }

    /// The index of the contact called `name`.
    pub fn contact_index(&self, name: &str) -> Option<usize> {
        self.contacts.iter().position(|c| c.name == name)
    }

    /// The probability that a due account's contact went stale during its rest:
    /// 1 - (1 - `data_decay_per_year`)^(`rest_weeks` / 52).
    pub fn stale_probability(&self) -> f64 {
        1.0 - (1.0 - self.data_decay_per_year).powf(f64::from(self.rest_weeks) / 52.0)
    }
}

impl PlayingField {
    /// Whether any part B section or key is in use: `[selling]`, `[installed_base]`, `[team]`,
    /// customers or churn in a segment (the selling time of appointments and proposals counts
    /// only with `[selling]`).
    pub fn has_part_b(&self) -> bool {
        self.selling.is_some()
            || self.installed_base.is_some()
            || self.team.is_some()
            || self
                .segments
                .iter()
                .any(|s| s.customers > 0 || s.churn_per_year > 0.0)
    }
}

impl Pool {
    /// The accounts rep `rep` (0-based) of `reps` starts with: floor(A / N), plus one if
    /// rep < A mod N; None for an unlimited pool.
    pub fn rep_share(self, rep: u32, reps: u32) -> Option<u64> {
        match self {
            Pool::Unlimited => None,
            Pool::Finite(a) => {
                let n = u64::from(reps.max(1));
                Some(a / n + u64::from(u64::from(rep) < a % n))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_splits_with_the_remainder_to_the_first_reps() {
        let pool = Pool::Finite(23);
        let shares: Vec<u64> = (0..10).map(|r| pool.rep_share(r, 10).unwrap()).collect();
        assert_eq!(shares, [3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
        assert_eq!(shares.iter().sum::<u64>(), 23);
        assert_eq!(Pool::Unlimited.rep_share(0, 10), None);
    }
}
