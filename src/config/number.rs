//! The one reader of numbers written as text: amounts of money, rates and counts, the same in a
//! scenario value, an interval's ends, `[economics]`, `[targets]`, costs, mix shares, `--set`,
//! `--vary` and goal targets (docs/model.md, "How numbers are read").
//!
//! What a form means depends on the kind of value the key takes ([`Unit`]): `"8%"` is a rate,
//! so a money key refuses it instead of reading $0.08; `"$20,000"` and `"20k"` are amounts, so a
//! rate refuses them. Forms that could be read two ways are refused with the text that was read:
//! `"1,5"` (a decimal comma, or a misplaced thousands separator?), `"20 k"`... A TOML number
//! (`20000`, `0.08`) is not text and does not come here: it is the number it says.

/// The kind of value a key takes, which decides the forms its text may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A share or probability: `0.08` or `"8%"`; no `$`, no `k`/`M`/`B`.
    Rate,
    /// An amount of money: `"20000"`, `"20,000"`, `"$20,000"`, `"20k"`, `"2.5M"`; no `%`.
    Money,
    /// A count or a quantity (hours, dials, weeks, deals): `"1,200"`, `"1.5k"`; no `$`, no `%`.
    Count,
}

impl Unit {
    /// What the unit is, in words, with examples, for messages.
    pub fn words(self) -> &'static str {
        match self {
            Unit::Rate => "a rate, e.g. 0.08 or \"8%\"",
            Unit::Money => "an amount of money, e.g. 20000, \"20,000\", \"$20,000\" or \"20k\"",
            Unit::Count => "a number, e.g. 40, \"1,200\" or \"1.5k\"",
        }
    }
}

