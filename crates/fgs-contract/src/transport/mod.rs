//! The transport under [`crate::client::Client`]: one HTTP attempt at a time over rustls, with
//! bounded retries, a cap on the response body, gzip decoding, and optional recording and
//! replay of every attempt.

pub mod body;
pub mod create;
pub mod retry;
pub mod tls;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT_ENCODING, CONTENT_ENCODING, RETRY_AFTER};
use reqwest::{Method, Url};

use crate::client::{innermost_message, ClientBuildError, Exchange, SendError, Timeouts};
use crate::progress::Progress;
use crate::record::{AttemptRecord, Recorder};
use crate::replay::Replayer;
use body::{BodyReader, Encoding};
use retry::{AttemptKind, Backoff, Verdict};
pub use tls::{CaBundle, CaError};

/// The default number of retries after a failed attempt.
pub const DEFAULT_RETRIES: u32 = 2;

/// The default cap on a response body: 1 MiB, far above any documented response.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1 << 20;

/// Everything that shapes how requests are sent.
#[derive(Clone, Debug)]
pub struct TransportSettings {
    /// Connection and request time limits.
    pub timeouts: Timeouts,
    /// How many times a failed attempt may be repeated.
    pub retries: u32,
    /// The maximum number of response body bytes read, counted after gzip decoding. A longer
    /// body is cut there and reported.
    pub max_body_bytes: u64,
    /// Certificate authorities trusted in addition to the system's roots.
    pub extra_ca: Option<CaBundle>,
    /// Waits between attempts.
    pub backoff: Backoff,
}

impl Default for TransportSettings {
    fn default() -> Self {
        TransportSettings {
            timeouts: Timeouts::default(),
            retries: DEFAULT_RETRIES,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            extra_ca: None,
            backoff: Backoff::default(),
        }
    }
}

/// A request ready to go on the wire.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    pub method: Method,
    /// The URL exactly as given by the caller.
    pub url_text: String,
    pub url: Url,
    pub headers: HeaderMap,
    /// The request headers as a report may show them, secrets already replaced.
    pub shown_headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// A response as one attempt received it, the body decoded and capped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// The headers in the order received, values decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
    /// The body after gzip decoding, at most the cap.
    pub body: Vec<u8>,
    /// Whether the body was longer than the cap.
    pub body_exceeded: bool,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The failure of an attempt that got no usable response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttemptError {
    /// No connection could be opened: refused, DNS, TLS or connect timeout.
    Connect(String),
    /// The request timeout ran out after the request was sent.
    TimedOut,
    /// The connection broke after the request was sent.
    Interrupted(String),
    /// The body is labelled gzip but cannot be decoded.
    InvalidGzip(String),
    /// A replayed request does not match the recording.
    ReplayMismatch(String),
    /// Any other failure.
    Other(String),
}

impl fmt::Display for AttemptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptError::Connect(reason) => write!(f, "cannot connect: {reason}"),
            AttemptError::TimedOut => f.write_str("timed out"),
            AttemptError::Interrupted(reason) => write!(f, "connection lost: {reason}"),
            AttemptError::InvalidGzip(reason) => write!(f, "invalid gzip body: {reason}"),
            AttemptError::ReplayMismatch(reason) => write!(f, "replay mismatch: {reason}"),
            AttemptError::Other(reason) => f.write_str(reason),
        }
    }
}

/// The result of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// A whole response, possibly with a capped body.
    Response(RawResponse),
    /// No usable response.
    Failed(AttemptError),
}

impl AttemptOutcome {
    fn kind(&self) -> AttemptKind {
        match self {
            AttemptOutcome::Response(response) if response.body_exceeded => AttemptKind::Final,
            AttemptOutcome::Response(response) => AttemptKind::Response {
                status: response.status,
                throttled: retry::is_throttled_body(response.status, &response.body),
            },
            AttemptOutcome::Failed(AttemptError::Connect(_)) => AttemptKind::ConnectFailed,
            AttemptOutcome::Failed(AttemptError::TimedOut | AttemptError::Interrupted(_)) => {
                AttemptKind::Lost
            }
            AttemptOutcome::Failed(_) => AttemptKind::Final,
        }
    }

    /// Returns the server's `Retry-After`, read as seconds or an HTTP date.
    fn retry_after(&self) -> Option<Duration> {
        let AttemptOutcome::Response(response) = self else {
            return None;
        };
        let value = response.header(RETRY_AFTER.as_str())?;
        retry::parse_retry_after(value, SystemTime::now())
    }

    /// Returns a few words on the outcome, for logs.
    fn summary(&self) -> String {
        match self {
            AttemptOutcome::Response(response) => format!("status {}", response.status),
            AttemptOutcome::Failed(error) => error.to_string(),
        }
    }

