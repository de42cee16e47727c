//! The result of a suite run and its three renderings: a table for people, a versioned JSON
//! object for programs, and JUnit XML for CI systems.

use std::time::Duration;

use crate::client::Exchange;
use crate::drift::KnownDeviation;

pub mod json;
pub mod junit;
pub mod reproduce;
pub mod table;

/// The output format of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table with failure details, for a terminal.
    Table,
    /// One JSON object; its layout is versioned by `schema_version`.
    Json,
    /// JUnit XML with one `testcase` per check.
    Junit,
}

/// Everything a run found: one entry per check, and the drift seen along the way.
#[derive(Clone, Debug)]
pub struct Report {
    /// The base URL the checks were sent to.
    pub endpoint: String,
    /// The checks in the order they ran.
    pub checks: Vec<CheckReport>,
    /// Departures from the documentation that do not break the contract.
    pub drift: Vec<DriftWarning>,
    /// Known deviations that matched no drift of this run.
    pub stale_deviations: Vec<KnownDeviation>,
    /// Whether drift that is not accepted, and stale deviations, fail the run.
    pub strict: bool,
    /// Whether SIGINT stopped the run before every check ran.
    pub interrupted: bool,
}

/// One check: what it enforces, how it went and the exchanges it relied on.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// A stable identifier such as `show-event.success`.
    pub id: &'static str,
    /// One line saying what the check does.
    pub description: &'static str,
    /// The documented rule the check enforces.
    pub rule: &'static str,
    /// Pass, fail or skipped.
    pub outcome: CheckOutcome,
    /// Time spent in the check, including the requests it sent.
    pub duration: Duration,
    /// The exchanges the verdict rests on.
    pub exchanges: Vec<Exchange>,
}

/// The verdict of one check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The server honoured the rule.
    Pass {
        /// One line about what was seen.
        detail: String,
    },
    /// The server broke the rule.
    Fail {
        /// One line summing up the failure.
        detail: String,
        /// Each departure from the rule.
        violations: Vec<Finding>,
    },
    /// The check could not run.
    Skipped {
        /// The reason the check did not run.
        reason: String,
    },
}

impl CheckOutcome {
    /// Returns `pass`, `fail` or `skipped`.
    pub fn as_str(&self) -> &'static str {
        match self {
            CheckOutcome::Pass { .. } => "pass",
            CheckOutcome::Fail { .. } => "fail",
            CheckOutcome::Skipped { .. } => "skipped",
        }
    }

    /// Returns the one-line detail, or the reason for a skip.
    pub fn detail(&self) -> &str {
        match self {
            CheckOutcome::Pass { detail } | CheckOutcome::Fail { detail, .. } => detail,
            CheckOutcome::Skipped { reason } => reason,
        }
    }

    /// Returns the violations of a failed check, and nothing for the other outcomes.
    pub fn violations(&self) -> &[Finding] {
        match self {
            CheckOutcome::Fail { violations, .. } => violations,
            CheckOutcome::Pass { .. } | CheckOutcome::Skipped { .. } => &[],
        }
    }
}

/// One departure from a rule: where, what the documentation expects and what came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// `status`, `header <name>`, or a JSON pointer into the body (`/` for the whole body).
    pub location: String,
    /// The identifier of the broken rule, such as `required-field`.
    pub rule: String,
    /// The value the documentation expects, in words.
    pub expected: String,
    /// The value the server sent.
    pub found: String,
}

/// A departure from the documentation that the contract tolerates, such as an undocumented
/// field or a missing `X-Request-Id` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriftWarning {
    /// The check whose exchange showed the drift.
    pub check: &'static str,
    /// `status`, `header <name>`, or a JSON pointer into the body.
    pub location: String,
    /// The kind of drift, such as `undocumented-field`.
    pub kind: String,
    /// The value the server sent.
    pub found: String,
    /// The reason from the known-deviation entry that accepts this drift, or `None`.
    pub accepted: Option<String>,
}

/// Counts of each outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Checks that passed.
    pub passed: usize,
    /// Checks that failed.
    pub failed: usize,
    /// Checks that were skipped.
    pub skipped: usize,
}

