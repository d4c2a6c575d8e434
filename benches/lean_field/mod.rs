//! A lean reference implementation of the playing field's rep-week (part A of the model in
//! docs/model.md: arrivals, due accounts after their rest with stale contacts, the hours draw,
//! shares with the spill round, each target's classes, the fresh pick, appointments, closes)
//! on the built-in scenario's values (`configs/telecom-territory.toml` without `[selling]` and
//! `[installed_base]`), written as a speed yardstick for the engine, the way the floor program
//! is one for the flat funnel.
//!
//! It samples the same model with the same exact shortcuts (gaps carried across weeks,
//! stochastic rounding, the conditional stage split after the horizon) but keeps only what a
//! rep-week cannot do without: one random stream per trial (the engine keeps 25 a rep, so that
//! strategies see the same luck per cell and pool), the scenario's values written in (no
//! parsing, no choice of distribution), shares only, and no outputs beyond revenue (the engine
//! records hour distributions, weekly sums, per-target and per-segment totals, coverage and the
//! list-out week). Its "6% to 18%" is a beta with the midpoint as mean, not the engine's fit.
//! What it measures is how fast the model's steps can go, not the product: a rep-week of the
//! engine does more, so it should be slower, by a factor worth knowing.
//!
//! Not part of the crate; `benches/engine.rs` times it beside the engine
//! (`cargo bench --bench engine -- reference/`).

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};
use rand_distr::{Binomial, Distribution, Gamma, LogNormal, StandardNormal};

const W: usize = 52;
const N_REPS: u32 = 10;
const REST: usize = 13;
const MAXP: usize = 3;
const YIELD: f64 = 0.67;
const DECAY: f64 = 0.225;
const NSEG: usize = 4;
const NT: usize = 4; // targets per strategy
const Z95: f64 = 1.6448536269514722;

// ---------- specs ----------
#[derive(Clone, Copy)]
enum Rate {
    Beta(f64, f64), // alpha, beta
}
fn beta_ms(m: f64, sd: f64) -> Rate {
    let k = m * (1.0 - m) / (sd * sd) - 1.0;
    Rate::Beta(m * k, (1.0 - m) * k)
}
// "6% to 18%": quick mapping: mean = midpoint, sd = (B - A) / (2 z95), as a beta.
fn beta_iv(a: f64, b: f64) -> Rate {
    beta_ms(0.5 * (a + b), (b - a) / (2.0 * Z95))
}
fn ln_median_p95(median: f64, p95: f64, factor: f64) -> LogNormal<f64> {
    LogNormal::new((median * factor).ln(), (p95 / median).ln() / Z95).unwrap()
}

struct BetaS {
    ga: Gamma<f64>,
    gb: Gamma<f64>,
}
impl BetaS {
    fn new(r: Rate) -> Self {
        let Rate::Beta(a, b) = r;
        BetaS {
            ga: Gamma::new(a, 1.0).unwrap(),
            gb: Gamma::new(b, 1.0).unwrap(),
        }
    }
    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = self.ga.sample(rng);
        let y = self.gb.sample(rng);
        x / (x + y)
    }
}

struct TargetSpec {
    seg: usize,
    share: f64,
    research: Option<LogNormal<f64>>, // None = 0 hours
    d: u32,
    dph: f64,
    connect: BetaS,
    c2a: BetaS,
    a2p: BetaS,
    close: BetaS,
    cyc: LogNormal<f64>,
    rev: LogNormal<f64>,
}

struct Strategy {
    h_mean: f64,
    h_sd: f64,
    h_max: f64,
    t: Vec<TargetSpec>,
}

