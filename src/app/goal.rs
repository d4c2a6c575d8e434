//! `goal`: the smallest value of a key that meets a target, by bisection over runs that share
//! their trial streams.

use std::time::Instant;

use anyhow::{Context, anyhow};

use super::AppError;
use super::shared::{
    check_budget, load, output_dir, overrides, progress_spinner, refuse_varied_and_set,
    strategy_index, thread_pool,
};
use crate::cli::GoalArgs;
use crate::config::Override;
use crate::config::spec::fmt_number;
use crate::model::key::KeyPath;
use crate::report::csv;
use crate::report::files::{OutputFile, write_all};
use crate::report::format::{counted, estimate, thousands};
use crate::report::whatif::{metric_text, target_text};
use crate::sim::Keep;
use crate::whatif::goal::{Outcome, seek_with_progress};
use crate::whatif::parse_range;

pub(super) fn command(args: &GoalArgs) -> Result<String, AppError> {
    let mut out = String::new();
    let started = Instant::now();
    let run = &args.run;
    let (key, range) =
        parse_range(&args.vary).map_err(|e| AppError::bad_input(anyhow!("--vary {e}")))?;
    let (source, base) = load(run.scenario.as_deref(), overrides(run))?;
    refuse_varied_and_set(&source, &key)?;
    let names: Vec<&str> = base.strategies.iter().map(|s| s.name.as_str()).collect();
    let key = KeyPath::parse(&key, &names);
    let index = strategy_index(&base, args.strategy.as_deref())?;
    let strategy = base.strategies[index].name.clone();
    let pool = thread_pool(run.threads)?;
    let threads = pool.current_num_threads();
    // Check both ends of the range before running anything (rounded inwards for whole-number
    // keys, as the search will).
    for end in [range.0, range.1] {
        let end = match (key.is_whole(), end == range.0) {
            (true, true) => end.ceil(),
            (true, false) => end.floor(),
            (false, _) => end,
        };
        let value = end.to_string();
        let given_as = format!("--vary {key}={value}");
        let at_end = source
            .scenario(&[Override::given_as(key.text(), &value, given_as)])
            .map_err(AppError::bad_input)?;
        // Memory grows with every size key, so the ends bound every probe's.
        check_budget(&at_end, Keep::for_summary(&at_end), 0, threads)?;
    }
    let dir = output_dir(run, &base.name)?;
    let out_dir = dir.path();
    let bar = progress_spinner(run.quiet, "trials simulated");
    let result = pool
        .install(|| {
            seek_with_progress(&source, &key, range, args.target, &strategy, &|n| {
                bar.inc(n)
            })
        })
        .map_err(AppError::bad_input)?;
    bar.finish_and_clear();
    let mut table = Vec::new();
    csv::write_goal(&mut table, &key, args.target, &result).context("rendering goal.csv")?;
    write_all(out_dir, &[OutputFile::bytes("goal.csv", table)])?;
    if !run.quiet {
        let t = &args.target;
        say!(
            out,
            "Goal: {} for {strategy}, varying {key} over {}..{}",
            target_text(t),
            range.0,
            range.1
        );
        let metric = |v: f64| metric_text(t, v);
        match result.outcome {
            Outcome::Found {
                at,
                value_uncertainty,
            } => {
                // No more digits than the Monte Carlo error supports; a whole-number key
                // (reps, weeks) reads whole.
                let (mut value, error) = estimate(at.value, value_uncertainty);
                if key.is_whole() {
                    value = thousands(at.value);
                }
                let plus_minus = error.map_or(String::new(), |u| {
                    format!(" (+/- {u} from Monte Carlo error)")
                });
                say!(
                    out,
                    "Smallest value that meets it: {key} = {value}{plus_minus}"
                );
                say!(
                    out,
                    "  there: {} +/- {} (standard error)",
                    metric(at.metric),
                    metric(at.se)
                );
            }
            Outcome::NotInRange(at) => {
                say!(
                    out,
                    "No value in {}..{} meets it: at {} the metric is {} +/- {}, short of {}.",
                    fmt_number(range.0),
                    fmt_number(range.1),
                    fmt_number(at.value),
                    metric(at.metric),
                    metric(at.se),
                    metric(t.threshold)
                );
            }
        }
        say!(
            out,
            "{} of {} in {:.2} s, on the same trial streams. Wrote goal.csv to {}",
            counted(result.probes.len() as u64, "run"),
            counted(base.simulation.trials, "trial"),
            started.elapsed().as_secs_f64(),
            out_dir.display()
        );
    }
    Ok(out)
}
