//! A rate that differs between reps: the beta-binomial fitted by maximum likelihood across reps.
//!
//! Rep i has k_i successes in n_i tries (won deals of its closed deals, connected dials of its
//! dials, ...). Its own rate p_i is a draw from a beta with mean m and concentration
//! kappa = alpha + beta, and k_i | p_i ~ Binomial(n_i, p_i). So the beta's spread is the spread
//! *between reps*; the binomial noise of a rep's few deals is not counted in it. The
//! log-likelihood (the binomial coefficients, which do not depend on the parameters, left out):
//!
//! ```text
//! l(m, kappa) = sum_i [ ln B(k_i + m kappa, n_i - k_i + (1 - m) kappa) - ln B(m kappa, (1 - m) kappa) ]
//! ```
//!
//! maximised by Nelder-Mead on (logit m, ln kappa). The between-rep sd is
//! s = sqrt(m (1 - m) / (kappa + 1)). Both 90% intervals are profile-likelihood intervals (the
//! values whose profile log-likelihood is within 1.3528 of the maximum, chi-square(1)); they stay
//! right where kappa runs to infinity, where a Wald interval would not. When the maximum is at
//! kappa = infinity (the reps differ no more than binomial noise explains) the fit says "no
//! spread between reps detectable": the spread's estimate is 0 and only its upper end is
//! informative. A rep's shrunken rate is its posterior mean (k_i + alpha) / (n_i + kappa).
//! See docs/calibrate.md.

use statrs::function::gamma::ln_gamma;

use super::optimize::{minimise, minimise_1d, profile_end};

/// A fitted value and its 90% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The maximum-likelihood estimate.
    pub value: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
}

impl Estimate {
    /// Whether `x` lies in the interval (ends included).
    pub fn covers(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }
}

/// The beta-binomial fit of one rate across reps.
#[derive(Debug, Clone, PartialEq)]
pub struct BetaBinomialFit {
    /// Reps with at least one try (the others carry no information and are left out).
    pub reps: usize,
    /// Tries over all reps (the denominators' sum).
    pub tries: u64,
    /// Successes over all reps.
    pub successes: u64,
    /// The team's mean rate m, with its profile-likelihood 90% interval.
    pub mean: Estimate,
    /// The sd of the rate between reps, s = sqrt(m (1 - m) / (kappa + 1)), with its
    /// profile-likelihood 90% interval; 0 when no spread is detectable.
    pub spread: Estimate,
    /// The beta's concentration alpha + beta; None when the maximum is at infinity (no spread
    /// between reps detectable).
    pub concentration: Option<f64>,
    /// Each rep's shrunken rate (posterior mean), in the order of the input; a rep with no
    /// tries gets the team's mean.
    pub shrunk: Vec<f64>,
    /// Each rep's own rate k / n, in the order of the input (None with no tries).
    pub observed: Vec<Option<f64>>,
}

impl BetaBinomialFit {
    /// Whether the fit found no spread between reps beyond binomial noise.
    pub fn no_spread(&self) -> bool {
        self.concentration.is_none()
    }
}

/// The largest concentration the search tries: beyond it, a beta's sd is below
/// sqrt(0.25 / 1e8) = 5e-5, far below anything a few thousand deals could show, so a maximum
/// there is taken as the limit kappa = infinity.
const KAPPA_MAX: f64 = 1e8;
/// The smallest concentration tried (a beta with almost all its mass at 0 and 1).
const KAPPA_MIN: f64 = 1e-3;
/// A maximum within this of ln KAPPA_MAX counts as at the boundary (infinity).
const AT_INFINITY: f64 = 1.0;
/// Above this concentration, a rep with at most [`SUM_BELOW`] tries has its terms summed as
/// logarithms: ln_gamma of values near kappa is of the order of kappa ln kappa, and a difference
/// of two such values would lose the digits the profile and the boundary test need. Below it
/// (and for larger counts) ln_gamma is exact enough (|ln_gamma| <= 1e5, errors near 1e-10) and
/// ten times faster.
const SUM_ABOVE_KAPPA: f64 = 1e4;
/// See [`SUM_ABOVE_KAPPA`].
const SUM_BELOW: u64 = 2000;

