//! What `calibrate` found in each CRM export, as terminal text: whose column names the file
//! uses, the column read for each field, how its dates were read, the rows read and used, what
//! the records hold, and every row left out (or used in part) counted by reason with its lines.

use std::collections::BTreeSet;

use crate::calibrate::columns::{kind_name, shape_name};
use crate::calibrate::dates::reading_name;
use crate::calibrate::{ActivityKind, Dataset, ExportKind, Outcome, Shape, SourceFile};
use crate::report::format::{counted, thousands};

/// How many line numbers a reason lists before "and N more".
const LINES_SHOWN: usize = 6;

/// The text for every file read, in the order they were read.
pub fn found(data: &Dataset) -> String {
    let mut out = String::new();
    for source in &data.sources {
        file_block(data, source, &mut out);
    }
    out
}

fn file_block(data: &Dataset, source: &SourceFile, out: &mut String) {
    let names = match source.shape {
        Shape::Generic => "generic column names".to_string(),
        s => format!("{} export", shape_name(s)),
    };
    out.push_str(&format!(
        "{}: {}, {names}\n",
        source.path,
        kind_name(source.kind)
    ));
    let columns: Vec<String> = source
        .columns
        .iter()
        .map(|(field, column)| format!("{field} \"{column}\""))
        .collect();
    out.push_str(&format!("  columns: {}\n", columns.join(", ")));
    if !source.date_readings.is_empty() {
        let dates: Vec<String> = source
            .date_readings
            .iter()
            .map(|(column, r)| format!("\"{column}\" {}", reading_name(*r)))
            .collect();
        out.push_str(&format!("  dates:   {}\n", dates.join(", ")));
    }
    let skipped: Vec<_> = data
        .skipped
        .iter()
        .filter(|s| s.file == source.path)
        .collect();
    let left_out = source.rows_read - source.rows_used;
    out.push_str(&format!(
        "  rows:    {} read, {} used, {} left out\n",
        thousands(source.rows_read as f64),
        thousands(source.rows_used as f64),
        thousands(left_out as f64)
    ));
    match source.kind {
        ExportKind::Opportunities => opportunities_line(data, out),
        ExportKind::Accounts => accounts_line(data, out),
        ExportKind::Activities => activities_line(data, source, out),
    }
    for (in_part, heading) in [(false, "left out"), (true, "used in part")] {
        let groups: Vec<_> = skipped.iter().filter(|s| s.in_part == in_part).collect();
        if groups.is_empty() {
            continue;
        }
        out.push_str(&format!("  {heading}:\n"));
        for s in groups {
            let shown: Vec<String> = s
                .rows
                .iter()
                .take(LINES_SHOWN)
                .map(|l| l.to_string())
                .collect();
            let more = s.rows.len().saturating_sub(LINES_SHOWN);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            let noun = if s.rows.len() == 1 { "line" } else { "lines" };
            out.push_str(&format!(
                "    {:>5}  {}; {noun} {}{more}\n",
                thousands(s.rows.len() as f64),
                s.reason,
                shown.join(", ")
            ));
        }
    }
}

fn opportunities_line(data: &Dataset, out: &mut String) {
    let deals = &data.opportunities;
    let count = |o: Outcome| deals.iter().filter(|d| d.outcome == o).count() as u64;
    let reps: BTreeSet<usize> = deals.iter().map(|d| d.rep).collect();
    out.push_str(&format!(
        "  deals:   {} won, {} lost, {} open, owned by {}\n",
        thousands(count(Outcome::Won) as f64),
        thousands(count(Outcome::Lost) as f64),
        thousands(count(Outcome::Open) as f64),
        counted(reps.len() as u64, "rep")
    ));
    if let (Some(first), Some(last)) = (
        deals.iter().map(|d| d.created).min(),
        deals
            .iter()
            .filter_map(|d| d.closed)
            .chain(deals.iter().map(|d| d.created))
            .max(),
    ) {
        out.push_str(&format!("  span:    {first} to {last}\n"));
    }
    let known = deals
        .iter()
        .filter(|d| d.reached_proposal.is_some())
        .count();
    let reached = deals
        .iter()
        .filter(|d| d.reached_proposal == Some(true))
        .count();
    out.push_str(&format!(
        "  stages:  {} of {} deals show whether they reached a proposal ({} did)\n",
        thousands(known as f64),
        thousands(deals.len() as f64),
        thousands(reached as f64)
    ));
}

fn accounts_line(data: &Dataset, out: &mut String) {
    let accounts = &data.accounts;
    let industries: BTreeSet<String> = accounts
        .iter()
        .filter_map(|a| a.industry.as_ref().map(|i| i.to_lowercase()))
        .collect();
    let with_size = accounts
        .iter()
        .filter(|a| a.employees.is_some() || a.annual_revenue.is_some())
        .count();
    let names: BTreeSet<String> = accounts.iter().map(|a| a.name.to_lowercase()).collect();
    let with_account = data
        .opportunities
        .iter()
        .filter(|d| d.account.is_some())
        .count();
    let matched = data
        .opportunities
        .iter()
        .filter(|d| {
            d.account
                .as_ref()
                .is_some_and(|a| names.contains(&a.to_lowercase()))
        })
        .count();
    out.push_str(&format!(
        "  accounts: {} in {}, {} with a size; {} of {} deals with an account name are at one \
         of them\n",
        thousands(accounts.len() as f64),
        counted(industries.len() as u64, "industry").replace("industrys", "industries"),
        thousands(with_size as f64),
        thousands(matched as f64),
        thousands(with_account as f64)
    ));
}

fn activities_line(data: &Dataset, source: &SourceFile, out: &mut String) {
    let acts = &data.activities;
    let dials = acts.iter().filter(|a| a.kind == ActivityKind::Dial);
    let (mut yes, mut no, mut unknown) = (0u64, 0u64, 0u64);
    for d in dials {
        match d.connected {
            Some(true) => yes += 1,
            Some(false) => no += 1,
            None => unknown += 1,
        }
    }
    let meetings = acts
        .iter()
        .filter(|a| a.kind == ActivityKind::Meeting)
        .count() as u64;
    let reps: BTreeSet<usize> = acts.iter().map(|a| a.rep).collect();
    out.push_str(&format!(
        "  activities: {} ({} connected, {} not, {} without an outcome), {} by {}\n",
        counted(yes + no + unknown, "dial"),
        thousands(yes as f64),
        thousands(no as f64),
        thousands(unknown as f64),
        counted(meetings, "meeting"),
        counted(reps.len() as u64, "rep")
    ));
    if !source.columns.iter().any(|(f, _)| f == "outcome") {
        out.push_str("  no call outcome column: the connect rate cannot be read from this file\n");
    }
}
