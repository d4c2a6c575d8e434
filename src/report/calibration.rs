//! What `calibrate` shows: the terminal lines per fitted input ([`terminal`]), and
//! `calibration.html` with its charts ([`files`]): observed against fitted for the closing
//! ratio, the cycle and the deal size. Rep names appear only when the calibration was made with
//! `show_names` (its [`Calibration::reps`] are otherwise "Rep 1".."Rep N"). Nothing here writes:
//! the command hands the files to [`crate::report::files`].

use std::fmt::Write as _;

use anyhow::Result;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::calibrate::Calibration;
use crate::calibrate::amounts::LILLIEFORS_5PCT;
use crate::calibrate::betabinomial::Estimate;
use crate::calibrate::dispersion::Dispersion;
use crate::calibrate::fit::{ClosingBase, RateFit, THIN_REP_DEALS};
use crate::choices::ChartFormat;
use crate::report::charts::calibration::{
    CalibrationChart, CalibrationDrawing, amount_short, median_interval,
};
use crate::report::charts::{png_of, svg_of};
use crate::report::files::OutputFile;
use crate::report::format::{counted, share, tenths, thousands};

/// The page's file name.
pub const HTML_FILE: &str = "calibration.html";

/// One fitted input as the terminal and the page show it.
struct Row {
    /// The scenario key (and what it is, in words).
    input: String,
    /// Reps and deals (or dials) it rests on; empty when not calibrated.
    data: String,
    /// Estimate with its 90% interval, or "not calibrated: why".
    estimate: String,
    /// The method.
    method: String,
    /// The fit check, where there is one.
    check: String,
}

fn pct_interval(e: &Estimate) -> String {
    format!(
        "{} (90% {} to {})",
        share(e.value),
        share(e.low),
        share(e.high)
    )
}

/// The spread's fit check in words: "spread between reps: dispersion 21.4 over 8 reps, more
/// than chance (one rate for all would give about 7, above 14.1 only 1 team in 20); the
/// fitted spread predicts 19.8". The fitted spread's prediction is left out when the fit found
/// none (it is then the same as one rate for all).
fn spread_check(d: &Dispersion, no_spread_fitted: bool) -> String {
    format!(
        "spread between reps: dispersion {} over {} reps, {} (one rate for all would give about {}, above {} only 1 team in 20){}",
        tenths(d.statistic),
        d.reps,
        if d.beyond_chance() {
            "more than chance"
        } else {
            "within chance"
        },
        d.reps - 1,
        tenths(d.limit_5pct),
        if no_spread_fitted {
            String::new()
        } else {
            format!("; the fitted spread predicts {}", tenths(d.fitted))
        }
    )
}

fn rate_row(input: &str, r: Option<&RateFit>, missing: &str) -> Row {
    match r {
        Some(r) => {
            let f = &r.fit;
            let spread = if f.no_spread() {
                format!(
                    "no spread between reps detectable (sd at most {})",
                    share(f.spread.high)
                )
            } else {
                format!("sd between reps {}", pct_interval(&f.spread))
            };
            Row {
                input: input.into(),
                data: format!(
                    "{}, {} {}",
                    counted(f.reps as u64, "rep"),
                    thousands(f.tries as f64),
                    r.tries_are
                ),
                estimate: format!("mean {}; {spread}", pct_interval(&f.mean)),
                method:
                    "beta-binomial across reps, maximum likelihood; profile-likelihood intervals"
                        .into(),
                check: format!(
                    "pooled {} of {} = {}{}",
                    thousands(f.successes as f64),
                    thousands(f.tries as f64),
                    share(f.successes as f64 / f.tries as f64),
                    r.spread_check
                        .as_ref()
                        .map(|d| format!("; {}", spread_check(d, f.no_spread())))
                        .unwrap_or_default()
                ),
            }
        }
        None => Row {
            input: input.into(),
            data: String::new(),
            estimate: format!("not calibrated: {missing}; the built-in value is kept"),
            method: String::new(),
            check: String::new(),
        },
    }
}

