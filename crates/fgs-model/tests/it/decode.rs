//! Decoding whole responses by operation, status code and Content-Type.

use fgs_model::{decode_response, DriftKind, Operation, Outcome, Response, Rule};

/// The documented ShowEvent example response, exactly as the API reference prints it; its
/// `content` is masked with `*`.
const DOCUMENTED_SHOW_EVENT: &str = r#"{ "id" : "3b659dc0-12fc-40dc-aa05-a321d9424cb3", "name" : "event-k9r3", "last_modified" : 1597374286, "content" : "ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****" }"#;

const JSON: Option<&str> = Some("application/json");

fn rules(operation: Operation, status: u16, content_type: Option<&str>, body: &str) -> Vec<Rule> {
    let decoded = decode_response(operation, status, content_type, body.as_bytes());
    decoded.violations().iter().map(|v| v.rule).collect()
}

#[test]
fn documented_show_event_example_snapshot() {
    let decoded = decode_response(
        Operation::ShowEvent,
        200,
        JSON,
        DOCUMENTED_SHOW_EVENT.as_bytes(),
    );
    let Outcome::Success(Response::ShowEvent(event)) = &decoded.outcome else {
        panic!("expected a ShowEvent body, found {:?}", decoded.outcome);
    };
    let content = match event.decode_content() {
        Ok(document) => format!("decoded: {document}"),
        Err(error) => format!("error: {error}"),
    };
    let report = format!(
        "outcome: success\nvalue: {}\ndrift: {}\ncontent {}\n",
        serde_json::to_string_pretty(event).expect("serializable"),
        decoded.drift.len(),
        content,
    );
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("show_event_documented_example", report);
    });
}

#[test]
fn show_event_documented_statuses() {
    let error = r#"{"error_code":"FSS.0400","error_msg":"Invalid parameter."}"#;
    for status in [400, 401, 403, 404, 500] {
        let decoded = decode_response(Operation::ShowEvent, status, JSON, error.as_bytes());
        assert!(
            matches!(decoded.outcome, Outcome::Error(_)),
            "status {status}: {:?}",
            decoded.outcome
        );
    }
}

#[test]
fn undocumented_status_is_a_violation() {
    let body = r#"{"error_code":"FSS.0429","error_msg":"Too many requests."}"#;
    assert_eq!(
        rules(Operation::ShowEvent, 429, JSON, body),
        [Rule::UndocumentedStatus]
    );
    assert_eq!(
        rules(Operation::ShowEvent, 302, JSON, "{}").first(),
        Some(&Rule::UndocumentedStatus)
    );
}

#[test]
fn create_event_answering_201_is_a_violation() {
    let body = r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3"}"#;
    assert_eq!(
        rules(Operation::CreateEvent, 201, JSON, body),
        [Rule::UndocumentedStatus]
    );
    assert_eq!(rules(Operation::CreateEvent, 200, JSON, body), []);
}

#[test]
fn delete_event_success_is_204_with_empty_body() {
    let decoded = decode_response(Operation::DeleteEvent, 204, None, b"");
    assert_eq!(decoded.outcome, Outcome::Success(Response::DeleteEvent));
    assert_eq!(
        rules(Operation::DeleteEvent, 204, JSON, "{}"),
        [Rule::EmptyBody]
    );
    assert_eq!(
        rules(Operation::DeleteEvent, 200, JSON, ""),
        [Rule::UndocumentedStatus]
    );
}

#[test]
fn content_type_must_be_json() {
    let error = r#"{"error_code":"FSS.1070","error_msg":"The event cannot be found."}"#;
    assert_eq!(
        rules(Operation::ShowEvent, 404, Some("text/html"), error),
        [Rule::ContentType]
    );
    assert_eq!(
        rules(Operation::ShowEvent, 404, None, error),
        [Rule::ContentType]
    );
    assert_eq!(
        rules(
            Operation::ShowEvent,
            404,
            Some("text/plain; charset=utf-8"),
            error
        ),
        [Rule::ContentType]
    );
    assert_eq!(
        rules(
            Operation::ShowEvent,
            404,
            Some("application/json; charset=iso-8859-1"),
            error
        ),
        [Rule::ContentType]
    );
    assert_eq!(
        rules(
            Operation::ShowEvent,
            404,
            Some("Application/JSON;charset=UTF-8"),
            error
        ),
        []
    );
}

#[test]
fn error_code_for_another_status_is_drift() {
    let body = r#"{"error_code":"FSS.1070","error_msg":"The event cannot be found."}"#;
    let decoded = decode_response(Operation::ShowEvent, 400, JSON, body.as_bytes());
    assert!(matches!(decoded.outcome, Outcome::Error(_)));
    assert_eq!(decoded.drift[0].kind, DriftKind::ErrorCodeStatus);
}

#[test]
fn unknown_error_code_is_drift() {
    let body = r#"{"error_code":"FGS.0111","error_msg":"x"}"#;
    let decoded = decode_response(Operation::ShowEvent, 400, JSON, body.as_bytes());
    assert_eq!(decoded.drift[0].kind, DriftKind::UnknownErrorCode);
}

/// Returns a success body of `operation`, as a conforming server sends it.
fn success_body(operation: Operation) -> &'static str {
    match operation {
        Operation::ListEvents => {
            r#"{"events":[{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286}],"next_marker":1,"count":1}"#
        }
        Operation::CreateEvent | Operation::UpdateEvent => {
            r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3"}"#
        }
        Operation::ShowEvent => SHOW_EVENT,
        Operation::DeleteEvent => "",
    }
}

