//! Turning a finished run into files and text: the summary, CSVs, the tables (on the terminal
//! and in the report), the charts and the HTML report.
//!
//! Everything here produces bytes or text; [`files`] is the only writer, called once a command
//! has rendered all of its files. Numbers are worded by [`format`](mod@format), sentences by [`prose`], and
//! the tables are built once ([`table`]) and rendered by [`terminal`] and [`html`].

pub mod calibration;
pub mod charts;
pub mod crm_files;
pub mod csv;
pub mod files;
pub mod format;
pub mod html;
pub mod json;
pub mod prose;
pub mod table;
pub mod terminal;
pub mod whatif;
