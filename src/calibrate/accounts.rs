//! The accounts export into [`Account`] records: name, industry, employees (a range such as
//! `51-200` reads as its middle) and annual revenue. Rows without a name and repeated names
//! (ignoring case) are set aside; a size that is no number is left blank; both are counted.

use std::collections::HashSet;

use super::cells::{self, Cell};
use super::read::{ReadOptions, Skips, cell, columns_of, rows_of, source};
use super::records::{Account, Dataset, ExportKind};
use super::table::{ReadError, Table};

/// Reads the accounts export into `data` (accounts, skipped rows, its source).
pub(super) fn read(
    table: &Table,
    options: &ReadOptions,
    data: &mut Dataset,
) -> Result<(), ReadError> {
    let columns = columns_of(table, ExportKind::Accounts, options)?;
    let mut skips = Skips::new(&table.file);
    let rows = rows_of(table, &mut skips);
    let mut names: HashSet<String> = HashSet::new();
    let before = data.accounts.len();
    for (line, row) in &rows {
        let line = *line;
        let name = cell(&columns, row, "name");
        if name.is_empty() {
            skips.add("no account name", line);
            continue;
        }
        if !names.insert(name.to_lowercase()) {
            skips.add("duplicate account name (the first is kept)", line);
            continue;
        }
        let industry = cell(&columns, row, "industry");
        let employees = match cells::count(cell(&columns, row, "employees")) {
            Cell::Value(n) => Some(n),
            Cell::Blank => None,
            Cell::Unreadable => {
                skips.part("employees is no whole number: left blank", line);
                None
            }
        };
        let annual_revenue = match cells::amount(cell(&columns, row, "revenue")) {
            Cell::Value(v) if v >= 0.0 => Some(v),
            Cell::Blank => None,
            _ => {
                skips.part("annual revenue is no amount: left blank", line);
                None
            }
        };
        data.accounts.push(Account {
            row: line,
            name: name.to_string(),
            industry: (!cells::is_blank(industry)).then(|| industry.to_string()),
            employees,
            annual_revenue,
        });
    }
    let used = data.accounts.len() - before;
    data.sources
        .push(source(table, ExportKind::Accounts, &columns, &[], used));
    data.skipped.extend(skips.into_skipped());
    Ok(())
}
