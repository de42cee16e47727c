//! Drift in a run: a seeded event never updated has no `last_modified`, which is drift, not
//! a failure.

use fgs_emulator::{Emulator, EmulatorConfig, SeedEvent, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID};

use crate::{run, with_snapshot_settings};

const EVENT_ID: &str = "9d1c7f3e-5b2a-4c8e-a6f0-1e2d3c4b5a69";

/// Starts an emulator whose only event has never been updated, runs `check` against it with
/// `format`, and returns the output.
async fn check_event_never_updated(format: &'static str) -> crate::Output {
    let event = SeedEvent {
        id: EVENT_ID.to_owned(),
        name: "never-updated".to_owned(),
        content: "eyJrIjoidiJ9".to_owned(),
        last_modified: None,
    };
    let config = EmulatorConfig::empty("drift-test-token")
        .with_event(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN, event)
        .unwrap();
    let emulator = Emulator::bind("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let base_url = emulator.base_url();
    let output = tokio::task::spawn_blocking(move || {
        run(&[
            "check",
            "--endpoint",
            &base_url,
            "--project-id",
            DEFAULT_PROJECT_ID,
            "--function-urn",
            DEFAULT_FUNCTION_URN,
            "--event-id",
            EVENT_ID,
            "--token",
            "drift-test-token",
            "--format",
            format,
        ])
    })
    .await
    .unwrap();
    emulator.shutdown().await;
    output
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_absent_last_modified_is_warning() {
    let output = check_event_never_updated("json").await;
    assert_eq!(output.code, 0, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let drift: Vec<&serde_json::Value> = report["drift"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|drift| drift["check"] == "show-event.success")
        .collect();
    assert_eq!(drift.len(), 1, "{drift:?}");
    assert_eq!(drift[0]["check"], "show-event.success");
    assert_eq!(drift[0]["location"], "/last_modified");
    assert_eq!(drift[0]["kind"], "absent-field");
    assert_eq!(report["summary"]["failed"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_table_snapshot() {
    let output = check_event_never_updated("table").await;
    assert_eq!(output.code, 0, "{output:?}");
    with_snapshot_settings(|| {
        insta::assert_snapshot!("contract_check_drift_table", output.stdout);
    });
}
