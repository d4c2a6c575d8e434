//! CRM exports generated from known parameters ([`Truth`]), in the shape of a Salesforce report,
//! a HubSpot export, a Pipedrive export or generic names, clean or messy: for tests (what the
//! fit recovers is checked against the truth) and for the example exports in `examples/crm/`.
//!
//! How a history is drawn, all from one seeded Xoshiro256++ stream:
//! - each rep's closing ratio (won / (won + lost)) is a draw from a beta with the truth's mean
//!   and between-rep standard deviation;
//! - each rep gets between half and one and a half times `deals_per_rep` deals, created on days
//!   drawn uniformly over the window `[start, as_of)`, each at an account drawn uniformly from
//!   the accounts;
//! - a deal is won with its rep's closing ratio times its segment's `closing_factor` (capped at
//!   1); a lost deal had reached a proposal with probability `lost_after_proposal`, a won deal
//!   always had;
//! - its cycle in days is a lognormal with the truth's median and sigma, the same for won and
//!   lost deals; a deal whose close would fall on or after `as_of` is open (its cycle
//!   censored), shown at a proposal stage when it will reach one and half its cycle has passed;
//! - its amount is a lognormal with the truth's median times the segment's `size_factor`,
//!   rounded to whole units;
//! - activities: over the last `weeks` weeks before `as_of`, each rep makes a Poisson number of
//!   dials a week on weekdays; each connects with `connect_rate`, and a connected call books a
//!   meeting a week later (if before `as_of`) with `meeting_rate`.
//!
//! A messy export adds what real ones have: a byte order mark, CRLF line ends, day-first dates
//! with two-digit years, currency symbols and thousands separators, stage names in other cases,
//! duplicated rows, won deals with a blank amount, a row without an owner, a date that is no
//! date and (Salesforce) the report's footer. [`Planted`] says how many of each, so a test can
//! check every one is counted.

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Beta, Distribution, LogNormal, Poisson};

use super::records::Shape;

/// One segment of the accounts: an industry and a size band, and how its deals differ.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentTruth {
    /// The industry as written in the accounts export.
    pub industry: &'static str,
    /// Employees: drawn uniformly in `[low, high]`.
    pub employees: (u64, u64),
    /// How many accounts.
    pub accounts: usize,
    /// A deal's chance of being won is its rep's closing ratio times this (capped at 1).
    pub closing_factor: f64,
    /// Deal amounts' median is the truth's `amount_median` times this.
    pub size_factor: f64,
}

/// The activities' known rates.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitiesTruth {
    /// How many weeks before `as_of` the activities cover.
    pub weeks: u32,
    /// Mean dials per rep-week (Poisson).
    pub dials_per_week: f64,
    /// Share of dials that reach a conversation.
    pub connect_rate: f64,
    /// Share of conversations that book a meeting.
    pub meeting_rate: f64,
}

/// The known parameters an export is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// The stream's seed.
    pub seed: u64,
    /// Number of reps (at most 20, the names available).
    pub reps: usize,
    /// Mean deals per rep over the window.
    pub deals_per_rep: usize,
    /// Mean of the reps' closing ratios (won / (won + lost)).
    pub closing_mean: f64,
    /// Standard deviation of the reps' closing ratios (the spread between reps, not the noise
    /// of their deal counts).
    pub closing_sd: f64,
    /// Share of lost deals that had reached a proposal.
    pub lost_after_proposal: f64,
    /// Median sales cycle in days (lognormal).
    pub cycle_median_days: f64,
    /// The cycle's log-scale standard deviation.
    pub cycle_sigma: f64,
    /// Median deal amount (lognormal), in currency units.
    pub amount_median: f64,
    /// The amount's log-scale standard deviation.
    pub amount_sigma: f64,
    /// First day deals are created.
    pub start: NaiveDate,
    /// The day of the export: deals closing on or after it are open.
    pub as_of: NaiveDate,
    /// The accounts' segments; deals pick an account uniformly among all of them.
    pub segments: Vec<SegmentTruth>,
    /// Whether an accounts export is written.
    pub write_accounts: bool,
    /// Activities, when an activities export is written.
    pub activities: Option<ActivitiesTruth>,
}

