//! Pieces every chart is built from: the frame (title, explanation, legend, footnote), text,
//! axes, overlaid histograms and the strip of P5-P95 intervals drawn above them.

use std::ops::Range;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::{Bins, Scale, ValueAxis};
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

/// `s`, shortened with an ellipsis until it is at most `width` pixels wide (unchanged when it
/// fits).
pub fn fit<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    style: &TextStyle<'static>,
    width: i32,
) -> ChartResult<String, DB> {
    if text_width(area, s, style)? <= width {
        return Ok(s.to_string());
    }
    let mut chars: Vec<char> = s.chars().collect();
    let mut out = String::from("…");
    while chars.len() > 1 {
        chars.pop();
        out = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if text_width(area, &out, style)? <= width {
            break;
        }
    }
    Ok(out)
}

/// `s` cut into lines no wider than `width` pixels, at spaces; a word wider than a line on
/// its own is shortened with an ellipsis.
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
        if text_width(area, &candidate, style)? <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line = fit(area, word, style, width)?;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

/// [`wrap`] into at most `max` lines, the last shortened with an ellipsis when the text goes
/// on.
pub fn wrap_at_most<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    style: &TextStyle<'static>,
    width: i32,
    max: usize,
) -> ChartResult<Vec<String>, DB> {
    let mut lines = wrap(area, s, style, width)?;
    if lines.len() > max {
        let rest = lines.split_off(max - 1).join(" ");
        lines.push(fit(area, &rest, style, width)?);
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
    /// A dashed line, dashed as [`reference_dashes`] draws (a reference level named in the
    /// legend rather than beside its line).
    Dashed(RGBColor),
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

/// Lines a title may take before it is shortened.
const TITLE_LINES: usize = 2;
/// Lines one legend entry may take before it is shortened.
const LEGEND_LINES: usize = 2;

/// Paints the background, title, subtitle, legend and footnote, each laid out from the
/// measured widths of its words (wrapped, and shortened with an ellipsis only when a title
/// needs more than two lines); returns the area left for the plot.
pub fn frame<DB: DrawingBackend>(root: &Area<DB>, f: &Frame) -> ChartResult<Area<DB>, DB> {
    root.fill(&BACKGROUND)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let inner = w - 2 * MARGIN;
    let mut y = MARGIN;
    let title = font(TITLE_SIZE, TEXT);
    for line in wrap_at_most(root, &f.title, &title, inner, TITLE_LINES)? {
        text(root, &line, (MARGIN, y), &title, (HPos::Left, VPos::Top))?;
        y += (TITLE_SIZE * 1.3) as i32;
    }
    let sub = font(SUBTITLE_SIZE, MUTED);
    for line in wrap(root, &f.subtitle, &sub, inner)? {
        text(root, &line, (MARGIN, y), &sub, (HPos::Left, VPos::Top))?;
        y += (SUBTITLE_SIZE * 1.3) as i32;
    }
    y += 8;
    let legend_font = font(LEGEND_SIZE, TEXT);
    let line_h = (LEGEND_SIZE * 1.45) as i32;
    let text_room = inner - SWATCH_W - SWATCH_GAP;
    let mut x = MARGIN;
    if !f.legend.is_empty() {
        for item in &f.legend {
            let lines = wrap_at_most(root, &item.text, &legend_font, text_room, LEGEND_LINES)?;
            let mut tw = 0;
            for line in &lines {
                tw = tw.max(text_width(root, line, &legend_font)?);
            }
            let iw = SWATCH_W + SWATCH_GAP + tw;
            // A wrapped entry takes whole lines of its own.
            if x > MARGIN && (x + iw > w - MARGIN || lines.len() > 1) {
                x = MARGIN;
                y += line_h;
            }
            swatch(root, item.swatch, (x, y))?;
            for (k, line) in lines.iter().enumerate() {
                text(
                    root,
                    line,
                    (x + SWATCH_W + SWATCH_GAP, y + line_h * k as i32),
                    &legend_font,
                    (HPos::Left, VPos::Top),
                )?;
            }
            if lines.len() > 1 {
                y += line_h * (lines.len() as i32 - 1);
                x = w;
            } else {
                x += iw + LEGEND_ITEM_GAP;
            }
        }
        y += line_h;
    }
    let note = font(NOTE_SIZE, MUTED);
    let mut note_text = f.note.clone();
    let texts = [f.title.as_str(), f.subtitle.as_str(), f.note.as_str()];
    let legend_texts = f.legend.iter().map(|l| l.text.as_str());
    if let Some(missing) = super::glyphs::missing_note(texts.into_iter().chain(legend_texts)) {
        note_text.push_str(" · ");
        note_text.push_str(&missing);
    }
    let note_lines = wrap(root, &note_text, &note, inner)?;
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
        Swatch::Dashed(c) => {
            let mut from = x;
            while from < x + SWATCH_W {
                let to = (from + DASH).min(x + SWATCH_W);
                root.draw(&PathElement::new(
                    vec![(from, mid), (to, mid)],
                    c.stroke_width(DASH_WIDTH),
                ))?;
                from = to + DASH_GAP;
            }
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
    plot_with_label_width(area, x, y, x_labels, Y_LABEL_AREA)
}

/// [`plot`] with `y_label_width` pixels left of it for the y labels.
pub fn plot_with_label_width<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    x: Range<f64>,
    y: Range<f64>,
    x_labels: bool,
    y_label_width: u32,
) -> ChartResult<Plot<'a, DB>, DB> {
    ChartBuilder::on(area)
        .margin_top(6)
        .margin_left(MARGIN as u32 / 2)
        .margin_right(PLOT_RIGHT_MARGIN)
        .x_label_area_size(if x_labels { X_LABEL_AREA } else { 0 })
        .y_label_area_size(y_label_width)
        .build_cartesian_2d(x, y)
}

/// Tick labels on a panel's y axis: one per 45 pixels of its height, 2 to 5, so that short
/// panels (many strategies or segments) keep their labels apart.
pub fn panel_y_ticks<DB: DrawingBackend>(area: &Area<DB>) -> usize {
    y_ticks_for_height(area.dim_in_pixel().1)
}

/// [`panel_y_ticks`] of an area `height` pixels tall.
pub fn y_ticks_for_height(height: u32) -> usize {
    (height as usize / 45).clamp(2, 5)
}

/// Length of a reference level's dash, in pixels.
const DASH: i32 = 10;
/// Gap between a reference level's dashes, in pixels.
const DASH_GAP: i32 = 7;
/// Width of a reference level's line, in pixels.
const DASH_WIDTH: u32 = 2;

/// A reference level `y` across the plot from x = 0 to `x_end`, dashed in [`REFERENCE`], with
/// no label: for a chart whose legend names it ([`Swatch::Dashed`]).
pub fn reference_dashes<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    x_end: f64,
    y: f64,
) -> ChartResult<(), DB> {
    chart.draw_series(DashedLineSeries::new(
        [(0.0, y), (x_end, y)],
        DASH as u32,
        DASH_GAP as u32,
        REFERENCE.stroke_width(DASH_WIDTH),
    ))?;
    Ok(())
}

