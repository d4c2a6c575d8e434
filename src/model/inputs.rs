//! The ten inputs of a strategy: their scenario keys, what they mean and when they are drawn.

use crate::model::dist::Dist;

/// What values an input may take, which decides the checks on its spec and the family a
/// `"A to B"` interval is fitted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A probability in [0, 1]; intervals are fitted as betas.
    Rate,
    /// Prospecting hours a week: non-negative; intervals are normals truncated at 0.
    Hours,
    /// Any non-negative quantity; intervals are lognormals.
    NonNegative,
    /// A non-negative amount of money; intervals are lognormals; text takes `$`, `k`, `M`.
    Money,
    /// A strictly positive quantity (a constant 0 is refused); intervals are lognormals.
    /// Only `dials_per_hour` is one, and it is bounded by [`MAX_DIALS_PER_HOUR`].
    Positive,
}

/// Hours in a week: no rep prospects more (docs/model.md, "Physical bounds").
pub const HOURS_PER_WEEK: f64 = 168.0;

/// The most dials a rep places in an hour: one every 3.6 seconds, the pace of a predictive
/// dialer running several lines for one rep, which no team sustains; it keeps a rep-week's dials
/// below 168 x 1,000 = 168,000 (docs/model.md, "Physical bounds").
pub const MAX_DIALS_PER_HOUR: f64 = 1_000.0;

/// The largest amount of money one value may be ($1 trillion, beyond any deal or hourly cost):
/// a trial's revenue, stored as f32 by week, stays far from overflow.
pub const MAX_MONEY: f64 = 1e12;

impl KeyKind {
    /// The largest value a draw may take: the key's physical bound (infinite where none is
    /// needed to keep counts in range).
    pub fn cap(self) -> f64 {
        match self {
            KeyKind::Rate => 1.0,
            KeyKind::Hours => HOURS_PER_WEEK,
            KeyKind::Positive => MAX_DIALS_PER_HOUR,
            KeyKind::Money => MAX_MONEY,
            KeyKind::NonNegative => f64::INFINITY,
        }
    }
}

/// How often a fresh value of an input is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawn {
    /// Once per rep-week.
    EachRepWeek,
    /// Once per rep and trial (skill and territory).
    EachRep,
    /// Once per closed deal.
    EachDeal,
}

/// One of a strategy's ten inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKey {
    /// Hours prospected in a rep-week.
    ProspectingHoursPerWeek,
    /// Homework per account before its first dial.
    ResearchHoursPerAccount,
    /// Dial attempts per account worked.
    DialsPerAccount,
    /// Dialing speed.
    DialsPerHour,
    /// P(a dial reaches the targeted contact).
    ConnectRate,
    /// P(a conversation books a first appointment).
    ConversationToAppointment,
    /// P(a first appointment leads to a proposal).
    AppointmentToProposal,
    /// P(a proposal closes).
    ProposalToClose,
    /// Weeks from appointment to close.
    SalesCycleWeeks,
    /// Revenue a closed deal books.
    RevenuePerSale,
}

impl InputKey {
    /// Every input, in the order of the scenario reference (and of every output).
    pub const ALL: [InputKey; 10] = [
        InputKey::ProspectingHoursPerWeek,
        InputKey::ResearchHoursPerAccount,
        InputKey::DialsPerAccount,
        InputKey::DialsPerHour,
        InputKey::ConnectRate,
        InputKey::ConversationToAppointment,
        InputKey::AppointmentToProposal,
        InputKey::ProposalToClose,
        InputKey::SalesCycleWeeks,
        InputKey::RevenuePerSale,
    ];

    /// The scenario key.
    pub fn name(self) -> &'static str {
        match self {
            InputKey::ProspectingHoursPerWeek => "prospecting_hours_per_week",
            InputKey::ResearchHoursPerAccount => "research_hours_per_account",
            InputKey::DialsPerAccount => "dials_per_account",
            InputKey::DialsPerHour => "dials_per_hour",
            InputKey::ConnectRate => "connect_rate",
            InputKey::ConversationToAppointment => "conversation_to_appointment",
            InputKey::AppointmentToProposal => "appointment_to_proposal",
            InputKey::ProposalToClose => "proposal_to_close",
            InputKey::SalesCycleWeeks => "sales_cycle_weeks",
            InputKey::RevenuePerSale => "revenue_per_sale",
        }
    }

    /// The values it may take.
    pub fn kind(self) -> KeyKind {
        match self {
            InputKey::ProspectingHoursPerWeek => KeyKind::Hours,
            InputKey::DialsPerHour => KeyKind::Positive,
            InputKey::ConnectRate
            | InputKey::ConversationToAppointment
            | InputKey::AppointmentToProposal
            | InputKey::ProposalToClose => KeyKind::Rate,
            InputKey::RevenuePerSale => KeyKind::Money,
            InputKey::ResearchHoursPerAccount
            | InputKey::DialsPerAccount
            | InputKey::SalesCycleWeeks => KeyKind::NonNegative,
        }
    }

    /// How often it is drawn.
    pub fn drawn(self) -> Drawn {
        match self {
            InputKey::ProspectingHoursPerWeek => Drawn::EachRepWeek,
            InputKey::SalesCycleWeeks | InputKey::RevenuePerSale => Drawn::EachDeal,
            _ => Drawn::EachRep,
        }
    }

    /// A few words for people: terminal tables, the report.
    pub fn label(self) -> &'static str {
        match self {
            InputKey::ProspectingHoursPerWeek => "prospecting hours per rep-week",
            InputKey::ResearchHoursPerAccount => "research hours per account",
            InputKey::DialsPerAccount => "dials per account",
            InputKey::DialsPerHour => "dials per hour",
            InputKey::ConnectRate => "connect rate (dial to conversation)",
            InputKey::ConversationToAppointment => "conversation to appointment",
            InputKey::AppointmentToProposal => "appointment to proposal",
            InputKey::ProposalToClose => "proposal to close (closing ratio)",
            InputKey::SalesCycleWeeks => "sales cycle (weeks)",
            InputKey::RevenuePerSale => "revenue per sale",
        }
    }

    /// The key named `name`, if any.
    pub fn from_name(name: &str) -> Option<InputKey> {
        InputKey::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Position in [`InputKey::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One validated input: its distribution and how the scenario stated it, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The distribution draws come from.
    pub dist: Dist,
    /// The spec in words, e.g. "4% to 14% (90% interval, beta)".
    pub text: String,
    /// Which form the spec took, so that readers decide from it rather than from `text`.
    pub stated: Stated,
}

/// The form a scenario gave an input in (see docs/model.md for the forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    /// A plain number: the input is that constant.
    Number,
    /// Left out where a documented default applies: the input is that constant.
    Default,
    /// A 90% interval (`"A to B"` or `{ p5, p95 }`): `text` names its 5th and 95th percentiles.
    Interval,
    /// A named distribution (`{ dist = "beta", ... }`): `text` gives its parameters.
    Distribution,
}

/// A strategy's ten inputs, indexed by [`InputKey`].
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs(pub [Input; 10]);

impl Inputs {
    /// The input for `key`.
    pub fn get(&self, key: InputKey) -> &Input {
        &self.0[key.index()]
    }

    /// The distribution for `key`.
    pub fn dist(&self, key: InputKey) -> &Dist {
        &self.get(key).dist
    }
}
