//! A scenario's text with its part B taken out: the playing field's prospecting alone. Shared by
//! the snapshot test of the built-in without part B (whose bytes must not change) and by
//! `benches/engine.rs` (its `telecom-territory-part-a` group), which includes this file by path.

/// `text` without part B: its `[selling]`, `[installed_base]` and `[team]` sections and every
/// line setting a segment's customers or churn or the selling hours of meetings and proposals.
pub fn without_part_b(text: &str) -> String {
    const KEYS: [&str; 4] = [
        "customers",
        "churn_per_year",
        "hours_per_appointment",
        "hours_per_proposal",
    ];
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with('[') {
            skipping = matches!(t, "[selling]" | "[installed_base]" | "[team]");
        }
        let key = t.split([' ', '=']).next().unwrap_or("");
        if skipping || KEYS.contains(&key) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
