//! Helpers over the spanned TOML tree: find keys, read numbers and strings, and record problems
//! with their line and column, so the scenario walker reads like the scenario reference.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::config::error::{Problem, line_col, nearest};
use crate::config::number::{Unit, parse_number};

/// Spans at or above this offset mark values that came from `--set` number `span - BASE`, not
/// from the file; the reader reports those by the override instead of a line.
pub const OVERRIDE_SPAN_BASE: usize = usize::MAX / 2;

/// A TOML value with its byte range in the file.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// Collects problems while a scenario is read.
pub struct Reader<'t> {
    text: &'t str,
    /// How each override was given (`--set KEY=VALUE`, `--trials N`), to name it in messages.
    overrides: Vec<String>,
    /// What has been found wrong so far, in reading order.
    pub problems: Vec<Problem>,
}

/// One `key = value` of a table.
pub struct Entry<'a, 'i> {
    /// The key.
    pub key: &'a str,
    /// Where the key stands.
    pub key_span: Range<usize>,
    /// The value.
    pub value: &'a Value<'i>,
}

impl<'t> Reader<'t> {
    /// A reader of `text`.
    pub fn new(text: &'t str) -> Self {
        Reader {
            text,
            overrides: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// A reader of `text` changed by overrides; `overrides` say how each was given
    /// (`--set KEY=VALUE`, `--trials N`), which names them in messages.
    pub fn with_overrides(text: &'t str, overrides: Vec<String>) -> Self {
        Reader {
            overrides,
            ..Reader::new(text)
        }
    }

    /// Records a problem at `span`.
    pub fn problem(&mut self, span: Option<Range<usize>>, place: &str, message: impl Into<String>) {
        let mut place = place.to_string();
        let (line, column) = match span {
            Some(s) if s.start >= OVERRIDE_SPAN_BASE => {
                // A value given on the command line: name it, there is no line in the file.
                let set = self
                    .overrides
                    .get(s.start - OVERRIDE_SPAN_BASE)
                    .cloned()
                    .unwrap_or_else(|| "--set".to_string());
                place = if place.is_empty() {
                    set
                } else {
                    format!("{set}: {place}")
                };
                (None, None)
            }
            Some(s) => {
                let (l, c) = line_col(self.text, s.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        self.problems.push(Problem {
            line,
            column,
            place,
            message: message.into(),
        });
    }

    /// The finite number at `key` among `fields`: `Some(None)` when absent, `Some(Some(v))` when
    /// `valid(v)`, and `None` (with `message` recorded at `place`) otherwise.
    pub fn amount(
        &mut self,
        fields: &[Entry<'_, '_>],
        key: &str,
        place: &str,
        valid: fn(f64) -> bool,
        message: &str,
    ) -> Option<Option<f64>> {
        let Some(f) = find(fields, key) else {
            return Some(None);
        };
        // Text is read by the one number reader as money ("40,000", "$40k"); the message
        // echoes what was read.
        let read = match f.value.get_ref() {
            DeValue::String(s) => parse_number(s, Unit::Money),
            other => number(other).ok_or_else(|| format!("got {}", type_name(other))),
        };
        match read {
            Ok(v) if v.is_finite() && valid(v) => Some(Some(v)),
            Ok(v) => {
                self.problem(Some(f.value.span()), place, format!("{message} (got {v})"));
                None
            }
            Err(e) => {
                self.problem(Some(f.value.span()), place, format!("{message}: {e}"));
                None
            }
        }
    }

    /// The table `e` holds, or a problem at `place` saying what it should hold.
    pub fn table<'a, 'i>(
        &mut self,
        e: &Entry<'a, 'i>,
        place: &str,
        holds: &str,
    ) -> Option<&'a DeTable<'i>> {
        match e.value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.problem(
                    Some(e.value.span()),
                    place,
                    format!("must be a table {holds} (got {})", type_name(other)),
                );
                None
            }
        }
    }

    /// The entries of `table`, after reporting every key not in `known` (with the nearest known
    /// key as a suggestion). Unknown entries are left out of the result.
    pub fn entries<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        known: &[&str],
        place: impl Fn(&str) -> String,
    ) -> Vec<Entry<'a, 'i>> {
        let mut out = Vec::new();
        for (k, v) in table.iter() {
            let key: &str = k.get_ref().as_ref();
            if known.contains(&key) {
                out.push(Entry {
                    key,
                    key_span: k.span(),
                    value: v,
                });
            } else {
                let hint = match nearest(key, known) {
                    Some(n) => format!("did you mean `{n}`? "),
                    None => String::new(),
                };
                self.problem(
                    Some(k.span()),
                    &place(key),
                    format!("unknown key; {hint}valid keys here: {}", known.join(", ")),
                );
            }
        }
        out.sort_by_key(|e| e.key_span.start);
        out
    }
}

/// The entry named `key`, if present.
pub fn find<'e, 'a, 'i>(entries: &'e [Entry<'a, 'i>], key: &str) -> Option<&'e Entry<'a, 'i>> {
    entries.iter().find(|e| e.key == key)
}

/// A TOML value's type in words, for messages.
pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A TOML integer or float as f64 (NaN and infinities included: callers decide).
pub fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|x| x as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => None,
    }
}

/// A TOML integer as i128 (wide enough for any TOML integer and for u64 seeds).
pub fn integer(v: &DeValue<'_>) -> Option<i128> {
    match v {
        DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}
