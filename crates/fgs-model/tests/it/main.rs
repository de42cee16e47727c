//! Integration tests of fgs-model, compiled into one test binary.

mod bodies;
mod decode;
mod sign;
