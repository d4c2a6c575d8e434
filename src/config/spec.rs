//! Distribution specs: a number, `"A to B"`, `{ p5, p95 }` or `{ dist = ..., ... }` -> a checked
//! [`Input`], following the forms and rules per kind of key that docs/model.md points to.

use toml::de::{DeTable, DeValue};

use crate::config::number::{Unit, parse_number};
use crate::config::reader::{Reader, Value, number, type_name};
use crate::model::beta_fit::fit_beta_interval;
use crate::model::dist::{Dist, MAX_TAIL_MEAN_SHARE, MIN_TRUNCATED_MASS, Z95, normal_mass_between};
use crate::model::inputs::{HOURS_PER_WEEK, Input, KeyKind, Stated};
use crate::model::normal_fit::fit_truncated_normal_interval;

/// The forms a spec may take, for messages.
const FORMS: &str = "a number, \"A to B\" (a 90% interval), { p5 = A, p95 = B } or \
                     { dist = \"normal\" | \"lognormal\" | \"beta\" | \"gamma\" | \"uniform\" | \"triangular\" | \"pert\", ... }";

/// Reads the spec in `value` for a key of `kind`; records problems under `place` and returns
/// `None` if there were any.
pub fn read_spec(
    r: &mut Reader<'_>,
    value: &Value<'_>,
    kind: KeyKind,
    place: &str,
) -> Option<Input> {
    let span = value.span();
    let result = match value.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            let v = number(value.get_ref()).unwrap_or(f64::NAN);
            constant(v, kind)
        }
        // "A to B" is an interval; any other text is one value, read as the key's unit.
        DeValue::String(s) if s.contains(" to ") => {
            parse_interval(s, kind).and_then(|(a, b)| interval(a, b, kind))
        }
        DeValue::String(s) => parse_number(s, unit_of(kind)).and_then(|v| constant(v, kind)),
        DeValue::Table(t) => read_table(t, kind),
        other => Err(format!("expected {FORMS}; got {}", type_name(other))),
    };
    match result {
        Ok(input) => Some(input),
        Err(message) => {
            r.problem(Some(span), place, message);
            None
        }
    }
}

/// How a value of `kind` is written as text: the unit the one number reader reads it as.
pub fn unit_of(kind: KeyKind) -> Unit {
    match kind {
        KeyKind::Rate => Unit::Rate,
        KeyKind::Money => Unit::Money,
        KeyKind::Hours | KeyKind::NonNegative | KeyKind::Positive => Unit::Count,
    }
}

/// What a value of `kind` may be, in words.
fn range_words(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Rate => "a rate in [0, 1] (or a percentage such as \"8%\")",
        KeyKind::Hours => "a number of hours from 0 to 168 (a week has 168 hours)",
        KeyKind::NonNegative => "a finite number >= 0",
        KeyKind::Money => "an amount >= 0 and at most $1 trillion, e.g. 20000 or \"20k\"",
        KeyKind::Positive => "a number of dials an hour above 0 and at most 1,000",
    }
}

fn constant(v: f64, kind: KeyKind) -> Result<Input, String> {
    let ok = v.is_finite()
        && v <= kind.cap()
        && match kind {
            KeyKind::Positive => v > 0.0,
            _ => v >= 0.0,
        };
    if !ok {
        return Err(format!("must be {} (got {v})", range_words(kind)));
    }
    Ok(Input {
        dist: Dist::Constant(v),
        text: fmt_value(v, kind),
        stated: Stated::Number,
    })
}

/// `"A to B"`, each end written as a value of the key's unit.
fn parse_interval(s: &str, kind: KeyKind) -> Result<(f64, f64), String> {
    let parts: Vec<&str> = s.split(" to ").collect();
    let bad = || {
        format!(
            "\"{s}\" is not an interval: write \"A to B\" with A the 5th and B the 95th percentile, \
             e.g. \"4% to 14%\" or \"0.5 to 1.5\""
        )
    };
    if parts.len() != 2 {
        return Err(bad());
    }
    let end = |t: &str| {
        parse_number(t, unit_of(kind)).map_err(|e| format!("in the interval \"{s}\": {e}"))
    };
    Ok((end(parts[0])?, end(parts[1])?))
}

