//! Structured inputs and shared property checks for the fgs-contract fuzz targets.
//!
//! Each target in `fuzz_targets/` drives one entry point of the model or the emulator. The
//! inputs here derive `Arbitrary`, so libFuzzer mutates field choices and small alphabets
//! instead of raw bytes and reaches the code behind the first rejection. The first variant of
//! each input enum carries plain text or bytes, so that a seed file can hold a documented
//! example almost as it is written (see [`seed`]).

pub mod content;
pub mod emulator;
pub mod json;
pub mod path;
pub mod response;
pub mod seed;
pub mod sign;
pub mod text;
pub mod urn;
