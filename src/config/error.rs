//! Problems found in a scenario file, each with its place (file, line, column, key).

use std::fmt;

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line, where the parser knows it.
    pub line: Option<usize>,
    /// 1-based column, where the parser knows it.
    pub column: Option<usize>,
    /// Which key: `key simulation.trials`, `strategy "top-down", key connect_rate`.
    pub place: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

/// Everything wrong with one scenario file, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// The file as the user named it (or `<built-in>`).
    pub file: String,
    /// At least one problem, in the order of the file.
    pub problems: Vec<Problem>,
}

impl ScenarioError {
    /// An error with a single problem that has no position (a file that cannot be read, say).
    pub fn single(file: &str, place: &str, message: impl Into<String>) -> Self {
        ScenarioError {
            file: file.to_string(),
            problems: vec![Problem {
                line: None,
                column: None,
                place: place.to_string(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", self.file)?;
            if let Some(line) = p.line {
                write!(f, ":{line}")?;
                if let Some(col) = p.column {
                    write!(f, ":{col}")?;
                }
            }
            if p.place.is_empty() {
                write!(f, ": {}", p.message)?;
            } else {
                write!(f, ": {}: {}", p.place, p.message)?;
            }
        }
        Ok(())
    }
}

/// 1-based (line, column) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.len(), |nl| before.len() - nl - 1)
        + 1;
    (line, col)
}

/// The closest of `candidates` to `word` by Levenshtein distance (counted in characters), if
/// close enough to be a typo: at most a third of the candidate's length, and never less than 2.
/// On a tie the earlier candidate wins.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 8), (2, 3));
    }

    #[test]
    fn typos_find_their_key() {
        let keys = ["connect_rate", "dials_per_hour", "dials_per_account"];
        assert_eq!(nearest("conection_rate", &keys), Some("connect_rate"));
        assert_eq!(nearest("dials_per_hr", &keys), Some("dials_per_hour"));
        assert_eq!(nearest("banana", &keys), None);
        // Distance 2 is always close enough, even for a short key; 3 is not for a 6-letter one.
        assert_eq!(nearest("wks", &["reps", "weeks"]), Some("weeks"));
        assert_eq!(nearest("xyzabc", &["abcdef"]), None);
    }
}
