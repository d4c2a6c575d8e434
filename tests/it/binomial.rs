//! The hand-written discrete samplers against their exact distributions: `FixedPBinomial`
//! against the Binomial pmf (chi-square goodness of fit) on both of its paths (inversion for
//! n p <= 10, Hörmann's BTRD rejection above; a p above 1/2 through its failures),
//! `SuccessGaps` against the geometric pmf, and `stochastic_round` against its definition;
//! `binomial_once` (the stage split's one-off draw) draw for draw against `FixedPBinomial`;
//! `hypergeometric` (the playing field's fresh pick) against the hypergeometric pmf;
//! `TabledBinomial` (the stale draw) against the Binomial pmf.

use prospect_sim::model::binomial::{
    ExponentialGaps, FixedPBinomial, SuccessGaps, TabledBinomial, binomial_once, stochastic_round,
};
use prospect_sim::model::hypergeometric::hypergeometric;
use prospect_sim::sim::rng::SimRng;
use rand::SeedableRng;
use statrs::distribution::{Binomial, ChiSquared, ContinuousCDF, Discrete, Hypergeometric};

/// Draws per case.
const DRAWS: u64 = 100_000;
/// Bins whose expected count is below this are pooled with their neighbours (the usual rule
/// for the chi-square approximation).
const MIN_EXPECTED: f64 = 5.0;
/// Each chi-square test rejects at level 0.001 (about 3.5% for the 36 cases together; the
/// seeds are fixed, so a pass is reproducible).
const LEVEL: f64 = 0.999;

/// Chi-square statistic of observed counts per k against n_draws x pmf(k), after pooling
/// adjacent bins (in k order) until each holds an expected count of at least MIN_EXPECTED; a
/// short last group joins the one before. Returns (statistic, number of pooled bins).
fn chi_square(observed: &[u64], pmf: &[f64], draws: f64) -> (f64, usize) {
    let mut groups: Vec<(f64, f64)> = Vec::new(); // (observed, expected)
    let mut current = (0.0, 0.0);
    for (o, p) in observed.iter().zip(pmf) {
        current.0 += *o as f64;
        current.1 += p * draws;
        if current.1 >= MIN_EXPECTED {
            groups.push(current);
            current = (0.0, 0.0);
        }
    }
    if current.1 > 0.0 || current.0 > 0.0 {
        match groups.last_mut() {
            Some(last) => {
                last.0 += current.0;
                last.1 += current.1;
            }
            None => groups.push(current),
        }
    }
    let stat = groups.iter().map(|(o, e)| (o - e).powi(2) / e).sum();
    (stat, groups.len())
}

/// Asserts that `observed` counts of `DRAWS` draws fit `pmf` (one entry per count, the last
/// possibly a tail) by the chi-square test at `LEVEL`; `case` names the distribution in the
/// failure message.
fn assert_fits(case: &str, observed: &[u64], pmf: &[f64]) {
    let (stat, bins) = chi_square(observed, pmf, DRAWS as f64);
    assert!(bins >= 2, "{case}: too few bins for a test");
    let critical = ChiSquared::new((bins - 1) as f64)
        .unwrap()
        .inverse_cdf(LEVEL);
    assert!(
        stat <= critical,
        "{case}: chi-square {stat:.2} on {} df exceeds the 0.999 quantile {critical:.2}",
        bins - 1
    );
}

/// Asserts that `DRAWS` draws of `sample(n, rng)` from a stream seeded with `seed` follow the
/// Binomial(`n`, `p`) pmf (see [`assert_fits`]).
fn assert_binomial(
    case: &str,
    n: u64,
    p: f64,
    seed: u64,
    mut sample: impl FnMut(u64, &mut SimRng) -> u64,
) {
    let mut rng = SimRng::seed_from_u64(seed);
    let mut observed = vec![0u64; n as usize + 1];
    for _ in 0..DRAWS {
        let k = sample(n, &mut rng);
        assert!(k <= n, "{case} drew {k}");
        observed[k as usize] += 1;
    }
    let exact = Binomial::new(p, n).unwrap();
    let pmf: Vec<f64> = (0..=n).map(|k| exact.pmf(k)).collect();
    assert_fits(case, &observed, &pmf);
}

