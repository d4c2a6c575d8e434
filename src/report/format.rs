//! Numbers for people: thousands separators, money, percentages.

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
}
