//! DeleteEvent responses: `decode_response(Operation::DeleteEvent, ..)`.
//!
//! Properties:
//! - A 204 with an empty body is the only success, whatever the Content-Type.
//! - Any other status below 400 is an undocumented status, and a non-empty success body is
//!   reported.
//! - An error status decodes the error body the same way `ErrorBody::from_json` does.
#![no_main]

use fgs_fuzz::response::{check_delete_operation, ResponseInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: ResponseInput| {
    check_delete_operation(&input);
});
