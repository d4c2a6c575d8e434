//! The playing field: `[playing_field]`, `[[segments]]` and `[[contacts]]` -> a checked
//! [`PlayingField`], and a strategy's `targets` resolved against it (docs/model.md, "Playing
//! field: keys").
//!
//! A scenario is a playing-field scenario when it has a `segments` key; then every strategy
//! names its targets, and each target's nine funnel inputs are resolved from the target, its
//! contact, its strategy (the first that gives the key). Every problem is recorded with its
//! place, as for the rest of the file.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::config::error::nearest;
use crate::config::mix::Share;
use crate::config::number::{Unit, parse_number};
use crate::config::part_b::{self, PartBEntries, task_hours};
use crate::config::reader::{Entry, Reader, Value, find, integer, number, type_name};
use crate::config::spec;
use crate::model::field::CONTACT_LABEL_KEYS;
use crate::model::field::{
    Allocation, Contact, MAX_ACCOUNTS, MAX_NEW_ACCOUNTS_PER_YEAR, PlayingField, Pool, Segment,
    Target,
};
pub use crate::model::field::{PLAYING_FIELD_KEYS, SEGMENT_KEYS};
use crate::model::inputs::{Input, InputKey, Inputs};
use crate::model::scenario::Sealed;
use crate::model::selling::SELLING_TIME_KEYS;

/// Default of `rest_weeks`: a quarter.
pub const DEFAULT_REST_WEEKS: u32 = 13;
/// Default of `max_passes`.
pub const DEFAULT_MAX_PASSES: u32 = 3;
/// Default of `retouch_yield`: the connect rate drops about a third after the first attempt.
pub const DEFAULT_RETOUCH_YIELD: f64 = 0.67;
/// Default of `data_decay_per_year`: about 2.1% of contacts go stale a month.
pub const DEFAULT_DATA_DECAY_PER_YEAR: f64 = 0.225;
/// The longest rest (ten years): far beyond any cadence, and it bounds the engine's buffers.
pub const MAX_REST_WEEKS: i128 = 520;
/// The most passes one contact gets: far beyond any cadence, and it bounds the engine's buffers.
pub const MAX_PASSES: i128 = 100;
/// The largest revenue or cycle factor of a segment: a segment a thousand times another is
/// better described by inputs of its own.
pub const MAX_FACTOR: f64 = 1_000.0;
/// How close the shares of a strategy's targets must come to summing to 1.
pub const SHARE_SUM_TOLERANCE: f64 = 1e-9;
/// The longest a label (industry, size, level) may be, in characters.
const MAX_LABEL_CHARS: usize = 200;

/// The nine funnel inputs: every input but the strategy's prospecting hours.
pub fn funnel_inputs() -> impl Iterator<Item = InputKey> {
    InputKey::ALL
        .into_iter()
        .filter(|k| *k != InputKey::ProspectingHoursPerWeek)
}

/// The keys of a `[[contacts]]` entry: its name and level, the nine funnel inputs and the
/// selling hours of an appointment and a proposal.
pub fn contact_keys() -> Vec<&'static str> {
    let mut keys = CONTACT_LABEL_KEYS.to_vec();
    keys.extend(funnel_inputs().map(InputKey::name));
    keys.extend(SELLING_TIME_KEYS);
    keys
}

/// The keys of one target of a strategy: segment, contact, share, the nine funnel inputs and
/// the selling hours of an appointment and a proposal.
pub fn target_keys() -> Vec<&'static str> {
    let mut keys = vec!["segment", "contact", "share"];
    keys.extend(funnel_inputs().map(InputKey::name));
    keys.extend(SELLING_TIME_KEYS);
    keys
}

/// Funnel inputs given at one level (a contact, a strategy, a target), by [`InputKey::index`]:
/// `None` when not given, `Some(None)` when given but refused (its problem is recorded),
/// `Some(Some(input))` when given and valid. The selling hours of an appointment and a
/// proposal (in [`SELLING_TIME_KEYS`] order) the same way.
#[derive(Debug, Clone, Default)]
pub struct Given(Vec<Option<Option<Input>>>, [Option<Option<f64>>; 2]);

