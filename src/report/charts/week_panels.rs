//! The layout the two week-by-week hours charts share (`prospecting-week-by-week.png` and
//! `the-whole-week.png`): one panel per strategy stacked in a column, a bar per week of stacked
//! hours per rep-week, and the article's ~22 prospecting hours as a dashed line.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::parts::*;
use super::style::*;
use super::time_spent::ARTICLE_HOURS;
use crate::report::format::number_tick;

/// Height of a panel's heading, in pixels.
const PANEL_HEADER: u32 = 32;
/// Share of a week's width its bar fills.
const BAR_FILL: f64 = 0.8;

/// `body` split into `n` (at least 1) panels one above the other with equal plots: the last
/// panel also holds the week axis under its plot.
pub fn stack<DB: DrawingBackend>(body: &Area<DB>, n: usize) -> Vec<Area<DB>> {
    let n = n.max(1);
    let (_, body_h) = body.dim_in_pixel();
    let each = body_h.saturating_sub(X_LABEL_AREA) / n as u32;
    let mut panels = Vec::with_capacity(n);
    let mut rest = body.clone();
    for _ in 1..n {
        let (top, bottom) = rest.split_vertically(each);
        panels.push(top);
        rest = bottom;
    }
    panels.push(rest);
    panels
}

/// Tick labels on the y axis of every panel of `panels` (from [`stack`]): one count for all,
/// that of the first panel under its heading, so that panels with one y range share one tick step.
/// Counted per panel, the last one, taller by the week axis under its plot, got more ticks and
/// a finer step than the panels above it.
pub fn y_ticks<DB: DrawingBackend>(panels: &[Area<DB>]) -> usize {
    let first = panels.first().map_or(0, |p| p.dim_in_pixel().1);
    y_ticks_for_height(first.saturating_sub(PANEL_HEADER))
}

/// Writes the strategy's `name` in its `colour` as the panel's heading; returns the area under
/// it, for [`hours_plot`].
pub fn heading<DB: DrawingBackend>(
    panel: &Area<DB>,
    name: &str,
    colour: RGBColor,
) -> ChartResult<Area<DB>, DB> {
    let (head, plot_area) = panel.split_vertically(PANEL_HEADER);
    text(
        &head,
        name,
        (Y_LABEL_AREA as i32 + MARGIN / 2, PANEL_HEADER as i32 - 4),
        &font(AXIS_DESC_SIZE, colour),
        (HPos::Left, VPos::Bottom),
    )?;
    Ok(plot_area)
}

/// A panel's plot of hours per rep-week (0 to `y_max`, `y_ticks` labels from [`y_ticks`]) over
/// weeks 0 to `weeks`, with its axes; the week axis is labelled only on the `last` panel.
pub fn hours_plot<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    weeks: f64,
    y_max: f64,
    y_ticks: usize,
    last: bool,
) -> ChartResult<Plot<'a, DB>, DB> {
    let mut chart = plot(area, 0.0..weeks, 0.0..y_max, last)?;
    axes(
        &mut chart,
        &Axes {
            x_desc: if last { "Week" } else { "" },
            y_desc: "Hours per rep-week",
            x_ticks: 14,
            y_ticks,
            x_fmt: &number_tick,
            y_fmt: &|v| format!("{} h", number_tick(v)),
        },
    )?;
    Ok(chart)
}

/// Week `week`'s bar: `layers` of (hours, fill) stacked from 0 in order; a layer of no hours
/// draws nothing.
pub fn stacked_bar<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    week: usize,
    layers: &[(f64, RGBColor)],
) -> ChartResult<(), DB> {
    let gap = (1.0 - BAR_FILL) / 2.0;
    let (x0, x1) = (week as f64 + gap, week as f64 + 1.0 - gap);
    let mut y = 0.0;
    for &(v, fill) in layers {
        if v > 0.0 {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y), (x1, y + v)],
                fill.filled(),
            )))?;
        }
        y += v;
    }
    Ok(())
}

/// The article's ~22 prospecting hours across the plot, dashed, labelled at its right end.
pub fn article_line<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &mut Plot<'_, DB>,
    weeks: f64,
) -> ChartResult<(), DB> {
    let label = format!("article: ~{ARTICLE_HOURS:.0} h");
    reference_level(root, chart, weeks, ARTICLE_HOURS, &label)
}

/// The article's ~22 prospecting hours across the plot, dashed and unlabelled, for a chart
/// whose bars rise above it (where a label would sit on them): [`article_legend`] names it.
pub fn article_dashes<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    weeks: f64,
) -> ChartResult<(), DB> {
    reference_dashes(chart, weeks, ARTICLE_HOURS)
}

/// The legend entry of [`article_dashes`].
pub fn article_legend() -> LegendItem {
    LegendItem {
        swatch: Swatch::Dashed(REFERENCE),
        text: format!("the article's ~{ARTICLE_HOURS:.0} h of prospecting"),
    }
}
