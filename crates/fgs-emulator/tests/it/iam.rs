//! The IAM token API: issuing tokens for password credentials, and the event API accepting
//! them until they expire.

use std::time::Duration;

use fgs_emulator::{
    EmulatorConfig, RunningEmulator, DEFAULT_DOMAIN_NAME, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
    DEFAULT_USER_NAME, DEFAULT_USER_PASSWORD,
};
use fgs_model::iam::{PasswordTokenRequest, ProjectScope, TokenBody};
use serde_json::{json, Value};

use crate::support::{default_event_target, start, start_with, Call, TOKEN};

/// A response of the token API.
struct TokenAnswer {
    status: u16,
    subject_token: Option<String>,
    request_id: Option<String>,
    body: Value,
}

async fn post_tokens(emulator: &RunningEmulator, body: Vec<u8>) -> TokenAnswer {
    let response = reqwest::Client::new()
        .post(format!(
            "{}/v3/auth/tokens?nocatalog=true",
            emulator.base_url()
        ))
        .header("Content-Type", "application/json;charset=utf8")
        .body(body)
        .send()
        .await
        .expect("request reaches the emulator");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().expect("ASCII header").to_owned())
    };
    let status = response.status().as_u16();
    let subject_token = header("x-subject-token");
    let request_id = header("x-request-id");
    let bytes = response.bytes().await.expect("body is read");
    let body = serde_json::from_slice(&bytes).expect("JSON body");
    TokenAnswer {
        status,
        subject_token,
        request_id,
        body,
    }
}

fn default_request(scope: ProjectScope) -> PasswordTokenRequest {
    PasswordTokenRequest {
        user_name: DEFAULT_USER_NAME.to_owned(),
        password: DEFAULT_USER_PASSWORD.into(),
        domain_name: DEFAULT_DOMAIN_NAME.to_owned(),
        scope,
    }
}

fn project_id_scope() -> ProjectScope {
    ProjectScope::Id(DEFAULT_PROJECT_ID.to_owned())
}

#[tokio::test]
async fn token_request_default_user_is_201() {
    let emulator = start().await;

    let answer = post_tokens(&emulator, default_request(project_id_scope()).to_json()).await;

    assert_eq!(answer.status, 201);
    assert!(answer.request_id.is_some());
    let token = answer.subject_token.expect("X-Subject-Token is sent");
    assert!(token.starts_with("MII"), "{token}");
    let body = TokenBody::from_json(answer.body.to_string().as_bytes()).expect("token body");
    assert_eq!(body.methods, ["password"]);
    assert_eq!(body.user.name, DEFAULT_USER_NAME);
    assert_eq!(body.user.domain.name, DEFAULT_DOMAIN_NAME);
    assert_eq!(body.project.id, DEFAULT_PROJECT_ID);
    assert_eq!(body.project.name, "cn-north-4");
    assert_eq!(body.project.domain, body.user.domain);
}

#[tokio::test]
async fn token_request_expiry_is_24_hours() {
    let emulator = start().await;

    let answer = post_tokens(&emulator, default_request(project_id_scope()).to_json()).await;

    let body = TokenBody::from_json(answer.body.to_string().as_bytes()).expect("token body");
    let parse = |text: &str| {
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .expect("RFC 3339 time")
    };
    let lifetime = parse(&body.expires_at) - parse(&body.issued_at);
    assert_eq!(lifetime, time::Duration::hours(24));
    assert!(body.issued_at.ends_with('Z'), "{}", body.issued_at);
}

#[tokio::test]
async fn token_request_project_name_scope() {
    let emulator = start().await;
    let request = default_request(ProjectScope::Name("cn-north-4".to_owned()));

    let answer = post_tokens(&emulator, request.to_json()).await;

    assert_eq!(answer.status, 201);
    assert_eq!(answer.body["token"]["project"]["id"], DEFAULT_PROJECT_ID);
}

#[tokio::test]
async fn issued_token_reads_event() {
    let emulator = start().await;
    let answer = post_tokens(&emulator, default_request(project_id_scope()).to_json()).await;
    let token = answer.subject_token.expect("X-Subject-Token is sent");
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    let show = Call::new("GET", &target)
        .token(Some(&token))
        .over_socket(&emulator)
        .await;

    assert_eq!(show.status, 200);
}

#[tokio::test]
async fn issued_token_expires_with_apigw_0307() {
    let config = EmulatorConfig::new(TOKEN).with_token_lifetime(Duration::from_millis(300));
    let emulator = start_with(config).await;
    let answer = post_tokens(&emulator, default_request(project_id_scope()).to_json()).await;
    let token = answer.subject_token.expect("X-Subject-Token is sent");
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    tokio::time::sleep(Duration::from_millis(400)).await;
    let show = Call::new("GET", &target)
        .token(Some(&token))
        .over_socket(&emulator)
        .await;

    assert_eq!(show.status, 401);
    let request_id = show.request_id.clone().expect("X-Request-Id is sent");
    assert_eq!(
        show.json(),
        json!({
            "error_msg": "The token must be updated.",
            "error_code": "APIGW.0307",
            "request_id": request_id,
        })
    );
}

