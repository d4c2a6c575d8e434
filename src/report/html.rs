//! `report.html`: one self-contained file a sales leader can forward. The scenario, a table of
//! its inputs in words, the summary tables, a findings paragraph generated from the numbers,
//! and every chart inline as SVG; with `[economics]`, the business case for a CFO. No scripts,
//! no external fonts, styles or images, and no timestamp: the same run gives the same bytes.

use std::fmt::Write as _;

use crate::econ::{Case, IrrReading, RoiReading};
use crate::model::inputs::{Input, InputKey, KeyKind};
use crate::report::charts::parts::{capitalise, dollars, share};
use crate::report::charts::{ChartInput, ChartKind, DrawnCharts};
use crate::report::format::{money, percent, thousands};
use crate::report::summary::{RunSummary, StrategySummary};

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

/// The whole report for a run whose charts are `charts`.
pub fn render(input: &ChartInput<'_>, charts: &DrawnCharts) -> String {
    let scenario = input.scenario;
    let summary = input.summary;
    let sim = scenario.simulation;
    let mut h = String::with_capacity(1 << 20);
    let title = format!("{}: prospecting strategies compared", scenario.name);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(h, "<title>{}</title>", esc(&title));
    h.push_str(STYLE);
    h.push_str("</head>\n<body>\n<main>\n");
    let _ = writeln!(h, "<h1>{}</h1>", esc(&title));
    if let Some(d) = &scenario.description {
        let _ = writeln!(h, "<p class=\"lead\">{}</p>", esc(d));
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} simulated futures per strategy &times; {} reps &times; {} weeks, \
         seed {}. Strategies: {}.</p>",
        thousands(sim.trials as f64),
        sim.reps,
        sim.weeks,
        sim.seed,
        summary
            .strategies
            .iter()
            .map(|s| esc(&s.name))
            .collect::<Vec<_>>()
            .join(", ")
    );

    section(&mut h, "findings", SECTIONS[0]);
    for paragraph in findings(summary) {
        let _ = writeln!(h, "<p>{}</p>", esc(&paragraph));
    }
    h.push_str("</section>\n");

    if input.economics.is_some() {
        section(&mut h, "business-case", BUSINESS_CASE);
        business_case(&mut h, input, charts);
        h.push_str("</section>\n");
    }

    section(&mut h, "inputs", SECTIONS[1]);
    h.push_str(
        "<p>What each strategy assumes. Uncertain inputs are shown as the range that holds 90% \
         of their draws, with the distribution as the scenario states it underneath.</p>\n",
    );
    inputs_table(&mut h, input);
    h.push_str("</section>\n");

    section(&mut h, "summary", SECTIONS[2]);
    summary_tables(&mut h, summary);
    h.push_str("</section>\n");

    section(&mut h, "charts", SECTIONS[3]);
    for (kind, svg) in &charts.svgs {
        // The payback chart belongs to the business case.
        if *kind != ChartKind::Payback {
            figure(&mut h, *kind, svg, charts);
        }
    }
    h.push_str("</section>\n");

    section(&mut h, "about", SECTIONS[4]);
    let _ = writeln!(
        h,
        "<p>Written by prospect-sim {} from scenario <code>{}</code>. Every figure follows from \
         the scenario and its seed: running it again gives this file byte for byte. A future \
         is one simulated run of the whole team over the horizon; strategies are compared on \
         the same futures (the same random draws), so their differences are the strategies' \
         own. Percentiles: P5 is the value 5% of futures fall below.</p>",
        env!("CARGO_PKG_VERSION"),
        esc(&scenario.name)
    );
    h.push_str("</section>\n</main>\n</body>\n</html>\n");
    h
}

