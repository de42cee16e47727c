//! The report as JUnit XML: one `testsuite` named `fgs-contract`, one `testcase` per check.
//!
//! A failed check becomes a `failure` element whose `message` is the one-line detail. Its text
//! lists the violations and the exchanges. A skipped check becomes `skipped`.
//! Drift and stale known deviations go to the suite's `system-out`. Under `--strict`, each
//! unaccepted drift and each stale known deviation is also a failed `testcase` of class
//! `drift`, so a CI system shows it like any other failure.

use std::fmt::Write as _;
use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::reproduce::curl_command;
use super::{body_for_display, CheckOutcome, CheckReport, Report};

/// Writes the report as indented JUnit XML.
///
/// # Errors
///
/// Returns the error of the writer.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    let total_seconds: f64 = report
        .checks
        .iter()
        .map(|check| check.duration.as_secs_f64())
        .sum();
    let drift_cases = drift_cases(report);
    let tests = (report.checks.len() + drift_cases.len()).to_string();
    let failures = (summary.failed + drift_cases.len()).to_string();
    let skipped = summary.skipped.to_string();
    let time = format!("{total_seconds:.3}");

    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attributes([
            ("name", "fgs-contract"),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", "0"),
            ("skipped", skipped.as_str()),
            ("time", time.as_str()),
        ])
        .write_inner_content(|writer| {
            writer
                .create_element("testsuite")
                .with_attributes([
                    ("name", "fgs-contract"),
                    ("tests", tests.as_str()),
                    ("failures", failures.as_str()),
                    ("errors", "0"),
                    ("skipped", skipped.as_str()),
                    ("time", time.as_str()),
                ])
                .write_inner_content(|writer| {
                    writer
                        .create_element("properties")
                        .write_inner_content(|writer| {
                            writer
                                .create_element("property")
                                .with_attributes([
                                    ("name", "endpoint"),
                                    ("value", report.endpoint.as_str()),
                                ])
                                .write_empty()?;
                            Ok(())
                        })?;
                    for check in &report.checks {
                        write_testcase(writer, check)?;
                    }
                    for case in &drift_cases {
                        writer
                            .create_element("testcase")
                            .with_attributes([
                                ("name", case.name.as_str()),
                                ("classname", "drift"),
                                ("time", "0.000"),
                            ])
                            .write_inner_content(|writer| {
                                writer
                                    .create_element("failure")
                                    .with_attributes([
                                        ("message", case.message.as_str()),
                                        ("type", "drift"),
                                    ])
                                    .write_text_content(BytesText::new(&case.message))?;
                                Ok(())
                            })?;
                    }
                    let text = system_out(report);
                    if !text.is_empty() {
                        writer
                            .create_element("system-out")
                            .write_text_content(BytesText::new(&text))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    writeln!(out)
}

/// A failed testcase for one drift or stale deviation under `--strict`.
struct DriftCase {
    name: String,
    message: String,
}

/// Returns the testcases `--strict` adds: one per unaccepted drift and stale deviation.
fn drift_cases(report: &Report) -> Vec<DriftCase> {
    if !report.strict {
        return Vec::new();
    }
    let drift = report.unaccepted_drift().map(|drift| DriftCase {
        name: format!("{} {} {}", drift.check, drift.location, drift.kind),
        message: format!("{}: {} ({})", drift.location, drift.found, drift.kind),
    });
    let stale = report.stale_deviations.iter().map(|entry| DriftCase {
        name: format!(
            "stale {} {} {}",
            entry.check.as_deref().unwrap_or("any-check"),
            entry.location.as_deref().unwrap_or("any-location"),
            entry.kind
        ),
        message: format!(
            "the known deviation `{}` no longer occurs: {}",
            entry.kind, entry.reason
        ),
    });
    drift.chain(stale).collect()
}

/// Lists every drift, accepted or not, and every stale deviation.
fn system_out(report: &Report) -> String {
    let mut text = String::new();
    // `fmt::Write` for `String` never returns an error, so the results below are ignored.
    for drift in &report.drift {
        let _ = write!(
            text,
            "drift in {}: {}: {} ({})",
            drift.check, drift.location, drift.found, drift.kind
        );
        match &drift.accepted {
            Some(reason) => {
                let _ = writeln!(text, " accepted: {reason}");
            }
            None => {
                let _ = writeln!(text);
            }
        }
    }
    for entry in &report.stale_deviations {
        let _ = writeln!(
            text,
            "stale known deviation: {} at {} in {}: {}",
            entry.kind,
            entry.location.as_deref().unwrap_or("any location"),
            entry.check.as_deref().unwrap_or("any check"),
            entry.reason
        );
    }
    text
}

fn write_testcase<W: Write>(writer: &mut Writer<W>, check: &CheckReport) -> io::Result<()> {
    let time = format!("{:.3}", check.duration.as_secs_f64());
    let element = writer.create_element("testcase").with_attributes([
        ("name", check.id),
        ("classname", classname(check.id)),
        ("time", time.as_str()),
    ]);
    match &check.outcome {
        CheckOutcome::Pass { .. } => {
            element.write_empty()?;
        }
        CheckOutcome::Fail { detail, .. } => {
            let text = failure_text(check);
            element.write_inner_content(|writer| {
                writer
                    .create_element("failure")
                    .with_attributes([("message", detail.as_str()), ("type", "contract")])
                    .write_text_content(BytesText::new(&text))?;
                Ok(())
            })?;
        }
        CheckOutcome::Skipped { reason } => {
            element.write_inner_content(|writer| {
                writer
                    .create_element("skipped")
                    .with_attribute(("message", reason.as_str()))
                    .write_empty()?;
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// Returns the part of a check id before its first `.`, such as `show-event`.
fn classname(id: &str) -> &str {
    id.split_once('.').map_or(id, |(operation, _)| operation)
}

fn failure_text(check: &CheckReport) -> String {
    let mut text = format!("rule: {}\n", check.rule);
    // `fmt::Write` for `String` never returns an error, so the results below are ignored.
    for finding in check.outcome.violations() {
        let _ = writeln!(text, "{} ({})", finding.location, finding.rule);
        let _ = writeln!(text, "  expected: {}", finding.expected);
        let _ = writeln!(text, "  found:    {}", finding.found);
    }
    for exchange in &check.exchanges {
        let _ = writeln!(text, "reproduce:\n{}", curl_command(exchange));
        let _ = writeln!(text, "response: {}", exchange.status);
        for (name, value) in &exchange.headers {
            let _ = writeln!(text, "  {name}: {value}");
        }
        let _ = writeln!(text, "{}", body_for_display(&exchange.body));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    fn render() -> String {
        let mut out = Vec::new();
        write(&sample_report(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Returns the names of all start and empty elements, in document order.
    fn element_names(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        let mut names = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) | Event::Empty(e) => {
                    names.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                }
                Event::Eof => break,
                _ => {}
            }
        }
        names
    }

    #[test]
    fn junit_has_one_testcase_per_check() {
        let names = element_names(&render());
        let testcases = names.iter().filter(|name| *name == "testcase").count();
        assert_eq!(testcases, 3);
    }

    #[test]
    fn junit_has_one_failure_and_one_skip() {
        let names = element_names(&render());
        assert_eq!(names.iter().filter(|name| *name == "failure").count(), 1);
        assert_eq!(names.iter().filter(|name| *name == "skipped").count(), 1);
    }

    #[test]
    fn junit_classname_is_operation() {
        assert_eq!(classname("show-event.success"), "show-event");
    }

    #[test]
    fn junit_strict_adds_drift_failure() {
        let mut report = sample_report();
        report.strict = true;
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        let names = element_names(&xml);
        assert_eq!(names.iter().filter(|name| *name == "testcase").count(), 4);
        assert_eq!(names.iter().filter(|name| *name == "failure").count(), 2);
        assert!(xml.contains(r#"failures="2""#), "{xml}");
    }

    #[test]
    fn junit_escapes_body_text() {
        let xml = render();
        assert!(xml.contains("{&quot;id&quot;:"), "{xml}");
    }
}
