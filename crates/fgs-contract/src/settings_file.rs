//! The settings file `fgs-contract.toml`: one top-level key for each flag of `check`, named
//! as the flag without its leading `--`.
//!
//! ```toml
//! endpoint = "http://127.0.0.1:8080"
//! project-id = "7aad83af3e8d42e99ac194e8419e2c9b"
//! function-urn = "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test"
//! event-id = "3b659dc0-12fc-40dc-aa05-a321d9424cb3"
//! auth = "aksk"
//! ak = "…"
//! sk = "…"
//! timeout = 10
//! read-only = true
//! format = "junit"
//! output = "report.xml"   # relative to the folder of this file
//! ```
//!
//! An unknown key is an error, so a misspelt key cannot be ignored silently. No error quotes
//! the value of `token`, `sk`, `security-token` or `password`.

use std::fmt;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use fgs_model::secret::Secret;
use toml::{Table, Value};

use crate::credentials::AuthMode;
use crate::report::Format;

/// The file read when `--config` is absent, in the current directory, if it exists.
pub const DEFAULT_SETTINGS_FILE: &str = "fgs-contract.toml";

/// Every key a settings file may set.
pub const KEYS: [&str; 25] = [
    "endpoint",
    "project-id",
    "function-urn",
    "event-id",
    "token",
    "auth",
    "ak",
    "sk",
    "security-token",
    "iam-endpoint",
    "user",
    "password",
    "domain",
    "connect-timeout",
    "timeout",
    "format",
    "output",
    "read-only",
    "quota-check",
    "retries",
    "max-body-bytes",
    "cacert",
    "record",
    "strict",
    "known-deviations",
];

/// The values a settings file sets, each field named after its key with `_` for `-`; each is
/// `None` when the file does not set it.
#[derive(Debug, Default)]
pub struct Settings {
    /// The file read.
    pub path: PathBuf,
    pub endpoint: Option<String>,
    pub project_id: Option<String>,
    pub function_urn: Option<String>,
    pub event_id: Option<String>,
    pub token: Option<Secret>,
    pub auth: Option<AuthMode>,
    pub ak: Option<String>,
    pub sk: Option<Secret>,
    pub security_token: Option<Secret>,
    pub iam_endpoint: Option<String>,
    pub user: Option<String>,
    pub password: Option<Secret>,
    pub domain: Option<String>,
    pub connect_timeout: Option<f64>,
    pub timeout: Option<f64>,
    pub format: Option<Format>,
    /// The report file, relative paths resolved against the folder of the settings file.
    pub output: Option<PathBuf>,
    pub read_only: Option<bool>,
    pub quota_check: Option<bool>,
    pub retries: Option<u32>,
    pub max_body_bytes: Option<u64>,
    /// The extra CA file, resolved against the folder of the settings file like `output`.
    pub cacert: Option<PathBuf>,
    /// The recording folder, resolved against the folder of the settings file.
    pub record: Option<PathBuf>,
    pub strict: Option<bool>,
    /// The known-deviation file, resolved against the folder of the settings file.
    pub known_deviations: Option<PathBuf>,
}

/// A settings file that cannot be read or has an invalid key or value.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file cannot be read.
    #[error("cannot read settings file `{}`: {error}", .path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file is not valid TOML.
    #[error("invalid TOML in `{}` at line {line}, column {column}: {message}", .path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The file sets a key that no flag has.
    #[error("unknown key `{key}` in `{}`: expected one of {}", .path.display(), list_keys())]
    UnknownKey { path: PathBuf, key: String },
    /// A value has the wrong TOML type.
    #[error("invalid `{key}` in `{}`: expected {expected}, found {found}", .path.display())]
    WrongType {
        path: PathBuf,
        key: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    /// A value has the right type but is not one of those allowed.
    #[error("invalid `{key}` in `{}`: expected {expected}, found {found}", .path.display())]
    InvalidValue {
        path: PathBuf,
        key: &'static str,
        expected: String,
        found: Shown,
    },
}

/// A value as an error shows it: quoted, or only described for a secret.
#[derive(Debug)]
pub enum Shown {
    /// A value that may be printed.
    Plain(String),
    /// A secret value, described without its content.
    Secret(&'static str),
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Plain(text) => write!(f, "`{text}`"),
            Shown::Secret(description) => f.write_str(description),
        }
    }
}

