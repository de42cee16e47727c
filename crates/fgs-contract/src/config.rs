//! Turns the parsed command line into one checked configuration value.

use std::path::PathBuf;
use std::time::Duration;

use fgs_model::path::{EventsPath, PathError};
use fgs_model::{FunctionUrn, UrnError};
use reqwest::header::HeaderValue;

use crate::cli::CheckArgs;
use crate::client::Timeouts;
use crate::endpoint::{Endpoint, EndpointError};
use crate::report::Format;
use fgs_model::secret::Secret;

/// Everything `fgs-contract check` needs, checked.
#[derive(Debug)]
pub struct CheckConfig {
    /// The server to check.
    pub target: TargetChoice,
    /// Connection and request time limits.
    pub timeouts: Timeouts,
    /// The report format.
    pub format: Format,
    /// The report file, or `None` for standard output.
    pub output: Option<PathBuf>,
}

/// The server the checks are sent to.
#[derive(Debug)]
pub enum TargetChoice {
    /// An emulator started in this process on a free loopback port.
    BuiltInEmulator,
    /// A server given by `--endpoint`.
    Remote(Box<Target>),
}

/// A server and the known function and event to ask it about.
#[derive(Clone, Debug)]
pub struct Target {
    /// The base URL.
    pub endpoint: Endpoint,
    /// The ShowEvent path of the known event.
    pub path: EventsPath,
    /// The token sent as `X-Auth-Token`.
    pub token: Secret,
}

