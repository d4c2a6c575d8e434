//! `territory-burn-down.png`: how long the list lasts. One panel per finite segment: the team's
//! fresh accounts left at the end of each week, per strategy (median line, P10-P90 band), and
//! the week a typical rep's fresh list runs out (the median list-out week) marked on the line.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::parts::*;
use super::style::*;
use crate::analysis::field::ListOutWeek;
use crate::model::field::Pool;
use crate::report::format::*;

/// Height of a panel's heading, in pixels.
const PANEL_HEADER: u32 = 34;
/// Height of a line of list-out words under it.
const WORDS_LINE: u32 = 24;

/// The words of a list-out week: "out in week 12 (11-13)" (P10-P90 in brackets), or that the
/// list lasts.
fn list_out_words(l: &ListOutWeek) -> String {
    match l.p50 {
        None => "lasts".to_string(),
        Some(w) => {
            let week = |v: Option<f64>| v.map_or("never".to_string(), |v| format!("{}", v.round()));
            format!(
                "out in week {} ({}-{})",
                w.round(),
                week(l.p10),
                week(l.p90)
            )
        }
    }
}

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let Some(field) = &input.scenario.field else {
        return Ok(());
    };
    let sim = input.scenario.simulation;
    let weeks = f64::from(sim.weeks);
    let finite: Vec<usize> = (0..field.segments.len())
        .filter(|&s| field.segments[s].accounts != Pool::Unlimited)
        .collect();
    let unlimited: Vec<&str> = field
        .segments
        .iter()
        .filter(|s| s.accounts == Pool::Unlimited)
        .map(|s| s.name.as_str())
        .collect();
    let legend = input
        .names()
        .enumerate()
        .map(|(i, name)| LegendItem {
            swatch: Swatch::Band(strategy_colour(i)),
            text: name.to_string(),
        })
        .collect();
    let mut subtitle = format!(
        "Fresh accounts (never called, or back with a new contact) the team has left at the end \
         of each week: the median of {} and the middle 80% (P10 to P90). A dot marks the end \
         of the week a typical rep runs out (median over reps and futures; P10 to P90 in \
         brackets). After a list-out the line lies near 0, but the team keeps working: \
         re-touches of due accounts, not counted here.",
        counted(sim.trials, "simulated future")
    );
    if !unlimited.is_empty() {
        subtitle.push_str(&format!(
            " Unlimited, so not drawn: {}.",
            unlimited.join(", ")
        ));
    }
    let frame_spec = Frame {
        title: "How long the list lasts: fresh accounts left, week by week".into(),
        subtitle,
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    if finite.is_empty() {
        return Ok(());
    }
    let cols = if finite.len() == 1 { 1 } else { 2 };
    let rows = finite.len().div_ceil(cols);
    let panels = body.split_evenly((rows, cols));
    let heading = font(AXIS_DESC_SIZE, TEXT);
    // Per panel, each strategy's list-out week in words, flowed into lines under the heading;
    // every panel's header is as tall as the tallest needs.
    let small = ANNOTATION_SIZE - 2.0;
    let left = Y_LABEL_AREA as i32 + MARGIN / 2;
    let right = panels[0].dim_in_pixel().0 as i32 - PLOT_RIGHT_MARGIN as i32;
    let mut placed: Vec<Vec<(RGBColor, String, i32, usize)>> = Vec::new();
    for &s in &finite {
        let mut items = Vec::new();
        let (mut x, mut line) = (left, 0);
        for (i, st) in input.summary.strategies.iter().enumerate() {
            let Some(g) = st.playing_field.as_ref().and_then(|f| f.segments.get(s)) else {
                continue;
            };
            if !g.worked {
                continue;
            }
            let colour = strategy_colour(i);
            let style = font(small, colour);
            let words = format!("{}: {}", st.name, list_out_words(&g.list_out_week));
            let mut w = text_width(root, &words, &style)?;
            if x > left && x + w > right {
                (x, line) = (left, line + 1);
            }
            let words = if w > right - x {
                let short = fit(root, &words, &style, right - x)?;
                w = text_width(root, &short, &style)?;
                short
            } else {
                words
            };
            items.push((colour, words, x, line));
            x += w + 24;
        }
        placed.push(items);
    }
    let lines = placed
        .iter()
        .map(|p| p.last().map_or(0, |l| l.3 + 1))
        .max()
        .unwrap_or(0) as u32;
    let header = PANEL_HEADER + WORDS_LINE * lines;
    for (k, &s) in finite.iter().enumerate() {
        let panel = &panels[k];
        let seg = &field.segments[s];
        let (head, plot_area) = panel.split_vertically(header);
        let accounts = match seg.accounts {
            Pool::Finite(a) => a,
            Pool::Unlimited => 0,
        };
        let title = fit(
            &head,
            &format!("{} ({} accounts)", seg.name, thousands(accounts as f64)),
            &heading,
            head.dim_in_pixel().0 as i32 - Y_LABEL_AREA as i32,
        )?;
        text(
            &head,
            &title,
            (left, PANEL_HEADER as i32 - 4),
            &heading,
            (HPos::Left, VPos::Bottom),
        )?;
        let fans: Vec<(RGBColor, &[super::data::FanPoint])> = input
            .field
            .iter()
            .enumerate()
            .map(|(i, f)| (strategy_colour(i), f.burn_down[s].as_slice()))
            .collect();
        let y_max = fans
            .iter()
            .flat_map(|(_, f)| f.iter().map(|p| p.p90))
            .fold(accounts as f64, f64::max)
            .max(1.0)
            * 1.08;
        let last_row = k / cols == rows - 1;
        let mut chart = plot(&plot_area, 0.0..weeks, 0.0..y_max, true)?;
        axes(
            &mut chart,
            &Axes {
                x_desc: if last_row {
                    "Weeks elapsed (weeks count from 0: week w ends at w + 1)"
                } else {
                    ""
                },
                y_desc: "Fresh accounts left",
                x_ticks: 8,
                y_ticks: panel_y_ticks(&plot_area),
                x_fmt: &number_tick,
                y_fmt: &|v| short_number(*v),
            },
        )?;
        super::parts::fans(&mut chart, &fans)?;
        // The median list-out week of each strategy, on its median line.
        for (i, st) in input.summary.strategies.iter().enumerate() {
            let Some(g) = st.playing_field.as_ref().and_then(|f| f.segments.get(s)) else {
                continue;
            };
            let Some(w) = g.list_out_week.p50.filter(|_| g.worked) else {
                continue;
            };
            let x = w + 1.0;
            let y = median_at(&input.field[i].burn_down[s], x);
            let colour = strategy_colour(i);
            let area = chart.plotting_area();
            area.draw(&Circle::new((x, y), 7, colour.filled()))?;
            area.draw(&Circle::new((x, y), 7, BACKGROUND.stroke_width(2)))?;
        }
        for (colour, words, x, line) in &placed[k] {
            let y = (PANEL_HEADER + WORDS_LINE * (*line as u32 + 1)) as i32 - 6;
            text(
                &head,
                words,
                (*x, y),
                &font(small, *colour),
                (HPos::Left, VPos::Bottom),
            )?;
        }
    }
    Ok(())
}

/// The median of `fan` at week `x` (linear between its points).
fn median_at(fan: &[super::data::FanPoint], x: f64) -> f64 {
    for w in fan.windows(2) {
        if x >= w[0].week && x <= w[1].week {
            let f = (x - w[0].week) / (w[1].week - w[0].week).max(1e-12);
            return w[0].p50 + f * (w[1].p50 - w[0].p50);
        }
    }
    fan.last().map_or(0.0, |p| p.p50)
}