impl Given {
    /// Reads every funnel input and selling-time key among `fields`; problems are named
    /// `{label}, key KEY`.
    pub fn read(r: &mut Reader<'_>, fields: &[Entry<'_, '_>], label: &str) -> Given {
        let mut given = vec![None; InputKey::ALL.len()];
        for key in funnel_inputs() {
            if let Some(f) = find(fields, key.name()) {
                let place = format!("{label}, key {}", key.name());
                given[key.index()] = Some(spec::read_spec(r, f.value, key.kind(), &place));
            }
        }
        let mut hours = [None, None];
        for (slot, (key, what)) in hours.iter_mut().zip(
            SELLING_TIME_KEYS
                .iter()
                .zip(["an appointment", "a proposal"]),
        ) {
            if let Some(f) = find(fields, key) {
                let place = format!("{label}, key {key}");
                *slot = Some(task_hours(r, Some(f), &place, what).and_then(|v| v));
            }
        }
        Given(given, hours)
    }

    fn get(&self, key: InputKey) -> Option<&Option<Input>> {
        self.0.get(key.index()).and_then(Option::as_ref)
    }

    /// Whether every value given here was valid.
    fn all_valid(&self) -> bool {
        !self.0.iter().any(|g| matches!(g, Some(None)))
            && !self.1.iter().any(|g| matches!(g, Some(None)))
    }

    /// Whether a selling-time key was given here.
    pub fn has_selling_time(&self) -> bool {
        self.1.iter().any(Option::is_some)
    }
}

/// The playing field as read: the checked field when every part of it is valid, and the names
/// and contact inputs the strategies' targets are resolved against (kept even when some other
/// part is refused, so that the targets are still checked).
#[derive(Debug, Clone)]
pub struct FieldRead {
    /// The allocation the targets' shares are checked for.
    allocation: Allocation,
    /// Segment names as written, in the file's order (None where a segment's name is no string).
    segments: Vec<Option<String>>,
    /// Contact names as written, in the file's order (None where a contact's name is no string).
    contacts: Vec<Option<String>>,
    /// Each contact's funnel inputs, in the same order.
    contact_inputs: Vec<Given>,
    /// The field, when nothing in it was refused.
    pub field: Option<PlayingField>,
}

/// The top-level entries the playing field reads.
pub struct FieldEntries<'e, 'a, 'i> {
    /// `[playing_field]`.
    pub settings: Option<&'e Entry<'a, 'i>>,
    /// `[[segments]]`.
    pub segments: Option<&'e Entry<'a, 'i>>,
    /// `[[contacts]]`.
    pub contacts: Option<&'e Entry<'a, 'i>>,
    /// `[selling]`, `[installed_base]` and `[team]`.
    pub part_b: PartBEntries<'e, 'a, 'i>,
}

/// Reads the playing field; None for a flat scenario (no `segments` key). `[playing_field]` or
/// `[[contacts]]` without segments is a problem (recorded) and reads as flat.
pub fn read_field(r: &mut Reader<'_>, e: &FieldEntries<'_, '_, '_>) -> Option<FieldRead> {
    let Some(segments_entry) = e.segments else {
        for (entry, what) in [
            (e.settings, "[playing_field]"),
            (e.contacts, "[[contacts]]"),
        ] {
            if let Some(entry) = entry {
                r.problem(
                    Some(entry.key_span.clone()),
                    &format!("section {what}"),
                    "a playing field needs [[segments]]: add at least one [[segments]] table \
                     (name and accounts), [[contacts]] (a name each) and targets on every \
                     strategy; or remove this section for a flat scenario",
                );
            }
        }
        part_b::refuse_in_flat(r, &e.part_b);
        return None;
    };
    let settings = read_settings(r, e.settings);
    let (segment_names, segments) = read_segments(r, segments_entry);
    let contacts = match e.contacts {
        Some(c) => read_contacts(r, c),
        None => {
            r.problem(
                Some(segments_entry.key_span.clone()),
                "section [[contacts]]",
                "missing: a playing field needs at least one [[contacts]] table (e.g. name = \
                 \"owner\"), whom the strategies' targets call",
            );
            ContactsRead::default()
        }
    };
    let allocation = settings
        .as_ref()
        .map_or(Allocation::Shares, |s| s.allocation);
    let b = part_b::read_part_b(r, &e.part_b);
    let field = match (
        settings,
        segments,
        contacts.contacts,
        b.selling,
        b.installed_base,
        b.team,
    ) {
        (
            Some(s),
            Some(segments),
            Some(contacts),
            Some(selling),
            Some(installed_base),
            Some(team),
        ) => Some(PlayingField {
            rest_weeks: s.rest_weeks,
            max_passes: s.max_passes,
            retouch_yield: s.retouch_yield,
            data_decay_per_year: s.data_decay_per_year,
            allocation: s.allocation,
            segments,
            contacts,
            selling,
            installed_base,
            team,
            sealed: Sealed::by_validator(),
        }),
        _ => None,
    };
    Some(FieldRead {
        allocation,
        segments: segment_names,
        contacts: contacts.names,
        contact_inputs: contacts.inputs,
        field,
    })
}

