//! Part B's keys (the rest of the week and the team): what a valid file reads as (defaults,
//! selling hours resolved target > contact > strategy), `--set` reaching every new key, every
//! problem of a bad file reported at once with its place, and a flat scenario that uses a part B
//! section told the nearest playing-field way to write it.

use prospect_sim::config::Scenario;
use prospect_sim::model::dist::Dist;
use prospect_sim::model::field::PlayingField;
use prospect_sim::model::selling::{FarmedBy, WhenFull};

use crate::it::common::{
    SCENARIO_FILE as FILE, Sim, assert_every_problem, cli, edit, entries, line_of, parse,
    scenario_text, strategy, texts, with,
};
use crate::it::pf_bad_input::field_base;

/// The playing-field base with every part B key, each on its own line.
fn part_b_base() -> String {
    let text = field_base()
        + "
[selling]
selling_hours_per_week = \"12 to 18\"
when_full = \"unlimited\"

[installed_base]
touch_every_weeks = 26
hours_per_touch = 0.5
expansion_rate = { dist = \"beta\", mean = 0.05, sd = 0.02 }
expansion_revenue = 3000
farmed_by = \"account_managers\"

[team]
attrition_per_year = 0.25
vacancy_weeks = 8
ramp_weeks = 22
ramp_start = 0.3
skill_correlation = 0.2
";
    let text = edit(
        &text,
        "cycle_factor = 2",
        "cycle_factor = 2\ncustomers = 301\nchurn_per_year = \"15%\"",
    );
    // Selling hours: the owner's on the contact, a strategy default, a target's own.
    let text = edit(
        &text,
        "level = \"budget holder\"",
        "level = \"budget holder\"\nhours_per_appointment = 1.5",
    );
    let text = edit(
        &text,
        "revenue_per_sale = 5000",
        "revenue_per_sale = 5000\nhours_per_appointment = 0.75\nhours_per_proposal = 3",
    );
    edit(
        &text,
        "  { segment = \"mid\"",
        "  { segment = \"mid\", contact = \"office\", share = 0.4, connect_rate = 0.2, hours_per_proposal = 4 },",
    )
}

/// `[team]` as read: (attrition_per_year, vacancy_weeks, ramp_weeks, ramp_start,
/// skill_correlation).
fn team_keys(f: &PlayingField) -> (f64, u32, u32, f64, f64) {
    let t = f.team.expect("a [team]");
    (
        t.attrition_per_year,
        t.vacancy_weeks,
        t.ramp_weeks,
        t.ramp_start,
        t.skill_correlation,
    )
}

/// Segment `i`'s (customers, churn_per_year).
fn customers(f: &PlayingField, i: usize) -> (u64, f64) {
    (f.segments[i].customers, f.segments[i].churn_per_year)
}

/// The first strategy's (hours_per_appointment, hours_per_proposal), target by target.
fn selling_hours(s: &Scenario) -> Vec<(f64, f64)> {
    s.strategies[0]
        .targets
        .iter()
        .map(|t| (t.hours_per_appointment, t.hours_per_proposal))
        .collect()
}

#[test]
fn part_b_reads_as_written_with_selling_hours_resolved() {
    let s = parse(&part_b_base());
    let f = s.field.as_ref().unwrap();
    let selling = f.selling.as_ref().unwrap();
    assert_eq!(selling.when_full, WhenFull::Unlimited);
    assert!(matches!(selling.hours.dist, Dist::Normal { .. }));
    let base = f.installed_base.as_ref().unwrap();
    assert_eq!((base.touch_every_weeks, base.hours_per_touch), (26.0, 0.5));
    assert_eq!(base.expansion_revenue.dist, Dist::Constant(3000.0));
    assert_eq!(base.farmed_by, FarmedBy::AccountManagers);
    assert!(!base.reps_touch());
    assert_eq!(team_keys(f), (0.25, 8, 22, 0.3, 0.2));
    assert_eq!(customers(f, 0), (301, 0.15));
    assert_eq!(customers(f, 1), (0, 0.0));
    // Target 0 (owner): appointment from the contact, proposal from the strategy. Target 1
    // (office): appointment from the strategy, proposal its own.
    assert_eq!(selling_hours(&s), [(1.5, 3.0), (0.75, 4.0)]);
    assert!(f.has_part_b());
}

#[test]
fn left_out_part_b_keys_take_their_defaults() {
    let text = field_base()
        + "
[selling]
selling_hours_per_week = 15

[installed_base]
touch_every_weeks = 13
hours_per_touch = 0
expansion_rate = 0.1
expansion_revenue = 1000

[team]
";
    let s = parse(&text);
    let f = s.field.as_ref().unwrap();
    assert_eq!(f.selling.as_ref().unwrap().when_full, WhenFull::Squeeze);
    assert_eq!(f.installed_base.as_ref().unwrap().farmed_by, FarmedBy::Reps);
    assert_eq!(team_keys(f), (0.0, 0, 0, 0.25, 0.0));
    assert_eq!(selling_hours(&s), [(0.0, 0.0), (0.0, 0.0)]);
    let plain = parse(&field_base());
    let f = plain.field.as_ref().unwrap();
    assert!(f.selling.is_none() && f.installed_base.is_none() && f.team.is_none());
    assert!(!f.has_part_b());
}

#[test]
fn set_reaches_every_part_b_key() {
    let s = with(
        &field_base(),
        &[
            ("selling.selling_hours_per_week", "10"),
            ("selling.when_full", "unlimited"),
            ("installed_base.touch_every_weeks", "4"),
            ("installed_base.hours_per_touch", "1"),
            ("installed_base.expansion_rate", "0.2"),
            ("installed_base.expansion_revenue", "$2k"),
            ("installed_base.farmed_by", "account_managers"),
            ("team.attrition_per_year", "0.3"),
            ("team.vacancy_weeks", "4"),
            ("team.ramp_weeks", "10"),
            ("team.ramp_start", "0.5"),
            ("team.skill_correlation", "0.4"),
            ("segments.mid.customers", "70"),
            ("segments.mid.churn_per_year", "0.1"),
            ("contacts.office.hours_per_appointment", "2"),
            ("contacts.office.hours_per_proposal", "5"),
            ("strategies.a.hours_per_appointment", "0.5"),
            ("strategies.a.targets.0.hours_per_proposal", "6"),
        ],
    );
    let f = s.field.as_ref().unwrap();
    let selling = f.selling.as_ref().unwrap();
    assert_eq!(selling.hours.dist, Dist::Constant(10.0));
    assert_eq!(selling.when_full, WhenFull::Unlimited);
    let base = f.installed_base.as_ref().unwrap();
    assert_eq!((base.touch_every_weeks, base.hours_per_touch), (4.0, 1.0));
    assert_eq!(base.expansion_rate.dist, Dist::Constant(0.2));
    assert_eq!(base.expansion_revenue.dist, Dist::Constant(2000.0));
    assert_eq!(base.farmed_by, FarmedBy::AccountManagers);
    assert_eq!(team_keys(f), (0.3, 4, 10, 0.5, 0.4));
    assert_eq!(customers(f, 1), (70, 0.1));
    // Target 0 (small, owner): appointment from the strategy, proposal its own. Target 1 (mid,
    // office): both from the office contact.
    assert_eq!(selling_hours(&s), [(0.5, 6.0), (2.0, 5.0)]);
    // Only what was set changed: the same file without the overrides has no part B.
    assert!(!parse(&field_base()).field.unwrap().has_part_b());
}

/// One bad value per part B key, all in one file: every problem is reported, each with its
/// line and key, exit code 2, nothing written.
#[test]
fn every_problem_of_part_b_is_reported_with_its_place() {
    let mut text = part_b_base();
    let edits: [(&str, &str, &str); 15] = [
        (
            "selling_hours_per_week",
            "selling_hours_per_week = -3",
            "selling.selling_hours_per_week",
        ),
        ("when_full", "when_full = \"sqeeze\"", "selling.when_full"),
        (
            "touch_every_weeks",
            "touch_every_weeks = 0",
            "installed_base.touch_every_weeks",
        ),
        (
            "hours_per_touch",
            "hours_per_touch = 61",
            "installed_base.hours_per_touch",
        ),
        (
            "expansion_rate",
            "expansion_rate = 1.5",
            "installed_base.expansion_rate",
        ),
        (
            "expansion_revenue",
            "expansion_revenue = -1",
            "installed_base.expansion_revenue",
        ),
        (
            "farmed_by",
            "farmed_by = \"farmers\"",
            "installed_base.farmed_by",
        ),
        (
            "attrition_per_year",
            "attrition_per_year = 1",
            "team.attrition_per_year",
        ),
        ("vacancy_weeks", "vacancy_weeks = 8.5", "team.vacancy_weeks"),
        ("ramp_weeks", "ramp_weeks = -1", "team.ramp_weeks"),
        ("ramp_start", "ramp_start = 0", "team.ramp_start"),
        (
            "skill_correlation",
            "skill_correlation = 1",
            "team.skill_correlation",
        ),
        ("customers", "customers = 2.5", "key customers"),
        ("churn_per_year", "churn_per_year = 1", "key churn_per_year"),
        (
            "hours_per_appointment = 1.5",
            "hours_per_appointment = -1",
            "key hours_per_appointment",
        ),
    ];
    let mut expected = Vec::new();
    for (prefix, line, _) in edits {
        text = edit(&text, prefix, line);
    }
    for (_, line, key) in edits {
        expected.push((line_of(&text, line), key));
    }
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join(FILE), &text).unwrap();
    for command in ["validate", "run"] {
        let args = [command, FILE];
        assert_every_problem(&args, &cli(root.path(), &args), &expected);
    }
    assert_eq!(entries(root.path()), [FILE], "nothing written");
}

