//! Exit status 2 for each kind of bad configuration, with the value named.

use crate::run;

const PROJECT_ID: &str = "7aad83af3e8d42e99ac194e8419e2c9b";
const FUNCTION_URN: &str =
    "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test";
const EVENT_ID: &str = "3b659dc0-12fc-40dc-aa05-a321d9424cb3";
const TOKEN: &str = "tok-3f9a2c";

/// Runs `check` with a full remote target, each default replaced by `overrides`, and
/// asserts exit 2 with `expected` in the first line of the error.
fn check(overrides: &[(&str, &str)], expected: &str) {
    let mut values = vec![
        ("--endpoint", "http://127.0.0.1:9"),
        ("--project-id", PROJECT_ID),
        ("--function-urn", FUNCTION_URN),
        ("--event-id", EVENT_ID),
        ("--token", TOKEN),
    ];
    for (flag, value) in overrides {
        match values.iter_mut().find(|(known, _)| known == flag) {
            Some(entry) => entry.1 = value,
            None => values.push((flag, value)),
        }
    }
    let mut args = vec!["check"];
    for (flag, value) in &values {
        args.extend([*flag, *value]);
    }
    let output = run(&args);
    assert_eq!(output.code, 2, "{overrides:?}: {output:?}");
    assert!(
        output.stderr.contains(expected),
        "{overrides:?}: expected `{expected}` in {}",
        output.stderr
    );
    assert!(!output.stderr.contains(TOKEN), "{overrides:?}");
    assert!(output.stdout.is_empty(), "{overrides:?}");
}

#[test]
fn config_invalid_values_exit_2() {
    check(
        &[("--endpoint", "ftp://127.0.0.1")],
        "fgs-contract: invalid endpoint `ftp://127.0.0.1/`: expected scheme `http` or `https`, found `ftp`",
    );
    check(
        &[("--endpoint", "http://127.0.0.1:9/?x=1")],
        "fgs-contract: invalid endpoint `http://127.0.0.1:9/`: expected no query string, found one",
    );
    check(
        &[("--endpoint", "http://127.0.0.1:9/#f")],
        "expected no fragment, found one",
    );
    check(
        &[("--endpoint", "not a url")],
        "fgs-contract: invalid endpoint `not a url`",
    );
    check(
        &[("--function-urn", "urn:fss:cn-north-4:abc:function:default:test")],
        "fgs-contract: invalid `--function-urn`: invalid function URN `urn:fss:cn-north-4:abc:function:default:test`",
    );
    check(&[("--project-id", "abc")], "`abc`");
    check(&[("--event-id", "../x")], "`event_id`");
    check(
        &[("--timeout", "0")],
        "fgs-contract: invalid `--timeout` value `0`: expected a positive number of seconds",
    );
    check(
        &[("--connect-timeout", "-1")],
        "fgs-contract: invalid `--connect-timeout` value `-1`",
    );
    check(&[("--timeout", "soon")], "'soon'");
    check(&[("--format", "xml")], "'xml'");
}

#[test]
fn config_endpoint_credentials_are_not_echoed() {
    check(
        &[("--endpoint", "http://alice:pa55word@127.0.0.1:9")],
        "invalid endpoint `http://[redacted]@127.0.0.1:9/`: expected no user name or password in the URL, found one",
    );
    let output = run(&["check", "--endpoint", "http://alice:pa55word@127.0.0.1:9"]);
    assert!(!output.stderr.contains("pa55word"), "{}", output.stderr);
}

#[test]
fn config_endpoint_alone_names_missing_flags() {
    let output = run(&["check", "--endpoint", "http://127.0.0.1:9"]);
    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        "fgs-contract: `--endpoint` requires `--project-id`, `--function-urn`, `--event-id` and `--token`\n\
         hint: pass `--project-id`, `--function-urn`, `--event-id` and `--token` or set FGS_PROJECT_ID, FGS_FUNCTION_URN, FGS_EVENT_ID, FGS_TOKEN\n"
    );
}

#[test]
fn config_endpoint_from_environment_names_missing_token() {
    let mut command = crate::command();
    command
        .arg("check")
        .env("FGS_ENDPOINT", "http://127.0.0.1:9")
        .env("FGS_PROJECT_ID", PROJECT_ID)
        .env("FGS_FUNCTION_URN", FUNCTION_URN)
        .env("FGS_EVENT_ID", EVENT_ID);
    let output = crate::run_command(command, b"");
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output
            .stderr
            .starts_with("fgs-contract: `--endpoint` requires `--token`\n"),
        "{}",
        output.stderr
    );
}

#[test]
fn config_target_without_endpoint_exits_2() {
    let output = run(&["check", "--token", TOKEN, "--event-id", EVENT_ID]);
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output.stderr.starts_with(
            "fgs-contract: `--event-id` and `--token` are used only with `--endpoint`\n"
        ),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains(TOKEN));
}

#[test]
fn config_unwritable_output_exits_2() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("missing").join("report.json");
    let output = run(&["check", "--output", path.to_str().unwrap()]);
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output.stderr.starts_with(&format!(
            "fgs-contract: cannot write the report to `{}`",
            path.display()
        )),
        "{}",
        output.stderr
    );
}

#[test]
fn config_transport_limits_exit_2() {
    check(
        &[("--retries", "11")],
        "fgs-contract: invalid `--retries` value `11`: expected at most 10",
    );
    check(
        &[("--max-body-bytes", "0")],
        "fgs-contract: invalid `--max-body-bytes` value `0`: expected a positive number of bytes",
    );
}

#[test]
fn config_urn_of_another_project_exits_2() {
    check(
        &[(
            "--function-urn",
            "urn:fss:cn-north-4:0000000000000000000000000000000a:function:default:test",
        )],
        "fgs-contract: `--function-urn` names project `0000000000000000000000000000000a`, but `--project-id` is `7aad83af3e8d42e99ac194e8419e2c9b`",
    );
}

#[test]
fn config_short_urn_without_project_accepted() {
    // A URN of one or two fields names no project, so only the server can judge it. The run
    // therefore gets as far as the closed port.
    let output = run(&[
        "check",
        "--endpoint",
        "http://127.0.0.1:9",
        "--project-id",
        PROJECT_ID,
        "--function-urn",
        "default:test",
        "--event-id",
        EVENT_ID,
        "--token",
        TOKEN,
    ]);
    assert_eq!(output.code, 3, "{output:?}");
}
