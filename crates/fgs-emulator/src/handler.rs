//! The one handler behind every request: routing on the raw target, authentication, the
//! operations, and the response with its request id and log line.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{HeaderValue, CONTENT_TYPE};
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use fgs_model::{
    CreateEventResponse, ErrorBody, EventSummary, EventsPath, ListEventsResponse, Operation,
    PathError, ShowEventResponse, UpdateEventResponse,
};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Serialize;

use crate::auth::Authenticator;
use crate::error::{ApiError, GatewayError, ServiceError};
use crate::fault::{Fault, FaultSet};
use crate::iam;
use crate::requests::{parse_create_request, parse_update_request};
use crate::store::{FunctionKey, Store, StoredEvent};
use crate::MAX_REQUEST_BODY_BYTES;

/// Header carrying the id of each request, in responses.
pub(crate) const REQUEST_ID_HEADER: &str = "x-request-id";

/// Longest prefix of a request path written to the log, in bytes.
const MAX_LOGGED_PATH_BYTES: usize = 512;

/// State shared by all requests.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) auth: Authenticator,
    pub(crate) store: Store,
    pub(crate) faults: FaultSet,
}

/// A successful response body before the request id is added.
enum Reply {
    Json(Vec<u8>),
    NoContent,
}

/// Handles any request: every target and method reaches this handler, which returns a response
/// for each (`dispatch` maps every failure to an error response).
pub(crate) async fn handle(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let method = request.method().clone();
    // The query stays out of the log because a presigned request may carry credentials there.
    let path = request.uri().path().to_owned();

    if iam::is_token_request(&method, &path) {
        let (status, response) =
            iam::issue_token(&state.auth, request.into_body(), &request_id).await;
        tracing::info!(
            %method,
            path,
            status = status.as_u16(),
            request_id = %request_id,
            latency_us = started.elapsed().as_micros() as u64,
            "request"
        );
        return response;
    }

    let result = dispatch(&state, request).await;
    let (status, error_code, response) = match result {
        Ok(Reply::Json(body)) => (
            StatusCode::OK,
            None,
            json_response(StatusCode::OK, &request_id, body),
        ),
        Ok(Reply::NoContent) => (
            StatusCode::NO_CONTENT,
            None,
            json_response(StatusCode::NO_CONTENT, &request_id, Vec::new()),
        ),
        Err(error) => (
            error.status(),
            Some(error.code()),
            error_response(&error, &request_id),
        ),
    };

    tracing::info!(
        %method,
        path = ?truncate(&path, MAX_LOGGED_PATH_BYTES),
        status = status.as_u16(),
        error_code,
        request_id = %request_id,
        latency_us = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

/// Returns the request target as received: path and query, still percent-encoded. A target in absolute
/// form (`http://host/path`) gives its path and query; an authority-form target gives "".
pub(crate) fn raw_target(uri: &Uri) -> &str {
    uri.path_and_query()
        .map_or("", |path_and_query| path_and_query.as_str())
}

/// Shape of an events route: the collection `…/events` or one item `…/events/{event_id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RouteShape {
    Collection,
    Item,
}

impl RouteShape {
    /// The operation `method` names on this route, or `None` when the route has no such method.
    fn operation(self, method: &Method) -> Option<Operation> {
        match (self, method.as_str()) {
            (Self::Collection, "GET") => Some(Operation::ListEvents),
            (Self::Collection, "POST") => Some(Operation::CreateEvent),
            (Self::Item, "GET") => Some(Operation::ShowEvent),
            (Self::Item, "PUT") => Some(Operation::UpdateEvent),
            (Self::Item, "DELETE") => Some(Operation::DeleteEvent),
            _ => None,
        }
    }
}

/// Returns the operation `method` names on a parsed events route, or `None` when the route has
/// no such method.
pub(crate) fn operation_for(path: &EventsPath, method: &Method) -> Option<Operation> {
    let shape = if path.event_id().is_some() {
        RouteShape::Item
    } else {
        RouteShape::Collection
    };
    shape.operation(method)
}

/// Shape of a target that matched an events route but has an invalid parameter. The collection
/// route `/v2/{p}/fgs/functions/{urn}/events` has six segments and the item route seven; a raw `/`
/// cannot occur inside a parameter, so the segment count distinguishes the two.
fn shape_of_invalid_route(target: &str) -> RouteShape {
    let path = target.split_once('?').map_or(target, |(path, _query)| path);
    let segments = path.split('/').skip(1).count();
    if segments > 6 {
        RouteShape::Item
    } else {
        RouteShape::Collection
    }
}

/// Responds to a request the way the API gateway and then the service would, in that order: route and
/// method, authentication, path parameters, then the operation itself.
async fn dispatch(state: &AppState, request: Request) -> Result<Reply, ApiError> {
    let (parts, body) = request.into_parts();
    let target = raw_target(&parts.uri);

    let parsed = EventsPath::parse(target);
    let shape = match &parsed {
        Ok(path) if path.event_id().is_some() => RouteShape::Item,
        Ok(_) => RouteShape::Collection,
        Err(error) if error.is_not_an_event_route() => return Err(GatewayError::ApiNotFound.into()),
        Err(_) => shape_of_invalid_route(target),
    };
    let operation = shape
        .operation(&parts.method)
        .ok_or(GatewayError::ApiNotFound)?;

    // A signed request is checked over its body, so its body is read first.
    let now = SystemTime::now();
    let mut body = if Authenticator::is_signed(&parts.headers) {
        let bytes = read_body(body).await?;
        state
            .auth
            .check_signature(parts.method.as_str(), target, &parts.headers, &bytes, now)?;
        RequestBody::Read(bytes)
    } else {
        if !state.faults.skips_authentication(&parts.headers) {
            state.auth.check_token(&parts.headers, now)?;
        }
        RequestBody::Unread(body)
    };

    let path = parsed.map_err(|error| reject_path(&error))?;
    let key = FunctionKey::for_path(&path).ok_or(ServiceError::FunctionNotFound)?;

    // NOTE: the request body is validated before the function and event are looked up, as a
    // framework that decodes the body before the handler runs would do. The real order is unknown.
    match operation {
        Operation::ListEvents => list_events(state, &key),
        Operation::CreateEvent => {
            let body = body.bytes().await?;
            let request = parse_create_request(&body)?;
            let event = state.store.create(&key, request.name, request.content)?;
            Ok(Reply::Json(to_json(&CreateEventResponse {
                id: event.id,
                name: event.name,
                extra: serde_json::Map::new(),
            })))
        }
        Operation::ShowEvent => {
            let event_id = event_id(&path)?;
            let event = match state.store.show(&key, event_id) {
                Err(_) if state.faults.contains(Fault::CrossFunctionEvent) => {
                    state.store.find_in_any_function(event_id)?
                }
                found => found?,
            };
            Ok(Reply::Json(to_json(&show_event_response(event))))
        }
        Operation::UpdateEvent => {
            let body = body.bytes().await?;
            let request = parse_update_request(&body)?;
            let event = if state.faults.contains(Fault::UpdateNotApplied) {
                state.store.show(&key, event_id(&path)?)?
            } else {
                state
                    .store
                    .update(&key, event_id(&path)?, request.content, unix_now())?
            };
            Ok(Reply::Json(to_json(&UpdateEventResponse {
                id: event.id,
                name: event.name,
                extra: serde_json::Map::new(),
            })))
        }
        Operation::DeleteEvent => {
            if state.faults.contains(Fault::DeletedEventShown) {
                state.store.show(&key, event_id(&path)?)?;
            } else {
                state.store.delete(&key, event_id(&path)?)?;
            }
            Ok(Reply::NoContent)
        }
    }
}

/// Returns the event id of an item route, which a parsed item route always has.
fn event_id(path: &EventsPath) -> Result<&str, ServiceError> {
    path.event_id().ok_or(ServiceError::InvalidParameter)
}

/// A request body, read already for a signed request.
enum RequestBody {
    Unread(Body),
    Read(Vec<u8>),
}

impl RequestBody {
    /// Returns the body bytes, reading them when they are not read yet.
    async fn bytes(&mut self) -> Result<Vec<u8>, ServiceError> {
        match self {
            Self::Read(bytes) => Ok(std::mem::take(bytes)),
            Self::Unread(body) => read_body(std::mem::take(body)).await,
        }
    }
}

/// Reads a request body of at most [`MAX_REQUEST_BODY_BYTES`] bytes.
pub(crate) async fn read_body(body: Body) -> Result<Vec<u8>, ServiceError> {
    match Limited::new(body, MAX_REQUEST_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes().to_vec()),
        Err(error) if error.is::<LengthLimitError>() => {
            tracing::debug!(limit = MAX_REQUEST_BODY_BYTES, "request body too large");
            Err(ServiceError::BodyTooLarge)
        }
        Err(error) => {
            tracing::warn!(%error, "failed to read the request body");
            Err(ServiceError::InvalidParameter)
        }
    }
}

