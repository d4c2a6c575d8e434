//! Pure functions on weekly cash-flow series: rate conversion, NPV, IRR, payback period and ROI.
//!
//! A series is a slice of net flows, one per week: `flows[0]` is week 0 (an upfront cost, say),
//! `flows[t]` is week `t`, discounted by `t` whole periods. Rates are per period (per week)
//! unless a name says annual; [`weekly_rate`] and [`annualise`] convert between the two.
//!
//! Everything here is allocation-free and deterministic (the same input gives the same bits),
//! because it runs once per simulated trial per strategy. [`irr`] is the only iterative one; it
//! brackets every root before refining it, so it never diverges the way a bare Newton step can.

/// Weeks in a year. 52, not 52.1775 (365.2425 / 7): the simulator's horizon counts whole weeks,
/// so a "year" of flows is 52 entries, and a rate compounded over 52 of them must give the
/// annual rate back exactly.
pub const WEEKS_PER_YEAR: f64 = 52.0;

/// Lowest per-period rate [`irr`] searches: -99% a period. Below it the discount factor
/// 1/(1 + r) exceeds 100 and the rate says nothing useful about a strategy.
pub const IRR_MIN_RATE: f64 = -0.99;

/// Highest per-period rate [`irr`] searches: 100 000 (10 000 000%) a period. The search scans a
/// grid up to [`IRR_GRID_MAX`] and goes on doubling towards this only when a root is certain to
/// lie beyond. Kept below 52nd-root-of-`f64::MAX` (about 847 000) so that [`annualise`] of any
/// root found stays finite.
pub const IRR_MAX_RATE: f64 = 1e5;

/// End of the fine grid [`irr`] scans for sign changes: 10 (1000%) a period.
pub const IRR_GRID_MAX: f64 = 10.0;

/// The grid of rate magnitudes scanned by [`irr`] is `GRID_SCALE * (GRID_RATIO^k - 1)`,
/// k = 1, 2, ...: steps of 0.05% near 0 growing by 10% a step, so ~80 points reach 10 and ~56
/// reach 0.99. Two roots in one cell are missed (no sign change across it), so roots are told
/// apart down to about 0.05% a period apart near 0 and 10% of |r| further out.
const GRID_SCALE: f64 = 0.005;
const GRID_RATIO: f64 = 1.1;
/// The ratio used instead of [`GRID_RATIO`] when the sign counts allow only one root: the grid
/// then only has to bracket it (0.5%, 1.5%, 3.5%, 7.5%, ... a period), and Brent does the rest.
/// Halves the cost for a conventional series (costs, then returns).
const UNIQUE_GRID_RATIO: f64 = 2.0;

/// Absolute part of the IRR tolerance (the relative part is 2 ulp of the root): 1e-16 a week
/// is about 5e-15 a year, far below the rounding noise of any NPV of real money.
const IRR_ABS_TOL: f64 = 1e-16;

/// Cap on Brent iterations. In practice Brent's method needs 5 to 15; its worst case (about
/// (log2(width/tol))^2, when interpolation keeps failing) is far above. The cap bounds the cost;
/// if it is ever reached, the best estimate so far, still inside the bracket, is returned.
const BRENT_MAX_ITER: usize = 100;

/// The compounding weekly rate equivalent to an annual rate: (1 + annual)^(1/52) - 1.
///
/// A 10% annual rate gives about 0.1834% a week. Computed as `exp_m1(ln_1p(annual) / 52)`, which
/// keeps full relative precision for small rates. -1 maps to -1; below -1 the result is NaN.
pub fn weekly_rate(annual_rate: f64) -> f64 {
    (annual_rate.ln_1p() / WEEKS_PER_YEAR).exp_m1()
}

/// The annual rate equivalent to a compounding weekly rate: (1 + weekly)^52 - 1; the inverse of
/// [`weekly_rate`].
///
/// Computed as `exp_m1(52 * ln_1p(weekly))` (full relative precision for small rates). -1 maps
/// to -1; below -1 the result is NaN; above about 847 000 a week it overflows to infinity.
pub fn annualise(weekly: f64) -> f64 {
    (WEEKS_PER_YEAR * weekly.ln_1p()).exp_m1()
}

/// Net present value at week 0: the sum of `flows[t] / (1 + r)^t` for `r = rate_per_period`.
///
/// Evaluated as a polynomial in the discount factor 1/(1 + r) by Horner's rule (one multiply
/// and one add per flow, no power per term), in four interleaved chains so that consecutive
/// multiplies do not wait on each other. An empty series is worth 0. Meaningful for r > -1;
/// at r = -1 the discount factor is infinite and the result is NaN.
pub fn npv(flows: &[f64], rate_per_period: f64) -> f64 {
    discounted_sum(flows, 1.0 / (1.0 + rate_per_period))
}

