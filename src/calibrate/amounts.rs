//! Revenue per sale: a lognormal fitted to the amounts of won deals.
//!
//! The maximum-likelihood estimates are the log-moments: mu = mean of ln x, sigma^2 = mean of
//! (ln x - mu)^2. Their 90% intervals are exact for normal logs: mu +- t(0.95, n-1) s / sqrt(n)
//! and sigma in [s sqrt((n-1) / chi2(0.95, n-1)), s sqrt((n-1) / chi2(0.05, n-1))], s the sample
//! sd with n - 1. The fit check is the Kolmogorov-Smirnov distance between the amounts'
//! empirical CDF and the fitted lognormal's (with the parameters estimated from the same data:
//! Lilliefors' 5% critical value is about 0.886 / sqrt(n)) and the observed against the fitted
//! 10th, 50th and 90th percentiles. See docs/calibrate.md.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

use super::betabinomial::Estimate;
use super::cycle::lognormal_cdf;

/// The 10th, 50th and 90th percentiles compared in the fit check.
pub const CHECKED_QUANTILES: [f64; 3] = [0.1, 0.5, 0.9];

/// Lilliefors' large-sample 5% critical value of the KS distance, times sqrt(n), for a normal
/// with both parameters estimated (Lilliefors 1967, table 1: 0.886 / sqrt(n) for n > 30).
pub const LILLIEFORS_5PCT: f64 = 0.886;

/// A lognormal fitted to positive values.
#[derive(Debug, Clone, PartialEq)]
pub struct LognormalFit {
    /// Values fitted.
    pub n: usize,
    /// mu (mean of ln x), with its exact 90% interval.
    pub mu: Estimate,
    /// sigma (sd of ln x, maximum likelihood: divided by n), with its exact 90% interval.
    pub sigma: Estimate,
    /// The median exp(mu), with the interval exp of mu's.
    pub median: Estimate,
    /// Kolmogorov-Smirnov distance between the empirical and the fitted CDF.
    pub ks: f64,
    /// (probability, observed quantile, fitted quantile) at [`CHECKED_QUANTILES`]; the observed
    /// one is the type-7 sample quantile.
    pub quantiles: Vec<(f64, f64, f64)>,
    /// The values, sorted, for the chart.
    pub sorted: Vec<f64>,
}

impl LognormalFit {
    /// The fitted 95th percentile exp(mu + 1.6448536 sigma).
    pub fn p95(&self) -> f64 {
        (self.mu.value + super::optimize::Z95 * self.sigma.value).exp()
    }
}

/// Fits a lognormal to `values` (each > 0 and finite; others are the caller's to leave out).
/// Returns None with fewer than two distinct values (no spread to estimate).
pub fn fit(values: &[f64]) -> Option<LognormalFit> {
    let mut sorted: Vec<f64> = values
        .iter()
        .copied()
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n < 2 || sorted[0] == sorted[n - 1] {
        return None;
    }
    let logs: Vec<f64> = sorted.iter().map(|v| v.ln()).collect();
    let nf = n as f64;
    let mu = logs.iter().sum::<f64>() / nf;
    let ss = logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>();
    let sigma = (ss / nf).sqrt();
    let s = (ss / (nf - 1.0)).sqrt();
    let df = nf - 1.0;
    let t = StudentsT::new(0.0, 1.0, df)
        .expect("df >= 1")
        .inverse_cdf(0.95);
    let chi = ChiSquared::new(df).expect("df >= 1");
    let mu_est = Estimate {
        value: mu,
        low: mu - t * s / nf.sqrt(),
        high: mu + t * s / nf.sqrt(),
    };
    let sigma_est = Estimate {
        value: sigma,
        low: s * (df / chi.inverse_cdf(0.95)).sqrt(),
        high: s * (df / chi.inverse_cdf(0.05)).sqrt(),
    };
    let ks = sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = lognormal_cdf(x, mu, sigma);
            (f - i as f64 / nf)
                .abs()
                .max(((i + 1) as f64 / nf - f).abs())
        })
        .fold(0.0, f64::max);
    let z = Normal::standard();
    let quantiles = CHECKED_QUANTILES
        .iter()
        .map(|&q| {
            (
                q,
                crate::stats::quantile_sorted(&sorted, q),
                (mu + sigma * z.inverse_cdf(q)).exp(),
            )
        })
        .collect();
    Some(LognormalFit {
        n,
        mu: mu_est,
        median: Estimate {
            value: mu.exp(),
            low: mu_est.low.exp(),
            high: mu_est.high.exp(),
        },
        sigma: sigma_est,
        ks,
        quantiles,
        sorted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_moments_and_exact_intervals_by_hand() {
        // ln values 0, 1, 2 (x = 1, e, e^2): mu = 1, sigma^2 = 2/3 (divided by n), s^2 = 1.
        // t(0.95, 2) = 2.919986, so mu's interval is 1 +- 2.919986 / sqrt(3).
        let e = std::f64::consts::E;
        let f = fit(&[1.0, e, e * e]).expect("three values");
        assert!((f.mu.value - 1.0).abs() < 1e-12);
        assert!((f.sigma.value - (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((f.mu.high - (1.0 + 2.919_986 / 3f64.sqrt())).abs() < 1e-5);
        // chi2(0.95, 2) = 5.991465, chi2(0.05, 2) = 0.102587: sigma in [sqrt(2/5.99), sqrt(2/0.1026)].
        assert!((f.sigma.low - (2.0 / 5.991_465f64).sqrt()).abs() < 1e-5);
        assert!((f.sigma.high - (2.0 / 0.102_587f64).sqrt()).abs() < 1e-4);
        // The fitted median is e. The KS distance: at x = 1, F = Phi(-1 / sqrt(2/3)) = 0.1103357
        // while the empirical CDF jumps 0 -> 1/3, a distance of 1/3 - 0.1103357 = 0.2229976; at
        // x = e, F = 1/2 against 1/3 and 2/3 (1/6); at e^2 the mirror of x = 1.
        assert!((f.median.value - e).abs() < 1e-12);
        assert!((f.ks - 0.222_997_6).abs() < 1e-6, "{}", f.ks);
    }

    #[test]
    fn constant_or_too_few_values_are_not_fitted() {
        assert!(fit(&[5.0]).is_none());
        assert!(fit(&[5.0, 5.0, 5.0]).is_none());
        assert!(fit(&[0.0, -1.0, 3.0]).is_none());
    }
}
