//! An OpenAPI 3.1 document of the five test-event operations, generated from the model.
//!
//! Every schema comes from the field tables the strict decoder reads and from the rule constants
//! the request checks use ([`EVENT_NAME_PATTERN`], [`BASE64_PATTERN`], [`MAX_CONTENT_CHARS`],
//! ...). So the published schema and the decoder cannot disagree about a field's name, type,
//! presence or documented limit. Rules that JSON Schema cannot state stay in the decoder only:
//! duplicate keys, `count` equal to the number of `events`, `next_marker` at most `count`, and
//! that the base64 of `content` decodes to JSON.
//!
//! # Examples
//!
//! ```
//! let document = fgs_model::openapi::document();
//! assert_eq!(document["openapi"], "3.1.0");
//! assert_eq!(
//!     document["paths"]["/v2/{project_id}/fgs/functions/{function_urn}/events/{event_id}"]["get"]["operationId"],
//!     "ShowEvent"
//! );
//! ```

use serde_json::{json, Map, Value};

use crate::bodies::{ERROR_FIELDS, EVENT_ID_NAME_FIELDS, LIST_EVENTS_FIELDS, SHOW_EVENT_FIELDS};
use crate::catalog;
use crate::content::BASE64_PATTERN;
use crate::decode::{Operation, DOCUMENTED_ERROR_STATUSES};
use crate::json::{FieldKind, FieldSpec, Presence};
use crate::number::MAX_EXACT_INTEGER;
use crate::path::{DOT_SEGMENTS, EVENT_ID_PATTERN, PROJECT_ID_PATTERN};
use crate::request::{
    CREATE_EVENT_FIELDS, EVENT_NAME_PATTERN, MAX_CONTENT_CHARS, MAX_EVENT_DATA_BYTES,
    MAX_EVENT_NAME_CHARS, MIN_CONTENT_CHARS, UPDATE_EVENT_FIELDS,
};
use crate::sign::{ALGORITHM, HEADER_AUTHORIZATION, HEADER_SDK_DATE};

/// The OpenAPI version the document follows.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The path of ListEvents and CreateEvent.
pub const COLLECTION_PATH: &str = "/v2/{project_id}/fgs/functions/{function_urn}/events";

/// The path of ShowEvent, UpdateEvent and DeleteEvent.
pub const ITEM_PATH: &str = "/v2/{project_id}/fgs/functions/{function_urn}/events/{event_id}";

/// The place of an example body: the request of an operation, or its response with a status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleTarget {
    /// The request body of CreateEvent or UpdateEvent.
    Request(Operation),
    /// The response body of an operation with the given status code.
    Response(Operation, u16),
}

/// A documented example body, attached to the document under `name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// The key of the example in the media type's `examples` map.
    pub name: &'static str,
    /// The source of the example, in one line.
    pub summary: &'static str,
    /// The request or response it belongs to.
    pub target: ExampleTarget,
    /// The body exactly as published.
    pub body: &'static str,
}

