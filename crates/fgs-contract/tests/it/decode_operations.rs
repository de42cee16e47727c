//! `fgs-contract decode OPERATION --status N` for each of the five operations, and bodies of one
//! operation given as another's.

use crate::{command, run_command, Output};

const LIST: &str = r#"{"events":[{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","last_modified":1597374286}],"next_marker":1,"count":1}"#;
const CREATED: &str = r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3"}"#;
const SHOW: &str = r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","content":"eyJrIjoidiJ9","last_modified":1597374286}"#;
const NOT_FOUND: &str = r#"{"error_code":"FSS.1070","error_msg":"The event cannot be found."}"#;

fn decode(operation: &str, status: &str, body: &str) -> Output {
    let mut command = command();
    command.args(["decode", operation, "--status", status]);
    run_command(command, body.as_bytes())
}

/// Decodes `body` and checks the exit code and standard output: the canonical JSON of a
/// conforming body, nothing otherwise.
fn check(operation: &str, status: &str, body: &str, code: i32, stdout: &str) {
    let output = decode(operation, status, body);
    assert_eq!(output.code, code, "{operation} {status}: {output:?}");
    assert_eq!(output.stdout, stdout, "{operation} {status}");
}

#[test]
#[rustfmt::skip]
fn decode_each_operation_success_status() {
    check("list-events", "200", LIST, 0, "{\"count\":1,\"events\":[{\"id\":\"3b659dc0-12fc-40dc-aa05-a321d9424cb3\",\"name\":\"event-k9r3\",\"last_modified\":1597374286}],\"next_marker\":1}\n");
    check("create-event", "200", CREATED, 0, &format!("{CREATED}\n"));
    check("show-event", "200", SHOW, 0, "{\"id\":\"3b659dc0-12fc-40dc-aa05-a321d9424cb3\",\"name\":\"event-k9r3\",\"content\":\"eyJrIjoidiJ9\",\"last_modified\":1597374286}\n");
    check("update-event", "200", CREATED, 0, &format!("{CREATED}\n"));
    check("delete-event", "204", "", 0, "");
}

#[test]
#[rustfmt::skip]
fn decode_each_operation_error_status() {
    for operation in ["list-events", "create-event", "show-event", "update-event", "delete-event"] {
        for status in ["400", "401", "403", "404", "500"] {
            check(operation, status, NOT_FOUND, 0, &format!("{NOT_FOUND}\n"));
        }
    }
}

#[test]
#[rustfmt::skip]
fn decode_each_operation_undocumented_status() {
    check("list-events", "201", LIST, 1, "");
    check("create-event", "201", CREATED, 1, "");
    check("show-event", "204", "", 1, "");
    check("update-event", "409", NOT_FOUND, 1, "");
    check("delete-event", "200", "", 1, "");
}

#[test]
#[rustfmt::skip]
fn decode_body_of_another_operation_fails() {
    check("show-event", "200", LIST, 1, "");
    check("show-event", "200", CREATED, 1, "");
    check("list-events", "200", SHOW, 1, "");
    check("list-events", "200", CREATED, 1, "");
    check("create-event", "200", LIST, 1, "");
    check("update-event", "200", LIST, 1, "");
    check("delete-event", "204", CREATED, 1, "");
    check("show-event", "200", NOT_FOUND, 1, "");
}

#[test]
fn decode_show_body_as_create_fails() {
    let output = decode("create-event", "200", SHOW);
    assert_eq!(output.code, 1, "{output:?}");
    assert_eq!(
        output.stderr,
        "/content: expected only the fields CreateEvent documents, found `content`, a field of the ShowEvent response\n\
         /last_modified: expected only the fields CreateEvent documents, found `last_modified`, a field of the ShowEvent response\n"
    );
}
