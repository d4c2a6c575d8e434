//! `prospect-sim calibrate` from end to end: the example exports in, a scenario `validate`
//! accepts and the report out; bad input refused with exit code 2 and nothing written.

use std::path::{Path, PathBuf};

use super::common::{cli, entries, texts};

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/crm")
        .join(name)
        .display()
        .to_string()
}

/// A temporary folder holding `files` (name, text).
fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

#[test]
fn each_crm_shaped_example_calibrates_to_a_valid_scenario() {
    for (file, shape) in [
        ("salesforce-opportunities.csv", "Salesforce export"),
        ("hubspot-deals.csv", "HubSpot export"),
        ("pipedrive-deals.csv", "Pipedrive export"),
        ("salesforce-messy-opportunities.csv", "Salesforce export"),
    ] {
        let (_keep, dir) = folder(&[]);
        let out = cli(&dir, &["calibrate", "--opportunities", &example(file)]);
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(0), "{file}: {stderr}");
        assert!(
            stdout.contains(&format!("opportunities, {shape}")),
            "{stdout}"
        );
        assert!(
            stdout.contains("Wrote the scenario to calibrated.toml"),
            "{stdout}"
        );
        assert_eq!(entries(&dir), ["calibrated.toml", "output"]);
        let report = entries(&dir.join("output/calibration"));
        assert!(
            report.contains(&"calibration.html".to_string()),
            "{report:?}"
        );
        let check = cli(&dir, &["validate", "calibrated.toml"]);
        assert_eq!(check.status.code(), Some(0), "{file}: {}", texts(&check).1);
        // Reps are named only with --show-names.
        assert!(
            !stdout.contains("Avery Brooks") && stdout.contains("Rep 1"),
            "{file}"
        );
    }
    // With accounts and activities: a playing field, and names when asked.
    let (_keep, dir) = folder(&[]);
    let out = cli(
        &dir,
        &[
            "calibrate",
            "--opportunities",
            &example("salesforce-opportunities.csv"),
            "--accounts",
            &example("salesforce-accounts.csv"),
            "--activities",
            &example("salesforce-activities.csv"),
            "--out",
            "team.toml",
            "--report-dir",
            "fit",
            "--show-names",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("accounts, Salesforce export"), "{stdout}");
    assert!(stdout.contains("activities, Salesforce export"), "{stdout}");
    assert!(stdout.contains("Avery Brooks"), "{stdout}");
    let scenario = std::fs::read_to_string(dir.join("team.toml")).unwrap();
    assert!(scenario.contains("[playing_field]") || scenario.contains("[[segments]]"));
    assert!(!scenario.contains("Avery Brooks"));
    assert!(dir.join("fit/calibration.html").is_file());
}

/// Runs `calibrate` in `dir` and checks it is refused as bad input with nothing written;
/// returns standard error.
fn refused(dir: &Path, args: &[&str]) -> String {
    let before = entries(dir);
    let out = cli(dir, args);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(entries(dir), before, "{args:?}: something was written");
    stderr
}

