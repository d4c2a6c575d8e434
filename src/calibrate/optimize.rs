//! The numerical tools of the fits, over argmin: Nelder-Mead for a likelihood's maximum,
//! Brent's method for a one-dimensional maximum and for the root that ends a profile-likelihood
//! interval, and the observed information (a central-difference Hessian, inverted) for Wald
//! intervals.
//!
//! Every function here minimises a *negative* log-likelihood given as a closure; a point
//! outside the model's domain should return `f64::INFINITY` (it is replaced by a large finite
//! penalty, since Nelder-Mead compares costs and a NaN would stop it).

use argmin::core::{CostFunction, Error, Executor, State};
use argmin::solver::brent::{BrentOpt, BrentRoot};
use argmin::solver::neldermead::NelderMead;

/// A cost no real negative log-likelihood reaches: what an infeasible point costs.
const PENALTY: f64 = 1e300;

/// The chi-square(1) 90% quantile halved: a 90% profile-likelihood interval holds the values
/// whose log-likelihood is within this of the maximum (2 x 1.3527717 = 2.7055435, the 0.90
/// quantile of chi-square with one degree of freedom).
pub const PROFILE_DROP_90: f64 = 1.352_771_7;

/// One-sided 95% standard normal quantile: a 90% Wald interval is estimate +- Z95 x se.
pub const Z95: f64 = 1.644_853_6;

struct Closure<'a, F>(&'a F);

impl<F: Fn(&[f64]) -> f64> CostFunction for Closure<'_, F> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Self::Param) -> Result<f64, Error> {
        Ok(finite((self.0)(p)))
    }
}

struct Closure1<'a, F>(&'a F);

impl<F: Fn(f64) -> f64> CostFunction for Closure1<'_, F> {
    type Param = f64;
    type Output = f64;
    fn cost(&self, p: &f64) -> Result<f64, Error> {
        Ok(finite((self.0)(*p)))
    }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() { v } else { PENALTY }
}

/// The point near `start` where `cost` is least, by Nelder-Mead from a simplex of `start` and
/// `start` moved by `step` along each axis, restarted from its own answer with steps a quarter
/// and a sixteenth as long: Nelder-Mead stops when its vertices' costs agree, which can happen
/// by coincidence on a level set far from the minimum; a fresh, smaller simplex moves on.
pub fn minimise(cost: &impl Fn(&[f64]) -> f64, start: &[f64], step: f64) -> Vec<f64> {
    let mut best = start.to_vec();
    for step in [step, step / 4.0, step / 16.0] {
        let mut simplex = vec![best.clone()];
        for i in 0..best.len() {
            let mut vertex = best.clone();
            vertex[i] += step;
            simplex.push(vertex);
        }
        let solver = NelderMead::new(simplex)
            .with_sd_tolerance(1e-10)
            .expect("a positive tolerance is accepted");
        let result = Executor::new(Closure(cost), solver)
            .configure(|state| state.max_iters(4000))
            .run();
        if let Ok(result) = result
            && let Some(p) = result.state().get_best_param()
            && finite(cost(p)) <= finite(cost(&best))
        {
            best = p.clone();
        }
    }
    best
}

/// The `x` in `[lo, hi]` where `cost` is least, by Brent's method.
pub fn minimise_1d(cost: &impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    let solver = BrentOpt::new(lo, hi).set_tolerance(1e-10, 1e-12);
    let found = Executor::new(Closure1(cost), solver)
        .configure(|state| state.max_iters(500))
        .run()
        .ok()
        .and_then(|r| r.state().get_best_param().copied());
    // Brent's method never evaluates the ends; a maximum on the boundary is checked here.
    let mut best = found.unwrap_or(0.5 * (lo + hi));
    for end in [lo, hi] {
        if finite(cost(end)) < finite(cost(best)) {
            best = end;
        }
    }
    best
}

/// A root of `f` in `[lo, hi]` (where `f(lo)` and `f(hi)` differ in sign), by Brent's method;
/// None when they do not.
pub fn root(f: &impl Fn(f64) -> f64, lo: f64, hi: f64) -> Option<f64> {
    let (flo, fhi) = (f(lo), f(hi));
    if !(flo.is_finite() && fhi.is_finite()) || flo * fhi > 0.0 {
        return None;
    }
    if flo == 0.0 {
        return Some(lo);
    }
    if fhi == 0.0 {
        return Some(hi);
    }
    let solver = BrentRoot::new(lo, hi, 1e-10);
    Executor::new(Closure1(f), solver)
        .configure(|state| state.max_iters(200))
        .run()
        .ok()
        .and_then(|r| r.state().get_best_param().copied())
}

/// One end of a profile-likelihood interval: walking from `at` (the estimate, where the
/// profile is highest) toward `limit`, the first value where the profile's negative
/// log-likelihood has risen by [`PROFILE_DROP_90`] above `min_cost`; `limit` itself when it
/// never does (the data do not bound the parameter on that side).
///
/// The walk doubles its step until the drop is passed, then Brent's method settles the point.
pub fn profile_end(
    profile: &impl Fn(f64) -> f64,
    min_cost: f64,
    at: f64,
    limit: f64,
    first_step: f64,
) -> f64 {
    let excess = |x: f64| profile(x) - min_cost - PROFILE_DROP_90;
    let direction = (limit - at).signum();
    let mut inner = at;
    let mut step = first_step.abs();
    loop {
        let outer = at + direction * step;
        let beyond = (outer - limit) * direction >= 0.0;
        let outer = if beyond { limit } else { outer };
        if excess(outer) >= 0.0 {
            return root(&excess, inner.min(outer), inner.max(outer)).unwrap_or(outer);
        }
        if beyond {
            return limit;
        }
        inner = outer;
        step *= 2.0;
    }
}

