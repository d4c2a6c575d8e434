//! `coverage.png`: how well each strategy covers the territory. For each finite segment, one
//! bar per strategy splitting its accounts (at week 0 plus arrivals) by the horizon into never
//! touched, back with a new contact and not yet called, and touched 1, 2, 3 or more times.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::field_data::{COVERAGE, COVERAGE_LAST_PASSES};
use super::parts::*;
use super::style::*;
use crate::model::field::Pool;
use crate::report::format::*;

/// The colours of the [`COVERAGE`] categories: greys for accounts nobody has called (yet),
/// then the heat scale for one, two, three passes or more.
fn category_colour(k: usize) -> RGBColor {
    match k {
        0 => RGBColor(222, 222, 222),
        1 => RGBColor(240, 226, 196),
        2 => heat_colour(0.3),
        3 => heat_colour(0.62),
        _ => heat_colour(0.95),
    }
}

/// Height of a segment's heading row, in bar rows.
const HEADER_ROWS: f64 = 0.9;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let Some(field) = &input.scenario.field else {
        return Ok(());
    };
    let sim = input.scenario.simulation;
    let summaries = &input.summary.strategies;
    let n = input.field.len();
    let finite: Vec<usize> = (0..field.segments.len())
        .filter(|&s| field.segments[s].accounts != Pool::Unlimited)
        .collect();
    let legend = COVERAGE
        .iter()
        .enumerate()
        .map(|(k, words)| LegendItem {
            swatch: Swatch::Solid(category_colour(k)),
            // When the passes allowed are exactly the last category's, it is the limit itself.
            text: if k == COVERAGE.len() - 1 && field.max_passes == COVERAGE_LAST_PASSES {
                format!("{COVERAGE_LAST_PASSES} passes, the most: no more calls")
            } else {
                (*words).to_string()
            },
        })
        .collect();
    let frame_spec = Frame {
        title: format!("How well the territory is covered by week {}", sim.weeks),
        subtitle: format!(
            "Each segment's accounts (at the start plus new ones), by how many passes their \
             current contact has had, the mean over {}. After {} without a meeting an \
             account is retired: nobody calls it again. A resting account whose contact went \
             stale comes back with a new contact and starts again at no pass.",
            counted(sim.trials, "future"),
            counted_as(u64::from(field.max_passes), "pass", "passes")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    if finite.is_empty() || n == 0 {
        return Ok(());
    }
    // Rows from the top: per segment a heading, then one bar per strategy.
    let group = HEADER_ROWS + n as f64;
    let total = group * finite.len() as f64;
    let label = font(ANNOTATION_SIZE, TEXT);
    let mut name_w = 0;
    for s in summaries {
        name_w = name_w.max(text_width(root, &s.name, &label)?);
    }
    let name_room = (name_w + 24).clamp(Y_LABEL_AREA as i32, WIDTH as i32 / 3);
    let mut chart = plot_with_label_width(&body, 0.0..100.0, 0.0..total, true, name_room as u32)?;
    let x_fmt = |v: &f64| format!("{}%", number_tick(v));
    let mut mesh = chart.configure_mesh();
    mesh.disable_y_mesh()
        .y_labels(0)
        .x_labels(11)
        .x_label_formatter(&x_fmt)
        .x_desc("Share of the segment's accounts");
    house_mesh(&mut mesh, font(AXIS_DESC_SIZE, TEXT)).draw()?;
    let heading = font(AXIS_DESC_SIZE, TEXT);
    let dark = font(ANNOTATION_SIZE - 2.0, BACKGROUND);
    let light = font(ANNOTATION_SIZE - 2.0, TEXT);
    for (g, &s) in finite.iter().enumerate() {
        let top = total - group * g as f64;
        let seg = &field.segments[s];
        let (hx, hy) = chart.backend_coord(&(0.0, top - HEADER_ROWS / 2.0 - 0.05));
        text(
            root,
            &seg.name,
            (hx + 8, hy),
            &heading,
            (HPos::Left, VPos::Center),
        )?;
        for (i, f) in input.field.iter().enumerate() {
            let Some(shares) = f.coverage[s] else {
                continue;
            };
            let y = top - HEADER_ROWS - i as f64 - 0.5;
            let (y0, y1) = (y - 0.36, y + 0.36);
            let mut a = 0.0;
            for (k, share) in shares.iter().enumerate() {
                let b = a + share * 100.0;
                if *share > 0.0 {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(a, y0), (b, y1)],
                        category_colour(k).filled(),
                    )))?;
                    let words = whole_percent(*share);
                    let style = if k >= 3 { &dark } else { &light };
                    let (xa, py) = chart.backend_coord(&(a, y));
                    let (xb, _) = chart.backend_coord(&(b, y));
                    if text_width(root, &words, style)? + 8 <= xb - xa {
                        text(
                            root,
                            &words,
                            ((xa + xb) / 2, py),
                            style,
                            (HPos::Center, VPos::Center),
                        )?;
                    }
                }
                a = b;
            }
            let (x0, py) = chart.backend_coord(&(0.0, y));
            let name = summaries.get(i).map_or("", |s| s.name.as_str());
            let name = fit(root, name, &label, name_room - 16)?;
            text(
                root,
                &name,
                (x0 - 10, py),
                &font(ANNOTATION_SIZE, strategy_colour(i)),
                (HPos::Right, VPos::Center),
            )?;
        }
    }
    Ok(())
}