/// A reference level `y` across the plot from x = 0 to `x_end`, dashed in [`REFERENCE`], with
/// `label` at its right end above it (written on `root`, so that the plot does not clip it).
pub fn reference_level<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &mut Plot<'_, DB>,
    x_end: f64,
    y: f64,
    label: &str,
) -> ChartResult<(), DB> {
    reference_dashes(chart, x_end, y)?;
    let (px, py) = chart.backend_coord(&(x_end, y));
    text(
        root,
        label,
        (px - 4, py - 6),
        &font(ANNOTATION_SIZE, REFERENCE),
        (HPos::Right, VPos::Bottom),
    )
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

/// Smallest size an axis description is shrunk to before it is shortened.
pub const AXIS_DESC_MIN_SIZE: f64 = 16.0;

/// `desc` in a style that fits `length` pixels: [`AXIS_DESC_SIZE`], else smaller down to
/// [`AXIS_DESC_MIN_SIZE`], else that size shortened with an ellipsis.
pub fn axis_desc<DB: DrawingBackend>(
    area: &Area<DB>,
    desc: &str,
    length: i32,
) -> ChartResult<(String, TextStyle<'static>), DB> {
    let mut size = AXIS_DESC_SIZE;
    loop {
        let style = font(size, TEXT);
        if text_width(area, desc, &style)? <= length {
            return Ok((desc.to_string(), style));
        }
        if size <= AXIS_DESC_MIN_SIZE {
            return Ok((fit(area, desc, &style, length)?, style));
        }
        size = (size - 1.0).max(AXIS_DESC_MIN_SIZE);
    }
}

/// Draws axes, ticks and horizontal grid lines; the descriptions are fitted to the plot's
/// height and width (see [`axis_desc`]). With `x_ticks` 0 no x tick is drawn (a log axis
/// draws its own with [`log_tick_labels`]).
pub fn axes<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, a: &Axes<'_>) -> ChartResult<(), DB> {
    let area = chart.plotting_area().strip_coord_spec();
    let (pw, ph) = area.dim_in_pixel();
    let (x_desc, x_style) = axis_desc(&area, a.x_desc, pw as i32)?;
    let (y_desc, y_style) = axis_desc(&area, a.y_desc, ph as i32)?;
    // One style for both, the smaller, so the two read alike.
    let style = if x_style.font.get_size() <= y_style.font.get_size() {
        x_style
    } else {
        y_style
    };
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(a.x_ticks)
        .y_labels(a.y_ticks)
        .x_label_formatter(a.x_fmt)
        .y_label_formatter(a.y_fmt);
    house_mesh(&mut mesh, style).draw()
}