fn rows(c: &Calibration) -> Vec<Row> {
    let mut rows = Vec::new();
    // Without a proposal stage the closing ratio is the win rate: one row says both.
    if c.closing_base == ClosingBase::ReachedProposal {
        rows.push(rate_row(
            "win rate (won / closed)",
            c.win_rate.as_ref(),
            "no closed deal",
        ));
    }
    match c.closing_base {
        ClosingBase::AllClosed => rows.push(Row {
            input: "appointment_to_proposal".into(),
            data: String::new(),
            estimate: "set to 1, not fitted: the export does not show which lost deals reached a proposal, so every closed deal counts as a proposal and the closing ratio is the win rate".into(),
            method: String::new(),
            check: String::new(),
        }),
        ClosingBase::ReachedProposal => rows.push(rate_row(
            "appointment_to_proposal",
            c.appointment_to_proposal.as_ref(),
            "no closed deal with a known stage",
        )),
    }
    let closing = match c.closing_base {
        ClosingBase::AllClosed => "proposal_to_close (closing ratio = win rate, won / closed)",
        ClosingBase::ReachedProposal => "proposal_to_close (closing ratio)",
    };
    rows.push(rate_row(closing, c.closing.as_ref(), "no closed deal"));
    rows.push(rate_row(
        "connect_rate",
        c.connect.as_ref(),
        "no dial with a logged outcome",
    ));
    rows.push(rate_row(
        "conversation_to_appointment",
        c.conversation_to_appointment.as_ref(),
        "no meetings and connected dials logged",
    ));
    rows.push(match &c.dials {
        Some(d) => Row {
            input: "prospecting_hours_per_week (from dials per rep-week)".into(),
            data: format!(
                "{}, {} dials over {} working weeks",
                counted(d.reps as u64, "rep"),
                thousands(d.dials as f64),
                tenths(d.working_weeks)
            ),
            estimate: format!(
                "{} dials per rep-week (sd {} over rep-weeks){}",
                tenths(d.mean),
                tenths(d.sd),
                d.per_account
                    .map(|p| format!("; {} dials per account", tenths(p)))
                    .unwrap_or_default()
            ),
            method: format!(
                "dials / (reps x weeks spanned x {}/52); hours = dials / the built-in 15 dials an hour",
                tenths(c.options.weeks_per_year)
            ),
            check: String::new(),
        },
        None => Row {
            input: "prospecting_hours_per_week".into(),
            data: String::new(),
            estimate: "not calibrated: no activities export; the built-in value is kept".into(),
            method: String::new(),
            check: String::new(),
        },
    });
    rows.push(match &c.cycle {
        Some(f) => Row {
            input: "sales_cycle_weeks".into(),
            data: format!(
                "{} won, {} open (censored), {} lost (competing)",
                thousands(f.won as f64),
                thousands(f.open as f64),
                thousands(f.lost as f64)
            ),
            estimate: lognormal_estimate(
                median_interval(&f.median_weeks, tenths, " weeks"),
                &f.sigma,
            ),
            method: "lognormal, maximum likelihood, open deals censored, lost deals a competing outcome; observed-information intervals".into(),
            check: format!(
                "KS distance {:.3}; dropping open deals would say {} weeks",
                f.ks,
                tenths(f.median_if_open_dropped)
            ),
        },
        None => Row {
            input: "sales_cycle_weeks".into(),
            data: String::new(),
            estimate: "not calibrated: fewer than two won deals with dates; the built-in value is kept".into(),
            method: String::new(),
            check: String::new(),
        },
    });
    rows.push(match &c.amounts {
        Some(f) => Row {
            input: "revenue_per_sale".into(),
            data: format!("{} won amounts", thousands(f.n as f64)),
            estimate: lognormal_estimate(median_interval(&f.median, amount_short, ""), &f.sigma),
            method: "lognormal, maximum likelihood (log-moments); exact t and chi-square intervals".into(),
            check: format!(
                "KS distance {:.3} (Lilliefors 5%: {:.3}); {}",
                f.ks,
                LILLIEFORS_5PCT / (f.n as f64).sqrt(),
                f.quantiles
                    .iter()
                    .map(|(p, o, fit)| format!(
                        "P{:.0} {} observed, {} fitted",
                        p * 100.0,
                        amount_short(*o),
                        amount_short(*fit)
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        },
        None => Row {
            input: "revenue_per_sale".into(),
            data: String::new(),
            estimate: "not calibrated: fewer than two won deals with an amount; the built-in value is kept".into(),
            method: String::new(),
            check: String::new(),
        },
    });
    rows
}

/// Per rep: (name, closed deals, won, own win rate, shrunken win rate, thin).
fn rep_rows(c: &Calibration) -> Vec<(String, u64, u64, f64, f64, bool)> {
    let Some(r) = &c.win_rate else {
        return Vec::new();
    };
    r.counts
        .iter()
        .enumerate()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(i, &(k, n))| {
            (
                c.reps[i].clone(),
                n,
                k,
                k as f64 / n as f64,
                r.fit.shrunk[i],
                n < THIN_REP_DEALS,
            )
        })
        .collect()
}

/// The terminal's lines: each fitted input with its reps and deals, estimate, 90% interval,
/// method and fit check; the reps' win rates; the segments; the warnings.
pub fn terminal(c: &Calibration) -> String {
    let mut out = String::new();
    let as_of = c
        .as_of
        .map(|d| format!(" (as of {d}, the latest date in the export)"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Fitted from {} won, {} lost and {} open deals{as_of}:",
        c.deals.won, c.deals.lost, c.deals.open
    );
    for r in rows(c) {
        let _ = writeln!(
            out,
            "  {}{}",
            r.input,
            if r.data.is_empty() {
                String::new()
            } else {
                format!(": {}", r.data)
            }
        );
        let _ = writeln!(out, "      {}", r.estimate);
        if !r.method.is_empty() {
            let _ = writeln!(out, "      method: {}", r.method);
        }
        if !r.check.is_empty() {
            let _ = writeln!(out, "      fit check: {}", r.check);
        }
    }
    let reps = rep_rows(c);
    if !reps.is_empty() {
        let _ = writeln!(out, "Win rate per rep (own -> shrunk toward the team):");
        let width = reps.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        for (name, n, k, own, shrunk, thin) in &reps {
            let _ = writeln!(
                out,
                "  {name:<width$}  {k:>4} won of {n:>4} closed  {:>6} -> {:>6}{}",
                share(*own),
                share(*shrunk),
                if *thin { "  (thin)" } else { "" }
            );
        }
    }
    if let Some(s) = &c.segments {
        let _ = writeln!(out, "Segments (share of effort from {}):", s.share_from);
        for g in &s.segments {
            let _ = writeln!(
                out,
                "  {}: {} accounts, {} closed deals, closing {}, revenue factor {:.2}{}, share {}",
                g.name,
                thousands(g.accounts as f64),
                thousands(g.closed as f64),
                share(g.closing),
                g.revenue_factor,
                g.revenue_factor_observed
                    .map(|o| format!(" (observed {o:.2})"))
                    .unwrap_or_default(),
                share(g.share)
            );
        }
    }
    if !c.warnings.is_empty() {
        let _ = writeln!(out, "Warnings:");
        for w in &c.warnings {
            let _ = writeln!(out, "  ! {w}");
        }
    }
    out
}

/// `calibration.html` and the charts: the page (charts inline as SVG) and each chart as a file
/// in each of `formats` (PNG when empty). Charts whose fit is missing are left out.
///
/// # Errors
/// When a chart fails to draw or encode.
pub fn files(c: &Calibration, formats: &[ChartFormat]) -> Result<Vec<OutputFile<'static>>> {
    let formats = if formats.is_empty() {
        &[ChartFormat::Png][..]
    } else {
        formats
    };
    let mut out = Vec::new();
    let mut svgs = Vec::new();
    for chart in CalibrationChart::ALL.into_iter().filter(|k| k.available(c)) {
        let drawing = CalibrationDrawing {
            chart,
            calibration: c,
        };
        let svg = svg_of(&drawing)?;
        if formats.contains(&ChartFormat::Png) {
            out.push(OutputFile::bytes(
                format!("{}.png", stem(&drawing)),
                png_of(&drawing)?,
            ));
        }
        if formats.contains(&ChartFormat::Svg) {
            out.push(OutputFile::bytes(
                format!("{}.svg", stem(&drawing)),
                svg.clone(),
            ));
        }
        svgs.push((chart, svg));
    }
    out.insert(0, OutputFile::bytes(HTML_FILE, html_page(c, &svgs)));
    Ok(out)
}

fn stem(d: &CalibrationDrawing<'_>) -> &'static str {
    use crate::report::charts::encode::Drawing;
    d.file_stem()
}

const NL: &str = "\n";

fn html_page(c: &Calibration, svgs: &[(CalibrationChart, String)]) -> String {
    let title = "Calibration: your CRM export, fitted";
    let rows = rows(c);
    let reps = rep_rows(c);
    let page: Markup = html! {
        (DOCTYPE) (NL)
        html lang="en" {
            (NL) head {
                (NL) meta charset="utf-8"; (NL)
                meta name="viewport" content="width=device-width, initial-scale=1"; (NL)
                title { (title) } (NL)
                style { (NL) (PreEscaped(crate::report::html::STYLE)) } (NL)
            } (NL)
            body {
                (NL) main {
                    (NL) h1 { (title) } (NL)
                    p class="lead" {
                        (c.deals.won) " won, " (c.deals.lost) " lost and " (c.deals.open) " open deals of "
                        (reps.len()) " reps"
                        @if let Some(d) = c.as_of { ", as of " (d.to_string()) " (the latest date in the export)" }
                        ". Each input below is what the scenario file says, with its 90% interval and how it was fitted; "
                        "\"not calibrated\" marks what the export cannot show."
                    } (NL)
                    h2 { "Fitted inputs" } (NL)
                    table {
                        (NL) thead { tr { th { "input" } th { "data" } th { "estimate (90% interval)" } th { "method" } th { "fit check" } } } (NL)
                        tbody {
                            @for r in &rows {
                                (NL) tr { td { code { (r.input) } } td { (r.data) } td { (r.estimate) } td { (r.method) } td { (r.check) } }
                            }
                            (NL)
                        }
                    } (NL)
                    @if !reps.is_empty() {
                        h2 { "Win rate per rep" } (NL)
                        table {
                            (NL) thead { tr { th { "rep" } th class="num" { "closed" } th class="num" { "won" } th class="num" { "own rate" } th class="num" { "shrunk toward the team" } th { "" } } } (NL)
                            tbody {
                                @for (name, n, k, own, shrunk, thin) in &reps {
                                    (NL) tr { td { (name) } td class="num" { (n) } td class="num" { (k) } td class="num" { (share(*own)) } td class="num" { (share(*shrunk)) } td { @if *thin { "thin: fewer than 20 closed deals" } } }
                                }
                                (NL)
                            }
                        } (NL)
                    }
                    @if let Some(s) = &c.segments {
                        h2 { "Segments" } (NL)
                        table {
                            (NL) thead { tr { th { "segment" } th class="num" { "accounts" } th class="num" { "closed deals" } th class="num" { "closing ratio" } th class="num" { "revenue factor" } th class="num" { "share of effort" } } } (NL)
                            tbody {
                                @for g in &s.segments {
                                    (NL) tr { td { (g.name) @if g.thin { " (thin)" } } td class="num" { (g.accounts) } td class="num" { (g.closed) } td class="num" { (share(g.closing)) } td class="num" { (format!("{:.2}", g.revenue_factor)) } td class="num" { (share(g.share)) } }
                                }
                                (NL)
                            }
                        } (NL)
                    }
                    @if !c.warnings.is_empty() {
                        h2 { "Warnings" } (NL)
                        ul { @for w in &c.warnings { (NL) li { (w) } } (NL) } (NL)
                    }
                    h2 { "Observed against fitted" } (NL)
                    @for (chart, svg) in svgs {
                        h3 { (chart.heading()) } (NL)
                        figure { (PreEscaped(svg)) } (NL)
                    }
                    h2 { "How it is fitted" } (NL)
                    p { "A rate is fitted across reps as a beta-binomial by maximum likelihood: each rep's rate is a draw from a beta, and its deals are binomial given it, so the beta's spread is the spread between reps, not the noise of a rep's few deals. The won-deal cycle is a lognormal fitted with open deals censored at their age and lost deals as the other way a deal ends. Deal sizes are a lognormal fitted to the won amounts. The formulas are in docs/calibrate.md of prospect-sim." } (NL)
                }
                (NL)
            }
            (NL)
        }
        (NL)
    };
    page.into_string()
}

/// A fitted lognormal for the terminal: its median with interval (from [`median_interval`])
/// and its sigma with interval, "…, sigma 0.56 (0.50 to 0.62)".
fn lognormal_estimate(median: String, sigma: &Estimate) -> String {
    format!(
        "{median}, sigma {:.2} ({:.2} to {:.2})",
        sigma.value, sigma.low, sigma.high
    )
}
