//! The report as one JSON object.
//!
//! Layout, version 1 (`schema_version` changes when a key is removed or changes meaning;
//! new keys may appear without a change). `docs/report-schema.json` is the JSON Schema of
//! this layout, and the tests check every JSON report against it.
//!
//! ```text
//! {
//!   "schema_version": 1,
//!   "endpoint": "http://127.0.0.1:8080",
//!   "outcome": "pass" | "fail" | "interrupted",
//!   "strict": false,
//!   "checks": [{
//!     "id": "show-event.success",
//!     "description": "...",
//!     "rule": "...",
//!     "outcome": "pass" | "fail" | "skipped",
//!     "duration_ms": 3,
//!     "detail": "one line, or the reason for a skip",
//!     "violations": [{"location", "rule", "expected", "found"}],
//!     "exchanges": [{"method", "url", "request_headers": [{"name", "value"}], "request_body",
//!                    "reproduce", "status", "headers": [{"name", "value"}], "body", "elapsed_ms",
//!                    "attempts"}]
//!   }],
//!   "drift": [{"check", "location", "kind", "found", "accepted", "reason"}],
//!   "stale_deviations": [{"check", "location", "kind", "reason"}],
//!   "summary": {"passed", "failed", "skipped", "total", "drift", "accepted_drift",
//!               "stale_deviations"}
//! }
//! ```
//!
//! `violations` and `exchanges` are empty unless the outcome is `fail`. `request_body` and `body`
//! are the request and response bodies as text, cut after 4096 bytes. `reproduce` is a `curl`
//! command that sends the request again, with `$FGS_TOKEN` in place of the token. `reason` is
//! the known deviation's reason for accepted drift and `null` otherwise. The `check` and
//! `location` of a stale deviation are `null` when the entry matches any.

use std::io::{self, Write};

use serde::Serialize;

use super::reproduce::curl_command;
use super::{body_for_display, CheckOutcome, CheckReport, DriftWarning, Finding, Report};
use crate::client::Exchange;

/// The layout version written as `schema_version`.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    endpoint: &'a str,
    outcome: &'static str,
    strict: bool,
    checks: Vec<JsonCheck<'a>>,
    drift: Vec<JsonDrift<'a>>,
    stale_deviations: &'a [crate::drift::KnownDeviation],
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonCheck<'a> {
    id: &'a str,
    description: &'a str,
    rule: &'a str,
    outcome: &'a str,
    duration_ms: u64,
    detail: &'a str,
    violations: Vec<JsonFinding<'a>>,
    exchanges: Vec<JsonExchange<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    location: &'a str,
    rule: &'a str,
    expected: &'a str,
    found: &'a str,
}

#[derive(Serialize)]
struct JsonExchange<'a> {
    method: &'a str,
    url: &'a str,
    request_headers: Vec<JsonHeader<'a>>,
    request_body: String,
    reproduce: String,
    status: u16,
    headers: Vec<JsonHeader<'a>>,
    body: String,
    elapsed_ms: u64,
    attempts: u32,
}

#[derive(Serialize)]
struct JsonHeader<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct JsonDrift<'a> {
    check: &'a str,
    location: &'a str,
    kind: &'a str,
    found: &'a str,
    accepted: bool,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    passed: usize,
    failed: usize,
    skipped: usize,
    total: usize,
    drift: usize,
    accepted_drift: usize,
    stale_deviations: usize,
}

