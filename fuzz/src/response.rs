//! Responses to decode and the properties every decoder target checks.
//!
//! `decode_response` must agree with the per-body `from_json` it is built on, apart from the
//! fields that another operation's success body documents. Every `Violations` outcome must list
//! at least one violation, and a decoded body must serialize to JSON that decodes to an equal
//! value and serializes to the same bytes.

use std::fmt::Debug;

use arbitrary::Arbitrary;
use fgs_model::decode::DOCUMENTED_ERROR_STATUSES;
use fgs_model::{
    decode_response, BodyDecoded, CreateEventResponse, Decoded, Drift, ErrorBody,
    ListEventsResponse, Location, Operation, Outcome, Response, Rule, ShowEventResponse,
    UpdateEventResponse, Violation,
};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::json::Body;

/// A response: status code, Content-Type header and body.
#[derive(Arbitrary, Clone, Debug)]
pub struct ResponseInput {
    pub status: Status,
    pub content_type: ContentType,
    pub body: Body,
}

/// An error response for one operation.
#[derive(Arbitrary, Clone, Debug)]
pub struct ErrorInput {
    /// Picks one of [`Operation::ALL`].
    pub operation: u8,
    /// Picks a documented error status (0 to 199), or a status from 400 to 599.
    pub status: u8,
    pub content_type: ContentType,
    pub body: Body,
}

const DOCUMENTED_ERROR_STATUSES_IN_ORDER: [u16; 5] = [400, 401, 403, 404, 500];

impl ErrorInput {
    /// Returns the operation.
    pub fn operation(&self) -> Operation {
        Operation::ALL[usize::from(self.operation) % Operation::ALL.len()]
    }

    /// Returns the status code, 400 to 599.
    pub fn status(&self) -> u16 {
        match self.status {
            0..=199 => {
                let index = usize::from(self.status) % DOCUMENTED_ERROR_STATUSES_IN_ORDER.len();
                DOCUMENTED_ERROR_STATUSES_IN_ORDER[index]
            }
            other => 400 + (u16::from(other - 200) * 37) % 200,
        }
    }
}

/// A status code: the operation's success status, a documented one, or any.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Status {
    Success,
    Documented(u8),
    Any(u16),
}

const DOCUMENTED_STATUSES: [u16; 7] = [200, 204, 400, 401, 403, 404, 500];

impl Status {
    /// Returns the status code for `operation`.
    pub fn code(self, operation: Operation) -> u16 {
        match self {
            Status::Success => operation.success_status(),
            Status::Documented(index) => {
                DOCUMENTED_STATUSES[usize::from(index) % DOCUMENTED_STATUSES.len()]
            }
            Status::Any(code) => code,
        }
    }
}

/// A Content-Type header value, or its absence.
#[derive(Arbitrary, Clone, Debug)]
pub enum ContentType {
    Json,
    JsonUtf8,
    JsonQuotedCharset,
    UpperCase,
    Latin1,
    TextPlain,
    Absent,
    Free(String),
}

impl ContentType {
    /// Returns the header value, or `None` for an absent header.
    pub fn header(&self) -> Option<String> {
        let value = match self {
            ContentType::Json => "application/json",
            ContentType::JsonUtf8 => "application/json;charset=utf-8",
            ContentType::JsonQuotedCharset => "application/json; charset=\"UTF-8\"",
            ContentType::UpperCase => "APPLICATION/JSON",
            ContentType::Latin1 => "application/json; charset=iso-8859-1",
            ContentType::TextPlain => "text/plain",
            ContentType::Absent => return None,
            ContentType::Free(text) => text,
        };
        Some(value.to_owned())
    }
}

/// A documented success body with its decoder.
pub trait SuccessBody: Serialize + PartialEq + Debug + Clone + Sized {
    /// The operation whose success response carries this body.
    const OPERATION: Operation;
    /// Decodes the body strictly.
    fn from_json(body: &[u8]) -> BodyDecoded<Self>;
    /// Wraps the body in the operation's [`Response`].
    fn into_response(self) -> Response;
    /// Returns the undocumented fields.
    fn extra(&self) -> &Map<String, Value>;
}

macro_rules! success_body {
    ($body:ty, $operation:ident) => {
        impl SuccessBody for $body {
            const OPERATION: Operation = Operation::$operation;

            fn from_json(body: &[u8]) -> BodyDecoded<Self> {
                <$body>::from_json(body)
            }

            fn into_response(self) -> Response {
                Response::$operation(self)
            }

            fn extra(&self) -> &Map<String, Value> {
                &self.extra
            }
        }
    };
}

success_body!(ListEventsResponse, ListEvents);
success_body!(CreateEventResponse, CreateEvent);
success_body!(ShowEventResponse, ShowEvent);
success_body!(UpdateEventResponse, UpdateEvent);

