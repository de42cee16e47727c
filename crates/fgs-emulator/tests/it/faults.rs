//! Injected faults: each changes exactly the responses it names, through the real handler.

use axum::Router;
use fgs_emulator::{
    Emulator, EmulatorConfig, Fault, DEFAULT_EVENT_ID, DEFAULT_EVENT_NAME, DEFAULT_FUNCTION_URN,
    DEFAULT_LAST_MODIFIED, DEFAULT_PROJECT_ID, SLOW_RESPONSE_DELAY, TOKEN_FIELD,
};
use serde_json::{json, Value};

use crate::support::{
    default_event_target, event_target, events_target, start_with, Answer, Call, TOKEN,
};

/// An event id no function has.
const MISSING_EVENT_ID: &str = "00000000-0000-4000-8000-000000000000";

/// The URN of a function the seeded configuration does not serve.
const OTHER_FUNCTION_URN: &str =
    "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:other";

fn router_with(fault: Fault) -> Router {
    Emulator::router(EmulatorConfig::new(TOKEN).with_fault(fault))
}

async fn show(fault: Fault) -> Answer {
    Call::new("GET", &default_event_target(DEFAULT_FUNCTION_URN))
        .oneshot(&router_with(fault))
        .await
}

async fn show_missing(fault: Fault) -> Answer {
    Call::new("GET", &event_target(DEFAULT_FUNCTION_URN, MISSING_EVENT_ID))
        .oneshot(&router_with(fault))
        .await
}

fn create_body(name: &str) -> String {
    json!({"name": name, "content": "eyJrIjoidiJ9"}).to_string()
}

#[tokio::test]
async fn fault_missing_event_500() {
    let answer = show_missing(Fault::MissingEvent500).await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.error_code(), "FSS.0500");
}

#[tokio::test]
async fn fault_create_201() {
    let body = create_body("created");
    let answer = Call::new("POST", &events_target(DEFAULT_FUNCTION_URN))
        .body(&body)
        .oneshot(&router_with(Fault::Create201))
        .await;
    assert_eq!(answer.status, 201);
    assert_eq!(answer.json()["name"], json!("created"));
}

#[tokio::test]
async fn fault_delete_200_body() {
    let answer = Call::new("DELETE", &default_event_target(DEFAULT_FUNCTION_URN))
        .oneshot(&router_with(Fault::Delete200Body))
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), json!({"id": DEFAULT_EVENT_ID}));
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
}

#[tokio::test]
async fn fault_rewrites_show_event_body() {
    let check = |fault: Fault, expected: &'static [u8]| async move {
        let answer = show(fault).await;
        assert_eq!(answer.status, 200, "{fault}");
        let body = String::from_utf8_lossy(&answer.body).into_owned();
        let expected = String::from_utf8_lossy(expected).into_owned();
        assert!(body.contains(&expected), "{fault}: {body}");
    };

    check(
        Fault::LastModifiedString,
        b"\"last_modified\":\"1597374286\"",
    )
    .await;
    check(
        Fault::LastModifiedFraction,
        b"\"last_modified\":1597374286.5",
    )
    .await;
    check(Fault::LastModifiedFloat32, b"\"last_modified\":1597374336").await;
    check(Fault::RenamedName, b"\"event_name\":\"event-k9r3\"").await;
    check(Fault::DuplicateKey, b"\"name\":\"event-k9r3\"}").await;
    check(Fault::InvalidUtf8, b"\"name\":\"\xFFevent-k9r3\"").await;
    check(Fault::ContentNotBase64, b"*****\"").await;
    check(Fault::ArrayBody, b"[{\"id\":").await;
}

#[tokio::test]
async fn fault_duplicate_key_repeats_name() {
    let body = String::from_utf8(show(Fault::DuplicateKey).await.body).unwrap();
    assert_eq!(body.matches("\"name\":").count(), 2, "{body}");
}