/// A 90% interval: the family follows the kind of key.
fn interval(p5: f64, p95: f64, kind: KeyKind) -> Result<Input, String> {
    if !(p5.is_finite() && p95.is_finite()) {
        return Err(format!(
            "the interval's ends must be finite numbers (got {p5} to {p95})"
        ));
    }
    if p5 >= p95 {
        return Err(format!(
            "the interval's 5th percentile must be below its 95th (got {p5} to {p95})"
        ));
    }
    let text = format!(
        "{} to {} (90% interval)",
        fmt_value(p5, kind),
        fmt_value(p95, kind)
    );
    let dist = match kind {
        KeyKind::Rate => {
            let (alpha, beta) = fit_beta_interval(p5, p95)?;
            Dist::Beta { alpha, beta }
        }
        KeyKind::Hours => {
            // The normal which, truncated to [0, 168] (redrawn), has p5/p95 as its 5th/95th
            // percentiles: the interval holds for the distribution actually drawn.
            let (mean, sd) = fit_truncated_normal_interval(p5, p95, HOURS_PER_WEEK)?;
            Dist::Normal {
                mean,
                sd,
                min: 0.0,
                max: HOURS_PER_WEEK,
            }
        }
        KeyKind::NonNegative | KeyKind::Positive | KeyKind::Money => {
            if p5 <= 0.0 {
                return Err(format!(
                    "an interval on this key is fitted as a lognormal, whose percentiles are > 0 \
                     (got {p5} to {p95}); use a number or {{ dist = \"uniform\", min, max }} instead"
                ));
            }
            let (la, lb) = (p5.ln(), p95.ln());
            Dist::LogNormal {
                mu: (la + lb) / 2.0,
                sigma: (lb - la) / (2.0 * Z95),
                max: f64::INFINITY,
            }
        }
    };
    let dist = checked(dist, kind)?;
    Ok(Input {
        dist,
        text,
        stated: Stated::Interval,
    })
}

/// The fields each `dist` takes (alternatives separated by `|` in messages).
fn fields_of(dist: &str) -> Option<&'static [&'static str]> {
    Some(match dist {
        "normal" => &["dist", "mean", "sd", "min", "max"],
        "lognormal" => &["dist", "median", "p95", "mean", "sd"],
        "beta" => &["dist", "mean", "sd", "alpha", "beta"],
        "gamma" => &["dist", "mean", "sd"],
        "uniform" => &["dist", "min", "max"],
        "triangular" | "pert" => &["dist", "min", "mode", "max"],
        _ => return None,
    })
}

/// The fields a spec table takes besides `dist`, for messages.
fn takes(allowed: &[&str]) -> String {
    let fields: Vec<&str> = allowed.iter().filter(|f| **f != "dist").copied().collect();
    fields.join(", ")
}

const DISTS: &str = "normal, lognormal, beta, gamma, uniform, triangular, pert";

