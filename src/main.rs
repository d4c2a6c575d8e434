//! The `prospect-sim` binary: parse the command line, run it, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = match prospect_sim::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version are "errors" too: clap prints them and exits with code 0.
        Err(e) => prospect_sim::cli::with_hint(e).exit(),
    };
    match prospect_sim::app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            for line in format!("{:#}", e.error).lines() {
                eprintln!("error: {line}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
