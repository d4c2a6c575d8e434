//! Pieces every chart is built from: the frame (title, explanation, legend, footnote), text,
//! axes, overlaid histograms and the strip of P5-P95 intervals drawn above them.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::Bins;
use super::style::*;

/// A drawing area in pixels.
pub type Area<DB> = DrawingArea<DB, Shift>;
/// What drawing returns.
pub type ChartResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
/// A plot with numeric axes.
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A text style of the bundled font.
pub fn font(size: f64, colour: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: (FONT_FAMILY, size).into_font(),
        color: colour.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    }
}

/// Draws `text` anchored at `at` (pixels of `area`).
pub fn text<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    at: (i32, i32),
    style: &TextStyle<'static>,
    anchor: (HPos, VPos),
) -> ChartResult<(), DB> {
    area.draw_text(s, &style.pos(Pos::new(anchor.0, anchor.1)), at)
}

/// Width of `s` in pixels.
pub fn text_width<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    style: &TextStyle<'static>,
) -> ChartResult<i32, DB> {
    Ok(area.estimate_text_size(s, style)?.0 as i32)
}

/// `s` cut into lines no wider than `width` pixels, at spaces.
pub fn wrap<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    style: &TextStyle<'static>,
    width: i32,
) -> ChartResult<Vec<String>, DB> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(area, &candidate, style)? > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A translucent box with an outline (histograms).
    Fill(RGBColor),
    /// A solid box (bars).
    Solid(RGBColor),
    /// A line (curves).
    Line(RGBColor),
    /// A pale band with a line through it (fan charts).
    Band(RGBColor),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub struct LegendItem {
    /// Its swatch.
    pub swatch: Swatch,
    /// Its words.
    pub text: String,
}

/// What surrounds a plot.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// What the chart shows, in a sentence.
    pub title: String,
    /// How to read it (wrapped to the width).
    pub subtitle: String,
    /// One entry per strategy (or comparison).
    pub legend: Vec<LegendItem>,
    /// Provenance and caveats, in small type at the bottom.
    pub note: String,
}

const SWATCH_W: i32 = 34;
const SWATCH_GAP: i32 = 10;
const LEGEND_ITEM_GAP: i32 = 36;

/// Paints the background, title, subtitle, legend and footnote; returns the area left for
/// the plot.
pub fn frame<DB: DrawingBackend>(root: &Area<DB>, f: &Frame) -> ChartResult<Area<DB>, DB> {
    root.fill(&BACKGROUND)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let inner = w - 2 * MARGIN;
    let mut y = MARGIN;
    text(
        root,
        &f.title,
        (MARGIN, y),
        &font(TITLE_SIZE, TEXT),
        (HPos::Left, VPos::Top),
    )?;
    y += (TITLE_SIZE * 1.3) as i32;
    let sub = font(SUBTITLE_SIZE, MUTED);
    for line in wrap(root, &f.subtitle, &sub, inner)? {
        text(root, &line, (MARGIN, y), &sub, (HPos::Left, VPos::Top))?;
        y += (SUBTITLE_SIZE * 1.3) as i32;
    }
    y += 8;
    let legend_font = font(LEGEND_SIZE, TEXT);
    let line_h = (LEGEND_SIZE * 1.45) as i32;
    let mut x = MARGIN;
    if !f.legend.is_empty() {
        for item in &f.legend {
            let tw = text_width(root, &item.text, &legend_font)?;
            let iw = SWATCH_W + SWATCH_GAP + tw;
            if x > MARGIN && x + iw > w - MARGIN {
                x = MARGIN;
                y += line_h;
            }
            swatch(root, item.swatch, (x, y))?;
            text(
                root,
                &item.text,
                (x + SWATCH_W + SWATCH_GAP, y),
                &legend_font,
                (HPos::Left, VPos::Top),
            )?;
            x += iw + LEGEND_ITEM_GAP;
        }
        y += line_h;
    }
    let note = font(NOTE_SIZE, MUTED);
    let note_lines = wrap(root, &f.note, &note, inner)?;
    let note_h = (NOTE_SIZE * 1.3) as i32;
    let mut ny = h - MARGIN + 4 - note_h * note_lines.len() as i32;
    let body_bottom = ny - 6;
    for line in &note_lines {
        text(root, line, (MARGIN, ny), &note, (HPos::Left, VPos::Top))?;
        ny += note_h;
    }
    Ok(root.clone().shrink((0, y), (w, (body_bottom - y).max(1))))
}

