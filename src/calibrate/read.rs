//! Reading the exports of one `calibrate` run into a [`Dataset`]: the steps every export shares
//! (its columns recognised, each date column's reading settled, rows of the wrong width, blank
//! rows and duplicates set aside, unusable rows counted by reason) and the assembly of the
//! three readers' records. The readers themselves: `opportunities.rs`, `accounts.rs`,
//! `activities.rs`.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::columns::{ColumnMap, Columns, kind_name, recognise};
use super::dates::{self, Settled, reading_name};
use super::records::{Dataset, DateReading, ExportKind, Skipped, SourceFile};
use super::table::{self, ReadError, Table};
use super::{accounts, activities, opportunities};

/// What the command line says about reading, beyond the files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// `--map FIELD=COLUMN` entries, in order.
    pub maps: Vec<ColumnMap>,
    /// `--date-order`: how to read a date column whose values allow day first and month first
    /// alike (a column whose values settle it is read as they say).
    pub date_order: Option<DateReading>,
}

/// The exports of one run, as text already read: for tests and for callers that hold the text.
#[derive(Debug, Clone, Copy)]
pub struct Texts<'a> {
    /// The opportunities export: its name for messages and its text.
    pub opportunities: (&'a str, &'a str),
    /// The accounts export, if any.
    pub accounts: Option<(&'a str, &'a str)>,
    /// The activities export, if any.
    pub activities: Option<(&'a str, &'a str)>,
}

/// Reads the exports at the given paths.
///
/// # Errors
/// A file that cannot be read or parsed, lacks a needed field, has a date column that cannot
/// be read one way, or a `--map` entry that fits no file (see [`read_tables`]).
pub fn read_files(
    opportunities: &Path,
    accounts: Option<&Path>,
    activities: Option<&Path>,
    options: &ReadOptions,
) -> Result<Dataset, ReadError> {
    let opportunities = table::read(opportunities)?;
    let accounts = accounts.map(table::read).transpose()?;
    let activities = activities.map(table::read).transpose()?;
    read_tables(opportunities, accounts, activities, options)
}

/// Reads exports given as text (see [`Texts`]).
///
/// # Errors
/// As [`read_files`], except for reading the files.
pub fn read_texts(texts: Texts<'_>, options: &ReadOptions) -> Result<Dataset, ReadError> {
    let (name, text) = texts.opportunities;
    let opportunities = table::parse(name, text)?;
    let accounts = texts
        .accounts
        .map(|(n, t)| table::parse(n, t))
        .transpose()?;
    let activities = texts
        .activities
        .map(|(n, t)| table::parse(n, t))
        .transpose()?;
    read_tables(opportunities, accounts, activities, options)
}

/// Reads parsed exports into records.
///
/// # Errors
/// A file lacks a needed field (the message lists its columns and the fields needed), a `--map`
/// entry names a column no given file has (or an export not given), or a date column cannot be
/// read one way (its values allow both orders and neither `--date-order` nor another date
/// column of the file settles it, or they mix both).
pub fn read_tables(
    opportunities: Table,
    accounts: Option<Table>,
    activities: Option<Table>,
    options: &ReadOptions,
) -> Result<Dataset, ReadError> {
    check_maps(
        &opportunities,
        accounts.as_ref(),
        activities.as_ref(),
        options,
    )?;
    let mut data = Dataset::default();
    let mut reps = Reps::default();
    opportunities::read(&opportunities, options, &mut reps, &mut data)?;
    if let Some(t) = &accounts {
        accounts::read(t, options, &mut data)?;
    }
    if let Some(t) = &activities {
        activities::read(t, options, &mut reps, &mut data)?;
    }
    data.reps = reps.names;
    Ok(data)
}

