//! The opportunities (deals) export into [`Opportunity`] records.
//!
//! A deal's outcome comes from a status column (Pipedrive: won, lost, open), else from won and
//! closed flags (Salesforce), else from the stage's name in any case ("Closed Won",
//! "closedlost"). Its cycle starts at the engaged date when there is one, else at the created
//! date, and ends at the close date (or Pipedrive's won or lost time) of a won or lost deal; an
//! open deal's close date is an expected one and is not read. What cannot be used is counted
//! by reason: rows without an owner, outcome or dates, dates that are no dates or close before
//! the deal was created, duplicated ids, and, used in part, won deals with no amount.

use std::collections::HashMap;

use super::cells::{self, Cell};
use super::columns::Columns;
use super::dates;
use super::read::{
    ReadOptions, Reps, Skips, cell, columns_of, date_readings, reading_for, rows_of, source,
};
use super::records::{Dataset, DateReading, ExportKind, Opportunity, Outcome};
use super::table::{ReadError, Table};

/// What a stage's name says about a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageClass {
    /// Closed won.
    Won,
    /// Closed lost.
    Lost,
    /// A proposal, quote, contract or negotiation stage: the deal reached a proposal.
    Proposal,
    /// Any other stage (before a proposal).
    Early,
}

/// Classifies a stage by its name, in any case and spelling ("Closed Won", "CLOSED-WON",
/// "closedwon", "Proposal/Price Quote", "Contract sent", "Negotiation/Review").
pub fn stage_class(stage: &str) -> StageClass {
    let lower = stage.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if has("won") || has("closedwon") {
        StageClass::Won
    } else if has("lost") || has("closedlost") {
        StageClass::Lost
    } else if words.iter().any(|w| {
        ["proposal", "quote", "contract", "negotiat", "commit"]
            .iter()
            .any(|k| w.starts_with(k))
    }) {
        StageClass::Proposal
    } else {
        StageClass::Early
    }
}

const DATE_KEYS: [&str; 6] = [
    "created",
    "engaged",
    "closed",
    "won_time",
    "lost_time",
    "proposal",
];

/// Reads the opportunities export into `data` (opportunities, skipped rows, its source).
pub(super) fn read(
    table: &Table,
    options: &ReadOptions,
    reps: &mut Reps,
    data: &mut Dataset,
) -> Result<(), ReadError> {
    let mut columns = columns_of(table, ExportKind::Opportunities, options)?;
    let mut skips = Skips::new(&table.file);
    let rows = rows_of(table, &mut skips);
    settle_closed_column(&mut columns, &rows);
    let readings = date_readings(table, &rows, &columns, &DATE_KEYS, options)?;
    let currency = most_common_currency(&columns, &rows);
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut seen_rows: HashMap<&[String], usize> = HashMap::new();
    let before = data.opportunities.len();
    for (line, row) in &rows {
        let line = *line;
        // Duplicates: by id when there is one, else rows identical in every cell.
        if columns.has("id") {
            let id = cell(&columns, row, "id");
            if !id.is_empty() {
                if ids.contains_key(id) {
                    skips.add(
                        "duplicate id (an earlier row has it; the first is kept)",
                        line,
                    );
                    continue;
                }
                ids.insert(id.to_string(), line);
            }
        } else if seen_rows.contains_key(row) {
            skips.add("identical to an earlier row (kept once)", line);
            continue;
        } else {
            seen_rows.insert(row, line);
        }
        if let Some((owner, mut deal)) = opportunity(
            &columns,
            row,
            line,
            &readings,
            currency.as_deref(),
            &mut skips,
        ) {
            deal.rep = reps.index_of(owner);
            data.opportunities.push(deal);
        }
    }
    let used = data.opportunities.len() - before;
    data.sources.push(source(
        table,
        ExportKind::Opportunities,
        &columns,
        &readings,
        used,
    ));
    data.skipped.extend(skips.into_skipped());
    Ok(())
}

/// A column taken as the close date by its name ("Closed") but holding only yes/no values is
/// Salesforce's closed flag.
fn settle_closed_column(columns: &mut Columns, rows: &[(usize, &[String])]) {
    let Some(col) = columns.get("closed") else {
        return;
    };
    let values = rows.iter().map(|(_, row)| cells::flag(&row[col]));
    let (mut flags, mut other) = (0, 0);
    for v in values {
        match v {
            Cell::Value(_) => flags += 1,
            Cell::Unreadable => other += 1,
            Cell::Blank => {}
        }
    }
    if flags > 0 && other == 0 && !columns.has("closed_flag") {
        columns.release("closed");
        columns.assign("closed_flag", col);
    }
}

