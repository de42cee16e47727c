//! The report as one JSON object.
//!
//! Layout, version 1 (`schema_version` changes when a key is removed or changes meaning;
//! new keys may appear without a change):
//!
//! ```text
//! {
//!   "schema_version": 1,
//!   "endpoint": "http://127.0.0.1:8080",
//!   "checks": [{
//!     "id": "show-event.success",
//!     "description": "...",
//!     "rule": "...",
//!     "outcome": "pass" | "fail" | "skipped",
//!     "duration_ms": 3,
//!     "detail": "one line, or the reason for a skip",
//!     "violations": [{"location", "rule", "expected", "found"}],
//!     "exchanges": [{"method", "url", "request_headers": [{"name", "value"}], "status",
//!                    "headers": [{"name", "value"}], "body", "elapsed_ms"}]
//!   }],
//!   "drift": [{"check", "location", "kind", "found"}],
//!   "summary": {"passed", "failed", "skipped", "total"}
//! }
//! ```
//!
//! `violations` and `exchanges` are empty unless the outcome is `fail`. `body` is the response
//! body as text, cut after 4096 bytes.

use std::io::{self, Write};

use serde::Serialize;

use super::{body_for_display, CheckOutcome, CheckReport, DriftWarning, Finding, Report};
use crate::client::Exchange;

/// The layout version written as `schema_version`.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    endpoint: &'a str,
    checks: Vec<JsonCheck<'a>>,
    drift: Vec<JsonDrift<'a>>,
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
    status: u16,
    headers: Vec<JsonHeader<'a>>,
    body: String,
    elapsed_ms: u64,
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
}

#[derive(Serialize)]
struct JsonSummary {
    passed: usize,
    failed: usize,
    skipped: usize,
    total: usize,
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
        checks: report.checks.iter().map(check).collect(),
        drift: report.drift.iter().map(drift).collect(),
        summary: JsonSummary {
            passed: summary.passed,
            failed: summary.failed,
            skipped: summary.skipped,
            total: report.checks.len(),
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
        status: exchange.status,
        headers: headers(&exchange.headers),
        body: body_for_display(&exchange.body),
        elapsed_ms: millis(exchange.elapsed),
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
    fn json_skipped_check_detail_is_reason() {
        let check = &render()["checks"][2];
        assert_eq!(check["outcome"], "skipped");
        assert_eq!(check["detail"], "no ShowEvent body to read");
    }
}
