//! Every kind of bad input, through the binary: exit code 2, a message on stderr that names the
//! file, the key and (where the parser knows it) the line, no panic, and nothing written. `run`
//! and `validate` both refuse each file, and a file with several problems gets all of them.

use std::path::Path;

use crate::it::common::{
    Bad, SCENARIO_FILE as FILE, Sim, assert_every_problem, cli, edit, entries, judge, line_of,
    scenario_text, strategy, texts,
};

fn sim() -> Sim {
    Sim {
        trials: 50,
        weeks: 10,
        reps: 2,
        seed: 3,
    }
}

/// A valid scenario with two strategies, "a" and "b", each with the base inputs.
fn base() -> String {
    scenario_text("bad", sim(), &[strategy("a", &[]), strategy("b", &[])])
}

/// The base scenario with the first strategy's `key` set to `value`; the message must name the
/// key and point at that line.
fn bad_value(key: &'static str, value: &str) -> Bad {
    let line = format!("{key} = {value}");
    let text = edit(&base(), &format!("{key} = "), &line);
    Bad {
        label: line.clone(),
        line: Some(line_of(&text, &line)),
        text,
        says: vec![key, "strategy \"a\""],
    }
}

/// A whole bad file.
fn bad_text(label: &str, text: String, says: Vec<&'static str>, needle: Option<&str>) -> Bad {
    Bad {
        label: label.to_string(),
        line: needle.map(|n| line_of(&text, n)),
        text,
        says,
    }
}

