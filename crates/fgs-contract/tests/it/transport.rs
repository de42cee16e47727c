//! The transport against loopback servers started in each test: body cap, gzip, timeouts,
//! retries and `Retry-After`, the check-then-retry path of a lost create, an extra CA and a
//! proxy.

use std::io::Write as _;
use std::time::{Duration, Instant};

use fgs_contract::client::{Client, Request, SendError, Timeouts};
use fgs_contract::credentials::Credentials;
use fgs_contract::transport::create::Created;
use fgs_contract::transport::retry::Backoff;
use fgs_contract::transport::TransportSettings;
use fgs_emulator::{
    Emulator, EmulatorConfig, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
};
use fgs_model::path::{ColonEncoding, EventsPath};
use fgs_model::secret::Secret;
use fgs_model::FunctionUrn;
use reqwest::Method;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use crate::net::{response, Proxy, Reply, ScriptedServer, TestPki, TlsFront};

const SHOW_EVENT_BODY: &str = r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","content":"eyJrIjoidiJ9","last_modified":1597374286}"#;

/// Settings with short waits, so that retry tests run in milliseconds unless they test a
/// server's `Retry-After`.
fn quick_settings() -> TransportSettings {
    TransportSettings {
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_secs(5),
        },
        backoff: Backoff {
            base: Duration::from_millis(10),
            max: Duration::from_millis(40),
            max_retry_after: Duration::from_secs(5),
        },
        ..TransportSettings::default()
    }
}

fn get(url: String) -> Request {
    Request {
        method: Method::GET,
        url,
        auth: Some(Credentials::Token(Secret::from("transport-test-token"))),
    }
}

fn ok_json(body: &str) -> Reply {
    Reply::Bytes(response(
        "200 OK",
        &[("content-type", "application/json")],
        body.as_bytes(),
    ))
}

/// Returns the peak resident set size of this process, in KiB, from `/proc/self/status`.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Serves `length` bytes of `x` with a `Content-Length`, in 64 KiB writes from one buffer.
async fn serve_large_body(length: usize) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                crate::net::read_request(&mut stream).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
                );
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = 0;
                while sent < length {
                    let size = chunk.len().min(length - sent);
                    if stream.write_all(&chunk[..size]).await.is_err() {
                        return;
                    }
                    sent += size;
                }
            });
        }
    });
    addr
}

const MEMORY_CHILD: &str = "FGS_CONTRACT_MEMORY_CHILD";

