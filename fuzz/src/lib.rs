//! Structured inputs and shared property checks for the fgs-contract fuzz targets.
//!
//! Each target in `fuzz_targets/` drives one entry point of the model or the emulator. The
//! inputs here derive `Arbitrary`, so libFuzzer mutates field choices and small alphabets
//! instead of raw bytes and reaches the code behind the first rejection.

pub mod json;
pub mod path;
pub mod response;
pub mod text;
pub mod urn;
