//! The report's sentences, written from the numbers: the findings, the business case in words
//! and its assumptions. Every function returns plain text; the page template escapes it.

use crate::analysis::field::SegmentSummary;
use crate::analysis::per_trial::payback_by;
use crate::analysis::summary::RunSummary;
use crate::econ::{Case, EconomicsRun, IrrReading};
use crate::model::inputs::{Input, Stated};
use crate::model::scenario::Costs;
use crate::model::scenario::Scenario;
use crate::report::charts::field_data::StrategyField;
use crate::report::format::{
    counted, money, money_short, percent, percent_short, share, tenths, thousands, whole_percent,
};
use crate::report::table::conversations_per_close;

/// The findings, one paragraph per strategy after the baseline (or one for a lone strategy),
/// in plain words from the summary's numbers. A strategy's name is the user's and keeps its
/// case, so no sentence starts with one.
pub fn findings(summary: &RunSummary) -> Vec<String> {
    let Some(base) = summary.strategies.first() else {
        return Vec::new();
    };
    let weeks = counted(summary.weeks.into(), "week");
    let futures = counted(summary.trials, "simulated future");
    let mut out = vec![format!(
        "Over {weeks}, {} books a median of {} of team revenue; 90% of the {futures} fall \
         between {} and {}.",
        base.name,
        money_short(base.revenue.p50),
        money_short(base.revenue.p5),
        money_short(base.revenue.p95)
    )];
    for c in &summary.comparisons {
        let Some(s) = summary.strategies.iter().find(|s| s.name == c.strategy) else {
            continue;
        };
        let p = c.p_better;
        let verdict = if p >= 0.6 {
            format!(
                "In {} of the futures, {} books more revenue than {}",
                percent(p),
                s.name,
                base.name
            )
        } else if p <= 0.4 {
            format!(
                "In only {} of the futures, {} books more revenue than {}",
                percent(p),
                s.name,
                base.name
            )
        } else {
            format!(
                "It is hard to tell {} and {} apart: {} books more revenue in {} of the futures",
                s.name,
                base.name,
                s.name,
                percent(p)
            )
        };
        let mut text = format!(
            "{verdict}; its median is {} against {}, and its P5 (1 future in 20 books less) {} \
             against {}.",
            money_short(s.revenue.p50),
            money_short(base.revenue.p50),
            money_short(s.revenue.p5),
            money_short(base.revenue.p5)
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
            text.push_str(&format!(
                " It needs {words} {} ({} against {})",
                base.name,
                thousands(a),
                thousands(b)
            ));
            text.push_str(&format!(
                " and books {} per prospecting hour against {}.",
                money(s.kpis.revenue_per_prospecting_hour),
                money(base.kpis.revenue_per_prospecting_hour)
            ));
        }
        let research = s.hours_per_rep_week.research.mean;
        if research >= 0.05 {
            text.push_str(&format!(
                " Its reps spend {:.1} of their {:.1} prospecting hours a week researching accounts.",
                research, s.hours_per_rep_week.prospecting.mean
            ));
        }
        out.push(text);
    }
    out
}

