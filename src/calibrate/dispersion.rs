//! The fit check of a beta-binomial's spread: do the reps' own rates differ as much as the fit
//! says, and do they differ at all?
//!
//! Pearson's dispersion statistic across reps, with the pooled rate p = sum k / sum n:
//!
//! ```text
//! X^2 = sum_i (k_i - n_i p)^2 / (n_i p (1 - p))
//! ```
//!
//! With one rate for every rep it is about chi-square with R - 1 degrees of freedom (R reps with
//! a try): about R - 1, above the chi-square(R - 1) 95% quantile one team in twenty (the
//! binomial dispersion test; Tarone 1979 derives the score test for a beta-binomial spread from
//! the same sum). Under a beta-binomial with intra-class correlation rho = 1 / (kappa + 1),
//! Var k_i = n_i m (1 - m) (1 + (n_i - 1) rho), and with the mean estimated by the pool
//!
//! ```text
//! E[X^2] = sum_i (1 + (n_i - 1) rho) (1 - n_i / N),   N = sum n_i
//! ```
//!
//! (exact with m (1 - m) in the denominator; p (1 - p) there differs from it by O(1/N)). With
//! rho = 0 it is R - 1. The fit check prints X^2 beside both. See docs/calibrate.md.

use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::betabinomial::BetaBinomialFit;

/// The dispersion of the reps' rates, against no spread and against the fitted spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dispersion {
    /// Pearson's X^2 across reps with the pooled rate.
    pub statistic: f64,
    /// Reps with at least one try (R).
    pub reps: usize,
    /// What one rate for every rep gives on average: R - 1.
    pub no_spread: f64,
    /// The 95% quantile of chi-square(R - 1): one rate for every rep exceeds it one team in 20.
    pub limit_5pct: f64,
    /// P(chi-square(R - 1) >= X^2): how often one rate for every rep disperses this much.
    pub p_value: f64,
    /// E[X^2] under the fitted beta-binomial (R - 1 when the fit found no spread).
    pub fitted: f64,
}

impl Dispersion {
    /// Whether the reps differ more than one rate for all of them would explain (at 5%).
    pub fn beyond_chance(&self) -> bool {
        self.statistic > self.limit_5pct
    }
}

/// Pearson's X^2 of `(successes, tries)` per rep around the pooled rate; reps without a try
/// are left out. None when fewer than two reps have a try, or when the pooled rate is 0 or 1
/// (every rep's rate is then the same).
pub fn statistic(counts: &[(u64, u64)]) -> Option<f64> {
    let used: Vec<(f64, f64)> = counts
        .iter()
        .filter(|&&(_, n)| n > 0)
        .map(|&(k, n)| (k as f64, n as f64))
        .collect();
    let tries: f64 = used.iter().map(|&(_, n)| n).sum();
    let successes: f64 = used.iter().map(|&(k, _)| k).sum();
    if used.len() < 2 || successes == 0.0 || successes == tries {
        return None;
    }
    let p = successes / tries;
    Some(
        used.iter()
            .map(|&(k, n)| (k - n * p).powi(2) / (n * p * (1.0 - p)))
            .sum(),
    )
}

/// E[X^2] under a beta-binomial with intra-class correlation `rho` = 1 / (kappa + 1) for the
/// tries per rep `tries` (reps without a try left out), the mean estimated by the pool:
/// sum_i (1 + (n_i - 1) rho) (1 - n_i / N).
pub fn expected(tries: &[u64], rho: f64) -> f64 {
    let total: u64 = tries.iter().sum();
    if total == 0 {
        return 0.0;
    }
    tries
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| (1.0 + (n as f64 - 1.0) * rho) * (1.0 - n as f64 / total as f64))
        .sum()
}

