//! Playing-field keys: what a valid file reads as (resolution target > contact > strategy,
//! defaults, "unlimited", "rest"), `--set` reaching every kind of new key and changing exactly
//! that key, sweeps and goal seeks over them validating (or refusing) every point, and the
//! built-in playing-field configs holding what their comments say.

use prospect_sim::config::{
    Override, Scenario, ScenarioSource, load_scenario, parse_scenario, parse_scenario_with,
};
use prospect_sim::model::dist::Dist;
use prospect_sim::model::field::{Allocation, Pool};
use prospect_sim::model::inputs::InputKey;
use prospect_sim::model::key::KeyPath;
use prospect_sim::whatif::sweep::{Axis, points_of};

use crate::it::common::{Sim, cli, parse, scenario_text, strategy, texts, with};
use crate::it::pf_bad_input::field_base;

fn constant(s: &Scenario, strategy: usize, target: usize, key: InputKey) -> f64 {
    match s.strategies[strategy].targets[target].inputs.dist(key) {
        Dist::Constant(v) => *v,
        other => panic!("{key:?} is not a constant: {other:?}"),
    }
}

#[test]
fn a_playing_field_file_reads_as_written_with_inputs_resolved() {
    let s = parse(&field_base());
    assert!(s.is_playing_field());
    let f = s.field.as_ref().unwrap();
    assert_eq!((f.rest_weeks, f.max_passes), (8, 2));
    assert_eq!((f.retouch_yield, f.data_decay_per_year), (0.5, 0.1));
    assert_eq!(f.allocation, Allocation::Shares);
    let small = &f.segments[0];
    assert_eq!(small.name, "small");
    assert_eq!(small.industry.as_deref(), Some("law"));
    assert_eq!(small.size.as_deref(), Some("5-49 employees"));
    assert_eq!(small.accounts, Pool::Finite(1000));
    assert_eq!(
        (
            small.new_accounts_per_year,
            small.revenue_factor,
            small.cycle_factor
        ),
        (52.0, 0.5, 2.0)
    );
    // Left out: no labels, no arrivals, factors 1.
    let mid = &f.segments[1];
    assert_eq!((mid.industry.clone(), mid.size.clone()), (None, None));
    assert_eq!(mid.accounts, Pool::Unlimited);
    assert_eq!(
        (
            mid.new_accounts_per_year,
            mid.revenue_factor,
            mid.cycle_factor
        ),
        (0.0, 1.0, 1.0)
    );
    assert_eq!(f.contacts[0].level.as_deref(), Some("budget holder"));
    assert_eq!(f.contacts[1].level, None);
    let a = &s.strategies[0];
    assert_eq!(a.targets.len(), 2);
    assert_eq!(
        (
            a.targets[0].segment,
            a.targets[0].contact,
            a.targets[0].share
        ),
        (0, 0, 0.6)
    );
    assert_eq!(
        (
            a.targets[1].segment,
            a.targets[1].contact,
            a.targets[1].share
        ),
        (1, 1, 0.4)
    );
    // connect_rate: the owner's own 0.05 on target 0 (contact over strategy), the target's own
    // 0.2 on target 1 (target over strategy; the office sets none).
    assert_eq!(constant(&s, 0, 0, InputKey::ConnectRate), 0.05);
    assert_eq!(constant(&s, 0, 1, InputKey::ConnectRate), 0.2);
    // Everything else is the strategy's, hours included.
    for t in 0..2 {
        for (key, v) in [
            (InputKey::ProspectingHoursPerWeek, 20.0),
            (InputKey::ResearchHoursPerAccount, 0.5),
            (InputKey::DialsPerAccount, 3.0),
            (InputKey::DialsPerHour, 12.0),
            (InputKey::ConversationToAppointment, 0.1),
            (InputKey::AppointmentToProposal, 0.3),
            (InputKey::ProposalToClose, 0.2),
            (InputKey::SalesCycleWeeks, 3.0),
            (InputKey::RevenuePerSale, 5000.0),
        ] {
            assert_eq!(constant(&s, 0, t, key), v, "target {t}, {key:?}");
        }
    }
    // The strategy's own inputs are a copy of its first target's.
    assert_eq!(a.inputs, a.targets[0].inputs);
    assert!(a.mix.is_empty());
}

