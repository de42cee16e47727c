//! The errors the command reports, and the one mapping from an outcome to an exit status.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use fgs_model::{UnknownOperation, UrnError};

use crate::auth::AuthError;
use crate::client::{ClientBuildError, SendError};
use crate::config::ConfigError;
use crate::record::RecordError;
use crate::replay::LoadError;

/// The exit status of the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: every check passed, or the input conforms.
    Success,
    /// 1: a check failed, the input does not conform, or the run broke down.
    Failure,
    /// 2: the command line or configuration is wrong.
    Usage,
    /// 3: the endpoint could not be reached.
    Unreachable,
    /// 130: SIGINT stopped the run after it deleted what it created and wrote its report.
    Interrupted,
}

impl ExitStatus {
    /// Returns the process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Unreachable => 3,
            ExitStatus::Interrupted => 130,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

/// An error that ends the command. Each message is complete, so it is printed alone.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The first request showed that the endpoint cannot be reached.
    #[error("{0}")]
    Unreachable(SendError),
    /// IAM could not be reached or refused a token.
    #[error("{0}")]
    Authentication(AuthError),
    /// The settings file could not be read or is invalid, for a command other than `check`.
    #[error(transparent)]
    Settings(#[from] crate::settings_file::SettingsError),
    /// `fgs-contract sign` got an unusable input.
    #[error("{0}")]
    Sign(String),
    /// The HTTP client could not be built.
    #[error("{0}")]
    Client(ClientBuildError),
    /// The report file could not be created or written.
    #[error("cannot write the report to `{}`: {error}", .path.display())]
    Output { path: PathBuf, error: io::Error },
    /// Standard output could not be written.
    #[error("cannot write to standard output: {0}")]
    Stdout(io::Error),
    /// An input file could not be read.
    #[error("cannot read `{}`: {error}", .path.display())]
    Input { path: PathBuf, error: io::Error },
    /// Standard input could not be read.
    #[error("cannot read standard input: {0}")]
    Stdin(io::Error),
    /// The async runtime or the signal handler could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(io::Error),
    /// The emulator was asked to listen on an address other machines can reach.
    #[error("listen address `{0}` is not a loopback address")]
    RemoteListen(SocketAddr),
    /// The emulator could not bind its address.
    #[error("cannot start the emulator on `{addr}`: {error}")]
    Emulator {
        addr: SocketAddr,
        error: Box<fgs_emulator::EmulatorError>,
    },
    /// The URN given to `fgs-contract urn` is invalid.
    #[error("{0}")]
    InvalidUrn(UrnError),
    /// The operation given to `fgs-contract decode` is not one of the five.
    #[error("{0}")]
    UnknownOperation(UnknownOperation),
    /// The recording directory could not be created before the run.
    #[error("{0}")]
    RecordStart(RecordError),
    /// A recorded exchange could not be written during the run.
    #[error("{0}")]
    RecordWrite(RecordError),
    /// The recording to replay cannot be read.
    #[error("{0}")]
    ReplayLoad(LoadError),
    /// The replay sent other requests than the recording holds.
    #[error("the replay does not follow the recording: {0}")]
    ReplayDiverged(String),
}

impl Error {
    /// Returns the exit status this error ends the command with.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Config(_)
            | Error::Output { .. }
            | Error::Input { .. }
            | Error::Stdin(_)
            | Error::RemoteListen(_)
            | Error::Emulator { .. }
            | Error::UnknownOperation(_)
            | Error::Settings(_)
            | Error::Sign(_)
            | Error::RecordStart(_)
            | Error::ReplayLoad(_) => ExitStatus::Usage,
            Error::Authentication(error) if error.is_unreachable() => ExitStatus::Unreachable,
            Error::Authentication(_) => ExitStatus::Usage,
            Error::Unreachable(_) => ExitStatus::Unreachable,
            Error::InvalidUrn(_)
            | Error::Client(_)
            | Error::Stdout(_)
            | Error::Runtime(_)
            | Error::RecordWrite(_)
            | Error::ReplayDiverged(_) => ExitStatus::Failure,
        }
    }

    /// Returns a line that explains how to fix the error, when the fix is known.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Config(err) => err.hint(),
            Error::Unreachable(_) => Some(
                "check that the server runs and that `--endpoint` names it; `--connect-timeout` and `--timeout` set the limits"
                    .to_owned(),
            ),
            Error::Authentication(_) => Some(
                "check `--iam-endpoint`, `--user`, `--password` and `--domain`".to_owned(),
            ),
            Error::RemoteListen(_) => Some(
                "listen on `127.0.0.1` or `[::1]`, or pass `--allow-remote` to expose the emulator"
                    .to_owned(),
            ),
            Error::Emulator { .. } => {
                Some("pick another port with `--listen 127.0.0.1:PORT`, or port 0 for a free one".to_owned())
            }
            Error::RecordStart(RecordError::NotEmpty(_)) => {
                Some("pass a new directory to `--record`, or empty this one".to_owned())
            }
            Error::ReplayDiverged(_) => Some(
                "replay with the `fgs-contract` version that recorded it; a changed suite sends other requests"
                    .to_owned(),
            ),
            _ => None,
        }
    }
}

/// Prints `error` as `fgs-contract: message` with its hint, and returns the exit status; this
/// and [`ExitStatus`] are the only places that decide how the process ends.
pub fn exit_with(result: Result<ExitStatus, Error>) -> ExitCode {
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            tracing::debug!(?error, "command failed");
            print_stderr(&format!("fgs-contract: {error}"));
            if let Some(hint) = error.hint() {
                print_stderr(&format!("hint: {hint}"));
            }
            error.exit_status().into()
        }
    }
}

/// Writes one line to standard error. A closed or full standard error loses the line instead of
/// panicking as `eprintln!` does, because nothing is left to report the failure to.
pub(crate) fn print_stderr(line: &str) {
    use std::io::Write as _;

    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
