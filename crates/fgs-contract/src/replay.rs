//! A replay backend that returns recorded responses in the order they were recorded.
//!
//! Each request must match the next recorded attempt by method and by path and query. A
//! reference such as `{{event-id-1}}` in the recorded path matches any text without `/`, `?`
//! or `#`, and the first match binds it: from then on the reference stands for that text, in
//! later paths and in the responses handed back. A reference that a response uses before any
//! request bound it gets a made-up value of the same kind. So an id that the server returned
//! and a later request used is still checked to be the same.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, UNIX_EPOCH};

use reqwest::{Method, Url};

use crate::record::volatile::VolatileKind;
use crate::record::{Manifest, RecordedExchange, EXCHANGE_PREFIX, FORMAT_VERSION, MANIFEST_FILE};
use crate::transport::{AttemptError, AttemptOutcome, RawResponse};

/// A recording that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or the directory cannot be read.
    #[error("cannot read the recording `{}`: {error}", .path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A file is not a recording file of this format.
    #[error("invalid recording file `{}`: {error}", .path.display())]
    Invalid {
        path: PathBuf,
        error: serde_json::Error,
    },
    /// The recording was written in another layout.
    #[error(
        "recording `{}` has format version {found}, expected {FORMAT_VERSION}",
        .path.display()
    )]
    Version { path: PathBuf, found: u32 },
    /// A response body marked as base64 cannot be decoded.
    #[error("invalid recording file `{}`: the response body is not valid base64", .path.display())]
    Body { path: PathBuf },
}

/// A recording read from disk.
#[derive(Clone, Debug)]
pub struct Recording {
    /// The target and settings of the recorded run.
    pub manifest: Manifest,
    /// Every attempt, in the order sent.
    pub exchanges: Vec<RecordedExchange>,
}

impl Recording {
    /// Reads `recording.json` and every `exchange-N.json` of `dir`.
    ///
    /// # Errors
    ///
    /// Returns an error naming the file that cannot be read or parsed.
    pub fn load(dir: &Path) -> Result<Self, LoadError> {
        let manifest_path = dir.join(MANIFEST_FILE);
        let manifest: Manifest = read_json(&manifest_path)?;
        if manifest.format_version != FORMAT_VERSION {
            return Err(LoadError::Version {
                path: manifest_path,
                found: manifest.format_version,
            });
        }

        let read_error = |error| LoadError::Read {
            path: dir.to_owned(),
            error,
        };
        let mut numbered = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(read_error)? {
            let path = entry.map_err(read_error)?.path();
            let number = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_prefix(EXCHANGE_PREFIX))
                .and_then(|name| name.strip_suffix(".json"))
                .and_then(|number| number.parse::<u64>().ok());
            if let Some(number) = number {
                numbered.push((number, path));
            }
        }
        numbered.sort();

        let mut exchanges = Vec::with_capacity(numbered.len());
        for (_, path) in numbered {
            let exchange: RecordedExchange = read_json(&path)?;
            if let Some(response) = &exchange.response {
                if response.body.to_bytes().is_err() {
                    return Err(LoadError::Body { path });
                }
            }
            exchanges.push(exchange);
        }
        Ok(Recording {
            manifest,
            exchanges,
        })
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, LoadError> {
    let text = std::fs::read(path).map_err(|error| LoadError::Read {
        path: path.to_owned(),
        error,
    })?;
    serde_json::from_slice(&text).map_err(|error| LoadError::Invalid {
        path: path.to_owned(),
        error,
    })
}

/// Hands out recorded responses in order, binding references as requests arrive.
#[derive(Debug)]
pub struct Replayer {
    exchanges: Vec<RecordedExchange>,
    state: Mutex<ReplayState>,
}

#[derive(Debug, Default)]
struct ReplayState {
    next: usize,
    bindings: Bindings,
    mismatch: Option<String>,
}

impl Replayer {
    /// Builds a replayer over the attempts of `recording`.
    pub fn new(recording: &Recording) -> Self {
        Replayer {
            exchanges: recording.exchanges.clone(),
            state: Mutex::new(ReplayState::default()),
        }
    }

    /// Replaces the references in `text`, such as the manifest's event id, binding each
    /// unbound one to a made-up value.
    pub fn resolve(&self, text: &str) -> String {
        let mut state = self.lock();
        state.bindings.substitute(text)
    }