#[tokio::test]
async fn expire_issued_tokens_keeps_later_ones() {
    let emulator = start().await;
    let request = default_request(project_id_scope()).to_json();
    let first = post_tokens(&emulator, request.clone()).await;
    let first = first.subject_token.expect("X-Subject-Token is sent");
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    emulator.expire_issued_tokens();
    let second = post_tokens(&emulator, request).await;
    let second = second.subject_token.expect("X-Subject-Token is sent");
    let with_first = Call::new("GET", &target)
        .token(Some(&first))
        .over_socket(&emulator)
        .await;
    let with_second = Call::new("GET", &target)
        .token(Some(&second))
        .over_socket(&emulator)
        .await;

    assert_eq!(with_first.status, 401);
    assert_eq!(with_first.error_code(), "APIGW.0307");
    assert_eq!(with_second.status, 200);
}

#[tokio::test]
async fn configured_token_never_expires() {
    let config = EmulatorConfig::new(TOKEN).with_token_lifetime(Duration::ZERO);
    let emulator = start_with(config).await;
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    let show = Call::new("GET", &target).over_socket(&emulator).await;

    assert_eq!(show.status, 200);
}

#[tokio::test]
async fn token_request_configured_user() {
    let config = EmulatorConfig::new(TOKEN)
        .without_users()
        .with_user("alice", "alice-password", "acme")
        .expect("valid user");
    let emulator = start_with(config).await;
    let request = PasswordTokenRequest {
        user_name: "alice".to_owned(),
        password: "alice-password".into(),
        domain_name: "acme".to_owned(),
        scope: project_id_scope(),
    };

    let alice = post_tokens(&emulator, request.to_json()).await;
    let default = post_tokens(&emulator, default_request(project_id_scope()).to_json()).await;

    assert_eq!(alice.status, 201);
    assert_eq!(default.status, 401);
}

/// Asserts a Keystone-style error body with `status` and `message`.
fn assert_iam_error(answer: &TokenAnswer, status: u16, title: &str, message: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.subject_token, None);
    assert_eq!(
        answer.body,
        json!({"error": {"code": status, "message": message, "title": title}})
    );
}

#[tokio::test]
async fn token_request_wrong_credentials_is_401() {
    let emulator = start().await;
    let wrong = [
        PasswordTokenRequest {
            password: "wrong-password".into(),
            ..default_request(project_id_scope())
        },
        PasswordTokenRequest {
            user_name: "nobody".to_owned(),
            ..default_request(project_id_scope())
        },
        PasswordTokenRequest {
            domain_name: "other-domain".to_owned(),
            ..default_request(project_id_scope())
        },
    ];

    for request in wrong {
        let answer = post_tokens(&emulator, request.to_json()).await;

        assert_iam_error(
            &answer,
            401,
            "Unauthorized",
            "authentication failed: wrong user name, password or domain name",
        );
        assert!(!answer.body.to_string().contains("wrong-password"));
    }
}

#[tokio::test]
async fn token_request_unknown_project_is_401() {
    let emulator = start().await;
    let by_id = default_request(ProjectScope::Id("0".repeat(32)));
    let by_name = default_request(ProjectScope::Name("eu-west-101".to_owned()));

    let by_id = post_tokens(&emulator, by_id.to_json()).await;
    let by_name = post_tokens(&emulator, by_name.to_json()).await;

    assert_iam_error(
        &by_id,
        401,
        "Unauthorized",
        "project not found: no project with id `00000000000000000000000000000000` in the scope",
    );
    assert_iam_error(
        &by_name,
        401,
        "Unauthorized",
        "project not found: no project with name `eu-west-101` in the scope",
    );
}

#[tokio::test]
async fn token_request_malformed_body_is_400() {
    let emulator = start().await;

    let not_json = post_tokens(&emulator, b"{".to_vec()).await;
    let no_scope = post_tokens(
        &emulator,
        br#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","password":"p","domain":{"name":"d"}}}}}}"#.to_vec(),
    )
    .await;

    assert_iam_error(
        &not_json,
        400,
        "Bad Request",
        "invalid JSON at line 1, column 1: expected one JSON object",
    );
    assert_iam_error(&no_scope, 400, "Bad Request", "missing field `/auth/scope`");
}

#[tokio::test]
async fn token_route_other_method_is_apigw_0101() {
    let emulator = start().await;

    let answer = Call::new("GET", "/v3/auth/tokens")
        .over_socket(&emulator)
        .await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.error_code(), "APIGW.0101");
}
