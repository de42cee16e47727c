//! Hostile requests: each gets a JSON response with a status below 500, and nothing panics.

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request};
use fgs_emulator::{DEFAULT_EVENT_ID, DEFAULT_PROJECT_ID, MAX_REQUEST_BODY_BYTES};

use crate::support::{router, send, TOKEN};

/// Targets that are routes, near-routes or nonsense.
fn targets() -> Vec<String> {
    let events = format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/test/events");
    let long_urn = "a".repeat(10_000);
    let long_id = "f".repeat(60_000);
    vec![
        "/".to_owned(),
        "*".to_owned(),
        "//".to_owned(),
        "/v2/".to_owned(),
        "/v2//fgs/functions//events/".to_owned(),
        "/v2/%00/fgs/functions/test/events".to_owned(),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/%00/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/%ff%fe/events/%ff"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/%E2%82/events/x"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/%/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/%3/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/%zz/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/test%2Fx/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/{long_urn}/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/:::::::::/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/urn:fss:::::::/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/test:!/events"),
        format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/test:%21/events"),
        format!("{events}/"),
        format!("{events}//"),
        format!("{events}/.."),
        format!("{events}/%2e%2e"),
        format!("{events}/."),
        format!("{events}/%2F"),
        format!("{events}/{long_id}"),
        format!("{events}/{DEFAULT_EVENT_ID}"),
        format!("{events}/{DEFAULT_EVENT_ID}?"),
        format!("{events}/{DEFAULT_EVENT_ID}?%zz=%ff&&=="),
        format!("{events}/{DEFAULT_EVENT_ID}#fragment"),
        format!("{events}?marker=-1&limit=99999999999999999999"),
        format!("http://example.invalid{events}"),
        format!("http://example.invalid:80{events}/{DEFAULT_EVENT_ID}"),
    ]
}

fn methods() -> Vec<Method> {
    [
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO",
    ]
    .iter()
    .map(|name| Method::from_bytes(name.as_bytes()).expect("valid method"))
    .collect()
}

/// `X-Auth-Token` values: absent, right, wrong, empty, huge, not UTF-8.
fn tokens() -> Vec<Option<HeaderValue>> {
    vec![
        None,
        Some(HeaderValue::from_static(TOKEN)),
        Some(HeaderValue::from_static("wrong")),
        Some(HeaderValue::from_static("")),
        Some(HeaderValue::from_str(&"t".repeat(20_000)).expect("ASCII header")),
        Some(HeaderValue::from_bytes(b"\xff\xfe\x80token").expect("opaque header bytes")),
    ]
}

/// Bodies: none, valid, malformed, oversized.
fn bodies() -> Vec<Vec<u8>> {
    vec![
        Vec::new(),
        br#"{"name":"hostile","content":"eyJrIjoidiJ9"}"#.to_vec(),
        b"\xff\xfe{".to_vec(),
        b"[1,2,3]".to_vec(),
        vec![b'{'; MAX_REQUEST_BODY_BYTES + 1],
    ]
}

fn assert_json_and_not_500(description: &str, method: &Method, answer: &crate::support::Answer) {
    assert_ne!(answer.status, 500, "{description}");
    assert!(
        answer.status < 500,
        "{description}: status {}",
        answer.status
    );
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/json"),
        "{description}"
    );
    if answer.status == 204 || method == Method::HEAD {
        assert!(
            answer.body.is_empty(),
            "{description}: body {:?}",
            answer.body
        );
    } else {
        let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&answer.body);
        assert!(
            parsed.is_ok(),
            "{description}: body is not JSON: {:?}",
            String::from_utf8_lossy(&answer.body)
        );
    }
}

#[tokio::test]
async fn hostile_targets_and_methods_get_json() {
    let router = router();
    let mut sent = 0;

    for target in targets() {
        for method in methods() {
            for (token_index, token) in tokens().into_iter().enumerate() {
                let mut request = Request::builder()
                    .method(method.clone())
                    .uri(target.as_str());
                if let Some(token) = token.clone() {
                    request = request.header("x-auth-token", token);
                }
                let request = request.body(Body::empty()).expect("valid request");
                let description = format!("{method} {target:.80} with token case {token_index}");

                let answer = send(&router, request).await;

                assert_json_and_not_500(&description, &method, &answer);
                sent += 1;
            }
        }
    }

    assert_eq!(sent, targets().len() * methods().len() * tokens().len());
}

