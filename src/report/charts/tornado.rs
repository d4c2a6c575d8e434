//! `tornado.png`, written by `sensitivity`: one horizontal bar per uncertain input of a
//! strategy, from the output with the input fixed at its P10 to the output with it at its P90,
//! around a vertical line at the output with every input random; the largest swing on top.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::data::{tornado_extent, tornado_order, tornado_segments};
use super::parts::*;
use super::style::*;
use super::{Drawing, provenance};
use crate::model::scenario::Scenario;
use crate::report::format::*;
use crate::whatif::sensitivity::{Bar, Factor, Output, Sensitivity};

/// Widest the input column may be, as a share of the chart's width.
const LABEL_COLUMN_MAX: f64 = 0.36;
/// Share of a row a bar fills.
const BAR_FILL: f64 = 0.56;
/// Room over the top bar for the base line's label, in rows.
const HEADROOM: f64 = 0.75;
/// How much lighter the P10 side of a bar is than the P90 side.
const LOW_TINT: f64 = 0.55;
/// Gap between the plot's bottom and the footnote of the `*` mark under the input column, in
/// pixels.
const STAR_NOTE_TOP: i32 = 10;
/// Room the footnote of the `*` mark leaves at its right for the first value tick label, which
/// is centred on the plot's left edge and reaches into the input column, in pixels.
const STAR_NOTE_CLEARANCE: i32 = 48;

/// Height of a line of the footnote of the `*` mark, in pixels.
fn star_line_height() -> i32 {
    (NOTE_SIZE * 1.3) as i32
}

/// The tornado of one sensitivity analysis.
pub struct TornadoChart<'a> {
    /// The scenario as analysed (trials and seed after any override).
    pub scenario: &'a Scenario,
    /// The analysis.
    pub analysis: &'a Sensitivity,
}

impl Drawing for TornadoChart<'_> {
    fn file_stem(&self) -> &'static str {
        "tornado"
    }

    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> ChartResult<(), DB> {
        draw(root, self.scenario, self.analysis)
    }
}

