//! `difference.png`: the paired difference in team revenue, each strategy minus the baseline,
//! trial by trial, with the share of futures in which each side books more written on it.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::data::{Scale, histograms_on, value_axis};
use super::parts::*;
use super::style::*;
use crate::report::format::*;

/// Size of the "books more in N% of futures" text.
const VERDICT_SIZE: f64 = 26.0;
/// Pixels from the top of the plot to the first verdict (under the zero line's label).
const VERDICT_TOP: i32 = 38;

/// For a single comparison: who books more how often, and how often they tie, each in the
/// colour of the strategy it speaks for.
fn verdicts(input: &ChartInput<'_>) -> Vec<(String, RGBColor)> {
    let (c, d) = (&input.summary.comparisons[0], &input.differences[0]);
    let values = &d.values;
    let n = values.len().max(1) as f64;
    let below = values.partition_point(|v| *v < 0.0);
    let ties = values.partition_point(|v| *v <= 0.0) - below;
    let mut lines = vec![
        (
            format!(
                "{} books more in {} of futures",
                c.strategy,
                share(c.p_better)
            ),
            strategy_colour(d.strategy),
        ),
        (
            format!("{} books more in {}", c.baseline, share(below as f64 / n)),
            strategy_colour(0),
        ),
    ];
    let tie_share = ties as f64 / n;
    if tie_share >= 0.0005 {
        lines.push((
            format!("the same revenue in {}", share(tie_share)),
            REFERENCE,
        ));
    }
    lines
}

