//! Which column of an export holds which field: recognised by the names Salesforce, HubSpot and
//! Pipedrive exports use, or generic ones, compared case- and spacing-insensitively; `--map
//! FIELD=COLUMN` settles the rest. A file whose columns do not give the fields an export needs
//! is refused with the columns it has and the fields it needs.

use std::fmt;
use std::str::FromStr;

use super::records::{ExportKind, Shape};
use crate::config::error::nearest;

/// One field an export can give, and the column names it goes by.
#[derive(Debug)]
pub struct FieldSpec {
    /// The field's name on the command line (`--map amount=Deal Value`) and in the report.
    pub key: &'static str,
    /// What it is used for, in words, for the message of a file that lacks it.
    pub about: &'static str,
    /// Column names it goes by, in order of preference, each with the CRM whose export uses it
    /// (None: a generic name, or one several CRMs share). Compared after [`normalise`].
    pub names: &'static [(&'static str, Option<Shape>)],
}

/// The fields of one kind of export and which of them it needs.
#[derive(Debug)]
pub struct ExportSpec {
    /// Which export.
    pub kind: ExportKind,
    /// Its fields, in the order they are reported.
    pub fields: &'static [FieldSpec],
    /// What it needs: each entry lists fields of which at least one must be present.
    pub needs: &'static [&'static [&'static str]],
}

const SF: Option<Shape> = Some(Shape::Salesforce);
const HS: Option<Shape> = Some(Shape::HubSpot);
const PD: Option<Shape> = Some(Shape::Pipedrive);

/// The opportunities (deals) export.
pub static OPPORTUNITIES: ExportSpec = ExportSpec {
    kind: ExportKind::Opportunities,
    fields: &[
        FieldSpec {
            key: "id",
            about: "the deal's id, to find duplicated rows",
            names: &[
                ("Opportunity ID", SF),
                ("Record ID", HS),
                ("Deal ID", None),
                ("ID", None),
            ],
        },
        FieldSpec {
            key: "owner",
            about: "the rep who owns the deal",
            names: &[
                ("Opportunity Owner", SF),
                ("Deal owner", HS),
                ("Owner", None),
                ("Owner name", None),
                ("Sales rep", None),
                ("Rep", None),
                ("Salesperson", None),
                ("Assigned to", None),
            ],
        },
        FieldSpec {
            key: "account",
            about: "the company, to match the accounts export",
            names: &[
                ("Account Name", SF),
                ("Associated Company", HS),
                ("Organization", PD),
                ("Organization name", None),
                ("Company name", None),
                ("Account", None),
                ("Company", None),
            ],
        },
        FieldSpec {
            key: "stage",
            about: "the deal's stage, such as Closed Won or Proposal",
            names: &[
                ("Stage", None),
                ("Deal Stage", HS),
                ("Pipeline stage", None),
                ("Stage name", None),
            ],
        },
        FieldSpec {
            key: "status",
            about: "won, lost or open",
            names: &[("Status", PD), ("Deal status", None), ("Outcome", None)],
        },
        FieldSpec {
            key: "won",
            about: "a won flag, true or false",
            names: &[("Won", SF), ("Is won", None), ("Is Closed Won", HS)],
        },
        FieldSpec {
            key: "amount",
            about: "the deal's amount, for revenue per sale",
            names: &[
                ("Amount", None),
                ("Value", PD),
                ("Deal value", None),
                ("Deal amount", None),
                ("Amount (converted)", None),
                ("Total amount", None),
                ("Revenue", None),
            ],
        },
        FieldSpec {
            key: "currency",
            about: "the amount's currency",
            names: &[
                ("Currency", PD),
                ("Opportunity Currency", SF),
                ("Amount Currency", SF),
                ("Deal currency", None),
            ],
        },
        FieldSpec {
            key: "created",
            about: "when the deal was created, the start of its cycle",
            names: &[
                ("Created Date", SF),
                ("Create Date", HS),
                ("Deal created", PD),
                ("Created", None),
                ("Created at", None),
                ("Created on", None),
                ("Date created", None),
                ("Creation date", None),
            ],
        },
        FieldSpec {
            key: "engaged",
            about: "when the prospect engaged, the start of the cycle where given",
            names: &[
                ("Engaged", None),
                ("Engaged date", None),
                ("Engaged on", None),
                ("First meeting", None),
                ("First meeting date", None),
            ],
        },
        FieldSpec {
            key: "closed",
            about: "when a won or lost deal closed",
            names: &[
                ("Close Date", None),
                ("Closed Date", None),
                ("Deal closed on", PD),
                ("Closed on", None),
                ("Closed at", None),
                ("Date closed", None),
                ("Actual close date", None),
                ("Closed", None),
            ],
        },
        FieldSpec {
            key: "won_time",
            about: "when a won deal was won, with lost_time instead of closed",
            names: &[
                ("Won time", PD),
                ("Won date", None),
                ("Won on", None),
                ("Date won", None),
            ],
        },
        FieldSpec {
            key: "lost_time",
            about: "when a lost deal was lost, with won_time instead of closed",
            names: &[
                ("Lost time", PD),
                ("Lost date", None),
                ("Lost on", None),
                ("Date lost", None),
            ],
        },
        FieldSpec {
            key: "closed_flag",
            about: "a closed flag, true or false",
            names: &[("Closed", SF), ("Is closed", None)],
        },
        FieldSpec {
            key: "proposal",
            about: "whether (or when) the deal reached a proposal",
            names: &[
                ("Reached proposal", None),
                ("Proposal", None),
                ("Proposal date", None),
                ("Proposal sent", None),
            ],
        },
    ],
    needs: &[
        &["owner"],
        &["stage", "status", "won"],
        &["created", "engaged"],
        &["closed", "won_time"],
    ],
};

/// The accounts (companies, organizations) export.
pub static ACCOUNTS: ExportSpec = ExportSpec {
    kind: ExportKind::Accounts,
    fields: &[
        FieldSpec {
            key: "name",
            about: "the company's name, as in the opportunities export",
            names: &[
                ("Account Name", SF),
                ("Company name", HS),
                ("Name", None),
                ("Organization", PD),
                ("Organization name", None),
                ("Account", None),
                ("Company", None),
            ],
        },
        FieldSpec {
            key: "industry",
            about: "the company's industry, for segments",
            names: &[("Industry", None), ("Sector", None), ("Vertical", None)],
        },
        FieldSpec {
            key: "employees",
            about: "the number of employees, for size bands",
            names: &[
                ("Employees", None),
                ("Number of Employees", HS),
                ("Employee count", None),
                ("Headcount", None),
                ("Company size", None),
            ],
        },
        FieldSpec {
            key: "revenue",
            about: "the company's annual revenue, for size bands where employees are blank",
            names: &[("Annual Revenue", None), ("Revenue", None)],
        },
    ],
    needs: &[&["name"], &["industry", "employees", "revenue"]],
};

/// The activities (calls and meetings) export.
pub static ACTIVITIES: ExportSpec = ExportSpec {
    kind: ExportKind::Activities,
    fields: &[
        FieldSpec {
            key: "owner",
            about: "the rep who made the call or held the meeting",
            names: &[
                ("Assigned", SF),
                ("Activity assigned to", HS),
                ("Assigned to user", PD),
                ("Assigned to", None),
                ("Activity owner", None),
                ("Owner", None),
                ("User", None),
                ("Rep", None),
            ],
        },
        FieldSpec {
            key: "type",
            about: "call or meeting",
            names: &[
                ("Task Subtype", SF),
                ("Activity type", HS),
                ("Type", None),
                ("Subject", None),
            ],
        },
        FieldSpec {
            key: "outcome",
            about: "a call's outcome: connected, no answer...",
            names: &[
                ("Call Result", SF),
                ("Call outcome", HS),
                ("Outcome", None),
                ("Result", None),
                ("Connected", None),
                ("Call disposition", None),
                ("Disposition", None),
            ],
        },
        FieldSpec {
            key: "date",
            about: "when it happened",
            names: &[
                ("Date", None),
                ("Activity date", HS),
                ("Due date", PD),
                ("Start date", None),
                ("Timestamp", None),
                ("Created", None),
            ],
        },
        FieldSpec {
            key: "account",
            about: "the company called or met",
            names: &[
                ("Company / Account", SF),
                ("Associated Company", HS),
                ("Organization", PD),
                ("Account", None),
                ("Account Name", None),
                ("Company", None),
            ],
        },
    ],
    needs: &[&["owner"], &["type"], &["date"]],
};

/// The spec of an export.
pub fn spec(kind: ExportKind) -> &'static ExportSpec {
    match kind {
        ExportKind::Opportunities => &OPPORTUNITIES,
        ExportKind::Accounts => &ACCOUNTS,
        ExportKind::Activities => &ACTIVITIES,
    }
}

