//! The numbers behind the charts, computed before anything is drawn: axis ranges, bins,
//! quantile bands, exceedance curves, the funnel per rep-week. Pure functions, unit-tested;
//! the chart files only turn their output into shapes.

use crate::analysis::weekly::WeekRow;
use crate::stats::{RepWeekDistribution, quantile_sorted};
use crate::whatif::sensitivity::Bar;

/// Share of each tail left off a chart's value axis: the axis spans the 0.1st to the 99.9th
/// percentile, so a handful of extreme trials cannot squash everything else into a few bins.
pub const AXIS_TAIL: f64 = 0.001;
/// Most points drawn for one exceedance curve: a few hundred resolve P(X >= x) to well under
/// a percentage point, and keep the SVG small.
pub const EXCEEDANCE_POINTS: usize = 300;
/// Fewest and most bins a histogram aims at for one strategy.
const MIN_BINS: f64 = 10.0;
const MAX_BINS: f64 = 60.0;

/// The round numbers steps are made of: 1, 2, 2.5 and 5 times a power of ten.
const ROUND: [f64; 4] = [1.0, 2.0, 2.5, 5.0];

/// A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into about `target`
/// parts, never more: for axis ticks.
pub fn nice_step(span: f64, target: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / target.max(1) as f64;
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let r = raw / magnitude;
    ROUND
        .iter()
        .chain(&[10.0])
        .find(|&&m| r <= m * (1.0 + 1e-9))
        .map_or(10.0, |m| m * magnitude)
}

/// The round step nearest (by ratio) to `span` / `target`: for bin widths, so a histogram
/// has between `target` / 1.42 and 1.42 `target` bins (neighbouring round numbers are at most
/// a factor 2 apart).
pub fn nice_bin_width(span: f64, target: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / target.max(1) as f64;
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let r = raw / magnitude;
    let distance = |m: f64| (m / r).ln().abs();
    let best = ROUND.iter().chain(&[10.0]).copied().fold(1.0, |best, m| {
        if distance(m) < distance(best) {
            m
        } else {
            best
        }
    });
    best * magnitude
}

/// How many bins suit `n` values: Rice's rule (2 n^(1/3)), kept between 10 and 60 so that a
/// small run shows no comb of empty bins and a large one no staircase.
pub fn bin_target(n: usize) -> usize {
    (2.0 * (n as f64).cbrt()).clamp(MIN_BINS, MAX_BINS) as usize
}

/// The value range a chart shows for several sorted series: from the lowest 0.1st percentile
/// to the highest 99.9th. A degenerate range (every value equal) is widened around the value.
pub fn display_range(sorted: &[&[f64]]) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in sorted.iter().filter(|s| !s.is_empty()) {
        lo = lo.min(quantile_sorted(s, AXIS_TAIL));
        hi = hi.max(quantile_sorted(s, 1.0 - AXIS_TAIL));
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    widen(lo, hi)
}

/// How a chart's value axis places values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Equal distances for equal differences.
    Linear,
    /// Equal distances for equal ratios (axis coordinates are log10 of the value).
    Log,
}

impl Scale {
    /// The axis coordinate of value `v`. On a log scale a value of 0 or less has no place;
    /// it maps to the log of the smallest positive double, far left of any axis.
    pub fn pos(self, v: f64) -> f64 {
        match self {
            Scale::Linear => v,
            Scale::Log => v.max(f64::MIN_POSITIVE).log10(),
        }
    }

    /// The value at axis coordinate `p`.
    pub fn value(self, p: f64) -> f64 {
        match self {
            Scale::Linear => p,
            Scale::Log => 10f64.powf(p),
        }
    }
}

/// A value axis chosen from the body of the data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueAxis {
    /// Linear or log.
    pub scale: Scale,
    /// The share of each tail of each series left off the axis (and off its histogram):
    /// [`AXIS_TAIL`] unless the axis had to be clipped closer to the body.
    pub tail: f64,
    /// Lowest axis coordinate (a value on a linear scale, its log10 on a log scale).
    pub lo: f64,
    /// Highest axis coordinate.
    pub hi: f64,
}

impl ValueAxis {
    /// Whether the axis is clipped closer than the usual 0.1% tails.
    pub fn clipped(&self) -> bool {
        self.tail > AXIS_TAIL
    }
}