#[test]
fn a_target_over_its_contact_over_its_strategy() {
    // The office contact gets a connect rate: target 1 keeps its own 0.2; target 0 (owner)
    // keeps the owner's. Giving target 0 its own beats the owner's.
    let s = with(
        &field_base(),
        &[
            ("contacts.office.connect_rate", "0.3"),
            ("strategies.a.targets.0.connect_rate", "0.07"),
        ],
    );
    assert_eq!(constant(&s, 0, 1, InputKey::ConnectRate), 0.2);
    assert_eq!(constant(&s, 0, 0, InputKey::ConnectRate), 0.07);
    // A key only the strategy gives, set on a contact, wins for that contact's targets only.
    let s = with(&field_base(), &[("contacts.office.dials_per_account", "5")]);
    assert_eq!(constant(&s, 0, 1, InputKey::DialsPerAccount), 5.0);
    assert_eq!(constant(&s, 0, 0, InputKey::DialsPerAccount), 3.0);
}

#[test]
fn the_playing_field_defaults_are_the_documented_ones() {
    let text = field_base();
    let start = text.find("[playing_field]").unwrap();
    let end = text.find("[[segments]]").unwrap();
    let s = parse(&format!("{}{}", &text[..start], &text[end..]));
    let f = s.field.unwrap();
    assert_eq!((f.rest_weeks, f.max_passes), (13, 3));
    assert_eq!((f.retouch_yield, f.data_decay_per_year), (0.67, 0.225));
    assert_eq!(f.allocation, Allocation::Shares);
}

#[test]
fn shares_take_rest_and_priority_lets_them_be_left_out() {
    let s = with(&field_base(), &[("strategies.a.targets.1.share", "rest")]);
    assert_eq!(s.strategies[0].targets[1].share, 1.0 - 0.6);
    let text = field_base()
        .replace(", share = 0.6", "")
        .replace(", share = 0.4", "");
    let s = with(&text, &[("playing_field.allocation", "priority")]);
    assert_eq!(s.field.unwrap().allocation, Allocation::Priority);
    let shares: Vec<f64> = s.strategies[0].targets.iter().map(|t| t.share).collect();
    assert_eq!(shares, [0.0, 0.0]);
    // Accounts as text: the one number reader's counts.
    let s = with(&field_base(), &[("segments.small.accounts", "\"12,000\"")]);
    assert_eq!(s.field.unwrap().segments[0].accounts, Pool::Finite(12_000));
}

