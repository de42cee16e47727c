//! The FunctionGraph test-event API contract as Rust types: function URNs, request paths, bodies and strict decoding.

pub mod path;
pub mod urn;

pub use path::{ColonEncoding, EventsPath, PathError, PathParameter};
pub use urn::{FunctionUrn, Qualifier, UrnError, UrnField, UrnForm};
