//! The command line as parsed by clap, before any value is checked.
//!
//! [`crate::config`] turns these raw values into checked configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::credentials::AuthMode;
use crate::report::Format;
use fgs_emulator::Fault;
use fgs_model::secret::Secret;
use fgs_model::sign::SdkDate;

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
    /// Run the contract checks against the built-in emulator or an endpoint.
    Check(Box<CheckArgs>),
    /// Run the checks again on a recording made with `check --record`, without a network.
    Replay(ReplayArgs),
    /// Serve the emulator on a loopback address until interrupted.
    Emulator(EmulatorArgs),
    /// Run the checks against the emulator once per fault and print which checks caught it.
    Faults(FaultsArgs),
    /// Print the parts of a function URN as one JSON object.
    Urn(UrnArgs),
    /// Decode a response body as the documentation describes it.
    Decode(DecodeArgs),
    /// Sign a request with SDK-HMAC-SHA256 and print each step, ending with the
    /// `Authorization` header.
    Sign(SignArgs),
    /// Print the OpenAPI 3.1 document of the five operations as JSON.
    Openapi,
}

/// Arguments of `fgs-contract check`.
///
/// Every value comes from its flag, then its environment variable, then the settings file
/// (`--config`, or `./fgs-contract.toml` when present), in that order of precedence.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Settings file with a key for each flag (`project-id = "…"`); without it,
    /// `./fgs-contract.toml` is read when present.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

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

    /// Authentication mode: `token` (`X-Auth-Token`), `aksk` (SDK-HMAC-SHA256 signature) or
    /// `iam` (a token requested from IAM and renewed when it expires). Without
    /// it, the credentials given choose; with none, `token`. Against the built-in emulator,
    /// it picks which credentials the emulator generates.
    #[arg(long, value_enum, value_name = "MODE")]
    pub auth: Option<AuthMode>,

    #[command(flatten)]
    pub keys: AccessKeyArgs,

    /// Base URL of the IAM token API (`{URL}/v3/auth/tokens`), for `--auth iam`.
    #[arg(long, env = "FGS_IAM_ENDPOINT", value_name = "URL")]
    pub iam_endpoint: Option<String>,

    /// IAM user name, for `--auth iam`.
    #[arg(long, env = "FGS_USER", value_name = "NAME")]
    pub user: Option<String>,

    /// IAM user password, for `--auth iam`. Prefer the environment variable, because other
    /// users of the machine can read command lines.
    #[arg(
        long,
        env = "FGS_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true,
        value_parser = parse_secret
    )]
    pub password: Option<Secret>,

    /// Account (domain) name of the IAM user, for `--auth iam`.
    #[arg(long, env = "FGS_DOMAIN", value_name = "NAME")]
    pub domain: Option<String>,

    /// Seconds allowed to open a connection, TLS handshake included [default: 5].
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub connect_timeout: Option<f64>,

    /// Seconds allowed for each whole request and response [default: 30].
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub timeout: Option<f64>,

    /// Report format [default: table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Times a failed attempt is repeated (connection errors, 429, 502, 503, 504), with
    /// exponential backoff and jitter. A POST whose outcome is unknown is repeated only after
    /// checking whether it took effect.
    /// [default: 2]
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,

    /// Largest response body read, in bytes after gzip decoding; a longer body fails its check
    /// and is read no further [default: 1048576].
    #[arg(long, value_name = "BYTES")]
    pub max_body_bytes: Option<u64>,

    /// PEM file of certificate authorities to trust in addition to the system's roots.
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// Write every request and response to DIR as JSON files, secrets replaced, for
    /// `fgs-contract replay`; DIR must be empty or absent.
    #[arg(long, value_name = "DIR")]
    pub record: Option<PathBuf>,

    /// Run only the checks that write nothing: the ShowEvent checks and ListEvents.
    #[arg(long)]
    pub read_only: bool,

    /// With `--endpoint`, also fill the function to its quota of 10 events and check that an
    /// 11th is rejected; the events are deleted afterwards. The built-in emulator always runs
    /// this check.
    #[arg(long, conflicts_with = "read_only")]
    pub quota_check: bool,

    /// The drift policy.
    #[command(flatten)]
    pub drift: DriftArgs,
}

/// The drift policy: whether drift (a difference from the documentation that breaks no rule)
/// fails the run, and which drift is accepted.
#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Fail the run on drift that no known deviation accepts, and on stale known deviations.
    #[arg(long)]
    pub strict: bool,

    /// TOML or JSON file of accepted drift, each entry with a reason.
    #[arg(long, value_name = "FILE")]
    pub known_deviations: Option<PathBuf>,
}

/// Arguments of `fgs-contract replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Directory written by `fgs-contract check --record`.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// The drift policy.
    #[command(flatten)]
    pub drift: DriftArgs,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The access key pair that signs requests, for `check --auth aksk` and `sign`.
#[derive(Debug, Default, Args)]
pub struct AccessKeyArgs {
    /// Access key (AK) for SDK-HMAC-SHA256 signatures.
    #[arg(long, env = "HUAWEICLOUD_SDK_AK", value_name = "AK")]
    pub ak: Option<String>,

