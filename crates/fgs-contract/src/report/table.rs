//! The report as an aligned table, followed by failure details, drift and a summary line.

use std::io::{self, Write};

use super::reproduce::curl_command;
use super::{body_for_display, CheckOutcome, CheckReport, Report};
use crate::client::Exchange;

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// Writes the table; `colour` adds ANSI colours to the outcome column.
///
/// # Errors
///
/// Returns the error of the writer.
pub fn write(report: &Report, colour: bool, out: &mut dyn Write) -> io::Result<()> {
    let id_width = report
        .checks
        .iter()
        .map(|check| check.id.len())
        .chain(["ID".len()])
        .max()
        .unwrap_or(0);
    let outcome_width = "SKIPPED".len();

    writeln!(out, "endpoint: {}", report.endpoint)?;
    writeln!(
        out,
        "{:id_width$}  {:outcome_width$}  {:>8}  DETAIL",
        "ID", "OUTCOME", "TIME"
    )?;
    for check in &report.checks {
        write_row(check, id_width, outcome_width, colour, out)?;
        if let CheckOutcome::Fail { .. } = check.outcome {
            write_failure(check, out)?;
        }
    }

    write_drift(report, id_width, colour, out)?;

    writeln!(out)?;
    write!(out, "{}", report.summary())?;
    if report.strict && report.drift_failures() > 0 {
        write!(
            out,
            ", {} drift failures under --strict",
            report.drift_failures()
        )?;
    }
    writeln!(out)
}

/// Writes the drift, each accepted one with its reason, then the stale known deviations.
fn write_drift(
    report: &Report,
    id_width: usize,
    colour: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    if !report.drift.is_empty() {
        writeln!(out)?;
        if report.strict {
            writeln!(out, "drift (failures under --strict unless accepted):")?;
        } else {
            writeln!(out, "drift (warnings, not failures):")?;
        }
        for drift in &report.drift {
            writeln!(
                out,
                "  {:id_width$}  {}: {} ({})",
                drift.check, drift.location, drift.found, drift.kind
            )?;
            if let Some(reason) = &drift.accepted {
                writeln!(out, "  {:id_width$}    accepted: {reason}", "")?;
            }
        }
    }
    if !report.stale_deviations.is_empty() {
        writeln!(out)?;
        let heading = "stale known deviations (accepted drift that no longer occurs):";
        if colour && report.strict {
            writeln!(out, "{RED}{heading}{RESET}")?;
        } else {
            writeln!(out, "{heading}")?;
        }
        for entry in &report.stale_deviations {
            writeln!(
                out,
                "  {:id_width$}  {}: ({}) {}",
                entry.check.as_deref().unwrap_or("any check"),
                entry.location.as_deref().unwrap_or("any location"),
                entry.kind,
                entry.reason
            )?;
        }
    }
    Ok(())
}

fn write_row(
    check: &CheckReport,
    id_width: usize,
    outcome_width: usize,
    colour: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (label, code) = match check.outcome {
        CheckOutcome::Pass { .. } => ("pass", GREEN),
        CheckOutcome::Fail { .. } => ("FAIL", RED),
        CheckOutcome::Skipped { .. } => ("skipped", YELLOW),
    };
    let padded = format!("{label:outcome_width$}");
    let outcome = if colour {
        format!("{code}{padded}{RESET}")
    } else {
        padded
    };
    let time = format!("{:>5} ms", check.duration.as_millis());
    writeln!(
        out,
        "{:id_width$}  {outcome}  {time:>8}  {}",
        check.id,
        check.outcome.detail()
    )
}

fn write_failure(check: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "    rule: {}", check.rule)?;
    for finding in check.outcome.violations() {
        writeln!(out, "    {} ({})", finding.location, finding.rule)?;
        writeln!(out, "      expected: {}", finding.expected)?;
        writeln!(out, "      found:    {}", finding.found)?;
    }
    for exchange in &check.exchanges {
        write_exchange(exchange, out)?;
    }
    Ok(())
}

fn write_exchange(exchange: &Exchange, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "    reproduce:")?;
    for line in curl_command(exchange).lines() {
        writeln!(out, "      {line}")?;
    }
    writeln!(
        out,
        "    response: {} in {} ms",
        exchange.status,
        exchange.elapsed.as_millis()
    )?;
    for (name, value) in &exchange.headers {
        writeln!(out, "      {name}: {value}")?;
    }
    if !exchange.body.is_empty() {
        for line in body_for_display(&exchange.body).lines() {
            writeln!(out, "      | {line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;

    fn render(colour: bool) -> String {
        let mut out = Vec::new();
        write(&sample_report(), colour, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_without_colour_has_no_escapes() {
        assert!(!render(false).contains('\x1b'));
    }

    #[test]
    fn table_with_colour_marks_failure_red() {
        assert!(render(true).contains("\x1b[31mFAIL   \x1b[0m"));
    }

    #[test]
    fn table_ends_with_summary_line() {
        assert!(render(false).ends_with("\n1 passed, 1 failed, 1 skipped\n"));
    }

    #[test]
    fn table_accepted_drift_shows_reason() {
        let mut report = sample_report();
        report.drift[0].accepted = Some("the gateway adds it".to_owned());
        let mut out = Vec::new();
        write(&report, false, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("    accepted: the gateway adds it\n"),
            "{text}"
        );
    }

    #[test]
    fn table_strict_counts_drift_failures() {
        let mut report = sample_report();
        report.strict = true;
        report.stale_deviations.push(crate::drift::KnownDeviation {
            check: None,
            location: Some("/name".to_owned()),
            kind: "number-form".to_owned(),
            reason: "old gateway".to_owned(),
        });
        let mut out = Vec::new();
        write(&report, false, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("\n  any check                 /name: (number-form) old gateway\n"),
            "{text}"
        );
        assert!(
            text.ends_with("1 passed, 1 failed, 1 skipped, 2 drift failures under --strict\n"),
            "{text}"
        );
    }

    #[test]
    fn table_sample_report() {
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("contract_table_sample_report", render(false));
        });
    }
}
