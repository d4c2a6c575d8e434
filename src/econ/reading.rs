//! The words for a business case's IRR, ROI and payback: one place that decides what each
//! figure means for the flows it came from, so that the terminal table and the report say the
//! same and never call a borrowing rate a return (docs/model.md, "Reading the business case").
//!
//! Each reading has a `cell` (a few words for a table) and a `sentence` (a clause for prose).
//! `summary.json` keeps the exact numbers; these are for people.

use crate::econ::{Case, IrrMeaning};

/// Shares of trials at or above this are "all" and not qualified in words.
const ALL: f64 = 0.995;

/// An annual rate for people: whole percent with separators; past 1,000% a year only
/// "> 1,000%" (weekly rates compound to astronomical annual ones; the exact value stays in
/// `summary.json`).
pub fn annual_rate_text(v: f64) -> String {
    if v > 10.0 {
        "> 1,000%".to_string()
    } else {
        let whole = (v * 100.0).round();
        let digits = format!("{}", whole.abs() as u64);
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if whole < 0.0 { "-" } else { "" };
        format!("{sign}{grouped}%")
    }
}

/// A share of futures in words: "61%".
fn share_text(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// A median annual rate for a table cell, with the share of futures it holds in unless that
/// is all: "134%", "134% (in 61%)".
fn rate_cell(median: f64, share: f64) -> String {
    if share >= ALL {
        annual_rate_text(median)
    } else {
        format!("{} (in {})", annual_rate_text(median), share_text(share))
    }
}

/// What a case's IRR says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IrrReading {
    /// A rate of return: median annual IRR over the investment-shaped futures, and their share.
    Return {
        /// Median annual IRR.
        median: f64,
        /// Share of all futures in which it is a return.
        share: f64,
    },
    /// A borrowing rate: cash comes first and is paid back later, at this annual rate.
    BorrowingRate {
        /// Median annual rate.
        median: f64,
        /// Share of all futures in which it borrows.
        share: f64,
    },
    /// Some futures invest, others borrow: no one rate describes the case.
    Mixed {
        /// Share of futures that are investments.
        returns: f64,
        /// Share of futures that borrow.
        borrowing: f64,
    },
    /// No future has an IRR that reads either way (the cash never changes sign, say).
    NotApplicable,
}

impl IrrReading {
    /// The reading of `case`, from its [`IrrMeaning`] and the spreads behind it.
    pub fn of(case: &Case) -> IrrReading {
        let share = |s: Option<crate::econ::Spread>| s.map_or(0.0, |x| x.share_defined);
        match (
            case.irr_meaning,
            case.irr_annual,
            case.borrowing_rate_annual,
        ) {
            (IrrMeaning::Return, Some(s), _) => IrrReading::Return {
                median: s.p50,
                share: s.share_defined,
            },
            (IrrMeaning::BorrowingRate, _, Some(s)) => IrrReading::BorrowingRate {
                median: s.p50,
                share: s.share_defined,
            },
            (IrrMeaning::Mixed, r, b) => IrrReading::Mixed {
                returns: share(r),
                borrowing: share(b),
            },
            _ => IrrReading::NotApplicable,
        }
    }

    /// A table cell: "134%", "134% (in 61%)", "borrows at 134%", "n/a".
    pub fn cell(&self) -> String {
        match *self {
            IrrReading::Return { median, share } => rate_cell(median, share),
            IrrReading::BorrowingRate { median, .. } => {
                format!("borrows at {}", annual_rate_text(median))
            }
            IrrReading::Mixed { .. } | IrrReading::NotApplicable => "n/a".to_string(),
        }
    }

    /// A clause for prose, saying what the figure is.
    pub fn sentence(&self) -> String {
        match *self {
            IrrReading::Return { median, share } if share >= ALL => {
                format!("median IRR {} a year", annual_rate_text(median))
            }
            IrrReading::Return { median, share } => format!(
                "median IRR {} a year (among the {} of futures where the cash goes out first \
                 and comes back later)",
                annual_rate_text(median),
                share_text(share)
            ),
            IrrReading::BorrowingRate { median, share } => format!(
                "no rate of return: the cash comes first and is paid back later{}, like a loan \
                 at a median {} a year",
                if share >= ALL {
                    String::new()
                } else {
                    format!(" (in {} of futures)", share_text(share))
                },
                annual_rate_text(median)
            ),
            IrrReading::Mixed { returns, borrowing } => format!(
                "no single IRR: the cash goes out first in {} of futures and comes in first in \
                 {}",
                share_text(returns),
                share_text(borrowing)
            ),
            IrrReading::NotApplicable => {
                "no IRR (the cash never turns from out to in, or in to out)".to_string()
            }
        }
    }
}

/// What a case's ROI says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RoiReading {
    /// (gain - cost) / cost, median over the futures with a cost, and their share.
    Ratio {
        /// Median ROI (1.0 is 100%).
        median: f64,
        /// Share of futures with a cost.
        share: f64,
    },
    /// In most futures there is no cost (or, against the baseline, no extra cost): a return
    /// on nothing is no ratio.
    NoCost,
}

