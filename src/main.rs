//! The `prospect-sim` binary: parse the command line, run it, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = prospect_sim::cli::Cli::parse();
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
