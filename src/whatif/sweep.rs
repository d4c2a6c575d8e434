//! Sweeps: the scenario run at each value (or each pair of values) of one or two keys.

use crate::analysis::summary::RunSummary;
use crate::config::{Override, ScenarioError, ScenarioSource};
use crate::model::key::KeyPath;
use crate::model::scenario::Scenario;

/// One varied key and its values, as written on the command line.
#[derive(Debug, Clone)]
pub struct Axis {
    /// The key.
    pub key: KeyPath,
    /// Values as override texts.
    pub values: Vec<String>,
}

/// One point of a sweep: the values it set and the summary of its run.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    /// One value per axis.
    pub values: Vec<String>,
    /// The run's summary.
    pub summary: RunSummary,
}

/// The overrides of every grid point, in row-major order (the last axis varies fastest).
pub fn grid(axes: &[Axis]) -> Vec<Vec<String>> {
    let mut points: Vec<Vec<String>> = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                axis.values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(v.clone());
                    q
                })
            })
            .collect();
    }
    points
}

fn overrides(axes: &[Axis], values: &[String]) -> Vec<Override> {
    axes.iter()
        .zip(values)
        .map(|(a, v)| Override::given_as(a.key.text(), v, format!("--vary {}={v}", a.key)))
        .collect()
}

/// The scenario of every grid point, in [`grid`] order, each validated with its overrides.
///
/// # Errors
/// The first point whose value the scenario refuses.
pub fn points_of(source: &ScenarioSource, axes: &[Axis]) -> Result<Vec<Scenario>, ScenarioError> {
    grid(axes)
        .iter()
        .map(|values| source.scenario(&overrides(axes, values)))
        .collect()
}

/// Validates every point first (a bad value stops the sweep before anything runs), then runs
/// them as [`run_points`] does.
///
/// # Errors
/// The first point whose value the scenario refuses.
pub fn run_sweep(
    source: &ScenarioSource,
    axes: &[Axis],
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<SweepPoint>, ScenarioError> {
    Ok(run_points(axes, &points_of(source, axes)?, progress))
}

/// Runs the scenarios of every grid point (from [`points_of`], in its order) one after another
/// on the current rayon pool; `progress` hears of each finished point.
pub fn run_points(
    axes: &[Axis],
    scenarios: &[Scenario],
    progress: &dyn Fn(usize, usize),
) -> Vec<SweepPoint> {
    let points = grid(axes);
    debug_assert_eq!(points.len(), scenarios.len(), "one scenario per grid point");
    let mut out = Vec::with_capacity(points.len());
    for (i, (values, scenario)) in points.into_iter().zip(scenarios).enumerate() {
        let summary = crate::analysis::run(scenario, &|_| {}).summary;
        out.push(SweepPoint { values, summary });
        progress(i + 1, scenarios.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_vary_the_last_axis_fastest() {
        let axes = [
            Axis {
                key: KeyPath::parse("a", &[]),
                values: vec!["1".into(), "2".into()],
            },
            Axis {
                key: KeyPath::parse("b", &[]),
                values: vec!["x".into(), "y".into(), "z".into()],
            },
        ];
        let g = grid(&axes);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], ["1", "x"]);
        assert_eq!(g[1], ["1", "y"]);
        assert_eq!(g[5], ["2", "z"]);
    }
}
