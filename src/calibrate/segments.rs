//! Segments of the playing field from an accounts export: industry x size band, the accounts
//! in each, and each segment's closing ratio and deal size relative to the team's.
//!
//! Size bands (by employees; by annual revenue in the export's currency where employees are
//! blank): small 1-49 employees (revenue under 10 million), mid-size 50-999 (10 million to
//! under 1 billion), large 1,000 and more (1 billion and more); neither known: unknown size.
//! A deal belongs to the segment of its account (names matched ignoring case and surrounding
//! spaces); deals whose account is not in the accounts export are counted and left out of the
//! segments (they still count for the team's fits).
//!
//! A segment's closing ratio is its posterior mean under a beta-binomial fitted *across
//! segments* ([`super::betabinomial`], the same counts as the team's closing ratio): a thin
//! segment is pulled toward the others, and when segments differ no more than binomial noise
//! explains every segment gets the pooled rate. Its deal size is a `revenue_factor`:
//! exp(w (m_s - mu)), m_s the mean log amount of its won deals, mu the team's, shrunk by
//! w = tau^2 / (tau^2 + sigma^2 / n_s), tau^2 the between-segment variance of the mean log
//! amount by the method of moments (max(0, var of m_s - mean of sigma^2 / n_s)). A segment with
//! fewer than 30 closed deals is warned about. See docs/calibrate.md.

use std::collections::{BTreeMap, HashMap};

use super::amounts::LognormalFit;
use super::betabinomial::{self, BetaBinomialFit};
use super::fit::{ClosingBase, THIN_SEGMENT_DEALS, plural};
use super::records::{Account, ActivityKind, Dataset, Outcome};

/// A company-size band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeBand {
    /// 1-49 employees (or revenue under 10 million).
    Small,
    /// 50-999 employees (or revenue from 10 million to under 1 billion).
    MidSize,
    /// 1,000 employees and more (or revenue of 1 billion and more).
    Large,
    /// Neither employees nor revenue given.
    Unknown,
}

impl SizeBand {
    /// The band of an account.
    pub fn of(account: &Account) -> SizeBand {
        match (account.employees, account.annual_revenue) {
            (Some(e), _) if e < 50 => SizeBand::Small,
            (Some(e), _) if e < 1000 => SizeBand::MidSize,
            (Some(_), _) => SizeBand::Large,
            (None, Some(r)) if r < 1e7 => SizeBand::Small,
            (None, Some(r)) if r < 1e9 => SizeBand::MidSize,
            (None, Some(_)) => SizeBand::Large,
            (None, None) => SizeBand::Unknown,
        }
    }

    /// The band's name in a segment name.
    pub fn slug(self) -> &'static str {
        match self {
            SizeBand::Small => "small",
            SizeBand::MidSize => "mid-size",
            SizeBand::Large => "large",
            SizeBand::Unknown => "unknown-size",
        }
    }

    /// The band in words, for the scenario's `size` label.
    pub fn label(self) -> &'static str {
        match self {
            SizeBand::Small => "1-49 employees",
            SizeBand::MidSize => "50-999 employees",
            SizeBand::Large => "1,000+ employees",
            SizeBand::Unknown => "size unknown",
        }
    }
}

/// One segment as fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The scenario's segment name (letters, digits and '-'; unique).
    pub name: String,
    /// The industry as written in the export ("unknown industry" when blank).
    pub industry: String,
    /// The size band.
    pub band: SizeBand,
    /// Accounts of the export in this segment.
    pub accounts: usize,
    /// Closed deals (won and lost) of its accounts.
    pub closed: u64,
    /// (won, tries) as the team's closing ratio counts them.
    pub closing_counts: (u64, u64),
    /// The closing ratio shrunk across segments.
    pub closing: f64,
    /// Won deals with an amount.
    pub amounts: usize,
    /// exp(m_s - mu) before shrinking; None without amounts.
    pub revenue_factor_observed: Option<f64>,
    /// The shrunk revenue factor written to the scenario.
    pub revenue_factor: f64,
    /// The segment's share of the team's effort (dials, or deals without activities).
    pub share: f64,
    /// Fewer than [`THIN_SEGMENT_DEALS`] closed deals.
    pub thin: bool,
}