/// The export's name on the command line and in messages.
pub fn kind_name(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::Opportunities => "opportunities",
        ExportKind::Accounts => "accounts",
        ExportKind::Activities => "activities",
    }
}

/// The CRM's name, for the report.
pub fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Salesforce => "Salesforce",
        Shape::HubSpot => "HubSpot",
        Shape::Pipedrive => "Pipedrive",
        Shape::Generic => "generic",
    }
}

/// The name after Pipedrive's entity prefix (`"Deal - Owner"` -> `"Owner"`), if it has one.
fn without_entity(name: &str) -> Option<&str> {
    ["Deal - ", "Organization - ", "Activity - ", "Person - "]
        .iter()
        .find_map(|p| {
            name.get(..p.len())
                .filter(|head| head.eq_ignore_ascii_case(p))
                .map(|_| &name[p.len()..])
        })
}

/// A column name compared case- and spacing-insensitively: lower case, letters and digits only
/// (`"Close Date"`, `"close_date"` and `"CloseDate"` are one name). Pipedrive's entity prefix
/// (`"Deal - Owner"`) is dropped.
pub fn normalise(name: &str) -> String {
    let name = name.trim();
    let name = without_entity(name).unwrap_or(name);
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `--map FIELD=COLUMN`: the column to read a field from, when its name is not recognised.
/// FIELD may name its export (`accounts.industry=Sector`); without one it applies to each given
/// export that has the field and whose file has the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    /// The export it is for, when named.
    pub kind: Option<ExportKind>,
    /// The field's key ([`FieldSpec::key`]).
    pub field: String,
    /// The column's name as given (compared after [`normalise`]).
    pub column: String,
}

