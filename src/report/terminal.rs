//! Tables as text for the terminal: the run's comparison table (from the shared
//! [`crate::report::table`] model, headline rows only) and the what-if commands' tables.

use crate::analysis::field::FieldSummary;
use crate::analysis::part_b::PartBSummary;
use crate::analysis::summary::RunSummary;
use crate::report::format::{
    by_target_footnote, counted, display_width, hours, money, money_short, output_value, pad_left,
    pad_right, percent, percent_short, short_number, tenths,
};
use crate::report::table::{Detail, Row, Table, business_case_tables, summary_tables};
use crate::whatif::sensitivity::Factor;

/// The width the terminal tables fit in, in terminal cells: the classic terminal, which is also
/// what a pasted table in an e-mail or a ticket keeps.
pub const WIDTH: usize = 80;

/// Narrowest the label column is wrapped to before the strategies are split into blocks.
const MIN_LABEL: usize = 24;

/// The comparison table printed at the end of a run: the summary tables, then the business
/// case when the run has one (`discount_rate`, a yearly fraction, is its rate), in one grid
/// whose columns line up across tables, [`WIDTH`] cells wide at most.
pub fn render(summary: &RunSummary, discount_rate: Option<f64>) -> String {
    let mut tables = summary_tables(summary);
    if let Some(rate) = discount_rate.map(percent_short) {
        // Before the comparison with the baseline, which closes the table.
        let last = tables.pop();
        tables.extend(business_case_tables(summary, &rate));
        tables.extend(last);
    }
    let mut out = format!(
        "{} x {} x {}, seed {}\n\n",
        counted(summary.trials, "trial"),
        counted(summary.reps.into(), "rep"),
        counted(summary.weeks.into(), "week"),
        summary.seed
    );
    out.push_str(&layout(&tables, WIDTH));
    for s in &summary.strategies {
        if let Some(field) = &s.playing_field {
            out.push('\n');
            out.push_str(&field_block(&s.name, field));
        }
        if let Some(b) = &s.part_b {
            out.push('\n');
            out.push_str(&part_b_block(&s.name, b));
        }
    }
    out
}

/// Part B's lines of a strategy (after its playing-field block): revenue from new logos and
/// expansion, the customers, the selling week per seated rep-week and how often the squeeze
/// binds, the seats (only with turnover).
fn part_b_block(name: &str, b: &PartBSummary) -> String {
    let c = &b.customers;
    let h = &b.hours_per_seated_rep_week;
    let mut out = format!(
        "The rest of the week of {name}, means over futures\n  revenue: new logos {}, expansion {}\n  customers: {} at the start, {} at the end ({} lost, {} won deals joined); {} touches, {} expansions\n",
        money_short(b.revenue_new_logos.mean),
        money_short(b.revenue_expansion.mean),
        tenths(c.start.mean),
        tenths(c.end.mean),
        tenths(c.churned.mean),
        tenths(c.joined.mean),
        tenths(c.touches.mean),
        tenths(c.expansions.mean),
    );
    out.push_str(&format!(
        "  a seated rep-week: meetings {}, proposals {}, customer touches {}, squeezed out of prospecting {}\n",
        hours(h.appointments),
        hours(h.proposals),
        hours(h.touches),
        hours(h.squeezed),
    ));
    if let Some(rule) = b.when_full {
        out.push_str(&format!(
            "  selling hours available {} ({rule}); the work exceeds them in {} of seated rep-weeks\n",
            hours(h.selling_available),
            percent(b.squeeze_binds_share),
        ));
    }
    let t = &b.team;
    if t.hires.mean > 0.0 || t.rep_weeks_vacant.mean > 0.0 {
        out.push_str(&format!(
            "  seats: {} rep-weeks vacant, {} in ramp, {} productive (expected {}), {} hires\n",
            tenths(t.rep_weeks_vacant.mean),
            tenths(t.rep_weeks_in_ramp.mean),
            tenths(t.productive_rep_weeks.mean),
            tenths(t.productive_rep_weeks_expected),
            tenths(t.hires.mean),
        ));
    }
    out
}

