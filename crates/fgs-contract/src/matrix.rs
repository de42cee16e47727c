//! The detection matrix: for each emulator fault, the checks that must fail when the suite runs
//! against an emulator making that fault, and a runner that verifies it.
//!
//! `fgs-contract faults` and the integration tests read the same table, [`EXPECTATIONS`].

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use fgs_emulator::{
    Emulator, EmulatorConfig, Fault, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
    SLOW_RESPONSE_DELAY,
};

use crate::client::{Client, Timeouts};
use crate::config::resolve_target;
use crate::credentials::Credentials;
use crate::error::Error;
use crate::interrupt::Interrupt;
use crate::report::{CheckOutcome, Report};
use crate::suite::lifecycle::{run_all, WriteChecks};
use crate::transport::TransportSettings;

/// One row of the matrix: a fault and the ids of the checks it makes fail, in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// The fault the emulator makes.
    pub fault: Fault,
    /// The checks that fail against it; every other check passes or is skipped.
    pub failing: &'static [&'static str],
}

const fn expect(fault: Fault, failing: &'static [&'static str]) -> Expectation {
    Expectation { fault, failing }
}

/// The checks that judge a ShowEvent 200 body: the configured event, the created one and the
/// updated one.
const SHOW_BODIES: &[&str] = &[
    "show-event.success",
    "lifecycle.show-created",
    "lifecycle.show-updated",
];

/// Every check that expects an error response.
const ERROR_BODIES: &[&str] = &[
    "show-event.unknown-event",
    "show-event.unknown-function",
    "show-event.missing-token",
    "show-event.wrong-token",
    "show-event.invalid-urn",
    "lifecycle.show-deleted",
    "lifecycle.delete-again",
    "negative.invalid-name",
    "negative.content-not-base64",
    "negative.content-over-limit",
    "negative.duplicate-name",
    "quota.eleventh-event",
];

/// Each fault with the checks that catch it, in the order of [`Fault::ALL`].
///
/// A check that depends on another one skips when that one fails, so a fault that breaks an
/// early step, such as `create-201`, fails few checks and skips the rest.
pub const EXPECTATIONS: [Expectation; 28] = [
    expect(
        Fault::MissingEvent500,
        &[
            "show-event.unknown-event",
            "lifecycle.show-deleted",
            "lifecycle.delete-again",
        ],
    ),
    expect(
        Fault::Create201,
        &["lifecycle.create", "quota.eleventh-event"],
    ),
    expect(Fault::Delete200Body, &["lifecycle.delete"]),
    expect(
        Fault::LastModifiedString,
        &["show-event.success", "lifecycle.show-updated"],
    ),
    expect(
        Fault::LastModifiedFraction,
        &["show-event.success", "lifecycle.show-updated"],
    ),
    expect(Fault::LastModifiedFloat32, &["list-events.matches-show"]),
    expect(
        Fault::CountMismatch,
        &[
            "list-events.contains-event",
            "lifecycle.list-contains",
            "quota.eleventh-event",
        ],
    ),
    expect(Fault::MissingContent, SHOW_BODIES),
    expect(Fault::RenamedName, SHOW_BODIES),
    expect(Fault::TokenInBody, &["show-event.token-echo"]),
    expect(Fault::ArrayBody, SHOW_BODIES),
    expect(Fault::DuplicateKey, SHOW_BODIES),
    expect(Fault::TruncatedJson, SHOW_BODIES),
    expect(Fault::InvalidUtf8, SHOW_BODIES),
    expect(
        Fault::ContentNotBase64,
        &[
            "show-event.content",
            "lifecycle.show-created",
            "lifecycle.show-updated",
        ],
    ),
    expect(
        Fault::JsonAsHtml,
        &[
            "show-event.content-type",
            "list-events.contains-event",
            "lifecycle.create",
            "quota.eleventh-event",
        ],
    ),
    expect(
        Fault::ErrorAsText,
        &[
            "show-event.content-type",
            "lifecycle.show-deleted",
            "lifecycle.delete-again",
            "negative.invalid-name",
            "negative.content-not-base64",
            "negative.content-over-limit",
            "negative.duplicate-name",
            "quota.eleventh-event",
        ],
    ),
    expect(Fault::ErrorWithoutRequestId, &["show-event.request-id"]),
    expect(Fault::ErrorWithoutCode, ERROR_BODIES),
    expect(Fault::ErrorWrongShape, ERROR_BODIES),
    expect(Fault::AcceptMissingToken, &["show-event.missing-token"]),
    expect(Fault::AcceptWrongToken, &["show-event.wrong-token"]),
    expect(Fault::CrossFunctionEvent, &["show-event.unknown-function"]),
    expect(
        Fault::DeletedEventShown,
        &["lifecycle.show-deleted", "lifecycle.delete-again"],
    ),
    expect(Fault::UpdateNotApplied, &["lifecycle.show-updated"]),
    expect(Fault::QuotaNotEnforced, &["quota.eleventh-event"]),
    expect(Fault::CloseMidBody, SHOW_BODIES),
    expect(
        Fault::SlowNotFound,
        &[
            "show-event.unknown-event",
            "show-event.unknown-function",
            "lifecycle.show-deleted",
        ],
    ),
];

/// The request timeout the matrix runs the suite with. It must be shorter than
/// [`SLOW_RESPONSE_DELAY`], or [`Fault::SlowNotFound`] goes unnoticed.
pub const MATRIX_TIMEOUT: Duration = Duration::from_secs(2);

const _: () = assert!(MATRIX_TIMEOUT.as_secs() < SLOW_RESPONSE_DELAY.as_secs());

/// Returns the checks that must fail against `fault`.
pub fn expected_failures(fault: Fault) -> &'static [&'static str] {
    EXPECTATIONS
        .iter()
        .find(|expectation| expectation.fault == fault)
        .map_or(&[], |expectation| expectation.failing)
}

