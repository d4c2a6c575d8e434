//! `the-whole-week.png`: the whole rep-week, week by week. One panel per strategy: the mean
//! rep-week's prospecting (research, dialing, idle), the selling work done in prospecting time
//! (squeezed) and the selling work done in the selling hours (meetings, proposals, customer
//! touches), stacked, with the article's ~22 prospecting hours and the hours available
//! (prospecting + selling) as lines. The gap between the bars and the hours available is the
//! selling hours no selling work used (docs/model.md, "Selling time"): the chart says so, lest
//! it read as spare prospecting time.

use plotters::prelude::*;

use super::ChartInput;
use super::field_hours::IDLE;
use super::parts::*;
use super::style::*;
use super::time_spent::ARTICLE_HOURS;
use super::week_panels;
use crate::model::selling::WhenFull;
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

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, input: &ChartInput<'_>) -> ChartResult<(), DB> {
    let sim = input.scenario.simulation;
    let weeks = f64::from(sim.weeks);
    let panels_data = input.part_b_strategies();
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
    let field = input.scenario.field.as_ref();
    let when_full = field.and_then(|f| f.selling.as_ref()).map(|s| s.when_full);
    // What lies between the bars and the hours available. The bars are the prospecting hours
    // drawn (prospected + squeezed) plus the selling work done within the selling hours S, the
    // line the prospecting hours drawn plus S: the gap is S less that work, hours a week of
    // selling time that no meeting, proposal or touch used. They are lost for the week (not
    // saved, and prospecting keeps its drawn hours), so they are no spare prospecting time.
    let (available, gap) = match when_full {
        Some(WhenFull::Squeeze) => (
            "hours available: prospecting + selling (the gap above the bars: selling hours unused)",
            " Unused selling hours are lost, not spare prospecting time.",
        ),
        Some(WhenFull::Unlimited) => (
            "hours available: prospecting + selling (the gap above the bars: selling hours unused)",
            " Unused selling hours are lost, not spare prospecting time. Selling time is not \
             squeezed here (when_full = \"unlimited\"): where the selling work exceeds the \
             selling hours, the bars rise above the line.",
        ),
        None => (
            "hours available: prospecting",
            " Without [selling] the selling work takes no time of the week: the solid line is \
             the prospecting hours alone.",
        ),
    };
    // The steps every rest_weeks weeks: the accounts of one week's first passes come due
    // together for their next pass, which needs no research (docs/model.md, "The playing field").
    let passes = field
        .filter(|f| f.max_passes > 1)
        .map_or(String::new(), |f| {
            let later = match f.max_passes {
                2 => "a second pass".to_string(),
                3 => "passes 2 and 3".to_string(),
                n => format!("passes 2 to {n}"),
            };
            format!(
                " An account without a meeting comes back for {later} after {} of rest, \
                 without new research: hence the steps every {} weeks.",
                counted(u64::from(f.rest_weeks), "week"),
                f.rest_weeks
            )
        });
    // Only a team with leavers has empty seats to count.
    let seats = if field.is_some_and(|f| f.team.is_some()) {
        " (an empty seat counts 0)"
    } else {
        ""
    };
    legend.push(week_panels::article_legend());
    legend.push(LegendItem {
        swatch: Swatch::Line(MUTED),
        text: available.into(),
    });
    let frame_spec = Frame {
        title: "The whole week, week by week: prospecting and selling".into(),
        subtitle: format!(
            "The mean rep-week over {} and {}{seats}: research (light) and \
             dialing (dark) in the strategy's colour, idle hours in grey, then the selling work: \
             in red what had to come out of prospecting time, in teal what fit in the selling \
             hours (split among meetings, proposals and touches as their work fell \
             due).{passes}{gap}",
            counted(sim.trials, "future"),
            counted(u64::from(sim.reps), "rep")
        ),
        legend,
        note: input.provenance(),
    };
    let body = frame(root, &frame_spec)?;
    let panels = week_panels::stack(&body, panels_data.len());
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
    let n = panels.len();
    let y_ticks = week_panels::y_ticks(&panels);
    for (k, ((i, p), panel)) in panels_data.iter().zip(&panels).enumerate() {
        let colour = strategy_colour(*i);
        let name = input
            .summary
            .strategies
            .get(*i)
            .map_or("", |s| s.name.as_str());
        let plot_area = week_panels::heading(panel, name, colour)?;
        let mut chart = week_panels::hours_plot(&plot_area, weeks, y_max, y_ticks, k + 1 == n)?;
        for (t, w) in p.weeks.iter().enumerate() {
            let layers = [
                (w.research, tint(colour, 0.55)),
                (w.dialing, colour),
                (w.idle, IDLE),
                (w.squeezed, SQUEEZED),
                (w.selling[0], SELLING[0]),
                (w.selling[1], SELLING[1]),
                (w.selling[2], SELLING[2]),
            ];
            week_panels::stacked_bar(&mut chart, t, &layers)?;
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
        // Unlabelled: the selling work stacks above 22 h in every week, so a label beside the
        // line would sit on the bars; the legend names it.
        week_panels::article_dashes(&mut chart, weeks)?;
    }
    Ok(())
}
