//! `fgs-contract openapi`: print the OpenAPI document that the model generates.

use std::io::{self, Write};

use crate::error::{Error, ExitStatus};

/// Prints the OpenAPI 3.1 document of the five operations as indented JSON.
///
/// # Errors
///
/// Returns an error when standard output cannot be written.
pub fn openapi() -> Result<ExitStatus, Error> {
    let document = fgs_model::openapi::document();
    let text =
        serde_json::to_string_pretty(&document).map_err(|error| Error::Stdout(error.into()))?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{text}").map_err(Error::Stdout)?;
    stdout.flush().map_err(Error::Stdout)?;
    Ok(ExitStatus::Success)
}