/// The currency a row's amount is in: its currency column's, else the one its amount cell
/// names by a symbol or code (`€1.200`, `USD 900`); empty when neither says.
fn deal_currency(columns: &Columns, row: &[String]) -> String {
    let given = cell(columns, row, "currency").trim();
    if given.is_empty() {
        cells::amount_currency(cell(columns, row, "amount"))
            .unwrap_or_default()
            .to_uppercase()
    } else {
        given.to_uppercase()
    }
}

/// The currency most rows give (ties: the first seen), from a currency column or the amounts'
/// symbols; none when no row names one.
fn most_common_currency(columns: &Columns, rows: &[(usize, &[String])]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (_, row) in rows {
        let c = deal_currency(columns, row);
        if c.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(c, _)| c)
}

/// The deal's outcome, or the reason it has none.
fn outcome(columns: &Columns, row: &[String], stage: &str) -> Result<Outcome, String> {
    let status = cell(columns, row, "status");
    if !status.is_empty() {
        return match status.to_lowercase().as_str() {
            "won" | "closed won" | "closedwon" => Ok(Outcome::Won),
            "lost" | "closed lost" | "closedlost" => Ok(Outcome::Lost),
            "open" => Ok(Outcome::Open),
            "deleted" => Err("status deleted".into()),
            other => Err(format!("status \"{other}\" is not won, lost or open")),
        };
    }
    let class = stage_class(stage);
    if let Cell::Value(won) = cells::flag(cell(columns, row, "won")) {
        if won {
            return Ok(Outcome::Won);
        }
        return Ok(match cells::flag(cell(columns, row, "closed_flag")) {
            Cell::Value(true) => Outcome::Lost,
            Cell::Value(false) => Outcome::Open,
            _ if class == StageClass::Lost => Outcome::Lost,
            _ => Outcome::Open,
        });
    }
    if stage.is_empty() {
        return Err("no stage or status".into());
    }
    Ok(match class {
        StageClass::Won => Outcome::Won,
        StageClass::Lost => Outcome::Lost,
        StageClass::Proposal | StageClass::Early => Outcome::Open,
    })
}

/// Whether the deal reached a proposal, where the export shows it (see
/// [`Opportunity::reached_proposal`]).
fn reached_proposal(
    columns: &Columns,
    row: &[String],
    stage: &str,
    outcome: Outcome,
    readings: &[(String, Option<DateReading>)],
) -> Option<bool> {
    if columns.has("proposal") {
        let text = cell(columns, row, "proposal");
        let said = match cells::flag(text) {
            Cell::Value(v) => Some(v),
            Cell::Blank => None,
            // A date in the column: the day the proposal went out.
            Cell::Unreadable => reading_for(readings, "proposal")
                .or(Some(DateReading::Iso))
                .and_then(|r| dates::read(text, r))
                .map(|_| true),
        };
        return match (said, outcome) {
            (Some(v), _) => Some(v),
            (None, Outcome::Won) => Some(true),
            (None, Outcome::Lost) => Some(false),
            (None, Outcome::Open) => None,
        };
    }
    match (outcome, stage_class(stage)) {
        (Outcome::Won, _) => Some(true),
        // A lost deal whose stage is still a pipeline stage (Pipedrive keeps it) shows how far
        // it got; one moved to "Closed Lost" does not.
        (Outcome::Lost, StageClass::Proposal) => Some(true),
        (Outcome::Lost, StageClass::Early) => Some(false),
        (Outcome::Lost, _) => None,
        (Outcome::Open, StageClass::Proposal) => Some(true),
        // An open deal before a proposal may still get there.
        (Outcome::Open, _) => None,
    }
}

