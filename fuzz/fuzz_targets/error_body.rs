//! The documented error body: `ErrorBody::from_json`, and `decode_response` with an error
//! status for each operation.
//!
//! Properties:
//! - A decoded error body has the `error_code`, `error_msg` and `request_id` that a plain
//!   serde_json parse of the same bytes finds, and keeps every other key in `extra`.
//! - It serializes, decodes to an equal value and serializes to the same bytes.
//! - The response decoder reports what the body decoder reports.
#![no_main]

use fgs_fuzz::response::{check_error_operation, check_round_trip, ErrorInput};
use fgs_model::ErrorBody;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: ErrorInput| {
    let body = input.body.to_bytes();
    let decoded = ErrorBody::from_json(&body);
    if let Ok(error) = &decoded.value {
        check_against_serde_json(&body, error);
        check_round_trip(error, ErrorBody::from_json);
    }

    let content_type = input.content_type.header();
    check_error_operation(
        input.operation(),
        input.status(),
        content_type.as_deref(),
        &body,
    );
});

fn check_against_serde_json(body: &[u8], error: &ErrorBody) {
    let value: serde_json::Value =
        serde_json::from_slice(body).expect("a decoded error body is JSON");
    let object = value
        .as_object()
        .expect("a decoded error body is an object");
    assert_eq!(
        object["error_code"].as_str(),
        Some(error.error_code.as_str())
    );
    assert_eq!(object["error_msg"].as_str(), Some(error.error_msg.as_str()));
    assert_eq!(
        object.get("request_id").and_then(|id| id.as_str()),
        error.request_id.as_deref()
    );
    for (key, value) in object {
        match key.as_str() {
            "error_code" | "error_msg" | "request_id" => {}
            other => assert_eq!(error.extra.get(other), Some(value), "key {other:?}"),
        }
    }
    assert_eq!(
        object.len(),
        2 + usize::from(error.request_id.is_some()) + error.extra.len()
    );
}
