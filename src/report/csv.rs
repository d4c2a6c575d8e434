//! The CSV files: `trials.csv` and `weekly.csv` of a run, and the what-if tables `sweep.csv`,
//! `sensitivity.csv` and `goal.csv`. Each row is a serde struct written by the `csv` crate, so
//! the header is the struct's field names (it cannot drift from the rows) and every text field,
//! header included, is quoted per RFC 4180 when it needs to be.
//!
//! Numbers are written as Rust prints them ([`Num`]): the shortest text that reads back as the
//! same `f64`, with no `.0` on whole numbers, as these files have always been written.

use std::fmt;
use std::io::{self, Write};

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use crate::analysis::part_b::new_logo_revenue;
use crate::analysis::summary::StrategySummary;
use crate::analysis::target::Target;
use crate::analysis::weekly::WeekRow;
use crate::model::key::KeyPath;
use crate::model::scenario::Scenario;
use crate::sim::SimResult;
use crate::whatif::goal::GoalSeek;
use crate::whatif::sensitivity::Sensitivity;
use crate::whatif::sweep::{Axis, SweepPoint};

/// An `f64` written with Rust's `Display` (`1` for 1.0, `0.25`, `12345.678`) rather than the
/// csv crate's own float format (`1.0`), so the files keep their established form.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // `Display`'s text, written faster where it provably comes out the same: a million
        // trials make hundreds of megabytes of these (trials.csv).
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 2f64.powi(53) {
            // A whole number below 2^53 is exact in i64, and `Display` writes all its digits.
            if v == 0.0 && v.is_sign_negative() {
                return s.serialize_str("-0");
            }
            return s.serialize_str(itoa::Buffer::new().format(v as i64));
        }
        if v.is_finite() && fraction_bits(v) > SHORT_FRACTION_BITS {
            let mut buffer = ryu::Buffer::new();
            let text = buffer.format_finite(v);
            // Ryu writes 1e-7 where `Display` writes 0.0000001.
            if !text.contains('e') {
                return s.serialize_str(text);
            }
        }
        s.collect_str(&v)
    }
}

/// Above this many binary fraction digits, Ryu's shortest digits are `Display`'s. Both write the
/// shortest digits that read back as the same f64, the nearer of two when there are two; only
/// an exact tie between two can split them (Ryu rounds it to even). A tie needs the value's
/// exact decimal expansion to be one digit longer than the shortest digits (at most 17), so no
/// more than 18 significant digits; with k fraction bits the expansion has k fraction digits, of
/// which at most 4 are leading zeros at and above 1e-5 (Ryu's smallest without an exponent).
const SHORT_FRACTION_BITS: i32 = 24;

/// k for `v` = odd x 2^-k (0 or less for a whole number).
fn fraction_bits(v: f64) -> i32 {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if mantissa == 0 {
        return 0;
    }
    -(exponent + mantissa.trailing_zeros() as i32)
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A csv writer over `out` with the crate's defaults (`,`, `"`, `\n`, quoting when needed).
fn writer(out: &mut dyn Write, headers: bool) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .has_headers(headers)
        .from_writer(out)
}

/// The csv crate's errors, as the I/O errors they almost always are.
fn io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// One row of `trials.csv`: one trial of one strategy.
#[derive(Debug, Serialize)]
struct TrialRow<'a> {
    trial: usize,
    strategy: &'a str,
    revenue: Num,
    deals: u64,
    closes: u64,
    proposals: u64,
    appointments: u64,
    conversations: u64,
    dials: u64,
    pipeline_past_horizon: Num,
    prospecting_hours: Num,
    research_hours: Num,
    dialing_hours: Num,
}

/// The per-segment columns a playing-field run adds to `trials.csv`, in this order for each
/// segment (`NAME` the segment's name): revenue booked from it, its deals, the never-touched
/// accounts given a first pass, and the fresh accounts left at the horizon (team totals).
pub const TRIAL_SEGMENT_COLUMNS: [&str; 4] = ["revenue", "deals", "touched", "fresh_left"];

