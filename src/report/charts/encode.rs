//! Drawing a chart into bytes: SVG text, or PNG from an in-memory RGB buffer. Nothing here
//! writes files.

use anyhow::{Context, Result, anyhow};
use plotters::prelude::*;

use super::glyphs::{Glyphs, TextBoxes};
use super::parts::{Area, ChartResult};
use super::style::{self, HEIGHT, WIDTH};

/// A chart that draws itself on any plotters backend.
pub trait Drawing {
    /// File name without extension.
    fn file_stem(&self) -> &'static str;
    /// Draws the whole chart on `root` (WIDTH x HEIGHT pixels).
    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> ChartResult<(), DB>;
}

/// Draws `chart` as an SVG document.
pub fn svg_of(chart: &impl Drawing) -> Result<String> {
    style::register_font();
    let mut svg = String::new();
    let backend = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT));
    draw(chart, Glyphs::new(backend, false), ".svg")?;
    Ok(svg)
}

/// Draws `chart` as a PNG file's bytes.
pub fn png_of(chart: &impl Drawing) -> Result<Vec<u8>> {
    style::register_font();
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    let backend = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT));
    draw(chart, Glyphs::new(backend, true), ".png")?;
    encode_png(&rgb, WIDTH, HEIGHT).with_context(|| format!("encoding {}.png", chart.file_stem()))
}

/// The box of every text `chart` draws (as on a PNG: characters the font lacks replaced), for
/// tests of the layout.
///
/// # Errors
/// When the chart fails to draw.
pub fn text_boxes(chart: &impl Drawing) -> Result<Vec<super::glyphs::TextBox>> {
    style::register_font();
    let boxes = TextBoxes::default();
    let mut svg = String::new();
    let backend = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT));
    draw(chart, Glyphs::recording(backend, true, boxes.clone()), "")?;
    Ok(boxes.take())
}

/// Draws `chart` on `backend` and presents it (an SVG's text is complete, a bitmap's buffer
/// filled, when it returns); an error names the chart's file stem followed by `suffix`.
fn draw<B: DrawingBackend>(chart: &impl Drawing, backend: Glyphs<B>, suffix: &str) -> Result<()> {
    let root = backend.into_drawing_area();
    chart
        .draw_on(&root)
        .and_then(|()| root.present())
        .map_err(|e| anyhow!("drawing {}{suffix}: {e}", chart.file_stem()))
}

/// RGB pixels to PNG bytes. Charts are large areas of flat colour, which deflate compresses
/// best unfiltered: measured on the built-in scenario's seven charts, about 60 KB a chart in
/// about 10 ms (filters gave 10-15% larger files; fast deflate 4x larger; best deflate 3x
/// slower for 2% less).
pub(super) fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(rgb.len() / 32);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        encoder.set_filter(png::FilterType::NoFilter);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}
