//! The charts, drawn with plotters into memory (PNG and/or SVG); deterministic, so the same
//! run gives the same bytes.
//!
//! [`ChartInput`] ([`input`]) gathers what a run produced and precomputes the chart data
//! ([`data`]); [`ChartKind`] ([`kind`]) lists the run's charts; each chart file turns the input
//! into shapes for any plotters backend; [`encode`] makes SVG text or PNG bytes of a drawing;
//! [`render`] renders every chart of a run on a thread pool, or one what-if chart
//! ([`sweep::SweepChart`], [`tornado::TornadoChart`]), to `(file name, bytes)`. Nothing here
//! writes files: [`crate::report::files`] does.

mod burn_down;
pub mod calibration;
mod coverage;
pub mod data;
mod difference;
pub mod encode;
mod exceedance;
pub mod field_data;
mod field_hours;
mod funnel;
pub mod glyphs;
mod hours_per_deal;
pub mod input;
mod installed_base;
pub mod kind;
mod over_time;
pub mod part_b_data;
pub mod parts;
mod payback;
pub mod render;
mod revenue;
mod segment_revenue;
pub mod style;
pub mod sweep;
mod team_capacity;
mod time_spent;
pub mod tornado;
mod whole_week;

#[cfg(test)]
mod tests;

pub use encode::{Drawing, png_of, svg_of, text_boxes};
pub use input::{ChartInput, Difference, StrategyData, provenance};
pub use kind::ChartKind;
pub use render::{ChartFile, RenderedCharts, render_all, render_chart, render_png, render_svg};
