//! The what-if analyses as bytes and words: `sweep.csv`, `sensitivity.csv`, `goal.csv`, and a
//! goal's target in words.

use std::io::{self, Write};

use crate::analysis::target::{Metric, Quantity, Target};
use crate::model::key::KeyPath;
use crate::report::csv::csv_field;
use crate::report::format::money_short;
use crate::whatif::goal::GoalSeek;
use crate::whatif::sensitivity::Sensitivity;
use crate::whatif::sweep::{Axis, SweepPoint};

/// `sweep.csv`: one row per point and strategy.
pub fn write_sweep_csv(
    out: &mut dyn Write,
    axes: &[Axis],
    points: &[SweepPoint],
) -> io::Result<()> {
    for a in axes {
        write!(out, "{},", a.key)?;
    }
    writeln!(
        out,
        "strategy,revenue_mean,revenue_se,revenue_p10,revenue_p50,revenue_p90,deals_mean,\
         prospecting_hours_per_rep_week,research_hours_per_rep_week,dialing_hours_per_rep_week,\
         p_beats_baseline"
    )?;
    for p in points {
        for s in &p.summary.strategies {
            for v in &p.values {
                write!(out, "{},", csv_field(v))?;
            }
            let p_better = p
                .summary
                .comparisons
                .iter()
                .find(|c| c.strategy == s.name)
                .map_or(String::new(), |c| c.p_better.to_string());
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(&s.name),
                s.revenue.mean,
                s.revenue.se,
                s.revenue.p10,
                s.revenue.p50,
                s.revenue.p90,
                s.deals.mean,
                s.hours_per_rep_week.prospecting.mean,
                s.hours_per_rep_week.research.mean,
                s.hours_per_rep_week.dialing.mean,
                p_better
            )?;
        }
    }
    Ok(())
}

/// `sensitivity.csv`: one row per uncertain input, in tornado order.
pub fn write_sensitivity_csv(out: &mut dyn Write, s: &Sensitivity) -> io::Result<()> {
    writeln!(
        out,
        "rank,input,value_at_p10,value_at_p90,output_at_p10,output_at_p90,swing,spearman_with_rep_revenue"
    )?;
    for (i, b) in s.bars.iter().enumerate() {
        let rho = s
            .correlations
            .iter()
            .find(|(k, _)| *k == b.key)
            .map_or(String::new(), |(_, r)| r.to_string());
        writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            i + 1,
            b.key.name(),
            b.values.0,
            b.values.1,
            b.outputs.0,
            b.outputs.1,
            b.swing(),
            rho
        )?;
    }
    Ok(())
}

/// `goal.csv`: every value tried, in order, with the metric there and whether it met the target.
pub fn write_goal_csv(
    out: &mut dyn std::io::Write,
    key: &KeyPath,
    target: Target,
    seek: &GoalSeek,
) -> std::io::Result<()> {
    writeln!(out, "{key},metric,metric_se,meets_target")?;
    for p in &seek.probes {
        writeln!(
            out,
            "{},{},{},{}",
            p.value,
            p.metric,
            p.se,
            p.metric >= target.threshold
        )?;
    }
    Ok(())
}

/// An amount of `quantity` for people: money or a count.
fn quantity_text(quantity: Quantity, v: f64) -> String {
    match quantity {
        Quantity::Revenue => money_short(v),
        Quantity::Deals => format!("{v:.1}"),
    }
}

/// A value of `target`'s metric for people: a percentage, money or a count.
pub fn metric_text(target: &Target, v: f64) -> String {
    match target.metric {
        Metric::Exceed(..) => format!("{:.1}%", v * 100.0),
        Metric::Median(q) | Metric::Mean(q) => quantity_text(q, v),
    }
}

/// `target` in words, as it could be written on the command line: `P(revenue >= $2.5M) >= 90.0%`.
pub fn target_text(target: &Target) -> String {
    let threshold = metric_text(target, target.threshold);
    match target.metric {
        Metric::Exceed(q, amount) => {
            format!(
                "P({} >= {}) >= {threshold}",
                q.name(),
                quantity_text(q, amount)
            )
        }
        Metric::Median(q) => format!("median({}) >= {threshold}", q.name()),
        Metric::Mean(q) => format!("mean({}) >= {threshold}", q.name()),
    }
}
