//! The comparison table printed at the end of a run.

use crate::report::format::{money, money_short, percent, thousands};
use crate::report::summary::RunSummary;

/// A row: a label and one cell per strategy (an empty label and no cells is a section heading).
enum Row {
    Heading(String),
    Values(String, Vec<String>),
}

/// The table for `summary`, ready to print.
pub fn render(summary: &RunSummary) -> String {
    let s = &summary.strategies;
    let per = |f: &dyn Fn(usize) -> String| (0..s.len()).map(f).collect::<Vec<_>>();
    let mut rows = vec![Row::Heading(format!(
        "Team revenue booked in {} weeks",
        summary.weeks
    ))];
    let mut money_row = |label: &str, f: &dyn Fn(usize) -> f64| {
        rows.push(Row::Values(label.to_string(), per(&|i| money(f(i)))));
    };
    money_row("mean", &|i| s[i].revenue.mean);
    money_row("P5 (a bad year)", &|i| s[i].revenue.p5);
    money_row("P50 (median)", &|i| s[i].revenue.p50);
    money_row("P95 (a good year)", &|i| s[i].revenue.p95);
    money_row("pipeline past the horizon", &|i| {
        s[i].pipeline_past_horizon.mean
    });
    rows.push(Row::Values(
        "deals booked (mean)".into(),
        per(&|i| format!("{:.1}", s[i].deals.mean)),
    ));
    rows.push(Row::Heading("The article's KPIs (pooled)".into()));
    let pct_row = |label: &str, f: &dyn Fn(usize) -> f64| {
        Row::Values(label.to_string(), per(&|i| percent(f(i))))
    };
    rows.push(pct_row("conversation -> appointment", &|i| {
        s[i].kpis.conversation_to_appointment
    }));
    rows.push(pct_row("appointment -> proposal", &|i| {
        s[i].kpis.appointment_to_proposal
    }));
    rows.push(pct_row("closing ratio", &|i| s[i].kpis.proposal_to_close));
    rows.push(Row::Values(
        "sales cycle (weeks)".into(),
        per(&|i| format!("{:.1}", s[i].kpis.sales_cycle_weeks)),
    ));
    rows.push(Row::Values(
        "revenue per sale".into(),
        per(&|i| money(s[i].kpis.revenue_per_sale)),
    ));
    rows.push(Row::Heading("Time per rep-week (mean)".into()));
    let hours_row = |label: &str, f: &dyn Fn(usize) -> f64| {
        Row::Values(label.to_string(), per(&|i| format!("{:.1} h", f(i))))
    };
    rows.push(hours_row("prospecting", &|i| {
        s[i].hours_per_rep_week.prospecting.mean
    }));
    rows.push(hours_row("  researching", &|i| {
        s[i].hours_per_rep_week.research.mean
    }));
    rows.push(hours_row("  dialing", &|i| {
        s[i].hours_per_rep_week.dialing.mean
    }));
    rows.push(Row::Values(
        "conversations per rep-week".into(),
        per(&|i| {
            let rep_weeks = f64::from(summary.reps) * f64::from(summary.weeks);
            format!("{:.1}", s[i].conversations.mean / rep_weeks)
        }),
    ));
    rows.push(Row::Values(
        "revenue per prospecting hour".into(),
        per(&|i| money(s[i].kpis.revenue_per_prospecting_hour)),
    ));
    if let Some(t) = s.first().and_then(|x| x.targets.as_ref()) {
        rows.push(Row::Heading("Targets".into()));
        let target = |i: usize| s[i].targets.as_ref();
        if let Some(amount) = t.revenue {
            rows.push(Row::Values(
                format!("P(team revenue >= {})", money(amount)),
                per(&|i| {
                    target(i)
                        .and_then(|t| t.p_revenue_at_least_target)
                        .map_or("-".into(), percent)
                }),
            ));
        }
        if let Some(quota) = t.quota_per_rep {
            rows.push(Row::Values(
                format!("reps at quota ({})", money(quota)),
                per(&|i| {
                    target(i)
                        .and_then(|t| t.share_of_reps_at_quota)
                        .map_or("-".into(), percent)
                }),
            ));
            rows.push(Row::Values(
                "quota attainment P10/P50/P90".into(),
                per(&|i| {
                    target(i)
                        .and_then(|t| t.quota_attainment)
                        .map_or("-".into(), |a| {
                            format!(
                                "{:.0}%/{:.0}%/{:.0}%",
                                a.p10 * 100.0,
                                a.p50 * 100.0,
                                a.p90 * 100.0
                            )
                        })
                }),
            ));
        }
    }
    if s.iter().any(|x| x.economics.is_some()) {
        business_case_rows(&mut rows, s);
    }
    if let Some(first) = s.first() {
        rows.push(Row::Heading(format!(
            "Against {} (paired trials)",
            first.name
        )));
        let cmp = |i: usize| summary.comparisons.iter().find(|c| c.strategy == s[i].name);
        rows.push(Row::Values(
            format!("P(beats {})", first.name),
            per(&|i| {
                cmp(i).map_or("-".into(), |c| {
                    // Ties (often two futures with no deal at all) would otherwise be invisible.
                    if c.p_tie > 0.0 {
                        format!("{} (ties {})", percent(c.p_better), percent(c.p_tie))
                    } else {
                        percent(c.p_better)
                    }
                })
            }),
        ));
        rows.push(Row::Values(
            "revenue difference (mean)".into(),
            per(&|i| cmp(i).map_or("-".into(), |c| money(c.revenue_difference.mean))),
        ));
    }
    let names: Vec<String> = s.iter().map(|x| x.name.clone()).collect();
    layout(&names, &rows, summary)
}