/// The example bodies of the API reference and the API Explorer, and one response seen from a
/// real endpoint. Error examples come from the error catalog and are added per status.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "documented",
        summary: "The API reference example",
        target: ExampleTarget::Response(Operation::ListEvents, 200),
        body: r#"{"events":[{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286}],"next_marker":1,"count":1}"#,
    },
    Example {
        name: "documented",
        summary: "The API reference example: `content` is `{\"k\":\"v\"}` in base64",
        target: ExampleTarget::Request(Operation::CreateEvent),
        body: r#"{"name":"event-xx","content":"eyJrIjoidiJ9"}"#,
    },
    Example {
        name: "documented",
        summary: "The API reference example; its name differs from the request example's",
        target: ExampleTarget::Response(Operation::CreateEvent, 200),
        body: r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3"}"#,
    },
    Example {
        name: "api-explorer",
        summary: "The API Explorer example",
        target: ExampleTarget::Response(Operation::CreateEvent, 200),
        body: r#"{"id":"b6ef601f-47c1-4ccd-a3a5-0b5913f539c9","name":"event-u0cr"}"#,
    },
    Example {
        name: "documented",
        summary: "The API reference example as printed: `content` is masked with `*`, so it is not base64",
        target: ExampleTarget::Response(Operation::ShowEvent, 200),
        body: r#"{ "id" : "3b659dc0-12fc-40dc-aa05-a321d9424cb3", "name" : "event-k9r3", "last_modified" : 1597374286, "content" : "ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****" }"#,
    },
    Example {
        name: "observed",
        summary: "A response of a real endpoint after an update, published with an open-source SDK",
        target: ExampleTarget::Response(Operation::ShowEvent, 200),
        body: r#"{"id":"fd9942a4-71d2-471b-9bd5-c9c6eb351ee7","content":"ewogICAgImJvZHkiOiAiIiwKICAgICJy","last_modified":1715772656,"name":"funcgraph-eventuI9D"}"#,
    },
    Example {
        name: "documented-content",
        summary: "The `content` of the CreateEvent example; the API reference has no UpdateEvent request example",
        target: ExampleTarget::Request(Operation::UpdateEvent),
        body: r#"{"content":"eyJrIjoidiJ9"}"#,
    },
    Example {
        name: "documented",
        summary: "The API reference example",
        target: ExampleTarget::Response(Operation::UpdateEvent, 200),
        body: r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3"}"#,
    },
    Example {
        name: "documented-function-not-found",
        summary: "The error example of the API reference, with a message other than the catalog's",
        target: ExampleTarget::Response(Operation::ShowEvent, 404),
        body: r#"{"error_code":"FSS.1051","error_msg":"Not found the function"}"#,
    },
];

/// The catalog codes attached as examples to each documented error status, the event-specific
/// ones first.
const ERROR_EXAMPLE_CODES: &[(u16, &[&str])] = &[
    (400, &["FSS.1074", "FSS.0400", "FSS.1309"]),
    (401, &["APIGW.0301", "APIGW.0307"]),
    (403, &["FSS.1068", "FSS.1073", "FSS.1069"]),
    (404, &["FSS.1070", "FSS.1051"]),
    (500, &["FSS.0500"]),
];

/// Whether a schema describes a body the client sends or one it receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

/// The component schemas, by name, with the field table and direction each is built from.
const SCHEMAS: &[(&str, &[FieldSpec], Direction)] = &[
    (
        "ListEventsResponse",
        LIST_EVENTS_FIELDS,
        Direction::Response,
    ),
    (
        "CreateEventRequest",
        CREATE_EVENT_FIELDS,
        Direction::Request,
    ),
    (
        "CreateEventResponse",
        EVENT_ID_NAME_FIELDS,
        Direction::Response,
    ),
    ("ShowEventResponse", SHOW_EVENT_FIELDS, Direction::Response),
    (
        "UpdateEventRequest",
        UPDATE_EVENT_FIELDS,
        Direction::Request,
    ),
    (
        "UpdateEventResponse",
        EVENT_ID_NAME_FIELDS,
        Direction::Response,
    ),
    ("ErrorBody", ERROR_FIELDS, Direction::Response),
];

/// Returns the name of the component schema of a request or response body, or `None` for the
/// bodies that do not exist: a request of a GET or DELETE, and the empty 204 of DeleteEvent.
///
/// Error statuses share the `ErrorBody` schema.
pub fn schema_name(target: ExampleTarget) -> Option<&'static str> {
    match target {
        ExampleTarget::Request(Operation::CreateEvent) => Some("CreateEventRequest"),
        ExampleTarget::Request(Operation::UpdateEvent) => Some("UpdateEventRequest"),
        ExampleTarget::Request(_) => None,
        ExampleTarget::Response(operation, status) if status == operation.success_status() => {
            match operation {
                Operation::ListEvents => Some("ListEventsResponse"),
                Operation::CreateEvent => Some("CreateEventResponse"),
                Operation::ShowEvent => Some("ShowEventResponse"),
                Operation::UpdateEvent => Some("UpdateEventResponse"),
                Operation::DeleteEvent => None,
            }
        }
        ExampleTarget::Response(operation, status) if operation.documents_status(status) => {
            Some("ErrorBody")
        }
        ExampleTarget::Response(..) => None,
    }
}

