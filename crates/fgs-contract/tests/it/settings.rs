//! The settings file `fgs-contract.toml` and its place after flags and the environment.

use std::path::Path;

use fgs_emulator::{DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID};

use crate::{all_passed, outcomes, run_command, EmulatorProcess};

/// Writes `fgs-contract.toml` with the target of `emulator` and the extra `lines`.
fn write_settings(folder: &Path, emulator: &EmulatorProcess, lines: &str) {
    let text = format!(
        "endpoint = \"{}\"\nproject-id = \"{DEFAULT_PROJECT_ID}\"\nfunction-urn = \"{DEFAULT_FUNCTION_URN}\"\n\
         event-id = \"{DEFAULT_EVENT_ID}\"\n{lines}",
        emulator.base_url
    );
    std::fs::write(folder.join("fgs-contract.toml"), text).unwrap();
}

/// Runs `check` with `args` in `folder`, which holds the settings file.
fn check_in(folder: &Path, args: &[&str], environment: &[(&str, &str)]) -> crate::Output {
    let mut command = crate::command();
    command.current_dir(folder).arg("check").args(args);
    for (name, value) in environment {
        command.env(name, value);
    }
    run_command(command, b"")
}

#[test]
fn settings_file_in_current_folder_is_read() {
    let emulator = EmulatorProcess::start_with(&["--ak", "ak-file-1", "--sk", "sk-file-1"]);
    let folder = tempfile::tempdir().unwrap();
    write_settings(
        folder.path(),
        &emulator,
        "ak = \"ak-file-1\"\nsk = \"sk-file-1\"\nformat = \"json\"\n",
    );

    let output = check_in(folder.path(), &[], &[]);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn settings_config_flag_names_file() {
    let emulator = EmulatorProcess::start();
    let folder = tempfile::tempdir().unwrap();
    write_settings(
        folder.path(),
        &emulator,
        &format!(
            "token = \"{}\"\noutput = \"report.json\"\nformat = \"json\"\n",
            emulator.token
        ),
    );
    let path = folder.path().join("fgs-contract.toml");
    let elsewhere = tempfile::tempdir().unwrap();

    let output = check_in(elsewhere.path(), &["--config", path.to_str().unwrap()], &[]);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(output.stdout.is_empty(), "{}", output.stdout);
    let report = std::fs::read_to_string(folder.path().join("report.json")).unwrap();
    assert!(all_passed(&report), "{report}");
}

#[test]
fn settings_environment_beats_file() {
    let emulator = EmulatorProcess::start_with(&["--ak", "ak-file-1", "--sk", "sk-right-1"]);
    let folder = tempfile::tempdir().unwrap();
    write_settings(
        folder.path(),
        &emulator,
        "ak = \"ak-file-1\"\nsk = \"sk-wrong-1\"\nformat = \"json\"\n",
    );

    let output = check_in(folder.path(), &[], &[("HUAWEICLOUD_SDK_SK", "sk-right-1")]);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn settings_flag_beats_environment_and_file() {
    let emulator = EmulatorProcess::start_with(&["--ak", "ak-file-1", "--sk", "sk-right-1"]);
    let folder = tempfile::tempdir().unwrap();
    write_settings(
        folder.path(),
        &emulator,
        "ak = \"ak-file-1\"\nsk = \"sk-wrong-1\"\nformat = \"table\"\n",
    );

    let output = check_in(
        folder.path(),
        &["--sk", "sk-right-1", "--format", "json"],
        &[("HUAWEICLOUD_SDK_SK", "sk-wrong-2")],
    );

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn settings_file_value_below_wrong_environment_fails() {
    let emulator = EmulatorProcess::start_with(&["--ak", "ak-file-1", "--sk", "sk-right-1"]);
    let folder = tempfile::tempdir().unwrap();
    write_settings(
        folder.path(),
        &emulator,
        "ak = \"ak-file-1\"\nsk = \"sk-right-1\"\nformat = \"json\"\n",
    );

    let output = check_in(folder.path(), &[], &[("HUAWEICLOUD_SDK_SK", "sk-wrong-2")]);

    assert_eq!(output.code, 1, "{output:?}");
    assert_eq!(
        outcomes(&output.stdout)[0],
        ("show-event.success".to_owned(), "fail".to_owned())
    );
}

#[test]
fn settings_unknown_key_names_key_and_file() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("fgs-contract.toml"),
        "project_id = \"x\"\n",
    )
    .unwrap();

    let output = check_in(folder.path(), &[], &[]);

    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output.stderr.starts_with(
            "fgs-contract: unknown key `project_id` in `fgs-contract.toml`: expected one of `endpoint`, `project-id`,"
        ),
        "{}",
        output.stderr
    );
}

#[test]
fn settings_missing_config_file_exits_2() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("absent.toml");

    let output = check_in(folder.path(), &["--config", path.to_str().unwrap()], &[]);

    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output.stderr.starts_with(&format!(
            "fgs-contract: cannot read settings file `{}`",
            path.display()
        )),
        "{}",
        output.stderr
    );
}

#[test]
fn settings_invalid_secret_type_not_echoed() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("fgs-contract.toml"), "sk = 987654321\n").unwrap();

    let output = check_in(folder.path(), &[], &[]);

    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        "fgs-contract: invalid `sk` in `fgs-contract.toml`: expected a string, found an integer\n"
    );
}
