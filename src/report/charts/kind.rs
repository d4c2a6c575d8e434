//! The registry of a run's charts: which there are, in report order, their file names and
//! headings, and which module draws each.

use plotters::prelude::*;

use super::parts::{Area, ChartResult};
use super::{
    ChartInput, burn_down, coverage, difference, exceedance, field_hours, funnel, hours_per_deal,
    installed_base, over_time, payback, revenue, segment_revenue, team_capacity, time_spent,
    whole_week,
};

/// The charts, in the order the report shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Distribution of team revenue.
    Revenue,
    /// P(revenue >= x).
    Exceedance,
    /// Cumulative revenue by week, median and P10-P90.
    OverTime,
    /// Prospecting hours per rep-week and their split.
    TimeSpent,
    /// Funnel counts per rep-week and stage ratios.
    Funnel,
    /// Paired revenue difference against the baseline.
    Difference,
    /// Prospecting hours per closed deal.
    HoursPerDeal,
    /// Cumulative cash against the baseline and the payback week (runs with `[economics]`
    /// only; not in [`ChartKind::ALL`]).
    Payback,
    /// Fresh accounts left by week per segment and strategy (playing-field runs only).
    BurnDown,
    /// Revenue by segment and contact per strategy (playing-field runs only).
    SegmentRevenue,
    /// The prospecting week by week: research, dialing, idle (playing-field runs only).
    FieldHours,
    /// How many times each segment's accounts were touched by the horizon (playing-field runs
    /// only).
    Coverage,
    /// The whole rep-week by week: prospecting, the squeeze and selling work (runs with
    /// `[selling]` or an installed base).
    WholeWeek,
    /// Customers by week and revenue of new logos against expansion (runs with customers or
    /// `[installed_base]`).
    InstalledBase,
    /// Productive rep-weeks by week (runs with `[team]`).
    TeamCapacity,
}

impl ChartKind {
    /// Every chart a run always draws ([`ChartInput::kinds`] adds [`ChartKind::Payback`] when
    /// the run has a business case).
    pub const ALL: [ChartKind; 7] = [
        ChartKind::Revenue,
        ChartKind::Exceedance,
        ChartKind::OverTime,
        ChartKind::TimeSpent,
        ChartKind::Funnel,
        ChartKind::Difference,
        ChartKind::HoursPerDeal,
    ];

    /// The charts of a playing-field run, in report order (its section "The playing field").
    pub const FIELD: [ChartKind; 4] = [
        ChartKind::BurnDown,
        ChartKind::FieldHours,
        ChartKind::SegmentRevenue,
        ChartKind::Coverage,
    ];

    /// The charts of part B, in report order; a run draws those its scenario has the sections
    /// for ([`ChartInput::kinds`]).
    pub const PART_B: [ChartKind; 3] = [
        ChartKind::WholeWeek,
        ChartKind::InstalledBase,
        ChartKind::TeamCapacity,
    ];

    /// Whether the chart belongs to the playing field's section of the report (part B's
    /// charts included).
    pub fn is_field(self) -> bool {
        Self::FIELD.contains(&self) || Self::PART_B.contains(&self)
    }

    /// File name without extension.
    pub fn file_stem(self) -> &'static str {
        match self {
            ChartKind::Revenue => "revenue",
            ChartKind::Exceedance => "revenue-exceedance",
            ChartKind::OverTime => "revenue-over-time",
            ChartKind::TimeSpent => "time-spent",
            ChartKind::Funnel => "funnel",
            ChartKind::Difference => "difference",
            ChartKind::HoursPerDeal => "hours-per-deal",
            ChartKind::Payback => "payback",
            ChartKind::BurnDown => "territory-burn-down",
            ChartKind::SegmentRevenue => "revenue-by-segment",
            ChartKind::FieldHours => "prospecting-week-by-week",
            ChartKind::Coverage => "coverage",
            ChartKind::WholeWeek => "the-whole-week",
            ChartKind::InstalledBase => "installed-base",
            ChartKind::TeamCapacity => "team-capacity",
        }
    }

    /// A heading for the report.
    pub fn heading(self) -> &'static str {
        match self {
            ChartKind::Revenue => "Revenue: the range of outcomes",
            ChartKind::Exceedance => "Revenue you can count on",
            ChartKind::OverTime => "Revenue week by week",
            ChartKind::TimeSpent => "Where prospecting time goes",
            ChartKind::Funnel => "The funnel and its KPIs",
            ChartKind::Difference => "Strategy against baseline, future by future",
            ChartKind::HoursPerDeal => "Prospecting hours per deal",
            ChartKind::Payback => "When the switch pays for itself",
            ChartKind::BurnDown => "How long the list lasts",
            ChartKind::SegmentRevenue => "Revenue by segment and contact",
            ChartKind::FieldHours => "The prospecting week, week by week",
            ChartKind::Coverage => "How well the territory is covered",
            ChartKind::WholeWeek => "The whole week: prospecting and selling",
            ChartKind::InstalledBase => "The installed base",
            ChartKind::TeamCapacity => "Team capacity: vacancies and ramp",
        }
    }

    pub(super) fn draw<DB: DrawingBackend>(
        self,
        root: &Area<DB>,
        input: &ChartInput<'_>,
    ) -> ChartResult<(), DB> {
        match self {
            ChartKind::Revenue => revenue::draw(root, input),
            ChartKind::Exceedance => exceedance::draw(root, input),
            ChartKind::OverTime => over_time::draw(root, input),
            ChartKind::TimeSpent => time_spent::draw(root, input),
            ChartKind::Funnel => funnel::draw(root, input),
            ChartKind::Difference => difference::draw(root, input),
            ChartKind::HoursPerDeal => hours_per_deal::draw(root, input),
            ChartKind::Payback => payback::draw(root, input),
            ChartKind::BurnDown => burn_down::draw(root, input),
            ChartKind::SegmentRevenue => segment_revenue::draw(root, input),
            ChartKind::FieldHours => field_hours::draw(root, input),
            ChartKind::Coverage => coverage::draw(root, input),
            ChartKind::WholeWeek => whole_week::draw(root, input),
            ChartKind::InstalledBase => installed_base::draw(root, input),
            ChartKind::TeamCapacity => team_capacity::draw(root, input),
        }
    }
}