impl FromStr for ColumnMap {
    type Err = String;

    /// Parses `FIELD=COLUMN` or `EXPORT.FIELD=COLUMN`.
    fn from_str(s: &str) -> Result<Self, String> {
        let Some((field, column)) = s.split_once('=') else {
            return Err(format!(
                "\"{s}\" is not FIELD=COLUMN (e.g. amount=\"Deal Value\")"
            ));
        };
        let (field, column) = (field.trim(), column.trim());
        if column.is_empty() {
            return Err(format!("\"{s}\" names no column after '='"));
        }
        let (kind, key) = match field.split_once('.') {
            Some((export, key)) => {
                let kind = [
                    ExportKind::Opportunities,
                    ExportKind::Accounts,
                    ExportKind::Activities,
                ]
                .into_iter()
                .find(|k| kind_name(*k).eq_ignore_ascii_case(export))
                .ok_or_else(|| {
                    format!(
                        "\"{export}\" in \"{s}\" is no export; use opportunities, accounts or \
                         activities"
                    )
                })?;
                (Some(kind), key.to_ascii_lowercase())
            }
            None => (None, field.to_ascii_lowercase()),
        };
        let specs: Vec<&ExportSpec> = match kind {
            Some(k) => vec![spec(k)],
            None => vec![&OPPORTUNITIES, &ACCOUNTS, &ACTIVITIES],
        };
        if !specs
            .iter()
            .any(|sp| sp.fields.iter().any(|f| f.key == key))
        {
            return Err(format!(
                "\"{key}\" in \"{s}\" is no field; the fields are: {}",
                field_list(&specs)
            ));
        }
        Ok(ColumnMap {
            kind,
            field: key,
            column: column.to_string(),
        })
    }
}

