//! `fgs-contract` checks whether an HTTP endpoint honours the documented contract of the
//! FunctionGraph test-event API, and reports each departure with the exchange that showed it.
//!
//! The binary is a thin wrapper around [`main`]. The pieces are usable on their own: [`config`]
//! checks a configuration, [`client`] records exchanges, [`suite`] runs the checks and
//! [`report`] renders the result.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod auth;
pub mod cleanup;
pub mod cli;
pub mod client;
mod commands;
pub mod config;
pub mod credentials;
pub mod drift;
pub mod endpoint;
mod error;
pub mod interrupt;
pub mod matrix;
pub mod progress;
pub mod record;
pub mod replay;
pub mod report;
pub mod settings_file;
pub mod suite;
pub mod transport;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

pub use error::{Error, ExitStatus};

use cli::{Cli, Command};

/// Parses the command line, runs the command and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout, usage errors to stderr.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    init_logging();
    error::exit_with(run(cli))
}

/// Runs one parsed command.
///
/// # Errors
///
/// Returns the error that ended the command; [`Error::exit_status`] maps it to an exit status.
pub fn run(cli: Cli) -> Result<ExitStatus, Error> {
    match cli.command {
        Command::Check(args) => commands::check(*args),
        Command::Replay(args) => commands::replay(args),
        Command::Emulator(args) => commands::emulator(args),
        Command::Faults(args) => commands::faults(args),
        Command::Urn(args) => commands::urn(args),
        Command::Decode(args) => commands::decode(args),
        Command::Sign(args) => commands::sign(args),
        Command::Openapi => commands::openapi(),
    }
}

/// Sends logs to standard error, filtered by `RUST_LOG` (default `warn`).
fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let ansi = commands::colour_allowed(std::io::stderr().is_terminal());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .try_init();
}
