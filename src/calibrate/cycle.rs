//! The sales cycle of won deals: a lognormal fitted by maximum likelihood with open deals
//! right-censored and lost deals as a competing outcome.
//!
//! A deal's cycle runs from its created (or engaged) date to its close. The simulator's
//! `sales_cycle_weeks` is the cycle of a *won* deal. Open deals have not closed by the export's
//! as-of date (the latest date in the export), so their cycle is only known to exceed their age:
//! dropping them keeps the quick deals of recent months and loses the slow ones, and the cycles
//! look short. An open deal may also end lost, so it is not simply a won deal not yet closed:
//! the fit is the mixture model of competing risks (Larson and Dinse, 1985). A deal is won in
//! the end with probability p; a deal to be won closes after W ~ LogNormal(mu_w, sigma_w) weeks,
//! one to be lost after L ~ LogNormal(mu_l, sigma_l). The log-likelihood:
//!
//! ```text
//! won at t:   ln p       + ln P(W in day of t)
//! lost at t:  ln (1 - p) + ln P(L in day of t)
//! open, age a: ln( p S_W(a) + (1 - p) S_L(a) )
//! ```
//!
//! where "the day of t" is (t - half a day, t + half a day] (dates are whole days; a deal closed
//! on the day it was created lies in (0, half a day]) and S is a lognormal's survival. It is
//! maximised by Nelder-Mead over (logit p, mu_w, ln sigma_w, mu_l, ln sigma_l); the 90%
//! intervals of mu_w and ln sigma_w are Wald intervals from the observed information (the
//! inverse Hessian of the negative log-likelihood, by central differences). Without lost deals
//! p is 1 and the model is the plain censored lognormal. See docs/calibrate.md.

use statrs::distribution::{ContinuousCDF, Normal};

use super::betabinomial::Estimate;
use super::optimize::{Z95, covariance, minimise};

/// Half a day, in weeks: dates are whole days, so a cycle of d days lies within d +- this.
const HALF_DAY: f64 = 0.5 / 7.0;

/// One deal's cycle as the export shows it, in weeks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CycleObs {
    /// Won after this many weeks (a whole number of days / 7).
    Won(f64),
    /// Lost after this many weeks.
    Lost(f64),
    /// Open, this many weeks old on the as-of date.
    Open(f64),
}

/// The fitted cycle of won deals.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleFit {
    /// Won deals (events of the fitted distribution).
    pub won: usize,
    /// Lost deals (the competing outcome).
    pub lost: usize,
    /// Open deals (censored at their age).
    pub open: usize,
    /// mu_w: the mean of ln(weeks) of a won deal's cycle, with its Wald 90% interval.
    pub mu: Estimate,
    /// sigma_w: the sd of ln(weeks), with its Wald 90% interval (computed on ln sigma).
    pub sigma: Estimate,
    /// The median won cycle exp(mu_w) in weeks, with the interval exp of mu's.
    pub median_weeks: Estimate,
    /// p: the share of deals won in the end (open deals counted by the model).
    pub p_won: f64,
    /// What dropping the open deals would give: the median of the won deals' cycles taken
    /// alone (the geometric mean of their weeks), for the report's comparison.
    pub median_if_open_dropped: f64,
    /// Kolmogorov-Smirnov distance between the observed won-cycle distribution (the
    /// Aalen-Johansen cumulative incidence of winning, divided by p) and the fitted lognormal.
    pub ks: f64,
    /// The observed curve for the chart: (weeks, share of to-be-won deals still open), a step
    /// function from (0, 1), one point per distinct won cycle.
    pub observed_survival: Vec<(f64, f64)>,
}

fn standard_normal() -> Normal {
    Normal::standard()
}

fn ln_sf(z: f64) -> f64 {
    // ln(1 - Phi(z)), kept finite far in the tail by the asymptotic Mills ratio.
    let s = 1.0 - standard_normal().cdf(z);
    if s > 1e-300 {
        s.ln()
    } else {
        -0.5 * z * z - z.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
    }
}