#[test]
fn set_reaches_every_kind_of_playing_field_key_and_changes_only_it() {
    let text = field_base();
    let original = parse(&text);
    // (override, what changed: read from the new scenario, restored from the original)
    type Check = Box<dyn Fn(&Scenario, &mut Scenario)>;
    let cases: Vec<(&str, &str, Check)> = vec![
        (
            "segments.small.accounts",
            "2000",
            Box::new(|o, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.segments[0].accounts, Pool::Finite(2000));
                f.segments[0].accounts = o.field.as_ref().unwrap().segments[0].accounts;
            }),
        ),
        (
            "segments.mid.accounts",
            "300",
            Box::new(|o, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.segments[1].accounts, Pool::Finite(300));
                f.segments[1].accounts = o.field.as_ref().unwrap().segments[1].accounts;
            }),
        ),
        (
            "segments.small.new_accounts_per_year",
            "104",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.segments[0].new_accounts_per_year, 104.0);
                f.segments[0].new_accounts_per_year = 52.0;
            }),
        ),
        (
            "segments.mid.revenue_factor",
            "3",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.segments[1].revenue_factor, 3.0);
                f.segments[1].revenue_factor = 1.0;
            }),
        ),
        (
            "segments.small.cycle_factor",
            "1.5",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.segments[0].cycle_factor, 1.5);
                f.segments[0].cycle_factor = 2.0;
            }),
        ),
        (
            "segments.small.industry",
            "tax",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.segments[0].industry.as_deref(), Some("tax"));
                f.segments[0].industry = Some("law".into());
            }),
        ),
        (
            "segments.mid.size",
            "50+",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.segments[1].size.as_deref(), Some("50+"));
                f.segments[1].size = None;
            }),
        ),
        (
            "contacts.office.level",
            "gatekeeper",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.contacts[1].level.as_deref(), Some("gatekeeper"));
                f.contacts[1].level = None;
            }),
        ),
        (
            "contacts.owner.connect_rate",
            "8%",
            Box::new(|o, s| {
                assert_eq!(constant(s, 0, 0, InputKey::ConnectRate), 0.08);
                s.strategies[0].targets[0].inputs = o.strategies[0].targets[0].inputs.clone();
                s.strategies[0].inputs = o.strategies[0].inputs.clone();
            }),
        ),
        (
            "playing_field.rest_weeks",
            "4",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.rest_weeks, 4);
                f.rest_weeks = 8;
            }),
        ),
        (
            "playing_field.max_passes",
            "5",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.max_passes, 5);
                f.max_passes = 2;
            }),
        ),
        (
            "playing_field.retouch_yield",
            "0.75",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.retouch_yield, 0.75);
                f.retouch_yield = 0.5;
            }),
        ),
        (
            "playing_field.data_decay_per_year",
            "0",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.data_decay_per_year, 0.0);
                f.data_decay_per_year = 0.1;
            }),
        ),
        (
            "playing_field.allocation",
            "priority",
            Box::new(|_, s| {
                let f = s.field.as_mut().unwrap();
                assert_eq!(f.allocation, Allocation::Priority);
                f.allocation = Allocation::Shares;
            }),
        ),
        (
            "strategies.a.targets.1.connect_rate",
            "{ dist = \"beta\", mean = 0.2, sd = 0.05 }",
            Box::new(|o, s| {
                let d = s.strategies[0].targets[1]
                    .inputs
                    .dist(InputKey::ConnectRate);
                assert!(matches!(d, Dist::Beta { .. }), "{d:?}");
                s.strategies[0].targets[1].inputs = o.strategies[0].targets[1].inputs.clone();
            }),
        ),
        (
            "strategies.a.targets.0.research_hours_per_account",
            "2",
            Box::new(|o, s| {
                assert_eq!(constant(s, 0, 0, InputKey::ResearchHoursPerAccount), 2.0);
                s.strategies[0].targets[0].inputs = o.strategies[0].targets[0].inputs.clone();
                s.strategies[0].inputs = o.strategies[0].inputs.clone();
            }),
        ),
        (
            "strategies.a.dials_per_hour",
            "10",
            Box::new(|o, s| {
                // A strategy's funnel input reaches every target that does not set it.
                for t in 0..2 {
                    assert_eq!(constant(s, 0, t, InputKey::DialsPerHour), 10.0);
                    s.strategies[0].targets[t].inputs = o.strategies[0].targets[t].inputs.clone();
                }
                s.strategies[0].inputs = o.strategies[0].inputs.clone();
            }),
        ),
    ];
    for (key, value, check) in cases {
        let got = with(&text, &[(key, value)]);
        assert_ne!(got, original, "--set {key}={value} changed nothing");
        let mut back = got.clone();
        check(&original, &mut back);
        assert_eq!(
            back, original,
            "--set {key}={value} changed more than {key}"
        );
    }
    // Two shares at once (they must still sum to 1).
    let got = with(
        &text,
        &[
            ("strategies.a.targets.0.share", "0.5"),
            ("strategies.a.targets.1.share", "50%"),
        ],
    );
    let shares: Vec<f64> = got.strategies[0].targets.iter().map(|t| t.share).collect();
    assert_eq!(shares, [0.5, 0.5]);
}

#[test]
fn set_refuses_what_is_not_there_with_a_suggestion() {
    let text = field_base();
    for (o, says) in [
        (
            "segments.smal.accounts=5",
            &["no segment named `smal`", "did you mean `small`?"][..],
        ),
        (
            "contacts.ownr.connect_rate=0.1",
            &["no contact named `ownr`", "did you mean `owner`?"],
        ),
        (
            "segments.small.acounts=5",
            &["`acounts`", "did you mean `accounts`?"],
        ),
        (
            "playing_field.rest_week=5",
            &["`rest_week`", "did you mean `rest_weeks`?"],
        ),
        (
            "strategies.a.targets.2.share=0.5",
            &["`strategies.a.targets` is a list of 2", "from 0 to 1"],
        ),
        (
            "strategies.a.targets.0.shar=0.5",
            &["`shar`", "did you mean `share`?"],
        ),
        (
            "segments.small.accounts=2000.5",
            &["segment \"small\", key accounts", "not whole"],
        ),
    ] {
        let set: Override = o.parse().unwrap();
        let e = parse_scenario_with(&text, "test.toml", std::slice::from_ref(&set))
            .expect_err(&format!("--set {o} should be refused"));
        assert_eq!(e.problems.len(), 1, "--set {o}: {e}");
        let shown = e.to_string();
        assert!(shown.contains(&format!("--set {o}")), "{shown}");
        for s in says {
            assert!(shown.contains(s), "--set {o}: no {s:?} in {shown}");
        }
    }
}

