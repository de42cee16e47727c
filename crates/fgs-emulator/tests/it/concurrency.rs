//! Concurrent requests against one store.

use std::sync::Arc;

use fgs_emulator::{EmulatorConfig, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID};
use serde_json::json;
use tokio::sync::Barrier;

use crate::support::{events_target, start_with, Call, TOKEN};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_creates_make_ten() {
    let config = EmulatorConfig::empty(TOKEN)
        .with_function(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN)
        .expect("valid function");
    let emulator = Arc::new(start_with(config).await);
    let target = events_target(DEFAULT_FUNCTION_URN);
    let barrier = Arc::new(Barrier::new(50));

    let mut tasks = Vec::new();
    for index in 0..50 {
        let emulator = Arc::clone(&emulator);
        let target = target.clone();
        let barrier = Arc::clone(&barrier);
        tasks.push(tokio::spawn(async move {
            let body =
                json!({"name": format!("event-{index}"), "content": "eyJrIjoidiJ9"}).to_string();
            barrier.wait().await;
            Call::new("POST", &target)
                .body(&body)
                .over_socket(&emulator)
                .await
        }));
    }
    let mut created = 0;
    let mut over_quota = 0;
    for task in tasks {
        let answer = task.await.expect("request task completes");
        match answer.status {
            200 => created += 1,
            403 if answer.error_code() == "FSS.1068" => over_quota += 1,
            status => panic!("unexpected status {status}: {:?}", answer.json()),
        }
    }
    let listed = Call::new("GET", &target).over_socket(&emulator).await;

    assert_eq!(created, 10);
    assert_eq!(over_quota, 40);
    assert_eq!(listed.json()["count"], json!(10));
}
