//! The credentials of a run: which authentication mode it uses and where each value comes
//! from.
//!
//! # Precedence
//!
//! Each value of `check` and `sign` is taken from the first of these that sets it:
//!
//! 1. its flag, such as `--ak`;
//! 2. its environment variable: `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and
//!    `HUAWEICLOUD_SDK_SECURITY_TOKEN` (the names the official SDKs read) for the access key,
//!    `FGS_PROJECT_ID` then `HUAWEICLOUD_SDK_PROJECT_ID` for the project id, and `FGS_`
//!    followed by the flag name for the others (`FGS_TOKEN`, `FGS_ENDPOINT`, `FGS_PASSWORD`);
//! 3. the settings file: `--config FILE`, else `./fgs-contract.toml` when it exists;
//! 4. the default, for the values that have one (timeouts and report format).
//!
//! `--read-only` and `--quota-check` have no environment variable, and a flag absent from the
//! command line leaves the file's `true` in force.
//!
//! A value set by a flag thus hides the same value in the environment and in the file, but
//! values from different sources combine: `--ak` on the command line works with an `sk`
//! from the file.

use std::path::Path;
use std::sync::Arc;

use clap::ValueEnum;
use fgs_emulator::{EmulatorConfig, EmulatorError};
use fgs_model::iam::{PasswordTokenRequest, ProjectScope};
use fgs_model::secret::Secret;

use crate::auth::IamSession;
use crate::cli::{AccessKeyArgs, CheckArgs, EmulatorArgs};
use crate::config::ConfigError;
use crate::endpoint::Endpoint;
use crate::settings_file::{self, Settings, SettingsError};

/// The environment variable of the project id in the official SDKs, read after
/// `FGS_PROJECT_ID`.
pub const SDK_PROJECT_ID_VARIABLE: &str = "HUAWEICLOUD_SDK_PROJECT_ID";

/// The authentication mode of requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuthMode {
    /// `X-Auth-Token` with a given token.
    Token,
    /// An SDK-HMAC-SHA256 signature with an access key pair.
    Aksk,
    /// `X-Auth-Token` with a token requested from IAM with a password, renewed when the
    /// service rejects it with `APIGW.0307`.
    Iam,
}

impl AuthMode {
    /// Returns the value of `--auth` that selects this mode.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Token => "token",
            AuthMode::Aksk => "aksk",
            AuthMode::Iam => "iam",
        }
    }
}

/// An access key pair that signs requests. `Debug` redacts the secret key and the security
/// token.
#[derive(Clone, Debug)]
pub struct AccessKeyCredentials {
    /// The access key (AK).
    pub access_key: String,
    /// The secret key (SK).
    pub secret_key: Secret,
    /// The security token of a temporary key, sent and signed as `X-Security-Token`.
    pub security_token: Option<Secret>,
    /// The project id sent as `X-Project-Id`, as the official SDKs send it.
    pub project_id: Option<String>,
}

/// The credentials a request carries. `Debug` shows no secret.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// `X-Auth-Token` with this token.
    Token(Secret),
    /// An SDK-HMAC-SHA256 signature.
    AccessKey(AccessKeyCredentials),
    /// `X-Auth-Token` with the current token of an IAM session.
    Iam(Arc<IamSession>),
}

impl Credentials {
    /// Returns the mode these credentials belong to.
    pub fn mode(&self) -> AuthMode {
        match self {
            Credentials::Token(_) => AuthMode::Token,
            Credentials::AccessKey(_) => AuthMode::Aksk,
            Credentials::Iam(_) => AuthMode::Iam,
        }
    }

    /// Returns every secret the credentials hold, so that a recording can scrub each one
    /// wherever it appears. An IAM session's tokens are scrubbed by header name instead,
    /// because they are issued during the run.
    pub fn secrets(&self) -> Vec<Secret> {
        match self {
            Credentials::Token(token) => vec![token.clone()],
            Credentials::AccessKey(keys) => std::iter::once(keys.secret_key.clone())
                .chain(keys.security_token.clone())
                .collect(),
            Credentials::Iam(session) => vec![session.password().clone()],
        }
    }

