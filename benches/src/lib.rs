//! Inputs and baseline decoders for the fgs-model benchmarks.
//!
//! The criterion benchmarks in `benches/model.rs` and the `peer_show_event` example share these
//! inputs, so every variant of an operation decodes the same bytes. The tests below check that
//! each input is one the contract accepts, so a benchmark never measures a rejection path.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The documented ShowEvent 200 example body, without the spaces the example page puts around
/// `:` and inside the braces. Its `content` is masked with `*` in the documentation, so it is
/// not valid base64, and ShowEvent decoding leaves `content` undecoded.
pub const DOCUMENTED_SHOW_EVENT: &[u8] = br#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286,"content":"ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****"}"#;

/// The documented ShowEvent example with `last_modified` written as `1588766718.0`, as another
/// source of the documentation prints it. A number that is not a plain integer makes the
/// contract decoder read the body a second time.
pub const FLOAT_SECONDS_SHOW_EVENT: &[u8] = br#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1588766718.0,"content":"ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****"}"#;

/// A documented FunctionGraph error body.
pub const DOCUMENTED_ERROR: &[u8] =
    br#"{"error_code":"FSS.1051","error_msg":"Not found the function"}"#;

/// The project id of the SDK signing vectors.
pub const PROJECT_ID: &str = "46b6f338fc3445b8846c71dfb1fbd9e8";

/// A qualified function URN in the documented 8-field form.
pub const FUNCTION_URN: &str =
    "urn:fss:cn-north-4:46b6f338fc3445b8846c71dfb1fbd9e8:function:default:test:latest";

/// The documented example event id.
pub const EVENT_ID: &str = "3b659dc0-12fc-40dc-aa05-a321d9424cb3";

/// The ShowEvent request target with raw colons in the URN, as the Go SDK sends it.
pub const SHOW_EVENT_PATH_RAW: &str = "/v2/46b6f338fc3445b8846c71dfb1fbd9e8/fgs/functions/urn:fss:cn-north-4:46b6f338fc3445b8846c71dfb1fbd9e8:function:default:test:latest/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3";

/// The ShowEvent request target with colons as `%3A`, as the Python SDK sends it.
pub const SHOW_EVENT_PATH_PERCENT: &str = "/v2/46b6f338fc3445b8846c71dfb1fbd9e8/fgs/functions/urn%3Afss%3Acn-north-4%3A46b6f338fc3445b8846c71dfb1fbd9e8%3Afunction%3Adefault%3Atest%3Alatest/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3";

/// Text repeated to fill generated `content` documents: ASCII with no JSON escapes.
const FILLER: &str = "lorem ipsum dolor sit amet, consectetur adipiscing elit. ";

/// Builds a test event `content` of `length` base64 characters, rounded up to a multiple of 4
/// and at least 16: padded standard base64 of the JSON document `{"body":"..."}`.
pub fn content_of_length(length: usize) -> String {
    let length = length.max(16).next_multiple_of(4);
    let document_length = length / 4 * 3;
    let prefix = r#"{"body":""#;
    let suffix = r#""}"#;
    let filler_length = document_length - prefix.len() - suffix.len();

    let mut document = String::with_capacity(document_length);
    document.push_str(prefix);
    document.extend(FILLER.chars().cycle().take(filler_length));
    document.push_str(suffix);
    STANDARD.encode(document)
}

/// Builds a ShowEvent 200 body with the documented id, name and time and the given `content`.
pub fn show_event_body(content: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "id": EVENT_ID,
        "name": "event-k9r3",
        "last_modified": 1597374286u64,
        "content": content,
    });
    body.to_string().into_bytes()
}

/// Builds a ListEvents 200 body with `count` events, each with a distinct id and name.
pub fn list_events_body(count: usize) -> Vec<u8> {
    let events: Vec<serde_json::Value> = (0..count)
        .map(|index| {
            serde_json::json!({
                "id": format!("3b659dc0-12fc-40dc-aa05-a321d9424c{index:02x}"),
                "name": format!("event-k9r{index}"),
                "last_modified": 1597374286u64 + index as u64,
            })
        })
        .collect();
    let body = serde_json::json!({
        "events": events,
        "next_marker": count,
        "count": count,
    });
    body.to_string().into_bytes()
}

/// Returns the headers of the ShowEvent request in the Python SDK's signing vectors.
pub fn show_event_request_headers() -> [(&'static str, &'static str); 3] {
    [
        ("Content-Type", "application/json"),
        ("Host", "functiongraph.cn-north-4.myhuaweicloud.com"),
        ("X-Project-Id", PROJECT_ID),
    ]
}

