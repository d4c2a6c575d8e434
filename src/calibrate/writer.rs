//! The scenario a calibration writes: TOML text, every fitted value with its reps, deals,
//! interval and method in a comment, every value the data cannot show kept at the built-in
//! (`configs/seed-telecom.toml`'s bottom-up strategy) and marked "not calibrated".
//!
//! Without segments it is a flat scenario (docs/model.md); with an accounts export, a
//! playing-field scenario in the shape of `configs/telecom-territory.toml`: one segment per
//! industry and size band, one contact ("as-logged": the export does not say whom the reps
//! called), one strategy ("as-is") whose targets are the segments, with each segment's
//! closing ratio on its target. Rep names never appear. The text is checked by
//! `config::parse_scenario_with` in the tests.

use std::fmt::Write as _;

use super::betabinomial::Estimate;
use super::fit::{Calibration, ClosingBase, RateFit};
use super::segments::SegmentsFit;

/// The scenario's seed (the built-in scenarios' own).
const SEED: u64 = 20_110_426;
/// The scenario's trials, weeks.
const TRIALS: u64 = 10_000;
const WEEKS: u64 = 52;
/// Built-in `dials_per_hour` (seed-telecom): a logged call has no duration, so the pace is not
/// calibrated; prospecting hours are dials per week over it.
pub const BUILT_IN_DIALS_PER_HOUR: f64 = 15.0;

/// Built-in values of the inputs the data may not show, as TOML values with their source.
const BUILT_IN_HOURS: &str = r#"{ dist = "normal", mean = 22, sd = 3, min = 0, max = 60 }"#;
const BUILT_IN_CONNECT: &str = r#"{ dist = "beta", mean = 0.10, sd = 0.03 }"#;
const BUILT_IN_C2A: &str = r#"{ dist = "beta", mean = 0.08, sd = 0.03 }"#;
const BUILT_IN_A2P: &str = r#"{ dist = "beta", mean = 0.35, sd = 0.08 }"#;
const BUILT_IN_CLOSE: &str = r#"{ dist = "beta", mean = 0.20, sd = 0.06 }"#;
const BUILT_IN_CYCLE: &str = r#"{ dist = "lognormal", median = 12, p95 = 26 }"#;
const BUILT_IN_REVENUE: &str = r#"{ dist = "lognormal", median = 6000, p95 = 20000 }"#;