    /// Returns credentials of the same kind that no server accepts: a random token, or the
    /// same access key with a random secret key, so that the signature is wrong.
    pub fn wrong(&self) -> Credentials {
        let random = format!("fgs-contract-wrong-{}", uuid::Uuid::new_v4());
        match self {
            Credentials::Token(_) | Credentials::Iam(_) => Credentials::Token(Secret::from(random)),
            Credentials::AccessKey(keys) => Credentials::AccessKey(AccessKeyCredentials {
                secret_key: Secret::from(random),
                ..keys.clone()
            }),
        }
    }
}

/// Fills the values of `args` that neither a flag nor its environment variable set, from
/// `HUAWEICLOUD_SDK_PROJECT_ID` and then from the settings file.
///
/// # Errors
///
/// Returns the error of a settings file that cannot be read or is invalid.
pub fn fill_check_args(mut args: CheckArgs) -> Result<CheckArgs, SettingsError> {
    if args.project_id.is_none() {
        args.project_id = std::env::var(SDK_PROJECT_ID_VARIABLE)
            .ok()
            .filter(|value| !value.is_empty());
    }

    let Some(file) = settings_file::load(args.config.as_deref())? else {
        return Ok(args);
    };
    let Settings {
        path: _,
        endpoint,
        project_id,
        function_urn,
        event_id,
        token,
        auth,
        ak,
        sk,
        security_token,
        iam_endpoint,
        user,
        password,
        domain,
        connect_timeout,
        timeout,
        format,
        output,
        read_only,
        quota_check,
        retries,
        max_body_bytes,
        cacert,
        record,
        strict,
        known_deviations,
    } = file;

    fill(&mut args.endpoint, endpoint);
    fill(&mut args.project_id, project_id);
    fill(&mut args.function_urn, function_urn);
    fill(&mut args.event_id, event_id);
    fill(&mut args.token, token);
    fill(&mut args.auth, auth);
    fill(&mut args.keys.ak, ak);
    fill(&mut args.keys.sk, sk);
    fill(&mut args.keys.security_token, security_token);
    fill(&mut args.iam_endpoint, iam_endpoint);
    fill(&mut args.user, user);
    fill(&mut args.password, password);
    fill(&mut args.domain, domain);
    fill(&mut args.connect_timeout, connect_timeout);
    fill(&mut args.timeout, timeout);
    fill(&mut args.format, format);
    fill(&mut args.output, output);
    // A boolean flag is set by its presence, so the file can only turn it on.
    args.read_only = args.read_only || read_only.unwrap_or(false);
    args.quota_check = args.quota_check || quota_check.unwrap_or(false);
    args.drift.strict = args.drift.strict || strict.unwrap_or(false);
    fill(&mut args.retries, retries);
    fill(&mut args.max_body_bytes, max_body_bytes);
    fill(&mut args.cacert, cacert);
    fill(&mut args.record, record);
    fill(&mut args.drift.known_deviations, known_deviations);
    Ok(args)
}

/// Fills the access key values that neither a flag nor the environment set, from the
/// settings file `config` (or `./fgs-contract.toml` when present).
///
/// # Errors
///
/// Returns the error of a settings file that cannot be read or is invalid.
pub fn fill_access_key_args(
    mut keys: AccessKeyArgs,
    config: Option<&Path>,
) -> Result<AccessKeyArgs, SettingsError> {
    if let Some(file) = settings_file::load(config)? {
        fill(&mut keys.ak, file.ak);
        fill(&mut keys.sk, file.sk);
        fill(&mut keys.security_token, file.security_token);
    }
    Ok(keys)
}

fn fill<T>(slot: &mut Option<T>, lower: Option<T>) {
    if slot.is_none() {
        *slot = lower;
    }
}