fn list_keys() -> String {
    let quoted: Vec<String> = KEYS.iter().map(|key| format!("`{key}`")).collect();
    quoted.join(", ")
}

/// Reads the settings file: `explicit` when given, which must exist, else
/// [`DEFAULT_SETTINGS_FILE`] in the current directory when it exists.
///
/// # Errors
///
/// Returns [`SettingsError`] when the file cannot be read, is not TOML, or sets an unknown
/// key or an invalid value.
pub fn load(explicit: Option<&Path>) -> Result<Option<Settings>, SettingsError> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let path = PathBuf::from(DEFAULT_SETTINGS_FILE);
            if !path.is_file() {
                return Ok(None);
            }
            path
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|error| SettingsError::Read {
        path: path.clone(),
        error,
    })?;
    let settings = parse(&text, &path)?;
    tracing::debug!(path = %path.display(), "settings file read");
    Ok(Some(settings))
}

/// Parses the text of a settings file read from `path`.
///
/// # Errors
///
/// Returns [`SettingsError`] for invalid TOML, an unknown key, or an invalid value.
pub fn parse(text: &str, path: &Path) -> Result<Settings, SettingsError> {
    let table: Table = text.parse().map_err(|error: toml::de::Error| {
        let offset = error.span().map_or(0, |span| span.start);
        let (line, column) = line_and_column(text, offset);
        SettingsError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            // The short message names the grammar rule broken, without the line's text.
            message: error.message().trim().replace('\n', "; "),
        }
    })?;

    let reader = Reader { path };
    let mut settings = Settings {
        path: path.to_path_buf(),
        ..Settings::default()
    };
    for (key, value) in &table {
        match key.as_str() {
            "endpoint" => settings.endpoint = Some(reader.string("endpoint", value)?),
            "project-id" => settings.project_id = Some(reader.string("project-id", value)?),
            "function-urn" => settings.function_urn = Some(reader.string("function-urn", value)?),
            "event-id" => settings.event_id = Some(reader.string("event-id", value)?),
            "token" => settings.token = Some(reader.secret("token", value)?),
            "auth" => settings.auth = Some(reader.choice::<AuthMode>("auth", value)?),
            "ak" => settings.ak = Some(reader.string("ak", value)?),
            "sk" => settings.sk = Some(reader.secret("sk", value)?),
            "security-token" => {
                settings.security_token = Some(reader.secret("security-token", value)?);
            }
            "iam-endpoint" => settings.iam_endpoint = Some(reader.string("iam-endpoint", value)?),
            "user" => settings.user = Some(reader.string("user", value)?),
            "password" => settings.password = Some(reader.secret("password", value)?),
            "domain" => settings.domain = Some(reader.string("domain", value)?),
            "connect-timeout" => {
                settings.connect_timeout = Some(reader.seconds("connect-timeout", value)?);
            }
            "timeout" => settings.timeout = Some(reader.seconds("timeout", value)?),
            "format" => settings.format = Some(reader.choice::<Format>("format", value)?),
            "output" => settings.output = Some(reader.path("output", value)?),
            "cacert" => settings.cacert = Some(reader.path("cacert", value)?),
            "record" => settings.record = Some(reader.path("record", value)?),
            "known-deviations" => {
                settings.known_deviations = Some(reader.path("known-deviations", value)?);
            }
            "strict" => settings.strict = Some(reader.boolean("strict", value)?),
            "retries" => {
                let retries = reader.count("retries", value)?;
                settings.retries = Some(u32::try_from(retries).unwrap_or(u32::MAX));
            }
            "max-body-bytes" => {
                settings.max_body_bytes = Some(reader.count("max-body-bytes", value)?)
            }
            "read-only" => settings.read_only = Some(reader.boolean("read-only", value)?),
            "quota-check" => settings.quota_check = Some(reader.boolean("quota-check", value)?),
            _ => {
                return Err(SettingsError::UnknownKey {
                    path: path.to_path_buf(),
                    key: key.clone(),
                })
            }
        }
    }
    Ok(settings)
}

/// Returns the 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Reads typed values of one file, naming the file in each error.
struct Reader<'a> {
    path: &'a Path,
}