#[test]
fn a_sweep_over_a_segments_accounts_validates_every_point() {
    let source = ScenarioSource {
        text: field_base(),
        label: "test.toml".to_string(),
        base: Vec::new(),
    };
    let axis = |values: &[&str]| Axis {
        key: KeyPath::parse("segments.small.accounts", &["a"]),
        values: values.iter().map(|v| v.to_string()).collect(),
    };
    let points = points_of(&source, &[axis(&["500", "1000", "unlimited"])]).unwrap();
    let pools: Vec<Pool> = points
        .iter()
        .map(|s| s.field.as_ref().unwrap().segments[0].accounts)
        .collect();
    assert_eq!(
        pools,
        [Pool::Finite(500), Pool::Finite(1000), Pool::Unlimited]
    );
    let e = points_of(&source, &[axis(&["500", "750.5"])]).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.contains("--vary segments.small.accounts=750.5") && shown.contains("not whole"),
        "{shown}"
    );
    // A goal seek searches whole numbers on this key, as it does on simulation.reps.
    assert!(KeyPath::parse("segments.small.accounts", &["a"]).is_whole());
    assert!(KeyPath::parse("playing_field.rest_weeks", &["a"]).is_whole());
}

#[test]
fn sweep_and_goal_refuse_a_bad_playing_field_value_before_running() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("field.toml"), field_base()).unwrap();
    for (args, says) in [
        (
            &[
                "sweep",
                "field.toml",
                "--vary",
                "segments.small.accounts=1000,1000.5",
                "--out",
                "res",
            ][..],
            "--vary segments.small.accounts=1000.5",
        ),
        (
            &[
                "goal",
                "field.toml",
                "--vary",
                "segments.small.accounts=100..2000000000",
                "--target",
                "mean(revenue) >= 1",
                "--out",
                "res",
            ],
            "--vary segments.small.accounts=2000000000",
        ),
        (
            &[
                "validate",
                "field.toml",
                "--set",
                "playing_field.rest_weeks=0",
            ],
            "--set playing_field.rest_weeks=0",
        ),
    ] {
        let out = cli(dir.path(), args);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!dir.path().join("res").exists(), "{args:?} wrote res/");
    }
}

#[test]
fn a_flat_scenario_has_no_field_and_no_targets() {
    let sim = Sim {
        trials: 10,
        weeks: 4,
        reps: 2,
        seed: 1,
    };
    let s = parse(&scenario_text(
        "flat",
        sim,
        &[strategy("a", &[]), strategy("b", &[])],
    ));
    assert!(!s.is_playing_field());
    assert!(s.field.is_none());
    assert!(s.strategies.iter().all(|st| st.targets.is_empty()));
}

fn config(name: &str) -> Scenario {
    let path = format!("{}/configs/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    load_scenario(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e}"))
}

/// (segment, contact) names of each target of strategy `index`.
fn targets(s: &Scenario, index: usize) -> Vec<(String, String)> {
    let f = s.field.as_ref().unwrap();
    s.strategies[index]
        .targets
        .iter()
        .map(|t| {
            (
                f.segments[t.segment].name.clone(),
                f.contacts[t.contact].name.clone(),
            )
        })
        .collect()
}

fn finite(s: &Scenario) -> Vec<u64> {
    s.field
        .as_ref()
        .unwrap()
        .segments
        .iter()
        .map(|g| match g.accounts {
            Pool::Finite(a) => a,
            Pool::Unlimited => panic!("{} is unlimited", g.name),
        })
        .collect()
}

