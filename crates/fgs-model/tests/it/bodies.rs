//! Strict decoding of each documented body, and the serialize/decode round trip.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fgs_model::{
    CreateEventRequest, CreateEventResponse, DriftKind, ErrorBody, ListEventsResponse, Rule,
    ShowEventRef, ShowEventResponse, UpdateEventRequest, UpdateEventResponse, Violation,
};
use proptest::prelude::*;
use serde_json::json;

/// The documented ShowEvent example with a valid `content` in place of the masked one.
const SHOW_EVENT: &str = r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286,"content":"eyJrIjoidiJ9"}"#;

fn show_event_violations(body: &str) -> Vec<String> {
    match ShowEventResponse::from_json(body.as_bytes()).value {
        Ok(event) => panic!("expected violations, decoded {event:?}"),
        Err(violations) => violations.iter().map(Violation::to_string).collect(),
    }
}

fn check(body: &str, expected: &[&str]) {
    assert_eq!(show_event_violations(body), expected, "body {body}");
}

#[test]
fn show_event_documented_example_decodes() {
    let decoded = ShowEventResponse::from_json(SHOW_EVENT.as_bytes());
    let event = decoded.value.expect("conforming body");
    assert_eq!(event.id, "3b659dc0-12fc-40dc-aa05-a321d9424cb3");
    assert_eq!(event.name, "event-k9r3");
    assert_eq!(event.content, "eyJrIjoidiJ9");
    assert_eq!(event.last_modified, Some(1597374286));
    assert!(event.extra.is_empty());
    assert_eq!(decoded.drift, []);
    assert_eq!(event.decode_content(), Ok(json!({"k": "v"})));
}

#[test]
fn show_event_violations_name_pointer_rule_and_value() {
    check("[]", &["/: expected a JSON object, found an array"]);
    check("", &["/: expected a JSON object, found an empty body"]);
    check(
        r#"{"id":"a","name":"event-k9r3","content":"e30="#,
        &["/: expected well-formed JSON, found EOF while parsing a string at byte 45 (line 1, column 45)"],
    );
    check(
        r#"{"name":"event-k9r3","content":"e30=","last_modified":1}"#,
        &["/id: expected the required field `id`, found none"],
    );
    check(
        r#"{"id":7,"name":"event-k9r3","content":"e30=","last_modified":1}"#,
        &["/id: expected a JSON string, found the number `7`"],
    );
    check(
        r#"{"id":"a","id":"b","name":"event-k9r3","content":"e30=","last_modified":1}"#,
        &["/id: expected each key once, found a second `id`"],
    );
    check(
        r#"{"id":"a","name":"event-k9r3","content":"e30=","last_modified":"1597374286"}"#,
        &["/last_modified: expected a JSON number, found a string `\"1597374286\"`"],
    );
    check(
        r#"{"id":"a","name":"event-k9r3","content":"e30=","last_modified":1597374286.5}"#,
        &["/last_modified: expected whole Unix seconds as a non-negative JSON number within 2^53, found `1597374286.5`, which has a fraction"],
    );
    check(
        r#"{"id":"a","name":"event-k9r3","content":"e30=","last_modified":-1}"#,
        &["/last_modified: expected whole Unix seconds as a non-negative JSON number within 2^53, found `-1`, which is negative"],
    );
    check(
        r#"{"id":"a","name":"event-k9r3","content":"e30=","last_modified":9007199254740993}"#,
        &["/last_modified: expected whole Unix seconds as a non-negative JSON number within 2^53, found `9007199254740993`, which is beyond 9007199254740992"],
    );
    check(
        r#"{"id":"a","name":"9event","content":"e30="}"#,
        &["/name: expected a name of 1 to 25 letters, digits, `_` or `-` that starts with a letter and ends with a letter or digit, found `9event`: it starts with `9`"],
    );
}

