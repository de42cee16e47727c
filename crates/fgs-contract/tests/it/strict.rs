//! `--strict` and `--known-deviations` against an emulator whose event was never updated, so
//! that every run shows one drift: `last_modified` is absent. Also the JUnit report read by a
//! JUnit parser, and progress kept off standard error when it is not a terminal.

use fgs_emulator::{Emulator, EmulatorConfig, SeedEvent, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID};

use crate::schema::assert_valid_report;
use crate::Output;

const EVENT_ID: &str = "9d1c7f3e-5b2a-4c8e-a6f0-1e2d3c4b5a69";
const TOKEN: &str = "strict-test-token";

/// Runs `check` with `extra` arguments against an emulator whose only event has no
/// `last_modified`.
async fn check_never_updated(extra: &[&str]) -> Output {
    let event = SeedEvent {
        id: EVENT_ID.to_owned(),
        name: "never-updated".to_owned(),
        content: "eyJrIjoidiJ9".to_owned(),
        last_modified: None,
    };
    let config = EmulatorConfig::empty(TOKEN)
        .with_event(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN, event)
        .unwrap();
    let emulator = Emulator::bind("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let mut args: Vec<String> = [
        "check",
        "--endpoint",
        &emulator.base_url(),
        "--project-id",
        DEFAULT_PROJECT_ID,
        "--function-urn",
        DEFAULT_FUNCTION_URN,
        "--event-id",
        EVENT_ID,
        "--token",
        TOKEN,
    ]
    .map(str::to_owned)
    .to_vec();
    args.extend(extra.iter().map(|arg| (*arg).to_owned()));
    let output = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        crate::run(&args)
    })
    .await
    .unwrap();
    emulator.shutdown().await;
    output
}

fn json(output: &Output) -> serde_json::Value {
    assert_valid_report(&output.stdout);
    serde_json::from_str(&output.stdout).unwrap()
}

/// Writes `text` to a file called `name` in a new temporary directory.
fn deviation_file(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path.to_str().unwrap().to_owned())
}

const ACCEPT_ABSENT_LAST_MODIFIED: &str = r#"
[[deviation]]
kind = "absent-field"
reason = "events that were never updated have no last_modified"
"#;