/// The tails tried, in order, for a linear value axis: the usual 0.1%, then 0.5% and 1%.
pub const CLIP_TAILS: [f64; 3] = [AXIS_TAIL, 0.005, 0.01];
/// An axis fits the data when the widest middle 90% (P5 to P95) of any series spans at least
/// this share of it (otherwise a few extreme futures set the axis and the bars crowd into a
/// corner) ...
const WIDEST_BODY_SHARE: f64 = 0.25;
/// ... and the narrowest spans at least this share (about 50 px of a 1,000 px plot; below it
/// that series is a spike at one end, its shape unreadable).
const NARROWEST_BODY_SHARE: f64 = 0.05;

/// For sorted `series` on `scale` with tails `tail` cut off: the axis `(lo, hi)` in axis
/// coordinates and the narrowest and widest share of it a series' P5-P95 spans.
fn axis_fit(series: &[&[f64]], scale: Scale, tail: f64) -> Option<(f64, f64, f64, f64)> {
    let q = |s: &[f64], p: f64| scale.pos(quantile_sorted(s, p));
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in series.iter().filter(|s| !s.is_empty()) {
        lo = lo.min(q(s, tail));
        hi = hi.max(q(s, 1.0 - tail));
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let (lo, hi) = widen(lo, hi);
    let (mut narrowest, mut widest) = (f64::INFINITY, 0.0f64);
    for s in series.iter().filter(|s| !s.is_empty()) {
        let share = (q(s, 0.95) - q(s, 0.05)) / (hi - lo);
        narrowest = narrowest.min(share);
        widest = widest.max(share);
    }
    Some((lo, hi, narrowest, widest))
}

/// The value axis for sorted `series`: linear with the usual 0.1% tails left off when that
/// shows every series' body; else linear clipped at 0.5% or 1% tails (a single heavy tail);
/// else, when `log_allowed` and every series is positive over its axis range, a log scale
/// (series whose sizes differ by orders of magnitude); else the linear axis clipped at 1%.
pub fn value_axis(series: &[&[f64]], log_allowed: bool) -> ValueAxis {
    let fits = |narrowest: f64, widest: f64| {
        narrowest >= NARROWEST_BODY_SHARE && widest >= WIDEST_BODY_SHARE
    };
    let mut last = None;
    for tail in CLIP_TAILS {
        match axis_fit(series, Scale::Linear, tail) {
            None => {
                return ValueAxis {
                    scale: Scale::Linear,
                    tail: AXIS_TAIL,
                    lo: 0.0,
                    hi: 1.0,
                };
            }
            Some((lo, hi, narrowest, widest)) => {
                let axis = ValueAxis {
                    scale: Scale::Linear,
                    tail,
                    lo,
                    hi,
                };
                if fits(narrowest, widest) {
                    return axis;
                }
                last = Some(axis);
            }
        }
    }
    let positive = series
        .iter()
        .filter(|s| !s.is_empty())
        .all(|s| quantile_sorted(s, AXIS_TAIL) > 0.0);
    if log_allowed
        && positive
        && let Some((lo, hi, narrowest, widest)) = axis_fit(series, Scale::Log, AXIS_TAIL)
        && fits(narrowest, widest.max(WIDEST_BODY_SHARE))
    {
        return ValueAxis {
            scale: Scale::Log,
            tail: AXIS_TAIL,
            lo,
            hi,
        };
    }
    last.expect("CLIP_TAILS is not empty")
}

/// Tick positions (log10 of the values) for a log axis from `lo` to `hi`: 1, 2 and 5 times
/// the powers of ten when that gives at most 12 ticks, else the powers of ten alone (every
/// other, or fewer, when even those are many); 1 to 9 times them when 1, 2, 5 gives fewer
/// than 3.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    let within = |mantissas: &[f64], every: i32| -> Vec<f64> {
        let mut ticks = Vec::new();
        let first = lo.floor() as i32;
        let last = hi.ceil() as i32;
        for e in first..=last {
            if (e - first) % every != 0 {
                continue;
            }
            for m in mantissas {
                let p = e as f64 + m.log10();
                if p >= lo - 1e-9 && p <= hi + 1e-9 {
                    ticks.push(p);
                }
            }
        }
        ticks
    };
    let ticks = within(&[1.0, 2.0, 5.0], 1);
    if ticks.len() < 3 {
        return within(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], 1);
    }
    if ticks.len() <= 12 {
        return ticks;
    }
    let mut every = 1;
    loop {
        let ticks = within(&[1.0], every);
        if ticks.len() <= 12 {
            return ticks;
        }
        every += 1;
    }
}

/// `(lo, hi)`, or a small interval around `lo` when the two are equal.
fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if hi > lo {
        (lo, hi)
    } else {
        let pad = (lo.abs() * 0.05).max(1.0);
        (lo - pad, hi + pad)
    }
}

