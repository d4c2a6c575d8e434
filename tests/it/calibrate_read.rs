//! Reading CRM exports (README.md, "Start from your CRM"): each CRM's shape read back exactly
//! as generated, every messy form, dates settled per column or refused, `--map`, the message
//! for a file whose columns are not recognised, and unusable rows counted by reason.

use chrono::NaiveDate;

use prospect_sim::calibrate::columns::ColumnMap;
use prospect_sim::calibrate::synthetic::{Truth, drawn_deals, generate};
use prospect_sim::calibrate::{
    ActivityKind, Dataset, DateReading, Outcome, ReadError, ReadOptions, Shape, Texts, read_texts,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Reads one opportunities export given as text.
fn read(text: &str, options: &ReadOptions) -> Result<Dataset, ReadError> {
    read_texts(
        Texts {
            opportunities: ("deals.csv", text),
            accounts: None,
            activities: None,
        },
        options,
    )
}

fn ok(text: &str) -> Dataset {
    read(text, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The lines left out (or used in part) for the reason that starts with `start`.
fn skipped<'a>(data: &'a Dataset, start: &str) -> &'a [usize] {
    data.skipped
        .iter()
        .find(|s| s.reason.starts_with(start))
        .map_or(&[], |s| s.rows.as_slice())
}

fn maps(entries: &[&str]) -> ReadOptions {
    ReadOptions {
        maps: entries
            .iter()
            .map(|m| m.parse::<ColumnMap>().unwrap())
            .collect(),
        date_order: None,
    }
}

#[test]
fn every_shape_clean_or_messy_reads_back_the_deals_drawn() {
    for shape in [
        Shape::Salesforce,
        Shape::HubSpot,
        Shape::Pipedrive,
        Shape::Generic,
    ] {
        for messy in [false, true] {
            let truth = Truth::example_with_accounts_and_activities(31);
            let export = generate(&truth, shape, messy);
            let data = read_texts(
                Texts {
                    opportunities: ("deals.csv", &export.opportunities),
                    accounts: Some(("accounts.csv", export.accounts.as_deref().unwrap())),
                    activities: Some(("activities.csv", export.activities.as_deref().unwrap())),
                },
                &ReadOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{shape:?} messy {messy}: {e}"));
            let label = format!("{shape:?} messy {messy}");
            assert_eq!(data.sources.len(), 3, "{label}");
            for source in &data.sources {
                assert_eq!(source.shape, shape, "{label}: {}", source.path);
            }
            let reading = match (messy, shape) {
                (true, _) => DateReading::DayMonthYear,
                (false, Shape::Salesforce) => DateReading::MonthDayYear,
                (false, _) => DateReading::Iso,
            };
            assert!(
                data.sources[0]
                    .date_readings
                    .iter()
                    .all(|(_, r)| *r == reading),
                "{label}: {:?}",
                data.sources[0].date_readings
            );
            // The deals read are the deals drawn, less the rows planted without an owner or
            // with a created date that is no date.
            let planted = export.planted;
            let mut expected = Vec::new();
            for deal in drawn_deals(&truth) {
                if messy && (deal.id % 97 == 13 || deal.id % 97 == 29) {
                    continue;
                }
                expected.push(deal);
            }
            assert_eq!(data.opportunities.len(), expected.len(), "{label}");
            for (o, want) in data.opportunities.iter().zip(&expected) {
                let open = want.close >= truth.as_of;
                let outcome = match (open, want.won) {
                    (true, _) => Outcome::Open,
                    (false, true) => Outcome::Won,
                    (false, false) => Outcome::Lost,
                };
                let at = format!("{label}, deal {}", want.id);
                assert_eq!(data.reps[o.rep], want.owner, "{at}");
                assert_eq!(o.account.as_deref(), Some(want.account.as_str()), "{at}");
                assert_eq!(o.outcome, outcome, "{at}");
                assert_eq!(o.created, want.created, "{at}");
                assert_eq!(o.closed, (!open).then_some(want.close), "{at}");
                let blanked = messy && outcome == Outcome::Won && want.id % 11 == 3;
                assert_eq!(o.amount, (!blanked).then_some(want.amount), "{at}: amount");
                if !messy {
                    assert_eq!(o.row, want.id + 1, "{at}: the header is line 1");
                }
                // Won deals reached a proposal; a lost one shows it only where the stage
                // stays the stage it was lost in (Pipedrive); an open one at a proposal stage
                // has, an earlier one may yet.
                let elapsed = (truth.as_of - want.created).num_days();
                let cycle = (want.close - want.created).num_days();
                let reached = match outcome {
                    Outcome::Won => Some(true),
                    Outcome::Lost if shape == Shape::Pipedrive => Some(want.reached_proposal),
                    Outcome::Lost => None,
                    Outcome::Open => {
                        (want.reached_proposal && 2 * elapsed >= cycle).then_some(true)
                    }
                };
                assert_eq!(o.reached_proposal, reached, "{at}: proposal");
            }
            // Every planted mess is counted under its reason.
            assert_eq!(
                skipped(&data, "no owner").len(),
                planted.without_owner,
                "{label}"
            );
            assert_eq!(
                skipped(&data, "duplicate id").len(),
                planted.duplicates,
                "{label}"
            );
            assert_eq!(
                skipped(&data, "won with no amount").len(),
                planted.won_without_amount,
                "{label}"
            );
            assert_eq!(
                skipped(&data, "fewer cells").len(),
                planted.footer_lines,
                "{label}"
            );
            let created_header = &data.sources[0]
                .columns
                .iter()
                .find(|(f, _)| f == "created")
                .unwrap()
                .1;
            assert_eq!(
                skipped(&data, &format!("\"{created_header}\" is no date")).len(),
                planted.bad_created_date,
                "{label}"
            );
            if messy {
                assert!(planted.duplicates > 0 && planted.won_without_amount > 0);
                assert!(planted.without_owner > 0 && planted.bad_created_date > 0);
            } else {
                assert!(data.skipped.is_empty(), "{label}: {:?}", data.skipped);
            }
            let rows_left_out: usize = data
                .skipped
                .iter()
                .filter(|s| s.file == "deals.csv" && !s.in_part)
                .map(|s| s.rows.len())
                .sum();
            let source = &data.sources[0];
            assert_eq!(
                source.rows_read - source.rows_used,
                rows_left_out,
                "{label}"
            );
            // Accounts and activities.
            let accounts: usize = truth.segments.iter().map(|s| s.accounts).sum();
            assert_eq!(data.accounts.len(), accounts, "{label}");
            assert!(data.accounts.iter().all(|a| a.employees.is_some()));
            let dials: Vec<_> = data
                .activities
                .iter()
                .filter(|a| a.kind == ActivityKind::Dial)
                .collect();
            assert!(
                !dials.is_empty() && dials.len() < data.activities.len(),
                "{label}"
            );
            let outcomes_known = dials.iter().all(|a| a.connected.is_some());
            assert_eq!(outcomes_known, shape != Shape::Pipedrive, "{label}");
        }
    }
}

#[test]
fn each_date_column_is_read_the_way_its_values_allow() {
    // Created is day first (25/03/24 settles it), closed month first (12/31/2024), two-digit
    // and four-digit years, ISO in a third column.
    let data = ok("owner,stage,created,closed,engaged\n\
         Ann,Closed Won,03/04/24,04/05/2024,\n\
         Ann,Closed Lost,25/03/24,12/31/2024,2024-03-26\n");
    let o = &data.opportunities;
    assert_eq!(o[0].created, d(2024, 4, 3));
    assert_eq!(o[0].closed, Some(d(2024, 4, 5)));
    // The engaged date starts the cycle where there is one.
    assert_eq!(o[1].created, d(2024, 3, 26));
    assert_eq!(o[1].closed, Some(d(2024, 12, 31)));
    let readings = &data.sources[0].date_readings;
    assert_eq!(
        readings,
        &[
            ("created".to_string(), DateReading::DayMonthYear),
            ("engaged".to_string(), DateReading::Iso),
            ("closed".to_string(), DateReading::MonthDayYear),
        ]
    );
}

#[test]
fn a_column_that_could_be_read_both_ways_is_refused_unless_settled() {
    let text = "owner,stage,created,closed\n\
                Ann,Closed Won,03/04/2024,05/06/2024\n\
                Bob,Closed Lost,01/02/2024,07/08/2024\n";
    let e = read(text, &ReadOptions::default()).unwrap_err();
    let message = e.to_string();
    assert_eq!(e.line, Some(2));
    assert!(
        message.starts_with("deals.csv:2: column \"created\"")
            && message.contains("3 April 2024 or 4 March 2024")
            && message.contains("--date-order d/m/y"),
        "{message}"
    );
    let options = ReadOptions {
        date_order: Some(DateReading::MonthDayYear),
        ..ReadOptions::default()
    };
    let data = read(text, &options).unwrap();
    assert_eq!(data.opportunities[0].created, d(2024, 3, 4));
    assert_eq!(data.opportunities[1].closed, Some(d(2024, 7, 8)));
    // Another date column of the file whose values settle it settles this one too.
    let text = "owner,stage,created,closed\n\
                Ann,Closed Won,03/04/2024,05/06/2024\n\
                Bob,Closed Lost,01/02/2024,27/08/2024\n";
    let data = ok(text);
    assert_eq!(data.opportunities[0].created, d(2024, 4, 3));
    assert_eq!(data.opportunities[1].closed, Some(d(2024, 8, 27)));
}

#[test]
fn a_column_mixing_both_orders_is_refused_with_both_lines() {
    let text = "owner,stage,created,closed\n\
                Ann,Closed Won,13/04/2024,05/06/2024\n\
                Bob,Closed Lost,04/14/2024,27/08/2024\n";
    let e = read(text, &ReadOptions::default()).unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains("mixes day-first and month-first")
            && message.contains("line 2 has \"13/04/2024\"")
            && message.contains("line 3 has \"04/14/2024\""),
        "{message}"
    );
}

#[test]
fn amounts_with_symbols_separators_and_blanks() {
    let text = "owner,stage,amount,created,closed\n\
                Ann,Closed Won,\"$12,500.00\",2024-01-01,2024-02-01\n\
                Ann,Closed Won,€ 9 800,2024-01-01,2024-02-01\n\
                Ann,Closed Won,USD 7000,2024-01-01,2024-02-01\n\
                Ann,Closed Won,,2024-01-01,2024-02-01\n\
                Ann,Closed Lost,,2024-01-01,2024-02-01\n\
                Ann,Closed Won,1.234,56,2024-01-01,2024-02-01\n\
                Ann,Closed Won,twelve,2024-01-01,2024-02-01\n\
                Ann,Closed Won,0,2024-01-01,2024-02-01\n";
    let data = ok(text);
    let amounts: Vec<Option<f64>> = data.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(
        amounts,
        [Some(12_500.0), None, Some(7_000.0), None, None, None, None]
    );
    // The won deal without an amount still counts as won; the lost one without is no mess.
    assert_eq!(data.opportunities[3].outcome, Outcome::Won);
    // Euros among dollars are not mixed into one deal size.
    assert_eq!(skipped(&data, "won in EUR, not USD"), [3]);
    assert_eq!(skipped(&data, "won with no amount"), [5]);
    assert_eq!(skipped(&data, "won, amount is no number"), [8]);
    assert_eq!(skipped(&data, "won with an amount of zero"), [9]);
    // "1.234,56" splits into one cell too many at the unquoted comma.
    assert_eq!(skipped(&data, "more cells than the header"), [7]);
    assert!(
        data.skipped
            .iter()
            .filter(|s| s.reason.starts_with("won"))
            .all(|s| s.in_part)
    );
}

#[test]
fn points_between_thousands_are_read_as_continental_exports_mean_them() {
    // An amount of money has no third decimal, so "€1.200" is twelve hundred, not 1.2; a
    // point before one or two digits is a decimal point.
    let text = "owner,stage,amount,created,closed\n\
                Ann,Closed Won,€1.200,2024-01-01,2024-02-01\n\
                Ann,Closed Won,\"1,200.50\",2024-01-01,2024-02-01\n\
                Ann,Closed Won,1.250.000 EUR,2024-01-01,2024-02-01\n\
                Ann,Closed Won,980.5,2024-01-01,2024-02-01\n";
    let data = ok(text);
    let amounts: Vec<Option<f64>> = data.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(
        amounts,
        [Some(1_200.0), Some(1_200.5), Some(1_250_000.0), Some(980.5)]
    );
}

#[test]
fn amounts_in_two_currencies_without_a_currency_column_are_not_mixed() {
    // Two deals in dollars, one in euros (by symbol and by code alike): the euro one counts
    // for the win rate, not the deal size, as it would with a currency column.
    let text = "owner,stage,amount,created,closed\n\
                Ann,Closed Won,\"$1,200.50\",2024-01-01,2024-02-01\n\
                Ann,Closed Won,€1.200,2024-01-01,2024-02-01\n\
                Ann,Closed Won,USD 900,2024-01-01,2024-02-01\n\
                Ann,Closed Won,700,2024-01-01,2024-02-01\n";
    let data = ok(text);
    let amounts: Vec<Option<f64>> = data.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(amounts, [Some(1_200.5), None, Some(900.0), Some(700.0)]);
    assert_eq!(skipped(&data, "won in EUR, not USD"), [3]);
    assert!(data.opportunities.iter().all(|o| o.outcome == Outcome::Won));
}

#[test]
fn bom_crlf_semicolons_and_stage_names_in_any_case() {
    let text = "\u{feff}Owner;Stage;Amount;Created;Closed\r\n\
                Ann;CLOSED WON;1200;2024-01-01;2024-02-01\r\n\
                Ann;closed lost;1300;2024-01-01;2024-02-01\r\n\
                Bob;Closed-Won;1400;2024-01-01;2024-02-01\r\n\
                bob ;closedlost;1500;2024-01-01;2024-02-01\r\n\
                Cy;Proposal/Price Quote;1600;2024-01-01;2024-09-01\r\n";
    let data = ok(text);
    let outcomes: Vec<Outcome> = data.opportunities.iter().map(|o| o.outcome).collect();
    use Outcome::*;
    assert_eq!(outcomes, [Won, Lost, Won, Lost, Open]);
    // Names match ignoring case and spaces; the first spelling is kept.
    assert_eq!(data.reps, ["Ann", "Bob", "Cy"]);
    assert_eq!(
        data.opportunities[4].closed, None,
        "an open deal's date is expected"
    );
    assert_eq!(data.opportunities[4].reached_proposal, Some(true));
    assert_eq!(data.opportunities[1].reached_proposal, None);
    assert_eq!(data.sources[0].columns[0], ("owner".into(), "Owner".into()));
}

#[test]
fn rows_that_cannot_be_used_are_counted_by_reason() {
    let text = "Deal ID,Owner,Status,Stage,Value,Deal created,Won time,Lost time\n\
                1,Ann,won,Negotiation,100,2024-01-01,2024-02-01,\n\
                1,Ann,won,Negotiation,100,2024-01-01,2024-02-01,\n\
                2,,lost,Lead In,100,2024-01-01,,2024-02-01\n\
                3,Ann,deleted,Lead In,100,2024-01-01,,\n\
                4,Ann,pending,Lead In,100,2024-01-01,,\n\
                5,Ann,won,Negotiation,100,,2024-02-01,\n\
                6,Ann,lost,Lead In,100,2024-03-01,,2024-02-01\n\
                7,Ann,won,Negotiation,100,2024-01-01,,\n\
                8,Ann,lost,Lead In,100,2024-01-01,,soon\n\
                ,,,,,,,\n\
                9,Ann,lost,Lead In,100,2024-01-01,,2024-01-20\n\
                Total,900\n";
    let data = ok(text);
    assert_eq!(data.opportunities.len(), 2);
    assert_eq!(data.opportunities[1].reached_proposal, Some(false));
    let reasons: Vec<(&str, &[usize])> = data
        .skipped
        .iter()
        .map(|s| (s.reason.as_str(), s.rows.as_slice()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("blank row", &[11][..]),
            (
                "fewer cells than the header has columns (a report footer, or a cut line?)",
                &[13][..]
            ),
            (
                "duplicate id (an earlier row has it; the first is kept)",
                &[3][..]
            ),
            ("no owner", &[4][..]),
            ("status deleted", &[5][..]),
            ("status \"pending\" is not won, lost or open", &[6][..]),
            ("no created date", &[7][..]),
            ("closes before it was created", &[8][..]),
            ("closed (won or lost) with no close date", &[9][..]),
            ("\"Lost time\" is no date", &[10][..]),
        ]
    );
    assert_eq!(data.sources[0].rows_read, 12);
    assert_eq!(data.sources[0].rows_used, 2);
}

#[test]
fn identical_rows_without_an_id_are_read_once_and_currencies_are_not_mixed() {
    let text = "owner,stage,amount,currency,created,closed\n\
                Ann,Won,100,USD,2024-01-01,2024-02-01\n\
                Ann,Won,100,USD,2024-01-01,2024-02-01\n\
                Ann,Won,200,EUR,2024-01-01,2024-02-01\n\
                Ann,Won,300,usd,2024-01-01,2024-02-01\n";
    let data = ok(text);
    let amounts: Vec<Option<f64>> = data.opportunities.iter().map(|o| o.amount).collect();
    assert_eq!(amounts, [Some(100.0), None, Some(300.0)]);
    assert_eq!(skipped(&data, "identical to an earlier row"), [3]);
    assert_eq!(skipped(&data, "won in EUR, not USD"), [4]);
}

#[test]
fn salesforce_flags_decide_the_outcome_and_a_closed_date_column_is_a_date() {
    let text = "Opportunity Owner,Stage,Amount,Created Date,Close Date,Won,Closed\n\
                Ann,Closed Won,100,1/2/2024,1/30/2024,1,1\n\
                Ann,Closed Lost,100,1/2/2024,1/30/2024,0,1\n\
                Ann,Negotiation/Review,100,1/2/2024,12/30/2026,0,0\n";
    let data = ok(text);
    let outcomes: Vec<Outcome> = data.opportunities.iter().map(|o| o.outcome).collect();
    assert_eq!(outcomes, [Outcome::Won, Outcome::Lost, Outcome::Open]);
    assert_eq!(data.sources[0].shape, Shape::Salesforce);
    // A generic "closed" column of dates is the close date, one of flags the closed flag.
    let data = ok("owner,stage,created,closed\nAnn,won,2024-01-01,2024-01-09\n");
    assert_eq!(data.opportunities[0].closed, Some(d(2024, 1, 9)));
    let data = ok("owner,won,closed,created,close date\nAnn,false,true,2024-01-01,2024-01-09\n");
    assert_eq!(data.opportunities[0].outcome, Outcome::Lost);
}

#[test]
fn unknown_columns_get_the_list_of_columns_and_fields_needed() {
    let text = "Rep,Phase,Deal Value,Opened,Finished\nAnn,Won,100,2024-01-01,2024-02-01\n";
    let e = read(text, &ReadOptions::default()).unwrap_err();
    let message = e.to_string();
    for want in [
        "deals.csv: not recognised as an opportunities export",
        "\"Rep\", \"Phase\", \"Deal Value\", \"Opened\", \"Finished\"",
        "stage or status or won",
        "created or engaged",
        "closed or won_time",
        "--map FIELD=COLUMN",
    ] {
        assert!(message.contains(want), "{want} in:\n{message}");
    }
    let data = read(
        text,
        &maps(&["stage=Phase", "created=opened", "closed=FINISHED"]),
    )
    .unwrap();
    assert_eq!(data.opportunities[0].outcome, Outcome::Won);
    assert_eq!(data.opportunities[0].amount, Some(100.0));
    assert_eq!(
        data.sources[0].columns,
        [
            ("owner".to_string(), "Rep".to_string()),
            ("stage".into(), "Phase".into()),
            ("amount".into(), "Deal Value".into()),
            ("created".into(), "Opened".into()),
            ("closed".into(), "Finished".into()),
        ]
    );
}

#[test]
fn a_map_to_a_column_no_file_has_is_refused() {
    let text = "owner,stage,created,closed\nAnn,won,2024-01-01,2024-01-09\n";
    let e = read(text, &maps(&["amount=Deal Size"])).unwrap_err();
    assert!(
        e.to_string()
            .contains("no given file has a column \"Deal Size\"")
            && e.to_string().contains("\"owner\", \"stage\""),
        "{e}"
    );
    let e = read(text, &maps(&["accounts.industry=Sector"])).unwrap_err();
    assert!(e.to_string().contains("no --accounts file"), "{e}");
    let e = read(text, &maps(&["opportunities.amount=Size"])).unwrap_err();
    assert!(e.to_string().contains("no column \"Size\""), "{e}");
}

#[test]
fn accounts_and_activities_in_their_own_words() {
    let deals = "owner,stage,account,created,closed\nAnn,won,Acme,2024-01-01,2024-01-09\n";
    let accounts = "Company name,Industry,Number of Employees,Annual Revenue\n\
                    Acme,Retail,\"1,200\",\"$5,000,000\"\n\
                    ACME,Retail,10,\n\
                    Beta,,51-200,\n\
                    ,Retail,10,\n\
                    Gamma,Health,many,\n";
    let activities = "Activity assigned to,Activity type,Call outcome,Activity date\n\
                      Ann,CALL,Connected,2024-01-02\n\
                      Ann,Call,No answer,2024-01-02\n\
                      Bob,call,,2024-01-03\n\
                      Bob,MEETING,,2024-01-04\n\
                      Bob,EMAIL,,2024-01-04\n\
                      Bob,Call,Scheduled,2024-01-04\n\
                      Bob,Call,busy,\n";
    let data = read_texts(
        Texts {
            opportunities: ("deals.csv", deals),
            accounts: Some(("accounts.csv", accounts)),
            activities: Some(("activities.csv", activities)),
        },
        &ReadOptions::default(),
    )
    .unwrap();
    let a = &data.accounts;
    assert_eq!(a.len(), 3);
    assert_eq!(
        (a[0].employees, a[0].annual_revenue),
        (Some(1200), Some(5e6))
    );
    assert_eq!(
        (a[1].industry.as_deref(), a[1].employees),
        (None, Some(125))
    );
    assert_eq!(a[2].employees, None);
    assert_eq!(data.sources[1].shape, Shape::HubSpot);
    assert_eq!(data.reps, ["Ann", "Bob"], "Bob only logs activities");
    let kinds: Vec<(ActivityKind, Option<bool>)> = data
        .activities
        .iter()
        .map(|a| (a.kind, a.connected))
        .collect();
    use ActivityKind::*;
    assert_eq!(
        kinds,
        [
            (Dial, Some(true)),
            (Dial, Some(false)),
            (Dial, None),
            (Meeting, None),
            (Dial, None)
        ]
    );
    let by_file = |file: &str| -> Vec<(String, Vec<usize>)> {
        data.skipped
            .iter()
            .filter(|s| s.file == file)
            .map(|s| (s.reason.clone(), s.rows.clone()))
            .collect()
    };
    assert_eq!(
        by_file("accounts.csv"),
        [
            (
                "duplicate account name (the first is kept)".to_string(),
                vec![3]
            ),
            ("no account name".into(), vec![5]),
            ("employees is no whole number: left blank".into(), vec![6]),
        ]
    );
    assert_eq!(
        by_file("activities.csv"),
        [
            (
                "call with no outcome: a dial, not counted in the connect rate".to_string(),
                vec![4]
            ),
            (
                "type \"email\" is neither a call nor a meeting".into(),
                vec![6]
            ),
            (
                "call outcome \"scheduled\" not recognised: a dial, not counted in the connect \
                 rate"
                    .into(),
                vec![7]
            ),
            ("no date".into(), vec![8]),
        ]
    );
}
