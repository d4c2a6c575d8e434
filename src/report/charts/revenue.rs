//! `revenue.png`: the distribution of team revenue per strategy, overlaid, with the P5-P95
//! range, median and mean of each marked above it.

use plotters::prelude::*;

use super::ChartInput;
use super::data::histograms;
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
    let hist = histograms(&sorted, None);
    let width = hist.unit;
    let outside = hist.outside();
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
    if outside > 0 {
        note.push_str(&format!(
            " · {} futures in the outer 0.1% tails lie beyond the axis",
            thousands(outside as f64)
        ));
    }
    let frame_spec = Frame {
        title: format!(
            "Team revenue over {}: the range of outcomes",
            counted(u64::from(sim.weeks), "week")
        ),
        subtitle: format!(
            "{} of the {}-rep team per strategy. Bars: share of futures per \
             {} of revenue. Above them: the middle 90% of futures (P5 to P95), the median (|) \
             and the mean (◆).",
            counted(sim.trials, "simulated future"),
            sim.reps,
            money_short(width)
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
    let (lo, hi) = strip_range(hist.lo, hist.hi, &rows, Some(0.0));
    let strip_h = INTERVAL_ROW * hist.bins.len() as u32;
    let (strip, plot_area) = body.split_vertically(strip_h);
    let y_max = hist.max_density() * 1.08;
    let mut chart = plot(&plot_area, lo..hi, 0.0..y_max.max(1e-9), true)?;
    let x_desc = format!(
        "Team revenue booked in {}",
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
    for (i, b) in hist.bins.iter().enumerate() {
        histogram(&mut chart, b, hist.unit, strategy_colour(i))?;
    }
    interval_strip(root, &strip, lo..hi, &rows, &|v| money_short(v))
}