/// A chart as a figure with its heading, and the names of its own files so that a reader can
/// find the picture to paste in a slide.
fn figure(h: &mut String, kind: ChartKind, svg: &str, charts: &DrawnCharts) {
    let files: Vec<String> = charts
        .files
        .iter()
        .filter_map(|f| f.file_name())
        .map(|f| f.to_string_lossy().into_owned())
        .filter(|f| {
            f.rsplit_once('.')
                .is_some_and(|(stem, _)| stem == kind.file_stem())
        })
        .collect();
    let _ = writeln!(
        h,
        "<figure id=\"chart-{}\">\n<h3>{}</h3>\n{}<figcaption>{}</figcaption>\n</figure>",
        kind.file_stem(),
        esc(kind.heading()),
        inline_svg(svg),
        esc(&if files.is_empty() {
            "Not written to a file.".to_string()
        } else {
            format!("Also in this folder: {}", files.join(", "))
        })
    );
}

/// An annual IRR for people: weekly returns compound to astronomical annual rates, and past
/// 1,000% a year the figure says only "very fast" (summary.json keeps the exact value).
pub fn irr_text(v: f64) -> String {
    if v > 10.0 {
        "> 1,000%".into()
    } else {
        format!("{}%", thousands(v * 100.0))
    }
}

/// A payback week for people: "week 12", or "not within the horizon".
fn payback_text(week: Option<f64>) -> String {
    week.map_or("not within the horizon".into(), |w| format!("week {w:.0}"))
}

/// The smallest whole week by which at least `at_least` of `weeks` (each trial's payback week,
/// None when it does not pay back within the horizon) have paid back, and the share that have;
/// None when fewer than `at_least` ever do.
pub fn payback_by(weeks: &[Option<usize>], at_least: f64) -> Option<(usize, f64)> {
    let mut sorted: Vec<usize> = weeks.iter().flatten().copied().collect();
    sorted.sort_unstable();
    let n = weeks.len();
    let need = ((at_least * n as f64).ceil() as usize).max(1);
    let week = *sorted.get(need - 1)?;
    let done = sorted.partition_point(|w| *w <= week);
    Some((week, done as f64 / n as f64))
}

