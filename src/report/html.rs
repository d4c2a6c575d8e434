//! `report.html`: one self-contained file a sales leader can forward. The scenario, a table of
//! its inputs in words, the summary tables, a findings paragraph generated from the numbers,
//! and every chart inline as SVG; with `[economics]`, the business case for a CFO. No scripts,
//! no external fonts, styles or images, and no timestamp: the same run gives the same bytes.
//!
//! The page is a maud template: every piece of text (strategy and scenario names, labels,
//! sentences) is escaped by construction; only the style sheet ([`STYLE`]) and the charts' SVG,
//! both produced by this program, go in as markup. The `"\n"` literals keep one element a line,
//! so the file reads well and diffs well.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::model::inputs::{Drawn, InputKey, Stated};
use crate::model::scenario::{Scenario, Strategy};
use crate::report::charts::{ChartInput, ChartKind, RenderedCharts};
use crate::report::files::SCENARIO_FILE;
use crate::report::format::{counted, input_value, percent_short};
use crate::report::prose;
use crate::report::table::{Table, business_case_tables, field_tables, summary_tables};

/// The report's section headings, in order (the tests check that each is present).
pub const SECTIONS: [&str; 5] = [
    "Findings",
    "Inputs",
    "Summary",
    "Charts",
    "About this report",
];

/// The heading of the business-case section, present when the run has `[economics]`.
pub const BUSINESS_CASE: &str = "The business case";

/// The heading of the playing field's section, present in a playing-field run.
pub const PLAYING_FIELD: &str = "The playing field";

/// The report's only styling, inline.
pub const STYLE: &str = include_str!("style.css");

/// A line break between elements.
const NL: &str = "\n";

/// The whole report for a run whose charts are `charts`; `overrides` are the command line's
/// changes to the scenario file, as given (`--set KEY=VALUE`, `--trials N`, `--seed N`), named
/// under the title so that a reader knows the figures are not the file's own.
pub fn render(input: &ChartInput<'_>, charts: &RenderedCharts, overrides: &[String]) -> String {
    let scenario = input.scenario;
    let summary = input.summary;
    let sim = scenario.simulation;
    let title = format!("{}: prospecting strategies compared", scenario.name);
    let names: Vec<&str> = summary.strategies.iter().map(|s| s.name.as_str()).collect();
    let page = html! {
        (DOCTYPE) (NL)
        html lang="en" {
            (NL) head {
                (NL) meta charset="utf-8"; (NL)
                meta name="viewport" content="width=device-width, initial-scale=1"; (NL)
                title { (title) } (NL)
                style { (NL) (PreEscaped(STYLE)) } (NL)
            } (NL)
            body {
                (NL) main {
                    (NL) h1 { (title) } (NL)
                    @if let Some(d) = &scenario.description {
                        p class="lead" { (d) } (NL)
                    }
                    p class="meta" {
                        (counted(sim.trials, "simulated future")) " per strategy "
                        (PreEscaped("&times;")) " " (counted(sim.reps.into(), "rep")) " "
                        (PreEscaped("&times;")) " " (counted(sim.weeks.into(), "week"))
                        ", seed " (sim.seed) ". Strategies: "
                        (names.join(", ")) "."
                    } (NL)
                    @if !overrides.is_empty() {
                        p class="meta" {
                            "Run with changes from the command line: "
                            @for (i, o) in overrides.iter().enumerate() {
                                @if i > 0 { ", " }
                                code { (o) }
                            }
                            ". The scenario as run, with these changes applied, is "
                            code { (SCENARIO_FILE) } " beside this report."
                        } (NL)
                    }
                    (section("findings", SECTIONS[0], html! {
                        @for paragraph in prose::findings(summary) {
                            p { (paragraph) } (NL)
                        }
                    }))
                    @if input.economics.is_some() {
                        (section("business-case", BUSINESS_CASE, business_case(input, charts)))
                    }
                    (section("inputs", SECTIONS[1], html! {
                        p {
                            "What each strategy assumes. Uncertain inputs are shown as the range \
                             that holds 90% of their draws, with the distribution as the scenario \
                             states it underneath."
                        } (NL)
                        (inputs_table(input))
                    }))
                    (section("summary", SECTIONS[2], html! {
                        @for t in summary_tables(summary) { (table(&t)) }
                    }))
                    @if !input.field.is_empty() {
                        (section("playing-field", PLAYING_FIELD, playing_field(input, charts)))
                    }
                    (section("charts", SECTIONS[3], html! {
                        // The payback chart belongs to the business case, the playing field's
                        // to its section.
                        @for (kind, svg) in &charts.svgs {
                            @if *kind != ChartKind::Payback && !kind.is_field() {
                                (figure(*kind, svg, charts))
                            }
                        }
                    }))
                    (section("about", SECTIONS[4], html! {
                        p {
                            "Written by prospect-sim " (env!("CARGO_PKG_VERSION"))
                            " from scenario " code { (scenario.name) } ". Every figure follows \
                            from the scenario and its seed: running it again gives this file byte \
                            for byte. A future is one simulated run of the whole team over the \
                            horizon; strategies are compared on the same futures (the same random \
                            draws), so their differences are the strategies' own. Percentiles: P5 \
                            is the value 5% of futures fall below."
                        } (NL)
                    }))
                } (NL)
            } (NL)
        } (NL)
    };
    page.into_string()
}

