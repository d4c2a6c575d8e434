//! The activities export into [`Activity`] records: calls (dials) with whether they connected,
//! and meetings. The kind comes from the type column ("Call", "CALL", "Phone call",
//! "Meeting", "Demo"); other activities (emails, tasks) are counted and left out. A call's
//! outcome reads "connected" (connected, answered, spoke...) or not (no answer, busy,
//! voicemail, wrong number...); a call whose outcome is blank or unknown is kept as a dial and
//! left out of the connect rate, and counted.

use super::cells::{self, Cell};
use super::dates;
use super::read::{
    ReadOptions, Reps, Skips, cell, columns_of, date_readings, reading_for, rows_of, source,
};
use super::records::{Activity, ActivityKind, Dataset, DateReading, ExportKind};
use super::table::{ReadError, Table};

/// What an activity's type says it is; None for anything but a call or a meeting.
pub fn activity_kind(text: &str) -> Option<ActivityKind> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let any = |keys: &[&str]| words.iter().any(|w| keys.iter().any(|k| w.starts_with(k)));
    if any(&["call", "dial", "phone"]) {
        Some(ActivityKind::Dial)
    } else if any(&["meeting", "appointment", "demo", "event", "visit"]) {
        Some(ActivityKind::Meeting)
    } else {
        None
    }
}

/// Whether a call's outcome says it reached a conversation; None when it does not say.
pub fn connected(text: &str) -> Option<bool> {
    if let Cell::Value(v) = cells::flag(text) {
        return Some(v);
    }
    let lower = text.trim().to_lowercase();
    // The negative phrases first: "not connected", "no answer" hold positive words.
    const NOT: [&str; 10] = [
        "not connected",
        "no answer",
        "unanswered",
        "busy",
        "voicemail",
        "voice mail",
        "wrong number",
        "no connect",
        "failed",
        "message",
    ];
    const YES: [&str; 6] = [
        "connected",
        "answered",
        "conversation",
        "spoke",
        "talked",
        "reached",
    ];
    if NOT.iter().any(|k| lower.contains(k)) {
        Some(false)
    } else if YES.iter().any(|k| lower.contains(k)) {
        Some(true)
    } else {
        None
    }
}

/// Reads the activities export into `data` (activities, skipped rows, its source); reps not in
/// the opportunities export are added after those.
pub(super) fn read(
    table: &Table,
    options: &ReadOptions,
    reps: &mut Reps,
    data: &mut Dataset,
) -> Result<(), ReadError> {
    let columns = columns_of(table, ExportKind::Activities, options)?;
    let mut skips = Skips::new(&table.file);
    let rows = rows_of(table, &mut skips);
    let readings = date_readings(table, &rows, &columns, &["date"], options)?;
    let reading = reading_for(&readings, "date").unwrap_or(DateReading::Iso);
    let before = data.activities.len();
    for (line, row) in &rows {
        let line = *line;
        let owner = cell(&columns, row, "owner");
        if owner.is_empty() {
            skips.add("no owner", line);
            continue;
        }
        let type_text = cell(&columns, row, "type");
        let Some(kind) = activity_kind(type_text) else {
            if type_text.is_empty() {
                skips.add("no type", line);
            } else {
                skips.add(
                    format!(
                        "type \"{}\" is neither a call nor a meeting",
                        type_text.to_lowercase()
                    ),
                    line,
                );
            }
            continue;
        };
        let date_text = cell(&columns, row, "date");
        if cells::is_blank(date_text) {
            skips.add("no date", line);
            continue;
        }
        let Some(date) = dates::read(date_text, reading) else {
            let header = columns.header("date").unwrap_or("date");
            skips.add(format!("\"{header}\" is no date"), line);
            continue;
        };
        let connected = match kind {
            ActivityKind::Meeting => None,
            ActivityKind::Dial if !columns.has("outcome") => None,
            ActivityKind::Dial => {
                let text = cell(&columns, row, "outcome");
                let said = connected(text);
                if said.is_none() {
                    let reason = if cells::is_blank(text) {
                        "call with no outcome: a dial, not counted in the connect rate".to_string()
                    } else {
                        format!(
                            "call outcome \"{}\" not recognised: a dial, not counted in the \
                             connect rate",
                            text.to_lowercase()
                        )
                    };
                    skips.part(reason, line);
                }
                said
            }
        };
        let account = Some(cell(&columns, row, "account"))
            .filter(|a| !a.is_empty())
            .map(str::to_string);
        data.activities.push(Activity {
            row: line,
            rep: reps.index_of(owner),
            account,
            kind,
            connected,
            date,
        });
    }
    let used = data.activities.len() - before;
    data.sources.push(source(
        table,
        ExportKind::Activities,
        &columns,
        &readings,
        used,
    ));
    data.skipped.extend(skips.into_skipped());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_outcomes() {
        for t in ["Call", "CALL", "Phone call", "Outbound Call", "dial"] {
            assert_eq!(activity_kind(t), Some(ActivityKind::Dial), "{t}");
        }
        for t in ["Meeting", "MEETING", "Demo", "Appointment"] {
            assert_eq!(activity_kind(t), Some(ActivityKind::Meeting), "{t}");
        }
        for t in ["Email", "Task", "Lunch", ""] {
            assert_eq!(activity_kind(t), None, "{t}");
        }
        for t in [
            "Connected",
            "CONNECTED",
            "answered",
            "yes",
            "Spoke with prospect",
        ] {
            assert_eq!(connected(t), Some(true), "{t}");
        }
        for t in [
            "No answer",
            "Busy",
            "Left voicemail",
            "Wrong number",
            "Not connected",
            "no",
            "Left live message",
        ] {
            assert_eq!(connected(t), Some(false), "{t}");
        }
        assert_eq!(connected(""), None);
        assert_eq!(connected("Scheduled"), None);
    }
}