/// Decodes `input` as a response of `B::OPERATION` and checks every property.
pub fn check_success_operation<B: SuccessBody>(input: &ResponseInput) {
    let operation = B::OPERATION;
    let status = input.status.code(operation);
    let content_type = input.content_type.header();
    let body = input.body.to_bytes();
    let decoded = decode_response(operation, status, content_type.as_deref(), &body);
    check_outcome(operation, status, &decoded);

    if status >= 400 {
        check_error_agreement(&decoded, &body);
        return;
    }
    let own = B::from_json(&body);
    let expected = own.value.clone().map(B::into_response);
    let foreign = own
        .value
        .as_ref()
        .map(|value| foreign_field_pointers(operation, value.extra()))
        .unwrap_or_default();
    check_body_agreement(&decoded, &expected, &own.drift, &foreign);
    if let Ok(value) = &own.value {
        check_round_trip(value, B::from_json);
        if !foreign.is_empty() {
            return;
        }
        let text = serde_json::to_vec(value).expect("a decoded body serializes");
        let again = decode_response(
            operation,
            operation.success_status(),
            Some("application/json"),
            &text,
        );
        assert_eq!(
            again.outcome,
            Outcome::Success(value.clone().into_response()),
            "serialized {}",
            String::from_utf8_lossy(&text)
        );
    }
}

/// Decodes `input` as a DeleteEvent response and checks every property.
pub fn check_delete_operation(input: &ResponseInput) {
    let operation = Operation::DeleteEvent;
    let status = input.status.code(operation);
    let content_type = input.content_type.header();
    let body = input.body.to_bytes();
    let decoded = decode_response(operation, status, content_type.as_deref(), &body);
    check_outcome(operation, status, &decoded);

    if status >= 400 {
        check_error_agreement(&decoded, &body);
        return;
    }
    // A success body must be empty, whatever the Content-Type header is.
    let has_empty_body_violation = decoded
        .violations()
        .iter()
        .any(|violation| violation.rule == Rule::EmptyBody);
    assert_eq!(has_empty_body_violation, !body.is_empty(), "{decoded:?}");
    let is_success = matches!(decoded.outcome, Outcome::Success(Response::DeleteEvent));
    assert_eq!(is_success, status == 204 && body.is_empty(), "{decoded:?}");
}

/// Decodes `body` as a response of `operation` with an error status and checks it against
/// `ErrorBody::from_json`.
pub fn check_error_operation(
    operation: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) {
    assert!(status >= 400, "status {status} is not an error status");
    let decoded = decode_response(operation, status, content_type, body);
    check_outcome(operation, status, &decoded);
    check_error_agreement(&decoded, body);
}

/// Checks the properties every decoded response has, whatever the operation.
fn check_outcome(operation: Operation, status: u16, decoded: &Decoded) {
    match &decoded.outcome {
        Outcome::Success(response) => {
            assert_eq!(status, operation.success_status(), "{decoded:?}");
            assert_eq!(response_operation(response), operation, "{decoded:?}");
        }
        Outcome::Error(_) => {
            assert!(DOCUMENTED_ERROR_STATUSES.contains(&status), "{decoded:?}");
        }
        Outcome::Violations(violations) => {
            assert!(!violations.is_empty(), "no violation listed: {decoded:?}");
        }
    }

    if !operation.documents_status(status) {
        let first = decoded.violations().first();
        assert!(
            first.is_some_and(|violation| violation.location == Location::Status),
            "undocumented status {status} not reported first: {decoded:?}"
        );
    }

    for violation in decoded.violations() {
        assert!(!violation.to_string().is_empty());
        assert!(!violation.rule.id().is_empty());
    }
    for drift in &decoded.drift {
        assert!(!drift.to_string().is_empty());
    }
    serde_json::to_string(decoded.violations()).expect("violations serialize");
    serde_json::to_string(&decoded.drift).expect("drift serializes");
}

fn response_operation(response: &Response) -> Operation {
    match response {
        Response::ListEvents(_) => Operation::ListEvents,
        Response::CreateEvent(_) => Operation::CreateEvent,
        Response::ShowEvent(_) => Operation::ShowEvent,
        Response::UpdateEvent(_) => Operation::UpdateEvent,
        Response::DeleteEvent => Operation::DeleteEvent,
    }
}

fn body_violations(decoded: &Decoded) -> Vec<Violation> {
    decoded
        .violations()
        .iter()
        .filter(|violation| matches!(violation.location, Location::Body(_)))
        .cloned()
        .collect()
}

fn has_status_or_header_violation(decoded: &Decoded) -> bool {
    decoded
        .violations()
        .iter()
        .any(|violation| !matches!(violation.location, Location::Body(_)))
}

