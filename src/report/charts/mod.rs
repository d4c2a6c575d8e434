//! The run's charts, drawn with plotters into memory (PNG and/or SVG) and written atomically.
//!
//! [`ChartInput`] gathers what a run produced and precomputes the chart data ([`data`]); each
//! chart file turns it into shapes for any plotters backend; [`draw_all`] draws every chart in
//! every requested format on a rayon pool. The SVG of every chart is always drawn, since the
//! HTML report embeds it. Drawing is deterministic: the same run gives the same bytes.
//!
//! The what-if commands draw one chart each outside a run ([`sweep::SweepChart`],
//! [`tornado::TornadoChart`]), written by [`write_chart`] with the same look and encoding.

pub mod data;
mod difference;
mod exceedance;
mod funnel;
mod hours_per_deal;
mod over_time;
pub mod parts;
mod payback;
mod revenue;
pub mod style;
pub mod sweep;
mod time_spent;
pub mod tornado;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use plotters::prelude::*;
use rayon::prelude::*;

use crate::analysis::per_trial::{self, Funnel};
use crate::analysis::summary::RunSummary;
use crate::analysis::weekly::WeekRow;
pub use crate::choices::ChartFormat;
use crate::econ::EconomicsRun;
use crate::model::scenario::Scenario;
use crate::report::files::{write_atomic, write_string_atomic};
use crate::sim::SimResult;
use parts::{Area, ChartResult};
use style::{HEIGHT, WIDTH};

/// The charts, in the order the report shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Distribution of team revenue.
    Revenue,
    /// P(revenue >= x).
    Exceedance,
    /// Cumulative revenue by week, median and P10-P90.
    OverTime,
    /// Prospecting hours per rep-week and their split.
    TimeSpent,
    /// Funnel counts per rep-week and stage ratios.
    Funnel,
    /// Paired revenue difference against the baseline.
    Difference,
    /// Prospecting hours per closed deal.
    HoursPerDeal,
    /// Cumulative cash against the baseline and the payback week (runs with `[economics]`
    /// only; not in [`ChartKind::ALL`]).
    Payback,
}

impl ChartKind {
    /// Every chart a run always draws ([`ChartInput::kinds`] adds [`ChartKind::Payback`] when
    /// the run has a business case).
    pub const ALL: [ChartKind; 7] = [
        ChartKind::Revenue,
        ChartKind::Exceedance,
        ChartKind::OverTime,
        ChartKind::TimeSpent,
        ChartKind::Funnel,
        ChartKind::Difference,
        ChartKind::HoursPerDeal,
    ];

    /// File name without extension.
    pub fn file_stem(self) -> &'static str {
        match self {
            ChartKind::Revenue => "revenue",
            ChartKind::Exceedance => "revenue-exceedance",
            ChartKind::OverTime => "revenue-over-time",
            ChartKind::TimeSpent => "time-spent",
            ChartKind::Funnel => "funnel",
            ChartKind::Difference => "difference",
            ChartKind::HoursPerDeal => "hours-per-deal",
            ChartKind::Payback => "payback",
        }
    }

    /// A heading for the report.
    pub fn heading(self) -> &'static str {
        match self {
            ChartKind::Revenue => "Revenue: the range of outcomes",
            ChartKind::Exceedance => "Revenue you can count on",
            ChartKind::OverTime => "Revenue week by week",
            ChartKind::TimeSpent => "Where prospecting time goes",
            ChartKind::Funnel => "The funnel and its KPIs",
            ChartKind::Difference => "Strategy against baseline, future by future",
            ChartKind::HoursPerDeal => "Prospecting hours per deal",
            ChartKind::Payback => "When the switch pays for itself",
        }
    }

    fn draw<DB: DrawingBackend>(
        self,
        root: &Area<DB>,
        input: &ChartInput<'_>,
    ) -> ChartResult<(), DB> {
        match self {
            ChartKind::Revenue => revenue::draw(root, input),
            ChartKind::Exceedance => exceedance::draw(root, input),
            ChartKind::OverTime => over_time::draw(root, input),
            ChartKind::TimeSpent => time_spent::draw(root, input),
            ChartKind::Funnel => funnel::draw(root, input),
            ChartKind::Difference => difference::draw(root, input),
            ChartKind::HoursPerDeal => hours_per_deal::draw(root, input),
            ChartKind::Payback => payback::draw(root, input),
        }
    }
}