fn field_list(specs: &[&ExportSpec]) -> String {
    specs
        .iter()
        .map(|sp| {
            let keys: Vec<&str> = sp.fields.iter().map(|f| f.key).collect();
            format!("{} {}", kind_name(sp.kind), keys.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The columns found for each field of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Whose names the file uses.
    pub shape: Shape,
    /// For each field of the export's spec, in its order: the column's index in the file.
    index: Vec<Option<usize>>,
    /// The file's header, as written.
    headers: Vec<String>,
    kind: ExportKind,
}

impl Columns {
    /// The index of the column read for `key`, if any.
    ///
    /// # Panics
    /// If `key` is not a field of this export (a programming error).
    pub fn get(&self, key: &str) -> Option<usize> {
        let at = spec(self.kind)
            .fields
            .iter()
            .position(|f| f.key == key)
            .unwrap_or_else(|| panic!("no field {key} in {}", kind_name(self.kind)));
        self.index[at]
    }

    /// Whether the file gives `key`.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The header of the column read for `key`.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.get(key).map(|i| self.headers[i].as_str())
    }

    /// Stops reading `key` (a column whose values show it is another field).
    pub fn release(&mut self, key: &str) {
        if let Some(at) = spec(self.kind).fields.iter().position(|f| f.key == key) {
            self.index[at] = None;
        }
    }

    /// Reads `key` from column `index`.
    pub fn assign(&mut self, key: &str, index: usize) {
        if let Some(at) = spec(self.kind).fields.iter().position(|f| f.key == key) {
            self.index[at] = Some(index);
        }
    }

    /// Each field read and its column's header, in the spec's order.
    pub fn used(&self) -> Vec<(String, String)> {
        spec(self.kind)
            .fields
            .iter()
            .zip(&self.index)
            .filter_map(|(f, i)| i.map(|i| (f.key.to_string(), self.headers[i].clone())))
            .collect()
    }

    /// The file's header as written.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }
}

/// A file whose columns cannot be read as its export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnProblem {
    /// `--map` names a column the file does not have.
    NoSuchColumn {
        /// The field mapped.
        field: String,
        /// The column asked for.
        column: String,
        /// The file's columns.
        headers: Vec<String>,
    },
    /// The fields the export needs are not all there.
    Missing {
        /// The groups of fields none of which was found.
        missing: Vec<Vec<String>>,
        /// The file's columns no field was read from.
        unused: Vec<String>,
        /// The file's columns.
        headers: Vec<String>,
        /// The export.
        kind: ExportKind,
    },
}

impl fmt::Display for ColumnProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = |h: &[String]| {
            h.iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            ColumnProblem::NoSuchColumn {
                field,
                column,
                headers,
            } => {
                write!(
                    f,
                    "--map {field}={column}: the file has no column \"{column}\"; its columns \
                     are {}",
                    quoted(headers)
                )?;
                // The same typo rule as a scenario's keys, on the names as they are matched.
                let normal: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
                let names: Vec<&str> = normal.iter().map(String::as_str).collect();
                let near = nearest(&normalise(column), &names)
                    .and_then(|n| headers.iter().zip(&names).find(|(_, m)| **m == n));
                if let Some((h, _)) = near {
                    write!(f, " (did you mean \"{h}\"?)")?;
                }
                Ok(())
            }
            ColumnProblem::Missing {
                missing,
                unused,
                headers,
                kind,
            } => {
                let sp = spec(*kind);
                let about = |key: &str| {
                    sp.fields
                        .iter()
                        .find(|fs| fs.key == key)
                        .map_or("", |fs| fs.about)
                };
                writeln!(
                    f,
                    "not recognised as an {} export: no column found for {}.",
                    kind_name(*kind),
                    missing
                        .iter()
                        .map(|group| group.join(" or "))
                        .collect::<Vec<_>>()
                        .join(", nor for ")
                )?;
                writeln!(f, "The file's columns: {}.", quoted(headers))?;
                writeln!(f, "The fields it needs (any one of each line):")?;
                for group in sp.needs {
                    let names: Vec<String> = group
                        .iter()
                        .map(|k| {
                            let fs = sp.fields.iter().find(|fs| fs.key == *k);
                            let known = fs.map_or(String::new(), |fs| {
                                fs.names
                                    .iter()
                                    .take(3)
                                    .map(|(n, _)| format!("\"{n}\""))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            });
                            format!("{k}: {}; known as {known}", about(k))
                        })
                        .collect();
                    writeln!(f, "  {}", names.join(" | "))?;
                }
                write!(
                    f,
                    "Name the column of each with --map FIELD=COLUMN, e.g. --map {}=\"{}\".",
                    missing[0][0],
                    unused
                        .first()
                        .or(headers.first())
                        .map_or("Column", String::as_str)
                )
            }
        }
    }
}

