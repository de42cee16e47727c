//! Faults the emulator can inject on purpose, so that a contract runner can be shown to catch
//! each way a server may break the documented contract.
//!
//! Faults act in two places of the real response path. Behaviour faults (authentication, event
//! lookup, deletion, update, quota) change a decision of the handler. Every other fault acts in a
//! layer around the handler, which rewrites the status, headers or body bytes of the response the
//! handler built, or the way the body is sent. An emulator configured with no fault has no layer.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use fgs_model::{EventsPath, Operation};
use http_body::Frame;
use serde_json::{Map, Value};

use crate::handler::{operation_for, raw_target, REQUEST_ID_HEADER};

/// Header carrying the IAM token, in requests.
const AUTH_TOKEN_HEADER: &str = "x-auth-token";

/// The delay [`Fault::SlowNotFound`] adds before a response, longer than the 30 s default
/// request timeout of `fgs-contract check`.
pub const SLOW_RESPONSE_DELAY: Duration = Duration::from_secs(35);

/// The undocumented field [`Fault::TokenInBody`] adds to ShowEvent bodies.
pub const TOKEN_FIELD: &str = "auth_token";

/// A departure from the documented contract that the emulator makes on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fault {
    /// A missing event gets 500 `FSS.0500` instead of 404 `FSS.1070`.
    MissingEvent500,
    /// CreateEvent returns 201 instead of 200.
    Create201,
    /// DeleteEvent returns 200 with a JSON body instead of 204 with none.
    Delete200Body,
    /// ShowEvent sends `last_modified` as a JSON string.
    LastModifiedString,
    /// ShowEvent sends `last_modified` with half a second added.
    LastModifiedFraction,
    /// ShowEvent sends `last_modified` rounded to the nearest 32-bit float.
    LastModifiedFloat32,
    /// ListEvents sends a `count` one more than the number of `events`.
    CountMismatch,
    /// ShowEvent leaves out `content`.
    MissingContent,
    /// ShowEvent sends `name` under the key `event_name`.
    RenamedName,
    /// ShowEvent echoes the request's `X-Auth-Token` in an extra field.
    TokenInBody,
    /// ShowEvent wraps its object in a JSON array.
    ArrayBody,
    /// ShowEvent repeats the `name` key.
    DuplicateKey,
    /// ShowEvent bodies stop halfway, with a matching `Content-Length`.
    TruncatedJson,
    /// ShowEvent puts the byte `0xFF` inside the `name` string.
    InvalidUtf8,
    /// ShowEvent masks the end of `content` with `*`, as the documentation's example does.
    ContentNotBase64,
    /// Success bodies are labelled `text/html`.
    JsonAsHtml,
    /// Error bodies are labelled `text/plain`.
    ErrorAsText,
    /// Error responses carry no `X-Request-Id` header.
    ErrorWithoutRequestId,
    /// Error bodies leave out `error_code`.
    ErrorWithoutCode,
    /// Error bodies are `{"error":{"code","message"}}` instead of `{"error_code","error_msg"}`.
    ErrorWrongShape,
    /// A request without `X-Auth-Token` is served.
    AcceptMissingToken,
    /// A request with any non-empty `X-Auth-Token` is served.
    AcceptWrongToken,
    /// ShowEvent finds an event by its id in any function, not only in the one addressed.
    CrossFunctionEvent,
    /// DeleteEvent returns 204 but keeps the event.
    DeletedEventShown,
    /// UpdateEvent returns 200 but keeps the old content.
    UpdateNotApplied,
    /// CreateEvent accepts an eleventh event of a function.
    QuotaNotEnforced,
    /// ShowEvent 200 responses close the connection halfway through the body.
    CloseMidBody,
    /// ShowEvent 404 responses are held back for [`SLOW_RESPONSE_DELAY`].
    SlowNotFound,
}