/// The business case in sentences, a table, the payback chart and the assumptions.
fn business_case(h: &mut String, input: &ChartInput<'_>, charts: &DrawnCharts) {
    let (Some(run), Some(e)) = (input.economics, input.scenario.economics.as_ref()) else {
        return;
    };
    let summary = input.summary;
    let s = &summary.strategies;
    let weeks = summary.weeks;
    let rate = format!("{}%", three_figures(e.discount_rate * 100.0));
    let Some(base) = s.first() else {
        return;
    };
    let own = |i: usize| s[i].economics.as_ref().map(|x| &x.own);
    let vs = |i: usize| s[i].economics.as_ref().and_then(|x| x.vs_baseline.as_ref());
    let npv_range = |c: &Case| {
        c.npv.map_or(String::new(), |n| {
            format!(
                "NPV between {} and {} in 80% of futures (P10 to P90) at a {rate} discount \
                 rate, positive in {}",
                dollars(n.p10),
                dollars(n.p90),
                share(c.p_npv_positive)
            )
        })
    };
    let irr_words = |c: &Case| IrrReading::of(c).sentence();
    let mut paragraphs = Vec::new();
    if let Some(c) = own(0) {
        paragraphs.push(format!(
            "On its own, {} earns a median NPV of {} over {weeks} weeks: gross profit on the \
             revenue it books, less the cost of the reps' prospecting hours and its own costs.",
            base.name,
            c.npv.map_or("-".into(), |n| dollars(n.p50)),
        ));
    }
    for (i, x) in s.iter().enumerate().skip(1) {
        let (Some(c), Some(detail)) = (vs(i), run.incremental.get(i - 1)) else {
            continue;
        };
        let within = share(c.p_payback_within_horizon);
        let by = |(w, paid): (usize, f64)| format!("by week {w} in {} of futures", share(paid));
        let payback = match (
            payback_by(&detail.payback_weeks, 0.5),
            payback_by(&detail.payback_weeks, 0.9),
        ) {
            (Some(half), Some(most)) if most.0 > half.0 => format!(
                "pays back {} and {} ({within} within the {weeks}-week horizon)",
                by(half),
                by(most)
            ),
            (Some(first), _) => format!(
                "pays back {} ({within} within the {weeks}-week horizon)",
                by(first)
            ),
            (None, _) => format!(
                "pays back within the {weeks}-week horizon in only {} of futures",
                share(c.p_payback_within_horizon)
            ),
        };
        paragraphs.push(format!(
            "Switching from {} to {} {payback}; {}; {}.",
            base.name,
            x.name,
            irr_words(c),
            npv_range(c)
        ));
    }
    for p in paragraphs {
        let _ = writeln!(h, "<p>{}</p>", esc(&p));
    }

    // The figures: each strategy's own case, then the case for switching.
    let n = s.len();
    let table = |h: &mut String, caption: &str, cases: &[Option<&Case>]| {
        let _ = write!(
            h,
            "<table>\n<caption>{}</caption>\n<thead><tr><th></th>",
            esc(caption)
        );
        for x in s {
            let _ = write!(h, "<th>{}</th>", esc(&x.name));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        let cells = |f: &dyn Fn(&Case) -> String| {
            cases
                .iter()
                .map(|c| c.map_or("-".into(), f))
                .collect::<Vec<_>>()
                .into_iter()
        };
        row(
            h,
            &format!("NPV at {rate}, median"),
            cells(&|c| c.npv.map_or("-".into(), |x| money(x.p50))),
        );
        row(
            h,
            "NPV, P10 to P90",
            cells(&|c| {
                c.npv.map_or("-".into(), |x| {
                    format!("{} to {}", dollars(x.p10), dollars(x.p90))
                })
            }),
        );
        row(
            h,
            "share of futures with NPV > 0",
            cells(&|c| percent(c.p_npv_positive)),
        );
        row(
            h,
            "IRR a year, median",
            cells(&|c| IrrReading::of(c).cell()),
        );
        row(
            h,
            &format!("ROI over {weeks} weeks, median"),
            cells(&|c| RoiReading::of(c).cell()),
        );
        row(
            h,
            "payback, median",
            cells(&|c| payback_text(c.payback_week.p50)),
        );
        row(
            h,
            "payback, P90 (9 futures in 10 by then)",
            cells(&|c| payback_text(c.payback_week.p90)),
        );
        row(
            h,
            "share of futures paid back within the horizon",
            cells(&|c| percent(c.p_payback_within_horizon)),
        );
        h.push_str("</tbody>\n</table>\n");
    };
    let own_cases: Vec<Option<&Case>> = (0..n).map(own).collect();
    table(
        h,
        "Each strategy on its own (its gross profit against its costs)",
        &own_cases,
    );
    if n > 1 {
        table(
            h,
            &format!(
                "Switching from {}: the difference in cash, future by future",
                base.name
            ),
            &(0..n).map(vs).collect::<Vec<_>>(),
        );
    }
    if let Some((kind, svg)) = charts.svgs.iter().find(|(k, _)| *k == ChartKind::Payback) {
        figure(h, *kind, svg, charts);
    }

    // What the figures rest on.
    h.push_str("<h3>Assumptions</h3>\n<ul>\n");
    let drawn = |i: &Input| {
        if i.dist.is_constant() {
            ", the same for every strategy"
        } else {
            ", drawn once per future and the same for every strategy"
        }
    };
    let _ = writeln!(
        h,
        "<li>Gross margin: {} of revenue{}.</li>",
        spec_words(&e.gross_margin, &|v| format!(
            "{}%",
            three_figures(v * 100.0)
        )),
        drawn(&e.gross_margin)
    );
    let _ = writeln!(
        h,
        "<li>Loaded cost of a rep&#39;s prospecting hour: {}{}.</li>",
        spec_words(&e.rep_cost_per_hour, &|v| money(v)),
        drawn(&e.rep_cost_per_hour)
    );
    let _ = writeln!(
        h,
        "<li>Discount rate: {rate} a year, compounded weekly (52 weeks a year) for NPV.</li>"
    );
    for (x, st) in s.iter().zip(&input.scenario.strategies) {
        let c = st.costs;
        let costs = match (c.upfront > 0.0, c.per_rep_week > 0.0) {
            (false, false) => "no costs of its own beyond the reps' hours".to_string(),
            (true, false) => format!("an upfront cost of {} in week 0", money(c.upfront)),
            (false, true) => format!("{} per rep per week", money(c.per_rep_week)),
            (true, true) => format!(
                "an upfront cost of {} in week 0 and {} per rep per week",
                money(c.upfront),
                money(c.per_rep_week)
            ),
        };
        let _ = writeln!(
            h,
            "<li>{}: {}.</li>",
            esc(&capitalise(&x.name)),
            esc(&costs)
        );
    }
    let _ = writeln!(
        h,
        "<li>Cash flows by week over the {weeks}-week horizon, week 0 being the first; revenue \
         counts when a deal books. A strategy pays back in the first week from which its \
         running total of cash stays at or above zero to the end of the horizon.</li>"
    );
    h.push_str("</ul>\n");
}

/// A spec in words: a constant's value, else its 90% range and the spec as written.
fn spec_words(input: &Input, value: &dyn Fn(f64) -> String) -> String {
    if input.dist.is_constant() {
        let v = value(input.dist.quantile(0.5));
        if input.text.contains("default") {
            format!("{v} (the default)")
        } else {
            v
        }
    } else if input.text.contains("90%") || input.text.contains(" to ") {
        esc(&input.text)
    } else {
        format!(
            "{} to {} (90% of draws; {})",
            esc(&value(input.dist.quantile(0.05))),
            esc(&value(input.dist.quantile(0.95))),
            esc(&input.text)
        )
    }
}

/// Opens a section with its heading.
fn section(h: &mut String, id: &str, heading: &str) {
    let _ = writeln!(h, "<section id=\"{id}\">\n<h2>{}</h2>", esc(heading));
}

/// The table of inputs: one row per key, one column per strategy.
fn inputs_table(h: &mut String, input: &ChartInput<'_>) {
    let strategies = &input.scenario.strategies;
    h.push_str("<table class=\"inputs\">\n<thead><tr><th>Input</th><th>Drawn</th>");
    for s in strategies {
        let _ = write!(h, "<th>{}</th>", esc(&s.name));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for key in InputKey::ALL {
        let drawn = match key.drawn() {
            crate::model::inputs::Drawn::EachRepWeek => "each rep-week",
            crate::model::inputs::Drawn::EachRep => "per rep, once a future",
            crate::model::inputs::Drawn::EachDeal => "each deal",
        };
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"muted\">{drawn}</td>",
            esc(key.label())
        );
        for s in strategies {
            let i = s.inputs.get(key);
            let cell = if i.dist.is_constant() || i.text.contains("90%") {
                esc(&i.text)
            } else {
                let q = |p: f64| input_value(i.dist.quantile(p), key);
                format!(
                    "{} to {} (90%)<br><span class=\"muted\">{}</span>",
                    esc(&q(0.05)),
                    esc(&q(0.95)),
                    esc(&i.text)
                )
            };
            let _ = write!(h, "<td>{cell}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

/// An input value for people: rates as percentages, money short, others to three figures.
fn input_value(v: f64, key: InputKey) -> String {
    if key == InputKey::RevenuePerSale {
        return dollars(v);
    }
    if key.kind() == KeyKind::Rate {
        return format!("{}%", three_figures(v * 100.0));
    }
    three_figures(v)
}

/// About three significant figures, no trailing zeros: 17.1, 0.512, 2,400.
fn three_figures(v: f64) -> String {
    let s = super::charts::parts::count(v);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A table row: a label and one cell per strategy.
fn row(h: &mut String, label: &str, cells: impl Iterator<Item = String>) {
    let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(label));
    for c in cells {
        let _ = write!(h, "<td>{}</td>", esc(&c));
    }
    h.push_str("</tr>\n");
}

/// The summary tables: revenue, KPIs, time, and each strategy against the baseline.
fn summary_tables(h: &mut String, summary: &RunSummary) {
    let s = &summary.strategies;
    let head = |h: &mut String, caption: &str| {
        let _ = write!(
            h,
            "<table>\n<caption>{}</caption>\n<thead><tr><th></th>",
            esc(caption)
        );
        for x in s {
            let _ = write!(h, "<th>{}</th>", esc(&x.name));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
    };
    let per =
        |f: &dyn Fn(&StrategySummary) -> String| s.iter().map(f).collect::<Vec<_>>().into_iter();
    let rep_weeks = f64::from(summary.reps) * f64::from(summary.weeks);

    head(
        h,
        &format!("Team revenue booked in {} weeks", summary.weeks),
    );
    row(h, "mean", per(&|x| money(x.revenue.mean)));
    row(
        h,
        "P5 (1 future in 20 books less)",
        per(&|x| money(x.revenue.p5)),
    );
    row(h, "P10", per(&|x| money(x.revenue.p10)));
    row(h, "P50 (median)", per(&|x| money(x.revenue.p50)));
    row(h, "P90", per(&|x| money(x.revenue.p90)));
    row(
        h,
        "P95 (1 future in 20 books more)",
        per(&|x| money(x.revenue.p95)),
    );
    row(
        h,
        "pipeline past the horizon (mean)",
        per(&|x| money(x.pipeline_past_horizon.mean)),
    );
    row(
        h,
        "deals booked (mean)",
        per(&|x| format!("{:.1}", x.deals.mean)),
    );
    h.push_str("</tbody>\n</table>\n");

    if let Some(t) = s.first().and_then(|x| x.targets.as_ref()) {
        head(h, "Targets");
        if let Some(amount) = t.revenue {
            row(
                h,
                &format!("P(team revenue ≥ {}): share of futures", money(amount)),
                per(&|x| {
                    x.targets
                        .as_ref()
                        .and_then(|t| t.p_revenue_at_least_target)
                        .map_or("-".into(), percent)
                }),
            );
        }
        if let Some(quota) = t.quota_per_rep {
            let attainment =
                |x: &StrategySummary| x.targets.as_ref().and_then(|t| t.quota_attainment);
            row(
                h,
                &format!("reps at quota ({} per rep)", money(quota)),
                per(&|x| {
                    x.targets
                        .as_ref()
                        .and_then(|t| t.share_of_reps_at_quota)
                        .map_or("-".into(), percent)
                }),
            );
            row(
                h,
                "quota attainment, median rep",
                per(&|x| attainment(x).map_or("-".into(), |a| format!("{:.0}%", a.p50 * 100.0))),
            );
            row(
                h,
                "quota attainment, P10 to P90 of reps",
                per(&|x| {
                    attainment(x).map_or("-".into(), |a| {
                        format!("{:.0}% to {:.0}%", a.p10 * 100.0, a.p90 * 100.0)
                    })
                }),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }

    head(h, "The article's KPIs, pooled over every future");
    row(
        h,
        "conversations per rep-week",
        per(&|x| format!("{:.1}", x.conversations.mean / rep_weeks)),
    );
    row(
        h,
        "conversation to appointment",
        per(&|x| percent(x.kpis.conversation_to_appointment)),
    );
    row(
        h,
        "appointment to proposal",
        per(&|x| percent(x.kpis.appointment_to_proposal)),
    );
    row(
        h,
        "closing ratio (proposal to close)",
        per(&|x| percent(x.kpis.proposal_to_close)),
    );
    row(
        h,
        "conversations per close",
        per(&|x| conversations_per_close(x).map_or("-".into(), |c| format!("{c:.1}"))),
    );
    row(
        h,
        "sales cycle (weeks)",
        per(&|x| format!("{:.1}", x.kpis.sales_cycle_weeks)),
    );
    row(
        h,
        "revenue per sale",
        per(&|x| money(x.kpis.revenue_per_sale)),
    );
    row(
        h,
        "revenue per prospecting hour",
        per(&|x| money(x.kpis.revenue_per_prospecting_hour)),
    );
    h.push_str("</tbody>\n</table>\n");

    head(h, "Time per rep-week (mean hours)");
    row(
        h,
        "prospecting",
        per(&|x| format!("{:.1} h", x.hours_per_rep_week.prospecting.mean)),
    );
    row(
        h,
        "of which research",
        per(&|x| format!("{:.1} h", x.hours_per_rep_week.research.mean)),
    );
    row(
        h,
        "of which dialing",
        per(&|x| format!("{:.1} h", x.hours_per_rep_week.dialing.mean)),
    );
    h.push_str("</tbody>\n</table>\n");

    if let Some(base) = s.first() {
        head(h, &format!("Against {} on the same futures", base.name));
        let cmp = |x: &StrategySummary| summary.comparisons.iter().find(|c| c.strategy == x.name);
        row(
            h,
            &format!("share of futures booking more than {}", base.name),
            per(&|x| cmp(x).map_or("-".into(), |c| percent(c.p_better))),
        );
        row(
            h,
            "revenue difference, mean",
            per(&|x| cmp(x).map_or("-".into(), |c| money(c.revenue_difference.mean))),
        );
        row(
            h,
            "revenue difference, P5",
            per(&|x| cmp(x).map_or("-".into(), |c| money(c.revenue_difference.p5))),
        );
        row(
            h,
            "revenue difference, P95",
            per(&|x| cmp(x).map_or("-".into(), |c| money(c.revenue_difference.p95))),
        );
        h.push_str("</tbody>\n</table>\n");
    }
}

/// Pooled conversations per close: 1 / (c2a x a2p x close), from the summary's totals.
fn conversations_per_close(s: &StrategySummary) -> Option<f64> {
    let closes = s.proposals.mean * s.kpis.proposal_to_close;
    (closes > 0.0).then(|| s.conversations.mean / closes)
}

/// The findings, one paragraph per strategy after the baseline (or one for a lone strategy),
/// in plain words from the summary's numbers.
pub fn findings(summary: &RunSummary) -> Vec<String> {
    let Some(base) = summary.strategies.first() else {
        return Vec::new();
    };
    let weeks = summary.weeks;
    let futures = thousands(summary.trials as f64);
    let mut out = vec![format!(
        "{} books a median of {} of team revenue over {} weeks; 90% of the {} simulated futures \
         fall between {} and {}.",
        capitalise(&base.name),
        dollars(base.revenue.p50),
        weeks,
        futures,
        dollars(base.revenue.p5),
        dollars(base.revenue.p95)
    )];
    for c in &summary.comparisons {
        let Some(s) = summary.strategies.iter().find(|s| s.name == c.strategy) else {
            continue;
        };
        let p = c.p_better;
        let verdict = if p >= 0.6 {
            format!(
                "{} books more revenue than {} in {} of the futures",
                s.name,
                base.name,
                percent(p)
            )
        } else if p <= 0.4 {
            format!(
                "{} books more revenue than {} in only {} of the futures",
                s.name,
                base.name,
                percent(p)
            )
        } else {
            format!(
                "{} and {} are hard to tell apart: {} books more revenue in {} of the futures",
                s.name,
                base.name,
                s.name,
                percent(p)
            )
        };
        let mut text = format!(
            "{}; its median is {} against {}, and its P5 (1 future in 20 books less) {} against {}.",
            capitalise(&verdict),
            dollars(s.revenue.p50),
            dollars(base.revenue.p50),
            dollars(s.revenue.p5),
            dollars(base.revenue.p5)
        );
        if let (Some(a), Some(b)) = (conversations_per_close(s), conversations_per_close(base)) {
            let change = a / b - 1.0;
            let words = if change.abs() < 0.005 {
                "as many conversations per deal as".to_string()
            } else if change < 0.0 {
                format!("{:.0}% fewer conversations per deal than", -change * 100.0)
            } else {
                format!("{:.0}% more conversations per deal than", change * 100.0)
            };
            let _ = write!(
                text,
                " It needs {words} {} ({a:.0} against {b:.0})",
                base.name
            );
            let (ra, rb) = (
                s.kpis.revenue_per_prospecting_hour,
                base.kpis.revenue_per_prospecting_hour,
            );
            let _ = write!(
                text,
                " and books {} per prospecting hour against {}.",
                money(ra),
                money(rb)
            );
        }
        let research = s.hours_per_rep_week.research.mean;
        if research >= 0.05 {
            let _ = write!(
                text,
                " Its reps spend {:.1} of their {:.1} prospecting hours a week researching accounts.",
                research, s.hours_per_rep_week.prospecting.mean
            );
        }
        out.push(text);
    }
    out
}

/// Text escaped for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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

/// The report's only styling, inline.
const STYLE: &str = "<style>
:root { color-scheme: light; }
body { margin: 0; background: #f6f6f4; color: #212121;
  font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; background: #fff; }
h1 { font-size: 1.9em; margin: 0.2em 0 0.3em; }
h2 { font-size: 1.4em; margin: 1.6em 0 0.5em; border-bottom: 2px solid #e2e2e2; padding-bottom: 0.2em; }
h3 { font-size: 1.1em; margin: 1.2em 0 0.4em; }
.lead { font-size: 1.15em; }
.meta, .muted, figcaption { color: #5f5f5f; }
.muted { font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.6em 0 1.4em; min-width: 50%; }
caption { text-align: left; font-weight: 600; padding: 0.3em 0; }
th, td { padding: 0.3em 0.8em; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
thead th { text-align: right; border-bottom: 2px solid #cfcfcf; }
tbody th { text-align: left; font-weight: normal; }
td { text-align: right; font-variant-numeric: tabular-nums; }
table.inputs td { text-align: left; }
table.inputs thead th { text-align: left; }
figure { margin: 0 0 2em; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #e6e6e6; }
figcaption { font-size: 0.85em; margin-top: 0.3em; }
@media print { body { background: #fff; } main { padding: 0; } figure { break-inside: avoid; } }
</style>
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::summary::Comparison;
    use crate::stats::Summary;

    /// A strategy's summary with the figures the findings read set by hand. It starts from a
    /// tiny real run, so that fields added to the summary later need no change here.
    fn strategy(name: &str, p50: f64, conversations: f64, research: f64) -> StrategySummary {
        let mut scenario = crate::config::Scenario::built_in();
        scenario.simulation.trials = 4;
        let out = crate::app::simulate_scenario(&scenario, Some(1), &|_| {}).unwrap();
        let mut x = out.summary.strategies[0].clone();
        let s = |mean: f64| Summary {
            mean,
            p5: mean * 0.6,
            p50: mean,
            p95: mean * 1.5,
            ..Summary::default()
        };
        x.name = name.into();
        x.revenue = s(p50);
        x.proposals = s(100.0);
        x.conversations = s(conversations);
        x.hours_per_rep_week.prospecting = s(22.0);
        x.hours_per_rep_week.research = s(research);
        x.hours_per_rep_week.dialing = s(22.0 - research);
        x.kpis.proposal_to_close = 0.5;
        x.kpis.revenue_per_prospecting_hour = p50 / 11_440.0;
        x
    }

    fn run(strategies: Vec<StrategySummary>, p_better: f64) -> RunSummary {
        let comparisons = strategies
            .iter()
            .skip(1)
            .map(|s| Comparison {
                strategy: s.name.clone(),
                baseline: strategies[0].name.clone(),
                p_better,
                p_tie: 0.0,
                revenue_difference: Summary::default(),
            })
            .collect();
        RunSummary {
            scenario: "t".into(),
            seed: 1,
            trials: 10_000,
            weeks: 52,
            reps: 10,
            strategies,
            comparisons,
        }
    }

    #[test]
    fn findings_say_who_wins_by_how_much() {
        let summary = run(
            vec![
                strategy("bottom-up", 1_200_000.0, 5_000.0, 0.0),
                strategy("top-down", 1_900_000.0, 2_950.0, 16.2),
            ],
            0.87,
        );
        let f = findings(&summary);
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0],
            "Bottom-up books a median of $1.2M of team revenue over 52 weeks; 90% of the 10,000 \
             simulated futures fall between $720k and $1.8M."
        );
        assert!(
            f[1].starts_with(
                "Top-down books more revenue than bottom-up in 87.0% of the futures; its median \
                 is $1.9M against $1.2M"
            ),
            "{}",
            f[1]
        );
        // 2,950 against 5,000 conversations for the same 50 closes: 41% fewer.
        assert!(
            f[1].contains(
                "It needs 41% fewer conversations per deal than bottom-up (59 against 100)"
            ),
            "{}",
            f[1]
        );
        assert!(
            f[1].contains("spend 16.2 of their 22.0 prospecting hours"),
            "{}",
            f[1]
        );
    }

    #[test]
    fn findings_admit_a_close_call_and_a_loss() {
        let close = run(
            vec![
                strategy("a", 1e6, 4000.0, 0.0),
                strategy("b", 1.01e6, 4000.0, 0.0),
            ],
            0.52,
        );
        let f = findings(&close);
        assert!(
            f[1].starts_with("B and a are hard to tell apart: b books more revenue in 52.0%"),
            "{}",
            f[1]
        );
        assert!(
            f[1].contains("as many conversations per deal as a"),
            "{}",
            f[1]
        );
        assert!(!f[1].contains("researching"));
        let loss = run(
            vec![
                strategy("a", 1e6, 4000.0, 0.0),
                strategy("b", 8e5, 5000.0, 0.0),
            ],
            0.1,
        );
        let f = findings(&loss);
        assert!(
            f[1].contains("in only 10.0% of the futures")
                && f[1].contains("25% more conversations")
        );
        assert_eq!(
            findings(&run(vec![strategy("solo", 1e6, 4000.0, 0.0)], 0.0)).len(),
            1
        );
    }

    #[test]
    fn escaping_and_inline_svg() {
        assert_eq!(esc("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" \
                   xmlns=\"http://www.w3.org/2000/svg\">\n</svg>\n";
        let inline = inline_svg(svg);
        assert!(inline.starts_with("<svg role=\"img\" width=\"10\""));
        assert!(!inline.contains("http"));
    }

    #[test]
    fn irrs_past_a_thousand_percent_say_so() {
        assert_eq!(irr_text(3.17), "317%");
        assert_eq!(irr_text(10.0), "1,000%");
        assert_eq!(irr_text(10.5), "> 1,000%");
        assert_eq!(irr_text(1e30), "> 1,000%");
        assert_eq!(irr_text(-0.999), "-100%");
    }

    #[test]
    fn payback_by_finds_the_week_a_share_of_futures_has_paid_back() {
        let weeks = [Some(3), None, Some(1), Some(5)];
        assert_eq!(payback_by(&weeks, 0.5), Some((3, 0.5)));
        assert_eq!(payback_by(&weeks, 0.75), Some((5, 0.75)));
        // Nine in ten never pay back within the horizon here.
        assert_eq!(payback_by(&weeks, 0.9), None);
        // Ties count whole: by week 2, three of four have paid back.
        assert_eq!(
            payback_by(&[Some(2), Some(2), Some(2), None], 0.5),
            Some((2, 0.75))
        );
        assert_eq!(payback_by(&[], 0.5), None);
        assert_eq!(payback_by(&[None, None], 0.5), None);
    }

    #[test]
    fn input_values_read_like_people_write_them() {
        assert_eq!(input_value(0.0543, InputKey::ConnectRate), "5.43%");
        assert_eq!(
            input_value(17.123, InputKey::ProspectingHoursPerWeek),
            "17.1"
        );
        assert_eq!(input_value(21_000.0, InputKey::RevenuePerSale), "$21k");
        assert_eq!(input_value(0.5, InputKey::ResearchHoursPerAccount), "0.5");
    }
}
