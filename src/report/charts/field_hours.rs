//! `prospecting-week-by-week.png`: where the prospecting week goes, week by week. One panel per
//! strategy: the mean rep-week's research, dialing and idle hours (no one left to call) stacked
//! for every week of the horizon, with the article's ~22 hours as a dashed line.

use plotters::prelude::*;

use super::ChartInput;
use super::parts::*;
use super::style::*;
use super::time_spent::ARTICLE_HOURS;
use super::week_panels;
use crate::report::format::*;

/// The colour of idle hours: a neutral grey, so that they read as time lost whatever the
/// strategy's colour.
pub const IDLE: RGBColor = RGBColor(189, 189, 189);

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
    let panels = week_panels::stack(&body, input.field.len());
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
    let n = panels.len();
    let y_ticks = week_panels::y_ticks(&panels);
    for (i, (f, panel)) in input.field.iter().zip(&panels).enumerate() {
        let colour = strategy_colour(i);
        let name = summaries.get(i).map_or("", |s| s.name.as_str());
        let plot_area = week_panels::heading(panel, name, colour)?;
        let mut chart = week_panels::hours_plot(&plot_area, weeks, y_max, y_ticks, i + 1 == n)?;
        for (t, w) in f.weeks.iter().enumerate() {
            let layers = [
                (w.research, tint(colour, 0.55)),
                (w.dialing, colour),
                (w.idle, IDLE),
            ];
            week_panels::stacked_bar(&mut chart, t, &layers)?;
        }
        week_panels::article_line(root, &mut chart, weeks)?;
    }
    Ok(())
}