impl Fault {
    /// Every fault, in the order `--list-faults` prints them.
    pub const ALL: [Fault; 28] = [
        Fault::MissingEvent500,
        Fault::Create201,
        Fault::Delete200Body,
        Fault::LastModifiedString,
        Fault::LastModifiedFraction,
        Fault::LastModifiedFloat32,
        Fault::CountMismatch,
        Fault::MissingContent,
        Fault::RenamedName,
        Fault::TokenInBody,
        Fault::ArrayBody,
        Fault::DuplicateKey,
        Fault::TruncatedJson,
        Fault::InvalidUtf8,
        Fault::ContentNotBase64,
        Fault::JsonAsHtml,
        Fault::ErrorAsText,
        Fault::ErrorWithoutRequestId,
        Fault::ErrorWithoutCode,
        Fault::ErrorWrongShape,
        Fault::AcceptMissingToken,
        Fault::AcceptWrongToken,
        Fault::CrossFunctionEvent,
        Fault::DeletedEventShown,
        Fault::UpdateNotApplied,
        Fault::QuotaNotEnforced,
        Fault::CloseMidBody,
        Fault::SlowNotFound,
    ];

    /// Returns the command-line name, such as `create-201`.
    pub fn name(self) -> &'static str {
        match self {
            Fault::MissingEvent500 => "missing-event-500",
            Fault::Create201 => "create-201",
            Fault::Delete200Body => "delete-200-body",
            Fault::LastModifiedString => "last-modified-string",
            Fault::LastModifiedFraction => "last-modified-fraction",
            Fault::LastModifiedFloat32 => "last-modified-float32",
            Fault::CountMismatch => "count-mismatch",
            Fault::MissingContent => "missing-content",
            Fault::RenamedName => "renamed-name",
            Fault::TokenInBody => "token-in-body",
            Fault::ArrayBody => "array-body",
            Fault::DuplicateKey => "duplicate-key",
            Fault::TruncatedJson => "truncated-json",
            Fault::InvalidUtf8 => "invalid-utf8",
            Fault::ContentNotBase64 => "content-not-base64",
            Fault::JsonAsHtml => "json-as-html",
            Fault::ErrorAsText => "error-as-text",
            Fault::ErrorWithoutRequestId => "error-without-request-id",
            Fault::ErrorWithoutCode => "error-without-code",
            Fault::ErrorWrongShape => "error-wrong-shape",
            Fault::AcceptMissingToken => "accept-missing-token",
            Fault::AcceptWrongToken => "accept-wrong-token",
            Fault::CrossFunctionEvent => "cross-function-event",
            Fault::DeletedEventShown => "deleted-event-shown",
            Fault::UpdateNotApplied => "update-not-applied",
            Fault::QuotaNotEnforced => "quota-not-enforced",
            Fault::CloseMidBody => "close-mid-body",
            Fault::SlowNotFound => "slow-not-found",
        }
    }

    /// Returns one line saying what the fault breaks.
    pub fn description(self) -> &'static str {
        match self {
            Fault::MissingEvent500 => {
                "a missing event gets 500 `FSS.0500` instead of 404 `FSS.1070`"
            }
            Fault::Create201 => "CreateEvent returns 201 instead of 200",
            Fault::Delete200Body => "DeleteEvent returns 200 with a JSON body instead of 204 with none",
            Fault::LastModifiedString => "ShowEvent sends `last_modified` as a string",
            Fault::LastModifiedFraction => {
                "ShowEvent sends `last_modified` with a fraction (`1597374286.5`)"
            }
            Fault::LastModifiedFloat32 => {
                "ShowEvent rounds `last_modified` as a 32-bit float would (1597374286 becomes 1597374336)"
            }
            Fault::CountMismatch => "ListEvents sends a `count` one more than the number of `events`",
            Fault::MissingContent => "ShowEvent leaves out `content`",
            Fault::RenamedName => "ShowEvent sends `name` as `event_name`",
            Fault::TokenInBody => {
                "ShowEvent echoes the request's `X-Auth-Token` in an extra field `auth_token`"
            }
            Fault::ArrayBody => "ShowEvent sends its object inside a JSON array",
            Fault::DuplicateKey => "ShowEvent repeats the `name` key",
            Fault::TruncatedJson => "ShowEvent bodies stop halfway, with a matching `Content-Length`",
            Fault::InvalidUtf8 => "ShowEvent puts the byte 0xFF inside the `name` string",
            Fault::ContentNotBase64 => {
                "ShowEvent masks the end of `content` with `*`, which is not base64"
            }
            Fault::JsonAsHtml => "success bodies are labelled `text/html`",
            Fault::ErrorAsText => "error bodies are labelled `text/plain`",
            Fault::ErrorWithoutRequestId => "error responses carry no `X-Request-Id` header",
            Fault::ErrorWithoutCode => "error bodies leave out `error_code`",
            Fault::ErrorWrongShape => {
                "error bodies are `{\"error\":{\"code\",\"message\"}}` instead of `{\"error_code\",\"error_msg\"}`"
            }
            Fault::AcceptMissingToken => "a request without `X-Auth-Token` is served",
            Fault::AcceptWrongToken => "a request with a wrong `X-Auth-Token` is served",
            Fault::CrossFunctionEvent => {
                "ShowEvent returns an event of another function when the id matches"
            }
            Fault::DeletedEventShown => "DeleteEvent returns 204 but the event stays",
            Fault::UpdateNotApplied => "UpdateEvent returns 200 but keeps the old content",
            Fault::QuotaNotEnforced => "CreateEvent accepts more than 10 events per function",
            Fault::CloseMidBody => {
                "ShowEvent 200 responses close the connection halfway through the body"
            }
            Fault::SlowNotFound => {
                "ShowEvent 404 responses are held back 35 s, past the runner's default 30 s timeout"
            }
        }
    }

    /// Returns whether the fault rewrites responses in the layer, as opposed to changing a
    /// decision of the handler.
    fn rewrites_responses(self) -> bool {
        !matches!(
            self,
            Fault::AcceptMissingToken
                | Fault::AcceptWrongToken
                | Fault::CrossFunctionEvent
                | Fault::DeletedEventShown
                | Fault::UpdateNotApplied
                | Fault::QuotaNotEnforced
        )
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fault name that is not one of [`Fault::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown fault `{name}`: expected one of {}", valid_names())]
pub struct UnknownFault {
    name: String,
}

impl UnknownFault {
    /// Returns the name that was given.
    pub fn name(&self) -> &str {
        &self.name
    }
}

fn valid_names() -> String {
    Fault::ALL
        .iter()
        .map(|fault| format!("`{fault}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Fault {
    type Err = UnknownFault;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Fault::ALL
            .into_iter()
            .find(|fault| fault.name() == name)
            .ok_or_else(|| UnknownFault {
                name: name.to_owned(),
            })
    }
}

/// The faults of one emulator, without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FaultSet {
    faults: Vec<Fault>,
}

