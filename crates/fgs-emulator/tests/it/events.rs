//! ListEvents, CreateEvent, UpdateEvent and DeleteEvent over the shared store.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use fgs_emulator::{
    Emulator, EmulatorConfig, DEFAULT_EVENT_ID, DEFAULT_EVENT_NAME, DEFAULT_FUNCTION_URN,
    DEFAULT_PROJECT_ID, MAX_REQUEST_BODY_BYTES,
};
use serde_json::{json, Value};

use crate::support::{
    default_event_target, event_target, events_target, is_request_id, router, start, Answer, Call,
    DEFAULT_URN_PERCENT, TOKEN,
};

/// The documentation's example content: base64 of `{"k":"v"}`.
const CONTENT: &str = "eyJrIjoidiJ9";

/// A router serving the default function with no events.
fn empty_function_router() -> Router {
    let config = EmulatorConfig::empty(TOKEN)
        .with_function(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN)
        .expect("valid function");
    Emulator::router(config)
}

fn create_body(name: &str, content: &str) -> String {
    json!({"name": name, "content": content}).to_string()
}

async fn create(router: &Router, name: &str) -> Answer {
    let target = events_target(DEFAULT_FUNCTION_URN);
    let body = create_body(name, CONTENT);
    Call::new("POST", &target).body(&body).oneshot(router).await
}

fn created_id(answer: &Answer) -> String {
    assert_eq!(answer.status, 200, "create failed: {:?}", answer.json());
    answer.json()["id"]
        .as_str()
        .expect("id is a string")
        .to_owned()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

#[tokio::test]
async fn list_events_returns_documented_example() {
    let emulator = start().await;
    let target = events_target(DEFAULT_FUNCTION_URN);

    let answer = Call::new("GET", &target).over_socket(&emulator).await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        answer.json(),
        json!({
            "events": [{
                "id": "3b659dc0-12fc-40dc-aa05-a321d9424cb3",
                "name": "event-k9r3",
                "last_modified": 1597374286,
            }],
            "next_marker": 1,
            "count": 1,
        })
    );
}

#[tokio::test]
async fn list_events_colon_encodings_answer_alike() {
    let emulator = start().await;
    let lower_percent = DEFAULT_URN_PERCENT.replace("%3A", "%3a");

    let raw = Call::new("GET", &events_target(DEFAULT_FUNCTION_URN))
        .over_socket(&emulator)
        .await;
    let upper = Call::new("GET", &events_target(DEFAULT_URN_PERCENT))
        .over_socket(&emulator)
        .await;
    let lower = Call::new("GET", &events_target(&lower_percent))
        .over_socket(&emulator)
        .await;

    assert_eq!(raw.status, 200);
    assert_eq!(upper.status, 200);
    assert_eq!(lower.status, 200);
    assert_eq!(upper.json(), raw.json());
    assert_eq!(lower.json(), raw.json());
}

#[tokio::test]
async fn list_events_empty_function() {
    let router = empty_function_router();

    let answer = Call::new("GET", &events_target(DEFAULT_FUNCTION_URN))
        .oneshot(&router)
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json(),
        json!({"events": [], "next_marker": 0, "count": 0})
    );
}

#[tokio::test]
async fn list_events_counts_every_event() {
    let router = empty_function_router();
    let mut ids = Vec::new();
    for index in 0..3 {
        ids.push(created_id(
            &create(&router, &format!("event-{index}")).await,
        ));
    }

    let answer = Call::new("GET", &events_target(DEFAULT_FUNCTION_URN))
        .oneshot(&router)
        .await;

    assert_eq!(answer.status, 200);
    let json = answer.json();
    assert_eq!(json["count"], json!(3));
    assert_eq!(json["next_marker"], json!(3));
    let listed: Vec<&str> = json["events"]
        .as_array()
        .expect("events is an array")
        .iter()
        .map(|event| event["id"].as_str().expect("id is a string"))
        .collect();
    assert_eq!(listed, ids);
}

#[tokio::test]
async fn list_events_unknown_function_is_fss_1051() {
    let answer = Call::new("GET", &events_target("other"))
        .oneshot(&router())
        .await;

    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.json(),
        json!({"error_code": "FSS.1051", "error_msg": "The function does not exist."})
    );
}

#[tokio::test]
async fn list_events_requires_token() {
    let answer = Call::new("GET", &events_target(DEFAULT_FUNCTION_URN))
        .token(None)
        .oneshot(&router())
        .await;

    assert_eq!(answer.status, 401);
    assert_eq!(answer.error_code(), "APIGW.0301");
}

