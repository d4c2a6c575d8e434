//! The tables of a run, built once and rendered twice: as text on the terminal
//! ([`crate::report::terminal`]) and in `report.html` ([`crate::report::html`]). A table is a
//! caption, one column per strategy and rows of formatted cells; rows marked
//! [`Detail::ReportOnly`] are left out of the terminal's shorter table.

use crate::analysis::field::{SegmentSummary, TargetSummary};
use crate::analysis::summary::{RunSummary, StrategySummary};
use crate::econ::{Case, IrrReading, PaybackReading, RoiReading, Spread};
use crate::report::format::{
    counted, hours, money, money_short, or_na, percent, tenths, whole_percent,
};

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
    let closes = closes(s);
    (closes > 0.0).then(|| s.conversations.mean / closes)
}

/// Mean closes per future (booked within the horizon or not).
fn closes(s: &StrategySummary) -> f64 {
    s.proposals.mean * s.kpis.proposal_to_close
}

/// A KPI of the summary (`value`, a ratio over `denominator`), or None when it is a ratio over nothing (no conversation, no
/// appointment, no proposal, no close, no prospecting hour in any future): the summary stores
/// 0 there, which would read as a measured 0%.
fn kpi(value: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0).then_some(value)
}

/// The playing field's tables of a run, two per playing-field strategy: its targets (revenue,
/// deals, appointments, passes and the KPIs, one column per target) and the segments of the
/// field (revenue, accounts touched, left fresh, the list-out week, coverage; one column per
/// segment). `coverage` is each strategy's share of every segment's accounts never touched by
/// the horizon (None for an unlimited pool), in strategy order.
pub fn field_tables(summary: &RunSummary, coverage: &[Vec<Option<f64>>]) -> Vec<Table> {
    let weeks = summary.weeks;
    let mut tables = Vec::new();
    for (i, s) in summary.strategies.iter().enumerate() {
        let Some(f) = &s.playing_field else {
            continue;
        };
        let columns: Vec<String> = f
            .targets
            .iter()
            .map(|t| format!("{} · {}", t.segment, t.contact))
            .collect();
        let mut t = Table::new(
            format!(
                "{}: each target over {} (means over futures)",
                s.name,
                counted(weeks.into(), "week")
            ),
            &columns,
        );
        let per =
            |g: &dyn Fn(&TargetSummary) -> String| f.targets.iter().map(g).collect::<Vec<_>>();
        t.row("share of the hours", per(&|x| whole_percent(x.share)));
        t.row("revenue", per(&|x| money(x.revenue.mean)));
        t.detail(
            "revenue P10 to P90",
            per(&|x| {
                format!(
                    "{} to {}",
                    money_short(x.revenue.p10),
                    money_short(x.revenue.p90)
                )
            }),
        );
        t.row("deals booked", per(&|x| tenths(x.deals.mean)));
        t.row("first appointments", per(&|x| tenths(x.appointments.mean)));
        t.row("first passes", per(&|x| count_words(x.first_passes.mean)));
        t.row(
            "re-touches (later passes)",
            per(&|x| count_words(x.retouches.mean)),
        );
        t.detail("dials", per(&|x| count_words(x.dials.mean)));
        // The KPIs read n/a over nothing: no dial (so no conversation), no appointment, no
        // proposal, no close. Mean proposals = a2p x appointments, mean closes = close x
        // proposals (pooled ratios of totals).
        let proposals = |x: &TargetSummary| x.kpis.appointment_to_proposal * x.appointments.mean;
        let closes = |x: &TargetSummary| x.kpis.proposal_to_close * proposals(x);
        t.row(
            "conversation to appointment",
            per(&|x| {
                or_na(
                    kpi(x.kpis.conversation_to_appointment, x.dials.mean),
                    percent,
                )
            }),
        );
        t.row(
            "appointment to proposal",
            per(&|x| {
                or_na(
                    kpi(x.kpis.appointment_to_proposal, x.appointments.mean),
                    percent,
                )
            }),
        );
        t.row(
            "closing ratio (proposal to close)",
            per(&|x| or_na(kpi(x.kpis.proposal_to_close, proposals(x)), percent)),
        );
        t.detail(
            "revenue per sale",
            per(&|x| or_na(kpi(x.kpis.revenue_per_sale, closes(x)), money)),
        );
        t.row(
            "revenue per prospecting hour",
            per(&|x| {
                or_na(
                    kpi(
                        x.kpis.revenue_per_prospecting_hour,
                        x.first_passes.mean + x.retouches.mean,
                    ),
                    money,
                )
            }),
        );
        tables.push(t);

        let columns: Vec<String> = f.segments.iter().map(|g| g.name.clone()).collect();
        let mut t = Table::new(
            format!(
                "{}: each segment by week {} (means over futures)",
                s.name, weeks
            ),
            &columns,
        );
        let per =
            |g: &dyn Fn(&SegmentSummary) -> String| f.segments.iter().map(g).collect::<Vec<_>>();
        t.row(
            "worked",
            per(&|x| if x.worked { "yes".into() } else { "no".into() }),
        );
        t.row("revenue", per(&|x| money(x.revenue.mean)));
        t.row(
            "accounts touched (first time)",
            per(&|x| count_words(x.touched.mean)),
        );
        t.row(
            "left fresh at the end",
            per(&|x| {
                if x.unlimited {
                    "unlimited".into()
                } else {
                    count_words(x.at_horizon.fresh.mean)
                }
            }),
        );
        let never_touched = coverage.get(i);
        t.row(
            "never called by the end",
            f.segments
                .iter()
                .enumerate()
                .map(|(k, _)| {
                    never_touched
                        .and_then(|c| c.get(k).copied().flatten())
                        .map_or("-".into(), whole_percent)
                })
                .collect(),
        );
        t.row(
            "a rep's list runs out: week (P10-P90)",
            per(&|x| list_out_cell(x)),
        );
        t.row(
            "reps whose list never runs out",
            per(&|x| {
                if x.unlimited {
                    "-".into()
                } else {
                    whole_percent(x.list_out_week.share_never)
                }
            }),
        );
        t.detail("passes", per(&|x| count_words(x.passes.mean)));
        t.detail(
            "resting or due at the end",
            per(&|x| count_words(x.at_horizon.resting.mean + x.at_horizon.due.mean)),
        );
        t.detail(
            "retired after the last pass",
            per(&|x| count_words(x.at_horizon.retired.mean)),
        );
        t.detail("opportunities won", per(&|x| tenths(x.at_horizon.won.mean)));
        t.detail(
            "opportunities lost",
            per(&|x| tenths(x.at_horizon.lost.mean)),
        );
        tables.push(t);
    }
    tables
}

