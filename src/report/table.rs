//! The tables of a run, built once and rendered twice: as text on the terminal
//! ([`crate::report::terminal`]) and in `report.html` ([`crate::report::html`]). A table is a
//! caption, one column per strategy and rows of formatted cells; rows marked
//! [`Detail::ReportOnly`] are left out of the terminal's shorter table.

use crate::analysis::summary::{RunSummary, StrategySummary};
use crate::econ::{Case, Spread};
use crate::report::format::{irr_text, money, money_short, payback_text, percent, whole_percent};

/// Where a row is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// On the terminal and in the report.
    Both,
    /// In the report only: the terminal keeps to the headline figures.
    ReportOnly,
}

/// A row: a label and one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What the row shows.
    pub label: String,
    /// One formatted cell per column ("-" where there is no figure).
    pub cells: Vec<String>,
    /// Where it is shown.
    pub detail: Detail,
}

/// A table with a caption, column headings and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// What the table shows.
    pub caption: String,
    /// Column headings (strategy names), not counting the label column.
    pub columns: Vec<String>,
    /// The rows, in order.
    pub rows: Vec<Row>,
}

impl Table {
    fn new(caption: impl Into<String>, columns: &[String]) -> Self {
        Table {
            caption: caption.into(),
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, label: impl Into<String>, cells: Vec<String>) {
        self.push(label, cells, Detail::Both);
    }

    fn detail(&mut self, label: impl Into<String>, cells: Vec<String>) {
        self.push(label, cells, Detail::ReportOnly);
    }

    fn push(&mut self, label: impl Into<String>, cells: Vec<String>, detail: Detail) {
        self.rows.push(Row {
            label: label.into(),
            cells,
            detail,
        });
    }
}

/// Pooled conversations per close: 1 / (c2a x a2p x close), from the summary's totals.
pub fn conversations_per_close(s: &StrategySummary) -> Option<f64> {
    let closes = s.proposals.mean * s.kpis.proposal_to_close;
    (closes > 0.0).then(|| s.conversations.mean / closes)
}

/// The summary tables of a run: revenue, targets (when the scenario sets them), the KPIs, time,
/// and each strategy against the baseline.
pub fn summary_tables(summary: &RunSummary) -> Vec<Table> {
    let s = &summary.strategies;
    let names: Vec<String> = s.iter().map(|x| x.name.clone()).collect();
    let per = |f: &dyn Fn(&StrategySummary) -> String| s.iter().map(f).collect::<Vec<_>>();
    let rep_weeks = f64::from(summary.reps) * f64::from(summary.weeks);
    let mut tables = Vec::new();

    let mut t = Table::new(
        format!("Team revenue booked in {} weeks", summary.weeks),
        &names,
    );
    t.row("mean", per(&|x| money(x.revenue.mean)));
    t.row(
        "P5 (1 future in 20 books less)",
        per(&|x| money(x.revenue.p5)),
    );
    t.detail("P10", per(&|x| money(x.revenue.p10)));
    t.row("P50 (median)", per(&|x| money(x.revenue.p50)));
    t.detail("P90", per(&|x| money(x.revenue.p90)));
    t.row(
        "P95 (1 future in 20 books more)",
        per(&|x| money(x.revenue.p95)),
    );
    t.row(
        "pipeline past the horizon (mean)",
        per(&|x| money(x.pipeline_past_horizon.mean)),
    );
    t.row(
        "deals booked (mean)",
        per(&|x| format!("{:.1}", x.deals.mean)),
    );
    tables.push(t);

    if let Some(targets) = s.first().and_then(|x| x.targets.as_ref()) {
        let mut t = Table::new("Targets", &names);
        if let Some(amount) = targets.revenue {
            t.row(
                format!("P(team revenue ≥ {}): share of futures", money(amount)),
                per(&|x| {
                    x.targets
                        .as_ref()
                        .and_then(|t| t.p_revenue_at_least_target)
                        .map_or("-".into(), percent)
                }),
            );
        }
        if let Some(quota) = targets.quota_per_rep {
            let attainment =
                |x: &StrategySummary| x.targets.as_ref().and_then(|t| t.quota_attainment);
            t.row(
                format!("reps at quota ({} per rep)", money(quota)),
                per(&|x| {
                    x.targets
                        .as_ref()
                        .and_then(|t| t.share_of_reps_at_quota)
                        .map_or("-".into(), percent)
                }),
            );
            t.row(
                "quota attainment, median rep",
                per(&|x| attainment(x).map_or("-".into(), |a| whole_percent(a.p50))),
            );
            t.row(
                "quota attainment, P10 to P90 of reps",
                per(&|x| {
                    attainment(x).map_or("-".into(), |a| {
                        format!("{} to {}", whole_percent(a.p10), whole_percent(a.p90))
                    })
                }),
            );
        }
        tables.push(t);
    }

    let mut t = Table::new("The article's KPIs, pooled over every future", &names);
    t.row(
        "conversations per rep-week",
        per(&|x| format!("{:.1}", x.conversations.mean / rep_weeks)),
    );
    t.row(
        "conversation to appointment",
        per(&|x| percent(x.kpis.conversation_to_appointment)),
    );
    t.row(
        "appointment to proposal",
        per(&|x| percent(x.kpis.appointment_to_proposal)),
    );
    t.row(
        "closing ratio (proposal to close)",
        per(&|x| percent(x.kpis.proposal_to_close)),
    );
    t.detail(
        "conversations per close",
        per(&|x| conversations_per_close(x).map_or("-".into(), |c| format!("{c:.1}"))),
    );
    t.row(
        "sales cycle (weeks)",
        per(&|x| format!("{:.1}", x.kpis.sales_cycle_weeks)),
    );
    t.row("revenue per sale", per(&|x| money(x.kpis.revenue_per_sale)));
    t.row(
        "revenue per prospecting hour",
        per(&|x| money(x.kpis.revenue_per_prospecting_hour)),
    );
    tables.push(t);

    let mut t = Table::new("Time per rep-week (mean hours)", &names);
    let hours = |v: f64| format!("{v:.1} h");
    t.row(
        "prospecting",
        per(&|x| hours(x.hours_per_rep_week.prospecting.mean)),
    );
    t.row(
        "of which research",
        per(&|x| hours(x.hours_per_rep_week.research.mean)),
    );
    t.row(
        "of which dialing",
        per(&|x| hours(x.hours_per_rep_week.dialing.mean)),
    );
    tables.push(t);

    if let Some(base) = s.first() {
        let mut t = Table::new(format!("Against {} on the same futures", base.name), &names);
        let cmp = |x: &StrategySummary| summary.comparisons.iter().find(|c| c.strategy == x.name);
        t.row(
            format!("share of futures booking more than {}", base.name),
            per(&|x| {
                cmp(x).map_or("-".into(), |c| {
                    // Ties (often futures where neither books a deal) would otherwise be
                    // invisible.
                    if c.p_tie > 0.0 {
                        format!("{} (ties {})", percent(c.p_better), percent(c.p_tie))
                    } else {
                        percent(c.p_better)
                    }
                })
            }),
        );
        t.row(
            "revenue difference, mean",
            per(&|x| cmp(x).map_or("-".into(), |c| money(c.revenue_difference.mean))),
        );
        t.detail(
            "revenue difference, P5",
            per(&|x| cmp(x).map_or("-".into(), |c| money(c.revenue_difference.p5))),
        );
        t.detail(
            "revenue difference, P95",
            per(&|x| cmp(x).map_or("-".into(), |c| money(c.revenue_difference.p95))),
        );
        tables.push(t);
    }
    tables
}

/// The business case's tables, for runs with `[economics]`: each strategy's own case, then
/// (with two strategies or more) the case for switching from the baseline. `rate` is the
/// discount rate as shown (`10%`).
pub fn business_case_tables(summary: &RunSummary, rate: &str) -> Vec<Table> {
    let s = &summary.strategies;
    let Some(base) = s.first() else {
        return Vec::new();
    };
    let names: Vec<String> = s.iter().map(|x| x.name.clone()).collect();
    let own: Vec<Option<&Case>> = s
        .iter()
        .map(|x| x.economics.as_ref().map(|e| &e.own))
        .collect();
    let vs: Vec<Option<&Case>> = s
        .iter()
        .map(|x| x.economics.as_ref().and_then(|e| e.vs_baseline.as_ref()))
        .collect();
    let mut tables = vec![case_table(
        "Each strategy on its own (its gross profit against its costs)",
        &names,
        &own,
        summary.weeks,
        rate,
    )];
    if s.len() > 1 {
        tables.push(case_table(
            &format!(
                "Switching from {}: the difference in cash, future by future",
                base.name
            ),
            &names,
            &vs,
            summary.weeks,
            rate,
        ));
    }
    tables
}

/// One business-case table: a column per strategy, "-" where it has no case.
fn case_table(
    caption: &str,
    names: &[String],
    cases: &[Option<&Case>],
    weeks: u32,
    rate: &str,
) -> Table {
    let cells = |f: &dyn Fn(&Case) -> String| {
        cases
            .iter()
            .map(|c| c.map_or("-".into(), f))
            .collect::<Vec<_>>()
    };
    let median = |x: Option<Spread>, f: &dyn Fn(f64) -> String| x.map_or("-".into(), |x| f(x.p50));
    let mut t = Table::new(caption, names);
    t.row(
        format!("NPV at {rate}, median"),
        cells(&|c| median(c.npv, &money)),
    );
    t.detail(
        "NPV, P10 to P90",
        cells(&|c| {
            c.npv.map_or("-".into(), |x| {
                format!("{} to {}", money_short(x.p10), money_short(x.p90))
            })
        }),
    );
    t.row(
        "share of futures with NPV > 0",
        cells(&|c| percent(c.p_npv_positive)),
    );
    t.row(
        "IRR a year, median",
        cells(&|c| median(c.irr_annual, &irr_text)),
    );
    t.row(
        format!("ROI over {weeks} weeks, median"),
        cells(&|c| median(c.roi, &whole_percent)),
    );
    t.row(
        "payback, median",
        cells(&|c| payback_text(c.payback_week.p50)),
    );
    t.detail(
        "payback, P90 (9 futures in 10 by then)",
        cells(&|c| payback_text(c.payback_week.p90)),
    );
    t.row(
        "share of futures paid back within the horizon",
        cells(&|c| percent(c.p_payback_within_horizon)),
    );
    t
}