/// The per-segment columns a playing-field run adds to `weekly.csv` after `idle_hours_per_rep`:
/// per segment the team's fresh accounts left at the end of the week, mean over futures.
pub const WEEKLY_SEGMENT_COLUMN: &str = "fresh_left";

/// The columns part B adds to `trials.csv` after the segments' (team totals of the trial):
/// revenue from new logos and from expansion, customers at week 0, at the horizon and lost,
/// rep-weeks vacant and ramping, productive rep-weeks.
pub const TRIAL_PART_B_COLUMNS: [&str; 8] = [
    "revenue_new_logos",
    "revenue_expansion",
    "customers_start",
    "customers_end",
    "customers_churned",
    "rep_weeks_vacant",
    "rep_weeks_in_ramp",
    "productive_rep_weeks",
];

/// The columns part B adds to `weekly.csv` after the segments' (means over futures; hours per
/// rep, a vacant seat counting 0): selling hours available, the hours of meetings, proposals and
/// customer touches falling due, hours squeezed out of prospecting, selling work carried over,
/// the share of seated rep-weeks in which the work exceeded the selling hours, the team's
/// customers at the end of the week, expansion revenue booked in the week.
pub const WEEKLY_PART_B_COLUMNS: [&str; 9] = [
    "selling_hours_available_per_rep",
    "appointment_hours_per_rep",
    "proposal_hours_per_rep",
    "touch_hours_per_rep",
    "squeezed_hours_per_rep",
    "carry_over_hours_per_rep",
    "squeeze_binds_share",
    "customers_mean",
    "expansion_revenue_mean",
];

/// Trials per piece of `trials.csv` rendered on its own (about 300 KB of text for two
/// strategies).
const TRIALS_PER_PIECE: usize = 2048;

