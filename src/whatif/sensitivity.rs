//! Sensitivity: which uncertain input moves the result most.
//!
//! The tornado fixes each uncertain input of one strategy in turn at its own P10 and at its P90,
//! everything else staying random on the same trial streams, and ranks inputs by the swing of
//! the output's mean. No future holds a per-week or per-deal input at its P10 for every draw,
//! so the swing overstates those; beside it stands each input's share of the variance, from a
//! single run with every input random: the correlation of each rep's value of the input (its
//! draw, or its mean over its weeks or its closes) with that rep's revenue, squared and
//! normalised so that the shares of the uncertain inputs sum to 100% (the "contribution to
//! variance" of spreadsheet risk tools; see docs/model.md). The inputs are drawn independently,
//! so each squared (Pearson) correlation is the share of the variance that input explains
//! linearly; ranks (Spearman, also reported) would give a narrow per-deal input a large share,
//! since ordering reps by tiny differences in deal value orders their revenue within each count
//! of deals.
//!
//! A playing-field strategy resolves each input per target (its own distribution in each): a
//! bar fixes the input in every target at the same quantile of that target's own distribution,
//! and the input's variance share adds its squared correlations over the targets (each rep's
//! draw in each target with the rep's revenue; the draws are independent across targets, so the
//! squares add up to the share the input explains). "Sensitivity" in docs/model.md.
//!
//! A playing field with part B (`[selling]`, `[installed_base]`) adds its uncertain inputs
//! (selling hours, expansion rate and expansion revenue, when given as distributions) as bars
//! after the strategy's own, fixed the same way. They have no share of variance: the run does
//! not keep each rep's value of them. Part B's plain numbers are not varied (the tornado fixes
//! a distribution at its P10 and P90; a plain number has no spread to fix it in).

use crate::analysis::summary::RunSummary;
pub use crate::choices::Output;
use crate::model::inputs::{InputKey, KeyKind};
use crate::model::scenario::Scenario;
use crate::model::selling::PartBInput;
use crate::sim::Keep;

/// The low and high quantiles an input is fixed at.
pub const LOW_QUANTILE: f64 = 0.10;
/// See [`LOW_QUANTILE`].
pub const HIGH_QUANTILE: f64 = 0.90;

/// `output` of strategy `strategy` in a run (NaN when the run has no such strategy).
fn output_of(output: Output, summary: &RunSummary, strategy: &str) -> f64 {
    let s = summary.strategies.iter().find(|s| s.name == strategy);
    match output {
        Output::Revenue => s.map_or(f64::NAN, |s| s.revenue.mean),
        Output::Deals => s.map_or(f64::NAN, |s| s.deals.mean),
        Output::PBetter => summary
            .comparisons
            .iter()
            .find(|c| c.strategy == strategy)
            .map_or(f64::NAN, |c| c.p_better),
    }
}

/// An input a bar fixes: one of the strategy's ten, or one of part B's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Factor {
    /// One of the strategy's inputs.
    Strategy(InputKey),
    /// One of the playing field's part B inputs (the same for every strategy).
    PartB(PartBInput),
}

impl Factor {
    /// The scenario key (part B's as the dotted key `--set` takes).
    pub fn name(self) -> &'static str {
        match self {
            Factor::Strategy(k) => k.name(),
            Factor::PartB(k) => k.name(),
        }
    }

    /// A few words for people.
    pub fn label(self) -> &'static str {
        match self {
            Factor::Strategy(k) => k.label(),
            Factor::PartB(k) => k.label(),
        }
    }

    /// The values it may take.
    pub fn kind(self) -> KeyKind {
        match self {
            Factor::Strategy(k) => k.kind(),
            Factor::PartB(k) => k.kind(),
        }
    }

    /// The strategy input, if it is one.
    pub fn strategy_input(self) -> Option<InputKey> {
        match self {
            Factor::Strategy(k) => Some(k),
            Factor::PartB(_) => None,
        }
    }
}

