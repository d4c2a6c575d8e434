//! The records a CRM export is read into: the one interface between reading the files and
//! fitting the scenario's inputs to them.
//!
//! Everything here is plain data: the readers fill it, the fit only reads it. Dates are calendar
//! days ([`chrono::NaiveDate`]); amounts are in the export's own currency, unconverted.

use chrono::NaiveDate;

/// Index into [`Dataset::reps`] (0-based, in order of first appearance in the opportunities
/// file; reps seen only in the activities export follow in their order of appearance there).
pub type RepIndex = usize;

/// How an opportunity ended, as of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Closed won.
    Won,
    /// Closed lost.
    Lost,
    /// Still open when the export was taken (a censored cycle for the fit).
    Open,
}

/// One deal of the opportunities export.
#[derive(Debug, Clone, PartialEq)]
pub struct Opportunity {
    /// The line of its file where the row starts, 1-based as an editor or a spreadsheet numbers
    /// it (the header is line 1, so the first data row is line 2), for messages.
    pub row: usize,
    /// The owner, as an index into [`Dataset::reps`].
    pub rep: RepIndex,
    /// The account's name as written (trimmed); None when the export has no such column or
    /// the cell is blank.
    pub account: Option<String>,
    /// The stage as written, trimmed (its case kept for display).
    pub stage: String,
    /// Won, lost or open.
    pub outcome: Outcome,
    /// Whether the deal got as far as a proposal: `Some(true)` / `Some(false)` where the stage
    /// name or a proposal column shows it, None when the export cannot tell.
    pub reached_proposal: Option<bool>,
    /// The deal's amount in the export's currency; None when blank (a won deal without an
    /// amount still counts for the closing ratio, not for the deal size).
    pub amount: Option<f64>,
    /// When the cycle started: the engaged date when the export has that column, else the
    /// created date.
    pub created: NaiveDate,
    /// Won or lost: the close date; open: None.
    pub closed: Option<NaiveDate>,
}

/// One account of the accounts export.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The line of its file where the row starts (the header is line 1), for messages.
    pub row: usize,
    /// The account's name as written (trimmed); matches [`Opportunity::account`] ignoring case.
    pub name: String,
    /// The industry as written (trimmed); None when blank.
    pub industry: Option<String>,
    /// Number of employees; None when blank.
    pub employees: Option<u64>,
    /// Annual revenue in the export's currency; None when blank.
    pub annual_revenue: Option<f64>,
}

/// What a logged activity was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    /// A call (dial), connected or not.
    Dial,
    /// A meeting (an appointment held).
    Meeting,
}

/// One logged activity of the activities export.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// The line of its file where the row starts (the header is line 1), for messages.
    pub row: usize,
    /// Who logged it, as an index into [`Dataset::reps`].
    pub rep: RepIndex,
    /// The account's name as written (trimmed); None when absent.
    pub account: Option<String>,
    /// A dial or a meeting.
    pub kind: ActivityKind,
    /// For a dial: whether it reached a conversation (None when the outcome is not logged);
    /// None for a meeting.
    pub connected: Option<bool>,
    /// The day it happened.
    pub date: NaiveDate,
}

/// Rows of one file left out, wholly or in part, for one reason: counted and reported, never
/// silently dropped. A row used in part says so in its reason ("won with no amount: used for
/// the closing ratio, not for the deal size").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file, as given on the command line.
    pub file: String,
    /// Why, in words ("no close date on a closed deal", "duplicate id", ...).
    pub reason: String,
    /// The lines (as in [`Opportunity::row`]) left out for that reason, in file order.
    pub rows: Vec<usize>,
    /// Whether the rows are still used for what they do give (a won deal without an amount
    /// counts for the closing ratio), rather than left out whole.
    pub in_part: bool,
}

/// Which export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportKind {
    /// Deals: owner, stage, amount, dates.
    Opportunities,
    /// Companies: name, industry, employees or revenue.
    Accounts,
    /// Calls and meetings.
    Activities,
}

/// The CRM whose column names a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A Salesforce report ("Opportunity Owner", "Close Date", "Won", ...).
    Salesforce,
    /// A HubSpot export ("Deal owner", "Deal Stage", "Create Date", ...).
    HubSpot,
    /// A Pipedrive export ("Owner", "Status", "Value", "Deal created", ...).
    Pipedrive,
    /// Generic names (owner, stage, amount, created, closed, ...) or `--map`.
    Generic,
}

/// How a date column's values were read (chosen over all of the column's values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateReading {
    /// Year first: 2024-03-05.
    Iso,
    /// Day first: 05/03/2024 is 5 March.
    DayMonthYear,
    /// Month first: 03/05/2024 is 5 March.
    MonthDayYear,
}

/// What was found in one file: for the terminal report.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// The file, as given on the command line.
    pub path: String,
    /// Which export it is.
    pub kind: ExportKind,
    /// Whose column names it uses.
    pub shape: Shape,
    /// Each field read -> the column used for it, in the field order of its export.
    pub columns: Vec<(String, String)>,
    /// Each date column -> how its values were read.
    pub date_readings: Vec<(String, DateReading)>,
    /// Data rows in the file (header excluded, blank lines excluded).
    pub rows_read: usize,
    /// Rows that became records.
    pub rows_used: usize,
}

/// Everything read from the exports of one `calibrate` run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// The reps' names as written; shown only with `--show-names`, never written to a scenario.
    pub reps: Vec<String>,
    /// Usable deals, in file order.
    pub opportunities: Vec<Opportunity>,
    /// Accounts, in file order; empty without an accounts export.
    pub accounts: Vec<Account>,
    /// Activities, in file order; empty without an activities export.
    pub activities: Vec<Activity>,
    /// Rows left out, by file and reason.
    pub skipped: Vec<Skipped>,
    /// What was found in each file, in the order they were read.
    pub sources: Vec<SourceFile>,
}