#[test]
fn installed_base_names_each_missing_key() {
    let text = field_base() + "\n[installed_base]\nfarmed_by = \"reps\"\n";
    let line = line_of(&text, "[installed_base]");
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join(FILE), &text).unwrap();
    let args = ["validate", FILE];
    let expected: Vec<(usize, &str)> = [
        "installed_base.touch_every_weeks",
        "installed_base.hours_per_touch",
        "installed_base.expansion_rate",
        "installed_base.expansion_revenue",
    ]
    .into_iter()
    .map(|k| (line, k))
    .collect();
    assert_every_problem(&args, &cli(root.path(), &args), &expected);
}

/// A flat scenario with part B sections (and a flat strategy with selling hours): each is
/// refused with its place, and the message says how to write the scenario on a playing field.
#[test]
fn a_flat_scenario_with_part_b_is_shown_the_playing_field_way() {
    let sim = Sim {
        trials: 50,
        weeks: 10,
        reps: 2,
        seed: 3,
    };
    let text = scenario_text(
        "flat",
        sim,
        &[strategy("a", &[]) + "hours_per_appointment = 1\n"],
    ) + "\n[selling]\nselling_hours_per_week = 15\n\n[installed_base]\ntouch_every_weeks = 26\n\n[team]\nattrition_per_year = 0.2\n";
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join(FILE), &text).unwrap();
    let args = ["run", FILE];
    let out = cli(root.path(), &args);
    let expected = [
        (
            line_of(&text, "hours_per_appointment"),
            "key hours_per_appointment",
        ),
        (line_of(&text, "[selling]"), "section [selling]"),
        (
            line_of(&text, "[installed_base]"),
            "section [installed_base]",
        ),
        (line_of(&text, "[team]"), "section [team]"),
    ];
    assert_every_problem(&args, &out, &expected);
    let (_, stderr) = texts(&out);
    for line in stderr.lines() {
        for needle in [
            "needs a playing field",
            "accounts = \"unlimited\"",
            "[[contacts]]",
            "max_passes = 1",
            "share = 1",
        ] {
            assert!(line.contains(needle), "{needle}: {line}");
        }
    }
    assert_eq!(entries(root.path()), [FILE], "nothing written");
}