/// One input's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The input.
    pub key: Factor,
    /// Its P10 and P90 (for a playing-field strategy's own input, its first target's).
    pub values: (f64, f64),
    /// A playing-field strategy's P10 and P90 of the input in each target, in target order
    /// (each fixed at its own in the bar's runs); empty for a flat strategy and for a part B
    /// input.
    pub target_values: Vec<(f64, f64)>,
    /// The output with the input fixed at its P10 and at its P90.
    pub outputs: (f64, f64),
}

impl Bar {
    /// |output at P90 - output at P10|.
    pub fn swing(&self) -> f64 {
        (self.outputs.1 - self.outputs.0).abs()
    }
}

/// The result of a sensitivity analysis.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// The strategy analysed.
    pub strategy: String,
    /// The output measured.
    pub output: Output,
    /// The output with every input random.
    pub base: f64,
    /// One bar per uncertain input, largest swing first.
    pub bars: Vec<Bar>,
    /// Spearman correlation of each uncertain input's per-rep value with the rep's revenue,
    /// largest magnitude first (per-deal inputs over the reps with a close). A playing-field
    /// strategy's rep has one value per target: an input uncertain in two or more targets has
    /// no single rank correlation and is left out.
    pub correlations: Vec<(InputKey, f64)>,
    /// Each uncertain input's share of the variance of rep revenue, in [0, 1]: its squared
    /// (Pearson) correlation with rep revenue over the sum of all of them, so the shares sum to
    /// 1 (they split the part of the variance the inputs explain); largest first. Empty
    /// when no input correlates with revenue at all (revenue the same in every run, say). For a
    /// playing-field strategy an input's squared correlation is the sum over its targets.
    pub variance_shares: Vec<(InputKey, f64)>,
    /// The targets of a playing-field strategy (0 for a flat one).
    pub targets: usize,
    /// Runs it took (base included).
    pub runs: usize,
}

/// Analyses strategy `index` of `scenario`. For `Output::PBetter` it must not be the baseline.
pub fn analyse(scenario: &Scenario, index: usize, output: Output) -> Result<Sensitivity, String> {
    analyse_with_progress(scenario, index, output, &|_| {})
}

/// The number of runs [`analyse`] makes for strategy `index`: the base run and two per
/// uncertain input (part B's included).
pub fn runs_needed(scenario: &Scenario, index: usize) -> u64 {
    let own = InputKey::ALL
        .iter()
        .filter(|k| uncertain(scenario, index, **k))
        .count();
    1 + 2 * (own + uncertain_part_b(scenario).count()) as u64
}

/// Part B's inputs the scenario draws from a distribution that is not a constant, in
/// [`PartBInput::ALL`] order (none without part B).
fn uncertain_part_b(scenario: &Scenario) -> impl Iterator<Item = PartBInput> + '_ {
    PartBInput::ALL.into_iter().filter(|k| {
        scenario
            .part_b_input(*k)
            .is_some_and(|i| !i.dist.is_constant())
    })
}

/// Whether strategy `index` draws input `key` from a distribution that is not a constant (in
/// any of its targets, for a playing-field strategy).
fn uncertain(scenario: &Scenario, index: usize, key: InputKey) -> bool {
    scenario
        .input_dists(index, key)
        .iter()
        .any(|d| !d.is_constant())
}