#[test]
fn draws_follow_the_binomial_pmf() {
    let cases: [(u64, f64); 18] = [
        (1, 0.3),      // a Bernoulli
        (5, 0.01),     // n p = 0.05: the funnel's usual case
        (300, 0.0002), // n p = 0.06 with a larger n
        (40, 0.2),     // n p = 8
        (100, 0.099),  // n p = 9.9: the inversion path just below the switch
        (100, 0.101),  // n p = 10.1: rejection (BTRD) just above it
        (1000, 0.05),  // n p = 50
        (20, 0.5),     // p = 0.5: still inversion
        (20, 0.7),     // p > 0.5: inversion of the failures, n (1 - p) = 6
        (3, 0.9),      // p > 0.5, tiny n
        (60, 0.95),    // p > 0.5, n (1 - p) = 3
        // The stage split of a built-in bottom-up rep's year: n p of about 38, 88 and 1,580
        // (BTRD's candidates outside its box mostly within 15 of the mode at the first two,
        // mostly farther, through its squeeze, at the third).
        (17_150, 0.002_24),
        (17_000, 0.005_2),
        (17_000, 0.093),
        (25, 0.42),       // n p = 10.5 with p near 1/2: BTRD where its box is widest
        (1000, 0.5),      // p = 1/2 exactly, by BTRD
        (2000, 0.98),     // p > 0.5: BTRD on the failures, n (1 - p) = 40
        (1_000_000, 0.3), // sd 458: Stirling's series decides the candidates the squeeze cannot
    ];
    for (i, (n, p)) in cases.into_iter().enumerate() {
        let sampler = FixedPBinomial::new(p);
        assert_eq!(sampler.p(), p);
        assert_binomial(
            &format!("Binomial({n}, {p})"),
            n,
            p,
            9000 + i as u64,
            |n, rng| sampler.sample(n, rng),
        );
    }
}

#[test]
fn tabled_draws_follow_the_binomial_pmf() {
    // The stale draw's usual p (13 weeks at 22.5% a year), a Bernoulli, n at the table's edge
    // and beyond it (the fallback), and a large p.
    let cases: [(u64, f64); 6] = [
        (40, 0.062),
        (1, 0.3),
        (256, 0.062),
        (257, 0.062),
        (900, 0.01),
        (30, 0.8),
    ];
    for (i, (n, p)) in cases.into_iter().enumerate() {
        let sampler = TabledBinomial::new(p);
        assert_binomial(
            &format!("tabled Binomial({n}, {p})"),
            n,
            p,
            8000 + i as u64,
            |n, rng| sampler.sample(n, rng),
        );
    }
    let mut rng = SimRng::seed_from_u64(2);
    assert_eq!(TabledBinomial::new(0.0).sample(50, &mut rng), 0);
    assert_eq!(TabledBinomial::new(1.0).sample(50, &mut rng), 50);
    assert_eq!(TabledBinomial::new(0.4).sample(0, &mut rng), 0);
}

#[test]
fn hypergeometric_draws_follow_the_pmf() {
    // (total, marked, draws): the fresh pick's usual case (few returned accounts among many),
    // each symmetry the sampler uses, and a mean above 10 (rand_distr's path).
    let cases: [(u64, u64, u64); 11] = [
        (900, 40, 4),      // the engine's fresh pick: a handful drawn, a few dozen returned
        (500, 2, 300),     // after the symmetries: 2 marked, 200 left
        (60, 1, 1),        // one of one: P(0) equals its lower bound
        (2_000, 30, 40),   // mean 0.6
        (100, 5, 10),      // mean 0.5, few items
        (10, 3, 3),        // tiny urn
        (50, 40, 10),      // more marked than unmarked
        (50, 10, 45),      // more drawn than left
        (1_000, 600, 900), // both
        (400, 60, 60),     // mean 9: the inversion path near the switch
        (1_000, 100, 150), // mean 15: rand_distr
    ];
    for (i, (total, marked, draws)) in cases.into_iter().enumerate() {
        let mut rng = SimRng::seed_from_u64(7000 + i as u64);
        let most = marked.min(draws);
        let mut observed = vec![0u64; most as usize + 1];
        for _ in 0..DRAWS {
            let x = hypergeometric(total, marked, draws, &mut rng);
            assert!(
                x <= most,
                "Hypergeometric({total}, {marked}, {draws}) drew {x}"
            );
            observed[x as usize] += 1;
        }
        let exact = Hypergeometric::new(total, marked, draws).unwrap();
        let pmf: Vec<f64> = (0..=most).map(|x| exact.pmf(x)).collect();
        assert_fits(
            &format!("Hypergeometric({total}, {marked}, {draws})"),
            &observed,
            &pmf,
        );
    }
    let mut rng = SimRng::seed_from_u64(1);
    assert_eq!(hypergeometric(10, 0, 5, &mut rng), 0);
    assert_eq!(hypergeometric(10, 10, 5, &mut rng), 5);
    assert_eq!(hypergeometric(10, 4, 10, &mut rng), 4);
    assert_eq!(hypergeometric(10, 4, 0, &mut rng), 0);
}

