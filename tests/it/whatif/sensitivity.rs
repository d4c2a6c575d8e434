//! The tornado (`sensitivity`): the input a scenario makes dominant ranks first, by swing and by
//! share of variance; a result no input moves is said, not ranked; P(better) is refused on the
//! baseline and on a mix.

use super::*;

use prospect_sim::whatif::sensitivity::Factor;

/// Near-constant inputs: 90% intervals about 1% wide around the base values. Dials per account
/// and the sales cycle stay constant (3 and 3 weeks).
const NARROW: [(&str, &str); 8] = [
    ("prospecting_hours_per_week", "\"19.9 to 20.1\""),
    ("research_hours_per_account", "\"0.497 to 0.503\""),
    ("dials_per_hour", "\"11.94 to 12.06\""),
    ("connect_rate", "\"9.95% to 10.05%\""),
    ("conversation_to_appointment", "\"9.95% to 10.05%\""),
    ("appointment_to_proposal", "\"29.85% to 30.15%\""),
    ("proposal_to_close", "\"19.9% to 20.1%\""),
    ("revenue_per_sale", "\"4975 to 5025\""),
];

/// A baseline of constants and strategy "s": every input narrow but `wide`.
fn tornado_scenario(wide: (&str, &str)) -> String {
    let inputs: Vec<(&str, &str)> = NARROW
        .iter()
        .map(|&(k, v)| if k == wide.0 { wide } else { (k, v) })
        .collect();
    let sim = Sim {
        trials: 400,
        weeks: 12,
        reps: 5,
        seed: 8,
    };
    scenario_text(
        "tornado",
        sim,
        &[strategy("baseline", &[]), strategy("s", &inputs)],
    )
}

#[test]
fn the_tornado_ranks_the_dominant_input_first() {
    // (the wide input, its spec, whether revenue rises with it)
    let cases = [
        ("connect_rate", "\"1% to 20%\"", true),
        ("revenue_per_sale", "\"1000 to 30000\"", true),
        ("research_hours_per_account", "\"0.05 to 3\"", false),
    ];
    for (key, spec, rises) in cases {
        let text = tornado_scenario((key, spec));
        let scenario = parse(&text);
        let a = analyse(&scenario, 1, Output::Revenue).expect("s can be analysed");
        let order: Vec<&str> = a.bars.iter().map(|b| b.key.name()).collect();
        assert_eq!(order[0], key, "wide {key}: tornado order {order:?}");
        // The two constants get no bar; the eight uncertain inputs get one each.
        assert_eq!(a.bars.len(), 8, "{order:?}");
        for constant in [InputKey::DialsPerAccount, InputKey::SalesCycleWeeks] {
            assert!(
                !a.bars.iter().any(|b| b.key == Factor::Strategy(constant)),
                "{order:?}"
            );
            assert!(!a.correlations.iter().any(|(k, _)| *k == constant));
        }
        assert!(
            a.bars.windows(2).all(|w| w[0].swing() >= w[1].swing()),
            "not sorted by swing: {:?}",
            a.bars.iter().map(|b| b.swing()).collect::<Vec<_>>()
        );
        // The share of variance (from the one run with every input random) also puts the wide
        // input first, and the shares of the uncertain inputs split 100% between them.
        assert!(!a.moves_nothing(), "wide {key}");
        assert_eq!(
            a.variance_shares[0].0.name(),
            key,
            "wide {key}: variance shares {:?}",
            a.variance_shares
        );
        assert_eq!(a.variance_shares.len(), 8, "{:?}", a.variance_shares);
        let total: f64 = a.variance_shares.iter().map(|(_, v)| v).sum();
        assert!((total - 1.0).abs() < 1e-12, "shares sum to {total}");
        assert!(
            a.variance_shares
                .iter()
                .all(|(_, v)| (0.0..=1.0).contains(v))
        );
        let top = &a.bars[0];
        assert!(top.values.0 < top.values.1, "{top:?}");
        assert_eq!(top.outputs.1 > top.outputs.0, rises, "{top:?}");
        assert_eq!(a.runs, 1 + 2 * a.bars.len());

        // The base is the plain run's mean, and each end of a bar is the plain run with the input
        // set to that constant: same trial streams, same numbers.
        let plain = |overrides: &[Override]| {
            let s = parse_with(&text, overrides).unwrap();
            prospect_sim::analysis::run(&s, &|_| {}).summary.strategies[1]
                .revenue
                .mean
        };
        assert_eq!(a.base, plain(&[]), "wide {key}: base");
        let path = format!("strategies.s.{key}");
        for (value, output) in [(top.values.0, top.outputs.0), (top.values.1, top.outputs.1)] {
            assert_eq!(
                output,
                plain(&[set(&path, &value.to_string())]),
                "{key} fixed at {value}"
            );
        }
    }
}

/// With no conversation ever booking an appointment, revenue is $0 in every run whatever the
/// inputs: nothing is ranked, and the text says that no input moves it.
#[test]
fn a_tornado_of_zeros_says_no_input_moves_the_result() {
    let scenario = parse(&tornado_scenario(("conversation_to_appointment", "0")));
    let a = analyse(&scenario, 1, Output::Revenue).expect("s can be analysed");
    assert_eq!(a.base, 0.0);
    assert!(
        !a.bars.is_empty(),
        "test bug: the other inputs are uncertain"
    );
    assert!(
        a.bars.iter().all(|b| b.outputs == (0.0, 0.0)),
        "{:?}",
        a.bars
    );
    assert!(a.moves_nothing());
    assert!(a.variance_shares.is_empty(), "{:?}", a.variance_shares);
    let text = prospect_sim::report::terminal::render_sensitivity(&scenario, 1, &a);
    assert!(
        text.contains("No input moves s's mean team revenue: it is $0"),
        "{text}"
    );
    assert!(!text.contains("What matters most"), "{text}");
    assert!(!text.contains("raises it"), "{text}");
}

#[test]
fn the_tornado_refuses_p_better_on_the_baseline_and_a_mix() {
    let text = tornado_scenario(("connect_rate", "\"1% to 20%\""));
    let scenario = parse(&text);
    let e = analyse(&scenario, 0, Output::PBetter).expect_err("the baseline against itself");
    assert!(e.contains("\"baseline\" is the baseline"), "{e}");
    let a = analyse(&scenario, 1, Output::PBetter).expect("s against the baseline");
    assert_eq!(a.bars[0].key, Factor::Strategy(InputKey::ConnectRate));
    assert!((0.0..=1.0).contains(&a.base), "{}", a.base);
    for b in &a.bars {
        for p in [b.outputs.0, b.outputs.1] {
            assert!((0.0..=1.0).contains(&p), "{b:?}");
        }
    }

    let with_mix = format!(
        "{text}\n{}",
        mix("m", "{ \"s\" = 0.5, \"baseline\" = \"rest\" }")
    );
    let e = analyse(&parse(&with_mix), 2, Output::Revenue).expect_err("a mix");
    assert!(e.contains("is a mix"), "{e}");

    // Through the binary: exit 2, nothing written. Without --strategy the last one (the mix).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), &with_mix).unwrap();
    let stderr = refused(
        dir.path(),
        &[
            "sensitivity",
            FILE,
            "--strategy",
            "baseline",
            "--output",
            "p-better",
            "--out",
            "res",
        ],
    );
    assert!(stderr.contains("is the baseline"), "{stderr}");
    let stderr = refused(dir.path(), &["sensitivity", FILE, "--out", "res"]);
    assert!(stderr.contains("is a mix"), "{stderr}");
}
