//! Dates as exports write them: ISO (`2024-03-05`, with or without a time), day first
//! (`05/03/2024`) or month first (`03/05/2024`), with `/`, `-` or `.` between the parts and
//! four- or two-digit years, or with the month's name (`5 Mar 2024`, `Mar 5, 2024`).
//!
//! Whether `03/05/2024` is 3 May or 5 March cannot be told from one value. A column is read one
//! way throughout, chosen over all of its values: a value such as `25/03/2024` allows only day
//! first, `03/25/2024` only month first. A column whose values allow both is ambiguous: it is
//! refused with an example unless the caller settles it (`--date-order`, or another date column
//! of the same file). A column with values that allow only one reading each, but not the same
//! one, is refused too.
//!
//! A two-digit year is read as POSIX `strptime` does: 69 to 99 are 1969 to 1999, 00 to 68 are
//! 2000 to 2068.

use chrono::NaiveDate;

use super::records::DateReading;

/// The reading's name for messages and the report.
pub fn reading_name(reading: DateReading) -> &'static str {
    match reading {
        DateReading::Iso => "ISO (y-m-d)",
        DateReading::DayMonthYear => "d/m/y",
        DateReading::MonthDayYear => "m/d/y",
    }
}

/// A date as written, before the order of a numeric day and month is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// The year first, or the month named: one reading only.
    Certain(NaiveDate),
    /// `a/b/year`: day/month or month/day. Either reading may give no valid date.
    Numeric { a: u32, b: u32, year: i32 },
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_named(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let at = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "March", "Mar", "Sept" are months; "Marching" is not.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][at];
    (full.starts_with(&w) || w == "sept").then_some(at as u32 + 1)
}

fn year_of(token: &str) -> Option<i32> {
    let y: i32 = token.parse().ok()?;
    match token.len() {
        4 => Some(y),
        2 if y >= 69 => Some(1900 + y),
        2 => Some(2000 + y),
        _ => None,
    }
}

fn small(token: &str) -> Option<u32> {
    (1..=2).contains(&token.len()).then(|| token.parse().ok())?
}

/// Parses the date part of `text`; None when it is no date in any form.
fn written(text: &str) -> Option<Written> {
    let mut s = text.trim();
    // ISO's "T" before a time: "2024-03-05T14:22:10Z".
    if let Some(t) = s.find('T').filter(|&t| t == 10) {
        s = &s[..t];
    }
    let tokens: Vec<&str> = s
        .split(|c: char| c == '/' || c == '-' || c == '.' || c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    // A time after the date ("14:22", "2:22:10 PM", "+01:00") is dropped.
    let end = tokens
        .iter()
        .position(|t| t.contains(':'))
        .unwrap_or(tokens.len());
    let mut tokens = tokens[..end].to_vec();
    if tokens.len() == 4
        && ["am", "pm"]
            .iter()
            .any(|m| tokens[3].eq_ignore_ascii_case(m))
    {
        tokens.pop();
    }
    let [p, q, r] = tokens.as_slice() else {
        return None;
    };
    if let Some(m) = month_named(p) {
        // "Mar 5 2024"
        let date = NaiveDate::from_ymd_opt(year_of(r)?, m, small(q)?)?;
        return Some(Written::Certain(date));
    }
    if let Some(m) = month_named(q) {
        // "5 Mar 2024", "05-Mar-24"
        let date = NaiveDate::from_ymd_opt(year_of(r)?, m, small(p)?)?;
        return Some(Written::Certain(date));
    }
    if p.len() == 4 {
        let date = NaiveDate::from_ymd_opt(p.parse().ok()?, small(q)?, small(r)?)?;
        return Some(Written::Certain(date));
    }
    Some(Written::Numeric {
        a: small(p)?,
        b: small(q)?,
        year: year_of(r)?,
    })
}

impl Written {
    fn read(self, reading: DateReading) -> Option<NaiveDate> {
        match (self, reading) {
            (Written::Certain(d), _) => Some(d),
            (Written::Numeric { .. }, DateReading::Iso) => None,
            (Written::Numeric { a, b, year }, DateReading::DayMonthYear) => {
                NaiveDate::from_ymd_opt(year, b, a)
            }
            (Written::Numeric { a, b, year }, DateReading::MonthDayYear) => {
                NaiveDate::from_ymd_opt(year, a, b)
            }
        }
    }
}

/// What the values of one date column allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// No value is a date (the column is blank, or nothing in it reads as a date).
    Empty,
    /// One reading fits every value.
    Read(DateReading),
    /// Every numeric value fits both day first and month first; the example is one of them.
    Ambiguous {
        /// The line of an example value.
        line: usize,
        /// The value, as written.
        value: String,
    },
    /// Some values fit only day first, others only month first.
    Mixed {
        /// A value that is day first only: its line and text.
        day_first: (usize, String),
        /// A value that is month first only: its line and text.
        month_first: (usize, String),
    },
}

