//! `fgs-contract decode` on the documented example bodies.

use crate::{command, run_command};

/// The ShowEvent 200 example exactly as the API reference prints it; `content` is masked.
const DOCUMENTED_SHOW_EVENT: &str = r#"{ "id" : "3b659dc0-12fc-40dc-aa05-a321d9424cb3", "name" : "event-k9r3", "last_modified" : 1597374286, "content" : "ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****" }"#;

fn decode(args: &[&str], stdin: &str) -> crate::Output {
    let mut command = command();
    command.arg("decode").args(args);
    run_command(command, stdin.as_bytes())
}

#[test]
fn decode_documented_show_event_prints_canonical_json() {
    let output = decode(&["show-event"], DOCUMENTED_SHOW_EVENT);
    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(
        output.stdout,
        "{\"id\":\"3b659dc0-12fc-40dc-aa05-a321d9424cb3\",\"name\":\"event-k9r3\",\"content\":\"ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****\",\"last_modified\":1597374286}\n"
    );
}

#[test]
fn decode_reads_file_argument() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("body.json");
    std::fs::write(&path, DOCUMENTED_SHOW_EVENT).unwrap();
    let output = decode(&["show-event", path.to_str().unwrap()], "");
    assert_eq!(output.code, 0, "{output:?}");
    assert!(output.stdout.starts_with("{\"id\":"));
}

#[test]
fn decode_documented_error_body_under_404() {
    let body = r#"{"error_code":"FSS.1051","error_msg":"Not found the function"}"#;
    let output = decode(&["show-event", "--status", "404"], body);
    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(output.stdout, format!("{body}\n"));
}

#[test]
fn decode_missing_field_prints_pointer() {
    let body = r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","content":"eyJrIjoidiJ9"}"#;
    let output = decode(&["show-event"], body);
    assert_eq!(output.code, 1, "{output:?}");
    assert!(output.stdout.is_empty());
    assert!(
        output.stderr.starts_with("/name: expected "),
        "{}",
        output.stderr
    );
}

#[test]
fn decode_wrong_content_type_is_violation() {
    let output = decode(
        &["show-event", "--content-type", "text/plain"],
        DOCUMENTED_SHOW_EVENT,
    );
    assert_eq!(output.code, 1, "{output:?}");
    assert_eq!(
        output.stderr,
        "header content-type: expected `application/json`, found `text/plain`\n"
    );
}

#[test]
fn decode_accepts_other_operations() {
    let body = r#"{"events":[{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286}],"next_marker":1,"count":1}"#;
    let output = decode(&["list-events"], body);
    assert_eq!(output.code, 0, "{output:?}");
    let output = decode(&["delete-event", "--status", "204"], "");
    assert_eq!(output.code, 0, "{output:?}");
    assert!(output.stdout.is_empty());
}

#[test]
fn decode_unknown_operation_exits_2() {
    let output = decode(&["show-events"], "{}");
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output
            .stderr
            .starts_with("fgs-contract: unknown operation `show-events`"),
        "{}",
        output.stderr
    );
}