/// [`analyse`], telling `progress` of the trials each run finishes (as
/// [`crate::analysis::run`] does), for a progress display.
///
/// # Errors
/// As [`analyse`].
pub fn analyse_with_progress(
    scenario: &Scenario,
    index: usize,
    output: Output,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Sensitivity, String> {
    let name = scenario.strategies[index].name.clone();
    if output == Output::PBetter && index == 0 {
        return Err(format!(
            "\"{name}\" is the baseline: P(beats the baseline) needs another strategy (--strategy)"
        ));
    }
    if scenario.strategies[index].is_mix() {
        return Err(format!(
            "\"{name}\" is a mix: its inputs are those of its components; analyse them instead"
        ));
    }
    // Only the analysed strategy (and the baseline, to compare with) needs simulating: the
    // others' trials do not change when this strategy's inputs do. A mix names its components
    // by position, so a scenario with mixes runs whole.
    let keep = if output == Output::PBetter {
        vec![0, index]
    } else {
        vec![index]
    };
    let (reduced, at) = match scenario.keeping_strategies(&keep) {
        Some(r) => (r, keep.len() - 1),
        None => (scenario.clone(), index),
    };
    let keep = Keep {
        rep_revenue: true,
        rep_draws: true,
        ..Keep::for_summary(&reduced)
    };
    let base_run = crate::analysis::run_keeping(&reduced, keep, progress);
    let base = output_of(output, &base_run.summary, &name);
    let base_result = base_run.result;
    let mut runs = 1;
    // The output of one run with an input fixed (every bar's two ends come from here).
    let mut output_with = |fixed: Scenario| {
        runs += 1;
        output_of(
            output,
            &crate::analysis::run(&fixed, progress).summary,
            &name,
        )
    };
    let mut bars = Vec::new();
    let targets = reduced.strategies[at].targets.len();
    for key in InputKey::ALL {
        if !uncertain(&reduced, at, key) {
            continue;
        }
        let dists = reduced.input_dists(at, key);
        let quantiles =
            |d: &&crate::model::dist::Dist| (d.quantile(LOW_QUANTILE), d.quantile(HIGH_QUANTILE));
        let values = quantiles(&dists[0]);
        let target_values = if targets > 0 {
            dists.iter().map(quantiles).collect()
        } else {
            Vec::new()
        };
        let fixed_at =
            |q: f64| reduced.with_input_at_quantile(at, key, q, |v| format!("{v} (fixed)"));
        let outputs = (
            output_with(fixed_at(LOW_QUANTILE)),
            output_with(fixed_at(HIGH_QUANTILE)),
        );
        bars.push(Bar {
            key: Factor::Strategy(key),
            values,
            target_values,
            outputs,
        });
    }
    // Part B's inputs after the strategy's own: a scenario without part B keeps its bars (and
    // their order among equal swings, the sort being stable).
    for key in uncertain_part_b(&reduced) {
        let dist = &reduced
            .part_b_input(key)
            .expect("uncertain_part_b yields only inputs the scenario has")
            .dist;
        let values = (dist.quantile(LOW_QUANTILE), dist.quantile(HIGH_QUANTILE));
        let fixed_at =
            |q: f64| reduced.with_part_b_input_at_quantile(key, q, |v| format!("{v} (fixed)"));
        let outputs = (
            output_with(fixed_at(LOW_QUANTILE)),
            output_with(fixed_at(HIGH_QUANTILE)),
        );
        bars.push(Bar {
            key: Factor::PartB(key),
            values,
            target_values: Vec::new(),
            outputs,
        });
    }
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    let run = &base_result.strategies[at];
    let revenue: Vec<f64> = run.rep_revenue.iter().map(|&r| f64::from(r)).collect();
    // Rows of rep_draws per rep: one per target of a playing-field strategy, else one.
    let rows = targets.max(1);
    // Per uncertain input: (key, rank correlation if it has one, squared linear correlation)
    // with rep revenue.
    let both: Vec<(InputKey, Option<f64>, f64)> = InputKey::ALL
        .iter()
        .filter(|k| uncertain(&reduced, at, **k))
        .map(|&k| {
            // Hours are the rep's own, the same in every row: one source. Otherwise each
            // target whose distribution of the input is not a constant.
            let sources: Vec<usize> = if k == InputKey::ProspectingHoursPerWeek {
                vec![0]
            } else {
                let dists = reduced.input_dists(at, k);
                (0..rows).filter(|&j| !dists[j].is_constant()).collect()
            };
            let mut rank = None;
            let mut squared = 0.0;
            for &j in &sources {
                // A rep with no close has no mean cycle or deal value (NaN): leave it out of
                // those.
                let (draws, revenue): (Vec<f64>, Vec<f64>) = run
                    .rep_draws
                    .iter()
                    .skip(j)
                    .step_by(rows)
                    .map(|d| f64::from(d[k.index()]))
                    .zip(revenue.iter().copied())
                    .filter(|(d, _)| !d.is_nan())
                    .unzip();
                let r = pearson(&draws, &revenue);
                squared += r * r;
                if sources.len() == 1 {
                    rank = Some(spearman(&draws, &revenue));
                }
            }
            (k, rank, squared)
        })
        .collect();
    let by_magnitude = |mut v: Vec<(InputKey, f64)>| {
        v.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        v
    };
    let correlations = by_magnitude(
        both.iter()
            .filter_map(|&(k, rank, _)| rank.map(|r| (k, r)))
            .collect(),
    );
    let squared = by_magnitude(both.iter().map(|&(k, _, r2)| (k, r2)).collect());
    let variance_shares = variance_shares(&squared);
    Ok(Sensitivity {
        strategy: name,
        output,
        base,
        bars,
        correlations,
        variance_shares,
        targets,
        runs,
    })
}

impl Bar {
    /// Whether a playing-field strategy's targets draw the input from different distributions
    /// (so `values`, the first target's, is not every target's).
    pub fn differs_by_target(&self) -> bool {
        self.target_values.iter().any(|v| *v != self.values)
    }
}

impl Sensitivity {
    /// Whether no input moves the output: every bar's two runs give the base value (revenue
    /// $0 in every run, say), so there is nothing to rank.
    pub fn moves_nothing(&self) -> bool {
        self.bars
            .iter()
            .all(|b| b.outputs.0 == self.base && b.outputs.1 == self.base)
    }

    /// The variance share of `key`, if it is a strategy input that is uncertain and anything
    /// varies (part B's inputs have none).
    pub fn variance_share(&self, key: Factor) -> Option<f64> {
        let key = key.strategy_input()?;
        self.variance_shares
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }

    /// The rank correlation of `key` with rep revenue, if it has one (part B's inputs have
    /// none).
    pub fn correlation(&self, key: Factor) -> Option<f64> {
        let key = key.strategy_input()?;
        self.correlations
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| *r)
    }
}

