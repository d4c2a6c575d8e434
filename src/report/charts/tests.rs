//! Tests of the charts and of the report drawn from them.
use super::*;
use crate::analysis::weekly::{WeekRow, all_week_rows};
use crate::choices::ChartFormat;
use crate::config::{BUILT_IN_SCENARIO, Override, parse_scenario_with};
use crate::model::scenario::Scenario;
use crate::report::html;
use style::{HEIGHT, WIDTH};

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
fn every_chart_is_rendered_valid_and_byte_identical_for_the_same_seed() {
    let (scenario, output) = run(None, 300);
    let charts = input(&scenario, &output);
    let formats = [ChartFormat::Png, ChartFormat::Svg];
    let rendered: Vec<RenderedCharts> = [1, 2]
        .into_iter()
        .map(|threads| render_all(&charts, &formats, threads).unwrap())
        .collect();
    // The built-in scenario is a playing field with selling time and an installed base: the
    // run's charts, the field's, the whole week and the installed base.
    let all = ChartKind::ALL.len() + ChartKind::FIELD.len() + 2;
    assert_eq!(charts.kinds().len(), all);
    assert_eq!(rendered[0].files.len(), all * 2);
    assert_eq!(rendered[0].svgs.len(), all);
    assert!(
        rendered[0].files == rendered[1].files,
        "the chart files differ between 1 and 2 threads"
    );
    for (name, bytes) in &rendered[0].files {
        check_bytes(name, bytes);
    }
    // Per chart: its SVG, then its PNG.
    assert_eq!(rendered[0].files[0].0, "revenue.svg");
    assert_eq!(rendered[0].files[1].0, "revenue.png");
}

#[test]
fn png_only_by_default_and_svg_only_on_request() {
    let (scenario, output) = run(None, 50);
    let charts = input(&scenario, &output);
    let drawn = render_all(&charts, &[], 2).unwrap();
    assert!(drawn.files.iter().all(|(f, _)| f.ends_with(".png")));
    let all = charts.kinds().len();
    assert_eq!(drawn.svgs.len(), all, "the report always gets SVG");
    let drawn = render_all(&charts, &[ChartFormat::Svg], 2).unwrap();
    assert!(drawn.files.iter().all(|(f, _)| f.ends_with(".svg")));
    assert_eq!(drawn.files.len(), all);
}

#[test]
fn the_report_has_every_section_and_no_network_reference() {
    let (scenario, output) = run(None, 200);
    let charts = input(&scenario, &output);
    let drawn = render_all(&charts, &[ChartFormat::Png], 2).unwrap();
    let report = html::render(&charts, &drawn, &[]);
    assert_eq!(report, html::render(&charts, &drawn, &[]), "deterministic");
    for section in html::SECTIONS {
        assert!(
            report.contains(&format!("<h2>{section}</h2>")),
            "section {section}"
        );
    }
    assert!(report.contains(&format!("<h2>{}</h2>", html::PLAYING_FIELD)));
    for kind in charts.kinds() {
        assert!(
            report.contains(&format!("<h3>{}</h3>", kind.heading())),
            "{kind:?}"
        );
        assert!(report.contains(&format!("id=\"chart-{}\"", kind.file_stem())));
    }
    assert_eq!(report.matches("<svg").count(), charts.kinds().len());
    assert!(charts.kinds().contains(&ChartKind::WholeWeek));
    // The playing field's charts sit in its section, before the other charts.
    let field_at = report.find("id=\"playing-field\"").unwrap();
    let charts_at = report.find("id=\"charts\"").unwrap();
    let burn_down = report.find("id=\"chart-territory-burn-down\"").unwrap();
    assert!(field_at < burn_down && burn_down < charts_at);
    assert!(report.contains(&scenario.name));
    assert!(report.contains(&esc(scenario.description.as_deref().unwrap())));
    for key in crate::model::inputs::InputKey::ALL {
        assert!(report.contains(&esc(key.label())), "input {}", key.name());
    }
    let lower = report.to_lowercase();
    for banned in [
        "http://", "https://", "<script", "@import", "url(", "<link", "<img", "<iframe",
    ] {
        assert!(!lower.contains(banned), "the report refers to {banned}");
    }
}

const ONE: &str = "name = \"solo\"\n[simulation]\ntrials = 100\nweeks = 12\nreps = 2\nseed = 3\n\
                   [[strategies]]\nname = \"only\"\nprospecting_hours_per_week = 20\n\
                   research_hours_per_account = 0\ndials_per_account = 2\ndials_per_hour = 15\n\
                   connect_rate = 0.1\nconversation_to_appointment = 0.1\n\
                   appointment_to_proposal = 0.3\nproposal_to_close = 0.2\n\
                   sales_cycle_weeks = 4\nrevenue_per_sale = 5000\n";