/// Reads `text` as a value of `unit`.
///
/// Accepted: an optional sign; for money an optional `$` (after the sign); digits with an
/// optional decimal part and exponent; `_` between digits, or `,` as a thousands separator in
/// groups of exactly three (`40,000`, `1,234.5`); then, for a rate, an optional `%` (divides
/// by 100); for money and counts, an optional `k`/`K` (thousand), `M`/`m` (million) or `B`/`bn`
/// (billion). Spaces around the whole are ignored.
///
/// # Errors
/// A message that quotes `text` and says what `unit` takes: when the text is no number, when
/// it is a percentage where money or a count is expected (or `$`/`k`/`M` where a rate is), and
/// when it is ambiguous (`,` not in groups of three).
pub fn parse_number(text: &str, unit: Unit) -> Result<f64, String> {
    let s = text.trim();
    let refuse = |why: &str| -> Result<f64, String> {
        Err(format!("\"{text}\" {why}; this key takes {}", unit.words()))
    };
    let (negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (dollar, rest) = match rest.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    // The suffix, and what it multiplies by.
    let (body, suffix, scale) = if let Some(b) = rest.strip_suffix('%') {
        (b, "%", 0.01)
    } else if let Some(b) = rest.strip_suffix("bn") {
        (b, "bn", 1e9)
    } else {
        match rest.chars().last() {
            Some('k' | 'K') => (&rest[..rest.len() - 1], "k", 1e3),
            Some('m' | 'M') => (&rest[..rest.len() - 1], "M", 1e6),
            Some('b' | 'B') => (&rest[..rest.len() - 1], "B", 1e9),
            _ => (rest, "", 1.0),
        }
    };
    // "8 %" is common enough to read; "20 k" is not (a unit word, or a typo?).
    let body = if suffix == "%" { body.trim_end() } else { body };
    if body != body.trim_end() || body.is_empty() && (dollar || !suffix.is_empty()) {
        return refuse("is not a number (write the unit right after the digits)");
    }
    let Some(magnitude) = digits(body) else {
        if body.contains(',') && !body.contains(' ') {
            return refuse(
                "is ambiguous: a comma separates thousands in groups of three (\"40,000\"); \
                 write decimals with a point (\"1.5\")",
            );
        }
        return refuse("is not a number");
    };
    match unit {
        Unit::Rate if dollar => return refuse("is an amount of money, not a rate"),
        Unit::Rate if suffix != "%" && !suffix.is_empty() => {
            return refuse("is an amount (thousands, millions...), not a rate");
        }
        Unit::Money | Unit::Count if suffix == "%" => {
            return refuse("is a percentage, not an amount");
        }
        Unit::Count if dollar => return refuse("is an amount of money, not a count"),
        _ => {}
    }
    let value = magnitude * scale;
    if !value.is_finite() {
        return refuse("is too large");
    }
    Ok(if negative { -value } else { value })
}

/// The plain number in `s`: digits, `_` between digits or `,` thousands separators in groups of
/// three, an optional decimal part and exponent. No sign, no unit, no `inf`/`nan`.
fn digits(s: &str) -> Option<f64> {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let whole = grouped(whole)?;
    let fraction = match fraction {
        Some(f) => underscored(f)?,
        None => String::new(),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut plain = format!(
        "{}.{}",
        if whole.is_empty() { "0" } else { &whole },
        fraction
    );
    if let Some(e) = exponent {
        let (sign, e) = match e.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", e.strip_prefix('+').unwrap_or(e)),
        };
        let e = underscored(e)?;
        if e.is_empty() {
            return None;
        }
        plain = format!("{plain}e{sign}{e}");
    }
    plain.parse().ok()
}

/// The digits of an integer part: `_` between digits, or `,` between groups of three.
fn grouped(s: &str) -> Option<String> {
    if !s.contains(',') {
        return underscored(s);
    }
    let groups: Vec<&str> = s.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let all_digits = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    (first_ok && rest_ok && all_digits).then(|| groups.concat())
}

/// Digits with `_` allowed only between two digits.
fn underscored(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => out.push(char::from(b)),
            b'_' if i > 0
                && i + 1 < bytes.len()
                && bytes[i - 1].is_ascii_digit()
                && bytes[i + 1].is_ascii_digit() => {}
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_of_money_in_every_written_form() {
        for text in [
            "20000", "20_000", "20,000", "$20,000", "20k", "20K", "$20k", " 20000 ",
        ] {
            assert_eq!(parse_number(text, Unit::Money), Ok(20_000.0), "{text}");
        }
        assert_eq!(parse_number("2.5M", Unit::Money), Ok(2_500_000.0));
        assert_eq!(parse_number("$1.2bn", Unit::Money), Ok(1_200_000_000.0));
        assert_eq!(parse_number("1,234,567.5", Unit::Money), Ok(1_234_567.5));
        assert_eq!(parse_number("-40,000", Unit::Money), Ok(-40_000.0));
        assert_eq!(parse_number("1e6", Unit::Money), Ok(1e6));
    }

    #[test]
    fn rates_as_fractions_or_percentages() {
        assert_eq!(parse_number("8%", Unit::Rate), Ok(0.08));
        assert_eq!(parse_number("0.08", Unit::Rate), Ok(0.08));
        assert_eq!(parse_number("60 %", Unit::Rate), Ok(0.6));
        assert_eq!(parse_number("12.5%", Unit::Rate), Ok(0.125));
    }

    #[test]
    fn a_percentage_is_not_money_and_money_is_not_a_rate() {
        let e = parse_number("50%", Unit::Money).unwrap_err();
        assert!(e.contains("\"50%\"") && e.contains("percentage"), "{e}");
        let e = parse_number("$5", Unit::Rate).unwrap_err();
        assert!(e.contains("\"$5\"") && e.contains("money"), "{e}");
        assert!(parse_number("5k", Unit::Rate).is_err());
        assert!(parse_number("40%", Unit::Count).is_err());
        assert!(parse_number("$40", Unit::Count).is_err());
    }

    #[test]
    fn ambiguous_and_malformed_forms_are_refused_with_the_text_read() {
        for text in [
            "1,5",
            "1,50",
            "1,2345",
            ",500",
            "20 k",
            "20,00,000",
            "abc",
            "",
            "%",
            "$",
            "inf",
            "NaN",
            "1__0",
            "_10",
            "10_",
            "1.2.3",
            "--5",
            "1e",
            "k",
        ] {
            let e = parse_number(text, Unit::Money).unwrap_err();
            assert!(e.contains(&format!("\"{text}\"")), "{text}: {e}");
        }
        let e = parse_number("1,5", Unit::Count).unwrap_err();
        assert!(e.contains("ambiguous"), "{e}");
    }
}
