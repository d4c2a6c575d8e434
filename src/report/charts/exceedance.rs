//! `revenue-exceedance.png`: P(team revenue >= x) per strategy, read as "90% of futures book
//! at least $X"; a vertical target line when the run has a target.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::data::{EXCEEDANCE_POINTS, Scale, clip_x, exceedance, log_ticks, value_axis};
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
    let axis = value_axis(&sorted, true);
    let scale = axis.scale;
    let log = scale == Scale::Log;
    let (mut lo, mut hi) = (axis.lo, axis.hi);
    if let Some(t) = input.target.filter(|t| !log || *t > 0.0) {
        lo = lo.min(scale.pos(t));
        hi = hi.max(scale.pos(t));
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
        note: {
            let mut note = input.provenance();
            if axis.clipped() || log {
                let beyond: usize = sorted
                    .iter()
                    .map(|s| {
                        s.iter()
                            .filter(|v| !(lo..=hi).contains(&scale.pos(**v)))
                            .count()
                    })
                    .sum();
                if beyond > 0 {
                    note.push_str(&format!(
                        " · axis drawn over the body of the futures: {} beyond it",
                        counted(beyond as u64, "future")
                    ));
                }
            }
            note
        },
    };
    let body = frame(root, &frame_spec)?;
    let mut chart = plot(&body, lo..hi, 0.0..102.0, true)?;
    let x_desc = format!(
        "Team revenue booked in {}{}",
        counted(u64::from(sim.weeks), "week"),
        if log { " (log scale)" } else { "" }
    );
    axes(
        &mut chart,
        &Axes {
            x_desc: &x_desc,
            y_desc: "Futures booking at least this much (%)",
            x_ticks: if log { 0 } else { 10 },
            y_ticks: 11,
            x_fmt: &money_tick,
            y_fmt: &percent_tick,
        },
    )?;
    if log {
        log_tick_labels(root, &chart, &log_ticks(lo, hi), &|v| money_tick(&v))?;
    }
    for level in LEVELS {
        let y = level * 100.0;
        chart.draw_series(DashedLineSeries::new(
            [(lo, y), (hi, y)],
            8,
            6,
            AXIS.stroke_width(1),
        ))?;
    }
    let mut curves: Vec<Vec<(i32, i32)>> = Vec::new();
    for (i, s) in input.strategies.iter().enumerate() {
        let colour = strategy_colour(i);
        let mut points: Vec<(f64, f64)> = exceedance(&s.revenue, EXCEEDANCE_POINTS)
            .into_iter()
            .map(|(x, p)| (scale.pos(x), p))
            .collect();
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
        curves.push(line.iter().map(|p| chart.backend_coord(p)).collect());
        chart.draw_series(LineSeries::new(line, colour.stroke_width(LINE_WIDTH)))?;
        for level in LEVELS {
            let x = scale.pos(at_level(i, level));
            if (lo..=hi).contains(&x) {
                chart.draw_series(std::iter::once(Circle::new(
                    (x, level * 100.0),
                    7,
                    colour.filled(),
                )))?;
            }
        }
    }
    if let Some(t) = input.target.filter(|t| (lo..=hi).contains(&scale.pos(*t))) {
        let tx = scale.pos(t);
        chart.draw_series(DashedLineSeries::new(
            [(tx, 0.0), (tx, 100.0)],
            10,
            6,
            REFERENCE.stroke_width(2),
        ))?;
        let words = format!("target {}", money_short(t));
        let style = font(ANNOTATION_SIZE, REFERENCE);
        let (w, h) = root.estimate_text_size(&words, &style)?;
        let (x, _) = chart.backend_coord(&(tx, 100.0));
        let (px, py) = chart.plotting_area().get_pixel_range();
        let place = target_label_place(x, (w as i32, h as i32), (px, py), &curves);
        text(root, &words, place, &style, (HPos::Left, VPos::Top))?;
    }
    Ok(())
}

/// Where the target's label goes (its top-left corner): beside the target line, right of it
/// or else left, at the first height from the top of the plot down where its box crosses no
/// curve; at the top right of the line when no place is free.
fn target_label_place(
    line_x: i32,
    (w, h): (i32, i32),
    (px, py): (std::ops::Range<i32>, std::ops::Range<i32>),
    curves: &[Vec<(i32, i32)>],
) -> (i32, i32) {
    let pad = 4;
    let free = |left: i32, top: i32| {
        let rect = [left - pad, top - pad, left + w + pad, top + h + pad];
        left >= px.start
            && left + w <= px.end
            && curves
                .iter()
                .all(|c| !c.windows(2).any(|s| crosses(s[0], s[1], rect)))
    };
    let step = (h / 2).max(4);
    let mut top = py.start + 4;
    while top + h <= py.end - 4 {
        for left in [line_x + 8, line_x - 8 - w] {
            if free(left, top) {
                return (left, top);
            }
        }
        top += step;
    }
    (line_x + 8, py.start + 4)
}

/// Whether the segment from `a` to `b` touches the rectangle `[left, top, right, bottom]`.
pub(super) fn crosses(a: (i32, i32), b: (i32, i32), r: [i32; 4]) -> bool {
    let inside = |p: (f64, f64)| {
        p.0 >= f64::from(r[0])
            && p.0 <= f64::from(r[2])
            && p.1 >= f64::from(r[1])
            && p.1 <= f64::from(r[3])
    };
    // Sample the segment finely enough (every pixel or so) for a label box.
    let (ax, ay) = (f64::from(a.0), f64::from(a.1));
    let (bx, by) = (f64::from(b.0), f64::from(b.1));
    let steps = ((bx - ax).abs().max((by - ay).abs()).ceil() as usize).max(1);
    (0..=steps).any(|k| {
        let t = k as f64 / steps as f64;
        inside((ax + (bx - ax) * t, ay + (by - ay) * t))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_label_moves_off_the_curves() {
        let area = (100..1100, 100..700);
        // A flat curve along the top of the plot (100% below the first sales) crosses the
        // first place right of the line at x 500.
        let top = vec![(100, 110), (1100, 110)];
        let (x, y) = target_label_place(500, (120, 24), area.clone(), std::slice::from_ref(&top));
        let rect = [x, y, x + 120, y + 24];
        assert!(!top.windows(2).any(|s| crosses(s[0], s[1], rect)));
        // Rows step by 12 px from 104: at 104 the padded box (100..132) holds the curve at 110;
        // at 116 it starts at 112, below it.
        assert_eq!((x, y), (508, 116));
        // A curve falling through the right of the line's top: the label goes left.
        let falling = vec![(500, 100), (700, 300)];
        let (x, y) = target_label_place(500, (120, 24), area, std::slice::from_ref(&falling));
        assert_eq!((x, y), (372, 104));
        assert!(!crosses(falling[0], falling[1], [x, y, x + 120, y + 24]));
    }
}