fn scenario() -> (Vec<u32>, Vec<f64>, Vec<Strategy>) {
    let accounts = vec![9000u32, 7000, 2400, 1600];
    let arrivals_py = vec![450.0, 350.0, 120.0, 80.0];
    let rev_f = [0.8, 0.8, 1.5, 1.5];
    let cyc_f = [1.0, 1.0, 1.25, 1.25];
    // contacts
    let om = (2u32, beta_ms(0.10, 0.03), beta_ms(0.08, 0.03));
    let owner = (4u32, beta_ms(0.06, 0.02), beta_iv(0.06, 0.18));
    let cfo = (6u32, beta_ms(0.05, 0.02), beta_iv(0.06, 0.18));
    let mk = |seg: usize,
              share: f64,
              c: (u32, Rate, Rate),
              research: Option<LogNormal<f64>>,
              a2p: Rate,
              close: Rate,
              cyc: (f64, f64),
              rev: (f64, f64)| TargetSpec {
        seg,
        share,
        research,
        d: c.0,
        dph: 15.0,
        connect: BetaS::new(c.1),
        c2a: BetaS::new(c.2),
        a2p: BetaS::new(a2p),
        close: BetaS::new(close),
        cyc: ln_median_p95(cyc.0, cyc.1, cyc_f[seg]),
        rev: ln_median_p95(rev.0, rev.1, rev_f[seg]),
    };
    let bu_a2p = beta_ms(0.35, 0.08);
    let bu_cl = beta_ms(0.20, 0.06);
    let bu = Strategy {
        h_mean: 22.0,
        h_sd: 3.0,
        h_max: 60.0,
        t: [(0, 0.45), (1, 0.35), (2, 0.12), (3, 0.08)]
            .iter()
            .map(|&(s, sh)| {
                mk(
                    s,
                    sh,
                    om,
                    None,
                    bu_a2p,
                    bu_cl,
                    (12.0, 26.0),
                    (6000.0, 20000.0),
                )
            })
            .collect(),
    };
    let td_a2p = beta_ms(0.60, 0.10);
    let td_cl = beta_ms(0.35, 0.08);
    // research "0.4 to 1.5": lognormal with P5 0.4, P95 1.5
    let res = LogNormal::new(
        (0.4f64 * 1.5).sqrt().ln(),
        (1.5f64 / 0.4).ln() / (2.0 * Z95),
    )
    .unwrap();
    let td = Strategy {
        h_mean: 22.0,
        h_sd: 3.0,
        h_max: 60.0,
        t: [
            (0, 0.35, owner),
            (1, 0.25, owner),
            (2, 0.25, cfo),
            (3, 0.15, cfo),
        ]
        .iter()
        .map(|&(s, sh, c)| {
            mk(
                s,
                sh,
                c,
                Some(res),
                td_a2p,
                td_cl,
                (8.0, 16.0),
                (20000.0, 60000.0),
            )
        })
        .collect(),
    };
    (accounts, arrivals_py, vec![bu, td])
}

// ---------- samplers ----------
#[inline]
fn unit_open0<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    // (0, 1]
    1.0 - rng.random::<f64>()
}
/// failures before the next success of a Bernoulli(q) stream, q = 1 - exp(ln1mq)
#[inline]
fn geom<R: Rng + ?Sized>(rng: &mut R, ln1mq: f64) -> u64 {
    (unit_open0(rng).ln() / ln1mq) as u64 // ln1mq < 0; `as` truncates (floor) and saturates
}
/// successes among n further trials of a Bernoulli stream, keeping the gap to the next success
#[inline]
fn hits<R: Rng + ?Sized>(rng: &mut R, gap: &mut u64, n: u64, ln1mq: f64) -> u64 {
    if *gap >= n {
        *gap -= n;
        return 0;
    }
    let mut left = n;
    let mut k = 0;
    while *gap < left {
        left -= *gap + 1;
        k += 1;
        *gap = geom(rng, ln1mq);
    }
    *gap -= left;
    k
}
/// Binomial(n, p) by inversion (sequential search), ln1mp = ln(1 - p)
#[inline]
fn binom_inv<R: Rng + ?Sized>(rng: &mut R, n: u64, ln1mp: f64) -> u64 {
    let q = ln1mp.exp();
    let r = (1.0 - q) / q;
    let mut pk = (n as f64 * ln1mp).exp();
    let mut u: f64 = rng.random();
    let mut k = 0u64;
    while u > pk && k < n {
        u -= pk;
        pk *= (n - k) as f64 / (k + 1) as f64 * r;
        k += 1;
    }
    k
}
/// successes among n trials: gaps when few are expected, else inversion (the pending gap stays valid:
/// it is memoryless and independent of this batch)
#[inline]
fn count<R: Rng + ?Sized>(rng: &mut R, gap: &mut u64, n: u64, ln1mq: f64) -> u64 {
    if *gap >= n {
        *gap -= n;
        return 0;
    }
    if (n as f64) * ln1mq < -1.0 {
        binom_inv(rng, n, ln1mq)
    } else {
        hits(rng, gap, n, ln1mq)
    }
}
#[inline]
fn sround<R: Rng + ?Sized>(rng: &mut R, x: f64) -> u64 {
    let f = x as u64; // x >= 0
    f + (rng.random::<f64>() < x - f as f64) as u64
}
/// X = number of "returned" among m drawn without replacement from n1 never-touched + n2 returned: inversion
#[inline(always)]
fn hyper<R: Rng + ?Sized>(rng: &mut R, n1: u64, n2: u64, m: u64) -> u64 {
    let n = (n1 + n2) as f64;
    let kk = m.min(n2);
    // P(X=0) = prod_{i<m} (n1-i)/(n-i) = prod_{i<n2} (n-m-i)/(n-i); use the shorter product
    let (mut num, mut den) = (1.0, 1.0);
    if m <= n2 {
        for i in 0..m {
            num *= n1 as f64 - i as f64;
            den *= n - i as f64;
        }
    } else {
        for i in 0..n2 {
            num *= n - m as f64 - i as f64;
            den *= n - i as f64;
        }
    }
    let p0 = num / den;
    let mut u: f64 = rng.random();
    let mut x = 0u64;
    let mut p = p0;
    while u > p && x < kk {
        u -= p;
        let xf = x as f64;
        p *= (n2 as f64 - xf) * (m as f64 - xf) / ((xf + 1.0) * (n1 as f64 - m as f64 + xf + 1.0));
        x += 1;
    }
    x
}