impl Truth {
    /// The beta of the reps' closing ratios as (alpha, beta): mean m and sd s give
    /// alpha + beta = m (1 - m) / s^2 - 1.
    pub fn closing_beta(&self) -> (f64, f64) {
        let m = self.closing_mean;
        let k = m * (1.0 - m) / (self.closing_sd * self.closing_sd) - 1.0;
        (m * k, (1.0 - m) * k)
    }

    /// The share of closed deals that reached a proposal (appointment to proposal, when every
    /// segment's `closing_factor` is 1): won deals all did, lost ones with
    /// `lost_after_proposal`.
    pub fn appointment_to_proposal(&self) -> f64 {
        let m = self.closing_mean;
        m + (1.0 - m) * self.lost_after_proposal
    }

    /// A small history: 8 reps, 60 deals each over two years, one segment, no accounts or
    /// activities export. The base the examples and tests vary.
    pub fn example(seed: u64) -> Truth {
        Truth {
            seed,
            reps: 8,
            deals_per_rep: 60,
            closing_mean: 0.25,
            closing_sd: 0.06,
            lost_after_proposal: 0.4,
            cycle_median_days: 45.0,
            cycle_sigma: 0.6,
            amount_median: 18_000.0,
            amount_sigma: 0.5,
            start: NaiveDate::from_ymd_opt(2024, 11, 1).expect("a date"),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date"),
            segments: vec![SegmentTruth {
                industry: "Retail",
                employees: (20, 500),
                accounts: 300,
                closing_factor: 1.0,
                size_factor: 1.0,
            }],
            write_accounts: false,
            activities: None,
        }
    }

    /// [`Truth::example`] with four segments (two industries, two size bands, 3,000 accounts)
    /// written as an accounts export, and an activities export over the last four weeks.
    pub fn example_with_accounts_and_activities(seed: u64) -> Truth {
        let segment = |industry, employees, accounts, closing_factor, size_factor| SegmentTruth {
            industry,
            employees,
            accounts,
            closing_factor,
            size_factor,
        };
        Truth {
            segments: vec![
                segment("Retail", (10, 199), 1200, 1.2, 0.6),
                segment("Retail", (200, 2000), 400, 0.8, 2.0),
                segment("Manufacturing", (10, 199), 1000, 1.0, 0.8),
                segment("Manufacturing", (200, 2000), 400, 0.9, 2.5),
            ],
            write_accounts: true,
            activities: Some(ActivitiesTruth {
                weeks: 4,
                dials_per_week: 40.0,
                connect_rate: 0.12,
                meeting_rate: 0.3,
            }),
            ..Truth::example(seed)
        }
    }
}

/// How many of each mess a messy export holds (all zero for a clean one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Planted {
    /// Deal rows written twice (the copy follows the original's id).
    pub duplicates: usize,
    /// Won deals whose amount is blank.
    pub won_without_amount: usize,
    /// Deal rows whose owner is blank.
    pub without_owner: usize,
    /// Deal rows whose created date reads "TBD".
    pub bad_created_date: usize,
    /// Footer lines of a Salesforce report (one cell each).
    pub footer_lines: usize,
}

/// The generated export files' text.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The opportunities (deals) export.
    pub opportunities: String,
    /// The accounts export, when the truth asks for one.
    pub accounts: Option<String>,
    /// The activities export, when the truth has activities.
    pub activities: Option<String>,
    /// The messes planted (messy exports only).
    pub planted: Planted,
}

/// A deal as drawn, before it is written in a shape.
#[derive(Debug, Clone)]
struct Deal {
    id: usize,
    rep: usize,
    account: usize,
    won: bool,
    proposal: bool,
    created: NaiveDate,
    cycle_days: i64,
    amount: f64,
    /// Minutes after midnight, for exports that write a time.
    minute: u32,
}

impl Deal {
    fn close(&self) -> NaiveDate {
        self.created + Duration::days(self.cycle_days)
    }
}

