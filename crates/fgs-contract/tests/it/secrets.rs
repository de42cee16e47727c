//! No secret reaches standard output, standard error or a report file: `check` runs at
//! `RUST_LOG=trace` in every report format and every authentication mode, against an emulator
//! that records every credential it receives or issues.

use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use fgs_emulator::{Emulator, EmulatorConfig, DEFAULT_EVENT_ID};
use tokio::sync::oneshot;

use crate::{run_command, target_args};

const TOKEN: &str = "secret-token-5b1e7c";
const ACCESS_KEY: &str = "access-key-2f9d";
const SECRET_KEY: &str = "secret-key-8c4a1e";
const SECURITY_TOKEN: &str = "security-token-6d3b0f";
const USER: &str = "user-4e2a";
const PASSWORD: &str = "password-9a7c3d";
const DOMAIN: &str = "domain-1b8e";

/// An event id the emulator does not know.
const UNKNOWN_EVENT_ID: &str = "0d3c5b7e-55aa-4f1e-9c2d-3e4f5a6b7c8d";

/// Credential header values the emulator received and tokens it issued.
type Seen = Arc<Mutex<Vec<String>>>;

/// An emulator on a loopback port, in a thread of its own, that records credentials.
struct RecordingEmulator {
    base_url: String,
    seen: Seen,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RecordingEmulator {
    fn start() -> Self {
        let config = EmulatorConfig::new(TOKEN)
            .without_access_keys()
            .with_temporary_access_key(ACCESS_KEY, SECRET_KEY, SECURITY_TOKEN)
            .unwrap()
            .without_users()
            .with_user(USER, PASSWORD, DOMAIN)
            .unwrap();
        let seen: Seen = Arc::default();
        let router = Emulator::router(config)
            .layer(middleware::from_fn_with_state(Arc::clone(&seen), record));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, router)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        RecordingEmulator {
            base_url,
            seen,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// Returns every secret sent or issued so far: whole credential header values and the
    /// signatures inside `Authorization` values.
    fn seen_secrets(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        let mut secrets = seen.clone();
        for value in seen.iter() {
            if let Some((_, signature)) = value.split_once("Signature=") {
                secrets.push(signature.to_owned());
            }
        }
        secrets
    }
}

impl Drop for RecordingEmulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn record(State(seen): State<Seen>, request: Request, next: Next) -> Response {
    {
        let mut seen = seen.lock().unwrap();
        for name in ["authorization", "x-auth-token", "x-security-token"] {
            for value in request.headers().get_all(name) {
                seen.push(String::from_utf8_lossy(value.as_bytes()).into_owned());
            }
        }
    }
    let response = next.run(request).await;
    if let Some(token) = response.headers().get("x-subject-token") {
        let mut seen = seen.lock().unwrap();
        seen.push(String::from_utf8_lossy(token.as_bytes()).into_owned());
    }
    response
}

/// Asserts that no secret occurs in `text`, naming where the text came from.
fn assert_no_secret(text: &str, secrets: &[String], place: &str) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{place} contains the secret `{secret}`"
        );
    }
}

/// Runs `check` at `RUST_LOG=trace` with the credential flags that `flags` returns for the
/// emulator's base URL, in every format, to stdout and to a report file, and asserts that no
/// secret appears anywhere.
fn check_every_format(flags: fn(&str) -> Vec<String>) {
    let emulator = RecordingEmulator::start();
    let folder = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();

    // A known event passes every check; an unknown one fails checks, whose reports then show
    // the requests sent, headers included.
    let runs = [
        (DEFAULT_EVENT_ID, false, 0),
        (UNKNOWN_EVENT_ID, false, 1),
        (UNKNOWN_EVENT_ID, true, 1),
    ];
    for format in ["table", "json", "junit"] {
        for (event_id, to_file, code) in runs {
            let report = folder.path().join(format!("report-{format}-{event_id}"));
            let mut args = target_args(&emulator.base_url);
            let event = args.iter().position(|arg| arg == "--event-id").unwrap() + 1;
            args[event] = event_id.to_owned();
            let mut command = crate::command();
            command
                .args(args)
                .args(flags(&emulator.base_url))
                .args(["--format", format])
                .env("RUST_LOG", "trace");
            if to_file {
                command.arg("--output").arg(&report);
            }
            let place = format!("{format} for event {event_id}");

            let output = run_command(command, b"");

            assert_eq!(output.code, code, "{place}: {output:?}");
            assert!(!output.stderr.is_empty(), "{place}: no trace logs");
            outputs.push((format!("{place}, stdout"), output.stdout));
            outputs.push((format!("{place}, stderr"), output.stderr));
            if to_file {
                let text = read(&report);
                assert!(
                    text.contains("request"),
                    "{place}: the report shows no request"
                );
                outputs.push((format!("{place}, report file"), text));
            }
        }
    }

    let mut secrets = emulator.seen_secrets();
    assert!(!secrets.is_empty(), "the emulator saw credentials");
    secrets.extend([TOKEN, SECRET_KEY, SECURITY_TOKEN, PASSWORD].map(str::to_owned));
    for (place, text) in &outputs {
        assert_no_secret(text, &secrets, place);
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

#[test]
fn secrets_absent_in_token_mode() {
    check_every_format(|_| strings(&["--token", TOKEN]));
}

#[test]
fn secrets_absent_in_aksk_mode() {
    check_every_format(|_| {
        strings(&[
            "--ak",
            ACCESS_KEY,
            "--sk",
            SECRET_KEY,
            "--security-token",
            SECURITY_TOKEN,
        ])
    });
}

#[test]
fn secrets_absent_in_iam_mode() {
    check_every_format(|base_url| {
        strings(&[
            "--iam-endpoint",
            base_url,
            "--user",
            USER,
            "--password",
            PASSWORD,
            "--domain",
            DOMAIN,
        ])
    });
}