impl Reader<'_> {
    fn wrong_type(
        &self,
        key: &'static str,
        expected: &'static str,
        value: &Value,
    ) -> SettingsError {
        SettingsError::WrongType {
            path: self.path.to_path_buf(),
            key,
            expected,
            found: type_name(value),
        }
    }

    fn string(&self, key: &'static str, value: &Value) -> Result<String, SettingsError> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| self.wrong_type(key, "a string", value))
    }

    fn secret(&self, key: &'static str, value: &Value) -> Result<Secret, SettingsError> {
        let text = value
            .as_str()
            .ok_or_else(|| self.wrong_type(key, "a string", value))?;
        if text.is_empty() {
            return Err(SettingsError::InvalidValue {
                path: self.path.to_path_buf(),
                key,
                expected: "a non-empty string".to_owned(),
                found: Shown::Secret("an empty string"),
            });
        }
        Ok(Secret::from(text))
    }

    fn boolean(&self, key: &'static str, value: &Value) -> Result<bool, SettingsError> {
        value
            .as_bool()
            .ok_or_else(|| self.wrong_type(key, "a boolean", value))
    }

    /// Reads a path; a relative one is resolved against the folder of the settings file.
    fn path(&self, key: &'static str, value: &Value) -> Result<PathBuf, SettingsError> {
        let relative = PathBuf::from(self.string(key, value)?);
        let folder = self.path.parent().unwrap_or_else(|| Path::new(""));
        Ok(folder.join(relative))
    }

    /// Reads a non-negative integer.
    fn count(&self, key: &'static str, value: &Value) -> Result<u64, SettingsError> {
        match value {
            Value::Integer(count) => {
                u64::try_from(*count).map_err(|_| SettingsError::InvalidValue {
                    path: self.path.to_path_buf(),
                    key,
                    expected: "a non-negative integer".to_owned(),
                    found: Shown::Plain(count.to_string()),
                })
            }
            _ => Err(self.wrong_type(key, "a non-negative integer", value)),
        }
    }

    fn seconds(&self, key: &'static str, value: &Value) -> Result<f64, SettingsError> {
        match value {
            // Timeouts are small, so every integer of interest converts exactly.
            Value::Integer(seconds) => Ok(*seconds as f64),
            Value::Float(seconds) => Ok(*seconds),
            _ => Err(self.wrong_type(key, "a number of seconds", value)),
        }
    }

    fn choice<T: ValueEnum>(&self, key: &'static str, value: &Value) -> Result<T, SettingsError> {
        let text = value
            .as_str()
            .ok_or_else(|| self.wrong_type(key, "a string", value))?;
        T::from_str(text, false).map_err(|_| {
            let names: Vec<String> = T::value_variants()
                .iter()
                .filter_map(|variant| variant.to_possible_value())
                .map(|possible| format!("`{}`", possible.get_name()))
                .collect();
            SettingsError::InvalidValue {
                path: self.path.to_path_buf(),
                key,
                expected: format!("one of {}", names.join(", ")),
                found: Shown::Plain(text.to_owned()),
            }
        })
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date-time",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Settings {
        parse(text, Path::new("conf/fgs-contract.toml")).unwrap()
    }

    fn check_rejected(text: &str, expected: &str) {
        let error = parse(text, Path::new("fgs-contract.toml")).unwrap_err();
        assert_eq!(error.to_string(), expected, "{text}");
    }

    #[test]
    fn settings_read_every_key() {
        let text = KEYS
            .iter()
            .map(|key| match *key {
                "auth" => "auth = \"iam\"".to_owned(),
                "format" => "format = \"junit\"".to_owned(),
                "connect-timeout" => "connect-timeout = 2".to_owned(),
                "timeout" => "timeout = 2.5".to_owned(),
                "read-only" => "read-only = true".to_owned(),
                "quota-check" => "quota-check = false".to_owned(),
                "strict" => "strict = true".to_owned(),
                "retries" => "retries = 4".to_owned(),
                "max-body-bytes" => "max-body-bytes = 2048".to_owned(),
                key => format!("{key} = \"value-of-{key}\""),
            })
            .collect::<Vec<_>>()
            .join("\n");

        let settings = parse_ok(&text);

        assert_eq!(settings.endpoint.as_deref(), Some("value-of-endpoint"));
        assert_eq!(settings.project_id.as_deref(), Some("value-of-project-id"));
        assert_eq!(
            settings.function_urn.as_deref(),
            Some("value-of-function-urn")
        );
        assert_eq!(settings.event_id.as_deref(), Some("value-of-event-id"));
        assert_eq!(settings.token.unwrap().expose(), "value-of-token");
        assert_eq!(settings.auth, Some(AuthMode::Iam));
        assert_eq!(settings.ak.as_deref(), Some("value-of-ak"));
        assert_eq!(settings.sk.unwrap().expose(), "value-of-sk");
        assert_eq!(
            settings.security_token.unwrap().expose(),
            "value-of-security-token"
        );
        assert_eq!(
            settings.iam_endpoint.as_deref(),
            Some("value-of-iam-endpoint")
        );
        assert_eq!(settings.user.as_deref(), Some("value-of-user"));
        assert_eq!(settings.password.unwrap().expose(), "value-of-password");
        assert_eq!(settings.domain.as_deref(), Some("value-of-domain"));
        assert_eq!(settings.connect_timeout, Some(2.0));
        assert_eq!(settings.timeout, Some(2.5));
        assert_eq!(settings.format, Some(Format::Junit));
        assert_eq!(settings.output, Some(PathBuf::from("conf/value-of-output")));
        assert_eq!(settings.retries, Some(4));
        assert_eq!(settings.max_body_bytes, Some(2048));
        assert_eq!(settings.cacert, Some(PathBuf::from("conf/value-of-cacert")));
        assert_eq!(settings.record, Some(PathBuf::from("conf/value-of-record")));
        assert_eq!(settings.strict, Some(true));
        assert_eq!(
            settings.known_deviations,
            Some(PathBuf::from("conf/value-of-known-deviations"))
        );
    }

    #[test]
    fn settings_reject_negative_retries() {
        check_rejected(
            "retries = -1",
            "invalid `retries` in `fgs-contract.toml`: expected a non-negative integer, found `-1`",
        );
    }

    #[test]
    fn settings_output_absolute_path_kept() {
        let settings = parse_ok("output = \"/tmp/report.json\"");

        assert_eq!(settings.output, Some(PathBuf::from("/tmp/report.json")));
    }

    #[test]
    fn settings_reject_invalid_files() {
        check_rejected(
            "project_id = \"x\"",
            &format!(
                "unknown key `project_id` in `fgs-contract.toml`: expected one of {}",
                list_keys()
            ),
        );
        check_rejected(
            "timeout = \"soon\"",
            "invalid `timeout` in `fgs-contract.toml`: expected a number of seconds, found a string",
        );
        check_rejected(
            "format = \"xml\"",
            "invalid `format` in `fgs-contract.toml`: expected one of `table`, `json`, `junit`, found `xml`",
        );
        check_rejected(
            "auth = \"basic\"",
            "invalid `auth` in `fgs-contract.toml`: expected one of `token`, `aksk`, `iam`, found `basic`",
        );
        check_rejected(
            "[endpoint]\nurl = \"x\"",
            "invalid `endpoint` in `fgs-contract.toml`: expected a string, found a table",
        );
    }

    #[test]
    fn settings_errors_never_quote_secrets() {
        check_rejected(
            "sk = 12345678",
            "invalid `sk` in `fgs-contract.toml`: expected a string, found an integer",
        );
        check_rejected(
            "password = \"\"",
            "invalid `password` in `fgs-contract.toml`: expected a non-empty string, found an empty string",
        );
        let error = parse("ak = \"a\"\nsk = \"s3cr3t-value", Path::new("f.toml")).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("invalid TOML in `f.toml` at line 2, column"),
            "{message}"
        );
        assert!(!message.contains("s3cr3t"), "{message}");
    }

    #[test]
    fn settings_debug_hides_secrets() {
        let settings = parse_ok("token = \"tok-1\"\nsk = \"sk-1\"\npassword = \"pw-1\"");

        let printed = format!("{settings:?}");

        assert!(!printed.contains("tok-1"), "{printed}");
        assert!(!printed.contains("sk-1"), "{printed}");
        assert!(!printed.contains("pw-1"), "{printed}");
    }

    #[test]
    fn settings_keys_cover_every_check_flag() {
        use clap::CommandFactory;
        let command = crate::cli::Cli::command();
        let check = command.find_subcommand("check").unwrap();
        let mut flags: Vec<&str> = check
            .get_arguments()
            .filter_map(|argument| argument.get_long())
            .filter(|long| *long != "config" && *long != "help")
            .collect();
        let mut keys = KEYS.to_vec();

        flags.sort_unstable();
        keys.sort_unstable();

        assert_eq!(flags, keys);
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_and_column("a\nbé c", 6), (2, 4));
        assert_eq!(line_and_column("abc", 0), (1, 1));
    }
}