#[test]
fn one_strategy_draws_no_comparison_and_a_target_still_draws() {
    let (scenario, output) = run(Some(ONE), 100);
    let mut charts = input(&scenario, &output);
    // Nothing to compare: no difference chart, and no comparison table in the terminal.
    assert!(!charts.kinds().contains(&ChartKind::Difference));
    let drawn = render_all(&charts, &[ChartFormat::Png, ChartFormat::Svg], 1).unwrap();
    assert_eq!(drawn.files.len(), (ChartKind::ALL.len() - 1) * 2);
    assert!(
        drawn
            .files
            .iter()
            .all(|(f, _)| !f.starts_with("difference"))
    );
    let report = html::render(&charts, &drawn, &[]);
    assert!(!report.contains("chart-difference"));
    let terminal = crate::report::terminal::render(charts.summary, None);
    assert!(!terminal.contains("Against only"), "{terminal}");
    charts.target = Some(charts.summary.strategies[0].revenue.p50);
    let svg = render_svg(ChartKind::Exceedance, &charts).unwrap();
    assert!(svg.contains("target $") && svg.contains("reach the target"));
}

/// The built-in scenario with a revenue per sale of `top-down` so large and spread that its
/// revenue runs to billions while bottom-up stays under a million. (A lognormal with median
/// 20,000 and p95 5,000,000 is refused: 2.7% of its mean lies above the $1T cap.)
fn heavy_tail(trials: u64) -> Scenario {
    let overrides = [
        Override::set("simulation.trials", &trials.to_string()),
        Override::set(
            "strategies.top-down.revenue_per_sale",
            "{ dist = \"lognormal\", median = 2000000, p95 = 20000000 }",
        ),
    ];
    parse_scenario_with(BUILT_IN_SCENARIO, "test", &overrides).unwrap()
}

#[test]
fn heavy_tails_get_a_log_axis_over_the_body_and_labels_that_match_the_numbers() {
    let scenario = heavy_tail(400);
    let output = output_of(&scenario);
    let charts = input(&scenario, &output);
    let sorted: Vec<&[f64]> = charts
        .strategies
        .iter()
        .map(|s| s.revenue.as_slice())
        .collect();
    let axis = data::value_axis(&sorted, true);
    assert_eq!(axis.scale, data::Scale::Log);
    // The axis holds every strategy's P5 to P95, and bottom-up's body is no spike: its P5-P95
    // spans at least 5% of the axis (far under 1% of a linear axis to top-down's P99.9).
    for s in &charts.summary.strategies {
        assert!(axis.lo <= s.revenue.p5.log10() && s.revenue.p95.log10() <= axis.hi);
    }
    let b = &charts.summary.strategies[0].revenue;
    assert!((b.p95.log10() - b.p5.log10()) / (axis.hi - axis.lo) >= 0.05);
    let svg = render_svg(ChartKind::Revenue, &charts).unwrap();
    assert!(svg.contains("(log scale)"));
    assert!(
        !svg.contains("P5 = P95"),
        "P5 and P95 differ, the label must say so"
    );
    for s in &charts.summary.strategies {
        let p5 = format!("P5 {}", crate::report::format::money_short(s.revenue.p5));
        let p95 = format!("P95 {}", crate::report::format::money_short(s.revenue.p95));
        assert!(svg.contains(&p5) && svg.contains(&p95), "{p5} {p95}");
    }
    for kind in charts.kinds() {
        render_png(kind, &charts).unwrap();
    }
    // The default scenario keeps its linear axis with the usual 0.1% tails.
    let (scenario, output) = run(None, 400);
    let charts = input(&scenario, &output);
    let sorted: Vec<&[f64]> = charts
        .strategies
        .iter()
        .map(|s| s.revenue.as_slice())
        .collect();
    let axis = data::value_axis(&sorted, true);
    assert_eq!(
        (axis.scale, axis.tail),
        (data::Scale::Linear, data::AXIS_TAIL)
    );
}

