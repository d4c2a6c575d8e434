//! `calibrate`: read a team's CRM exports, report what they show, and write a scenario fitted
//! to them (README.md, "Start from your CRM").
//!
//! Every input is checked before anything is written: the exports are read (a file that
//! cannot be read, lacks a needed column or has dates that cannot be read one way is bad
//! input, exit code 2), the scenario file must not exist unless `--force` is given, and the
//! report folder must take files. Then the scenario, the page and the charts are rendered in
//! memory, the scenario is checked by the validator `run` uses, and only then written.

use anyhow::{Context, anyhow};

use super::AppError;
use crate::calibrate::{
    Calibration, DateReading, FitOptions, Outcome, ReadOptions, calibrate, read_files,
    scenario_toml,
};
use crate::choices::ChartFormat;
use crate::cli::{CalibrateArgs, DateOrder};
use crate::config::error::{Problem, ScenarioError};
use crate::config::parse_scenario_with;
use crate::report::calibration::{self, HTML_FILE};
use crate::report::charts::Drawing;
use crate::report::charts::calibration::{CalibrationChart, CalibrationDrawing};
use crate::report::crm_files::found;
use crate::report::files::{Content, OutputDir, remove_stale, write_all, write_file};
use crate::report::format::{counted, short_number, tenths};

pub(super) fn command(args: &CalibrateArgs) -> Result<String, AppError> {
    if args.out.exists() && !args.force {
        return Err(AppError::bad_input(anyhow!(
            "{} already exists; pass --force to replace it, or name another file with --out",
            args.out.display()
        )));
    }
    if let Some(parent) = args.out.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(AppError::bad_input(anyhow!(
            "--out {}: the folder {} does not exist",
            args.out.display(),
            parent.display()
        )));
    }
    let options = ReadOptions {
        maps: args.map.clone(),
        date_order: args.date_order.map(|o| match o {
            DateOrder::DayMonthYear => DateReading::DayMonthYear,
            DateOrder::MonthDayYear => DateReading::MonthDayYear,
        }),
    };
    let data = read_files(
        &args.opportunities,
        args.accounts.as_deref(),
        args.activities.as_deref(),
        &options,
    )
    .map_err(AppError::bad_input)?;
    let mut out = found(&data);
    let closed = data
        .opportunities
        .iter()
        .filter(|d| d.outcome != Outcome::Open)
        .count();
    if closed == 0 {
        // What was found is part of the message: it says why nothing could be used.
        return Err(AppError::bad_input(anyhow!(
            "{}no won or lost deal could be used in {}, so there is nothing to calibrate from",
            out,
            args.opportunities.display()
        )));
    }
    let fit_options = FitOptions {
        weeks_per_year: f64::from(args.weeks_per_year),
        show_names: args.show_names,
    };
    let calibration = calibrate(&data, &fit_options);
    let scenario = scenario_toml(&calibration);
    // The scenario must be one `run` accepts. Where it is not, only because the export's own
    // values spread wider than a simulation can draw from (amounts in cents among dollars, a
    // cycle of decades), that is bad input; anything else is a bug here.
    let name = args.out.display().to_string();
    if let Err(e) = parse_scenario_with(&scenario, &name, &[]) {
        return Err(match too_spread(&e, &calibration) {
            Some(what) => AppError::bad_input(anyhow!(
                "{}: {what}, too wide a spread to simulate ({}). Are some amounts in cents, or \
                 in another currency the file does not name? Correct or remove those rows, or \
                 --map the field to another column",
                args.opportunities.display(),
                e.problems
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            None => anyhow!("the calibrated scenario does not validate (a bug): {e}").into(),
        });
    }
    let report_dir = OutputDir::prepare(&args.report_dir).map_err(AppError::bad_input)?;
    let files = calibration::files(&calibration, &[ChartFormat::Png])?;

    write_file(&args.out, &Content::Bytes(scenario.into_bytes()))?;
    write_all(report_dir.path(), &files)?;
    // Charts of an earlier calibration this one has no data for would mix two runs.
    let mut ours = vec![HTML_FILE.to_string()];
    for chart in CalibrationChart::ALL {
        let stem = CalibrationDrawing {
            chart,
            calibration: &calibration,
        }
        .file_stem();
        ours.extend(["png", "svg"].map(|ext| format!("{stem}.{ext}")));
    }
    let written: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    remove_stale(report_dir.path(), &ours, &written).context("tidying the report folder")?;

    out.push('\n');
    out.push_str(&calibration::terminal(&calibration));
    out.push('\n');
    let charts = files.len().saturating_sub(1) as u64;
    out.push_str(&format!(
        "Wrote the scenario to {name}, and {HTML_FILE} with {} to {}.\n",
        counted(charts, "chart"),
        args.report_dir.display()
    ));
    out.push_str(&format!(
        "Check and run it:\n  prospect-sim validate {name}\n  prospect-sim run {name}\n"
    ));
    Ok(out)
}

/// What in the export makes the scenario's refused values, when every problem is a fitted
/// distribution too wide to draw from: the won amounts' or the won cycles' range.
fn too_spread(e: &ScenarioError, c: &Calibration) -> Option<String> {
    let key = |p: &Problem, k: &str| p.place.ends_with(&format!("key {k}"));
    let range = |v: &[f64]| (v.first().copied(), v.last().copied());
    let mut what = Vec::new();
    if e.problems.iter().any(|p| key(p, "revenue_per_sale"))
        && let Some(a) = &c.amounts
        && let (Some(lo), Some(hi)) = range(&a.sorted)
    {
        what.push(format!(
            "the won amounts run from {} to {} (a lognormal sigma of {:.2})",
            short_number(lo),
            short_number(hi),
            a.sigma.value
        ));
    }
    if e.problems.iter().any(|p| key(p, "sales_cycle_weeks"))
        && let Some(cy) = &c.cycle
    {
        what.push(format!(
            "the won deals' cycles fit a lognormal of median {} weeks and sigma {:.2}",
            tenths(cy.median_weeks.value),
            cy.sigma.value
        ));
    }
    let all_fitted = e
        .problems
        .iter()
        .all(|p| key(p, "revenue_per_sale") || key(p, "sales_cycle_weeks"));
    (all_fitted && !what.is_empty()).then(|| what.join(", and "))
}