/// Current time in whole Unix seconds; 0 if the clock is before 1970.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

fn list_events(state: &AppState, key: &FunctionKey) -> Result<Reply, ApiError> {
    let events = state.store.list(key)?;
    let count = events.len() as u64;
    let summaries = events
        .into_iter()
        .map(|event| EventSummary {
            id: event.id,
            name: event.name,
            last_modified: event.last_modified,
            extra: serde_json::Map::new(),
        })
        .collect();
    // `next_marker` is the position after the last event returned, so `count` when all are.
    Ok(Reply::Json(to_json(&ListEventsResponse {
        count,
        events: summaries,
        next_marker: Some(count),
        extra: serde_json::Map::new(),
    })))
}

/// Maps a path that matched an events route but contains an invalid parameter to its error.
fn reject_path(error: &PathError) -> ServiceError {
    tracing::debug!(%error, "invalid path parameter");
    if error.is_invalid_urn() {
        ServiceError::InvalidFunctionUrn
    } else {
        ServiceError::InvalidParameter
    }
}

fn show_event_response(event: StoredEvent) -> ShowEventResponse {
    ShowEventResponse {
        id: event.id,
        name: event.name,
        content: event.content,
        last_modified: event.last_modified,
        extra: serde_json::Map::new(),
    }
}

