//! Recording every attempt of a run as JSON files, with secrets replaced before anything is
//! written and run-specific values replaced by references.
//!
//! A recording is a directory holding `recording.json` (the [`Manifest`]: the target and the
//! settings of the run) and one `exchange-NNNNNN.json` per attempt, numbered in the order sent
//! (a [`RecordedExchange`]). `fgs-contract replay DIR` runs the checks again on it.

pub mod redact;
pub mod volatile;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::transport::{AttemptError, AttemptOutcome};
use fgs_model::secret::Secret;
use volatile::{VolatileKind, VolatileRefs};

/// The layout version of a recording; it changes when a key is removed or changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// The name of the manifest file in a recording directory.
pub const MANIFEST_FILE: &str = "recording.json";

/// The prefix of exchange file names.
pub const EXCHANGE_PREFIX: &str = "exchange-";

/// The target and settings of a recorded run, everything replay needs besides the exchanges.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The `fgs-contract` version that wrote the recording.
    pub tool_version: String,
    /// The base URL the run was sent to.
    pub endpoint: String,
    /// The project ID of the target.
    pub project_id: String,
    /// The function URN of the target, as given.
    pub function_urn: String,
    /// The event ID of the target, usually a reference such as `{{event-id-1}}`.
    pub event_id: String,
    /// The seed of the generator the suite drew its random values from.
    pub seed: u64,
    /// The retries allowed after a failed attempt.
    pub retries: u32,
    /// The response body cap in bytes.
    pub max_body_bytes: u64,
    /// The request timeout in seconds.
    pub timeout_seconds: f64,
    /// Whether the run left out the checks that write to the account.
    pub read_only: bool,
    /// Whether the run filled the function to its event quota.
    pub quota: bool,
}

/// One attempt: the request, and its response or the error that ended it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedExchange {
    /// The number of the request in the run; retries of a request share it.
    pub sequence: u64,
    /// 1 for the first attempt of a request, 2 for its first retry, and so on.
    pub attempt: u32,
    /// Milliseconds from the start of the run to the start of the attempt.
    pub started_ms: u64,
    /// Milliseconds the attempt took.
    pub elapsed_ms: u64,
    /// The request as sent, secrets replaced.
    pub request: RecordedRequest,
    /// The response, when one came back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<RecordedResponse>,
    /// The error, when no usable response came back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<RecordedError>,
}

/// A recorded request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedRequest {
    /// The HTTP method.
    pub method: String,
    /// The absolute URL, as sent.
    pub url: String,
    /// The headers in the order sent.
    pub headers: Vec<RecordedHeader>,
    /// The body, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<RecordedBody>,
}

/// A recorded response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedResponse {
    /// The status code.
    pub status: u16,
    /// The headers in the order received.
    pub headers: Vec<RecordedHeader>,
    /// The body after gzip decoding, at most the body cap.
    pub body: RecordedBody,
    /// Whether the body was longer than the cap.
    #[serde(default)]
    pub body_exceeded: bool,
}

/// One header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedHeader {
    /// The lowercase name.
    pub name: String,
    /// The value, decoded lossily as UTF-8.
    pub value: String,
}

/// A body: UTF-8 text as it is, anything else as standard base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RecordedBody {
    /// A body that is valid UTF-8.
    Text(String),
    /// Any other body, as padded standard base64.
    Base64(String),
}

impl RecordedBody {
    fn new(bytes: &[u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) => RecordedBody::Text(text.to_owned()),
            Err(_) => RecordedBody::Base64(base64::engine::general_purpose::STANDARD.encode(bytes)),
        }
    }

    /// Returns the bytes of the body.
    ///
    /// # Errors
    ///
    /// Returns the decoding error of a base64 body.
    pub fn to_bytes(&self) -> Result<Vec<u8>, base64::DecodeError> {
        match self {
            RecordedBody::Text(text) => Ok(text.as_bytes().to_vec()),
            RecordedBody::Base64(encoded) => {
                base64::engine::general_purpose::STANDARD.decode(encoded)
            }
        }
    }
}

/// The failure of an attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedError {
    /// `connect`, `timeout`, `interrupted`, `invalid-gzip` or `other`.
    pub kind: String,
    /// The cause, as reported.
    pub message: String,
}

impl RecordedError {
    fn new(error: &AttemptError) -> Self {
        let (kind, message) = match error {
            AttemptError::Connect(reason) => ("connect", reason.clone()),
            AttemptError::TimedOut => ("timeout", String::new()),
            AttemptError::Interrupted(reason) => ("interrupted", reason.clone()),
            AttemptError::InvalidGzip(reason) => ("invalid-gzip", reason.clone()),
            AttemptError::ReplayMismatch(reason) | AttemptError::Other(reason) => {
                ("other", reason.clone())
            }
        };
        RecordedError {
            kind: kind.to_owned(),
            message,
        }
    }

