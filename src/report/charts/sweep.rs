//! `sweep.png`, written by `sweep`. For one varied key: per strategy the median team revenue
//! with its P10-P90 band against the value, the best share marked when the key is a mix's
//! share. For two: a heat map of the median team revenue over the grid, one panel per strategy
//! when the cells leave room for their labels, else the last strategy's alone.

use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, VPos};

use super::Drawing;
use super::data::{best_point, numeric_values};
use super::parts::*;
use super::style::*;
use crate::analysis::summary::RunSummary;
use crate::model::key::KeyPath;
use crate::report::format::*;
use crate::whatif::sweep::{Axis, SweepPoint};

/// Most strategies drawn as heat-map panels side by side.
const MAX_PANELS: usize = 4;
/// Space between heat-map panels, in pixels.
const PANEL_GAP: i32 = 28;
/// Height of a panel's heading, in pixels.
const PANEL_HEADER: i32 = 36;
/// Space a cell keeps around its label, in pixels (both sides together).
const CELL_PADDING: i32 = 12;
/// Fewest pixels a heat-map row needs for its label.
const MIN_ROW_H: i32 = 28;
/// Most points that get a dot on their median.
const MAX_DOTS: usize = 30;
/// Radius of the ring around the best share, in pixels.
const BEST_RING: i32 = 12;

/// The chart of one sweep.
pub struct SweepChart<'a> {
    /// The varied keys (one or two).
    pub axes: &'a [Axis],
    /// The points, in grid order (the last axis fastest).
    pub points: &'a [SweepPoint],
}

impl Drawing for SweepChart<'_> {
    fn file_stem(&self) -> &'static str {
        "sweep"
    }

    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> ChartResult<(), DB> {
        match (self.axes, self.points.first()) {
            ([axis], Some(_)) => draw_line(root, axis, self.points),
            ([rows, cols], Some(_)) => draw_grid(root, rows, cols, self.points),
            _ => {
                root.fill(&BACKGROUND)?;
                text(
                    root,
                    "Nothing to draw: a sweep chart needs one or two keys and some points.",
                    (WIDTH as i32 / 2, HEIGHT as i32 / 2),
                    &font(AXIS_DESC_SIZE, MUTED),
                    (HPos::Center, VPos::Center),
                )
            }
        }
    }
}

/// The footnote of a sweep chart: what was run at every point.
fn footnote(points: &[SweepPoint]) -> String {
    let s = &points[0].summary;
    let all_same = |f: &dyn Fn(&RunSummary) -> u64| points.iter().all(|p| f(&p.summary) == f(s));
    let mut size = counted(points.len() as u64, "point");
    if all_same(&|x| x.trials) {
        size.push_str(&format!(" × {}", counted(s.trials, "future")));
    }
    if all_same(&|x| u64::from(x.reps)) {
        size.push_str(&format!(" × {}", counted(u64::from(s.reps), "rep")));
    }
    if all_same(&|x| u64::from(x.weeks)) {
        size.push_str(&format!(" × {}", counted(u64::from(s.weeks), "week")));
    }
    format!(
        "prospect-sim {} · scenario {} · {size} · seed {}",
        env!("CARGO_PKG_VERSION"),
        s.scenario,
        s.seed
    )
}

/// "over 52 weeks", or "over the horizon" when the sweep varies it.
fn horizon_words(points: &[SweepPoint]) -> String {
    let w = points[0].summary.weeks;
    if points.iter().all(|p| p.summary.weeks == w) {
        format!("over {}", counted(u64::from(w), "week"))
    } else {
        "over the horizon".into()
    }
}

/// The strategies' names of the first point.
fn names(points: &[SweepPoint]) -> Vec<&str> {
    points[0]
        .summary
        .strategies
        .iter()
        .map(|s| s.name.as_str())
        .collect()
}

/// An axis description: the key in words, the key itself after it when that fits.
fn axis_words<DB: DrawingBackend>(
    root: &Area<DB>,
    key: &KeyPath,
    words: &str,
    width: i32,
) -> ChartResult<String, DB> {
    let long = format!("{} ({key})", capitalise(words));
    if text_width(root, &long, &font(AXIS_DESC_SIZE, TEXT))? <= width {
        Ok(long)
    } else {
        Ok(capitalise(words))
    }
}

