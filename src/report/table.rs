//! The comparison table printed at the end of a run.

use crate::report::format::{money, percent, thousands};
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
    if let Some(first) = s.first() {
        rows.push(Row::Heading(format!(
            "Against {} (paired trials)",
            first.name
        )));
        let cmp = |i: usize| summary.comparisons.iter().find(|c| c.strategy == s[i].name);
        rows.push(Row::Values(
            format!("P(beats {})", first.name),
            per(&|i| cmp(i).map_or("-".into(), |c| percent(c.p_better))),
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
            Row::Heading(h) => h.chars().count().saturating_sub(2),
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
