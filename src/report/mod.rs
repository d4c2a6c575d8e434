//! Turning a finished run into files and text: the summary, CSVs, the terminal table.
//! Exporters produce bytes; [`files`] is the only writer.

pub mod csv;
pub mod files;
pub mod format;
pub mod summary;
pub mod table;
pub mod weekly;