/// ln P(lognormal(mu, sigma) lies in (t - half a day, t + half a day]), the lower end clipped at 0.
fn ln_day_mass(t: f64, mu: f64, sigma: f64) -> f64 {
    let n = standard_normal();
    let hi = (t + HALF_DAY).ln();
    let lo = t - HALF_DAY;
    let f_hi = n.cdf((hi - mu) / sigma);
    let f_lo = if lo <= 0.0 {
        0.0
    } else {
        n.cdf((lo.ln() - mu) / sigma)
    };
    let mass = f_hi - f_lo;
    if mass > 1e-300 {
        mass.ln()
    } else {
        // Far in a tail both CDF values round to the same number: the density times the width.
        let x = t.max(HALF_DAY);
        let z = (x.ln() - mu) / sigma;
        -0.5 * z * z - (sigma * x * (2.0 * std::f64::consts::PI).sqrt()).ln()
            + (2.0 * HALF_DAY).ln()
    }
}

fn survival(a: f64, mu: f64, sigma: f64) -> f64 {
    if a <= 0.0 {
        1.0
    } else {
        1.0 - standard_normal().cdf((a.ln() - mu) / sigma)
    }
}

/// A lognormal's CDF at `x` (0 for x <= 0).
pub fn lognormal_cdf(x: f64, mu: f64, sigma: f64) -> f64 {
    1.0 - survival(x, mu, sigma)
}

fn log_moments(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let logs: Vec<f64> = values.map(|v| v.max(HALF_DAY).ln()).collect();
    if logs.is_empty() {
        return None;
    }
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let sd = (logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n).sqrt();
    Some((mean, sd.max(0.05)))
}

/// The negative log-likelihood of the mixture at `p` = (logit p, mu_w, ln sigma_w, mu_l,
/// ln sigma_l); with `lost_absent`, p = 1 and only (mu_w, ln sigma_w) are read.
fn cost(obs: &[CycleObs], p: &[f64], lost_absent: bool) -> f64 {
    let (pw, mu_w, s_w) = if lost_absent {
        (1.0, p[0], p[1].exp())
    } else {
        (1.0 / (1.0 + (-p[0]).exp()), p[1], p[2].exp())
    };
    let (mu_l, s_l) = if lost_absent {
        (0.0, 1.0)
    } else {
        (p[3], p[4].exp())
    };
    let mut total = 0.0;
    for o in obs {
        total += match *o {
            CycleObs::Won(t) => pw.ln() + ln_day_mass(t, mu_w, s_w),
            CycleObs::Lost(t) => (1.0 - pw).ln() + ln_day_mass(t, mu_l, s_l),
            CycleObs::Open(a) if a <= 0.0 => 0.0,
            CycleObs::Open(a) if lost_absent => ln_sf((a.ln() - mu_w) / s_w),
            CycleObs::Open(a) => (pw * survival(a, mu_w, s_w)
                + (1.0 - pw) * survival(a, mu_l, s_l))
            .max(1e-300)
            .ln(),
        };
    }
    -total
}

/// Fits the won-deal cycle to `obs`. Returns None with fewer than two won deals (the
/// lognormal's two parameters need two cycles at least).
pub fn fit(obs: &[CycleObs]) -> Option<CycleFit> {
    let won: Vec<f64> = obs
        .iter()
        .filter_map(|o| {
            if let CycleObs::Won(t) = o {
                Some(*t)
            } else {
                None
            }
        })
        .collect();
    let lost: Vec<f64> = obs
        .iter()
        .filter_map(|o| {
            if let CycleObs::Lost(t) = o {
                Some(*t)
            } else {
                None
            }
        })
        .collect();
    let open = obs
        .iter()
        .filter(|o| matches!(o, CycleObs::Open(_)))
        .count();
    if won.len() < 2 {
        return None;
    }
    let (mu_w0, s_w0) = log_moments(won.iter().copied())?;
    let lost_absent = lost.is_empty();
    let f = |p: &[f64]| cost(obs, p, lost_absent);
    let (best, i_mu, i_ls) = if lost_absent {
        (minimise(&f, &[mu_w0, s_w0.ln()], 0.3), 0, 1)
    } else {
        let (mu_l0, s_l0) = log_moments(lost.iter().copied()).unwrap_or((mu_w0, s_w0));
        let p0 = won.len() as f64 / (won.len() + lost.len()) as f64;
        let start = [(p0 / (1.0 - p0)).ln(), mu_w0, s_w0.ln(), mu_l0, s_l0.ln()];
        (minimise(&f, &start, 0.3), 1, 2)
    };
    let p_won = if lost_absent {
        1.0
    } else {
        1.0 / (1.0 + (-best[0]).exp())
    };
    let (mu, ln_sigma) = (best[i_mu], best[i_ls]);
    let cov = covariance(&f, &best, 1e-4);
    let (se_mu, se_ls) = cov
        .map(|c| (c[i_mu][i_mu].sqrt(), c[i_ls][i_ls].sqrt()))
        .unwrap_or((f64::INFINITY, f64::INFINITY));
    let mu_est = Estimate {
        value: mu,
        low: mu - Z95 * se_mu,
        high: mu + Z95 * se_mu,
    };
    let sigma = Estimate {
        value: ln_sigma.exp(),
        low: (ln_sigma - Z95 * se_ls).exp(),
        high: (ln_sigma + Z95 * se_ls).exp(),
    };
    let median_weeks = Estimate {
        value: mu.exp(),
        low: mu_est.low.exp(),
        high: mu_est.high.exp(),
    };
    let observed_survival = won_survival(obs, p_won);
    let ks = observed_survival
        .windows(2)
        .map(|w| {
            // The step falls from w[0].1 to w[1].1 at w[1].0: compare both sides with the fit.
            let fitted = survival(w[1].0, mu, sigma.value);
            (w[0].1 - fitted).abs().max((w[1].1 - fitted).abs())
        })
        .fold(0.0, f64::max);
    Some(CycleFit {
        won: won.len(),
        lost: lost.len(),
        open,
        mu: mu_est,
        sigma,
        median_weeks,
        p_won,
        median_if_open_dropped: mu_w0.exp(),
        ks,
        observed_survival,
    })
}

