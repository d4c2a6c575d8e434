//! `revenue-over-time.png`: a fan chart of cumulative team revenue by week, the median line
//! and the P10-P90 band of every strategy.

use plotters::prelude::*;

use super::ChartInput;
use super::data::fan;
use super::parts::*;
use super::style::*;

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
                    dollars(end.p50),
                    sim.weeks,
                    dollars(end.p10),
                    dollars(end.p90)
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
    for (i, f) in fans.iter().enumerate() {
        let colour = strategy_colour(i);
        let band: Vec<(f64, f64)> = f
            .iter()
            .map(|p| (p.week, p.p90))
            .chain(f.iter().rev().map(|p| (p.week, p.p10)))
            .collect();
        chart.draw_series(std::iter::once(Polygon::new(
            band,
            colour.mix(BAND_OPACITY).filled(),
        )))?;
        for edge in [
            f.iter().map(|p| (p.week, p.p10)).collect::<Vec<_>>(),
            f.iter().map(|p| (p.week, p.p90)).collect(),
        ] {
            chart.draw_series(LineSeries::new(edge, colour.mix(0.55).stroke_width(1)))?;
        }
    }
    // Medians last, so no band covers a line.
    for (i, f) in fans.iter().enumerate() {
        let line: Vec<(f64, f64)> = f.iter().map(|p| (p.week, p.p50)).collect();
        chart.draw_series(LineSeries::new(
            line,
            strategy_colour(i).stroke_width(LINE_WIDTH + 1),
        ))?;
    }
    Ok(())
}