    /// Returns the attempt error this record stands for.
    pub fn to_attempt_error(&self) -> AttemptError {
        let message = self.message.clone();
        match self.kind.as_str() {
            "connect" => AttemptError::Connect(message),
            "timeout" => AttemptError::TimedOut,
            "interrupted" => AttemptError::Interrupted(message),
            "invalid-gzip" => AttemptError::InvalidGzip(message),
            _ => AttemptError::Other(message),
        }
    }
}

/// A failure to write a recording.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The directory contains files already.
    #[error("recording directory `{}` is not empty", .0.display())]
    NotEmpty(PathBuf),
    /// A file or directory could not be created or written.
    #[error("cannot write the recording to `{}`: {error}", .path.display())]
    Write { path: PathBuf, error: io::Error },
}

/// The data the transport passes to the recorder after each attempt.
#[derive(Debug)]
pub(crate) struct AttemptRecord<'a> {
    pub sequence: u64,
    pub attempt: u32,
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a HeaderMap,
    pub body: Option<&'a [u8]>,
    pub outcome: &'a AttemptOutcome,
    pub started: Duration,
    pub elapsed: Duration,
}

/// Writes each attempt to its own file as soon as it completes, so a run that stops early
/// still leaves what it sent.
#[derive(Debug)]
pub struct Recorder {
    dir: PathBuf,
    secrets: Vec<Secret>,
    state: Mutex<RecorderState>,
}

#[derive(Debug, Default)]
struct RecorderState {
    written: usize,
    refs: VolatileRefs,
    error: Option<RecordError>,
}

impl Recorder {
    /// Creates `dir` (or takes an empty one) and writes the manifest. `secrets` are replaced
    /// wherever they appear, on top of the redaction by header name and JSON key.
    ///
    /// # Errors
    ///
    /// Returns an error when the directory contains files or cannot be written.
    pub fn create(
        dir: &Path,
        manifest: &Manifest,
        secrets: Vec<Secret>,
    ) -> Result<Self, RecordError> {
        let write_error = |path: &Path, error| RecordError::Write {
            path: path.to_owned(),
            error,
        };
        std::fs::create_dir_all(dir).map_err(|error| write_error(dir, error))?;
        let mut entries = std::fs::read_dir(dir).map_err(|error| write_error(dir, error))?;
        if entries.next().is_some() {
            return Err(RecordError::NotEmpty(dir.to_owned()));
        }

        let mut refs = VolatileRefs::default();
        refs.register(VolatileKind::EventId, &manifest.event_id);
        let manifest = Manifest {
            event_id: refs.apply(&manifest.event_id),
            ..manifest.clone()
        };
        let recorder = Recorder {
            dir: dir.to_owned(),
            secrets,
            state: Mutex::new(RecorderState {
                refs,
                ..RecorderState::default()
            }),
        };
        recorder
            .write_json(&dir.join(MANIFEST_FILE), &manifest)
            .map_err(|error| write_error(&dir.join(MANIFEST_FILE), error))?;
        Ok(recorder)
    }

    /// Records one attempt. A write failure is kept and returned by [`Recorder::finish`],
    /// so that the run itself goes on.
    pub(crate) fn record(&self, attempt: AttemptRecord<'_>) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if state.error.is_some() {
            return;
        }
        register_volatile(&mut state.refs, &attempt);
        let exchange = build_exchange(&attempt, &state.refs);
        state.written += 1;
        let path = self
            .dir
            .join(format!("{EXCHANGE_PREFIX}{:06}.json", state.written));
        if let Err(error) = self.write_json(&path, &exchange) {
            tracing::error!(path = %path.display(), %error, "cannot write the recording");
            state.error = Some(RecordError::Write { path, error });
        }
    }

    /// Returns how many attempts were written, or the first write error.
    ///
    /// # Errors
    ///
    /// Returns the first error met while recording.
    pub fn finish(&self) -> Result<usize, RecordError> {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match state.error.take() {
            Some(error) => Err(error),
            None => Ok(state.written),
        }
    }

    /// Serialises `value`, replaces every secret in the text, and writes it.
    fn write_json<T: Serialize>(&self, path: &Path, value: &T) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value)?;
        let text = redact::scrub(&text, &self.secrets);
        let mut file = std::fs::File::create(path)?;
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_data()
    }
}

