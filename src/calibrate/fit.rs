//! From a [`Dataset`] to a [`Calibration`]: which counts and times feed which estimator, and
//! what the data cannot show.
//!
//! - closing ratio (`proposal_to_close`): per rep, won / (won + lost); where the export shows
//!   which deals reached a proposal, won / (closed deals that reached one), and
//!   `appointment_to_proposal` from the same deals: a beta-binomial across reps each
//!   ([`betabinomial`]). An opportunity is the model's appointment (a CRM opportunity is opened
//!   at the first meeting); without a proposal stage every closed deal counts as a proposal and
//!   `appointment_to_proposal` is 1, so the product of the two is the export's win rate.
//! - from activities: connect rate (connected / dials with a logged outcome) and
//!   conversation -> appointment (meetings / connected dials), beta-binomials across reps;
//!   dials per rep-week over the weeks the activities span, scaled to working weeks by
//!   `weeks_per_year`; dials per account (dials / distinct accounts dialed, per rep).
//! - the won-deal cycle ([`cycle`]) from created (or engaged) to close, open deals censored at
//!   their age on the as-of date (the latest date anywhere in the export).
//! - revenue per sale ([`amounts`]) from won deals with a positive amount.
//! - with accounts: segments ([`segments`]).
//!
//! See docs/calibrate.md for the formulas and ARCHITECTURE.md for where this sits.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::amounts::{self, LognormalFit};
use super::betabinomial::{self, BetaBinomialFit};
use super::cycle::{self, CycleFit, CycleObs};
use super::dispersion::{self, Dispersion};
use super::records::{ActivityKind, Dataset, Outcome};
use super::segments::{self, SegmentsFit};

/// A rep with fewer closed deals than this gets a thin-data warning.
pub const THIN_REP_DEALS: u64 = 20;
/// A segment with fewer closed deals than this gets a thin-data warning (and is shrunk).
pub const THIN_SEGMENT_DEALS: u64 = 30;

/// Choices of a calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOptions {
    /// Working weeks in a year (default 52): dials per calendar week are scaled by
    /// 52 / weeks_per_year to dials per working rep-week.
    pub weeks_per_year: f64,
    /// Whether the report may show the reps' names (else "Rep 1".."Rep N").
    pub show_names: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            weeks_per_year: 52.0,
            show_names: false,
        }
    }
}

/// Which deals the closing ratio is counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosingBase {
    /// No lost deal shows whether it reached a proposal (the export has no proposal stage, or
    /// lost deals lose theirs): won / (won + lost) of all closed deals, and
    /// `appointment_to_proposal` written as 1.
    AllClosed,
    /// The export shows which deals reached a proposal: won / (closed deals that reached one).
    ReachedProposal,
}

/// One rate fitted across reps.
#[derive(Debug, Clone, PartialEq)]
pub struct RateFit {
    /// The fit.
    pub fit: BetaBinomialFit,
    /// Per rep (in [`Calibration::reps`] order): (successes, tries).
    pub counts: Vec<(u64, u64)>,
    /// What a try is, in words ("closed deals", "dials", ...).
    pub tries_are: &'static str,
    /// The fit check of the spread between reps; None with fewer than two reps with a try or
    /// a pooled rate of 0 or 1.
    pub spread_check: Option<Dispersion>,
}

/// Dials per rep-week, from the activities.
#[derive(Debug, Clone, PartialEq)]
pub struct DialsFit {
    /// Dials logged.
    pub dials: u64,
    /// Calendar weeks the activities span (first to last activity, inclusive, / 7).
    pub calendar_weeks: f64,
    /// Working weeks in that span (calendar weeks x weeks_per_year / 52).
    pub working_weeks: f64,
    /// Reps who logged a dial.
    pub reps: usize,
    /// Mean dials per working rep-week (over the reps who dialed).
    pub mean: f64,
    /// Sd of dials over rep-weeks (each rep's weeks, scaled like the mean).
    pub sd: f64,
    /// Mean dials per account (total dials with an account / distinct (rep, account) pairs);
    /// None when no dial names its account.
    pub per_account: Option<f64>,
}