/// Runs in a process of its own so that no other test moves the peak: a 50 MiB body under a
/// 1 MiB cap is reported as too large and raises the peak by far less than its size.
#[test]
fn body_cap_keeps_memory_flat() {
    if std::env::var_os(MEMORY_CHILD).is_none() {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "transport::body_cap_keeps_memory_flat",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(MEMORY_CHILD, "1")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("1 passed"));
        return;
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let addr = serve_large_body(50 << 20).await;
        let client = Client::with_settings(quick_settings()).unwrap();
        // A first exchange allocates what every exchange needs, so that the peak measured
        // below is the cost of the large body alone.
        let _ = client.send(&get(format!("http://{addr}/warm"))).await;

        let before = peak_rss_kib();
        let err = client
            .send(&get(format!("http://{addr}/large")))
            .await
            .unwrap_err();
        let after = peak_rss_kib();

        let SendError::BodyTooLarge {
            limit, exchange, ..
        } = &err
        else {
            panic!("expected BodyTooLarge, found {err}");
        };
        assert_eq!(*limit, 1 << 20);
        assert_eq!(exchange.body.len(), 1 << 20);
        assert_eq!(exchange.attempts, 1);
        assert_eq!(err.findings()[0].rule, "max-body-size");
        let grown = after.saturating_sub(before);
        assert!(
            grown < 8 * 1024,
            "peak RSS grew by {grown} KiB reading a 50 MiB body under a 1 MiB cap"
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_body_is_requested_and_decoded() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(SHOW_EVENT_BODY.as_bytes()).unwrap();
    let compressed = encoder.finish().unwrap();
    let server = ScriptedServer::start(None, move |_, _| {
        Reply::Bytes(response(
            "200 OK",
            &[
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
            ],
            &compressed,
        ))
    })
    .await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let exchange = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap();
    assert_eq!(exchange.body, SHOW_EVENT_BODY.as_bytes());
    assert_eq!(exchange.header("content-encoding"), Some("gzip"));
    assert_eq!(server.requests()[0].header("accept-encoding"), Some("gzip"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_cap_applies_to_decoded_bytes() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![b' '; 8 << 20]).unwrap();
    let compressed = encoder.finish().unwrap();
    assert!(compressed.len() < 64 << 10);
    let server = ScriptedServer::start(None, move |_, _| {
        Reply::Bytes(response(
            "200 OK",
            &[
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
            ],
            &compressed,
        ))
    })
    .await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let err = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SendError::BodyTooLarge { limit, .. } if limit == 1 << 20),
        "{err}"
    );
    assert_eq!(err.exchange().unwrap().body.len(), 1 << 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_seconds_is_honoured() {
    let server = ScriptedServer::start(None, |index, _| match index {
        0 => Reply::Bytes(response(
            "429 Too Many Requests",
            &[("retry-after", "1"), ("x-request-id", "throttled-1")],
            b"",
        )),
        _ => ok_json(SHOW_EVENT_BODY),
    })
    .await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let started = Instant::now();
    let exchange = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(exchange.status, 200);
    assert_eq!(exchange.attempts, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_http_date_is_honoured() {
    let server = ScriptedServer::start(None, |index, _| match index {
        0 => {
            let date =
                httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
            Reply::Bytes(response(
                "503 Service Unavailable",
                &[("retry-after", &date)],
                b"",
            ))
        }
        _ => ok_json(SHOW_EVENT_BODY),
    })
    .await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let started = Instant::now();
    let exchange = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap();
    // The date has whole seconds, so the wait is between one and two seconds.
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(exchange.attempts, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_is_capped() {
    let server = ScriptedServer::start(None, |index, _| match index {
        0 => Reply::Bytes(response(
            "429 Too Many Requests",
            &[("retry-after", "3600")],
            b"",
        )),
        _ => ok_json(SHOW_EVENT_BODY),
    })
    .await;
    let client = Client::with_settings(TransportSettings {
        backoff: Backoff {
            max_retry_after: Duration::from_millis(200),
            ..quick_settings().backoff
        },
        ..quick_settings()
    })
    .unwrap();
    let started = Instant::now();
    let exchange = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(exchange.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_throttling_code_is_retried() {
    let server = ScriptedServer::start(None, |index, _| match index {
        0 => Reply::Bytes(response(
            "429 Too Many Requests",
            &[("content-type", "application/json")],
            br#"{"error_msg":"The throttling threshold has been reached.","error_code":"APIGW.0308","request_id":"r1"}"#,
        )),
        _ => ok_json(SHOW_EVENT_BODY),
    })
    .await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let exchange = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap();
    assert_eq!(exchange.status, 200);
    assert_eq!(exchange.attempts, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_unavailable_then_ok() {
    let server = ScriptedServer::start(None, |index, _| match index {
        0 => Reply::Bytes(response("503 Service Unavailable", &[], b"")),
        _ => ok_json(SHOW_EVENT_BODY),
    })
    .await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let exchange = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap();
    assert_eq!(exchange.status, 200);
    assert_eq!(exchange.attempts, 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_exhausted_return_last_response() {
    let server = ScriptedServer::start(None, |_, _| {
        Reply::Bytes(response("502 Bad Gateway", &[], b""))
    })
    .await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let exchange = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap();
    assert_eq!(exchange.status, 502);
    assert_eq!(exchange.attempts, 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_get_is_retried() {
    let server = ScriptedServer::start(None, |index, _| match index {
        0 => Reply::Close,
        _ => ok_json(SHOW_EVENT_BODY),
    })
    .await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let exchange = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap();
    assert_eq!(exchange.status, 200);
    assert_eq!(exchange.attempts, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_answering_server_times_out() {
    let server = ScriptedServer::start(None, |_, _| Reply::Hang).await;
    let client = Client::with_settings(TransportSettings {
        timeouts: Timeouts {
            connect: Duration::from_secs(1),
            request: Duration::from_millis(300),
        },
        retries: 1,
        ..quick_settings()
    })
    .unwrap();
    let err = client
        .send(&get(format!("{}/x", server.base_url())))
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::TimedOut { .. }), "{err}");
    assert!(err.is_unreachable());
    assert_eq!(server.requests().len(), 2);
}

const CREATED_NAME: &str = "lost-answer-1";

async fn create_emulator() -> fgs_emulator::RunningEmulator {
    Emulator::bind(
        "127.0.0.1:0".parse().unwrap(),
        EmulatorConfig::new("create-test-token"),
    )
    .await
    .unwrap()
}

/// Returns the CreateEvent request for [`CREATED_NAME`] with its body, and the ListEvents
/// request of the seeded function, both sent to `base`.
fn create_requests(base: &str) -> (Request, Vec<u8>, Request) {
    let events = EventsPath::new(
        DEFAULT_PROJECT_ID,
        FunctionUrn::parse(DEFAULT_FUNCTION_URN).unwrap(),
        None,
    )
    .unwrap();
    let url = events.url(base, ColonEncoding::Raw);
    let auth = Some(Credentials::Token(Secret::from("create-test-token")));
    let body = serde_json::json!({"name": CREATED_NAME, "content": "eyJrIjoidiJ9"});
    let post = Request {
        method: Method::POST,
        url: url.clone(),
        auth: auth.clone(),
    };
    let list = Request {
        method: Method::GET,
        url,
        auth,
    };
    (post, serde_json::to_vec(&body).unwrap(), list)
}

/// Counts the emulator's events named [`CREATED_NAME`], asking it directly.
async fn created_count(emulator: &fgs_emulator::RunningEmulator) -> usize {
    let (_, _, list) = create_requests(&emulator.base_url());
    let client = Client::with_settings(quick_settings()).unwrap();
    let exchange = client.send(&list).await.unwrap();
    let list: serde_json::Value = serde_json::from_slice(&exchange.body).unwrap();
    list["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["name"] == CREATED_NAME)
        .count()
}

/// Starts a front that treats the first POST with `first_post` and forwards the rest.
async fn create_front(upstream: std::net::SocketAddr, first_post: Reply) -> ScriptedServer {
    let posts = std::sync::atomic::AtomicUsize::new(0);
    ScriptedServer::start(Some(upstream), move |_, request| {
        if request.method == "POST" && posts.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0
        {
            first_post.clone()
        } else {
            Reply::Forward
        }
    })
    .await
}

fn methods(server: &ScriptedServer) -> Vec<String> {
    server.requests().into_iter().map(|r| r.method).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_create_answer_adopts_event() {
    let emulator = create_emulator().await;
    let front = create_front(emulator.local_addr(), Reply::ForwardThenClose).await;
    let (post, body, list) = create_requests(&front.base_url());
    let client = Client::with_settings(quick_settings()).unwrap();

    let created = client
        .create_event(&post, &body, &list, CREATED_NAME)
        .await
        .unwrap();

    let Created::Adopted { id, list } = created else {
        panic!("expected the event to be adopted, found {created:?}");
    };
    assert!(!id.is_empty());
    assert_eq!(list.status, 200);
    assert_eq!(methods(&front), ["POST", "GET"]);
    assert_eq!(created_count(&emulator).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_create_request_is_sent_again() {
    let emulator = create_emulator().await;
    let front = create_front(emulator.local_addr(), Reply::Close).await;
    let (post, body, list) = create_requests(&front.base_url());
    let client = Client::with_settings(quick_settings()).unwrap();

    let created = client
        .create_event(&post, &body, &list, CREATED_NAME)
        .await
        .unwrap();

    let Created::Answered(exchange) = created else {
        panic!("expected an answer to the second POST, found {created:?}");
    };
    assert_eq!(exchange.status, 200);
    assert_eq!(methods(&front), ["POST", "GET", "POST"]);
    assert_eq!(created_count(&emulator).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_create_with_failed_list_stays_unknown() {
    let emulator = create_emulator().await;
    let front = ScriptedServer::start(Some(emulator.local_addr()), |_, request| {
        match request.method.as_str() {
            "POST" => Reply::ForwardThenClose,
            _ => Reply::Close,
        }
    })
    .await;
    let (post, body, list) = create_requests(&front.base_url());
    let client = Client::with_settings(quick_settings()).unwrap();

    let err = client
        .create_event(&post, &body, &list, CREATED_NAME)
        .await
        .unwrap_err();

    assert!(err.outcome_unknown(), "{err}");
    assert_eq!(methods(&front), ["POST", "GET", "GET", "GET"]);
    assert_eq!(created_count(&emulator).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_post_is_not_sent_again_blindly() {
    let server = ScriptedServer::start(None, |_, _| Reply::Close).await;
    let client = Client::with_settings(quick_settings()).unwrap();
    let request = Request {
        method: Method::POST,
        ..get(format!("{}/events", server.base_url()))
    };
    let err = client
        .send_with_body(&request, Some(b"{}"))
        .await
        .unwrap_err();
    assert!(err.outcome_unknown(), "{err}");
    assert_eq!(server.requests().len(), 1);
}

/// Returns the arguments that aim `check` at the emulator's seeded event behind `endpoint`.
fn check_args(endpoint: &str, token: &str) -> Vec<String> {
    [
        "check",
        "--endpoint",
        endpoint,
        "--project-id",
        DEFAULT_PROJECT_ID,
        "--function-urn",
        DEFAULT_FUNCTION_URN,
        "--event-id",
        DEFAULT_EVENT_ID,
        "--token",
        token,
        "--format",
        "json",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Runs the binary with `args` and extra environment variables, off the async runtime.
async fn run_binary(args: Vec<String>, env: Vec<(&'static str, String)>) -> crate::Output {
    tokio::task::spawn_blocking(move || {
        let mut command = crate::command();
        command.args(&args);
        for (name, value) in env {
            command.env(name, value);
        }
        crate::run_command(command, b"")
    })
    .await
    .unwrap()
}

async fn emulator() -> fgs_emulator::RunningEmulator {
    Emulator::bind(
        "127.0.0.1:0".parse().unwrap(),
        EmulatorConfig::new("transport-test-token"),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_never_answering_server_exits_3() {
    let server = ScriptedServer::start(None, |_, _| Reply::Hang).await;
    let mut args = check_args(&server.base_url(), "transport-test-token");
    args.extend(["--timeout", "0.3", "--retries", "1"].map(str::to_owned));
    let output = run_binary(args, Vec::new()).await;
    assert_eq!(output.code, 3, "{output:?}");
    assert!(
        output.stderr.contains("timed out after 0.3 s"),
        "{}",
        output.stderr
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_retries_503_and_logs_request_id() {
    let emulator = emulator().await;
    let front = ScriptedServer::start(Some(emulator.local_addr()), |index, _| match index {
        0 => Reply::Bytes(response(
            "503 Service Unavailable",
            &[("x-request-id", "busy-request-1")],
            b"",
        )),
        _ => Reply::Forward,
    })
    .await;
    let output = run_binary(
        check_args(&front.base_url(), "transport-test-token"),
        vec![("RUST_LOG", "warn".to_owned())],
    )
    .await;
    assert_eq!(output.code, 0, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let retry_line = output
        .stderr
        .lines()
        .find(|line| line.contains("retrying request"))
        .unwrap_or_else(|| panic!("no retry logged: {}", output.stderr));
    assert!(retry_line.contains("WARN"), "{retry_line}");
    assert!(retry_line.contains("busy-request-1"), "{retry_line}");
    assert!(retry_line.contains("status 503"), "{retry_line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_oversized_body_fails_check() {
    let emulator = emulator().await;
    let large = format!(r#"{{"padding":"{}"}}"#, "x".repeat(4096));
    let front = ScriptedServer::start(Some(emulator.local_addr()), move |index, _| match index {
        0 => ok_json(&large),
        _ => Reply::Forward,
    })
    .await;
    let mut args = check_args(&front.base_url(), "transport-test-token");
    args.extend(["--max-body-bytes", "1024"].map(str::to_owned));
    let output = run_binary(args, Vec::new()).await;
    assert_eq!(output.code, 1, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let success = &report["checks"][0];
    assert_eq!(success["id"], "show-event.success");
    assert_eq!(success["outcome"], "fail");
    assert_eq!(success["violations"][0]["rule"], "max-body-size");
    assert_eq!(
        success["violations"][0]["expected"],
        "a body of at most 1024 bytes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_trusts_extra_ca() {
    let emulator = emulator().await;
    let pki = TestPki::generate();
    let front = TlsFront::start(&pki, emulator.local_addr()).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &pki.ca_pem).unwrap();

    let mut args = check_args(&front.base_url(), "transport-test-token");
    args.extend(["--cacert".to_owned(), ca.display().to_string()]);
    let output = run_binary(args, Vec::new()).await;
    assert_eq!(output.code, 0, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(report["endpoint"], front.base_url());
    assert_eq!(report["summary"]["failed"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_unknown_ca_is_unreachable() {
    let emulator = emulator().await;
    let pki = TestPki::generate();
    let front = TlsFront::start(&pki, emulator.local_addr()).await;
    let mut args = check_args(&front.base_url(), "transport-test-token");
    args.extend(["--retries", "0"].map(str::to_owned));
    let output = run_binary(args, Vec::new()).await;
    assert_eq!(output.code, 3, "{output:?}");
    assert!(
        output
            .stderr
            .contains("fgs-contract: cannot connect to `https://127.0.0.1:"),
        "{}",
        output.stderr
    );
}

#[test]
fn cacert_missing_file_exits_2() {
    let output = crate::run(&["check", "--cacert", "/nonexistent/ca.pem"]);
    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output
            .stderr
            .starts_with("fgs-contract: cannot read `--cacert` file `/nonexistent/ca.pem`: "),
        "{}",
        output.stderr
    );
}

#[test]
fn cacert_not_pem_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ca.pem");
    std::fs::write(&file, "not a certificate\n").unwrap();
    let output = crate::run(&["check", "--cacert", file.to_str().unwrap()]);
    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr.lines().next().unwrap(),
        format!(
            "fgs-contract: invalid `--cacert` file `{}`: expected at least one PEM block `-----BEGIN CERTIFICATE-----`, found none",
            file.display()
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_proxy_tunnels_tls() {
    let emulator = emulator().await;
    let pki = TestPki::generate();
    let front = TlsFront::start(&pki, emulator.local_addr()).await;
    let proxy = Proxy::start().await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &pki.ca_pem).unwrap();

    let mut args = check_args(&front.base_url(), "transport-test-token");
    args.extend(["--cacert".to_owned(), ca.display().to_string()]);
    let output = run_binary(args, vec![("HTTPS_PROXY", proxy.url())]).await;
    assert_eq!(output.code, 0, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let lines = proxy.request_lines();
    assert!(!lines.is_empty());
    for line in lines {
        assert_eq!(line, format!("CONNECT {} HTTP/1.1", front.addr));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_proxy_forwards_plain_requests() {
    let emulator = emulator().await;
    let proxy = Proxy::start().await;
    let output = run_binary(
        check_args(&emulator.base_url(), "transport-test-token"),
        vec![("HTTP_PROXY", proxy.url())],
    )
    .await;
    assert_eq!(output.code, 0, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let lines = proxy.request_lines();
    assert!(!lines.is_empty());
    let expected = format!("GET {}/v2/", emulator.base_url());
    for line in lines {
        assert!(line.starts_with(&expected), "{line}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_proxy_bypasses_proxy() {
    let emulator = emulator().await;
    let proxy = Proxy::start().await;
    let output = run_binary(
        check_args(&emulator.base_url(), "transport-test-token"),
        vec![
            ("HTTP_PROXY", proxy.url()),
            ("NO_PROXY", "127.0.0.1".to_owned()),
        ],
    )
    .await;
    assert_eq!(output.code, 0, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    assert_eq!(proxy.request_lines(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_later_timeout_fails_its_check() {
    let emulator = emulator().await;
    let front = ScriptedServer::start(Some(emulator.local_addr()), |index, _| match index {
        0 => Reply::Forward,
        _ => Reply::Hang,
    })
    .await;
    let mut args = check_args(&front.base_url(), "transport-test-token");
    args.extend(["--timeout", "0.3", "--retries", "0"].map(str::to_owned));
    let output = run_binary(args, Vec::new()).await;
    assert_eq!(output.code, 1, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(report["checks"][0]["id"], "show-event.success");
    assert_eq!(report["checks"][0]["outcome"], "pass");
    let unknown_event = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["id"] == "show-event.unknown-event")
        .unwrap();
    assert_eq!(unknown_event["outcome"], "fail");
    assert!(
        unknown_event["detail"]
            .as_str()
            .unwrap()
            .ends_with("timed out after 0.3 s"),
        "{unknown_event}"
    );
}

/// Returns the check `id` of a JSON report.
fn report_check<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["id"] == id)
        .unwrap_or_else(|| panic!("no check `{id}` in {report}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_lost_create_answer_adopts_event() {
    let emulator = emulator().await;
    let front = create_front(emulator.local_addr(), Reply::ForwardThenClose).await;
    let output = run_binary(
        check_args(&front.base_url(), "transport-test-token"),
        Vec::new(),
    )
    .await;
    assert_eq!(output.code, 0, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();

    let create = report_check(&report, "lifecycle.create");
    assert_eq!(create["outcome"], "skipped", "{create}");
    assert!(
        create["detail"]
            .as_str()
            .unwrap()
            .starts_with("the create response was lost, and ListEvents shows `"),
        "{create}"
    );
    for id in ["lifecycle.show-created", "lifecycle.delete"] {
        assert_eq!(report_check(&report, id)["outcome"], "pass", "{id}");
    }
    let cleanup = report_check(&report, "cleanup.deleted-all");
    assert_eq!(cleanup["detail"], "deleted the 1 event this run created");

    // The lost POST is followed by a list and then by ShowEvent of the adopted event. Its body
    // is sent once more, by the duplicate-name check, not twice.
    let requests = front.requests();
    let lost = requests
        .iter()
        .position(|request| request.method == "POST")
        .unwrap();
    assert_eq!(requests[lost + 1].method, "GET");
    let request_line = requests[lost + 1].head.lines().next().unwrap();
    assert!(request_line.ends_with("/events HTTP/1.1"), "{request_line}");
    assert_eq!(requests[lost + 2].method, "GET");
    let first_body = &requests[lost].body;
    let sent_again = requests[lost + 1..]
        .iter()
        .filter(|request| request.method == "POST" && &request.body == first_body)
        .count();
    assert_eq!(sent_again, 1);
    assert_eq!(
        report_check(&report, "negative.duplicate-name")["outcome"],
        "pass"
    );
}