/// One strategy's chart data, computed once before drawing.
#[derive(Debug, Clone)]
pub struct StrategyData {
    /// Trial revenues, sorted.
    pub revenue: Vec<f64>,
    /// Team prospecting hours per close, per trial with a close, sorted.
    pub hours_per_deal: Vec<f64>,
    /// Trials without a close.
    pub trials_without_close: usize,
    /// Mean funnel per rep-week.
    pub funnel: Funnel,
}

/// A strategy against the baseline, trial by trial.
#[derive(Debug, Clone)]
pub struct Difference {
    /// Index of the strategy.
    pub strategy: usize,
    /// `strategy - baseline` revenue per trial, sorted.
    pub values: Vec<f64>,
}

/// Everything the charts and the report are drawn from.
pub struct ChartInput<'a> {
    /// The scenario as run (trials and seed after any override).
    pub scenario: &'a Scenario,
    /// The run's summary.
    pub summary: &'a RunSummary,
    /// The per-trial results.
    pub result: &'a SimResult,
    /// Week rows per strategy.
    pub weekly: &'a [(String, Vec<WeekRow>)],
    /// The scenario's revenue target, marked on the exceedance chart.
    pub target: Option<f64>,
    /// Per strategy, in scenario order.
    pub strategies: Vec<StrategyData>,
    /// Each strategy after the first against the first.
    pub differences: Vec<Difference>,
    /// The business case, when the scenario has `[economics]` (see
    /// [`ChartInput::with_economics`]): adds the payback chart and the report's business case.
    pub economics: Option<&'a EconomicsRun>,
}

impl<'a> ChartInput<'a> {
    /// Precomputes the chart data of a run (on the current rayon pool).
    pub fn new(
        scenario: &'a Scenario,
        summary: &'a RunSummary,
        result: &'a SimResult,
        weekly: &'a [(String, Vec<WeekRow>)],
    ) -> Self {
        let sim = scenario.simulation;
        let rep_weeks = f64::from(sim.reps) * f64::from(sim.weeks);
        let strategies = result
            .strategies
            .par_iter()
            .map(|run| {
                let (hours_per_deal, trials_without_close) = per_trial::hours_per_deal(&run.trials);
                StrategyData {
                    revenue: per_trial::sorted_revenue(&run.trials),
                    hours_per_deal,
                    trials_without_close,
                    funnel: per_trial::funnel(&run.trials, rep_weeks),
                }
            })
            .collect();
        let differences = result
            .strategies
            .par_iter()
            .enumerate()
            .skip(1)
            .map(|(i, run)| Difference {
                strategy: i,
                values: per_trial::sorted_difference(&run.trials, &result.strategies[0].trials),
            })
            .collect();
        ChartInput {
            scenario,
            summary,
            result,
            weekly,
            target: scenario.targets.revenue,
            strategies,
            differences,
            economics: None,
        }
    }

    /// The same input with the run's business case (None leaves it without).
    pub fn with_economics(mut self, economics: Option<&'a EconomicsRun>) -> Self {
        self.economics = economics;
        self
    }

    /// The charts this run draws, in report order: [`ChartKind::ALL`], then the payback chart
    /// when there is a business case with a switch to weigh (two strategies or more).
    pub fn kinds(&self) -> Vec<ChartKind> {
        let mut kinds = ChartKind::ALL.to_vec();
        if self.economics.is_some_and(|e| !e.incremental.is_empty()) {
            kinds.push(ChartKind::Payback);
        }
        kinds
    }