/// `trials.csv`: one row per trial and strategy, trial-major so that paired trials sit
/// together. Streamed: a million trials make a large file. A playing-field run adds
/// [`TRIAL_SEGMENT_COLUMNS`] for every segment of `scenario`'s field (`revenue_NAME`, ...).
/// Pieces of 2,048 trials are rendered in parallel on the current rayon pool, two per thread at
/// a time (so the memory held stays small), and written in trial order: the same bytes as one
/// row after the other.
///
/// # Errors
/// Only those of `out`.
pub fn write_trials(
    out: &mut dyn Write,
    scenario: &Scenario,
    result: &SimResult,
) -> io::Result<()> {
    let trials = result.strategies.first().map_or(0, |s| s.trials.len());
    if let Some(f) = &scenario.field {
        // A row is a (row, extra columns) pair, which serde cannot name: the header is written
        // here, and the pieces write none.
        let mut header = header_of::<TrialRow<'_>>()?;
        for seg in &f.segments {
            for column in TRIAL_SEGMENT_COLUMNS {
                header.push_field(&format!("{column}_{}", seg.name));
            }
        }
        if f.has_part_b() {
            for column in TRIAL_PART_B_COLUMNS {
                header.push_field(column);
            }
        }
        let mut w = writer(out, false);
        w.write_record(header.iter()).map_err(io)?;
        w.flush()?;
    } else if trials == 0 {
        // No row to take the header from: write it from an empty row's field names.
        let mut w = writer(out, true);
        w.write_record(header_of::<TrialRow<'_>>()?.iter())
            .map_err(io)?;
        return w.flush();
    }
    let pieces: Vec<std::ops::Range<usize>> = (0..trials)
        .step_by(TRIALS_PER_PIECE)
        .map(|start| start..(start + TRIALS_PER_PIECE).min(trials))
        .collect();
    for wave in pieces.chunks(2 * rayon::current_num_threads()) {
        let rendered: Vec<io::Result<Vec<u8>>> = wave
            .par_iter()
            .map(|range| trial_rows(scenario, result, range.clone()))
            .collect();
        for bytes in rendered {
            out.write_all(&bytes?)?;
        }
    }
    out.flush()
}

/// The rows of trials `range` (the header first when the range starts at trial 0 of a flat
/// run; a playing-field run's header is written by [`write_trials`]).
fn trial_rows(
    scenario: &Scenario,
    result: &SimResult,
    range: std::ops::Range<usize>,
) -> io::Result<Vec<u8>> {
    let field = scenario.field.as_ref();
    let mut bytes = Vec::with_capacity(range.len() * result.strategies.len() * 160);
    let mut w = writer(&mut bytes, field.is_none() && range.start == 0);
    let mut extra: Vec<Num> = Vec::new();
    for i in range {
        for (k, run) in result.strategies.iter().enumerate() {
            let t = &run.trials[i];
            let row = TrialRow {
                trial: i,
                strategy: &run.name,
                revenue: Num(t.revenue),
                deals: t.deals,
                closes: t.closes,
                proposals: t.proposals,
                appointments: t.appointments,
                conversations: t.conversations,
                dials: t.dials,
                pipeline_past_horizon: Num(t.pipeline_past_horizon),
                prospecting_hours: Num(t.prospecting_hours),
                research_hours: Num(t.research_hours),
                dialing_hours: Num(t.dialing_hours),
            };
            match (field, &run.field) {
                (Some(_), Some(fr)) => {
                    extra.clear();
                    let strategy = &scenario.strategies[k];
                    for s in 0..fr.segment_count {
                        let seg = fr.segment(i, s);
                        let (mut revenue, mut deals) = (0.0, 0);
                        for (j, target) in strategy.targets.iter().enumerate() {
                            if target.segment == s {
                                let tt = fr.target(i, j);
                                revenue += tt.revenue;
                                deals += tt.deals;
                            }
                        }
                        extra.extend([
                            Num(revenue),
                            Num(deals as f64),
                            Num(seg.touched as f64),
                            Num(seg.fresh as f64),
                        ]);
                    }
                    if let Some(b) = &run.part_b {
                        let p = &b.trials.get(i);
                        extra.extend([
                            Num(new_logo_revenue(t, p)),
                            Num(p.expansion_revenue),
                            Num(p.customers_start as f64),
                            Num(p.customers_end as f64),
                            Num(p.churned as f64),
                            Num(p.vacant_weeks as f64),
                            Num(p.ramp_weeks as f64),
                            Num(p.productive_weeks),
                        ]);
                    }
                    w.serialize((row, &extra)).map_err(io)?;
                }
                _ => w.serialize(row).map_err(io)?,
            }
        }
    }
    w.flush()?;
    drop(w);
    Ok(bytes)
}

/// One row of `weekly.csv`: one strategy in one week.
#[derive(Debug, Serialize)]
struct WeeklyRow<'a> {
    strategy: &'a str,
    week: u32,
    cumulative_revenue_mean: Num,
    cumulative_revenue_p10: Num,
    cumulative_revenue_p50: Num,
    cumulative_revenue_p90: Num,
    prospecting_hours_per_rep: Num,
    research_hours_per_rep: Num,
    dialing_hours_per_rep: Num,
}

