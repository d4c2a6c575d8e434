//! Cells as exports write them, other than dates: amounts (currency symbols or codes, thousands
//! separators, accounting negatives, blanks), yes/no flags and counts.
//!
//! An amount's digits are read by `config::number` (the scenario's own reader of money), after
//! what exports add around them is taken off: a currency symbol or a three-letter code before or
//! after the number, spaces or apostrophes between thousands (`1 234 567`, `1'234`), and points
//! between thousands (`€1.200`, `1.234.567`: an amount of money has no third decimal, so a point
//! before exactly three digits groups them). Forms it refuses as ambiguous (`1,5`: a decimal
//! comma?) stay refused here, and so does a decimal comma after point groups (`1.234,56`).

use crate::config::number::{Unit, parse_number};

/// What one cell holds, when it is not a plain value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<T> {
    /// Blank, or a placeholder for nothing (`-`, `n/a`, `null`).
    Blank,
    /// The value.
    Value(T),
    /// Not readable as the field's kind of value.
    Unreadable,
}

/// Whether a cell says "nothing": blank or a common placeholder.
pub fn is_blank(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || ["-", "--", "n/a", "na", "null", "none", "#n/a"]
            .iter()
            .any(|p| t.eq_ignore_ascii_case(p))
}

/// Currency symbols exports write, with the code each stands for (`$` is read as US dollars:
/// only to tell one currency from another in the same file).
const SYMBOLS: [(&str, &str); 12] = [
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
];

/// Takes a currency symbol or a three-letter code off either end of `s`: the rest, and the
/// currency's code if there was one.
fn without_currency(s: &str) -> (&str, Option<&str>) {
    let s = s.trim();
    for (sym, iso) in SYMBOLS {
        if let Some(rest) = s.strip_prefix(sym) {
            return (rest.trim_start(), Some(iso));
        }
        if let Some(rest) = s.strip_suffix(sym) {
            return (rest.trim_end(), Some(iso));
        }
    }
    let code = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((head, rest)) = s.split_once(' ')
        && code(head)
    {
        return (rest.trim_start(), Some(head));
    }
    if let Some((rest, tail)) = s.rsplit_once(' ')
        && code(tail)
    {
        return (rest.trim_end(), Some(tail));
    }
    (s, None)
}

/// The currency an amount cell names by a symbol or a code (`€1.200` and `1200 EUR` are
/// `EUR`; `$1,200` is `USD`), if it names one.
pub fn amount_currency(text: &str) -> Option<&str> {
    let s = text.trim();
    let s = s
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(s);
    let s = s.trim().strip_prefix('-').unwrap_or(s.trim());
    without_currency(s).1
}

/// Takes out points that separate thousands (`1.200`, `12.500.000`): a lead of one to three
/// digits not starting with 0, then groups of exactly three digits. Anything else (`12.50`,
/// `0.125`, `1,200.50`, `1.234,56`) is returned as it is.
fn without_point_groups(s: &str) -> String {
    let mut groups = s.split('.');
    let lead = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let grouped = !rest.is_empty()
        && (1..=3).contains(&lead.len())
        && digits(lead)
        && !lead.starts_with('0')
        && rest.iter().all(|g| g.len() == 3 && digits(g));
    if grouped {
        s.replace('.', "")
    } else {
        s.to_string()
    }
}

/// Reads an amount of money: `12500`, `$12,500.00`, `€ 12 500`, `12500 EUR`, `(1,200)`.
pub fn amount(text: &str) -> Cell<f64> {
    if is_blank(text) {
        return Cell::Blank;
    }
    let mut s = text.trim();
    // Accounting negatives: "(1,200)".
    let negative = s.starts_with('(') && s.ends_with(')');
    if negative {
        s = &s[1..s.len() - 1];
    }
    let (sign, rest) = match s.trim().strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, s.trim()),
    };
    let (body, _) = without_currency(rest);
    // The sign may also come after the symbol: "$-1,200".
    let (sign, body) = match body.strip_prefix('-') {
        Some(r) if sign > 0.0 => (-1.0, r),
        _ => (sign, body),
    };
    // Spaces (plain, no-break, narrow no-break) and apostrophes between groups of three digits.
    let joined: String = if body.contains([' ', '\u{a0}', '\u{202f}', '\'']) {
        let groups: Vec<&str> = body
            .split([' ', '\u{a0}', '\u{202f}', '\''])
            .filter(|g| !g.is_empty())
            .collect();
        let fits = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..groups.len() - 1].iter().all(|g| g.len() == 3)
            && groups[groups.len() - 1]
                .split('.')
                .next()
                .is_some_and(|g| g.len() == 3);
        if !fits {
            return Cell::Unreadable;
        }
        groups.concat()
    } else {
        body.to_string()
    };
    let joined = without_point_groups(&joined);
    match parse_number(&joined, Unit::Money) {
        Ok(v) if negative => Cell::Value(-v.abs()),
        Ok(v) => Cell::Value(sign * v),
        Err(_) => Cell::Unreadable,
    }
}