/// The internal rate of return per period: a rate `r` at which [`npv`]`(flows, r)` is zero.
///
/// Returns `None` when:
/// - the flows have no sign change (all positive, all negative, all zero, empty): there is no
///   root;
/// - some flow is not finite;
/// - no root is found in [[`IRR_MIN_RATE`], [`IRR_MAX_RATE`]].
///
/// **Several roots.** A series whose signs change more than once can have several IRRs (up to
/// the number of sign changes). This returns the root nearest 0 (smallest |r|; on an exact tie,
/// the positive one): the rate of return closest to breaking even, and the one that does not
/// jump when a small change to a flow makes a far root appear or disappear.
///
/// **Method.** Never a bare Newton iteration:
/// 1. Descartes' rule of signs, applied to the cumulative flows (for r > 0) and to the
///    cumulative flows summed from the end (for r < 0), bounds the number of roots on each side
///    of 0; a side whose bound is 0 is not searched.
/// 2. Both sides are scanned outwards from 0 in step, over the rate magnitudes
///    0.005 (1.1^k - 1) (0.05% near 0, growing 10% a step), up to 0.99 below 0 and
///    [`IRR_GRID_MAX`] above (when the bounds allow only one root in all, over the coarser
///    0.005 (2^k - 1)). The first grid cell where the NPV changes sign is a bracket.
///    Past [`IRR_GRID_MAX`] the scan goes on (doubling, up to [`IRR_MAX_RATE`]) only if the NPV
///    at [`IRR_GRID_MAX`] has the sign opposite to its limit as r grows, so a root must lie beyond.
/// 3. The bracket is refined by Brent's method (inverse quadratic interpolation safeguarded by
///    bisection) to about 2 ulp of the root.
///
/// For r < 0 the NPV is evaluated multiplied by (1 + r)^(n-1) (same sign, same roots, no
/// overflow), so no evaluation can overflow for finite flows. A cell holding an even number of
/// roots shows no sign change, so two roots closer than one grid step (0.05% a period near 0,
/// about 10% of |r| further out) can both be missed, and a farther root (or `None`) returned.
///
/// **Cost.** One NPV evaluation per grid point reached on each searched side, plus 5 to 15 for
/// Brent: about 10 evaluations for a conventional series (costs, then returns), 50 to 60 for a
/// noisy one with many sign changes, about 250 at the very most.
pub fn irr(flows: &[f64]) -> Option<f64> {
    let signs = SignCounts::of(flows)?;
    if signs.flows == 0 {
        return None;
    }
    let h0 = discounted_sum(flows, 1.0);
    if h0 == 0.0 {
        return Some(0.0);
    }
    // Above 0: the NPV itself, as a polynomial in 1/(1 + r) <= 1.
    let above = |r: f64| discounted_sum(flows, 1.0 / (1.0 + r));
    // Below 0: the NPV times (1 + r)^(n-1), as a polynomial in 1 + r < 1.
    let below = |r: f64| compounded_sum(flows, 1.0 + r);

    let mut up = (signs.cumulative > 0).then_some((0.0, h0));
    let mut down = (signs.cumulative_from_end > 0).then_some((0.0, h0));
    // At most one root in all (one side's bound is 1, the other's 0): no pair of roots to tell
    // apart, so a coarse grid only has to bracket it.
    let ratio = if signs.cumulative + signs.cumulative_from_end == 1 {
        UNIQUE_GRID_RATIO
    } else {
        GRID_RATIO
    };
    let mut growth = 1.0;
    while up.is_some() || down.is_some() {
        growth *= ratio;
        let magnitude = GRID_SCALE * (growth - 1.0);
        let mut root_up = None;
        if let Some((r0, v0)) = up {
            let r1 = magnitude.min(IRR_GRID_MAX);
            let v1 = above(r1);
            match bracket(&above, r0, v0, r1, v1) {
                Scan::Root(r) => root_up = Some(r),
                Scan::Continue if r1 < IRR_GRID_MAX => up = Some((r1, v1)),
                Scan::Continue => {
                    up = None;
                    // The limit as r grows is the sign of the first non-zero flow.
                    if (v1 > 0.0) != (signs.first > 0.0) {
                        root_up = search_beyond_grid(&above, r1, v1);
                    }
                }
            }
        }
        let mut root_down = None;
        if let Some((r0, v0)) = down {
            let r1 = (-magnitude).max(IRR_MIN_RATE);
            let v1 = below(r1);
            match bracket(&below, r0, v0, r1, v1) {
                Scan::Root(r) => root_down = Some(r),
                Scan::Continue if r1 > IRR_MIN_RATE => down = Some((r1, v1)),
                Scan::Continue => down = None,
            }
        }
        // A root found in this step lies at |r| in (previous magnitude, magnitude]: nearer 0
        // than anything a later step could find, on either side. Both sides have had this step.
        match (root_up, root_down) {
            (Some(u), Some(d)) => return Some(if u <= -d { u } else { d }),
            (Some(u), None) => return Some(u),
            (None, Some(d)) => return Some(d),
            (None, None) => {}
        }
    }
    None
}

