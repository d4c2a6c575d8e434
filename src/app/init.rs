//! `init`: write a commented starter scenario to edit.

use std::path::Path;

use anyhow::anyhow;

use super::AppError;
use crate::report::files::{Content, write_file};

/// The starter scenario written by `init`.
pub const STARTER_SCENARIO: &str = include_str!("../../configs/starter.toml");

pub(super) fn command(path: &Path, force: bool) -> Result<String, AppError> {
    let mut out = String::new();
    if path.exists() && !force {
        return Err(AppError::bad_input(anyhow!(
            "{} already exists; pass --force to replace it, or name another file",
            path.display()
        )));
    }
    write_file(path, &Content::Bytes(STARTER_SCENARIO.into()))?;
    say!(out, "Wrote a starter scenario to {}.", path.display());
    say!(out, "Edit it, then check and run it:");
    say!(out, "  prospect-sim validate {}", path.display());
    say!(out, "  prospect-sim run {}", path.display());
    Ok(out)
}
