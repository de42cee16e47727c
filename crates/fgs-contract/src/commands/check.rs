//! `fgs-contract check`: run the suite and write the report.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::net::{Ipv4Addr, SocketAddr};

use fgs_emulator::{
    Emulator, EmulatorConfig, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
};

use super::{colour_allowed, runtime};
use crate::cli::CheckArgs;
use crate::client::Client;
use crate::config::{resolve_check, resolve_target, CheckConfig, TargetChoice};
use crate::error::{Error, ExitStatus};
use crate::report::{Format, Report};
use crate::suite;
use fgs_model::secret::Secret;

/// Runs the suite and writes the report; exits 1 when a check fails.
///
/// # Errors
///
/// Returns an error for an invalid configuration, an unwritable report file, or an endpoint
/// that cannot be reached.
pub fn check(args: CheckArgs) -> Result<ExitStatus, Error> {
    let config = resolve_check(args)?;

    // The report file is created before any request, so a bad path fails fast.
    let file = match &config.output {
        Some(path) => Some(File::create(path).map_err(|error| Error::Output {
            path: path.clone(),
            error,
        })?),
        None => None,
    };

    let report = runtime()?.block_on(run(&config));
    let report = match report {
        Ok(report) => report,
        Err(error) => {
            if let Some(path) = &config.output {
                // The file is empty; a leftover would read as an empty report.
                let _ = std::fs::remove_file(path);
            }
            return Err(error);
        }
    };

    match (file, &config.output) {
        (Some(mut file), Some(path)) => write_report(&report, config.format, false, &mut file)
            .map_err(|error| Error::Output {
                path: path.clone(),
                error,
            })?,
        _ => {
            let stdout = io::stdout();
            let colour = config.format == Format::Table && colour_allowed(stdout.is_terminal());
            write_report(&report, config.format, colour, &mut stdout.lock())
                .map_err(Error::Stdout)?;
        }
    }

    let summary = report.summary();
    tracing::info!(
        passed = summary.passed,
        failed = summary.failed,
        skipped = summary.skipped,
        "checks finished"
    );
    Ok(if report.has_failures() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn write_report(
    report: &Report,
    format: Format,
    colour: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    report.write(format, colour, out)?;
    out.flush()
}

async fn run(config: &CheckConfig) -> Result<Report, Error> {
    let client = Client::new(config.timeouts).map_err(Error::Client)?;
    match &config.target {
        TargetChoice::Remote(target) => suite::run(&client, target)
            .await
            .map_err(Error::Unreachable),
        TargetChoice::BuiltInEmulator => {
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
            let emulator = Emulator::bind(addr, EmulatorConfig::with_generated_token())
                .await
                .map_err(|error| Error::Emulator {
                    addr,
                    error: Box::new(error),
                })?;
            tracing::info!(base_url = %emulator.base_url(), "built-in emulator started");
            let target = resolve_target(
                &emulator.base_url(),
                DEFAULT_PROJECT_ID,
                DEFAULT_FUNCTION_URN,
                DEFAULT_EVENT_ID,
                Secret::from(emulator.token()),
            );
            let result = match target {
                Ok(target) => suite::run(&client, &target)
                    .await
                    .map_err(Error::Unreachable),
                Err(error) => Err(error.into()),
            };
            emulator.shutdown().await;
            result
        }
    }
}