/// Finds the column of each field of `kind` in `headers`: a `--map` entry first, then the
/// known names in order of preference; a column serves one field only. The shape is the CRM
/// whose own names matched most often (generic when none did).
///
/// # Errors
/// A `--map` entry for this export names a column the file lacks (only when the entry names
/// the export; an unqualified entry is for whichever file has the column), or a needed field is
/// missing.
pub fn recognise(
    kind: ExportKind,
    headers: &[String],
    maps: &[ColumnMap],
) -> Result<Columns, ColumnProblem> {
    let sp = spec(kind);
    let normal: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut index: Vec<Option<usize>> = vec![None; sp.fields.len()];
    let mut taken = vec![false; headers.len()];
    for map in maps {
        if map.kind.is_some_and(|k| k != kind) {
            continue;
        }
        let Some(at) = sp.fields.iter().position(|f| f.key == map.field) else {
            continue;
        };
        match normal.iter().position(|n| *n == normalise(&map.column)) {
            Some(col) => {
                index[at] = Some(col);
                taken[col] = true;
            }
            None if map.kind == Some(kind) => {
                return Err(ColumnProblem::NoSuchColumn {
                    field: map.field.clone(),
                    column: map.column.clone(),
                    headers: headers.to_vec(),
                });
            }
            None => {}
        }
    }
    let mut votes = [0usize; 3];
    for (at, field) in sp.fields.iter().enumerate() {
        if index[at].is_some() {
            continue;
        }
        for (name, shape) in field.names {
            let want = normalise(name);
            if let Some(col) = (0..headers.len()).find(|&c| !taken[c] && normal[c] == want) {
                index[at] = Some(col);
                taken[col] = true;
                match shape {
                    Some(Shape::Salesforce) => votes[0] += 1,
                    Some(Shape::HubSpot) => votes[1] += 1,
                    Some(Shape::Pipedrive) => votes[2] += 1,
                    _ => {}
                }
                break;
            }
        }
    }
    // Pipedrive names its columns after their entity ("Organization - Name").
    votes[2] += headers
        .iter()
        .filter(|h| without_entity(h.trim()).is_some())
        .count();
    let most = votes.iter().copied().max().unwrap_or(0);
    let shape = if most == 0 || votes.iter().filter(|v| **v == most).count() > 1 {
        Shape::Generic
    } else {
        [Shape::Salesforce, Shape::HubSpot, Shape::Pipedrive]
            [votes.iter().position(|v| *v == most).unwrap_or(0)]
    };
    let columns = Columns {
        shape,
        index,
        headers: headers.to_vec(),
        kind,
    };
    let missing: Vec<Vec<String>> = sp
        .needs
        .iter()
        .filter(|group| !group.iter().any(|k| columns.has(k)))
        .map(|group| group.iter().map(|k| k.to_string()).collect())
        .collect();
    if missing.is_empty() {
        Ok(columns)
    } else {
        let unused = (0..headers.len())
            .filter(|c| !taken[*c])
            .map(|c| headers[c].clone())
            .collect();
        Err(ColumnProblem::Missing {
            missing,
            unused,
            headers: headers.to_vec(),
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_compare_without_case_spacing_or_punctuation() {
        assert_eq!(normalise("Close Date"), "closedate");
        assert_eq!(normalise("  close_date "), "closedate");
        assert_eq!(normalise("CLOSEDATE"), "closedate");
        assert_eq!(normalise("Deal - Won time"), "wontime");
        assert_eq!(normalise("Amount (converted)"), "amountconverted");
    }

    #[test]
    fn each_crm_shape_is_recognised() {
        let sf = headers(&[
            "Opportunity Owner",
            "Account Name",
            "Opportunity Name",
            "Stage",
            "Amount",
            "Created Date",
            "Close Date",
            "Won",
            "Closed",
        ]);
        let c = recognise(ExportKind::Opportunities, &sf, &[]).unwrap();
        assert_eq!(c.shape, Shape::Salesforce);
        assert_eq!(c.header("owner"), Some("Opportunity Owner"));
        assert_eq!(c.header("closed"), Some("Close Date"));
        assert_eq!(c.header("closed_flag"), Some("Closed"));
        assert_eq!(c.header("won"), Some("Won"));

        let hs = headers(&[
            "Record ID",
            "Deal Name",
            "Deal Stage",
            "Amount",
            "Create Date",
            "Close Date",
            "Deal owner",
        ]);
        let c = recognise(ExportKind::Opportunities, &hs, &[]).unwrap();
        assert_eq!(c.shape, Shape::HubSpot);
        assert_eq!(c.header("stage"), Some("Deal Stage"));
        assert_eq!(c.header("id"), Some("Record ID"));

        let pd = headers(&[
            "ID",
            "Title",
            "Owner",
            "Value",
            "Currency",
            "Status",
            "Stage",
            "Deal created",
            "Won time",
            "Lost time",
        ]);
        let c = recognise(ExportKind::Opportunities, &pd, &[]).unwrap();
        assert_eq!(c.shape, Shape::Pipedrive);
        assert_eq!(c.header("amount"), Some("Value"));
        assert_eq!(c.header("won_time"), Some("Won time"));
        assert_eq!(c.header("closed"), None);

        let generic = headers(&["owner", "STAGE", "amount", "created", "closed"]);
        let c = recognise(ExportKind::Opportunities, &generic, &[]).unwrap();
        assert_eq!(c.shape, Shape::Generic);
        // "closed" is the close date's generic name and Salesforce's closed flag: the date
        // takes it here, and the reader moves it to the flag if its values are flags.
        assert_eq!(c.header("closed"), Some("closed"));
    }

    #[test]
    fn map_settles_unknown_names_and_names_the_export() {
        let h = headers(&["Rep", "Phase", "Deal Value", "Opened", "Finished"]);
        let e = recognise(ExportKind::Opportunities, &h, &[]).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("\"Phase\"") && text.contains("stage or status or won"),
            "{text}"
        );
        let maps: Vec<ColumnMap> = [
            "stage=Phase",
            "opportunities.created=opened",
            "closed=Finished",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        let c = recognise(ExportKind::Opportunities, &h, &maps).unwrap();
        assert_eq!(c.header("stage"), Some("Phase"));
        assert_eq!(c.header("created"), Some("Opened"));
        assert_eq!(c.header("amount"), Some("Deal Value"));
        assert_eq!(c.header("owner"), Some("Rep"));
        // An entry for another export, or for a column this file lacks, is not for this file.
        let other: ColumnMap = "accounts.industry=Phase".parse().unwrap();
        assert!(recognise(ExportKind::Opportunities, &h, &[other]).is_err());
        let named: ColumnMap = "opportunities.stage=Stadium".parse().unwrap();
        let e = recognise(ExportKind::Opportunities, &h, &[named]).unwrap_err();
        assert!(e.to_string().contains("no column \"Stadium\""), "{e}");
    }

    #[test]
    fn a_map_to_a_missing_column_suggests_the_nearest() {
        let problem = |column: &str| ColumnProblem::NoSuchColumn {
            field: "amount".to_string(),
            column: column.to_string(),
            headers: headers(&["Close Date", "Deal Amount", "Stage"]),
        };
        // "dealamout" is one deletion from "dealamount" (the header's matched name).
        let text = problem("Deal amout").to_string();
        assert!(text.ends_with("(did you mean \"Deal Amount\"?)"), "{text}");
        // "owner" is more than 2 edits (the limit for names this short) from every name.
        assert!(!problem("Owner").to_string().contains("did you mean"));
    }

    #[test]
    fn a_bad_map_is_refused_with_the_fields() {
        let e = "amount".parse::<ColumnMap>().unwrap_err();
        assert!(e.contains("FIELD=COLUMN"), "{e}");
        let e = "amonut=Value".parse::<ColumnMap>().unwrap_err();
        assert!(e.contains("no field") && e.contains("amount"), "{e}");
        let e = "deals.amount=Value".parse::<ColumnMap>().unwrap_err();
        assert!(e.contains("no export"), "{e}");
        let m: ColumnMap = "Accounts.Industry = Sector".parse().unwrap();
        assert_eq!(m.kind, Some(ExportKind::Accounts));
        assert_eq!(
            (m.field.as_str(), m.column.as_str()),
            ("industry", "Sector")
        );
    }
}