#[test]
fn the_articles_line_is_drawn_only_within_the_hours() {
    let forty = [
        Override::set("simulation.trials", "50"),
        Override::set("strategies.bottom-up.prospecting_hours_per_week", "38"),
        Override::set("strategies.top-down.prospecting_hours_per_week", "40"),
    ];
    let scenario = parse_scenario_with(BUILT_IN_SCENARIO, "test", &forty).unwrap();
    let output = output_of(&scenario);
    let svg = render_svg(ChartKind::TimeSpent, &input(&scenario, &output)).unwrap();
    assert!(!svg.contains("article: ~22 h"));
    assert!(svg.contains("~22 hours lie below the hours drawn"));
    // No x tick below the hours drawn (the axis once ran down to 21 h).
    assert!(!svg.contains(">21 h<") && !svg.contains(">30 h<"));
    let (scenario, output) = run(None, 50);
    let svg = render_svg(ChartKind::TimeSpent, &input(&scenario, &output)).unwrap();
    assert!(svg.contains("article: ~22 h"));
}

/// `n` copies of the built-in scenario's strategies under `names` (its two alternating).
fn named(names: &[&str]) -> String {
    let base = BUILT_IN_SCENARIO;
    let first = base.find("[[strategies]]").unwrap();
    let second = base[first + 1..].find("[[strategies]]").unwrap() + first + 1;
    let blocks = [&base[first..second], &base[second..]];
    let mut text = base[..first].to_string();
    for (i, name) in names.iter().enumerate() {
        let block = blocks[i % 2];
        let old = if i % 2 == 0 { "bottom-up" } else { "top-down" };
        text.push_str(&block.replacen(
            &format!("name = \"{old}\""),
            &format!("name = \"{name}\""),
            1,
        ));
        text.push('\n');
    }
    text
}

#[test]
fn text_stays_on_the_canvas_and_does_not_overlap_with_many_long_or_foreign_names() {
    let cases: [&[&str]; 4] = [
        &["bottom-up", "top-down", "hybrid"],
        &[
            "bottom-up",
            "top-down",
            "top-down-research-heavy",
            "bottom-up-fast",
        ],
        &[
            "bottom-up calling through the switchboard with no research at all",
            "top-down-with-extensive-account-research-before-every-single-call",
        ],
        &["自下而上", "top-down 🚀"],
    ];
    for names in cases {
        let (scenario, output) = run(Some(&named(names)), 60);
        let mut charts = input(&scenario, &output);
        charts.target = Some(charts.summary.strategies[0].revenue.p50);
        for kind in charts.kinds() {
            let chart = RunChartForTest {
                kind,
                input: &charts,
            };
            let boxes = text_boxes(&chart).unwrap();
            for b in &boxes {
                let [l, t, r, btm] = b.rect;
                assert!(
                    l >= 0 && t >= 0 && r <= WIDTH as i32 && btm <= HEIGHT as i32,
                    "{names:?} {kind:?}: {:?} at {:?} leaves the canvas",
                    b.text,
                    b.rect
                );
            }
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    // Side by side, texts keep at least 2 px apart (touching reads as one
                    // word: "0.1260.126").
                    let overlap = a.rect[0] < b.rect[2] + 2
                        && b.rect[0] < a.rect[2] + 2
                        && a.rect[1] < b.rect[3] - 1
                        && b.rect[1] < a.rect[3] - 1;
                    assert!(
                        !overlap,
                        "{names:?} {kind:?}: {:?} {:?} overlaps {:?} {:?}",
                        a.text, a.rect, b.text, b.rect
                    );
                }
            }
        }
    }
}

/// One chart of a run, drawn for [`text_boxes`].
struct RunChartForTest<'i, 'a> {
    kind: ChartKind,
    input: &'i ChartInput<'a>,
}

impl Drawing for RunChartForTest<'_, '_> {
    fn file_stem(&self) -> &'static str {
        self.kind.file_stem()
    }
    fn draw_on<DB: plotters::prelude::DrawingBackend>(
        &self,
        root: &parts::Area<DB>,
    ) -> parts::ChartResult<(), DB> {
        self.kind.draw(root, self.input)
    }
}

/// Every text `chart` draws, in the order drawn, joined by spaces (so that a sentence wrapped
/// over lines reads whole).
fn words_of(chart: &impl Drawing) -> String {
    let boxes = text_boxes(chart).unwrap();
    let texts: Vec<&str> = boxes.iter().map(|b| b.text.as_str()).collect();
    texts.join(" ")
}

