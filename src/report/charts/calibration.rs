//! The charts of `calibrate` (`calibration.html`): observed against fitted for the three
//! fitted shapes. `calibration-closing.png`: each rep's own closing ratio and its shrunken
//! rate over the fitted beta's density; `calibration-cycle.png`: the won-deal cycle's observed
//! survival (Kaplan-Meier, with lost deals as a competing outcome: Aalen-Johansen) against the
//! fitted lognormal's; `calibration-deal-size.png`: the won amounts' empirical CDF against the
//! fitted lognormal's. Each draws nothing when its fit is missing (the caller leaves it out).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use statrs::distribution::{Beta, Continuous, ContinuousCDF, LogNormal};

use super::encode::Drawing;
use super::parts::*;
use super::style::*;
use crate::calibrate::Calibration;
use crate::calibrate::betabinomial::Estimate;
use crate::calibrate::fit::{RateFit, THIN_REP_DEALS};
use crate::report::format::*;

/// Points on a fitted curve.
const CURVE_POINTS: usize = 240;

/// An amount in the export's currency, short: 18.2k, 1.3M (no currency sign: the export's
/// currency is unknown).
pub fn amount_short(v: f64) -> String {
    money_short(v).replacen('$', "", 1)
}

/// A lognormal's median with its 90% interval, each written by `number` and followed by
/// `unit` (" weeks"; empty for amounts): "median 6.6 weeks (90% 6.0 to 7.2)".
pub fn median_interval(median: &Estimate, number: fn(f64) -> String, unit: &str) -> String {
    format!(
        "median {}{unit} (90% {} to {})",
        number(median.value),
        number(median.low),
        number(median.high)
    )
}

/// The legend of a chart of observed against fitted: the observed line with its KS distance
/// to the fit, and the fitted one described by `fitted`.
fn observed_and_fitted(ks: f64, fitted: String) -> Vec<LegendItem> {
    vec![
        LegendItem {
            swatch: Swatch::Line(strategy_colour(0)),
            text: format!("observed (KS distance to the fit {ks:.3})"),
        },
        LegendItem {
            swatch: Swatch::Line(strategy_colour(1)),
            text: format!("fitted: {fitted}"),
        },
    ]
}

/// Draws `frame_spec` and, on a 0..`x_hi` by 0..100% plot with `axes`, the fitted `curve`
/// under the observed `steps` (the layout the cycle and deal-size charts share).
fn observed_against_fitted<DB: DrawingBackend>(
    root: &Area<DB>,
    frame_spec: &Frame,
    x_hi: f64,
    axes_spec: &Axes<'_>,
    curve: Vec<(f64, f64)>,
    steps: Vec<(f64, f64)>,
) -> ChartResult<(), DB> {
    let body = frame(root, frame_spec)?;
    let mut chart = plot(&body, 0.0..x_hi, 0.0..100.0, true)?;
    axes(&mut chart, axes_spec)?;
    chart.draw_series(LineSeries::new(
        curve,
        strategy_colour(1).stroke_width(LINE_WIDTH),
    ))?;
    chart.draw_series(LineSeries::new(
        steps,
        strategy_colour(0).stroke_width(LINE_WIDTH),
    ))?;
    Ok(())
}

/// Which calibration chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalibrationChart {
    /// Reps' closing ratios against the fitted beta.
    Closing,
    /// The cycle's observed survival against the fitted lognormal's.
    Cycle,
    /// Deal sizes' empirical CDF against the fitted lognormal's.
    DealSize,
}

impl CalibrationChart {
    /// Every chart, in report order.
    pub const ALL: [CalibrationChart; 3] = [
        CalibrationChart::Closing,
        CalibrationChart::Cycle,
        CalibrationChart::DealSize,
    ];

    /// Whether `c` has what the chart draws.
    pub fn available(self, c: &Calibration) -> bool {
        match self {
            CalibrationChart::Closing => c.win_rate.is_some(),
            CalibrationChart::Cycle => c.cycle.is_some(),
            CalibrationChart::DealSize => c.amounts.is_some(),
        }
    }

    /// The heading in the report.
    pub fn heading(self) -> &'static str {
        match self {
            CalibrationChart::Closing => "Closing ratio: reps against the fitted beta",
            CalibrationChart::Cycle => "Sales cycle: observed against the fitted lognormal",
            CalibrationChart::DealSize => "Deal size: observed against the fitted lognormal",
        }
    }
}

