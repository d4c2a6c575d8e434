//! Bad playing-field input, through the binary: exit code 2, a message on stderr that names the
//! file, the key and the line, no panic and nothing written; `run` and `validate` both refuse
//! each file, and a file with several problems gets all of them. (The flat cases are in
//! `bad_input.rs`; this file follows its style.)

use crate::it::common::{
    Bad, SCENARIO_FILE as FILE, Sim, assert_every_problem, cli, edit, entries, judge, line_of,
    scenario_text, strategy, texts,
};

/// A valid playing-field scenario: two segments (one finite, one unlimited), two contacts (the
/// owner with a connect rate of its own), a strategy "a" with every funnel input and two
/// targets, one of them setting its own connect rate. Each key stands on its own line, so that
/// a test can edit one line.
pub(crate) fn field_base() -> String {
    "name = \"field\"

[simulation]
trials = 50
weeks = 10
reps = 2
seed = 3

[playing_field]
rest_weeks = 8
max_passes = 2
retouch_yield = 0.5
data_decay_per_year = 0.1
allocation = \"shares\"

[[segments]]
name = \"small\"
industry = \"law\"
size = \"5-49 employees\"
accounts = 1000
new_accounts_per_year = 52
revenue_factor = 0.5
cycle_factor = 2

[[segments]]
name = \"mid\"
accounts = \"unlimited\"

[[contacts]]
name = \"owner\"
level = \"budget holder\"
connect_rate = 0.05

[[contacts]]
name = \"office\"

[[strategies]]
name = \"a\"
prospecting_hours_per_week = 20
research_hours_per_account = 0.5
dials_per_account = 3
dials_per_hour = 12
connect_rate = 0.1
conversation_to_appointment = 0.1
appointment_to_proposal = 0.3
proposal_to_close = 0.2
sales_cycle_weeks = 3
revenue_per_sale = 5000
targets = [
  { segment = \"small\", contact = \"owner\", share = 0.6 },
  { segment = \"mid\", contact = \"office\", share = 0.4, connect_rate = 0.2 },
]
"
    .to_string()
}

/// The base with the line starting `prefix` replaced by `line`; the message must say `says`
/// and point at the line holding `at` (after the edit).
fn bad(prefix: &str, line: &str, says: Vec<&'static str>, at: Option<&str>) -> Bad {
    let text = edit(&field_base(), prefix, line);
    Bad {
        label: format!("{prefix} -> {line}"),
        line: at.map(|n| line_of(&text, n)),
        text,
        says,
    }
}

/// The base with its first target's line replaced by `line`, pointed at.
fn bad_target(line: &str, says: Vec<&'static str>) -> Bad {
    bad("  { segment = \"small\"", line, says, Some(line))
}

fn cases() -> Vec<Bad> {
    let flat = scenario_text(
        "flat",
        Sim {
            trials: 50,
            weeks: 10,
            reps: 2,
            seed: 3,
        },
        &[strategy("a", &[])],
    );
    vec![
        // Targets that name what is not there, or twice.
        bad_target(
            "  { segment = \"smal\", contact = \"owner\", share = 0.6 },",
            vec![
                "target 0 (smal, owner), key segment",
                "no segment named \"smal\"",
                "did you mean `small`?",
            ],
        ),
        bad_target(
            "  { segment = \"small\", contact = \"ownr\", share = 0.6 },",
            vec![
                "key contact",
                "no contact named \"ownr\"",
                "did you mean `owner`?",
            ],
        ),
        bad(
            "  { segment = \"mid\"",
            "  { segment = \"small\", contact = \"owner\", share = 0.4 },",
            vec![
                "strategy \"a\", target 1 (small, owner)",
                "already target 0",
            ],
            Some("  { segment = \"small\", contact = \"owner\", share = 0.4 },"),
        ),
        // Shares.
        // The sum is the list's problem: it points at `targets`.
        bad(
            "  { segment = \"small\"",
            "  { segment = \"small\", contact = \"owner\", share = 0.5 },",
            vec!["strategy \"a\", key targets, shares", "sum to 0.9, not 1"],
            Some("targets = ["),
        ),
        bad_target(
            "  { segment = \"small\", contact = \"owner\", share = 1.5 },",
            vec!["key share", "above 0 and at most 1"],
        ),
        bad_target(
            "  { segment = \"small\", contact = \"owner\" },",
            vec!["key share", "missing", "allocation = \"priority\""],
        ),
        bad(
            "  { segment = \"mid\"",
            "  { segment = \"mid\", contact = \"office\", share = 0.4 }, { segment = \"small\", \
             contact = \"office\", share = \"rest\" }, { segment = \"mid\", contact = \"owner\", \
             share = \"rest\" },",
            vec!["shares", "only one share can be \"rest\""],
            Some("targets = ["),
        ),
        // A funnel input no level gives: named with the three places it could be set.
        bad(
            "dials_per_hour = ",
            "",
            vec![
                "target 0 (small, owner), key dials_per_hour",
                "missing",
                "on this target",
                "contact \"owner\"",
                "strategy \"a\"",
            ],
            Some("  { segment = \"small\""),
        ),
        bad(
            "prospecting_hours_per_week = ",
            "",
            vec!["strategy \"a\", key prospecting_hours_per_week", "missing"],
            None,
        ),
        bad(
            "targets = [",
            "mix = { \"a\" = 1 }\ntargets = [",
            vec![
                "strategy \"a\", key mix",
                "refused in a playing-field scenario",
            ],
            Some("mix = "),
        ),
        bad(
            "connect_rate = 0.05",
            "connect_rate = 1.5",
            vec!["contact \"owner\", key connect_rate", "rate in [0, 1]"],
            Some("connect_rate = 1.5"),
        ),
        bad_target(
            "  { segment = \"small\", contact = \"owner\", share = 0.6, conect_rate = 0.1 },",
            vec!["conect_rate", "did you mean `connect_rate`?"],
        ),
        // Names and labels.
        bad(
            "name = \"office\"",
            "name = \"front office\"",
            vec![
                "contact \"front office\", key name",
                "not a valid contact name",
            ],
            Some("front office"),
        ),
        {
            // The message points at the second segment's name: the line before its accounts.
            let text = edit(&field_base(), "name = \"mid\"", "name = \"small\"");
            Bad {
                label: "duplicate segment names".to_string(),
                line: Some(line_of(&text, "accounts = \"unlimited\"") - 1),
                text,
                says: vec!["segment \"small\"", "duplicate segment name"],
            }
        },
        bad(
            "industry = ",
            "industry = \"\"",
            vec!["segment \"small\", key industry", "1 to 200 characters"],
            Some("industry = \"\""),
        ),
        bad(
            "level = ",
            "level = 3",
            vec!["contact \"owner\", key level", "must be a string"],
            Some("level = 3"),
        ),
        bad(
            "industry = ",
            "industy = \"law\"",
            vec!["segment \"small\", key industy", "did you mean `industry`?"],
            Some("industy"),
        ),
        // Segments' values.
        bad(
            "accounts = 1000",
            "accounts = 1000.5",
            vec!["segment \"small\", key accounts", "1000.5 is not whole"],
            Some("accounts = 1000.5"),
        ),
        bad(
            "accounts = 1000",
            "accounts = -5",
            vec!["key accounts", "whole number of accounts from 0"],
            Some("accounts = -5"),
        ),
        bad(
            "accounts = 1000",
            "accounts = 2000000000",
            vec!["key accounts", "to 1,000,000,000"],
            Some("accounts = 2000000000"),
        ),
        bad(
            "accounts = 1000",
            "accounts = \"lots\"",
            vec!["key accounts", "\"unlimited\""],
            Some("accounts = \"lots\""),
        ),
        bad(
            "accounts = 1000",
            "",
            vec!["segment \"small\", key accounts", "missing"],
            None,
        ),
        bad(
            "new_accounts_per_year = ",
            "new_accounts_per_year = -1",
            vec!["key new_accounts_per_year", "from 0"],
            Some("new_accounts_per_year = -1"),
        ),
        bad(
            "revenue_factor = ",
            "revenue_factor = 0",
            vec!["key revenue_factor", "above 0"],
            Some("revenue_factor = 0"),
        ),
        bad(
            "cycle_factor = ",
            "cycle_factor = -2",
            vec!["key cycle_factor", "above 0"],
            Some("cycle_factor = -2"),
        ),
        // [playing_field].
        bad(
            "rest_weeks = ",
            "rest_weeks = 0",
            vec!["key playing_field.rest_weeks", "from 1"],
            Some("rest_weeks = 0"),
        ),
        bad(
            "max_passes = ",
            "max_passes = 0",
            vec!["key playing_field.max_passes", "from 1"],
            Some("max_passes = 0"),
        ),
        bad(
            "max_passes = ",
            "max_passes = 2.5",
            vec!["key playing_field.max_passes", "whole number"],
            Some("max_passes = 2.5"),
        ),
        bad(
            "retouch_yield = ",
            "retouch_yield = 0",
            vec!["key playing_field.retouch_yield", "above 0 and at most 1"],
            Some("retouch_yield = 0"),
        ),
        bad(
            "retouch_yield = ",
            "retouch_yield = 1.5",
            vec!["key playing_field.retouch_yield", "above 0 and at most 1"],
            Some("retouch_yield = 1.5"),
        ),
        bad(
            "data_decay_per_year = ",
            "data_decay_per_year = 1",
            vec!["key playing_field.data_decay_per_year", "not including 1"],
            Some("data_decay_per_year = 1"),
        ),
        bad(
            "data_decay_per_year = ",
            "data_decay_per_year = \"-10%\"",
            vec!["key playing_field.data_decay_per_year", "from 0"],
            Some("data_decay_per_year = "),
        ),
        bad(
            "allocation = ",
            "allocation = \"random\"",
            vec!["key playing_field.allocation", "\"shares\"", "\"priority\""],
            Some("allocation = "),
        ),
        bad(
            "rest_weeks = ",
            "rest_week = 8",
            vec!["rest_week", "did you mean `rest_weeks`?"],
            Some("rest_week = 8"),
        ),
        // Sections that need others.
        Bad {
            label: "[[contacts]] in a flat scenario".to_string(),
            text: format!("{flat}\n[[contacts]]\nname = \"owner\"\n"),
            says: vec!["section [[contacts]]", "needs [[segments]]"],
            line: Some(line_of(
                &format!("{flat}\n[[contacts]]\nname = \"owner\"\n"),
                "[[contacts]]",
            )),
        },
        Bad {
            label: "[playing_field] in a flat scenario".to_string(),
            text: format!("{flat}\n[playing_field]\nrest_weeks = 8\n"),
            says: vec!["section [playing_field]", "needs [[segments]]"],
            line: Some(line_of(
                &format!("{flat}\n[playing_field]\nrest_weeks = 8\n"),
                "[playing_field]",
            )),
        },
        Bad {
            label: "targets in a flat scenario".to_string(),
            text: format!("{flat}targets = [{{ segment = \"s\", contact = \"c\", share = 1 }}]\n"),
            says: vec!["strategy \"a\", key targets", "need a playing field"],
            line: Some(line_of(
                &format!("{flat}targets = [{{ segment = \"s\", contact = \"c\", share = 1 }}]\n"),
                "targets = ",
            )),
        },
        {
            let text = field_base();
            let at = text.find("[[contacts]]").unwrap();
            let strategies = text.find("[[strategies]]").unwrap();
            let text = format!("{}{}", &text[..at], &text[strategies..]);
            Bad {
                label: "segments without contacts".to_string(),
                line: Some(line_of(&text, "[[segments]]")),
                text,
                says: vec!["section [[contacts]]", "missing"],
            }
        },
        bad(
            "targets = [",
            "tergets = [",
            vec!["strategy \"a\", key targets", "missing"],
            None,
        ),
    ]
}

#[test]
fn the_base_playing_field_scenario_is_valid() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join(FILE), field_base()).unwrap();
    let out = cli(root.path(), &["validate", FILE]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("\"field\""), "{stdout}");
}

