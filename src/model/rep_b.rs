//! The parts of one rep's week that part B adds, each on its own (docs/model.md, "The rest of
//! the week and the team"): the squeeze of the selling week on the prospecting hours
//! ([`squeeze`]), the seat with its leavers, vacancies and successors ([`Seat`]), and a rep's
//! customers of one segment ([`CustomerBook`]). The rep-week loop of the playing field calls
//! them; they allocate nothing.
//!
//! Rare events are found by jumping from one to the next ([`ExponentialGaps`], exponential
//! waits floored): a rep's leaving week
//! (one geometric draw per rep), churn over the sequence of customer-weeks, expansions over the
//! sequence of touches. Each is exactly the Bernoulli process it stands for.

use rand::Rng;

use crate::model::binomial::ExponentialGaps;
use crate::model::selling::WhenFull;
use crate::model::team::SeatPlan;

/// One rep-week's selling hours against its prospecting hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Squeeze {
    /// H': the hours left to prospect.
    pub prospecting: f64,
    /// Hours taken from prospecting for selling work.
    pub squeezed: f64,
    /// Selling work done within the selling hours S.
    pub within: f64,
    /// Selling work left for next week.
    pub carry: f64,
    /// Whether the week's selling work exceeded S.
    pub binds: bool,
}

/// Step 3 of a rep-week with part B: prospecting hours `h`, selling hours `s`, selling work
/// `demand` (carry-over plus the week's new work). With `Squeeze`: over = max(0, D - S), H' =
/// max(0, H - over), and the part of `over` H could not absorb carries over. With `Unlimited`
/// H' = H and all the work counts as done (the hours are only reported).
///
/// The hours balance exactly: `prospecting + squeezed == h` and `within + squeezed + carry ==
/// demand` (up to the rounding of a subtraction).
#[inline]
pub fn squeeze(h: f64, s: f64, demand: f64, when_full: WhenFull) -> Squeeze {
    let binds = demand > s;
    match when_full {
        WhenFull::Unlimited => Squeeze {
            prospecting: h,
            squeezed: 0.0,
            within: demand,
            carry: 0.0,
            binds,
        },
        WhenFull::Squeeze => {
            let over = (demand - s).max(0.0);
            let squeezed = over.min(h);
            Squeeze {
                prospecting: h - squeezed,
                squeezed,
                within: demand - over,
                carry: over - squeezed,
                binds,
            }
        }
    }
}

/// What happened to a seat at the end of a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatChange {
    /// Nothing: the rep stays, or the seat stays empty.
    None,
    /// The rep left; the seat is empty from next week.
    Left,
    /// A successor (hire number `hire`, 1 for the first) starts next week; with no vacancy the
    /// rep left this very week.
    Hired {
        /// The successor's number on this seat.
        hire: u32,
        /// Whether a rep left at the end of this week (no vacancy between).
        left: bool,
    },
}

/// One seat of the team over a trial: seated (with the rep's tenure) or vacant (with the weeks
/// left), and when the current rep leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    /// The rep's number on this seat: 0 for the one seated at week 0.
    pub hire: u32,
    /// The rep's tenure in weeks (0 in the first week), capped at the ramp; None when vacant.
    tenure: Option<u32>,
    /// Weeks of vacancy left, this one included, while vacant.
    vacant_left: u32,
    /// Seated weeks the rep stays after this one before leaving at the end of a week
    /// (`u64::MAX`: never).
    stays: u64,
}

impl Default for Seat {
    /// A placeholder: a seated rep who never leaves (what [`Seat::start`] replaces).
    fn default() -> Seat {
        Seat {
            hire: 0,
            tenure: Some(0),
            vacant_left: 0,
            stays: u64::MAX,
        }
    }
}

impl Seat {
    /// The seat at week 0: its first rep, fully ramped; when they leave is drawn from `rng`.
    pub fn start<R: Rng>(plan: &SeatPlan, leaving: &ExponentialGaps, rng: &mut R) -> Seat {
        Seat {
            hire: 0,
            tenure: Some(plan.ramp_weeks),
            vacant_left: 0,
            stays: leaving.gap(rng),
        }
    }

    /// The rep's tenure this week (capped at `ramp_weeks`: fully ramped from there), or None
    /// when the seat is vacant.
    #[inline]
    pub fn tenure(&self) -> Option<u32> {
        self.tenure
    }

