//! `prospecting-week-by-week.png`: where the prospecting week goes, week by week. One panel per
//! strategy: the mean rep-week's research, dialing and idle hours (no one left to call) stacked
//! for every week of the horizon, with the article's ~22 hours as a dashed line.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::parts::*;
use super::style::*;
use super::time_spent::ARTICLE_HOURS;
use crate::report::format::*;

/// The colour of idle hours: a neutral grey, so that they read as time lost whatever the
/// strategy's colour.
pub const IDLE: RGBColor = RGBColor(189, 189, 189);
/// Height of a panel's heading, in pixels.
const PANEL_HEADER: u32 = 32;
/// Share of a week's width its bar fills.
const BAR_FILL: f64 = 0.8;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let weeks = f64::from(sim.weeks);
    let summaries = &input.summary.strategies;
    let mut legend: Vec<LegendItem> = summaries
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let h = &s.playing_field.as_ref()?.hours_per_rep_week;
            Some(LegendItem {
                swatch: Swatch::Solid(strategy_colour(i)),
                text: format!(
                    "{}: research {}, dialing {}, idle {} (mean rep-week)",
                    s.name,
                    hours(h.research.mean),
                    hours(h.dialing.mean),
                    hours(h.idle.mean)
                ),
            })
        })
        .collect();
    legend.push(LegendItem {
        swatch: Swatch::Solid(IDLE),
        text: "idle: no one left to call".into(),
    });
    let frame_spec = Frame {
        title: "Where the prospecting week goes, week by week".into(),
        subtitle: format!(
            "The mean rep-week over {} and {}: research (light) and dialing (dark) in the \
             strategy's colour, idle hours in grey, when every account a rep may call is worked \
             or resting. Dashed: the article's ~{ARTICLE_HOURS:.0} prospecting hours.",
            counted(sim.trials, "future"),
            counted(u64::from(sim.reps), "rep")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let n = input.field.len().max(1);
    // Equal plots: the last panel also holds the week axis under its plot.
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
    let y_max = input
        .field
        .iter()
        .flat_map(|f| {
            f.weeks
                .iter()
                .map(|w| (w.research + w.dialing + w.idle).max(w.prospecting))
        })
        .fold(ARTICLE_HOURS, f64::max)
        * 1.12;
    for (i, (f, panel)) in input.field.iter().zip(&panels).enumerate() {
        let colour = strategy_colour(i);
        let (head, plot_area) = panel.split_vertically(PANEL_HEADER);
        let name = summaries.get(i).map_or("", |s| s.name.as_str());
        text(
            &head,
            name,
            (Y_LABEL_AREA as i32 + MARGIN / 2, PANEL_HEADER as i32 - 4),
            &font(AXIS_DESC_SIZE, colour),
            (HPos::Left, VPos::Bottom),
        )?;
        let last = i + 1 == n;
        let mut chart = plot(&plot_area, 0.0..weeks, 0.0..y_max, last)?;
        axes(
            &mut chart,
            &Axes {
                x_desc: if last { "Week" } else { "" },
                y_desc: "Hours per rep-week",
                x_ticks: 14,
                y_ticks: y_ticks(&plot_area),
                x_fmt: &number_tick,
                y_fmt: &|v| format!("{} h", number_tick(v)),
            },
        )?;
        let gap = (1.0 - BAR_FILL) / 2.0;
        for (t, w) in f.weeks.iter().enumerate() {
            let (x0, x1) = (t as f64 + gap, t as f64 + 1.0 - gap);
            let mut y = 0.0;
            for (v, fill) in [
                (w.research, tint(colour, 0.55)),
                (w.dialing, colour),
                (w.idle, IDLE),
            ] {
                if v > 0.0 {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x0, y), (x1, y + v)],
                        fill.filled(),
                    )))?;
                }
                y += v;
            }
        }
        chart.draw_series(DashedLineSeries::new(
            [(0.0, ARTICLE_HOURS), (weeks, ARTICLE_HOURS)],
            10,
            7,
            REFERENCE.stroke_width(2),
        ))?;
        let (x, y) = chart.backend_coord(&(weeks, ARTICLE_HOURS));
        let words = format!("article: ~{ARTICLE_HOURS:.0} h");
        let style = font(ANNOTATION_SIZE, REFERENCE);
        text(
            root,
            &words,
            (x - 4, y - 6),
            &style,
            (HPos::Right, VPos::Bottom),
        )?;
    }
    Ok(())
}

/// Tick labels on a panel's y axis: one per 45 pixels of its height, 2 to 5, so that short
/// panels (many strategies or segments) keep their labels apart.
fn y_ticks<DB: DrawingBackend>(area: &Area<DB>) -> usize {
    (area.dim_in_pixel().1 as usize / 45).clamp(2, 5)
}