/// Squared correlations normalised to sum to 1, in the order given (empty when all are 0).
fn variance_shares(squared: &[(InputKey, f64)]) -> Vec<(InputKey, f64)> {
    let total: f64 = squared.iter().map(|(_, r2)| r2).sum();
    if total > 0.0 {
        squared.iter().map(|(k, r2)| (*k, r2 / total)).collect()
    } else {
        Vec::new()
    }
}

/// Ranks from 1, ties sharing their average rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let average = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            ranks[o] = average;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's rank correlation: Pearson's on the ranks (so ties are handled).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// Pearson's correlation; 0 when either side does not vary (or is empty).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx > 0.0 && syy > 0.0 {
        sxy / (sxx * syy).sqrt()
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variance_shares_are_squared_correlations_summing_to_one() {
        // Squared correlations 0.64 (0.8^2) and 0.36 (0.6^2) already sum to 1; a third at 0
        // gets 0.
        let shares = variance_shares(&[
            (InputKey::ConnectRate, 0.64),
            (InputKey::RevenuePerSale, 0.36),
            (InputKey::DialsPerHour, 0.0),
        ]);
        assert_eq!(shares[0].0, InputKey::ConnectRate);
        assert!((shares[0].1 - 0.64).abs() < 1e-15 && (shares[1].1 - 0.36).abs() < 1e-15);
        assert_eq!(shares[2].1, 0.0);
        assert!(variance_shares(&[(InputKey::ConnectRate, 0.0)]).is_empty());
        // y = 2x + 1 exactly: Pearson 1; a constant side: 0.
        assert!((pearson(&[1.0, 2.0, 4.0], &[3.0, 5.0, 9.0]) - 1.0).abs() < 1e-15);
        assert_eq!(pearson(&[1.0, 2.0, 4.0], &[7.0, 7.0, 7.0]), 0.0);
    }

    #[test]
    fn ties_share_their_rank() {
        assert_eq!(ranks(&[10.0, 30.0, 20.0, 20.0]), [1.0, 4.0, 2.5, 2.5]);
    }

    #[test]
    fn spearman_sees_monotone_relations() {
        let x: Vec<f64> = (0..50).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|v| v.powi(3)).collect();
        assert!((spearman(&x, &y) - 1.0).abs() < 1e-12);
        let z: Vec<f64> = x.iter().map(|v| -v.exp()).collect();
        assert!((spearman(&x, &z) + 1.0).abs() < 1e-12);
    }
}