/// The segments of one calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentsFit {
    /// Segments, most accounts first (then by name).
    pub segments: Vec<Segment>,
    /// The beta-binomial across segments of the closing ratio (None when no segment has a
    /// closed deal).
    pub closing_between: Option<BetaBinomialFit>,
    /// tau: the sd between segments of the mean log deal size (0 when none is detectable).
    pub tau: f64,
    /// Deals whose account is not in the accounts export.
    pub unmatched_deals: usize,
    /// What the shares are counted from, in words.
    pub share_from: &'static str,
}

/// Letters and digits kept, everything else one '-'.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(40).collect();
    if out.is_empty() {
        "other".to_string()
    } else {
        out.trim_end_matches('-').to_string()
    }
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Fits the segments of `data` (which has accounts). Thin segments and unmatched deals add to
/// `warnings`. None when no account could be placed (never, with one account or more).
pub fn fit(
    data: &Dataset,
    base: ClosingBase,
    team_amounts: Option<&LognormalFit>,
    from_dials: bool,
    warnings: &mut Vec<String>,
) -> Option<SegmentsFit> {
    // Segment of each account, by (industry, band) in a BTreeMap for a stable order.
    let mut groups: BTreeMap<(String, SizeBand), usize> = BTreeMap::new();
    let mut of_account: HashMap<String, (String, SizeBand)> = HashMap::new();
    for a in &data.accounts {
        let industry = a
            .industry
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("unknown industry")
            .to_string();
        let band = SizeBand::of(a);
        *groups.entry((industry.clone(), band)).or_default() += 1;
        of_account.entry(key(&a.name)).or_insert((industry, band));
    }
    if groups.is_empty() {
        return None;
    }
    let index: BTreeMap<(String, SizeBand), usize> = groups
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    let n = groups.len();
    let mut closing_counts = vec![(0u64, 0u64); n];
    let mut closed = vec![0u64; n];
    let mut logs: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut effort = vec![0.0f64; n];
    let mut unmatched = 0;
    let segment_of = |account: &Option<String>| {
        account
            .as_deref()
            .and_then(|a| of_account.get(&key(a)))
            .map(|k| index[k])
    };
    for o in &data.opportunities {
        let Some(s) = segment_of(&o.account) else {
            unmatched += 1;
            continue;
        };
        if !from_dials {
            effort[s] += 1.0;
        }
        let won = o.outcome == Outcome::Won;
        if o.outcome != Outcome::Open {
            closed[s] += 1;
            let counts = match base {
                ClosingBase::AllClosed => true,
                ClosingBase::ReachedProposal => won || o.reached_proposal == Some(true),
            };
            if counts {
                closing_counts[s].0 += won as u64;
                closing_counts[s].1 += 1;
            }
        }
        if won && let Some(a) = o.amount.filter(|a| a.is_finite() && *a > 0.0) {
            logs[s].push(a.ln());
        }
    }
    if from_dials {
        for a in data
            .activities
            .iter()
            .filter(|a| a.kind == ActivityKind::Dial)
        {
            if let Some(s) = segment_of(&a.account) {
                effort[s] += 1.0;
            }
        }
    }
    if unmatched > 0 {
        warnings.push(format!(
            "{} an account that is not in the accounts export: left out of the segments (they \
             count for the team's fits)",
            plural(unmatched, "deal names", "deals name")
        ));
    }

    let closing_between = betabinomial::fit(&closing_counts);
    let pooled = closing_between
        .as_ref()
        .map(|f| f.mean.value)
        .unwrap_or(0.0);

    // Deal size: normal-normal shrinkage of each segment's mean log amount.
    let (mu, sigma) = team_amounts
        .map(|f| (f.mu.value, f.sigma.value))
        .unwrap_or((0.0, 0.0));
    let means: Vec<Option<(f64, f64)>> = logs
        .iter()
        .map(|l| (!l.is_empty()).then(|| (l.iter().sum::<f64>() / l.len() as f64, l.len() as f64)))
        .collect();
    let present: Vec<(f64, f64)> = means.iter().flatten().copied().collect();
    let tau2 = if present.len() >= 2 && team_amounts.is_some() {
        let k = present.len() as f64;
        let mean_of_means = present.iter().map(|(m, _)| m).sum::<f64>() / k;
        let var = present
            .iter()
            .map(|(m, _)| (m - mean_of_means).powi(2))
            .sum::<f64>()
            / (k - 1.0);
        let noise = present.iter().map(|(_, n)| sigma * sigma / n).sum::<f64>() / k;
        (var - noise).max(0.0)
    } else {
        0.0
    };
    let total_effort: f64 = effort.iter().sum();

    let mut used_names: HashMap<String, usize> = HashMap::new();
    let mut segments: Vec<Segment> = groups
        .iter()
        .enumerate()
        .map(|(i, ((industry, band), &accounts))| {
            let (observed, factor) = match (means[i], team_amounts) {
                (Some((m, n)), Some(_)) => {
                    let w = if tau2 > 0.0 {
                        tau2 / (tau2 + sigma * sigma / n)
                    } else {
                        0.0
                    };
                    (Some((m - mu).exp()), (w * (m - mu)).exp())
                }
                _ => (None, 1.0),
            };
            let closing = closing_between
                .as_ref()
                .map(|f| f.shrunk[i])
                .unwrap_or(pooled);
            Segment {
                name: format!("{}-{}", slug(industry), band.slug()),
                industry: industry.clone(),
                band: *band,
                accounts,
                closed: closed[i],
                closing_counts: closing_counts[i],
                closing,
                amounts: logs[i].len(),
                revenue_factor_observed: observed,
                revenue_factor: factor,
                share: if total_effort > 0.0 {
                    effort[i] / total_effort
                } else {
                    0.0
                },
                thin: closed[i] < THIN_SEGMENT_DEALS,
            }
        })
        .collect();
    segments.sort_by(|a, b| {
        b.accounts
            .cmp(&a.accounts)
            .then_with(|| a.name.cmp(&b.name))
    });
    for s in &mut segments {
        let seen = used_names.entry(s.name.clone()).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            s.name = format!("{}-{}", s.name, seen);
        }
    }
    for s in segments.iter().filter(|s| s.thin) {
        warnings.push(format!(
            "segment {}: {} closed deals (fewer than {THIN_SEGMENT_DEALS}): its closing ratio and \
             deal size are pulled toward the other segments'",
            s.name, s.closed
        ));
    }
    Some(SegmentsFit {
        segments,
        closing_between,
        tau: tau2.sqrt(),
        unmatched_deals: unmatched,
        share_from: if from_dials {
            "dials on its accounts"
        } else {
            "deals on its accounts"
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(employees: Option<u64>, revenue: Option<f64>) -> Account {
        Account {
            row: 1,
            name: "a".into(),
            industry: None,
            employees,
            annual_revenue: revenue,
        }
    }

    #[test]
    fn size_bands_by_employees_then_revenue() {
        let cases = [
            (Some(1), None, SizeBand::Small),
            (Some(49), Some(5e9), SizeBand::Small),
            (Some(50), None, SizeBand::MidSize),
            (Some(999), None, SizeBand::MidSize),
            (Some(1000), None, SizeBand::Large),
            (None, Some(9.9e6), SizeBand::Small),
            (None, Some(1e7), SizeBand::MidSize),
            (None, Some(1e9), SizeBand::Large),
            (None, None, SizeBand::Unknown),
        ];
        for (e, r, band) in cases {
            assert_eq!(SizeBand::of(&account(e, r)), band, "{e:?} {r:?}");
        }
    }

    #[test]
    fn segment_names_are_scenario_names() {
        assert_eq!(slug("Law & Accounting "), "law-accounting");
        assert_eq!(slug("Médical"), "m-dical");
        assert_eq!(slug("  "), "other");
    }
}
