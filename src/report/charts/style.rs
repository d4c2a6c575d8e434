//! The look shared by every chart: size, the bundled font and its sizes, colours and the
//! strategy palette. Change a chart's appearance here, not in the chart files.

use std::sync::Once;

use plotters::style::{FontStyle, RGBColor};

/// Width of every chart in pixels (and of the SVG's view box).
pub const WIDTH: u32 = 1200;
/// Height of every chart in pixels.
pub const HEIGHT: u32 = 800;

/// The family name every text style asks for; [`register_font`] maps it to DejaVu Sans.
/// SVG output names it too, so a browser renders SVG text with its own sans-serif.
pub const FONT_FAMILY: &str = "sans-serif";
/// DejaVu Sans (license: assets/fonts/LICENSE-DejaVu.txt), compiled in so that charts draw
/// the same text on a machine without any system font.
pub static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

// Font sizes in plotters' units (pixel height of the line box; an em is about size / 1.16).
// Chosen so that the smallest text stays about 9 px high when the chart is shrunk to half
// its width on a slide.
/// Chart title.
pub const TITLE_SIZE: f64 = 34.0;
/// The explanatory line under the title.
pub const SUBTITLE_SIZE: f64 = 20.0;
/// Legend entries.
pub const LEGEND_SIZE: f64 = 21.0;
/// Axis descriptions ("Team revenue over 52 weeks").
pub const AXIS_DESC_SIZE: f64 = 22.0;
/// Tick labels.
pub const TICK_SIZE: f64 = 20.0;
/// Numbers and words written on the plot.
pub const ANNOTATION_SIZE: f64 = 20.0;
/// The provenance footnote.
pub const NOTE_SIZE: f64 = 17.0;

/// Space around the whole chart, in pixels.
pub const MARGIN: i32 = 24;
/// Height reserved under the plot for tick labels and the x-axis description.
pub const X_LABEL_AREA: u32 = 72;
/// Width reserved left of the plot for tick labels and the y-axis description.
pub const Y_LABEL_AREA: u32 = 112;
/// Space right of the plot, so the last x tick label is not cut.
pub const PLOT_RIGHT_MARGIN: u32 = 44;
/// Stroke width of data lines.
pub const LINE_WIDTH: u32 = 3;

/// Body text.
pub const TEXT: RGBColor = RGBColor(33, 33, 33);
/// Secondary text (subtitle, footnote).
pub const MUTED: RGBColor = RGBColor(95, 95, 95);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(226, 226, 226);
/// Axis lines.
pub const AXIS: RGBColor = RGBColor(120, 120, 120);
/// Reference lines (zero, the article's 22 hours, a target).
pub const REFERENCE: RGBColor = RGBColor(45, 45, 45);
/// Chart background.
pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);

/// Opacity of a histogram's fill; outlines are opaque, so overlapping strategies stay visible.
pub const FILL_OPACITY: f64 = 0.28;
/// Opacity of a fan chart's P10-P90 band.
pub const BAND_OPACITY: f64 = 0.18;

/// Strategy colours in scenario order: the Okabe-Ito palette, distinguishable with the common
/// colour-vision deficiencies and in greyscale print (yellow left out: unreadable on white).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// The colour of strategy `index` (scenario order), the same in every chart.
pub fn strategy_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// `colour` mixed with white: `amount` 0 keeps it, 1 gives white. Opaque tints, unlike alpha,
/// look the same on every background and in every viewer.
pub fn tint(colour: RGBColor, amount: f64) -> RGBColor {
    let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * amount).round() as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

/// The heat maps' sequential scale, lowest value first (ColorBrewer YlGnBu): ordered in
/// lightness, so it reads in greyscale and with the common colour-vision deficiencies.
pub const HEAT_STOPS: [RGBColor; 5] = [
    RGBColor(255, 255, 217),
    RGBColor(161, 218, 180),
    RGBColor(65, 182, 196),
    RGBColor(34, 94, 168),
    RGBColor(8, 29, 88),
];
/// From this position on the heat scale on, text on a cell is white rather than [`TEXT`].
pub const HEAT_DARK_FROM: f64 = 0.6;

/// The heat-map colour at position `t` of the scale (0 lowest, 1 highest; clamped).
pub fn heat_colour(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let span = (HEAT_STOPS.len() - 1) as f64;
    let k = ((t * span).floor() as usize).min(HEAT_STOPS.len() - 2);
    let f = t * span - k as f64;
    let (a, b) = (HEAT_STOPS[k], HEAT_STOPS[k + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Makes [`FONT_FAMILY`] available to plotters; call before drawing (cheap after the first).
pub fn register_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        if plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_err() {
            panic!("the bundled DejaVu Sans font does not parse");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_keep_their_colour_and_tints_lighten() {
        assert_eq!(strategy_colour(1), strategy_colour(1 + PALETTE.len()));
        assert_ne!(strategy_colour(0), strategy_colour(1));
        assert_eq!(tint(RGBColor(0, 100, 255), 0.5), RGBColor(128, 178, 255));
        assert_eq!(tint(TEXT, 0.0), TEXT);
    }

    #[test]
    fn the_heat_scale_runs_from_its_first_stop_to_its_last() {
        assert_eq!(heat_colour(0.0), HEAT_STOPS[0]);
        assert_eq!(heat_colour(1.0), HEAT_STOPS[4]);
        assert_eq!(heat_colour(0.5), HEAT_STOPS[2]);
        assert_eq!(heat_colour(-3.0), HEAT_STOPS[0]);
        assert_eq!(heat_colour(f64::NAN), HEAT_STOPS[0]);
        // Darker all the way.
        let lum =
            |c: RGBColor| 0.3 * f64::from(c.0) + 0.59 * f64::from(c.1) + 0.11 * f64::from(c.2);
        let l: Vec<f64> = (0..=20)
            .map(|i| lum(heat_colour(f64::from(i) / 20.0)))
            .collect();
        assert!(l.windows(2).all(|w| w[0] > w[1]), "{l:?}");
    }
}
