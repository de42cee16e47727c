//! `fgs-contract faults`: run the suite against the emulator once per fault and print whether
//! each fault was caught by the checks the detection matrix expects.

use std::io::{self, Write};

use fgs_emulator::Fault;

use super::runtime;
use crate::cli::FaultsArgs;
use crate::client::Timeouts;
use crate::config::seconds;
use crate::error::{Error, ExitStatus};
use crate::matrix::{self, MatrixRow, Verdict};

/// Runs the matrix and prints one row per emulator; exits 1 when a fault is missed or caught by
/// other checks than expected.
///
/// # Errors
///
/// Returns an error for an invalid timeout, an emulator that cannot start, or an unwritable
/// standard output.
pub fn faults(args: FaultsArgs) -> Result<ExitStatus, Error> {
    let timeouts = Timeouts {
        connect: seconds("--connect-timeout", args.connect_timeout)?,
        request: seconds("--timeout", args.timeout)?,
    };
    let mut selected: Vec<Option<Fault>> = args.faults.iter().copied().map(Some).collect();
    if selected.is_empty() {
        selected.push(None);
        selected.extend(Fault::ALL.map(Some));
    }

    let runtime = runtime()?;
    let mut stdout = io::stdout().lock();
    let width = Fault::ALL
        .iter()
        .map(|fault| fault.name().len())
        .max()
        .unwrap_or(0);
    writeln!(
        stdout,
        "{:width$}  {:8}  {:>8}  EXPECTED FAILURES",
        "FAULT", "DETECTED", "TIME"
    )
    .map_err(Error::Stdout)?;

    let mut missed = 0;
    for fault in selected {
        let row = runtime.block_on(matrix::run_row(fault, timeouts))?;
        if row.verdict() != Verdict::Detected {
            missed += 1;
        }
        write_row(&row, width, &mut stdout).map_err(Error::Stdout)?;
    }
    writeln!(stdout).map_err(Error::Stdout)?;
    if missed == 0 {
        writeln!(stdout, "every fault was detected").map_err(Error::Stdout)?;
        Ok(ExitStatus::Success)
    } else {
        writeln!(stdout, "{missed} rows differ from the matrix").map_err(Error::Stdout)?;
        Ok(ExitStatus::Failure)
    }
}

fn write_row(row: &MatrixRow, width: usize, out: &mut dyn Write) -> io::Result<()> {
    let name = row.fault.map_or("(none)", Fault::name);
    let verdict = match (row.fault, row.verdict()) {
        (None, Verdict::Detected) => "clean",
        (_, verdict) => verdict.as_str(),
    };
    let time = format!("{:.2} s", row.elapsed.as_secs_f64());
    let expected = if row.expected.is_empty() {
        "none".to_owned()
    } else {
        row.expected.join(", ")
    };
    writeln!(out, "{name:width$}  {verdict:8}  {time:>8}  {expected}")?;
    if row.verdict() == Verdict::Different {
        let failed = if row.failed.is_empty() {
            "none".to_owned()
        } else {
            row.failed.join(", ")
        };
        writeln!(out, "{:width$}  failed instead: {failed}", "")?;
        if row.fault.is_none() && row.drift > 0 {
            writeln!(out, "{:width$}  drift warnings: {}", "", row.drift)?;
        }
    }
    Ok(())
}