/// `weekly.csv`: one row per strategy and week. A playing-field run adds
/// `idle_hours_per_rep` (hours no target could use, mean per rep) and, for every segment of
/// `scenario`'s field, `fresh_left_NAME` ([`WEEKLY_SEGMENT_COLUMN`]).
///
/// # Errors
/// Only those of `out`.
pub fn write_weekly(
    out: &mut dyn Write,
    scenario: &Scenario,
    result: &SimResult,
    summaries: &[StrategySummary],
    rows: &[(String, Vec<WeekRow>)],
) -> io::Result<()> {
    let field = scenario.field.as_ref();
    let mut w = writer(out, field.is_none());
    if let Some(f) = field {
        let mut header = header_of::<WeeklyRow<'_>>()?;
        header.push_field("idle_hours_per_rep");
        for seg in &f.segments {
            header.push_field(&format!("{WEEKLY_SEGMENT_COLUMN}_{}", seg.name));
        }
        if f.has_part_b() {
            for column in WEEKLY_PART_B_COLUMNS {
                header.push_field(column);
            }
        }
        w.write_record(header.iter()).map_err(io)?;
    }
    let reps = f64::from(scenario.simulation.reps);
    let mut extra: Vec<Num> = Vec::new();
    for (k, (name, weeks)) in rows.iter().enumerate() {
        let field_run = result.strategies.get(k).and_then(|r| r.field.as_ref());
        let part_b = result.strategies.get(k).and_then(|r| r.part_b.as_ref());
        let part_b_summary = summaries.get(k).and_then(|s| s.part_b.as_ref());
        for r in weeks {
            let row = WeeklyRow {
                strategy: name,
                week: r.week,
                cumulative_revenue_mean: Num(r.revenue_mean),
                cumulative_revenue_p10: Num(r.revenue_p10),
                cumulative_revenue_p50: Num(r.revenue_p50),
                cumulative_revenue_p90: Num(r.revenue_p90),
                prospecting_hours_per_rep: Num(r.prospecting_hours),
                research_hours_per_rep: Num(r.research_hours),
                dialing_hours_per_rep: Num(r.dialing_hours),
            };
            match (field, field_run) {
                (Some(_), Some(fr)) => {
                    let week = r.week as usize - 1;
                    let s_count = fr.segment_count;
                    let trials = result.strategies[k].trials.len();
                    let per_rep_week = (trials as f64 * reps).max(1.0);
                    extra.clear();
                    extra.push(Num(fr.weekly_idle[week] / per_rep_week));
                    for s in 0..s_count {
                        // An exact sum of whole numbers: the bits of the trial-order sum.
                        let sum = fr.fresh_by_week[week * s_count + s].sum();
                        extra.push(Num(sum / trials.max(1) as f64));
                    }
                    if let Some(b) = part_b {
                        let pw = &b.weeks[week];
                        let futures = b.trials.len().max(1) as f64;
                        let per = |x: f64| Num(x / per_rep_week);
                        let customers = b.customers_by_week[week].sum();
                        extra.extend([
                            per(pw.selling_available),
                            per(pw.appointments),
                            per(pw.proposals),
                            per(pw.touches),
                            per(pw.squeezed),
                            per(pw.carry),
                            Num(part_b_summary.map_or(0.0, |s| s.squeeze_binds_share_by_week[week])),
                            Num(customers / futures),
                            Num(pw.expansion_revenue / futures),
                        ]);
                    }
                    w.serialize((row, &extra)).map_err(io)?;
                }
                _ => w.serialize(row).map_err(io)?,
            }
        }
    }
    w.flush()
}

/// A row type that can stand empty, so its header can be read off without data.
trait EmptyRow: Serialize {
    /// A row whose values do not matter.
    fn empty() -> Self;
}

impl EmptyRow for WeeklyRow<'_> {
    fn empty() -> Self {
        WeeklyRow {
            strategy: "",
            week: 0,
            cumulative_revenue_mean: Num(0.0),
            cumulative_revenue_p10: Num(0.0),
            cumulative_revenue_p50: Num(0.0),
            cumulative_revenue_p90: Num(0.0),
            prospecting_hours_per_rep: Num(0.0),
            research_hours_per_rep: Num(0.0),
            dialing_hours_per_rep: Num(0.0),
        }
    }
}

impl EmptyRow for TrialRow<'_> {
    fn empty() -> Self {
        TrialRow {
            trial: 0,
            strategy: "",
            revenue: Num(0.0),
            deals: 0,
            closes: 0,
            proposals: 0,
            appointments: 0,
            conversations: 0,
            dials: 0,
            pipeline_past_horizon: Num(0.0),
            prospecting_hours: Num(0.0),
            research_hours: Num(0.0),
            dialing_hours: Num(0.0),
        }
    }
}

