//! The OpenAPI document: its operations, its examples, and that its schemas accept exactly what
//! the model's own checks accept.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fgs_model::openapi::{self, ExampleTarget, COLLECTION_PATH, EXAMPLES, ITEM_PATH};
use fgs_model::{
    check_content, check_event_name, decode_response, ContentLimit, ContentRules,
    CreateEventRequest, CreateEventResponse, ErrorBody, EventSummary, EventsPath, FunctionUrn,
    ListEventsResponse, Operation, Outcome, ShowEventResponse, UpdateEventRequest,
    UpdateEventResponse,
};
use std::sync::OnceLock;

use jsonschema::Validator;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const PROJECT: &str = "7aad83af3e8d42e99ac194e8419e2c9b";

/// Returns the document, built once for all property test cases.
fn shared_document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(openapi::document)
}

/// Builds a validator for `schema`, resolving `#/components/...` references in `document`.
fn validator(document: &Value, schema: &Value) -> Validator {
    let mut wrapper = schema.as_object().cloned().unwrap();
    wrapper.insert(
        "$schema".to_owned(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    wrapper.insert("components".to_owned(), document["components"].clone());
    jsonschema::validator_for(&Value::Object(wrapper)).unwrap()
}

fn component(document: &Value, name: &str) -> Validator {
    validator(
        document,
        &json!({"$ref": format!("#/components/schemas/{name}")}),
    )
}

/// Returns the validator of a component schema, built once per schema for all test cases.
fn component_cached(name: &str) -> &'static Validator {
    static VALIDATORS: OnceLock<Vec<(&str, Validator)>> = OnceLock::new();
    let validators = VALIDATORS.get_or_init(|| {
        [
            "CreateEventRequest",
            "UpdateEventRequest",
            "CreateEventResponse",
            "UpdateEventResponse",
            "ShowEventResponse",
            "ListEventsResponse",
            "ErrorBody",
        ]
        .map(|schema| (schema, component(shared_document(), schema)))
        .into()
    });
    let (_, validator) = validators
        .iter()
        .find(|(schema, _)| *schema == name)
        .unwrap_or_else(|| panic!("no cached validator for {name}"));
    validator
}

fn property(document: &Value, schema: &str, field: &str) -> Validator {
    validator(
        document,
        &document["components"]["schemas"][schema]["properties"][field],
    )
}

fn parameter(document: &Value, path: &str, name: &str) -> Validator {
    let parameters = document["paths"][path]["parameters"].as_array().unwrap();
    let parameter = parameters.iter().find(|p| p["name"] == name).unwrap();
    validator(document, &parameter["schema"])
}

/// Collects every media type object of the document that has examples, with its JSON pointer.
fn media_types_with_examples(document: &Value) -> Vec<(String, Value)> {
    fn walk(value: &Value, pointer: String, found: &mut Vec<(String, Value)>) {
        match value {
            Value::Object(map) => {
                if map.contains_key("examples") && map.contains_key("schema") {
                    found.push((pointer.clone(), value.clone()));
                }
                for (key, child) in map {
                    walk(child, format!("{pointer}/{key}"), found);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, format!("{pointer}/{index}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(document, String::new(), &mut found);
    found
}

#[test]
fn openapi_document_snapshot() {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_json_snapshot!("openapi_document", openapi::document());
    });
}

#[test]
fn openapi_lists_each_operation_once() {
    let document = openapi::document();
    for operation in Operation::ALL {
        let path = if operation.has_event_id() {
            ITEM_PATH
        } else {
            COLLECTION_PATH
        };
        let object = &document["paths"][path][operation.method().to_ascii_lowercase()];
        assert_eq!(object["operationId"], operation.sdk_name(), "{operation}");

        let statuses: Vec<&String> = object["responses"].as_object().unwrap().keys().collect();
        let success = operation.success_status().to_string();
        assert_eq!(
            statuses,
            [&success, "400", "401", "403", "404", "500"],
            "{operation}"
        );
    }
    assert_eq!(document["paths"].as_object().unwrap().len(), 2);
}

#[test]
fn openapi_delete_success_has_no_body() {
    let document = openapi::document();
    let no_content = &document["paths"][ITEM_PATH]["delete"]["responses"]["204"];
    assert_eq!(no_content.get("content"), None);
}

#[test]
fn openapi_request_bodies_only_on_create_and_update() {
    let document = openapi::document();
    let check = |path: &str, method: &str, schema: Option<&str>| {
        let body = &document["paths"][path][method]["requestBody"];
        let found = body["content"]["application/json"]["schema"]["$ref"].as_str();
        let expected = schema.map(|name| format!("#/components/schemas/{name}"));
        assert_eq!(found, expected.as_deref(), "{method} {path}");
    };
    check(COLLECTION_PATH, "get", None);
    check(COLLECTION_PATH, "post", Some("CreateEventRequest"));
    check(ITEM_PATH, "get", None);
    check(ITEM_PATH, "put", Some("UpdateEventRequest"));
    check(ITEM_PATH, "delete", None);
}

#[test]
fn openapi_security_schemes_token_and_aksk() {
    let document = openapi::document();
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["token"]["type"], "apiKey");
    assert_eq!(schemes["token"]["in"], "header");
    assert_eq!(schemes["token"]["name"], "X-Auth-Token");
    assert_eq!(schemes["aksk"]["type"], "apiKey");
    assert_eq!(schemes["aksk"]["in"], "header");
    assert_eq!(schemes["aksk"]["name"], "Authorization");
    assert_eq!(document["security"], json!([{"token": []}, {"aksk": []}]));
}

#[test]
fn openapi_every_example_validates_against_schema() {
    let document = openapi::document();
    let media_types = media_types_with_examples(&document);
    let mut checked = 0;
    for (pointer, media) in &media_types {
        let validator = validator(&document, &media["schema"]);
        for (name, example) in media["examples"].as_object().unwrap() {
            let errors: Vec<String> = validator
                .iter_errors(&example["value"])
                .map(|error| error.to_string())
                .collect();
            assert_eq!(errors, Vec::<String>::new(), "example {name} at {pointer}");
            checked += 1;
        }
    }
    // The document has eight documented request and success examples. The ShowEvent 404 response
    // adds its own documented example to two catalog ones, and the five shared error responses
    // have eleven catalog examples.
    assert_eq!(checked, 8 + 3 + 11);
}

#[test]
fn openapi_attaches_every_documented_example() {
    let document = openapi::document();
    for example in EXAMPLES {
        let (path, method, media) = match example.target {
            ExampleTarget::Request(operation) => (
                operation,
                operation.method(),
                "/requestBody/content/application~1json".to_owned(),
            ),
            ExampleTarget::Response(operation, status) => (
                operation,
                operation.method(),
                format!("/responses/{status}/content/application~1json"),
            ),
        };
        let path = if path.has_event_id() {
            ITEM_PATH
        } else {
            COLLECTION_PATH
        };
        let operation = &document["paths"][path][method.to_ascii_lowercase()];
        let value = operation
            .pointer(&format!("{media}/examples/{}/value", example.name))
            .unwrap_or_else(|| panic!("example {} of {:?}", example.name, example.target));
        let published: Value = serde_json::from_str(example.body).unwrap();
        assert_eq!(value, &published, "example {}", example.name);
    }
}

#[test]
fn openapi_documented_show_event_example_is_verbatim() {
    let document = openapi::document();
    let value = &document["paths"][ITEM_PATH]["get"]["responses"]["200"]["content"]
        ["application/json"]["examples"]["documented"]["value"];
    assert_eq!(
        value["content"],
        "ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****"
    );
    assert_eq!(value["last_modified"], 1597374286);
}

#[test]
fn openapi_examples_conform_to_model() {
    for example in EXAMPLES {
        let body = example.body.as_bytes();
        match example.target {
            ExampleTarget::Request(Operation::CreateEvent) => {
                let request = CreateEventRequest::from_json(body).value.unwrap();
                assert_eq!(request.validate(ContentRules::default()), Ok(()));
            }
            ExampleTarget::Request(Operation::UpdateEvent) => {
                let request = UpdateEventRequest::from_json(body).value.unwrap();
                assert_eq!(request.validate(ContentRules::default()), Ok(()));
            }
            ExampleTarget::Request(operation) => panic!("no request body for {operation}"),
            ExampleTarget::Response(operation, status) => {
                let decoded = decode_response(operation, status, Some("application/json"), body);
                assert!(
                    !matches!(decoded.outcome, Outcome::Violations(_)),
                    "example {} of {operation}: {:?}",
                    example.name,
                    decoded.outcome
                );
            }
        }
    }
}

#[test]
fn openapi_schema_name_per_target() {
    use ExampleTarget::{Request, Response};
    let check = |target: ExampleTarget, expected: Option<&str>| {
        assert_eq!(openapi::schema_name(target), expected, "{target:?}");
    };
    check(Request(Operation::ListEvents), None);
    check(Request(Operation::CreateEvent), Some("CreateEventRequest"));
    check(Request(Operation::UpdateEvent), Some("UpdateEventRequest"));
    check(Request(Operation::DeleteEvent), None);
    check(
        Response(Operation::ListEvents, 200),
        Some("ListEventsResponse"),
    );
    check(
        Response(Operation::ShowEvent, 200),
        Some("ShowEventResponse"),
    );
    check(Response(Operation::DeleteEvent, 204), None);
    check(Response(Operation::DeleteEvent, 200), None);
    check(Response(Operation::CreateEvent, 201), None);
    check(Response(Operation::UpdateEvent, 403), Some("ErrorBody"));
}

#[test]
fn openapi_content_schema_edges_match_model() {
    let document = openapi::document();
    let schema = property(&document, "CreateEventRequest", "content");
    let check = |content: String| {
        let model = check_content(&content, lenient_rules()).is_ok();
        assert_eq!(
            schema.is_valid(&json!(content)),
            model,
            "content of {} characters",
            content.len()
        );
    };
    check("A".repeat(16384));
    check("A".repeat(16388));
    check("AAA".to_owned());
    check("AAAA".to_owned());
    check("eQ==".to_owned());
    check("eR==".to_owned());
    check("eyJrIjoidiJ9".to_owned());
    check("eyJrIjoidiJ9fQ".to_owned());
}

/// Returns the content rules the schema states: the 16384-character reading, without the JSON
/// check that JSON Schema cannot express.
fn lenient_rules() -> ContentRules {
    ContentRules {
        limit: ContentLimit::Base64Characters,
        require_json: false,
    }
}

fn name_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]([a-zA-Z0-9_-]{0,30}[a-zA-Z0-9])?",
        "[a-zA-Z0-9_.\\- é\n]{0,27}",
        "\\PC{0,30}",
    ]
}

