//! `fgs-contract urn`: print the parts of a function URN.

use std::io::{self, Write};

use fgs_model::FunctionUrn;

use crate::cli::UrnArgs;
use crate::error::{Error, ExitStatus};

/// Prints the parts of the URN as one JSON object on a line.
///
/// # Errors
///
/// Returns [`Error::InvalidUrn`] naming the broken rule when the URN is invalid.
pub fn urn(args: UrnArgs) -> Result<ExitStatus, Error> {
    let urn = FunctionUrn::parse(&args.urn).map_err(Error::InvalidUrn)?;
    let json = serde_json::to_string(&urn.parts()).map_err(|error| Error::Stdout(error.into()))?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{json}").map_err(Error::Stdout)?;
    Ok(ExitStatus::Success)
}
