//! `the-whole-week.png`: the whole rep-week, week by week. One panel per strategy: the mean
//! rep-week's prospecting (research, dialing, idle), the selling work done in prospecting time
//! (squeezed) and the selling work done in the selling hours (meetings, proposals, customer
//! touches), stacked, with the article's ~22 prospecting hours and the hours available
//! (prospecting + selling) as lines.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::field_hours::IDLE;
use super::parts::*;
use super::style::*;
use super::time_spent::ARTICLE_HOURS;
use crate::report::format::*;

/// Selling work squeezed into prospecting time: a warm red, read as time taken from prospecting.
pub const SQUEEZED: RGBColor = RGBColor(214, 96, 77);
/// Meetings, proposals and customer touches: three teals from dark to light, apart from every
/// strategy colour's research and dialing.
pub const SELLING: [RGBColor; 3] = [
    RGBColor(1, 102, 94),
    RGBColor(53, 151, 143),
    RGBColor(128, 205, 193),
];
/// Height of a panel's heading, in pixels.
const PANEL_HEADER: u32 = 32;
/// Share of a week's width its bar fills.
const BAR_FILL: f64 = 0.8;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let weeks = f64::from(sim.weeks);
    let panels_data: Vec<(usize, &super::part_b_data::StrategyPartB)> = input
        .part_b
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
        .collect();
    let mut legend = vec![
        LegendItem {
            swatch: Swatch::Solid(IDLE),
            text: "idle: no one left to call".into(),
        },
        LegendItem {
            swatch: Swatch::Solid(SQUEEZED),
            text: "selling work squeezed into prospecting time".into(),
        },
    ];
    for (colour, words) in SELLING
        .iter()
        .zip(["meetings", "proposals", "customer touches"])
    {
        legend.push(LegendItem {
            swatch: Swatch::Solid(*colour),
            text: format!("{words} (in the selling hours)"),
        });
    }
    legend.push(LegendItem {
        swatch: Swatch::Line(MUTED),
        text: "hours available: prospecting + selling".into(),
    });
    let frame_spec = Frame {
        title: "The whole week, week by week: prospecting and selling".into(),
        subtitle: format!(
            "The mean rep-week over {} and {} (an empty seat counts 0): research (light) and \
             dialing (dark) in the strategy's colour, idle hours in grey, then the selling work: \
             in red what had to come out of prospecting time, in teal what fit in the selling \
             hours (split among meetings, proposals and touches as their work fell due). \
             Dashed: the article's ~{ARTICLE_HOURS:.0} prospecting hours.",
            counted(sim.trials, "future"),
            counted(u64::from(sim.reps), "rep")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let n = panels_data.len().max(1);
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
    let y_max = panels_data
        .iter()
        .flat_map(|(_, p)| {
            p.weeks.iter().map(|w| {
                let stack =
                    w.research + w.dialing + w.idle + w.squeezed + w.selling.iter().sum::<f64>();
                stack.max(w.prospecting_drawn + w.selling_available)
            })
        })
        .fold(ARTICLE_HOURS, f64::max)
        * 1.12;
    for (k, ((i, p), panel)) in panels_data.iter().zip(&panels).enumerate() {
        let colour = strategy_colour(*i);
        let (head, plot_area) = panel.split_vertically(PANEL_HEADER);
        let name = input
            .summary
            .strategies
            .get(*i)
            .map_or("", |s| s.name.as_str());
        text(
            &head,
            name,
            (Y_LABEL_AREA as i32 + MARGIN / 2, PANEL_HEADER as i32 - 4),
            &font(AXIS_DESC_SIZE, colour),
            (HPos::Left, VPos::Bottom),
        )?;
        let last = k + 1 == n;
        let mut chart = plot(&plot_area, 0.0..weeks, 0.0..y_max, last)?;
        axes(
            &mut chart,
            &Axes {
                x_desc: if last { "Week" } else { "" },
                y_desc: "Hours per rep-week",
                x_ticks: 14,
                y_ticks: (plot_area.dim_in_pixel().1 as usize / 45).clamp(2, 5),
                x_fmt: &number_tick,
                y_fmt: &|v| format!("{} h", number_tick(v)),
            },
        )?;
        let gap = (1.0 - BAR_FILL) / 2.0;
        for (t, w) in p.weeks.iter().enumerate() {
            let (x0, x1) = (t as f64 + gap, t as f64 + 1.0 - gap);
            let mut y = 0.0;
            let layers = [
                (w.research, tint(colour, 0.55)),
                (w.dialing, colour),
                (w.idle, IDLE),
                (w.squeezed, SQUEEZED),
                (w.selling[0], SELLING[0]),
                (w.selling[1], SELLING[1]),
                (w.selling[2], SELLING[2]),
            ];
            for (v, fill) in layers {
                if v > 0.0 {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x0, y), (x1, y + v)],
                        fill.filled(),
                    )))?;
                }
                y += v;
            }
        }
        // Hours available, a step per week.
        let steps: Vec<(f64, f64)> = p
            .weeks
            .iter()
            .enumerate()
            .flat_map(|(t, w)| {
                let a = w.prospecting_drawn + w.selling_available;
                [(t as f64, a), (t as f64 + 1.0, a)]
            })
            .collect();
        chart.draw_series(LineSeries::new(steps, MUTED.stroke_width(2)))?;
        chart.draw_series(DashedLineSeries::new(
            [(0.0, ARTICLE_HOURS), (weeks, ARTICLE_HOURS)],
            10,
            7,
            REFERENCE.stroke_width(2),
        ))?;
        let (x, y) = chart.backend_coord(&(weeks, ARTICLE_HOURS));
        text(
            root,
            &format!("article: ~{ARTICLE_HOURS:.0} h"),
            (x - 4, y - 6),
            &font(ANNOTATION_SIZE, REFERENCE),
            (HPos::Right, VPos::Bottom),
        )?;
    }
    Ok(())
}