/// `[playing_field]`'s own keys.
struct Settings {
    rest_weeks: u32,
    max_passes: u32,
    retouch_yield: f64,
    data_decay_per_year: f64,
    allocation: Allocation,
}

fn read_settings(r: &mut Reader<'_>, entry: Option<&Entry<'_, '_>>) -> Option<Settings> {
    let defaults = Settings {
        rest_weeks: DEFAULT_REST_WEEKS,
        max_passes: DEFAULT_MAX_PASSES,
        retouch_yield: DEFAULT_RETOUCH_YIELD,
        data_decay_per_year: DEFAULT_DATA_DECAY_PER_YEAR,
        allocation: Allocation::Shares,
    };
    let Some(e) = entry else {
        return Some(defaults);
    };
    let t = r.table(
        e,
        "key playing_field",
        "([playing_field]) with rest_weeks, max_passes, retouch_yield, data_decay_per_year, allocation",
    )?;
    let fields = r.entries(t, PLAYING_FIELD_KEYS, |k| format!("key playing_field.{k}"));
    let rest_weeks = whole(
        r,
        find(&fields, "rest_weeks"),
        "key playing_field.rest_weeks",
        1,
        MAX_REST_WEEKS,
        "the weeks an account rests after a pass without an appointment, e.g. 13",
    );
    let max_passes = whole(
        r,
        find(&fields, "max_passes"),
        "key playing_field.max_passes",
        1,
        MAX_PASSES,
        "the passes one contact of an account gets before it retires, e.g. 3",
    );
    let retouch_yield = rate(
        r,
        find(&fields, "retouch_yield"),
        "key playing_field.retouch_yield",
        |v| v > 0.0 && v <= 1.0,
        "must be a rate above 0 and at most 1 (or a percentage), e.g. 0.67: a later pass \
         reaches a conversation this many times as often as the one before",
    );
    let decay = rate(
        r,
        find(&fields, "data_decay_per_year"),
        "key playing_field.data_decay_per_year",
        |v| (0.0..1.0).contains(&v),
        "must be a rate from 0 up to but not including 1 (or a percentage), e.g. 0.225: the \
         share of contacts that go stale in a year",
    );
    let allocation = match find(&fields, "allocation") {
        None => Some(Allocation::Shares),
        Some(f) => match f.value.get_ref() {
            DeValue::String(s) if s.as_ref() == "shares" => Some(Allocation::Shares),
            DeValue::String(s) if s.as_ref() == "priority" => Some(Allocation::Priority),
            other => {
                let got = match other {
                    DeValue::String(s) => format!("\"{s}\""),
                    _ => type_name(other).to_string(),
                };
                r.problem(
                    Some(f.value.span()),
                    "key playing_field.allocation",
                    format!(
                        "must be \"shares\" (each target gets its share of the hours first) or \
                         \"priority\" (the targets in list order); got {got}"
                    ),
                );
                None
            }
        },
    };
    Some(Settings {
        rest_weeks: rest_weeks?.map_or(defaults.rest_weeks, |v| v as u32),
        max_passes: max_passes?.map_or(defaults.max_passes, |v| v as u32),
        retouch_yield: retouch_yield?.unwrap_or(defaults.retouch_yield),
        data_decay_per_year: decay?.unwrap_or(defaults.data_decay_per_year),
        allocation: allocation?,
    })
}

/// A whole number in `min..=max`: `Some(None)` when absent.
pub(crate) fn whole(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
    place: &str,
    min: i128,
    max: i128,
    what: &str,
) -> Option<Option<i128>> {
    let Some(f) = entry else {
        return Some(None);
    };
    let got = match integer(f.value.get_ref()) {
        Some(v) if (min..=max).contains(&v) => return Some(Some(v)),
        Some(v) => v.to_string(),
        None => type_name(f.value.get_ref()).to_string(),
    };
    r.problem(
        Some(f.value.span()),
        place,
        format!("must be a whole number from {min} to {max} (got {got}); {what}"),
    );
    None
}

