//! `calibrate`: read a team's CRM exports, report what they show, and write a scenario fitted
//! to them (README.md, "Start from your CRM").
//!
//! Every input is checked before anything is written: the exports are read (a file that
//! cannot be read, lacks a needed column or has dates that cannot be read one way is bad
//! input, exit code 2), and the scenario file must not exist unless `--force` is given.

use anyhow::anyhow;

use super::AppError;
use crate::calibrate::{DateReading, Outcome, ReadOptions, read_files};
use crate::cli::{CalibrateArgs, DateOrder};
use crate::report::crm_files::found;

pub(super) fn command(args: &CalibrateArgs) -> Result<String, AppError> {
    if args.out.exists() && !args.force {
        return Err(AppError::bad_input(anyhow!(
            "{} already exists; pass --force to replace it, or name another file with --out",
            args.out.display()
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
    let closed = data
        .opportunities
        .iter()
        .filter(|d| d.outcome != Outcome::Open)
        .count();
    if closed == 0 {
        return Err(AppError::bad_input(anyhow!(
            "{}: no won or lost deal could be used, so there is nothing to calibrate from \
             (see the rows left out above? run with a file that has closed deals)",
            args.opportunities.display()
        )));
    }
    let mut out = String::new();
    out.push_str(&found(&data));
    Ok(out)
}