/// One calibration chart of one calibration, ready to draw.
pub struct CalibrationDrawing<'a> {
    /// Which chart.
    pub chart: CalibrationChart,
    /// The calibration it shows.
    pub calibration: &'a Calibration,
}

impl Drawing for CalibrationDrawing<'_> {
    fn file_stem(&self) -> &'static str {
        match self.chart {
            CalibrationChart::Closing => "calibration-closing",
            CalibrationChart::Cycle => "calibration-cycle",
            CalibrationChart::DealSize => "calibration-deal-size",
        }
    }

    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> ChartResult<(), DB> {
        let c = self.calibration;
        match self.chart {
            CalibrationChart::Closing => match &c.win_rate {
                Some(r) => closing(root, c, r),
                None => Ok(()),
            },
            CalibrationChart::Cycle => cycle(root, c),
            CalibrationChart::DealSize => deal_size(root, c),
        }
    }
}

fn closing<DB: DrawingBackend>(
    root: &Area<DB>,
    c: &Calibration,
    r: &RateFit,
) -> ChartResult<(), DB> {
    let f = &r.fit;
    let observed: Vec<(usize, f64, f64, u64)> = r
        .counts
        .iter()
        .enumerate()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(i, &(k, n))| (i, k as f64 / n as f64, f.shrunk[i], n))
        .collect();
    let hi_rate = observed
        .iter()
        .map(|o| o.1.max(o.2))
        .fold(f.mean.high, f64::max);
    let x_hi = (hi_rate * 1.25).clamp(0.05, 1.0);
    let beta = c_beta(f.mean.value, f.concentration);
    let curve: Vec<(f64, f64)> = match &beta {
        Some(b) => (0..=CURVE_POINTS)
            .map(|i| {
                let x = x_hi * i as f64 / CURVE_POINTS as f64;
                (x, b.pdf(x.clamp(1e-6, 1.0 - 1e-6)))
            })
            .collect(),
        None => Vec::new(),
    };
    let y_max = curve
        .iter()
        .map(|p| p.1)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let y_max = if y_max > 0.0 { y_max * 1.1 } else { 1.0 };
    let fitted_text = if f.no_spread() {
        format!(
            "fitted: no spread between reps detectable, every rep at {} (90% interval {} to {})",
            share(f.mean.value),
            share(f.mean.low),
            share(f.mean.high)
        )
    } else {
        format!(
            "fitted beta: mean {} (90% {} to {}), sd between reps {} ({} to {})",
            share(f.mean.value),
            share(f.mean.low),
            share(f.mean.high),
            share(f.spread.value),
            share(f.spread.low),
            share(f.spread.high)
        )
    };
    let frame_spec = Frame {
        title: "Closing ratio: each rep against the team's fitted beta".into(),
        subtitle: format!(
            "Won / (won + lost) of each rep's closed deals (○, one row per rep) and the rate the \
             fit gives the rep (●): its own pulled toward the team's by how few deals it has. \
             {}, fitted by maximum likelihood to {} closed deals of {} reps (beta-binomial).",
            if f.no_spread() {
                "The line is the team's rate: the reps differ no more than the noise of their \
                 deals explains"
            } else {
                "The curve is the beta of rates between reps"
            },
            thousands(f.tries as f64),
            f.reps
        ),
        legend: vec![
            LegendItem {
                swatch: Swatch::Line(strategy_colour(1)),
                text: fitted_text,
            },
            LegendItem {
                swatch: Swatch::Line(strategy_colour(0)),
                text: "a rep's own rate (○) and its shrunken rate (●)".into(),
            },
        ],
        note: format!(
            "In brackets: a rep's closed deals (thin: fewer than {THIN_REP_DEALS}) · {} won of {} \
             closed",
            thousands(f.successes as f64),
            thousands(f.tries as f64)
        ),
    };
    let body = frame(root, &frame_spec)?;
    let mut chart = plot(&body, 0.0..x_hi, 0.0..y_max, true)?;
    axes(
        &mut chart,
        &Axes {
            x_desc: "Closing ratio (won / closed)",
            // Without a spread there is no density to read: the rows are reps only.
            y_desc: if curve.is_empty() {
                "Reps (one row each)"
            } else {
                "Density of the fitted beta"
            },
            x_ticks: 10,
            y_ticks: if curve.is_empty() { 0 } else { 6 },
            x_fmt: &|v| percent_tick(&(v * 100.0)),
            y_fmt: &number_tick,
        },
    )?;
    if !curve.is_empty() {
        chart.draw_series(LineSeries::new(
            curve,
            strategy_colour(1).stroke_width(LINE_WIDTH),
        ))?;
    } else {
        chart.draw_series(LineSeries::new(
            [(f.mean.value, 0.0), (f.mean.value, y_max)],
            strategy_colour(1).stroke_width(LINE_WIDTH),
        ))?;
    }
    let rows = observed.len().max(1) as f64;
    let label = font(NOTE_SIZE, MUTED);
    for (row, &(i, own, shrunk, n)) in observed.iter().enumerate() {
        let y = y_max * (0.06 + 0.86 * (row as f64 + 0.5) / rows);
        let colour = strategy_colour(0);
        chart.draw_series(LineSeries::new(
            [(own, y), (shrunk, y)],
            colour.stroke_width(2),
        ))?;
        chart.draw_series([Circle::new((own, y), 6, colour.stroke_width(2))])?;
        chart.draw_series([Circle::new((shrunk, y), 5, colour.filled())])?;
        let area = chart.plotting_area();
        let (px, py) = area.map_coordinate(&(own.max(shrunk), y));
        let words = format!(
            "{} ({n}{})",
            c.reps[i],
            if n < THIN_REP_DEALS { ", thin" } else { "" }
        );
        let (x, y) = (
            px + 12 - root.get_base_pixel().0,
            py - root.get_base_pixel().1,
        );
        // The label sits on a patch of background: the fitted curve often runs through it.
        let (w, h) = root.estimate_text_size(&words, &label)?;
        let (w, h) = (w as i32, h as i32);
        root.draw(&Rectangle::new(
            [(x - 3, y - h / 2 - 2), (x + w + 3, y + h / 2 + 2)],
            BACKGROUND.filled(),
        ))?;
        root.draw(&Text::new(
            words,
            (x, y),
            label.clone().pos(plotters::style::text_anchor::Pos::new(
                HPos::Left,
                VPos::Center,
            )),
        ))?;
    }
    Ok(())
}

