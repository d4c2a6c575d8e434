//! An export file as a header and rows of text cells, through the `csv` crate: a UTF-8 byte
//! order mark is dropped, CRLF and LF line ends are both read, quoted cells may hold commas and
//! line breaks, and the delimiter is a comma, a semicolon or a tab (the one the header uses
//! most; spreadsheets set to a decimal-comma locale write semicolons).

use std::fmt;

/// A file that cannot be read as an export at all (as opposed to rows of it that cannot be
/// used, which are counted and reported).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ReadError {
    /// The file, as given on the command line.
    pub file: String,
    /// The line, where the problem has one.
    pub line: Option<usize>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl ReadError {
    /// An error about the whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        ReadError {
            file: file.to_string(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The cells of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The file, as given on the command line.
    pub file: String,
    /// The header's cells, trimmed.
    pub headers: Vec<String>,
    /// Each data row: the line where it starts (the header is line 1) and its cells. Empty lines
    /// are not rows.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// The delimiter the header line uses most: `,`, `;` or a tab (quoted text not counted).
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The 1-based line of the record whose reading began at byte `at`: the reader may report the
/// end of the line before (CRLF, empty lines), so line ends are skipped first.
fn line_at(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = at.min(bytes.len());
    while at < bytes.len() && (bytes[at] == b'\r' || bytes[at] == b'\n') {
        at += 1;
    }
    1 + bytes[..at].iter().filter(|b| **b == b'\n').count()
}

/// Parses the text of an export: `file` names it in messages.
///
/// # Errors
/// The text has no header, or a quoted cell that never ends.
pub fn parse(file: &str, text: &str) -> Result<Table, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| line_at(text, p.byte() as usize));
            ReadError {
                file: file.to_string(),
                line,
                message: format!("not readable as CSV: {e}"),
            }
        })?;
        let line = line_at(text, record.position().map_or(0, |p| p.byte() as usize));
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if headers.is_none() {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            headers = Some(cells.iter().map(|c| c.trim().to_string()).collect());
        } else {
            rows.push((line, cells));
        }
    }
    let Some(headers) = headers else {
        return Err(ReadError::file(
            file,
            "is empty: an export has a header line naming its columns, then one row per record",
        ));
    };
    Ok(Table {
        file: file.to_string(),
        headers,
        rows,
    })
}

/// Reads and parses the export at `path`.
///
/// # Errors
/// The file cannot be read, is not UTF-8 (the line of the first byte that is not is given), or
/// [`parse`] refuses it.
pub fn read(path: &std::path::Path) -> Result<Table, ReadError> {
    let file = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| ReadError::file(&file, format!("cannot be read: {e}")))?;
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(ReadError::file(
            &file,
            "is UTF-16 text; export it as CSV in UTF-8 (Excel: Save As > \"CSV UTF-8\")",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        ReadError {
            file: file.clone(),
            line: Some(line),
            message: "is not UTF-8 text (an accented letter in another encoding?); export it \
                      as CSV in UTF-8 (Excel: Save As > \"CSV UTF-8\")"
                .into(),
        }
    })?;
    parse(&file, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_quotes_and_lines() {
        let text =
            "\u{feff}Owner,Amount,Note\r\nAnn,\"12,500\",\"two\r\nlines\"\r\n\r\nBob,3,x\r\n";
        let t = parse("f.csv", text).unwrap();
        assert_eq!(t.headers, ["Owner", "Amount", "Note"]);
        assert_eq!(
            t.rows,
            vec![
                (
                    2,
                    vec!["Ann".into(), "12,500".into(), "two\r\nlines".into()]
                ),
                (5, vec!["Bob".into(), "3".into(), "x".into()]),
            ]
        );
    }

    #[test]
    fn semicolons_and_tabs() {
        let t = parse("f.csv", "Owner;Amount\nAnn;12,5\n").unwrap();
        assert_eq!(t.rows[0].1, ["Ann", "12,5"]);
        let t = parse("f.csv", "Owner\tAmount\nAnn\t12\n").unwrap();
        assert_eq!(t.rows[0].1, ["Ann", "12"]);
    }

    #[test]
    fn empty_and_unreadable_files_are_refused() {
        let e = parse("f.csv", "\n\n").unwrap_err();
        assert!(e.to_string().starts_with("f.csv: is empty"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.csv");
        std::fs::write(&path, b"Owner\nRen\xe9\n").unwrap();
        let e = read(&path).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("not UTF-8"), "{e}");
    }
}
