//! The collapsed funnel (`simulate_rep`: closes per week, the stages in between split after the
//! horizon) against a straightforward stage-by-stage simulation written here (a binomial per
//! stage per week, with rand_distr), and against the exact moments of the funnel when hours are
//! constant: means, variances and covariances of the totals over the horizon.

use prospect_sim::model::dist::Sampler;
use prospect_sim::model::funnel::{
    Component, RepParams, RepWeekSink, StrategySamplers, TrialTotals, simulate_rep,
};
use prospect_sim::model::inputs::InputKey;
use prospect_sim::sim::rng::{Purpose, SimRng, stream};
use prospect_sim::stats::{BinCounts, Moments as HourMoments};
use rand::{RngExt, SeedableRng};
use rand_distr::{Binomial, Distribution};

use crate::it::common::{Moments, Sim, covariance, parse, scenario_text, strategy};

/// Tolerances are K standard errors (two-sided normal tail ~6e-5 per check).
const K: f64 = 4.0;
/// The totals compared, in this order.
const TOTALS: [&str; 5] = [
    "dials",
    "conversations",
    "appointments",
    "proposals",
    "closes",
];

/// One rep with fixed parameters over `weeks` weeks, simulated `reps` times.
struct Case {
    label: &'static str,
    hours: &'static str,
    research: f64,
    dials_per_account: f64,
    dials_per_hour: f64,
    rates: [f64; 4],
    weeks: u32,
    reps: u64,
}

impl Case {
    fn samplers(&self) -> StrategySamplers {
        let sim = Sim {
            trials: 2, // the fewest a scenario allows
            weeks: self.weeks,
            reps: 1,
            seed: 1,
        };
        let s = parse(&scenario_text(
            "funnel",
            sim,
            &[strategy("s", &[("prospecting_hours_per_week", self.hours)])],
        ));
        StrategySamplers::new(&s.strategies[0].inputs)
    }

    /// Totals of each replicate from the engine's `simulate_rep`.
    fn collapsed(&self) -> Vec<[f64; 5]> {
        let samplers = self.samplers();
        let params = RepParams::new(
            self.research,
            self.dials_per_account,
            self.dials_per_hour,
            self.rates,
        );
        let w = self.weeks as usize;
        let mut hour_counts: [BinCounts; 3] = Default::default();
        let mut hour_moments: [HourMoments; 3] = Default::default();
        let mut weekly_hours = vec![[0.0; 3]; w];
        let mut weekly_revenue = vec![0.0; w];
        let mut trial_weekly_hours = vec![0.0; w];
        (0..self.reps)
            .map(|i| {
                let mut totals = TrialTotals::default();
                let mut sink = RepWeekSink {
                    weekly_revenue: &mut weekly_revenue,
                    hour_counts: &mut hour_counts,
                    hour_moments: &mut hour_moments,
                    weekly_hours: &mut weekly_hours,
                    trial_weekly_hours: &mut trial_weekly_hours,
                };
                let mut components = [Component::new(
                    &samplers,
                    params,
                    1.0,
                    stream(11, i, 0, Purpose::Deals),
                    stream(11, i, 0, Purpose::Stages),
                )];
                simulate_rep(
                    &mut components,
                    &mut [stream(11, i, 0, Purpose::Weeks)],
                    self.weeks,
                    &mut totals,
                    &mut sink,
                );
                [
                    totals.dials as f64,
                    totals.conversations as f64,
                    totals.appointments as f64,
                    totals.proposals as f64,
                    totals.closes as f64,
                ]
            })
            .collect()
    }