/// Looks at every value of a column (`(line, text)`, blanks included) and says which reading
/// fits them all. Values that are no date at all are left for the reader to report per row.
pub fn settle<'a>(values: impl IntoIterator<Item = (usize, &'a str)>) -> Settled {
    let mut any_certain = false;
    let mut any_numeric = false;
    let mut example: Option<(usize, String)> = None;
    let mut day_first: Option<(usize, String)> = None;
    let mut month_first: Option<(usize, String)> = None;
    for (line, text) in values {
        match written(text) {
            None => {}
            Some(Written::Certain(_)) => any_certain = true,
            Some(w) => {
                any_numeric = true;
                let dmy = w.read(DateReading::DayMonthYear).is_some();
                let mdy = w.read(DateReading::MonthDayYear).is_some();
                match (dmy, mdy) {
                    (true, true) => {
                        // An example where the two readings give different days.
                        let same = matches!(w, Written::Numeric { a, b, .. } if a == b);
                        if example.is_none() && !same {
                            example = Some((line, text.trim().to_string()));
                        }
                    }
                    (true, false) => {
                        day_first.get_or_insert((line, text.trim().to_string()));
                    }
                    (false, true) => {
                        month_first.get_or_insert((line, text.trim().to_string()));
                    }
                    (false, false) => {}
                }
            }
        }
    }
    match (day_first, month_first) {
        (Some(d), Some(m)) => Settled::Mixed {
            day_first: d,
            month_first: m,
        },
        (Some(_), None) => Settled::Read(DateReading::DayMonthYear),
        (None, Some(_)) => Settled::Read(DateReading::MonthDayYear),
        (None, None) => match example {
            Some((line, value)) => Settled::Ambiguous { line, value },
            // Numeric values whose day equals their month read the same either way.
            None if any_numeric => Settled::Read(DateReading::DayMonthYear),
            None if any_certain => Settled::Read(DateReading::Iso),
            None => Settled::Empty,
        },
    }
}

/// Reads one value with the column's reading; None when it is no date (or not a valid one in
/// that reading).
pub fn read(text: &str, reading: DateReading) -> Option<NaiveDate> {
    let w = written(text)?;
    match (w, reading) {
        // An ISO column may still hold a numeric value whose day equals its month.
        (Written::Numeric { a, b, .. }, DateReading::Iso) if a == b => {
            w.read(DateReading::DayMonthYear)
        }
        _ => w.read(reading),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn iso_with_or_without_a_time() {
        for text in [
            "2024-03-05",
            "2024-03-05 14:22",
            "2024-03-05T14:22:10Z",
            "2024/3/5",
            " 2024-03-05 ",
            "2024-03-05 2:22:10 PM",
        ] {
            assert_eq!(read(text, DateReading::Iso), Some(d(2024, 3, 5)), "{text}");
        }
        assert_eq!(
            settle([(2, "2024-03-05"), (3, "2024-12-31")]),
            Settled::Read(DateReading::Iso)
        );
    }

    #[test]
    fn named_months_are_certain() {
        for text in [
            "5 Mar 2024",
            "05-Mar-24",
            "Mar 5, 2024",
            "March 5 2024",
            "5 sept 2024",
        ] {
            let want = if text.contains("sept") {
                d(2024, 9, 5)
            } else {
                d(2024, 3, 5)
            };
            assert_eq!(read(text, DateReading::MonthDayYear), Some(want), "{text}");
            assert_eq!(read(text, DateReading::DayMonthYear), Some(want), "{text}");
        }
    }

    #[test]
    fn a_column_is_read_the_way_all_its_values_allow() {
        // 25/03 can only be day first; the other values then read day first too.
        let values = [(2, "03/04/2024"), (3, ""), (4, "25/03/2024"), (5, "1.2.24")];
        assert_eq!(settle(values), Settled::Read(DateReading::DayMonthYear));
        assert_eq!(
            read("03/04/2024", DateReading::DayMonthYear),
            Some(d(2024, 4, 3))
        );
        assert_eq!(
            read("1.2.24", DateReading::DayMonthYear),
            Some(d(2024, 2, 1))
        );
        let values = [(2, "03/04/2024"), (3, "12/31/2023")];
        assert_eq!(settle(values), Settled::Read(DateReading::MonthDayYear));
        assert_eq!(
            read("03/04/2024", DateReading::MonthDayYear),
            Some(d(2024, 3, 4))
        );
    }

    #[test]
    fn both_readings_possible_is_ambiguous_and_a_mix_is_refused() {
        // 05/05 reads the same either way, so 03/04 is the example given.
        let values = [(2, "05/05/2024"), (3, "03/04/2024"), (4, "1/2/24")];
        assert_eq!(
            settle(values),
            Settled::Ambiguous {
                line: 3,
                value: "03/04/2024".into()
            }
        );
        let values = [(2, "13/04/2024"), (3, "04/13/2024")];
        assert_eq!(
            settle(values),
            Settled::Mixed {
                day_first: (2, "13/04/2024".into()),
                month_first: (3, "04/13/2024".into())
            }
        );
    }

    #[test]
    fn two_digit_years_pivot_at_69_and_invalid_dates_are_none() {
        assert_eq!(
            read("31/12/68", DateReading::DayMonthYear),
            Some(d(2068, 12, 31))
        );
        assert_eq!(
            read("31/12/69", DateReading::DayMonthYear),
            Some(d(1969, 12, 31))
        );
        assert_eq!(read("31/02/2024", DateReading::DayMonthYear), None);
        assert_eq!(read("2023-02-29", DateReading::Iso), None);
        assert_eq!(
            read("29/02/2024", DateReading::DayMonthYear),
            Some(d(2024, 2, 29))
        );
        for text in [
            "",
            "soon",
            "2024",
            "03/2024",
            "1/2/3/4",
            "123/1/2024",
            "1/1/123",
        ] {
            assert_eq!(read(text, DateReading::DayMonthYear), None, "{text}");
        }
        assert_eq!(settle([(2, ""), (3, "n/a")]), Settled::Empty);
        // Values that are no date leave the reading to the others.
        assert_eq!(
            settle([(2, "soon"), (3, "20/1/2024")]),
            Settled::Read(DateReading::DayMonthYear)
        );
    }
}
