//! The team, validated: `[team]` (attrition, vacancy, ramp, skill correlation), a new rep's
//! productivity over their first weeks, and the seat's Markov chain that gives the exact
//! expected productive rep-weeks (docs/model.md, "The team").

use crate::model::scenario::Sealed;

/// The keys of `[team]`.
pub const TEAM_KEYS: &[&str] = &[
    "attrition_per_year",
    "vacancy_weeks",
    "ramp_weeks",
    "ramp_start",
    "skill_correlation",
];

/// Default of `ramp_start`: a new rep books a quarter of a ramped rep's meetings in week 0.
pub const DEFAULT_RAMP_START: f64 = 0.25;

/// The longest vacancy or ramp: ten years, beyond any hiring or onboarding plan.
pub const MAX_TEAM_WEEKS: u32 = 520;

/// `[team]`: how the team changes over the horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Team {
    /// Share of reps who leave in a year, in [0, 1) (default 0).
    pub attrition_per_year: f64,
    /// Weeks a seat stays empty before the successor starts (default 0).
    pub vacancy_weeks: u32,
    /// Weeks until a new rep is fully productive (default 0: productive at once).
    pub ramp_weeks: u32,
    /// A new rep's productivity in their first week, in (0, 1] (default 0.25).
    pub ramp_start: f64,
    /// Correlation rho of a rep's rates on the normal-score scale, in [0, 1) (default 0).
    pub skill_correlation: f64,
    /// Built by the validator.
    pub(crate) sealed: Sealed,
}

impl Team {
    /// P(a seated rep leaves at the end of a week): 1 - (1 - attrition_per_year)^(1/52).
    pub fn weekly_attrition(&self) -> f64 {
        1.0 - (1.0 - self.attrition_per_year).powf(1.0 / 52.0)
    }

    /// What the seat's week needs of the team: attrition a week, vacancy and ramp.
    pub fn seat_plan(&self) -> SeatPlan {
        SeatPlan {
            weekly_attrition: self.weekly_attrition(),
            vacancy_weeks: self.vacancy_weeks,
            ramp_weeks: self.ramp_weeks,
            ramp_start: self.ramp_start,
        }
    }

    /// Spearman's rank correlation of two of a rep's rates: (6 / pi) asin(rho / 2).
    pub fn rank_correlation(&self) -> f64 {
        rank_correlation(self.skill_correlation)
    }
}

/// Spearman's rank correlation of two variables whose normal scores correlate with `rho`:
/// (6 / pi) asin(rho / 2).
pub fn rank_correlation(rho: f64) -> f64 {
    6.0 / std::f64::consts::PI * (rho / 2.0).asin()
}

/// A seat's turnover and ramp, as the engine and the seat's Markov chain use them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeatPlan {
    /// P(a seated rep leaves at the end of a week), in [0, 1).
    pub weekly_attrition: f64,
    /// Weeks a seat stays empty before the successor starts.
    pub vacancy_weeks: u32,
    /// Weeks until a new rep is fully productive.
    pub ramp_weeks: u32,
    /// A new rep's productivity in their first week, in (0, 1].
    pub ramp_start: f64,
}

impl SeatPlan {
    /// The productivity m of a rep in their week `tenure` (0 in the first):
    /// ramp_start + (1 - ramp_start) x min(1, tenure / ramp_weeks); 1 with no ramp.
    pub fn productivity(&self, tenure: u32) -> f64 {
        if tenure >= self.ramp_weeks {
            return 1.0;
        }
        self.ramp_start + (1.0 - self.ramp_start) * f64::from(tenure) / f64::from(self.ramp_weeks)
    }
}

/// One seat's expected state week by week (each in [0, 1]; a team's is N times as much).
#[derive(Debug, Clone, PartialEq)]
pub struct SeatExpectation {
    /// `E[m_t]`: the productivity of week t, a vacant seat counting 0.
    pub productivity: Vec<f64>,
    /// P(the seat is filled in week t).
    pub seated: Vec<f64>,
    /// P(the seat is filled by a rep still ramping: tenure below `ramp_weeks`).
    pub ramping: Vec<f64>,
}

impl SeatExpectation {
    /// Expected productive rep-weeks of one seat over the horizon: the sum of `E[m_t]`.
    pub fn productive_weeks(&self) -> f64 {
        self.productivity.iter().sum()
    }

    /// Expected vacant weeks of one seat over the horizon.
    pub fn vacant_weeks(&self) -> f64 {
        self.seated.iter().map(|s| 1.0 - s).sum()
    }

    /// Expected weeks one seat is filled by a rep still ramping.
    pub fn ramp_weeks(&self) -> f64 {
        self.ramping.iter().sum()
    }
}