/// The fields each success body documents, by operation, as the API reference lists them.
const DOCUMENTED_FIELDS: [(Operation, &[&str]); 4] = [
    (Operation::ListEvents, &["count", "events", "next_marker"]),
    (Operation::CreateEvent, &["id", "name"]),
    (
        Operation::ShowEvent,
        &["id", "name", "content", "last_modified"],
    ),
    (Operation::UpdateEvent, &["id", "name"]),
];

/// Returns the JSON pointers of the undocumented fields in `extra` that another operation's
/// success body documents, in the order of `extra`.
fn foreign_field_pointers(operation: Operation, extra: &Map<String, Value>) -> Vec<String> {
    let documents = |candidate: Operation, key: &str| {
        DOCUMENTED_FIELDS
            .iter()
            .any(|(documented, fields)| *documented == candidate && fields.contains(&key))
    };
    extra
        .keys()
        .filter(|key| {
            !documents(operation, key)
                && Operation::ALL
                    .into_iter()
                    .any(|other| documents(other, key))
        })
        .map(|key| format!("/{}", key.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// Checks that a success-status decode reports exactly what the body decoder reports, plus a
/// `foreign-field` violation in place of the drift at each of `foreign`, and that it succeeds
/// exactly when the body decodes, has no foreign field, and the status and Content-Type conform.
fn check_body_agreement(
    decoded: &Decoded,
    expected: &Result<Response, Vec<Violation>>,
    drift: &[Drift],
    foreign: &[String],
) {
    let (foreign_violations, other_violations): (Vec<Violation>, Vec<Violation>) =
        body_violations(decoded)
            .into_iter()
            .partition(|violation| violation.rule == Rule::ForeignField);
    let expected_violations = expected.as_ref().err().cloned().unwrap_or_default();
    assert_eq!(other_violations, expected_violations, "{decoded:?}");

    let foreign_locations: Vec<Location> = foreign_violations
        .iter()
        .map(|violation| violation.location.clone())
        .collect();
    let expected_locations: Vec<Location> = foreign.iter().map(Location::body).collect();
    assert_eq!(foreign_locations, expected_locations, "{decoded:?}");

    let expected_drift: Vec<Drift> = drift
        .iter()
        .filter(|entry| !expected_locations.contains(&entry.location))
        .cloned()
        .collect();
    assert_eq!(decoded.drift, expected_drift, "{decoded:?}");

    match (&decoded.outcome, expected) {
        (Outcome::Success(response), Ok(value)) => {
            assert!(foreign.is_empty(), "{decoded:?}");
            assert_eq!(response, value);
        }
        (Outcome::Violations(_), Ok(_)) => {
            let has_other_violation = has_status_or_header_violation(decoded);
            assert!(has_other_violation || !foreign.is_empty(), "{decoded:?}");
        }
        (Outcome::Violations(_), Err(_)) => {}
        (outcome, expected) => panic!("decoded {outcome:?}, body decoder gave {expected:?}"),
    }
}

/// Checks that an error-status decode reports what `ErrorBody::from_json` reports, plus at
/// most one finding about the error code, and that a decoded error body round-trips.
fn check_error_agreement(decoded: &Decoded, body: &[u8]) {
    let own = ErrorBody::from_json(body);
    let expected_violations = own.value.as_ref().err().cloned().unwrap_or_default();
    assert_eq!(body_violations(decoded), expected_violations, "{decoded:?}");
    assert!(decoded.drift.starts_with(&own.drift), "{decoded:?}");
    assert!(decoded.drift.len() <= own.drift.len() + 1, "{decoded:?}");
    match (&decoded.outcome, &own.value) {
        (Outcome::Error(error), Ok(value)) => assert_eq!(error, value),
        (Outcome::Violations(_), Ok(_)) => {
            assert!(has_status_or_header_violation(decoded), "{decoded:?}");
        }
        (Outcome::Violations(_), Err(_)) => {}
        (outcome, expected) => panic!("decoded {outcome:?}, error body decoder gave {expected:?}"),
    }
    if let Ok(value) = &own.value {
        check_round_trip(value, ErrorBody::from_json);
    }
}

/// Checks that `value` serializes to JSON that decodes to an equal value and serializes to
/// the same bytes again.
pub fn check_round_trip<B: Serialize + PartialEq + Debug>(
    value: &B,
    decode: impl Fn(&[u8]) -> BodyDecoded<B>,
) {
    let text = serde_json::to_vec(value).expect("a decoded body serializes");
    let again = match decode(&text).value {
        Ok(again) => again,
        Err(violations) => panic!(
            "serialized {} does not decode: {violations:?}",
            String::from_utf8_lossy(&text)
        ),
    };
    assert_eq!(
        &again,
        value,
        "serialized {}",
        String::from_utf8_lossy(&text)
    );
    let text_again = serde_json::to_vec(&again).expect("a decoded body serializes");
    assert_eq!(
        String::from_utf8_lossy(&text_again),
        String::from_utf8_lossy(&text)
    );
}