fn read_table(t: &DeTable<'_>, kind: KeyKind) -> Result<Input, String> {
    // Collect fields as numbers (or a string for `dist`), refusing unknown ones.
    let mut fields: Vec<(String, &Value<'_>)> = Vec::new();
    for (k, v) in t.iter() {
        fields.push((k.get_ref().to_string(), v));
    }
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
    let dist_name = match get("dist") {
        None => None,
        Some(v) => match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                return Err(format!(
                    "`dist` must be a string ({DISTS}); got {}",
                    type_name(other)
                ));
            }
        },
    };
    let allowed: &[&str] = match &dist_name {
        None => &["p5", "p95"],
        Some(d) => fields_of(d).ok_or_else(|| format!("unknown dist \"{d}\"; valid: {DISTS}"))?,
    };
    for (k, _) in &fields {
        if !allowed.contains(&k.as_str()) {
            let what = match &dist_name {
                None => "a table without `dist` is a 90% interval".to_string(),
                Some(d) => format!("dist \"{d}\""),
            };
            return Err(format!(
                "unknown field `{k}`: {what} takes {}",
                takes(allowed)
            ));
        }
    }
    let num = |name: &str| -> Result<Option<f64>, String> {
        match get(name) {
            None => Ok(None),
            Some(v) => {
                // Shapes are plain numbers; every other field is a value of the key's unit
                // (a rate's sd may be "3%", a revenue's median "20k").
                let unit = match name {
                    "alpha" | "beta" => Unit::Count,
                    _ => unit_of(kind),
                };
                let x = match v.get_ref() {
                    DeValue::String(s) => {
                        Some(parse_number(s, unit).map_err(|e| format!("`{name}`: {e}"))?)
                    }
                    other => number(other),
                };
                match x {
                    Some(x) if x.is_finite() => Ok(Some(x)),
                    Some(x) => Err(format!("`{name}` must be a finite number (got {x})")),
                    None => Err(format!(
                        "`{name}` must be a number (got {})",
                        type_name(v.get_ref())
                    )),
                }
            }
        }
    };
    let what = dist_name
        .as_deref()
        .map_or("an interval".to_string(), |d| format!("dist \"{d}\""));
    let need = |name: &str| -> Result<f64, String> {
        num(name)?.ok_or_else(|| format!("missing field `{name}`; {what} takes {}", takes(allowed)))
    };
    let Some(d) = dist_name else {
        return interval(need("p5")?, need("p95")?, kind);
    };
    let dist = match d.as_str() {
        "normal" => normal(need("mean")?, need("sd")?, num("min")?, num("max")?, kind)?,
        "lognormal" => match (num("median")?, num("p95")?, num("mean")?, num("sd")?) {
            (Some(median), Some(p95), None, None) => {
                if median <= 0.0 || p95 <= median {
                    return Err(format!(
                        "lognormal needs 0 < median < p95 (got median {median}, p95 {p95})"
                    ));
                }
                let mu = median.ln();
                Dist::LogNormal {
                    mu,
                    sigma: (p95.ln() - mu) / Z95,
                    max: f64::INFINITY,
                }
            }
            (None, None, Some(mean), Some(sd)) => {
                positive_mean_sd("lognormal", mean, sd)?;
                let s2 = (1.0 + sd * sd / (mean * mean)).ln();
                Dist::LogNormal {
                    mu: mean.ln() - s2 / 2.0,
                    sigma: s2.sqrt(),
                    max: f64::INFINITY,
                }
            }
            _ => {
                return Err(
                    "lognormal takes either { median, p95 } or { mean, sd }, not a mix".to_string(),
                );
            }
        },
        "beta" => match (num("mean")?, num("sd")?, num("alpha")?, num("beta")?) {
            (Some(mean), Some(sd), None, None) => {
                if !(mean > 0.0 && mean < 1.0) {
                    return Err(format!(
                        "beta mean must lie strictly between 0 and 1 (got {mean})"
                    ));
                }
                if sd <= 0.0 {
                    return Err(format!("sd must be > 0 (got {sd})"));
                }
                let k = mean * (1.0 - mean) / (sd * sd) - 1.0;
                // sd^2 must be below mean (1 - mean); compared with a relative margin because
                // the boundary case (mean 0.1, sd 0.3) rounds to a k of 2e-16 instead of 0.
                if sd * sd >= mean * (1.0 - mean) * (1.0 - 1e-9) {
                    return Err(format!(
                        "no beta distribution has mean {mean} and sd {sd}: with that mean, sd must \
                         be below {:.4}",
                        (mean * (1.0 - mean)).sqrt()
                    ));
                }
                Dist::Beta {
                    alpha: mean * k,
                    beta: (1.0 - mean) * k,
                }
            }
            (None, None, Some(alpha), Some(beta)) => {
                if alpha <= 0.0 || beta <= 0.0 {
                    return Err(format!(
                        "beta needs alpha > 0 and beta > 0 (got {alpha}, {beta})"
                    ));
                }
                Dist::Beta { alpha, beta }
            }
            _ => {
                return Err(
                    "beta takes either { mean, sd } or { alpha, beta }, not a mix".to_string(),
                );
            }
        },
        "gamma" => {
            let (mean, sd) = (need("mean")?, need("sd")?);
            positive_mean_sd("gamma", mean, sd)?;
            Dist::Gamma {
                shape: (mean / sd).powi(2),
                scale: sd * sd / mean,
                max: f64::INFINITY,
            }
        }
        "uniform" => {
            let (min, max) = (need("min")?, need("max")?);
            if min >= max {
                return Err(format!(
                    "uniform needs min < max (got min {min}, max {max})"
                ));
            }
            Dist::Uniform { min, max }
        }
        "triangular" | "pert" => {
            let (min, mode, max) = (need("min")?, need("mode")?, need("max")?);
            if !(min < max && min <= mode && mode <= max) {
                return Err(format!(
                    "{d} needs min <= mode <= max and min < max (got min {min}, mode {mode}, max {max})"
                ));
            }
            if d == "pert" {
                Dist::Pert { min, mode, max }
            } else {
                Dist::Triangular { min, mode, max }
            }
        }
        _ => unreachable!("fields_of accepted only known dists"),
    };
    check_range(&dist, kind)?;
    let dist = checked(dist, kind)?;
    let text = describe(&dist, &d, kind, &|n| num(n).ok().flatten());
    Ok(Input {
        dist,
        text,
        stated: Stated::Distribution,
    })
}

