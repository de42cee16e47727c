//! ShowEvent responses: `decode_response(Operation::ShowEvent, ..)`,
//! `ShowEventResponse::from_json` and the borrowing `ShowEventRef::from_json`.
//!
//! Properties:
//! - The response decoder agrees with the body decoder on violations, drift and the value.
//! - A decoded `{id, name, content, last_modified}` body serializes, decodes to an equal value
//!   and serializes to the same bytes.
//! - The borrowing decoder gives the same value and findings.
//! - An error status decodes the error body the same way `ErrorBody::from_json` does.
#![no_main]

use fgs_fuzz::response::{check_success_operation, ResponseInput};
use fgs_model::{ShowEventRef, ShowEventResponse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: ResponseInput| {
    check_success_operation::<ShowEventResponse>(&input);

    let body = input.body.to_bytes();
    let owned = ShowEventResponse::from_json(&body);
    let borrowed = ShowEventRef::from_json(&body);
    assert_eq!(borrowed.drift, owned.drift);
    match (borrowed.value, &owned.value) {
        (Ok(borrowed), Ok(owned)) => {
            assert_eq!(
                serde_json::to_string(&borrowed).expect("a decoded body serializes"),
                serde_json::to_string(owned).expect("a decoded body serializes")
            );
            assert_eq!(&borrowed.into_owned(), owned);
            // Decoding the content may fail, but it must not panic.
            let _ = owned.decode_content();
        }
        (Err(borrowed), Err(owned)) => assert_eq!(&borrowed, owned),
        (borrowed, owned) => panic!("ShowEventRef gave {borrowed:?}, ShowEventResponse {owned:?}"),
    }
});
