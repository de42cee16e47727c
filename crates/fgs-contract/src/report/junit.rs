//! The report as JUnit XML: one `testsuite` named `fgs-contract`, one `testcase` per check.
//!
//! A failed check becomes a `failure` element whose `message` is the one-line detail. Its text
//! lists the violations and the exchanges. A skipped check becomes `skipped`.
//! Drift goes to the suite's `system-out`.

use std::fmt::Write as _;
use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

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
    let tests = report.checks.len().to_string();
    let failures = summary.failed.to_string();
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
                    if !report.drift.is_empty() {
                        let mut text = String::new();
                        for drift in &report.drift {
                            // `fmt::Write` for `String` never returns an error.
                            let _ = writeln!(
                                text,
                                "drift in {}: {}: {} ({})",
                                drift.check, drift.location, drift.found, drift.kind
                            );
                        }
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
        let _ = writeln!(
            text,
            "{}: expected {}, found {} [{}]",
            finding.location, finding.expected, finding.found, finding.rule
        );
    }
    for exchange in &check.exchanges {
        let _ = writeln!(text, "request: {} {}", exchange.method, exchange.url);
        for (name, value) in &exchange.request_headers {
            let _ = writeln!(text, "  {name}: {value}");
        }
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
    fn junit_escapes_body_text() {
        let xml = render();
        assert!(xml.contains("{&quot;id&quot;:"), "{xml}");
    }
}