impl FaultSet {
    /// Adds `fault`; adding one already present changes nothing.
    pub(crate) fn insert(&mut self, fault: Fault) {
        if !self.faults.contains(&fault) {
            self.faults.push(fault);
            self.faults.sort_unstable();
        }
    }

    pub(crate) fn contains(&self, fault: Fault) -> bool {
        self.faults.contains(&fault)
    }

    pub(crate) fn as_slice(&self) -> &[Fault] {
        &self.faults
    }

    /// Returns whether any fault needs the response layer.
    pub(crate) fn rewrites_responses(&self) -> bool {
        self.faults.iter().any(|fault| fault.rewrites_responses())
    }

    /// Returns whether a fault lets this request through without checking its token: an
    /// absent token under [`Fault::AcceptMissingToken`], any present one under
    /// [`Fault::AcceptWrongToken`].
    pub(crate) fn skips_authentication(&self, headers: &HeaderMap) -> bool {
        let present = headers
            .get(AUTH_TOKEN_HEADER)
            .is_some_and(|value| !value.is_empty());
        if present {
            self.contains(Fault::AcceptWrongToken)
        } else {
            self.contains(Fault::AcceptMissingToken)
        }
    }
}

/// The facts about a request that the layer needs to rewrite its response.
struct RequestFacts {
    operation: Option<Operation>,
    event_id: Option<String>,
    token: Option<String>,
}

