//! `revenue-by-segment.png`: where the revenue comes from. For each segment, one bar per
//! strategy: the mean revenue its targets on that segment book, stacked by the contact called,
//! with a whisker from P10 to P90 of the segment's revenue over futures.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::parts::*;
use super::style::*;
use crate::report::format::*;

/// Tints of a strategy's colour for the contacts, in the scenario's contact order.
const CONTACT_TINTS: [f64; 4] = [0.0, 0.4, 0.62, 0.8];
/// Share of a segment's width its bars fill.
const GROUP_FILL: f64 = 0.78;

/// The tint of contact `c`.
fn contact_tint(c: usize) -> f64 {
    CONTACT_TINTS[c % CONTACT_TINTS.len()]
}

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let Some(field) = &input.scenario.field else {
        return Ok(());
    };
    let sim = input.scenario.simulation;
    let summaries = &input.summary.strategies;
    let n = summaries.len().max(1);
    // Segments some strategy works, in the scenario's order.
    let segments: Vec<usize> = (0..field.segments.len())
        .filter(|&s| {
            summaries.iter().any(|st| {
                st.playing_field
                    .as_ref()
                    .is_some_and(|f| f.segments.get(s).is_some_and(|g| g.worked))
            })
        })
        .collect();
    let mut legend: Vec<LegendItem> = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // The bars add up to what the targets book (new logos); with an installed base the
            // strategy's revenue adds the customers' expansions, which belong to no target, so
            // the legend says both rather than a total the bars do not reach.
            let bars: f64 = s
                .playing_field
                .as_ref()
                .map_or(0.0, |f| f.segments.iter().map(|g| g.revenue.mean).sum());
            let text = if (s.revenue.mean - bars).abs() < 0.5 {
                format!("{}: {} in all (mean)", s.name, money_short(s.revenue.mean))
            } else {
                format!(
                    "{}: {} from new logos, {} with the customers' expansions (means)",
                    s.name,
                    money_short(bars),
                    money_short(s.revenue.mean)
                )
            };
            LegendItem {
                swatch: Swatch::Solid(strategy_colour(i)),
                text,
            }
        })
        .collect();
    // The contacts' shades, in grey: every strategy's bars take the same shades of its own
    // colour, so a bar with no room for its contact's name still says whom it called.
    let called = (0..field.contacts.len()).filter(|&c| {
        input
            .scenario
            .strategies
            .iter()
            .any(|st| st.targets.iter().any(|t| t.contact == c))
    });
    for c in called {
        legend.push(LegendItem {
            swatch: Swatch::Solid(tint(MUTED, contact_tint(c))),
            text: format!("contact: {}", field.contacts[c].name),
        });
    }
    let shades: Vec<String> = field
        .contacts
        .iter()
        .enumerate()
        .map(|(c, k)| {
            let shade = match c % CONTACT_TINTS.len() {
                0 => "darkest",
                1 => "mid",
                2 => "light",
                _ => "lightest",
            };
            format!("{} {shade}", k.name)
        })
        .collect();
    let frame_spec = Frame {
        title: "Revenue by segment and contact".into(),
        subtitle: format!(
            "Mean team revenue booked in {} from each segment, one bar per strategy, stacked by \
             the contact called (shades of the strategy's colour, as the grey swatches: {}); \
             whisker: P10 to P90 of the segment's revenue over {}.",
            counted(u64::from(sim.weeks), "week"),
            shades.join(", "),
            counted(sim.trials, "future")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let g = segments.len().max(1) as f64;
    let y_max = summaries
        .iter()
        .filter_map(|s| s.playing_field.as_ref())
        .flat_map(|f| f.segments.iter().map(|x| x.revenue.p90.max(x.revenue.mean)))
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.12;
    let mut chart = plot(&body, 0.0..g, 0.0..y_max, true)?;
    let y_desc = format!("Team revenue in {} weeks", sim.weeks);
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .x_labels(0)
        .y_labels(8)
        .y_label_formatter(&money_tick)
        .y_desc(y_desc)
        .x_desc("Segment");
    house_mesh(&mut mesh, font(AXIS_DESC_SIZE, TEXT)).draw()?;
    let slot = GROUP_FILL / n as f64;
    let inside = font(ANNOTATION_SIZE - 2.0, TEXT);
    let inside_light = font(ANNOTATION_SIZE - 2.0, BACKGROUND);
    let value_style = font(ANNOTATION_SIZE - 2.0, TEXT);
    let tick = font(TICK_SIZE, TEXT);
    for (k, &s) in segments.iter().enumerate() {
        let left = k as f64 + (1.0 - GROUP_FILL) / 2.0;
        // The segment's name under its group.
        let (xa, ya) = chart.backend_coord(&(k as f64, 0.0));
        let (xb, _) = chart.backend_coord(&(k as f64 + 1.0, 0.0));
        let name = fit(root, &field.segments[s].name, &tick, xb - xa - 6)?;
        text(
            root,
            &name,
            ((xa + xb) / 2, ya + 8),
            &tick,
            (HPos::Center, VPos::Top),
        )?;
        for (i, st) in summaries.iter().enumerate() {
            let Some(pf) = &st.playing_field else {
                continue;
            };
            let colour = strategy_colour(i);
            let (x0, x1) = (
                left + slot * i as f64 + slot * 0.06,
                left + slot * (i + 1) as f64 - slot * 0.06,
            );
            let mut y = 0.0;
            for (j, t) in st_targets(input, i, s) {
                let v = pf.targets[j].revenue.mean;
                if v <= 0.0 {
                    continue;
                }
                let amount = contact_tint(t);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0, y), (x1, y + v)],
                    tint(colour, amount).filled(),
                )))?;
                // The contact's name inside its slab when it fits.
                let (px0, py0) = chart.backend_coord(&(x0, y));
                let (px1, py1) = chart.backend_coord(&(x1, y + v));
                let style = if amount < 0.3 { &inside_light } else { &inside };
                let words = &field.contacts[t].name;
                // At the slab's foot, clear of the whisker, which starts at P10.
                if py0 - py1 >= 26 && text_width(root, words, style)? <= px1 - px0 - 8 {
                    text(
                        root,
                        words,
                        ((px0 + px1) / 2, py0 - 6),
                        style,
                        (HPos::Center, VPos::Bottom),
                    )?;
                }
                y += v;
            }
            let seg = &pf.segments[s];
            if !seg.worked {
                continue;
            }
            // Whisker: P10 to P90 of the segment's revenue.
            let xm = (x0 + x1) / 2.0;
            let cap = (x1 - x0) * 0.18;
            let (lo, hi) = (seg.revenue.p10, seg.revenue.p90);
            for line in [
                vec![(xm, lo), (xm, hi)],
                vec![(xm - cap, lo), (xm + cap, lo)],
                vec![(xm - cap, hi), (xm + cap, hi)],
            ] {
                chart.draw_series(LineSeries::new(line, REFERENCE.stroke_width(2)))?;
            }
            let (px, py) = chart.backend_coord(&(xm, hi.max(y)));
            text(
                root,
                &money_short(seg.revenue.mean),
                (px, py - 6),
                &value_style,
                (HPos::Center, VPos::Bottom),
            )?;
        }
    }
    Ok(())
}

/// Strategy `i`'s targets on segment `s`: (target index, contact index), in its order.
fn st_targets(input: &ChartInput<'_>, i: usize, s: usize) -> Vec<(usize, usize)> {
    input.scenario.strategies[i]
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| t.segment == s)
        .map(|(j, t)| (j, t.contact))
        .collect()
}
