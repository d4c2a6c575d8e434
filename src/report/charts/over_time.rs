//! `revenue-over-time.png`: a fan chart of cumulative team revenue by week, the median line
//! and the P10-P90 band of every strategy.

use plotters::prelude::*;

use super::ChartInput;
use super::data::fan;
use super::parts::*;
use super::style::*;
use crate::report::format::*;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let fans: Vec<_> = input.weekly.iter().map(|(_, rows)| fan(rows)).collect();
    let legend = input
        .weekly
        .iter()
        .zip(&fans)
        .enumerate()
        .map(|(i, ((name, _), f))| {
            let end = f.last().copied().unwrap_or(f[0]);
            LegendItem {
                swatch: Swatch::Band(strategy_colour(i)),
                text: format!(
                    "{name}: median {} by week {} (P10-P90: {} to {})",
                    money_short(end.p50),
                    sim.weeks,
                    money_short(end.p10),
                    money_short(end.p90)
                ),
            }
        })
        .collect();
    let frame_spec = Frame {
        title: "Cumulative team revenue, week by week".into(),
        subtitle: format!(
            "Line: the median of {}; band: the middle 80% of them (P10 to \
             P90). A deal books when its sales cycle ends, so the first weeks book little.",
            counted(sim.trials, "simulated future")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let y_max = fans
        .iter()
        .flat_map(|f| f.iter().map(|p| p.p90))
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.05;
    let weeks = f64::from(sim.weeks);
    let mut chart = plot(&body, 0.0..weeks, 0.0..y_max, true)?;
    axes(
        &mut chart,
        &Axes {
            x_desc: "Week",
            y_desc: "Cumulative team revenue",
            x_ticks: 14,
            y_ticks: 10,
            x_fmt: &number_tick,
            y_fmt: &money_tick,
        },
    )?;
    let series: Vec<_> = fans
        .iter()
        .enumerate()
        .map(|(i, f)| (strategy_colour(i), f.as_slice()))
        .collect();
    super::parts::fans(&mut chart, &series)?;
    Ok(())
}
