//! `installed-base.png`: the customers the team already has. Above, the team's customers week
//! by week per strategy (median line, P10-P90 band over futures): churn takes them, won deals
//! join. Below, the mean cumulative revenue of new logos (solid) against expansion of the
//! installed base (dashed).

use plotters::prelude::*;

use super::ChartInput;
use super::parts::*;
use super::style::*;
use crate::report::format::*;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let weeks = f64::from(sim.weeks);
    let data: Vec<(usize, &super::part_b_data::StrategyPartB)> = input
        .part_b
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
        .collect();
    let mut legend: Vec<LegendItem> = data
        .iter()
        .map(|(i, _)| LegendItem {
            swatch: Swatch::Band(strategy_colour(*i)),
            text: input.summary.strategies[*i].name.clone(),
        })
        .collect();
    legend.push(LegendItem {
        swatch: Swatch::Line(MUTED),
        text: "below: solid new logos, dashed expansion".into(),
    });
    let frame_spec = Frame {
        title: "The installed base: customers and the revenue they add".into(),
        subtitle: format!(
            "Above: the team's customers at the end of each week, the median of {} and the \
             middle 80% (P10 to P90): churn takes customers, won deals join at the end of the \
             week they book. Below: mean revenue booked so far, from new logos (solid) and from \
             expanding existing customers (dashed; the strategies share their customers' luck, \
             so their lines lie close).",
            counted(sim.trials, "simulated future")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let (_, h) = body.dim_in_pixel();
    let (top, bottom) = body.split_vertically(h.saturating_sub(X_LABEL_AREA) / 2);
    // The customers move by a fraction of the base over a horizon: the axis spans their range
    // (with a margin), not 0 to the top.
    let c_max = data
        .iter()
        .flat_map(|(_, p)| p.customers.iter().map(|f| f.p90))
        .fold(1.0, f64::max);
    let c_min = data
        .iter()
        .flat_map(|(_, p)| p.customers.iter().map(|f| f.p10))
        .fold(c_max, f64::min);
    let margin = ((c_max - c_min) * 0.15).max(1.0);
    let c_range = (c_min - margin).max(0.0)..c_max + margin;
    let mut chart = plot(&top, 0.0..weeks, c_range, false)?;
    axes(
        &mut chart,
        &Axes {
            x_desc: "",
            y_desc: "Customers",
            x_ticks: 14,
            y_ticks: 5,
            x_fmt: &number_tick,
            y_fmt: &number_tick,
        },
    )?;
    let series: Vec<(RGBColor, &[super::data::FanPoint])> = data
        .iter()
        .map(|(i, p)| (strategy_colour(*i), p.customers.as_slice()))
        .collect();
    fans(&mut chart, &series)?;
    let r_max = data
        .iter()
        .flat_map(|(_, p)| p.revenue.iter().map(|(a, b)| a.max(*b)))
        .fold(1.0, f64::max)
        * 1.1;
    let mut chart = plot(&bottom, 0.0..weeks, 0.0..r_max, true)?;
    axes(
        &mut chart,
        &Axes {
            x_desc: "Week",
            y_desc: "Revenue so far (mean)",
            x_ticks: 14,
            y_ticks: 5,
            x_fmt: &number_tick,
            y_fmt: &money_tick,
        },
    )?;
    for (i, p) in &data {
        let colour = strategy_colour(*i);
        let at = |f: fn(&(f64, f64)) -> f64| -> Vec<(f64, f64)> {
            std::iter::once((0.0, 0.0))
                .chain(
                    p.revenue
                        .iter()
                        .enumerate()
                        .map(|(t, r)| ((t + 1) as f64, f(r))),
                )
                .collect()
        };
        chart.draw_series(LineSeries::new(
            at(|r| r.0),
            colour.stroke_width(LINE_WIDTH),
        ))?;
        chart.draw_series(DashedLineSeries::new(
            at(|r| r.1),
            10,
            6,
            colour.stroke_width(LINE_WIDTH),
        ))?;
    }
    Ok(())
}