#[test]
fn bad_exports_are_refused_with_exit_code_2_and_nothing_written() {
    let ambiguous = "owner,stage,created,closed\nAnn,won,03/04/2024,05/06/2024\n";
    let unknown = "Rep,Phase,Opened\nAnn,won,2024-01-01\n";
    let open_only = "owner,stage,created,closed\nAnn,Proposal,2024-01-01,\n";
    let (_keep, dir) = folder(&[
        ("ambiguous.csv", ambiguous),
        ("unknown.csv", unknown),
        ("open.csv", open_only),
    ]);
    let e = refused(&dir, &["calibrate", "--opportunities", "ambiguous.csv"]);
    assert!(
        e.contains("error: ambiguous.csv:2: column \"created\"") && e.contains("--date-order"),
        "{e}"
    );
    let e = refused(&dir, &["calibrate", "--opportunities", "unknown.csv"]);
    assert!(
        e.contains("unknown.csv: not recognised as an opportunities export")
            && e.contains("\"Rep\", \"Phase\", \"Opened\""),
        "{e}"
    );
    let e = refused(&dir, &["calibrate", "--opportunities", "open.csv"]);
    assert!(
        e.contains("no won or lost deal could be used in open.csv"),
        "{e}"
    );
    let e = refused(&dir, &["calibrate", "--opportunities", "missing.csv"]);
    assert!(e.contains("missing.csv: cannot be read"), "{e}");
    let e = refused(
        &dir,
        &[
            "calibrate",
            "--opportunities",
            "unknown.csv",
            "--map",
            "stage",
        ],
    );
    assert!(e.contains("FIELD=COLUMN"), "{e}");
    let e = refused(
        &dir,
        &[
            "calibrate",
            "--opportunities",
            "ambiguous.csv",
            "--accounts",
            "unknown.csv",
        ],
    );
    assert!(e.contains("ambiguous.csv:2"), "{e}");
    let e = refused(
        &dir,
        &[
            "calibrate",
            "--opportunities",
            "ambiguous.csv",
            "--out",
            "no-such-folder/x.toml",
        ],
    );
    assert!(e.contains("no-such-folder does not exist"), "{e}");
    // Settled by the flag, the same file calibrates.
    let out = cli(
        &dir,
        &[
            "calibrate",
            "--opportunities",
            "ambiguous.csv",
            "--date-order",
            "d/m/y",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", texts(&out).1);
    assert!(texts(&out).0.contains("\"created\" d/m/y"));
}

#[test]
fn empty_header_only_foreign_bytes_and_unknown_fields_are_refused_by_name() {
    let (_keep, dir) = folder(&[
        ("empty.csv", ""),
        ("header.csv", "owner,stage,created,closed\n"),
        (
            "deals.csv",
            "owner,stage,created,closed\nAnn,won,2024-01-01,2024-02-01\n",
        ),
    ]);
    // "Café" in Latin-1: the 0xE9 byte is no UTF-8, on line 3.
    let mut latin1 = b"owner,stage,created,closed\nAnn,won,2024-01-01,2024-02-01\nCaf".to_vec();
    latin1.extend_from_slice(b"\xe9,won,2024-01-01,2024-02-01\n");
    std::fs::write(dir.join("latin1.csv"), latin1).unwrap();

    let e = refused(&dir, &["calibrate", "--opportunities", "empty.csv"]);
    assert!(
        e.contains("empty.csv: is empty") && e.contains("header line"),
        "{e}"
    );
    let e = refused(&dir, &["calibrate", "--opportunities", "header.csv"]);
    assert!(
        e.contains("no won or lost deal could be used in header.csv"),
        "{e}"
    );
    let e = refused(&dir, &["calibrate", "--opportunities", "latin1.csv"]);
    assert!(
        e.contains("latin1.csv:3: is not UTF-8") && e.contains("CSV UTF-8"),
        "{e}"
    );
    let e = refused(
        &dir,
        &[
            "calibrate",
            "--opportunities",
            "deals.csv",
            "--map",
            "amont=Amount",
        ],
    );
    assert!(
        e.contains("\"amont\" in \"amont=Amount\" is no field") && e.contains("amount"),
        "{e}"
    );
    let e = refused(
        &dir,
        &[
            "calibrate",
            "--opportunities",
            "deals.csv",
            "--out",
            "nowhere/s.toml",
        ],
    );
    assert!(e.contains("the folder nowhere does not exist"), "{e}");
}

#[test]
fn amounts_too_spread_to_simulate_are_bad_input_naming_the_file() {
    // Half the won amounts are 1 and half a billion: the log-amounts' sd (divided by n) is
    // ln(1e9) / 2 = 10.4, above the 4.75 a scenario's lognormal may have. The export is at
    // fault (cents among dollars, say), not the program: exit 2, nothing written.
    let mut text = String::from("owner,stage,amount,created,closed\n");
    for i in 0..6 {
        let amount = if i % 2 == 0 { "1" } else { "1000000000" };
        text.push_str(&format!(
            "Ann,Closed Won,{amount},2024-01-01,2024-02-0{}\n",
            i + 1
        ));
        text.push_str("Ann,Closed Lost,,2024-01-01,2024-03-01\n");
    }
    let (_keep, dir) = folder(&[("wide.csv", &text)]);
    let e = refused(&dir, &["calibrate", "--opportunities", "wide.csv"]);
    assert!(
        e.contains("wide.csv: the won amounts run from 1 to 1,000,000,000")
            && e.contains("in cents")
            && !e.contains("a bug"),
        "{e}"
    );
}

#[test]
fn an_existing_scenario_is_kept_unless_forced() {
    let (_keep, dir) = folder(&[("calibrated.toml", "mine")]);
    let opportunities = example("hubspot-deals.csv");
    let e = refused(&dir, &["calibrate", "--opportunities", &opportunities]);
    assert!(
        e.contains("calibrated.toml already exists; pass --force"),
        "{e}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("calibrated.toml")).unwrap(),
        "mine"
    );
    let out = cli(
        &dir,
        &["calibrate", "--opportunities", &opportunities, "--force"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", texts(&out).1);
    assert_ne!(
        std::fs::read_to_string(dir.join("calibrated.toml")).unwrap(),
        "mine"
    );
}

#[test]
fn map_names_columns_the_reader_does_not_know() {
    let text = "Rep,Phase,Size,Opened,Finished\n\
                Ann,Won,100,2024-01-01,2024-02-11\n\
                Ann,Lost,100,2024-01-01,2024-02-01\n\
                Bob,Won,150,2024-01-05,2024-03-01\n";
    let (_keep, dir) = folder(&[("deals.csv", text)]);
    let out = cli(
        &dir,
        &[
            "calibrate",
            "--opportunities",
            "deals.csv",
            "--map",
            "stage=Phase",
            "--map",
            "amount=size",
            "--map",
            "created=Opened",
            "--map",
            "closed=Finished",
        ],
    );
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains(
            "columns: owner \"Rep\", stage \"Phase\", amount \"Size\", created \"Opened\", \
             closed \"Finished\""
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 won, 1 lost, 0 open, owned by 2 reps"),
        "{stdout}"
    );
}
