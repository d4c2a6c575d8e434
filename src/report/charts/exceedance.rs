//! `revenue-exceedance.png`: P(team revenue >= x) per strategy, read as "90% of futures book
//! at least $X"; a vertical target line when the run has a target.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::data::{EXCEEDANCE_POINTS, clip_x, display_range, exceedance};
use super::parts::*;
use super::style::*;
use crate::report::format::*;

/// The probability levels marked with a dot and named in the legend.
const LEVELS: [f64; 2] = [0.9, 0.5];

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let sorted: Vec<&[f64]> = input
        .strategies
        .iter()
        .map(|s| s.revenue.as_slice())
        .collect();
    let (mut lo, mut hi) = display_range(&sorted);
    if let Some(t) = input.target {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    let pad = (hi - lo) * 0.02;
    let (lo, hi) = (lo - pad, hi + pad);
    // The level's revenue: the (1 - p) quantile, from the summary so the numbers match it.
    let at_level = |i: usize, p: f64| {
        let r = &input.summary.strategies[i].revenue;
        if p == 0.9 { r.p10 } else { r.p50 }
    };
    let share_at_least = |values: &[f64], x: f64| {
        let first = values.partition_point(|v| *v < x);
        (values.len() - first) as f64 / values.len().max(1) as f64
    };
    let legend = input
        .summary
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut text = format!(
                "{}: 90% of futures book at least {}, half at least {}",
                s.name,
                money_short(at_level(i, 0.9)),
                money_short(at_level(i, 0.5))
            );
            if let Some(t) = input.target {
                text.push_str(&format!(
                    "; {} reach the target",
                    share(share_at_least(&input.strategies[i].revenue, t))
                ));
            }
            LegendItem {
                swatch: Swatch::Line(strategy_colour(i)),
                text,
            }
        })
        .collect();
    let frame_spec = Frame {
        title: format!(
            "Chance of booking at least a given revenue in {}",
            counted(u64::from(sim.weeks), "week")
        ),
        subtitle: format!(
            "Each curve gives the share of {} whose team revenue reaches at \
             least the amount below it. Read across at 90% for a figure to plan on; dots mark \
             the 90% and 50% levels.",
            counted(sim.trials, "simulated future")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let mut chart = plot(&body, lo..hi, 0.0..102.0, true)?;
    let x_desc = format!(
        "Team revenue booked in {}",
        counted(u64::from(sim.weeks), "week")
    );
    axes(
        &mut chart,
        &Axes {
            x_desc: &x_desc,
            y_desc: "Futures booking at least this much (%)",
            x_ticks: 10,
            y_ticks: 11,
            x_fmt: &money_tick,
            y_fmt: &percent_tick,
        },
    )?;
    for level in LEVELS {
        let y = level * 100.0;
        chart.draw_series(DashedLineSeries::new(
            [(lo, y), (hi, y)],
            8,
            6,
            AXIS.stroke_width(1),
        ))?;
    }
    for (i, s) in input.strategies.iter().enumerate() {
        let colour = strategy_colour(i);
        let mut points = exceedance(&s.revenue, EXCEEDANCE_POINTS);
        // Beyond the sample the curve is flat: certain below the smallest value, zero above.
        if let (Some(&first), Some(&last)) = (points.first(), points.last()) {
            points.insert(0, (lo.min(first.0), 1.0));
            points.push((last.0, 0.0));
            points.push((hi.max(last.0), 0.0));
        }
        let line: Vec<(f64, f64)> = clip_x(&points, lo, hi)
            .into_iter()
            .map(|(x, p)| (x, p * 100.0))
            .collect();
        chart.draw_series(LineSeries::new(line, colour.stroke_width(LINE_WIDTH)))?;
        for level in LEVELS {
            let x = at_level(i, level);
            if (lo..=hi).contains(&x) {
                chart.draw_series(std::iter::once(Circle::new(
                    (x, level * 100.0),
                    7,
                    colour.filled(),
                )))?;
            }
        }
    }
    if let Some(t) = input.target {
        chart.draw_series(DashedLineSeries::new(
            [(t, 0.0), (t, 100.0)],
            10,
            6,
            REFERENCE.stroke_width(2),
        ))?;
        let (x, y) = chart.backend_coord(&(t, 100.0));
        text(
            root,
            &format!("target {}", money_short(t)),
            (x + 8, y + 4),
            &font(ANNOTATION_SIZE, REFERENCE),
            (HPos::Left, VPos::Top),
        )?;
    }
    Ok(())
}
