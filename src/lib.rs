//! prospect-sim: a Monte Carlo simulator of sales prospecting strategies.
//!
//! A scenario (TOML) describes a team, a horizon and one or more strategies, each as ten
//! uncertain inputs (hours, research, dials, four funnel rates, cycle, revenue per sale).
//! The engine samples every rep-week of every trial in parallel, deterministically for a seed,
//! `analysis` summarises revenue, deals and time spent, and `report` turns the results into
//! files and text.
//!
//! Map of the code and its layers: `ARCHITECTURE.md`. The model: `docs/model.md`.

pub mod analysis;
pub mod app;
pub mod calibrate;
pub mod choices;
pub mod cli;
pub mod config;
pub mod econ;
pub mod model;
pub mod report;
pub mod sim;
pub mod stats;
pub mod whatif;