    /// The end of a week: the rep leaves at the end of their last week, a vacancy counts down,
    /// a successor is hired when it ends (their leaving week drawn from `rng`).
    #[inline]
    pub fn end_week<R: Rng>(
        &mut self,
        plan: &SeatPlan,
        leaving: &ExponentialGaps,
        rng: &mut R,
    ) -> SeatChange {
        match self.tenure {
            Some(tenure) => {
                if self.stays > 0 {
                    self.stays = self.stays.saturating_sub(u64::from(self.stays != u64::MAX));
                    self.tenure = Some((tenure + 1).min(plan.ramp_weeks));
                    return SeatChange::None;
                }
                if plan.vacancy_weeks == 0 {
                    self.hire_next(leaving, rng);
                    return SeatChange::Hired {
                        hire: self.hire,
                        left: true,
                    };
                }
                self.tenure = None;
                self.vacant_left = plan.vacancy_weeks;
                SeatChange::Left
            }
            None => {
                self.vacant_left -= 1;
                if self.vacant_left > 0 {
                    return SeatChange::None;
                }
                self.hire_next(leaving, rng);
                SeatChange::Hired {
                    hire: self.hire,
                    left: false,
                }
            }
        }
    }

    fn hire_next<R: Rng>(&mut self, leaving: &ExponentialGaps, rng: &mut R) {
        self.hire += 1;
        self.tenure = Some(0);
        self.stays = leaving.gap(rng);
    }
}

/// A rep's customers of one segment: how many, and the Bernoulli processes of churn (over
/// customer-weeks) and expansions (over touches).
///
/// The week's touches, stochastic_round(count x touches per week), are drawn from a threshold
/// kept for the current count (which changes only when a customer churns or joins): floor(x)
/// plus one when the uniform's 53 bits fall below ceil(frac(x) x 2^53). That is exactly
/// [`crate::model::binomial::stochastic_round`] (its uniform is those 53 bits times 2^-53,
/// compared with frac(x)): the same draw for the same number, without the arithmetic of x
/// every week.
#[derive(Debug, Clone, Copy)]
pub struct CustomerBook {
    /// Customers now.
    pub count: u64,
    /// Customers lost so far.
    pub churned: u64,
    /// Touches so far.
    pub touched: u64,
    /// Expansions booked so far.
    pub expanded: u64,
    /// Customer-weeks exposed to churn so far, and the index of the next that churns.
    exposed: u64,
    next_churn: u64,
    /// The index of the next touch that books an expansion.
    next_expansion: u64,
    /// The week's touches at the current count: `whole`, plus one when the uniform's top 53
    /// bits are below `threshold`.
    whole: u64,
    threshold: u64,
    /// Touches per customer-week (1 / touch_every_weeks; 0 without an installed base).
    per_week: f64,
    churn: ExponentialGaps,
    expansions: ExponentialGaps,
}

/// One week of a [`CustomerBook`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CustomerWeek {
    /// Customers lost this week.
    pub churned: u64,
    /// Touches made.
    pub touches: u64,
    /// Expansions booked.
    pub expansions: u64,
}

/// 2^53: the uniforms' resolution.
const TWO_53: f64 = 9_007_199_254_740_992.0;

impl CustomerBook {
    /// `count` customers at week 0, each churning with the weekly probability of `churn`,
    /// touched `per_week` times a week, each touch expanding with `expansions`' probability;
    /// the first gaps drawn from `rng`.
    pub fn new<R: Rng>(
        count: u64,
        churn: ExponentialGaps,
        per_week: f64,
        expansions: ExponentialGaps,
        rng: &mut R,
    ) -> CustomerBook {
        let mut book = CustomerBook {
            count,
            churned: 0,
            touched: 0,
            expanded: 0,
            exposed: 0,
            next_churn: churn.gap(rng),
            next_expansion: expansions.gap(rng),
            whole: 0,
            threshold: 0,
            per_week,
            churn,
            expansions,
        };
        book.count_changed();
        book
    }

