//! The what-if commands write their charts in the formats asked for, run in-process through
//! `app::run` (the chart drawing itself is unit-tested in `report::charts`).

use std::path::Path;

const MIX: &str = include_str!("../../configs/mix-70-30.toml");

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "IHDR comes first");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

/// Checks a chart file: PNG of 1200 x 800, or a complete SVG of that size with text.
fn check_file(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display();
    if path.extension().unwrap() == "png" {
        assert_eq!(png_size(&bytes), (1200, 800), "{name}");
    } else {
        let svg = String::from_utf8(bytes).unwrap();
        assert!(
            svg.contains("width=\"1200\"") && svg.contains("height=\"800\""),
            "{name}"
        );
        assert!(
            svg.trim_end().ends_with("</svg>") && svg.contains("<text"),
            "{name}"
        );
    }
}

/// Runs the command line `args` (quietly) and lists the files of `dir`.
fn command(args: &[&str], dir: &Path) -> Vec<String> {
    use clap::Parser;
    let mut all = vec!["prospect-sim"];
    all.extend(args);
    let out = dir.display().to_string();
    all.extend(["--out", out.as_str(), "--quiet"]);
    let cli = prospect_sim::cli::Cli::try_parse_from(&all).unwrap();
    prospect_sim::app::run(cli).map_err(|e| e.error).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn sweep_and_sensitivity_write_their_charts_as_asked() {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), MIX).unwrap();
    let scenario = file.path().to_str().unwrap();
    let mix = "strategies.70/30.mix.top-down=0..1:3";
    let small = ["--trials", "40"];
    let sweep = |extra: &[&str], dir: &Path| {
        let mut a = vec!["sweep", scenario, "--vary", mix];
        a.extend(small);
        a.extend(extra);
        command(&a, dir)
    };
    let d = tempfile::tempdir().unwrap();
    assert_eq!(sweep(&[], d.path()), ["sweep.csv", "sweep.png"]);
    check_file(&d.path().join("sweep.png"));
    let d = tempfile::tempdir().unwrap();
    assert_eq!(
        sweep(&["--format", "svg"], d.path()),
        ["sweep.csv", "sweep.svg"]
    );
    check_file(&d.path().join("sweep.svg"));
    let d = tempfile::tempdir().unwrap();
    assert_eq!(sweep(&["--no-charts"], d.path()), ["sweep.csv"]);
    let d = tempfile::tempdir().unwrap();
    let mut a = vec![
        "sensitivity",
        "--strategy",
        "top-down",
        "--format",
        "png,svg",
    ];
    a.extend(small);
    assert_eq!(
        command(&a, d.path()),
        ["sensitivity.csv", "tornado.png", "tornado.svg"]
    );
    check_file(&d.path().join("tornado.png"));
    check_file(&d.path().join("tornado.svg"));
    let d = tempfile::tempdir().unwrap();
    a.push("--no-charts");
    assert_eq!(command(&a, d.path()), ["sensitivity.csv"]);
}