    /// Strategy names in scenario order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.summary.strategies.iter().map(|s| s.name.as_str())
    }

    /// The footnote every chart carries: what was run, so a chart pasted into a slide can be
    /// traced back.
    pub fn provenance(&self) -> String {
        provenance(self.scenario)
    }
}

/// The footnote of a chart of `scenario` as run: version, scenario, size and seed.
pub fn provenance(scenario: &Scenario) -> String {
    let s = scenario.simulation;
    format!(
        "prospect-sim {} · scenario {} · {} × {} × {} · seed {}",
        env!("CARGO_PKG_VERSION"),
        scenario.name,
        parts::counted(s.trials, "future"),
        parts::counted(u64::from(s.reps), "rep"),
        parts::counted(u64::from(s.weeks), "week"),
        s.seed
    )
}

/// A chart that draws itself on any plotters backend.
pub trait Drawing {
    /// File name without extension.
    fn file_stem(&self) -> &'static str;
    /// Draws the whole chart on `root` (WIDTH x HEIGHT pixels).
    fn draw_on<DB: DrawingBackend>(&self, root: &Area<DB>) -> ChartResult<(), DB>;
}

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

/// Charts drawn for a run.
#[derive(Debug, Clone)]
pub struct DrawnCharts {
    /// The SVG of every chart, in [`ChartInput::kinds`] order (for the report).
    pub svgs: Vec<(ChartKind, String)>,
    /// Files written, in order.
    pub files: Vec<PathBuf>,
}

/// Draws one chart as an SVG document.
pub fn render_svg(kind: ChartKind, input: &ChartInput<'_>) -> Result<String> {
    svg_of(&RunChart { kind, input })
}

/// Draws one chart as a PNG file's bytes.
pub fn render_png(kind: ChartKind, input: &ChartInput<'_>) -> Result<Vec<u8>> {
    png_of(&RunChart { kind, input })
}

/// Draws `chart` as an SVG document.
pub fn svg_of(chart: &impl Drawing) -> Result<String> {
    style::register_font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        chart
            .draw_on(&root)
            .and_then(|()| root.present())
            .map_err(|e| anyhow!("drawing {}.svg: {e}", chart.file_stem()))?;
    }
    Ok(svg)
}

/// Draws `chart` as a PNG file's bytes.
pub fn png_of(chart: &impl Drawing) -> Result<Vec<u8>> {
    style::register_font();
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        chart
            .draw_on(&root)
            .and_then(|()| root.present())
            .map_err(|e| anyhow!("drawing {}.png: {e}", chart.file_stem()))?;
    }
    encode_png(&rgb, WIDTH, HEIGHT).with_context(|| format!("encoding {}.png", chart.file_stem()))
}

/// Writes one chart drawn outside a run (a sweep's, a tornado) into `dir` in each of `formats`
/// (PNG when empty), atomically; returns the files written.
pub fn write_chart(
    chart: &impl Drawing,
    dir: &Path,
    formats: &[ChartFormat],
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for format in [ChartFormat::Png, ChartFormat::Svg] {
        let wanted =
            formats.contains(&format) || (formats.is_empty() && format == ChartFormat::Png);
        if !wanted {
            continue;
        }
        let path = dir.join(format!("{}.{}", chart.file_stem(), format.extension()));
        match format {
            ChartFormat::Png => {
                let bytes = png_of(chart)?;
                write_atomic(&path, |w| w.write_all(&bytes))?;
            }
            ChartFormat::Svg => write_string_atomic(&path, &svg_of(chart)?)?,
        }
        files.push(path);
    }
    Ok(files)
}

/// RGB pixels to PNG bytes. Charts are large areas of flat colour, which deflate compresses
/// best unfiltered: measured on the built-in scenario's seven charts, about 60 KB a chart in
/// about 10 ms (filters gave 10-15% larger files; fast deflate 4x larger; best deflate 3x
/// slower for 2% less).
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
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

