//! `trials.csv` and `weekly.csv`, streamed to a writer (a million trials make a large file).

use std::io::{self, Write};

use crate::analysis::weekly::WeekRow;
use crate::sim::SimResult;

/// Header of `trials.csv`.
pub const TRIALS_HEADER: &str = "trial,strategy,revenue,deals,closes,proposals,appointments,\
conversations,dials,pipeline_past_horizon,prospecting_hours,research_hours,dialing_hours";

/// One row per trial and strategy, trial-major so that paired trials sit together.
pub fn write_trials(out: &mut dyn Write, result: &SimResult) -> io::Result<()> {
    writeln!(out, "{TRIALS_HEADER}")?;
    let trials = result.strategies.first().map_or(0, |s| s.trials.len());
    for i in 0..trials {
        for run in &result.strategies {
            let t = &run.trials[i];
            writeln!(
                out,
                "{i},{},{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(&run.name),
                t.revenue,
                t.deals,
                t.closes,
                t.proposals,
                t.appointments,
                t.conversations,
                t.dials,
                t.pipeline_past_horizon,
                t.prospecting_hours,
                t.research_hours,
                t.dialing_hours
            )?;
        }
    }
    Ok(())
}

/// Header of `weekly.csv`.
pub const WEEKLY_HEADER: &str = "strategy,week,cumulative_revenue_mean,cumulative_revenue_p10,\
cumulative_revenue_p50,cumulative_revenue_p90,prospecting_hours_per_rep,research_hours_per_rep,\
dialing_hours_per_rep";

/// One row per strategy and week.
pub fn write_weekly(out: &mut dyn Write, rows: &[(String, Vec<WeekRow>)]) -> io::Result<()> {
    writeln!(out, "{WEEKLY_HEADER}")?;
    for (name, weeks) in rows {
        for r in weeks {
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{}",
                csv_field(name),
                r.week,
                r.revenue_mean,
                r.revenue_p10,
                r.revenue_p50,
                r.revenue_p90,
                r.prospecting_hours,
                r.research_hours,
                r.dialing_hours
            )?;
        }
    }
    Ok(())
}

/// A field quoted per RFC 4180 when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("top-down"), "top-down");
        assert_eq!(csv_field("70/30, mixed"), "\"70/30, mixed\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
