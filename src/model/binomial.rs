//! Binomial draws tuned for the funnel: tiny n·p in the hot loop, exact at any size.

use rand::{Rng, RngExt};

/// Above this mean, inversion's sequential search (about 1 + n·p steps) costs more than
/// rejection ([`btrd`], which needs n·p >= 10); below it, inversion is exact and much cheaper.
const INVERSION_MAX_MEAN: f64 = 10.0;

/// Binomial(n, p) for a fixed p and varying n.
///
/// For n·p below `INVERSION_MAX_MEAN` (10) it inverts the CDF by sequential search, starting from
/// P(0) = exp(n ln(1 - p)) with ln(1 - p) computed once: `powi` with a run-time exponent was the
/// slowest part of a first version (docs/model.md, "How it is computed fast"). Larger means
/// are drawn by transformed rejection (BTRD), and a p above 1/2 through its failures. Both
/// paths are checked by chi-square tests against the pmf.
#[derive(Debug, Clone, Copy)]
pub struct FixedPBinomial {
    p: f64,
    ln_q: f64,
    odds: f64,
}

impl FixedPBinomial {
    /// Binomial with success probability `p` in [0, 1].
    pub fn new(p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        FixedPBinomial {
            p,
            ln_q: (-p).ln_1p(),
            odds: p / (1.0 - p),
        }
    }

    /// The success probability.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// One draw of Binomial(n, p). Consumes no randomness when the answer is certain.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, n: u64, rng: &mut R) -> u64 {
        draw(n, self.p, || (self.ln_q, self.odds), rng)
    }
}

/// Binomial(n, p) for a fixed p and the small n a playing field draws stale contacts for, by
/// inversion of a table of cumulative probabilities built once per run: one uniform and a short
/// search, where [`FixedPBinomial`] computes an exponential and a division a step on every draw.
/// Larger n fall back to [`FixedPBinomial`]. Exactness is checked by a chi-square test against
/// the pmf.
#[derive(Debug, Clone)]
pub struct TabledBinomial {
    fallback: FixedPBinomial,
    /// Row n (n <= [`TabledBinomial::MAX_N`]) holds P(X <= k) for k = 0.. up to n, or to the
    /// k past the mode where the pmf falls below 1e-18, at `cdf[start[n]..start[n + 1]]`.
    cdf: Vec<f64>,
    start: Vec<usize>,
    /// Row n's guide (an indexed search): `guide[n * GUIDE + i]` is the first k whose P(X <= k)
    /// exceeds i / GUIDE, where the search for a uniform u in [i / GUIDE, (i + 1) / GUIDE) can
    /// start, so it takes a step or two instead of a search through the row.
    guide: Vec<u16>,
}

/// Guide entries per row of [`TabledBinomial`] (a power of 2, so that u x GUIDE and i / GUIDE
/// are exact).
const GUIDE: usize = 32;

impl TabledBinomial {
    /// The largest n with a row of its own.
    pub const MAX_N: u64 = 256;

    /// The table for success probability `p` in [0, 1].
    pub fn new(p: f64) -> Self {
        let fallback = FixedPBinomial::new(p);
        let p = fallback.p();
        let mut cdf = Vec::new();
        let mut start = Vec::with_capacity(Self::MAX_N as usize + 2);
        for n in 0..=Self::MAX_N {
            start.push(cdf.len());
            if p == 0.0 || p == 1.0 {
                continue;
            }
            // pmf(0) = (1 - p)^n, then pmf(k + 1) = pmf(k) (n - k) / (k + 1) p / (1 - p).
            let mut pmf = (n as f64 * (-p).ln_1p()).exp();
            let mut sum = pmf;
            cdf.push(sum);
            let mut k = 0;
            while k < n && sum < 1.0 {
                pmf *= (n - k) as f64 / (k + 1) as f64 * (p / (1.0 - p));
                // Past the mode the pmf falls faster than geometrically: below 1e-18 the
                // rest of the row adds less than double precision resolves in a uniform.
                if pmf < 1e-18 && (k as f64) > n as f64 * p {
                    break;
                }
                k += 1;
                sum += pmf;
                cdf.push(sum);
            }
        }
        start.push(cdf.len());
        let mut guide = Vec::with_capacity((Self::MAX_N as usize + 1) * GUIDE);
        for n in 0..=Self::MAX_N as usize {
            let row = &cdf[start[n]..start[n + 1]];
            for i in 0..GUIDE {
                let x = i as f64 / GUIDE as f64;
                // Rows hold at most MAX_N + 1 = 257 entries.
                guide.push(row.partition_point(|&c| c <= x) as u16);
            }
        }
        TabledBinomial {
            fallback,
            cdf,
            start,
            guide,
        }
    }