#[test]
fn the_week_by_week_panels_share_one_tick_step_and_the_whole_week_says_what_its_gap_is() {
    let (scenario, output) = run(None, 50);
    let charts = input(&scenario, &output);
    for kind in [ChartKind::FieldHours, ChartKind::WholeWeek] {
        let chart = RunChartForTest {
            kind,
            input: &charts,
        };
        // Each hour tick ("20 h") once per panel: the two panels share one range and one step
        // (the lower panel, taller by the week axis, once got a finer step).
        let mut ticks = std::collections::BTreeMap::new();
        for b in text_boxes(&chart).unwrap() {
            if b.text
                .strip_suffix(" h")
                .is_some_and(|n| n.parse::<f64>().is_ok())
            {
                *ticks.entry(b.text).or_insert(0) += 1;
            }
        }
        assert!(ticks.len() >= 2, "{kind:?}: {ticks:?}");
        assert!(ticks.values().all(|&c| c == 2), "{kind:?}: {ticks:?}");
    }
    let whole = RunChartForTest {
        kind: ChartKind::WholeWeek,
        input: &charts,
    };
    let words = words_of(&whole);
    // The gap between the bars and the hours available is unused selling time, said as such;
    // the article's line is named in the legend, not labelled on the bars.
    assert!(words.contains("(the gap above the bars: selling hours unused)"));
    assert!(words.contains("Unused selling hours are lost, not spare prospecting time."));
    assert!(words.contains("the article's ~22 h of prospecting"));
    assert!(!words.contains("article: ~22 h"));
    assert!(!words.contains("unlimited"));
    let unlimited = [
        Override::set("simulation.trials", "50"),
        Override::set("selling.when_full", "unlimited"),
    ];
    let scenario = parse_scenario_with(BUILT_IN_SCENARIO, "test", &unlimited).unwrap();
    let output = output_of(&scenario);
    let charts = input(&scenario, &output);
    let whole = RunChartForTest {
        kind: ChartKind::WholeWeek,
        input: &charts,
    };
    let words = words_of(&whole);
    assert!(words.contains("(when_full = \"unlimited\")"), "{words}");
    assert!(words.contains("the bars rise above the line"));
}

#[test]
fn the_burn_down_says_the_team_keeps_working_after_a_list_out() {
    let (scenario, output) = run(None, 50);
    let charts = input(&scenario, &output);
    let words = words_of(&RunChartForTest {
        kind: ChartKind::BurnDown,
        input: &charts,
    });
    assert!(
        words.contains(
            "After a list-out the line lies near 0, but the team keeps working: re-touches of \
             due accounts, not counted here."
        ),
        "{words}"
    );
}

const BUSINESS_CASE: &str = include_str!("../../../configs/business-case.toml");
const MIX: &str = include_str!("../../../configs/mix-70-30.toml");

/// Checks a chart file's bytes: PNG of 1200 x 800, or a complete SVG of that size with text.
fn check_bytes(name: &str, bytes: &[u8]) {
    if name.ends_with(".png") {
        assert_eq!(png_size(bytes), (WIDTH, HEIGHT), "{name}");
    } else {
        let svg = std::str::from_utf8(bytes).unwrap();
        let root = &svg[svg.find("<svg").unwrap()..];
        let root = &root[..root.find('>').unwrap()];
        assert!(
            root.contains("width=\"1200\"") && root.contains("height=\"800\""),
            "{name}: {root}"
        );
        assert!(
            svg.trim_end().ends_with("</svg>") && svg.contains("<text"),
            "{name}"
        );
    }
}

/// Text as the report escapes it.
fn esc(s: &str) -> String {
    maud::html! { (s) }.into_string()
}