const REP_NAMES: [&str; 20] = [
    "Avery Brooks",
    "Jordan Lee",
    "Priya Natarajan",
    "Mateo Alvarez",
    "Chloe Martin",
    "Sam O'Connor",
    "Hana Suzuki",
    "Lukas Weber",
    "Amara Okafor",
    "Noah Fischer",
    "Isabel Costa",
    "Ethan Clarke",
    "Yara Haddad",
    "Leo Marchetti",
    "Zoe Williams",
    "Omar Farouk",
    "Mia Johansson",
    "Ravi Kapoor",
    "Lena Novak",
    "Diego Romero",
];

fn account_name(i: usize) -> String {
    const A: [&str; 10] = [
        "Blue", "North", "Bright", "Silver", "Red", "Green", "Summit", "Harbor", "Prime", "Oak",
    ];
    const N: [&str; 10] = [
        "River", "Peak", "Field", "Stone", "Bridge", "Lake", "Forge", "Valley", "Point", "Mill",
    ];
    const S: [&str; 5] = ["Ltd", "Inc", "Group", "Co", "Partners"];
    let name = format!("{} {} {}", A[i % 10], N[(i / 10) % 10], S[(i / 100) % 5]);
    match i / 500 {
        0 => name,
        n => format!("{name} {}", n + 1),
    }
}

/// The accounts: (name, segment index, employees), segment after segment.
fn accounts(truth: &Truth, rng: &mut Xoshiro256PlusPlus) -> Vec<(String, usize, u64)> {
    let mut out = Vec::new();
    for (s, seg) in truth.segments.iter().enumerate() {
        for _ in 0..seg.accounts {
            let employees = rng.random_range(seg.employees.0..=seg.employees.1);
            out.push((account_name(out.len()), s, employees));
        }
    }
    out
}

fn deals(truth: &Truth, n_accounts: usize, rng: &mut Xoshiro256PlusPlus) -> Vec<Deal> {
    let (a, b) = truth.closing_beta();
    let beta = Beta::new(a, b).expect("a valid beta");
    let cycle = LogNormal::new(truth.cycle_median_days.ln(), truth.cycle_sigma).expect("sigma");
    let window = (truth.as_of - truth.start).num_days();
    let mut out = Vec::new();
    for rep in 0..truth.reps {
        let p: f64 = beta.sample(rng);
        let lo = truth.deals_per_rep / 2;
        let n = rng.random_range(lo..=truth.deals_per_rep + lo);
        for _ in 0..n {
            let account = rng.random_range(0..n_accounts);
            let created = truth.start + Duration::days(rng.random_range(0..window));
            let deal_segment = segment_of(truth, account);
            let seg = &truth.segments[deal_segment];
            let won = rng.random::<f64>() < (p * seg.closing_factor).min(1.0);
            let proposal = won || rng.random::<f64>() < truth.lost_after_proposal;
            let cycle_days = (cycle.sample(rng).round() as i64).max(1);
            let amount = LogNormal::new(
                (truth.amount_median * seg.size_factor).ln(),
                truth.amount_sigma,
            )
            .expect("sigma")
            .sample(rng)
            .round()
            .max(1.0);
            let minute = rng.random_range(8 * 60..18 * 60);
            out.push(Deal {
                id: 0,
                rep,
                account,
                won,
                proposal,
                created,
                cycle_days,
                amount,
                minute,
            });
        }
    }
    // Exports list deals in order of creation; ids follow it.
    out.sort_by_key(|d| (d.created, d.rep, d.minute));
    for (i, d) in out.iter_mut().enumerate() {
        d.id = i + 1;
    }
    out
}

fn segment_of(truth: &Truth, account: usize) -> usize {
    let mut end = 0;
    for (s, seg) in truth.segments.iter().enumerate() {
        end += seg.accounts;
        if account < end {
            return s;
        }
    }
    truth.segments.len() - 1
}