/// The log-likelihood of (m, kappa) for `(successes, tries)` per rep, binomial coefficients
/// left out; kappa = infinity gives the binomial's.
pub fn log_likelihood(counts: &[(u64, u64)], m: f64, kappa: f64) -> f64 {
    if !(m > 0.0 && m < 1.0) {
        // The binomial limit at a boundary mean: finite only if it agrees with every count.
        let all = counts
            .iter()
            .all(|&(k, n)| if m <= 0.0 { k == 0 } else { k == n });
        return if all { 0.0 } else { f64::NEG_INFINITY };
    }
    if kappa.is_infinite() {
        return counts
            .iter()
            .map(|&(k, n)| k as f64 * m.ln() + (n - k) as f64 * (1.0 - m).ln())
            .sum();
    }
    let (alpha, beta) = (m * kappa, (1.0 - m) * kappa);
    counts
        .iter()
        .map(|&(k, n)| {
            if kappa > SUM_ABOVE_KAPPA && n <= SUM_BELOW {
                // ln B(k + a, n - k + b) - ln B(a, b) as a sum: no cancellation of large
                // ln_gamma values when kappa is large.
                let up: f64 = (0..k).map(|j| (alpha + j as f64).ln()).sum();
                let down: f64 = (0..n - k).map(|j| (beta + j as f64).ln()).sum();
                let all: f64 = (0..n).map(|j| (kappa + j as f64).ln()).sum();
                up + down - all
            } else {
                let (k, n) = (k as f64, n as f64);
                ln_gamma(k + alpha) - ln_gamma(alpha) + ln_gamma(n - k + beta)
                    - ln_gamma(beta)
                    - ln_gamma(n + kappa)
                    + ln_gamma(kappa)
            }
        })
        .sum()
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Fits the beta-binomial to `(successes, tries)` per rep (each `successes <= tries`).
///
/// Returns None when no rep has a try. When every try succeeded, or none did, the mean is 1 or 0
/// with no spread (there is nothing to tell reps apart); its interval is the exact binomial
/// one-sided bound ([0, 1 - 0.05^(1/n)] for no successes in n tries).
pub fn fit(counts: &[(u64, u64)]) -> Option<BetaBinomialFit> {
    let used: Vec<(u64, u64)> = counts.iter().copied().filter(|&(_, n)| n > 0).collect();
    let tries: u64 = used.iter().map(|&(_, n)| n).sum();
    let successes: u64 = used.iter().map(|&(k, _)| k).sum();
    if tries == 0 {
        return None;
    }
    let observed: Vec<Option<f64>> = counts
        .iter()
        .map(|&(k, n)| (n > 0).then(|| k as f64 / n as f64))
        .collect();
    let pooled = successes as f64 / tries as f64;
    if successes == 0 || successes == tries {
        // Clopper-Pearson's one-sided 95% bound for 0 (or n) successes: 1 - 0.05^(1/n).
        let bound = 1.0 - 0.05f64.powf(1.0 / tries as f64);
        let mean = if successes == 0 {
            Estimate {
                value: 0.0,
                low: 0.0,
                high: bound,
            }
        } else {
            Estimate {
                value: 1.0,
                low: 1.0 - bound,
                high: 1.0,
            }
        };
        return Some(BetaBinomialFit {
            reps: used.len(),
            tries,
            successes,
            mean,
            spread: Estimate {
                value: 0.0,
                low: 0.0,
                high: 0.0,
            },
            concentration: None,
            shrunk: vec![pooled; counts.len()],
            observed,
        });
    }

    let ln_kappa_max = KAPPA_MAX.ln();
    let cost = |p: &[f64]| {
        let kappa = p[1].clamp(KAPPA_MIN.ln(), ln_kappa_max).exp();
        -log_likelihood(&used, logistic(p[0]), kappa)
    };
    // Start from the method of moments: the reps' rates' variance beyond binomial noise.
    let rates: Vec<f64> = used.iter().map(|&(k, n)| k as f64 / n as f64).collect();
    let var = rates.iter().map(|r| (r - pooled).powi(2)).sum::<f64>() / rates.len() as f64;
    let noise = used
        .iter()
        .map(|&(_, n)| pooled * (1.0 - pooled) / n as f64)
        .sum::<f64>()
        / used.len() as f64;
    let between = (var - noise).max(1e-4 * pooled * (1.0 - pooled));
    let kappa0 = (pooled * (1.0 - pooled) / between - 1.0).clamp(1.0, 1e4);
    let best = minimise(&cost, &[logit(pooled), kappa0.ln()], 0.5);
    let mut m_hat = logistic(best[0]);
    let mut kappa_hat = best[1].clamp(KAPPA_MIN.ln(), ln_kappa_max).exp();
    let binomial_cost = -log_likelihood(&used, pooled, f64::INFINITY);
    let at_infinity = best[1] >= ln_kappa_max - AT_INFINITY || binomial_cost <= cost(&best) + 1e-9;
    if at_infinity {
        m_hat = pooled;
        kappa_hat = f64::INFINITY;
    }
    let min_cost = if at_infinity {
        binomial_cost
    } else {
        cost(&best).min(binomial_cost)
    };

    // Profile of the mean: the best kappa (or infinity) for each m.
    let profile_mean = |m: f64| {
        if !(m > 0.0 && m < 1.0) {
            return f64::INFINITY;
        }
        let inner = |t: f64| -log_likelihood(&used, m, t.exp());
        let t = minimise_1d(&inner, KAPPA_MIN.ln(), ln_kappa_max);
        inner(t).min(-log_likelihood(&used, m, f64::INFINITY))
    };
    let se_guess = (m_hat * (1.0 - m_hat) / tries as f64).sqrt().max(1e-6);
    let mean = Estimate {
        value: m_hat,
        low: profile_end(&profile_mean, min_cost, m_hat, 1e-12, se_guess),
        high: profile_end(&profile_mean, min_cost, m_hat, 1.0 - 1e-12, se_guess),
    };

    // Profile of the between-rep sd s: the best m for each s, with kappa = m(1-m)/s^2 - 1 >= KAPPA_MIN.
    let profile_sd = |s: f64| {
        if s <= 0.0 {
            return binomial_cost;
        }
        let need = s * s * (1.0 + KAPPA_MIN);
        if need >= 0.25 {
            return f64::INFINITY;
        }
        let half = (0.25 - need).sqrt();
        let (lo, hi) = (0.5 - half + 1e-12, 0.5 + half - 1e-12);
        let inner = |m: f64| {
            let kappa = m * (1.0 - m) / (s * s) - 1.0;
            if kappa < KAPPA_MIN {
                f64::INFINITY
            } else {
                -log_likelihood(&used, m, kappa)
            }
        };
        let m = minimise_1d(&inner, lo, hi);
        inner(m)
    };
    let s_hat = if at_infinity {
        0.0
    } else {
        (m_hat * (1.0 - m_hat) / (kappa_hat + 1.0)).sqrt()
    };
    let s_limit = 0.5 / (1.0 + KAPPA_MIN).sqrt() - 1e-9;
    let s_step = (s_hat * 0.1).max(1e-3);
    let spread = Estimate {
        value: s_hat,
        low: if at_infinity {
            0.0
        } else {
            profile_end(&profile_sd, min_cost, s_hat, 0.0, s_step)
        },
        high: profile_end(&profile_sd, min_cost, s_hat, s_limit, s_step),
    };

    let shrunk = counts
        .iter()
        .map(|&(k, n)| {
            if at_infinity {
                m_hat
            } else {
                (k as f64 + m_hat * kappa_hat) / (n as f64 + kappa_hat)
            }
        })
        .collect();
    Some(BetaBinomialFit {
        reps: used.len(),
        tries,
        successes,
        mean,
        spread,
        concentration: (!at_infinity).then_some(kappa_hat),
        shrunk,
        observed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand_distr::{Beta, Binomial, Distribution};

    /// Counts of `reps` reps with `tries` tries each, rates drawn from the beta with mean `m`
    /// and between-rep sd `s`.
    fn generate(seed: u64, reps: usize, tries: u64, m: f64, s: f64) -> Vec<(u64, u64)> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let kappa = m * (1.0 - m) / (s * s) - 1.0;
        let beta = Beta::new(m * kappa, (1.0 - m) * kappa).unwrap();
        (0..reps)
            .map(|_| {
                let p = beta.sample(&mut rng);
                (Binomial::new(tries, p).unwrap().sample(&mut rng), tries)
            })
            .collect()
    }

    /// The share of `replicates` generated teams whose 90% intervals cover the true mean and
    /// the true between-rep sd, and the share fitted as "no spread".
    fn coverage(replicates: u64, reps: usize, tries: u64, m: f64, s: f64) -> (f64, f64, f64) {
        let (mut mean, mut spread, mut none) = (0, 0, 0);
        for seed in 0..replicates {
            let f = fit(&generate(seed, reps, tries, m, s)).expect("tries");
            mean += f.mean.covers(m) as u64;
            spread += f.spread.covers(s) as u64;
            none += f.no_spread() as u64;
        }
        let r = replicates as f64;
        (mean as f64 / r, spread as f64 / r, none as f64 / r)
    }

    #[test]
    fn intervals_cover_the_true_mean_and_spread_nine_times_in_ten() {
        // 200 teams of 15 reps with 40 closed deals each, rates from a beta with mean 0.25 and
        // sd 0.08 between reps. A 90% interval covers with probability 0.9 (profile likelihood:
        // asymptotically); over 200 independent teams the share has sd sqrt(0.09 / 200) = 0.021,
        // so it lies within 0.9 +- 3 x 0.021 = [0.836, 0.964].
        let (mean, spread, none) = coverage(200, 15, 40, 0.25, 0.08);
        assert!((0.836..=0.964).contains(&mean), "mean covered in {mean}");
        assert!(
            (0.836..=0.964).contains(&spread),
            "spread covered in {spread}"
        );
        // Spread this large (kappa = 28) is rarely missed with 15 reps.
        assert!(none < 0.1, "no spread found in {none}");
    }

    #[test]
    fn no_spread_between_reps_is_found_as_often_as_the_boundary_allows() {
        // Every rep has the same rate 0.25: the counts are plain binomials. The likelihood-ratio
        // statistic for a spread is then a 50:50 mixture of a point mass at 0 and chi-square(1)
        // (Self and Liang 1987), so the maximum is at kappa = infinity in about half of the teams
        // (more in small samples); over 200 teams at least 0.5 - 3 x 0.035 = 0.394. The mean's
        // interval still covers 0.25 nine times in ten, within 0.9 +- 0.064.
        let mut none = 0;
        let mut covered = 0;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        for _ in 0..200 {
            let counts: Vec<(u64, u64)> = (0..15)
                .map(|_| (Binomial::new(40, 0.25).unwrap().sample(&mut rng), 40))
                .collect();
            let f = fit(&counts).expect("tries");
            if f.no_spread() {
                none += 1;
                // Reported as no spread: estimate 0, lower end 0, every rep shrunk to the pool.
                assert_eq!((f.spread.value, f.spread.low), (0.0, 0.0));
                assert!(f.spread.high > 0.0);
                assert!(f.shrunk.iter().all(|&r| r == f.mean.value));
            }
            covered += f.mean.covers(0.25) as u32;
        }
        assert!(none >= 79, "no spread in {none} of 200");
        assert!(
            (168..=193).contains(&covered),
            "mean covered {covered} of 200"
        );
    }

    #[test]
    fn identical_reps_and_boundaries_are_exact() {
        // Five reps with 10 wins of 40 each: no spread at all; the mean is the pooled 0.25.
        let f = fit(&[(10, 40); 5]).expect("tries");
        assert!(f.no_spread());
        assert!((f.mean.value - 0.25).abs() < 1e-12);
        assert!(f.mean.low < 0.25 && f.mean.high > 0.25);
        // No successes in 100 tries: mean 0, its upper end Clopper-Pearson's 1 - 0.05^(1/100).
        let f = fit(&[(0, 60), (0, 40), (0, 0)]).expect("tries");
        assert_eq!(f.reps, 2);
        assert_eq!(f.mean.value, 0.0);
        assert!((f.mean.high - (1.0 - 0.05f64.powf(0.01))).abs() < 1e-12);
        assert!(fit(&[(0, 0)]).is_none());
    }

    #[test]
    fn a_rep_is_shrunk_toward_the_team_by_its_posterior_mean() {
        let counts = generate(3, 12, 40, 0.3, 0.1);
        let f = fit(&counts).expect("tries");
        let kappa = f.concentration.expect("a spread this large is found");
        for (i, &(k, n)) in counts.iter().enumerate() {
            let expected = (k as f64 + f.mean.value * kappa) / (n as f64 + kappa);
            assert!((f.shrunk[i] - expected).abs() < 1e-12);
            // Between the rep's own rate and the team's mean.
            let own = k as f64 / n as f64;
            assert!((f.shrunk[i] - own) * (f.shrunk[i] - f.mean.value) <= 0.0);
        }
    }
}