// ---------- per rep state ----------
#[derive(Default, Clone)]
struct TState {
    // drawn per rep and trial
    seg: usize,
    share: f64,
    research: f64,
    cost1: f64,
    costk: f64,
    inv1: f64,
    invk: f64,
    reach: f64,
    c2a: f64,
    a2p: f64,
    close: f64,
    ln1mq: [f64; MAXP + 1], // index k = pass
    ln1mpc: f64,
    gap_appt: [u64; MAXP + 1],
    gap_close: u64,
    due: [u64; MAXP + 1],          // due for pass k (k >= 2)
    ring: [[u32; REST]; MAXP - 1], // ended pass k (k < MAXP) without appointment, by week mod REST (index k-1)
    // counters
    passes: [u64; MAXP + 1],
    appts: [u64; MAXP + 1],
    closes: u64,
    first_never: u64,
    retired: u64,
    stale: u64,
}

struct Rep<'a> {
    ts: [TState; NT],
    never: [u64; NSEG],
    ret: [u64; NSEG],
    rev_w: &'a mut [f64; W],
    pipeline: f64,
    gap_stale: u64,
    ln1ms: f64,
}

impl<'a> Rep<'a> {
    #[inline(always)]
    fn take<R: Rng + ?Sized>(
        &mut self,
        rng: &mut R,
        sp: &Strategy,
        j: usize,
        k: usize,
        m: u64,
        t: usize,
    ) {
        let ts = &mut self.ts[j];
        ts.passes[k] += m;
        let a = count(rng, &mut ts.gap_appt[k], m, ts.ln1mq[k]);
        ts.appts[k] += a;
        if a > 0 {
            let c = hits(rng, &mut ts.gap_close, a, ts.ln1mpc);
            ts.closes += c;
            let tg = &sp.t[j];
            for _ in 0..c {
                let l: f64 = tg.cyc.sample(rng);
                let r: f64 = tg.rev.sample(rng);
                let wk = t + (l + 0.5) as usize; // l > 0, floor
                if wk < W {
                    self.rev_w[wk] += r;
                } else {
                    self.pipeline += r;
                }
            }
        }
        let rest = m - a;
        if k < MAXP {
            ts.ring[k - 1][t % REST] += rest as u32;
        } else {
            ts.retired += rest;
        }
    }