/// Draws every chart in each of `formats` (PNG when empty) into `dir`, in parallel on
/// `threads` threads; returns the SVGs for the report and the files written.
pub fn draw_all(
    input: &ChartInput<'_>,
    dir: &Path,
    formats: &[ChartFormat],
    threads: usize,
) -> Result<DrawnCharts> {
    let png = formats.is_empty() || formats.contains(&ChartFormat::Png);
    let svg = formats.contains(&ChartFormat::Svg);
    // One task per chart and format; the SVG is drawn even when no .svg file is asked for.
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
    let done: Vec<(ChartKind, Option<String>, Option<PathBuf>)> = pool.install(|| {
        tasks
            .par_iter()
            .map(|&(kind, format)| -> Result<_> {
                let path = dir.join(format!("{}.{}", kind.file_stem(), format.extension()));
                match format {
                    ChartFormat::Png => {
                        let bytes = render_png(kind, input)?;
                        write_atomic(&path, |w| w.write_all(&bytes))?;
                        Ok((kind, None, Some(path)))
                    }
                    ChartFormat::Svg => {
                        let doc = render_svg(kind, input)?;
                        if svg {
                            write_string_atomic(&path, &doc)?;
                            Ok((kind, Some(doc), Some(path)))
                        } else {
                            Ok((kind, Some(doc), None))
                        }
                    }
                }
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let mut drawn = DrawnCharts {
        svgs: Vec::new(),
        files: Vec::new(),
    };
    for (kind, doc, path) in done {
        if let Some(doc) = doc {
            drawn.svgs.push((kind, doc));
        }
        drawn.files.extend(path);
    }
    Ok(drawn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::weekly::all_week_rows;
    use crate::config::{BUILT_IN_SCENARIO, Override, parse_scenario_with};
    use crate::report::html;

    /// A finished run and its week rows.
    struct RunOutput {
        run: crate::analysis::Run,
        weekly: Vec<(String, Vec<WeekRow>)>,
    }

    /// `text` (the built-in scenario when None) with `trials` trials, validated.
    fn scenario(text: Option<&str>, trials: u64) -> Scenario {
        let trials = [Override::set("simulation.trials", &trials.to_string())];
        parse_scenario_with(text.unwrap_or(BUILT_IN_SCENARIO), "test", &trials).unwrap()
    }

    /// Runs `scenario` and computes its week rows.
    fn output_of(scenario: &Scenario) -> RunOutput {
        let run = crate::analysis::run(scenario, &|_| {});
        let weekly = all_week_rows(scenario, &run.result);
        RunOutput { run, weekly }
    }

    /// A small seeded run of `text` (the built-in scenario with a few trials when None).
    fn run(text: Option<&str>, trials: u64) -> (Scenario, RunOutput) {
        let scenario = scenario(text, trials);
        let output = output_of(&scenario);
        (scenario, output)
    }

    fn input<'a>(scenario: &'a Scenario, output: &'a RunOutput) -> ChartInput<'a> {
        ChartInput::new(
            scenario,
            &output.run.summary,
            &output.run.result,
            &output.weekly,
        )
    }

    /// Width and height from a PNG's IHDR chunk, after checking the signature.
    fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        assert_eq!(&bytes[12..16], b"IHDR", "IHDR comes first");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (be(&bytes[16..20]), be(&bytes[20..24]))
    }

    #[test]
    fn every_chart_is_written_valid_and_byte_identical_for_the_same_seed() {
        let (scenario, output) = run(None, 300);
        let charts = input(&scenario, &output);
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let formats = [ChartFormat::Png, ChartFormat::Svg];
        let drawn: Vec<DrawnCharts> = dirs
            .iter()
            .zip([1, 2])
            .map(|(d, threads)| draw_all(&charts, d.path(), &formats, threads).unwrap())
            .collect();
        assert_eq!(drawn[0].files.len(), ChartKind::ALL.len() * 2);
        assert_eq!(drawn[0].svgs.len(), ChartKind::ALL.len());
        for kind in ChartKind::ALL {
            for format in formats {
                let name = format!("{}.{}", kind.file_stem(), format.extension());
                let a = std::fs::read(dirs[0].path().join(&name)).unwrap();
                let b = std::fs::read(dirs[1].path().join(&name)).unwrap();
                assert!(a == b, "{name} differs between two draws of the same run");
                match format {
                    ChartFormat::Png => assert_eq!(png_size(&a), (WIDTH, HEIGHT), "{name}"),
                    ChartFormat::Svg => {
                        let svg = String::from_utf8(a).unwrap();
                        let root = &svg[svg.find("<svg").unwrap()..];
                        let root = &root[..root.find('>').unwrap()];
                        assert!(
                            root.contains("width=\"1200\"") && root.contains("height=\"800\""),
                            "{root}"
                        );
                        assert!(svg.trim_end().ends_with("</svg>"), "{name} is complete");
                        assert!(svg.contains("<text"), "{name} has text");
                    }
                }
            }
        }
        // Nothing half-written is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(dirs[0].path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn png_only_by_default_and_svg_only_on_request() {
        let (scenario, output) = run(None, 50);
        let charts = input(&scenario, &output);
        let dir = tempfile::tempdir().unwrap();
        let drawn = draw_all(&charts, dir.path(), &[], 2).unwrap();
        assert!(drawn.files.iter().all(|f| f.extension().unwrap() == "png"));
        assert_eq!(
            drawn.svgs.len(),
            ChartKind::ALL.len(),
            "the report always gets SVG"
        );
        let dir = tempfile::tempdir().unwrap();
        let drawn = draw_all(&charts, dir.path(), &[ChartFormat::Svg], 2).unwrap();
        assert!(drawn.files.iter().all(|f| f.extension().unwrap() == "svg"));
        assert_eq!(drawn.files.len(), ChartKind::ALL.len());
    }

    #[test]
    fn the_report_has_every_section_and_no_network_reference() {
        let (scenario, output) = run(None, 200);
        let charts = input(&scenario, &output);
        let dir = tempfile::tempdir().unwrap();
        let drawn = draw_all(&charts, dir.path(), &[ChartFormat::Png], 2).unwrap();
        let report = html::render(&charts, &drawn);
        assert_eq!(report, html::render(&charts, &drawn), "deterministic");
        for section in html::SECTIONS {
            assert!(
                report.contains(&format!("<h2>{section}</h2>")),
                "section {section}"
            );
        }
        for kind in ChartKind::ALL {
            assert!(
                report.contains(&format!("<h3>{}</h3>", kind.heading())),
                "{kind:?}"
            );
            assert!(report.contains(&format!("id=\"chart-{}\"", kind.file_stem())));
        }
        assert_eq!(report.matches("<svg").count(), ChartKind::ALL.len());
        assert!(report.contains(&scenario.name));
        assert!(report.contains(&html::esc(scenario.description.as_deref().unwrap())));
        for key in crate::model::inputs::InputKey::ALL {
            assert!(
                report.contains(&html::esc(key.label())),
                "input {}",
                key.name()
            );
        }
        let lower = report.to_lowercase();
        for banned in [
            "http://", "https://", "<script", "@import", "url(", "<link", "<img", "<iframe",
        ] {
            assert!(!lower.contains(banned), "the report refers to {banned}");
        }
    }

    #[test]
    fn one_strategy_and_a_target_still_draw() {
        let one = "name = \"solo\"\n[simulation]\ntrials = 100\nweeks = 12\nreps = 2\nseed = 3\n\
                   [[strategies]]\nname = \"only\"\nprospecting_hours_per_week = 20\n\
                   research_hours_per_account = 0\ndials_per_account = 2\ndials_per_hour = 15\n\
                   connect_rate = 0.1\nconversation_to_appointment = 0.1\n\
                   appointment_to_proposal = 0.3\nproposal_to_close = 0.2\n\
                   sales_cycle_weeks = 4\nrevenue_per_sale = 5000\n";
        let (scenario, output) = run(Some(one), 100);
        let mut charts = input(&scenario, &output);
        for kind in ChartKind::ALL {
            render_png(kind, &charts).unwrap();
        }
        assert!(
            render_svg(ChartKind::Difference, &charts)
                .unwrap()
                .contains("nothing to compare")
        );
        charts.target = Some(charts.summary.strategies[0].revenue.p50);
        let svg = render_svg(ChartKind::Exceedance, &charts).unwrap();
        assert!(svg.contains("target $") && svg.contains("reach the target"));
    }

    const BUSINESS_CASE: &str = include_str!("../../../configs/business-case.toml");
    const MIX: &str = include_str!("../../../configs/mix-70-30.toml");

    /// Checks a chart file: PNG of 1200 x 800, or a complete SVG of that size with text.
    fn check_file(path: &Path) {
        let bytes = std::fs::read(path).unwrap();
        let name = path.display();
        if path.extension().unwrap() == "png" {
            assert_eq!(png_size(&bytes), (WIDTH, HEIGHT), "{name}");
        } else {
            let svg = String::from_utf8(bytes).unwrap();
            assert!(
                svg.contains("width=\"1200\"") && svg.contains("height=\"800\""),
                "{name}"
            );
            assert!(
                svg.trim_end().ends_with("</svg>") && svg.contains("<text"),
                "{name}"
            );
        }
    }

    #[test]
    fn the_payback_chart_comes_with_economics_valid_and_byte_identical() {
        let (scenario, output) = run(Some(BUSINESS_CASE), 300);
        assert!(output.run.economics.is_some());
        let charts = input(&scenario, &output).with_economics(output.run.economics.as_ref());
        assert_eq!(charts.kinds().last(), Some(&ChartKind::Payback));
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        let drawn: Vec<DrawnCharts> = dirs
            .iter()
            .zip([1, 2])
            .map(|(d, threads)| draw_all(&charts, d.path(), &[], threads).unwrap())
            .collect();
        assert_eq!(drawn[0].files.len(), ChartKind::ALL.len() + 1);
        let a = dirs[0].path().join("payback.png");
        check_file(&a);
        assert!(
            std::fs::read(&a).unwrap()
                == std::fs::read(dirs[1].path().join("payback.png")).unwrap(),
            "payback.png differs between two draws of the same run"
        );
        let svg = render_svg(ChartKind::Payback, &charts).unwrap();
        assert!(svg.contains("break-even"));
        assert!(svg.contains(&format!("by week {}", scenario.simulation.weeks - 1)));
        // Without the business case, no payback chart.
        let plain = input(&scenario, &output);
        assert!(!plain.kinds().contains(&ChartKind::Payback));
    }

    #[test]
    fn the_payback_chart_of_a_lone_strategy_says_there_is_no_switch() {
        let scenario = scenario(Some(BUSINESS_CASE), 50)
            .keeping_strategies(&[0])
            .expect("the business case has no mix");
        let output = output_of(&scenario);
        let charts = input(&scenario, &output).with_economics(output.run.economics.as_ref());
        render_png(ChartKind::Payback, &charts).unwrap();
        let svg = render_svg(ChartKind::Payback, &charts).unwrap();
        assert!(svg.contains("no switch to weigh"));
        // Not drawn with the run's charts; the report still has its business case, with the
        // strategy's own case only.
        assert_eq!(charts.kinds(), ChartKind::ALL);
        let dir = tempfile::tempdir().unwrap();
        let drawn = draw_all(&charts, dir.path(), &[], 1).unwrap();
        let report = html::render(&charts, &drawn);
        assert!(report.contains(&format!("<h2>{}</h2>", html::BUSINESS_CASE)));
        assert!(report.contains("On its own, bottom-up earns a median NPV"));
        assert!(!report.contains("Switching from") && !report.contains("chart-payback"));
    }

    #[test]
    fn the_report_makes_the_business_case_when_economics_exist() {
        let (scenario, output) = run(Some(BUSINESS_CASE), 300);
        let charts = input(&scenario, &output).with_economics(output.run.economics.as_ref());
        let dir = tempfile::tempdir().unwrap();
        let drawn = draw_all(&charts, dir.path(), &[ChartFormat::Png], 2).unwrap();
        let report = html::render(&charts, &drawn);
        assert_eq!(report, html::render(&charts, &drawn), "deterministic");
        let case = &report[report
            .find(&format!("<h2>{}</h2>", html::BUSINESS_CASE))
            .expect("a business-case section")..];
        let case = &case[..case.find("</section>").unwrap()];
        for words in [
            "Switching from bottom-up to top-down pays back by week",
            "median IRR",
            "at a 10% discount rate",
            "NPV between",
            "id=\"chart-payback\"",
            "<h3>Assumptions</h3>",
            "Gross margin: 50% to 65%",
            "$50, the same for every strategy",
            "an upfront cost of $40,000 in week 0 and $60 per rep per week",
            "Switching from bottom-up: the difference in cash",
        ] {
            assert!(
                case.contains(&html::esc(words)) || case.contains(words),
                "{words}"
            );
        }
        // Every chart once: the payback chart in the business case, the others under Charts.
        assert_eq!(report.matches("<svg").count(), ChartKind::ALL.len() + 1);
        assert_eq!(report.matches("id=\"chart-payback\"").count(), 1);
        let lower = report.to_lowercase();
        for banned in [
            "http://", "https://", "<script", "@import", "url(", "<link", "<img", "<iframe",
        ] {
            assert!(!lower.contains(banned), "the report refers to {banned}");
        }
        // Without economics there is no such section.
        let (scenario, output) = run(None, 50);
        let plain = input(&scenario, &output);
        let drawn = draw_all(&plain, dir.path(), &[ChartFormat::Png], 2).unwrap();
        assert!(!html::render(&plain, &drawn).contains(html::BUSINESS_CASE));
    }

    #[test]
    fn the_report_shows_targets_when_the_scenario_sets_them() {
        let (scenario, output) = run(Some(MIX), 100);
        let charts = input(&scenario, &output);
        let dir = tempfile::tempdir().unwrap();
        let drawn = draw_all(&charts, dir.path(), &[], 2).unwrap();
        let report = html::render(&charts, &drawn);
        assert!(report.contains("<caption>Targets</caption>"));
        assert!(report.contains(&html::esc("P(team revenue ≥ $1,000,000)")));
        assert!(report.contains("reps at quota ($100,000 per rep)"));
        assert!(report.contains("quota attainment, median rep"));
        let (scenario, output) = run(None, 50);
        let charts = input(&scenario, &output);
        assert!(!html::render(&charts, &drawn).contains("<caption>Targets</caption>"));
    }

    /// A sweep run in-process: `axes` over the scenario `text` with `trials`.
    fn sweep_points(
        text: &str,
        axes: &[(&str, &[&str])],
        trials: u64,
    ) -> (
        Vec<crate::whatif::sweep::Axis>,
        Vec<crate::whatif::sweep::SweepPoint>,
    ) {
        use crate::config::ScenarioSource;
        use crate::model::key::KeyPath;
        use crate::whatif::sweep::{Axis, run_sweep};
        let source = ScenarioSource {
            text: text.to_string(),
            label: "test".into(),
            base: vec![Override::set("simulation.trials", &trials.to_string())],
        };
        let base = source.scenario(&[]).unwrap();
        let names: Vec<&str> = base.strategies.iter().map(|s| s.name.as_str()).collect();
        let axes: Vec<Axis> = axes
            .iter()
            .map(|(k, v)| Axis {
                key: KeyPath::parse(k, &names),
                values: v.iter().map(|x| x.to_string()).collect(),
            })
            .collect();
        let points = run_sweep(&source, &axes, &|_, _| {}).unwrap();
        (axes, points)
    }

    #[test]
    fn sweep_charts_are_valid_and_byte_identical_for_the_same_seed() {
        let shares: &[&str] = &["0", "0.25", "0.5", "0.75", "1"];
        let (axes, points) = sweep_points(MIX, &[("strategies.70/30.mix.top-down", shares)], 60);
        let again = sweep_points(MIX, &[("strategies.70/30.mix.top-down", shares)], 60).1;
        let chart = |points| sweep::SweepChart {
            axes: &axes,
            points,
        };
        let png = png_of(&chart(&points)).unwrap();
        assert_eq!(png_size(&png), (WIDTH, HEIGHT));
        assert!(
            png == png_of(&chart(&again)).unwrap(),
            "sweep.png is deterministic"
        );
        let svg = svg_of(&chart(&points)).unwrap();
        assert!(svg.contains("best share: "), "the best share is marked");
        assert!(svg.contains("Share of top-down in the 70/30 mix"));
        // Words as values: a categorical axis.
        let specs: &[&str] = &["\"4% to 8%\"", "0.1"];
        let (axes, points) = sweep_points(MIX, &[("strategies.bottom-up.connect_rate", specs)], 30);
        let svg = svg_of(&sweep::SweepChart {
            axes: &axes,
            points: &points,
        })
        .unwrap();
        assert!(svg.contains("4% to 8%") && !svg.contains("best share"));
        // A grid: a heat map with money in its cells.
        let reps: &[&str] = &["2", "4"];
        let hours: &[&str] = &["0.5", "1", "1.5"];
        let grid = [
            ("simulation.reps", reps),
            ("strategies.top-down.research_hours_per_account", hours),
        ];
        let (axes, points) = sweep_points(MIX, &grid, 40);
        let again = sweep_points(MIX, &grid, 40).1;
        let chart = |points| sweep::SweepChart {
            axes: &axes,
            points,
        };
        let png = png_of(&chart(&points)).unwrap();
        assert_eq!(png_size(&png), (WIDTH, HEIGHT));
        assert!(
            png == png_of(&chart(&again)).unwrap(),
            "the grid's sweep.png is deterministic"
        );
        let svg = svg_of(&chart(&points)).unwrap();
        let p50 = parts::dollars(points[5].summary.strategies[2].revenue.p50);
        assert!(svg.contains(&p50), "the last cell is labelled {p50}");
    }

    #[test]
    fn tornado_charts_are_valid_and_byte_identical_for_the_same_seed() {
        use crate::whatif::sensitivity::{Output, analyse};
        let scenario = scenario(None, 60);
        let a = analyse(&scenario, 1, Output::Revenue).unwrap();
        let b = analyse(&scenario, 1, Output::Revenue).unwrap();
        let chart = |analysis| tornado::TornadoChart {
            scenario: &scenario,
            analysis,
        };
        let png = png_of(&chart(&a)).unwrap();
        assert_eq!(png_size(&png), (WIDTH, HEIGHT));
        assert!(
            png == png_of(&chart(&b)).unwrap(),
            "tornado.png is deterministic"
        );
        let svg = svg_of(&chart(&a)).unwrap();
        assert!(svg.contains("What moves top-down"));
        for bar in &a.bars {
            assert!(
                svg.contains(&html::esc(bar.key.label())),
                "{}",
                bar.key.name()
            );
        }
        // The labels run top to bottom in order of swing.
        let at = |bar: &crate::whatif::sensitivity::Bar| svg.find(&html::esc(bar.key.label()));
        let order = data::tornado_order(&a.bars);
        assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])));
        // P(beats the baseline) in percent; deals as counts.
        let p = analyse(&scenario, 1, Output::PBetter).unwrap();
        assert!(svg_of(&chart(&p)).unwrap().contains('%'));
        let d = analyse(&scenario, 1, Output::Deals).unwrap();
        png_of(&chart(&d)).unwrap();
    }
}
