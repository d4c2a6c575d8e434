//! `validate`: check a scenario file and say what it would run, without running it.

use std::path::Path;

use super::AppError;
use super::shared::{bytes_text, load, memory_available};
use crate::analysis::budget::estimate;
use crate::config::Override;
use crate::model::analytic::{expected_strategy_revenue, field_closed_form_is_exact};
use crate::report::format::{counted, counted_as, display_width, money, pad_right, thousands};
use crate::sim::Keep;

pub(super) fn command(path: &Path, overrides: &[Override]) -> Result<String, AppError> {
    let mut out = String::new();
    let (_, scenario) = load(Some(path), overrides.to_vec())?;
    let sim = scenario.simulation;
    let strategies = counted_as(scenario.strategies.len() as u64, "strategy", "strategies");
    say!(
        out,
        "{}: valid scenario \"{}\" with {}",
        path.display(),
        scenario.name,
        strategies
    );
    say!(
        out,
        "It would run {} x {} x {} x {} = {} (seed {}).",
        counted(sim.trials, "trial"),
        counted(sim.reps.into(), "rep"),
        counted(sim.weeks.into(), "week"),
        strategies,
        counted(scenario.total_rep_weeks(), "rep-week"),
        sim.seed
    );
    // The estimate `run` checks before it allocates (see analysis::budget).
    let threads = rayon::current_num_threads();
    let cost = estimate(&scenario, Keep::for_summary(&scenario), threads);
    let memory = match memory_available() {
        Some((available, _)) if cost.bytes > available => format!(
            "; `run` would refuse it: only {} is available, room for about {} trials",
            bytes_text(available),
            thousands(cost.trials_within(available) as f64)
        ),
        Some((available, _)) => format!(" of the {} available", bytes_text(available)),
        None => String::new(),
    };
    say!(
        out,
        "Estimated memory: about {}{memory}.",
        bytes_text(cost.bytes)
    );
    say!(
        out,
        "Estimated time: {} on {} (at {} million rep-weeks/s per thread).",
        duration_text(cost.seconds),
        counted(threads as u64, "thread"),
        cost.rep_weeks_per_thread_second / 1e6
    );
    say!(
        out,
        "Closed-form mean team revenue over {}:",
        counted(sim.weeks.into(), "week")
    );
    let width = scenario
        .strategies
        .iter()
        .map(|s| display_width(&s.name))
        .max()
        .unwrap_or(0);
    for (i, s) in scenario.strategies.iter().enumerate() {
        // A finite territory or re-touches make the closed form a reference, not the mean
        // (docs/model.md, "The playing field"): say so rather than print it as the answer.
        let reference = match &scenario.field {
            Some(field) if !field_closed_form_is_exact(field, s) => {
                " with an endless list and one pass per account; this territory's mean differs \
                 (`run` measures it)"
            }
            _ => "",
        };
        // The closed form counts new logos only: an installed base's expansion revenue (part
        // B) comes on top, and `run` reports it apart.
        let expansion = match &scenario.field {
            Some(field) if field.installed_base.is_some() => {
                "; new logos only, without the installed base's expansion revenue"
            }
            _ => "",
        };
        say!(
            out,
            "  {}  {}{reference}{expansion}",
            pad_right(&s.name, width),
            money(expected_strategy_revenue(&scenario, i))
        );
    }
    Ok(out)
}

/// A duration for people: `under 1 s`, `42 s`, `12 min`, `3.5 h`, `41 days`, `2.1e6 years`.
fn duration_text(seconds: f64) -> String {
    const YEAR: f64 = 365.25 * 86_400.0;
    match seconds {
        s if s < 1.0 => "under 1 s".to_string(),
        s if s < 10.0 => format!("about {s:.1} s"),
        s if s < 120.0 => format!("about {s:.0} s"),
        s if s < 7_200.0 => format!("about {:.0} min", s / 60.0),
        s if s < 172_800.0 => format!("about {:.1} h", s / 3_600.0),
        s if s < YEAR => format!("about {:.0} days", s / 86_400.0),
        s if s < 1e4 * YEAR => format!("about {} years", thousands((s / YEAR).round())),
        s => format!("about {:.1e} years", s / YEAR),
    }
}

#[cfg(test)]
mod tests {
    use super::duration_text;

    #[test]
    fn durations_read_in_their_unit() {
        assert_eq!(duration_text(0.2), "under 1 s");
        assert_eq!(duration_text(1.49), "about 1.5 s");
        assert_eq!(duration_text(42.4), "about 42 s");
        assert_eq!(duration_text(720.0), "about 12 min");
        assert_eq!(duration_text(12_600.0), "about 3.5 h");
        assert_eq!(duration_text(41.0 * 86_400.0), "about 41 days");
        assert_eq!(duration_text(2.0 * 365.25 * 86_400.0), "about 2 years");
        assert_eq!(
            duration_text(2.1e6 * 365.25 * 86_400.0),
            "about 2.1e6 years"
        );
    }
}