fn cases() -> Vec<Bad> {
    let mut v = vec![
        // Not TOML at all, and TOML broken on line 4.
        bad_text(
            "prose",
            "this is not a scenario\n".to_string(),
            vec![],
            Some("this is"),
        ),
        bad_text(
            "not TOML",
            edit(&base(), "[simulation]", "[simulation"),
            vec![],
            Some("[simulation"),
        ),
        // A typo in a key: the message suggests the real key.
        bad_text(
            "unknown key conection_rate",
            edit(&base(), "connect_rate = ", "conection_rate = 0.1"),
            vec!["conection_rate", "connect_rate"],
            Some("conection_rate"),
        ),
        bad_text(
            "unknown section [simulaton]",
            edit(&base(), "[simulation]", "[simulaton]"),
            vec!["simulaton"],
            Some("[simulaton]"),
        ),
        bad_text(
            "missing key dials_per_hour",
            edit(&base(), "dials_per_hour = ", ""),
            vec!["dials_per_hour", "strategy \"a\"", "missing"],
            None,
        ),
        bad_text(
            "missing key name",
            edit(&base(), "name = \"bad\"", ""),
            vec!["name", "missing"],
            None,
        ),
        bad_text(
            "missing simulation.seed",
            edit(&base(), "seed = ", ""),
            vec!["seed", "missing"],
            None,
        ),
        // Values out of range.
        bad_value("connect_rate", "1.5"),
        bad_value("proposal_to_close", "-0.1"),
        bad_value("revenue_per_sale", "-5"),
        bad_value("research_hours_per_account", "-0.5"),
        bad_value("dials_per_hour", "0"),
        bad_value("connect_rate", "true"),
        // NaN and infinities, as numbers, in a table and in an interval.
        bad_value("dials_per_hour", "nan"),
        bad_value("sales_cycle_weeks", "inf"),
        bad_value("prospecting_hours_per_week", "-inf"),
        bad_value(
            "prospecting_hours_per_week",
            "{ dist = \"normal\", mean = nan, sd = 3 }",
        ),
        bad_value("revenue_per_sale", "\"3000 to inf\""),
        // sd <= 0.
        bad_value(
            "prospecting_hours_per_week",
            "{ dist = \"normal\", mean = 22, sd = 0 }",
        ),
        bad_value(
            "connect_rate",
            "{ dist = \"beta\", mean = 0.1, sd = -0.03 }",
        ),
        bad_value("dials_per_hour", "{ dist = \"gamma\", mean = 10, sd = 0 }"),
        bad_value(
            "revenue_per_sale",
            "{ dist = \"lognormal\", mean = 5000, sd = 0 }",
        ),
        // Mean and sd that no beta has: k = m (1 - m) / sd^2 - 1 <= 0.
        bad_value(
            "appointment_to_proposal",
            "{ dist = \"beta\", mean = 0.5, sd = 0.6 }",
        ),
        bad_value(
            "conversation_to_appointment",
            "{ dist = \"beta\", mean = 0.1, sd = 0.3 }",
        ),
        bad_value(
            "proposal_to_close",
            "{ dist = \"beta\", alpha = 0, beta = 2 }",
        ),
        // p5 >= p95.
        bad_value("connect_rate", "\"14% to 4%\""),
        bad_value("connect_rate", "{ p5 = 0.2, p95 = 0.2 }"),
        bad_value("sales_cycle_weeks", "\"20 to 10\""),
        bad_value(
            "revenue_per_sale",
            "{ dist = \"lognormal\", median = 6000, p95 = 5000 }",
        ),
        // Intervals no beta fits: no beta puts 5% of its mass below 0, or 5% above 1.
        bad_value("connect_rate", "\"0% to 10%\""),
        bad_value("conversation_to_appointment", "\"50% to 100%\""),
        bad_value("connect_rate", "\"about 10%\""),
        // min > max, and bounds docs/model.md refuses.
        bad_value(
            "prospecting_hours_per_week",
            "{ dist = \"normal\", mean = 22, sd = 3, min = 30, max = 10 }",
        ),
        bad_value(
            "research_hours_per_account",
            "{ dist = \"uniform\", min = 10, max = 5 }",
        ),
        bad_value(
            "dials_per_account",
            "{ dist = \"triangular\", min = 1, mode = 6, max = 5 }",
        ),
        bad_value(
            "sales_cycle_weeks",
            "{ dist = \"pert\", min = 5, mode = 5, max = 5 }",
        ),
        bad_value(
            "sales_cycle_weeks",
            "{ dist = \"normal\", mean = 5, sd = 2, min = -1 }",
        ),
        // An unknown field or dist inside a spec table.
        bad_value(
            "proposal_to_close",
            "{ dist = \"beta\", mean = 0.2, sdev = 0.06 }",
        ),
        bad_value(
            "sales_cycle_weeks",
            "{ dist = \"weibull\", mean = 5, sd = 2 }",
        ),
        // Rates whose draws could leave [0, 1].
        bad_value(
            "connect_rate",
            "{ dist = \"lognormal\", median = 0.1, p95 = 0.2 }",
        ),
        bad_value(
            "connect_rate",
            "{ dist = \"gamma\", mean = 0.1, sd = 0.03 }",
        ),
        bad_value(
            "proposal_to_close",
            "{ dist = \"normal\", mean = 0.2, sd = 0.05 }",
        ),
        bad_value(
            "proposal_to_close",
            "{ dist = \"normal\", mean = 0.2, sd = 0.05, max = 1.5 }",
        ),
        bad_value(
            "appointment_to_proposal",
            "{ dist = \"uniform\", min = 0.5, max = 1.5 }",
        ),
        // Simulation sizes.
        bad_text(
            "trials = 0",
            edit(&base(), "trials = ", "trials = 0"),
            vec!["trials"],
            Some("trials = 0"),
        ),
        bad_text(
            "weeks = 0",
            edit(&base(), "weeks = ", "weeks = 0"),
            vec!["weeks"],
            Some("weeks = 0"),
        ),
        bad_text(
            "reps = 0",
            edit(&base(), "reps = ", "reps = 0"),
            vec!["reps"],
            Some("reps = 0"),
        ),
        bad_text(
            "trials = 2.5",
            edit(&base(), "trials = ", "trials = 2.5"),
            vec!["trials"],
            Some("trials = 2.5"),
        ),
        bad_text(
            "seed = -1",
            edit(&base(), "seed = ", "seed = -1"),
            vec!["seed"],
            Some("seed = -1"),
        ),
        // Strategies.
        bad_text(
            "no strategies",
            scenario_text("bad", sim(), &[]),
            vec!["strategies"],
            None,
        ),
        bad_text(
            "strategies = []",
            format!("strategies = []\n{}", scenario_text("bad", sim(), &[])),
            vec!["strategies"],
            Some("strategies = []"),
        ),
        bad_text(
            "a key of the second strategy",
            {
                let t = base();
                let at = t.find("name = \"b\"").unwrap();
                format!(
                    "{}{}",
                    &t[..at],
                    edit(&t[at..], "connect_rate = ", "connect_rate = 2")
                )
            },
            vec!["strategy \"b\"", "connect_rate"],
            Some("connect_rate = 2"),
        ),
        // Names.
        bad_text(
            "name = \"../escape\"",
            edit(&base(), "name = \"bad\"", "name = \"../escape\""),
            vec!["name", "../escape"],
            Some("../escape"),
        ),
        bad_text(
            "name = \"a b\"",
            edit(&base(), "name = \"bad\"", "name = \"a b\""),
            vec!["name", "a b"],
            Some("a b"),
        ),
        bad_text(
            "name = \"\"",
            edit(&base(), "name = \"bad\"", "name = \"\""),
            vec!["name"],
            Some("name = \"\""),
        ),
        bad_text(
            "description = 5",
            edit(&base(), "name = \"bad\"", "name = \"bad\"\ndescription = 5"),
            vec!["description"],
            Some("description = 5"),
        ),
        // c = research + dials / speed is 0: an account would take no time.
        bad_text(
            "no research and no dials",
            edit(
                &edit(
                    &base(),
                    "research_hours_per_account = ",
                    "research_hours_per_account = 0",
                ),
                "dials_per_account = ",
                "dials_per_account = 0",
            ),
            vec!["strategy \"a\"", "dials_per_account"],
            Some("dials_per_account = 0"),
        ),
    ];
    // Duplicate strategy names: the message points at the second one.
    let text = scenario_text("bad", sim(), &[strategy("a", &[]), strategy("a", &[])]);
    let second = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "name = \"a\"")
        .map(|(i, _)| i + 1)
        .last()
        .unwrap();
    v.push(Bad {
        label: "duplicate strategy names".to_string(),
        text,
        says: vec!["strategy \"a\"", "duplicate"],
        line: Some(second),
    });
    v
}

