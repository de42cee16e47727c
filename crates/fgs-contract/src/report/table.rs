//! The report as an aligned table, followed by failure details, drift and a summary line.

use std::io::{self, Write};

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

    if !report.drift.is_empty() {
        writeln!(out)?;
        writeln!(out, "drift (warnings, not failures):")?;
        for drift in &report.drift {
            writeln!(
                out,
                "  {:id_width$}  {}: {} ({})",
                drift.check, drift.location, drift.found, drift.kind
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "{}", report.summary())
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
        writeln!(
            out,
            "    {}: expected {}, found {} [{}]",
            finding.location, finding.expected, finding.found, finding.rule
        )?;
    }
    for exchange in &check.exchanges {
        write_exchange(exchange, out)?;
    }
    Ok(())
}

fn write_exchange(exchange: &Exchange, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "    request: {} {}", exchange.method, exchange.url)?;
    for (name, value) in &exchange.request_headers {
        writeln!(out, "      {name}: {value}")?;
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
    fn table_sample_report() {
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("contract_table_sample_report", render(false));
        });
    }
}