/// A configuration value that is missing, misplaced or malformed.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `--endpoint` was given without the values needed to address an event.
    #[error("`--endpoint` requires {}", list_flags(.missing))]
    MissingWithEndpoint { missing: Vec<&'static str> },
    /// Target values were given without `--endpoint`.
    #[error(
        "{} {} only with `--endpoint`",
        list_flags(.flags),
        if .flags.len() == 1 { "is used" } else { "are used" }
    )]
    WithoutEndpoint { flags: Vec<&'static str> },
    /// The endpoint URL is unusable.
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    /// The function URN breaks the documented grammar.
    #[error("invalid `--function-urn`: {0}")]
    FunctionUrn(UrnError),
    /// The project ID or event ID cannot go in a path.
    #[error(transparent)]
    Path(#[from] PathError),
    /// A timeout is not a positive number of seconds.
    #[error("invalid `{flag}` value `{value}`: expected a positive number of seconds")]
    Timeout { flag: &'static str, value: f64 },
    /// The token cannot be sent in an HTTP header.
    #[error("invalid `--token`: expected visible ASCII characters, found another character")]
    TokenNotHeaderValue,
}

impl ConfigError {
    /// Returns a hint that fixes the error, when one is known.
    pub fn hint(&self) -> Option<String> {
        match self {
            ConfigError::MissingWithEndpoint { missing } => Some(format!(
                "pass {} or set {}",
                list_flags(missing),
                missing
                    .iter()
                    .map(|flag| env_var(flag))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            ConfigError::WithoutEndpoint { flags } => Some(format!(
                "add `--endpoint URL` to check a server, or remove {} (and unset {}) to check the built-in emulator",
                list_flags(flags),
                flags
                    .iter()
                    .map(|flag| env_var(flag))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            ConfigError::Endpoint(err) => err.hint().map(str::to_owned),
            ConfigError::FunctionUrn(_) => Some(
                "a full URN reads `urn:fss:<region>:<project_id>:function:<package>:<name>[:<version>|:!<alias>]`"
                    .to_owned(),
            ),
            ConfigError::Path(_) | ConfigError::Timeout { .. } => None,
            ConfigError::TokenNotHeaderValue => None,
        }
    }
}

const PROJECT_ID: &str = "--project-id";
const FUNCTION_URN: &str = "--function-urn";
const EVENT_ID: &str = "--event-id";
const TOKEN: &str = "--token";

/// Returns the environment variable that also sets `flag`.
fn env_var(flag: &str) -> String {
    format!(
        "FGS_{}",
        flag.trim_start_matches('-')
            .replace('-', "_")
            .to_uppercase()
    )
}

fn list_flags(flags: &[&str]) -> String {
    let quoted: Vec<String> = flags.iter().map(|flag| format!("`{flag}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Checks `args` and builds the configuration; nothing is sent before this succeeds.
///
/// # Errors
///
/// Returns the first problem found: a missing or misplaced target value, then an invalid
/// endpoint, URN, project ID, event ID, token or timeout.
pub fn resolve_check(args: CheckArgs) -> Result<CheckConfig, ConfigError> {
    let timeouts = Timeouts {
        connect: seconds("--connect-timeout", args.connect_timeout)?,
        request: seconds("--timeout", args.timeout)?,
    };
    let target = match args.endpoint {
        None => {
            let flags: Vec<&'static str> = [
                (PROJECT_ID, args.project_id.is_some()),
                (FUNCTION_URN, args.function_urn.is_some()),
                (EVENT_ID, args.event_id.is_some()),
                (TOKEN, args.token.is_some()),
            ]
            .into_iter()
            .filter_map(|(flag, present)| present.then_some(flag))
            .collect();
            if !flags.is_empty() {
                return Err(ConfigError::WithoutEndpoint { flags });
            }
            TargetChoice::BuiltInEmulator
        }
        Some(endpoint) => {
            let (Some(project_id), Some(function_urn), Some(event_id), Some(token)) = (
                args.project_id.as_deref(),
                args.function_urn.as_deref(),
                args.event_id.as_deref(),
                args.token.as_ref(),
            ) else {
                let missing = [
                    (PROJECT_ID, args.project_id.is_none()),
                    (FUNCTION_URN, args.function_urn.is_none()),
                    (EVENT_ID, args.event_id.is_none()),
                    (TOKEN, args.token.is_none()),
                ]
                .into_iter()
                .filter_map(|(flag, absent)| absent.then_some(flag))
                .collect();
                return Err(ConfigError::MissingWithEndpoint { missing });
            };
            TargetChoice::Remote(Box::new(resolve_target(
                &endpoint,
                project_id,
                function_urn,
                event_id,
                token.clone(),
            )?))
        }
    };
    Ok(CheckConfig {
        target,
        timeouts,
        format: args.format,
        output: args.output,
    })
}

/// Checks each part of a target in the order a reader would: endpoint, URN, path, token.
///
/// # Errors
///
/// Returns the first invalid value.
pub fn resolve_target(
    endpoint: &str,
    project_id: &str,
    function_urn: &str,
    event_id: &str,
    token: Secret,
) -> Result<Target, ConfigError> {
    let endpoint = Endpoint::parse(endpoint)?;
    let function_urn = FunctionUrn::parse(function_urn).map_err(ConfigError::FunctionUrn)?;
    let path = EventsPath::new(project_id, function_urn, Some(event_id))?;
    if HeaderValue::from_str(token.expose()).is_err() {
        return Err(ConfigError::TokenNotHeaderValue);
    }
    Ok(Target {
        endpoint,
        path,
        token,
    })
}

fn seconds(flag: &'static str, value: f64) -> Result<Duration, ConfigError> {
    if value <= 0.0 {
        return Err(ConfigError::Timeout { flag, value });
    }
    Duration::try_from_secs_f64(value).map_err(|_| ConfigError::Timeout { flag, value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_of_each_flag() {
        assert_eq!(env_var(PROJECT_ID), "FGS_PROJECT_ID");
        assert_eq!(env_var(FUNCTION_URN), "FGS_FUNCTION_URN");
        assert_eq!(env_var(EVENT_ID), "FGS_EVENT_ID");
        assert_eq!(env_var(TOKEN), "FGS_TOKEN");
    }

    #[test]
    fn list_flags_joins_with_and() {
        assert_eq!(list_flags(&[TOKEN]), "`--token`");
        assert_eq!(
            list_flags(&[PROJECT_ID, EVENT_ID, TOKEN]),
            "`--project-id`, `--event-id` and `--token`"
        );
    }

    #[test]
    fn seconds_rejects_zero_negative_and_nan() {
        for value in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(seconds("--timeout", value).is_err(), "{value}");
        }
    }

    #[test]
    fn seconds_accepts_fractions() {
        assert_eq!(
            seconds("--timeout", 0.25).unwrap(),
            Duration::from_millis(250)
        );
    }
}