/// A number with at most `decimals` decimals, trailing zeros dropped.
fn num(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A rate's interval in words: "0.22 to 0.28".
fn interval(e: &Estimate, decimals: usize) -> String {
    format!("{} to {}", num(e.low, decimals), num(e.high, decimals))
}

/// A rate fitted across reps as a spec: the beta with the fitted mean and between-rep sd, or
/// the mean as a constant when no spread is detectable; and its comment.
pub fn rate_spec(r: &RateFit) -> (String, String) {
    let f = &r.fit;
    let m = f.mean.value;
    let what = format!(
        "fitted: beta-binomial across {} reps by maximum likelihood, {} {}; mean {} (90% \
         interval {}, profile likelihood)",
        f.reps,
        f.tries,
        r.tries_are,
        num(m, 4),
        interval(&f.mean, 4)
    );
    // A spread that rounds to 0 at four decimals would be a beta with sd 0, which config
    // refuses: written as one value, like no spread.
    let spread_shown = f.spread.value >= 0.000_05;
    if f.no_spread() || !spread_shown || m <= 0.0 || m >= 1.0 {
        let why = if m <= 0.0 || m >= 1.0 {
            "every try ended the same way".to_string()
        } else if !f.no_spread() {
            format!(
                "sd between reps {} (0 to {}), below what four decimals show: written as one \
                 value for every rep",
                f.spread.value,
                num(f.spread.high, 4)
            )
        } else {
            format!(
                "no spread between reps detectable (sd 0 to {}): written as one value for every rep",
                num(f.spread.high, 4)
            )
        };
        (num(m, 4), format!("{what}; {why}"))
    } else {
        // A beta needs sd^2 < m(1 - m); rounding to four decimals keeps it well inside.
        let sd = f.spread.value.min(0.99 * (m * (1.0 - m)).sqrt());
        (
            format!(
                r#"{{ dist = "beta", mean = {}, sd = {} }}"#,
                num(m, 4),
                num(sd, 4)
            ),
            format!(
                "{what}; sd between reps {} ({})",
                num(sd, 4),
                interval(&f.spread, 4)
            ),
        )
    }
}

/// The scenario's values, each with its comment, in the order a strategy lists them.
struct Values {
    hours: (String, String),
    research: (String, String),
    dials_per_account: (String, String),
    dials_per_hour: (String, String),
    connect: (String, String),
    c2a: (String, String),
    a2p: (String, String),
    close: (String, String),
    cycle: (String, String),
    revenue: (String, String),
}

fn not_calibrated(value: &str, why: &str) -> (String, String) {
    (
        value.to_string(),
        format!("not calibrated: {why}; the built-in value"),
    )
}

fn values(c: &Calibration) -> Values {
    let hours = match &c.dials {
        Some(d) => {
            let mean = d.mean / BUILT_IN_DIALS_PER_HOUR;
            let sd = d.sd / BUILT_IN_DIALS_PER_HOUR;
            // An sd that rounds to 0 at two decimals is written as one value (config refuses sd 0).
            let value = if sd >= 0.005 {
                format!(
                    r#"{{ dist = "normal", mean = {}, sd = {}, min = 0, max = 168 }}"#,
                    num(mean, 2),
                    num(sd, 2)
                )
            } else {
                num(mean, 2)
            };
            (
                value,
                format!(
                    "fitted: {} dials by {} reps over {} working weeks ({} calendar weeks x {}/52): {} \
                     dials per rep-week (sd {} over rep-weeks), at the built-in {} dials an hour \
                     (a logged call has no duration: dials_per_hour is not calibrated)",
                    d.dials,
                    d.reps,
                    num(d.working_weeks, 1),
                    num(d.calendar_weeks, 1),
                    num(c.options.weeks_per_year, 1),
                    num(d.mean, 1),
                    num(d.sd, 1),
                    num(BUILT_IN_DIALS_PER_HOUR, 0)
                ),
            )
        }
        None => not_calibrated(BUILT_IN_HOURS, "no activities export"),
    };
    let research = not_calibrated("0", "an export does not show research time");
    let dials_per_account = match c.dials.as_ref().and_then(|d| d.per_account) {
        Some(p) => (
            num(p, 2),
            "fitted: dials per account, total dials over the (rep, account) pairs dialed"
                .to_string(),
        ),
        None => not_calibrated("2", "no dial names its account"),
    };
    let dials_per_hour = not_calibrated(
        &num(BUILT_IN_DIALS_PER_HOUR, 0),
        "a logged call has no duration",
    );
    let connect = c
        .connect
        .as_ref()
        .map(rate_spec)
        .unwrap_or_else(|| not_calibrated(BUILT_IN_CONNECT, "no dial with a logged outcome"));
    let c2a = c
        .conversation_to_appointment
        .as_ref()
        .map(rate_spec)
        .unwrap_or_else(|| not_calibrated(BUILT_IN_C2A, "no meetings and connected dials logged"));
    let a2p = match (c.closing_base, &c.appointment_to_proposal) {
        (ClosingBase::AllClosed, _) => (
            "1".to_string(),
            "not fitted: the export does not show which lost deals reached a proposal, so every closed \
             deal counts as a proposal and the \
             closing ratio below is the whole win rate (an opportunity is the model's appointment)"
                .to_string(),
        ),
        (ClosingBase::ReachedProposal, Some(r)) => rate_spec(r),
        (ClosingBase::ReachedProposal, None) => {
            not_calibrated(BUILT_IN_A2P, "no closed deal with a known stage")
        }
    };
    let close = c
        .closing
        .as_ref()
        .map(rate_spec)
        .unwrap_or_else(|| not_calibrated(BUILT_IN_CLOSE, "no closed deal"));
    let cycle = match &c.cycle {
        Some(f) => {
            let p95 = (f.mu.value + super::optimize::Z95 * f.sigma.value).exp();
            let as_of = c.as_of.map(|d| d.to_string()).unwrap_or_default();
            (
                format!(
                    r#"{{ dist = "lognormal", median = {}, p95 = {} }}"#,
                    num(f.median_weeks.value, 2),
                    num(p95, 2)
                ),
                format!(
                    "fitted: lognormal of won deals' weeks from created to close by maximum \
                     likelihood: {} won, {} open censored at their age on {as_of} (the latest \
                     date in the export), {} lost as a competing outcome; median {} weeks (90% \
                     interval {}, observed information), sigma {} ({}); KS distance {}; dropping \
                     the open deals would say {} weeks",
                    f.won,
                    f.open,
                    f.lost,
                    num(f.median_weeks.value, 1),
                    interval(&f.median_weeks, 1),
                    num(f.sigma.value, 2),
                    interval(&f.sigma, 2),
                    num(f.ks, 3),
                    num(f.median_if_open_dropped, 1)
                ),
            )
        }
        None => not_calibrated(BUILT_IN_CYCLE, "fewer than two won deals with dates"),
    };
    let revenue = match &c.amounts {
        Some(f) => (
            format!(
                r#"{{ dist = "lognormal", median = {}, p95 = {} }}"#,
                num(f.median.value, 0),
                num(f.p95(), 0)
            ),
            format!(
                "fitted: lognormal of {} won amounts (log-moments, maximum likelihood); median {} \
                 (90% interval {}, exact t), sigma {} ({}, exact chi-square); KS distance {}",
                f.n,
                num(f.median.value, 0),
                interval(&f.median, 0),
                num(f.sigma.value, 2),
                interval(&f.sigma, 2),
                num(f.ks, 3)
            ),
        ),
        None => not_calibrated(BUILT_IN_REVENUE, "fewer than two won deals with an amount"),
    };
    Values {
        hours,
        research,
        dials_per_account,
        dials_per_hour,
        connect,
        c2a,
        a2p,
        close,
        cycle,
        revenue,
    }
}

fn line(out: &mut String, key: &str, (value, comment): &(String, String)) {
    let _ = writeln!(out, "# {comment}");
    let _ = writeln!(out, "{key} = {value}");
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The commented scenario of a calibration: flat without segments, a playing field with them.
/// It validates with `config::parse_scenario_with` and runs.
pub fn scenario_toml(c: &Calibration) -> String {
    let v = values(c);
    let reps = c.reps.len().max(1);
    let mut out = String::new();
    let as_of = c.as_of.map(|d| format!(", as of {d}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "# Written by `prospect-sim calibrate` from a CRM export{as_of}."
    );
    let _ = writeln!(
        out,
        "# Each fitted value says how in the comment above it; \"not calibrated\" marks what the"
    );
    let _ = writeln!(
        out,
        "# export cannot show (the built-in value is kept: replace it with your own)."
    );
    let _ = writeln!(out, "# How each input is fitted: docs/calibrate.md.");
    let _ = writeln!(out, "name = \"calibrated\"");
    let _ = writeln!(
        out,
        "description = {}",
        quoted(&format!(
            "Calibrated from a CRM export: {} reps, {} won, {} lost and {} open deals{as_of}",
            reps, c.deals.won, c.deals.lost, c.deals.open
        ))
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "[simulation]");
    let _ = writeln!(out, "trials = {TRIALS}");
    let _ = writeln!(out, "weeks = {WEEKS}");
    let _ = writeln!(out, "reps = {reps}          # the reps in the export");
    let _ = writeln!(out, "seed = {SEED}");
    match &c.segments {
        None => strategy(&mut out, &v, true),
        Some(s) => playing_field(&mut out, &v, s, c),
    }
    out
}

/// The one strategy, "as-is". In a flat scenario it holds the contact's keys too (dials per
/// account, connect rate, conversation to appointment); on a playing field the contact does.
fn strategy(out: &mut String, v: &Values, with_contact_keys: bool) {
    let _ = writeln!(out);
    let _ = writeln!(out, "[[strategies]]");
    let _ = writeln!(out, "name = \"as-is\"");
    line(out, "prospecting_hours_per_week", &v.hours);
    line(out, "research_hours_per_account", &v.research);
    if with_contact_keys {
        line(out, "dials_per_account", &v.dials_per_account);
    }
    line(out, "dials_per_hour", &v.dials_per_hour);
    if with_contact_keys {
        line(out, "connect_rate", &v.connect);
        line(out, "conversation_to_appointment", &v.c2a);
    }
    line(out, "appointment_to_proposal", &v.a2p);
    line(out, "proposal_to_close", &v.close);
    line(out, "sales_cycle_weeks", &v.cycle);
    line(out, "revenue_per_sale", &v.revenue);
}

fn playing_field(out: &mut String, v: &Values, s: &SegmentsFit, c: &Calibration) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# not calibrated: an export does not show rests, passes or contact decay; the built-in values"
    );
    let _ = writeln!(out, "[playing_field]");
    let _ = writeln!(out, "rest_weeks = 13");
    let _ = writeln!(out, "max_passes = 3");
    let _ = writeln!(out, "retouch_yield = 0.67");
    let _ = writeln!(out, "data_decay_per_year = 0.225");
    let _ = writeln!(out, "allocation = \"shares\"");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# Segments: the accounts export by industry and size band (employees 1-49 small, 50-999 \
         mid-size,\n# 1,000+ large; by annual revenue under 10 M, to 1 B, above, where employees \
         are blank).\n# accounts: the export's accounts in the segment. The territory is every \
         account the team could\n# call: raise it if the export lists only accounts already worked."
    );
    let team_closing = c.closing.as_ref().map(|r| r.fit.mean.value);
    for seg in &s.segments {
        let _ = writeln!(out, "[[segments]]");
        let _ = writeln!(out, "name = {}", quoted(&seg.name));
        let _ = writeln!(out, "industry = {}", quoted(&seg.industry));
        let _ = writeln!(out, "size = {}", quoted(seg.band.label()));
        let _ = writeln!(out, "accounts = {}", seg.accounts);
        let factor_comment = match seg.revenue_factor_observed {
            Some(obs) => format!(
                "fitted: {} won amounts; observed {} of the team's (geometric means), shrunk \
                 toward 1 by the between-segment spread (tau {})",
                seg.amounts,
                num(obs, 3),
                num(s.tau, 3)
            ),
            None => "no won amount in this segment: the team's deal size".to_string(),
        };
        let _ = writeln!(out, "# {factor_comment}");
        let _ = writeln!(
            out,
            "revenue_factor = {}",
            num(seg.revenue_factor.max(1e-6), 4)
        );
        let _ = writeln!(out, "cycle_factor = 1   # not calibrated per segment");
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "[[contacts]]");
    let _ = writeln!(out, "name = \"as-logged\"");
    let _ = writeln!(
        out,
        "level = \"whoever the reps dialed (the export does not say whom)\""
    );
    line(out, "dials_per_account", &v.dials_per_account);
    line(out, "connect_rate", &v.connect);
    line(out, "conversation_to_appointment", &v.c2a);
    strategy(out, v, false);
    // Segments nobody worked in the export get no target; if none was worked (no deal or dial
    // names an account of the export), every segment gets a share by its accounts.
    let total_accounts: usize = s.segments.iter().map(|g| g.accounts).sum();
    let mut worked: Vec<(&super::segments::Segment, f64)> = s
        .segments
        .iter()
        .filter(|g| g.share > 0.0)
        .map(|g| (g, g.share))
        .collect();
    if worked.is_empty() {
        worked = s
            .segments
            .iter()
            .map(|g| (g, g.accounts as f64 / total_accounts.max(1) as f64))
            .collect();
    }
    let spread = c
        .closing
        .as_ref()
        .filter(|r| !r.fit.no_spread())
        .map(|r| r.fit.spread.value);
    // Segments that differ no more than noise explains keep the strategy's closing ratio.
    let per_segment = s.closing_between.as_ref().is_some_and(|f| !f.no_spread());
    if per_segment {
        let _ = writeln!(
            out,
            "# Targets: each segment with a share of the hours as the export's {} show, and its closing\n\
             # ratio: the beta-binomial across segments' posterior mean{} with the team's sd between reps.",
            s.share_from,
            team_closing
                .map(|m| format!(" (the team's {})", num(m, 4)))
                .unwrap_or_default()
        );
    } else {
        let _ = writeln!(
            out,
            "# Targets: each segment with a share of the hours as the export's {} show. The segments'\n\
             # closing ratios differ no more than binomial noise explains (beta-binomial across\n\
             # segments: no spread detectable), so every target keeps the strategy's.",
            s.share_from
        );
    }
    let _ = writeln!(out, "targets = [");
    for (i, &(seg, share)) in worked.iter().enumerate() {
        let share = if i + 1 == worked.len() {
            "\"rest\"".to_string()
        } else {
            num(share.max(1e-6), 6)
        };
        let close = match spread {
            _ if !per_segment => String::new(),
            Some(sd) if seg.closing > 0.0 && seg.closing < 1.0 => {
                let m = seg.closing;
                format!(
                    r#", proposal_to_close = {{ dist = "beta", mean = {}, sd = {} }}"#,
                    num(m, 4),
                    num(sd.min(0.99 * (m * (1.0 - m)).sqrt()), 4)
                )
            }
            _ => format!(", proposal_to_close = {}", num(seg.closing, 4)),
        };
        let _ = writeln!(
            out,
            "  {{ segment = {}, contact = \"as-logged\", share = {share}{close} }},   # {} closed deals{}",
            quoted(&seg.name),
            seg.closed,
            if seg.thin {
                ", thin: pulled toward the other segments"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(out, "]");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::betabinomial;

    #[test]
    fn a_spread_too_small_to_write_is_one_value() {
        // 50 reps of 10,000 tries at rates 0.29 and 0.31 alternately: a spread of 0.01 (variance
        // 1e-4) is plainly there beside binomial noise of variance 0.21 / 10000 = 2.1e-5 a rep,
        // and is written as a beta; the same fit with its sd replaced by 0.00001 must not write
        // "sd = 0".
        let counts: Vec<(u64, u64)> = (0..50)
            .map(|i| (if i % 2 == 0 { 2900 } else { 3100 }, 10_000))
            .collect();
        let fit = betabinomial::fit(&counts).expect("tries");
        let mut r = RateFit {
            spread_check: None,
            fit,
            counts,
            tries_are: "tries",
        };
        let (value, _) = rate_spec(&r);
        assert!(value.starts_with("{ dist = \"beta\""), "{value}");
        r.fit.spread.value = 0.000_01;
        let (value, comment) = rate_spec(&r);
        assert_eq!(value, num(r.fit.mean.value, 4));
        assert!(
            comment.contains("below what four decimals show"),
            "{comment}"
        );
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(num(0.25, 4), "0.25");
        assert_eq!(num(7.0, 1), "7");
        assert_eq!(num(16234.6, 0), "16235");
        assert_eq!(num(0.000_04, 4), "0");
    }
}