/// The seat's Markov chain over `weeks` weeks (exact, no simulation). States: seated with
/// tenure tau (0 .. ramp_weeks - 1, then "ramped"), or vacant with v weeks left (1 ..
/// vacancy_weeks). The seat starts ramped; at the end of every seated week the rep leaves with
/// `weekly_attrition`, the seat is vacant for `vacancy_weeks` weeks, then a successor
/// starts at tenure 0.
pub fn seat_chain(team: &SeatPlan, weeks: u32) -> SeatExpectation {
    let ramp = team.ramp_weeks as usize;
    let vacancy = team.vacancy_weeks as usize;
    let q = team.weekly_attrition;
    // p_tenure[tau] for tau < ramp; p_ramped; p_vacant[v - 1] for v weeks left.
    let mut tenure = vec![0.0; ramp];
    let mut ramped = 1.0;
    let mut vacant = vec![0.0; vacancy];
    let mut out = SeatExpectation {
        productivity: Vec::with_capacity(weeks as usize),
        seated: Vec::with_capacity(weeks as usize),
        ramping: Vec::with_capacity(weeks as usize),
    };
    for _ in 0..weeks {
        let ramping: f64 = tenure.iter().sum();
        let productive: f64 = ramped
            + tenure
                .iter()
                .enumerate()
                .map(|(tau, p)| p * team.productivity(tau as u32))
                .sum::<f64>();
        out.productivity.push(productive);
        out.seated.push(ramped + ramping);
        out.ramping.push(ramping);
        // The end of the week: leavers, vacancies counting down, successors starting.
        let leaving = q * (ramped + ramping);
        let starting = if vacancy == 0 { leaving } else { vacant[0] };
        let mut next_vacant = vec![0.0; vacancy];
        if vacancy > 0 {
            next_vacant[..vacancy - 1].copy_from_slice(&vacant[1..]);
            next_vacant[vacancy - 1] = leaving;
        }
        let mut next_tenure = vec![0.0; ramp];
        let mut next_ramped = ramped * (1.0 - q);
        for (tau, p) in tenure.iter().enumerate() {
            let stay = p * (1.0 - q);
            if tau + 1 < ramp {
                next_tenure[tau + 1] += stay;
            } else {
                next_ramped += stay;
            }
        }
        if ramp == 0 {
            next_ramped += starting;
        } else {
            next_tenure[0] += starting;
        }
        tenure = next_tenure;
        ramped = next_ramped;
        vacant = next_vacant;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seat(attrition: f64, vacancy: u32, ramp: u32, start: f64) -> SeatPlan {
        SeatPlan {
            weekly_attrition: 1.0 - (1.0 - attrition).powf(1.0 / 52.0),
            vacancy_weeks: vacancy,
            ramp_weeks: ramp,
            ramp_start: start,
        }
    }

    #[test]
    fn productivity_ramps_linearly_from_the_start() {
        let t = seat(0.0, 0, 4, 0.2);
        let m: Vec<f64> = (0..6).map(|tau| t.productivity(tau)).collect();
        let want = [0.2, 0.4, 0.6, 0.8, 1.0, 1.0];
        for (got, want) in m.iter().zip(want) {
            assert!((got - want).abs() < 1e-15, "{got} {want}");
        }
        assert_eq!(seat(0.0, 0, 0, 0.25).productivity(0), 1.0);
    }

    #[test]
    fn without_attrition_every_week_is_fully_productive() {
        let e = seat_chain(&seat(0.0, 8, 22, 0.25), 52);
        assert_eq!(e.productive_weeks(), 52.0);
        assert_eq!(e.vacant_weeks(), 0.0);
        assert_eq!(e.ramp_weeks(), 0.0);
    }

    /// Vacancy 1, no ramp, weekly leaving probability q, by hand: week 0 seated 1; week 1
    /// seated 1 - q (a week-0 leaver's seat is empty); week 2 seated (1 - q)^2 + q (the
    /// successor of a week-0 leaver starts in week 2). With no vacancy and no ramp a leaver is
    /// replaced at once: every week is productive.
    #[test]
    fn the_chain_matches_a_hand_computation() {
        let t = seat(0.5, 1, 0, 0.25);
        let q = t.weekly_attrition;
        let e = seat_chain(&t, 3);
        let expected = [1.0, 1.0 - q, (1.0 - q) * (1.0 - q) + q];
        for (got, want) in e.seated.iter().zip(expected) {
            assert!((got - want).abs() < 1e-15, "{got} {want}");
        }
        let always = seat_chain(&seat(0.5, 0, 0, 0.25), 52);
        assert!((always.productive_weeks() - 52.0).abs() < 1e-12);
    }

    /// Ramp 2 from 0.5, no vacancy, by hand: week 1 is a leaver's successor's first week with
    /// probability q (m = 0.5), so `E[m_1]` = (1 - q) + q x 0.5 and P(ramping in week 1) = q.
    #[test]
    fn a_successor_ramps() {
        let t = seat(0.5, 0, 2, 0.5);
        let q = t.weekly_attrition;
        let e = seat_chain(&t, 2);
        assert!((e.productivity[1] - (1.0 - q + 0.5 * q)).abs() < 1e-15);
        assert!((e.ramping[1] - q).abs() < 1e-15);
    }

    #[test]
    fn rank_correlation_is_below_the_normal_score_one() {
        let s = rank_correlation(0.5);
        assert!((s - 6.0 / std::f64::consts::PI * 0.25f64.asin()).abs() < 1e-15);
        assert!(s < 0.5 && s > 0.48);
    }
}
