//! The documented request bodies of CreateEvent and UpdateEvent, and the rules they follow.

use std::borrow::Cow;

use serde::Serialize;

use crate::bodies::BodyDecoded;
use crate::content::{decode_base64, ContentError};
use crate::json::{read_object, FieldKind, FieldSpec, Findings, Presence};
use crate::violation::quote;

/// The documented maximum length of a test event name, in characters.
pub const MAX_EVENT_NAME_CHARS: usize = 25;
/// The documented minimum length of `content`, in characters of base64.
pub const MIN_CONTENT_CHARS: usize = 4;
/// The documented maximum length of `content`, in characters of base64.
pub const MAX_CONTENT_CHARS: usize = 16384;
/// The maximum size of the decoded event data that error `FSS.1069` documents: 4 KB.
pub const MAX_EVENT_DATA_BYTES: usize = 4096;

/// The documented test event name rule as a regular expression. [`check_event_name`] implements
/// it with the length limit of 1 to [`MAX_EVENT_NAME_CHARS`]; a test checks that both agree.
pub const EVENT_NAME_PATTERN: &str = "^[a-zA-Z]([a-zA-Z0-9_-]*[a-zA-Z0-9])?$";

/// The name rule in words, as violations state what they expected.
pub(crate) const EVENT_NAME_RULE: &str = "a name of 1 to 25 letters, digits, `_` or `-` that starts with a letter and ends with a letter or digit";

/// The documented limit that applies to `content`.
///
/// NOTE: the documentation contradicts itself. The CreateEvent parameter table gives `content`
/// a length of 4 to 16384 characters, while the message of error `FSS.1069` is "The size of EventData
/// exceeds 4 KB". The first is the default; the second is kept as an option.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ContentLimit {
    /// `content` is 4 to 16384 characters of base64, as the parameter table documents.
    #[default]
    Base64Characters,
    /// `content` is at least 4 characters and decodes to at most 4096 bytes, as `FSS.1069` reads.
    DecodedFourKib,
}

/// The checks that apply to `content`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentRules {
    /// The length limit that applies.
    pub limit: ContentLimit,
    /// Whether the decoded bytes must be one JSON document, as the documentation describes
    /// `content`. A real endpoint was seen storing base64 of a truncated JSON fragment, so a
    /// server-side check may leave this off.
    pub require_json: bool,
}

impl Default for ContentRules {
    fn default() -> Self {
        ContentRules {
            limit: ContentLimit::Base64Characters,
            require_json: true,
        }
    }
}

/// Checks a test event name: 1 to 25 characters of letters, digits, `_` and `-`, starting with
/// a letter and ending with a letter or digit (`^[a-zA-Z]([a-zA-Z0-9_-]*[a-zA-Z0-9])?$`).
///
/// # Errors
///
/// Returns [`RequestError`] naming the value and the part of the rule it breaks.
pub fn check_event_name(name: &str) -> Result<(), RequestError> {
    let reason = name_rule_broken(name);
    match reason {
        None => Ok(()),
        Some(reason) => Err(RequestError {
            kind: RequestErrorKind::EventName {
                name: name.to_owned(),
                reason,
            },
        }),
    }
}

fn name_rule_broken(name: &str) -> Option<Cow<'static, str>> {
    // A conforming name is ASCII, so one pass over its bytes accepts it; the checks below find
    // the reason for the others.
    let bytes = name.as_bytes();
    if let (Some(first), Some(last)) = (bytes.first(), bytes.last()) {
        let conforms = bytes.len() <= MAX_EVENT_NAME_CHARS
            && first.is_ascii_alphabetic()
            && last.is_ascii_alphanumeric()
            && bytes
                .iter()
                .all(|&byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
        if conforms {
            return None;
        }
    }

    let chars = name.chars().count();
    if chars == 0 {
        return Some("it is empty".into());
    }
    if chars > MAX_EVENT_NAME_CHARS {
        return Some(format!("it has {chars} characters").into());
    }
    let first = name.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return Some(format!("it starts with `{first}`").into());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Some(format!("it contains `{}`", bad.escape_default()).into());
    }
    let last = name.chars().last()?;
    if !last.is_ascii_alphanumeric() {
        return Some(format!("it ends with `{last}`").into());
    }
    None
}