/// A segment's list-out week as a cell: "12 (11-13)", "never" when the median rep's list
/// lasts, "-" for an unlimited pool.
pub fn list_out_cell(x: &SegmentSummary) -> String {
    if x.unlimited {
        return "-".into();
    }
    let week = |v: Option<f64>| v.map_or("never".to_string(), |v| format!("{v:.0}"));
    match x.list_out_week.p50 {
        None => "never".into(),
        Some(w) => format!(
            "{w:.0} ({}-{})",
            week(x.list_out_week.p10),
            week(x.list_out_week.p90)
        ),
    }
}

/// A mean count: whole with thousands separators from 100 on, one decimal below.
fn count_words(v: f64) -> String {
    if v >= 100.0 {
        crate::report::format::thousands(v)
    } else {
        tenths(v)
    }
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
        format!(
            "Team revenue booked in {}",
            counted(summary.weeks.into(), "week")
        ),
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
    t.row("deals booked (mean)", per(&|x| tenths(x.deals.mean)));
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
        per(&|x| tenths(x.conversations.mean / rep_weeks)),
    );
    t.row(
        "conversation to appointment",
        per(&|x| {
            let k = &x.kpis;
            or_na(
                kpi(k.conversation_to_appointment, x.conversations.mean),
                percent,
            )
        }),
    );
    t.row(
        "appointment to proposal",
        per(&|x| {
            let k = &x.kpis;
            or_na(kpi(k.appointment_to_proposal, x.appointments.mean), percent)
        }),
    );
    t.row(
        "closing ratio (proposal to close)",
        per(&|x| or_na(kpi(x.kpis.proposal_to_close, x.proposals.mean), percent)),
    );
    t.detail(
        "conversations per close",
        per(&|x| or_na(conversations_per_close(x), tenths)),
    );
    t.row(
        "sales cycle (weeks)",
        per(&|x| or_na(kpi(x.kpis.sales_cycle_weeks, closes(x)), tenths)),
    );
    t.row(
        "revenue per sale",
        per(&|x| or_na(kpi(x.kpis.revenue_per_sale, closes(x)), money)),
    );
    t.row(
        "revenue per prospecting hour",
        per(&|x| {
            let hours = x.hours_per_rep_week.prospecting.mean;
            or_na(kpi(x.kpis.revenue_per_prospecting_hour, hours), money)
        }),
    );
    tables.push(t);

    let mut t = Table::new("Time per rep-week (mean hours)", &names);
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

    // With one strategy there is nothing to compare: no table of dashes.
    if s.len() > 1
        && let Some(base) = s.first()
    {
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
    t.row("IRR a year, median", cells(&|c| IrrReading::of(c).cell()));
    t.row(
        format!("ROI over {}, median", counted(weeks.into(), "week")),
        cells(&|c| RoiReading::of(c).cell()),
    );
    t.row(
        "payback, median",
        cells(&|c| PaybackReading::at_week(c.payback_week.p50).cell()),
    );
    t.detail(
        "payback, P90 (9 futures in 10 by then)",
        cells(&|c| PaybackReading::at_week(c.payback_week.p90).cell()),
    );
    t.row(
        "share of futures paid back within the horizon",
        cells(&|c| percent(c.p_payback_within_horizon)),
    );
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{FLAT_SCENARIO, Override, parse_scenario_with};

    /// The flat seed-telecom scenario's summary over 4 trials, with `overrides`.
    fn summary(overrides: &[(&str, &str)]) -> RunSummary {
        let mut all = vec![Override::set("simulation.trials", "4")];
        all.extend(overrides.iter().map(|(k, v)| Override::set(k, v)));
        let scenario = parse_scenario_with(FLAT_SCENARIO, "flat", &all).unwrap();
        crate::analysis::run(&scenario, &|_| {}).summary
    }

    fn row<'a>(tables: &'a [Table], label: &str) -> &'a Row {
        tables
            .iter()
            .flat_map(|t| &t.rows)
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    }

    #[test]
    fn kpis_over_nothing_read_n_a() {
        // No conversation turns into an appointment: every later ratio divides by nothing.
        let s = summary(&[("strategies.bottom-up.conversation_to_appointment", "0")]);
        let t = summary_tables(&s);
        assert_eq!(row(&t, "conversation to appointment").cells[0], "0.0%");
        for label in [
            "appointment to proposal",
            "closing ratio (proposal to close)",
            "conversations per close",
            "sales cycle (weeks)",
            "revenue per sale",
        ] {
            assert_eq!(row(&t, label).cells[0], "n/a", "{label}");
            assert_ne!(row(&t, label).cells[1], "n/a", "{label}");
        }
    }

    #[test]
    fn counts_read_with_separators_and_in_the_singular() {
        let s = summary(&[("simulation.weeks", "1")]);
        let t = summary_tables(&s);
        assert_eq!(t[0].caption, "Team revenue booked in 1 week");
        let mut big = s.clone();
        big.strategies[0].deals.mean = 104_000.0;
        assert_eq!(
            row(&summary_tables(&big), "deals booked (mean)").cells[0],
            "104,000"
        );
    }
}

