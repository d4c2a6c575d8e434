//! Turning a finished run into files and text: the summary, CSVs, the terminal table, the
//! charts and the HTML report.
//! Exporters produce bytes; [`files`] is the only writer.

pub mod charts;
pub mod csv;
pub mod files;
pub mod format;
pub mod html;
pub mod json;
pub mod table;
pub mod whatif;