/// The first period from which the cumulative flow is non-negative and stays non-negative to the
/// end of the series; `None` if the cumulative flow ends negative (no payback within the horizon),
/// or the series is empty.
///
/// A series whose cumulative flow never goes negative pays back at period 0. One that turns
/// non-negative, dips below zero again and recovers pays back only at the last recovery. The
/// comparison is exact (no tolerance): a series breaking even only up to rounding error may land
/// either side. A NaN cumulative flow counts as negative.
pub fn payback_period(flows: &[f64]) -> Option<usize> {
    let mut cumulative = 0.0;
    let mut since = None;
    for (t, &flow) in flows.iter().enumerate() {
        cumulative += flow;
        if cumulative >= 0.0 {
            since = since.or(Some(t));
        } else {
            // Negative, or NaN.
            since = None;
        }
    }
    since
}

/// Return on investment: (gain - cost) / cost, so a gain of 3x the cost is an ROI of 2.0 (200%)
/// and breaking even is 0. `None` when the cost is not positive (zero, negative or NaN): the
/// ratio is undefined.
pub fn roi(total_gain: f64, total_cost: f64) -> Option<f64> {
    if total_cost > 0.0 {
        Some((total_gain - total_cost) / total_cost)
    } else {
        None
    }
}

/// What the IRR of one series means, from the shape of the flows around it.
///
/// An IRR reads as a rate of return only for an investment: cash goes out first and comes back
/// later, so the NPV falls as the discount rate rises and crosses zero at the IRR. When cash
/// comes in first and goes out later (+10,000 now, -300 a week after), the same root is the
/// rate at which that deal borrows: the NPV rises with the rate, and a high "IRR" is a costly
/// loan, not a good return. Otherwise (no root, or a root where the NPV only touches zero) no
/// rate describes the series. docs/model.md, "Reading the business case".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IrrKind {
    /// The flows start negative and the NPV falls through zero at the root: a return.
    Return,
    /// The flows start positive and the NPV rises through zero at the root: a borrowing rate.
    BorrowingRate,
    /// No sign change, no root in range, or a root the shape does not make a rate of either kind.
    NotApplicable,
}

/// Classifies the weekly root `irr_weekly` of `flows` ([`IrrKind`]): by the sign of the first
/// non-zero flow and the direction in which the NPV crosses zero at the root (compared a
/// hundredth of the root's distance to -1 either side, so that rounding cannot decide it).
pub fn classify_irr(flows: &[f64], irr_weekly: Option<f64>) -> IrrKind {
    let Some(r) = irr_weekly else {
        return IrrKind::NotApplicable;
    };
    let first = flows.iter().copied().find(|&f| f != 0.0).unwrap_or(0.0);
    let step = 0.01 * (1.0 + r).min(1.0);
    let (below, above) = (npv(flows, r - step), npv(flows, r + step));
    if first < 0.0 && below > 0.0 && above < 0.0 {
        IrrKind::Return
    } else if first > 0.0 && below < 0.0 && above > 0.0 {
        IrrKind::BorrowingRate
    } else {
        IrrKind::NotApplicable
    }
}

/// The business case of one weekly cash-flow series (one simulated trial of one strategy).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CashFlowMetrics {
    /// Net present value at week 0, discounted at the weekly equivalent of the annual rate.
    pub npv: f64,
    /// Internal rate of return, annualised from the weekly root ([`irr`], [`annualise`]);
    /// `None` when the weekly IRR is. What it means is [`CashFlowMetrics::irr_kind`].
    pub irr_annual: Option<f64>,
    /// Whether `irr_annual` is a return, a borrowing rate or neither ([`classify_irr`]).
    pub irr_kind: IrrKind,
    /// First week from which the cumulative flow stays non-negative ([`payback_period`]);
    /// `None` when it does not within the series.
    pub payback_week: Option<usize>,
    /// (gains - costs) / costs ([`roi`]); `None` when costs are not positive.
    pub roi: Option<f64>,
    /// Whether the cumulative flow is never negative: nothing to pay back, so the payback
    /// week of 0 means "never behind", not "recovered an outlay at once".
    pub never_behind: bool,
}

/// All the metrics of one weekly series: NPV at the weekly equivalent of
/// `annual_discount_rate` ([`weekly_rate`]), annualised IRR, payback week, and the ROI of the
/// given totals (`gains` and `costs` are passed in, not derived from `flows`, since a net flow
/// no longer tells what was gained from what was spent).
pub fn metrics(
    flows: &[f64],
    gains: f64,
    costs: f64,
    annual_discount_rate: f64,
) -> CashFlowMetrics {
    let weekly_irr = irr(flows);
    CashFlowMetrics {
        npv: npv(flows, weekly_rate(annual_discount_rate)),
        irr_annual: weekly_irr.map(annualise),
        irr_kind: classify_irr(flows, weekly_irr),
        payback_week: payback_period(flows),
        roi: roi(gains, costs),
        never_behind: never_behind(flows),
    }
}

