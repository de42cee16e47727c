//! The HTTP client: sends one request at a time and records the whole exchange.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use rand::{Rng, SeedableRng};
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, Url};

use crate::progress::Progress;
use crate::record::Recorder;
use crate::replay::Replayer;
use crate::report::Finding;
use crate::transport::{Prepared, Transport, TransportSettings};
use fgs_model::secret::Secret;

use crate::auth::{self, AuthError, IamSession};
use crate::credentials::Credentials;

/// The request header that carries an IAM token.
pub const AUTH_TOKEN_HEADER: &str = "x-auth-token";

/// The text recorded in place of a secret header value.
const REDACTED: &str = "[redacted]";

/// Connection and request time limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timeouts {
    /// Time allowed to open the TCP connection, TLS handshake included.
    pub connect: Duration,
    /// Time allowed for a whole exchange, from connecting to the last body byte.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(30),
        }
    }
}

/// A request to send: method, the URL exactly as rendered, and whether to authenticate.
#[derive(Clone, Debug)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL; it goes on the wire byte for byte.
    pub url: String,
    /// The credentials to authenticate with, or `None` to send none.
    pub auth: Option<Credentials>,
}

/// A request and the response it got, kept so that a failed check can show both.
///
/// Header values of the request that carry a secret are stored as `[redacted]`.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The HTTP method.
    pub method: String,
    /// The URL sent; it never contains a secret because tokens travel in headers.
    pub url: String,
    /// The request headers set by this client, in the order sent.
    pub request_headers: Vec<(String, String)>,
    /// The request body as sent; empty when there was none.
    pub request_body: Vec<u8>,
    /// The response status code.
    pub status: u16,
    /// The response headers in the order received, values decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
    /// The response body, gzip-decoded when the server sent it so, and cut at the body cap.
    pub body: Vec<u8>,
    /// Time from sending the last attempt to reading its last body byte.
    pub elapsed: Duration,
    /// How many attempts the request took, retries included.
    pub attempts: u32,
}

impl Exchange {
    /// Returns the first value of a response header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The failure of an exchange that did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The connection could not be opened: refused, DNS failure, TLS failure or connect timeout.
    #[error("cannot connect to `{url}`: {reason}")]
    Connect { url: String, reason: String },
    /// The exchange took longer than the request timeout.
    #[error("request to `{url}` timed out after {seconds} s")]
    TimedOut { url: String, seconds: f64 },
    /// The connection broke after the request was sent, before the whole response came.
    #[error("connection to `{url}` lost before the whole response came: {reason}")]
    Interrupted { url: String, reason: String },
    /// The response body is longer than the cap; reading stopped there.
    #[error(
        "response body from `{url}` exceeds the limit of {limit} bytes set by `--max-body-bytes`"
    )]
    BodyTooLarge {
        url: String,
        limit: u64,
        /// The exchange with the body cut at the limit.
        exchange: Box<Exchange>,
    },
    /// A replayed request differs from the recording.
    #[error("the replay differs from the recording: {reason}")]
    ReplayMismatch { reason: String },
    /// The URL would not be sent as rendered.
    #[error("invalid request URL `{url}`: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// Any other failure while sending the request or reading the response.
    #[error("request to `{url}` failed: {reason}")]
    Other { url: String, reason: String },
}

impl SendError {
    /// Returns whether the server could not be reached at all, as opposed to a failed exchange.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, SendError::Connect { .. } | SendError::TimedOut { .. })
    }

    /// Returns whether a request may have reached the server although no whole response
    /// came back, so that a request that is not idempotent may have taken effect.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            SendError::TimedOut { .. } | SendError::Interrupted { .. }
        )
    }

    /// Returns the rule the error breaks, for an error that is itself a contract finding: an
    /// oversized body.
    pub fn findings(&self) -> Vec<Finding> {
        match self {
            SendError::BodyTooLarge { limit, .. } => vec![Finding {
                location: "/".to_owned(),
                rule: "max-body-size".to_owned(),
                expected: format!("a body of at most {limit} bytes"),
                found: format!("more than {limit} bytes; reading stopped there"),
            }],
            _ => Vec::new(),
        }
    }

    /// Returns the partial exchange of an error that has one.
    pub fn exchange(&self) -> Option<&Exchange> {
        match self {
            SendError::BodyTooLarge { exchange, .. } => Some(exchange),
            _ => None,
        }
    }
}

