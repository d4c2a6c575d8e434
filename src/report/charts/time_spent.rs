//! `time-spent.png`: the distribution of prospecting hours per rep-week (the article's ~22
//! hours and each strategy's mean marked), and per strategy how the hours split between
//! research and dialing.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::data::{bin_target, rebin_hours};
use super::parts::*;
use super::style::*;
use crate::report::format::*;
use crate::stats::BIN_HOURS;

/// The article's figure: reps prospect about half their week, some 22 hours.
pub const ARTICLE_HOURS: f64 = 22.0;
/// Whether the article's line belongs on an hours axis drawn from `start` to `end`: only
/// inside it, where it compares with the bars.
pub fn article_line_shown(start: f64, end: f64) -> bool {
    (start..=end).contains(&ARTICLE_HOURS)
}

/// Height of one strategy's bar in the split panel, in pixels.
const SPLIT_ROW: u32 = 46;
/// Height above the split panel for its heading (with a gap under the plot above).
const SPLIT_HEADER: u32 = 58;
/// Share of a bin's width the side-by-side bars of all strategies fill.
const BAR_FILL: f64 = 0.84;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let summaries = &input.summary.strategies;
    let n = summaries.len();
    let dists: Vec<_> = input
        .result
        .strategies
        .iter()
        .map(|r| &r.hours[0])
        .collect();
    let rep_weeks = dists.first().map_or(0, |d| d.count());
    let bins = rebin_hours(&dists, BIN_HOURS, bin_target(rep_weeks as usize).min(40));
    let (start, end, width) = bins
        .first()
        .map_or((0.0, 1.0, 1.0), |b| (b.start, b.end(), b.width));
    // The article's figure is marked only where the hours are: outside their range it would
    // stretch the axis over empty space, so the subtitle gives it instead.
    let article_on_axis = article_line_shown(start, end);
    let legend = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| LegendItem {
            swatch: Swatch::Solid(strategy_colour(i)),
            text: format!(
                "{}: mean {} prospecting per rep-week",
                s.name,
                hours(s.hours_per_rep_week.prospecting.mean)
            ),
        })
        .collect();
    let article = if article_on_axis {
        format!("; dashed: the article's ~{ARTICLE_HOURS:.0} hours")
    } else {
        format!(
            "; the article's ~{ARTICLE_HOURS:.0} hours lie {} the hours drawn",
            if ARTICLE_HOURS < start {
                "below"
            } else {
                "above"
            }
        )
    };
    let frame_spec = Frame {
        title: "Prospecting time per rep-week, and where it goes".into(),
        subtitle: format!(
            "Top: how the hours of {} simulated rep-weeks spread (bars side by side per bin; \
             solid lines: each strategy's mean{article}). Bottom: the mean rep-week split \
             into account research and dialing.",
            thousands(rep_weeks as f64)
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let (_, body_h) = body.dim_in_pixel();
    let split_h = SPLIT_HEADER + SPLIT_ROW * n as u32 + X_LABEL_AREA;
    let (top, bottom) = body.split_vertically(body_h.saturating_sub(split_h));

    // Top: the distribution, side-by-side bars per bin.
    let (lo, hi) = (start, end);
    let y_max = bins.iter().map(|b| b.max_share()).fold(0.0, f64::max) * 100.0 * 1.12;
    let mut chart = plot(&top, lo..hi, 0.0..y_max.max(1e-9), true)?;
    let y_desc = format!("% of rep-weeks per {} h", number_tick(&width));
    axes(
        &mut chart,
        &Axes {
            x_desc: "Prospecting hours in a rep-week",
            y_desc: &y_desc,
            x_ticks: 14,
            y_ticks: 6,
            x_fmt: &|v| format!("{} h", number_tick(v)),
            y_fmt: &percent_tick,
        },
    )?;
    for (i, b) in bins.iter().enumerate() {
        let colour = strategy_colour(i);
        let slot = b.width * BAR_FILL / n as f64;
        let offset = b.width * (1.0 - BAR_FILL) / 2.0 + slot * i as f64;
        chart.draw_series(b.shares().filter(|s| s.2 > 0.0).map(|(l, _, share)| {
            Rectangle::new(
                [(l + offset, 0.0), (l + offset + slot, share * 100.0)],
                colour.filled(),
            )
        }))?;
    }
    for (i, s) in summaries.iter().enumerate() {
        let m = s.hours_per_rep_week.prospecting.mean;
        chart.draw_series(LineSeries::new(
            [(m, 0.0), (m, y_max)],
            strategy_colour(i).stroke_width(2),
        ))?;
    }
    if article_on_axis {
        chart.draw_series(DashedLineSeries::new(
            [(ARTICLE_HOURS, 0.0), (ARTICLE_HOURS, y_max)],
            10,
            7,
            REFERENCE.stroke_width(2),
        ))?;
        let (ax, ay) = chart.backend_coord(&(ARTICLE_HOURS, y_max));
        let words = format!("article: ~{ARTICLE_HOURS:.0} h");
        let style = font(ANNOTATION_SIZE, REFERENCE);
        // Right of the line, or left of it when the plot ends first.
        let (px, _) = chart.plotting_area().get_pixel_range();
        let right = ax + 8 + text_width(root, &words, &style)? <= px.end;
        let (x, h) = if right {
            (ax + 8, HPos::Left)
        } else {
            (ax - 8, HPos::Right)
        };
        text(root, &words, (x, ay + 2), &style, (h, VPos::Top))?;
    }

    // Bottom: the split of the mean rep-week.
    let header = font(AXIS_DESC_SIZE, TEXT);
    text(
        root,
        "How the hours split: mean hours per rep-week",
        (MARGIN, bottom.get_base_pixel().1 + SPLIT_HEADER as i32 - 34),
        &header,
        (HPos::Left, VPos::Top),
    )?;
    let (_, split_area) = bottom.split_vertically(SPLIT_HEADER);
    let label = font(ANNOTATION_SIZE, TEXT);
    let light = font(ANNOTATION_SIZE, BACKGROUND);
    // Per strategy: (research, dialing) hours and their labels.
    let rows: Vec<[(f64, String); 2]> = summaries
        .iter()
        .map(|s| {
            let h = &s.hours_per_rep_week;
            let total = (h.research.mean + h.dialing.mean).max(1e-9);
            let words =
                |what: &str, v: f64| format!("{what} {} ({:.0}%)", hours(v), v / total * 100.0);
            [
                (h.research.mean, words("research", h.research.mean)),
                (h.dialing.mean, words("dialing", h.dialing.mean)),
            ]
        })
        .collect();
    // A label goes inside its segment when it fits, else after the end of the bar; the axis
    // is stretched until those fit too (two passes: stretching narrows the segments).
    // Names left of the bars, as wide as the widest needs, up to a third of the width
    // (longer names are shortened there).
    let mut name_w = 0;
    for s in summaries {
        name_w = name_w.max(text_width(root, &s.name, &label)?);
    }
    let name_room = (name_w + 20).clamp(Y_LABEL_AREA as i32, WIDTH as i32 / 3);
    let plot_w = f64::from(split_area.dim_in_pixel().0)
        - f64::from(MARGIN as u32 / 2 + PLOT_RIGHT_MARGIN + name_room as u32);
    let longest = summaries
        .iter()
        .map(|s| s.hours_per_rep_week.prospecting.mean)
        .fold(0.0, f64::max)
        .max(1e-9);
    let mut x_max = longest * 1.02;
    let mut outside: Vec<String> = vec![String::new(); n];
    for _ in 0..2 {
        let px = |hours: f64| hours / x_max * plot_w;
        let mut need = 0.0f64;
        for (k, row) in rows.iter().enumerate() {
            let mut extra = Vec::new();
            for (i, (v, words)) in row.iter().enumerate() {
                let style = if i == 0 { &label } else { &light };
                if *v > 0.0 && px(*v) < f64::from(text_width(root, words, style)? + 16) {
                    extra.push(words.clone());
                }
            }
            outside[k] = extra.join(", ");
            if !outside[k].is_empty() {
                let end = px(row[0].0 + row[1].0);
                let w = f64::from(text_width(root, &outside[k], &label)?);
                need = need.max(end + 12.0 + w);
            }
        }
        if need > plot_w {
            x_max *= need / plot_w;
        }
    }
    let mut split = plot_with_label_width(
        &split_area,
        0.0..x_max,
        0.0..n as f64,
        true,
        name_room as u32,
    )?;
    split
        .configure_mesh()
        .disable_y_mesh()
        .disable_x_mesh()
        .y_labels(0)
        .x_labels(12)
        .x_label_formatter(&|v| format!("{} h", number_tick(v)))
        .x_desc("Hours per rep-week")
        .axis_style(AXIS.stroke_width(1))
        .label_style(font(TICK_SIZE, TEXT))
        .axis_desc_style(font(AXIS_DESC_SIZE, TEXT))
        .draw()?;
    for (i, (s, row)) in summaries.iter().zip(&rows).enumerate() {
        let colour = strategy_colour(i);
        let y = n as f64 - i as f64 - 0.5;
        let (y0, y1) = (y - 0.3, y + 0.3);
        let mut a = 0.0;
        for (k, (v, words)) in row.iter().enumerate() {
            let (fill, style) = if k == 0 {
                (tint(colour, 0.55), &label)
            } else {
                (colour, &light)
            };
            let b = a + v;
            if *v > 0.0 {
                split.draw_series(std::iter::once(Rectangle::new(
                    [(a, y0), (b, y1)],
                    fill.filled(),
                )))?;
                let (xa, py) = split.backend_coord(&(a, y));
                let (xb, _) = split.backend_coord(&(b, y));
                if !outside[i].contains(words.as_str()) {
                    text(
                        root,
                        words,
                        ((xa + xb) / 2, py),
                        style,
                        (HPos::Center, VPos::Center),
                    )?;
                }
            }
            a = b;
        }
        let (xe, py) = split.backend_coord(&(a, y));
        if !outside[i].is_empty() {
            text(
                root,
                &outside[i],
                (xe + 12, py),
                &label,
                (HPos::Left, VPos::Center),
            )?;
        }
        let (x0, _) = split.backend_coord(&(0.0, y));
        let name = fit(root, &s.name, &label, name_room - 16)?;
        text(
            root,
            &name,
            (x0 - 10, py),
            &font(ANNOTATION_SIZE, colour),
            (HPos::Right, VPos::Center),
        )?;
    }
    Ok(())
}