/// Checks a test event `content` against the documented rules.
///
/// # Errors
///
/// Returns [`RequestError`] when the length is outside the chosen limit, the text is not padded
/// standard base64, or (with `require_json`) the decoded bytes are not one JSON document.
pub fn check_content(content: &str, rules: ContentRules) -> Result<(), RequestError> {
    let chars = content.chars().count();
    let over_characters =
        rules.limit == ContentLimit::Base64Characters && chars > MAX_CONTENT_CHARS;
    if chars < MIN_CONTENT_CHARS || over_characters {
        let kind = match rules.limit {
            ContentLimit::Base64Characters => RequestErrorKind::ContentLength { chars },
            ContentLimit::DecodedFourKib => RequestErrorKind::ContentTooShort { chars },
        };
        return Err(RequestError { kind });
    }

    let bytes = decode_base64(content).map_err(|source| RequestError {
        kind: RequestErrorKind::Content(source),
    })?;
    if rules.limit == ContentLimit::DecodedFourKib && bytes.len() > MAX_EVENT_DATA_BYTES {
        return Err(RequestError {
            kind: RequestErrorKind::EventDataSize { bytes: bytes.len() },
        });
    }
    if rules.require_json {
        crate::content::decode_content(content).map_err(|source| RequestError {
            kind: RequestErrorKind::Content(source),
        })?;
    }
    Ok(())
}

/// A request body that breaks a documented rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct RequestError {
    kind: RequestErrorKind,
}

