//! The configuration: defaults, the token and the functions served.

use base64::Engine as _;
use fgs_emulator::{
    Emulator, EmulatorConfig, EmulatorError, SeedEvent, DEFAULT_EVENT_CONTENT, DEFAULT_EVENT_ID,
    DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
};
use serde_json::json;

use crate::support::{default_event_target, event_target, Call, TOKEN};

#[test]
fn default_content_is_padded_base64_json() {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(DEFAULT_EVENT_CONTENT)
        .expect("standard padded base64");
    let document: serde_json::Value = serde_json::from_slice(&decoded).expect("a JSON document");

    assert_eq!(DEFAULT_EVENT_CONTENT.len() % 4, 0);
    assert_eq!(document["httpMethod"], json!("GET"));
    assert!(DEFAULT_EVENT_CONTENT.starts_with("ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d"));
}

#[test]
fn default_urn_names_default_project() {
    let urn = fgs_model::FunctionUrn::parse(DEFAULT_FUNCTION_URN).expect("valid URN");

    assert_eq!(urn.project_id(), Some(DEFAULT_PROJECT_ID));
    assert_eq!(urn.function(), "test");
}

#[test]
fn generated_token_is_random_hex() {
    let first = EmulatorConfig::with_generated_token();
    let second = EmulatorConfig::with_generated_token();

    assert_eq!(first.token.expose().len(), 32);
    assert!(first
        .token
        .expose()
        .bytes()
        .all(|byte| byte.is_ascii_hexdigit()));
    assert_ne!(first.token, second.token);
}

#[test]
fn config_debug_hides_token() {
    let printed = format!("{:?}", EmulatorConfig::new(TOKEN));

    assert!(!printed.contains(TOKEN), "{printed}");
}

#[tokio::test]
async fn empty_config_serves_no_function() {
    let router = Emulator::router(EmulatorConfig::empty(TOKEN));

    let answer = Call::new("GET", &default_event_target(DEFAULT_FUNCTION_URN))
        .oneshot(&router)
        .await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.error_code(), "FSS.1051");
}

#[tokio::test]
async fn added_function_has_no_events() {
    let config = EmulatorConfig::empty(TOKEN)
        .with_function(
            DEFAULT_PROJECT_ID,
            "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:shop:checkout",
        )
        .expect("valid function");
    let router = Emulator::router(config);

    let answer = Call::new("GET", &event_target("shop:checkout", DEFAULT_EVENT_ID))
        .oneshot(&router)
        .await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.error_code(), "FSS.1070");
}

#[tokio::test]
async fn added_event_is_served() {
    let event = SeedEvent {
        id: "b6ef601f-47c1-4ccd-a3a5-0b5913f539c9".to_owned(),
        name: "event-u0cr".to_owned(),
        content: "eyJrIjoidiJ9".to_owned(),
        last_modified: None,
    };
    let config = EmulatorConfig::empty(TOKEN)
        .with_event(DEFAULT_PROJECT_ID, "shop:checkout", event)
        .expect("valid event");
    let router = Emulator::router(config);

    let answer = Call::new(
        "GET",
        &event_target(
            "7aad83af3e8d42e99ac194e8419e2c9b:shop:checkout:latest",
            "b6ef601f-47c1-4ccd-a3a5-0b5913f539c9",
        ),
    )
    .oneshot(&router)
    .await;

    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json(),
        json!({"id": "b6ef601f-47c1-4ccd-a3a5-0b5913f539c9", "name": "event-u0cr", "content": "eyJrIjoidiJ9"})
    );
}

#[test]
fn with_function_rejects_invalid_urn() {
    let error = EmulatorConfig::empty(TOKEN)
        .with_function(
            DEFAULT_PROJECT_ID,
            "urn:fss:cn-north-4:abc:function:default:test",
        )
        .expect_err("invalid URN");

    assert!(
        matches!(error, EmulatorError::InvalidFunctionUrn(_)),
        "{error:?}"
    );
}

#[test]
fn with_function_rejects_invalid_project() {
    let error = EmulatorConfig::empty(TOKEN)
        .with_function("abc", "test")
        .expect_err("invalid project id");

    assert!(matches!(error, EmulatorError::InvalidPath(_)), "{error:?}");
}

#[test]
fn with_function_rejects_other_project() {
    let error = EmulatorConfig::empty(TOKEN)
        .with_function("35f6ceaa17ca4c239538265a0f823423", DEFAULT_FUNCTION_URN)
        .expect_err("the URN names another project");

    assert!(
        matches!(error, EmulatorError::ProjectMismatch { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("function URN `{DEFAULT_FUNCTION_URN}` names another project than `35f6ceaa17ca4c239538265a0f823423`")
    );
}

#[test]
fn with_event_rejects_duplicate_name() {
    let mut event = SeedEvent::documented_example();
    event.id = "b6ef601f-47c1-4ccd-a3a5-0b5913f539c9".to_owned();

    let error = EmulatorConfig::new(TOKEN)
        .with_event(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN, event)
        .expect_err("the name is taken");

    assert!(
        matches!(error, EmulatorError::DuplicateEvent { .. }),
        "{error:?}"
    );
}

#[test]
fn with_event_rejects_eleventh_event() {
    let mut config = EmulatorConfig::empty(TOKEN);
    for index in 0..10 {
        let event = SeedEvent {
            id: format!("00000000-0000-4000-8000-{index:012}"),
            name: format!("event-{index}"),
            content: "eyJrIjoidiJ9".to_owned(),
            last_modified: None,
        };
        config = config
            .with_event(DEFAULT_PROJECT_ID, "test", event)
            .expect("within the quota");
    }
    let eleventh = SeedEvent {
        id: "00000000-0000-4000-8000-000000000010".to_owned(),
        name: "event-10".to_owned(),
        content: "eyJrIjoidiJ9".to_owned(),
        last_modified: None,
    };

    let error = config
        .with_event(DEFAULT_PROJECT_ID, "test", eleventh)
        .expect_err("over the quota");

    assert!(
        matches!(error, EmulatorError::TooManyEvents { max: 10, .. }),
        "{error:?}"
    );
}

#[test]
fn with_event_rejects_invalid_name() {
    let mut event = SeedEvent::documented_example();
    event.name = "1event".to_owned();

    let error = EmulatorConfig::empty(TOKEN)
        .with_event(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN, event)
        .expect_err("the name starts with a digit");

    assert!(
        matches!(error, EmulatorError::InvalidEvent { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "invalid event `3b659dc0-12fc-40dc-aa05-a321d9424cb3` in configuration"
    );
}

#[test]
fn with_event_rejects_short_content() {
    let mut event = SeedEvent::documented_example();
    event.content = "e30".to_owned();

    let error = EmulatorConfig::empty(TOKEN)
        .with_event(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN, event)
        .expect_err("content is under 4 characters");

    assert!(
        matches!(error, EmulatorError::InvalidEvent { .. }),
        "{error:?}"
    );
}
