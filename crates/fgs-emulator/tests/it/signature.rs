//! SDK-HMAC-SHA256 signed requests through a real socket, so that the `Host` header is the one
//! sent: accepted keys, and each rejection in the gateway's `APIGW.0301` shape.

use std::time::{SystemTime, UNIX_EPOCH};

use fgs_emulator::{
    EmulatorConfig, RunningEmulator, DEFAULT_ACCESS_KEY, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
};
use fgs_model::secret::Secret;
use fgs_model::sign::{sign, Credentials, HeaderSelection, HttpRequest, SdkDate};
use serde_json::json;

use crate::support::{
    default_event_target, events_target, start, start_with, Answer, DEFAULT_URN_PERCENT, TOKEN,
};

/// A signed request to send; the defaults sign a ShowEvent of the seeded event as the Python
/// SDK does, with the default key.
struct Signed<'a> {
    method: &'a str,
    target: String,
    body: &'a str,
    access_key: &'a str,
    secret_key: &'a str,
    security_token: Option<&'a str>,
    /// Seconds added to the current time to make `X-Sdk-Date`.
    date_offset: i64,
    /// Headers sent but not signed, beside those signed.
    unsigned: Vec<(&'a str, String)>,
    /// The signed header names, or `None` for all that are sent.
    only: Option<&'a [&'a str]>,
    /// A `Host` value to sign instead of the one sent.
    signed_host: Option<&'a str>,
}

impl<'a> Signed<'a> {
    fn show_event() -> Self {
        Self {
            method: "GET",
            target: default_event_target(DEFAULT_URN_PERCENT),
            body: "",
            access_key: DEFAULT_ACCESS_KEY,
            secret_key: DEFAULT_SECRET_KEY,
            security_token: None,
            date_offset: 0,
            unsigned: Vec::new(),
            only: None,
            signed_host: None,
        }
    }

    /// Signs and sends the request, returning the response and the `Authorization` value.
    async fn send(self, emulator: &RunningEmulator) -> (Answer, String) {
        let host = emulator.local_addr().to_string();
        let signed_host = self.signed_host.unwrap_or(&host);
        let headers = [
            ("Content-Type", "application/json"),
            ("Host", signed_host),
            ("X-Project-Id", DEFAULT_PROJECT_ID),
            ("User-Agent", "huaweicloud-usdk-python/3.0"),
        ];
        let secret_key = Secret::from(self.secret_key);
        let security_token = self.security_token.map(Secret::from);
        let credentials = Credentials {
            access_key: self.access_key,
            secret_key: &secret_key,
            security_token: security_token.as_ref(),
        };
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("clock after 1970")
            .as_secs();
        let date = SdkDate::from_unix_seconds(now.saturating_add_signed(self.date_offset))
            .expect("date in range");
        let selection = match self.only {
            Some(names) => HeaderSelection::Only(names),
            None => HeaderSelection::AllWithoutUnderscore,
        };
        let request = HttpRequest {
            method: self.method,
            target: &self.target,
            headers: &headers,
            body: self.body.as_bytes(),
        };
        let signed = sign(&request, &credentials, date, selection).expect("request signs");

        let client = reqwest::Client::new();
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("valid method");
        let mut builder = client
            .request(method, format!("{}{}", emulator.base_url(), self.target))
            .header("Content-Type", "application/json")
            .header("Host", &host)
            .header("X-Project-Id", DEFAULT_PROJECT_ID)
            .header("User-Agent", "huaweicloud-usdk-python/3.0")
            .header("X-Sdk-Date", date.to_string())
            .header("Authorization", signed.authorization_header_value());
        if let Some(token) = self.security_token {
            builder = builder.header("X-Security-Token", token);
        }
        for (name, value) in &self.unsigned {
            builder = builder.header(*name, value);
        }
        if !self.body.is_empty() {
            builder = builder.body(self.body.to_owned());
        }
        let response = builder.send().await.expect("request reaches the emulator");
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|value| value.to_str().expect("ASCII header").to_owned())
        };
        let content_type = header("content-type");
        let request_id = header("x-request-id");
        let body = response.bytes().await.expect("body is read").to_vec();
        let answer = Answer {
            status,
            content_type,
            request_id,
            body,
        };
        (answer, signed.authorization_header_value())
    }
}

/// Asserts a 401 `APIGW.0301` whose message ends with `detail` and shows neither the secret
/// key nor the signature.
fn assert_rejected(answer: &Answer, authorization: &str, secret_key: &str, detail: &str) {
    assert_eq!(answer.status, 401);
    let request_id = answer.request_id.clone().expect("X-Request-Id is sent");
    assert_eq!(
        answer.json(),
        json!({
            "error_msg": format!("Incorrect IAM authentication information: {detail}"),
            "error_code": "APIGW.0301",
            "request_id": request_id,
        })
    );
    let body = String::from_utf8_lossy(&answer.body);
    let signature = authorization.rsplit('=').next().unwrap_or_default();
    assert!(!body.contains(secret_key), "{body}");
    assert!(!body.contains(signature), "{body}");
}

