//! Calibrate: turn a team's CRM exports into a scenario.
//!
//! The `calibrate` command reads an opportunities export (and optionally an accounts and an
//! activities export) from Salesforce, HubSpot, Pipedrive or a generic CSV into typed records
//! ([`records::Dataset`]), fits the scenario's inputs to them, and writes a commented scenario
//! that `config` accepts. What is read and fitted how: README.md ("Start from your CRM") and
//! ARCHITECTURE.md.
//!
//! The layer sits just above `config` (it checks the scenario it writes through it) and below
//! the engine: it needs no simulation.

pub mod records;

pub use records::{
    Account, Activity, ActivityKind, Dataset, DateReading, ExportKind, Opportunity, Outcome,
    RepIndex, Shape, Skipped, SourceFile,
};
pub mod amounts;
pub mod betabinomial;
pub mod cycle;
pub mod fit;
mod optimize;
pub mod segments;
pub mod writer;