/// Flags of each mode's credentials that `args` sets.
fn given_flags(args: &CheckArgs) -> [(AuthMode, Vec<&'static str>); 3] {
    let present = |pairs: &[(&'static str, bool)]| -> Vec<&'static str> {
        pairs
            .iter()
            .filter_map(|(flag, set)| set.then_some(*flag))
            .collect()
    };
    [
        (
            AuthMode::Token,
            present(&[("--token", args.token.is_some())]),
        ),
        (
            AuthMode::Aksk,
            present(&[
                ("--ak", args.keys.ak.is_some()),
                ("--sk", args.keys.sk.is_some()),
                ("--security-token", args.keys.security_token.is_some()),
            ]),
        ),
        (
            AuthMode::Iam,
            present(&[
                ("--iam-endpoint", args.iam_endpoint.is_some()),
                ("--user", args.user.is_some()),
                ("--password", args.password.is_some()),
                ("--domain", args.domain.is_some()),
            ]),
        ),
    ]
}

/// Returns every credential flag that `args` sets, in the order of `--help`.
pub(crate) fn credential_flags(args: &CheckArgs) -> Vec<&'static str> {
    given_flags(args)
        .into_iter()
        .flat_map(|(_, flags)| flags)
        .collect()
}

/// Returns the mode of `--auth`, or the one whose credentials are given (`token` when none
/// are).
///
/// # Errors
///
/// Without `--auth`, returns [`ConfigError::AmbiguousCredentials`] when credentials of more
/// than one mode are given.
pub(crate) fn choose_mode(args: &CheckArgs) -> Result<AuthMode, ConfigError> {
    if let Some(mode) = args.auth {
        return Ok(mode);
    }
    let given: Vec<(AuthMode, Vec<&'static str>)> = given_flags(args)
        .into_iter()
        .filter(|(_, flags)| !flags.is_empty())
        .collect();
    match given.as_slice() {
        [] => Ok(AuthMode::Token),
        [(mode, _)] => Ok(*mode),
        _ => Err(ConfigError::AmbiguousCredentials {
            flags: given.into_iter().flat_map(|(_, flags)| flags).collect(),
        }),
    }
}

/// Returns the flags that `mode` needs and `args` lacks.
pub(crate) fn missing_flags(mode: AuthMode, args: &CheckArgs) -> Vec<&'static str> {
    let required: &[(&'static str, bool)] = match mode {
        AuthMode::Token => &[("--token", args.token.is_none())],
        AuthMode::Aksk => &[
            ("--ak", args.keys.ak.is_none()),
            ("--sk", args.keys.sk.is_none()),
        ],
        AuthMode::Iam => &[
            ("--iam-endpoint", args.iam_endpoint.is_none()),
            ("--user", args.user.is_none()),
            ("--password", args.password.is_none()),
            ("--domain", args.domain.is_none()),
        ],
    };
    required
        .iter()
        .filter_map(|(flag, absent)| absent.then_some(*flag))
        .collect()
}

/// Builds the credentials of `mode` from `args`, whose values [`missing_flags`] found
/// complete. The IAM scope is the project `project_id`.
///
/// # Errors
///
/// Returns an error for an access key that cannot be sent in an `Authorization` header, an
/// invalid `--iam-endpoint`, or a value [`missing_flags`] should have reported.
pub(crate) fn build(
    mode: AuthMode,
    args: &CheckArgs,
    project_id: &str,
) -> Result<Credentials, ConfigError> {
    let missing = || ConfigError::MissingWithEndpoint {
        missing: missing_flags(mode, args),
    };
    match mode {
        AuthMode::Token => Ok(Credentials::Token(args.token.clone().ok_or_else(missing)?)),
        AuthMode::Aksk => {
            let access_key = args.keys.ak.clone().ok_or_else(missing)?;
            let secret_key = args.keys.sk.clone().ok_or_else(missing)?;
            let is_valid = !access_key.is_empty()
                && access_key
                    .bytes()
                    .all(|byte| byte.is_ascii_graphic() && byte != b',');
            if !is_valid {
                return Err(ConfigError::InvalidAccessKey);
            }
            Ok(Credentials::AccessKey(AccessKeyCredentials {
                access_key,
                secret_key,
                security_token: args.keys.security_token.clone(),
                project_id: Some(project_id.to_owned()),
            }))
        }
        AuthMode::Iam => {
            let (Some(iam_endpoint), Some(user), Some(password), Some(domain)) = (
                args.iam_endpoint.as_deref(),
                args.user.as_ref(),
                args.password.as_ref(),
                args.domain.as_ref(),
            ) else {
                return Err(missing());
            };
            let endpoint = Endpoint::parse(iam_endpoint).map_err(ConfigError::IamEndpoint)?;
            let request = PasswordTokenRequest {
                user_name: user.clone(),
                password: password.clone(),
                domain_name: domain.clone(),
                scope: ProjectScope::Id(project_id.to_owned()),
            };
            Ok(Credentials::Iam(Arc::new(IamSession::new(
                endpoint, request,
            ))))
        }
    }
}

/// Applies the credentials of `fgs-contract emulator`: `--ak` and `--sk` (with
/// `--security-token`) replace the default access key, `--user`, `--password` and `--domain`
/// replace the default IAM user, and `--token-lifetime` sets how long issued tokens last.
///
/// # Errors
///
/// Returns the emulator's error for an invalid access key, secret key, security token or user.
pub(crate) fn configure_emulator(
    config: EmulatorConfig,
    args: &EmulatorArgs,
) -> Result<EmulatorConfig, EmulatorError> {
    let mut config = config.with_token_lifetime(args.token_lifetime);
    // clap makes `--ak` and `--sk` require each other, and `--user` the password and domain.
    if let (Some(access_key), Some(secret_key)) = (&args.ak, &args.sk) {
        config = config.without_access_keys();
        config = match &args.security_token {
            Some(token) => config.with_temporary_access_key(
                access_key.clone(),
                secret_key.clone(),
                token.clone(),
            )?,
            None => config.with_access_key(access_key.clone(), secret_key.clone())?,
        };
    }
    if let (Some(user), Some(password), Some(domain)) = (&args.user, &args.password, &args.domain) {
        config =
            config
                .without_users()
                .with_user(user.clone(), password.clone(), domain.clone())?;
    }
    Ok(config)
}

/// Credentials generated for the built-in emulator, which it is configured to accept.
#[derive(Debug)]
pub(crate) struct BuiltInCredentials {
    mode: AuthMode,
    first: Secret,
    second: Secret,
}

impl BuiltInCredentials {
    /// Generates random credentials of `mode` and the emulator configuration that accepts
    /// them (besides its generated token).
    pub(crate) fn generate(mode: AuthMode) -> (EmulatorConfig, BuiltInCredentials) {
        let random = || Secret::from(uuid::Uuid::new_v4().simple().to_string());
        let credentials = BuiltInCredentials {
            mode,
            first: random(),
            second: random(),
        };
        let config = EmulatorConfig::with_generated_token();
        // Random hex digits are a valid access key, secret key, user name and password.
        let config = match mode {
            AuthMode::Token => Ok(config),
            AuthMode::Aksk => config
                .without_access_keys()
                .with_access_key(credentials.access_key(), credentials.second.clone()),
            AuthMode::Iam => config.without_users().with_user(
                credentials.user_name(),
                credentials.second.clone(),
                BUILT_IN_DOMAIN,
            ),
        }
        .expect("generated credentials are valid");
        (config, credentials)
    }

    fn access_key(&self) -> String {
        format!("fgs-contract-{}", self.first.expose())
    }

    fn user_name(&self) -> String {
        format!("fgs-contract-{}", self.first.expose())
    }

    /// Returns the credentials for the emulator listening on `base_url` with `token`.
    pub(crate) fn into_credentials(
        self,
        base_url: &str,
        token: &Secret,
        project_id: &str,
    ) -> Result<Credentials, ConfigError> {
        match self.mode {
            AuthMode::Token => Ok(Credentials::Token(token.clone())),
            AuthMode::Aksk => Ok(Credentials::AccessKey(AccessKeyCredentials {
                access_key: self.access_key(),
                secret_key: self.second,
                security_token: None,
                project_id: Some(project_id.to_owned()),
            })),
            AuthMode::Iam => {
                let endpoint = Endpoint::parse(base_url).map_err(ConfigError::IamEndpoint)?;
                let request = PasswordTokenRequest {
                    user_name: self.user_name(),
                    password: self.second,
                    domain_name: BUILT_IN_DOMAIN.to_owned(),
                    scope: ProjectScope::Id(project_id.to_owned()),
                };
                Ok(Credentials::Iam(Arc::new(IamSession::new(
                    endpoint, request,
                ))))
            }
        }
    }
}

/// The domain of the user generated for the built-in emulator.
const BUILT_IN_DOMAIN: &str = "fgs-contract";