    /// One draw of Binomial(n, p). Consumes no randomness when the answer is certain.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, n: u64, rng: &mut R) -> u64 {
        let p = self.fallback.p();
        if n == 0 || p == 0.0 {
            return 0;
        }
        if p == 1.0 {
            return n;
        }
        if n > Self::MAX_N {
            return self.fallback.sample(n, rng);
        }
        let row = &self.cdf[self.start[n as usize]..self.start[n as usize + 1]];
        let u: f64 = rng.random();
        // The first k with u < P(X <= k), searched from the guide's k for u's 1/GUIDE-th; a u
        // above the last entry (the sum fell short of 1 by rounding) takes the last k, as the
        // sequential search does. The guide's k is never past the answer (i / GUIDE <= u).
        let last = row.len() - 1;
        let mut k = usize::from(self.guide[n as usize * GUIDE + (u * GUIDE as f64) as usize]);
        while k < last && row[k] <= u {
            k += 1;
        }
        k.min(last) as u64
    }
}

/// One draw of Binomial(n, p) for a `p` used once: the same draws as
/// `FixedPBinomial::new(p).sample(n, rng)`, but ln(1 - p) is only computed when the inversion
/// needs it (the funnel's stage split mostly has n·p above `INVERSION_MAX_MEAN`, where
/// rejection takes over and the logarithm would be wasted).
#[inline]
pub fn binomial_once<R: Rng + ?Sized>(n: u64, p: f64, rng: &mut R) -> u64 {
    let p = p.clamp(0.0, 1.0);
    draw(n, p, || ((-p).ln_1p(), p / (1.0 - p)), rng)
}

/// Binomial(n, p) for p in [0, 1]; `ln_q_odds` gives (ln(1 - p), p / (1 - p)) when inversion
/// needs them. A p above 1/2 draws the failures, n - Binomial(n, 1 - p).
#[inline]
fn draw<R: Rng + ?Sized>(
    n: u64,
    p: f64,
    ln_q_odds: impl FnOnce() -> (f64, f64),
    rng: &mut R,
) -> u64 {
    if n == 0 || p == 0.0 {
        return 0;
    }
    if p == 1.0 {
        return n;
    }
    if p > 0.5 {
        let failure = 1.0 - p;
        return n - draw_at_most_half(n, failure, || (p.ln(), failure / p), rng);
    }
    draw_at_most_half(n, p, ln_q_odds, rng)
}

/// Binomial(n, p) for n > 0 and p in (0, 1/2]: inversion up to a mean of
/// [`INVERSION_MAX_MEAN`], [`btrd`] above it.
#[inline]
fn draw_at_most_half<R: Rng + ?Sized>(
    n: u64,
    p: f64,
    ln_q_odds: impl FnOnce() -> (f64, f64),
    rng: &mut R,
) -> u64 {
    let nf = n as f64;
    if nf * p > INVERSION_MAX_MEAN {
        return btrd(n, p, rng);
    }
    let (ln_q, odds) = ln_q_odds();
    let u: f64 = rng.random();
    let mut pmf = (nf * ln_q).exp();
    let mut cdf = pmf;
    let mut k = 0;
    while u >= cdf && k < n {
        pmf *= (n - k) as f64 / (k + 1) as f64 * odds;
        k += 1;
        cdf += pmf;
    }
    k
}