/// A playing-field strategy's lines after the table: per segment the mean revenue, the
/// list-out week (median and P10-P90 over reps and futures), the share of reps whose list never
/// runs out, accounts touched and left fresh; the hours a rep-week finds no one to call; per
/// target the mean revenue, first appointments ("meetings"), first passes and re-touches.
fn field_block(name: &str, field: &FieldSummary) -> String {
    let week = |w: Option<f64>| w.map_or("never".to_string(), short_number);
    let mut segments = vec![cells(&[
        "segment",
        "revenue",
        "list out, week",
        "never out",
        "touched",
        "left fresh",
    ])];
    for seg in field.segments.iter().filter(|s| s.worked) {
        let l = &seg.list_out_week;
        let (list_out, left) = if seg.unlimited {
            ("unlimited".to_string(), "unlimited".to_string())
        } else if l.p10.is_none() {
            // Even the reps who run out first (P10) never do.
            ("never".to_string(), tenths(seg.at_horizon.fresh.mean))
        } else {
            (
                format!("{} ({}-{})", week(l.p50), week(l.p10), week(l.p90)),
                tenths(seg.at_horizon.fresh.mean),
            )
        };
        segments.push(vec![
            seg.name.clone(),
            money_short(seg.revenue.mean),
            list_out,
            percent(l.share_never),
            tenths(seg.touched.mean),
            left,
        ]);
    }
    // Short headings: a target's label (segment, contact) is long, and the block keeps to
    // the table's 80 cells.
    let mut targets = vec![cells(&[
        "target",
        "revenue",
        "meetings",
        "1st passes",
        "re-touches",
    ])];
    for t in &field.targets {
        targets.push(vec![
            format!("{}, {}", t.segment, t.contact),
            money_short(t.revenue.mean),
            tenths(t.appointments.mean),
            tenths(t.first_passes.mean),
            tenths(t.retouches.mean),
        ]);
    }
    let h = &field.hours_per_rep_week;
    format!(
        "Playing field of {name} ({} of the hours), means over futures\n{}  a rep-week: research {}, dialing {}, idle (no one left to call) {}\n{}",
        field.allocation,
        columns(&segments),
        hours(h.research.mean),
        hours(h.dialing.mean),
        hours(h.idle.mean),
        columns(&targets),
    )
}

fn cells(text: &[&str]) -> Vec<String> {
    text.iter().map(|t| t.to_string()).collect()
}