    /// Returns the recorded outcome of the next attempt and its recorded duration, or a
    /// mismatch when the request is not the one recorded next.
    pub(crate) fn answer(&self, method: &Method, url: &Url) -> (AttemptOutcome, Duration) {
        let mut state = self.lock();
        let live = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        if let Some(mismatch) = &state.mismatch {
            return (mismatched(mismatch.clone()), Duration::ZERO);
        }
        let Some(recorded) = self.exchanges.get(state.next) else {
            let reason = format!(
                "the recording has {} attempts and none is left for `{method} {live}`",
                self.exchanges.len()
            );
            state.mismatch = Some(reason.clone());
            return (mismatched(reason), Duration::ZERO);
        };
        let recorded_path = path_of(&recorded.request.url);
        let matched = recorded.request.method == method.as_str()
            && state.bindings.match_template(recorded_path, &live);
        if !matched {
            let reason = format!(
                "attempt {} of the recording is `{} {recorded_path}`, the replay sent `{method} {live}`",
                state.next + 1,
                recorded.request.method
            );
            state.mismatch = Some(reason.clone());
            return (mismatched(reason), Duration::ZERO);
        }
        state.next += 1;

        let elapsed = Duration::from_millis(recorded.elapsed_ms);
        let outcome = match (&recorded.response, &recorded.error) {
            (Some(response), _) => {
                let headers = response
                    .headers
                    .iter()
                    .map(|header| {
                        (
                            header.name.clone(),
                            state.bindings.substitute(&header.value),
                        )
                    })
                    .collect();
                // `Recording::load` checked that every body decodes.
                let bytes = response.body.to_bytes().unwrap_or_default();
                let body = match String::from_utf8(bytes) {
                    Ok(text) => state.bindings.substitute(&text).into_bytes(),
                    Err(err) => err.into_bytes(),
                };
                AttemptOutcome::Response(RawResponse {
                    status: response.status,
                    headers,
                    body,
                    body_exceeded: response.body_exceeded,
                })
            }
            (None, Some(error)) => AttemptOutcome::Failed(error.to_attempt_error()),
            (None, None) => AttemptOutcome::Failed(AttemptError::Other(
                "invalid recording: the attempt has neither a response nor an error".to_owned(),
            )),
        };
        (outcome, elapsed)
    }

    /// Returns the first mismatch, or a note of recorded attempts that the replay never
    /// requested.
    ///
    /// # Errors
    ///
    /// Returns the reason the replay did not follow the recording.
    pub fn finish(&self) -> Result<(), String> {
        let state = self.lock();
        if let Some(mismatch) = &state.mismatch {
            return Err(mismatch.clone());
        }
        let left = self.exchanges.len() - state.next;
        if left > 0 {
            return Err(format!(
                "the replay stopped after {} of the {} recorded attempts",
                state.next,
                self.exchanges.len()
            ));
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ReplayState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn mismatched(reason: String) -> AttemptOutcome {
    AttemptOutcome::Failed(AttemptError::ReplayMismatch(reason))
}

/// Returns the path and query of an absolute URL, leaving any reference in it as written.
fn path_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |index| index + 3);
    url[after_scheme..]
        .find('/')
        .map_or("/", |index| &url[after_scheme + index..])
}

/// One piece of a template: literal text or a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'a> {
    Literal(&'a str),
    Reference(&'a str),
}

/// Splits `template` at each `{{kind-n}}` reference.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start..].find("}}") else {
            break;
        };
        let reference = &rest[start..start + length + 2];
        if parse_reference(reference).is_none() {
            pieces.push(Piece::Literal(&rest[..start + 2]));
            rest = &rest[start + 2..];
            continue;
        }
        if start > 0 {
            pieces.push(Piece::Literal(&rest[..start]));
        }
        pieces.push(Piece::Reference(reference));
        rest = &rest[start + length + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    pieces
}

/// Reads `{{kind-n}}` as its kind and number.
fn parse_reference(text: &str) -> Option<(VolatileKind, u32)> {
    let inner = text.strip_prefix("{{")?.strip_suffix("}}")?;
    let (kind, number) = inner.rsplit_once('-')?;
    Some((VolatileKind::from_name(kind)?, number.parse().ok()?))
}

/// The values references stand for in this replay; no two references share a value.
#[derive(Debug, Default)]
struct Bindings {
    values: HashMap<String, String>,
}

impl Bindings {
    /// Matches `live` against `template`, binding unbound references; on a mismatch no
    /// binding changes.
    fn match_template(&mut self, template: &str, live: &str) -> bool {
        let pieces = pieces(template);
        let mut tentative = HashMap::new();
        if self.match_pieces(&pieces, live, &mut tentative) {
            self.values.extend(tentative);
            true
        } else {
            false
        }
    }