#[test]
fn certain_answers() {
    let mut rng = SimRng::seed_from_u64(1);
    for n in [0, 1, 7, 1000] {
        assert_eq!(FixedPBinomial::new(0.0).sample(n, &mut rng), 0);
        assert_eq!(FixedPBinomial::new(1.0).sample(n, &mut rng), n);
        assert_eq!(FixedPBinomial::new(0.3).sample(0, &mut rng), 0);
    }
}

#[test]
fn stochastic_round_has_the_models_mean() {
    // stochastic_round(x) = floor(x) + 1 with probability x - floor(x), else floor(x).
    let draws = 100_000u64;
    for (i, x) in [0.0, 0.25, 3.5, 85.714_285, 7.0, 0.999]
        .into_iter()
        .enumerate()
    {
        let mut rng = SimRng::seed_from_u64(77 + i as u64);
        let floor = f64::floor(x);
        let frac = x - floor;
        let mut ups = 0u64;
        for _ in 0..draws {
            let d = stochastic_round(x, &mut rng);
            assert!(
                d as f64 == floor || d as f64 == floor + 1.0,
                "x = {x}: drew {d}"
            );
            ups += u64::from(d as f64 > floor);
        }
        // The number rounded up is Binomial(draws, frac): se of its share sqrt(f (1 - f) / n).
        let share = ups as f64 / draws as f64;
        let se = (frac * (1.0 - frac) / draws as f64).sqrt();
        assert!(
            (share - frac).abs() <= 4.0 * se,
            "x = {x}: rounded up {share} of the time, expected {frac} (tolerance 4 x se {se})"
        );
    }
}

/// Draws of a gap sampler (`new` makes it for a p, `gap` draws one) fit the geometric law of
/// the failures before the next success, P(gap = k) = (1 - p)^k p, at p from 0.9 down to 0.0006
/// (the run at the i-th p seeded `seed + i`); at p = 0 no success ever comes, at p = 1 every
/// trial succeeds.
fn gaps_follow_the_geometric_pmf<G>(
    what: &str,
    seed: u64,
    new: impl Fn(f64) -> G,
    gap: impl Fn(&G, &mut SimRng) -> u64,
) {
    for (i, p) in [0.9, 0.3, 0.01, 0.0006].into_iter().enumerate() {
        let gaps = new(p);
        let q = 1.0 - p;
        // Bins 0..last-1 and a tail bin ">= last", where the expected count falls below 1.
        let last = ((1.0 / DRAWS as f64).ln() / q.ln()).ceil() as usize + 1;
        let mut pmf: Vec<f64> = (0..last).map(|k| q.powi(k as i32) * p).collect();
        pmf.push(q.powi(last as i32));
        let mut observed = vec![0u64; last + 1];
        let mut rng = SimRng::seed_from_u64(seed + i as u64);
        for _ in 0..DRAWS {
            observed[(gap(&gaps, &mut rng) as usize).min(last)] += 1;
        }
        assert_fits(&format!("{what} at p = {p}"), &observed, &pmf);
    }
    let mut rng = SimRng::seed_from_u64(1);
    assert_eq!(gap(&new(0.0), &mut rng), u64::MAX, "{what}: p = 0, never");
    assert_eq!(gap(&new(1.0), &mut rng), 0, "{what}: p = 1, every trial");
}

#[test]
fn success_gaps_follow_the_geometric_pmf() {
    gaps_follow_the_geometric_pmf("gaps", 9500, SuccessGaps::new, |g, rng| g.gap(rng));
}

#[test]
fn exponential_gaps_follow_the_geometric_pmf() {
    // The same law as `SuccessGaps`, drawn from an exponential.
    gaps_follow_the_geometric_pmf("exponential gaps", 9600, ExponentialGaps::new, |g, rng| {
        g.gap(rng)
    });
}

/// `binomial_once` skips only work whose result it does not use, so it must give the very draws
/// of `FixedPBinomial` from the same stream, on both paths and at the edges.
#[test]
fn binomial_once_draws_as_fixed_p_binomial() {
    let cases: [(u64, f64); 8] = [
        (0, 0.3),
        (50, 0.0),
        (50, 1.0),
        (40, 0.05),
        (300, 0.02),
        (17_000, 0.1),
        (200, 0.7),
        (1_000_000, 1e-6),
    ];
    for (n, p) in cases {
        let fixed = FixedPBinomial::new(p);
        let mut a = SimRng::seed_from_u64(n ^ p.to_bits());
        let mut b = a.clone();
        for _ in 0..2_000 {
            assert_eq!(
                fixed.sample(n, &mut a),
                binomial_once(n, p, &mut b),
                "n {n}, p {p}"
            );
        }
    }
}
