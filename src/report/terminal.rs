//! Tables as text for the terminal: the run's comparison table (from the shared
//! [`crate::report::table`] model, headline rows only) and the what-if commands' tables.

use crate::analysis::summary::RunSummary;
use crate::report::format::{
    input_value_in_unit, money, money_short, output_value, percent, percent_short, thousands,
};
use crate::report::table::{Detail, Row, Table, business_case_tables, summary_tables};

/// The comparison table printed at the end of a run: the summary tables, then the business
/// case when the run has one (`discount_rate`, a yearly fraction, is its rate), in one grid
/// whose columns line up across tables.
pub fn render(summary: &RunSummary, discount_rate: Option<f64>) -> String {
    let mut tables = summary_tables(summary);
    if let Some(rate) = discount_rate.map(percent_short) {
        // Before the comparison with the baseline, which closes the table.
        let last = tables.pop();
        tables.extend(business_case_tables(summary, &rate));
        tables.extend(last);
    }
    let mut out = format!(
        "{} trials x {} reps x {} weeks, seed {}\n\n",
        thousands(summary.trials as f64),
        summary.reps,
        summary.weeks,
        summary.seed
    );
    out.push_str(&layout(&tables));
    out
}

/// Tables as one text grid: a heading line per table, then its rows, indented, the label
/// column left-aligned and the values right-aligned under the strategy names.
fn layout(tables: &[Table]) -> String {
    fn shown(t: &Table) -> impl Iterator<Item = &Row> {
        t.rows.iter().filter(|r| r.detail == Detail::Both)
    }
    let label_w = tables
        .iter()
        .flat_map(shown)
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let names = tables.first().map_or(&[][..], |t| &t.columns[..]);
    let col_w: Vec<usize> = (0..names.len())
        .map(|i| {
            tables
                .iter()
                .flat_map(shown)
                .map(|r| r.cells[i].chars().count())
                .chain([names[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = " ".repeat(label_w);
    for (n, w) in names.iter().zip(&col_w) {
        out.push_str(&format!("  {n:>w$}"));
    }
    out.push('\n');
    for t in tables {
        // Headings may run into the value columns: they sit on lines of their own.
        out.push_str(&format!("{}\n", t.caption));
        for r in shown(t) {
            out.push_str(&format!("  {:<w$}", r.label, w = label_w - 2));
            for (cell, w) in r.cells.iter().zip(&col_w) {
                out.push_str(&format!("  {cell:>w$}"));
            }
            out.push('\n');
        }
    }
    out
}

/// The table of a sweep, as text: one row per point, per strategy the median with its P10-P90
/// range and, after the baseline, P(beats the baseline).
pub fn render_sweep(
    axes: &[crate::whatif::sweep::Axis],
    points: &[crate::whatif::sweep::SweepPoint],
) -> String {
    let Some(first) = points.first() else {
        return String::new();
    };
    let mut header: Vec<String> = axes.iter().map(|a| a.key.short().to_string()).collect();
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

/// The tornado as a text table (the values as the chart shows them), and the three inputs that matter most in plain words.
pub fn render_sensitivity(
    scenario: &crate::model::scenario::Scenario,
    index: usize,
    s: &crate::whatif::sensitivity::Sensitivity,
) -> String {
    let inputs = &scenario.strategies[index].inputs;
    let value = input_value_in_unit;
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
        "variance".to_string(),
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
            s.variance_share(b.key)
                .map_or("-".into(), |v| format!("{:.0}%", v * 100.0)),
        ]);
    }
    out.push_str(&grid_text(&rows));
    out.push_str(
        "\nswing: the output with the input fixed at its P10 and at its P90 for every draw\n\
         (an extreme no future looks like for inputs drawn each week or each deal).\n\
         variance: the input's share of the spread of rep revenue with every input random\n\
         (squared correlation of each rep's value of it with the rep's revenue; the shares\n\
         split the part the inputs explain, summing to 100%).\n",
    );
    if s.moves_nothing() {
        out.push_str(&format!(
            "\nNo input moves {}'s {}: it is {} whichever way each input is fixed, so there is \
             nothing to rank.\n",
            s.strategy,
            s.output.label(),
            output_value(s.output, s.base)
        ));
        return out;
    }
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