/// The only entries of `dir` and its parent are the scenario file and the work folder.
fn nothing_written(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if entries(root) != ["work"] {
        problems.push(format!(
            "written beside the work folder: {:?}",
            entries(root)
        ));
    }
    if entries(&root.join("work")) != [FILE] {
        problems.push(format!(
            "written in the work folder: {:?}",
            entries(&root.join("work"))
        ));
    }
    problems
}

#[test]
fn every_bad_input_is_refused_with_its_place() {
    let mut failures = Vec::new();
    for case in cases() {
        let root = tempfile::tempdir().unwrap();
        let work = root.path().join("work");
        std::fs::create_dir(&work).unwrap();
        std::fs::write(work.join(FILE), &case.text).unwrap();
        // --trials replaces the file's value before validation, as --set does, so the cases
        // about trials run without it (they are refused before anything runs either way).
        let run = if case.label.starts_with("trials") {
            cli(&work, &["run", FILE, "--quiet"])
        } else {
            cli(&work, &["run", FILE, "--quiet", "--trials", "10"])
        };
        let mut problems = judge(&run, &case);
        problems.extend(nothing_written(root.path()));
        let validate = cli(&work, &["validate", FILE]);
        problems.extend(
            judge(&validate, &case)
                .into_iter()
                .map(|p| format!("validate: {p}")),
        );
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.label, problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} bad inputs mishandled:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_missing_file_is_refused() {
    let root = tempfile::tempdir().unwrap();
    for args in [
        &["run", "missing.toml", "--quiet"][..],
        &["validate", "missing.toml"],
    ] {
        let out = cli(root.path(), args);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains("missing.toml"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert_eq!(
        std::fs::read_dir(root.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let mut text = base();
    text = edit(&text, "trials = ", "trials = 0");
    text = edit(&text, "connect_rate = ", "connect_rate = 1.5");
    text = edit(
        &text,
        "proposal_to_close = ",
        "proposal_to_close = { dist = \"beta\", mean = 0.2, sdev = 0.06 }",
    );
    let at = text.find("name = \"b\"").unwrap();
    text = format!(
        "{}{}",
        &text[..at],
        edit(&text[at..], "revenue_per_sale = ", "revenue_per_sale = -5")
    );
    let expected = [
        (line_of(&text, "trials = 0"), "trials"),
        (line_of(&text, "connect_rate = 1.5"), "connect_rate"),
        (line_of(&text, "sdev"), "proposal_to_close"),
        (line_of(&text, "revenue_per_sale = -5"), "revenue_per_sale"),
    ];
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join(FILE), &text).unwrap();
    for args in [&["run", FILE, "--quiet"][..], &["validate", FILE]] {
        assert_every_problem(args, &cli(root.path(), args), &expected);
    }
    assert!(!root.path().join("output").exists());
}

#[test]
fn bad_arguments_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let text = base();
    std::fs::write(root.path().join(FILE), &text).unwrap();
    std::fs::write(root.path().join("a-file"), "x").unwrap();
    for args in [
        &["run", FILE, "--trials", "0"][..],
        &["run", FILE, "--threads", "0"],
        &["run", FILE, "--seed", "-3"],
        &["run", FILE, "--no-such-flag"],
        &["run", FILE, "--quiet", "--out", "a-file"],
        &["frobnicate"],
    ] {
        let out = cli(root.path(), args);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(!root.path().join("output").exists());
    assert_eq!(std::fs::read(root.path().join("a-file")).unwrap(), b"x");
}

#[test]
fn trials_and_seed_flags_are_checked_like_the_file_and_named_in_messages() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join(FILE), base()).unwrap();
    for (args, says) in [
        (&["run", FILE, "--trials", "0"][..], "--trials 0"),
        (
            &["run", FILE, "--trials", "100000001"],
            "--trials 100000001",
        ),
        (
            &[
                "sweep",
                FILE,
                "--vary",
                "simulation.reps=2,3",
                "--trials",
                "0",
            ],
            "--trials 0",
        ),
    ] {
        let out = cli(root.path(), args);
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(says) && stderr.contains("simulation.trials"),
            "{args:?} should name {says} and the key: {stderr}"
        );
        assert!(
            stderr.contains("from 2 to 100000000"),
            "{args:?} says what is valid: {stderr}"
        );
    }
    // A key both varied and set on the command line is refused, naming both.
    let out = cli(
        root.path(),
        &[
            "sweep",
            FILE,
            "--vary",
            "simulation.seed=1,2",
            "--seed",
            "7",
        ],
    );
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--vary simulation.seed") && stderr.contains("--seed 7"),
        "{stderr}"
    );
    assert!(!root.path().join("output").exists());
}
