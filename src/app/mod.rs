//! The commands, one file each (`run`, `validate`, `init`, `sweep`, `sensitivity`, `goal`,
//! `calibrate`), and what they share (`shared`: loading a scenario with the command line's overrides, the
//! thread pool, the progress bar, the output folder). Each command returns the text it prints.

use std::io::Write as _;

use crate::cli::{Cli, Command, RunArgs};

/// Exit code for bad input (a scenario or argument that cannot be used), as clap uses for
/// usage errors.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for any other failure (writing results, say).
pub const EXIT_FAILURE: u8 = 1;

/// A failed command: what went wrong and whose fault it was.
#[derive(Debug)]
pub struct AppError {
    /// The error, with its context chain.
    pub error: anyhow::Error,
    bad_input: bool,
}

impl AppError {
    pub(crate) fn bad_input(error: impl Into<anyhow::Error>) -> Self {
        AppError {
            error: error.into(),
            bad_input: true,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        if self.bad_input {
            EXIT_BAD_INPUT
        } else {
            EXIT_FAILURE
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError {
            error,
            bad_input: false,
        }
    }
}

/// Appends a line to a command's output (writing to a String cannot fail).
macro_rules! say {
    ($out:expr) => {
        $out.push('\n')
    };
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

/// Appends text without a newline.
macro_rules! say_raw {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = write!($out, $($arg)*);
    }};
}

mod calibrate;
mod goal;
mod init;
mod run;
mod sensitivity;
mod shared;
mod sweep;
mod validate;

pub use init::STARTER_SCENARIO;

/// Writes a command's output to stdout. A closed pipe (`prospect-sim run | head`) ends the
/// output quietly, as it does for other command-line tools, instead of panicking.
fn emit(text: &str) -> Result<(), AppError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("writing to stdout").into())
        }
        _ => Ok(()),
    }
}

/// Runs the parsed command line.
///
/// # Errors
/// Bad input (a scenario or argument that cannot be used; exit code 2) or a failure to write
/// results (exit code 1), with its context chain.
pub fn run(cli: Cli) -> Result<(), AppError> {
    let text = match cli.command {
        None => run::command(&RunArgs::default()),
        Some(Command::Run(args)) => run::command(&args),
        Some(Command::Validate { scenario, set }) => validate::command(&scenario, &set),
        Some(Command::Init { path, force }) => init::command(&path, force),
        Some(Command::Sweep(args)) => sweep::command(&args),
        Some(Command::Sensitivity(args)) => sensitivity::command(&args),
        Some(Command::Goal(args)) => goal::command(&args),
        Some(Command::Calibrate(args)) => calibrate::command(&args),
    }?;
    emit(&text)
}
