//! Every scenario under configs/ validates, through the library and through the binary.

use std::path::PathBuf;

use prospect_sim::config::{BUILT_IN_SCENARIO, load_scenario, parse_scenario};

use crate::it::common::{cli, texts};

fn configs() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/configs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("configs/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_config_validates() {
    let files = configs();
    assert!(!files.is_empty(), "no file under configs/");
    let dir = tempfile::tempdir().unwrap();
    for path in files {
        let scenario = load_scenario(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!scenario.strategies.is_empty());
        let out = cli(dir.path(), &["validate", path.to_str().unwrap()]);
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{}: {stderr}", path.display());
        assert!(
            stdout.contains(&scenario.name),
            "{}: {stdout}",
            path.display()
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "validate writes nothing"
    );
}

#[test]
fn the_built_in_scenario_is_valid() {
    let s = parse_scenario(BUILT_IN_SCENARIO, "built-in").unwrap_or_else(|e| panic!("{e}"));
    assert!(s.strategies.len() >= 2, "the built-in compares strategies");
}