/// How a shape writes a date (and time), clean or messy.
fn date_text(shape: Shape, messy: bool, date: NaiveDate, minute: u32) -> String {
    let (h, m) = (minute / 60, minute % 60);
    if messy {
        // Day first, two-digit year.
        return format!(
            "{:02}/{:02}/{:02}",
            date.day(),
            date.month(),
            date.year() % 100
        );
    }
    match shape {
        Shape::Salesforce => format!("{}/{}/{}", date.month(), date.day(), date.year()),
        Shape::HubSpot => format!("{} {h:02}:{m:02}", date.format("%Y-%m-%d")),
        Shape::Pipedrive => format!("{} {h:02}:{m:02}:00", date.format("%Y-%m-%d")),
        Shape::Generic => date.format("%Y-%m-%d").to_string(),
    }
}

fn amount_text(messy: bool, amount: f64, row: usize) -> String {
    if !messy {
        return format!("{amount:.0}");
    }
    let whole = amount as u64;
    let grouped = {
        let s = whole.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    match row % 3 {
        0 => format!("${grouped}.00"),
        1 => grouped,
        _ => format!("USD {grouped}"),
    }
}

/// A CSV line: cells quoted where they hold a delimiter, a quote or a line end.
fn line(cells: &[String], crlf: bool) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect();
    format!("{}{}", quoted.join(","), if crlf { "\r\n" } else { "\n" })
}

/// Stage names per shape: (early stages, proposal stages, won, lost).
fn stages(
    shape: Shape,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    &'static str,
) {
    match shape {
        Shape::Salesforce => (
            &["Prospecting", "Qualification", "Needs Analysis"],
            &["Proposal/Price Quote", "Negotiation/Review"],
            "Closed Won",
            "Closed Lost",
        ),
        Shape::HubSpot => (
            &[
                "Appointment Scheduled",
                "Qualified To Buy",
                "Presentation Scheduled",
            ],
            &["Contract Sent"],
            "Closed Won",
            "Closed Lost",
        ),
        Shape::Pipedrive => (
            &["Lead In", "Contact Made", "Demo Scheduled"],
            &["Proposal Made", "Negotiations Started"],
            "Negotiations Started",
            "",
        ),
        Shape::Generic => (&["Meeting", "Discovery"], &["Proposal"], "Won", "Lost"),
    }
}

/// A deal as drawn, in the order the exports list them (by creation): what a reader should
/// find in its row.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnDeal {
    /// Its id in the export (1, 2, ...), also its position in the list plus one.
    pub id: usize,
    /// The owner's name.
    pub owner: String,
    /// The account's name.
    pub account: String,
    /// Won (at its close).
    pub won: bool,
    /// Whether it reached (or will reach) a proposal.
    pub reached_proposal: bool,
    /// Created on.
    pub created: NaiveDate,
    /// Closes on (on or after `as_of`: still open in the export).
    pub close: NaiveDate,
    /// Its amount, whole units.
    pub amount: f64,
}

/// The deals `truth` draws, as every shape writes them (messy ones add copies and blanks).
pub fn drawn_deals(truth: &Truth) -> Vec<DrawnDeal> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(truth.seed);
    let accounts = accounts(truth, &mut rng);
    deals(truth, accounts.len(), &mut rng)
        .into_iter()
        .map(|d| DrawnDeal {
            id: d.id,
            owner: REP_NAMES[d.rep].to_string(),
            account: accounts[d.account].0.clone(),
            won: d.won,
            reached_proposal: d.proposal,
            created: d.created,
            close: d.close(),
            amount: d.amount,
        })
        .collect()
}

