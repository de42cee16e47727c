//! Integration and property tests of fgs-model, compiled as one test binary.

#![allow(clippy::unwrap_used)]

mod path;
mod urn;