/// `mesh` in the style every chart shares: grid lines at the labelled ticks in [`GRID`], none
/// between them, axes in [`AXIS`], tick labels at [`TICK_SIZE`] and the axis descriptions in
/// `desc`. The chart sets its own ticks, formatters and descriptions before or after.
pub fn house_mesh<'m, 'a, 'b, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, RangedCoordf64, RangedCoordf64, DB>,
    desc: TextStyle<'b>,
) -> &'m mut MeshStyle<'a, 'b, RangedCoordf64, RangedCoordf64, DB> {
    mesh.bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .label_style(font(TICK_SIZE, TEXT))
        .axis_desc_style(desc)
}

/// Tick marks and labels under a log x axis at `ticks` (log10 of the values), labelled with
/// `fmt` of the value, plus faint vertical grid lines; labels that would overlap the one
/// before are left out.
pub fn log_tick_labels<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Plot<'_, DB>,
    ticks: &[f64],
    fmt: &dyn Fn(f64) -> String,
) -> ChartResult<(), DB> {
    let (_, py) = chart.plotting_area().get_pixel_range();
    let style = font(TICK_SIZE, TEXT);
    let mut last_right = i32::MIN;
    for &t in ticks {
        let (x, _) = chart.backend_coord(&(t, 0.0));
        root.draw(&PathElement::new(
            vec![(x, py.start), (x, py.end)],
            GRID.stroke_width(1),
        ))?;
        root.draw(&PathElement::new(
            vec![(x, py.end), (x, py.end + 5)],
            AXIS.stroke_width(1),
        ))?;
        let words = fmt(10f64.powf(t));
        let tw = text_width(root, &words, &style)?;
        if x - tw / 2 < last_right + 12 {
            continue;
        }
        text(
            root,
            &words,
            (x, py.end + 10),
            &style,
            (HPos::Center, VPos::Top),
        )?;
        last_right = x + tw / 2;
    }
    Ok(())
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

impl Interval {
    /// The same row in axis coordinates of `scale`.
    pub fn on(&self, scale: Scale) -> Interval {
        Interval {
            colour: self.colour,
            p5: scale.pos(self.p5),
            p50: scale.pos(self.p50),
            p95: scale.pos(self.p95),
            mean: scale.pos(self.mean),
        }
    }
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

/// The words of an interval row's ends: one label when P5 and P95 read the same, else both.
/// (Two values that merely sit close on the axis keep their own numbers: a label never says
/// two percentiles are equal when they are not.)
pub fn interval_words(p5: &str, p95: &str) -> (String, Option<String>) {
    if p5 == p95 {
        (format!("P5 = P95 = {p5}"), None)
    } else {
        (format!("P5 {p5}"), Some(format!("P95 {p95}")))
    }
}

/// Draws one row per interval on `area` (which must use the same x range and label areas as
/// the plot under it; `x` in axis coordinates of `scale`, rows in values): a bar from P5 to
/// P95 labelled with both, a tick at the median and a diamond at the mean. An end beyond the
/// axis is drawn as an arrow at the edge, its label still giving its value.
pub fn interval_strip<DB: DrawingBackend>(
    root: &Area<DB>,
    area: &Area<DB>,
    x: Range<f64>,
    rows: &[Interval],
    fmt: &dyn Fn(f64) -> String,
    scale: Scale,
) -> ChartResult<(), DB> {
    let n = rows.len() as f64;
    let chart = plot(area, x.clone(), 0.0..n, false)?;
    let (px_range, _) = chart.plotting_area().get_pixel_range();
    let label = font(ANNOTATION_SIZE, TEXT);
    let clamp = |v: f64| scale.pos(v).clamp(x.start, x.end);
    let beyond = |v: f64| !(x.start..=x.end).contains(&scale.pos(v));
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
        for (xe, v, dir) in [(x5, r.p5, -1), (x95, r.p95, 1)] {
            if beyond(v) {
                let tip = vec![(xe + 12 * dir, py), (xe, py - 9), (xe, py + 9)];
                root.draw(&Polygon::new(tip, r.colour.filled()))?;
            } else {
                root.draw(&PathElement::new(
                    vec![(xe, py - 7), (xe, py + 7)],
                    r.colour.stroke_width(3),
                ))?;
            }
        }
        if !beyond(r.p50) {
            root.draw(&PathElement::new(
                vec![(x50, py - 13), (x50, py + 13)],
                REFERENCE.stroke_width(3),
            ))?;
        }
        if !beyond(r.mean) {
            let d = 9;
            let diamond = vec![(xm, py - d), (xm + d, py), (xm, py + d), (xm - d, py)];
            root.draw(&Polygon::new(diamond.clone(), BACKGROUND.filled()))?;
            root.draw(&Polygon::new(diamond, r.colour.filled()))?;
        }
        let (left, right) = interval_words(&fmt(r.p5), &fmt(r.p95));
        // Two ends too close for a label each: one label with both, beside the bar.
        let right = match right {
            Some(right) if x95 - x5 < 4 => {
                let both = format!("{left}, {right}");
                draw_beside(root, &both, (x5, x95, py), px_range.clone(), &label)?;
                continue;
            }
            Some(right) => right,
            None => {
                draw_beside(root, &left, (x5, x95, py), px_range.clone(), &label)?;
                continue;
            }
        };
        // Values beside the ends when they fit within the chart's margins (the strip's rows have
        // nothing in the axis label areas, so a label may reach into them), else just under the
        // ends, inside the plot.
        let below = py + 10;
        let (width, _) = root.dim_in_pixel();
        let (left_edge, right_edge) = (MARGIN, width as i32 - MARGIN);
        let lw = text_width(root, &left, &label)?;
        let rw = text_width(root, &right, &label)?;
        if x5 - 12 - lw >= left_edge {
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
        if x95 + 12 + rw <= right_edge {
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

/// `words` right of a bar `(x5, x95, y)` when they fit before the plot's right edge, else left
/// of it.
fn draw_beside<DB: DrawingBackend>(
    root: &Area<DB>,
    words: &str,
    (x5, x95, y): (i32, i32, i32),
    px: Range<i32>,
    style: &TextStyle<'static>,
) -> ChartResult<(), DB> {
    let w = text_width(root, words, style)?;
    if x95 + 14 + w <= px.end {
        text(
            root,
            words,
            (x95 + 14, y),
            style,
            (HPos::Left, VPos::Center),
        )
    } else {
        text(
            root,
            words,
            (x5 - 14, y),
            style,
            (HPos::Right, VPos::Center),
        )
    }
}

/// The footnote's words for `outside` values left off histograms drawn on `axis`; None when
/// every value is drawn.
pub fn beyond_note(axis: &ValueAxis, outside: u64, what: &str) -> Option<String> {
    if outside == 0 {
        return None;
    }
    let pct = |p: f64| format!("{}", (p * 1000.0).round() / 10.0);
    let (lo, hi) = (pct(axis.tail), pct(1.0 - axis.tail));
    let n = crate::report::format::counted(outside, what);
    let verb = if outside == 1 { "lies" } else { "lie" };
    Some(if axis.clipped() {
        format!("axis clipped at each strategy's P{lo} and P{hi}: {n} {verb} beyond the bars")
    } else {
        format!("{n} beyond each strategy's P{lo} to P{hi} not drawn")
    })
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
    fn interval_labels_never_say_unequal_percentiles_are_equal() {
        assert_eq!(
            interval_words("$349k", "$815k"),
            ("P5 $349k".to_string(), Some("P95 $815k".to_string()))
        );
        assert_eq!(
            interval_words("$0", "$0"),
            ("P5 = P95 = $0".to_string(), None)
        );
    }

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