/// A section with its id and heading.
fn section(id: &str, heading: &str, body: Markup) -> Markup {
    html! {
        section id=(id) { (NL) h2 { (heading) } (NL) (body) } (NL)
    }
}

/// A table of the shared model with every row: a caption, a heading per column, a row per
/// figure.
fn table(t: &Table) -> Markup {
    html! {
        table {
            (NL) caption { (t.caption) } (NL)
            thead { tr { th {} @for c in &t.columns { th { (c) } } } } (NL)
            tbody {
                (NL)
                @for r in &t.rows {
                    tr { th scope="row" { (r.label) } @for c in &r.cells { td { (c) } } } (NL)
                }
            } (NL)
        } (NL)
    }
}

/// A chart as a figure with its heading, and the names of its own files so that a reader can
/// find the picture to paste in a slide.
fn figure(kind: ChartKind, svg: &str, charts: &RenderedCharts) -> Markup {
    let files: Vec<&str> = charts
        .files
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|f| {
            f.rsplit_once('.')
                .is_some_and(|(stem, _)| stem == kind.file_stem())
        })
        .collect();
    let caption = if files.is_empty() {
        "Not written to a file.".to_string()
    } else {
        format!("Also in this folder: {}", files.join(", "))
    };
    html! {
        figure id={ "chart-" (kind.file_stem()) } {
            (NL) h3 { (kind.heading()) } (NL)
            (PreEscaped(inline_svg(svg)))
            figcaption { (caption) } (NL)
        } (NL)
    }
}

/// The playing field in sentences, its tables per strategy (targets, segments) and its charts.
fn playing_field(input: &ChartInput<'_>, charts: &RenderedCharts) -> Markup {
    let summary = input.summary;
    let never: Vec<Vec<Option<f64>>> = input
        .field
        .iter()
        .map(|f| f.coverage.iter().map(|c| c.map(|c| c[0])).collect())
        .collect();
    html! {
        @for p in prose::playing_field(summary, &input.field) { p { (p) } (NL) }
        @for p in prose::part_b(summary) { p { (p) } (NL) }
        @for t in field_tables(summary, &never) { (table(&t)) }
        @for (kind, svg) in &charts.svgs {
            @if kind.is_field() { (figure(*kind, svg, charts)) }
        }
    }
}

/// The business case in sentences, its tables, the payback chart and the assumptions.
fn business_case(input: &ChartInput<'_>, charts: &RenderedCharts) -> Markup {
    let (Some(run), Some(e)) = (input.economics, input.scenario.economics.as_ref()) else {
        return html! {};
    };
    let summary = input.summary;
    let rate = percent_short(e.discount_rate);
    let payback = charts.svgs.iter().find(|(k, _)| *k == ChartKind::Payback);
    html! {
        @for p in prose::business_case(summary, run, &rate) { p { (p) } (NL) }
        @for t in business_case_tables(summary, &rate) { (table(&t)) }
        @if let Some((kind, svg)) = payback { (figure(*kind, svg, charts)) }
        // What the figures rest on.
        h3 { "Assumptions" } (NL)
        ul {
            (NL)
            @for item in prose::assumptions(input.scenario, summary).unwrap_or_default() {
                li { (item) } (NL)
            }
        } (NL)
    }
}