/// Everything fitted from one dataset, with what it could not fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The reps as the report shows them: their names with `show_names`, else "Rep 1".."Rep N".
    pub reps: Vec<String>,
    /// The as-of date: the latest date anywhere in the export (open deals are censored there).
    pub as_of: Option<NaiveDate>,
    /// Opportunities used, and of them won, lost and open.
    pub deals: DealCounts,
    /// Which deals the closing ratio counts.
    pub closing_base: ClosingBase,
    /// The export's win rate, won / (won + lost) per rep, across reps: the closing ratio itself
    /// without a proposal stage; with one, what `appointment_to_proposal` times
    /// `proposal_to_close` should give.
    pub win_rate: Option<RateFit>,
    /// `proposal_to_close`.
    pub closing: Option<RateFit>,
    /// `appointment_to_proposal`, where the export shows a proposal stage.
    pub appointment_to_proposal: Option<RateFit>,
    /// `connect_rate`, from activities.
    pub connect: Option<RateFit>,
    /// `conversation_to_appointment`, from activities.
    pub conversation_to_appointment: Option<RateFit>,
    /// Dials per rep-week, from activities.
    pub dials: Option<DialsFit>,
    /// `sales_cycle_weeks`.
    pub cycle: Option<CycleFit>,
    /// `revenue_per_sale`.
    pub amounts: Option<LognormalFit>,
    /// Won deals left out of the deal size (no amount, or not above 0).
    pub won_without_amount: usize,
    /// Segments, with an accounts export.
    pub segments: Option<SegmentsFit>,
    /// Thin-data and other warnings, one line each, in the order found.
    pub warnings: Vec<String>,
    /// The options used.
    pub options: FitOptions,
}

/// How many deals of each outcome were used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DealCounts {
    /// Won.
    pub won: usize,
    /// Lost.
    pub lost: usize,
    /// Open on the as-of date.
    pub open: usize,
}

/// Days between two dates, in weeks.
fn weeks_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64 / 7.0
}

/// The latest date anywhere in the export.
fn as_of(data: &Dataset) -> Option<NaiveDate> {
    let deals = data
        .opportunities
        .iter()
        .flat_map(|o| [Some(o.created), o.closed])
        .flatten();
    let activities = data.activities.iter().map(|a| a.date);
    deals.chain(activities).max()
}

