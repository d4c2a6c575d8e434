//! The selling half of a rep's week and the existing customers, validated: `[selling]` and
//! `[installed_base]` (docs/model.md, "The rest of the week").
//!
//! Both live on a playing field ([`crate::model::field::PlayingField::selling`] and
//! [`crate::model::field::PlayingField::installed_base`]); a segment's own customers and churn
//! are [`crate::model::field::Segment::customers`] and
//! [`crate::model::field::Segment::churn_per_year`], a target's selling hours per appointment
//! and proposal are on [`crate::model::field::Target`]. Sealed like every scenario type.

use crate::model::inputs::{Input, KeyKind};
use crate::model::scenario::Sealed;

/// The keys of `[selling]`.
pub const SELLING_KEYS: &[&str] = &["selling_hours_per_week", "when_full"];

/// The keys of `[installed_base]`.
pub const INSTALLED_BASE_KEYS: &[&str] = &[
    "touch_every_weeks",
    "hours_per_touch",
    "expansion_rate",
    "expansion_revenue",
    "farmed_by",
];

/// The selling-time keys a contact, a target or a strategy may give (default 0 each).
pub const SELLING_TIME_KEYS: &[&str] = &["hours_per_appointment", "hours_per_proposal"];

/// The segment keys of the installed base.
pub const CUSTOMER_KEYS: &[&str] = &["customers", "churn_per_year"];

/// The most selling hours one appointment, proposal or touch may take: a working week
/// (a formal RFP response takes a median of 25 h; 60 h is beyond any one piece of work).
pub const MAX_HOURS_PER_TASK: f64 = 60.0;

/// The longest a customer may go between touches: twenty years, beyond any cadence.
pub const MAX_TOUCH_EVERY_WEEKS: f64 = 1_040.0;

/// The uncertain inputs of part B a scenario may give as a distribution (the rest of part B's
/// values are plain numbers): what `sensitivity` fixes at its P10 and P90 besides a strategy's
/// ten inputs ("Sensitivity" in docs/model.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartBInput {
    /// `[selling] selling_hours_per_week`: drawn every seated rep-week.
    SellingHoursPerWeek,
    /// `[installed_base] expansion_rate`: P(a touch books an expansion), drawn once per rep.
    ExpansionRate,
    /// `[installed_base] expansion_revenue`: drawn per expansion.
    ExpansionRevenue,
}

impl PartBInput {
    /// Every part B input, in the order of the scenario reference (and of every output).
    pub const ALL: [PartBInput; 3] = [
        PartBInput::SellingHoursPerWeek,
        PartBInput::ExpansionRate,
        PartBInput::ExpansionRevenue,
    ];

    /// The dotted key `--set` takes, e.g. `selling.selling_hours_per_week`.
    pub fn name(self) -> &'static str {
        match self {
            PartBInput::SellingHoursPerWeek => "selling.selling_hours_per_week",
            PartBInput::ExpansionRate => "installed_base.expansion_rate",
            PartBInput::ExpansionRevenue => "installed_base.expansion_revenue",
        }
    }

    /// A few words for people: terminal tables, the report.
    pub fn label(self) -> &'static str {
        match self {
            PartBInput::SellingHoursPerWeek => "selling hours per rep-week",
            PartBInput::ExpansionRate => "expansion rate (per touch)",
            PartBInput::ExpansionRevenue => "expansion revenue",
        }
    }

    /// The values it may take.
    pub fn kind(self) -> KeyKind {
        match self {
            PartBInput::SellingHoursPerWeek => KeyKind::Hours,
            PartBInput::ExpansionRate => KeyKind::Rate,
            PartBInput::ExpansionRevenue => KeyKind::Money,
        }
    }
}

/// `[selling]`: the selling hours a rep has a week besides prospecting.
#[derive(Debug, Clone, PartialEq)]
pub struct Selling {
    /// Selling hours S per rep-week (drawn every seated rep-week; an `"A to B"` interval is a
    /// normal truncated at 0, as for prospecting hours).
    pub hours: Input,
    /// What happens when the week's selling work exceeds S.
    pub when_full: WhenFull,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// What a rep does when the week's selling work exceeds the selling hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenFull {
    /// The excess comes out of the week's prospecting hours; what those cannot absorb carries
    /// over to next week (`when_full = "squeeze"`, the default).
    Squeeze,
    /// Selling time is only reported: prospecting keeps its hours (`when_full = "unlimited"`).
    Unlimited,
}

/// `[installed_base]`: how a rep looks after the existing customers.
#[derive(Debug, Clone, PartialEq)]
pub struct InstalledBase {
    /// Each customer is touched about this often, in weeks (> 0): a week's touches are
    /// stochastic_round(customers / `touch_every_weeks`).
    pub touch_every_weeks: f64,
    /// Selling hours a touch takes (>= 0).
    pub hours_per_touch: f64,
    /// P(a touch books an expansion), drawn once per rep (an interval is a beta).
    pub expansion_rate: Input,
    /// Revenue of one expansion (times the segment's `revenue_factor`), drawn per expansion.
    pub expansion_revenue: Input,
    /// Who makes the touches.
    pub farmed_by: FarmedBy,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

/// Who touches the existing customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FarmedBy {
    /// The reps: touches take their selling hours (`farmed_by = "reps"`, the default).
    Reps,
    /// Account managers: touches take no rep hours, and go on while a seat is vacant
    /// (`farmed_by = "account_managers"`).
    AccountManagers,
}

impl InstalledBase {
    /// Whether touches take the reps' selling hours.
    pub fn reps_touch(&self) -> bool {
        self.farmed_by == FarmedBy::Reps
    }
}

/// P(a customer churns in a week) for a yearly churn share: 1 - (1 - churn)^(1/52).
pub fn weekly_churn(churn_per_year: f64) -> f64 {
    1.0 - (1.0 - churn_per_year).powf(1.0 / 52.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_churn_compounds_to_the_yearly_share() {
        for yearly in [0.0, 0.15, 0.25, 0.9] {
            let p: f64 = weekly_churn(yearly);
            assert!(
                ((1.0 - p).powi(52) - (1.0 - yearly)).abs() < 1e-12,
                "{yearly}"
            );
        }
    }
}