    /// The touches' threshold for the current count (see [`CustomerBook`]).
    fn count_changed(&mut self) {
        let x = self.count as f64 * self.per_week;
        // As in stochastic_round: x >= 0, truncation is floor, and frac(x) and frac(x) x 2^53
        // are exact, so (u >> 11) x 2^-53 < frac(x) exactly when (u >> 11) < ceil(frac(x) x 2^53).
        let whole = (x as i64).max(0);
        self.whole = whole as u64;
        // ceil by a cast and a comparison (`ceil` is a call on the baseline x86-64 target).
        let y = (x - whole as f64) * TWO_53;
        let floor = y as u64;
        self.threshold = floor + u64::from((floor as f64) < y);
    }

    /// A new expansion rate (a successor's): the next expansion is redrawn with it, which is
    /// exact since the wait for a success has no memory.
    pub fn set_expansion_rate<R: Rng>(&mut self, expansions: ExponentialGaps, rng: &mut R) {
        self.expansions = expansions;
        self.next_expansion = self.touched.saturating_add(expansions.gap(rng));
    }

    /// `n` won deals join the customers.
    #[inline]
    pub fn join(&mut self, n: u64) {
        self.count += n;
        self.count_changed();
    }

    /// Step 2b: churn among the customers, then, when `touching`, the week's touches and their
    /// expansions: [`CustomerBook::churn`], [`CustomerBook::touches`] and
    /// [`CustomerBook::touch`].
    #[inline]
    pub fn week<R: Rng>(&mut self, touching: bool, rng: &mut R) -> CustomerWeek {
        let mut out = CustomerWeek::default();
        if self.count == 0 {
            return out;
        }
        out.churned = self.churn(rng);
        if touching {
            out.touches = self.touches(rng);
            out.expansions = self.touch(out.touches, rng);
        }
        out
    }

    /// This week's churn among the customers, with the weekly probability of the churn
    /// process each: the churning customer-weeks among the next `count` of the process.
    /// Returns the customers lost (taken off `count`).
    #[inline]
    pub fn churn<R: Rng>(&mut self, rng: &mut R) -> u64 {
        let end = self.exposed + self.count;
        self.exposed = end;
        if self.next_churn >= end {
            return 0;
        }
        self.churn_until(end, rng)
    }

    /// The churning customer-weeks before `end` (rare: a jump from one to the next).
    #[cold]
    #[inline(never)]
    fn churn_until<R: Rng>(&mut self, end: u64, rng: &mut R) -> u64 {
        let churned = self.churn.successes_before(&mut self.next_churn, end, rng);
        self.count -= churned;
        self.churned += churned;
        self.count_changed();
        churned
    }

    /// The week's touches: stochastic_round(count x touches per week), one uniform from `rng`.
    #[inline]
    pub fn touches<R: Rng>(&self, rng: &mut R) -> u64 {
        self.whole + u64::from((rng.next_u64() >> 11) < self.threshold)
    }

    /// `touches` more touches: returns the expansions they book (the successes of the
    /// expansion process among them).
    #[inline]
    pub fn touch<R: Rng>(&mut self, touches: u64, rng: &mut R) -> u64 {
        let end = self.touched + touches;
        self.touched = end;
        if self.next_expansion >= end {
            return 0;
        }
        self.expand_until(end, rng)
    }

    /// The expansions among the touches before `end` (rare: a jump from one to the next).
    #[cold]
    #[inline(never)]
    fn expand_until<R: Rng>(&mut self, end: u64, rng: &mut R) -> u64 {
        let expansions = self
            .expansions
            .successes_before(&mut self.next_expansion, end, rng);
        self.expanded += expansions;
        expansions
    }
}

/// One trial's part B figures, summed over the team.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PartBTrial {
    /// Expansion revenue booked within the horizon.
    pub expansion_revenue: f64,
    /// Customers at week 0.
    pub customers_start: u64,
    /// Customers at the horizon.
    pub customers_end: u64,
    /// Customers lost over the horizon.
    pub churned: u64,
    /// Won deals that joined the customers within the horizon.
    pub joined: u64,
    /// Customer touches.
    pub touches: u64,
    /// Expansions booked.
    pub expansions: u64,
    /// Rep-weeks with the seat empty.
    pub vacant_weeks: u64,
    /// Rep-weeks of a rep still ramping.
    pub ramp_weeks: u64,
    /// Productive rep-weeks: the sum of m over seated rep-weeks.
    pub productive_weeks: f64,
    /// Successors hired.
    pub hires: u64,
}

