//! Decoding a whole response of one operation: status code, Content-Type and body.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::bodies::{
    BodyDecoded, CreateEventResponse, ErrorBody, ListEventsResponse, ShowEventResponse,
    UpdateEventResponse,
};
use crate::catalog;
use crate::violation::{quote, Drift, DriftKind, Location, Rule, Violation};

/// The status codes every operation documents for errors.
pub const DOCUMENTED_ERROR_STATUSES: [u16; 5] = [400, 401, 403, 404, 500];

/// One of the five test-event operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "&'static str")]
pub enum Operation {
    /// `GET .../events`
    ListEvents,
    /// `POST .../events`
    CreateEvent,
    /// `GET .../events/{event_id}`
    ShowEvent,
    /// `PUT .../events/{event_id}`
    UpdateEvent,
    /// `DELETE .../events/{event_id}`
    DeleteEvent,
}

impl Operation {
    /// Every operation, in the order of the API reference.
    pub const ALL: [Operation; 5] = [
        Operation::ListEvents,
        Operation::CreateEvent,
        Operation::ShowEvent,
        Operation::UpdateEvent,
        Operation::DeleteEvent,
    ];

    /// Returns the command-line name, such as `show-event`.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::ListEvents => "list-events",
            Operation::CreateEvent => "create-event",
            Operation::ShowEvent => "show-event",
            Operation::UpdateEvent => "update-event",
            Operation::DeleteEvent => "delete-event",
        }
    }

    /// Returns the name the official SDKs use, such as `ShowEvent`.
    pub fn sdk_name(self) -> &'static str {
        match self {
            Operation::ListEvents => "ListEvents",
            Operation::CreateEvent => "CreateEvent",
            Operation::ShowEvent => "ShowEvent",
            Operation::UpdateEvent => "UpdateEvent",
            Operation::DeleteEvent => "DeleteEvent",
        }
    }

    /// Returns the HTTP method.
    pub fn method(self) -> &'static str {
        match self {
            Operation::ListEvents | Operation::ShowEvent => "GET",
            Operation::CreateEvent => "POST",
            Operation::UpdateEvent => "PUT",
            Operation::DeleteEvent => "DELETE",
        }
    }

    /// Returns whether the path ends in `/{event_id}`.
    pub fn has_event_id(self) -> bool {
        matches!(
            self,
            Operation::ShowEvent | Operation::UpdateEvent | Operation::DeleteEvent
        )
    }

    /// Returns the documented success status: 204 for DeleteEvent, 200 for the others.
    pub fn success_status(self) -> u16 {
        match self {
            Operation::DeleteEvent => 204,
            _ => 200,
        }
    }

    /// Returns whether the operation documents `status`.
    pub fn documents_status(self, status: u16) -> bool {
        status == self.success_status() || DOCUMENTED_ERROR_STATUSES.contains(&status)
    }
}

impl From<Operation> for &'static str {
    fn from(operation: Operation) -> Self {
        operation.as_str()
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An operation name that is not one of the five.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown operation `{0}`: expected one of `list-events`, `create-event`, `show-event`, `update-event`, `delete-event`")]
pub struct UnknownOperation(String);

impl FromStr for Operation {
    type Err = UnknownOperation;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Operation::ALL
            .into_iter()
            .find(|operation| operation.as_str() == name || operation.sdk_name() == name)
            .ok_or_else(|| UnknownOperation(name.to_owned()))
    }
}

/// The typed success body of an operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Response {
    /// A ListEvents 200 body.
    ListEvents(ListEventsResponse),
    /// A CreateEvent 200 body.
    CreateEvent(CreateEventResponse),
    /// A ShowEvent 200 body.
    ShowEvent(ShowEventResponse),
    /// An UpdateEvent 200 body.
    UpdateEvent(UpdateEventResponse),
    /// A DeleteEvent 204 response, which has no body.
    DeleteEvent,
}

/// The kind of a decoded response.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The documented success status with a conforming body.
    Success(Response),
    /// A documented error status with a conforming error body.
    Error(ErrorBody),
    /// Every documented rule the response breaks.
    Violations(Vec<Violation>),
}

