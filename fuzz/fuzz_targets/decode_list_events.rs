//! ListEvents responses: `decode_response(Operation::ListEvents, ..)` and
//! `ListEventsResponse::from_json`.
//!
//! Properties:
//! - The response decoder agrees with the body decoder on violations, drift and the value.
//! - A decoded `{count, events, next_marker}` body serializes, decodes to an equal value and
//!   serializes to the same bytes.
//! - An error status decodes the error body the same way `ErrorBody::from_json` does.
#![no_main]

use fgs_fuzz::response::{check_success_operation, ResponseInput};
use fgs_model::ListEventsResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: ResponseInput| {
    check_success_operation::<ListEventsResponse>(&input);
});