/// One row as an opportunity and the owner it names (its `rep` is set by the caller), or None
/// with its reason counted in `skips`.
fn opportunity<'r>(
    columns: &Columns,
    row: &'r [String],
    line: usize,
    readings: &[(String, Option<DateReading>)],
    currency: Option<&str>,
    skips: &mut Skips,
) -> Option<(&'r str, Opportunity)> {
    let owner = cell(columns, row, "owner");
    if owner.is_empty() {
        skips.add("no owner", line);
        return None;
    }
    let stage = cell(columns, row, "stage");
    let outcome = match outcome(columns, row, stage) {
        Ok(o) => o,
        Err(reason) => {
            skips.add(reason, line);
            return None;
        }
    };
    let date = |key: &str| -> Result<Option<chrono::NaiveDate>, ()> {
        let text = cell(columns, row, key);
        if cells::is_blank(text) {
            return Ok(None);
        }
        let reading = reading_for(readings, key).unwrap_or(DateReading::Iso);
        dates::read(text, reading).map(Some).ok_or(())
    };
    let header = |key: &str| columns.header(key).unwrap_or(key).to_string();
    // The cycle starts when the prospect engaged, where the export says so.
    let engaged = match date("engaged") {
        Ok(d) => d,
        Err(()) => {
            skips.add(format!("\"{}\" is no date", header("engaged")), line);
            return None;
        }
    };
    let created = match engaged {
        Some(d) => d,
        None => match date("created") {
            Ok(Some(d)) => d,
            Ok(None) => {
                skips.add("no created date", line);
                return None;
            }
            Err(()) => {
                skips.add(format!("\"{}\" is no date", header("created")), line);
                return None;
            }
        },
    };
    let closed = match outcome {
        Outcome::Open => None,
        Outcome::Won | Outcome::Lost => {
            let own = if outcome == Outcome::Won {
                "won_time"
            } else {
                "lost_time"
            };
            let from = [own, "closed"]
                .into_iter()
                .find(|k| columns.has(k) && !cells::is_blank(cell(columns, row, k)));
            let Some(key) = from else {
                skips.add("closed (won or lost) with no close date", line);
                return None;
            };
            match date(key) {
                Ok(d) => d,
                Err(()) => {
                    skips.add(format!("\"{}\" is no date", header(key)), line);
                    return None;
                }
            }
        }
    };
    if let Some(c) = closed
        && c < created
    {
        skips.add("closes before it was created", line);
        return None;
    }
    let mut amount = match cells::amount(cell(columns, row, "amount")) {
        Cell::Value(v) => Some(v),
        Cell::Blank => None,
        Cell::Unreadable => {
            if outcome == Outcome::Won {
                skips.part(
                    "won, amount is no number: used for the closing ratio, not the deal size",
                    line,
                );
            }
            None
        }
    };
    if outcome == Outcome::Won {
        let this = deal_currency(columns, row);
        match (amount, currency) {
            (None, _) if cells::is_blank(cell(columns, row, "amount")) => {
                skips.part(
                    "won with no amount: used for the closing ratio, not the deal size",
                    line,
                );
            }
            (Some(v), _) if v <= 0.0 => {
                skips.part(
                    "won with an amount of zero or less: used for the closing ratio, not the \
                     deal size",
                    line,
                );
                amount = None;
            }
            (Some(_), Some(main)) if !this.is_empty() && this != main => {
                skips.part(
                    format!(
                        "won in {this}, not {main} (the most common currency): used for the \
                         closing ratio, not the deal size"
                    ),
                    line,
                );
                amount = None;
            }
            _ => {}
        }
    }
    let reached = reached_proposal(columns, row, stage, outcome, readings);
    let account = Some(cell(columns, row, "account"))
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    let deal = Opportunity {
        row: line,
        rep: 0,
        account,
        stage: stage.to_string(),
        outcome,
        reached_proposal: reached,
        amount,
        created,
        closed,
    };
    Some((owner, deal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_in_any_case_and_spelling() {
        for s in ["Closed Won", "CLOSED WON", "closed-won", "closedwon", "Won"] {
            assert_eq!(stage_class(s), StageClass::Won, "{s}");
        }
        for s in ["Closed Lost", "closed lost", "closedlost", "LOST"] {
            assert_eq!(stage_class(s), StageClass::Lost, "{s}");
        }
        for s in [
            "Proposal/Price Quote",
            "Negotiation/Review",
            "Contract Sent",
            "proposal made",
        ] {
            assert_eq!(stage_class(s), StageClass::Proposal, "{s}");
        }
        for s in [
            "Prospecting",
            "Value Proposition",
            "Qualification",
            "Demo Scheduled",
            "",
        ] {
            assert_eq!(stage_class(s), StageClass::Early, "{s}");
        }
    }
}