/// The fitted beta, None when there is no spread (a point mass).
fn c_beta(mean: f64, kappa: Option<f64>) -> Option<Beta> {
    let k = kappa?;
    Beta::new(mean * k, (1.0 - mean) * k).ok()
}

fn cycle<DB: DrawingBackend>(root: &Area<DB>, c: &Calibration) -> ChartResult<(), DB> {
    let Some(f) = &c.cycle else { return Ok(()) };
    let ln = LogNormal::new(f.mu.value, f.sigma.value).ok();
    let fitted_p99 = (f.mu.value + 2.326 * f.sigma.value).exp(); // the fitted 99th percentile
    let last_obs = f.observed_survival.last().map_or(0.0, |p| p.0);
    let x_hi = fitted_p99.max(last_obs).max(1.0) * 1.05;
    let curve: Vec<(f64, f64)> = match &ln {
        Some(d) => (0..=CURVE_POINTS)
            .map(|i| {
                let x = x_hi * i as f64 / CURVE_POINTS as f64;
                (x, 100.0 * (1.0 - if x > 0.0 { d.cdf(x) } else { 0.0 }))
            })
            .collect(),
        None => Vec::new(),
    };
    // A step function: each point holds until the next.
    let mut steps = Vec::new();
    for w in f.observed_survival.windows(2) {
        steps.push((w[0].0, 100.0 * w[0].1));
        steps.push((w[1].0, 100.0 * w[0].1));
    }
    if let Some(&(t, s)) = f.observed_survival.last() {
        steps.push((t, 100.0 * s));
        steps.push((x_hi, 100.0 * s));
    }
    let frame_spec = Frame {
        title: "Sales cycle of won deals: observed against the fitted lognormal".into(),
        subtitle: format!(
            "Of the deals that end up won, the share still open so many weeks after they were \
             created. Observed: \
             {} won deals, {} open deals counted until their age on the as-of date, {} lost \
             deals as the other way a deal ends (Aalen-Johansen, divided by the share won in the \
             end, {}). Fitted: the lognormal by maximum likelihood.",
            thousands(f.won as f64),
            thousands(f.open as f64),
            thousands(f.lost as f64),
            share(f.p_won)
        ),
        legend: observed_and_fitted(
            f.ks,
            format!(
                "{}, sigma {:.2}",
                median_interval(&f.median_weeks, tenths, " weeks"),
                f.sigma.value
            ),
        ),
        note: format!(
            "Dropping the open deals would put the median at {} weeks: recent slow deals are \
             still open, so only the quick ones of recent months would count{}",
            tenths(f.median_if_open_dropped),
            c.as_of
                .map(|d| format!(" · as of {d}, the latest date in the export"))
                .unwrap_or_default()
        ),
    };
    observed_against_fitted(
        root,
        &frame_spec,
        x_hi,
        &Axes {
            x_desc: "Weeks since the deal was created",
            y_desc: "Won deals still open (%)",
            x_ticks: 12,
            y_ticks: 6,
            x_fmt: &number_tick,
            y_fmt: &percent_tick,
        },
        curve,
        steps,
    )
}