    /// Secret key (SK) of the access key. Prefer the environment variable, because other
    /// users of the machine can read command lines.
    #[arg(
        long,
        env = "HUAWEICLOUD_SDK_SK",
        value_name = "SK",
        hide_env_values = true,
        value_parser = parse_secret
    )]
    pub sk: Option<Secret>,

    /// Security token of a temporary access key, sent and signed as `X-Security-Token`.
    #[arg(
        long,
        env = "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true,
        value_parser = parse_secret
    )]
    pub security_token: Option<Secret>,
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

    /// Access key (AK) accepted in signatures, in place of the default
    /// `fgs-emulator-access-key`; requires `--sk`.
    #[arg(long, value_name = "AK", requires = "sk")]
    pub ak: Option<String>,

    /// Secret key (SK) of `--ak`.
    #[arg(long, value_name = "SK", requires = "ak", value_parser = parse_secret)]
    pub sk: Option<Secret>,

    /// Security token that requests signed by `--ak` must send, making it a temporary key.
    #[arg(long, value_name = "TOKEN", requires = "ak", value_parser = parse_secret)]
    pub security_token: Option<Secret>,

    /// IAM user that can request tokens, in place of the default `fgs-emulator-user`;
    /// requires `--password` and `--domain`.
    #[arg(long, value_name = "NAME", requires_all = ["password", "domain"])]
    pub user: Option<String>,

    /// Password of `--user`.
    #[arg(long, value_name = "PASSWORD", requires = "user", value_parser = parse_secret)]
    pub password: Option<Secret>,

    /// Account (domain) name of `--user`.
    #[arg(long, value_name = "NAME", requires = "user")]
    pub domain: Option<String>,

    /// Seconds an issued token stays valid; 0 makes every issued token expired at once.
    #[arg(long, value_name = "SECONDS", default_value = "86400", value_parser = parse_lifetime)]
    pub token_lifetime: Duration,

    /// Break the contract on purpose as fault NAME describes; repeat to combine faults.
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<Fault>,

    /// Print the name of each fault and what it breaks, then exit.
    #[arg(long)]
    pub list_faults: bool,
}

/// Arguments of `fgs-contract faults`.
#[derive(Debug, Args)]
pub struct FaultsArgs {
    /// Run only fault NAME; repeatable. Without it, a healthy emulator and every fault run.
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<Fault>,

    /// Seconds allowed to open a connection.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 5.0,
        allow_negative_numbers = true
    )]
    pub connect_timeout: f64,

    /// Seconds allowed for each whole request and response. It must be shorter than the 35 s
    /// delay of `slow-not-found` for that fault to be caught.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 2.0,
        allow_negative_numbers = true
    )]
    pub timeout: f64,
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

/// Arguments of `fgs-contract sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// HTTP method.
    #[arg(long, value_name = "METHOD", default_value = "GET")]
    pub method: String,

    /// Absolute URL of the request; the path and query are signed exactly as written, and
    /// `Host` is its authority unless `--header 'Host: …'` is given.
    #[arg(long, value_name = "URL")]
    pub url: String,

    /// A header sent with the request, as `Name: value`; repeatable. Every header given is
    /// signed, except names containing `_`, as the Python SDK does.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// File holding the exact body bytes; no body when absent.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,

    /// Signing time as `YYYYMMDDTHHMMSSZ`; the current time when absent.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<SdkDate>,

    #[command(flatten)]
    pub keys: AccessKeyArgs,

    /// Settings file to read `ak`, `sk` and `security-token` from; without it,
    /// `./fgs-contract.toml` is read when present.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Wraps a token as soon as clap reads it, so that no `Debug` output shows it.
fn parse_token(value: &str) -> Result<Secret, String> {
    if value.is_empty() {
        return Err("expected a non-empty token".to_owned());
    }
    Ok(Secret::from(value))
}

/// Wraps a secret key, security token or password as soon as clap reads it.
fn parse_secret(value: &str) -> Result<Secret, String> {
    if value.is_empty() {
        return Err("expected a non-empty value".to_owned());
    }
    Ok(Secret::from(value))
}

fn parse_lifetime(value: &str) -> Result<Duration, String> {
    value
        .parse::<f64>()
        .ok()
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .ok_or_else(|| "expected a non-negative number of seconds".to_owned())
}

fn parse_date(value: &str) -> Result<SdkDate, String> {
    SdkDate::parse(value).map_err(|error| error.to_string())
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

    #[test]
    fn cli_debug_hides_secret_key_and_password() {
        let cli = Cli::try_parse_from([
            "fgs-contract",
            "check",
            "--sk",
            "sk-123",
            "--security-token",
            "st-123",
            "--password",
            "pw-123",
        ])
        .unwrap();
        let printed = format!("{cli:?}");
        assert!(!printed.contains("sk-123"), "{printed}");
        assert!(!printed.contains("st-123"), "{printed}");
        assert!(!printed.contains("pw-123"), "{printed}");
    }
}