fn positive_mean_sd(name: &str, mean: f64, sd: f64) -> Result<(), String> {
    if mean <= 0.0 {
        return Err(format!("{name} mean must be > 0 (got {mean})"));
    }
    if sd <= 0.0 {
        return Err(format!("sd must be > 0 (got {sd})"));
    }
    Ok(())
}

/// A normal spec: bounds are truncation bounds; keys that cannot go negative truncate at 0.
fn normal(
    mean: f64,
    sd: f64,
    min: Option<f64>,
    max: Option<f64>,
    kind: KeyKind,
) -> Result<Dist, String> {
    if sd <= 0.0 {
        return Err(format!("sd must be > 0 (got {sd})"));
    }
    if let Some(m) = min
        && m < 0.0
    {
        return Err(format!(
            "min must be >= 0: this key cannot be negative (got {m})"
        ));
    }
    if kind == KeyKind::Rate && !max.is_some_and(|m| m <= 1.0) {
        return Err(
            "a normal on a rate needs `max` <= 1 so that every draw stays in [0, 1]; \
             or use a beta (\"4% to 14%\" or { dist = \"beta\", mean, sd })"
                .to_string(),
        );
    }
    let cap = kind.cap();
    if let Some(m) = max
        && m > cap
    {
        return Err(format!(
            "max must be at most {} ({}; got {m})",
            fmt_value(cap, kind),
            range_words(kind)
        ));
    }
    let min = min.unwrap_or(0.0);
    // Without a max, a bounded key (hours) is truncated at its bound, but only where that
    // changes nothing measurable: a spec that would often draw more is refused, not reshaped.
    let max = match max {
        Some(m) => m,
        None if cap.is_finite() => {
            let above = normal_mass_between(mean, sd, cap, f64::INFINITY)
                / normal_mass_between(mean, sd, min, f64::INFINITY);
            if above > MAX_TAIL_MEAN_SHARE {
                return Err(format!(
                    "this normal draws more than {} in {above:.2e} of draws ({}); give max <= {} \
                     to truncate it there, or a smaller mean or sd",
                    fmt_value(cap, kind),
                    range_words(kind),
                    fmt_value(cap, kind)
                ));
            }
            cap
        }
        None => f64::INFINITY,
    };
    if min >= max {
        return Err(format!("min must be below max (got min {min}, max {max})"));
    }
    let mass = normal_mass_between(mean, sd, min, max);
    if mass < MIN_TRUNCATED_MASS {
        return Err(format!(
            "only {:.2e} of this normal's mass lies within [{min}, {max}]; move the mean or the \
             bounds so that at least {MIN_TRUNCATED_MASS} does",
            mass
        ));
    }
    Ok(Dist::Normal { mean, sd, min, max })
}

/// `dist` made safe to sample for a key of `kind`, or why it cannot be: a lognormal or gamma is
/// capped at the key's physical bound ([`KeyKind::cap`]) when the share of its mean above the
/// bound is negligible ([`MAX_TAIL_MEAN_SHARE`]) and refused otherwise; a bounded family must
/// lie within the bound. [`Dist::check_numerics`] comes first.
fn checked(dist: Dist, kind: KeyKind) -> Result<Dist, String> {
    // The family's own limits first: they say what is wrong with the parameters.
    dist.check_numerics()?;
    let cap = kind.cap();
    let dist = match dist {
        Dist::LogNormal { mu, sigma, .. }
        | Dist::Gamma {
            shape: mu,
            scale: sigma,
            ..
        } if cap.is_finite() && kind != KeyKind::Rate => {
            let share = dist.tail_mean_share(cap);
            if share.is_nan() || share > MAX_TAIL_MEAN_SHARE {
                return Err(format!(
                    "{:.2e} of this distribution's mean lies above {}, the most {}; use a \
                     smaller median or spread, or a bounded dist (uniform, triangular, pert)",
                    share,
                    fmt_value(cap, kind),
                    match kind {
                        KeyKind::Hours => "hours in a week",
                        KeyKind::Positive => "dials a rep places in an hour",
                        _ => "one value may be",
                    }
                ));
            }
            match dist {
                Dist::LogNormal { .. } => Dist::LogNormal {
                    mu,
                    sigma,
                    max: cap,
                },
                _ => Dist::Gamma {
                    shape: mu,
                    scale: sigma,
                    max: cap,
                },
            }
        }
        other => other,
    };
    let (_, hi) = dist.support();
    if hi > cap {
        return Err(format!(
            "draws can reach {}, above {} ({})",
            fmt_value(hi, kind),
            fmt_value(cap, kind),
            range_words(kind)
        ));
    }
    Ok(dist)
}

