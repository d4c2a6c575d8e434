//! Helpers shared by the test modules: scenario text builders, the CLI runner, sample moments.

use std::path::Path;
use std::process::{Command, Output};

use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestRng, TestRunner};

use prospect_sim::config::{Override, Scenario, parse_scenario, parse_scenario_with};
use prospect_sim::model::dist::Dist;
use prospect_sim::model::inputs::InputKey;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_prospect-sim");

/// The ten strategy keys, each with a valid constant: the base every test edits.
/// With these, hours per account c = 0.5 + 3/12 = 0.75, so 20 h make 80 dials a week.
pub const BASE_INPUTS: [(&str, &str); 10] = [
    ("prospecting_hours_per_week", "20"),
    ("research_hours_per_account", "0.5"),
    ("dials_per_account", "3"),
    ("dials_per_hour", "12"),
    ("connect_rate", "0.1"),
    ("conversation_to_appointment", "0.1"),
    ("appointment_to_proposal", "0.3"),
    ("proposal_to_close", "0.2"),
    ("sales_cycle_weeks", "3"),
    ("revenue_per_sale", "5000"),
];

/// A `[[strategies]]` table: the base inputs with `overrides` (key, TOML value) replacing some.
pub fn strategy(name: &str, overrides: &[(&str, &str)]) -> String {
    for (k, _) in overrides {
        assert!(
            BASE_INPUTS.iter().any(|(b, _)| b == k),
            "test bug: {k} is not a strategy key"
        );
    }
    let mut s = format!("[[strategies]]\nname = \"{name}\"\n");
    for (key, base) in BASE_INPUTS {
        let value = overrides
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(base, |(_, v)| *v);
        s.push_str(&format!("{key} = {value}\n"));
    }
    s
}

/// A mixed `[[strategies]]` table: its name and its `mix` (a TOML inline table, e.g.
/// `{ "top-down" = 0.7, "bottom-up" = "rest" }`).
pub fn mix(name: &str, shares: &str) -> String {
    format!("[[strategies]]\nname = \"{name}\"\nmix = {shares}\n")
}

/// The `[simulation]` section's values.
#[derive(Debug, Clone, Copy)]
pub struct Sim {
    pub trials: u64,
    pub weeks: u32,
    pub reps: u32,
    pub seed: u64,
}

/// The scenario's `name` and its `[simulation]` section.
pub fn simulation(name: &str, sim: Sim) -> String {
    format!(
        "name = \"{name}\"\n\n[simulation]\ntrials = {}\nweeks = {}\nreps = {}\nseed = {}\n",
        sim.trials, sim.weeks, sim.reps, sim.seed
    )
}

/// A whole scenario file.
pub fn scenario_text(name: &str, sim: Sim, strategies: &[String]) -> String {
    let mut s = simulation(name, sim);
    for st in strategies {
        s.push('\n');
        s.push_str(st);
    }
    s
}

/// Parses scenario text that the test expects to be valid.
pub fn parse(text: &str) -> Scenario {
    parse_scenario(text, "test.toml")
        .unwrap_or_else(|e| panic!("expected a valid scenario:\n{e}\n{text}"))
}

/// Parses scenario text with `--set` overrides (key, TOML value) that the test expects to be
/// valid.
pub fn with(text: &str, sets: &[(&str, &str)]) -> Scenario {
    let overrides: Vec<Override> = sets.iter().map(|(k, v)| Override::set(k, v)).collect();
    parse_scenario_with(text, "test.toml", &overrides)
        .unwrap_or_else(|e| panic!("--set {sets:?}: {e}"))
}

/// The distribution the real config parser makes of `spec` on `key`.
pub fn dist_of(key: &str, spec: &str) -> Dist {
    let sim = Sim {
        trials: 2, // the fewest a scenario allows (parsing only: nothing is simulated)
        weeks: 1,
        reps: 1,
        seed: 1,
    };
    let scenario = parse(&scenario_text(
        "spec",
        sim,
        &[strategy("s", &[(key, spec)])],
    ));
    let k = InputKey::from_name(key).expect("a strategy key");
    scenario.strategies[0].inputs.dist(k).clone()
}

/// The 1-based line of the first line of `text` that contains `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("test bug: {needle:?} not in the text"))
        + 1
}

/// Runs the binary in `dir` with `args`.
pub fn cli(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .expect("the binary runs")
}

