//! Numbers and short texts for people, shared by the terminal tables, the charts, the report's
//! prose and its tables: thousands separators, money (in full and to three figures), shares and
//! percentages, hours, counts, tick labels, input and output values in their units, and the
//! wording of an IRR and a payback week. One function per form, so a figure reads the same
//! wherever it appears.

use crate::choices::Output;
use crate::model::inputs::{InputKey, KeyKind};

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

/// `n` and a noun, plural unless n is 1: "1 week", "10,000 simulated futures".
pub fn counted(n: u64, noun: &str) -> String {
    let n_text = thousands(n as f64);
    if n == 1 {
        format!("{n_text} {noun}")
    } else {
        format!("{n_text} {noun}s")
    }
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

/// A whole-percent figure: `0.834` -> `83%` (ROI, quota attainment).
pub fn whole_percent(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// An annual IRR for people. Weekly returns compound to astronomical annual rates, and past
/// 1,000% a year the figure says only "very fast" (summary.json keeps the exact value). Every
/// IRR the program prints goes through here.
pub fn irr_text(v: f64) -> String {
    if v > 10.0 {
        "> 1,000%".into()
    } else {
        format!("{}%", thousands(v * 100.0))
    }
}

/// A payback week for people: "week 12", or "not within the horizon".
pub fn payback_text(week: Option<f64>) -> String {
    week.map_or("not within the horizon".into(), |w| format!("week {w:.0}"))
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
        assert_eq!(payback_text(Some(12.0)), "week 12");
        assert_eq!(payback_text(None), "not within the horizon");
    }

    #[test]
    fn irrs_past_a_thousand_percent_say_so() {
        assert_eq!(irr_text(3.17), "317%");
        assert_eq!(irr_text(10.0), "1,000%");
        assert_eq!(irr_text(10.5), "> 1,000%");
        assert_eq!(irr_text(1e30), "> 1,000%");
        assert_eq!(irr_text(-0.999), "-100%");
    }
}