/// A legend swatch whose top-left corner is at `at`, sized to a legend line.
fn swatch<DB: DrawingBackend>(root: &Area<DB>, s: Swatch, at: (i32, i32)) -> ChartResult<(), DB> {
    let (x, y) = at;
    // The glyphs of a legend line sit from about 0.1 to 0.75 of the font size below its top.
    let top = y + (LEGEND_SIZE * 0.12) as i32;
    let bottom = y + (LEGEND_SIZE * 0.72) as i32;
    let mid = (top + bottom) / 2;
    match s {
        Swatch::Fill(c) => {
            root.draw(&Rectangle::new(
                [(x, top), (x + SWATCH_W, bottom)],
                c.mix(FILL_OPACITY).filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(x, top), (x + SWATCH_W, bottom)],
                c.stroke_width(2),
            ))?;
        }
        Swatch::Solid(c) => {
            root.draw(&Rectangle::new(
                [(x, top), (x + SWATCH_W, bottom)],
                c.filled(),
            ))?;
        }
        Swatch::Line(c) => {
            root.draw(&PathElement::new(
                vec![(x, mid), (x + SWATCH_W, mid)],
                c.stroke_width(LINE_WIDTH),
            ))?;
        }
        Swatch::Band(c) => {
            root.draw(&Rectangle::new(
                [(x, top), (x + SWATCH_W, bottom)],
                c.mix(BAND_OPACITY).filled(),
            ))?;
            root.draw(&PathElement::new(
                vec![(x, mid), (x + SWATCH_W, mid)],
                c.stroke_width(LINE_WIDTH),
            ))?;
        }
    }
    Ok(())
}

/// A plot on `area` with the standard label areas, so that plots stacked in one column share
/// their x mapping.
pub fn plot<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    x: Range<f64>,
    y: Range<f64>,
    x_labels: bool,
) -> ChartResult<Plot<'a, DB>, DB> {
    ChartBuilder::on(area)
        .margin_top(6)
        .margin_left(MARGIN as u32 / 2)
        .margin_right(PLOT_RIGHT_MARGIN)
        .x_label_area_size(if x_labels { X_LABEL_AREA } else { 0 })
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(x, y)
}

/// Axis descriptions, tick counts and tick formats.
pub struct Axes<'f> {
    /// Under the x axis.
    pub x_desc: &'f str,
    /// Beside the y axis.
    pub y_desc: &'f str,
    /// At most this many x ticks.
    pub x_ticks: usize,
    /// At most this many y ticks.
    pub y_ticks: usize,
    /// x tick label.
    pub x_fmt: &'f dyn Fn(&f64) -> String,
    /// y tick label.
    pub y_fmt: &'f dyn Fn(&f64) -> String,
}

/// Draws axes, ticks and horizontal grid lines.
pub fn axes<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, a: &Axes<'_>) -> ChartResult<(), DB> {
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(a.x_desc)
        .y_desc(a.y_desc)
        .x_labels(a.x_ticks)
        .y_labels(a.y_ticks)
        .x_label_formatter(a.x_fmt)
        .y_label_formatter(a.y_fmt)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .label_style(font(TICK_SIZE, TEXT))
        .axis_desc_style(font(AXIS_DESC_SIZE, TEXT))
        .draw()
}