/// A ShowEvent body with a valid `content`.
const SHOW_EVENT: &str = r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286,"content":"eyJrIjoidiJ9"}"#;

/// Decodes the success body of `body_of` as the success response of `decoded_as`, and checks
/// the outcome: `conforms`, `drift: POINTER...` or `violations: RULE...`.
fn check_pair(body_of: Operation, decoded_as: Operation, expected: &str) {
    let body = success_body(body_of);
    let decoded = decode_response(
        decoded_as,
        decoded_as.success_status(),
        JSON,
        body.as_bytes(),
    );
    let found = match &decoded.outcome {
        Outcome::Success(response) => {
            let variant_matches = matches!(
                (decoded_as, response),
                (Operation::ListEvents, Response::ListEvents(_))
                    | (Operation::CreateEvent, Response::CreateEvent(_))
                    | (Operation::ShowEvent, Response::ShowEvent(_))
                    | (Operation::UpdateEvent, Response::UpdateEvent(_))
                    | (Operation::DeleteEvent, Response::DeleteEvent)
            );
            assert!(
                variant_matches,
                "{body_of} body as {decoded_as}: {response:?}"
            );
            if decoded.drift.is_empty() {
                "conforms".to_owned()
            } else {
                let pointers: Vec<String> = decoded
                    .drift
                    .iter()
                    .map(|d| d.location.to_string())
                    .collect();
                format!("drift: {}", pointers.join(" "))
            }
        }
        Outcome::Error(error) => format!("error body {}", error.error_code),
        Outcome::Violations(violations) => {
            let rules: Vec<&str> = violations.iter().map(|v| v.rule.id()).collect();
            format!("violations: {}", rules.join(" "))
        }
    };
    assert_eq!(found, expected, "{body_of} body decoded as {decoded_as}");
}

// NOTE: CreateEvent and UpdateEvent document the same `{id, name}` body, so one decodes as the
// other. A ShowEvent body carries `content` and `last_modified`, which only ShowEvent documents,
// so as either of them it breaks the foreign-field rule.
#[test]
#[rustfmt::skip]
fn body_of_one_operation_never_decodes_as_another() {
    use Operation::{CreateEvent, DeleteEvent, ListEvents, ShowEvent, UpdateEvent};

    check_pair(ListEvents, ListEvents, "conforms");
    check_pair(ListEvents, CreateEvent, "violations: required-field required-field");
    check_pair(ListEvents, ShowEvent, "violations: required-field required-field required-field");
    check_pair(ListEvents, UpdateEvent, "violations: required-field required-field");
    check_pair(ListEvents, DeleteEvent, "violations: empty-body");

    check_pair(CreateEvent, ListEvents, "violations: required-field required-field");
    check_pair(CreateEvent, CreateEvent, "conforms");
    check_pair(CreateEvent, ShowEvent, "violations: required-field");
    check_pair(CreateEvent, UpdateEvent, "conforms");
    check_pair(CreateEvent, DeleteEvent, "violations: empty-body");

    check_pair(ShowEvent, ListEvents, "violations: required-field required-field");
    check_pair(ShowEvent, CreateEvent, "violations: foreign-field foreign-field");
    check_pair(ShowEvent, ShowEvent, "conforms");
    check_pair(ShowEvent, UpdateEvent, "violations: foreign-field foreign-field");
    check_pair(ShowEvent, DeleteEvent, "violations: empty-body");

    check_pair(UpdateEvent, ListEvents, "violations: required-field required-field");
    check_pair(UpdateEvent, CreateEvent, "conforms");
    check_pair(UpdateEvent, ShowEvent, "violations: required-field");
    check_pair(UpdateEvent, UpdateEvent, "conforms");
    check_pair(UpdateEvent, DeleteEvent, "violations: empty-body");

    check_pair(DeleteEvent, ListEvents, "violations: empty-body");
    check_pair(DeleteEvent, CreateEvent, "violations: empty-body");
    check_pair(DeleteEvent, ShowEvent, "violations: empty-body");
    check_pair(DeleteEvent, UpdateEvent, "violations: empty-body");
    check_pair(DeleteEvent, DeleteEvent, "conforms");
}

#[test]
fn error_body_never_decodes_as_success() {
    let error = r#"{"error_code":"FSS.1070","error_msg":"The event cannot be found."}"#;
    for operation in [
        Operation::ListEvents,
        Operation::CreateEvent,
        Operation::ShowEvent,
        Operation::UpdateEvent,
    ] {
        let decoded = decode_response(operation, 200, JSON, error.as_bytes());
        assert!(
            matches!(decoded.outcome, Outcome::Violations(_)),
            "{operation}: {:?}",
            decoded.outcome
        );
    }
}

#[test]
fn foreign_field_names_the_other_operation() {
    let decoded = decode_response(Operation::CreateEvent, 200, JSON, SHOW_EVENT.as_bytes());
    let violations = decoded.violations();

    assert_eq!(violations.len(), 2);
    assert_eq!(
        violations[0].to_string(),
        "/last_modified: expected only the fields CreateEvent documents, found `last_modified`, a field of the ShowEvent response"
    );
    assert!(decoded.drift.is_empty(), "{:?}", decoded.drift);
}

#[test]
fn operation_names_parse_both_spellings() {
    for operation in Operation::ALL {
        assert_eq!(operation.as_str().parse(), Ok(operation));
        assert_eq!(operation.sdk_name().parse(), Ok(operation));
    }
    let error = "show".parse::<Operation>().expect_err("unknown");
    assert_eq!(
        error.to_string(),
        "unknown operation `show`: expected one of `list-events`, `create-event`, `show-event`, `update-event`, `delete-event`"
    );
}
