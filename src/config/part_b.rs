//! The rest of a rep's week and the team: `[selling]`, `[installed_base]` and `[team]` -> checked
//! model values (docs/model.md, "The rest of the week and the team"). A segment's `customers`
//! and `churn_per_year` and the selling hours of appointments and proposals are read with the
//! segments, contacts and targets (`config::field`).
//!
//! These sections work on a playing field: in a flat scenario each one is a problem whose
//! message shows the nearest playing-field way to write the scenario (one unlimited segment,
//! one contact, one pass).

use crate::config::field::{choice, quantity, rate, whole};
use crate::config::number::Unit;
use crate::config::reader::{Entry, Reader, find};
use crate::config::spec;
use crate::model::inputs::{Input, KeyKind};
use crate::model::scenario::Sealed;
use crate::model::selling::{
    FarmedBy, INSTALLED_BASE_KEYS, InstalledBase, MAX_HOURS_PER_TASK, MAX_TOUCH_EVERY_WEEKS,
    SELLING_KEYS, Selling, WhenFull,
};
use crate::model::team::{DEFAULT_RAMP_START, MAX_TEAM_WEEKS, TEAM_KEYS, Team};

/// The top-level entries of part B.
#[derive(Clone, Copy, Default)]
pub struct PartBEntries<'e, 'a, 'i> {
    /// `[selling]`.
    pub selling: Option<&'e Entry<'a, 'i>>,
    /// `[installed_base]`.
    pub installed_base: Option<&'e Entry<'a, 'i>>,
    /// `[team]`.
    pub team: Option<&'e Entry<'a, 'i>>,
}

/// Part B as read: `Some(value)` for a present, valid section, `Some(None)` for an absent one,
/// None when refused (recorded).
pub struct PartB {
    /// `[selling]`.
    pub selling: Option<Option<Selling>>,
    /// `[installed_base]`.
    pub installed_base: Option<Option<InstalledBase>>,
    /// `[team]`.
    pub team: Option<Option<Team>>,
}

/// How a flat scenario is written on a playing field that behaves like the endless list: the
/// advice every part B key of a flat scenario gets.
pub const FLAT_TO_FIELD: &str = "this needs a playing field (the rest of the week and the team \
     work on segments and contacts); the nearest playing-field way to write a flat scenario: add \
     [playing_field] max_passes = 1, one [[segments]] with name = \"all\" and accounts = \
     \"unlimited\", one [[contacts]] with name = \"anyone\", and on every strategy targets = [{ \
     segment = \"all\", contact = \"anyone\", share = 1 }] (its funnel inputs stay on the \
     strategy)";

/// In a flat scenario: records a problem for each part B section present.
pub fn refuse_in_flat(r: &mut Reader<'_>, e: &PartBEntries<'_, '_, '_>) {
    for (entry, what) in [
        (e.selling, "[selling]"),
        (e.installed_base, "[installed_base]"),
        (e.team, "[team]"),
    ] {
        if let Some(entry) = entry {
            r.problem(
                Some(entry.key_span.clone()),
                &format!("section {what}"),
                FLAT_TO_FIELD,
            );
        }
    }
}

/// Reads the three sections of a playing-field scenario.
pub fn read_part_b(r: &mut Reader<'_>, e: &PartBEntries<'_, '_, '_>) -> PartB {
    PartB {
        selling: read_section(r, e.selling, read_selling),
        installed_base: read_section(r, e.installed_base, read_installed_base),
        team: read_section(r, e.team, read_team),
    }
}