impl RequestError {
    /// Returns which documented field the error is about: `name` or `content`.
    pub fn field(&self) -> &'static str {
        match self.kind {
            RequestErrorKind::EventName { .. } => "name",
            _ => "content",
        }
    }

    /// Returns what was found, with the literal in backticks, for a violation report.
    pub fn found(&self) -> String {
        match &self.kind {
            RequestErrorKind::EventName { name, reason } => format!("{}: {reason}", quote(name)),
            other => other.to_string(),
        }
    }

    /// Returns whether the error is the 4 KB event data limit, which `FSS.1069` documents.
    pub fn is_event_data_size(&self) -> bool {
        matches!(self.kind, RequestErrorKind::EventDataSize { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum RequestErrorKind {
    #[error("invalid test event name {}: {reason}; expected 1 to 25 letters, digits, `_` or `-`, starting with a letter and ending with a letter or digit", quote(.name))]
    EventName {
        name: String,
        reason: Cow<'static, str>,
    },
    #[error("invalid `content`: expected 4 to 16384 characters of base64, found {chars}")]
    ContentLength { chars: usize },
    #[error("invalid `content`: expected at least 4 characters of base64, found {chars}")]
    ContentTooShort { chars: usize },
    #[error("invalid `content`: expected at most 4096 bytes of event data, found {bytes}")]
    EventDataSize { bytes: usize },
    #[error(transparent)]
    Content(ContentError),
}

pub(crate) const CREATE_EVENT_FIELDS: &[FieldSpec] = &[
    FieldSpec::new(
        "name",
        FieldKind::EventName,
        Presence::Required,
        "Test event name, unique within the function.",
    ),
    FieldSpec::new(
        "content",
        FieldKind::EventContent,
        Presence::Required,
        "Test event content: padded standard base64 of a JSON document.",
    ),
];

pub(crate) const UPDATE_EVENT_FIELDS: &[FieldSpec] = &[FieldSpec::new(
    "content",
    FieldKind::EventContent,
    Presence::Required,
    "New test event content: padded standard base64 of a JSON document.",
)];

/// The CreateEvent request body: `{name, content}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreateEventRequest {
    /// Test event name.
    pub name: String,
    /// Test event content: padded standard base64 of a JSON document.
    pub content: String,
}

impl CreateEventRequest {
    /// Builds a request body after checking both fields with the default [`ContentRules`].
    ///
    /// # Examples
    ///
    /// ```
    /// let request = fgs_model::CreateEventRequest::new("event-xx", "eyJrIjoidiJ9").expect("documented example");
    /// assert_eq!(request.to_json(), br#"{"name":"event-xx","content":"eyJrIjoidiJ9"}"#);
    /// ```
    ///
    /// # Errors
    ///
    /// Returns [`RequestError`] when either field breaks its documented rule.
    pub fn new(name: impl Into<String>, content: impl Into<String>) -> Result<Self, RequestError> {
        let request = CreateEventRequest {
            name: name.into(),
            content: content.into(),
        };
        request.validate(ContentRules::default())?;
        Ok(request)
    }

    /// Checks both fields against their documented rules.
    ///
    /// # Errors
    ///
    /// Returns [`RequestError`] for the first field that breaks its rule, `name` first.
    pub fn validate(&self, rules: ContentRules) -> Result<(), RequestError> {
        check_event_name(&self.name)?;
        check_content(&self.content, rules)
    }

    /// Decodes a CreateEvent request body strictly: an object with string `name` and `content`,
    /// no duplicate keys, and a `name` that follows the name rule. Undocumented fields are drift.
    /// The `content` rules depend on the chosen [`ContentRules`], so they are left to
    /// [`CreateEventRequest::validate`].
    pub fn from_json(body: &[u8]) -> BodyDecoded<Self> {
        let mut findings = Findings::default();
        let value = read_object(body, CREATE_EVENT_FIELDS, &mut findings, |mut object, _| {
            CreateEventRequest {
                name: object
                    .take_string(0)
                    .map(Cow::into_owned)
                    .unwrap_or_default(),
                content: object
                    .take_string(1)
                    .map(Cow::into_owned)
                    .unwrap_or_default(),
            }
        });
        BodyDecoded::from_findings(value, findings)
    }

    /// Serializes the body as compact JSON.
    pub fn to_json(&self) -> Vec<u8> {
        to_json(self)
    }
}

/// The UpdateEvent request body: `{content}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UpdateEventRequest {
    /// New test event content: padded standard base64 of a JSON document.
    pub content: String,
}

impl UpdateEventRequest {
    /// Builds a request body after checking `content` with the default [`ContentRules`].
    ///
    /// # Errors
    ///
    /// Returns [`RequestError`] when `content` breaks its documented rule.
    pub fn new(content: impl Into<String>) -> Result<Self, RequestError> {
        let request = UpdateEventRequest {
            content: content.into(),
        };
        request.validate(ContentRules::default())?;
        Ok(request)
    }

    /// Checks `content` against its documented rule.
    ///
    /// # Errors
    ///
    /// Returns [`RequestError`] when `content` breaks its rule.
    pub fn validate(&self, rules: ContentRules) -> Result<(), RequestError> {
        check_content(&self.content, rules)
    }

    /// Decodes an UpdateEvent request body strictly: an object with a string `content`.
    pub fn from_json(body: &[u8]) -> BodyDecoded<Self> {
        let mut findings = Findings::default();
        let value = read_object(body, UPDATE_EVENT_FIELDS, &mut findings, |mut object, _| {
            UpdateEventRequest {
                content: object
                    .take_string(0)
                    .map(Cow::into_owned)
                    .unwrap_or_default(),
            }
        });
        BodyDecoded::from_findings(value, findings)
    }

    /// Serializes the body as compact JSON.
    pub fn to_json(&self) -> Vec<u8> {
        to_json(self)
    }
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    // Serializing a struct of strings into memory cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_name(name: &str, expected: Result<(), &str>) {
        let got = check_event_name(name).map_err(|e| e.found());
        assert_eq!(got, expected.map_err(str::to_owned), "name {name:?}");
    }

    #[test]
    fn event_name_rule() {
        check_name("event-k9r3", Ok(()));
        check_name("a", Ok(()));
        check_name("funcgraph-eventuI9D", Ok(()));
        check_name("tf_test_abcde", Ok(()));
        check_name("abcdefghijklmnopqrstuvwxy", Ok(()));
        check_name("", Err("``: it is empty"));
        check_name(
            "abcdefghijklmnopqrstuvwxyz",
            Err("`abcdefghijklmnopqrstuvwxyz`: it has 26 characters"),
        );
        check_name("1event", Err("`1event`: it starts with `1`"));
        check_name("_event", Err("`_event`: it starts with `_`"));
        check_name("event-", Err("`event-`: it ends with `-`"));
        check_name("event_", Err("`event_`: it ends with `_`"));
        check_name("event.x", Err("`event.x`: it contains `.`"));
        check_name("évent", Err("`évent`: it starts with `é`"));
    }

    #[test]
    fn content_default_limit_is_16384_characters() {
        let document = format!("{{\"k\":\"{}\"}}", "v".repeat(12000));
        let content = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, document);
        assert!(content.len() <= MAX_CONTENT_CHARS);
        assert_eq!(check_content(&content, ContentRules::default()), Ok(()));
    }

    #[test]
    fn content_four_kib_option_rejects_large_event_data() {
        let document = format!("{{\"k\":\"{}\"}}", "v".repeat(5000));
        let content = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, document);
        let rules = ContentRules {
            limit: ContentLimit::DecodedFourKib,
            require_json: true,
        };
        let error = check_content(&content, rules).expect_err("over 4 KB");
        assert!(error.is_event_data_size());
        assert_eq!(
            error.to_string(),
            "invalid `content`: expected at most 4096 bytes of event data, found 5008"
        );
    }

    #[test]
    fn content_over_16384_characters_is_rejected() {
        let content = "A".repeat(MAX_CONTENT_CHARS + 4);
        let error = check_content(&content, ContentRules::default()).expect_err("too long");
        assert_eq!(
            error.to_string(),
            "invalid `content`: expected 4 to 16384 characters of base64, found 16388"
        );
    }

    #[test]
    fn content_shorter_than_4_characters_is_rejected() {
        let error = check_content("e30", ContentRules::default()).expect_err("too short");
        assert_eq!(error.field(), "content");
    }

    #[test]
    fn content_json_check_can_be_left_off() {
        // Base64 of a truncated JSON fragment, which a real endpoint accepted.
        let fragment = "ewogICAgImJvZHkiOiAiIiwKICAgICJy";
        let lenient = ContentRules {
            require_json: false,
            ..ContentRules::default()
        };
        assert!(check_content(fragment, ContentRules::default()).is_err());
        assert_eq!(check_content(fragment, lenient), Ok(()));
    }
}
