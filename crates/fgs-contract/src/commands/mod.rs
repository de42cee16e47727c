//! One function per subcommand, each returning the exit status or the error that ends it.

mod check;
mod decode;
mod emulator;
mod faults;
mod openapi;
mod output;
mod replay;
mod sign;
mod urn;

pub use check::check;
pub use decode::decode;
pub use emulator::emulator;
pub use faults::faults;
pub use openapi::openapi;
pub use replay::replay;
pub use sign::sign;
pub use urn::urn;

use crate::error::Error;

/// Builds the multi-threaded runtime that the network commands run on.
fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)
}

/// Returns whether output to a stream may be coloured: only on a terminal, and only when
/// `NO_COLOR` is unset or empty.
pub(crate) fn colour_allowed(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}