/// Errors building the client.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client: {}", innermost_message(.0))]
pub struct ClientBuildError(reqwest::Error);

impl ClientBuildError {
    pub(crate) fn new(error: reqwest::Error) -> Self {
        ClientBuildError(error)
    }
}

/// An HTTP client that follows no redirects and decodes only the gzip it requests, so that
/// every response is seen as the server sent it.
///
/// It also draws the random values a suite needs (unknown ids, wrong tokens) from one seeded
/// generator, so that replaying a recording with the same seed sends the same requests.
#[derive(Clone, Debug)]
pub struct Client {
    transport: Transport,
    seed: u64,
    random: Arc<Mutex<rand::rngs::StdRng>>,
}

impl Client {
    /// Builds a client with the given time limits and the default retries and body cap.
    ///
    /// # Errors
    ///
    /// Returns an error when the TLS backend cannot be initialised.
    pub fn new(timeouts: Timeouts) -> Result<Self, ClientBuildError> {
        Client::with_settings(TransportSettings {
            timeouts,
            ..TransportSettings::default()
        })
    }

    /// Builds a client that sends requests over HTTP with `settings`.
    ///
    /// # Errors
    ///
    /// Returns an error when the TLS backend cannot be initialised.
    pub fn with_settings(settings: TransportSettings) -> Result<Self, ClientBuildError> {
        Ok(Client::from_transport(
            Transport::http(settings)?,
            rand::rng().random(),
        ))
    }

    /// Builds a client that returns recorded responses, drawing random values from `seed`.
    pub fn replaying(replayer: Arc<Replayer>, settings: TransportSettings, seed: u64) -> Self {
        Client::from_transport(Transport::replay(replayer, settings), seed)
    }

    fn from_transport(transport: Transport, seed: u64) -> Self {
        Client {
            transport,
            seed,
            random: Arc::new(Mutex::new(rand::rngs::StdRng::seed_from_u64(seed))),
        }
    }

    /// Writes every attempt to `recorder` from now on.
    pub fn record_to(&mut self, recorder: Arc<Recorder>) {
        self.transport.set_recorder(recorder);
    }

    /// Shows each attempt on `progress` from now on.
    pub fn show_progress(&mut self, progress: Arc<Progress>) {
        self.transport.set_progress(progress);
    }

    /// Returns the settings requests are sent with.
    pub fn settings(&self) -> &TransportSettings {
        self.transport.settings()
    }

    /// Returns the seed of the generator behind [`Client::random_uuid`].
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Returns a random version 4 UUID from the client's seeded generator.
    pub fn random_uuid(&self) -> uuid::Uuid {
        // A poisoned lock still holds a usable generator.
        let mut random = self
            .random
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        uuid::Builder::from_random_bytes(random.random()).into_uuid()
    }

    /// Sends `request` with `Content-Type: application/json` (documented as mandatory on
    /// every operation, GET included) and returns the exchange.
    ///
    /// With IAM credentials, a response `401 APIGW.0307` (the token must be updated) makes
    /// the client renew the token once and send the request again. The second response is
    /// returned whatever it is.
    ///
    /// # Errors
    ///
    /// Returns [`SendError::InvalidUrl`] when the URL would be re-encoded before sending,
    /// [`SendError::Connect`] or [`SendError::TimedOut`] when the server (or IAM) cannot be
    /// reached in time, and [`SendError::Other`] for any other failure.
    pub async fn send(&self, request: &Request) -> Result<Exchange, SendError> {
        self.send_with_body(request, None).await
    }

