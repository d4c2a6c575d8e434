//! Correlated skill: one skill factor Z per rep moves every rate of the rep together
//! (docs/model.md, "The team: skill").
//!
//! With skill correlation rho > 0 a rep's rate (each of the four funnel rates and dials per
//! hour of every target, and the expansion rate) is the quantile of its own distribution at
//! Phi(sqrt(rho) Z + sqrt(1 - rho) e), with Z ~ N(0, 1) shared by the rep's draws and e ~ N(0, 1)
//! its own. Each input keeps its distribution; two of a rep's rates have normal scores
//! correlated by rho. The engine reads the quantile off a table over the normal score
//! ([`ScoreQuantiles`]) so that a rep's draws cost a few multiplications, not a numerical
//! inversion each.

use crate::model::dist::{Dist, std_normal_cdf, std_normal_quantile};

/// The normal scores the table covers: [-`SCORE_RANGE`, `SCORE_RANGE`]. Beyond it (probability
/// about 1e-17 on either side) the quantile is computed exactly.
pub const SCORE_RANGE: f64 = 8.5;

/// Table points: a step of 17 / 4095 = 0.0042 in the normal score, where linear interpolation
/// of a smooth quantile function errs by about step^2 / 8 x its second derivative, ~2e-6 of
/// the value's scale for the rate distributions of this model.
pub const SCORE_POINTS: usize = 4_096;

/// The normal score of one draw: sqrt(rho) z + sqrt(1 - rho) e.
#[inline]
pub fn score(rho: f64, z: f64, e: f64) -> f64 {
    rho.sqrt() * z + (1.0 - rho).sqrt() * e
}

/// F^-1(Phi(x)) for one distribution F, tabulated over the normal score x.
#[derive(Debug, Clone)]
pub struct ScoreQuantiles {
    dist: Dist,
    /// None for a constant (every score gives it).
    table: Option<Vec<f64>>,
}

impl ScoreQuantiles {
    /// The table of `dist` (built once per run: [`SCORE_POINTS`] quantiles).
    pub fn new(dist: &Dist) -> ScoreQuantiles {
        let table = (!dist.is_constant()).then(|| {
            (0..SCORE_POINTS)
                .map(|i| exact(dist, grid_score(i)))
                .collect()
        });
        ScoreQuantiles {
            dist: dist.clone(),
            table,
        }
    }

    /// F^-1(Phi(x)): interpolated inside the table, exact outside it.
    #[inline]
    pub fn value(&self, x: f64) -> f64 {
        let Some(table) = &self.table else {
            return self.dist.mean();
        };
        let step = 2.0 * SCORE_RANGE / (SCORE_POINTS - 1) as f64;
        let at = (x + SCORE_RANGE) / step;
        if !(0.0..(SCORE_POINTS - 1) as f64).contains(&at) {
            return exact(&self.dist, x);
        }
        let i = at as usize;
        let w = at - i as f64;
        table[i] + w * (table[i + 1] - table[i])
    }
}

fn grid_score(i: usize) -> f64 {
    -SCORE_RANGE + 2.0 * SCORE_RANGE * i as f64 / (SCORE_POINTS - 1) as f64
}

/// F^-1(Phi(x)) by the distribution's own quantile; Phi(x) is kept inside (0, 1).
fn exact(dist: &Dist, x: f64) -> f64 {
    let u = std_normal_cdf(x).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0);
    dist.quantile(u)
}

/// Equal-weight nodes of N(0, 1): the quantiles at the midpoints of `n` equal slices.
pub fn normal_nodes(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| std_normal_quantile((i as f64 + 0.5) / n as f64))
        .collect()
}

/// `E[F^-1(Phi(sqrt(rho) z + sqrt(1 - rho) e))]` over e ~ N(0, 1), given the skill factor z:
/// the mean of a rate for a rep of skill z (midpoint rule over `e_nodes`).
pub fn conditional_mean(q: &ScoreQuantiles, rho: f64, z: f64, e_nodes: &[f64]) -> f64 {
    e_nodes
        .iter()
        .map(|&e| q.value(score(rho, z, e)))
        .sum::<f64>()
        / e_nodes.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_follows_the_quantile_function() {
        let beta = Dist::Beta {
            alpha: 3.0,
            beta: 40.0,
        };
        let q = ScoreQuantiles::new(&beta);
        for x in [-3.0, -1.234, 0.0, 0.5, 2.9, 9.0] {
            let want = exact(&beta, x);
            let err = (q.value(x) - want).abs() / want;
            assert!(err < 1e-5, "{x}: {err}");
        }
        let c = ScoreQuantiles::new(&Dist::Constant(0.3));
        assert_eq!(c.value(1.0), 0.3);
    }

    /// At any rho the marginal mean is kept: averaging the conditional means over z gives
    /// `E[F^-1(Phi(N(0, 1)))]` = `E[X]`, the distribution's mean (midpoint rules, error ~1e-4).
    #[test]
    fn conditional_means_average_to_the_mean() {
        let beta = Dist::Beta {
            alpha: 4.0,
            beta: 16.0,
        };
        let q = ScoreQuantiles::new(&beta);
        let (z, e) = (normal_nodes(200), normal_nodes(200));
        for rho in [0.0, 0.3, 0.8] {
            let mean = z
                .iter()
                .map(|&z| conditional_mean(&q, rho, z, &e))
                .sum::<f64>()
                / z.len() as f64;
            assert!((mean - 0.2).abs() < 2e-4, "{rho}: {mean}");
        }
    }
}