/// Writes a history drawn from `truth` in the shape of `shape`'s exports; `messy` plants the
/// messes listed in the module's documentation.
pub fn generate(truth: &Truth, shape: Shape, messy: bool) -> Export {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(truth.seed);
    let accounts = accounts(truth, &mut rng);
    let deals = deals(truth, accounts.len(), &mut rng);
    let crlf = messy;
    let mut planted = Planted::default();
    let mut out = String::new();
    if messy {
        out.push('\u{feff}');
    }
    let headers: &[&str] = match shape {
        Shape::Salesforce => &[
            "Opportunity ID",
            "Opportunity Owner",
            "Account Name",
            "Opportunity Name",
            "Stage",
            "Amount",
            "Created Date",
            "Close Date",
            "Won",
            "Closed",
        ],
        Shape::HubSpot => &[
            "Record ID",
            "Deal Name",
            "Deal Stage",
            "Amount",
            "Create Date",
            "Close Date",
            "Deal owner",
            "Pipeline",
            "Associated Company",
        ],
        Shape::Pipedrive => &[
            "ID",
            "Title",
            "Owner",
            "Value",
            "Currency",
            "Status",
            "Stage",
            "Deal created",
            "Won time",
            "Lost time",
            "Organization",
        ],
        Shape::Generic => &[
            "id", "owner", "account", "stage", "amount", "created", "closed",
        ],
    };
    out.push_str(&line(
        &headers.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
        crlf,
    ));
    let (early, proposal_stages, won_stage, lost_stage) = stages(shape);
    for (i, d) in deals.iter().enumerate() {
        let close = d.close();
        let open = close >= truth.as_of;
        let elapsed = (truth.as_of - d.created).num_days();
        let stage = if open {
            if d.proposal && 2 * elapsed >= d.cycle_days {
                proposal_stages[d.id % proposal_stages.len()]
            } else {
                early[d.id % early.len()]
            }
        } else if d.won {
            won_stage
        } else if shape == Shape::Pipedrive {
            // Pipedrive keeps a lost deal at the stage it was lost in.
            if d.proposal {
                proposal_stages[d.id % proposal_stages.len()]
            } else {
                early[d.id % early.len()]
            }
        } else {
            lost_stage
        };
        let mut stage = stage.to_string();
        if messy && d.id % 7 == 0 {
            stage = if d.id % 2 == 0 {
                stage.to_uppercase()
            } else {
                stage.to_lowercase()
            };
        }
        let mut owner = REP_NAMES[d.rep].to_string();
        let mut created = date_text(shape, messy, d.created, d.minute);
        let mut amount = amount_text(messy, d.amount, d.id);
        // The messes, on fixed rows so the counts are known.
        if messy && d.id % 97 == 13 {
            owner.clear();
            planted.without_owner += 1;
        } else if messy && d.id % 97 == 29 {
            created = "TBD".into();
            planted.bad_created_date += 1;
        } else if messy && d.won && !open && d.id % 11 == 3 {
            amount.clear();
            planted.won_without_amount += 1;
        }
        let close_text =
            |date: NaiveDate| date_text(shape, messy, date, (d.minute + 7) % (24 * 60));
        let name = format!("{} - {}", account_name(d.account), d.id);
        let account = account_name(d.account);
        let cells: Vec<String> = match shape {
            Shape::Salesforce => {
                // An open deal's close date is the expected one, after the export.
                let expected = truth.as_of + Duration::days(14 + (d.id % 60) as i64);
                vec![
                    format!("0065g{:010}", d.id),
                    owner,
                    account,
                    name,
                    stage,
                    amount,
                    created,
                    close_text(if open { expected } else { close }),
                    if !open && d.won { "1" } else { "0" }.into(),
                    if open { "0" } else { "1" }.into(),
                ]
            }
            Shape::HubSpot => vec![
                format!("{}", 9_000_000_000u64 + d.id as u64),
                name,
                stage,
                amount,
                created,
                if open {
                    String::new()
                } else {
                    close_text(close)
                },
                owner,
                "Sales Pipeline".into(),
                account,
            ],
            Shape::Pipedrive => {
                let status = match (open, d.won) {
                    (true, _) => "Open",
                    (false, true) => "Won",
                    (false, false) => "Lost",
                };
                let status = if messy {
                    status.to_lowercase()
                } else {
                    status.to_string()
                };
                vec![
                    d.id.to_string(),
                    name,
                    owner,
                    amount,
                    "USD".into(),
                    status,
                    stage,
                    created,
                    if !open && d.won {
                        close_text(close)
                    } else {
                        String::new()
                    },
                    if !open && !d.won {
                        close_text(close)
                    } else {
                        String::new()
                    },
                    account,
                ]
            }
            Shape::Generic => vec![
                d.id.to_string(),
                owner,
                account,
                stage,
                amount,
                created,
                if open {
                    String::new()
                } else {
                    close_text(close)
                },
            ],
        };
        out.push_str(&line(&cells, crlf));
        if messy && i % 50 == 25 {
            out.push_str(&line(&cells, crlf));
            planted.duplicates += 1;
        }
    }
    if messy && shape == Shape::Salesforce {
        let footer = [
            "",
            "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.",
            "Confidential Information - Do Not Distribute",
            "Generated By:  Sales Ops  11/1/2026 9:00 AM",
            "Example Telecom",
        ];
        for f in footer {
            out.push_str(&line(&[f.to_string()], crlf));
        }
        planted.footer_lines = footer.len() - 1; // the empty line is no row
    }
    let accounts_text = truth
        .write_accounts
        .then(|| accounts_export(truth, shape, messy, &accounts));
    let activities_text = truth
        .activities
        .as_ref()
        .map(|a| activities_export(truth, a, shape, messy, &accounts, &mut rng));
    Export {
        opportunities: out,
        accounts: accounts_text,
        activities: activities_text,
        planted,
    }
}