/// A decoded response: its outcome and the drift found along the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The typed value, the typed error body, or the violations.
    pub outcome: Outcome,
    /// Differences from the documentation that break no rule; reported with any outcome.
    pub drift: Vec<Drift>,
}

impl Decoded {
    /// Returns the violations, or none when the response conforms.
    pub fn violations(&self) -> &[Violation] {
        match &self.outcome {
            Outcome::Violations(violations) => violations,
            _ => &[],
        }
    }
}

/// Decodes a response of `operation` by its status code, Content-Type header and body.
///
/// The documented success status decodes the success body, and 400, 401, 403, 404 and 500
/// decode the error body. Any other status is itself a violation. Its body is then checked as
/// an error body (4xx and 5xx) or a success body (anything else), so that nothing it contains
/// goes unreported.
/// A body must be labelled `application/json`, except the empty body of DeleteEvent's 204.
///
/// # Examples
///
/// ```
/// use fgs_model::{decode_response, Operation, Outcome};
///
/// let body = br#"{"error_code":"FSS.1070","error_msg":"The event cannot be found."}"#;
/// let decoded = decode_response(Operation::ShowEvent, 404, Some("application/json"), body);
/// match decoded.outcome {
///     Outcome::Error(error) => assert_eq!(error.error_code, "FSS.1070"),
///     other => panic!("expected an error body, found {other:?}"),
/// }
/// ```
pub fn decode_response(
    operation: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Decoded {
    let mut violations = Vec::new();
    let mut drift = Vec::new();

    let documented = operation.documents_status(status);
    if !documented {
        violations.push(Violation::new(
            Location::Status,
            Rule::UndocumentedStatus,
            documented_statuses(operation),
            format!("`{status}`"),
        ));
    }

    let is_error = status >= 400;
    let is_empty_success = !is_error && operation == Operation::DeleteEvent;
    if is_empty_success {
        if !body.is_empty() {
            violations.push(Violation::new(
                Location::body(""),
                Rule::EmptyBody,
                "an empty body",
                format!("{} bytes", body.len()),
            ));
        }
        return finish(Some(Response::DeleteEvent), violations, drift);
    }

    check_content_type(content_type, &mut violations);

    if is_error {
        let decoded = ErrorBody::from_json(body);
        drift.extend(decoded.drift);
        match decoded.value {
            Ok(error) => {
                check_error_code(&error.error_code, status, &mut drift);
                if violations.is_empty() {
                    return Decoded {
                        outcome: Outcome::Error(error),
                        drift,
                    };
                }
            }
            Err(found) => violations.extend(found),
        }
        return finish(None, violations, drift);
    }

    let response = decode_success(operation, body, &mut violations, &mut drift);
    if let Some(response) = &response {
        check_foreign_fields(operation, response, &mut violations, &mut drift);
    }
    finish(response, violations, drift)
}

fn finish(response: Option<Response>, violations: Vec<Violation>, drift: Vec<Drift>) -> Decoded {
    let outcome = match response {
        Some(response) if violations.is_empty() => Outcome::Success(response),
        _ => Outcome::Violations(violations),
    };
    Decoded { outcome, drift }
}

fn decode_success(
    operation: Operation,
    body: &[u8],
    violations: &mut Vec<Violation>,
    drift: &mut Vec<Drift>,
) -> Option<Response> {
    fn take<T>(
        decoded: BodyDecoded<T>,
        violations: &mut Vec<Violation>,
        drift: &mut Vec<Drift>,
    ) -> Option<T> {
        drift.extend(decoded.drift);
        decoded.value.map_err(|found| violations.extend(found)).ok()
    }

    match operation {
        Operation::ListEvents => {
            take(ListEventsResponse::from_json(body), violations, drift).map(Response::ListEvents)
        }
        Operation::CreateEvent => {
            take(CreateEventResponse::from_json(body), violations, drift).map(Response::CreateEvent)
        }
        Operation::ShowEvent => {
            take(ShowEventResponse::from_json(body), violations, drift).map(Response::ShowEvent)
        }
        Operation::UpdateEvent => {
            take(UpdateEventResponse::from_json(body), violations, drift).map(Response::UpdateEvent)
        }
        Operation::DeleteEvent => Some(Response::DeleteEvent),
    }
}

/// Returns the fields the success body of `operation` documents; DeleteEvent has no body.
fn documented_fields(operation: Operation) -> &'static [&'static str] {
    match operation {
        Operation::ListEvents => &["count", "events", "next_marker"],
        Operation::ShowEvent => &["id", "name", "content", "last_modified"],
        Operation::CreateEvent | Operation::UpdateEvent => &["id", "name"],
        Operation::DeleteEvent => &[],
    }
}