#[tokio::test]
async fn fault_missing_content_drops_field() {
    let event = show(Fault::MissingContent).await.json();
    assert_eq!(event.get("content"), None);
    assert_eq!(event["name"], json!(DEFAULT_EVENT_NAME));
}

#[tokio::test]
async fn fault_truncated_json_halves_body() {
    let whole = show(Fault::JsonAsHtml).await.body.len();
    let answer = show(Fault::TruncatedJson).await;
    assert_eq!(answer.body.len(), whole / 2);
    assert!(serde_json::from_slice::<Value>(&answer.body).is_err());
}

#[tokio::test]
async fn fault_token_in_body_echoes_token() {
    let event = show(Fault::TokenInBody).await.json();
    assert_eq!(event[TOKEN_FIELD], json!(TOKEN));
}

#[tokio::test]
async fn fault_count_mismatch_adds_one() {
    let answer = Call::new("GET", &events_target(DEFAULT_FUNCTION_URN))
        .oneshot(&router_with(Fault::CountMismatch))
        .await;
    let list = answer.json();
    assert_eq!(list["count"], json!(2));
    assert_eq!(list["events"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn fault_json_as_html_labels_success_only() {
    assert_eq!(
        show(Fault::JsonAsHtml).await.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        show_missing(Fault::JsonAsHtml)
            .await
            .content_type
            .as_deref(),
        Some("application/json")
    );
}

#[tokio::test]
async fn fault_error_as_text_labels_errors_only() {
    assert_eq!(
        show_missing(Fault::ErrorAsText)
            .await
            .content_type
            .as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        show(Fault::ErrorAsText).await.content_type.as_deref(),
        Some("application/json")
    );
}

#[tokio::test]
async fn fault_error_without_request_id() {
    assert_eq!(
        show_missing(Fault::ErrorWithoutRequestId).await.request_id,
        None
    );
    assert!(show(Fault::ErrorWithoutRequestId)
        .await
        .request_id
        .is_some());
}

#[tokio::test]
async fn fault_error_without_code() {
    let error = show_missing(Fault::ErrorWithoutCode).await.json();
    assert_eq!(error, json!({"error_msg": "The event cannot be found."}));
}

#[tokio::test]
async fn fault_error_wrong_shape() {
    let error = show_missing(Fault::ErrorWrongShape).await.json();
    assert_eq!(
        error,
        json!({"error": {"code": "FSS.1070", "message": "The event cannot be found."}})
    );
}

#[tokio::test]
async fn fault_accept_missing_token() {
    let router = router_with(Fault::AcceptMissingToken);
    let target = default_event_target(DEFAULT_FUNCTION_URN);
    let missing = Call::new("GET", &target).token(None).oneshot(&router).await;
    let wrong = Call::new("GET", &target)
        .token(Some("wrong"))
        .oneshot(&router)
        .await;
    assert_eq!(missing.status, 200);
    assert_eq!(wrong.status, 401);
}

#[tokio::test]
async fn fault_accept_wrong_token() {
    let router = router_with(Fault::AcceptWrongToken);
    let target = default_event_target(DEFAULT_FUNCTION_URN);
    let missing = Call::new("GET", &target).token(None).oneshot(&router).await;
    let wrong = Call::new("GET", &target)
        .token(Some("wrong"))
        .oneshot(&router)
        .await;
    assert_eq!(missing.status, 401);
    assert_eq!(wrong.status, 200);
}

#[tokio::test]
async fn fault_cross_function_event() {
    let config = EmulatorConfig::new(TOKEN)
        .with_function(DEFAULT_PROJECT_ID, OTHER_FUNCTION_URN)
        .unwrap()
        .with_fault(Fault::CrossFunctionEvent);
    let answer = Call::new("GET", &default_event_target(OTHER_FUNCTION_URN))
        .oneshot(&Emulator::router(config))
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["id"], json!(DEFAULT_EVENT_ID));
}

#[tokio::test]
async fn fault_deleted_event_shown() {
    let router = router_with(Fault::DeletedEventShown);
    let target = default_event_target(DEFAULT_FUNCTION_URN);
    let deleted = Call::new("DELETE", &target).oneshot(&router).await;
    let shown = Call::new("GET", &target).oneshot(&router).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(shown.status, 200);
}

#[tokio::test]
async fn fault_update_not_applied() {
    let router = router_with(Fault::UpdateNotApplied);
    let target = default_event_target(DEFAULT_FUNCTION_URN);
    let body = json!({"content": "eyJrIjoidiJ9"}).to_string();
    let updated = Call::new("PUT", &target).body(&body).oneshot(&router).await;
    let shown = Call::new("GET", &target).oneshot(&router).await.json();
    assert_eq!(updated.status, 200);
    assert_eq!(shown["last_modified"], json!(DEFAULT_LAST_MODIFIED));
    assert_ne!(shown["content"], json!("eyJrIjoidiJ9"));
}

#[tokio::test]
async fn fault_quota_not_enforced() {
    let router = router_with(Fault::QuotaNotEnforced);
    let target = events_target(DEFAULT_FUNCTION_URN);
    for index in 0..11 {
        let body = create_body(&format!("extra{index}"));
        let answer = Call::new("POST", &target)
            .body(&body)
            .oneshot(&router)
            .await;
        assert_eq!(answer.status, 200, "event {index}");
    }
    let list = Call::new("GET", &target).oneshot(&router).await.json();
    assert_eq!(list["count"], json!(12));
}

#[tokio::test]
async fn fault_close_mid_body_over_socket() {
    let emulator = start_with(EmulatorConfig::new(TOKEN).with_fault(Fault::CloseMidBody)).await;
    let url = format!(
        "{}{}",
        emulator.base_url(),
        default_event_target(DEFAULT_FUNCTION_URN)
    );
    let response = reqwest::Client::new()
        .get(&url)
        .header("x-auth-token", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.is_err());
    emulator.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn fault_slow_not_found_holds_response() {
    let started = tokio::time::Instant::now();
    let answer = show_missing(Fault::SlowNotFound).await;
    assert_eq!(answer.status, 404);
    assert!(started.elapsed() >= SLOW_RESPONSE_DELAY);
}

#[tokio::test(start_paused = true)]
async fn fault_slow_not_found_spares_success() {
    let started = tokio::time::Instant::now();
    let answer = show(Fault::SlowNotFound).await;
    assert_eq!(answer.status, 200);
    assert!(started.elapsed() < SLOW_RESPONSE_DELAY);
}

#[tokio::test]
async fn faults_combine_on_one_response() {
    let config = EmulatorConfig::new(TOKEN)
        .with_fault(Fault::ErrorAsText)
        .with_fault(Fault::ErrorWithoutCode)
        .with_fault(Fault::ErrorAsText);
    assert_eq!(
        config.faults(),
        [Fault::ErrorAsText, Fault::ErrorWithoutCode]
    );
    let answer = Call::new("GET", &event_target(DEFAULT_FUNCTION_URN, MISSING_EVENT_ID))
        .oneshot(&Emulator::router(config))
        .await;
    assert_eq!(
        answer.content_type.as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        answer.json(),
        json!({"error_msg": "The event cannot be found."})
    );
}

#[test]
fn config_debug_lists_faults() {
    let config = EmulatorConfig::new(TOKEN).with_fault(Fault::Create201);
    assert!(format!("{config:?}").contains("Create201"));
}

#[tokio::test]
async fn fault_slow_not_found_ends_with_client() {
    let emulator = start_with(EmulatorConfig::new(TOKEN).with_fault(Fault::SlowNotFound)).await;
    let url = format!(
        "{}{}",
        emulator.base_url(),
        event_target(DEFAULT_FUNCTION_URN, MISSING_EVENT_ID)
    );
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client
        .get(&url)
        .header("x-auth-token", TOKEN)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    let started = std::time::Instant::now();
    emulator.shutdown().await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
