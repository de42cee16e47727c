//! `fgs-contract check` against the built-in emulator and a separate emulator process.

use crate::{run, with_snapshot_settings, EmulatorProcess};

/// The ids of the ShowEvent checks, in report order.
const CHECK_IDS: [&str; 11] = [
    "show-event.success",
    "show-event.content-type",
    "show-event.request-id",
    "show-event.token-echo",
    "show-event.unknown-event",
    "show-event.unknown-function",
    "show-event.missing-token",
    "show-event.wrong-token",
    "show-event.invalid-urn",
    "show-event.colon-encoding",
    "show-event.content",
];

/// The ids of the checks after the ShowEvent suite, in report order.
const LIFECYCLE_IDS: [&str; 16] = [
    "list-events.contains-event",
    "list-events.matches-show",
    "lifecycle.create",
    "lifecycle.show-created",
    "lifecycle.list-contains",
    "lifecycle.update",
    "lifecycle.show-updated",
    "lifecycle.delete",
    "lifecycle.show-deleted",
    "lifecycle.delete-again",
    "negative.invalid-name",
    "negative.content-not-base64",
    "negative.content-over-limit",
    "negative.duplicate-name",
    "quota.eleventh-event",
    "cleanup.deleted-all",
];

/// Returns `(id, outcome)` for each check of a JSON report.
fn outcomes(json: &str) -> Vec<(String, String)> {
    crate::schema::assert_valid_report(json);
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| {
            (
                check["id"].as_str().unwrap().to_owned(),
                check["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Returns every check as passed, with the quota check skipped unless `quota` is set, as it
/// is on an endpoint without `--quota-check`.
fn all_passed(quota: bool) -> Vec<(String, String)> {
    CHECK_IDS
        .iter()
        .chain(LIFECYCLE_IDS.iter())
        .map(|id| {
            let outcome = if *id == "quota.eleventh-event" && !quota {
                "skipped"
            } else {
                "pass"
            };
            (id.to_string(), outcome.to_owned())
        })
        .collect()
}

#[test]
fn check_builtin_emulator_passes_every_check() {
    let output = run(&["check", "--format", "json"]);
    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(outcomes(&output.stdout), all_passed(true));
}

#[test]
fn check_builtin_emulator_table_snapshot() {
    let output = run(&["check"]);
    assert_eq!(output.code, 0, "{output:?}");
    with_snapshot_settings(|| {
        insta::assert_snapshot!("contract_check_builtin_table", output.stdout);
    });
}

#[test]
fn check_emulator_process_passes_every_check() {
    let emulator = EmulatorProcess::start();
    let mut args = emulator.check_args();
    args.extend(["--format".to_owned(), "json".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(outcomes(&output.stdout), all_passed(false));
}

#[test]
fn check_emulator_process_reads_environment() {
    let emulator = EmulatorProcess::start();
    let mut command = crate::command();
    command
        .args(["check", "--format", "json"])
        .env("FGS_ENDPOINT", &emulator.base_url)
        .env("FGS_PROJECT_ID", fgs_emulator::DEFAULT_PROJECT_ID)
        .env("FGS_FUNCTION_URN", fgs_emulator::DEFAULT_FUNCTION_URN)
        .env("FGS_EVENT_ID", fgs_emulator::DEFAULT_EVENT_ID)
        .env("FGS_TOKEN", &emulator.token);
    let output = crate::run_command(command, b"");
    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(outcomes(&output.stdout), all_passed(false));
}

#[test]
fn check_wrong_token_fails_success_check() {
    let emulator = EmulatorProcess::start();
    let mut args = emulator.check_args();
    let token = args.iter().position(|arg| arg == "--token").unwrap() + 1;
    args[token] = "not-the-emulator-token".to_owned();
    args.extend(["--format".to_owned(), "json".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    assert_eq!(output.code, 1, "{output:?}");
    let outcomes = outcomes(&output.stdout);
    assert_eq!(
        outcomes[0],
        ("show-event.success".to_owned(), "fail".to_owned())
    );
    assert!(!output.stdout.contains("not-the-emulator-token"));
}

#[test]
fn check_report_never_shows_token() {
    let emulator = EmulatorProcess::start();
    let args = emulator.check_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    for format in ["table", "json", "junit"] {
        let mut with_format = args.clone();
        with_format.extend(["--format", format]);
        let output = run(&with_format);
        assert!(!output.stdout.contains(&emulator.token), "{format}");
        assert!(!output.stderr.contains(&emulator.token), "{format}");
    }
}

#[test]
fn check_unknown_event_table_snapshot() {
    let emulator = EmulatorProcess::start();
    let mut args = emulator.check_args();
    let event = args.iter().position(|arg| arg == "--event-id").unwrap() + 1;
    args[event] = "00000000-0000-4000-8000-000000000000".to_owned();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    assert_eq!(output.code, 1, "{output:?}");
    with_snapshot_settings(|| {
        insta::assert_snapshot!("contract_check_unknown_event_table", output.stdout);
    });
}

#[test]
fn check_closed_port_exits_3() {
    let url = crate::closed_port_url();
    let output = run(&[
        "check",
        "--endpoint",
        &url,
        "--project-id",
        fgs_emulator::DEFAULT_PROJECT_ID,
        "--function-urn",
        fgs_emulator::DEFAULT_FUNCTION_URN,
        "--event-id",
        fgs_emulator::DEFAULT_EVENT_ID,
        "--token",
        "some-token",
    ]);
    assert_eq!(output.code, 3, "{output:?}");
    let error = format!("fgs-contract: cannot connect to `{url}/v2/");
    assert!(
        output.stderr.lines().any(|line| line.starts_with(&error)),
        "{}",
        output.stderr
    );
    assert!(output.stderr.contains("\nhint: "), "{}", output.stderr);
    assert!(output.stdout.is_empty());
}
