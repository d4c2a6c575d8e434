//! Validated probability distributions: what a scenario's distribution specs become.
//!
//! A [`Dist`] is already checked (finite parameters, sd > 0, min < max, ...); the config module is
//! the only place that builds one from user input. [`Dist::sampler`] turns it into a [`Sampler`]
//! that draws with `rand_distr`, and the moment and CDF methods serve the closed-form mean
//! ([`crate::model::analytic`]) and the statistical tests.

use rand::Rng;
use rand_distr::{Beta, Distribution, Gamma, LogNormal, Normal, Pert, Triangular, Uniform};
use statrs::distribution::{self as sd, ContinuousCDF};

/// One-sided 95% quantile of the standard normal: a 90% interval is mean ± Z95 sd.
pub const Z95: f64 = 1.644_853_626_951_472_2;

/// PERT's weight on the mode (the classic PERT; rand_distr's default shape).
pub const PERT_LAMBDA: f64 = 4.0;

/// A validated distribution of one input.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// Always this value.
    Constant(f64),
    /// Normal, truncated to `[min, max]` by redrawing (either bound may be infinite).
    Normal {
        /// mean of the untruncated normal
        mean: f64,
        /// standard deviation of the untruncated normal
        sd: f64,
        /// lower truncation bound (`-inf` for none)
        min: f64,
        /// upper truncation bound (`inf` for none)
        max: f64,
    },
    /// exp of a Normal(mu, sigma), draws capped at `max` (a key's physical bound; the config
    /// module accepts a cap only where the mass and mean beyond it are negligible, see
    /// [`Dist::tail_mean_share`]).
    LogNormal {
        /// mean of the log
        mu: f64,
        /// sd of the log
        sigma: f64,
        /// largest value a draw takes (`inf` for none)
        max: f64,
    },
    /// Beta(alpha, beta) on [0, 1].
    Beta {
        /// first shape parameter
        alpha: f64,
        /// second shape parameter
        beta: f64,
    },
    /// Gamma with a shape and a scale, draws capped at `max` (as for `LogNormal`).
    Gamma {
        /// shape k
        shape: f64,
        /// scale theta
        scale: f64,
        /// largest value a draw takes (`inf` for none)
        max: f64,
    },
    /// Uniform on [min, max).
    Uniform {
        /// lower bound
        min: f64,
        /// upper bound
        max: f64,
    },
    /// Triangular on [min, max] with its peak at mode.
    Triangular {
        /// lower bound
        min: f64,
        /// most likely value
        mode: f64,
        /// upper bound
        max: f64,
    },
    /// PERT (a scaled beta with lambda 4) on [min, max].
    Pert {
        /// lower bound
        min: f64,
        /// most likely value
        mode: f64,
        /// upper bound
        max: f64,
    },
}

/// A ready-to-draw form of a [`Dist`].
#[derive(Debug, Clone)]
pub enum Sampler {
    /// Always this value (draws nothing from the generator).
    Constant(f64),
    /// Normal, redrawn until inside `[min, max]`.
    Normal(Normal<f64>, f64, f64),
    /// Lognormal, capped at the second field.
    LogNormal(LogNormal<f64>, f64),
    /// Beta.
    Beta(BetaSampler),
    /// Gamma, capped at the second field.
    Gamma(Gamma<f64>, f64),
    /// Uniform.
    Uniform(Uniform<f64>),
    /// Triangular.
    Triangular(Triangular<f64>),
    /// PERT.
    Pert(Pert<f64>),
}

