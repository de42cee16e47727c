//! Binding, addresses and shutdown of a running emulator.

use std::time::Duration;

use fgs_emulator::{
    Emulator, EmulatorConfig, EmulatorError, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{default_event_target, events_target, start, start_with, Call, TOKEN};

#[tokio::test]
async fn bind_port_zero_picks_ephemeral_port() {
    let emulator = start().await;

    assert!(emulator.local_addr().ip().is_loopback());
    assert_ne!(emulator.local_addr().port(), 0);
}

#[tokio::test]
async fn base_url_names_bound_address() {
    let emulator = start().await;

    let expected = format!("http://127.0.0.1:{}", emulator.local_addr().port());
    assert_eq!(emulator.base_url(), expected);
    assert!(!emulator.base_url().ends_with('/'));
}

#[tokio::test]
async fn bind_serves_ipv6_loopback() {
    let addr = "[::1]:0".parse().expect("valid address");
    let Ok(emulator) = Emulator::bind(addr, EmulatorConfig::new(TOKEN)).await else {
        // NOTE: a machine without IPv6 on loopback cannot run this case; binding then fails.
        return;
    };
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    let answer = Call::new("GET", &target).over_socket(&emulator).await;

    assert!(emulator.base_url().starts_with("http://[::1]:"));
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn bind_rejects_non_loopback_address() {
    let addr = "0.0.0.0:0".parse().expect("valid address");

    let error = Emulator::bind(addr, EmulatorConfig::new(TOKEN))
        .await
        .expect_err("a wildcard address is rejected");

    assert!(
        matches!(error, EmulatorError::NotLoopback { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "invalid bind address `0.0.0.0:0`: expected a loopback address such as `127.0.0.1:0`"
    );
}

#[tokio::test]
async fn bind_reports_port_in_use() {
    let first = start().await;

    let error = Emulator::bind(first.local_addr(), EmulatorConfig::new(TOKEN))
        .await
        .expect_err("the port is taken");

    assert!(matches!(error, EmulatorError::Bind { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!("failed to bind `{}`", first.local_addr())
    );
}

#[tokio::test]
async fn running_emulator_returns_its_token() {
    let emulator = start().await;

    assert_eq!(emulator.token().expose(), TOKEN);
}

#[tokio::test]
async fn running_emulator_debug_hides_token() {
    let emulator = start().await;

    let printed = format!("{emulator:?}");

    assert!(!printed.contains(TOKEN), "{printed}");
}

#[tokio::test]
async fn shutdown_closes_listening_socket() {
    let emulator = start().await;
    let addr = emulator.local_addr();

    emulator.shutdown().await;

    assert!(TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn shutdown_finishes_request_in_flight() {
    let config = EmulatorConfig::empty(TOKEN)
        .with_function(DEFAULT_PROJECT_ID, DEFAULT_FUNCTION_URN)
        .expect("valid function");
    let emulator = start_with(config).await;
    let body = r#"{"name":"in-flight","content":"eyJrIjoidiJ9"}"#;
    let (first_half, second_half) = body.split_at(10);
    let head = format!(
        "POST {} HTTP/1.1\r\nhost: localhost\r\nx-auth-token: {TOKEN}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        events_target(DEFAULT_FUNCTION_URN),
        body.len()
    );
    let mut stream = TcpStream::connect(emulator.local_addr())
        .await
        .expect("connects");
    stream
        .write_all(head.as_bytes())
        .await
        .expect("head is sent");
    stream
        .write_all(first_half.as_bytes())
        .await
        .expect("first half is sent");
    tokio::time::sleep(Duration::from_millis(50)).await;

    let stopping = tokio::spawn(emulator.shutdown());
    tokio::time::sleep(Duration::from_millis(50)).await;
    stream
        .write_all(second_half.as_bytes())
        .await
        .expect("second half is sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("response is read");
    stopping.await.expect("shutdown completes");

    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.contains(r#""name":"in-flight""#), "{response}");
}

#[tokio::test]
async fn drop_stops_server() {
    let emulator = start().await;
    let addr = emulator.local_addr();

    drop(emulator);

    let mut refused = false;
    for _ in 0..100 {
        if TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "{addr} still accepts connections after drop");
}