/// Whether the running sum of `flows` stays >= 0 throughout (true for an empty series).
pub fn never_behind(flows: &[f64]) -> bool {
    let mut cumulative = 0.0;
    flows.iter().all(|&f| {
        cumulative += f;
        cumulative >= 0.0
    })
}

/// Sum of `flows[t] * x^t`, by Horner's rule from the last flow, in four chains (one per
/// residue of t mod 4, stepping by x^4) combined at the end.
fn discounted_sum(flows: &[f64], x: f64) -> f64 {
    let x2 = x * x;
    let x4 = x2 * x2;
    let chunks = flows.chunks_exact(4);
    // The incomplete last chunk holds the highest powers: it starts the chains.
    let mut acc = [0.0; 4];
    for (a, &f) in acc.iter_mut().zip(chunks.remainder()) {
        *a = f;
    }
    for chunk in chunks.rev() {
        for (a, &f) in acc.iter_mut().zip(chunk) {
            *a = *a * x4 + f;
        }
    }
    ((acc[3] * x + acc[2]) * x + acc[1]) * x + acc[0]
}

/// Sum of `flows[t] * y^(n-1-t)` (the flows compounded to the last period), by Horner's rule
/// from the first flow, in four chains stepping by y^4, the incomplete last chunk added after.
fn compounded_sum(flows: &[f64], y: f64) -> f64 {
    let y2 = y * y;
    let y4 = y2 * y2;
    let chunks = flows.chunks_exact(4);
    let tail = chunks.remainder();
    let mut acc = [0.0; 4];
    for chunk in chunks {
        for (a, &f) in acc.iter_mut().zip(chunk) {
            *a = *a * y4 + f;
        }
    }
    let combined = ((acc[0] * y + acc[1]) * y + acc[2]) * y + acc[3];
    tail.iter().fold(combined, |sum, &f| sum * y + f)
}

/// Sign changes that bound the roots of the NPV, and the sign at r → ∞.
struct SignCounts {
    /// Sign changes of the flows (zeros skipped): 0 means no root anywhere.
    flows: usize,
    /// Sign changes of the cumulative flows: an upper bound on the roots with r > 0.
    cumulative: usize,
    /// Sign changes of the cumulative flows summed from the end: an upper bound on the roots
    /// with -1 < r < 0.
    cumulative_from_end: usize,
    /// The first non-zero flow, whose sign the NPV takes as r → ∞ (0 if all are zero).
    first: f64,
}

impl SignCounts {
    /// `None` if a flow is not finite.
    ///
    /// Why the cumulative flows bound the positive roots: with x = 1/(1 + r) and
    /// `C_t = flows[0] + ... + flows[t]`, `NPV(x) / (1 - x) = sum over t >= 0 of C_min(t, n-1) x^t`
    /// for 0 < x < 1, a power series whose sign changes are those of C; Descartes' rule of signs
    /// (which holds for such series) bounds its roots in 0 < x < 1, i.e. r > 0, by them. For
    /// r < 0 the same argument applies to the reversed series in 1 + r.
    fn of(flows: &[f64]) -> Option<SignCounts> {
        let mut counts = SignCounts {
            flows: 0,
            cumulative: 0,
            cumulative_from_end: 0,
            first: 0.0,
        };
        let (mut last_flow, mut last_cumulative, mut cumulative) = (0.0, 0.0, 0.0);
        for &flow in flows {
            if !flow.is_finite() {
                return None;
            }
            cumulative += flow;
            counts.flows += sign_change(&mut last_flow, flow);
            counts.cumulative += sign_change(&mut last_cumulative, cumulative);
        }
        if counts.flows == 0 {
            // No root anywhere: the rest is not needed.
            return Some(counts);
        }
        counts.first = flows.iter().copied().find(|&f| f != 0.0).unwrap_or(0.0);
        let (mut last, mut from_end) = (0.0, 0.0);
        for &flow in flows.iter().rev() {
            from_end += flow;
            counts.cumulative_from_end += sign_change(&mut last, from_end);
        }
        Some(counts)
    }
}

/// 1 if `value` is non-zero with the sign opposite to the last non-zero value seen, else 0;
/// remembers `value` when it is non-zero.
fn sign_change(last: &mut f64, value: f64) -> usize {
    if value == 0.0 {
        return 0;
    }
    let changed = *last != 0.0 && (*last > 0.0) != (value > 0.0);
    *last = value;
    usize::from(changed)
}

/// What one grid step found.
enum Scan {
    /// A root in the cell, refined.
    Root(f64),
    /// No sign change in the cell.
    Continue,
}

