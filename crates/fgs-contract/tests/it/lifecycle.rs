//! The checks that write: nothing is left behind after failures, server errors or SIGINT, the
//! runner changes only what it created, and `--read-only` writes nothing.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fgs_emulator::{DEFAULT_EVENT_ID, DEFAULT_EVENT_NAME};

use crate::hosted::{Fault, HostedEmulator};
use crate::{run, Output};

/// Runs `check` against `emulator` with `extra` arguments.
fn check(emulator: &HostedEmulator, extra: &[&str]) -> Output {
    let args = emulator.check_args(extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

/// Returns the JSON report of a run.
fn report(output: &Output) -> serde_json::Value {
    serde_json::from_str(&output.stdout).unwrap_or_else(|error| panic!("{error}: {output:?}"))
}

/// Returns the check `id` of a JSON report.
fn check_of<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["id"] == id)
        .unwrap_or_else(|| panic!("no check `{id}` in {report}"))
}

/// Asserts that the store contains the seeded event and nothing else.
fn assert_only_seeded_event(emulator: &HostedEmulator) {
    assert_eq!(
        emulator.events(),
        [(DEFAULT_EVENT_ID.to_owned(), DEFAULT_EVENT_NAME.to_owned())]
    );
}

#[test]
fn lifecycle_failing_check_still_cleans_up() {
    let emulator = HostedEmulator::start(Fault::UpdateFails);
    let output = check(&emulator, &["--quota-check", "--format", "json"]);
    assert_eq!(output.code, 1, "{output:?}");
    let report = report(&output);
    assert_eq!(check_of(&report, "lifecycle.update")["outcome"], "fail");
    assert_eq!(check_of(&report, "cleanup.deleted-all")["outcome"], "pass");
    assert_eq!(emulator.created_ids().len(), 10);
    assert_only_seeded_event(&emulator);
}