impl RequestFacts {
    fn of(request: &Request) -> Self {
        let path = EventsPath::parse(raw_target(request.uri())).ok();
        let operation = path
            .as_ref()
            .and_then(|path| operation_for(path, request.method()));
        let event_id = path
            .as_ref()
            .and_then(|path| path.event_id().map(str::to_owned));
        let token = request
            .headers()
            .get(AUTH_TOKEN_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Self {
            operation,
            event_id,
            token,
        }
    }

    fn is(&self, operation: Operation) -> bool {
        self.operation == Some(operation)
    }
}

/// A response being rewritten: status, headers and the whole body.
struct Draft {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Draft {
    fn is_error(&self) -> bool {
        self.status.as_u16() >= 400
    }

    /// Returns the body as a JSON object, or `None` when an earlier fault made it something else.
    fn object(&self) -> Option<Map<String, Value>> {
        match serde_json::from_slice(&self.body) {
            Ok(Value::Object(object)) => Some(object),
            _ => None,
        }
    }

    fn set_json(&mut self, value: &Value) {
        // A `Value` holds only strings, numbers that came from JSON, and maps with string keys,
        // which serde_json always writes into memory.
        self.body = serde_json::to_vec(value).expect("a JSON value serializes");
    }

    /// Applies `edit` to the body object; a body that is no longer an object stays as it is.
    fn edit_object(&mut self, edit: impl FnOnce(&mut Map<String, Value>)) {
        if let Some(mut object) = self.object() {
            edit(&mut object);
            self.set_json(&Value::Object(object));
        }
    }

    fn set_content_type(&mut self, value: &'static str) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(value));
    }