#[tokio::test]
async fn signed_show_event_default_key_succeeds() {
    let emulator = start().await;

    let (answer, _) = Signed::show_event().send(&emulator).await;

    assert_eq!(
        answer.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json()["name"], "event-k9r3");
}

#[tokio::test]
async fn signed_raw_colon_target_succeeds() {
    let emulator = start().await;
    let signed = Signed {
        target: default_event_target(DEFAULT_FUNCTION_URN),
        ..Signed::show_event()
    };

    let (answer, _) = signed.send(&emulator).await;

    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn signed_create_covers_body() {
    let emulator = start().await;
    let signed = Signed {
        method: "POST",
        target: events_target(DEFAULT_URN_PERCENT),
        body: r#"{"name": "signed-1", "content": "eyJrIjoidiJ9"}"#,
        ..Signed::show_event()
    };

    let (answer, _) = signed.send(&emulator).await;

    assert_eq!(
        answer.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json()["name"], "signed-1");
}

#[tokio::test]
async fn signed_without_content_type_succeeds() {
    // The Go SDK leaves `Content-Type` unsigned.
    let emulator = start().await;
    let signed = Signed {
        only: Some(&["host"]),
        ..Signed::show_event()
    };

    let (answer, authorization) = signed.send(&emulator).await;

    assert!(authorization.contains("SignedHeaders=host;x-sdk-date,"));
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn signed_configured_key_succeeds() {
    let config = EmulatorConfig::new(TOKEN)
        .without_access_keys()
        .with_access_key("AccessKey", "SecretKey")
        .expect("valid key");
    let emulator = start_with(config).await;
    let signed = Signed {
        access_key: "AccessKey",
        secret_key: "SecretKey",
        ..Signed::show_event()
    };

    let (answer, _) = signed.send(&emulator).await;

    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn signed_removed_default_key_rejected() {
    let config = EmulatorConfig::new(TOKEN).without_access_keys();
    let emulator = start_with(config).await;

    let (answer, authorization) = Signed::show_event().send(&emulator).await;

    assert_rejected(
        &answer,
        &authorization,
        DEFAULT_SECRET_KEY,
        "unknown access key: no secret key is registered for it",
    );
}

#[tokio::test]
async fn signed_wrong_secret_key_rejected() {
    let emulator = start().await;
    let signed = Signed {
        secret_key: "not-the-secret-key",
        ..Signed::show_event()
    };

    let (answer, authorization) = signed.send(&emulator).await;

    assert_rejected(
        &answer,
        &authorization,
        DEFAULT_SECRET_KEY,
        "signature mismatch: the signature does not match the canonical request",
    );
}

#[tokio::test]
async fn signed_other_host_rejected() {
    let emulator = start().await;
    let signed = Signed {
        signed_host: Some("functiongraph.cn-north-4.myhuaweicloud.com"),
        ..Signed::show_event()
    };

    let (answer, authorization) = signed.send(&emulator).await;

    assert_rejected(
        &answer,
        &authorization,
        DEFAULT_SECRET_KEY,
        "signature mismatch: the signature does not match the canonical request",
    );
}

#[tokio::test]
async fn signed_date_skew_rejected() {
    let emulator = start().await;

    for offset in [-16 * 60, 16 * 60] {
        let signed = Signed {
            date_offset: offset,
            ..Signed::show_event()
        };

        let (answer, _) = signed.send(&emulator).await;

        assert_eq!(answer.status, 401, "offset {offset}");
        assert_eq!(answer.error_code(), "APIGW.0301", "offset {offset}");
        let message = answer.json()["error_msg"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            message.contains("expected at most 900 seconds (15 minutes)"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn signed_date_within_skew_succeeds() {
    let emulator = start().await;

    for offset in [-14 * 60, 14 * 60] {
        let signed = Signed {
            date_offset: offset,
            ..Signed::show_event()
        };

        let (answer, _) = signed.send(&emulator).await;

        assert_eq!(answer.status, 200, "offset {offset}");
    }
}

#[tokio::test]
async fn malformed_authorization_rejected() {
    let emulator = start().await;
    let check = |value: &'static str, detail: &'static str| {
        let base_url = emulator.base_url();
        async move {
            let response = reqwest::Client::new()
                .get(format!(
                    "{base_url}{}",
                    default_event_target(DEFAULT_FUNCTION_URN)
                ))
                .header("Authorization", value)
                .header("X-Sdk-Date", "20240101T000000Z")
                .send()
                .await
                .expect("request reaches the emulator");
            assert_eq!(response.status().as_u16(), 401, "{value}");
            let bytes = response.bytes().await.expect("body is read");
            let body: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON body");
            assert_eq!(body["error_code"], "APIGW.0301", "{value}");
            assert_eq!(
                body["error_msg"],
                format!("Incorrect IAM authentication information: {detail}"),
                "{value}"
            );
        }
    };

    check(
        "Bearer abc",
        "invalid `Authorization` header: expected the algorithm `SDK-HMAC-SHA256` at the start, found `Bearer`",
    )
    .await;
    check(
        "SDK-HMAC-SHA256 Access=ak, Signature=00",
        "invalid `Authorization` header: expected `, SignedHeaders=` after the `Access` value, found parameter `Signature`",
    )
    .await;
    check(
        "SDK-HMAC-SHA256 Access=ak, SignedHeaders=x-sdk-date, Signature=xyz",
        "invalid `Authorization` header: invalid `Signature` value: expected 64 lowercase hex digits, found 3 characters",
    )
    .await;
}

#[tokio::test]
async fn signed_temporary_key_needs_security_token() {
    let config = EmulatorConfig::new(TOKEN)
        .with_temporary_access_key("TemporaryAk", "TemporarySk", "security-token-1")
        .expect("valid key");
    let emulator = start_with(config).await;
    let temporary = || Signed {
        access_key: "TemporaryAk",
        secret_key: "TemporarySk",
        ..Signed::show_event()
    };

    let (with_token, _) = Signed {
        security_token: Some("security-token-1"),
        ..temporary()
    }
    .send(&emulator)
    .await;
    let (without_token, authorization) = temporary().send(&emulator).await;
    let (wrong_token, _) = Signed {
        security_token: Some("security-token-2"),
        ..temporary()
    }
    .send(&emulator)
    .await;

    assert_eq!(with_token.status, 200);
    assert_rejected(
        &without_token,
        &authorization,
        "TemporarySk",
        "missing `X-Security-Token` header: the access key is temporary",
    );
    assert_eq!(wrong_token.status, 401);
    assert_eq!(
        wrong_token.json()["error_msg"],
        "Incorrect IAM authentication information: the `X-Security-Token` value does not belong to the access key"
    );
    assert!(!String::from_utf8_lossy(&wrong_token.body).contains("security-token-1"));
}

#[tokio::test]
async fn signed_unsigned_security_token_rejected() {
    let config = EmulatorConfig::new(TOKEN)
        .with_temporary_access_key("TemporaryAk", "TemporarySk", "security-token-1")
        .expect("valid key");
    let emulator = start_with(config).await;
    let signed = Signed {
        access_key: "TemporaryAk",
        secret_key: "TemporarySk",
        unsigned: vec![("X-Security-Token", "security-token-1".to_owned())],
        ..Signed::show_event()
    };

    let (answer, _) = signed.send(&emulator).await;

    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.json()["error_msg"],
        "Incorrect IAM authentication information: `x-security-token` is not among the signed headers: expected it in `SignedHeaders`"
    );
}

#[tokio::test]
async fn signed_permanent_key_with_security_token_rejected() {
    let emulator = start().await;
    let signed = Signed {
        security_token: Some("security-token-1"),
        ..Signed::show_event()
    };

    let (answer, _) = signed.send(&emulator).await;

    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.json()["error_msg"],
        "Incorrect IAM authentication information: unexpected `X-Security-Token` header: the access key is permanent"
    );
}

#[test]
fn access_key_config_rejects_invalid_values() {
    let check = |result: Result<EmulatorConfig, fgs_emulator::EmulatorError>, message: &str| {
        let error = result.expect_err("invalid key");
        assert_eq!(error.to_string(), message);
    };

    check(
        EmulatorConfig::new(TOKEN).with_access_key("", "sk"),
        "invalid access key ``: expected printable ASCII without spaces or commas",
    );
    check(
        EmulatorConfig::new(TOKEN).with_access_key("a,b", "sk"),
        "invalid access key `a,b`: expected printable ASCII without spaces or commas",
    );
    check(
        EmulatorConfig::new(TOKEN).with_access_key("ak", ""),
        "empty secret key for access key `ak`",
    );
    check(
        EmulatorConfig::new(TOKEN).with_temporary_access_key("ak", "sk", "a b"),
        "invalid security token for access key `ak`: expected printable ASCII",
    );
}

#[test]
fn config_debug_hides_secret_keys() {
    let config = EmulatorConfig::new(TOKEN)
        .with_temporary_access_key("ak", "sk-secret-1", "security-token-1")
        .expect("valid key");

    let printed = format!("{config:?}");

    assert!(!printed.contains("sk-secret-1"), "{printed}");
    assert!(!printed.contains("security-token-1"), "{printed}");
    assert!(!printed.contains(DEFAULT_SECRET_KEY), "{printed}");
}
