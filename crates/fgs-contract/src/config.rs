//! Turns the parsed command line into one checked configuration value.

use std::path::PathBuf;
use std::time::Duration;

use fgs_model::path::{EventsPath, PathError};
use fgs_model::{FunctionUrn, UrnError};
use reqwest::header::HeaderValue;

use crate::cli::{CheckArgs, DriftArgs};
use crate::client::Timeouts;
use crate::credentials::{self, AuthMode, Credentials};
use crate::drift::{DeviationError, KnownDeviations};
use crate::endpoint::{Endpoint, EndpointError};
use crate::report::Format;
use crate::settings_file::SettingsError;
use crate::suite::lifecycle::WriteChecks;
use crate::transport::retry::Backoff;
use crate::transport::{CaBundle, CaError, TransportSettings};

/// Everything `fgs-contract check` needs, checked.
#[derive(Debug)]
pub struct CheckConfig {
    /// The server to check.
    pub target: TargetChoice,
    /// Connection and request time limits.
    pub timeouts: Timeouts,
    /// How many times a failed attempt may be repeated.
    pub retries: u32,
    /// The largest response body read, in bytes.
    pub max_body_bytes: u64,
    /// Certificate authorities trusted in addition to the system's roots.
    pub extra_ca: Option<CaBundle>,
    /// The directory to record the run in.
    pub record: Option<PathBuf>,
    /// The drift policy.
    pub drift: DriftPolicy,
    /// The report format.
    pub format: Format,
    /// The report file, or `None` for standard output.
    pub output: Option<PathBuf>,
    /// The checks that write to the account.
    pub writes: WriteChecks,
}

/// Whether drift fails a run, and the drift a team accepts.
#[derive(Clone, Debug, Default)]
pub struct DriftPolicy {
    /// Fail on unaccepted drift and stale known deviations.
    pub strict: bool,
    /// The accepted drift, when a file was given.
    pub known_deviations: Option<KnownDeviations>,
}

impl DriftPolicy {
    /// Reads the known-deviation file, if any.
    ///
    /// # Errors
    ///
    /// Returns the error of an unreadable or invalid file.
    pub fn resolve(args: &DriftArgs) -> Result<Self, ConfigError> {
        let known_deviations = args
            .known_deviations
            .as_deref()
            .map(KnownDeviations::load)
            .transpose()?;
        Ok(DriftPolicy {
            strict: args.strict,
            known_deviations,
        })
    }

    /// Marks accepted drift and stale deviations in `report`, and sets its strictness.
    pub fn apply(&self, report: &mut crate::report::Report) {
        if let Some(known) = &self.known_deviations {
            known.apply(report);
        }
        report.strict = self.strict;
    }
}

impl CheckConfig {
    /// Returns the settings the HTTP client is built with.
    pub fn transport_settings(&self) -> TransportSettings {
        TransportSettings {
            timeouts: self.timeouts,
            retries: self.retries,
            max_body_bytes: self.max_body_bytes,
            extra_ca: self.extra_ca.clone(),
            backoff: Backoff::default(),
        }
    }
}

/// The server the checks are sent to.
#[derive(Debug)]
pub enum TargetChoice {
    /// An emulator started in this process on a free loopback port, configured to accept
    /// generated credentials of this mode.
    BuiltInEmulator(AuthMode),
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
    /// The credentials of the requests that should succeed.
    pub credentials: Credentials,
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
    /// The settings file cannot be read or is invalid.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// Credentials of more than one mode were given without `--auth`.
    #[error("credentials of more than one authentication mode: {}", list_flags(.flags))]
    AmbiguousCredentials { flags: Vec<&'static str> },
    /// The access key cannot be sent in an `Authorization` header.
    #[error("invalid `--ak`: expected printable ASCII without spaces or commas")]
    InvalidAccessKey,
    /// The IAM endpoint URL is unusable.
    #[error("invalid `--iam-endpoint`: {0}")]
    IamEndpoint(EndpointError),
    /// The retry count is beyond the bound.
    #[error("invalid `--retries` value `{0}`: expected at most {MAX_RETRIES}")]
    Retries(u32),
    /// The body cap is zero.
    #[error("invalid `--max-body-bytes` value `0`: expected a positive number of bytes")]
    MaxBodyBytes,
    /// The extra CA file is unusable.
    #[error(transparent)]
    Ca(#[from] CaError),
    /// The known-deviation file is unusable.
    #[error(transparent)]
    Deviations(#[from] DeviationError),
}

/// The maximum value of `--retries`, because more retries would only hide a broken server.
pub const MAX_RETRIES: u32 = 10;

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
            ConfigError::TokenNotHeaderValue
            | ConfigError::InvalidAccessKey
            | ConfigError::Settings(_)
            | ConfigError::Retries(_)
            | ConfigError::MaxBodyBytes
            | ConfigError::Deviations(_) => None,
            ConfigError::AmbiguousCredentials { .. } => Some(
                "pick one with `--auth token`, `--auth aksk` or `--auth iam`".to_owned(),
            ),
            ConfigError::IamEndpoint(err) => err.hint().map(str::to_owned),
            ConfigError::Ca(_) => {
                Some("pass a PEM file of CA certificates, such as one written by `openssl x509 -outform PEM`".to_owned())
            }
        }
    }
}

const PROJECT_ID: &str = "--project-id";
const FUNCTION_URN: &str = "--function-urn";
const EVENT_ID: &str = "--event-id";

