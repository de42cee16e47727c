//! `fgs-contract` checks whether an HTTP endpoint honours the documented contract of the
//! FunctionGraph test-event API, and reports each departure with the exchange that showed it.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod client;
pub mod endpoint;
pub mod report;
pub mod secret;