    /// works target j with h hours; returns the hours it could not use
    #[inline(always)]
    fn work<R: Rng + ?Sized>(
        &mut self,
        rng: &mut R,
        sp: &Strategy,
        j: usize,
        mut h: f64,
        t: usize,
    ) -> f64 {
        let ck = self.ts[j].costk;
        let ik = self.ts[j].invk;
        for k in 2..=MAXP {
            let n = self.ts[j].due[k];
            if n == 0 {
                continue;
            }
            let x = h * ik;
            if x >= n as f64 {
                self.ts[j].due[k] = 0;
                h -= n as f64 * ck;
                self.take(rng, sp, j, k, n, t);
            } else {
                let m = sround(rng, x).min(n);
                self.ts[j].due[k] -= m;
                self.take(rng, sp, j, k, m, t);
                return 0.0;
            }
        }
        let s = self.ts[j].seg;
        let (n1, n2) = (self.never[s], self.ret[s]);
        let avail = n1 + n2;
        if avail == 0 {
            return h;
        }
        let c1 = self.ts[j].cost1;
        let x = h * self.ts[j].inv1;
        let (m, left) = if x >= avail as f64 {
            (avail, h - avail as f64 * c1)
        } else {
            (sround(rng, x).min(avail), 0.0)
        };
        if m == 0 {
            return left;
        }
        let from_ret = if n2 == 0 {
            0
        } else if m == avail {
            n2
        } else if n1 == 0 {
            m
        } else {
            hyper(rng, n1, n2, m)
        };
        self.ret[s] -= from_ret;
        self.never[s] -= m - from_ret;
        self.ts[j].first_never += m - from_ret;
        self.take(rng, sp, j, 1, m, t);
        left
    }
}

