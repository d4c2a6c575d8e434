//! `funnel.png`: per strategy the mean dials, conversations, appointments, proposals and
//! closes per rep per week, one panel per stage (each on its own linear scale, since dials
//! outnumber closes a thousandfold), with the realised stage-to-stage ratios written under
//! each panel: the article's KPIs side by side.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::data::{STAGE_RATIOS, STAGES};
use super::parts::*;
use super::style::*;
use crate::report::format::*;

/// Gap between the legend and the panel headers, in pixels.
const GAP: i32 = 10;
/// Height of the panel headers, in pixels.
const HEADER: i32 = 34;
/// Height of the ratio text under the bars: a label line plus one line per strategy.
const RATIO_LINE: i32 = 26;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let names: Vec<&str> = input.names().collect();
    let n = names.len();
    let legend = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let f = &input.strategies[i].funnel;
            let per_close = if f.per_rep_week[4] > 0.0 {
                format!(
                    "{} conversations per close",
                    count(f.per_rep_week[1] / f.per_rep_week[4])
                )
            } else {
                "no closes".into()
            };
            LegendItem {
                swatch: Swatch::Solid(strategy_colour(i)),
                text: format!("{name}: {per_close}"),
            }
        })
        .collect();
    let frame_spec = Frame {
        title: "The funnel per rep per week: the article's KPIs side by side".into(),
        subtitle: format!(
            "Bars: mean count per rep per week over {}, each stage on its own \
             scale. Under each stage: the share of the stage before that reached it, pooled \
             over every rep-week (closes include deals that book after the horizon).",
            counted(sim.trials, "simulated future")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let (bw, bh) = body.dim_in_pixel();
    let (bx, by) = body.get_base_pixel();
    let (by, bh) = (by + GAP, bh - GAP as u32);
    let panel_w = (bw as i32 - 2 * MARGIN) / STAGES.len() as i32;
    let ratio_h = RATIO_LINE * (n as i32 + 1) + 10;
    let bars_top = by + HEADER + 30; // room for the value over the tallest bar
    let bars_bottom = by + bh as i32 - ratio_h - 8;
    let bar_h = (bars_bottom - bars_top).max(1) as f64;
    let header = font(AXIS_DESC_SIZE, TEXT);
    let value = font(ANNOTATION_SIZE, TEXT);
    let muted = font(NOTE_SIZE, MUTED);
    let slot = ((panel_w - 36) / n.max(1) as i32).min(90);
    let bar_w = (slot as f64 * 0.78) as i32;
    for (k, stage) in STAGES.iter().enumerate() {
        let left = bx + MARGIN + panel_w * k as i32;
        let centre = left + panel_w / 2;
        text(
            root,
            stage,
            (centre, by + 4),
            &header,
            (HPos::Center, VPos::Top),
        )?;
        let max = input
            .strategies
            .iter()
            .map(|s| s.funnel.per_rep_week[k])
            .fold(0.0, f64::max);
        let group_left = centre - slot * n as i32 / 2;
        for (i, s) in input.strategies.iter().enumerate() {
            let v = s.funnel.per_rep_week[k];
            let h = if max > 0.0 {
                (v / max * bar_h).round() as i32
            } else {
                0
            };
            let x0 = group_left + slot * i as i32 + (slot - bar_w) / 2;
            let colour = strategy_colour(i);
            if h > 0 {
                root.draw(&Rectangle::new(
                    [(x0, bars_bottom - h), (x0 + bar_w, bars_bottom)],
                    colour.filled(),
                ))?;
            }
            text(
                root,
                &count(v),
                (x0 + bar_w / 2, bars_bottom - h - 6),
                &value,
                (HPos::Center, VPos::Bottom),
            )?;
        }
        // The panel's baseline.
        root.draw(&PathElement::new(
            vec![(left + 12, bars_bottom), (left + panel_w - 12, bars_bottom)],
            AXIS.stroke_width(1),
        ))?;
        if k > 0 {
            // A separator and the ratio to the stage before.
            let ry = bars_bottom + 12;
            text(
                root,
                STAGE_RATIOS[k - 1],
                (centre, ry),
                &muted,
                (HPos::Center, VPos::Top),
            )?;
            for (i, s) in input.strategies.iter().enumerate() {
                text(
                    root,
                    &share(s.funnel.ratios[k - 1]),
                    (centre, ry + RATIO_LINE * (i as i32 + 1)),
                    &font(ANNOTATION_SIZE, strategy_colour(i)),
                    (HPos::Center, VPos::Top),
                )?;
            }
            root.draw(&PathElement::new(
                vec![(left, by + HEADER), (left, bars_bottom + ratio_h)],
                GRID.stroke_width(1),
            ))?;
        }
    }
    Ok(())
}
