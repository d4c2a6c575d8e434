//! The one-way rule, checked on the source: every `crate::MODULE` a file of `src/` names
//! (`use crate::...`, `use crate::{...}` groups, paths in code, unit tests included) must be
//! its own top-level module or one of a lower layer. The order is ARCHITECTURE.md's:
//!
//! ```text
//! choices, stats < model < config < calibrate < sim < econ < analysis < whatif < report < cli < app
//! ```
//!
//! `choices` and `stats` are leaves (they import nothing of the crate). Comments are skipped, so
//! a doc link may point anywhere.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module and its layer: a module may import only modules of lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("choices", 0),
    ("stats", 0),
    ("model", 1),
    ("config", 2),
    ("calibrate", 3),
    ("sim", 4),
    ("econ", 5),
    ("analysis", 6),
    ("whatif", 7),
    ("report", 8),
    ("cli", 9),
    ("app", 10),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/report/charts/sweep.rs` -> report);
/// None for the crate root and the binary.
fn owner(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (module != "lib" && module != "main").then_some(module)
}

/// The code of `text` without comments (from `//` to the end of the line, so doc comments too).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `code` names after `crate::`, including every item of a
/// `crate::{a::b, c}` group.
fn crate_references(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        // `prospect_sim::` is not `crate::`; `$crate::` in macros is the crate too.
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The items of the group at its top level, up to the matching brace.
            let (mut depth, mut item_start, mut items) = (0usize, 0usize, Vec::new());
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        items.push(&group[item_start..i]);
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&group[item_start..i]);
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
            out.extend(items.into_iter().map(ident).filter(|m| !m.is_empty()));
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

#[test]
fn reference_extraction_sees_paths_and_groups() {
    let refs = crate_references(&code(
        "use crate::model::scenario::Scenario;\nuse crate::{\n    sim::{a, b},\n    stats::Summary,\n};\n\
         let x = crate::econ::analyse(s); // crate::app in a comment\n/// [`crate::report`]\n",
    ));
    let want: BTreeSet<String> = ["model", "sim", "stats", "econ"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(refs, want);
}

#[test]
fn no_import_runs_up_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(
        files.len() > 20,
        "found the sources ({} files)",
        files.len()
    );
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = owner(&src, file) else {
            continue;
        };
        let Some(own) = layer(&module) else {
            wrong.push(format!("{}: module {module} has no layer", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in crate_references(&code(&text)) {
            if used == module {
                continue;
            }
            match layer(&used) {
                Some(l) if l < own => {}
                _ => wrong.push(format!(
                    "{}: {module} (layer {own}) uses crate::{used} (layer {:?})",
                    file.strip_prefix(&src).unwrap().display(),
                    layer(&used)
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn only_config_builds_a_scenario() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut builders: Vec<String> = files
        .iter()
        .filter(|f| code(&std::fs::read_to_string(f).unwrap()).contains("Sealed::by_validator"))
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    builders.sort();
    assert!(!builders.is_empty(), "config seals what it builds");
    for b in &builders {
        assert!(
            b.starts_with("config/") || b == "model/scenario.rs",
            "{b} seals a scenario value: only config may build one"
        );
    }
}
