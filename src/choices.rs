//! The closed sets of choices the command line offers, shared by `cli` (which parses them) and
//! the layers that act on them (`report` draws charts in a [`ChartFormat`], `whatif` measures a
//! tornado's [`Output`]). Plain values with their words: this module imports nothing from the
//! crate, so every layer may use it (see ARCHITECTURE.md).

/// An image format charts can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ChartFormat {
    /// PNG, 1200 x 800 pixels.
    Png,
    /// SVG, 1200 x 800 view box (text in the viewer's sans-serif).
    Svg,
}

impl ChartFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }
}

/// What a sensitivity analysis (the tornado) measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Mean team revenue.
    Revenue,
    /// Mean deals booked.
    Deals,
    /// Share of trials in which the strategy beats the baseline.
    PBetter,
}

impl Output {
    /// Words for tables and charts.
    pub fn label(self) -> &'static str {
        match self {
            Output::Revenue => "mean team revenue",
            Output::Deals => "mean deals booked",
            Output::PBetter => "P(beats the baseline)",
        }
    }
}
