//! Calibrate: turn a team's CRM exports into a scenario.
//!
//! The `calibrate` command reads an opportunities export (and optionally an accounts and an
//! activities export) from Salesforce, HubSpot, Pipedrive or a generic CSV into typed records
//! ([`records::Dataset`]), fits the scenario's inputs to them, and writes a commented scenario
//! that `config` accepts. What is read and fitted how: README.md ("Start from your CRM") and
//! ARCHITECTURE.md.
//!
//! Reading: [`table`] (CSV text to cells), [`columns`] (which column is which field),
//! [`dates`] and [`cells`] (values as exports write them), [`read`] with [`opportunities`],
//! [`accounts`] and [`activities`] (rows to records, unusable rows counted by reason).
//! [`synthetic`] writes exports from known parameters, for tests and the examples.
//!
//! Fitting: [`fit`] ([`calibrate`]: which counts and times feed which estimator) over the
//! estimators [`betabinomial`] (a rate across reps, its spread checked by [`dispersion`]), [`cycle`] (the won-deal cycle, open deals
//! censored), [`amounts`] (revenue per sale) and [`segments`] (industry x size band);
//! [`writer`] ([`scenario_toml`]) writes the commented scenario. The formulas:
//! docs/calibrate.md.
//!
//! The layer sits just above `config` (it checks the scenario it writes through it) and below
//! the engine: it needs no simulation.

pub mod accounts;
pub mod activities;
pub mod amounts;
pub mod betabinomial;
pub mod cells;
pub mod columns;
pub mod cycle;
pub mod dates;
pub mod dispersion;
pub mod fit;
pub mod opportunities;
mod optimize;
pub mod read;
pub mod records;
pub mod segments;
pub mod synthetic;
pub mod table;
pub mod writer;

pub use fit::{Calibration, FitOptions, calibrate};
pub use read::{ReadOptions, Texts, read_files, read_texts};
pub use records::{
    Account, Activity, ActivityKind, Dataset, DateReading, ExportKind, Opportunity, Outcome,
    RepIndex, Shape, Skipped, SourceFile,
};
pub use table::ReadError;
pub use writer::scenario_toml;