fn accounts_export(
    truth: &Truth,
    shape: Shape,
    messy: bool,
    accounts: &[(String, usize, u64)],
) -> String {
    let headers: &[&str] = match shape {
        Shape::Salesforce => &["Account Name", "Industry", "Employees", "Billing Country"],
        Shape::HubSpot => &[
            "Record ID",
            "Company name",
            "Industry",
            "Number of Employees",
        ],
        Shape::Pipedrive => &[
            "Organization - ID",
            "Organization - Name",
            "Organization - Industry",
            "Organization - Number of employees",
        ],
        Shape::Generic => &["account", "industry", "employees"],
    };
    let mut out = String::new();
    if messy {
        out.push('\u{feff}');
    }
    out.push_str(&line(
        &headers.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
        messy,
    ));
    for (i, (name, s, employees)) in accounts.iter().enumerate() {
        let industry = truth.segments[*s].industry.to_string();
        let employees = if messy && employees >= &1000 {
            format!("{},{:03}", employees / 1000, employees % 1000)
        } else {
            employees.to_string()
        };
        let cells = match shape {
            Shape::Salesforce => vec![name.clone(), industry, employees, "United States".into()],
            Shape::HubSpot => vec![
                (8_000_000_000u64 + i as u64 + 1).to_string(),
                name.clone(),
                industry,
                employees,
            ],
            Shape::Pipedrive => vec![(i + 1).to_string(), name.clone(), industry, employees],
            Shape::Generic => vec![name.clone(), industry, employees],
        };
        out.push_str(&line(&cells, messy));
    }
    out
}