/// Reports an undocumented field of a success body as a violation when another operation's
/// success body documents it. A ShowEvent body is then not taken for a CreateEvent response
/// with extra fields. The field's drift entry is removed, because the violation replaces it.
///
/// NOTE: CreateEvent and UpdateEvent document the same `{id, name}` body, so their bodies cannot
/// be distinguished.
fn check_foreign_fields(
    operation: Operation,
    response: &Response,
    violations: &mut Vec<Violation>,
    drift: &mut Vec<Drift>,
) {
    let extra = match response {
        Response::ListEvents(list) => &list.extra,
        Response::CreateEvent(created) => &created.extra,
        Response::ShowEvent(event) => &event.extra,
        Response::UpdateEvent(updated) => &updated.extra,
        Response::DeleteEvent => return,
    };
    let own = documented_fields(operation);
    for key in extra.keys() {
        let Some(other) = Operation::ALL.into_iter().find(|other| {
            !own.contains(&key.as_str()) && documented_fields(*other).contains(&key.as_str())
        }) else {
            continue;
        };
        let location = Location::body(crate::violation::push_pointer("", key));
        drift.retain(|entry| entry.location != location);
        violations.push(Violation::new(
            location,
            Rule::ForeignField,
            format!("only the fields {} documents", operation.sdk_name()),
            format!("`{key}`, a field of the {} response", other.sdk_name()),
        ));
    }
}

fn documented_statuses(operation: Operation) -> String {
    format!(
        "one of the documented statuses {}, 400, 401, 403, 404, 500",
        operation.success_status()
    )
}

/// Checks that a Content-Type header names `application/json`; parameters such as
/// `charset=utf-8` are allowed, other charsets are not.
fn check_content_type(content_type: Option<&str>, violations: &mut Vec<Violation>) {
    let expected = "`application/json`";
    let Some(value) = content_type else {
        violations.push(Violation::new(
            Location::Header("content-type"),
            Rule::ContentType,
            expected,
            "no Content-Type header",
        ));
        return;
    };
    let mut parts = value.split(';');
    let media_type = parts.next().unwrap_or_default().trim();
    let charset_ok = parts.all(|parameter| {
        let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
        !name.trim().eq_ignore_ascii_case("charset")
            || value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            || value.trim().trim_matches('"').eq_ignore_ascii_case("utf8")
    });
    if !media_type.eq_ignore_ascii_case("application/json") || !charset_ok {
        violations.push(Violation::new(
            Location::Header("content-type"),
            Rule::ContentType,
            expected,
            quote(value),
        ));
    }
}

/// Reports an error code the catalog does not list, or lists under another status.
fn check_error_code(code: &str, status: u16, drift: &mut Vec<Drift>) {
    let location = Location::body("/error_code");
    match catalog::lookup(code) {
        None => drift.push(Drift::new(
            location,
            DriftKind::UnknownErrorCode,
            format!(
                "the error code {} is not in the documented catalog",
                quote(code)
            ),
        )),
        Some(entry) if !entry.statuses.contains(&status) => drift.push(Drift::new(
            location,
            DriftKind::ErrorCodeStatus,
            format!(
                "the error code {} is documented for status {:?}, sent with `{status}`",
                quote(code),
                entry.statuses
            ),
        )),
        Some(_) => {}
    }
}
