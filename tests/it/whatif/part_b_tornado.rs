//! The tornado over part B's inputs: selling hours and the expansion inputs get bars named by
//! their `--set` keys; an input that cannot move the result swings 0 and ranks last; the bars
//! are the same at any thread count.

use super::*;

use prospect_sim::config::BUILT_IN_SCENARIO;
use prospect_sim::model::selling::PartBInput;
use prospect_sim::whatif::sensitivity::Factor;

/// The built-in scenario (`configs/telecom-territory.toml`, with `[selling]` and
/// `[installed_base]`) at `trials` trials, with `extra` overrides.
fn built_in(trials: u64, extra: &[Override]) -> Scenario {
    let mut overrides = vec![set("simulation.trials", &trials.to_string())];
    overrides.extend_from_slice(extra);
    parse_with(BUILT_IN_SCENARIO, &overrides).expect("the built-in scenario with overrides")
}

fn bar_of(a: &prospect_sim::whatif::sensitivity::Sensitivity, key: PartBInput) -> usize {
    a.bars
        .iter()
        .position(|b| b.key == Factor::PartB(key))
        .unwrap_or_else(|| panic!("no bar for {}", key.name()))
}

#[test]
fn the_built_in_tornado_has_part_b_bars_named_by_their_set_keys() {
    let scenario = built_in(300, &[]);
    let a = analyse(&scenario, 0, Output::Revenue).expect("top-down can be analysed");
    // The built-in gives all three as distributions: one bar each.
    for key in PartBInput::ALL {
        let b = &a.bars[bar_of(&a, key)];
        let dist = &scenario
            .part_b_input(key)
            .expect("the built-in has it")
            .dist;
        assert_eq!(b.values, (dist.quantile(0.1), dist.quantile(0.9)));
        assert!(
            b.target_values.is_empty(),
            "{}: the field's, not a target's",
            key.name()
        );
        // No rep value is kept for them: no share of variance, no rank correlation.
        assert_eq!(a.variance_share(b.key), None);
        assert_eq!(a.correlation(b.key), None);
    }
    // The strategy's own uncertain inputs (any target's distribution not a constant), then
    // part B's three.
    let own = InputKey::ALL
        .iter()
        .filter(|k| {
            scenario
                .input_dists(0, **k)
                .iter()
                .any(|d| !d.is_constant())
        })
        .count();
    let order: Vec<&str> = a.bars.iter().map(|b| b.key.name()).collect();
    assert_eq!(a.bars.len(), own + 3, "{order:?}");
    assert_eq!(a.runs, 1 + 2 * (own + 3), "the base run and two per bar");
    // The shares still split 100% over the strategy's own inputs.
    assert_eq!(a.variance_shares.len(), own);
    let total: f64 = a.variance_shares.iter().map(|(_, v)| v).sum();
    assert!((total - 1.0).abs() < 1e-12, "shares sum to {total}");
    // The names are keys `--set` takes: setting each changes exactly that input's spec.
    for (key, value) in [
        (PartBInput::SellingHoursPerWeek, "10 to 14"),
        (PartBInput::ExpansionRate, "2% to 9%"),
        (PartBInput::ExpansionRevenue, "1000 to 9000"),
    ] {
        let changed = built_in(300, &[set(key.name(), value)]);
        let text = &changed.part_b_input(key).expect("still there").text;
        assert!(text.contains(value), "{}: {text}", key.name());
        assert_ne!(changed.part_b_input(key), scenario.part_b_input(key));
    }
}

#[test]
fn fixing_the_expansion_revenue_moves_only_the_expansion_revenue() {
    // Fixing the value of an expansion at a constant changes no count: the P10 and P90 runs
    // book the same expansions, so their difference in mean revenue is (P90 - P10) times the
    // mean expansions (times each segment's revenue factor), all of it expansion revenue.
    let scenario = built_in(300, &[]);
    let a = analyse(&scenario, 0, Output::Revenue).expect("top-down can be analysed");
    let key = PartBInput::ExpansionRevenue;
    let b = &a.bars[bar_of(&a, key)];
    let expansion_at = |q: f64| {
        let fixed = scenario.with_part_b_input_at_quantile(key, q, |v| v.to_string());
        let run = prospect_sim::analysis::run(&fixed, &|_| {});
        let s = &run.summary.strategies[0];
        let b = s.part_b.as_ref().expect("part B is on");
        (
            s.revenue.mean,
            b.revenue_expansion.mean,
            b.revenue_new_logos.mean,
        )
    };
    let (low, high) = (expansion_at(0.1), expansion_at(0.9));
    assert_eq!((b.outputs.0, b.outputs.1), (low.0, high.0));
    // New-logo revenue is the total less expansion revenue: equal up to rounding.
    assert!(
        close_rel(low.2, high.2, 1e-12),
        "new-logo revenue does not move"
    );
    let swing = high.1 - low.1;
    assert!(swing > 0.0);
    assert!(
        close_rel(b.swing(), swing, 1e-9),
        "{} vs {swing}",
        b.swing()
    );
    // Expansion revenue scales with the fixed value: the counts are the same.
    assert!(close_rel(high.1 / b.values.1, low.1 / b.values.0, 1e-9));
}

#[test]
fn selling_hours_that_cannot_matter_swing_nothing_and_rank_last() {
    // `when_full = "unlimited"`: selling time is only reported, prospecting keeps its hours, so
    // no revenue depends on the selling hours (drawn on their own stream): both runs give the
    // base revenue exactly.
    let scenario = built_in(300, &[set("selling.when_full", "unlimited")]);
    let a = analyse(&scenario, 0, Output::Revenue).expect("top-down can be analysed");
    let at = bar_of(&a, PartBInput::SellingHoursPerWeek);
    let b = &a.bars[at];
    assert_eq!(b.outputs, (a.base, a.base));
    assert_eq!(b.swing(), 0.0);
    assert_eq!(at, a.bars.len() - 1, "ranks last");
}

#[test]
fn a_part_b_input_given_as_a_number_has_no_bar() {
    let scenario = built_in(
        100,
        &[
            set("installed_base.expansion_rate", "0.05"),
            set("selling.selling_hours_per_week", "15"),
        ],
    );
    let a = analyse(&scenario, 0, Output::Revenue).expect("top-down can be analysed");
    let part_b: Vec<Factor> = a
        .bars
        .iter()
        .map(|b| b.key)
        .filter(|k| matches!(k, Factor::PartB(_)))
        .collect();
    assert_eq!(part_b, [Factor::PartB(PartBInput::ExpansionRevenue)]);
    assert_eq!(a.runs, 1 + 2 * a.bars.len());
}

#[test]
fn the_part_b_tornado_is_the_same_at_any_thread_count() {
    let scenario = built_in(200, &[]);
    let at = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool")
            .install(|| analyse(&scenario, 1, Output::Revenue).expect("analysed"))
    };
    let (one, two) = (at(1), at(2));
    assert_eq!(one.bars, two.bars);
    assert_eq!(one.base, two.base);
    assert_eq!(one.variance_shares, two.variance_shares);
    assert!(one.bars.iter().any(|b| matches!(b.key, Factor::PartB(_))));
}