/// Writes the report as pretty-printed JSON followed by a line break.
///
/// # Errors
///
/// Returns the error of the writer.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    let document = JsonReport {
        schema_version: SCHEMA_VERSION,
        endpoint: &report.endpoint,
        outcome: if report.interrupted {
            "interrupted"
        } else if report.has_failures() {
            "fail"
        } else {
            "pass"
        },
        strict: report.strict,
        checks: report.checks.iter().map(check).collect(),
        drift: report.drift.iter().map(drift).collect(),
        stale_deviations: &report.stale_deviations,
        summary: JsonSummary {
            passed: summary.passed,
            failed: summary.failed,
            skipped: summary.skipped,
            total: report.checks.len(),
            drift: report.drift.len(),
            accepted_drift: report.drift.len() - report.unaccepted_drift().count(),
            stale_deviations: report.stale_deviations.len(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn check(check: &CheckReport) -> JsonCheck<'_> {
    let failed = matches!(check.outcome, CheckOutcome::Fail { .. });
    JsonCheck {
        id: check.id,
        description: check.description,
        rule: check.rule,
        outcome: check.outcome.as_str(),
        duration_ms: millis(check.duration),
        detail: check.outcome.detail(),
        violations: check.outcome.violations().iter().map(finding).collect(),
        exchanges: if failed {
            check.exchanges.iter().map(exchange).collect()
        } else {
            Vec::new()
        },
    }
}

fn finding(finding: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        location: &finding.location,
        rule: &finding.rule,
        expected: &finding.expected,
        found: &finding.found,
    }
}

fn exchange(exchange: &Exchange) -> JsonExchange<'_> {
    JsonExchange {
        method: &exchange.method,
        url: &exchange.url,
        request_headers: headers(&exchange.request_headers),
        request_body: body_for_display(&exchange.request_body),
        reproduce: curl_command(exchange),
        status: exchange.status,
        headers: headers(&exchange.headers),
        body: body_for_display(&exchange.body),
        elapsed_ms: millis(exchange.elapsed),
        attempts: exchange.attempts,
    }
}

fn headers(list: &[(String, String)]) -> Vec<JsonHeader<'_>> {
    list.iter()
        .map(|(name, value)| JsonHeader { name, value })
        .collect()
}

fn drift(drift: &DriftWarning) -> JsonDrift<'_> {
    JsonDrift {
        check: drift.check,
        location: &drift.location,
        kind: &drift.kind,
        found: &drift.found,
        accepted: drift.accepted.is_some(),
        reason: drift.accepted.as_deref(),
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;

    fn render() -> serde_json::Value {
        let mut out = Vec::new();
        write(&sample_report(), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn json_report_has_schema_version_one() {
        assert_eq!(render()["schema_version"], 1);
    }

    #[test]
    fn json_report_summary_counts() {
        let summary = &render()["summary"];
        assert_eq!(summary["passed"], 1);
        assert_eq!(summary["failed"], 1);
        assert_eq!(summary["skipped"], 1);
        assert_eq!(summary["total"], 3);
    }

    #[test]
    fn json_failed_check_carries_exchange() {
        let check = &render()["checks"][1];
        assert_eq!(check["outcome"], "fail");
        assert_eq!(check["violations"][0]["location"], "status");
        assert_eq!(check["exchanges"][0]["status"], 200);
        assert_eq!(
            check["exchanges"][0]["request_headers"][1]["value"],
            "[redacted]"
        );
    }

    #[test]
    fn json_passed_check_has_no_exchanges() {
        let check = &render()["checks"][0];
        assert_eq!(check["exchanges"], serde_json::json!([]));
    }

    #[test]
    fn json_outcome_follows_failures() {
        assert_eq!(render()["outcome"], "fail");
    }

    #[test]
    fn json_drift_acceptance_and_stale_entries() {
        let mut report = sample_report();
        report.drift[0].accepted = Some("known".to_owned());
        report.stale_deviations.push(crate::drift::KnownDeviation {
            check: None,
            location: None,
            kind: "number-form".to_owned(),
            reason: "old".to_owned(),
        });
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["drift"][0]["accepted"], true);
        assert_eq!(json["drift"][0]["reason"], "known");
        assert_eq!(
            json["stale_deviations"][0],
            serde_json::json!({"check": null, "location": null, "kind": "number-form", "reason": "old"})
        );
        assert_eq!(json["summary"]["accepted_drift"], 1);
        assert_eq!(json["summary"]["stale_deviations"], 1);
    }

    #[test]
    fn json_skipped_check_detail_is_reason() {
        let check = &render()["checks"][2];
        assert_eq!(check["outcome"], "skipped");
        assert_eq!(check["detail"], "no ShowEvent body to read");
    }
}