/// Rows as indented columns two cells apart: the first left-aligned, the others right-aligned.
fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| display_width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::from("  ");
        for (i, (c, w)) in r.iter().zip(&widths).enumerate() {
            if i == 0 {
                line.push_str(&pad_right(c, *w));
            } else {
                line.push_str("  ");
                line.push_str(&pad_left(c, *w));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Tables as text at most `width` cells wide (unless a single value column is wider): a line
/// of strategy names, then per table a heading line and its rows, indented, the label column
/// left-aligned and the values right-aligned under the names. Widths are display widths, so
/// CJK names line up. When the strategies do not fit side by side, labels wrap onto more lines
/// (down to [`MIN_LABEL`] cells), and then the strategies are split into blocks of equal size,
/// each a full table with the same labels.
fn layout(tables: &[Table], width: usize) -> String {
    let shown = |t: &'_ Table| -> Vec<Row> {
        t.rows
            .iter()
            .filter(|r| r.detail == Detail::Both)
            .cloned()
            .collect()
    };
    let names = tables.first().map_or(&[][..], |t| &t.columns[..]);
    let rows: Vec<Vec<Row>> = tables.iter().map(shown).collect();
    let label_w = rows
        .iter()
        .flatten()
        .map(|r| display_width(&r.label))
        .max()
        .unwrap_or(0);
    let col_w: Vec<usize> = (0..names.len())
        .map(|i| {
            rows.iter()
                .flatten()
                .map(|r| display_width(&r.cells[i]))
                .chain([display_width(&names[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Two cells of indent before a label, two before each value.
    let values_w = |cols: &[usize]| cols.iter().map(|w| w + 2).sum::<usize>();
    let n = names.len();
    let (blocks, label_room) = (1..=n.max(1))
        .map(|k| {
            let size = n.div_ceil(k).max(1);
            let blocks: Vec<std::ops::Range<usize>> =
                (0..n).step_by(size).map(|a| a..(a + size).min(n)).collect();
            let widest = blocks
                .iter()
                .map(|b| values_w(&col_w[b.clone()]))
                .max()
                .unwrap_or(0);
            (blocks, width.saturating_sub(2 + widest))
        })
        .find(|(_, room)| *room >= label_w.min(MIN_LABEL))
        // Not even one strategy a block fits: one a block, as narrow as the labels allow.
        .unwrap_or_else(|| ((0..n).map(|i| i..i + 1).collect(), MIN_LABEL));
    let label_w = label_w.min(label_room);
    let mut out = String::new();
    for (b, block) in blocks.iter().enumerate() {
        if b > 0 {
            out.push('\n');
        }
        let line = |label: &str, cells: &[String]| {
            let mut text = pad_right(label, label_w);
            for (cell, w) in cells[block.clone()].iter().zip(&col_w[block.clone()]) {
                text.push_str("  ");
                text.push_str(&pad_left(cell, *w));
            }
            text.trim_end().to_string() + "\n"
        };
        out.push_str(&format!("  {}", line("", names)));
        for (t, rows) in tables.iter().zip(&rows) {
            // Headings may run into the value columns: they sit on lines of their own.
            out.push_str(&format!("{}\n", t.caption));
            for r in rows {
                let wrapped = textwrap::wrap(&r.label, label_w.max(1));
                let (last, first) = wrapped
                    .split_last()
                    .map_or((None, &[][..]), |(l, f)| (Some(l), f));
                for part in first {
                    out.push_str(&format!("  {}\n", part));
                }
                out.push_str(&format!(
                    "  {}",
                    line(last.map_or("", |l| l.as_ref()), &r.cells)
                ));
            }
        }
    }
    out
}

/// The table of a sweep, as text: one row per point, per strategy the median with its P10-P90
/// range and, after the baseline, P(the strategy beats the baseline).
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
            // The strategy is named: when the table is split into blocks, this column may
            // stand apart from the strategy's median.
            header.push(format!("P({} beats {baseline})", s.name));
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

/// Rows of cells as aligned text (widths in terminal cells): the first column left-aligned, the
/// others right-aligned. When the columns do not fit [`WIDTH`], the others are split into
/// blocks one after the other, each with the first column again, packed as full as fits (a
/// single column wider than that stands alone).
fn grid_text(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| display_width(x))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let first = widths.first().copied().unwrap_or(0);
    let mut blocks: Vec<std::ops::Range<usize>> = Vec::new();
    let mut used = first;
    for (c, w) in widths.iter().enumerate().skip(1) {
        match blocks.last_mut() {
            Some(b) if used + 2 + w <= WIDTH => b.end = c + 1,
            _ => {
                blocks.push(c..c + 1);
                used = first;
            }
        }
        used += 2 + w;
    }
    if blocks.is_empty() {
        blocks.push(1..cols.max(1));
    }
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for r in rows {
            let mut line = pad_right(r.first().map_or("", |c| c.as_str()), first);
            for c in block.clone() {
                line.push_str("  ");
                line.push_str(&pad_left(r.get(c).map_or("", |c| c.as_str()), widths[c]));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
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
    let value = crate::report::format::factor_value_in_unit;
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
        let rho = s.correlation(b.key);
        rows.push(vec![
            b.key.label().to_string(),
            format!(
                "{} -> {}{}",
                value(b.key, b.values.0),
                value(b.key, b.values.1),
                if b.differs_by_target() { " *" } else { "" }
            ),
            output_value(s.output, b.outputs.0),
            output_value(s.output, b.outputs.1),
            output_value(s.output, b.swing()),
            rho.map_or("-".into(), |r| format!("{r:+.2}")),
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
    if s.targets > 0 {
        let star = if s.bars.iter().any(|b| b.differs_by_target()) {
            format!(" {}", by_target_footnote())
        } else {
            String::new()
        };
        let words = format!(
            "On the playing field each input is fixed in all {} of {}'s targets at once, each at \
             the P10 or P90 of its own distribution; a rep draws it once per target, and its \
             variance share adds the squared correlations of those draws (rank corr.: '-' when \
             two or more targets draw it).{star}",
            s.targets, s.strategy
        );
        for line in textwrap::wrap(&words, WIDTH) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    if s.bars.iter().any(|b| matches!(b.key, Factor::PartB(_))) {
        let words = "Selling hours and the expansion inputs are the field's ([selling], \
                     [installed_base]): a bar fixes them for the whole team. The run keeps no \
                     rep's value of them, so they have no rank correlation or share of variance \
                     ('-'): the shares split what the strategy's own inputs explain.";
        for line in textwrap::wrap(words, WIDTH) {
            out.push_str(&line);
            out.push('\n');
        }
    }
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
        // On the playing field the text is the first target's, as are the values when the
        // targets draw the input differently.
        let (text, whose) = match (b.key, s.targets > 0, b.differs_by_target()) {
            // Part B's inputs are the field's, one for every target.
            (Factor::PartB(k), _, _) => (
                scenario
                    .part_b_input(k)
                    .map_or(String::new(), |i| i.text.clone()),
                "",
            ),
            (Factor::Strategy(k), false, _) => (inputs.get(k).text.clone(), ""),
            (Factor::Strategy(k), true, false) => (inputs.get(k).text.clone(), " in every target"),
            (Factor::Strategy(k), true, true) => (
                format!("first target: {}", inputs.get(k).text),
                " in every target (the first target's shown)",
            ),
        };
        let sentence = format!(
            "{}. {} ({}): going from its P10 ({}) to its P90 ({}){whose} {} it from {} to {}.",
            i + 1,
            b.key.label(),
            text,
            value(b.key, b.values.0),
            value(b.key, b.values.1),
            direction,
            output_value(s.output, b.outputs.0),
            output_value(s.output, b.outputs.1),
        );
        // Sentences wrap at the table's width, under their first word.
        let options = textwrap::Options::new(WIDTH)
            .initial_indent("  ")
            .subsequent_indent("     ");
        for line in textwrap::wrap(&sentence, options) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    if s.bars.is_empty() {
        out.push_str("  nothing: every input of this strategy is a constant.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::Row;

    fn table(caption: &str, columns: &[&str], rows: &[(&str, &[&str])]) -> Table {
        Table {
            caption: caption.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|(label, cells)| Row {
                    label: label.to_string(),
                    cells: cells.iter().map(|c| c.to_string()).collect(),
                    detail: Detail::Both,
                })
                .collect(),
        }
    }

    #[test]
    fn wide_grids_split_into_blocks_that_repeat_the_first_column() {
        let long = "x".repeat(40);
        let rows = vec![
            vec!["k".to_string(), "名前".into(), long.clone(), "1".into()],
            vec!["0.5".to_string(), "a".into(), "b".into(), "22".into()],
        ];
        // 3 + 2 + 4 + 2 + 40 = 51 fits, + 2 + 2 = 55 too: one block at 80 cells.
        assert_eq!(
            grid_text(&rows),
            format!(
                "k    名前  {long}   1\n0.5     a  {}b  22\n",
                " ".repeat(39)
            )
        );
        let wide = vec![
            vec!["k".to_string(), long.clone(), long.clone()],
            vec!["0.5".to_string(), "a".into(), "b".into()],
        ];
        // 3 + 42 + 42 = 87 > 80: the second column starts a block of its own.
        let pad = " ".repeat(39);
        assert_eq!(
            grid_text(&wide),
            format!("k    {long}\n0.5  {pad}a\n\nk    {long}\n0.5  {pad}b\n")
        );
    }

    #[test]
    fn columns_line_up_by_display_width() {
        // "東京" takes four cells: its column is four wide, and "$22" is padded by one.
        let t = table(
            "T",
            &["a", "東京"],
            &[("mean", &["$1", "$22"]), ("a longer label", &["1", "2"])],
        );
        // Indent 2, label 14, gap 2, "a" right-aligned in 2: 19 spaces before "a".
        let header = format!("{}a  東京\n", " ".repeat(19));
        assert_eq!(
            layout(&[t], 80),
            header + "T\n  mean            $1   $22\n  a longer label   1     2\n"
        );
    }

    #[test]
    fn long_labels_wrap_before_the_values_do_not_fit() {
        // 40 cells: 2 + 2 + 2 + 2 + 4 for the values leave 28 for the label, which wraps there.
        let t = table(
            "T",
            &["a", "東京"],
            &[(
                "share of futures paid back within the horizon",
                &["1%", "2%"],
            )],
        );
        // Indent 2, label 28, gap 2, "a" right-aligned in 2: 33 spaces before "a"; the last
        // line of the label (18 cells) is padded by 10 to 28, then a gap of 2.
        let header = format!("{}a  東京\n", " ".repeat(33));
        let last = format!("  within the horizon{}1%    2%\n", " ".repeat(12));
        assert_eq!(
            layout(&[t], 40),
            header + "T\n  share of futures paid back\n" + &last
        );
    }

    #[test]
    fn four_strategies_with_a_cjk_name_fit_80_cells() {
        let names = ["bottom-up", "top-down", "東京チーム", "70/30"];
        let wide = [
            "$1,357,792",
            "not within the horizon",
            "> 1,000% (in 99.0%)",
            "-",
        ];
        let t = table(
            "Each strategy on its own",
            &names,
            &[
                ("share of futures paid back within the horizon", &wide),
                ("mean", &["$1", "$2", "$3", "$4"]),
            ],
        );
        let text = layout(&[t], WIDTH);
        assert!(text.lines().all(|l| display_width(l) <= WIDTH), "{text}");
        // Every strategy is shown once, and every value ends where its name ends.
        let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("   ")).collect();
        assert!(headers.len() >= 2, "{text}");
        for name in names {
            assert_eq!(text.matches(name).count(), 1, "{text}");
        }
        for block in text.split("\n\n") {
            let lines: Vec<&str> = block.lines().collect();
            let header = lines[0];
            let ends: Vec<usize> = names
                .iter()
                .filter_map(|n| {
                    header
                        .find(n)
                        .map(|i| display_width(&header[..i + n.len()]))
                })
                .collect();
            let value_line = lines.last().unwrap();
            assert_eq!(display_width(value_line), *ends.last().unwrap(), "{block}");
            for (i, n) in names.iter().enumerate() {
                if let Some(at) = header.find(n) {
                    let end = display_width(&header[..at + n.len()]);
                    let cell = ["$1", "$2", "$3", "$4"][i];
                    let at = value_line.find(cell).unwrap();
                    assert_eq!(
                        display_width(&value_line[..at + cell.len()]),
                        end,
                        "{block}"
                    );
                }
            }
        }
    }
}
