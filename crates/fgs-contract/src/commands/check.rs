//! `fgs-contract check`: run the suite and write the report.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::net::{Ipv4Addr, SocketAddr};

use fgs_emulator::{Emulator, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID};

use super::{colour_allowed, runtime};
use crate::cli::CheckArgs;
use crate::client::Client;
use crate::config::{resolve_check, resolve_target, CheckConfig, Target, TargetChoice};
use crate::credentials::BuiltInCredentials;
use crate::error::{Error, ExitStatus};
use crate::interrupt::Interrupt;
use crate::report::{Format, Report};
use crate::suite::lifecycle::{run_all, WriteChecks};

/// Runs the suite and writes the report; exits 1 when a check fails, and 130 after SIGINT.
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
    let (report, interrupted) = match report {
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
    Ok(if interrupted {
        ExitStatus::Interrupted
    } else if report.has_failures() {
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

/// Runs every check and returns the report and whether SIGINT stopped the run.
async fn run(config: &CheckConfig) -> Result<(Report, bool), Error> {
    let interrupt = Interrupt::on_ctrl_c();
    let client = Client::new(config.timeouts).map_err(Error::Client)?;
    let report = match &config.target {
        TargetChoice::Remote(target) => run_suite(&client, target, config.writes, &interrupt).await,
        TargetChoice::BuiltInEmulator(mode) => {
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
            let (emulator_config, generated) = BuiltInCredentials::generate(*mode);
            let emulator = Emulator::bind(addr, emulator_config)
                .await
                .map_err(|error| Error::Emulator {
                    addr,
                    error: Box::new(error),
                })?;
            tracing::info!(base_url = %emulator.base_url(), auth = mode.as_str(), "built-in emulator started");
            let target = generated
                .into_credentials(&emulator.base_url(), emulator.token(), DEFAULT_PROJECT_ID)
                .and_then(|credentials| {
                    resolve_target(
                        &emulator.base_url(),
                        DEFAULT_PROJECT_ID,
                        DEFAULT_FUNCTION_URN,
                        DEFAULT_EVENT_ID,
                        credentials,
                    )
                });
            let result = match target {
                Ok(target) => run_suite(&client, &target, config.writes, &interrupt).await,
                Err(error) => Err(error.into()),
            };
            emulator.shutdown().await;
            result
        }
    }?;
    Ok((report, interrupt.is_set()))
}

/// Obtains the first IAM token when the target needs one, then runs every check.
async fn run_suite(
    client: &Client,
    target: &Target,
    writes: WriteChecks,
    interrupt: &Interrupt,
) -> Result<Report, Error> {
    client
        .authenticate(&target.credentials)
        .await
        .map_err(Error::Authentication)?;
    run_all(client, target, writes, interrupt)
        .await
        .map_err(Error::Unreachable)
}