impl Sampler {
    /// One draw.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Constant(v) => *v,
            Sampler::Normal(n, min, max) => loop {
                // Validation guarantees the bounds hold a real share of the mass
                // (MIN_TRUNCATED_MASS), so this loop ends quickly.
                let x = n.sample(rng);
                if x >= *min && x <= *max {
                    return x;
                }
            },
            // `min` keeps every draw within a key's physical bound (168 hours a week, ...):
            // counts computed from draws are then provably in range.
            Sampler::LogNormal(d, max) => d.sample(rng).min(*max),
            Sampler::Beta(BetaSampler::GammaRatio(x, y)) => {
                let x = x.sample(rng);
                x / (x + y.sample(rng))
            }
            Sampler::Beta(BetaSampler::Cheng(d)) => d.sample(rng),
            Sampler::Gamma(d, max) => d.sample(rng).min(*max),
            Sampler::Uniform(d) => d.sample(rng),
            Sampler::Triangular(d) => d.sample(rng),
            Sampler::Pert(d) => d.sample(rng),
        }
    }
}

/// A rep-week's hours (prospecting or selling), drawn every rep-week: a normal (what an
/// `"A to B"` interval of hours gives) is drawn inline by [`truncated_normal`], with exactly the
/// numbers its [`Sampler`] draws from the same stream but without the sampler's dispatch; any
/// other distribution goes through its sampler.
#[derive(Debug, Clone)]
pub enum HoursSampler {
    /// A normal truncated to `[min, max]`: mean, standard deviation, min, max (hours).
    Normal(f64, f64, f64, f64),
    /// Any other distribution.
    Other(Sampler),
}

impl HoursSampler {
    /// The hours `sampler` draws.
    pub fn new(sampler: Sampler) -> HoursSampler {
        match sampler {
            Sampler::Normal(normal, min, max) => {
                HoursSampler::Normal(normal.mean(), normal.std_dev(), min, max)
            }
            other => HoursSampler::Other(other),
        }
    }

    /// One rep-week's hours from `rng`.
    #[inline(always)]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            HoursSampler::Normal(mean, sd, min, max) => truncated_normal(mean, sd, min, max, rng),
            HoursSampler::Other(ref sampler) => sampler.sample(rng),
        }
    }
}

/// One draw of a normal truncated to `[min, max]` by redrawing: the same arithmetic as
/// [`Sampler::Normal`] (mean + sd z, z from rand_distr's ziggurat), for the loops that draw
/// hours every rep-week.
#[inline(always)]
pub fn truncated_normal<R: Rng + ?Sized>(
    mean: f64,
    sd: f64,
    min: f64,
    max: f64,
    rng: &mut R,
) -> f64 {
    loop {
        let z: f64 = rand_distr::StandardNormal.sample(rng);
        let x = mean + sd * z;
        if x >= min && x <= max {
            return x;
        }
    }
}

/// How a [`Sampler::Beta`] draws.
#[derive(Debug, Clone)]
pub enum BetaSampler {
    /// Both shapes at least 1: X / (X + Y) with X ~ Gamma(alpha, 1) and Y ~ Gamma(beta, 1),
    /// which is Beta(alpha, beta) exactly. rand_distr draws these gammas by Marsaglia and
    /// Tsang's method (a normal and a uniform, a logarithm only on the rare slow path), about
    /// twice as fast as Cheng's algorithms, which take a logarithm and an exponential per draw.
    GammaRatio(Gamma<f64>, Gamma<f64>),
    /// A shape below 1: rand_distr's `Beta` (Cheng), which stays exact where gammas of tiny
    /// shapes underflow to 0 (X + Y = 0).
    Cheng(Beta<f64>),
}

/// A truncated normal must keep at least this share of its mass inside its bounds, so that
/// drawing by rejection stays cheap (at most ~1,000 tries on average).
pub const MIN_TRUNCATED_MASS: f64 = 1e-3;

