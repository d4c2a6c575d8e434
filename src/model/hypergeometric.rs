//! Hypergeometric draws for the fresh pick of the playing field: how many of the n fresh
//! accounts a target takes are returned ones (stale contacts), when it takes them at random
//! from `never` never-touched and `returned` returned accounts.
//!
//! rand_distr's `Hypergeometric::new` costs O(n) multiplications per call before drawing, and
//! the engine draws one per target and week with a new n each time; that was a fifth of the
//! playing field's time. Here small means are drawn by inversion from P(0), computed as a
//! product over the smaller of the draws and the accounts counted (a handful of terms in the
//! usual case of few returned accounts), and larger means go to rand_distr. Most draws of the
//! fresh pick are 0, and a lower bound of P(0) that takes three multiplications settles them
//! before the product is computed. Exactness is checked by a chi-square test against the pmf
//! (`tests/it/binomial.rs`).

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Hypergeometric};

/// Above this mean the inversion's search (about 1 + mean steps) costs more than rand_distr.
const INVERSION_MAX_MEAN: f64 = 10.0;

/// The number of marked items among `draws` items drawn without replacement from `total` items
/// of which `marked` are marked: Hypergeometric(total, marked, draws).
///
/// # Panics
///
/// When `marked` or `draws` exceed `total`.
#[inline]
pub fn hypergeometric<R: Rng + ?Sized>(total: u64, marked: u64, draws: u64, rng: &mut R) -> u64 {
    assert!(
        marked <= total && draws <= total,
        "a hypergeometric draw needs marked <= total and draws <= total"
    );
    if draws == 0 || marked == 0 {
        return 0;
    }
    if marked == total {
        return draws;
    }
    if draws == total {
        return marked;
    }
    // Count the smaller side of each split: the law is symmetric in (marked, draws), and
    // swapping marked for unmarked (or drawn for left) maps X to draws - X (or marked - X).
    let flip_marked = marked > total - marked;
    let k = if flip_marked { total - marked } else { marked };
    let flip_draws = draws > total - draws;
    let n = if flip_draws { total - draws } else { draws };
    let x = invert_or_delegate(total, k, n, rng);
    let x = if flip_draws { k - x } else { x };
    if flip_marked { draws - x } else { x }
}

/// `x` as f64 through i64: one instruction where u64's conversion is a branchy sequence (on the
/// baseline x86-64 target), and the same value for every count below 2^63 (larger ones, far
/// beyond any territory, are clamped).
#[inline]
fn real(x: u64) -> f64 {
    x.min(i64::MAX as u64) as i64 as f64
}

/// Hypergeometric(total, k, n) for k <= total / 2 and n <= total / 2: inversion from P(0) for a
/// small mean, rand_distr's sampler above it.
#[inline]
fn invert_or_delegate<R: Rng + ?Sized>(total: u64, k: u64, n: u64, rng: &mut R) -> u64 {
    // mean = n k / total, compared without a division (the draw is made every week).
    if real(n) * real(k) > INVERSION_MAX_MEAN * real(total) {
        return Hypergeometric::new(total, k, n)
            .expect("k <= total and n <= total")
            .sample(rng);
    }
    // P(X = 0) = C(total - k, n) / C(total, n) = prod over i < min(n, k) of
    // (total - max(n, k) - i) / (total - i).
    let (small, large) = (n.min(k), n.max(k));
    let u: f64 = rng.random();
    // Each factor is at least 1 - large / (total - small + 1), so by Bernoulli's inequality
    // P(0) >= 1 - small x large / (total - small + 1) (the factor is positive: large <= total
    // / 2). A u below that bound is below P(0), and the inversion returns 0 without the
    // product: most draws of the fresh pick, whose mean is a fraction of an account. The
    // bound is compared multiplied out, with no division.
    let room = real(total - small + 1);
    if u * room < room - real(small) * real(large) {
        return 0;
    }
    // The numerators and denominators are multiplied separately and divided once per 8
    // terms: a division costs several multiplications, and 8 factors below 2^64 each stay
    // far inside f64's range.
    let mut pmf = 1.0;
    let mut i = 0;
    while i < small {
        let end = small.min(i + 8);
        let (mut num, mut den) = (1.0, 1.0);
        while i < end {
            num *= real(total - large - i);
            den *= real(total - i);
            i += 1;
        }
        pmf *= num / den;
    }
    let mut cdf = pmf;
    let mut x = 0;
    // P(x + 1) / P(x) = (k - x)(n - x) / ((x + 1)(total - k - n + x + 1)).
    while u >= cdf && x < small {
        pmf *= real(k - x) * real(n - x) / (real(x + 1) * real(total - k - n + x + 1));
        x += 1;
        cdf += pmf;
    }
    x
}