/// Fits every input the data show. Never fails: an input without data stays `None` (the
/// scenario keeps its built-in value and says "not calibrated").
pub fn calibrate(data: &Dataset, options: &FitOptions) -> Calibration {
    let n_reps = data.reps.len();
    let reps: Vec<String> = if options.show_names {
        data.reps.clone()
    } else {
        (1..=n_reps).map(|i| format!("Rep {i}")).collect()
    };
    let as_of = as_of(data);
    let mut warnings = Vec::new();

    // Deals: outcome counts, and per rep the closing ratio's and a2p's counts.
    let mut deals = DealCounts::default();
    let proposal_known = data
        .opportunities
        .iter()
        .any(|o| o.outcome == Outcome::Lost && o.reached_proposal.is_some());
    let closing_base = if proposal_known {
        ClosingBase::ReachedProposal
    } else {
        ClosingBase::AllClosed
    };
    let mut closing_counts = vec![(0u64, 0u64); n_reps];
    let mut win_counts = vec![(0u64, 0u64); n_reps];
    let mut a2p_counts = vec![(0u64, 0u64); n_reps];
    let mut closed_per_rep = vec![0u64; n_reps];
    let mut cycle_obs = Vec::new();
    let mut bad_dates = 0usize;
    let mut won_amounts = Vec::new();
    let mut won_without_amount = 0;
    for o in &data.opportunities {
        match o.outcome {
            Outcome::Won => deals.won += 1,
            Outcome::Lost => deals.lost += 1,
            Outcome::Open => deals.open += 1,
        }
        let won = o.outcome == Outcome::Won;
        if o.outcome != Outcome::Open {
            closed_per_rep[o.rep] += 1;
            win_counts[o.rep].0 += won as u64;
            win_counts[o.rep].1 += 1;
            // A won deal got a proposal whatever its recorded stage.
            let reached = if won { Some(true) } else { o.reached_proposal };
            match closing_base {
                ClosingBase::AllClosed => {
                    closing_counts[o.rep].0 += won as u64;
                    closing_counts[o.rep].1 += 1;
                }
                ClosingBase::ReachedProposal => {
                    if let Some(r) = reached {
                        a2p_counts[o.rep].0 += r as u64;
                        a2p_counts[o.rep].1 += 1;
                        if r {
                            closing_counts[o.rep].0 += won as u64;
                            closing_counts[o.rep].1 += 1;
                        }
                    }
                }
            }
        }
        let obs = match (o.outcome, o.closed, as_of) {
            (Outcome::Won, Some(c), _) => Some(CycleObs::Won(weeks_between(o.created, c))),
            (Outcome::Lost, Some(c), _) => Some(CycleObs::Lost(weeks_between(o.created, c))),
            (Outcome::Open, _, Some(d)) => Some(CycleObs::Open(weeks_between(o.created, d))),
            _ => None,
        };
        match obs {
            Some(CycleObs::Won(t) | CycleObs::Lost(t) | CycleObs::Open(t)) if t < 0.0 => {
                bad_dates += 1
            }
            Some(obs) => cycle_obs.push(obs),
            None => {}
        }
        if won {
            match o.amount {
                Some(a) if a.is_finite() && a > 0.0 => won_amounts.push(a),
                _ => won_without_amount += 1,
            }
        }
    }
    if bad_dates > 0 {
        warnings.push(format!(
            "{} before they were created: left out of the sales cycle",
            plural(bad_dates, "deal closes", "deals close")
        ));
    }
    for (i, &closed) in closed_per_rep.iter().enumerate() {
        if closed > 0 && closed < THIN_REP_DEALS {
            warnings.push(format!(
                "{}: {closed} closed deals (fewer than {THIN_REP_DEALS}): its own closing ratio is \
                 noisy, so the fit shrinks it toward the team's",
                reps[i]
            ));
        }
    }
    let rate = |counts: Vec<(u64, u64)>, tries_are| {
        betabinomial::fit(&counts).map(|fit| RateFit {
            spread_check: dispersion::check(&counts, &fit),
            fit,
            counts,
            tries_are,
        })
    };
    let win_rate = rate(win_counts, "closed deals");
    let closing = rate(
        closing_counts,
        match closing_base {
            ClosingBase::AllClosed => "closed deals",
            ClosingBase::ReachedProposal => "closed deals that reached a proposal",
        },
    );
    let appointment_to_proposal = match closing_base {
        ClosingBase::AllClosed => None,
        ClosingBase::ReachedProposal => rate(a2p_counts, "closed deals with a known stage"),
    };

    // Activities.
    let mut connect_counts = vec![(0u64, 0u64); n_reps];
    let mut meetings = vec![0u64; n_reps];
    for a in &data.activities {
        match a.kind {
            ActivityKind::Dial => {
                if let Some(c) = a.connected {
                    connect_counts[a.rep].0 += c as u64;
                    connect_counts[a.rep].1 += 1;
                }
            }
            ActivityKind::Meeting => meetings[a.rep] += 1,
        }
    }
    // Meetings per conversation needs conversations: dials with a logged outcome.
    let any_meeting =
        meetings.iter().any(|&m| m > 0) && connect_counts.iter().any(|&(_, tries)| tries > 0);
    let mut clamped = 0;
    let c2a_counts: Vec<(u64, u64)> = meetings
        .iter()
        .zip(&connect_counts)
        .map(|(&m, &(conv, _))| {
            if m > conv {
                clamped += 1;
            }
            (m.min(conv), conv)
        })
        .collect();
    if clamped > 0 && any_meeting {
        warnings.push(format!(
            "{} more meetings than connected dials: counted as one meeting per connected dial \
             at most",
            plural(clamped, "rep logged", "reps logged")
        ));
    }
    let connect = rate(connect_counts, "dials with a logged outcome");
    let conversation_to_appointment = if any_meeting {
        rate(c2a_counts, "connected dials")
    } else {
        None
    };
    let dials = dials_fit(data, options);

    let cycle = cycle::fit(&cycle_obs);
    let amounts = amounts::fit(&won_amounts);
    if won_without_amount > 0 {
        warnings.push(format!(
            "{} without a positive amount: counted for the closing ratio, left out of the deal \
             size",
            plural(won_without_amount, "won deal", "won deals")
        ));
    }
    let segments = if data.accounts.is_empty() {
        None
    } else {
        segments::fit(
            data,
            closing_base,
            amounts.as_ref(),
            dials.is_some(),
            &mut warnings,
        )
    };
    Calibration {
        reps,
        as_of,
        deals,
        closing_base,
        win_rate,
        closing,
        appointment_to_proposal,
        connect,
        conversation_to_appointment,
        dials,
        cycle,
        amounts,
        won_without_amount,
        segments,
        warnings,
        options: options.clone(),
    }
}