const ACCEPT_NUMBER_FORM: &str = r#"
[[deviation]]
kind = "number-form"
reason = "the old gateway wrote 1.0"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_without_strict_passes() {
    let output = check_never_updated(&["--format", "json"]).await;
    assert_eq!(output.code, 0, "{output:?}");
    let report = json(&output);
    assert_eq!(report["outcome"], "pass");
    assert_eq!(report["strict"], false);
    assert_eq!(report["drift"][0]["accepted"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_drift_fails_run() {
    let output = check_never_updated(&["--format", "json", "--strict"]).await;
    assert_eq!(output.code, 1, "{output:?}");
    let report = json(&output);
    assert_eq!(report["outcome"], "fail");
    assert_eq!(report["summary"]["failed"], 0);
    assert!(report["summary"]["drift"].as_u64().unwrap() >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_drift_is_junit_failure() {
    let output = check_never_updated(&["--format", "junit", "--strict"]).await;
    assert_eq!(output.code, 1, "{output:?}");
    let suites = junit_parser::from_reader(output.stdout.as_bytes()).unwrap();
    // 27 checks, then one case per drift. The seeded event was never updated, so it has no
    // `last_modified` in ShowEvent and ListEvents. The created event lacks it too before its
    // update, but the checks of the created event expect that and report no drift.
    assert_eq!(suites.tests, 29);
    assert_eq!(suites.failures, 2);
    let cases = &suites.suites[0].cases;
    let failed: Vec<&junit_parser::TestCase> = cases
        .iter()
        .filter(|case| case.status.is_failure())
        .collect();
    let names: Vec<&str> = failed
        .iter()
        .map(|case| case.original_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "show-event.success /last_modified absent-field",
            "list-events.contains-event /events/0/last_modified absent-field",
        ]
    );
    for case in failed {
        assert_eq!(case.classname.as_deref(), Some("drift"), "{}", case.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_deviation_accepts_drift() {
    let (_dir, file) = deviation_file("deviations.toml", ACCEPT_ABSENT_LAST_MODIFIED);
    let output =
        check_never_updated(&["--format", "json", "--strict", "--known-deviations", &file]).await;
    assert_eq!(output.code, 0, "{output:?}");
    let report = json(&output);
    assert_eq!(report["outcome"], "pass");
    assert_eq!(report["drift"][0]["accepted"], true);
    assert_eq!(
        report["drift"][0]["reason"],
        "events that were never updated have no last_modified"
    );
    assert_eq!(
        report["summary"]["accepted_drift"],
        report["summary"]["drift"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_deviation_json_file() {
    let (_dir, file) = deviation_file(
        "deviations.json",
        r#"{"deviation": [{"kind": "absent-field", "reason": "never updated"}]}"#,
    );
    let output =
        check_never_updated(&["--format", "json", "--strict", "--known-deviations", &file]).await;
    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(json(&output)["drift"][0]["reason"], "never updated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_deviation_is_reported() {
    let text = format!("{ACCEPT_ABSENT_LAST_MODIFIED}{ACCEPT_NUMBER_FORM}");
    let (_dir, file) = deviation_file("deviations.toml", &text);
    let output = check_never_updated(&["--format", "json", "--known-deviations", &file]).await;
    assert_eq!(output.code, 0, "{output:?}");
    let report = json(&output);
    assert_eq!(
        report["stale_deviations"],
        serde_json::json!([{"check": null, "location": null, "kind": "number-form", "reason": "the old gateway wrote 1.0"}])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_stale_deviation_fails_run() {
    let text = format!("{ACCEPT_ABSENT_LAST_MODIFIED}{ACCEPT_NUMBER_FORM}");
    let (_dir, file) = deviation_file("deviations.toml", &text);
    let output = check_never_updated(&["--strict", "--known-deviations", &file]).await;
    assert_eq!(output.code, 1, "{output:?}");
    assert!(
        output.stdout.contains(
            "stale known deviations (accepted drift that no longer occurs):\n  any check"
        ),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .ends_with(" 0 failed, 1 skipped, 1 drift failures under --strict\n"),
        "{}",
        output.stdout
    );
}

/// Runs `check --known-deviations` on a file holding `text` and returns the first line of
/// standard error.
fn deviation_error(name: &str, text: &str) -> (i32, String, String) {
    let (_dir, file) = deviation_file(name, text);
    let output = crate::run(&["check", "--known-deviations", &file]);
    let line = output.stderr.lines().next().unwrap_or_default().to_owned();
    (output.code, line, file)
}

#[test]
fn known_deviations_unknown_key_exits_2() {
    let (code, line, file) = deviation_error(
        "d.toml",
        "[[deviation]]\nkind = \"absent-field\"\nreason = \"r\"\nseverity = \"low\"\n",
    );
    assert_eq!(code, 2);
    assert!(
        line.starts_with(&format!(
            "fgs-contract: invalid `--known-deviations` file `{file}`: "
        )),
        "{line}"
    );
    assert!(line.contains("unknown field `severity`"), "{line}");
}

#[test]
fn known_deviations_unknown_kind_exits_2() {
    let (code, line, file) = deviation_error(
        "d.toml",
        "[[deviation]]\nkind = \"absent\"\nreason = \"r\"\n",
    );
    assert_eq!(code, 2);
    assert_eq!(
        line,
        format!("fgs-contract: invalid `--known-deviations` file `{file}`: entry 1: expected `kind` to be one of `undocumented-field`, `absent-field`, `number-form`, `unknown-error-code`, `error-code-status`, `absent-header`, `error-code`, found `absent`")
    );
}

#[test]
fn known_deviations_empty_reason_exits_2() {
    let (code, line, file) = deviation_error(
        "d.json",
        r#"{"deviation": [{"kind": "absent-field", "reason": " "}]}"#,
    );
    assert_eq!(code, 2);
    assert_eq!(
        line,
        format!("fgs-contract: invalid `--known-deviations` file `{file}`: entry 1: expected a non-empty `reason`, found none")
    );
}

#[test]
fn known_deviations_missing_file_exits_2() {
    let output = crate::run(&["check", "--known-deviations", "/nonexistent/d.toml"]);
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output.stderr.starts_with(
            "fgs-contract: cannot read `--known-deviations` file `/nonexistent/d.toml`: "
        ),
        "{}",
        output.stderr
    );
}

#[test]
fn junit_report_parses_with_junit_parser() {
    let output = crate::run(&["check", "--format", "junit"]);
    assert_eq!(output.code, 0, "{output:?}");
    let suites = junit_parser::from_reader(output.stdout.as_bytes()).unwrap();
    assert_eq!(suites.failures, 0);
    assert_eq!(suites.suites.len(), 1);
    let suite = &suites.suites[0];
    assert_eq!(suite.name, "fgs-contract");
    assert_eq!(suite.cases.len() as u64, suites.tests);
    assert!(suite.cases.iter().all(|case| case.status.is_success()));
    assert_eq!(suite.cases[0].original_name, "show-event.success");
    assert_eq!(suite.cases[0].classname.as_deref(), Some("show-event"));
}

#[test]
fn progress_stays_off_piped_stderr() {
    let output = crate::run(&["check"]);
    assert_eq!(output.code, 0, "{output:?}");
    assert!(!output.stderr.contains('\r'), "{:?}", output.stderr);
    assert!(!output.stderr.contains("request 1:"), "{:?}", output.stderr);
}