fn deal_size<DB: DrawingBackend>(root: &Area<DB>, c: &Calibration) -> ChartResult<(), DB> {
    let Some(f) = &c.amounts else { return Ok(()) };
    let ln = LogNormal::new(f.mu.value, f.sigma.value).ok();
    let n = f.sorted.len();
    let p99 = (f.mu.value + 2.326 * f.sigma.value).exp(); // the fitted 99th percentile
    let x_hi = p99.min(f.sorted[n - 1]).max(f.sorted[n / 2] * 2.0) * 1.05;
    let beyond = f.sorted.iter().filter(|&&v| v > x_hi).count();
    let curve: Vec<(f64, f64)> = match &ln {
        Some(d) => (0..=CURVE_POINTS)
            .map(|i| {
                let x = x_hi * i as f64 / CURVE_POINTS as f64;
                (x, 100.0 * if x > 0.0 { d.cdf(x) } else { 0.0 })
            })
            .collect(),
        None => Vec::new(),
    };
    let mut steps = vec![(0.0, 0.0)];
    for (i, &v) in f.sorted.iter().enumerate() {
        if v > x_hi {
            break;
        }
        steps.push((v, 100.0 * i as f64 / n as f64));
        steps.push((v, 100.0 * (i + 1) as f64 / n as f64));
    }
    if let Some(&(_, y)) = steps.last() {
        steps.push((x_hi, y));
    }
    let q = |p: f64| f.quantiles.iter().find(|q| q.0 == p).map(|q| (q.1, q.2));
    let quantile_words = [0.1, 0.5, 0.9]
        .iter()
        .filter_map(|&p| {
            q(p).map(|(o, fit)| {
                format!(
                    "P{:.0} {} vs {}",
                    p * 100.0,
                    amount_short(o),
                    amount_short(fit)
                )
            })
        })
        .collect::<Vec<_>>()
        .join(", ");
    let frame_spec = Frame {
        title: "Deal size: won amounts against the fitted lognormal".into(),
        subtitle: format!(
            "Share of the {} won deals with an amount at or below each size. Fitted: the \
             lognormal by maximum likelihood (the mean and sd of the amounts' logarithms). \
             Observed against fitted: {quantile_words}.",
            thousands(n as f64)
        ),
        legend: observed_and_fitted(
            f.ks,
            format!(
                "{}, sigma {:.2}",
                median_interval(&f.median, amount_short, ""),
                f.sigma.value
            ),
        ),
        note: {
            let mut note = "Amounts in the export's own currency".to_string();
            if beyond > 0 {
                note.push_str(&format!(
                    " · {} above the fitted 99th percentile {} beyond the right edge",
                    counted(beyond as u64, "deal"),
                    if beyond == 1 { "is" } else { "are" }
                ));
            }
            note
        },
    };
    observed_against_fitted(
        root,
        &frame_spec,
        x_hi,
        &Axes {
            x_desc: "Amount of a won deal",
            y_desc: "Won deals at or below (%)",
            x_ticks: 10,
            y_ticks: 6,
            x_fmt: &|v| amount_short(*v),
            y_fmt: &percent_tick,
        },
        curve,
        steps,
    )
}
