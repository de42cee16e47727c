//! `fgs-contract emulator`: serve the emulator until interrupted.

use std::io::{self, Write};

use fgs_emulator::{Emulator, EmulatorConfig, Fault};

use super::runtime;
use crate::cli::EmulatorArgs;
use crate::credentials;
use crate::error::{Error, ExitStatus};

/// Serves the emulator until Ctrl-C (or SIGTERM on Unix), after printing its base URL and, when generated, its
/// token on standard output.
///
/// # Errors
///
/// Returns an error when the address is not loopback and `--allow-remote` is absent, or when
/// the address cannot be bound.
pub fn emulator(args: EmulatorArgs) -> Result<ExitStatus, Error> {
    if args.list_faults {
        return list_faults();
    }
    if !args.listen.ip().is_loopback() && !args.allow_remote {
        return Err(Error::RemoteListen(args.listen));
    }
    let (config, generated) = match &args.token {
        Some(token) => (EmulatorConfig::new(token.clone()), false),
        None => (EmulatorConfig::with_generated_token(), true),
    };
    let config =
        credentials::configure_emulator(config, &args).map_err(|error| Error::Emulator {
            addr: args.listen,
            error: Box::new(error),
        })?;
    let config = args
        .faults
        .iter()
        .fold(config, |config, fault| config.with_fault(*fault));
    if !args.faults.is_empty() {
        tracing::warn!(faults = ?args.faults, "the emulator breaks the contract on purpose");
    }

    runtime()?.block_on(async {
        let emulator =
            Emulator::bind(args.listen, config)
                .await
                .map_err(|error| Error::Emulator {
                    addr: args.listen,
                    error: Box::new(error),
                })?;
        {
            let mut stdout = io::stdout().lock();
            writeln!(stdout, "{}", emulator.base_url()).map_err(Error::Stdout)?;
            if generated {
                writeln!(stdout, "{}", emulator.token().expose()).map_err(Error::Stdout)?;
            }
            stdout.flush().map_err(Error::Stdout)?;
        }

        wait_for_shutdown_signal().await?;
        tracing::info!("shutting down");
        emulator.shutdown().await;
        Ok(ExitStatus::Success)
    })
}

/// Prints one line per fault: its name, padded, then what it breaks.
fn list_faults() -> Result<ExitStatus, Error> {
    let width = Fault::ALL
        .iter()
        .map(|fault| fault.name().len())
        .max()
        .unwrap_or(0);
    let mut stdout = io::stdout().lock();
    for fault in Fault::ALL {
        writeln!(stdout, "{:width$}  {}", fault.name(), fault.description())
            .map_err(Error::Stdout)?;
    }
    stdout.flush().map_err(Error::Stdout)?;
    Ok(ExitStatus::Success)
}

/// Waits for Ctrl-C, or on Unix for SIGTERM as sent by process managers.
async fn wait_for_shutdown_signal() -> Result<(), Error> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};

        let mut terminate = signal(SignalKind::terminate()).map_err(Error::Runtime)?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.map_err(Error::Runtime),
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.map_err(Error::Runtime)
    }
}