impl PartBTrial {
    /// Adds `other` field by field.
    pub fn add(&mut self, other: &PartBTrial) {
        self.expansion_revenue += other.expansion_revenue;
        self.customers_start += other.customers_start;
        self.customers_end += other.customers_end;
        self.churned += other.churned;
        self.joined += other.joined;
        self.touches += other.touches;
        self.expansions += other.expansions;
        self.vacant_weeks += other.vacant_weeks;
        self.ramp_weeks += other.ramp_weeks;
        self.productive_weeks += other.productive_weeks;
        self.hires += other.hires;
    }

    /// The nine counts, in field order (what a run keeps per trial as columns, beside the two
    /// real figures).
    pub fn counts(&self) -> [u64; 9] {
        [
            self.customers_start,
            self.customers_end,
            self.churned,
            self.joined,
            self.touches,
            self.expansions,
            self.vacant_weeks,
            self.ramp_weeks,
            self.hires,
        ]
    }

    /// The figures from the two real ones and [`PartBTrial::counts`].
    pub fn from_parts(expansion_revenue: f64, productive_weeks: f64, c: [u64; 9]) -> PartBTrial {
        let [
            customers_start,
            customers_end,
            churned,
            joined,
            touches,
            expansions,
            vacant_weeks,
            ramp_weeks,
            hires,
        ] = c;
        PartBTrial {
            expansion_revenue,
            customers_start,
            customers_end,
            churned,
            joined,
            touches,
            expansions,
            vacant_weeks,
            ramp_weeks,
            productive_weeks,
            hires,
        }
    }
}

/// One week's part B sums over reps (and, in a run, over trials).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PartBWeek {
    /// Prospecting hours drawn (H) of seated rep-weeks.
    pub prospecting_drawn: f64,
    /// Selling hours available (S) of seated rep-weeks.
    pub selling_available: f64,
    /// Selling hours of the meetings falling due.
    pub appointments: f64,
    /// Selling hours of the proposals falling due.
    pub proposals: f64,
    /// Selling hours of the customer touches made by reps.
    pub touches: f64,
    /// Selling work done within the selling hours.
    pub within: f64,
    /// Hours squeezed out of prospecting.
    pub squeezed: f64,
    /// Selling work carried over to the next week.
    pub carry: f64,
    /// Seated rep-weeks.
    pub seated: u64,
    /// Seated rep-weeks in which the selling work exceeded S.
    pub binding: u64,
    /// Rep-weeks of a rep still ramping.
    pub ramping: u64,
    /// Productivity m summed over seated rep-weeks.
    pub productive: f64,
    /// Expansion revenue booked.
    pub expansion_revenue: f64,
}

