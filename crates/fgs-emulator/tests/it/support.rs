//! Helpers shared by the integration tests: building targets and sending requests in-process or
//! through a real socket.

use axum::body::Body;
use axum::http::{HeaderValue, Request};
use axum::Router;
use fgs_emulator::{
    Emulator, EmulatorConfig, RunningEmulator, DEFAULT_EVENT_ID, DEFAULT_PROJECT_ID,
};
use serde_json::Value;
use tower::ServiceExt;

/// The token every test configures.
pub const TOKEN: &str = "emulator-test-token-5f0c2a9e";

/// The default function's URN with every `:` written as `%3A`.
pub const DEFAULT_URN_PERCENT: &str =
    "urn%3Afss%3Acn-north-4%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest";

/// Returns the seeded configuration accepting [`TOKEN`].
pub fn config() -> EmulatorConfig {
    EmulatorConfig::new(TOKEN)
}

/// Returns the in-process service with the seeded configuration.
pub fn router() -> Router {
    Emulator::router(config())
}

/// Starts a server on an ephemeral loopback port with the seeded configuration.
pub async fn start() -> RunningEmulator {
    start_with(config()).await
}

/// Starts a server on an ephemeral loopback port.
pub async fn start_with(config: EmulatorConfig) -> RunningEmulator {
    let addr = "127.0.0.1:0".parse().expect("valid address");
    Emulator::bind(addr, config)
        .await
        .expect("emulator binds on loopback")
}

/// Returns `/v2/{DEFAULT_PROJECT_ID}/fgs/functions/{urn}/events`, with `urn` as given.
pub fn events_target(urn: &str) -> String {
    format!("/v2/{DEFAULT_PROJECT_ID}/fgs/functions/{urn}/events")
}

/// Returns the ShowEvent target of `event_id`, with `urn` as given.
pub fn event_target(urn: &str, event_id: &str) -> String {
    format!("{}/{event_id}", events_target(urn))
}

/// Returns the ShowEvent target of the seeded event, with `urn` as given.
pub fn default_event_target(urn: &str) -> String {
    event_target(urn, DEFAULT_EVENT_ID)
}

/// One response, reduced to what the tests check.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub request_id: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    /// Parses the body as JSON, failing the test with the body when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "body is not JSON ({error}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Returns the `error_code` of an error body.
    pub fn error_code(&self) -> String {
        self.json()["error_code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error_code in {}", self.json()))
            .to_owned()
    }
}

/// A request to send.
#[derive(Clone, Debug)]
pub struct Call<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub token: Option<&'a str>,
    pub body: Option<&'a str>,
}

impl<'a> Call<'a> {
    /// Builds a request with the right token and no body.
    pub fn new(method: &'a str, target: &'a str) -> Self {
        Self {
            method,
            target,
            token: Some(TOKEN),
            body: None,
        }
    }

    pub fn token(mut self, token: Option<&'a str>) -> Self {
        self.token = token;
        self
    }

    pub fn body(mut self, body: &'a str) -> Self {
        self.body = Some(body);
        self
    }

    /// Sends the request to the in-process service.
    pub async fn oneshot(self, router: &Router) -> Answer {
        let mut request = Request::builder()
            .method(self.method)
            .uri(self.target)
            .header("content-type", "application/json");
        if let Some(token) = self.token {
            request = request.header("x-auth-token", token);
        }
        let request = request
            .body(Body::from(self.body.unwrap_or("").to_owned()))
            .expect("valid request");
        send(router, request).await
    }

    /// Sends the request through the socket of a running emulator.
    pub async fn over_socket(self, emulator: &RunningEmulator) -> Answer {
        let client = reqwest::Client::new();
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("valid method");
        let url = format!("{}{}", emulator.base_url(), self.target);
        let mut request = client
            .request(method, &url)
            .header("content-type", "application/json");
        if let Some(token) = self.token {
            request = request.header("x-auth-token", token);
        }
        if let Some(body) = self.body {
            request = request.body(body.to_owned());
        }
        let response = request.send().await.expect("request reaches the emulator");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|value| value.to_str().expect("ASCII header").to_owned())
        };
        let status = response.status().as_u16();
        let content_type = header("content-type");
        let request_id = header("x-request-id");
        let body = response.bytes().await.expect("body is read").to_vec();
        Answer {
            status,
            content_type,
            request_id,
            body,
        }
    }
}

/// Sends a prepared request to the in-process service.
pub async fn send(router: &Router, request: Request<Body>) -> Answer {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("the router never fails");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value: &HeaderValue| value.to_str().expect("ASCII header").to_owned())
    };
    let status = response.status().as_u16();
    let content_type = header("content-type");
    let request_id = header("x-request-id");
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body is read")
        .to_vec();
    Answer {
        status,
        content_type,
        request_id,
        body,
    }
}

/// Returns whether `text` is 32 lowercase hex digits.
pub fn is_request_id(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}