fn layout(names: &[String], rows: &[Row], summary: &RunSummary) -> String {
    let label_w = rows
        .iter()
        .map(|r| match r {
            // Headings may run into the value columns: they sit on lines of their own.
            Row::Heading(_) => 0,
            Row::Values(l, _) => l.chars().count(),
        })
        .max()
        .unwrap_or(0)
        + 2;
    let col_w: Vec<usize> = (0..names.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| match r {
                    Row::Values(_, v) => Some(v[i].chars().count()),
                    Row::Heading(_) => None,
                })
                .chain([names[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!(
        "{} trials x {} reps x {} weeks, seed {}\n\n",
        thousands(summary.trials as f64),
        summary.reps,
        summary.weeks,
        summary.seed
    );
    out.push_str(&" ".repeat(label_w));
    for (n, w) in names.iter().zip(&col_w) {
        out.push_str(&format!("  {n:>w$}"));
    }
    out.push('\n');
    for r in rows {
        match r {
            Row::Heading(h) => out.push_str(&format!("{h}\n")),
            Row::Values(l, v) => {
                out.push_str(&format!("  {l:<w$}", w = label_w - 2));
                for (cell, w) in v.iter().zip(&col_w) {
                    out.push_str(&format!("  {cell:>w$}"));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// The table of a sweep: one row per point, per strategy the median with its P10-P90 range and,
/// after the baseline, P(beats the baseline).
pub fn render_sweep(
    axes: &[crate::whatif::sweep::Axis],
    points: &[crate::whatif::sweep::SweepPoint],
) -> String {
    let Some(first) = points.first() else {
        return String::new();
    };
    let mut header: Vec<String> = axes.iter().map(|a| short_key(&a.key)).collect();
    let baseline = first
        .summary
        .strategies
        .first()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    for (i, s) in first.summary.strategies.iter().enumerate() {
        header.push(format!("{} median (P10-P90)", s.name));
        if i > 0 {
            header.push(format!("P(beats {baseline})"));
        }
    }
    let mut rows = vec![header];
    for p in points {
        let mut row = p.values.clone();
        for (i, s) in p.summary.strategies.iter().enumerate() {
            row.push(format!(
                "{} ({} - {})",
                money(s.revenue.p50),
                money_short(s.revenue.p10),
                money_short(s.revenue.p90)
            ));
            if i > 0 {
                let c = p.summary.comparisons.iter().find(|c| c.strategy == s.name);
                row.push(c.map_or("-".into(), |c| percent(c.p_better)));
            }
        }
        rows.push(row);
    }
    grid_text(&rows)
}

/// A dotted key without its section (`strategies.a.research_hours_per_account` ->
/// `a.research_hours_per_account`), for column headings.
fn short_key(key: &str) -> String {
    ["strategies.", "simulation."]
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .unwrap_or(key)
        .to_string()
}

/// Rows of cells as aligned text: the first column left-aligned, the others right-aligned.
fn grid_text(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        for (c, cell) in r.iter().enumerate() {
            let w = widths[c];
            if c == 0 {
                out.push_str(&format!("{cell:<w$}"));
            } else {
                out.push_str(&format!("  {cell:>w$}"));
            }
        }
        out.push('\n');
    }
    out
}

/// An output value in its unit.
fn output_value(output: crate::whatif::sensitivity::Output, v: f64) -> String {
    use crate::whatif::sensitivity::Output;
    match output {
        Output::Revenue => money(v),
        Output::Deals => format!("{v:.1}"),
        Output::PBetter => percent(v),
    }
}

/// The tornado as a table, and the three inputs that matter most in plain words.
pub fn render_sensitivity(
    scenario: &crate::config::Scenario,
    index: usize,
    s: &crate::whatif::sensitivity::Sensitivity,
) -> String {
    let inputs = &scenario.strategies[index].inputs;
    let value = |k: crate::model::inputs::InputKey, v: f64| input_value(k.kind(), v);
    let mut out = format!(
        "Sensitivity of {}'s {} (all inputs random: {})\n\n",
        s.strategy,
        s.output.label(),
        output_value(s.output, s.base)
    );
    let mut rows = vec![vec![
        "input".to_string(),
        "P10 -> P90".to_string(),
        "output at P10".to_string(),
        "output at P90".to_string(),
        "swing".to_string(),
        "rank corr.".to_string(),
    ]];
    for b in &s.bars {
        let rho = s.correlations.iter().find(|(k, _)| *k == b.key);
        rows.push(vec![
            b.key.label().to_string(),
            format!(
                "{} -> {}",
                value(b.key, b.values.0),
                value(b.key, b.values.1)
            ),
            output_value(s.output, b.outputs.0),
            output_value(s.output, b.outputs.1),
            output_value(s.output, b.swing()),
            rho.map_or("-".into(), |(_, r)| format!("{r:+.2}")),
        ]);
    }
    out.push_str(&grid_text(&rows));
    out.push_str(&format!(
        "\nWhat matters most for {}'s {}:\n",
        s.strategy,
        s.output.label()
    ));
    for (i, b) in s.bars.iter().take(3).enumerate() {
        let direction = if b.outputs.1 >= b.outputs.0 {
            "raises"
        } else {
            "lowers"
        };
        out.push_str(&format!(
            "  {}. {} ({}): going from its P10 ({}) to its P90 ({}) {} it from {} to {}.\n",
            i + 1,
            b.key.label(),
            inputs.get(b.key).text,
            value(b.key, b.values.0),
            value(b.key, b.values.1),
            direction,
            output_value(s.output, b.outputs.0),
            output_value(s.output, b.outputs.1),
        ));
    }
    if s.bars.is_empty() {
        out.push_str("  nothing: every input of this strategy is a constant.\n");
    }
    out
}

/// An input's value for reading, not for re-entering: rates as percentages with one decimal,
/// large numbers with separators, small ones with two decimals.
pub fn input_value(kind: crate::model::inputs::KeyKind, v: f64) -> String {
    use crate::model::inputs::KeyKind;
    match kind {
        KeyKind::Rate => percent(v),
        _ if v.abs() >= 100.0 => thousands(v),
        _ => {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

/// The business case: each strategy's own return, then the case for switching from the baseline.
fn business_case_rows(rows: &mut Vec<Row>, s: &[crate::report::summary::StrategySummary]) {
    use crate::econ::{Case, IrrReading, RoiReading, Spread};
    let per = |f: &dyn Fn(usize) -> String| (0..s.len()).map(f).collect::<Vec<_>>();
    let case = |i: usize, own: bool| -> Option<&Case> {
        let e = s[i].economics.as_ref()?;
        if own {
            Some(&e.own)
        } else {
            e.vs_baseline.as_ref()
        }
    };
    let spread =
        |c: Option<&Case>, f: &dyn Fn(&Case) -> Option<Spread>, fmt: &dyn Fn(f64) -> String| {
            c.and_then(f).map_or("-".to_string(), |x| fmt(x.p50))
        };
    let week = |c: Option<&Case>| {
        c.map_or("-".to_string(), |c| {
            c.payback_week
                .p50
                .map_or("not within horizon".to_string(), |w| format!("week {w:.0}"))
        })
    };
    for (own, heading) in [
        (
            true,
            "Business case: each strategy's own (median over trials)".to_string(),
        ),
        (
            false,
            format!("Business case: switching from {} (median)", s[0].name),
        ),
    ] {
        rows.push(Row::Heading(heading));
        rows.push(Row::Values(
            "NPV".into(),
            per(&|i| spread(case(i, own), &|c| c.npv, &money)),
        ));
        rows.push(Row::Values(
            "P(NPV > 0)".into(),
            per(&|i| case(i, own).map_or("-".into(), |c| percent(c.p_npv_positive))),
        ));
        rows.push(Row::Values(
            "IRR (annual)".into(),
            per(&|i| case(i, own).map_or("-".into(), |c| IrrReading::of(c).cell())),
        ));
        rows.push(Row::Values(
            "ROI over the horizon".into(),
            per(&|i| case(i, own).map_or("-".into(), |c| RoiReading::of(c).cell())),
        ));
        rows.push(Row::Values(
            "P(pays back within horizon)".into(),
            per(&|i| case(i, own).map_or("-".into(), |c| percent(c.p_payback_within_horizon))),
        ));
        rows.push(Row::Values("payback".into(), per(&|i| week(case(i, own)))));
    }
}