/// The playing field in sentences, one paragraph per playing-field strategy: when a typical
/// rep runs out of fresh accounts in each segment it works, how many of its prospecting hours a
/// week then find no one left to call, how much of the territory it never calls, and where its
/// revenue comes from. `field` is the chart data of each strategy, in order. Like the findings,
/// no sentence starts with a name (strategy and segment names are the user's).
pub fn playing_field(summary: &RunSummary, field: &[StrategyField]) -> Vec<String> {
    let weeks = summary.weeks;
    let mut out = Vec::new();
    for (s, data) in summary.strategies.iter().zip(field) {
        let Some(f) = &s.playing_field else {
            continue;
        };
        let worked: Vec<(usize, &SegmentSummary)> = f
            .segments
            .iter()
            .enumerate()
            .filter(|(_, g)| g.worked)
            .collect();
        let mut sentences = Vec::new();
        // Segments whose median rep runs out, in the order they run out.
        let mut out_of: Vec<(f64, &SegmentSummary)> = worked
            .iter()
            .filter(|(_, g)| !g.unlimited)
            .filter_map(|(_, g)| g.list_out_week.p50.map(|w| (w, *g)))
            .collect();
        out_of.sort_by(|a, b| a.0.total_cmp(&b.0));
        let lasting: Vec<&str> = worked
            .iter()
            .filter(|(_, g)| g.unlimited || g.list_out_week.p50.is_none())
            .map(|(_, g)| g.name.as_str())
            .collect();
        if !out_of.is_empty() {
            let ranges: Vec<String> = out_of.iter().map(|(_, g)| list_out_range(g)).collect();
            let names: Vec<String> = out_of.iter().map(|(_, g)| g.name.clone()).collect();
            // One week for all of them reads as one clause.
            let when = if ranges.len() > 1 && ranges.iter().all(|r| *r == ranges[0]) {
                format!("{} alike, in week {}", join_words(&names), ranges[0])
            } else {
                let parts: Vec<String> = names
                    .iter()
                    .zip(&ranges)
                    .map(|(n, r)| format!("{n} in week {r}"))
                    .collect();
                join_words(&parts)
            };
            sentences.push(format!(
                "Under {}, a typical rep runs out of fresh accounts (never called, or back with a \
                 new contact) in {when}.",
                s.name
            ));
            // From the week after the last of them, the mean rep-week's idle hours.
            let from = out_of.last().map_or(0, |(w, _)| *w as usize + 1);
            let after = &data.weeks[from.min(data.weeks.len())..];
            if !after.is_empty() {
                let n = after.len() as f64;
                let idle = after.iter().map(|w| w.idle).sum::<f64>() / n;
                let hours = after.iter().map(|w| w.prospecting).sum::<f64>() / n;
                sentences.push(format!(
                    "From week {from} on, {:.1} of its {:.0} prospecting hours a week find no one \
                     left to call; the rest go to accounts coming due for another pass and to \
                     the few new ones.",
                    idle, hours
                ));
            }
        }
        if !lasting.is_empty() {
            sentences.push(format!(
                "{} fresh list of {} lasts the {} weeks for more than half of its reps.",
                if out_of.is_empty() {
                    format!("Under {}, the", s.name)
                } else {
                    "The".into()
                },
                join_words(&lasting.iter().map(|x| x.to_string()).collect::<Vec<_>>()),
                weeks
            ));
        }
        let untouched: Vec<String> = worked
            .iter()
            .filter_map(|(k, g)| {
                let share = data.coverage.get(*k).copied().flatten()?[0];
                (share >= 0.005).then(|| format!("{} of {}", whole_percent(share), g.name))
            })
            .collect();
        if !untouched.is_empty() {
            sentences.push(format!(
                "By week {weeks} it has never called {}.",
                join_words(&untouched)
            ));
        } else if worked.iter().any(|(_, g)| !g.unlimited) {
            sentences.push(format!(
                "By week {weeks} it has called every account of the segments it works at least once."
            ));
        }
        if let Some((_, top)) = worked
            .iter()
            .max_by(|a, b| a.1.revenue.mean.total_cmp(&b.1.revenue.mean))
            .filter(|_| worked.len() > 1 && s.revenue.mean > 0.0)
        {
            sentences.push(format!(
                "Its largest source of revenue is {}: {} of its {} ({}).",
                top.name,
                money_short(top.revenue.mean),
                money_short(s.revenue.mean),
                whole_percent(top.revenue.mean / s.revenue.mean)
            ));
        }
        out.push(sentences.join(" "));
    }
    out
}

