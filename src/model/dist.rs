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
    /// exp of a Normal(mu, sigma).
    LogNormal {
        /// mean of the log
        mu: f64,
        /// sd of the log
        sigma: f64,
    },
    /// Beta(alpha, beta) on [0, 1].
    Beta {
        /// first shape parameter
        alpha: f64,
        /// second shape parameter
        beta: f64,
    },
    /// Gamma with a shape and a scale.
    Gamma {
        /// shape k
        shape: f64,
        /// scale theta
        scale: f64,
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
    /// Lognormal.
    LogNormal(LogNormal<f64>),
    /// Beta.
    Beta(Beta<f64>),
    /// Gamma.
    Gamma(Gamma<f64>),
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
            Sampler::LogNormal(d) => d.sample(rng),
            Sampler::Beta(d) => d.sample(rng),
            Sampler::Gamma(d) => d.sample(rng),
            Sampler::Uniform(d) => d.sample(rng),
            Sampler::Triangular(d) => d.sample(rng),
            Sampler::Pert(d) => d.sample(rng),
        }
    }
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
            Dist::LogNormal { mu, sigma } => {
                Sampler::LogNormal(LogNormal::new(mu, sigma).expect(VALIDATED))
            }
            Dist::Beta { alpha, beta } => Sampler::Beta(Beta::new(alpha, beta).expect(VALIDATED)),
            Dist::Gamma { shape, scale } => {
                Sampler::Gamma(Gamma::new(shape, scale).expect(VALIDATED))
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

    /// Mean of the distribution (of the truncated one for a bounded normal).
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Constant(v) => v,
            Dist::Normal { mean, sd, min, max } => {
                let t = Truncation::new(mean, sd, min, max);
                mean + sd * (t.pdf_a - t.pdf_b) / t.mass
            }
            Dist::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Dist::Beta { alpha, beta } => alpha / (alpha + beta),
            Dist::Gamma { shape, scale } => shape * scale,
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
            Dist::LogNormal { mu, sigma } => {
                let s2 = sigma * sigma;
                (s2.exp() - 1.0) * (2.0 * mu + s2).exp()
            }
            Dist::Beta { alpha, beta } => {
                let s = alpha + beta;
                alpha * beta / (s * s * (s + 1.0))
            }
            Dist::Gamma { shape, scale } => shape * scale * scale,
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
            Dist::LogNormal { mu, sigma } => stat(
                sd::LogNormal::new(mu, sigma)
                    .map(|d| d.cdf(x))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Beta { alpha, beta } => stat(
                sd::Beta::new(alpha, beta)
                    .map(|d| d.cdf(x))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Gamma { shape, scale } => stat(
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
            Dist::LogNormal { mu, sigma } => (mu + sigma * std_normal_quantile(q)).exp(),
            Dist::Beta { alpha, beta } => stat(
                sd::Beta::new(alpha, beta)
                    .map(|d| d.inverse_cdf(q))
                    .map_err(|e| e.to_string()),
            ),
            Dist::Gamma { shape, scale } => stat(
                sd::Gamma::new(shape, 1.0 / scale)
                    .map(|d| d.inverse_cdf(q))
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
            Dist::LogNormal { .. } | Dist::Gamma { .. } => (0.0, f64::INFINITY),
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
            mass: std_normal_cdf(b) - cdf_a,
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

/// Standard normal CDF.
pub fn std_normal_cdf(z: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2)
}

/// Standard normal quantile.
pub fn std_normal_quantile(q: f64) -> f64 {
    -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * q)
}