fn content_like() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..40).prop_map(|bytes| STANDARD.encode(bytes)),
        "[A-Za-z0-9+/=]{0,16}",
        "\\PC{0,12}",
    ]
}

fn event_id_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-f-]{1,36}",
        Just(".".to_owned()),
        Just("..".to_owned()),
        "[./a\\t\\u{85}\\u{7f}]{0,4}",
        "\\PC{0,12}",
        any::<String>(),
    ]
}

fn project_id_like() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z0-9]{32}", "[A-Za-z0-9]{30,34}", "\\PC{0,33}"]
}

proptest! {
    #[test]
    fn openapi_name_pattern_matches_model(name in name_like()) {
        static VALIDATORS: OnceLock<Vec<(&str, Validator)>> = OnceLock::new();
        let validators = VALIDATORS.get_or_init(|| {
            ["CreateEventRequest", "ShowEventResponse", "CreateEventResponse"]
                .map(|schema| (schema, property(shared_document(), schema, "name")))
                .into()
        });
        for (schema, validator) in validators {
            prop_assert_eq!(
                validator.is_valid(&json!(name)),
                check_event_name(&name).is_ok(),
                "{} name {:?}", schema, name
            );
        }
    }

    #[test]
    fn openapi_content_pattern_matches_model(content in content_like()) {
        static VALIDATORS: OnceLock<Vec<(&str, Validator)>> = OnceLock::new();
        let validators = VALIDATORS.get_or_init(|| {
            ["CreateEventRequest", "UpdateEventRequest"]
                .map(|schema| (schema, property(shared_document(), schema, "content")))
                .into()
        });
        for (schema, validator) in validators {
            prop_assert_eq!(
                validator.is_valid(&json!(content)),
                check_content(&content, lenient_rules()).is_ok(),
                "{} content {:?}", schema, content
            );
        }
    }

    #[test]
    fn openapi_event_id_schema_matches_path(event_id in event_id_like()) {
        static VALIDATOR: OnceLock<Validator> = OnceLock::new();
        let validator = VALIDATOR.get_or_init(|| parameter(shared_document(), ITEM_PATH, "event_id"));
        let urn = FunctionUrn::parse("default:test").unwrap();
        prop_assert_eq!(
            validator.is_valid(&json!(event_id)),
            EventsPath::new(PROJECT, urn, Some(&event_id)).is_ok(),
            "event id {:?}", event_id
        );
    }

    #[test]
    fn openapi_project_id_schema_matches_path(project_id in project_id_like()) {
        static VALIDATORS: OnceLock<Vec<Validator>> = OnceLock::new();
        let validators = VALIDATORS.get_or_init(|| {
            [COLLECTION_PATH, ITEM_PATH]
                .map(|path| parameter(shared_document(), path, "project_id"))
                .into()
        });
        let urn = FunctionUrn::parse("default:test").unwrap();
        for validator in validators {
            prop_assert_eq!(
                validator.is_valid(&json!(project_id)),
                EventsPath::new(&project_id, urn.clone(), None).is_ok(),
                "project id {:?}", project_id
            );
        }
    }

    #[test]
    fn openapi_accepts_bodies_model_serializes(
        name in "[a-zA-Z]([a-zA-Z0-9_-]{0,23}[a-zA-Z0-9])?",
        id in "[0-9a-f-]{36}",
        document_value in prop::collection::btree_map("[a-z]{1,5}", any::<i32>(), 0..4),
        last_modified in prop::option::of(0u64..=fgs_model::MAX_EXACT_INTEGER),
        count in 0usize..=10,
    ) {
        let content = STANDARD.encode(serde_json::to_vec(&document_value).unwrap());
        let summary = EventSummary { id: id.clone(), name: name.clone(), last_modified, extra: Map::new() };
        let bodies = [
            ("CreateEventRequest", serde_json::to_value(CreateEventRequest::new(&name, &content).unwrap()).unwrap()),
            ("UpdateEventRequest", serde_json::to_value(UpdateEventRequest::new(&content).unwrap()).unwrap()),
            ("CreateEventResponse", serde_json::to_value(CreateEventResponse { id: id.clone(), name: name.clone(), extra: Map::new() }).unwrap()),
            ("UpdateEventResponse", serde_json::to_value(UpdateEventResponse { id: id.clone(), name: name.clone(), extra: Map::new() }).unwrap()),
            ("ShowEventResponse", serde_json::to_value(ShowEventResponse { id: id.clone(), name: name.clone(), content, last_modified, extra: Map::new() }).unwrap()),
            ("ListEventsResponse", serde_json::to_value(ListEventsResponse {
                count: count as u64,
                events: vec![summary; count],
                next_marker: Some(count as u64),
                extra: Map::new(),
            }).unwrap()),
            ("ErrorBody", serde_json::to_value(ErrorBody::new("FSS.1070", "The event cannot be found.")).unwrap()),
        ];
        for (schema, body) in bodies {
            prop_assert!(component_cached(schema).is_valid(&body), "{} {}", schema, body);
        }
    }
}