/// The rest of the week and the team in sentences, one paragraph per strategy with part B:
/// what its meetings, proposals and customer touches take of the selling hours and how often
/// they squeeze prospecting, what the installed base adds, and what turnover costs in
/// productive rep-weeks. No sentence starts with a name.
pub fn part_b(summary: &RunSummary) -> Vec<String> {
    let mut out = Vec::new();
    for s in &summary.strategies {
        let Some(b) = &s.part_b else {
            continue;
        };
        let h = &b.hours_per_seated_rep_week;
        let mut sentences = Vec::new();
        let work = h.appointments + h.proposals;
        match b.when_full {
            Some(rule) => {
                let mut text = format!(
                    "Under {}, meetings and proposals take {:.1} of the {:.0} selling hours of a \
                     seated rep-week",
                    s.name, work, h.selling_available
                );
                if h.touches > 0.0 {
                    text.push_str(&format!(", customer touches {:.1} more", h.touches));
                }
                let share = b.squeeze_binds_share;
                if share <= 0.0 {
                    text.push_str("; the work never exceeds the selling hours.");
                } else {
                    let every = (1.0 / share).round().max(1.0);
                    let effect = if rule == "squeeze" {
                        // Two decimals for a squeeze of a few minutes a week, which one
                        // decimal would show as 0.0.
                        let squeezed = if h.squeezed < 0.1 {
                            format!("{:.2}", h.squeezed)
                        } else {
                            format!("{:.1}", h.squeezed)
                        };
                        format!("and squeezes prospecting ({squeezed} hours a rep-week on average)")
                    } else {
                        "(selling time is unlimited here: prospecting keeps its hours)".to_string()
                    };
                    text.push_str(&format!(
                        "; in 1 week in {every:.0} the work exceeds the selling hours {effect}."
                    ));
                }
                sentences.push(text);
            }
            None if work + h.touches > 0.0 => sentences.push(format!(
                "Under {}, meetings, proposals and customer touches would take {:.1} hours of a \
                 seated rep-week (no [selling] section: they take no prospecting time).",
                s.name,
                work + h.touches
            )),
            None => {}
        }
        let c = &b.customers;
        if c.start.mean > 0.0 || c.joined.mean > 0.0 {
            sentences.push(format!(
                "The team starts with {} customers and ends with {}: {} lost, {} won deals joined.",
                tenths(c.start.mean),
                tenths(c.end.mean),
                tenths(c.churned.mean),
                tenths(c.joined.mean)
            ));
        }
        if b.revenue_expansion.mean > 0.0 && s.revenue.mean > 0.0 {
            sentences.push(format!(
                "Expanding existing customers books {} of its {} ({}); new logos the rest.",
                money_short(b.revenue_expansion.mean),
                money_short(s.revenue.mean),
                whole_percent(b.revenue_expansion.mean / s.revenue.mean)
            ));
        }
        let t = &b.team;
        if t.hires.mean > 0.0 {
            let possible = f64::from(summary.reps) * f64::from(summary.weeks);
            sentences.push(format!(
                "Turnover leaves seats empty for {} rep-weeks and new reps ramping for {}: the \
                 team works {} productive rep-weeks of {} (the exact expectation is {}).",
                tenths(t.rep_weeks_vacant.mean),
                tenths(t.rep_weeks_in_ramp.mean),
                tenths(t.productive_rep_weeks.mean),
                tenths(possible),
                tenths(t.productive_rep_weeks_expected)
            ));
        }
        if !sentences.is_empty() {
            out.push(sentences.join(" "));
        }
    }
    out
}

/// A list-out week with its P10-P90 range: "12 (P10-P90: 11-13)".
fn list_out_range(g: &SegmentSummary) -> String {
    let l = &g.list_out_week;
    let week = |v: Option<f64>| v.map_or("never".to_string(), |v| format!("{v:.0}"));
    format!("{} (P10-P90: {}-{})", week(l.p50), week(l.p10), week(l.p90))
}

/// "a", "a and b", "a, b and c".
fn join_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A case's NPV range in words at the discount rate `rate` (as shown, `10%`); empty when it
/// has no NPV.
fn npv_words(c: &Case, rate: &str) -> String {
    c.npv.map_or(String::new(), |n| {
        format!(
            "NPV between {} and {} in 80% of futures (P10 to P90) at a {rate} discount \
             rate, positive in {}",
            money_short(n.p10),
            money_short(n.p90),
            share(c.p_npv_positive)
        )
    })
}

/// The business case in sentences: the baseline's own NPV, then for each other strategy when
/// switching to it pays back, its IRR and its NPV range. `rate` is the discount rate as shown.
pub fn business_case(summary: &RunSummary, run: &EconomicsRun, rate: &str) -> Vec<String> {
    let s = &summary.strategies;
    let weeks = summary.weeks;
    let Some(base) = s.first() else {
        return Vec::new();
    };
    let mut paragraphs = Vec::new();
    if let Some(c) = base.economics.as_ref().map(|x| &x.own) {
        paragraphs.push(format!(
            "On its own, {} earns a median NPV of {} over {}: gross profit on the \
             revenue it books, less the cost of the reps' prospecting hours and its own costs.",
            base.name,
            c.npv.map_or("-".into(), |n| money_short(n.p50)),
            counted(weeks.into(), "week"),
        ));
    }
    for (i, x) in s.iter().enumerate().skip(1) {
        let vs = x.economics.as_ref().and_then(|e| e.vs_baseline.as_ref());
        let (Some(c), Some(detail)) = (vs, run.incremental.get(i - 1)) else {
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
            IrrReading::of(c).sentence(),
            npv_words(c, rate)
        ));
    }
    paragraphs
}