#[test]
fn the_telecom_territory_is_the_issues_scenario() {
    let s = config("telecom-territory");
    assert_eq!(
        (s.simulation.reps, s.simulation.weeks, s.simulation.trials),
        (10, 52, 10_000)
    );
    let f = s.field.as_ref().unwrap();
    let segments: Vec<&str> = f.segments.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        segments,
        [
            "small-professional",
            "small-health",
            "mid-manufacturing",
            "mid-health"
        ]
    );
    let contacts: Vec<&str> = f.contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(contacts, ["owner", "cfo", "office-manager"]);
    // About 2,000 accounts per rep.
    assert_eq!(finite(&s).iter().sum::<u64>(), 20_000);
    let pair = |seg: &str, contact: &str| (seg.to_string(), contact.to_string());
    assert_eq!(
        targets(&s, 0),
        segments
            .iter()
            .map(|g| pair(g, "office-manager"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        targets(&s, 1),
        [
            pair("small-professional", "owner"),
            pair("small-health", "owner"),
            pair("mid-manufacturing", "cfo"),
            pair("mid-health", "cfo"),
        ]
    );
    // The same hours as the flat seed-telecom scenario.
    let flat = parse_scenario(prospect_sim::config::FLAT_SCENARIO, "flat").unwrap();
    for (field_strategy, flat_strategy) in s.strategies.iter().zip(&flat.strategies) {
        assert_eq!(field_strategy.name, flat_strategy.name);
        assert_eq!(
            field_strategy
                .inputs
                .dist(InputKey::ProspectingHoursPerWeek),
            flat_strategy.inputs.dist(InputKey::ProspectingHoursPerWeek)
        );
    }
}

#[test]
fn the_what_ifs_change_what_their_names_say() {
    let base = config("telecom-territory");
    let half = config("territory-half");
    assert_eq!(
        finite(&half),
        finite(&base).iter().map(|a| a / 2).collect::<Vec<_>>()
    );
    let only = config("retouch-only");
    let f = only.field.as_ref().unwrap();
    assert_eq!(f.data_decay_per_year, 0.0);
    assert!(f.segments.iter().all(|g| g.new_accounts_per_year == 0.0));
    assert_eq!(finite(&only), finite(&base));
    let small = config("top-down-small-firms");
    let top_down = small.strategy_index("top-down").unwrap();
    assert!(
        targets(&small, top_down)
            .iter()
            .all(|(g, c)| g.starts_with("small-") && c == "owner"),
        "{:?}",
        targets(&small, top_down)
    );
    assert_eq!(targets(&small, 0), targets(&base, 0), "bottom-up unchanged");
}

#[test]
fn the_resolved_scenario_toml_of_a_playing_field_validates_to_the_same_scenario() {
    let text = field_base();
    let sets: Vec<Override> = [
        ("segments.small.accounts", "700"),
        ("strategies.a.targets.1.connect_rate", "\"10% to 30%\""),
        ("playing_field.rest_weeks", "6"),
    ]
    .iter()
    .map(|(k, v)| Override::set(k, v))
    .collect();
    let resolved = prospect_sim::config::resolved::resolved_toml(&text, &sets).unwrap();
    let from_resolved = parse(&resolved);
    let from_overrides = parse_scenario_with(&text, "test.toml", &sets).unwrap();
    assert_eq!(from_resolved, from_overrides);
    assert_eq!(
        from_resolved.field.unwrap().segments[0].accounts,
        Pool::Finite(700)
    );
}

#[test]
fn a_playing_field_run_too_big_to_finish_is_refused_by_its_busiest_target() {
    // The bound of target 1 (mid, office: connect 0.2), the larger: 20 h x 12 dials an hour x
    // 0.2 x 0.1 x 0.3 x 0.2 = 0.288 deals a rep-week; x 1e8 trials x 1e5 reps x 1,040 weeks is
    // about 3e15, far above the 1e10 a run may draw. The base (50 trials x 2 reps x 10 weeks): 288.
    let big = [
        ("simulation.trials", "100000000"),
        ("simulation.reps", "100000"),
        ("simulation.weeks", "1040"),
    ];
    let overrides: Vec<Override> = big.iter().map(|(k, v)| Override::set(k, v)).collect();
    let e = parse_scenario_with(&field_base(), "test.toml", &overrides).unwrap_err();
    assert!(e.to_string().contains("closed deals"), "{e}");
    let s = parse(&field_base());
    let deals = prospect_sim::config::workload::expected_deals(&s);
    let expected = 0.288 * 50.0 * 2.0 * 10.0;
    assert!(
        (deals - expected).abs() < 1e-9 * expected,
        "{deals} vs {expected}"
    );
}

#[test]
fn validate_calls_the_closed_form_of_a_finite_territory_a_reference_not_its_mean() {
    // The playing field's closed form is the mean only with unlimited pools and one pass
    // (docs/model.md, "The playing field"); elsewhere `validate` must not print it as the mean.
    let dir = tempfile::tempdir().unwrap();
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/configs/telecom-territory.toml"
    );
    const REFERENCE: &str = "with an endless list and one pass per account; this territory's \
                             mean differs (`run` measures it)";
    let finite = cli(dir.path(), &["validate", file]);
    assert!(finite.status.success(), "{}", texts(&finite).1);
    let text = texts(&finite).0;
    assert_eq!(text.matches(REFERENCE).count(), 2, "{text}");
    let mut exact = vec!["validate", file, "--set", "playing_field.max_passes=1"];
    let sets: Vec<String> = [
        "small-professional",
        "small-health",
        "mid-manufacturing",
        "mid-health",
    ]
    .iter()
    .map(|s| format!("segments.{s}.accounts=unlimited"))
    .collect();
    for set in &sets {
        exact.extend(["--set", set.as_str()]);
    }
    let exact = cli(dir.path(), &exact);
    assert!(exact.status.success(), "{}", texts(&exact).1);
    let text = texts(&exact).0;
    assert!(!text.contains(REFERENCE), "{text}");
    assert!(
        text.contains("Closed-form mean team revenue over 52 weeks:"),
        "{text}"
    );
}