#[test]
fn every_bad_playing_field_input_is_refused_with_its_place() {
    let mut failures = Vec::new();
    for case in cases() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join(FILE), &case.text).unwrap();
        let mut problems = Vec::new();
        for args in [&["run", FILE, "--quiet"][..], &["validate", FILE]] {
            let out = cli(root.path(), args);
            problems.extend(
                judge(&out, &case)
                    .into_iter()
                    .map(|p| format!("{}: {p}", args[0])),
            );
        }
        if entries(root.path()) != [FILE] {
            problems.push(format!("written: {:?}", entries(root.path())));
        }
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
fn every_problem_of_a_playing_field_file_is_reported() {
    let mut text = field_base();
    text = edit(&text, "rest_weeks = ", "rest_weeks = 0");
    text = edit(&text, "accounts = 1000", "accounts = 10.5");
    text = edit(
        &text,
        "  { segment = \"mid\"",
        "  { segment = \"mid\", contact = \"ofice\", share = 0.3 },",
    );
    // The shares are checked too, though a target is refused.
    let expected = [
        (line_of(&text, "rest_weeks = 0"), "rest_weeks"),
        (line_of(&text, "accounts = 10.5"), "accounts"),
        (line_of(&text, "targets = ["), "sum to 0.9"),
        (line_of(&text, "ofice"), "did you mean `office`?"),
    ];
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join(FILE), &text).unwrap();
    let args = ["validate", FILE];
    assert_every_problem(&args, &cli(root.path(), &args), &expected);
}