/// The Aalen-Johansen estimate of the cumulative incidence of winning (lost deals a competing
/// event, open deals censored at their age), divided by `p_won` and given as a survival:
/// (weeks, share of to-be-won deals not yet won), starting at (0, 1). With no lost and no open
/// deals it is one minus the won cycles' empirical CDF.
pub fn won_survival(obs: &[CycleObs], p_won: f64) -> Vec<(f64, f64)> {
    // (time, won events, lost events, censored) at each distinct time, in order.
    let mut times: Vec<(f64, u8)> = obs
        .iter()
        .map(|o| match *o {
            CycleObs::Won(t) => (t, 0),
            CycleObs::Lost(t) => (t, 1),
            CycleObs::Open(a) => (a, 2),
        })
        .collect();
    times.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut at_risk = times.len() as f64;
    let mut all_survival = 1.0; // P(no close yet), Kaplan-Meier with both outcomes as events
    let mut incidence = 0.0; // P(won by t)
    let mut curve = vec![(0.0, 1.0)];
    let mut i = 0;
    while i < times.len() {
        let t = times[i].0;
        let (mut won, mut lost, mut censored) = (0.0, 0.0, 0.0);
        while i < times.len() && times[i].0 == t {
            match times[i].1 {
                0 => won += 1.0,
                1 => lost += 1.0,
                _ => censored += 1.0,
            }
            i += 1;
        }
        if won > 0.0 {
            incidence += all_survival * won / at_risk;
            curve.push((t, (1.0 - incidence / p_won).max(0.0)));
        }
        all_survival *= 1.0 - (won + lost) / at_risk;
        at_risk -= won + lost + censored;
    }
    curve
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_lost_or_open_deals_the_curve_is_the_empirical_survival() {
        let obs = [
            CycleObs::Won(1.0),
            CycleObs::Won(2.0),
            CycleObs::Won(2.0),
            CycleObs::Won(4.0),
        ];
        let curve = won_survival(&obs, 1.0);
        assert_eq!(
            curve,
            vec![(0.0, 1.0), (1.0, 0.75), (2.0, 0.25), (4.0, 0.0)]
        );
    }

    #[test]
    fn open_deals_are_censored_as_kaplan_meier_does() {
        // Kaplan-Meier by hand: 4 at risk; won at 1 (S = 3/4); open at 1.5 leaves 2 at risk;
        // won at 2: S = 3/4 x 1/2 = 3/8; open at 3.
        let obs = [
            CycleObs::Won(1.0),
            CycleObs::Open(1.5),
            CycleObs::Won(2.0),
            CycleObs::Open(3.0),
        ];
        let curve = won_survival(&obs, 1.0);
        assert_eq!(curve, vec![(0.0, 1.0), (1.0, 0.75), (2.0, 0.375)]);
    }

    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};
    use rand_distr::{Distribution, LogNormal};

    /// `deals` deals created uniformly over the `span` weeks before the as-of date, won with
    /// probability `p`, closing after a lognormal cycle (won: median `won_median`, sigma 0.6;
    /// lost: median `lost_median`, sigma 0.8) rounded to whole days; a deal whose close falls
    /// after the as-of date is open at its age.
    fn generate(
        seed: u64,
        deals: usize,
        span: f64,
        p: f64,
        won_median: f64,
        lost_median: f64,
    ) -> Vec<CycleObs> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let won = LogNormal::new(won_median.ln(), 0.6).unwrap();
        let lost = LogNormal::new(lost_median.ln(), 0.8).unwrap();
        (0..deals)
            .map(|_| {
                let created_day = (rng.random::<f64>() * span * 7.0).floor();
                let age = (span * 7.0 - created_day) / 7.0;
                let is_won = rng.random::<f64>() < p;
                let cycle = if is_won {
                    won.sample(&mut rng)
                } else {
                    lost.sample(&mut rng)
                };
                let cycle = (cycle * 7.0).round() / 7.0;
                if cycle > age {
                    CycleObs::Open(age)
                } else if is_won {
                    CycleObs::Won(cycle)
                } else {
                    CycleObs::Lost(cycle)
                }
            })
            .collect()
    }

    #[test]
    fn intervals_cover_the_true_cycle_nine_times_in_ten() {
        // 100 exports of 400 deals over two years, a quarter won (median 10 weeks, sigma 0.6),
        // lost deals slower (median 14 weeks). 90% Wald intervals cover mu_w = ln 10 and
        // sigma_w = 0.6 with probability near 0.9; over 100 exports the share lies within
        // 0.9 +- 3 sqrt(0.09 / 100) = [0.81, 0.99].
        let (mut mu, mut sigma) = (0, 0);
        for seed in 0..100 {
            let f = fit(&generate(seed, 400, 104.0, 0.25, 10.0, 14.0)).expect("won deals");
            mu += f.mu.covers(10f64.ln()) as u32;
            sigma += f.sigma.covers(0.6) as u32;
        }
        assert!((81..=99).contains(&mu), "mu covered {mu} of 100");
        assert!((81..=99).contains(&sigma), "sigma covered {sigma} of 100");
    }

    #[test]
    fn dropping_open_deals_makes_cycles_look_short_and_censoring_does_not() {
        // 3,000 deals over one year with a long cycle (median 16 weeks): a deal created in the
        // last months is still open, and only its quick siblings are in the won list. A won
        // cycle t is seen only when the deal's age exceeds it, with probability (52 - t) / 52,
        // which favours short cycles: the won deals' own geometric mean falls more than 10%
        // short (the exact bias depends on the draw; the sd of the mean log over ~650 won
        // cycles is 0.6 / sqrt(650) = 0.024, far less). The censored fit's interval holds 16.
        let obs = generate(11, 3000, 52.0, 0.3, 16.0, 16.0);
        let open = obs
            .iter()
            .filter(|o| matches!(o, CycleObs::Open(_)))
            .count();
        assert!(open > 500, "{open} open deals");
        let f = fit(&obs).expect("won deals");
        assert!(f.median_weeks.covers(16.0), "{:?}", f.median_weeks);
        assert!(
            f.median_if_open_dropped < 0.9 * 16.0,
            "{}",
            f.median_if_open_dropped
        );
        assert!(f.median_if_open_dropped < f.median_weeks.low);
        // The share won in the end is recovered too (0.3; its sd near sqrt(0.21 / 3000) = 0.008).
        assert!((f.p_won - 0.3).abs() < 0.04, "{}", f.p_won);
    }

    #[test]
    fn without_lost_deals_the_plain_censored_lognormal_is_fitted() {
        let obs: Vec<CycleObs> = generate(5, 500, 104.0, 1.0, 8.0, 8.0);
        assert!(obs.iter().all(|o| !matches!(o, CycleObs::Lost(_))));
        let f = fit(&obs).expect("won deals");
        assert_eq!(f.p_won, 1.0);
        assert!(f.median_weeks.covers(8.0), "{:?}", f.median_weeks);
        assert!(f.sigma.covers(0.6), "{:?}", f.sigma);
    }
}