    /// Returns the `X-Request-Id` the server sent, for logs.
    fn request_id(&self) -> Option<&str> {
        match self {
            AttemptOutcome::Response(response) => response.header("x-request-id"),
            AttemptOutcome::Failed(_) => None,
        }
    }
}

/// The destination of attempts: a real HTTP client, or a recording.
#[derive(Clone)]
enum Backend {
    Http(reqwest::Client),
    Replay(Arc<Replayer>),
}

/// Sends prepared requests with retries, and records or replays them.
#[derive(Clone)]
pub(crate) struct Transport {
    backend: Backend,
    settings: TransportSettings,
    recorder: Option<Arc<Recorder>>,
    progress: Option<Arc<Progress>>,
    /// The counter that numbers requests, so that the retries and log lines of one request
    /// can be matched.
    sequence: Arc<AtomicU64>,
    /// When the transport was built; recorded attempts are timed from here.
    epoch: Instant,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let backend = match self.backend {
            Backend::Http(_) => "http",
            Backend::Replay(_) => "replay",
        };
        f.debug_struct("Transport")
            .field("backend", &backend)
            .field("settings", &self.settings)
            .field("recording", &self.recorder.is_some())
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// Builds an HTTP transport: rustls with the system's roots, the bundled Mozilla roots and
    /// any extra CA, proxies from `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`, no
    /// redirects and no automatic decompression.
    pub(crate) fn http(settings: TransportSettings) -> Result<Self, ClientBuildError> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(settings.timeouts.connect)
            .timeout(settings.timeouts.request)
            .redirect(reqwest::redirect::Policy::none())
            .no_gzip();
        if let Some(bundle) = &settings.extra_ca {
            for certificate in bundle.certificates() {
                builder = builder.add_root_certificate(certificate.clone());
            }
        }
        let http = builder.build().map_err(ClientBuildError::new)?;
        Ok(Transport::with_backend(Backend::Http(http), settings))
    }

    /// Builds a transport that returns recorded responses, without waiting between retries.
    pub(crate) fn replay(replayer: Arc<Replayer>, mut settings: TransportSettings) -> Self {
        settings.backoff = Backoff::NONE;
        Transport::with_backend(Backend::Replay(replayer), settings)
    }

    fn with_backend(backend: Backend, settings: TransportSettings) -> Self {
        Transport {
            backend,
            settings,
            recorder: None,
            progress: None,
            sequence: Arc::new(AtomicU64::new(0)),
            epoch: Instant::now(),
        }
    }

    pub(crate) fn set_recorder(&mut self, recorder: Arc<Recorder>) {
        self.recorder = Some(recorder);
    }

    pub(crate) fn set_progress(&mut self, progress: Arc<Progress>) {
        self.progress = Some(progress);
    }

    pub(crate) fn settings(&self) -> &TransportSettings {
        &self.settings
    }

    /// Returns the HTTP client of an HTTP transport, for requests outside the checked API such
    /// as IAM token requests; a replaying transport has none.
    pub(crate) fn http_client(&self) -> Option<&reqwest::Client> {
        match &self.backend {
            Backend::Http(http) => Some(http),
            Backend::Replay(_) => None,
        }
    }

    /// Sends `request`, repeating it as [`retry::judge`] allows, and returns the last
    /// response.
    pub(crate) async fn send(&self, mut request: Prepared) -> Result<Exchange, SendError> {
        if !request.headers.contains_key(ACCEPT_ENCODING) {
            request
                .headers
                .insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
            request
                .shown_headers
                .push((ACCEPT_ENCODING.as_str().to_owned(), "gzip".to_owned()));
        }
        let sequence = self.sequence.fetch_add(1, Ordering::Relaxed) + 1;
        let idempotent = retry::is_idempotent(&request.method);
        let path = request.url.path().to_owned();

        let mut retries = 0;
        loop {
            let started = Instant::now();
            let (outcome, elapsed) = self.attempt(&request).await;
            let elapsed = elapsed.unwrap_or_else(|| started.elapsed());
            self.after_attempt(sequence, retries + 1, &request, &outcome, started, elapsed);

            // A replay mismatch ends the command with its own message.
            let logged = !matches!(
                outcome,
                AttemptOutcome::Failed(AttemptError::ReplayMismatch(_))
            );
            if let (AttemptOutcome::Failed(error), true) = (&outcome, logged) {
                tracing::warn!(
                    request = sequence,
                    attempt = retries + 1,
                    method = %request.method,
                    path = %path,
                    %error,
                    "request failed"
                );
            }
            let verdict = retry::judge(outcome.kind(), idempotent);
            if verdict == Verdict::Retry && retries < self.settings.retries {
                let wait = self.settings.backoff.wait(retries, outcome.retry_after());
                tracing::warn!(
                    request = sequence,
                    request_id = outcome.request_id().unwrap_or("none"),
                    attempt = retries + 1,
                    retries = self.settings.retries,
                    method = %request.method,
                    path = %path,
                    reason = %outcome.summary(),
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "retrying request"
                );
                tokio::time::sleep(wait).await;
                retries += 1;
                continue;
            }
            return self.conclude(request, outcome, retries + 1, elapsed);
        }
    }

    /// Runs one attempt; a replayed attempt also returns its recorded duration.
    async fn attempt(&self, request: &Prepared) -> (AttemptOutcome, Option<Duration>) {
        match &self.backend {
            Backend::Http(http) => (self.attempt_http(http, request).await, None),
            Backend::Replay(replayer) => {
                let (outcome, elapsed) = replayer.answer(&request.method, &request.url);
                (outcome, Some(elapsed))
            }
        }
    }

    async fn attempt_http(&self, http: &reqwest::Client, request: &Prepared) -> AttemptOutcome {
        let mut builder = http
            .request(request.method.clone(), request.url.clone())
            .headers(request.headers.clone());
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let mut response = match builder.send().await {
            Ok(response) => response,
            Err(err) => return AttemptOutcome::Failed(classify(&err)),
        };

        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let encoding = Encoding::from_header(
            response
                .headers()
                .get(CONTENT_ENCODING)
                .and_then(|value| value.to_str().ok()),
        );

        let mut reader = BodyReader::new(encoding, self.settings.max_body_bytes);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => match reader.push(&chunk) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(err) => return AttemptOutcome::Failed(invalid_gzip(&err)),
                },
                Ok(None) => break,
                Err(err) => return AttemptOutcome::Failed(classify(&err)),
            }
        }
        // Dropping the response here closes a connection whose body was not read to the end.
        drop(response);
        match reader.finish() {
            Ok(body) => AttemptOutcome::Response(RawResponse {
                status,
                headers,
                body: body.bytes,
                body_exceeded: body.exceeded,
            }),
            Err(err) => AttemptOutcome::Failed(invalid_gzip(&err)),
        }
    }

    fn after_attempt(
        &self,
        sequence: u64,
        attempt: u32,
        request: &Prepared,
        outcome: &AttemptOutcome,
        started: Instant,
        elapsed: Duration,
    ) {
        if let Some(progress) = &self.progress {
            progress.attempt_done(sequence, &request.method, &request.url, outcome);
        }
        if let Some(recorder) = &self.recorder {
            recorder.record(AttemptRecord {
                sequence,
                attempt,
                method: request.method.as_str(),
                url: &request.url_text,
                headers: &request.headers,
                body: request.body.as_deref(),
                outcome,
                started: started.saturating_duration_since(self.epoch),
                elapsed,
            });
        }
    }

    /// Turns the last attempt into an exchange or an error.
    fn conclude(
        &self,
        request: Prepared,
        outcome: AttemptOutcome,
        attempts: u32,
        elapsed: Duration,
    ) -> Result<Exchange, SendError> {
        let url = request.url_text;
        match outcome {
            AttemptOutcome::Response(response) => {
                let exceeded = response.body_exceeded;
                let exchange = Exchange {
                    method: request.method.as_str().to_owned(),
                    url: url.clone(),
                    request_headers: request.shown_headers,
                    request_body: request.body.unwrap_or_default(),
                    status: response.status,
                    headers: response.headers,
                    body: response.body,
                    elapsed,
                    attempts,
                };
                if exceeded {
                    Err(SendError::BodyTooLarge {
                        url,
                        limit: self.settings.max_body_bytes,
                        exchange: Box::new(exchange),
                    })
                } else {
                    Ok(exchange)
                }
            }
            AttemptOutcome::Failed(error) => Err(match error {
                AttemptError::Connect(reason) => SendError::Connect { url, reason },
                AttemptError::TimedOut => SendError::TimedOut {
                    url,
                    seconds: self.settings.timeouts.request.as_secs_f64(),
                },
                AttemptError::Interrupted(reason) => SendError::Interrupted { url, reason },
                AttemptError::ReplayMismatch(reason) => SendError::ReplayMismatch { reason },
                AttemptError::InvalidGzip(reason) => SendError::Other {
                    url,
                    reason: format!("invalid gzip body: {reason}"),
                },
                AttemptError::Other(reason) => SendError::Other { url, reason },
            }),
        }
    }
}

fn invalid_gzip(err: &body::GzipError) -> AttemptError {
    AttemptError::InvalidGzip(innermost_message(err))
}

/// Sorts a reqwest error by when it happened: before the request was sent, or after.
fn classify(err: &reqwest::Error) -> AttemptError {
    if err.is_connect() {
        AttemptError::Connect(innermost_message(err))
    } else if err.is_timeout() {
        AttemptError::TimedOut
    } else if err.is_request() || err.is_body() || err.is_decode() {
        AttemptError::Interrupted(innermost_message(err))
    } else {
        AttemptError::Other(innermost_message(err))
    }
}
