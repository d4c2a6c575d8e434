//! What-if analysis: the same scenario run again with some values changed (sweeps, sensitivity,
//! goal seek), each run through [`crate::analysis::run`]. Every run of an analysis uses the
//! scenario's seed, so every point sees the same trial streams (common random numbers):
//! differences between points are the change, not noise. A changed value is an override
//! validated by `config` like any other, never an edit of a validated scenario.

pub mod goal;
pub mod sensitivity;
pub mod sweep;

use crate::config::number::{Unit, parse_number};

/// Splits a list of values at commas that are not inside braces, brackets or quotes, so that
/// `"4% to 8%","{ p5 = 1, p95 = 2 }"` gives two values.
pub fn split_values(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut current = String::new();
    for c in list.chars() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// `KEY=V1,V2,...` or `KEY=START..END:STEPS` (STEPS points from START to END, both included).
pub fn parse_vary(s: &str) -> Result<(String, Vec<String>), String> {
    let (key, values) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not KEY=V1,V2,... or KEY=START..END:STEPS"))?;
    let key = key.trim().to_string();
    if key.is_empty() {
        return Err(format!("`{s}` names no key"));
    }
    let values = values.trim();
    if let Some((range, steps)) = values.rsplit_once(':')
        && let Some((start, end)) = range.split_once("..")
    {
        let bad = || format!("`{values}` is not START..END:STEPS (e.g. 0..1:11)");
        let (unit, start, end) = range_ends(start, end, values)?;
        let steps: usize = steps.trim().parse().map_err(|_| bad())?;
        if steps < 2 {
            return Err(format!("`{values}`: a range needs at least 2 steps"));
        }
        // Percentages stay percentages ("5%"), so the key's own reader decides whether a rate
        // is what it takes (a money key refuses "5%" instead of reading $0.05).
        let values = (0..steps)
            .map(|i| start + (end - start) * i as f64 / (steps - 1) as f64)
            .map(|v| match unit {
                Unit::Rate => format!("{}%", format_override_number(v * 100.0)),
                _ => format_override_number(v),
            })
            .collect();
        return Ok((key, values));
    }
    let list = split_values(values);
    if list.is_empty() {
        return Err(format!("`{s}` gives no values"));
    }
    Ok((key, list))
}

/// `KEY=START..END`: a key and the range a goal seek may search.
pub fn parse_range(s: &str) -> Result<(String, (f64, f64)), String> {
    let bad = || {
        format!(
            "`{s}` is not KEY=START..END (e.g. strategies.top-down.prospecting_hours_per_week.mean=15..40)"
        )
    };
    let (key, range) = s.split_once('=').ok_or_else(bad)?;
    let (a, b) = range.split_once("..").ok_or_else(bad)?;
    let (_, a, b) = range_ends(a, b, range)?;
    if key.trim().is_empty() || a >= b {
        return Err(format!("{}: the range needs START < END", bad()));
    }
    Ok((key.trim().to_string(), (a, b)))
}

/// The two ends of a range read by the one number reader: as rates when either is written as
/// a percentage, else as amounts (plain numbers, `$`, `k`, `M`).
fn range_ends(start: &str, end: &str, range: &str) -> Result<(Unit, f64, f64), String> {
    let unit = if start.trim().ends_with('%') || end.trim().ends_with('%') {
        Unit::Rate
    } else {
        Unit::Money
    };
    let read = |t: &str| parse_number(t, unit).map_err(|e| format!("in `{range}`: {e}"));
    Ok((unit, read(start)?, read(end)?))
}

/// A value for an override: short, exact enough (12 significant digits), no float noise.
fn format_override_number(v: f64) -> String {
    let s = format!("{v:.12}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_split_outside_braces_and_quotes() {
        assert_eq!(split_values("1,2, 3"), ["1", "2", "3"]);
        assert_eq!(
            split_values("\"4% to 8%\",{ p5 = 1, p95 = 2 }"),
            ["\"4% to 8%\"", "{ p5 = 1, p95 = 2 }"]
        );
    }

    #[test]
    fn ranges_include_both_ends() {
        let (k, v) = parse_vary("strategies.mix.mix.top-down=0..1:11").unwrap();
        assert_eq!(k, "strategies.mix.mix.top-down");
        assert_eq!(v.len(), 11);
        assert_eq!(
            (v[0].as_str(), v[3].as_str(), v[10].as_str()),
            ("0", "0.3", "1")
        );
        let (_, v) = parse_vary("x=5%..15%:3").unwrap();
        assert_eq!(v, ["5%", "10%", "15%"]);
        let (_, v) = parse_vary("x=$10k..$20k:3").unwrap();
        assert_eq!(v, ["10000", "15000", "20000"]);
        assert!(parse_vary("x=1,5..2:3").is_err());
        assert!(parse_vary("x=0..1:1").is_err());
        assert!(parse_vary("novalues").is_err());
    }
}
