//! Fitting a beta distribution to a 90% interval ("4% to 14%" on a rate).
//!
//! We look for Beta(m k, (1 - m) k), mean m and concentration k, whose 5th percentile is `p5` and
//! whose 95th is `p95`. For a fixed k the CDF at `p5` falls as m rises, so m(k) is found by
//! bisection; along that curve the CDF at `p95` rises with k (the distribution narrows), so k is
//! found by a second bisection on log k. Both are bracketing searches: no starting guess can make
//! them diverge, and an interval no beta reaches is reported rather than approximated.

use statrs::function::beta::beta_reg;

use crate::model::dist::MAX_BETA_CONCENTRATION;

/// Lower tail probability of the interval's left end (its 5th percentile).
const P_LOW: f64 = 0.05;
/// Lower tail probability of the interval's right end (its 95th percentile).
const P_HIGH: f64 = 0.95;
/// Range of log concentrations searched: from very U-shaped to the narrowest beta whose CDF
/// can be computed reliably (ln of [`MAX_BETA_CONCENTRATION`], about 13.8).
const LOG_K_RANGE: (f64, f64) = (-6.0, 13.815_510_557_964_274);
/// Bisection steps: 100 halvings take any bracket below f64 resolution.
const STEPS: usize = 100;
/// How close the fitted percentiles must come to the asked ones (in probability).
const FIT_TOLERANCE: f64 = 1e-6;

/// The beta shapes (alpha, beta) whose 5th and 95th percentiles are `p5` and `p95`, or why none is.
pub fn fit_beta_interval(p5: f64, p95: f64) -> Result<(f64, f64), String> {
    if !(p5 > 0.0 && p5 < p95 && p95 < 1.0) {
        return Err(format!(
            "a rate's 90% interval needs 0 < p5 < p95 < 1 (got {p5} to {p95})"
        ));
    }
    let cdf = |m: f64, k: f64, x: f64| beta_reg(m * k, (1.0 - m) * k, x);
    // For concentration k, the mean that puts P_LOW of the mass below p5.
    let mean_for = |k: f64| {
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        for _ in 0..STEPS {
            let m = 0.5 * (lo + hi);
            if cdf(m, k, p5) > P_LOW {
                lo = m;
            } else {
                hi = m;
            }
        }
        0.5 * (lo + hi)
    };
    let excess = |log_k: f64| {
        let k = log_k.exp();
        cdf(mean_for(k), k, p95) - P_HIGH
    };
    let (mut lo, mut hi) = LOG_K_RANGE;
    let (e_lo, e_hi) = (excess(lo), excess(hi));
    if e_hi < 0.0 {
        return Err(format!(
            "the interval {p5} to {p95} is narrower than any beta whose percentiles can be \
             computed reliably (concentration up to {MAX_BETA_CONCENTRATION:e}); give the rate \
             as a constant"
        ));
    }
    if !(e_lo <= 0.0 && e_hi >= 0.0) {
        return Err(format!(
            "no beta distribution has {p5} as its 5th and {p95} as its 95th percentile"
        ));
    }
    for _ in 0..STEPS {
        let mid = 0.5 * (lo + hi);
        if excess(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let k = (0.5 * (lo + hi)).exp();
    let m = mean_for(k);
    let (alpha, beta) = (m * k, (1.0 - m) * k);
    let fits = (beta_reg(alpha, beta, p5) - P_LOW).abs() < FIT_TOLERANCE
        && (beta_reg(alpha, beta, p95) - P_HIGH).abs() < FIT_TOLERANCE;
    if fits && alpha.is_finite() && beta.is_finite() && alpha > 0.0 && beta > 0.0 {
        Ok((alpha, beta))
    } else {
        Err(format!(
            "no beta distribution has {p5} as its 5th and {p95} as its 95th percentile"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_percentiles_match_the_interval() {
        for (p5, p95) in [
            (0.04, 0.14),
            (0.06, 0.18),
            (0.01, 0.5),
            (0.3, 0.9),
            (0.001, 0.01),
        ] {
            let (a, b) = fit_beta_interval(p5, p95).unwrap();
            assert!(
                (beta_reg(a, b, p5) - 0.05).abs() < 1e-6,
                "{p5} {p95}: {a} {b}"
            );
            assert!(
                (beta_reg(a, b, p95) - 0.95).abs() < 1e-6,
                "{p5} {p95}: {a} {b}"
            );
        }
    }

    #[test]
    fn bad_intervals_are_refused() {
        assert!(fit_beta_interval(0.2, 0.1).is_err());
        assert!(fit_beta_interval(0.0, 0.1).is_err());
        assert!(fit_beta_interval(0.5, 1.0).is_err());
    }
}