fn draw<DB: DrawingBackend>(
    root: &Area<DB>,
    scenario: &Scenario,
    s: &Sensitivity,
) -> ChartResult<(), DB> {
    let sim = scenario.simulation;
    let index = scenario
        .strategies
        .iter()
        .position(|x| x.name == s.strategy)
        .unwrap_or(0);
    let colour = strategy_colour(index);
    let low = tint(colour, LOW_TINT);
    let (lo_pct, hi_pct) = sensitivity_percents();
    let legend = vec![
        LegendItem {
            swatch: Swatch::Solid(low),
            text: format!("the input fixed at its P{lo_pct}"),
        },
        LegendItem {
            swatch: Swatch::Solid(colour),
            text: format!("the input fixed at its P{hi_pct}"),
        },
    ];
    let output = s.output.label();
    let field_words = if s.targets > 0 {
        format!(
            " On the playing field an input is fixed in all {} targets at once, each at its \
             own P{lo_pct} or P{hi_pct} (its share sums over them).",
            s.targets
        )
    } else {
        String::new()
    };
    // Part B's inputs have a bar but no share of variance: the run keeps no rep's value of them.
    let part_b_words = if s.bars.iter().any(|b| matches!(b.key, Factor::PartB(_))) {
        " Selling hours and the expansion inputs are fixed for the whole team: no share."
    } else {
        ""
    };
    let bars = tornado_order(&s.bars);
    let ranked = !bars.is_empty() && !s.moves_nothing();
    let name_style = font(LEGEND_SIZE, TEXT);
    let value_style = font(NOTE_SIZE, MUTED);
    let range_words = |b: &Bar| {
        let variance = s.variance_share(b.key).map_or(String::new(), |v| {
            format!(" · {:.0}% of variance", v * 100.0)
        });
        let star = if b.differs_by_target() { " *" } else { "" };
        format!(
            "P{lo_pct} {} → P{hi_pct} {}{star}{variance}",
            factor_value_in_unit(b.key, b.values.0),
            factor_value_in_unit(b.key, b.values.1)
        )
    };
    // The input column, as wide as its widest words (the frame leaves the plot the full width).
    let mut column = 0;
    for b in &bars {
        column = column
            .max(text_width(root, b.key.label(), &name_style)?)
            .max(text_width(root, &range_words(b), &value_style)?);
    }
    let (bw, _) = root.dim_in_pixel();
    let column = (column + MARGIN + 16).min((f64::from(bw) * LABEL_COLUMN_MAX) as i32);
    // The terminal's mark and its footnote: an input the targets draw from different
    // distributions shows the first target's P10 and P90, which are not every target's. The
    // footnote goes under the input column, beside the value axis, when it fits there (a line
    // more under the chart would take a line from the bars), else under the chart.
    let mut note = provenance(scenario);
    let mut star_lines = Vec::new();
    if ranked && bars.iter().any(|b| b.differs_by_target()) {
        let words = by_target_footnote();
        let lines = wrap(
            root,
            &words,
            &value_style,
            column - MARGIN - STAR_NOTE_CLEARANCE,
        )?;
        if lines.len() as i32 * star_line_height() <= X_LABEL_AREA as i32 - STAR_NOTE_TOP {
            star_lines = lines;
        } else {
            note.push_str(" · ");
            note.push_str(&words);
        }
    }
    let frame_spec = Frame {
        title: format!("What moves {}'s {output}", s.strategy),
        subtitle: format!(
            "Each bar: {}'s {output} with one input fixed at its P{lo_pct} or P{hi_pct} for \
             every draw, the others random, on the same {} over {}. Under each input: its \
             share of the variance of rep revenue (a rep's value of it and the rep's revenue, \
             correlated and squared; shares sum to 100%). An input drawn each week or deal, fixed, \
             is an extreme no future sees, and its draws average out within a rep: a wide bar \
             can have a small share.{field_words}{part_b_words}",
            s.strategy,
            counted(sim.trials, "future"),
            counted(u64::from(sim.weeks), "week"),
        ),
        legend,
        note,
    };
    let body = frame(root, &frame_spec)?;
    if !ranked {
        let (w, h) = body.dim_in_pixel();
        let words = if bars.is_empty() {
            "Every input of this strategy is a constant: there is nothing to rank.".to_string()
        } else {
            format!(
                "No input moves the {output}: it is {} whichever way each input is fixed.",
                output_value(s.output, s.base)
            )
        };
        return text(
            &body,
            &words,
            (w as i32 / 2, h as i32 / 2),
            &font(AXIS_DESC_SIZE, MUTED),
            (HPos::Center, VPos::Center),
        );
    }
    let (_, plot_area) = body.split_horizontally(column as u32);

    let n = bars.len() as f64;
    let rows: Vec<Interval> = bars
        .iter()
        .map(|b| Interval {
            colour,
            p5: b.outputs.0.min(b.outputs.1),
            p50: s.base,
            p95: b.outputs.0.max(b.outputs.1),
            mean: s.base,
        })
        .collect();
    let (lo, hi) = tornado_extent(s.base, &s.bars);
    let (lo, hi) = strip_range(lo, hi, &rows, None);
    let mut chart = ChartBuilder::on(&plot_area)
        .margin_top(6)
        .margin_right(PLOT_RIGHT_MARGIN)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(0)
        .build_cartesian_2d(lo..hi, 0.0..n + HEADROOM)?;
    let x_desc = capitalise(&format!(
        "{}'s {output} over {}",
        s.strategy,
        counted(u64::from(sim.weeks), "week")
    ));
    let fmt = |v: &f64| match s.output {
        Output::Revenue => money_tick(v),
        Output::Deals => number_tick(v),
        Output::PBetter => percent_tick(&(v * 100.0)),
    };
    let mut mesh = chart.configure_mesh();
    mesh.disable_y_mesh()
        .x_desc(x_desc)
        .x_labels(8)
        .y_labels(0)
        .x_label_formatter(&fmt);
    house_mesh(&mut mesh, font(AXIS_DESC_SIZE, TEXT)).draw()?;
    let label = font(ANNOTATION_SIZE, TEXT);
    let half = BAR_FILL / 2.0;
    for (i, b) in bars.iter().enumerate() {
        let y = n - i as f64 - 0.5;
        let (low_part, high_part) = tornado_segments(s.base, b);
        for ((a, z), c) in [(low_part, low), (high_part, colour)] {
            if a != z {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(a.min(z), y - half), (a.max(z), y + half)],
                    c.filled(),
                )))?;
            }
        }
        // The outputs beside the ends of the bar.
        let (x_left, py) = chart.backend_coord(&(b.outputs.0.min(b.outputs.1), y));
        let (x_right, _) = chart.backend_coord(&(b.outputs.0.max(b.outputs.1), y));
        let (left_v, right_v) = if b.outputs.0 <= b.outputs.1 {
            (b.outputs.0, b.outputs.1)
        } else {
            (b.outputs.1, b.outputs.0)
        };
        if x_right - x_left < 3 {
            // Too narrow for a label at each end: one label, not the same number twice. A swing
            // too small to see still has a size, and "either way" would hide it (selling hours
            // that barely bind move revenue by thousands, not by nothing).
            text(
                root,
                &narrow_words(s.output, b.outputs, lo_pct, hi_pct),
                (x_right + 8, py),
                &label,
                (HPos::Left, VPos::Center),
            )?;
        } else {
            text(
                root,
                &output_value(s.output, left_v),
                (x_left - 8, py),
                &label,
                (HPos::Right, VPos::Center),
            )?;
            text(
                root,
                &output_value(s.output, right_v),
                (x_right + 8, py),
                &label,
                (HPos::Left, VPos::Center),
            )?;
        }
        // The input in words, its range underneath, right-aligned against the plot.
        let lx = column - 10;
        text(
            root,
            b.key.label(),
            (lx, py - 2),
            &name_style,
            (HPos::Right, VPos::Bottom),
        )?;
        text(
            root,
            &range_words(b),
            (lx, py + 2),
            &value_style,
            (HPos::Right, VPos::Top),
        )?;
    }
    // The footnote of the mark, under the input column.
    let (_, axis_top) = chart.backend_coord(&(lo, 0.0));
    for (k, line) in star_lines.iter().enumerate() {
        text(
            root,
            line,
            (
                MARGIN,
                axis_top + STAR_NOTE_TOP + star_line_height() * k as i32,
            ),
            &value_style,
            (HPos::Left, VPos::Top),
        )?;
    }
    // The base: every input random.
    let (bx, top) = chart.backend_coord(&(s.base, n + HEADROOM));
    let (_, bottom) = chart.backend_coord(&(s.base, 0.0));
    root.draw(&PathElement::new(
        vec![(bx, top + 4), (bx, bottom)],
        REFERENCE.stroke_width(2),
    ))?;
    let base_words = format!("every input random: {}", output_value(s.output, s.base));
    let base_style = font(ANNOTATION_SIZE, REFERENCE);
    let w = text_width(root, &base_words, &base_style)?;
    let (px, _) = chart.plotting_area().get_pixel_range();
    // Right of the line when it fits, else left of it.
    let (x, anchor) = if bx + 8 + w <= px.end {
        (bx + 8, HPos::Left)
    } else {
        (bx - 8, HPos::Right)
    };
    text(
        root,
        &base_words,
        (x, top + 6),
        &base_style,
        (anchor, VPos::Top),
    )?;
    Ok(())
}

/// The label of a bar too narrow to label at both ends, from its `outputs` at the P`lo` and the
/// P`hi`: "$2.09M either way" when they are equal, else the output at the P`lo` and how far the
/// P`hi` moves it ("$2.09M at P10, +$4.58k at P90"), the swing the terminal prints.
pub fn narrow_words(output: Output, outputs: (f64, f64), lo: f64, hi: f64) -> String {
    let (at_low, at_high) = outputs;
    if at_low == at_high {
        return format!("{} either way", output_value(output, at_low));
    }
    let sign = if at_high > at_low { '+' } else { '-' };
    format!(
        "{} at P{lo}, {sign}{} at P{hi}",
        output_value(output, at_low),
        output_value(output, (at_high - at_low).abs())
    )
}