/// The header the csv crate derives for row type `T`: its field names, in order.
fn header_of<T: EmptyRow>() -> io::Result<csv::StringRecord> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.serialize(T::empty()).map_err(io)?;
    let bytes = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    csv::Reader::from_reader(&bytes[..])
        .headers()
        .cloned()
        .map_err(io)
}

/// One row of `sweep.csv` after the varied keys: one strategy at one point.
#[derive(Debug, Serialize)]
struct SweepRow<'a> {
    strategy: &'a str,
    revenue_mean: Num,
    revenue_se: Num,
    revenue_p10: Num,
    revenue_p50: Num,
    revenue_p90: Num,
    deals_mean: Num,
    prospecting_hours_per_rep_week: Num,
    research_hours_per_rep_week: Num,
    dialing_hours_per_rep_week: Num,
    /// Empty for the baseline itself.
    p_beats_baseline: Option<Num>,
}

impl EmptyRow for SweepRow<'_> {
    fn empty() -> Self {
        SweepRow {
            strategy: "",
            revenue_mean: Num(0.0),
            revenue_se: Num(0.0),
            revenue_p10: Num(0.0),
            revenue_p50: Num(0.0),
            revenue_p90: Num(0.0),
            deals_mean: Num(0.0),
            prospecting_hours_per_rep_week: Num(0.0),
            research_hours_per_rep_week: Num(0.0),
            dialing_hours_per_rep_week: Num(0.0),
            p_beats_baseline: Some(Num(0.0)),
        }
    }
}

/// `sweep.csv`: one row per point and strategy; the first columns are the varied keys (their
/// dotted names as headers, quoted when a strategy name makes that necessary) and the values
/// as given on the command line.
///
/// # Errors
/// Only those of `out`.
pub fn write_sweep(out: &mut dyn Write, axes: &[Axis], points: &[SweepPoint]) -> io::Result<()> {
    let mut w = writer(out, false);
    let fields = header_of::<SweepRow<'_>>()?;
    let header = axes.iter().map(|a| a.key.text()).chain(fields.iter());
    w.write_record(header).map_err(io)?;
    for p in points {
        for s in &p.summary.strategies {
            let p_better = p
                .summary
                .comparisons
                .iter()
                .find(|c| c.strategy == s.name)
                .map(|c| Num(c.p_better));
            let row = SweepRow {
                strategy: &s.name,
                revenue_mean: Num(s.revenue.mean),
                revenue_se: Num(s.revenue.se),
                revenue_p10: Num(s.revenue.p10),
                revenue_p50: Num(s.revenue.p50),
                revenue_p90: Num(s.revenue.p90),
                deals_mean: Num(s.deals.mean),
                prospecting_hours_per_rep_week: Num(s.hours_per_rep_week.prospecting.mean),
                research_hours_per_rep_week: Num(s.hours_per_rep_week.research.mean),
                dialing_hours_per_rep_week: Num(s.hours_per_rep_week.dialing.mean),
                p_beats_baseline: p_better,
            };
            w.serialize((&p.values, row)).map_err(io)?;
        }
    }
    w.flush()
}

/// One row of `sensitivity.csv`: one input's bar of the tornado.
#[derive(Debug, Serialize)]
struct SensitivityRow<'a> {
    rank: usize,
    input: &'a str,
    /// The input's P10 (a playing-field strategy's first target's; each target is fixed at
    /// its own).
    value_at_p10: Num,
    /// Its P90, likewise.
    value_at_p90: Num,
    output_at_p10: Num,
    output_at_p90: Num,
    swing: Num,
    /// Empty when the input has no single correlation (two or more targets of a playing-field
    /// strategy draw it).
    spearman_with_rep_revenue: Option<Num>,
    /// The input's share of the variance of rep revenue (squared linear correlation, summed
    /// over a playing-field strategy's targets, over the sum of all; the shares sum to 1);
    /// empty when nothing varies.
    share_of_variance: Option<Num>,
}

