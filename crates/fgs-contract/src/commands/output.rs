//! The report destination chosen on the command line, and the exit status a report implies.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::colour_allowed;
use crate::error::{Error, ExitStatus};
use crate::report::{Format, Report};

/// The report destination: a file created before any request, so a bad path fails fast, or
/// standard output.
#[derive(Debug)]
pub struct ReportSink {
    file: Option<(File, PathBuf)>,
    format: Format,
}

impl ReportSink {
    /// Creates the report file, when one is given.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Output`] when the file cannot be created.
    pub fn open(output: Option<&Path>, format: Format) -> Result<Self, Error> {
        let file = match output {
            Some(path) => Some((
                File::create(path).map_err(|error| Error::Output {
                    path: path.to_owned(),
                    error,
                })?,
                path.to_owned(),
            )),
            None => None,
        };
        Ok(ReportSink { file, format })
    }

    /// Removes the empty report file after a run that produced no report, since a leftover
    /// would read as an empty report.
    pub fn discard(self) {
        if let Some((file, path)) = self.file {
            drop(file);
            let _ = std::fs::remove_file(path);
        }
    }

    /// Writes `report` and returns the exit status: 1 when the run failed, 0 otherwise.
    ///
    /// # Errors
    ///
    /// Returns an error when the report cannot be written.
    pub fn write(self, report: &Report) -> Result<ExitStatus, Error> {
        match self.file {
            Some((mut file, path)) => write_report(report, self.format, false, &mut file)
                .map_err(|error| Error::Output { path, error })?,
            None => {
                let stdout = io::stdout();
                let colour = self.format == Format::Table && colour_allowed(stdout.is_terminal());
                write_report(report, self.format, colour, &mut stdout.lock())
                    .map_err(Error::Stdout)?;
            }
        }

        let summary = report.summary();
        tracing::info!(
            passed = summary.passed,
            failed = summary.failed,
            skipped = summary.skipped,
            drift = report.drift.len(),
            stale_deviations = report.stale_deviations.len(),
            "checks finished"
        );
        Ok(if report.has_failures() {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        })
    }
}

fn write_report(
    report: &Report,
    format: Format,
    colour: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    report.write(format, colour, out)?;
    out.flush()
}