/// One optional section: `Some(None)` when absent, else what `read` makes of it.
fn read_section<T>(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
    read: impl FnOnce(&mut Reader<'_>, &Entry<'_, '_>) -> Option<T>,
) -> Option<Option<T>> {
    match entry {
        None => Some(None),
        Some(entry) => read(r, entry).map(Some),
    }
}

fn read_selling(r: &mut Reader<'_>, e: &Entry<'_, '_>) -> Option<Selling> {
    let t = r.table(
        e,
        "key selling",
        "([selling]) with selling_hours_per_week and when_full",
    )?;
    let fields = r.entries(t, SELLING_KEYS, |k| format!("key selling.{k}"));
    let place = "key selling.selling_hours_per_week";
    let hours = match find(&fields, "selling_hours_per_week") {
        None => {
            r.problem(
                Some(e.key_span.clone()),
                place,
                "missing: [selling] needs the selling hours a rep has each week besides \
                 prospecting, e.g. selling_hours_per_week = { dist = \"normal\", mean = 15, sd \
                 = 3 } (or \"unlimited\" time: leave out [selling])",
            );
            None
        }
        Some(f) => spec::read_spec(r, f.value, KeyKind::Hours, place),
    };
    let when_full = choice(
        r,
        find(&fields, "when_full"),
        "key selling.when_full",
        &[
            ("squeeze", WhenFull::Squeeze),
            ("unlimited", WhenFull::Unlimited),
        ],
        WhenFull::Squeeze,
        "must be \"squeeze\" (selling work beyond the selling hours comes out of prospecting, \
         the rest carries over) or \"unlimited\" (selling time is only reported)",
    );
    Some(Selling {
        hours: hours?,
        when_full: when_full?,
        sealed: Sealed::by_validator(),
    })
}

fn read_installed_base(r: &mut Reader<'_>, e: &Entry<'_, '_>) -> Option<InstalledBase> {
    let t = r.table(
        e,
        "key installed_base",
        "([installed_base]) with touch_every_weeks, hours_per_touch, expansion_rate, \
         expansion_revenue and farmed_by",
    )?;
    let fields = r.entries(t, INSTALLED_BASE_KEYS, |k| {
        format!("key installed_base.{k}")
    });
    let required = |r: &mut Reader<'_>, key: &str, example: &str| {
        let found = find(&fields, key);
        if found.is_none() {
            r.problem(
                Some(e.key_span.clone()),
                &format!("key installed_base.{key}"),
                format!("missing: [installed_base] needs {key}, e.g. {key} = {example}"),
            );
        }
        found
    };
    let every = required(r, "touch_every_weeks", "26");
    let hours = required(r, "hours_per_touch", "0.5");
    let rate_entry = required(
        r,
        "expansion_rate",
        "{ dist = \"beta\", mean = 0.05, sd = 0.02 }",
    );
    let revenue_entry = required(
        r,
        "expansion_revenue",
        "{ dist = \"lognormal\", median = 3000, p95 = 12000 }",
    );
    let touch_every_weeks = quantity(
        r,
        every,
        "key installed_base.touch_every_weeks",
        Unit::Count,
        |v| v > 0.0 && v <= MAX_TOUCH_EVERY_WEEKS,
        "must be a number of weeks above 0 and at most 1,040: each customer is touched about \
         this often",
    );
    let hours_per_touch = task_hours(r, hours, "key installed_base.hours_per_touch", "a touch");
    let expansion_rate: Option<Option<Input>> = match rate_entry {
        None => None,
        Some(f) => spec::read_spec(
            r,
            f.value,
            KeyKind::Rate,
            "key installed_base.expansion_rate",
        )
        .map(Some),
    };
    let expansion_revenue: Option<Option<Input>> = match revenue_entry {
        None => None,
        Some(f) => spec::read_spec(
            r,
            f.value,
            KeyKind::Money,
            "key installed_base.expansion_revenue",
        )
        .map(Some),
    };
    let farmed_by = choice(
        r,
        find(&fields, "farmed_by"),
        "key installed_base.farmed_by",
        &[
            ("reps", FarmedBy::Reps),
            ("account_managers", FarmedBy::AccountManagers),
        ],
        FarmedBy::Reps,
        "must be \"reps\" (the reps touch their customers, in their selling hours) or \
         \"account_managers\" (touches take no rep hours)",
    );
    Some(InstalledBase {
        touch_every_weeks: touch_every_weeks??,
        hours_per_touch: hours_per_touch??,
        expansion_rate: expansion_rate??,
        expansion_revenue: expansion_revenue??,
        farmed_by: farmed_by?,
        sealed: Sealed::by_validator(),
    })
}

fn read_team(r: &mut Reader<'_>, e: &Entry<'_, '_>) -> Option<Team> {
    let t = r.table(
        e,
        "key team",
        "([team]) with attrition_per_year, vacancy_weeks, ramp_weeks, ramp_start and \
         skill_correlation",
    )?;
    let fields = r.entries(t, TEAM_KEYS, |k| format!("key team.{k}"));
    let attrition = rate(
        r,
        find(&fields, "attrition_per_year"),
        "key team.attrition_per_year",
        |v| (0.0..1.0).contains(&v),
        "must be a rate from 0 up to but not including 1 (or a percentage), e.g. 0.25: the \
         share of reps who leave in a year",
    );
    let max = i128::from(MAX_TEAM_WEEKS);
    let vacancy = whole(
        r,
        find(&fields, "vacancy_weeks"),
        "key team.vacancy_weeks",
        0,
        max,
        "the weeks a seat stays empty before the successor starts, e.g. 8",
    );
    let ramp = whole(
        r,
        find(&fields, "ramp_weeks"),
        "key team.ramp_weeks",
        0,
        max,
        "the weeks until a new rep is fully productive, e.g. 22",
    );
    let ramp_start = rate(
        r,
        find(&fields, "ramp_start"),
        "key team.ramp_start",
        |v| v > 0.0 && v <= 1.0,
        "must be a rate above 0 and at most 1 (or a percentage), e.g. 0.25: a new rep's \
         productivity in their first week",
    );
    let skill = rate(
        r,
        find(&fields, "skill_correlation"),
        "key team.skill_correlation",
        |v| (0.0..1.0).contains(&v),
        "must be a number from 0 up to but not including 1, e.g. 0.3: the correlation of a \
         rep's rates on the normal-score scale",
    );
    Some(Team {
        attrition_per_year: attrition?.unwrap_or(0.0),
        vacancy_weeks: vacancy?.map_or(0, |v| v as u32),
        ramp_weeks: ramp?.map_or(0, |v| v as u32),
        ramp_start: ramp_start?.unwrap_or(DEFAULT_RAMP_START),
        skill_correlation: skill?.unwrap_or(0.0),
        sealed: Sealed::by_validator(),
    })
}

/// The selling hours one piece of work takes: a plain number from 0 to
/// [`MAX_HOURS_PER_TASK`]. `Some(None)` when absent.
pub fn task_hours(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
    place: &str,
    what: &str,
) -> Option<Option<f64>> {
    quantity(
        r,
        entry,
        place,
        Unit::Count,
        |v| (0.0..=MAX_HOURS_PER_TASK).contains(&v),
        &format!("must be a plain number of hours from 0 to 60: the selling hours {what} takes"),
    )
}