/// The verdict of one row of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Exactly the expected checks failed, and a healthy emulator gave no drift.
    Detected,
    /// No check failed although some were expected to.
    Missed,
    /// Other checks failed than the table expects, or a healthy emulator gave drift.
    Different,
}

impl Verdict {
    /// Returns `yes`, `no` or `differs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Detected => "yes",
            Verdict::Missed => "no",
            Verdict::Different => "differs",
        }
    }
}

/// The outcome of running the suite against one emulator.
#[derive(Clone, Debug)]
pub struct MatrixRow {
    /// The fault of the emulator, or `None` for a healthy one.
    pub fault: Option<Fault>,
    /// The checks the table expects to fail.
    pub expected: &'static [&'static str],
    /// The checks that failed, in report order.
    pub failed: Vec<&'static str>,
    /// The number of drift warnings of the run.
    pub drift: usize,
    /// Wall time of the run, emulator start and stop included.
    pub elapsed: Duration,
}

impl MatrixRow {
    /// Judges the row: a healthy emulator must give no failure and no drift, a faulty one
    /// exactly the expected failures.
    pub fn verdict(&self) -> Verdict {
        if self.failed == self.expected && (self.fault.is_some() || self.drift == 0) {
            Verdict::Detected
        } else if self.failed.is_empty() && self.fault.is_some() {
            Verdict::Missed
        } else {
            Verdict::Different
        }
    }
}

/// Returns the ids of the failed checks of `report`, in report order.
pub fn failed_checks(report: &Report) -> Vec<&'static str> {
    report
        .checks
        .iter()
        .filter(|check| matches!(check.outcome, CheckOutcome::Fail { .. }))
        .map(|check| check.id)
        .collect()
}

/// Starts an emulator on a free loopback port with `fault`, runs every check against it with
/// `timeouts`, stops the emulator and returns the row.
///
/// # Errors
///
/// Fails when the emulator cannot start or the suite cannot reach it at all.
pub async fn run_row(fault: Option<Fault>, timeouts: Timeouts) -> Result<MatrixRow, Error> {
    let started = Instant::now();
    let mut config = EmulatorConfig::with_generated_token();
    if let Some(fault) = fault {
        config = config.with_fault(fault);
    }
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let emulator = Emulator::bind(addr, config)
        .await
        .map_err(|error| Error::Emulator {
            addr,
            error: Box::new(error),
        })?;
    let target = resolve_target(
        &emulator.base_url(),
        DEFAULT_PROJECT_ID,
        DEFAULT_FUNCTION_URN,
        DEFAULT_EVENT_ID,
        Credentials::Token(emulator.token().clone()),
    );
    // Every check runs, the quota one included, and nothing interrupts the run.
    let writes = WriteChecks {
        read_only: false,
        quota: true,
    };
    let (_trigger, interrupt) = Interrupt::manual();
    let report = match target {
        Ok(target) => {
            // A retry would only meet the same fault again, so the matrix sends each request
            // once and its times measure detection alone.
            let settings = TransportSettings {
                timeouts,
                retries: 0,
                ..TransportSettings::default()
            };
            let client = Client::with_settings(settings).map_err(Error::Client)?;
            run_all(&client, &target, writes, &interrupt)
                .await
                .map_err(Error::Unreachable)
        }
        Err(error) => Err(error.into()),
    };
    emulator.shutdown().await;
    let report = report?;

    Ok(MatrixRow {
        fault,
        expected: fault.map_or(&[], expected_failures),
        failed: failed_checks(&report),
        drift: report.drift.len(),
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite;

    fn all_checks() -> impl Iterator<Item = &'static suite::CheckSpec> {
        suite::CHECKS.iter().chain(suite::lifecycle::CHECKS.iter())
    }

    #[test]
    fn expectations_follow_fault_order() {
        let faults: Vec<Fault> = EXPECTATIONS.iter().map(|row| row.fault).collect();
        assert_eq!(faults, Fault::ALL.to_vec());
    }

    #[test]
    fn expectations_name_known_checks() {
        for row in EXPECTATIONS {
            assert!(!row.failing.is_empty(), "{}", row.fault);
            for id in row.failing {
                assert!(
                    all_checks().any(|spec| spec.id == *id),
                    "{}: unknown check `{id}`",
                    row.fault
                );
            }
        }
    }

    #[test]
    fn expectations_in_report_order() {
        let position = |id: &str| all_checks().position(|spec| spec.id == id);
        for row in EXPECTATIONS {
            let positions: Vec<_> = row.failing.iter().map(|id| position(id)).collect();
            let mut sorted = positions.clone();
            sorted.sort();
            assert_eq!(positions, sorted, "{}", row.fault);
        }
    }

    fn row(fault: Option<Fault>, failed: &[&'static str], drift: usize) -> MatrixRow {
        MatrixRow {
            fault,
            expected: fault.map_or(&[], expected_failures),
            failed: failed.to_vec(),
            drift,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn verdict_cases() {
        let check = |row: MatrixRow, expected: Verdict| {
            assert_eq!(row.verdict(), expected, "{row:?}");
        };
        check(row(None, &[], 0), Verdict::Detected);
        check(row(None, &[], 1), Verdict::Different);
        check(row(None, &["show-event.success"], 0), Verdict::Different);
        check(
            row(
                Some(Fault::Create201),
                &["lifecycle.create", "quota.eleventh-event"],
                0,
            ),
            Verdict::Detected,
        );
        check(row(Some(Fault::Create201), &[], 0), Verdict::Missed);
        check(
            row(Some(Fault::Create201), &["show-event.success"], 0),
            Verdict::Different,
        );
    }
}