impl PartBWeek {
    /// Adds `other` field by field.
    pub fn add(&mut self, other: &PartBWeek) {
        self.prospecting_drawn += other.prospecting_drawn;
        self.selling_available += other.selling_available;
        self.appointments += other.appointments;
        self.proposals += other.proposals;
        self.touches += other.touches;
        self.within += other.within;
        self.squeezed += other.squeezed;
        self.carry += other.carry;
        self.seated += other.seated;
        self.binding += other.binding;
        self.ramping += other.ramping;
        self.productive += other.productive;
        self.expansion_revenue += other.expansion_revenue;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    #[test]
    fn the_squeeze_balances_the_hours() {
        // Work fits: nothing squeezed.
        let a = squeeze(22.0, 15.0, 10.0, WhenFull::Squeeze);
        assert_eq!(
            (a.prospecting, a.squeezed, a.within, a.carry),
            (22.0, 0.0, 10.0, 0.0)
        );
        assert!(!a.binds);
        // 5 h over: out of prospecting.
        let b = squeeze(22.0, 15.0, 20.0, WhenFull::Squeeze);
        assert_eq!(
            (b.prospecting, b.squeezed, b.within, b.carry),
            (17.0, 5.0, 15.0, 0.0)
        );
        assert!(b.binds);
        // 30 h over with 22 h of prospecting: 8 h carry over.
        let c = squeeze(22.0, 15.0, 45.0, WhenFull::Squeeze);
        assert_eq!(
            (c.prospecting, c.squeezed, c.within, c.carry),
            (0.0, 22.0, 15.0, 8.0)
        );
        // Unlimited: reported only.
        let d = squeeze(22.0, 15.0, 45.0, WhenFull::Unlimited);
        assert_eq!(
            (d.prospecting, d.squeezed, d.within, d.carry),
            (22.0, 0.0, 45.0, 0.0)
        );
        assert!(d.binds);
        for x in [a, b, c] {
            assert_eq!(x.prospecting + x.squeezed, 22.0);
        }
    }

    fn plan(q: f64, vacancy: u32, ramp: u32) -> SeatPlan {
        SeatPlan {
            weekly_attrition: q,
            vacancy_weeks: vacancy,
            ramp_weeks: ramp,
            ramp_start: 0.25,
        }
    }

    /// With certain leaving (q = 1) every rep stays one week: the seat runs leave, 2 weeks
    /// vacant, a successor, leave, ...; tenures count up from 0 only while seated.
    #[test]
    fn a_seat_cycles_through_leaving_vacancy_and_successors() {
        let p = plan(1.0, 2, 3);
        let gaps = ExponentialGaps::new(p.weekly_attrition);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut seat = Seat::start(&p, &gaps, &mut rng);
        let mut seen = Vec::new();
        for _ in 0..7 {
            let tenure = seat.tenure();
            let change = seat.end_week(&p, &gaps, &mut rng);
            seen.push((tenure, change));
        }
        let hired = |hire| SeatChange::Hired { hire, left: false };
        assert_eq!(
            seen,
            [
                (Some(3), SeatChange::Left),
                (None, SeatChange::None),
                (None, hired(1)),
                (Some(0), SeatChange::Left),
                (None, SeatChange::None),
                (None, hired(2)),
                (Some(0), SeatChange::Left),
            ]
        );
        // No vacancy: the successor starts the next week.
        let p = plan(1.0, 0, 3);
        let mut seat = Seat::start(&p, &gaps, &mut rng);
        assert_eq!(
            seat.end_week(&p, &gaps, &mut rng),
            SeatChange::Hired {
                hire: 1,
                left: true
            }
        );
        assert_eq!(seat.tenure(), Some(0));
    }

    #[test]
    fn a_rep_who_never_leaves_ramps_and_stays() {
        let p = plan(0.0, 8, 3);
        let gaps = ExponentialGaps::new(0.0);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut seat = Seat::start(&p, &gaps, &mut rng);
        for _ in 0..1000 {
            assert_eq!(seat.end_week(&p, &gaps, &mut rng), SeatChange::None);
        }
        assert_eq!(seat.tenure(), Some(3));
    }

    /// Certain churn empties the book in the first week; no churn and a touch every 2 weeks
    /// with certain expansions: 10 customers give 5 touches and 5 expansions a week.
    #[test]
    fn customers_churn_and_are_touched() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        let all = ExponentialGaps::new(1.0);
        let mut book = CustomerBook::new(10, all, 0.5, ExponentialGaps::new(1.0), &mut rng);
        let w = book.week(true, &mut rng);
        assert_eq!(
            (w.churned, w.touches, w.expansions, book.count),
            (10, 0, 0, 0)
        );
        let none = ExponentialGaps::new(0.0);
        let mut book = CustomerBook::new(10, none, 0.5, ExponentialGaps::new(1.0), &mut rng);
        for _ in 0..3 {
            let w = book.week(true, &mut rng);
            assert_eq!((w.churned, w.touches, w.expansions), (0, 5, 5));
        }
        assert_eq!(book.week(false, &mut rng), CustomerWeek::default());
        assert_eq!((book.touched, book.expanded, book.churned), (15, 15, 0));
    }

    /// The book's touches are stochastic_round's draws, number for number: the same counts
    /// from two generators with the same seed, over counts and cadences whose products have
    /// fractional parts of every size (and none).
    #[test]
    fn touches_are_stochastic_round_draw_for_draw() {
        let mut a = Xoshiro256PlusPlus::seed_from_u64(7);
        let mut b = a.clone();
        let never = ExponentialGaps::new(0.0);
        for every in [1.0, 2.0, 3.0, 7.5, 26.0, 52.0, 1_040.0] {
            let per_week = 1.0 / every;
            for count in (0..200).chain([1_000, 12_345, 1 << 40]) {
                let book = CustomerBook::new(count, never, per_week, never, &mut a);
                for _ in 0..50 {
                    let want =
                        crate::model::binomial::stochastic_round(count as f64 * per_week, &mut b);
                    assert_eq!(book.touches(&mut a), want, "count {count} every {every}");
                }
            }
        }
    }
}