fn error_response(error: &ApiError, request_id: &str) -> Response {
    let body = ErrorBody {
        error_code: error.code().to_owned(),
        error_msg: error.message().into_owned(),
        request_id: error.carries_request_id().then(|| request_id.to_owned()),
        extra: serde_json::Map::new(),
    };
    json_response(error.status(), request_id, to_json(&body))
}

fn to_json(body: &impl Serialize) -> Vec<u8> {
    // The bodies are structs of strings, integers and JSON maps with string keys, which
    // serde_json always serializes into memory.
    serde_json::to_vec(body).expect("response bodies serialize to JSON")
}

pub(crate) fn json_response(status: StatusCode, request_id: &str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // A request id is 32 hex digits, which is always a valid header value.
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// Returns at most `max` bytes of `text`, cut at a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_route_shape_counts_segments() {
        let check = |target: &str, expected: RouteShape| {
            assert_eq!(shape_of_invalid_route(target), expected, "{target}");
        };

        check("/v2/abc/fgs/functions/test/events", RouteShape::Collection);
        check(
            "/v2/abc/fgs/functions/test/events?x=/a/b",
            RouteShape::Collection,
        );
        check("/v2/abc/fgs/functions/test/events/", RouteShape::Item);
        check("/v2/abc/fgs/functions/test/events/id", RouteShape::Item);
        check("/v2/p/fgs/functions/a:b/events/events", RouteShape::Item);
    }

    #[test]
    fn truncate_keeps_character_boundary() {
        assert_eq!(truncate("abcdef", 3), "abc");
        assert_eq!(truncate("abc", 10), "abc");
        assert_eq!(truncate("aé", 2), "a");
    }
}