#[test]
fn show_event_reports_every_violation_at_once() {
    let violations =
        show_event_violations(r#"{"id":1,"name":false,"content":null,"last_modified":0.5}"#);
    assert_eq!(violations.len(), 4, "{violations:?}");
}

#[test]
fn show_event_duplicate_key_rule_is_duplicate_key() {
    let body = br#"{"id":"a","name":"b","content":"e30=","content":"e30="}"#;
    let violations = ShowEventResponse::from_json(body)
        .value
        .expect_err("duplicate");
    assert_eq!(violations[0].rule, Rule::DuplicateKey);
    assert_eq!(violations[0].rule.id(), "duplicate-key");
}

#[test]
fn show_event_float_seconds_are_whole_with_drift() {
    let body = br#"{"id":"a","name":"b","content":"e30=","last_modified":1588766718.0}"#;
    let decoded = ShowEventResponse::from_json(body);
    assert_eq!(decoded.value.map(|e| e.last_modified), Ok(Some(1588766718)));
    assert_eq!(decoded.drift.len(), 1);
    assert_eq!(decoded.drift[0].kind, DriftKind::NumberForm);
}

#[test]
fn show_event_float_seconds_drift_reported_once() {
    // A number other than a plain integer makes the decoder read the body a second time.
    let body =
        br#"{"owner":"x","id":"a","name":"b","content":"e30=","last_modified":1588766718.0}"#;
    let kinds: Vec<DriftKind> = ShowEventResponse::from_json(body)
        .drift
        .iter()
        .map(|drift| drift.kind)
        .collect();
    assert_eq!(kinds, [DriftKind::UndocumentedField, DriftKind::NumberForm]);
}

#[test]
fn list_events_float_seconds_drift_names_event() {
    let body = br#"{"count":2,"next_marker":2,"events":[{"id":"a","name":"b","last_modified":1},{"id":"c","name":"d","last_modified":1e9}]}"#;
    let decoded = ListEventsResponse::from_json(body);
    let list = decoded.value.expect("conforming");
    assert_eq!(list.events[1].last_modified, Some(1_000_000_000));
    assert_eq!(decoded.drift.len(), 1);
    assert_eq!(
        decoded.drift[0].location.to_string(),
        "/events/1/last_modified"
    );
}

#[test]
fn show_event_fraction_hidden_by_f64_is_rejected() {
    // As an f64, 1588766718.0000001 rounds to 1588766718.0.
    let body = br#"{"id":"a","name":"b","content":"e30=","last_modified":1588766718.0000001}"#;
    let violations = ShowEventResponse::from_json(body)
        .value
        .expect_err("fraction");
    assert_eq!(violations[0].rule, Rule::WholeSeconds);
}

#[test]
fn show_event_absent_last_modified_is_drift() {
    let body = br#"{"id":"a","name":"b","content":"e30="}"#;
    let decoded = ShowEventResponse::from_json(body);
    assert_eq!(decoded.value.map(|e| e.last_modified), Ok(None));
    assert_eq!(decoded.drift[0].kind, DriftKind::AbsentField);
    assert_eq!(decoded.drift[0].location.to_string(), "/last_modified");
}

#[test]
fn show_event_keeps_undocumented_fields_as_drift() {
    let body = br#"{"id":"a","name":"b","content":"e30=","last_modified":1,"owner":{"x":[1]}}"#;
    let decoded = ShowEventResponse::from_json(body);
    let event = decoded.value.expect("conforming");
    assert_eq!(event.extra.get("owner"), Some(&json!({"x": [1]})));
    assert_eq!(decoded.drift[0].kind, DriftKind::UndocumentedField);
    assert_eq!(decoded.drift[0].location.to_string(), "/owner");
}

#[test]
fn show_event_borrows_unescaped_strings() {
    let body = SHOW_EVENT.as_bytes();
    let event = ShowEventRef::from_json(body).value.expect("conforming");
    assert!(matches!(event.content, std::borrow::Cow::Borrowed(_)));
    let escaped = br#"{"id":"a","name":"b","content":"e30\u003d"}"#;
    let event = ShowEventRef::from_json(escaped).value.expect("conforming");
    assert_eq!(event.content, "e30=");
}

#[test]
fn show_event_serializes_documented_names() {
    let event = ShowEventResponse::from_json(SHOW_EVENT.as_bytes())
        .value
        .expect("conforming");
    let text = serde_json::to_string(&event).expect("serializable");
    assert_eq!(
        text,
        r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","content":"eyJrIjoidiJ9","last_modified":1597374286}"#
    );
}

#[test]
fn deep_nesting_is_a_violation_not_a_crash() {
    let body = format!(
        r#"{{"id":"a","name":"b","content":"e30=","x":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let violations = ShowEventResponse::from_json(body.as_bytes())
        .value
        .expect_err("too deep");
    assert_eq!(violations[0].rule, Rule::InvalidJson);
}

#[test]
fn invalid_utf8_is_a_violation() {
    let body = b"{\"id\":\"\xff\",\"name\":\"b\",\"content\":\"e30=\"}";
    let violations = ShowEventResponse::from_json(body)
        .value
        .expect_err("invalid UTF-8");
    assert_eq!(violations[0].rule, Rule::InvalidJson);
}

#[test]
fn error_body_keeps_request_id_and_details() {
    let body = br#"{"error_code":"FSS.1011","error_msg":"zip: not a valid zip file","details":{"error_msg":"Invalid function code."},"request_id":"r1"}"#;
    let decoded = ErrorBody::from_json(body);
    let error = decoded.value.expect("conforming");
    assert_eq!(error.error_code, "FSS.1011");
    assert_eq!(error.request_id.as_deref(), Some("r1"));
    assert_eq!(
        error.extra.get("details"),
        Some(&json!({"error_msg": "Invalid function code."}))
    );
    assert_eq!(decoded.drift[0].kind, DriftKind::UndocumentedField);
}

#[test]
fn error_body_reads_undocumented_float_exactly() {
    let body = br#"{"error_code":"FSS.1070","error_msg":"The event cannot be found.","k":-3.9941909057774203e18}"#;
    let error = ErrorBody::from_json(body).value.expect("conforming body");
    assert_eq!(error.extra["k"].as_f64(), Some(-3.994_190_905_777_420_3e18));
}

#[test]
fn error_body_undocumented_float_round_trips() {
    // Serializing this number writes `-3.9941909057774203e18`, which must read back as the
    // same float.
    let body = br#"{"error_code":"DQ==","error_msg":"","next_marker":-3994190905777420300.0}"#;
    let error = ErrorBody::from_json(body).value.expect("conforming body");
    let text = serde_json::to_vec(&error).unwrap();
    assert_eq!(ErrorBody::from_json(&text).value, Ok(error));
}

#[test]
fn error_body_requires_code_and_message() {
    let violations = ErrorBody::from_json(br#"{"message":"x"}"#)
        .value
        .expect_err("missing");
    let text: Vec<String> = violations.iter().map(Violation::to_string).collect();
    assert_eq!(
        text,
        [
            "/error_code: expected the required field `error_code`, found none",
            "/error_msg: expected the required field `error_msg`, found none",
        ]
    );
}

#[test]
fn list_events_documented_example_decodes() {
    let body = br#"{"events":[{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286}],"next_marker":1,"count":1}"#;
    let list = ListEventsResponse::from_json(body)
        .value
        .expect("conforming");
    assert_eq!(list.count, 1);
    assert_eq!(list.next_marker, Some(1));
    assert_eq!(list.events[0].name, "event-k9r3");
}

#[test]
fn list_events_legacy_next_marker_is_out_of_range() {
    let body = br#"{"events":[{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286}],"next_marker":2,"count":1}"#;
    let violations = ListEventsResponse::from_json(body)
        .value
        .expect_err("legacy example");
    assert_eq!(
        violations[0].to_string(),
        "/next_marker: expected a next marker of 0 to `count`, found `2` with a count of `1`"
    );
}

#[test]
fn list_events_count_must_match_events() {
    let body = br#"{"events":[],"next_marker":0,"count":1}"#;
    let violations = ListEventsResponse::from_json(body)
        .value
        .expect_err("mismatch");
    assert_eq!(violations[0].rule, Rule::CountMismatch);
}

#[test]
fn list_events_count_beyond_ten_is_rejected() {
    let body = br#"{"events":[],"next_marker":0,"count":11}"#;
    let violations: Vec<String> = ListEventsResponse::from_json(body)
        .value
        .expect_err("count beyond the documented maximum")
        .iter()
        .map(Violation::to_string)
        .collect();
    assert_eq!(
        violations,
        ["/count: expected a whole number of 0 to 10, found `11`"]
    );
}

#[test]
fn list_events_item_pointer_includes_index() {
    let body =
        br#"{"events":[{"id":"a","name":"b"},{"id":5,"name":"c"}],"next_marker":2,"count":2}"#;
    let violations = ListEventsResponse::from_json(body)
        .value
        .expect_err("bad item");
    assert_eq!(
        violations[0].to_string(),
        "/events/1/id: expected a JSON string, found the number `5`"
    );
}

#[test]
fn list_events_body_is_not_a_show_event() {
    let body = br#"{"events":[],"next_marker":0,"count":0}"#;
    let violations = ShowEventResponse::from_json(body)
        .value
        .expect_err("wrong operation");
    assert_eq!(violations.len(), 3);
    assert!(violations.iter().all(|v| v.rule == Rule::RequiredField));
}

#[test]
fn create_request_documented_example_round_trips() {
    let request = CreateEventRequest::new("event-xx", "eyJrIjoidiJ9").expect("documented");
    let decoded = CreateEventRequest::from_json(&request.to_json())
        .value
        .expect("conforming");
    assert_eq!(decoded, request);
}

#[test]
fn update_request_rejects_non_base64() {
    let error = UpdateEventRequest::new("not base64!").expect_err("invalid");
    assert_eq!(error.field(), "content");
}

fn name_strategy() -> impl Strategy<Value = String> {
    "[a-zA-Z]([a-zA-Z0-9_-]{0,23}[a-zA-Z0-9])?"
}

fn extra_strategy() -> impl Strategy<Value = serde_json::Map<String, serde_json::Value>> {
    prop::collection::btree_map("x_[a-z]{1,6}", any::<i64>(), 0..3)
        .prop_map(|map| map.into_iter().map(|(k, v)| (k, json!(v))).collect())
}

/// Valid `content`: padded standard base64 of a small JSON object.
fn content_strategy() -> impl Strategy<Value = String> {
    prop::collection::btree_map("\\PC{0,6}", "\\PC{0,12}", 0..4)
        .prop_map(|document| STANDARD.encode(serde_json::to_vec(&document).expect("serializable")))
}

/// Decodes what serializing `value` gives, with the body's own decoder.
fn round_trip<T: serde::Serialize>(value: &T, decode: fn(&[u8]) -> fgs_model::BodyDecoded<T>) -> T {
    let bytes = serde_json::to_vec(value).expect("serializable");
    decode(&bytes).value.expect("round trip")
}

proptest! {
    #[test]
    fn show_event_serialize_decode_round_trip(
        id in "[0-9a-f-]{1,36}",
        name in name_strategy(),
        content in "\\PC{0,40}",
        last_modified in prop::option::of(0u64..=fgs_model::MAX_EXACT_INTEGER),
        extra in extra_strategy(),
    ) {
        let event = ShowEventResponse { id, name, content, last_modified, extra };
        let bytes = serde_json::to_vec(&event).expect("serializable");
        let decoded = ShowEventResponse::from_json(&bytes).value.expect("round trip");
        prop_assert_eq!(decoded, event);
    }

    #[test]
    fn list_events_serialize_decode_round_trip(
        items in prop::collection::vec((name_strategy(), prop::option::of(0u64..2_000_000_000)), 0..=10),
    ) {
        let events: Vec<fgs_model::EventSummary> = items
            .into_iter()
            .enumerate()
            .map(|(i, (name, last_modified))| fgs_model::EventSummary {
                id: format!("id-{i}"),
                name,
                last_modified,
                extra: serde_json::Map::new(),
            })
            .collect();
        let count = events.len() as u64;
        let list = ListEventsResponse { count, events, next_marker: Some(count), extra: serde_json::Map::new() };
        let bytes = serde_json::to_vec(&list).expect("serializable");
        let decoded = ListEventsResponse::from_json(&bytes).value.expect("round trip");
        prop_assert_eq!(decoded, list);
    }

    #[test]
    fn show_event_ref_serialize_decode_round_trip(
        name in name_strategy(),
        content in "\\PC{0,40}",
        last_modified in prop::option::of(0u64..=fgs_model::MAX_EXACT_INTEGER),
    ) {
        let event = ShowEventRef {
            id: "3b659dc0-12fc-40dc-aa05-a321d9424cb3".into(),
            name: name.into(),
            content: content.into(),
            last_modified,
            extra: serde_json::Map::new(),
        };
        let bytes = serde_json::to_vec(&event).expect("serializable");
        let decoded = ShowEventRef::from_json(&bytes).value.expect("round trip");
        prop_assert_eq!(decoded, event);
    }

    #[test]
    fn create_response_serialize_decode_round_trip(
        id in "\\PC{1,40}",
        name in name_strategy(),
        extra in extra_strategy(),
    ) {
        let response = CreateEventResponse { id, name, extra };
        prop_assert_eq!(round_trip(&response, CreateEventResponse::from_json), response);
    }

    #[test]
    fn update_response_serialize_decode_round_trip(
        id in "\\PC{1,40}",
        name in name_strategy(),
        extra in extra_strategy(),
    ) {
        let response = UpdateEventResponse { id, name, extra };
        prop_assert_eq!(round_trip(&response, UpdateEventResponse::from_json), response);
    }

    #[test]
    fn error_body_serialize_decode_round_trip(
        error_code in "\\PC{0,20}",
        error_msg in "\\PC{0,60}",
        request_id in prop::option::of("[0-9a-f]{32}"),
        extra in extra_strategy(),
    ) {
        let error = ErrorBody { error_code, error_msg, request_id, extra };
        prop_assert_eq!(round_trip(&error, ErrorBody::from_json), error);
    }

    #[test]
    fn create_request_serialize_decode_round_trip(
        name in name_strategy(),
        content in content_strategy(),
    ) {
        let request = CreateEventRequest::new(name, content).expect("valid request");
        let decoded = CreateEventRequest::from_json(&request.to_json()).value.expect("round trip");
        prop_assert_eq!(&decoded, &request);
        prop_assert_eq!(round_trip(&request, CreateEventRequest::from_json), request);
    }

    #[test]
    fn update_request_serialize_decode_round_trip(content in content_strategy()) {
        let request = UpdateEventRequest::new(content).expect("valid request");
        let decoded = UpdateEventRequest::from_json(&request.to_json()).value.expect("round trip");
        prop_assert_eq!(&decoded, &request);
        prop_assert_eq!(round_trip(&request, UpdateEventRequest::from_json), request);
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(body in prop::collection::vec(any::<u8>(), 0..256)) {
        for operation in fgs_model::Operation::ALL {
            for status in [200, 204, 201, 404, 500] {
                let _ = fgs_model::decode_response(operation, status, Some("application/json"), &body);
            }
        }
    }

    #[test]
    fn decoding_json_like_text_never_panics(body in r#"[\[\]{}":,0-9.eE+\-a-z_ \\]{0,80}"#) {
        for operation in fgs_model::Operation::ALL {
            let _ = fgs_model::decode_response(operation, 200, Some("application/json"), body.as_bytes());
        }
    }
}
