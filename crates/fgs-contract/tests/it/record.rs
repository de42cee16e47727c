//! `check --record DIR` and `replay DIR`: a recording of a run against the emulator replays
//! offline with the same results, and contains no secret.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use fgs_emulator::{
    Emulator, EmulatorConfig, RunningEmulator, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN,
    DEFAULT_PROJECT_ID,
};

use crate::net::{Reply, ScriptedServer};
use crate::schema::assert_valid_report;
use crate::Output;

const TOKEN: &str = "record-test-token-5f1c2a9e";

async fn emulator() -> RunningEmulator {
    Emulator::bind("127.0.0.1:0".parse().unwrap(), EmulatorConfig::new(TOKEN))
        .await
        .unwrap()
}

/// Runs the binary off the async runtime.
async fn run(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        crate::run(&args)
    })
    .await
    .unwrap()
}

/// Records a JSON-reported run of `check` against `emulator` for `event_id` into `dir`.
async fn record(emulator: &RunningEmulator, event_id: &str, dir: &Path) -> Output {
    record_at(&emulator.base_url(), event_id, dir).await
}

/// Records a JSON-reported run of `check` against `endpoint` for `event_id` into `dir`.
async fn record_at(endpoint: &str, event_id: &str, dir: &Path) -> Output {
    run([
        "check",
        "--endpoint",
        endpoint,
        "--project-id",
        DEFAULT_PROJECT_ID,
        "--function-urn",
        DEFAULT_FUNCTION_URN,
        "--event-id",
        event_id,
        "--token",
        TOKEN,
        "--format",
        "json",
        "--record",
        dir.to_str().unwrap(),
    ]
    .map(str::to_owned)
    .to_vec())
    .await
}

async fn replay(dir: &Path) -> Output {
    run(["replay", dir.to_str().unwrap(), "--format", "json"]
        .map(str::to_owned)
        .to_vec())
    .await
}

/// Replaces every hyphenated UUID in `text` by `{id}`.
fn without_uuids(text: &str) -> String {
    const SHAPE: [usize; 5] = [8, 4, 4, 4, 12];
    let bytes = text.as_bytes();
    let is_uuid_at = |start: usize| {
        let mut at = start;
        for (index, length) in SHAPE.iter().enumerate() {
            if index > 0 {
                if bytes.get(at) != Some(&b'-') {
                    return false;
                }
                at += 1;
            }
            for _ in 0..*length {
                if !bytes.get(at).is_some_and(u8::is_ascii_hexdigit) {
                    return false;
                }
                at += 1;
            }
        }
        true
    };
    let mut out = String::new();
    let mut index = 0;
    while index < text.len() {
        if is_uuid_at(index) {
            out.push_str("{id}");
            index += 36;
        } else {
            let c = text[index..].chars().next().unwrap();
            out.push(c);
            index += c.len_utf8();
        }
    }
    out
}

/// The parts of a report that a replay must reproduce: each check's id, outcome, detail
/// and violations, the drift and the summary. Event ids in details and violations are
/// replaced by `{id}`, because a replay substitutes made-up values for recorded ids.
fn results(json: &str) -> serde_json::Value {
    let mut report: serde_json::Value = serde_json::from_str(json).unwrap();
    let checks: Vec<serde_json::Value> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| {
            let detail = without_uuids(check["detail"].as_str().unwrap());
            let violations = without_uuids(&check["violations"].to_string());
            serde_json::json!({
                "id": check["id"],
                "outcome": check["outcome"],
                "detail": detail,
                "violations": serde_json::from_str::<serde_json::Value>(&violations).unwrap(),
            })
        })
        .collect();
    serde_json::json!({
        "checks": checks,
        "drift": report["drift"].take(),
        "summary": report["summary"].take(),
    })
}