impl Dist {
    /// The sampler for this distribution. Parameters were validated when the `Dist` was built,
    /// so the constructors cannot fail here.
    pub fn sampler(&self) -> Sampler {
        const VALIDATED: &str = "distribution parameters are validated when the Dist is built";
        match *self {
            Dist::Constant(v) => Sampler::Constant(v),
            Dist::Normal { mean, sd, min, max } => {
                Sampler::Normal(Normal::new(mean, sd).expect(VALIDATED), min, max)
            }
            Dist::LogNormal { mu, sigma, max } => {
                Sampler::LogNormal(LogNormal::new(mu, sigma).expect(VALIDATED), max)
            }
            Dist::Beta { alpha, beta } if alpha >= 1.0 && beta >= 1.0 => {
                Sampler::Beta(BetaSampler::GammaRatio(
                    Gamma::new(alpha, 1.0).expect(VALIDATED),
                    Gamma::new(beta, 1.0).expect(VALIDATED),
                ))
            }
            Dist::Beta { alpha, beta } => {
                Sampler::Beta(BetaSampler::Cheng(Beta::new(alpha, beta).expect(VALIDATED)))
            }
            Dist::Gamma { shape, scale, max } => {
                Sampler::Gamma(Gamma::new(shape, scale).expect(VALIDATED), max)
            }
            Dist::Uniform { min, max } => {
                Sampler::Uniform(Uniform::new(min, max).expect(VALIDATED))
            }
            Dist::Triangular { min, mode, max } => {
                Sampler::Triangular(Triangular::new(min, max, mode).expect(VALIDATED))
            }
            Dist::Pert { min, mode, max } => Sampler::Pert(
                Pert::new(min, max)
                    .with_shape(PERT_LAMBDA)
                    .with_mode(mode)
                    .expect(VALIDATED),
            ),
        }
    }

