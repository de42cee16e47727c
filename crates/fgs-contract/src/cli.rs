//! The command line as parsed by clap, before any value is checked.
//!
//! [`crate::config`] turns these raw values into checked configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::Format;
use fgs_model::secret::Secret;

/// Checks whether an endpoint honours the documented FunctionGraph test-event API.
#[derive(Debug, Parser)]
#[command(name = "fgs-contract", version, about, max_term_width = 100)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the ShowEvent contract checks against the built-in emulator or an endpoint.
    Check(CheckArgs),
    /// Serve the emulator on a loopback address until interrupted.
    Emulator(EmulatorArgs),
    /// Print the parts of a function URN as one JSON object.
    Urn(UrnArgs),
    /// Decode a response body as the documentation describes it.
    Decode(DecodeArgs),
}

/// Arguments of `fgs-contract check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Base URL of the API to check; without it, the checks run against a built-in emulator
    /// on a free loopback port.
    #[arg(long, env = "FGS_ENDPOINT", value_name = "URL")]
    pub endpoint: Option<String>,

    /// Project ID of the function (32 letters or digits); required with `--endpoint`.
    #[arg(long, env = "FGS_PROJECT_ID", value_name = "ID")]
    pub project_id: Option<String>,

    /// URN of a function that exists; required with `--endpoint`.
    #[arg(long, env = "FGS_FUNCTION_URN", value_name = "URN")]
    pub function_urn: Option<String>,

    /// ID of a test event of that function; required with `--endpoint`.
    #[arg(long, env = "FGS_EVENT_ID", value_name = "ID")]
    pub event_id: Option<String>,

    /// IAM token sent as `X-Auth-Token`; required with `--endpoint`. Prefer the environment
    /// variable, because other users of the machine can read command lines.
    #[arg(
        long,
        env = "FGS_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true,
        value_parser = parse_token
    )]
    pub token: Option<Secret>,

    /// Seconds allowed to open a connection, TLS handshake included.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 5.0,
        allow_negative_numbers = true
    )]
    pub connect_timeout: f64,

    /// Seconds allowed for each whole request and response.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 30.0,
        allow_negative_numbers = true
    )]
    pub timeout: f64,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `fgs-contract emulator`.
#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Token that requests must carry; a random one is generated and printed when absent.
    #[arg(long, value_name = "TOKEN", value_parser = parse_token)]
    pub token: Option<Secret>,

    /// Allow a listen address that is not loopback.
    #[arg(long)]
    pub allow_remote: bool,
}

/// Arguments of `fgs-contract urn`.
#[derive(Debug, Args)]
pub struct UrnArgs {
    /// The function URN, in any of its documented forms.
    pub urn: String,
}

/// Arguments of `fgs-contract decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The operation whose response the body is: show-event, list-events, create-event,
    /// update-event or delete-event.
    #[arg(value_name = "OPERATION")]
    pub operation: String,

    /// The HTTP status code the body came with.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub status: u16,

    /// The `Content-Type` header value the body came with.
    #[arg(long, value_name = "TYPE", default_value = "application/json")]
    pub content_type: String,

    /// File holding the body; standard input when absent.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// Wraps a token as soon as clap reads it, so that no `Debug` output shows it.
fn parse_token(value: &str) -> Result<Secret, String> {
    if value.is_empty() {
        return Err("expected a non-empty token".to_owned());
    }
    Ok(Secret::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn cli_debug_hides_token() {
        let cli = Cli::try_parse_from(["fgs-contract", "check", "--token", "tok-123"]).unwrap();
        assert!(!format!("{cli:?}").contains("tok-123"));
    }
}