/// The observed information's inverse at `at`: the covariance matrix of a maximum-likelihood
/// estimate, from the Hessian of the negative log-likelihood `cost` by central differences
/// (steps of `h` on every parameter). None when the Hessian is not positive definite (the
/// maximum is on a boundary or the data do not identify every parameter).
pub fn covariance(cost: &impl Fn(&[f64]) -> f64, at: &[f64], h: f64) -> Option<Vec<Vec<f64>>> {
    let n = at.len();
    let mut hessian = vec![vec![0.0; n]; n];
    let f = |p: &[f64]| cost(p);
    let f0 = f(at);
    for i in 0..n {
        for j in i..n {
            let value = if i == j {
                let mut up = at.to_vec();
                let mut down = at.to_vec();
                up[i] += h;
                down[i] -= h;
                (f(&up) - 2.0 * f0 + f(&down)) / (h * h)
            } else {
                let shifted = |si: f64, sj: f64| {
                    let mut p = at.to_vec();
                    p[i] += si * h;
                    p[j] += sj * h;
                    f(&p)
                };
                (shifted(1.0, 1.0) - shifted(1.0, -1.0) - shifted(-1.0, 1.0) + shifted(-1.0, -1.0))
                    / (4.0 * h * h)
            };
            hessian[i][j] = value;
            hessian[j][i] = value;
        }
    }
    invert_positive_definite(&hessian)
}

/// The inverse of a symmetric positive-definite matrix, by Gauss-Jordan elimination without
/// pivoting (a positive-definite matrix needs none); None when a pivot is not positive or a
/// value is not finite.
fn invert_positive_definite(matrix: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = matrix.len();
    let mut a: Vec<Vec<f64>> = matrix.to_vec();
    let mut inv: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    for col in 0..n {
        let pivot = a[col][col];
        if !(pivot.is_finite() && pivot > 0.0) {
            return None;
        }
        for j in 0..n {
            a[col][j] /= pivot;
            inv[col][j] /= pivot;
        }
        for row in 0..n {
            if row != col {
                let factor = a[row][col];
                for j in 0..n {
                    a[row][j] -= factor * a[col][j];
                    inv[row][j] -= factor * inv[col][j];
                }
            }
        }
    }
    let finite_diag = (0..n).all(|i| inv[i][i].is_finite() && inv[i][i] > 0.0);
    finite_diag.then_some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum() {
        let cost =
            |p: &[f64]| (p[0] - 1.5).powi(2) + 3.0 * (p[1] + 2.0).powi(2) + 0.5 * p[0] * p[1];
        // Gradient zero: 2(x - 1.5) + 0.5 y = 0 and 6(y + 2) + 0.5 x = 0. The first gives
        // y = 6 - 4x; then 6(8 - 4x) + 0.5 x = 0, so x = 48 / 23.5 and y = 6 - 4x.
        let x = 48.0 / 23.5;
        let y = 6.0 - 4.0 * x;
        // From (0, 0) with a step of 1 the first simplex stops on a level set at (1.5, -2),
        // whose neighbours (2.5, -2) and (1.5, -1) reflect to the same cost: the restarts move on.
        let found = minimise(&cost, &[0.0, 0.0], 1.0);
        assert!(
            (found[0] - x).abs() < 1e-5 && (found[1] - y).abs() < 1e-5,
            "{found:?}"
        );
        // Rosenbrock's valley, minimum at (1, 1).
        let rosenbrock = |p: &[f64]| (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2);
        let found = minimise(&rosenbrock, &[-1.2, 1.0], 0.5);
        assert!(
            (found[0] - 1.0).abs() < 1e-4 && (found[1] - 1.0).abs() < 1e-4,
            "{found:?}"
        );
    }

    #[test]
    fn profile_end_of_a_normal_mean_is_the_wald_interval() {
        // The negative log-likelihood of a normal mean with known se 2: (m - 10)^2 / (2 x 4); its
        // profile interval is exactly 10 +- sqrt(2 x 1.3527717) x 2 = 10 +- 1.6448536 x 2.
        let cost = |m: f64| (m - 10.0).powi(2) / 8.0;
        let lo = profile_end(&cost, 0.0, 10.0, -100.0, 0.1);
        let hi = profile_end(&cost, 0.0, 10.0, 100.0, 0.1);
        assert!((lo - (10.0 - Z95 * 2.0)).abs() < 1e-6, "{lo}");
        assert!((hi - (10.0 + Z95 * 2.0)).abs() < 1e-6, "{hi}");
        // A side the data never bound stops at the limit.
        let flat = |m: f64| if m > 10.0 { 0.0 } else { (m - 10.0).powi(2) };
        assert_eq!(profile_end(&flat, 0.0, 10.0, 50.0, 0.1), 50.0);
    }

    #[test]
    fn covariance_of_a_bivariate_normal_likelihood() {
        // Negative log-likelihood 0.5 x' A x with A = [[4, 1], [1, 2]]: the covariance is A^-1 =
        // [[2, -1], [-1, 4]] / 7.
        let cost = |p: &[f64]| 0.5 * (4.0 * p[0] * p[0] + 2.0 * p[0] * p[1] + 2.0 * p[1] * p[1]);
        let c = covariance(&cost, &[0.0, 0.0], 1e-3).expect("positive definite");
        assert!((c[0][0] - 2.0 / 7.0).abs() < 1e-6);
        assert!((c[0][1] + 1.0 / 7.0).abs() < 1e-6);
        assert!((c[1][1] - 4.0 / 7.0).abs() < 1e-6);
        let saddle = |p: &[f64]| p[0] * p[0] - p[1] * p[1];
        assert!(covariance(&saddle, &[0.0, 0.0], 1e-3).is_none());
    }
}