/// The names of the entries of `dir` (not recursive), sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Standard output and error of a finished command, as text.
pub fn texts(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Sample moments: mean, sd (n - 1) and the fourth central moment.
#[derive(Debug, Clone, Copy)]
pub struct Moments {
    pub n: f64,
    pub mean: f64,
    pub var: f64,
    pub m4: f64,
}

impl Moments {
    pub fn of(xs: &[f64]) -> Moments {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
        Moments { n, mean, var, m4 }
    }

    pub fn sd(&self) -> f64 {
        self.var.sqrt()
    }

    /// Standard error of the mean: sd / sqrt(n).
    pub fn se_mean(&self) -> f64 {
        (self.var / self.n).sqrt()
    }

    /// Standard error of the sample variance: Var(s^2) ~ (m4 - sigma^4) / n for large n.
    pub fn se_var(&self) -> f64 {
        ((self.m4 - self.var * self.var).max(0.0) / self.n).sqrt()
    }
}

/// Sample covariance of paired values and its standard error: the covariance is the mean of
/// the products of deviations, so its se is the sd of those products over sqrt(n).
pub fn covariance(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let (mx, my) = (Moments::of(xs).mean, Moments::of(ys).mean);
    let products: Vec<f64> = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| (x - mx) * (y - my))
        .collect();
    let m = Moments::of(&products);
    (m.mean, m.se_mean())
}

/// Whether `a` and `b` agree to `rel` relative to their size.
pub fn close_rel(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(f64::MIN_POSITIVE)
}

/// A finished run with its week rows, as `run` computes them.
pub struct RunOutput {
    /// The summary.
    pub summary: prospect_sim::analysis::summary::RunSummary,
    /// The per-trial results.
    pub result: prospect_sim::sim::SimResult,
    /// Week rows per strategy.
    pub weekly: Vec<(String, Vec<prospect_sim::analysis::weekly::WeekRow>)>,
    /// Threads the pool ran.
    pub threads: usize,
}

/// Runs `scenario` through `analysis::run` on a pool of `threads` workers, as `run` does.
pub fn run_on(scenario: &Scenario, threads: usize) -> RunOutput {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("the pool starts");
    pool.install(|| {
        let run = prospect_sim::analysis::run(scenario, &|_| {});
        let weekly = prospect_sim::analysis::weekly::all_week_rows(scenario, &run.result);
        RunOutput {
            summary: run.summary,
            result: run.result,
            weekly,
            threads: pool.current_num_threads(),
        }
    })
}

/// The name the bad-input tests give the scenario file they write.
pub const SCENARIO_FILE: &str = "scenario.toml";

/// `text` with its first line that starts with `prefix` replaced by `line` (or removed when
/// `line` is empty).
pub fn edit(text: &str, prefix: &str, line: &str) -> String {
    let mut done = false;
    let mut out = String::new();
    for l in text.lines() {
        if !done && l.starts_with(prefix) {
            done = true;
            if !line.is_empty() {
                out.push_str(line);
                out.push('\n');
            }
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    assert!(done, "test bug: no line starts with {prefix:?}");
    out
}

/// One bad file: what one line of stderr must say, and the line it must point at.
pub struct Bad {
    /// What the case is, for the failure message.
    pub label: String,
    /// The whole file.
    pub text: String,
    /// Fragments that must all appear on one stderr line (besides the file name).
    pub says: Vec<&'static str>,
    /// The 1-based line that stderr line must name as `scenario.toml:LINE:`.
    pub line: Option<usize>,
}

/// What is wrong with `out` as the answer to a bad file, if anything.
pub fn judge(out: &Output, case: &Bad) -> Vec<String> {
    let (stdout, stderr) = texts(out);
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit code {:?}, expected 2", out.status.code()));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problems.push("panicked".to_string());
    }
    if stderr.lines().any(|l| !l.starts_with("error: ")) {
        problems.push("a stderr line does not start with `error: `".to_string());
    }
    let wanted_place = match case.line {
        Some(line) => format!("{SCENARIO_FILE}:{line}:"),
        None => SCENARIO_FILE.to_string(),
    };
    let found = stderr
        .lines()
        .any(|l| l.contains(&wanted_place) && case.says.iter().all(|s| l.contains(s)));
    if !found {
        problems.push(format!(
            "no stderr line names {wanted_place} and says all of {:?}",
            case.says
        ));
    }
    if !stdout.is_empty() {
        problems.push(format!("wrote to stdout: {stdout}"));
    }
    if !problems.is_empty() {
        problems.push(format!("stderr was:\n{stderr}"));
    }
    problems
}

/// A proptest runner that tries `cases` cases drawn from the fixed `seed` (ChaCha, the seed's
/// little-endian bytes then zeros), so every run tries the same ones. It keeps no
/// `proptest-regressions/` file: a failure prints its case, which becomes a plain test if it is
/// worth keeping.
pub fn fixed_runner(cases: u32, seed: u64) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    };
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// Asserts that `out`, the answer of `args` to a file with several problems, exits with code 2
/// and one stderr line per problem, each `(line, fragment)` of `expected` on a line naming
/// `scenario.toml:LINE:`.
pub fn assert_every_problem(args: &[&str], out: &Output, expected: &[(usize, &str)]) {
    let (_, stderr) = texts(out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "{args:?}: one line per problem:\n{stderr}"
    );
    for (line, key) in expected {
        let place = format!("{SCENARIO_FILE}:{line}:");
        assert!(
            lines.iter().any(|l| l.contains(&place) && l.contains(key)),
            "{args:?}: no line names {place} and {key}:\n{stderr}"
        );
    }
}