/// Binomial(n, p) for p <= 1/2 and n p > 10 by Hörmann's transformed rejection with
/// decomposition (BTRD; W. Hörmann, "The generation of binomial random variates", Journal of
/// Statistical Computation and Simulation 46, 1993), as Boost.Random implements it.
///
/// Exact: a candidate k = floor((2a / u_s + b) u + c) is accepted at once in the box where the
/// hat is known to lie under the pmf, which takes one uniform and a division for most draws
/// (86% of v_r, 57% to 80% of them at the stage split's means). Outside it, the candidate is
/// compared with pmf(k) / pmf(m), m the mode: by the product of the pmf's ratios when k is
/// within 15 of m, else through a squeeze on its logarithm and, rarely, Stirling's series
/// ([`stirling_tail`]). Unlike rand_distr's BTPE it needs no set-up object and no walk from
/// the mode, so a one-off draw (the stage split's three a rep) stays cheap.
#[inline]
fn btrd<R: Rng + ?Sized>(n: u64, p: f64, rng: &mut R) -> u64 {
    let nf = n as f64;
    let spq = (nf * p * (1.0 - p)).sqrt();
    let b = 1.15 + 2.53 * spq;
    let hat = Hat {
        a: -0.0873 + 0.0248 * b + 0.01 * p,
        b,
        c: nf * p + 0.5,
        v_r: 0.92 - 4.2 / b,
    };
    loop {
        let v: f64 = rng.random();
        if v <= 0.86 * hat.v_r {
            let u = v / hat.v_r - 0.43;
            let x = (2.0 * hat.a / (0.5 - u.abs()) + hat.b) * u + hat.c;
            // Within the box k = floor(x) lies in [0, n] whenever n p >= 10.
            if x >= 0.0 && x < nf + 1.0 {
                return x as u64;
            }
            continue;
        }
        if let Some(k) = btrd_outside_box(n, p, spq, &hat, v, rng) {
            return k;
        }
    }
}

/// The constants of BTRD's hat for one (n, p).
struct Hat {
    a: f64,
    b: f64,
    c: f64,
    v_r: f64,
}

/// BTRD's steps 2 and 3, out of line: a candidate from the rest of the hat, accepted (Some)
/// or rejected (None) against pmf(k) / pmf(m).
#[inline(never)]
fn btrd_outside_box<R: Rng + ?Sized>(
    n: u64,
    p: f64,
    spq: f64,
    hat: &Hat,
    mut v: f64,
    rng: &mut R,
) -> Option<u64> {
    let nf = n as f64;
    let u = if v >= hat.v_r {
        rng.random::<f64>() - 0.5
    } else {
        let u = v / hat.v_r - 0.93;
        v = rng.random::<f64>() * hat.v_r;
        (if u < 0.0 { -0.5 } else { 0.5 }) - u
    };
    let us = 0.5 - u.abs();
    let x = (2.0 * hat.a / us + hat.b) * u + hat.c;
    if !(x >= 0.0 && x < nf + 1.0) {
        return None;
    }
    let k = x as u64;
    let alpha = (2.83 + 5.1 / hat.b) * spq;
    v *= alpha / (hat.a / (us * us) + hat.b);
    let r = p / (1.0 - p);
    let nr = (nf + 1.0) * r;
    let m = ((nf + 1.0) * p) as u64;
    let km = k.abs_diff(m);
    if km <= 15 {
        // pmf(i) / pmf(i - 1) = (n + 1 - i) r / i = nr / i - r.
        let mut f = 1.0;
        if m < k {
            for i in m + 1..=k {
                f *= nr / i as f64 - r;
            }
        } else {
            for i in k + 1..=m {
                v *= nr / i as f64 - r;
            }
        }
        return (v <= f).then_some(k);
    }
    // |ln(pmf(k) / pmf(m)) - t| <= rho.
    let v = v.ln();
    let (km, npq) = (km as f64, spq * spq);
    let rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5);
    let t = -km * km / (2.0 * npq);
    if v < t - rho {
        return Some(k);
    }
    if v > t + rho {
        return None;
    }
    let (mf, kf) = (m as f64, k as f64);
    let nm = nf - mf + 1.0;
    let nk = nf - kf + 1.0;
    let log_ratio = (mf + 0.5) * ((mf + 1.0) / (r * nm)).ln()
        + stirling_tail(mf)
        + stirling_tail(nf - mf)
        + (nf + 1.0) * (nm / nk).ln()
        + (kf + 0.5) * (nk * r / (kf + 1.0)).ln()
        - stirling_tail(kf)
        - stirling_tail(nf - kf);
    (v <= log_ratio).then_some(k)
}