/// Builds the OpenAPI 3.1 document of the five operations as JSON.
pub fn document() -> Value {
    let mut paths = Map::new();
    paths.insert(COLLECTION_PATH.to_owned(), path_item(false));
    paths.insert(ITEM_PATH.to_owned(), path_item(true));

    json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "FunctionGraph test events",
            "version": "v2",
            "summary": "The five test-event operations of FunctionGraph v2, as documented.",
            "description": INFO_DESCRIPTION,
        },
        "tags": [{"name": TAG, "description": "Test events of a function; at most 10 per function."}],
        "security": [{"token": []}, {"aksk": []}],
        "paths": paths,
        "components": components(),
    })
}

const TAG: &str = "test events";

const INFO_DESCRIPTION: &str =
    "Generated by fgs-contract from the same field tables and rules its strict decoder \
uses. Every operation also requires `Content-Type: application/json`, including GET and DELETE. \
Rules JSON Schema cannot state are checked by the decoder only: no duplicate keys, `count` equal \
to the number of `events`, `next_marker` at most `count`, and `content` decoding to JSON.";

fn components() -> Value {
    let mut schemas = Map::new();
    for (name, fields, direction) in SCHEMAS {
        schemas.insert((*name).to_owned(), object_schema(fields, *direction));
    }

    let mut responses = Map::new();
    for status in DOCUMENTED_ERROR_STATUSES {
        responses.insert(
            error_response_name(status).to_owned(),
            error_response(status),
        );
    }

    json!({
        "schemas": schemas,
        "responses": responses,
        "securitySchemes": {
            "token": {
                "type": "apiKey",
                "in": "header",
                "name": "X-Auth-Token",
                "description": "An IAM token of the project.",
            },
            "aksk": {
                "type": "apiKey",
                "in": "header",
                "name": HEADER_AUTHORIZATION,
                "description": format!(
                    "AK/SK signing: `{ALGORITHM} Access=..., SignedHeaders=..., Signature=...`, \
                     with the signing time in `{HEADER_SDK_DATE}`."
                ),
            },
        },
    })
}

fn path_item(item: bool) -> Value {
    let mut path_item = Map::new();
    let mut parameters = vec![
        json!({
            "name": "project_id",
            "in": "path",
            "required": true,
            "description": "Project id: 32 letters or digits.",
            "schema": {"type": "string", "pattern": PROJECT_ID_PATTERN},
        }),
        json!({
            "name": "function_urn",
            "in": "path",
            "required": true,
            "description": "Function URN, in any documented form from the bare function name to \
                `urn:fss:{region}:{project_id}:function:{package}:{function}:{version or !alias}`. \
                Colons may be sent raw or as `%3A`.",
            "schema": {"type": "string", "minLength": 1},
        }),
    ];
    if item {
        parameters.push(json!({
            "name": "event_id",
            "in": "path",
            "required": true,
            "description": "Test event id, as CreateEvent returned it.",
            "schema": {
                "type": "string",
                "pattern": EVENT_ID_PATTERN,
                "not": {"enum": DOT_SEGMENTS},
            },
        }));
    }
    path_item.insert("parameters".to_owned(), Value::Array(parameters));

    for operation in Operation::ALL {
        if operation.has_event_id() == item {
            path_item.insert(
                operation.method().to_ascii_lowercase(),
                operation_object(operation),
            );
        }
    }
    Value::Object(path_item)
}

