//! `fgs-contract check`: run the suite and write the report.

use std::io::IsTerminal;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use fgs_emulator::{Emulator, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID};

use super::output::ReportSink;
use super::runtime;
use crate::cli::CheckArgs;
use crate::client::Client;
use crate::config::{resolve_check, resolve_target, CheckConfig, Target, TargetChoice};
use crate::credentials::BuiltInCredentials;
use crate::error::{Error, ExitStatus};
use crate::interrupt::Interrupt;
use crate::progress::Progress;
use crate::record::{Manifest, Recorder, FORMAT_VERSION};
use crate::report::Report;
use crate::suite::lifecycle::run_all;

/// Runs the suite and writes the report; exits 1 when a check fails or, with `--strict`, when
/// drift is not accepted, and 130 after SIGINT.
///
/// # Errors
///
/// Returns an error for an invalid configuration, an unwritable report file or recording,
/// or an endpoint that cannot be reached.
pub fn check(args: CheckArgs) -> Result<ExitStatus, Error> {
    let config = resolve_check(args)?;
    let sink = ReportSink::open(config.output.as_deref(), config.format)?;

    match runtime()?.block_on(run(&config)) {
        Ok((mut report, interrupted)) => {
            config.drift.apply(&mut report);
            report.interrupted = interrupted;
            let status = sink.write(&report)?;
            Ok(if interrupted {
                ExitStatus::Interrupted
            } else {
                status
            })
        }
        Err(error) => {
            sink.discard();
            Err(error)
        }
    }
}

/// Runs every check and returns the report and whether SIGINT stopped the run.
async fn run(config: &CheckConfig) -> Result<(Report, bool), Error> {
    let interrupt = Interrupt::on_ctrl_c();
    let report = match &config.target {
        TargetChoice::Remote(target) => run_against(config, target, &interrupt).await,
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
                Ok(target) => run_against(config, &target, &interrupt).await,
                Err(error) => Err(error.into()),
            };
            emulator.shutdown().await;
            result
        }
    }?;
    Ok((report, interrupt.is_set()))
}

/// Builds the client (recording and showing progress when asked), obtains the first IAM
/// token when the target needs one, and runs every check.
async fn run_against(
    config: &CheckConfig,
    target: &Target,
    interrupt: &Interrupt,
) -> Result<Report, Error> {
    let mut client = Client::with_settings(config.transport_settings()).map_err(Error::Client)?;

    let recorder = match &config.record {
        Some(dir) => {
            let manifest = manifest(config, target, &client);
            let recorder = Recorder::create(dir, &manifest, target.credentials.secrets())
                .map_err(Error::RecordStart)?;
            let recorder = Arc::new(recorder);
            client.record_to(Arc::clone(&recorder));
            Some(recorder)
        }
        None => None,
    };
    let progress = std::io::stderr().is_terminal().then(|| {
        let progress = Arc::new(Progress::stderr());
        client.show_progress(Arc::clone(&progress));
        progress
    });

    let result = match client.authenticate(&target.credentials).await {
        Ok(()) => run_all(&client, target, config.writes, interrupt)
            .await
            .map_err(Error::Unreachable),
        Err(error) => Err(Error::Authentication(error)),
    };
    if let Some(progress) = progress {
        progress.finish();
    }
    if let Some(recorder) = recorder {
        let written = recorder.finish().map_err(Error::RecordWrite)?;
        tracing::info!(attempts = written, "recording written");
    }
    result
}

/// Describes the run for `fgs-contract replay`.
fn manifest(config: &CheckConfig, target: &Target, client: &Client) -> Manifest {
    let settings = client.settings();
    Manifest {
        format_version: FORMAT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        endpoint: target.endpoint.to_string(),
        project_id: target.path.project_id().to_owned(),
        function_urn: target.path.function_urn().as_str().to_owned(),
        event_id: target.path.event_id().unwrap_or_default().to_owned(),
        seed: client.seed(),
        retries: settings.retries,
        max_body_bytes: settings.max_body_bytes,
        timeout_seconds: settings.timeouts.request.as_secs_f64(),
        read_only: config.writes.read_only,
        quota: config.writes.quota,
    }
}