/// Looks for a root between `r0` (where `f` is `v0`, non-zero) and `r1` (where it is `v1`).
fn bracket(f: &impl Fn(f64) -> f64, r0: f64, v0: f64, r1: f64, v1: f64) -> Scan {
    if v1 == 0.0 {
        Scan::Root(r1)
    } else if (v0 > 0.0) != (v1 > 0.0) {
        Scan::Root(brent(f, r0, v0, r1, v1))
    } else {
        Scan::Continue
    }
}

/// Past the grid, where a root is certain: doubles r from `r0` (value `v0`) up to
/// [`IRR_MAX_RATE`] until the sign changes, then refines.
fn search_beyond_grid(f: &impl Fn(f64) -> f64, mut r0: f64, mut v0: f64) -> Option<f64> {
    while r0 < IRR_MAX_RATE {
        let r1 = (2.0 * r0).min(IRR_MAX_RATE);
        let v1 = f(r1);
        if let Scan::Root(r) = bracket(f, r0, v0, r1, v1) {
            return Some(r);
        }
        (r0, v0) = (r1, v1);
    }
    None
}

/// Brent's method (R. P. Brent, 1973, "zeroin"): a root of `f` between `a` and `b`, where
/// `f(a) = fa` and `f(b) = fb` are non-zero with opposite signs. Inverse quadratic or secant
/// steps when they stay well inside the bracket, bisection otherwise; the bracket always holds a
/// sign change. Stops when it is narrower than about 2 ulp of the root plus [`IRR_ABS_TOL`].
fn brent(f: &impl Fn(f64) -> f64, mut a: f64, mut fa: f64, mut b: f64, mut fb: f64) -> f64 {
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..BRENT_MAX_ITER {
        if (fb > 0.0) == (fc > 0.0) {
            (c, fc) = (a, fa);
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            (a, fa) = (b, fb);
            (b, fb) = (c, fc);
            (c, fc) = (a, fa);
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * IRR_ABS_TOL;
        let half = 0.5 * (c - b);
        if half.abs() <= tol || fb == 0.0 {
            return b;
        }
        let mut bisect = true;
        if e.abs() >= tol && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                // Secant.
                (2.0 * half * s, 1.0 - s)
            } else {
                // Inverse quadratic interpolation.
                let q = fa / fc;
                let r = fb / fc;
                (
                    s * (2.0 * half * q * (q - r) - (b - a) * (r - 1.0)),
                    (q - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < 3.0 * half * q - (tol * q).abs() && p < (0.5 * e * q).abs() {
                e = d;
                d = p / q;
                bisect = false;
            }
        }
        if bisect {
            d = half;
            e = d;
        }
        (a, fa) = (b, fb);
        b += if d.abs() > tol { d } else { tol.copysign(half) };
        fb = f(b);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NPV by the textbook formula, one power per term: the reference for the Horner form.
    fn npv_naive(flows: &[f64], r: f64) -> f64 {
        flows
            .iter()
            .enumerate()
            .map(|(t, f)| f / (1.0 + r).powi(t as i32))
            .sum()
    }

    /// Sum of the discounted terms' sizes, |flows[t]| / (1 + r)^t: the scale against which an
    /// NPV of "zero" at r is judged (at r < 0 late terms are magnified, and so is their rounding).
    fn scale(flows: &[f64], r: f64) -> f64 {
        flows
            .iter()
            .enumerate()
            .map(|(t, f)| (f / (1.0 + r).powi(t as i32)).abs())
            .sum()
    }

    /// Asserts that `r` is a root of the flows: the NPV there is ~0 relative to the size of the
    /// discounted terms (each is rounded a few times, so 1e-12 of their total is generous) and
    /// it changes sign across r (so the root is not merely a near-miss).
    fn assert_root(flows: &[f64], r: f64) {
        let at = npv(flows, r);
        assert!(
            at.abs() <= 1e-12 * scale(flows, r),
            "NPV at {r} is {at}, not ~0 for {flows:?}"
        );
        let (lo, hi) = (npv(flows, r - 1e-9), npv(flows, r + 1e-9));
        assert!(
            (lo > 0.0) != (hi > 0.0),
            "no sign change across {r}: {lo}, {hi}"
        );
    }

    #[test]
    fn weeks_per_year_is_whole_weeks() {
        assert_eq!(WEEKS_PER_YEAR, 52.0);
    }

    #[test]
    fn ten_percent_a_year_is_about_0_1834_percent_a_week() {
        let w = weekly_rate(0.10);
        // 1.1^(1/52) - 1 = exp(ln 1.1 / 52) - 1 = 0.00183457...; 1e-8 is well inside the
        // quoted precision (0.1834%) and far above rounding.
        assert!((w - 0.001_834_57).abs() < 1e-8, "weekly rate {w}");
        // Independently of annualise: compounding it 52 times by multiplication gives 10% back
        // (52 roundings of ~1e-16 each).
        let compounded = (0..52).fold(1.0, |acc, _| acc * (1.0 + w));
        assert!((compounded - 1.1).abs() < 1e-13, "compounded {compounded}");
    }

    #[test]
    fn weekly_rate_and_annualise_round_trip() {
        for annual in [-0.9, -0.2, -1e-6, 0.0, 1e-9, 0.05, 0.10, 1.0, 25.0] {
            let back = annualise(weekly_rate(annual));
            // ln_1p/exp_m1 keep relative precision; 1e-13 relative allows a few ulp through the
            // two transcendental calls, amplified by at most 52 in the exponent.
            assert!(
                (back - annual).abs() <= 1e-13 * annual.abs().max(1e-9),
                "{annual} -> {back}"
            );
        }
        for weekly in [-0.5, -0.001, 0.0, 1e-7, 0.002, 0.05, 1.0] {
            let back = weekly_rate(annualise(weekly));
            assert!(
                (back - weekly).abs() <= 1e-13 * weekly.abs().max(1e-9),
                "{weekly} -> {back}"
            );
        }
        assert_eq!(weekly_rate(0.0), 0.0);
        assert_eq!(annualise(-1.0), -1.0);
    }

    #[test]
    fn npv_of_a_hand_worked_series_at_ten_percent() {
        // -1000 + 330/1.1 + 363/1.1^2 + 665.5/1.1^3
        //   = -1000 + 300 + 363/1.21 + 665.5/1.331
        //   = -1000 + 300 + 300 + 500 = 100.
        let flows = [-1000.0, 330.0, 363.0, 665.5];
        let v = npv(&flows, 0.10);
        // A handful of roundings on values of ~1000: 1e-9 is far above them.
        assert!((v - 100.0).abs() < 1e-9, "NPV {v}");
        // At rate 0 the NPV is the plain sum: 358.5, exact in binary.
        assert_eq!(npv(&flows, 0.0), 358.5);
        assert_eq!(npv(&[], 0.1), 0.0);
    }

    #[test]
    fn npv_matches_the_textbook_formula_on_three_years_of_weeks() {
        // 156 weeks of uneven flows; lengths 153..=156 exercise every remainder of the four
        // Horner chains.
        let flows: Vec<f64> = (0..156)
            .map(|t| match t {
                0 => -50_000.0,
                _ => 250.0 + 37.0 * ((t * 7) % 11) as f64,
            })
            .collect();
        for n in 153..=156 {
            let flows = &flows[..n];
            for r in [-0.3, -0.01, 0.0, weekly_rate(0.1), 0.02, 0.5] {
                let (fast, naive) = (npv(flows, r), npv_naive(flows, r));
                // Both round ~n terms, in different orders: relative to the size of the
                // discounted terms, 1e-12 is far above n * EPSILON (~3.5e-14).
                let size = scale(flows, r);
                assert!(
                    (fast - naive).abs() <= 1e-12 * size,
                    "n {n} r {r}: {fast} vs {naive}"
                );
            }
        }
    }

    #[test]
    fn horner_chains_match_the_plain_sums_for_every_length() {
        let flows = [3.0, -1.5, 2.25, -4.0, 0.5, 7.0, -2.0, 1.0, -0.75];
        for n in 0..=flows.len() {
            let flows = &flows[..n];
            for z in [0.0_f64, 0.3, 0.9, 1.0] {
                let discounted: f64 = (0..n).map(|t| flows[t] * z.powi(t as i32)).sum();
                let compounded: f64 = (0..n).map(|t| flows[t] * z.powi((n - 1 - t) as i32)).sum();
                // Nine terms of size < 8: 1e-13 is far above the rounding of either order.
                assert!(
                    (discounted_sum(flows, z) - discounted).abs() < 1e-13,
                    "n {n} z {z}"
                );
                assert!(
                    (compounded_sum(flows, z) - compounded).abs() < 1e-13,
                    "n {n} z {z}"
                );
            }
        }
    }

    #[test]
    fn irr_of_the_classic_five_year_series_is_8_66_percent() {
        let flows = [-70_000.0, 12_000.0, 15_000.0, 18_000.0, 21_000.0, 26_000.0];
        let r = irr(&flows).expect("one sign change: exactly one root");
        // The published value is 8.66% (rounded to 0.01%), i.e. 0.086631 to six places;
        // 1e-4 is the published figure's own rounding (0.01%).
        assert!((r - 0.0866).abs() < 1e-4, "IRR {r}");
        assert!((r - 0.086_631).abs() < 1e-6, "IRR {r}");
        assert_root(&flows, r);
    }

    #[test]
    fn irr_of_a_weekly_series_is_a_root_and_annualises() {
        // 10 000 upfront, then 260 a week for 51 weeks: 13 260 back for 10 000, a clear
        // positive IRR of roughly 1% a week.
        let mut flows = vec![260.0; 52];
        flows[0] = -10_000.0;
        let r = irr(&flows).expect("one sign change");
        assert_root(&flows, r);
        assert!(r > 0.005 && r < 0.02, "weekly IRR {r}");
        let m = metrics(&flows, 13_260.0, 10_000.0, 0.10);
        assert_eq!(m.irr_annual, Some(annualise(r)));
        assert_eq!(m.npv, npv(&flows, weekly_rate(0.10)));
        assert_eq!(m.payback_week, Some(39)); // -10 000 + 260 * 39 = 140 >= 0, at 38: -120.
        assert_eq!(m.roi, Some(0.326));
    }

    #[test]
    fn irr_is_none_without_a_sign_change() {
        assert_eq!(irr(&[100.0, 50.0, 0.0, 25.0]), None);
        assert_eq!(irr(&[-100.0, -50.0, 0.0, -25.0]), None);
        assert_eq!(irr(&[0.0; 52]), None);
        assert_eq!(irr(&[]), None);
        assert_eq!(irr(&[-5.0]), None);
    }

    #[test]
    fn irr_is_none_for_non_finite_flows() {
        assert_eq!(irr(&[-100.0, f64::NAN, 120.0]), None);
        assert_eq!(irr(&[-100.0, f64::INFINITY]), None);
    }

    #[test]
    fn irr_with_two_sign_changes_is_the_root_nearest_zero() {
        // -100 + 230x - 132x^2 = 0 with x = 1/(1+r): x = (230 ± 10) / 264, i.e. x = 1/1.1 and
        // x = 1/1.2: roots at r = 10% and r = 20%. Nearest 0: 10%.
        let flows = [-100.0, 230.0, -132.0];
        let r = irr(&flows).expect("two roots");
        // Brent stops within ~2 ulp; the roots are well separated and well conditioned.
        assert!((r - 0.10).abs() < 1e-12, "IRR {r}");
        assert_root(&flows, r);
    }

    #[test]
    fn irr_nearest_zero_can_be_negative() {
        // NPV (1+r)^2 = -1000 (y - 0.95)(y - 1.3) with y = 1 + r: roots at -5% and +30%.
        let r = irr(&[-1000.0, 2250.0, -1235.0]).expect("two roots");
        assert!((r + 0.05).abs() < 1e-12, "IRR {r}");
        // -1000 (y - 0.7)(y - 1.05): roots at -30% and +5%.
        let r = irr(&[-1000.0, 1750.0, -735.0]).expect("two roots");
        assert!((r - 0.05).abs() < 1e-12, "IRR {r}");
    }

    #[test]
    fn irr_handles_zero_flows_at_either_end_and_a_root_at_zero() {
        // Leading and trailing zeros do not move the root: -100 + 110/(1+r) = 0 at r = 10%.
        for flows in [
            &[-100.0, 110.0][..],
            &[0.0, 0.0, -100.0, 110.0],
            &[-100.0, 110.0, 0.0, 0.0, 0.0],
        ] {
            let r = irr(flows).expect("one sign change");
            assert!((r - 0.10).abs() < 1e-12, "{flows:?}: IRR {r}");
        }
        // Getting back exactly what was put in: IRR 0.
        assert_eq!(irr(&[-100.0, 60.0, 40.0]), Some(0.0));
    }

    #[test]
    fn irr_outside_the_searched_range() {
        // Losing 99.5% in one period: the root, -0.995, is below IRR_MIN_RATE.
        assert_eq!(irr(&[-100.0, 0.5]), None);
        // Past the grid, but certain to be there: 49 (4900%) a period is found by doubling.
        let r = irr(&[-1.0, 50.0]).expect("root past the grid");
        assert!((r - 49.0).abs() < 1e-12, "IRR {r}");
        // 10^7 - 1 a period is beyond IRR_MAX_RATE.
        assert_eq!(irr(&[-1.0, 1e7]), None);
    }

    #[test]
    fn irr_roots_of_many_sign_changes_are_roots() {
        // A fixed pseudo-random stream of weekly flows (costs most weeks, a deal now and then),
        // many sign changes: whatever root is returned must be one.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut found = 0;
        for _ in 0..200 {
            let flows: Vec<f64> = (0..52)
                .map(|t| match t {
                    0 => -20_000.0 * next(),
                    _ if next() < 0.15 => 8_000.0 * next(),
                    _ => -300.0 * next(),
                })
                .collect();
            if let Some(r) = irr(&flows) {
                found += 1;
                assert_root(&flows, r);
            }
        }
        // Most of these series do have a root; a search that gave up on them would be broken.
        assert!(found > 100, "only {found} of 200 series have an IRR");
    }

    #[test]
    fn an_irr_is_a_return_only_for_an_investment() {
        // The switch a -> b: +10,000 now, nothing in week 1, then -300 a week to week
        // 51. Its root is a's investment IRR (the series is a's negated): a borrowing rate.
        let mut switch = vec![-300.0; 52];
        switch[0] = 10_000.0;
        switch[1] = 0.0;
        let r = irr(&switch).expect("one sign change");
        assert_eq!(classify_irr(&switch, Some(r)), IrrKind::BorrowingRate);
        let invest: Vec<f64> = switch.iter().map(|f| -f).collect();
        assert_eq!(irr(&invest), Some(r));
        assert_eq!(classify_irr(&invest, Some(r)), IrrKind::Return);
        // Its NPV at 10% a year: 10,000 - 300 x sum over t = 2..51 of v^t, v = 1/1.1^(1/52):
        // negative (the issue's -$4,294), and it never pays back (10,000 - 50 x 300 < 0).
        let v = 1.0 / (1.0 + weekly_rate(0.10));
        let annuity: f64 = (2..52).map(|t| v.powi(t)).sum();
        let m = metrics(&switch, 0.0, 0.0, 0.10);
        assert!(
            (m.npv - (10_000.0 - 300.0 * annuity)).abs() < 1e-6,
            "{}",
            m.npv
        );
        assert!((m.npv + 4_294.0).abs() < 1.0, "{}", m.npv);
        assert_eq!(m.irr_kind, IrrKind::BorrowingRate);
        assert_eq!(m.payback_week, None);
    }

    #[test]
    fn irr_kinds_for_every_sign_pattern() {
        // Never turns: no IRR at all.
        assert_eq!(
            metrics(&[5.0, 5.0, 5.0], 15.0, 0.0, 0.1).irr_kind,
            IrrKind::NotApplicable
        );
        assert_eq!(
            metrics(&[-5.0, -5.0], 0.0, 10.0, 0.1).irr_kind,
            IrrKind::NotApplicable
        );
        assert_eq!(
            metrics(&[0.0; 4], 0.0, 0.0, 0.1).irr_kind,
            IrrKind::NotApplicable
        );
        assert_eq!(metrics(&[], 0.0, 0.0, 0.1).irr_kind, IrrKind::NotApplicable);
        // A losing investment still has a (negative) return: -100, then 90 back.
        let m = metrics(&[-100.0, 90.0], 90.0, 100.0, 0.1);
        assert_eq!(m.irr_kind, IrrKind::Return);
        assert!((weekly_rate(m.irr_annual.unwrap()) + 0.1).abs() < 1e-12);
        // Two sign changes with roots at 10% and 20% a period (see the test above): the root
        // nearest 0 is 10%, where the NPV rises (it is negative below 10%): starts negative but
        // is no investment there, so no reading applies.
        let flows = [-100.0, 230.0, -132.0];
        assert_eq!(classify_irr(&flows, irr(&flows)), IrrKind::NotApplicable);
        // Borrowing then repaying with interest: +100, -110: 10% a period, a borrowing rate.
        assert_eq!(
            classify_irr(&[100.0, -110.0], irr(&[100.0, -110.0])),
            IrrKind::BorrowingRate
        );
    }

    #[test]
    fn payback_after_a_dip_below_zero_is_the_last_turn() {
        // Cumulative: -100, -40, 20, -30, -20, 20: non-negative at 2, negative again at 3,
        // non-negative for good from 5.
        assert_eq!(
            payback_period(&[-100.0, 60.0, 60.0, -50.0, 10.0, 40.0]),
            Some(5)
        );
    }

    #[test]
    fn payback_at_period_zero_and_never() {
        // Non-negative from the start (a zero cumulative counts as paid back).
        assert_eq!(payback_period(&[0.0, 10.0, -10.0, 5.0]), Some(0));
        assert_eq!(payback_period(&[50.0, -20.0, 10.0]), Some(0));
        // Cumulative -100, -60, -20, -1: never within the horizon.
        assert_eq!(payback_period(&[-100.0, 40.0, 40.0, 19.0]), None);
        // Turns non-negative, then ends negative.
        assert_eq!(payback_period(&[-100.0, 150.0, -60.0]), None);
        assert_eq!(payback_period(&[]), None);
        // Exactly breaking even at the end counts.
        assert_eq!(payback_period(&[-100.0, 60.0, 40.0]), Some(2));
        assert_eq!(payback_period(&[-1.0, f64::NAN, 5.0]), None);
    }

    #[test]
    fn roi_is_net_gain_over_cost() {
        // 3x the cost back: ROI 200%. 300 and 100 are exact in binary, so is 2.0.
        assert_eq!(roi(300.0, 100.0), Some(2.0));
        assert_eq!(roi(100.0, 100.0), Some(0.0));
        assert_eq!(roi(50.0, 100.0), Some(-0.5));
        assert_eq!(roi(300.0, 0.0), None);
        assert_eq!(roi(300.0, -10.0), None);
        assert_eq!(roi(300.0, f64::NAN), None);
    }
}
