//! `fgs-contract replay`: run the suite on a recording instead of a server.

use std::sync::Arc;
use std::time::Duration;

use super::output::ReportSink;
use super::runtime;
use crate::cli::ReplayArgs;
use crate::client::{Client, Timeouts};
use crate::config::{resolve_target, DriftPolicy};
use crate::credentials::Credentials;
use crate::error::{Error, ExitStatus};
use crate::interrupt::Interrupt;
use crate::replay::{Recording, Replayer};
use crate::suite::lifecycle::{run_all, WriteChecks};
use crate::transport::retry::Backoff;
use crate::transport::TransportSettings;
use fgs_model::secret::Secret;

/// The token the replayed requests carry. The recording contains none, and the replay matches
/// requests by method and path only.
const REPLAY_TOKEN: &str = "replayed-token";

/// Runs the suite on the recording in `args.dir` and writes the report. It exits as `check`
/// would, or with 1 when the replay sends other requests than the recording contains.
///
/// # Errors
///
/// Returns an error for an unreadable recording or known-deviation file, an unwritable report,
/// or a replay that departs from the recording.
pub fn replay(args: ReplayArgs) -> Result<ExitStatus, Error> {
    let recording = Recording::load(&args.dir).map_err(Error::ReplayLoad)?;
    let drift = DriftPolicy::resolve(&args.drift)?;
    let sink = ReportSink::open(args.output.as_deref(), args.format)?;

    let manifest = &recording.manifest;
    let replayer = Arc::new(Replayer::new(&recording));
    let event_id = replayer.resolve(&manifest.event_id);
    let target = match resolve_target(
        &manifest.endpoint,
        &manifest.project_id,
        &manifest.function_urn,
        &event_id,
        Credentials::Token(Secret::from(REPLAY_TOKEN)),
    ) {
        Ok(target) => target,
        Err(error) => {
            sink.discard();
            return Err(error.into());
        }
    };
    let settings = TransportSettings {
        timeouts: Timeouts {
            request: Duration::try_from_secs_f64(manifest.timeout_seconds)
                .unwrap_or(Timeouts::default().request),
            ..Timeouts::default()
        },
        retries: manifest.retries,
        max_body_bytes: manifest.max_body_bytes,
        extra_ca: None,
        backoff: Backoff::NONE,
    };
    let client = Client::replaying(Arc::clone(&replayer), settings, manifest.seed);

    let writes = WriteChecks {
        read_only: manifest.read_only,
        quota: manifest.quota,
    };
    // The replay runs to its end: a recording has no SIGINT to replay.
    let (_trigger, interrupt) = Interrupt::manual();
    let result = runtime()?.block_on(run_all(&client, &target, writes, &interrupt));
    if let Err(reason) = replayer.finish() {
        sink.discard();
        return Err(Error::ReplayDiverged(reason));
    }
    match result {
        Ok(mut report) => {
            drift.apply(&mut report);
            sink.write(&report)
        }
        Err(error) => {
            sink.discard();
            Err(Error::Unreachable(error))
        }
    }
}