/// Counts of values in equal bins `[start + i w, start + (i + 1) w)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bins {
    /// Left edge of the first bin.
    pub start: f64,
    /// Bin width.
    pub width: f64,
    /// Values per bin.
    pub counts: Vec<u64>,
    /// Every value, inside the bins or not.
    pub total: u64,
    /// Values below the first bin or above the last (not drawn; told in a footnote).
    pub outside: u64,
}

impl Bins {
    /// Right edge of the last bin.
    pub fn end(&self) -> f64 {
        self.start + self.width * self.counts.len() as f64
    }

    /// `(left edge, right edge, share of all values)` per bin.
    pub fn shares(&self) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        let total = self.total.max(1) as f64;
        self.counts.iter().enumerate().map(move |(i, &c)| {
            let lo = self.start + self.width * i as f64;
            (lo, lo + self.width, c as f64 / total)
        })
    }

    /// `(left edge, right edge, percent of all values per `unit` of x)` per bin: a density, so
    /// that histograms with different bin widths share a y axis.
    pub fn density(&self, unit: f64) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        let scale = 100.0 * unit / self.width;
        self.shares().map(move |(lo, hi, s)| (lo, hi, s * scale))
    }

    /// The largest share of any bin.
    pub fn max_share(&self) -> f64 {
        self.counts.iter().copied().max().unwrap_or(0) as f64 / self.total.max(1) as f64
    }
}

/// A bin grid for `(lo, hi)` with about `target` bins: the width a round step, the edges on
/// multiples of it (so 0 is an edge whenever it is in range). Returns (start, width, bins).
pub fn bin_grid(lo: f64, hi: f64, target: usize) -> (f64, f64, usize) {
    let (lo, hi) = widen(lo, hi);
    let width = nice_bin_width(hi - lo, target);
    let start = (lo / width).floor() * width;
    let bins = (((hi - start) / width).ceil() as usize).max(1);
    (start, width, bins)
}

