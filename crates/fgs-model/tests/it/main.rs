//! Integration and property tests of fgs-model, compiled as one test binary.

#![allow(clippy::unwrap_used)]

mod bodies;
mod decode;
mod path;
mod sign;
mod urn;