fn activities_export(
    truth: &Truth,
    a: &ActivitiesTruth,
    shape: Shape,
    messy: bool,
    accounts: &[(String, usize, u64)],
    rng: &mut Xoshiro256PlusPlus,
) -> String {
    let headers: &[&str] = match shape {
        Shape::Salesforce => &[
            "Assigned",
            "Subject",
            "Task Subtype",
            "Call Result",
            "Date",
            "Company / Account",
        ],
        Shape::HubSpot => &[
            "Activity assigned to",
            "Activity type",
            "Call outcome",
            "Activity date",
            "Associated Company",
        ],
        Shape::Pipedrive => &[
            "Assigned to user",
            "Type",
            "Subject",
            "Due date",
            "Organization",
            "Done",
        ],
        Shape::Generic => &["owner", "type", "outcome", "date", "account"],
    };
    let poisson = Poisson::new(a.dials_per_week).expect("a positive mean");
    let first = truth.as_of - Duration::weeks(i64::from(a.weeks));
    // (date, rep, is meeting, connected, account): sorted by date before writing.
    let mut rows: Vec<(NaiveDate, usize, bool, bool, usize)> = Vec::new();
    for rep in 0..truth.reps {
        for week in 0..a.weeks {
            let monday = first + Duration::weeks(i64::from(week));
            let dials = poisson.sample(rng) as u64;
            for _ in 0..dials {
                let day = monday + Duration::days(rng.random_range(0..5));
                let account = rng.random_range(0..accounts.len());
                let connected = rng.random::<f64>() < a.connect_rate;
                rows.push((day, rep, false, connected, account));
                if connected && rng.random::<f64>() < a.meeting_rate {
                    let meeting = day + Duration::days(7);
                    if meeting < truth.as_of {
                        rows.push((meeting, rep, true, false, account));
                    }
                }
            }
        }
    }
    rows.sort_by_key(|r| (r.0, r.1, r.2));
    let mut out = String::new();
    if messy {
        out.push('\u{feff}');
    }
    out.push_str(&line(
        &headers.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
        messy,
    ));
    for (i, (date, rep, meeting, connected, account)) in rows.into_iter().enumerate() {
        let owner = REP_NAMES[rep].to_string();
        let account = accounts[account].0.clone();
        let date = date_text(shape, messy, date, 9 * 60 + (i as u32 % 480));
        let outcome = |yes: &str, no: &[&str]| -> String {
            if meeting {
                String::new()
            } else if connected {
                yes.into()
            } else {
                no[i % no.len()].into()
            }
        };
        let cells = match shape {
            Shape::Salesforce => vec![
                owner,
                if meeting { "Meeting" } else { "Call" }.into(),
                if meeting { "Event" } else { "Call" }.into(),
                outcome("Connected", &["No Answer", "Left Voicemail", "Busy"]),
                date,
                account,
            ],
            Shape::HubSpot => vec![
                owner,
                if meeting { "MEETING" } else { "CALL" }.into(),
                outcome(
                    "Connected",
                    &["No answer", "Left voicemail", "Busy", "Wrong number"],
                ),
                date,
                account,
            ],
            // Pipedrive logs no call outcome: the connect rate cannot be read from it.
            Shape::Pipedrive => vec![
                owner,
                if meeting { "meeting" } else { "call" }.into(),
                if meeting { "Intro meeting" } else { "Call" }.into(),
                date,
                account,
                "1".into(),
            ],
            Shape::Generic => vec![
                owner,
                if meeting { "meeting" } else { "call" }.into(),
                outcome("connected", &["no answer"]),
                date,
                account,
            ],
        };
        out.push_str(&line(&cells, messy));
    }
    out
}

/// The example exports of `examples/crm/`: each file's name and text. A Salesforce report with
/// its accounts and activities exports (four segments), a HubSpot and a Pipedrive deals
/// export, and a messy Salesforce report; each from its own seed of the example truths.
pub fn examples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let sf = generate(
        &Truth::example_with_accounts_and_activities(2026),
        Shape::Salesforce,
        false,
    );
    out.push(("salesforce-opportunities.csv".to_string(), sf.opportunities));
    out.extend(
        sf.accounts
            .map(|t| ("salesforce-accounts.csv".to_string(), t)),
    );
    out.extend(
        sf.activities
            .map(|t| ("salesforce-activities.csv".to_string(), t)),
    );
    let hs = generate(&Truth::example(2027), Shape::HubSpot, false);
    out.push(("hubspot-deals.csv".to_string(), hs.opportunities));
    let pd = generate(&Truth::example(2028), Shape::Pipedrive, false);
    out.push(("pipedrive-deals.csv".to_string(), pd.opportunities));
    let messy = generate(&Truth::example(2029), Shape::Salesforce, true);
    out.push((
        "salesforce-messy-opportunities.csv".to_string(),
        messy.opportunities,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_beta_has_the_asked_mean_and_spread() {
        let t = Truth::example(1);
        let (a, b) = t.closing_beta();
        let mean = a / (a + b);
        let sd = (a * b / ((a + b).powi(2) * (a + b + 1.0))).sqrt();
        assert!((mean - 0.25).abs() < 1e-12 && (sd - 0.06).abs() < 1e-12);
    }

    #[test]
    fn the_same_truth_gives_the_same_bytes() {
        let t = Truth::example_with_accounts_and_activities(7);
        assert_eq!(
            generate(&t, Shape::HubSpot, true),
            generate(&t, Shape::HubSpot, true)
        );
        assert_ne!(
            generate(&t, Shape::HubSpot, false).opportunities,
            generate(
                &Truth::example_with_accounts_and_activities(8),
                Shape::HubSpot,
                false
            )
            .opportunities
        );
    }
}