/// Histogram of `values` on the grid `(start, width, bins)`; a value on the last right edge
/// belongs to the last bin.
pub fn histogram(values: &[f64], start: f64, width: f64, bins: usize) -> Bins {
    let mut counts = vec![0u64; bins];
    let mut outside = 0;
    let end = start + width * bins as f64;
    for &v in values {
        if !(start..=end).contains(&v) {
            outside += 1;
            continue;
        }
        let i = (((v - start) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    Bins {
        start,
        width,
        counts,
        total: values.len() as u64,
        outside,
    }
}

/// Histograms of several series for one chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Histograms {
    /// One per series, each on its own grid over its own body (by default the 0.1st to 99.9th
    /// percentile; see [`histograms`]), so a
    /// wide series is not drawn with many more (and noisier) bins than a narrow one.
    pub bins: Vec<Bins>,
    /// The x unit heights refer to: the narrowest bin width, so that no bar is taller than the
    /// share it holds (no height above 100%). Heights are percent of a series' values per
    /// `unit`.
    pub unit: f64,
    /// Left edge of the leftmost bin.
    pub lo: f64,
    /// Right edge of the rightmost bin.
    pub hi: f64,
}

impl Histograms {
    /// The tallest bar, in percent per unit.
    pub fn max_density(&self) -> f64 {
        self.bins
            .iter()
            .map(|b| b.max_share() * 100.0 * self.unit / b.width)
            .fold(0.0, f64::max)
    }

    /// Values of all series beyond their bins.
    pub fn outside(&self) -> u64 {
        self.bins.iter().map(|b| b.outside).sum()
    }
}

/// Histograms of sorted series, each over its own `tail` to `1 - tail` quantile (empty series
/// get an empty grid at 0..1). With `centre`, the
/// bin edges fall half a width either side of it, so that a pile of values exactly at the
/// centre (paired trials that tie) shows as a bar straddling it rather than beside it.
pub fn histograms(sorted: &[&[f64]], centre: Option<f64>, tail: f64) -> Histograms {
    let bins: Vec<Bins> = sorted
        .iter()
        .map(|s| {
            if s.is_empty() {
                return histogram(s, 0.0, 1.0, 1);
            }
            let lo = quantile_sorted(s, tail);
            let hi = quantile_sorted(s, 1.0 - tail);
            let (start, width, bins) = bin_grid(lo, hi, bin_target(s.len()));
            match centre {
                None => histogram(s, start, width, bins),
                Some(c) => {
                    let start = c + (((lo - c) / width + 0.5).floor() - 0.5) * width;
                    let bins = (((hi - start) / width).ceil() as usize).max(1);
                    histogram(s, start, width, bins)
                }
            }
        })
        .collect();
    let drawn = || bins.iter().filter(|b| b.total > 0);
    let unit = drawn().map(|b| b.width).fold(f64::INFINITY, f64::min);
    let lo = drawn().map(|b| b.start).fold(f64::INFINITY, f64::min);
    let hi = drawn().map(|b| b.end()).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo < hi { (lo, hi) } else { (0.0, 1.0) };
    Histograms {
        bins,
        unit: if unit.is_finite() && unit > 0.0 {
            unit
        } else {
            1.0
        },
        lo,
        hi,
    }
}

/// Histograms of sorted series on `axis` (see [`histograms`]): on a log scale the series are
/// binned by the log10 of their values, so bins are equal ratios wide and the unit is a ratio
/// too (`10^unit`).
pub fn histograms_on(sorted: &[&[f64]], axis: &ValueAxis, centre: Option<f64>) -> Histograms {
    match axis.scale {
        Scale::Linear => histograms(sorted, centre, axis.tail),
        Scale::Log => {
            let logs: Vec<Vec<f64>> = sorted
                .iter()
                .map(|s| s.iter().map(|v| Scale::Log.pos(*v)).collect())
                .collect();
            let refs: Vec<&[f64]> = logs.iter().map(Vec::as_slice).collect();
            histograms(&refs, None, axis.tail)
        }
    }
}

/// Re-bins rep-week hours held in bins of `base` hours (bin i is `[i base, (i + 1) base)`) onto
/// a coarser grid over the 0.1st to 99.9th percentile of every distribution. Widths are whole
/// multiples of `base`, so every fine bin falls into exactly one coarse bin.
pub fn rebin_hours(dists: &[&RepWeekDistribution], base: f64, target: usize) -> Vec<Bins> {
    let lo = dists
        .iter()
        .map(|d| d.quantile(AXIS_TAIL))
        .fold(f64::INFINITY, f64::min);
    let hi = dists
        .iter()
        .map(|d| d.quantile(1.0 - AXIS_TAIL))
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let (lo, hi) = widen(lo, hi);
    // A round width, in whole fine bins.
    let per = ((nice_bin_width(hi - lo, target) / base).round() as usize).max(1);
    let width = per as f64 * base;
    let first_fine = ((lo / base).floor() as usize / per) * per;
    let start = first_fine as f64 * base;
    let bins = ((hi - start) / width).ceil().max(1.0) as usize;
    dists
        .iter()
        .map(|d| {
            let mut counts = vec![0u64; bins];
            let mut outside = 0;
            for (i, &c) in d.counts().iter().enumerate() {
                if c == 0 {
                    continue;
                }
                match i.checked_sub(first_fine).map(|k| k / per) {
                    Some(j) if j < bins => counts[j] += c,
                    _ => outside += c,
                }
            }
            Bins {
                start,
                width,
                counts,
                total: d.count(),
                outside,
            }
        })
        .collect()
}

/// Points `(x, P(X >= x))` of the exceedance curve of sorted `values`, at most `max_points` of
/// them, evenly spaced in rank from the smallest value (probability 1) to the largest (1/n).
/// Tied values take the probability of their first occurrence.
pub fn exceedance(sorted: &[f64], max_points: usize) -> Vec<(f64, f64)> {
    let n = sorted.len();
    if n == 0 {
        return Vec::new();
    }
    let m = max_points.clamp(2, n.max(2)).min(n);
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(m);
    for k in 0..m {
        let rank = if m == 1 {
            0
        } else {
            ((k as f64) * (n - 1) as f64 / (m - 1) as f64).round() as usize
        };
        let x = sorted[rank];
        let first = sorted.partition_point(|v| *v < x);
        let p = (n - first) as f64 / n as f64;
        if points.last() != Some(&(x, p)) {
            points.push((x, p));
        }
    }
    points
}

/// The part of the polyline `points` (x increasing) inside `lo <= x <= hi`, with the crossings
/// of the two bounds interpolated, so that nothing is drawn beyond the axis.
pub fn clip_x(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len());
    let inside = |x: f64| (lo..=hi).contains(&x);
    let cross = |a: (f64, f64), b: (f64, f64), x: f64| {
        if b.0 == a.0 {
            (x, a.1)
        } else {
            (x, a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
        }
    };
    for (i, &p) in points.iter().enumerate() {
        if i > 0 {
            let q = points[i - 1];
            if q.0 < lo && p.0 > lo {
                out.push(cross(q, p, lo));
            }
            if q.0 < hi && p.0 > hi {
                out.push(cross(q, p, hi));
            }
        }
        if inside(p.0) {
            out.push(p);
        }
    }
    out
}

/// One week of a fan chart: cumulative revenue across trials.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FanPoint {
    /// Weeks elapsed (0 is the start of the horizon).
    pub week: f64,
    /// 10th percentile across trials.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// The P10-P90 band and median of cumulative revenue, week 0 (nothing booked yet) to W.
pub fn fan(rows: &[WeekRow]) -> Vec<FanPoint> {
    let start = FanPoint {
        week: 0.0,
        p10: 0.0,
        p50: 0.0,
        p90: 0.0,
    };
    std::iter::once(start)
        .chain(rows.iter().map(|r| FanPoint {
            week: f64::from(r.week),
            p10: r.revenue_p10,
            p50: r.revenue_p50,
            p90: r.revenue_p90,
        }))
        .collect()
}

/// The funnel's five stages, in order.
pub const STAGES: [&str; 5] = [
    "Dials",
    "Conversations",
    "Appointments",
    "Proposals",
    "Closes",
];
/// Short names of the stage-to-stage ratios (stage k + 1 over stage k), to fit under a panel.
pub const STAGE_RATIOS: [&str; 4] = [
    "connect rate",
    "conv. to appointment",
    "appt. to proposal",
    "closing ratio",
];

/// The values of a sweep axis as numbers, when every one of them is a number (a trailing `%`
/// divides by 100, as on the command line); None when any is not (a spec, a word).
pub fn numeric_values(values: &[String]) -> Option<Vec<f64>> {
    values
        .iter()
        .map(|v| {
            let v = v.trim();
            match v.strip_suffix('%') {
                Some(p) => p.trim().parse::<f64>().ok().map(|x| x / 100.0),
                None => v.parse::<f64>().ok(),
            }
            .filter(|x| x.is_finite())
        })
        .collect()
}

/// The index of the highest value (the first of equal ones; NaN never wins); None when there
/// is no number.
pub fn best_point(values: &[f64]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, v) in values.iter().enumerate() {
        if v.is_nan() {
            continue;
        }
        if best.is_none_or(|b| *v > values[b]) {
            best = Some(i);
        }
    }
    best
}

/// The bars of a tornado in drawing order, top first: the largest swing first, equal swings in
/// the order given.
pub fn tornado_order(bars: &[Bar]) -> Vec<&Bar> {
    let mut order: Vec<&Bar> = bars.iter().collect();
    order.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    order
}

/// The output range a tornado spans: every bar's two ends and the base value, widened around
/// the value when all are equal.
pub fn tornado_extent(base: f64, bars: &[Bar]) -> (f64, f64) {
    let values = bars
        .iter()
        .flat_map(|b| [b.outputs.0, b.outputs.1])
        .chain(std::iter::once(base))
        .filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if lo.is_finite() {
        widen(lo, hi)
    } else {
        (0.0, 1.0)
    }
}

/// A tornado bar split at the base value: `(from, to)` of the part the input's P10 gives and of
/// the part its P90 gives, each running from the base (clamped into the bar) to that output.
/// Together they cover the bar from one output to the other, meeting at the base when it lies
/// between them.
pub fn tornado_segments(base: f64, bar: &Bar) -> ((f64, f64), (f64, f64)) {
    let (at_low, at_high) = bar.outputs;
    let pivot = base.clamp(at_low.min(at_high), at_low.max(at_high));
    ((pivot, at_low), (pivot, at_high))
}

/// A fan of cumulative cash by week from per-week `(P10, P50, P90)`: week t is the t-th
/// entry (week 0 is the first week, which carries any upfront cost).
pub fn cash_fan(bands: &[(f64, f64, f64)]) -> Vec<FanPoint> {
    bands
        .iter()
        .enumerate()
        .map(|(t, &(p10, p50, p90))| FanPoint {
            week: t as f64,
            p10,
            p50,
            p90,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::BIN_HOURS;

    #[test]
    fn nice_steps_are_round() {
        for (span, target, up, down) in [
            (100.0, 10, 10.0, 10.0),
            (2_600_000.0, 43, 100_000.0, 50_000.0),
            (18.0, 40, 0.5, 0.5),
            (1.0, 4, 0.25, 0.25),
            (7.0, 1, 10.0, 5.0),
            (0.0, 10, 1.0, 1.0),
            (f64::NAN, 10, 1.0, 1.0),
        ] {
            assert_eq!(nice_step(span, target), up, "span {span} target {target}");
            assert_eq!(
                nice_bin_width(span, target),
                down,
                "span {span} target {target}"
            );
        }
        for span in [3.0, 17.0, 123.4, 9_999.0, 0.07] {
            // Ticks: at most 20 parts; bins: within a factor sqrt(2) of 20.
            let parts = span / nice_step(span, 20);
            assert!(
                parts <= 20.0 + 1e-9 && parts > 20.0 / 2.5 - 1e-9,
                "{span}: {parts}"
            );
            let parts = span / nice_bin_width(span, 20);
            assert!(
                (20.0 / 1.415..=20.0 * 1.415).contains(&parts),
                "{span}: {parts}"
            );
        }
    }

    #[test]
    fn value_axes_follow_the_body_of_the_data() {
        let uniform: Vec<f64> = (0..1000).map(f64::from).collect();
        let axis = value_axis(&[&uniform], true);
        assert_eq!((axis.scale, axis.tail), (Scale::Linear, AXIS_TAIL));
        // 8 of 1,008 futures (0.8%) a thousand times larger: the P99.9 and P99.5 (ranks
        // 1,006 and 1,002 of 0..1,007) are among them, and the body (0 to 999) spans under a
        // quarter of such an axis; the P99 (rank 997.9) is in the body, so the axis is clipped
        // at 1%.
        let mut tail = uniform.clone();
        tail.extend((0..8).map(|i| 1e6 + f64::from(i)));
        tail.sort_by(f64::total_cmp);
        let axis = value_axis(&[&tail], true);
        assert_eq!((axis.scale, axis.tail), (Scale::Linear, 0.01));
        assert!(axis.hi < 1e6);
        // Two series a million times apart: the small one's P5-P95 spans under 5% of any
        // linear axis, so a log axis (both positive); the body of each spans more than 5%.
        let small: Vec<f64> = (1..=1000).map(f64::from).collect();
        let large: Vec<f64> = small.iter().map(|v| v * 1e6).collect();
        let axis = value_axis(&[&small, &large], true);
        assert_eq!(axis.scale, Scale::Log);
        assert!(axis.lo <= 50f64.log10() && axis.hi >= 9.5e8f64.log10());
        // Differences may not use a log axis: the linear one clipped at 1%.
        let axis = value_axis(&[&small, &large], false);
        assert_eq!((axis.scale, axis.tail), (Scale::Linear, 0.01));
        assert!((Scale::Log.value(Scale::Log.pos(250.0)) - 250.0).abs() < 1e-9);
    }

    #[test]
    fn log_ticks_are_one_two_five_times_powers_of_ten() {
        let t: Vec<f64> = log_ticks(5.0, 7.0)
            .iter()
            .map(|p| (10f64.powf(*p)).round())
            .collect();
        assert_eq!(t, [1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7]);
        // Many decades: powers of ten only, at most 12.
        let t = log_ticks(0.0, 30.0);
        assert!(t.len() <= 12 && t.iter().all(|p| p.fract() == 0.0), "{t:?}");
        // Under a decade: 1 to 9 times.
        let t = log_ticks(2f64.log10(), 4f64.log10());
        assert_eq!(t.len(), 3);
        assert!(log_ticks(1.0, 1.0).is_empty());
    }

    #[test]
    fn bin_targets_follow_rice_within_bounds() {
        assert_eq!(bin_target(10), 10);
        assert_eq!(bin_target(1000), 20);
        assert_eq!(bin_target(10_000), 43);
        assert_eq!(bin_target(10_000_000), 60);
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let values = [0.0, 0.5, 1.0, 1.5, 2.0, 2.0, -1.0, 9.0];
        let b = histogram(&values, 0.0, 1.0, 2);
        assert_eq!(b.counts, vec![2, 4]); // 2.0 sits on the last right edge
        assert_eq!((b.total, b.outside), (8, 2));
        assert_eq!(b.end(), 2.0);
        let shares: Vec<f64> = b.shares().map(|s| s.2).collect();
        assert_eq!(shares, vec![0.25, 0.5]);
        assert_eq!(b.max_share(), 0.5);
    }

    #[test]
    fn bin_grids_have_round_edges_through_zero() {
        let (start, width, bins) = bin_grid(-130.0, 870.0, 10);
        assert_eq!((start, width, bins), (-200.0, 100.0, 11));
        let (start, width, bins) = bin_grid(-130.0, 870.0, 25);
        assert_eq!((start, width, bins), (-150.0, 50.0, 21));
        // A constant series still gets a grid.
        let (start, width, bins) = bin_grid(5.0, 5.0, 10);
        assert!(start <= 5.0 && start + width * bins as f64 >= 5.0);
    }

    #[test]
    fn histograms_give_each_series_its_bins_and_a_shared_density_scale() {
        let a: Vec<f64> = (0..1000).map(|i| i as f64).collect();
        let b: Vec<f64> = (0..1000).map(|i| 500.0 + 4.0 * i as f64).collect();
        let h = histograms(&[&a, &b, &[]], None, AXIS_TAIL);
        // About 20 bins (Rice for 1,000) across each series, whatever its spread.
        assert_eq!((h.bins[0].width, h.bins[1].width), (50.0, 200.0));
        for x in &h.bins[..2] {
            assert_eq!(x.counts.iter().sum::<u64>() + x.outside, 1000);
            assert!(x.outside <= 2, "only the 0.1% tails may fall outside");
            // The density integrates to the share inside the bins.
            let area: f64 = x
                .density(h.unit)
                .map(|(lo, hi, d)| d * (hi - lo) / h.unit)
                .sum();
            assert!((area - 100.0 * (1000 - x.outside) as f64 / 1000.0).abs() < 1e-9);
        }
        assert_eq!(h.unit, 50.0);
        assert_eq!((h.lo, h.hi), (h.bins[0].start, h.bins[1].end()));
        // Uniform data: 5% of `a` per 50 wide bin; 5% of `b` per 200 is 1.25% per 50.
        assert!((h.max_density() - 5.0).abs() < 0.5, "{}", h.max_density());
        assert!(h.bins[1].density(h.unit).all(|(_, _, d)| d <= 1.25 + 1e-9));
        assert_eq!(h.bins[2].total, 0);
    }

    #[test]
    fn centred_histograms_straddle_the_centre() {
        let mut d: Vec<f64> = (0..1000).map(|i| f64::from(i) - 700.0).collect();
        d.extend(std::iter::repeat_n(0.0, 300));
        d.sort_by(f64::total_cmp);
        let h = histograms(&[&d], Some(0.0), AXIS_TAIL);
        let b = &h.bins[0];
        let k = (-b.start / b.width - 0.5).round() as usize; // the bin centred on 0
        let (lo, hi, _) = b.shares().nth(k).unwrap();
        assert_eq!((lo, hi), (-b.width / 2.0, b.width / 2.0));
        assert_eq!(b.counts[k], 300 + b.width as u64);
        assert_eq!(b.counts.iter().sum::<u64>() + b.outside, 1300);
    }

    #[test]
    fn hours_rebin_exactly() {
        let mut d = RepWeekDistribution::default();
        for i in 0..10_000 {
            d.record(15.005 + (i % 1400) as f64 * 0.01); // the centres of 15.00 .. 28.99
        }
        let b = &rebin_hours(&[&d], BIN_HOURS, 20)[0];
        assert_eq!(b.counts.iter().sum::<u64>() + b.outside, 10_000);
        assert_eq!(b.outside, 0);
        assert!((b.width - 0.5).abs() < 1e-12 && (b.start - 15.0).abs() < 1e-12);
        assert_eq!(b.counts.len(), 28);
        // 15.00-15.49: the first 50 fine bins.
        assert_eq!(
            b.counts[0],
            (0..10_000).filter(|i| i % 1400 < 50).count() as u64
        );
    }

    #[test]
    fn exceedance_is_the_share_at_or_above() {
        let e = exceedance(&[1.0, 2.0, 3.0, 4.0], 300);
        assert_eq!(e, vec![(1.0, 1.0), (2.0, 0.75), (3.0, 0.5), (4.0, 0.25)]);
        // Ties take their first occurrence; repeated points are dropped.
        let e = exceedance(&[1.0, 1.0, 2.0], 300);
        assert_eq!(e, vec![(1.0, 1.0), (2.0, 1.0 / 3.0)]);
        assert!(exceedance(&[], 10).is_empty());
        assert_eq!(exceedance(&[7.0], 10), vec![(7.0, 1.0)]);
    }

    #[test]
    fn exceedance_is_thinned_monotone_and_spans_the_sample() {
        let v: Vec<f64> = (0..100_000).map(|i| (i as f64).sqrt()).collect();
        let e = exceedance(&v, EXCEEDANCE_POINTS);
        assert!(e.len() <= EXCEEDANCE_POINTS && e.len() > EXCEEDANCE_POINTS - 5);
        assert_eq!(e[0], (0.0, 1.0));
        assert_eq!(*e.last().unwrap(), (v[99_999], 1.0 / 100_000.0));
        assert!(e.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 >= w[1].1));
        // The point at rank r says that (n - r) / n of the sample is at least its value.
        let (x, p) = e[150];
        let at_least = v.iter().filter(|y| **y >= x).count() as f64 / v.len() as f64;
        assert!((p - at_least).abs() < 1e-12);
    }

    #[test]
    fn clipping_interpolates_the_bounds() {
        let line = [(0.0, 0.0), (10.0, 10.0), (20.0, 0.0)];
        assert_eq!(
            clip_x(&line, 5.0, 15.0),
            vec![(5.0, 5.0), (10.0, 10.0), (15.0, 5.0)]
        );
        assert_eq!(clip_x(&line, -5.0, 25.0), line.to_vec());
        assert!(clip_x(&line, 30.0, 40.0).is_empty());
    }

    #[test]
    fn fans_start_at_zero_and_keep_their_order() {
        let row = |week, p10, p50, p90| WeekRow {
            week,
            revenue_mean: p50,
            revenue_p10: p10,
            revenue_p50: p50,
            revenue_p90: p90,
            prospecting_hours: 22.0,
            research_hours: 0.0,
            dialing_hours: 22.0,
        };
        let f = fan(&[row(1, 0.0, 0.0, 10.0), row(2, 5.0, 20.0, 40.0)]);
        assert_eq!(f.len(), 3);
        assert_eq!((f[0].week, f[0].p90), (0.0, 0.0));
        assert_eq!(
            (f[2].week, f[2].p10, f[2].p50, f[2].p90),
            (2.0, 5.0, 20.0, 40.0)
        );
        assert!(f.iter().all(|p| p.p10 <= p.p50 && p.p50 <= p.p90));
    }

    #[test]
    fn sweep_values_are_numbers_only_when_all_are() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            numeric_values(&v(&["0", "0.5", " 1 "])),
            Some(vec![0.0, 0.5, 1.0])
        );
        assert_eq!(numeric_values(&v(&["5%", "10%"])), Some(vec![0.05, 0.1]));
        assert_eq!(numeric_values(&v(&["1", "4% to 8%"])), None);
        assert_eq!(numeric_values(&v(&["1", "inf"])), None);
    }

    #[test]
    fn the_best_point_is_the_first_highest() {
        assert_eq!(best_point(&[1.0, 3.0, 2.0, 3.0]), Some(1));
        assert_eq!(best_point(&[f64::NAN, 1.0]), Some(1));
        assert_eq!(best_point(&[]), None);
        assert_eq!(best_point(&[f64::NAN]), None);
    }

    fn bar(key: crate::model::inputs::InputKey, outputs: (f64, f64)) -> Bar {
        Bar {
            key: crate::whatif::sensitivity::Factor::Strategy(key),
            values: (1.0, 2.0),
            target_values: Vec::new(),
            outputs,
        }
    }

    #[test]
    fn tornadoes_put_the_largest_swing_on_top_and_span_every_bar() {
        use crate::model::inputs::InputKey::*;
        let bars = [
            bar(ConnectRate, (90.0, 110.0)),
            bar(RevenuePerSale, (50.0, 170.0)),
            bar(SalesCycleWeeks, (120.0, 100.0)),
            bar(DialsPerHour, (95.0, 105.0)),
        ];
        let keys: Vec<_> = tornado_order(&bars)
            .iter()
            .filter_map(|b| b.key.strategy_input())
            .collect();
        // Swings 120, 20, 20, 10: equal swings keep their order.
        assert_eq!(
            keys,
            [RevenuePerSale, ConnectRate, SalesCycleWeeks, DialsPerHour]
        );
        assert_eq!(tornado_extent(100.0, &bars), (50.0, 170.0));
        // The base counts even outside every bar.
        assert_eq!(tornado_extent(200.0, &bars[..1]), (90.0, 200.0));
        let (lo, hi) = tornado_extent(7.0, &[]);
        assert!(lo < 7.0 && hi > 7.0);
    }

    #[test]
    fn tornado_bars_split_at_the_base() {
        use crate::model::inputs::InputKey::ConnectRate;
        // A rising input: P10 left of the base, P90 right.
        assert_eq!(
            tornado_segments(100.0, &bar(ConnectRate, (80.0, 130.0))),
            ((100.0, 80.0), (100.0, 130.0))
        );
        // A falling one.
        assert_eq!(
            tornado_segments(100.0, &bar(ConnectRate, (120.0, 70.0))),
            ((100.0, 120.0), (100.0, 70.0))
        );
        // Base outside the bar: the P10 part is empty, the P90 part is the whole bar.
        assert_eq!(
            tornado_segments(100.0, &bar(ConnectRate, (110.0, 130.0))),
            ((110.0, 110.0), (110.0, 130.0))
        );
    }

    #[test]
    fn cash_fans_number_weeks_from_zero() {
        let f = cash_fan(&[(-50.0, -40.0, -30.0), (-20.0, 0.0, 15.0)]);
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].week, f[0].p10, f[0].p90), (0.0, -50.0, -30.0));
        assert_eq!((f[1].week, f[1].p50), (1.0, 0.0));
    }
}
