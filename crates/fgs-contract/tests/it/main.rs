//! Integration tests: each runs the real `fgs-contract` binary, against the in-process emulator
//! or an emulator started as a separate `fgs-contract emulator` process.

#![allow(clippy::unwrap_used)]

mod auth;
mod check;
mod config;
mod decode;
mod decode_operations;
mod drift;
mod emulator;
mod faults;
mod hosted;
mod lifecycle;
mod net;
mod openapi;
mod record;
mod report;
mod schema;
mod secrets;
mod settings;
mod sign;
mod strict;
mod transport;
mod urn;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

/// Every environment variable the command reads, removed so the host cannot change a test.
const ENVIRONMENT: [&str; 23] = [
    "FGS_ENDPOINT",
    "FGS_PROJECT_ID",
    "FGS_FUNCTION_URN",
    "FGS_EVENT_ID",
    "FGS_TOKEN",
    "FGS_IAM_ENDPOINT",
    "FGS_USER",
    "FGS_PASSWORD",
    "FGS_DOMAIN",
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "RUST_LOG",
    "NO_COLOR",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Returns the command with a clean environment.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fgs-contract"));
    for name in ENVIRONMENT {
        command.env_remove(name);
    }
    command
}

/// The exit code and output of one run.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` to the end with `stdin` as standard input.
pub fn run_command(mut command: Command, stdin: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit before reading its input, which closes the pipe early.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let output = child.wait_with_output().unwrap();
    Output {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs the binary with `args` and empty standard input.
pub fn run(args: &[&str]) -> Output {
    let mut command = command();
    command.args(args);
    run_command(command, b"")
}

/// An `fgs-contract emulator` process on a free loopback port, killed on drop.
#[derive(Debug)]
pub struct EmulatorProcess {
    child: Child,
    pub base_url: String,
    pub token: String,
}

impl EmulatorProcess {
    /// Starts the emulator with a generated token and reads its URL and token from stdout.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the emulator with a generated token and `extra` arguments.
    pub fn start_with(extra: &[&str]) -> Self {
        let mut child = command()
            .args(["emulator", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base_url = lines.next().unwrap().unwrap();
        let token = lines.next().unwrap().unwrap();
        EmulatorProcess {
            child,
            base_url,
            token,
        }
    }

    /// Starts `command`, an `emulator` command line that sets `--token token`, and reads its
    /// URL from stdout.
    pub fn spawn(mut command: Command, token: &str) -> Self {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base_url = lines.next().unwrap().unwrap();
        EmulatorProcess {
            child,
            base_url,
            token: token.to_owned(),
        }
    }

    /// Returns the `check` arguments that aim at this emulator's seeded event.
    pub fn check_args(&self) -> Vec<String> {
        let mut args = self.target_args();
        args.extend(["--token".to_owned(), self.token.clone()]);
        args
    }

    /// Returns the `check` arguments that aim at the seeded event, without credentials.
    pub fn target_args(&self) -> Vec<String> {
        target_args(&self.base_url)
    }
}

/// Returns the `check` arguments that aim at the seeded event of the emulator at `base_url`,
/// without credentials.
pub fn target_args(base_url: &str) -> Vec<String> {
    [
        "check",
        "--endpoint",
        base_url,
        "--project-id",
        fgs_emulator::DEFAULT_PROJECT_ID,
        "--function-urn",
        fgs_emulator::DEFAULT_FUNCTION_URN,
        "--event-id",
        fgs_emulator::DEFAULT_EVENT_ID,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Returns `(id, outcome)` for each check of a JSON report.
pub fn outcomes(json: &str) -> Vec<(String, String)> {
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

/// Returns whether every check of a JSON report passed, the quota check being skipped on an
/// endpoint without `--quota-check`.
pub fn all_passed(json: &str) -> bool {
    let outcomes = outcomes(json);
    !outcomes.is_empty()
        && outcomes.iter().all(|(id, outcome)| {
            outcome == "pass" || (id == "quota.eleventh-event" && outcome == "skipped")
        })
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Returns the base URL of a loopback port that nothing listens on.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

/// Runs `body` with insta writing to the top-level `snapshots/` folder, with durations,
/// ports, dates, request ids, the run's event names, created ids and update times replaced by
/// fixed text.
pub fn with_snapshot_settings(body: impl FnOnce()) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"),
        prepend_module_to_snapshot => false,
        filters => vec![
            (r"[ \d]{5} ms", "    N ms"),
            (r"in \d+ ms", "in N ms"),
            (r"127\.0\.0\.1:\d+", "127.0.0.1:PORT"),
            (r"(?m)^(\s+date: ).*$", "$1[date]"),
            (r"(?m)^(\s+x-request-id: ).*$", "$1[request-id]"),
            (r"fgsc-[0-9a-f]{8}", "fgsc-[tag]"),
            (r"created `[0-9a-f-]{36}`", "created `[id]`"),
            (r"`last_modified` \d+", "`last_modified` [seconds]"),
        ],
    }, {
        body();
    });
}