#[tokio::test]
async fn hostile_bodies_and_headers_get_json() {
    let router = router();
    let events = format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/test/events");
    let event = format!("{events}/{DEFAULT_EVENT_ID}");
    let content_types = [
        None,
        Some(HeaderValue::from_static("application/json")),
        Some(HeaderValue::from_static("text/plain")),
        Some(HeaderValue::from_bytes(b"\xff").expect("opaque header bytes")),
    ];

    for (method, target) in [
        (Method::POST, &events),
        (Method::PUT, &event),
        (Method::GET, &event),
    ] {
        for body in bodies() {
            for content_type in &content_types {
                let mut request = Request::builder()
                    .method(method.clone())
                    .uri(target.as_str())
                    .header("x-auth-token", TOKEN)
                    .header("x-auth-token", "second");
                if let Some(content_type) = content_type {
                    request = request.header("content-type", content_type.clone());
                }
                let request = request
                    .body(Body::from(body.clone()))
                    .expect("valid request");
                let description = format!(
                    "{method} {target} body of {} bytes, content type {content_type:?}",
                    body.len()
                );

                let answer = send(&router, request).await;

                assert_json_and_not_500(&description, &method, &answer);
            }
        }
    }
}

/// `Authorization` values: other schemes, broken SDK-HMAC-SHA256 forms, huge, not UTF-8.
fn authorizations() -> Vec<HeaderValue> {
    let signature = "0".repeat(64);
    vec![
        HeaderValue::from_static("Basic dXNlcjpwYXNz"),
        HeaderValue::from_static("SDK-HMAC-SHA256"),
        HeaderValue::from_static("SDK-HMAC-SHA256 Access="),
        HeaderValue::from_str(&format!(
            "SDK-HMAC-SHA256 Access=ak, SignedHeaders=, Signature={signature}"
        ))
        .expect("ASCII header"),
        HeaderValue::from_str(&format!(
            "SDK-HMAC-SHA256 Access=fgs-emulator-access-key, SignedHeaders=host;x-sdk-date;zzz, Signature={signature}"
        ))
        .expect("ASCII header"),
        HeaderValue::from_str(&format!(
            "SDK-HMAC-SHA256 Access={}, SignedHeaders=x-sdk-date, Signature={signature}",
            "a".repeat(20_000)
        ))
        .expect("ASCII header"),
        HeaderValue::from_bytes(b"SDK-HMAC-SHA256 Access=\xff, SignedHeaders=x-sdk-date")
            .expect("opaque header bytes"),
    ]
}

#[tokio::test]
async fn hostile_signatures_get_json() {
    let router = router();
    let event = format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/test/events/{DEFAULT_EVENT_ID}");
    let dates = [
        None,
        Some(HeaderValue::from_static("20240101T000000Z")),
        Some(HeaderValue::from_static("99999999T999999Z")),
        Some(HeaderValue::from_bytes(b"\xff").expect("opaque header bytes")),
    ];

    for authorization in authorizations() {
        for date in &dates {
            for body in bodies() {
                let mut request = Request::builder()
                    .method(Method::PUT)
                    .uri(event.as_str())
                    .header("authorization", authorization.clone());
                if let Some(date) = date {
                    request = request.header("x-sdk-date", date.clone());
                }
                let request = request
                    .body(Body::from(body.clone()))
                    .expect("valid request");
                let description = format!(
                    "authorization {authorization:.80?}, date {date:?}, body of {} bytes",
                    body.len()
                );

                let answer = send(&router, request).await;

                assert_json_and_not_500(&description, &Method::PUT, &answer);
                assert!(
                    answer.status == 401 || answer.status == 413,
                    "{description}: status {}",
                    answer.status
                );
            }
        }
    }
}

#[tokio::test]
async fn hostile_token_requests_get_json() {
    let router = router();
    let token_bodies: Vec<Vec<u8>> = vec![
        br#"{"auth":{"identity":{"methods":"password"}}}"#.to_vec(),
        br#"{"auth":{"identity":{"methods":[],"password":null}}}"#.to_vec(),
        br#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","password":"p","domain":{"name":"d"}}}},"scope":{"project":null}}}"#.to_vec(),
        br#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","password":"p","domain":{"name":"d"}}}},"scope":{"project":{"id":7}}}}"#.to_vec(),
    ];

    for body in bodies().into_iter().chain(token_bodies) {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/v3/auth/tokens")
            .body(Body::from(body.clone()))
            .expect("valid request");
        let description = format!("token request body {:.80?}", String::from_utf8_lossy(&body));

        let answer = send(&router, request).await;

        assert_json_and_not_500(&description, &Method::POST, &answer);
        assert!(
            answer.status == 400 || answer.status == 401,
            "{description}: status {}",
            answer.status
        );
    }
}