    fn error_code(&self) -> Option<String> {
        self.object()
            .and_then(|object| object.get("error_code")?.as_str().map(str::to_owned))
    }
}

/// The way the rewritten response is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delivery {
    Whole,
    CloseMidBody,
    Delayed(Duration),
}

/// The response layer: runs the handler, then lets each fault rewrite its response.
pub(crate) async fn inject(
    State(faults): State<Arc<FaultSet>>,
    request: Request,
    next: Next,
) -> Response {
    let facts = RequestFacts::of(&request);
    let response = next.run(request).await;

    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body.to_vec(),
        Err(error) => {
            tracing::error!(%error, "failed to read the handler's response body");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let mut draft = Draft {
        status: parts.status,
        headers: parts.headers.clone(),
        body,
    };

    let mut delivery = Delivery::Whole;
    for fault in faults.as_slice() {
        if let Some(changed) = rewrite(*fault, &facts, &mut draft) {
            delivery = changed;
        }
    }

    let mut response = Response::from_parts(parts, Body::empty());
    *response.status_mut() = draft.status;
    *response.headers_mut() = draft.headers;
    response.headers_mut().remove(CONTENT_LENGTH);
    match delivery {
        Delivery::Whole => *response.body_mut() = Body::from(draft.body),
        Delivery::Delayed(delay) => {
            tracing::debug!(
                delay_ms = delay.as_millis() as u64,
                "holding the response back"
            );
            tokio::time::sleep(delay).await;
            *response.body_mut() = Body::from(draft.body);
        }
        Delivery::CloseMidBody => {
            // The header announces the whole body, so the client sees the connection close
            // before the announced length arrived.
            response
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(draft.body.len()));
            *response.body_mut() = Body::new(HalfBody::new(draft.body));
        }
    }
    response
}

/// Applies one fault to `draft`, returning a new way of sending it when the fault changes that.
fn rewrite(fault: Fault, facts: &RequestFacts, draft: &mut Draft) -> Option<Delivery> {
    let show_ok = facts.is(Operation::ShowEvent) && draft.status == StatusCode::OK;
    match fault {
        Fault::MissingEvent500 if draft.error_code().as_deref() == Some("FSS.1070") => {
            draft.status = StatusCode::INTERNAL_SERVER_ERROR;
            draft.edit_object(|object| {
                object.insert("error_code".to_owned(), "FSS.0500".into());
                object.insert("error_msg".to_owned(), "Internal server error.".into());
            });
        }
        Fault::Create201 if facts.is(Operation::CreateEvent) && draft.status == StatusCode::OK => {
            draft.status = StatusCode::CREATED;
        }
        Fault::Delete200Body
            if facts.is(Operation::DeleteEvent) && draft.status == StatusCode::NO_CONTENT =>
        {
            draft.status = StatusCode::OK;
            let id = facts.event_id.clone().unwrap_or_default();
            draft.set_json(&serde_json::json!({ "id": id }));
            draft.set_content_type("application/json");
        }
        Fault::LastModifiedString if show_ok => draft.edit_object(|object| {
            if let Some(Value::Number(seconds)) = object.get("last_modified") {
                let text = seconds.to_string();
                object.insert("last_modified".to_owned(), Value::String(text));
            }
        }),
        Fault::LastModifiedFraction if show_ok => draft.edit_object(|object| {
            if let Some(seconds) = object.get("last_modified").and_then(Value::as_u64) {
                let fraction = serde_json::Number::from_f64(seconds as f64 + 0.5);
                if let Some(fraction) = fraction {
                    object.insert("last_modified".to_owned(), Value::Number(fraction));
                }
            }
        }),
        Fault::LastModifiedFloat32 if show_ok => draft.edit_object(|object| {
            if let Some(seconds) = object.get("last_modified").and_then(Value::as_u64) {
                object.insert("last_modified".to_owned(), round_as_f32(seconds).into());
            }
        }),
        Fault::CountMismatch if facts.is(Operation::ListEvents) && !draft.is_error() => draft
            .edit_object(|object| {
                if let Some(count) = object.get("count").and_then(Value::as_u64) {
                    object.insert("count".to_owned(), (count + 1).into());
                }
            }),
        Fault::MissingContent if show_ok => draft.edit_object(|object| {
            object.shift_remove("content");
        }),
        Fault::RenamedName if show_ok => draft.edit_object(|object| {
            if let Some(name) = object.shift_remove("name") {
                object.insert("event_name".to_owned(), name);
            }
        }),
        Fault::TokenInBody if show_ok => {
            let token = facts.token.clone().unwrap_or_default();
            draft.edit_object(|object| {
                object.insert(TOKEN_FIELD.to_owned(), Value::String(token));
            });
        }
        Fault::ArrayBody if show_ok => {
            if let Some(object) = draft.object() {
                draft.set_json(&Value::Array(vec![Value::Object(object)]));
            }
        }
        Fault::DuplicateKey if show_ok => {
            if let Some(name) = draft
                .object()
                .and_then(|object| object.get("name").cloned())
            {
                repeat_key(&mut draft.body, "name", &name);
            }
        }
        Fault::TruncatedJson if show_ok => {
            let half = draft.body.len() / 2;
            draft.body.truncate(half);
        }
        Fault::InvalidUtf8 if show_ok => insert_after(&mut draft.body, b"\"name\":\"", 0xFF),
        Fault::ContentNotBase64 if show_ok => draft.edit_object(|object| {
            if let Some(Value::String(content)) = object.get_mut("content") {
                mask_end(content);
            }
        }),
        Fault::JsonAsHtml if draft.status.is_success() && !draft.body.is_empty() => {
            draft.set_content_type("text/html; charset=utf-8");
        }
        Fault::ErrorAsText if draft.is_error() => {
            draft.set_content_type("text/plain; charset=utf-8")
        }
        Fault::ErrorWithoutRequestId if draft.is_error() => {
            draft.headers.remove(REQUEST_ID_HEADER);
        }
        Fault::ErrorWithoutCode if draft.is_error() => draft.edit_object(|object| {
            object.shift_remove("error_code");
        }),
        Fault::ErrorWrongShape if draft.is_error() => {
            if let Some(object) = draft.object() {
                let code = object.get("error_code").cloned().unwrap_or(Value::Null);
                let message = object.get("error_msg").cloned().unwrap_or(Value::Null);
                draft.set_json(&serde_json::json!({
                    "error": { "code": code, "message": message }
                }));
            }
        }
        Fault::CloseMidBody if show_ok => return Some(Delivery::CloseMidBody),
        Fault::SlowNotFound
            if facts.is(Operation::ShowEvent) && draft.status == StatusCode::NOT_FOUND =>
        {
            return Some(Delivery::Delayed(SLOW_RESPONSE_DELAY));
        }
        _ => {}
    }
    None
}

/// Returns `seconds` rounded to the nearest value an IEEE 754 single-precision float holds, as
/// a client or server that stores the timestamp in a `float32` would send it back.
pub fn round_as_f32(seconds: u64) -> u64 {
    // The conversions round to nearest; between 2^30 and 2^31 the spacing of f32 is 128.
    (seconds as f32) as u64
}

/// Appends `"key":value` again before the closing brace of a serialized object.
fn repeat_key(body: &mut Vec<u8>, key: &str, value: &Value) {
    if body.last() != Some(&b'}') {
        return;
    }
    body.pop();
    let separator = if body.last() == Some(&b'{') { "" } else { "," };
    let pair = format!("{separator}{}:{value}}}", Value::String(key.to_owned()));
    body.extend_from_slice(pair.as_bytes());
}

/// Inserts `byte` after the first occurrence of `marker`, if any.
fn insert_after(body: &mut Vec<u8>, marker: &[u8], byte: u8) {
    if let Some(start) = body
        .windows(marker.len())
        .position(|window| window == marker)
    {
        body.insert(start + marker.len(), byte);
    }
}

/// Replaces the second half of `content` with `*****`, the way the documentation masks its
/// ShowEvent example.
fn mask_end(content: &mut String) {
    let mut keep = content.len() / 2;
    while !content.is_char_boundary(keep) {
        keep -= 1;
    }
    content.truncate(keep);
    content.push_str("*****");
}

/// How long [`HalfBody`] waits after its first half, so that the server writes the head and
/// the first half to the socket before the failure closes the connection.
const HALF_BODY_PAUSE: Duration = Duration::from_millis(50);

/// A body that sends its first half and then fails, which makes the server close the
/// connection before the announced `Content-Length` has arrived.
struct HalfBody {
    first_half: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl HalfBody {
    fn new(body: Vec<u8>) -> Self {
        let half = body.len() / 2;
        Self {
            first_half: Some(Bytes::from(body).slice(..half)),
            pause: Box::pin(tokio::time::sleep(HALF_BODY_PAUSE)),
        }
    }
}

impl http_body::Body for HalfBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        if let Some(bytes) = self.first_half.take() {
            return Poll::Ready(Some(Ok(Frame::data(bytes))));
        }
        match self.pause.as_mut().poll(context) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "connection closed halfway through the body on purpose",
            )))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_names_round_trip() {
        for fault in Fault::ALL {
            assert_eq!(fault.name().parse::<Fault>(), Ok(fault), "{fault}");
        }
    }

    #[test]
    fn fault_names_are_unique() {
        let mut names: Vec<&str> = Fault::ALL.iter().map(|fault| fault.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Fault::ALL.len());
    }

    #[test]
    fn fault_all_in_declaration_order() {
        let mut sorted = Fault::ALL.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, Fault::ALL.to_vec());
    }

    #[test]
    fn unknown_fault_names_value_and_choices() {
        let error = "create-202".parse::<Fault>().unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with(
                "unknown fault `create-202`: expected one of `missing-event-500`, `create-201`,"
            ),
            "{message}"
        );
        assert!(message.ends_with("`slow-not-found`"), "{message}");
    }

    #[test]
    fn round_as_f32_spacing_is_128() {
        assert_eq!(round_as_f32(1597374286), 1597374336);
        assert_eq!(round_as_f32(1715772656), 1715772672);
    }

    #[test]
    fn repeat_key_appends_pair() {
        let mut body = br#"{"id":"a","name":"n"}"#.to_vec();
        repeat_key(&mut body, "name", &Value::String("n".to_owned()));
        assert_eq!(body, br#"{"id":"a","name":"n","name":"n"}"#);
    }

    #[test]
    fn mask_end_keeps_first_half() {
        let mut content = "eyJrIjoidiJ9".to_owned();
        mask_end(&mut content);
        assert_eq!(content, "eyJrIj*****");
    }

    #[test]
    fn insert_after_marker() {
        let mut body = br#"{"name":"n"}"#.to_vec();
        insert_after(&mut body, b"\"name\":\"", 0xFF);
        assert_eq!(body, b"{\"name\":\"\xFFn\"}");
    }
}