    fn match_pieces(
        &self,
        pieces: &[Piece<'_>],
        live: &str,
        tentative: &mut HashMap<String, String>,
    ) -> bool {
        let Some((first, rest)) = pieces.split_first() else {
            return live.is_empty();
        };
        match first {
            Piece::Literal(text) => live
                .strip_prefix(text)
                .is_some_and(|remainder| self.match_pieces(rest, remainder, tentative)),
            Piece::Reference(reference) => {
                let bound = self
                    .values
                    .get(*reference)
                    .or_else(|| tentative.get(*reference))
                    .cloned();
                if let Some(value) = bound {
                    return live
                        .strip_prefix(value.as_str())
                        .is_some_and(|remainder| self.match_pieces(rest, remainder, tentative));
                }
                let limit = live.find(['/', '?', '#']).unwrap_or(live.len());
                for end in (1..=limit).rev() {
                    let candidate = &live[..end];
                    if !live.is_char_boundary(end) || self.is_taken(candidate, tentative) {
                        continue;
                    }
                    tentative.insert((*reference).to_owned(), candidate.to_owned());
                    if self.match_pieces(rest, &live[end..], tentative) {
                        return true;
                    }
                    tentative.remove(*reference);
                }
                false
            }
        }
    }

    fn is_taken(&self, value: &str, tentative: &HashMap<String, String>) -> bool {
        self.values.values().any(|bound| bound == value)
            || tentative.values().any(|bound| bound == value)
    }

    /// Replaces every reference in `text` by its value, binding unbound ones to made-up
    /// values.
    fn substitute(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for piece in pieces(text) {
            match piece {
                Piece::Literal(literal) => out.push_str(literal),
                Piece::Reference(reference) => {
                    if !self.values.contains_key(reference) {
                        let value = made_up_value(reference);
                        self.values.insert(reference.to_owned(), value);
                    }
                    out.push_str(&self.values[reference]);
                }
            }
        }
        out
    }
}

/// Returns a value of the reference's kind that no real run produces: a UUID whose first
/// fields are zero, `replayed-request-N`, or an HTTP date in 2026.
fn made_up_value(reference: &str) -> String {
    let Some((kind, number)) = parse_reference(reference) else {
        return reference.to_owned();
    };
    match kind {
        VolatileKind::EventId => format!("00000000-0000-4000-8000-{number:012}"),
        VolatileKind::RequestId => format!("replayed-request-{number}"),
        VolatileKind::Date => {
            // 2026-01-01T00:00:00Z, one second later for each further date.
            let time = UNIX_EPOCH + Duration::from_secs(1_767_225_600 + u64::from(number));
            httpdate::fmt_http_date(time)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(bindings: &mut Bindings, template: &str, live: &str) -> bool {
        bindings.match_template(template, live)
    }

    #[test]
    fn template_binds_reference_to_segment() {
        let mut bindings = Bindings::default();
        assert!(matches(
            &mut bindings,
            "/v2/p/events/{{event-id-1}}",
            "/v2/p/events/abc"
        ));
        assert_eq!(
            bindings.substitute(r#"{"id":"{{event-id-1}}"}"#),
            r#"{"id":"abc"}"#
        );
    }

    #[test]
    fn template_bound_reference_must_repeat() {
        let mut bindings = Bindings::default();
        assert!(matches(&mut bindings, "/e/{{event-id-1}}", "/e/abc"));
        assert!(!matches(&mut bindings, "/e/{{event-id-1}}", "/e/abd"));
        assert!(matches(&mut bindings, "/e/{{event-id-1}}/x", "/e/abc/x"));
    }

    #[test]
    fn template_distinct_references_need_distinct_values() {
        let mut bindings = Bindings::default();
        assert!(matches(&mut bindings, "/e/{{event-id-1}}", "/e/abc"));
        assert!(!matches(&mut bindings, "/e/{{event-id-2}}", "/e/abc"));
    }

    #[test]
    fn template_reference_stops_at_slash_and_query() {
        let mut bindings = Bindings::default();
        assert!(!matches(&mut bindings, "/e/{{event-id-1}}", "/e/a/b"));
        assert!(matches(&mut bindings, "/e/{{event-id-1}}?q=1", "/e/a?q=1"));
    }

    #[test]
    fn template_failed_match_binds_nothing() {
        let mut bindings = Bindings::default();
        assert!(!matches(&mut bindings, "/e/{{event-id-1}}/x", "/e/abc/y"));
        assert!(matches(&mut bindings, "/e/{{event-id-1}}", "/e/other"));
    }

    #[test]
    fn template_literal_braces_stay_literal() {
        assert_eq!(
            pieces("a{{b}}c"),
            vec![Piece::Literal("a{{"), Piece::Literal("b}}c")]
        );
    }

    #[test]
    fn substitute_makes_up_values_by_kind() {
        let mut bindings = Bindings::default();
        assert_eq!(
            bindings.substitute("{{event-id-2}} {{request-id-3}} {{date-1}}"),
            "00000000-0000-4000-8000-000000000002 replayed-request-3 Thu, 01 Jan 2026 00:00:01 GMT"
        );
    }

    #[test]
    fn path_of_strips_scheme_and_authority() {
        assert_eq!(path_of("http://127.0.0.1:1/v2/x?y"), "/v2/x?y");
        assert_eq!(path_of("https://h"), "/");
    }
}
