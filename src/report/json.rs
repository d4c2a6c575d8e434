//! `summary.json`: the run summary as pretty JSON.

use crate::analysis::summary::RunSummary;

/// The summary as pretty JSON with a final newline.
pub fn summary_json(summary: &RunSummary) -> String {
    let mut s = serde_json::to_string_pretty(summary).expect("the summary serialises");
    s.push('\n');
    s
}
