//! `payback.png` (runs with `[economics]`): on the left, a fan chart by week of the cumulative
//! extra cash each strategy brings over the baseline (median line, P10-P90 band, the zero line
//! marked); on the right, the share of futures paid back by each week, which ends below 100%
//! when some futures never pay back within the horizon.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::data::{FanPoint, cash_fan};
use super::parts::*;
use super::style::*;
use crate::analysis::per_trial::payback_cdf;
use crate::report::format::*;

/// Share of the body's width given to the cash panel.
const LEFT_SHARE: f64 = 0.57;
/// Height of a panel's heading, in pixels.
const HEADER: i32 = 36;
/// Least vertical distance between two end labels of the payback panel, in pixels.
const LABEL_GAP: i32 = 26;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let names: Vec<&str> = input.names().collect();
    let baseline = names.first().copied().unwrap_or("baseline");
    let incremental = input.economics.map_or(&[][..], |e| &e.incremental[..]);
    let weeks = sim.weeks as usize;
    let last_week = weeks.saturating_sub(1);
    let fans: Vec<Vec<FanPoint>> = incremental
        .iter()
        .map(|d| cash_fan(&d.cumulative_bands))
        .collect();
    let cdfs: Vec<Vec<(f64, f64)>> = incremental
        .iter()
        .map(|d| payback_cdf(&d.payback_weeks, weeks))
        .collect();
    let legend = fans
        .iter()
        .zip(&cdfs)
        .enumerate()
        .map(|(j, (f, c))| {
            let end = f.last().map_or(0.0, |p| p.p50);
            let paid = c.last().map_or(0.0, |p| p.1);
            LegendItem {
                swatch: Swatch::Band(strategy_colour(j + 1)),
                text: format!(
                    "{} minus {baseline}: median {} by week {last_week}; pays back within the \
                     horizon in {} of futures",
                    names.get(j + 1).copied().unwrap_or("?"),
                    signed_money_short(end),
                    share(paid)
                ),
            }
        })
        .collect();
    let frame_spec = Frame {
        title: if incremental.is_empty() {
            format!("The business case of {baseline}")
        } else {
            format!("Switching from {baseline}: extra cash and when it pays back")
        },
        subtitle: format!(
            "Left: the running total of the extra cash flow over {baseline} (gross profit less \
             prospecting hours and the strategy's own costs), median and P10-P90 of {}, not \
             discounted (the table's NPV discounts the same flows). \
             Right: the share of futures whose running total is positive for good by each week; \
             futures that do not pay back within the {} never count, so the curve ends below \
             100% when some do not.",
            counted(sim.trials, "simulated future"),
            counted(u64::from(sim.weeks), "week"),
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    if incremental.is_empty() {
        let (w, h) = body.dim_in_pixel();
        return text(
            &body,
            "The scenario has one strategy: there is no switch to weigh.",
            (w as i32 / 2, h as i32 / 2),
            &font(AXIS_DESC_SIZE, MUTED),
            (HPos::Center, VPos::Center),
        );
    }
    let (bw, _) = body.dim_in_pixel();
    let (left, right) = body.split_horizontally((f64::from(bw) * LEFT_SHARE) as u32);
    let x_max = (last_week as f64).max(1.0);

    // Left: the cumulative extra cash.
    let heading = font(AXIS_DESC_SIZE, TEXT);
    panel_heading(
        &left,
        &format!("Cumulative extra cash over {baseline}"),
        &heading,
    )?;
    let left_plot = left.margin(HEADER as u32, 0, 0, 0);
    let lo = fans.iter().flatten().map(|p| p.p10).fold(0.0, f64::min);
    let hi = fans.iter().flatten().map(|p| p.p90).fold(0.0, f64::max);
    let pad = ((hi - lo) * 0.06).max(1.0);
    let mut chart = plot(&left_plot, 0.0..x_max, (lo - pad)..(hi + pad), true)?;
    axes(
        &mut chart,
        &Axes {
            x_desc: "Week (week 0 carries the upfront cost)",
            y_desc: "Cumulative extra cash",
            x_ticks: 12,
            y_ticks: 10,
            x_fmt: &number_tick,
            y_fmt: &money_tick,
        },
    )?;
    chart.draw_series(LineSeries::new(
        [(0.0, 0.0), (x_max, 0.0)],
        REFERENCE.stroke_width(2),
    ))?;
    let series: Vec<_> = fans
        .iter()
        .enumerate()
        .map(|(j, f)| (strategy_colour(j + 1), f.as_slice()))
        .collect();
    super::parts::fans(&mut chart, &series)?;
    // "break-even" at the right end of the zero line, on the side the fans leave free.
    let (zx, zy) = chart.backend_coord(&(x_max, 0.0));
    let ends_above = fans.iter().all(|f| f.last().is_none_or(|p| p.p10 >= 0.0));
    let (y, v) = if ends_above {
        (zy + 6, VPos::Top)
    } else {
        (zy - 6, VPos::Bottom)
    };
    text(
        root,
        "break-even",
        (zx - 6, y),
        &font(ANNOTATION_SIZE, REFERENCE),
        (HPos::Right, v),
    )?;

    // Right: the share paid back by each week.
    panel_heading(&right, "Futures paid back, by week", &heading)?;
    let right_plot = right.margin(HEADER as u32, 0, 0, 0);
    let mut chart = plot(&right_plot, 0.0..x_max, 0.0..102.0, true)?;
    axes(
        &mut chart,
        &Axes {
            x_desc: "Week",
            y_desc: "Futures paid back by then (%)",
            x_ticks: 8,
            y_ticks: 11,
            x_fmt: &number_tick,
            y_fmt: &percent_tick,
        },
    )?;
    chart.draw_series(DashedLineSeries::new(
        [(0.0, 50.0), (x_max, 50.0)],
        8,
        6,
        AXIS.stroke_width(1),
    ))?;
    for (j, c) in cdfs.iter().enumerate() {
        chart.draw_series(LineSeries::new(
            steps(c),
            strategy_colour(j + 1).stroke_width(LINE_WIDTH),
        ))?;
    }
    // With one curve, the week by which half the futures have paid back, beside the crossing
    // (right of a rising curve and under it, where the plot is empty).
    if let [c] = &cdfs[..]
        && let Some(&(week, _)) = c.iter().find(|p| p.1 >= 0.5)
    {
        let (x, y) = chart.backend_coord(&(week, 50.0));
        text(
            root,
            &format!("half of futures by week {week:.0}"),
            (x + 14, y + 6),
            &font(ANNOTATION_SIZE, strategy_colour(1)),
            (HPos::Left, VPos::Top),
        )?;
    }
    // Each curve's end named at the right, right-aligned: under every curve when the curves
    // end high (a rising curve leaves the lower right free), over them when they end low;
    // stacked so that labels do not overlap.
    let (px, py) = chart.plotting_area().get_pixel_range();
    let end_style = |j: usize| font(ANNOTATION_SIZE, strategy_colour(j + 1));
    let labels: Vec<(usize, String, f64)> = cdfs
        .iter()
        .enumerate()
        .filter_map(|(j, c)| c.last().map(|p| (j, p.1)))
        .map(|(j, s)| (j, format!("{} by week {last_week}", share(s)), s))
        .collect();
    let mut widest = 0;
    for (j, words, _) in &labels {
        widest = widest.max(text_width(root, words, &end_style(*j))?);
    }
    // The weeks the labels span, and the curves' lowest and highest share over them.
    let left_px = (px.end - 6 - widest).max(px.start);
    let from_week =
        (f64::from(left_px - px.start) / f64::from((px.end - px.start).max(1)) * x_max).floor();
    let over = cdfs
        .iter()
        .flat_map(|c| c.iter().filter(|p| p.0 >= from_week - 1.0).map(|p| p.1));
    let (low, high) = over.fold((1.0f64, 0.0f64), |(l, h), s| (l.min(s), h.max(s)));
    let under = labels.iter().all(|l| l.2 > 0.5);
    let line_h = LABEL_GAP;
    let count = labels.len() as i32;
    let (_, first_y) = chart.backend_coord(&(x_max, if under { low } else { high } * 100.0));
    let first_y = if under {
        (first_y + 8).min(py.end - 4 - line_h * count)
    } else {
        (first_y - 8 - line_h * count).max(py.start + 2)
    };
    let mut ordered = labels.clone();
    ordered.sort_by(|a, b| b.2.total_cmp(&a.2));
    for (k, (j, words, _)) in ordered.iter().enumerate() {
        text(
            root,
            words,
            (px.end - 6, first_y + line_h * k as i32),
            &end_style(*j),
            (HPos::Right, VPos::Top),
        )?;
    }
    Ok(())
}

/// A panel's heading, centred over it.
fn panel_heading<DB: DrawingBackend>(
    area: &Area<DB>,
    words: &str,
    style: &TextStyle<'static>,
) -> ChartResult<(), DB> {
    let (w, _) = area.dim_in_pixel();
    text(
        area,
        words,
        (w as i32 / 2, 4),
        style,
        (HPos::Center, VPos::Top),
    )
}

/// A step line through `(week, share)` points: each share holds until the next week.
fn steps(cdf: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut line = Vec::with_capacity(cdf.len() * 2);
    for (k, &(w, s)) in cdf.iter().enumerate() {
        if k > 0 {
            line.push((w, cdf[k - 1].1 * 100.0));
        }
        line.push((w, s * 100.0));
    }
    line
}