    /// Sends `request` as [`Client::send`] does, with `body` as the request body when given.
    /// A signature covers the body.
    ///
    /// # Errors
    ///
    /// Returns the errors of [`Client::send`].
    pub async fn send_with_body(
        &self,
        request: &Request,
        body: Option<&[u8]>,
    ) -> Result<Exchange, SendError> {
        let Some(Credentials::Iam(session)) = &request.auth else {
            return self.send_once(request, None, body).await;
        };
        let fail = |error: AuthError| auth_failure(&request.url, error);

        let http = self.iam_http(session).map_err(fail)?;
        let token = session.token(http).await.map_err(fail)?;
        let exchange = self.send_once(request, Some(&token), body).await?;
        if !auth::is_token_expired(exchange.status, &exchange.body) {
            return Ok(exchange);
        }
        tracing::warn!(url = %request.url, "token expired (APIGW.0307); renewing it and retrying once");
        let renewed = session.renew(http, &token).await.map_err(fail)?;
        let retried = self.send_once(request, Some(&renewed), body).await?;
        if auth::is_token_expired(retried.status, &retried.body) {
            tracing::warn!(url = %request.url, "the renewed token was rejected with APIGW.0307 too");
        }
        Ok(retried)
    }

    /// Obtains the first IAM token of `credentials` in IAM mode, so that rejected credentials
    /// end the run before its first check. Other credentials need no request.
    ///
    /// # Errors
    ///
    /// Returns an error when IAM cannot be reached, rejects the request, or sends no token.
    pub async fn authenticate(&self, credentials: &Credentials) -> Result<(), AuthError> {
        if let Credentials::Iam(session) = credentials {
            session.token(self.iam_http(session)?).await?;
        }
        Ok(())
    }

    /// Returns the HTTP client for IAM token requests, which a replay does not have because it
    /// sends nothing.
    fn iam_http(&self, session: &IamSession) -> Result<&reqwest::Client, AuthError> {
        self.transport
            .http_client()
            .ok_or_else(|| AuthError::IamUnreachable {
                url: session.endpoint().to_string(),
                reason: "a replay sends no request to IAM".to_owned(),
            })
    }

    /// Sends `request` once with `body`, and `iam_token` as `X-Auth-Token` for IAM credentials.
    async fn send_once(
        &self,
        request: &Request,
        iam_token: Option<&Secret>,
        body: Option<&[u8]>,
    ) -> Result<Exchange, SendError> {
        let url = parse_verbatim(&request.url)?;

        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("fgs-contract/", env!("CARGO_PKG_VERSION"))),
        );
        let authorized = match (&request.auth, iam_token) {
            (None, _) => Ok(()),
            (Some(Credentials::Token(token)), _) | (Some(Credentials::Iam(_)), Some(token)) => {
                auth::add_token(&mut headers, token)
            }
            (Some(Credentials::Iam(_)), None) => Ok(()),
            (Some(Credentials::AccessKey(keys)), _) => auth::sign_request(
                &mut headers,
                request.method.as_str(),
                &url,
                body.unwrap_or_default(),
                keys,
                SystemTime::now(),
            ),
        };
        authorized.map_err(|error| auth_failure(&request.url, error))?;
        let request_headers = headers
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() {
                    REDACTED.to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), shown)
            })
            .collect();

        tracing::debug!(method = %request.method, path = %url.path(), "sending request");
        self.transport
            .send(Prepared {
                method: request.method.clone(),
                url_text: request.url.clone(),
                url,
                headers,
                shown_headers: request_headers,
                body: body.map(<[u8]>::to_vec),
            })
            .await
    }
}

/// Turns a failure to authenticate into the failure of the exchange; an unreachable IAM
/// counts as an unreachable server.
fn auth_failure(url: &str, error: AuthError) -> SendError {
    let url = url.to_owned();
    if error.is_unreachable() {
        SendError::Connect {
            url,
            reason: error.to_string(),
        }
    } else {
        SendError::Other {
            url,
            reason: error.to_string(),
        }
    }
}