/// One key: median and P10-P90 band of every strategy against the value.
fn draw_line<DB: DrawingBackend>(
    root: &Area<DB>,
    axis: &Axis,
    points: &[SweepPoint],
) -> ChartResult<(), DB> {
    let names = names(points);
    let words = axis.key.label();
    let numeric = numeric_values(&axis.values);
    let n = points.len();
    let xs: Vec<f64> = numeric
        .clone()
        .unwrap_or_else(|| (0..n).map(|i| i as f64).collect());
    // Drawing order along x (values may be given in any order).
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let revenue = |i: usize, k: usize| &points[k].summary.strategies[i].revenue;
    let medians = |i: usize| -> Vec<f64> { (0..n).map(|k| revenue(i, k).p50).collect() };
    // The mix whose share the key sets, by its index among the strategies.
    let mix = axis
        .key
        .mix_share()
        .and_then(|(mix, _)| names.iter().position(|n| *n == mix));
    let best = mix.and_then(|i| best_point(&medians(i)).map(|k| (i, k)));
    let (first, last) = (order[0], order[n - 1]);
    // Whether the key moves a strategy's median at all.
    let moved: Vec<bool> = (0..names.len())
        .map(|i| {
            let m = medians(i);
            let (lo, hi) = m
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(*v), b.max(*v))
                });
            hi - lo > 1e-9 * hi.abs().max(1.0)
        })
        .collect();
    let legend = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let m = medians(i);
            let text = match best {
                Some((b, k)) if b == i && k != first && k != last => format!(
                    "{name}: median {} at {} to {} at {}; best {} at {}",
                    money_short(m[first]),
                    axis.values[first],
                    money_short(m[last]),
                    axis.values[last],
                    money_short(m[k]),
                    axis.values[k]
                ),
                _ if !moved[i] => format!(
                    "{name}: median {} at every value (band dashed)",
                    money_short(m[0])
                ),
                _ => format!(
                    "{name}: median {} at {} to {} at {}",
                    money_short(m[first]),
                    axis.values[first],
                    money_short(m[last]),
                    axis.values[last]
                ),
            };
            LegendItem {
                swatch: Swatch::Band(strategy_colour(i)),
                text,
            }
        })
        .collect();
    let inner = WIDTH as i32 - 2 * MARGIN;
    let title_style = font(TITLE_SIZE, TEXT);
    let article = if mix.is_some() { "the " } else { "" };
    let mut title = format!("Team revenue as {article}{words} varies");
    if text_width(root, &title, &title_style)? > inner {
        title = "Team revenue across the sweep".into();
    }
    let futures = counted(points[0].summary.trials, "simulated future");
    let mut subtitle = format!(
        "Per strategy, at each value of {}: the median team revenue {} (line) and the middle \
         80% of {futures} (band, P10 to P90). Every point runs on the same trial streams, so \
         differences between points are the change, not noise.",
        axis.key,
        horizon_words(points)
    );
    if let Some(i) = mix {
        subtitle.push_str(&format!(
            " The ring marks the share with the highest median of {}.",
            names[i]
        ));
    }
    let frame_spec = Frame {
        title,
        subtitle,
        legend,
        note: footnote(points),
    };
    let body = frame(root, &frame_spec)?;

    let (mut x_lo, mut x_hi) = (xs[order[0]], xs[order[n - 1]]);
    if numeric.is_some() {
        let pad = ((x_hi - x_lo) * 0.03).max(if x_hi > x_lo { 0.0 } else { 1.0 });
        x_lo -= pad;
        x_hi += pad;
    } else {
        x_lo -= 0.5;
        x_hi += 0.5;
    }
    let y_hi = (0..names.len())
        .flat_map(|i| (0..n).map(move |k| (i, k)))
        .map(|(i, k)| revenue(i, k).p90)
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.08;
    let y_lo = (0..names.len())
        .flat_map(|i| (0..n).map(move |k| (i, k)))
        .map(|(i, k)| revenue(i, k).p10)
        .fold(0.0, f64::min);
    let mut chart = plot(&body, x_lo..x_hi, y_lo..y_hi, true)?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    // The values as written under their points, every k-th when they would touch; a numeric
    // key whose values are too dense for that gets round ticks instead.
    let tick_style = font(TICK_SIZE, TEXT);
    let mut widest = 0;
    for v in &axis.values {
        widest = widest.max(text_width(root, v, &tick_style)?);
    }
    let pixel_x: Vec<i32> = xs
        .iter()
        .map(|x| chart.backend_coord(&(*x, 0.0)).0)
        .collect();
    let spacing = order
        .windows(2)
        .map(|w| pixel_x[w[1]] - pixel_x[w[0]])
        .min()
        .unwrap_or(i32::MAX);
    let every = (1..=n)
        .find(|k| spacing.saturating_mul(*k as i32) >= widest + 14)
        .unwrap_or(n);
    let as_written = numeric.is_none() || every <= 2;
    let x_desc = axis_words(root, &axis.key, &words, px.end - px.start)?;
    let y_desc = format!("Team revenue {}", horizon_words(points));
    axes(
        &mut chart,
        &Axes {
            x_desc: &x_desc,
            y_desc: &y_desc,
            x_ticks: if as_written { 0 } else { 10 },
            y_ticks: 10,
            x_fmt: &number_tick,
            y_fmt: &money_tick,
        },
    )?;
    if as_written {
        for (rank, &k) in order.iter().enumerate() {
            let x = pixel_x[k];
            root.draw(&PathElement::new(
                vec![(x, py.end), (x, py.end + 6)],
                AXIS.stroke_width(1),
            ))?;
            if rank % every == 0 {
                text(
                    root,
                    &axis.values[k],
                    (x, py.end + 9),
                    &tick_style,
                    (HPos::Center, VPos::Top),
                )?;
            }
        }
    }
    // A strategy the key does not move gets its band outlined only, so that the bands of the
    // strategies it does move stay readable over it.
    for (i, &moves) in moved.iter().enumerate() {
        let colour = strategy_colour(i);
        let upper: Vec<(f64, f64)> = order.iter().map(|&k| (xs[k], revenue(i, k).p90)).collect();
        let lower: Vec<(f64, f64)> = order.iter().map(|&k| (xs[k], revenue(i, k).p10)).collect();
        if moves {
            let band: Vec<(f64, f64)> = upper.iter().chain(lower.iter().rev()).copied().collect();
            chart.draw_series(std::iter::once(Polygon::new(
                band,
                colour.mix(BAND_OPACITY).filled(),
            )))?;
            for edge in [upper, lower] {
                chart.draw_series(LineSeries::new(edge, colour.mix(0.55).stroke_width(1)))?;
            }
        } else {
            for edge in [upper, lower] {
                chart.draw_series(DashedLineSeries::new(
                    edge,
                    8,
                    6,
                    colour.mix(0.8).stroke_width(2),
                ))?;
            }
        }
    }
    // Medians over every band.
    for i in 0..names.len() {
        let colour = strategy_colour(i);
        let line: Vec<(f64, f64)> = order.iter().map(|&k| (xs[k], revenue(i, k).p50)).collect();
        chart.draw_series(LineSeries::new(
            line.clone(),
            colour.stroke_width(LINE_WIDTH),
        ))?;
        if n <= MAX_DOTS {
            chart.draw_series(line.into_iter().map(|p| Circle::new(p, 5, colour.filled())))?;
        }
    }
    if let Some((i, k)) = best {
        let (bx, by) = chart.backend_coord(&(xs[k], revenue(i, k).p50));
        root.draw(&Circle::new((bx, by), BEST_RING, REFERENCE.stroke_width(3)))?;
        let words = format!(
            "best share: {} (median {})",
            axis.values[k],
            money_short(revenue(i, k).p50)
        );
        let style = font(ANNOTATION_SIZE, REFERENCE);
        let w = text_width(root, &words, &style)?;
        let h = (ANNOTATION_SIZE * 1.2) as i32;
        // Above the ring, inside the plot; below it when the top is too close.
        let x = (bx - w / 2).clamp(px.start + 6, px.end - w - 6);
        let y = if by - BEST_RING - 10 - h >= py.start {
            by - BEST_RING - 10 - h
        } else {
            by + BEST_RING + 10
        };
        root.draw(&Rectangle::new(
            [(x - 6, y - 4), (x + w + 6, y + h + 2)],
            BACKGROUND.filled(),
        ))?;
        root.draw(&Rectangle::new(
            [(x - 6, y - 4), (x + w + 6, y + h + 2)],
            AXIS.stroke_width(1),
        ))?;
        text(root, &words, (x, y), &style, (HPos::Left, VPos::Top))?;
    }
    Ok(())
}

