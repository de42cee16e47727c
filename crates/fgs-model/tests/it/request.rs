//! Request bodies are checked before anything is sent: the name rule, and `content` under both
//! readings of its documented limit.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fgs_model::request::{MAX_CONTENT_CHARS, MAX_EVENT_DATA_BYTES};
use fgs_model::{
    check_content, ContentLimit, ContentRules, CreateEventRequest, UpdateEventRequest,
};

/// Base64 of the JSON document `{"k":"vvv..."}` that is exactly `bytes` bytes long.
fn content_of_decoded_size(bytes: usize) -> String {
    let document = format!("{{\"k\":\"{}\"}}", "v".repeat(bytes - 8));
    assert_eq!(document.len(), bytes);
    STANDARD.encode(document)
}

fn rules(limit: ContentLimit) -> ContentRules {
    ContentRules {
        limit,
        require_json: true,
    }
}

/// Checks one `content` under both readings: `characters` under the 16384-character limit of the
/// parameter table, `four_kib` under the 4 KB event data limit of `FSS.1069`.
fn check(content: &str, characters: Result<(), &str>, four_kib: Result<(), &str>) {
    let describe = |result: Result<(), fgs_model::RequestError>| result.map_err(|e| e.to_string());
    assert_eq!(
        describe(check_content(
            content,
            rules(ContentLimit::Base64Characters)
        )),
        characters.map_err(str::to_owned),
        "16384-character reading, {} characters",
        content.len()
    );
    assert_eq!(
        describe(check_content(content, rules(ContentLimit::DecodedFourKib))),
        four_kib.map_err(str::to_owned),
        "4 KB reading, {} characters",
        content.len()
    );
}

#[test]
#[rustfmt::skip]
fn content_limit_readings_on_same_input() {
    // 4096 bytes of event data, 5464 characters of base64: within both readings.
    check(&content_of_decoded_size(MAX_EVENT_DATA_BYTES), Ok(()), Ok(()));
    // 4097 bytes, 5464 characters: within 16384 characters, over 4 KB.
    check(
        &content_of_decoded_size(MAX_EVENT_DATA_BYTES + 1),
        Ok(()),
        Err("invalid `content`: expected at most 4096 bytes of event data, found 4097"),
    );
    // 12288 bytes, exactly 16384 characters: the largest content of the first reading.
    check(
        &content_of_decoded_size(12288),
        Ok(()),
        Err("invalid `content`: expected at most 4096 bytes of event data, found 12288"),
    );
    // 12291 bytes, 16388 characters: over both.
    check(
        &content_of_decoded_size(12291),
        Err("invalid `content`: expected 4 to 16384 characters of base64, found 16388"),
        Err("invalid `content`: expected at most 4096 bytes of event data, found 12291"),
    );
    // Below the documented minimum of 4 characters under both.
    check(
        "e30",
        Err("invalid `content`: expected 4 to 16384 characters of base64, found 3"),
        Err("invalid `content`: expected at least 4 characters of base64, found 3"),
    );
}

#[test]
fn content_largest_first_reading_is_16384_characters() {
    assert_eq!(content_of_decoded_size(12288).len(), MAX_CONTENT_CHARS);
}

#[test]
fn content_limit_default_is_16384_characters() {
    assert_eq!(ContentLimit::default(), ContentLimit::Base64Characters);
    assert_eq!(
        ContentRules::default().limit,
        ContentLimit::Base64Characters
    );
}

#[test]
#[rustfmt::skip]
fn create_request_rejects_before_sending() {
    let check = |name: &str, content: &str, field: &str| {
        let error = CreateEventRequest::new(name, content).expect_err("invalid request");
        assert_eq!(error.field(), field, "name {name:?} content {content:?}: {error}");
    };
    check("", "eyJrIjoidiJ9", "name");
    check("abcdefghijklmnopqrstuvwxyz", "eyJrIjoidiJ9", "name");
    check("fgsc-", "eyJrIjoidiJ9", "name");
    check("fgsc-ab!cdefgh", "eyJrIjoidiJ9", "name");
    check("event-xx", "not base64!", "content");
    check("event-xx", "eyJrIjoidiJ9fQ", "content");
    check("event-xx", &"A".repeat(MAX_CONTENT_CHARS + 4), "content");
}

#[test]
fn create_request_name_length_bounds() {
    assert!(CreateEventRequest::new("a", "eyJrIjoidiJ9").is_ok());
    assert!(CreateEventRequest::new("a".repeat(25), "eyJrIjoidiJ9").is_ok());
}

#[test]
fn update_request_rejects_over_limit_content() {
    let error = UpdateEventRequest::new("A".repeat(MAX_CONTENT_CHARS + 4)).expect_err("too long");
    assert_eq!(
        error.to_string(),
        "invalid `content`: expected 4 to 16384 characters of base64, found 16388"
    );
}

#[test]
fn create_request_decoding_checks_name_rule() {
    let body = br#"{"name":"9event","content":"eyJrIjoidiJ9"}"#;
    let violations = CreateEventRequest::from_json(body)
        .value
        .expect_err("invalid name");
    assert_eq!(violations[0].to_string(), "/name: expected a name of 1 to 25 letters, digits, `_` or `-` that starts with a letter and ends with a letter or digit, found `9event`: it starts with `9`");
}