/// Parses `text` as a URL and checks that printing it gives back the same bytes, so that
/// the request line carries the path exactly as the model rendered it.
fn parse_verbatim(text: &str) -> Result<Url, SendError> {
    let url = Url::parse(text).map_err(|err| SendError::InvalidUrl {
        url: text.to_owned(),
        reason: err.to_string(),
    })?;
    if url.as_str() != text {
        return Err(SendError::InvalidUrl {
            url: text.to_owned(),
            reason: format!("it would be sent as `{}`", url.as_str()),
        });
    }
    Ok(url)
}

/// Returns the message of the deepest error in the chain, which names the actual cause
/// (for example "Connection refused") where the outer ones repeat the URL.
pub(crate) fn innermost_message(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// Accepts one connection, returns the request head as text and responds `204`.
    async fn capture_request_head(listener: TcpListener) -> String {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).await.unwrap();
            assert_ne!(read, 0, "connection closed before the end of the head");
            head.extend_from_slice(&buffer[..read]);
        }
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        String::from_utf8(head).unwrap()
    }

    async fn send_and_capture(path: &str, auth: Option<Credentials>) -> (Exchange, String) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(capture_request_head(listener));
        let client = Client::new(Timeouts::default()).unwrap();
        let request = Request {
            method: Method::GET,
            url: format!("{base}{path}"),
            auth,
        };
        let exchange = client.send(&request).await.unwrap();
        (exchange, server.await.unwrap())
    }

    #[tokio::test]
    async fn client_sends_percent_encoded_colons_verbatim() {
        let path =
            "/v2/p/fgs/functions/urn%3Afss%3Acn-north-4%3Ap%3Afunction%3Adefault%3Atest/events/e";
        let (_, head) = send_and_capture(path, None).await;
        assert!(
            head.starts_with(&format!("GET {path} HTTP/1.1\r\n")),
            "{head}"
        );
    }

    #[tokio::test]
    async fn client_sends_raw_colons_verbatim() {
        let path = "/v2/p/fgs/functions/urn:fss:cn-north-4:p:function:default:test:!dev/events/e";
        let (_, head) = send_and_capture(path, None).await;
        assert!(
            head.starts_with(&format!("GET {path} HTTP/1.1\r\n")),
            "{head}"
        );
    }

    #[tokio::test]
    async fn client_sends_token_and_content_type() {
        let (_, head) =
            send_and_capture("/x", Some(Credentials::Token(Secret::from("tok-123")))).await;
        let head = head.to_ascii_lowercase();
        assert!(head.contains("\r\nx-auth-token: tok-123\r\n"), "{head}");
        assert!(
            head.contains("\r\ncontent-type: application/json\r\n"),
            "{head}"
        );
    }

    #[tokio::test]
    async fn client_records_token_as_redacted() {
        let (exchange, _) =
            send_and_capture("/x", Some(Credentials::Token(Secret::from("tok-123")))).await;
        let token = exchange
            .request_headers
            .iter()
            .find(|(name, _)| name == AUTH_TOKEN_HEADER)
            .map(|(_, value)| value.as_str());
        assert_eq!(token, Some("[redacted]"));
        assert!(!format!("{exchange:?}").contains("tok-123"));
    }

    #[tokio::test]
    async fn client_records_status_and_headers() {
        let (exchange, _) = send_and_capture("/x", None).await;
        assert_eq!(exchange.status, 204);
        assert_eq!(exchange.header("Connection"), Some("close"));
        assert!(exchange.body.is_empty());
    }

    #[test]
    fn parse_verbatim_rejects_reencoded_url() {
        let err = parse_verbatim("http://127.0.0.1/a b").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request URL `http://127.0.0.1/a b`: it would be sent as `http://127.0.0.1/a%20b`"
        );
    }

    #[tokio::test]
    async fn client_closed_port_is_unreachable() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        drop(listener);
        let client = Client::new(Timeouts::default()).unwrap();
        let request = Request {
            method: Method::GET,
            url,
            auth: None,
        };
        let err = client.send(&request).await.unwrap_err();
        assert!(err.is_unreachable(), "{err}");
    }
}
