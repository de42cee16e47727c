//! Integration tests of the emulator, in process through `tower::ServiceExt::oneshot` and through a
//! real loopback socket with reqwest.

mod concurrency;
mod config;
mod events;
mod faults;
mod hostile;
mod iam;
mod server;
mod show_event;
mod signature;
mod support;
