//! Rendering charts to `(file name, bytes)`: every chart of a run in parallel on its own
//! thread pool, or one what-if chart. The files are written by [`crate::report::files`].

use anyhow::{Context, Result};
use plotters::prelude::*;
use rayon::prelude::*;

use super::encode::{Drawing, png_of, svg_of};
use super::input::ChartInput;
use super::kind::ChartKind;
use super::parts::{Area, ChartResult};
use crate::choices::ChartFormat;

/// One of a run's charts with its input.
struct RunChart<'i, 'a> {
    kind: ChartKind,
    input: &'i ChartInput<'a>,
}

impl Drawing for RunChart<'_, '_> {
    fn file_stem(&self) -> &'static str {
        self.kind.file_stem()
    }

    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> ChartResult<(), DB> {
        self.kind.draw(root, self.input)
    }
}

/// Draws one chart as an SVG document.
pub fn render_svg(kind: ChartKind, input: &ChartInput<'_>) -> Result<String> {
    svg_of(&RunChart { kind, input })
}

/// Draws one chart as a PNG file's bytes.
pub fn render_png(kind: ChartKind, input: &ChartInput<'_>) -> Result<Vec<u8>> {
    png_of(&RunChart { kind, input })
}

/// A chart file rendered in memory: its file name and bytes.
pub type ChartFile = (String, Vec<u8>);

/// The charts of a run, rendered.
#[derive(Debug, Clone)]
pub struct RenderedCharts {
    /// The SVG of every chart, in [`ChartInput::kinds`] order (for the report).
    pub svgs: Vec<(ChartKind, String)>,
    /// The files asked for, in order (per chart: its SVG, then its PNG).
    pub files: Vec<ChartFile>,
}

/// Whether `format` is wanted when `formats` were asked for (PNG when none were).
fn wanted(formats: &[ChartFormat], format: ChartFormat) -> bool {
    formats.contains(&format) || (formats.is_empty() && format == ChartFormat::Png)
}

/// Renders every chart of a run in each of `formats` (PNG when empty), in parallel on a pool
/// of `threads` threads. The SVG of every chart is drawn even when no `.svg` file is asked for,
/// since the report embeds it. The result does not depend on `threads`.
///
/// # Errors
/// When the pool cannot start or a chart fails to draw or encode.
pub fn render_all(
    input: &ChartInput<'_>,
    formats: &[ChartFormat],
    threads: usize,
) -> Result<RenderedCharts> {
    let png = wanted(formats, ChartFormat::Png);
    let svg = wanted(formats, ChartFormat::Svg);
    // One task per chart and format.
    let tasks: Vec<(ChartKind, ChartFormat)> = input
        .kinds()
        .into_iter()
        .flat_map(|k| {
            let mut t = vec![(k, ChartFormat::Svg)];
            if png {
                t.push((k, ChartFormat::Png));
            }
            t
        })
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting the chart threads")?;
    let done: Vec<(ChartKind, ChartFormat, Vec<u8>)> = pool.install(|| {
        tasks
            .par_iter()
            .map(|&(kind, format)| -> Result<_> {
                let bytes = match format {
                    ChartFormat::Png => render_png(kind, input)?,
                    ChartFormat::Svg => render_svg(kind, input)?.into_bytes(),
                };
                Ok((kind, format, bytes))
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let mut rendered = RenderedCharts {
        svgs: Vec::new(),
        files: Vec::new(),
    };
    for (kind, format, bytes) in done {
        let name = format!("{}.{}", kind.file_stem(), format.extension());
        match format {
            ChartFormat::Png => rendered.files.push((name, bytes)),
            ChartFormat::Svg => {
                let doc = String::from_utf8(bytes).context("an SVG that is not UTF-8")?;
                if svg {
                    rendered.files.push((name, doc.clone().into_bytes()));
                }
                rendered.svgs.push((kind, doc));
            }
        }
    }
    Ok(rendered)
}

/// Renders one chart drawn outside a run (a sweep's, a tornado) in each of `formats` (PNG when
/// empty): PNG first, then SVG.
///
/// # Errors
/// When the chart fails to draw or encode.
pub fn render_chart(chart: &impl Drawing, formats: &[ChartFormat]) -> Result<Vec<ChartFile>> {
    let mut files = Vec::new();
    for format in [ChartFormat::Png, ChartFormat::Svg] {
        if !wanted(formats, format) {
            continue;
        }
        let name = format!("{}.{}", chart.file_stem(), format.extension());
        let bytes = match format {
            ChartFormat::Png => png_of(chart)?,
            ChartFormat::Svg => svg_of(chart)?.into_bytes(),
        };
        files.push((name, bytes));
    }
    Ok(files)
}