/// Reads a yes/no flag: true/false, yes/no, y/n, 1/0, won/lost (case-insensitive).
pub fn flag(text: &str) -> Cell<bool> {
    if is_blank(text) {
        return Cell::Blank;
    }
    let t = text.trim().to_ascii_lowercase();
    match t.as_str() {
        "true" | "yes" | "y" | "1" | "t" | "x" => Cell::Value(true),
        "false" | "no" | "n" | "0" | "f" => Cell::Value(false),
        _ => Cell::Unreadable,
    }
}

/// Reads a whole count (employees): `250`, `1,200`; a range such as `51-200` reads as its
/// middle, rounded down.
pub fn count(text: &str) -> Cell<u64> {
    if is_blank(text) {
        return Cell::Blank;
    }
    let t = text.trim().trim_end_matches('+');
    let whole = |s: &str| -> Option<u64> {
        let v = parse_number(s.trim(), Unit::Count).ok()?;
        (v >= 0.0 && v.fract() == 0.0 && v < 1e15).then_some(v as u64)
    };
    if let Some((lo, hi)) = t.split_once('-')
        && let (Some(lo), Some(hi)) = (whole(lo), whole(hi))
        && lo <= hi
    {
        return Cell::Value(lo + (hi - lo) / 2);
    }
    whole(t).map_or(Cell::Unreadable, Cell::Value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_the_forms_exports_write() {
        for (text, want) in [
            ("12500", 12_500.0),
            ("12,500.00", 12_500.0),
            ("$12,500.00", 12_500.0),
            ("US$ 12,500", 12_500.0),
            ("€12500", 12_500.0),
            ("12 500 €", 12_500.0),
            ("12\u{a0}500", 12_500.0),
            ("12'500.50", 12_500.5),
            ("USD 12500", 12_500.0),
            ("12500 EUR", 12_500.0),
            ("£1.2k", 1_200.0),
            ("(1,200)", -1_200.0),
            ("-$1,200", -1_200.0),
            ("$-1,200", -1_200.0),
            // Points between thousands, as continental exports write them.
            ("€1.200", 1_200.0),
            ("1.200 €", 1_200.0),
            ("EUR 1.234.567", 1_234_567.0),
            ("$1,200.50", 1_200.5),
            ("12.50", 12.5),
            ("0.125", 0.125),
            ("1234.567", 1_234.567),
        ] {
            assert_eq!(amount(text), Cell::Value(want), "{text}");
        }
        for text in ["", "  ", "-", "n/a", "NULL"] {
            assert_eq!(amount(text), Cell::Blank, "{text}");
        }
        for text in [
            "1,5",
            "twelve",
            "12 50",
            "$",
            "1.234,56",
            "€1.200,50",
            "12%",
        ] {
            assert_eq!(amount(text), Cell::Unreadable, "{text}");
        }
    }

    #[test]
    fn the_currency_an_amount_names() {
        for (text, want) in [
            ("$12,500.00", Some("USD")),
            ("US$ 12,500", Some("USD")),
            ("€1.200", Some("EUR")),
            ("12 500 €", Some("EUR")),
            ("12500 EUR", Some("EUR")),
            ("GBP 900", Some("GBP")),
            ("(£1,200)", Some("GBP")),
            ("-$1,200", Some("USD")),
            ("12500", None),
            ("", None),
        ] {
            assert_eq!(amount_currency(text), want, "{text}");
        }
    }

    #[test]
    fn flags_and_counts() {
        for t in ["TRUE", "yes", "1", "Y"] {
            assert_eq!(flag(t), Cell::Value(true), "{t}");
        }
        for t in ["false", "No", "0"] {
            assert_eq!(flag(t), Cell::Value(false), "{t}");
        }
        assert_eq!(flag(""), Cell::Blank);
        assert_eq!(flag("2024-01-01"), Cell::Unreadable);
        assert_eq!(count("1,200"), Cell::Value(1200));
        assert_eq!(count("51-200"), Cell::Value(125));
        assert_eq!(count("10000+"), Cell::Value(10_000));
        assert_eq!(count("12.5"), Cell::Unreadable);
        assert_eq!(count(""), Cell::Blank);
    }
}