/// Dials per working rep-week over the activities' span.
fn dials_fit(data: &Dataset, options: &FitOptions) -> Option<DialsFit> {
    let dial_dates: Vec<(usize, NaiveDate)> = data
        .activities
        .iter()
        .filter(|a| a.kind == ActivityKind::Dial)
        .map(|a| (a.rep, a.date))
        .collect();
    let first = data.activities.iter().map(|a| a.date).min()?;
    let last = data.activities.iter().map(|a| a.date).max()?;
    if dial_dates.is_empty() {
        return None;
    }
    let days = (last - first).num_days() + 1;
    let calendar_weeks = days as f64 / 7.0;
    let scale = 52.0 / options.weeks_per_year; // calendar weeks per working week
    let working_weeks = calendar_weeks / scale;
    // Whole weeks from the first activity: rep-week counts (a last partial week is scaled up
    // to a full one by its days).
    let whole = ((days + 6) / 7) as usize;
    let last_days = days - 7 * (whole as i64 - 1);
    let mut per_rep_week: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    for &(rep, date) in &dial_dates {
        let week = ((date - first).num_days() / 7) as usize;
        per_rep_week.entry(rep).or_insert_with(|| vec![0.0; whole])[week] += 1.0;
    }
    let mut values = Vec::new();
    for weeks in per_rep_week.values() {
        for (w, &n) in weeks.iter().enumerate() {
            let length = if w + 1 == whole {
                last_days as f64 / 7.0
            } else {
                1.0
            };
            values.push(n / length * scale);
        }
    }
    let reps = per_rep_week.len();
    let dials = dial_dates.len() as u64;
    let mean = dials as f64 / (working_weeks * reps as f64);
    let sd = if values.len() > 1 {
        let m = values.iter().sum::<f64>() / values.len() as f64;
        (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64).sqrt()
    } else {
        0.0
    };
    let mut pairs = BTreeSet::new();
    let mut with_account = 0u64;
    for a in data
        .activities
        .iter()
        .filter(|a| a.kind == ActivityKind::Dial)
    {
        if let Some(acc) = &a.account {
            pairs.insert((a.rep, acc.trim().to_lowercase()));
            with_account += 1;
        }
    }
    let per_account = (!pairs.is_empty()).then(|| with_account as f64 / pairs.len() as f64);
    Some(DialsFit {
        dials,
        calendar_weeks,
        working_weeks,
        reps,
        mean,
        sd,
        per_account,
    })
}

/// `n` with the words that agree with it: "1 deal closes", "3 deals close".
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
