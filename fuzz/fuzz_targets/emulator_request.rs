//! The emulator's request handling: up to four requests with arbitrary method, target, headers
//! and body, sent in order through `Emulator::router` in-process with `oneshot`.
//!
//! Properties:
//! - No request panics or gets a 500.
//! - Every response is labelled `application/json` and carries `X-Request-Id`.
//! - An error response is a JSON object with string `error_code` and `error_msg`, and the
//!   catalog lists its code for that status. A response to HEAD has no body.
//! - A success decodes with the model as the operation's documented body.
//! - A request without the right token never reaches an operation.
//! - A ListEvents request with the right token for the seeded function succeeds.
#![no_main]

use std::sync::LazyLock;

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use fgs_emulator::{Emulator, EmulatorConfig, DEFAULT_PROJECT_ID};
use fgs_fuzz::emulator::{RequestInput, TokenInput, TOKEN};
use fgs_model::catalog;
use fgs_model::{decode_response, ErrorBody, EventsPath, Operation, Outcome};
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use tokio::runtime::Runtime;
use tower::ServiceExt;

/// One current-thread runtime for the whole run, because building one per input would cost
/// more than the request.
static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime builds")
});

/// A response as received.
struct Received {
    status: StatusCode,
    content_type: Option<String>,
    has_request_id: bool,
    body: Vec<u8>,
}

fuzz_target!(|requests: Vec<RequestInput>| {
    let router = Emulator::router(EmulatorConfig::new(TOKEN));
    let mut created_event_id: Option<String> = None;
    for input in requests.iter().take(4) {
        let Some(method) = input.method.to_method() else {
            continue;
        };
        let target = input.target.render(created_event_id.as_deref());
        // A target that is no valid URI never reaches the router: the HTTP server rejects it.
        let Ok(uri) = Uri::try_from(target.as_str()) else {
            continue;
        };
        let request = build_request(input, method.clone(), uri);
        let received = RUNTIME.block_on(async {
            let response = router
                .clone()
                .oneshot(request)
                .await
                .expect("the router is infallible");
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .expect("an in-memory body reads")
                .to_bytes()
                .to_vec();
            Received {
                status: parts.status,
                content_type: parts
                    .headers
                    .get(CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned),
                has_request_id: parts.headers.contains_key("x-request-id"),
                body,
            }
        });
        let operation = check_response(input, &method, &target, &received);
        if operation == Some(Operation::CreateEvent) && received.status == StatusCode::OK {
            created_event_id = serde_json::from_slice::<serde_json::Value>(&received.body)
                .ok()
                .and_then(|body| body["id"].as_str().map(str::to_owned));
        }
    }
});

fn build_request(input: &RequestInput, method: Method, uri: Uri) -> Request<Body> {
    let mut request = Request::new(Body::from(input.body.to_bytes()));
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    for (name, value) in input.headers.iter().take(6) {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&name.0),
            HeaderValue::from_bytes(&value.0),
        ) {
            headers.append(name, value);
        }
    }
    if input.content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    let token = match &input.token {
        TokenInput::Right => Some(HeaderValue::from_static(TOKEN)),
        TokenInput::Absent => None,
        TokenInput::Empty => Some(HeaderValue::from_static("")),
        TokenInput::Wrong(bytes) => HeaderValue::from_bytes(&bytes.0).ok(),
    };
    headers.remove("x-auth-token");
    if let Some(token) = token {
        headers.insert("x-auth-token", token);
    }
    request
}

/// The operation a method names on a target that parses as an events route.
fn operation_of(method: &Method, path: &EventsPath) -> Option<Operation> {
    let has_event_id = path.event_id().is_some();
    Operation::ALL.into_iter().find(|operation| {
        operation.method() == method.as_str() && operation.has_event_id() == has_event_id
    })
}

/// Checks one response and returns the operation the request named, if any.
fn check_response(
    input: &RequestInput,
    method: &Method,
    target: &str,
    received: &Received,
) -> Option<Operation> {
    let status = received.status.as_u16();
    let context = format!(
        "{method} {target:?} answered {status} {}",
        String::from_utf8_lossy(&received.body)
    );
    assert_ne!(
        received.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{context}"
    );
    assert_eq!(
        received.content_type.as_deref(),
        Some("application/json"),
        "{context}"
    );
    assert!(received.has_request_id, "{context}");

    let uri = Uri::try_from(target).expect("the target was sent as a URI");
    let raw_target = uri.path_and_query().map_or("", |path| path.as_str());
    let parsed = EventsPath::parse(raw_target);
    let operation = parsed
        .as_ref()
        .ok()
        .and_then(|path| operation_of(method, path));

    // A response to HEAD has no body (RFC 9110, section 9.3.2), which axum enforces.
    if method == Method::HEAD {
        assert!(received.body.is_empty(), "{context}");
        assert_eq!(status, 404, "{context}: HEAD is no operation");
        return None;
    }

    if status >= 400 {
        let error = match ErrorBody::from_json(&received.body).value {
            Ok(error) => error,
            Err(violations) => panic!("{context}: not an error body: {violations:?}"),
        };
        let entry = catalog::lookup(&error.error_code)
            .unwrap_or_else(|| panic!("{context}: code not in the catalog"));
        assert!(
            entry.statuses.contains(&status),
            "{context}: status not catalogued"
        );
        if let Some(operation) = operation {
            let decoded = decode_response(
                operation,
                status,
                received.content_type.as_deref(),
                &received.body,
            );
            if operation.documents_status(status) {
                assert!(
                    matches!(decoded.outcome, Outcome::Error(_)),
                    "{context}: {decoded:?}"
                );
            }
        }
    } else {
        let operation =
            operation.unwrap_or_else(|| panic!("{context}: success without an operation"));
        let decoded = decode_response(
            operation,
            status,
            received.content_type.as_deref(),
            &received.body,
        );
        assert!(
            matches!(decoded.outcome, Outcome::Success(_)),
            "{context}: {decoded:?}"
        );
    }

    let has_right_token = matches!(input.token, TokenInput::Right);
    if !has_right_token {
        assert!(
            status == 401 || status == 404,
            "{context}: reached an operation without the token"
        );
    }
    if has_right_token && operation == Some(Operation::ListEvents) {
        let path = parsed
            .as_ref()
            .expect("an operation comes from a parsed path");
        let urn = path.function_urn();
        let names_seeded_function = path.project_id() == DEFAULT_PROJECT_ID
            && urn
                .project_id()
                .is_none_or(|project| project == DEFAULT_PROJECT_ID)
            && urn.package().unwrap_or("default") == "default"
            && urn.function() == "test";
        if names_seeded_function {
            assert_eq!(status, 200, "{context}");
        }
    }
    operation
}