/// Draws `bins` as a step outline over a translucent fill, heights in percent of all values
/// per `unit` of x (see [`Bins::density`]).
pub fn histogram<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    bins: &Bins,
    unit: f64,
    colour: RGBColor,
) -> ChartResult<(), DB> {
    let mut outline = Vec::with_capacity(bins.counts.len() * 2 + 2);
    outline.push((bins.start, 0.0));
    for (lo, hi, height) in bins.density(unit) {
        outline.push((lo, height));
        outline.push((hi, height));
    }
    outline.push((bins.end(), 0.0));
    chart.draw_series(std::iter::once(Polygon::new(
        outline.clone(),
        colour.mix(FILL_OPACITY).filled(),
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        outline,
        colour.stroke_width(2),
    )))?;
    Ok(())
}

/// One row of an interval strip: where the middle 90% of a distribution lies.
pub struct Interval {
    /// Row colour.
    pub colour: RGBColor,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean.
    pub mean: f64,
}

/// Share of the x axis kept free beside the outermost P5 and P95, so their labels fit beside
/// the bars (about 140 px of a 1,000 px plot).
const LABEL_ROOM: f64 = 0.14;

/// The x range `(lo, hi)` widened, if need be, so that the labels of `rows` fit beside their
/// bars; never below `floor` (0 for quantities that cannot be negative).
pub fn strip_range(lo: f64, hi: f64, rows: &[Interval], floor: Option<f64>) -> (f64, f64) {
    let p5 = rows.iter().map(|r| r.p5).fold(f64::INFINITY, f64::min);
    let p95 = rows.iter().map(|r| r.p95).fold(f64::NEG_INFINITY, f64::max);
    if !(p5.is_finite() && p95.is_finite()) {
        return (lo, hi);
    }
    let (mut lo, mut hi) = (lo, hi);
    let f = LABEL_ROOM;
    // Widening one side narrows the other's share; each round shrinks the shortfall by a
    // factor f / (1 - f) (about 0.16), so a few dozen rounds settle it to rounding error.
    for _ in 0..40 {
        if p5 - lo < f * (hi - lo) {
            lo = (p5 - f * hi) / (1.0 - f);
        }
        if hi - p95 < f * (hi - lo) {
            hi = (p95 - f * lo) / (1.0 - f);
        }
    }
    if let Some(floor) = floor {
        lo = lo.max(floor);
    }
    (lo, hi)
}

/// Height of one interval row in pixels.
pub const INTERVAL_ROW: u32 = 50;

