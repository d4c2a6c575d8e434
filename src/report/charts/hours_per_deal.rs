//! `hours-per-deal.png`: the distribution, over futures, of the team's prospecting hours per
//! closed deal, per strategy.

use plotters::prelude::*;

use super::ChartInput;
use super::data::{Scale, histograms_on, log_ticks, value_axis};
use super::parts::*;
use super::style::*;
use crate::report::format::*;
use crate::stats::{Summary, quantile_sorted};

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let sorted: Vec<&[f64]> = input
        .strategies
        .iter()
        .map(|s| s.hours_per_deal.as_slice())
        .collect();
    let stats: Vec<Summary> = sorted
        .iter()
        .map(|s| Summary {
            mean: s.iter().sum::<f64>() / s.len().max(1) as f64,
            p5: quantile_sorted(s, 0.05),
            p50: quantile_sorted(s, 0.5),
            p95: quantile_sorted(s, 0.95),
            ..Summary::default()
        })
        .collect();
    let axis = value_axis(&sorted, true);
    let log = axis.scale == Scale::Log;
    let hist = histograms_on(&sorted, &axis, None);
    let width = hist.unit;
    let per = if log {
        format!("×{:.2} step", 10f64.powf(width))
    } else {
        format!("{} h", number_tick(&width))
    };
    let names: Vec<&str> = input.names().collect();
    let legend = names
        .iter()
        .enumerate()
        .map(|(i, name)| LegendItem {
            swatch: Swatch::Fill(strategy_colour(i)),
            text: if sorted[i].is_empty() {
                format!("{name}: no future closed a deal")
            } else {
                format!("{name}: median {} per deal", whole_hours(stats[i].p50))
            },
        })
        .collect();
    let mut note = input.provenance();
    let without: usize = input
        .strategies
        .iter()
        .map(|s| s.trials_without_close)
        .sum();
    if without > 0 {
        note.push_str(&format!(
            " · {} futures closed no deal and are left out",
            thousands(without as f64)
        ));
    }
    if let Some(beyond) = beyond_note(&axis, hist.outside(), "future") {
        note.push_str(" · ");
        note.push_str(&beyond);
    }
    let frame_spec = Frame {
        title: "Prospecting hours per closed deal".into(),
        subtitle: format!(
            "For each of {}: the team's prospecting hours over {} \
             divided by the deals they closed (including deals that book after the horizon). \
             Lower is better. Above: P5 to P95, median (|), mean (◆).",
            counted(sim.trials, "simulated future"),
            counted(u64::from(sim.weeks), "week")
        ),
        legend,
        note,
    };
    let body = frame(root, &frame_spec)?;
    let rows: Vec<Interval> = stats
        .iter()
        .enumerate()
        .filter(|(i, _)| !sorted[*i].is_empty())
        .map(|(i, s)| Interval {
            colour: strategy_colour(i),
            p5: s.p5,
            p50: s.p50,
            p95: s.p95,
            mean: s.mean,
        })
        .collect();
    let on_axis: Vec<Interval> = rows.iter().map(|r| r.on(axis.scale)).collect();
    let (lo, hi) = strip_range(hist.lo, hist.hi, &on_axis, (!log).then_some(0.0));
    let strip_h = INTERVAL_ROW * rows.len() as u32;
    let (strip, plot_area) = body.split_vertically(strip_h);
    let y_max = hist.max_density() * 1.08;
    let mut chart = plot(&plot_area, lo..hi, 0.0..y_max.max(1e-9), true)?;
    let y_desc = format!("Share of futures per {per} (%)");
    let x_desc = if log {
        "Team prospecting hours per closed deal (log scale)"
    } else {
        "Team prospecting hours per closed deal"
    };
    axes(
        &mut chart,
        &Axes {
            x_desc,
            y_desc: &y_desc,
            x_ticks: if log { 0 } else { 12 },
            y_ticks: 8,
            x_fmt: &|v| format!("{} h", number_tick(v)),
            y_fmt: &percent_tick,
        },
    )?;
    for (i, b) in hist.bins.iter().enumerate() {
        histogram(&mut chart, b, hist.unit, strategy_colour(i))?;
    }
    if log {
        let fmt = |v: f64| format!("{} h", number_tick(&v));
        log_tick_labels(root, &chart, &log_ticks(lo, hi), &fmt)?;
    }
    if rows.is_empty() {
        return Ok(());
    }
    interval_strip(root, &strip, lo..hi, &rows, &whole_hours, axis.scale)
}
