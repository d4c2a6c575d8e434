//! `team-capacity.png`: the team's capacity week by week with turnover (runs with `[team]`):
//! the mean productive rep-weeks (each seated rep counts their productivity: a new rep ramps up)
//! against the seated reps and the team size. The seats' luck is paired, the same for every
//! strategy, so the chart draws it once.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::parts::*;
use super::style::*;
use crate::report::format::*;

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let weeks = f64::from(sim.weeks);
    let reps = f64::from(sim.reps);
    let Some(p) = input.part_b.iter().flatten().next() else {
        return Ok(());
    };
    let team = input
        .summary
        .strategies
        .iter()
        .find_map(|s| s.part_b.as_ref().map(|b| &b.team));
    let legend = vec![
        LegendItem {
            swatch: Swatch::Line(strategy_colour(0)),
            text: "productive rep-weeks (a new rep counts their ramp)".into(),
        },
        LegendItem {
            swatch: Swatch::Line(MUTED),
            text: "reps in their seats".into(),
        },
    ];
    let mut subtitle = format!(
        "The team's mean capacity each week over {}: reps in their seats, and productive \
         rep-weeks, where a rep still ramping counts the share of a ramped rep's meetings they \
         book. Dashed: the team size. The seats' luck is the same for every strategy.",
        counted(sim.trials, "simulated future")
    );
    if let Some(t) = team {
        subtitle.push_str(&format!(
            " Over the horizon: {} productive rep-weeks of {} (exact expectation {}).",
            tenths(t.productive_rep_weeks.mean),
            tenths(reps * weeks),
            tenths(t.productive_rep_weeks_expected)
        ));
    }
    let frame_spec = Frame {
        title: "Team capacity: vacancies and ramp, week by week".into(),
        subtitle,
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let lo = p.capacity.iter().map(|c| c.productive).fold(reps, f64::min);
    let y_min = (lo - (reps - lo).max(0.05 * reps) * 0.5).max(0.0);
    let mut chart = plot(&body, 0.0..weeks, y_min..reps * 1.02, true)?;
    axes(
        &mut chart,
        &Axes {
            x_desc: "Week",
            y_desc: "Reps (mean)",
            x_ticks: 14,
            y_ticks: 6,
            x_fmt: &number_tick,
            y_fmt: &number_tick,
        },
    )?;
    let line = |f: fn(&super::part_b_data::Capacity) -> f64| -> Vec<(f64, f64)> {
        p.capacity
            .iter()
            .enumerate()
            .map(|(t, c)| (t as f64 + 0.5, f(c)))
            .collect()
    };
    chart.draw_series(LineSeries::new(
        line(|c| c.seated),
        MUTED.stroke_width(LINE_WIDTH),
    ))?;
    chart.draw_series(LineSeries::new(
        line(|c| c.productive),
        strategy_colour(0).stroke_width(LINE_WIDTH + 1),
    ))?;
    chart.draw_series(DashedLineSeries::new(
        [(0.0, reps), (weeks, reps)],
        10,
        7,
        REFERENCE.stroke_width(2),
    ))?;
    let (x, y) = chart.backend_coord(&(weeks, reps));
    text(
        root,
        &format!("team size {}", number_tick(&reps)),
        (x - 4, y - 6),
        &font(ANNOTATION_SIZE, REFERENCE),
        (HPos::Right, VPos::Bottom),
    )?;
    Ok(())
}