impl Report {
    /// Counts the outcomes.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for check in &self.checks {
            match check.outcome {
                CheckOutcome::Pass { .. } => summary.passed += 1,
                CheckOutcome::Fail { .. } => summary.failed += 1,
                CheckOutcome::Skipped { .. } => summary.skipped += 1,
            }
        }
        summary
    }

    /// Returns whether the run failed: a check failed or, with `strict`, some drift is not
    /// accepted or a known deviation is stale.
    pub fn has_failures(&self) -> bool {
        self.summary().failed > 0 || (self.strict && self.drift_failures() > 0)
    }

    /// Returns the drift that no known deviation accepts.
    pub fn unaccepted_drift(&self) -> impl Iterator<Item = &DriftWarning> {
        self.drift.iter().filter(|drift| drift.accepted.is_none())
    }

    /// Counts what `--strict` turns into failures: unaccepted drift and stale deviations.
    pub fn drift_failures(&self) -> usize {
        self.unaccepted_drift().count() + self.stale_deviations.len()
    }

    /// Writes the report in `format`; colour applies to the table only.
    ///
    /// # Errors
    ///
    /// Returns the error of the writer.
    pub fn write(
        &self,
        format: Format,
        colour: bool,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        match format {
            Format::Table => table::write(self, colour, out),
            Format::Json => json::write(self, out),
            Format::Junit => junit::write(self, out),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

/// The maximum number of body bytes a report shows for one exchange.
pub const BODY_DISPLAY_LIMIT: usize = 4096;

/// Returns the body as text, with control characters other than line breaks and tabs
/// escaped, cut after [`BODY_DISPLAY_LIMIT`] bytes with a note of how many were left out.
pub fn body_for_display(body: &[u8]) -> String {
    let shown = &body[..body.len().min(BODY_DISPLAY_LIMIT)];
    let mut text = String::with_capacity(shown.len());
    for c in String::from_utf8_lossy(shown).chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            text.extend(c.escape_default());
        } else {
            text.push(c);
        }
    }
    if body.len() > shown.len() {
        text.push_str(&format!(" [{} more bytes]", body.len() - shown.len()));
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a report with one check of each outcome, one exchange and one drift warning.
    pub(crate) fn sample_report() -> Report {
        let exchange = Exchange {
            method: "GET".to_owned(),
            url: "http://127.0.0.1:8080/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test/events/00000000-0000-4000-8000-000000000000".to_owned(),
            request_headers: vec![
                ("content-type".to_owned(), "application/json".to_owned()),
                ("x-auth-token".to_owned(), "[redacted]".to_owned()),
            ],
            request_body: Vec::new(),
            status: 200,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: br#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3"}"#.to_vec(),
            elapsed: Duration::from_millis(2),
            attempts: 1,
        };
        Report {
            endpoint: "http://127.0.0.1:8080".to_owned(),
            checks: vec![
                CheckReport {
                    id: "show-event.success",
                    description: "a known event is returned with status 200 and a documented body",
                    rule: "ShowEvent returns 200 with `id`, `name`, `content` and `last_modified`",
                    outcome: CheckOutcome::Pass {
                        detail: "200 with a documented body".to_owned(),
                    },
                    duration: Duration::from_millis(3),
                    exchanges: vec![],
                },
                CheckReport {
                    id: "show-event.unknown-event",
                    description: "an unknown event id gets 404 and an error body",
                    rule: "ShowEvent returns 404 with `error_code` and `error_msg` for an unknown event",
                    outcome: CheckOutcome::Fail {
                        detail: "expected status 404, found 200".to_owned(),
                        violations: vec![Finding {
                            location: "status".to_owned(),
                            rule: "status".to_owned(),
                            expected: "404".to_owned(),
                            found: "200".to_owned(),
                        }],
                    },
                    duration: Duration::from_millis(12),
                    exchanges: vec![exchange],
                },
                CheckReport {
                    id: "show-event.content",
                    description: "the event content is padded base64 of a JSON document",
                    rule: "`content` is the base64 encoding of a JSON string",
                    outcome: CheckOutcome::Skipped {
                        reason: "no ShowEvent body to read".to_owned(),
                    },
                    duration: Duration::ZERO,
                    exchanges: vec![],
                },
            ],
            drift: vec![DriftWarning {
                check: "show-event.success",
                location: "/extra".to_owned(),
                kind: "undocumented-field".to_owned(),
                found: "the undocumented field `extra` with value `1`".to_owned(),
                accepted: None,
            }],
            stale_deviations: Vec::new(),
            strict: false,
            interrupted: false,
        }
    }

    #[test]
    fn summary_counts_each_outcome() {
        let summary = sample_report().summary();
        assert_eq!(
            summary,
            Summary {
                passed: 1,
                failed: 1,
                skipped: 1
            }
        );
    }

    #[test]
    fn summary_display_lists_counts() {
        let summary = sample_report().summary();
        assert_eq!(summary.to_string(), "1 passed, 1 failed, 1 skipped");
    }

    #[test]
    fn body_for_display_escapes_control_characters() {
        assert_eq!(body_for_display(b"a\x1b[31mb\nc"), "a\\u{1b}[31mb\nc");
    }

    #[test]
    fn body_for_display_cuts_long_bodies() {
        let body = vec![b'a'; BODY_DISPLAY_LIMIT + 10];
        let shown = body_for_display(&body);
        assert!(shown.ends_with("a [10 more bytes]"), "{shown}");
    }
}
