//! Integration tests: each runs the real `fgs-contract` binary, against the in-process emulator
//! or an emulator started as a separate `fgs-contract emulator` process.

#![allow(clippy::unwrap_used)]

mod check;
mod config;
mod decode;
mod drift;
mod emulator;
mod report;
mod urn;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

/// Every environment variable the command reads, removed so the host cannot change a test.
const ENVIRONMENT: [&str; 7] = [
    "FGS_ENDPOINT",
    "FGS_PROJECT_ID",
    "FGS_FUNCTION_URN",
    "FGS_EVENT_ID",
    "FGS_TOKEN",
    "RUST_LOG",
    "NO_COLOR",
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
        let mut child = command()
            .args(["emulator", "--listen", "127.0.0.1:0"])
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

    /// Returns the `check` arguments that aim at this emulator's seeded event.
    pub fn check_args(&self) -> Vec<String> {
        [
            "check",
            "--endpoint",
            &self.base_url,
            "--project-id",
            fgs_emulator::DEFAULT_PROJECT_ID,
            "--function-urn",
            fgs_emulator::DEFAULT_FUNCTION_URN,
            "--event-id",
            fgs_emulator::DEFAULT_EVENT_ID,
            "--token",
            &self.token,
        ]
        .map(str::to_owned)
        .to_vec()
    }
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
/// ports, dates and request ids replaced by fixed text.
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
        ],
    }, {
        body();
    });
}