/// Simulates `trials` trials of both strategies (10 reps x 52 weeks each) and returns the
/// revenue booked within the horizon, summed over trials, reps and strategies (a checksum the
/// benchmark keeps alive). Rep-weeks simulated: `trials` x 10 x 52 x 2.
pub fn simulate(trials: u64, seed: u64) -> f64 {
    let (accounts, arrivals_per_year, strategies) = scenario();
    // Arrivals: stochastic_round(new a year / 52 / reps) as a whole part and a 64-bit threshold
    // for the fraction.
    let arrivals: Vec<(u64, u64)> = arrivals_per_year
        .iter()
        .map(|&a| {
            let x: f64 = a / W as f64 / f64::from(N_REPS);
            (
                x.floor() as u64,
                ((x - x.floor()) * 18_446_744_073_709_551_616.0) as u64,
            )
        })
        .collect();
    let s_stale = 1.0 - (1.0 - DECAY).powf(REST as f64 / W as f64);
    let ln1ms = (1.0 - s_stale).ln();
    let mut revenue = 0.0;
    for trial in 0..trials {
        let mut rng =
            Xoshiro256PlusPlus::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ trial);
        for r in 0..N_REPS {
            // The rep's arrivals per segment and week, shared by the strategies.
            let mut arrival_bits = [0u64; NSEG];
            for (bits, &(_, threshold)) in arrival_bits.iter_mut().zip(&arrivals) {
                for w in 0..W {
                    *bits |= u64::from(rng.next_u64() < threshold) << w;
                }
            }
            for sp in &strategies {
                let mut rev_w = [0.0f64; W];
                let mut rep = Rep {
                    ts: Default::default(),
                    never: [0; NSEG],
                    ret: [0; NSEG],
                    rev_w: &mut rev_w,
                    pipeline: 0.0,
                    gap_stale: 0,
                    ln1ms,
                };
                for (never, &a) in rep.never.iter_mut().zip(&accounts) {
                    let (a, reps) = (u64::from(a), u64::from(N_REPS));
                    *never = a / reps + u64::from(u64::from(r) < a % reps);
                }
                rep.gap_stale = geom(&mut rng, ln1ms);
                for (tg, ts) in sp.t.iter().zip(rep.ts.iter_mut()) {
                    ts.seg = tg.seg;
                    ts.share = tg.share;
                    ts.research = tg.research.map_or(0.0, |d| d.sample(&mut rng));
                    ts.costk = f64::from(tg.d) / tg.dph;
                    ts.cost1 = ts.research + ts.costk;
                    ts.inv1 = 1.0 / ts.cost1;
                    ts.invk = 1.0 / ts.costk;
                    let connect = tg.connect.sample(&mut rng);
                    ts.c2a = tg.c2a.sample(&mut rng);
                    ts.a2p = tg.a2p.sample(&mut rng);
                    ts.close = tg.close.sample(&mut rng);
                    ts.reach = 1.0 - (1.0 - connect).powi(tg.d as i32);
                    let mut y = 1.0;
                    for k in 1..=MAXP {
                        ts.ln1mq[k] = (1.0 - ts.reach * y * ts.c2a).ln();
                        ts.gap_appt[k] = geom(&mut rng, ts.ln1mq[k]);
                        y *= YIELD;
                    }
                    ts.ln1mpc = (1.0 - ts.a2p * ts.close).ln();
                    ts.gap_close = geom(&mut rng, ts.ln1mpc);
                }
                let mut list_out = [u32::MAX; NSEG];
                let (mut hours, mut idle) = (0.0, 0.0);
                for t in 0..W {
                    // 1. Arrivals.
                    for ((never, &(whole, _)), bits) in
                        rep.never.iter_mut().zip(&arrivals).zip(&arrival_bits)
                    {
                        *never += whole + ((bits >> t) & 1);
                    }
                    // 2. Due accounts after their rest, each stale with p = s.
                    if t >= REST {
                        let slot = t % REST;
                        for j in 0..NT {
                            for k in 1..MAXP {
                                let n = u64::from(rep.ts[j].ring[k - 1][slot]);
                                if n == 0 {
                                    continue;
                                }
                                rep.ts[j].ring[k - 1][slot] = 0;
                                let stale = count(&mut rng, &mut rep.gap_stale, n, rep.ln1ms);
                                rep.ts[j].stale += stale;
                                let seg = rep.ts[j].seg;
                                rep.ret[seg] += stale;
                                rep.ts[j].due[k + 1] += n - stale;
                            }
                        }
                    }
                    // 3. Hours: a normal truncated to [0, max], redrawn until inside.
                    let h = loop {
                        let z: f64 = StandardNormal.sample(&mut rng);
                        let h = sp.h_mean + sp.h_sd * z;
                        if (0.0..=sp.h_max).contains(&h) {
                            break h;
                        }
                    };
                    hours += h;
                    // 4. Shares, then the spill round to the targets that used their share.
                    let mut pool = 0.0;
                    let mut full = 0u32;
                    for j in 0..NT {
                        let left = rep.work(&mut rng, sp, j, h * rep.ts[j].share, t);
                        pool += left;
                        full |= u32::from(left <= 0.0) << j;
                    }
                    if pool > 0.0 && full != 0 {
                        for j in 0..NT {
                            if full & (1 << j) == 0 {
                                continue;
                            }
                            pool = rep.work(&mut rng, sp, j, pool, t);
                            if pool <= 0.0 {
                                break;
                            }
                        }
                    }
                    idle += pool;
                    for (s, week) in list_out.iter_mut().enumerate() {
                        if *week == u32::MAX && rep.never[s] + rep.ret[s] == 0 {
                            *week = t as u32;
                        }
                    }
                }
                // After the horizon: conversations and proposals by the conditional rates.
                let mut stages = 0;
                for ts in &rep.ts {
                    stages += ts.retired + ts.first_never + ts.stale;
                    let mut y = 1.0;
                    for k in 1..=MAXP {
                        let without = ts.passes[k] - ts.appts[k];
                        let rk = ts.reach * y;
                        let p = rk * (1.0 - ts.c2a) / (1.0 - rk * ts.c2a);
                        if without > 0 {
                            stages += Binomial::new(without, p)
                                .expect("p in [0, 1]")
                                .sample(&mut rng);
                        }
                        y *= YIELD;
                    }
                    let without = ts.appts.iter().sum::<u64>() - ts.closes;
                    let p = ts.a2p * (1.0 - ts.close) / (1.0 - ts.a2p * ts.close);
                    if without > 0 {
                        stages += Binomial::new(without, p)
                            .expect("p in [0, 1]")
                            .sample(&mut rng);
                    }
                }
                // The figures a run would report, folded into the checksum so that none is
                // optimised away.
                revenue += 1e-9 * (stages as f64 + hours + idle + rep.pipeline);
                revenue += rev_w.iter().sum::<f64>();
                revenue += 1e-9 * list_out.iter().map(|&w| f64::from(w.min(99))).sum::<f64>();
            }
        }
    }
    revenue
}

/// Rep-weeks one trial of [`simulate`] covers: 10 reps x 52 weeks x 2 strategies.
pub const REP_WEEKS_PER_TRIAL: u64 = N_REPS as u64 * W as u64 * 2;
