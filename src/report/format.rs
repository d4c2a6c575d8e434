//! Numbers and short texts for people, shared by the terminal tables, the charts, the report's
//! prose and its tables: thousands separators, money (in full and to three figures), shares and
//! percentages, hours, counts, tick labels, input and output values in their units, plural
//! nouns, "n/a" for a figure that does not exist, an estimate rounded to its Monte Carlo error,
//! and text widths in terminal cells. One function per form, so a figure reads the same wherever
//! it appears. The words for an IRR, ROI and payback week are `econ::reading`'s.

use unicode_width::UnicodeWidthStr;

use crate::choices::Output;
use crate::model::inputs::{InputKey, KeyKind};
use crate::whatif::sensitivity::{HIGH_QUANTILE, LOW_QUANTILE};

/// What a table or sentence shows for a figure that does not exist (a closing ratio with no
/// proposal, an average over no deal): never a 0 that reads as a measurement.
pub const NOT_AVAILABLE: &str = "n/a";

/// `value` formatted by `f`, or [`NOT_AVAILABLE`] when there is none.
pub fn or_na(value: Option<f64>, f: impl Fn(f64) -> String) -> String {
    value.map_or_else(|| NOT_AVAILABLE.to_string(), f)
}

/// How many terminal cells `s` takes: a CJK character two, a combining mark none.
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` padded with spaces on the left to `width` terminal cells (right-aligned).
pub fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(display_width(s))))
}

/// `s` padded with spaces on the right to `width` terminal cells (left-aligned).
pub fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

/// `1234567.8` -> `1,234,568`.
pub fn thousands(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let rounded = v.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// `1234567.8` -> `$1,234,568`; negative amounts as `-$1,234`.
pub fn money(v: f64) -> String {
    let t = thousands(v.abs());
    if v.round() < 0.0 {
        format!("-${t}")
    } else {
        format!("${t}")
    }
}

/// Compact money to three significant figures, for charts, tables and prose: $1.32M, $547k,
/// $7.84k, $950, -$223k.
pub fn money_short(v: f64) -> String {
    let a = v.abs();
    if !a.is_finite() || a < 1e-9 {
        return "$0".into();
    }
    // Round to three significant figures first, so 999,600 becomes $1M, not $1000k.
    let factor = 10f64.powi(a.log10().floor() as i32 - 2);
    let r = (a / factor).round() * factor;
    let (div, suffix) = if r >= 1e9 {
        (1e9, "B")
    } else if r >= 1e6 {
        (1e6, "M")
    } else if r >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let x = r / div;
    let decimals = if x >= 100.0 {
        0
    } else if x >= 10.0 {
        1
    } else {
        2
    };
    let body = format!("{x:.decimals$}");
    let body = if body.contains('.') {
        body.trim_end_matches('0').trim_end_matches('.')
    } else {
        &body
    };
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}${body}{suffix}")
}

/// `0.0834` -> `8.3%`.
pub fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// Money with its sign: +$1.2M, -$350k, $0.
pub fn signed_money_short(v: f64) -> String {
    let s = money_short(v);
    if v > 0.0 && s != "$0" {
        format!("+{s}")
    } else {
        s
    }
}

/// A tick label for money: $1.2M, $350k, $0.
pub fn money_tick(v: &f64) -> String {
    money_short(*v)
}

/// A tick label for a plain number: no float noise, no exponent.
pub fn number_tick(v: &f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A tick label for a percentage already scaled to 0-100.
pub fn percent_tick(v: &f64) -> String {
    format!("{}%", number_tick(v))
}

/// Hours for prose: 120 h, 22.0 h.
pub fn hours(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0} h")
    } else {
        format!("{v:.1} h")
    }
}

/// `n` with thousands separators and a noun, plural unless n is 1: "1 week", "10,000 simulated
/// futures". Every count the program prints goes through here or [`counted_as`].
pub fn counted(n: u64, noun: &str) -> String {
    counted_as(n, noun, &format!("{noun}s"))
}

/// [`counted`] for a noun whose plural is not its singular plus "s": "1 strategy", "3
/// strategies".
pub fn counted_as(n: u64, singular: &str, plural: &str) -> String {
    let noun = if n == 1 { singular } else { plural };
    format!("{} {noun}", thousands(n as f64))
}

/// An estimate and its standard error, each rounded to the precision the error supports: the
/// error to one significant figure, the estimate to the same decimal place. `31.3086` with
/// `0.1702` reads `("31.3", "0.2")`; `1,234.5` with `12.3` reads `("1,230", "10")`. Without a
/// usable error (none, zero or not finite) the estimate reads to about three figures.
pub fn estimate(value: f64, se: Option<f64>) -> (String, Option<String>) {
    let Some(se) = se.filter(|e| e.is_finite() && *e > 0.0) else {
        return (short_number(value), None);
    };
    let mut place = se.log10().floor() as i32;
    // One significant figure of the error; rounding can carry it to the next place (0.96 -> 1).
    let mut digit = (se / 10f64.powi(place)).round();
    if digit >= 10.0 {
        place += 1;
        digit = 1.0;
    }
    let se_rounded = digit * 10f64.powi(place);
    let fixed = |v: f64| {
        if place >= 0 {
            let step = 10f64.powi(place);
            thousands((v / step).round() * step)
        } else {
            let decimals = (-place) as usize;
            let text = format!("{v:.decimals$}");
            // Separators in the whole part, as everywhere else.
            match text.split_once('.') {
                Some((whole, frac)) => {
                    let sign = if v < 0.0 && whole.trim_start_matches('-') == "0" {
                        "-"
                    } else {
                        ""
                    };
                    let whole: f64 = whole.parse().unwrap_or(0.0);
                    format!("{sign}{}.{frac}", thousands(whole))
                }
                None => text,
            }
        }
    };
    (fixed(value), Some(fixed(se_rounded)))
}

/// Hours where a few percent do not matter: 85 h, 123 h, 7.5 h.
pub fn whole_hours(v: f64) -> String {
    if v.abs() >= 10.0 {
        format!("{v:.0} h")
    } else {
        format!("{v:.1} h")
    }
}

/// `s` with its first letter upper-case (titles that start with a strategy name).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A count with about three significant figures: 1,234, 330, 33.0, 2.64, 0.185.
pub fn count(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        thousands(v)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// A mean of a count or a number of weeks for a table, where the figures of a row line up: one
/// decimal below 1,000, whole with thousands separators from there: 5.2, 33.0, 104,000.
pub fn tenths(v: f64) -> String {
    if v.abs() >= 999.95 {
        thousands(v)
    } else {
        format!("{v:.1}")
    }
}

/// About three significant figures without trailing zeros ([`count`] trimmed): 0.46, 13.7, 2,
/// 1,234. Input values, ticks and prose use it.
pub fn short_number(v: f64) -> String {
    let s = count(v);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A share for prose: 99.3%, 0.4%, 100%.
pub fn share(v: f64) -> String {
    let pct = v * 100.0;
    if pct >= 99.95 && v < 1.0 {
        ">99.9%".into()
    } else if pct > 0.0 && pct < 0.05 {
        "<0.1%".into()
    } else if v == 1.0 || v == 0.0 {
        format!("{pct:.0}%")
    } else {
        format!("{pct:.1}%")
    }
}

/// An input value for people, as the report's tables show it: rates as percentages and other
/// numbers to about three figures, revenue per sale as short money: 5.43%, 17.1, $21k.
pub fn input_value(key: InputKey, v: f64) -> String {
    if key == InputKey::RevenuePerSale {
        return money_short(v);
    }
    if key.kind() == KeyKind::Rate {
        return percent_short(v);
    }
    short_number(v)
}

/// An input value with its unit, as the tornado chart and its table show it: $8.5k, 3.6%,
/// 0.46 h, 4.7 weeks, 15 (rates to one decimal, so the bars' labels stay short).
pub fn input_value_in_unit(key: InputKey, v: f64) -> String {
    if key == InputKey::RevenuePerSale {
        return money_short(v);
    }
    if key.kind() == KeyKind::Rate {
        return format!("{:.1}%", v * 100.0);
    }
    let n = short_number(v);
    match key {
        InputKey::ProspectingHoursPerWeek | InputKey::ResearchHoursPerAccount => format!("{n} h"),
        InputKey::SalesCycleWeeks => format!("{n} weeks"),
        _ => n,
    }
}

/// A sensitivity bar's input value in its unit: a strategy input as [`input_value_in_unit`],
/// part B's selling hours in hours, its expansion rate as a percentage, its expansion revenue
/// as short money.
pub fn factor_value_in_unit(key: crate::whatif::sensitivity::Factor, v: f64) -> String {
    use crate::model::selling::PartBInput;
    use crate::whatif::sensitivity::Factor;
    match key {
        Factor::Strategy(k) => input_value_in_unit(k, v),
        Factor::PartB(PartBInput::SellingHoursPerWeek) => format!("{} h", short_number(v)),
        Factor::PartB(PartBInput::ExpansionRate) => format!("{:.1}%", v * 100.0),
        Factor::PartB(PartBInput::ExpansionRevenue) => money_short(v),
    }
}

/// A sensitivity output in its unit: short money, deals, or a percentage.
pub fn output_value(output: Output, v: f64) -> String {
    match output {
        Output::Revenue => money_short(v),
        Output::Deals => count(v),
        Output::PBetter => format!("{:.1}%", v * 100.0),
    }
}

/// A percentage to about three figures, no trailing zeros: `0.1` -> `10%`, `0.0543` -> `5.43%`.
pub fn percent_short(v: f64) -> String {
    format!("{}%", short_number(v * 100.0))
}

/// A whole-percent figure with thousands separators: `0.834` -> `83%`, `34.92` -> `3,492%`
/// (quota attainment). IRR and ROI have their words in `econ::reading`.
pub fn whole_percent(v: f64) -> String {
    format!("{}%", thousands(v * 100.0))
}

/// The quantiles the sensitivity fixes an input at, in percent: (10, 90), as in "P10".
pub fn sensitivity_percents() -> (f64, f64) {
    (
        (LOW_QUANTILE * 100.0).round(),
        (HIGH_QUANTILE * 100.0).round(),
    )
}

/// The footnote of the sensitivity's `*` mark, in the terminal and on the tornado chart: an
/// input the targets draw from different distributions shows the first target's quantiles.
pub fn by_target_footnote() -> String {
    let (lo, hi) = sensitivity_percents();
    format!("*: the targets draw the input differently; shown, the first target's P{lo} and P{hi}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(1234567.8), "1,234,568");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(-1000.0), "-1,000");
        assert_eq!(money(-1234.0), "-$1,234");
        assert_eq!(money_short(1_234_567.0), "$1.23M");
        assert_eq!(money_short(350_000.0), "$350k");
        assert_eq!(money_short(-2_500.0), "-$2.5k");
        assert_eq!(money_short(999_600.0), "$1M");
        assert_eq!(percent(0.0834), "8.3%");
    }

    #[test]
    fn money_reads_to_three_figures() {
        for (v, s) in [
            (546_496.6, "$546k"),
            (1_324_797.0, "$1.32M"),
            (999_600.0, "$1M"),
            (1_250_000.0, "$1.25M"),
            (7_839.0, "$7.84k"),
            (950.4, "$950"),
            (0.2, "$0.2"),
            (1e-12, "$0"),
            (-223_200.0, "-$223k"),
            (12_500_000.0, "$12.5M"),
            (2_000_000_000.0, "$2B"),
        ] {
            assert_eq!(money_short(v), s, "{v}");
        }
        assert_eq!(signed_money_short(793_600.0), "+$794k");
        assert_eq!(signed_money_short(-5.0), "-$5");
        assert_eq!(signed_money_short(0.0), "$0");
    }

    #[test]
    fn tick_labels_have_no_float_noise() {
        assert_eq!(money_tick(&1_250_000.0), "$1.25M");
        assert_eq!(money_tick(&-200_000.0), "-$200k");
        assert_eq!(money_tick(&1e-9), "$0");
        assert_eq!(number_tick(&0.30000000000000004), "0.3");
        assert_eq!(number_tick(&20.0), "20");
        assert_eq!(number_tick(&-0.0001), "0");
        assert_eq!(percent_tick(&12.5), "12.5%");
    }

    #[test]
    fn prose_numbers() {
        assert_eq!(counted(1, "week"), "1 week");
        assert_eq!(
            counted(10_000, "simulated future"),
            "10,000 simulated futures"
        );
        assert_eq!(hours(120.4), "120 h");
        assert_eq!(hours(22.04), "22.0 h");
        assert_eq!(count(330.2), "330");
        assert_eq!(count(33.04), "33.0");
        assert_eq!(count(0.1849), "0.185");
        assert_eq!(count(12_345.0), "12,345");
        assert_eq!(short_number(0.4600), "0.46");
        assert_eq!(short_number(2.0), "2");
        assert_eq!(short_number(13.72), "13.7");
        assert_eq!(short_number(12_345.0), "12,345");
        assert_eq!(share(0.993), "99.3%");
        assert_eq!(share(0.99996), ">99.9%");
        assert_eq!(share(1.0), "100%");
        assert_eq!(share(0.0), "0%");
        assert_eq!(share(0.0001), "<0.1%");
    }

    #[test]
    fn input_and_output_values_read_like_people_write_them() {
        assert_eq!(input_value(InputKey::ConnectRate, 0.0543), "5.43%");
        assert_eq!(
            input_value(InputKey::ProspectingHoursPerWeek, 17.123),
            "17.1"
        );
        assert_eq!(input_value(InputKey::RevenuePerSale, 21_000.0), "$21k");
        assert_eq!(input_value(InputKey::ResearchHoursPerAccount, 0.5), "0.5");
        assert_eq!(input_value_in_unit(InputKey::ConnectRate, 0.0543), "5.4%");
        assert_eq!(
            input_value_in_unit(InputKey::ResearchHoursPerAccount, 0.46),
            "0.46 h"
        );
        assert_eq!(
            input_value_in_unit(InputKey::SalesCycleWeeks, 4.7),
            "4.7 weeks"
        );
        assert_eq!(output_value(Output::Revenue, 1_324_797.0), "$1.32M");
        assert_eq!(output_value(Output::Deals, 33.04), "33.0");
        assert_eq!(output_value(Output::PBetter, 0.873), "87.3%");
        assert_eq!(whole_percent(0.834), "83%");
    }

    #[test]
    fn whole_percents_group_thousands() {
        assert_eq!(whole_percent(34.92), "3,492%");
        assert_eq!(whole_percent(-0.45), "-45%");
    }

    #[test]
    fn counts_are_plural_unless_one_and_grouped_by_thousands() {
        assert_eq!(counted(1, "trial"), "1 trial");
        assert_eq!(counted(0, "trial"), "0 trials");
        assert_eq!(counted(100_000, "rep"), "100,000 reps");
        assert_eq!(counted(1, "rep-week"), "1 rep-week");
        assert_eq!(counted_as(1, "strategy", "strategies"), "1 strategy");
        assert_eq!(counted_as(4, "strategy", "strategies"), "4 strategies");
    }

    #[test]
    fn table_means_read_to_tenths_then_whole() {
        assert_eq!(tenths(5.2049), "5.2");
        assert_eq!(tenths(33.0), "33.0");
        assert_eq!(tenths(999.96), "1,000");
        assert_eq!(tenths(104_000.04), "104,000");
    }

    #[test]
    fn missing_figures_read_n_a() {
        assert_eq!(or_na(None, percent), "n/a");
        assert_eq!(or_na(Some(0.0), percent), "0.0%");
    }

    #[test]
    fn estimates_keep_the_digits_their_error_supports() {
        let e = |v: f64, se: f64| {
            let (v, se) = estimate(v, Some(se));
            (v, se.unwrap())
        };
        // The goal seek's "31.3086 (+/- 0.1702)": the error's first digit is tenths.
        assert_eq!(e(31.3086, 0.1702), ("31.3".into(), "0.2".into()));
        assert_eq!(e(1_234.5, 12.3), ("1,230".into(), "10".into()));
        assert_eq!(e(104_000.4, 251.0), ("104,000".into(), "300".into()));
        // 0.96 rounds to 1: the value rounds to units, not tenths.
        assert_eq!(e(5.04, 0.96), ("5".into(), "1".into()));
        assert_eq!(e(2.0, 0.05), ("2.00".into(), "0.05".into()));
        assert_eq!(e(-0.0412, 0.013), ("-0.04".into(), "0.01".into()));
        assert_eq!(e(-1_234.56, 0.2), ("-1,234.6".into(), "0.2".into()));
        // No usable error: about three figures, no error shown.
        assert_eq!(estimate(16.0059, Some(0.0)), ("16".into(), None));
        assert_eq!(estimate(16.0059, None), ("16".into(), None));
    }

    #[test]
    fn widths_count_terminal_cells() {
        assert_eq!(display_width("東京チーム"), 10);
        assert_eq!(display_width("top-down"), 8);
        assert_eq!(pad_left("東京", 6), "  東京");
        assert_eq!(pad_right("東京", 6), "東京  ");
        assert_eq!(pad_left("too wide", 3), "too wide");
    }
}