    /// Totals of each replicate simulated stage by stage, as docs/model.md's steps 1 to 8 read.
    fn stage_by_stage(&self) -> Vec<[f64; 5]> {
        let samplers = self.samplers();
        let hours: &Sampler = samplers.get(InputKey::ProspectingHoursPerWeek);
        let c = self.research + self.dials_per_account / self.dials_per_hour;
        let binomial = |n: u64, p: f64, rng: &mut SimRng| Binomial::new(n, p).unwrap().sample(rng);
        let mut rng = SimRng::seed_from_u64(22);
        (0..self.reps)
            .map(|_| {
                let mut totals = [0u64; 5];
                for _ in 0..self.weeks {
                    let h = hours.sample(&mut rng);
                    let x = h / c * self.dials_per_account;
                    let dials = x.floor() as u64 + u64::from(rng.random::<f64>() < x - x.floor());
                    let mut stage = [dials, 0, 0, 0, 0];
                    for s in 0..4 {
                        stage[s + 1] = binomial(stage[s], self.rates[s], &mut rng);
                    }
                    for (t, s) in totals.iter_mut().zip(stage) {
                        *t += s;
                    }
                }
                totals.map(|t| t as f64)
            })
            .collect()
    }

    /// Exact moments of the totals when hours are a constant H: D_t = floor(x) or floor(x) + 1
    /// with x = H dials_per_account / c, so E[D] = W x and Var(D) = W f (1 - f), f = x - floor(x).
    /// A dial reaches stage k with P_k = product of the first k rates; given D the stages are
    /// nested binomials, so E[S_k] = E[D] P_k, Var(S_k) = E[D] P_k (1 - P_k) + P_k^2 Var(D), and
    /// for j shallower than k, Cov(S_j, S_k) = E[D] P_k (1 - P_j) + P_j P_k Var(D).
    fn exact(&self, hours: f64) -> ([f64; 5], [[f64; 5]; 5]) {
        let c = self.research + self.dials_per_account / self.dials_per_hour;
        let x = hours / c * self.dials_per_account;
        let f = x - x.floor();
        let w = f64::from(self.weeks);
        let (ed, vd) = (w * x, w * f * (1.0 - f));
        let mut p = [1.0; 5];
        for k in 1..5 {
            p[k] = p[k - 1] * self.rates[k - 1];
        }
        let mean = p.map(|pk| ed * pk);
        let cov = std::array::from_fn(|j| {
            std::array::from_fn(|k| {
                let (shallow, deep) = (j.min(k), j.max(k));
                ed * p[deep] * (1.0 - p[shallow]) + p[shallow] * p[deep] * vd
            })
        });
        (mean, cov)
    }
}

fn column(rows: &[[f64; 5]], i: usize) -> Vec<f64> {
    rows.iter().map(|r| r[i]).collect()
}

/// Means, variances and covariances of two independent samples of totals agree within K
/// standard errors of their difference (the se of a difference of independent estimates is the
/// root of the sum of their squared se).
fn assert_same_distribution(label: &str, a: &[[f64; 5]], b: &[[f64; 5]]) {
    for (i, name) in TOTALS.iter().enumerate() {
        let (ma, mb) = (Moments::of(&column(a, i)), Moments::of(&column(b, i)));
        let se = ma.se_mean().hypot(mb.se_mean());
        assert!(
            (ma.mean - mb.mean).abs() <= K * se,
            "{label}: mean {name} {} collapsed vs {} stage by stage (tolerance {K} x se {se})",
            ma.mean,
            mb.mean
        );
        let se = ma.se_var().hypot(mb.se_var());
        assert!(
            (ma.var - mb.var).abs() <= K * se,
            "{label}: variance of {name} {} collapsed vs {} stage by stage (tolerance {K} x se {se})",
            ma.var,
            mb.var
        );
        for (j, other) in TOTALS.iter().enumerate().skip(i + 1) {
            let (ca, sea) = covariance(&column(a, i), &column(a, j));
            let (cb, seb) = covariance(&column(b, i), &column(b, j));
            let se = sea.hypot(seb);
            assert!(
                (ca - cb).abs() <= K * se,
                "{label}: cov({name}, {other}) {ca} collapsed vs {cb} stage by stage (tolerance {K} x se {se})"
            );
        }
    }
}