/// The table of inputs: one row per key, one column per strategy. A constant or an interval is
/// shown as the scenario gave it; any other distribution as its 90% range with the spec below.
fn inputs_table(input: &ChartInput<'_>) -> Markup {
    let strategies = &input.scenario.strategies;
    html! {
        table class="inputs" {
            (NL)
            thead { tr { th { "Input" } th { "Drawn" } @for s in strategies { th { (s.name) } } } }
            (NL)
            tbody {
                (NL)
                @for (row, key) in InputKey::ALL.into_iter().enumerate() {
                    tr {
                        th scope="row" { (key.label()) }
                        td class="muted" { (drawn_words(key.drawn())) }
                        @for s in strategies {
                            @if s.is_mix() {
                                // A mix has no inputs of its own: one cell down the whole
                                // column names its components and shares.
                                @if row == 0 {
                                    td rowspan=(InputKey::ALL.len()) { (mix_words(input.scenario, s)) }
                                }
                            } @else {
                            @let i = s.inputs.get(key);
                            td {
                                @if i.dist.is_constant() || i.stated == Stated::Interval {
                                    (i.text)
                                } @else {
                                    (input_value(key, i.dist.quantile(0.05))) " to "
                                    (input_value(key, i.dist.quantile(0.95))) " (90%)"
                                    br; span class="muted" { (i.text) }
                                }
                            }
                            }
                        }
                    } (NL)
                }
            } (NL)
        } (NL)
    }
}

/// A mix's column of the inputs table: each component with its share of that component's own
/// prospecting hours (the other inputs are the component's, in its own column).
fn mix_words(scenario: &Scenario, s: &Strategy) -> Markup {
    html! {
        "A mix: each rep works"
        ul {
            @for p in &s.mix {
                li { (percent_short(p.share)) " of " (scenario.strategies[p.strategy].name) "'s hours, with its inputs" }
            }
        }
    }
}

/// How often an input is drawn, in words.
fn drawn_words(d: Drawn) -> &'static str {
    match d {
        Drawn::EachRepWeek => "each rep-week",
        Drawn::EachRep => "per rep, once a future",
        Drawn::EachDeal => "each deal",
    }
}

/// A chart's SVG document made fit to sit inside HTML: no XML prolog, and no namespace
/// attribute (HTML puts `<svg>` in the SVG namespace by itself; dropping it keeps the file free
/// of any URL). A role and label are added for screen readers.
fn inline_svg(svg: &str) -> String {
    let body = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    };
    body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replacen("<svg ", "<svg role=\"img\" ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_svg_drops_the_prolog_and_the_namespace() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" \
                   xmlns=\"http://www.w3.org/2000/svg\">\n</svg>\n";
        let inline = inline_svg(svg);
        assert!(inline.starts_with("<svg role=\"img\" width=\"10\""));
        assert!(!inline.contains("http"));
    }

    #[test]
    fn text_is_escaped_by_construction() {
        let t = Table {
            caption: "<b>caption</b> & \"more\"".into(),
            columns: vec!["a<script>".into()],
            rows: vec![crate::report::table::Row {
                label: "x > y".into(),
                cells: vec!["1 & 2".into()],
                detail: crate::report::table::Detail::Both,
            }],
        };
        let out = table(&t).into_string();
        assert_eq!(
            out,
            "<table>\n<caption>&lt;b&gt;caption&lt;/b&gt; &amp; &quot;more&quot;</caption>\n\
             <thead><tr><th></th><th>a&lt;script&gt;</th></tr></thead>\n<tbody>\n\
             <tr><th scope=\"row\">x &gt; y</th><td>1 &amp; 2</td></tr>\n</tbody>\n</table>\n"
        );
    }
}
