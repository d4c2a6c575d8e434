//! `sweep`, `sensitivity` and `goal` from end to end: the documented files, and their help.

use super::sweep::sweep_scenario;
use super::*;

#[test]
fn sweep_sensitivity_and_goal_write_their_documented_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(FILE), sweep_scenario()).unwrap();
    let quiet = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--trials", "200", "--quiet"]);
        let out = cli(d, &all);
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{all:?}: {stderr}");
        assert!(
            stdout.is_empty() && stderr.is_empty(),
            "--quiet: {stdout}{stderr}"
        );
    };

    // A grid: 2 x 3 points, the last axis fastest, 3 strategies each.
    let research = "strategies.top-down.research_hours_per_account";
    let vary1 = format!("{research}=0.5,1");
    quiet(&[
        "sweep",
        FILE,
        "--vary",
        &vary1,
        "--vary",
        "simulation.reps=2..4:3",
        "--out",
        "sw",
    ]);
    let (header, rows) = read_csv(&d.join("sw/sweep.csv"));
    let mut expected = vec![research.to_string(), "simulation.reps".to_string()];
    expected.extend(SWEEP_COLUMNS.map(str::to_string));
    assert_eq!(header, expected);
    assert_eq!(rows.len(), 2 * 3 * 3);
    for (i, row) in rows.iter().enumerate() {
        let point = i / 3;
        let want = [["0.5", "1"][point / 3], ["2", "3", "4"][point % 3]];
        assert_eq!([row[0].as_str(), row[1].as_str()], want, "row {i}");
        assert_eq!(row[2], ["bottom-up", "top-down", "mixed"][i % 3]);
        for (c, field) in row.iter().enumerate().skip(3) {
            if c == header.len() - 1 && i % 3 == 0 {
                assert_eq!(field, "", "the baseline has no p_beats_baseline");
            } else {
                let v = number(field, &format!("row {i} {}", header[c]));
                assert!(v.is_finite() && v >= 0.0, "row {i} {}: {v}", header[c]);
            }
        }
    }

    // The tornado of top-down: one row per uncertain input, ranked by swing.
    quiet(&["sensitivity", FILE, "--strategy", "top-down", "--out", "se"]);
    let (header, rows) = read_csv(&d.join("se/sensitivity.csv"));
    assert_eq!(header, SENSITIVITY_COLUMNS);
    let mut inputs: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    inputs.sort();
    assert_eq!(
        inputs,
        [
            "appointment_to_proposal",
            "research_hours_per_account",
            "revenue_per_sale",
            "sales_cycle_weeks"
        ],
        "top-down's uncertain inputs"
    );
    let mut last_swing = f64::INFINITY;
    let mut variance_total = 0.0;
    for (i, r) in rows.iter().enumerate() {
        let n = |c: usize| number(&r[c], &format!("sensitivity.csv {}", header[c]));
        assert_eq!(n(0), (i + 1) as f64, "rank");
        assert!(n(2) < n(3), "P10 below P90: {r:?}");
        let swing = n(6);
        assert!(close_rel(swing, (n(5) - n(4)).abs(), 1e-12), "{r:?}");
        assert!(swing <= last_swing, "ranked by swing: {r:?}");
        last_swing = swing;
        // Every uncertain input has a per-rep value (per-deal inputs: the mean over the rep's
        // closes), so a rank correlation and a share of variance.
        assert!((-1.0..=1.0).contains(&n(7)), "{r:?}");
        assert!((0.0..=1.0).contains(&n(8)), "{r:?}");
        variance_total += n(8);
    }
    assert!(
        (variance_total - 1.0).abs() < 1e-9,
        "the shares of variance sum to {variance_total}"
    );

    // Goal seek, printed and written: the answer is the smallest value in goal.csv that meets
    // the target. The target is top-down's closed-form mean at 30 hours.
    let hours = "strategies.top-down.prospecting_hours_per_week";
    let at30 = parse_with(&sweep_scenario(), &[set(hours, "30")]).unwrap();
    let threshold = expected_strategy_revenue(&at30, 1).round();
    let target = format!("mean(revenue) >= {threshold}");
    let vary = format!("{hours}=5..60");
    let args = [
        "goal",
        FILE,
        "--vary",
        vary.as_str(),
        "--target",
        target.as_str(),
        "--strategy",
        "top-down",
        "--trials",
        "200",
        "--out",
        "go",
    ];
    let out = cli(d, &args);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stderr}");
    let (header, rows) = read_csv(&d.join("go/goal.csv"));
    assert_eq!(header, [hours, "metric", "metric_se", "meets_target"]);
    assert!(rows.len() >= 2, "{rows:?}");
    assert_eq!([rows[0][0].as_str(), rows[1][0].as_str()], ["5", "60"]);
    let mut smallest_meeting = f64::INFINITY;
    for r in &rows {
        let (value, metric) = (number(&r[0], "goal.csv value"), number(&r[1], "metric"));
        assert!((5.0..=60.0).contains(&value), "{r:?}");
        assert!(number(&r[2], "metric_se") > 0.0, "{r:?}");
        let meets = metric >= threshold;
        assert_eq!(r[3], meets.to_string(), "{r:?}");
        if meets {
            smallest_meeting = smallest_meeting.min(value);
        }
    }
    // The answer is printed to the place of its Monte Carlo error's one significant figure:
    // "= 28 (+/- 6 ...)" stands for the smallest value in goal.csv rounded to units.
    let prefix = format!("Smallest value that meets it: {hours} = ");
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("{stdout}"));
    let (value, error) = line
        .split_once(" (+/- ")
        .and_then(|(v, rest)| Some((v, rest.split_once(' ')?.0)))
        .unwrap_or_else(|| panic!("{line}"));
    let step = match error.split_once('.') {
        Some((_, decimals)) => 10f64.powi(-(decimals.len() as i32)),
        None => 10f64.powi((error.len() - error.trim_end_matches('0').len()) as i32),
    };
    let value = number(&value.replace(',', ""), "printed value");
    assert!(
        (value - smallest_meeting).abs() <= step / 2.0 + 1e-9,
        "{value} is not {smallest_meeting} rounded to {step}: {stdout}"
    );
    quiet(&[
        "goal",
        FILE,
        "--vary",
        &vary,
        "--target",
        &target,
        "--strategy",
        "top-down",
        "--out",
        "go-quiet",
    ]);
    assert_eq!(
        std::fs::read(d.join("go/goal.csv")).unwrap(),
        std::fs::read(d.join("go-quiet/goal.csv")).unwrap(),
        "goal.csv is determined by the scenario and seed"
    );
}

#[test]
fn help_works_for_the_what_if_commands() {
    let dir = tempfile::tempdir().unwrap();
    for (args, mentions) in [
        (
            &["sweep", "--help"][..],
            &["--vary", "--set", "sweep.csv"][..],
        ),
        (
            &["sensitivity", "--help"],
            &["--strategy", "--output", "p-better"],
        ),
        (&["goal", "--help"], &["--vary", "--target", "goal.csv"]),
        (&["help", "goal"], &["--target"]),
    ] {
        let out = cli(dir.path(), args);
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(stdout.contains("Usage"), "{args:?}: {stdout}");
        for m in mentions {
            assert!(stdout.contains(m), "{args:?}: no {m} in\n{stdout}");
        }
    }
    assert!(entries(dir.path()).is_empty(), "help writes nothing");
}