/// ln k! - [(k + 1/2) ln(k + 1) - (k + 1) + ln(2 pi) / 2] for a whole k >= 0: the remainder of
/// Stirling's formula for ln Gamma(k + 1), from a table up to 9 and three terms of its
/// asymptotic series above (error below 1e-10 there).
pub fn stirling_tail(k: f64) -> f64 {
    const TABLE: [f64; 10] = [
        0.081_061_466_795_327_2,
        0.041_340_695_955_409_2,
        0.027_677_925_684_998_3,
        0.020_790_672_103_765_09,
        0.016_644_691_189_821_1,
        0.013_876_128_823_070_7,
        0.011_896_709_945_891_7,
        0.010_411_265_261_972_0,
        0.009_255_462_182_712_73,
        0.008_330_563_433_362_87,
    ];
    if k <= 9.0 {
        return TABLE[k as usize];
    }
    let k1 = k + 1.0;
    let k1sq = k1 * k1;
    (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / k1sq) / k1sq) / k1
}

/// floor(x) + 1 with probability x - floor(x), else floor(x): an integer whose mean is x.
/// Always consumes one uniform, so that the streams of two strategies stay aligned.
#[inline]
pub fn stochastic_round<R: Rng + ?Sized>(x: f64, rng: &mut R) -> u64 {
    // x >= 0 here, so truncation is floor; a cast is one instruction where `floor` is a call
    // on the baseline x86-64 target. Casts between f64 and i64 are single instructions where
    // those between f64 and u64 are branchy sequences; the max(0) keeps a negative or NaN x at
    // 0 dials, as the u64 cast did (x - 0 < u never holds for them).
    let whole = (x as i64).max(0);
    let up = rng.random::<f64>() < x - whole as f64;
    whole as u64 + u64::from(up)
}

/// The gap of a process whose outcome is certain, for [`SuccessGaps`] and [`ExponentialGaps`]:
/// never a success (`u64::MAX`) when p = 0, a success at once (0) when p = 1; `None` when the
/// gap has to be drawn.
#[inline]
fn certain_gap(p: f64) -> Option<u64> {
    if p <= 0.0 {
        Some(u64::MAX)
    } else if p >= 1.0 {
        Some(0)
    } else {
        None
    }
}

/// The successes of a Bernoulli(p) process (one trial per dial), found by jumping from one
/// success to the next instead of drawing a count every week.
///
/// The number of failures before the next success is Geometric(p), drawn by inversion:
/// floor(ln(1 - u) / ln(1 - p)). A rep closes a handful of deals a year out of thousands of
/// dials, so this costs one logarithm per close, where a weekly Binomial(D_t, p) would cost an
/// exponential every week. Given the weekly dial counts, the closes of each week are exactly
/// Binomial(D_t, p) and independent across weeks.
#[derive(Debug, Clone, Copy)]
pub struct SuccessGaps {
    p: f64,
    ln_q: f64,
}

impl SuccessGaps {
    /// The process with success probability `p` in [0, 1].
    pub fn new(p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        SuccessGaps {
            p,
            ln_q: (-p).ln_1p(),
        }
    }

    /// The success probability.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// Failures before the next success (`u64::MAX`, never, when p = 0).
    #[inline]
    pub fn gap<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        if let Some(gap) = certain_gap(self.p) {
            return gap;
        }
        let u: f64 = rng.random();
        // ln(1 - u) <= 0 and ln_q < 0, so the ratio is >= 0; `as` truncates (= floor here) and
        // saturates for the astronomically long gaps of a tiny p. u is a multiple of 2^-53 in
        // [0, 1), so 1 - u is exact and ln(1 - u) is as accurate as ln_1p(-u), at half the cost
        // (the two can differ in the last bit; in 50 million draws no gap changed).
        ((1.0 - u).ln() / self.ln_q) as u64
    }
}