#[tokio::test]
async fn create_event_returns_id_and_name() {
    let emulator = start_with_empty_function().await;
    let body = create_body("event-xx", CONTENT);

    let answer = Call::new("POST", &events_target(DEFAULT_URN_PERCENT))
        .body(&body)
        .over_socket(&emulator)
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let json = answer.json();
    let id = json["id"].as_str().expect("id is a string");
    let parsed = uuid::Uuid::parse_str(id).expect("id is a UUID");
    assert_eq!(parsed.get_version_num(), 4);
    assert_eq!(id, parsed.hyphenated().to_string());
    assert_eq!(json, json!({"id": id, "name": "event-xx"}));
}

async fn start_with_empty_function() -> fgs_emulator::RunningEmulator {
    let config = EmulatorConfig::empty(TOKEN)
        .with_function(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN)
        .expect("valid function");
    crate::support::start_with(config).await
}

#[tokio::test]
async fn create_event_ids_are_fresh() {
    let router = empty_function_router();

    let first = created_id(&create(&router, "first").await);
    let second = created_id(&create(&router, "second").await);

    assert_ne!(first, second);
}

#[tokio::test]
async fn created_event_has_no_last_modified() {
    let router = empty_function_router();
    let id = created_id(&create(&router, "fresh").await);

    let shown = Call::new("GET", &event_target(DEFAULT_FUNCTION_URN, &id))
        .oneshot(&router)
        .await;
    let listed = Call::new("GET", &events_target(DEFAULT_FUNCTION_URN))
        .oneshot(&router)
        .await;

    assert_eq!(shown.status, 200);
    assert_eq!(
        shown.json(),
        json!({"id": id, "name": "fresh", "content": CONTENT})
    );
    assert_eq!(
        listed.json()["events"],
        json!([{"id": id, "name": "fresh"}])
    );
}

#[tokio::test]
async fn create_eleventh_event_is_fss_1068() {
    let router = empty_function_router();
    for index in 0..10 {
        created_id(&create(&router, &format!("event-{index}")).await);
    }

    let answer = create(&router, "event-10").await;

    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.json(),
        json!({
            "error_code": "FSS.1068",
            "error_msg": "The number of events configured for the function exceeds the maximum allowed limit.",
        })
    );
}

#[tokio::test]
async fn create_duplicate_name_is_fss_1073() {
    let answer = create(&router(), DEFAULT_EVENT_NAME).await;

    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.json(),
        json!({"error_code": "FSS.1073", "error_msg": "The function event already exists."})
    );
}

#[tokio::test]
async fn create_event_invalid_field_is_fss_1074() {
    let router = empty_function_router();
    let target = events_target(DEFAULT_FUNCTION_URN);
    let long_content = "A".repeat(16385);
    let check = |body: Value| {
        let router = router.clone();
        let target = target.clone();
        async move {
            let text = body.to_string();
            let answer = Call::new("POST", &target)
                .body(&text)
                .oneshot(&router)
                .await;
            assert_eq!(answer.status, 400, "body {text:.100}");
            assert_eq!(
                answer.json(),
                json!({"error_code": "FSS.1074", "error_msg": "The event field is invalid."}),
                "body {text:.100}"
            );
        }
    };

    check(json!({"content": CONTENT})).await;
    check(json!({"name": "event-xx"})).await;
    check(json!({"name": null, "content": CONTENT})).await;
    check(json!({"name": 7, "content": CONTENT})).await;
    check(json!({"name": "", "content": CONTENT})).await;
    check(json!({"name": "1event", "content": CONTENT})).await;
    check(json!({"name": "_event", "content": CONTENT})).await;
    check(json!({"name": "event-", "content": CONTENT})).await;
    check(json!({"name": "event_", "content": CONTENT})).await;
    check(json!({"name": "event xx", "content": CONTENT})).await;
    check(json!({"name": "évent", "content": CONTENT})).await;
    check(json!({"name": "a".repeat(26), "content": CONTENT})).await;
    check(json!({"name": "event-xx", "content": 12})).await;
    check(json!({"name": "event-xx", "content": ""})).await;
    check(json!({"name": "event-xx", "content": "eyJ"})).await;
    check(json!({"name": "event-xx", "content": long_content})).await;
}

