//! Hypergeometric draws for the fresh pick of the playing field: how many of the n fresh
//! accounts a target takes are returned ones (stale contacts), when it takes them at random
//! from `never` never-touched and `returned` returned accounts.
//!
//! rand_distr's `Hypergeometric::new` costs O(n) multiplications per call before drawing, and
//! the engine draws one per target and week with a new n each time; that was a fifth of the
//! playing field's time. Here small means are drawn by inversion from P(0), computed as a
//! product over the smaller of the draws and the accounts counted (a handful of terms in the
//! usual case of few returned accounts), and larger means go to rand_distr. The commonest case
//! of all, one to three accounts drawn or returned, is drawn as it happens: the few items
//! picked one by one without replacement, each by one integer uniform (no division, no
//! logarithm). Exactness is checked by a chi-square test against the pmf
//! (`tests/it/binomial.rs`).

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Hypergeometric};

/// Above this mean the inversion's search (about 1 + mean steps) costs more than rand_distr.
const INVERSION_MAX_MEAN: f64 = 10.0;

/// Up to this many picks (the smaller of the draws and the marked items, after the
/// symmetries), the draw is made pick by pick: one integer uniform each, cheaper than the
/// product for P(0) and the inversion's division (measured with callgrind on the built-in
/// scenario: beyond 3 picks the inversion's single uniform wins).
const SEQUENTIAL_MAX_PICKS: u64 = 3;

/// The number of marked items among `draws` items drawn without replacement from `total` items
/// of which `marked` are marked: Hypergeometric(total, marked, draws).
///
/// # Panics
///
/// When `marked` or `draws` exceed `total`.
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
    let (small, large) = (n.min(k), n.max(k));
    let x = if small <= SEQUENTIAL_MAX_PICKS {
        // The law is symmetric in (k, n): pick `small` items one by one from the urn of
        // `total`, `large` of them marked, and count the marked picks.
        let mut x = 0;
        for i in 0..small {
            x += u64::from(below(total - i, rng) < large - x);
        }
        x
    } else {
        invert_or_delegate(total, k, n, rng)
    };
    let x = if flip_draws { k - x } else { x };
    if flip_marked { draws - x } else { x }
}

/// A uniform integer in [0, m) for m >= 1, exactly, by Lemire's multiply-and-reject: the high
/// half of a 64-bit uniform times m, rejected in the rare case that the low half falls in the
/// 2^64 mod m values that would favour some results.
#[inline]
fn below<R: Rng + ?Sized>(m: u64, rng: &mut R) -> u64 {
    let mut wide = u128::from(rng.next_u64()) * u128::from(m);
    if (wide as u64) < m {
        let threshold = m.wrapping_neg() % m;
        while (wide as u64) < threshold {
            wide = u128::from(rng.next_u64()) * u128::from(m);
        }
    }
    (wide >> 64) as u64
}

/// Hypergeometric(total, k, n) for k <= total / 2 and n <= total / 2: inversion from P(0) for a
/// small mean, rand_distr's sampler above it.
fn invert_or_delegate<R: Rng + ?Sized>(total: u64, k: u64, n: u64, rng: &mut R) -> u64 {
    // mean = n k / total, compared without a division (the draw is made every week).
    if n as f64 * k as f64 > INVERSION_MAX_MEAN * total as f64 {
        return Hypergeometric::new(total, k, n)
            .expect("k <= total and n <= total")
            .sample(rng);
    }
    // P(X = 0) = C(total - k, n) / C(total, n) = prod over i < min(n, k) of
    // (total - max(n, k) - i) / (total - i).
    let (small, large) = (n.min(k), n.max(k));
    // The numerators and denominators are multiplied separately and divided once per 8
    // terms: a division costs several multiplications, and 8 factors below 2^64 each stay
    // far inside f64's range.
    let mut pmf = 1.0;
    let mut i = 0;
    while i < small {
        let end = small.min(i + 8);
        let (mut num, mut den) = (1.0, 1.0);
        while i < end {
            num *= (total - large - i) as f64;
            den *= (total - i) as f64;
            i += 1;
        }
        pmf *= num / den;
    }
    let u: f64 = rng.random();
    let mut cdf = pmf;
    let mut x = 0;
    // P(x + 1) / P(x) = (k - x)(n - x) / ((x + 1)(total - k - n + x + 1)).
    while u >= cdf && x < small {
        pmf *= (k - x) as f64 * (n - x) as f64 / ((x + 1) as f64 * (total - k - n + x + 1) as f64);
        x += 1;
        cdf += pmf;
    }
    x
}