fn recorded_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_reproduces_recorded_results() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let recorded = record(&emulator, DEFAULT_EVENT_ID, dir.path()).await;
    assert_eq!(recorded.code, 0, "{recorded:?}");
    emulator.shutdown().await;

    let replayed = replay(dir.path()).await;
    assert_eq!(replayed.code, 0, "{replayed:?}");
    assert_valid_report(&recorded.stdout);
    assert_valid_report(&replayed.stdout);
    assert_eq!(results(&replayed.stdout), results(&recorded.stdout));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_reproduces_recorded_failure() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let unknown = "7c4b2f0e-9a1d-4e3b-8c5a-6d2e1f0a9b8c";
    let recorded = record(&emulator, unknown, dir.path()).await;
    assert_eq!(recorded.code, 1, "{recorded:?}");
    emulator.shutdown().await;

    let replayed = replay(dir.path()).await;
    assert_eq!(replayed.code, 1, "{replayed:?}");
    assert_valid_report(&replayed.stdout);
    let results = results(&replayed.stdout);
    assert_eq!(results["checks"][0]["outcome"], "fail");
    assert_eq!(
        results["checks"][0]["detail"],
        "expected status 200, found 404"
    );
    assert_eq!(results, self::results(&recorded.stdout));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_reproduces_adopted_create() {
    let emulator = emulator().await;
    let posts = AtomicUsize::new(0);
    let front = ScriptedServer::start(Some(emulator.local_addr()), move |_, request| {
        if request.method == "POST" && posts.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::ForwardThenClose
        } else {
            Reply::Forward
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let recorded = record_at(&front.base_url(), DEFAULT_EVENT_ID, dir.path()).await;
    assert_eq!(recorded.code, 0, "{recorded:?}");
    drop(front);
    emulator.shutdown().await;

    let replayed = replay(dir.path()).await;
    assert_eq!(replayed.code, 0, "{replayed:?}");
    assert_valid_report(&replayed.stdout);
    let results = results(&replayed.stdout);
    let create = results["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["id"] == "lifecycle.create")
        .unwrap();
    assert_eq!(create["outcome"], "skipped");
    assert_eq!(results, self::results(&recorded.stdout));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_contains_no_secret() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let recorded = record(&emulator, DEFAULT_EVENT_ID, dir.path()).await;
    assert_eq!(recorded.code, 0, "{recorded:?}");

    let files = recorded_files(dir.path());
    // The manifest and one file per request: twenty-two requests, no retries.
    assert_eq!(
        files.len(),
        23,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let methods: std::collections::BTreeSet<String> = files
        .iter()
        .filter(|(name, _)| name.starts_with("exchange-"))
        .map(|(_, text)| {
            let exchange: serde_json::Value = serde_json::from_str(text).unwrap();
            exchange["request"]["method"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        methods,
        ["DELETE", "GET", "POST", "PUT"].map(str::to_owned).into()
    );
    for (name, text) in &files {
        assert!(!text.contains(TOKEN), "{name} contains the token");
        assert!(
            !text.contains("fgs-contract-wrong-"),
            "{name} contains the wrong token"
        );
    }
    let all: String = files.iter().map(|(_, text)| text.as_str()).collect();
    assert!(all.contains(r#""value": "[redacted]""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_replaces_volatile_values() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let recorded = record(&emulator, DEFAULT_EVENT_ID, dir.path()).await;
    assert_eq!(recorded.code, 0, "{recorded:?}");

    let files = recorded_files(dir.path());
    let manifest: serde_json::Value = serde_json::from_str(&files.last().unwrap().1).unwrap();
    assert_eq!(files.last().unwrap().0, "recording.json");
    assert_eq!(manifest["event_id"], "{{event-id-1}}");
    assert_eq!(manifest["format_version"], 1);

    let first: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
    assert!(first["request"]["url"]
        .as_str()
        .unwrap()
        .ends_with("/events/{{event-id-1}}"));
    let response = &first["response"];
    assert_eq!(response["status"], 200);
    assert!(response["body"]["text"]
        .as_str()
        .unwrap()
        .contains(r#""id":"{{event-id-1}}""#));
    let header = |name: &str| {
        response["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|header| header["name"] == name)
            .map(|header| header["value"].as_str().unwrap().to_owned())
    };
    assert_eq!(header("x-request-id").as_deref(), Some("{{request-id-1}}"));
    assert_eq!(header("date").as_deref(), Some("{{date-1}}"));
    let all: String = files.iter().map(|(_, text)| text.as_str()).collect();
    assert!(!all.contains(DEFAULT_EVENT_ID));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_of_shortened_recording_exits_1() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let recorded = record(&emulator, DEFAULT_EVENT_ID, dir.path()).await;
    assert_eq!(recorded.code, 0, "{recorded:?}");
    let attempts = recorded_files(dir.path()).len() - 1;
    std::fs::remove_file(dir.path().join(format!("exchange-{attempts:06}.json"))).unwrap();

    let replayed = replay(dir.path()).await;
    assert_eq!(replayed.code, 1, "{replayed:?}");
    assert!(replayed.stdout.is_empty());
    assert!(
        replayed.stderr.starts_with(&format!(
            "fgs-contract: the replay does not follow the recording: the recording has {} attempts and none is left for `",
            attempts - 1
        )),
        "{}",
        replayed.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_of_edited_path_exits_1() {
    let emulator = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let recorded = record(&emulator, DEFAULT_EVENT_ID, dir.path()).await;
    assert_eq!(recorded.code, 0, "{recorded:?}");
    let first = dir.path().join("exchange-000001.json");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(
        &first,
        text.replace("/events/{{event-id-1}}", "/events/other-event-id"),
    )
    .unwrap();

    let replayed = replay(dir.path()).await;
    assert_eq!(replayed.code, 1, "{replayed:?}");
    assert!(
        replayed
            .stderr
            .contains("attempt 1 of the recording is `GET /v2/"),
        "{}",
        replayed.stderr
    );
}

#[test]
fn record_into_non_empty_dir_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.json"), "{}").unwrap();
    let output = crate::run(&["check", "--record", dir.path().to_str().unwrap()]);
    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        format!(
            "fgs-contract: recording directory `{}` is not empty\nhint: pass a new directory to `--record`, or empty this one\n",
            dir.path().display()
        )
    );
}

#[test]
fn replay_missing_recording_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = crate::run(&["replay", dir.path().to_str().unwrap()]);
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output.stderr.starts_with(&format!(
            "fgs-contract: cannot read the recording `{}`: ",
            dir.path().join("recording.json").display()
        )),
        "{}",
        output.stderr
    );
}
