//! The detection matrix: `check` against an emulator making each fault fails exactly the checks
//! the matrix expects, and `faults`, `emulator --fault` and `--list-faults` on the command line.

use fgs_contract::matrix::{EXPECTATIONS, MATRIX_TIMEOUT};
use fgs_emulator::{
    Emulator, EmulatorConfig, Fault, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
};

use crate::{run, Output};

const TOKEN: &str = "matrix-test-token";

/// Starts an emulator with `faults` in this process and runs the `fgs-contract check` binary
/// against it with `format`.
async fn check_against(faults: &[Fault], format: &'static str) -> Output {
    let mut config = EmulatorConfig::new(TOKEN);
    for fault in faults {
        config = config.with_fault(*fault);
    }
    let emulator = Emulator::bind("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let base_url = emulator.base_url();
    let timeout = MATRIX_TIMEOUT.as_secs().to_string();
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
            DEFAULT_EVENT_ID,
            "--token",
            TOKEN,
            "--timeout",
            &timeout,
            "--quota-check",
            "--format",
            format,
        ])
    })
    .await
    .unwrap();
    emulator.shutdown().await;
    output
}

/// Returns the ids of the failed checks of a JSON report, in report order.
fn failed_ids(report: &serde_json::Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["outcome"] == "fail")
        .map(|check| check["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matrix_healthy_emulator_passes_cleanly() {
    let output = check_against(&[], "json").await;
    assert_eq!(output.code, 0, "{output:?}");
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(failed_ids(&report), Vec::<String>::new());
    assert_eq!(report["drift"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matrix_each_fault_fails_expected_checks() {
    for expectation in EXPECTATIONS {
        let output = check_against(&[expectation.fault], "json").await;
        assert_eq!(output.code, 1, "{}: {output:?}", expectation.fault);
        let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
        assert_eq!(
            failed_ids(&report),
            expectation.failing,
            "{}",
            expectation.fault
        );
        assert!(!output.stdout.contains(TOKEN), "{}", expectation.fault);
    }
}

#[test]
fn faults_command_detects_selected_fault() {
    let output = run(&[
        "faults",
        "--fault",
        "create-201",
        "--fault",
        "count-mismatch",
    ]);
    assert_eq!(output.code, 0, "{output:?}");
    let rows: Vec<&str> = output.stdout.lines().collect();
    assert!(rows[0].starts_with("FAULT "), "{}", output.stdout);
    assert!(
        rows[1].starts_with("create-201                yes "),
        "{}",
        output.stdout
    );
    assert!(
        rows[1].ends_with("  lifecycle.create, quota.eleventh-event"),
        "{}",
        output.stdout
    );
    assert!(
        rows[2].starts_with("count-mismatch            yes "),
        "{}",
        output.stdout
    );
    assert_eq!(rows.last(), Some(&"every fault was detected"));
}

#[test]
fn list_faults_prints_each_name_and_description() {
    let output = run(&["emulator", "--list-faults"]);
    assert_eq!(output.code, 0, "{output:?}");
    let lines: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(lines.len(), Fault::ALL.len());
    for (line, fault) in lines.iter().zip(Fault::ALL) {
        let (name, description) = line.split_once("  ").unwrap();
        assert_eq!(name, fault.name());
        assert_eq!(description.trim_start(), fault.description());
    }
}

#[test]
fn emulator_rejects_unknown_fault() {
    let output = run(&["emulator", "--fault", "create-202"]);
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output.stderr.contains(
            "invalid value 'create-202' for '--fault <NAME>': unknown fault `create-202`: expected one of `missing-event-500`, "
        ),
        "{}",
        output.stderr
    );
}

#[test]
fn emulator_process_serves_fault() {
    let mut command = crate::command();
    command.args([
        "emulator",
        "--listen",
        "127.0.0.1:0",
        "--token",
        TOKEN,
        "--fault",
        "accept-wrong-token",
    ]);
    let emulator = crate::EmulatorProcess::spawn(command, TOKEN);
    let mut args = emulator.check_args();
    args.extend(["--format".to_owned(), "json".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    assert_eq!(output.code, 1, "{output:?}");
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(failed_ids(&report), ["show-event.wrong-token"]);
}

/// Runs `body` with insta writing to `snapshots/` and every value that changes between runs
/// replaced by fixed text: durations, ports, dates, request ids and event ids.
fn with_report_filters(body: impl FnOnce()) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"),
        prepend_module_to_snapshot => false,
        filters => vec![
            (r"[ \d]{5} ms", "    N ms"),
            (r"in \d+ ms", "in N ms"),
            (r#""(duration|elapsed)_ms": \d+"#, r#""${1}_ms": N"#),
            (r#"time="[\d.]+""#, r#"time="N""#),
            (r"127\.0\.0\.1:\d+", "127.0.0.1:PORT"),
            (r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT", "[date]"),
            (r"(x-request-id: )[0-9a-f]{32}", "${1}[request-id]"),
            (r#"("name": "x-request-id",\s*"value": ")[0-9a-f]{32}"#, "${1}[request-id]"),
            // The seeded event keeps its id; the ids the run draws or creates do not.
            (DEFAULT_EVENT_ID, "SEEDED-EVENT-ID"),
            (r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", "[uuid]"),
            ("SEEDED-EVENT-ID", DEFAULT_EVENT_ID),
            (r"fgsc-[0-9a-f]{8}", "fgsc-[tag]"),
            (r"`last_modified` \d+", "`last_modified` [seconds]"),
            (r"eyJmZ3NfY29udHJhY3QiOi[0-9A-Za-z+/=]+", "[content]"),
        ],
    }, {
        body();
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_report_table_snapshot() {
    let output = check_against(&[Fault::MissingEvent500], "table").await;
    assert_eq!(output.code, 1, "{output:?}");
    with_report_filters(|| {
        insta::assert_snapshot!("contract_failed_report_table", output.stdout);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_report_json_snapshot() {
    let output = check_against(&[Fault::MissingEvent500], "json").await;
    assert_eq!(output.code, 1, "{output:?}");
    with_report_filters(|| {
        insta::assert_snapshot!("contract_failed_report_json", output.stdout);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_report_junit_snapshot() {
    let output = check_against(&[Fault::MissingEvent500], "junit").await;
    assert_eq!(output.code, 1, "{output:?}");
    with_report_filters(|| {
        insta::assert_snapshot!("contract_failed_report_junit", output.stdout);
    });
}