#[test]
fn the_payback_chart_comes_with_economics_valid_and_byte_identical() {
    let (scenario, output) = run(Some(BUSINESS_CASE), 300);
    assert!(output.run.economics.is_some());
    let charts = input(&scenario, &output).with_economics(output.run.economics.as_ref());
    assert_eq!(charts.kinds().last(), Some(&ChartKind::Payback));
    let drawn: Vec<RenderedCharts> = [1, 2]
        .into_iter()
        .map(|threads| render_all(&charts, &[], threads).unwrap())
        .collect();
    assert_eq!(drawn[0].files.len(), ChartKind::ALL.len() + 1);
    let (name, png) = drawn[0].files.last().unwrap();
    assert_eq!(name, "payback.png");
    check_bytes(name, png);
    assert!(
        drawn[0].files == drawn[1].files,
        "the chart files differ between two draws of the same run"
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
    let mut without_difference = ChartKind::ALL.to_vec();
    without_difference.retain(|k| *k != ChartKind::Difference);
    assert_eq!(charts.kinds(), without_difference);
    let drawn = render_all(&charts, &[], 1).unwrap();
    let report = html::render(&charts, &drawn, &[]);
    assert!(report.contains(&format!("<h2>{}</h2>", html::BUSINESS_CASE)));
    assert!(report.contains("On its own, bottom-up earns a median NPV"));
    assert!(!report.contains("Switching from") && !report.contains("chart-payback"));
}

#[test]
fn the_report_makes_the_business_case_when_economics_exist() {
    let (scenario, output) = run(Some(BUSINESS_CASE), 300);
    let charts = input(&scenario, &output).with_economics(output.run.economics.as_ref());
    let drawn = render_all(&charts, &[ChartFormat::Png], 2).unwrap();
    let report = html::render(&charts, &drawn, &[]);
    assert_eq!(report, html::render(&charts, &drawn, &[]), "deterministic");
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
            case.contains(&esc(words)) || case.contains(words),
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
    let drawn = render_all(&plain, &[ChartFormat::Png], 2).unwrap();
    assert!(!html::render(&plain, &drawn, &[]).contains(html::BUSINESS_CASE));
}

#[test]
fn the_report_shows_targets_when_the_scenario_sets_them() {
    let (scenario, output) = run(Some(MIX), 100);
    let charts = input(&scenario, &output);
    let drawn = render_all(&charts, &[], 2).unwrap();
    let report = html::render(&charts, &drawn, &[]);
    assert!(report.contains("<caption>Targets</caption>"));
    assert!(report.contains(&esc("P(team revenue ≥ $1,000,000)")));
    assert!(report.contains("reps at quota ($100,000 per rep)"));
    assert!(report.contains("quota attainment, median rep"));
    let (scenario, output) = run(None, 50);
    let charts = input(&scenario, &output);
    assert!(!html::render(&charts, &drawn, &[]).contains("<caption>Targets</caption>"));
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
    let p50 = crate::report::format::money_short(points[5].summary.strategies[2].revenue.p50);
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
        assert!(svg.contains(&esc(bar.key.label())), "{}", bar.key.name());
    }
    // The labels run top to bottom in order of swing.
    let at = |bar: &crate::whatif::sensitivity::Bar| svg.find(&esc(bar.key.label()));
    let order = data::tornado_order(&a.bars);
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])));
    // The terminal's `*` and its footnote: the built-in's targets draw the connect rate
    // differently, and its footnote sits clear of every other text.
    let starred: Vec<_> = a.bars.iter().filter(|b| b.differs_by_target()).collect();
    assert!(!starred.is_empty());
    let footnote = "*: the targets draw the input differently; shown, the first target's P10 \
                    and P90.";
    let words = words_of(&chart(&a));
    assert!(words.contains(footnote), "{words}");
    let boxes = text_boxes(&chart(&a)).unwrap();
    let marked = boxes
        .iter()
        .filter(|b| b.text.contains(" * ·") || b.text.ends_with(" *"));
    assert_eq!(marked.count(), starred.len());
    for (i, x) in boxes.iter().enumerate() {
        for y in &boxes[i + 1..] {
            if !(x.text.starts_with("*:") || y.text.starts_with("*:")) {
                continue;
            }
            let apart = x.rect[2] <= y.rect[0]
                || y.rect[2] <= x.rect[0]
                || x.rect[3] <= y.rect[1]
                || y.rect[3] <= x.rect[1];
            assert!(
                apart,
                "{:?} {:?} overlaps {:?} {:?}",
                x.text, x.rect, y.text, y.rect
            );
        }
    }
    // A flat scenario has no targets: no mark, no footnote.
    let flat = self::scenario(Some(crate::config::FLAT_SCENARIO), 60);
    let f = analyse(&flat, 1, Output::Revenue).unwrap();
    let flat_chart = tornado::TornadoChart {
        scenario: &flat,
        analysis: &f,
    };
    assert!(!words_of(&flat_chart).contains('*'));
    // P(beats the baseline) in percent; deals as counts.
    let p = analyse(&scenario, 1, Output::PBetter).unwrap();
    assert!(svg_of(&chart(&p)).unwrap().contains('%'));
    let d = analyse(&scenario, 1, Output::Deals).unwrap();
    png_of(&chart(&d)).unwrap();
}

#[test]
fn a_tornado_bar_too_narrow_for_two_labels_still_shows_its_swing() {
    use crate::whatif::sensitivity::Output;
    // Selling hours that barely bind: the bar is under a pixel wide, the swing $4.58k.
    assert_eq!(
        tornado::narrow_words(Output::Revenue, (2_090_000.0, 2_094_580.0), 10.0, 90.0),
        "$2.09M at P10, +$4.58k at P90"
    );
    assert_eq!(
        tornado::narrow_words(Output::Deals, (100.0, 90.0), 10.0, 90.0),
        "100 at P10, -10.0 at P90"
    );
    // No swing at all: one number, either way.
    assert_eq!(
        tornado::narrow_words(Output::Revenue, (2_000_000.0, 2_000_000.0), 10.0, 90.0),
        "$2M either way"
    );
}