#[tokio::test]
async fn create_event_accepts_boundary_values() {
    let router = empty_function_router();
    let target = events_target(DEFAULT_FUNCTION_URN);
    let longest_content = "A".repeat(16384);
    let check = |name: String, content: String| {
        let router = router.clone();
        let target = target.clone();
        async move {
            let body = create_body(&name, &content);
            let answer = Call::new("POST", &target)
                .body(&body)
                .oneshot(&router)
                .await;
            assert_eq!(
                answer.status,
                200,
                "name {name}, content of {} characters",
                content.len()
            );
            assert_eq!(answer.json()["name"], json!(name));
        }
    };

    check("a".to_owned(), CONTENT.to_owned()).await;
    check("Z9".to_owned(), CONTENT.to_owned()).await;
    check(format!("a{}", "b".repeat(24)), CONTENT.to_owned()).await;
    check("Event_x-1".to_owned(), "e30=".to_owned()).await;
    check("longest".to_owned(), longest_content).await;
}

#[tokio::test]
async fn create_event_body_not_object_is_fss_0400() {
    let router = empty_function_router();
    let target = events_target(DEFAULT_FUNCTION_URN);

    for body in [
        "",
        "not json",
        "{",
        "[]",
        "null",
        "\"event\"",
        "42",
        "[{\"name\":\"a\",\"content\":\"e30=\"}]",
    ] {
        let answer = Call::new("POST", &target).body(body).oneshot(&router).await;

        assert_eq!(answer.status, 400, "body {body:?}");
        assert_eq!(
            answer.json(),
            json!({"error_code": "FSS.0400", "error_msg": "Invalid parameter."}),
            "body {body:?}"
        );
    }
}

#[tokio::test]
async fn create_event_oversized_body_is_fss_0413() {
    let emulator = start_with_empty_function().await;
    let body = format!(
        "{{\"name\":\"big\",\"content\":\"{}\"}}",
        "A".repeat(MAX_REQUEST_BODY_BYTES)
    );

    let answer = Call::new("POST", &events_target(DEFAULT_FUNCTION_URN))
        .body(&body)
        .over_socket(&emulator)
        .await;

    assert_eq!(answer.status, 413);
    assert_eq!(
        answer.json(),
        json!({"error_code": "FSS.0413", "error_msg": "The request body is too large."})
    );
}

#[tokio::test]
async fn create_event_unknown_function_is_fss_1051() {
    let body = create_body("event-xx", CONTENT);

    let answer = Call::new("POST", &events_target("other"))
        .body(&body)
        .oneshot(&router())
        .await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.error_code(), "FSS.1051");
}

#[tokio::test]
async fn events_are_shared_across_qualifiers() {
    let router = empty_function_router();
    let body = create_body("shared", CONTENT);
    let created = Call::new(
        "POST",
        &events_target("7aad83af3e8d42e99ac194e8419e2c9b:default:test:!dev"),
    )
    .body(&body)
    .oneshot(&router)
    .await;
    let id = created_id(&created);

    let listed = Call::new("GET", &events_target("default%3Atest"))
        .oneshot(&router)
        .await;

    assert_eq!(
        listed.json()["events"],
        json!([{"id": id, "name": "shared"}])
    );
}

#[tokio::test]
async fn update_event_returns_id_and_name() {
    let emulator = start().await;
    let body = json!({"content": CONTENT}).to_string();

    let answer = Call::new("PUT", &default_event_target(DEFAULT_FUNCTION_URN))
        .body(&body)
        .over_socket(&emulator)
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json(),
        json!({"id": "3b659dc0-12fc-40dc-aa05-a321d9424cb3", "name": "event-k9r3"})
    );
}

#[tokio::test]
async fn update_event_sets_content_and_seconds() {
    let router = empty_function_router();
    let id = created_id(&create(&router, "changing").await);
    let target = event_target(DEFAULT_FUNCTION_URN, &id);
    let body = json!({"content": "e30="}).to_string();
    let before = unix_now();

    let updated = Call::new("PUT", &target).body(&body).oneshot(&router).await;
    let after = unix_now();
    let shown = Call::new("GET", &target).oneshot(&router).await;

    assert_eq!(updated.status, 200);
    let json = shown.json();
    assert_eq!(json["content"], json!("e30="));
    let last_modified = json["last_modified"].as_u64().expect("whole seconds");
    assert!(
        (before..=after).contains(&last_modified),
        "{last_modified} not in {before}..={after}"
    );
    assert!(json["last_modified"].is_u64(), "{json}");
}