/// Two keys: a heat map of the median team revenue over the grid, `rows` down and `cols`
/// across.
fn draw_grid<DB: DrawingBackend>(
    root: &Area<DB>,
    rows: &Axis,
    cols: &Axis,
    points: &[SweepPoint],
) -> ChartResult<(), DB> {
    let names = names(points);
    let (ny, nx) = (rows.values.len(), cols.values.len());
    let median = |i: usize, r: usize, c: usize| {
        points
            .get(r * nx + c)
            .and_then(|p| p.summary.strategies.get(i))
            .map_or(f64::NAN, |s| s.revenue.p50)
    };
    let tick_style = font(TICK_SIZE, TEXT);
    let cell_style = font(ANNOTATION_SIZE, TEXT);
    let desc_style = font(AXIS_DESC_SIZE, TEXT);
    let mut row_label_w = 0;
    for v in &rows.values {
        row_label_w = row_label_w.max(text_width(root, v, &tick_style)?);
    }
    let mut col_label_w = 0;
    for v in &cols.values {
        col_label_w = col_label_w.max(text_width(root, v, &tick_style)?);
    }
    let cell_label_w = |shown: &[usize]| -> ChartResult<i32, DB> {
        let mut w = 0;
        for &i in shown {
            for r in 0..ny {
                for c in 0..nx {
                    w = w.max(text_width(
                        root,
                        &money_short(median(i, r, c)),
                        &cell_style,
                    )?);
                }
            }
        }
        Ok(w)
    };
    // Columns: the rotated row-key description, the row labels, then the panels.
    let desc_h = (AXIS_DESC_SIZE * 1.3) as i32;
    let grid_left = MARGIN + desc_h + 10 + row_label_w + 12;
    let grid_right = WIDTH as i32 - MARGIN;
    let cell_w = |panels: usize| {
        (grid_right - grid_left - PANEL_GAP * (panels as i32 - 1)) / (panels * nx) as i32
    };
    let all: Vec<usize> = (0..names.len()).collect();
    let last = vec![names.len() - 1];
    let shown = if names.len() <= MAX_PANELS
        && cell_w(names.len()) >= cell_label_w(&all)?.max(col_label_w) + CELL_PADDING
    {
        all
    } else {
        last
    };
    let panels = shown.len();
    let cw = cell_w(panels);
    let label_cells = cw >= cell_label_w(&shown)? + CELL_PADDING;

    let whose = if panels == 1 {
        names[shown[0]].to_string()
    } else {
        "each strategy".into()
    };
    let futures = counted(points[0].summary.trials, "simulated future");
    let title = format!(
        "Median team revenue by {} and {}",
        rows.key.label(),
        cols.key.label()
    );
    let title = if text_width(root, &title, &font(TITLE_SIZE, TEXT))? <= WIDTH as i32 - 2 * MARGIN {
        title
    } else {
        format!("Median team revenue over a {ny} × {nx} grid")
    };
    let frame_spec = Frame {
        title,
        subtitle: format!(
            "Each cell: the median team revenue {} of {whose} across {futures}, at one pair of \
             values of {} (down) and {} (across); the darker, the higher. Every point runs on \
             the same trial streams.",
            horizon_words(points),
            rows.key,
            cols.key
        ),
        legend: Vec::new(),
        note: footnote(points),
    };
    let body = frame(root, &frame_spec)?;
    let (_, body_y) = body.get_base_pixel();
    let (_, body_h) = body.dim_in_pixel();
    let top = body_y + 6 + PANEL_HEADER;
    let col_labels_h = (TICK_SIZE * 1.5) as i32;
    let bottom = body_y + body_h as i32 - desc_h - col_labels_h - 8;
    let ch = ((bottom - top) / ny as i32).max(1);
    let label_cells = label_cells && ch >= MIN_ROW_H;
    let grid_h = ch * ny as i32;

    // The shared colour scale.
    let values: Vec<f64> = shown
        .iter()
        .flat_map(|&i| {
            (0..ny)
                .flat_map(move |r| (0..nx).map(move |c| (r, c)))
                .map(move |(r, c)| (i, r, c))
        })
        .map(|(i, r, c)| median(i, r, c))
        .filter(|v| v.is_finite())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let position = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };

    let panel_w = cw * nx as i32;
    for (p, &i) in shown.iter().enumerate() {
        let left = grid_left + p as i32 * (panel_w + PANEL_GAP);
        text(
            root,
            names[i],
            (left + panel_w / 2, top - 8),
            &font(AXIS_DESC_SIZE, strategy_colour(i)),
            (HPos::Center, VPos::Bottom),
        )?;
        for r in 0..ny {
            for c in 0..nx {
                let v = median(i, r, c);
                let t = position(v);
                let (x0, y0) = (left + c as i32 * cw, top + r as i32 * ch);
                root.draw(&Rectangle::new(
                    [(x0, y0), (x0 + cw, y0 + ch)],
                    heat_colour(t).filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(x0, y0), (x0 + cw, y0 + ch)],
                    BACKGROUND.stroke_width(1),
                ))?;
                if label_cells {
                    let colour = if t >= HEAT_DARK_FROM {
                        BACKGROUND
                    } else {
                        TEXT
                    };
                    text(
                        root,
                        &money_short(v),
                        (x0 + cw / 2, y0 + ch / 2),
                        &font(ANNOTATION_SIZE, colour),
                        (HPos::Center, VPos::Center),
                    )?;
                }
            }
        }
        // Column values under the panel, every k-th when they would touch.
        let every = (1..=nx)
            .find(|k| cw * *k as i32 >= col_label_w + 10)
            .unwrap_or(nx);
        for (c, v) in cols.values.iter().enumerate() {
            if c % every == 0 {
                text(
                    root,
                    v,
                    (left + c as i32 * cw + cw / 2, top + grid_h + 8),
                    &tick_style,
                    (HPos::Center, VPos::Top),
                )?;
            }
        }
    }
    // Row values left of the first panel, every k-th when they would touch.
    let row_every = (1..=ny)
        .find(|k| ch * *k as i32 >= (TICK_SIZE * 1.1) as i32)
        .unwrap_or(ny);
    for (r, v) in rows.values.iter().enumerate() {
        if r % row_every == 0 {
            text(
                root,
                v,
                (grid_left - 12, top + r as i32 * ch + ch / 2),
                &tick_style,
                (HPos::Right, VPos::Center),
            )?;
        }
    }
    // The keys in words: across under the panels, down beside the row values.
    let span = grid_right - grid_left;
    let across = axis_words(root, &cols.key, &cols.key.label(), span)?;
    text(
        root,
        &across,
        (grid_left + span / 2, top + grid_h + 8 + col_labels_h),
        &desc_style,
        (HPos::Center, VPos::Top),
    )?;
    let down = axis_words(root, &rows.key, &rows.key.label(), grid_h)?;
    text(
        root,
        &down,
        (MARGIN, top + grid_h / 2),
        &desc_style.transform(FontTransform::Rotate270),
        (HPos::Center, VPos::Top),
    )?;
    if !label_cells {
        // Too small to label: a key to the colours instead, right of the description.
        let key_w = 220;
        let (kx, ky) = (grid_right - key_w, top + grid_h + 8 + col_labels_h + 6);
        for s in 0..key_w {
            let t = f64::from(s) / f64::from(key_w - 1);
            root.draw(&Rectangle::new(
                [(kx + s, ky), (kx + s + 1, ky + 14)],
                heat_colour(t).filled(),
            ))?;
        }
        let small = font(NOTE_SIZE, TEXT);
        text(
            root,
            &money_short(lo),
            (kx - 6, ky + 7),
            &small,
            (HPos::Right, VPos::Center),
        )?;
        text(
            root,
            &money_short(hi),
            (kx + key_w + 6, ky + 7),
            &small,
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}