/// What the business case rests on, one item each: gross margin, the cost of an hour, the
/// discount rate, each strategy's own costs, and how cash flows are counted. None when the
/// scenario has no `[economics]`.
pub fn assumptions(scenario: &Scenario, summary: &RunSummary) -> Option<Vec<String>> {
    let e = scenario.economics.as_ref()?;
    let weeks = summary.weeks;
    let rate = percent_short(e.discount_rate);
    let drawn = |i: &Input| {
        if i.dist.is_constant() {
            ", the same for every strategy"
        } else {
            ", drawn once per future and the same for every strategy"
        }
    };
    let mut items = vec![
        format!(
            "Gross margin: {} of revenue{}.",
            spec_words(&e.gross_margin, &percent_short),
            drawn(&e.gross_margin)
        ),
        format!(
            "Loaded cost of a rep's prospecting hour: {}{}.",
            spec_words(&e.rep_cost_per_hour, &money),
            drawn(&e.rep_cost_per_hour)
        ),
        format!("Discount rate: {rate} a year, compounded weekly (52 weeks a year) for NPV."),
    ];
    for (x, st) in summary.strategies.iter().zip(&scenario.strategies) {
        // "Costs of NAME": a name keeps the case its user gave it.
        items.push(format!("Costs of {}: {}.", x.name, costs_words(st.costs)));
    }
    items.push(format!(
        "Cash flows by week over the {weeks}-week horizon, week 0 being the first; revenue \
         counts when a deal books. A strategy pays back in the first week from which its \
         running total of cash stays at or above zero to the end of the horizon."
    ));
    Some(items)
}

/// A strategy's own costs in words.
fn costs_words(c: Costs) -> String {
    match (c.upfront > 0.0, c.per_rep_week > 0.0) {
        (false, false) => "no costs of its own beyond the reps' hours".to_string(),
        (true, false) => format!("an upfront cost of {} in week 0", money(c.upfront)),
        (false, true) => format!("{} per rep per week", money(c.per_rep_week)),
        (true, true) => format!(
            "an upfront cost of {} in week 0 and {} per rep per week",
            money(c.upfront),
            money(c.per_rep_week)
        ),
    }
}