#[tokio::test]
async fn update_event_ignores_name() {
    let router = router();
    let target = default_event_target(DEFAULT_URN_PERCENT);
    let body = json!({"name": "renamed", "content": CONTENT}).to_string();

    let updated = Call::new("PUT", &target).body(&body).oneshot(&router).await;
    let shown = Call::new("GET", &target).oneshot(&router).await;

    assert_eq!(updated.json()["name"], json!("event-k9r3"));
    assert_eq!(shown.json()["name"], json!("event-k9r3"));
}

#[tokio::test]
async fn update_unknown_event_is_fss_1070() {
    let body = json!({"content": CONTENT}).to_string();
    let target = event_target(DEFAULT_FUNCTION_URN, "b6ef601f-47c1-4ccd-a3a5-0b5913f539c9");

    let answer = Call::new("PUT", &target)
        .body(&body)
        .oneshot(&router())
        .await;

    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.json(),
        json!({"error_code": "FSS.1070", "error_msg": "The event cannot be found."})
    );
}

#[tokio::test]
async fn update_event_invalid_content_is_fss_1074() {
    let router = router();
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    for body in [
        json!({}),
        json!({"content": "eyJ"}),
        json!({"content": ["e30="]}),
        json!({"name": "event-k9r3"}),
    ] {
        let text = body.to_string();
        let answer = Call::new("PUT", &target).body(&text).oneshot(&router).await;

        assert_eq!(answer.status, 400, "body {text}");
        assert_eq!(answer.error_code(), "FSS.1074", "body {text}");
    }
}

#[tokio::test]
async fn update_event_body_not_object_is_fss_0400() {
    let answer = Call::new("PUT", &default_event_target(DEFAULT_FUNCTION_URN))
        .body("[\"e30=\"]")
        .oneshot(&router())
        .await;

    assert_eq!(answer.status, 400);
    assert_eq!(answer.error_code(), "FSS.0400");
}

#[tokio::test]
async fn delete_event_is_204_empty() {
    let emulator = start().await;

    let answer = Call::new("DELETE", &default_event_target(DEFAULT_URN_PERCENT))
        .over_socket(&emulator)
        .await;

    assert_eq!(answer.status, 204);
    assert!(answer.body.is_empty(), "{:?}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert!(is_request_id(
        answer.request_id.as_deref().expect("X-Request-Id is sent")
    ));
}

#[tokio::test]
async fn deleted_event_is_fss_1070() {
    let router = router();
    let target = default_event_target(DEFAULT_FUNCTION_URN);
    Call::new("DELETE", &target).oneshot(&router).await;

    let shown = Call::new("GET", &target).oneshot(&router).await;
    let deleted_again = Call::new("DELETE", &target).oneshot(&router).await;
    let listed = Call::new("GET", &events_target(DEFAULT_FUNCTION_URN))
        .oneshot(&router)
        .await;

    assert_eq!(shown.status, 404);
    assert_eq!(shown.error_code(), "FSS.1070");
    assert_eq!(deleted_again.status, 404);
    assert_eq!(deleted_again.error_code(), "FSS.1070");
    assert_eq!(
        listed.json(),
        json!({"events": [], "next_marker": 0, "count": 0})
    );
}

#[tokio::test]
async fn delete_event_frees_quota() {
    let router = empty_function_router();
    let mut ids = Vec::new();
    for index in 0..10 {
        ids.push(created_id(
            &create(&router, &format!("event-{index}")).await,
        ));
    }
    Call::new("DELETE", &event_target(DEFAULT_FUNCTION_URN, &ids[3]))
        .oneshot(&router)
        .await;

    let answer = create(&router, "event-10").await;

    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn delete_unknown_function_is_fss_1051() {
    let target = event_target("other", DEFAULT_EVENT_ID);

    let answer = Call::new("DELETE", &target).oneshot(&router()).await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.error_code(), "FSS.1051");
}

#[tokio::test]
async fn collection_methods_are_get_and_post() {
    let router = router();
    let target = events_target(DEFAULT_FUNCTION_URN);

    for method in ["PUT", "DELETE", "PATCH"] {
        let answer = Call::new(method, &target).oneshot(&router).await;

        assert_eq!(answer.status, 404, "{method}");
        assert_eq!(answer.error_code(), "APIGW.0101", "{method}");
    }
}