fn operation_object(operation: Operation) -> Value {
    let mut object = Map::new();
    object.insert("operationId".to_owned(), json!(operation.sdk_name()));
    object.insert("summary".to_owned(), json!(summary(operation)));
    object.insert("tags".to_owned(), json!([TAG]));

    let request = ExampleTarget::Request(operation);
    if let Some(schema) = schema_name(request) {
        object.insert(
            "requestBody".to_owned(),
            json!({
                "required": true,
                "content": {"application/json": media_type(schema, request)},
            }),
        );
    }

    let mut responses = Map::new();
    let success = operation.success_status();
    let target = ExampleTarget::Response(operation, success);
    let mut response = Map::new();
    response.insert(
        "description".to_owned(),
        json!(success_description(operation)),
    );
    response.insert("headers".to_owned(), request_id_header());
    if let Some(schema) = schema_name(target) {
        response.insert(
            "content".to_owned(),
            json!({"application/json": media_type(schema, target)}),
        );
    }
    responses.insert(success.to_string(), Value::Object(response));

    for status in DOCUMENTED_ERROR_STATUSES {
        let target = ExampleTarget::Response(operation, status);
        let value = if EXAMPLES.iter().any(|example| example.target == target) {
            // An operation with its own example gets the shared response plus that example.
            let mut response = error_response(status);
            let examples = &mut response["content"]["application/json"]["examples"];
            if let Value::Object(examples) = examples {
                examples.extend(documented_examples(target));
            }
            response
        } else {
            json!({"$ref": format!("#/components/responses/{}", error_response_name(status))})
        };
        responses.insert(status.to_string(), value);
    }
    object.insert("responses".to_owned(), Value::Object(responses));
    Value::Object(object)
}

fn summary(operation: Operation) -> &'static str {
    match operation {
        Operation::ListEvents => "List the test events of a function",
        Operation::CreateEvent => "Create a test event",
        Operation::ShowEvent => "Show a test event",
        Operation::UpdateEvent => "Replace the content of a test event",
        Operation::DeleteEvent => "Delete a test event",
    }
}

fn success_description(operation: Operation) -> &'static str {
    match operation {
        Operation::ListEvents => "All test events of the function.",
        Operation::CreateEvent => "The test event was created. The status is 200, not 201.",
        Operation::ShowEvent => "The test event.",
        Operation::UpdateEvent => "The content was replaced; the name cannot change.",
        Operation::DeleteEvent => "The test event was deleted; the body is empty.",
    }
}

fn request_id_header() -> Value {
    json!({
        "X-Request-Id": {
            "description": "Id of the request, which the official SDKs read for their errors.",
            "schema": {"type": "string"},
        }
    })
}

fn media_type(schema: &str, target: ExampleTarget) -> Value {
    let mut media = Map::new();
    media.insert(
        "schema".to_owned(),
        json!({"$ref": format!("#/components/schemas/{schema}")}),
    );
    let examples = documented_examples(target);
    if !examples.is_empty() {
        media.insert("examples".to_owned(), Value::Object(examples));
    }
    Value::Object(media)
}

fn documented_examples(target: ExampleTarget) -> Map<String, Value> {
    EXAMPLES
        .iter()
        .filter(|example| example.target == target)
        .map(|example| {
            // The examples are constants that a test decodes, so they are valid JSON.
            let value: Value = serde_json::from_str(example.body).unwrap_or(Value::Null);
            (
                example.name.to_owned(),
                json!({"summary": example.summary, "value": value}),
            )
        })
        .collect()
}

fn error_response_name(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        _ => "InternalServerError",
    }
}