/// An input in words, by the form the scenario gave it in: a constant's value (marked when it
/// is the default), an interval as stated, else the distribution's 90% range and its spec.
pub fn spec_words(input: &Input, value: &dyn Fn(f64) -> String) -> String {
    match input.stated {
        Stated::Number => value(input.dist.quantile(0.5)),
        Stated::Default => format!("{} (the default)", value(input.dist.quantile(0.5))),
        Stated::Interval => input.text.clone(),
        Stated::Distribution => format!(
            "{} to {} (90% of draws; {})",
            value(input.dist.quantile(0.05)),
            value(input.dist.quantile(0.95)),
            input.text
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::{Comparison, StrategySummary};
    use crate::stats::Summary;

    /// A strategy's summary with the figures the findings read set by hand. It starts from a
    /// tiny real run, so that fields added to the summary later need no change here.
    fn strategy(name: &str, p50: f64, conversations: f64, research: f64) -> StrategySummary {
        let four = [crate::config::Override::set("simulation.trials", "4")];
        let scenario =
            crate::config::parse_scenario_with(crate::config::FLAT_SCENARIO, "flat", &four)
                .unwrap();
        let out = crate::analysis::run(&scenario, &|_| {});
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
            "Over 52 weeks, bottom-up books a median of $1.2M of team revenue; 90% of the 10,000 \
             simulated futures fall between $720k and $1.8M."
        );
        assert!(
            f[1].starts_with(
                "In 87.0% of the futures, top-down books more revenue than bottom-up; its median \
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
            f[1].starts_with("It is hard to tell b and a apart: b books more revenue in 52.0%"),
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
            f[1].starts_with("In only 10.0% of the futures, b books more revenue than a")
                && f[1].contains("25% more conversations")
        );
        assert_eq!(
            findings(&run(vec![strategy("solo", 1e6, 4000.0, 0.0)], 0.0)).len(),
            1
        );
    }

    #[test]
    fn names_keep_the_case_their_user_gave_them() {
        let summary = run(
            vec![
                strategy("abm", 1e6, 4000.0, 0.0),
                strategy("iPhone team", 1.5e6, 4000.0, 0.0),
            ],
            0.9,
        );
        let text = findings(&summary).join(" ");
        assert!(text.contains(", abm books a median"), "{text}");
        assert!(
            text.contains(", iPhone team books more revenue than abm"),
            "{text}"
        );
        assert!(!text.contains("Abm") && !text.contains("IPhone"), "{text}");
    }

    #[test]
    fn a_one_week_one_trial_run_is_counted_in_the_singular() {
        let mut summary = run(vec![strategy("solo", 1e6, 4000.0, 0.0)], 0.0);
        summary.weeks = 1;
        summary.trials = 1;
        let f = findings(&summary);
        assert!(f[0].starts_with("Over 1 week, solo books"), "{f:?}");
    }

    #[test]
    fn inputs_are_worded_by_the_form_they_were_given_in() {
        use crate::model::dist::Dist;
        let input = |dist: Dist, text: &str, stated: Stated| Input {
            dist,
            text: text.into(),
            stated,
        };
        let pct = |v: f64| percent_short(v);
        assert_eq!(
            spec_words(&input(Dist::Constant(0.5), "50%", Stated::Number), &pct),
            "50%"
        );
        assert_eq!(
            spec_words(
                &input(Dist::Constant(1.0), "100% (default)", Stated::Default),
                &pct
            ),
            "100% (the default)"
        );
        // An interval as the scenario gave it, even though the words contain no marker.
        assert_eq!(
            spec_words(
                &input(
                    Dist::Uniform { min: 0.4, max: 0.6 },
                    "whatever was written",
                    Stated::Interval
                ),
                &pct
            ),
            "whatever was written"
        );
        // A uniform on [0.4, 0.6] has its 5th and 95th percentiles at 0.41 and 0.59.
        assert_eq!(
            spec_words(
                &input(
                    Dist::Uniform { min: 0.4, max: 0.6 },
                    "uniform, 40% to 60%",
                    Stated::Distribution
                ),
                &pct
            ),
            "41% to 59% (90% of draws; uniform, 40% to 60%)"
        );
    }

    /// The playing field's paragraphs on the built-in territory: one per strategy, the list-out
    /// week as the summary has it, the idle hours from the week-by-week data, and no sentence
    /// starting with a strategy's or a segment's name.
    #[test]
    fn playing_field_sentences_follow_the_numbers() {
        let scenario = crate::config::built_in_with_trials(20);
        let run = crate::analysis::run(&scenario, &|_| {});
        let weekly = crate::analysis::weekly::all_week_rows(&scenario, &run.result);
        let input =
            crate::report::charts::ChartInput::new(&scenario, &run.summary, &run.result, &weekly);
        let paragraphs = playing_field(&run.summary, &input.field);
        assert_eq!(paragraphs.len(), run.summary.strategies.len());
        let field = scenario.field.as_ref().unwrap();
        let names: Vec<&str> = run
            .summary
            .strategies
            .iter()
            .map(|s| s.name.as_str())
            .chain(field.segments.iter().map(|s| s.name.as_str()))
            .collect();
        for (p, s) in paragraphs.iter().zip(&run.summary.strategies) {
            for sentence in p.split(". ") {
                assert!(
                    !names.iter().any(|n| sentence.starts_with(n)),
                    "{sentence:?} starts with a name"
                );
            }
            let f = s.playing_field.as_ref().unwrap();
            match f.segments[0].list_out_week.p50 {
                Some(w) => {
                    assert!(p.contains(&format!("in week {w:.0} (P10-P90:")), "{p}");
                    assert!(p.contains("find no one left to call"), "{p}");
                }
                None => assert!(p.contains("lasts the 52 weeks"), "{p}"),
            }
        }
    }
}