/// The successes of a Bernoulli(p) process, like [`SuccessGaps`], with each gap drawn as
/// floor(E / -ln(1 - p)) from an exponential E ~ Exp(1): P(gap >= k) = P(E >= -k ln(1 - p)) =
/// (1 - p)^k, the geometric law exactly. rand_distr's ziggurat draws E with a multiplication
/// and a comparison in all but a few draws in a hundred, where inversion takes a logarithm
/// every time (the costliest step of the playing field's appointments and closes). The
/// division by -ln(1 - p) is a multiplication by its reciprocal, computed once: the two may
/// differ in the last bit, which moves a gap only when E / -ln(1 - p) falls within an ulp of a
/// whole number. The flat engine keeps [`SuccessGaps`] (its outputs are pinned).
#[derive(Debug, Clone, Copy)]
pub struct ExponentialGaps {
    p: f64,
    /// 1 / -ln(1 - p): trials per unit of E.
    scale: f64,
}

impl ExponentialGaps {
    /// The process with success probability `p` in [0, 1].
    pub fn new(p: f64) -> Self {
        let p = p.clamp(0.0, 1.0);
        ExponentialGaps {
            p,
            scale: -1.0 / (-p).ln_1p(),
        }
    }

    /// The success probability.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// The index of the success after the one at index `at` (`at` + 1 + a gap; saturating,
    /// so a process that never succeeds stays at `u64::MAX`).
    #[inline]
    pub fn after<R: Rng + ?Sized>(&self, at: u64, rng: &mut R) -> u64 {
        at.saturating_add(1).saturating_add(self.gap(rng))
    }

    /// The successes at indices below `end`, `*next` being the index of the next success:
    /// counts them and moves `*next` to the first success at `end` or beyond. Every caller
    /// jumps through its process this way (appointments among accounts worked, proposals among
    /// meetings, churn and expansions among customer-weeks and touches).
    #[inline]
    pub fn successes_before<R: Rng + ?Sized>(&self, next: &mut u64, end: u64, rng: &mut R) -> u64 {
        let mut successes = 0;
        while *next < end {
            successes += 1;
            *next = self.after(*next, rng);
        }
        successes
    }

    /// Failures before the next success (`u64::MAX`, never, when p = 0).
    #[inline]
    pub fn gap<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        if let Some(gap) = certain_gap(self.p) {
            return gap;
        }
        let e: f64 = rng.sample(rand_distr::Exp1);
        // E >= 0 and the scale > 0, so truncation is floor. Below 2^63 it goes through i64,
        // one instruction where f64 to u64 is a branchy sequence; a longer gap (a tiny p, never
        // reached by any count) is u64::MAX, "never", as the saturating cast gave near 2^64.
        let gap = e * self.scale;
        if gap < 9_223_372_036_854_775_808.0 {
            gap as i64 as u64
        } else {
            u64::MAX
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stirling_tail;

    /// The table and the series against ln k! from statrs' ln Gamma: ln 1000! is about 5,912,
    /// so double precision resolves the difference to ~1e-12; the series' error at k = 10 is
    /// the next term, 1 / (1680 x 11^7) = 3e-11.
    #[test]
    fn stirling_tail_is_the_remainder_of_stirlings_formula() {
        let half_ln_two_pi = 0.5 * (2.0 * std::f64::consts::PI).ln();
        for k in (0..=60).chain([99, 500, 1000]) {
            let k = f64::from(k);
            let exact = statrs::function::gamma::ln_gamma(k + 1.0)
                - ((k + 0.5) * (k + 1.0).ln() - (k + 1.0) + half_ln_two_pi);
            assert!(
                (stirling_tail(k) - exact).abs() < 1e-10,
                "k = {k}: {} against {exact}",
                stirling_tail(k)
            );
        }
    }
}