/// Finds the run-specific values in an attempt: the event id of the path, `X-Request-Id`,
/// `Date`, and the `id`, `events[].id` and `request_id` fields of a JSON body.
fn register_volatile(refs: &mut VolatileRefs, attempt: &AttemptRecord<'_>) {
    if let Some(event_id) = path_event_id(attempt.url) {
        refs.register(VolatileKind::EventId, event_id);
    }
    let AttemptOutcome::Response(response) = attempt.outcome else {
        return;
    };
    for (name, value) in &response.headers {
        if name.eq_ignore_ascii_case("x-request-id") {
            refs.register(VolatileKind::RequestId, value);
        } else if name.eq_ignore_ascii_case("date") {
            refs.register(VolatileKind::Date, value);
        }
    }
    let Ok(serde_json::Value::Object(body)) = serde_json::from_slice(&response.body) else {
        return;
    };
    if let Some(id) = body.get("id").and_then(serde_json::Value::as_str) {
        refs.register(VolatileKind::EventId, id);
    }
    if let Some(id) = body.get("request_id").and_then(serde_json::Value::as_str) {
        refs.register(VolatileKind::RequestId, id);
    }
    if let Some(events) = body.get("events").and_then(serde_json::Value::as_array) {
        for id in events
            .iter()
            .filter_map(|event| event.get("id").and_then(serde_json::Value::as_str))
        {
            refs.register(VolatileKind::EventId, id);
        }
    }
}

/// Returns the path segment after `/events/`, when the URL has one.
fn path_event_id(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let (_, rest) = path.rsplit_once("/events/")?;
    let segment = rest.split('/').next().unwrap_or_default();
    (!segment.is_empty()).then_some(segment)
}

fn build_exchange(attempt: &AttemptRecord<'_>, refs: &VolatileRefs) -> RecordedExchange {
    let request_headers = attempt
        .headers
        .iter()
        .map(|(name, value)| {
            let text = String::from_utf8_lossy(value.as_bytes());
            RecordedHeader {
                name: name.as_str().to_owned(),
                value: refs.apply(&redact::header_value(
                    name.as_str(),
                    &text,
                    value.is_sensitive(),
                )),
            }
        })
        .collect();
    let request_body = attempt.body.map(|body| {
        let redacted = redact::json_body(body);
        templated_body(redacted.as_deref().unwrap_or(body), refs)
    });

    let (response, error) = match attempt.outcome {
        AttemptOutcome::Response(response) => {
            let headers = response
                .headers
                .iter()
                .map(|(name, value)| RecordedHeader {
                    name: name.clone(),
                    value: refs.apply(&redact::header_value(name, value, false)),
                })
                .collect();
            let body = redact::json_body(&response.body);
            let recorded = RecordedResponse {
                status: response.status,
                headers,
                body: templated_body(body.as_deref().unwrap_or(&response.body), refs),
                body_exceeded: response.body_exceeded,
            };
            (Some(recorded), None)
        }
        AttemptOutcome::Failed(error) => {
            let mut recorded = RecordedError::new(error);
            recorded.message = refs.apply(&recorded.message);
            (None, Some(recorded))
        }
    };

    RecordedExchange {
        sequence: attempt.sequence,
        attempt: attempt.attempt,
        started_ms: millis(attempt.started),
        elapsed_ms: millis(attempt.elapsed),
        request: RecordedRequest {
            method: attempt.method.to_owned(),
            url: refs.apply(attempt.url),
            headers: request_headers,
            body: request_body,
        },
        response,
        error,
    }
}

fn templated_body(bytes: &[u8], refs: &VolatileRefs) -> RecordedBody {
    match RecordedBody::new(bytes) {
        RecordedBody::Text(text) => RecordedBody::Text(refs.apply(&text)),
        binary => binary,
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_event_id_each_shape() {
        let cases = [
            (
                "http://h/v2/p/fgs/functions/u/events/abc-123",
                Some("abc-123"),
            ),
            ("http://h/v2/p/fgs/functions/u/events/abc?x=1", Some("abc")),
            ("http://h/v2/p/fgs/functions/u/events", None),
            ("http://h/v2/p/fgs/functions/u/events/", None),
        ];
        for (url, expected) in cases {
            assert_eq!(path_event_id(url), expected, "{url}");
        }
    }

    #[test]
    fn recorded_body_text_and_binary_round_trip() {
        for bytes in [b"{\"a\":1}".to_vec(), vec![0xff, 0x00, 0x80]] {
            assert_eq!(RecordedBody::new(&bytes).to_bytes().unwrap(), bytes);
        }
    }

    #[test]
    fn recorded_error_kinds_round_trip() {
        let errors = [
            AttemptError::Connect("refused".to_owned()),
            AttemptError::TimedOut,
            AttemptError::Interrupted("reset".to_owned()),
            AttemptError::InvalidGzip("bad header".to_owned()),
            AttemptError::Other("odd".to_owned()),
        ];
        for error in errors {
            assert_eq!(RecordedError::new(&error).to_attempt_error(), error);
        }
    }
}