/// A sample's means, variances and covariances against exact values, within K standard errors.
fn assert_exact_moments(label: &str, rows: &[[f64; 5]], mean: [f64; 5], cov: [[f64; 5]; 5]) {
    for (i, name) in TOTALS.iter().enumerate() {
        let m = Moments::of(&column(rows, i));
        assert!(
            (m.mean - mean[i]).abs() <= K * m.se_mean(),
            "{label}: mean {name} {} vs exact {} (tolerance {K} x se {})",
            m.mean,
            mean[i],
            m.se_mean()
        );
        assert!(
            (m.var - cov[i][i]).abs() <= K * m.se_var(),
            "{label}: variance of {name} {} vs exact {} (tolerance {K} x se {})",
            m.var,
            cov[i][i],
            m.se_var()
        );
        for (j, other) in TOTALS.iter().enumerate().skip(i + 1) {
            let (c, se) = covariance(&column(rows, i), &column(rows, j));
            assert!(
                (c - cov[i][j]).abs() <= K * se,
                "{label}: cov({name}, {other}) {c} vs exact {} (tolerance {K} x se {se})",
                cov[i][j]
            );
        }
    }
}

#[test]
fn collapsed_equals_stage_by_stage_with_high_rates() {
    // c = 0.4 + 3 / 10 = 0.7 h an account, so 20 h make x = 85.71 dials: rounding matters.
    let case = Case {
        label: "high rates, constant hours",
        hours: "20",
        research: 0.4,
        dials_per_account: 3.0,
        dials_per_hour: 10.0,
        rates: [0.3, 0.4, 0.5, 0.6],
        weeks: 20,
        reps: 20_000,
    };
    let (collapsed, staged) = (case.collapsed(), case.stage_by_stage());
    assert_same_distribution(case.label, &collapsed, &staged);
    let (mean, cov) = case.exact(20.0);
    assert_exact_moments(
        &format!("{} (collapsed)", case.label),
        &collapsed,
        mean,
        cov,
    );
    assert_exact_moments(
        &format!("{} (stage by stage)", case.label),
        &staged,
        mean,
        cov,
    );
}

#[test]
fn collapsed_equals_stage_by_stage_with_the_articles_rates() {
    // Random weekly hours, no research: about 330 dials a week and one close in 500 dials.
    let case = Case {
        label: "article's rates, random hours",
        hours: "{ dist = \"normal\", mean = 22, sd = 5 }",
        research: 0.0,
        dials_per_account: 2.0,
        dials_per_hour: 15.0,
        rates: [0.1, 0.08, 0.35, 0.2],
        weeks: 52,
        reps: 10_000,
    };
    assert_same_distribution(case.label, &case.collapsed(), &case.stage_by_stage());
}

#[test]
fn collapsed_funnel_at_rates_of_zero_and_one() {
    // c = 0.1 + 1 / 10 = 0.2 h, so 10.3 h make 51.5 dials.
    let base = Case {
        label: "",
        hours: "10.3",
        research: 0.1,
        dials_per_account: 1.0,
        dials_per_hour: 10.0,
        rates: [0.0; 4],
        weeks: 10,
        reps: 5_000,
    };
    // Every dial converses, none closes: conversations = dials, proposals = appointments.
    let edge = Case {
        label: "rates 1, 0.2, 1, 0",
        rates: [1.0, 0.2, 1.0, 0.0],
        ..base
    };
    let rows = edge.collapsed();
    for r in &rows {
        assert_eq!(r[1], r[0], "{}: conversations = dials", edge.label);
        assert_eq!(r[3], r[2], "{}: proposals = appointments", edge.label);
        assert_eq!(r[4], 0.0, "{}: no closes", edge.label);
    }
    assert_same_distribution(edge.label, &rows, &edge.stage_by_stage());
    let (mean, cov) = edge.exact(10.3);
    assert_exact_moments(edge.label, &rows, mean, cov);

    // Every rate 1: every stage equals the dials.
    let all = Case {
        label: "every rate 1",
        rates: [1.0; 4],
        ..base
    };
    for r in all.collapsed() {
        assert!(r.iter().all(|s| *s == r[0]), "{}: {r:?}", all.label);
    }
}