impl EmptyRow for SensitivityRow<'_> {
    fn empty() -> Self {
        SensitivityRow {
            rank: 0,
            input: "",
            value_at_p10: Num(0.0),
            value_at_p90: Num(0.0),
            output_at_p10: Num(0.0),
            output_at_p90: Num(0.0),
            swing: Num(0.0),
            spearman_with_rep_revenue: Some(Num(0.0)),
            share_of_variance: Some(Num(0.0)),
        }
    }
}

/// `sensitivity.csv`: one row per input, in order of swing.
///
/// # Errors
/// Only those of `out`.
pub fn write_sensitivity(out: &mut dyn Write, s: &Sensitivity) -> io::Result<()> {
    let mut w = writer(out, false);
    w.write_record(&header_of::<SensitivityRow<'_>>()?)
        .map_err(io)?;
    for (i, b) in s.bars.iter().enumerate() {
        let rho = s.correlation(b.key).map(Num);
        w.serialize(SensitivityRow {
            rank: i + 1,
            input: b.key.name(),
            value_at_p10: Num(b.values.0),
            value_at_p90: Num(b.values.1),
            output_at_p10: Num(b.outputs.0),
            output_at_p90: Num(b.outputs.1),
            swing: Num(b.swing()),
            spearman_with_rep_revenue: rho,
            share_of_variance: s.variance_share(b.key).map(Num),
        })
        .map_err(io)?;
    }
    w.flush()
}

/// One row of `goal.csv` after the varied key's value: one probe of the search.
#[derive(Debug, Serialize)]
struct GoalRow {
    metric: Num,
    metric_se: Num,
    meets_target: bool,
}

impl EmptyRow for GoalRow {
    fn empty() -> Self {
        GoalRow {
            metric: Num(0.0),
            metric_se: Num(0.0),
            meets_target: false,
        }
    }
}

/// `goal.csv`: one row per probe, in the order the search made them; the first column is the
/// varied key (its dotted name as header).
///
/// # Errors
/// Only those of `out`.
pub fn write_goal(
    out: &mut dyn Write,
    key: &KeyPath,
    target: Target,
    seek: &GoalSeek,
) -> io::Result<()> {
    let mut w = writer(out, false);
    let fields = header_of::<GoalRow>()?;
    let header = std::iter::once(key.text()).chain(fields.iter());
    w.write_record(header).map_err(io)?;
    for p in &seek.probes {
        let row = GoalRow {
            metric: Num(p.metric),
            metric_se: Num(p.se),
            meets_target: p.metric >= target.threshold,
        };
        w.serialize((Num(p.value), row)).map_err(io)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let text = |v: f64| {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            w.serialize([Num(v)]).unwrap();
            String::from_utf8(w.into_inner().unwrap()).unwrap()
        };
        let check = |v: f64| assert_eq!(text(v), format!("{v}\n"), "{v:e}");
        for v in [
            0.0,
            -0.0,
            1.0,
            -7.0,
            0.1,
            0.3,
            1e-5,
            9.99e-6,
            1e-7,
            1.0 / 3.0,
            123456.789,
            // A tie between two shortest forms: 2^-12 past 100,000 (Ryu would round to even).
            100_000.0 + 2f64.powi(-12),
            881_490_291_707_823.0 + 0.25,
            2f64.powi(53) - 1.0,
            2f64.powi(53),
            1e16,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            check(v);
        }
        // Pseudo-random values (xorshift): any bits; revenue-like values; and odd multiples of
        // 2^-j at every scale, where ties live.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..300_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = match i % 3 {
                0 => f64::from_bits(x),
                1 => (x >> 11) as f64 / 2f64.powi(53) * 10f64.powi((x % 30) as i32 - 10),
                _ => (((x >> 11) >> (x % 50)) | 1) as f64 / 2f64.powi((x >> 58) as i32),
            };
            check(v);
        }
    }

    fn flat_scenario() -> Scenario {
        crate::config::parse_scenario(crate::config::FLAT_SCENARIO, "flat").unwrap()
    }

    fn text(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Rendered in parallel pieces, trials.csv has the bytes of one row after the other: the
    /// header once, then every trial in order, at one thread and at three (pieces of 2,048
    /// trials: 5,000 trials make three, in two waves at one thread).
    #[test]
    fn pieces_write_the_rows_in_order() {
        use crate::model::funnel::TrialTotals;
        use crate::sim::StrategyRun;
        let run = |name: &str, scale: f64| StrategyRun {
            name: name.to_string(),
            trials: (0..5_000u64)
                .map(|i| TrialTotals {
                    revenue: i as f64 * scale + 0.25,
                    deals: i % 7,
                    dials: i * 3,
                    prospecting_hours: 22.0 + (i % 5) as f64,
                    ..TrialTotals::default()
                })
                .collect(),
            cumulative_revenue: Vec::new(),
            hours: Default::default(),
            weekly_hours: Vec::new(),
            rep_revenue: Vec::new(),
            rep_draws: Vec::new(),
            trial_weekly_hours: Vec::new(),
            field: None,
            part_b: None,
        };
        let result = SimResult {
            strategies: vec![run("bottom-up", 1.5), run("top-down", 2.0)],
        };
        let scenario = flat_scenario();
        let one_by_one =
            String::from_utf8(trial_rows(&scenario, &result, 0..5_000).unwrap()).unwrap();
        assert_eq!(one_by_one.lines().count(), 1 + 2 * 5_000);
        assert!(one_by_one.starts_with("trial,strategy,revenue,"));
        assert!(one_by_one.ends_with("4999,top-down,9998.25,1,0,0,0,0,14997,0,26,0,0\n"));
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let pieces = pool.install(|| text(|w| write_trials(w, &scenario, &result)));
            assert_eq!(pieces, one_by_one, "{threads} threads");
        }
    }

    #[test]
    fn numbers_keep_their_rust_form() {
        let row = |v: f64| text(|w| writer(w, false).serialize((Num(v),)).map_err(io));
        assert_eq!(row(1.0), "1\n");
        assert_eq!(row(0.25), "0.25\n");
        assert_eq!(row(-3.5e-7), "-0.00000035\n");
        assert_eq!(row(123_456.789), "123456.789\n");
    }

    #[test]
    fn names_and_keys_are_quoted_only_when_needed() {
        let weekly = vec![(
            "70/30, \"mixed\"".to_string(),
            vec![WeekRow {
                week: 1,
                revenue_mean: 10.0,
                revenue_p10: 0.0,
                revenue_p50: 5.5,
                revenue_p90: 20.0,
                prospecting_hours: 22.0,
                research_hours: 0.0,
                dialing_hours: 22.0,
            }],
        )];
        let flat = flat_scenario();
        let empty = SimResult {
            strategies: Vec::new(),
        };
        assert_eq!(
            text(|w| write_weekly(w, &flat, &empty, &[], &weekly)),
            "strategy,week,cumulative_revenue_mean,cumulative_revenue_p10,cumulative_revenue_p50,\
             cumulative_revenue_p90,prospecting_hours_per_rep,research_hours_per_rep,\
             dialing_hours_per_rep\n\"70/30, \"\"mixed\"\"\",1,10,0,5.5,20,22,0,22\n"
        );
        let axes = [Axis {
            key: crate::model::key::KeyPath::parse("strategies.a,b.connect_rate", &["a,b"]),
            values: vec!["0.1".into()],
        }];
        let head = text(|w| write_sweep(w, &axes, &[]));
        assert_eq!(
            head,
            "\"strategies.a,b.connect_rate\",strategy,revenue_mean,revenue_se,revenue_p10,\
             revenue_p50,revenue_p90,deals_mean,prospecting_hours_per_rep_week,\
             research_hours_per_rep_week,dialing_hours_per_rep_week,p_beats_baseline\n"
        );
    }

    #[test]
    fn an_empty_run_still_has_its_header() {
        let empty = SimResult {
            strategies: Vec::new(),
        };
        assert_eq!(
            text(|w| write_trials(w, &flat_scenario(), &empty)),
            "trial,strategy,revenue,deals,closes,proposals,appointments,conversations,dials,\
             pipeline_past_horizon,prospecting_hours,research_hours,dialing_hours\n"
        );
    }

    /// A playing-field run's per-segment columns: named after the segments, and adding up to
    /// the trial's own figures (revenue, deals) and to the run's week rows.
    #[test]
    fn playing_field_runs_add_per_segment_columns() {
        let scenario = crate::config::built_in_with_trials(6);
        let run = crate::analysis::run(&scenario, &|_| {});
        let weekly = crate::analysis::weekly::all_week_rows(&scenario, &run.result);
        let field = scenario.field.as_ref().unwrap();
        let s_count = field.segments.len();

        let trials = text(|w| write_trials(w, &scenario, &run.result));
        let mut reader = csv::Reader::from_reader(trials.as_bytes());
        let header = reader.headers().unwrap().clone();
        let base = header_of::<TrialRow<'_>>().unwrap().len();
        assert_eq!(
            header.len(),
            base + 4 * s_count + TRIAL_PART_B_COLUMNS.len()
        );
        let expansion = base + 4 * s_count + 1;
        assert_eq!(&header[expansion], "revenue_expansion");
        assert_eq!(&header[base], format!("revenue_{}", field.segments[0].name));
        assert_eq!(
            &header[base + 3],
            format!("fresh_left_{}", field.segments[0].name)
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 6 * scenario.strategies.len());
        for row in &rows {
            let num = |k: usize| row[k].parse::<f64>().unwrap();
            let revenue: f64 = (0..s_count).map(|s| num(base + 4 * s)).sum();
            let deals: f64 = (0..s_count).map(|s| num(base + 4 * s + 1)).sum();
            // Revenue: the same deals summed in another order (segment by segment), so equal
            // up to rounding; deals are whole.
            // The segments' revenue is new logos: the trial's revenue less expansion.
            let new_logos = num(2) - num(expansion);
            assert!(
                (revenue - new_logos).abs() <= 1e-9 * num(2).max(1.0),
                "{row:?}"
            );
            assert_eq!(deals, num(3), "{row:?}");
        }

        let text_weekly =
            text(|w| write_weekly(w, &scenario, &run.result, &run.summary.strategies, &weekly));
        let mut reader = csv::Reader::from_reader(text_weekly.as_bytes());
        let header = reader.headers().unwrap().clone();
        let base = header_of::<WeeklyRow<'_>>().unwrap().len();
        assert_eq!(&header[base], "idle_hours_per_rep");
        assert_eq!(
            header.len(),
            base + 1 + s_count + WEEKLY_PART_B_COLUMNS.len()
        );
        assert_eq!(&header[base + 1 + s_count + 7], "customers_mean");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let weeks = scenario.simulation.weeks as usize;
        assert_eq!(rows.len(), weeks * scenario.strategies.len());
        // The last week's fresh accounts are the mean over trials of the horizon's.
        for (k, run) in run.result.strategies.iter().enumerate() {
            let fr = run.field.as_ref().unwrap();
            let last = &rows[k * weeks + weeks - 1];
            for s in 0..s_count {
                let mean = fr.segment_trials(s).map(|x| x.fresh as f64).sum::<f64>() / 6.0;
                let got: f64 = last[base + 1 + s].parse().unwrap();
                assert!((got - mean).abs() < 1e-9, "segment {s}: {got} vs {mean}");
            }
        }
    }
}