/// Returns the environment variable that also sets `flag`.
fn env_var(flag: &str) -> String {
    match flag {
        "--ak" => return "HUAWEICLOUD_SDK_AK".to_owned(),
        "--sk" => return "HUAWEICLOUD_SDK_SK".to_owned(),
        "--security-token" => return "HUAWEICLOUD_SDK_SECURITY_TOKEN".to_owned(),
        _ => {}
    }
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
/// Returns the first problem found: an invalid timeout, retry count or body cap, an
/// unusable CA or known-deviation file, a missing or misplaced target value, then an invalid
/// endpoint, URN, project ID, event ID or token.
pub fn resolve_check(args: CheckArgs) -> Result<CheckConfig, ConfigError> {
    let args = credentials::fill_check_args(args)?;
    let timeouts = Timeouts {
        connect: seconds("--connect-timeout", args.connect_timeout.unwrap_or(5.0))?,
        request: seconds("--timeout", args.timeout.unwrap_or(30.0))?,
    };
    let mode = credentials::choose_mode(&args)?;
    let retries = args.retries.unwrap_or(crate::transport::DEFAULT_RETRIES);
    if retries > MAX_RETRIES {
        return Err(ConfigError::Retries(retries));
    }
    let max_body_bytes = args
        .max_body_bytes
        .unwrap_or(crate::transport::DEFAULT_MAX_BODY_BYTES);
    if max_body_bytes == 0 {
        return Err(ConfigError::MaxBodyBytes);
    }
    let extra_ca = args.cacert.as_deref().map(CaBundle::load).transpose()?;
    let drift = DriftPolicy::resolve(&args.drift)?;
    let target = match &args.endpoint {
        None => {
            let mut flags: Vec<&'static str> = [
                (PROJECT_ID, args.project_id.is_some()),
                (FUNCTION_URN, args.function_urn.is_some()),
                (EVENT_ID, args.event_id.is_some()),
            ]
            .into_iter()
            .filter_map(|(flag, present)| present.then_some(flag))
            .collect();
            flags.extend(credentials::credential_flags(&args));
            if !flags.is_empty() {
                return Err(ConfigError::WithoutEndpoint { flags });
            }
            TargetChoice::BuiltInEmulator(mode)
        }
        Some(endpoint) => {
            let mut missing: Vec<&'static str> = [
                (PROJECT_ID, args.project_id.is_none()),
                (FUNCTION_URN, args.function_urn.is_none()),
                (EVENT_ID, args.event_id.is_none()),
            ]
            .into_iter()
            .filter_map(|(flag, absent)| absent.then_some(flag))
            .collect();
            missing.extend(credentials::missing_flags(mode, &args));
            let (Some(project_id), Some(function_urn), Some(event_id), true) = (
                args.project_id.as_deref(),
                args.function_urn.as_deref(),
                args.event_id.as_deref(),
                missing.is_empty(),
            ) else {
                return Err(ConfigError::MissingWithEndpoint { missing });
            };
            let credentials = credentials::build(mode, &args, project_id)?;
            TargetChoice::Remote(Box::new(resolve_target(
                endpoint,
                project_id,
                function_urn,
                event_id,
                credentials,
            )?))
        }
    };
    // The quota check writes 10 events, so on a real account it runs only on request.
    let quota = match target {
        TargetChoice::BuiltInEmulator(_) => true,
        TargetChoice::Remote(_) => args.quota_check,
    };
    Ok(CheckConfig {
        target,
        timeouts,
        retries,
        max_body_bytes,
        extra_ca,
        record: args.record.clone(),
        drift,
        format: args.format.unwrap_or(Format::Table),
        output: args.output,
        writes: WriteChecks {
            read_only: args.read_only,
            quota: quota && !args.read_only,
        },
    })
}

/// Checks each part of a target in the order a reader would: endpoint, URN, path,
/// credentials.
///
/// # Errors
///
/// Returns the first invalid value.
pub fn resolve_target(
    endpoint: &str,
    project_id: &str,
    function_urn: &str,
    event_id: &str,
    credentials: Credentials,
) -> Result<Target, ConfigError> {
    let endpoint = Endpoint::parse(endpoint)?;
    let function_urn = FunctionUrn::parse(function_urn).map_err(ConfigError::FunctionUrn)?;
    let path = EventsPath::new(project_id, function_urn, Some(event_id))?;
    if let Credentials::Token(token) = &credentials {
        if HeaderValue::from_str(token.expose()).is_err() {
            return Err(ConfigError::TokenNotHeaderValue);
        }
    }
    Ok(Target {
        endpoint,
        path,
        credentials,
    })
}

/// Converts a timeout flag value in seconds, rejecting zero, negative and non-finite values.
pub(crate) fn seconds(flag: &'static str, value: f64) -> Result<Duration, ConfigError> {
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
        assert_eq!(env_var("--token"), "FGS_TOKEN");
        assert_eq!(env_var("--ak"), "HUAWEICLOUD_SDK_AK");
        assert_eq!(env_var("--sk"), "HUAWEICLOUD_SDK_SK");
        assert_eq!(env_var("--password"), "FGS_PASSWORD");
    }

    #[test]
    fn list_flags_joins_with_and() {
        assert_eq!(list_flags(&["--token"]), "`--token`");
        assert_eq!(
            list_flags(&[PROJECT_ID, EVENT_ID, "--token"]),
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
