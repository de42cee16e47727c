//! `check` in each authentication mode: AK/SK signatures and IAM tokens, against the built-in
//! emulator, an emulator process, and an in-process emulator whose tokens expire.

use std::sync::Arc;

use fgs_contract::auth::IamSession;
use fgs_contract::client::{Client, Timeouts};
use fgs_contract::config::resolve_target;
use fgs_contract::credentials::Credentials;
use fgs_contract::endpoint::Endpoint;
use fgs_emulator::{
    Emulator, EmulatorConfig, DEFAULT_DOMAIN_NAME, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN,
    DEFAULT_PROJECT_ID, DEFAULT_USER_NAME, DEFAULT_USER_PASSWORD,
};
use fgs_model::iam::{PasswordTokenRequest, ProjectScope};

use crate::{all_passed, outcomes, run, run_command, EmulatorProcess};

/// Runs `args` followed by `--format json` and returns the output.
fn run_json(args: &[String]) -> crate::Output {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    args.extend(["--format", "json"]);
    run(&args)
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

#[test]
fn check_builtin_aksk_passes_every_check() {
    let mut command = crate::command();
    command
        .args(["check", "--auth", "aksk", "--format", "json"])
        .env("RUST_LOG", "info");

    let output = run_command(command, b"");

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
    assert!(output.stderr.contains("auth=\"aksk\""), "{}", output.stderr);
}

#[test]
fn check_builtin_iam_passes_every_check() {
    let output = run(&["check", "--auth", "iam", "--format", "json"]);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn check_aksk_flags_pass_against_emulator_process() {
    let emulator = EmulatorProcess::start_with(&["--ak", "ak-flags-1", "--sk", "sk-flags-1"]);
    let mut args = emulator.target_args();
    args.extend(strings(&["--ak", "ak-flags-1", "--sk", "sk-flags-1"]));

    let output = run_json(&args);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn check_aksk_wrong_secret_key_fails() {
    let emulator = EmulatorProcess::start_with(&["--ak", "ak-flags-1", "--sk", "sk-flags-1"]);
    let mut args = emulator.target_args();
    args.extend(strings(&["--ak", "ak-flags-1", "--sk", "sk-wrong-1"]));

    let output = run_json(&args);

    assert_eq!(output.code, 1, "{output:?}");
    assert_eq!(
        outcomes(&output.stdout)[0],
        ("show-event.success".to_owned(), "fail".to_owned())
    );
    assert!(
        output.stdout.contains("signature mismatch"),
        "{}",
        output.stdout
    );
}

#[test]
fn check_temporary_key_passes() {
    let emulator = EmulatorProcess::start_with(&[
        "--ak",
        "ak-temporary-1",
        "--sk",
        "sk-temporary-1",
        "--security-token",
        "st-temporary-1",
    ]);
    let mut args = emulator.target_args();
    args.extend(strings(&[
        "--ak",
        "ak-temporary-1",
        "--sk",
        "sk-temporary-1",
        "--security-token",
        "st-temporary-1",
    ]));

    let output = run_json(&args);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn check_reads_sdk_environment_variables() {
    let emulator = EmulatorProcess::start_with(&["--ak", "ak-env-1", "--sk", "sk-env-1"]);
    let mut command = crate::command();
    command
        .args([
            "check",
            "--endpoint",
            &emulator.base_url,
            "--function-urn",
            DEFAULT_FUNCTION_URN,
            "--event-id",
            DEFAULT_EVENT_ID,
            "--format",
            "json",
        ])
        .env("HUAWEICLOUD_SDK_AK", "ak-env-1")
        .env("HUAWEICLOUD_SDK_SK", "sk-env-1")
        .env("HUAWEICLOUD_SDK_PROJECT_ID", DEFAULT_PROJECT_ID);

    let output = run_command(command, b"");

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn check_iam_flags_pass_against_emulator_process() {
    let emulator = EmulatorProcess::start_with(&[
        "--user",
        "alice",
        "--password",
        "alice-pw-1",
        "--domain",
        "acme",
    ]);
    let mut args = emulator.target_args();
    args.extend(strings(&[
        "--iam-endpoint",
        &emulator.base_url,
        "--user",
        "alice",
        "--password",
        "alice-pw-1",
        "--domain",
        "acme",
    ]));

    let output = run_json(&args);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn check_iam_wrong_password_exits_2() {
    let emulator = EmulatorProcess::start();
    let mut args = emulator.target_args();
    args.extend(strings(&[
        "--iam-endpoint",
        &emulator.base_url,
        "--user",
        DEFAULT_USER_NAME,
        "--password",
        "wrong-pw-1",
        "--domain",
        DEFAULT_DOMAIN_NAME,
    ]));

    let output = run_json(&args);

    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        format!(
            "fgs-contract: IAM at `{}/v3/auth/tokens` rejected the token request with status 401: \
             authentication failed: wrong user name, password or domain name\n\
             hint: check `--iam-endpoint`, `--user`, `--password` and `--domain`\n",
            emulator.base_url
        )
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn check_iam_token_expiring_every_time_is_reported() {
    // Every issued token has expired by the time it is used, so the renewed one is rejected
    // too and the second rejection reaches the report.
    let emulator = EmulatorProcess::start_with(&["--token-lifetime", "0"]);
    let mut args = emulator.target_args();
    args.extend(strings(&[
        "--iam-endpoint",
        &emulator.base_url,
        "--user",
        DEFAULT_USER_NAME,
        "--password",
        DEFAULT_USER_PASSWORD,
        "--domain",
        DEFAULT_DOMAIN_NAME,
    ]));

    let output = run_json(&args);

    assert_eq!(output.code, 1, "{output:?}");
    assert_eq!(
        outcomes(&output.stdout)[0],
        ("show-event.success".to_owned(), "fail".to_owned())
    );
    assert!(output.stdout.contains("APIGW.0307"), "{}", output.stdout);
    assert!(
        output
            .stderr
            .contains("the renewed token was rejected with APIGW.0307 too"),
        "{}",
        output.stderr
    );
}

#[test]
fn check_mixed_credentials_need_auth_flag() {
    let emulator = EmulatorProcess::start();
    let mut args = emulator.check_args();
    args.extend(strings(&["--ak", "ak-1", "--sk", "sk-1"]));

    let output = run_json(&args);

    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        "fgs-contract: credentials of more than one authentication mode: `--token`, `--ak` and `--sk`\n\
         hint: pick one with `--auth token`, `--auth aksk` or `--auth iam`\n"
    );
}

#[test]
fn check_auth_flag_picks_among_credentials() {
    let emulator = EmulatorProcess::start_with(&["--ak", "ak-pick-1", "--sk", "sk-pick-1"]);
    let mut args = emulator.check_args();
    args.extend(strings(&[
        "--ak",
        "ak-pick-1",
        "--sk",
        "sk-pick-1",
        "--auth",
        "aksk",
    ]));

    let output = run_json(&args);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(all_passed(&output.stdout), "{}", output.stdout);
}

#[test]
fn check_aksk_missing_secret_key_exits_2() {
    let emulator = EmulatorProcess::start();
    let mut args = emulator.target_args();
    args.extend(strings(&["--ak", "ak-1"]));

    let output = run_json(&args);

    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output
            .stderr
            .starts_with("fgs-contract: `--endpoint` requires `--sk`\nhint: pass `--sk` or set HUAWEICLOUD_SDK_SK\n"),
        "{}",
        output.stderr
    );
}

#[test]
fn check_builtin_rejects_access_key_flags() {
    let output = run(&["check", "--ak", "ak-1", "--sk", "sk-1"]);

    assert_eq!(output.code, 2, "{output:?}");
    assert!(
        output
            .stderr
            .starts_with("fgs-contract: `--ak` and `--sk` are used only with `--endpoint`\n"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("sk-1"), "{}", output.stderr);
}

#[tokio::test]
async fn iam_session_renews_expired_token_once() {
    let emulator = Emulator::bind(
        "127.0.0.1:0".parse().unwrap(),
        EmulatorConfig::with_generated_token(),
    )
    .await
    .unwrap();
    let session = Arc::new(IamSession::new(
        Endpoint::parse(&emulator.base_url()).unwrap(),
        PasswordTokenRequest {
            user_name: DEFAULT_USER_NAME.to_owned(),
            password: DEFAULT_USER_PASSWORD.into(),
            domain_name: DEFAULT_DOMAIN_NAME.to_owned(),
            scope: ProjectScope::Id(DEFAULT_PROJECT_ID.to_owned()),
        },
    ));
    let client = Client::new(Timeouts::default()).unwrap();
    let credentials = Credentials::Iam(Arc::clone(&session));
    let target = resolve_target(
        &emulator.base_url(),
        DEFAULT_PROJECT_ID,
        DEFAULT_FUNCTION_URN,
        DEFAULT_EVENT_ID,
        credentials.clone(),
    )
    .unwrap();

    client.authenticate(&credentials).await.unwrap();
    emulator.expire_issued_tokens();
    let report = fgs_contract::suite::run(&client, &target).await.unwrap();

    assert_eq!(session.tokens_obtained(), 2);
    assert!(!report.has_failures(), "{report:?}");
    emulator.shutdown().await;
}
