//! `fgs-contract decode`: judge one response body with the model.

use std::io::{self, Read, Write};

use fgs_model::{decode_response, Drift, Operation, Outcome, Response};

use crate::cli::DecodeArgs;
use crate::error::{Error, ExitStatus};

/// Decodes the body; prints its canonical JSON and exits 0 when it conforms, or prints one
/// violation a line on standard error and exits 1. Drift goes to standard error either way.
///
/// # Errors
///
/// Returns an error for an unknown operation or an unreadable input.
pub fn decode(args: DecodeArgs) -> Result<ExitStatus, Error> {
    let operation: Operation = args.operation.parse().map_err(Error::UnknownOperation)?;
    let body = match &args.file {
        Some(path) => std::fs::read(path).map_err(|error| Error::Input {
            path: path.clone(),
            error,
        })?,
        None => {
            let mut body = Vec::new();
            io::stdin().read_to_end(&mut body).map_err(Error::Stdin)?;
            body
        }
    };

    let decoded = decode_response(operation, args.status, Some(&args.content_type), &body);

    let canonical = match &decoded.outcome {
        Outcome::Success(Response::DeleteEvent) => None,
        Outcome::Success(response) => Some(serde_json::to_string(response)),
        Outcome::Error(error) => Some(serde_json::to_string(error)),
        Outcome::Violations(violations) => {
            for violation in violations {
                eprintln!("{violation}");
            }
            print_drift(&decoded.drift);
            return Ok(ExitStatus::Failure);
        }
    };
    print_drift(&decoded.drift);
    if let Some(json) = canonical {
        let json = json.map_err(|error| Error::Stdout(error.into()))?;
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{json}").map_err(Error::Stdout)?;
    }
    Ok(ExitStatus::Success)
}

/// Prints each drift as `drift: <location>: <found> (<kind>)` on standard error.
fn print_drift(drift: &[Drift]) {
    for drift in drift {
        eprintln!("drift: {drift}");
    }
}