/// A verdict `words` ("NAME books more in ...") no wider than `width`: the name before
/// " books more" (or the whole text when there is none) shortened with an ellipsis, the
/// numbers kept.
fn fit_name_in<DB: DrawingBackend>(
    root: &Area<DB>,
    words: &str,
    style: &TextStyle<'static>,
    width: i32,
) -> ChartResult<String, DB> {
    let Some(at) = words.find(" books more") else {
        return fit(root, words, style, width);
    };
    let (name, rest) = words.split_at(at);
    let room = width - text_width(root, rest, style)?;
    Ok(format!("{}{rest}", fit(root, name, style, room.max(0))?))
}

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let names: Vec<&str> = input.names().collect();
    let baseline = names.first().copied().unwrap_or("baseline");
    let comparisons = &input.summary.comparisons;
    let single = input.differences.len() == 1;
    let legend = comparisons
        .iter()
        .zip(&input.differences)
        .map(|(c, d)| LegendItem {
            swatch: Swatch::Fill(strategy_colour(d.strategy)),
            text: if single {
                format!(
                    "{} minus {}: mean {}, median {}",
                    c.strategy,
                    c.baseline,
                    signed_money_short(c.revenue_difference.mean),
                    signed_money_short(c.revenue_difference.p50)
                )
            } else {
                format!(
                    "{} minus {}: books more in {} of futures, mean {}",
                    c.strategy,
                    c.baseline,
                    share(c.p_better),
                    signed_money_short(c.revenue_difference.mean)
                )
            },
        })
        .collect();
    let title = if single {
        // A name keeps the case its user gave it, so the title does not start with one.
        format!(
            "Revenue difference, future by future: {} against {baseline}",
            names[1]
        )
    } else {
        format!("Each strategy against {baseline}: revenue difference, future by future")
    };
    let frame_spec = Frame {
        title,
        subtitle: format!(
            "Every one of the {} is run for each strategy with the same luck \
             (paired draws), so each difference shows the strategy alone. Right of zero the \
             strategy books more over {}. Above: P5 to P95, median (|), mean (◆).",
            counted(sim.trials, "simulated future"),
            counted(u64::from(sim.weeks), "week")
        ),
        legend,
        note: String::new(),
    };
    let sorted: Vec<&[f64]> = input
        .differences
        .iter()
        .map(|d| d.values.as_slice())
        .collect();
    // Differences can be negative: a linear axis, clipped closer to the body when a heavy
    // tail would otherwise set it.
    let axis = value_axis(&sorted, false);
    let hist = histograms_on(&sorted, &axis, Some(0.0));
    let mut note = input.provenance();
    if let Some(beyond) = beyond_note(&axis, hist.outside(), "future") {
        note.push_str(" · ");
        note.push_str(&beyond);
    }
    let frame_spec = Frame { note, ..frame_spec };
    let body = frame(root, &frame_spec)?;
    if input.differences.is_empty() {
        let (w, h) = body.dim_in_pixel();
        return text(
            &body,
            "The scenario has one strategy: there is nothing to compare.",
            (w as i32 / 2, h as i32 / 2),
            &font(VERDICT_SIZE, MUTED),
            (HPos::Center, VPos::Center),
        );
    }
    let width = hist.unit;
    let rows: Vec<Interval> = comparisons
        .iter()
        .zip(&input.differences)
        .map(|(c, d)| Interval {
            colour: strategy_colour(d.strategy),
            p5: c.revenue_difference.p5,
            p50: c.revenue_difference.p50,
            p95: c.revenue_difference.p95,
            mean: c.revenue_difference.mean,
        })
        .collect();
    // Zero is always on the axis, a bin's width away from the edge.
    let (lo, hi) = strip_range(hist.lo.min(-width), hist.hi.max(width), &rows, None);
    let strip_h = INTERVAL_ROW * hist.bins.len() as u32;
    let (strip, plot_area) = body.split_vertically(strip_h);
    let mut verdicts = if single { verdicts(input) } else { Vec::new() };
    // Headroom over the bars for the zero label and the verdicts.
    let line = (VERDICT_SIZE * 1.35) as i32;
    let block_h = f64::from(VERDICT_TOP + line * verdicts.len() as i32 + 12);
    let plot_h = f64::from(plot_area.dim_in_pixel().1.saturating_sub(X_LABEL_AREA + 6)).max(1.0);
    let y_max = hist.max_density() * plot_h / (plot_h - block_h).max(plot_h * 0.3);
    let mut chart = plot(&plot_area, lo..hi, 0.0..y_max.max(1e-9), true)?;
    let x_desc = format!(
        "Difference in team revenue over {} (strategy minus {baseline})",
        counted(u64::from(sim.weeks), "week")
    );
    let y_desc = format!("Share of futures per {} (%)", money_short(width));
    axes(
        &mut chart,
        &Axes {
            x_desc: &x_desc,
            y_desc: &y_desc,
            x_ticks: 10,
            y_ticks: 8,
            x_fmt: &money_tick,
            y_fmt: &percent_tick,
        },
    )?;
    for (b, d) in hist.bins.iter().zip(&input.differences) {
        histogram(&mut chart, b, hist.unit, strategy_colour(d.strategy))?;
    }
    chart.draw_series(LineSeries::new(
        [(0.0, 0.0), (0.0, y_max)],
        REFERENCE.stroke_width(2),
    ))?;
    let (zx, top) = chart.backend_coord(&(0.0, y_max));
    let (px, _) = chart.plotting_area().get_pixel_range();
    let zero_label = "no difference";
    let zero_style = font(ANNOTATION_SIZE, REFERENCE);
    let zw = text_width(root, zero_label, &zero_style)?;
    if zx + 8 + zw <= px.end {
        text(
            root,
            zero_label,
            (zx + 8, top + 6),
            &zero_style,
            (HPos::Left, VPos::Top),
        )?;
    } else {
        text(
            root,
            zero_label,
            (zx - 8, top + 6),
            &zero_style,
            (HPos::Right, VPos::Top),
        )?;
    }
    // The verdicts as one block beside the zero line, on the side with more room.
    let styles: Vec<TextStyle<'static>> = verdicts
        .iter()
        .map(|(_, c)| font(VERDICT_SIZE, *c))
        .collect();
    let mut block_w = 0;
    for ((words, _), style) in verdicts.iter().zip(&styles) {
        block_w = block_w.max(text_width(root, words, style)?);
    }
    // A block wider than the plot: the strategy names in it are shortened to fit.
    let room = px.end - px.start - 12;
    if block_w > room {
        let mut fitted = Vec::with_capacity(verdicts.len());
        for ((words, colour), style) in verdicts.iter().zip(&styles) {
            fitted.push((fit_name_in(root, words, style, room)?, *colour));
        }
        verdicts = fitted;
        block_w = 0;
        for ((words, _), style) in verdicts.iter().zip(&styles) {
            block_w = block_w.max(text_width(root, words, style)?);
        }
    }
    let right_room = px.end - zx - 14;
    let left_room = zx - 14 - px.start;
    let (x, anchor) = if right_room >= block_w || right_room >= left_room {
        if right_room >= block_w {
            (zx + 14, HPos::Left)
        } else {
            (px.end - 6, HPos::Right)
        }
    } else if left_room >= block_w {
        (zx - 14, HPos::Right)
    } else {
        (px.start + 6, HPos::Left)
    };
    for (k, ((words, _), style)) in verdicts.iter().zip(&styles).enumerate() {
        let y = top + VERDICT_TOP + line * k as i32;
        text(root, words, (x, y), style, (anchor, VPos::Top))?;
    }
    interval_strip(
        root,
        &strip,
        lo..hi,
        &rows,
        &signed_money_short,
        Scale::Linear,
    )
}
