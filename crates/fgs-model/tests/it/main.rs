//! Integration and property tests of fgs-model, compiled as one test binary.

#![allow(clippy::unwrap_used)]

mod bodies;
mod decode;
mod openapi;
mod path;
mod request;
mod sign;
mod urn;
