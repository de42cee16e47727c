//! The FunctionGraph test-event API contract as Rust types.
//!
//! This crate parses and prints function URNs and request paths, decodes every documented
//! request and response body strictly, and turns a response into a typed value or a list of
//! precise contract violations. It does no I/O and knows nothing of HTTP clients or servers.

pub mod bodies;
pub mod catalog;
pub mod content;
pub mod decode;
pub mod iam;
mod json;
mod number;
pub mod openapi;
pub mod path;
pub mod request;
pub mod secret;
pub mod sign;
pub mod urn;
pub mod violation;

pub use bodies::{
    BodyDecoded, CreateEventResponse, ErrorBody, EventSummary, ListEventsResponse, ShowEventRef,
    ShowEventResponse, UpdateEventResponse, MAX_EVENTS_PER_FUNCTION,
};
pub use content::{decode_content, ContentError, BASE64_PATTERN};
pub use decode::{decode_response, Decoded, Operation, Outcome, Response, UnknownOperation};
pub use number::MAX_EXACT_INTEGER;
pub use path::{
    ColonEncoding, EventsPath, PathError, PathParameter, EVENT_ID_PATTERN, PROJECT_ID_PATTERN,
};
pub use request::{
    check_content, check_event_name, ContentLimit, ContentRules, CreateEventRequest, RequestError,
    UpdateEventRequest,
};
pub use urn::{FunctionUrn, Qualifier, UrnError, UrnField, UrnForm};
pub use violation::{Drift, DriftKind, Location, Rule, Violation};
