//! `fgs-contract sign` against the CreateEvent vector that the official Python SDK
//! (huaweicloudsdkcore 3.1.219) produces.

use crate::{run, run_command};

const CREATE_URL: &str = "https://functiongraph.cn-north-4.myhuaweicloud.com/v2/46b6f338fc3445b8846c71dfb1fbd9e8/fgs/functions/urn%3Afss%3Acn-north-4%3A46b6f338fc3445b8846c71dfb1fbd9e8%3Afunction%3Adefault%3Atest%3Alatest/events";
const CREATE_BODY: &str = r#"{"name": "event-xx", "content": "eyJrIjoidiJ9"}"#;

/// The documented output for the CreateEvent vector.
const CREATE_OUTPUT: &str = "Canonical request:\n\
POST\n\
/v2/46b6f338fc3445b8846c71dfb1fbd9e8/fgs/functions/urn%3Afss%3Acn-north-4%3A46b6f338fc3445b8846c71dfb1fbd9e8%3Afunction%3Adefault%3Atest%3Alatest/events/\n\
\n\
content-type:application/json\n\
host:functiongraph.cn-north-4.myhuaweicloud.com\n\
x-project-id:46b6f338fc3445b8846c71dfb1fbd9e8\n\
x-sdk-date:20240101T000000Z\n\
\n\
content-type;host;x-project-id;x-sdk-date\n\
e3ed5b60cdc066081c0eb6162bebf101b92964675a9b1116cdbd924c5a4ecf5d\n\
\n\
String to sign:\n\
SDK-HMAC-SHA256\n\
20240101T000000Z\n\
68c438de8a35725bdd46b81540746f7ca63935d242eff1d5c2362d1b3af42299\n\
\n\
X-Sdk-Date: 20240101T000000Z\n\
Authorization: SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-project-id;x-sdk-date, \
Signature=8779f96a70ac1c830e551dfbe0074889f69e8c5a06b32d2a80f1a60dc2951612\n";

/// Returns the `sign` arguments of the CreateEvent vector, with the body in `body_file`.
fn create_args(body_file: &str) -> Vec<String> {
    [
        "sign",
        "--method",
        "POST",
        "--url",
        CREATE_URL,
        "--header",
        "Content-Type: application/json",
        "--header",
        "X-Project-Id: 46b6f338fc3445b8846c71dfb1fbd9e8",
        "--body-file",
        body_file,
        "--date",
        "20240101T000000Z",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn body_file() -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), CREATE_BODY).unwrap();
    file
}

#[test]
fn sign_create_event_matches_vector() {
    let body = body_file();
    let mut args = create_args(body.path().to_str().unwrap());
    args.extend(["--ak", "AccessKey", "--sk", "SecretKey"].map(str::to_owned));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let output = run(&args);

    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(output.stdout, CREATE_OUTPUT);
    assert!(!output.stdout.contains("SecretKey"));
    assert_eq!(output.stderr, "");
}

#[test]
fn sign_reads_keys_from_environment() {
    let body = body_file();
    let mut command = crate::command();
    command
        .args(create_args(body.path().to_str().unwrap()))
        .env("HUAWEICLOUD_SDK_AK", "AccessKey")
        .env("HUAWEICLOUD_SDK_SK", "SecretKey");

    let output = run_command(command, b"");

    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(output.stdout, CREATE_OUTPUT);
}

#[test]
fn sign_reads_keys_from_settings_file() {
    let body = body_file();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("fgs-contract.toml"),
        "ak = \"AccessKey\"\nsk = \"SecretKey\"\n",
    )
    .unwrap();
    let mut command = crate::command();
    command
        .current_dir(folder.path())
        .args(create_args(body.path().to_str().unwrap()));

    let output = run_command(command, b"");

    assert_eq!(output.code, 0, "{output:?}");
    assert_eq!(output.stdout, CREATE_OUTPUT);
}

#[test]
fn sign_without_date_uses_current_time() {
    let output = run(&[
        "sign",
        "--url",
        "http://127.0.0.1:8080/v2/p/fgs/functions/f/events",
        "--ak",
        "AccessKey",
        "--sk",
        "SecretKey",
    ]);

    assert_eq!(output.code, 0, "{output:?}");
    let date_line = output
        .stdout
        .lines()
        .find(|line| line.starts_with("X-Sdk-Date: "))
        .unwrap();
    let date = fgs_model::sign::SdkDate::parse(&date_line["X-Sdk-Date: ".len()..]).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(now.abs_diff(date.unix_seconds()) < 60, "{date_line}");
    assert!(
        output.stdout.contains("\nhost:127.0.0.1:8080\n"),
        "{}",
        output.stdout
    );
    let last = output.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("Authorization: SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature="),
        "{last}"
    );
}

#[test]
fn sign_security_token_redacted() {
    let output = run(&[
        "sign",
        "--url",
        "http://127.0.0.1:8080/",
        "--ak",
        "AccessKey",
        "--sk",
        "SecretKey",
        "--security-token",
        "st-secret-1",
        "--date",
        "20240101T000000Z",
    ]);

    assert_eq!(output.code, 0, "{output:?}");
    assert!(!output.stdout.contains("st-secret-1"), "{}", output.stdout);
    assert!(output.stdout.contains("\nx-security-token:[redacted]\n"));
    assert!(output.stdout.contains("\nX-Security-Token: [redacted]\n"));
    assert!(output
        .stdout
        .contains("SignedHeaders=host;x-sdk-date;x-security-token,"));
}

#[test]
fn sign_missing_keys_exits_2() {
    let output = run(&["sign", "--url", "http://127.0.0.1:8080/"]);

    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        "fgs-contract: missing access key pair: pass `--ak` and `--sk`, set HUAWEICLOUD_SDK_AK and \
         HUAWEICLOUD_SDK_SK, or set `ak` and `sk` in the settings file\n"
    );
}

#[test]
fn sign_malformed_header_exits_2() {
    let output = run(&[
        "sign",
        "--url",
        "http://127.0.0.1:8080/",
        "--header",
        "NoColon",
        "--ak",
        "AccessKey",
        "--sk",
        "SecretKey",
    ]);

    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        "fgs-contract: invalid `--header` value `NoColon`: expected `Name: value` with a header \
         name of letters, digits and `!#$%&'*+-.^_|~`, and a value of visible ASCII characters, \
         spaces or tabs\n"
    );
}

#[test]
fn sign_sdk_date_header_exits_2() {
    let output = run(&[
        "sign",
        "--url",
        "http://127.0.0.1:8080/",
        "--header",
        "X-Sdk-Date: 20240101T000000Z",
        "--ak",
        "AccessKey",
        "--sk",
        "SecretKey",
    ]);

    assert_eq!(output.code, 2, "{output:?}");
    assert_eq!(
        output.stderr,
        "fgs-contract: invalid `--header`: `X-Sdk-Date` is set from `--date`; pass the time there\n"
    );
}