    /// Mean of the distribution (of the truncated one for a bounded normal; a lognormal's or
    /// gamma's cap is left out: it moves the mean by at most [`MAX_TAIL_MEAN_SHARE`] of it).
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Constant(v) => v,
            Dist::Normal { mean, sd, min, max } => {
                let t = Truncation::new(mean, sd, min, max);
                mean + sd * (t.pdf_a - t.pdf_b) / t.mass
            }
            Dist::LogNormal { mu, sigma, .. } => (mu + sigma * sigma / 2.0).exp(),
            Dist::Beta { alpha, beta } => alpha / (alpha + beta),
            Dist::Gamma { shape, scale, .. } => shape * scale,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Pert { min, mode, max } => (min + PERT_LAMBDA * mode + max) / (PERT_LAMBDA + 2.0),
        }
    }

    /// Standard deviation of the distribution (of the truncated one for a bounded normal).
    pub fn sd(&self) -> f64 {
        let var = match *self {
            Dist::Constant(_) => 0.0,
            Dist::Normal { mean, sd, min, max } => {
                let t = Truncation::new(mean, sd, min, max);
                let ratio = (t.pdf_a - t.pdf_b) / t.mass;
                sd * sd * (1.0 + (t.a_pdf_a - t.b_pdf_b) / t.mass - ratio * ratio)
            }
            Dist::LogNormal { mu, sigma, .. } => {
                let s2 = sigma * sigma;
                (s2.exp() - 1.0) * (2.0 * mu + s2).exp()
            }
            Dist::Beta { alpha, beta } => {
                let s = alpha + beta;
                alpha * beta / (s * s * (s + 1.0))
            }
            Dist::Gamma { shape, scale, .. } => shape * scale * scale,
            Dist::Uniform { min, max } => (max - min).powi(2) / 12.0,
            Dist::Triangular { min, mode, max } => {
                (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18.0
            }
            Dist::Pert { min, max, .. } => {
                // For lambda = 4: var = (mean - min)(max - mean) / 7.
                let m = self.mean();
                (m - min) * (max - m) / (PERT_LAMBDA + 3.0)
            }
        };
        var.max(0.0).sqrt()
    }

    /// P(X < x).
    pub fn cdf_below(&self, x: f64) -> f64 {
        let stat = |r: Result<f64, String>| r.unwrap_or(f64::NAN);
        match *self {
            Dist::Constant(v) => {
                if v < x {
                    1.0
                } else {
                    0.0
                }
            }
            Dist::Normal { mean, sd, min, max } => {
                if x <= min {
                    return 0.0;
                }
                if x >= max {
                    return 1.0;
                }
                let t = Truncation::new(mean, sd, min, max);
                (std_normal_cdf((x - mean) / sd) - t.cdf_a) / t.mass
            }
            Dist::LogNormal { max, .. } | Dist::Gamma { max, .. } if x > max => 1.0,
            Dist::LogNormal { mu, sigma, .. } => stat(
                sd::LogNormal::new(mu, sigma)
                    .map(|d| d.cdf(x))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Beta { alpha, beta } => stat(
                sd::Beta::new(alpha, beta)
                    .map(|d| d.cdf(x))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Gamma { shape, scale, .. } => stat(
                sd::Gamma::new(shape, 1.0 / scale)
                    .map(|d| d.cdf(x))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Uniform { min, max } => ((x - min) / (max - min)).clamp(0.0, 1.0),
            Dist::Triangular { min, mode, max } => stat(
                sd::Triangular::new(min, max, mode)
                    .map(|d| d.cdf(x))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Pert { min, mode, max } => {
                let (a, b) = pert_shapes(min, mode, max);
                let u = ((x - min) / (max - min)).clamp(0.0, 1.0);
                stat(
                    sd::Beta::new(a, b)
                        .map(|d| d.cdf(u))
                        .map_err(|e| e.to_string()),
                )
            }
        }
    }

    /// The q-quantile (0 < q < 1); used to integrate over a distribution numerically.
    pub fn quantile(&self, q: f64) -> f64 {
        let stat = |r: Result<f64, String>| r.unwrap_or(f64::NAN);
        match *self {
            Dist::Constant(v) => v,
            Dist::Normal { mean, sd, min, max } => {
                let t = Truncation::new(mean, sd, min, max);
                let z = std_normal_quantile(t.cdf_a + q * t.mass);
                (mean + sd * z).clamp(min, max)
            }
            Dist::LogNormal { mu, sigma, max } => {
                (mu + sigma * std_normal_quantile(q)).exp().min(max)
            }
            Dist::Beta { alpha, beta } => stat(
                sd::Beta::new(alpha, beta)
                    .map(|d| d.inverse_cdf(q))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Gamma { shape, scale, max } => stat(
                sd::Gamma::new(shape, 1.0 / scale)
                    .map(|d| d.inverse_cdf(q).min(max))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Uniform { min, max } => min + q * (max - min),
            Dist::Triangular { min, mode, max } => stat(
                sd::Triangular::new(min, max, mode)
                    .map(|d| d.inverse_cdf(q))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Pert { min, mode, max } => {
                let (a, b) = pert_shapes(min, mode, max);
                let u = stat(
                    sd::Beta::new(a, b)
                        .map(|d| d.inverse_cdf(q))
                        .map_err(|e| e.to_string()),
                );
                min + u * (max - min)
            }
        }
    }

    /// Smallest and largest values a draw can take.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Dist::Constant(v) => (v, v),
            Dist::Normal { min, max, .. } => (min, max),
            Dist::LogNormal { max, .. } | Dist::Gamma { max, .. } => (0.0, max),
            Dist::Beta { .. } => (0.0, 1.0),
            Dist::Uniform { min, max }
            | Dist::Triangular { min, max, .. }
            | Dist::Pert { min, max, .. } => (min, max),
        }
    }

    /// Whether every draw is the same value.
    pub fn is_constant(&self) -> bool {
        matches!(self, Dist::Constant(_))
    }
}

/// Smallest beta shape accepted. Below it a beta is, to double precision, a coin flip between
/// 0 and 1, and the samplers fail on the way to subnormal shapes (rand_distr draws only 1s at
/// 1e-310; statrs' quantile panics): docs/model.md, "Numerically safe distributions".
pub const MIN_BETA_SHAPE: f64 = 1e-6;

/// Largest beta concentration (alpha + beta) accepted: statrs' regularized incomplete beta,
/// behind every beta CDF and quantile, loses its accuracy between 1e6 and 1e7 (it returns
/// values outside [0, 1] at 1e8). A rate with mean m is then at most as narrow as
/// sd = sqrt(m (1 - m) / 1e6), e.g. 0.03 percentage points at 10%; narrower is a constant.
pub const MAX_BETA_CONCENTRATION: f64 = 1e6;

/// Smallest gamma shape accepted (an sd at most 10 times the mean). Below it almost every draw
/// underflows to 0 and the mean rests on draws too rare for a simulation to see.
pub const MIN_GAMMA_SHAPE: f64 = 0.01;

/// Largest lognormal sigma accepted: 4.7534 is the standard normal's 1 - 1e-6 quantile, and
/// for a lognormal the share of the mean carried by draws above the (1 - p) quantile is
/// Phi(sigma - z_p); at sigma = 4.7534 half the mean would come from the top millionth of
/// draws, which no simulation of a sane size sees, so its mean could not be estimated.
pub const MAX_LOGNORMAL_SIGMA: f64 = 4.753_424_308_822_899;

/// The largest share of a lognormal's or gamma's mean that may lie above a key's physical cap
/// for the cap to be applied by clamping draws (so the mean the closed form uses stays exact
/// to this relative error).
pub const MAX_TAIL_MEAN_SHARE: f64 = 1e-9;

impl Dist {
    /// Checks that this distribution can be sampled correctly and has a finite mean and sd,
    /// and that the CDF and quantiles used by the closed form and the sensitivity analysis are
    /// finite: the shapes, sigma and concentration limits above, then the numbers themselves.
    ///
    /// # Errors
    /// A sentence saying which parameter is out of range, its value and what is valid.
    pub fn check_numerics(&self) -> Result<(), String> {
        match *self {
            Dist::Beta { alpha, beta } => {
                if !(alpha >= MIN_BETA_SHAPE && beta >= MIN_BETA_SHAPE) {
                    return Err(format!(
                        "beta shapes alpha = {alpha:e} and beta = {beta:e} must both be at least \
                         {MIN_BETA_SHAPE:e}: smaller shapes make every draw 0 or 1 to double \
                         precision and cannot be sampled reliably; for a rate that is 0 or 1, \
                         give the constant"
                    ));
                }
                if alpha + beta > MAX_BETA_CONCENTRATION {
                    return Err(format!(
                        "beta shapes alpha = {alpha:e} and beta = {beta:e} sum to more than \
                         {MAX_BETA_CONCENTRATION:e}, beyond which its CDF cannot be computed \
                         reliably; so narrow a rate is a constant: give its mean ({})",
                        alpha / (alpha + beta)
                    ));
                }
            }
            Dist::Gamma { shape, .. } if shape.is_nan() || shape < MIN_GAMMA_SHAPE => {
                return Err(format!(
                    "a gamma with shape (mean/sd)^2 = {shape:e} below {MIN_GAMMA_SHAPE} (sd more \
                     than 10 times the mean) puts almost every draw at 0 and its mean in draws \
                     too rare to simulate; use an sd at most 10 times the mean"
                ));
            }
            Dist::LogNormal { sigma, .. } if !(sigma > 0.0 && sigma <= MAX_LOGNORMAL_SIGMA) => {
                return Err(format!(
                    "a lognormal's sigma (sd of its log) must be above 0 and at most {:.2} (got \
                     {sigma:e}): {}",
                    MAX_LOGNORMAL_SIGMA,
                    if sigma > 0.0 {
                        "beyond it half the mean comes from the top millionth of draws, which \
                         a simulation cannot estimate (p95 at most 2,500 times the median)"
                    } else {
                        "p95 is too close to the median to tell them apart; give a constant"
                    }
                ));
            }
            _ => {}
        }
        let (mean, sd) = (self.mean(), self.sd());
        if !(mean.is_finite() && sd.is_finite()) {
            return Err(format!(
                "its mean ({mean:e}) and sd ({sd:e}) must be finite numbers; use smaller values"
            ));
        }
        let qs = [0.05, 0.10, 0.50, 0.90, 0.95].map(|q| self.quantile(q));
        let (lo, hi) = self.support();
        if qs.iter().any(|q| !q.is_finite() || *q < lo || *q > hi)
            || qs.windows(2).any(|w| w[0] > w[1])
        {
            return Err(format!(
                "its percentiles cannot be computed reliably (P5..P95 read {qs:?}); use less \
                 extreme parameters"
            ));
        }
        let c = self.cdf_below(qs[2]);
        if !(0.0..=1.0).contains(&c) {
            return Err(format!(
                "its CDF cannot be computed reliably (read {c} at the median); use less \
                 extreme parameters"
            ));
        }
        Ok(())
    }

    /// The share of the mean carried by draws above `cap`, `E[X; X > cap] / E[X]`, for the
    /// unbounded families (lognormal, gamma); 0 for the others (their support is checked
    /// against a cap directly).
    pub fn tail_mean_share(&self, cap: f64) -> f64 {
        match *self {
            Dist::LogNormal { mu, sigma, .. } => {
                // E[X; X > c] = E[X] Phi(sigma - (ln c - mu) / sigma).
                std_normal_cdf(sigma - (cap.ln() - mu) / sigma)
            }
            Dist::Gamma { shape, scale, .. } => {
                // E[X; X > c] = E[X] Q(shape + 1, c / scale), Q the regularized upper gamma.
                statrs::function::gamma::checked_gamma_ur(shape + 1.0, cap / scale).unwrap_or(1.0)
            }
            _ => 0.0,
        }
    }
}

/// Shapes of the beta behind a PERT on [min, max].
fn pert_shapes(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let range = max - min;
    (
        1.0 + PERT_LAMBDA * (mode - min) / range,
        1.0 + PERT_LAMBDA * (max - mode) / range,
    )
}

/// The standard-normal pieces of a normal truncated to [min, max].
struct Truncation {
    cdf_a: f64,
    mass: f64,
    pdf_a: f64,
    pdf_b: f64,
    a_pdf_a: f64,
    b_pdf_b: f64,
}

impl Truncation {
    fn new(mean: f64, sd: f64, min: f64, max: f64) -> Self {
        let a = (min - mean) / sd;
        let b = (max - mean) / sd;
        let cdf_a = std_normal_cdf(a);
        let pdf = |z: f64| {
            if z.is_finite() {
                (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
            } else {
                0.0
            }
        };
        // z * pdf(z) tends to 0 at either infinity.
        let z_pdf = |z: f64| if z.is_finite() { z * pdf(z) } else { 0.0 };
        Truncation {
            cdf_a,
            mass: std_normal_mass(a, b),
            pdf_a: pdf(a),
            pdf_b: pdf(b),
            a_pdf_a: z_pdf(a),
            b_pdf_b: z_pdf(b),
        }
    }
}

/// Share of a Normal(mean, sd)'s mass inside [min, max].
pub fn normal_mass_between(mean: f64, sd: f64, min: f64, max: f64) -> f64 {
    Truncation::new(mean, sd, min, max).mass
}

/// P(a < Z < b) for a standard normal Z, from whichever tails keep full precision (two upper
/// tails when both ends are above 0, where Phi(b) - Phi(a) would cancel).
pub fn std_normal_mass(a: f64, b: f64) -> f64 {
    let upper = |z: f64| std_normal_cdf(-z);
    if a >= 0.0 {
        upper(a) - upper(b)
    } else if b <= 0.0 {
        std_normal_cdf(b) - std_normal_cdf(a)
    } else {
        1.0 - std_normal_cdf(a) - upper(b)
    }
}

/// Standard normal CDF.
pub fn std_normal_cdf(z: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2)
}

/// Standard normal quantile.
pub fn std_normal_quantile(q: f64) -> f64 {
    -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * q)
}
