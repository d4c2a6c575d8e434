//! Fitting a normal truncated to [0, max] to a 90% interval ("18 to 26" hours a week), so that
//! the distribution actually drawn, truncation included, has the interval's ends as its 5th and
//! 95th percentiles (docs/model.md, "90% intervals").
//!
//! For a fixed sd s the truncated CDF at `p5` falls as the mean m rises, so m(s) is found by
//! bisection; along that curve the CDF at `p95` falls as s grows (the distribution widens), so
//! s is found by a second bisection on log s. Both are bracketing searches; the result is
//! checked, and an interval no such normal reaches is refused rather than approximated.

use crate::model::dist::{MIN_TRUNCATED_MASS, Z95, std_normal_mass, std_normal_quantile};

/// Lower tail probability of the interval's left end.
const P_LOW: f64 = 0.05;
/// Lower tail probability of the interval's right end.
const P_HIGH: f64 = 0.95;
/// Bisection steps: 100 halvings take any bracket below f64 resolution.
const STEPS: usize = 100;
/// How close the fitted percentiles must come to the asked ones (in probability).
const FIT_TOLERANCE: f64 = 1e-6;
/// When the untruncated fit's percentiles are this close (in probability) to the interval's,
/// truncation changes nothing a simulation can see and that fit is kept as it is (the same bits
/// as before truncation was taken into account). Not tighter: statrs' erfc is accurate to
/// about 1e-12 there.
const SHORTCUT_TOLERANCE: f64 = 1e-9;
/// sd searched, as multiples of the interval's width: from far narrower than the untruncated
/// fit (width / 3.29) to far wider than any normal on [0, max] needs.
const LOG_SD_RANGE: (f64, f64) = (-10.0, 10.0);

/// P(X < x) for a Normal(mean, sd) truncated to [0, max].
fn truncated_cdf(mean: f64, sd: f64, max: f64, x: f64) -> f64 {
    let z = |v: f64| (v - mean) / sd;
    std_normal_mass(z(0.0), z(x)) / std_normal_mass(z(0.0), z(max))
}

/// The (mean, sd) of the normal which, truncated to [0, `max`] by redrawing, has `p5` and `p95`
/// as its 5th and 95th percentiles, keeping at least [`MIN_TRUNCATED_MASS`] of its mass inside
/// (so that drawing by rejection stays cheap).
///
/// When truncation changes nothing measurable (the untruncated fit, mean (p5 + p95) / 2 and sd
/// (p95 - p5) / 3.29, already has those percentiles to 1e-9), that fit is returned as is.
///
/// # Errors
/// A sentence naming the interval when 0 < p5 < p95 < max does not hold, or when no truncated
/// normal has those percentiles (p5 too close to 0 or p95 too close to `max` for the width).
pub fn fit_truncated_normal_interval(p5: f64, p95: f64, max: f64) -> Result<(f64, f64), String> {
    if !(p5 > 0.0 && p5 < p95 && p95 < max) {
        return Err(format!(
            "a 90% interval of hours needs 0 < A < B < {max} (got {p5} to {p95}): with A = 0, \
             a twentieth of weeks would have no hours at all, which a continuous distribution \
             cannot give; write e.g. \"1 to {p95}\", or {{ dist = \"uniform\", min = 0, max = \
             {p95} }} for any value in between equally likely"
        ));
    }
    let (mean0, sd0) = ((p5 + p95) / 2.0, (p95 - p5) / (2.0 * Z95));
    let holds = |m: f64, s: f64, tolerance: f64| {
        (truncated_cdf(m, s, max, p5) - P_LOW).abs() < tolerance
            && (truncated_cdf(m, s, max, p95) - P_HIGH).abs() < tolerance
    };
    if holds(mean0, sd0, SHORTCUT_TOLERANCE) {
        return Ok((mean0, sd0));
    }
    // The mass kept inside [0, max] is at least MIN_TRUNCATED_MASS when the mean lies no more
    // than z_keep sd outside the interval.
    let z_keep = -std_normal_quantile(MIN_TRUNCATED_MASS);
    let width = p95 - p5;
    let mean_for = |s: f64| {
        let (mut lo, mut hi) = (-z_keep * s, max + z_keep * s);
        for _ in 0..STEPS {
            let m = 0.5 * (lo + hi);
            if truncated_cdf(m, s, max, p5) > P_LOW {
                lo = m;
            } else {
                hi = m;
            }
        }
        0.5 * (lo + hi)
    };
    let excess = |log_s: f64| {
        let s = width * log_s.exp();
        truncated_cdf(mean_for(s), s, max, p95) - P_HIGH
    };
    let (mut lo, mut hi) = LOG_SD_RANGE;
    for _ in 0..STEPS {
        let mid = 0.5 * (lo + hi);
        if excess(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let s = width * (0.5 * (lo + hi)).exp();
    let m = mean_for(s);
    let kept = std_normal_mass(-m / s, (max - m) / s);
    if holds(m, s, FIT_TOLERANCE) && kept >= MIN_TRUNCATED_MASS {
        Ok((m, s))
    } else {
        Err(format!(
            "no normal kept within [0, {max}] hours has {p5} as its 5th and {p95} as its 95th \
             percentile: the lower end is too close to 0 (or the upper to {max}) for this width; \
             use {{ dist = \"triangular\", min, mode, max }} or {{ dist = \"uniform\", min, max }}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_far_from_the_bounds_is_the_plain_normal_fit() {
        // 18 to 26 lies 9 sd above 0: truncation moves nothing, the closed form is kept bit
        // for bit.
        let (m, s) = fit_truncated_normal_interval(18.0, 26.0, 168.0).unwrap();
        assert_eq!(m, 22.0);
        assert_eq!(s, 8.0 / (2.0 * Z95));
    }

    #[test]
    fn the_drawn_distribution_keeps_the_interval_near_zero() {
        for (p5, p95) in [(2.0, 40.0), (4.0, 30.0), (1.0, 20.0), (100.0, 166.0)] {
            let (m, s) = fit_truncated_normal_interval(p5, p95, 168.0).unwrap();
            assert!(
                (truncated_cdf(m, s, 168.0, p5) - 0.05).abs() < 1e-6,
                "{p5} {p95}"
            );
            assert!(
                (truncated_cdf(m, s, 168.0, p95) - 0.95).abs() < 1e-6,
                "{p5} {p95}"
            );
        }
    }

    #[test]
    fn intervals_no_truncated_normal_reaches_are_refused() {
        assert!(fit_truncated_normal_interval(0.0, 40.0, 168.0).is_err());
        assert!(fit_truncated_normal_interval(0.01, 40.0, 168.0).is_err());
        assert!(fit_truncated_normal_interval(20.0, 170.0, 168.0).is_err());
        assert!(fit_truncated_normal_interval(30.0, 20.0, 168.0).is_err());
    }
}