/// Checks that every draw of `dist` suits a key of `kind`.
fn check_range(dist: &Dist, kind: KeyKind) -> Result<(), String> {
    let (lo, hi) = dist.support();
    match kind {
        KeyKind::Rate => {
            if matches!(dist, Dist::LogNormal { .. } | Dist::Gamma { .. }) {
                return Err(
                    "a rate must stay within [0, 1]: a lognormal or gamma can exceed 1; use a beta \
                     (\"4% to 14%\" or { dist = \"beta\", mean, sd })"
                        .to_string(),
                );
            }
            if lo < 0.0 || hi > 1.0 {
                return Err(format!(
                    "a rate must stay within [0, 1]; these bounds allow [{lo}, {hi}]"
                ));
            }
        }
        KeyKind::Hours | KeyKind::NonNegative | KeyKind::Positive | KeyKind::Money => {
            if lo < 0.0 {
                return Err(format!("this key cannot be negative; min is {lo}"));
            }
        }
    }
    Ok(())
}

/// A spec in words for tables and the report.
fn describe(dist: &Dist, name: &str, kind: KeyKind, field: &dyn Fn(&str) -> Option<f64>) -> String {
    let v = |x: f64| fmt_value(x, kind);
    match *dist {
        Dist::Normal { mean, sd, min, max } => {
            // A bound the key implies (168 hours) is not the user's: only theirs is shown.
            let bounds = if max.is_finite() && max < kind.cap() {
                format!(", within [{}, {}]", v(min), v(max))
            } else if min > 0.0 {
                format!(", at least {}", v(min))
            } else {
                String::new()
            };
            format!("normal, mean {}, sd {}{bounds}", v(mean), v(sd))
        }
        Dist::LogNormal { .. } => match (field("median"), field("p95")) {
            (Some(m), Some(p)) => format!("lognormal, median {}, p95 {}", v(m), v(p)),
            _ => format!(
                "lognormal, mean {}, sd {}",
                v(field("mean").unwrap_or(f64::NAN)),
                v(field("sd").unwrap_or(f64::NAN))
            ),
        },
        Dist::Beta { alpha, beta } => match (field("mean"), field("sd")) {
            (Some(m), Some(s)) => format!("beta, mean {}, sd {}", v(m), v(s)),
            _ => format!("beta({}, {})", fmt_number(alpha), fmt_number(beta)),
        },
        Dist::Gamma { .. } => format!(
            "gamma, mean {}, sd {}",
            v(field("mean").unwrap_or(f64::NAN)),
            v(field("sd").unwrap_or(f64::NAN))
        ),
        Dist::Uniform { min, max } => format!("uniform, {} to {}", v(min), v(max)),
        Dist::Triangular { min, mode, max } | Dist::Pert { min, mode, max } => {
            format!(
                "{name}, {} / {} / {} (min / mode / max)",
                v(min),
                v(mode),
                v(max)
            )
        }
        Dist::Constant(c) => v(c),
    }
}

/// A value as people write it: rates as percentages, others as plain numbers.
pub fn fmt_value(v: f64, kind: KeyKind) -> String {
    match kind {
        KeyKind::Rate => format!("{}%", fmt_number(v * 100.0)),
        _ => fmt_number(v),
    }
}

/// A number with at most 4 significant decimals and no trailing zeros.
pub fn fmt_number(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{v:.0}");
    }
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_follow_the_key() {
        let rate = interval(0.04, 0.14, KeyKind::Rate).unwrap();
        assert!(matches!(rate.dist, Dist::Beta { .. }));
        assert_eq!(rate.text, "4% to 14% (90% interval)");
        let hours = interval(18.0, 26.0, KeyKind::Hours).unwrap();
        assert!(matches!(hours.dist, Dist::Normal { min, .. } if min == 0.0));
        let research = interval(0.4, 1.5, KeyKind::NonNegative).unwrap();
        let Dist::LogNormal { mu, sigma, .. } = research.dist else {
            panic!("lognormal expected")
        };
        assert!((mu - (0.4f64 * 1.5).ln() / 2.0).abs() < 1e-12);
        assert!((sigma - (1.5f64 / 0.4).ln() / (2.0 * Z95)).abs() < 1e-12);
    }

    #[test]
    fn numbers_print_short() {
        assert_eq!(fmt_number(22.0), "22");
        assert_eq!(fmt_number(0.35), "0.35");
        assert_eq!(fmt_value(0.08, KeyKind::Rate), "8%");
    }
}