/// Plain serde models with no contract checks: owned `String`s and `f64` numbers, as a
/// generated client would declare them. Unknown fields are ignored and absent ones are errors.
pub mod plain {
    use serde::Deserialize;

    /// The ShowEvent 200 body.
    #[derive(Debug, Deserialize)]
    pub struct ShowEvent {
        pub id: String,
        pub name: String,
        pub last_modified: f64,
        pub content: String,
    }

    /// One event of a ListEvents 200 body.
    #[derive(Debug, Deserialize)]
    pub struct EventSummary {
        pub id: String,
        pub name: String,
        pub last_modified: f64,
    }

    /// The ListEvents 200 body.
    #[derive(Debug, Deserialize)]
    pub struct ListEvents {
        pub count: f64,
        pub events: Vec<EventSummary>,
        pub next_marker: f64,
    }

    /// The error body.
    #[derive(Debug, Deserialize)]
    pub struct ErrorBody {
        pub error_code: String,
        pub error_msg: String,
    }

    /// The JSON document inside a generated test event `content`.
    #[derive(Debug, Deserialize)]
    pub struct Content {
        pub body: String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fgs_model::secret::Secret;
    use fgs_model::sign::{sign, Credentials, HeaderSelection, HttpRequest, SdkDate};
    use fgs_model::{ColonEncoding, EventsPath, ListEventsResponse, ShowEventResponse};

    #[test]
    fn documented_show_event_decodes() {
        let decoded = ShowEventResponse::from_json(DOCUMENTED_SHOW_EVENT);
        assert_eq!(decoded.drift, vec![]);
        let event = decoded.value.unwrap_or_else(|found| panic!("{found:?}"));
        assert_eq!(event.last_modified, Some(1597374286));
    }

    #[test]
    fn float_seconds_show_event_decodes_with_drift() {
        let decoded = ShowEventResponse::from_json(FLOAT_SECONDS_SHOW_EVENT);
        assert_eq!(decoded.drift.len(), 1);
        let event = decoded.value.unwrap_or_else(|found| panic!("{found:?}"));
        assert_eq!(event.last_modified, Some(1588766718));
    }

    #[test]
    fn generated_content_has_exact_length() {
        for length in [16, 4096, 16 * 1024, 1024 * 1024] {
            assert_eq!(content_of_length(length).len(), length);
        }
    }

    #[test]
    fn generated_content_decodes_to_json() {
        let content = content_of_length(16 * 1024);
        let document =
            fgs_model::decode_content(&content).unwrap_or_else(|error| panic!("{error}"));
        assert!(document["body"]
            .as_str()
            .is_some_and(|body| body.len() > 12_000));
    }

    #[test]
    fn generated_show_event_conforms() {
        let body = show_event_body(&content_of_length(4096));
        let decoded = ShowEventResponse::from_json(&body);
        assert_eq!(decoded.drift, vec![]);
        assert!(decoded.value.is_ok(), "{:?}", decoded.value);
    }

    #[test]
    fn generated_list_events_conforms() {
        let body = list_events_body(10);
        let decoded = ListEventsResponse::from_json(&body);
        assert_eq!(decoded.drift, vec![]);
        let list = decoded.value.unwrap_or_else(|found| panic!("{found:?}"));
        assert_eq!(list.count, 10);
        assert_eq!(list.events.len(), 10);
    }

    #[test]
    fn show_event_paths_parse_equal() {
        let raw = EventsPath::parse(SHOW_EVENT_PATH_RAW).unwrap_or_else(|error| panic!("{error}"));
        let percent =
            EventsPath::parse(SHOW_EVENT_PATH_PERCENT).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(raw, percent);
        assert_eq!(raw.function_urn().as_str(), FUNCTION_URN);
        assert_eq!(raw.render(ColonEncoding::Raw), SHOW_EVENT_PATH_RAW);
        assert_eq!(raw.render(ColonEncoding::Percent), SHOW_EVENT_PATH_PERCENT);
    }

    #[test]
    fn show_event_signature_matches_sdk() {
        let secret_key = Secret::from("SecretKey");
        let credentials = Credentials {
            access_key: "AccessKey",
            secret_key: &secret_key,
            security_token: None,
        };
        let headers = show_event_request_headers();
        let request = HttpRequest {
            method: "GET",
            target: SHOW_EVENT_PATH_PERCENT,
            headers: &headers,
            body: b"",
        };
        let date = SdkDate::parse("20240101T000000Z").unwrap_or_else(|error| panic!("{error}"));
        let signed = sign(&request, &credentials, date, HeaderSelection::default())
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            signed.authorization().signature(),
            "b363cf68a485a2d9c11a401aa11bf5375148c35886c110950219d63638a130ee"
        );
    }
}