#[cfg(test)]
mod case_tests {
    use super::*;
    use crate::econ::{IrrMeaning, PaybackWeeks};

    fn spread(p50: f64, share_defined: f64) -> Option<Spread> {
        Some(Spread {
            mean: p50,
            p10: p50,
            p50,
            p90: p50,
            share_defined,
        })
    }

    #[test]
    fn irr_and_roi_cells_read_as_ratios_and_say_over_what_share() {
        // The words come from econ::reading; this checks the table's rows use them, with the
        // ROI in the same "> 1,000%" form as the IRR, not the "3492%" the report once showed.
        let case = |irr: Option<Spread>, roi: Option<Spread>| Case {
            npv: spread(1.0, 1.0),
            p_npv_positive: 1.0,
            roi,
            irr_meaning: if irr.is_some() {
                IrrMeaning::Return
            } else {
                IrrMeaning::NotApplicable
            },
            irr_annual: irr,
            borrowing_rate_annual: None,
            p_never_behind: 0.0,
            p_payback_within_horizon: 1.0,
            payback_week: PaybackWeeks {
                p10: None,
                p50: Some(12.0),
                p90: None,
            },
        };
        let own = case(spread(-0.9999, 0.386), spread(-0.45, 1.0));
        let switch = case(spread(1e9, 0.99), spread(34.92, 1.0));
        let names = ["bottom-up".to_string(), "top-down".to_string()];
        let t = case_table("c", &names, &[Some(&own), Some(&switch)], 52, "10%");
        let cells = |label: &str| {
            t.rows
                .iter()
                .find(|r| r.label == label)
                .unwrap()
                .cells
                .clone()
        };
        assert_eq!(
            cells("IRR a year, median"),
            ["-100% (in 39%)", "> 1,000% (in 99%)"]
        );
        assert_eq!(cells("ROI over 52 weeks, median"), ["-45%", "> 1,000%"]);
        let none = case(None, None);
        let t = case_table("c", &names[..1], &[Some(&none)], 1, "10%");
        assert_eq!(t.rows[3].cells, ["n/a"]);
        assert_eq!(t.rows[4].cells, ["n/a (no cost)"]);
        assert_eq!(t.rows[4].label, "ROI over 1 week, median");
    }
}