/// The spread's fit check for `fit`, fitted to `(successes, tries)` per rep `counts`. None when
/// [`statistic`] is.
pub fn check(counts: &[(u64, u64)], fit: &BetaBinomialFit) -> Option<Dispersion> {
    let statistic = statistic(counts)?;
    let tries: Vec<u64> = counts.iter().map(|&(_, n)| n).filter(|&n| n > 0).collect();
    let df = (tries.len() - 1) as f64;
    let chi = ChiSquared::new(df).expect("two reps or more: df >= 1");
    let rho = fit.concentration.map_or(0.0, |kappa| 1.0 / (kappa + 1.0));
    Some(Dispersion {
        statistic,
        reps: tries.len(),
        no_spread: df,
        limit_5pct: chi.inverse_cdf(0.95),
        p_value: chi.sf(statistic),
        fitted: expected(&tries, rho),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::betabinomial::fit;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand_distr::{Beta, Binomial, Distribution};

    #[test]
    fn the_statistic_and_its_expectation_by_hand() {
        // 2, 5 and 8 of 10: pooled 0.5, X^2 = (9 + 0 + 9) / (10 x 0.25) = 7.2.
        assert!((statistic(&[(2, 10), (5, 10), (8, 10)]).unwrap() - 7.2).abs() < 1e-12);
        // 1 of 4 and 5 of 6 (and a rep without tries, left out): pooled 0.6;
        // 1.96 / 0.96 + 1.96 / 1.44 = 1.96 x 2.5 / 1.44 = 4.9 / 1.44.
        let x2 = statistic(&[(1, 4), (0, 0), (5, 6)]).unwrap();
        assert!((x2 - 4.9 / 1.44).abs() < 1e-12, "{x2}");
        // Nothing to compare: one rep, or every try failed.
        assert_eq!(statistic(&[(3, 10), (0, 0)]), None);
        assert_eq!(statistic(&[(0, 10), (0, 5)]), None);
        // Three reps of 10, rho = 0.1: 3 x (1 + 9 x 0.1) x (1 - 1/3) = 3.8; rho = 0: R - 1 = 2.
        assert!((expected(&[10, 10, 10], 0.1) - 3.8).abs() < 1e-12);
        assert!((expected(&[10, 0, 30], 0.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_expectation_matches_simulated_teams() {
        // 4,000 teams of 12 reps with 10..=120 tries, rates from a beta with mean 0.3 and
        // kappa 19 (rho = 0.05). The simulated mean of X^2 has standard error sd / sqrt(4000),
        // sd the sample sd of X^2 (about 20 / sqrt(4000) = 0.3 around a mean of 45); it lies
        // within 4 standard errors of the formula. The formula is exact with m (1 - m) in the
        // denominator; the pooled p (1 - p) there moves the mean by O(Var p / (m (1 - m))) =
        // O(design effect / N), well under 1% for N = 780 tries, inside the tolerance (about
        // 2.8% of the mean).
        let tries: Vec<u64> = (0..12).map(|i| 10 + 10 * i).collect();
        let (m, kappa) = (0.3, 19.0);
        let beta = Beta::new(m * kappa, (1.0 - m) * kappa).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let teams = 4000;
        let values: Vec<f64> = (0..teams)
            .map(|_| {
                let counts: Vec<(u64, u64)> = tries
                    .iter()
                    .map(|&n| {
                        let p = beta.sample(&mut rng);
                        (Binomial::new(n, p).unwrap().sample(&mut rng), n)
                    })
                    .collect();
                statistic(&counts).expect("two reps, mixed outcomes")
            })
            .collect();
        let mean = values.iter().sum::<f64>() / teams as f64;
        let var = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (teams - 1) as f64;
        let se = (var / teams as f64).sqrt();
        let formula = expected(&tries, 1.0 / (kappa + 1.0));
        assert!(
            (mean - formula).abs() < 4.0 * se,
            "simulated {mean} (se {se}), formula {formula}"
        );
        // And it is not the no-spread value: the spread shows.
        assert!(formula > 11.0 + 20.0 * se);
    }

    #[test]
    fn a_team_without_spread_is_flagged_about_one_time_in_twenty() {
        // 2,000 teams of 10 reps with 50 closed deals each, every rep's rate 0.25. X^2 is then
        // about chi-square(9): above the 5% limit in 5% of teams. The share's binomial standard
        // error is sqrt(0.05 x 0.95 / 2000) = 0.0049; it lies within 0.05 +- 3 x 0.0049.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let teams = 2000;
        let mut flagged = 0;
        for _ in 0..teams {
            let counts: Vec<(u64, u64)> = (0..10)
                .map(|_| (Binomial::new(50, 0.25).unwrap().sample(&mut rng), 50))
                .collect();
            let f = fit(&counts).expect("tries");
            let d = check(&counts, &f).expect("ten reps");
            assert_eq!(d.reps, 10);
            assert_eq!(d.no_spread, 9.0);
            // The p-value and the limit agree: beyond the limit exactly when p < 0.05.
            assert_eq!(d.beyond_chance(), d.p_value < 0.05);
            flagged += d.beyond_chance() as u32;
        }
        let share = flagged as f64 / teams as f64;
        assert!((0.0353..=0.0647).contains(&share), "flagged {share}");
    }

    #[test]
    fn the_check_uses_the_fitted_spread() {
        // chi-square(2)'s 95% quantile is -2 ln 0.05 = 5.9915 (its CDF is 1 - exp(-x / 2)).
        let counts = [(2, 10), (5, 10), (8, 10)];
        let f = fit(&counts).expect("tries");
        let d = check(&counts, &f).expect("three reps");
        assert!((d.limit_5pct - (-2.0 * 0.05f64.ln())).abs() < 1e-9);
        assert!((d.p_value - (-7.2f64 / 2.0).exp()).abs() < 1e-12);
        let kappa = f.concentration.expect("2, 5 and 8 of 10 differ");
        assert!((d.fitted - expected(&[10, 10, 10], 1.0 / (kappa + 1.0))).abs() < 1e-12);
        // No spread fitted: the fitted spread predicts what one rate does, R - 1.
        let counts = [(5, 20); 4];
        let f = fit(&counts).expect("tries");
        let d = check(&counts, &f).expect("four reps");
        assert_eq!((d.statistic, d.fitted, d.no_spread), (0.0, 3.0, 3.0));
    }
}