/// Every `--map` entry must fit a file: one naming an export needs that file, and its column
/// in it; one naming none needs its column in some file whose export has the field.
fn check_maps(
    opportunities: &Table,
    accounts: Option<&Table>,
    activities: Option<&Table>,
    options: &ReadOptions,
) -> Result<(), ReadError> {
    let tables = [
        (ExportKind::Opportunities, Some(opportunities)),
        (ExportKind::Accounts, accounts),
        (ExportKind::Activities, activities),
    ];
    for map in &options.maps {
        if let Some(kind) = map.kind
            && tables.iter().any(|(k, t)| *k == kind && t.is_none())
        {
            return Err(ReadError::file(
                "--map",
                format!(
                    "{}.{}={}: no --{} file was given",
                    kind_name(kind),
                    map.field,
                    map.column,
                    kind_name(kind)
                ),
            ));
        }
        if map.kind.is_some() {
            continue; // checked against its file's columns when the file is read
        }
        let fits = tables.iter().any(|(k, t)| {
            t.is_some_and(|t| {
                super::columns::spec(*k)
                    .fields
                    .iter()
                    .any(|f| f.key == map.field)
                    && t.headers.iter().any(|h| {
                        super::columns::normalise(h) == super::columns::normalise(&map.column)
                    })
            })
        });
        if !fits {
            let listed: Vec<String> = tables
                .iter()
                .filter_map(|(_, t)| *t)
                .map(|t| {
                    format!(
                        "{} has {}",
                        t.file,
                        t.headers
                            .iter()
                            .map(|h| format!("\"{h}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            return Err(ReadError::file(
                "--map",
                format!(
                    "{}={}: no given file has a column \"{}\" for {}; {}",
                    map.field,
                    map.column,
                    map.column,
                    map.field,
                    listed.join("; ")
                ),
            ));
        }
    }
    Ok(())
}

/// The reps in order of first appearance, matched ignoring case and repeated spaces.
#[derive(Debug, Default)]
pub(super) struct Reps {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Reps {
    /// The index of the rep named `name` (trimmed, non-blank), adding them when new.
    pub(super) fn index_of(&mut self, name: &str) -> usize {
        let key = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        self.names.push(name.trim().to_string());
        self.index.insert(key, self.names.len() - 1);
        self.names.len() - 1
    }
}

/// The rows of one file set aside, grouped by reason in order of first appearance.
#[derive(Debug)]
pub(super) struct Skips {
    file: String,
    groups: Vec<(String, bool, Vec<usize>)>,
}

impl Skips {
    pub(super) fn new(file: &str) -> Self {
        Skips {
            file: file.to_string(),
            groups: Vec::new(),
        }
    }

    /// Counts `line` as left out for `reason`.
    pub(super) fn add(&mut self, reason: impl Into<String>, line: usize) {
        self.count(reason.into(), false, line);
    }

    /// Counts `line` as used only in part, for `reason`.
    pub(super) fn part(&mut self, reason: impl Into<String>, line: usize) {
        self.count(reason.into(), true, line);
    }

    fn count(&mut self, reason: String, in_part: bool, line: usize) {
        match self
            .groups
            .iter_mut()
            .find(|(r, p, _)| *r == reason && *p == in_part)
        {
            Some((_, _, lines)) => lines.push(line),
            None => self.groups.push((reason, in_part, vec![line])),
        }
    }

    pub(super) fn into_skipped(self) -> Vec<Skipped> {
        let file = self.file;
        self.groups
            .into_iter()
            .map(|(reason, in_part, rows)| Skipped {
                file: file.clone(),
                reason,
                rows,
                in_part,
            })
            .collect()
    }
}

/// The rows worth reading: rows with the header's width that are not blank. The others are
/// counted in `skips`.
pub(super) fn rows_of<'t>(table: &'t Table, skips: &mut Skips) -> Vec<(usize, &'t [String])> {
    let width = table.headers.len();
    let mut out = Vec::with_capacity(table.rows.len());
    for (line, cells) in &table.rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            skips.add("blank row", *line);
        } else if cells.len() < width {
            skips.add(
                "fewer cells than the header has columns (a report footer, or a cut line?)",
                *line,
            );
        } else if cells.len() > width {
            skips.add(
                "more cells than the header has columns (a comma in an unquoted cell?)",
                *line,
            );
        } else {
            out.push((*line, cells.as_slice()));
        }
    }
    out
}

/// One column's cell in a row, trimmed ("" when the field has no column).
pub(super) fn cell<'r>(columns: &Columns, row: &'r [String], key: &str) -> &'r str {
    columns.get(key).map_or("", |i| row[i].trim())
}

