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

/// Compact money for charts and prose: `$1.2M`, `$350k`, `$900`.
pub fn money_short(v: f64) -> String {
    let a = v.abs();
    let sign = if v < 0.0 { "-" } else { "" };
    let body = if a >= 1e9 {
        format!("{}B", trim_decimals(a / 1e9, 2))
    } else if a >= 1e6 {
        format!("{}M", trim_decimals(a / 1e6, 2))
    } else if a >= 1e3 {
        format!("{}k", trim_decimals(a / 1e3, 1))
    } else {
        format!("{a:.0}")
    };
    format!("{sign}${body}")
}

/// A number with up to `decimals` decimals, trailing zeros removed.
fn trim_decimals(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
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
        assert_eq!(percent(0.0834), "8.3%");
    }
}
