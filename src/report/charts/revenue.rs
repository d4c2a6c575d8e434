//! `revenue.png`: the distribution of team revenue per strategy, overlaid, with the P5-P95
//! range, median and mean of each marked above it.

use plotters::prelude::*;

use super::ChartInput;
use super::data::{Scale, histograms_on, log_ticks, value_axis};
use super::parts::*;
use super::style::*;
use crate::report::format::*;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let sorted: Vec<&[f64]> = input
        .strategies
        .iter()
        .map(|s| s.revenue.as_slice())
        .collect();
    let axis = value_axis(&sorted, true);
    let log = axis.scale == Scale::Log;
    let hist = histograms_on(&sorted, &axis, None);
    let width = hist.unit;
    // The bar width in words: an amount, or on a log scale a ratio.
    let per = if log {
        format!("×{:.2} step", 10f64.powf(width))
    } else {
        money_short(width)
    };
    let legend = input
        .summary
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| LegendItem {
            swatch: Swatch::Fill(strategy_colour(i)),
            text: format!(
                "{}: median {}, mean {}",
                s.name,
                money_short(s.revenue.p50),
                money_short(s.revenue.mean)
            ),
        })
        .collect();
    let mut note = input.provenance();
    if let Some(beyond) = beyond_note(&axis, hist.outside(), "future") {
        note.push_str(" · ");
        note.push_str(&beyond);
    }
    let frame_spec = Frame {
        title: format!(
            "Team revenue over {}: the range of outcomes",
            counted(u64::from(sim.weeks), "week")
        ),
        subtitle: format!(
            "{} of the {}-rep team per strategy. Bars: share of futures per \
             {per} of revenue{}. Above them: the middle 90% of futures (P5 to P95), the \
             median (|) and the mean (◆).",
            counted(sim.trials, "simulated future"),
            sim.reps,
            if log {
                " (log scale: the strategies differ by orders of magnitude)"
            } else {
                ""
            }
        ),
        legend,
        note,
    };
    let body = frame(root, &frame_spec)?;
    let rows: Vec<Interval> = input
        .summary
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| Interval {
            colour: strategy_colour(i),
            p5: s.revenue.p5,
            p50: s.revenue.p50,
            p95: s.revenue.p95,
            mean: s.revenue.mean,
        })
        .collect();
    let on_axis: Vec<Interval> = rows.iter().map(|r| r.on(axis.scale)).collect();
    let floor = (!log).then_some(0.0);
    let (lo, hi) = strip_range(hist.lo, hist.hi, &on_axis, floor);
    let strip_h = INTERVAL_ROW * hist.bins.len() as u32;
    let (strip, plot_area) = body.split_vertically(strip_h);
    let y_max = hist.max_density() * 1.08;
    let mut chart = plot(&plot_area, lo..hi, 0.0..y_max.max(1e-9), true)?;
    let x_desc = format!(
        "Team revenue booked in {}{}",
        counted(u64::from(sim.weeks), "week"),
        if log { " (log scale)" } else { "" }
    );
    let y_desc = format!("Share of futures per {per} (%)");
    axes(
        &mut chart,
        &Axes {
            x_desc: &x_desc,
            y_desc: &y_desc,
            x_ticks: if log { 0 } else { 10 },
            y_ticks: 8,
            x_fmt: &money_tick,
            y_fmt: &percent_tick,
        },
    )?;
    for (i, b) in hist.bins.iter().enumerate() {
        histogram(&mut chart, b, hist.unit, strategy_colour(i))?;
    }
    if log {
        log_tick_labels(root, &chart, &log_ticks(lo, hi), &|v| money_tick(&v))?;
    }
    interval_strip(root, &strip, lo..hi, &rows, &|v| money_short(v), axis.scale)
}