impl RoiReading {
    /// The reading of `case`.
    pub fn of(case: &Case) -> RoiReading {
        match case.roi {
            Some(s) if s.share_defined >= 0.5 => RoiReading::Ratio {
                median: s.p50,
                share: s.share_defined,
            },
            _ => RoiReading::NoCost,
        }
    }

    /// A table cell: "35%", "> 1,000%", "35% (in 80%)", "n/a (no cost)".
    pub fn cell(&self) -> String {
        match *self {
            RoiReading::Ratio { median, share } => rate_cell(median, share),
            RoiReading::NoCost => "n/a (no cost)".to_string(),
        }
    }
}

/// What a case's payback says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PaybackReading {
    /// The cumulative cash is never negative in most futures: there is nothing to pay back.
    NeverBehind,
    /// Median week from which the cumulative cash stays non-negative.
    Week(f64),
    /// Most futures have not paid back by the end of the horizon.
    NotWithinHorizon,
}

impl PaybackReading {
    /// The reading of `case`'s median payback.
    pub fn of(case: &Case) -> PaybackReading {
        if case.p_never_behind >= 0.5 {
            PaybackReading::NeverBehind
        } else {
            PaybackReading::at_week(case.payback_week.p50)
        }
    }

    /// The reading of one payback week (a percentile of the futures' payback weeks, None when
    /// they have not paid back within the horizon): that week, or not within the horizon.
    pub fn at_week(week: Option<f64>) -> PaybackReading {
        week.map_or(PaybackReading::NotWithinHorizon, PaybackReading::Week)
    }

    /// A table cell: "week 12", "never behind", "not within the horizon".
    pub fn cell(&self) -> String {
        match *self {
            PaybackReading::NeverBehind => "never behind".to_string(),
            PaybackReading::Week(w) => format!("week {w:.0}"),
            PaybackReading::NotWithinHorizon => "not within the horizon".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::econ::{PaybackWeeks, Spread};

    fn spread(p50: f64, share: f64) -> Option<Spread> {
        Some(Spread {
            mean: p50,
            p10: p50,
            p50,
            p90: p50,
            share_defined: share,
        })
    }

    fn case(meaning: IrrMeaning, irr: Option<Spread>, borrow: Option<Spread>) -> Case {
        Case {
            npv: spread(-4_294.0, 1.0),
            p_npv_positive: 0.0,
            roi: None,
            irr_annual: irr,
            borrowing_rate_annual: borrow,
            irr_meaning: meaning,
            p_payback_within_horizon: 0.0,
            p_never_behind: 0.0,
            payback_week: PaybackWeeks {
                p10: None,
                p50: None,
                p90: None,
            },
        }
    }

    #[test]
    fn a_borrowing_rate_is_never_shown_as_an_irr() {
        let c = case(IrrMeaning::BorrowingRate, None, spread(1.34, 1.0));
        let reading = IrrReading::of(&c);
        assert_eq!(reading.cell(), "borrows at 134%");
        assert!(
            !reading.sentence().contains("IRR 134%"),
            "{}",
            reading.sentence()
        );
        assert!(reading.sentence().contains("no rate of return"));
        assert_eq!(RoiReading::of(&c).cell(), "n/a (no cost)");
        assert_eq!(PaybackReading::of(&c).cell(), "not within the horizon");
    }

    #[test]
    fn returns_mixed_and_missing_irrs_in_words() {
        let c = case(IrrMeaning::Return, spread(0.25, 1.0), None);
        assert_eq!(IrrReading::of(&c).cell(), "25%");
        assert_eq!(IrrReading::of(&c).sentence(), "median IRR 25% a year");
        let c = case(IrrMeaning::Return, spread(12.0, 0.61), spread(0.5, 0.2));
        assert_eq!(IrrReading::of(&c).cell(), "> 1,000% (in 61%)");
        let c = case(IrrMeaning::Mixed, spread(0.1, 0.4), spread(0.5, 0.3));
        assert_eq!(IrrReading::of(&c).cell(), "n/a");
        assert!(IrrReading::of(&c).sentence().contains("40%"));
        let c = case(IrrMeaning::NotApplicable, None, None);
        assert_eq!(IrrReading::of(&c), IrrReading::NotApplicable);
        assert_eq!(annual_rate_text(-0.999), "-100%");
        assert_eq!(annual_rate_text(9.996), "1,000%");
        assert_eq!(annual_rate_text(12.3456), "> 1,000%");
    }

    #[test]
    fn payback_weeks_read_as_a_week_or_not_within_the_horizon() {
        assert_eq!(PaybackReading::at_week(Some(12.0)).cell(), "week 12");
        assert_eq!(
            PaybackReading::at_week(None).cell(),
            "not within the horizon"
        );
    }
}