/// The reading of each date column among `keys` the file has: from its values, else from
/// `--date-order`, else from the file's other date columns when they agree.
///
/// # Errors
/// A column mixing day-first-only and month-first-only values, or one whose values allow both
/// readings with nothing to settle it.
pub(super) fn date_readings(
    table: &Table,
    rows: &[(usize, &[String])],
    columns: &Columns,
    keys: &[&str],
    options: &ReadOptions,
) -> Result<Vec<(String, Option<DateReading>)>, ReadError> {
    let mut settled = Vec::new();
    for key in keys {
        let Some(col) = columns.get(key) else {
            continue;
        };
        let values = rows.iter().map(|(line, row)| (*line, row[col].as_str()));
        settled.push((key.to_string(), col, dates::settle(values)));
    }
    let known: Vec<DateReading> = settled
        .iter()
        .filter_map(|(_, _, s)| match s {
            Settled::Read(r @ (DateReading::DayMonthYear | DateReading::MonthDayYear)) => Some(*r),
            _ => None,
        })
        .collect();
    let sibling = known
        .first()
        .copied()
        .filter(|first| known.iter().all(|r| r == first));
    let mut out = Vec::new();
    for (key, col, s) in settled {
        let header = &table.headers[col];
        let reading = match s {
            Settled::Empty => None,
            Settled::Read(r) => Some(r),
            Settled::Ambiguous { line, value } => match options.date_order.or(sibling) {
                Some(r) => Some(r),
                None => {
                    return Err(ReadError {
                        file: table.file.clone(),
                        line: Some(line),
                        message: format!(
                            "column \"{header}\": every date in it could be day first or month \
                             first (\"{value}\" could be {} or {}); say which with \
                             --date-order d/m/y or --date-order m/d/y",
                            describe(&value, DateReading::DayMonthYear),
                            describe(&value, DateReading::MonthDayYear),
                        ),
                    });
                }
            },
            Settled::Mixed {
                day_first,
                month_first,
            } => {
                return Err(ReadError {
                    file: table.file.clone(),
                    line: Some(month_first.0),
                    message: format!(
                        "column \"{header}\" mixes day-first and month-first dates: line {} has \
                         \"{}\" (only {}), line {} has \"{}\" (only {}); a column must use one \
                         order throughout",
                        day_first.0,
                        day_first.1,
                        reading_name(DateReading::DayMonthYear),
                        month_first.0,
                        month_first.1,
                        reading_name(DateReading::MonthDayYear),
                    ),
                });
            }
        };
        out.push((key, reading));
    }
    Ok(out)
}

/// A value read one way, in words ("3 April 2024").
fn describe(value: &str, reading: DateReading) -> String {
    dates::read(value, reading).map_or_else(
        || "no date".to_string(),
        |d: NaiveDate| d.format("%-d %B %Y").to_string(),
    )
}

/// The reading found for `key` among `readings`.
pub(super) fn reading_for(
    readings: &[(String, Option<DateReading>)],
    key: &str,
) -> Option<DateReading> {
    readings
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, r)| *r)
}

/// What was found in a file, for the report.
pub(super) fn source(
    table: &Table,
    kind: ExportKind,
    columns: &Columns,
    readings: &[(String, Option<DateReading>)],
    rows_used: usize,
) -> SourceFile {
    SourceFile {
        path: table.file.clone(),
        kind,
        shape: columns.shape,
        columns: columns.used(),
        date_readings: readings
            .iter()
            .filter_map(|(key, r)| {
                let header = columns.header(key)?;
                r.map(|r| (header.to_string(), r))
            })
            .collect(),
        rows_read: table.rows.len(),
        rows_used,
    }
}

/// Recognises the columns of `table` as `kind`, as a [`ReadError`] naming the file.
pub(super) fn columns_of(
    table: &Table,
    kind: ExportKind,
    options: &ReadOptions,
) -> Result<Columns, ReadError> {
    recognise(kind, &table.headers, &options.maps)
        .map_err(|e| ReadError::file(&table.file, e.to_string()))
}