/// Draws one row per interval on `area` (which must use the same x range and label areas as
/// the plot under it): a bar from P5 to P95 labelled with both, a tick at the median and a
/// diamond at the mean.
pub fn interval_strip<DB: DrawingBackend>(
    root: &Area<DB>,
    area: &Area<DB>,
    x: Range<f64>,
    rows: &[Interval],
    fmt: &dyn Fn(f64) -> String,
) -> ChartResult<(), DB> {
    let n = rows.len() as f64;
    let chart = plot(area, x.clone(), 0.0..n, false)?;
    let (px_range, _) = chart.plotting_area().get_pixel_range();
    let label = font(ANNOTATION_SIZE, TEXT);
    let clamp = |v: f64| v.clamp(x.start, x.end);
    for (i, r) in rows.iter().enumerate() {
        let y = n - i as f64 - 0.5;
        let (x5, py) = chart.backend_coord(&(clamp(r.p5), y));
        let (x95, _) = chart.backend_coord(&(clamp(r.p95), y));
        let (x50, _) = chart.backend_coord(&(clamp(r.p50), y));
        let (xm, _) = chart.backend_coord(&(clamp(r.mean), y));
        root.draw(&PathElement::new(
            vec![(x5, py), (x95, py)],
            r.colour.stroke_width(5),
        ))?;
        for xe in [x5, x95] {
            root.draw(&PathElement::new(
                vec![(xe, py - 7), (xe, py + 7)],
                r.colour.stroke_width(3),
            ))?;
        }
        root.draw(&PathElement::new(
            vec![(x50, py - 13), (x50, py + 13)],
            REFERENCE.stroke_width(3),
        ))?;
        let d = 9;
        let diamond = vec![(xm, py - d), (xm + d, py), (xm, py + d), (xm - d, py)];
        root.draw(&Polygon::new(diamond.clone(), BACKGROUND.filled()))?;
        root.draw(&Polygon::new(diamond, r.colour.filled()))?;
        // Values beside the ends when they fit, else just under them, inside the plot; a
        // single label when the two ends coincide.
        let below = py + 10;
        if x95 - x5 < 4 {
            let both = format!("P5 = P95 = {}", fmt(r.p5));
            let w = text_width(root, &both, &label)?;
            if x95 + 14 + w <= px_range.end {
                text(
                    root,
                    &both,
                    (x95 + 14, py),
                    &label,
                    (HPos::Left, VPos::Center),
                )?;
            } else {
                text(
                    root,
                    &both,
                    (x5 - 14, py),
                    &label,
                    (HPos::Right, VPos::Center),
                )?;
            }
            continue;
        }
        let left = format!("P5 {}", fmt(r.p5));
        let right = format!("P95 {}", fmt(r.p95));
        let lw = text_width(root, &left, &label)?;
        let rw = text_width(root, &right, &label)?;
        if x5 - 12 - lw >= px_range.start {
            text(
                root,
                &left,
                (x5 - 12, py),
                &label,
                (HPos::Right, VPos::Center),
            )?;
        } else {
            let lx = x5.max(px_range.start);
            text(root, &left, (lx, below), &label, (HPos::Left, VPos::Top))?;
        }
        if x95 + 12 + rw <= px_range.end {
            text(
                root,
                &right,
                (x95 + 12, py),
                &label,
                (HPos::Left, VPos::Center),
            )?;
        } else {
            let rx = x95.min(px_range.end);
            text(root, &right, (rx, below), &label, (HPos::Right, VPos::Top))?;
        }
    }
    Ok(())
}

/// Fan charts: for each (colour, series) the P10-P90 band, filled with its edges drawn, then
/// every median line on top, so that no band covers a line.
pub fn fans<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    series: &[(RGBColor, &[super::data::FanPoint])],
) -> ChartResult<(), DB> {
    for (colour, f) in series {
        let band: Vec<(f64, f64)> = f
            .iter()
            .map(|p| (p.week, p.p90))
            .chain(f.iter().rev().map(|p| (p.week, p.p10)))
            .collect();
        chart.draw_series(std::iter::once(Polygon::new(
            band,
            colour.mix(BAND_OPACITY).filled(),
        )))?;
        for edge in [
            f.iter().map(|p| (p.week, p.p10)).collect::<Vec<_>>(),
            f.iter().map(|p| (p.week, p.p90)).collect(),
        ] {
            chart.draw_series(LineSeries::new(edge, colour.mix(0.55).stroke_width(1)))?;
        }
    }
    for (colour, f) in series {
        let line: Vec<(f64, f64)> = f.iter().map(|p| (p.week, p.p50)).collect();
        chart.draw_series(LineSeries::new(line, colour.stroke_width(LINE_WIDTH + 1)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_make_room_for_their_labels() {
        let row = |p5, p95| Interval {
            colour: TEXT,
            p5,
            p50: (p5 + p95) / 2.0,
            p95,
            mean: (p5 + p95) / 2.0,
        };
        // Already room on both sides: unchanged.
        assert_eq!(
            strip_range(0.0, 100.0, &[row(20.0, 80.0)], None),
            (0.0, 100.0)
        );
        let (lo, hi) = strip_range(0.0, 100.0, &[row(5.0, 99.0), row(30.0, 60.0)], None);
        assert!(lo < 0.0 && hi > 100.0);
        assert!(5.0 - lo >= LABEL_ROOM * (hi - lo) - 1e-9);
        assert!(hi - 99.0 >= LABEL_ROOM * (hi - lo) - 1e-9);
        let (lo, _) = strip_range(0.0, 100.0, &[row(5.0, 80.0)], Some(0.0));
        assert_eq!(lo, 0.0);
    }
}