#[test]
fn lifecycle_delete_errors_list_leftover() {
    let emulator = HostedEmulator::start(Fault::DeleteFails);
    let output = check(&emulator, &["--format", "json"]);
    assert_eq!(output.code, 1, "{output:?}");
    let created = emulator.created_ids();
    assert_eq!(created.len(), 1, "{created:?}");
    let id = &created[0];

    let report = report(&output);
    let cleanup = check_of(&report, "cleanup.deleted-all");
    assert_eq!(cleanup["outcome"], "fail");
    let violations = cleanup["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0]["location"], format!("event {id}"));
    assert_eq!(
        violations[0]["found"],
        "DELETE returned status 500 with `error_code` `FSS.0500`"
    );
    assert_eq!(emulator.events().len(), 2);
}

#[test]
fn lifecycle_leftover_in_every_format() {
    let emulator = HostedEmulator::start(Fault::DeleteFails);
    for format in ["table", "json", "junit"] {
        let before = emulator.created_ids().len();
        let output = check(&emulator, &["--format", format]);
        assert_eq!(output.code, 1, "{format}: {output:?}");
        let id = emulator.created_ids()[before].clone();
        assert!(
            output.stdout.contains(&format!("event {id}")),
            "{format} does not list `{id}`: {}",
            output.stdout
        );
        assert!(
            output
                .stdout
                .contains("DELETE returned status 500 with `error_code` `FSS.0500`"),
            "{format}: {}",
            output.stdout
        );
    }
}

#[test]
fn lifecycle_sigint_leaves_no_events() {
    // The 8th POST creates the third event of the quota check. The layer delays it, so SIGINT
    // arrives while the run has events to delete and a create in flight.
    let emulator = HostedEmulator::start(Fault::SlowPost {
        number: 8,
        delay: Duration::from_secs(2),
    });
    let args = emulator.check_args(&["--quota-check", "--format", "json"]);
    let child = crate::command()
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(20);
    while emulator
        .log()
        .iter()
        .filter(|logged| logged.method == "POST")
        .count()
        < 8
    {
        assert!(Instant::now() < deadline, "the run sent fewer than 8 POSTs");
        std::thread::sleep(Duration::from_millis(10));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());

    let output = child.wait_with_output().unwrap();
    let output = Output {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert_eq!(output.code, 130, "{output:?}");
    let report = report(&output);
    assert_eq!(report["outcome"], "interrupted");
    let quota = check_of(&report, "quota.eleventh-event");
    assert_eq!(quota["outcome"], "skipped");
    assert_eq!(quota["detail"], "interrupted by SIGINT");
    assert_eq!(check_of(&report, "cleanup.deleted-all")["outcome"], "pass");
    assert_eq!(emulator.created_ids().len(), 3 + 1);
    assert_only_seeded_event(&emulator);
}

#[test]
fn lifecycle_changes_only_events_it_created() {
    let emulator = HostedEmulator::start(Fault::None);
    let output = check(&emulator, &["--quota-check", "--format", "json"]);
    assert_eq!(output.code, 0, "{output:?}");
    let created = emulator.created_ids();
    let writes: Vec<_> = emulator
        .log()
        .into_iter()
        .filter(|logged| logged.method == "PUT" || logged.method == "DELETE")
        .collect();
    assert!(!writes.is_empty());
    for logged in writes {
        let id = logged.path.rsplit('/').next().unwrap().to_owned();
        assert!(
            created.contains(&id),
            "{} {} targets an event the run did not create",
            logged.method,
            logged.path
        );
    }
    assert_only_seeded_event(&emulator);
}

#[test]
fn lifecycle_read_only_sends_only_get() {
    let emulator = HostedEmulator::start(Fault::None);
    let output = check(&emulator, &["--read-only", "--format", "json"]);
    assert_eq!(output.code, 0, "{output:?}");
    let methods: Vec<String> = emulator
        .log()
        .into_iter()
        .map(|logged| logged.method)
        .collect();
    assert!(!methods.is_empty());
    assert!(methods.iter().all(|method| method == "GET"), "{methods:?}");

    let report = report(&output);
    let ids: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| check["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 13, "{ids:?}");
    assert!(ids[..11].iter().all(|id| id.starts_with("show-event.")));
    assert_eq!(ids[11], "list-events.contains-event");
    assert_eq!(ids[12], "list-events.matches-show");
    assert_only_seeded_event(&emulator);
}

#[test]
fn lifecycle_builtin_read_only_writes_nothing() {
    let output = run(&["check", "--read-only", "--format", "json"]);
    assert_eq!(output.code, 0, "{output:?}");
    let report = report(&output);
    assert_eq!(report["summary"]["total"], 13);
    assert!(!output.stdout.contains("\"lifecycle."));
}

#[test]
fn lifecycle_read_only_rejects_quota_check() {
    let output = run(&["check", "--read-only", "--quota-check"]);
    assert_eq!(output.code, 2, "{output:?}");
    assert!(output.stderr.contains("--quota-check"), "{}", output.stderr);
}

#[test]
fn lifecycle_quota_skipped_without_flag() {
    let emulator = HostedEmulator::start(Fault::None);
    let output = check(&emulator, &["--format", "json"]);
    assert_eq!(output.code, 0, "{output:?}");
    let report = report(&output);
    let quota = check_of(&report, "quota.eleventh-event");
    assert_eq!(quota["outcome"], "skipped");
    assert_eq!(
        emulator.created_ids().len(),
        1,
        "only the lifecycle event is created"
    );
    assert_only_seeded_event(&emulator);
}

#[test]
fn lifecycle_duplicate_other_code_is_drift() {
    let emulator = HostedEmulator::start(Fault::ReplaceInBody {
        from: "FSS.1073",
        to: "FSS.0409",
    });
    let output = check(&emulator, &["--format", "json"]);
    assert_eq!(output.code, 0, "{output:?}");
    let report = report(&output);
    assert_eq!(
        check_of(&report, "negative.duplicate-name")["outcome"],
        "pass"
    );
    let drift: Vec<&serde_json::Value> = report["drift"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|drift| {
            drift["check"] == "negative.duplicate-name" && drift["kind"] == "error-code"
        })
        .collect();
    assert_eq!(drift.len(), 1, "{}", report["drift"]);
    assert_eq!(
        drift[0]["found"],
        "`FSS.0409` where `FSS.1073` is documented"
    );
}

#[test]
fn lifecycle_event_names_share_run_tag() {
    let emulator = HostedEmulator::start(Fault::None);
    let output = check(&emulator, &["--quota-check", "--format", "json"]);
    assert_eq!(output.code, 0, "{output:?}");
    let names: Vec<String> = emulator
        .log()
        .iter()
        .filter(|logged| logged.method == "POST" && logged.status == Some(200))
        .map(|logged| {
            let body: serde_json::Value = serde_json::from_slice(&logged.body).unwrap();
            body["name"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(names.len(), 10);
    let tag = &names[0]["fgsc-".len()..];
    assert_eq!(tag.len(), 8);
    assert!(tag.chars().all(|c| c.is_ascii_alphanumeric()), "{tag}");
    for name in &names[1..] {
        assert!(name.starts_with(&format!("fgsc-{tag}-q")), "{name}");
    }
}

#[test]
fn lifecycle_interrupt_before_start_skips_all() {
    use fgs_contract::client::{Client, Timeouts};
    use fgs_contract::config::resolve_target;
    use fgs_contract::interrupt::Interrupt;
    use fgs_contract::suite::lifecycle::{run_all, WriteChecks};
    use fgs_emulator::{DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID};

    let emulator = HostedEmulator::start(Fault::None);
    let target = resolve_target(
        emulator.base_url(),
        DEFAULT_PROJECT_ID,
        DEFAULT_FUNCTION_URN,
        DEFAULT_EVENT_ID,
        fgs_contract::credentials::Credentials::Token(crate::hosted::TOKEN.into()),
    )
    .unwrap();
    let (trigger, interrupt) = Interrupt::manual();
    trigger.trigger();
    let writes = WriteChecks {
        read_only: false,
        quota: true,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let report = runtime
        .block_on(async {
            let client = Client::new(Timeouts::default()).unwrap();
            run_all(&client, &target, writes, &interrupt).await
        })
        .unwrap();

    assert_eq!(report.checks.len(), 27);
    for check in &report.checks[..26] {
        assert_eq!(check.outcome.as_str(), "skipped", "{}", check.id);
        assert_eq!(
            check.outcome.detail(),
            "interrupted by SIGINT",
            "{}",
            check.id
        );
    }
    assert_eq!(report.checks[26].id, "cleanup.deleted-all");
    assert_eq!(
        report.checks[26].outcome.detail(),
        "this run created no events"
    );
    assert!(emulator.log().iter().all(|logged| logged.method == "GET"));
    assert_only_seeded_event(&emulator);
}