/// A number read as `unit` (text through the one number reader): `Some(None)` when absent,
/// `Some(Some(v))` when finite and `valid(v)`, None (recorded) otherwise.
pub(crate) fn quantity(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
    place: &str,
    unit: Unit,
    valid: impl Fn(f64) -> bool,
    message: &str,
) -> Option<Option<f64>> {
    let Some(f) = entry else {
        return Some(None);
    };
    let read = match f.value.get_ref() {
        DeValue::String(s) => parse_number(s, unit),
        other => number(other).ok_or_else(|| format!("got {}", type_name(other))),
    };
    match read {
        Ok(v) if v.is_finite() && valid(v) => Some(Some(v)),
        Ok(v) => {
            r.problem(Some(f.value.span()), place, format!("{message} (got {v})"));
            None
        }
        Err(e) => {
            r.problem(Some(f.value.span()), place, format!("{message}: {e}"));
            None
        }
    }
}

/// A rate (text through the one number reader, `"8%"`), as [`quantity`].
pub(crate) fn rate(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
    place: &str,
    valid: impl Fn(f64) -> bool,
    message: &str,
) -> Option<Option<f64>> {
    quantity(r, entry, place, Unit::Rate, valid, message)
}

/// The tables of an array-of-tables entry (`[[segments]]`), with a problem for anything else.
fn tables<'a, 'i>(
    r: &mut Reader<'_>,
    e: &Entry<'a, 'i>,
    what: &str,
    example: &str,
) -> Option<Vec<(usize, &'a Value<'i>, &'a DeTable<'i>)>> {
    let DeValue::Array(items) = e.value.get_ref() else {
        r.problem(
            Some(e.value.span()),
            &format!("key {}", e.key),
            format!("must be an array of tables: write each as [[{}]]", e.key),
        );
        return None;
    };
    if items.is_empty() {
        r.problem(
            Some(e.value.span()),
            &format!("key {}", e.key),
            format!(
                "no {what}: add at least one [[{}]] table ({example})",
                e.key
            ),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match item.get_ref() {
            DeValue::Table(t) => out.push((i, item, t)),
            _ => {
                r.problem(
                    Some(item.span()),
                    &format!("{what} #{}", i + 1),
                    "must be a table",
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// The `name` of a segment or contact: its label for messages, the name when valid and new,
/// and the name as written when it is a string (what targets are looked up by, so that a
/// target naming a refused segment is not refused a second time).
fn read_item_name(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    span: Range<usize>,
    what: &str,
    index: usize,
    earlier: &[Option<String>],
) -> (String, Option<String>, Option<String>) {
    let value = t
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == "name")
        .map(|(_, v)| v);
    let label = match value.map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => format!("{what} \"{s}\""),
        _ => format!("{what} #{}", index + 1),
    };
    let raw = value.and_then(|v| v.get_ref().as_str()).map(str::to_string);
    let name = match value {
        None => {
            r.problem(
                Some(span),
                &label,
                format!("missing key name: each {what} needs a name (e.g. name = \"small-firms\")"),
            );
            None
        }
        Some(v) => match v.get_ref() {
            DeValue::String(s) if !valid_item_name(s) => {
                r.problem(
                    Some(v.span()),
                    &format!("{label}, key name"),
                    format!(
                        "\"{s}\" is not a valid {what} name: use 1 to 100 letters, digits, '.', \
                         '_' or '-'"
                    ),
                );
                None
            }
            DeValue::String(s) if earlier.iter().flatten().any(|n| n == &**s) => {
                r.problem(
                    Some(v.span()),
                    &label,
                    format!("duplicate {what} name: each {what} needs its own name"),
                );
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            other => {
                r.problem(
                    Some(v.span()),
                    &format!("{label}, key name"),
                    format!("must be a string (got {})", type_name(other)),
                );
                None
            }
        },
    };
    (label, name, raw)
}

/// A segment or contact name: letters, digits, `.`, `_`, `-`, 1 to 100 of them.
pub fn valid_item_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// An optional label (industry, size, level): text of 1 to 200 characters, no control
/// characters. `Some(None)` when absent.
fn read_label(
    r: &mut Reader<'_>,
    fields: &[Entry<'_, '_>],
    key: &str,
    label: &str,
) -> Option<Option<String>> {
    let Some(f) = find(fields, key) else {
        return Some(None);
    };
    let problem = match f.value.get_ref() {
        DeValue::String(s)
            if !s.trim().is_empty()
                && s.chars().count() <= MAX_LABEL_CHARS
                && !s.chars().any(char::is_control) =>
        {
            return Some(Some(s.to_string()));
        }
        DeValue::String(_) => format!(
            "must be text of 1 to {MAX_LABEL_CHARS} characters without line breaks or tabs \
             (a label for tables and charts)"
        ),
        other => format!("must be a string, a label (got {})", type_name(other)),
    };
    r.problem(
        Some(f.value.span()),
        &format!("{label}, key {key}"),
        problem,
    );
    None
}

fn read_segments(
    r: &mut Reader<'_>,
    e: &Entry<'_, '_>,
) -> (Vec<Option<String>>, Option<Vec<Segment>>) {
    let Some(items) = tables(r, e, "segment", "name and accounts") else {
        return (Vec::new(), None);
    };
    let mut names: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item, t) in items {
        let (label, name, raw) = read_item_name(r, t, item.span(), "segment", i, &names);
        names.push(raw);
        let fields = r.entries(t, SEGMENT_KEYS, |k| format!("{label}, key {k}"));
        let industry = read_label(r, &fields, "industry", &label);
        let size = read_label(r, &fields, "size", &label);
        let accounts = read_accounts(r, &fields, &label, item.span());
        let arrivals = quantity(
            r,
            find(&fields, "new_accounts_per_year"),
            &format!("{label}, key new_accounts_per_year"),
            Unit::Count,
            |v| (0.0..=MAX_NEW_ACCOUNTS_PER_YEAR).contains(&v),
            "must be a number of accounts a year from 0 to 1e9 (fresh accounts entering the \
             team's territory)",
        );
        let mut factor = |key: &str, what: &str| {
            quantity(
                r,
                find(&fields, key),
                &format!("{label}, key {key}"),
                Unit::Count,
                |v| v > 0.0 && v <= MAX_FACTOR,
                &format!("must be a number above 0 and at most 1,000 ({what})"),
            )
        };
        let revenue_factor = factor(
            "revenue_factor",
            "it multiplies the revenue per sale of deals in this segment",
        );
        let cycle_factor = factor(
            "cycle_factor",
            "it multiplies the sales cycle of deals in this segment",
        );
        let customers = whole(
            r,
            find(&fields, "customers"),
            &format!("{label}, key customers"),
            0,
            i128::from(MAX_ACCOUNTS),
            "the team's existing customers in this segment at week 0, split among the reps \
             like the accounts",
        );
        let churn = rate(
            r,
            find(&fields, "churn_per_year"),
            &format!("{label}, key churn_per_year"),
            |v| (0.0..1.0).contains(&v),
            "must be a rate from 0 up to but not including 1 (or a percentage), e.g. 0.15: the \
             share of the segment's customers lost in a year",
        );
        let segment = (|| {
            Some(Segment {
                name: name?,
                industry: industry?,
                size: size?,
                accounts: accounts?,
                new_accounts_per_year: arrivals?.unwrap_or(0.0),
                revenue_factor: revenue_factor?.unwrap_or(1.0),
                cycle_factor: cycle_factor?.unwrap_or(1.0),
                customers: customers?.map_or(0, |v| v as u64),
                churn_per_year: churn?.unwrap_or(0.0),
                sealed: Sealed::by_validator(),
            })
        })();
        match segment {
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    (names, ok.then_some(out))
}

/// `accounts`: a whole number from 0 to [`MAX_ACCOUNTS`], or "unlimited".
fn read_accounts(
    r: &mut Reader<'_>,
    fields: &[Entry<'_, '_>],
    label: &str,
    span: Range<usize>,
) -> Option<Pool> {
    let place = format!("{label}, key accounts");
    let valid = "must be a whole number of accounts from 0 to 1,000,000,000 (the team's \
                 territory at week 0), or \"unlimited\"";
    let Some(f) = find(fields, "accounts") else {
        r.problem(
            Some(span),
            &place,
            "missing: every segment says how many accounts the team's territory holds, e.g. \
             accounts = 12000 (or \"unlimited\")",
        );
        return None;
    };
    let read = match f.value.get_ref() {
        DeValue::String(s) if s.trim() == "unlimited" => return Some(Pool::Unlimited),
        DeValue::String(s) => parse_number(s, Unit::Count),
        DeValue::Integer(_) => integer(f.value.get_ref())
            .map(|v| v as f64)
            .ok_or_else(|| "got an integer out of range".to_string()),
        other => number(other).ok_or_else(|| format!("got {}", type_name(other))),
    };
    match read {
        Ok(v) if v.is_finite() && v.fract() == 0.0 && (0.0..=MAX_ACCOUNTS as f64).contains(&v) => {
            Some(Pool::Finite(v as u64))
        }
        Ok(v) if v.is_finite() && v.fract() != 0.0 => {
            r.problem(
                Some(f.value.span()),
                &place,
                format!("{valid}; {v} is not whole"),
            );
            None
        }
        Ok(v) => {
            r.problem(Some(f.value.span()), &place, format!("{valid} (got {v})"));
            None
        }
        Err(e) => {
            r.problem(Some(f.value.span()), &place, format!("{valid}: {e}"));
            None
        }
    }
}

/// The `[[contacts]]` as read: names as written and funnel inputs in the file's order (for the
/// targets), and the contacts when none was refused.
#[derive(Default)]
struct ContactsRead {
    names: Vec<Option<String>>,
    inputs: Vec<Given>,
    contacts: Option<Vec<Contact>>,
}

fn read_contacts(r: &mut Reader<'_>, e: &Entry<'_, '_>) -> ContactsRead {
    let Some(items) = tables(r, e, "contact", "e.g. name = \"owner\"") else {
        return ContactsRead::default();
    };
    let keys = contact_keys();
    let mut names: Vec<Option<String>> = Vec::new();
    let mut inputs = Vec::new();
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item, t) in items {
        let (label, name, raw) = read_item_name(r, t, item.span(), "contact", i, &names);
        names.push(raw);
        let fields = r.entries(t, &keys, |k| format!("{label}, key {k}"));
        let level = read_label(r, &fields, "level", &label);
        let given = Given::read(r, &fields, &label);
        ok &= given.all_valid();
        inputs.push(given);
        match (name, level) {
            (Some(name), Some(level)) => out.push(Contact {
                name,
                level,
                sealed: Sealed::by_validator(),
            }),
            _ => ok = false,
        }
    }
    ContactsRead {
        names,
        inputs,
        contacts: ok.then_some(out),
    }
}

/// A strategy of a playing-field scenario as read, before its targets are resolved.
pub struct StrategyParts<'s> {
    /// Label for messages (`strategy "top-down"`).
    pub label: &'s str,
    /// Where the strategy stands.
    pub span: Range<usize>,
    /// Its prospecting hours, when given and valid.
    pub hours: Option<Input>,
    /// Its own funnel inputs (defaults for its targets).
    pub given: Given,
}

/// Reads and resolves the `targets` of a strategy (the entry `entry`, or a problem when
/// missing): None when anything is refused (recorded).
pub fn read_targets(
    r: &mut Reader<'_>,
    field: &FieldRead,
    strategy: &StrategyParts<'_>,
    entry: Option<&Entry<'_, '_>>,
) -> Option<Vec<Target>> {
    let label = strategy.label;
    let Some(e) = entry else {
        r.problem(
            Some(strategy.span.clone()),
            &format!("{label}, key targets"),
            "missing: in a playing-field scenario every strategy names its targets, e.g. \
             targets = [{ segment = \"small-firms\", contact = \"owner\", share = 1 }]",
        );
        return None;
    };
    let place = format!("{label}, key targets");
    let items = match e.value.get_ref() {
        DeValue::Array(items) if !items.is_empty() => items,
        DeValue::Array(_) => {
            r.problem(
                Some(e.value.span()),
                &place,
                "names no targets: give at least one { segment = ..., contact = ..., share = ... }",
            );
            return None;
        }
        other => {
            r.problem(
                Some(e.value.span()),
                &place,
                format!(
                    "must be an array of tables, e.g. [{{ segment = \"small-firms\", contact = \
                     \"owner\", share = 1 }}] (got {})",
                    type_name(other)
                ),
            );
            return None;
        }
    };
    let keys = target_keys();
    let segment_names: Vec<&str> = field
        .segments
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let contact_names: Vec<&str> = field
        .contacts
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let mut ok = true;
    let mut out = Vec::new();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    let mut shares: Vec<Share> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let DeValue::Table(t) = item.get_ref() else {
            r.problem(
                Some(item.span()),
                &format!("{label}, target {i}"),
                format!(
                    "must be a table {{ segment = ..., contact = ..., share = ... }} (got {})",
                    type_name(item.get_ref())
                ),
            );
            ok = false;
            continue;
        };
        let text = |k: &str| {
            t.iter()
                .find(|(key, _)| key.get_ref().as_ref() == k)
                .and_then(|(_, v)| v.get_ref().as_str())
                .unwrap_or("?")
                .to_string()
        };
        let tlabel = format!(
            "{label}, target {i} ({}, {})",
            text("segment"),
            text("contact")
        );
        let fields = r.entries(t, &keys, |k| format!("{tlabel}, key {k}"));
        let segment = reference(
            r,
            find(&fields, "segment"),
            &field.segments,
            &segment_names,
            "segment",
            &tlabel,
            item.span(),
        );
        let contact = reference(
            r,
            find(&fields, "contact"),
            &field.contacts,
            &contact_names,
            "contact",
            &tlabel,
            item.span(),
        );
        if let (Some(s), Some(c)) = (segment, contact) {
            if let Some((_, _, first)) = pairs.iter().find(|(ps, pc, _)| (*ps, *pc) == (s, c)) {
                r.problem(
                    Some(item.span()),
                    &tlabel,
                    format!(
                        "this (segment, contact) pair is already target {first} of the strategy: \
                         a pair appears at most once (merge the two)"
                    ),
                );
                ok = false;
            }
            pairs.push((s, c, i));
        }
        let share = read_share(
            r,
            find(&fields, "share"),
            field.allocation,
            &tlabel,
            item.span(),
        );
        if let Some(v) = share {
            shares.push(v);
        }
        let own = Given::read(r, &fields, &tlabel);
        // Resolution: the target, then its contact, then its strategy.
        let contact_given = contact.and_then(|c| field.contact_inputs.get(c));
        let contact_name = contact.and_then(|c| field.contacts[c].as_deref());
        let mut resolved: Vec<Option<Input>> = vec![strategy.hours.clone()];
        for key in funnel_inputs() {
            let found = own
                .get(key)
                .or_else(|| contact_given.and_then(|g| g.get(key)))
                .or_else(|| strategy.given.get(key));
            match found {
                Some(value) => resolved.push(value.clone()),
                None => {
                    // A target whose contact could not be looked up is already refused; naming
                    // missing inputs too would only repeat it.
                    if contact.is_some() {
                        let name = key.name();
                        r.problem(
                            Some(item.span()),
                            &format!("{tlabel}, key {name}"),
                            format!(
                                "missing: no value after resolution; set {name} on this target, \
                                 on contact \"{}\" ([[contacts]]), or on {label} (the first \
                                 found is used)",
                                contact_name.unwrap_or("?")
                            ),
                        );
                    }
                    resolved.push(None);
                }
            }
        }
        let inputs: Option<Vec<Input>> = resolved.into_iter().collect();
        // The selling hours: the target, its contact, its strategy, else 0.
        let selling_time = |i: usize| -> Option<f64> {
            match own.1[i]
                .or_else(|| contact_given.and_then(|g| g.1[i]))
                .or(strategy.given.1[i])
            {
                None => Some(0.0),
                Some(v) => v,
            }
        };
        let (per_appointment, per_proposal) = (selling_time(0), selling_time(1));
        ok &= own.all_valid();
        match (
            segment,
            contact,
            share,
            inputs,
            per_appointment,
            per_proposal,
        ) {
            (
                Some(segment),
                Some(contact),
                Some(_),
                Some(inputs),
                Some(hours_per_appointment),
                Some(hours_per_proposal),
            ) => out.push(Target {
                segment,
                contact,
                // Settled below, once every share is known.
                share: 0.0,
                inputs: Inputs(inputs.try_into().ok()?),
                hours_per_appointment,
                hours_per_proposal,
                sealed: Sealed::by_validator(),
            }),
            _ => ok = false,
        }
    }
    // The shares are checked whenever each was read, whatever else is wrong with the targets.
    if shares.len() != items.len() {
        return None;
    }
    let settled = settle_shares(r, &shares, field.allocation, e.value.span(), &place)?;
    if !ok {
        return None;
    }
    for (t, share) in out.iter_mut().zip(settled) {
        t.share = share;
    }
    Some(out)
}

/// The index of the segment or contact a target names, or a problem (with a suggestion).
fn reference(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
    all: &[Option<String>],
    names: &[&str],
    what: &str,
    label: &str,
    span: Range<usize>,
) -> Option<usize> {
    let place = format!("{label}, key {what}");
    let Some(f) = entry else {
        r.problem(
            Some(span),
            &place,
            format!(
                "missing: every target names a {what} (one of: {})",
                names.join(", ")
            ),
        );
        return None;
    };
    let DeValue::String(s) = f.value.get_ref() else {
        r.problem(
            Some(f.value.span()),
            &place,
            format!(
                "must be the name of a {what}, a string (got {})",
                type_name(f.value.get_ref())
            ),
        );
        return None;
    };
    if let Some(i) = all.iter().position(|n| n.as_deref() == Some(&**s)) {
        return Some(i);
    }
    let hint = nearest(s, names).map_or(String::new(), |n| format!("did you mean `{n}`? "));
    r.problem(
        Some(f.value.span()),
        &place,
        format!(
            "no {what} named \"{s}\"; {hint}{what}s: {} (each [[{what}s]] table's name)",
            names.join(", ")
        ),
    );
    None
}

/// The targets' shares with `"rest"` settled (1 minus the others): under "shares" they must
/// sum to 1 within [`SHARE_SUM_TOLERANCE`], with "rest" above 0; under "priority" they are
/// only kept ("rest" is what the others leave, or 0).
fn settle_shares(
    r: &mut Reader<'_>,
    shares: &[Share],
    allocation: Allocation,
    span: Range<usize>,
    place: &str,
) -> Option<Vec<f64>> {
    let given: f64 = shares
        .iter()
        .map(|s| match s {
            Share::Given(x) => *x,
            Share::Rest => 0.0,
        })
        .sum();
    let rests = shares.iter().filter(|s| **s == Share::Rest).count();
    let place = format!("{place}, shares");
    let rest = match (allocation, rests) {
        (_, 2..) => {
            r.problem(Some(span), &place, "only one share can be \"rest\"");
            return None;
        }
        (Allocation::Priority, _) => (1.0 - given).max(0.0),
        (Allocation::Shares, 0) if (given - 1.0).abs() <= SHARE_SUM_TOLERANCE => 0.0,
        (Allocation::Shares, 0) => {
            r.problem(
                Some(span),
                &place,
                format!(
                    "the targets' shares sum to {}, not 1 (within 1e-9): with allocation = \
                     \"shares\" they split the strategy's prospecting hours; make them sum to 1, \
                     give one of them as \"rest\", or set allocation = \"priority\" in \
                     [playing_field]",
                    sum_text(given)
                ),
            );
            return None;
        }
        (Allocation::Shares, _) if given < 1.0 - SHARE_SUM_TOLERANCE => 1.0 - given,
        (Allocation::Shares, _) => {
            r.problem(
                Some(span),
                &place,
                format!(
                    "the given shares sum to {}, leaving nothing for \"rest\" (a share \
                     must be above 0)",
                    sum_text(given)
                ),
            );
            return None;
        }
    };
    Some(
        shares
            .iter()
            .map(|s| match s {
                Share::Given(x) => *x,
                Share::Rest => rest,
            })
            .collect(),
    )
}

/// A sum of shares for messages: twelve decimals at most, without the float noise of the
/// addition (0.6 + 0.3 reads 0.9), yet enough to show a miss of 1e-9.
fn sum_text(sum: f64) -> String {
    let s = format!("{sum:.12}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A target's share: required under "shares", optional under "priority" (0 when left out);
/// when given, a rate above 0 and at most 1, or `"rest"`.
fn read_share(
    r: &mut Reader<'_>,
    entry: Option<&Entry<'_, '_>>,
    allocation: Allocation,
    label: &str,
    span: Range<usize>,
) -> Option<Share> {
    let place = format!("{label}, key share");
    if let Some(f) = entry
        && let DeValue::String(s) = f.value.get_ref()
        && s.trim() == "rest"
    {
        return Some(Share::Rest);
    }
    let share = rate(
        r,
        entry,
        &place,
        |v| v > 0.0 && v <= 1.0,
        "a share must be above 0 and at most 1 (or a percentage), the share of the strategy's \
         prospecting hours this target gets, or \"rest\"",
    )?;
    match (share, allocation) {
        (Some(v), _) => Some(Share::Given(v)),
        (None, Allocation::Priority) => Some(Share::Given(0.0)),
        (None, Allocation::Shares) => {
            r.problem(
                Some(span),
                &place,
                "missing: with allocation = \"shares\" (the default) every target needs a share \
                 of the strategy's hours, the shares summing to 1; or set allocation = \
                 \"priority\" in [playing_field]",
            );
            None
        }
    }
}