fn error_response(status: u16) -> Value {
    let mut examples = Map::new();
    let codes = ERROR_EXAMPLE_CODES
        .iter()
        .find(|(code_status, _)| *code_status == status)
        .map_or(&[][..], |(_, codes)| codes);
    for entry in codes.iter().filter_map(|code| catalog::lookup(code)) {
        examples.insert(
            entry.code.to_owned(),
            json!({
                "summary": format!("Catalog code {}", entry.code),
                "value": {"error_code": entry.code, "error_msg": entry.message},
            }),
        );
    }
    json!({
        "description": error_description(status),
        "headers": request_id_header(),
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorBody"},
                "examples": examples,
            }
        },
    })
}

fn error_description(status: u16) -> &'static str {
    match status {
        400 => "Invalid request, such as an invalid event name or content.",
        401 => "Authentication failed, in the API gateway's error shape with `request_id`.",
        403 => "Forbidden, including the quota of 10 events per function (`FSS.1068`) and a duplicate event (`FSS.1073`).",
        404 => "The function or the test event does not exist.",
        _ => "Internal server error.",
    }
}

/// Builds the JSON Schema of an object from its field table.
///
/// Undocumented fields are allowed, because the decoder keeps them and reports them as drift.
fn object_schema(fields: &[FieldSpec], direction: Direction) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        let mut schema = field_schema(field.kind, direction);
        let description = match (field.kind, direction) {
            (FieldKind::EventContent, Direction::Request) => format!(
                "{} The parameter table limits it to {MIN_CONTENT_CHARS} to {MAX_CONTENT_CHARS} \
                 characters, the limit stated here; the catalog message of `FSS.1069` limits the \
                 decoded data to 4 KB ({MAX_EVENT_DATA_BYTES} bytes), which a stricter reading applies.",
                field.description
            ),
            _ if field.presence == Presence::Expected => format!(
                "{} Documented, but real endpoints may omit it.",
                field.description
            ),
            _ => field.description.to_owned(),
        };
        schema.insert("description".to_owned(), json!(description));
        properties.insert(field.name.to_owned(), Value::Object(schema));
        if field.presence == Presence::Required {
            required.push(field.name);
        }
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
    })
}

fn field_schema(kind: FieldKind, direction: Direction) -> Map<String, Value> {
    let value = match kind {
        FieldKind::String => json!({"type": "string"}),
        FieldKind::EventName => json!({
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_EVENT_NAME_CHARS,
            "pattern": EVENT_NAME_PATTERN,
        }),
        // The decoder leaves response content unchecked: the documented ShowEvent example masks
        // it with `*`, so only requests carry the length and alphabet rules.
        FieldKind::EventContent => match direction {
            Direction::Request => json!({
                "type": "string",
                "minLength": MIN_CONTENT_CHARS,
                "maxLength": MAX_CONTENT_CHARS,
                "pattern": BASE64_PATTERN,
                "contentEncoding": "base64",
                "contentMediaType": "application/json",
            }),
            Direction::Response => json!({
                "type": "string",
                "contentEncoding": "base64",
                "contentMediaType": "application/json",
            }),
        },
        FieldKind::UnixSeconds => json!({
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_EXACT_INTEGER,
        }),
        FieldKind::Integer { max } => json!({
            "type": "integer",
            "minimum": 0,
            "maximum": max,
        }),
        FieldKind::Objects(fields) => json!({
            "type": "array",
            "items": object_schema(fields, direction),
        }),
    };
    match value {
        Value::Object(map) => map,
        // Every arm above builds an object.
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_table_is_named_once() {
        for (index, (name, _, _)) in SCHEMAS.iter().enumerate() {
            assert!(
                SCHEMAS[index + 1..]
                    .iter()
                    .all(|(other, _, _)| other != name),
                "{name} twice"
            );
        }
    }

    #[test]
    fn every_error_status_has_catalog_examples() {
        for status in DOCUMENTED_ERROR_STATUSES {
            let response = error_response(status);
            let examples = response["content"]["application/json"]["examples"]
                .as_object()
                .map_or(0, Map::len);
            assert!(examples > 0, "status {status}");
        }
    }
}
